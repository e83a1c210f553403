#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Classic default gateway selection by neighbour state (fib_select_default)
# and source validation of input routes (fib_validate_source: rp_filter
# from the kernel's in_device config, spec_dst, src-direct).
. "$(dirname "$0")/lib/lib.sh"

NS=fibsel
IP="ip -n $NS"
MYIP="myip -n $NS"

ktap_print_header
ktap_set_plan 8

ns_create $NS
$IP link add d0 type dummy
$IP link set d0 up
$IP addr add 10.0.0.1/24 dev d0
$IP link add d1 type dummy
$IP link set d1 up
$IP addr add 10.1.0.1/24 dev d1

# two default routes, same metric: A first, B appended
$MYIP route add default via 10.0.0.2
$MYIP route append default via 10.0.0.3

gw() { $MYIP route get 8.8.8.8 | awk '{ for (i = 1; i < NF; i++) if ($i == "via") print $(i + 1); exit }'; }

first() { [ "$(gw)" = 10.0.0.2 ]; }
ktap_test_result "no neighbour known: the first default route" first

b_alive() {
	$IP neigh replace 10.0.0.3 lladdr 02:00:00:00:00:03 dev d0 nud permanent &&
		$MYIP route flush cache && [ "$(gw)" = 10.0.0.3 ]
}
ktap_test_result "only B's neighbour valid: default route via B" b_alive

a_reachable() {
	$IP neigh replace 10.0.0.2 lladdr 02:00:00:00:00:02 dev d0 nud reachable &&
		$MYIP route flush cache && [ "$(gw)" = 10.0.0.2 ]
}
ktap_test_result "A's neighbour reachable: back to A" a_reachable

oif_given() {
	$MYIP route get 8.8.8.8 oif d0 | grep -q 'via 10.0.0.2'
}
ktap_test_result "lookup with an oif: no default selection" oif_given

# ---- input routes: reverse path filter and spec_dst
ip netns exec $NS sysctl -qw net.ipv4.ip_forward=1
ip netns exec $NS sysctl -qw net.ipv4.conf.all.rp_filter=0
ip netns exec $NS sysctl -qw net.ipv4.conf.d0.rp_filter=0
ip netns exec $NS sysctl -qw net.ipv4.conf.d1.rp_filter=0

direct() {
	$MYIP route get 10.0.0.1 from 10.0.0.9 iif d0 |
		grep -q 'src 10.0.0.1.*' &&
	$MYIP route get 10.0.0.1 from 10.0.0.9 iif d0 | grep -q '<local,src-direct>'
}
ktap_test_result "on-link source: local input route, src-direct, spec_dst" direct

loose() { $MYIP route get 10.0.0.1 from 10.1.0.9 iif d0 >/dev/null; }
ktap_test_result "rp_filter 0: source reached through another device accepted" loose

strict() {
	ip netns exec $NS sysctl -qw net.ipv4.conf.d0.rp_filter=1
	$MYIP route flush cache
	! $MYIP route get 10.0.0.1 from 10.1.0.9 iif d0 >/dev/null 2>&1
}
ktap_test_result "rp_filter 1: source reached through another device is martian" strict

local_src() {
	! $MYIP route get 10.0.0.1 from 10.1.0.1 iif d0 >/dev/null 2>&1
}
ktap_test_result "our own address as source on input is martian" local_src

ktap_finished
