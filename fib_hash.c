// SPDX-License-Identifier: GPL-2.0
/*
 * fib_hash tables: one zone per prefix length, each a hash of nodes (one per
 * prefix), each node a list of aliases (one per tos/priority/type/scope),
 * each alias pointing to a shared fib_info.
 *
 * Readers walk the zones under RCU.  Writers hold RTNL.  A zone's hash grows
 * (16, 256, 1024, then doubling) by moving every node to a new bucket array
 * inside a seqcount write section, so that a reader that raced with the move
 * looks its bucket up again.
 *
 * A lookup does not probe every non-empty zone: the table's prefix-length
 * index (struct myrt_fib_idx_blk in fib.h) gives, for the /16 of the
 * address, the lengths that can hold a covering prefix, and the lookup
 * probes those zones, longest first.  When the node of a zone fails the
 * semantic checks (tos, scope, dead nexthops), the lookup goes on with the
 * next shorter length of the mask, as the classic walk goes on with the
 * next zone: zones the index leaves out have no node covering the address,
 * so the result is the classic one.  Writers set a node's bits before the node is
 * published and clear them after it is unlinked.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/rculist.h>
#include <linux/inetdevice.h>
#include "myrt.h"

/* The largest bucket array: what one order-10 allocation holds. */
#define MYRT_FZ_MAX_DIVISOR	((PAGE_SIZE << 10) / sizeof(struct hlist_head))

static inline __be32 fz_key(__be32 dst, const struct myrt_fn_zone *fz)
{
	return dst & fz->fz_mask;
}

/* The classic zone hash. */
static inline u32 fn_hash(__be32 key, int order, u32 hashmask)
{
	u32 h;

	if (!order)
		return 0;
	h = ntohl(key) >> (32 - order);
	h ^= (h >> 20);
	h ^= (h >> 10);
	h ^= (h >> 5);
	return h & hashmask;
}

static struct hlist_head *fz_hash_alloc(int divisor)
{
	return kvcalloc(divisor, sizeof(struct hlist_head), GFP_KERNEL);
}

static void fn_rehash_zone(struct myrt_fib_table *tb, struct myrt_fn_zone *fz)
{
	struct hlist_head *ht, *old_ht;
	int old_divisor, new_divisor, i;
	u32 new_hashmask;

	old_divisor = fz->fz_divisor;
	switch (old_divisor) {
	case 16:
		new_divisor = 256;
		break;
	case 256:
		new_divisor = 1024;
		break;
	default:
		if ((old_divisor << 1) > MYRT_FZ_MAX_DIVISOR) {
			pr_warn("zone /%d: divisor %d cannot grow\n",
				fz->fz_order, old_divisor);
			return;
		}
		new_divisor = old_divisor << 1;
		break;
	}
	new_hashmask = new_divisor - 1;

	ht = fz_hash_alloc(new_divisor);
	if (!ht)
		return;		/* keep the old, smaller hash */

	old_ht = rtnl_dereference(fz->fz_hash);
	local_bh_disable();
	write_seqcount_begin(&fz->fz_seq);
	for (i = 0; i < old_divisor; i++) {
		struct myrt_fib_node *f;
		struct hlist_node *tmp;

		hlist_for_each_entry_safe(f, tmp, &old_ht[i], fn_hash) {
			hlist_del_rcu(&f->fn_hash);
			hlist_add_head_rcu(&f->fn_hash,
					   &ht[fn_hash(f->fn_key, fz->fz_order,
						       new_hashmask)]);
		}
	}
	rcu_assign_pointer(fz->fz_hash, ht);
	smp_wmb();	/* a reader that sees the new mask sees the new hash */
	WRITE_ONCE(fz->fz_hashmask, new_hashmask);
	fz->fz_divisor = new_divisor;
	write_seqcount_end(&fz->fz_seq);
	local_bh_enable();
	tb->tb_genid++;

	synchronize_rcu();
	kvfree(old_ht);
}

/* Allocate the block of the /8 of @key if a node of /@len needs it (RTNL). */
static int fib_idx_prepare(struct myrt_fib_table *tb, __be32 key, int len)
{
	u32 t = ntohl(key) >> 24;
	struct myrt_fib_idx_blk *blk;
	struct myrt_fib_idx_cnt *cnt;

	if (len <= 8 || tb->idx_cnt[t])
		return 0;
	blk = kzalloc(sizeof(*blk), GFP_KERNEL);
	cnt = kzalloc(sizeof(*cnt), GFP_KERNEL);
	if (!blk || !cnt) {
		kfree(blk);
		kfree(cnt);
		return -ENOBUFS;
	}
	tb->idx_cnt[t] = cnt;
	rcu_assign_pointer(tb->idx_blk[t], blk);
	return 0;
}

/*
 * Count a node of @key/@len in the index, before the node is published
 * (fib_idx_prepare() succeeded for it).  RTNL.
 */
static void fib_idx_add(struct myrt_fib_table *tb, __be32 key, int len)
{
	u32 h = ntohl(key), t = h >> 24, s = (h >> 16) & 0xff, i, n;
	struct myrt_fib_idx_blk *blk;
	u8 *c;

	smp_wmb();	/* the zone (fn_new_zone) before its bit */
	if (len <= 8) {
		n = 1U << (8 - len);
		for (i = t; i < t + n; i++)
			WRITE_ONCE(tb->idx_short[i],
				   tb->idx_short[i] | BIT(len));
		return;
	}
	blk = rtnl_dereference(tb->idx_blk[t]);
	if (len <= 16) {
		n = 1U << (16 - len);
		for (i = s; i < s + n; i++)
			WRITE_ONCE(blk->bits[i], blk->bits[i] | BIT(len - 1));
		return;
	}
	c = &tb->idx_cnt[t]->cnt[s][len - 17];
	if (*c < U8_MAX)
		(*c)++;
	WRITE_ONCE(blk->bits[s], blk->bits[s] | BIT(len - 1));
}

/* Uncount a node of @key/@len, after it was unlinked.  RTNL. */
static void fib_idx_del(struct myrt_fib_table *tb, __be32 key, int len)
{
	u32 h = ntohl(key), t = h >> 24, s = (h >> 16) & 0xff, i, n;
	struct myrt_fib_idx_blk *blk;
	u8 *c;

	if (len <= 8) {
		n = 1U << (8 - len);
		for (i = t; i < t + n; i++)
			WRITE_ONCE(tb->idx_short[i],
				   tb->idx_short[i] & ~BIT(len));
		return;
	}
	blk = rtnl_dereference(tb->idx_blk[t]);
	if (len <= 16) {
		n = 1U << (16 - len);
		for (i = s; i < s + n; i++)
			WRITE_ONCE(blk->bits[i], blk->bits[i] & ~BIT(len - 1));
		return;
	}
	c = &tb->idx_cnt[t]->cnt[s][len - 17];
	if (*c == U8_MAX || --(*c))
		return;		/* saturated, or others left */
	WRITE_ONCE(blk->bits[s], blk->bits[s] & ~BIT(len - 1));
}

static struct myrt_fn_zone *fn_new_zone(struct myrt_fib_table *tb, int z)
{
	struct myrt_fn_zone *fz;
	struct hlist_head *ht;
	int i;

	fz = kzalloc(sizeof(*fz), GFP_KERNEL);
	if (!fz)
		return NULL;
	fz->fz_divisor = z ? 16 : 1;
	fz->fz_hashmask = fz->fz_divisor - 1;
	ht = fz_hash_alloc(fz->fz_divisor);
	if (!ht) {
		kfree(fz);
		return NULL;
	}
	RCU_INIT_POINTER(fz->fz_hash, ht);
	seqcount_init(&fz->fz_seq);
	fz->fz_order = z;
	fz->fz_mask = z ? inet_make_mask(z) : 0;

	/* Link it after the nearest longer zone: the list is longest first. */
	for (i = z + 1; i <= 32; i++)
		if (tb->fn_zones[i])
			break;
	if (i > 32) {
		RCU_INIT_POINTER(fz->fz_next, rtnl_dereference(tb->fn_zone_list));
		rcu_assign_pointer(tb->fn_zone_list, fz);
	} else {
		RCU_INIT_POINTER(fz->fz_next,
				 rtnl_dereference(tb->fn_zones[i]->fz_next));
		rcu_assign_pointer(tb->fn_zones[i]->fz_next, fz);
	}
	/* published for fib_table_lookup_idx() (fib_idx_add orders it) */
	WRITE_ONCE(tb->fn_zones[z], fz);
	return fz;
}

struct myrt_fib_table *myrt_fib_hash_table(u32 id)
{
	struct myrt_fib_table *tb;

	tb = kzalloc(sizeof(*tb), GFP_KERNEL);
	if (!tb)
		return NULL;
	tb->tb_id = id;
	tb->tb_default = -1;
	return tb;
}

/* Free a table that no reader can reach any more (after a grace period). */
void myrt_fib_table_free(struct myrt_fib_table *tb)
{
	int z;

	for (z = 0; z < 256; z++) {
		kfree(rcu_dereference_protected(tb->idx_blk[z], 1));
		kfree(tb->idx_cnt[z]);
	}
	for (z = 0; z <= 32; z++) {
		struct myrt_fn_zone *fz = tb->fn_zones[z];

		if (!fz)
			continue;
		kvfree(rcu_dereference_protected(fz->fz_hash, 1));
		kfree(fz);
	}
	kfree(tb);
}

/* Find the node of @key in its zone (RCU or RTNL). */
static struct myrt_fib_node *fib_find_node(struct myrt_fn_zone *fz, __be32 key)
{
	struct myrt_fib_node *f, *found;
	struct hlist_head *ht;
	unsigned int seq;
	u32 mask;

	do {
		found = NULL;
		seq = read_seqcount_begin(&fz->fz_seq);
		mask = READ_ONCE(fz->fz_hashmask);
		smp_rmb();	/* pairs with fn_rehash_zone() */
		ht = rcu_dereference_check(fz->fz_hash, lockdep_rtnl_is_held());
		hlist_for_each_entry_rcu(f, &ht[fn_hash(key, fz->fz_order, mask)],
					 fn_hash, lockdep_rtnl_is_held()) {
			if (f->fn_key == key) {
				found = f;
				break;
			}
		}
	} while (read_seqcount_retry(&fz->fz_seq, seq));
	return found;
}

/*
 * The first alias with fa_tos <= tos and (priority >= prio or fa_tos < tos):
 * the existing (tos, prio) group, or where a new alias goes.
 */
static struct myrt_fib_alias *fib_find_alias(struct list_head *fah, u8 tos,
					     u32 prio)
{
	struct myrt_fib_alias *fa;

	if (!fah)
		return NULL;
	list_for_each_entry(fa, fah, fa_list) {
		if (fa->fa_tos > tos)
			continue;
		if (fa->fa_info->fib_priority >= prio || fa->fa_tos < tos)
			return fa;
	}
	return NULL;
}

/*
 * The lookup through the prefix-length index: only the zones that can hold
 * a prefix covering the address, longest first.
 */
static int fib_table_lookup_idx(struct myrt_fib_table *tb,
				const struct flowi4 *fl,
				struct myrt_fib_result *res)
{
	u32 h = ntohl(fl->daddr);
	struct myrt_fib_idx_blk *blk;
	u64 bits;
	int err;

	bits = READ_ONCE(tb->idx_short[h >> 24]);
	blk = rcu_dereference(tb->idx_blk[h >> 24]);
	if (blk)
		bits |= (u64)READ_ONCE(blk->bits[(h >> 16) & 0xff]) << 1;
	smp_rmb();	/* a zone's bit before the zone (fib_idx_add) */
	while (bits) {
		int len = fls64(bits) - 1;
		struct myrt_fn_zone *fz = READ_ONCE(tb->fn_zones[len]);
		struct myrt_fib_node *f;

		bits &= ~BIT_ULL(len);
		if (unlikely(!fz))
			continue;
		f = fib_find_node(fz, fz_key(fl->daddr, fz));
		if (!f)
			continue;
		err = myrt_fib_semantic_match(&f->fn_alias, fl, res, len, NULL);
		if (err <= 0) {
			if (!err)
				res->table_id = tb->tb_id;
			return err;
		}
	}
	return 1;
}

/* An explained lookup walks every zone, to show each one. */
static noinline int fib_table_lookup_explain(struct myrt_fib_table *tb,
					     const struct flowi4 *fl,
					     struct myrt_fib_result *res,
					     struct myrt_explain *ex)
{
	struct myrt_fn_zone *fz;
	int err;

	for (fz = rcu_dereference(tb->fn_zone_list); fz;
	     fz = rcu_dereference(fz->fz_next)) {
		__be32 k = fz_key(fl->daddr, fz);
		struct myrt_fib_node *f;

		f = fib_find_node(fz, k);
		myrt_explain(ex,
			     "    zone /%d (%d nodes, divisor %d): key %pI4 bucket %u: %s\n",
			     fz->fz_order, READ_ONCE(fz->fz_nent),
			     READ_ONCE(fz->fz_divisor), &k,
			     fn_hash(k, fz->fz_order,
				     READ_ONCE(fz->fz_hashmask)),
			     f ? "node found" : "no node");
		if (!f)
			continue;
		err = myrt_fib_semantic_match(&f->fn_alias, fl, res,
					      fz->fz_order, ex);
		if (err <= 0) {
			if (!err)
				res->table_id = tb->tb_id;
			return err;
		}
	}
	return 1;
}

int myrt_fib_table_lookup(struct myrt_fib_table *tb, const struct flowi4 *fl,
			  struct myrt_fib_result *res, struct myrt_explain *ex)
{
	if (unlikely(ex))
		return fib_table_lookup_explain(tb, fl, res, ex);
	return fib_table_lookup_idx(tb, fl, res);
}
EXPORT_SYMBOL_GPL(myrt_fib_table_lookup);	/* for myrt_bench.c */

void myrt_fib_table_select_default(struct myrt_fib_table *tb,
				   const struct flowi4 *fl,
				   struct myrt_fib_result *res)
{
	struct myrt_fib_info *fi = NULL, *last_resort = NULL;
	struct myrt_fn_zone *fz = tb->fn_zones[0];
	int order = -1, last_idx = -1;
	struct myrt_fib_node *f;
	struct hlist_head *ht;
	int dflt = READ_ONCE(tb->tb_default);

	if (!fz)
		return;
	ht = rcu_dereference(fz->fz_hash);
	hlist_for_each_entry_rcu(f, &ht[0], fn_hash) {
		struct myrt_fib_alias *fa;

		list_for_each_entry_rcu(fa, &f->fn_alias, fa_list) {
			struct myrt_fib_info *next_fi = fa->fa_info;

			if (fa->fa_scope != res->scope ||
			    fa->fa_type != RTN_UNICAST)
				continue;
			if (next_fi->fib_priority > res->fi->fib_priority)
				break;
			if (!next_fi->fib_nh[0].nh_gw ||
			    next_fi->fib_nh[0].nh_scope != RT_SCOPE_LINK)
				continue;
			myrt_fa_set_accessed(fa);
			if (!fi) {
				if (next_fi != res->fi)
					break;
			} else if (!myrt_fib_detect_death(fi, order, &last_resort,
							  &last_idx, dflt)) {
				res->fi = fi;
				res->nh_sel = 0;
				WRITE_ONCE(tb->tb_default, order);
				return;
			}
			fi = next_fi;
			order++;
		}
	}

	if (order <= 0 || !fi) {
		WRITE_ONCE(tb->tb_default, -1);
		return;
	}
	if (!myrt_fib_detect_death(fi, order, &last_resort, &last_idx, dflt)) {
		res->fi = fi;
		res->nh_sel = 0;
		WRITE_ONCE(tb->tb_default, order);
		return;
	}
	if (last_idx >= 0) {
		res->fi = last_resort;
		res->nh_sel = 0;
	}
	WRITE_ONCE(tb->tb_default, last_idx);
}

static void fib_insert_node(struct myrt_fn_zone *fz, struct myrt_fib_node *f)
{
	struct hlist_head *ht = rtnl_dereference(fz->fz_hash);

	hlist_add_head_rcu(&f->fn_hash,
			   &ht[fn_hash(f->fn_key, fz->fz_order,
				       fz->fz_hashmask)]);
}

static struct myrt_fib_alias *fib_alias_alloc(struct myrt_fib_info *fi,
					      const struct myrt_fib_config *cfg)
{
	struct myrt_fib_alias *fa = kzalloc(sizeof(*fa), GFP_KERNEL);

	if (!fa)
		return NULL;
	fa->fa_info = fi;
	fa->fa_tos = cfg->fc_tos;
	fa->fa_type = cfg->fc_type;
	fa->fa_scope = cfg->fc_scope;
	return fa;
}

int myrt_fib_table_insert(struct myrt_fib_table *tb,
			  struct myrt_fib_config *cfg)
{
	struct myrt_net *mn = myrt_pernet(cfg->fc_net);
	struct netlink_ext_ack *extack = cfg->fc_extack;
	struct myrt_fib_node *new_f = NULL, *f;
	struct myrt_fib_alias *fa, *new_fa;
	struct myrt_fib_info *fi;
	struct myrt_fn_zone *fz;
	u8 tos = cfg->fc_tos;
	__be32 key;
	int err;

	if (cfg->fc_dst_len > 32) {
		NL_SET_ERR_MSG(extack, "Invalid prefix length");
		return -EINVAL;
	}
	if (cfg->fc_dst & ~inet_make_mask(cfg->fc_dst_len)) {
		NL_SET_ERR_MSG(extack, "Invalid prefix for given prefix length");
		return -EINVAL;
	}
	fz = tb->fn_zones[cfg->fc_dst_len];
	if (!fz) {
		fz = fn_new_zone(tb, cfg->fc_dst_len);
		if (!fz)
			return -ENOBUFS;
	}
	key = fz_key(cfg->fc_dst, fz);

	fi = myrt_fib_create_info(mn, cfg);
	if (IS_ERR(fi))
		return PTR_ERR(fi);

	if (fz->fz_nent > (fz->fz_divisor << 1) &&
	    fz->fz_divisor < MYRT_FZ_MAX_DIVISOR &&
	    (cfg->fc_dst_len == 32 ||
	     (1 << cfg->fc_dst_len) > fz->fz_divisor))
		fn_rehash_zone(tb, fz);

	f = fib_find_node(fz, key);
	fa = fib_find_alias(f ? &f->fn_alias : NULL, tos, fi->fib_priority);

	/*
	 * fa, if not NULL, is the first alias of the (tos, priority) group if
	 * the group exists, or the alias before which a new one goes.
	 */
	if (fa && fa->fa_tos == tos &&
	    fa->fa_info->fib_priority == fi->fib_priority) {
		struct myrt_fib_alias *fa_first = fa, *fa_match = NULL;
		struct list_head *pos = &f->fn_alias;

		err = -EEXIST;
		if (cfg->fc_nlflags & NLM_F_EXCL) {
			NL_SET_ERR_MSG(extack, "Route already exists");
			goto out;
		}

		/*
		 * Look for an exact (type, scope, info) duplicate and find
		 * the end of the group, where APPEND puts the new alias.
		 */
		for (fa = fa_first; &fa->fa_list != &f->fn_alias;
		     fa = list_next_entry(fa, fa_list)) {
			if (fa->fa_tos != tos ||
			    fa->fa_info->fib_priority != fi->fib_priority)
				break;
			if (fa->fa_type == cfg->fc_type &&
			    fa->fa_scope == cfg->fc_scope &&
			    fa->fa_info == fi) {
				fa_match = fa;
				break;
			}
		}
		pos = &fa->fa_list;

		if (cfg->fc_nlflags & NLM_F_REPLACE) {
			struct myrt_fib_info *fi_drop;
			u8 state;

			fa = fa_first;
			if (fa_match) {
				if (fa == fa_match)
					err = 0;
				else
					NL_SET_ERR_MSG(extack,
						       "Route already exists");
				goto out;
			}
			new_fa = fib_alias_alloc(fi, cfg);
			err = -ENOBUFS;
			if (!new_fa)
				goto out;
			fi_drop = fa->fa_info;
			state = READ_ONCE(fa->fa_state);
			list_replace_rcu(&fa->fa_list, &new_fa->fa_list);
			tb->tb_genid++;
			myrt_fib_release_info(mn, fi_drop);
			kfree_rcu(fa, rcu);
			if (state & MYRT_FA_S_ACCESSED)
				myrt_cache_flush(cfg->fc_net, -1);
			myrt_nl_route_notify(cfg->fc_net, RTM_NEWROUTE, tb->tb_id,
					     key, cfg->fc_dst_len, new_fa, cfg,
					     NLM_F_REPLACE);
			return 0;
		}

		/* A perfect duplicate of an existing route. */
		if (fa_match) {
			NL_SET_ERR_MSG(extack, "Route already exists");
			goto out;
		}
		if (cfg->fc_nlflags & NLM_F_APPEND)
			fa = container_of(pos, struct myrt_fib_alias, fa_list);
		else
			fa = fa_first;
	}

	err = -ENOENT;
	if (!(cfg->fc_nlflags & NLM_F_CREATE)) {
		NL_SET_ERR_MSG(extack, "Route does not exist and NLM_F_CREATE not given");
		goto out;
	}

	err = -ENOBUFS;
	if (!f) {
		if (fib_idx_prepare(tb, key, cfg->fc_dst_len))
			goto out;
		new_f = kzalloc(sizeof(*new_f), GFP_KERNEL);
		if (!new_f)
			goto out;
		INIT_HLIST_NODE(&new_f->fn_hash);
		INIT_LIST_HEAD(&new_f->fn_alias);
		new_f->fn_key = key;
		f = new_f;
	}
	new_fa = fib_alias_alloc(fi, cfg);
	if (!new_fa)
		goto out;

	/* Publish: the alias first, then the node that carries it. */
	list_add_tail_rcu(&new_fa->fa_list, fa ? &fa->fa_list : &f->fn_alias);
	if (new_f) {
		fib_idx_add(tb, key, cfg->fc_dst_len);
		fib_insert_node(fz, new_f);
		WRITE_ONCE(fz->fz_nent, fz->fz_nent + 1);
	}
	tb->tb_genid++;
	myrt_cache_flush(cfg->fc_net, -1);
	myrt_nl_route_notify(cfg->fc_net, RTM_NEWROUTE, tb->tb_id, key,
			     cfg->fc_dst_len, new_fa, cfg,
			     cfg->fc_nlflags & (NLM_F_APPEND | NLM_F_CREATE |
						NLM_F_EXCL));
	return 0;

out:
	kfree(new_f);
	myrt_fib_release_info(mn, fi);
	return err;
}

int myrt_fib_table_delete(struct myrt_fib_table *tb,
			  struct myrt_fib_config *cfg)
{
	struct myrt_net *mn = myrt_pernet(cfg->fc_net);
	struct netlink_ext_ack *extack = cfg->fc_extack;
	struct myrt_fib_alias *fa, *fa_to_delete = NULL;
	struct myrt_fib_node *f;
	struct myrt_fn_zone *fz;
	__be32 key;

	if (cfg->fc_dst_len > 32) {
		NL_SET_ERR_MSG(extack, "Invalid prefix length");
		return -EINVAL;
	}
	if (cfg->fc_dst & ~inet_make_mask(cfg->fc_dst_len)) {
		NL_SET_ERR_MSG(extack, "Invalid prefix for given prefix length");
		return -EINVAL;
	}
	fz = tb->fn_zones[cfg->fc_dst_len];
	if (!fz) {
		NL_SET_ERR_MSG(extack, "No such route");
		return -ESRCH;
	}
	key = fz_key(cfg->fc_dst, fz);
	f = fib_find_node(fz, key);
	fa = fib_find_alias(f ? &f->fn_alias : NULL, cfg->fc_tos, 0);
	if (!fa) {
		NL_SET_ERR_MSG(extack, "No such route");
		return -ESRCH;
	}

	for (; &fa->fa_list != &f->fn_alias; fa = list_next_entry(fa, fa_list)) {
		struct myrt_fib_info *fi = fa->fa_info;

		if (fa->fa_tos != cfg->fc_tos)
			break;
		if ((!cfg->fc_type || fa->fa_type == cfg->fc_type) &&
		    (cfg->fc_scope == RT_SCOPE_NOWHERE ||
		     fa->fa_scope == cfg->fc_scope) &&
		    (!cfg->fc_protocol ||
		     fi->fib_protocol == cfg->fc_protocol) &&
		    myrt_fib_nh_match(cfg, fi) == 0) {
			fa_to_delete = fa;
			break;
		}
	}
	if (!fa_to_delete) {
		NL_SET_ERR_MSG(extack, "No such route");
		return -ESRCH;
	}

	fa = fa_to_delete;
	myrt_nl_route_notify(cfg->fc_net, RTM_DELROUTE, tb->tb_id, key,
			     cfg->fc_dst_len, fa, cfg, 0);
	list_del_rcu(&fa->fa_list);
	if (list_empty(&f->fn_alias)) {
		hlist_del_rcu(&f->fn_hash);
		fib_idx_del(tb, key, fz->fz_order);
		WRITE_ONCE(fz->fz_nent, fz->fz_nent - 1);
		kfree_rcu(f, rcu);
	}
	tb->tb_genid++;
	if (myrt_fa_accessed(fa))
		myrt_cache_flush(cfg->fc_net, -1);
	myrt_fib_release_info(mn, fa->fa_info);
	kfree_rcu(fa, rcu);
	return 0;
}

int myrt_fib_table_flush(struct myrt_fib_table *tb, bool all)
{
	struct myrt_fn_zone *fz;
	int found = 0;

	for (fz = rtnl_dereference(tb->fn_zone_list); fz;
	     fz = rtnl_dereference(fz->fz_next)) {
		struct hlist_head *ht = rtnl_dereference(fz->fz_hash);
		int i;

		for (i = 0; i < fz->fz_divisor; i++) {
			struct myrt_fib_node *f;
			struct hlist_node *tmp;

			/* RTNL (a mutex) keeps the zone as it is */
			if (!(i & 255))
				cond_resched();
			hlist_for_each_entry_safe(f, tmp, &ht[i], fn_hash) {
				struct myrt_fib_alias *fa, *fa_tmp;
				struct myrt_fib_info *fi;

				list_for_each_entry_safe(fa, fa_tmp,
							 &f->fn_alias,
							 fa_list) {
					fi = fa->fa_info;
					if (!all &&
					    !(fi->fib_flags & RTNH_F_DEAD))
						continue;
					list_del_rcu(&fa->fa_list);
					myrt_fib_release_info(myrt_pernet(fi->fib_net),
							      fi);
					kfree_rcu(fa, rcu);
					found++;
				}
				if (list_empty(&f->fn_alias)) {
					hlist_del_rcu(&f->fn_hash);
					fib_idx_del(tb, f->fn_key,
						    fz->fz_order);
					fz->fz_nent--;
					kfree_rcu(f, rcu);
				}
			}
		}
	}
	if (found)
		tb->tb_genid++;
	return found;
}

unsigned int myrt_fib_table_count(struct myrt_fib_table *tb)
{
	struct myrt_fn_zone *fz;
	unsigned int n = 0;

	for (fz = rcu_dereference_rtnl(tb->fn_zone_list); fz;
	     fz = rcu_dereference_rtnl(fz->fz_next))
		n += READ_ONCE(fz->fz_nent);
	return n;
}

int myrt_fib_table_zone_info(struct myrt_fib_table *tb, int order,
			     int *nent, int *divisor)
{
	struct myrt_fn_zone *fz;

	if (order < 0 || order > 32)
		return -EINVAL;
	fz = READ_ONCE(tb->fn_zones[order]);
	if (!fz)
		return -ENOENT;
	*nent = READ_ONCE(fz->fz_nent);
	*divisor = READ_ONCE(fz->fz_divisor);
	return 0;
}

/* Caller holds rcu_read_lock() or RTNL. */
int myrt_fib_table_walk(struct myrt_fib_table *tb, struct myrt_fib_walker *w,
			myrt_fib_walk_fn fn, void *arg)
{
	struct myrt_fn_zone *fz;
	int err;

	if (w->done)
		return 0;
	for (fz = rcu_dereference_rtnl(tb->fn_zone_list); fz;
	     fz = rcu_dereference_rtnl(fz->fz_next)) {
		struct hlist_head *ht;
		u32 b, divisor;

		if (w->order >= 0 && fz->fz_order > w->order)
			continue;	/* already walked */
		if (fz->fz_order != w->order) {
			w->order = fz->fz_order;
			w->bucket = 0;
			w->skip = 0;
		}
		divisor = READ_ONCE(fz->fz_hashmask) + 1;
		smp_rmb();	/* pairs with fn_rehash_zone() */
		ht = rcu_dereference_rtnl(fz->fz_hash);
		for (b = w->bucket; b < divisor; b++) {
			struct myrt_fib_node *f;
			u32 idx = 0;

			if (b != w->bucket) {
				w->bucket = b;
				w->skip = 0;
			}
			hlist_for_each_entry_rcu(f, &ht[b], fn_hash,
						 lockdep_rtnl_is_held()) {
				struct myrt_fib_alias *fa;

				list_for_each_entry_rcu(fa, &f->fn_alias,
							fa_list,
							lockdep_rtnl_is_held()) {
					if (idx++ < w->skip)
						continue;
					err = fn(tb, f->fn_key, fz->fz_order,
						 fa, arg);
					if (err < 0)
						return err;
					w->skip++;
				}
			}
		}
		w->bucket = divisor;
		/* next zone: anything shorter than this one */
		w->order = fz->fz_order - 1;
		w->bucket = 0;
		w->skip = 0;
		if (w->order < 0)
			break;
	}
	w->done = true;
	return 0;
}
