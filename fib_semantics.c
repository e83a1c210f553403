// SPDX-License-Identifier: GPL-2.0
/* fib_info and nexthops.  (stub) */
#include "myrt.h"

__be32 myrt_fib_res_prefsrc(struct myrt_fib_result *res)
{
	return 0;
}

void myrt_fib_select_multipath(struct myrt_fib_result *res)
{
}

void myrt_fib_select_default(struct myrt_net *mn, const struct flowi4 *fl,
			     struct myrt_fib_result *res)
{
}
