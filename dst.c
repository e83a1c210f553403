// SPDX-License-Identifier: GPL-2.0
/* Route cache entries as dst_entry: dst_ops, allocation, tracking.  (stub) */
#include "myrt.h"

struct dst_ops myrt_dst_ops;

bool myrt_is_myrt_dst(const struct dst_entry *dst)
{
	return dst && dst->ops == &myrt_dst_ops;
}

int myrt_dst_init(void)
{
	return 0;
}

void myrt_dst_exit(void)
{
}

int myrt_dst_net_init(struct myrt_net *mn)
{
	spin_lock_init(&mn->dst_lock);
	INIT_LIST_HEAD(&mn->dst_list);
	return 0;
}

void myrt_dst_net_exit(struct myrt_net *mn)
{
}
