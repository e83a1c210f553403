#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A route cache hit on input gives the packet its entry without a reference
# (skb_dst_set_noref(), as the kernel's ip_route_input_noref since 2.6.35),
# valid only inside the RCU read section of the PRE_ROUTING hook.  Wherever
# the packet outlives that section, a real reference must be taken
# (skb_dst_force()) or the route dropped.  Each case here routes DUMMY
# packets by cache hits on input (the flow primed by one packet first; the
# hits counted in /proc/net/stat/myrt_cache), keeps them past the section,
# and makes the entry go away (flush, route or address deleted, RCU
# callbacks run) before they are consumed: a route kept without a
# reference would be a use-after-free (KASAN on the debug kernel), or the
# entry would be freed under the waiting packets (the live entry count
# says it is not).  h1 -- r -- h2 (topo_router); r's eth1 has MTU 1000.
#  1. queued to a socket that does not read yet (stopped), the local
#     address deleted: every datagram read intact afterwards
#  2. forwarded (and fragmented by r) to a next hop whose neighbour is
#     INCOMPLETE: the packets wait in its arp_queue holding the entry;
#     resolved, they arrive; failed, each gets an ICMP host unreachable
#     (arp_error_report -> myrt_link_failure reads the entry)
#  3. first fragments waiting in r's defrag queue, the entry flushed, the
#     last fragment sent: reassembled and delivered
#  4. forwarded into mylo (its backlog) until the TTL runs out, and local
#     traffic through mylo, while a loop flushes r's cache
#  5. all of it at once while r's cache is flushed in a loop
# and at the end myrt unloads: every reference was released.
. "$(dirname "$0")/lib/lib.sh"

require_cmd dnc dinject icmpwatch myip ip sysctl

ktap_print_header
ktap_set_plan 7

H1=nrH1$$
R=nrR$$
H2=nrH2$$
topo_router "$H1" "$R" "$H2" || ktap_exit_fail_msg "topology"
ip -n "$R" link set eth1 mtu 1000
link_settle "$R" eth1

inH1() { ip netns exec "$H1" "$@"; }
inR() { ip netns exec "$R" "$@"; }
inH2() { ip netns exec "$H2" "$@"; }
OUT=$(mktemp)
OUT2=$(mktemp)
OUT3=$(mktemp)
OUT4=$(mktemp)
RUN=$(mktemp)
trap 'rm -f "$OUT" "$OUT2" "$OUT3" "$OUT4" "$RUN" "$RUN.n" "$RUN.t"; ns_cleanup' EXIT

result() {
	if [ "$2" = 0 ]; then ktap_test_pass "$1"; else ktap_test_fail "$1"; fi
}
show() { while read -r l; do ktap_print_msg "$l"; done; }
RETH0=$(inR cat /sys/class/net/eth0/ifindex)
H2MAC=$(inH2 cat /sys/class/net/eth0/address)

# until_true SECONDS CMD...: wait until CMD succeeds (polled), at most
# SECONDS (generous: the debug kernel under TCG is slow); 1 if it never did
until_true() {
	local n=$(($1 * 10))

	shift
	until "$@"; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		sleep 0.1
	done
}
ge() { [ "$(eval "$1")" -ge "$2" ]; }
# flush NS: NS's route cache invalidated and its stale entries unlinked now
flush() { ip netns exec "$1" sh -c 'echo 0 >/proc/sys/net/myrt/route/flush'; }
# rcu_done: every RCU callback queued so far has run: a device deleted
# waits for them (netdev_run_todo's rcu_barrier()) before the command
# returns.  An entry whose last reference went is freed by then.
rcu_done() {
	ip link add nrrcu$$ type dummy && ip link del nrrcu$$
}
# live: the route cache entries alive in every namespace (allocated, not
# yet freed) once the test's caches are flushed: those packets hold
live() {
	local n

	for n in "$H1" "$R" "$H2"; do flush "$n"; done
	echo 0 >/proc/sys/net/myrt/route/flush
	rcu_done
	cache_stat entries
}
# cached DST SRC: r caches the input entry of that flow from eth0
cached() { cache_entries "$R" | grep -q "key: dst $1 src $2 iif $RETH0 "; }
dummy_in() {
	ip netns exec "$1" awk -v f=InDatagrams 'NR == 1 { for (i = 2; i <= NF; i++) n[$i] = i }
		 NR == 2 { print $n[f] }' /proc/net/myrt_dummy
}
# hits_since H S N: since the counters were H (in_hit) and S (in_slow_tot),
# at least N input hits and no slow path lookup
hits_since() {
	local h=$(($(cache_stat in_hit) - $1)) s=$(($(cache_stat in_slow_tot) - $2))

	[ "$h" -ge "$3" ] && [ "$s" = 0 ] && return 0
	ktap_print_msg "want $3 input hits and no slow lookup: $h hits, $s slow"
	return 1
}
# flush_loop NS: flush NS's cache over and over in the background until
# flush_loop_end (the traffic, bounded by packet counts, decides how long);
# flush_loop_end prints how many flushes ran
# The count is renamed into place and waited for: bash's wait has been
# seen to return before the loop's last write (7.3, CI), maybe a pid it
# still remembered from an earlier job
flush_loop() {
	rm -f "$RUN.n"
	: >"$RUN"
	ip netns exec "$1" bash -c 'n=0; while [ -e "$1" ]; do
		echo 0 >/proc/sys/net/myrt/route/flush; n=$((n + 1)); done
		echo $n >"$1.t"; mv "$1.t" "$1.n"' - "$RUN" &
	FLUSH_PID=$!
}
flush_loop_end() {
	rm -f "$RUN"
	wait "$FLUSH_PID"
	until_true 30 test -s "$RUN.n" ||
		ktap_print_msg "the flush loop left no count" >&2
	cat "$RUN.n" 2>/dev/null
}

E0=$(live)
ktap_print_msg "live entries at the start: $E0"

# 1. a socket's receive queue: r's listener is stopped, 40 datagrams to
# 10.1.1.100 (an address of r) wait in its queue; the address goes away
# (its local route and the cached entry with it), then the listener reads
ok=0
N=40
inR ip addr add 10.1.1.100/24 dev eth0
dnc_listen "$R" 7001 $N "$OUT" -w 60000 || ok=1
LPID=$DNC_PID
kill -STOP $LPID
until_true 30 grep -q '^[^)]*) T' /proc/$LPID/stat || ok=1
in0=$(dummy_in "$R")
# the entry made by a datagram that is no DUMMY one (dropped at once)
inH1 dinject -d 10.1.1.100 -s 10.1.1.2 -c 1 >/dev/null || ok=1
until_true 30 cached 10.1.1.100 10.1.1.2 || { ok=1; ktap_print_msg "no input entry"; }
h0=$(cache_stat in_hit)
s0=$(cache_stat in_slow_tot)
inH1 dnc -u -c $N -n 200 10.1.1.100 7001 || ok=1
until_true 30 ge "dummy_in $R" $((in0 + N)) ||
	{ ok=1; ktap_print_msg "queued: $(($(dummy_in "$R") - in0)) of $N"; }
hits_since "$h0" "$s0" $N || ok=1
inR ip addr del 10.1.1.100/24 dev eth0
flush "$R"
rcu_done
cached 10.1.1.100 10.1.1.2 && { ok=1; ktap_print_msg "entry still cached"; }
kill -CONT $LPID
wait $LPID || ok=1
n=$(grep -c '^10\.1\.1\.2:[0-9]* 200$' "$OUT")
[ "$n" = $N ] || { ok=1; ktap_print_msg "read $n of $N datagrams of 200 bytes"; }
result "socket queue: $N hit datagrams queued, address and entry gone, all read intact" $ok

# 2. a neighbour's arp_queue: r forwards 10.7.0.0/24 via 10.1.2.99, which
# nobody answers (r's ARP retries every 600 s): 20 small and 8 large
# datagrams (hits; r fragments each large one in two for eth1's MTU 1000)
# wait there.  (The packet that made the entry, a miss holding a
# reference of its own, had TTL 1: dropped at once, it keeps nothing.)
# The route goes, the caches are flushed: the entry lives on, held by the
# waiting packets alone.  Then r learns the neighbour (h2's address): they
# all reach h2 (which has 10.7.0.5), and the entry is freed.
ok=0
N=20
M=8
inR sysctl -qw net.ipv4.neigh.eth1.retrans_time_ms=600000
inR myip route add 10.7.0.0/24 via 10.1.2.99
inR myip route add 10.7.1.0/24 via 10.1.2.98
inH2 ip addr add 10.7.0.5/32 dev eth0
dnc_listen "$H2" 7002 $((N + M)) "$OUT" -w 60000 || ok=1
LPID=$DNC_PID
inH1 dinject -d 10.7.0.5 -s 10.1.1.2 -t 1 -c 1 >/dev/null || ok=1
until_true 30 cached 10.7.0.5 10.1.1.2 || { ok=1; ktap_print_msg "no input entry"; }
h0=$(cache_stat in_hit)
s0=$(cache_stat in_slow_tot)
fc0=$(ip_stat "$R" FragCreates)
f0=$(ip_stat "$R" ForwDatagrams)
inH1 dnc -u -c $N 10.7.0.5 7002 || ok=1
inH1 dinject -d 10.7.0.5 -s 10.1.1.2 -G 2048,all -l 1400 -P 7002 -c $M -x 2 >/dev/null || ok=1
until_true 30 ge "ip_stat $R ForwDatagrams" $((f0 + N + M)) ||
	{ ok=1; ktap_print_msg "forwarded $(($(ip_stat "$R" ForwDatagrams) - f0)) of $((N + M))"; }
hits_since "$h0" "$s0" $((N + M)) || ok=1
[ $(($(ip_stat "$R" FragCreates) - fc0)) = $((2 * M)) ] ||
	{ ok=1; ktap_print_msg "r made $(($(ip_stat "$R" FragCreates) - fc0)) fragments, want $((2 * M))"; }
inR ip neigh show 10.1.2.99 dev eth1 | grep -q INCOMPLETE ||
	{ ok=1; ktap_print_msg "neighbour: $(inR ip neigh show 10.1.2.99 dev eth1)"; }
inR myip route del 10.7.0.0/24
e=$(live)
cached 10.7.0.5 10.1.1.2 && { ok=1; ktap_print_msg "entry still cached"; }
[ "$e" = $((E0 + 1)) ] ||
	{ ok=1; ktap_print_msg "live entries $e, want $((E0 + 1)): the waiting packets' one"; }
grep -q . "$OUT" && { ok=1; ktap_print_msg "h2 received before the neighbour was known"; }
inR ip neigh replace 10.1.2.99 lladdr "$H2MAC" dev eth1 nud reachable
wait $LPID || ok=1
n=$(grep -c '^10\.1\.1\.2:[0-9]* 64$' "$OUT")
m=$(grep -c '^10\.1\.1\.2:[0-9]* 1384$' "$OUT")
[ "$n" = $N ] && [ "$m" = $M ] ||
	{ ok=1; ktap_print_msg "h2 got $n of $N small, $m of $M large datagrams"; }
e=$(live)
[ "$e" = "$E0" ] || { ok=1; ktap_print_msg "live entries $e after delivery, want $E0"; }
result "arp_queue: $N+$M hit datagrams (fragmented by r) outlive their flushed entry, delivered once resolved" $ok

# 2b. the same wait via 10.1.2.98 (r's route 10.7.1.0/24; the entry made
# by a packet with TTL 1 again), then the neighbour is failed by hand:
# each waiting packet's entry is read by arp_error_report
# (myrt_link_failure), h1 gets a host unreachable for each
ok=0
icmp_watch "$H1" "$OUT" -t 120 -c $((1 + N)) || ok=1
WPID=$ICMPW_PID
inH1 dinject -d 10.7.1.5 -s 10.1.1.2 -t 1 -c 1 >/dev/null || ok=1
until_true 30 cached 10.7.1.5 10.1.1.2 || { ok=1; ktap_print_msg "no input entry"; }
f0=$(ip_stat "$R" ForwDatagrams)
h0=$(cache_stat in_hit)
s0=$(cache_stat in_slow_tot)
inH1 dinject -d 10.7.1.5 -s 10.1.1.2 -c $N >/dev/null || ok=1
until_true 30 ge "ip_stat $R ForwDatagrams" $((f0 + N)) ||
	{ ok=1; ktap_print_msg "forwarded $(($(ip_stat "$R" ForwDatagrams) - f0)) of $N"; }
hits_since "$h0" "$s0" $N || ok=1
inR myip route del 10.7.1.0/24
e=$(live)
[ "$e" = $((E0 + 1)) ] ||
	{ ok=1; ktap_print_msg "live entries $e, want $((E0 + 1)): the waiting packets' one"; }
inR ip neigh change 10.1.2.98 dev eth1 nud failed ||
	{ ok=1; ktap_print_msg "cannot fail the neighbour"; }
wait $WPID
n=$(grep -c '^10\.1\.[12]\.1 type 3 code 1 inner 10\.1\.1\.2 > 10\.7\.1\.5 proto 253' "$OUT")
grep -q '^10\.1\.1\.1 type 11 code 0 inner 10\.1\.1\.2 > 10\.7\.1\.5 ' "$OUT" ||
	{ ok=1; ktap_print_msg "no time exceeded for the first packet"; }
[ "$n" = $N ] || { ok=1; ktap_print_msg "h1 got $n host unreachable of $N"; show <"$OUT"; }
e=$(live)
[ "$e" = "$E0" ] || { ok=1; ktap_print_msg "live entries $e after the failure, want $E0"; }
result "arp_queue: $N hit datagrams outlive their flushed entry, neighbour failed: $n ICMP host unreachable" $ok

# 3. r's defrag queue: 6 datagrams of 2000 bytes cut in fragments of 512,
# the first three of each (hits) sent, the entry flushed and its RCU
# callbacks run, a packet of the flow makes a new entry, then the last
# fragments (hits on it) complete them: 6 reassembled and delivered
ok=0
K=6
dnc_listen "$R" 7003 $K "$OUT" -w 60000 || ok=1
LPID=$DNC_PID
inH1 dinject -d 10.1.1.1 -s 10.1.1.2 -c 1 >/dev/null || ok=1
until_true 30 cached 10.1.1.1 10.1.1.2 || { ok=1; ktap_print_msg "no input entry"; }
h0=$(cache_stat in_hit)
s0=$(cache_stat in_slow_tot)
r0=$(ip_stat "$R" ReasmReqds)
k0=$(ip_stat "$R" ReasmOKs)
inH1 dinject -d 10.1.1.1 -s 10.1.1.2 -G 512,head -l 2000 -P 7003 -c $K -x 7 >/dev/null || ok=1
until_true 30 ge "ip_stat $R ReasmReqds" $((r0 + 3 * K)) ||
	{ ok=1; ktap_print_msg "fragments in: $(($(ip_stat "$R" ReasmReqds) - r0)) of $((3 * K))"; }
hits_since "$h0" "$s0" $((3 * K)) || ok=1
flush "$R"
rcu_done
cached 10.1.1.1 10.1.1.2 && { ok=1; ktap_print_msg "entry still cached"; }
grep -q . "$OUT" && { ok=1; ktap_print_msg "delivered before the last fragments"; }
inH1 dinject -d 10.1.1.1 -s 10.1.1.2 -c 1 >/dev/null || ok=1
until_true 30 cached 10.1.1.1 10.1.1.2 || { ok=1; ktap_print_msg "no new input entry"; }
h0=$(cache_stat in_hit)
s0=$(cache_stat in_slow_tot)
inH1 dinject -d 10.1.1.1 -s 10.1.1.2 -G 512,tail -l 2000 -P 7003 -c $K -x 7 >/dev/null || ok=1
wait $LPID || ok=1
hits_since "$h0" "$s0" $K || ok=1
n=$(grep -c '^10\.1\.1\.2:40000 1984$' "$OUT")
[ "$n" = $K ] || { ok=1; ktap_print_msg "read $n of $K reassembled datagrams"; show <"$OUT"; }
[ $(($(ip_stat "$R" ReasmOKs) - k0)) = $K ] || { ok=1; ktap_print_msg "ReasmOKs +$(($(ip_stat "$R" ReasmOKs) - k0))"; }
result "defrag queue: first fragments (hits) wait, entry flushed, last ones complete $n datagrams" $ok

# 4. mylo: r routes 10.9.0.0/24 into mylo; a packet from h1 (an input
# hit) is forwarded into mylo's backlog, comes back with its route and is
# forwarded again until its TTL (8) runs out: 7 trips through the backlog
# each, then a time exceeded to h1.  Meanwhile r's cache is flushed over
# and over, and local datagrams go through mylo too.
ok=0
P=30
inR myip route add 10.9.0.0/24 dev mylo || ok=1
icmp_watch "$H1" "$OUT" -t 120 -c $((1 + P)) || ok=1
WPID=$ICMPW_PID
dnc_listen "$R" 7004 $P "$OUT2" -w 60000 || ok=1
LPID=$DNC_PID
inH1 dinject -d 10.9.0.1 -s 10.1.1.2 -t 8 -c 1 >/dev/null || ok=1
until_true 30 cached 10.9.0.1 10.1.1.2 || { ok=1; ktap_print_msg "no input entry"; }
lo0=$(link_stat "$R" mylo rx_packets)
h0=$(cache_stat in_hit)
flush_loop "$R"
inH1 dinject -d 10.9.0.1 -s 10.1.1.2 -t 8 -c $P >/dev/null || ok=1
inR dnc -c $P 127.0.0.1 7004 || ok=1
wait $WPID
wait $LPID || ok=1
nf=$(flush_loop_end)
h=$(($(cache_stat in_hit) - h0))
n=$(grep -c '^[0-9.]* type 11 code 0 inner 10\.1\.1\.2 > 10\.9\.0\.1 proto 253' "$OUT")
[ "$n" = $((1 + P)) ] || { ok=1; ktap_print_msg "h1 got $n time exceeded of $((1 + P))"; show <"$OUT"; }
m=$(grep -c '^127\.0\.0\.1:[0-9]* 64$' "$OUT2")
[ "$m" = $P ] || { ok=1; ktap_print_msg "local: $m of $P datagrams through mylo"; }
# 7 trips of each forwarded packet (the first one's before the counter
# was read: 7 of them or fewer) and the local datagrams
lo=$(($(link_stat "$R" mylo rx_packets) - lo0))
[ "$lo" -ge $((7 * P + P)) ] && [ "$lo" -le $((7 * (P + 1) + P)) ] ||
	{ ok=1; ktap_print_msg "mylo received $lo, want $((8 * P)) to $((8 * P + 7))"; }
[ "$h" -ge 1 ] || { ok=1; ktap_print_msg "no input hit"; }
ktap_print_msg "$nf flushes, $h input hits, $lo packets through mylo"
result "mylo: forwarded hits loop through mylo's backlog, local datagrams too, while the cache is flushed" $ok

# 5. everything at once, r's cache flushed in a loop: h1 -> r local
# (a socket), h1 -> r -> h2 forwarded, h1 -> r in fragments, r -> mylo ->
# r, h1 -> r into mylo; every datagram arrives
ok=0
S=150
F=40
dnc_listen "$R" 7005 $S "$OUT" -w 60000 || ok=1
L1=$DNC_PID
dnc_listen "$H2" 7006 $S "$OUT2" -w 60000 || ok=1
L2=$DNC_PID
dnc_listen "$R" 7007 $((F + S)) "$OUT3" -w 60000 || ok=1
L3=$DNC_PID
icmp_watch "$H1" "$OUT4" -t 120 -c $F || ok=1
WPID=$ICMPW_PID
h0=$(cache_stat in_hit)
s0=$(cache_stat in_slow_tot)
flush_loop "$R"
inH1 dnc -u -c $S -i 2 10.1.1.1 7005 &
P1=$!
inH1 dnc -u -c $S -i 2 10.1.2.2 7006 &
P2=$!
inH1 dinject -d 10.1.1.1 -s 10.1.1.2 -G 512,all -l 1500 -P 7007 -c $F -x 11 >/dev/null &
P3=$!
inR dnc -u -c $S -i 2 127.0.0.1 7007 &
P4=$!
inH1 dinject -d 10.9.0.2 -s 10.1.1.2 -t 8 -c $F >/dev/null || ok=1
for p in $P1 $P2 $P3 $P4; do wait $p || ok=1; done
for p in $L1 $L2 $L3 $WPID; do wait $p || ok=1; done
nf=$(flush_loop_end)
h=$(($(cache_stat in_hit) - h0))
s=$(($(cache_stat in_slow_tot) - s0))
a=$(grep -c '^10\.1\.1\.2:' "$OUT")
b=$(grep -c '^10\.1\.1\.2:' "$OUT2")
c=$(grep -c '^10\.1\.1\.2:40000 1484$' "$OUT3")
d=$(grep -c '^127\.0\.0\.1:' "$OUT3")
t=$(grep -c ' type 11 code 0 inner 10\.1\.1\.2 > 10\.9\.0\.2 ' "$OUT4")
ktap_print_msg "$nf flushes, $h input hits, $s slow lookups; local $a, forwarded $b, reassembled $c, mylo $d, time exceeded $t"
[ "$a" = $S ] && [ "$b" = $S ] && [ "$c" = $F ] && [ "$d" = $S ] && [ "$t" = $F ] || ok=1
[ "$h" -ge 1 ] && [ "$nf" -ge 1 ] || ok=1
result "stress: local, forwarded, fragmented and mylo traffic while r's cache is flushed $nf times" $ok

# 6. the caches flushed and the namespaces gone, myrt unloads with nothing
# left: every reference the packets took was released
ok=0
e=$(live)
[ "$e" = "$E0" ] || { ok=1; ktap_print_msg "live entries $e at the end, want $E0"; }
ns_cleanup
if myrt_unload; then
	left=$(myrt_nothing_left) || { ok=1; ktap_print_msg "$left"; }
else
	ok=1
fi
myrt_load || ok=1
result "every reference released: myrt unloads cleanly" $ok

ktap_finished
