/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The DUMMY IP protocol of myrt: wire format and socket API.
 *
 * Shared by the kernel module (dummy.c) and the user tools (tools/dnc.c,
 * tools/dping.c): one header, no copies to keep in sync.
 *
 * DUMMY runs directly on IPv4, protocol number MYRT_DUMMY_PROTO (253, RFC 3692
 * experimentation; the module parameter "proto" may change it, see
 * /sys/module/myrt/parameters/proto).  Every datagram starts with this
 * 16-byte header, in network byte order:
 *
 *   0               1               2               3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+---------------+---------------+
 *  |          source port          |       destination port        |
 *  +---------------+---------------+---------------+---------------+
 *  |            length             |           checksum            |
 *  +---------------+---------------+---------------+---------------+
 *  |     type      |     flags     |          identifier           |
 *  +---------------+---------------+---------------+---------------+
 *  |                        sequence number                        |
 *  +---------------+---------------+---------------+---------------+
 *  |                          payload ...
 *
 * - ports: as UDP; the ports come first so that the 8 bytes an ICMP error
 *   quotes identify the socket.
 * - length: header plus payload, in bytes (>= 16).
 * - checksum: the one's complement sum of the header, the payload and the
 *   pseudo header (source address, destination address, zero, protocol
 *   number, length), exactly as UDP computes it; a computed 0 is sent as
 *   0xffff.  It is mandatory: a datagram with a bad checksum is dropped.
 * - type: MYRT_DUMMY_DATA, MYRT_DUMMY_ECHO_REQUEST or MYRT_DUMMY_ECHO_REPLY.
 * - flags: 0 (reserved).
 * - identifier and sequence: for echo, the sender's port and a per-socket
 *   counter (replies copy both); 0 and a per-socket counter for data.
 *
 * An ECHO_REQUEST is answered by myrt in the kernel (whatever the
 * destination port) with an ECHO_REPLY carrying the same payload, sent from
 * the request's destination port to its source port.
 *
 * Socket API: socket(AF_INET, SOCK_DGRAM, MYRT_DUMMY_PROTO), then as UDP:
 * bind (port 0: ephemeral), connect (keeps myrt's route on the socket),
 * AF_UNSPEC connect to disconnect, sendto/sendmsg (MSG_DONTWAIT,
 * MSG_DONTROUTE), recvfrom/recvmsg (MSG_PEEK, MSG_TRUNC, MSG_DONTWAIT),
 * poll, SO_BINDTODEVICE, SO_REUSEADDR, IP_TOS, IP_TTL, IP_MTU_DISCOVER,
 * IP_MTU, and the IP_PKTINFO, IP_RECVTOS and IP_RECVTTL cmsgs on receive.
 * ICMP errors set the socket error as for UDP: hard errors (port
 * unreachable: ECONNREFUSED; frag needed under DF: EMSGSIZE) on connected
 * sockets, every error (EHOSTUNREACH, ENETUNREACH...) with IP_RECVERR.
 * Differences from UDP: no error queue (MSG_ERRQUEUE reads EAGAIN), send
 * cmsgs are ignored, no corking, no multicast group membership.
 * Options at level SOL_MYRT_DUMMY:
 *   MYRT_DUMMY_ECHO (int): nonzero makes every datagram sent an
 *     ECHO_REQUEST, and the socket then receives ECHO_REPLY datagrams only
 *     (a plain socket receives DATA datagrams only).
 */
#ifndef _UAPI_MYRT_DUMMY_H
#define _UAPI_MYRT_DUMMY_H

#include <linux/types.h>

#define MYRT_DUMMY_PROTO	253

struct myrt_dummyhdr {
	__be16	source;
	__be16	dest;
	__be16	len;
	__sum16	check;
	__u8	type;
	__u8	flags;
	__be16	id;
	__be32	seq;
};

enum {
	MYRT_DUMMY_DATA		= 0,
	MYRT_DUMMY_ECHO_REQUEST	= 1,
	MYRT_DUMMY_ECHO_REPLY	= 2,
};

/* Socket option level (the protocol number, as SOL_UDP is 17). */
#define SOL_MYRT_DUMMY		253

#define MYRT_DUMMY_ECHO		1

/* Largest payload of one datagram: 65535 - IPv4 header - DUMMY header. */
#define MYRT_DUMMY_MAX_PAYLOAD	(65535 - 20 - 16)

#endif /* _UAPI_MYRT_DUMMY_H */
