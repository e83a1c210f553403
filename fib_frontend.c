// SPDX-License-Identifier: GPL-2.0
/* Automatic routes from interface addresses; device events.  (stub) */
#include "myrt.h"

int myrt_fib_validate_source(struct myrt_net *mn, __be32 src, __be32 dst,
			     u8 tos, int oif, struct net_device *dev,
			     __be32 *spec_dst, u32 mark)
{
	return -EINVAL;
}

unsigned int myrt_fib_addr_type(struct myrt_net *mn, __be32 addr)
{
	return RTN_UNICAST;
}

int myrt_fib_init(void)
{
	return 0;
}

void myrt_fib_exit(void)
{
}

int myrt_fib_net_init(struct myrt_net *mn)
{
	return 0;
}

void myrt_fib_net_exit(struct myrt_net *mn)
{
}
