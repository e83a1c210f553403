// SPDX-License-Identifier: GPL-2.0
/*
 * The classic /proc views, in exactly the classic formats:
 *   /proc/net/myrt_cache        the route cache (/proc/net/rt_cache)
 *   /proc/net/stat/myrt_cache   per-CPU cache statistics (/proc/net/stat/rt_cache)
 *   /proc/net/myrt_acct         per-realm counters (/proc/net/rt_acct): binary,
 *                               256 struct myrt_rt_acct summed over the CPUs
 * and one the classic kernel did not have:
 *   /proc/net/stat/myrt_cache_chains  chain lengths of the route cache table
 *                               and the emergency rebuild state, "name value"
 * (/proc/net/myrt_route, the MAIN table, belongs to the FIB.)
 */
#include <linux/slab.h>
#include <linux/percpu.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/capability.h>
#include <linux/user_namespace.h>
#include <net/neighbour.h>
#include <net/arp.h>
#include "myrt.h"

/* Classic rows are padded with spaces to 127 characters. */
#define MYRT_PROC_LINE 127

struct myrt_cache_iter {
	struct seq_net_private p;
	unsigned int bucket;
};

static void *myrt_cache_seq_start(struct seq_file *seq, loff_t *pos)
	__acquires(RCU)
{
	struct myrt_cache_iter *st = seq->private;
	struct myrt_rtable *rth;
	loff_t n = *pos;

	rcu_read_lock();
	if (!n)
		return SEQ_START_TOKEN;
	rth = myrt_cache_first(seq_file_net(seq), &st->bucket);
	while (rth && --n)
		rth = myrt_cache_next(seq_file_net(seq), rth, &st->bucket);
	return rth;
}

static void *myrt_cache_seq_next(struct seq_file *seq, void *v, loff_t *pos)
{
	struct myrt_cache_iter *st = seq->private;

	++*pos;
	if (v == SEQ_START_TOKEN)
		return myrt_cache_first(seq_file_net(seq), &st->bucket);
	return myrt_cache_next(seq_file_net(seq), v, &st->bucket);
}

static void myrt_cache_seq_stop(struct seq_file *seq, void *v)
	__releases(RCU)
{
	rcu_read_unlock();
}

/*
 * The hh columns: the neighbour of the entry's next hop, if the kernel's
 * table has one (entries hold none, see myrt_cache_intern()); -1/0 without
 * one, or for entries that are neither output nor unicast routes (classic:
 * without hh_cache).  Called under rcu_read_lock().
 */
static void myrt_hh_info(struct myrt_rtable *rth, int *hhref, int *hhuptod)
{
	struct net_device *dev = rth->rt.dst.dev;
	struct neighbour *n;

	*hhref = -1;
	*hhuptod = 0;
	if (!dev || (rth->rt.rt_type != RTN_UNICAST && rth->fl_iif))
		return;
	n = __ipv4_neigh_lookup_noref(dev, (__force u32)(rth->rt_gateway ? : rth->rt_dst));
	if (!n)
		return;
	*hhref = refcount_read(&n->refcnt);
	*hhuptod = READ_ONCE(n->hh.hh_len) ? 1 : 0;
}

static int myrt_cache_seq_show(struct seq_file *seq, void *v)
{
	struct myrt_rtable *rth = v;
	struct dst_entry *dst;
	int hhref, hhuptod, len;
	u32 advmss;

	if (v == SEQ_START_TOKEN) {
		seq_printf(seq, "%-127s\n",
			   "Iface\tDestination\tGateway \tFlags\t\tRefCnt\tUse\t"
			   "Metric\tSource\t\tMTU\tWindow\tIRTT\tTOS\tHHRef\t"
			   "HHUptod\tSpecDst");
		return 0;
	}

	dst = &rth->rt.dst;
	myrt_hh_info(rth, &hhref, &hhuptod);
	advmss = dst_metric_raw(dst, RTAX_ADVMSS);
	len = seq->count;
	seq_printf(seq,
		   "%s\t%08X\t%08X\t%8X\t%d\t%u\t%d\t%08X\t%d\t%u\t%u\t%02X\t%d\t%1d\t%08X",
		   dst->dev ? dst->dev->name : "*",
		   (__force u32)rth->rt_dst, (__force u32)rth->rt_gateway,
		   rth->rt.rt_flags, myrt_rt_clntref(rth), dst->__use, 0,
		   (__force u32)rth->rt_src, advmss ? (int)advmss + 40 : 0,
		   dst_metric_raw(dst, RTAX_WINDOW),
		   (int)((dst_metric_raw(dst, RTAX_RTT) >> 3) +
			 dst_metric_raw(dst, RTAX_RTTVAR)),
		   rth->fl_tos, hhref, hhuptod,
		   (__force u32)rth->rt_spec_dst);
	len = seq->count - len;
	/* As the classic "%*s": a negative width pads on the left too. */
	seq_printf(seq, "%*s\n", abs(MYRT_PROC_LINE - len), "");
	return 0;
}

static const struct seq_operations myrt_cache_seq_ops = {
	.start	= myrt_cache_seq_start,
	.next	= myrt_cache_seq_next,
	.stop	= myrt_cache_seq_stop,
	.show	= myrt_cache_seq_show,
};

static void *myrt_stat_seq_start(struct seq_file *seq, loff_t *pos)
{
	int cpu;

	if (*pos == 0)
		return SEQ_START_TOKEN;
	for (cpu = *pos - 1; cpu < nr_cpu_ids; ++cpu) {
		if (!cpu_possible(cpu))
			continue;
		*pos = cpu + 1;
		return per_cpu_ptr(&myrt_cache_stat, cpu);
	}
	return NULL;
}

static void *myrt_stat_seq_next(struct seq_file *seq, void *v, loff_t *pos)
{
	int cpu;

	for (cpu = *pos; cpu < nr_cpu_ids; ++cpu) {
		if (!cpu_possible(cpu))
			continue;
		*pos = cpu + 1;
		return per_cpu_ptr(&myrt_cache_stat, cpu);
	}
	(*pos)++;
	return NULL;
}

static void myrt_stat_seq_stop(struct seq_file *seq, void *v)
{
}

/*
 * The counters (and entries, the live entries of the shared table) are the
 * module's, summed over every namespace, as the classic ones were: the
 * header says so after the classic column names (issue 18).
 */
static int myrt_stat_seq_show(struct seq_file *seq, void *v)
{
	struct myrt_cache_stat *st = v;

	if (v == SEQ_START_TOKEN) {
		seq_puts(seq, "entries  in_hit in_slow_tot in_slow_mc in_no_route in_brd in_martian_dst in_martian_src  out_hit out_slow_tot out_slow_mc  gc_total gc_ignored gc_goal_miss gc_dst_overflow in_hlist_search out_hlist_search  (global: all namespaces)\n");
		return 0;
	}
	seq_printf(seq, "%08x  %08x %08x %08x %08x %08x %08x %08x  %08x %08x %08x %08x %08x %08x %08x %08x %08x",
		   myrt_cache_entries(), st->in_hit, st->in_slow_tot,
		   st->in_slow_mc, st->in_no_route, st->in_brd,
		   st->in_martian_dst, st->in_martian_src, st->out_hit,
		   st->out_slow_tot, st->out_slow_mc, st->gc_total,
		   st->gc_ignored, st->gc_goal_miss, st->gc_dst_overflow,
		   st->in_hlist_search, st->out_hlist_search);
	/* The classic row ends with a space before the newline. */
	seq_putc(seq, ' ');
	seq_putc(seq, '\n');
	return 0;
}

static const struct seq_operations myrt_stat_seq_ops = {
	.start	= myrt_stat_seq_start,
	.next	= myrt_stat_seq_next,
	.stop	= myrt_stat_seq_stop,
	.show	= myrt_stat_seq_show,
};

/*
 * The genid (and with it the hash key) is part of the hash secret: shown
 * to whoever opened the file with CAP_NET_ADMIN in the namespace's user
 * namespace, the hash key (genid ^ seed, the same seed in every namespace)
 * only with CAP_NET_ADMIN in the initial one; to everyone when the seed is
 * public (the hash_rnd parameter).
 */
static int myrt_chains_seq_show(struct seq_file *seq, void *v)
{
	struct net *net = seq_file_single_net(seq);
	bool pub = myrt_cache_seed_public();
	struct myrt_chain_stats cs;

	myrt_cache_chain_stats(net, &cs);
	seq_printf(seq, "buckets %u\nused %u\nentries %u\nlongest %u\n",
		   cs.buckets, cs.used, cs.entries, cs.longest);
	seq_printf(seq, "longest_all %u\nelasticity %u\nchain_length_max %lu\n",
		   cs.longest_all, cs.elasticity, cs.chain_length_max);
	seq_printf(seq, "rebuilds %d\nrebuild_limit %d\ncaching %d\n",
		   cs.rebuilds, cs.rebuild_limit, cs.caching);
	if (pub || file_ns_capable(seq->file, net->user_ns, CAP_NET_ADMIN))
		seq_printf(seq, "genid %u\n", cs.genid);
	if (pub || file_ns_capable(seq->file, &init_user_ns, CAP_NET_ADMIN))
		seq_printf(seq, "hash_key %u\n", cs.hash_key);
	return 0;
}

/*
 * Classic ip_rcv_finish: a received packet whose route carries realms
 * counts its bytes (skb->len, from the IP header) for the entry's TO realm
 * in o_* and for its FROM realm in i_* (each & 0xFF).
 */
void myrt_rt_acct_count(struct net *net, const struct sk_buff *skb,
			u32 tclassid)
{
	struct myrt_rt_acct *st;

	local_bh_disable();	/* the counters are per CPU, also in process context */
	st = this_cpu_ptr(myrt_pernet(net)->rt_acct);
	st[tclassid & 0xFF].o_packets++;
	st[tclassid & 0xFF].o_bytes += skb->len;
	st[(tclassid >> 16) & 0xFF].i_packets++;
	st[(tclassid >> 16) & 0xFF].i_bytes += skb->len;
	local_bh_enable();
}

/* /proc/net/myrt_acct: the 256 records of every CPU summed, raw, as classic. */
static int myrt_acct_seq_show(struct seq_file *seq, void *v)
{
	struct myrt_net *mn = myrt_pernet(seq_file_single_net(seq));
	struct myrt_rt_acct *sum;
	unsigned int cpu, i;

	sum = kcalloc(MYRT_RT_ACCT_REALMS, sizeof(*sum), GFP_KERNEL);
	if (!sum)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		const struct myrt_rt_acct *st = per_cpu_ptr(mn->rt_acct, cpu);

		for (i = 0; i < MYRT_RT_ACCT_REALMS; i++) {
			sum[i].o_bytes += READ_ONCE(st[i].o_bytes);
			sum[i].o_packets += READ_ONCE(st[i].o_packets);
			sum[i].i_bytes += READ_ONCE(st[i].i_bytes);
			sum[i].i_packets += READ_ONCE(st[i].i_packets);
		}
	}
	seq_write(seq, sum, MYRT_RT_ACCT_REALMS * sizeof(*sum));
	kfree(sum);
	return 0;
}

int myrt_proc_net_init(struct myrt_net *mn)
{
	struct net *net = mn->net;

	mn->rt_acct = __alloc_percpu(MYRT_RT_ACCT_REALMS *
				     sizeof(struct myrt_rt_acct),
				     __alignof__(struct myrt_rt_acct));
	if (!mn->rt_acct)
		return -ENOMEM;
	mn->proc_acct = proc_create_net_single("myrt_acct", 0444,
					       net->proc_net,
					       myrt_acct_seq_show, NULL);
	if (!mn->proc_acct)
		goto err_acct;
	mn->proc_cache = proc_create_net("myrt_cache", 0444, net->proc_net,
					 &myrt_cache_seq_ops,
					 sizeof(struct myrt_cache_iter));
	if (!mn->proc_cache)
		goto err_cache;
	mn->proc_stat = proc_create_seq("myrt_cache", 0444,
					net->proc_net_stat,
					&myrt_stat_seq_ops);
	if (!mn->proc_stat)
		goto err_stat;
	if (!proc_create_net_single("myrt_cache_chains", 0444,
				    net->proc_net_stat, myrt_chains_seq_show,
				    NULL))
		goto err_chains;
	return 0;

err_chains:
	proc_remove(mn->proc_stat);
err_stat:
	proc_remove(mn->proc_cache);
err_cache:
	proc_remove(mn->proc_acct);
err_acct:
	free_percpu(mn->rt_acct);
	return -ENOMEM;
}

void myrt_proc_net_exit(struct myrt_net *mn)
{
	remove_proc_entry("myrt_cache_chains", mn->net->proc_net_stat);
	proc_remove(mn->proc_stat);
	proc_remove(mn->proc_cache);
	proc_remove(mn->proc_acct);
	free_percpu(mn->rt_acct);
}
