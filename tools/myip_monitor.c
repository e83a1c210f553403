// SPDX-License-Identifier: GPL-2.0
/*
 * myip monitor: the notifications of myrt's generic netlink group (as
 * iproute2's ip/ipmonitor.c): routes and rules added and deleted, route
 * cache flushes, printed as `route show` / `rule show` print them.  With
 * -json, one JSON object a line.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <string.h>
#include "myip.h"

static int monitor_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	struct route_filter f = { .table = 0 };
	struct route r;
	struct rule ru;

	switch (genl->cmd) {
	case MYRT_CMD_ROUTE_NEW:
	case MYRT_CMD_ROUTE_DEL:
		memset(&r, 0, sizeof(r));
		parse_msg(nlh, route_attr, &r);
		print_route(&r, &f, genl->cmd == MYRT_CMD_ROUTE_DEL);
		break;
	case MYRT_CMD_RULE_NEW:
	case MYRT_CMD_RULE_DEL:
		memset(&ru, 0, sizeof(ru));
		parse_msg(nlh, rule_attr, &ru);
		print_rule(&ru, genl->cmd == MYRT_CMD_RULE_DEL);
		break;
	case MYRT_CMD_CACHE_FLUSH:
		open_json_object(NULL);
		print_string(PRINT_ANY, "flushed", "Flushed route %s\n",
			     "cache");
		close_json_object();
		break;
	}
	fflush(stdout);
	return MNL_CB_OK;
}

int do_monitor(void)
{
	return genl_listen(monitor_cb, NULL);
}
