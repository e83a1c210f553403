/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernel APIs myrt builds against (6.1 and 6.12).
 * Everything version dependent lives here, nowhere else.
 */
#ifndef _MYRT_COMPAT_H
#define _MYRT_COMPAT_H

#include <linux/version.h>
#include <linux/netdevice.h>
#include <net/dst.h>
#include <net/net_namespace.h>
#include <linux/sysctl.h>

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

#endif /* _MYRT_COMPAT_H */
