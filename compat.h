/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernel APIs myrt builds against (5.10, 6.1, 6.12
 * and 7.3).  Everything version dependent lives here, nowhere else.
 */
#ifndef _MYRT_COMPAT_H
#define _MYRT_COMPAT_H

#include <linux/version.h>
#include <linux/netdevice.h>
#include <net/dst.h>
#include <net/net_namespace.h>
#include <linux/sysctl.h>
#include <net/flow.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define myrt_dst_alloc(ops, dev, obsolete, flags) \
	dst_alloc(ops, dev, obsolete, flags)
static inline int myrt_dst_refcnt(const struct dst_entry *dst)
{
	return rcuref_read((rcuref_t *)&dst->__rcuref);
}
#else
#define myrt_dst_alloc(ops, dev, obsolete, flags) \
	dst_alloc(ops, dev, 1, obsolete, flags)
static inline int myrt_dst_refcnt(const struct dst_entry *dst)
{
	return atomic_read(&dst->__refcnt);
}
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define MYRT_DST_IFDOWN_ARGS struct dst_entry *dst, struct net_device *dev
static inline void myrt_set_netns_local(struct net_device *dev)
{
	dev->netns_immutable = true;
}
#else
#define MYRT_DST_IFDOWN_ARGS struct dst_entry *dst, struct net_device *dev, int how
static inline void myrt_set_netns_local(struct net_device *dev)
{
	dev->features |= NETIF_F_NETNS_LOCAL;
}
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define __assign_str_compat(dst, src) do { (void)(src); __assign_str(dst); } while (0)
#else
#define __assign_str_compat(dst, src) __assign_str(dst, src)
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define MYRT_CTL_CONST const
#else
#define MYRT_CTL_CONST
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 5, 0)
static inline struct ctl_table_header *
register_net_sysctl_sz(struct net *net, const char *path,
		       struct ctl_table *table, size_t size)
{
	return register_net_sysctl(net, path, table);
}
#endif

/* Tables end with an empty entry before 6.6, with their size after. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 6, 0)
#define MYRT_CTL_TABLE_END { }
#else
#define MYRT_CTL_TABLE_END
#endif

/* Lockless transmit (mylo.c): a feature bit before 6.11, a flag since. */
#ifdef NETIF_F_LLTX
static inline void myrt_set_lltx(struct net_device *dev)
{
	dev->features |= NETIF_F_LLTX;
}
#else
static inline void myrt_set_lltx(struct net_device *dev)
{
	dev->lltx = true;
}
#endif

/*
 * struct flowi4's flowi4_tos became flowi4_dscp (6.18: dscp_t, the DS field
 * with the two low bits clear).  myrt's flows carry the classic tos byte, its
 * RTO_ONLINK bit (bit 0) included, which only myrt's own lookups read: kept
 * as it is in the same byte.  MYRT_FL4_TOS(tos) is a designated initializer.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 18, 0)
#define MYRT_FL4_TOS(tos)	.flowi4_dscp = (__force dscp_t)(tos)
static inline u8 myrt_fl4_tos(const struct flowi4 *fl4)
{
	return (__force u8)fl4->flowi4_dscp;
}

static inline void myrt_fl4_set_tos(struct flowi4 *fl4, u8 tos)
{
	fl4->flowi4_dscp = (__force dscp_t)tos;
}
#else
#define MYRT_FL4_TOS(tos)	.flowi4_tos = (tos)
static inline u8 myrt_fl4_tos(const struct flowi4 *fl4)
{
	return fl4->flowi4_tos;
}

static inline void myrt_fl4_set_tos(struct flowi4 *fl4, u8 tos)
{
	fl4->flowi4_tos = tos;
}
#endif

/*
 * A pernet teardown under RTNL that queues devices to unregister:
 * MYRT_PERNET_EXIT_RTNL(name, fn) defines the operation "name" from
 * fn(net, dev_kill_list), for the field MYRT_PERNET_EXIT_RTNL_OP(name).
 * 6.15 added exit_rtnl (per namespace); exit_batch_rtnl (a list of
 * namespaces; 6.10, in 5.10.y and 6.1.y stable too) is gone in 7.x.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
#define MYRT_PERNET_EXIT_RTNL(name, fn)					\
static void __net_exit name(struct net *net, struct list_head *kill)	\
{									\
	ASSERT_RTNL();							\
	fn(net, kill);							\
}

#define MYRT_PERNET_EXIT_RTNL_OP(name)	.exit_rtnl = name
#else
#define MYRT_PERNET_EXIT_RTNL(name, fn)					\
static void __net_exit name(struct list_head *net_list,		\
			    struct list_head *kill)			\
{									\
	struct net *net;						\
									\
	ASSERT_RTNL();							\
	list_for_each_entry(net, net_list, exit_list)			\
		fn(net, kill);						\
}

#define MYRT_PERNET_EXIT_RTNL_OP(name)	.exit_batch_rtnl = name
#endif

/*
 * 5.10 (Debian 11) against 6.1 and later.  The Debian kernels carry some
 * newer APIs by stable backports (exit_batch_rtnl, skb_expand_head and
 * NLA_BE32 are in 5.10.262; pcpu_stat_type and exit_batch_rtnl in 6.1.y):
 * what is below is what 5.10.0-46 lacks.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#include <linux/random.h>

/* Tracked device references (5.17 netdevice_tracker, 6.0 netdev_hold/put). */
typedef struct {} netdevice_tracker;
static inline void netdev_hold(struct net_device *dev,
			       netdevice_tracker *tracker, gfp_t gfp)
{
	dev_hold(dev);
}

static inline void netdev_put(struct net_device *dev,
			      netdevice_tracker *tracker)
{
	dev_put(dev);
}

/* dev->reg_state: a bit-field in 5.10 (no READ_ONCE), a u8 by 6.1. */
#define myrt_dev_reg_state(dev)	((dev)->reg_state)

/* skb_clear_tstamp() came with 5.18's skb->mono_delivery_time. */
static inline void myrt_skb_clear_tstamp(struct sk_buff *skb)
{
	skb->tstamp = 0;
}

/* dev_core_stats_rx_dropped_inc(): 5.18 (dev->core_stats). */
static inline void myrt_dev_rx_dropped_inc(struct net_device *dev)
{
	atomic_long_inc(&dev->rx_dropped);
}

/* netif_set_tso_max_size(): 6.0; before, the GSO size alone. */
static inline void myrt_set_tso_max_size(struct net_device *dev,
					 unsigned int size)
{
	netif_set_gso_max_size(dev, size);
}

/* nla_strscpy(): 5.11 renamed nla_strlcpy(). */
#define myrt_nla_strscpy(dst, nla, size)	nla_strlcpy(dst, nla, size)

/* get_random_u32_below(): 6.2; prandom_u32_max() before. */
#define myrt_random_u32_below(n)	prandom_u32_max(n)

/*
 * dev->pcpu_stat_type (the core allocates dev->lstats): 6.6, in 6.1.y.
 * 5.10: the driver allocates them in ndo_init and frees them in its
 * priv_destructor, as 5.10's loopback does.
 */
static inline void myrt_lstats_free(struct net_device *dev)
{
	free_percpu(dev->lstats);
}

static inline void myrt_dev_lstats_setup(struct net_device *dev)
{
	dev->priv_destructor = myrt_lstats_free;
}

static inline int myrt_dev_lstats_init(struct net_device *dev)
{
	dev->lstats = netdev_alloc_pcpu_stats(struct pcpu_lstats);
	return dev->lstats ? 0 : -ENOMEM;
}

/*
 * genl_family.resv_start_op (6.1): the core rejects reserved header fields
 * of the commands from that one on.  5.10 does not: myrt checks them itself
 * in a pre_doit (MYRT_GENL_PRE_DOIT(fn), nothing on 6.1 and later).
 */
#define MYRT_GENL_RESV_START_OP(op)
#define MYRT_GENL_PRE_DOIT(fn)	.pre_doit = (fn),
#define MYRT_GENL_PRE_DOIT_ARGS	const struct genl_ops *ops, \
				struct sk_buff *skb, struct genl_info *info
#else
#define myrt_dev_reg_state(dev)	READ_ONCE((dev)->reg_state)
#define myrt_skb_clear_tstamp(skb)	skb_clear_tstamp(skb)
#define myrt_dev_rx_dropped_inc(dev)	dev_core_stats_rx_dropped_inc(dev)
#define myrt_set_tso_max_size(dev, size)	netif_set_tso_max_size(dev, size)
#define myrt_nla_strscpy(dst, nla, size)	nla_strscpy(dst, nla, size)
#define myrt_random_u32_below(n)	get_random_u32_below(n)
static inline void myrt_dev_lstats_setup(struct net_device *dev)
{
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_LSTATS;
}

static inline int myrt_dev_lstats_init(struct net_device *dev)
{
	return 0;
}

#define MYRT_GENL_RESV_START_OP(op)	.resv_start_op = (op),
#define MYRT_GENL_PRE_DOIT(fn)
#define MYRT_GENL_PRE_DOIT_ARGS	const void *ops, \
				struct sk_buff *skb, struct genl_info *info
#endif

/*
 * dst_entry.tclassid exists only with CONFIG_IP_ROUTE_CLASSID (classic
 * CONFIG_NET_CLS_ROUTE; the Debian kernels of every series set it): where
 * it does, an entry's realms go there too, so that tc's route classifier
 * (cls_route4) sees them.  A kernel configuration difference, not a version
 * one.
 */
static inline void myrt_dst_set_tclassid(struct dst_entry *dst, u32 tag)
{
#ifdef CONFIG_IP_ROUTE_CLASSID
	dst->tclassid = tag;
#endif
}

#endif /* _MYRT_COMPAT_H */
