#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mylo, myrt's loopback-style netdev: present in the initial and in new
# netns, comes up, takes 127.10.0.1/8, loops packets back (counters move),
# and goes away with its netns without leaving anything behind.
. "$(dirname "$0")/lib/lib.sh"

ktap_print_header
ktap_set_plan 9

check_link() {
	local out
	out=$(ip "$@" -d link show mylo) || return 1
	echo "$out"
	grep -q 'link/loopback' <<<"$out" && grep -q 'mtu 65536' <<<"$out" &&
		! grep -q 'LOOPBACK' <<<"$out"
}
ktap_test_result "mylo in the initial netns (link/loopback, mtu 65536)" check_link

ns_create a
ktap_test_result "mylo in a new netns" check_link -n a

up_and_address() {
	ip -n a link set mylo up &&
	ip -n a addr add 127.10.0.1/8 dev mylo &&
	ip -n a addr show dev mylo | tee /dev/stderr | grep -q 'inet 127.10.0.1/8' &&
	ip -n a link show mylo | grep -q 'state UNKNOWN\|state UP'
}
ktap_test_result "mylo comes up and takes 127.10.0.1/8" up_and_address

only_ours() {
	# No 127.0.0.1 added by the kernel (mylo is not IFF_LOOPBACK).
	! ip -n a -4 addr show dev mylo | grep -q '127.0.0.1'
}
ktap_test_result "no automatic 127.0.0.1 on mylo" only_ours

# The kernel's stack sends 10.99.0.2 out of mylo (an on-link route on it);
# the frames loop back and are dropped on input (not local, no forwarding).
counts() {
	local tx0 rx0 tx1 rx1
	ip -n a addr add 10.99.0.1/24 dev mylo || return 1
	tx0=$(link_stat a mylo tx_packets)
	rx0=$(link_stat a mylo rx_packets)
	ip netns exec a ping -c 3 -i 0.2 -W 1 10.99.0.2 >/dev/null 2>&1
	tx1=$(link_stat a mylo tx_packets)
	rx1=$(link_stat a mylo rx_packets)
	echo "tx $tx0 -> $tx1, rx $rx0 -> $rx1"
	[ $((tx1 - tx0)) -ge 3 ] && [ $((rx1 - rx0)) -ge 3 ] &&
		[ $((tx1 - tx0)) -eq $((rx1 - rx0)) ] &&
		[ "$(link_stat a mylo tx_bytes)" -gt 0 ]
}
ktap_test_result "mylo counts looped packets (tx == rx)" counts

cannot_move() {
	ns_create b || return 1
	! ip link set mylo netns b 2>/dev/null &&
		ip -n b link show mylo >/dev/null
}
ktap_test_result "mylo cannot change netns" cannot_move

cannot_delete() {
	! ip link del mylo 2>/dev/null && ip link show mylo >/dev/null
}
ktap_test_result "mylo cannot be deleted by hand" cannot_delete

netns_delete() {
	ip netns del a && ip netns del b || return 1
	MYRT_NETNS=()
	! ip netns list | grep -qw 'a\|b'
}
ktap_test_result "netns with a configured mylo is deleted" netns_delete

# rmmod waits for the namespace cleanup above; a leaked reference on mylo
# would make it hang (the test times out) or warn (the runner fails it).
reload() {
	myrt_unload && ! ip link show mylo 2>/dev/null && myrt_load &&
		ip link show mylo >/dev/null
}
ktap_test_result "rmmod after the netns are gone, insmod again" reload

ktap_finished
