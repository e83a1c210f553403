#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The route cache machinery (issue: the complete route cache):
# sysctls with classic names, defaults and units, each read back and each
# out-of-range value refused with EINVAL; only flush in a child netns; the
# counters of /proc/net/stat/myrt_cache for a scripted sequence of packets
# (in_hlist_search/out_hlist_search need crafted chains: route_evict.sh);
# gc_ignored; the flush sysctl's delay (< 0 invalidates, >= 0 also frees)
# and its netns; secret_interval; expiry after a short gc_timeout; and a
# flood from many sources never taking the cache past max_size, the
# refused packets counted in gc_dst_overflow.  Packets come from a peer
# netns over veth (dinject: raw IP).
. "$(dirname "$0")/lib/lib.sh"

require_cmd dinject dnc myip ip

ktap_print_header
ktap_set_plan 14

R=/proc/sys/net/myrt/route
S=cacheS$$	# sender
H=cacheH$$	# host under test
sh_pair "$S" "$H" || ktap_exit_fail_msg "netns setup"

inS() { ip netns exec "$S" "$@"; }
inH() { ip netns exec "$H" "$@"; }


# entries [NS]: the entries NS (default H) sees
entries() { ip netns exec "${1:-$H}" myip route show cache | grep -c '^[^ ]'; }
flush() { ip netns exec "${2:-$H}" sh -c "echo $1 > $R/flush"; }
# live: every entry of the table, all namespaces, stale ones included
# (freed ones leave it after an RCU grace period: wait a little for them)
live() { cache_stat entries; }
live_settled() {
	local a b i
	b=$(live)
	for i in $(seq 20); do
		a=$b
		sleep 0.2
		b=$(live)
		[ "$a" = "$b" ] && break
	done
	echo "$b"
}
live_is() {
	local i
	for i in $(seq 20); do
		[ "$(live)" = "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
# genid SRC: the genid of H's entry from SRC (myip -d "hash N genid G")
genid() {
	inH myip -d route show cache |
		awk -v s="$1" '$1 == "local" && $3 == "from" { on = ($4 == s) }
			       on && $1 == "hash" { print $4; exit }'
}
# delivered: datagrams H's DUMMY layer took, whatever it made of them
delivered() {
	inH awk 'NR == 1 { for (i = 2; i <= NF; i++) c[i] = $i; next }
		 { for (i = 2; i <= NF; i++)
			if (c[i] ~ /^(In|NoPorts|RcvbufErrors|EchoRequests|UnknownProtos)/)
				n += $i; print n }' /proc/net/myrt_dummy
}

# result NAME OK: one KTAP line
result() {
	if [ "$2" = 0 ]; then
		ktap_test_pass "$1"
	else
		ktap_test_fail "$1"
	fi
}

# 1. defaults and units
HZ=$(cat $R/error_cost)
ok=0
exp="gc_elasticity=8 gc_timeout=300 gc_interval=60 gc_min_interval_ms=500
     redirect_number=9 mtu_expires=600 min_pmtu=552 min_adv_mss=256
     secret_interval=600 rt_cache_rebuild_count=4 rt_score_classic=0
     error_burst=$((5 * HZ))
     redirect_load=$((HZ / 50)) redirect_silence=$(((HZ / 50) << 10))
     max_size=$((16 * $(cat $R/gc_thresh)))"
for kv in $exp; do
	v=$(cat "$R/${kv%%=*}")
	if [ "$v" != "${kv#*=}" ]; then
		ktap_print_msg "${kv%%=*} is $v, expected ${kv#*=}"
		ok=1
	fi
done
[ "$HZ" -ge 100 ] || ok=1
cat $R/flush 2>/dev/null && ok=1	# write-only
result "sysctls: classic defaults and units (HZ $HZ)" $ok

# 2. every tunable: a good value reads back in its unit, each bad one is
# refused with EINVAL and the value stays.  One row per sysctl: NAME GOOD
# BAD...; a sysctl without a row fails the test.
KNOBS="gc_thresh 1234 0 -1 2147483648
max_size 4321 0 -5
gc_elasticity 4 0 4096 1048577
gc_timeout 120 0 abc 2147483647
gc_interval 30 0 -1
gc_min_interval 2 -1 2147483647
gc_min_interval_ms 250 -1 3600001
error_cost 50 -1
error_burst 500 -1
redirect_load 7 -1
redirect_number 5 31 -1
redirect_silence 999 -1
mtu_expires 300 -1 2147483647
min_pmtu 600 67 65536
min_adv_mss 300 -1 65496
secret_interval 1200 -1 2147483647
rt_cache_rebuild_count 7 -1 2147483648
rt_score_classic 1 2 -1"
ok=0
names=$(ls $R | grep -vx flush | sort | tr '\n' ' ')
rows=$(cut -d' ' -f1 <<<"$KNOBS" | sort | tr '\n' ' ')
[ "$names" = "$rows" ] || { ktap_print_msg "sysctls: $names; rows: $rows"; ok=1; }
# gc_min_interval shows whole seconds of the same value: put it back in ms
old_mi=$(cat $R/gc_min_interval_ms)
# (reads with bash's read, each bad write in a subshell of this bash: a
# cat, sh and grep process each took most of this case's time, 15 s under
# TCG)
while read -r k good bad; do
	read -r old <"$R/$k"
	echo "$good" >"$R/$k" || ok=1
	read -r v <"$R/$k"
	[ "$v" = "$good" ] || { ktap_print_msg "$k reads $v after $good"; ok=1; }
	for b in $bad; do
		msg=$( { echo "$b" >"$R/$k"; } 2>&1) &&
			{ ktap_print_msg "$k=$b was accepted"; ok=1; }
		[[ $msg == *"Invalid argument"* ]] ||
			{ ktap_print_msg "$k=$b: $msg (not EINVAL)"; ok=1; }
		read -r v <"$R/$k"
		[ "$v" = "$good" ] || { ktap_print_msg "$k reads $v after $b"; ok=1; }
	done
	echo "$old" >"$R/$k"
	read -r v <"$R/$k"
	[ "$v" = "$old" ] || ok=1
done <<<"$KNOBS"
# gc_min_interval (s) and gc_min_interval_ms are one tunable
echo 2 >$R/gc_min_interval
[ "$(cat $R/gc_min_interval_ms)" = 2000 ] || ok=1
echo 1500 >$R/gc_min_interval_ms
[ "$(cat $R/gc_min_interval)" = 1 ] || ok=1
echo "$old_mi" >$R/gc_min_interval_ms
[ "$(cat $R/gc_min_interval_ms)" = 500 ] || ok=1	# test 1 checked it
# the edges that used to overflow: gc_elasticity << hash_log (hash_log up
# to 19: at most INT_MAX >> 19), redirect_load << redirect_number (any
# load, shifted by up to 30: saturating arithmetic, route_redirect.sh)
for kv in gc_elasticity=4095 redirect_load=2147483647 redirect_number=30; do
	k=${kv%%=*}
	old=$(cat "$R/$k")
	echo "${kv#*=}" >"$R/$k" || ok=1
	[ "$(cat "$R/$k")" = "${kv#*=}" ] || { ktap_print_msg "$k: $(cat "$R/$k")"; ok=1; }
	echo "$old" >"$R/$k"
done
result "sysctls: every one reads back, out of range refused with EINVAL" $ok

# 3. the tunables are global, as in classic 2.6: a child netns has only
# flush (write-only) and its own rt_cache_rebuild_count (classic: per
# namespace), which starts at 4 whatever the initial namespace's is
ok=0
[ "$(inH ls $R | tr '\n' ' ')" = "flush rt_cache_rebuild_count " ] || { ktap_print_msg "in a child netns: $(inH ls $R | tr '\n' ' ')"; ok=1; }
inH cat $R/flush 2>/dev/null && ok=1
echo 6 >$R/rt_cache_rebuild_count
[ "$(inH cat $R/rt_cache_rebuild_count)" = 4 ] || ok=1
inH sh -c "echo 9 > $R/rt_cache_rebuild_count" || ok=1
[ "$(inH cat $R/rt_cache_rebuild_count) $(cat $R/rt_cache_rebuild_count)" = "9 6" ] || ok=1
echo 4 >$R/rt_cache_rebuild_count
result "sysctls: a child netns has flush and its own rt_cache_rebuild_count only" $ok

# 4. input counters: slow path, hit, martian source (never cached)
ok=0
a=$(cache_stat in_slow_tot) b=$(cache_stat in_hit) c=$(cache_stat in_martian_src)
inS dinject -d 10.1.0.2 -s 10.1.0.1 -c 1 >/dev/null
sleep 0.2
inS dinject -d 10.1.0.2 -s 10.1.0.1 -c 2 >/dev/null
sleep 0.2
inS dinject -d 10.1.0.2 -s 224.1.2.3 -c 1 >/dev/null
sleep 0.2
[ $(($(cache_stat in_slow_tot) - a)) = 1 ] || ok=1
[ $(($(cache_stat in_hit) - b)) = 2 ] || ok=1
[ $(($(cache_stat in_martian_src) - c)) = 1 ] || ok=1
inH myip route show cache | grep -q 'from 224.1.2.3' && ok=1
[ $ok = 0 ] || ktap_print_msg "in_slow_tot +$(($(cache_stat in_slow_tot) - a)) in_hit +$(($(cache_stat in_hit) - b)) in_martian_src +$(($(cache_stat in_martian_src) - c))"
result "counters: in_slow_tot, in_hit, in_martian_src (martian not cached)" $ok

# 5. output counters, broadcast input, no-route input (forwarding on)
ok=0
a=$(cache_stat out_slow_tot) b=$(cache_stat out_hit) c=$(cache_stat in_brd) d=$(cache_stat in_no_route)
dnc_listen "$S" 9 3 /dev/null || ok=1
LPID=$DNC_PID
inH dnc -u -c 3 10.1.0.1 9 2>/dev/null
wait $LPID
inS dinject -d 10.1.0.255 -s 10.1.0.1 -c 1 >/dev/null
inH sysctl -qw net.ipv4.conf.eth0.forwarding=1
inS ip route add 10.9.0.0/16 via 10.1.0.2
inS dinject -d 10.9.0.1 -s 10.1.0.1 -c 1 >/dev/null
sleep 1
inH sysctl -qw net.ipv4.conf.eth0.forwarding=0
[ $(($(cache_stat out_slow_tot) - a)) = 1 ] || ok=1
# two of dnc's three, and the ICMP network unreachable H sends back to S
# for the no-route datagram: myrt routes it (classic icmp_send), and its
# key (dst 10.1.0.1, no source, tos 0) is dnc's entry
[ $(($(cache_stat out_hit) - b)) = 3 ] || ok=1
[ $(($(cache_stat in_brd) - c)) = 1 ] || ok=1
[ $(($(cache_stat in_no_route) - d)) = 1 ] || ok=1
cache_entries "$H" | grep -q 'key: dst 10.9.0.1 .*dst: dev .* error 101 ' || {
	ktap_print_msg "no error entry for 10.9.0.1"
	ok=1
}
[ $ok = 0 ] || ktap_print_msg "out_slow_tot +$(($(cache_stat out_slow_tot) - a)) out_hit +$(($(cache_stat out_hit) - b)) in_brd +$(($(cache_stat in_brd) - c)) in_no_route +$(($(cache_stat in_no_route) - d))"
result "counters: out_slow_tot, out_hit, in_brd, in_no_route (error entry cached)" $ok

# 6. martian destinations: counted in in_martian_dst, not in in_slow_tot,
# never cached.  S routes 127.0.0.5 to H (a peer cannot send 0.x: its
# kernel refuses a zeronet destination on output).
ok=0
ip -n "$S" route add 127.0.0.5/32 via 10.1.0.2 table local
a=$(cache_stat in_martian_dst) b=$(cache_stat in_slow_tot)
inS dinject -d 127.0.0.5 -s 10.1.0.1 -c 2 >/dev/null
sleep 0.3
md=$(($(cache_stat in_martian_dst) - a)) sl=$(($(cache_stat in_slow_tot) - b))
[ "$md" = 2 ] && [ "$sl" = 0 ] || ok=1
inH myip route show cache | grep -q '127\.0\.0\.5' && ok=1
ip -n "$S" route del 127.0.0.5/32 via 10.1.0.2 table local
[ $ok = 0 ] || ktap_print_msg "in_martian_dst +$md in_slow_tot +$sl"
result "counters: in_martian_dst for 127.x from a peer, not cached" $ok

# 7. out_slow_mc: an output route to a broadcast (RTCF_LOCAL, real device:
# ip_mc_output) counts; multicast to a group we have not joined does not
# (not RTCF_LOCAL), both count in out_slow_tot
ok=0
a=$(cache_stat out_slow_mc) b=$(cache_stat out_slow_tot)
inH dnc -b -u -c 1 -w 0 10.1.0.255 9 2>/dev/null
mc=$(($(cache_stat out_slow_mc) - a)) sl=$(($(cache_stat out_slow_tot) - b))
[ "$mc" = 1 ] && [ "$sl" = 1 ] || ok=1
inH myip route add 224.0.0.0/4 dev eth0
a=$(cache_stat out_slow_mc) b=$(cache_stat out_slow_tot)
inH dnc -u -c 1 -w 0 224.1.1.1 9 2>/dev/null
mc2=$(($(cache_stat out_slow_mc) - a)) sl2=$(($(cache_stat out_slow_tot) - b))
[ "$mc2" = 0 ] && [ "$sl2" = 1 ] || ok=1
inH myip route del 224.0.0.0/4 dev eth0
[ $ok = 0 ] || ktap_print_msg "broadcast: out_slow_mc +$mc out_slow_tot +$sl; multicast: +$mc2 +$sl2"
result "counters: out_slow_mc for a broadcast output route, not for a group not joined" $ok

# 8. gc_ignored: gc called again within gc_min_interval, below max_size,
# returns at once.  With gc_thresh 1 every allocation calls gc (classic:
# when more than gc_thresh entries exist); a connected socket of H holds
# one entry that gc cannot free, so that stays true.  First gc_min_interval
# 0: the call runs (gc_total +1, gc_ignored +0); then an hour: the five
# next calls are all ignored.
ok=0
old_thr=$(cat $R/gc_thresh) old_mi=$(cat $R/gc_min_interval_ms)
OUT=$(mktemp)
dnc_listen "$S" 9 1 "$OUT" || ok=1
ip netns exec "$H" dnc -s 10.1.0.2 -c 1 -w 60000 10.1.0.1 9 2>/dev/null &
HPID=$!
wait "$DNC_PID"
rm -f "$OUT"
echo 1 >$R/gc_thresh
echo 0 >$R/gc_min_interval_ms
a=$(cache_stat gc_total) b=$(cache_stat gc_ignored)
inS dinject -d 10.1.0.2 -s 10.4.0.1 -c 1 >/dev/null
sleep 0.2
t0=$(($(cache_stat gc_total) - a)) i0=$(($(cache_stat gc_ignored) - b))
echo 3600000 >$R/gc_min_interval_ms
a=$(cache_stat gc_total) b=$(cache_stat gc_ignored)
for i in 2 3 4 5 6; do
	inS dinject -d 10.1.0.2 -s 10.4.0.$i -c 1 >/dev/null
done
sleep 0.2
t1=$(($(cache_stat gc_total) - a)) i1=$(($(cache_stat gc_ignored) - b))
echo "$old_thr" >$R/gc_thresh
echo "$old_mi" >$R/gc_min_interval_ms
kill $HPID 2>/dev/null
wait $HPID 2>/dev/null
[ "$t0" = 1 ] && [ "$i0" = 0 ] && [ "$t1" = 5 ] && [ "$i1" = 5 ] || ok=1
[ $ok = 0 ] || ktap_print_msg "min_interval 0: gc_total +$t0 gc_ignored +$i0; 1 h: gc_total +$t1 gc_ignored +$i1"
result "counters: gc_ignored for gc within gc_min_interval below max_size" $ok

# 9. the flush sysctl's value is a delay (rt_cache_flush): -1 only
# invalidates (a new genid: old entries invisible, lookups miss, the entries
# stay in the table until reaped), 0 also frees every stale entry at once.
# No periodic expiry meanwhile (gc_interval an hour).
ok=0
old_iv=$(cat $R/gc_interval)
echo 3600 >$R/gc_interval
flush 0
inS dinject -d 10.1.0.2 -S 10.5.0.1 -n 5 -c 5 >/dev/null
sleep 0.3
n0=$(entries) e0=$(live_settled)
flush -1
n1=$(entries) e1=$(live)
a=$(cache_stat in_slow_tot) b=$(cache_stat in_hit)
inS dinject -d 10.1.0.2 -S 10.5.0.1 -n 5 -c 5 >/dev/null
sleep 0.3
sl=$(($(cache_stat in_slow_tot) - a)) hit=$(($(cache_stat in_hit) - b))
n2=$(entries)
flush 0
n3=$(entries)
live_is $((e0 - 5)) || ok=1
echo "$old_iv" >$R/gc_interval
[ "$n0" = 5 ] && [ "$n1" = 0 ] && [ "$e1" = "$e0" ] || ok=1
[ "$sl" = 5 ] && [ "$hit" = 0 ] && [ "$n2" = 5 ] && [ "$n3" = 0 ] || ok=1
[ $ok = 0 ] || ktap_print_msg "entries $n0 live $e0; flush -1: $n1 live $e1; again: slow +$sl hit +$hit, $n2; flush 0: $n3 live $(live) (want $((e0 - 5)))"
result "flush -1 invalidates (stale entries stay), flush 0 also frees them" $ok

# 10. a child netns' flush flushes its own entries only
ok=0
inH dnc -u -c 1 -w 0 10.1.0.1 9 2>/dev/null	# H: output entry, S: input
sleep 0.2
nS=$(entries "$S") nH=$(entries "$H")
flush 0 "$S"
[ "$nS" -ge 1 ] && [ "$nH" -ge 1 ] || ok=1
[ "$(entries "$S")" = 0 ] && [ "$(entries "$H")" = "$nH" ] || ok=1
flush 0 "$H"
[ "$(entries "$H")" = 0 ] || ok=1
[ $ok = 0 ] || ktap_print_msg "S $nS H $nH; after S's flush S $(entries "$S") H $(entries "$H")"
result "flush in a netns leaves the other netns' entries" $ok

# 11. secret_interval: the periodic rebuild makes every entry stale (a new
# genid); the next packet makes a new entry.  Back to the default after.
ok=0
old_si=$(cat $R/secret_interval)
inS dinject -d 10.1.0.2 -s 10.1.0.1 -c 1 >/dev/null
sleep 0.2
g1=$(genid 10.1.0.1)
[ -n "$g1" ] || ok=1
echo 1 >$R/secret_interval
# deferrable work: it runs when the CPU is awake anyway; poll
for i in $(seq 40); do
	sleep 0.25
	[ "$(entries)" = 0 ] && break
done
echo "$old_si" >$R/secret_interval
n=$(entries)
a=$(cache_stat in_slow_tot) b=$(cache_stat in_hit)
inS dinject -d 10.1.0.2 -s 10.1.0.1 -c 1 >/dev/null
sleep 0.2
sl=$(($(cache_stat in_slow_tot) - a))
g2=$(genid 10.1.0.1)
inS dinject -d 10.1.0.2 -s 10.1.0.1 -c 1 >/dev/null
sleep 0.2
hit=$(($(cache_stat in_hit) - b))
[ "$n" = 0 ] && [ "$sl" = 1 ] && [ -n "$g2" ] && [ "$g2" != "$g1" ] &&
	[ "$hit" = 1 ] || ok=1
[ "$(cat $R/secret_interval)" = "$old_si" ] || ok=1
[ $ok = 0 ] || ktap_print_msg "genid $g1 -> $g2, entries after $n, slow +$sl, then hit +$hit"
result "secret_interval 1s: old entries stale (new genid), re-created on use" $ok

# 12. expiry: unreferenced entries go after gc_timeout; a socket's stays
ok=0
old_to=$(cat $R/gc_timeout) old_iv=$(cat $R/gc_interval)
inS dinject -d 10.1.0.2 -S 10.1.0.100 -n 20 -c 20 >/dev/null
dnc_listen "$S" 9 100000 /dev/null -w 30000 || ok=1
LPID=$DNC_PID
ip netns exec "$H" dnc -c 1000 -i 20 10.1.0.1 9 2>/dev/null &
DPID=$!
for i in $(seq 25); do
	n0=$(inH myip route show cache | grep -c 'from 10.1.0.1[0-9][0-9] ')
	[ "$n0" -ge 20 ] && break
	sleep 0.2
done
# only now make them old: 1 s without use is enough, checked every second
echo 1 >$R/gc_timeout
echo 1 >$R/gc_interval
found=1
for i in $(seq 40); do
	sleep 0.5
	[ "$(inH myip route show cache | grep -c 'from 10.1.0.1[0-9][0-9] ')" = 0 ] && { found=0; break; }
done
inH myip route show cache | grep -q '^10.1.0.1 ' || { ktap_print_msg "the socket's route expired"; ok=1; }
kill $DPID $LPID 2>/dev/null
wait $DPID $LPID 2>/dev/null
echo "$old_to" >$R/gc_timeout
echo "$old_iv" >$R/gc_interval
[ "$n0" -ge 20 ] && [ $found = 0 ] || { ktap_print_msg "entries $n0, expired: $found"; ok=1; }
result "expiry: 20 idle entries gone after gc_timeout 1s, the socket's route kept" $ok

# 13. a flood of distinct sources: entries never above max_size.  Once the
# cache is held at max_size every further entry is refused (dst cache
# overflow), and each refusal is one gc_dst_overflow: the packets that went
# to the slow path (or hit) but never reached the DUMMY layer.  How many gc
# runs are ignored or miss their goal depends on timing (gc_min_interval,
# what was expirable): bounded, not exact.
ok=0
# The debug kernel (KASAN, lockdep: about 100 datagrams a second under
# TCG): 6,000 (10,000 until 2026-12), still three times max_size:
# the cache is held at max_size for the last 4,000, gc runs, is ignored
# and misses its goal, refusals are counted, as with the cloud kernels'
# 30,000.
# (MYRT_CACHE_FLOOD=N for any: scripts/check.sh gives the cloud kernels
# other than 6.12 10,000.)
FLOOD=30000
[ -z "${MYRT_DEBUG_KERNEL:-}" ] || FLOOD=6000
FLOOD=${MYRT_CACHE_FLOOD:-$FLOOD}
max=$(cat $R/max_size)
old_max=$max
echo 2000 >$R/max_size
echo 500 >$R/gc_thresh
o=$(cache_stat gc_dst_overflow) sl=$(cache_stat in_slow_tot) h=$(cache_stat in_hit)
dv=$(delivered) gt=$(cache_stat gc_total) gi=$(cache_stat gc_ignored)
gm=$(cache_stat gc_goal_miss)
ip netns exec "$S" dinject -d 10.1.0.2 -S 10.2.0.1 -n $FLOOD -c $FLOOD >/dev/null &
FPID=$!
peak=0
while kill -0 $FPID 2>/dev/null; do
	e=$(cache_stat entries)
	[ "$e" -gt $peak ] && peak=$e
	sleep 0.1
done
wait $FPID
sleep 0.5
e=$(cache_stat entries)
[ "$e" -gt $peak ] && peak=$e
o=$(($(cache_stat gc_dst_overflow) - o))
routed=$(($(cache_stat in_slow_tot) - sl + $(cache_stat in_hit) - h))
refused=$((routed - ($(delivered) - dv)))
gt=$(($(cache_stat gc_total) - gt)) gi=$(($(cache_stat gc_ignored) - gi))
gm=$(($(cache_stat gc_goal_miss) - gm))
ktap_print_msg "peak entries $peak (max_size 2000), routed $routed, refused $refused, gc_total +$gt gc_ignored +$gi gc_goal_miss +$gm gc_dst_overflow +$o"
# A CPU reserves its entry before gc refuses it: a sample may catch that.
[ "$peak" -le $((2000 + $(nproc))) ] || ok=1
[ "$o" -gt 0 ] && [ "$refused" = "$o" ] || ok=1
# gc ran far more often than it was let work; a run in softirq misses its
# goal at most once
[ "$gi" -gt 0 ] && [ "$gi" -lt "$gt" ] || ok=1
[ "$gm" -gt 0 ] && [ "$gm" -le $((gt - gi)) ] || ok=1
echo "$old_max" >$R/max_size
echo $(((old_max) / 16)) >$R/gc_thresh
result "flood of $FLOOD sources: entries stay at or below max_size, refusals counted" $ok

# 14. the cache still serves after the flood
ok=0
inH sh -c "echo 0 > $R/flush"
a=$(cache_stat in_hit)
inS dinject -d 10.1.0.2 -s 10.1.0.1 -c 3 >/dev/null
sleep 1
[ $(($(cache_stat in_hit) - a)) -ge 2 ] || ok=1
result "after the flood: established flow served from the cache again" $ok

ktap_finished
