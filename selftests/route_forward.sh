#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# myrt as a router (h1 -- r -- h2): forwarding of DUMMY packets by myrt's
# routes on r, forwarding off, TTL expiry, ip_error with its token bucket,
# prohibit and blackhole routes, reverse path filtering with log_martians,
# directed broadcast, the errno of each ICMP error at a connected socket,
# TTL and checksum as h2 receives them, the NF_INET_FORWARD hook (nft).
# h1 and h2 route DUMMY through myrt (myip default routes) and the rest
# (ICMP, dinject's raw packets) through the kernel (ip default routes).
. "$(dirname "$0")/lib/lib.sh"

require_cmd dnc dinject icmpwatch myip ip sysctl

ktap_print_header
ktap_set_plan 13

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
# per namespace in 6.1 and later; 5.10 has only the host's global knob
ip netns exec "$R" sh -c '[ ! -e /proc/sys/net/ipv4/icmp_msgs_per_sec ] ||
	sysctl -qw net.ipv4.icmp_msgs_per_sec=100000'
link_settle "$H1" eth0
link_settle "$R" eth0 eth1
link_settle "$H2" eth0

inH1() { ip netns exec "$H1" "$@"; }
inR() { ip netns exec "$R" "$@"; }
inH2() { ip netns exec "$H2" "$@"; }
OUT=$(mktemp)
ERR=$(mktemp)
RCV=$(mktemp)
trap 'rm -f "$OUT" "$ERR" "$RCV"; ns_cleanup' EXIT

result() {
	if [ "$2" = 0 ]; then ktap_test_pass "$1"; else ktap_test_fail "$1"; fi
}
show() { while read -r l; do ktap_print_msg "$l"; done; }
# watch NS: collect the ICMP messages arriving in NS into $OUT, until
# icmp_watch_end
watch() {
	icmp_watch "$1" "$OUT" -t 60 || ktap_print_msg "no raw ICMP socket in $1 after 10 s"
}
RETH0=$(inR cat /sys/class/net/eth0/ifindex)

# 1. h1 reaches h2 through r
ok=0
dnc_listen "$H2" 7000 3 "$OUT" || ok=1
LPID=$DNC_PID
inH1 dnc -u -c 3 10.1.2.2 7000 2>"$ERR" || ok=1
wait $LPID
[ "$(grep -c '^10.1.1.2:' "$OUT")" = 3 ] || ok=1
cache_entries "$R" | grep -q "key: dst 10.1.2.2 src 10.1.1.2 iif $RETH0 oif 0 .* dev eth1 error 0 .* rt_type RTN_UNICAST rt_dst 10.1.2.2 rt_src 10.1.1.2 rt_iif $RETH0 rt_gateway 10.1.2.2 " || ok=1
[ $ok = 0 ] || { cat "$OUT" "$ERR"; cache_entries "$R"; } | while read -r l; do ktap_print_msg "$l"; done
result "forwarded h1 -> r -> h2; r caches the forward entry (iif eth0, dev eth1)" $ok

# 2. forwarding off: dropped, nothing cached
ok=0
inR sysctl -qw net.ipv4.conf.all.forwarding=0
dnc_listen "$H2" 7000 1 "$OUT" -w 3000 || ok=1
LPID=$DNC_PID
inH1 dnc -u -c 2 10.1.2.2 7000 2>/dev/null
wait $LPID && ok=1	# the listener must time out
grep -q '^10.1.1.2:' "$OUT" && ok=1
cache_entries "$R" | grep -q "key: dst 10.1.2.2 " && ok=1
inR sysctl -qw net.ipv4.conf.all.forwarding=1
result "forwarding off: r drops and caches nothing" $ok

# 3. TTL 1: ICMP time exceeded from r
ok=0
watch "$H1"
inH1 dinject -d 10.1.2.2 -s 10.1.1.2 -t 1 -c 1 >/dev/null
icmp_watch_end
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
watch "$H1"
t0=$(cut -d' ' -f1 /proc/uptime)
inH1 dinject -d 10.98.1.1 -s 10.1.1.2 -c 100 >/dev/null
t1=$(cut -d' ' -f1 /proc/uptime)
icmp_watch_end
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
watch "$H1"
inH1 dinject -d 10.97.0.1 -s 10.1.1.2 -c 1 >/dev/null
inH1 dinject -d 10.96.0.1 -s 10.1.1.2 -c 3 >/dev/null
icmp_watch_end
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
dnc_listen "$H2" 7000 1 "$OUT" -w 3000 || ok=1
LPID=$DNC_PID
inH1 dinject -d 10.1.2.2 -s 10.1.2.77 -c 1 >/dev/null
wait $LPID && ok=1
[ $(($(cache_stat in_martian_src) - m)) -ge 1 ] || ok=1
cache_entries "$R" | grep -q "src 10.1.2.77 " && ok=1
inR sysctl -qw net.ipv4.conf.all.rp_filter=0
inR sysctl -qw net.ipv4.conf.eth0.rp_filter=0
result "rp_filter: spoofed source dropped, counted in in_martian_src, not cached" $ok

# 8. log_martians: the kernel's per-device switch (conf/all or conf/eth0,
# or'ed as IN_DEV_LOG_MARTIANS), read by myrt as by the classic code: off,
# no line; on (eth0 only), "myrt: martian source DST from SRC, on dev eth0"
# in the kernel log.  (runner.sh fails a test on kernel log lines matching
# WARNING|BUG|Oops|...|leak|...: this info line matches none of them.)
ok=0
martian() {
	local m
	inR sh -c 'echo 0 > /proc/sys/net/myrt/route/flush'
	m=$(cache_stat in_martian_src)
	log_mark
	inH1 dinject -d 10.1.2.2 -s "$1" -c 1 >/dev/null
	sleep 0.5
	[ $(($(cache_stat in_martian_src) - m)) -ge 1 ] || { ok=1; ktap_print_msg "$1: not counted"; }
	log_since_mark | grep 'myrt: martian' >"$OUT"
}
inR sysctl -qw net.ipv4.conf.all.rp_filter=1
inR sysctl -qw net.ipv4.conf.eth0.rp_filter=1
inR sysctl -qw net.ipv4.conf.all.log_martians=0
inR sysctl -qw net.ipv4.conf.eth0.log_martians=0
martian 10.1.2.78
[ -s "$OUT" ] && { ok=1; ktap_print_msg "log_martians 0, logged: $(cat "$OUT")"; }
inR sysctl -qw net.ipv4.conf.eth0.log_martians=1
martian 10.1.2.79
grep -q 'myrt: martian source 10.1.2.2 from 10.1.2.79, on dev eth0$' "$OUT" ||
	{ ok=1; ktap_print_msg "log_martians 1, logged: $(cat "$OUT")"; }
# the prefix once (pr_fmt adds it; issue 18 found it twice)
grep -q 'myrt: myrt:' "$OUT" && { ok=1; ktap_print_msg "prefix twice: $(cat "$OUT")"; }
inR sysctl -qw net.ipv4.conf.eth0.log_martians=0
inR sysctl -qw net.ipv4.conf.all.rp_filter=0
inR sysctl -qw net.ipv4.conf.eth0.rp_filter=0
result "log_martians: martian source logged with its addresses only when on" $ok

# 9. without rp_filter the same source is forwarded
ok=0
inR sh -c 'echo 0 > /proc/sys/net/myrt/route/flush'
dnc_listen "$H2" 7000 1 "$OUT" || ok=1
LPID=$DNC_PID
inH1 dnc -u -c 1 10.1.2.2 7000 2>/dev/null
wait $LPID || ok=1
result "rp_filter off again: forwarding works" $ok

# 10. directed broadcast to r's eth0 subnet is delivered locally on r
ok=0
dnc_listen "$R" 7000 1 "$OUT" || ok=1
LPID=$DNC_PID
inH1 dnc -b -u -c 1 10.1.1.255 7000 2>"$ERR"
wait $LPID || ok=1
grep -q '^10.1.1.2:' "$OUT" || ok=1
cache_entries "$R" | grep -q "key: dst 10.1.1.255 .*RTCF_BROADCAST.*rt_type RTN_BROADCAST" || ok=1
[ $ok = 0 ] || { cat "$OUT" "$ERR"; cache_entries "$R"; } | while read -r l; do ktap_print_msg "$l"; done
result "directed broadcast delivered on r (broadcast input entry)" $ok

# 11. the errno of each of r's ICMP errors at h1's connected socket, as the
# kernel's icmp_err_convert maps them for UDP: unreachable route -> host
# unreachable (code 1) -> EHOSTUNREACH; no route -> net unreachable
# (code 0) -> ENETUNREACH, both soft: a socket without IP_RECVERR (dnc -E)
# hears nothing; prohibit -> packet filtered (code 13) -> EHOSTUNREACH,
# hard (fatal): heard without IP_RECVERR too.  (There is no EACCES at the
# socket: EACCES is the route's error, ip_error turns it into code 13.)
ok=0
inR myip route add unreachable 10.95.0.0/16
# errno SOCKET-ERRNO DST [-E]: h1's connected dnc to DST fails with it ("-"
# for no error at all)
errno_is() {
	local want=$1 rc=0
	shift
	inH1 dnc -c 1 -w 1000 "$@" 9 >"$ERR" 2>&1 || rc=$?
	if [ "$want" = - ]; then
		[ $rc = 0 ] && ! [ -s "$ERR" ] && return 0
	else
		[ $rc = 1 ] && grep -q "^dnc: send: $want " "$ERR" && return 0
	fi
	ok=1
	ktap_print_msg "dnc $* (exit $rc): want $want, got: $(cat "$ERR")"
}
icmp_watch "$H1" "$OUT" -t 30 -c 6 || ok=1
WPID=$ICMPW_PID
errno_is EHOSTUNREACH 10.95.0.1
errno_is - -E 10.95.0.2
errno_is ENETUNREACH 10.94.0.1
errno_is - -E 10.94.0.2
errno_is EHOSTUNREACH 10.97.0.3
errno_is EHOSTUNREACH -E 10.97.0.4
wait $WPID
for e in "1 inner 10.1.1.2 > 10.95.0.1" "1 inner 10.1.1.2 > 10.95.0.2" \
	 "0 inner 10.1.1.2 > 10.94.0.1" "0 inner 10.1.1.2 > 10.94.0.2" \
	 "13 inner 10.1.1.2 > 10.97.0.3" "13 inner 10.1.1.2 > 10.97.0.4"; do
	grep -q "^10.1.1.1 type 3 code $e proto 253" "$OUT" ||
		{ ok=1; ktap_print_msg "no ICMP code $e"; }
done
[ $ok = 0 ] || show <"$OUT"
result "connected socket: EHOSTUNREACH (unreachable, prohibit: hard), ENETUNREACH (no route)" $ok

# 12. h2 receives a forwarded datagram with the TTL decremented by one and
# a right IP header checksum (captured at h2's eth0 before IP input):
# dinject sends TTL 17, dnc the default TTL
ok=0
ttl=$(inH1 sysctl -n net.ipv4.ip_default_ttl)
# the watcher first: its start may take seconds on a loaded host, which
# must not eat the listener's time
icmp_watch "$H2" "$OUT" -p 253 -t 30 -c 2 || ok=1
WPID=$ICMPW_PID
dnc_listen "$H2" 7000 1 "$RCV" || ok=1
inH1 dinject -d 10.1.2.2 -s 10.1.1.2 -t 17 -c 1 >/dev/null || ok=1
inH1 dnc -c 1 10.1.2.2 7000 || ok=1
wait $WPID
wait $DNC_PID || ok=1
grep -q "^10.1.1.2 > 10.1.2.2 proto 253 ttl 16 csum ok dev eth0$" "$OUT" || ok=1
grep -q "^10.1.1.2 > 10.1.2.2 proto 253 ttl $((ttl - 1)) csum ok dev eth0$" "$OUT" || ok=1
[ "$(wc -l <"$OUT")" = 2 ] || ok=1
[ $ok = 0 ] || { ktap_print_msg "sent TTL 17 and $ttl, h2 got:"; show <"$OUT"; }
result "forwarded: h2 gets TTL - 1 (17 -> 16, $ttl -> $((ttl - 1))) and a right IP checksum" $ok

# 13. NF_INET_FORWARD: an nft rule in r's forward chain dropping protocol
# 253 stops the forwarding and counts the drops; without it, forwarding
# is back
if ! command -v nft >/dev/null || ! inR nft list ruleset >/dev/null 2>&1; then
	ktap_test_skip "NF_INET_FORWARD: no nft or no nf_tables in this kernel"
else
	ok=0
	inR nft add table ip myrt_fwd
	inR nft add chain ip myrt_fwd forward_chain '{ type filter hook forward priority 0; policy accept; }'
	inR nft add rule ip myrt_fwd forward_chain ip protocol 253 counter drop
	fr=$(ip_stat "$R" ForwDatagrams)
	dnc_listen "$H2" 7000 1 "$RCV" -w 1500 || ok=1
	inH1 dnc -c 3 -i 50 10.1.2.2 7000 2>/dev/null
	wait $DNC_PID && { ok=1; ktap_print_msg "h2 received through the drop rule"; }
	n=$(inR nft list chain ip myrt_fwd forward_chain | sed -n 's/.*counter packets \([0-9]*\) .*/\1/p')
	[ "$n" = 3 ] || { ok=1; ktap_print_msg "rule counter: ${n:-none} packets, want 3"; }
	[ "$(ip_stat "$R" ForwDatagrams)" = "$fr" ] || { ok=1; ktap_print_msg "ForwDatagrams counted dropped packets"; }
	inR nft delete table ip myrt_fwd
	dnc_listen "$H2" 7000 3 "$RCV" || ok=1
	inH1 dnc -c 3 -i 50 10.1.2.2 7000 || ok=1
	wait $DNC_PID || { ok=1; ktap_print_msg "no forwarding after the rule was removed"; }
	[ $(($(ip_stat "$R" ForwDatagrams) - fr)) = 3 ] || ok=1
	result "NF_INET_FORWARD: nft drops protocol 253 in r's forward chain (counted); removing the rule restores forwarding" $ok
fi

ktap_finished
