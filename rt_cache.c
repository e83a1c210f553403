// SPDX-License-Identifier: GPL-2.0
/* The route cache: rt_hash_table.  (stub) */
#include "myrt.h"

DEFINE_PER_CPU(struct myrt_cache_stat, myrt_cache_stat);

void myrt_cache_flush(struct net *net, int delay)
{
}

int myrt_cache_init(void)
{
	return 0;
}

void myrt_cache_exit(void)
{
}

int myrt_cache_net_init(struct myrt_net *mn)
{
	atomic_set(&mn->rt_genid, get_random_u32());
	return 0;
}

void myrt_cache_net_exit(struct myrt_net *mn)
{
}
