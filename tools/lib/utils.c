// SPDX-License-Identifier: GPL-2.0
/*
 * Argument parsing and name helpers of the myrt tools (see utils.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <ctype.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/rtnetlink.h>
#include "utils.h"

const struct name_val rt_types[] = {
	{ "unspec", RTN_UNSPEC }, { "unicast", RTN_UNICAST },
	{ "local", RTN_LOCAL }, { "broadcast", RTN_BROADCAST },
	{ "anycast", RTN_ANYCAST }, { "multicast", RTN_MULTICAST },
	{ "blackhole", RTN_BLACKHOLE }, { "unreachable", RTN_UNREACHABLE },
	{ "prohibit", RTN_PROHIBIT }, { "throw", RTN_THROW },
	{ "nat", RTN_NAT }, { "xresolve", RTN_XRESOLVE }, { NULL, 0 }
};

const struct name_val rt_protos[] = {
	{ "unspec", 0 }, { "redirect", 1 }, { "kernel", 2 }, { "boot", 3 },
	{ "static", 4 }, { "gated", 8 }, { "ra", 9 }, { "mrt", 10 },
	{ "zebra", 11 }, { "bird", 12 }, { "dnrouted", 13 }, { "xorp", 14 },
	{ "ntk", 15 }, { "dhcp", 16 }, { "keepalived", 18 }, { "babel", 42 },
	{ "bgp", 186 }, { "isis", 187 }, { "ospf", 188 }, { "rip", 189 },
	{ "eigrp", 192 }, { NULL, 0 }
};

const struct name_val rt_scopes[] = {
	{ "global", RT_SCOPE_UNIVERSE }, { "universe", RT_SCOPE_UNIVERSE },
	{ "site", RT_SCOPE_SITE }, { "link", RT_SCOPE_LINK },
	{ "host", RT_SCOPE_HOST }, { "nowhere", RT_SCOPE_NOWHERE },
	{ NULL, 0 }
};

const struct name_val rt_tables[] = {
	{ "unspec", RT_TABLE_UNSPEC }, { "default", RT_TABLE_DEFAULT },
	{ "main", RT_TABLE_MAIN }, { "local", RT_TABLE_LOCAL },
	{ NULL, 0 }
};

const struct name_val rt_dsfields[] = {
	{ "lowdelay", 0x10 }, { "throughput", 0x08 },
	{ "reliability", 0x04 }, { "mincost", 0x02 }, { NULL, 0 }
};

const char *n2a(const struct name_val *t, unsigned int v, char *buf,
		size_t len)
{
	for (; t->name; t++)
		if (t->val == v)
			return t->name;
	snprintf(buf, len, "%u", v);
	return buf;
}

int name2val(const struct name_val *t, const char *s, unsigned int *v)
{
	for (; t->name; t++) {
		if (!strcmp(t->name, s)) {
			*v = t->val;
			return 0;
		}
	}
	return -1;
}

int a2n(const struct name_val *t, const char *s, unsigned int *v, int base)
{
	char *end;
	unsigned long n;

	if (t && !name2val(t, s, v))
		return 0;
	errno = 0;
	n = strtoul(s, &end, base);
	if (!*s || *end || errno || n > 0xFFFFFFFFUL)
		return -1;
	*v = n;
	return 0;
}

const char *table_name(unsigned int t, char *buf, size_t len)
{
	return n2a(rt_tables, t, buf, len);
}

/*
 * Realm names, as iproute2's rtnl_rtrealm_*: 0 is "unknown" unless
 * /etc/iproute2/rt_realms (read once, on first use) names it; the file
 * names the others; numbers elsewhere.
 */
static char *realm_tab[256] = { "unknown" };
static bool realm_tab_read;

static void realm_tab_init(void)
{
	char line[256], name[128];
	FILE *fp;
	int id;

	realm_tab_read = true;
	fp = fopen("/etc/iproute2/rt_realms", "r");
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp)) {
		char *p = line;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\n' || !*p)
			continue;
		if ((sscanf(p, "0x%x %127s", &id, name) != 2 &&
		     sscanf(p, "%d %127s", &id, name) != 2) ||
		    id < 0 || id > 255 || name[0] == '#')
			continue;
		realm_tab[id] = strdup(name);
	}
	fclose(fp);
}

const char *realm_n2a(unsigned int id, char *buf, size_t len)
{
	if (id < 256 && !realm_tab[id] && !realm_tab_read)
		realm_tab_init();
	if (id < 256 && realm_tab[id])
		return realm_tab[id];
	snprintf(buf, len, "%u", id);
	return buf;
}

/* one realm: a name of the file or a number 0..255 (rtnl_rtrealm_a2n) */
static int realm_a2n(const char *s, uint32_t *id)
{
	unsigned long n;
	char *end;
	int i;

	if (!realm_tab_read)
		realm_tab_init();
	for (i = 0; i < 256; i++) {
		if (realm_tab[i] && !strcmp(realm_tab[i], s)) {
			*id = i;
			return 0;
		}
	}
	n = strtoul(s, &end, 0);
	if (end == s || *end || n > 255)
		return -1;
	*id = n;
	return 0;
}

/*
 * [FROM/]TO realms, else the raw 32-bit value (iproute2's
 * get_rt_realms_or_raw): "realm 5", "realms 3/5", "realms 3/",
 * "realm 0x30005".
 */
int get_realms(const char *arg, uint32_t *realms)
{
	const char *slash = strchr(arg, '/'), *orig = arg;
	uint32_t from = 0, to = 0;
	char tmp[128];
	unsigned int v;

	if (slash) {
		snprintf(tmp, sizeof(tmp), "%.*s", (int)(slash - arg), arg);
		if (realm_a2n(tmp, &from))
			goto raw;
		arg = slash + 1;
	}
	if (*arg && realm_a2n(arg, &to))
		goto raw;
	*realms = from << 16 | to;
	return 0;
raw:
	if (get_u32(orig, &v))
		return -1;
	*realms = v;
	return 0;
}

const char *dev_name(unsigned int ifindex, char *buf)
{
	if (!ifindex)
		return "*";
	if (!if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE, "if%u", ifindex);
	return buf;
}

const char *fmt_addr(uint32_t a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

const char *tos_name(unsigned int tos, char *buf)
{
	snprintf(buf, 8, "0x%02x", tos);
	return buf;
}

bool matches(const char *arg, const char *full)
{
	size_t n = strlen(arg);

	return n && n <= strlen(full) && !strncmp(arg, full, n);
}

/* ------------------------------------------------------------------ errors */

int invarg(const char *msg, const char *arg)
{
	fprintf(stderr, "Error: argument \"%s\" is wrong: %s\n", arg, msg);
	return EXIT_SYNTAX;
}

int incomplete(void)
{
	fprintf(stderr, "Command line is not complete. Try option \"help\"\n");
	return EXIT_SYNTAX;
}

int next_arg(int *argc, char ***argv)
{
	if (--*argc <= 0)
		return incomplete();
	++*argv;
	return 0;
}

int duparg(const char *key, const char *arg)
{
	fprintf(stderr, "Error: duplicate \"%s\": \"%s\" is the second value.\n",
		key, arg);
	return EXIT_SYNTAX;
}

/* ------------------------------------------------------------------ parsing */

int get_addr(const char *s, uint32_t *addr)
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
int get_prefix(const char *s, uint32_t *addr, int *len)
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

int get_table(const char *s, unsigned int *t)
{
	if (!strcmp(s, "all")) {
		*t = 0;
		return 0;
	}
	return a2n(rt_tables, s, t, 0);
}

int get_tos(const char *s, unsigned int *tos)
{
	if (a2n(rt_dsfields, s, tos, 16) || *tos > 255)
		return -1;
	return 0;
}

int get_u32(const char *s, unsigned int *v)
{
	return a2n(NULL, s, v, 0);
}

int get_ifindex(const char *name, unsigned int *idx)
{
	*idx = if_nametoindex(name);
	if (!*idx) {
		fprintf(stderr, "Cannot find device \"%s\"\n", name);
		return -1;
	}
	return 0;
}

/* time in ms, with an optional unit */
int get_time_ms(const char *s, unsigned int *ms)
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

void *vec_push(void **v, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		void *p = realloc(*v, c * size);

		if (!p)
			return NULL;
		*v = p;
		*cap = c;
	}
	return (char *)*v + (*n)++ * size;
}
