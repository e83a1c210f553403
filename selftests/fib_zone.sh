#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Zone growth: 100k /24 routes loaded with `myip -batch` go into one zone
# whose hash grows 16 -> 256 -> 1024 -> doubling (it grows when it holds
# more than twice as many nodes as buckets): 65536 buckets for 100k nodes.
# Lookups stay correct, dumps and /proc/net/myrt_route list every route,
# and the routes go away again.  On the debug kernel (KASAN, lockdep,
# kmemleak: each route add costs ~20 times more under TCG; 20k took
# 93 s to load there) 10k routes, through every growth step, 16
# -> 256 -> 1024 and three doublings to 8192 buckets: the same rehash
# code as the 100k's doublings to 65536; MYRT_ZONE_ROUTES (or
# FIB_ZONE_ROUTES) =N for any.
. "$(dirname "$0")/lib/lib.sh"

NS=fibzone
N=100000
[ -z "${MYRT_DEBUG_KERNEL:-}" ] || N=10000
N=${MYRT_ZONE_ROUTES:-${FIB_ZONE_ROUTES:-$N}}
# the divisor the zone ends with for NODES nodes: the first of 16, 256,
# 1024, 2048, ... with NODES <= 2 * divisor
divisor_for() {
	local d=16
	while [ "$1" -gt $((2 * d)) ]; do
		case $d in
		16) d=256 ;;
		256) d=1024 ;;
		*) d=$((2 * d)) ;;
		esac
	done
	echo $d
}
DIV=$(divisor_for $((N + 1)))	# + 10.0.0.0/24
T=$(mktemp -d)
trap 'rm -rf "$T"; ns_cleanup' EXIT

ktap_print_header
ktap_set_plan 9

ns_create $NS
ip -n $NS link add d0 type dummy
ip -n $NS link set d0 up
ip -n $NS addr add 10.0.0.1/24 dev d0

# route i: (20 + i / 65536).(i / 256 % 256).(i % 256).0/24, gateway
# 10.0.0.(2 + i % 4): four shared infos for all of them
awk -v n="$N" 'BEGIN {
	for (i = 0; i < n; i++)
		printf "route add %d.%d.%d.0/24 via 10.0.0.%d\n",
		       20 + int(i / 65536), int(i / 256) % 256, i % 256, 2 + i % 4
}' >"$T/routes"

zone() {	# zone ORDER: "nodes divisor" of a zone, from an explain trace
	myip -n $NS route get "$2" explain |
		awk -v o="/$1" '$1 == "zone" && $2 == o {
			gsub(/[(),:]/, " "); print $3, $6; exit }'
}

t0=$(date +%s)
load() { myip -n $NS -batch "$T/routes"; }
ktap_test_result "myip -batch loads $N routes" load
echo "# load took $(($(date +%s) - t0))s"

count() {
	local c
	c=$(myip -n $NS route show | grep -c ' via 10.0.0.')
	echo "# dump lists $c routes"
	[ "$c" -eq "$N" ]
}
ktap_test_result "route dump lists all $N routes" count

grown() {
	local z
	z=$(zone 24 20.0.1.1)
	echo "# zone /24: nodes and divisor: $z"
	[ "$z" = "$((N + 1)) $DIV" ]	# + 10.0.0.0/24
}
ktap_test_result "the /24 zone grew its divisor to $DIV" grown

small() {
	local z
	z=$(zone 24 10.0.0.77)
	myip -n $NS route add 30.0.0.0/16 via 10.0.0.2
	z=$(zone 16 30.0.0.1)
	echo "# zone /16 after one route: $z"
	[ "$z" = "1 16" ]
}
ktap_test_result "a new zone starts with 16 buckets" small

lookups() {
	# 2000 random addresses inside the routes: right prefix, right gateway
	awk -v n="$N" 'BEGIN { srand(7)
		for (k = 0; k < 2000; k++) {
			i = int(rand() * n)
			printf "route get fibmatch %d.%d.%d.%d\n", 20 + int(i / 65536),
			       int(i / 256) % 256, i % 256, 1 + int(rand() * 254)
			printf "%d.%d.%d.0/24 via 10.0.0.%d\n", 20 + int(i / 65536),
			       int(i / 256) % 256, i % 256, 2 + i % 4 > "/dev/stderr"
		}
	}' >"$T/gets" 2>"$T/want"
	myip -n $NS -batch "$T/gets" | awk '{ print $1, $2, $3 }' >"$T/have"
	if ! cmp -s "$T/want" "$T/have"; then
		diff "$T/want" "$T/have" | head -5 | sed 's/^/# /'
		return 1
	fi
}
ktap_test_result "2000 random lookups find the right /24 and gateway" lookups

misses() {
	# addresses next to the table (no /24) fall through to nothing
	! myip -n $NS route get fibmatch 21.200.0.1 >/dev/null 2>&1 &&
	! myip -n $NS route get fibmatch 19.255.255.1 >/dev/null 2>&1
}
ktap_test_result "addresses outside the loaded prefixes do not match" misses

proc() {
	local c
	c=$(ip netns exec $NS cat /proc/net/myrt_route | grep -c '	0[0-9A-F]00000A	')
	echo "# /proc/net/myrt_route rows to or via 10.0.0.x: $c"
	[ "$c" -eq $((N + 2)) ]	# + 10.0.0.0/24 and 30.0.0.0/16
}
ktap_test_result "/proc/net/myrt_route lists every route" proc

unload() {
	sed 's/^route add/route del/' "$T/routes" >"$T/dels"
	myip -n $NS -batch "$T/dels" &&
		[ "$(myip -n $NS route show | grep -c ' via 10.0.0.')" -eq 1 ]
}
ktap_test_result "myip -batch deletes them again" unload

after() {
	local z
	z=$(zone 24 20.0.1.1)
	echo "# zone /24 after the deletes: $z"
	[ "$z" = "1 $DIV" ] && myip -n $NS route get 30.0.0.1 >/dev/null
}
ktap_test_result "the empty zone keeps its hash and lookups still work" after

ktap_finished
