// SPDX-License-Identifier: GPL-2.0
/* The DUMMY IP protocol: sockets, receive, echo.  (stub) */
#include "myrt.h"

int myrt_proto = 253;

int myrt_dummy_rcv(struct sk_buff *skb)
{
	kfree_skb(skb);
	return 0;
}

int myrt_dummy_init(void)
{
	return 0;
}

void myrt_dummy_exit(void)
{
}
