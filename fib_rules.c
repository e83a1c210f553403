// SPDX-License-Identifier: GPL-2.0
/* Policy rules.  (stub) */
#include "myrt.h"

int myrt_fib_lookup(struct myrt_net *mn, const struct flowi4 *fl,
		    struct myrt_fib_result *res, struct myrt_explain *ex)
{
	return -ENETUNREACH;
}
