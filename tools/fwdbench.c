// SPDX-License-Identifier: GPL-2.0
/*
 * fwdbench: packets per second through a router, DUMMY (forwarded by myrt)
 * against UDP (forwarded by the kernel), for make bench.
 *
 *   fwdbench -s [-u] [-l SIZE] [-t SECONDS] HOST PORT   send as fast as it can
 *   fwdbench -r [-u] [-t SECONDS] [-w MS] PORT          count what arrives
 *
 * -u: UDP instead of DUMMY.  SIZE is the size of the IP packet (header
 * included, default 64): the payload is SIZE - 36 bytes for DUMMY (16-byte
 * DUMMY header) and SIZE - 28 for UDP (8-byte UDP header), so both send
 * packets of the same size.  The sender calls sendmmsg() with batches of
 * 64 datagrams for SECONDS (default 5) and ignores ENOBUFS and the like (a
 * full queue drops, as a real sender's would).  The receiver waits up to
 * -w MS (default 10000) for the first datagram, then counts datagrams with
 * recvmmsg() for SECONDS and prints
 *   fwdbench: PROTO SIZE bytes: N packets in T s: PPS pps
 * Exit 1 if nothing arrived.
 */
#include "lib/dummy.h"

#include <poll.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#define BATCH	64
#define MAXLEN	9000

static void help(void)
{
	fprintf(stderr,
		"usage: fwdbench -s [-u] [-l SIZE] [-t SECONDS] HOST PORT\n"
		"       fwdbench -r [-u] [-l SIZE] [-t SECONDS] [-w MS] PORT\n");
	exit(2);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int fail(const char *what)
{
	fprintf(stderr, "fwdbench: %s: %s\n", what, dummy_errstr(errno));
	return 1;
}

static int do_send(int fd, size_t len, double secs)
{
	static char buf[MAXLEN];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	unsigned long sent = 0, failed = 0;
	double t0 = now(), t;
	int i;

	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		iov[i].iov_base = buf;
		iov[i].iov_len = len;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	do {
		int n = sendmmsg(fd, msgs, BATCH, 0);

		if (n > 0) {
			sent += n;
		} else if (errno == ENOBUFS || errno == EAGAIN ||
			   errno == ECONNREFUSED || errno == EHOSTUNREACH) {
			failed++;
		} else {
			return fail("sendmmsg");
		}
		t = now() - t0;
	} while (t < secs);
	printf("fwdbench: sent %lu datagrams in %.2f s (%.0f/s), %lu calls failed\n",
	       sent, t, sent / t, failed);
	return 0;
}

static int do_recv(int fd, const char *proto, size_t size, double secs,
		   int wait_ms)
{
	static char bufs[BATCH][MAXLEN];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct timespec tmo = { 0, 100 * 1000 * 1000 };
	unsigned long got = 0;
	double t0, t;
	int i;

	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = MAXLEN;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	fprintf(stderr, "fwdbench: listening\n");
	if (poll(&pfd, 1, wait_ms) <= 0) {
		fprintf(stderr, "fwdbench: nothing arrived in %d ms\n", wait_ms);
		return 1;
	}
	t0 = now();
	do {
		int n = recvmmsg(fd, msgs, BATCH, MSG_WAITFORONE, &tmo);

		if (n > 0)
			got += n;
		else if (errno != EAGAIN && errno != EINTR)
			return fail("recvmmsg");
		t = now() - t0;
	} while (t < secs);
	printf("fwdbench: %s %zu bytes: %lu packets in %.2f s: %.0f pps\n",
	       proto, size, got, t, got / t);
	return got ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int opt, fd, udp = 0, mode = 0, wait_ms = 10000;
	long size = 64;
	double secs = 5;
	size_t hdr;

	while ((opt = getopt(argc, argv, "srul:t:w:")) != -1) {
		switch (opt) {
		case 's':
		case 'r':
			mode = opt;
			break;
		case 'u':
			udp = 1;
			break;
		case 'l':
			size = dummy_opt_int(optarg, 64, MAXLEN, help);
			break;
		case 't':
			secs = dummy_opt_int(optarg, 1, 3600, help);
			break;
		case 'w':
			wait_ms = dummy_opt_int(optarg, 1, 3600000, help);
			break;
		default:
			help();
		}
	}
	argc -= optind;
	argv += optind;
	if (!mode || argc != (mode == 's' ? 2 : 1))
		help();
	sin.sin_port = htons(dummy_opt_int(argv[argc - 1], 1, 65535, help));
	hdr = 20 + (udp ? 8 : 16);	/* IP + UDP or DUMMY header */

	fd = socket(AF_INET, SOCK_DGRAM, udp ? IPPROTO_UDP : dummy_proto());
	if (fd < 0)
		return fail("socket");
	if (mode == 'r') {
		int rcvbuf = 4 << 20;

		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
			return fail("bind");
		return do_recv(fd, udp ? "udp" : "dummy", size, secs, wait_ms);
	}
	if (dummy_parse_addr(argv[0], &sin.sin_addr)) {
		fprintf(stderr, "fwdbench: bad address %s\n", argv[0]);
		return 2;
	}
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
		return fail("connect");
	return do_send(fd, size - hdr, secs);
}
