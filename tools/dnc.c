// SPDX-License-Identifier: GPL-2.0
/*
 * dnc: netcat for the DUMMY protocol of myrt.
 *
 *   dnc [options] HOST PORT      send stdin lines (or -c N datagrams)
 *   dnc -l [options] [PORT]      receive and print datagrams
 *
 * Errors are reported with their errno name and make dnc exit 1
 * (2 for usage errors).
 */
#include "lib/dummy.h"

#include <poll.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>

static void help(void)
{
	fprintf(stderr,
		"usage: dnc [options] HOST PORT\n"
		"       dnc -l [options] [PORT]\n"
		"  -l          listen: print each datagram received\n"
		"  -p PORT     local port to bind\n"
		"  -s ADDR     local (source) address to bind\n"
		"  -I DEV      bind to device (SO_BINDTODEVICE)\n"
		"  -t TOS      IP_TOS\n"
		"  -D          don't fragment (IP_PMTUDISC_DO): EMSGSIZE above the MTU\n"
		"  -b          allow broadcast destinations (SO_BROADCAST)\n"
		"  -g GROUP    join multicast GROUP (on -I DEV if given)\n"
		"  -N          no multicast loopback (IP_MULTICAST_LOOP 0)\n"
		"  -c N        send N datagrams of -n bytes; with -l exit after N\n"
		"  -n SIZE     payload size for -c (default 64)\n"
		"  -i MS       interval between datagrams (ms, default 0)\n"
		"  -u          don't connect: sendto() each datagram\n"
		"  -A          with -c: datagram i goes to HOST + i (sendto, so\n"
		"              -u is implied): N consecutive destinations; a\n"
		"              failed send is counted, not fatal (\"dnc: F of N\n"
		"              sends failed\", exit 1)\n"
		"  -E          no IP_RECVERR: as a plain UDP socket, hear only the\n"
		"              hard ICMP errors (connected socket; icmp_err_convert's\n"
		"              fatal ones: ECONNREFUSED, packet filtered, ...)\n"
		"  -w MS       -l: give up after MS ms without data (exit 1);\n"
		"              sender: wait MS ms for an error at the end (default 200)\n"
		"  -v          verbose: -l says \"listening\" on stderr once bound and\n"
		"              prints \"ADDR:PORT LEN\" before the data;\n"
		"              -l -x prints only that line\n"
		"  -x          with -l: don't print the data\n"
		"  -P PROTO    protocol number (default: the module's)\n"
		"  -R MODE     send one hand-made datagram through a raw socket\n"
		"              (routed by the kernel): good, badsum, shortlen,\n"
		"              longlen or badtype; for testing the receiver\n");
	exit(2);
}

static int fail(const char *what, int err)
{
	fprintf(stderr, "dnc: %s: %s\n", what, dummy_errstr(err));
	return 1;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

/* The DUMMY checksum: UDP's, over a pseudo header with our protocol. */
static uint16_t dummy_csum(struct in_addr src, struct in_addr dst, int proto,
			   const void *data, size_t len)
{
	const uint8_t *s = (const uint8_t *)&src.s_addr;
	const uint8_t *d = (const uint8_t *)&dst.s_addr;
	const uint8_t *p = data;
	uint32_t sum = 0;
	size_t i;

	sum += (s[0] << 8 | s[1]) + (s[2] << 8 | s[3]);
	sum += (d[0] << 8 | d[1]) + (d[2] << 8 | d[3]);
	sum += proto + len;
	for (i = 0; i + 1 < len; i += 2)
		sum += (p[i] << 8) | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	sum = (uint16_t)~fold(sum);
	return htons(sum ? sum : 0xffff);
}

/* -R: one datagram built here, sent through a raw socket. */
static int send_raw(const char *mode, int proto, struct sockaddr_in *peer)
{
	struct {
		struct myrt_dummyhdr h;
		char data[8];
	} d = { .data = "rawdata" };
	struct sockaddr_in self;
	socklen_t slen = sizeof(self);
	size_t len = sizeof(d);
	int fd;

	fd = socket(AF_INET, SOCK_RAW, proto);
	if (fd < 0)
		return fail("raw socket", errno);
	if (connect(fd, (struct sockaddr *)peer, sizeof(*peer)) ||
	    getsockname(fd, (struct sockaddr *)&self, &slen))
		return fail("raw connect", errno);
	d.h.source = htons(40000);
	d.h.dest = peer->sin_port;
	d.h.len = htons(len);
	d.h.type = MYRT_DUMMY_DATA;
	d.h.seq = htonl(1);
	if (!strcmp(mode, "shortlen"))
		d.h.len = htons(8);
	else if (!strcmp(mode, "longlen"))
		d.h.len = htons(len + 10);
	else if (!strcmp(mode, "badtype"))
		d.h.type = 77;
	else if (strcmp(mode, "good") && strcmp(mode, "badsum"))
		help();
	d.h.check = 0;
	d.h.check = dummy_csum(self.sin_addr, peer->sin_addr, proto, &d, len);
	if (!strcmp(mode, "badsum"))
		d.h.check ^= htons(0x5555);
	if (send(fd, &d, len, 0) < 0)
		return fail("raw send", errno);
	close(fd);
	return 0;
}

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	if (ms > 0)
		nanosleep(&ts, NULL);
}

static int do_listen(int fd, long count, long wait_ms, int verbose,
		     int quiet_data)
{
	static char buf[65536];
	long got = 0;

	while (!count || got < count) {
		struct sockaddr_in from;
		socklen_t flen = sizeof(from);
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (wait_ms > 0) {
			int r = poll(&pfd, 1, wait_ms);

			if (r < 0)
				return fail("poll", errno);
			if (r == 0) {
				fprintf(stderr, "dnc: timeout after %ld datagrams\n",
					got);
				return 1;
			}
		}
		n = recvfrom(fd, buf, sizeof(buf), 0,
			     (struct sockaddr *)&from, &flen);
		if (n < 0)
			return fail("recvfrom", errno);
		got++;
		if (verbose)
			printf("%s:%u %zd\n", inet_ntoa(from.sin_addr),
			       ntohs(from.sin_port), n);
		if (!quiet_data) {
			fwrite(buf, 1, n, stdout);
			if (n && buf[n - 1] != '\n')
				putchar('\n');
		}
		fflush(stdout);
	}
	return 0;
}

static int send_one(int fd, const void *buf, size_t len, int unconnected,
		    const struct sockaddr_in *to)
{
	ssize_t n;

	if (unconnected)
		n = sendto(fd, buf, len, 0, (const struct sockaddr *)to,
			   sizeof(*to));
	else
		n = send(fd, buf, len, 0);
	if (n < 0) {
		int err = errno, mtu;
		socklen_t mlen = sizeof(mtu);

		/* As UDP: the path MTU of a connected socket is IP_MTU. */
		if (err == EMSGSIZE && !unconnected &&
		    !getsockopt(fd, IPPROTO_IP, IP_MTU, &mtu, &mlen))
			fprintf(stderr, "dnc: path MTU %d, datagram %zu\n",
				mtu, len + sizeof(struct myrt_dummyhdr) + 20);
		return fail(unconnected ? "sendto" : "send", err);
	}
	return 0;
}

/* Wait up to @ms for an asynchronous error (ICMP) on the socket. */
static int check_error(int fd, long ms)
{
	struct pollfd pfd = { .fd = fd, .events = 0 };
	socklen_t len = sizeof(int);
	int err = 0;

	if (ms <= 0)
		return 0;
	if (poll(&pfd, 1, ms) > 0 && (pfd.revents & POLLERR) &&
	    !getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) && err)
		return fail("send", err);
	return 0;
}

int main(int argc, char **argv)
{
	long count = 0, size = 64, interval = 0, wait_ms = -1;
	int listen_mode = 0, df = 0, unconnected = 0, verbose = 0, bcast = 0;
	int quiet_data = 0, tos = -1, proto = -1, fd, opt, ret = 0, one = 1;
	struct sockaddr_in local = { .sin_family = AF_INET };
	struct sockaddr_in peer = { .sin_family = AF_INET };
	const char *dev = NULL, *raw = NULL, *step;
	int bind_needed = 0, noloop = 0, recverr = 1;
	struct ip_mreqn mreq = { 0 };
	int join = 0, spread = 0;

	while ((opt = getopt(argc, argv, "lp:s:I:t:Dbg:Nc:n:i:uAEw:vxP:R:h")) != -1) {
		switch (opt) {
		case 'l':
			listen_mode = 1;
			break;
		case 'p':
			local.sin_port = htons(dummy_opt_int(optarg, 0, 65535, help));
			bind_needed = 1;
			break;
		case 's':
			if (dummy_parse_addr(optarg, &local.sin_addr)) {
				fprintf(stderr, "dnc: bad address %s\n", optarg);
				return 2;
			}
			bind_needed = 1;
			break;
		case 'I':
			dev = optarg;
			break;
		case 't':
			tos = dummy_opt_int(optarg, 0, 255, help);
			break;
		case 'D':
			df = 1;
			break;
		case 'b':
			bcast = 1;
			break;
		case 'g':
			if (dummy_parse_addr(optarg, &mreq.imr_multiaddr)) {
				fprintf(stderr, "dnc: bad group %s\n", optarg);
				return 2;
			}
			join = 1;
			break;
		case 'N':
			noloop = 1;
			break;
		case 'c':
			count = dummy_opt_int(optarg, 1, 1L << 30, help);
			break;
		case 'n':
			size = dummy_opt_int(optarg, 0, 65535, help);
			break;
		case 'i':
			interval = dummy_opt_int(optarg, 0, 3600000, help);
			break;
		case 'u':
			unconnected = 1;
			break;
		case 'A':
			spread = 1;
			unconnected = 1;
			break;
		case 'E':
			recverr = 0;
			break;
		case 'w':
			wait_ms = dummy_opt_int(optarg, 0, 3600000, help);
			break;
		case 'v':
			verbose = 1;
			break;
		case 'x':
			quiet_data = 1;
			break;
		case 'P':
			proto = dummy_opt_int(optarg, 1, 255, help);
			break;
		case 'R':
			raw = optarg;
			break;
		default:
			help();
		}
	}
	argc -= optind;
	argv += optind;

	if (listen_mode) {
		if (argc > 1)
			help();
		if (argc == 1)
			local.sin_port = htons(dummy_opt_int(argv[0], 0, 65535,
							     help));
		bind_needed = 1;
	} else {
		if (argc != 2)
			help();
		if (dummy_parse_addr(argv[0], &peer.sin_addr)) {
			fprintf(stderr, "dnc: bad address %s\n", argv[0]);
			return 2;
		}
		peer.sin_port = htons(dummy_opt_int(argv[1], 0, 65535, help));
	}
	if (proto < 0)
		proto = dummy_proto();
	if (raw && !listen_mode)
		return send_raw(raw, proto, &peer);

	fd = dummy_dgram_socket(proto, dev, tos, &step);
	if (fd < 0)
		return fail(step, errno);
	if (df) {
		int pmtu = IP_PMTUDISC_DO;

		if (setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &pmtu,
			       sizeof(pmtu)))
			return fail("IP_MTU_DISCOVER", errno);
	}
	if (bcast && setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)))
		return fail("SO_BROADCAST", errno);
	if (join) {
		mreq.imr_ifindex = dev ? if_nametoindex(dev) : 0;
		if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq,
			       sizeof(mreq)))
			return fail("IP_ADD_MEMBERSHIP", errno);
	}
	if (noloop) {
		int zero = 0;

		if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &zero,
			       sizeof(zero)))
			return fail("IP_MULTICAST_LOOP", errno);
	}
	if (bind_needed && bind(fd, (struct sockaddr *)&local, sizeof(local)))
		return fail("bind", errno);

	if (listen_mode) {
		if (verbose) {
			socklen_t llen = sizeof(local);

			/* scripts wait for this line before sending */
			getsockname(fd, (struct sockaddr *)&local, &llen);
			fprintf(stderr, "dnc: listening on %s:%u\n",
				inet_ntoa(local.sin_addr),
				ntohs(local.sin_port));
		}
		ret = do_listen(fd, count, wait_ms, verbose, quiet_data);
		close(fd);
		return ret;
	}

	/* As a UDP user who wants to hear soft errors too (EHOSTUNREACH,
	 * ENETUNREACH from ICMP): IP_RECVERR, unless -E.
	 */
	if (recverr &&
	    setsockopt(fd, IPPROTO_IP, IP_RECVERR, &one, sizeof(one)))
		return fail("IP_RECVERR", errno);
	if (!unconnected &&
	    connect(fd, (struct sockaddr *)&peer, sizeof(peer)))
		return fail("connect", errno);

	if (count) {
		char *buf = malloc(size ? size : 1);
		long i;

		if (!buf)
			return fail("malloc", ENOMEM);
		for (i = 0; i < size; i++)
			buf[i] = 'a' + i % 26;
		uint32_t first = ntohl(peer.sin_addr.s_addr);
		long failed = 0;

		for (i = 0; i < count && !ret; i++) {
			if (i)
				msleep(interval);
			if (!spread) {
				ret = send_one(fd, buf, size, unconnected, &peer);
				continue;
			}
			peer.sin_addr.s_addr = htonl(first + (uint32_t)i);
			if (send_one(fd, buf, size, unconnected, &peer))
				failed++;
		}
		free(buf);
		if (failed) {
			fprintf(stderr, "dnc: %ld of %ld sends failed\n", failed, count);
			ret = 1;
		}
	} else {
		char *line = NULL;
		size_t cap = 0;
		ssize_t n;

		while (!ret && (n = getline(&line, &cap, stdin)) > 0) {
			ret = send_one(fd, line, n, unconnected, &peer);
			msleep(interval);
		}
		free(line);
	}
	if (!ret)
		ret = check_error(fd, wait_ms < 0 ? 200 : wait_ms);
	close(fd);
	return ret;
}
