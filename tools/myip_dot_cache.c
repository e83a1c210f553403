// SPDX-License-Identifier: GPL-2.0
/*
 * myip -dot route show cache: the rt_hash_table's non-empty buckets and
 * their chains; each entry with its key, device, flags, use/refcnt, the
 * rt_score bits and whether it is stale (an old genid).  Also the entry a
 * lookup used or made (myip_dot.c, route get).
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

#define CE(member) offsetof(struct centry, member)
static const struct attr_field centry_fields[] = {
	{ MYRT_RT_A_KEY_DST, MNL_TYPE_U32, CE(key_dst) },
	{ MYRT_RT_A_KEY_SRC, MNL_TYPE_U32, CE(key_src) },
	{ MYRT_RT_A_KEY_IIF, MNL_TYPE_U32, CE(key_iif) },
	{ MYRT_RT_A_KEY_OIF, MNL_TYPE_U32, CE(key_oif) },
	{ MYRT_RT_A_KEY_TOS, MNL_TYPE_U8, CE(tos) },
	{ MYRT_RT_A_DEV, MNL_TYPE_U32, CE(dev) },
	{ MYRT_RT_A_ERROR, MNL_TYPE_U32, CE(error) },
	{ MYRT_RT_A_REFCNT, MNL_TYPE_U32, CE(refcnt) },
	{ MYRT_RT_A_USE, MNL_TYPE_U32, CE(use) },
	{ MYRT_RT_A_RT_FLAGS, MNL_TYPE_U32, CE(flags) },
	{ MYRT_RT_A_RT_TYPE, MNL_TYPE_U8, CE(type) },
	{ MYRT_RT_A_RT_DST, MNL_TYPE_U32, CE(dst) },
	{ MYRT_RT_A_RT_GATEWAY, MNL_TYPE_U32, CE(gw) },
	{ MYRT_RT_A_HASH, MNL_TYPE_U32, CE(hash) },
	{ MYRT_RT_A_GENID, MNL_TYPE_U32, CE(genid) },
	{ MYRT_RT_A_SCORE, MNL_TYPE_U32, CE(score) },
	{ 0 }
};

static int centry_attr(const struct nlattr *attr, void *data)
{
	struct centry *c = data;

	if (attr_to_field(attr, centry_fields, c))
		return MNL_CB_OK;
	switch (mnl_attr_get_type(attr)) {
	case MYRT_RT_A_DEV_NAME:
		snprintf(c->dev_name, sizeof(c->dev_name), "%s",
			 mnl_attr_get_str(attr));
		break;
	case MYRT_RT_A_INPUT:
		c->input = true;
		break;
	case MYRT_RT_A_STALE:
		c->stale = true;
		break;
	}
	return MNL_CB_OK;
}

static int cache_msg_attr(const struct nlattr *attr, void *data)
{
	struct cachepic *c = data;

	if (mnl_attr_get_type(attr) == MYRT_A_CACHE) {
		struct centry *e = vec_push((void **)&c->e, &c->n, &c->cap,
					    sizeof(*e));

		memset(e, 0, sizeof(*e));
		mnl_attr_parse_nested(attr, centry_attr, e);
		c->has_entry = true;
		return MNL_CB_OK;
	}
	return fibmsg_attr(attr, &c->m);
}

int cache_cb(const struct nlmsghdr *nlh, void *data)
{
	parse_msg(nlh, cache_msg_attr, data);
	return MNL_CB_OK;
}

static const char *rtcf_names(uint32_t f, char *b)
{
	static const struct { uint32_t f; const char *n; } t[] = {
		{ 0x80000000, "local" }, { 0x20000000, "brd" },
		{ 0x10000000, "mc" }, { 0x00200000, "reject" },
		{ 0x00020000, "dst-direct" }, { 0x04000000, "src-direct" },
		{ 0x01000000, "redirected" }, { 0x00000400, "notify" },
		{ 0x00800000, "dst-nat" }, { 0x00400000, "masq" },
		{ 0x00080000, "src-nat" }, { 0, NULL }
	};
	int i;

	*b = 0;
	for (i = 0; t[i].n; i++)
		if (f & t[i].f)
			sprintf(b + strlen(b), "%s%s", *b ? "," : "", t[i].n);
	if (!*b)
		snprintf(b, 2, "-");
	return b;
}

void draw_centry(const char *id, const struct centry *c, const char *mark)
{
	char b1[64], b2[64], b3[64], b4[160];

	printf("  %s [label=<<table border=\"%d\" cellborder=\"0\" cellspacing=\"0\" "
	       "cellpadding=\"2\" color=\"%s\" bgcolor=\"%s\">\n",
	       id, mark ? 3 : 1, mark ? C_PATH : c->stale ? "#888888" : "#6a3d9a",
	       c->stale ? C_STALE : mark ? C_PATHFILL : "#efe8f7");
	if (mark)
		printf("    <tr><td><b><font color=\"" C_PATH "\">%s</font></b></td></tr>\n",
		       mark);
	printf("    <tr><td><b>%s %s</b>%s</td></tr>\n",
	       c->input ? "in" : "out", fmt_addr(c->key_dst, b1),
	       c->stale ? " <i>(stale: old genid)</i>" : "");
	printf("    <tr><td align=\"left\">key src %s  %s %s  tos 0x%02x</td></tr>\n",
	       fmt_addr(c->key_src, b1), c->input ? "iif" : "oif",
	       (c->input ? c->key_iif : c->key_oif) ?
	       esc(dev_name(c->input ? c->key_iif : c->key_oif, b2)) : "*",
	       c->tos);
	printf("    <tr><td align=\"left\">%s via %s dev %s</td></tr>\n",
	       esc(n2a(rt_types, c->type, b3, sizeof(b3))),
	       fmt_addr(c->gw, b1), esc(c->dev_name));
	printf("    <tr><td align=\"left\">flags %s</td></tr>\n",
	       rtcf_names(c->flags, b4));
	printf("    <tr><td align=\"left\">use %u  refcnt %d  genid %u</td></tr>\n",
	       c->use, c->refcnt, c->genid);
	printf("    <tr><td align=\"left\">score 0x%08x%s%s%s</td></tr>\n",
	       c->score, c->score & (1u << 31) ? " valuable" : "",
	       c->score & (1u << 30) ? " output/plain" : "",
	       c->score & (1u << 29) ? " hit" : "");
	printf("  </table>>];\n");
}

static int cmp_hash(const void *a, const void *b)
{
	const struct centry *x = a, *y = b;

	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

int dot_cache(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], id[32];
	struct cachepic c = { 0 };
	struct nlmsghdr *nlh;
	size_t i, stale = 0, shown;
	int err;

	nlh = genl_msg(buf, MYRT_CMD_CACHE_GET, NLM_F_DUMP | NLM_F_ACK);
	mnl_attr_put(nlh, MYRT_A_STALE, 0, NULL);
	err = genl_talk(nlh, cache_cb, &c);
	if (err)
		return genl_report_error(err);
	/* stable: a chain keeps its order */
	for (i = 1; i < c.n; i++)
		if (c.e[i].hash < c.e[i - 1].hash)
			break;
	if (i < c.n)
		qsort(c.e, c.n, sizeof(*c.e), cmp_hash);
	for (i = 0; i < c.n; i++)
		stale += c.e[i].stale;
	shown = c.n > 8 * DOT_LIMIT ? 8 * DOT_LIMIT : c.n;
	{
		char title[512];

		snprintf(title, sizeof(title),
			 "<b>myrt route cache</b>: rt_hash_table, %zu entr%s (%zu "
			 "stale)%s<br/><font point-size=\"10\">non-empty buckets, "
			 "each with its chain (rt_next); grey: stale (old genid, "
			 "reaped lazily)</font>",
			 c.n, c.n == 1 ? "y" : "ies", stale,
			 shown < c.n ? "<br/><font color=\"#b00000\">sampled: the first entries "
				       "only</font>" : "");
		dot_head("myrt_cache", title);
	}
	printf("  ht [label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" "
	       "cellpadding=\"3\" bgcolor=\"#fff7e0\">\n"
	       "    <tr><td><i>rt_hash_table</i></td></tr>\n");
	for (i = 0; i < shown; i++)
		if (!i || c.e[i].hash != c.e[i - 1].hash)
			printf("    <tr><td port=\"b%u\">bucket %u</td></tr>\n",
			       c.e[i].hash, c.e[i].hash);
	if (shown < c.n)
		printf("    <tr><td><font color=\"#b00000\">%zu entries not drawn</font>"
		       "</td></tr>\n",
		       c.n - shown);
	if (!c.n)
		printf("    <tr><td>(empty)</td></tr>\n");
	printf("  </table>>];\n");
	for (i = 0; i < shown; i++) {
		snprintf(id, sizeof(id), "e%zu", i);
		draw_centry(id, &c.e[i], NULL);
		if (!i || c.e[i].hash != c.e[i - 1].hash)
			printf("  ht:b%u -> e%zu;\n", c.e[i].hash, i);
		else
			printf("  e%zu -> e%zu [label=\"rt_next\", fontsize=8];\n",
			       i - 1, i);
	}
	printf("}\n");
	free(c.e);
	return 0;
}
