// SPDX-License-Identifier: GPL-2.0
/*
 * myrt: module init/exit, per-netns state, input and output routing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/init.h>
#include "myrt.h"

unsigned int myrt_net_id __read_mostly;

void __myrt_explain(struct myrt_explain *ex, const char *fmt, ...)
{
	va_list args;
	int n;

	if (!ex->buf || ex->len >= ex->size)
		return;
	va_start(args, fmt);
	n = vsnprintf(ex->buf + ex->len, ex->size - ex->len, fmt, args);
	va_end(args);
	ex->len = min_t(size_t, ex->len + n, ex->size);
}

int myrt_route_input(struct sk_buff *skb, __be32 daddr, __be32 saddr, u8 tos,
		     struct net_device *dev, struct myrt_explain *ex)
{
	return -EHOSTUNREACH;
}

struct myrt_rtable *myrt_route_output_key(struct net *net, struct flowi4 *fl4,
					  struct myrt_explain *ex)
{
	return ERR_PTR(-ENETUNREACH);
}

struct myrt_rtable *myrt_route_connect(struct flowi4 *fl4, __be32 dst,
				       __be32 src, u8 tos, int oif, u8 protocol,
				       __be16 sport, __be16 dport,
				       struct sock *sk)
{
	return ERR_PTR(-ENETUNREACH);
}

static int __net_init myrt_net_init(struct net *net)
{
	struct myrt_net *mn = myrt_pernet(net);
	int ret;

	mn->net = net;
	ret = myrt_dst_net_init(mn);
	if (ret)
		return ret;
	ret = myrt_cache_net_init(mn);
	if (ret)
		goto err_cache;
	ret = myrt_fib_net_init(mn);
	if (ret)
		goto err_fib;
	ret = myrt_proc_net_init(mn);
	if (ret)
		goto err_proc;
	return 0;

err_proc:
	myrt_fib_net_exit(mn);
err_fib:
	myrt_cache_net_exit(mn);
err_cache:
	myrt_dst_net_exit(mn);
	return ret;
}

static void __net_exit myrt_net_exit(struct net *net)
{
	struct myrt_net *mn = myrt_pernet(net);

	myrt_proc_net_exit(mn);
	myrt_fib_net_exit(mn);
	myrt_cache_net_exit(mn);
	myrt_dst_net_exit(mn);
}

static struct pernet_operations myrt_net_ops = {
	.init = myrt_net_init,
	.exit = myrt_net_exit,
	.id   = &myrt_net_id,
	.size = sizeof(struct myrt_net),
};

static int __init myrt_init(void)
{
	int ret;

	ret = myrt_dst_init();
	if (ret)
		return ret;
	ret = myrt_cache_init();
	if (ret)
		goto err_cache;
	ret = myrt_proc_init();
	if (ret)
		goto err_proc;
	ret = register_pernet_subsys(&myrt_net_ops);
	if (ret)
		goto err_pernet;
	ret = myrt_fib_init();
	if (ret)
		goto err_fib;
	ret = myrt_mylo_init();
	if (ret)
		goto err_mylo;
	ret = myrt_dummy_init();
	if (ret)
		goto err_dummy;
	ret = myrt_netlink_init();
	if (ret)
		goto err_netlink;

	pr_info("classic IPv4 routing loaded (DUMMY protocol %d)\n", myrt_proto);
	return 0;

err_netlink:
	myrt_dummy_exit();
err_dummy:
	myrt_mylo_exit();
err_mylo:
	myrt_fib_exit();
err_fib:
	unregister_pernet_subsys(&myrt_net_ops);
err_pernet:
	myrt_proc_exit();
err_proc:
	myrt_cache_exit();
err_cache:
	myrt_dst_exit();
	return ret;
}

static void __exit myrt_exit(void)
{
	myrt_netlink_exit();
	myrt_dummy_exit();
	myrt_mylo_exit();
	myrt_fib_exit();
	unregister_pernet_subsys(&myrt_net_ops);
	myrt_proc_exit();
	myrt_cache_exit();
	myrt_dst_exit();
	pr_info("unloaded\n");
}

module_init(myrt_init);
module_exit(myrt_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("The classic IPv4 routing subsystem (fib_hash, route cache) as a module");
MODULE_AUTHOR("myrt developers");
