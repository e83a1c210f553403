/* SPDX-License-Identifier: GPL-2.0 */
/*
 * myip: what its objects share (myip.c: options, dispatch, batch;
 * myip_route.c: ip route; myip_cache.c: the route cache and route get;
 * myip_rule.c: ip rule; myip_monitor.c: ip monitor).
 */
#ifndef _MYRT_TOOLS_MYIP_H
#define _MYRT_TOOLS_MYIP_H

#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/rtnetlink.h>
#include "../uapi/myrt.h"
#include "lib/json_print.h"
#include "lib/libgenl.h"
#include "lib/utils.h"

extern int show_details;
extern int oneline;

/* a route of a fib table, as the kernel dumps it */
struct route {
	uint32_t table, priority, flags, oif;
	uint32_t dst, gw, prefsrc;
	uint32_t flow;		/* realms: FROM << 16 | TO (0: none) */
	uint8_t dst_len, tos, type, scope, protocol;
	bool has_gw;
	uint32_t metrics[RTAX_MAX + 1];
	int nhs;
	struct { uint32_t gw, oif, weight, flags, flow; } nh[32];
};

/* which routes `route show|flush` selects */
struct route_filter {
	unsigned int table;	/* 0: all */
	bool table_given;
	int oif;
	int protocol, scope, type;	/* -1: any */
	uint32_t via;
	bool via_given;
	uint32_t prefix;
	int prefix_len;
	int match;		/* 0 none, 1 exact, 2 root, 3 match */
	int tos;
	bool flush;
};

/* a policy rule */
struct rule {
	uint32_t pref, table, flags, target, mark, mask;
	uint32_t src, dst, map;
	uint32_t flow;		/* realms */
	uint8_t action, tos, src_len, dst_len;
	bool has_mark;
	char iif[IF_NAMESIZE + 1], oif[IF_NAMESIZE + 1];
};

/* myip_route.c */
int route_attr(const struct nlattr *attr, void *data);
void parse_metrics(const struct nlattr *attr, uint32_t *m);
void print_route(const struct route *r, const struct route_filter *f,
		 bool deleted);
void print_metrics(const uint32_t *m, enum output_type t);
void print_realms(uint32_t flow);
int parse_realms(const char *arg, uint32_t *flow);
int do_route(int argc, char **argv);

/* myip_cache.c */
int do_route_get(int argc, char **argv);
int do_cache_show(int argc, char **argv);
int do_cache_flush(void);

/* myip_rule.c */
int rule_attr(const struct nlattr *attr, void *data);
void print_rule(const struct rule *r, bool deleted);
int do_rule(int argc, char **argv);

/* myip_dot.c: -dot, the structures as Graphviz DOT */
int do_dot(int argc, char **argv);

/* myip_monitor.c */
int do_monitor(void);

/* parse a message of the family with @cb into @data */
static inline void parse_msg(const struct nlmsghdr *nlh, mnl_attr_cb_t cb,
			     void *data)
{
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), cb, data);
}

#endif
