#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mylo, myrt's loopback-style netdev: present in the initial and in new
# netns, comes up, takes 127.10.0.1/8, behaves as a loopback for the kernel,
# stays in its netns, and goes away with it without leaving anything behind.
# (Packets looping through mylo and its counters: mylo_packet.c.)
. "$(dirname "$0")/lib/lib.sh"

ktap_print_header
ktap_set_plan 9

check_link() {
	local out
	out=$(ip "$@" -d link show mylo) || return 1
	echo "$out"
	grep -q 'link/loopback' <<<"$out" && grep -q 'mtu 65536' <<<"$out" &&
		grep -q '<LOOPBACK,NOARP,UP' <<<"$out"
}
ktap_test_result "mylo in the initial netns (LOOPBACK, up, mtu 65536)" check_link

ns_create a
ktap_test_result "mylo in a new netns, up" check_link -n a

up_and_address() {
	ip -n a link set mylo up &&
	ip -n a addr add 127.10.0.1/8 dev mylo &&
	ip -n a addr show dev mylo | tee /dev/stderr | grep -q 'inet 127.10.0.1/8' &&
	ip -n a link show mylo | grep -q 'state UNKNOWN\|state UP'
}
ktap_test_result "ip link set mylo up; it takes 127.10.0.1/8" up_and_address

# As for lo, the kernel adds 127.0.0.1/8 when mylo comes up (IFF_LOOPBACK).
auto_loopback_address() {
	ip -n a -4 addr show dev mylo | grep -q 'inet 127.0.0.1/8' &&
		ip -n a -4 addr show dev mylo | grep -q 'inet 127.10.0.1/8'
}
ktap_test_result "mylo has 127.0.0.1/8 like lo, and 127.10.0.1/8" auto_loopback_address

# As for lo, a subnet on mylo is local to the kernel's own stack.  (Packets
# looping through mylo and its counters: mylo_packet.c.)
subnet_is_local() {
	ip -n a addr add 10.99.0.1/24 dev mylo || return 1
	ip -n a route show table local | grep -q 'local 10.99.0.0/24 dev mylo' &&
		ip netns exec a ping -c 1 -W 2 10.99.0.2 >/dev/null
}
ktap_test_result "a subnet on mylo is local to the kernel's stack" subnet_is_local

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
