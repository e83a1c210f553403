#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The seeds' experiments, reproduced exactly (shared/seeds 002 and 003):
#  1. seed 002, experiment 1: DUMMY datagrams to mylo's 127.10.0.1 make one
#     output entry: dev mylo, RTCF_LOCAL, RTN_LOCAL, all addresses 127.10.0.1,
#     rt_iif = mylo's ifindex.
#  2. seed 002, experiment 2: to a neighbour over veth: dev eth0, rt_flags 0,
#     RTN_UNICAST, rt_src/rt_spec_dst = our address, gateway = destination.
#  3. seed 003: host1 dpings host2, then host2 dpings host1: host2's cache
#     holds exactly three entries (input local; reply output keyed with src;
#     request output keyed with src 0), in /proc/net/myrt_cache too.
. "$(dirname "$0")/lib/lib.sh"

require_cmd dnc dping myip ip

ktap_print_header
ktap_set_plan 4

OUT=$(mktemp)
trap 'rm -f "$OUT"; ns_cleanup' EXIT

ifindex() { ip netns exec "$1" cat "/sys/class/net/$2/ifindex"; }

# check NAME CONDITION...: one KTAP result, the cache shown on failure
check() {
	local name=$1 ns=$2
	shift 2
	if "$@"; then
		ktap_test_pass "$name"
	else
		ktap_print_msg "cache of $ns:"
		cache_entries "$ns" | while read -r l; do ktap_print_msg "$l"; done
		ip netns exec "$ns" cat /proc/net/myrt_cache |
			while read -r l; do ktap_print_msg "$l"; done
		ktap_test_fail "$name"
	fi
}

# has NS PATTERN...: an entry matching every extended regex
has() {
	local ns=$1 e
	shift
	e=$(cache_entries "$ns")
	for p in "$@"; do
		e=$(grep -E -- "$p" <<<"$e")
	done
	[ -n "$e" ]
}

count() { cache_entries "$1" | grep -c .; }

# tabs: /proc rows with each tab shown as one space (busybox grep has no -P)
tabs() { tr '\t' ' '; }

# 1. seed 002, experiment 1
E=seedE1$$
ns_create "$E"
ip -n "$E" link set mylo up
ip -n "$E" addr add 127.10.0.1/8 dev mylo
dnc_listen "$E" 7000 3 "$OUT" || ktap_print_msg "listener did not start"
LPID=$DNC_PID
ip netns exec "$E" dnc -u -c 3 127.10.0.1 7000
wait $LPID
MYLO=$(ifindex "$E" mylo)
exp1() {
	[ "$(grep -c '^127.10.0.1:' "$OUT")" = 3 ] &&
	[ "$(count "$E")" = 1 ] &&
	has "$E" 'key: dst 127.10.0.1 src 0.0.0.0 iif 0 oif 0 ' \
		'dst: dev mylo error 0 obsolete 0 flags DST_HOST expires 0 header_len 0 ' \
		"rt_flags RTCF_LOCAL rt_type RTN_LOCAL rt_dst 127.10.0.1 rt_src 127.10.0.1 rt_iif $MYLO rt_gateway 127.10.0.1 rt_spec_dst 127.10.0.1\$" &&
	ip netns exec "$E" cat /proc/net/myrt_cache |
		tabs | grep -qE '^mylo 01000A7F 01000A7F 80000000 [0-9]+ [0-9]+ 0 01000A7F .* 01000A7F +$'
}
check "seed 002 experiment 1: local entry on mylo (rt_iif $MYLO)" "$E" exp1

# 2. seed 002, experiment 2
H=seedH$$
P=seedP$$
ns_create "$H"
ns_create "$P"
ip link add eth0 netns "$H" type veth peer name eth0 netns "$P"
ip -n "$H" addr add 172.16.48.2/24 dev eth0
ip -n "$P" addr add 172.16.48.1/24 dev eth0
ip -n "$H" link set eth0 up
ip -n "$P" link set eth0 up
ip -n "$H" link set mylo up
ip -n "$P" link set mylo up
link_settle "$H" eth0
link_settle "$P" eth0
dnc_listen "$P" 7000 2 "$OUT" || ktap_print_msg "listener did not start"
LPID=$DNC_PID
ip netns exec "$H" dnc -u -c 2 172.16.48.1 7000
wait $LPID
ETH0=$(ifindex "$H" eth0)
exp2() {
	[ "$(grep -c '^172.16.48.2:' "$OUT")" = 2 ] &&
	[ "$(count "$H")" = 1 ] &&
	has "$H" 'key: dst 172.16.48.1 src 0.0.0.0 iif 0 oif 0 ' \
		'dst: dev eth0 error 0 obsolete 0 flags DST_HOST expires 0 header_len 0 ' \
		"rt_flags 0 rt_type RTN_UNICAST rt_dst 172.16.48.1 rt_src 172.16.48.2 rt_iif $ETH0 rt_gateway 172.16.48.1 rt_spec_dst 172.16.48.2\$" &&
	ip netns exec "$H" cat /proc/net/myrt_cache |
		tabs | grep -qE '^eth0 013010AC 013010AC        0 [0-9]+ [0-9]+ 0 023010AC 1500 .* 023010AC +$'
}
check "seed 002 experiment 2: unicast entry on eth0 (rt_iif $ETH0)" "$H" exp2

# 3. seed 003: two hosts ping each other
H1=seed3a$$
H2=seed3b$$
ns_create "$H1"
ns_create "$H2"
ip link add eth0 netns "$H1" type veth peer name eth0 netns "$H2"
ip -n "$H1" addr add 192.168.1.1/24 dev eth0
ip -n "$H2" addr add 192.168.1.2/24 dev eth0
for n in "$H1" "$H2"; do
	ip -n "$n" link set eth0 up
	ip -n "$n" link set mylo up
done
link_settle "$H1" eth0
link_settle "$H2" eth0
ip netns exec "$H1" dping -c 1 -W 3 192.168.1.2 >"$OUT" 2>&1 &&
ip netns exec "$H2" dping -c 1 -W 3 192.168.1.1 >>"$OUT" 2>&1
pings=$?
ETH0=$(ifindex "$H2" eth0)
MYLO=$(ifindex "$H2" mylo)
VALUES="rt_dst 192.168.1.1 rt_src 192.168.1.2 rt_iif $ETH0 rt_gateway 192.168.1.1 rt_spec_dst 192.168.1.2\$"
exp3() {
	[ $pings = 0 ] || { ktap_print_msg "dping failed: $(cat "$OUT")"; return 1; }
	[ "$(count "$H2")" = 3 ] &&
	has "$H2" "key: dst 192.168.1.2 src 192.168.1.1 iif $ETH0 oif 0 " \
		'dst: dev mylo error 0 obsolete 0 flags DST_HOST ' \
		"rt_type RTN_LOCAL rt_dst 192.168.1.2 rt_src 192.168.1.1 rt_iif $ETH0 rt_gateway 192.168.1.2 rt_spec_dst 192.168.1.2\$" \
		'rt_flags [A-Z_|]*RTCF_LOCAL' &&
	has "$H2" 'key: dst 192.168.1.1 src 192.168.1.2 iif 0 oif 0 ' \
		'dst: dev eth0 error 0 obsolete 0 flags DST_HOST ' \
		"rt_flags 0 rt_type RTN_UNICAST $VALUES" &&
	has "$H2" 'key: dst 192.168.1.1 src 0.0.0.0 iif 0 oif 0 ' \
		'dst: dev eth0 error 0 obsolete 0 flags DST_HOST ' \
		"rt_flags 0 rt_type RTN_UNICAST $VALUES"
}
check "seed 003: host2 holds exactly the three entries the seed derives" "$H2" exp3

# ... and /proc/net/myrt_cache shows them: two eth0 rows and one mylo row
proc3() {
	local p
	p=$(ip netns exec "$H2" cat /proc/net/myrt_cache)
	[ "$(tabs <<<"$p" | grep -cE '^eth0 0101A8C0 0101A8C0        0 .* 0201A8C0 1500 .* 0201A8C0 +$')" = 2 ] &&
	[ "$(tabs <<<"$p" | grep -cE '^mylo 0201A8C0 0201A8C0 8[04]000000 .* 0101A8C0 .* 0201A8C0 +$')" = 1 ] &&
	[ "$(wc -l <<<"$p")" = 4 ] &&
	awk 'length($0) != 127 { exit 1 }' <<<"$p"
}
check "seed 003: /proc/net/myrt_cache rows, padded to 127 characters" "$H2" proc3

ktap_finished
