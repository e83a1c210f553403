// SPDX-License-Identifier: GPL-2.0
/*
 * The "myrt" generic netlink family at the message level: strict
 * attribute validation, extack messages, reserved header bytes,
 * CAP_NET_ADMIN on changes, notifications to the "notify" group, and
 * per-netns state.  Each test runs in a fresh network namespace.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

#include "kselftest_harness.h"
#include "uapi/myrt.h"

struct nl {
	struct mnl_socket *sk;
	unsigned int portid;
	uint16_t family;
	uint32_t group;
	uint32_t seq;
	char msg[256];		/* extack message of the last error */
	char buf[65536];
};

static int ack_attr(const struct nlattr *a, void *data)
{
	struct nl *nl = data;

	if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG)
		snprintf(nl->msg, sizeof(nl->msg), "%s", mnl_attr_get_str(a));
	return MNL_CB_OK;
}

static int cb_err(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct nl *nl = data;

	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		mnl_attr_parse(nlh, sizeof(*e), ack_attr, nl);	/* capped */
	errno = -e->error;
	return e->error ? MNL_CB_ERROR : MNL_CB_STOP;
}

static int cb_none(const struct nlmsghdr *nlh, void *data)
{
	return MNL_CB_OK;
}

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	(*(int *)data)++;
	return MNL_CB_OK;
}

static int cb_done(const struct nlmsghdr *nlh, void *data)
{
	return MNL_CB_STOP;
}

static mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = cb_err, [NLMSG_NOOP] = cb_none, [NLMSG_DONE] = cb_done,
};

/* Send, collect answers; returns 0 or -errno.  @cb gets the data. */
static int talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *arg)
{
	int ret;

	nl->msg[0] = 0;
	if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		ret = mnl_socket_recvfrom(nl->sk, nl->buf, sizeof(nl->buf));
		if (ret < 0)
			return -errno;
		errno = 0;
		ret = mnl_cb_run2(nl->buf, ret, nlh->nlmsg_seq, nl->portid,
				  cb, arg ? arg : nl, ctl, NLMSG_MIN_TYPE);
		if (ret == MNL_CB_ERROR || ret < 0)
			return -errno;
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

static struct nlmsghdr *put(struct nl *nl, char *b, uint16_t type, uint8_t cmd,
			    uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(b);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++nl->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = 1;
	return nlh;
}

static int fam_attr(const struct nlattr *a, void *data)
{
	struct nl *nl = data;
	const struct nlattr *g, *x;

	if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
		nl->family = mnl_attr_get_u16(a);
	if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GROUPS)
		mnl_attr_for_each_nested(g, a)
			mnl_attr_for_each_nested(x, g)
				if (mnl_attr_get_type(x) == CTRL_ATTR_MCAST_GRP_ID)
					nl->group = mnl_attr_get_u32(x);
	return MNL_CB_OK;
}

static int fam_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, GENL_HDRLEN, fam_attr, data);
}

static int nl_open(struct nl *nl)
{
	char b[512];
	struct nlmsghdr *nlh;
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->sk = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sk || mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0)
		return -1;
	nl->portid = mnl_socket_get_portid(nl->sk);
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &one, sizeof(one));
	nlh = put(nl, b, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, MYRT_GENL_NAME);
	if (talk(nl, nlh, fam_cb, nl) || !nl->family)
		return -1;
	return 0;
}

/* A route add of 10.9.0.0/16 dev lo, to be completed by the caller. */
static struct nlmsghdr *route_msg(struct nl *nl, char *b, uint8_t cmd)
{
	struct nlmsghdr *nlh = put(nl, b, nl->family, cmd, 0);

	mnl_attr_put_u32(nlh, MYRT_A_DST, inet_addr("10.9.0.0"));
	mnl_attr_put_u8(nlh, MYRT_A_DST_LEN, 16);
	mnl_attr_put_u32(nlh, MYRT_A_OIF, if_nametoindex("lo"));
	return nlh;
}

FIXTURE(nl) {
	struct nl nl;
	char b[4096];
};

FIXTURE_SETUP(nl)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, system("ip link set lo up"));
	ASSERT_EQ(0, nl_open(&self->nl));
}

FIXTURE_TEARDOWN(nl)
{
	mnl_socket_close(self->nl.sk);
}

TEST_F(nl, valid_add_and_del)
{
	struct nlmsghdr *nlh = route_msg(&self->nl, self->b, MYRT_CMD_ROUTE_NEW);

	ASSERT_EQ(0, talk(&self->nl, nlh, NULL, NULL));
	nlh = route_msg(&self->nl, self->b, MYRT_CMD_ROUTE_NEW);
	ASSERT_EQ(-EEXIST, talk(&self->nl, nlh, NULL, NULL));
	EXPECT_STREQ("Route already exists", self->nl.msg);
	nlh = route_msg(&self->nl, self->b, MYRT_CMD_ROUTE_DEL);
	ASSERT_EQ(0, talk(&self->nl, nlh, NULL, NULL));
}

TEST_F(nl, short_address_attribute)
{
	struct nlmsghdr *nlh = put(&self->nl, self->b, self->nl.family,
				   MYRT_CMD_ROUTE_NEW, 0);
	int ret;

	mnl_attr_put_u16(nlh, MYRT_A_DST, 10);
	mnl_attr_put_u8(nlh, MYRT_A_DST_LEN, 16);
	ret = talk(&self->nl, nlh, NULL, NULL);
	EXPECT_TRUE(ret == -EINVAL || ret == -ERANGE);
	EXPECT_NE(0, self->nl.msg[0]);
}

TEST_F(nl, unknown_attribute)
{
	struct nlmsghdr *nlh = route_msg(&self->nl, self->b, MYRT_CMD_ROUTE_NEW);

	mnl_attr_put_u32(nlh, MYRT_A_MAX + 5, 1);
	EXPECT_EQ(-EINVAL, talk(&self->nl, nlh, NULL, NULL));
	EXPECT_NE(0, self->nl.msg[0]);
}

TEST_F(nl, reply_only_attribute_rejected)
{
	struct nlmsghdr *nlh = route_msg(&self->nl, self->b, MYRT_CMD_ROUTE_NEW);

	mnl_attr_put_u32(nlh, MYRT_A_ERROR, 1);
	EXPECT_EQ(-EINVAL, talk(&self->nl, nlh, NULL, NULL));
	EXPECT_NE(0, self->nl.msg[0]);
}

TEST_F(nl, missing_prefix_length)
{
	struct nlmsghdr *nlh = put(&self->nl, self->b, self->nl.family,
				   MYRT_CMD_ROUTE_NEW, 0);

	mnl_attr_put_u32(nlh, MYRT_A_DST, inet_addr("10.9.0.0"));
	EXPECT_EQ(-EINVAL, talk(&self->nl, nlh, NULL, NULL));
	EXPECT_STREQ("Missing prefix length", self->nl.msg);
}

TEST_F(nl, prefix_length_33)
{
	struct nlmsghdr *nlh = put(&self->nl, self->b, self->nl.family,
				   MYRT_CMD_ROUTE_NEW, 0);

	mnl_attr_put_u32(nlh, MYRT_A_DST, 0);
	mnl_attr_put_u8(nlh, MYRT_A_DST_LEN, 33);
	EXPECT_EQ(-EINVAL, talk(&self->nl, nlh, NULL, NULL));
	EXPECT_STREQ("Invalid prefix length", self->nl.msg);
}

TEST_F(nl, bad_route_type)
{
	struct nlmsghdr *nlh = route_msg(&self->nl, self->b, MYRT_CMD_ROUTE_NEW);

	mnl_attr_put_u8(nlh, MYRT_A_TYPE, RTN_MAX + 1);
	EXPECT_EQ(-EINVAL, talk(&self->nl, nlh, NULL, NULL));
	EXPECT_STREQ("Invalid route type", self->nl.msg);
}

TEST_F(nl, multipath_with_garbage)
{
	struct nlmsghdr *nlh = route_msg(&self->nl, self->b, MYRT_CMD_ROUTE_NEW);
	struct nlattr *mp = mnl_attr_nest_start(nlh, MYRT_A_MULTIPATH);

	mnl_attr_put_u32(nlh, MYRT_A_TABLE, 1);
	mnl_attr_nest_end(nlh, mp);
	EXPECT_EQ(-EINVAL, talk(&self->nl, nlh, NULL, NULL));
	EXPECT_STREQ("Multipath holds only MYRT_A_NH nests", self->nl.msg);
}

TEST_F(nl, nexthop_weight_out_of_range)
{
	struct nlmsghdr *nlh = route_msg(&self->nl, self->b, MYRT_CMD_ROUTE_NEW);
	struct nlattr *mp = mnl_attr_nest_start(nlh, MYRT_A_MULTIPATH);
	struct nlattr *nh = mnl_attr_nest_start(nlh, MYRT_A_NH);

	mnl_attr_put_u32(nlh, MYRT_NH_A_WEIGHT, 1000);
	mnl_attr_nest_end(nlh, nh);
	mnl_attr_nest_end(nlh, mp);
	EXPECT_EQ(-ERANGE, talk(&self->nl, nlh, NULL, NULL));
	EXPECT_NE(0, self->nl.msg[0]);
}

TEST_F(nl, congestion_control_metric_rejected)
{
	struct nlmsghdr *nlh = route_msg(&self->nl, self->b, MYRT_CMD_ROUTE_NEW);
	struct nlattr *mx = mnl_attr_nest_start(nlh, MYRT_A_METRICS);

	mnl_attr_put_strz(nlh, RTAX_CC_ALGO, "reno");
	mnl_attr_nest_end(nlh, mx);
	EXPECT_EQ(-EINVAL, talk(&self->nl, nlh, NULL, NULL));
	EXPECT_NE(0, self->nl.msg[0]);
}

TEST_F(nl, route_get_needs_destination)
{
	struct nlmsghdr *nlh = put(&self->nl, self->b, self->nl.family,
				   MYRT_CMD_ROUTE_GET, 0);

	EXPECT_EQ(-EINVAL, talk(&self->nl, nlh, NULL, NULL));
	EXPECT_STREQ("Missing destination address", self->nl.msg);
}

TEST_F(nl, header_flags_are_reserved)
{
	struct nlmsghdr *nlh = route_msg(&self->nl, self->b, MYRT_CMD_ROUTE_NEW);

	nlh->nlmsg_flags |= NLM_F_CREATE;
	EXPECT_EQ(-EINVAL, talk(&self->nl, nlh, NULL, NULL));
	EXPECT_NE(0, self->nl.msg[0]);
}

TEST_F(nl, replace_and_append_flags)
{
	struct nlmsghdr *nlh = route_msg(&self->nl, self->b, MYRT_CMD_ROUTE_NEW);
	int n = 0;

	ASSERT_EQ(0, talk(&self->nl, nlh, NULL, NULL));
	/* change of a missing route: -ENOENT */
	nlh = put(&self->nl, self->b, self->nl.family, MYRT_CMD_ROUTE_NEW, 0);
	mnl_attr_put_u32(nlh, MYRT_A_DST, inet_addr("10.10.0.0"));
	mnl_attr_put_u8(nlh, MYRT_A_DST_LEN, 16);
	mnl_attr_put_u32(nlh, MYRT_A_OIF, if_nametoindex("lo"));
	mnl_attr_put_u32(nlh, MYRT_A_NLFLAGS, NLM_F_REPLACE);
	EXPECT_EQ(-ENOENT, talk(&self->nl, nlh, NULL, NULL));
	/* append a second route to the same prefix (other metric) */
	nlh = route_msg(&self->nl, self->b, MYRT_CMD_ROUTE_NEW);
	mnl_attr_put_u32(nlh, MYRT_A_PRIORITY, 5);
	mnl_attr_put_u32(nlh, MYRT_A_NLFLAGS, NLM_F_CREATE | NLM_F_APPEND);
	EXPECT_EQ(0, talk(&self->nl, nlh, NULL, NULL));
	/* unknown flag bits are rejected by the policy */
	nlh = route_msg(&self->nl, self->b, MYRT_CMD_ROUTE_NEW);
	mnl_attr_put_u32(nlh, MYRT_A_NLFLAGS, NLM_F_ACK);
	EXPECT_EQ(-EINVAL, talk(&self->nl, nlh, NULL, NULL));
	nlh = put(&self->nl, self->b, self->nl.family, MYRT_CMD_ROUTE_GET,
		  NLM_F_DUMP);
	mnl_attr_put_u32(nlh, MYRT_A_TABLE, RT_TABLE_MAIN);
	ASSERT_EQ(0, talk(&self->nl, nlh, count_cb, &n));
	EXPECT_EQ(2, n);
}

TEST_F(nl, reserved_header_byte)
{
	struct nlmsghdr *nlh = route_msg(&self->nl, self->b, MYRT_CMD_ROUTE_NEW);
	struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);

	g->reserved = 1;
	EXPECT_EQ(-EINVAL, talk(&self->nl, nlh, NULL, NULL));
}

TEST_F(nl, dump_is_per_netns)
{
	struct nlmsghdr *nlh = route_msg(&self->nl, self->b, MYRT_CMD_ROUTE_NEW);
	int n = 0, m = 0;

	ASSERT_EQ(0, talk(&self->nl, nlh, NULL, NULL));
	nlh = put(&self->nl, self->b, self->nl.family, MYRT_CMD_ROUTE_GET,
		  NLM_F_DUMP);
	mnl_attr_put_u32(nlh, MYRT_A_TABLE, RT_TABLE_MAIN);
	ASSERT_EQ(0, talk(&self->nl, nlh, count_cb, &n));
	EXPECT_EQ(1, n);

	/* a second fresh netns does not see it */
	mnl_socket_close(self->nl.sk);
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, nl_open(&self->nl));
	nlh = put(&self->nl, self->b, self->nl.family, MYRT_CMD_ROUTE_GET,
		  NLM_F_DUMP);
	mnl_attr_put_u32(nlh, MYRT_A_TABLE, RT_TABLE_MAIN);
	ASSERT_EQ(0, talk(&self->nl, nlh, count_cb, &m));
	EXPECT_EQ(0, m);
}

TEST_F(nl, notification_on_add)
{
	struct nlmsghdr *nlh;
	struct mnl_socket *mon;
	struct timeval tv = { .tv_sec = 2 };
	char buf[8192];
	int ret, one = 1;

	ASSERT_NE(0U, self->nl.group);
	mon = mnl_socket_open(NETLINK_GENERIC);
	ASSERT_NE(NULL, mon);
	ASSERT_EQ(0, mnl_socket_bind(mon, 0, MNL_SOCKET_AUTOPID));
	ASSERT_EQ(0, mnl_socket_setsockopt(mon, NETLINK_ADD_MEMBERSHIP,
					   &self->nl.group,
					   sizeof(self->nl.group)));
	setsockopt(mnl_socket_get_fd(mon), SOL_SOCKET, SO_RCVTIMEO, &tv,
		   sizeof(tv));
	(void)one;
	nlh = route_msg(&self->nl, self->b, MYRT_CMD_ROUTE_NEW);
	ASSERT_EQ(0, talk(&self->nl, nlh, NULL, NULL));
	ret = mnl_socket_recvfrom(mon, buf, sizeof(buf));
	ASSERT_GT(ret, 0);
	nlh = (struct nlmsghdr *)buf;
	EXPECT_EQ((int)self->nl.family, (int)nlh->nlmsg_type);
	EXPECT_EQ(MYRT_CMD_ROUTE_NEW,
		  ((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd);
	mnl_socket_close(mon);
}

/*
 * A rule without a table gets the first unused id (classic
 * fib_empty_table), within 1..255; with every id taken it is refused with
 * ENOBUFS and a message, as the fuzzer's rule adds were once all of 255
 * tables existed.
 */
TEST_F(nl, rule_without_table_takes_a_free_id)
{
	struct nlmsghdr *nlh;
	uint32_t id;

	nlh = put(&self->nl, self->b, self->nl.family, MYRT_CMD_RULE_NEW, 0);
	mnl_attr_put_u32(nlh, MYRT_A_RULE_PREF, 500);
	ASSERT_EQ(0, talk(&self->nl, nlh, NULL, NULL));
	/*
	 * That made table 1 (a new netns has none but main and local): with
	 * 2..255 made too, no id is left for a second rule.
	 */
	for (id = 2; id <= 255; id++) {
		nlh = route_msg(&self->nl, self->b, MYRT_CMD_ROUTE_NEW);
		mnl_attr_put_u32(nlh, MYRT_A_TABLE, id);
		ASSERT_EQ(0, talk(&self->nl, nlh, NULL, NULL));
	}
	nlh = put(&self->nl, self->b, self->nl.family, MYRT_CMD_RULE_NEW, 0);
	mnl_attr_put_u32(nlh, MYRT_A_RULE_PREF, 501);
	EXPECT_EQ(-ENOBUFS, talk(&self->nl, nlh, NULL, NULL));
	EXPECT_STREQ("No unused table id (1-255) left", self->nl.msg);
}

/* ---- realms (RTA_FLOW / FRA_FLOW), issue 19 ---- */

TEST_F(nl, realm_attribute_wrong_length)
{
	struct nlmsghdr *nlh = route_msg(&self->nl, self->b, MYRT_CMD_ROUTE_NEW);
	struct nlattr *mp, *nh;
	int ret;

	mnl_attr_put_u16(nlh, MYRT_A_FLOW, 5);
	ret = talk(&self->nl, nlh, NULL, NULL);
	EXPECT_TRUE(ret == -EINVAL || ret == -ERANGE);
	EXPECT_NE(0, self->nl.msg[0]);

	/* a nexthop's realms: a u64 */
	nlh = route_msg(&self->nl, self->b, MYRT_CMD_ROUTE_NEW);
	mp = mnl_attr_nest_start(nlh, MYRT_A_MULTIPATH);
	nh = mnl_attr_nest_start(nlh, MYRT_A_NH);
	mnl_attr_put_u32(nlh, MYRT_NH_A_OIF, if_nametoindex("lo"));
	mnl_attr_put_u64(nlh, MYRT_NH_A_FLOW, 5);
	mnl_attr_nest_end(nlh, nh);
	mnl_attr_nest_end(nlh, mp);
	ret = talk(&self->nl, nlh, NULL, NULL);
	EXPECT_TRUE(ret == -EINVAL || ret == -ERANGE);
	EXPECT_NE(0, self->nl.msg[0]);

	/* a rule's realms: a u8 */
	nlh = put(&self->nl, self->b, self->nl.family, MYRT_CMD_RULE_NEW, 0);
	mnl_attr_put_u32(nlh, MYRT_A_RULE_PREF, 500);
	mnl_attr_put_u32(nlh, MYRT_A_TABLE, RT_TABLE_MAIN);
	mnl_attr_put_u8(nlh, MYRT_A_FLOW, 5);
	ret = talk(&self->nl, nlh, NULL, NULL);
	EXPECT_TRUE(ret == -EINVAL || ret == -ERANGE);
	EXPECT_NE(0, self->nl.msg[0]);
}

TEST_F(nl, multipath_realms_must_match_rta_flow)
{
	struct nlmsghdr *nlh = put(&self->nl, self->b, self->nl.family,
				   MYRT_CMD_ROUTE_NEW, 0);
	struct nlattr *mp, *nh;

	mnl_attr_put_u32(nlh, MYRT_A_DST, inet_addr("10.9.0.0"));
	mnl_attr_put_u8(nlh, MYRT_A_DST_LEN, 16);
	mnl_attr_put_u32(nlh, MYRT_A_FLOW, 6);
	mp = mnl_attr_nest_start(nlh, MYRT_A_MULTIPATH);
	nh = mnl_attr_nest_start(nlh, MYRT_A_NH);
	mnl_attr_put_u32(nlh, MYRT_NH_A_OIF, if_nametoindex("lo"));
	mnl_attr_put_u32(nlh, MYRT_NH_A_FLOW, 5);
	mnl_attr_nest_end(nlh, nh);
	mnl_attr_nest_end(nlh, mp);
	EXPECT_EQ(-EINVAL, talk(&self->nl, nlh, NULL, NULL));
	EXPECT_STREQ("Nexthop realms do not match RTA_FLOW", self->nl.msg);
}

/* The fib_info id of each route of a structure dump, by destination. */
struct fi_ids {
	uint32_t dst[8], id[8], flow[8];
	int n;
};

static int fi_st_attr(const struct nlattr *a, void *data)
{
	uint32_t *id = data;

	if (mnl_attr_get_type(a) == MYRT_ST_A_FI_ID)
		*id = mnl_attr_get_u32(a);
	return MNL_CB_OK;
}

static int fi_attr(const struct nlattr *a, void *data)
{
	struct fi_ids *f = data;

	switch (mnl_attr_get_type(a)) {
	case MYRT_A_DST:
		f->dst[f->n] = mnl_attr_get_u32(a);
		break;
	case MYRT_A_FLOW:
		f->flow[f->n] = mnl_attr_get_u32(a);
		break;
	case MYRT_A_STRUCT:
		mnl_attr_parse_nested(a, fi_st_attr, &f->id[f->n]);
		break;
	}
	return MNL_CB_OK;
}

static int fi_cb(const struct nlmsghdr *nlh, void *data)
{
	struct fi_ids *f = data;

	if (f->n == 8)
		return MNL_CB_OK;
	f->dst[f->n] = 0;
	f->id[f->n] = 0;
	f->flow[f->n] = 0;
	mnl_attr_parse(nlh, GENL_HDRLEN, fi_attr, f);
	if (f->id[f->n])	/* an alias, not a zone */
		f->n++;
	return MNL_CB_OK;
}

static uint32_t fi_of(const struct fi_ids *f, const char *dst,
		      uint32_t *flow)
{
	int i;

	for (i = 0; i < f->n; i++) {
		if (f->dst[i] == inet_addr(dst)) {
			*flow = f->flow[i];
			return f->id[i];
		}
	}
	return 0;
}

/*
 * Classic nh_comp compared nh_tclassid: routes whose nexthops differ only
 * by realm have infos of their own; the same realm shares one.
 */
TEST_F(nl, realms_keep_fib_infos_apart)
{
	static const char *const dst[] = { "10.9.0.0", "10.10.0.0", "10.11.0.0" };
	static const uint32_t flow[] = { 0x30005, 0x30006, 0x30005 };
	struct fi_ids f = { .n = 0 };
	uint32_t a, b, c, fa = 0, fb = 0, fc = 0;
	struct nlmsghdr *nlh;
	int i;

	for (i = 0; i < 3; i++) {
		nlh = put(&self->nl, self->b, self->nl.family,
			  MYRT_CMD_ROUTE_NEW, 0);
		mnl_attr_put_u32(nlh, MYRT_A_DST, inet_addr(dst[i]));
		mnl_attr_put_u8(nlh, MYRT_A_DST_LEN, 16);
		mnl_attr_put_u32(nlh, MYRT_A_OIF, if_nametoindex("lo"));
		mnl_attr_put_u32(nlh, MYRT_A_FLOW, flow[i]);
		ASSERT_EQ(0, talk(&self->nl, nlh, NULL, NULL));
	}
	nlh = put(&self->nl, self->b, self->nl.family, MYRT_CMD_FIB_GET,
		  NLM_F_DUMP);
	mnl_attr_put_u32(nlh, MYRT_A_TABLE, RT_TABLE_MAIN);
	ASSERT_EQ(0, talk(&self->nl, nlh, fi_cb, &f));
	a = fi_of(&f, dst[0], &fa);
	b = fi_of(&f, dst[1], &fb);
	c = fi_of(&f, dst[2], &fc);
	ASSERT_NE(0U, a);
	ASSERT_NE(0U, b);
	ASSERT_NE(0U, c);
	EXPECT_EQ(a, c);
	EXPECT_NE(a, b);
	EXPECT_EQ(0x30005U, fa);
	EXPECT_EQ(0x30006U, fb);
	EXPECT_EQ(0x30005U, fc);
}

static int drop_net_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[CAP_NET_ADMIN / 32].effective &= ~(1u << (CAP_NET_ADMIN % 32));
	return syscall(SYS_capset, &h, d);
}

TEST_F(nl, changes_need_cap_net_admin)
{
	struct nlmsghdr *nlh;
	int n = 0;

	ASSERT_EQ(0, drop_net_admin());
	nlh = route_msg(&self->nl, self->b, MYRT_CMD_ROUTE_NEW);
	EXPECT_EQ(-EPERM, talk(&self->nl, nlh, NULL, NULL));
	nlh = put(&self->nl, self->b, self->nl.family, MYRT_CMD_CACHE_FLUSH, 0);
	EXPECT_EQ(-EPERM, talk(&self->nl, nlh, NULL, NULL));
	nlh = put(&self->nl, self->b, self->nl.family, MYRT_CMD_RULE_NEW, 0);
	EXPECT_EQ(-EPERM, talk(&self->nl, nlh, NULL, NULL));
	/* reading is allowed */
	nlh = put(&self->nl, self->b, self->nl.family, MYRT_CMD_RULE_GET,
		  NLM_F_DUMP);
	EXPECT_EQ(0, talk(&self->nl, nlh, count_cb, &n));
	EXPECT_EQ(3, n);
}

TEST_HARNESS_MAIN
