/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Version differences used by the DUMMY protocol and the send chain only
 * (5.10, 6.1, 6.12 and 7.3).  Kept next to compat.h.
 */
#ifndef _MYRT_COMPAT_DUMMY_H
#define _MYRT_COMPAT_DUMMY_H

#include <linux/version.h>
#include <net/inet_sock.h>

/* inet_sock flag bits replaced the bitfields (6.6/6.7). */
#ifdef inet_test_bit
static inline bool myrt_inet_recverr(const struct sock *sk)
{
	return inet_test_bit(RECVERR, sk);
}

static inline unsigned long myrt_inet_cmsg_flags(const struct sock *sk)
{
	return inet_cmsg_flags(inet_sk(sk));
}
#else
static inline bool myrt_inet_recverr(const struct sock *sk)
{
	return inet_sk(sk)->recverr;
}

static inline unsigned long myrt_inet_cmsg_flags(const struct sock *sk)
{
	return inet_sk(sk)->cmsg_flags;
}
#endif

/* proto.connect takes a struct sockaddr_unsized * (6.19). */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
#define myrt_connect_sockaddr sockaddr_unsized
#else
#define myrt_connect_sockaddr sockaddr
#endif

/*
 * proto.recvmsg: MYRT_PROTO_RECVMSG(name, fn) defines the callback "name"
 * from fn(sk, msg, len, flags, addr_len).  6.19 dropped the addr_len
 * argument: the protocol sets msg->msg_namelen itself, as inet_recvmsg()
 * did with it before.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
#define MYRT_PROTO_RECVMSG(name, fn)					\
static int name(struct sock *sk, struct msghdr *msg, size_t len,	\
		int flags)						\
{									\
	int addr_len = 0;						\
	int err = fn(sk, msg, len, flags, &addr_len);			\
									\
	if (err >= 0)							\
		msg->msg_namelen = addr_len;				\
	return err;							\
}
#else
#define MYRT_PROTO_RECVMSG(name, fn)					\
static int name(struct sock *sk, struct msghdr *msg, size_t len,	\
		int flags, int *addr_len)				\
{									\
	return fn(sk, msg, len, flags, addr_len);			\
}
#endif

#endif /* _MYRT_COMPAT_DUMMY_H */
