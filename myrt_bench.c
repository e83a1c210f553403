// SPDX-License-Identifier: GPL-2.0
/*
 * myrt_bench: an in-kernel lookup benchmark (make bench), in the manner of
 * Vincent Bernat's kbench: every lookup is timed on its own with the cycle
 * counter, after a warm-up, with bottom halves (and so preemption) disabled
 * around each batch of samples; the median and the 90th percentile are
 * reported, minus the median cost of timing an empty operation.
 *
 * It times, in the namespace of the process that asks:
 *   kernel_fib_trie     fib_table_lookup() on the kernel's main table (what
 *                       fib_lookup() does without custom rules)
 *   myrt_fib            myrt_fib_lookup() (rules, then fib_hash tables)
 *   myrt_fib_main       myrt_fib_table_lookup() on myrt's main table alone
 *                       (no rules, no local table: the part of myrt_fib
 *                       that compares with kernel_fib_trie's one table)
 *   myrt_fib_local      myrt_fib_table_lookup() on myrt's local table alone
 *                       (the other table myrt_fib probes first)
 *   myrt_cache_hit_in   myrt_route_input_noref() hitting the route cache
 *   myrt_cache_hit_out  myrt_route_output_key() hitting the route cache
 *   myrt_cache_miss     myrt_route_output_key() on fresh keys: cache miss,
 *                       slow path and insertion (flushed between batches)
 * over two address traces:
 *   random  the addresses written to the "trace" file, in order
 *           (independent keys: the throughput case)
 *   linear  a scan of the whole address space in N equal steps, each key
 *           depending on the previous result (the latency case)
 *
 * Interface (debugfs, root only):
 *   /sys/kernel/debug/myrt_bench/trace  write: big-endian IPv4 addresses
 *                                       (4 bytes each; offset 0 restarts)
 *   /sys/kernel/debug/myrt_bench/run    write "IMPL TRACE N [DEV [SADDR]]",
 *                                       read: the result of the last run:
 *     IMPL TRACE N median_cycles p90_cycles median_ns p90_ns overhead_cycles
 *     errors
 * DEV (default d0) and SADDR (default 10.0.0.2) are the input device and
 * the source address of the input-route rows.
 */
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/vmalloc.h>
#include <linux/sort.h>
#include <linux/inet.h>
#include <linux/timex.h>
#include <net/ip_fib.h>

#include "myrt.h"

#define BENCH_BATCH		256
#define BENCH_CACHE_KEYS	1024
#define BENCH_MAX_TRACE		BIT(22)
#define BENCH_MAX_SAMPLES	BIT(22)

static unsigned int warmup = 100000;
module_param(warmup, uint, 0644);
MODULE_PARM_DESC(warmup, "lookups before timing (default 100000)");

struct bench_ctx {
	struct net		*net;
	struct myrt_net		*mn;
	struct fib_table	*ktb;
	struct net_device	*dev;
	struct sk_buff		*skb;
	__be32			saddr;
};

typedef int (*bench_op_t)(struct bench_ctx *c, __be32 daddr);

static DEFINE_MUTEX(bench_lock);
static __be32 *trace_buf;		/* under bench_lock */
static unsigned int trace_len;
static char result[256];
static struct dentry *bench_dir;

static inline u64 bench_now(void)
{
#ifdef CONFIG_X86
	return rdtsc_ordered();
#else
	return get_cycles();
#endif
}

static int op_none(struct bench_ctx *c, __be32 daddr)
{
	return (__force u32)daddr & 1;
}

static int op_kernel_fib(struct bench_ctx *c, __be32 daddr)
{
	struct flowi4 fl4 = {
		.daddr = daddr,
		.flowi4_iif = LOOPBACK_IFINDEX,
		.flowi4_scope = RT_SCOPE_UNIVERSE,
	};
	struct fib_result res;
	int err;

	err = fib_table_lookup(c->ktb, &fl4, &res, FIB_LOOKUP_NOREF);
	return err ? err : res.prefixlen;
}

static int op_myrt_fib(struct bench_ctx *c, __be32 daddr)
{
	struct flowi4 fl4 = {
		.daddr = daddr,
		.flowi4_iif = LOOPBACK_IFINDEX,
		.flowi4_scope = RT_SCOPE_UNIVERSE,
	};
	struct myrt_fib_result res;
	int err;

	err = myrt_fib_lookup(c->mn, &fl4, &res, NULL);
	return err ? err : res.prefixlen;
}

static int myrt_table_op(struct myrt_fib_table *tb, __be32 daddr)
{
	struct flowi4 fl4 = {
		.daddr = daddr,
		.flowi4_iif = LOOPBACK_IFINDEX,
		.flowi4_scope = RT_SCOPE_UNIVERSE,
	};
	struct myrt_fib_result res;
	int err;

	err = myrt_fib_table_lookup(tb, &fl4, &res, NULL);
	return err ? (err < 0 ? err : -ENETUNREACH) : res.prefixlen;
}

static int op_myrt_fib_main(struct bench_ctx *c, __be32 daddr)
{
	return myrt_table_op(c->mn->fib.main, daddr);
}

static int op_myrt_fib_local(struct bench_ctx *c, __be32 daddr)
{
	return myrt_table_op(c->mn->fib.local, daddr);
}

static int op_myrt_output(struct bench_ctx *c, __be32 daddr)
{
	struct flowi4 fl4 = { .daddr = daddr };
	struct myrt_rtable *rth;

	rth = myrt_route_output_key(c->net, &fl4, NULL);
	if (IS_ERR(rth))
		return PTR_ERR(rth);
	dst_release(&rth->rt.dst);
	return 0;
}

static int op_myrt_input(struct bench_ctx *c, __be32 daddr)
{
	int err;

	ip_hdr(c->skb)->daddr = daddr;
	/*
	 * As in PRE_ROUTING: a hit is used without a reference, inside the
	 * RCU read section that bench_loop() holds.
	 */
	err = myrt_route_input_noref(c->skb, daddr, c->saddr, 0, c->dev, NULL);
	if (!err)
		skb_dst_drop(c->skb);
	return err;
}

static int cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* The key of sample @i; @dep is the previous result (linear trace). */
static __be32 bench_key(bool linear, unsigned int i, unsigned int nkeys,
			int dep)
{
	u32 step;

	i %= nkeys;
	if (!linear)
		return trace_buf[i];
	step = nkeys > 1 ? (u32)(div_u64(1ULL << 32, nkeys)) : 1;
	return htonl(i * step + 0x01000001 + (dep & 1));
}

/*
 * Time @n calls of @op, one by one, into @samples.  @nkeys: the number of
 * distinct keys to cycle over; @flush: flush the cache after every
 * @nkeys samples, outside the timed region (the cache-miss row).
 * Returns the number of lookups that failed.
 */
static unsigned int bench_loop(struct bench_ctx *c, bench_op_t op, bool linear,
			       unsigned int n, unsigned int nkeys, bool flush,
			       u32 *samples)
{
	unsigned int i = 0, errors = 0;
	int dep = 0;

	while (i < n) {
		unsigned int end = min(n, i + BENCH_BATCH);

		if (flush)
			end = min(end, roundup(i + 1, nkeys));
		local_bh_disable();
		rcu_read_lock();
		for (; i < end; i++) {
			__be32 key = bench_key(linear, i, nkeys, dep);
			u64 t0, t1;

			t0 = bench_now();
			dep = op(c, key);
			t1 = bench_now();
			if (samples)
				samples[i] = (u32)min_t(u64, t1 - t0, U32_MAX);
			if (dep < 0)
				errors++;
		}
		rcu_read_unlock();
		local_bh_enable();
		if (flush && i % nkeys == 0)
			myrt_cache_flush(c->net, 0);
		cond_resched();
	}
	return errors;
}

static u64 cycles_to_ns(u64 cycles)
{
#ifdef CONFIG_X86
	if (tsc_khz)
		return div_u64(cycles * 1000000ULL, tsc_khz);
#endif
	return cycles;
}

static int bench_run(struct bench_ctx *c, const char *impl, const char *tr,
		     unsigned int n)
{
	unsigned int nkeys, errors, med_oh;
	bool linear, cache = false, flush = false;
	u32 *samples;
	u32 med, p90;
	bench_op_t op;

	if (!strcmp(tr, "linear"))
		linear = true;
	else if (!strcmp(tr, "random"))
		linear = false;
	else
		return -EINVAL;
	if (!linear && !trace_len)
		return -ENODATA;

	if (!strcmp(impl, "kernel_fib_trie")) {
		/*
		 * fib_get_table() is not exported; fib_new_table() returns
		 * the existing main table (it lives as long as the netns).
		 */
		rtnl_lock();
		c->ktb = fib_new_table(c->net, RT_TABLE_MAIN);
		rtnl_unlock();
		if (!c->ktb)
			return -ENOENT;
		op = op_kernel_fib;
	} else if (!strcmp(impl, "myrt_fib")) {
		op = op_myrt_fib;
	} else if (!strcmp(impl, "myrt_fib_main")) {
		if (!c->mn->fib.main)
			return -ENOENT;
		op = op_myrt_fib_main;
	} else if (!strcmp(impl, "myrt_fib_local")) {
		if (!c->mn->fib.local)
			return -ENOENT;
		op = op_myrt_fib_local;
	} else if (!strcmp(impl, "myrt_cache_hit_in")) {
		if (!c->dev)
			return -ENODEV;
		op = op_myrt_input;
		cache = true;
	} else if (!strcmp(impl, "myrt_cache_hit_out")) {
		op = op_myrt_output;
		cache = true;
	} else if (!strcmp(impl, "myrt_cache_miss")) {
		op = op_myrt_output;
		flush = true;
	} else if (!strcmp(impl, "none")) {
		op = op_none;
	} else {
		return -EINVAL;
	}

	/*
	 * Cache hits cycle over a working set the cache holds; everything
	 * else walks the whole trace.
	 */
	nkeys = linear ? n : trace_len;
	if (cache || flush)
		nkeys = min(nkeys, BENCH_CACHE_KEYS);

	samples = vmalloc(array_size(n, sizeof(*samples)));
	if (!samples)
		return -ENOMEM;

	/* The cost of timing itself. */
	bench_loop(c, op_none, linear, n, nkeys, false, samples);
	sort(samples, n, sizeof(*samples), cmp_u32, NULL);
	med_oh = samples[n / 2];

	if (flush)
		myrt_cache_flush(c->net, 0);
	/* Warm-up; for cache hits it also fills the cache with the keys. */
	bench_loop(c, op, linear, flush ? min(warmup, nkeys) : warmup, nkeys,
		   flush, NULL);
	if (flush)
		myrt_cache_flush(c->net, 0);

	errors = bench_loop(c, op, linear, n, nkeys, flush, samples);
	if (flush)
		myrt_cache_flush(c->net, 0);
	sort(samples, n, sizeof(*samples), cmp_u32, NULL);
	med = samples[n / 2] > med_oh ? samples[n / 2] - med_oh : 0;
	p90 = samples[n * 9 / 10] > med_oh ? samples[n * 9 / 10] - med_oh : 0;
	vfree(samples);

	snprintf(result, sizeof(result), "%s %s %u %u %u %llu %llu %u %u\n",
		 impl, tr, n, med, p90, cycles_to_ns(med), cycles_to_ns(p90),
		 med_oh, errors);
	return 0;
}

static ssize_t run_write(struct file *file, const char __user *ubuf,
			 size_t len, loff_t *ppos)
{
	char buf[128], impl[32], tr[16], dev[IFNAMSIZ] = "d0", src[16] = "";
	struct bench_ctx c = { .saddr = htonl(0x0a000002) };
	unsigned int n;
	int err;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = 0;
	if (sscanf(buf, "%31s %15s %u %15s %15s", impl, tr, &n, dev, src) < 3)
		return -EINVAL;
	if (!n || n > BENCH_MAX_SAMPLES)
		return -ERANGE;
	if (src[0] && !in4_pton(src, -1, (u8 *)&c.saddr, -1, NULL))
		return -EINVAL;

	c.net = get_net(current->nsproxy->net_ns);
	c.mn = myrt_pernet(c.net);
	c.dev = dev_get_by_name(c.net, dev);
	if (c.dev) {
		c.skb = alloc_skb(128, GFP_KERNEL);
		if (!c.skb) {
			err = -ENOMEM;
			goto out;
		}
		skb_reserve(c.skb, 32);
		skb_reset_network_header(c.skb);
		skb_put_zero(c.skb, sizeof(struct iphdr));
		ip_hdr(c.skb)->version = 4;
		ip_hdr(c.skb)->ihl = 5;
		ip_hdr(c.skb)->ttl = 64;
		ip_hdr(c.skb)->protocol = IPPROTO_UDP;
		ip_hdr(c.skb)->tot_len = htons(sizeof(struct iphdr));
		ip_hdr(c.skb)->saddr = c.saddr;
		c.skb->protocol = htons(ETH_P_IP);
		c.skb->dev = c.dev;
		c.skb->skb_iif = c.dev->ifindex;
	}

	mutex_lock(&bench_lock);
	err = bench_run(&c, impl, tr, n);
	mutex_unlock(&bench_lock);
out:
	kfree_skb(c.skb);
	dev_put(c.dev);
	put_net(c.net);
	return err ? err : len;
}

static ssize_t run_read(struct file *file, char __user *ubuf, size_t len,
			loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&bench_lock);
	ret = simple_read_from_buffer(ubuf, len, ppos, result, strlen(result));
	mutex_unlock(&bench_lock);
	return ret;
}

static ssize_t trace_write(struct file *file, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	size_t n;

	if (*ppos % 4 || len % 4)
		return -EINVAL;
	mutex_lock(&bench_lock);
	if (*ppos == 0)
		trace_len = 0;
	n = min_t(size_t, len / 4, BENCH_MAX_TRACE - trace_len);
	if (!n || copy_from_user(trace_buf + trace_len, ubuf, n * 4)) {
		mutex_unlock(&bench_lock);
		return n ? -EFAULT : -ENOSPC;
	}
	trace_len += n;
	*ppos += n * 4;
	mutex_unlock(&bench_lock);
	return n * 4;
}

static const struct file_operations run_fops = {
	.owner	= THIS_MODULE,
	.write	= run_write,
	.read	= run_read,
	.llseek	= default_llseek,
};

static const struct file_operations trace_fops = {
	.owner	= THIS_MODULE,
	.write	= trace_write,
	.llseek	= default_llseek,
};

static int __init myrt_bench_init(void)
{
	trace_buf = vmalloc(array_size(BENCH_MAX_TRACE, sizeof(*trace_buf)));
	if (!trace_buf)
		return -ENOMEM;
	bench_dir = debugfs_create_dir("myrt_bench", NULL);
	debugfs_create_file("run", 0600, bench_dir, NULL, &run_fops);
	debugfs_create_file("trace", 0200, bench_dir, NULL, &trace_fops);
	return 0;
}

static void __exit myrt_bench_exit(void)
{
	debugfs_remove_recursive(bench_dir);
	vfree(trace_buf);
}

module_init(myrt_bench_init);
module_exit(myrt_bench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("myrt lookup benchmark (make bench)");
