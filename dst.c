// SPDX-License-Identifier: GPL-2.0
/*
 * Route cache entries are the kernel's own struct dst_entry (inside struct
 * rtable, inside struct myrt_rtable) with myrt's own dst_ops: skb_dst(),
 * reference counting and RCU freeing work as they do for the kernel's routes.
 *
 * Every live entry that points at a real device, cached or not, is on the
 * list of its device (one of MYRT_DST_LISTS lists, by a hash of the device)
 * so that a device going away can take its own entries off it
 * (dst_dev_put()) without looking at the others, and so that module exit
 * can detach the last ones.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/delay.h>
#include <linux/hash.h>
#include <net/neighbour.h>
#include <net/arp.h>
#include <net/icmp.h>
#include <net/ip.h>
#include "myrt.h"

/* Everything after the dst_entry is ours to clear. */
#define MYRT_RT_CLEAR_FROM offsetof(struct myrt_rtable, rt.rt_genid)

static struct kmem_cache *myrt_rt_cachep __ro_after_init;
#define MYRT_DST_LISTS_BITS	8
#define MYRT_DST_LISTS		BIT(MYRT_DST_LISTS_BITS)
/* Each list has its own lock: no lock is shared by every allocation. */
static struct myrt_dst_list {
	spinlock_t		lock;		/* protects head */
	struct list_head	head;
} ____cacheline_aligned_in_smp myrt_dst_lists[MYRT_DST_LISTS];

/*
 * Entries a walk detaches between two openings of the lock: the longest
 * stretch with BHs off that a device going away causes.
 */
#define MYRT_DST_WALK_BATCH	64

bool myrt_is_myrt_dst(const struct dst_entry *dst)
{
	return dst && dst->ops == &myrt_dst_ops;
}

static struct dst_entry *myrt_dst_check(struct dst_entry *dst, u32 cookie)
{
	/* Only called when dst->obsolete is set: the entry is dead. */
	return NULL;
}

static unsigned int myrt_default_advmss(const struct dst_entry *dst)
{
	unsigned int advmss = dst_metric_raw(dst, RTAX_ADVMSS);

	if (!advmss)
		advmss = max_t(unsigned int, dst->dev->mtu - 40, 256);
	return min(advmss, IPV4_MAX_PMTU - 40);
}

static unsigned int myrt_dst_ops_mtu(const struct dst_entry *dst)
{
	unsigned int mtu = dst_metric_raw(dst, RTAX_MTU);

	if (!mtu)
		mtu = READ_ONCE(dst->dev->mtu);
	return min_t(unsigned int, mtu, IP_MAX_MTU);
}

static unsigned int myrt_dst_list_of(const struct net_device *dev)
{
	return hash_ptr(dev, MYRT_DST_LISTS_BITS);
}

static void myrt_dst_destroy(struct dst_entry *dst)
{
	struct myrt_rtable *rth = myrt_rt(dst);
	struct myrt_dst_list *l = &myrt_dst_lists[rth->track_list];

	/*
	 * The list it was put on, if any: taken off by a walk (under that
	 * list's lock) or here.  An entry never tracked is alone.
	 */
	if (list_empty_careful(&rth->track))
		return;
	spin_lock_bh(&l->lock);
	list_del_init(&rth->track);
	spin_unlock_bh(&l->lock);
}

static void myrt_link_failure(struct sk_buff *skb)
{
	struct dst_entry *dst = skb_dst(skb);

	myrt_icmp_send(skb, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0);
	if (dst)
		dst_set_expires(dst, 0);
}

static void myrt_update_pmtu(struct dst_entry *dst, struct sock *sk,
			     struct sk_buff *skb, u32 mtu, bool confirm_neigh)
{
	myrt_rt_update_pmtu(myrt_rt(dst), mtu);
}

static struct neighbour *myrt_neigh_lookup(const struct dst_entry *dst,
					   struct sk_buff *skb,
					   const void *daddr)
{
	const struct myrt_rtable *rth = myrt_rt(dst);
	struct net_device *dev = dst->dev;
	struct neighbour *n;
	__be32 nexthop;

	nexthop = rth->rt_gateway;
	if (!nexthop)
		nexthop = skb ? ip_hdr(skb)->daddr : *(const __be32 *)daddr;
	if (dev->flags & (IFF_LOOPBACK | IFF_POINTOPOINT))
		nexthop = 0;

	/* __ipv4_neigh_lookup() returns the neighbour with a reference. */
	n = __ipv4_neigh_lookup(dev, (__force u32)nexthop);
	if (!n)
		n = neigh_create(&arp_tbl, &nexthop, dev);
	return n;
}

struct dst_ops myrt_dst_ops = {
	.family		= AF_INET,
	.check		= myrt_dst_check,
	.default_advmss	= myrt_default_advmss,
	.mtu		= myrt_dst_ops_mtu,
	.destroy	= myrt_dst_destroy,
	.link_failure	= myrt_link_failure,
	.update_pmtu	= myrt_update_pmtu,
	.neigh_lookup	= myrt_neigh_lookup,
};

/**
 * myrt_rt_alloc - allocate a route cache entry
 * @net: its network namespace
 * @dev: its device (a reference is taken)
 * @genid: its genid, read before the lookup it is made from
 *	   (myrt_rt_genid_begin())
 *
 * The entry carries one reference, the caller's.  Fields other than the
 * dst_entry are zeroed; metrics point at the entry's own array.  It is on
 * the list of live entries (what a device going away detaches) only once
 * the caller has set it up and calls myrt_rt_track() (myrt_cache_intern()
 * does).  Returns NULL when the cache is full (after garbage collection,
 * "dst cache overflow") or memory is short.
 */
struct myrt_rtable *myrt_rt_alloc(struct net *net, struct net_device *dev,
				  int genid)
{
	struct myrt_rtable *rth;

	/*
	 * The count is of the entries allocated and not yet destroyed (in the
	 * table, or unlinked and waiting for their last reference or RCU), as
	 * classic dst_ops->entries: not of the table.  It is the dst_ops'
	 * per-CPU counter (dst_alloc() and dst_destroy() keep it), read
	 * exactly only near gc_thresh, as classic dst_alloc did.
	 */
	if (myrt_cache_gc_before_alloc(&myrt_dst_ops))
		return NULL;

	rth = myrt_dst_alloc(&myrt_dst_ops, dev, DST_OBSOLETE_NONE,
			     DST_NOXFRM | DST_NOPOLICY);
	if (!rth)
		return NULL;

	memset((u8 *)rth + MYRT_RT_CLEAR_FROM, 0,
	       sizeof(*rth) - MYRT_RT_CLEAR_FROM);
	write_pnet(&rth->net, net);
	rth->rt.rt_genid = genid;
	rth->classic_flags = MYRT_DST_HOST;
	dst_init_metrics(&rth->rt.dst, rth->metrics, false);
	INIT_LIST_HEAD(&rth->track);
	return rth;
}

/**
 * myrt_rt_track - put a set-up entry on the list of its device
 * @rth: the entry, input/output hooks and device final
 *
 * From now on its device going away detaches it (myrt_rt_flush_dev()).
 * If that device is being unregistered already (and may have been
 * walked), it is detached here: its hooks discard, it points at
 * blackhole_netdev, and false is returned: it must not be cached.  So is
 * an entry detached before (by a walk since its last call: the caller may
 * call again).  Done after the caller set the hooks, so that
 * dst_dev_put()'s discard hooks are never undone.
 */
bool myrt_rt_track(struct myrt_rtable *rth)
{
	struct myrt_dst_list *l;
	struct net_device *dev;
	bool alive = true;

	/*
	 * The device changes only from its own to the blackhole, under the
	 * lock of the list of its own, whose index the first call records.
	 */
	if (list_empty(&rth->track))
		rth->track_list = myrt_dst_list_of(rth->rt.dst.dev);
	l = &myrt_dst_lists[rth->track_list];
	spin_lock_bh(&l->lock);
	dev = rth->rt.dst.dev;
	if (dev == blackhole_netdev) {
		alive = false;
	} else if (myrt_dev_reg_state(dev) != NETREG_REGISTERED) {
		/* unregister_netdevice_many() sets it before the notifiers */
		dst_dev_put(&rth->rt.dst);
		list_del_init(&rth->track);
		alive = false;
	} else if (list_empty(&rth->track)) {
		list_add(&rth->track, &l->head);
	}
	spin_unlock_bh(&l->lock);
	return alive;
}

/*
 * Detach the entries of @head that point at @dev (every entry if @dev is
 * NULL) and take them off the list.  The walk opens the lock (and BHs)
 * every MYRT_DST_WALK_BATCH entries, leaving a cursor in the list; RTNL,
 * held by every walker, makes it the only cursor.  Entries added meanwhile
 * go to the head, before the cursor: myrt_rt_track() detaches those of a
 * device being unregistered itself.
 */
static void myrt_dst_detach_list(struct myrt_dst_list *l,
				 const struct net_device *dev)
{
	struct list_head *head = &l->head;
	struct myrt_rtable *rth;
	struct list_head cursor;
	unsigned int n;

	ASSERT_RTNL();
	spin_lock_bh(&l->lock);
	list_add(&cursor, head);
	for (;;) {
		for (n = 0; n < MYRT_DST_WALK_BATCH && cursor.next != head; n++) {
			rth = list_entry(cursor.next, struct myrt_rtable, track);
			list_move(&cursor, &rth->track);
			if (dev && rth->rt.dst.dev != dev)
				continue;
			dst_dev_put(&rth->rt.dst);
			list_del_init(&rth->track);
		}
		if (cursor.next == head)
			break;
		spin_unlock_bh(&l->lock);
		cond_resched();
		spin_lock_bh(&l->lock);
	}
	list_del(&cursor);
	spin_unlock_bh(&l->lock);
}

/**
 * myrt_rt_flush_dev - detach every entry from a device that goes away
 * @dev: the device
 *
 * Entries still referenced (by sockets, skbs, the cache) stay alive but
 * point at the blackhole device and discard what they are given, as the
 * kernel's own routes do (rt_flush_dev()).  Only the list of @dev is
 * walked, with BHs off for MYRT_DST_WALK_BATCH entries at most at a time.
 * RTNL held, process context.
 */
void myrt_rt_flush_dev(struct net_device *dev)
{
	myrt_dst_detach_list(&myrt_dst_lists[myrt_dst_list_of(dev)], dev);
}

static int myrt_dst_netdev_event(struct notifier_block *nb,
				 unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (event == NETDEV_UNREGISTER) {
		/* RTNL held: the netns' state is there while this is true */
		if (READ_ONCE(myrt_pernet_up))
			myrt_cache_flush(dev_net(dev), 0);
		myrt_rt_flush_dev(dev);
	}
	return NOTIFY_DONE;
}

static struct notifier_block myrt_dst_notifier = {
	.notifier_call = myrt_dst_netdev_event,
};

/* The live entries, exactly (a sum over the CPUs). */
unsigned int myrt_dst_live_count(void)
{
	return dst_entries_get_slow(&myrt_dst_ops);
}

int myrt_dst_init(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < MYRT_DST_LISTS; i++) {
		spin_lock_init(&myrt_dst_lists[i].lock);
		INIT_LIST_HEAD(&myrt_dst_lists[i].head);
	}
	myrt_rt_cachep = kmem_cache_create("myrt_dst_cache",
					   sizeof(struct myrt_rtable), 0,
					   SLAB_HWCACHE_ALIGN, NULL);
	if (!myrt_rt_cachep)
		return -ENOMEM;
	myrt_dst_ops.kmem_cachep = myrt_rt_cachep;
	ret = dst_entries_init(&myrt_dst_ops);
	if (ret)
		goto err_entries;
	ret = register_netdevice_notifier(&myrt_dst_notifier);
	if (ret)
		goto err_notifier;
	return 0;

err_notifier:
	dst_entries_destroy(&myrt_dst_ops);
err_entries:
	kmem_cache_destroy(myrt_rt_cachep);
	return ret;
}

void myrt_dst_exit(void)
{
	unsigned int waited = 0, i;

	unregister_netdevice_notifier(&myrt_dst_notifier);

	/*
	 * Every namespace is gone from myrt and every cache entry unlinked.
	 * What is left is held by skbs on their way out; detach them from
	 * their devices and wait for the last reference.
	 */
	rtnl_lock();
	for (i = 0; i < MYRT_DST_LISTS; i++)
		myrt_dst_detach_list(&myrt_dst_lists[i], NULL);
	rtnl_unlock();

	while (myrt_dst_live_count()) {
		rcu_barrier();
		if (!myrt_dst_live_count())
			break;
		msleep(100);
		if (++waited % 100 == 0)
			pr_notice("waiting for %u route cache entries to be released\n",
				  myrt_dst_live_count());
	}
	/*
	 * dst_destroy() (an RCU callback) counts an entry gone before it
	 * calls our destroy hook and frees the memory.
	 */
	rcu_barrier();
	dst_entries_destroy(&myrt_dst_ops);
	kmem_cache_destroy(myrt_rt_cachep);
}
