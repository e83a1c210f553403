// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink over libmnl for the myrt tools (see libgenl.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include "libgenl.h"
#include "utils.h"

static struct mnl_socket *nl;
static unsigned int nl_portid;
static uint16_t family_id;
static uint8_t family_version;
static uint32_t mcgrp_id;
static const char *mcgrp_name;
static uint32_t seq_no;
static char errmsg[512];
static char *rxbuf;
static size_t rxbuf_len;

static struct nlmsghdr *msg_start(char *buf, uint16_t type, uint8_t cmd,
				  uint16_t flags, uint8_t version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++seq_no;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

struct nlmsghdr *genl_msg(char *buf, uint8_t cmd, uint16_t flags)
{
	return msg_start(buf, family_id, cmd, flags, family_version);
}

static int ext_ack_attr(const struct nlattr *attr, void *data)
{
	(void)data;
	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		snprintf(errmsg, sizeof(errmsg), "%s", mnl_attr_get_str(attr));
	return MNL_CB_OK;
}

static int cb_error(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	unsigned int off;

	(void)data;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		off = sizeof(*err);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
		if (off < nlh->nlmsg_len - sizeof(struct nlmsghdr))
			mnl_attr_parse(nlh, off, ext_ack_attr, NULL);
	}
	if (err->error) {
		errno = -err->error;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

static int cb_done(const struct nlmsghdr *nlh, void *data)
{
	(void)data;
	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int)) {
		int e = *(int *)mnl_nlmsg_get_payload(nlh);

		if (e < 0) {
			errno = -e;
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_STOP;
}

static int cb_noop(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_NOOP] = cb_noop,
	[NLMSG_ERROR] = cb_error,
	[NLMSG_DONE] = cb_done,
	[NLMSG_OVERRUN] = cb_noop,
};

/* Send @nlh, feed every answer to @cb; 0 or -errno. */
int genl_talk(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	uint32_t seq = nlh->nlmsg_seq;
	int ret;

	errmsg[0] = 0;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		ret = mnl_socket_recvfrom(nl, rxbuf, rxbuf_len);
		if (ret < 0)
			return -errno;
		ret = mnl_cb_run2(rxbuf, ret, seq, nl_portid, cb, data,
				  ctl_cbs, NLMSG_MIN_TYPE);
		if (ret < 0)
			return errno ? -errno : -EIO;
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

struct family_info {
	uint16_t id;
	uint32_t grp;
};

static int mcgrp_attr(const struct nlattr *attr, void *data)
{
	struct family_info *fi = data;
	const struct nlattr *a;
	const char *name = NULL;
	uint32_t id = 0;

	mnl_attr_for_each_nested(a, attr) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME)
			name = mnl_attr_get_str(a);
		else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID)
			id = mnl_attr_get_u32(a);
	}
	if (name && mcgrp_name && !strcmp(name, mcgrp_name))
		fi->grp = id;
	return MNL_CB_OK;
}

static int family_attr(const struct nlattr *attr, void *data)
{
	struct family_info *fi = data;
	const struct nlattr *a;

	switch (mnl_attr_get_type(attr)) {
	case CTRL_ATTR_FAMILY_ID:
		fi->id = mnl_attr_get_u16(attr);
		break;
	case CTRL_ATTR_MCAST_GROUPS:
		mnl_attr_for_each_nested(a, attr)
			mcgrp_attr(a, data);
		break;
	}
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr, data);
	return MNL_CB_OK;
}

int genl_open(const char *family, const char *mcgrp, uint8_t version)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct family_info fi = { 0 };
	struct nlmsghdr *nlh;
	int one = 1, err;

	rxbuf_len = 65536;
	rxbuf = malloc(rxbuf_len);
	if (!rxbuf)
		return -ENOMEM;
	nl = mnl_socket_open(NETLINK_GENERIC);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	nl_portid = mnl_socket_get_portid(nl);
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));

	mcgrp_name = mcgrp;
	nlh = msg_start(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_ACK, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, family);
	err = genl_talk(nlh, family_cb, &fi);
	if (err || !fi.id)
		return err ? err : -ENOENT;
	family_id = fi.id;
	family_version = version;
	mcgrp_id = fi.grp;
	return 0;
}

void genl_close(void)
{
	if (nl)
		mnl_socket_close(nl);
	nl = NULL;
	free(rxbuf);
	rxbuf = NULL;
}

bool attr_to_field(const struct nlattr *attr, const struct attr_field *f,
		   void *obj)
{
	char *p = obj;
	uint16_t v16;
	uint32_t v32;

	for (; f->data; f++) {
		if (f->type != mnl_attr_get_type(attr))
			continue;
		if (mnl_attr_validate(attr, f->data) < 0)
			return true;	/* malformed: left at 0 */
		switch (f->data) {
		case MNL_TYPE_U8:
			p[f->off] = mnl_attr_get_u8(attr);
			break;
		case MNL_TYPE_U16:
			v16 = mnl_attr_get_u16(attr);
			memcpy(p + f->off, &v16, sizeof(v16));
			break;
		default:
			v32 = mnl_attr_get_u32(attr);
			memcpy(p + f->off, &v32, sizeof(v32));
			break;
		}
		return true;
	}
	return false;
}

int genl_report_error(int err)
{
	if (errmsg[0])
		fprintf(stderr, "Error: %s.\n", errmsg);
	fprintf(stderr, "RTNETLINK answers: %s\n", strerror(-err));
	return EXIT_REJECTED;
}

int genl_report_errno(int err)
{
	errmsg[0] = 0;
	return genl_report_error(err);
}

int genl_listen(mnl_cb_t cb, void *data)
{
	int ret;

	if (!mcgrp_id) {
		fprintf(stderr, "%s: no notification group\n",
			program_invocation_short_name);
		return EXIT_REJECTED;
	}
	if (mnl_socket_setsockopt(nl, NETLINK_ADD_MEMBERSHIP, &mcgrp_id,
				  sizeof(mcgrp_id)) < 0) {
		perror("NETLINK_ADD_MEMBERSHIP");
		return EXIT_REJECTED;
	}
	for (;;) {
		ret = mnl_socket_recvfrom(nl, rxbuf, rxbuf_len);
		if (ret < 0) {
			if (errno == ENOBUFS || errno == EINTR)
				continue;
			perror("recvfrom");
			return EXIT_REJECTED;
		}
		mnl_cb_run(rxbuf, ret, 0, 0, cb, data);
	}
	return 0;
}

int netns_switch(const char *name)
{
	char path[256];
	int fd;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && !strchr(name, '/')) {
		snprintf(path, sizeof(path), "/var/run/netns/%s", name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0) {
		fprintf(stderr, "Cannot open network namespace \"%s\": %s\n",
			name, strerror(errno));
		return -1;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		fprintf(stderr, "setting the network namespace \"%s\" failed: %s\n",
			name, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}
