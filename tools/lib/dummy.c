// SPDX-License-Identifier: GPL-2.0
/*
 * The DUMMY tools' shared helpers (see dummy.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netdb.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/socket.h>
#include "dummy.h"

static void close_keep_errno(int fd)
{
	int e = errno;

	close(fd);
	errno = e;
}

/* The DUMMY protocol number the loaded module uses (module parameter). */
int dummy_proto(void)
{
	FILE *f = fopen("/sys/module/myrt/parameters/proto", "r");
	int proto = MYRT_DUMMY_PROTO;

	if (f) {
		if (fscanf(f, "%d", &proto) != 1)
			proto = MYRT_DUMMY_PROTO;
		fclose(f);
	}
	return proto;
}

/* "ECONNREFUSED (Connection refused)" */
const char *dummy_errstr(int err)
{
	static char buf[128];
	const char *name = strerrorname_np(err);

	snprintf(buf, sizeof(buf), "%s (%s)", name ? name : "E?",
		 strerror(err));
	return buf;
}

int dummy_parse_addr(const char *s, struct in_addr *addr)
{
	struct addrinfo hints = { .ai_family = AF_INET }, *res;

	if (inet_pton(AF_INET, s, addr) == 1)
		return 0;
	if (getaddrinfo(s, NULL, &hints, &res))
		return -1;
	*addr = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
	freeaddrinfo(res);
	return 0;
}

int dummy_parse_int(const char *s, long min, long max, long *val)
{
	char *end;

	errno = 0;
	*val = strtol(s, &end, 0);
	if (errno || end == s || *end || *val < min || *val > max)
		return -1;
	return 0;
}

/* --- checksums, for tools that build packets themselves (raw sockets) --- */

/* Add @len bytes, as big-endian 16-bit words, to the unfolded sum @sum. */
uint32_t dummy_sum16(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)(p[len - 1] << 8);
	return sum;
}

/* Fold a sum to 16 bits and complement it (host order). */
uint16_t dummy_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* The IPv4 header checksum, in network order (store it as is). */
uint16_t dummy_ip_csum(const void *hdr, size_t len)
{
	return htons(dummy_fold(dummy_sum16(hdr, len, 0)));
}

/* The pseudo header of DUMMY (as UDP's, with protocol @proto), unfolded. */
uint32_t dummy_pseudo_sum(struct in_addr src, struct in_addr dst, int proto,
			  size_t len)
{
	uint32_t s = ntohl(src.s_addr), d = ntohl(dst.s_addr);

	return (s >> 16) + (s & 0xffff) + (d >> 16) + (d & 0xffff) +
	       (uint32_t)proto + (uint32_t)len;
}

/*
 * The DUMMY checksum of a datagram (header, its check field 0, and payload)
 * in host order: 0 is sent as 0xffff.
 */
uint16_t dummy_dgram_csum(struct in_addr src, struct in_addr dst, int proto,
			  const void *dgram, size_t len)
{
	uint16_t c = dummy_fold(dummy_sum16(dgram, len,
					    dummy_pseudo_sum(src, dst, proto,
							     len)));

	return c ? c : 0xffff;
}

/* A small seeded generator (xorshift32; @s must not be 0). */
uint32_t dummy_xorshift32(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

long dummy_opt_int(const char *s, long min, long max, void (*usage)(void))
{
	long v;

	if (dummy_parse_int(s, min, max, &v))
		usage();
	return v;
}

int dummy_dgram_socket(int proto, const char *dev, int tos, const char **step)
{
	int fd = socket(AF_INET, SOCK_DGRAM, proto);

	*step = "socket";
	if (fd < 0)
		return -1;
	*step = "SO_BINDTODEVICE";
	if (dev && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev,
			      strlen(dev) + 1))
		goto err;
	*step = "IP_TOS";
	if (tos >= 0 && setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof(tos)))
		goto err;
	return fd;
err:
	close_keep_errno(fd);
	return -1;
}

int dummy_raw_socket(const char *dev, const char **step)
{
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW), one = 1;

	*step = "socket";
	if (fd < 0)
		return -1;
	*step = "IP_HDRINCL";
	if (setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one)) < 0)
		goto err;
	*step = "SO_BROADCAST";
	if (setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)) < 0)
		goto err;
	*step = "SO_BINDTODEVICE";
	if (dev && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev,
			      strlen(dev) + 1) < 0)
		goto err;
	return fd;
err:
	close_keep_errno(fd);
	return -1;
}

void dummy_ip_header(struct iphdr *iph, size_t hl, size_t tot_len, int ttl,
		     int proto, struct in_addr src, struct in_addr dst)
{
	memset(iph, 0, sizeof(*iph));
	iph->version = 4;
	iph->ihl = (unsigned int)(hl / 4);
	iph->tot_len = htons((uint16_t)tot_len);
	iph->ttl = (uint8_t)ttl;
	iph->protocol = (uint8_t)proto;
	iph->saddr = src.s_addr;
	iph->daddr = dst.s_addr;
}
