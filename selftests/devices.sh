#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Devices coming and going under traffic.  Each cycle makes a veth vN in H
# to a peer netns P, addresses it (10.60.N.1/24), routes 10.61.N.0/24 via
# the peer, and sends DUMMY traffic both ways: a connected dnc in H to
# 10.61.N.5 (its socket keeps a cache entry of vN), dinject from P to H
# (input entries with iif vN).  Then, alternately:
#   - down: routes through vN are flushed (classic fib_disable_ip), no
#     cache entry keeps vN; up again: the prefix route is back, the
#     gateway route can be added again and works; then vN is deleted;
#   - deleted at once (from H's side, the peer's side, or by deleting P)
#     while the connected socket is still sending.
# After a deletion no route and no cache entry names vN, and the deletion
# does not hang ("waiting for vN to become free" fails the run).
#
# CYCLES: MYRT_DEV_CYCLES (default 4: each variant once; several seconds each under TCG; MYRT_LONG=1: 200).
. "$(dirname "$0")/lib/lib.sh"

require_cmd myip dnc dinject ip

CYCLES=${MYRT_DEV_CYCLES:-4}
[ "${MYRT_LONG:-0}" = 1 ] && CYCLES=${MYRT_DEV_CYCLES:-200}
H=devH$$

ktap_print_header
ktap_set_plan 3

ns_create "$H" || ktap_exit_fail_msg "netns"
ip -n "$H" link set mylo up 2>/dev/null
# H forwards: P's packets to 10.61.N.9 make input entries iif vN -> vN
ip netns exec "$H" sysctl -qw net.ipv4.conf.all.forwarding=1
inH() { ip netns exec "$H" "$@"; }
TMP=$(mktemp -d)
trap 'kill $SPID 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP"; ns_cleanup' EXIT

names_dev() {	# names_dev DEV: does any route or cache entry name DEV?
	inH myip route show table all | grep -qw "dev $1" && return 0
	inH myip -o route show cache | grep -qw "dev $1" && return 0
	return 1
}

fail=0 deletes=0 downs=0 pkts=0
problem() { ktap_print_msg "cycle $i: $*"; fail=1; }
start=$(date +%s)
for i in $(seq 1 "$CYCLES"); do
	n=$(( (i - 1) % 200 + 1 ))
	P=devP$$_$i
	dev=v$n
	ns_create "$P" || { problem "netns"; break; }
	ip link add "$dev" netns "$H" type veth peer name eth0 netns "$P" &&
	inH ip addr add "10.60.$n.1/24" dev "$dev" &&
	ip -n "$P" addr add "10.60.$n.2/24" dev eth0 &&
	inH ip link set "$dev" up && ip -n "$P" link set eth0 up &&
	inH myip route add "10.61.$n.0/24" via "10.60.$n.2" ||
		{ problem "setup"; break; }
	ip -n "$P" link set mylo up 2>/dev/null
	ip -n "$P" route add default via "10.60.$n.1" 2>/dev/null
	# wait for carrier on both ends
	for t in $(seq 50); do
		[ "$(inH cat /sys/class/net/$dev/operstate)" = up ] && break
		sleep 0.1
	done

	# traffic: a connected sender in H (holds a cache entry of vN) and
	# input traffic from P with changing sources
	ip netns exec "$H" dnc -c 100000 -i 20 -n 32 "10.61.$n.5" 9 >/dev/null 2>&1 &
	SPID=$!
	ip netns exec "$P" dinject -d "10.60.$n.1" -S "10.60.$n.2" -n 1 -c 50 \
		>/dev/null 2>&1 && pkts=$((pkts + 50))
	ip netns exec "$P" dinject -d "10.61.$n.9" -S "10.60.$n.2" -n 1 -c 50 \
		>/dev/null 2>&1 && pkts=$((pkts + 50))
	sleep 0.3
	inH myip -o route show cache | grep -qw "dev $dev" ||
		problem "no cache entry for $dev under traffic"
	inH myip route get "10.61.$n.5" | grep -q "via 10.60.$n.2 dev $dev" ||
		problem "route get before"

	case $((i % 4)) in
	0|1)	# down, check, up, check, then delete from H's side
		inH ip link set "$dev" down
		downs=$((downs + 1))
		sleep 0.2
		if inH myip route get "10.61.$n.5" 2>/dev/null | grep -qw "dev $dev"; then
			problem "route via $dev still used while it is down"
		fi
		if inH myip -o route show cache | grep -qw "dev $dev"; then
			problem "cache entry of $dev survives down"
			inH myip -o route show cache | grep -w "dev $dev" | sed 's/^/# /'
		fi
		inH ip link set "$dev" up
		for t in $(seq 50); do
			[ "$(inH cat /sys/class/net/$dev/operstate)" = up ] && break
			sleep 0.1
		done
		# classic: down flushes the routes that died with the device;
		# up brings back the prefix route of its address only
		inH myip route show | grep -q "10.61.$n.0/24" &&
			problem "gateway route via $dev survives down/up"
		inH myip route get "10.60.$n.2" 2>&1 | grep -q "dev $dev" ||
			problem "prefix route of $dev not back after up: $(inH myip route get "10.60.$n.2" 2>&1)"
		inH myip route add "10.61.$n.0/24" via "10.60.$n.2" &&
		inH myip route get "10.61.$n.5" 2>&1 | grep -q "via 10.60.$n.2 dev $dev" ||
			problem "route via $dev not usable again after up"
		inH ip link del "$dev" || problem "del"
		;;
	2)	inH ip link del "$dev" || problem "del" ;;
	3)	ip -n "$P" link del eth0 || problem "peer del" ;;
	esac
	deletes=$((deletes + 1))
	ip netns del "$P"
	kill $SPID 2>/dev/null
	wait $SPID 2>/dev/null
	SPID=
	sleep 0.1
	if names_dev "$dev"; then
		problem "$dev still named after deletion"
		inH myip route show table all | grep -w "dev $dev" | sed 's/^/# /'
		inH myip -o route show cache | grep -w "dev $dev" | sed 's/^/# /'
	fi
	inH ip link show "$dev" >/dev/null 2>&1 && problem "$dev still exists"
	[ $fail = 0 ] || break
done
secs=$(( $(date +%s) - start ))
ktap_print_msg "$CYCLES cycles in ${secs}s: $downs down/up, $deletes deletions, $pkts injected packets"

if [ $fail = 0 ]; then
	ktap_test_pass "$CYCLES device cycles: routes and cache follow down/up/delete"
else
	ktap_test_fail "device cycles"
fi

# nothing of the deleted devices is left: H's tables hold only its own
left=$(inH myip route show table all | grep -c 'dev v[0-9]')
cache=$(inH myip -o route show cache | grep -c 'dev v[0-9]')
if [ "$left" = 0 ] && [ "$cache" = 0 ]; then
	ktap_test_pass "no route or cache entry of a deleted device is left"
else
	ktap_test_fail "left: $left routes, $cache cache entries"
fi

# the kernel log has no "waiting for ... to become free" (checked by the
# runner too); H still routes
inH ip link add w0 type dummy && inH ip addr add 10.62.0.1/24 dev w0 &&
	inH ip link set w0 up
if inH myip route get 10.62.0.7 | grep -q 'dev w0' &&
   ! dmesg | grep -q 'to become free'; then
	ktap_test_pass "no device left waiting; H still routes"
else
	ktap_test_fail "no device left waiting; H still routes"
fi
ktap_print_msg "DEVICES cycles=$CYCLES downs=$downs deletes=$deletes packets=$pkts"
ktap_finished
