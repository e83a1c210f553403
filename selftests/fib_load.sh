#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Loading myrt picks up the addresses already configured in every netns
# (the notifier replay), unloading with routes, rules and multipath in
# several netns leaves nothing behind, and a netns can be deleted while it
# holds routes.
. "$(dirname "$0")/lib/lib.sh"

ktap_print_header
ktap_set_plan 5

ns_create la
ns_create lb
for ns in la lb; do
	ip -n $ns link add d0 type dummy
	ip -n $ns link set d0 up
	ip -n $ns addr add 10.3.0.1/24 dev d0
	ip -n $ns addr add 10.3.0.7/24 dev d0	# secondary
	ip -n $ns link add d1 type dummy	# down, with an address
	ip -n $ns addr add 10.4.0.1/24 dev d1
done

reload() { myrt_unload && myrt_load; }
ktap_test_result "reload with addresses configured" reload

replayed() {
	local ns out
	for ns in la lb; do
		out=$(myip -n $ns route show table all)
		echo "$out" | sed "s/^/# $ns: /"
		grep -q '^10.3.0.0/24 dev d0 proto kernel scope link src 10.3.0.1' <<<"$out" &&
		grep -q '^local 10.3.0.1 dev d0 table local' <<<"$out" &&
		grep -q '^local 10.3.0.7 dev d0 table local .*src 10.3.0.1' <<<"$out" &&
		grep -q '^broadcast 10.3.0.255 dev d0 table local' <<<"$out" &&
		grep -q '^local 10.4.0.1 dev d1 table local' <<<"$out" &&
		! grep -q '10.4.0.0/24' <<<"$out" || return 1
	done
}
ktap_test_result "existing addresses produce their automatic routes" replayed

busy() {
	local ns
	for ns in la lb; do
		myip -n $ns route add 10.50.0.0/16 via 10.3.0.2 || return 1
		myip -n $ns route add 10.51.0.0/16 nexthop via 10.3.0.2 nexthop via 10.3.0.3 || return 1
		myip -n $ns rule add from 10.3.0.0/24 table 9 || return 1
		myip -n $ns route add default via 10.3.0.2 table 9 || return 1
		myip -n $ns route get 10.50.1.1 >/dev/null || return 1
	done
	myip route add 10.52.0.0/16 dev lo && myip route del 10.52.0.0/16
}
ktap_test_result "routes, multipath and rules in two netns" busy

ns_gone() {
	ip netns del lb && MYRT_NETNS=(la) && sleep 1 &&
		! ip netns list | grep -q '^lb'
}
ktap_test_result "a netns holding routes is deleted" ns_gone

unload() { myrt_unload && ! grep -q '^myrt ' /proc/modules && myrt_load; }
ktap_test_result "unload with routes and rules, then load again" unload

ktap_finished
