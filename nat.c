// SPDX-License-Identifier: GPL-2.0
/*
 * Static NAT as Linux 2.4 had it (CONFIG_IP_ROUTE_NAT).
 *
 * A route of type NAT (`myip route add nat ADDR via REAL`) maps the
 * destination of the packets routed to it; a rule with the nat action
 * (`myip rule add from REAL nat ADDR`) maps their source.  Input routing
 * (mod_route.c) asks myrt_nat_input() for the maps and keeps them in the
 * cache entry (rt_src_map, rt_dst_map, RTCF_SNAT / RTCF_DNAT / RTCF_MASQ);
 * forwarding (ip_forward.c) calls myrt_nat_forward() for an entry with
 * RTCF_SNAT or RTCF_DNAT, which rewrites the addresses, fixes the IP
 * checksum and the DUMMY checksum (whose pseudo header covers the
 * addresses) incrementally, and rewrites the quoted header of an ICMP
 * error so that the error names the packet as its sender saw it.
 *
 * ICMP is not DUMMY, so the kernel, not myrt, routes it.  Once static NAT
 * has been configured in a namespace, myrt_nat_pre_routing() routes there
 * the ICMP errors that quote a DUMMY packet through myrt: when the entry
 * found translates (RTCF_NAT) myrt forwards the error, otherwise the error
 * goes back to the kernel untouched.
 */
#include <linux/ip.h>
#include <linux/icmp.h>
#include <linux/inetdevice.h>
#include <linux/netfilter.h>
#include <net/ip.h>
#include <net/checksum.h>
#include "myrt.h"
#include "uapi/myrt.h"
#include "uapi/myrt_dummy.h"

/* Offset of the DUMMY checksum, and how much of the header holds it. */
#define MYRT_NAT_DH_CHECK	offsetof(struct myrt_dummyhdr, check)
#define MYRT_NAT_DH_NEED	(MYRT_NAT_DH_CHECK + sizeof(__sum16))

void myrt_nat_enable(struct myrt_net *mn)
{
	if (!READ_ONCE(mn->nat_used))
		WRITE_ONCE(mn->nat_used, true);
}

/*
 * fib_rules_policy: the source map of a nat rule.  SNAT when the map
 * address is of type NAT (a nat route in the local table covers it), MASQ
 * when it is a local address or 0; anything else maps nothing.
 */
static unsigned int nat_policy(struct myrt_net *mn,
			       const struct myrt_fib_result *res, __be32 saddr,
			       __be32 *src_map)
{
	const struct myrt_fib_rule *r = res->r;

	*src_map = saddr;
	if (!r || r->action != MYRT_FR_ACT_NAT)
		return 0;
	if (!r->srcmap) {
		*src_map = 0;
		return MYRT_RTCF_MASQ;
	}
	switch (myrt_fib_addr_type(mn, r->srcmap)) {
	case RTN_NAT:
		*src_map = (saddr & ~r->srcmask) | r->srcmap;
		return MYRT_RTCF_SNAT;
	case RTN_LOCAL:
		*src_map = r->srcmap;
		return MYRT_RTCF_MASQ;
	}
	return 0;
}

/**
 * myrt_nat_input - the static NAT maps of an input packet
 * @mn: the namespace
 * @fl4: the flow of the lookup (daddr is changed for a NAT result)
 * @res: the lookup result; for a NAT route replaced by the lookup of the
 *	 mapped destination
 * @nat: out: the maps and the RTCF_ flags for the cache entry
 * @ex: explain, or NULL
 *
 * Called under RCU after a successful FIB lookup.  The policy (source map)
 * comes from the rule of the first lookup; the second lookup of a NAT
 * result keeps the original source.  Returns 0, or -EINVAL when a NAT
 * destination maps to something that is not a unicast route.
 */
int myrt_nat_input(struct myrt_net *mn, struct flowi4 *fl4,
		   struct myrt_fib_result *res, struct myrt_nat *nat,
		   struct myrt_explain *ex)
{
	__be32 daddr = fl4->daddr;
	int err;

	nat->dst_map = daddr;
	nat->flags = nat_policy(mn, res, fl4->saddr, &nat->src_map);
	if (nat->flags)
		myrt_explain(ex, "nat rule %u: source %pI4 maps to %pI4 (%s)\n",
			     res->r->pref, &fl4->saddr, &nat->src_map,
			     nat->flags & MYRT_RTCF_SNAT ? "src-nat" : "masq");
	if (res->type != RTN_NAT)
		return 0;

	nat->dst_map = (daddr & ~inet_make_mask(res->prefixlen)) |
		       res->fi->fib_nh[0].nh_gw;
	nat->flags |= MYRT_RTCF_DNAT;
	myrt_explain(ex, "nat route: destination %pI4 maps to %pI4, lookup again\n",
		     &daddr, &nat->dst_map);
	fl4->daddr = nat->dst_map;
	err = myrt_fib_lookup(mn, fl4, res, ex);
	fl4->daddr = daddr;
	if (err || res->type != RTN_UNICAST) {
		myrt_explain(ex, "nat: the mapped destination %pI4 has no unicast route: dropped\n",
			     &nat->dst_map);
		return -EINVAL;
	}
	return 0;
}

/*
 * The SNAT of an ICMP error whose quoted destination is not the error's
 * source (an intermediate router sent it): what would the rules map the
 * quoted destination to, as the source of a packet to the quoted source?
 */
static __be32 nat_quoted_source(struct net *net, struct sk_buff *skb,
				const struct iphdr *ciph)
{
	struct myrt_net *mn = myrt_pernet(net);
	struct myrt_fib_result res = {};
	struct flowi4 fl4 = {
		.daddr = ciph->saddr,
		.saddr = ciph->daddr,
		MYRT_FL4_TOS(ciph->tos & MYRT_IPTOS_RT_MASK),
		.flowi4_scope = RT_SCOPE_UNIVERSE,
		.flowi4_iif = skb->skb_iif,
	};
	__be32 map = ciph->daddr;

	rcu_read_lock();
	if (!myrt_fib_lookup(mn, &fl4, &res, NULL) &&
	    !(nat_policy(mn, &res, ciph->daddr, &map) & MYRT_RTCF_SNAT))
		map = ciph->daddr;
	rcu_read_unlock();
	return map;
}

static bool nat_icmp_is_error(u8 type)
{
	return type == ICMP_DEST_UNREACH || type == ICMP_TIME_EXCEEDED ||
	       type == ICMP_PARAMETERPROB;
}

/*
 * Rewrite the header an ICMP error quotes (and the ports' checksum of a
 * quoted DUMMY header): @osaddr/@odaddr were the outer addresses before
 * translation, @nsaddr/@ndaddr are the new ones.  The inner IP checksum,
 * the inner DUMMY checksum and the ICMP checksum are kept right.
 */
static int nat_icmp(struct sk_buff *skb, struct myrt_rtable *rth,
		    unsigned int ihl, __be32 osaddr, __be32 odaddr,
		    __be32 nsaddr, __be32 ndaddr)
{
	unsigned int flags = rth->rt.rt_flags;
	unsigned int off = ihl + sizeof(struct icmphdr);
	unsigned int cihl, need;
	struct myrt_dummyhdr *cdh = NULL;
	struct icmphdr *icmph;
	struct iphdr *ciph;
	__be32 isaddr, idaddr, nis, nid;
	__wsum before;

	if (skb->len < off + sizeof(struct iphdr) ||
	    skb_ensure_writable(skb, off + sizeof(struct iphdr)))
		return -EINVAL;
	icmph = (struct icmphdr *)(skb_network_header(skb) + ihl);
	if (!nat_icmp_is_error(icmph->type))
		return 0;
	ciph = (struct iphdr *)(icmph + 1);
	cihl = ciph->ihl * 4;
	if (ciph->version != 4 || cihl < sizeof(struct iphdr) ||
	    skb->len < off + cihl)
		return -EINVAL;
	need = off + cihl;
	if (ciph->protocol == myrt_proto &&
	    !(ciph->frag_off & htons(IP_OFFSET)) &&
	    skb->len >= need + MYRT_NAT_DH_NEED)
		need += MYRT_NAT_DH_NEED;
	if (skb_ensure_writable(skb, need))
		return -EINVAL;
	icmph = (struct icmphdr *)(skb_network_header(skb) + ihl);
	ciph = (struct iphdr *)(icmph + 1);
	if (need > off + cihl)
		cdh = (struct myrt_dummyhdr *)((u8 *)ciph + cihl);

	isaddr = ciph->saddr;
	idaddr = ciph->daddr;
	nis = isaddr;
	nid = idaddr;
	if ((flags & MYRT_RTCF_DNAT) && isaddr == odaddr)
		nis = ndaddr;
	if (flags & MYRT_RTCF_SNAT)
		nid = idaddr == osaddr ? nsaddr :
		      nat_quoted_source(dev_net(skb->dev), skb, ciph);
	if (nis == isaddr && nid == idaddr)
		return 0;

	before = csum_partial(ciph, need - off, 0);
	ciph->saddr = nis;
	ciph->daddr = nid;
	csum_replace4(&ciph->check, isaddr, nis);
	csum_replace4(&ciph->check, idaddr, nid);
	if (cdh) {
		csum_replace4(&cdh->check, isaddr, nis);
		csum_replace4(&cdh->check, idaddr, nid);
		if (!cdh->check)
			cdh->check = CSUM_MANGLED_0;
	}
	icmph->checksum = csum_fold(csum_add(csum_sub(~csum_unfold(icmph->checksum),
						      before),
					     csum_partial(ciph, need - off, 0)));
	return 0;
}

/**
 * myrt_nat_forward - ip_do_nat: translate a forwarded packet
 * @skb: the packet, its route an entry with RTCF_SNAT or RTCF_DNAT; the IP
 *	 header writable (after skb_cow)
 *
 * Rewrites saddr/daddr from rt_src_map/rt_dst_map with the IP checksum,
 * then (first fragment only) the DUMMY checksum or the quoted header of an
 * ICMP error.  Returns 0, or -EINVAL for a packet too short to translate
 * (the caller drops it).  ip_hdr() may move: read it again afterwards.
 */
int myrt_nat_forward(struct sk_buff *skb)
{
	struct myrt_rtable *rth = myrt_skb_rt(skb);
	struct iphdr *iph = ip_hdr(skb);
	unsigned int ihl = iph->ihl * 4;
	__be32 osaddr = iph->saddr, odaddr = iph->daddr;
	__be32 nsaddr = osaddr, ndaddr = odaddr;
	int err;

	if (rth->rt.rt_flags & MYRT_RTCF_SNAT)
		nsaddr = rth->rt_src_map;
	if (rth->rt.rt_flags & MYRT_RTCF_DNAT)
		ndaddr = rth->rt_dst_map;

	if (!(iph->frag_off & htons(IP_OFFSET))) {
		if (iph->protocol == myrt_proto) {
			struct myrt_dummyhdr *dh;

			if (skb->len < ihl + MYRT_NAT_DH_NEED ||
			    skb_ensure_writable(skb, ihl + MYRT_NAT_DH_NEED))
				return -EINVAL;
			dh = (struct myrt_dummyhdr *)(skb_network_header(skb) +
						      ihl);
			inet_proto_csum_replace4(&dh->check, skb, osaddr,
						 nsaddr, true);
			inet_proto_csum_replace4(&dh->check, skb, odaddr,
						 ndaddr, true);
			if (!dh->check)
				dh->check = CSUM_MANGLED_0;
		} else if (iph->protocol == IPPROTO_ICMP) {
			err = nat_icmp(skb, rth, ihl, osaddr, odaddr, nsaddr,
				       ndaddr);
			if (err)
				return err;
		}
	}

	iph = ip_hdr(skb);
	iph->saddr = nsaddr;
	iph->daddr = ndaddr;
	csum_replace4(&iph->check, osaddr, nsaddr);
	csum_replace4(&iph->check, odaddr, ndaddr);
	return 0;
}

/**
 * myrt_nat_pre_routing - route an ICMP error about a DUMMY packet
 * @skb: a packet that is not DUMMY, at PRE_ROUTING (data at the IP header)
 * @state: the hook state
 *
 * In a namespace where static NAT was configured, an ICMP error quoting a
 * DUMMY packet is routed by myrt: if the entry translates (RTCF_NAT) myrt
 * forwards the error (NF_STOLEN); otherwise the error is handed back to the
 * kernel (NF_ACCEPT) with no route attached.  Everything else: NF_ACCEPT.
 */
unsigned int myrt_nat_pre_routing(struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct net_device *dev = state->in;
	const struct icmphdr *icmph;
	const struct iphdr *ciph;
	struct myrt_rtable *rth;
	unsigned int ihl;

	if (iph->protocol != IPPROTO_ICMP || !dev || skb_dst(skb) ||
	    !READ_ONCE(myrt_pernet(dev_net(dev))->nat_used))
		return NF_ACCEPT;
	ihl = iph->ihl * 4;
	if ((iph->frag_off & htons(IP_OFFSET | IP_MF)) ||
	    !pskb_may_pull(skb, ihl + sizeof(*icmph) + sizeof(*ciph)))
		return NF_ACCEPT;
	iph = ip_hdr(skb);
	icmph = (const struct icmphdr *)((const u8 *)iph + ihl);
	ciph = (const struct iphdr *)(icmph + 1);
	if (!nat_icmp_is_error(icmph->type) || ciph->protocol != myrt_proto)
		return NF_ACCEPT;

	if (myrt_route_input(skb, iph->daddr, iph->saddr, iph->tos, dev,
			     NULL))
		return NF_ACCEPT;
	rth = myrt_skb_rt(skb);
	if (!(rth->rt.rt_flags & MYRT_RTCF_NAT) ||
	    rth->rt.dst.input != myrt_forward) {
		skb_dst_drop(skb);
		return NF_ACCEPT;
	}
	dst_input(skb);
	return NF_STOLEN;
}
