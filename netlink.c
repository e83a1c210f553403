// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "myrt": routes, rules, route lookups (with the
 * explain trace) and the route cache of the requester's netns.  The API is
 * documented in uapi/myrt.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/ip.h>
#include <linux/fib_rules.h>
#include <linux/inetdevice.h>
#include <net/genetlink.h>
#include <net/ip.h>
#include "myrt.h"
#include "uapi/myrt.h"

#define MYRT_EXPLAIN_SIZE	60000	/* one attribute holds < 64 KiB */

static struct genl_family myrt_family;
static bool myrt_nl_registered;

enum myrt_mcgrp { MYRT_MCGRP_NOTIFY_ID };

static const struct genl_multicast_group myrt_mcgrps[] = {
	[MYRT_MCGRP_NOTIFY_ID] = { .name = MYRT_MCGRP_NOTIFY },
};

static const struct nla_policy myrt_nh_policy[MYRT_NH_A_MAX + 1] = {
	[MYRT_NH_A_GATEWAY]	= { .type = NLA_BE32 },
	[MYRT_NH_A_OIF]		= { .type = NLA_U32 },
	[MYRT_NH_A_WEIGHT]	= NLA_POLICY_RANGE(NLA_U32, 1, 256),
	[MYRT_NH_A_FLAGS]	= NLA_POLICY_MASK(NLA_U32, RTNH_F_ONLINK),
	[MYRT_NH_A_FLOW]	= { .type = NLA_U32 },
};

static const struct nla_policy myrt_metrics_policy[RTAX_MAX + 1] = {
	[RTAX_LOCK]		= { .type = NLA_U32 },
	[RTAX_MTU]		= { .type = NLA_U32 },
	[RTAX_WINDOW]		= { .type = NLA_U32 },
	[RTAX_RTT]		= { .type = NLA_U32 },
	[RTAX_RTTVAR]		= { .type = NLA_U32 },
	[RTAX_SSTHRESH]		= { .type = NLA_U32 },
	[RTAX_CWND]		= { .type = NLA_U32 },
	[RTAX_ADVMSS]		= { .type = NLA_U32 },
	[RTAX_REORDERING]	= { .type = NLA_U32 },
	[RTAX_HOPLIMIT]		= NLA_POLICY_MAX(NLA_U32, 255),
	[RTAX_INITCWND]		= { .type = NLA_U32 },
	[RTAX_FEATURES]		= { .type = NLA_U32 },
	[RTAX_RTO_MIN]		= { .type = NLA_U32 },
	[RTAX_INITRWND]		= { .type = NLA_U32 },
	[RTAX_QUICKACK]		= { .type = NLA_U32 },
	[RTAX_CC_ALGO]		= { .type = NLA_REJECT },
	[RTAX_FASTOPEN_NO_COOKIE] = { .type = NLA_U32 },
};

static const struct nla_policy myrt_policy[MYRT_A_MAX + 1] = {
	[MYRT_A_TABLE]		= { .type = NLA_U32 },
	[MYRT_A_DST]		= { .type = NLA_BE32 },
	[MYRT_A_DST_LEN]	= { .type = NLA_U8 },
	[MYRT_A_SRC]		= { .type = NLA_BE32 },
	[MYRT_A_SRC_LEN]	= { .type = NLA_U8 },
	[MYRT_A_TOS]		= { .type = NLA_U8 },
	[MYRT_A_PROTOCOL]	= { .type = NLA_U8 },
	[MYRT_A_SCOPE]		= { .type = NLA_U8 },
	[MYRT_A_TYPE]		= { .type = NLA_U8 },
	[MYRT_A_GATEWAY]	= { .type = NLA_BE32 },
	[MYRT_A_OIF]		= { .type = NLA_U32 },
	[MYRT_A_IIF]		= { .type = NLA_U32 },
	[MYRT_A_PRIORITY]	= { .type = NLA_U32 },
	[MYRT_A_PREFSRC]	= { .type = NLA_BE32 },
	[MYRT_A_FLAGS]		= { .type = NLA_U32 },
	[MYRT_A_METRICS]	= NLA_POLICY_NESTED(myrt_metrics_policy),
	[MYRT_A_MULTIPATH]	= { .type = NLA_NESTED },
	[MYRT_A_MARK]		= { .type = NLA_U32 },
	[MYRT_A_MARK_MASK]	= { .type = NLA_U32 },
	[MYRT_A_EXPLAIN]	= { .type = NLA_FLAG },
	[MYRT_A_EXPLAIN_TEXT]	= { .type = NLA_REJECT },
	[MYRT_A_ERROR]		= { .type = NLA_REJECT },
	[MYRT_A_CACHE]		= { .type = NLA_REJECT },
	[MYRT_A_IIFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[MYRT_A_OIFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[MYRT_A_RULE_PREF]	= { .type = NLA_U32 },
	[MYRT_A_RULE_ACTION]	= { .type = NLA_U8 },
	[MYRT_A_RULE_GOTO]	= { .type = NLA_U32 },
	[MYRT_A_RULE_FLAGS]	= { .type = NLA_U32 },
	[MYRT_A_NH]		= { .type = NLA_REJECT },
	[MYRT_A_FIBMATCH]	= { .type = NLA_FLAG },
	[MYRT_A_NLFLAGS]	= NLA_POLICY_MASK(NLA_U32, NLM_F_REPLACE |
						  NLM_F_EXCL | NLM_F_CREATE |
						  NLM_F_APPEND),
	[MYRT_A_DUMP_LIMIT]	= { .type = NLA_U32 },
	[MYRT_A_STRUCT]		= { .type = NLA_REJECT },
	[MYRT_A_STALE]		= { .type = NLA_FLAG },
	[MYRT_A_FLOW]		= { .type = NLA_U32 },
};

/* ---- messages ---- */

static int put_metrics(struct sk_buff *skb, int attr, const u32 *metrics)
{
	struct nlattr *nest;
	int i;

	for (i = 0; i < RTAX_MAX; i++)
		if (metrics[i])
			break;
	if (i == RTAX_MAX)
		return 0;
	nest = nla_nest_start(skb, attr);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < RTAX_MAX; i++)
		if (metrics[i] && nla_put_u32(skb, i + 1, metrics[i]))
			goto cancel;
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int route_fill_attrs(struct sk_buff *skb, u32 tb_id, __be32 key,
			    int dst_len, const struct myrt_fib_alias *fa)
{
	const struct myrt_fib_info *fi = fa->fa_info;
	u32 rflags = fi->fib_flags;
	int i;

	if (fi->fib_nhs == 1)
		rflags |= fi->fib_nh[0].nh_flags & (RTNH_F_DEAD |
						      RTNH_F_ONLINK);
	if (nla_put_u32(skb, MYRT_A_TABLE, tb_id) ||
	    nla_put_in_addr(skb, MYRT_A_DST, key) ||
	    nla_put_u8(skb, MYRT_A_DST_LEN, dst_len) ||
	    nla_put_u8(skb, MYRT_A_TOS, fa->fa_tos) ||
	    nla_put_u8(skb, MYRT_A_TYPE, fa->fa_type) ||
	    nla_put_u8(skb, MYRT_A_SCOPE, fa->fa_scope) ||
	    nla_put_u8(skb, MYRT_A_PROTOCOL, fi->fib_protocol) ||
	    nla_put_u32(skb, MYRT_A_FLAGS, rflags))
		goto cancel;
	if (fi->fib_priority &&
	    nla_put_u32(skb, MYRT_A_PRIORITY, fi->fib_priority))
		goto cancel;
	if (fi->fib_prefsrc &&
	    nla_put_in_addr(skb, MYRT_A_PREFSRC, fi->fib_prefsrc))
		goto cancel;
	if (put_metrics(skb, MYRT_A_METRICS, fi->fib_metrics))
		goto cancel;
	if (fi->fib_nhs == 1) {
		if (fi->fib_nh[0].nh_gw &&
		    nla_put_in_addr(skb, MYRT_A_GATEWAY, fi->fib_nh[0].nh_gw))
			goto cancel;
		if (fi->fib_nh[0].nh_oif &&
		    nla_put_u32(skb, MYRT_A_OIF, fi->fib_nh[0].nh_oif))
			goto cancel;
		if (fi->fib_nh[0].nh_tclassid &&
		    nla_put_u32(skb, MYRT_A_FLOW, fi->fib_nh[0].nh_tclassid))
			goto cancel;
	} else {
		struct nlattr *mp = nla_nest_start(skb, MYRT_A_MULTIPATH);

		if (!mp)
			goto cancel;
		for (i = 0; i < fi->fib_nhs; i++) {
			const struct myrt_fib_nh *nh = &fi->fib_nh[i];
			struct nlattr *n = nla_nest_start(skb, MYRT_A_NH);

			if (!n ||
			    (nh->nh_gw &&
			     nla_put_in_addr(skb, MYRT_NH_A_GATEWAY, nh->nh_gw)) ||
			    nla_put_u32(skb, MYRT_NH_A_OIF, nh->nh_oif) ||
			    nla_put_u32(skb, MYRT_NH_A_WEIGHT, nh->nh_weight) ||
			    nla_put_u32(skb, MYRT_NH_A_FLAGS,
					nh->nh_flags & 0xFF) ||
			    (nh->nh_tclassid &&
			     nla_put_u32(skb, MYRT_NH_A_FLOW, nh->nh_tclassid)))
				goto cancel;
			nla_nest_end(skb, n);
		}
		nla_nest_end(skb, mp);
	}
	return 0;
cancel:
	return -EMSGSIZE;
}

/* For fib_dump.c: the route attributes of an alias, a dump's header. */
int myrt_nl_route_attrs(struct sk_buff *skb, u32 tb_id, __be32 key,
			int dst_len, const struct myrt_fib_alias *fa)
{
	return route_fill_attrs(skb, tb_id, key, dst_len, fa);
}

int myrt_nl_dump_parse(struct netlink_callback *cb, struct nlattr **tb)
{
	return nlmsg_parse(cb->nlh, GENL_HDRLEN, tb, MYRT_A_MAX, myrt_policy,
			   cb->extack);
}

void *myrt_nl_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb,
		       u8 cmd)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
			   cb->nlh->nlmsg_seq, &myrt_family, NLM_F_MULTI, cmd);
}

static int route_fill(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		      u8 cmd, u32 tb_id, __be32 key, int dst_len,
		      const struct myrt_fib_alias *fa)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &myrt_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (route_fill_attrs(skb, tb_id, key, dst_len, fa)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int rule_fill(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		     u8 cmd, const struct myrt_fib_rule *r)
{
	u32 rflags = r->flags;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &myrt_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (r->iifindex == -1)
		rflags |= FIB_RULE_IIF_DETACHED;
	if (r->oifindex == -1)
		rflags |= FIB_RULE_OIF_DETACHED;
	if (r->action == FR_ACT_GOTO && !rcu_access_pointer(r->ctarget))
		rflags |= FIB_RULE_UNRESOLVED;
	if (nla_put_u32(skb, MYRT_A_RULE_PREF, r->pref) ||
	    nla_put_u8(skb, MYRT_A_RULE_ACTION, r->action) ||
	    nla_put_u32(skb, MYRT_A_TABLE, r->table) ||
	    nla_put_u32(skb, MYRT_A_RULE_FLAGS, rflags) ||
	    nla_put_u8(skb, MYRT_A_TOS, r->tos))
		goto cancel;
	if (r->src_len &&
	    (nla_put_in_addr(skb, MYRT_A_SRC, r->src) ||
	     nla_put_u8(skb, MYRT_A_SRC_LEN, r->src_len)))
		goto cancel;
	if (r->dst_len &&
	    (nla_put_in_addr(skb, MYRT_A_DST, r->dst) ||
	     nla_put_u8(skb, MYRT_A_DST_LEN, r->dst_len)))
		goto cancel;
	if ((r->mark || r->mark_mask) &&
	    (nla_put_u32(skb, MYRT_A_MARK, r->mark) ||
	     nla_put_u32(skb, MYRT_A_MARK_MASK, r->mark_mask)))
		goto cancel;
	if (r->iifname[0] && nla_put_string(skb, MYRT_A_IIFNAME, r->iifname))
		goto cancel;
	if (r->oifname[0] && nla_put_string(skb, MYRT_A_OIFNAME, r->oifname))
		goto cancel;
	if (r->action == FR_ACT_GOTO &&
	    nla_put_u32(skb, MYRT_A_RULE_GOTO, r->target))
		goto cancel;
	if (r->tclassid && nla_put_u32(skb, MYRT_A_FLOW, r->tclassid))
		goto cancel;
	if (r->action == MYRT_FR_ACT_NAT && r->srcmap &&
	    nla_put_in_addr(skb, MYRT_A_GATEWAY, r->srcmap))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/*
 * May the sender of @req see the hash secret of @net: the bucket and genid
 * of cache entries (rtnetlink's netlink_ns_capable against the
 * namespace's user namespace)?
 */
static bool nl_sees_secret(const struct sk_buff *req, struct net *net)
{
	return myrt_cache_seed_public() ||
	       netlink_ns_capable(req, net->user_ns, CAP_NET_ADMIN);
}

static int cache_entry_fill(struct sk_buff *skb, struct myrt_rtable *rth,
			    bool secret)
{
	const struct dst_entry *dst = &rth->rt.dst;
	unsigned long now = jiffies;
	struct nlattr *nest;
	long expires = 0;

	nest = nla_nest_start(skb, MYRT_A_CACHE);
	if (!nest)
		return -EMSGSIZE;
	if (dst->expires) {
		expires = (long)(dst->expires - now);
		expires = expires > 0 ? jiffies_to_msecs(expires) : 0;
		if (!expires)
			expires = 1;	/* expired, not "never" */
	}
	if (nla_put_in_addr(skb, MYRT_RT_A_KEY_DST, rth->fl_dst) ||
	    nla_put_in_addr(skb, MYRT_RT_A_KEY_SRC, rth->fl_src) ||
	    nla_put_u32(skb, MYRT_RT_A_KEY_IIF, rth->fl_iif) ||
	    nla_put_u32(skb, MYRT_RT_A_KEY_OIF, rth->fl_oif) ||
	    nla_put_u8(skb, MYRT_RT_A_KEY_TOS, rth->fl_tos) ||
	    nla_put_u32(skb, MYRT_RT_A_KEY_MARK, rth->fl_mark) ||
	    nla_put_u32(skb, MYRT_RT_A_DEV, dst->dev ? dst->dev->ifindex : 0) ||
	    nla_put_string(skb, MYRT_RT_A_DEV_NAME,
			   dst->dev ? dst->dev->name : "*") ||
	    nla_put_s32(skb, MYRT_RT_A_ERROR, dst->error) ||
	    nla_put_s32(skb, MYRT_RT_A_OBSOLETE, dst->obsolete) ||
	    nla_put_u32(skb, MYRT_RT_A_DST_FLAGS, rth->classic_flags) ||
	    nla_put_s32(skb, MYRT_RT_A_EXPIRES, expires) ||
	    nla_put_u32(skb, MYRT_RT_A_HEADER_LEN, dst->header_len) ||
	    nla_put_s32(skb, MYRT_RT_A_REFCNT, myrt_rt_clntref(rth)) ||
	    nla_put_u32(skb, MYRT_RT_A_USE, READ_ONCE(dst->__use)) ||
	    nla_put_u32(skb, MYRT_RT_A_LASTUSE,
			jiffies_to_msecs(now - READ_ONCE(dst->lastuse))) ||
	    nla_put_u32(skb, MYRT_RT_A_RT_FLAGS, rth->rt.rt_flags) ||
	    nla_put_u8(skb, MYRT_RT_A_RT_TYPE, rth->rt.rt_type) ||
	    nla_put_in_addr(skb, MYRT_RT_A_RT_DST, rth->rt_dst) ||
	    nla_put_in_addr(skb, MYRT_RT_A_RT_SRC, rth->rt_src) ||
	    nla_put_u32(skb, MYRT_RT_A_RT_IIF, rth->rt.rt_iif) ||
	    nla_put_in_addr(skb, MYRT_RT_A_RT_GATEWAY, rth->rt_gateway) ||
	    nla_put_in_addr(skb, MYRT_RT_A_RT_SPEC_DST, rth->rt_spec_dst) ||
	    nla_put_u32(skb, MYRT_RT_A_MTU, dst_mtu(dst)) ||
	    nla_put_u32(skb, MYRT_RT_A_SCORE, myrt_rt_score(rth)))
		goto cancel;
	if (secret &&
	    (nla_put_u32(skb, MYRT_RT_A_HASH, rth->hash) ||
	     nla_put_u32(skb, MYRT_RT_A_GENID, rth->rt.rt_genid)))
		goto cancel;
	if (myrt_rt_is_expired(rth) && nla_put_flag(skb, MYRT_RT_A_STALE))
		goto cancel;
	if (rth->rt_tclassid &&
	    nla_put_u32(skb, MYRT_RT_A_FLOW, rth->rt_tclassid))
		goto cancel;
	if (rth->fl_iif && nla_put_flag(skb, MYRT_RT_A_INPUT))
		goto cancel;
	if (nla_put_in_addr(skb, MYRT_RT_A_SRC_MAP, rth->rt_src_map) ||
	    nla_put_in_addr(skb, MYRT_RT_A_DST_MAP, rth->rt_dst_map))
		goto cancel;
	if (put_metrics(skb, MYRT_RT_A_METRICS, rth->metrics))
		goto cancel;
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/* ---- notifications ---- */

static bool have_listeners(struct net *net)
{
	return READ_ONCE(myrt_nl_registered) &&
	       genl_has_listeners(&myrt_family, net, MYRT_MCGRP_NOTIFY_ID);
}

void myrt_nl_route_notify(struct net *net, int event, u32 tb_id, __be32 key,
			  int dst_len, const struct myrt_fib_alias *fa,
			  const struct myrt_fib_config *cfg, u16 nlflags)
{
	struct sk_buff *skb;
	u8 cmd = event == RTM_NEWROUTE ? MYRT_CMD_ROUTE_NEW :
					 MYRT_CMD_ROUTE_DEL;

	if (!have_listeners(net))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	if (route_fill(skb, cfg ? cfg->fc_portid : 0, cfg ? cfg->fc_seq : 0,
		       nlflags, cmd, tb_id, key, dst_len, fa)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_multicast_netns(&myrt_family, net, skb, 0,
				MYRT_MCGRP_NOTIFY_ID, GFP_KERNEL);
}

void myrt_nl_rule_notify(struct net *net, int event,
			 const struct myrt_fib_rule *rule,
			 const struct myrt_fib_config *cfg)
{
	struct sk_buff *skb;
	u8 cmd = event == RTM_NEWRULE ? MYRT_CMD_RULE_NEW : MYRT_CMD_RULE_DEL;

	if (!have_listeners(net))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	if (rule_fill(skb, cfg ? cfg->fc_portid : 0, cfg ? cfg->fc_seq : 0, 0,
		      cmd, rule)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_multicast_netns(&myrt_family, net, skb, 0,
				MYRT_MCGRP_NOTIFY_ID, GFP_KERNEL);
}

static void cache_flush_notify(struct net *net, struct genl_info *info)
{
	struct sk_buff *skb;
	void *hdr;

	if (!have_listeners(net))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, info->snd_portid, info->snd_seq, &myrt_family,
			  0, MYRT_CMD_CACHE_FLUSH);
	if (!hdr) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&myrt_family, net, skb, 0,
				MYRT_MCGRP_NOTIFY_ID, GFP_KERNEL);
}

/* ---- routes ---- */

static int parse_multipath(struct nlattr *mp, struct myrt_fib_config *cfg,
			   struct netlink_ext_ack *extack)
{
	struct nlattr *tb[MYRT_NH_A_MAX + 1];
	struct nlattr *nla;
	int rem, err;

	nla_for_each_nested(nla, mp, rem) {
		struct myrt_fib_nh_cfg *nh;

		if (nla_type(nla) != MYRT_A_NH) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "Multipath holds only MYRT_A_NH nests");
			return -EINVAL;
		}
		if (cfg->fc_nhs >= MYRT_FIB_MAX_NH) {
			NL_SET_ERR_MSG_ATTR(extack, nla, "Too many nexthops");
			return -EINVAL;
		}
		err = nla_parse_nested(tb, MYRT_NH_A_MAX, nla, myrt_nh_policy,
				       extack);
		if (err)
			return err;
		nh = &cfg->fc_mp[cfg->fc_nhs++];
		if (tb[MYRT_NH_A_GATEWAY])
			nh->gw = nla_get_in_addr(tb[MYRT_NH_A_GATEWAY]);
		if (tb[MYRT_NH_A_OIF])
			nh->oif = nla_get_u32(tb[MYRT_NH_A_OIF]);
		if (tb[MYRT_NH_A_WEIGHT])
			nh->hops = nla_get_u32(tb[MYRT_NH_A_WEIGHT]) - 1;
		if (tb[MYRT_NH_A_FLAGS])
			nh->flags = nla_get_u32(tb[MYRT_NH_A_FLAGS]);
		if (tb[MYRT_NH_A_FLOW]) {
			nh->flow = nla_get_u32(tb[MYRT_NH_A_FLOW]);
			nh->has_flow = true;
		}
	}
	if (!cfg->fc_nhs) {
		NL_SET_ERR_MSG_ATTR(extack, mp, "Multipath without nexthops");
		return -EINVAL;
	}
	return 0;
}

/* Request -> config, with the defaults `ip route` would fill in. */
static int nl_to_cfg(struct genl_info *info, struct myrt_fib_config *cfg,
		     bool add)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **a = info->attrs;
	int err, i;

	memset(cfg, 0, sizeof(*cfg));
	cfg->fc_net = genl_info_net(info);
	cfg->fc_extack = extack;
	cfg->fc_portid = info->snd_portid;
	cfg->fc_seq = info->snd_seq;
	cfg->fc_nlflags = a[MYRT_A_NLFLAGS] ? nla_get_u32(a[MYRT_A_NLFLAGS]) :
					       NLM_F_CREATE | NLM_F_EXCL;
	cfg->fc_table = RT_TABLE_MAIN;

	if (!a[MYRT_A_DST_LEN]) {
		NL_SET_ERR_MSG(extack, "Missing prefix length");
		return -EINVAL;
	}
	cfg->fc_dst_len = nla_get_u8(a[MYRT_A_DST_LEN]);
	if (cfg->fc_dst_len > 32) {
		NL_SET_ERR_MSG_ATTR(extack, a[MYRT_A_DST_LEN],
				    "Invalid prefix length");
		return -EINVAL;
	}
	if (a[MYRT_A_DST])
		cfg->fc_dst = nla_get_in_addr(a[MYRT_A_DST]);
	if (cfg->fc_dst & ~inet_make_mask(cfg->fc_dst_len)) {
		NL_SET_ERR_MSG_ATTR(extack, a[MYRT_A_DST],
				    "Invalid prefix for given prefix length");
		return -EINVAL;
	}
	if (a[MYRT_A_TABLE]) {
		cfg->fc_table = nla_get_u32(a[MYRT_A_TABLE]) ? :
				RT_TABLE_MAIN;
		if (cfg->fc_table > 255) {
			NL_SET_ERR_MSG_ATTR(extack, a[MYRT_A_TABLE],
					    "Invalid table id (1..255)");
			return -EINVAL;
		}
	}
	if (a[MYRT_A_TOS]) {
		cfg->fc_tos = nla_get_u8(a[MYRT_A_TOS]);
		if (cfg->fc_tos & ~MYRT_IPTOS_RT_MASK) {
			NL_SET_ERR_MSG_ATTR(extack, a[MYRT_A_TOS], "Invalid tos");
			return -EINVAL;
		}
	}
	if (a[MYRT_A_TYPE]) {
		cfg->fc_type = nla_get_u8(a[MYRT_A_TYPE]);
		if (cfg->fc_type > RTN_MAX ||
		    (add && cfg->fc_type == RTN_UNSPEC)) {
			NL_SET_ERR_MSG_ATTR(extack, a[MYRT_A_TYPE],
					    "Invalid route type");
			return -EINVAL;
		}
	} else if (add) {
		cfg->fc_type = RTN_UNICAST;
	}
	if (a[MYRT_A_PROTOCOL])
		cfg->fc_protocol = nla_get_u8(a[MYRT_A_PROTOCOL]);
	else if (add)
		cfg->fc_protocol = RTPROT_BOOT;
	if (a[MYRT_A_GATEWAY])
		cfg->fc_gw = nla_get_in_addr(a[MYRT_A_GATEWAY]);
	if (a[MYRT_A_OIF]) {
		cfg->fc_oif = nla_get_u32(a[MYRT_A_OIF]);
		if (add && cfg->fc_oif &&
		    !__dev_get_by_index(cfg->fc_net, cfg->fc_oif)) {
			NL_SET_ERR_MSG_ATTR(extack, a[MYRT_A_OIF],
					    "Device not found");
			return -ENODEV;
		}
	}
	if (a[MYRT_A_PRIORITY])
		cfg->fc_priority = nla_get_u32(a[MYRT_A_PRIORITY]);
	if (a[MYRT_A_PREFSRC])
		cfg->fc_prefsrc = nla_get_in_addr(a[MYRT_A_PREFSRC]);
	if (a[MYRT_A_FLOW])
		cfg->fc_flow = nla_get_u32(a[MYRT_A_FLOW]);
	if (a[MYRT_A_FLAGS]) {
		cfg->fc_flags = nla_get_u32(a[MYRT_A_FLAGS]);
		if (cfg->fc_flags & ~(RTNH_F_ONLINK | RTNH_F_PERVASIVE)) {
			NL_SET_ERR_MSG_ATTR(extack, a[MYRT_A_FLAGS],
					    "Unsupported route flags");
			return -EINVAL;
		}
	}
	if (a[MYRT_A_METRICS]) {
		struct nlattr *mx[RTAX_MAX + 1];

		err = nla_parse_nested(mx, RTAX_MAX, a[MYRT_A_METRICS],
				       myrt_metrics_policy, extack);
		if (err)
			return err;
		for (i = 1; i <= RTAX_MAX; i++)
			if (mx[i])
				cfg->fc_metrics[i - 1] = nla_get_u32(mx[i]);
	}
	if (a[MYRT_A_MULTIPATH]) {
		err = parse_multipath(a[MYRT_A_MULTIPATH], cfg, extack);
		if (err)
			return err;
		for (i = 0; i < cfg->fc_nhs; i++) {
			int oif = cfg->fc_mp[i].oif;

			if (add && oif && !__dev_get_by_index(cfg->fc_net, oif)) {
				NL_SET_ERR_MSG(extack,
					       "Nexthop device not found");
				return -ENODEV;
			}
		}
	}

	if (a[MYRT_A_SCOPE]) {
		cfg->fc_scope = nla_get_u8(a[MYRT_A_SCOPE]);
	} else if (!add) {
		cfg->fc_scope = RT_SCOPE_NOWHERE;
	} else {
		switch (cfg->fc_type) {
		case RTN_LOCAL:
		case RTN_NAT:
			cfg->fc_scope = RT_SCOPE_HOST;
			break;
		case RTN_BROADCAST:
		case RTN_MULTICAST:
		case RTN_ANYCAST:
			cfg->fc_scope = RT_SCOPE_LINK;
			break;
		case RTN_UNICAST:
			cfg->fc_scope = cfg->fc_gw || cfg->fc_nhs ?
					RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
			break;
		default:
			cfg->fc_scope = RT_SCOPE_UNIVERSE;
		}
	}
	return 0;
}

static int myrt_nl_route_new(struct sk_buff *skb, struct genl_info *info)
{
	struct myrt_fib_config *cfg;
	struct myrt_fib_table *tb;
	int err;

	cfg = kmalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	rtnl_lock();
	err = nl_to_cfg(info, cfg, true);
	if (err)
		goto out;
	tb = myrt_fib_new_table(myrt_pernet(cfg->fc_net), cfg->fc_table);
	if (!tb) {
		err = -ENOBUFS;
		goto out;
	}
	err = myrt_fib_table_insert(tb, cfg);
out:
	rtnl_unlock();
	kfree(cfg);
	return err;
}

static int myrt_nl_route_del(struct sk_buff *skb, struct genl_info *info)
{
	struct myrt_fib_config *cfg;
	struct myrt_fib_table *tb;
	int err;

	cfg = kmalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	rtnl_lock();
	err = nl_to_cfg(info, cfg, false);
	if (err)
		goto out;
	tb = myrt_fib_get_table(myrt_pernet(cfg->fc_net), cfg->fc_table);
	if (!tb) {
		NL_SET_ERR_MSG(info->extack, "Table does not exist");
		err = -ESRCH;
		goto out;
	}
	err = myrt_fib_table_delete(tb, cfg);
out:
	rtnl_unlock();
	kfree(cfg);
	return err;
}

/* An input route lookup needs a packet: build a dummy one. */
static struct sk_buff *route_get_input(struct net *net, struct genl_info *info,
				       __be32 dst, __be32 src, u8 tos,
				       u32 mark, struct myrt_explain *ex,
				       int *errp)
{
	struct nlattr **a = info->attrs;
	struct net_device *dev;
	struct sk_buff *skb;
	struct iphdr *iph;
	int err;

	dev = dev_get_by_index(net, nla_get_u32(a[MYRT_A_IIF]));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[MYRT_A_IIF],
				    "Input device not found");
		*errp = -ENODEV;
		return NULL;
	}
	skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb) {
		dev_put(dev);
		*errp = -ENOBUFS;
		return NULL;
	}
	skb_reset_mac_header(skb);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->ttl = 64;
	iph->protocol = IPPROTO_UDP;
	iph->saddr = src;
	iph->daddr = dst;
	iph->tos = tos;
	iph->tot_len = htons(sizeof(*iph));
	skb->protocol = htons(ETH_P_IP);
	skb->dev = dev;
	skb->mark = mark;

	rcu_read_lock();
	local_bh_disable();
	err = myrt_route_input(skb, dst, src, tos, dev, ex);
	local_bh_enable();
	rcu_read_unlock();
	if (!err && skb_dst(skb) && skb_dst(skb)->error)
		err = skb_dst(skb)->error;
	if (!err && !skb_dst(skb))
		err = -EHOSTUNREACH;
	skb->dev = NULL;
	dev_put(dev);
	*errp = err;
	return skb;
}

/* route get fibmatch: the FIB route a lookup finds, without the cache. */
static int route_get_fibmatch(struct net *net, struct genl_info *info,
			      struct flowi4 *fl4, struct myrt_explain *ex)
{
	struct myrt_net *mn = myrt_pernet(net);
	struct myrt_fib_result res = {};
	struct myrt_fib_alias fa = {};
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE + (ex ? ex->size : 0), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &myrt_family, 0,
				MYRT_CMD_ROUTE_GET);
	if (!hdr)
		goto nospace;

	rcu_read_lock();
	err = myrt_fib_lookup(mn, fl4, &res, ex);
	if (!err && !res.fi)
		err = -ENETUNREACH;
	if (!err) {
		fa.fa_info = res.fi;
		fa.fa_type = res.type;
		fa.fa_scope = res.scope;
		if (route_fill_attrs(msg, res.table_id,
				     fl4->daddr & inet_make_mask(res.prefixlen),
				     res.prefixlen, &fa) ||
		    myrt_nl_put_path(msg, &res)) {
			rcu_read_unlock();
			goto nospace;
		}
	}
	rcu_read_unlock();

	if (err && !ex) {
		nlmsg_free(msg);
		return err;
	}
	if (err && nla_put_s32(msg, MYRT_A_ERROR, err))
		goto nospace;
	if (ex && nla_put_string(msg, MYRT_A_EXPLAIN_TEXT, ex->buf))
		goto nospace;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nospace:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int myrt_nl_route_get(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct nlattr **a = info->attrs;
	struct myrt_explain exs = {}, *ex = NULL;
	struct myrt_rtable *rth = NULL;
	struct sk_buff *in_skb = NULL;
	__be32 dst, src = 0;
	struct sk_buff *msg;
	u8 tos = 0;
	u32 mark = 0;
	void *hdr;
	int err;

	if (!a[MYRT_A_DST]) {
		NL_SET_ERR_MSG(info->extack, "Missing destination address");
		return -EINVAL;
	}
	dst = nla_get_in_addr(a[MYRT_A_DST]);
	if (a[MYRT_A_SRC])
		src = nla_get_in_addr(a[MYRT_A_SRC]);
	if (a[MYRT_A_TOS])
		tos = nla_get_u8(a[MYRT_A_TOS]);
	if (a[MYRT_A_MARK])
		mark = nla_get_u32(a[MYRT_A_MARK]);
	if (a[MYRT_A_EXPLAIN]) {
		exs.size = MYRT_EXPLAIN_SIZE;
		exs.secret = nl_sees_secret(skb, net);
		exs.buf = kvzalloc(exs.size, GFP_KERNEL);
		if (!exs.buf)
			return -ENOMEM;
		ex = &exs;
	}

	if (a[MYRT_A_FIBMATCH]) {
		struct flowi4 fl4 = {
			.daddr = dst,
			.saddr = src,
			MYRT_FL4_TOS(tos & MYRT_IPTOS_RT_MASK),
			.flowi4_mark = mark,
			.flowi4_iif = a[MYRT_A_IIF] ?
				      nla_get_u32(a[MYRT_A_IIF]) : 0,
			.flowi4_oif = a[MYRT_A_OIF] ?
				      nla_get_u32(a[MYRT_A_OIF]) : 0,
		};

		err = route_get_fibmatch(net, info, &fl4, ex);
		kvfree(exs.buf);
		return err;
	}

	if (a[MYRT_A_IIF]) {
		in_skb = route_get_input(net, info, dst, src, tos, mark, ex,
					 &err);
		if (in_skb && skb_dst(in_skb))
			rth = myrt_skb_rt(in_skb);
	} else {
		struct flowi4 fl4 = {
			.daddr = dst,
			.saddr = src,
			MYRT_FL4_TOS(tos),
			.flowi4_mark = mark,
			.flowi4_oif = a[MYRT_A_OIF] ?
				      nla_get_u32(a[MYRT_A_OIF]) : 0,
		};

		rth = myrt_route_output_key(net, &fl4, ex);
		err = 0;
		if (IS_ERR(rth)) {
			err = PTR_ERR(rth);
			rth = NULL;
		}
	}
	if (err && !ex)
		goto out;

	msg = genlmsg_new(NLMSG_GOODSIZE + (ex ? exs.len + 64 : 0), GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	hdr = genlmsg_put_reply(msg, info, &myrt_family, 0, MYRT_CMD_ROUTE_GET);
	if (!hdr)
		goto nospace;
	if (err) {
		if (nla_put_s32(msg, MYRT_A_ERROR, err))
			goto nospace;
	} else if (rth && cache_entry_fill(msg, rth,
					   nl_sees_secret(skb, net))) {
		goto nospace;
	}
	if (ex && nla_put_string(msg, MYRT_A_EXPLAIN_TEXT, exs.buf))
		goto nospace;
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
	goto out;

nospace:
	nlmsg_free(msg);
	err = -EMSGSIZE;
out:
	if (in_skb)
		kfree_skb(in_skb);
	else if (rth)
		dst_release(&rth->rt.dst);
	kvfree(exs.buf);
	return err;
}

struct route_dump_ctx {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	bool secret;
};

static int route_dump_one(struct myrt_fib_table *tb, __be32 key, int dst_len,
			  struct myrt_fib_alias *fa, void *arg)
{
	struct route_dump_ctx *c = arg;

	return route_fill(c->skb, NETLINK_CB(c->cb->skb).portid,
			  c->cb->nlh->nlmsg_seq, NLM_F_MULTI,
			  MYRT_CMD_ROUTE_GET, tb->tb_id, key, dst_len, fa);
}

/*
 * cb->args: [0] table hash bucket, [1] table index in it, [2] zone order
 * + 1 (0: not started), [3] zone bucket, [4] alias index, [5] table done.
 */
static int myrt_nl_route_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct myrt_net *mn = myrt_pernet(sock_net(skb->sk));
	struct route_dump_ctx c = { .skb = skb, .cb = cb };
	struct nlattr *tb[MYRT_A_MAX + 1];
	struct myrt_fib_table *t;
	unsigned int h, e;
	u32 only = 0;
	int err;

	err = nlmsg_parse(cb->nlh, GENL_HDRLEN, tb, MYRT_A_MAX, myrt_policy,
			  cb->extack);
	if (err)
		return err;
	if (tb[MYRT_A_TABLE])
		only = nla_get_u32(tb[MYRT_A_TABLE]);

	rcu_read_lock();
	for (h = cb->args[0]; h < MYRT_FIB_TABLE_HASHSZ; h++) {
		e = 0;
		hlist_for_each_entry_rcu(t, &mn->fib.table_hash[h], tb_hlist) {
			struct myrt_fib_walker w;

			if (e++ < cb->args[1])
				continue;
			if (only && t->tb_id != only)
				goto next;
			w.order = (int)cb->args[2] - 1;
			w.bucket = cb->args[3];
			w.skip = cb->args[4];
			w.done = cb->args[5];
			err = myrt_fib_table_walk(t, &w, route_dump_one, &c);
			if (err < 0) {
				cb->args[2] = w.order + 1;
				cb->args[3] = w.bucket;
				cb->args[4] = w.skip;
				cb->args[5] = w.done;
				goto out;
			}
next:
			cb->args[1] = e;
			cb->args[2] = 0;
			cb->args[3] = 0;
			cb->args[4] = 0;
			cb->args[5] = 0;
		}
		cb->args[1] = 0;
		cb->args[0] = h + 1;
	}
out:
	rcu_read_unlock();
	return skb->len;
}

/* ---- rules ---- */

static int nl_to_rule(struct genl_info *info, struct myrt_fib_rule *r,
		      u32 *given, bool add)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **a = info->attrs;

	memset(r, 0, sizeof(*r));
	*given = 0;
	if (a[MYRT_A_RULE_PREF]) {
		r->pref = nla_get_u32(a[MYRT_A_RULE_PREF]);
		*given |= MYRT_RULE_F_PREF;
	}
	if (a[MYRT_A_RULE_ACTION]) {
		r->action = nla_get_u8(a[MYRT_A_RULE_ACTION]);
		*given |= MYRT_RULE_F_ACTION;
	} else if (add) {
		r->action = FR_ACT_TO_TBL;
	}
	if (r->action > FR_ACT_MAX && r->action != MYRT_FR_ACT_NAT) {
		NL_SET_ERR_MSG_ATTR(extack, a[MYRT_A_RULE_ACTION],
				    "Invalid rule action");
		return -EINVAL;
	}
	if (a[MYRT_A_GATEWAY]) {
		/* the map address of a nat rule (2.4 RTA_GATEWAY) */
		if (r->action != MYRT_FR_ACT_NAT) {
			NL_SET_ERR_MSG_ATTR(extack, a[MYRT_A_GATEWAY],
					    "Map address given without the nat action");
			return -EINVAL;
		}
		r->srcmap = nla_get_in_addr(a[MYRT_A_GATEWAY]);
	}
	if (a[MYRT_A_TABLE]) {
		r->table = nla_get_u32(a[MYRT_A_TABLE]);
		if (r->table > 255) {
			NL_SET_ERR_MSG_ATTR(extack, a[MYRT_A_TABLE],
					    "Invalid table id (1..255)");
			return -EINVAL;
		}
		*given |= MYRT_RULE_F_TABLE;
	}
	if (a[MYRT_A_RULE_GOTO]) {
		r->target = nla_get_u32(a[MYRT_A_RULE_GOTO]);
		*given |= MYRT_RULE_F_GOTO;
	}
	if (a[MYRT_A_SRC_LEN])
		r->src_len = nla_get_u8(a[MYRT_A_SRC_LEN]);
	if (a[MYRT_A_DST_LEN])
		r->dst_len = nla_get_u8(a[MYRT_A_DST_LEN]);
	if (r->src_len > 32 || r->dst_len > 32) {
		NL_SET_ERR_MSG(extack, "Invalid prefix length");
		return -EINVAL;
	}
	if (a[MYRT_A_SRC]) {
		r->src = nla_get_in_addr(a[MYRT_A_SRC]);
		*given |= MYRT_RULE_F_SRC;
		if (!a[MYRT_A_SRC_LEN])
			r->src_len = 32;
	}
	if (a[MYRT_A_DST]) {
		r->dst = nla_get_in_addr(a[MYRT_A_DST]);
		*given |= MYRT_RULE_F_DST;
		if (!a[MYRT_A_DST_LEN])
			r->dst_len = 32;
	}
	if (a[MYRT_A_TOS])
		r->tos = nla_get_u8(a[MYRT_A_TOS]);
	if (a[MYRT_A_MARK]) {
		r->mark = nla_get_u32(a[MYRT_A_MARK]);
		*given |= MYRT_RULE_F_MARK;
	}
	if (a[MYRT_A_MARK_MASK]) {
		r->mark_mask = nla_get_u32(a[MYRT_A_MARK_MASK]);
		*given |= MYRT_RULE_F_MASK;
	}
	if (a[MYRT_A_IIFNAME]) {
		myrt_nla_strscpy(r->iifname, a[MYRT_A_IIFNAME], IFNAMSIZ);
		*given |= MYRT_RULE_F_IIF;
	}
	if (a[MYRT_A_OIFNAME]) {
		myrt_nla_strscpy(r->oifname, a[MYRT_A_OIFNAME], IFNAMSIZ);
		*given |= MYRT_RULE_F_OIF;
	}
	if (a[MYRT_A_RULE_FLAGS])
		r->flags = nla_get_u32(a[MYRT_A_RULE_FLAGS]);
	if (a[MYRT_A_FLOW]) {
		r->tclassid = nla_get_u32(a[MYRT_A_FLOW]);
		*given |= MYRT_RULE_F_FLOW;
	}
	return 0;
}

/* Rule add and delete: parse, then change the rules under RTNL. */
static int myrt_nl_rule_change(struct genl_info *info, bool add)
{
	struct myrt_fib_config cfg = {
		.fc_net = genl_info_net(info),
		.fc_extack = info->extack,
		.fc_portid = info->snd_portid,
		.fc_seq = info->snd_seq,
	};
	struct myrt_net *mn = myrt_pernet(cfg.fc_net);
	struct myrt_fib_rule r;
	u32 given;
	int err;

	err = nl_to_rule(info, &r, &given, add);
	if (err)
		return err;
	rtnl_lock();
	if (add)
		err = myrt_fib_rule_add(mn, &r, given, &cfg);
	else
		err = myrt_fib_rule_del(mn, &r, given, &cfg);
	rtnl_unlock();
	return err;
}

static int myrt_nl_rule_new(struct sk_buff *skb, struct genl_info *info)
{
	return myrt_nl_rule_change(info, true);
}

static int myrt_nl_rule_del(struct sk_buff *skb, struct genl_info *info)
{
	return myrt_nl_rule_change(info, false);
}

static int myrt_nl_rule_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct myrt_net *mn = myrt_pernet(sock_net(skb->sk));
	struct myrt_fib_rule *r;
	unsigned long idx = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(r, &mn->fib.rules, list) {
		if (idx < cb->args[0]) {
			idx++;
			continue;
		}
		if (rule_fill(skb, NETLINK_CB(cb->skb).portid,
			      cb->nlh->nlmsg_seq, NLM_F_MULTI,
			      MYRT_CMD_RULE_GET, r) < 0)
			break;
		idx++;
	}
	rcu_read_unlock();
	cb->args[0] = idx;
	return skb->len;
}

/* ---- cache ---- */

static int cache_dump_one(struct myrt_rtable *rth, void *arg)
{
	struct route_dump_ctx *c = arg;
	void *hdr;

	hdr = genlmsg_put(c->skb, NETLINK_CB(c->cb->skb).portid,
			  c->cb->nlh->nlmsg_seq, &myrt_family, NLM_F_MULTI,
			  MYRT_CMD_CACHE_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cache_entry_fill(c->skb, rth, c->secret)) {
		genlmsg_cancel(c->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(c->skb, hdr);
	return 0;
}

static int myrt_nl_cache_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct route_dump_ctx c = {
		.skb = skb, .cb = cb, .secret = nl_sees_secret(cb->skb, net),
	};
	unsigned int bucket = cb->args[0], idx = cb->args[1];
	struct nlattr *tb[MYRT_A_MAX + 1];
	int err;

	if (cb->args[2])
		return 0;	/* done */
	err = nlmsg_parse(cb->nlh, GENL_HDRLEN, tb, MYRT_A_MAX, myrt_policy,
			  cb->extack);
	if (err)
		return err;
	if (myrt_cache_walk(net, &bucket, &idx, cache_dump_one, &c,
			    !!tb[MYRT_A_STALE]) >= 0)
		cb->args[2] = 1;
	cb->args[0] = bucket;
	cb->args[1] = idx;
	return skb->len;
}

static int myrt_nl_cache_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);

	myrt_cache_flush(net, 0);
	cache_flush_notify(net, info);
	return 0;
}

/*
 * The reserved fields of the generic netlink header: the byte after the
 * version, and the nlmsg_flags a request does not use.  The core rejects
 * them (genl_family.resv_start_op) from 6.1 on; on 5.10 this pre_doit does.
 */
static int __maybe_unused myrt_nl_pre_doit(MYRT_GENL_PRE_DOIT_ARGS)
{
	if (info->genlhdr->reserved) {
		GENL_SET_ERR_MSG(info, "genetlink header has reserved field set");
		return -EINVAL;
	}
	if (info->nlhdr->nlmsg_flags & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO)) {
		GENL_SET_ERR_MSG(info, "ignored nlmsg_flags set");
		return -EINVAL;
	}
	return 0;
}

static const struct genl_ops myrt_genl_ops[] = {
	{
		.cmd = MYRT_CMD_ROUTE_NEW,
		.doit = myrt_nl_route_new,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = MYRT_CMD_ROUTE_DEL,
		.doit = myrt_nl_route_del,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = MYRT_CMD_ROUTE_GET,
		.doit = myrt_nl_route_get,
		.dumpit = myrt_nl_route_dump,
	}, {
		.cmd = MYRT_CMD_RULE_NEW,
		.doit = myrt_nl_rule_new,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = MYRT_CMD_RULE_DEL,
		.doit = myrt_nl_rule_del,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = MYRT_CMD_RULE_GET,
		.dumpit = myrt_nl_rule_dump,
	}, {
		.cmd = MYRT_CMD_CACHE_GET,
		.dumpit = myrt_nl_cache_dump,
	}, {
		.cmd = MYRT_CMD_CACHE_FLUSH,
		.doit = myrt_nl_cache_flush,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = MYRT_CMD_FIB_GET,
		.dumpit = myrt_nl_fib_dump,	/* fib_dump.c */
	},
};

static struct genl_family myrt_family __ro_after_init = {
	.name		= MYRT_GENL_NAME,
	.version	= MYRT_GENL_VERSION,
	.maxattr	= MYRT_A_MAX,
	.policy		= myrt_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= myrt_genl_ops,
	.n_ops		= ARRAY_SIZE(myrt_genl_ops),
	/* every command: reserved header bytes and flags checked */
	MYRT_GENL_RESV_START_OP(MYRT_CMD_ROUTE_NEW)
	MYRT_GENL_PRE_DOIT(myrt_nl_pre_doit)
	.mcgrps		= myrt_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(myrt_mcgrps),
};

int __init myrt_netlink_init(void)
{
	int err = genl_register_family(&myrt_family);

	if (!err)
		WRITE_ONCE(myrt_nl_registered, true);
	return err;
}

void myrt_netlink_exit(void)
{
	WRITE_ONCE(myrt_nl_registered, false);
	genl_unregister_family(&myrt_family);
}

MODULE_ALIAS_GENL_FAMILY(MYRT_GENL_NAME);
