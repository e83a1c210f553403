#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The myrt:* tracepoints work with the kernel's tracing: lookups (miss then
# hit), the slow path, cache inserts, flushes and evictions appear in the
# trace buffer with their keys.
. "$(dirname "$0")/lib/lib.sh"

require_cmd dinject ip

ktap_print_header
ktap_set_plan 2

T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T 2>/dev/null ||
	{ ktap_skip_all "no tracefs"; exit "$KSFT_SKIP"; }
[ -d $T/events/myrt ] || { ktap_test_fail "no myrt events in tracefs"; ktap_finished; }

S=traceS$$
H=traceH$$
ns_create "$S"
ns_create "$H"
ip link add eth0 netns "$S" type veth peer name eth0 netns "$H"
ip -n "$S" addr add 10.5.0.1/24 dev eth0
ip -n "$H" addr add 10.5.0.2/24 dev eth0
ip -n "$S" link set eth0 up
ip -n "$H" link set eth0 up
link_settle "$S" eth0
link_settle "$H" eth0

echo >$T/trace
echo 1 >$T/events/myrt/enable
ip netns exec "$S" dinject -d 10.5.0.2 -s 10.5.0.1 -c 2 >/dev/null
sleep 0.5
ip netns exec "$H" sh -c 'echo 0 > /proc/sys/net/myrt/route/flush'
echo 0 >$T/events/myrt/enable
TR=$(cat $T/trace)

if grep -q 'myrt_cache_lookup: input 10.5.0.2 from 10.5.0.1 iif [0-9]* tos 0x00: miss' <<<"$TR" &&
   grep -q 'myrt_route_slow: input slow path 10.5.0.2 from 10.5.0.1 .*err 0 type 2 ' <<<"$TR" &&
   grep -q 'myrt_cache_insert: entry' <<<"$TR" &&
   grep -q 'myrt_cache_lookup: input 10.5.0.2 from 10.5.0.1 iif [0-9]* tos 0x00: hit' <<<"$TR"; then
	ktap_test_pass "lookup miss, slow path, insert, lookup hit traced"
else
	grep myrt <<<"$TR" | head -20 | while read -r l; do ktap_print_msg "$l"; done
	ktap_test_fail "lookup miss, slow path, insert, lookup hit traced"
fi
if grep -q 'myrt_cache_flush: netns [0-9]* delay 0' <<<"$TR"; then
	ktap_test_pass "flush traced"
else
	ktap_test_fail "flush traced"
fi
echo >$T/trace
ktap_finished
