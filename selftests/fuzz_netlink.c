// SPDX-License-Identifier: GPL-2.0
/*
 * A seeded fuzzer of the "myrt" generic netlink family.
 *
 *   fuzz_netlink [SEED [COUNT]]
 *
 * In a network namespace of its own (lo, a dummy device and a few routes
 * and rules) it sends COUNT generated messages: random commands and
 * versions, random/missing/oversized/nested attributes, wrong attribute
 * lengths, attributes running past the end, truncated generic netlink
 * headers, bad table ids, huge prefixes, random flag combinations; about
 * half of them start as a valid request and get one to three mutations, so
 * that they pass the policy and reach the FIB, the rules and the cache.
 * Dumps are interrupted midway (a second socket reads one part of a
 * multi-part dump, then closes; or starts another request during it).
 *
 * Every message must get an answer: an NLMSG_ERROR with an errno in
 * range, or well-formed replies (netlink and attribute framing valid,
 * the right sequence number) ending with an ack or NLMSG_DONE.  At the end
 * the tables are dumped and checked, and a valid add/get/del still works.
 * A missing answer, a malformed one or a crash (the runner checks the
 * kernel log) fails.
 *
 * The seed is printed first; `fuzz_netlink SEED` replays a run.  COUNT
 * defaults to 25000 (MYRT_FUZZ_COUNT overrides; MYRT_LONG=1 means 1000000),
 * and the run stops early after MYRT_FUZZ_SECS seconds (default 40; 0 is
 * no limit), printing how many messages it sent.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/fib_rules.h>
#include <libmnl/libmnl.h>

#include "uapi/myrt.h"

static uint64_t rng;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

static int chance(int pct)
{
	return (int)below(100) < pct;
}

struct nl {
	struct mnl_socket *sk;
	uint32_t portid;
	uint16_t family;
	uint32_t seq;
};

static struct {
	unsigned long sent, acked, errors, replies, dumps, dump_parts;
	unsigned long interrupted, busy, bad;
	unsigned long err[4096];
} st;

static char rbuf[1 << 17];
static int dummy_ifindex;

static int nl_open(struct nl *nl)
{
	char b[512];
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	struct timeval tv = { .tv_sec = 5 };
	int one = 1, ret;

	memset(nl, 0, sizeof(*nl));
	nl->sk = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sk || mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0)
		return -1;
	nl->portid = mnl_socket_get_portid(nl->sk);
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(mnl_socket_get_fd(nl->sk), SOL_SOCKET, SO_RCVTIMEO,
		   &tv, sizeof(tv));

	nlh = mnl_nlmsg_put_header(b);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = ++nl->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, MYRT_GENL_NAME);
	if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0)
		return -1;
	ret = mnl_socket_recvfrom(nl->sk, rbuf, sizeof(rbuf));
	if (ret <= 0)
		return -1;
	nlh = (struct nlmsghdr *)rbuf;
	if (nlh->nlmsg_type == NLMSG_ERROR)
		return -1;
	{
		struct nlattr *a;

		mnl_attr_for_each(a, nlh, GENL_HDRLEN)
			if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
				nl->family = mnl_attr_get_u16(a);
	}
	return nl->family ? 0 : -1;
}

/* --- answers ------------------------------------------------------------ */

/* Attributes of a reply must tile the payload exactly, nests too. */
static int attrs_ok(const void *p, int len, int depth)
{
	while (len >= (int)sizeof(struct nlattr)) {
		const struct nlattr *a = p;
		int alen = a->nla_len, step;

		if (alen < (int)sizeof(*a) || alen > len)
			return 0;
		if ((a->nla_type & NLA_F_NESTED) && depth < 4 &&
		    !attrs_ok((const char *)a + NLA_HDRLEN, alen - NLA_HDRLEN,
			      depth + 1))
			return 0;
		step = NLA_ALIGN(alen);
		if (step > len)
			step = len;
		p = (const char *)p + step;
		len -= step;
	}
	return len == 0;
}

static int reply_ok(const struct nlmsghdr *nlh, uint16_t family)
{
	if (nlh->nlmsg_type != family)
		return 0;
	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return 0;
	/* Only the nests this family emits carry NLA_F_NESTED... or not at
	 * all: then the framing of the top level is what can be checked.
	 */
	return attrs_ok((const char *)mnl_nlmsg_get_payload(nlh) + GENL_HDRLEN,
			nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, 0);
}

/*
 * Collect the answer to @seq: returns 0 (ack, or NLMSG_DONE), a negative
 * errno from the kernel, or 1 when the answer is missing or malformed.
 * @max_parts > 0 stops reading a dump after that many datagrams (the
 * caller then abandons it): returns 2.
 */
static int answer(struct nl *nl, uint32_t seq, int max_parts, const char *what)
{
	int parts = 0;

	for (;;) {
		struct nlmsghdr *nlh;
		int len = mnl_socket_recvfrom(nl->sk, rbuf, sizeof(rbuf));

		if (len < 0) {
			printf("# %s seq %u: no answer (%s)\n", what, seq,
			       strerror(errno));
			return 1;
		}
		parts++;
		for (nlh = (struct nlmsghdr *)rbuf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_seq != seq || nlh->nlmsg_pid != nl->portid) {
				printf("# %s: answer with seq %u port %u, expected %u %u\n",
				       what, nlh->nlmsg_seq, nlh->nlmsg_pid,
				       seq, nl->portid);
				return 1;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

				if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*e) ||
				    e->error > 0 || e->error < -4095) {
					printf("# %s seq %u: bad NLMSG_ERROR (error %d)\n",
					       what, seq, e->error);
					return 1;
				}
				st.err[-e->error]++;
				return e->error;
			}
			if (nlh->nlmsg_type == NLMSG_DONE)
				return 0;
			if (!reply_ok(nlh, nl->family)) {
				printf("# %s seq %u: malformed reply type %u len %u\n",
				       what, seq, nlh->nlmsg_type, nlh->nlmsg_len);
				return 1;
			}
			st.replies++;
		}
		if (len) {
			printf("# %s seq %u: %d trailing bytes in a datagram\n",
			       what, seq, len);
			return 1;
		}
		if (max_parts && parts >= max_parts)
			return 2;
	}
}

/* --- messages ----------------------------------------------------------- */

static const int attr_len[MYRT_A_MAX + 1] = {
	[MYRT_A_TABLE] = 4, [MYRT_A_DST] = 4, [MYRT_A_DST_LEN] = 1,
	[MYRT_A_SRC] = 4, [MYRT_A_SRC_LEN] = 1, [MYRT_A_TOS] = 1,
	[MYRT_A_PROTOCOL] = 1, [MYRT_A_SCOPE] = 1, [MYRT_A_TYPE] = 1,
	[MYRT_A_GATEWAY] = 4, [MYRT_A_OIF] = 4, [MYRT_A_IIF] = 4,
	[MYRT_A_PRIORITY] = 4, [MYRT_A_PREFSRC] = 4, [MYRT_A_FLAGS] = 4,
	[MYRT_A_METRICS] = -1, [MYRT_A_MULTIPATH] = -1, [MYRT_A_MARK] = 4,
	[MYRT_A_MARK_MASK] = 4, [MYRT_A_EXPLAIN] = 0, [MYRT_A_EXPLAIN_TEXT] = -2,
	[MYRT_A_ERROR] = 4, [MYRT_A_CACHE] = -1, [MYRT_A_IIFNAME] = -2,
	[MYRT_A_OIFNAME] = -2, [MYRT_A_RULE_PREF] = 4, [MYRT_A_RULE_ACTION] = 1,
	[MYRT_A_RULE_GOTO] = 4, [MYRT_A_RULE_FLAGS] = 4, [MYRT_A_NH] = -1,
	[MYRT_A_FIBMATCH] = 0, [MYRT_A_NLFLAGS] = 4,
};

static uint32_t addr(void)
{
	static const char * const a[] = {
		"10.1.0.0", "10.1.2.3", "10.2.0.1", "192.168.7.1", "192.168.7.2",
		"127.0.0.1", "0.0.0.0", "255.255.255.255", "224.0.0.1",
		"10.255.255.255", "172.16.0.0", "1.2.3.4",
	};

	if (chance(20))
		return rnd();
	return inet_addr(a[below(sizeof(a) / sizeof(a[0]))]);
}

static uint32_t u32val(int type)
{
	static const uint32_t edge[] = {
		0, 1, 2, 31, 32, 33, 64, 127, 128, 252, 253, 254, 255, 256,
		257, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
	};

	if (type == MYRT_A_OIF || type == MYRT_A_IIF) {
		switch (below(4)) {
		case 0: return 1;
		case 1: return (uint32_t)dummy_ifindex;
		}
	}
	if (type == MYRT_A_DST || type == MYRT_A_SRC || type == MYRT_A_GATEWAY ||
	    type == MYRT_A_PREFSRC)
		return addr();
	if (type == MYRT_A_NLFLAGS && chance(60))
		return (NLM_F_CREATE | NLM_F_EXCL | NLM_F_REPLACE |
			NLM_F_APPEND) & rnd();
	if (chance(70))
		return edge[below(sizeof(edge) / sizeof(edge[0]))];
	return rnd();
}

static uint8_t u8val(int type)
{
	static const uint8_t edge[] = {
		0, 1, 2, 3, 4, 5, 8, 9, 10, 16, 24, 31, 32, 33, 64, 128,
		200, 253, 254, 255,
	};

	return chance(80) ? edge[below(sizeof(edge))] : (uint8_t)rnd();
}

static void put_random_nest(struct nlmsghdr *nlh, size_t room, int type,
			    int depth);

/* One attribute of @type with a plausible (or not) payload. */
static void put_attr(struct nlmsghdr *nlh, size_t room, int type, int depth)
{
	int len = (type >= 0 && type <= MYRT_A_MAX) ? attr_len[type] : 4;
	unsigned char junk[2048];
	size_t n;

	if (mnl_nlmsg_size(nlh->nlmsg_len) + 64 > room)
		return;
	if (chance(8)) {	/* wrong length */
		n = chance(70) ? below(12) : below(sizeof(junk));
		if (NLMSG_ALIGN(nlh->nlmsg_len) + NLA_HDRLEN + n > room)
			return;
		for (size_t i = 0; i < n; i++)
			junk[i] = (unsigned char)rnd();
		mnl_attr_put(nlh, type, n, junk);
		return;
	}
	switch (len) {
	case 0:
		mnl_attr_put(nlh, type, 0, NULL);
		break;
	case 1:
		mnl_attr_put_u8(nlh, type, u8val(type));
		break;
	case 4:
		mnl_attr_put_u32(nlh, type, u32val(type));
		break;
	case -2: {		/* string */
		static const char * const s[] = {
			"lo", "fz0", "mylo", "", "nosuchdevice0",
			"abcdefghijklmnopqrstuvwxyz0123456789",
		};
		const char *v = s[below(6)];

		if (chance(10))	/* not NUL terminated */
			mnl_attr_put(nlh, type, strlen(v), v);
		else
			mnl_attr_put_strz(nlh, type, v);
		break;
	}
	default:
		if (depth < 3)
			put_random_nest(nlh, room, type, depth + 1);
		else
			mnl_attr_put(nlh, type, 0, NULL);
	}
}

static void put_random_nest(struct nlmsghdr *nlh, size_t room, int type,
			    int depth)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, room, type);
	int i, n = (int)below(6);

	if (!nest)
		return;
	if (!chance(10))
		nest->nla_type |= NLA_F_NESTED;
	for (i = 0; i < n; i++) {
		int t;

		if (type == MYRT_A_MULTIPATH && chance(70)) {
			struct nlattr *nh = mnl_attr_nest_start_check(nlh, room,
								      MYRT_A_NH);
			int j, m = (int)below(5);

			if (!nh)
				break;
			for (j = 0; j < m; j++) {
				t = (int)below(MYRT_NH_A_MAX + 2);
				if (t == MYRT_NH_A_GATEWAY)
					mnl_attr_put_u32(nlh, t, addr());
				else if (chance(90))
					mnl_attr_put_u32(nlh, t, u32val(MYRT_A_OIF));
				else
					put_attr(nlh, room, t, depth + 1);
			}
			mnl_attr_nest_end(nlh, nh);
			continue;
		}
		if (type == MYRT_A_METRICS) {
			t = (int)below(RTAX_MAX + 3);
			if (chance(90))
				mnl_attr_put_u32(nlh, t, u32val(0));
			else
				put_attr(nlh, room, t, depth + 1);
			continue;
		}
		put_attr(nlh, room, (int)below(MYRT_A_MAX + 3), depth);
	}
	mnl_attr_nest_end(nlh, nest);
}

/* A valid request of a random command, as myip would send it. */
static void put_valid(struct nlmsghdr *nlh, uint8_t cmd, size_t room)
{
	uint32_t dst = htonl(0x0a000000 | (below(4) << 16) | (below(16) << 8));
	uint8_t plen = (uint8_t)(16 + below(9));

	dst &= htonl(plen ? ~0u << (32 - plen) : 0);
	switch (cmd) {
	case MYRT_CMD_ROUTE_NEW:
	case MYRT_CMD_ROUTE_DEL:
		mnl_attr_put_u32(nlh, MYRT_A_DST, dst);
		mnl_attr_put_u8(nlh, MYRT_A_DST_LEN, plen);
		if (chance(50))
			mnl_attr_put_u32(nlh, MYRT_A_TABLE, 100 + below(3));
		if (chance(60)) {
			mnl_attr_put_u32(nlh, MYRT_A_OIF, (uint32_t)dummy_ifindex);
		} else if (chance(50)) {
			mnl_attr_put_u32(nlh, MYRT_A_GATEWAY,
					 inet_addr(chance(50) ? "192.168.7.2" :
						   "192.168.7.3"));
		} else {
			mnl_attr_put_u8(nlh, MYRT_A_TYPE,
					chance(50) ? RTN_UNREACHABLE : RTN_BLACKHOLE);
		}
		if (chance(30))
			mnl_attr_put_u32(nlh, MYRT_A_PRIORITY, below(4));
		if (chance(30))
			mnl_attr_put_u32(nlh, MYRT_A_NLFLAGS,
					 chance(50) ? NLM_F_CREATE | NLM_F_REPLACE
						    : NLM_F_CREATE | NLM_F_APPEND);
		if (chance(15)) {
			struct nlattr *m = mnl_attr_nest_start(nlh, MYRT_A_METRICS);

			mnl_attr_put_u32(nlh, RTAX_MTU, 576 + below(1000));
			mnl_attr_nest_end(nlh, m);
		}
		if (chance(10)) {
			struct nlattr *mp = mnl_attr_nest_start(nlh, MYRT_A_MULTIPATH);
			int i;

			for (i = 0; i < 2; i++) {
				struct nlattr *nh = mnl_attr_nest_start(nlh, MYRT_A_NH);

				mnl_attr_put_u32(nlh, MYRT_NH_A_GATEWAY,
						 htonl(0xc0a80702 + (uint32_t)i));
				mnl_attr_put_u32(nlh, MYRT_NH_A_WEIGHT, 1 + below(3));
				mnl_attr_nest_end(nlh, nh);
			}
			mnl_attr_nest_end(nlh, mp);
		}
		break;
	case MYRT_CMD_ROUTE_GET:
		mnl_attr_put_u32(nlh, MYRT_A_DST,
				 htonl(0x0a000000 | below(0x40000)));
		if (chance(30))
			mnl_attr_put_u32(nlh, MYRT_A_SRC, inet_addr("192.168.7.1"));
		if (chance(30))
			mnl_attr_put_u32(nlh, MYRT_A_IIF, (uint32_t)dummy_ifindex);
		if (chance(20))
			mnl_attr_put_u32(nlh, MYRT_A_MARK, below(4));
		if (chance(30))
			mnl_attr_put(nlh, MYRT_A_EXPLAIN, 0, NULL);
		if (chance(15))
			mnl_attr_put(nlh, MYRT_A_FIBMATCH, 0, NULL);
		break;
	case MYRT_CMD_RULE_NEW:
	case MYRT_CMD_RULE_DEL:
		mnl_attr_put_u32(nlh, MYRT_A_RULE_PREF, 100 + below(50));
		mnl_attr_put_u32(nlh, MYRT_A_TABLE, 100 + below(3));
		if (chance(50)) {
			mnl_attr_put_u32(nlh, MYRT_A_SRC, htonl(0x0a000000 | (below(4) << 16)));
			mnl_attr_put_u8(nlh, MYRT_A_SRC_LEN, 16);
		}
		if (chance(30))
			mnl_attr_put_u32(nlh, MYRT_A_MARK, below(4));
		if (chance(20))
			mnl_attr_put_strz(nlh, MYRT_A_IIFNAME, chance(50) ? "fz0" : "gone0");
		if (chance(10)) {
			mnl_attr_put_u8(nlh, MYRT_A_RULE_ACTION, FR_ACT_GOTO);
			mnl_attr_put_u32(nlh, MYRT_A_RULE_GOTO, 100 + below(60));
		}
		break;
	default:
		break;
	}
	(void)room;
}

/* Build one message into @b; returns its sequence number. */
static struct nlmsghdr *gen(struct nl *nl, char *b, size_t room, int *is_dump)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(b);
	struct genlmsghdr *g;
	int structured = chance(55), i, n;
	uint8_t cmd;

	nlh->nlmsg_type = nl->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++nl->seq;
	if (chance(3))
		nlh->nlmsg_type = (uint16_t)(nl->family + 1 + below(3));
	cmd = (uint8_t)(chance(95) ? 1 + below(MYRT_CMD_MAX) : rnd());
	*is_dump = 0;
	if ((cmd == MYRT_CMD_ROUTE_GET && chance(20)) ||
	    cmd == MYRT_CMD_RULE_GET || cmd == MYRT_CMD_CACHE_GET || chance(3)) {
		nlh->nlmsg_flags |= NLM_F_DUMP;
		*is_dump = 1;
	}
	if (chance(3))
		nlh->nlmsg_flags |= (uint16_t)(rnd() & 0x0f00);
	if (chance(2)) {	/* truncated generic netlink header */
		n = (int)below(GENL_HDRLEN);
		memset(mnl_nlmsg_put_extra_header(nlh, n ? n : 1), (int)cmd, n);
		nlh->nlmsg_len = NLMSG_HDRLEN + n;
		return nlh;
	}
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = chance(95) ? 1 : (uint8_t)rnd();
	g->reserved = chance(97) ? 0 : (uint16_t)rnd();

	if (structured) {
		put_valid(nlh, cmd, room);
		n = 1 + (int)below(3);
		for (i = 0; i < n; i++) {
			switch (below(4)) {
			case 0:		/* drop the last attribute */
				if (nlh->nlmsg_len > NLMSG_HDRLEN + GENL_HDRLEN + 4) {
					struct nlattr *a, *last = NULL;

					mnl_attr_for_each(a, nlh, GENL_HDRLEN)
						last = a;
					if (last)
						nlh->nlmsg_len = (uint32_t)((char *)last - b);
				}
				break;
			case 1:		/* one more, random */
				put_attr(nlh, room, (int)below(MYRT_A_MAX + 3), 0);
				break;
			case 2:		/* a duplicate of a known one */
				put_attr(nlh, room, 1 + (int)below(MYRT_A_MAX), 0);
				break;
			default:	/* flip bits in the payload */
				if (nlh->nlmsg_len > NLMSG_HDRLEN + GENL_HDRLEN) {
					uint32_t off = NLMSG_HDRLEN + GENL_HDRLEN +
						below(nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);

					b[off] ^= (char)(1u << below(8));
				}
			}
		}
	} else {
		n = (int)below(10);
		for (i = 0; i < n; i++)
			put_attr(nlh, room, (int)below(MYRT_A_MAX + 4), 0);
	}
	/* an attribute that runs past the end of the message */
	if (chance(3)) {
		struct nlattr *a = (struct nlattr *)(b + NLMSG_ALIGN(nlh->nlmsg_len));

		a->nla_type = (uint16_t)(1 + below(MYRT_A_MAX));
		a->nla_len = (uint16_t)(8 + below(4096));
		memset(a + 1, 0, 4);
		nlh->nlmsg_len = NLMSG_ALIGN(nlh->nlmsg_len) + 8;
	}
	/* an unaligned tail */
	if (chance(2)) {
		b[nlh->nlmsg_len] = 0;
		nlh->nlmsg_len += 1 + below(3);
	}
	return nlh;
}

/* --- the run ------------------------------------------------------------- */

static int interrupted_dump(uint8_t cmd, uint32_t seed_parts)
{
	char b[256];
	struct nl d;
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	int ret, busy = 0;

	if (nl_open(&d))
		return 1;
	nlh = mnl_nlmsg_put_header(b);
	nlh->nlmsg_type = d.family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP;
	nlh->nlmsg_seq = ++d.seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = 1;
	if (mnl_socket_sendto(d.sk, nlh, nlh->nlmsg_len) < 0) {
		mnl_socket_close(d.sk);
		return 1;
	}
	st.dumps++;
	/* small reads: the kernel fills at most what fits, so parts are many */
	ret = answer(&d, d.seq, 1 + (int)(seed_parts % 3), "interrupted dump");
	if (ret == 2) {
		st.interrupted++;
		if (chance(50)) {
			/* another request while the dump is unfinished */
			nlh->nlmsg_seq = ++d.seq;
			if (mnl_socket_sendto(d.sk, nlh, nlh->nlmsg_len) < 0)
				busy = 1;
			else
				busy = 2;
		}
	} else if (ret == 1) {
		mnl_socket_close(d.sk);
		return 1;
	}
	(void)busy;
	mnl_socket_close(d.sk);		/* the kernel runs the dump's ->done */
	return 0;
}

static int sh(const char *cmd)
{
	int ret = system(cmd);

	if (ret)
		printf("# setup: '%s' failed (%d)\n", cmd, ret);
	return ret;
}

static int setup(void)
{
	char cmd[256];
	int i;

	if (unshare(CLONE_NEWNET)) {
		perror("unshare");
		return -1;
	}
	if (sh("ip link set lo up") ||
	    sh("ip link add fz0 type dummy") ||
	    sh("ip link set fz0 up") ||
	    sh("ip addr add 192.168.7.1/24 dev fz0") ||
	    sh("ip link set mylo up 2>/dev/null || true"))
		return -1;
	dummy_ifindex = (int)if_nametoindex("fz0");
	/* enough routes that a dump needs several parts */
	{
		FILE *f = popen("myip -batch - >/dev/null", "w");

		if (!f)
			return -1;
		for (i = 0; i < 600; i++)
			fprintf(f, "route add 10.%d.%d.0/24 dev fz0 table %d\n",
				10 + i / 256, i % 256, 100 + i % 3);
		for (i = 0; i < 200; i++)
			fprintf(f, "route add 10.20.%d.0/24 via 192.168.7.2\n", i);
		if (pclose(f)) {
			printf("# setup: myip -batch failed\n");
			return -1;
		}
	}
	snprintf(cmd, sizeof(cmd), "myip rule add from 10.0.0.0/8 table 100 pref 150");
	return sh(cmd);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static int final_checks(struct nl *nl)
{
	char b[4096];
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	static const uint8_t dumps[] = {
		MYRT_CMD_ROUTE_GET, MYRT_CMD_RULE_GET, MYRT_CMD_CACHE_GET,
	};
	unsigned int i;
	int ret;

	for (i = 0; i < sizeof(dumps); i++) {
		nlh = mnl_nlmsg_put_header(b);
		nlh->nlmsg_type = nl->family;
		nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP;
		nlh->nlmsg_seq = ++nl->seq;
		g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
		g->cmd = dumps[i];
		g->version = 1;
		if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0 ||
		    answer(nl, nl->seq, 0, "final dump")) {
			printf("# final dump of command %u failed\n", dumps[i]);
			return 1;
		}
	}
	/* the fuzzer's own rules may send 10.77/16 anywhere: back to the
	 * default rules first
	 */
	if (sh("myip rule flush >/dev/null 2>&1; "
	       /* the fuzzing may have deleted the main rule: put it back */
	       "myip rule add pref 32766 table main >/dev/null 2>&1; "
	       "myip route flush table 100 >/dev/null 2>&1; "
	       "myip route flush cache >/dev/null 2>&1; "
	       "myip route add 10.77.0.0/16 dev fz0 table main && "
	       "myip route get 10.77.1.1 | grep -q 'dev fz0' && "
	       "myip route del 10.77.0.0/16 dev fz0 table main")) {
		printf("# a valid add/get/del after the fuzzing failed\n");
		fflush(stdout);
		system("myip rule show | sed 's/^/# rule: /'; "
		       "myip route show table all | grep -v '^10\\.[12][0-9]\\.' | "
		       "head -n 60 | sed 's/^/# route: /'; "
		       "myip route get 10.77.1.1 explain 2>&1 | sed 's/^/# get: /'");
		return 1;
	}
	ret = sh("myip route show table all >/dev/null && myip rule show >/dev/null && "
		 "cat /proc/net/myrt_cache /proc/net/myrt_route >/dev/null 2>&1 || "
		 "cat /proc/net/myrt_cache >/dev/null");
	return ret ? 1 : 0;
}

int main(int argc, char **argv)
{
	unsigned long count = 25000, limit_s = 40, i;
	uint64_t seed;
	struct nl nl;
	static char b[8192];
	long t0;
	const char *e;
	int fail = 0, top, k;

	seed = argc > 1 ? strtoull(argv[1], NULL, 0)
			: ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid();
	if (getenv("MYRT_LONG") && atoi(getenv("MYRT_LONG")))
		count = 1000000, limit_s = 0;
	e = getenv("MYRT_FUZZ_COUNT");
	if (e)
		count = strtoul(e, NULL, 0);
	if (argc > 2)
		count = strtoul(argv[2], NULL, 0);
	e = getenv("MYRT_FUZZ_SECS");
	if (e)
		limit_s = strtoul(e, NULL, 0);
	rng = seed ? seed : 1;

	printf("TAP version 13\n1..3\n");
	printf("# fuzz_netlink: seed %llu count %lu (replay: fuzz_netlink %llu %lu)\n",
	       (unsigned long long)seed, count, (unsigned long long)seed, count);
	fflush(stdout);

	if (setup() || nl_open(&nl)) {
		printf("not ok 1 setup\n");
		return 1;
	}
	printf("ok 1 setup: netns, fz0, 800 routes, a rule\n");

	t0 = now_ms();
	for (i = 0; i < count; i++) {
		int is_dump, ret;
		struct nlmsghdr *nlh;

		if (limit_s && now_ms() - t0 > (long)limit_s * 1000) {
			printf("# time limit %lus reached\n", limit_s);
			break;
		}
		if (chance(1)) {
			static const uint8_t c[] = {
				MYRT_CMD_ROUTE_GET, MYRT_CMD_RULE_GET, MYRT_CMD_CACHE_GET,
			};

			if (interrupted_dump(c[below(3)], rnd())) {
				fail = 1;
				break;
			}
		}
		memset(b, 0, sizeof(b));
		nlh = gen(&nl, b, sizeof(b) - 64, &is_dump);
		if (mnl_socket_sendto(nl.sk, nlh, nlh->nlmsg_len) < 0) {
			/* the socket layer refused it (too short): still counted */
			st.sent++;
			continue;
		}
		st.sent++;
		ret = answer(&nl, nlh->nlmsg_seq, 0, "fuzz");
		if (ret == 1) {
			printf("# message %lu (cmd %u, %u bytes) got no valid answer\n",
			       i, b[NLMSG_HDRLEN], nlh->nlmsg_len);
			fail = 1;
			break;
		}
		if (ret == 0)
			st.acked++;
		else
			st.errors++;
		if (is_dump)
			st.dumps++;
		/* keep the tables from growing without bound */
		if (i % 5000 == 4999)
			system("myip route flush table 101 >/dev/null 2>&1");
	}
	printf("# sent %lu messages in %.1fs: %lu acked/done, %lu errors, %lu replies, "
	       "%lu dumps, %lu interrupted\n", st.sent, (now_ms() - t0) / 1000.0,
	       st.acked, st.errors, st.replies, st.dumps, st.interrupted);
	printf("# errnos:");
	for (top = 0; top < 8; top++) {
		unsigned long best = 0;
		int bi = -1;

		for (k = 1; k < 4096; k++)
			if (st.err[k] > best)
				best = st.err[k], bi = k;
		if (bi < 0)
			break;
		printf(" %s=%lu", strerrorname_np(bi) ?: "?", best);
		st.err[bi] = 0;
	}
	printf("\n");
	printf("%sok 2 every message answered with an error or a well-formed reply (seed %llu)\n",
	       fail ? "not " : "", (unsigned long long)seed);
	if (!fail && final_checks(&nl))
		fail = 2;
	printf("%sok 3 tables, rules and cache still dump; add/get/del still works\n",
	       fail == 2 ? "not " : "");
	printf("# FUZZ_NETLINK_MESSAGES %lu\n", st.sent);
	mnl_socket_close(nl.sk);
	return fail ? 1 : 0;
}
