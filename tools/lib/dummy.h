/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the DUMMY tools (dnc, dping, dinject, dflood,
 * fwdbench, icmpwatch): the module's protocol number, argument parsing,
 * DUMMY and raw sockets, IPv4 headers and checksums for the tools that
 * build packets themselves.  tools/lib/dummy.c, linked into each.
 */
#ifndef _MYRT_TOOLS_DUMMY_H
#define _MYRT_TOOLS_DUMMY_H

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
#include <netinet/ip.h>
#include <sys/socket.h>

#include "../uapi/myrt_dummy.h"

/* The DUMMY protocol number the loaded module uses (module parameter). */
int dummy_proto(void);

/* "ECONNREFUSED (Connection refused)" */
const char *dummy_errstr(int err);

/* a dotted quad or a host name */
int dummy_parse_addr(const char *s, struct in_addr *addr);

/* an integer (any base) in [@min, @max]: 0, or -1 */
int dummy_parse_int(const char *s, long min, long max, long *val);

/* Add @len bytes, as big-endian 16-bit words, to the unfolded sum @sum. */
uint32_t dummy_sum16(const void *data, size_t len, uint32_t sum);

/* Fold a sum to 16 bits and complement it (host order). */
uint16_t dummy_fold(uint32_t sum);

/* The IPv4 header checksum, in network order (store it as is). */
uint16_t dummy_ip_csum(const void *hdr, size_t len);

/* The pseudo header of DUMMY (as UDP's, with protocol @proto), unfolded. */
uint32_t dummy_pseudo_sum(struct in_addr src, struct in_addr dst, int proto,
			  size_t len);

/*
 * The DUMMY checksum of a datagram (header, its check field 0, and payload)
 * in host order: 0 is sent as 0xffff.
 */
uint16_t dummy_dgram_csum(struct in_addr src, struct in_addr dst, int proto,
			  const void *dgram, size_t len);

/* A small seeded generator (xorshift32; @s must not be 0). */
uint32_t dummy_xorshift32(uint32_t *s);

/* An integer option in [@min, @max], or @usage() (which exits). */
long dummy_opt_int(const char *s, long min, long max, void (*usage)(void));

/*
 * A DUMMY socket of protocol @proto, bound to @dev (SO_BINDTODEVICE) when
 * not NULL, with IP_TOS @tos when >= 0.  The socket, or -1 with errno and
 * *@step the name of the step that failed ("socket", "IP_TOS", ...).
 */
int dummy_dgram_socket(int proto, const char *dev, int tos, const char **step);

/*
 * A raw socket for packets built here (IPPROTO_RAW, IP_HDRINCL,
 * SO_BROADCAST, bound to @dev when not NULL): as dummy_dgram_socket().
 */
int dummy_raw_socket(const char *dev, const char **step);

/*
 * An IPv4 header of @hl bytes (options follow it) for a packet of
 * @tot_len bytes; id, frag_off, tos and check 0.
 */
void dummy_ip_header(struct iphdr *iph, size_t hl, size_t tot_len, int ttl,
		     int proto, struct in_addr src, struct in_addr dst);

#endif /* _MYRT_TOOLS_DUMMY_H */
