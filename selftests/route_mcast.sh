#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Broadcast and multicast DUMMY datagrams on one link (a bridge):
#
#	h1 10.1.1.2 (sender) --+-- m1 10.1.1.3, m2 10.1.1.4 (members)
#	                       +-- n  10.1.1.5 (listens, joins no group)
#
# Input (myrt on each receiver): limited and directed broadcast are
# delivered locally through broadcast entries (in_brd); multicast only
# where the host is a member of the group (myrt_mc_member, in_slow_mc).
# Output (myrt on h1): SO_BROADCAST is required for broadcast, as UDP does;
# broadcast and multicast (IP_MULTICAST_LOOP) leave with a copy for h1's
# own sockets (myrt_mc_output).
. "$(dirname "$0")/lib/lib.sh"

require_cmd dnc myip ip

ktap_print_header
ktap_set_plan 8

SW=mcSW$$
H1=mcH1$$
M1=mcM1$$
M2=mcM2$$
N=mcN$$
HOSTS="$H1 $M1 $M2 $N"
for n in "$SW" $HOSTS; do ns_create "$n"; done
# The shared link is a bridge (lib.sh lan_create): the guest has one
# (GUEST_MODULES, debug.config), so failing to make it is a setup bug.
err=$(lan_create "$SW" 2>&1) ||
	ktap_exit_fail_msg "cannot create the bridge of the shared link (lan_create): $err"
a=2
for n in $HOSTS; do
	lan_attach "$SW" "$n" eth0 || ktap_exit_fail_msg "cannot attach $n to the bridge (lan_attach)"
	ip -n "$n" addr add 10.1.1.$a/24 brd + dev eth0
	ip -n "$n" link set mylo up
	ip -n "$n" link set eth0 up
	a=$((a + 1))
done
for n in $HOSTS; do link_settle "$n" eth0; done

GRP=239.1.2.3
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"; ns_cleanup' EXIT
declare -A LPID

result() {
	if [ "$2" = 0 ]; then ktap_test_pass "$1"; else ktap_test_fail "$1"; fi
}
show() { while read -r l; do ktap_print_msg "$l"; done; }
# listen NS NAME [dnc options]: a listener on port 7000 of NS for one
# datagram; what it got goes to $OUT/NAME.  Returns once it is bound.
# Its own time limit (30 s) is only a backstop: collect ends it.
listen() {
	local ns=$1 name=$2
	shift 2
	dnc_listen "$ns" 7000 1 "$OUT/$name" -w 30000 "$@" ||
		ktap_print_msg "listener $name did not start"
	LPID[$name]=$DNC_PID
}
# collect NAME...: after a send, wait (30 s at most) for the listeners
# NAME..., which must each get the datagram, to exit; give the others,
# which must get nothing, one more second; then stop them all.  (The
# listeners do not time out by themselves while the others start, which
# takes seconds on a loaded debug kernel.)
collect() {
	local n
	for n in "$@"; do
		for _ in $(seq 300); do
			kill -0 "${LPID[$n]}" 2>/dev/null || break
			sleep 0.1
		done
	done
	[ "${#LPID[@]}" -gt $# ] && sleep 1
	for n in "${!LPID[@]}"; do kill "${LPID[$n]}" 2>/dev/null; done
	for n in "${!LPID[@]}"; do wait "${LPID[$n]}" 2>/dev/null; done
	LPID=()
}
# got NAME: did listener NAME get a datagram from h1?
got() { grep -q '^10.1.1.2:' "$OUT/$1"; }
# everyone NAME...: each of these listeners got it
everyone() {
	local n
	for n in "$@"; do
		got "$n" || { ktap_print_msg "$n got nothing"; return 1; }
	done
}

# 1. SO_BROADCAST is required to send to a broadcast address
ok=0
ip netns exec "$H1" dnc -u -c 1 -I eth0 255.255.255.255 7000 >"$OUT/err" 2>&1 && ok=1
grep -q EACCES "$OUT/err" || { ok=1; show <"$OUT/err"; }
ip netns exec "$H1" dnc -u -c 1 10.1.1.255 7000 >"$OUT/err" 2>&1 && ok=1
grep -q EACCES "$OUT/err" || { ok=1; show <"$OUT/err"; }
result "broadcast without SO_BROADCAST: EACCES" $ok

# 2. limited broadcast: every host on the link and h1 itself
ok=0
brd=$(cache_stat in_brd)
for n in $HOSTS; do listen "$n" "$n"; done
ip netns exec "$H1" dnc -b -u -c 1 -I eth0 255.255.255.255 7000 || ok=1
collect $HOSTS
everyone $HOSTS || ok=1
for n in "$M1" "$M2" "$N"; do
	cache_entries "$n" | grep -q "key: dst 255.255.255.255 src 10.1.1.2 .*RTCF_LOCAL|RTCF_BROADCAST.* rt_type RTN_BROADCAST" ||
		{ ok=1; cache_entries "$n" | show; }
done
cache_entries "$H1" | grep -q "key: dst 255.255.255.255 src 0.0.0.0 iif 0 .* dev eth0 .*RTCF_LOCAL|RTCF_BROADCAST" ||
	{ ok=1; cache_entries "$H1" | show; }
d=$(($(cache_stat in_brd) - brd))
ktap_print_msg "in_brd +$d"
[ "$d" -ge 3 ] || ok=1
result "255.255.255.255 reaches every host on the link and h1's own socket" $ok

# 3. directed broadcast of the subnet: the same
ok=0
for n in $HOSTS; do listen "$n" "$n"; done
ip netns exec "$H1" dnc -b -u -c 1 10.1.1.255 7000 || ok=1
collect $HOSTS
everyone $HOSTS || ok=1
for n in "$M1" "$N"; do
	cache_entries "$n" | grep -q "key: dst 10.1.1.255 src 10.1.1.2 .*RTCF_LOCAL|RTCF_BROADCAST.* rt_type RTN_BROADCAST" ||
		{ ok=1; cache_entries "$n" | show; }
done
result "directed broadcast 10.1.1.255 reaches every host and h1's own socket" $ok

# 4. multicast: the members and h1's member socket; n (no member) not
ok=0
mc=$(cache_stat in_slow_mc)
listen "$H1" h1 -I eth0 -g "$GRP"
listen "$M1" m1 -I eth0 -g "$GRP"
listen "$M2" m2 -I eth0 -g "$GRP"
listen "$N" n
ip netns exec "$H1" dnc -u -c 1 -I eth0 "$GRP" 7000 || ok=1
collect h1 m1 m2
everyone h1 m1 m2 || ok=1
got n && { ok=1; ktap_print_msg "n is no member but got it"; }
for n in "$M1" "$M2"; do
	cache_entries "$n" | grep -q "key: dst $GRP src 10.1.1.2 .*RTCF_LOCAL|RTCF_MULTICAST.* rt_type RTN_MULTICAST" ||
		{ ok=1; cache_entries "$n" | show; }
done
cache_entries "$N" | grep -q "key: dst $GRP " && { ok=1; ktap_print_msg "n cached the group"; }
cache_entries "$H1" | grep -q "key: dst $GRP .* dev eth0 .*RTCF_LOCAL|RTCF_MULTICAST" ||
	{ ok=1; cache_entries "$H1" | show; }
d=$(($(cache_stat in_slow_mc) - mc))
ktap_print_msg "in_slow_mc +$d"
[ "$d" -ge 2 ] || ok=1
result "multicast reaches the members (m1, m2, h1's own socket), not n" $ok

# 5. /proc/net/myrt_cache: the multicast and broadcast input entries' flags
ok=0
# 239.1.2.3 = 030201EF, 255.255.255.255 = FFFFFFFF
f=$(ip netns exec "$M1" awk '$2 == "030201EF" { print $4; exit }' /proc/net/myrt_cache)
[ -n "$f" ] && [ $((16#$f & 0xa0000000)) = $((0xa0000000)) ] || ok=1
# (n: m1's joins flushed its cache since the broadcasts)
f2=$(ip netns exec "$N" awk '$2 == "FFFFFFFF" { print $4; exit }' /proc/net/myrt_cache)
[ -n "$f2" ] && [ $((16#$f2 & 0x90000000)) = $((0x90000000)) ] || ok=1
[ $ok = 0 ] || { ip netns exec "$M1" cat /proc/net/myrt_cache; ip netns exec "$N" cat /proc/net/myrt_cache; } | show
result "/proc/net/myrt_cache flags: multicast+local, broadcast+local" $ok

# 6. IP_MULTICAST_LOOP 0: the members get it, h1's own socket does not
ok=0
listen "$H1" h1 -I eth0 -g "$GRP"
listen "$M1" m1 -I eth0 -g "$GRP"
ip netns exec "$H1" dnc -N -u -c 1 -I eth0 "$GRP" 7000 || ok=1
collect m1
everyone m1 || ok=1
got h1 && { ok=1; ktap_print_msg "h1 looped it back"; }
result "IP_MULTICAST_LOOP 0: no local copy, the members still get it" $ok

# 7. a member that left the group gets nothing more, though its cached
# entry was made while it was a member
ok=0
cache_entries "$M2" | grep -q "key: dst $GRP .*RTCF_LOCAL|RTCF_MULTICAST" || ok=1
listen "$M1" m1 -I eth0 -g "$GRP"
listen "$M2" m2
ip netns exec "$H1" dnc -u -c 1 -I eth0 "$GRP" 7000 || ok=1
collect m1
everyone m1 || ok=1
got m2 && { ok=1; ktap_print_msg "m2 left the group but got it"; }
result "after leaving the group m2 gets nothing (stale cached entry)" $ok

# 8. h1 joins a group it already sent to: its own socket gets the next one
ok=0
G2=239.1.2.4
listen "$M1" m1 -I eth0 -g "$G2"
ip netns exec "$H1" dnc -u -c 1 -I eth0 "$G2" 7000 || ok=1
collect m1
everyone m1 || ok=1
cache_entries "$H1" | grep "key: dst $G2 " | grep -q RTCF_LOCAL && ok=1
listen "$H1" h1 -I eth0 -g "$G2"
listen "$M1" m1 -I eth0 -g "$G2"
ip netns exec "$H1" dnc -u -c 1 -I eth0 "$G2" 7000 || ok=1
collect h1 m1
everyone h1 m1 || ok=1
[ $ok = 0 ] || cache_entries "$H1" | show
result "a group joined after the route was cached: the local copy follows" $ok

ktap_finished
