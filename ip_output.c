// SPDX-License-Identifier: GPL-2.0
/* The send chain: local_out -> output -> finish_output(2).  (stub) */
#include "myrt.h"

int myrt_local_out(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	kfree_skb(skb);
	return 0;
}

int myrt_output(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	kfree_skb(skb);
	return 0;
}

int myrt_mc_output(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	kfree_skb(skb);
	return 0;
}

int myrt_rt_bug(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	WARN_ONCE(1, "myrt: output through an input route\n");
	kfree_skb(skb);
	return 0;
}
