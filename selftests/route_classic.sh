#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Classic 2.6 behaviour a learner compares row by row (issue 19):
#  1. /proc/net/myrt_cache lists the buckets from the top down, each chain
#     from its head, as classic rt_cache_seq did: the bucket of each row
#     (from `myip -d route show cache`) never grows down the file;
#  2. the metrics an entry gets by default: hoplimit from the namespace's
#     ip_default_ttl, advmss = device MTU - 40, at least min_adv_mss (256),
#     at most 65535 - 40 (mylo's 64K), a route's own advmss kept; the MTU
#     column of /proc/net/myrt_cache is advmss + 40;
#  3. accept_local: a datagram from one of the host's own addresses arriving
#     on a device is a martian source (in_martian_src, nothing cached) unless
#     the device has accept_local; with it, it is routed and cached;
#  4. weighted multipath (fib_select_multipath): each power cycle of a route
#     with weights 1 and 3 hands out 1 and 3 selections, so 400 cache misses
#     to distinct destinations take the first nexthop 100 times (one partial
#     cycle of slack: 97..103) and the second the rest.  Exact by
#     construction: no sampling, nothing that can fail by chance;
#  5. seed 004's send chain: a DUMMY datagram a socket sends passes the
#     LOCAL_OUT and POST_ROUTING netfilter hooks (ip_local_out, ip_output):
#     an nft counter in each hook of the sender counts every one;
#  6. the ICMP errors myrt sends are routed by myrt (classic icmp_send):
#     after a DUMMY datagram from h1 to a prefix r has no route for, r's
#     cache holds the output entry towards h1 that the "network
#     unreachable" used (key dst h1, source 0: the datagram was not for r,
#     routing chose r's address), and h1 gets it from that address;
#  7. their classic rate limit, per output entry: icmp_ratelimit 1 s and a
#     burst of six, for the types of icmp_ratemask: 20 TTL-1 datagrams
#     sent at once give h1 exactly 6 time exceeded; with an empty
#     icmp_ratemask all 20.
. "$(dirname "$0")/lib/lib.sh"

require_cmd dinject dnc myip ip nft icmpwatch

ktap_print_header
ktap_set_plan 7

R=/proc/sys/net/myrt/route
S=clS$$
H=clH$$
TMP=$(mktemp -d)
cleanup() {
	rm -rf "$TMP"
	ns_cleanup
}
trap cleanup EXIT

sh_pair "$S" "$H" || ktap_exit_fail_msg "netns setup"
result() {	# result DESCRIPTION RC
	if [ "$2" = 0 ]; then ktap_test_pass "$1"; else ktap_test_fail "$1"; fi
}
inS() { ip netns exec "$S" "$@"; }
inH() { ip netns exec "$H" "$@"; }
flush() { inH sh -c "echo 0 > $R/flush"; }
# dotted ADDR of the classic /proc hex column (the __be32 as a host u32)
unhex() {
	local h=$1
	echo "$((16#${h:6:2})).$((16#${h:4:2})).$((16#${h:2:2})).$((16#${h:0:2}))"
}

# 1. top-down walk
inH myip route add 10.9.0.0/16 via 10.1.0.1 || ktap_exit_fail_msg "route add"
flush
for i in $(seq 60); do echo "route get 10.9.$((i / 250)).$((i % 250 + 1))"; done >"$TMP/gets"
inH myip -batch "$TMP/gets" >/dev/null || ktap_exit_fail_msg "myip -batch route get"
# "rt_dst hash" of each entry
inH myip -d route show cache |
	awk '/^    rtable:/ { for (i = 1; i < NF; i++) if ($i == "rt_dst") d = $(i + 1) }
	     /^    hash / { print d, $2 }' >"$TMP/hash"
inH awk 'NR > 1 { print $2 }' /proc/net/myrt_cache >"$TMP/rows"
# the first bucket of each rt_dst, looked up in bash (an awk per row
# took seconds under TCG)
declare -A bucket_of
while read -r d h; do
	[ -n "${bucket_of[$d]:-}" ] || bucket_of[$d]=$h
done <"$TMP/hash"
ok=0 n=0 prev= order=
while read -r hex; do
	d=$(unhex "$hex")
	h=${bucket_of[$d]:-}
	[ -n "$h" ] || { ktap_print_msg "row $d: no such entry in myip's dump"; ok=1; break; }
	if [ -n "$prev" ] && [ "$h" -gt "$prev" ]; then
		ktap_print_msg "bucket $h after bucket $prev"
		ok=1
	fi
	prev=$h n=$((n + 1))
	[ $n -le 6 ] && order="$order $h"
done <"$TMP/rows"
ktap_print_msg "$n rows, first buckets:$order"
[ $n = 60 ] || ok=1
result "/proc/net/myrt_cache walks the buckets from the top down" $ok

# 2. default metrics
ok=0
# metric NAME DST: the metric of the cached output entry towards DST
metric() {
	inH myip route get "$2" >/dev/null &&
	inH myip route show cache "$2" |
		awk -v m="$1" '{ for (i = 1; i < NF; i++) if ($i == m) { print $(i + 1); exit } }'
}
procmtu() {	# the MTU column of DST's row
	inH awk -v d="$1" 'NR > 1 { print $2, $9 }' /proc/net/myrt_cache |
		while read -r hex mtu; do
			[ "$(unhex "$hex")" = "$1" ] && echo "$mtu"
		done | head -n1
}
inH sysctl -qw net.ipv4.ip_default_ttl=33
flush
got="$(metric hoplimit 10.9.1.1) $(metric advmss 10.9.1.1) $(procmtu 10.9.1.1)"
[ "$got" = "33 1460 1500" ] || { ktap_print_msg "eth0 mtu 1500, ttl 33: hoplimit/advmss/MTU column $got"; ok=1; }
inH ip link set eth0 mtu 1280
flush
got="$(metric advmss 10.9.1.2) $(procmtu 10.9.1.2)"
[ "$got" = "1240 1280" ] || { ktap_print_msg "eth0 mtu 1280: advmss/MTU column $got"; ok=1; }
inH ip link set eth0 mtu 280
flush
got=$(metric advmss 10.9.1.3)
[ "$got" = 256 ] || { ktap_print_msg "eth0 mtu 280: advmss $got, not min_adv_mss 256"; ok=1; }
inH ip link set eth0 mtu 1500
inH ip addr add 127.10.0.1/8 dev mylo
flush
got=$(metric advmss 127.10.0.1)
[ "$got" = 65495 ] || { ktap_print_msg "mylo (64K): advmss $got, not 65495"; ok=1; }
inH myip route add 10.10.0.0/16 via 10.1.0.1 advmss 1000 hoplimit 7 ||
	{ ktap_print_msg "route add with advmss/hoplimit"; ok=1; }
got="$(metric advmss 10.10.0.1) $(metric hoplimit 10.10.0.1)"
[ "$got" = "1000 7" ] || { ktap_print_msg "route's own advmss/hoplimit: $got"; ok=1; }
inH sysctl -qw net.ipv4.ip_default_ttl=64
result "default metrics: hoplimit from ip_default_ttl, advmss = MTU - 40 within [256, 65495]" $ok

# 3. accept_local
ok=0
flush
m0=$(cache_stat in_martian_src)
inS dinject -d 10.1.0.2 -s 10.1.0.2 -c 3 >/dev/null
sleep 0.2
m1=$(cache_stat in_martian_src)
cache_entries "$H" | grep -q 'key: dst 10.1.0.2 src 10.1.0.2 ' && ok=1
inH sysctl -qw net.ipv4.conf.eth0.accept_local=1
inS dinject -d 10.1.0.2 -s 10.1.0.2 -c 3 >/dev/null
sleep 0.2
m2=$(cache_stat in_martian_src)
ktap_print_msg "in_martian_src +$((m1 - m0)) without accept_local, +$((m2 - m1)) with it"
[ $((m1 - m0)) = 3 ] && [ $((m2 - m1)) = 0 ] || ok=1
cache_entries "$H" | grep -q 'key: dst 10.1.0.2 src 10.1.0.2 ' || ok=1
inH sysctl -qw net.ipv4.conf.eth0.accept_local=0
result "accept_local: own source address martian unless the device accepts it" $ok

# 4. weighted multipath
ok=0
inH myip route add 10.20.0.0/16 nexthop via 10.1.0.1 weight 1 nexthop via 10.1.0.3 weight 3 ||
	ktap_exit_fail_msg "multipath route add"
flush
for i in $(seq 400); do echo "route get 10.20.$((i / 200)).$((i % 200 + 1))"; done >"$TMP/gets"
inH myip -batch "$TMP/gets" >"$TMP/got" || ok=1
n1=$(grep -c ' via 10.1.0.1 ' "$TMP/got")
n3=$(grep -c ' via 10.1.0.3 ' "$TMP/got")
ktap_print_msg "400 misses, weights 1 and 3: $n1 and $n3"
[ $((n1 + n3)) = 400 ] && [ "$n1" -ge 97 ] && [ "$n1" -le 103 ] || ok=1
result "weighted multipath: 400 selections share 1:3 (100 +- one cycle)" $ok

# 5. LOCAL_OUT and POST_ROUTING
ok=0
{ inS nft add table ip myrtc &&
  inS nft add chain ip myrtc out '{ type filter hook output priority 0; }' &&
  inS nft add chain ip myrtc post '{ type filter hook postrouting priority 0; }' &&
  inS nft add rule ip myrtc out ip protocol 253 counter &&
  inS nft add rule ip myrtc post ip protocol 253 counter; } ||
	ktap_exit_fail_msg "nft"
dnc_listen "$H" 7000 7 "$TMP/rcv" || ktap_exit_fail_msg "listener"
inS dnc -c 7 -i 10 10.1.0.2 7000 || ok=1
wait "$DNC_PID" || ok=1
count() { inS nft list chain ip myrtc "$1" | awk '{ for (i = 1; i < NF; i++) if ($i == "packets") print $(i + 1) }'; }
got="$(count out) $(count post)"
ktap_print_msg "7 DUMMY datagrams sent: output hook $got (LOCAL_OUT, POST_ROUTING)"
[ "$got" = "7 7" ] || ok=1
result "seed 004: DUMMY datagrams pass LOCAL_OUT and POST_ROUTING (nft counters)" $ok

# 6. ICMP routed by myrt
ns_cleanup
H1=clh1$$ RT=clr$$ H2=clh2$$
topo_router "$H1" "$RT" "$H2" || ktap_exit_fail_msg "router topology"
inR() { ip netns exec "$RT" "$@"; }
ok=0
inR sh -c "echo 0 > $R/flush"
icmp_watch "$H1" "$TMP/icmp" -t 30 -c 1 || ok=1
WPID=$ICMPW_PID
ip netns exec "$H1" dinject -d 10.99.0.1 -s 10.1.1.2 -c 1 >/dev/null || ok=1
wait "$WPID"
ktap_print_msg "h1 got: $(cat "$TMP/icmp")"
grep -q '^10.1.1.1 type 3 code 0 inner 10.1.1.2 > 10.99.0.1' "$TMP/icmp" || ok=1
cache_entries "$RT" >"$TMP/rcache"
grep -q 'key: dst 10.1.1.2 src 0.0.0.0 iif 0 .* rt_src 10.1.1.1 ' "$TMP/rcache" ||
	{ ok=1; ktap_print_msg "r's cache: $(cat "$TMP/rcache")"; }
result "ICMP network unreachable from r is routed by myrt: output entry towards h1 in r's cache" $ok

# 7. the classic rate limit
ok=0
# burst MASK: time exceeded messages h1 gets for 20 TTL-1 datagrams
burst() {
	inR sysctl -qw net.ipv4.icmp_ratelimit=1000 net.ipv4.icmp_ratemask="$1"
	inR sh -c "echo 0 > $R/flush"
	icmp_watch "$H1" "$TMP/icmp" -t 30 || ok=1
	ip netns exec "$H1" dinject -d 10.1.2.2 -s 10.1.1.2 -t 1 -c 20 >/dev/null || ok=1
	icmp_watch_end
	grep -c '^10.1.1.1 type 11 code 0 ' "$TMP/icmp"
}
n1=$(burst 6168)	# 0x1818, the default
n2=$(burst 0)
inR sysctl -qw net.ipv4.icmp_ratelimit=0
ktap_print_msg "20 TTL-1 datagrams: $n1 time exceeded with icmp_ratelimit 1 s, $n2 with icmp_ratemask 0"
[ "$n1" = 6 ] && [ "$n2" = 20 ] || ok=1
result "ICMP errors rate limited per output entry as classic (burst 6), as icmp_ratemask says" $ok

ktap_finished
