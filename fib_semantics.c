// SPDX-License-Identifier: GPL-2.0
/*
 * fib_info and nexthops: creation with the classic checks, sharing of
 * identical infos (info hash, laddr hash by prefsrc, dev hash by nexthop
 * device), the semantic match of a lookup, multipath selection, default
 * gateway selection, and the reaction of nexthops to device events.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/jiffies.h>
#include <linux/inetdevice.h>
#include <net/arp.h>
#include <net/neighbour.h>
#include "myrt.h"

#define DEVINDEX_HASHBITS	8
#define DEVINDEX_HASHSIZE	BIT(DEVINDEX_HASHBITS)

static DEFINE_SPINLOCK(myrt_fib_multipath_lock);

const struct myrt_fib_prop myrt_fib_props[RTN_MAX + 1] = {
	[RTN_UNSPEC]	  = { .error = 0,	     .scope = RT_SCOPE_NOWHERE },
	[RTN_UNICAST]	  = { .error = 0,	     .scope = RT_SCOPE_UNIVERSE },
	[RTN_LOCAL]	  = { .error = 0,	     .scope = RT_SCOPE_HOST },
	[RTN_BROADCAST]	  = { .error = 0,	     .scope = RT_SCOPE_LINK },
	[RTN_ANYCAST]	  = { .error = 0,	     .scope = RT_SCOPE_LINK },
	[RTN_MULTICAST]	  = { .error = 0,	     .scope = RT_SCOPE_UNIVERSE },
	[RTN_BLACKHOLE]	  = { .error = -EINVAL,	     .scope = RT_SCOPE_UNIVERSE },
	[RTN_UNREACHABLE] = { .error = -EHOSTUNREACH, .scope = RT_SCOPE_UNIVERSE },
	[RTN_PROHIBIT]	  = { .error = -EACCES,	     .scope = RT_SCOPE_UNIVERSE },
	[RTN_THROW]	  = { .error = -EAGAIN,	     .scope = RT_SCOPE_UNIVERSE },
	[RTN_NAT]	  = { .error = 0,	     .scope = RT_SCOPE_HOST },
	[RTN_XRESOLVE]	  = { .error = -EINVAL,	     .scope = RT_SCOPE_NOWHERE },
};

const char *const myrt_rtn_names[RTN_MAX + 1] = {
	[RTN_UNSPEC] = "none", [RTN_UNICAST] = "unicast",
	[RTN_LOCAL] = "local", [RTN_BROADCAST] = "broadcast",
	[RTN_ANYCAST] = "anycast", [RTN_MULTICAST] = "multicast",
	[RTN_BLACKHOLE] = "blackhole", [RTN_UNREACHABLE] = "unreachable",
	[RTN_PROHIBIT] = "prohibit", [RTN_THROW] = "throw",
	[RTN_NAT] = "nat", [RTN_XRESOLVE] = "xresolve",
};

const char *myrt_scope_name(u8 scope, char *buf, size_t len)
{
	switch (scope) {
	case RT_SCOPE_UNIVERSE:
		return "global";
	case RT_SCOPE_SITE:
		return "site";
	case RT_SCOPE_LINK:
		return "link";
	case RT_SCOPE_HOST:
		return "host";
	case RT_SCOPE_NOWHERE:
		return "nowhere";
	}
	snprintf(buf, len, "%u", scope);
	return buf;
}

static const char *rtn_name(u8 type)
{
	return type <= RTN_MAX && myrt_rtn_names[type] ?
		myrt_rtn_names[type] : "?";
}

static inline unsigned int fib_devindex_hashfn(unsigned int val)
{
	unsigned int mask = DEVINDEX_HASHSIZE - 1;

	return (val ^ (val >> DEVINDEX_HASHBITS) ^
		(val >> (DEVINDEX_HASHBITS * 2))) & mask;
}

static inline unsigned int fib_info_hashfn(const struct myrt_fib_info *fi,
					   unsigned int mask)
{
	unsigned int val = fi->fib_nhs;

	val ^= fi->fib_protocol << 8;
	val ^= (__force u32)fi->fib_prefsrc;
	val ^= fi->fib_priority;
	return (val ^ (val >> 7) ^ (val >> 12)) & mask;
}

static inline unsigned int fib_laddr_hashfn(__be32 val, unsigned int mask)
{
	return ((__force u32)val ^ ((__force u32)val >> 7) ^
		((__force u32)val >> 14)) & mask;
}

static void myrt_free_info_rcu(struct rcu_head *head)
{
	struct myrt_fib_info *fi = container_of(head, struct myrt_fib_info,
						rcu);
	int i;

	for (i = 0; i < fi->fib_nhs; i++) {
		struct myrt_fib_nh *nh = &fi->fib_nh[i];

		if (nh->nh_dev)
			netdev_put(nh->nh_dev, &nh->nh_dev_tracker);
	}
	kfree(fi);
}

static void myrt_free_info(struct myrt_fib_info *fi)
{
	call_rcu(&fi->rcu, myrt_free_info_rcu);
}

void myrt_fib_info_put(struct myrt_fib_info *fi)
{
	if (refcount_dec_and_test(&fi->fib_clntref))
		myrt_free_info(fi);
}

/* Drop one tree reference (an alias went away).  RTNL. */
void myrt_fib_release_info(struct myrt_net *mn, struct myrt_fib_info *fi)
{
	int i;

	if (fi && --fi->fib_treeref == 0) {
		hlist_del(&fi->fib_hash);
		if (fi->fib_prefsrc)
			hlist_del(&fi->fib_lhash);
		for (i = 0; i < fi->fib_nhs; i++) {
			struct myrt_fib_nh *nh = &fi->fib_nh[i];

			if (nh->nh_dev)
				hlist_del_rcu(&nh->nh_hash);
		}
		mn->fib.info_cnt--;
		fi->fib_dead = 1;
		myrt_fib_info_put(fi);
	}
}

static bool myrt_nh_comp(const struct myrt_fib_info *fi,
			 const struct myrt_fib_info *ofi)
{
	int i;

	for (i = 0; i < fi->fib_nhs; i++) {
		const struct myrt_fib_nh *nh = &fi->fib_nh[i];
		const struct myrt_fib_nh *onh = &ofi->fib_nh[i];

		if (nh->nh_oif != onh->nh_oif || nh->nh_gw != onh->nh_gw ||
		    nh->nh_scope != onh->nh_scope ||
		    nh->nh_weight != onh->nh_weight ||
		    nh->nh_tclassid != onh->nh_tclassid ||
		    ((nh->nh_flags ^ onh->nh_flags) & ~RTNH_F_DEAD))
			return false;
	}
	return true;
}

static struct myrt_fib_info *find_info(struct myrt_net *mn,
				       const struct myrt_fib_info *nfi)
{
	struct myrt_fib_net *fn = &mn->fib;
	struct myrt_fib_info *fi;
	struct hlist_head *head;

	head = &fn->info_hash[fib_info_hashfn(nfi, fn->info_hash_size - 1)];
	hlist_for_each_entry(fi, head, fib_hash) {
		if (fi->fib_nhs != nfi->fib_nhs)
			continue;
		if (nfi->fib_protocol == fi->fib_protocol &&
		    nfi->fib_prefsrc == fi->fib_prefsrc &&
		    nfi->fib_priority == fi->fib_priority &&
		    nfi->fib_type == fi->fib_type &&
		    nfi->fib_scope == fi->fib_scope &&
		    !memcmp(nfi->fib_metrics, fi->fib_metrics,
			    sizeof(fi->fib_metrics)) &&
		    !((nfi->fib_flags ^ fi->fib_flags) & ~RTNH_F_DEAD) &&
		    myrt_nh_comp(fi, nfi))
			return fi;
	}
	return NULL;
}

/* Double the info and laddr hashes when the count reaches the size. */
static void fib_info_hash_grow(struct myrt_fib_net *fn)
{
	unsigned int new_size = fn->info_hash_size << 1, i;
	struct hlist_head *nh, *nl;

	nh = kvcalloc(new_size, sizeof(*nh), GFP_KERNEL);
	nl = kvcalloc(new_size, sizeof(*nl), GFP_KERNEL);
	if (!nh || !nl) {
		kvfree(nh);
		kvfree(nl);
		return;	/* keep the old size: longer chains, still correct */
	}
	for (i = 0; i < fn->info_hash_size; i++) {
		struct myrt_fib_info *fi;
		struct hlist_node *n;

		hlist_for_each_entry_safe(fi, n, &fn->info_hash[i], fib_hash) {
			hlist_del(&fi->fib_hash);
			hlist_add_head(&fi->fib_hash,
				       &nh[fib_info_hashfn(fi, new_size - 1)]);
		}
		hlist_for_each_entry_safe(fi, n, &fn->info_laddrhash[i],
					  fib_lhash) {
			hlist_del(&fi->fib_lhash);
			hlist_add_head(&fi->fib_lhash,
				       &nl[fib_laddr_hashfn(fi->fib_prefsrc,
							    new_size - 1)]);
		}
	}
	kvfree(fn->info_hash);
	kvfree(fn->info_laddrhash);
	fn->info_hash = nh;
	fn->info_laddrhash = nl;
	fn->info_hash_size = new_size;
}

/* The lookup a nexthop check makes: the raw classic one (-ESRCH). */
static int check_nh(struct myrt_net *mn, struct myrt_fib_config *cfg,
		    struct myrt_fib_nh *nh)
{
	struct netlink_ext_ack *extack = cfg->fc_extack;
	struct net *net = mn->net;
	struct net_device *dev;
	int err;

	if (nh->nh_gw) {
		struct myrt_fib_result res = {};
		struct flowi4 fl = {};

		if (nh->nh_flags & RTNH_F_ONLINK) {
			if (cfg->fc_scope >= RT_SCOPE_LINK) {
				NL_SET_ERR_MSG(extack,
					       "Nexthop has invalid scope");
				return -EINVAL;
			}
			if (myrt_fib_addr_type(mn, nh->nh_gw) != RTN_UNICAST) {
				NL_SET_ERR_MSG(extack,
					       "Nexthop has invalid gateway");
				return -EINVAL;
			}
			dev = __dev_get_by_index(net, nh->nh_oif);
			if (!dev) {
				NL_SET_ERR_MSG(extack, "Nexthop device required for onlink");
				return -ENODEV;
			}
			if (!(dev->flags & IFF_UP)) {
				NL_SET_ERR_MSG(extack, "Nexthop device is not up");
				return -ENETDOWN;
			}
			nh->nh_dev = dev;
			netdev_hold(dev, &nh->nh_dev_tracker, GFP_KERNEL);
			nh->nh_scope = RT_SCOPE_LINK;
			return 0;
		}

		fl.daddr = nh->nh_gw;
		fl.flowi4_scope = cfg->fc_scope + 1;
		fl.flowi4_oif = nh->nh_oif;
		if (fl.flowi4_scope < RT_SCOPE_LINK)
			fl.flowi4_scope = RT_SCOPE_LINK;
		rcu_read_lock();
		err = __myrt_fib_lookup(mn, &fl, &res, NULL);
		if (err) {
			rcu_read_unlock();
			NL_SET_ERR_MSG(extack,
				       "Nexthop gateway is not reachable (no route with a narrower scope)");
			return err;
		}
		err = -EINVAL;
		if (res.type != RTN_UNICAST && res.type != RTN_LOCAL) {
			NL_SET_ERR_MSG(extack, "Nexthop has invalid gateway");
			goto out;
		}
		nh->nh_scope = res.scope;
		nh->nh_oif = MYRT_FIB_RES_OIF(res);
		dev = MYRT_FIB_RES_DEV(res);
		if (!dev) {
			NL_SET_ERR_MSG(extack, "Nexthop has invalid gateway");
			goto out;
		}
		nh->nh_dev = dev;
		netdev_hold(dev, &nh->nh_dev_tracker, GFP_ATOMIC);
		err = -ENETDOWN;
		if (!(dev->flags & IFF_UP)) {
			NL_SET_ERR_MSG(extack, "Nexthop device is not up");
			goto out;
		}
		err = 0;
out:
		rcu_read_unlock();
		return err;
	}

	if (nh->nh_flags & (RTNH_F_PERVASIVE | RTNH_F_ONLINK)) {
		NL_SET_ERR_MSG(extack, "onlink/pervasive need a gateway");
		return -EINVAL;
	}
	dev = __dev_get_by_index(net, nh->nh_oif);
	if (!dev || !__in_dev_get_rtnl(dev)) {
		if (nh->nh_oif)
			NL_SET_ERR_MSG(extack, "No such device (or no IPv4 on it)");
		else
			NL_SET_ERR_MSG(extack, "Device or gateway required");
		return -ENODEV;
	}
	if (!(dev->flags & IFF_UP)) {
		NL_SET_ERR_MSG(extack, "Nexthop device is not up");
		return -ENETDOWN;
	}
	nh->nh_dev = dev;
	netdev_hold(dev, &nh->nh_dev_tracker, GFP_KERNEL);
	nh->nh_scope = RT_SCOPE_HOST;
	return 0;
}

/*
 * A nat route (2.4 static NAT): one gateway, the address the prefix maps
 * to, and nothing else.  2.4 asked for the gateway and refused a device or
 * multipath; the map must also be a unicast address that fits the prefix
 * (the prefix maps address by address: (daddr & ~mask) | gateway).
 */
static int nat_route_check(const struct myrt_fib_config *cfg)
{
	struct netlink_ext_ack *extack = cfg->fc_extack;
	__be32 gw = cfg->fc_gw;

	if (cfg->fc_nhs) {
		NL_SET_ERR_MSG(extack, "NAT route maps to one address: no multipath");
		return -EINVAL;
	}
	if (!gw) {
		NL_SET_ERR_MSG(extack, "NAT route needs the address it maps to (via)");
		return -EINVAL;
	}
	if (cfg->fc_oif) {
		NL_SET_ERR_MSG(extack, "NAT route takes no device");
		return -EINVAL;
	}
	if (cfg->fc_prefsrc) {
		NL_SET_ERR_MSG(extack, "NAT route takes no preferred source");
		return -EINVAL;
	}
	if (cfg->fc_flags & (RTNH_F_ONLINK | RTNH_F_PERVASIVE)) {
		NL_SET_ERR_MSG(extack, "NAT route takes no onlink/pervasive flag");
		return -EINVAL;
	}
	if (ipv4_is_multicast(gw) || ipv4_is_lbcast(gw) ||
	    ipv4_is_zeronet(gw) || ipv4_is_loopback(gw)) {
		NL_SET_ERR_MSG(extack, "NAT map address must be a unicast address");
		return -EINVAL;
	}
	if (gw & ~inet_make_mask(cfg->fc_dst_len)) {
		NL_SET_ERR_MSG(extack,
			       "NAT map address has bits in the host part of the prefix");
		return -EINVAL;
	}
	return 0;
}

struct myrt_fib_info *myrt_fib_create_info(struct myrt_net *mn,
					   struct myrt_fib_config *cfg)
{
	struct netlink_ext_ack *extack = cfg->fc_extack;
	struct myrt_fib_net *fn = &mn->fib;
	struct myrt_fib_info *fi, *ofi;
	int nhs = 1, err, i;

	if (cfg->fc_type > RTN_MAX || cfg->fc_type == RTN_UNSPEC) {
		NL_SET_ERR_MSG(extack, "Invalid route type");
		return ERR_PTR(-EINVAL);
	}
	if (cfg->fc_type == RTN_XRESOLVE) {
		NL_SET_ERR_MSG(extack, "Route type not supported");
		return ERR_PTR(-EOPNOTSUPP);
	}
	/* Fast check to catch the most weird cases */
	if (myrt_fib_props[cfg->fc_type].scope > cfg->fc_scope) {
		NL_SET_ERR_MSG(extack, "Invalid scope for this route type");
		return ERR_PTR(-EINVAL);
	}
	if (cfg->fc_type == RTN_NAT) {
		err = nat_route_check(cfg);
		if (err)
			return ERR_PTR(err);
	}
	if (cfg->fc_nhs) {
		nhs = cfg->fc_nhs;
		if (nhs > MYRT_FIB_MAX_NH) {
			NL_SET_ERR_MSG(extack, "Too many nexthops");
			return ERR_PTR(-EINVAL);
		}
	}

	if (fn->info_cnt >= fn->info_hash_size)
		fib_info_hash_grow(fn);

	fi = kzalloc(struct_size(fi, fib_nh, nhs), GFP_KERNEL);
	if (!fi)
		return ERR_PTR(-ENOBUFS);
	refcount_set(&fi->fib_clntref, 1);
	fi->fib_net = mn->net;
	fi->fib_protocol = cfg->fc_protocol;
	fi->fib_flags = cfg->fc_flags;
	fi->fib_priority = cfg->fc_priority;
	fi->fib_prefsrc = cfg->fc_prefsrc;
	fi->fib_type = cfg->fc_type;
	fi->fib_scope = cfg->fc_scope;
	fi->fib_nhs = nhs;
	memcpy(fi->fib_metrics, cfg->fc_metrics, sizeof(fi->fib_metrics));
	for (i = 0; i < nhs; i++)
		fi->fib_nh[i].nh_parent = fi;

	if (cfg->fc_nhs) {
		for (i = 0; i < nhs; i++) {
			struct myrt_fib_nh *nh = &fi->fib_nh[i];

			nh->nh_flags = (cfg->fc_flags & ~0xFF) |
				       cfg->fc_mp[i].flags;
			nh->nh_oif = cfg->fc_mp[i].oif;
			nh->nh_gw = cfg->fc_mp[i].gw;
			nh->nh_weight = cfg->fc_mp[i].hops + 1;
			nh->nh_tclassid = cfg->fc_mp[i].flow;
		}
		err = -EINVAL;
		if (cfg->fc_oif && fi->fib_nh[0].nh_oif != cfg->fc_oif) {
			NL_SET_ERR_MSG(extack, "Nexthop device index does not match RTA_OIF");
			goto failure;
		}
		if (cfg->fc_gw && fi->fib_nh[0].nh_gw != cfg->fc_gw) {
			NL_SET_ERR_MSG(extack, "Nexthop gateway does not match RTA_GATEWAY");
			goto failure;
		}
		if (cfg->fc_flow && fi->fib_nh[0].nh_tclassid != cfg->fc_flow) {
			NL_SET_ERR_MSG(extack, "Nexthop realms do not match RTA_FLOW");
			goto failure;
		}
	} else {
		struct myrt_fib_nh *nh = &fi->fib_nh[0];

		nh->nh_oif = cfg->fc_oif;
		nh->nh_gw = cfg->fc_gw;
		nh->nh_flags = cfg->fc_flags;
		nh->nh_weight = 1;
		nh->nh_tclassid = cfg->fc_flow;
	}

	if (cfg->fc_type == RTN_NAT) {
		/* No device: the mapped address is routed when used. */
		myrt_nat_enable(mn);
		goto link_it;
	}

	if (myrt_fib_props[cfg->fc_type].error) {
		if (cfg->fc_gw || cfg->fc_oif || cfg->fc_nhs) {
			NL_SET_ERR_MSG(extack,
				       "Gateway, device and multipath are not allowed for this route type");
			err = -EINVAL;
			goto failure;
		}
		goto link_it;
	}

	if (cfg->fc_scope > RT_SCOPE_HOST) {
		NL_SET_ERR_MSG(extack, "Invalid scope");
		err = -EINVAL;
		goto failure;
	}

	if (cfg->fc_scope == RT_SCOPE_HOST) {
		struct myrt_fib_nh *nh = &fi->fib_nh[0];

		/* Local address is added. */
		if (nhs != 1 || nh->nh_gw) {
			NL_SET_ERR_MSG(extack,
				       "Route with host scope can not have multiple nexthops or a gateway");
			err = -EINVAL;
			goto failure;
		}
		nh->nh_scope = RT_SCOPE_NOWHERE;
		nh->nh_dev = __dev_get_by_index(mn->net, nh->nh_oif);
		if (!nh->nh_dev) {
			NL_SET_ERR_MSG(extack, "Route with host scope needs a device");
			err = -ENODEV;
			goto failure;
		}
		netdev_hold(nh->nh_dev, &nh->nh_dev_tracker, GFP_KERNEL);
	} else {
		for (i = 0; i < nhs; i++) {
			err = check_nh(mn, cfg, &fi->fib_nh[i]);
			if (err)
				goto failure;
		}
	}

	if (fi->fib_prefsrc) {
		if (cfg->fc_type != RTN_LOCAL || !cfg->fc_dst ||
		    fi->fib_prefsrc != cfg->fc_dst)
			if (myrt_fib_addr_type(mn, fi->fib_prefsrc) !=
			    RTN_LOCAL) {
				NL_SET_ERR_MSG(extack, "Invalid prefsrc address");
				err = -EINVAL;
				goto failure;
			}
	}

link_it:
	ofi = find_info(mn, fi);
	if (ofi) {
		fi->fib_dead = 1;
		myrt_free_info(fi);
		ofi->fib_treeref++;
		return ofi;
	}

	fi->fib_treeref++;
	fi->fib_id = ++fn->info_id;	/* fib_dump.c names infos by it */
	fn->info_cnt++;
	hlist_add_head(&fi->fib_hash,
		       &fn->info_hash[fib_info_hashfn(fi,
						      fn->info_hash_size - 1)]);
	if (fi->fib_prefsrc)
		hlist_add_head(&fi->fib_lhash,
			       &fn->info_laddrhash[fib_laddr_hashfn(fi->fib_prefsrc,
								    fn->info_hash_size - 1)]);
	for (i = 0; i < nhs; i++) {
		struct myrt_fib_nh *nh = &fi->fib_nh[i];

		if (!nh->nh_dev)
			continue;
		hlist_add_head_rcu(&nh->nh_hash,
				   &fn->info_devhash[fib_devindex_hashfn(nh->nh_dev->ifindex)]);
	}
	return fi;

failure:
	fi->fib_dead = 1;
	myrt_free_info(fi);
	return ERR_PTR(err);
}

/* Does a delete request's nexthop part match @fi?  0: yes. */
int myrt_fib_nh_match(const struct myrt_fib_config *cfg,
		      const struct myrt_fib_info *fi)
{
	int i;

	if (cfg->fc_priority && cfg->fc_priority != fi->fib_priority)
		return 1;
	if (cfg->fc_oif || cfg->fc_gw) {
		if ((!cfg->fc_oif || cfg->fc_oif == fi->fib_nh[0].nh_oif) &&
		    (!cfg->fc_gw || cfg->fc_gw == fi->fib_nh[0].nh_gw))
			return 0;
		return 1;
	}
	if (!cfg->fc_nhs)
		return 0;
	if (cfg->fc_nhs != fi->fib_nhs)
		return 1;
	for (i = 0; i < fi->fib_nhs; i++) {
		const struct myrt_fib_nh_cfg *c = &cfg->fc_mp[i];

		if (c->oif && c->oif != fi->fib_nh[i].nh_oif)
			return 1;
		if (c->gw && c->gw != fi->fib_nh[i].nh_gw)
			return 1;
		if (c->has_flow && c->flow != fi->fib_nh[i].nh_tclassid)
			return 1;
	}
	return 0;
}

static void explain_alias(struct myrt_explain *ex,
			  const struct myrt_fib_alias *fa)
{
	myrt_explain(ex, "      alias %s tos 0x%02x metric %u ",
		     rtn_name(fa->fa_type), fa->fa_tos,
		     fa->fa_info->fib_priority);
}

/*
 * Walk the aliases of a matching node.  0: @res filled; < 0: the error of
 * an error route type; 1: nothing usable here, try a shorter prefix.
 */
/*
 * Instantiated twice: with @ex NULL (the lookups: the compiler drops every
 * explanation) and for an explained lookup.
 */
static __always_inline int fib_semantic_match(struct list_head *head,
					      const struct flowi4 *fl,
					      struct myrt_fib_result *res,
					      int prefixlen,
					      struct myrt_explain *ex)
{
	u8 tos = myrt_fl4_tos(fl) & MYRT_IPTOS_RT_MASK;
	struct myrt_fib_alias *fa;
	char sb[2][8];

	list_for_each_entry_rcu(fa, head, fa_list) {
		struct myrt_fib_info *fi = fa->fa_info;
		int err, i;

		if (fa->fa_tos && fa->fa_tos != tos) {
			explain_alias(ex, fa);
			myrt_explain(ex, "skipped, tos differs from 0x%02x\n",
				     tos);
			continue;
		}
		if (fa->fa_scope < fl->flowi4_scope) {
			explain_alias(ex, fa);
			myrt_explain(ex, "skipped, scope %s narrower than requested %s\n",
				     myrt_scope_name(fa->fa_scope, sb[0], 8),
				     myrt_scope_name(fl->flowi4_scope, sb[1],
						     8));
			continue;
		}
		myrt_fa_set_accessed(fa);

		err = myrt_fib_props[fa->fa_type].error;
		if (err) {
			explain_alias(ex, fa);
			myrt_explain(ex, "matched, error route type: %d%s\n",
				     err, err == -EAGAIN ?
				     " (throw: continue with the next rule)" :
				     "");
			res->type = fa->fa_type;
			res->scope = fa->fa_scope;
			res->prefixlen = prefixlen;
			return err;
		}
		if (fi->fib_flags & RTNH_F_DEAD) {
			explain_alias(ex, fa);
			myrt_explain(ex, "skipped, info dead (all nexthops down)\n");
			continue;
		}
		switch (fa->fa_type) {
		case RTN_UNICAST:
		case RTN_LOCAL:
		case RTN_BROADCAST:
		case RTN_ANYCAST:
		case RTN_MULTICAST:
		case RTN_NAT:
			for (i = 0; i < fi->fib_nhs; i++) {
				struct myrt_fib_nh *nh = &fi->fib_nh[i];

				if (nh->nh_flags & RTNH_F_DEAD) {
					myrt_explain(ex, "        nexthop %d dev %s: dead\n",
						     i, nh->nh_dev ? nh->nh_dev->name : "*");
					continue;
				}
				if (!fl->flowi4_oif ||
				    fl->flowi4_oif == nh->nh_oif)
					break;
				myrt_explain(ex, "        nexthop %d dev %s: ", i,
					     nh->nh_dev ? nh->nh_dev->name : "*");
				myrt_explain(ex, "oif %d differs from flow oif %d\n",
					     nh->nh_oif, fl->flowi4_oif);
			}
			if (i < fi->fib_nhs) {
				struct myrt_fib_nh *nh = &fi->fib_nh[i];

				explain_alias(ex, fa);
				myrt_explain(ex, "scope %s: matched, nexthop %d%s%pI4 dev %s\n",
					     myrt_scope_name(fa->fa_scope, sb[0], 8),
					     i, nh->nh_gw ? " via " : " ",
					     nh->nh_gw ? &nh->nh_gw : &fl->daddr,
					     nh->nh_dev ? nh->nh_dev->name : "*");
				res->prefixlen = prefixlen;
				res->nh_sel = i;
				res->type = fa->fa_type;
				res->scope = fa->fa_scope;
				res->fi = fi;
				return 0;
			}
			myrt_explain(ex, "      alias %s metric %u: skipped, no usable nexthop\n",
				     rtn_name(fa->fa_type), fi->fib_priority);
			continue;
		default:
			pr_warn_ratelimited("bad route type %u\n", fa->fa_type);
			return -EINVAL;
		}
	}
	return 1;
}

static noinline int fib_semantic_match_explain(struct list_head *head,
					       const struct flowi4 *fl,
					       struct myrt_fib_result *res,
					       int prefixlen,
					       struct myrt_explain *ex)
{
	return fib_semantic_match(head, fl, res, prefixlen, ex);
}

int myrt_fib_semantic_match(struct list_head *head, const struct flowi4 *fl,
			    struct myrt_fib_result *res, int prefixlen,
			    struct myrt_explain *ex)
{
	if (unlikely(ex))
		return fib_semantic_match_explain(head, fl, res, prefixlen, ex);
	return fib_semantic_match(head, fl, res, prefixlen, NULL);
}

/* The source address for a result without prefsrc. */
__be32 myrt_fib_res_prefsrc(struct myrt_fib_result *res)
{
	struct myrt_fib_nh *nh = &MYRT_FIB_RES_NH(*res);

	if (!nh->nh_dev)
		return 0;
	return inet_select_addr(nh->nh_dev, nh->nh_gw, res->scope);
}

void myrt_fib_select_multipath(struct myrt_fib_result *res)
{
	struct myrt_fib_info *fi = res->fi;
	int w, i;

	if (!fi || fi->fib_nhs <= 1)
		return;
	spin_lock_bh(&myrt_fib_multipath_lock);
	if (fi->fib_power <= 0) {
		int power = 0;

		for (i = 0; i < fi->fib_nhs; i++) {
			struct myrt_fib_nh *nh = &fi->fib_nh[i];

			if (!(nh->nh_flags & RTNH_F_DEAD)) {
				power += nh->nh_weight;
				nh->nh_power = nh->nh_weight;
			}
		}
		fi->fib_power = power;
		if (power <= 0) {
			/* the route has just died */
			spin_unlock_bh(&myrt_fib_multipath_lock);
			res->nh_sel = 0;
			return;
		}
	}

	/* The classic "pretty bad approximation" of a random number. */
	w = jiffies % fi->fib_power;
	for (i = 0; i < fi->fib_nhs; i++) {
		struct myrt_fib_nh *nh = &fi->fib_nh[i];

		if (!(nh->nh_flags & RTNH_F_DEAD) && nh->nh_power) {
			w -= nh->nh_power;
			if (w <= 0) {
				nh->nh_power--;
				fi->fib_power--;
				res->nh_sel = i;
				spin_unlock_bh(&myrt_fib_multipath_lock);
				return;
			}
		}
	}
	res->nh_sel = 0;
	spin_unlock_bh(&myrt_fib_multipath_lock);
}

/*
 * Default gateway selection helper: 0 if @fi's gateway looks alive (its
 * neighbour is REACHABLE, or VALID and not the last choice); otherwise
 * remember it as a last resort and return 1.
 */
int myrt_fib_detect_death(struct myrt_fib_info *fi, int order,
			  struct myrt_fib_info **last_resort, int *last_idx,
			  int dflt)
{
	struct neighbour *n;
	int state = NUD_NONE;

	n = neigh_lookup(&arp_tbl, &fi->fib_nh[0].nh_gw, fi->fib_nh[0].nh_dev);
	if (n) {
		state = READ_ONCE(n->nud_state);
		neigh_release(n);
	}
	if (state == NUD_REACHABLE)
		return 0;
	if ((state & NUD_VALID) && order != dflt)
		return 0;
	if ((state & NUD_VALID) ||
	    (*last_idx < 0 && order > dflt)) {
		*last_resort = fi;
		*last_idx = order;
	}
	return 1;
}

/*
 * A device went down (force 0: keep host scope nexthops), lost its last
 * address (force 1) or is going away (force 2).  Mark its nexthops dead;
 * returns how many infos died.
 */
int myrt_fib_sync_down_dev(struct myrt_net *mn, struct net_device *dev,
			   int force)
{
	struct hlist_head *head;
	struct myrt_fib_info *prev_fi = NULL;
	int scope = RT_SCOPE_NOWHERE;
	struct myrt_fib_nh *nh;
	int ret = 0;

	if (force)
		scope = -1;
	head = &mn->fib.info_devhash[fib_devindex_hashfn(dev->ifindex)];
	hlist_for_each_entry(nh, head, nh_hash) {
		struct myrt_fib_info *fi = nh->nh_parent;
		int dead = 0, i;

		if (nh->nh_dev != dev || fi == prev_fi)
			continue;
		prev_fi = fi;
		for (i = 0; i < fi->fib_nhs; i++) {
			struct myrt_fib_nh *n = &fi->fib_nh[i];

			if (n->nh_flags & RTNH_F_DEAD) {
				dead++;
			} else if (n->nh_dev == dev && n->nh_scope != scope) {
				n->nh_flags |= RTNH_F_DEAD;
				spin_lock_bh(&myrt_fib_multipath_lock);
				fi->fib_power -= n->nh_power;
				n->nh_power = 0;
				spin_unlock_bh(&myrt_fib_multipath_lock);
				dead++;
			}
			if (force > 1 && n->nh_dev == dev) {
				dead = fi->fib_nhs;
				break;
			}
		}
		if (dead == fi->fib_nhs) {
			fi->fib_flags |= RTNH_F_DEAD;
			ret++;
		}
	}
	return ret;
}

/* Local address @local is gone: kill every info that used it as prefsrc. */
int myrt_fib_sync_down_addr(struct myrt_net *mn, __be32 local)
{
	struct myrt_fib_net *fn = &mn->fib;
	struct myrt_fib_info *fi;
	struct hlist_head *head;
	int ret = 0;

	if (!fn->info_laddrhash || !local)
		return 0;
	head = &fn->info_laddrhash[fib_laddr_hashfn(local,
						    fn->info_hash_size - 1)];
	hlist_for_each_entry(fi, head, fib_lhash) {
		if (fi->fib_prefsrc == local) {
			fi->fib_flags |= RTNH_F_DEAD;
			ret++;
		}
	}
	return ret;
}

/**
 * myrt_fib_known_gateway - is @gw a nexthop of one of our routes via @dev?
 * @mn: the namespace
 * @gw: the gateway
 * @dev: its device
 *
 * Classic ip_fib_check_default, for secure_redirects: a live nexthop of
 * any route of any table; only the info device hash bucket of @dev is
 * looked at, never a whole table (it runs in softirq, for each redirect).
 * Caller holds rcu_read_lock() (the bucket changes under RTNL, RCU-safe).
 */
bool myrt_fib_known_gateway(struct myrt_net *mn, __be32 gw,
			    const struct net_device *dev)
{
	struct hlist_head *head;
	struct myrt_fib_nh *nh;

	head = &mn->fib.info_devhash[fib_devindex_hashfn(dev->ifindex)];
	hlist_for_each_entry_rcu(nh, head, nh_hash) {
		if (nh->nh_dev == dev && nh->nh_gw == gw &&
		    !(READ_ONCE(nh->nh_flags) & RTNH_F_DEAD))
			return true;
	}
	return false;
}

/* @dev came up: revive its nexthops.  Returns how many infos live again. */
int myrt_fib_sync_up(struct myrt_net *mn, struct net_device *dev)
{
	struct myrt_fib_info *prev_fi = NULL;
	struct hlist_head *head;
	struct myrt_fib_nh *nh;
	int ret = 0;

	if (!(dev->flags & IFF_UP))
		return 0;
	head = &mn->fib.info_devhash[fib_devindex_hashfn(dev->ifindex)];
	hlist_for_each_entry(nh, head, nh_hash) {
		struct myrt_fib_info *fi = nh->nh_parent;
		int alive = 0, i;

		if (nh->nh_dev != dev || fi == prev_fi)
			continue;
		prev_fi = fi;
		for (i = 0; i < fi->fib_nhs; i++) {
			struct myrt_fib_nh *n = &fi->fib_nh[i];

			if (!(n->nh_flags & RTNH_F_DEAD)) {
				alive++;
				continue;
			}
			if (!n->nh_dev || !(n->nh_dev->flags & IFF_UP))
				continue;
			if (n->nh_dev != dev || !__in_dev_get_rtnl(dev))
				continue;
			alive++;
			spin_lock_bh(&myrt_fib_multipath_lock);
			n->nh_power = 0;
			n->nh_flags &= ~RTNH_F_DEAD;
			spin_unlock_bh(&myrt_fib_multipath_lock);
		}
		if (alive > 0) {
			fi->fib_flags &= ~RTNH_F_DEAD;
			ret++;
		}
	}
	return ret;
}

int myrt_fib_info_net_init(struct myrt_fib_net *fn)
{
	fn->info_hash_size = 1;
	fn->info_hash = kvcalloc(1, sizeof(struct hlist_head), GFP_KERNEL);
	fn->info_laddrhash = kvcalloc(1, sizeof(struct hlist_head),
				      GFP_KERNEL);
	fn->info_devhash = kvcalloc(DEVINDEX_HASHSIZE,
				    sizeof(struct hlist_head), GFP_KERNEL);
	if (!fn->info_hash || !fn->info_laddrhash || !fn->info_devhash) {
		myrt_fib_info_net_exit(fn);
		return -ENOMEM;
	}
	return 0;
}

void myrt_fib_info_net_exit(struct myrt_fib_net *fn)
{
	unsigned int i;

	for (i = 0; fn->info_hash && i < fn->info_hash_size; i++)
		WARN_ON_ONCE(!hlist_empty(&fn->info_hash[i]));
	kvfree(fn->info_hash);
	kvfree(fn->info_laddrhash);
	kvfree(fn->info_devhash);
	fn->info_hash = NULL;
	fn->info_laddrhash = NULL;
	fn->info_devhash = NULL;
}
