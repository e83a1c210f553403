#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# DUMMY across a link: two netns joined by veth (172.16.48.2 in "a",
# 172.16.48.1 in "b", as seed 002), with dnc and dping.  Covers delivery,
# fragmentation and reassembly, EMSGSIZE under DF, ECONNREFUSED from a
# port with no socket, ENETUNREACH without a route, EHOSTUNREACH from a
# neighbour that never answers, echo both ways, SO_BINDTODEVICE, IP_TOS,
# the receive checks (length, checksum) and /proc/net/myrt_dummy.
. "$(dirname "$0")/lib/lib.sh"

require_cmd dnc dping ip

A=dummyA$$
B=dummyB$$
ktap_print_header
ktap_set_plan 16

ns_create "$A" && ns_create "$B" || { ktap_exit_fail_msg "netns"; }
ip link add eth0 netns "$A" type veth peer name eth0 netns "$B" ||
	ktap_exit_fail_msg "veth"
ip -n "$A" addr add 172.16.48.2/24 dev eth0
ip -n "$B" addr add 172.16.48.1/24 dev eth0
ip -n "$A" link set eth0 up
ip -n "$B" link set eth0 up
# myrt's loopback device starts down, as the seeds' hosts bring it up
ip -n "$A" link set mylo up 2>/dev/null
ip -n "$B" link set mylo up 2>/dev/null

inA() { ip netns exec "$A" "$@"; }
inB() { ip netns exec "$B" "$@"; }
# counter NS NAME: a field of /proc/net/myrt_dummy
counter() {
	ip netns exec "$1" awk -v f="$2" \
		'NR == 1 { for (i = 2; i <= NF; i++) n[$i] = i }
		 NR == 2 { print $n[f] }' /proc/net/myrt_dummy
}

OUT=$(mktemp)
ERR=$(mktemp)
trap 'rm -f "$OUT" "$ERR"; ns_cleanup' EXIT


# listen NS PORT COUNT: a receiver printing "ADDR:PORT LEN" per datagram
listen() {
	dnc_listen "$1" "$2" "$3" "$OUT"
	LPID=$DNC_PID
}

# 1. a datagram crosses the link
listen "$B" 6000 1
inA dnc -c 1 -n 100 172.16.48.1 6000 2>"$ERR"
wait $LPID
if grep -q '^172.16.48.2:[0-9]* 100$' "$OUT"; then
	ktap_test_pass "datagram delivered across veth"
else
	ktap_print_msg "$(cat "$OUT" "$ERR")"
	ktap_test_fail "datagram delivered across veth"
fi

# 2. larger than the MTU: fragmented, reassembled, delivered whole
listen "$B" 6000 2
inA dnc -c 1 -n 5000 172.16.48.1 6000 2>"$ERR" &&
inA dnc -c 1 -n 65000 172.16.48.1 6000 2>>"$ERR"
wait $LPID
if grep -q ' 5000$' "$OUT" && grep -q ' 65000$' "$OUT"; then
	ktap_test_pass "5000 and 65000 byte datagrams fragmented and reassembled"
else
	ktap_print_msg "$(cat "$OUT" "$ERR")"
	ktap_test_fail "5000 and 65000 byte datagrams fragmented and reassembled"
fi

# 3. the same under DF: EMSGSIZE, exit status 1; fits: delivered
listen "$B" 6000 1
inA dnc -D -c 1 -n 5000 172.16.48.1 6000 2>"$ERR"
rc=$?
inA dnc -D -c 1 -n 1400 172.16.48.1 6000 2>>"$ERR"
wait $LPID
if [ $rc = 1 ] && grep -q EMSGSIZE "$ERR" && grep -q 'path MTU 1500' "$ERR" &&
   grep -q ' 1400$' "$OUT"; then
	ktap_test_pass "DF: EMSGSIZE above the MTU, delivered below"
else
	ktap_print_msg "rc=$rc $(cat "$OUT" "$ERR")"
	ktap_test_fail "DF: EMSGSIZE above the MTU, delivered below"
fi

# 4. no socket on the port: ICMP port unreachable -> ECONNREFUSED
before=$(counter "$B" NoPorts)
inA dnc -c 1 -w 2000 172.16.48.1 6001 2>"$ERR"
rc=$?
after=$(counter "$B" NoPorts)
if [ $rc = 1 ] && grep -q ECONNREFUSED "$ERR" && [ "$after" -gt "$before" ]; then
	ktap_test_pass "ECONNREFUSED from a port with no socket"
else
	ktap_print_msg "rc=$rc NoPorts $before -> $after $(cat "$ERR")"
	ktap_test_fail "ECONNREFUSED from a port with no socket"
fi

# 5. no route at all
inA dnc -c 1 10.200.0.1 6000 2>"$ERR"
rc=$?
if [ $rc = 1 ] && grep -q ENETUNREACH "$ERR"; then
	ktap_test_pass "ENETUNREACH without a route"
else
	ktap_print_msg "rc=$rc $(cat "$ERR")"
	ktap_test_fail "ENETUNREACH without a route"
fi

# 6. echo both ways
if inA dping -c 3 -i 0.2 -W 5 172.16.48.1 >"$OUT" 2>&1 &&
   grep -q '3 packets transmitted, 3 received' "$OUT" &&
   inB dping -c 2 -i 0.2 -s 1000 -W 5 172.16.48.2 >>"$OUT" 2>&1 &&
   grep -q '2 packets transmitted, 2 received' "$OUT"; then
	ktap_test_pass "dping both ways"
else
	ktap_print_msg "$(cat "$OUT")"
	ktap_test_fail "dping both ways"
fi

# 7. echo of a datagram larger than the MTU (fragmented both ways)
if inA dping -c 1 -s 4000 -W 5 172.16.48.1 >"$OUT" 2>&1 &&
   grep -q '4016 bytes from 172.16.48.1' "$OUT"; then
	ktap_test_pass "dping -s 4000 (fragmented request and reply)"
else
	ktap_print_msg "$(cat "$OUT")"
	ktap_test_fail "dping -s 4000 (fragmented request and reply)"
fi

# 8. a neighbour that never answers ARP: no reply, exit status 1
inA dping -c 1 -W 4 172.16.48.99 >"$OUT" 2>&1
rc=$?
if [ $rc = 1 ] && grep -q '1 packets transmitted, 0 received' "$OUT"; then
	ktap_test_pass "dping to a silent neighbour: no reply, exit 1"
else
	ktap_print_msg "rc=$rc $(cat "$OUT")"
	ktap_test_fail "dping to a silent neighbour: no reply, exit 1"
fi

# 9. ... and a connected socket hears EHOSTUNREACH (ARP failure)
inA dnc -c 1 -w 5000 172.16.48.99 6000 2>"$ERR"
rc=$?
if [ $rc = 1 ] && grep -q EHOSTUNREACH "$ERR"; then
	ktap_test_pass "EHOSTUNREACH after ARP fails"
else
	ktap_print_msg "rc=$rc $(cat "$ERR")"
	ktap_test_fail "EHOSTUNREACH after ARP fails"
fi

# 10. SO_BINDTODEVICE: through eth0 it works, through lo there is no way
listen "$B" 6000 1
inA dnc -I eth0 -c 1 -n 10 172.16.48.1 6000 2>"$ERR"
rc=$?
wait $LPID
if [ $rc = 0 ] && grep -q ' 10$' "$OUT"; then
	ktap_test_pass "SO_BINDTODEVICE eth0"
else
	ktap_print_msg "rc=$rc $(cat "$OUT" "$ERR")"
	ktap_test_fail "SO_BINDTODEVICE eth0"
fi

# 11. IP_TOS is carried (the receiver's dping counts on the same path)
listen "$B" 6000 1
inA dnc -t 0x10 -c 1 -n 20 172.16.48.1 6000 2>"$ERR"
rc=$?
wait $LPID
if [ $rc = 0 ] && grep -q ' 20$' "$OUT"; then
	ktap_test_pass "IP_TOS 0x10 datagram delivered"
else
	ktap_print_msg "rc=$rc $(cat "$OUT" "$ERR")"
	ktap_test_fail "IP_TOS 0x10 datagram delivered"
fi

# 12. lines from stdin, unconnected (sendto) mode
listen "$B" 6000 3
printf 'one\ntwo\nthree\n' | inA dnc -u 172.16.48.1 6000 2>"$ERR"
wait $LPID
if [ "$(wc -l <"$OUT")" = 3 ]; then
	ktap_test_pass "three lines sent with sendto"
else
	ktap_print_msg "$(cat "$OUT" "$ERR")"
	ktap_test_fail "three lines sent with sendto"
fi

# 13. counters add up: what A sent, B received
inb=$(counter "$B" InDatagrams)
outa=$(counter "$A" OutDatagrams)
echoes=$(counter "$B" EchoRequests)
if [ "$inb" -ge 9 ] && [ "$outa" -ge 12 ] && [ "$echoes" -ge 4 ]; then
	ktap_test_pass "/proc/net/myrt_dummy counts (B in $inb, A out $outa, B echo $echoes)"
else
	ktap_print_msg "$(inA cat /proc/net/myrt_dummy; inB cat /proc/net/myrt_dummy)"
	ktap_test_fail "/proc/net/myrt_dummy counts"
fi

# 14. hand-made datagrams with a bad checksum or length are dropped and
# counted (dnc -R sends one through a raw socket, the kernel routes it out).
# The listener starts after the bad ones: its 8 s backstop ran out before
# the good one on a loaded debug kernel (five dnc runs there take longer);
# a bad one delivered would be NoPorts, not the errors counted here.
csum0=$(counter "$B" InCsumErrors)
err0=$(counter "$B" InErrors)
inA dnc -R badsum 172.16.48.1 6000 2>"$ERR" &&
inA dnc -R shortlen 172.16.48.1 6000 2>>"$ERR" &&
inA dnc -R longlen 172.16.48.1 6000 2>>"$ERR" &&
inA dnc -R badtype 172.16.48.1 6000 2>>"$ERR" &&
listen "$B" 6000 1 &&
inA dnc -R good 172.16.48.1 6000 2>>"$ERR"
rc=$?
wait $LPID
csum1=$(counter "$B" InCsumErrors)
err1=$(counter "$B" InErrors)
if [ $rc = 0 ] && [ $((csum1 - csum0)) = 1 ] && [ $((err1 - err0)) = 3 ] &&
   [ "$(wc -l <"$OUT")" = 1 ]; then
	ktap_test_pass "bad checksum/length/type dropped and counted, good one delivered"
else
	ktap_print_msg "rc=$rc csum $csum0->$csum1 err $err0->$err1 $(cat "$OUT" "$ERR")"
	ktap_test_fail "bad checksum/length/type dropped and counted, good one delivered"
fi

# 15. the socket route cache: a connected socket's second send makes no
# lookup at all; after a cache flush the next send looks up again and
# still arrives.  (Lookups = out_hit + out_slow_tot of
# /proc/net/stat/myrt_cache, summed over CPUs.)  dnc sends a line of its
# stdin (29 characters and the newline: 30 bytes) when the test writes
# one: each step waits for the datagram before it, never for a time (on a
# loaded host a timer-driven sender raced past the flush).
lookups() {
	inA cat /proc/net/stat/myrt_cache | {
		sum=0
		while read -r -a f; do
			[ "${f[0]}" = entries ] && continue
			sum=$((sum + 16#${f[8]} + 16#${f[9]}))
		done
		echo $sum
	}
}
# the listener's backstop counts from its bind: the three steps, however
# slow the host, before it gives up
listen "$B" 6000 3 -w 120000
# wait_lines N: until the listener has printed N datagrams (60 s at most)
wait_lines() {
	local i
	for i in $(seq 600); do
		[ "$(wc -l <"$OUT")" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
FIFO=$(mktemp -u)
mkfifo "$FIFO"
inA dnc 172.16.48.1 6000 <"$FIFO" 2>"$ERR" &
spid=$!
exec 7>"$FIFO"
line=$(printf '%029d' 0)
echo "$line" >&7
wait_lines 1
l1=$(lookups)
echo "$line" >&7
wait_lines 2
l2=$(lookups)
inA sh -c 'echo 0 > /proc/sys/net/myrt/route/flush'
echo "$line" >&7
exec 7>&-
wait $spid
rc=$?
wait $LPID
l3=$(lookups)
rm -f "$FIFO"
if [ $rc = 0 ] && [ "$l1" = "$l2" ] && [ "$l3" -gt "$l2" ] &&
   [ "$(grep -c ' 30$' "$OUT")" = 3 ]; then
	ktap_test_pass "connected socket: cached route reused, revalidated after flush"
else
	ktap_print_msg "rc=$rc lookups $l1 $l2 $l3 $(cat "$OUT" "$ERR")"
	ktap_test_fail "connected socket: cached route reused, revalidated after flush"
fi

# 16. broadcast: EACCES without SO_BROADCAST; with it B hears it
listen "$B" 6000 1
inA dnc -u -c 1 -n 7 172.16.48.255 6000 2>"$ERR"
rc1=$?
inA dnc -b -u -c 1 -n 8 172.16.48.255 6000 2>>"$ERR"
rc2=$?
wait $LPID
if [ $rc1 = 1 ] && grep -q EACCES "$ERR" && [ $rc2 = 0 ] &&
   grep -q '^172.16.48.2:[0-9]* 8$' "$OUT"; then
	ktap_test_pass "broadcast: EACCES without SO_BROADCAST, delivered with it"
else
	ktap_print_msg "rc=$rc1,$rc2 $(cat "$OUT" "$ERR")"
	ktap_test_fail "broadcast: EACCES without SO_BROADCAST, delivered with it"
fi

ktap_finished
