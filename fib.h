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
};

struct myrt_fib_info {
	struct hlist_node	fib_hash;
	struct hlist_node	fib_lhash;
	struct net		*fib_net;
	int			fib_treeref;
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
	struct myrt_fib_rule	*r;
	__be32			nat_map;	/* 2.4 nat rule: source map */
};

#define MYRT_FIB_RES_NH(res)	((res).fi->fib_nh[(res).nh_sel])
#define MYRT_FIB_RES_GW(res)	(MYRT_FIB_RES_NH(res).nh_gw)
#define MYRT_FIB_RES_DEV(res)	(MYRT_FIB_RES_NH(res).nh_dev)
#define MYRT_FIB_RES_OIF(res)	(MYRT_FIB_RES_NH(res).nh_oif)
#define MYRT_FIB_RES_PREFSRC(res) \
	((res).fi->fib_prefsrc ? : myrt_fib_res_prefsrc(&(res)))

/* Per network namespace FIB state, embedded in struct myrt_net. */
struct myrt_fib_net {
	struct hlist_head	*table_hash;	/* tables by id */
	struct list_head	rules;		/* ordered by pref, RCU */
	/* fib_info hashes, sizes, counts ... (fib_semantics.c) */
	struct hlist_head	*info_hash;
	struct hlist_head	*info_laddrhash;
	unsigned int		info_hash_size;
	unsigned int		info_cnt;
	struct hlist_head	*info_devhash;
};

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
 * the source is directly connected (RTCF_DIRECTSRC).  Sets *spec_dst.
 */
int myrt_fib_validate_source(struct myrt_net *mn, __be32 src, __be32 dst,
			     u8 tos, int oif, struct net_device *dev,
			     __be32 *spec_dst, u32 mark);
/* inet_addr_type against myrt's LOCAL table: RTN_LOCAL, _BROADCAST, ... */
unsigned int myrt_fib_addr_type(struct myrt_net *mn, __be32 addr);

/* ---- setup ---- */
int myrt_fib_init(void);
void myrt_fib_exit(void);
int myrt_fib_net_init(struct myrt_net *mn);
void myrt_fib_net_exit(struct myrt_net *mn);

#endif /* _MYRT_FIB_H */
