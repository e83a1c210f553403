#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# myip -json: every command that takes -json prints valid JSON (parsed by
# lib/json_check with json-c, not grepped), with the values the text
# shows: route show (-d, table all, an empty table), rule show, route
# show cache (-d), route get (explain, fibmatch, a rejected lookup), and
# monitor (one object a line).
. "$(dirname "$0")/lib/lib.sh"

require_cmd myip ip dnc

ktap_print_header
ktap_set_plan 10

JC=$(dirname "$0")/lib/json_check
N=json$$
ns_create $N || ktap_exit_fail_msg "netns setup"
MON=
OUT=$(mktemp)
trap 'kill $MON 2>/dev/null; rm -f "$OUT"; ns_cleanup' EXIT
ip -n $N link add d0 type dummy
ip -n $N link set d0 up
ip -n $N addr add 10.6.0.1/24 dev d0
M="myip -n $N"

# has VALUE PATH < JSON: the JSON is valid and PATH names VALUE
has() {
	local want=$1 path=$2 got
	got=$($JC "$path") || { ktap_print_msg "invalid JSON or no $path"; return 1; }
	grep -qxF -- "$want" <<<"$got" && return 0
	ktap_print_msg "$path: $(echo $got) (want $want)"
	return 1
}
# json ARGS...: myip -json ARGS, also printed as a comment
json() { $M -json "$@" | tee -a "$OUT"; }

$M route add 10.7.0.0/16 via 10.6.0.2 metric 3 mtu lock 1400
$M route add 10.8.0.0/24 nexthop via 10.6.0.2 weight 2 nexthop via 10.6.0.3
$M route add unreachable 10.9.0.0/24
$M rule add from 10.6.0.0/24 table 12 pref 77
$M rule add to 10.10.0.0/16 pref 78 blackhole

route_show() {
	json route show | has 10.7.0.0/16 '*.dst' &&
		json route show | has 3 '*.metric' &&
		json route show | has 1400 '*.metrics.mtu' &&
		json route show | has 10.6.0.3 '*.nexthops.*.gateway' &&
		json route show | has unreachable '*.type'
}
ktap_test_result "route show -json" route_show
tables() {
	json -d route show table all | has local '*.table' &&
		json route show table 55 | has 0 '#'
}
ktap_test_result "route show -json: -d table all, empty table" tables
rules() {
	json rule show | has 77 '*.priority' &&
		json rule show | has 10.6.0.0 '*.src' &&
		json rule show | has 24 '*.srclen' &&
		json rule show | has blackhole '*.action'
}
ktap_test_result "rule show -json" rules

# a cache entry: a datagram sent through d0 (a dummy device drops it)
ip netns exec $N dnc -c 1 10.7.1.1 9 >/dev/null 2>&1
cache() {
	json route show cache | has 10.7.1.1 '*.dst' &&
		json route show cache | has 10.6.0.2 '*.gateway' &&
		json -d route show cache | has 10.7.1.1 '*.key.dst' &&
		json route show cache | has RTN_UNICAST '*.rt_type'
}
ktap_test_result "route show cache -json" cache
get() {
	json route get 10.7.1.1 | has 10.6.0.2 0.gateway &&
		json route get 10.7.1.1 | has d0 0.dev
}
ktap_test_result "route get -json" get
explain() {
	local e
	e=$(json route get 10.7.2.2 explain | $JC '*.explain') || return 1
	[ -n "$e" ] || { ktap_print_msg "no explain text"; return 1; }
}
ktap_test_result "route get explain -json: the text in \"explain\"" explain
fibmatch() {
	json route get fibmatch 10.7.2.2 | has 10.7.0.0/16 0.dst
}
ktap_test_result "route get fibmatch -json" fibmatch
rejected() {
	local rc
	$M -json route get 10.9.0.1 explain >/dev/null 2>&1
	rc=$?
	[ $rc -eq 2 ] || { ktap_print_msg "exit $rc, want 2"; return 1; }
	# the output slow path: no route, network unreachable (-ENETUNREACH)
	$M -json route get 10.9.0.1 explain 2>/dev/null | has -101 '*.error'
}
ktap_test_result "route get -json of an unreachable route: exit 2, its error" rejected

MOUT=$(mktemp)
$M -json monitor >"$MOUT" 2>&1 &
MON=$!
# marker: add and delete a route until the monitor shows the deletion
marker() {
	local r=10.25$1.0.0/16
	for _ in $(seq 20); do
		$M route add $r dev d0
		$M route del $r dev d0
		for _ in $(seq 5); do
			grep -q "\"dst\":\"${r//./\\.}\"" "$MOUT" &&
				grep -q deleted "$MOUT" && return 0
			sleep 0.1
		done
	done
	ktap_print_msg "the monitor did not show $r"
}
marker 0
: >"$MOUT.mark"
$M route add 10.11.0.0/16 via 10.6.0.2
$M route del 10.11.0.0/16 via 10.6.0.2
$M route flush cache
marker 1
kill $MON
wait $MON 2>/dev/null
MON=
sed 's/^/# /' "$MOUT"
monitor() {
	$JC -l <"$MOUT" >/dev/null &&
		$JC -l dst <"$MOUT" 2>/dev/null | grep -qx 10.11.0.0/16 &&
		grep '"dst":"10.11.0.0/16"' "$MOUT" | $JC -l deleted 2>/dev/null |
			grep -qx true &&
		$JC -l flushed <"$MOUT" 2>/dev/null | grep -qx cache
}
ktap_test_result "monitor -json: one valid object a line" monitor
sed 's/^/# /' "$OUT"
invalid() {
	local bad
	bad=$(grep -c -v '^\[' "$OUT")
	[ "$bad" = 0 ] || ktap_print_msg "$bad lines not an array"
	$JC -l <"$OUT" >/dev/null && [ "$bad" = 0 ]
}
ktap_test_result "every -json output above: one valid array a line" invalid
rm -f "$MOUT" "$MOUT.mark"
ktap_finished
