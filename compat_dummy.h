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
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(5, 19, 0)
#define MYRT_PROTO_RECVMSG(name, fn)					\
static int name(struct sock *sk, struct msghdr *msg, size_t len,	\
		int flags, int *addr_len)				\
{									\
	return fn(sk, msg, len, flags, addr_len);			\
}
#else
/* 5.19 folded the noblock argument into flags (MSG_DONTWAIT). */
#define MYRT_PROTO_RECVMSG(name, fn)					\
static int name(struct sock *sk, struct msghdr *msg, size_t len,	\
		int noblock, int flags, int *addr_len)			\
{									\
	return fn(sk, msg, len, flags | (noblock ? MSG_DONTWAIT : 0),	\
		  addr_len);						\
}
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
/* skb_recv_datagram(): 5.19 folded its noblock argument into flags. */
static inline struct sk_buff *
myrt_skb_recv_datagram(struct sock *sk, unsigned int flags, int *err)
{
	return skb_recv_datagram(sk, flags & ~MSG_DONTWAIT,
				 flags & MSG_DONTWAIT, err);
}

/* sock_recv_cmsgs(): 6.0 renamed sock_recv_ts_and_drops(). */
#define myrt_sock_recv_cmsgs(msg, sk, skb) sock_recv_ts_and_drops(msg, sk, skb)

/* sk_error_report(): 5.12; the socket's callback before. */
static inline void myrt_sk_error_report(struct sock *sk)
{
	sk->sk_error_report(sk);
}

/* inet_sk_get_local_port_range(): 6.3 (per socket); per netns before. */
static inline void myrt_sk_local_port_range(const struct sock *sk,
					    int *low, int *high)
{
	inet_get_local_port_range(sock_net(sk), low, high);
}

/* inet->inet_id: a plain u16 before 6.6 (an atomic_t since). */
static inline void myrt_inet_set_id(struct inet_sock *inet, u16 id)
{
	inet->inet_id = id;
}

/* net_protocol.netns_ok (gone in 5.19): else "not namespace aware". */
#define MYRT_NET_PROTOCOL_NETNS_OK	.netns_ok = 1,
#else
#define myrt_skb_recv_datagram(sk, flags, err) skb_recv_datagram(sk, flags, err)
#define myrt_sock_recv_cmsgs(msg, sk, skb) sock_recv_cmsgs(msg, sk, skb)
#define myrt_sk_error_report(sk)	sk_error_report(sk)
#define myrt_sk_local_port_range(sk, low, high) \
	inet_sk_get_local_port_range(sk, low, high)
static inline void myrt_inet_set_id(struct inet_sock *inet, u16 id)
{
	atomic_set(&inet->inet_id, id);
}

#define MYRT_NET_PROTOCOL_NETNS_OK
#endif

#endif /* _MYRT_COMPAT_DUMMY_H */
