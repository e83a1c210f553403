#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rt_intern_hash evicts the unreferenced entry with the lowest rt_score when
# a chain grows past gc_elasticity.  myrt is reloaded with a table of 16
# buckets (rhash_entries) and gc_elasticity 2, gc and expiry kept out of
# the way, so every chain overflows.  The myrt:myrt_cache_insert and
# myrt:myrt_cache_evict tracepoints say which entry went from which bucket.
#  - a broadcast input entry, the NEWEST of its chain, is the first to go
#    (rt_score: no "output or unicast" bit 30), before older forwarded ones;
#  - an output entry held by a connected DUMMY socket, the OLDEST entry,
#    survives every overflow, while an unreferenced output entry made at
#    the same time is evicted;
#  - chains never hold more than gc_elasticity + 1 entries.
# A redirected entry (RTCF_REDIRECTED, rt_score bit 31) needs incoming ICMP
# redirects (rt_redirect.c): skipped until they exist.
. "$(dirname "$0")/lib/lib.sh"

require_cmd dinject dnc myip ip insmod rmmod

ktap_print_header
ktap_set_plan 4

T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T 2>/dev/null ||
	{ ktap_skip_all "no tracefs"; exit "$KSFT_SKIP"; }

P=/proc/sys/net/myrt/route
S=evictS$$
H=evictH$$
OUT=$(mktemp)
RPID=
cleanup() {
	[ -n "$RPID" ] && kill "$RPID" 2>/dev/null && wait "$RPID" 2>/dev/null
	echo 0 >$T/events/myrt/enable 2>/dev/null
	echo >$T/trace 2>/dev/null
	rm -f "$OUT"
	ns_cleanup
	# back to the module as the other tests expect it
	myrt_unload && myrt_load
}
trap cleanup EXIT

myrt_unload && insmod "$MYRT_KO" rhash_entries=16 ||
	ktap_exit_fail_msg "reload myrt with rhash_entries=16"
grep -q '^buckets 16$' /proc/net/stat/myrt_cache_chains ||
	ktap_exit_fail_msg "not 16 buckets: $(head -1 /proc/net/stat/myrt_cache_chains)"

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

# Forwarded unicast entries: H routes 10.9/16 back to S (which drops them).
inH myip route add 10.9.0.0/16 via 10.1.0.1 || ktap_exit_fail_msg "myip route add"
ip -n "$S" route add 10.9.0.0/16 via 10.1.0.2
inH sysctl -qw net.ipv4.conf.eth0.forwarding=1
# Only rt_intern_hash evicts: no gc (gc_thresh), no expiry (gc_interval).
echo 1000000 >$P/max_size
echo 100000 >$P/gc_thresh
echo 3600 >$P/gc_interval
echo 2 >$P/gc_elasticity
inH sh -c "echo 0 > $P/flush"

# R: the oldest entry, held by a connected socket (bound source: one entry)
dnc_listen "$S" 9 1 "$OUT" || ktap_exit_fail_msg "listener"
LPID=$DNC_PID
ip netns exec "$H" dnc -s 10.1.0.2 -c 1 -w 120000 10.1.0.1 9 2>/dev/null &
RPID=$!
wait "$LPID"
# U: an output entry of the same age that nobody holds
inH dnc -u -s 10.1.0.2 -c 1 -w 0 10.9.1.1 9 2>/dev/null
has() { cache_entries "$H" | grep -q "$1"; }
R_KEY='key: dst 10.1.0.1 src 10.1.0.2 iif 0 oif 0 '
U_KEY='key: dst 10.9.1.1 src 10.1.0.2 iif 0 oif 0 '
B_KEY='key: dst 10.1.0.255 src 10.1.0.1 iif [1-9]'
if ! has "$R_KEY" || ! has "$U_KEY"; then
	cache_entries "$H" | while read -r l; do ktap_print_msg "$l"; done
	ktap_exit_fail_msg "the output entries R and U are not cached"
fi

# F1: 300 forwarded entries fill every chain to gc_elasticity + 1
longest=0
inS dinject -d 10.9.0.1 -S 10.2.0.1 -n 300 -c 300 >/dev/null
sleep 0.3
chains() { awk -v k="$1" '$1 == k { print $2 }' /proc/net/stat/myrt_cache_chains; }
l=$(chains longest_all)
[ "$l" -gt "$longest" ] && longest=$l

# B: a broadcast input entry, the newest of its chain
echo >$T/trace
echo 1 >$T/events/myrt/myrt_cache_insert/enable
echo 1 >$T/events/myrt/myrt_cache_evict/enable
inS dinject -d 10.1.0.255 -s 10.1.0.1 -c 1 >/dev/null
sleep 0.3
ins=$(grep 'myrt_cache_insert:' $T/trace)
if [ "$(grep -c . <<<"$ins")" != 1 ] || ! has "$B_KEY"; then
	ktap_print_msg "inserts: $ins"
	ktap_exit_fail_msg "no single cached broadcast entry"
fi
B_PTR=$(sed -n 's/.*myrt_cache_insert: entry \([^ ]*\) bucket.*/\1/p' <<<"$ins")
B_BKT=$(sed -n 's/.*myrt_cache_insert: entry [^ ]* bucket \([0-9]*\).*/\1/p' <<<"$ins")

# F2: 300 newer forwarded entries overflow every chain again (about 19
# inserts per bucket; none at all in B's is a 1 in 250,000 chance)
inS dinject -d 10.9.0.1 -S 10.3.0.1 -n 300 -c 300 >/dev/null
sleep 0.3
l=$(chains longest_all)
[ "$l" -gt "$longest" ] && longest=$l
echo 0 >$T/events/myrt/enable
# evictions from B's bucket after B went in (B's own insert evicted one of
# the older entries: the trace shows that eviction just before the insert)
EV=$(awk -v p="$B_PTR" -v b="$B_BKT" '
	/myrt_cache_insert: entry / && $0 ~ "entry " p " " { on = 1; next }
	on && $0 ~ "myrt_cache_evict: entry [^ ]* bucket " b ": elasticity" {
		sub(/.*myrt_cache_evict: entry /, ""); print $1 }' $T/trace)
first=$(head -n1 <<<"$EV")
n_after=$(grep -c . <<<"$EV")

# 1. the broadcast entry first
if [ "$first" = "$B_PTR" ] && [ "$n_after" -ge 2 ] && ! has "$B_KEY"; then
	ktap_test_pass "broadcast input entry (newest) evicted first from its chain"
else
	ktap_print_msg "bucket $B_BKT: broadcast $B_PTR, evicted in order: $(tr '\n' ' ' <<<"$EV")"
	ktap_test_fail "broadcast input entry (newest) evicted first from its chain"
fi

# 2. the referenced entry survives, the unreferenced one of its age does not
if has "$R_KEY" && ! has "$U_KEY" && kill -0 "$RPID" 2>/dev/null; then
	ktap_test_pass "referenced output entry (oldest) survives, unreferenced one evicted"
else
	ktap_print_msg "R cached: $(has "$R_KEY" && echo yes || echo no), U cached: $(has "$U_KEY" && echo yes || echo no)"
	ktap_test_fail "referenced output entry (oldest) survives, unreferenced one evicted"
fi

# 3. chains bounded by gc_elasticity (+1: the entry just inserted)
if [ "$longest" -le 3 ] && [ "$longest" -ge 2 ]; then
	ktap_test_pass "chains at most gc_elasticity + 1 long (longest $longest)"
else
	ktap_test_fail "chains at most gc_elasticity + 1 long (longest $longest)"
fi

# 4. redirected entries: they need incoming ICMP redirects
if grep -q myrt_rt_redirect /proc/kallsyms 2>/dev/null; then
	ktap_test_skip "redirected entry survives: not scripted yet"
else
	ktap_test_skip "redirected entry survives: no incoming redirects (rt_redirect.c) yet"
fi

kill "$RPID" 2>/dev/null
wait "$RPID" 2>/dev/null
RPID=
ktap_finished
