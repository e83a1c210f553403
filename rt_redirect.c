// SPDX-License-Identifier: GPL-2.0
/*
 * Incoming ICMP redirects (the classic ip_rt_redirect).
 *
 * A router that forwarded one of our packets back out of the interface it
 * came in on tells us about a better gateway on the same link.  If the
 * advice is sane, every cached output route to that destination that uses
 * the advising router is replaced by a copy flagged RTCF_REDIRECTED whose
 * gateway is the advised one; sockets holding the old entry notice that it
 * is stale and look their route up again.
 *
 * The old entry is made stale by giving it a generation the cache no longer
 * has (as a flush does for all entries); inserting the copy under the same
 * key then unlinks it from its chain (rt_del + rt_intern_hash).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/inetdevice.h>
#include <net/neighbour.h>
#include <net/arp.h>
#include <net/ip.h>
#include "myrt.h"

/* Entries of one key redirected at most: one per TOS value (and RTO_ONLINK). */
#define MYRT_REDIRECT_MAX	16

/* inet_addr_onlink(): @a and @b both on one subnet of @in_dev. (RCU) */
static bool myrt_redirect_onlink(struct in_device *in_dev, __be32 a, __be32 b)
{
	const struct in_ifaddr *ifa;

	in_dev_for_each_ifa_rcu(ifa, in_dev) {
		if (inet_ifa_match(a, ifa) && inet_ifa_match(b, ifa))
			return true;
	}
	return false;
}

/* A copy of @old (an output entry) with @new_gw as its gateway. */
static struct myrt_rtable *myrt_redirect_clone(struct net *net,
					       struct myrt_rtable *old,
					       __be32 new_gw)
{
	struct net_device *dev = old->rt.dst.dev;
	struct myrt_rtable *rth;

	/* as current as @old: stale at once if @old is */
	rth = myrt_rt_alloc(net, dev, READ_ONCE(old->rt.rt_genid));
	if (!rth)
		return NULL;

	rth->fl_dst = old->fl_dst;
	rth->fl_src = old->fl_src;
	rth->fl_oif = old->fl_oif;
	rth->fl_iif = old->fl_iif;
	rth->fl_mark = old->fl_mark;
	rth->fl_tos = old->fl_tos;
	rth->classic_flags = old->classic_flags | MYRT_DST_HOST;
	rth->rt_dst = old->rt_dst;
	rth->rt_src = old->rt_src;
	rth->rt_spec_dst = old->rt_spec_dst;
	rth->rt_src_map = old->rt_src_map;
	rth->rt_dst_map = old->rt_dst_map;
	myrt_rt_set_tclassid(rth, old->rt_tclassid);	/* classic *rt = *rth */
	memcpy(rth->metrics, old->metrics, sizeof(rth->metrics));

	rth->rt.dst.input = old->rt.dst.input;
	rth->rt.dst.output = old->rt.dst.output;
	rth->rt.dst.expires = old->rt.dst.expires;
	rth->rt.rt_type = old->rt.rt_type;
	rth->rt.rt_iif = old->rt.rt_iif;
	rth->rt.rt_is_input = 0;
	rth->rt.rt_flags = old->rt.rt_flags | RTCF_REDIRECTED;

	rth->rt_gateway = new_gw;
	rth->rt.rt_gw_family = AF_INET;
	rth->rt.rt_gw4 = new_gw;
	rth->rt.rt_uses_gateway = 1;
	return rth;
}

/*
 * Replace @old by a redirected copy.  Returns true when done; false when
 * the new gateway's neighbour is not resolved yet (resolution is started:
 * the router's next redirect will find it valid) or memory is short.
 */
static bool myrt_redirect_one(struct net *net, struct myrt_rtable *old,
			      __be32 new_gw)
{
	struct myrt_rtable *rth;
	struct neighbour *n;

	rth = myrt_redirect_clone(net, old, new_gw);
	if (!rth)
		return false;
	/* The new gateway's neighbour, looked up but not kept (no binding). */
	n = __neigh_lookup_errno(&arp_tbl, &new_gw, rth->rt.dst.dev);
	if (IS_ERR(n))
		goto drop;
	if (!(READ_ONCE(n->nud_state) & NUD_VALID)) {
		neigh_event_send(n, NULL);
		neigh_release(n);
		goto drop;
	}
	neigh_release(n);

	/* rt_del: stale from now on, unlinked by the insertion below. */
	WRITE_ONCE(old->rt.rt_genid, myrt_rt_genid(net) - 1);
	rth = myrt_cache_intern(net, rth, false);
	if (IS_ERR(rth))
		return false;
	dst_release(&rth->rt.dst);
	return true;

drop:
	dst_release_immediate(&rth->rt.dst);
	return false;
}

/**
 * myrt_rt_redirect - an ICMP redirect arrived (ip_rt_redirect)
 * @net: the namespace
 * @old_gw: the router that sent it (the ICMP message's source)
 * @daddr: destination of our packet it quotes
 * @new_gw: the gateway it advises
 * @saddr: source of our packet it quotes
 * @tos: TOS of our packet it quotes (unused: every TOS's entries of the
 *	 key are redirected, as classic, whose hash had no TOS either)
 * @dev: the device the redirect came in on
 *
 * Sanity checks as classic: accept_redirects of @dev (as the kernel's
 * IN_DEV_RX_REDIRECTS: with forwarding on every level must agree), a new
 * gateway that is a unicast, non-local address other than the sender; on
 * a device without shared_media it must be on the same subnet as the old
 * one, and with secure_redirects a gateway a route of ours (any table)
 * already uses.  Only entries whose current gateway is @old_gw, on @dev,
 * are redirected, of every TOS (classic).
 * Returns the number of entries redirected (0: ignored).
 */
int myrt_rt_redirect(struct net *net, __be32 old_gw, __be32 daddr,
		     __be32 new_gw, __be32 saddr, u8 tos,
		     struct net_device *dev)
{
	struct myrt_net *mn = myrt_pernet(net);
	__be32 skeys[2] = { saddr, 0 };
	int ikeys[2] = { dev->ifindex, 0 };
	struct in_device *in_dev;
	int i, k, done = 0;

	rcu_read_lock();
	in_dev = __in_dev_get_rcu(dev);
	if (!in_dev)
		goto out;

	if (new_gw == old_gw || !IN_DEV_RX_REDIRECTS(in_dev) ||
	    ipv4_is_multicast(new_gw) || ipv4_is_lbcast(new_gw) ||
	    ipv4_is_zeronet(new_gw) || ipv4_is_loopback(new_gw))
		goto reject;
	if (myrt_fib_addr_type(mn, new_gw) != RTN_UNICAST)
		goto reject;
	if (!IN_DEV_SHARED_MEDIA(in_dev)) {
		if (!myrt_redirect_onlink(in_dev, new_gw, old_gw))
			goto reject;
		if (IN_DEV_SEC_REDIRECTS(in_dev) &&
		    !myrt_fib_known_gateway(mn, new_gw, dev))
			goto reject;
	}

	/* every entry of the four keys, whatever its TOS (classic) */
	for (i = 0; i < 2; i++) {
		for (k = 0; k < 2; k++) {
			struct myrt_rtable *found[MYRT_REDIRECT_MAX];
			int j, n;

			n = myrt_cache_get_output(net, daddr, skeys[i],
						  ikeys[k], found,
						  ARRAY_SIZE(found));
			for (j = 0; j < n; j++) {
				struct myrt_rtable *rth = found[j];

				if (rth->rt_dst == daddr &&
				    rth->rt_src == saddr &&
				    !rth->rt.dst.error &&
				    rth->rt_gateway == old_gw &&
				    rth->rt.dst.dev == dev &&
				    !(rth->rt.rt_flags &
				      (RTCF_LOCAL | RTCF_BROADCAST |
				       RTCF_MULTICAST)) &&
				    myrt_redirect_one(net, rth, new_gw))
					done++;
				dst_release(&rth->rt.dst);
			}
		}
	}
	rcu_read_unlock();
	return done;

reject:
	if (IN_DEV_LOG_MARTIANS(in_dev))
		net_info_ratelimited("redirect from %pI4 on %s about %pI4 ignored; advised path = %pI4 -> %pI4\n",
				     &old_gw, dev->name, &new_gw, &saddr,
				     &daddr);
out:
	rcu_read_unlock();
	return 0;
}
