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

#endif /* _MYRT_COMPAT_H */
