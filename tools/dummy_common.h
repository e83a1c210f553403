/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by dnc and dping (header only: tools/Makefile builds each
 * C file of tools/ on its own).
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

#endif /* _MYRT_TOOLS_DUMMY_COMMON_H */
