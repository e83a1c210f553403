// SPDX-License-Identifier: GPL-2.0
/*
 * Route cache entries are the kernel's own struct dst_entry (inside struct
 * rtable, inside struct myrt_rtable) with myrt's own dst_ops: skb_dst(),
 * reference counting and RCU freeing work as they do for the kernel's routes.
 *
 * Every live entry, cached or not, is on one list so that a device going
 * away can take its entries off it (dst_dev_put()) and so that module exit
 * can wait for the last one.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/delay.h>
#include <net/neighbour.h>
#include <net/arp.h>
#include <net/icmp.h>
#include <net/ip.h>
#include "myrt.h"

/* Everything after the dst_entry is ours to clear. */
#define MYRT_RT_CLEAR_FROM offsetof(struct myrt_rtable, rt.rt_genid)

static struct kmem_cache *myrt_rt_cachep __ro_after_init;
static LIST_HEAD(myrt_dst_list);
static DEFINE_SPINLOCK(myrt_dst_lock);
static atomic_t myrt_dst_live = ATOMIC_INIT(0);

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

static void myrt_dst_destroy(struct dst_entry *dst)
{
	struct myrt_rtable *rth = myrt_rt(dst);

	spin_lock_bh(&myrt_dst_lock);
	list_del(&rth->track);		/* a no-op if never tracked */
	spin_unlock_bh(&myrt_dst_lock);
	atomic_dec(&myrt_dst_live);
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
	 * Count the entry before allocating it, so that CPUs allocating at
	 * once see each other's entries when gc compares the count with
	 * max_size.  The count is of the entries allocated and not yet
	 * destroyed (in the table, or unlinked and waiting for their last
	 * reference or RCU), as classic dst_ops->entries: not of the table.
	 */
	if (myrt_cache_gc_before_alloc(atomic_inc_return(&myrt_dst_live)))
		goto fail;

	rth = myrt_dst_alloc(&myrt_dst_ops, dev, DST_OBSOLETE_NONE,
			     DST_NOXFRM | DST_NOPOLICY);
	if (!rth)
		goto fail;

	memset((u8 *)rth + MYRT_RT_CLEAR_FROM, 0,
	       sizeof(*rth) - MYRT_RT_CLEAR_FROM);
	write_pnet(&rth->net, net);
	rth->rt.rt_genid = genid;
	rth->classic_flags = MYRT_DST_HOST;
	dst_init_metrics(&rth->rt.dst, rth->metrics, false);
	INIT_LIST_HEAD(&rth->track);
	return rth;

fail:
	atomic_dec(&myrt_dst_live);
	return NULL;
}

/**
 * myrt_rt_track - put a set-up entry on the list of live entries
 * @rth: the entry, input/output hooks and device final
 *
 * From now on a device going away detaches it (myrt_rt_flush_dev()).  If
 * its device is being unregistered already (and may have been walked),
 * it is detached here: its hooks discard, it points at blackhole_netdev,
 * and false is returned: it must not be cached.  Done after the caller
 * set the hooks, so that dst_dev_put()'s discard hooks are never undone.
 */
bool myrt_rt_track(struct myrt_rtable *rth)
{
	struct net_device *dev = rth->rt.dst.dev;
	bool alive = true;

	spin_lock_bh(&myrt_dst_lock);
	if (list_empty(&rth->track))
		list_add(&rth->track, &myrt_dst_list);
	/* unregister_netdevice_many() sets it before the notifiers' walk */
	if (myrt_dev_reg_state(dev) != NETREG_REGISTERED) {
		if (dev != blackhole_netdev)
			dst_dev_put(&rth->rt.dst);
		alive = false;
	}
	spin_unlock_bh(&myrt_dst_lock);
	return alive;
}

/**
 * myrt_rt_flush_dev - detach every entry from a device that goes away
 * @net: the device's namespace
 * @dev: the device
 *
 * Entries still referenced (by sockets, skbs) stay alive but point at the
 * blackhole device and discard what they are given, as the kernel's own
 * routes do (rt_flush_dev()).
 */
void myrt_rt_flush_dev(struct net *net, struct net_device *dev)
{
	struct myrt_rtable *rth;

	spin_lock_bh(&myrt_dst_lock);
	list_for_each_entry(rth, &myrt_dst_list, track) {
		if (rth->rt.dst.dev != dev)
			continue;
		dst_dev_put(&rth->rt.dst);
	}
	spin_unlock_bh(&myrt_dst_lock);
}

static int myrt_dst_netdev_event(struct notifier_block *nb,
				 unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (event == NETDEV_UNREGISTER) {
		/* RTNL held: the netns' state is there while this is true */
		if (READ_ONCE(myrt_pernet_up))
			myrt_cache_flush(dev_net(dev), 0);
		myrt_rt_flush_dev(dev_net(dev), dev);
	}
	return NOTIFY_DONE;
}

static struct notifier_block myrt_dst_notifier = {
	.notifier_call = myrt_dst_netdev_event,
};

unsigned int myrt_dst_live_count(void)
{
	return atomic_read(&myrt_dst_live);
}

int myrt_dst_init(void)
{
	int ret;

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
	unsigned int waited = 0;
	struct myrt_rtable *rth;

	unregister_netdevice_notifier(&myrt_dst_notifier);

	/*
	 * Every namespace is gone from myrt and every cache entry unlinked.
	 * What is left is held by skbs on their way out; detach them from
	 * their devices and wait for the last reference.
	 */
	rtnl_lock();
	spin_lock_bh(&myrt_dst_lock);
	list_for_each_entry(rth, &myrt_dst_list, track)
		dst_dev_put(&rth->rt.dst);
	spin_unlock_bh(&myrt_dst_lock);
	rtnl_unlock();

	while (atomic_read(&myrt_dst_live)) {
		rcu_barrier();
		if (!atomic_read(&myrt_dst_live))
			break;
		msleep(100);
		if (++waited % 100 == 0)
			pr_notice("waiting for %d route cache entries to be released\n",
				  atomic_read(&myrt_dst_live));
	}
	/* dst_destroy() frees the memory after our destroy hook returned. */
	rcu_barrier();
	dst_entries_destroy(&myrt_dst_ops);
	kmem_cache_destroy(myrt_rt_cachep);
}
