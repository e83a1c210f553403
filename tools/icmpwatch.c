// SPDX-License-Identifier: GPL-2.0
/*
 * icmpwatch: print the ICMP messages that arrive, one line each, for tests:
 *   icmpwatch [-t SECONDS] [-c COUNT]
 *   <source> type <t> code <c> [gateway <g>] [inner <src> > <dst> proto <p>]
 * With -p PROTO: the IPv4 packets of protocol PROTO that the netns's
 * interfaces receive, captured before IP input (a packet socket, so also
 * what myrt takes over at PRE_ROUTING), one line each, with the TTL and
 * whether the header checksum is right as received:
 *   icmpwatch -p PROTO [-t SECONDS] [-c COUNT]
 *   <source> > <dest> proto <p> ttl <ttl> csum ok|bad dev <ifname>
 *     [frag <offset>[ MF]] [opts <hex bytes>]  (fragments, IP options)
 * Exits after SECONDS (default 5) or COUNT messages; exit 0.
 */
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
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

/* The IPv4 header checksum is right when the header sums to 0xffff. */
static int ip_csum_ok(const unsigned char *h, unsigned int len)
{
	unsigned int sum = 0, i;

	for (i = 0; i + 1 < len; i += 2)
		sum += h[i] << 8 | h[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum == 0xffff;
}

/* -p PROTO: received IPv4 packets of PROTO, from a packet socket. */
static int watch_proto(int proto, double secs, long count)
{
	unsigned char buf[65536];
	double end = now() + secs;
	long seen = 0;
	int fd;

	fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	while (count < 0 || seen < count) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		const struct iphdr *ip = (const struct iphdr *)buf;
		char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN], dev[IF_NAMESIZE];
		struct sockaddr_ll from;
		socklen_t flen = sizeof(from);
		double left = end - now();
		ssize_t n;

		if (left <= 0 || poll(&p, 1, (int)(left * 1000)) <= 0)
			break;
		n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from,
			     &flen);
		if (n < (ssize_t)sizeof(*ip) || from.sll_pkttype == PACKET_OUTGOING ||
		    ip->version != 4 || ip->ihl < 5 || n < ip->ihl * 4 ||
		    ip->protocol != proto)
			continue;
		inet_ntop(AF_INET, &ip->saddr, a, sizeof(a));
		inet_ntop(AF_INET, &ip->daddr, b, sizeof(b));
		if (!if_indextoname(from.sll_ifindex, dev))
			snprintf(dev, sizeof(dev), "if%d", from.sll_ifindex);
		printf("%s > %s proto %u ttl %u csum %s dev %s", a, b,
		       ip->protocol, ip->ttl,
		       ip_csum_ok(buf, ip->ihl * 4) ? "ok" : "bad", dev);
		/* fragments and options, only where there are any */
		if (ntohs(ip->frag_off) & 0x3fff)
			printf(" frag %u%s", (ntohs(ip->frag_off) & 0x1fff) * 8,
			       ntohs(ip->frag_off) & 0x2000 ? " MF" : "");
		if (ip->ihl > 5) {
			unsigned int i;

			printf(" opts ");
			for (i = 20; i < ip->ihl * 4U; i++)
				printf("%02x", buf[i]);
		}
		printf("\n");
		seen++;
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	double secs = 5, end;
	long count = -1, seen = 0;
	unsigned char buf[65536];
	int fd, c, proto = -1, bad = 0;

	while ((c = getopt(argc, argv, "t:c:p:")) != -1) {
		switch (c) {
		case 't':
			secs = atof(optarg);
			break;
		case 'c':
			count = atol(optarg);
			break;
		case 'p':
			proto = atoi(optarg);
			bad |= proto < 0 || proto > 255;
			break;
		default:
			bad = 1;
		}
	}
	if (bad) {
		fprintf(stderr, "usage: icmpwatch [-t SECONDS] [-c COUNT] [-p PROTO]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (proto >= 0)
		return watch_proto(proto, secs, count);
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
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
