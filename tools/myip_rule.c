// SPDX-License-Identifier: GPL-2.0
/*
 * myip rule: myrt's policy rules (as iproute2's ip/iprule.c): parse,
 * print, show, add, del, flush.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <linux/fib_rules.h>
#include "myip.h"

#define RF(member) offsetof(struct rule, member)
static const struct attr_field rule_fields[] = {
	{ MYRT_A_RULE_PREF, MNL_TYPE_U32, RF(pref) },
	{ MYRT_A_TABLE, MNL_TYPE_U32, RF(table) },
	{ MYRT_A_RULE_FLAGS, MNL_TYPE_U32, RF(flags) },
	{ MYRT_A_RULE_GOTO, MNL_TYPE_U32, RF(target) },
	{ MYRT_A_RULE_ACTION, MNL_TYPE_U8, RF(action) },
	{ MYRT_A_TOS, MNL_TYPE_U8, RF(tos) },
	{ MYRT_A_SRC, MNL_TYPE_U32, RF(src) },
	{ MYRT_A_DST, MNL_TYPE_U32, RF(dst) },
	{ MYRT_A_SRC_LEN, MNL_TYPE_U8, RF(src_len) },
	{ MYRT_A_DST_LEN, MNL_TYPE_U8, RF(dst_len) },
	{ MYRT_A_MARK_MASK, MNL_TYPE_U32, RF(mask) },
	{ MYRT_A_GATEWAY, MNL_TYPE_U32, RF(map) },
	{ MYRT_A_FLOW, MNL_TYPE_U32, RF(flow) },
	{ 0 }
};

int rule_attr(const struct nlattr *attr, void *data)
{
	struct rule *r = data;

	if (attr_to_field(attr, rule_fields, r))
		return MNL_CB_OK;
	switch (mnl_attr_get_type(attr)) {
	case MYRT_A_MARK:
		r->mark = mnl_attr_get_u32(attr);
		r->has_mark = true;
		break;
	case MYRT_A_IIFNAME:
		snprintf(r->iif, sizeof(r->iif), "%s", mnl_attr_get_str(attr));
		break;
	case MYRT_A_OIFNAME:
		snprintf(r->oif, sizeof(r->oif), "%s", mnl_attr_get_str(attr));
		break;
	}
	return MNL_CB_OK;
}

/* "from A/len " ("from A " for a /32), JSON "src": A, "srclen": len */
static void print_rule_prefix(const char *key, const char *fmt, uint32_t a,
			      uint8_t len)
{
	char b1[64], lkey[16];

	snprintf(lkey, sizeof(lkey), "%slen", key);
	print_string(PRINT_ANY, key, fmt, fmt_addr(a, b1));
	print_uint(print_any_if(len != 32), lkey, "/%llu", len);
	print_text(" ");
}

static const struct name_val rule_actions[] = {
	{ "nop", FR_ACT_NOP }, { "blackhole", FR_ACT_BLACKHOLE },
	{ "unreachable", FR_ACT_UNREACHABLE }, { "prohibit", FR_ACT_PROHIBIT },
	{ NULL, 0 }
};

/*
 * A rule's realms as iproute2's print_rule: "realms TO" even when FROM is
 * 0 (unlike a route's "realm TO"); JSON "flow_from" (when not 0), "flow_to".
 */
static void print_rule_realms(uint32_t flow)
{
	uint32_t from = flow >> 16, to = flow & 0xFFFF;
	char b1[64];

	if (from)
		print_string(PRINT_ANY, "flow_from", "realms %s/",
			     realm_n2a(from, b1, sizeof(b1)));
	else
		print_text("realms ");
	print_string(PRINT_ANY, "flow_to", "%s ",
		     realm_n2a(to, b1, sizeof(b1)));
}

/* "lookup TABLE" (iproute2: whenever the table is not 0), realms, action */
static void print_rule_action(const struct rule *r)
{
	char b1[64];
	unsigned int i;

	if (r->action == FR_ACT_TO_TBL || r->action == MYRT_FR_ACT_NAT)
		print_string(PRINT_ANY, "table", "lookup %s ",
			     table_name(r->table, b1, sizeof(b1)));
	if (r->flow)
		print_rule_realms(r->flow);
	switch (r->action) {
	case FR_ACT_TO_TBL:
		return;
	case FR_ACT_GOTO:
		print_string(PRINT_JSON, "action", NULL, "goto");
		print_uint(PRINT_ANY, "target", "goto %llu ", r->target);
		if (r->flags & FIB_RULE_UNRESOLVED)
			print_text("[unresolved] ");
		return;
	case MYRT_FR_ACT_NAT:
		print_string(PRINT_JSON, "action", NULL, "nat");
		if (r->map)
			print_string(PRINT_ANY, "map-to", "map-to %s ",
				     fmt_addr(r->map, b1));
		else
			print_string(PRINT_ANY, "map-to", "%s ", "masquerade");
		return;
	}
	for (i = 0; rule_actions[i].name; i++) {
		if (rule_actions[i].val == r->action) {
			print_string(PRINT_ANY, "action", "%s ",
				     rule_actions[i].name);
			return;
		}
	}
	print_uint(PRINT_FP, NULL, "action %llu ", r->action);
}

void print_rule(const struct rule *r, bool deleted)
{
	char b1[64];

	open_json_object(NULL);
	if (deleted)
		print_bool(PRINT_ANY, "deleted", "Deleted ", true);
	print_uint(PRINT_ANY, "priority", "%llu:\t", r->pref);
	if (r->flags & FIB_RULE_INVERT) {
		print_uint(PRINT_JSON, "not", NULL, 1);
		print_text("not ");
	}
	if (r->src_len)
		print_rule_prefix("src", "from %s", r->src, r->src_len);
	else
		print_string(PRINT_ANY, "src", "from %s ", "all");
	if (r->dst_len)
		print_rule_prefix("dst", "to %s", r->dst, r->dst_len);
	if (r->tos)
		print_string(PRINT_ANY, "tos", "tos %s ", tos_name(r->tos, b1));
	if (r->has_mark) {
		print_uint(PRINT_ANY, "fwmark", "fwmark 0x%llx", r->mark);
		print_uint(print_any_if(r->mask != 0xFFFFFFFF), "fwmask",
			   "/0x%llx", r->mask);
		print_text(" ");
	}
	if (r->iif[0]) {
		print_string(PRINT_ANY, "iif", "iif %s ", r->iif);
		if (r->flags & FIB_RULE_IIF_DETACHED)
			print_text("[detached] ");
	}
	if (r->oif[0]) {
		print_string(PRINT_ANY, "oif", "oif %s ", r->oif);
		if (r->flags & FIB_RULE_OIF_DETACHED)
			print_text("[detached] ");
	}
	print_rule_action(r);
	print_text("\n");
	close_json_object();
}

/* show: print every rule; flush: collect them for deleting */
struct rule_list {
	struct rule *v;
	size_t n, cap;
	bool collect;
};

static int rule_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rule_list *l = data;
	struct rule r, *p;

	memset(&r, 0, sizeof(r));
	parse_msg(nlh, rule_attr, &r);
	if (!l->collect) {
		print_rule(&r, false);
		return MNL_CB_OK;
	}
	p = vec_push((void **)&l->v, &l->n, &l->cap, sizeof(r));
	if (!p)
		return MNL_CB_ERROR;
	*p = r;
	return MNL_CB_OK;
}

static int rule_dump(struct rule_list *l)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;

	nlh = genl_msg(buf, MYRT_CMD_RULE_GET, NLM_F_DUMP | NLM_F_ACK);
	return genl_talk(nlh, rule_dump_cb, l);
}

static int do_rule_show(void)
{
	struct rule_list l = { .collect = false };
	int err;

	open_json_array(NULL);
	err = rule_dump(&l);
	close_json_array();
	return err ? genl_report_error(err) : 0;
}

static int do_rule_flush(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct rule_list l = { .collect = true };
	struct nlmsghdr *nlh;
	int err, first_err = 0;
	size_t i;

	err = rule_dump(&l);
	/* Go on past a rule that went away or will not go: flush the rest. */
	for (i = 0; !err && i < l.n; i++) {
		int ret;

		if (!l.v[i].pref)
			continue;
		nlh = genl_msg(buf, MYRT_CMD_RULE_DEL, NLM_F_ACK);
		mnl_attr_put_u32(nlh, MYRT_A_RULE_PREF, l.v[i].pref);
		mnl_attr_put_u8(nlh, MYRT_A_RULE_ACTION, l.v[i].action);
		mnl_attr_put_u32(nlh, MYRT_A_TABLE, l.v[i].table);
		ret = genl_talk(nlh, NULL, NULL);
		if (ret && ret != -ENOENT && !first_err)
			first_err = ret;
	}
	free(l.v);
	if (!err)
		err = first_err;
	return err ? genl_report_error(err) : 0;
}

/* the rule types of `type TYPE`; the first four are keywords alone too */
static const struct name_val rule_types[] = {
	{ "nop", FR_ACT_NOP }, { "blackhole", FR_ACT_BLACKHOLE },
	{ "unreachable", FR_ACT_UNREACHABLE }, { "prohibit", FR_ACT_PROHIBIT },
	{ "unicast", FR_ACT_TO_TBL }, { "nat", MYRT_FR_ACT_NAT },
	{ NULL, 0 }
};

/* from|to PREFIX: "all" puts nothing */
static int put_rule_prefix(struct nlmsghdr *nlh, uint16_t attr,
			   uint16_t len_attr, const char *msg, const char *arg)
{
	uint32_t a;
	int len;

	if (get_prefix(arg, &a, &len))
		return invarg(msg, arg);
	if (strcmp(arg, "all")) {
		mnl_attr_put_u32(nlh, attr, a);
		mnl_attr_put_u8(nlh, len_attr, len);
	}
	return 0;
}

static int put_rule_ifname(struct nlmsghdr *nlh, uint16_t attr,
			   const char *msg, const char *arg)
{
	if (strlen(arg) >= IF_NAMESIZE)
		return invarg(msg, arg);
	mnl_attr_put_strz(nlh, attr, arg);
	return 0;
}

/* fwmark MARK[/MASK] */
static int put_rule_fwmark(struct nlmsghdr *nlh, const char *arg)
{
	char tmp[64], *slash;
	unsigned int v;

	snprintf(tmp, sizeof(tmp), "%s", arg);
	slash = strchr(tmp, '/');
	if (slash)
		*slash++ = 0;
	if (get_u32(tmp, &v))
		return invarg("fwmark value is invalid", arg);
	mnl_attr_put_u32(nlh, MYRT_A_MARK, v);
	if (slash) {
		if (get_u32(slash, &v))
			return invarg("fwmask value is invalid", arg);
		mnl_attr_put_u32(nlh, MYRT_A_MARK_MASK, v);
	}
	return 0;
}

static int do_rule_modify(uint8_t cmd, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	bool table_ok = false, action_ok = false, nat = false;
	uint32_t flags = 0, a;
	unsigned int v;
	int err = 0;

	nlh = genl_msg(buf, cmd, NLM_F_ACK);
	for (; argc > 0 && !err; argc--, argv++) {
		const char *k = *argv;

		if (!strcmp(k, "not")) {
			flags |= FIB_RULE_INVERT;
			continue;
		}
		if (!name2val(rule_actions, k, &v)) {
			mnl_attr_put_u8(nlh, MYRT_A_RULE_ACTION, v);
			action_ok = true;
			continue;
		}
		if (next_arg(&argc, &argv))
			return EXIT_SYNTAX;
		if (!strcmp(k, "from")) {
			err = put_rule_prefix(nlh, MYRT_A_SRC, MYRT_A_SRC_LEN,
					      "invalid source", *argv);
		} else if (!strcmp(k, "to")) {
			err = put_rule_prefix(nlh, MYRT_A_DST, MYRT_A_DST_LEN,
					      "invalid destination", *argv);
		} else if (!strcmp(k, "tos") || !strcmp(k, "dsfield")) {
			if (get_tos(*argv, &v))
				return invarg("TOS value is invalid", *argv);
			mnl_attr_put_u8(nlh, MYRT_A_TOS, v);
		} else if (!strcmp(k, "fwmark")) {
			err = put_rule_fwmark(nlh, *argv);
		} else if (!strcmp(k, "iif") || !strcmp(k, "dev")) {
			err = put_rule_ifname(nlh, MYRT_A_IIFNAME,
					      "\"iif\" not a valid ifname", *argv);
		} else if (!strcmp(k, "oif")) {
			err = put_rule_ifname(nlh, MYRT_A_OIFNAME,
					      "\"oif\" not a valid ifname", *argv);
		} else if (!strcmp(k, "pref") || !strcmp(k, "priority") ||
			   !strcmp(k, "preference") || !strcmp(k, "order")) {
			if (get_u32(*argv, &v))
				return invarg("preference value is invalid", *argv);
			mnl_attr_put_u32(nlh, MYRT_A_RULE_PREF, v);
		} else if (!strcmp(k, "table") || !strcmp(k, "lookup")) {
			if (get_table(*argv, &v) || v > 255)
				return invarg("invalid table ID", *argv);
			mnl_attr_put_u32(nlh, MYRT_A_TABLE, v);
			table_ok = true;
		} else if (!strcmp(k, "goto")) {
			if (get_u32(*argv, &v))
				return invarg("invalid target", *argv);
			mnl_attr_put_u8(nlh, MYRT_A_RULE_ACTION, FR_ACT_GOTO);
			mnl_attr_put_u32(nlh, MYRT_A_RULE_GOTO, v);
			action_ok = true;
		} else if (!strcmp(k, "nat") || !strcmp(k, "map-to")) {
			/* 2.4 static NAT: map the source; looks up a table */
			if (get_addr(*argv, &a))
				return invarg("invalid nat address", *argv);
			mnl_attr_put_u8(nlh, MYRT_A_RULE_ACTION, MYRT_FR_ACT_NAT);
			if (a)
				mnl_attr_put_u32(nlh, MYRT_A_GATEWAY, a);
			nat = true;
		} else if (matches(k, "realms")) {
			uint32_t flow;

			if (get_realms(*argv, &flow))
				return invarg("invalid realms", *argv);
			mnl_attr_put_u32(nlh, MYRT_A_FLOW, flow);
		} else if (!strcmp(k, "type")) {
			if (name2val(rule_types, *argv, &v))
				return invarg("Failed to parse rule type", *argv);
			mnl_attr_put_u8(nlh, MYRT_A_RULE_ACTION, v);
			action_ok = true;
		} else {
			return invarg("unknown rule selector", k);
		}
	}
	if (err)
		return err;
	if (flags)
		mnl_attr_put_u32(nlh, MYRT_A_RULE_FLAGS, flags);
	if (cmd == MYRT_CMD_RULE_NEW && !table_ok && (!action_ok || nat))
		mnl_attr_put_u32(nlh, MYRT_A_TABLE, RT_TABLE_MAIN);
	err = genl_talk(nlh, NULL, NULL);
	return err ? genl_report_error(err) : 0;
}

int do_rule(int argc, char **argv)
{
	if (argc < 1 || matches(*argv, "show") || matches(*argv, "list") ||
	    matches(*argv, "lst"))
		return do_rule_show();
	if (matches(*argv, "add"))
		return do_rule_modify(MYRT_CMD_RULE_NEW, argc - 1, argv + 1);
	if (matches(*argv, "delete"))
		return do_rule_modify(MYRT_CMD_RULE_DEL, argc - 1, argv + 1);
	if (matches(*argv, "flush"))
		return do_rule_flush();
	if (!strcmp(*argv, "help")) {
		printf("Usage: myip rule { add | del } SELECTOR ACTION\n"
		       "       myip rule { flush | show | list }\n"
		       "SELECTOR := [ not ] [ from PREFIX ] [ to PREFIX ] [ tos TOS ]\n"
		       "            [ fwmark FWMARK[/MASK] ] [ iif STRING ] [ oif STRING ]\n"
		       "            [ pref NUMBER ]\n"
		       "ACTION := [ table TABLE_ID ] [ goto NUMBER ] [ nop ]\n"
		       "          [ realms [SRCREALM/]DSTREALM ]\n"
		       "          [ blackhole | unreachable | prohibit ]\n"
		       "          [ nat ADDRESS ]   (static NAT of the source;\n"
		       "                             also looks up TABLE_ID)\n");
		return 0;
	}
	fprintf(stderr, "Command \"%s\" is unknown, try \"myip rule help\".\n",
		*argv);
	return EXIT_SYNTAX;
}
