#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# myip -dot (issue 20): the pictures of the FIB, the route cache and a
# lookup are DOT that Graphviz's dot renders without error and within a
# size bound, for tables and caches of random content and for a table of
# 100,000 routes (zones sampled, the picture says so); the kernel's
# structure dump (MYRT_CMD_FIB_GET) names a shared fib_info once with its
# use count; the cache picture shows score bits and stale entries (old
# genid); route get's picture marks the new entry, then the cache hit.
. "$(dirname "$0")/lib/lib.sh"

require_cmd myip ip dot

ktap_print_header
ktap_set_plan 8

H=dotH$$
S=dotS$$
sh_pair "$S" "$H" || ktap_exit_fail_msg "netns setup"
inH() { ip netns exec "$H" "$@"; }
W=$(mktemp -d)
trap 'rm -rf "$W"; ns_cleanup' EXIT
# the guest's dot: register the plugins the initramfs carries
dot -c 2>/dev/null

# render NAME MAXBYTES: $W/NAME.dot renders to SVG, both within the bound
render() {
	local f=$W/$1 max=$2 d s
	dot -Tsvg "$f.dot" -o "$f.svg" 2>"$f.err" || { cat "$f.err" | sed 's/^/# dot: /'; return 1; }
	[ -s "$f.err" ] && { sed 's/^/# dot: /' "$f.err"; return 1; }
	d=$(wc -c <"$f.dot")
	s=$(wc -c <"$f.svg")
	echo "# $1: $d bytes of DOT, $s of SVG"
	[ "$d" -le "$max" ] && [ "$s" -le $((max * 8)) ]
}

# has FILE PATTERN...: FILE matches every PATTERN (grep -E); says which not
has() {
	local f=$W/$1 p
	shift
	for p in "$@"; do
		grep -qE -- "$p" "$f" || { echo "# $f: no \"$p\""; return 1; }
	done
}

# random_batch TABLE N SEED MINLEN: N random routes (lengths MINLEN..32)
# for -batch
random_batch() {
	awk -v t="$1" -v n="$2" -v seed="$3" -v min="$4" 'BEGIN {
		srand(seed)
		for (i = 0; i < n; i++) {
			l = min + int(rand() * (33 - min))
			a = (20 + int(rand() * 100)) * 16777216 + int(rand() * 16777216)
			p2 = 1
			for (k = l; k < 32; k++)
				p2 *= 2
			m = a - a % p2
			p = sprintf("%d.%d.%d.%d/%d", int(m / 16777216) % 256,
				    int(m / 65536) % 256, int(m / 256) % 256,
				    m % 256, l)
			r = rand()
			if (r < 0.5)
				printf "route replace %s via 10.1.0.1 table %d\n", p, t
			else if (r < 0.8)
				printf "route replace %s dev eth0 metric %d table %d\n", p, int(rand() * 3), t
			else
				printf "route replace %s table %d nexthop via 10.1.0.1 weight 2 nexthop via 10.1.0.3 dev eth0 onlink\n", p, t
		}
	}'
}

# 1: a small table: zones, nodes, aliases, a shared info drawn once
small() {
	inH myip route add 10.9.0.0/16 via 10.1.0.1 || return 1
	inH myip route add 10.8.0.0/16 via 10.1.0.1 || return 1
	inH myip route add 10.8.0.0/16 tos 0x10 dev eth0 || return 1
	inH myip route add 10.7.1.0/24 nexthop via 10.1.0.1 nexthop via 10.1.0.3 dev eth0 onlink || return 1
	inH myip -dot route show >"$W/small.dot" || return 1
	render small 40000 || return 1
	# the shared info: one fib_info node, two edges into it, treeref 2+
	local id
	id=$(grep -o 'fib_info #[0-9]*</b> (shared)' "$W/small.dot" | head -1 | grep -o '[0-9]*')
	[ -n "$id" ] || { echo "# no shared fib_info"; return 1; }
	[ "$(grep -c "^  fi$id \[" "$W/small.dot")" = 1 ] &&
	[ "$(grep -c -- "-> fi$id;" "$W/small.dot")" -ge 2 ] &&
	grep -q 'zone /16</b>  divisor 16, 2 nodes' "$W/small.dot" &&
	grep -q '10.8.0.0/16' "$W/small.dot" && grep -q 'tos 0x10' "$W/small.dot"
}
ktap_test_result "a table: zones, nodes, aliases, a shared fib_info once" small

# 2: random tables, all of them in one picture; table 12's zones (300
# routes of /30../32) have more nodes than are drawn
random_tables() {
	local t
	random_batch 10 60 "$RANDOM" 8 >"$W/rand.batch"
	random_batch 11 60 "$RANDOM" 8 >>"$W/rand.batch"
	random_batch 12 300 "$RANDOM" 30 >>"$W/rand.batch"
	inH myip -batch "$W/rand.batch" || return 1
	inH myip -dot route show table all >"$W/rand.dot" || return 1
	render rand 150000 || return 1
	for t in 10 11 12; do
		grep -q "cluster_t$t {" "$W/rand.dot" || return 1
	done
	has rand.dot 'large zones sampled' 'of [0-9]+ nodes drawn'
}
ktap_test_result "random tables render" random_tables

# 3: 100,000 routes (the debug kernel, ~10 times slower: 10,000; any
# multiple of 10,000 with MYRT_DOT_ROUTES): zones sampled, counts shown,
# the picture small
BIG=100000
[ -z "${MYRT_DEBUG_KERNEL:-}" ] || BIG=10000
BIG=${MYRT_DOT_ROUTES:-$BIG}
big() {
	awk -v n=$BIG 'BEGIN { for (i = 0; i < n; i++)
		printf "route add 11.%d.%d.%d via 10.1.0.1 table 200\n",
		       int(i / 65536), int(i / 256) % 256, i % 256 }' >"$W/big.batch"
	inH myip -batch "$W/big.batch" || return 1
	inH myip -dot route show table 200 >"$W/big.dot" || return 1
	render big 60000 || return 1
	has big.dot "zone /32</b>  divisor [0-9]+, $BIG nodes" \
		"32 of $BIG nodes drawn" 'large zones sampled' \
		"treeref ${BIG%0000}[0-9]{4} "
}
ktap_test_result "$BIG routes: a sampled zone, within the bound" big

# 4: the kernel dump's limit and ids: small numbers, never addresses
ids() {
	[ "$(grep -c 'fib_info #' "$W/rand.dot")" -gt 10 ] || return 1
	grep -o 'fib_info #[0-9]*' "$W/rand.dot" | grep -o '[0-9]*$' |
		awk '$1 > 100000 { bad = 1 } END { exit bad }'
}
ktap_test_result "fib_info ids are small numbers" ids

# 5: random caches: entries, chains, score bits, stale ones
cache() {
	local i
	# no entry of the earlier tests' route changes left (stale ones wait
	# for the expiry otherwise): free them all now
	inH sh -c 'echo 0 > /proc/sys/net/myrt/route/flush' || return 1
	# 61 lookups, one myip for all (a process and a netns switch each
	# took most of this case's time: about 20 s of its 26 under TCG)
	for i in $(seq 1 60); do
		echo "route get 10.9.$((RANDOM % 256)).$i"
	done >"$W/gets.batch"
	echo "route get 10.1.0.1" >>"$W/gets.batch"
	inH myip -batch "$W/gets.batch" >/dev/null || return 1
	inH myip -dot route show cache >"$W/cache.dot" || return 1
	render cache 200000 || return 1
	grep -q 'score 0x' "$W/cache.dot" && ! grep -q 'stale: old genid' "$W/cache.dot" || return 1
	# invalidate: every entry stale, drawn grey
	inH sh -c 'echo -1 > /proc/sys/net/myrt/route/flush' || return 1
	inH myip -dot route show cache >"$W/stale.dot" || return 1
	render stale 200000 || return 1
	grep -q 'stale: old genid' "$W/stale.dot" &&
	! inH myip route show cache | grep -q .
}
ktap_test_result "random caches render, stale entries shown" cache

# 6: a lookup: the path highlighted, a new entry, then the cache hit
lookup() {
	inH myip -dot route get 10.8.3.4 explain >"$W/get1.dot" || return 1
	render get1 60000 || return 1
	grep -q 'new cache entry (bucket' "$W/get1.dot" &&
	grep -q 'rules:r32766 -> t254' "$W/get1.dot" &&
	grep -q 'n254_16_0a080000 \[label=<<table border="3"' "$W/get1.dot" || return 1
	inH myip -dot route get 10.8.3.4 >"$W/get2.dot" || return 1
	render get2 60000 || return 1
	grep -q 'cache hit (bucket' "$W/get2.dot"
}
ktap_test_result "route get: the path, the new entry, the hit" lookup

# 7: a lookup in the big table: its node drawn although outside the sample
big_lookup() {
	# the table's last route: outside the sample of 32
	local i=$((BIG - 1)) a
	a=11.$((i / 65536)).$((i / 256 % 256)).$((i % 256))
	inH myip rule add to 11.0.0.0/8 lookup 200 pref 100 || return 1
	inH myip -dot route get "$a" explain >"$W/get3.dot" || return 1
	render get3 80000 || return 1
	grep -q 'rules:r100 -> t200' "$W/get3.dot" &&
	grep -q "$a/32" "$W/get3.dot"
}
ktap_test_result "route get in a sampled zone: its node drawn" big_lookup

# 8: dumps while a table changes: each one a picture, or (the table
# changed between two of the dump's messages) the NLM_F_DUMP_INTR notice;
# never anything else (the guest checks the kernel log after the test)
churn_dump() {
	local i pid rc=0 intr=0
	random_batch 13 400 1 30 >"$W/churn.batch"
	sed 's/^route replace/route del/; s/ nexthop.*//; s/ via [^ ]*//; s/ dev eth0 metric [0-9]*//' \
		"$W/churn.batch" >"$W/churn.del"
	( for i in 1 2 3 4 5 6; do
		inH myip -batch "$W/churn.batch" >/dev/null 2>&1
		inH myip -force -batch "$W/churn.del" >/dev/null 2>&1
	  done ) &
	pid=$!
	for i in $(seq 1 15); do
		if inH myip -dot route show table 13 >"$W/churn.dot" 2>"$W/churn.err"; then
			grep -q '^}' "$W/churn.dot" || rc=1
		elif grep -q 'NLM_F_DUMP_INTR' "$W/churn.err"; then
			intr=$((intr + 1))
		else
			sed 's/^/# /' "$W/churn.err"
			rc=1
		fi
	done
	wait "$pid"
	echo "# 15 dumps during changes, $intr interrupted"
	return $rc
}
ktap_test_result "dumps while the table changes" churn_dump

ktap_finished
