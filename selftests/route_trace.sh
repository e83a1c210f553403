#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The myrt:* tracepoints work with the kernel's tracing: input and output
# lookups (miss then hit), the slow path, cache inserts, flushes, garbage
# collection and expiry evictions appear in the trace buffer with their
# keys.
. "$(dirname "$0")/lib/lib.sh"

require_cmd dinject dnc ip

ktap_print_header
ktap_set_plan 5

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

# 3. output lookups: a sendto() without source is keyed with source 0
R=/proc/sys/net/myrt/route
RCV=$(mktemp)
old_thr=$(cat $R/gc_thresh) old_mi=$(cat $R/gc_min_interval_ms)
old_to=$(cat $R/gc_timeout) old_iv=$(cat $R/gc_interval)
restore() {
	echo "$old_thr" >$R/gc_thresh
	echo "$old_mi" >$R/gc_min_interval_ms
	echo "$old_to" >$R/gc_timeout
	echo "$old_iv" >$R/gc_interval
	echo 0 >$T/events/myrt/enable
	rm -f "$RCV"
}
trap 'restore; ns_cleanup' EXIT
echo >$T/trace
echo 1 >$T/events/myrt/enable
dnc_listen "$S" 9 2 "$RCV"
ip netns exec "$H" dnc -u -c 2 -i 50 -w 0 10.5.0.1 9 2>/dev/null
wait "$DNC_PID"
TR=$(cat $T/trace)
if grep -q 'myrt_cache_lookup: output 10.5.0.1 from 0.0.0.0 oif 0 tos 0x00: miss' <<<"$TR" &&
   grep -q 'myrt_route_slow: output slow path 10.5.0.1 from 0.0.0.0 idx 0: err 0 type 1 ' <<<"$TR" &&
   grep -q 'myrt_cache_lookup: output 10.5.0.1 from 0.0.0.0 oif 0 tos 0x00: hit' <<<"$TR"; then
	ktap_test_pass "output lookup miss, slow path, output lookup hit traced"
else
	grep myrt <<<"$TR" | head -20 | while read -r l; do ktap_print_msg "$l"; done
	ktap_test_fail "output lookup miss, slow path, output lookup hit traced"
fi

# 4. gc: with gc_thresh 1 every allocation calls it (the entries above
# exist), gc_min_interval 0 lets it run
echo >$T/trace
echo 1 >$R/gc_thresh
echo 0 >$R/gc_min_interval_ms
ip netns exec "$S" dinject -d 10.5.0.2 -s 10.5.0.1 -c 1 >/dev/null
sleep 0.3
echo "$old_thr" >$R/gc_thresh
echo "$old_mi" >$R/gc_min_interval_ms
if grep -q 'myrt_cache_gc: entries [0-9]* goal -\?[0-9]* freed [0-9]*' $T/trace; then
	ktap_test_pass "gc run traced"
else
	grep myrt $T/trace | head -20 | while read -r l; do ktap_print_msg "$l"; done
	ktap_test_fail "gc run traced"
fi

# 5. expiry: idle entries go after gc_timeout 1 s, checked every second
echo >$T/trace
ip netns exec "$S" dinject -d 10.5.0.2 -s 10.5.0.1 -c 1 >/dev/null
echo 1 >$R/gc_timeout
echo 1 >$R/gc_interval
found=1
for i in $(seq 40); do
	sleep 0.25
	grep -q 'myrt_cache_evict: entry [0-9a-f]* bucket [0-9]*: expire' $T/trace &&
		{ found=0; break; }
done
echo "$old_to" >$R/gc_timeout
echo "$old_iv" >$R/gc_interval
if [ $found = 0 ]; then
	ktap_test_pass "expiry eviction traced"
else
	grep myrt $T/trace | head -20 | while read -r l; do ktap_print_msg "$l"; done
	ktap_test_fail "expiry eviction traced"
fi
echo 0 >$T/events/myrt/enable
echo >$T/trace
ktap_finished
