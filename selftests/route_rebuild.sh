#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Emergency rebuilds and their limit (rt_cache_rebuild_count).  A chain
# longer than rt_chain_length_max whose entries are all referenced cannot
# be shortened by eviction: rt_intern_hash rebuilds the table (new genid)
# instead, and after rt_cache_rebuild_count rebuilds it stops caching for
# that netns.  Here: 16 buckets (rhash_entries), gc_elasticity 1 and an
# expiry run over the empty table (rt_chain_length_max = gc_elasticity),
# rt_cache_rebuild_count 1, then 80 connected DUMMY sockets each holding
# an output entry: two rebuilds must happen (pigeonhole: the 33rd insert
# at the latest finds a chain of two), caching goes off ("route caching
# disabled" in the kernel log), traffic is then routed uncached (in_slow_tot
# grows, no entry is added, datagrams are delivered).  As classic, each
# rebuild prints "Route hash chain too long!", the limit is the
# namespace's own (the other namespaces keep 4), and raising it above the
# rebuilds so far turns caching back on; writing the flush sysctl does too
# (not classic: it also resets the count).
. "$(dirname "$0")/lib/lib.sh"

require_cmd dflood dnc myip ip insmod rmmod

ktap_print_header
ktap_set_plan 5

P=/proc/sys/net/myrt/route
C=/proc/net/stat/myrt_cache_chains
S=rebS$$
H=rebH$$
OUT=$(mktemp)
PIDS=()
cleanup() {
	[ ${#PIDS[@]} -gt 0 ] && kill "${PIDS[@]}" 2>/dev/null
	wait 2>/dev/null
	rm -f "$OUT"
	ns_cleanup
	myrt_unload && myrt_load
}
trap cleanup EXIT

myrt_unload && insmod "$MYRT_KO" rhash_entries=16 ||
	ktap_exit_fail_msg "reload myrt with rhash_entries=16"

sh_pair "$S" "$H" || ktap_exit_fail_msg "netns setup"

inS() { ip netns exec "$S" "$@"; }
inH() { ip netns exec "$H" "$@"; }
# chain VAR: a value of NS H's /proc/net/stat/myrt_cache_chains
chain() { inH awk -v k="$1" '$1 == k { print $2 }' $C; }

# H sends to 10.8/16 through S (which drops it: no ICMP comes back)
inH myip route add 10.8.0.0/16 via 10.1.0.1 || ktap_exit_fail_msg "myip route add"
inH sh -c "echo 1 > $P/rt_cache_rebuild_count"
echo 1 >$P/gc_elasticity
echo 1 >$P/gc_timeout
inH sh -c "echo 0 > $P/flush"
inS sh -c "echo 0 > $P/flush"
# one expiry run over the (empty) table sets rt_chain_length_max to
# gc_elasticity; then no more runs
echo 1 >$P/gc_interval
for i in $(seq 50); do
	[ "$(chain chain_length_max)" = 1 ] && break
	sleep 0.1
done
echo 3600 >$P/gc_interval
echo 300 >$P/gc_timeout
[ "$(chain chain_length_max)" = 1 ] ||
	ktap_exit_fail_msg "rt_chain_length_max $(chain chain_length_max), not 1"

# 1. referenced entries piling up: two rebuilds, then caching off
log_mark
inH bash -c 'for i in $(seq 80); do
	dnc -s 10.1.0.2 -c 1 -w 120000 10.8.$((i / 200)).$((i % 200 + 1)) 9 2>/dev/null &
	echo $!
done' >"$OUT"
mapfile -t PIDS <"$OUT"
for i in $(seq 300); do
	[ "$(chain caching)" = 0 ] && break
	sleep 0.1
done
rb=$(chain rebuilds) caching=$(chain caching)
# the limit is H's alone: the initial namespace and S keep the default
lims="$(cat $P/rt_cache_rebuild_count) $(inS cat $P/rt_cache_rebuild_count) $(inH cat $P/rt_cache_rebuild_count) $(chain rebuild_limit)"
ktap_print_msg "rt_cache_rebuild_count: init, S, H, H's chains file: $lims"
if [ "$caching" = 0 ] && [ "$rb" = 2 ] && [ "$lims" = "4 4 1 1" ] &&
   [ "$(inS awk '$1 == "caching" { print $2 }' $C)" = 1 ] &&
   log_since_mark | grep -q 'myrt: Route hash chain too long!' &&
   log_since_mark | grep -q 'rebuilds is over limit, route caching disabled'; then
	ktap_test_pass "2 emergency rebuilds with rt_cache_rebuild_count 1: caching disabled"
else
	ktap_print_msg "rebuilds $rb caching $caching"
	log_since_mark | while read -r l; do ktap_print_msg "$l"; done
	ktap_test_fail "2 emergency rebuilds with rt_cache_rebuild_count 1: caching disabled"
fi

# 2. uncached: every datagram takes the slow path, none is cached, all arrive
e0=$(chain entries) a=$(cache_stat in_slow_tot) b=$(cache_stat in_hit)
dnc_listen "$H" 7000 50 "$OUT" || ktap_exit_fail_msg "listener"
LPID=$DNC_PID
inS dflood -d 10.1.0.2 -s 10.1.0.1 -P 7000 -c 50 -b 5 -i 10000 >/dev/null
wait "$LPID"
got=$(grep -c '^10.1.0.1:40000 ' "$OUT")
slow=$(($(cache_stat in_slow_tot) - a)) hit=$(($(cache_stat in_hit) - b))
e1=$(chain entries)
if [ "$got" = 50 ] && [ "$slow" -ge 50 ] && [ "$hit" = 0 ] && [ "$e1" = 0 ] &&
   [ "$e0" = 0 ] && [ "$(chain caching)" = 0 ]; then
	ktap_test_pass "caching disabled: 50 datagrams delivered uncached (in_slow_tot +$slow, in_hit +0, no entries)"
else
	ktap_print_msg "delivered $got, in_slow_tot +$slow, in_hit +$hit, entries $e0 -> $e1"
	ktap_test_fail "caching disabled: 50 datagrams delivered uncached"
fi

# 3. an output route while disabled: not cached either, still works
s=$(cache_stat out_slow_tot)
dnc_listen "$S" 7001 3 "$OUT" || ktap_exit_fail_msg "listener"
LPID=$DNC_PID
inH dnc -u -c 3 10.1.0.1 7001 2>/dev/null
wait "$LPID"
if [ "$(grep -c . "$OUT")" = 3 ] && [ $(($(cache_stat out_slow_tot) - s)) -ge 3 ] &&
   [ "$(chain entries)" = 0 ]; then
	ktap_test_pass "caching disabled: output routes resolved each time, not cached"
else
	ktap_print_msg "received $(grep -c . "$OUT"), out_slow_tot +$(($(cache_stat out_slow_tot) - s)), entries $(chain entries)"
	ktap_test_fail "caching disabled: output routes resolved each time, not cached"
fi

# five_hit: S sends 5 datagrams to H; hit is in_hit's growth, cached says
# whether H cached their input entry
five_hit() {
	local b
	b=$(cache_stat in_hit)
	dnc_listen "$H" 7000 5 "$OUT" || ktap_exit_fail_msg "listener"
	LPID=$DNC_PID
	inS dflood -d 10.1.0.2 -s 10.1.0.1 -P 7000 -c 5 -b 1 -i 20000 >/dev/null
	wait "$LPID"
	hit=$(($(cache_stat in_hit) - b))
	cached=0
	cache_entries "$H" | grep -q 'key: dst 10.1.0.2 src 10.1.0.1 iif' && cached=1
}

# 4. raising the limit above the rebuilds so far caches again (classic)
kill "${PIDS[@]}" 2>/dev/null
wait "${PIDS[@]}" 2>/dev/null
PIDS=()
echo 8 >$P/gc_elasticity
inH sh -c "echo 2 > $P/rt_cache_rebuild_count"
five_hit
if [ "$(chain caching)" = 1 ] && [ "$(chain rebuilds)" = 2 ] && [ "$hit" -ge 4 ] &&
   [ $cached = 1 ]; then
	ktap_test_pass "rt_cache_rebuild_count raised to the rebuilds so far: caching again (in_hit +$hit)"
else
	ktap_print_msg "caching $(chain caching) rebuilds $(chain rebuilds) in_hit +$hit"
	ktap_test_fail "rt_cache_rebuild_count raised to the rebuilds so far: caching again"
fi

# 5. the other way back: lowered again (caching off), then the flush sysctl
inH sh -c "echo 1 > $P/rt_cache_rebuild_count"
off=$(chain caching)
inH sh -c "echo 0 > $P/flush"
five_hit
if [ "$off" = 0 ] && [ "$(chain caching)" = 1 ] && [ "$(chain rebuilds)" = 0 ] &&
   [ "$hit" -ge 4 ] && [ $cached = 1 ]; then
	ktap_test_pass "flush sysctl re-enables caching and resets the rebuilds (in_hit +$hit)"
else
	ktap_print_msg "caching $off -> $(chain caching) rebuilds $(chain rebuilds) in_hit +$hit"
	ktap_test_fail "flush sysctl re-enables caching and resets the rebuilds"
fi

ktap_finished
