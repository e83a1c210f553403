/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the DUMMY tools, dnc, dping, dinject and dflood (header
 * only: tools/Makefile builds each C file of tools/ on its own).
 */
#ifndef _MYRT_TOOLS_DUMMY_COMMON_H
#define _MYRT_TOOLS_DUMMY_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <netdb.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "../uapi/myrt_dummy.h"

/* The DUMMY protocol number the loaded module uses (module parameter). */
static inline int dummy_proto(void)
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
static inline const char *dummy_errstr(int err)
{
	static char buf[128];
	const char *name = strerrorname_np(err);

	snprintf(buf, sizeof(buf), "%s (%s)", name ? name : "E?",
		 strerror(err));
	return buf;
}

static inline int dummy_parse_addr(const char *s, struct in_addr *addr)
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

static inline int dummy_parse_int(const char *s, long min, long max,
				  long *val)
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
static inline uint32_t dummy_sum16(const void *data, size_t len, uint32_t sum)
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
static inline uint16_t dummy_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* The IPv4 header checksum, in network order (store it as is). */
static inline uint16_t dummy_ip_csum(const void *hdr, size_t len)
{
	return htons(dummy_fold(dummy_sum16(hdr, len, 0)));
}

/* The pseudo header of DUMMY (as UDP's, with protocol @proto), unfolded. */
static inline uint32_t dummy_pseudo_sum(struct in_addr src, struct in_addr dst,
					int proto, size_t len)
{
	uint32_t s = ntohl(src.s_addr), d = ntohl(dst.s_addr);

	return (s >> 16) + (s & 0xffff) + (d >> 16) + (d & 0xffff) +
	       (uint32_t)proto + (uint32_t)len;
}

/*
 * The DUMMY checksum of a datagram (header, its check field 0, and payload)
 * in host order: 0 is sent as 0xffff.
 */
static inline uint16_t dummy_dgram_csum(struct in_addr src,
					struct in_addr dst, int proto,
					const void *dgram, size_t len)
{
	uint16_t c = dummy_fold(dummy_sum16(dgram, len,
					    dummy_pseudo_sum(src, dst, proto,
							     len)));

	return c ? c : 0xffff;
}

/* A small seeded generator (xorshift32; @s must not be 0). */
static inline uint32_t dummy_xorshift32(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

#endif /* _MYRT_TOOLS_DUMMY_COMMON_H */
