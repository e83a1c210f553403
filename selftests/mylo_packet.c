// SPDX-License-Identifier: GPL-2.0
/*
 * mylo at the link layer: frames sent on mylo come back as received frames
 * addressed to the host, unchanged, and the device counts them.  Each test
 * runs in a fresh network namespace of its own (myrt creates mylo there).
 *
 * Also the model of a C selftest: kselftest_harness.h, FIXTURE/TEST_F.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "kselftest_harness.h"

#define ETH_P_MYRT_TEST	0x88b5	/* IEEE local experimental ethertype */
#define NFRAMES		5

/* Read a counter of @dev from /proc/net/dev (the caller's netns). */
static int read_counters(const char *dev, unsigned long long *rx,
			 unsigned long long *tx)
{
	char line[512], name[IFNAMSIZ + 2];
	unsigned long long v[16];
	FILE *f = fopen("/proc/net/dev", "r");
	int ret = -1;

	if (!f)
		return -1;
	snprintf(name, sizeof(name), "%s:", dev);
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, name);

		if (!p)
			continue;
		if (sscanf(p + strlen(name),
			   "%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
			   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6],
			   &v[7], &v[8], &v[9]) == 10) {
			*rx = v[1];	/* rx packets */
			*tx = v[9];	/* tx packets */
			ret = 0;
		}
		break;
	}
	fclose(f);
	return ret;
}

static int packet_socket(int ifindex)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_MYRT_TEST),
		.sll_ifindex = ifindex,
	};
	struct timeval tv = { .tv_sec = 1 };
	int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_MYRT_TEST));

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))) {
		close(fd);
		return -1;
	}
	return fd;
}

FIXTURE(mylo) {
	int ifindex;
	int fd;
};

FIXTURE_SETUP(mylo)
{
	struct ifreq ifr = { 0 };
	int s;

	ASSERT_EQ(0, unshare(CLONE_NEWNET)) TH_LOG("unshare: %s", strerror(errno));
	self->ifindex = if_nametoindex("mylo");
	ASSERT_NE(0, self->ifindex) TH_LOG("no mylo in a new netns");

	s = socket(AF_INET, SOCK_DGRAM, 0);
	ASSERT_LE(0, s);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "mylo");
	ASSERT_EQ(0, ioctl(s, SIOCGIFFLAGS, &ifr));
	ifr.ifr_flags |= IFF_UP;
	ASSERT_EQ(0, ioctl(s, SIOCSIFFLAGS, &ifr));
	close(s);

	self->fd = packet_socket(self->ifindex);
	ASSERT_LE(0, self->fd) TH_LOG("packet socket: %s", strerror(errno));
}

FIXTURE_TEARDOWN(mylo)
{
	close(self->fd);
}

TEST_F(mylo, frames_loop_back)
{
	unsigned long long rx0, tx0, rx1, tx1;
	unsigned char frame[ETH_ZLEN + 16] = { 0 };
	unsigned char buf[2048];
	struct sockaddr_ll from;
	socklen_t fromlen;
	int i, looped = 0;
	ssize_t n;

	ASSERT_EQ(0, read_counters("mylo", &rx0, &tx0));

	/* To mylo's own address (all zeros), from it, our ethertype. */
	frame[12] = ETH_P_MYRT_TEST >> 8;
	frame[13] = ETH_P_MYRT_TEST & 0xff;
	memcpy(frame + ETH_HLEN, "myrt mylo test", 14);

	for (i = 0; i < NFRAMES; i++) {
		frame[ETH_HLEN + 15] = i;
		ASSERT_EQ((ssize_t)sizeof(frame), send(self->fd, frame, sizeof(frame), 0))
			TH_LOG("send: %s", strerror(errno));
	}

	/*
	 * The sending socket does not see its own outgoing copies; what it
	 * reads are the frames mylo looped back, addressed to the host.
	 */
	for (;;) {
		fromlen = sizeof(from);
		n = recvfrom(self->fd, buf, sizeof(buf), 0,
			     (struct sockaddr *)&from, &fromlen);
		if (n < 0)
			break;
		EXPECT_EQ(PACKET_HOST, from.sll_pkttype);
		EXPECT_EQ(self->ifindex, from.sll_ifindex);
		ASSERT_EQ((ssize_t)sizeof(frame), n);
		EXPECT_EQ(0, memcmp(buf + ETH_HLEN, "myrt mylo test", 14));
		EXPECT_EQ(looped, buf[ETH_HLEN + 15]);
		looped++;
	}
	EXPECT_EQ(NFRAMES, looped);

	ASSERT_EQ(0, read_counters("mylo", &rx1, &tx1));
	EXPECT_EQ(NFRAMES, (int)(tx1 - tx0));
	EXPECT_EQ(NFRAMES, (int)(rx1 - rx0));
}

TEST_F(mylo, down_drops_nothing_sent)
{
	struct ifreq ifr = { 0 };
	unsigned char frame[ETH_ZLEN] = { 0 };
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	ASSERT_LE(0, s);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "mylo");
	ASSERT_EQ(0, ioctl(s, SIOCGIFFLAGS, &ifr));
	ifr.ifr_flags &= ~IFF_UP;
	ASSERT_EQ(0, ioctl(s, SIOCSIFFLAGS, &ifr));
	close(s);

	/* A down device refuses to send. */
	frame[12] = ETH_P_MYRT_TEST >> 8;
	frame[13] = ETH_P_MYRT_TEST & 0xff;
	EXPECT_GT(0, send(self->fd, frame, sizeof(frame), 0));
	EXPECT_EQ(ENETDOWN, errno);
}

TEST_HARNESS_MAIN
