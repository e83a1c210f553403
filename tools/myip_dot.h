/* SPDX-License-Identifier: GPL-2.0 */
/* myip -dot: what the FIB picture (myip_dot.c) and the cache picture
 * (myip_dot_cache.c) share.
 */
#ifndef MYIP_DOT_H
#define MYIP_DOT_H

#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>
#include <libmnl/libmnl.h>

#define C_TABLE		"#e8f0fb"
#define C_ZONE		"#fdf6dc"
#define C_INFO		"#e3f4e1"
#define C_SHARED	"#b9e4b3"
#define C_PATH		"#d62728"
#define C_PATHFILL	"#ffd8d0"
#define C_STALE		"#d9d9d9"

/* A route dump message with its structure attributes (MYRT_A_STRUCT). */
struct st {
	uint32_t divisor, nent, limit, bucket, fi_id, treeref, clntref, pref;
	uint8_t state;
	bool sampled, has_pref, has_fi;
};

struct fibmsg {
	struct route r;
	struct st s;
	bool is_zone, has_error;
	int error;
	char *explain;
};

#define DOT_LIMIT	32	/* nodes drawn per zone */
#define DOT_EXPLAIN	40	/* explain lines drawn */

/* One route cache entry as drawn. */
struct centry {
	uint32_t key_dst, key_src, key_iif, key_oif, dev, flags, use, hash;
	uint32_t genid, score, gw, dst;
	int32_t refcnt, error;
	uint8_t tos, type;
	bool input, stale;
	char dev_name[IF_NAMESIZE + 1];
};

/* The entries of a cache dump or a route get reply. */
struct cachepic {
	struct centry *e;
	size_t n, cap;
	/* route get */
	bool has_entry;
	struct fibmsg m;
};

int fibmsg_attr(const struct nlattr *attr, void *data);
const char *esc(const char *s);
void dot_head(const char *name, const char *title);
int cache_cb(const struct nlmsghdr *nlh, void *data);
void draw_centry(const char *id, const struct centry *c, const char *mark);
int dot_cache(void);

#endif
