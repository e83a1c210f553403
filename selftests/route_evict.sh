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
#  - chains never hold more than gc_elasticity + 1 entries;
#  - an unreferenced output entry that an ICMP redirect made REDIRECTED
#    (rt_score bit 31: valuable), as old as the one evicted, survives.
# First, on the same small table, the chains are known entry by entry
# (myip -d: hash): a lookup counts in in_hlist_search/out_hlist_search
# every entry it passes over before the hit.
. "$(dirname "$0")/lib/lib.sh"

require_cmd dinject dnc myip ip insmod rmmod

ktap_print_header
ktap_set_plan 6

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

sh_pair "$S" "$H" || ktap_exit_fail_msg "netns setup"

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

# 1, 2. in_hlist_search, out_hlist_search.  Every netns flushed (their stale
# entries freed): the table holds H's entries only, so the chains of H's
# dump are whole, in chain order; 24 input and 12 output entries in 16
# buckets make chains of 3 or more.  Each entry is then looked up once:
# a hit passes over the entries ahead of it in its chain.  Hits do not
# reorder chains.  S's myrt makes no entry (no route, not forwarding).
flush_ns() { ip netns exec "$1" sh -c "echo 0 > $P/flush"; }
echo 0 >$P/flush
flush_ns "$S"
flush_ns "$H"
inS dinject -d 10.1.0.2 -S 10.4.0.1 -n 24 -c 24 >/dev/null
# (the senders of one netns in one shell there: an `ip netns exec` each
# took most of this case's time)
inH bash -c 'for i in $(seq 12); do
	dnc -u -s 10.1.0.2 -c 1 -w 0 10.9.2.$i 9 2>/dev/null </dev/null
done'
sleep 0.3
# DST SRC IIF POS: each entry of H and its place in its chain
CH=$(inH myip -d route show cache | awk '
	/^    key: / { dst = $3; src = $5; iif = $7 }
	/^    hash / { print dst, src, iif, n[$2]++ }')
sum() { awk -v inp="$1" '($3 != 0) == inp { s += $4; n++ } END { print s + 0, n + 0 }' <<<"$CH"; }
read -r in_exp n_in <<<"$(sum 1)"
read -r out_exp n_out <<<"$(sum 0)"
live=$(cache_stat entries)
a=$(cache_stat in_hlist_search) b=$(cache_stat in_hit)
awk '$3 != 0 { print $1, $2 }' <<<"$CH" | inS bash -c 'while read -r dst src; do
	dinject -d "$dst" -s "$src" -c 1 >/dev/null </dev/null
done'
sleep 0.3
in_got=$(($(cache_stat in_hlist_search) - a)) in_hit=$(($(cache_stat in_hit) - b))
a=$(cache_stat out_hlist_search) b=$(cache_stat out_hit)
awk '$3 == 0 { print $1, $2 }' <<<"$CH" | inH bash -c 'while read -r dst src; do
	dnc -u -s "$src" -c 1 -w 0 "$dst" 9 2>/dev/null </dev/null
done'
out_got=$(($(cache_stat out_hlist_search) - a)) out_hit=$(($(cache_stat out_hit) - b))
ktap_print_msg "table: $live entries, H's: $n_in input, $n_out output; passed over: input $in_got (chains say $in_exp), output $out_got (chains say $out_exp)"
if [ "$live" = $((n_in + n_out)) ] && [ "$n_in" -ge 20 ] && [ $((in_exp + out_exp)) -gt 0 ] &&
   [ "$in_hit" = "$n_in" ] && [ "$in_got" = "$in_exp" ]; then
	ktap_test_pass "in_hlist_search: the entries ahead in the chain of each input hit"
else
	ktap_print_msg "in_hit +$in_hit"
	ktap_test_fail "in_hlist_search: the entries ahead in the chain of each input hit"
fi
if [ "$live" = $((n_in + n_out)) ] && [ "$n_out" -ge 10 ] &&
   [ "$out_hit" = "$n_out" ] && [ "$out_got" = "$out_exp" ]; then
	ktap_test_pass "out_hlist_search: the entries ahead in the chain of each output hit"
else
	ktap_print_msg "out_hit +$out_hit"
	ktap_test_fail "out_hlist_search: the entries ahead in the chain of each output hit"
fi

# for E below (a FIB change flushes: before the entries that must stay)
inH myip route add 10.7.0.0/16 via 10.1.0.1 || ktap_exit_fail_msg "myip route add"
inS myip route add 10.7.0.0/16 via 10.1.0.3 || ktap_exit_fail_msg "myip route add"
for n in "$S" "$H"; do
	ip -n "$n" neigh replace 10.1.0.3 lladdr 02:00:00:00:00:03 dev eth0 nud permanent
done
inH sysctl -qw net.ipv4.conf.all.accept_redirects=1
inH sysctl -qw net.ipv4.conf.eth0.accept_redirects=1
echo 2 >$P/gc_elasticity
flush_ns "$H"

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

# E: an output entry made REDIRECTED by an ICMP redirect, as old as R and
# U and held by nobody.  S (forwarding for a moment, a myrt route 10.7/16
# via 10.1.0.3) forwards H's datagram back out of the link it came in on
# and sends H a redirect to 10.1.0.3.  Nobody has 10.1.0.3: a permanent
# neighbour on both sides (myrt takes a redirect only to a resolved
# gateway); S's forwarded copy is dropped by H's veth (not its MAC).  The
# routes were added before R and U: a FIB change flushes the cache.
inS sysctl -qw net.ipv4.conf.eth0.forwarding=1
# The redirect's own walk of the chains is not a lookup (ip_rt_redirect):
# out_hit moves by the two datagrams that found an entry, no more.
o=$(cache_stat out_hit)
inH dnc -u -s 10.1.0.2 -c 3 -i 100 -w 0 10.7.1.1 9 2>/dev/null
E_HITS=$(($(cache_stat out_hit) - o))
inS sysctl -qw net.ipv4.conf.eth0.forwarding=0
E_KEY='key: dst 10.7.1.1 src 10.1.0.2 iif 0 oif 0 .*RTCF_REDIRECTED.* rt_gateway 10.1.0.3 '
E_BKT=$(inH myip -d route show cache | awk '
	/^    key: dst 10.7.1.1 / { on = 1 } on && /^    hash / { print $2; exit }')
if ! has "$E_KEY" || [ -z "$E_BKT" ]; then
	cache_entries "$H" | while read -r l; do ktap_print_msg "$l"; done
	ktap_exit_fail_msg "no REDIRECTED entry E for 10.7.1.1"
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

# 3. the broadcast entry first
if [ "$first" = "$B_PTR" ] && [ "$n_after" -ge 2 ] && ! has "$B_KEY"; then
	ktap_test_pass "broadcast input entry (newest) evicted first from its chain"
else
	ktap_print_msg "bucket $B_BKT: broadcast $B_PTR, evicted in order: $(tr '\n' ' ' <<<"$EV")"
	ktap_test_fail "broadcast input entry (newest) evicted first from its chain"
fi

# 4. the referenced entry survives, the unreferenced one of its age does not
if has "$R_KEY" && ! has "$U_KEY" && kill -0 "$RPID" 2>/dev/null; then
	ktap_test_pass "referenced output entry (oldest) survives, unreferenced one evicted"
else
	ktap_print_msg "R cached: $(has "$R_KEY" && echo yes || echo no), U cached: $(has "$U_KEY" && echo yes || echo no)"
	ktap_test_fail "referenced output entry (oldest) survives, unreferenced one evicted"
fi

# 5. chains bounded by gc_elasticity (+1: the entry just inserted)
if [ "$longest" -le 3 ] && [ "$longest" -ge 2 ]; then
	ktap_test_pass "chains at most gc_elasticity + 1 long (longest $longest)"
else
	ktap_test_fail "chains at most gc_elasticity + 1 long (longest $longest)"
fi

# 6. the redirected entry survives overflows of its chain (elasticity
# evictions in its bucket while the trace was on, during F2) that took the
# unreferenced output entry U of its age; taking the redirect counted no
# lookup
n_e=$(grep -c "myrt_cache_evict: entry [^ ]* bucket $E_BKT: elasticity" $T/trace)
if has "$E_KEY" && ! has "$U_KEY" && [ "$n_e" -ge 1 ] && [ "$E_HITS" = 2 ]; then
	ktap_test_pass "REDIRECTED output entry (rt_score bit 31) survives ($n_e evictions in its chain)"
else
	ktap_print_msg "E cached: $(has "$E_KEY" && echo yes || echo no), evictions from its bucket $E_BKT: $n_e, out_hit +$E_HITS while redirected (want 2)"
	ktap_test_fail "REDIRECTED output entry (rt_score bit 31) survives ($n_e evictions in its chain)"
fi

kill "$RPID" 2>/dev/null
wait "$RPID" 2>/dev/null
RPID=
ktap_finished
