#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# myrt as a router (h1 -- r -- h2): forwarding of DUMMY packets by myrt's
# routes on r, forwarding off, TTL expiry, ip_error with its token bucket,
# prohibit and blackhole routes, reverse path filtering, directed broadcast.
# h1 and h2 route DUMMY through myrt (myip default routes) and the rest
# (ICMP, dinject's raw packets) through the kernel (ip default routes).
. "$(dirname "$0")/lib/lib.sh"

require_cmd dnc dinject icmpwatch myip ip sysctl

ktap_print_header
ktap_set_plan 9

H1=fwdH1$$
R=fwdR$$
H2=fwdH2$$
for n in "$H1" "$R" "$H2"; do ns_create "$n"; done
ip link add eth0 netns "$H1" type veth peer name eth0 netns "$R"
ip link add eth1 netns "$R" type veth peer name eth0 netns "$H2"
ip -n "$H1" addr add 10.1.1.2/24 dev eth0
ip -n "$R" addr add 10.1.1.1/24 dev eth0
ip -n "$R" addr add 10.1.2.1/24 dev eth1
ip -n "$H2" addr add 10.1.2.2/24 dev eth0
for n in "$H1" "$R" "$H2"; do
	ip -n "$n" link set mylo up
	for d in eth0 eth1; do
		ip -n "$n" link set "$d" up 2>/dev/null
	done
done
ip -n "$H1" route add default via 10.1.1.1
ip -n "$H2" route add default via 10.1.2.1
ip netns exec "$H1" myip route add default via 10.1.1.1
ip netns exec "$H2" myip route add default via 10.1.2.1
ip netns exec "$R" sysctl -qw net.ipv4.conf.all.forwarding=1
ip netns exec "$R" sysctl -qw net.ipv4.icmp_ratelimit=0
ip netns exec "$R" sysctl -qw net.ipv4.icmp_msgs_per_sec=100000
link_settle "$H1" eth0
link_settle "$R" eth0 eth1
link_settle "$H2" eth0

inH1() { ip netns exec "$H1" "$@"; }
inR() { ip netns exec "$R" "$@"; }
inH2() { ip netns exec "$H2" "$@"; }
OUT=$(mktemp)
ERR=$(mktemp)
trap 'rm -f "$OUT" "$ERR"; ns_cleanup' EXIT

result() {
	if [ "$2" = 0 ]; then ktap_test_pass "$1"; else ktap_test_fail "$1"; fi
}
# watch NS SECONDS: collect the ICMP messages arriving in NS into $OUT
watch() {
	ip netns exec "$1" icmpwatch -t "$2" >"$OUT" &
	WPID=$!
	sleep 1
}
RETH0=$(inR cat /sys/class/net/eth0/ifindex)

# 1. h1 reaches h2 through r
ok=0
ip netns exec "$H2" dnc -l -v -x -c 3 -w 5000 7000 >"$OUT" 2>&1 &
LPID=$!
sleep 1
inH1 dnc -u -c 3 10.1.2.2 7000 2>"$ERR" || ok=1
wait $LPID
[ "$(grep -c '^10.1.1.2:' "$OUT")" = 3 ] || ok=1
cache_entries "$R" | grep -q "key: dst 10.1.2.2 src 10.1.1.2 iif $RETH0 oif 0 .* dev eth1 error 0 .* rt_type RTN_UNICAST rt_dst 10.1.2.2 rt_src 10.1.1.2 rt_iif $RETH0 rt_gateway 10.1.2.2 " || ok=1
[ $ok = 0 ] || { cat "$OUT" "$ERR"; cache_entries "$R"; } | while read -r l; do ktap_print_msg "$l"; done
result "forwarded h1 -> r -> h2; r caches the forward entry (iif eth0, dev eth1)" $ok

# 2. forwarding off: dropped, nothing cached
ok=0
inR sysctl -qw net.ipv4.conf.all.forwarding=0
ip netns exec "$H2" dnc -l -v -x -c 1 -w 1500 7000 >"$OUT" 2>&1 &
LPID=$!
sleep 1
inH1 dnc -u -c 2 10.1.2.2 7000 2>/dev/null
wait $LPID && ok=1	# the listener must time out
grep -q '^10.1.1.2:' "$OUT" && ok=1
cache_entries "$R" | grep -q "key: dst 10.1.2.2 " && ok=1
inR sysctl -qw net.ipv4.conf.all.forwarding=1
result "forwarding off: r drops and caches nothing" $ok

# 3. TTL 1: ICMP time exceeded from r
ok=0
watch "$H1" 2
inH1 dinject -d 10.1.2.2 -s 10.1.1.2 -t 1 -c 1 >/dev/null
wait $WPID
grep -q '^10.1.1.1 type 11 code 0 inner 10.1.1.2 > 10.1.2.2 proto 253' "$OUT" || { ok=1; ktap_print_msg "$(cat "$OUT")"; }
result "TTL 1: h1 gets ICMP time exceeded from r" $ok

# 4. no route on r: ENETUNREACH at h1's socket, error entry cached on r
ok=0
inH1 dnc -u -c 2 -i 200 10.99.0.1 9 >"$OUT" 2>&1 && ok=1
grep -q ENETUNREACH "$OUT" || { ok=1; ktap_print_msg "dnc: $(cat "$OUT")"; }
cache_entries "$R" | grep -q "key: dst 10.99.0.1 src 10.1.1.2 iif $RETH0 .* error 101 .*rt_type RTN_UNREACHABLE" || { ok=1; cache_entries "$R" | while read -r l; do ktap_print_msg "$l"; done; }
result "no route on r: ENETUNREACH from r's ICMP; error entry cached with input = error" $ok

# 5. a burst of 100: as many ICMP errors as the token bucket allows
ok=0
burst=$(cat /proc/sys/net/myrt/route/error_burst)
cost=$(cat /proc/sys/net/myrt/route/error_cost)
inR sh -c 'echo 0 > /proc/sys/net/myrt/route/flush'
watch "$H1" 4
t0=$(cut -d' ' -f1 /proc/uptime)
inH1 dinject -d 10.98.1.1 -s 10.1.1.2 -c 100 >/dev/null
t1=$(cut -d' ' -f1 /proc/uptime)
wait $WPID
n=$(grep -c '^10.1.1.1 type 3 code 0 ' "$OUT")
# tokens refill at one per jiffy: error_cost jiffies buy one more error
max=$(awk -v b="$burst" -v c="$cost" -v a="$t0" -v z="$t1" \
	'BEGIN { printf "%d", b / c + (z - a + 0.05) * 250 / c + 1 }')
ktap_print_msg "100 packets in $(awk -v a="$t0" -v z="$t1" 'BEGIN { print z - a }')s: $n ICMP errors (bucket $((burst / cost)), at most $max)"
[ "$n" -ge $((burst / cost)) ] && [ "$n" -le "$max" ] || ok=1
result "burst of 100 to no route: ICMP errors limited by error_burst/error_cost" $ok

# 6. prohibit: ICMP packet filtered (code 13); blackhole: nothing
ok=0
inR myip route add prohibit 10.97.0.0/16
inR myip route add blackhole 10.96.0.0/16
watch "$H1" 2
inH1 dinject -d 10.97.0.1 -s 10.1.1.2 -c 1 >/dev/null
inH1 dinject -d 10.96.0.1 -s 10.1.1.2 -c 3 >/dev/null
wait $WPID
grep -q '^10.1.1.1 type 3 code 13 inner 10.1.1.2 > 10.97.0.1' "$OUT" || ok=1
grep -q '> 10.96.0.1' "$OUT" && ok=1
[ $ok = 0 ] || ktap_print_msg "$(cat "$OUT")"
cache_entries "$R" | grep -q "key: dst 10.96.0.1 .* error 22 " || ok=1
result "prohibit gives ICMP code 13; blackhole yields nothing" $ok

# 7. reverse path filter: a spoofed source is a martian, dropped, counted
ok=0
inR sysctl -qw net.ipv4.conf.all.rp_filter=1
inR sysctl -qw net.ipv4.conf.eth0.rp_filter=1
inR sh -c 'echo 0 > /proc/sys/net/myrt/route/flush'
m=$(cache_stat in_martian_src)
ip netns exec "$H2" dnc -l -v -x -c 1 -w 1500 7000 >"$OUT" 2>&1 &
LPID=$!
sleep 1
inH1 dinject -d 10.1.2.2 -s 10.1.2.77 -c 1 >/dev/null
wait $LPID && ok=1
[ $(($(cache_stat in_martian_src) - m)) -ge 1 ] || ok=1
cache_entries "$R" | grep -q "src 10.1.2.77 " && ok=1
inR sysctl -qw net.ipv4.conf.all.rp_filter=0
inR sysctl -qw net.ipv4.conf.eth0.rp_filter=0
result "rp_filter: spoofed source dropped, counted in in_martian_src, not cached" $ok

# 8. without rp_filter the same source is forwarded
ok=0
inR sh -c 'echo 0 > /proc/sys/net/myrt/route/flush'
ip netns exec "$H2" dnc -l -v -x -c 1 -w 3000 7000 >"$OUT" 2>&1 &
LPID=$!
sleep 1
inH1 dnc -u -c 1 10.1.2.2 7000 2>/dev/null
wait $LPID || ok=1
result "rp_filter off again: forwarding works" $ok

# 9. directed broadcast to r's eth0 subnet is delivered locally on r
ok=0
ip netns exec "$R" dnc -l -v -x -c 1 -w 3000 7000 >"$OUT" 2>&1 &
LPID=$!
sleep 1
inH1 dnc -b -u -c 1 10.1.1.255 7000 2>"$ERR"
wait $LPID || ok=1
grep -q '^10.1.1.2:' "$OUT" || ok=1
cache_entries "$R" | grep -q "key: dst 10.1.1.255 .*RTCF_BROADCAST.*rt_type RTN_BROADCAST" || ok=1
[ $ok = 0 ] || { cat "$OUT" "$ERR"; cache_entries "$R"; } | while read -r l; do ktap_print_msg "$l"; done
result "directed broadcast delivered on r (broadcast input entry)" $ok

ktap_finished
