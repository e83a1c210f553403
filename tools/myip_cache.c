// SPDX-License-Identifier: GPL-2.0
/*
 * myip route get, route show|flush cache: the entries of myrt's route
 * cache (struct rtable and its dst_entry), one printer for the short form,
 * the detailed form (-d: every field, as seed 002 dumps it) and JSON.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/in_route.h>
#include "myip.h"

struct cache_entry {
	uint32_t key_dst, key_src, key_iif, key_oif, key_mark;
	uint8_t key_tos;
	uint32_t dev;
	char dev_name[IF_NAMESIZE + 1];
	int32_t error, obsolete, expires, refcnt;
	uint32_t dst_flags, header_len, use, lastuse;
	uint32_t rt_flags, rt_iif, rt_dst, rt_src, rt_gateway, rt_spec_dst;
	uint32_t src_map, dst_map;
	uint32_t flow;		/* realms (dst.tclassid) */
	uint8_t rt_type;
	uint32_t mtu, hash, genid;
	bool has_hash;	/* the kernel showed bucket and genid (privileged) */
	bool input;
	uint32_t metrics[RTAX_MAX + 1];
};

#define CE(member) offsetof(struct cache_entry, member)
static const struct attr_field cache_fields[] = {
	{ MYRT_RT_A_KEY_DST, MNL_TYPE_U32, CE(key_dst) },
	{ MYRT_RT_A_KEY_SRC, MNL_TYPE_U32, CE(key_src) },
	{ MYRT_RT_A_KEY_IIF, MNL_TYPE_U32, CE(key_iif) },
	{ MYRT_RT_A_KEY_OIF, MNL_TYPE_U32, CE(key_oif) },
	{ MYRT_RT_A_KEY_TOS, MNL_TYPE_U8, CE(key_tos) },
	{ MYRT_RT_A_KEY_MARK, MNL_TYPE_U32, CE(key_mark) },
	{ MYRT_RT_A_DEV, MNL_TYPE_U32, CE(dev) },
	{ MYRT_RT_A_ERROR, MNL_TYPE_U32, CE(error) },
	{ MYRT_RT_A_OBSOLETE, MNL_TYPE_U32, CE(obsolete) },
	{ MYRT_RT_A_DST_FLAGS, MNL_TYPE_U32, CE(dst_flags) },
	{ MYRT_RT_A_EXPIRES, MNL_TYPE_U32, CE(expires) },
	{ MYRT_RT_A_HEADER_LEN, MNL_TYPE_U32, CE(header_len) },
	{ MYRT_RT_A_REFCNT, MNL_TYPE_U32, CE(refcnt) },
	{ MYRT_RT_A_USE, MNL_TYPE_U32, CE(use) },
	{ MYRT_RT_A_LASTUSE, MNL_TYPE_U32, CE(lastuse) },
	{ MYRT_RT_A_RT_FLAGS, MNL_TYPE_U32, CE(rt_flags) },
	{ MYRT_RT_A_RT_TYPE, MNL_TYPE_U8, CE(rt_type) },
	{ MYRT_RT_A_RT_DST, MNL_TYPE_U32, CE(rt_dst) },
	{ MYRT_RT_A_RT_SRC, MNL_TYPE_U32, CE(rt_src) },
	{ MYRT_RT_A_RT_IIF, MNL_TYPE_U32, CE(rt_iif) },
	{ MYRT_RT_A_RT_GATEWAY, MNL_TYPE_U32, CE(rt_gateway) },
	{ MYRT_RT_A_RT_SPEC_DST, MNL_TYPE_U32, CE(rt_spec_dst) },
	{ MYRT_RT_A_MTU, MNL_TYPE_U32, CE(mtu) },
	{ MYRT_RT_A_HASH, MNL_TYPE_U32, CE(hash) },
	{ MYRT_RT_A_GENID, MNL_TYPE_U32, CE(genid) },
	{ MYRT_RT_A_SRC_MAP, MNL_TYPE_U32, CE(src_map) },
	{ MYRT_RT_A_DST_MAP, MNL_TYPE_U32, CE(dst_map) },
	{ MYRT_RT_A_FLOW, MNL_TYPE_U32, CE(flow) },
	{ 0 }
};

static int cache_attr(const struct nlattr *attr, void *data)
{
	struct cache_entry *c = data;

	if (mnl_attr_get_type(attr) == MYRT_RT_A_HASH)
		c->has_hash = true;
	if (attr_to_field(attr, cache_fields, c))
		return MNL_CB_OK;
	switch (mnl_attr_get_type(attr)) {
	case MYRT_RT_A_DEV_NAME:
		snprintf(c->dev_name, sizeof(c->dev_name), "%s",
			 mnl_attr_get_str(attr));
		break;
	case MYRT_RT_A_INPUT:
		c->input = true;
		break;
	case MYRT_RT_A_METRICS:
		parse_metrics(attr, c->metrics);
		break;
	}
	return MNL_CB_OK;
}

static const struct { uint32_t flag; const char *name, *cname; } rtcf[] = {
	{ RTCF_LOCAL, "local", "RTCF_LOCAL" },
	{ RTCF_BROADCAST, "brd", "RTCF_BROADCAST" },
	{ RTCF_MULTICAST, "mc", "RTCF_MULTICAST" },
	{ RTCF_REJECT, "reject", "RTCF_REJECT" },
	{ RTCF_DNAT, "dst-nat", "RTCF_DNAT" },
	{ RTCF_SNAT, "src-nat", "RTCF_SNAT" },
	{ RTCF_MASQ, "masq", "RTCF_MASQ" },
	{ RTCF_DIRECTDST, "dst-direct", "RTCF_DIRECTDST" },
	{ RTCF_DIRECTSRC, "src-direct", "RTCF_DIRECTSRC" },
	{ RTCF_REDIRECTED, "redirected", "RTCF_REDIRECTED" },
	{ RTCF_DOREDIRECT, "redirect", "RTCF_DOREDIRECT" },
	{ RTCF_FAST, "fastroute", "RTCF_FAST" },
	{ RTCF_NOTIFY, "notify", "RTCF_NOTIFY" },
	{ RTCF_TPROXY, "tproxy", "RTCF_TPROXY" },
	{ 0, NULL, NULL }
};

static const char *rtn_cname(uint8_t t)
{
	static const char *const n[] = {
		"RTN_UNSPEC", "RTN_UNICAST", "RTN_LOCAL", "RTN_BROADCAST",
		"RTN_ANYCAST", "RTN_MULTICAST", "RTN_BLACKHOLE",
		"RTN_UNREACHABLE", "RTN_PROHIBIT", "RTN_THROW", "RTN_NAT",
		"RTN_XRESOLVE",
	};

	return t < ARRAY_SIZE(n) ? n[t] : "RTN_?";
}

/* The first line: what `ip route show cache` prints. */
static void print_cache_summary(const struct cache_entry *c)
{
	char b1[64];
	bool first = true;
	int i;

	print_string(print_any_if(c->rt_type != RTN_UNICAST), "type", "%s ",
		     n2a(rt_types, c->rt_type, b1, sizeof(b1)));
	print_string(PRINT_ANY, "dst", "%s ", fmt_addr(c->rt_dst, b1));
	if (c->key_src)
		print_string(PRINT_ANY, "from", "from %s ",
			     fmt_addr(c->key_src, b1));
	if (c->key_tos)
		print_string(PRINT_ANY, "tos", "tos %s ",
			     tos_name(c->key_tos, b1));
	if (c->rt_gateway != c->rt_dst)
		print_string(PRINT_ANY, "gateway", "via %s ",
			     fmt_addr(c->rt_gateway, b1));
	print_string(PRINT_ANY, "dev", "dev %s ", c->dev_name);
	if (c->input)
		print_string(PRINT_ANY, "prefsrc", "src %s ",
			     fmt_addr(c->rt_spec_dst, b1));
	else if (c->rt_src != c->key_src)
		print_string(PRINT_ANY, "prefsrc", "src %s ",
			     fmt_addr(c->rt_src, b1));
	/* static NAT: what the addresses are rewritten to */
	if (c->rt_flags & (RTCF_SNAT | RTCF_MASQ))
		print_string(PRINT_FP, NULL, "src-map %s ",
			     fmt_addr(c->src_map, b1));
	if (c->rt_flags & RTCF_DNAT)
		print_string(PRINT_FP, NULL, "dst-map %s ",
			     fmt_addr(c->dst_map, b1));
	if (c->flow)
		print_realms(c->flow);
	if (c->input)
		print_string(PRINT_JSON, "iif", NULL, dev_name(c->key_iif, b1));
	print_text(oneline ? "\\    cache " : "\n    cache ");
	open_json_array("flags");
	for (i = 0; rtcf[i].name; i++) {
		if (!(c->rt_flags & rtcf[i].flag))
			continue;
		print_string(PRINT_ANY, NULL, first ? "<%s" : ",%s",
			     rtcf[i].name);
		first = false;
	}
	close_json_array();
	if (!first)
		print_text("> ");
	if (c->expires)
		print_int(PRINT_FP, NULL, "expires %lldsec ", c->expires / 1000);
	if (c->error)
		print_int(PRINT_FP, NULL, "error %lld ", c->error);
	if (show_details) {
		print_int(PRINT_FP, NULL, "users %lld ", c->refcnt);
		print_uint(PRINT_FP, NULL, "used %llu ", c->use);
		print_uint(PRINT_FP, NULL, "age %llusec ", c->lastuse / 1000);
	}
	print_metrics(c->metrics, PRINT_FP);
	if (c->input)
		print_string(PRINT_FP, NULL, "iif %s", dev_name(c->key_iif, b1));
	print_text("\n");
}

/*
 * The rest: every field of the flow key, the dst_entry and the rtable,
 * text lines with -d (seed 002's dump), always in JSON.
 */
static void print_cache_fields(const struct cache_entry *c)
{
	enum output_type d = print_any_if(show_details);
	enum output_type t = d & PRINT_FP;
	char b1[64];
	bool first = true;
	int i;

	open_json_object("key");
	print_string(d, "dst", "    key: dst %s ", fmt_addr(c->key_dst, b1));
	print_string(d, "src", "src %s ", fmt_addr(c->key_src, b1));
	print_uint(d, "iif", "iif %llu ", c->key_iif);
	print_uint(d, "oif", "oif %llu ", c->key_oif);
	print_uint(d, "tos", "tos 0x%02llx ", c->key_tos);
	print_uint(d, "mark", "mark 0x%llx\n", c->key_mark);
	close_json_object();

	print_string(t, NULL, "    dst: dev %s ", c->dev_name);
	print_int(d, "error", "error %lld ", c->error);
	print_int(d, "obsolete", "obsolete %lld ", c->obsolete);
	print_uint(PRINT_JSON, "dst_flags", NULL, c->dst_flags);
	print_string(t, NULL, "flags %s ", c->dst_flags & 1 ? "DST_HOST" : "0");
	print_int(d, "expires", "expires %lld ", c->expires);
	print_uint(d, "header_len", "header_len %llu ", c->header_len);
	if (c->flow)	/* classic dst.tclassid, the realms (JSON: "flow") */
		print_uint(t, NULL, "tclassid 0x%llx ", c->flow);
	print_int(d, "refcnt", "refcnt %lld ", c->refcnt);
	print_uint(d, "use", "use %llu ", c->use);
	print_uint(d, "lastuse", "lastuse %llu\n", c->lastuse);

	print_uint(PRINT_JSON, "rt_flags", NULL, c->rt_flags);
	print_string(t, NULL, "%s", "    rtable: rt_flags ");
	for (i = 0; rtcf[i].name; i++) {
		if (!(c->rt_flags & rtcf[i].flag))
			continue;
		print_string(t, NULL, first ? "%s" : "|%s", rtcf[i].cname);
		first = false;
	}
	if (first)
		print_string(t, NULL, "%s", "0");
	if (c->rt_flags & ~0xFFFF0000u)
		print_uint(t, NULL, first ? "0x%llx" : "|0x%llx",
			   c->rt_flags & 0xFFFF);
	print_string(d, "rt_type", " rt_type %s", rtn_cname(c->rt_type));
	print_string(d, "rt_dst", " rt_dst %s", fmt_addr(c->rt_dst, b1));
	print_string(d, "rt_src", " rt_src %s", fmt_addr(c->rt_src, b1));
	print_uint(d, "rt_iif", " rt_iif %llu", c->rt_iif);
	print_string(d, "rt_gateway", " rt_gateway %s",
		     fmt_addr(c->rt_gateway, b1));
	print_string(d, "rt_spec_dst", " rt_spec_dst %s",
		     fmt_addr(c->rt_spec_dst, b1));
	/* the maps of static NAT, on a NAT entry (seed 002's dump has none) */
	if (!(c->rt_flags & (RTCF_DNAT | RTCF_SNAT | RTCF_MASQ)))
		d = PRINT_JSON;
	print_string(d, "rt_src_map", " rt_src_map %s",
		     fmt_addr(c->src_map, b1));
	print_string(d, "rt_dst_map", " rt_dst_map %s",
		     fmt_addr(c->dst_map, b1));
	print_text(show_details ? "\n" : "");

	print_uint(PRINT_JSON, "mtu", NULL, c->mtu);
	/* bucket and genid: part of the hash secret, for the privileged */
	if (c->has_hash) {
		print_uint(t | PRINT_JSON, "hash", "    hash %llu ", c->hash);
		print_uint(t | PRINT_JSON, "genid", "genid %llu ", c->genid);
		print_uint(t, NULL, "mtu %llu\n", c->mtu);
	} else {
		print_uint(t, NULL, "    mtu %llu\n", c->mtu);
	}
	open_json_object("metrics");
	print_metrics(c->metrics, PRINT_JSON);
	close_json_object();
}

static void print_cache_entry(const struct cache_entry *c)
{
	open_json_object(NULL);
	print_cache_summary(c);
	print_cache_fields(c);
	close_json_object();
}

/* ------------------------------------------------------------------ get */

struct get_reply {
	bool has_entry;
	struct cache_entry c;
	bool has_route;
	struct route r;
	int error;
	char *explain;
};

static int get_attr(const struct nlattr *attr, void *data)
{
	struct get_reply *g = data;

	switch (mnl_attr_get_type(attr)) {
	case MYRT_A_DST_LEN:
		g->has_route = true;
		route_attr(attr, &g->r);
		break;
	case MYRT_A_TABLE: case MYRT_A_DST: case MYRT_A_TOS:
	case MYRT_A_TYPE: case MYRT_A_SCOPE: case MYRT_A_PROTOCOL:
	case MYRT_A_PRIORITY: case MYRT_A_FLAGS: case MYRT_A_GATEWAY:
	case MYRT_A_OIF: case MYRT_A_PREFSRC: case MYRT_A_METRICS:
	case MYRT_A_MULTIPATH:
		route_attr(attr, &g->r);
		break;
	case MYRT_A_CACHE:
		g->has_entry = true;
		mnl_attr_parse_nested(attr, cache_attr, &g->c);
		break;
	case MYRT_A_ERROR:
		g->error = (int32_t)mnl_attr_get_u32(attr);
		break;
	case MYRT_A_EXPLAIN_TEXT:
		free(g->explain);
		g->explain = strdup(mnl_attr_get_str(attr));
		break;
	}
	return MNL_CB_OK;
}

static int get_cb(const struct nlmsghdr *nlh, void *data)
{
	parse_msg(nlh, get_attr, data);
	return MNL_CB_OK;
}

struct cache_filter {
	uint32_t prefix;
	int len;
	bool given;
};

static int cache_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct cache_filter *f = data;
	struct get_reply g;

	memset(&g, 0, sizeof(g));
	parse_msg(nlh, get_attr, &g);
	free(g.explain);
	if (!g.has_entry)
		return MNL_CB_OK;
	if (f->given && f->len) {
		uint32_t m = htonl(~0u << (32 - f->len));

		if ((g.c.rt_dst & m) != (f->prefix & m))
			return MNL_CB_OK;
	}
	print_cache_entry(&g.c);
	return MNL_CB_OK;
}

int do_cache_show(int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct cache_filter f = { 0 };
	struct nlmsghdr *nlh;
	int err;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "to") || !strcmp(*argv, "root") ||
		    !strcmp(*argv, "match") || !strcmp(*argv, "exact"))
			continue;
		if (get_prefix(*argv, &f.prefix, &f.len))
			return invarg("invalid prefix", *argv);
		f.given = true;
	}
	nlh = genl_msg(buf, MYRT_CMD_CACHE_GET, NLM_F_DUMP | NLM_F_ACK);
	open_json_array(NULL);
	err = genl_talk(nlh, cache_dump_cb, &f);
	close_json_array();
	return err ? genl_report_error(err) : 0;
}

int do_cache_flush(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	int err;

	nlh = genl_msg(buf, MYRT_CMD_CACHE_FLUSH, NLM_F_ACK);
	err = genl_talk(nlh, NULL, NULL);
	return err ? genl_report_error(err) : 0;
}

/* one address or interface argument of route get into attribute @type */
static int get_arg(struct nlmsghdr *nlh, uint16_t type, const char *arg)
{
	unsigned int v;
	uint32_t a;
	int len;

	switch (type) {
	case MYRT_A_SRC:
		if (get_prefix(arg, &a, &len))
			return invarg("invalid source address", arg);
		v = a;
		break;
	case MYRT_A_IIF:
	case MYRT_A_OIF:
		if (get_ifindex(arg, &v))
			return EXIT_SYNTAX;
		break;
	case MYRT_A_TOS:
		if (get_tos(arg, &v))
			return invarg("TOS value is invalid", arg);
		mnl_attr_put_u8(nlh, type, v);
		return 0;
	default:	/* MYRT_A_MARK */
		if (get_u32(arg, &v))
			return invarg("invalid mark value", arg);
		break;
	}
	mnl_attr_put_u32(nlh, type, v);
	return 0;
}

static const struct name_val get_keys[] = {
	{ "from", MYRT_A_SRC }, { "iif", MYRT_A_IIF }, { "oif", MYRT_A_OIF },
	{ "dev", MYRT_A_OIF }, { "tos", MYRT_A_TOS }, { "dsfield", MYRT_A_TOS },
	{ "mark", MYRT_A_MARK }, { NULL, 0 }
};

static void print_get_reply(const struct get_reply *g)
{
	if (g->explain)
		print_string(PRINT_FP, NULL, "%s", g->explain);
	open_json_array(NULL);
	if (g->has_entry)
		print_cache_entry(&g->c);
	if (g->has_route && (json || !g->has_entry))
		print_route(&g->r, &(struct route_filter){ 0 }, false);
	if (g->explain && json) {
		open_json_object(NULL);
		print_string(PRINT_JSON, "explain", NULL, g->explain);
		if (g->error)
			print_int(PRINT_JSON, "error", NULL, g->error);
		close_json_object();
	}
	close_json_array();
}

int do_route_get(int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct get_reply g;
	struct nlmsghdr *nlh;
	unsigned int type;
	uint32_t a;
	bool have_dst = false;
	int len, err;

	memset(&g, 0, sizeof(g));
	nlh = genl_msg(buf, MYRT_CMD_ROUTE_GET, NLM_F_ACK);
	for (; argc > 0; argc--, argv++) {
		if (!name2val(get_keys, *argv, &type)) {
			if (next_arg(&argc, &argv))
				return EXIT_SYNTAX;
			err = get_arg(nlh, type, *argv);
			if (err)
				return err;
		} else if (!strcmp(*argv, "explain")) {
			mnl_attr_put(nlh, MYRT_A_EXPLAIN, 0, NULL);
		} else if (!strcmp(*argv, "fibmatch")) {
			mnl_attr_put(nlh, MYRT_A_FIBMATCH, 0, NULL);
		} else {
			if (!strcmp(*argv, "to") &&
			    next_arg(&argc, &argv))
				return EXIT_SYNTAX;
			if (have_dst)
				return duparg("to", *argv);
			if (get_prefix(*argv, &a, &len))
				return invarg("invalid destination address",
					      *argv);
			mnl_attr_put_u32(nlh, MYRT_A_DST, a);
			have_dst = true;
		}
	}
	if (!have_dst) {
		fprintf(stderr, "need at least a destination address\n");
		return EXIT_SYNTAX;
	}
	err = genl_talk(nlh, get_cb, &g);
	if (!err)
		print_get_reply(&g);
	free(g.explain);
	if (err)
		return genl_report_error(err);
	return g.error ? genl_report_errno(g.error) : 0;
}
