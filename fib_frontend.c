// SPDX-License-Identifier: GPL-2.0
/*
 * FIB frontend: the tables of a netns, the automatic routes made from
 * interface addresses (classic myrt_add_ifaddr/myrt_del_ifaddr), device
 * events, source validation, address types and /proc/net/myrt_route.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/rculist.h>
#include <linux/inetdevice.h>
#include <linux/if_arp.h>
#include <linux/fib_rules.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/ip.h>
#include "myrt.h"

static bool myrt_fib_unloading;

struct myrt_fib_table *myrt_fib_get_table(struct myrt_net *mn, u32 id)
{
	struct myrt_fib_table *tb;
	struct hlist_head *head;

	if (!id)
		id = RT_TABLE_MAIN;
	if (!mn->fib.table_hash)
		return NULL;
	head = &mn->fib.table_hash[id & (MYRT_FIB_TABLE_HASHSZ - 1)];
	hlist_for_each_entry_rcu(tb, head, tb_hlist, lockdep_rtnl_is_held())
		if (tb->tb_id == id)
			return tb;
	return NULL;
}

struct myrt_fib_table *myrt_fib_new_table(struct myrt_net *mn, u32 id)
{
	struct myrt_fib_table *tb;

	if (!id)
		id = RT_TABLE_MAIN;
	tb = myrt_fib_get_table(mn, id);
	if (tb)
		return tb;
	tb = myrt_fib_hash_table(id);
	if (!tb)
		return NULL;
	hlist_add_head_rcu(&tb->tb_hlist,
			   &mn->fib.table_hash[id & (MYRT_FIB_TABLE_HASHSZ - 1)]);
	return tb;
}

void myrt_fib_flush(struct myrt_net *mn)
{
	struct myrt_fib_table *tb;
	int flushed = 0;
	unsigned int h;

	for (h = 0; h < MYRT_FIB_TABLE_HASHSZ; h++)
		hlist_for_each_entry(tb, &mn->fib.table_hash[h], tb_hlist)
			flushed += myrt_fib_table_flush(tb, false);
	if (flushed)
		myrt_cache_flush(mn->net, -1);
}

void myrt_fib_select_default(struct myrt_net *mn, const struct flowi4 *fl,
			     struct myrt_fib_result *res)
{
	struct myrt_fib_table *tb;
	u32 table = RT_TABLE_MAIN;

	if (!res->fi)
		return;
	if (res->r) {
		if (res->r->action != FR_ACT_TO_TBL)
			return;
		table = res->r->table;
	}
	tb = myrt_fib_get_table(mn, table);
	if (tb && MYRT_FIB_RES_GW(*res) &&
	    MYRT_FIB_RES_NH(*res).nh_scope == RT_SCOPE_LINK)
		myrt_fib_table_select_default(tb, fl, res);
}

unsigned int myrt_fib_addr_type(struct myrt_net *mn, __be32 addr)
{
	struct myrt_fib_result res = {};
	struct flowi4 fl = { .daddr = addr };
	unsigned int ret = RTN_BROADCAST;
	struct myrt_fib_table *tb;

	if (ipv4_is_zeronet(addr) || ipv4_is_lbcast(addr))
		return RTN_BROADCAST;
	if (ipv4_is_multicast(addr))
		return RTN_MULTICAST;

	rcu_read_lock();
	tb = myrt_fib_get_table(mn, RT_TABLE_LOCAL);
	if (tb) {
		ret = RTN_UNICAST;
		if (!myrt_fib_table_lookup(tb, &fl, &res, NULL))
			ret = res.type;
	}
	rcu_read_unlock();
	return ret;
}

/*
 * Classic fib_combine_itag: the realms of the route back to the source of
 * an input packet.  Its TO realm becomes the packet's FROM realm (0: the
 * TO realm of the rule that matched instead); the rule's FROM realm
 * becomes the TO half.
 */
static void myrt_fib_combine_itag(u32 *itag, const struct myrt_fib_result *res)
{
	u32 rtag = myrt_fib_rules_tclass(res);

	*itag = MYRT_FIB_RES_NH(*res).nh_tclassid << 16;
	if (!*itag)
		*itag = rtag << 16;
	*itag |= rtag >> 16;
}

/*
 * Classic fib_validate_source: is @src a sane source for a packet to @dst
 * arriving on @dev?  Finds the "specific destination" (our address the
 * sender sees) and applies rp_filter from the kernel's in_device config.
 */
int myrt_fib_validate_source(struct myrt_net *mn, __be32 src, __be32 dst,
			     u8 tos, int oif, struct net_device *dev,
			     __be32 *spec_dst, u32 *itag, u32 mark)
{
	struct flowi4 fl = {
		.daddr = src,
		.saddr = dst,
		MYRT_FL4_TOS(tos),
		.flowi4_mark = mark,
		.flowi4_iif = oif,
	};
	int no_addr = 0, rpf = 0, accept_local = 0;
	struct myrt_fib_result res = {};
	struct in_device *in_dev;
	int ret;

	rcu_read_lock();
	in_dev = __in_dev_get_rcu(dev);
	if (!in_dev) {
		rcu_read_unlock();
		return -EINVAL;
	}
	no_addr = !rcu_access_pointer(in_dev->ifa_list);
	rpf = IN_DEV_RPFILTER(in_dev);
	accept_local = IN_DEV_ACCEPT_LOCAL(in_dev);
	if (mark && !IN_DEV_SRC_VMARK(in_dev))
		fl.flowi4_mark = 0;

	if (__myrt_fib_lookup(mn, &fl, &res, NULL))
		goto last_resort;
	if (res.type != RTN_UNICAST &&
	    (res.type != RTN_LOCAL || !accept_local))
		goto e_inval;
	*spec_dst = MYRT_FIB_RES_PREFSRC(res);
	myrt_fib_combine_itag(itag, &res);
	if (MYRT_FIB_RES_DEV(res) == dev || res.fi->fib_nhs > 1) {
		ret = MYRT_FIB_RES_NH(res).nh_scope >= RT_SCOPE_HOST;
		rcu_read_unlock();
		return ret;
	}
	if (no_addr)
		goto last_resort;
	if (rpf == 1)
		goto e_inval;
	fl.flowi4_oif = dev->ifindex;

	ret = 0;
	if (!__myrt_fib_lookup(mn, &fl, &res, NULL) &&
	    res.type == RTN_UNICAST) {
		*spec_dst = MYRT_FIB_RES_PREFSRC(res);
		ret = MYRT_FIB_RES_NH(res).nh_scope >= RT_SCOPE_HOST;
	}
	rcu_read_unlock();
	return ret;

last_resort:
	if (rpf)
		goto e_inval;
	*spec_dst = inet_select_addr(dev, 0, RT_SCOPE_UNIVERSE);
	*itag = 0;
	rcu_read_unlock();
	return 0;

e_inval:
	rcu_read_unlock();
	return -EINVAL;
}

/* ---- automatic routes from interface addresses ---- */

static void myrt_magic(int cmd, int type, __be32 dst, int dst_len,
		       struct in_ifaddr *ifa)
{
	struct net_device *dev = ifa->ifa_dev->dev;
	struct myrt_net *mn = myrt_pernet(dev_net(dev));
	struct myrt_fib_config cfg = {
		.fc_protocol = RTPROT_KERNEL,
		.fc_type = type,
		.fc_dst = dst,
		.fc_dst_len = dst_len,
		.fc_prefsrc = ifa->ifa_local,
		.fc_oif = dev->ifindex,
		.fc_nlflags = NLM_F_CREATE | NLM_F_APPEND,
		.fc_net = dev_net(dev),
	};
	struct myrt_fib_table *tb;

	if (type == RTN_UNICAST)
		tb = myrt_fib_new_table(mn, RT_TABLE_MAIN);
	else
		tb = myrt_fib_new_table(mn, RT_TABLE_LOCAL);
	if (!tb)
		return;
	cfg.fc_table = tb->tb_id;
	cfg.fc_scope = type != RTN_LOCAL ? RT_SCOPE_LINK : RT_SCOPE_HOST;

	if (cmd == RTM_NEWROUTE)
		myrt_fib_table_insert(tb, &cfg);
	else
		myrt_fib_table_delete(tb, &cfg);
}

/* The primary address of the subnet (classic inet_ifa_byprefix). */
static struct in_ifaddr *ifa_byprefix(struct in_device *in_dev,
				      __be32 prefix, __be32 mask)
{
	struct in_ifaddr *ifa;

	in_dev_for_each_ifa_rtnl(ifa, in_dev) {
		if (ifa->ifa_flags & IFA_F_SECONDARY)
			continue;
		if (ifa->ifa_mask == mask &&
		    !((prefix ^ ifa->ifa_address) & mask))
			return ifa;
	}
	return NULL;
}

static void myrt_add_ifaddr(struct in_ifaddr *ifa)
{
	struct in_device *in_dev = ifa->ifa_dev;
	struct net_device *dev = in_dev->dev;
	struct in_ifaddr *prim = ifa;
	__be32 mask = ifa->ifa_mask;
	__be32 addr = ifa->ifa_local;
	__be32 prefix = ifa->ifa_address & mask;

	if (ifa->ifa_flags & IFA_F_SECONDARY) {
		prim = ifa_byprefix(in_dev, prefix, mask);
		if (!prim) {
			pr_warn("%s: secondary address without a primary\n",
				__func__);
			return;
		}
	}

	myrt_magic(RTM_NEWROUTE, RTN_LOCAL, addr, 32, prim);

	if (!(dev->flags & IFF_UP))
		return;

	/* an explicitly assigned broadcast address */
	if (ifa->ifa_broadcast && ifa->ifa_broadcast != htonl(0xFFFFFFFF))
		myrt_magic(RTM_NEWROUTE, RTN_BROADCAST, ifa->ifa_broadcast, 32,
			   prim);

	if (!ipv4_is_zeronet(prefix) && !(ifa->ifa_flags & IFA_F_SECONDARY) &&
	    (prefix != addr || ifa->ifa_prefixlen < 32)) {
		myrt_magic(RTM_NEWROUTE,
			   dev->flags & IFF_LOOPBACK ? RTN_LOCAL : RTN_UNICAST,
			  prefix, ifa->ifa_prefixlen, prim);

		/* network specific broadcasts, where they make sense */
		if (ifa->ifa_prefixlen < 31) {
			myrt_magic(RTM_NEWROUTE, RTN_BROADCAST, prefix, 32,
				   prim);
			myrt_magic(RTM_NEWROUTE, RTN_BROADCAST, prefix | ~mask,
				   32, prim);
		}
	}
}

static void myrt_del_ifaddr(struct in_ifaddr *ifa)
{
	struct in_device *in_dev = ifa->ifa_dev;
	struct net_device *dev = in_dev->dev;
	struct myrt_net *mn = myrt_pernet(dev_net(dev));
	__be32 brd = ifa->ifa_address | ~ifa->ifa_mask;
	__be32 any = ifa->ifa_address & ifa->ifa_mask;
	bool local_ok = false, brd_ok = false, brd0_ok = false;
	bool brd1_ok = false;
	struct in_ifaddr *prim = ifa, *ifa1;

	if (!(ifa->ifa_flags & IFA_F_SECONDARY)) {
		myrt_magic(RTM_DELROUTE,
			   dev->flags & IFF_LOOPBACK ? RTN_LOCAL : RTN_UNICAST,
			  any, ifa->ifa_prefixlen, prim);
	} else {
		prim = ifa_byprefix(in_dev, any, ifa->ifa_mask);
		if (!prim) {
			pr_warn("%s: secondary address without a primary\n",
				__func__);
			return;
		}
	}

	/* Delete only what no remaining address still needs. */
	in_dev_for_each_ifa_rtnl(ifa1, in_dev) {
		if (ifa->ifa_local == ifa1->ifa_local)
			local_ok = true;
		if (ifa->ifa_broadcast == ifa1->ifa_broadcast)
			brd_ok = true;
		if (brd == ifa1->ifa_broadcast)
			brd1_ok = true;
		if (any == ifa1->ifa_broadcast)
			brd0_ok = true;
	}

	if (!brd_ok)
		myrt_magic(RTM_DELROUTE, RTN_BROADCAST, ifa->ifa_broadcast, 32,
			   prim);
	if (!brd1_ok)
		myrt_magic(RTM_DELROUTE, RTN_BROADCAST, brd, 32, prim);
	if (!brd0_ok)
		myrt_magic(RTM_DELROUTE, RTN_BROADCAST, any, 32, prim);
	if (!local_ok) {
		myrt_magic(RTM_DELROUTE, RTN_LOCAL, ifa->ifa_local, 32, prim);

		/* the address is really gone: flush routes that used it */
		if (myrt_fib_addr_type(mn, ifa->ifa_local) != RTN_LOCAL &&
		    myrt_fib_sync_down_addr(mn, ifa->ifa_local))
			myrt_fib_flush(mn);
	}
}

static void myrt_disable_ip(struct myrt_net *mn, struct net_device *dev,
			    int force, int delay)
{
	if (myrt_fib_sync_down_dev(mn, dev, force))
		myrt_fib_flush(mn);
	myrt_cache_flush(mn->net, delay);
}

/* RTNL held by the notifier callers; @mn may be absent (netns setup). */
static struct myrt_net *notifier_pernet(struct net *net)
{
	struct myrt_net *mn;

	mn = net_generic(net, myrt_net_id);
	if (!mn || !mn->fib.ready)
		return NULL;
	return mn;
}

static int fib_inetaddr_event(struct notifier_block *nb, unsigned long event,
			      void *ptr)
{
	struct in_ifaddr *ifa = ptr;
	struct net_device *dev = ifa->ifa_dev->dev;
	struct myrt_net *mn = notifier_pernet(dev_net(dev));

	if (!mn)
		return NOTIFY_DONE;
	switch (event) {
	case NETDEV_UP:
		myrt_add_ifaddr(ifa);
		myrt_fib_sync_up(mn, dev);
		myrt_cache_flush(mn->net, -1);
		break;
	case NETDEV_DOWN:
		myrt_del_ifaddr(ifa);
		if (!rtnl_dereference(ifa->ifa_dev->ifa_list))
			/* the last address is gone: disable IP */
			myrt_disable_ip(mn, dev, 1, 0);
		else
			myrt_cache_flush(mn->net, -1);
		break;
	}
	return NOTIFY_DONE;
}

static int fib_netdev_event(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct myrt_net *mn;
	struct in_device *in_dev;
	struct in_ifaddr *ifa;

	/*
	 * Module unload: unregister_netdevice_notifier() replays DOWN and
	 * UNREGISTER for every registered device; the tables go with the
	 * netns state anyway.  A device really being unregistered meanwhile
	 * (a netns going away) still drops its routes here.
	 */
	if (READ_ONCE(myrt_fib_unloading) &&
	    myrt_dev_reg_state(dev) == NETREG_REGISTERED)
		return NOTIFY_DONE;
	mn = notifier_pernet(dev_net(dev));
	if (!mn)
		return NOTIFY_DONE;

	if (event == NETDEV_UNREGISTER) {
		myrt_disable_ip(mn, dev, 2, -1);
		myrt_fib_rules_dev_event(mn, dev, event);
		return NOTIFY_DONE;
	}
	if (event == NETDEV_REGISTER)
		myrt_fib_rules_dev_event(mn, dev, event);

	in_dev = __in_dev_get_rtnl(dev);
	if (!in_dev)
		return NOTIFY_DONE;

	switch (event) {
	case NETDEV_REGISTER:
		/*
		 * Only addresses of a device that exists before we were
		 * loaded: the replay of register_netdevice_notifier().
		 */
		in_dev_for_each_ifa_rtnl(ifa, in_dev)
			myrt_add_ifaddr(ifa);
		break;
	case NETDEV_UP:
		in_dev_for_each_ifa_rtnl(ifa, in_dev)
			myrt_add_ifaddr(ifa);
		myrt_fib_sync_up(mn, dev);
		myrt_cache_flush(mn->net, -1);
		break;
	case NETDEV_DOWN:
		myrt_disable_ip(mn, dev, 0, 0);
		break;
	case NETDEV_CHANGEMTU:
	case NETDEV_CHANGE:
		myrt_cache_flush(mn->net, 0);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block fib_inetaddr_notifier = {
	.notifier_call = fib_inetaddr_event,
};

static struct notifier_block fib_netdev_notifier = {
	.notifier_call = fib_netdev_event,
};

/* ---- /proc/net/myrt_route: the MAIN table as classic /proc/net/route ---- */

struct fib_route_iter {
	struct seq_net_private	p;
	struct myrt_fib_walker	w;
	loff_t			cur;	/* entry the walker points at, 1-based */
	loff_t			to_skip;
	/* a copy of the current entry */
	char			dev[IFNAMSIZ];
	__be32			key;
	__be32			gw;
	__be32			mask;
	unsigned int		flags;
	u32			priority;
	u32			advmss;
	u32			window;
	u32			rtt;
};

static int fib_route_capture(struct myrt_fib_table *tb, __be32 key,
			     int dst_len, struct myrt_fib_alias *fa, void *arg)
{
	struct fib_route_iter *it = arg;
	struct myrt_fib_info *fi = fa->fa_info;
	struct net_device *dev = fi->fib_nh[0].nh_dev;

	if (it->to_skip) {
		it->to_skip--;
		return 0;
	}
	strscpy(it->dev, dev ? dev->name : "*", sizeof(it->dev));
	it->key = key;
	it->gw = fi->fib_nh[0].nh_gw;
	it->mask = inet_make_mask(dst_len);
	it->flags = RTF_UP;
	if (fa->fa_type == RTN_UNREACHABLE || fa->fa_type == RTN_PROHIBIT)
		it->flags |= RTF_REJECT;
	if (it->gw)
		it->flags |= RTF_GATEWAY;
	if (dst_len == 32)
		it->flags |= RTF_HOST;
	it->priority = fi->fib_priority;
	it->advmss = fi->fib_metrics[RTAX_ADVMSS - 1];
	it->window = fi->fib_metrics[RTAX_WINDOW - 1];
	it->rtt = fi->fib_metrics[RTAX_RTT - 1];
	return -1;
}

/* Copy the entry at position @pos (1-based) into the iterator. */
static bool fib_route_seek(struct seq_file *seq, loff_t pos)
{
	struct fib_route_iter *it = seq->private;
	struct myrt_net *mn = myrt_pernet(seq_file_net(seq));
	struct myrt_fib_table *tb = myrt_fib_get_table(mn, RT_TABLE_MAIN);

	if (!tb)
		return false;
	if (!it->cur || pos < it->cur) {
		memset(&it->w, 0, sizeof(it->w));
		it->w.order = -1;
		it->cur = 1;
	}
	it->to_skip = pos - it->cur;
	if (myrt_fib_table_walk(tb, &it->w, fib_route_capture, it) >= 0) {
		it->cur = 0;
		return false;	/* walked to the end */
	}
	it->cur = pos;
	return true;
}

static void *fib_route_seq_start(struct seq_file *seq, loff_t *pos)
	__acquires(RCU)
{
	rcu_read_lock();
	if (!*pos)
		return SEQ_START_TOKEN;
	return fib_route_seek(seq, *pos) ? seq->private : NULL;
}

static void *fib_route_seq_next(struct seq_file *seq, void *v, loff_t *pos)
{
	++*pos;
	return fib_route_seek(seq, *pos) ? seq->private : NULL;
}

static void fib_route_seq_stop(struct seq_file *seq, void *v)
	__releases(RCU)
{
	rcu_read_unlock();
}

static int fib_route_seq_show(struct seq_file *seq, void *v)
{
	struct fib_route_iter *it = v;

	seq_setwidth(seq, 127);
	if (v == SEQ_START_TOKEN) {
		seq_puts(seq, "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT");
	} else {
		seq_printf(seq, "%s\t%08X\t%08X\t%04X\t%d\t%u\t%d\t%08X\t%d\t%u\t%u",
			   it->dev, (__force u32)it->key, (__force u32)it->gw,
			   it->flags, 0, 0, it->priority,
			   (__force u32)it->mask,
			   it->advmss ? it->advmss + 40 : 0, it->window,
			   it->rtt >> 3);
	}
	seq_pad(seq, '\n');
	return 0;
}

static const struct seq_operations fib_route_seq_ops = {
	.start	= fib_route_seq_start,
	.next	= fib_route_seq_next,
	.stop	= fib_route_seq_stop,
	.show	= fib_route_seq_show,
};

int myrt_fib_proc_init(struct myrt_net *mn)
{
	mn->fib.proc_route = proc_create_net("myrt_route", 0444,
					     mn->net->proc_net,
					     &fib_route_seq_ops,
					     sizeof(struct fib_route_iter));
	return mn->fib.proc_route ? 0 : -ENOMEM;
}

void myrt_fib_proc_exit(struct myrt_net *mn)
{
	if (mn->fib.proc_route)
		remove_proc_entry("myrt_route", mn->net->proc_net);
	mn->fib.proc_route = NULL;
}

/* ---- setup ---- */

int myrt_fib_net_init(struct myrt_net *mn)
{
	struct myrt_fib_net *fn = &mn->fib;
	int err;

	fn->table_hash = kcalloc(MYRT_FIB_TABLE_HASHSZ,
				 sizeof(struct hlist_head), GFP_KERNEL);
	if (!fn->table_hash)
		return -ENOMEM;
	err = myrt_fib_info_net_init(fn);
	if (err)
		goto err_info;
	err = -ENOMEM;
	fn->local = myrt_fib_hash_table(RT_TABLE_LOCAL);
	fn->main = myrt_fib_hash_table(RT_TABLE_MAIN);
	if (!fn->local || !fn->main)
		goto err_tables;
	hlist_add_head_rcu(&fn->local->tb_hlist,
			   &fn->table_hash[RT_TABLE_LOCAL &
					   (MYRT_FIB_TABLE_HASHSZ - 1)]);
	hlist_add_head_rcu(&fn->main->tb_hlist,
			   &fn->table_hash[RT_TABLE_MAIN &
					   (MYRT_FIB_TABLE_HASHSZ - 1)]);
	err = myrt_fib_rules_net_init(mn);
	if (err)
		goto err_rules;
	err = myrt_fib_proc_init(mn);
	if (err)
		goto err_proc;
	/*
	 * From here on the notifiers keep the tables in step; addresses that
	 * exist already come from the notifier replay at module load.
	 */
	rtnl_lock();
	fn->ready = true;
	rtnl_unlock();
	return 0;

err_proc:
	myrt_fib_rules_net_exit(mn);
err_rules:
	hlist_del_rcu(&fn->local->tb_hlist);
	hlist_del_rcu(&fn->main->tb_hlist);
err_tables:
	kfree(fn->local);
	kfree(fn->main);
	myrt_fib_info_net_exit(fn);
err_info:
	kfree(fn->table_hash);
	fn->table_hash = NULL;
	return err;
}

/*
 * A netns' tables go in three steps, so that a batch of namespaces going
 * away waits for RCU once, not once per netns (myrt_net_exit_batch()):
 * unlink the tables (no reader finds them after a grace period), free
 * them (their infos are freed by RCU), free the info hashes once those
 * callbacks ran (rcu_barrier()).
 */
void myrt_fib_net_exit_unlink(struct myrt_net *mn)
{
	struct myrt_fib_net *fn = &mn->fib;
	struct myrt_fib_table *tb;
	struct hlist_node *tmp;
	unsigned int h;

	myrt_fib_proc_exit(mn);

	rtnl_lock();
	fn->ready = false;
	myrt_fib_rules_net_exit(mn);
	INIT_HLIST_HEAD(&fn->dead_tables);
	for (h = 0; h < MYRT_FIB_TABLE_HASHSZ; h++) {
		hlist_for_each_entry_safe(tb, tmp, &fn->table_hash[h],
					  tb_hlist) {
			hlist_del_rcu(&tb->tb_hlist);
			hlist_add_head(&tb->tb_hlist, &fn->dead_tables);
		}
	}
	rtnl_unlock();
}

/* After a grace period since myrt_fib_net_exit_unlink(). */
void myrt_fib_net_exit_tables(struct myrt_net *mn)
{
	struct myrt_fib_net *fn = &mn->fib;
	struct myrt_fib_table *tb;
	struct hlist_node *tmp;

	rtnl_lock();
	hlist_for_each_entry_safe(tb, tmp, &fn->dead_tables, tb_hlist) {
		hlist_del(&tb->tb_hlist);
		myrt_fib_table_flush(tb, true);
		myrt_fib_table_free(tb);
	}
	fn->local = NULL;
	fn->main = NULL;
	rtnl_unlock();
}

/* After an rcu_barrier() since myrt_fib_net_exit_tables(). */
void myrt_fib_net_exit_infos(struct myrt_net *mn)
{
	struct myrt_fib_net *fn = &mn->fib;

	myrt_fib_info_net_exit(fn);
	kfree(fn->table_hash);
	fn->table_hash = NULL;
}

/* The three steps for one netns (myrt_net_init()'s error path). */
void myrt_fib_net_exit(struct myrt_net *mn)
{
	myrt_fib_net_exit_unlink(mn);
	/* no reader can reach the tables any more after this */
	synchronize_rcu();
	myrt_fib_net_exit_tables(mn);
	/* infos are freed (and their device references dropped) by RCU */
	rcu_barrier();
	myrt_fib_net_exit_infos(mn);
}

/*
 * The routes hold references on their nexthops' devices, which the netdev
 * notifier drops when a device is unregistered.  Two moments need more:
 *  - a netns going away unregisters its devices (lo among them: every
 *    netns has local routes on lo) before myrt's pernet subsystem exit
 *    frees the tables, so the notifier must still be there then;
 *  - rmmod removes the notifier before the tables.
 * This device pernet op runs, for a netns going away, before the kernel's
 * own that unregisters the devices (device ops exit in the reverse order
 * of registration), and when it is unregistered at rmmod, for every netns
 * left: it drops every route.  It is registered after the notifier and
 * unregistered after it, so that a netns dismantled at any moment of an
 * rmmod has one of the two drop its references; without it the device
 * waited for ever ("waiting for lo to become free", rmmod hung).
 */
static void myrt_fib_dev_exit_net(struct net *net, struct list_head *dev_kill_list)
{
	struct myrt_net *mn = myrt_pernet(net);
	struct myrt_fib_table *tb;
	unsigned int h;

	if (!mn->fib.ready)
		return;
	for (h = 0; h < MYRT_FIB_TABLE_HASHSZ; h++)
		hlist_for_each_entry(tb, &mn->fib.table_hash[h], tb_hlist)
			myrt_fib_table_flush(tb, true);
	myrt_cache_flush(net, -1);
}

MYRT_PERNET_EXIT_RTNL(myrt_fib_dev_exit_rtnl, myrt_fib_dev_exit_net)

static struct pernet_operations myrt_fib_dev_ops = {
	MYRT_PERNET_EXIT_RTNL_OP(myrt_fib_dev_exit_rtnl),
};

int myrt_fib_init(void)
{
	int err;

	WRITE_ONCE(myrt_fib_unloading, false);
	err = register_inetaddr_notifier(&fib_inetaddr_notifier);
	if (err)
		return err;
	/* replays REGISTER and UP for every existing device of every netns */
	err = register_netdevice_notifier(&fib_netdev_notifier);
	if (err)
		goto err_netdev;
	err = register_pernet_device(&myrt_fib_dev_ops);
	if (err)
		goto err_dev_ops;
	return 0;

err_dev_ops:
	WRITE_ONCE(myrt_fib_unloading, true);
	unregister_netdevice_notifier(&fib_netdev_notifier);
err_netdev:
	unregister_inetaddr_notifier(&fib_inetaddr_notifier);
	return err;
}

void myrt_fib_exit(void)
{
	/* the tables go away with the netns state: ignore the replay */
	WRITE_ONCE(myrt_fib_unloading, true);
	unregister_netdevice_notifier(&fib_netdev_notifier);
	unregister_inetaddr_notifier(&fib_inetaddr_notifier);
	/* no route can be added any more: drop them all, in every netns */
	unregister_pernet_device(&myrt_fib_dev_ops);
	rcu_barrier();
}
