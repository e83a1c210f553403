/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Version differences used by the DUMMY protocol and the send chain only
 * (6.1 and 6.12).  Kept next to compat.h; fold into it when convenient.
 */
#ifndef _MYRT_COMPAT_DUMMY_H
#define _MYRT_COMPAT_DUMMY_H

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

#endif /* _MYRT_COMPAT_DUMMY_H */
