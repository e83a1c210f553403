// SPDX-License-Identifier: GPL-2.0
/*
 * The route cache: rt_hash_table, as the 2.6.3x kernel had it.
 *
 * One table for all namespaces, sized from memory.  A bucket is a singly
 * linked RCU chain of struct myrt_rtable; lookups walk it under RCU and take
 * a reference on a hit; writers hold the bucket's lock.  The cache itself
 * holds one reference on every linked entry; "unreferenced" below means
 * nobody else holds one.
 *
 * An entry is stale when its genid is not its namespace's: flushing a
 * namespace just changes the genid, stale entries are reaped lazily (on
 * insert into their chain, by the periodic expiry work, by gc).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jhash.h>
#include <linux/random.h>
#include <linux/mm.h>
#include <linux/memblock.h>
#include <linux/workqueue.h>
#include <linux/kernel.h>
#include <net/ip.h>
#include <net/neighbour.h>
#include "myrt.h"
#include "trace.h"

struct myrt_hash_bucket {
	struct myrt_rtable __rcu *chain;
};

static struct myrt_hash_bucket *myrt_hash_table __read_mostly;
static unsigned int myrt_hash_mask __read_mostly;
unsigned int myrt_hash_log __read_mostly;
static spinlock_t *myrt_hash_locks __read_mostly;
static unsigned int myrt_hash_locks_mask __read_mostly;
static u32 myrt_hash_rnd __read_mostly;

DEFINE_PER_CPU(struct myrt_cache_stat, myrt_cache_stat);

static unsigned int rhash_entries;
module_param(rhash_entries, uint, 0444);
MODULE_PARM_DESC(rhash_entries,
		 "Route cache buckets (power of two; 0 = sized from memory, at most 512K)");

static unsigned int hash_rnd;
module_param(hash_rnd, uint, 0444);
MODULE_PARM_DESC(hash_rnd,
		 "Route cache hash seed, for experiments only (a known seed lets chosen sources collide, as in CVE-2003-0244); 0 = random");

struct myrt_rt_params myrt_rt_params __read_mostly = {
	.gc_elasticity		= 8,
	.gc_timeout		= 300 * HZ,
	.gc_interval		= 60 * HZ,
	.gc_min_interval	= HZ / 2,
	.redirect_load		= HZ / 50,
	.redirect_number	= 9,
	.redirect_silence	= (HZ / 50) << (9 + 1),
	.error_cost		= HZ,
	.error_burst		= 5 * HZ,
	.mtu_expires		= 10 * 60 * HZ,
	.min_pmtu		= 512 + 20 + 20,
	.min_adv_mss		= 256,
	.secret_interval	= 10 * 60 * HZ,
};

/* Emergency rebuilds a namespace may need before it stops caching. */
#define MYRT_REBUILD_LIMIT	4

/* Fixed point chain lengths for the statistics (classic FRACT_BITS). */
#define MYRT_FRACT_BITS	3
#define MYRT_ONE	BIT(MYRT_FRACT_BITS)

static unsigned long myrt_chain_length_max __read_mostly = 20;

/*
 * Every secret_interval, a random step (myrt_secret_worker()) that every
 * namespace adds to its genid: all cached entries go stale at once and
 * the hash key (genid ^ myrt_hash_rnd) changes, as the classic periodic
 * rebuild did.  The seed myrt_hash_rnd itself is fixed at load.
 */
atomic_t myrt_secret_genid = ATOMIC_INIT(0);

/*
 * The table exists (between myrt_cache_init() and myrt_cache_exit()).
 * Unregistering dst.c's netdevice notifier at module exit replays
 * NETDEV_UNREGISTER for every device, which flushes: by then the table,
 * its locks and the namespaces' state are gone.  Changed under RTNL, which
 * the notifier calls hold.
 */
static bool myrt_cache_ready;

static struct delayed_work myrt_expire_work;
static struct delayed_work myrt_secret_work;
static unsigned long myrt_expires_ljiffies;

static inline spinlock_t *myrt_hash_lock(unsigned int hash)
{
	return &myrt_hash_locks[hash & myrt_hash_locks_mask];
}

/* Chain links, read by the writer that holds the bucket's lock. */
#define myrt_locked(p, hash) \
	rcu_dereference_protected(p, lockdep_is_held(myrt_hash_lock(hash)))

static inline int myrt_genid(struct net *net)
{
	return myrt_rt_genid(net);
}

/*
 * The jhash initval of @net: its genid ^ the seed.  The secret rebuild
 * writes a new seed before it publishes a new genid; read in the other
 * order, a new genid comes with the new seed.
 */
static u32 myrt_hash_key_of(u32 genid)
{
	smp_rmb();	/* the genid before the seed: myrt_cache_secret_rebuild() */
	return genid ^ READ_ONCE(myrt_hash_rnd);
}

static u32 myrt_hash_key(struct net *net)
{
	return myrt_hash_key_of(myrt_genid(net));
}

unsigned int myrt_cache_hash(struct net *net, __be32 daddr, __be32 saddr,
			     int idx)
{
	return jhash_3words((__force u32)daddr, (__force u32)saddr, idx,
			    myrt_hash_key(net)) & myrt_hash_mask;
}

/* The seed is public: the hash_rnd experiment parameter fixed it. */
bool myrt_cache_seed_public(void)
{
	return hash_rnd != 0;
}

unsigned int myrt_cache_entries(void)
{
	return myrt_dst_live_count();
}

/* classic rt_caching(): not past the namespace's rebuild limit */
static bool myrt_caching(struct myrt_net *mn)
{
	return READ_ONCE(mn->rebuild_count) <= READ_ONCE(mn->rebuild_limit);
}

/* The cache's own reference is the only one. */
static inline bool myrt_rt_unreferenced(struct myrt_rtable *rth)
{
	return myrt_dst_refcnt(&rth->rt.dst) <= 1;
}

/* Drop the cache's reference of an entry already unlinked (rt_free). */
static void myrt_rt_free(struct myrt_rtable *rth)
{
	rth->rt.dst.obsolete = DST_OBSOLETE_DEAD;
	dst_release(&rth->rt.dst);
}

static inline bool myrt_rt_fast_clean(struct myrt_rtable *rth)
{
	/* broadcast/multicast input entries colliding with useful ones */
	return (rth->rt.rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST)) &&
	       rth->fl_iif && rcu_access_pointer(rth->rt_next);
}

static inline bool myrt_rt_valuable(struct myrt_rtable *rth)
{
	return (rth->rt.rt_flags & (RTCF_REDIRECTED | RTCF_NOTIFY)) ||
	       rth->rt.dst.expires;
}

static bool myrt_rt_may_expire(struct myrt_rtable *rth, unsigned long tmo1,
			       unsigned long tmo2)
{
	unsigned long age;

	if (!myrt_rt_unreferenced(rth))
		return false;
	if (rth->rt.dst.expires &&
	    time_after_eq(jiffies, rth->rt.dst.expires))
		return true;
	age = jiffies - READ_ONCE(rth->rt.dst.lastuse);
	if ((age <= tmo1 && !myrt_rt_fast_clean(rth)) ||
	    (age <= tmo2 && myrt_rt_valuable(rth)))
		return false;
	return true;
}

/*
 * rt_score: the lower, the sooner evicted.  As classic, bit 31 says that
 * the entry is valuable and bit 30 that it is an output route or an input
 * route that is not broadcast/multicast/local; the low bits say how
 * recently it was used.
 *
 * Not classic: bit 29 says that the entry was hit at least once since it
 * was made.  Classic scored recency alone (bits 29..0), so a flood of keys
 * that are each seen once, crafted into one bucket by someone who knows
 * the seed, evicted an established flow there as soon as it sent more
 * slowly than the flood.  Now one-shot entries go before any entry that
 * has been hit: such a flood evicts only its own entries, and the flow
 * keeps hitting.  The sysctl rt_score_classic brings the classic ranking
 * back, to show the difference.
 */
u32 myrt_rt_score(struct myrt_rtable *rth)
{
	u32 score = ~(u32)(jiffies - READ_ONCE(rth->rt.dst.lastuse));

	if (READ_ONCE(myrt_rt_params.score_classic)) {
		score &= ~(3U << 30);
	} else {
		score &= ~(7U << 29);
		if (READ_ONCE(rth->rt.dst.__use))
			score |= 1U << 29;
	}
	if (myrt_rt_valuable(rth))
		score |= 1U << 31;
	if (!rth->fl_iif ||
	    !(rth->rt.rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST | RTCF_LOCAL)))
		score |= 1U << 30;
	return score;
}

static inline bool myrt_same_hash_inputs(const struct myrt_rtable *a,
					 const struct myrt_rtable *b)
{
	return ((__force u32)(a->fl_dst ^ b->fl_dst) |
		(__force u32)(a->fl_src ^ b->fl_src) |
		(a->fl_iif ^ b->fl_iif) | (a->fl_oif ^ b->fl_oif)) == 0;
}

static inline bool myrt_same_keys(const struct myrt_rtable *a,
				  const struct myrt_rtable *b)
{
	return myrt_same_hash_inputs(a, b) && a->fl_mark == b->fl_mark &&
	       a->fl_tos == b->fl_tos &&
	       net_eq(myrt_rt_net(a), myrt_rt_net(b));
}

/* Chain length counting entries with the same hash inputs once. */
static unsigned long myrt_has_noalias(struct myrt_rtable *head,
				      struct myrt_rtable *rth)
{
	struct myrt_rtable *aux = head;

	while (aux != rth) {
		if (myrt_same_hash_inputs(aux, rth))
			return 0;
		aux = rcu_dereference_protected(aux->rt_next, 1);
	}
	return MYRT_ONE;
}

static unsigned long myrt_slow_chain_length(struct myrt_rtable *head)
{
	unsigned long length = 0;
	struct myrt_rtable *rth = head;

	while (rth) {
		length += myrt_has_noalias(head, rth);
		rth = rcu_dereference_protected(rth->rt_next, 1);
	}
	return length >> MYRT_FRACT_BITS;
}

static void myrt_rt_use(struct myrt_rtable *rth)
{
	rth->rt.dst.__use++;
	WRITE_ONCE(rth->rt.dst.lastuse, jiffies);
}

/*
 * The genid of @net and the bucket of a key in one go, for the lookups
 * (caller holds RCU): one read of the namespace's state.
 */
static __always_inline unsigned int myrt_lookup_hash(struct net *net,
						     __be32 daddr,
						     __be32 saddr, int idx,
						     int *genid)
{
	*genid = myrt_mn_genid(myrt_pernet_rcu(net));
	return jhash_3words((__force u32)daddr, (__force u32)saddr, idx,
			    myrt_hash_key_of(*genid)) & myrt_hash_mask;
}

/*
 * The current input entry of a key, without a reference (the caller holds
 * RCU and keeps the entry no longer than its read section: classic
 * ip_route_input_noref).  An entry dropped by the cache (obsolete) is
 * passed over: its last reference may be gone already.
 */
struct myrt_rtable *myrt_cache_lookup_input(struct net *net, __be32 daddr,
					    __be32 saddr, int iif, u8 tos,
					    u32 mark)
{
	struct myrt_rtable *rth;
	unsigned int hash;
	int genid;

	hash = myrt_lookup_hash(net, daddr, saddr, iif, &genid);
	for (rth = rcu_dereference(myrt_hash_table[hash].chain); rth;
	     rth = rcu_dereference(rth->rt_next)) {
		if (((__force u32)(rth->fl_dst ^ daddr) |
		     (__force u32)(rth->fl_src ^ saddr) |
		     (rth->fl_iif ^ iif) | rth->fl_oif |
		     (rth->fl_tos ^ tos) | (rth->fl_mark ^ mark) |
		     (rth->rt.rt_genid ^ genid)) == 0 &&
		    net_eq(myrt_rt_net(rth), net) &&
		    !READ_ONCE(rth->rt.dst.obsolete)) {
			myrt_rt_use(rth);
			MYRT_CACHE_STAT_INC(in_hit);
			trace_myrt_cache_lookup(net, rth, daddr, saddr, iif, tos,
						true, true);
			return rth;
		}
		MYRT_CACHE_STAT_INC(in_hlist_search);
	}
	trace_myrt_cache_lookup(net, NULL, daddr, saddr, iif, tos, true, false);
	return NULL;
}

/*
 * The current output entry of @fl4's key, with a reference, or NULL (it
 * takes its own RCU read section).
 */
struct myrt_rtable *myrt_cache_lookup_output(struct net *net,
					     const struct flowi4 *fl4)
{
	u8 tos = MYRT_RT_FL_TOS(myrt_fl4_tos(fl4));
	unsigned int passed = 0, hash;
	struct myrt_rtable *rth;
	int genid;

	rcu_read_lock();
	hash = myrt_lookup_hash(net, fl4->daddr, fl4->saddr, fl4->flowi4_oif,
				&genid);
	for (rth = rcu_dereference(myrt_hash_table[hash].chain); rth;
	     rth = rcu_dereference(rth->rt_next)) {
		if (((__force u32)(rth->fl_dst ^ fl4->daddr) |
		     (__force u32)(rth->fl_src ^ fl4->saddr) | rth->fl_iif |
		     (rth->fl_oif ^ fl4->flowi4_oif) |
		     (rth->fl_mark ^ fl4->flowi4_mark) |
		     ((rth->fl_tos ^ tos) &
		      (MYRT_IPTOS_RT_MASK | MYRT_RTO_ONLINK)) |
		     (rth->rt.rt_genid ^ genid)) == 0 &&
		    net_eq(myrt_rt_net(rth), net) &&
		    dst_hold_safe(&rth->rt.dst))
			break;
		passed++;
	}
	rcu_read_unlock();
	if (unlikely(passed))
		MYRT_CACHE_STAT_ADD(out_hlist_search, passed);
	if (rth) {
		myrt_rt_use(rth);
		MYRT_CACHE_STAT_INC(out_hit);
	}
	trace_myrt_cache_lookup(net, rth, fl4->daddr, fl4->saddr,
				fl4->flowi4_oif, tos, false, !!rth);
	return rth;
}

/**
 * myrt_cache_get_output - the cached output entries of a key, of every TOS
 * @net: the namespace
 * @daddr: the key's destination
 * @saddr: the key's source (0: none)
 * @oif: the key's output interface (0: none)
 * @out: filled with the entries, each with a reference held
 * @max: room in @out
 *
 * For ip_rt_redirect, which walked the key's chain (the hash has no TOS)
 * and took every current output entry of the key, whatever its TOS and
 * mark.  Unlike myrt_cache_lookup_output() no out_hit/out_hlist_search, no
 * use/lastuse update (rt_score and expiry unchanged) and no lookup
 * tracepoint.  Returns how many entries are in @out.
 */
int myrt_cache_get_output(struct net *net, __be32 daddr, __be32 saddr, int oif,
			  struct myrt_rtable **out, int max)
{
	unsigned int hash = myrt_cache_hash(net, daddr, saddr, oif);
	int genid = myrt_genid(net);
	struct myrt_rtable *rth;
	int n = 0;

	rcu_read_lock();
	for (rth = rcu_dereference(myrt_hash_table[hash].chain);
	     rth && n < max; rth = rcu_dereference(rth->rt_next)) {
		if (rth->fl_dst == daddr && rth->fl_src == saddr &&
		    rth->fl_iif == 0 && rth->fl_oif == oif &&
		    net_eq(myrt_rt_net(rth), net) &&
		    READ_ONCE(rth->rt.rt_genid) == genid &&
		    dst_hold_safe(&rth->rt.dst))
			out[n++] = rth;
	}
	rcu_read_unlock();
	return n;
}

/*
 * A new genid: every entry of @net is stale at once (rt_cache_invalidate).
 * Returns the namespace's genid before, and in @delta what was added.
 * Fully ordered (atomic_fetch_add()): a table change made before is seen
 * by whoever reads the new genid (myrt_rt_genid_begin()).
 */
static int myrt_cache_invalidate_step(struct net *net, int *delta)
{
	u8 shuffle;

	get_random_bytes(&shuffle, sizeof(shuffle));
	*delta = shuffle + 1;
	return atomic_fetch_add(*delta, &myrt_pernet(net)->rt_genid);
}

static void myrt_cache_invalidate(struct net *net)
{
	int delta;

	myrt_cache_invalidate_step(net, &delta);
}

/* Unlink and free every stale entry, all namespaces (rt_do_flush). */
static void myrt_cache_do_flush(bool process_context)
{
	unsigned int i;

	for (i = 0; i <= myrt_hash_mask; i++) {
		struct myrt_rtable __rcu **rthp;
		struct myrt_rtable *rth;

		if (process_context && need_resched())
			cond_resched();
		if (!rcu_access_pointer(myrt_hash_table[i].chain))
			continue;
		spin_lock_bh(myrt_hash_lock(i));
		rthp = &myrt_hash_table[i].chain;
		while ((rth = myrt_locked(*rthp, i))) {
			if (myrt_rt_is_expired(rth)) {
				rcu_assign_pointer(*rthp,
						   rcu_dereference_protected(rth->rt_next, 1));
				myrt_rt_free(rth);
				continue;
			}
			rthp = &rth->rt_next;
		}
		spin_unlock_bh(myrt_hash_lock(i));
	}
}

/**
 * myrt_cache_flush - flush the route cache of a namespace (rt_cache_flush)
 * @net: the namespace
 * @delay: < 0 only invalidates; >= 0 also frees the stale entries now
 *
 * In a namespace going away (its devices going down and away one by one,
 * each flushing) it only invalidates: its exit frees its entries, and
 * those of every netns of its batch, in one walk of the table
 * (myrt_cache_net_exit_batch()).
 */
void myrt_cache_flush(struct net *net, int delay)
{
	if (!READ_ONCE(myrt_cache_ready))
		return;
	myrt_cache_invalidate(net);
	trace_myrt_cache_flush(net, delay);
	if (delay >= 0 && check_net(net))
		myrt_cache_do_flush(!in_softirq());
}
EXPORT_SYMBOL_GPL(myrt_cache_flush);	/* for the benchmark (myrt_bench.c) */

/*
 * rt_garbage_collect: free entries until the goal is met.  Returns true when
 * the cache is still at max_size afterwards ("dst cache overflow").
 */
static bool myrt_garbage_collect(int entries)
{
	static unsigned long expire = 300 * HZ;
	static unsigned long last_gc;
	static unsigned int rover;
	static int equilibrium;
	static DEFINE_SPINLOCK(gc_lock);
	struct myrt_rt_params *p = &myrt_rt_params;
	int elasticity = READ_ONCE(p->gc_elasticity);
	int min_interval = READ_ONCE(p->gc_min_interval);
	unsigned long now = jiffies;
	int goal, freed = 0;
	bool overflow = false;

	/* @entries counts the one being allocated: the cache may hold it
	 * while entries <= max_size.
	 */
	MYRT_CACHE_STAT_INC(gc_total);
	if (now - last_gc < min_interval && entries <= p->max_size) {
		MYRT_CACHE_STAT_INC(gc_ignored);
		return false;
	}
	if (!spin_trylock_bh(&gc_lock)) {
		/* Another CPU collects; a refusal is counted all the same. */
		if (entries <= p->max_size)
			return false;
		MYRT_CACHE_STAT_INC(gc_dst_overflow);
		return true;
	}

	/* no overflow: gc_elasticity <= INT_MAX >> MYRT_HASH_LOG_MAX (sysctl.c) */
	goal = entries - (elasticity << myrt_hash_log);
	if (goal <= 0) {
		if (equilibrium < p->gc_thresh)
			equilibrium = p->gc_thresh;
		goal = entries - equilibrium;
		if (goal > 0) {
			equilibrium += min_t(unsigned int, goal >> 1,
					     myrt_hash_mask + 1);
			goal = entries - equilibrium;
		}
	} else {
		/* Dangerous area: shrink really aggressively. */
		goal = max_t(unsigned int, goal >> 1, myrt_hash_mask + 1);
		equilibrium = entries - goal;
	}
	if (now - last_gc >= min_interval)
		last_gc = now;
	if (goal <= 0) {
		equilibrium += goal;
		goto work_done;
	}

	do {
		unsigned int i, k = rover;

		for (i = 0; i <= myrt_hash_mask; i++) {
			unsigned long tmo = expire;
			struct myrt_rtable __rcu **rthp;
			struct myrt_rtable *rth;

			k = (k + 1) & myrt_hash_mask;
			rthp = &myrt_hash_table[k].chain;
			spin_lock(myrt_hash_lock(k));
			while ((rth = myrt_locked(*rthp, k))) {
				if (!myrt_rt_is_expired(rth) &&
				    !myrt_rt_may_expire(rth, tmo, expire)) {
					tmo >>= 1;
					rthp = &rth->rt_next;
					continue;
				}
				rcu_assign_pointer(*rthp,
						   rcu_dereference_protected(rth->rt_next, 1));
				trace_myrt_cache_evict(rth, k, "gc");
				myrt_rt_free(rth);
				goal--;
				freed++;
			}
			spin_unlock(myrt_hash_lock(k));
			if (goal <= 0)
				break;
		}
		rover = k;
		if (goal <= 0)
			goto work_done;

		/* Goal missed: halve the timeout and try again. */
		MYRT_CACHE_STAT_INC(gc_goal_miss);
		if (expire == 0)
			break;
		expire >>= 1;
		if (myrt_dst_live_count() <= p->max_size)
			goto out;
	} while (!in_softirq() && time_before_eq(jiffies, now));

	if (myrt_dst_live_count() <= p->max_size)
		goto out;
	net_warn_ratelimited("dst cache overflow\n");
	MYRT_CACHE_STAT_INC(gc_dst_overflow);
	overflow = true;
	goto out;

work_done:
	expire += min_interval;
	if (expire > p->gc_timeout ||
	    myrt_dst_live_count() < p->gc_thresh)
		expire = p->gc_timeout;
	/*
	 * The classic equilibrium can call a goal met above max_size; max_size
	 * is a hard bound here (entries freed wait for an RCU grace period).
	 */
	if (myrt_dst_live_count() > p->max_size) {
		MYRT_CACHE_STAT_INC(gc_dst_overflow);
		overflow = true;
	}
out:
	spin_unlock_bh(&gc_lock);
	trace_myrt_cache_gc(entries, goal, freed, overflow);
	return overflow;
}

/*
 * Before an entry of @ops is allocated: garbage collection when the live
 * entries are past gc_thresh (classic dst_alloc).  The per-CPU count is
 * read roughly first, exactly only when it may be near gc_thresh.  True
 * when the cache is full.
 */
bool myrt_cache_gc_before_alloc(struct dst_ops *ops)
{
	int thresh = READ_ONCE(myrt_rt_params.gc_thresh);
	int entries = dst_entries_get_fast(ops);

	if (entries + MYRT_DST_COUNT_SLACK <= thresh)
		return false;
	entries = dst_entries_get_slow(ops);
	if (entries <= thresh)
		return false;
	/* the count the collector sees includes the entry being allocated */
	return myrt_garbage_collect(entries + 1);
}

/*
 * rt_emergency_hash_rebuild: a new genid.  It changes no table, so @rth,
 * being inserted, stays current if it was (and nothing else changed).
 */
static void myrt_emergency_rebuild(struct myrt_net *mn,
				   struct myrt_rtable *rth)
{
	int delta, before;

	if (net_ratelimit())
		pr_warn("Route hash chain too long!\n");
	before = myrt_cache_invalidate_step(mn->net, &delta);
	if (rth->rt.rt_genid == before + atomic_read(&myrt_secret_genid))
		rth->rt.rt_genid += delta;
}

/**
 * myrt_cache_intern - insert an entry into the cache (rt_intern_hash)
 * @net: its namespace
 * @rth: the new entry, carrying the caller's reference
 * @input: an input route (hash index iif) or an output route (index oif)
 *
 * Stale entries met on the way are unlinked; an identical key already
 * cached is moved to the head and returned instead of @rth; when the chain
 * is longer than gc_elasticity the unreferenced entry with the lowest
 * rt_score is evicted.
 *
 * Unlike the classic cache, no entry binds (holds) its ARP neighbour: the
 * send path looks the neighbour up for each packet, as ip_finish_output2()
 * does, so that the cache never pins entries of the host's neighbour table
 * (which every namespace shares) and the kernel's own forced garbage
 * collection can always give them back.
 */
struct myrt_rtable *myrt_cache_intern(struct net *net, struct myrt_rtable *rth,
				      bool input)
{
	struct myrt_net *mn = myrt_pernet(net);
	int idx = input ? rth->fl_iif : rth->fl_oif;
	struct myrt_rtable __rcu **rthp, **candp;
	struct myrt_rtable *cand, *cur;
	unsigned int hash, chain_length;
	u32 min_score;
	int genid;

restart:
	chain_length = 0;
	min_score = ~(u32)0;
	cand = NULL;
	candp = NULL;
	genid = myrt_mn_genid(mn);

	/*
	 * Not cached, only used by the caller: when the namespace does not
	 * cache; when its device is going away (it now discards); when the
	 * tables changed since the lookup it was made from began (its genid,
	 * taken then, is stale: the classic stamped the genid at insertion,
	 * so that an entry of a route deleted meanwhile looked current).
	 */
	if (!myrt_rt_track(rth) || !myrt_caching(mn) ||
	    rth->rt.rt_genid != genid) {
		rth->hash = 0;
		return rth;
	}

	hash = jhash_3words((__force u32)rth->fl_dst, (__force u32)rth->fl_src,
			    idx, myrt_hash_key_of(genid)) & myrt_hash_mask;
	rth->hash = hash;
	spin_lock_bh(myrt_hash_lock(hash));
	rthp = &myrt_hash_table[hash].chain;
	while ((cur = myrt_locked(*rthp, hash))) {
		if (myrt_rt_is_expired(cur)) {
			rcu_assign_pointer(*rthp,
					   rcu_dereference_protected(cur->rt_next, 1));
			myrt_rt_free(cur);
			continue;
		}
		if (myrt_same_keys(cur, rth) && dst_hold_safe(&cur->rt.dst)) {
			/* Put it first and use it. */
			rcu_assign_pointer(*rthp,
					   rcu_dereference_protected(cur->rt_next, 1));
			rcu_assign_pointer(cur->rt_next,
					   myrt_locked(myrt_hash_table[hash].chain, hash));
			rcu_assign_pointer(myrt_hash_table[hash].chain, cur);
			myrt_rt_use(cur);
			spin_unlock_bh(myrt_hash_lock(hash));
			dst_release_immediate(&rth->rt.dst);
			return cur;
		}
		if (myrt_rt_unreferenced(cur)) {
			u32 score = myrt_rt_score(cur);

			if (score <= min_score) {
				cand = cur;
				candp = rthp;
				min_score = score;
			}
		}
		chain_length++;
		rthp = &cur->rt_next;
	}

	if (cand) {
		if (chain_length > READ_ONCE(myrt_rt_params.gc_elasticity)) {
			rcu_assign_pointer(*candp,
					   rcu_dereference_protected(cand->rt_next, 1));
			trace_myrt_cache_evict(cand, hash, "elasticity");
			myrt_rt_free(cand);
		}
	} else if (chain_length > myrt_chain_length_max &&
		   myrt_slow_chain_length(myrt_locked(myrt_hash_table[hash].chain, hash)) >
		   myrt_chain_length_max) {
		/* under one bucket's lock, not all: racy by design (classic) */
		int num = READ_ONCE(mn->rebuild_count) + 1;

		WRITE_ONCE(mn->rebuild_count, num);
		if (!myrt_caching(mn))
			pr_warn("%s: %d rebuilds is over limit, route caching disabled\n",
				rth->rt.dst.dev->name, num);
		myrt_emergency_rebuild(mn, rth);
		spin_unlock_bh(myrt_hash_lock(hash));
		goto restart;
	}

	/* The cache's reference, plus the caller's. */
	dst_hold(&rth->rt.dst);
	rcu_assign_pointer(rth->rt_next,
			   rcu_dereference_protected(myrt_hash_table[hash].chain, 1));
	rcu_assign_pointer(myrt_hash_table[hash].chain, rth);
	spin_unlock_bh(myrt_hash_lock(hash));
	trace_myrt_cache_insert(rth, hash);
	return rth;
}

/* Periodic expiry (rt_check_expire), plus chain length statistics. */
static void myrt_check_expire(void)
{
	static unsigned int rover;
	struct myrt_rt_params *p = &myrt_rt_params;
	unsigned long samples = 0, sum = 0, sum2 = 0;
	unsigned int i = rover, goal;
	unsigned long delta;
	u64 mult;

	delta = jiffies - myrt_expires_ljiffies;
	myrt_expires_ljiffies = jiffies;
	mult = ((u64)delta) << myrt_hash_log;
	if (p->gc_timeout > 1)
		do_div(mult, p->gc_timeout);
	goal = (unsigned int)min_t(u64, mult, myrt_hash_mask + 1);

	for (; goal > 0; goal--) {
		unsigned long tmo = p->gc_timeout;
		struct myrt_rtable __rcu **rthp;
		struct myrt_rtable *rth, *head;
		unsigned long length = 0;

		i = (i + 1) & myrt_hash_mask;
		rthp = &myrt_hash_table[i].chain;
		cond_resched();
		samples++;
		if (!rcu_access_pointer(*rthp))
			continue;
		spin_lock_bh(myrt_hash_lock(i));
		while ((rth = myrt_locked(*rthp, i))) {
			if (myrt_rt_is_expired(rth))
				goto free_it;
			if (rth->rt.dst.expires) {
				/* expired even if in use */
				if (time_before_eq(jiffies, rth->rt.dst.expires))
					goto keep;
			} else if (!myrt_rt_may_expire(rth, tmo, p->gc_timeout)) {
				goto keep;
			}
free_it:
			rcu_assign_pointer(*rthp,
					   rcu_dereference_protected(rth->rt_next, 1));
			trace_myrt_cache_evict(rth, i, "expire");
			myrt_rt_free(rth);
			continue;
keep:
			tmo >>= 1;
			rthp = &rth->rt_next;
			head = rcu_dereference_protected(myrt_hash_table[i].chain, 1);
			length += myrt_has_noalias(head, rth);
		}
		spin_unlock_bh(myrt_hash_lock(i));
		sum += length;
		sum2 += length * length;
	}
	if (samples) {
		unsigned long avg = sum / samples;
		unsigned long sd = int_sqrt(sum2 / samples - avg * avg);

		myrt_chain_length_max = max_t(unsigned long, p->gc_elasticity,
					      (avg + 4 * sd) >> MYRT_FRACT_BITS);
	}
	rover = i;
}

static void myrt_expire_worker(struct work_struct *work)
{
	myrt_check_expire();
	schedule_delayed_work(&myrt_expire_work,
			      max(myrt_rt_params.gc_interval, 1));
}

/*
 * The secret rebuild (rt_secret_rebuild): a new hash seed, unless the
 * hash_rnd parameter fixed it, then a new generation in every namespace.
 * Every entry hashed with the old seed is stale from the new genid on
 * (rt_cache_invalidate): lookups miss it, the chain walks reap it.  A
 * lookup that read the old genid may still hash with the new seed: what it
 * inserts carries the old genid, stale as well.
 */
void myrt_cache_secret_rebuild(void)
{
	if (!hash_rnd)
		WRITE_ONCE(myrt_hash_rnd, get_random_u32());
	smp_mb__before_atomic();	/* the seed before the genid */
	atomic_add(myrt_random_u32_below(256) + 1, &myrt_secret_genid);
}

/* secret_interval: renew the seed and invalidate every namespace. */
static void myrt_secret_worker(struct work_struct *work)
{
	myrt_cache_secret_rebuild();
	if (myrt_rt_params.secret_interval > 0)
		schedule_delayed_work(&myrt_secret_work,
				      myrt_rt_params.secret_interval);
}

void myrt_cache_expire_reschedule(void)
{
	mod_delayed_work(system_wq, &myrt_expire_work,
			 max(myrt_rt_params.gc_interval, 1));
}

void myrt_cache_secret_reschedule(void)
{
	if (myrt_rt_params.secret_interval > 0)
		mod_delayed_work(system_wq, &myrt_secret_work,
				 myrt_rt_params.secret_interval);
	else
		cancel_delayed_work(&myrt_secret_work);
}

/*
 * Lower the MTU of @rth to @mtu; below min_pmtu it is min_pmtu and the MTU
 * metric is locked (no later ICMP lowers it further).  The entry forgets
 * it after mtu_expires (it expires even if in use).  Called with the
 * entry's bucket lock held; dst_mtu() readers need none.  Returns the MTU
 * set.
 */
static u32 myrt_rt_set_pmtu(struct myrt_rtable *rth, u32 mtu)
{
	if (mtu < myrt_rt_params.min_pmtu) {
		mtu = myrt_rt_params.min_pmtu;
		WRITE_ONCE(rth->metrics[RTAX_LOCK - 1],
			   rth->metrics[RTAX_LOCK - 1] | 1 << RTAX_MTU);
	}
	WRITE_ONCE(rth->metrics[RTAX_MTU - 1], mtu);
	dst_set_expires(&rth->rt.dst, myrt_rt_params.mtu_expires);
	return mtu;
}

/**
 * myrt_rt_update_pmtu - lower the MTU of an entry (ip_rt_update_pmtu)
 * @rth: the entry (cached or not)
 * @mtu: the new path MTU
 */
void myrt_rt_update_pmtu(struct myrt_rtable *rth, u32 mtu)
{
	struct dst_entry *dst = &rth->rt.dst;
	spinlock_t *lock = myrt_hash_lock(rth->hash);

	spin_lock_bh(lock);
	if (dst_mtu(dst) > mtu && mtu >= 68 &&
	    !dst_metric_locked(dst, RTAX_MTU))
		myrt_rt_set_pmtu(rth, mtu);
	spin_unlock_bh(lock);
}

static const unsigned short myrt_mtu_plateau[] = {
	32000, 17914, 8166, 4352, 2002, 1492, 576, 296, 216, 128
};

static unsigned short myrt_guess_mtu(unsigned short old_mtu)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(myrt_mtu_plateau); i++)
		if (old_mtu > myrt_mtu_plateau[i])
			return myrt_mtu_plateau[i];
	return 68;
}

static void myrt_frag_needed_one(struct myrt_rtable *rth,
				 const struct iphdr *iph,
				 unsigned short new_mtu,
				 unsigned short *old_mtu,
				 unsigned short *est_mtu)
{
	struct dst_entry *dst = &rth->rt.dst;
	unsigned short mtu = new_mtu;

	if (new_mtu < 68 || new_mtu >= *old_mtu) {
		/* BSD 4.2 compatibility */
		if (mtu == 0 && *old_mtu >= dst_mtu(dst) &&
		    *old_mtu >= 68 + (iph->ihl << 2))
			*old_mtu -= iph->ihl << 2;
		mtu = myrt_guess_mtu(*old_mtu);
	}
	if (mtu > dst_mtu(dst))
		return;
	if (mtu < dst_mtu(dst))
		mtu = myrt_rt_set_pmtu(rth, mtu);
	*est_mtu = mtu;
}

/**
 * myrt_rt_frag_needed - an ICMP fragmentation-needed came back
 * @net: the namespace
 * @iph: the header of our packet, as quoted in the ICMP message
 * @new_mtu: the MTU the router announced (0 from old routers)
 * @dev: the device the ICMP message came in on
 *
 * Lowers the MTU of every matching output entry (keyed with and without
 * source, with oif 0 and @dev's ifindex) using the plateau table when the
 * router gave none or an unusable one.  Entries whose MTU is locked are
 * left alone.  Each bucket is walked under its lock (the entries change).
 * Returns the estimated MTU: the last one set or confirmed, else @new_mtu.
 */
unsigned short myrt_rt_frag_needed(struct net *net, const struct iphdr *iph,
				   unsigned short new_mtu,
				   struct net_device *dev)
{
	unsigned short old_mtu = ntohs(iph->tot_len);
	int ikeys[2] = { dev->ifindex, 0 };
	__be32 skeys[2] = { iph->saddr, 0 };
	unsigned short est_mtu = 0;
	int i, k;

	for (k = 0; k < 2; k++) {
		for (i = 0; i < 2; i++) {
			unsigned int hash = myrt_cache_hash(net, iph->daddr,
							    skeys[i], ikeys[k]);
			struct myrt_rtable *rth;

			spin_lock_bh(myrt_hash_lock(hash));
			for (rth = myrt_locked(myrt_hash_table[hash].chain, hash);
			     rth; rth = myrt_locked(rth->rt_next, hash)) {
				if (rth->fl_dst != iph->daddr ||
				    rth->fl_src != skeys[i] ||
				    rth->rt_dst != iph->daddr ||
				    rth->rt_src != iph->saddr ||
				    rth->fl_oif != ikeys[k] || rth->fl_iif ||
				    dst_metric_locked(&rth->rt.dst, RTAX_MTU) ||
				    !net_eq(myrt_rt_net(rth), net) ||
				    myrt_rt_is_expired(rth))
					continue;
				myrt_frag_needed_one(rth, iph, new_mtu,
						     &old_mtu, &est_mtu);
			}
			spin_unlock_bh(myrt_hash_lock(hash));
		}
	}
	return est_mtu ? : new_mtu;
}

/**
 * myrt_cache_walk - visit the current entries of a namespace
 * @net: the namespace
 * @bucket: where to start and, on return, where it stopped
 * @idx: index in that bucket's chain of the first entry to visit
 * @fn: called for each entry under RCU; < 0 stops the walk there
 * @arg: passed to @fn
 * @stale: visit stale entries (old genid, not yet reaped) too
 *
 * Returns 0 when the whole table was visited, or what @fn returned.
 */
int myrt_cache_walk(struct net *net, unsigned int *bucket, unsigned int *idx,
		    int (*fn)(struct myrt_rtable *rth, void *arg), void *arg,
		    bool stale)
{
	unsigned int b;
	int ret = 0;

	rcu_read_lock();
	for (b = *bucket; b <= myrt_hash_mask; b++, *idx = 0) {
		struct myrt_rtable *rth;
		unsigned int i = 0;

		for (rth = rcu_dereference(myrt_hash_table[b].chain); rth;
		     rth = rcu_dereference(rth->rt_next)) {
			if (!net_eq(myrt_rt_net(rth), net) ||
			    (!stale && myrt_rt_is_expired(rth)))
				continue;
			if (i++ < *idx)
				continue;
			ret = fn(rth, arg);
			if (ret < 0) {
				*bucket = b;
				*idx = i - 1;
				goto out;
			}
		}
	}
	*bucket = b;
	*idx = 0;
out:
	rcu_read_unlock();
	return ret;
}

static bool myrt_rt_visible(struct net *net, struct myrt_rtable *rth)
{
	return net_eq(myrt_rt_net(rth), net) && !myrt_rt_is_expired(rth);
}

static struct myrt_rtable *myrt_cache_scan(struct net *net,
					   struct myrt_rtable *rth,
					   unsigned int *bucket)
{
	for (;;) {
		for (; rth; rth = rcu_dereference(rth->rt_next))
			if (myrt_rt_visible(net, rth))
				return rth;
		if (!*bucket)
			return NULL;
		rth = rcu_dereference(myrt_hash_table[--*bucket].chain);
	}
}

/*
 * The entries @net sees, bucket by bucket from the top down and each chain
 * from its head, as classic rt_cache_seq walked them (/proc/net/rt_cache).
 */
struct myrt_rtable *myrt_cache_first(struct net *net, unsigned int *bucket)
{
	*bucket = myrt_hash_mask;
	return myrt_cache_scan(net,
			       rcu_dereference(myrt_hash_table[*bucket].chain),
			       bucket);
}

struct myrt_rtable *myrt_cache_next(struct net *net, struct myrt_rtable *rth,
				    unsigned int *bucket)
{
	return myrt_cache_scan(net, rcu_dereference(rth->rt_next), bucket);
}

/**
 * myrt_cache_chain_stats - the chains of the table, as @net sees them
 * @net: the namespace
 * @cs: filled in
 *
 * A read-only snapshot (each bucket under RCU, not the whole table at once)
 * for /proc/net/stat/myrt_cache_chains: how long the chains are, against
 * the bound of rt_intern_hash (gc_elasticity) and the length that makes an
 * emergency rebuild (rt_chain_length_max); and the namespace's genid and
 * its hash key (genid ^ seed), which procfs.c shows to privileged readers
 * only.
 */
void myrt_cache_chain_stats(struct net *net, struct myrt_chain_stats *cs)
{
	struct myrt_net *mn = myrt_pernet(net);
	unsigned int b;

	memset(cs, 0, sizeof(*cs));
	cs->buckets = myrt_hash_mask + 1;
	cs->elasticity = READ_ONCE(myrt_rt_params.gc_elasticity);
	cs->chain_length_max = READ_ONCE(myrt_chain_length_max);
	cs->rebuilds = READ_ONCE(mn->rebuild_count);
	cs->rebuild_limit = READ_ONCE(mn->rebuild_limit);
	cs->caching = myrt_caching(mn);
	cs->genid = (u32)myrt_genid(net);
	cs->hash_key = myrt_hash_key_of(cs->genid);
	for (b = 0; b <= myrt_hash_mask; b++) {
		unsigned int own = 0, all = 0;
		struct myrt_rtable *rth;

		if (!(b & 1023))
			cond_resched();
		rcu_read_lock();
		for (rth = rcu_dereference(myrt_hash_table[b].chain); rth;
		     rth = rcu_dereference(rth->rt_next)) {
			all++;
			if (myrt_rt_visible(net, rth))
				own++;
		}
		rcu_read_unlock();
		if (own) {
			cs->used++;
			cs->entries += own;
		}
		cs->longest = max(cs->longest, own);
		cs->longest_all = max(cs->longest_all, all);
	}
}

/* Sizes of the table, classic: one bucket per 32K of memory, at most 512K. */
static unsigned int myrt_cache_buckets(void)
{
	unsigned long pages = totalram_pages();
	unsigned long n;
	int scale = pages >= 128 * 1024 ? 15 : 17;

	if (rhash_entries)
		n = rhash_entries;
	else if (scale > PAGE_SHIFT)
		n = pages >> (scale - PAGE_SHIFT);
	else
		n = pages << (PAGE_SHIFT - scale);
	n = clamp_t(unsigned long, n, 16, 1UL << MYRT_HASH_LOG_MAX);
	return roundup_pow_of_two(n);
}

void myrt_cache_reenable(struct net *net)
{
	struct myrt_net *mn = myrt_pernet(net);

	WRITE_ONCE(mn->rebuild_count, 0);
}

int myrt_cache_net_init(struct myrt_net *mn)
{
	atomic_set(&mn->rt_genid, get_random_u32());
	mn->rebuild_count = 0;
	mn->rebuild_limit = MYRT_REBUILD_LIMIT;
	return 0;
}

/* One netns (myrt_net_init()'s error path): free its entries. */
void myrt_cache_net_exit(struct myrt_net *mn)
{
	myrt_cache_invalidate(mn->net);
	myrt_cache_do_flush(true);
}

/*
 * Namespaces going away (@net_list, linked by exit_list): free their
 * entries in one walk of the table, bucket by bucket.
 */
void myrt_cache_net_exit_batch(struct list_head *net_list)
{
	struct net *net;

	list_for_each_entry(net, net_list, exit_list)
		myrt_cache_invalidate(net);
	myrt_cache_do_flush(true);
}

int myrt_cache_init(void)
{
	unsigned int buckets = myrt_cache_buckets();
	int ret;

	myrt_hash_table = kvcalloc(buckets, sizeof(*myrt_hash_table),
				   GFP_KERNEL);
	if (!myrt_hash_table)
		return -ENOMEM;
	myrt_hash_mask = buckets - 1;
	myrt_hash_log = ilog2(buckets);
	ret = alloc_bucket_spinlocks(&myrt_hash_locks, &myrt_hash_locks_mask,
				     buckets, 256, GFP_KERNEL);
	if (ret) {
		kvfree(myrt_hash_table);
		return ret;
	}
	myrt_hash_rnd = hash_rnd ? hash_rnd : get_random_u32();
	myrt_rt_params.gc_thresh = buckets;
	myrt_rt_params.max_size = buckets * 16;
	myrt_dst_ops.gc_thresh = buckets;

	myrt_expires_ljiffies = jiffies;
	INIT_DEFERRABLE_WORK(&myrt_expire_work, myrt_expire_worker);
	INIT_DEFERRABLE_WORK(&myrt_secret_work, myrt_secret_worker);
	schedule_delayed_work(&myrt_expire_work,
			      myrt_rt_params.gc_interval +
			      myrt_random_u32_below(myrt_rt_params.gc_interval));
	if (myrt_rt_params.secret_interval > 0)
		schedule_delayed_work(&myrt_secret_work,
				      myrt_rt_params.secret_interval);
	pr_info("route cache hash table entries: %u (order: %u)\n", buckets,
		myrt_hash_log);
	rtnl_lock();
	WRITE_ONCE(myrt_cache_ready, true);
	rtnl_unlock();
	return 0;
}

void myrt_cache_exit(void)
{
	unsigned int i;

	/* No flush from a device notifier from now on. */
	rtnl_lock();
	WRITE_ONCE(myrt_cache_ready, false);
	rtnl_unlock();
	cancel_delayed_work_sync(&myrt_expire_work);
	cancel_delayed_work_sync(&myrt_secret_work);
	/* Every namespace has left; unlink whatever is left. */
	for (i = 0; i <= myrt_hash_mask; i++) {
		struct myrt_rtable *rth, *next;

		spin_lock_bh(myrt_hash_lock(i));
		rth = rcu_dereference_protected(myrt_hash_table[i].chain, 1);
		RCU_INIT_POINTER(myrt_hash_table[i].chain, NULL);
		spin_unlock_bh(myrt_hash_lock(i));
		for (; rth; rth = next) {
			next = rcu_dereference_protected(rth->rt_next, 1);
			myrt_rt_free(rth);
		}
	}
	synchronize_rcu();
	free_bucket_spinlocks(myrt_hash_locks);
	kvfree(myrt_hash_table);
}
