// SPDX-License-Identifier: GPL-2.0
/*
 * myip -dot: the structures as Graphviz DOT pictures.
 *
 *   myip -dot route show [table ID|all]   table -> zones -> nodes ->
 *                                          aliases -> fib_info (nexthops)
 *   myip -dot route show cache             rt_hash_table buckets, chains
 *   myip -dot route get ADDR [from A] [iif D] [oif D] [tos T] [mark M]
 *                                 [explain] the lookup's path on the FIB
 *
 * From the kernel's MYRT_CMD_FIB_GET dump (fib_dump.c), the cache dump
 * (with stale entries) and route get (fibmatch: table, route, fib_info and
 * rule; the real lookup with explain: cache hit or new entry).  A zone of
 * more than DOT_LIMIT nodes is drawn with a sample and its counts.
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
#include "myip_dot.h"

struct dzone {
	uint32_t table, divisor, nent, limit;
	int len;
	bool sampled;
};

struct dalias {
	struct route r;
	uint32_t bucket, fi_id, treeref, clntref;
	uint8_t state;
};

struct fibpic {
	struct dzone *z;
	size_t nz, capz;
	struct dalias *a;
	size_t na, capa;
	bool intr;
};

#define ST(member) offsetof(struct st, member)
static const struct attr_field st_fields[] = {
	{ MYRT_ST_A_ZONE_DIVISOR, MNL_TYPE_U32, ST(divisor) },
	{ MYRT_ST_A_ZONE_NENT, MNL_TYPE_U32, ST(nent) },
	{ MYRT_ST_A_ZONE_LIMIT, MNL_TYPE_U32, ST(limit) },
	{ MYRT_ST_A_BUCKET, MNL_TYPE_U32, ST(bucket) },
	{ MYRT_ST_A_FA_STATE, MNL_TYPE_U8, ST(state) },
	{ MYRT_ST_A_FI_ID, MNL_TYPE_U32, ST(fi_id) },
	{ MYRT_ST_A_FI_TREEREF, MNL_TYPE_U32, ST(treeref) },
	{ MYRT_ST_A_FI_CLNTREF, MNL_TYPE_U32, ST(clntref) },
	{ MYRT_ST_A_RULE_PREF, MNL_TYPE_U32, ST(pref) },
	{ 0 }
};

static int st_attr(const struct nlattr *attr, void *data)
{
	struct st *s = data;

	switch (mnl_attr_get_type(attr)) {
	case MYRT_ST_A_ZONE_SAMPLED:
		s->sampled = true;
		break;
	case MYRT_ST_A_FI_ID:
		s->has_fi = true;
		break;
	case MYRT_ST_A_RULE_PREF:
		s->has_pref = true;
		break;
	}
	attr_to_field(attr, st_fields, s);
	return MNL_CB_OK;
}

int fibmsg_attr(const struct nlattr *attr, void *data)
{
	struct fibmsg *m = data;

	switch (mnl_attr_get_type(attr)) {
	case MYRT_A_STRUCT:
		mnl_attr_parse_nested(attr, st_attr, &m->s);
		break;
	case MYRT_A_ERROR:
		m->error = (int32_t)mnl_attr_get_u32(attr);
		m->has_error = true;
		break;
	case MYRT_A_EXPLAIN_TEXT:
		free(m->explain);
		m->explain = strdup(mnl_attr_get_str(attr));
		break;
	case MYRT_A_CACHE:
		break;
	default:
		route_attr(attr, &m->r);
	}
	return MNL_CB_OK;
}

static int fib_cb(const struct nlmsghdr *nlh, void *data)
{
	struct fibpic *p = data;
	struct fibmsg m;

	memset(&m, 0, sizeof(m));
	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		p->intr = true;
	parse_msg(nlh, fibmsg_attr, &m);
	free(m.explain);
	if (m.s.divisor) {
		struct dzone *z = vec_push((void **)&p->z, &p->nz, &p->capz,
					   sizeof(*z));

		z->table = m.r.table;
		z->len = m.r.dst_len;
		z->divisor = m.s.divisor;
		z->nent = m.s.nent;
		z->limit = m.s.limit;
		z->sampled = m.s.sampled;
	} else if (m.s.has_fi) {
		struct dalias *a = vec_push((void **)&p->a, &p->na, &p->capa,
					    sizeof(*a));

		a->r = m.r;
		a->bucket = m.s.bucket;
		a->fi_id = m.s.fi_id;
		a->treeref = m.s.treeref;
		a->clntref = m.s.clntref;
		a->state = m.s.state;
	}
	return MNL_CB_OK;
}

static int fib_fetch(struct fibpic *p, unsigned int table)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	int err;

	nlh = genl_msg(buf, MYRT_CMD_FIB_GET, NLM_F_DUMP | NLM_F_ACK);
	if (table)
		mnl_attr_put_u32(nlh, MYRT_A_TABLE, table);
	mnl_attr_put_u32(nlh, MYRT_A_DUMP_LIMIT, DOT_LIMIT);
	err = genl_talk(nlh, fib_cb, p);
	if (err == -EINTR) {	/* libmnl: a message had NLM_F_DUMP_INTR */
		fprintf(stderr,
			"myip: the FIB changed during the dump (NLM_F_DUMP_INTR), draw again\n");
		return EXIT_REJECTED;
	}
	return err ? genl_report_error(err) : 0;
}

/* ------------------------------------------------------------ drawing */

/* HTML-like labels: escape what could break them */
const char *esc(const char *s)
{
	static char b[4][256];
	static int k;
	char *o = b[k++ & 3], *e = o + 250;

	for (; *s && o < e; s++) {
		if (*s == '<')
			o += sprintf(o, "&lt;");
		else if (*s == '>')
			o += sprintf(o, "&gt;");
		else if (*s == '&')
			o += sprintf(o, "&amp;");
		else if (*s == '"')
			o += sprintf(o, "&quot;");
		else
			*o++ = *s;
	}
	*o = 0;
	return b[(k - 1) & 3];
}

void dot_head(const char *name, const char *title)
{
	printf("digraph %s {\n"
	       "  rankdir=LR; nodesep=0.15; ranksep=0.5; newrank=true;\n"
	       "  fontname=\"Helvetica\"; fontsize=14; labelloc=t;\n"
	       "  label=<%s>;\n"
	       "  node [shape=plaintext, fontname=\"Helvetica\", fontsize=10];\n"
	       "  edge [color=\"#555555\", arrowsize=0.6];\n", name, title);
}

/* the path of a lookup, to highlight */
struct path {
	bool on;
	uint32_t table, key, fi_id;
	int len;
	int nh;			/* selected nexthop, -1 unknown */
};

static bool on_path(const struct path *h, uint32_t table, int len,
		    uint32_t key)
{
	return h && h->on && h->table == table && h->len == len &&
	       h->key == key;
}

static const char *flag_names(uint32_t f, char *b)
{
	*b = 0;
	if (f & RTNH_F_DEAD)
		strcat(b, "dead ");
	if (f & RTNH_F_ONLINK)
		strcat(b, "onlink ");
	if (f & RTNH_F_PERVASIVE)
		strcat(b, "pervasive ");
	if (!*b)
		snprintf(b, 2, "-");
	return b;
}

static void draw_info(const struct dalias *a, const struct path *h)
{
	const struct route *r = &a->r;
	bool hl = h && h->on && h->fi_id == a->fi_id;
	char b1[64], b2[64], b3[64];
	int i, n = r->nhs ? r->nhs : 1;

	printf("  fi%u [label=<<table border=\"%d\" cellborder=\"1\" cellspacing=\"0\" "
	       "cellpadding=\"3\" color=\"%s\" bgcolor=\"%s\">\n",
	       a->fi_id, hl ? 3 : 1, hl ? C_PATH : "#2e7d32",
	       a->treeref > 1 ? C_SHARED : C_INFO);
	printf("    <tr><td colspan=\"4\"><b>fib_info #%u</b>%s</td></tr>\n",
	       a->fi_id, a->treeref > 1 ? " (shared)" : "");
	printf("    <tr><td colspan=\"4\" align=\"left\">treeref %u  clntref "
	       "%u<br align=\"left\"/>proto %s  metric %u<br align=\"left\"/>"
	       "prefsrc %s  flags %s<br align=\"left\"/></td></tr>\n",
	       a->treeref, a->clntref,
	       esc(n2a(rt_protos, r->protocol, b1, sizeof(b1))), r->priority,
	       r->prefsrc ? fmt_addr(r->prefsrc, b2) : "-",
	       flag_names(r->flags & ~(RTNH_F_DEAD | RTNH_F_ONLINK), b3));
	printf("    <tr><td><i>nh</i></td><td><i>gateway</i></td><td><i>"
	       "dev</i></td><td><i>weight flags</i></td></tr>\n");
	for (i = 0; i < n; i++) {
		uint32_t gw = r->nhs ? r->nh[i].gw : r->gw;
		uint32_t oif = r->nhs ? r->nh[i].oif : r->oif;
		uint32_t w = r->nhs ? r->nh[i].weight : 1;
		uint32_t fl = r->nhs ? r->nh[i].flags :
			      r->flags & (RTNH_F_DEAD | RTNH_F_ONLINK);
		bool sel = hl && h->nh == i;

		printf("    <tr><td port=\"nh%d\"%s>%d</td><td%s>%s</td><td%s>%s</td>"
		       "<td%s>%u %s</td></tr>\n",
		       i, sel ? " bgcolor=\"" C_PATHFILL "\"" : "", i,
		       sel ? " bgcolor=\"" C_PATHFILL "\"" : "",
		       gw ? fmt_addr(gw, b1) : "-",
		       sel ? " bgcolor=\"" C_PATHFILL "\"" : "",
		       oif ? esc(dev_name(oif, b2)) : "-",
		       sel ? " bgcolor=\"" C_PATHFILL "\"" : "", w,
		       flag_names(fl, b3));
	}
	printf("  </table>>];\n");
}

/*
 * The edges of a zone: bucket -> node (inside the table's cluster), or
 * alias -> fib_info (@info: outside it, so that the infos, which tables
 * share, are not drawn as the table's).
 */
static void zone_edges(const struct fibpic *p, const struct dzone *z,
		       const struct path *h, bool info)
{
	uint32_t t = z->table;
	int len = z->len;
	size_t i, j;

	for (i = 0; i < p->na; i = j) {
		const struct dalias *a = &p->a[i];
		bool nhl;

		for (j = i + 1; j < p->na && p->a[j].r.table == a->r.table &&
		     p->a[j].r.dst_len == a->r.dst_len &&
		     p->a[j].r.dst == a->r.dst; j++)
			;
		if (a->r.table != t || a->r.dst_len != len)
			continue;
		nhl = on_path(h, t, len, a->r.dst);
		if (!info) {
			printf("  z%u_%d:b%u -> n%u_%d_%08x%s;\n", t, len,
			       a->bucket, t, len, ntohl(a->r.dst),
			       nhl ? " [color=\"" C_PATH "\", penwidth=2.5]" : "");
			continue;
		}
		for (; a < &p->a[j]; a++) {
			bool ahl = nhl && h->fi_id == a->fi_id;

			printf("  n%u_%d_%08x:a%u -> fi%u%s;\n", t, len,
			       ntohl(a->r.dst), (unsigned int)(a - &p->a[i]),
			       a->fi_id,
			       ahl ? " [color=\"" C_PATH "\", penwidth=2.5]" : "");
		}
	}
}

static void draw_zone(const struct fibpic *p, const struct dzone *z,
		      const struct path *h)
{
	uint32_t t = z->table;
	size_t i, j, shown = 0;
	char b1[64], b2[64];
	int len = z->len;
	uint32_t last_bucket = ~0u;
	bool zhl = h && h->on && h->table == t && h->len == len;

	printf("  subgraph cluster_t%u_z%d {\n"
	       "    style=\"filled,rounded\"; fillcolor=\"" C_ZONE "\";"
	       " color=\"%s\"; penwidth=%d;\n",
	       t, len, zhl ? C_PATH : "#c9a227", zhl ? 3 : 1);
	for (i = 0; i < p->na; i++)
		if (p->a[i].r.table == t && p->a[i].r.dst_len == len &&
		    (i == 0 || p->a[i - 1].r.table != t ||
		     p->a[i - 1].r.dst_len != len ||
		     p->a[i - 1].r.dst != p->a[i].r.dst))
			shown++;
	printf("    label=<<b>zone /%d</b>  divisor %u, %u node%s%s>;\n",
	       len, z->divisor, z->nent, z->nent == 1 ? "" : "s",
	       z->sampled ? "<br/><font color=\"#b00000\">sampled: first nodes only</font>" : "");
	/* the zone's hash table: one row per non-empty bucket */
	printf("    z%u_%d [label=<<table border=\"0\" cellborder=\"1\" "
	       "cellspacing=\"0\" cellpadding=\"2\" bgcolor=\"white\">\n"
	       "      <tr><td><i>fz_hash[%u]</i></td></tr>\n", t, len,
	       z->divisor);
	for (i = 0; i < p->na; i++) {
		const struct dalias *a = &p->a[i];

		if (a->r.table != t || a->r.dst_len != len ||
		    a->bucket == last_bucket)
			continue;
		last_bucket = a->bucket;
		if (a->bucket == ~0u)	/* the path's node, beyond the sample */
			printf("      <tr><td port=\"b%u\">its bucket</td></tr>\n",
			       a->bucket);
		else
			printf("      <tr><td port=\"b%u\">bucket %u</td></tr>\n",
			       a->bucket, a->bucket);
	}
	if (z->sampled)
		printf("      <tr><td><font color=\"#b00000\">%u of %u nodes drawn<br/>"
		       "%u not drawn</font></td></tr>\n",
		       (unsigned int)shown, z->nent,
		       z->nent - (unsigned int)shown);
	printf("    </table>>];\n");
	/* the nodes, each with its aliases */
	for (i = 0; i < p->na; i = j) {
		const struct dalias *a = &p->a[i];
		bool nhl;

		for (j = i + 1; j < p->na && p->a[j].r.table == a->r.table &&
		     p->a[j].r.dst_len == a->r.dst_len &&
		     p->a[j].r.dst == a->r.dst; j++)
			;
		if (a->r.table != t || a->r.dst_len != len)
			continue;
		nhl = on_path(h, t, len, a->r.dst);
		printf("    n%u_%d_%08x [label=<<table border=\"%d\" cellborder=\"1\" "
		       "cellspacing=\"0\" cellpadding=\"2\" color=\"%s\" bgcolor=\"white\">"
		       "\n"
		       "      <tr><td colspan=\"3\"%s><b>%s/%d</b></td></tr>\n",
		       t, len, ntohl(a->r.dst), nhl ? 3 : 1,
		       nhl ? C_PATH : "black",
		       nhl ? " bgcolor=\"" C_PATHFILL "\"" : "",
		       fmt_addr(a->r.dst, b1), len);
		for (; a < &p->a[j]; a++) {
			bool ahl = nhl && h->fi_id == a->fi_id;

			printf("      <tr><td port=\"a%u\"%s>tos %s</td><td%s>%s</td><td%s>"
			       "%s%s</td></tr>\n",
			       (unsigned int)(a - &p->a[i]),
			       ahl ? " bgcolor=\"" C_PATHFILL "\"" : "",
			       a->r.tos ? tos_name(a->r.tos, b1) : "0",
			       ahl ? " bgcolor=\"" C_PATHFILL "\"" : "",
			       esc(n2a(rt_types, a->r.type, b2, sizeof(b2))),
			       ahl ? " bgcolor=\"" C_PATHFILL "\"" : "",
			       esc(n2a(rt_scopes, a->r.scope, b2, sizeof(b2))),
			       a->state & 1 ? " *" : "");
		}
		printf("    </table>>];\n");
	}
	printf("  }\n");
	zone_edges(p, z, h, false);
}

static void draw_fib(const struct fibpic *p, const struct path *h)
{
	uint32_t *drawn = calloc(p->na + 1, sizeof(*drawn));
	size_t i, j, k, nd = 0;
	char b1[64];

	for (i = 0; i < p->nz; i++) {
		uint32_t t = p->z[i].table;
		bool thl = h && h->on && h->table == t;

		if (i && p->z[i - 1].table == t)
			continue;
		/* the table and its zone list (fn_zone_list) */
		printf("  subgraph cluster_t%u {\n"
		       "    style=\"filled,rounded\"; fillcolor=\"" C_TABLE "\";"
		       " color=\"%s\"; penwidth=%d;\n"
		       "    label=<<b>table %s</b> (%u)>;\n",
		       t, thl ? C_PATH : "#4a72b0", thl ? 3 : 1,
		       esc(table_name(t, b1, sizeof(b1))), t);
		printf("    t%u [label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" "
		       "cellpadding=\"3\" bgcolor=\"white\">\n"
		       "      <tr><td><i>fn_zone_list</i></td></tr>\n", t);
		for (j = i; j < p->nz && p->z[j].table == t; j++)
			printf("      <tr><td port=\"z%d\">/%d  (%u)</td></tr>\n",
			       p->z[j].len, p->z[j].len, p->z[j].nent);
		printf("    </table>>];\n");
		for (j = i; j < p->nz && p->z[j].table == t; j++)
			draw_zone(p, &p->z[j], h);
		printf("  }\n");
		for (j = i; j < p->nz && p->z[j].table == t; j++) {
			bool zhl = thl && h->len == p->z[j].len;

			printf("  t%u:z%d -> z%u_%d%s;\n", t, p->z[j].len, t,
			       p->z[j].len,
			       zhl ? " [color=\"" C_PATH "\", penwidth=2.5]" : "");
			zone_edges(p, &p->z[j], h, true);
		}
	}
	/* every fib_info once, however many aliases share it */
	for (i = 0; i < p->na; i++) {
		for (k = 0; k < nd; k++)
			if (drawn[k] == p->a[i].fi_id)
				break;
		if (k < nd)
			continue;
		drawn[nd++] = p->a[i].fi_id;
		draw_info(&p->a[i], h);
	}
	free(drawn);
}

static bool any_sampled(const struct fibpic *p)
{
	size_t i;

	for (i = 0; i < p->nz; i++)
		if (p->z[i].sampled)
			return true;
	return false;
}

static void fib_title(const struct fibpic *p, const char *what, char *t,
		      size_t len)
{
	snprintf(t, len, "<b>myrt FIB</b>: %s%s%s<br/><font point-size=\"10\">zone "
			 "-&gt; fz_hash bucket -&gt; fib_node (prefix) with its fib_aliases "
			 "(tos, type, scope; * accessed) -&gt; fib_info with its "
			 "nexthops</font>",
		 what,
		 any_sampled(p) ? "<br/><font color=\"#b00000\">large zones sampled: at most " : "",
		 any_sampled(p) ? "32 nodes drawn per zone</font>" : "");
	if (p->intr)
		snprintf(t + strlen(t), len - strlen(t),
			 "<br/><font color=\"#b00000\">the FIB changed during the "
			 "dump: it may be inconsistent</font>");
}

static void fib_free(struct fibpic *p)
{
	free(p->z);
	free(p->a);
}

static int dot_fib(unsigned int table)
{
	struct fibpic p = { 0 };
	char title[1024], b[64], what[128];
	int err;

	err = fib_fetch(&p, table);
	if (err)
		return err;
	if (table)
		snprintf(what, sizeof(what), "table %s",
			 esc(table_name(table, b, sizeof(b))));
	else
		snprintf(what, sizeof(what), "all tables");
	fib_title(&p, what, title, sizeof(title));
	dot_head("myrt_fib", title);
	if (!p.nz)
		printf("  empty [label=\"(no routes)\"];\n");
	draw_fib(&p, NULL);
	printf("}\n");
	fib_free(&p);
	return 0;
}

/* ------------------------------------------------------------ a lookup */

struct rulepic {
	struct rule *r;
	size_t n, cap;
};

static int rule_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rulepic *p = data;
	struct rule *r = vec_push((void **)&p->r, &p->n, &p->cap, sizeof(*r));

	memset(r, 0, sizeof(*r));
	parse_msg(nlh, rule_attr, r);
	return MNL_CB_OK;
}

/* what explain said about rule @pref: 0 not tried, 1 tried, 2 taken */
static int rule_tried(const char *ex, uint32_t pref)
{
	char key[32];
	const char *s;

	if (!ex)
		return 0;
	snprintf(key, sizeof(key), "rule %u: ", pref);
	for (s = ex; (s = strstr(s, key)); s++)
		if (s == ex || s[-1] == '\n')
			return 1;
	return 0;
}

static const struct name_val get_keys[] = {
	{ "from", MYRT_A_SRC }, { "iif", MYRT_A_IIF }, { "oif", MYRT_A_OIF },
	{ "dev", MYRT_A_OIF }, { "tos", MYRT_A_TOS }, { "dsfield", MYRT_A_TOS },
	{ "mark", MYRT_A_MARK }, { NULL, 0 }
};

/* the request, twice: fibmatch first (no cache change), then the lookup */
static int get_request(struct nlmsghdr *nlh, int argc, char **argv,
		       bool fibmatch)
{
	unsigned int type, v;
	bool have_dst = false;
	uint32_t a;
	int len;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "explain"))
			continue;
		if (!name2val(get_keys, *argv, &type)) {
			if (next_arg(&argc, &argv))
				return EXIT_SYNTAX;
			switch (type) {
			case MYRT_A_SRC:
				if (get_addr(*argv, &a))
					return invarg("invalid from address",
						      *argv);
				mnl_attr_put_u32(nlh, type, a);
				break;
			case MYRT_A_IIF: case MYRT_A_OIF:
				if (get_ifindex(*argv, &v))
					return invarg("cannot find device",
						      *argv);
				mnl_attr_put_u32(nlh, type, v);
				break;
			case MYRT_A_TOS:
				if (get_tos(*argv, &v))
					return invarg("TOS value is invalid",
						      *argv);
				mnl_attr_put_u8(nlh, type, v);
				break;
			default:
				if (get_u32(*argv, &v))
					return invarg("invalid mark value",
						      *argv);
				mnl_attr_put_u32(nlh, type, v);
			}
			continue;
		}
		if (!strcmp(*argv, "to") && next_arg(&argc, &argv))
			return EXIT_SYNTAX;
		if (have_dst)
			return duparg("to", *argv);
		if (get_prefix(*argv, &a, &len))
			return invarg("invalid destination address", *argv);
		mnl_attr_put_u32(nlh, MYRT_A_DST, a);
		have_dst = true;
	}
	if (!have_dst) {
		fprintf(stderr, "need at least a destination address\n");
		return EXIT_SYNTAX;
	}
	mnl_attr_put(nlh, MYRT_A_EXPLAIN, 0, NULL);
	if (fibmatch)
		mnl_attr_put(nlh, MYRT_A_FIBMATCH, 0, NULL);
	return 0;
}

static void draw_explain_text(const char *ex)
{
	const char *s = ex;
	int n = 0;

	printf("  explain [label=<<table border=\"1\" cellborder=\"0\" "
	       "cellspacing=\"0\" cellpadding=\"1\" bgcolor=\"#fafafa\" "
	       "color=\"#999999\">\n"
	       "    <tr><td align=\"left\"><b>explain</b></td></tr>\n");
	while (s && *s && n++ < DOT_EXPLAIN) {
		const char *e = strchr(s, '\n');
		char line[200];
		size_t l = e ? (size_t)(e - s) : strlen(s);

		if (l >= sizeof(line))
			l = sizeof(line) - 1;
		memcpy(line, s, l);
		line[l] = 0;
		printf("    <tr><td align=\"left\"><font face=\"Courier\" point-size=\"9\">"
		       "%s</font></td></tr>\n",
		       esc(line));
		s = e ? e + 1 : NULL;
	}
	printf("  </table>>];\n");
}

static int dot_get(int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], b1[64], b2[64], title[2048];
	struct cachepic fm = { 0 }, lk = { 0 };
	struct rulepic rp = { 0 };
	struct fibpic p = { 0 };
	struct path h = { .nh = -1 };
	struct nlmsghdr *nlh;
	bool hit = false, found = false;
	const char *ex;
	size_t i;
	int err;

	nlh = genl_msg(buf, MYRT_CMD_ROUTE_GET, NLM_F_ACK);
	err = get_request(nlh, argc, argv, true);
	if (err)
		return err;
	err = genl_talk(nlh, cache_cb, &fm);
	if (err)
		return genl_report_error(err);

	nlh = genl_msg(buf, MYRT_CMD_ROUTE_GET, NLM_F_ACK);
	get_request(nlh, argc, argv, false);
	err = genl_talk(nlh, cache_cb, &lk);
	if (err)
		return genl_report_error(err);
	ex = lk.m.explain ? lk.m.explain : fm.m.explain;
	hit = ex && strstr(ex, "cache: hit");

	nlh = genl_msg(buf, MYRT_CMD_RULE_GET, NLM_F_DUMP | NLM_F_ACK);
	err = genl_talk(nlh, rule_cb, &rp);
	if (err)
		return genl_report_error(err);

	/* the tables of the rules the lookup tried, the path's table last */
	for (i = 0; i < rp.n; i++) {
		size_t k;

		if (!rule_tried(ex, rp.r[i].pref) || !rp.r[i].table ||
		    (fm.m.s.has_fi && rp.r[i].table == fm.m.r.table))
			continue;
		for (k = 0; k < i; k++)
			if (rule_tried(ex, rp.r[k].pref) &&
			    rp.r[k].table == rp.r[i].table)
				break;
		if (k < i)
			continue;
		err = fib_fetch(&p, rp.r[i].table);
		if (err)
			return err;
	}
	if (!fm.m.has_error && fm.m.s.has_fi) {
		err = fib_fetch(&p, fm.m.r.table);
		if (err)
			return err;
	}
	if (!fm.m.has_error && fm.m.s.has_fi) {
		h.on = true;
		h.table = fm.m.r.table;
		h.len = fm.m.r.dst_len;
		h.key = fm.m.r.dst;
		h.fi_id = fm.m.s.fi_id;
		if (lk.has_entry) {
			const struct route *r = &fm.m.r;
			int k;

			h.nh = 0;
			for (k = 0; k < r->nhs; k++)
				if (r->nh[k].oif == lk.e[0].dev &&
				    (!r->nh[k].gw || r->nh[k].gw == lk.e[0].gw))
					h.nh = k;
		}
		/* the path's node may lie outside a sampled zone's sample */
		for (i = 0; i < p.na; i++)
			if (on_path(&h, p.a[i].r.table, p.a[i].r.dst_len,
				    p.a[i].r.dst))
				found = true;
		if (!found) {
			struct dalias *a = vec_push((void **)&p.a, &p.na,
						    &p.capa, sizeof(*a));

			memset(a, 0, sizeof(*a));
			a->r = fm.m.r;
			a->r.tos = 0;
			a->fi_id = h.fi_id;
			a->treeref = fm.m.s.treeref;
			a->bucket = ~0u;
		}
	}

	snprintf(title, sizeof(title),
		 "<b>myrt route get %s</b>: %s<br/><font point-size=\"10\">"
		 "red: the lookup's path (rules tried, table, zone, node, "
		 "alias, fib_info, nexthop) and the cache entry</font>",
		 esc(fmt_addr(lk.has_entry ? lk.e[0].key_dst :
			      fm.m.r.dst, b1)),
		 lk.m.has_error ? "failed" : hit ? "cache hit" :
		 "cache miss: a new entry");
	dot_head("myrt_lookup", title);

	/* the rules, in order; those explain tried, the one that matched */
	printf("  rules [label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" "
	       "cellpadding=\"3\" bgcolor=\"white\">\n"
	       "    <tr><td><b>rules</b></td></tr>\n");
	for (i = 0; i < rp.n; i++) {
		const struct rule *r = &rp.r[i];
		bool taken = fm.m.s.has_pref && fm.m.s.pref == r->pref;
		int tried = rule_tried(ex, r->pref);

		printf("    <tr><td port=\"r%u\" align=\"left\"%s>%u: %s%s lookup %s</td></tr>\n",
		       r->pref,
		       taken ? " bgcolor=\"" C_PATHFILL "\"" :
		       tried ? " bgcolor=\"#fff0c0\"" : "",
		       r->pref, r->src_len ? "from " : "from all",
		       r->src_len ? fmt_addr(r->src, b1) : "",
		       esc(table_name(r->table, b2, sizeof(b2))));
	}
	printf("  </table>>];\n");
	draw_fib(&p, &h);
	for (i = 0; i < rp.n; i++) {
		const struct rule *r = &rp.r[i];
		size_t k;

		if (h.on && fm.m.s.has_pref && r->pref == fm.m.s.pref) {
			printf("  rules:r%u -> t%u [color=\"" C_PATH "\", penwidth=2.5];\n",
			       r->pref, h.table);
			continue;
		}
		for (k = 0; k < p.nz; k++)
			if (p.z[k].table == r->table)
				break;
		if (k < p.nz && rule_tried(ex, r->pref))
			printf("  rules:r%u -> t%u [color=\"#e6a700\","
			       " style=dashed, label=\"no match\", fontsize=8];\n",
			       r->pref, r->table);
	}
	if (lk.has_entry) {
		char mark[96];

		snprintf(mark, sizeof(mark), "%s (bucket %u)",
			 hit ? "cache hit" : "new cache entry", lk.e[0].hash);
		draw_centry("entry", &lk.e[0], mark);
		if (h.on)
			printf("  fi%u:nh%d -> entry [color=\"" C_PATH "\","
			       " penwidth=2.5, style=%s];\n",
			       h.fi_id, h.nh < 0 ? 0 : h.nh,
			       hit ? "dashed" : "solid");
	}
	if (ex)
		draw_explain_text(ex);
	printf("}\n");
	fib_free(&p);
	free(rp.r);
	free(fm.e);
	free(lk.e);
	free(fm.m.explain);
	free(lk.m.explain);
	return 0;
}

/* myip -dot route ...: show [table ID|all], show cache, get ... */
int do_dot(int argc, char **argv)
{
	unsigned int table = RT_TABLE_MAIN;

	if (argc < 1 || !(matches(*argv, "route") || !strcmp(*argv, "r"))) {
		fprintf(stderr, "-dot draws: route show [table ID|all], route show cache, "
				"route get ADDR ...\n");
		return EXIT_SYNTAX;
	}
	argc--;
	argv++;
	if (argc > 0 && matches(*argv, "get"))
		return dot_get(argc - 1, argv + 1);
	if (argc > 0 && (matches(*argv, "show") || matches(*argv, "list"))) {
		argc--;
		argv++;
	} else if (argc > 0) {
		fprintf(stderr, "-dot: \"%s\" cannot be drawn\n", *argv);
		return EXIT_SYNTAX;
	}
	for (; argc > 0; argc--, argv++) {
		if (matches(*argv, "cache"))
			return dot_cache();
		if (!strcmp(*argv, "table")) {
			if (next_arg(&argc, &argv))
				return EXIT_SYNTAX;
			if (!strcmp(*argv, "all"))
				table = 0;
			else if (get_table(*argv, &table))
				return invarg("table id value is invalid",
					      *argv);
		} else if (!strcmp(*argv, "all")) {
			table = 0;
		} else {
			fprintf(stderr, "-dot: \"%s\" is not understood\n",
				*argv);
			return EXIT_SYNTAX;
		}
	}
	return dot_fib(table);
}
