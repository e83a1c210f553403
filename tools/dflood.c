// SPDX-License-Identifier: GPL-2.0
/*
 * dflood: a fast sender of valid DUMMY datagrams through a raw socket
 * (IP_HDRINCL) from many source addresses, in sendmmsg() batches: route
 * cache floods, and the steady "established" flow measured beside them.
 *
 *   dflood -d DST [-s SRC | -S FIRST -n SPAN [-R [-x SEED]]] [-c COUNT]
 *          [-b BATCH] [-P PORT] [-p PROTO] [-l LEN] [-i USEC] [-I DEV] [-q]
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
 *
 * At the end it prints one line:
 *   dflood: sent N failed F seconds S ns_per_packet X pps P
 * (the cost is the wall-clock time of the sending loop divided by the
 * datagrams sent: on a veth the receiver's softirq work is usually done in
 * the sender's context, so it includes the receive path).
 * Exit 0 when every datagram was handed to the kernel, 1 otherwise, 2 on
 * bad usage.
 */
#include "dummy_common.h"

#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <netinet/ip.h>

#define DFLOOD_MAX_BATCH	1024
#define DFLOOD_SPORT		40000

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static void help(void)
{
	fprintf(stderr,
		"usage: dflood -d DST [-s SRC | -S FIRST -n SPAN [-R [-x SEED]]] [-c COUNT]\n"
		"              [-b BATCH] [-P PORT] [-p PROTO] [-l LEN] [-i USEC] [-I DEV] [-q]\n");
	exit(2);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct flood {
	unsigned char *buf;	/* BATCH packets, @stride bytes apart */
	size_t stride;
	struct mmsghdr *msgs;
	struct iovec *iov;
	size_t plen;		/* IP packet length */
	uint32_t base;		/* DUMMY checksum without the source */
	uint32_t first, span, seed;
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
	return f->first + off;
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
	int fd, one = 1, c, quiet = 0, rnd = 0, last_errno = 0, i;
	const char *dev = NULL;
	double t0, t;

	while ((c = getopt(argc, argv, "d:s:S:n:Rx:c:b:P:p:l:i:I:qh")) != -1) {
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
			if (dummy_parse_int(optarg, 1, 1L << 32, &span))
				help();
			break;
		case 'R':
			rnd = 1;
			break;
		case 'x':
			if (dummy_parse_int(optarg, 0, UINT32_MAX, &v))
				help();
			seed = (uint32_t)v;
			break;
		case 'c':
			if (dummy_parse_int(optarg, 0, LONG_MAX, &v))
				help();
			count = (unsigned long)v;
			break;
		case 'b':
			if (dummy_parse_int(optarg, 1, DFLOOD_MAX_BATCH, &batch))
				help();
			break;
		case 'P':
			if (dummy_parse_int(optarg, 1, 65535, &port))
				help();
			break;
		case 'p':
			if (dummy_parse_int(optarg, 0, 255, &proto))
				help();
			break;
		case 'l':
			if (dummy_parse_int(optarg, 0, 65535 - 20 - 16, &len))
				help();
			break;
		case 'i':
			if (dummy_parse_int(optarg, 0, 60 * 1000 * 1000, &gap))
				help();
			break;
		case 'I':
			dev = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		default:
			help();
		}
	}
	if (optind != argc || !dst.s_addr || (!src.s_addr && !span) ||
	    (src.s_addr && span) || (rnd && !span))
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
	if (count && (unsigned long)batch > count)
		batch = (long)count;

	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0) {
		fprintf(stderr, "dflood: socket: %s\n", dummy_errstr(errno));
		return 1;
	}
	if (setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)) < 0) {
		fprintf(stderr, "dflood: setsockopt: %s\n", dummy_errstr(errno));
		return 1;
	}
	if (dev && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev,
			      strlen(dev) + 1) < 0) {
		fprintf(stderr, "dflood: SO_BINDTODEVICE %s: %s\n", dev,
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

		iph->version = 4;
		iph->ihl = 5;
		iph->tot_len = htons((uint16_t)f.plen);
		iph->ttl = 64;
		iph->protocol = (uint8_t)proto;
		iph->daddr = dst.s_addr;
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
	while (!stop && (!count || sent + failed < count)) {
		unsigned long left = count ? count - sent - failed : (unsigned long)batch;
		int n = (int)(left < (unsigned long)batch ? left : (unsigned long)batch);
		int done = 0;

		for (i = 0; i < n; i++)
			set_source(&f, i, next_source(&f));
		while (done < n && !stop) {
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
