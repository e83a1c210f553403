// SPDX-License-Identifier: GPL-2.0
/* The classic /proc views.  (stub) */
#include "myrt.h"

int myrt_proc_init(void)
{
	return 0;
}

void myrt_proc_exit(void)
{
}

int myrt_proc_net_init(struct myrt_net *mn)
{
	return 0;
}

void myrt_proc_net_exit(struct myrt_net *mn)
{
}
