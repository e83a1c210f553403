// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/sys/net/myrt/route/: the classic route cache tunables, with their
 * classic names, defaults and units (seconds where the classic kernel showed
 * seconds, milliseconds for gc_min_interval_ms, raw jiffies where it showed
 * raw jiffies).  A value out of range is refused with EINVAL, never clamped.
 *
 * flush is per namespace and write-only: the value written is the classic
 * delay (< 0: invalidate only; >= 0: also free the entries now).  Writing it
 * also re-enables a cache that emergency rebuilds had disabled (not classic).
 * rt_cache_rebuild_count is per namespace too, as classic
 * net.ipv4.rt_cache_rebuild_count: raising it above the rebuilds so far
 * turns caching back on.  rt_score_classic (not classic: a switch for the
 * experiment) ranks eviction candidates by recency alone, as classic did.
 */
#include <linux/sysctl.h>
#include <linux/jiffies.h>
#include "myrt.h"

enum myrt_unit { MYRT_RAW, MYRT_SECS, MYRT_MSECS };

struct myrt_knob {
	int *data;
	enum myrt_unit unit;
	int min;
	int max;
};

static int myrt_to_user(int val, enum myrt_unit unit)
{
	switch (unit) {
	case MYRT_SECS:
		return val / HZ;
	case MYRT_MSECS:
		return jiffies_to_msecs(val);
	default:
		return val;
	}
}

static int myrt_from_user(int val, enum myrt_unit unit)
{
	switch (unit) {
	case MYRT_SECS:
		return val * HZ;
	case MYRT_MSECS:
		return msecs_to_jiffies(val);
	default:
		return val;
	}
}

#define MYRT_MAX_SECS	(INT_MAX / HZ)
#define MYRT_MAX_ELASTICITY	(INT_MAX >> MYRT_HASH_LOG_MAX)
#define KNOB(_name, _field, _unit, _min, _max)				\
	[_name] = { .data = &myrt_rt_params._field, .unit = _unit,	\
		    .min = _min, .max = _max }

enum {
	K_GC_THRESH, K_MAX_SIZE, K_GC_MIN_INTERVAL, K_GC_MIN_INTERVAL_MS,
	K_GC_TIMEOUT, K_GC_INTERVAL, K_REDIRECT_LOAD, K_REDIRECT_NUMBER,
	K_REDIRECT_SILENCE, K_ERROR_COST, K_ERROR_BURST, K_GC_ELASTICITY,
	K_MTU_EXPIRES, K_MIN_PMTU, K_MIN_ADV_MSS, K_SECRET_INTERVAL,
	K_SCORE_CLASSIC, K_NR
};

/* What was last written to each ms knob, in milliseconds. */
static int myrt_shown[K_NR];

static const struct myrt_knob myrt_knobs[K_NR] = {
	KNOB(K_GC_THRESH, gc_thresh, MYRT_RAW, 1, INT_MAX),
	KNOB(K_MAX_SIZE, max_size, MYRT_RAW, 1, INT_MAX),
	KNOB(K_GC_MIN_INTERVAL, gc_min_interval, MYRT_SECS, 0, MYRT_MAX_SECS),
	KNOB(K_GC_MIN_INTERVAL_MS, gc_min_interval, MYRT_MSECS, 0, 3600 * 1000),
	KNOB(K_GC_TIMEOUT, gc_timeout, MYRT_SECS, 1, MYRT_MAX_SECS),
	KNOB(K_GC_INTERVAL, gc_interval, MYRT_SECS, 1, MYRT_MAX_SECS),
	KNOB(K_REDIRECT_LOAD, redirect_load, MYRT_RAW, 0, INT_MAX),
	KNOB(K_REDIRECT_NUMBER, redirect_number, MYRT_RAW, 0, 30),
	KNOB(K_REDIRECT_SILENCE, redirect_silence, MYRT_RAW, 0, INT_MAX),
	KNOB(K_ERROR_COST, error_cost, MYRT_RAW, 0, INT_MAX),
	KNOB(K_ERROR_BURST, error_burst, MYRT_RAW, 0, INT_MAX),
	/* elasticity << hash_log fits an int for the largest table (2^19) */
	KNOB(K_GC_ELASTICITY, gc_elasticity, MYRT_RAW, 1, MYRT_MAX_ELASTICITY),
	KNOB(K_MTU_EXPIRES, mtu_expires, MYRT_SECS, 0, MYRT_MAX_SECS),
	KNOB(K_MIN_PMTU, min_pmtu, MYRT_RAW, 68, 65535),
	KNOB(K_MIN_ADV_MSS, min_adv_mss, MYRT_RAW, 0, 65535 - 40),
	KNOB(K_SECRET_INTERVAL, secret_interval, MYRT_SECS, 0, MYRT_MAX_SECS),
	KNOB(K_SCORE_CLASSIC, score_classic, MYRT_RAW, 0, 1),
};

/* Read or write one knob in its user unit, bounds checked. */
static int myrt_knob_handler(MYRT_CTL_CONST struct ctl_table *ctl, int write,
			     void *buffer, size_t *lenp, loff_t *ppos)
{
	const struct myrt_knob *knob = ctl->extra1;
	int cur = READ_ONCE(*knob->data);
	int val = myrt_to_user(cur, knob->unit);
	int min = knob->min, max = knob->max;
	struct ctl_table tmp = {
		.data	= &val,
		.maxlen	= sizeof(val),
		.mode	= ctl->mode,
		.extra1	= &min,
		.extra2	= &max,
	};
	int ret;

	int *shown = knob->unit == MYRT_MSECS ?
		     &myrt_shown[knob - myrt_knobs] : NULL;

	/* Read back what was written even where jiffies round it. */
	if (shown && myrt_from_user(*shown, knob->unit) == cur)
		val = *shown;
	ret = proc_dointvec_minmax(&tmp, write, buffer, lenp, ppos);
	if (ret || !write)
		return ret;
	WRITE_ONCE(*knob->data, myrt_from_user(val, knob->unit));
	if (shown)
		*shown = val;
	if (knob->data == &myrt_rt_params.secret_interval)
		myrt_cache_secret_reschedule();
	if (knob->data == &myrt_rt_params.gc_interval)
		myrt_cache_expire_reschedule();
	if (knob->data == &myrt_rt_params.gc_thresh)
		myrt_dst_ops.gc_thresh = val;
	return 0;
}

#define ENTRY(_name, _knob) {						\
	.procname	= _name,					\
	.maxlen		= sizeof(int),					\
	.mode		= 0644,						\
	.proc_handler	= myrt_knob_handler,				\
	.extra1		= (void *)&myrt_knobs[_knob],			\
}

static struct ctl_table myrt_route_table[] = {
	ENTRY("gc_thresh", K_GC_THRESH),
	ENTRY("max_size", K_MAX_SIZE),
	ENTRY("gc_min_interval", K_GC_MIN_INTERVAL),
	ENTRY("gc_min_interval_ms", K_GC_MIN_INTERVAL_MS),
	ENTRY("gc_timeout", K_GC_TIMEOUT),
	ENTRY("gc_interval", K_GC_INTERVAL),
	ENTRY("redirect_load", K_REDIRECT_LOAD),
	ENTRY("redirect_number", K_REDIRECT_NUMBER),
	ENTRY("redirect_silence", K_REDIRECT_SILENCE),
	ENTRY("error_cost", K_ERROR_COST),
	ENTRY("error_burst", K_ERROR_BURST),
	ENTRY("gc_elasticity", K_GC_ELASTICITY),
	ENTRY("mtu_expires", K_MTU_EXPIRES),
	ENTRY("min_pmtu", K_MIN_PMTU),
	ENTRY("min_adv_mss", K_MIN_ADV_MSS),
	ENTRY("secret_interval", K_SECRET_INTERVAL),
	ENTRY("rt_score_classic", K_SCORE_CLASSIC),
	MYRT_CTL_TABLE_END
};

static int myrt_flush_handler(MYRT_CTL_CONST struct ctl_table *ctl, int write,
			      void *buffer, size_t *lenp, loff_t *ppos)
{
	struct net *net = ctl->extra1;
	int delay = 0;
	struct ctl_table tmp = {
		.data	= &delay,
		.maxlen	= sizeof(delay),
		.mode	= ctl->mode,
	};
	int ret;

	if (!write)
		return -EINVAL;
	ret = proc_dointvec(&tmp, write, buffer, lenp, ppos);
	if (ret)
		return ret;
	myrt_cache_reenable(net);
	myrt_cache_flush(net, delay);
	return 0;
}

/* Each namespace's own: flush, and its emergency rebuild limit. */
static const struct ctl_table myrt_net_template[] = {
	{
		.procname	= "flush",
		.maxlen		= sizeof(int),
		.mode		= 0200,
		.proc_handler	= myrt_flush_handler,
	},
	{
		.procname	= "rt_cache_rebuild_count",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_INT_MAX,
	},
	MYRT_CTL_TABLE_END
};

static struct ctl_table_header *myrt_route_hdr;

int myrt_sysctl_net_init(struct myrt_net *mn)
{
	struct ctl_table *tbl;

	tbl = kmemdup(myrt_net_template, sizeof(myrt_net_template),
		      GFP_KERNEL);
	if (!tbl)
		return -ENOMEM;
	tbl[0].extra1 = mn->net;
	tbl[1].data = &mn->rebuild_limit;
	mn->sysctl_flush =
		register_net_sysctl_sz(mn->net, "net/myrt/route", tbl,
				       ARRAY_SIZE(myrt_net_template));
	if (!mn->sysctl_flush) {
		kfree(tbl);
		return -ENOMEM;
	}
	return 0;
}

void myrt_sysctl_net_exit(struct myrt_net *mn)
{
	const struct ctl_table *tbl = mn->sysctl_flush->ctl_table_arg;

	unregister_net_sysctl_table(mn->sysctl_flush);
	kfree(tbl);
}

int myrt_sysctl_init(void)
{
	myrt_route_hdr = register_net_sysctl_sz(&init_net, "net/myrt/route",
						myrt_route_table,
						ARRAY_SIZE(myrt_route_table));
	return myrt_route_hdr ? 0 : -ENOMEM;
}

void myrt_sysctl_exit(void)
{
	unregister_net_sysctl_table(myrt_route_hdr);
}
