#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Path MTU for DUMMY through a myrt router: A -- R -- C, A's link with MTU
# 1500, the R-C link with MTU 1300, routes via R made with myip.
#
# - Without DF, a datagram above A's MTU is fragmented at A (to 1500) and
#   again at R (to 1300): R's FragOKs/FragCreates count it.
# - A DF datagram that fits A's link but not R-C gets ICMP frag needed from
#   R's myrt forwarding: the socket hears EMSGSIZE, A's route cache entries
#   learn 1300 (the next DF datagram fails at once, IP_MTU says 1300), and
#   from then on A fragments to 1300 and R does not.
# - Frag needed teaches every matching output entry (ip_rt_frag_needed):
#   keyed with and without source, oif 0 and eth0, an unconnected socket's.
# - Hand-made frag needed from R (dinject -F): no next-hop MTU gives the
#   plateau table's guess for the quoted length (with the BSD 4.2 rule), a
#   next-hop MTU below min_pmtu gives min_pmtu with the MTU metric locked,
#   and the learned MTU is forgotten after mtu_expires.
. "$(dirname "$0")/lib/lib.sh"

require_cmd dnc dinject myip ip

A=pmtuA$$
R=pmtuR$$
C=pmtuC$$
ktap_print_header
ktap_set_plan 12

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
ip netns exec "$R" sysctl -qw net.ipv4.icmp_ratelimit=0
# myrt's own tables: routes through R (the kernel's tables need none)
ip netns exec "$A" myip route add 10.2.0.0/24 via 172.16.48.1 ||
	ktap_exit_fail_msg "myip route add in A"
ip netns exec "$C" myip route add 172.16.48.0/24 via 10.2.0.1 ||
	ktap_exit_fail_msg "myip route add in C"
link_settle "$A" eth0
link_settle "$R" eth0 eth1
link_settle "$C" eth0

OUT=$(mktemp)
ERR=$(mktemp)
SYSCTL=/proc/sys/net/myrt/route
KNOBS="mtu_expires gc_interval gc_timeout min_pmtu"
SAVED=$(for k in $KNOBS; do cat "$SYSCTL/$k"; done)
restore_sysctls() {
	local k v
	set -- $SAVED
	for k in $KNOBS; do
		v=$1
		shift
		[ "$(cat "$SYSCTL/$k")" = "$v" ] || echo "$v" >"$SYSCTL/$k"
	done
}
trap 'restore_sysctls; rm -f "$OUT" "$ERR"; ns_cleanup' EXIT

inA() { ip netns exec "$A" "$@"; }
IFA=$(inA cat /sys/class/net/eth0/ifindex)

listen() {
	dnc_listen "$C" 7000 "$1" "$OUT"
	LPID=$DNC_PID
}

# A's output entries to C, one "KEYSRC KEYOIF MTU" line each
entries() {
	inA myip -d route show cache | awk '
		/^    key: dst 10\.2\.0\.2 / && $7 == 0 { s = $5; o = $9; next }
		/^    hash / && s != "" { print s, o, $6; s = "" }'
}

# every_mtu MTU [MIN]: at least MIN (default 1) entries to C, all with MTU
every_mtu() {
	local n
	n=$(entries | awk -v m="$1" '$3 != m { bad = 1 } END { print bad ? -1 : NR }')
	[ "$n" -ge "${2:-1}" ]
}

# wait_for CMD...: true once CMD is (5 s at most)
wait_for() {
	local i
	for i in $(seq 50); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

fresh() { inA myip route flush cache; }

# prime: A's entries to C (src 0 and A's address, oif 0), a datagram sent
prime() {
	fresh
	inA dnc -c 1 -n 100 10.2.0.2 7000 2>/dev/null
	wait_for every_mtu 1500 2
}

# frag_needed MTU QLEN [QSPORT]: R says "fragmentation needed" to A about a
# datagram 172.16.48.2:QSPORT -> 10.2.0.2:7000 of QLEN bytes, DF
frag_needed() {
	ip netns exec "$R" dinject -d 172.16.48.2 -s 172.16.48.1 \
		-F "$1,172.16.48.2:${3:-40000},10.2.0.2:7000,$2" >/dev/null
}

show_cache() { ktap_print_msg "$(entries | tr '\n' ';') $(inA myip -o route show cache | grep '^10\.2\.0\.2' | tr '\n' ';')"; }

ip_frag() { echo "$(ip_stat "$R" FragOKs) $(ip_stat "$R" FragCreates)"; }

# check2500 FRAG NAME: 2500 bytes without DF from A to C; NAME passes when C
# has them whole and R's "FragOKs FragCreates" rose by FRAG
check2500() {
	local oks0 creates0 oks1 creates1 rc frag
	read -r oks0 creates0 <<<"$(ip_frag)"
	listen 1
	inA dnc -c 1 -n 2500 10.2.0.2 7000 2>"$ERR"
	rc=$?
	wait $LPID
	read -r oks1 creates1 <<<"$(ip_frag)"
	frag="$((oks1 - oks0)) $((creates1 - creates0))"
	if [ $rc = 0 ] && grep -q ' 2500$' "$OUT" && [ "$frag" = "$1" ]; then
		ktap_test_pass "$2"
	else
		ktap_print_msg "rc=$rc R's FragOKs FragCreates +$frag $(cat "$OUT" "$ERR")"
		ktap_test_fail "$2"
	fi
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

# 2. A has not learned: 2500 bytes without DF leave A in two fragments of
# at most 1500, R cuts the first one again for its 1300 link
fresh
check2500 "1 2" "2500 bytes without DF, A not knowing the path MTU: fragmented at R, reassembled at C"

# 3. DF, 1400 bytes: fits A's link, not R-C: ICMP frag needed -> EMSGSIZE
inA dnc -D -c 1 -n 1400 -w 3000 10.2.0.2 7000 2>"$ERR"
rc=$?
if [ $rc = 1 ] && grep -q EMSGSIZE "$ERR"; then
	ktap_test_pass "DF above the path MTU: EMSGSIZE from ICMP frag needed"
else
	ktap_print_msg "rc=$rc $(cat "$ERR")"
	ktap_test_fail "DF above the path MTU: EMSGSIZE from ICMP frag needed"
fi

# 4. the learned MTU is on the route: the next DF send fails at once
inA dnc -D -c 1 -n 1400 -w 0 10.2.0.2 7000 2>"$ERR"
rc=$?
if [ $rc = 1 ] && grep -q 'path MTU 1300' "$ERR" && every_mtu 1300 2; then
	ktap_test_pass "path MTU 1300 learned by the route cache entries"
else
	ktap_print_msg "rc=$rc $(cat "$ERR")"
	show_cache
	ktap_test_fail "path MTU 1300 learned by the route cache entries"
fi

# 5. without DF: fragmented at A to the learned MTU, R forwards as is
check2500 "0 0" "2500 bytes without DF: fragmented at A to 1300, not at R, reassembled at C"

# 6. one frag needed lowers every matching entry: a connected socket bound
# to eth0 (keys with oif eth0, source 0 and A's) and an unconnected one's
# (source 0, oif 0), whose DF datagram R refused; the next one fails at once
fresh
inA dnc -I eth0 -c 1 -n 100 10.2.0.2 7000 2>/dev/null
inA dnc -u -D -c 1 -n 1400 -w 0 10.2.0.2 7000 2>"$ERR"
rc=$?
has_keys() {
	entries | grep -qx "0.0.0.0 0 1300" &&
	entries | grep -qx "0.0.0.0 $IFA 1300" &&
	entries | grep -qx "172.16.48.2 $IFA 1300"
}
wait_for has_keys
inA dnc -u -D -c 1 -n 1400 -w 0 10.2.0.2 7000 2>>"$ERR"
rc2=$?
if [ $rc = 0 ] && has_keys && every_mtu 1300 3 && [ $rc2 = 1 ] &&
   grep -q 'sendto: EMSGSIZE' "$ERR"; then
	ktap_test_pass "frag needed lowers every matching entry, an unconnected socket's too"
else
	ktap_print_msg "rc=$rc rc2=$rc2 $(cat "$ERR")"
	show_cache
	ktap_test_fail "frag needed lowers every matching entry, an unconnected socket's too"
fi

# 7. no next-hop MTU (an old router): the plateau below the quoted length
# (1496 -> 1492); a connected socket hears EMSGSIZE, IP_MTU says 1492
fresh
inA dnc -p 5555 -c 1 -n 100 -w 4000 10.2.0.2 7000 2>"$ERR" &
bg=$!
wait_for every_mtu 1500 2
frag_needed 0 1496 5555
wait $bg
rc=$?
inA dnc -D -c 1 -n 1460 -w 0 10.2.0.2 7000 2>>"$ERR"
rc2=$?
if [ $rc = 1 ] && grep -q 'send: EMSGSIZE' "$ERR" && [ $rc2 = 1 ] &&
   grep -q 'path MTU 1492' "$ERR" && every_mtu 1492 2; then
	ktap_test_pass "frag needed without MTU: plateau 1492 for 1496 bytes, EMSGSIZE and IP_MTU"
else
	ktap_print_msg "rc=$rc rc2=$rc2 $(cat "$ERR")"
	show_cache
	ktap_test_fail "frag needed without MTU: plateau 1492 for 1496 bytes, EMSGSIZE and IP_MTU"
fi

# 8. a next-hop MTU not below the quoted length is unusable: plateau too
prime
frag_needed 1500 1496
if wait_for every_mtu 1492 2; then
	ktap_test_pass "frag needed with an MTU not below the datagram: plateau 1492"
else
	show_cache
	ktap_test_fail "frag needed with an MTU not below the datagram: plateau 1492"
fi

# 9. no MTU, quoting a datagram as long as the entry's MTU: the BSD 4.2
# rule takes the header off (1480) before the plateau: 576
prime
frag_needed 0 1500
if wait_for every_mtu 576 2; then
	ktap_test_pass "frag needed without MTU for a full-sized datagram: BSD 4.2 rule, 576"
else
	show_cache
	ktap_test_fail "frag needed without MTU for a full-sized datagram: BSD 4.2 rule, 576"
fi

# 10. below min_pmtu: min_pmtu, with the MTU metric locked
prime
frag_needed 300 1400
locked() {
	every_mtu 552 2 &&
	[ "$(inA myip -o route show cache | grep '^10\.2\.0\.2 ' |
	     grep -c ' mtu lock 552 ')" -ge 2 ]
}
wait_for locked
inA dnc -D -c 1 -n 1400 -w 0 10.2.0.2 7000 2>"$ERR"
rc=$?
if locked && [ $rc = 1 ] && grep -q 'path MTU 552' "$ERR"; then
	ktap_test_pass "frag needed below min_pmtu: mtu lock 552"
else
	ktap_print_msg "rc=$rc $(cat "$ERR")"
	show_cache
	ktap_test_fail "frag needed below min_pmtu: mtu lock 552"
fi

# 11. a locked MTU learns nothing more: min_pmtu lowered, another message
echo 400 >$SYSCTL/min_pmtu
frag_needed 300 1400
sleep 0.5
locked
rc=$?
restore_sysctls
if [ $rc = 0 ]; then
	ktap_test_pass "a locked MTU is not lowered again"
else
	show_cache
	ktap_test_fail "a locked MTU is not lowered again"
fi

# 12. mtu_expires: the learned MTU is forgotten, even by an entry in use
# (a connected socket sending every 250 ms holds it): back to 1500.  The
# periodic expiry (gc_interval 1 s) covers the table every gc_timeout.
# mtu_expires is 5 s: the expiry must still be ahead when the cache is
# read after the learning (a loaded debug VM took over 2 s for it).
echo 5 >$SYSCTL/mtu_expires
echo 1 >$SYSCTL/gc_interval
echo 2 >$SYSCTL/gc_timeout
fresh
# C listens: a port unreachable (routed back by C's myrt) would end the
# connected sender
dnc_listen "$C" 7000 60 /dev/null -w 30000 || ktap_print_msg "no listener in C"
lpid=$DNC_PID
ip netns exec "$A" dnc -c 60 -i 250 -n 100 -w 0 10.2.0.2 7000 2>/dev/null &
bg=$!
own() { entries | grep -qx "172.16.48.2 0 $1"; }
wait_for own 1500
frag_needed 1300 1400
wait_for own 1300
learned=$?
expires=$(inA myip -o route show cache | grep '^10\.2\.0\.2 from ' |
	  grep -o 'expires [0-9]*sec' | head -n1)
forgot=1
t_end=$(($(date +%s) + 20))
while [ "$(date +%s)" -le $t_end ]; do
	if own 1500 && ! entries | grep -q ' 1300$'; then
		forgot=0
		break
	fi
	sleep 0.1
done
kill "$bg" "$lpid" 2>/dev/null
wait "$bg" "$lpid" 2>/dev/null
restore_sysctls
if [ $learned = 0 ] && [[ "$expires" =~ ^expires\ [0-5]sec$ ]] &&
   [ $forgot = 0 ]; then
	ktap_test_pass "the learned MTU expires after mtu_expires: 1500 again"
else
	ktap_print_msg "learned=$learned '$expires' forgot=$forgot"
	show_cache
	ktap_test_fail "the learned MTU expires after mtu_expires: 1500 again"
fi

ktap_finished
