// SPDX-License-Identifier: GPL-2.0
/*
 * myrt: module init/exit, per-netns state, input and output routing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/init.h>
#include <linux/delay.h>
#include <linux/inetdevice.h>
#include <linux/igmp.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_bridge.h>
#include <net/ip.h>
#include <net/route.h>
#include "myrt.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

unsigned int myrt_net_id __read_mostly;
EXPORT_SYMBOL_GPL(myrt_net_id);	/* for the benchmark (myrt_bench.c) */

/*
 * True, under RTNL, while every netns has its struct myrt_net: from the
 * end of register_pernet_subsys() to the start of its unregistration.
 * dst.c's netdev notifier, which outlives the subsystem, checks it before
 * it touches a netns' state.
 */
bool myrt_pernet_up;

static void myrt_pernet_set_up(bool up)
{
	rtnl_lock();
	WRITE_ONCE(myrt_pernet_up, up);
	rtnl_unlock();
}

void __myrt_explain(struct myrt_explain *ex, const char *fmt, ...)
{
	va_list args;
	int n;

	if (!ex->buf || ex->len >= ex->size)
		return;
	va_start(args, fmt);
	n = vsnprintf(ex->buf + ex->len, ex->size - ex->len, fmt, args);
	va_end(args);
	ex->len = min_t(size_t, ex->len + n, ex->size);
}

/* The classic IP_MAX_MTU: larger MTUs are capped in the cache entry. */
#define MYRT_IP_MAX_MTU	0xFFF0

/* myrt's loopback device: mylo, where local entries point. */
static struct net_device *myrt_mn_loopback_dev(struct myrt_net *mn)
{
	return READ_ONCE(mn->mylo) ?: mn->net->loopback_dev;
}

static struct net_device *myrt_loopback_dev(struct net *net)
{
	return myrt_mn_loopback_dev(myrt_pernet(net));
}

const char *myrt_rtn_name(unsigned int type)
{
	if (type <= RTN_MAX && myrt_rtn_names[type])
		return myrt_rtn_names[type];
	return "?";
}

/* inet_addr_onlink(): is @a (and @b, if set) on a subnet of @in_dev? */
static bool myrt_addr_onlink(struct in_device *in_dev, __be32 a, __be32 b)
{
	const struct in_ifaddr *ifa;

	in_dev_for_each_ifa_rcu(ifa, in_dev) {
		if (inet_ifa_match(a, ifa) && (!b || inet_ifa_match(b, ifa)))
			return true;
	}
	return false;
}

/* Are we a member of multicast group @group on @in_dev? (RCU) */
bool myrt_mc_member(struct in_device *in_dev, __be32 group)
{
	struct ip_mc_list *im;

	if (ipv4_is_local_multicast(group) &&
	    group == htonl(INADDR_ALLHOSTS_GROUP))
		return true;
	for (im = rcu_dereference(in_dev->mc_list); im;
	     im = rcu_dereference(im->next_rcu))
		if (im->multiaddr == group)
			return true;
	return false;
}

/* Classic set_class_tag: fill only the halves of @tag still 0. */
static u32 myrt_set_class_tag(u32 tag, u32 more)
{
	if (!(tag & 0xFFFF))
		tag |= more & 0xFFFF;
	if (!(tag & 0xFFFF0000))
		tag |= more & 0xFFFF0000;
	return tag;
}

/*
 * rt_set_nexthop: the gateway when the nexthop is a link-scope gateway,
 * the route's metrics, and the classic defaults for MTU, hop limit, advmss;
 * the realms: the nexthop's, then the halves still 0 from the rule's,
 * then from @itag (the reverse path's tag of an input entry).
 */
static void myrt_set_nexthop(struct net *net, struct myrt_rtable *rth,
			     struct myrt_fib_result *res, u32 itag)
{
	struct myrt_fib_info *fi = res ? res->fi : NULL;
	struct net_device *dev = rth->rt.dst.dev;
	u32 *m = rth->metrics;
	u32 tag = 0;

	if (fi) {
		if (MYRT_FIB_RES_GW(*res) &&
		    MYRT_FIB_RES_NH(*res).nh_scope == RT_SCOPE_LINK)
			rth->rt_gateway = MYRT_FIB_RES_GW(*res);
		memcpy(m, fi->fib_metrics, sizeof(rth->metrics));
		if (!m[RTAX_MTU - 1]) {
			m[RTAX_MTU - 1] = dev->mtu;
			if ((m[RTAX_LOCK - 1] & (1 << RTAX_MTU)) &&
			    rth->rt_gateway != rth->rt_dst && dev->mtu > 576)
				m[RTAX_MTU - 1] = 576;
		}
		tag = MYRT_FIB_RES_NH(*res).nh_tclassid;
	} else {
		m[RTAX_MTU - 1] = dev->mtu;
	}
	if (!m[RTAX_HOPLIMIT - 1])
		m[RTAX_HOPLIMIT - 1] = READ_ONCE(net->ipv4.sysctl_ip_default_ttl);
	if (m[RTAX_MTU - 1] > MYRT_IP_MAX_MTU)
		m[RTAX_MTU - 1] = MYRT_IP_MAX_MTU;
	if (!m[RTAX_ADVMSS - 1])
		m[RTAX_ADVMSS - 1] = max_t(unsigned int, dev->mtu - 40,
					   myrt_rt_params.min_adv_mss);
	if (m[RTAX_ADVMSS - 1] > 65535 - 40)
		m[RTAX_ADVMSS - 1] = 65535 - 40;
	if (res) {
		tag = myrt_set_class_tag(tag, myrt_fib_rules_tclass(res));
		rth->rt.rt_type = res->type;
	}
	myrt_rt_set_tclassid(rth, myrt_set_class_tag(tag, itag));

	/* What the kernel's own code reads from a struct rtable. */
	if (rth->rt_gateway && rth->rt_gateway != rth->rt_dst) {
		rth->rt.rt_gw_family = AF_INET;
		rth->rt.rt_gw4 = rth->rt_gateway;
		rth->rt.rt_uses_gateway = 1;
	}
}

/* explain: how an entry's realms were made (rt_set_nexthop's order) */
static void myrt_explain_realms(struct myrt_explain *ex,
				const struct myrt_rtable *rth,
				const struct myrt_fib_result *res, u32 itag)
{
	u32 tag = rth->rt_tclassid;

	if (!tag)
		return;
	/* each fills the halves still 0 (classic set_class_tag) */
	myrt_explain(ex, "realms %u/%u: nexthop 0x%x, then rule 0x%x, then reverse path 0x%x\n",
		     tag >> 16, tag & 0xFFFF,
		     res && res->fi ? MYRT_FIB_RES_NH(*res).nh_tclassid : 0,
		     res ? myrt_fib_rules_tclass(res) : 0, itag);
}

static void myrt_log_martian(struct in_device *in_dev, const char *what,
			     __be32 daddr, __be32 saddr,
			     struct net_device *dev)
{
	if (IN_DEV_LOG_MARTIANS(in_dev))
		net_info_ratelimited("martian %s %pI4 from %pI4, on dev %s\n",
				     what, &daddr, &saddr, dev->name);
}

/* Set up an input entry's common fields (key = dst, src, iif, tos, mark). */
static void myrt_init_input_entry(struct myrt_rtable *rth, struct sk_buff *skb,
				  __be32 daddr, __be32 saddr, u8 tos,
				  struct net_device *dev)
{
	rth->fl_dst = daddr;
	rth->fl_src = saddr;
	rth->fl_tos = tos;
	rth->fl_mark = skb->mark;
	rth->fl_iif = dev->ifindex;
	rth->fl_oif = 0;
	rth->rt_dst = daddr;
	rth->rt_src = saddr;
	rth->rt_dst_map = daddr;
	rth->rt_src_map = saddr;
	rth->rt_gateway = daddr;
	rth->rt.rt_iif = dev->ifindex;
	rth->rt.rt_is_input = 1;
}

/* The bucket is part of the hash secret: shown only to whom may see it. */
static void myrt_explain_inserted(struct myrt_explain *ex,
				  struct myrt_rtable *rth)
{
	if (ex && ex->secret)
		myrt_explain(ex, "cache: entry inserted in bucket %u\n",
			     rth->hash);
	else
		myrt_explain(ex, "cache: entry inserted\n");
}

static int myrt_intern_input(struct net *net, struct sk_buff *skb,
			     struct myrt_rtable *rth, struct myrt_explain *ex)
{
	rth = myrt_cache_intern(net, rth, true);
	if (IS_ERR(rth)) {
		myrt_explain(ex, "cache: insert failed: %ld\n", PTR_ERR(rth));
		return PTR_ERR(rth);
	}
	myrt_explain_inserted(ex, rth);
	skb_dst_set(skb, &rth->rt.dst);
	return 0;
}

/* ip_route_input_mc: a multicast destination that was not in the cache. */
static int myrt_route_input_mc(struct sk_buff *skb, __be32 daddr,
			       __be32 saddr, u8 tos, struct net_device *dev,
			       bool our, struct myrt_explain *ex)
{
	struct net *net = dev_net(dev);
	int genid = myrt_rt_genid_begin(net);
	struct myrt_net *mn = myrt_pernet(net);
	struct in_device *in_dev = __in_dev_get_rcu(dev);
	struct myrt_rtable *rth;
	__be32 spec_dst;
	u32 itag = 0;

	if (!in_dev)
		return -EINVAL;
	if (ipv4_is_multicast(saddr) || ipv4_is_lbcast(saddr) ||
	    ipv4_is_loopback(saddr) || skb->protocol != htons(ETH_P_IP))
		return -EINVAL;
	if (ipv4_is_zeronet(saddr)) {
		if (!ipv4_is_local_multicast(daddr))
			return -EINVAL;
		spec_dst = inet_select_addr(dev, 0, RT_SCOPE_LINK);
	} else if (myrt_fib_validate_source(mn, saddr, 0, tos, 0, dev,
					    &spec_dst, &itag, skb->mark) < 0) {
		return -EINVAL;
	}

	rth = myrt_rt_alloc(net, myrt_loopback_dev(net), genid);
	if (!rth)
		return -ENOBUFS;
	myrt_init_input_entry(rth, skb, daddr, saddr, tos, dev);
	rth->rt.dst.output = myrt_rt_bug;
	rth->rt_spec_dst = spec_dst;
	rth->rt.rt_flags = RTCF_MULTICAST;
	rth->rt.rt_type = RTN_MULTICAST;
	myrt_rt_set_tclassid(rth, itag);
	if (our) {
		rth->rt.dst.input = myrt_local_deliver;
		rth->rt.rt_flags |= RTCF_LOCAL;
	}
	MYRT_CACHE_STAT_INC(in_slow_mc);
	myrt_explain(ex, "multicast input: %s member of %pI4\n",
		     our ? "we are a" : "not a", &daddr);
	return myrt_intern_input(net, skb, rth, ex);
}

/* __mkroute_input + ip_mkroute_input: an entry for forwarding. */
static int myrt_mkroute_input(struct sk_buff *skb, struct myrt_fib_result *res,
			      struct in_device *in_dev, __be32 daddr,
			      __be32 saddr, u8 tos, int iif,
			      const struct myrt_nat *nat, int genid,
			      struct myrt_explain *ex)
{
	struct net_device *dev = in_dev->dev;
	struct net *net = dev_net(dev);
	struct myrt_net *mn = myrt_pernet(net);
	struct net_device *out_dev;
	struct in_device *out_in_dev;
	struct myrt_rtable *rth;
	unsigned int flags = nat->flags;
	__be32 spec_dst;
	u32 itag = 0;
	int err;

	if (res->fi && res->fi->fib_nhs > 1)
		myrt_fib_select_multipath(res);
	out_dev = MYRT_FIB_RES_DEV(*res);
	out_in_dev = __in_dev_get_rcu(out_dev);
	if (!out_in_dev) {
		net_crit_ratelimited("bug in ip_route_input_slow(). Please report.\n");
		return -EINVAL;
	}

	err = myrt_fib_validate_source(mn, saddr, daddr, tos,
				       MYRT_FIB_RES_OIF(*res), dev, &spec_dst,
				       &itag, skb->mark);
	if (err < 0) {
		MYRT_CACHE_STAT_INC(in_martian_src);
		myrt_log_martian(in_dev, "source", daddr, saddr, dev);
		myrt_explain(ex, "source %pI4 fails the reverse path check: martian\n",
			     &saddr);
		return -EINVAL;
	}
	if (err)
		flags |= RTCF_DIRECTSRC;
	if (out_in_dev == in_dev && err &&
	    !(flags & (MYRT_RTCF_NAT | MYRT_RTCF_MASQ)) &&
	    (IN_DEV_SHARED_MEDIA(out_in_dev) ||
	     myrt_addr_onlink(out_in_dev, saddr, MYRT_FIB_RES_GW(*res))))
		flags |= RTCF_DOREDIRECT;

	rth = myrt_rt_alloc(net, out_dev, genid);
	if (!rth)
		return -ENOBUFS;
	myrt_init_input_entry(rth, skb, daddr, saddr, tos, dev);
	rth->rt_src_map = nat->src_map;		/* static NAT (nat.c) */
	rth->rt_dst_map = nat->dst_map;
	rth->rt_gateway = nat->dst_map;
	rth->rt_spec_dst = spec_dst;
	rth->rt.dst.input = myrt_forward;
	rth->rt.dst.output = myrt_output;
	myrt_set_nexthop(net, rth, res, itag);
	myrt_explain_realms(ex, rth, res, itag);
	rth->rt.rt_flags = flags;
	myrt_explain(ex, "forward: out dev %s gateway %pI4 flags 0x%08x\n",
		     out_dev->name, &rth->rt_gateway, flags);
	return myrt_intern_input(net, skb, rth, ex);
}

/* What the martian checks make of an input packet's addresses. */
enum myrt_in_addrs {
	MYRT_IN_LOOKUP,		/* ordinary: look the destination up */
	MYRT_IN_LIMITED_BRD,	/* 255.255.255.255, or 0 -> 0: broadcast */
	MYRT_IN_MARTIAN_SRC,
	MYRT_IN_MARTIAN_DST,
};

/*
 * Step 1 of the input slow path, the martian checks (before any lookup:
 * martians are never cached).  A source must not be multicast, limited
 * broadcast, loopback, or zero (but to limited broadcast); a destination
 * must not be limited broadcast (other than 255.255.255.255), zero net or
 * loopback.
 */
static enum myrt_in_addrs myrt_input_martian(__be32 daddr, __be32 saddr)
{
	if (ipv4_is_multicast(saddr) || ipv4_is_lbcast(saddr) ||
	    ipv4_is_loopback(saddr))
		return MYRT_IN_MARTIAN_SRC;
	if (daddr == htonl(INADDR_BROADCAST) || (!saddr && !daddr))
		return MYRT_IN_LIMITED_BRD;
	/* Zero source only to limited broadcast. */
	if (ipv4_is_zeronet(saddr))
		return MYRT_IN_MARTIAN_SRC;
	if (ipv4_is_lbcast(daddr) || ipv4_is_zeronet(daddr) ||
	    ipv4_is_loopback(daddr))
		return MYRT_IN_MARTIAN_DST;
	return MYRT_IN_LOOKUP;
}

/* A martian source: counted, logged, dropped, not cached.  -EINVAL. */
static int myrt_martian_source(struct in_device *in_dev, __be32 daddr,
			       __be32 saddr, struct net_device *dev,
			       struct myrt_explain *ex)
{
	MYRT_CACHE_STAT_INC(in_martian_src);
	if (in_dev)
		myrt_log_martian(in_dev, "source", daddr, saddr, dev);
	myrt_explain(ex, "martian source %pI4: dropped, not cached\n", &saddr);
	return -EINVAL;
}

/* A martian destination: as a martian source.  -EHOSTUNREACH. */
static int myrt_martian_destination(struct in_device *in_dev, __be32 daddr,
				    __be32 saddr, struct net_device *dev,
				    struct myrt_explain *ex)
{
	MYRT_CACHE_STAT_INC(in_martian_dst);
	myrt_log_martian(in_dev, "destination", daddr, saddr, dev);
	myrt_explain(ex, "martian destination %pI4: dropped, not cached\n",
		     &daddr);
	return -EHOSTUNREACH;
}

/*
 * Broadcast input: the source of a broadcast (limited, or of a broadcast
 * route) is validated as reverse path, unless it is 0 (then the reply
 * address is one of the device's, scope link).  0, or < 0 for a martian
 * source.
 */
static int myrt_input_brd_source(struct myrt_net *mn, struct sk_buff *skb,
				 __be32 saddr, u8 tos, struct net_device *dev,
				 __be32 *spec_dst, u32 *itag,
				 unsigned int *flags, struct myrt_explain *ex)
{
	int err;

	if (ipv4_is_zeronet(saddr)) {
		*spec_dst = inet_select_addr(dev, 0, RT_SCOPE_LINK);
	} else {
		err = myrt_fib_validate_source(mn, saddr, 0, tos, 0, dev,
					       spec_dst, itag, skb->mark);
		if (err < 0)
			return err;
		if (err)
			*flags |= RTCF_DIRECTSRC;
	}
	*flags |= RTCF_BROADCAST;
	MYRT_CACHE_STAT_INC(in_brd);
	myrt_explain(ex, "broadcast input\n");
	return 0;
}

/*
 * Local input: the entry of a packet for this host (input = local_deliver,
 * through the loopback device), or of one with no route (input = error,
 * its dst.error the lookup's @err), inserted into the cache and set on
 * @skb.  @genid is the one read before the lookup.  0 or a negative errno.
 */
static int myrt_input_local_entry(struct sk_buff *skb, __be32 daddr,
				  __be32 saddr, u8 tos,
				  struct net_device *dev, unsigned int type,
				  int err, __be32 spec_dst, u32 itag,
				  unsigned int flags, int genid,
				  struct myrt_explain *ex)
{
	struct net *net = dev_net(dev);
	struct myrt_rtable *rth;

	rth = myrt_rt_alloc(net, myrt_loopback_dev(net), genid);
	if (!rth)
		return -ENOBUFS;
	myrt_init_input_entry(rth, skb, daddr, saddr, tos, dev);
	rth->rt.dst.output = myrt_rt_bug;
	rth->rt_spec_dst = spec_dst;
	rth->rt.dst.input = myrt_local_deliver;
	rth->rt.rt_flags = flags | RTCF_LOCAL;
	if (type == RTN_UNREACHABLE) {
		rth->rt.dst.input = myrt_error;
		rth->rt.dst.error = -err;
		rth->rt.rt_flags &= ~RTCF_LOCAL;
	}
	rth->rt.rt_type = type;
	myrt_set_nexthop(net, rth, NULL, 0);
	myrt_rt_set_tclassid(rth, itag);	/* classic local_input: itag alone */
	if (itag)
		myrt_explain(ex, "realms %u/%u: the reverse path's alone (local input)\n",
			     itag >> 16, itag & 0xFFFF);
	rth->rt.rt_type = type;
	myrt_explain(ex, "%s: dev %s spec_dst %pI4 rt_flags 0x%08x\n",
		     type == RTN_UNREACHABLE ? "error entry (input = error)" :
		     "local input (input = local_deliver)",
		     rth->rt.dst.dev->name, &spec_dst, rth->rt.rt_flags);
	return myrt_intern_input(net, skb, rth, ex);
}

/*
 * ip_route_input_slow: the FIB lookup for a packet that missed the cache,
 * in steps: the martian checks; the FIB lookup (and static NAT); then by
 * the route's type broadcast input, local input (the source validated),
 * a forwarding entry (myrt_mkroute_input), or, with no route, an error
 * entry.  Called under RCU.
 */
static int myrt_route_input_slow(struct sk_buff *skb, __be32 daddr,
				 __be32 saddr, u8 tos, struct net_device *dev,
				 struct myrt_explain *ex)
{
	struct in_device *in_dev = __in_dev_get_rcu(dev);
	struct net *net = dev_net(dev);
	struct myrt_net *mn = myrt_pernet_rcu(net);
	int genid = myrt_mn_genid_begin(mn);	/* before the lookup */
	struct myrt_fib_result res = {};
	unsigned int flags = 0;
	struct flowi4 fl4 = {};
	struct myrt_nat nat;
	__be32 spec_dst;
	u32 itag = 0;
	int err = -EINVAL;

	if (!in_dev) {
		myrt_explain(ex, "input device %s has no IPv4 configuration\n",
			     dev->name);
		goto out;
	}

	/* Martians first: they are never cached. */
	switch (myrt_input_martian(daddr, saddr)) {
	case MYRT_IN_MARTIAN_SRC:
		goto martian_source;
	case MYRT_IN_MARTIAN_DST:
		goto martian_destination;
	case MYRT_IN_LIMITED_BRD:
		goto brd_input;
	case MYRT_IN_LOOKUP:
		break;
	}

	fl4.daddr = daddr;
	fl4.saddr = saddr;
	myrt_fl4_set_tos(&fl4, tos);
	fl4.flowi4_scope = RT_SCOPE_UNIVERSE;
	fl4.flowi4_mark = skb->mark;
	fl4.flowi4_iif = dev->ifindex;
	myrt_explain(ex, "input slow path: FIB lookup dst %pI4 src %pI4 tos 0x%02x iif %s\n",
		     &daddr, &saddr, tos, dev->name);
	err = myrt_fib_lookup(mn, &fl4, &res, ex);
	if (err) {
		myrt_explain(ex, "FIB lookup failed: %d\n", err);
		if (!IN_DEV_FORWARD(in_dev))
			goto e_hostunreach;
		goto no_route;
	}
	MYRT_CACHE_STAT_INC(in_slow_tot);
	myrt_explain(ex, "FIB result: type %s, /%u\n", myrt_rtn_name(res.type),
		     res.prefixlen);
	/* Static NAT: source map by rule, destination map by route. */
	if (myrt_nat_input(mn, &fl4, &res, &nat, ex)) {
		err = -EINVAL;
		goto out;
	}

	if (res.type == RTN_BROADCAST)
		goto brd_input;

	if (res.type == RTN_LOCAL) {
		int result = myrt_fib_validate_source(mn, saddr, daddr, tos,
						      myrt_loopback_dev(net)->ifindex,
						      dev, &spec_dst, &itag,
						      skb->mark);
		if (result < 0)
			goto martian_source;
		if (result)
			flags |= RTCF_DIRECTSRC;
		spec_dst = daddr;
		goto local_input;
	}

	/* Forwarding entry. */
	if (!IN_DEV_FORWARD(in_dev)) {
		myrt_explain(ex, "forwarding is off on %s: host unreachable, nothing cached\n",
			     dev->name);
		goto e_hostunreach;
	}
	if (res.type != RTN_UNICAST)
		goto martian_destination;
	err = myrt_mkroute_input(skb, &res, in_dev, daddr, saddr, tos,
				 dev->ifindex, &nat, genid, ex);
	goto out;

brd_input:
	if (skb->protocol != htons(ETH_P_IP)) {
		err = -EINVAL;
		goto out;
	}
	if (myrt_input_brd_source(mn, skb, saddr, tos, dev, &spec_dst, &itag,
				  &flags, ex) < 0)
		goto martian_source;
	res.type = RTN_BROADCAST;

local_input:
	err = myrt_input_local_entry(skb, daddr, saddr, tos, dev, res.type, err,
				     spec_dst, itag, flags, genid, ex);
	goto out;

no_route:
	MYRT_CACHE_STAT_INC(in_no_route);
	spec_dst = inet_select_addr(dev, 0, RT_SCOPE_UNIVERSE);
	res.type = RTN_UNREACHABLE;
	if (err == -ESRCH)
		err = -ENETUNREACH;
	goto local_input;

martian_destination:
	err = myrt_martian_destination(in_dev, daddr, saddr, dev, ex);
	goto out;
e_hostunreach:
	err = -EHOSTUNREACH;
	goto out;
martian_source:
	err = myrt_martian_source(in_dev, daddr, saddr, dev, ex);
out:
	trace_myrt_route_slow(daddr, saddr, dev->ifindex, true, err, res.type,
			      flags);
	return err;
}

/*
 * myrt_route_input_noref() past the cache's fast answer: an explained
 * lookup (@rth: the cache's hit, or NULL), multicast, the slow path.
 */
static noinline int myrt_route_input_miss(struct sk_buff *skb, __be32 daddr,
					  __be32 saddr, u8 tos,
					  struct net_device *dev,
					  struct myrt_rtable *rth,
					  struct myrt_explain *ex)
{
	int err;

	if (rth) {
		myrt_explain(ex, "cache: hit (input key dst %pI4 src %pI4 iif %s tos 0x%02x)\n",
			     &daddr, &saddr, dev->name, tos);
		skb_dst_set_noref(skb, &rth->rt.dst);
		return 0;
	}
	myrt_explain(ex, "cache: miss (input key dst %pI4 src %pI4 iif %s tos 0x%02x)\n",
		     &daddr, &saddr, dev->name, tos);

	if (ipv4_is_multicast(daddr)) {
		struct in_device *in_dev = __in_dev_get_rcu(dev);

		err = -EINVAL;
		if (in_dev) {
			bool our = myrt_mc_member(in_dev, daddr);

			if (our || (!ipv4_is_local_multicast(daddr) &&
				    IN_DEV_MFORWARD(in_dev)))
				err = myrt_route_input_mc(skb, daddr, saddr,
							  tos, dev, our, ex);
		}
	} else {
		err = myrt_route_input_slow(skb, daddr, saddr, tos, dev, ex);
	}
	return err;
}

/**
 * myrt_route_input_noref - route an incoming packet (ip_route_input_noref)
 * @skb: the packet
 * @daddr: destination
 * @saddr: source
 * @tos: type of service
 * @dev: the input device
 * @ex: explain the lookup step by step, or NULL
 *
 * The route cache first, then multicast recognition, then the slow path.
 * Caller holds RCU.  A cache hit gives @skb its entry without a reference
 * (skb_dst_set_noref()): valid until the caller's read section ends.
 * Whatever keeps the packet longer (a socket's queue, the defragmenter, a
 * neighbour's queue, a qdisc, mylo) takes a reference with skb_dst_force(),
 * as it does for the kernel's own input routes.
 */
int myrt_route_input_noref(struct sk_buff *skb, __be32 daddr, __be32 saddr,
			   u8 tos, struct net_device *dev,
			   struct myrt_explain *ex)
{
	struct myrt_rtable *rth;

	tos &= MYRT_IPTOS_RT_MASK;
	rth = myrt_cache_lookup_input(dev_net(dev), daddr, saddr, dev->ifindex,
				      tos, skb->mark);
	if (likely(rth && !ex)) {
		skb_dst_set_noref(skb, &rth->rt.dst);
		return 0;
	}
	return myrt_route_input_miss(skb, daddr, saddr, tos, dev, rth, ex);
}
EXPORT_SYMBOL_GPL(myrt_route_input_noref);	/* for the benchmark (myrt_bench.c) */

/**
 * myrt_route_input - route an incoming packet, with a reference (ip_route_input)
 * @skb: the packet; on success it holds a reference to its route
 * @daddr: destination
 * @saddr: source
 * @tos: type of service
 * @dev: the input device
 * @ex: explain the lookup step by step, or NULL
 *
 * For callers whose packet outlives their RCU read section.
 */
int myrt_route_input(struct sk_buff *skb, __be32 daddr, __be32 saddr, u8 tos,
		     struct net_device *dev, struct myrt_explain *ex)
{
	int err;

	rcu_read_lock();
	err = myrt_route_input_noref(skb, daddr, saddr, tos, dev, ex);
	if (!err) {
		skb_dst_force(skb);
		if (!skb_dst(skb))
			err = -EINVAL;
	}
	rcu_read_unlock();
	return err;
}

/* __mkroute_output + ip_mkroute_output. */
static struct myrt_rtable *myrt_mkroute_output(struct net *net,
					       struct myrt_fib_result *res,
					       const struct flowi4 *fl,
					       const struct flowi4 *oldflp,
					       struct net_device *dev_out,
					       unsigned int flags, int genid,
					       struct myrt_explain *ex)
{
	u8 tos = MYRT_RT_FL_TOS(myrt_fl4_tos(oldflp));
	struct in_device *in_dev;
	struct myrt_rtable *rth;
	bool have_fi = res->fi;

	if (ipv4_is_loopback(fl->saddr) && !(dev_out->flags & IFF_LOOPBACK))
		return ERR_PTR(-EINVAL);
	if (fl->daddr == htonl(INADDR_BROADCAST))
		res->type = RTN_BROADCAST;
	else if (ipv4_is_multicast(fl->daddr))
		res->type = RTN_MULTICAST;
	else if (ipv4_is_lbcast(fl->daddr) || ipv4_is_zeronet(fl->daddr))
		return ERR_PTR(-EINVAL);

	if (dev_out->flags & IFF_LOOPBACK)
		flags |= RTCF_LOCAL;

	in_dev = __in_dev_get_rcu(dev_out);
	if (!in_dev)
		return ERR_PTR(-EINVAL);

	if (res->type == RTN_BROADCAST) {
		flags |= RTCF_BROADCAST | RTCF_LOCAL;
		have_fi = false;
	} else if (res->type == RTN_MULTICAST) {
		flags |= RTCF_MULTICAST | RTCF_LOCAL;
		if (!myrt_mc_member(in_dev, oldflp->daddr))
			flags &= ~RTCF_LOCAL;
		/* No multicast route: use the default one, without gateway. */
		if (have_fi && res->prefixlen < 4)
			have_fi = false;
	}

	rth = myrt_rt_alloc(net, dev_out, genid);
	if (!rth)
		return ERR_PTR(-ENOBUFS);

	rth->fl_dst = oldflp->daddr;
	rth->fl_tos = tos;
	rth->fl_src = oldflp->saddr;
	rth->fl_oif = oldflp->flowi4_oif;
	rth->fl_mark = oldflp->flowi4_mark;
	rth->fl_iif = 0;
	rth->rt_dst = fl->daddr;
	rth->rt_src = fl->saddr;
	rth->rt_dst_map = fl->daddr;
	rth->rt_src_map = fl->saddr;
	rth->rt.rt_iif = oldflp->flowi4_oif ? : dev_out->ifindex;
	rth->rt_gateway = fl->daddr;
	rth->rt_spec_dst = fl->saddr;
	rth->rt.dst.output = myrt_output;
	MYRT_CACHE_STAT_INC(out_slow_tot);

	if (flags & RTCF_LOCAL) {
		rth->rt.dst.input = myrt_local_deliver;
		rth->rt_spec_dst = fl->daddr;
	}
	if (flags & (RTCF_BROADCAST | RTCF_MULTICAST)) {
		rth->rt_spec_dst = fl->saddr;
		if ((flags & RTCF_LOCAL) && !(dev_out->flags & IFF_LOOPBACK)) {
			rth->rt.dst.output = myrt_mc_output;
			MYRT_CACHE_STAT_INC(out_slow_mc);
		}
	}
	rth->rt.rt_type = res->type;
	if (!have_fi)
		res->fi = NULL;	/* as classic: the rule's realms still count */
	myrt_set_nexthop(net, rth, res, 0);
	myrt_explain_realms(ex, rth, res, 0);
	rth->rt.rt_type = res->type;
	rth->rt.rt_flags = flags;
	myrt_explain(ex, "new output entry: dev %s src %pI4 gateway %pI4 type %s rt_flags 0x%08x\n",
		     dev_out->name, &rth->rt_src, &rth->rt_gateway,
		     myrt_rtn_name(res->type), flags);

	rth = myrt_cache_intern(net, rth, false);
	if (!IS_ERR(rth))
		myrt_explain_inserted(ex, rth);
	return rth;
}

/*
 * Output step: the source address the caller gave must be one of ours,
 * and not multicast, limited broadcast or zero net.  Multicast and limited
 * broadcast without an oif leave through the source's device at once.
 * 1 when the route is to be made now (*@dev_out set), 0 to go on, or a
 * negative errno.
 */
static int myrt_output_given_source(struct net *net,
				    const struct flowi4 *oldflp,
				    struct flowi4 *fl,
				    struct net_device **dev_out,
				    struct myrt_explain *ex)
{
	struct net_device *dev;

	if (ipv4_is_multicast(oldflp->saddr) ||
	    ipv4_is_lbcast(oldflp->saddr) ||
	    ipv4_is_zeronet(oldflp->saddr))
		return -EINVAL;
	/* The source must be one of our addresses. */
	dev = __ip_dev_find(net, oldflp->saddr, false);
	if (!dev) {
		myrt_explain(ex, "source %pI4 is not a local address\n",
			     &oldflp->saddr);
		return -EINVAL;
	}
	if (!oldflp->flowi4_oif &&
	    (ipv4_is_multicast(oldflp->daddr) ||
	     oldflp->daddr == htonl(INADDR_BROADCAST))) {
		/* Multicast/broadcast out of the source's device. */
		fl->flowi4_oif = dev->ifindex;
		*dev_out = dev;
		return 1;
	}
	return 0;
}

/*
 * Output step: the output device the caller gave (oif) must exist and
 * have IPv4 (*@dev_out).  Local multicast and limited broadcast leave
 * through it at once; otherwise a source is chosen on it for multicast
 * and for no destination, when the caller gave none.  1 when the route
 * is to be made now, 0 to go on, or -ENODEV.
 */
static int myrt_output_given_oif(struct net *net, const struct flowi4 *oldflp,
				 struct flowi4 *fl,
				 struct net_device **dev_out)
{
	struct net_device *dev = dev_get_by_index_rcu(net, oldflp->flowi4_oif);

	*dev_out = dev;
	if (!dev || !__in_dev_get_rcu(dev))
		return -ENODEV;
	if (ipv4_is_local_multicast(oldflp->daddr) ||
	    oldflp->daddr == htonl(INADDR_BROADCAST)) {
		if (!fl->saddr)
			fl->saddr = inet_select_addr(dev, 0, RT_SCOPE_LINK);
		return 1;
	}
	if (!fl->saddr) {
		if (ipv4_is_multicast(oldflp->daddr))
			fl->saddr = inet_select_addr(dev, 0, fl->flowi4_scope);
		else if (!oldflp->daddr)
			fl->saddr = inet_select_addr(dev, 0, RT_SCOPE_HOST);
	}
	return 0;
}

/*
 * Output step after the FIB lookup of a unicast route: the nexthop
 * (multipath selection, or the default route's), then the source
 * address (the route's preferred source) when the caller gave none.
 * Returns the output device.
 */
static struct net_device *myrt_output_nexthop(struct myrt_net *mn,
					      struct flowi4 *fl,
					      struct myrt_fib_result *res,
					      struct myrt_explain *ex)
{
	struct net_device *dev;

	if (res->fi->fib_nhs > 1 && !fl->flowi4_oif)
		myrt_fib_select_multipath(res);
	else if (!res->prefixlen && res->type == RTN_UNICAST &&
		 !fl->flowi4_oif)
		myrt_fib_select_default(mn, fl, res);

	if (!fl->saddr)
		fl->saddr = MYRT_FIB_RES_PREFSRC(*res);
	dev = MYRT_FIB_RES_DEV(*res);
	fl->flowi4_oif = dev->ifindex;
	myrt_explain(ex, "nexthop %u: dev %s gateway %pI4, source %pI4\n",
		     res->nh_sel, dev->name, &MYRT_FIB_RES_GW(*res),
		     &fl->saddr);
	return dev;
}

/*
 * For tests only (selftests/route_genid.sh): race_delay_ms > 0 makes a
 * process-context output slow path wait that long after its FIB lookup,
 * busy (under RCU), after a "race_delay" line in the kernel log, so that a
 * test can change the tables in between.  Off (0) by default.
 */
static unsigned int myrt_race_delay_ms;
module_param_named(race_delay_ms, myrt_race_delay_ms, uint, 0600);
MODULE_PARM_DESC(race_delay_ms,
		 "tests only: output slow path waits this long after its FIB lookup");

static void myrt_race_delay(void)
{
	unsigned int ms = READ_ONCE(myrt_race_delay_ms);

	if (likely(!ms) || in_softirq())
		return;
	pr_info("race_delay: FIB lookup done, waiting %u ms\n", ms);
	mdelay(min(ms, 5000U));
}

/*
 * ip_route_output_slow.  The entry is keyed by the ORIGINAL flow @oldflp
 * (dst, src, oif as the caller gave them); rt_dst and rt_src hold the
 * resolved addresses.  In steps: the source given, the output device
 * given, no destination (local), the FIB lookup, then a local destination
 * or the nexthop and source of a unicast route.  Called under RCU.
 */
static struct myrt_rtable *myrt_route_output_slow(struct net *net,
						  const struct flowi4 *oldflp,
						  struct myrt_explain *ex)
{
	struct myrt_net *mn = myrt_pernet_rcu(net);
	int genid = myrt_mn_genid_begin(mn);	/* before the lookup */
	struct net_device *lo = myrt_mn_loopback_dev(mn);
	u8 tos = MYRT_RT_FL_TOS(myrt_fl4_tos(oldflp));
	struct myrt_fib_result res = {};
	struct net_device *dev_out = NULL;
	struct myrt_rtable *rth;
	unsigned int flags = 0;
	struct flowi4 fl = {
		.daddr = oldflp->daddr,
		.saddr = oldflp->saddr,
		MYRT_FL4_TOS(tos & MYRT_IPTOS_RT_MASK),
		.flowi4_scope = (tos & MYRT_RTO_ONLINK) ? RT_SCOPE_LINK :
							 RT_SCOPE_UNIVERSE,
		.flowi4_mark = oldflp->flowi4_mark,
		.flowi4_iif = lo->ifindex,
		.flowi4_oif = oldflp->flowi4_oif,
	};
	int err;

	myrt_explain(ex, "output slow path: dst %pI4 src %pI4 oif %d tos 0x%02x\n",
		     &fl.daddr, &fl.saddr, fl.flowi4_oif, tos);

	if (oldflp->saddr) {
		err = myrt_output_given_source(net, oldflp, &fl, &dev_out, ex);
		if (err < 0)
			goto out;
		if (err)
			goto make_route;
	}
	if (oldflp->flowi4_oif) {
		err = myrt_output_given_oif(net, oldflp, &fl, &dev_out);
		if (err < 0)
			goto out;
		if (err)
			goto make_route;
	}

	if (!fl.daddr) {
		fl.daddr = fl.saddr;
		if (!fl.daddr) {
			fl.saddr = htonl(INADDR_LOOPBACK);
			fl.daddr = fl.saddr;
		}
		dev_out = lo;
		fl.flowi4_oif = lo->ifindex;
		res.type = RTN_LOCAL;
		flags |= RTCF_LOCAL;
		myrt_explain(ex, "no destination: local route through %s\n",
			     lo->name);
		goto make_route;
	}

	err = myrt_fib_lookup(mn, &fl, &res, ex);
	if (err) {
		res.fi = NULL;
		if (oldflp->flowi4_oif) {
			/* Tables are wrong: assume the destination is on link. */
			if (!fl.saddr)
				fl.saddr = inet_select_addr(dev_out, 0,
							    RT_SCOPE_LINK);
			res.type = RTN_UNICAST;
			myrt_explain(ex, "no route, but oif given: assume on link\n");
			goto make_route;
		}
		myrt_explain(ex, "no route: network unreachable\n");
		err = -ENETUNREACH;
		goto out;
	}
	myrt_race_delay();
	myrt_explain(ex, "FIB result: type %s, /%u\n", myrt_rtn_name(res.type),
		     res.prefixlen);

	if (res.type == RTN_LOCAL) {
		if (!fl.saddr)
			fl.saddr = fl.daddr;
		dev_out = lo;
		fl.flowi4_oif = dev_out->ifindex;
		res.fi = NULL;
		flags |= RTCF_LOCAL;
		myrt_explain(ex, "local destination: through %s\n", lo->name);
		goto make_route;
	}
	if (res.type == RTN_NAT) {
		err = -EINVAL;
		goto out;
	}

	dev_out = myrt_output_nexthop(mn, &fl, &res, ex);

make_route:
	rth = myrt_mkroute_output(net, &res, &fl, oldflp, dev_out, flags,
				  genid, ex);
	trace_myrt_route_slow(oldflp->daddr, oldflp->saddr,
			      oldflp->flowi4_oif, false,
			      IS_ERR(rth) ? PTR_ERR(rth) : 0, res.type, flags);
	return rth;
out:
	trace_myrt_route_slow(oldflp->daddr, oldflp->saddr,
			      oldflp->flowi4_oif, false, err, res.type, flags);
	return ERR_PTR(err);
}

/* myrt_route_output_key() past the cache's fast answer (@rth: its hit). */
static noinline struct myrt_rtable *
myrt_route_output_miss(struct net *net, struct flowi4 *fl4,
		       struct myrt_rtable *rth, struct myrt_explain *ex)
{
	if (rth) {
		myrt_explain(ex, "cache: hit (output key dst %pI4 src %pI4 oif %d tos 0x%02x)\n",
			     &fl4->daddr, &fl4->saddr, fl4->flowi4_oif,
			     MYRT_RT_FL_TOS(myrt_fl4_tos(fl4)));
	} else {
		myrt_explain(ex, "cache: miss (output key dst %pI4 src %pI4 oif %d tos 0x%02x)\n",
			     &fl4->daddr, &fl4->saddr, fl4->flowi4_oif,
			     MYRT_RT_FL_TOS(myrt_fl4_tos(fl4)));
		rcu_read_lock();
		rth = myrt_route_output_slow(net, fl4, ex);
		rcu_read_unlock();
		if (IS_ERR(rth))
			return rth;
	}
	if (!fl4->saddr)
		fl4->saddr = rth->rt_src;
	if (!fl4->daddr)
		fl4->daddr = rth->rt_dst;
	return rth;
}

/**
 * myrt_route_output_key - route a locally generated packet
 * @net: the namespace
 * @fl4: the flow: daddr, saddr (0: choose), flowi4_oif, flowi4_tos,
 *	 flowi4_mark.  On success saddr and daddr hold the chosen addresses.
 * @ex: explain the lookup step by step, or NULL
 *
 * Returns the entry with a reference held, or an ERR_PTR.
 */
struct myrt_rtable *myrt_route_output_key(struct net *net, struct flowi4 *fl4,
					  struct myrt_explain *ex)
{
	struct myrt_rtable *rth;

	rth = myrt_cache_lookup_output(net, fl4);
	if (likely(rth && !ex)) {
		if (!fl4->saddr)
			fl4->saddr = rth->rt_src;
		if (!fl4->daddr)
			fl4->daddr = rth->rt_dst;
		return rth;
	}
	return myrt_route_output_miss(net, fl4, rth, ex);
}
EXPORT_SYMBOL_GPL(myrt_route_output_key);	/* for the benchmark (myrt_bench.c) */

/**
 * myrt_route_connect - the route of a socket that connects (ip_route_connect)
 * @fl4: the flow, filled in here
 * @dst: destination address
 * @src: source address, 0 to let routing choose
 * @tos: type of service (RTO_ONLINK bit included)
 * @oif: output interface or 0
 * @protocol: IP protocol
 * @sport: source port
 * @dport: destination port
 * @sk: the socket
 *
 * Without a source (or destination) address a first lookup picks it; the
 * real lookup is then made with the chosen addresses (seed 000).
 */
struct myrt_rtable *myrt_route_connect(struct flowi4 *fl4, __be32 dst,
				       __be32 src, u8 tos, int oif, u8 protocol,
				       __be16 sport, __be16 dport,
				       struct sock *sk)
{
	struct net *net = sock_net(sk);
	struct myrt_rtable *rth;

	memset(fl4, 0, sizeof(*fl4));
	fl4->daddr = dst;
	fl4->saddr = src;
	myrt_fl4_set_tos(fl4, tos);
	fl4->flowi4_oif = oif;
	fl4->flowi4_mark = READ_ONCE(sk->sk_mark);
	fl4->flowi4_proto = protocol;
	fl4->flowi4_scope = RT_SCOPE_UNIVERSE;
	fl4->fl4_sport = sport;
	fl4->fl4_dport = dport;

	if (!dst || !src) {
		rth = myrt_route_output_key(net, fl4, NULL);
		if (IS_ERR(rth))
			return rth;
		dst_release(&rth->rt.dst);
	}
	return myrt_route_output_key(net, fl4, NULL);
}

/*
 * Is @skb a frame being bridged, shown to the IPv4 PRE_ROUTING hooks by
 * br_netfilter (br_nf_pre_routing() with bridge-nf-call-iptables)?  The
 * bridge decides after the hooks whether it forwards the frame or passes it
 * up to the host (then it comes through ip_rcv() again, no longer marked
 * in_prerouting), so it is not ours to route: br_netfilter's own
 * ip_sabotage_in() tells the two passes apart the same way.
 */
static bool myrt_skb_bridged(const struct sk_buff *skb)
{
#if IS_ENABLED(CONFIG_BRIDGE_NETFILTER)
	const struct nf_bridge_info *nf_bridge = nf_bridge_info_get(skb);

	return nf_bridge && nf_bridge->in_prerouting;
#else
	return false;
#endif
}

/*
 * ip_rcv_options: what ip_rcv_finish() does after routing a packet with IP
 * options, which it will not see (myrt takes it before): check and parse
 * them into IPCB(skb)->opt (ICMP parameter problem on a bad one, fills
 * record route and timestamp as the kernel does), so that forwarding
 * records its address and fragmentation copies only the options to copy.
 * Source routes are dropped: myrt does not source-route (a martian where
 * accept_source_route is off, as the kernel logs it).  True: drop.
 */
static bool myrt_rcv_options(struct sk_buff *skb, struct net_device *dev)
{
	struct net *net = dev_net(dev);
	struct ip_options *opt;
	struct in_device *in_dev;

	if (skb_cow(skb, skb_headroom(skb))) {
		__IP_INC_STATS(net, IPSTATS_MIB_INDISCARDS);
		return true;
	}
	opt = &IPCB(skb)->opt;
	opt->optlen = ip_hdr(skb)->ihl * 4 - sizeof(struct iphdr);
	if (ip_options_compile(net, opt, skb)) {
		__IP_INC_STATS(net, IPSTATS_MIB_INHDRERRORS);
		return true;
	}
	if (unlikely(opt->srr)) {
		in_dev = __in_dev_get_rcu(dev);
		if (in_dev && !IN_DEV_SOURCE_ROUTE(in_dev) &&
		    IN_DEV_LOG_MARTIANS(in_dev))
			net_info_ratelimited("myrt: source route option %pI4 -> %pI4\n",
					     &ip_hdr(skb)->saddr,
					     &ip_hdr(skb)->daddr);
		return true;
	}
	return false;
}

/*
 * Every DUMMY packet that arrives is myrt's: it is taken before the kernel
 * routes it (PRE_ROUTING, first priority) and goes through myrt's input
 * routing.  A packet that looped through mylo keeps its output route.
 * Frames a bridge is switching are left alone.
 */
static unsigned int myrt_pre_routing(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct dst_entry *dst = skb_dst(skb);
	int err;

	if (unlikely(myrt_skb_bridged(skb)))
		return NF_ACCEPT;
	if (iph->protocol != myrt_proto)
		return myrt_nat_pre_routing(skb, state);

	if (!dst || !myrt_is_myrt_dst(dst)) {
		skb_dst_drop(skb);
		/* nf_hook() holds RCU until the packet is consumed */
		err = myrt_route_input_noref(skb, iph->daddr, iph->saddr,
					     iph->tos, state->in, NULL);
		if (err) {
			kfree_skb(skb);
			return NF_STOLEN;
		}
	}
	/* classic ip_rcv_finish: per-realm accounting, then the options */
	if (unlikely(myrt_skb_rt(skb)->rt_tclassid))
		myrt_rt_acct_count(state->net, skb,
				   myrt_skb_rt(skb)->rt_tclassid);
	/* the kernel parses options after routing (ip_rcv_finish_core) */
	if (unlikely(ip_hdr(skb)->ihl > 5)) {
		bool drop;

		rcu_read_lock();
		drop = myrt_rcv_options(skb, skb->dev);
		rcu_read_unlock();
		if (drop) {
			kfree_skb(skb);
			return NF_STOLEN;
		}
	}
	dst_input(skb);
	return NF_STOLEN;
}

static const struct nf_hook_ops myrt_nf_ops = {
	.hook		= myrt_pre_routing,
	.pf		= NFPROTO_IPV4,
	.hooknum	= NF_INET_PRE_ROUTING,
	.priority	= NF_IP_PRI_FIRST,
};

static int __net_init myrt_net_init(struct net *net)
{
	struct myrt_net *mn = myrt_pernet(net);
	int ret;

	mn->net = net;
	ret = myrt_cache_net_init(mn);
	if (ret)
		return ret;
	ret = myrt_fib_net_init(mn);
	if (ret)
		goto err_fib;
	ret = myrt_proc_net_init(mn);
	if (ret)
		goto err_proc;
	ret = myrt_sysctl_net_init(mn);
	if (ret)
		goto err_sysctl;
	ret = nf_register_net_hook(net, &myrt_nf_ops);
	if (ret)
		goto err_hook;
	return 0;

err_hook:
	myrt_sysctl_net_exit(mn);
err_sysctl:
	myrt_proc_net_exit(mn);
err_proc:
	myrt_fib_net_exit(mn);
err_fib:
	myrt_cache_net_exit(mn);
	return ret;
}

/* What each netns does alone; myrt_net_exit_batch() follows. */
static void __net_exit myrt_net_exit(struct net *net)
{
	struct myrt_net *mn = myrt_pernet(net);

	nf_unregister_net_hook(net, &myrt_nf_ops);
	myrt_sysctl_net_exit(mn);
	myrt_proc_net_exit(mn);
	myrt_fib_net_exit_unlink(mn);
}

/*
 * The waits and the walk of the route cache, once for every batch of
 * namespaces going away together (cleanup_net(); every netns at rmmod),
 * not once per netns.
 */
static void __net_exit myrt_net_exit_batch(struct list_head *net_list)
{
	struct net *net;

	/* no reader can reach their tables any more after this */
	synchronize_rcu();
	list_for_each_entry(net, net_list, exit_list)
		myrt_fib_net_exit_tables(myrt_pernet(net));
	/* infos are freed (and their device references dropped) by RCU */
	rcu_barrier();
	list_for_each_entry(net, net_list, exit_list)
		myrt_fib_net_exit_infos(myrt_pernet(net));
	myrt_cache_net_exit_batch(net_list);
}

static struct pernet_operations myrt_net_ops = {
	.init = myrt_net_init,
	.exit = myrt_net_exit,
	.exit_batch = myrt_net_exit_batch,
	.id   = &myrt_net_id,
	.size = sizeof(struct myrt_net),
};

static int __init myrt_init(void)
{
	int ret;

	ret = myrt_dst_init();
	if (ret)
		return ret;
	ret = myrt_cache_init();
	if (ret)
		goto err_cache;
	ret = myrt_sysctl_init();
	if (ret)
		goto err_sysctl;
	ret = register_pernet_subsys(&myrt_net_ops);
	if (ret)
		goto err_pernet;
	myrt_pernet_set_up(true);
	ret = myrt_fib_init();
	if (ret)
		goto err_fib;
	ret = myrt_mylo_init();
	if (ret)
		goto err_mylo;
	ret = myrt_dummy_init();
	if (ret)
		goto err_dummy;
	ret = myrt_netlink_init();
	if (ret)
		goto err_netlink;

	pr_info("classic IPv4 routing loaded (DUMMY protocol %d)\n", myrt_proto);
	return 0;

err_netlink:
	myrt_dummy_exit();
err_dummy:
	myrt_mylo_exit();
err_mylo:
	myrt_fib_exit();
err_fib:
	myrt_pernet_set_up(false);
	unregister_pernet_subsys(&myrt_net_ops);
err_pernet:
	myrt_sysctl_exit();
err_sysctl:
	myrt_cache_exit();
err_cache:
	myrt_dst_exit();
	return ret;
}

static void __exit myrt_exit(void)
{
	myrt_netlink_exit();
	myrt_dummy_exit();
	myrt_mylo_exit();
	myrt_fib_exit();
	myrt_pernet_set_up(false);
	unregister_pernet_subsys(&myrt_net_ops);
	myrt_sysctl_exit();
	myrt_cache_exit();
	myrt_dst_exit();
	pr_info("unloaded\n");
}

module_init(myrt_init);
module_exit(myrt_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("The classic IPv4 routing subsystem (fib_hash, route cache) as a module");
MODULE_AUTHOR("myrt developers");
