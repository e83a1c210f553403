#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IP options of forwarded DUMMY packets (issue 18, item 10).  myrt takes
# its packets at PRE_ROUTING, before ip_rcv_finish() parses their options,
# so it parses them itself (ip_rcv_options): a router records its address
# in a record route option, and when it fragments, only the first fragment
# keeps the options that are not to be copied (record route, timestamp);
# the copied ones (here a stream identifier, type 136) are in every one.
#
#	h1 10.1.1.2 -- r (myrt, forwarding; eth1 MTU 576) -- h2 10.1.2.2
#
# h1 sends, with dinject, a 1200-byte DUMMY datagram with a record route
# option of two slots and a stream identifier; h2 watches what arrives.
. "$(dirname "$0")/lib/lib.sh"

require_cmd dinject icmpwatch myip ip

ktap_print_header
ktap_set_plan 5

H1=roH1$$
R=roR$$
H2=roH2$$
topo_router "$H1" "$R" "$H2" || ktap_exit_fail_msg "cannot make the router topology"
ip netns exec "$R" myip route add 10.1.2.0/24 dev eth1 2>/dev/null
ip -n "$R" link set eth1 mtu 576
link_settle "$R" eth1
# resolve the neighbours first (no packet waits for ARP)
ip netns exec "$H1" ping -c 1 -W 2 10.1.1.1 >/dev/null 2>&1
ip netns exec "$R" ping -c 1 -W 2 10.1.2.2 >/dev/null 2>&1

PROTO=$(cat /sys/module/myrt/parameters/proto 2>/dev/null || echo 253)
OUT=$(mktemp)
trap 'rm -f "$OUT"; ns_cleanup' EXIT

# record route, 2 slots (07 0b 04, 8 zero bytes), a NOP, stream id 0x1234
OPTS=070b0400000000000000000188041234
icmp_watch "$H2" "$OUT" -p "$PROTO" -t 30 -c 3 || ktap_exit_fail_msg "icmpwatch did not start in $H2"
W=$ICMPW_PID
ip netns exec "$H1" dinject -d 10.1.2.2 -s 10.1.1.2 -l 1200 -O "$OPTS" -c 1 >/dev/null
wait "$W"
sed 's/^/# h2: /' "$OUT"

n=$(grep -c "^10.1.1.2 > 10.1.2.2 proto $PROTO ttl 63 csum ok dev eth0 frag" "$OUT")
ktap_test_result "r forwarded the datagram in 3 fragments, TTL 63, checksums right ($n)" [ "$n" -eq 3 ]
# ok DESC: the result of the last command as a test
ok() { local r=$?; ktap_test_result "$1" [ $r -eq 0 ]; }

# first fragment: r's address (10.1.2.1, its way out) in the first slot,
# the pointer moved to the second
first=$(grep ' frag 0 MF ' "$OUT" | sed -n 's/.* opts //p')
[ "$first" = "070b080a010201000000000188041234" ]
ok "first fragment: record route holds r's address 10.1.2.1 (${first:-none})"
others=$(grep -v ' frag 0 MF ' "$OUT" | grep ' frag ' | sed -n 's/.* opts //p' | sort -u)
[ "${others:0:24}" = "010101010101010101010101" ]
ok "other fragments: record route replaced by NOPs (${others:-none})"
[ "${others:24}" = "88041234" ]
ok "other fragments: the stream identifier (copied) kept"
[ "$(grep -c ' frag [1-9]' "$OUT")" -eq 2 ] && [ "$(echo "$others" | wc -l)" -eq 1 ]
ok "the two other fragments agree"

ktap_finished
