// SPDX-License-Identifier: GPL-2.0
/*
 * The send chain (seed 004), on myrt's routes:
 *
 *   myrt_ip_queue_xmit   build the IP header (DF, TTL, protocol, id)
 *   myrt_local_out       NF_INET_LOCAL_OUT, then dst_output()
 *   dst->output          myrt_output (or myrt_mc_output)
 *   myrt_output          NF_INET_POST_ROUTING
 *   myrt_finish_output   fragment above the path MTU, EMSGSIZE under DF
 *   myrt_finish_output2  next hop = rt_gateway, the kernel's neighbour
 *                        subsystem (ARP), neigh_output -> dev_queue_xmit
 *
 * struct myrt_rtable starts with the kernel's struct rtable, so the kernel
 * helpers that look at skb_rtable() (ip_do_fragment, the kernel's icmp_send
 * for errors about our own packets) work on it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <net/ip.h>
#include <net/arp.h>
#include <net/neighbour.h>
#include <net/icmp.h>
#include <net/route.h>
#include <net/sock.h>
#include "myrt.h"

unsigned int myrt_path_mtu(const struct dst_entry *dst)
{
	unsigned int mtu;

	mtu = dst->ops->mtu ? dst_mtu(dst) : READ_ONCE(dst->dev->mtu);
	return min_t(unsigned int, mtu, IP_MAX_MTU);
}

static u8 myrt_select_ttl(const struct sock *sk, const struct dst_entry *dst,
			  __be32 daddr)
{
	int ttl = -1;

	if (sk) {
		if (ipv4_is_multicast(daddr))
			return READ_ONCE(inet_sk(sk)->mc_ttl);
		ttl = READ_ONCE(inet_sk(sk)->uc_ttl);
	}
	if (ttl < 0)
		ttl = ip4_dst_hoplimit(dst);
	return ttl;
}

int myrt_ip_queue_xmit(struct net *net, struct sock *sk, struct sk_buff *skb,
		       __be32 saddr, __be32 daddr, u8 tos)
{
	struct dst_entry *dst = skb_dst(skb);
	unsigned int len = skb->len + sizeof(struct iphdr);
	struct iphdr *iph;
	bool df = false;

	if (unlikely(!dst)) {
		kfree_skb(skb);
		return -EHOSTUNREACH;
	}
	if (unlikely(len > IP_MAX_MTU)) {
		kfree_skb(skb);
		return -EMSGSIZE;
	}
	if (sk) {
		/* As UDP: DF when the socket asks for PMTU discovery and the
		 * datagram fits the path; PMTUDISC_DO/PROBE always.
		 */
		u8 pmtudisc = READ_ONCE(inet_sk(sk)->pmtudisc);

		df = pmtudisc == IP_PMTUDISC_DO ||
		     pmtudisc == IP_PMTUDISC_PROBE ||
		     (len <= myrt_path_mtu(dst) && ip_dont_fragment(sk, dst));
	}

	skb_push(skb, sizeof(struct iphdr));
	skb_reset_network_header(skb);
	iph = ip_hdr(skb);
	iph->version = 4;
	iph->ihl = sizeof(struct iphdr) >> 2;
	iph->tos = tos;
	iph->tot_len = htons(skb->len);
	iph->frag_off = df ? htons(IP_DF) : 0;
	iph->ttl = myrt_select_ttl(sk, dst, daddr);
	iph->protocol = myrt_proto;
	iph->saddr = saddr;
	iph->daddr = daddr;
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	ip_select_ident(net, skb, sk);

	return myrt_local_out(net, sk, skb);
}

int myrt_local_out(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	struct iphdr *iph = ip_hdr(skb);
	int err;

	iph->tot_len = htons(skb->len);
	ip_send_check(iph);
	skb->protocol = htons(ETH_P_IP);

	err = nf_hook(NFPROTO_IPV4, NF_INET_LOCAL_OUT, net, sk, skb, NULL,
		      skb_dst(skb)->dev, dst_output);
	if (likely(err == 1))
		err = dst_output(net, sk, skb);
	return err;
}

static int myrt_finish_output2(struct net *net, struct sock *sk,
			       struct sk_buff *skb)
{
	struct dst_entry *dst = skb_dst(skb);
	struct myrt_rtable *rth = myrt_rt(dst);
	struct net_device *dev = dst->dev;
	unsigned int hh_len = LL_RESERVED_SPACE(dev);
	struct neighbour *neigh;
	__be32 nexthop;
	int res;

	if (unlikely(skb_headroom(skb) < hh_len && dev->header_ops)) {
		skb = skb_expand_head(skb, hh_len);
		if (!skb)
			return -ENOMEM;
	}

	/*
	 * The neighbour tables are read under plain RCU (rcu_dereference()
	 * in ___neigh_lookup_noref() of both kernels, as ip_finish_output2()
	 * does); neigh_output() disables BH where it needs to.
	 */
	rcu_read_lock();
	nexthop = rth->rt_gateway ? : ip_hdr(skb)->daddr;
	neigh = __ipv4_neigh_lookup_noref(dev, (__force u32)nexthop);
	if (unlikely(!neigh))
		neigh = __neigh_create(&arp_tbl, &nexthop, dev, false);
	if (!IS_ERR(neigh)) {
		res = neigh_output(neigh, skb, false);
		rcu_read_unlock();
		return res;
	}
	rcu_read_unlock();

	net_dbg_ratelimited("%s: no neighbour for %pI4 on %s\n", __func__,
			    &nexthop, dev->name);
	kfree_skb(skb);
	return PTR_ERR(neigh);
}

/* The MTU a datagram from @sk must fit (ip_skb_dst_mtu on myrt's dst). */
static unsigned int myrt_skb_mtu(struct sock *sk, const struct sk_buff *skb)
{
	const struct dst_entry *dst = skb_dst(skb);

	if (sk && sk_fullsock(sk) && !ip_sk_use_pmtu(sk))
		return min_t(unsigned int, READ_ONCE(dst->dev->mtu), IP_MAX_MTU);
	return myrt_path_mtu(dst);
}

static int myrt_finish_output(struct net *net, struct sock *sk,
			      struct sk_buff *skb)
{
	unsigned int mtu = myrt_skb_mtu(sk, skb);

	if (skb->len <= mtu || skb_is_gso(skb))
		return myrt_finish_output2(net, sk, skb);

	if ((ip_hdr(skb)->frag_off & htons(IP_DF)) && !skb->ignore_df) {
		IP_INC_STATS(net, IPSTATS_MIB_FRAGFAILS);
		/*
		 * myrt_forward() answers a forwarded packet too big with DF
		 * (fragmentation needed) before sending it on, and sets no
		 * IPSKB_FORWARDED: only a packet another path marked gets the
		 * ICMP here.  A local one is dropped; -EMSGSIZE goes back up
		 * the send chain to the sending socket (sendmsg returns it).
		 */
		if (IPCB(skb)->flags & IPSKB_FORWARDED)
			myrt_icmp_send(skb, ICMP_DEST_UNREACH,
				       ICMP_FRAG_NEEDED, htonl(mtu));
		kfree_skb(skb);
		return -EMSGSIZE;
	}

	/* ip_do_fragment() sizes fragments from the kernel's view of the
	 * route; frag_max_size makes it honour myrt's path MTU.
	 */
	if (!IPCB(skb)->frag_max_size || IPCB(skb)->frag_max_size > mtu)
		IPCB(skb)->frag_max_size = mtu;
	return ip_do_fragment(net, sk, skb, myrt_finish_output2);
}

int myrt_output(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	struct net_device *dev = skb_dst(skb)->dev;

	skb->dev = dev;
	skb->protocol = htons(ETH_P_IP);
	return NF_HOOK_COND(NFPROTO_IPV4, NF_INET_POST_ROUTING, net, sk, skb,
			    NULL, dev, myrt_finish_output,
			    !(IPCB(skb)->flags & IPSKB_REROUTED));
}

static int myrt_mc_finish_output(struct net *net, struct sock *sk,
				 struct sk_buff *skb)
{
	return dev_loopback_xmit(net, sk, skb);
}

/*
 * Broadcast/multicast output: a copy is looped back to this host (local
 * broadcast; multicast when the socket wants its own), the original goes
 * out as unicast does.
 */
int myrt_mc_output(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	struct myrt_rtable *rth = myrt_skb_rt(skb);
	struct net_device *dev = rth->rt.dst.dev;
	bool loop = false;

	skb->dev = dev;
	skb->protocol = htons(ETH_P_IP);

	if (!(dev->flags & IFF_LOOPBACK)) {
		if (rth->rt.rt_flags & RTCF_BROADCAST)
			loop = true;
		else if ((rth->rt.rt_flags & RTCF_MULTICAST) &&
			 (rth->rt.rt_flags & RTCF_LOCAL) && sk_mc_loop(sk))
			loop = true;
	}
	if (loop) {
		struct sk_buff *newskb = skb_clone(skb, GFP_ATOMIC);

		if (newskb)
			NF_HOOK(NFPROTO_IPV4, NF_INET_POST_ROUTING, net, sk,
				newskb, NULL, newskb->dev,
				myrt_mc_finish_output);
	}

	return NF_HOOK_COND(NFPROTO_IPV4, NF_INET_POST_ROUTING, net, sk, skb,
			    NULL, dev, myrt_finish_output,
			    !(IPCB(skb)->flags & IPSKB_REROUTED));
}

/* dst->output of input routes: nothing may be sent through them. */
int myrt_rt_bug(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	net_warn_ratelimited("output through an input route: %pI4 -> %pI4, dev %s\n",
			     &ip_hdr(skb)->saddr, &ip_hdr(skb)->daddr,
			     skb->dev ? skb->dev->name : "?");
	kfree_skb(skb);
	return 0;
}
