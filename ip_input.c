// SPDX-License-Identifier: GPL-2.0
/* dst->input hooks: local deliver, forward, error.  (stub) */
#include "myrt.h"

int myrt_local_deliver(struct sk_buff *skb)
{
	kfree_skb(skb);
	return 0;
}
