#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ICMP redirects, sent and received by myrt.  h1, r and r2 share one link
# (a bridge); r2 leads to h2's subnet:
#
#	h1 10.1.1.2 --+-- r 10.1.1.1 (h1's gateway; 10.1.2.0/24 via r2)
#	              +-- r2 10.1.1.3 -- 10.1.2.1 -- h2 10.1.2.2
#
# A packet from h1 to h2 comes into r and leaves by the same interface, to
# r2: r forwards it and tells h1 about r2 (ICMP redirect host), at most
# redirect_number times until redirect_silence passed without packets.  h1
# (myrt's DUMMY flows) caches a REDIRECTED entry and goes to r2 directly.
. "$(dirname "$0")/lib/lib.sh"

require_cmd dnc icmpwatch myip ip sysctl

ktap_print_header
ktap_set_plan 11

SW=rdSW$$
H1=rdH1$$
R=rdR$$
R2=rdR2$$
H2=rdH2$$
for n in "$SW" "$H1" "$R" "$R2" "$H2"; do ns_create "$n"; done
# The shared link is a bridge (lib.sh lan_create): the guest has one
# (GUEST_MODULES, debug.config), so failing to make it is a setup bug.
err=$(lan_create "$SW" 2>&1) ||
	ktap_exit_fail_msg "cannot create the bridge of the shared link (lan_create): $err"
lan_attach "$SW" "$H1" eth0 || ktap_exit_fail_msg "cannot attach $H1 to the bridge (lan_attach)"
lan_attach "$SW" "$R" eth0 || ktap_exit_fail_msg "cannot attach $R to the bridge (lan_attach)"
lan_attach "$SW" "$R2" eth0 || ktap_exit_fail_msg "cannot attach $R2 to the bridge (lan_attach)"
ip link add eth1 netns "$R2" type veth peer name eth0 netns "$H2"
ip -n "$H1" addr add 10.1.1.2/24 dev eth0
ip -n "$R" addr add 10.1.1.1/24 dev eth0
ip -n "$R2" addr add 10.1.1.3/24 dev eth0
ip -n "$R2" addr add 10.1.2.1/24 dev eth1
ip -n "$H2" addr add 10.1.2.2/24 dev eth0
for n in "$H1" "$R" "$R2" "$H2"; do
	ip -n "$n" link set mylo up
	for d in eth0 eth1; do
		ip -n "$n" link set "$d" up 2>/dev/null
	done
done
ip -n "$H1" route add default via 10.1.1.1
ip -n "$H2" route add default via 10.1.2.1
ip -n "$R" route add 10.1.2.0/24 via 10.1.1.3
ip netns exec "$H1" myip route add default via 10.1.1.1
ip netns exec "$H2" myip route add default via 10.1.2.1
ip netns exec "$R" myip route add 10.1.2.0/24 via 10.1.1.3
for n in "$R" "$R2"; do
	ip netns exec "$n" sysctl -qw net.ipv4.conf.all.forwarding=1
done
ip netns exec "$R" sysctl -qw net.ipv4.icmp_ratelimit=0

link_settle "$H1" eth0
link_settle "$R" eth0
link_settle "$R2" eth0 eth1
link_settle "$H2" eth0

inH1() { ip netns exec "$H1" "$@"; }
inR() { ip netns exec "$R" "$@"; }
OUT=$(mktemp)
RCV=$(mktemp)
trap 'rm -f "$OUT" "$RCV"; rparam_restore; ns_cleanup' EXIT

result() {
	if [ "$2" = 0 ]; then ktap_test_pass "$1"; else ktap_test_fail "$1"; fi
}
show() { while read -r l; do ktap_print_msg "$l"; done; }
# accept NS 0|1: accept_redirects of NS (all and eth0)
accept() {
	ip netns exec "$1" sysctl -qw net.ipv4.conf.all.accept_redirects="$2"
	ip netns exec "$1" sysctl -qw net.ipv4.conf.eth0.accept_redirects="$2"
}
# rparam NAME VALUE: a route cache tunable (global, not per netns), put
# back at exit
RPARAMS=
rparam() {
	local f=/proc/sys/net/myrt/route/$1
	case " $RPARAMS " in
	*" $1="*) ;;
	*) RPARAMS="$RPARAMS $1=$(cat "$f")" ;;
	esac
	echo "$2" >"$f"
}
rparam_restore() {
	local p
	for p in $RPARAMS; do
		echo "${p#*=}" >"/proc/sys/net/myrt/route/${p%%=*}"
	done
}
flush() { ip netns exec "$1" sh -c 'echo 0 > /proc/sys/net/myrt/route/flush'; }
# listen N: h2 receives N datagrams on port 7000 (pid in LPID)
listen() {
	dnc_listen "$H2" 7000 "$1" "$RCV" || ktap_print_msg "listener on h2 did not start"
	LPID=$DNC_PID
}
# redirects: the redirects h1 got from r about h2, via r2
redirects() {
	grep -c '^10.1.1.1 type 5 code 1 gateway 10.1.1.3 inner 10.1.1.2 > 10.1.2.2 proto 253' "$OUT"
}
# send N MS: h1 sends N datagrams to h2, MS ms apart, while watching ICMP
send() {
	icmp_watch "$H1" "$OUT" -t 60 || ktap_print_msg "icmpwatch did not start"
	inH1 dnc -c "$1" -i "$2" 10.1.2.2 7000 2>/dev/null
	icmp_watch_end
}

accept "$H1" 0
rparam redirect_load 0		# no backoff: one redirect per packet ...
rparam redirect_number 3	# ... up to three

# 1. r forwards back out of eth0 and sends redirect_number redirects
ok=0
listen 8
send 8 30
wait $LPID || ok=1
n=$(redirects)
ktap_print_msg "8 packets through r: $n redirects"
[ "$n" = 3 ] || { ok=1; show <"$OUT"; }
RETH0=$(inR cat /sys/class/net/eth0/ifindex)
cache_entries "$R" | grep -q "key: dst 10.1.2.2 src 10.1.1.2 iif $RETH0 .* dev eth0 .*RTCF_DOREDIRECT.* rt_gateway 10.1.1.3 " ||
	{ ok=1; cache_entries "$R" | show; }
result "r forwards h1 -> r2 out of its input interface: DOREDIRECT entry, redirect_number (3) redirects" $ok

# 2. h1 does not accept them: no REDIRECTED entry, still through r
ok=0
cache_entries "$H1" | grep -q RTCF_REDIRECTED && ok=1
cache_entries "$H1" | grep -q "key: dst 10.1.2.2 .* rt_gateway 10.1.1.1 " || ok=1
[ $ok = 0 ] || cache_entries "$H1" | show
result "accept_redirects 0: h1 keeps its route through r" $ok

# 3. after the packets stopped for redirect_silence, redirects resume
ok=0
rparam redirect_silence 50	# 200 ms at HZ 250
sleep 1
listen 8
send 8 20
wait $LPID || ok=1
n=$(redirects)
ktap_print_msg "after the silence, 8 more packets: $n redirects"
[ "$n" = 3 ] || { ok=1; show <"$OUT"; }
rparam redirect_silence 5120
result "redirect_silence without packets: the count starts again" $ok

# 4. send_redirects off on r: forwarded, no redirect
ok=0
inR sysctl -qw net.ipv4.conf.all.send_redirects=0
inR sysctl -qw net.ipv4.conf.eth0.send_redirects=0
flush "$R"
listen 4
send 4 30
wait $LPID || ok=1
n=$(redirects)
[ "$n" = 0 ] || { ok=1; show <"$OUT"; }
inR sysctl -qw net.ipv4.conf.all.send_redirects=1
inR sysctl -qw net.ipv4.conf.eth0.send_redirects=1
result "send_redirects 0 on r: forwarded without redirects" $ok

# 5. h1 accepts: REDIRECTED entry with gateway r2, shown in both views
ok=0
accept "$H1" 1
rparam redirect_number 9
flush "$R"
flush "$H1"
fr=$(ip_stat "$R" ForwDatagrams)
listen 10
send 10 100
wait $LPID || ok=1
cache_entries "$H1" | grep -q "key: dst 10.1.2.2 src 10.1.1.2 .* dev eth0 .*RTCF_REDIRECTED.* rt_gateway 10.1.1.3 " ||
	ok=1
# /proc/net/myrt_cache: gateway 10.1.1.3, flags with RTCF_REDIRECTED
inH1 awk '$2 == "0202010A" && $3 == "0301010A" { print $4 }' /proc/net/myrt_cache >"$RCV.flags"
[ -s "$RCV.flags" ] || ok=1
while read -r f; do
	[ $((16#$f & 0x40000)) != 0 ] || ok=1
done <"$RCV.flags"
rm -f "$RCV.flags"
ktap_print_msg "r forwarded $(($(ip_stat "$R" ForwDatagrams) - fr)) of 10 before h1 took the redirect"
[ $ok = 0 ] || { cache_entries "$H1"; inH1 cat /proc/net/myrt_cache; show <"$OUT"; } | show
result "accept_redirects 1: h1 caches a REDIRECTED entry with gateway r2 (myip and /proc/net/myrt_cache)" $ok

# 6. h1's next packets go to r2 directly
ok=0
fr=$(ip_stat "$R" ForwDatagrams)
fr2=$(ip_stat "$R2" ForwDatagrams)
listen 5
inH1 dnc -c 5 -i 20 10.1.2.2 7000 || ok=1
wait $LPID || ok=1
dr=$(($(ip_stat "$R" ForwDatagrams) - fr))
dr2=$(($(ip_stat "$R2" ForwDatagrams) - fr2))
ktap_print_msg "5 packets: r forwarded $dr, r2 forwarded $dr2"
[ "$dr" = 0 ] && [ "$dr2" = 5 ] || ok=1
result "h1's next packets go to r2 directly (r forwards none)" $ok

# 7. a redirect from a router that is not our gateway is ignored: h1 uses
# r's second address 10.1.1.9, r's redirects come from 10.1.1.1
ok=0
ip -n "$R" addr add 10.1.1.9/24 dev eth0
inH1 myip route replace default via 10.1.1.9
flush "$H1"
flush "$R"
listen 6
send 6 100
wait $LPID || ok=1
[ "$(redirects)" -ge 2 ] || ok=1
cache_entries "$H1" | grep -q RTCF_REDIRECTED && ok=1
cache_entries "$H1" | grep -q "key: dst 10.1.2.2 .* rt_gateway 10.1.1.9 " || ok=1
[ $ok = 0 ] || { cache_entries "$H1"; show <"$OUT"; } | show
inH1 myip route replace default via 10.1.1.1
result "a redirect whose sender is not the current gateway is ignored" $ok

# 8. shared_media 0 and secure_redirects: only a gateway h1 already knows
ok=0
for c in all eth0; do
	inH1 sysctl -qw net.ipv4.conf.$c.shared_media=0
	inH1 sysctl -qw net.ipv4.conf.$c.secure_redirects=1
done
flush "$H1"
flush "$R"
listen 4
send 4 100
wait $LPID || ok=1
cache_entries "$H1" | grep -q RTCF_REDIRECTED && { ok=1; ktap_print_msg "accepted an unknown gateway"; }
inH1 myip route add 10.77.0.0/16 via 10.1.1.3
flush "$H1"
flush "$R"
listen 4
send 4 100
wait $LPID || ok=1
cache_entries "$H1" | grep -q "RTCF_REDIRECTED.* rt_gateway 10.1.1.3 " || { ok=1; ktap_print_msg "refused a known gateway"; }
[ $ok = 0 ] || { cache_entries "$H1"; show <"$OUT"; } | show
result "secure_redirects: the new gateway must be one of h1's gateways" $ok

# 9. redirect_load back-off (classic ip_rt_send_redirect): an entry's first
# redirect goes at once, the next only when redirect_load << n jiffies have
# passed since the last one (n = redirects sent so far).  With
# redirect_load 100 ms (HZ/10), a burst gets one redirect if it lasts less
# than 200 ms, two if less than 600 ms, ...; after a pause of
# redirect_load << n, the next burst gets one again.  A slow (TCG) host may
# stretch a burst: each burst's expectation is bounded by its measured
# duration (taken around dnc, so longer than the packets' span: the upper
# bound only gets looser) and must be at least one.
ok=0
accept "$H1" 0
hz=${RPARAMS#* redirect_load=}
hz=$((${hz%% *} * 50))	# the default redirect_load is HZ/50
[ "$hz" -gt 0 ] || hz=250
load=$((hz / 10))
rparam redirect_load $load
rparam redirect_number 9
rparam redirect_silence $((hz * 20))
flush "$H1"
flush "$R"
# uptime in ms
now_ms() {
	local t
	read -r t _ </proc/uptime
	echo $((10#${t/./} * 10))
}
# burst: 10 datagrams at once while watching ICMP; sets n (redirects),
# ms (the burst's duration) and t_end (uptime in ms at its end)
burst() {
	local t0
	icmp_watch "$H1" "$OUT" -t 60 || ktap_print_msg "icmpwatch did not start"
	# timed inside h1 (ip netns exec's own start-up is not part of it)
	t0=$(inH1 bash -c "$(declare -f now_ms)"'
		t0=$(now_ms)
		dnc -c 10 -w 0 10.1.2.2 7000 2>/dev/null
		echo "$t0 $(now_ms)"')
	t_end=${t0#* }
	t0=${t0%% *}
	icmp_watch_end
	n=$(redirects)
	ms=$((t_end - t0 + 20))
	[ "$t0" -gt 0 ] && [ "$t_end" -ge "$t0" ] || { ok=1; ktap_print_msg "no burst times"; }
}
# most SENT MS: the most redirects the back-off allows in MS ms when SENT
# were sent before and the first packet may have one (each wait counted
# one jiffy short: jiffies may tick right after the last redirect)
most() {
	local k=1 t=0
	while [ $(($1 + k)) -lt 9 ]; do
		t=$((t + ((load << ($1 + k)) - 1) * 1000 / hz))
		[ $t -lt "$2" ] || break
		k=$((k + 1))
	done
	echo $k
}
burst
na=$n
max=$(most 0 "$ms")
ktap_print_msg "burst of 10 in ${ms} ms: $na redirects (1 to $max allowed)"
[ "$na" -ge 1 ] && [ "$na" -le "$max" ] || { ok=1; show <"$OUT"; }
# wait out redirect_load << na after the end of the burst (+ 200 ms)
w=$((t_end + (load << na) * 1000 / hz + 200 - $(now_ms)))
[ $w -le 0 ] || sleep "$((w / 1000)).$(printf %03d $((w % 1000)))"
burst
max=$(most "$na" "$ms")
ktap_print_msg "after the pause, burst of 10 in ${ms} ms: $n redirects (1 to $max allowed)"
[ "$n" -ge 1 ] && [ "$n" -le "$max" ] || { ok=1; show <"$OUT"; }
result "redirect_load back-off: one redirect per short burst, the next after redirect_load << n" $ok

# 10. the largest back-off does not overflow (issue 18, item 9):
# redirect_load INT_MAX shifted by up to redirect_number 30 used to wrap to
# a negative wait, so every packet got a redirect.  Now the wait saturates:
# a burst gets the first redirect only.
ok=0
rparam redirect_load 2147483647
rparam redirect_number 30
rparam redirect_silence 2147483647
flush "$H1"
flush "$R"
burst
ktap_print_msg "redirect_load INT_MAX, redirect_number 30: burst of 10, $n redirects"
[ "$n" = 1 ] || { ok=1; show <"$OUT"; }
result "redirect_load INT_MAX << redirect_number 30: no overflow, one redirect per burst" $ok

# 11. classic redirects (issue 19): h1 accepts redirects again (off since
# 9); with secure_redirects (still on from 8)
# a gateway of a route in any table is known (ip_fib_check_default), and
# an accepted redirect updates the key's output entries of every TOS: the
# entry a "route get ... tos 0x10" made is redirected with dnc's (tos 0)
ok=0
rparam redirect_load 0
rparam redirect_number 9
rparam redirect_silence 50
inH1 myip route del 10.77.0.0/16 via 10.1.1.3 || { ok=1; ktap_print_msg "route del failed"; }
inH1 myip route add 10.78.0.0/16 via 10.1.1.3 table 100 || { ok=1; ktap_print_msg "route add table 100 failed"; }
accept "$H1" 1
flush "$H1"
flush "$R"
inH1 myip route get 10.1.2.2 tos 0x10 >/dev/null || ok=1
listen 4
send 4 100
wait $LPID || ok=1
cache_entries "$H1" >"$RCV.c"
grep -q "key: dst 10.1.2.2 src 0.0.0.0 .* tos 0x10 .*RTCF_REDIRECTED.* rt_gateway 10.1.1.3 " "$RCV.c" ||
	{ ok=1; ktap_print_msg "the tos 0x10 entry was not redirected"; }
grep -q "key: dst 10.1.2.2 .* tos 0x00 .*RTCF_REDIRECTED.* rt_gateway 10.1.1.3 " "$RCV.c" ||
	{ ok=1; ktap_print_msg "the tos 0 entries were not redirected"; }
[ $ok = 0 ] || { cat "$RCV.c"; show <"$OUT"; } | show
rm -f "$RCV.c"
result "secure_redirects knows every table's gateways; a redirect updates the entries of every TOS" $ok

ktap_finished
