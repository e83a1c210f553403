// SPDX-License-Identifier: GPL-2.0
/*
 * Policy rules (classic fib_rules + fib4_rules): an ordered list of
 * (selector, action) pairs tried by every lookup, per netns.  Readers walk
 * the list under RCU; writers hold RTNL.
 */
#include <linux/slab.h>
#include <linux/rculist.h>
#include <linux/fib_rules.h>
#include <linux/inetdevice.h>
#include "myrt.h"
#include "uapi/myrt.h"

/* Classic table ids: 1..255. */
#define MYRT_TABLE_MAX 255

static const char *const action_names[FR_ACT_MAX + 1] = {
	[FR_ACT_UNSPEC] = "unspec", [FR_ACT_TO_TBL] = "lookup",
	[FR_ACT_GOTO] = "goto", [FR_ACT_NOP] = "nop",
	[FR_ACT_RES3] = "res3", [FR_ACT_RES4] = "res4",
	[FR_ACT_BLACKHOLE] = "blackhole", [FR_ACT_UNREACHABLE] = "unreachable",
	[FR_ACT_PROHIBIT] = "prohibit",
};

static const char *action_name(u8 action)
{
	if (action == MYRT_FR_ACT_NAT)
		return "nat";
	return action <= FR_ACT_MAX ? action_names[action] : "?";
}

static const char *table_name(u32 id, char *buf, size_t len)
{
	switch (id) {
	case RT_TABLE_LOCAL:
		return "local";
	case RT_TABLE_MAIN:
		return "main";
	case RT_TABLE_DEFAULT:
		return "default";
	}
	snprintf(buf, len, "%u", id);
	return buf;
}

static bool rule_match(const struct myrt_fib_rule *r,
		       const struct flowi4 *fl)
{
	int iif = fl->flowi4_iif ? : LOOPBACK_IFINDEX;
	bool ret = false;

	if (r->iifindex && r->iifindex != iif)
		goto out;
	if (r->oifindex && r->oifindex != fl->flowi4_oif)
		goto out;
	if ((r->mark ^ fl->flowi4_mark) & r->mark_mask)
		goto out;
	if (((fl->saddr ^ r->src) & r->srcmask) ||
	    ((fl->daddr ^ r->dst) & r->dstmask))
		goto out;
	if (r->tos && r->tos != (myrt_fl4_tos(fl) & MYRT_IPTOS_RT_MASK))
		goto out;
	ret = true;
out:
	return (r->flags & FIB_RULE_INVERT) ? !ret : ret;
}

static int rule_action(struct myrt_net *mn, struct myrt_fib_rule *r,
		       const struct flowi4 *fl,
			    struct myrt_fib_result *res,
			    struct myrt_explain *ex)
{
	struct myrt_fib_table *tb;
	char tn[12];
	int err;

	switch (r->action) {
	case FR_ACT_TO_TBL:
	case MYRT_FR_ACT_NAT:	/* a table rule that also maps the source */
		break;
	case FR_ACT_UNREACHABLE:
		return -ENETUNREACH;
	case FR_ACT_PROHIBIT:
		return -EACCES;
	case FR_ACT_BLACKHOLE:
	default:
		return -EINVAL;
	}
	/* local and main live as long as the namespace: no search for them */
	if (r->table == RT_TABLE_MAIN)
		tb = mn->fib.main;
	else if (r->table == RT_TABLE_LOCAL)
		tb = mn->fib.local;
	else
		tb = myrt_fib_get_table(mn, r->table);
	if (!tb) {
		myrt_explain(ex, "  table %s: does not exist\n",
			     table_name(r->table, tn, sizeof(tn)));
		return -EAGAIN;
	}
	myrt_explain(ex, "  table %s (%u routes)\n",
		     table_name(r->table, tn, sizeof(tn)),
		     myrt_fib_table_count(tb));
	err = myrt_fib_table_lookup(tb, fl, res, ex);
	if (err > 0) {
		myrt_explain(ex, "  table %s: no match, next rule\n",
			     table_name(r->table, tn, sizeof(tn)));
		err = -EAGAIN;
	} else if (err == -EAGAIN) {
		myrt_explain(ex, "  table %s: throw, next rule\n",
			     table_name(r->table, tn, sizeof(tn)));
	}
	return err;
}

/*
 * The lookup while the namespace has only the three default rules (local,
 * main, default: no selector, table actions): their tables in turn, as
 * the kernel does without custom rules.  Same results as the rules walk.
 */
static int fib_lookup_default_rules(struct myrt_net *mn,
				    const struct flowi4 *fl,
				    struct myrt_fib_result *res)
{
	struct myrt_fib_table *tb;
	int err, i;

	for (i = 0; i < ARRAY_SIZE(mn->fib.default_rules); i++) {
		/* most addresses cannot be local: no lookup for them */
		if (i == 0 && !myrt_fib_table_may_match(mn->fib.local, fl->daddr))
			continue;
		if (i == 0)
			tb = mn->fib.local;
		else if (i == 1)
			tb = mn->fib.main;
		else
			tb = myrt_fib_get_table(mn, RT_TABLE_DEFAULT);
		if (!tb)
			continue;
		err = myrt_fib_table_lookup(tb, fl, res, NULL);
		if (err > 0 || err == -EAGAIN)
			continue;
		res->r = mn->fib.default_rules[i];
		return err;
	}
	return -ESRCH;
}

/* The rules walk (classic fib_rules_lookup) */
static noinline int fib_rules_walk(struct myrt_net *mn,
				   const struct flowi4 *fl,
				   struct myrt_fib_result *res,
				   struct myrt_explain *ex)
{
	struct myrt_fib_rule *rule;
	char tn[12];
	int err;

	list_for_each_entry_rcu(rule, &mn->fib.rules, list) {
jumped:
		if (!rule_match(rule, fl)) {
			myrt_explain(ex, "rule %u: selector does not match\n",
				     rule->pref);
			continue;
		}
		if (rule->action == FR_ACT_GOTO) {
			struct myrt_fib_rule *target;

			target = rcu_dereference(rule->ctarget);
			if (!target) {
				myrt_explain(ex, "rule %u: goto %u unresolved, next rule\n",
					     rule->pref, rule->target);
				continue;
			}
			myrt_explain(ex, "rule %u: goto %u\n", rule->pref,
				     target->pref);
			rule = target;
			goto jumped;
		}
		if (rule->action == FR_ACT_NOP) {
			myrt_explain(ex, "rule %u: nop\n", rule->pref);
			continue;
		}
		if (rule->action == FR_ACT_TO_TBL)
			myrt_explain(ex, "rule %u: matches, lookup %s\n",
				     rule->pref,
				     table_name(rule->table, tn, sizeof(tn)));
		else if (rule->action == MYRT_FR_ACT_NAT)
			myrt_explain(ex, "rule %u: matches, nat %pI4, lookup %s\n",
				     rule->pref, &rule->srcmap,
				     table_name(rule->table, tn, sizeof(tn)));
		else
			myrt_explain(ex, "rule %u: matches, %s\n", rule->pref,
				     action_name(rule->action));
		err = rule_action(mn, rule, fl, res, ex);
		if (err != -EAGAIN) {
			res->r = rule;
			if (err)
				myrt_explain(ex, "rule %u: result error %d\n",
					     rule->pref, err);
			return err;
		}
	}
	myrt_explain(ex, "no rule gave a result: -ESRCH\n");
	return -ESRCH;
}

static __always_inline int rules_lookup(struct myrt_net *mn,
					const struct flowi4 *fl,
					struct myrt_fib_result *res,
					struct myrt_explain *ex)
{
	res->r = NULL;
	res->fi = NULL;
	/* an explained lookup shows the classic rule steps */
	if (likely(!ex && !READ_ONCE(mn->fib.custom_rules)))
		return fib_lookup_default_rules(mn, fl, res);
	return fib_rules_walk(mn, fl, res, ex);
}

int __myrt_fib_lookup(struct myrt_net *mn, const struct flowi4 *fl,
		      struct myrt_fib_result *res, struct myrt_explain *ex)
{
	return rules_lookup(mn, fl, res, ex);
}

int myrt_fib_lookup(struct myrt_net *mn, const struct flowi4 *fl,
		    struct myrt_fib_result *res, struct myrt_explain *ex)
{
	int err = rules_lookup(mn, fl, res, ex);

	if (err == -ESRCH)
		err = -ENETUNREACH;
	return err;
}
EXPORT_SYMBOL_GPL(myrt_fib_lookup);	/* for the benchmark (myrt_bench.c) */

static void rule_free_rcu(struct myrt_fib_rule *r)
{
	kfree_rcu(r, rcu);
}

static int rule_ifindex(struct net *net, const char *name)
{
	struct net_device *dev;

	if (!name[0])
		return 0;
	dev = __dev_get_by_name(net, name);
	return dev ? dev->ifindex : -1;
}

static void rules_flush_cache(struct myrt_net *mn)
{
	myrt_cache_flush(mn->net, -1);
}

int myrt_fib_rule_add(struct myrt_net *mn, const struct myrt_fib_rule *tmpl,
		      u32 given, struct myrt_fib_config *cfg)
{
	struct netlink_ext_ack *extack = cfg ? cfg->fc_extack : NULL;
	struct myrt_fib_rule *rule, *r, *last = NULL;
	struct list_head *rules = &mn->fib.rules;

	if ((tmpl->action > FR_ACT_MAX && tmpl->action != MYRT_FR_ACT_NAT) ||
	    tmpl->action == FR_ACT_UNSPEC ||
	    tmpl->action == FR_ACT_RES3 || tmpl->action == FR_ACT_RES4) {
		NL_SET_ERR_MSG(extack, "Invalid rule action");
		return -EINVAL;
	}
	if (tmpl->action == MYRT_FR_ACT_NAT) {
		__be32 map = tmpl->srcmap;

		/* 0 is "masquerade"; else (saddr & ~srcmask) | map */
		if (map && (ipv4_is_multicast(map) || ipv4_is_lbcast(map) ||
			    ipv4_is_zeronet(map) || ipv4_is_loopback(map))) {
			NL_SET_ERR_MSG(extack, "NAT map address must be a unicast address");
			return -EINVAL;
		}
		/* a local map (masquerade) replaces the source whole */
		if (tmpl->src_len <= 32 &&
		    (map & ~inet_make_mask(tmpl->src_len)) &&
		    myrt_fib_addr_type(mn, map) != RTN_LOCAL) {
			NL_SET_ERR_MSG(extack,
				       "NAT map address has bits in the host part of the source prefix");
			return -EINVAL;
		}
	} else if (tmpl->srcmap) {
		NL_SET_ERR_MSG(extack, "Map address given without the nat action");
		return -EINVAL;
	}
	if (tmpl->src_len > 32 || tmpl->dst_len > 32) {
		NL_SET_ERR_MSG(extack, "Invalid prefix length");
		return -EINVAL;
	}
	if (tmpl->tos & ~IPTOS_TOS_MASK) {
		NL_SET_ERR_MSG(extack, "Invalid tos");
		return -EINVAL;
	}
	if (tmpl->flags & ~FIB_RULE_INVERT) {
		NL_SET_ERR_MSG(extack, "Unsupported rule flags");
		return -EINVAL;
	}

	rule = kmemdup(tmpl, sizeof(*rule), GFP_KERNEL);
	if (!rule)
		return -ENOMEM;
	INIT_LIST_HEAD(&rule->list);
	RCU_INIT_POINTER(rule->ctarget, NULL);
	rule->srcmask = inet_make_mask(rule->src_len);
	rule->dstmask = inet_make_mask(rule->dst_len);
	rule->src &= rule->srcmask;
	rule->dst &= rule->dstmask;
	if ((given & MYRT_RULE_F_MARK) && !(given & MYRT_RULE_F_MASK) &&
	    rule->mark)
		rule->mark_mask = 0xFFFFFFFF;
	if (rule->mark_mask && (rule->mark & ~rule->mark_mask)) {
		NL_SET_ERR_MSG(extack, "Mark has bits outside the mask");
		kfree(rule);
		return -EINVAL;
	}
	rule->iifindex = rule_ifindex(mn->net, rule->iifname);
	rule->oifindex = rule_ifindex(mn->net, rule->oifname);

	if (!(given & MYRT_RULE_F_PREF)) {
		/* classic default: the second rule's preference - 1 */
		rule->pref = 0;
		if (!list_empty(rules) && rules->next->next != rules) {
			r = list_entry(rules->next->next, struct myrt_fib_rule,
				       list);
			if (r->pref)
				rule->pref = r->pref - 1;
		}
	}

	if ((rule->action == FR_ACT_TO_TBL ||
	     rule->action == MYRT_FR_ACT_NAT) &&
	    rule->table == RT_TABLE_UNSPEC) {
		u32 id;

		/*
		 * The classic "empty table": the first unused id, within the
		 * classic 1..255 (the modern RT_TABLE_MAX is 2^32 - 1, and a
		 * table above 255 could not be named to delete the rule).
		 */
		for (id = 1; id <= MYRT_TABLE_MAX; id++)
			if (!myrt_fib_get_table(mn, id))
				break;
		if (id > MYRT_TABLE_MAX) {
			NL_SET_ERR_MSG(extack, "No unused table id (1-255) left");
			kfree(rule);
			return -ENOBUFS;
		}
		if (!myrt_fib_new_table(mn, id)) {
			kfree(rule);
			return -ENOBUFS;
		}
		rule->table = id;
	}

	if (rule->action == FR_ACT_GOTO) {
		if (!(given & MYRT_RULE_F_GOTO)) {
			NL_SET_ERR_MSG(extack, "Missing goto target");
			kfree(rule);
			return -EINVAL;
		}
		if (rule->target <= rule->pref) {
			NL_SET_ERR_MSG(extack, "Backward goto not supported");
			kfree(rule);
			return -EINVAL;
		}
		list_for_each_entry(r, rules, list) {
			if (r->pref == rule->target) {
				RCU_INIT_POINTER(rule->ctarget, r);
				break;
			}
		}
	} else if (given & MYRT_RULE_F_GOTO) {
		NL_SET_ERR_MSG(extack, "Goto target given without the goto action");
		kfree(rule);
		return -EINVAL;
	}

	list_for_each_entry(r, rules, list) {
		if (r->pref > rule->pref)
			break;
		last = r;
	}
	if (last)
		list_add_rcu(&rule->list, &last->list);
	else
		list_add_rcu(&rule->list, rules);
	mn->fib.rules_count++;
	WRITE_ONCE(mn->fib.custom_rules, true);

	/* unresolved gotos to this preference now have a target */
	list_for_each_entry(r, rules, list) {
		if (r->action == FR_ACT_GOTO && r->target == rule->pref &&
		    !rtnl_dereference(r->ctarget))
			rcu_assign_pointer(r->ctarget, rule);
	}

	if (rule->action == MYRT_FR_ACT_NAT)
		myrt_nat_enable(mn);
	myrt_nl_rule_notify(mn->net, RTM_NEWRULE, rule, cfg);
	rules_flush_cache(mn);
	return 0;
}

static bool rule_matches_tmpl(const struct myrt_fib_rule *rule,
			      const struct myrt_fib_rule *t, u32 given)
{
	if ((given & MYRT_RULE_F_ACTION) && t->action &&
	    t->action != rule->action)
		return false;
	if ((given & MYRT_RULE_F_TABLE) && t->table && t->table != rule->table)
		return false;
	if ((given & MYRT_RULE_F_PREF) && t->pref != rule->pref)
		return false;
	if ((given & MYRT_RULE_F_IIF) && strcmp(t->iifname, rule->iifname))
		return false;
	if ((given & MYRT_RULE_F_OIF) && strcmp(t->oifname, rule->oifname))
		return false;
	if ((given & MYRT_RULE_F_MARK) && t->mark != rule->mark)
		return false;
	if ((given & MYRT_RULE_F_MASK) && t->mark_mask != rule->mark_mask)
		return false;
	if (t->src_len && t->src_len != rule->src_len)
		return false;
	if (t->dst_len && t->dst_len != rule->dst_len)
		return false;
	if (t->tos && t->tos != rule->tos)
		return false;
	if ((given & MYRT_RULE_F_SRC) && t->src != rule->src)
		return false;
	if ((given & MYRT_RULE_F_DST) && t->dst != rule->dst)
		return false;
	if ((given & MYRT_RULE_F_FLOW) && t->tclassid != rule->tclassid)
		return false;
	if (t->srcmap && t->srcmap != rule->srcmap)
		return false;
	return true;
}

static void rule_unlink(struct myrt_net *mn, struct myrt_fib_rule *rule)
{
	struct myrt_fib_rule *r;

	list_del_rcu(&rule->list);
	mn->fib.rules_count--;
	WRITE_ONCE(mn->fib.custom_rules, true);
	list_for_each_entry(r, &mn->fib.rules, list) {
		if (rtnl_dereference(r->ctarget) == rule)
			RCU_INIT_POINTER(r->ctarget, NULL);
	}
}

int myrt_fib_rule_del(struct myrt_net *mn, const struct myrt_fib_rule *tmpl,
		      u32 given, struct myrt_fib_config *cfg)
{
	struct netlink_ext_ack *extack = cfg ? cfg->fc_extack : NULL;
	struct myrt_fib_rule *rule;

	list_for_each_entry(rule, &mn->fib.rules, list) {
		if (!rule_matches_tmpl(rule, tmpl, given))
			continue;
		myrt_nl_rule_notify(mn->net, RTM_DELRULE, rule, cfg);
		rule_unlink(mn, rule);
		rule_free_rcu(rule);
		rules_flush_cache(mn);
		return 0;
	}
	NL_SET_ERR_MSG(extack, "No such rule");
	return -ENOENT;
}

void myrt_fib_rules_dev_event(struct myrt_net *mn, struct net_device *dev,
			      unsigned long event)
{
	struct myrt_fib_rule *r;

	list_for_each_entry(r, &mn->fib.rules, list) {
		if (event == NETDEV_REGISTER) {
			if (r->iifindex == -1 && !strcmp(r->iifname, dev->name))
				WRITE_ONCE(r->iifindex, dev->ifindex);
			if (r->oifindex == -1 && !strcmp(r->oifname, dev->name))
				WRITE_ONCE(r->oifindex, dev->ifindex);
		} else if (event == NETDEV_UNREGISTER) {
			if (r->iifindex == dev->ifindex)
				WRITE_ONCE(r->iifindex, -1);
			if (r->oifindex == dev->ifindex)
				WRITE_ONCE(r->oifindex, -1);
		}
	}
}

static int add_default_rule(struct myrt_net *mn, int i, u32 pref, u32 table)
{
	struct myrt_fib_rule *r = kzalloc(sizeof(*r), GFP_KERNEL);

	if (!r)
		return -ENOMEM;
	r->pref = pref;
	r->table = table;
	r->action = FR_ACT_TO_TBL;
	list_add_tail(&r->list, &mn->fib.rules);
	mn->fib.rules_count++;
	mn->fib.default_rules[i] = r;
	return 0;
}

int myrt_fib_rules_net_init(struct myrt_net *mn)
{
	int err;

	INIT_LIST_HEAD(&mn->fib.rules);
	mn->fib.custom_rules = false;
	err = add_default_rule(mn, 0, 0, RT_TABLE_LOCAL);
	if (!err)
		err = add_default_rule(mn, 1, 32766, RT_TABLE_MAIN);
	if (!err)
		err = add_default_rule(mn, 2, 32767, RT_TABLE_DEFAULT);
	if (err)
		myrt_fib_rules_net_exit(mn);
	return err;
}

void myrt_fib_rules_net_exit(struct myrt_net *mn)
{
	struct myrt_fib_rule *r, *tmp;

	list_for_each_entry_safe(r, tmp, &mn->fib.rules, list) {
		list_del_rcu(&r->list);
		rule_free_rcu(r);
	}
	mn->fib.rules_count = 0;
}
