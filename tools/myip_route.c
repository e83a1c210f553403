// SPDX-License-Identifier: GPL-2.0
/*
 * myip route: the routes of myrt's fib tables (as iproute2's ip/iproute.c):
 * parse, print, show, flush, add/del/change/replace/append/prepend.
 * `route get` and `route show|flush cache` are in myip_cache.c.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <arpa/inet.h>
#include "myip.h"

/* ------------------------------------------------------------------ parse */

#define RT(member) offsetof(struct route, member)
static const struct attr_field route_fields[] = {
	{ MYRT_A_TABLE, MNL_TYPE_U32, RT(table) },
	{ MYRT_A_DST, MNL_TYPE_U32, RT(dst) },
	{ MYRT_A_DST_LEN, MNL_TYPE_U8, RT(dst_len) },
	{ MYRT_A_TOS, MNL_TYPE_U8, RT(tos) },
	{ MYRT_A_TYPE, MNL_TYPE_U8, RT(type) },
	{ MYRT_A_SCOPE, MNL_TYPE_U8, RT(scope) },
	{ MYRT_A_PROTOCOL, MNL_TYPE_U8, RT(protocol) },
	{ MYRT_A_PRIORITY, MNL_TYPE_U32, RT(priority) },
	{ MYRT_A_FLAGS, MNL_TYPE_U32, RT(flags) },
	{ MYRT_A_OIF, MNL_TYPE_U32, RT(oif) },
	{ MYRT_A_PREFSRC, MNL_TYPE_U32, RT(prefsrc) },
	{ MYRT_A_FLOW, MNL_TYPE_U32, RT(flow) },
	{ 0 }
};

static const struct attr_field nh_fields[] = {
	{ MYRT_NH_A_GATEWAY, MNL_TYPE_U32, RT(nh[0].gw) },
	{ MYRT_NH_A_OIF, MNL_TYPE_U32, RT(nh[0].oif) },
	{ MYRT_NH_A_WEIGHT, MNL_TYPE_U32, RT(nh[0].weight) },
	{ MYRT_NH_A_FLAGS, MNL_TYPE_U32, RT(nh[0].flags) },
	{ MYRT_NH_A_FLOW, MNL_TYPE_U32, RT(nh[0].flow) },
	{ 0 }
};

/* RTAX_* metrics nested in @attr, into @m */
void parse_metrics(const struct nlattr *attr, uint32_t *m)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, attr)
		if (mnl_attr_get_type(a) <= RTAX_MAX)
			m[mnl_attr_get_type(a)] = mnl_attr_get_u32(a);
}

int route_attr(const struct nlattr *attr, void *data)
{
	struct route *r = data;
	const struct nlattr *a, *b;

	if (attr_to_field(attr, route_fields, r))
		return MNL_CB_OK;
	switch (mnl_attr_get_type(attr)) {
	case MYRT_A_GATEWAY:
		r->gw = mnl_attr_get_u32(attr);
		r->has_gw = true;
		break;
	case MYRT_A_METRICS:
		parse_metrics(attr, r->metrics);
		break;
	case MYRT_A_MULTIPATH:
		mnl_attr_for_each_nested(a, attr) {
			if (r->nhs >= 32)
				break;
			/* nh_fields are offsets into nh[0]: shift to nh[nhs] */
			mnl_attr_for_each_nested(b, a)
				attr_to_field(b, nh_fields,
					      (char *)r + r->nhs * sizeof(r->nh[0]));
			r->nhs++;
		}
		break;
	}
	return MNL_CB_OK;
}

/* ------------------------------------------------------------------ print */

static const char *const metric_names[RTAX_MAX + 1] = {
	[RTAX_MTU] = "mtu", [RTAX_WINDOW] = "window", [RTAX_RTT] = "rtt",
	[RTAX_RTTVAR] = "rttvar", [RTAX_SSTHRESH] = "ssthresh",
	[RTAX_CWND] = "cwnd", [RTAX_ADVMSS] = "advmss",
	[RTAX_REORDERING] = "reordering", [RTAX_HOPLIMIT] = "hoplimit",
	[RTAX_INITCWND] = "initcwnd", [RTAX_FEATURES] = "features",
	[RTAX_RTO_MIN] = "rto_min", [RTAX_INITRWND] = "initrwnd",
	[RTAX_QUICKACK] = "quickack",
};

/* The metrics set, as fields of the JSON object open; rtt in ms. */
void print_metrics(const uint32_t *m, enum output_type t)
{
	bool ms;
	int i;

	for (i = 2; i <= RTAX_MAX; i++) {
		if (!m[i] || !metric_names[i])
			continue;
		ms = i == RTAX_RTT || i == RTAX_RTTVAR;
		print_string(t & PRINT_FP, NULL,
			     m[RTAX_LOCK] & (1u << i) ? "%s lock " : "%s ",
			     metric_names[i]);
		print_uint(t, metric_names[i], ms ? "%llums " : "%llu ",
			   i == RTAX_RTT ? m[i] / 8 :
			   i == RTAX_RTTVAR ? m[i] / 4 : m[i]);
	}
}

/*
 * Realms as iproute2's print_rta_flow: "realm TO " when FROM is 0,
 * "realms FROM/TO " otherwise; JSON "flow": { ["from": F,] "to": T }.
 */
void print_realms(uint32_t flow)
{
	uint32_t from = flow >> 16, to = flow & 0xFFFF;
	char b1[64];

	open_json_object("flow");
	if (from)
		print_string(PRINT_JSON, "from", NULL,
			     realm_n2a(from, b1, sizeof(b1)));
	print_string(PRINT_JSON, "to", NULL, realm_n2a(to, b1, sizeof(b1)));
	close_json_object();
	print_string(PRINT_FP, NULL, "realm%s ", from ? "s" : "");
	if (from)
		print_string(PRINT_FP, NULL, "%s/",
			     realm_n2a(from, b1, sizeof(b1)));
	print_string(PRINT_FP, NULL, "%s ", realm_n2a(to, b1, sizeof(b1)));
}

/* realm[s] [FROM/]TO (iproute2's "\"realm\" value is invalid") */
int parse_realms(const char *arg, uint32_t *flow)
{
	if (get_realms(arg, flow))
		return invarg("\"realm\" value is invalid", arg);
	return 0;
}

static void print_nh_flags(uint32_t flags)
{
	open_json_array("flags");
	if (flags & RTNH_F_DEAD)
		print_string(PRINT_ANY, NULL, "%s ", "dead");
	if (flags & RTNH_F_ONLINK)
		print_string(PRINT_ANY, NULL, "%s ", "onlink");
	if (flags & RTNH_F_PERVASIVE)
		print_string(PRINT_ANY, NULL, "%s ", "pervasive");
	close_json_array();
}

static void print_nexthops(const struct route *r)
{
	char b1[64];
	int i;

	if (!r->nhs)
		return;
	open_json_array("nexthops");
	for (i = 0; i < r->nhs; i++) {
		open_json_object(NULL);
		print_text(oneline ? "\\\tnexthop " : "\n\tnexthop ");
		if (r->nh[i].gw)
			print_string(PRINT_ANY, "gateway", "via %s ",
				     fmt_addr(r->nh[i].gw, b1));
		if (r->nh[i].flow)
			print_realms(r->nh[i].flow);
		print_string(PRINT_ANY, "dev", "dev %s ",
			     dev_name(r->nh[i].oif, b1));
		print_uint(PRINT_ANY, "weight", "weight %llu ",
			   r->nh[i].weight);
		print_nh_flags(r->nh[i].flags);
		close_json_object();
	}
	close_json_array();
}

/*
 * One route, as `ip route` prints it; the table, protocol and scope only
 * where they are not the usual ones, or with -d.  In JSON every field.
 */
void print_route(const struct route *r, const struct route_filter *f,
		 bool deleted)
{
	char b1[64], b2[64];
	const char *dst = b2;

	if (!r->dst_len)
		dst = "default";
	else if (r->dst_len == 32)
		fmt_addr(r->dst, b2);
	else
		snprintf(b2, sizeof(b2), "%s/%u", fmt_addr(r->dst, b1),
			 r->dst_len);

	open_json_object(NULL);
	if (deleted)
		print_bool(PRINT_ANY, "deleted", "Deleted ", true);
	print_string(print_any_if(r->type != RTN_UNICAST), "type", "%s ",
		     n2a(rt_types, r->type, b1, sizeof(b1)));
	print_string(PRINT_ANY, "dst", "%s ", dst);
	if (r->tos)
		print_string(PRINT_ANY, "tos", "tos %s ", tos_name(r->tos, b1));
	if (r->has_gw)
		print_string(PRINT_ANY, "gateway", "via %s ",
			     fmt_addr(r->gw, b1));
	if (r->oif)
		print_string(PRINT_ANY, "dev", "dev %s ", dev_name(r->oif, b1));
	print_string(print_any_if((r->table != RT_TABLE_MAIN || show_details) &&
				  !f->table),
		     "table", "table %s ", table_name(r->table, b1, sizeof(b1)));
	print_string(print_any_if(r->protocol != RTPROT_BOOT || show_details),
		     "protocol", "proto %s ",
		     n2a(rt_protos, r->protocol, b1, sizeof(b1)));
	print_string(print_any_if(r->scope != RT_SCOPE_UNIVERSE ||
				  show_details),
		     "scope", "scope %s ",
		     n2a(rt_scopes, r->scope, b1, sizeof(b1)));
	if (r->prefsrc)
		print_string(PRINT_ANY, "prefsrc", "src %s ",
			     fmt_addr(r->prefsrc, b1));
	if (r->priority)
		print_uint(PRINT_ANY, "metric", "metric %llu ", r->priority);
	print_nh_flags(r->flags);
	if (r->flow)
		print_realms(r->flow);
	open_json_object("metrics");
	print_metrics(r->metrics, PRINT_ANY);
	close_json_object();
	print_nexthops(r);
	print_text("\n");
	close_json_object();
}

/* ------------------------------------------------------------------ show */

static bool route_has_nh(const struct route *r, bool via, uint32_t v)
{
	int i;

	if (!r->nhs)
		return (via ? r->gw : r->oif) == v;
	for (i = 0; i < r->nhs; i++)
		if ((via ? r->nh[i].gw : r->nh[i].oif) == v)
			return true;
	return false;
}

static bool route_matches(const struct route *r, const struct route_filter *f)
{
	uint32_t m1 = f->prefix_len ? htonl(~0u << (32 - f->prefix_len)) : 0;
	uint32_t m2 = r->dst_len ? htonl(~0u << (32 - r->dst_len)) : 0;

	if ((f->table && r->table != f->table) ||
	    (f->protocol >= 0 && r->protocol != f->protocol) ||
	    (f->scope >= 0 && r->scope != f->scope) ||
	    (f->type >= 0 && r->type != f->type) ||
	    (f->tos >= 0 && r->tos != f->tos) ||
	    (f->oif && !route_has_nh(r, false, f->oif)) ||
	    (f->via_given && !route_has_nh(r, true, f->via)))
		return false;
	switch (f->match) {
	case 1:	/* exact */
		return r->dst_len == f->prefix_len &&
		       (r->dst & m1) == (f->prefix & m1);
	case 2:	/* root: routes inside the prefix */
		return r->dst_len >= f->prefix_len &&
		       (r->dst & m1) == (f->prefix & m1);
	case 3:	/* match: routes covering the prefix */
		return r->dst_len <= f->prefix_len &&
		       (r->dst & m2) == (f->prefix & m2);
	}
	return true;
}

/* Flushing: dump into a list first, delete afterwards. */
struct route_list {
	struct route *v;
	size_t n, cap;
	const struct route_filter *f;
};

static int route_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct route_list *l = data;
	struct route r, *p;

	memset(&r, 0, sizeof(r));
	parse_msg(nlh, route_attr, &r);
	if (!route_matches(&r, l->f))
		return MNL_CB_OK;
	if (!l->f->flush) {
		print_route(&r, l->f, false);
		return MNL_CB_OK;
	}
	p = vec_push((void **)&l->v, &l->n, &l->cap, sizeof(r));
	if (!p)
		return MNL_CB_ERROR;
	*p = r;
	return MNL_CB_OK;
}

static int route_delete_exact(const struct route *r)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;

	nlh = genl_msg(buf, MYRT_CMD_ROUTE_DEL, NLM_F_ACK);
	mnl_attr_put_u32(nlh, MYRT_A_TABLE, r->table);
	mnl_attr_put_u32(nlh, MYRT_A_DST, r->dst);
	mnl_attr_put_u8(nlh, MYRT_A_DST_LEN, r->dst_len);
	mnl_attr_put_u8(nlh, MYRT_A_TOS, r->tos);
	mnl_attr_put_u8(nlh, MYRT_A_TYPE, r->type);
	mnl_attr_put_u8(nlh, MYRT_A_SCOPE, r->scope);
	mnl_attr_put_u8(nlh, MYRT_A_PROTOCOL, r->protocol);
	if (r->priority)
		mnl_attr_put_u32(nlh, MYRT_A_PRIORITY, r->priority);
	if (!r->nhs) {
		if (r->has_gw)
			mnl_attr_put_u32(nlh, MYRT_A_GATEWAY, r->gw);
		if (r->oif)
			mnl_attr_put_u32(nlh, MYRT_A_OIF, r->oif);
	}
	return genl_talk(nlh, NULL, NULL);
}

/* show: print the routes @f selects; flush: delete them */
static int route_dump(const struct route_filter *f)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct route_list l = { .f = f };
	struct nlmsghdr *nlh;
	size_t i;
	int err;

	nlh = genl_msg(buf, MYRT_CMD_ROUTE_GET, NLM_F_DUMP | NLM_F_ACK);
	if (f->table)
		mnl_attr_put_u32(nlh, MYRT_A_TABLE, f->table);
	if (!f->flush)
		open_json_array(NULL);
	err = genl_talk(nlh, route_dump_cb, &l);
	if (!f->flush)
		close_json_array();
	for (i = 0; !err && i < l.n; i++) {
		err = route_delete_exact(&l.v[i]);
		if (err == -ESRCH)
			err = 0;
	}
	free(l.v);
	return err ? genl_report_error(err) : 0;
}

/* ------------------------------------------------------------------ modify */

/* via [ inet ] ADDRESS (*@pargv at "via"): attribute @attr */
static int put_via(struct nlmsghdr *nlh, uint16_t attr, const char *msg,
		   int *pargc, char ***pargv)
{
	int argc = *pargc;
	char **argv = *pargv;
	uint32_t a;

	if (next_arg(&argc, &argv))
		return EXIT_SYNTAX;
	if (!strcmp(*argv, "inet") && next_arg(&argc, &argv))
		return EXIT_SYNTAX;
	if (get_addr(*argv, &a))
		return invarg(msg, *argv);
	mnl_attr_put_u32(nlh, attr, a);
	*pargc = argc;
	*pargv = argv;
	return 0;
}

/* dev NAME (*@pargv at "dev"): its ifindex as attribute @attr */
static int put_dev(struct nlmsghdr *nlh, uint16_t attr, int *pargc,
		   char ***pargv)
{
	unsigned int v;

	if (next_arg(pargc, pargv) || get_ifindex(**pargv, &v))
		return EXIT_SYNTAX;
	mnl_attr_put_u32(nlh, attr, v);
	return 0;
}

/* "realm", "realms" (iproute2 takes any prefix of "realms" past "re") */
static bool is_realms_key(const char *k)
{
	return strlen(k) >= 3 && matches(k, "realms");
}

/* nexthop [ via A ] [ dev D ] [ weight W ] [ onlink ] ...: *@consumed args */
static int parse_nexthops(struct nlmsghdr *nlh, int argc, char **argv,
			  int *consumed)
{
	struct nlattr *mp = mnl_attr_nest_start(nlh, MYRT_A_MULTIPATH);
	int argc0 = argc, err = 0;
	unsigned int v;

	while (argc > 0 && !strcmp(*argv, "nexthop")) {
		struct nlattr *nh = mnl_attr_nest_start(nlh, MYRT_A_NH);
		uint32_t flags = 0;

		argc--;
		argv++;
		for (; argc > 0 && strcmp(*argv, "nexthop"); argc--, argv++) {
			if (!strcmp(*argv, "via")) {
				err = put_via(nlh, MYRT_NH_A_GATEWAY,
					      "invalid gateway", &argc, &argv);
			} else if (!strcmp(*argv, "dev")) {
				err = put_dev(nlh, MYRT_NH_A_OIF, &argc, &argv);
			} else if (!strcmp(*argv, "weight")) {
				if (next_arg(&argc, &argv))
					return EXIT_SYNTAX;
				if (get_u32(*argv, &v) || !v || v > 256)
					return invarg("\"weight\" is invalid", *argv);
				mnl_attr_put_u32(nlh, MYRT_NH_A_WEIGHT, v);
			} else if (!strcmp(*argv, "onlink")) {
				flags |= RTNH_F_ONLINK;
			} else if (is_realms_key(*argv)) {
				uint32_t flow;

				if (next_arg(&argc, &argv))
					return EXIT_SYNTAX;
				if (parse_realms(*argv, &flow))
					return EXIT_SYNTAX;
				mnl_attr_put_u32(nlh, MYRT_NH_A_FLOW, flow);
			} else {
				return invarg("unknown nexthop option", *argv);
			}
			if (err)
				return err;
		}
		if (flags)
			mnl_attr_put_u32(nlh, MYRT_NH_A_FLAGS, flags);
		mnl_attr_nest_end(nlh, nh);
	}
	mnl_attr_nest_end(nlh, mp);
	*consumed = argc0 - argc;
	return 0;
}

static const struct { const char *name; int rtax; } metric_args[] = {
	{ "mtu", RTAX_MTU }, { "advmss", RTAX_ADVMSS },
	{ "window", RTAX_WINDOW }, { "rtt", RTAX_RTT },
	{ "rttvar", RTAX_RTTVAR }, { "hoplimit", RTAX_HOPLIMIT },
	{ "initcwnd", RTAX_INITCWND }, { "initrwnd", RTAX_INITRWND },
	{ "reordering", RTAX_REORDERING }, { "cwnd", RTAX_CWND },
	{ "ssthresh", RTAX_SSTHRESH }, { "rto_min", RTAX_RTO_MIN },
	{ "quickack", RTAX_QUICKACK }, { NULL, 0 }
};

static int metric_index(const char *k)
{
	int i;

	for (i = 0; metric_args[i].name; i++)
		if (!strcmp(k, metric_args[i].name))
			return i;
	return -1;
}

/* METRIC [ lock ] VALUE, METRIC the @i-th of metric_args, into @metrics */
static int parse_metric(int i, int *pargc, char ***pargv, uint32_t *metrics)
{
	int argc = *pargc, x = metric_args[i].rtax;
	char **argv = *pargv;
	unsigned int v;

	if (next_arg(&argc, &argv))
		return EXIT_SYNTAX;
	if (!strcmp(*argv, "lock")) {
		metrics[RTAX_LOCK] |= 1u << x;
		if (next_arg(&argc, &argv))
			return EXIT_SYNTAX;
	}
	if (x == RTAX_RTT || x == RTAX_RTTVAR || x == RTAX_RTO_MIN) {
		if (get_time_ms(*argv, &v))
			return invarg("invalid time", *argv);
		if (x == RTAX_RTT)
			v *= 8;
		else if (x == RTAX_RTTVAR)
			v *= 4;
	} else if (get_u32(*argv, &v)) {
		return invarg("invalid metric value", *argv);
	}
	metrics[x] = v;
	*pargc = argc;
	*pargv = argv;
	return 0;
}

static int do_route_modify(uint8_t cmd, uint16_t flags, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	uint32_t metrics[RTAX_MAX + 1] = { 0 };
	bool have_dst = false, have_metrics = false, table_ok = false;
	unsigned int v, type = RTN_UNICAST;
	struct nlmsghdr *nlh;
	uint32_t a;
	int len, err, i, used = 0;

	nlh = genl_msg(buf, cmd, NLM_F_ACK);
	if (cmd == MYRT_CMD_ROUTE_NEW)
		mnl_attr_put_u32(nlh, MYRT_A_NLFLAGS, flags);
	for (; argc > 0; argc--, argv++) {
		const char *k = *argv;

		if (!strcmp(k, "src")) {
			if (next_arg(&argc, &argv))
				return EXIT_SYNTAX;
			if (get_addr(*argv, &a))
				return invarg("invalid source address", *argv);
			mnl_attr_put_u32(nlh, MYRT_A_PREFSRC, a);
		} else if (!strcmp(k, "via")) {
			err = put_via(nlh, MYRT_A_GATEWAY,
				      "invalid gateway address", &argc, &argv);
			if (err)
				return err;
		} else if (!strcmp(k, "dev") || !strcmp(k, "oif")) {
			if (put_dev(nlh, MYRT_A_OIF, &argc, &argv))
				return EXIT_SYNTAX;
		} else if (!strcmp(k, "tos") || !strcmp(k, "dsfield")) {
			if (next_arg(&argc, &argv))
				return EXIT_SYNTAX;
			if (get_tos(*argv, &v))
				return invarg("\"tos\" value is invalid", *argv);
			mnl_attr_put_u8(nlh, MYRT_A_TOS, v);
		} else if (!strcmp(k, "metric") || !strcmp(k, "priority") ||
			   !strcmp(k, "preference")) {
			if (next_arg(&argc, &argv))
				return EXIT_SYNTAX;
			if (get_u32(*argv, &v))
				return invarg("\"metric\" value is invalid", *argv);
			mnl_attr_put_u32(nlh, MYRT_A_PRIORITY, v);
		} else if (!strcmp(k, "table")) {
			if (next_arg(&argc, &argv))
				return EXIT_SYNTAX;
			if (get_table(*argv, &v))
				return invarg("\"table\" value is invalid", *argv);
			mnl_attr_put_u32(nlh, MYRT_A_TABLE, v);
			table_ok = true;
		} else if (!strcmp(k, "proto") || !strcmp(k, "protocol")) {
			if (next_arg(&argc, &argv))
				return EXIT_SYNTAX;
			if (a2n(rt_protos, *argv, &v, 0) || v > 255)
				return invarg("\"protocol\" value is invalid", *argv);
			mnl_attr_put_u8(nlh, MYRT_A_PROTOCOL, v);
		} else if (!strcmp(k, "scope")) {
			if (next_arg(&argc, &argv))
				return EXIT_SYNTAX;
			if (a2n(rt_scopes, *argv, &v, 0) || v > 255)
				return invarg("invalid \"scope\" value", *argv);
			mnl_attr_put_u8(nlh, MYRT_A_SCOPE, v);
		} else if (!strcmp(k, "onlink")) {
			mnl_attr_put_u32(nlh, MYRT_A_FLAGS, RTNH_F_ONLINK);
		} else if (is_realms_key(k)) {
			uint32_t flow;

			if (next_arg(&argc, &argv))
				return EXIT_SYNTAX;
			if (parse_realms(*argv, &flow))
				return EXIT_SYNTAX;
			mnl_attr_put_u32(nlh, MYRT_A_FLOW, flow);
		} else if (!strcmp(k, "nexthop")) {
			err = parse_nexthops(nlh, argc, argv, &used);
			if (err)
				return err;
			argc -= used - 1;
			argv += used - 1;
		} else if (metric_index(k) >= 0) {
			err = parse_metric(metric_index(k), &argc, &argv,
					   metrics);
			if (err)
				return err;
			have_metrics = true;
		} else if (!have_dst && !name2val(rt_types, k, &v)) {
			mnl_attr_put_u8(nlh, MYRT_A_TYPE, v);
			type = v;
		} else {
			if (!strcmp(k, "to") &&
			    next_arg(&argc, &argv))
				return EXIT_SYNTAX;
			if (have_dst)
				return duparg("to", *argv);
			if (get_prefix(*argv, &a, &len))
				return invarg("invalid prefix", *argv);
			mnl_attr_put_u32(nlh, MYRT_A_DST, a);
			mnl_attr_put_u8(nlh, MYRT_A_DST_LEN, len);
			have_dst = true;
		}
	}
	if (!have_dst)
		return incomplete();
	/* as iproute2: a nat route lives in the local table */
	if (type == RTN_NAT && !table_ok)
		mnl_attr_put_u32(nlh, MYRT_A_TABLE, RT_TABLE_LOCAL);
	if (have_metrics) {
		struct nlattr *mx = mnl_attr_nest_start(nlh, MYRT_A_METRICS);

		for (i = 1; i <= RTAX_MAX; i++)
			if (metrics[i])
				mnl_attr_put_u32(nlh, i, metrics[i]);
		mnl_attr_nest_end(nlh, mx);
	}
	err = genl_talk(nlh, NULL, NULL);
	return err ? genl_report_error(err) : 0;
}

/* ------------------------------------------------------------------ select */

/* a name of @t, or a number, into *@field; 0 or the usage error */
static int get_name(const struct name_val *t, const char *msg,
		    const char *arg, int *field)
{
	unsigned int v;

	if (a2n(t, arg, &v, 0))
		return invarg(msg, arg);
	*field = v;
	return 0;
}

/* the selectors of route show|flush that take a value */
static const char *const filter_keys[] = {
	"table", "dev", "oif", "proto", "protocol", "scope", "type", "tos",
	"dsfield", "via", NULL
};

static bool is_filter_key(const char *k)
{
	int i;

	for (i = 0; filter_keys[i]; i++)
		if (!strcmp(k, filter_keys[i]))
			return true;
	return false;
}

/* [ to | exact | root | match ] PREFIX */
static int parse_filter_prefix(struct route_filter *f, int *pargc,
			       char ***pargv)
{
	int argc = *pargc, len;
	char **argv = *pargv;
	const char *k = *argv;
	bool kw = !strcmp(k, "to") || !strcmp(k, "root") ||
		  !strcmp(k, "match") || !strcmp(k, "exact");

	f->match = !strcmp(k, "root") ? 2 : !strcmp(k, "match") ? 3 : 1;
	if (kw && next_arg(&argc, &argv))
		return EXIT_SYNTAX;
	if (get_prefix(*argv, &f->prefix, &len))
		return invarg("invalid prefix", *argv);
	f->prefix_len = len;
	/* "all" and "to all" select every route */
	if ((!kw || !strcmp(k, "to")) && !strcmp(*argv, "all"))
		f->match = 0;
	*pargc = argc;
	*pargv = argv;
	return 0;
}

static int parse_route_filter(struct route_filter *f, int argc, char **argv)
{
	unsigned int v;
	int err = 0;

	memset(f, 0, sizeof(*f));
	f->table = RT_TABLE_MAIN;
	f->protocol = -1;
	f->scope = -1;
	f->type = -1;
	f->tos = -1;
	for (; argc > 0 && !err; argc--, argv++) {
		const char *k = *argv;

		if (!is_filter_key(k)) {
			err = parse_filter_prefix(f, &argc, &argv);
			continue;
		}
		if (next_arg(&argc, &argv))
			return EXIT_SYNTAX;
		if (!strcmp(k, "table")) {
			if (get_table(*argv, &v))
				return invarg("table id value is invalid", *argv);
			f->table = v;
			f->table_given = true;
		} else if (!strcmp(k, "dev") || !strcmp(k, "oif")) {
			if (get_ifindex(*argv, &v))
				return EXIT_SYNTAX;
			f->oif = v;
		} else if (!strcmp(k, "proto") || !strcmp(k, "protocol")) {
			err = get_name(rt_protos, "invalid \"protocol\"", *argv,
				       &f->protocol);
		} else if (!strcmp(k, "scope")) {
			err = get_name(rt_scopes, "invalid \"scope\" value", *argv,
				       &f->scope);
		} else if (!strcmp(k, "type")) {
			err = get_name(rt_types, "node type value is invalid",
				       *argv, &f->type);
		} else if (!strcmp(k, "tos") || !strcmp(k, "dsfield")) {
			if (get_tos(*argv, &v))
				return invarg("TOS value is invalid", *argv);
			f->tos = v;
		} else {	/* via */
			if (get_addr(*argv, &f->via))
				return invarg("invalid \"via\"", *argv);
			f->via_given = true;
		}
	}
	return err;
}

struct route_cmd {
	const char *name;
	uint8_t cmd;
	uint16_t flags;
};

static const struct route_cmd route_cmds[] = {
	{ "add", MYRT_CMD_ROUTE_NEW, NLM_F_CREATE | NLM_F_EXCL },
	{ "change", MYRT_CMD_ROUTE_NEW, NLM_F_REPLACE },
	{ "replace", MYRT_CMD_ROUTE_NEW, NLM_F_CREATE | NLM_F_REPLACE },
	{ "prepend", MYRT_CMD_ROUTE_NEW, NLM_F_CREATE },
	{ "append", MYRT_CMD_ROUTE_NEW, NLM_F_CREATE | NLM_F_APPEND },
	{ "delete", MYRT_CMD_ROUTE_DEL, 0 },
	{ NULL, 0, 0 }
};

static int route_help(void)
{
	printf("Usage: myip route { list | flush } SELECTOR\n"
	       "       myip route { show | flush } cache [ PREFIX ]\n"
	       "       myip route get [ fibmatch ] ADDRESS [ from ADDRESS ] [ iif STRING ]\n"
	       "                              [ oif STRING ] [ tos TOS ] [ mark NUMBER ] [ explain ]\n"
	       "       myip route { add | del | change | append | replace | prepend } ROUTE\n"
	       "ROUTE := [ TYPE ] PREFIX [ tos TOS ] [ table TABLE_ID ] [ proto RTPROTO ]\n"
	       "         [ scope SCOPE ] [ metric METRIC ] [ via ADDRESS ] [ dev STRING ]\n"
	       "         [ src ADDRESS ] [ onlink ] [ realms REALM ] [ mtu NUMBER ]\n"
	       "         [ advmss NUMBER ] ...\n"
	       "         [ nexthop [ via ADDRESS ] [ dev STRING ] [ weight NUMBER ] [ onlink ]\n"
	       "                   [ realms REALM ] ]...\n"
	       "REALM := [ FROM/ ]TO (0..255 or a name of rt_realms; or a raw number)\n"
	       "TYPE := { unicast | local | broadcast | multicast | anycast | throw |\n"
	       "          unreachable | prohibit | blackhole | nat }\n"
	       "         (nat PREFIX via ADDRESS: static NAT of PREFIX to ADDRESS,\n"
	       "          table local by default)\n");
	return 0;
}

int do_route(int argc, char **argv)
{
	const struct route_cmd *c;
	struct route_filter f;
	bool flush;
	int err;

	if (argc < 1) {
		err = parse_route_filter(&f, 0, NULL);
		return err ? err : route_dump(&f);
	}
	for (c = route_cmds; c->name; c++)
		if (matches(*argv, c->name) ||
		    (c->flags == NLM_F_REPLACE && !strcmp(*argv, "chg")))
			return do_route_modify(c->cmd, c->flags, argc - 1,
					       argv + 1);
	if (matches(*argv, "get"))
		return do_route_get(argc - 1, argv + 1);
	if (!strcmp(*argv, "help"))
		return route_help();
	if (!matches(*argv, "show") && !matches(*argv, "list") &&
	    !matches(*argv, "lst") && !matches(*argv, "flush")) {
		fprintf(stderr, "Command \"%s\" is unknown, try \"myip route help\".\n",
			*argv);
		return EXIT_SYNTAX;
	}
	flush = matches(*argv, "flush");
	if (argc > 1 && !strcmp(argv[1], "cache"))
		return flush ? do_cache_flush() :
			       do_cache_show(argc - 2, argv + 2);
	if (flush && argc < 2) {
		fprintf(stderr, "\"ip route flush\" requires arguments.\n");
		return EXIT_SYNTAX;
	}
	err = parse_route_filter(&f, argc - 1, argv + 1);
	if (err)
		return err;
	f.flush = flush;
	return route_dump(&f);
}
