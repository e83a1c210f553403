#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Differential test: the same random routes and rules are installed in the
# kernel's FIB (ip) and in myrt's (myip) in one netns; for random addresses
# `ip route get` and `myip route get` must agree on the result type,
# gateway, device and source address.  The kernel is the oracle where
# classic and modern semantics agree.  Known, documented differences that
# the comparison accounts for:
#  - output lookups that fail: the classic output path answers every FIB
#    error with ENETUNREACH, the modern kernel gives the route type's error
#    (EHOSTUNREACH, EACCES, EINVAL): only "fails" is compared;
#  - local destinations: myrt delivers through its loopback mylo, the
#    kernel through lo;
#  - a query for a gateway's own address: the classic `ip route get`
#    prints no "via" when the gateway is the destination (rt_gateway ==
#    rt_dst), the modern one does: a gateway equal to the key counts as
#    none;
#  - the network address of a subnet (10.0.0.0 of 10.0.0.0/24) is not
#    queried: classic kernels add a broadcast route for it, modern ones
#    (5.x+) no longer do;
#  - no multipath and no two default routes with the same metric (the two
#    kernels select nexthops differently by design); no prefixes inside
#    10.0.0.0/8, where the gateways live (modern kernels resolve a
#    gateway in the route's own table first, classic ones through the
#    rules).
# Set FIB_DIFF_ROUTES / FIB_DIFF_QUERIES / FIB_DIFF_SEED to vary the run.
# 5000 routes and 5000 queries; on the debug kernel (KASAN, lockdep: the
# test took 260 s there, most of it the batch loads, deletes and query
# rounds) 2000 of each, still random over every prefix length 8-32, every
# route type and the three tables, each query round checking thousands
# of answers: the same code, fewer samples of it.
. "$(dirname "$0")/lib/lib.sh"

NS=fibdiff
ROUTES=5000 QUERIES=5000
[ -z "${MYRT_DEBUG_KERNEL:-}" ] || ROUTES=2000 QUERIES=2000
ROUTES=${FIB_DIFF_ROUTES:-$ROUTES}
QUERIES=${FIB_DIFF_QUERIES:-$QUERIES}
SEED=${FIB_DIFF_SEED:-$RANDOM}
T=$(mktemp -d)
trap 'rm -rf "$T"; ns_cleanup' EXIT

ktap_print_header
ktap_set_plan 6
echo "# seed $SEED, $ROUTES routes, $QUERIES queries"

ns_create $NS
for k in 0 1 2 3; do
	ip -n $NS link add d$k type dummy
	ip -n $NS link set d$k up
	ip -n $NS addr add 10.0.$k.1/24 dev d$k
done
ip -n $NS addr add 10.200.0.1/16 dev d0

# routes and rules, one command per line, the same for ip and myip
awk -v seed="$SEED" -v n="$ROUTES" -v q="$QUERIES" -v dir="$T" '
function rnd(a, b) { return a + int(rand() * (b - a + 1)) }
function pow2(e,  r) { r = 1; while (e-- > 0) r *= 2; return r }
function ip4(x) {
	return sprintf("%d.%d.%d.%d", int(x / 16777216) % 256,
		       int(x / 65536) % 256, int(x / 256) % 256, x % 256)
}
BEGIN {
	srand(seed)
	r = dir "/routes"; g = dir "/gets"
	print "rule add from 10.200.0.0/16 table 10 pref 100" > r
	print "rule add to 172.16.0.0/12 table 20 pref 200" > r
	print "route add default via 10.0.0.9" > r
	print "route add default via 10.0.1.9 table 10" > r
	for (i = 0; i < n; i++) {
		len = rnd(0, 99) < 10 ? 32 : rnd(8, 32)
		do { o1 = rnd(11, 223) } while (o1 == 127)
		if (rnd(0, 99) < 10) o1 = 172
		a = o1 * 16777216 + rnd(0, 16777215)
		m = pow2(32 - len)
		a = a - a % m
		pfx[i] = a; plen[i] = len
		t = rnd(0, 99)
		table = ""
		if (t < 15) table = " table 10"
		else if (t < 30) table = " table 20"
		met = rnd(0, 99) < 20 ? " metric " rnd(1, 3) : ""
		k = rnd(0, 99)
		if (k < 82)
			via = "via 10.0." rnd(0, 3) "." rnd(2, 254)
		else if (k < 92)
			via = "dev d" rnd(0, 3)
		else if (k < 96)
			via = ""
		else
			via = "x"
		type = ""
		if (via == "") type = "unreachable "
		if (via == "x") { type = (rnd(0, 1) ? "prohibit " : "blackhole "); via = "" }
		printf "route add %s%s/%d %s%s%s\n", type, ip4(a), len, via, table, met > r
	}
	for (i = 0; i < q; i++) {
		k = rnd(0, 99)
		if (k < 60) {
			j = rnd(0, n - 1)
			a = pfx[j] + rnd(0, pow2(32 - plen[j]) - 1)
		} else if (k < 65) {
			a = 10 * 16777216 + rnd(0, 3) * 256 + rnd(1, 255)
		} else {
			do { o1 = rnd(1, 223) } while (o1 == 127 || o1 == 10)
			a = o1 * 16777216 + rnd(0, 16777215)
		}
		from = rnd(0, 99) < 20 ? " from 10.200.0.1" : ""
		print ip4(a) from > g
	}
}'

ip -n $NS -force -batch "$T/routes" >"$T/ip.log" 2>&1
myip -n $NS -force -batch "$T/routes" >"$T/myip.log" 2>&1
kn=$(ip -4 -n $NS route show table all | grep -vc '^local\|^broadcast\|^fe80\|^ff00\|^multicast\|::')
mn=$(myip -n $NS route show table all | grep -vc '^local\|^broadcast')
echo "# routes: kernel $kn, myrt $mn; rejected: ip $(grep -c . "$T/ip.log"), myip $(grep -c '^RTNETLINK' "$T/myip.log")"
check_same_count() { [ "$kn" -eq "$mn" ] && [ "$mn" -gt $((ROUTES / 2)) ]; }
ktap_test_result "same number of routes accepted by both ($mn)" check_same_count

norm() {
	awk '
	/^[ \t]/ { next }
	{
		type = "unicast"; via = "-"; dev = "-"; src = "-"; from = ""
		i = 1
		if ($1 ~ /^(local|broadcast|multicast|anycast|unreachable|prohibit|blackhole)$/) {
			type = $1; i = 2
		}
		dst = $i
		for (; i < NF; i++) {
			if ($i == "via") via = $(i + 1)
			if ($i == "dev") dev = $(i + 1)
			if ($i == "src") src = $(i + 1)
			if ($i == "from") from = $(i + 1)
		}
		if (dev == "mylo") dev = "lo"
		if (via == dst) via = "-"
		if (from != "") src = "-"
		key = from == "" ? dst : dst " from " from
		print key "\t" type " " via " " dev " " src
	}' "$1"
}
# compare: every query once through each tool, in batch mode; sets
# n ok fails mism
compare() {
	# (myrt caches every answer; the cache is flushed every 500 queries, a
	# leftover of when entries bound their ARP neighbour and thousands of
	# on-link destinations overflowed the ARP table: myrt binds none now,
	# selftests/neigh_pressure.sh)
	awk '{ print "route get " $0 }' "$T/gets" >"$T/gets.batch"
	awk -v every="${FIB_DIFF_FLUSH_EVERY:-500}" '{ print "route get " $0 } every && NR % every == 0 { print "route flush cache" }' \
		"$T/gets" >"$T/gets.myip"
	t0=$(date +%s)
	ip -n $NS -force -batch "$T/gets.batch" >"$T/k.out" 2>/dev/null
	myip -n $NS -force -batch "$T/gets.myip" >"$T/m.out" 2>"$T/m.err"
	echo "# queries took $(($(date +%s) - t0))s"
	grep -v '^Command failed' "$T/m.err" | sort | uniq -c | sed 's/^/# myip: /'

	# normalise `route get` output to "key<TAB>type gateway dev src", where the
	# key is the query (dst, and "from SRC" when given)
	norm "$T/k.out" >"$T/k.norm"
	norm "$T/m.out" >"$T/m.norm"

	awk -F'\t' -v kf="$T/k.norm" -v mf="$T/m.norm" '
	BEGIN {
		while ((getline l < kf) > 0) { split(l, p, "\t"); k[p[1]] = p[2] }
		while ((getline l < mf) > 0) { split(l, p, "\t"); m[p[1]] = p[2] }
	}
	{
		key = $0
		kr = (key in k) ? k[key] : "fails"
		mr = (key in m) ? m[key] : "fails"
		n++
		if (kr == mr) {
			if (kr == "fails") fails++; else ok++
		} else {
			bad++
			if (bad <= 20) printf "# %s: kernel [%s] myrt [%s]\n", key, kr, mr
		}
	}
	END { printf "%d %d %d %d\n", n, ok + 0, fails + 0, bad + 0 }' "$T/gets" >"$T/result"
	grep '^#' "$T/result"
	set -- $(grep -v '^#' "$T/result")
	n=$1 ok=$2 fails=$3 mism=$4
	echo "# $n queries: $ok routed alike, $fails failed alike, $mism differ"
}
compare
check_no_mismatch() { [ "$mism" -eq 0 ] && [ "$n" -eq "$QUERIES" ]; }
ktap_test_result "ip route get and myip route get agree on $n addresses" check_no_mismatch
check_most_routed() { [ "$ok" -gt $((n / 2)) ]; }
ktap_test_result "most queries are routed (not only failures)" check_most_routed

# fibmatch (no cache) agrees with the cached result
check_fibmatch() {
	awk 'NF == 1 { print "route get fibmatch " $1 }' "$T/gets" | head -300 >"$T/fm.batch"
	myip -n $NS -force -batch "$T/fm.batch" >"$T/fm.out" 2>/dev/null
	# compare gateway and device of each fibmatch route with route get
	awk -v mf="$T/m.norm" '
	BEGIN { while ((getline l < mf) > 0) { split(l, p, "\t"); split(p[2], r, " "); m[p[1]] = r[2] " " r[3]; t[p[1]] = r[1] } }
	/^[ \t]/ { next }
	{
		via = "-"; dev = "-"
		for (i = 1; i < NF; i++) { if ($i == "via") via = $(i + 1); if ($i == "dev") dev = $(i + 1) }
		lines[++n] = via " " dev
	}
	END {
		# fibmatch prints prefixes, not addresses: compare in query order
		while ((getline q < "'"$T/fm.batch"'") > 0) {
			split(q, w, " "); qs[++nq] = w[4]
		}
		j = 0
		for (i = 1; i <= nq; i++) {
			if (!(qs[i] in m)) continue	# failed lookups print nothing
			if (t[qs[i]] == "local" || t[qs[i]] == "broadcast") { j++; continue }
			j++
			if (lines[j] != m[qs[i]]) { bad++; if (bad < 10) printf "# %s: get [%s] fibmatch [%s]\n", qs[i], m[qs[i]], lines[j] }
		}
		exit bad > 0
	}' "$T/fm.out"
}
ktap_test_result "fibmatch agrees with route get" check_fibmatch

# deletes and a device going down: about half the routes deleted (the same
# commands in both FIBs; lookups fall through to shorter prefixes), then d3
# down (its routes die in both), and the same queries again
awk -v seed="$SEED" 'BEGIN { srand(seed + 1) }
	/^route add / && rand() < 0.5 { sub(/^route add /, "route del "); print }' \
	"$T/routes" >"$T/dels"
ip -n $NS -force -batch "$T/dels" >/dev/null 2>&1
myip -n $NS -force -batch "$T/dels" >/dev/null 2>&1
ip -n $NS link set d3 down
sleep 1
kn=$(ip -4 -n $NS route show table all | grep -vc '^local\|^broadcast\|^fe80\|^ff00\|^multicast\|::')
mn=$(myip -n $NS route show table all | grep -vc '^local\|^broadcast')
echo "# after $(wc -l <"$T/dels") deletes and d3 down: routes: kernel $kn, myrt $mn"
compare
check_after_deletes() { [ "$kn" -eq "$mn" ] && [ "$mism" -eq 0 ] && [ "$n" -eq "$QUERIES" ]; }
ktap_test_result "after deletes and a device down both still agree on $n addresses" check_after_deletes

# the route cache is flushed by route changes: delete every route, all fail
myip -n $NS route flush table main >/dev/null 2>&1
myip -n $NS route flush table 10 >/dev/null 2>&1
myip -n $NS route flush table 20 >/dev/null 2>&1
check_flushed() {
	awk 'NF == 1 && $1 !~ /^10\./ { print "route get " $1 }' "$T/gets" | head -200 >"$T/fl.batch"
	myip -n $NS -force -batch "$T/fl.batch" 2>/dev/null | grep -v '^[[:space:]]' >"$T/fl.out"
	if [ -s "$T/fl.out" ]; then
		head -5 "$T/fl.out" | sed 's/^/# still routed: /'
		return 1
	fi
}
ktap_test_result "after flushing the tables nothing is routed" check_flushed

ktap_finished
