#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Path MTU for DUMMY through a myrt router: A -- R -- C, the R-C link with
# MTU 1300, routes via R made with myip.  A DF datagram that fits A's link
# but not R-C gets ICMP frag needed from R's myrt forwarding: the socket
# hears EMSGSIZE, the route cache entry learns 1300 (the next DF datagram
# fails at once, IP_MTU says 1300), and without DF the datagram is
# fragmented at A to the learned MTU and arrives whole.
. "$(dirname "$0")/lib/lib.sh"

require_cmd dnc myip ip

A=pmtuA$$
R=pmtuR$$
C=pmtuC$$
ktap_print_header
ktap_set_plan 4

ns_create "$A" && ns_create "$R" && ns_create "$C" ||
	ktap_exit_fail_msg "netns"
ip link add eth0 netns "$A" type veth peer name eth0 netns "$R" &&
ip link add eth1 netns "$R" type veth peer name eth0 netns "$C" ||
	ktap_exit_fail_msg "veth"
ip -n "$A" addr add 172.16.48.2/24 dev eth0
ip -n "$R" addr add 172.16.48.1/24 dev eth0
ip -n "$R" addr add 10.2.0.1/24 dev eth1
ip -n "$C" addr add 10.2.0.2/24 dev eth0
ip -n "$R" link set eth1 mtu 1300
ip -n "$C" link set eth0 mtu 1300
for ns in "$A" "$R" "$C"; do
	ip -n "$ns" link set eth0 up
	ip -n "$ns" link set mylo up 2>/dev/null
done
ip -n "$R" link set eth1 up
ip netns exec "$R" sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'
# myrt's own tables: routes through R (the kernel's tables need none)
ip netns exec "$A" myip route add 10.2.0.0/24 via 172.16.48.1 ||
	ktap_exit_fail_msg "myip route add in A"
ip netns exec "$C" myip route add 172.16.48.0/24 via 10.2.0.1 ||
	ktap_exit_fail_msg "myip route add in C"

OUT=$(mktemp)
ERR=$(mktemp)
trap 'rm -f "$OUT" "$ERR"; ns_cleanup' EXIT

inA() { ip netns exec "$A" "$@"; }

listen() {
	dnc_listen "$C" 7000 "$1" "$OUT"
	LPID=$DNC_PID
}

# 1. small datagrams go through the router
listen 1
inA dnc -c 1 -n 100 10.2.0.2 7000 2>"$ERR"
rc=$?
wait $LPID
if [ $rc = 0 ] && grep -q '^172.16.48.2:[0-9]* 100$' "$OUT"; then
	ktap_test_pass "datagram forwarded by R's myrt"
else
	ktap_print_msg "rc=$rc $(cat "$OUT" "$ERR")"
	ktap_test_fail "datagram forwarded by R's myrt"
fi

# 2. DF, 1400 bytes: fits A's link, not R-C: ICMP frag needed -> EMSGSIZE
inA dnc -D -c 1 -n 1400 -w 3000 10.2.0.2 7000 2>"$ERR"
rc=$?
if [ $rc = 1 ] && grep -q EMSGSIZE "$ERR"; then
	ktap_test_pass "DF above the path MTU: EMSGSIZE from ICMP frag needed"
else
	ktap_print_msg "rc=$rc $(cat "$ERR")"
	ktap_test_fail "DF above the path MTU: EMSGSIZE from ICMP frag needed"
fi

# 3. the learned MTU is on the route: the next DF send fails at once
inA dnc -D -c 1 -n 1400 -w 0 10.2.0.2 7000 2>"$ERR"
rc=$?
if [ $rc = 1 ] && grep -q 'path MTU 1300' "$ERR"; then
	ktap_test_pass "path MTU 1300 learned by the route cache entry"
else
	ktap_print_msg "rc=$rc $(cat "$ERR"; inA cat /proc/net/myrt_cache)"
	ktap_test_fail "path MTU 1300 learned by the route cache entry"
fi

# 4. without DF: fragments (A to its MTU, R again to 1300), reassembled at C
listen 1
inA dnc -c 1 -n 2500 10.2.0.2 7000 2>"$ERR"
rc=$?
wait $LPID
if [ $rc = 0 ] && grep -q ' 2500$' "$OUT"; then
	ktap_test_pass "2500 bytes without DF: fragmented (at A and R), reassembled at C"
else
	ktap_print_msg "rc=$rc $(cat "$OUT" "$ERR")"
	ktap_test_fail "2500 bytes without DF: fragmented (at A and R), reassembled at C"
fi

ktap_finished
