// SPDX-License-Identifier: GPL-2.0
/*
 * myrt: the structure of the FIB as a netlink dump (MYRT_CMD_FIB_GET), for
 * pictures (myip -dot): per table its non-empty zones, longest prefix
 * first, and per zone the aliases of its nodes in hash bucket order, each
 * with the fib_info it points to.  Infos are named by a per-namespace id
 * (fib_info.fib_id), never by an address.
 *
 * Read-only under rcu_read_lock(), like the route dump.  A dump that spans
 * several messages resumes from its cursor (table, zone, bucket, alias) and
 * copes with a table that changed in between: it may then miss or repeat a
 * route, and says so with NLM_F_DUMP_INTR (the sum of the tables' change
 * counters is the dump's sequence).
 */
#include <net/genetlink.h>

#include "myrt.h"
#include "uapi/myrt.h"

#define FIB_DUMP_LIMIT		64	/* nodes per zone by default */
#define FIB_DUMP_ZONE_SENT	BIT(31)	/* in the node count */

/*
 * The cursor in cb->args: [0] table hash bucket, [1] table index in it,
 * [2] zone prefix length + 1 (0: table not started), [3] node bucket,
 * [4] aliases of that bucket already sent, [5] nodes sent in this zone
 * and FIB_DUMP_ZONE_SENT.
 */
struct fib_dump_req {
	struct sk_buff		*skb;
	struct netlink_callback	*cb;
	u32			limit;
};

static void *fib_dump_put(struct fib_dump_req *rq)
{
	void *hdr = myrt_nl_dump_hdr(rq->skb, rq->cb, MYRT_CMD_FIB_GET);

	if (hdr)
		nl_dump_check_consistent(rq->cb, genlmsg_nlhdr(hdr));
	return hdr;
}

static int fib_dump_zone(struct fib_dump_req *rq, struct myrt_fib_table *tb,
			 struct myrt_fn_zone *fz)
{
	u32 nent = READ_ONCE(fz->fz_nent);
	struct nlattr *nest;
	void *hdr;

	hdr = fib_dump_put(rq);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(rq->skb, MYRT_A_TABLE, tb->tb_id) ||
	    nla_put_u8(rq->skb, MYRT_A_DST_LEN, fz->fz_order))
		goto cancel;
	nest = nla_nest_start(rq->skb, MYRT_A_STRUCT);
	if (!nest ||
	    nla_put_u32(rq->skb, MYRT_ST_A_ZONE_DIVISOR,
			READ_ONCE(fz->fz_divisor)) ||
	    nla_put_u32(rq->skb, MYRT_ST_A_ZONE_NENT, nent) ||
	    nla_put_u32(rq->skb, MYRT_ST_A_ZONE_LIMIT, rq->limit) ||
	    (rq->limit && nent > rq->limit &&
	     nla_put_flag(rq->skb, MYRT_ST_A_ZONE_SAMPLED)))
		goto cancel;
	nla_nest_end(rq->skb, nest);
	genlmsg_end(rq->skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(rq->skb, hdr);
	return -EMSGSIZE;
}

static int fib_dump_alias(struct fib_dump_req *rq, struct myrt_fib_table *tb,
			  struct myrt_fn_zone *fz, u32 bucket,
			  struct myrt_fib_node *f, struct myrt_fib_alias *fa)
{
	const struct myrt_fib_info *fi = fa->fa_info;
	struct nlattr *nest;
	void *hdr;

	hdr = fib_dump_put(rq);
	if (!hdr)
		return -EMSGSIZE;
	if (myrt_nl_route_attrs(rq->skb, tb->tb_id, f->fn_key, fz->fz_order,
				fa))
		goto cancel;
	nest = nla_nest_start(rq->skb, MYRT_A_STRUCT);
	if (!nest ||
	    nla_put_u32(rq->skb, MYRT_ST_A_BUCKET, bucket) ||
	    nla_put_u8(rq->skb, MYRT_ST_A_FA_STATE, READ_ONCE(fa->fa_state)) ||
	    nla_put_u32(rq->skb, MYRT_ST_A_FI_ID, fi->fib_id) ||
	    nla_put_u32(rq->skb, MYRT_ST_A_FI_TREEREF,
			READ_ONCE(fi->fib_treeref)) ||
	    nla_put_u32(rq->skb, MYRT_ST_A_FI_CLNTREF,
			refcount_read(&fi->fib_clntref)))
		goto cancel;
	nla_nest_end(rq->skb, nest);
	genlmsg_end(rq->skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(rq->skb, hdr);
	return -EMSGSIZE;
}

static void fib_dump_zone_reset(long *args, int order)
{
	args[2] = order + 1;
	args[3] = 0;
	args[4] = 0;
	args[5] = 0;
}

/* One table from the cursor; 0 when done, -EMSGSIZE when the skb is full. */
static int fib_dump_table(struct fib_dump_req *rq, struct myrt_fib_table *tb)
{
	long *args = rq->cb->args;
	struct myrt_fn_zone *fz;
	int err;

	for (fz = rcu_dereference(tb->fn_zone_list); fz;
	     fz = rcu_dereference(fz->fz_next)) {
		int order = fz->fz_order;
		struct hlist_head *ht;
		u32 b, divisor;

		if (args[2] && order > args[2] - 1)
			continue;	/* sent before */
		if (order != args[2] - 1)
			fib_dump_zone_reset(args, order);
		if (!(args[5] & FIB_DUMP_ZONE_SENT)) {
			err = fib_dump_zone(rq, tb, fz);
			if (err)
				return err;
			args[5] |= FIB_DUMP_ZONE_SENT;
		}
		divisor = READ_ONCE(fz->fz_hashmask) + 1;
		smp_rmb();	/* pairs with fn_rehash_zone() */
		ht = rcu_dereference(fz->fz_hash);
		for (b = args[3]; b < divisor; b++) {
			struct myrt_fib_node *f;
			u32 idx = 0;

			if (b != args[3]) {
				args[3] = b;
				args[4] = 0;
			}
			hlist_for_each_entry_rcu(f, &ht[b], fn_hash) {
				struct myrt_fib_alias *fa;
				bool sent = false;

				if (rq->limit &&
				    (args[5] & ~FIB_DUMP_ZONE_SENT) >= rq->limit)
					goto zone_done;
				list_for_each_entry_rcu(fa, &f->fn_alias,
							fa_list) {
					if (idx++ < args[4])
						continue;
					err = fib_dump_alias(rq, tb, fz, b, f,
							     fa);
					if (err)
						return err;
					args[4]++;
					sent = true;
				}
				if (sent)
					args[5]++;
			}
		}
zone_done:
		/* next: the zones shorter than this one */
		fib_dump_zone_reset(args, order - 1);
		if (order == 0)
			break;
	}
	return 0;
}

/* The sum of the tables' change counters: changes make a dump NLM_F_DUMP_INTR */
static unsigned int fib_dump_seq(struct myrt_net *mn)
{
	struct myrt_fib_table *t;
	unsigned int seq = 1, h;

	for (h = 0; h < MYRT_FIB_TABLE_HASHSZ; h++)
		hlist_for_each_entry_rcu(t, &mn->fib.table_hash[h], tb_hlist)
			seq += READ_ONCE(t->tb_genid);
	return seq ? : 1;
}

int myrt_nl_fib_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct myrt_net *mn = myrt_pernet(sock_net(skb->sk));
	struct fib_dump_req rq = { .skb = skb, .cb = cb,
				   .limit = FIB_DUMP_LIMIT };
	struct nlattr *a[MYRT_A_MAX + 1];
	struct myrt_fib_table *t;
	unsigned int h, e;
	u32 only = 0;
	int err;

	err = myrt_nl_dump_parse(cb, a);
	if (err)
		return err;
	if (a[MYRT_A_TABLE])
		only = nla_get_u32(a[MYRT_A_TABLE]);
	if (a[MYRT_A_DUMP_LIMIT])
		rq.limit = nla_get_u32(a[MYRT_A_DUMP_LIMIT]);

	rcu_read_lock();
	cb->seq = fib_dump_seq(mn);
	for (h = cb->args[0]; h < MYRT_FIB_TABLE_HASHSZ; h++) {
		e = 0;
		hlist_for_each_entry_rcu(t, &mn->fib.table_hash[h], tb_hlist) {
			if (e++ < cb->args[1])
				continue;
			if (!only || t->tb_id == only) {
				err = fib_dump_table(&rq, t);
				if (err)
					goto out;
			}
			cb->args[1] = e;
			fib_dump_zone_reset(cb->args, -1);
		}
		cb->args[1] = 0;
		cb->args[0] = h + 1;
	}
out:
	rcu_read_unlock();
	return skb->len;
}

/* route get fibmatch: where the lookup went (rule, fib_info). */
int myrt_nl_put_path(struct sk_buff *skb, const struct myrt_fib_result *res)
{
	struct nlattr *nest = nla_nest_start(skb, MYRT_A_STRUCT);

	if (!nest ||
	    nla_put_u32(skb, MYRT_ST_A_FI_ID, res->fi->fib_id) ||
	    nla_put_u32(skb, MYRT_ST_A_FI_TREEREF,
			READ_ONCE(res->fi->fib_treeref)) ||
	    (res->r && nla_put_u32(skb, MYRT_ST_A_RULE_PREF, res->r->pref)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}
