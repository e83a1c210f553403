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
 * Exit 0 when every packet was handed to the kernel, 1 otherwise.
 */
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

static uint16_t csum(const void *data, size_t len)
{
	const uint16_t *p = data;
	uint32_t sum = 0;

	for (; len > 1; len -= 2)
		sum += *p++;
	if (len)
		sum += *(const uint8_t *)p;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void help(void)
{
	fprintf(stderr,
		"usage: %s -d DST [-s SRC] [-S FIRST -n SPAN] [-R] [-c COUNT] [-t TTL]\n"
		"               [-T TOS] [-p PROTO] [-l LEN] [-D] [-I DEV] [-x SEED]\n",
		"dinject");
	exit(2);
}

static uint32_t xorshift32(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

int main(int argc, char **argv)
{
	struct in_addr dst = {0}, src = {0}, first = {0};
	unsigned long count = 1, span = 0, i, sent = 0, failed = 0;
	int ttl = 64, tos = 0, proto = 253, len = 16, df = 0, rnd = 0;
	uint32_t seed = (uint32_t)time(NULL) ^ (uint32_t)getpid();
	const char *dev = NULL;
	unsigned char pkt[65535];
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct iphdr *iph = (struct iphdr *)pkt;
	int fd, one = 1, c, last_errno = 0;

	while ((c = getopt(argc, argv, "d:s:S:n:Rc:t:T:p:l:DI:x:h")) != -1) {
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
		default:
			help();
		}
	}
	if (!dst.s_addr || len < 0 || len > 65535 - 20 || ttl < 0 || ttl > 255)
		help();
	if (rnd)
		printf("dinject: seed %u\n", seed);
	if (!seed)
		seed = 1;

	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	if (setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one)) < 0) {
		perror("IP_HDRINCL");
		return 1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)) < 0) {
		perror("SO_BROADCAST");
		return 1;
	}
	if (dev && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev,
			      strlen(dev) + 1) < 0) {
		perror("SO_BINDTODEVICE");
		return 1;
	}

	memset(pkt, 0, sizeof(pkt));
	for (i = 0; i < (unsigned long)len; i++)
		pkt[20 + i] = (unsigned char)i;
	iph->version = 4;
	iph->ihl = 5;
	iph->tos = (uint8_t)tos;
	iph->tot_len = htons((uint16_t)(20 + len));
	iph->frag_off = df ? htons(IP_DF) : 0;
	iph->ttl = (uint8_t)ttl;
	iph->protocol = (uint8_t)proto;
	iph->daddr = dst.s_addr;
	to.sin_addr = dst;

	for (i = 0; i < count; i++) {
		if (rnd)
			iph->saddr = htonl(xorshift32(&seed));
		else if (span)
			iph->saddr = htonl(ntohl(first.s_addr) + (uint32_t)(i % span));
		else
			iph->saddr = src.s_addr;
		iph->id = htons((uint16_t)i);
		iph->check = 0;
		iph->check = csum(iph, 20);
		if (sendto(fd, pkt, 20 + len, 0, (struct sockaddr *)&to,
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
