#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The route cache machinery (issue: the complete route cache):
# sysctls with classic names, defaults and units, validated; the counters
# of /proc/net/stat/myrt_cache for a scripted sequence of packets; the flush
# sysctl; expiry after a short gc_timeout; a referenced entry surviving
# eviction; and a flood from many sources never taking the cache past
# max_size.  Packets come from a peer netns over veth (dinject: raw IP).
. "$(dirname "$0")/lib/lib.sh"

require_cmd dinject dnc myip ip

ktap_print_header
ktap_set_plan 8

R=/proc/sys/net/myrt/route
S=cacheS$$	# sender
H=cacheH$$	# host under test
ns_create "$S"
ns_create "$H"
ip link add eth0 netns "$S" type veth peer name eth0 netns "$H"
ip -n "$S" addr add 10.1.0.1/24 dev eth0
ip -n "$H" addr add 10.1.0.2/24 dev eth0
for n in "$S" "$H"; do
	ip -n "$n" link set eth0 up
	ip -n "$n" link set mylo up
done
link_settle "$S" eth0
link_settle "$H" eth0

inS() { ip netns exec "$S" "$@"; }
inH() { ip netns exec "$H" "$@"; }


entries() { inH myip route show cache | grep -c '^[^ ]'; }

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
     secret_interval=600 rt_cache_rebuild_count=4 error_burst=$((5 * HZ))
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

# 2. bad values refused with EINVAL, good ones read back
ok=0
for kv in min_pmtu=10 min_pmtu=70000 gc_elasticity=0 gc_timeout=0 \
	  gc_interval=-1 gc_thresh=0 max_size=-5 redirect_number=31 \
	  min_adv_mss=-1 gc_timeout=abc; do
	old=$(cat "$R/${kv%%=*}")
	if echo "${kv#*=}" >"$R/${kv%%=*}" 2>/dev/null; then
		ktap_print_msg "${kv%%=*}=${kv#*=} was accepted"
		ok=1
	fi
	[ "$(cat "$R/${kv%%=*}")" = "$old" ] || ok=1
done
for kv in min_pmtu=600 gc_elasticity=4 gc_timeout=120 gc_interval=30 \
	  gc_min_interval_ms=250 mtu_expires=300 redirect_number=5; do
	old=$(cat "$R/${kv%%=*}")
	echo "${kv#*=}" >"$R/${kv%%=*}" || ok=1
	[ "$(cat "$R/${kv%%=*}")" = "${kv#*=}" ] || {
		ktap_print_msg "${kv%%=*} reads $(cat "$R/${kv%%=*}") after ${kv#*=}"
		ok=1
	}
	echo "$old" >"$R/${kv%%=*}"
done
result "sysctls: out of range refused (EINVAL), values read back" $ok

# 3. input counters: slow path, hit, martian source (never cached)
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

# 4. output counters, broadcast input, no-route input (forwarding on)
ok=0
a=$(cache_stat out_slow_tot) b=$(cache_stat out_hit) c=$(cache_stat in_brd) d=$(cache_stat in_no_route)
ip netns exec "$S" dnc -l -x -c 3 -w 3000 9 >/dev/null 2>&1 &
LPID=$!
sleep 1
inH dnc -u -c 3 10.1.0.1 9 2>/dev/null
wait $LPID
inS dinject -d 10.1.0.255 -s 10.1.0.1 -c 1 >/dev/null
inH sysctl -qw net.ipv4.conf.eth0.forwarding=1
inS ip route add 10.9.0.0/16 via 10.1.0.2
inS dinject -d 10.9.0.1 -s 10.1.0.1 -c 1 >/dev/null
sleep 1
inH sysctl -qw net.ipv4.conf.eth0.forwarding=0
[ $(($(cache_stat out_slow_tot) - a)) = 1 ] || ok=1
[ $(($(cache_stat out_hit) - b)) = 2 ] || ok=1
[ $(($(cache_stat in_brd) - c)) = 1 ] || ok=1
[ $(($(cache_stat in_no_route) - d)) = 1 ] || ok=1
cache_entries "$H" | grep -q 'key: dst 10.9.0.1 .*dst: dev .* error 101 ' || {
	ktap_print_msg "no error entry for 10.9.0.1"
	ok=1
}
[ $ok = 0 ] || ktap_print_msg "out_slow_tot +$(($(cache_stat out_slow_tot) - a)) out_hit +$(($(cache_stat out_hit) - b)) in_brd +$(($(cache_stat in_brd) - c)) in_no_route +$(($(cache_stat in_no_route) - d))"
result "counters: out_slow_tot, out_hit, in_brd, in_no_route (error entry cached)" $ok

# 5. the flush sysctl: entries invisible and gone at once
ok=0
[ "$(entries)" -gt 0 ] || ok=1
inH sh -c "echo 0 > $R/flush" || ok=1
[ "$(entries)" = 0 ] || ok=1
result "flush sysctl empties the cache of the netns" $ok

# 6. expiry: unreferenced entries go after gc_timeout; a socket's stays
ok=0
old_to=$(cat $R/gc_timeout) old_iv=$(cat $R/gc_interval)
inS dinject -d 10.1.0.2 -S 10.1.0.100 -n 20 -c 20 >/dev/null
ip netns exec "$S" dnc -l -x -c 100000 -w 30000 9 >/dev/null 2>&1 &
LPID=$!
sleep 1
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

# 7. a flood of distinct sources: entries never above max_size
ok=0
max=$(cat $R/max_size)
old_max=$max
echo 2000 >$R/max_size
echo 500 >$R/gc_thresh
ip netns exec "$S" dinject -d 10.1.0.2 -S 10.2.0.1 -n 30000 -c 30000 >/dev/null &
FPID=$!
peak=0
while kill -0 $FPID 2>/dev/null; do
	e=$(cache_stat entries)
	[ "$e" -gt $peak ] && peak=$e
	sleep 0.1
done
wait $FPID
e=$(cache_stat entries)
[ "$e" -gt $peak ] && peak=$e
ktap_print_msg "peak entries $peak (max_size 2000), gc_total $(cache_stat gc_total), gc_dst_overflow $(cache_stat gc_dst_overflow)"
# A CPU reserves its entry before gc refuses it: a sample may catch that.
[ "$peak" -le $((2000 + $(nproc))) ] || ok=1
[ "$(cache_stat gc_total)" -gt 0 ] || ok=1
echo "$old_max" >$R/max_size
echo $(((old_max) / 16)) >$R/gc_thresh
result "flood of 30000 sources: entries stay at or below max_size" $ok

# 8. the cache still serves after the flood
ok=0
inH sh -c "echo 0 > $R/flush"
a=$(cache_stat in_hit)
inS dinject -d 10.1.0.2 -s 10.1.0.1 -c 3 >/dev/null
sleep 1
[ $(($(cache_stat in_hit) - a)) -ge 2 ] || ok=1
result "after the flood: established flow served from the cache again" $ok

ktap_finished
