// SPDX-License-Identifier: GPL-2.0
/*
 * bench_routes: a synthetic full-view IPv4 route set for the benchmark
 * (make bench), from a fixed seed, with the prefix-length mix of a real
 * full view (DPDK's histogram, shared/reference/anchors.md):
 *   <=/15 0.7%, /16 6.4%, /17 1.2%, /18 2.2%, /19 6.4%, /20 5.8%,
 *   /21 4.5%, /22 6.7%, /23 7.9%, /24 54.2%, >/24 3.9%
 * plus a default route, all via gateways 10.0.0.1-4 (a dummy device with
 * 10.0.0.254/8 in the benchmark's netns).
 *
 *   bench_routes -n ROUTES [-s SEED] [-t TRACE_LEN] OUT
 * writes OUT.ip (for ip -batch), OUT.myip (for myip -batch) and
 * OUT.trace: TRACE_LEN (default 65536) big-endian addresses, each inside
 * a route drawn at random (the "random" trace of myrt_bench).
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t rng_state;

static uint32_t rnd(void)
{
	/* xorshift64*: the same sequence on every machine */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

/* per mille of each length; <=/15 spread over /8-/15, >/24 over /25-/32 */
static int pick_len(void)
{
	static const struct { int len; int pm; } mix[] = {
		{ 16, 64 }, { 17, 12 }, { 18, 22 }, { 19, 64 }, { 20, 58 },
		{ 21, 45 }, { 22, 67 }, { 23, 79 }, { 24, 542 },
	};
	uint32_t r = rnd() % 1000;
	unsigned int i;

	if (r < 7)
		return 8 + rnd() % 8;
	r -= 7;
	for (i = 0; i < sizeof(mix) / sizeof(mix[0]); i++) {
		if (r < (uint32_t)mix[i].pm)
			return mix[i].len;
		r -= mix[i].pm;
	}
	return 25 + rnd() % 8;		/* the remaining 3.9% */
}

struct route {
	uint32_t addr;
	int len;
};

static uint64_t *set;
static size_t set_mask;

/* true if (addr, len) was new */
static int set_add(uint32_t addr, int len)
{
	uint64_t key = ((uint64_t)addr << 8 | (uint64_t)len) + 1;
	size_t i = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 20) & set_mask;

	while (set[i]) {
		if (set[i] == key)
			return 0;
		i = (i + 1) & set_mask;
	}
	set[i] = key;
	return 1;
}

static FILE *open_out(const char *base, const char *ext)
{
	char name[4096];
	FILE *fp;

	snprintf(name, sizeof(name), "%s.%s", base, ext);
	fp = fopen(name, "w");
	if (!fp) {
		perror(name);
		exit(1);
	}
	return fp;
}

int main(int argc, char **argv)
{
	unsigned long n = 0, tlen = 65536, seed = 1, i;
	FILE *fip, *fmy, *ftr;
	struct route *rt;
	size_t cap;
	int opt;

	while ((opt = getopt(argc, argv, "n:s:t:")) != -1) {
		switch (opt) {
		case 'n':
			n = strtoul(optarg, NULL, 0);
			break;
		case 's':
			seed = strtoul(optarg, NULL, 0);
			break;
		case 't':
			tlen = strtoul(optarg, NULL, 0);
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc - 1 || n < 2)
		goto usage;

	rng_state = seed * 0x2545f4914f6cdd1dULL + 1;
	for (cap = 1024; cap < 2 * n; cap <<= 1)
		;
	set = calloc(cap, sizeof(*set));
	rt = calloc(n, sizeof(*rt));
	if (!set || !rt) {
		perror("calloc");
		return 1;
	}
	set_mask = cap - 1;

	fip = open_out(argv[optind], "ip");
	fmy = open_out(argv[optind], "myip");
	ftr = open_out(argv[optind], "trace");
	fprintf(fip, "route add default via 10.0.0.1 proto static\n");
	fprintf(fmy, "route add default via 10.0.0.1\n");
	for (i = 1; i < n; ) {
		int len = pick_len();
		uint32_t a = rnd() & (0xffffffffU << (32 - len));
		uint32_t o = a >> 24;
		struct in_addr in;
		char gw[16];

		/* public unicast space, away from the benchmark's 10/8 */
		if (o == 0 || o == 10 || o == 127 || o >= 224)
			continue;
		if (!set_add(a, len))
			continue;
		rt[i].addr = a;
		rt[i].len = len;
		in.s_addr = htonl(a);
		snprintf(gw, sizeof(gw), "10.0.0.%lu", 1 + i % 4);
		fprintf(fip, "route add %s/%d via %s proto static\n",
			inet_ntoa(in), len, gw);
		fprintf(fmy, "route add %s/%d via %s\n", inet_ntoa(in), len, gw);
		i++;
	}
	for (i = 0; i < tlen; i++) {
		const struct route *r = &rt[1 + rnd() % (n - 1)];
		uint32_t host = r->len == 32 ? 0 : rnd() & (0xffffffffU >> r->len);
		uint32_t be = htonl(r->addr | host);

		fwrite(&be, sizeof(be), 1, ftr);
	}
	if (fclose(fip) || fclose(fmy) || fclose(ftr)) {
		perror("write");
		return 1;
	}
	return 0;
usage:
	fprintf(stderr, "usage: bench_routes -n ROUTES [-s SEED] [-t TRACE_LEN] OUT\n");
	return 2;
}
