// SPDX-License-Identifier: GPL-2.0
/*
 * myip - `ip route` / `ip rule` for myrt's own routing tables, over the
 * generic netlink family "myrt" (libmnl).  Syntax, output and exit codes
 * follow iproute2: 0 success, 1 usage error in batch mode, 2 a request the
 * kernel rejected (its message is printed), 255 a command line error.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>
#include <ctype.h>
#include <time.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/fib_rules.h>
#include <linux/in_route.h>
#include "../uapi/myrt.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define EXIT_REJECTED	2
#define EXIT_SYNTAX	255

static int show_details;
static int json;
static int oneline;
static bool force;

static struct mnl_socket *nl;
static unsigned int nl_portid;
static uint16_t family_id;
static uint32_t mcgrp_id;
static uint32_t seq_no;
static char errmsg[512];
static char *rxbuf;
static size_t rxbuf_len;

/* ------------------------------------------------------------------ names */

struct name_val {
	const char *name;
	unsigned int val;
};

static const struct name_val rt_types[] = {
	{ "unspec", RTN_UNSPEC }, { "unicast", RTN_UNICAST },
	{ "local", RTN_LOCAL }, { "broadcast", RTN_BROADCAST },
	{ "anycast", RTN_ANYCAST }, { "multicast", RTN_MULTICAST },
	{ "blackhole", RTN_BLACKHOLE }, { "unreachable", RTN_UNREACHABLE },
	{ "prohibit", RTN_PROHIBIT }, { "throw", RTN_THROW },
	{ "nat", RTN_NAT }, { "xresolve", RTN_XRESOLVE }, { NULL, 0 }
};

static const struct name_val rt_protos[] = {
	{ "unspec", 0 }, { "redirect", 1 }, { "kernel", 2 }, { "boot", 3 },
	{ "static", 4 }, { "gated", 8 }, { "ra", 9 }, { "mrt", 10 },
	{ "zebra", 11 }, { "bird", 12 }, { "dnrouted", 13 }, { "xorp", 14 },
	{ "ntk", 15 }, { "dhcp", 16 }, { "keepalived", 18 }, { "babel", 42 },
	{ "bgp", 186 }, { "isis", 187 }, { "ospf", 188 }, { "rip", 189 },
	{ "eigrp", 192 }, { NULL, 0 }
};

static const struct name_val rt_scopes[] = {
	{ "global", RT_SCOPE_UNIVERSE }, { "universe", RT_SCOPE_UNIVERSE },
	{ "site", RT_SCOPE_SITE }, { "link", RT_SCOPE_LINK },
	{ "host", RT_SCOPE_HOST }, { "nowhere", RT_SCOPE_NOWHERE },
	{ NULL, 0 }
};

static const struct name_val rt_tables[] = {
	{ "unspec", RT_TABLE_UNSPEC }, { "default", RT_TABLE_DEFAULT },
	{ "main", RT_TABLE_MAIN }, { "local", RT_TABLE_LOCAL },
	{ NULL, 0 }
};

static const struct name_val rt_dsfields[] = {
	{ "lowdelay", 0x10 }, { "throughput", 0x08 },
	{ "reliability", 0x04 }, { "mincost", 0x02 }, { NULL, 0 }
};

static const char *n2a(const struct name_val *t, unsigned int v, char *buf,
		       size_t len)
{
	for (; t->name; t++)
		if (t->val == v)
			return t->name;
	snprintf(buf, len, "%u", v);
	return buf;
}

static int a2n(const struct name_val *t, const char *s, unsigned int *v,
	       int base)
{
	char *end;
	unsigned long n;

	for (; t && t->name; t++) {
		if (!strcmp(t->name, s)) {
			*v = t->val;
			return 0;
		}
	}
	errno = 0;
	n = strtoul(s, &end, base);
	if (!*s || *end || errno || n > 0xFFFFFFFFUL)
		return -1;
	*v = n;
	return 0;
}

static const char *table_name(unsigned int t, char *buf, size_t len)
{
	return n2a(rt_tables, t, buf, len);
}

static const char *dev_name(unsigned int ifindex, char *buf)
{
	if (!ifindex)
		return "*";
	if (!if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE, "if%u", ifindex);
	return buf;
}

static const char *fmt_addr(uint32_t a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static bool matches(const char *arg, const char *full)
{
	size_t n = strlen(arg);

	return n && n <= strlen(full) && !strncmp(arg, full, n);
}

/* ------------------------------------------------------------------ errors */

static int invarg(const char *msg, const char *arg)
{
	fprintf(stderr, "Error: argument \"%s\" is wrong: %s\n", arg, msg);
	return EXIT_SYNTAX;
}

static int incomplete(void)
{
	fprintf(stderr, "Command line is not complete. Try option \"help\"\n");
	return EXIT_SYNTAX;
}

static int duparg(const char *key, const char *arg)
{
	fprintf(stderr, "Error: duplicate \"%s\": \"%s\" is the second value.\n",
		key, arg);
	return EXIT_SYNTAX;
}

static int report_nl_error(int err)
{
	if (errmsg[0])
		fprintf(stderr, "Error: %s.\n", errmsg);
	fprintf(stderr, "RTNETLINK answers: %s\n", strerror(-err));
	return EXIT_REJECTED;
}

/* ------------------------------------------------------------------ netlink */

static struct nlmsghdr *msg_start(char *buf, uint16_t type, uint8_t cmd,
				  uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++seq_no;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = MYRT_GENL_VERSION;
	return nlh;
}

static int ext_ack_attr(const struct nlattr *attr, void *data)
{
	(void)data;
	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		snprintf(errmsg, sizeof(errmsg), "%s", mnl_attr_get_str(attr));
	return MNL_CB_OK;
}

static int cb_error(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	unsigned int off;

	(void)data;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		off = sizeof(*err);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
		if (off < nlh->nlmsg_len - sizeof(struct nlmsghdr))
			mnl_attr_parse(nlh, off, ext_ack_attr, NULL);
	}
	if (err->error) {
		errno = -err->error;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

static int cb_done(const struct nlmsghdr *nlh, void *data)
{
	(void)data;
	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int)) {
		int e = *(int *)mnl_nlmsg_get_payload(nlh);

		if (e < 0) {
			errno = -e;
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_STOP;
}

static int cb_noop(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_NOOP] = cb_noop,
	[NLMSG_ERROR] = cb_error,
	[NLMSG_DONE] = cb_done,
	[NLMSG_OVERRUN] = cb_noop,
};

/* Send @nlh, feed every answer to @cb; 0 or -errno. */
static int talk(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	uint32_t seq = nlh->nlmsg_seq;
	int ret;

	errmsg[0] = 0;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		ret = mnl_socket_recvfrom(nl, rxbuf, rxbuf_len);
		if (ret < 0)
			return -errno;
		ret = mnl_cb_run2(rxbuf, ret, seq, nl_portid, cb, data,
				  ctl_cbs, NLMSG_MIN_TYPE);
		if (ret < 0)
			return errno ? -errno : -EIO;
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

struct family_info {
	uint16_t id;
	uint32_t grp;
};

static int mcgrp_attr(const struct nlattr *attr, void *data)
{
	struct family_info *fi = data;
	const struct nlattr *a;
	const char *name = NULL;
	uint32_t id = 0;

	mnl_attr_for_each_nested(a, attr) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME)
			name = mnl_attr_get_str(a);
		else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID)
			id = mnl_attr_get_u32(a);
	}
	if (name && !strcmp(name, MYRT_MCGRP_NOTIFY))
		fi->grp = id;
	return MNL_CB_OK;
}

static int family_attr(const struct nlattr *attr, void *data)
{
	struct family_info *fi = data;
	const struct nlattr *a;

	switch (mnl_attr_get_type(attr)) {
	case CTRL_ATTR_FAMILY_ID:
		fi->id = mnl_attr_get_u16(attr);
		break;
	case CTRL_ATTR_MCAST_GROUPS:
		mnl_attr_for_each_nested(a, attr)
			mcgrp_attr(a, data);
		break;
	}
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr, data);
	return MNL_CB_OK;
}

static int nl_open(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct family_info fi = { 0 };
	struct nlmsghdr *nlh;
	int one = 1, err;

	rxbuf_len = 65536;
	rxbuf = malloc(rxbuf_len);
	if (!rxbuf)
		return -ENOMEM;
	nl = mnl_socket_open(NETLINK_GENERIC);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	nl_portid = mnl_socket_get_portid(nl);
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));

	nlh = msg_start(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_ACK);
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, MYRT_GENL_NAME);
	err = talk(nlh, family_cb, &fi);
	if (err || !fi.id) {
		fprintf(stderr,
			"myip: generic netlink family \"%s\" not found: is the myrt module loaded?\n",
			MYRT_GENL_NAME);
		return err ? err : -ENOENT;
	}
	family_id = fi.id;
	mcgrp_id = fi.grp;
	return 0;
}

static int netns_switch(const char *name)
{
	char path[256];
	int fd;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && !strchr(name, '/')) {
		snprintf(path, sizeof(path), "/var/run/netns/%s", name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0) {
		fprintf(stderr, "Cannot open network namespace \"%s\": %s\n",
			name, strerror(errno));
		return -1;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		fprintf(stderr, "setting the network namespace \"%s\" failed: %s\n",
			name, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* ------------------------------------------------------------------ parsing */

static int get_addr(const char *s, uint32_t *addr)
{
	unsigned long parts[4] = { 0 };
	const char *p = s;
	int n = 0;
	char *end;

	if (!*s)
		return -1;
	while (n < 4) {
		if (!isdigit((unsigned char)*p))
			return -1;
		parts[n++] = strtoul(p, &end, 10);
		if (parts[n - 1] > 255)
			return -1;
		p = end;
		if (!*p)
			break;
		if (*p != '.')
			return -1;
		p++;
	}
	if (*p)
		return -1;
	*addr = htonl(parts[0] << 24 | parts[1] << 16 | parts[2] << 8 |
		      parts[3]);
	return 0;
}

/* "default", "all", "any" or A[.B[.C[.D]]][/len] */
static int get_prefix(const char *s, uint32_t *addr, int *len)
{
	char tmp[64];
	char *slash;
	unsigned long l;

	if (!strcmp(s, "default") || !strcmp(s, "all") || !strcmp(s, "any")) {
		*addr = 0;
		*len = 0;
		return 0;
	}
	snprintf(tmp, sizeof(tmp), "%s", s);
	slash = strchr(tmp, '/');
	if (slash) {
		*slash++ = 0;
		if (!isdigit((unsigned char)*slash))
			return -1;
		l = strtoul(slash, &slash, 10);
		if (*slash || l > 32)
			return -1;
		*len = l;
	} else {
		*len = 32;
	}
	return get_addr(tmp, addr);
}

static int get_table(const char *s, unsigned int *t)
{
	if (!strcmp(s, "all")) {
		*t = 0;
		return 0;
	}
	return a2n(rt_tables, s, t, 0);
}

static int get_tos(const char *s, unsigned int *tos)
{
	if (a2n(rt_dsfields, s, tos, 16) || *tos > 255)
		return -1;
	return 0;
}

static int get_u32(const char *s, unsigned int *v)
{
	return a2n(NULL, s, v, 0);
}

static int get_ifindex(const char *name, unsigned int *idx)
{
	*idx = if_nametoindex(name);
	if (!*idx) {
		fprintf(stderr, "Cannot find device \"%s\"\n", name);
		return -1;
	}
	return 0;
}

/* time in ms, with an optional unit */
static int get_time_ms(const char *s, unsigned int *ms)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || v < 0)
		return -1;
	if (!*end || !strcmp(end, "ms") || !strcmp(end, "msec"))
		*ms = v;
	else if (!strcmp(end, "s") || !strcmp(end, "sec") ||
		 !strcmp(end, "secs"))
		*ms = v * 1000;
	else
		return -1;
	return 0;
}

/* ------------------------------------------------------------------ json */

static bool json_first = true;

static void json_sep(void)
{
	if (!json_first)
		putchar(',');
	json_first = false;
}

static void json_str(const char *k, const char *v)
{
	const char *p;

	json_sep();
	printf("\"%s\":\"", k);
	for (p = v; *p; p++) {
		if (*p == '"' || *p == '\\')
			putchar('\\');
		if (*p == '\n') {
			fputs("\\n", stdout);
			continue;
		}
		putchar(*p);
	}
	putchar('"');
}

static void json_uint(const char *k, unsigned long long v)
{
	json_sep();
	printf("\"%s\":%llu", k, v);
}

static void json_int(const char *k, long long v)
{
	json_sep();
	printf("\"%s\":%lld", k, v);
}

static void json_obj_open(const char *k)
{
	json_sep();
	if (k)
		printf("\"%s\":", k);
	putchar('{');
	json_first = true;
}

static void json_obj_close(void)
{
	putchar('}');
	json_first = false;
}

static void json_arr_open(const char *k)
{
	json_sep();
	if (k)
		printf("\"%s\":", k);
	putchar('[');
	json_first = true;
}

static void json_arr_close(void)
{
	putchar(']');
	json_first = false;
}

/* ------------------------------------------------------------------ routes */

struct route {
	uint32_t table, priority, flags, oif;
	uint32_t dst, gw, prefsrc;
	uint8_t dst_len, tos, type, scope, protocol;
	bool has_gw;
	uint32_t metrics[RTAX_MAX + 1];
	int nhs;
	struct { uint32_t gw, oif, weight, flags; } nh[32];
};

static int route_attr(const struct nlattr *attr, void *data)
{
	struct route *r = data;
	const struct nlattr *a, *b;

	switch (mnl_attr_get_type(attr)) {
	case MYRT_A_TABLE:
		r->table = mnl_attr_get_u32(attr);
		break;
	case MYRT_A_DST:
		r->dst = mnl_attr_get_u32(attr);
		break;
	case MYRT_A_DST_LEN:
		r->dst_len = mnl_attr_get_u8(attr);
		break;
	case MYRT_A_TOS:
		r->tos = mnl_attr_get_u8(attr);
		break;
	case MYRT_A_TYPE:
		r->type = mnl_attr_get_u8(attr);
		break;
	case MYRT_A_SCOPE:
		r->scope = mnl_attr_get_u8(attr);
		break;
	case MYRT_A_PROTOCOL:
		r->protocol = mnl_attr_get_u8(attr);
		break;
	case MYRT_A_PRIORITY:
		r->priority = mnl_attr_get_u32(attr);
		break;
	case MYRT_A_FLAGS:
		r->flags = mnl_attr_get_u32(attr);
		break;
	case MYRT_A_GATEWAY:
		r->gw = mnl_attr_get_u32(attr);
		r->has_gw = true;
		break;
	case MYRT_A_OIF:
		r->oif = mnl_attr_get_u32(attr);
		break;
	case MYRT_A_PREFSRC:
		r->prefsrc = mnl_attr_get_u32(attr);
		break;
	case MYRT_A_METRICS:
		mnl_attr_for_each_nested(a, attr)
			if (mnl_attr_get_type(a) <= RTAX_MAX)
				r->metrics[mnl_attr_get_type(a)] =
					mnl_attr_get_u32(a);
		break;
	case MYRT_A_MULTIPATH:
		mnl_attr_for_each_nested(a, attr) {
			if (r->nhs >= 32)
				break;
			mnl_attr_for_each_nested(b, a) {
				switch (mnl_attr_get_type(b)) {
				case MYRT_NH_A_GATEWAY:
					r->nh[r->nhs].gw = mnl_attr_get_u32(b);
					break;
				case MYRT_NH_A_OIF:
					r->nh[r->nhs].oif = mnl_attr_get_u32(b);
					break;
				case MYRT_NH_A_WEIGHT:
					r->nh[r->nhs].weight = mnl_attr_get_u32(b);
					break;
				case MYRT_NH_A_FLAGS:
					r->nh[r->nhs].flags = mnl_attr_get_u32(b);
					break;
				}
			}
			r->nhs++;
		}
		break;
	}
	return MNL_CB_OK;
}

static const char *const metric_names[RTAX_MAX + 1] = {
	[RTAX_MTU] = "mtu", [RTAX_WINDOW] = "window", [RTAX_RTT] = "rtt",
	[RTAX_RTTVAR] = "rttvar", [RTAX_SSTHRESH] = "ssthresh",
	[RTAX_CWND] = "cwnd", [RTAX_ADVMSS] = "advmss",
	[RTAX_REORDERING] = "reordering", [RTAX_HOPLIMIT] = "hoplimit",
	[RTAX_INITCWND] = "initcwnd", [RTAX_FEATURES] = "features",
	[RTAX_RTO_MIN] = "rto_min", [RTAX_INITRWND] = "initrwnd",
	[RTAX_QUICKACK] = "quickack",
};

static void print_metrics(const uint32_t *m)
{
	int i;

	for (i = 2; i <= RTAX_MAX; i++) {
		if (!m[i] || !metric_names[i])
			continue;
		if (json) {
			json_uint(metric_names[i], i == RTAX_RTT ? m[i] / 8 :
				  i == RTAX_RTTVAR ? m[i] / 4 : m[i]);
			continue;
		}
		if (m[RTAX_LOCK] & (1u << i))
			printf("%s lock ", metric_names[i]);
		else
			printf("%s ", metric_names[i]);
		if (i == RTAX_RTT)
			printf("%ums ", m[i] / 8);
		else if (i == RTAX_RTTVAR)
			printf("%ums ", m[i] / 4);
		else
			printf("%u ", m[i]);
	}
}

static const char *tos_name(unsigned int tos, char *buf)
{
	snprintf(buf, 8, "0x%02x", tos);
	return buf;
}

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
	int flushed;
	int flush_err;
};

static bool route_matches(const struct route *r, const struct route_filter *f)
{
	if (f->table && r->table != f->table)
		return false;
	if (f->protocol >= 0 && r->protocol != f->protocol)
		return false;
	if (f->scope >= 0 && r->scope != f->scope)
		return false;
	if (f->type >= 0 && r->type != f->type)
		return false;
	if (f->tos >= 0 && r->tos != f->tos)
		return false;
	if (f->oif) {
		bool found = r->nhs ? false : r->oif == (uint32_t)f->oif;
		int i;

		for (i = 0; i < r->nhs; i++)
			if (r->nh[i].oif == (uint32_t)f->oif)
				found = true;
		if (!found)
			return false;
	}
	if (f->via_given) {
		bool found = r->nhs ? false : r->gw == f->via;
		int i;

		for (i = 0; i < r->nhs; i++)
			if (r->nh[i].gw == f->via)
				found = true;
		if (!found)
			return false;
	}
	if (f->match) {
		uint32_t m1 = f->prefix_len ? htonl(~0u << (32 - f->prefix_len)) : 0;
		uint32_t m2 = r->dst_len ? htonl(~0u << (32 - r->dst_len)) : 0;

		switch (f->match) {
		case 1:	/* exact */
			if (r->dst_len != f->prefix_len ||
			    (r->dst & m1) != (f->prefix & m1))
				return false;
			break;
		case 2:	/* root: routes inside the prefix */
			if (r->dst_len < f->prefix_len ||
			    (r->dst & m1) != (f->prefix & m1))
				return false;
			break;
		case 3:	/* match: routes covering the prefix */
			if (r->dst_len > f->prefix_len ||
			    (r->dst & m2) != (f->prefix & m2))
				return false;
			break;
		}
	}
	return true;
}

static void print_nh_flags(uint32_t flags)
{
	if (json) {
		json_arr_open("flags");
		if (flags & RTNH_F_DEAD) {
			json_sep();
			printf("\"dead\"");
		}
		if (flags & RTNH_F_ONLINK) {
			json_sep();
			printf("\"onlink\"");
		}
		if (flags & RTNH_F_PERVASIVE) {
			json_sep();
			printf("\"pervasive\"");
		}
		json_arr_close();
		return;
	}
	if (flags & RTNH_F_DEAD)
		printf("dead ");
	if (flags & RTNH_F_ONLINK)
		printf("onlink ");
	if (flags & RTNH_F_PERVASIVE)
		printf("pervasive ");
}

static void print_route(const struct route *r, const struct route_filter *f,
			const char *prefix)
{
	char b1[64], b2[64];
	int i;

	if (json) {
		json_obj_open(NULL);
		json_str("type", n2a(rt_types, r->type, b1, sizeof(b1)));
		if (!r->dst_len) {
			json_str("dst", "default");
		} else {
			snprintf(b2, sizeof(b2), "%s/%u", fmt_addr(r->dst, b1),
				 r->dst_len);
			json_str("dst", r->dst_len == 32 ? b1 : b2);
		}
		if (r->tos)
			json_str("tos", tos_name(r->tos, b1));
		if (r->has_gw)
			json_str("gateway", fmt_addr(r->gw, b1));
		if (r->oif)
			json_str("dev", dev_name(r->oif, b1));
		json_str("table", table_name(r->table, b1, sizeof(b1)));
		json_str("protocol", n2a(rt_protos, r->protocol, b1, sizeof(b1)));
		json_str("scope", n2a(rt_scopes, r->scope, b1, sizeof(b1)));
		if (r->prefsrc)
			json_str("prefsrc", fmt_addr(r->prefsrc, b1));
		if (r->priority)
			json_uint("metric", r->priority);
		print_nh_flags(r->flags);
		json_obj_open("metrics");
		print_metrics(r->metrics);
		json_obj_close();
		if (r->nhs) {
			json_arr_open("nexthops");
			for (i = 0; i < r->nhs; i++) {
				json_obj_open(NULL);
				if (r->nh[i].gw)
					json_str("gateway", fmt_addr(r->nh[i].gw, b1));
				json_str("dev", dev_name(r->nh[i].oif, b1));
				json_uint("weight", r->nh[i].weight);
				print_nh_flags(r->nh[i].flags);
				json_obj_close();
			}
			json_arr_close();
		}
		json_obj_close();
		return;
	}

	if (prefix)
		printf("%s", prefix);
	if (r->type != RTN_UNICAST)
		printf("%s ", n2a(rt_types, r->type, b1, sizeof(b1)));
	if (!r->dst_len)
		printf("default ");
	else if (r->dst_len == 32)
		printf("%s ", fmt_addr(r->dst, b1));
	else
		printf("%s/%u ", fmt_addr(r->dst, b1), r->dst_len);
	if (r->tos)
		printf("tos %s ", tos_name(r->tos, b1));
	if (r->has_gw)
		printf("via %s ", fmt_addr(r->gw, b1));
	if (r->oif)
		printf("dev %s ", dev_name(r->oif, b1));
	if ((r->table != RT_TABLE_MAIN || show_details) && !f->table)
		printf("table %s ", table_name(r->table, b1, sizeof(b1)));
	if (r->protocol != RTPROT_BOOT || show_details)
		printf("proto %s ", n2a(rt_protos, r->protocol, b1, sizeof(b1)));
	if (r->scope != RT_SCOPE_UNIVERSE || show_details)
		printf("scope %s ", n2a(rt_scopes, r->scope, b1, sizeof(b1)));
	if (r->prefsrc)
		printf("src %s ", fmt_addr(r->prefsrc, b1));
	if (r->priority)
		printf("metric %u ", r->priority);
	print_nh_flags(r->flags);
	print_metrics(r->metrics);
	for (i = 0; i < r->nhs; i++) {
		printf("%snexthop ", oneline ? "\\\t" : "\n\t");
		if (r->nh[i].gw)
			printf("via %s ", fmt_addr(r->nh[i].gw, b1));
		printf("dev %s weight %u ", dev_name(r->nh[i].oif, b1),
		       r->nh[i].weight);
		print_nh_flags(r->nh[i].flags);
	}
	printf("\n");
}

static int route_delete_exact(const struct route *r);

static int route_show_cb(const struct nlmsghdr *nlh, void *data)
{
	struct route_filter *f = data;
	struct route r;

	memset(&r, 0, sizeof(r));
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), route_attr, &r);
	if (!route_matches(&r, f))
		return MNL_CB_OK;
	if (f->flush) {
		/* collected and deleted after the dump (see below) */
		return MNL_CB_OK;
	}
	print_route(&r, f, NULL);
	return MNL_CB_OK;
}

/* Flushing: dump into a list first, delete afterwards. */
struct route_list {
	struct route *v;
	size_t n, cap;
	struct route_filter *f;
};

static int route_collect_cb(const struct nlmsghdr *nlh, void *data)
{
	struct route_list *l = data;
	struct route r;

	memset(&r, 0, sizeof(r));
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), route_attr, &r);
	if (!route_matches(&r, l->f))
		return MNL_CB_OK;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct route *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return MNL_CB_ERROR;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = r;
	return MNL_CB_OK;
}

static int route_dump(struct route_filter *f)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	int err;

	nlh = msg_start(buf, family_id, MYRT_CMD_ROUTE_GET,
			NLM_F_DUMP | NLM_F_ACK);
	if (f->table)
		mnl_attr_put_u32(nlh, MYRT_A_TABLE, f->table);
	if (f->flush) {
		struct route_list l = { .f = f };
		size_t i;

		err = talk(nlh, route_collect_cb, &l);
		if (err) {
			free(l.v);
			return report_nl_error(err);
		}
		for (i = 0; i < l.n; i++) {
			err = route_delete_exact(&l.v[i]);
			if (err && err != -ESRCH) {
				free(l.v);
				return report_nl_error(err);
			}
		}
		free(l.v);
		return 0;
	}
	if (json)
		json_arr_open(NULL);
	err = talk(nlh, route_show_cb, f);
	if (json) {
		json_arr_close();
		putchar('\n');
	}
	if (err)
		return report_nl_error(err);
	return 0;
}

static int route_delete_exact(const struct route *r)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;

	nlh = msg_start(buf, family_id, MYRT_CMD_ROUTE_DEL, NLM_F_ACK);
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
	return talk(nlh, NULL, NULL);
}

/* ---- route get / cache ---- */

struct cache_entry {
	uint32_t key_dst, key_src, key_iif, key_oif, key_mark;
	uint8_t key_tos;
	uint32_t dev;
	char dev_name[IF_NAMESIZE + 1];
	int32_t error, obsolete, expires, refcnt;
	uint32_t dst_flags, header_len, use, lastuse;
	uint32_t rt_flags, rt_iif, rt_dst, rt_src, rt_gateway, rt_spec_dst;
	uint32_t src_map, dst_map;
	uint8_t rt_type;
	uint32_t mtu, hash, genid;
	bool has_hash;	/* the kernel showed bucket and genid (privileged) */
	bool input;
	uint32_t metrics[RTAX_MAX + 1];
};

static int cache_attr(const struct nlattr *attr, void *data)
{
	struct cache_entry *c = data;
	const struct nlattr *a;

	switch (mnl_attr_get_type(attr)) {
	case MYRT_RT_A_KEY_DST:
		c->key_dst = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_KEY_SRC:
		c->key_src = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_KEY_IIF:
		c->key_iif = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_KEY_OIF:
		c->key_oif = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_KEY_TOS:
		c->key_tos = mnl_attr_get_u8(attr);
		break;
	case MYRT_RT_A_KEY_MARK:
		c->key_mark = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_DEV:
		c->dev = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_DEV_NAME:
		snprintf(c->dev_name, sizeof(c->dev_name), "%s",
			 mnl_attr_get_str(attr));
		break;
	case MYRT_RT_A_ERROR:
		c->error = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_OBSOLETE:
		c->obsolete = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_DST_FLAGS:
		c->dst_flags = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_EXPIRES:
		c->expires = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_HEADER_LEN:
		c->header_len = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_REFCNT:
		c->refcnt = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_USE:
		c->use = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_LASTUSE:
		c->lastuse = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_RT_FLAGS:
		c->rt_flags = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_RT_TYPE:
		c->rt_type = mnl_attr_get_u8(attr);
		break;
	case MYRT_RT_A_RT_DST:
		c->rt_dst = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_RT_SRC:
		c->rt_src = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_RT_IIF:
		c->rt_iif = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_RT_GATEWAY:
		c->rt_gateway = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_RT_SPEC_DST:
		c->rt_spec_dst = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_MTU:
		c->mtu = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_HASH:
		c->hash = mnl_attr_get_u32(attr);
		c->has_hash = true;
		break;
	case MYRT_RT_A_GENID:
		c->genid = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_INPUT:
		c->input = true;
		break;
	case MYRT_RT_A_SRC_MAP:
		c->src_map = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_DST_MAP:
		c->dst_map = mnl_attr_get_u32(attr);
		break;
	case MYRT_RT_A_METRICS:
		mnl_attr_for_each_nested(a, attr)
			if (mnl_attr_get_type(a) <= RTAX_MAX)
				c->metrics[mnl_attr_get_type(a)] =
					mnl_attr_get_u32(a);
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

static void print_cache_entry(const struct cache_entry *c)
{
	char b1[64], b2[64], b3[64];
	bool first = true;
	int i;

	if (json) {
		json_obj_open(NULL);
		json_str("type", n2a(rt_types, c->rt_type, b1, sizeof(b1)));
		json_str("dst", fmt_addr(c->rt_dst, b1));
		if (c->key_src)
			json_str("from", fmt_addr(c->key_src, b1));
		if (c->key_tos)
			json_str("tos", tos_name(c->key_tos, b1));
		if (c->rt_gateway != c->rt_dst)
			json_str("gateway", fmt_addr(c->rt_gateway, b1));
		json_str("dev", c->dev_name);
		if (c->input)
			json_str("prefsrc", fmt_addr(c->rt_spec_dst, b1));
		else if (c->rt_src != c->key_src)
			json_str("prefsrc", fmt_addr(c->rt_src, b1));
		if (c->input)
			json_str("iif", dev_name(c->key_iif, b1));
		json_arr_open("flags");
		for (i = 0; rtcf[i].name; i++) {
			if (!(c->rt_flags & rtcf[i].flag))
				continue;
			json_sep();
			printf("\"%s\"", rtcf[i].name);
		}
		json_arr_close();
		json_obj_open("key");
		json_str("dst", fmt_addr(c->key_dst, b1));
		json_str("src", fmt_addr(c->key_src, b1));
		json_uint("iif", c->key_iif);
		json_uint("oif", c->key_oif);
		json_uint("tos", c->key_tos);
		json_uint("mark", c->key_mark);
		json_obj_close();
		json_int("error", c->error);
		json_int("obsolete", c->obsolete);
		json_uint("dst_flags", c->dst_flags);
		json_int("expires", c->expires);
		json_uint("header_len", c->header_len);
		json_int("refcnt", c->refcnt);
		json_uint("use", c->use);
		json_uint("lastuse", c->lastuse);
		json_uint("rt_flags", c->rt_flags);
		json_str("rt_type", rtn_cname(c->rt_type));
		json_str("rt_dst", fmt_addr(c->rt_dst, b1));
		json_str("rt_src", fmt_addr(c->rt_src, b1));
		json_uint("rt_iif", c->rt_iif);
		json_str("rt_gateway", fmt_addr(c->rt_gateway, b1));
		json_str("rt_spec_dst", fmt_addr(c->rt_spec_dst, b1));
		json_str("rt_src_map", fmt_addr(c->src_map, b1));
		json_str("rt_dst_map", fmt_addr(c->dst_map, b1));
		json_uint("mtu", c->mtu);
		if (c->has_hash) {
			json_uint("hash", c->hash);
			json_uint("genid", c->genid);
		}
		json_obj_open("metrics");
		print_metrics(c->metrics);
		json_obj_close();
		json_obj_close();
		return;
	}

	if (c->rt_type != RTN_UNICAST)
		printf("%s ", n2a(rt_types, c->rt_type, b1, sizeof(b1)));
	printf("%s ", fmt_addr(c->rt_dst, b1));
	if (c->key_src)
		printf("from %s ", fmt_addr(c->key_src, b1));
	if (c->key_tos)
		printf("tos %s ", tos_name(c->key_tos, b1));
	if (c->rt_gateway != c->rt_dst)
		printf("via %s ", fmt_addr(c->rt_gateway, b1));
	printf("dev %s ", c->dev_name);
	if (c->input)
		printf("src %s ", fmt_addr(c->rt_spec_dst, b1));
	else if (c->rt_src != c->key_src)
		printf("src %s ", fmt_addr(c->rt_src, b1));
	/* static NAT: what the addresses are rewritten to */
	if (c->rt_flags & (RTCF_SNAT | RTCF_MASQ))
		printf("src-map %s ", fmt_addr(c->src_map, b1));
	if (c->rt_flags & RTCF_DNAT)
		printf("dst-map %s ", fmt_addr(c->dst_map, b1));
	printf("%s    cache ", oneline ? "\\" : "\n");
	for (i = 0; rtcf[i].name; i++) {
		if (!(c->rt_flags & rtcf[i].flag))
			continue;
		printf("%s%s", first ? "<" : ",", rtcf[i].name);
		first = false;
	}
	if (!first)
		printf("> ");
	if (c->expires)
		printf("expires %dsec ", c->expires / 1000);
	if (c->error)
		printf("error %d ", c->error);
	if (show_details)
		printf("users %d used %u age %usec ", c->refcnt, c->use,
		       c->lastuse / 1000);
	print_metrics(c->metrics);
	if (c->input)
		printf("iif %s", dev_name(c->key_iif, b1));
	printf("\n");
	if (!show_details)
		return;
	printf("    key: dst %s src %s iif %u oif %u tos 0x%02x mark 0x%x\n",
	       fmt_addr(c->key_dst, b1), fmt_addr(c->key_src, b2), c->key_iif,
	       c->key_oif, c->key_tos, c->key_mark);
	printf("    dst: dev %s error %d obsolete %d flags %s expires %d ",
	       c->dev_name, c->error, c->obsolete,
	       c->dst_flags & 1 ? "DST_HOST" : "0", c->expires);
	printf("header_len %u refcnt %d use %u lastuse %u\n", c->header_len,
	       c->refcnt, c->use, c->lastuse);
	printf("    rtable: rt_flags ");
	first = true;
	for (i = 0; rtcf[i].name; i++) {
		if (!(c->rt_flags & rtcf[i].flag))
			continue;
		printf("%s%s", first ? "" : "|", rtcf[i].cname);
		first = false;
	}
	if (first)
		printf("0");
	if (c->rt_flags & ~0xFFFF0000u)
		printf("%s0x%x", first ? "" : "|", c->rt_flags & 0xFFFF);
	printf(" rt_type %s rt_dst %s rt_src %s rt_iif %u rt_gateway %s rt_spec_dst %s",
	       rtn_cname(c->rt_type), fmt_addr(c->rt_dst, b1),
	       fmt_addr(c->rt_src, b2), c->rt_iif, fmt_addr(c->rt_gateway, b3),
	       fmt_addr(c->rt_spec_dst, b3 + 32));
	/* the maps of static NAT, on a NAT entry (seed 002's dump has none) */
	if (c->rt_flags & (RTCF_DNAT | RTCF_SNAT | RTCF_MASQ))
		printf(" rt_src_map %s rt_dst_map %s", fmt_addr(c->src_map, b1),
		       fmt_addr(c->dst_map, b2));
	printf("\n");
	if (c->has_hash)
		printf("    hash %u genid %u mtu %u\n", c->hash, c->genid,
		       c->mtu);
	else
		printf("    mtu %u\n", c->mtu);
}

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
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), get_attr, data);
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
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), get_attr, &g);
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

static int do_cache_show(int argc, char **argv)
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
	nlh = msg_start(buf, family_id, MYRT_CMD_CACHE_GET,
			NLM_F_DUMP | NLM_F_ACK);
	if (json)
		json_arr_open(NULL);
	err = talk(nlh, cache_dump_cb, &f);
	if (json) {
		json_arr_close();
		putchar('\n');
	}
	return err ? report_nl_error(err) : 0;
}

static int do_cache_flush(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	int err;

	nlh = msg_start(buf, family_id, MYRT_CMD_CACHE_FLUSH, NLM_F_ACK);
	err = talk(nlh, NULL, NULL);
	return err ? report_nl_error(err) : 0;
}

static int do_route_get(int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct get_reply g;
	struct nlmsghdr *nlh;
	uint32_t a;
	unsigned int v;
	bool have_dst = false;
	int len, err;

	memset(&g, 0, sizeof(g));
	nlh = msg_start(buf, family_id, MYRT_CMD_ROUTE_GET, NLM_F_ACK);
	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "from")) {
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (get_prefix(*argv, &a, &len))
				return invarg("invalid source address", *argv);
			mnl_attr_put_u32(nlh, MYRT_A_SRC, a);
		} else if (!strcmp(*argv, "iif")) {
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (get_ifindex(*argv, &v))
				return EXIT_SYNTAX;
			mnl_attr_put_u32(nlh, MYRT_A_IIF, v);
		} else if (!strcmp(*argv, "oif") || !strcmp(*argv, "dev")) {
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (get_ifindex(*argv, &v))
				return EXIT_SYNTAX;
			mnl_attr_put_u32(nlh, MYRT_A_OIF, v);
		} else if (!strcmp(*argv, "tos") || !strcmp(*argv, "dsfield")) {
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (get_tos(*argv, &v))
				return invarg("TOS value is invalid", *argv);
			mnl_attr_put_u8(nlh, MYRT_A_TOS, v);
		} else if (!strcmp(*argv, "mark")) {
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (get_u32(*argv, &v))
				return invarg("invalid mark value", *argv);
			mnl_attr_put_u32(nlh, MYRT_A_MARK, v);
		} else if (!strcmp(*argv, "explain")) {
			mnl_attr_put(nlh, MYRT_A_EXPLAIN, 0, NULL);
		} else if (!strcmp(*argv, "fibmatch")) {
			mnl_attr_put(nlh, MYRT_A_FIBMATCH, 0, NULL);
		} else {
			if (!strcmp(*argv, "to")) {
				if (--argc <= 0)
					return incomplete();
				argv++;
			}
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
	err = talk(nlh, get_cb, &g);
	if (err) {
		free(g.explain);
		return report_nl_error(err);
	}
	if (g.explain && !json)
		printf("%s", g.explain);
	if (json) {
		json_arr_open(NULL);
		if (g.has_entry)
			print_cache_entry(&g.c);
		if (g.has_route)
			print_route(&g.r, &(struct route_filter){ 0 }, NULL);
		if (g.explain) {
			json_obj_open(NULL);
			json_str("explain", g.explain);
			if (g.error)
				json_int("error", g.error);
			json_obj_close();
		}
		json_arr_close();
		putchar('\n');
	} else if (g.has_entry) {
		print_cache_entry(&g.c);
	} else if (g.has_route) {
		print_route(&g.r, &(struct route_filter){ 0 }, NULL);
	}
	free(g.explain);
	if (g.error) {
		errmsg[0] = 0;
		return report_nl_error(g.error);
	}
	return 0;
}

/* ---- route add/del/... ---- */

static int parse_nexthops(struct nlmsghdr *nlh, int argc, char **argv,
			  int *consumed)
{
	struct nlattr *mp = mnl_attr_nest_start(nlh, MYRT_A_MULTIPATH);
	int used = 0;
	uint32_t a;
	unsigned int v;

	while (argc > 0 && !strcmp(*argv, "nexthop")) {
		struct nlattr *nh = mnl_attr_nest_start(nlh, MYRT_A_NH);
		uint32_t flags = 0;

		argc--;
		argv++;
		used++;
		while (argc > 0 && strcmp(*argv, "nexthop")) {
			if (!strcmp(*argv, "via")) {
				if (--argc <= 0)
					return -incomplete();
				argv++;
				used++;
				if (!strcmp(*argv, "inet")) {
					if (--argc <= 0)
						return -incomplete();
					argv++;
					used++;
				}
				if (get_addr(*argv, &a))
					return -invarg("invalid gateway", *argv);
				mnl_attr_put_u32(nlh, MYRT_NH_A_GATEWAY, a);
			} else if (!strcmp(*argv, "dev")) {
				if (--argc <= 0)
					return -incomplete();
				argv++;
				used++;
				if (get_ifindex(*argv, &v))
					return -EXIT_SYNTAX;
				mnl_attr_put_u32(nlh, MYRT_NH_A_OIF, v);
			} else if (!strcmp(*argv, "weight")) {
				if (--argc <= 0)
					return -incomplete();
				argv++;
				used++;
				if (get_u32(*argv, &v) || !v || v > 256)
					return -invarg("\"weight\" is invalid", *argv);
				mnl_attr_put_u32(nlh, MYRT_NH_A_WEIGHT, v);
			} else if (!strcmp(*argv, "onlink")) {
				flags |= RTNH_F_ONLINK;
			} else {
				return -invarg("unknown nexthop option", *argv);
			}
			argc--;
			argv++;
			used++;
		}
		if (flags)
			mnl_attr_put_u32(nlh, MYRT_NH_A_FLAGS, flags);
		mnl_attr_nest_end(nlh, nh);
	}
	mnl_attr_nest_end(nlh, mp);
	*consumed = used;
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

static int do_route_modify(uint8_t cmd, uint16_t flags, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	uint32_t metrics[RTAX_MAX + 1] = { 0 };
	bool have_dst = false, have_metrics = false, table_ok = false;
	unsigned int v, type = RTN_UNICAST;
	struct nlmsghdr *nlh;
	uint32_t a;
	int len, err, i, used;

	nlh = msg_start(buf, family_id, cmd, NLM_F_ACK);
	if (cmd == MYRT_CMD_ROUTE_NEW)
		mnl_attr_put_u32(nlh, MYRT_A_NLFLAGS, flags);
	for (; argc > 0; argc--, argv++) {
		const char *k = *argv;

		if (!strcmp(k, "src")) {
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (get_addr(*argv, &a))
				return invarg("invalid source address", *argv);
			mnl_attr_put_u32(nlh, MYRT_A_PREFSRC, a);
		} else if (!strcmp(k, "via")) {
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (!strcmp(*argv, "inet")) {
				if (--argc <= 0)
					return incomplete();
				argv++;
			}
			if (get_addr(*argv, &a))
				return invarg("invalid gateway address", *argv);
			mnl_attr_put_u32(nlh, MYRT_A_GATEWAY, a);
		} else if (!strcmp(k, "dev") || !strcmp(k, "oif")) {
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (get_ifindex(*argv, &v))
				return EXIT_SYNTAX;
			mnl_attr_put_u32(nlh, MYRT_A_OIF, v);
		} else if (!strcmp(k, "tos") || !strcmp(k, "dsfield")) {
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (get_tos(*argv, &v))
				return invarg("\"tos\" value is invalid", *argv);
			mnl_attr_put_u8(nlh, MYRT_A_TOS, v);
		} else if (!strcmp(k, "metric") || !strcmp(k, "priority") ||
			   !strcmp(k, "preference")) {
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (get_u32(*argv, &v))
				return invarg("\"metric\" value is invalid", *argv);
			mnl_attr_put_u32(nlh, MYRT_A_PRIORITY, v);
		} else if (!strcmp(k, "table")) {
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (get_table(*argv, &v))
				return invarg("\"table\" value is invalid", *argv);
			mnl_attr_put_u32(nlh, MYRT_A_TABLE, v);
			table_ok = true;
		} else if (!strcmp(k, "proto") || !strcmp(k, "protocol")) {
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (a2n(rt_protos, *argv, &v, 0) || v > 255)
				return invarg("\"protocol\" value is invalid", *argv);
			mnl_attr_put_u8(nlh, MYRT_A_PROTOCOL, v);
		} else if (!strcmp(k, "scope")) {
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (a2n(rt_scopes, *argv, &v, 0) || v > 255)
				return invarg("invalid \"scope\" value", *argv);
			mnl_attr_put_u8(nlh, MYRT_A_SCOPE, v);
		} else if (!strcmp(k, "onlink")) {
			mnl_attr_put_u32(nlh, MYRT_A_FLAGS, RTNH_F_ONLINK);
		} else if (!strcmp(k, "nexthop")) {
			err = parse_nexthops(nlh, argc, argv, &used);
			if (err)
				return -err;
			argc -= used - 1;
			argv += used - 1;
		} else {
			for (i = 0; metric_args[i].name; i++)
				if (!strcmp(k, metric_args[i].name))
					break;
			if (metric_args[i].name) {
				int x = metric_args[i].rtax;

				if (--argc <= 0)
					return incomplete();
				argv++;
				if (!strcmp(*argv, "lock")) {
					metrics[RTAX_LOCK] |= 1u << x;
					if (--argc <= 0)
						return incomplete();
					argv++;
				}
				if (x == RTAX_RTT || x == RTAX_RTTVAR ||
				    x == RTAX_RTO_MIN) {
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
				have_metrics = true;
				continue;
			}
			for (i = 0; rt_types[i].name; i++)
				if (!strcmp(k, rt_types[i].name))
					break;
			if (rt_types[i].name && !have_dst) {
				mnl_attr_put_u8(nlh, MYRT_A_TYPE,
						rt_types[i].val);
				type = rt_types[i].val;
				continue;
			}
			if (!strcmp(k, "to")) {
				if (--argc <= 0)
					return incomplete();
				argv++;
			}
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
	err = talk(nlh, NULL, NULL);
	return err ? report_nl_error(err) : 0;
}

static int parse_route_filter(struct route_filter *f, int argc, char **argv)
{
	unsigned int v;
	uint32_t a;
	int len;

	memset(f, 0, sizeof(*f));
	f->table = RT_TABLE_MAIN;
	f->protocol = -1;
	f->scope = -1;
	f->type = -1;
	f->tos = -1;
	for (; argc > 0; argc--, argv++) {
		const char *k = *argv;

		if (!strcmp(k, "table")) {
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (get_table(*argv, &v))
				return invarg("table id value is invalid", *argv);
			f->table = v;
			f->table_given = true;
		} else if (!strcmp(k, "dev") || !strcmp(k, "oif")) {
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (get_ifindex(*argv, &v))
				return EXIT_SYNTAX;
			f->oif = v;
		} else if (!strcmp(k, "proto") || !strcmp(k, "protocol")) {
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (a2n(rt_protos, *argv, &v, 0))
				return invarg("invalid \"protocol\"", *argv);
			f->protocol = v;
		} else if (!strcmp(k, "scope")) {
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (a2n(rt_scopes, *argv, &v, 0))
				return invarg("invalid \"scope\" value", *argv);
			f->scope = v;
		} else if (!strcmp(k, "type")) {
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (a2n(rt_types, *argv, &v, 0))
				return invarg("node type value is invalid", *argv);
			f->type = v;
		} else if (!strcmp(k, "tos") || !strcmp(k, "dsfield")) {
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (get_tos(*argv, &v))
				return invarg("TOS value is invalid", *argv);
			f->tos = v;
		} else if (!strcmp(k, "via")) {
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (get_addr(*argv, &a))
				return invarg("invalid \"via\"", *argv);
			f->via = a;
			f->via_given = true;
		} else if (!strcmp(k, "root") || !strcmp(k, "match") ||
			   !strcmp(k, "exact")) {
			f->match = !strcmp(k, "exact") ? 1 :
				   !strcmp(k, "root") ? 2 : 3;
			if (--argc <= 0)
				return incomplete();
			argv++;
			if (get_prefix(*argv, &a, &len))
				return invarg("invalid prefix", *argv);
			f->prefix = a;
			f->prefix_len = len;
		} else {
			if (!strcmp(k, "to")) {
				if (--argc <= 0)
					return incomplete();
				argv++;
			}
			if (get_prefix(*argv, &a, &len))
				return invarg("invalid prefix", *argv);
			f->match = !strcmp(*argv, "all") ? 0 : 1;
			f->prefix = a;
			f->prefix_len = len;
		}
	}
	return 0;
}

static int do_route(int argc, char **argv)
{
	struct route_filter f;
	int err;

	if (argc < 1) {
		err = parse_route_filter(&f, 0, NULL);
		return err ? err : route_dump(&f);
	}
	if (matches(*argv, "add"))
		return do_route_modify(MYRT_CMD_ROUTE_NEW,
				       NLM_F_CREATE | NLM_F_EXCL,
				       argc - 1, argv + 1);
	if (matches(*argv, "change") || !strcmp(*argv, "chg"))
		return do_route_modify(MYRT_CMD_ROUTE_NEW, NLM_F_REPLACE,
				       argc - 1, argv + 1);
	if (matches(*argv, "replace"))
		return do_route_modify(MYRT_CMD_ROUTE_NEW,
				       NLM_F_CREATE | NLM_F_REPLACE,
				       argc - 1, argv + 1);
	if (matches(*argv, "prepend"))
		return do_route_modify(MYRT_CMD_ROUTE_NEW, NLM_F_CREATE,
				       argc - 1, argv + 1);
	if (matches(*argv, "append"))
		return do_route_modify(MYRT_CMD_ROUTE_NEW,
				       NLM_F_CREATE | NLM_F_APPEND,
				       argc - 1, argv + 1);
	if (matches(*argv, "delete"))
		return do_route_modify(MYRT_CMD_ROUTE_DEL, 0, argc - 1,
				       argv + 1);
	if (matches(*argv, "get"))
		return do_route_get(argc - 1, argv + 1);
	if (matches(*argv, "show") || matches(*argv, "list") ||
	    matches(*argv, "lst") || matches(*argv, "flush")) {
		bool flush = matches(*argv, "flush");

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
	if (!strcmp(*argv, "help")) {
		printf("Usage: myip route { list | flush } SELECTOR\n"
		       "       myip route { show | flush } cache [ PREFIX ]\n"
		       "       myip route get [ fibmatch ] ADDRESS [ from ADDRESS ] [ iif STRING ]\n"
		       "                              [ oif STRING ] [ tos TOS ] [ mark NUMBER ] [ explain ]\n"
		       "       myip route { add | del | change | append | replace | prepend } ROUTE\n"
		       "ROUTE := [ TYPE ] PREFIX [ tos TOS ] [ table TABLE_ID ] [ proto RTPROTO ]\n"
		       "         [ scope SCOPE ] [ metric METRIC ] [ via ADDRESS ] [ dev STRING ]\n"
		       "         [ src ADDRESS ] [ onlink ] [ mtu NUMBER ] [ advmss NUMBER ] ...\n"
		       "         [ nexthop [ via ADDRESS ] [ dev STRING ] [ weight NUMBER ] [ onlink ] ]...\n"
		       "TYPE := { unicast | local | broadcast | multicast | anycast | throw |\n"
		       "          unreachable | prohibit | blackhole | nat }\n"
		       "         (nat PREFIX via ADDRESS: static NAT of PREFIX to ADDRESS,\n"
		       "          table local by default)\n");
		return 0;
	}
	fprintf(stderr, "Command \"%s\" is unknown, try \"myip route help\".\n",
		*argv);
	return EXIT_SYNTAX;
}

/* ------------------------------------------------------------------ rules */

struct rule {
	uint32_t pref, table, flags, target, mark, mask;
	uint32_t src, dst, map;
	uint8_t action, tos, src_len, dst_len;
	bool has_mark;
	char iif[IF_NAMESIZE + 1], oif[IF_NAMESIZE + 1];
};

static int rule_attr(const struct nlattr *attr, void *data)
{
	struct rule *r = data;

	switch (mnl_attr_get_type(attr)) {
	case MYRT_A_RULE_PREF:
		r->pref = mnl_attr_get_u32(attr);
		break;
	case MYRT_A_TABLE:
		r->table = mnl_attr_get_u32(attr);
		break;
	case MYRT_A_RULE_FLAGS:
		r->flags = mnl_attr_get_u32(attr);
		break;
	case MYRT_A_RULE_GOTO:
		r->target = mnl_attr_get_u32(attr);
		break;
	case MYRT_A_RULE_ACTION:
		r->action = mnl_attr_get_u8(attr);
		break;
	case MYRT_A_TOS:
		r->tos = mnl_attr_get_u8(attr);
		break;
	case MYRT_A_SRC:
		r->src = mnl_attr_get_u32(attr);
		break;
	case MYRT_A_DST:
		r->dst = mnl_attr_get_u32(attr);
		break;
	case MYRT_A_SRC_LEN:
		r->src_len = mnl_attr_get_u8(attr);
		break;
	case MYRT_A_DST_LEN:
		r->dst_len = mnl_attr_get_u8(attr);
		break;
	case MYRT_A_MARK:
		r->mark = mnl_attr_get_u32(attr);
		r->has_mark = true;
		break;
	case MYRT_A_MARK_MASK:
		r->mask = mnl_attr_get_u32(attr);
		break;
	case MYRT_A_IIFNAME:
		snprintf(r->iif, sizeof(r->iif), "%s", mnl_attr_get_str(attr));
		break;
	case MYRT_A_OIFNAME:
		snprintf(r->oif, sizeof(r->oif), "%s", mnl_attr_get_str(attr));
		break;
	case MYRT_A_GATEWAY:
		r->map = mnl_attr_get_u32(attr);
		break;
	}
	return MNL_CB_OK;
}

static void print_rule(const struct rule *r, const char *prefix)
{
	char b1[64], b2[64];

	if (json) {
		json_obj_open(NULL);
		json_uint("priority", r->pref);
		if (r->flags & FIB_RULE_INVERT)
			json_uint("not", 1);
		if (r->src_len) {
			json_str("src", fmt_addr(r->src, b1));
			json_uint("srclen", r->src_len);
		} else {
			json_str("src", "all");
		}
		if (r->dst_len) {
			json_str("dst", fmt_addr(r->dst, b1));
			json_uint("dstlen", r->dst_len);
		}
		if (r->tos)
			json_str("tos", tos_name(r->tos, b1));
		if (r->has_mark) {
			json_uint("fwmark", r->mark);
			json_uint("fwmask", r->mask);
		}
		if (r->iif[0])
			json_str("iif", r->iif);
		if (r->oif[0])
			json_str("oif", r->oif);
		switch (r->action) {
		case FR_ACT_TO_TBL:
			json_str("table", table_name(r->table, b1, sizeof(b1)));
			break;
		case FR_ACT_GOTO:
			json_str("action", "goto");
			json_uint("target", r->target);
			break;
		case FR_ACT_NOP:
			json_str("action", "nop");
			break;
		case FR_ACT_BLACKHOLE:
			json_str("action", "blackhole");
			break;
		case FR_ACT_UNREACHABLE:
			json_str("action", "unreachable");
			break;
		case FR_ACT_PROHIBIT:
			json_str("action", "prohibit");
			break;
		case MYRT_FR_ACT_NAT:
			json_str("table", table_name(r->table, b1, sizeof(b1)));
			json_str("action", "nat");
			json_str("map-to", r->map ? fmt_addr(r->map, b1) :
				 "masquerade");
			break;
		}
		json_obj_close();
		return;
	}
	if (prefix)
		printf("%s", prefix);
	printf("%u:\t", r->pref);
	if (r->flags & FIB_RULE_INVERT)
		printf("not ");
	if (r->src_len && r->src_len != 32)
		printf("from %s/%u ", fmt_addr(r->src, b1), r->src_len);
	else if (r->src_len)
		printf("from %s ", fmt_addr(r->src, b1));
	else
		printf("from all ");
	if (r->dst_len && r->dst_len != 32)
		printf("to %s/%u ", fmt_addr(r->dst, b1), r->dst_len);
	else if (r->dst_len)
		printf("to %s ", fmt_addr(r->dst, b1));
	if (r->tos)
		printf("tos %s ", tos_name(r->tos, b1));
	if (r->has_mark) {
		if (r->mask != 0xFFFFFFFF)
			printf("fwmark 0x%x/0x%x ", r->mark, r->mask);
		else
			printf("fwmark 0x%x ", r->mark);
	}
	if (r->iif[0]) {
		printf("iif %s ", r->iif);
		if (r->flags & FIB_RULE_IIF_DETACHED)
			printf("[detached] ");
	}
	if (r->oif[0]) {
		printf("oif %s ", r->oif);
		if (r->flags & FIB_RULE_OIF_DETACHED)
			printf("[detached] ");
	}
	switch (r->action) {
	case FR_ACT_TO_TBL:
		printf("lookup %s ", table_name(r->table, b2, sizeof(b2)));
		break;
	case FR_ACT_GOTO:
		printf("goto %u ", r->target);
		if (r->flags & FIB_RULE_UNRESOLVED)
			printf("[unresolved] ");
		break;
	case FR_ACT_NOP:
		printf("nop ");
		break;
	case FR_ACT_BLACKHOLE:
		printf("blackhole ");
		break;
	case FR_ACT_UNREACHABLE:
		printf("unreachable ");
		break;
	case FR_ACT_PROHIBIT:
		printf("prohibit ");
		break;
	case MYRT_FR_ACT_NAT:
		printf("lookup %s ", table_name(r->table, b2, sizeof(b2)));
		if (r->map)
			printf("map-to %s ", fmt_addr(r->map, b1));
		else
			printf("masquerade ");
		break;
	default:
		printf("action %u ", r->action);
	}
	printf("\n");
}

struct rule_list {
	struct rule *v;
	size_t n, cap;
	bool collect;
};

static int rule_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rule_list *l = data;
	struct rule r;

	memset(&r, 0, sizeof(r));
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), rule_attr, &r);
	if (!l->collect) {
		print_rule(&r, NULL);
		return MNL_CB_OK;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct rule *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return MNL_CB_ERROR;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = r;
	return MNL_CB_OK;
}

static int rule_dump(struct rule_list *l)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;

	nlh = msg_start(buf, family_id, MYRT_CMD_RULE_GET,
			NLM_F_DUMP | NLM_F_ACK);
	return talk(nlh, rule_dump_cb, l);
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
		nlh = msg_start(buf, family_id, MYRT_CMD_RULE_DEL, NLM_F_ACK);
		mnl_attr_put_u32(nlh, MYRT_A_RULE_PREF, l.v[i].pref);
		mnl_attr_put_u8(nlh, MYRT_A_RULE_ACTION, l.v[i].action);
		mnl_attr_put_u32(nlh, MYRT_A_TABLE, l.v[i].table);
		ret = talk(nlh, NULL, NULL);
		if (ret && ret != -ENOENT && !first_err)
			first_err = ret;
	}
	free(l.v);
	if (!err)
		err = first_err;
	return err ? report_nl_error(err) : 0;
}

static int do_rule_modify(uint8_t cmd, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	bool table_ok = false, action_ok = false, nat = false;
	uint32_t flags = 0, a;
	unsigned int v;
	int len;

	nlh = msg_start(buf, family_id, cmd, NLM_F_ACK);
	for (; argc > 0; argc--, argv++) {
		const char *k = *argv;

		if (!strcmp(k, "not")) {
			flags |= FIB_RULE_INVERT;
			continue;
		}
		if (!strcmp(k, "nop")) {
			mnl_attr_put_u8(nlh, MYRT_A_RULE_ACTION, FR_ACT_NOP);
			action_ok = true;
			continue;
		}
		if (!strcmp(k, "blackhole") || !strcmp(k, "unreachable") ||
		    !strcmp(k, "prohibit")) {
			mnl_attr_put_u8(nlh, MYRT_A_RULE_ACTION,
					!strcmp(k, "blackhole") ? FR_ACT_BLACKHOLE :
					!strcmp(k, "unreachable") ?
					FR_ACT_UNREACHABLE : FR_ACT_PROHIBIT);
			action_ok = true;
			continue;
		}
		if (--argc <= 0)
			return incomplete();
		argv++;
		if (!strcmp(k, "from")) {
			if (get_prefix(*argv, &a, &len))
				return invarg("invalid source", *argv);
			if (strcmp(*argv, "all")) {
				mnl_attr_put_u32(nlh, MYRT_A_SRC, a);
				mnl_attr_put_u8(nlh, MYRT_A_SRC_LEN, len);
			}
		} else if (!strcmp(k, "to")) {
			if (get_prefix(*argv, &a, &len))
				return invarg("invalid destination", *argv);
			if (strcmp(*argv, "all")) {
				mnl_attr_put_u32(nlh, MYRT_A_DST, a);
				mnl_attr_put_u8(nlh, MYRT_A_DST_LEN, len);
			}
		} else if (!strcmp(k, "tos") || !strcmp(k, "dsfield")) {
			if (get_tos(*argv, &v))
				return invarg("TOS value is invalid", *argv);
			mnl_attr_put_u8(nlh, MYRT_A_TOS, v);
		} else if (!strcmp(k, "fwmark")) {
			char tmp[64], *slash;

			snprintf(tmp, sizeof(tmp), "%s", *argv);
			slash = strchr(tmp, '/');
			if (slash)
				*slash++ = 0;
			if (get_u32(tmp, &v))
				return invarg("fwmark value is invalid", *argv);
			mnl_attr_put_u32(nlh, MYRT_A_MARK, v);
			if (slash) {
				if (get_u32(slash, &v))
					return invarg("fwmask value is invalid",
						      *argv);
				mnl_attr_put_u32(nlh, MYRT_A_MARK_MASK, v);
			}
		} else if (!strcmp(k, "iif") || !strcmp(k, "dev")) {
			if (strlen(*argv) >= IF_NAMESIZE)
				return invarg("\"iif\" not a valid ifname", *argv);
			mnl_attr_put_strz(nlh, MYRT_A_IIFNAME, *argv);
		} else if (!strcmp(k, "oif")) {
			if (strlen(*argv) >= IF_NAMESIZE)
				return invarg("\"oif\" not a valid ifname", *argv);
			mnl_attr_put_strz(nlh, MYRT_A_OIFNAME, *argv);
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
		} else if (!strcmp(k, "type")) {
			if (!strcmp(*argv, "blackhole"))
				v = FR_ACT_BLACKHOLE;
			else if (!strcmp(*argv, "unreachable"))
				v = FR_ACT_UNREACHABLE;
			else if (!strcmp(*argv, "prohibit"))
				v = FR_ACT_PROHIBIT;
			else if (!strcmp(*argv, "unicast"))
				v = FR_ACT_TO_TBL;
			else if (!strcmp(*argv, "nop"))
				v = FR_ACT_NOP;
			else if (!strcmp(*argv, "nat"))
				v = MYRT_FR_ACT_NAT;
			else
				return invarg("Failed to parse rule type", *argv);
			mnl_attr_put_u8(nlh, MYRT_A_RULE_ACTION, v);
			action_ok = true;
		} else {
			return invarg("unknown rule selector", k);
		}
	}
	if (flags)
		mnl_attr_put_u32(nlh, MYRT_A_RULE_FLAGS, flags);
	if (cmd == MYRT_CMD_RULE_NEW && !table_ok && (!action_ok || nat))
		mnl_attr_put_u32(nlh, MYRT_A_TABLE, RT_TABLE_MAIN);
	{
		int err = talk(nlh, NULL, NULL);

		return err ? report_nl_error(err) : 0;
	}
}

static int do_rule(int argc, char **argv)
{
	if (argc < 1 || matches(*argv, "show") || matches(*argv, "list") ||
	    matches(*argv, "lst")) {
		struct rule_list l = { .collect = false };
		int err;

		if (json)
			json_arr_open(NULL);
		err = rule_dump(&l);
		if (json) {
			json_arr_close();
			putchar('\n');
		}
		return err ? report_nl_error(err) : 0;
	}
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
		       "          [ blackhole | unreachable | prohibit ]\n"
		       "          [ nat ADDRESS ]   (static NAT of the source;\n"
		       "                             also looks up TABLE_ID)\n");
		return 0;
	}
	fprintf(stderr, "Command \"%s\" is unknown, try \"myip rule help\".\n",
		*argv);
	return EXIT_SYNTAX;
}

/* ------------------------------------------------------------------ monitor */

static int monitor_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	struct route_filter f = { .table = 0 };

	(void)data;

	switch (genl->cmd) {
	case MYRT_CMD_ROUTE_NEW:
	case MYRT_CMD_ROUTE_DEL: {
		struct route r;

		memset(&r, 0, sizeof(r));
		mnl_attr_parse(nlh, sizeof(*genl), route_attr, &r);
		print_route(&r, &f, genl->cmd == MYRT_CMD_ROUTE_DEL ?
			    "Deleted " : NULL);
		break;
	}
	case MYRT_CMD_RULE_NEW:
	case MYRT_CMD_RULE_DEL: {
		struct rule r;

		memset(&r, 0, sizeof(r));
		mnl_attr_parse(nlh, sizeof(*genl), rule_attr, &r);
		print_rule(&r, genl->cmd == MYRT_CMD_RULE_DEL ?
			   "Deleted " : NULL);
		break;
	}
	case MYRT_CMD_CACHE_FLUSH:
		printf("Flushed route cache\n");
		break;
	}
	fflush(stdout);
	return MNL_CB_OK;
}

static int do_monitor(void)
{
	int ret;

	if (!mcgrp_id) {
		fprintf(stderr, "myip: no notification group\n");
		return EXIT_REJECTED;
	}
	if (mnl_socket_setsockopt(nl, NETLINK_ADD_MEMBERSHIP, &mcgrp_id,
				  sizeof(mcgrp_id)) < 0) {
		perror("NETLINK_ADD_MEMBERSHIP");
		return EXIT_REJECTED;
	}
	for (;;) {
		ret = mnl_socket_recvfrom(nl, rxbuf, rxbuf_len);
		if (ret < 0) {
			if (errno == ENOBUFS || errno == EINTR)
				continue;
			perror("recvfrom");
			return EXIT_REJECTED;
		}
		mnl_cb_run(rxbuf, ret, 0, 0, monitor_cb, NULL);
	}
	return 0;
}

/* ------------------------------------------------------------------ main */

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: myip [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"       myip [ -force ] -batch FILENAME\n"
		"where  OBJECT := { route | rule | monitor }\n"
		"       OPTIONS := { -d[etails] | -j[son] | -o[neline] | -n[etns] NAME |\n"
		"                    -b[atch] FILE | -force }\n");
}

static int do_cmd(int argc, char **argv)
{
	if (argc < 1) {
		usage(stderr);
		return EXIT_SYNTAX;
	}
	if (matches(*argv, "route") || !strcmp(*argv, "r"))
		return do_route(argc - 1, argv + 1);
	if (matches(*argv, "rule") && strlen(*argv) >= 2)
		return do_rule(argc - 1, argv + 1);
	if (matches(*argv, "monitor"))
		return do_monitor();
	if (!strcmp(*argv, "help")) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "Object \"%s\" is unknown, try \"myip help\".\n",
		*argv);
	return EXIT_SYNTAX;
}

static int do_batch(const char *name)
{
	FILE *fp = strcmp(name, "-") ? fopen(name, "r") : stdin;
	char *line = NULL, *argv[256];
	size_t cap = 0;
	int lineno = 0, ret = 0;

	if (!fp) {
		fprintf(stderr, "Cannot open file \"%s\" for reading: %s\n",
			name, strerror(errno));
		return EXIT_FAILURE;
	}
	while (getline(&line, &cap, fp) > 0) {
		int argc = 0;
		char *p = line, *tok;

		lineno++;
		tok = strchr(p, '#');
		if (tok)
			*tok = 0;
		while ((tok = strsep(&p, " \t\r\n")) && argc < 255) {
			if (*tok)
				argv[argc++] = tok;
		}
		if (!argc)
			continue;
		argv[argc] = NULL;
		if (do_cmd(argc, argv)) {
			fprintf(stderr, "Command failed %s:%d\n", name, lineno);
			ret = EXIT_FAILURE;
			if (!force)
				break;
		}
	}
	free(line);
	if (fp != stdin)
		fclose(fp);
	return ret;
}

int main(int argc, char **argv)
{
	const char *batch = NULL, *netns = NULL;
	int err;

	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	while (argc > 1 && argv[1][0] == '-') {
		const char *opt = argv[1] + 1;

		if (*opt == '-')
			opt++;
		if (matches(opt, "help") || !strcmp(opt, "h")) {
			usage(stdout);
			return 0;
		}
		if (matches(opt, "Version") || !strcmp(opt, "V")) {
			printf("myip for myrt, genl family %s version %d\n",
			       MYRT_GENL_NAME, MYRT_GENL_VERSION);
			return 0;
		}
		if (matches(opt, "details")) {
			show_details++;
		} else if (matches(opt, "json")) {
			json = 1;
		} else if (matches(opt, "oneline")) {
			oneline = 1;
		} else if (matches(opt, "force")) {
			force = true;
		} else if (matches(opt, "netns") || !strcmp(opt, "n") ||
			   matches(opt, "batch")) {
			if (argc < 3) {
				fprintf(stderr, "Option \"%s\" requires an argument\n",
					argv[1]);
				return EXIT_SYNTAX;
			}
			if (matches(opt, "batch"))
				batch = argv[2];
			else
				netns = argv[2];
			argc--;
			argv++;
		} else {
			fprintf(stderr, "Option \"%s\" is unknown, try \"myip -help\".\n",
				argv[1]);
			return EXIT_SYNTAX;
		}
		argc--;
		argv++;
	}
	if (netns && netns_switch(netns))
		return EXIT_FAILURE;
	if (!batch && argc < 2) {
		usage(stderr);
		return EXIT_SYNTAX;
	}
	if (argc > 1 && !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	err = nl_open();
	if (err)
		return EXIT_REJECTED;
	if (batch)
		err = do_batch(batch);
	else
		err = do_cmd(argc - 1, argv + 1);
	fflush(stdout);
	mnl_socket_close(nl);
	free(rxbuf);
	return err;
}
