// SPDX-License-Identifier: GPL-2.0
/*
 * dflood: a fast sender of valid DUMMY datagrams through a raw socket
 * (IP_HDRINCL) from many source addresses, in sendmmsg() batches: route
 * cache floods, and the steady "established" flow measured beside them.
 *
 *   dflood -d DST [-s SRC | -S FIRST -n SPAN [-R [-x SEED]]] [-c COUNT]
 *          [-b BATCH] [-P PORT] [-p PROTO] [-l LEN] [-i USEC] [-I DEV] [-q]
 *          [-H KEY,MASK,IIF [-B BUCKET] [-z]]
 *
 *   -d DST         destination address
 *   -s SRC         one source address (an established flow)
 *   -S FIRST -n SPAN
 *                  sources FIRST, FIRST+1, ..., FIRST+SPAN-1, then again
 *   -R             with -S/-n: sources drawn at random from that range
 *                  (seeded by -x SEED, printed), instead of in order
 *   -c COUNT       datagrams to send (default 1; 0: until SIGINT/SIGTERM)
 *   -b BATCH       datagrams per sendmmsg() call (default 64, at most 1024)
 *   -P PORT        DUMMY destination port (default 9; source port 40000)
 *   -p PROTO       IP protocol (default: the loaded module's, else 253)
 *   -l LEN         payload bytes after the 16-byte DUMMY header (default 0)
 *   -i USEC        pause between batches (default 0: as fast as possible)
 *   -I DEV         SO_BINDTODEVICE
 *   -q             no summary line
 *   -H KEY,MASK,IIF
 *                  the receiver's route cache hash: bucket =
 *                  jhash_3words(daddr, saddr, IIF, KEY) & MASK, where KEY
 *                  is genid ^ seed (the hash_key line of the receiving
 *                  netns' /proc/net/stat/myrt_cache_chains, for root; or
 *                  its genid line ^ myrt's hash_rnd parameter), MASK its
 *                  buckets - 1, IIF the ifindex the packets arrive on
 *                  there.  Without -B it prints the bucket of -s SRC or
 *                  FIRST ("dflood: bucket B").
 *   -B BUCKET      with -H and -S/-n: send only the sources of the range
 *                  that hash to BUCKET (a colliding flood, CVE-2003-0244),
 *                  found once at the start ("dflood: M of SPAN sources in
 *                  bucket B"), in order, then again (-R: at random)
 *   -z             with -H: print what -H/-B found, send nothing
 *
 * At the end it prints one line:
 *   dflood: sent N failed F seconds S ns_per_packet X pps P
 * (the cost is the wall-clock time of the sending loop divided by the
 * datagrams sent: on a veth the receiver's softirq work is usually done in
 * the sender's context, so it includes the receive path).
 * Exit 0 when every datagram was handed to the kernel, 1 otherwise (also
 * when no source of the range hashes to -B BUCKET), 2 on bad usage.
 */
#include "lib/dummy.h"

#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <netinet/ip.h>

#define DFLOOD_MAX_BATCH	1024
#define DFLOOD_SPORT		40000

static int stop;		/* set by the signal handler */

static void on_signal(int sig)
{
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
}

static int stopped(void)
{
	return __atomic_load_n(&stop, __ATOMIC_RELAXED);
}

static void help(void)
{
	fprintf(stderr,
		"usage: dflood -d DST [-s SRC | -S FIRST -n SPAN [-R [-x SEED]]] [-c COUNT]\n"
		"              [-b BATCH] [-P PORT] [-p PROTO] [-l LEN] [-i USEC] [-I DEV] [-q]\n"
		"              [-H KEY,MASK,IIF [-B BUCKET] [-z]]\n");
	exit(2);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Bob Jenkins' lookup3 as the kernel's include/linux/jhash.h has it (the
 * same in 6.1 and 6.12): __jhash_final and jhash_3words, whose initval is
 * the caller's plus JHASH_INITVAL plus 3 << 2.
 */
#define JHASH_INITVAL	0xdeadbeefU

static inline uint32_t rol32(uint32_t w, unsigned int s)
{
	return (w << s) | (w >> ((-s) & 31));
}

static uint32_t jhash_3words(uint32_t a, uint32_t b, uint32_t c,
			     uint32_t initval)
{
	initval += JHASH_INITVAL + (3 << 2);
	a += initval;
	b += initval;
	c += initval;
	c ^= b; c -= rol32(b, 14);
	a ^= c; a -= rol32(c, 11);
	b ^= a; b -= rol32(a, 25);
	c ^= b; c -= rol32(b, 16);
	a ^= c; a -= rol32(c, 4);
	b ^= a; b -= rol32(a, 14);
	c ^= b; c -= rol32(b, 24);
	return c;
}

struct myrt_hashkey {
	uint32_t key, mask, iif;
};

/* myrt_cache_hash(): addresses as the kernel loads them (network order). */
static uint32_t cache_bucket(const struct myrt_hashkey *h, struct in_addr dst,
			     uint32_t src)
{
	return jhash_3words(dst.s_addr, htonl(src), h->iif, h->key) & h->mask;
}

/* "KEY,MASK,IIF", each decimal or 0x hex */
static int parse_hashkey(const char *arg, struct myrt_hashkey *h)
{
	unsigned long long v[3];
	char *end;
	int i;

	for (i = 0; i < 3; i++) {
		errno = 0;
		v[i] = strtoull(arg, &end, 0);
		if (errno || end == arg || v[i] > UINT32_MAX ||
		    *end != (i < 2 ? ',' : '\0'))
			return -1;
		arg = end + 1;
	}
	h->key = (uint32_t)v[0];
	h->mask = (uint32_t)v[1];
	h->iif = (uint32_t)v[2];
	return 0;
}

struct flood {
	unsigned char *buf;	/* BATCH packets, @stride bytes apart */
	size_t stride;
	struct mmsghdr *msgs;
	struct iovec *iov;
	size_t plen;		/* IP packet length */
	uint32_t base;		/* DUMMY checksum without the source */
	uint32_t first, span, seed;
	uint32_t *list;		/* -B: the colliding sources, else NULL */
	int rnd;
	unsigned long next;	/* sequence number of the next source */
};

static uint32_t next_source(struct flood *f)
{
	uint32_t off;

	if (f->rnd)
		off = dummy_xorshift32(&f->seed) % f->span;
	else
		off = (uint32_t)(f->next % f->span);
	f->next++;
	return f->list ? f->list[off] : f->first + off;
}

/* Give datagram @i of the batch source @src (host order). */
static void set_source(struct flood *f, int i, uint32_t src)
{
	unsigned char *p = f->buf + (size_t)i * f->stride;
	struct iphdr *iph = (struct iphdr *)p;
	struct myrt_dummyhdr *dh = (struct myrt_dummyhdr *)(p + 20);
	uint16_t c;

	iph->saddr = htonl(src);
	c = dummy_fold(f->base + (src >> 16) + (src & 0xffff));
	dh->check = htons(c ? c : 0xffff);
	iph->check = 0;
	iph->check = dummy_ip_csum(iph, 20);
}

int main(int argc, char **argv)
{
	struct in_addr dst = {0}, src = {0}, first = {0};
	unsigned long count = 1, sent = 0, failed = 0;
	long span = 0, batch = 64, port = 9, proto = -1, len = 0, gap = 0, v;
	uint32_t seed = (uint32_t)time(NULL) ^ (uint32_t)getpid();
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct myrt_dummyhdr dh;
	struct flood f = { 0 };
	int fd, c, quiet = 0, rnd = 0, last_errno = 0, i;
	const char *step;
	int hashed = 0, dry = 0;
	long bucket = -1;
	struct myrt_hashkey hk = { 0 };
	const char *dev = NULL;
	double t0, t;

	while ((c = getopt(argc, argv, "d:s:S:n:Rx:c:b:P:p:l:i:I:qH:B:zh")) != -1) {
		switch (c) {
		case 'd':
			if (dummy_parse_addr(optarg, &dst))
				help();
			break;
		case 's':
			if (dummy_parse_addr(optarg, &src))
				help();
			break;
		case 'S':
			if (dummy_parse_addr(optarg, &first))
				help();
			break;
		case 'n':
			span = dummy_opt_int(optarg, 1, 1L << 32, help);
			break;
		case 'R':
			rnd = 1;
			break;
		case 'x':
			seed = (uint32_t)dummy_opt_int(optarg, 0, UINT32_MAX, help);
			break;
		case 'c':
			count = (unsigned long)dummy_opt_int(optarg, 0, LONG_MAX, help);
			break;
		case 'b':
			batch = dummy_opt_int(optarg, 1, DFLOOD_MAX_BATCH, help);
			break;
		case 'P':
			port = dummy_opt_int(optarg, 1, 65535, help);
			break;
		case 'p':
			proto = dummy_opt_int(optarg, 0, 255, help);
			break;
		case 'l':
			len = dummy_opt_int(optarg, 0, 65535 - 20 - 16, help);
			break;
		case 'i':
			gap = dummy_opt_int(optarg, 0, 60 * 1000 * 1000, help);
			break;
		case 'I':
			dev = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'H':
			if (parse_hashkey(optarg, &hk))
				help();
			hashed = 1;
			break;
		case 'B':
			bucket = dummy_opt_int(optarg, 0, UINT32_MAX, help);
			break;
		case 'z':
			dry = 1;
			break;
		default:
			help();
		}
	}
	if (optind != argc || !dst.s_addr || (!src.s_addr && !span) ||
	    (src.s_addr && span) || (rnd && !span) ||
	    (bucket >= 0 && (!hashed || !span)) || (dry && !hashed))
		help();
	if (proto < 0)
		proto = dummy_proto();
	if (rnd) {
		if (!seed)
			seed = 1;
		printf("dflood: seed %u\n", seed);
	}
	if (src.s_addr) {
		first = src;
		span = 1;
	}
	if (hashed && bucket < 0) {
		printf("dflood: bucket %u\n",
		       cache_bucket(&hk, dst, ntohl(first.s_addr)));
	} else if (hashed) {
		/* the sources of the range that fall into the bucket */
		uint32_t b0 = ntohl(first.s_addr), m = 0, cap = 1024;
		uint64_t k;

		f.list = malloc(cap * sizeof(*f.list));
		for (k = 0; f.list && k < (uint64_t)span; k++) {
			if (cache_bucket(&hk, dst, b0 + (uint32_t)k) !=
			    (uint32_t)bucket)
				continue;
			if (m == cap) {
				uint32_t *l = realloc(f.list, 2 * cap * sizeof(*l));

				if (!l) {
					free(f.list);
					f.list = NULL;
					break;
				}
				f.list = l;
				cap *= 2;
			}
			f.list[m++] = b0 + (uint32_t)k;
		}
		if (!f.list) {
			fprintf(stderr, "dflood: out of memory\n");
			return 1;
		}
		printf("dflood: %u of %ld sources in bucket %ld\n", m, span,
		       bucket);
		if (!m)
			return 1;
		span = m;
	}
	if (dry)
		return 0;
	if (count && (unsigned long)batch > count)
		batch = (long)count;

	fd = dummy_raw_socket(dev, &step);
	if (fd < 0) {
		if (!strcmp(step, "SO_BINDTODEVICE"))
			fprintf(stderr, "dflood: SO_BINDTODEVICE %s: %s\n", dev,
				dummy_errstr(errno));
		else
			fprintf(stderr, "dflood: %s: %s\n",
				strcmp(step, "socket") ? "setsockopt" : step,
				dummy_errstr(errno));
		return 1;
	}

	f.plen = 20 + 16 + (size_t)len;
	f.stride = (f.plen + 63) & ~(size_t)63;
	f.buf = calloc((size_t)batch, f.stride);
	f.msgs = calloc((size_t)batch, sizeof(*f.msgs));
	f.iov = calloc((size_t)batch, sizeof(*f.iov));
	if (!f.buf || !f.msgs || !f.iov) {
		fprintf(stderr, "dflood: out of memory\n");
		return 1;
	}
	f.first = ntohl(first.s_addr);
	f.span = (uint32_t)span;
	f.seed = seed;
	f.rnd = rnd;

	/* The datagram, the same for every source but for the checksum. */
	memset(&dh, 0, sizeof(dh));
	dh.source = htons(DFLOOD_SPORT);
	dh.dest = htons((uint16_t)port);
	dh.len = htons((uint16_t)(16 + len));
	dh.type = MYRT_DUMMY_DATA;
	to.sin_addr = dst;
	for (i = 0; i < batch; i++) {
		unsigned char *p = f.buf + (size_t)i * f.stride;
		struct iphdr *iph = (struct iphdr *)p;

		dummy_ip_header(iph, 20, f.plen, 64, (int)proto,
				(struct in_addr){ 0 }, dst);
		memcpy(p + 20, &dh, sizeof(dh));
		for (v = 0; v < len; v++)
			p[36 + v] = (unsigned char)v;
		f.iov[i].iov_base = p;
		f.iov[i].iov_len = f.plen;
		f.msgs[i].msg_hdr.msg_iov = &f.iov[i];
		f.msgs[i].msg_hdr.msg_iovlen = 1;
		f.msgs[i].msg_hdr.msg_name = &to;
		f.msgs[i].msg_hdr.msg_namelen = sizeof(to);
	}
	/* Everything but the source address: destination, pseudo header. */
	f.base = dummy_sum16(f.buf + 20, 16 + (size_t)len,
			     dummy_pseudo_sum((struct in_addr){ 0 }, dst,
					      (int)proto, 16 + (size_t)len));

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	t0 = now_s();
	while (!stopped() && (!count || sent + failed < count)) {
		unsigned long left = count ? count - sent - failed : (unsigned long)batch;
		int n = (int)(left < (unsigned long)batch ? left : (unsigned long)batch);
		int done = 0;

		for (i = 0; i < n; i++)
			set_source(&f, i, next_source(&f));
		while (done < n && !stopped()) {
			int r = sendmmsg(fd, f.msgs + done, (unsigned int)(n - done), 0);

			if (r < 0) {
				if (errno == EINTR)
					continue;
				/* this one failed: count it, go on after it */
				last_errno = errno;
				failed++;
				done++;
				continue;
			}
			sent += (unsigned long)r;
			done += r;
		}
		if (gap)
			usleep((useconds_t)gap);
	}
	t = now_s() - t0;
	if (!quiet)
		printf("dflood: sent %lu failed %lu seconds %.3f ns_per_packet %.0f pps %.0f%s%s\n",
		       sent, failed, t, sent ? t * 1e9 / (double)sent : 0.0,
		       t > 0 ? (double)sent / t : 0.0,
		       failed ? " last error " : "",
		       failed ? dummy_errstr(last_errno) : "");
	close(fd);
	return failed ? 1 : 0;
}
