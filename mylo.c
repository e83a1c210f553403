// SPDX-License-Identifier: GPL-2.0
/* mylo: a loopback-style netdev in every netns.  (stub) */
#include "myrt.h"

int myrt_mylo_init(void)
{
	return 0;
}

void myrt_mylo_exit(void)
{
}
