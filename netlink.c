// SPDX-License-Identifier: GPL-2.0
/* Generic netlink family "myrt".  (stub) */
#include "myrt.h"

int myrt_netlink_init(void)
{
	return 0;
}

void myrt_netlink_exit(void)
{
}

void myrt_nl_route_notify(struct net *net, int event, u32 tb_id, __be32 key,
			  int dst_len, const struct myrt_fib_alias *fa,
			  const struct myrt_fib_config *cfg, u16 nlflags)
{
}

void myrt_nl_rule_notify(struct net *net, int event,
			 const struct myrt_fib_rule *rule,
			 const struct myrt_fib_config *cfg)
{
}
