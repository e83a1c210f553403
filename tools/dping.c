// SPDX-License-Identifier: GPL-2.0
/*
 * dping: ping over the DUMMY protocol of myrt.
 *
 * Sends DUMMY echo requests (socket option MYRT_DUMMY_ECHO) that myrt
 * answers in the kernel, and prints round-trip times and a summary as ping
 * does.  Exit status as ping: 0 if a reply came back, 1 if none did, 2 on
 * other errors.
 */
#include "lib/dummy.h"

#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>

struct dping_payload {
	uint32_t	magic;
	uint32_t	seq;
	uint64_t	sec;
	uint64_t	nsec;
};

#define DPING_MAGIC	0x64706e67	/* "dpng" */

static void help(void)
{
	fprintf(stderr,
		"usage: dping [options] HOST\n"
		"  -c COUNT    stop after COUNT requests (default: until interrupted)\n"
		"  -i SECONDS  interval between requests (default 1)\n"
		"  -s SIZE     payload bytes (default 56, minimum 24)\n"
		"  -I DEV      bind to device (SO_BINDTODEVICE)\n"
		"  -S ADDR     source address\n"
		"  -t TOS      IP_TOS\n"
		"  -W SECONDS  time to wait for a reply (default 2)\n"
		"  -p PORT     destination port (default 7)\n"
		"  -q          quiet: summary only\n"
		"  -P PROTO    protocol number (default: the module's)\n");
	exit(2);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* No libm: Newton's method is plenty for a standard deviation. */
static double dsqrt(double x)
{
	double r = x > 1 ? x : 1;
	int i;

	if (x <= 0)
		return 0;
	for (i = 0; i < 64; i++)
		r = (r + x / r) / 2;
	return r;
}

static int interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	__atomic_store_n(&interrupted, 1, __ATOMIC_RELAXED);
}

int main(int argc, char **argv)
{
	long count = 0, size = 56, port = 7, sent = 0, received = 0;
	long errors = 0;
	double interval = 1.0, waitsec = 2.0, tmin = 0, tmax = 0, tsum = 0;
	double tsum2 = 0, start, next, deadline = 0;
	struct sockaddr_in local = { .sin_family = AF_INET };
	struct sockaddr_in peer = { .sin_family = AF_INET };
	int quiet = 0, tos = -1, proto = -1, fd, opt, on = 1, bind_src = 0;
	const char *dev = NULL, *host, *step;
	unsigned char *buf, *rbuf;

	while ((opt = getopt(argc, argv, "c:i:s:I:S:t:W:p:qP:h")) != -1) {
		switch (opt) {
		case 'c':
			count = dummy_opt_int(optarg, 1, 1L << 30, help);
			break;
		case 'i':
			interval = atof(optarg);
			if (interval < 0.001)
				help();
			break;
		case 's':
			if (dummy_parse_int(optarg, sizeof(struct dping_payload),
					    MYRT_DUMMY_MAX_PAYLOAD, &size))
				help();
			break;
		case 'I':
			dev = optarg;
			break;
		case 'S':
			if (dummy_parse_addr(optarg, &local.sin_addr)) {
				fprintf(stderr, "dping: bad address %s\n", optarg);
				return 2;
			}
			bind_src = 1;
			break;
		case 't':
			tos = dummy_opt_int(optarg, 0, 255, help);
			break;
		case 'W':
			waitsec = atof(optarg);
			if (waitsec <= 0)
				help();
			break;
		case 'p':
			port = dummy_opt_int(optarg, 1, 65535, help);
			break;
		case 'q':
			quiet = 1;
			break;
		case 'P':
			proto = dummy_opt_int(optarg, 1, 255, help);
			break;
		default:
			help();
		}
	}
	if (optind != argc - 1)
		help();
	host = argv[optind];
	if (dummy_parse_addr(host, &peer.sin_addr)) {
		fprintf(stderr, "dping: unknown host %s\n", host);
		return 2;
	}
	peer.sin_port = htons(port);
	if (proto < 0)
		proto = dummy_proto();

	fd = dummy_dgram_socket(proto, dev, tos, &step);
	if (fd < 0 && !strcmp(step, "socket")) {
		fprintf(stderr, "dping: socket: %s\n", dummy_errstr(errno));
		return 2;
	}
	if (fd < 0 ||
	    setsockopt(fd, SOL_MYRT_DUMMY, MYRT_DUMMY_ECHO, &on, sizeof(on)) ||
	    setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on)) ||
	    setsockopt(fd, IPPROTO_IP, IP_RECVTTL, &on, sizeof(on)) ||
	    (bind_src && bind(fd, (struct sockaddr *)&local, sizeof(local)))) {
		fprintf(stderr, "dping: socket setup: %s\n",
			dummy_errstr(errno));
		return 2;
	}

	buf = calloc(1, size);
	rbuf = malloc(65536);
	if (!buf || !rbuf)
		return 2;
	signal(SIGINT, on_sigint);

	printf("DPING %s (%s) %ld(%ld) bytes of data.\n", host,
	       inet_ntoa(peer.sin_addr), size,
	       size + (long)sizeof(struct myrt_dummyhdr) + 20);
	fflush(stdout);

	start = now_ms();
	next = start;
	while (!__atomic_load_n(&interrupted, __ATOMIC_RELAXED)) {
		double t = now_ms(), until;
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int r;

		if ((!count || sent < count) && t >= next) {
			struct dping_payload p = { .magic = DPING_MAGIC };
			struct timespec ts;

			clock_gettime(CLOCK_MONOTONIC, &ts);
			p.seq = ++sent;
			p.sec = ts.tv_sec;
			p.nsec = ts.tv_nsec;
			memcpy(buf, &p, sizeof(p));
			if (sendto(fd, buf, size, 0, (struct sockaddr *)&peer,
				   sizeof(peer)) < 0) {
				errors++;
				if (!quiet)
					printf("dping: sendto: %s\n",
					       dummy_errstr(errno));
			}
			next += interval * 1e3;
			if (count && sent == count)
				deadline = now_ms() + waitsec * 1e3;
			continue;
		}
		if (count && sent == count &&
		    (received + errors >= count || t >= deadline))
			break;
		until = (!count || sent < count) ? next : deadline;
		r = poll(&pfd, 1, until > t ? (int)(until - t) + 1 : 0);
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0)
			continue;

		{
			char cbuf[256];
			struct iovec iov = { rbuf, 65536 };
			struct sockaddr_in from;
			struct msghdr msg = {
				.msg_name = &from, .msg_namelen = sizeof(from),
				.msg_iov = &iov, .msg_iovlen = 1,
				.msg_control = cbuf,
				.msg_controllen = sizeof(cbuf),
			};
			struct dping_payload p;
			struct cmsghdr *c;
			struct timespec ts;
			ssize_t n;
			double rtt;
			int ttl = -1;

			n = recvmsg(fd, &msg, MSG_DONTWAIT);
			if (n < 0) {
				if (errno == EAGAIN || errno == EINTR)
					continue;
				errors++;
				if (!quiet)
					printf("From %s: %s\n", host,
					       dummy_errstr(errno));
				continue;
			}
			if (n < (ssize_t)sizeof(p))
				continue;
			memcpy(&p, rbuf, sizeof(p));
			if (p.magic != DPING_MAGIC)
				continue;
			for (c = CMSG_FIRSTHDR(&msg); c;
			     c = CMSG_NXTHDR(&msg, c))
				if (c->cmsg_level == IPPROTO_IP &&
				    c->cmsg_type == IP_TTL)
					memcpy(&ttl, CMSG_DATA(c), sizeof(ttl));
			clock_gettime(CLOCK_MONOTONIC, &ts);
			rtt = (ts.tv_sec - (double)p.sec) * 1e3 +
			      (ts.tv_nsec - (double)p.nsec) / 1e6;
			received++;
			if (received == 1 || rtt < tmin)
				tmin = rtt;
			if (rtt > tmax)
				tmax = rtt;
			tsum += rtt;
			tsum2 += rtt * rtt;
			if (!quiet)
				printf("%zd bytes from %s: seq=%u ttl=%d time=%.3f ms\n",
				       n + (ssize_t)sizeof(struct myrt_dummyhdr),
				       inet_ntoa(from.sin_addr), p.seq, ttl,
				       rtt);
			fflush(stdout);
		}
	}

	printf("\n--- %s dping statistics ---\n", host);
	printf("%ld packets transmitted, %ld received", sent, received);
	if (errors)
		printf(", +%ld errors", errors);
	printf(", %ld%% packet loss, time %.0fms\n",
	       sent ? (sent - received) * 100 / sent : 0, now_ms() - start);
	if (received) {
		double avg = tsum / received;
		double mdev = dsqrt(tsum2 / received - avg * avg);

		printf("rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms\n",
		       tmin, avg, tmax, mdev);
	}
	free(buf);
	free(rbuf);
	close(fd);
	return received ? 0 : 1;
}
