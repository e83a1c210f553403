// SPDX-License-Identifier: GPL-2.0
/*
 * mylo: myrt's loopback-style netdev, one in every network namespace.
 *
 * Like the kernel's lo: what is transmitted comes back as received
 * (netif_rx), the packet keeps its route (myrt's loopback traffic keeps its
 * output route as the input route), per-CPU packet/byte counters, a 64K MTU,
 * and the device cannot move between namespaces.  It is created for every
 * namespace that exists when the module loads and for every new one, and
 * destroyed when its namespace goes away or the module unloads.  It is up
 * from the start (myrt's local traffic goes through it).
 *
 * mylo is IFF_LOOPBACK (so myrt's routing treats it as the loopback, and
 * the kernel adds 127.0.0.1/8 to it when it comes up, as it does for lo),
 * but only between registration and unregistration: the kernel's IPv6
 * takes the IFF_LOOPBACK device it sees in NETDEV_REGISTER/UNREGISTER for
 * *the* loopback of its namespace (it points ip6_null_entry and friends at
 * it and drops them again on unregister), which would leak lo's inet6_dev
 * and leave a dangling device pointer behind after rmmod.  So the flag is
 * set under RTNL right after register_netdevice() and cleared under RTNL
 * right before unregistering; no notifier runs in between.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include "myrt.h"

#define MYRT_MYLO_NAME	"mylo"
#define MYRT_MYLO_MTU	(64 * 1024)

static netdev_tx_t mylo_xmit(struct sk_buff *skb, struct net_device *dev)
{
	unsigned int len;

	skb_tx_timestamp(skb);
	/* The receive side stamps again, in its own clock base. */
	myrt_skb_clear_tstamp(skb);
	/* The packet now belongs to the receive path, not to the sender. */
	skb_orphan(skb);
	/* Queued for later: a non-refcounted (RCU) dst must be pinned. */
	skb_dst_force(skb);

	skb->protocol = eth_type_trans(skb, dev);
	len = skb->len;
	if (likely(netif_rx(skb) == NET_RX_SUCCESS))
		dev_lstats_add(dev, len);
	else
		myrt_dev_rx_dropped_inc(dev);

	return NETDEV_TX_OK;
}

/* Every looped packet is counted once: it was sent and received. */
static void mylo_get_stats64(struct net_device *dev,
			     struct rtnl_link_stats64 *stats)
{
	u64 packets, bytes;

	dev_lstats_read(dev, &packets, &bytes);
	stats->rx_packets = packets;
	stats->tx_packets = packets;
	stats->rx_bytes = bytes;
	stats->tx_bytes = bytes;
}

static int mylo_dev_init(struct net_device *dev)
{
	return myrt_dev_lstats_init(dev);
}

static const struct net_device_ops mylo_netdev_ops = {
	.ndo_init		= mylo_dev_init,
	.ndo_start_xmit		= mylo_xmit,
	.ndo_get_stats64	= mylo_get_stats64,
	.ndo_set_mac_address	= eth_mac_addr,
};

static const struct ethtool_ops mylo_ethtool_ops = {
	.get_link		= ethtool_op_get_link,
	.get_ts_info		= ethtool_op_get_ts_info,
};

/* Ethernet framing, as lo (the kernel does not export eth_header_ops). */
static const struct header_ops mylo_header_ops = {
	.create		= eth_header,
	.parse		= eth_header_parse,
	.cache		= eth_header_cache,
	.cache_update	= eth_header_cache_update,
	.parse_protocol	= eth_header_parse_protocol,
};

static void mylo_setup(struct net_device *dev)
{
	dev->mtu		= MYRT_MYLO_MTU;
	dev->hard_header_len	= ETH_HLEN;
	dev->min_header_len	= ETH_HLEN;
	dev->addr_len		= ETH_ALEN;
	dev->type		= ARPHRD_LOOPBACK;
	dev->flags		= IFF_NOARP;	/* IFF_LOOPBACK: see above */
	dev->priv_flags		|= IFF_LIVE_ADDR_CHANGE | IFF_NO_QUEUE;
	dev->hw_features	= NETIF_F_GSO_SOFTWARE;
	dev->features		= NETIF_F_SG | NETIF_F_FRAGLIST |
				  NETIF_F_GSO_SOFTWARE | NETIF_F_HW_CSUM |
				  NETIF_F_RXCSUM | NETIF_F_SCTP_CRC |
				  NETIF_F_HIGHDMA | NETIF_F_VLAN_CHALLENGED |
				  NETIF_F_LOOPBACK;
	myrt_set_lltx(dev);
	myrt_set_netns_local(dev);
	/* Keep skb->dst on transmit: the looped packet keeps its route. */
	netif_keep_dst(dev);
	dev->ethtool_ops	= &mylo_ethtool_ops;
	dev->header_ops		= &mylo_header_ops;
	dev->netdev_ops		= &mylo_netdev_ops;
	/* dev->lstats: allocated by the core, or in mylo_dev_init(). */
	myrt_dev_lstats_setup(dev);
	dev->needs_free_netdev	= true;
	myrt_set_tso_max_size(dev, GSO_MAX_SIZE);
}

static int __net_init mylo_net_init(struct net *net)
{
	struct myrt_net *mn = myrt_pernet(net);
	struct net_device *dev;
	int ret;

	dev = alloc_netdev(0, MYRT_MYLO_NAME, NET_NAME_PREDICTABLE, mylo_setup);
	if (!dev)
		return -ENOMEM;
	dev_net_set(dev, net);

	rtnl_lock();
	ret = register_netdevice(dev);
	if (ret) {
		rtnl_unlock();
		pr_err("cannot register %s in netns %u: %d\n", MYRT_MYLO_NAME,
		       net->ns.inum, ret);
		free_netdev(dev);
		return ret;
	}
	dev->flags |= IFF_LOOPBACK;
	WRITE_ONCE(mn->mylo, dev);
	/*
	 * Up from the start: myrt delivers local traffic through mylo, and no
	 * init script knows to bring it up.  As for lo, the kernel then gives
	 * it 127.0.0.1/8.
	 */
	ret = dev_open(dev, NULL);
	if (ret)
		pr_notice("%s in netns %u stays down: %d\n", MYRT_MYLO_NAME,
			  net->ns.inum, ret);
	rtnl_unlock();
	return 0;
}

static void mylo_net_exit_rtnl(struct net *net, struct list_head *dev_kill_list)
{
	struct myrt_net *mn = myrt_pernet(net);

	if (!mn->mylo)
		return;
	mn->mylo->flags &= ~IFF_LOOPBACK;
	unregister_netdevice_queue(mn->mylo, dev_kill_list);
	WRITE_ONCE(mn->mylo, NULL);
}

MYRT_PERNET_EXIT_RTNL(mylo_net_exit, mylo_net_exit_rtnl)

/*
 * A device op: it runs after myrt's pernet subsystem has set up struct
 * myrt_net (myrt_mylo_init() is called after register_pernet_subsys()) and
 * goes away before it.
 */
static struct pernet_operations mylo_net_ops = {
	.init			= mylo_net_init,
	MYRT_PERNET_EXIT_RTNL_OP(mylo_net_exit),
};

int myrt_mylo_init(void)
{
	return register_pernet_device(&mylo_net_ops);
}

void myrt_mylo_exit(void)
{
	unregister_pernet_device(&mylo_net_ops);
}
