// SPDX-License-Identifier: GPL-2.0
/*
 * dinject: send hand-made IPv4 packets (DUMMY by default) through a raw
 * socket with IP_HDRINCL, for tests and floods: any source, destination,
 * TTL, TOS, protocol, DF, a count and a rate of changing source addresses.
 *
 *   dinject -d DST [-s SRC] [-S FIRST -n SPAN] [-R] [-c COUNT] [-t TTL]
 *           [-T TOS] [-p PROTO] [-l LEN] [-D] [-I DEV] [-x SEED]
 *
 *   -S FIRST -n SPAN  sources FIRST, FIRST+1, ... cycling over SPAN addresses
 *   -R                random sources (seeded with -x, printed)
 *   -D                set DF
 *   -O HEX            IP options: the bytes given in hex ("07070400..."),
 *                     padded with zeros (end of list) to a multiple of 4,
 *                     at most 40 (not with -M or -F)
 *   -M KINDS          malformed DUMMY traffic for fuzzing: each of the COUNT
 *                     datagrams is of one kind drawn at random (seed -x,
 *                     printed) from KINDS ("all" or a comma list):
 *                       good       a valid DATA datagram to port -P
 *                       opts       valid, with IP options (NOPs, record
 *                                  route, timestamp, or random option bytes)
 *                       trunc      DUMMY header cut short (0..15 bytes)
 *                       shortlen   DUMMY length below the header size
 *                       longlen    DUMMY length beyond the packet
 *                       badsum     wrong checksum
 *                       badtype    unknown DUMMY type
 *                       flip       a valid datagram with one bit flipped
 *                       fraggood   valid, in 2..4 fragments, any order
 *                       overlap    fragments that overlap (never complete)
 *                       incomplete a first or a last fragment alone
 *                       toobig     a fragment ending past 65535 bytes
 *                     and prints, per kind, "dinject: kind NAME N"
 *   -P PORT           destination port of -M and -G datagrams (default 7)
 *   -G SIZE,PART      COUNT valid DUMMY datagrams (DATA, from -s SRC, -l LEN
 *                     bytes with the DUMMY header, payload from seed -x,
 *                     IP IDs -x SEED + 1, + 2, ...), each cut into fragments
 *                     of SIZE bytes (a multiple of 8; the last one shorter),
 *                     sent in order; PART: all, head (every fragment but the
 *                     last) or tail (the last one).  The same -x, -l, -c, -s
 *                     and -P give the same datagrams: a run with head and
 *                     one with tail complete each other.
 *   -F MTU,QSRC:QSPORT,QDST:QDPORT,QLEN
 *                     send COUNT ICMP fragmentation needed messages (type 3
 *                     code 4, from SRC to DST, as a router would) instead:
 *                     next-hop MTU MTU (0: none, as routers before RFC 1191
 *                     sent), quoting the IP header (DF, total length QLEN,
 *                     protocol -p) and the first 8 bytes of a DUMMY datagram
 *                     QSRC:QSPORT -> QDST:QDPORT
 * Exit 0 when every packet was handed to the kernel, 1 otherwise.
 */
#include "lib/dummy.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void help(void)
{
	fprintf(stderr,
		"usage: dinject -d DST [-s SRC] [-S FIRST -n SPAN] [-R] [-c COUNT] [-t TTL]\n"
		"               [-T TOS] [-p PROTO] [-l LEN] [-D] [-O HEX] [-I DEV] [-x SEED]\n"
		"               [-M KINDS [-P PORT]] [-G SIZE,PART [-P PORT]]\n"
		"               [-F MTU,QSRC:QSPORT,QDST:QDPORT,QLEN]\n");
	exit(2);
}

/* --- -M: malformed DUMMY datagrams ------------------------------------- */

enum { K_GOOD, K_OPTS, K_TRUNC, K_SHORTLEN, K_LONGLEN, K_BADSUM, K_BADTYPE,
	K_FLIP, K_FRAGGOOD, K_OVERLAP, K_INCOMPLETE, K_TOOBIG, K_MAX };

static const char * const kind_names[K_MAX] = {
	"good", "opts", "trunc", "shortlen", "longlen", "badsum", "badtype",
	"flip", "fraggood", "overlap", "incomplete", "toobig",
};

struct mal {
	int fd, proto, port;
	struct sockaddr_in to;
	struct in_addr src;
	uint32_t seed;
	uint16_t id;
	unsigned long sent, failed;
	int last_errno;
};

/* Send one IP packet: header (20 + optlen) + data; frag field as given. */
static void mal_send(struct mal *m, const unsigned char *opt, int optlen,
		     const unsigned char *data, int len, uint16_t frag)
{
	unsigned char pkt[65535];
	struct iphdr *iph = (struct iphdr *)pkt;
	int hl = 20 + optlen;

	if (hl + len > (int)sizeof(pkt))
		len = (int)sizeof(pkt) - hl;
	dummy_ip_header(iph, (size_t)hl, (size_t)(hl + len), 64, m->proto,
			m->src, m->to.sin_addr);
	iph->id = htons(m->id);
	iph->frag_off = htons(frag);
	if (optlen)
		memcpy(pkt + 20, opt, (size_t)optlen);
	memcpy(pkt + hl, data, (size_t)len);
	iph->check = dummy_ip_csum(iph, (size_t)hl);
	if (sendto(m->fd, pkt, (size_t)(hl + len), 0,
		   (struct sockaddr *)&m->to, sizeof(m->to)) < 0) {
		m->failed++;
		m->last_errno = errno;
	} else {
		m->sent++;
	}
}

static int mal_dgram(struct mal *m, unsigned char *d, int plen, int type)
{
	int len = 16 + plen, i;
	uint16_t c;

	d[0] = (uint8_t)(40000 >> 8);
	d[1] = (uint8_t)(40000 & 0xff);
	d[2] = (uint8_t)(m->port >> 8);
	d[3] = (uint8_t)m->port;
	d[4] = (uint8_t)(len >> 8);
	d[5] = (uint8_t)len;
	d[6] = 0;
	d[7] = 0;
	d[8] = (uint8_t)type;
	d[9] = 0;
	d[10] = 0;
	d[11] = 0;
	d[12] = (uint8_t)(m->id >> 8);
	d[13] = (uint8_t)m->id;
	d[14] = 0;
	d[15] = 0;
	for (i = 0; i < plen; i++)
		d[16 + i] = (unsigned char)dummy_xorshift32(&m->seed);
	c = dummy_dgram_csum(m->src, m->to.sin_addr, m->proto, d, len);
	d[6] = (uint8_t)(c >> 8);
	d[7] = (uint8_t)c;
	return len;
}

static void mal_one(struct mal *m, int kind)
{
	static unsigned char d[65536];
	unsigned char opt[40];
	int len, optlen = 0, plen = (int)(dummy_xorshift32(&m->seed) % 300);
	int i, n, off;

	m->id++;
	if (kind == K_FRAGGOOD || kind == K_OVERLAP || kind == K_INCOMPLETE)
		plen = 200 + (int)(dummy_xorshift32(&m->seed) % 1200);
	len = mal_dgram(m, d, plen, 0 /* DATA */);
	switch (kind) {
	case K_GOOD:
		break;
	case K_OPTS:
		switch (dummy_xorshift32(&m->seed) % 4) {
		case 0:		/* NOPs, then end of list */
			optlen = 4 * (1 + (int)(dummy_xorshift32(&m->seed) % 10));
			memset(opt, 1, (size_t)optlen);
			opt[optlen - 1] = 0;
			break;
		case 1:		/* record route, 4 slots */
			optlen = 20;
			memset(opt, 0, sizeof(opt));
			opt[0] = 7; opt[1] = 19; opt[2] = 4;
			break;
		case 2:		/* timestamp, 4 slots */
			optlen = 20;
			memset(opt, 0, sizeof(opt));
			opt[0] = 68; opt[1] = 20; opt[2] = 5; opt[3] = 0;
			break;
		default:	/* garbage */
			optlen = 4 * (1 + (int)(dummy_xorshift32(&m->seed) % 10));
			for (i = 0; i < optlen; i++)
				opt[i] = (unsigned char)dummy_xorshift32(&m->seed);
		}
		break;
	case K_TRUNC:
		len = (int)(dummy_xorshift32(&m->seed) % 16);
		break;
	case K_SHORTLEN:
		d[4] = 0;
		d[5] = (uint8_t)(dummy_xorshift32(&m->seed) % 16);
		break;
	case K_LONGLEN:
		n = len + 1 + (int)(dummy_xorshift32(&m->seed) % 1000);
		d[4] = (uint8_t)(n >> 8);
		d[5] = (uint8_t)n;
		break;
	case K_BADSUM:
		d[7] ^= (uint8_t)(1 + dummy_xorshift32(&m->seed) % 255);
		break;
	case K_BADTYPE:
		len = mal_dgram(m, d, plen, 3 + (int)(dummy_xorshift32(&m->seed) % 253));
		break;
	case K_FLIP:
		i = (int)(dummy_xorshift32(&m->seed) % (uint32_t)len);
		d[i] ^= (uint8_t)(1u << (dummy_xorshift32(&m->seed) % 8));
		break;
	case K_FRAGGOOD: {
		int cut[5], order[4], k;

		n = 2 + (int)(dummy_xorshift32(&m->seed) % 3);
		cut[0] = 0;
		cut[n] = len;
		for (k = 1; k < n; k++)
			cut[k] = k * ((len / n) & ~7);
		for (k = 0; k < n; k++)
			order[k] = k;
		for (k = n - 1; k > 0; k--) {
			int j = (int)(dummy_xorshift32(&m->seed) % (uint32_t)(k + 1));
			int t = order[k];

			order[k] = order[j];
			order[j] = t;
		}
		for (k = 0; k < n; k++) {
			int p = order[k];

			mal_send(m, NULL, 0, d + cut[p], cut[p + 1] - cut[p],
				 (uint16_t)((cut[p] / 8) |
					    (p < n - 1 ? IP_MF : 0)));
		}
		return;
	}
	case K_OVERLAP:
		off = (len / 2) & ~7;
		mal_send(m, NULL, 0, d, off + 64, IP_MF);
		mal_send(m, NULL, 0, d + off, len - off, (uint16_t)(off / 8));
		return;
	case K_INCOMPLETE:
		off = (len / 2) & ~7;
		if (dummy_xorshift32(&m->seed) & 1)
			mal_send(m, NULL, 0, d, off, IP_MF);
		else
			mal_send(m, NULL, 0, d + off, len - off, (uint16_t)(off / 8));
		return;
	case K_TOOBIG:
		mal_send(m, NULL, 0, d, 64 + (int)(dummy_xorshift32(&m->seed) % 200),
			 (uint16_t)((65528 / 8) - (dummy_xorshift32(&m->seed) % 4)));
		return;
	}
	mal_send(m, opt, optlen, d, len, 0);
}

static int malformed(int fd, int proto, struct in_addr src,
		     struct sockaddr_in *to, const char *kinds, int port,
		     unsigned long count, uint32_t seed)
{
	struct mal m = { .fd = fd, .proto = proto, .port = port, .to = *to,
			 .src = src, .seed = seed };
	unsigned long per[K_MAX] = {0}, i;
	int set[K_MAX], nset = 0, k;
	char buf[256], *tok, *save;

	if (!strcmp(kinds, "all")) {
		for (k = 0; k < K_MAX; k++)
			set[nset++] = k;
	} else {
		snprintf(buf, sizeof(buf), "%s", kinds);
		for (tok = strtok_r(buf, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			for (k = 0; k < K_MAX; k++)
				if (!strcmp(tok, kind_names[k]))
					break;
			if (k == K_MAX) {
				fprintf(stderr, "dinject: unknown kind %s\n", tok);
				return 2;
			}
			set[nset++] = k;
		}
	}
	for (i = 0; i < count; i++) {
		k = set[dummy_xorshift32(&m.seed) % (uint32_t)nset];
		per[k]++;
		mal_one(&m, k);
	}
	for (k = 0; k < K_MAX; k++)
		printf("dinject: kind %s %lu\n", kind_names[k], per[k]);
	printf("dinject: sent %lu failed %lu%s%s\n", m.sent, m.failed,
	       m.failed ? " last error " : "",
	       m.failed ? strerror(m.last_errno) : "");
	return m.failed ? 1 : 0;
}

/* --- -G: a datagram in fragments, held back or not --------------------- */

enum { G_ALL, G_HEAD, G_TAIL };

static int fragments(int fd, int proto, struct in_addr src,
		     struct sockaddr_in *to, int port, int len, int size,
		     int part, unsigned long count, uint32_t seed)
{
	struct mal m = { .fd = fd, .proto = proto, .port = port, .to = *to,
			 .src = src, .seed = seed, .id = (uint16_t)seed };
	static unsigned char d[65536];
	unsigned long i;
	int off, n;

	for (i = 0; i < count; i++) {
		m.id++;
		n = mal_dgram(&m, d, len - 16, 0 /* DATA */);
		for (off = 0; off < n; off += size) {
			int last = off + size >= n;

			if ((part == G_HEAD && last) || (part == G_TAIL && !last))
				continue;
			mal_send(&m, NULL, 0, d + off, last ? n - off : size,
				 (uint16_t)((off / 8) | (last ? 0 : IP_MF)));
		}
	}
	printf("dinject: sent %lu failed %lu%s%s\n", m.sent, m.failed,
	       m.failed ? " last error " : "",
	       m.failed ? strerror(m.last_errno) : "");
	return m.failed ? 1 : 0;
}

/* --- -F: ICMP fragmentation needed ------------------------------------ */

struct frag_needed {
	long mtu, qlen, qsport, qdport;
	struct in_addr qsrc, qdst;
};

/* "ADDR:PORT" */
static int parse_addr_port(char *s, struct in_addr *addr, long *port)
{
	char *colon = strrchr(s, ':');

	if (!colon)
		return -1;
	*colon = '\0';
	return dummy_parse_addr(s, addr) ||
	       dummy_parse_int(colon + 1, 0, 65535, port) ? -1 : 0;
}

/* "MTU,QSRC:QSPORT,QDST:QDPORT,QLEN" */
static int parse_frag_needed(const char *arg, struct frag_needed *f)
{
	char buf[128], *tok[4], *save = NULL;
	int n;

	snprintf(buf, sizeof(buf), "%s", arg);
	for (n = 0; n < 4; n++) {
		tok[n] = strtok_r(n ? NULL : buf, ",", &save);
		if (!tok[n])
			return -1;
	}
	if (strtok_r(NULL, ",", &save))
		return -1;
	return dummy_parse_int(tok[0], 0, 65535, &f->mtu) ||
	       parse_addr_port(tok[1], &f->qsrc, &f->qsport) ||
	       parse_addr_port(tok[2], &f->qdst, &f->qdport) ||
	       dummy_parse_int(tok[3], 28, 65535, &f->qlen) ? -1 : 0;
}

/* Build the ICMP message after the outer header at @pkt; returns its length. */
static int build_frag_needed(unsigned char *pkt, const struct frag_needed *f,
			     int proto)
{
	unsigned char *icmp = pkt + 20;
	struct iphdr *q = (struct iphdr *)(icmp + 8);
	unsigned char *qd = icmp + 8 + 20;
	uint16_t c;

	memset(icmp, 0, 8 + 20 + 8);
	icmp[0] = 3;			/* destination unreachable */
	icmp[1] = 4;			/* fragmentation needed and DF set */
	icmp[6] = (uint8_t)(f->mtu >> 8);
	icmp[7] = (uint8_t)f->mtu;
	dummy_ip_header(q, 20, (size_t)f->qlen, 63, proto, f->qsrc, f->qdst);
	q->id = htons(1);
	q->frag_off = htons(IP_DF);
	q->check = dummy_ip_csum(q, 20);
	qd[0] = (uint8_t)(f->qsport >> 8);
	qd[1] = (uint8_t)f->qsport;
	qd[2] = (uint8_t)(f->qdport >> 8);
	qd[3] = (uint8_t)f->qdport;
	qd[4] = (uint8_t)((f->qlen - 20) >> 8);
	qd[5] = (uint8_t)(f->qlen - 20);
	c = dummy_fold(dummy_sum16(icmp, 8 + 20 + 8, 0));
	icmp[2] = (uint8_t)(c >> 8);
	icmp[3] = (uint8_t)c;
	return 8 + 20 + 8;
}

int main(int argc, char **argv)
{
	struct frag_needed fneed = { .mtu = -1 };
	struct in_addr dst = {0}, src = {0}, first = {0};
	unsigned long count = 1, span = 0, i, sent = 0, failed = 0;
	int ttl = 64, tos = 0, proto = 253, len = 16, df = 0, rnd = 0;
	uint32_t seed = (uint32_t)time(NULL) ^ (uint32_t)getpid();
	const char *dev = NULL, *kinds = NULL, *gpart = NULL;
	int port = 7, gsize = 0, part = G_ALL;
	static unsigned char pkt[65535];
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct iphdr *iph = (struct iphdr *)pkt;
	int fd, c, last_errno = 0, optlen = 0, hl;
	unsigned char opts[40] = { 0 };
	const char *step;

	while ((c = getopt(argc, argv, "d:s:S:n:Rc:t:T:p:l:DO:I:x:M:P:F:G:h")) != -1) {
		switch (c) {
		case 'd':
			if (!inet_aton(optarg, &dst))
				help();
			break;
		case 's':
			if (!inet_aton(optarg, &src))
				help();
			break;
		case 'S':
			if (!inet_aton(optarg, &first))
				help();
			break;
		case 'n':
			span = strtoul(optarg, NULL, 0);
			break;
		case 'O':
			for (optlen = 0; optarg[0] && optarg[1]; optarg += 2) {
				unsigned int b;

				if (optlen >= 40 || sscanf(optarg, "%2x", &b) != 1)
					help();
				opts[optlen++] = (unsigned char)b;
			}
			if (optarg[0])
				help();
			optlen = (optlen + 3) & ~3;
			break;
		case 'R':
			rnd = 1;
			break;
		case 'c':
			count = strtoul(optarg, NULL, 0);
			break;
		case 't':
			ttl = atoi(optarg);
			break;
		case 'T':
			tos = (int)strtol(optarg, NULL, 0);
			break;
		case 'p':
			proto = atoi(optarg);
			break;
		case 'l':
			len = atoi(optarg);
			break;
		case 'D':
			df = 1;
			break;
		case 'I':
			dev = optarg;
			break;
		case 'x':
			seed = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'M':
			kinds = optarg;
			break;
		case 'P':
			port = atoi(optarg);
			break;
		case 'F':
			if (parse_frag_needed(optarg, &fneed))
				help();
			break;
		case 'G':
			gsize = atoi(optarg);
			gpart = strchr(optarg, ',');
			if (!gpart || gsize < 8 || gsize % 8)
				help();
			gpart++;
			break;
		default:
			help();
		}
	}
	if ((kinds || gpart) && !src.s_addr) {
		fprintf(stderr, "dinject: -M and -G need -s SRC (the checksum covers it)\n");
		help();
	}
	if (gpart) {
		if (!strcmp(gpart, "head"))
			part = G_HEAD;
		else if (!strcmp(gpart, "tail"))
			part = G_TAIL;
		else if (strcmp(gpart, "all"))
			help();
		if (len < 16 || len > 65535 - 20)
			help();
	}
	if (!dst.s_addr || len < 0 || len > 65535 - 20 || ttl < 0 || ttl > 255)
		help();
	if (rnd || kinds)
		printf("dinject: seed %u\n", seed);
	if (!seed)
		seed = 1;

	fd = dummy_raw_socket(dev, &step);
	if (fd < 0) {
		perror(step);
		return 1;
	}

	if (kinds) {
		to.sin_addr = dst;
		c = malformed(fd, proto, src, &to, kinds, port, count, seed);
		close(fd);
		return c;
	}
	if (gpart) {
		to.sin_addr = dst;
		c = fragments(fd, proto, src, &to, port, len, gsize, part,
			      count, seed);
		close(fd);
		return c;
	}

	memset(pkt, 0, sizeof(pkt));
	if (fneed.mtu >= 0) {
		len = build_frag_needed(pkt, &fneed, proto);
		proto = IPPROTO_ICMP;
		optlen = 0;
	} else {
		if (len > 65535 - 20 - optlen)
			len = 65535 - 20 - optlen;
		for (i = 0; i < (unsigned long)len; i++)
			pkt[20 + optlen + i] = (unsigned char)i;
	}
	hl = 20 + optlen;
	memcpy(pkt + 20, opts, (size_t)optlen);
	dummy_ip_header(iph, (size_t)hl, (size_t)(hl + len), ttl, proto,
			(struct in_addr){ 0 }, dst);
	iph->tos = (uint8_t)tos;
	iph->frag_off = df ? htons(IP_DF) : 0;
	to.sin_addr = dst;

	for (i = 0; i < count; i++) {
		if (rnd)
			iph->saddr = htonl(dummy_xorshift32(&seed));
		else if (span)
			iph->saddr = htonl(ntohl(first.s_addr) + (uint32_t)(i % span));
		else
			iph->saddr = src.s_addr;
		iph->id = htons((uint16_t)i);
		iph->check = 0;
		iph->check = dummy_ip_csum(iph, hl);
		if (sendto(fd, pkt, hl + len, 0, (struct sockaddr *)&to,
			   sizeof(to)) < 0) {
			failed++;
			last_errno = errno;
		} else {
			sent++;
		}
	}
	printf("dinject: sent %lu failed %lu%s%s\n", sent, failed,
	       failed ? " last error " : "",
	       failed ? strerror(last_errno) : "");
	close(fd);
	return failed ? 1 : 0;
}
