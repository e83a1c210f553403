// SPDX-License-Identifier: GPL-2.0
/*
 * dst->input hooks: local deliver (here), forward and error (the lead's).
 *
 * myrt_local_deliver is the input hook of local entries, as the classic
 * ip_local_deliver: reassemble fragments (the kernel's ip_defrag), run
 * NF_INET_LOCAL_IN, pull the IP header and hand the datagram to its
 * protocol.  On entry skb->data and the network header are at the IP
 * header; myrt_dummy_rcv() gets skb->data and the transport header at the
 * DUMMY header.
 */
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <net/ip.h>
#include "myrt.h"

static int myrt_local_deliver_finish(struct net *net, struct sock *sk,
				     struct sk_buff *skb)
{
	int off = skb_network_offset(skb) + ip_hdrlen(skb);
	int ret = 0;

	rcu_read_lock();	/* DUMMY's unload waits for us (synchronize_net) */
	if (unlikely(off < 0 || !pskb_may_pull(skb, off)))
		goto drop;
	__skb_pull(skb, off);
	skb_reset_transport_header(skb);

	if (likely(ip_hdr(skb)->protocol == myrt_proto)) {
		ret = myrt_dummy_rcv(skb);
		goto out;
	}
drop:
	myrt_dummy_inc_stat(net, MYRT_DUMMY_MIB_UNKNOWNPROTOS);
	kfree_skb(skb);
out:
	rcu_read_unlock();
	return ret;
}

int myrt_local_deliver(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev ? : skb_dst(skb)->dev;
	struct net *net = dev_net(dev);

	if (ip_is_fragment(ip_hdr(skb))) {
		if (ip_defrag(net, skb, IP_DEFRAG_LOCAL_DELIVER))
			return 0;	/* queued, or dropped */
	}

	return NF_HOOK(NFPROTO_IPV4, NF_INET_LOCAL_IN, net, NULL, skb,
		       skb->dev, NULL, myrt_local_deliver_finish);
}
