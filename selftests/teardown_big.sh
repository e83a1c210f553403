#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A device and a namespace go away while traffic flows and the route
# cache is full (issue 18 item 6: a device's entries are detached from its
# own list a batch at a time, a netns batch is freed with one wait and one
# walk of the cache).  Two namespaces fill the cache: R (with its sender
# RS, the rest of the host: it stays) and X (with its peer P): ENTRIES
# (25,000 each; debug kernel 1,200) input entries from as many DUMMY
# sources (dflood), myrt loaded with rhash_entries=131072 so that gc
# keeps them; X also has ROUTES (20,000; debug 1,000) routes via a dummy
# device d0, and a connected DUMMY socket sending through d0 (its entry
# is held by the socket when d0 goes).  Then, P flooding X all along:
#  1. the cache holds both namespaces' entries;
#  2. `ip link del d0` in X: no route or cache entry of X names d0 after
#     it, and R's entries are all still there;
#  3. `ip netns del X`: the kernel's cleanup of X ends (the count of
#     namespaces), the cache's live entries fall back to R's (within a
#     margin: RS's and P's own), and R's are all still there;
#  4. afterwards myrt unloads with nothing left and loads again.
# A hang ("waiting for d0 to become free"), a soft lockup, RCU stall,
# WARNING or leak fails the VM's run.  The times taken are printed.
. "$(dirname "$0")/lib/lib.sh"

require_cmd myip dnc dflood ip awk insmod rmmod

# The debug kernel (about 100 datagrams a second under KASAN and TCG):
# 1,200 entries each and 1,000 routes, still many times
# MYRT_DST_WALK_BATCH (64, dst.c): the list walks open and close their
# lock many times, as with the cloud kernels' 25,000.
ENTRIES=25000 ROUTES=20000
[ -z "${MYRT_DEBUG_KERNEL:-}" ] || ENTRIES=1200 ROUTES=1000
ENTRIES=${MYRT_TD_ENTRIES:-$ENTRIES}
ROUTES=${MYRT_TD_ROUTES:-$ROUTES}
RS=tdRS$$ R=tdR$$ P=tdP$$ X=tdX$$
C=/proc/net/stat/myrt_cache_chains
TMP=$(mktemp -d)
FPID='' SPID=''
cleanup() {
	[ -n "$FPID" ] && kill "$FPID" 2>/dev/null
	[ -n "$SPID" ] && kill "$SPID" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$TMP"
	ns_cleanup
	# back to the module as the other tests expect it
	myrt_unload && myrt_load
}
trap cleanup EXIT

ktap_print_header
ktap_set_plan 4

ms() { local t=${EPOCHREALTIME//[.,]/}; echo $((t / 1000)); }
# own NS: the entries of NS's own in the cache
own() { ip netns exec "$1" awk '$1 == "entries" { print $2 }' $C; }

myrt_unload && insmod "$MYRT_KO" rhash_entries=131072 ||
	ktap_exit_fail_msg "reload myrt with rhash_entries=131072"
# No periodic expiry (gc_interval an hour; the reload at the end restores
# it): R's entries are idle once made, and the classic expiry rightly
# drops an idle entry past the head of its chain after 150, 75, 37 s
# (gc_timeout's 300 s halved at each place down the chain), which a
# loaded host's fill (100 s instead of 10) reached: R 25000 -> 24925.
echo 3600 >/proc/sys/net/myrt/route/gc_interval ||
	ktap_exit_fail_msg "gc_interval"

# R and its sender RS: 10.1.0.2 and 10.1.0.1
sh_pair "$RS" "$R" || ktap_exit_fail_msg "netns R"
# X and its peer P: 10.1.0.2 and 10.1.0.1 too (other namespaces)
sh_pair "$P" "$X" || ktap_exit_fail_msg "netns X"
ip -n "$X" link add d0 type dummy &&
ip -n "$X" addr add 10.0.0.1/24 dev d0 &&
ip -n "$X" link set d0 up || ktap_exit_fail_msg "d0"
awk -v n="$ROUTES" 'BEGIN {
	for (i = 0; i < n; i++)
		printf "route add %d.%d.%d.0/24 via 10.0.0.%d\n",
		       20 + int(i / 65536), int(i / 256) % 256, i % 256, 2 + i % 4
}' >"$TMP/routes"
myip -n "$X" -batch "$TMP/routes" || ktap_exit_fail_msg "load $ROUTES routes"

# 1. fill the cache of both
ip netns exec "$RS" dflood -d 10.1.0.2 -S 10.16.0.1 -n "$ENTRIES" -c "$ENTRIES" -q &&
ip netns exec "$P" dflood -d 10.1.0.2 -S 10.16.0.1 -n "$ENTRIES" -c "$ENTRIES" -q ||
	ktap_exit_fail_msg "dflood"
# a connected sender in X through d0 (20.0.0.5 via 10.0.0.2)
ip netns exec "$X" dnc -c 1000000 -i 20 -n 32 20.0.0.5 9 >/dev/null 2>&1 &
SPID=$!
# P floods X from now on: sources at random over a range larger than the
# cache, so that entries are made and evicted all along
# (at most 800 a second: the cache stays below gc_thresh, R's entries in it)
ip netns exec "$P" dflood -d 10.1.0.2 -S 10.32.0.0 -n 1048576 -R -c 0 -b 4 -i 5000 -q &
FPID=$!
for _ in $(seq 100); do
	ip netns exec "$X" myip -o route show cache | grep -q 'dev d0' && break
	sleep 0.1
done
r0=$(own "$R") x0=$(own "$X")
ktap_print_msg "cache: R $r0 entries, X $x0, all namespaces $(cache_stat entries)"
if [ "$r0" -ge $((ENTRIES * 9 / 10)) ] && [ "$x0" -ge $((ENTRIES * 9 / 10)) ] &&
   ip netns exec "$X" myip -o route show cache | grep -q 'dev d0'; then
	ktap_test_pass "the cache holds both namespaces' entries, one of d0"
else
	ktap_test_fail "the cache holds both namespaces' entries, one of d0"
fi

# 2. a device of X goes away
t0=$(ms)
ip -n "$X" link del d0
rc=$?
t1=$(ms)
r1=$(own "$R")
n=$(ip netns exec "$X" myip route show table all | grep -cw 'dev d0')
c=$(ip netns exec "$X" myip -o route show cache | grep -cw 'dev d0')
ktap_print_msg "ip link del d0 ($ROUTES routes, $x0 entries in X): $((t1 - t0)) ms; d0 named by $n routes, $c cache entries; R $r1 entries"
if [ $rc = 0 ] && [ "$n" = 0 ] && [ "$c" = 0 ] && [ "$r1" -ge "$r0" ]; then
	ktap_test_pass "d0 deleted under traffic: nothing names it, R's entries stay"
else
	ktap_test_fail "d0 deleted under traffic: nothing names it, R's entries stay"
fi

# 3. X goes away, P still flooding its end of the veth until it dies (X's
# own sender stops first: a process in X would keep X alive)
kill "$SPID" 2>/dev/null
wait "$SPID" 2>/dev/null
SPID=''
t0=$(ms)
ip netns del "$X"
ok=0
netns_settle 3 >/dev/null || ok=1
t1=$(ms)
kill "$FPID" 2>/dev/null
wait "$FPID" 2>/dev/null
FPID=''
r2=$(own "$R")
# the last entries are freed by RCU callbacks after the netns cleanup
for _ in $(seq 100); do
	all=$(cache_stat entries)
	[ "$all" -le $((r2 + 100)) ] && break
	sleep 0.1
done
ktap_print_msg "ip netns del X + settle: $((t1 - t0)) ms; R $r2 entries, all namespaces $all"
if [ $ok = 0 ] && [ "$r2" -ge "$r0" ] && [ "$all" -le $((r2 + 100)) ]; then
	ktap_test_pass "X deleted under traffic: its entries freed, R's stay"
else
	ktap_test_fail "X deleted under traffic: its entries freed, R's stay"
fi

# 4. nothing left after rmmod
ns_cleanup
if myrt_unload && left=$(myrt_nothing_left); then
	ktap_test_pass "rmmod leaves nothing behind"
else
	ktap_print_msg "$left"
	ktap_test_fail "rmmod leaves nothing behind"
fi
ktap_finished
