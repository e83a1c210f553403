#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unload under load.
#   1. rmmod while DUMMY sockets are open is refused cleanly (EAGAIN /
#      EBUSY, as for any protocol in use): myrt stays loaded and working.
#   2. the sockets closed, rmmod while packets are in flight (a flood from
#      a peer netns), cache entries with the expiry and gc work armed
#      (gc_interval 1 s), fragment queues pending: it succeeds, and leaves
#      nothing: no /proc/net/myrt_*, no /proc/sys/net/myrt, no myrt slab,
#      no mylo, no generic netlink family, no myrt tracepoints.
#   3. insmod again works: mylo back, DUMMY echo works.
#   4. rmmod right after network namespaces with routes on their devices
#      were deleted (every netns has local routes on lo), so that the
#      kernel dismantles them while myrt unloads: rmmod ends, nothing is
#      left, no device waits for a reference ("waiting for lo to become
#      free" and a hung rmmod were seen on 6.1 before the FIB dropped its
#      device references in a device pernet op).  RACE_ROUNDS times.
# ROUNDS: MYRT_UNLOAD_ROUNDS (default 1; MYRT_LONG=1: 30) of 2 and 3.
# RACE_ROUNDS: MYRT_UNLOAD_RACES (default 10, debug kernel 2; MYRT_LONG=1:
# 200) of 4.
. "$(dirname "$0")/lib/lib.sh"

require_cmd dnc dping dinject myip ip

ROUNDS=${MYRT_UNLOAD_ROUNDS:-1}
[ "${MYRT_LONG:-0}" = 1 ] && ROUNDS=${MYRT_UNLOAD_ROUNDS:-30}
RACES=10
# The debug kernel: 2 rounds, ~40 s each under KASAN (4 were 160 s of
# its 250): each round is the same race (2 namespaces dismantled before
# rmmod, 6 while it runs), watched there by lockdep and KASAN; the
# cloud kernels run 5 to 10 of them.
[ -z "${MYRT_DEBUG_KERNEL:-}" ] || RACES=2
[ "${MYRT_LONG:-0}" = 1 ] && RACES=200
RACES=${MYRT_UNLOAD_RACES:-$RACES}
A=ulA$$
B=ulB$$

ktap_print_header
ktap_set_plan 5

TMP=$(mktemp -d)
PIDS=()
stop_all() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	PIDS=()
}
trap 'stop_all; rm -rf "$TMP"; ns_cleanup; myrt_load' EXIT

setup() {
	ns_create "$A" && ns_create "$B" &&
	ip link add eth0 netns "$A" type veth peer name eth0 netns "$B" &&
	ip -n "$A" addr add 172.16.90.2/24 dev eth0 &&
	ip -n "$B" addr add 172.16.90.1/24 dev eth0 &&
	ip -n "$A" link set eth0 up && ip -n "$B" link set eth0 up &&
	ip -n "$A" link set mylo up && ip -n "$B" link set mylo up &&
	sleep 0.5
}
teardown() {
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	MYRT_NETNS=()
}
# rmmod_retry: rmmod until it works (sockets of killed processes and the
# deleted netns are freed asynchronously); prints the tries
rmmod_retry() {
	local t
	for t in $(seq 50); do
		rmmod myrt 2>"$TMP/rmmod.err" && { echo "$t"; return 0; }
		sleep 0.2
	done
	cat "$TMP/rmmod.err"
	return 1
}

# 1. open sockets: refused, nothing broken
setup || ktap_exit_fail_msg "setup"
ref0=$(cat /sys/module/myrt/refcnt)
ip netns exec "$B" dnc -l -x -v 7000 >"$TMP/recv" 2>&1 &
PIDS+=($!)
ip netns exec "$A" dnc -l -x 7001 >/dev/null 2>&1 &
PIDS+=($!)
# each DUMMY socket holds a reference on the module: wait for both
for t in $(seq 100); do
	[ "$(cat /sys/module/myrt/refcnt)" -ge $((ref0 + 2)) ] && break
	sleep 0.1
done
ktap_print_msg "module refcnt $ref0 -> $(cat /sys/module/myrt/refcnt) with two sockets"
rmmod myrt 2>"$TMP/err"
rc=$?
ip netns exec "$A" dnc -c 1 -n 11 172.16.90.1 7000 2>>"$TMP/err"
sleep 0.3
if [ $rc != 0 ] && myrt_loaded &&
   grep -qiE 'in use|resource temporarily|busy' "$TMP/err" &&
   grep -q ' 11$' "$TMP/recv"; then
	ktap_test_pass "rmmod with open sockets refused ($(head -n1 "$TMP/err")), myrt still works"
else
	ktap_print_msg "rc=$rc $(cat "$TMP/err" "$TMP/recv")"
	ktap_test_fail "rmmod with open sockets refused cleanly"
fi
stop_all

# 2. in flight and pending: flood, timers, fragments, PMTU, then rmmod
rounds_ok=0
for r in $(seq 1 "$ROUNDS"); do
	[ "$r" = 1 ] || { myrt_load && setup; } || { ktap_print_msg "round $r: setup"; break; }
	# short expiry so that the expiry timers and the gc work are armed
	ip netns exec "$B" sh -c 'echo 1 > /proc/sys/net/myrt/route/gc_interval' 2>/dev/null
	ip netns exec "$B" dnc -l -x 7000 >/dev/null 2>&1 &
	PIDS+=($!)
	sleep 0.2
	# fragments of a datagram that never completes, and complete ones
	ip netns exec "$A" dinject -d 172.16.90.1 -s 172.16.90.2 -M incomplete,fraggood,good \
		-P 7000 -c 200 -x "$r" >/dev/null 2>&1
	# cache entries from many sources (input) and destinations (output)
	ip netns exec "$A" dinject -d 172.16.90.1 -S 10.90.0.1 -n 300 -c 300 >/dev/null 2>&1
	for k in $(seq 1 20); do
		ip netns exec "$B" dnc -u -c 1 -n 8 "172.16.90.$((k + 100))" 9 >/dev/null 2>&1 &
	done
	# a flood that keeps running across rmmod
	ip netns exec "$A" dinject -d 172.16.90.1 -S 10.91.0.1 -n 1000 -c 100000000 \
		>/dev/null 2>&1 &
	PIDS+=($!)
	ip netns exec "$A" dping -q -i 0.01 -c 100000 -W 1 172.16.90.1 >/dev/null 2>&1 &
	PIDS+=($!)
	sleep 0.5
	ent=$(ip netns exec "$B" myip -o route show cache | wc -l)
	# the sockets close; packets keep coming
	kill "${PIDS[0]}" 2>/dev/null
	kill "${PIDS[2]}" 2>/dev/null
	tries=$(rmmod_retry) || { ktap_print_msg "round $r: rmmod failed: $tries"; break; }
	sleep 0.5
	if ! myrt_nothing_left >"$TMP/left"; then
		ktap_print_msg "round $r: $(cat "$TMP/left")"
		break
	fi
	ktap_print_msg "round $r: $ent cache entries, rmmod after $tries tries under a flood"
	stop_all
	teardown
	rounds_ok=$r
done
if [ "$rounds_ok" = "$ROUNDS" ]; then
	ktap_test_pass "$ROUNDS rmmod under a flood with pending timers/fragments: succeeds"
else
	ktap_test_fail "rmmod under load (round $((rounds_ok + 1)))"
fi
stop_all
teardown

if myrt_nothing_left >"$TMP/left"; then
	ktap_test_pass "nothing left: /proc/net, /proc/sys, slabinfo, mylo, genl family, tracepoints"
else
	ktap_print_msg "$(cat "$TMP/left")"
	ktap_test_fail "nothing left after rmmod"
fi

# 3. insmod again works
reload_works() {
	myrt_load || return 1
	setup || return 1
	ip netns exec "$A" dping -c 2 -i 0.2 -W 2 172.16.90.1 >"$TMP/ping" 2>&1
	grep -q '2 packets transmitted, 2 received' "$TMP/ping"
}
if reload_works; then
	ktap_test_pass "insmod again: mylo back, DUMMY echo works"
else
	ktap_print_msg "$(cat "$TMP/ping" 2>/dev/null)"
	ktap_test_fail "insmod again"
fi
teardown

# 4. rmmod while the kernel dismantles namespaces that hold routes
race_round() {
	local i ns pid t
	myrt_load || { echo "insmod failed"; return 1; }
	for i in $(seq 8); do
		ns=ulR$$_$i
		ip netns add "$ns" && ip -n "$ns" link set lo up &&
		ip -n "$ns" link add eth0 type veth peer name eth1 &&
		ip -n "$ns" addr add "10.93.$i.1/24" dev eth0 &&
		ip -n "$ns" link set eth0 up && ip -n "$ns" link set eth1 up &&
		ip netns exec "$ns" myip route add 10.94.0.0/16 via "10.93.$i.2" ||
			{ echo "netns $ns setup failed"; return 1; }
	done
	# the kernel dismantles them in batches, before, while and after
	# rmmod goes through its steps
	ip netns del "ulR$$_1"
	ip netns del "ulR$$_2"
	rmmod myrt 2>"$TMP/rmmod.err" &
	pid=$!
	for i in $(seq 3 8); do
		ip netns del "ulR$$_$i"
		sleep 0.0$i
	done
	for t in $(seq 300); do
		kill -0 $pid 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 $pid 2>/dev/null; then
		echo "rmmod still running after 30 s: $(dmesg | grep -c 'to become free') 'waiting for ... to become free' lines"
		dmesg | grep 'to become free' | tail -n 2
		return 2
	fi
	# EAGAIN while a namespace's last socket is freed: rmmod again
	if ! wait $pid; then
		t=$(rmmod_retry) || { echo "rmmod failed: $t"; return 1; }
	fi
	myrt_nothing_left || return 1
}
log_mark
races_ok=0
for r in $(seq 1 "$RACES"); do
	if ! race_round >"$TMP/race" 2>&1; then
		ktap_print_msg "race round $r: $(cat "$TMP/race")"
		break
	fi
	races_ok=$r
done
if [ "$races_ok" = "$RACES" ] && ! log_since_mark | grep -q 'to become free'; then
	ktap_test_pass "$RACES rmmod racing the cleanup of 8 deleted namespaces with routes: ends, nothing left"
else
	ktap_test_fail "rmmod racing the cleanup of deleted namespaces (round $((races_ok + 1)))"
fi
myrt_load
ktap_print_msg "UNLOAD rounds=$ROUNDS races=$RACES"
ktap_finished
