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
