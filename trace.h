/* SPDX-License-Identifier: GPL-2.0 */
/*
 * myrt tracepoints: every route lookup and every change of the route cache,
 * for the kernel's tracing (trace-cmd, perf, bpftrace: myrt:*).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM myrt

#if !defined(_MYRT_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _MYRT_TRACE_H

#include <linux/tracepoint.h>
#include "compat.h"

struct myrt_rtable;

TRACE_EVENT(myrt_cache_lookup,
	TP_PROTO(const struct net *net, const struct myrt_rtable *rth,
		 __be32 daddr, __be32 saddr, int idx, u8 tos, bool input,
		 bool hit),
	TP_ARGS(net, rth, daddr, saddr, idx, tos, input, hit),
	TP_STRUCT__entry(
		__field(u32, daddr)
		__field(u32, saddr)
		__field(int, idx)
		__field(u8, tos)
		__field(bool, input)
		__field(bool, hit)
		__field(const void *, rth)
	),
	TP_fast_assign(
		__entry->daddr = (__force u32)daddr;
		__entry->saddr = (__force u32)saddr;
		__entry->idx = idx;
		__entry->tos = tos;
		__entry->input = input;
		__entry->hit = hit;
		__entry->rth = rth;
	),
	TP_printk("%s %pI4 from %pI4 %s %d tos 0x%02x: %s",
		  __entry->input ? "input" : "output", &__entry->daddr,
		  &__entry->saddr, __entry->input ? "iif" : "oif",
		  __entry->idx, __entry->tos,
		  __entry->hit ? "hit" : "miss")
);

TRACE_EVENT(myrt_route_slow,
	TP_PROTO(__be32 daddr, __be32 saddr, int idx, bool input, int err,
		 unsigned int type, unsigned int flags),
	TP_ARGS(daddr, saddr, idx, input, err, type, flags),
	TP_STRUCT__entry(
		__field(u32, daddr)
		__field(u32, saddr)
		__field(int, idx)
		__field(bool, input)
		__field(int, err)
		__field(unsigned int, type)
		__field(unsigned int, flags)
	),
	TP_fast_assign(
		__entry->daddr = (__force u32)daddr;
		__entry->saddr = (__force u32)saddr;
		__entry->idx = idx;
		__entry->input = input;
		__entry->err = err;
		__entry->type = type;
		__entry->flags = flags;
	),
	TP_printk("%s slow path %pI4 from %pI4 idx %d: err %d type %u rt_flags 0x%08x",
		  __entry->input ? "input" : "output", &__entry->daddr,
		  &__entry->saddr, __entry->idx, __entry->err, __entry->type,
		  __entry->flags)
);

DECLARE_EVENT_CLASS(myrt_cache_entry,
	TP_PROTO(const struct myrt_rtable *rth, unsigned int hash),
	TP_ARGS(rth, hash),
	TP_STRUCT__entry(
		__field(const void *, rth)
		__field(unsigned int, hash)
	),
	TP_fast_assign(
		__entry->rth = rth;
		__entry->hash = hash;
	),
	TP_printk("entry %p bucket %u", __entry->rth, __entry->hash)
);

DEFINE_EVENT(myrt_cache_entry, myrt_cache_insert,
	TP_PROTO(const struct myrt_rtable *rth, unsigned int hash),
	TP_ARGS(rth, hash)
);

TRACE_EVENT(myrt_cache_evict,
	TP_PROTO(const struct myrt_rtable *rth, unsigned int hash,
		 const char *why),
	TP_ARGS(rth, hash, why),
	TP_STRUCT__entry(
		__field(const void *, rth)
		__field(unsigned int, hash)
		__string(why, why)
	),
	TP_fast_assign(
		__entry->rth = rth;
		__entry->hash = hash;
		__assign_str_compat(why, why);
	),
	TP_printk("entry %p bucket %u: %s", __entry->rth, __entry->hash,
		  __get_str(why))
);

TRACE_EVENT(myrt_cache_flush,
	TP_PROTO(const struct net *net, int delay),
	TP_ARGS(net, delay),
	TP_STRUCT__entry(
		__field(unsigned int, netns)
		__field(int, delay)
	),
	TP_fast_assign(
		__entry->netns = net->ns.inum;
		__entry->delay = delay;
	),
	TP_printk("netns %u delay %d", __entry->netns, __entry->delay)
);

TRACE_EVENT(myrt_cache_gc,
	TP_PROTO(int entries, int goal, int freed, bool overflow),
	TP_ARGS(entries, goal, freed, overflow),
	TP_STRUCT__entry(
		__field(int, entries)
		__field(int, goal)
		__field(int, freed)
		__field(bool, overflow)
	),
	TP_fast_assign(
		__entry->entries = entries;
		__entry->goal = goal;
		__entry->freed = freed;
		__entry->overflow = overflow;
	),
	TP_printk("entries %d goal %d freed %d%s", __entry->entries,
		  __entry->goal, __entry->freed,
		  __entry->overflow ? " overflow" : "")
);

#endif /* _MYRT_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
