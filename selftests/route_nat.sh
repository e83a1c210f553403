#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Static NAT as 2.4 had it, on myrt routing r in h1 -- r -- h2:
#   h2 (10.1.2.2) is published as 192.0.2.22: a nat route (DNAT) and a nat
#   rule "from 10.1.2.2" (SNAT); h1 (10.1.1.2) later as 198.51.100.11.
# The forwarded DUMMY packets arrive rewritten with valid checksums (dnc
# only receives datagrams whose DUMMY checksum is right), the cache entries
# carry the maps, ICMP errors come back with their quoted header translated
# (h1's socket gets ECONNREFUSED), and bad nat requests are refused.
. "$(dirname "$0")/lib/lib.sh"

require_cmd dnc dping icmpwatch myip ip sysctl

ktap_print_header
ktap_set_plan 10

H1=natH1$$
R=natR$$
H2=natH2$$
topo_router "$H1" "$R" "$H2"

inH1() { ip netns exec "$H1" "$@"; }
inR() { ip netns exec "$R" "$@"; }
inH2() { ip netns exec "$H2" "$@"; }
OUT=$(mktemp)
ERR=$(mktemp)
trap 'rm -f "$OUT" "$ERR"; ns_cleanup' EXIT

result() {
	if [ "$2" = 0 ]; then ktap_test_pass "$1"; else ktap_test_fail "$1"; fi
}
show() { while read -r l; do ktap_print_msg "$l"; done; }
flush_r() { inR myip route flush cache; }
# listen NS PORT COUNT [dnc options]: a DUMMY listener writing to $OUT
listen() {
	local ns=$1 port=$2 count=$3
	shift 3
	dnc_listen "$ns" "$port" "$count" "$OUT" "$@" ||
		ktap_print_msg "listener on $ns port $port did not start"
	LPID=$DNC_PID
}
RETH0=$(inR cat /sys/class/net/eth0/ifindex)
RETH1=$(inR cat /sys/class/net/eth1/ifindex)

# 1. configuration: the nat route (local table by default) and nat rule
ok=0
inR myip route add nat 192.0.2.22 via 10.1.2.2 2>"$ERR" || ok=1
inR myip rule add from 10.1.2.2 nat 192.0.2.22 pref 100 2>>"$ERR" || ok=1
inR myip route show table local | grep -q '^nat 192.0.2.22 via 10.1.2.2 .*scope host' || ok=1
inR myip rule show | grep -q '^100:	from 10.1.2.2 lookup main map-to 192.0.2.22 $' || ok=1
[ $ok = 0 ] || { cat "$ERR"; inR myip route show table local; inR myip rule show; } | show
result "nat route in the local table and nat rule are added and shown" $ok

# 2. DNAT: h1 reaches the real host through the NAT address
ok=0
flush_r
listen "$H2" 7001 2 -s 10.1.2.2
inH1 dnc -u -c 2 192.0.2.22 7001 2>"$ERR" || ok=1
wait $LPID || ok=1
[ "$(grep -c '^10.1.1.2:' "$OUT")" = 2 ] || ok=1
cache_entries "$R" | grep -q "key: dst 192.0.2.22 src 10.1.1.2 iif $RETH0 .* dev eth1 error 0 .*rtable: rt_flags RTCF_DNAT[A-Z_|]* rt_type RTN_UNICAST rt_dst 192.0.2.22 rt_src 10.1.1.2 rt_iif $RETH0 rt_gateway 10.1.2.2 .* rt_src_map 10.1.1.2 rt_dst_map 10.1.2.2$" || ok=1
inR myip route show cache 192.0.2.22 | grep -q '^192.0.2.22 from 10.1.1.2 via 10.1.2.2 dev eth1 .*dst-map 10.1.2.2' || ok=1
inR myip route show cache 192.0.2.22 | grep -q 'cache <dst-nat' || ok=1
[ $ok = 0 ] || { cat "$OUT" "$ERR"; inR myip -d route show cache; } | show
result "DNAT: h1 -> 192.0.2.22 reaches h2 (10.1.2.2, checksum valid); entry has RTCF_DNAT and rt_dst_map" $ok

# 3. both ways: DUMMY echo to the NAT address comes back from it (the
#    request is DNATed, the reply from 10.1.2.2 SNATed by the rule)
ok=0
inH1 dping -c 2 -i 0.2 -W 2 -q 192.0.2.22 >"$OUT" 2>&1 || ok=1
grep -q '2 received' "$OUT" || ok=1
cache_entries "$R" | grep -q "key: dst 10.1.1.2 src 10.1.2.2 iif $RETH1 .* dev eth0 .*rtable: rt_flags RTCF_SNAT[A-Z_|]* .* rt_src_map 192.0.2.22 rt_dst_map 10.1.1.2$" || ok=1
inR myip route show cache 10.1.1.2 | grep -q 'src-map 192.0.2.22' || ok=1
[ $ok = 0 ] || { cat "$OUT"; inR myip -d route show cache; } | show
result "dping 192.0.2.22: replies come back from the NAT address (SNAT by rule, RTCF_SNAT, rt_src_map)" $ok

# 4. SNAT: h2 sees h1's mapped source
ok=0
inR myip route add nat 198.51.100.11 via 10.1.1.2 || ok=1
inR myip rule add from 10.1.1.2 nat 198.51.100.11 pref 101 || ok=1
listen "$H2" 7000 2
inH1 dnc -u -c 2 10.1.2.2 7000 2>"$ERR" || ok=1
wait $LPID || ok=1
[ "$(grep -c '^198.51.100.11:' "$OUT")" = 2 ] || ok=1
grep -q '^10.1.1.2:' "$OUT" && ok=1
cache_entries "$R" | grep -q "key: dst 10.1.2.2 src 10.1.1.2 iif $RETH0 .*rt_flags RTCF_SNAT[A-Z_|]* .* rt_src_map 198.51.100.11 rt_dst_map 10.1.2.2$" || ok=1
[ $ok = 0 ] || { cat "$OUT" "$ERR"; inR myip -d route show cache; } | show
result "SNAT: h1 -> 10.1.2.2 arrives from 198.51.100.11" $ok

# 5. ICMP error for the SNATed flow: h1 -> 10.1.2.2 leaves as
#    198.51.100.11; h2's port unreachable to 198.51.100.11 is DNATed back
#    to h1 with the quoted source restored
ok=0
flush_r
icmp_watch "$H1" "$OUT" -t 30 -c 1 || ok=1
WPID=$ICMPW_PID
inH1 dnc -c 1 -w 1000 10.1.2.2 7099 >"$ERR" 2>&1 && ok=1
wait $WPID
grep -q ECONNREFUSED "$ERR" || ok=1
grep -q '^10.1.2.2 type 3 code 3 inner 10.1.1.2 > 10.1.2.2 proto 253$' "$OUT" || ok=1
cache_entries "$R" | grep -q "key: dst 198.51.100.11 src 10.1.2.2 iif $RETH1 .*RTCF_DNAT.* rt_src_map 10.1.2.2 rt_dst_map 10.1.1.2$" || ok=1
[ $ok = 0 ] || { echo "dnc: $(cat "$ERR")"; echo "icmpwatch: $(cat "$OUT")"; inR myip -d route show cache; } | show
result "ICMP error through DNAT: quoted source translated back, h1's socket gets ECONNREFUSED" $ok

# 6. ICMP error for the DNATed flow: h1 -> 192.0.2.22 reaches 10.1.2.2
#    (the nat route is found by the local rule, which maps no source, as in
#    2.4); h2's port unreachable from 10.1.2.2 is SNATed by the rule with
#    the quoted destination translated to 192.0.2.22
ok=0
flush_r
icmp_watch "$H1" "$OUT" -t 30 -c 1 || ok=1
WPID=$ICMPW_PID
inH1 dnc -c 1 -w 1000 192.0.2.22 7099 >"$ERR" 2>&1 && ok=1
wait $WPID
grep -q ECONNREFUSED "$ERR" || ok=1
grep -q '^192.0.2.22 type 3 code 3 inner 10.1.1.2 > 192.0.2.22 proto 253$' "$OUT" || ok=1
cache_entries "$R" | grep -q "key: dst 10.1.1.2 src 10.1.2.2 iif $RETH1 .*RTCF_SNAT.* rt_src_map 192.0.2.22 rt_dst_map 10.1.1.2$" || ok=1
cache_entries "$R" | grep -q "key: dst 192.0.2.22 src 10.1.1.2 .*RTCF_DNAT.* rt_src_map 10.1.1.2 rt_dst_map 10.1.2.2$" || ok=1
[ $ok = 0 ] || { echo "dnc: $(cat "$ERR")"; echo "icmpwatch: $(cat "$OUT")"; inR myip -d route show cache; } | show
result "ICMP error through SNAT: quoted destination translated, h1's socket gets ECONNREFUSED" $ok

# 7. a nat prefix maps address by address
ok=0
inR myip route add nat 203.0.113.0/29 via 10.1.2.0 || ok=1
listen "$H2" 7002 1 -s 10.1.2.2
inH1 dnc -u -c 1 203.0.113.2 7002 2>"$ERR" || ok=1
wait $LPID || ok=1
grep -q '^10.1.1.2:' "$OUT" || ok=1
inR myip route show cache 203.0.113.2 | grep -q 'dst-map 10.1.2.2' || ok=1
[ $ok = 0 ] || { cat "$OUT" "$ERR"; inR myip -d route show cache; } | show
result "nat 203.0.113.0/29 via 10.1.2.0: 203.0.113.2 reaches 10.1.2.2" $ok

# 8. bad nat routes and rules are refused with a clear message
ok=0
# expect_err MESSAGE CMD...: CMD fails (myip exit 2) and prints MESSAGE
expect_err() {
	local msg=$1 rc=0
	shift
	inR "$@" >"$OUT" 2>&1 || rc=$?
	if [ "$rc" != 2 ] || ! grep -qF "$msg" "$OUT"; then
		ktap_print_msg "$* (exit $rc): $(cat "$OUT")"
		ok=1
	fi
}
expect_err "NAT route needs the address it maps to (via)" myip route add nat 192.0.2.50
expect_err "NAT route takes no device" myip route add nat 192.0.2.50 via 10.1.2.2 dev eth1
expect_err "NAT map address must be a unicast address" myip route add nat 192.0.2.50 via 224.0.0.5
expect_err "NAT map address has bits in the host part of the prefix" myip route add nat 192.0.2.48/29 via 10.1.2.3
expect_err "NAT route maps to one address: no multipath" myip route add nat 192.0.2.50 nexthop via 10.1.2.2 nexthop via 10.1.2.3
expect_err "NAT route takes no preferred source" myip route add nat 192.0.2.50 via 10.1.2.2 src 10.1.2.1
expect_err "Invalid scope for this route type" myip route add nat 192.0.2.50 via 10.1.2.2 scope global
expect_err "NAT map address must be a unicast address" myip rule add from 10.1.1.2 nat 224.1.1.1
expect_err "NAT map address has bits in the host part of the source prefix" myip rule add from 10.1.1.0/24 nat 198.51.100.1
inR myip route show table local | grep -q '192.0.2.50\|192.0.2.48' && ok=1
result "bad nat routes and rules: refused with extack messages, nothing added" $ok

# 9. output routing rejects a nat route (2.4's ip_route_output_slow: a NAT
# result is e_inval); r itself cannot send to it: EINVAL for the lookup,
# for a connect and for a sendto
ok=0
# nat_einval PATTERN CMD...: CMD on r fails, its output matching PATTERN
nat_einval() {
	local pat=$1 rc=0
	shift
	inR "$@" >"$OUT" 2>&1 || rc=$?
	if [ $rc = 0 ] || ! grep -q "$pat" "$OUT"; then
		ok=1
		ktap_print_msg "$* (exit $rc), want $pat: $(cat "$OUT")"
	fi
}
nat_einval 'Invalid argument' myip route get 192.0.2.22
nat_einval '^dnc: sendto: EINVAL ' dnc -u -c 1 192.0.2.22 7001
nat_einval '^dnc: connect: EINVAL ' dnc -c 1 192.0.2.22 7001
result "output lookup of a NAT address fails with EINVAL (route get, connect, sendto), as in 2.4" $ok

# 10. removing the route and rule ends the translation
ok=0
inR myip rule del from 10.1.1.2 nat 198.51.100.11 || ok=1
inR myip rule del from 10.1.2.2 nat 192.0.2.22 || ok=1
inR myip route del nat 192.0.2.22 via 10.1.2.2 || ok=1
inR myip rule show | grep -q 'map-to' && ok=1
inR myip route show table local | grep -q '^nat 192.0.2.22' && ok=1
listen "$H2" 7000 1
inH1 dnc -u -c 1 10.1.2.2 7000 2>"$ERR" || ok=1
wait $LPID || ok=1
grep -q '^10.1.1.2:' "$OUT" || ok=1
cache_entries "$R" | grep -q 'RTCF_SNAT\|RTCF_DNAT' && ok=1
[ $ok = 0 ] || { cat "$OUT" "$ERR"; inR myip rule show; inR myip -d route show cache; } | show
result "nat rule and route deleted: h2 sees the real source again, no NAT entries" $ok

ktap_finished
