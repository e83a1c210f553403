/* SPDX-License-Identifier: GPL-2.0 */
/*
 * myrt: the classic (2.6-era) IPv4 routing subsystem, as a module.
 *
 * This is the internal header shared by every part of the module. It holds
 * the contracts between the parts: the per-netns state, the route cache
 * entry (struct myrt_rtable), and the functions one part calls in another.
 *
 * Locking, as in the classic kernel:
 *  - FIB tables and rules are changed under RTNL and read under RCU.
 *  - The route cache is read under RCU and changed under per-bucket locks.
 *  - A cache entry is a struct dst_entry; whoever holds it holds a reference
 *    (dst_hold()/dst_release()); memory is freed after an RCU grace period.
 */
#ifndef _MYRT_H
#define _MYRT_H

#include <linux/types.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/ip.h>
#include <linux/rtnetlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/flow.h>
#include <net/dst.h>
#include <net/route.h>

#include "compat.h"

#define MYRT_NAME "myrt"

struct myrt_net;
struct myrt_explain;

/* ------------------------------------------------------------------------
 * FIB (fib_hash.c, fib_semantics.c, fib_frontend.c, fib_rules.c)
 * Declarations private to the FIB live in fib.h.
 */
#include "fib.h"

/* ------------------------------------------------------------------------
 * The route cache entry (dst.c, rt_cache.c)
 */

/* Classic dst_entry.flags bit, kept for display: the kernel dropped it. */
#define MYRT_DST_HOST		0x0001

/* Classic flow bits the modern headers dropped. */
#define MYRT_RTO_ONLINK		0x01
#define MYRT_RT_FL_TOS(tos)	((tos) & (MYRT_IPTOS_RT_MASK | MYRT_RTO_ONLINK))

/* Classic rt_flags not in modern headers (values from the 2.6 uapi). */
#ifndef RTCF_DIRECTDST
#define RTCF_DIRECTDST		0x00020000
#endif
#ifndef RTCF_REDIRECTED
#define RTCF_REDIRECTED		0x00040000
#endif
#ifndef RTCF_DIRECTSRC
#define RTCF_DIRECTSRC		0x04000000
#endif
#ifndef RTCF_NOTIFY
#define RTCF_NOTIFY		0x00010000
#endif
#define MYRT_RTCF_VALVE		0x00200000
#define MYRT_RTCF_MASQ		0x00400000
#define MYRT_RTCF_SNAT		0x00800000
#define MYRT_RTCF_DNAT		0x08000000
#define MYRT_RTCF_NAT		(MYRT_RTCF_DNAT | MYRT_RTCF_SNAT)

/*
 * struct myrt_rtable - one route cache entry
 *
 * @rt: the kernel's own rtable, first, so that kernel code that casts
 *      skb_dst() to struct rtable (icmp, fragmentation, inet_iif) works.
 *      rt.dst is the dst_entry; rt.rt_flags, rt.rt_type, rt.rt_iif and
 *      rt.rt_genid hold the classic fields of the same name.
 * The fl_* fields are the lookup key, exactly as the classic rtable->fl:
 * for input entries (dst, src, iif, tos, mark), for output entries the
 * ORIGINAL flow (dst, src and oif as the caller gave them, possibly 0).
 */
struct myrt_rtable {
	struct rtable			rt;

	struct myrt_rtable __rcu	*rt_next;	/* hash chain */
	possible_net_t			net;
	unsigned int			hash;		/* bucket index */

	/* lookup key */
	__be32				fl_dst;
	__be32				fl_src;
	int				fl_oif;
	int				fl_iif;
	u32				fl_mark;
	u8				fl_tos;
	u8				track_list;	/* index of its list (dst.c) */
	u16				classic_flags;	/* MYRT_DST_HOST */

	/* classic rtable fields */
	__be32				rt_dst;
	__be32				rt_src;
	__be32				rt_gateway;
	__be32				rt_spec_dst;
	__be32				rt_src_map;
	__be32				rt_dst_map;
	u32				rt_tclassid;	/* realms (dst.tclassid) */

	/* classic dst fields the modern dst_entry lost */
	unsigned long			rate_last;
	u32				rate_tokens;
	u32				redirect_number;
	unsigned long			redirect_last;

	u32				metrics[RTAX_MAX];

	struct list_head		track;		/* its device's list (dst.c) */
};

static inline struct myrt_rtable *myrt_rt(const struct dst_entry *dst)
{
	return container_of(dst, struct myrt_rtable, rt.dst);
}

static inline struct myrt_rtable *myrt_skb_rt(const struct sk_buff *skb)
{
	return myrt_rt(skb_dst(skb));
}

static inline struct net *myrt_rt_net(const struct myrt_rtable *rth)
{
	return read_pnet(&rth->net);
}

/* dst.c */
extern struct dst_ops myrt_dst_ops;
bool myrt_is_myrt_dst(const struct dst_entry *dst);
struct myrt_rtable *myrt_rt_alloc(struct net *net, struct net_device *dev,
				  int genid);
bool myrt_rt_track(struct myrt_rtable *rth);
void myrt_rt_flush_dev(struct net_device *dev);
unsigned int myrt_dst_live_count(void);
int myrt_dst_init(void);
void myrt_dst_exit(void);

/* dst->input / dst->output hooks */
int myrt_local_deliver(struct sk_buff *skb);		/* ip_input.c */
int myrt_forward(struct sk_buff *skb);			/* ip_input.c */
int myrt_error(struct sk_buff *skb);			/* ip_input.c */
int myrt_output(struct net *net, struct sock *sk, struct sk_buff *skb);
							/* ip_output.c */
int myrt_mc_output(struct net *net, struct sock *sk, struct sk_buff *skb);
int myrt_rt_bug(struct net *net, struct sock *sk, struct sk_buff *skb);

/* ------------------------------------------------------------------------
 * The route cache (rt_cache.c)
 */
struct myrt_cache_stat {
	unsigned int in_hit;
	unsigned int in_slow_tot;
	unsigned int in_slow_mc;
	unsigned int in_no_route;
	unsigned int in_brd;
	unsigned int in_martian_dst;
	unsigned int in_martian_src;
	unsigned int out_hit;
	unsigned int out_slow_tot;
	unsigned int out_slow_mc;
	unsigned int gc_total;
	unsigned int gc_ignored;
	unsigned int gc_goal_miss;
	unsigned int gc_dst_overflow;
	unsigned int in_hlist_search;
	unsigned int out_hlist_search;
};

DECLARE_PER_CPU(struct myrt_cache_stat, myrt_cache_stat);
#define MYRT_CACHE_STAT_INC(field) this_cpu_inc(myrt_cache_stat.field)
#define MYRT_CACHE_STAT_ADD(field, n) this_cpu_add(myrt_cache_stat.field, n)

int myrt_cache_init(void);
void myrt_cache_exit(void);
int myrt_cache_net_init(struct myrt_net *mn);
void myrt_cache_net_exit(struct myrt_net *mn);
void myrt_cache_net_exit_batch(struct list_head *net_list);

static inline int myrt_rt_genid(struct net *net);
static inline bool myrt_rt_is_expired(const struct myrt_rtable *rth)
{
	return rth->rt.rt_genid != myrt_rt_genid(myrt_rt_net(rth));
}

/*
 * Cache lookups.  Input: under RCU, the entry without a reference (valid
 * until the caller's read section ends).  Output: with a reference.
 */
struct myrt_rtable *myrt_cache_lookup_input(struct net *net, __be32 daddr,
					    __be32 saddr, int iif, u8 tos,
					    u32 mark);
struct myrt_rtable *myrt_cache_lookup_output(struct net *net,
					     const struct flowi4 *fl4);
/*
 * Not a lookup: the output entries of a key, of every TOS and mark, not
 * counted, use/lastuse untouched (ip_rt_redirect).
 */
int myrt_cache_get_output(struct net *net, __be32 daddr, __be32 saddr, int oif,
			  struct myrt_rtable **out, int max);
/*
 * rt_intern_hash: insert @rth (which carries one reference, the caller's).
 * Returns the entry to use (maybe an identical one already cached, in which
 * case @rth is released) with a reference for the caller, or ERR_PTR.
 */
struct myrt_rtable *myrt_cache_intern(struct net *net, struct myrt_rtable *rth,
				      bool input);
/*
 * The hash seed is public (the hash_rnd experiment parameter): buckets and
 * genids may be shown to anyone.  Otherwise only to CAP_NET_ADMIN in the
 * namespace's user namespace: a few (key, bucket) pairs with the genid give
 * the seed away to an offline search.
 */
bool myrt_cache_seed_public(void);
/* secret_interval's work: a new seed (unless fixed), every netns stale. */
void myrt_cache_secret_rebuild(void);
unsigned int myrt_cache_hash(struct net *net, __be32 daddr, __be32 saddr,
			     int idx);
/* Invalidate every entry of @net (new genid); delay >= 0 also frees them. */
void myrt_cache_flush(struct net *net, int delay);
/* Iterate the current entries of @net (RCU).  @fn returning < 0 stops. */
int myrt_cache_walk(struct net *net, unsigned int *bucket, unsigned int *idx,
		    int (*fn)(struct myrt_rtable *rth, void *arg), void *arg,
		    bool stale);
unsigned int myrt_cache_entries(void);
/* RCU iteration over the current entries of @net (procfs). */
struct myrt_rtable *myrt_cache_first(struct net *net, unsigned int *bucket);
struct myrt_rtable *myrt_cache_next(struct net *net, struct myrt_rtable *rth,
				    unsigned int *bucket);

/* An entry's realms: in the entry, and in dst.tclassid where it exists. */
static inline void myrt_rt_set_tclassid(struct myrt_rtable *rth, u32 tag)
{
	rth->rt_tclassid = tag;
	myrt_dst_set_tclassid(&rth->rt.dst, tag);
}

/*
 * Per-realm counters of received packets (classic struct ip_rt_acct and
 * /proc/net/rt_acct): 256 per CPU and netns, indexed by realm & 0xFF.
 */
struct myrt_rt_acct {
	u32 o_bytes;
	u32 o_packets;
	u32 i_bytes;
	u32 i_packets;
};

#define MYRT_RT_ACCT_REALMS	256

/* ip_rcv_finish: a packet routed by an entry with realms (procfs.c). */
void myrt_rt_acct_count(struct net *net, const struct sk_buff *skb,
			u32 tclassid);

/* References held by users of a cached entry (the classic RefCnt). */
static inline int myrt_rt_clntref(const struct myrt_rtable *rth)
{
	return myrt_dst_refcnt(&rth->rt.dst) - 1;
}

/* Tunables (sysctl.c shows them under /proc/sys/net/myrt/route/). */
struct myrt_rt_params {
	int gc_thresh;
	int max_size;
	int gc_elasticity;
	int gc_timeout;			/* jiffies */
	int gc_interval;		/* jiffies */
	int gc_min_interval;		/* jiffies */
	int redirect_load;		/* jiffies */
	int redirect_number;
	int redirect_silence;		/* jiffies */
	int error_cost;			/* jiffies */
	int error_burst;		/* jiffies */
	int mtu_expires;		/* jiffies */
	int min_pmtu;
	int min_adv_mss;
	int secret_interval;		/* jiffies */
	int score_classic;		/* rt_score: recency alone (classic) */
};

extern struct myrt_rt_params myrt_rt_params;
extern unsigned int myrt_hash_log;
/* The largest route cache table: 2^19 buckets (classic rt_hash_table). */
#define MYRT_HASH_LOG_MAX	19

/* Garbage collection on allocation; true when the cache is full. */
bool myrt_cache_gc_before_alloc(struct dst_ops *ops);
/* How far dst_entries_get_fast() may be from the exact count. */
#define MYRT_DST_COUNT_SLACK	(DST_PERCPU_COUNTER_BATCH * num_possible_cpus())
/* Lower the path MTU of an output entry (ICMP fragmentation needed). */
void myrt_rt_update_pmtu(struct myrt_rtable *rth, u32 mtu);
/* ICMP fragmentation needed for one of our packets (quoted header @iph). */
unsigned short myrt_rt_frag_needed(struct net *net, const struct iphdr *iph,
				   unsigned short new_mtu,
				   struct net_device *dev);
u32 myrt_rt_score(struct myrt_rtable *rth);
void myrt_cache_secret_reschedule(void);
void myrt_cache_expire_reschedule(void);
/* Undo "route caching disabled" after too many emergency rebuilds. */
void myrt_cache_reenable(struct net *net);

/*
 * Chain statistics (rt_cache.c, shown by procfs.c as
 * /proc/net/stat/myrt_cache_chains): the table is shared by every netns;
 * longest/used/entries count the current entries of one netns, longest_all
 * every entry linked (stale ones and other namespaces' too).
 */
struct myrt_chain_stats {
	unsigned int buckets;
	unsigned int used;
	unsigned int entries;
	unsigned int longest;
	unsigned int longest_all;
	unsigned int elasticity;
	unsigned long chain_length_max;
	int rebuilds;
	int rebuild_limit;
	bool caching;
	u32 genid;		/* the namespace's genid, part of the hash key */
	u32 hash_key;		/* genid ^ seed: the jhash initval */
};

void myrt_cache_chain_stats(struct net *net, struct myrt_chain_stats *cs);

/* ------------------------------------------------------------------------
 * Routing (mod_route.c)
 */
int myrt_route_input_noref(struct sk_buff *skb, __be32 daddr, __be32 saddr,
			   u8 tos, struct net_device *dev,
			   struct myrt_explain *ex);
int myrt_route_input(struct sk_buff *skb, __be32 daddr, __be32 saddr, u8 tos,
		     struct net_device *dev, struct myrt_explain *ex);
/*
 * Output route lookup (ip_route_output_key).  On success fl4->saddr and
 * fl4->daddr hold the resolved addresses and a reference is held on the
 * returned entry; on failure an ERR_PTR.
 */
struct myrt_rtable *myrt_route_output_key(struct net *net, struct flowi4 *fl4,
					  struct myrt_explain *ex);
const char *myrt_rtn_name(unsigned int type);
/* ip_route_connect: the two-step lookup of seed 000. */
struct myrt_rtable *myrt_route_connect(struct flowi4 *fl4, __be32 dst,
				       __be32 src, u8 tos, int oif, u8 protocol,
				       __be16 sport, __be16 dport,
				       struct sock *sk);

/* ------------------------------------------------------------------------
 * Incoming ICMP redirects (rt_redirect.c, the router part of issue 6)
 */
int myrt_rt_redirect(struct net *net, __be32 old_gw, __be32 daddr,
		     __be32 new_gw, __be32 saddr, u8 tos,
		     struct net_device *dev);
/* Are we a member of multicast group @group on @in_dev? (mod_route.c, RCU) */
bool myrt_mc_member(struct in_device *in_dev, __be32 group);

/* ------------------------------------------------------------------------
 * Static NAT as 2.4 had it (nat.c): nat routes map the destination, nat
 * rules the source; forwarding rewrites packets of RTCF_NAT entries.
 */
struct myrt_net;
struct myrt_fib_result;
struct nf_hook_state;

/* The maps input routing keeps in a forward entry. */
struct myrt_nat {
	__be32		src_map;
	__be32		dst_map;
	unsigned int	flags;		/* MYRT_RTCF_SNAT, _DNAT, _MASQ */
};

/* A nat route or rule was added: route ICMP errors through myrt. */
void myrt_nat_enable(struct myrt_net *mn);
/* After a FIB lookup (RCU): the maps; a NAT result is looked up again. */
int myrt_nat_input(struct myrt_net *mn, struct flowi4 *fl4,
		   struct myrt_fib_result *res, struct myrt_nat *nat,
		   struct myrt_explain *ex);
/* ip_do_nat, from myrt_forward for RTCF_NAT entries; < 0: drop. */
int myrt_nat_forward(struct sk_buff *skb);
/* PRE_ROUTING for non-DUMMY packets: ICMP errors through the NAT. */
unsigned int myrt_nat_pre_routing(struct sk_buff *skb,
				  const struct nf_hook_state *state);

/* ------------------------------------------------------------------------
 * "explain": a learner's trace of one lookup, step by step.
 * A NULL explain costs one predictable branch per step.
 */
struct myrt_explain {
	char	*buf;
	size_t	len;
	size_t	size;
	int	depth;
	bool	secret;	/* may show buckets (myrt_cache_seed_public()) */
};

__printf(2, 3) void __myrt_explain(struct myrt_explain *ex,
				   const char *fmt, ...);
#define myrt_explain(ex, ...)					\
	do {							\
		struct myrt_explain *__ex = (ex);		\
								\
		if (unlikely(__ex))				\
			__myrt_explain(__ex, __VA_ARGS__);	\
	} while (0)

/* ------------------------------------------------------------------------
 * The DUMMY protocol (dummy.c) and the send chain (ip_output.c)
 */
extern int myrt_proto;		/* IP protocol number, module parameter */
/*
 * Receive one DUMMY datagram (called by local deliver): skb->data and the
 * transport header at the DUMMY header, the IP header in place before it,
 * skb_dst() the input route.  Consumes the skb.
 */
int myrt_dummy_rcv(struct sk_buff *skb);
int myrt_local_out(struct net *net, struct sock *sk, struct sk_buff *skb);
/*
 * queue_xmit: @skb (data at the transport header, skb_dst() set with a
 * reference) gets its IP header (DF per @sk's pmtudisc, TTL, id) and goes
 * to myrt_local_out().  @sk may be NULL (kernel replies: no DF).  Consumes
 * the skb; returns 0 or a negative errno (or a positive NET_XMIT_ code).
 */
int myrt_ip_queue_xmit(struct net *net, struct sock *sk, struct sk_buff *skb,
		       __be32 saddr, __be32 daddr, u8 tos);
/* Path MTU of a route (dst_ops->mtu, else the device MTU). */
unsigned int myrt_path_mtu(const struct dst_entry *dst);
/* icmp.c: an ICMP error about @skb_in, routed by myrt (classic icmp_send). */
void myrt_icmp_send(struct sk_buff *skb_in, u8 type, u8 code, __be32 info);
int myrt_dummy_init(void);
void myrt_dummy_exit(void);

/* DUMMY counters, per netns, shown in /proc/net/myrt_dummy. */
enum myrt_dummy_mib {
	MYRT_DUMMY_MIB_INDATAGRAMS,	/* delivered to a socket */
	MYRT_DUMMY_MIB_NOPORTS,		/* data for a port with no socket */
	MYRT_DUMMY_MIB_INERRORS,	/* bad length or type */
	MYRT_DUMMY_MIB_INCSUMERRORS,	/* bad checksum */
	MYRT_DUMMY_MIB_RCVBUFERRORS,	/* socket receive queue full */
	MYRT_DUMMY_MIB_OUTDATAGRAMS,	/* sent by sockets */
	MYRT_DUMMY_MIB_ECHOREQS,	/* echo requests answered */
	MYRT_DUMMY_MIB_ECHOREPERRORS,	/* echo replies that could not be sent */
	MYRT_DUMMY_MIB_KERNELROUTED,	/* DUMMY packets the kernel routed */
	MYRT_DUMMY_MIB_UNKNOWNPROTOS,	/* local deliver: not DUMMY */
	MYRT_DUMMY_MIB_MAX
};

void myrt_dummy_inc_stat(struct net *net, enum myrt_dummy_mib field);

/* ------------------------------------------------------------------------
 * The netdev mylo (mylo.c)
 */
int myrt_mylo_init(void);
void myrt_mylo_exit(void);
/*
 * mylo is ARPHRD_LOOPBACK and IFF_LOOPBACK while registered (see mylo.c);
 * this tells it apart from the kernel's lo.
 */

/* ------------------------------------------------------------------------
 * /proc views (procfs.c), sysctls (sysctl.c), netlink (netlink.c)
 */
int myrt_proc_net_init(struct myrt_net *mn);
void myrt_proc_net_exit(struct myrt_net *mn);
int myrt_sysctl_init(void);
void myrt_sysctl_exit(void);
int myrt_sysctl_net_init(struct myrt_net *mn);
void myrt_sysctl_net_exit(struct myrt_net *mn);
int myrt_netlink_init(void);
void myrt_netlink_exit(void);
int myrt_nl_route_attrs(struct sk_buff *skb, u32 tb_id, __be32 key,
			int dst_len, const struct myrt_fib_alias *fa);
void *myrt_nl_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb,
		       u8 cmd);
int myrt_nl_dump_parse(struct netlink_callback *cb, struct nlattr **tb);
/* The structure dump of the FIB (fib_dump.c). */
int myrt_nl_fib_dump(struct sk_buff *skb, struct netlink_callback *cb);
int myrt_nl_put_path(struct sk_buff *skb, const struct myrt_fib_result *res);

/* ------------------------------------------------------------------------
 * Per network namespace state
 */
struct myrt_net {
	struct net			*net;

	/* mylo.c */
	struct net_device		*mylo;

	/* FIB: tables, rules, info hashes (fib.h) */
	struct myrt_fib_net		fib;

	/* rt_cache.c */
	atomic_t			rt_genid;
	/*
	 * Emergency rebuilds so far, and the limit past which the namespace
	 * stops caching (classic current_rt_cache_rebuild_count and
	 * sysctl_rt_cache_rebuild_count): raising the limit caches again.
	 */
	int				rebuild_count;
	int				rebuild_limit;

	/* sysctl.c */
	struct ctl_table_header		*sysctl_flush;

	/* nat.c: static NAT was configured here (never cleared) */
	bool				nat_used;

	/* procfs.c */
	struct proc_dir_entry		*proc_cache;
	struct proc_dir_entry		*proc_stat;
	struct proc_dir_entry		*proc_route;
	struct proc_dir_entry		*proc_acct;
	struct myrt_rt_acct __percpu	*rt_acct;	/* [256] per CPU */
};

extern unsigned int myrt_net_id;
extern bool myrt_pernet_up;

static inline struct myrt_net *myrt_pernet(const struct net *net)
{
	return net_generic(net, myrt_net_id);
}

/*
 * myrt_pernet() for a caller inside an RCU read section: net_generic()
 * without a read section of its own (the hot paths).
 */
static inline struct myrt_net *myrt_pernet_rcu(const struct net *net)
{
	return rcu_dereference(net->gen)->ptr[myrt_net_id];
}

/* rt_cache.c: a random step every secret_interval, added to every genid. */
extern atomic_t myrt_secret_genid;

static inline int myrt_mn_genid(const struct myrt_net *mn)
{
	return atomic_read(&mn->rt_genid) + atomic_read(&myrt_secret_genid);
}

static inline int myrt_rt_genid(struct net *net)
{
	return myrt_mn_genid(myrt_pernet(net));
}

/*
 * The genid a new entry gets: read by a slow path BEFORE its FIB lookup,
 * so that an entry built from a table changed meanwhile is stale at once
 * (a change bumps the genid after changing the table; paired with the
 * barrier in myrt_cache_invalidate()).
 */
static inline int myrt_mn_genid_begin(const struct myrt_net *mn)
{
	int genid = myrt_mn_genid(mn);

	smp_rmb();	/* the genid before the table (myrt_cache_invalidate) */
	return genid;
}

static inline int myrt_rt_genid_begin(struct net *net)
{
	return myrt_mn_genid_begin(myrt_pernet(net));
}

#endif /* _MYRT_H */
