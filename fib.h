/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The classic FIB: fib_hash tables (zones, nodes, aliases), shared fib_info
 * with nexthops, policy rules.  Included by myrt.h; do not include directly.
 *
 * Writers hold RTNL.  Readers hold rcu_read_lock(); a struct
 * myrt_fib_result and the fib_info it points to stay valid until
 * rcu_read_unlock().
 */
#ifndef _MYRT_FIB_H
#define _MYRT_FIB_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/rtnetlink.h>
#include <net/flow.h>
#include <linux/seqlock.h>
#include <linux/netlink.h>

struct myrt_net;
struct myrt_explain;
struct myrt_fib_table;
struct myrt_fib_rule;

struct myrt_fib_nh {
	struct net_device	*nh_dev;
	netdevice_tracker	nh_dev_tracker;
	struct hlist_node	nh_hash;	/* fib_info_devhash */
	struct myrt_fib_info	*nh_parent;
	unsigned int		nh_flags;	/* RTNH_F_DEAD, _PERVASIVE, _ONLINK */
	unsigned char		nh_scope;
	int			nh_weight;
	int			nh_power;
	int			nh_oif;
	__be32			nh_gw;
	u32			nh_tclassid;	/* realms: FROM << 16 | TO */
};

struct myrt_fib_info {
	struct hlist_node	fib_hash;
	struct hlist_node	fib_lhash;
	struct net		*fib_net;
	int			fib_treeref;
	u32			fib_id;		/* per netns, for dumps */
	refcount_t		fib_clntref;
	int			fib_dead;
	unsigned int		fib_flags;
	unsigned char		fib_protocol;
	unsigned char		fib_scope;
	unsigned char		fib_type;
	__be32			fib_prefsrc;
	u32			fib_priority;
	u32			fib_metrics[RTAX_MAX];
	int			fib_nhs;
	int			fib_power;
	struct rcu_head		rcu;
	struct myrt_fib_nh	fib_nh[];
};

struct myrt_fib_result {
	unsigned char		prefixlen;
	unsigned char		nh_sel;
	unsigned char		type;
	unsigned char		scope;
	u32			table_id;
	struct myrt_fib_info	*fi;
	struct myrt_fib_rule	*r;		/* the rule that matched */
	__be32			nat_map;	/* 2.4 nat rule: source map */
};

__be32 myrt_fib_res_prefsrc(struct myrt_fib_result *res);

static inline struct myrt_fib_nh *
__myrt_fib_res_nh(const struct myrt_fib_result *res)
{
	return &res->fi->fib_nh[res->nh_sel];
}

static inline __be32 __myrt_fib_res_prefsrc(struct myrt_fib_result *res)
{
	return res->fi->fib_prefsrc ? : myrt_fib_res_prefsrc(res);
}

/* The selected nexthop of a result (a struct, not a pointer). */
#define MYRT_FIB_RES_NH(res)	(*__myrt_fib_res_nh(&(res)))
#define MYRT_FIB_RES_GW(res)	(MYRT_FIB_RES_NH(res).nh_gw)
#define MYRT_FIB_RES_DEV(res)	(MYRT_FIB_RES_NH(res).nh_dev)
#define MYRT_FIB_RES_OIF(res)	(MYRT_FIB_RES_NH(res).nh_oif)
#define MYRT_FIB_RES_PREFSRC(res) __myrt_fib_res_prefsrc(&(res))

/* Alias state: the route was used by a lookup (flush the cache on change). */
#define MYRT_FA_S_ACCESSED	0x01

/*
 * struct myrt_fib_alias - one route of a node (classic fib_alias): the
 * (tos, type, scope) of a prefix and the info (nexthops, priority, ...).
 * Aliases of a node are ordered by tos descending, then priority ascending.
 */
struct myrt_fib_alias {
	struct list_head	fa_list;	/* RCU */
	struct myrt_fib_info	*fa_info;
	u8			fa_tos;
	u8			fa_type;
	u8			fa_scope;
	u8			fa_state;
	struct rcu_head		rcu;
};

/*
 * fa_state: lookups (RCU readers, on many CPUs) set MYRT_FA_S_ACCESSED,
 * writers (RTNL) read it; racy by design, as classic.  Set only if not set
 * yet: a hot route's alias is not written again and again.
 */
static inline bool myrt_fa_accessed(const struct myrt_fib_alias *fa)
{
	return READ_ONCE(fa->fa_state) & MYRT_FA_S_ACCESSED;
}

static inline void myrt_fa_set_accessed(struct myrt_fib_alias *fa)
{
	u8 state = READ_ONCE(fa->fa_state);

	if (!(state & MYRT_FA_S_ACCESSED))
		WRITE_ONCE(fa->fa_state, state | MYRT_FA_S_ACCESSED);
}

/* struct myrt_fib_node - one prefix of a zone (classic fib_node) */
struct myrt_fib_node {
	struct hlist_node	fn_hash;	/* zone bucket, RCU */
	struct list_head	fn_alias;	/* aliases, RCU */
	__be32			fn_key;
	struct rcu_head		rcu;
};

/* struct myrt_fn_zone - every prefix of one length (classic fn_zone) */
struct myrt_fn_zone {
	struct myrt_fn_zone __rcu *fz_next;	/* next shorter zone */
	struct hlist_head __rcu	*fz_hash;	/* fz_divisor buckets */
	seqcount_t		fz_seq;		/* rehash in progress */
	int			fz_nent;	/* number of nodes */
	int			fz_divisor;
	u32			fz_hashmask;
	int			fz_order;	/* prefix length */
	__be32			fz_mask;
};

#define MYRT_FIB_TABLE_HASHSZ	256

/*
 * The prefix-length index of a table (fib_hash.c): which zones can hold a
 * prefix covering an address, so that a lookup probes only those zones
 * instead of every non-empty one.  Bit L of a mask stands for zone /L.
 *
 * One block per /8 that holds a prefix of /9 or longer: per /16 of it, the
 * lengths present.  Lengths 9..16 are exact (the node covering the /16
 * exists); lengths 17..32 mean "some node of that length lies in this /16"
 * (counted in cnt, saturating: a saturated count never goes down, so a bit
 * may stay set in vain, which costs a probe, never a wrong answer).
 */
#define MYRT_FIB_IDX_LONG	16	/* lengths 17..32 */

struct myrt_fib_idx_blk {
	u32			bits[256];	/* bit L - 1 for /L, L 9..32 */
};

/* The writers' side of a block: nodes of /17../32 per /16. */
struct myrt_fib_idx_cnt {
	u8			cnt[256][MYRT_FIB_IDX_LONG];
};

/* The tos bits a route or rule can select on (classic IPTOS_RT_MASK). */
#define MYRT_IPTOS_RT_MASK	(IPTOS_TOS_MASK & ~3)

/* struct myrt_fib_table - one routing table (classic fib_table + fn_hash) */
struct myrt_fib_table {
	struct hlist_node	tb_hlist;	/* myrt_fib_net.table_hash, RCU */
	u32			tb_id;
	int			tb_default;	/* last default route chosen */
	unsigned int		tb_genid;	/* bumped on every change */
	struct myrt_fn_zone	*fn_zones[33];
	struct myrt_fn_zone __rcu *fn_zone_list; /* non-empty, longest first */
	/* prefix-length index: per /8, lengths 0..8 (exact) and the block */
	u32			idx_short[256];
	struct myrt_fib_idx_blk __rcu *idx_blk[256];
	struct myrt_fib_idx_cnt	*idx_cnt[256];	/* RTNL */
	struct rcu_head		rcu;
};

/*
 * False when no route of @tb can cover @daddr (the index of its /8 is
 * empty): the lookup can be skipped (RCU).
 */
static inline bool myrt_fib_table_may_match(const struct myrt_fib_table *tb,
					    __be32 daddr)
{
	u32 t = ntohl(daddr) >> 24;

	return READ_ONCE(tb->idx_short[t]) || rcu_access_pointer(tb->idx_blk[t]);
}

/* struct myrt_fib_rule - one policy rule (classic fib_rule + fib4_rule) */
struct myrt_fib_rule {
	struct list_head	list;		/* myrt_fib_net.rules, RCU */
	u32			pref;
	u32			flags;		/* FIB_RULE_INVERT */
	u8			action;		/* FR_ACT_* */
	u8			tos;
	u8			dst_len;
	u8			src_len;
	u32			table;
	u32			target;		/* goto */
	struct myrt_fib_rule __rcu *ctarget;
	__be32			src;
	__be32			srcmask;
	__be32			dst;
	__be32			dstmask;
	u32			mark;
	u32			mark_mask;
	__be32			srcmap;		/* 2.4 nat rule: source map */
	u32			tclassid;	/* realms (FRA_FLOW) */
	int			iifindex;	/* -1: named device absent */
	int			oifindex;
	char			iifname[IFNAMSIZ];
	char			oifname[IFNAMSIZ];
	struct rcu_head		rcu;
};

#define MYRT_FIB_MAX_NH		32

/* One nexthop of a route request (netlink RTA_MULTIPATH element). */
struct myrt_fib_nh_cfg {
	int			oif;
	__be32			gw;
	u8			flags;
	u8			hops;		/* weight - 1 */
	bool			has_flow;	/* RTA_FLOW given */
	u32			flow;		/* realms */
};

/* struct myrt_fib_config - a route add/delete request (classic fib_config) */
struct myrt_fib_config {
	u8			fc_dst_len;
	u8			fc_tos;
	u8			fc_protocol;
	u8			fc_scope;
	u8			fc_type;
	u32			fc_table;
	__be32			fc_dst;
	__be32			fc_gw;
	int			fc_oif;
	u32			fc_flags;	/* RTNH_F_ONLINK ... */
	u32			fc_priority;
	__be32			fc_prefsrc;
	u32			fc_flow;	/* realms (RTA_FLOW) */
	u32			fc_metrics[RTAX_MAX];
	int			fc_nhs;		/* 0: no multipath */
	struct myrt_fib_nh_cfg	fc_mp[MYRT_FIB_MAX_NH];
	u16			fc_nlflags;	/* NLM_F_CREATE ... */
	u32			fc_portid;	/* requester, for notifications */
	u32			fc_seq;
	struct net		*fc_net;
	struct netlink_ext_ack	*fc_extack;
};

/* Per network namespace FIB state, embedded in struct myrt_net. */
struct myrt_fib_net {
	struct hlist_head	*table_hash;	/* tables by id */
	struct list_head	rules;		/* ordered by pref, RCU */
	/* fib_info hashes, sizes, counts ... (fib_semantics.c) */
	struct hlist_head	*info_hash;
	struct hlist_head	*info_laddrhash;
	unsigned int		info_hash_size;
	unsigned int		info_cnt;
	u32			info_id;	/* last fib_info id given */
	struct hlist_head	*info_devhash;
	struct myrt_fib_table	*local;
	struct myrt_fib_table	*main;
	unsigned int		rules_count;
	/* the three default rules, while no rule was added or deleted */
	struct myrt_fib_rule	*default_rules[3];
	bool			custom_rules;	/* fib_has_custom_rules */
	bool			ready;		/* notifiers may touch it */
	struct proc_dir_entry	*proc_route;
	struct hlist_head	dead_tables;	/* unlinked at netns exit */
};

/*
 * Route change notifications (netlink.c): called under RTNL after a route
 * was added (RTM_NEWROUTE) or before one is deleted (RTM_DELROUTE).
 */
void myrt_nl_route_notify(struct net *net, int event, u32 tb_id, __be32 key,
			  int dst_len, const struct myrt_fib_alias *fa,
			  const struct myrt_fib_config *cfg, u16 nlflags);
void myrt_nl_rule_notify(struct net *net, int event,
			 const struct myrt_fib_rule *rule,
			 const struct myrt_fib_config *cfg);

/* Per route type: the error a lookup returns and the minimum scope. */
struct myrt_fib_prop {
	int	error;
	u8	scope;
};

extern const struct myrt_fib_prop myrt_fib_props[RTN_MAX + 1];

/* ---- tables (fib_hash.c), writers under RTNL ---- */
struct myrt_fib_table *myrt_fib_hash_table(u32 id);
void myrt_fib_table_free(struct myrt_fib_table *tb);
int myrt_fib_table_lookup(struct myrt_fib_table *tb, const struct flowi4 *fl,
			  struct myrt_fib_result *res,
			  struct myrt_explain *ex);
int myrt_fib_table_insert(struct myrt_fib_table *tb,
			  struct myrt_fib_config *cfg);
int myrt_fib_table_delete(struct myrt_fib_table *tb,
			  struct myrt_fib_config *cfg);
/* Remove dead routes (or every route with @all); returns how many. */
int myrt_fib_table_flush(struct myrt_fib_table *tb, bool all);
void myrt_fib_table_select_default(struct myrt_fib_table *tb,
				   const struct flowi4 *fl,
				   struct myrt_fib_result *res);
unsigned int myrt_fib_table_count(struct myrt_fib_table *tb);
/* Zone statistics for the explain/debug views. */
int myrt_fib_table_zone_info(struct myrt_fib_table *tb, int order,
			     int *nent, int *divisor);

/*
 * A resumable walk over the routes of a table (dumps, /proc): the cursor is
 * (zone order, bucket, alias index in the bucket).  @fn returning < 0
 * stops the walk; the same alias is visited first next time.
 */
struct myrt_fib_walker {
	int		order;		/* -1: not started */
	u32		bucket;
	u32		skip;
	bool		done;
};

typedef int (*myrt_fib_walk_fn)(struct myrt_fib_table *tb, __be32 key,
				int dst_len, struct myrt_fib_alias *fa,
				void *arg);
int myrt_fib_table_walk(struct myrt_fib_table *tb, struct myrt_fib_walker *w,
			myrt_fib_walk_fn fn, void *arg);

/* ---- infos and nexthops (fib_semantics.c) ---- */
struct myrt_fib_info *myrt_fib_create_info(struct myrt_net *mn,
					   struct myrt_fib_config *cfg);
void myrt_fib_release_info(struct myrt_net *mn, struct myrt_fib_info *fi);
void myrt_fib_info_put(struct myrt_fib_info *fi);
/* ip_fib_check_default: @gw is a live nexthop via @dev (RCU) */
bool myrt_fib_known_gateway(struct myrt_net *mn, __be32 gw,
			    const struct net_device *dev);
int myrt_fib_semantic_match(struct list_head *head, const struct flowi4 *fl,
			    struct myrt_fib_result *res, int prefixlen,
			    struct myrt_explain *ex);
int myrt_fib_nh_match(const struct myrt_fib_config *cfg,
		      const struct myrt_fib_info *fi);
int myrt_fib_sync_down_dev(struct myrt_net *mn, struct net_device *dev,
			   int force);
int myrt_fib_sync_down_addr(struct myrt_net *mn, __be32 local);
int myrt_fib_sync_up(struct myrt_net *mn, struct net_device *dev);
int myrt_fib_detect_death(struct myrt_fib_info *fi, int order,
			  struct myrt_fib_info **last_resort, int *last_idx,
			  int dflt);
int myrt_fib_info_net_init(struct myrt_fib_net *fn);
void myrt_fib_info_net_exit(struct myrt_fib_net *fn);
extern const char *const myrt_rtn_names[RTN_MAX + 1];
const char *myrt_scope_name(u8 scope, char *buf, size_t len);

/* ---- tables of a netns (fib_frontend.c) ---- */
struct myrt_fib_table *myrt_fib_get_table(struct myrt_net *mn, u32 id);
struct myrt_fib_table *myrt_fib_new_table(struct myrt_net *mn, u32 id);
/* Remove dead routes from every table; flush the cache if any. */
void myrt_fib_flush(struct myrt_net *mn);
int myrt_fib_proc_init(struct myrt_net *mn);
void myrt_fib_proc_exit(struct myrt_net *mn);

/* ---- rules (fib_rules.c) ---- */
int myrt_fib_rules_net_init(struct myrt_net *mn);
void myrt_fib_rules_net_exit(struct myrt_net *mn);
/* Raw classic lookup: -ESRCH when no rule matched. */
int __myrt_fib_lookup(struct myrt_net *mn, const struct flowi4 *fl,
		      struct myrt_fib_result *res, struct myrt_explain *ex);
/* Which fields of a rule template were given (add: pref; del: all). */
#define MYRT_RULE_F_PREF	BIT(0)
#define MYRT_RULE_F_TABLE	BIT(1)
#define MYRT_RULE_F_ACTION	BIT(2)
#define MYRT_RULE_F_IIF		BIT(3)
#define MYRT_RULE_F_OIF		BIT(4)
#define MYRT_RULE_F_MARK	BIT(5)
#define MYRT_RULE_F_MASK	BIT(6)
#define MYRT_RULE_F_SRC		BIT(7)
#define MYRT_RULE_F_DST		BIT(8)
#define MYRT_RULE_F_GOTO	BIT(9)
#define MYRT_RULE_F_FLOW	BIT(10)
int myrt_fib_rule_add(struct myrt_net *mn, const struct myrt_fib_rule *tmpl,
		      u32 given, struct myrt_fib_config *cfg);
int myrt_fib_rule_del(struct myrt_net *mn, const struct myrt_fib_rule *tmpl,
		      u32 given, struct myrt_fib_config *cfg);
void myrt_fib_rules_dev_event(struct myrt_net *mn, struct net_device *dev,
			      unsigned long event);

/* ---- lookups (RCU) ---- */

/*
 * The policy routing lookup (rules, then tables).  0 or -errno
 * (-ENETUNREACH when nothing matched; the error of an error route type).
 */
int myrt_fib_lookup(struct myrt_net *mn, const struct flowi4 *fl,
		    struct myrt_fib_result *res, struct myrt_explain *ex);
void myrt_fib_select_multipath(struct myrt_fib_result *res);
void myrt_fib_select_default(struct myrt_net *mn, const struct flowi4 *fl,
			     struct myrt_fib_result *res);
__be32 myrt_fib_res_prefsrc(struct myrt_fib_result *res);
/*
 * Reverse path check of an input packet: < 0 martian source, 0 ok, 1 ok and
 * the source is directly connected (RTCF_DIRECTSRC).  Sets *spec_dst and
 * *itag (the realms the route back to the source gives, classic
 * fib_combine_itag; 0 when there is none).
 */
int myrt_fib_validate_source(struct myrt_net *mn, __be32 src, __be32 dst,
			     u8 tos, int oif, struct net_device *dev,
			     __be32 *spec_dst, u32 *itag, u32 mark);

/* The realms of the rule a lookup matched (classic fib_rules_tclass). */
static inline u32 myrt_fib_rules_tclass(const struct myrt_fib_result *res)
{
	return res->r ? res->r->tclassid : 0;
}

/* inet_addr_type against myrt's LOCAL table: RTN_LOCAL, _BROADCAST, ... */
unsigned int myrt_fib_addr_type(struct myrt_net *mn, __be32 addr);

/* ---- setup ---- */
int myrt_fib_init(void);
void myrt_fib_exit(void);
int myrt_fib_net_init(struct myrt_net *mn);
void myrt_fib_net_exit_unlink(struct myrt_net *mn);
void myrt_fib_net_exit_tables(struct myrt_net *mn);
void myrt_fib_net_exit_infos(struct myrt_net *mn);
void myrt_fib_net_exit(struct myrt_net *mn);

#endif /* _MYRT_FIB_H */
