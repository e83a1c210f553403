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
#include <linux/inetdevice.h>
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

/*
 * The classic kernel flushed the route cache when a group was joined or
 * left (ip_rt_multicast_event); the modern one tells no one, so a cached
 * multicast entry may outlive our membership: check it at delivery.
 */
static bool myrt_mc_deliverable(struct sk_buff *skb, struct net_device *dev)
{
	struct in_device *in_dev;
	bool member;

	rcu_read_lock();
	in_dev = __in_dev_get_rcu(dev);
	member = in_dev && myrt_mc_member(in_dev, ip_hdr(skb)->daddr);
	rcu_read_unlock();
	return member;
}

int myrt_local_deliver(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev ? : skb_dst(skb)->dev;
	struct net *net = dev_net(dev);

	if (unlikely(ipv4_is_multicast(ip_hdr(skb)->daddr)) &&
	    !myrt_mc_deliverable(skb, dev)) {
		kfree_skb(skb);
		return NET_RX_DROP;
	}

	if (ip_is_fragment(ip_hdr(skb))) {
		if (ip_defrag(net, skb, IP_DEFRAG_LOCAL_DELIVER))
			return 0;	/* queued, or dropped */
	}

	return NF_HOOK(NFPROTO_IPV4, NF_INET_LOCAL_IN, net, NULL, skb,
		       skb->dev, NULL, myrt_local_deliver_finish);
}
