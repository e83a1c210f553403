/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink over libmnl, once for the myrt tools (as iproute2's
 * lib/libnetlink.c): open the socket and resolve a family, build a
 * request, send it and run a callback on every answer, report the
 * kernel's error (with its extack message), listen to a multicast group.
 */
#ifndef _MYRT_TOOLS_LIBGENL_H
#define _MYRT_TOOLS_LIBGENL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

/* Resolve @family (and its multicast group @mcgrp); 0 or -errno. */
int genl_open(const char *family, const char *mcgrp, uint8_t version);
void genl_close(void);

/* Start a request of the family in @buf (MNL_SOCKET_BUFFER_SIZE bytes). */
struct nlmsghdr *genl_msg(char *buf, uint8_t cmd, uint16_t flags);

/* Send @nlh, feed every answer to @cb (may be NULL); 0 or -errno. */
int genl_talk(struct nlmsghdr *nlh, mnl_cb_t cb, void *data);

/* "Error: <extack>." and "RTNETLINK answers: <errno>"; EXIT_REJECTED. */
int genl_report_error(int err);
/* The same for an error code the kernel put in an attribute. */
int genl_report_errno(int err);

/* Join the family's multicast group, run @cb on every message, forever. */
int genl_listen(mnl_cb_t cb, void *data);

/*
 * Attributes that are plain u8/u16/u32 fields of a struct, by table:
 * { MYRT_A_TABLE, MNL_TYPE_U32, offsetof(struct route, table) }, ...,
 * { 0 }; the field has the size of the attribute type.
 */
struct attr_field {
	uint16_t type;
	enum mnl_attr_data_type data;	/* MNL_TYPE_U8, _U16 or _U32 */
	size_t off;
};

/* Store @attr in its field of @obj; false when it has none in @f. */
bool attr_to_field(const struct nlattr *attr, const struct attr_field *f,
		   void *obj);

/* Enter the network namespace @name (ip netns name or path). */
int netns_switch(const char *name);

#endif
