// SPDX-License-Identifier: GPL-2.0
/*
 * icmpwatch: print the ICMP messages that arrive, one line each, for tests:
 *   icmpwatch [-t SECONDS] [-c COUNT]
 *   <source> type <t> code <c> [gateway <g>] [inner <src> > <dst> proto <p>]
 * Exits after SECONDS (default 5) or COUNT messages; exit 0.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double secs = 5, end;
	long count = -1, seen = 0;
	unsigned char buf[65536];
	int fd, c;

	while ((c = getopt(argc, argv, "t:c:")) != -1) {
		switch (c) {
		case 't':
			secs = atof(optarg);
			break;
		case 'c':
			count = atol(optarg);
			break;
		default:
			fprintf(stderr, "usage: icmpwatch [-t SECONDS] [-c COUNT]\n");
			return 2;
		}
	}
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	end = now() + secs;
	while (count < 0 || seen < count) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		double left = end - now();
		const struct iphdr *ip = (const struct iphdr *)buf, *in;
		const struct icmphdr *ic;
		char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN], g[INET_ADDRSTRLEN];
		ssize_t n;

		if (left <= 0 || poll(&p, 1, (int)(left * 1000)) <= 0)
			break;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < (ssize_t)sizeof(*ip) || n < ip->ihl * 4 + 8)
			continue;
		ic = (const struct icmphdr *)(buf + ip->ihl * 4);
		inet_ntop(AF_INET, &ip->saddr, a, sizeof(a));
		printf("%s type %u code %u", a, ic->type, ic->code);
		if (ic->type == ICMP_REDIRECT) {
			inet_ntop(AF_INET, &ic->un.gateway, g, sizeof(g));
			printf(" gateway %s", g);
		}
		in = (const struct iphdr *)(ic + 1);
		if (ic->type != ICMP_ECHO && ic->type != ICMP_ECHOREPLY &&
		    n >= ip->ihl * 4 + 8 + (ssize_t)sizeof(*in)) {
			inet_ntop(AF_INET, &in->saddr, a, sizeof(a));
			inet_ntop(AF_INET, &in->daddr, b, sizeof(b));
			printf(" inner %s > %s proto %u", a, b, in->protocol);
		}
		printf("\n");
		seen++;
	}
	close(fd);
	return 0;
}
