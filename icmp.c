// SPDX-License-Identifier: GPL-2.0
/*
 * The ICMP errors myrt sends (classic icmp_send), routed by myrt.
 *
 * ip_error's unreachable/prohibit, time exceeded, fragmentation needed,
 * redirects and DUMMY's port unreachable answer a packet myrt routed.  As
 * the classic icmp_send did, the reply is routed with the output lookup of
 * the module itself (so it leaves an output entry in the route cache), its
 * source is the address the offending packet was sent to when that was
 * ours, else the one routing picks (or the inbound device's with
 * icmp_errors_use_inbound_ifaddr), and it is rate limited per output entry
 * by the classic token bucket (icmp_ratelimit, icmp_ratemask; burst of six).
 *
 * An error about a packet this host sent itself goes back to this host: it
 * is handed to the kernel's icmp_send, whose loopback delivery reaches the
 * kernel's ICMP receive path (the kernel's lo keeps the route; mylo's
 * receive side belongs to myrt, which delivers DUMMY only).  IP options of
 * the offending packet are not echoed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/icmp.h>
#include <linux/inetdevice.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/route.h>
#include "myrt.h"

/* The classic XRLIM_BURST_FACTOR: up to six errors at once. */
#define MYRT_XRLIM_BURST	6

static bool myrt_icmp_is_error(u8 type)
{
	switch (type) {
	case ICMP_DEST_UNREACH:
	case ICMP_SOURCE_QUENCH:
	case ICMP_REDIRECT:
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAMETERPROB:
		return true;
	}
	return false;
}

/* classic xrlim_allow on the output entry: a token bucket of jiffies */
static bool myrt_xrlim_allow(struct myrt_rtable *rth, unsigned long timeout)
{
	unsigned long now = jiffies, token;
	bool allow = false;

	token = READ_ONCE(rth->rate_tokens) + now - READ_ONCE(rth->rate_last);
	WRITE_ONCE(rth->rate_last, now);
	if (token > MYRT_XRLIM_BURST * timeout)
		token = MYRT_XRLIM_BURST * timeout;
	if (token >= timeout) {
		token -= timeout;
		allow = true;
	}
	WRITE_ONCE(rth->rate_tokens, token);
	return allow;
}

/* classic icmpv4_xrlim_allow */
static bool myrt_icmp_rate_allow(struct net *net, struct myrt_rtable *rth,
				 u8 type, u8 code)
{
	if (type > NR_ICMP_TYPES)
		return true;
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		return true;
	if (rth->rt.dst.dev->flags & IFF_LOOPBACK)
		return true;
	if (!(BIT(type) & READ_ONCE(net->ipv4.sysctl_icmp_ratemask)))
		return true;
	return myrt_xrlim_allow(rth,
				READ_ONCE(net->ipv4.sysctl_icmp_ratelimit));
}

/* Whether @skb may be answered with an ICMP error at all (classic checks). */
static bool myrt_icmp_may_answer(struct sk_buff *skb, u8 type)
{
	struct rtable *rt = skb_rtable(skb);
	const struct iphdr *iph = ip_hdr(skb);

	if (!rt)
		return false;
	if ((u8 *)iph < skb->head ||
	    skb_network_header(skb) + sizeof(*iph) > skb_tail_pointer(skb))
		return false;
	if (skb->pkt_type != PACKET_HOST)
		return false;
	if (rt->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST))
		return false;
	/* only the first fragment */
	if (iph->frag_off & htons(IP_OFFSET))
		return false;
	/* never an error about an ICMP error */
	if (myrt_icmp_is_error(type) && iph->protocol == IPPROTO_ICMP) {
		u8 _itype;
		const u8 *itp;

		itp = skb_header_pointer(skb, skb_network_offset(skb) +
					 (iph->ihl << 2) +
					 offsetof(struct icmphdr, type),
					 sizeof(_itype), &_itype);
		if (!itp || *itp > NR_ICMP_TYPES || myrt_icmp_is_error(*itp))
			return false;
	}
	return true;
}

/* The reply's source, as classic: our address if the packet was for us. */
static __be32 myrt_icmp_source(struct net *net, struct sk_buff *skb)
{
	struct rtable *rt = skb_rtable(skb);
	struct net_device *dev;
	__be32 saddr = 0;

	if (rt->rt_flags & RTCF_LOCAL)
		return ip_hdr(skb)->daddr;
	if (!READ_ONCE(net->ipv4.sysctl_icmp_errors_use_inbound_ifaddr) ||
	    !myrt_rt(&rt->dst)->fl_iif)
		return 0;
	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, myrt_rt(&rt->dst)->fl_iif);
	if (dev)
		saddr = inet_select_addr(dev, 0, RT_SCOPE_LINK);
	rcu_read_unlock();
	return saddr;
}

/* Build the reply to @skb_in and send it on @rth (whose reference it takes). */
static void myrt_icmp_push(struct net *net, struct sk_buff *skb_in,
			   struct myrt_rtable *rth, __be32 saddr, __be32 daddr,
			   u8 tos, u8 type, u8 code, __be32 info)
{
	struct net_device *dev = rth->rt.dst.dev;
	unsigned int hlen = LL_RESERVED_SPACE(dev);
	unsigned int room, data_len;
	struct icmphdr *icmph;
	struct sk_buff *skb;
	struct iphdr *iph;
	int off;

	/* classic: at most 576 bytes in all */
	room = min_t(unsigned int, myrt_path_mtu(&rth->rt.dst), 576);
	room -= sizeof(struct iphdr) + sizeof(struct icmphdr);
	/* from the IP header on (before skb->data after local deliver) */
	off = skb_network_offset(skb_in);
	data_len = min_t(unsigned int, skb_in->len - off, room);

	skb = alloc_skb(hlen + sizeof(*iph) + sizeof(*icmph) + data_len +
			dev->needed_tailroom, GFP_ATOMIC);
	if (!skb) {
		dst_release(&rth->rt.dst);
		return;
	}
	skb_reserve(skb, hlen);
	skb_dst_set(skb, &rth->rt.dst);
	skb->priority = TC_PRIO_CONTROL;
	skb->mark = skb_in->mark;

	skb_reset_network_header(skb);
	iph = skb_put(skb, sizeof(*iph));
	skb_set_transport_header(skb, sizeof(*iph));
	icmph = skb_put(skb, sizeof(*icmph));
	if (skb_copy_bits(skb_in, off, skb_put(skb, data_len), data_len)) {
		kfree_skb(skb);
		return;
	}
	icmph->type = type;
	icmph->code = code;
	icmph->un.gateway = info;
	icmph->checksum = 0;
	icmph->checksum = ip_compute_csum(icmph, sizeof(*icmph) + data_len);

	iph->version = 4;
	iph->ihl = sizeof(*iph) >> 2;
	iph->tos = tos;
	iph->frag_off = 0;		/* the ICMP socket's IP_PMTUDISC_DONT */
	iph->ttl = ip4_dst_hoplimit(&rth->rt.dst);
	iph->protocol = IPPROTO_ICMP;
	iph->saddr = saddr;
	iph->daddr = daddr;
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	ip_select_ident(net, skb, NULL);

	ICMPMSGOUT_INC_STATS(net, type);
	ICMP_INC_STATS(net, ICMP_MIB_OUTMSGS);
	myrt_local_out(net, NULL, skb);
}

/**
 * myrt_icmp_send - send an ICMP error about a packet myrt routed
 * @skb_in: the offending packet, its network header at its IP header and
 *	    its dst one of myrt's entries
 * @type: ICMP type
 * @code: ICMP code
 * @info: the redirect's gateway, or the MTU of fragmentation needed
 *	  (network order), else 0
 */
void myrt_icmp_send(struct sk_buff *skb_in, u8 type, u8 code, __be32 info)
{
	struct net *net = dev_net(skb_in->dev ? : skb_dst(skb_in)->dev);
	const struct iphdr *iph = ip_hdr(skb_in);
	struct myrt_rtable *rth;
	struct flowi4 fl4;
	__be32 saddr;
	u8 tos;

	if (!myrt_icmp_may_answer(skb_in, type))
		return;
	saddr = myrt_icmp_source(net, skb_in);
	tos = myrt_icmp_is_error(type) ?
	      (iph->tos & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL :
	      iph->tos;

	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = iph->saddr;
	fl4.saddr = saddr;
	myrt_fl4_set_tos(&fl4, RT_TOS(tos));
	fl4.flowi4_proto = IPPROTO_ICMP;
	fl4.flowi4_mark = skb_in->mark;
	fl4.fl4_icmp_type = type;
	fl4.fl4_icmp_code = code;
	rth = myrt_route_output_key(net, &fl4, NULL);
	if (IS_ERR(rth))
		return;

	if (rth->rt.rt_flags & RTCF_LOCAL) {
		/* an error about our own packet: the kernel delivers it */
		dst_release(&rth->rt.dst);
		icmp_send(skb_in, type, code, info);
		return;
	}
	if (!myrt_icmp_rate_allow(net, rth, type, code)) {
		dst_release(&rth->rt.dst);
		return;
	}
	myrt_icmp_push(net, skb_in, rth, fl4.saddr, fl4.daddr, tos, type, code,
		       info);
}
