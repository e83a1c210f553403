#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Realms (classic CONFIG_NET_CLS_ROUTE, issue 19): on the router r of
# h1 -- r -- h2, the kernel's own `ip` puts the same routes and rules with
# realms into the kernel's tables that `myip` puts into myrt's, in the same
# netns, and the kernel's answers are the oracle:
#  1. route show: `realm N`, `realms FROM/TO`, a FROM realm alone, a raw
#     32-bit value and one past 255, text and JSON ("flow"), as ip prints
#     the kernel's routes;
#  2. multipath: each nexthop's realms, text and JSON;
#  3. rule show: `realms FROM/TO` and `realms TO` (text, JSON flow_from and
#     flow_to), and rule delete by realms;
#  4. output cache entries (route get, route show cache): the nexthop's
#     realms, then the halves still 0 from the rule's (classic
#     rt_set_nexthop / set_class_tag), as the kernel's route get gives them;
#  5. input entries of DUMMY datagrams from h1: forwarded, with the source
#     realm from the reverse path check (fib_validate_source's itag: the TO
#     realm of the route back to h1), and a rule's FROM realm filling the
#     half the nexthop left 0; local input with the itag alone; the same
#     realms as the kernel's `ip route get ... iif`; `route get ... explain`
#     tells how they were made;
#  6. /proc/net/myrt_acct (classic /proc/net/rt_acct): 256 records of four
#     u32 {o_bytes, o_packets, i_bytes, i_packets}, exact after known
#     numbers of DUMMY datagrams of known sizes: TO realm counts o_*, FROM
#     realm i_*, received packets only (r's own sends count nothing), per
#     netns;
#  7. bad input: realms out of range or malformed give the errors ip gives
#     (exit 255, the same message), for routes, nexthops and rules.
# The expected answers are written out below and the kernel's must equal
# them too; a kernel built without CONFIG_IP_ROUTE_CLASSID (the debug
# kernel) has no realms, and only myip's answers are checked there.
# (Malformed attribute lengths at the netlink level: fib_netlink.)
. "$(dirname "$0")/lib/lib.sh"

require_cmd myip ip dinject dnc od

ktap_print_header
ktap_set_plan 7

JC=$(dirname "$0")/lib/json_check
H1=rlmH1$$
R=rlmR$$
H2=rlmH2$$
T=$(mktemp -d)
trap 'rm -rf "$T"; ns_cleanup' EXIT
topo_router "$H1" "$R" "$H2" || ktap_exit_fail_msg "topology setup"

inR() { ip netns exec "$R" "$@"; }
inH1() { ip netns exec "$H1" "$@"; }
result() {
	if [ "$2" = 0 ]; then ktap_test_pass "$1"; else ktap_test_fail "$1"; fi
}
show() { while read -r l; do ktap_print_msg "$l"; done; }
# blanks squeezed, none at the ends of lines: the two tools pad differently
norm() { sed -e 's/[[:space:]]\+/ /g' -e 's/ $//' -e 's/^ //'; }
# same WHAT A B: files A and B equal, else both shown
same() {
	if cmp -s "$2" "$3"; then return 0; fi
	ktap_print_msg "$1 differ:"
	show <"$2"
	show <"$3"
	return 1
}
# both ARGS...: `ip ARGS` and `myip ARGS` in r, both must succeed
both() {
	inR ip "$@" || { ktap_print_msg "ip $*: failed"; return 1; }
	inR myip "$@" || { ktap_print_msg "myip $*: failed"; return 1; }
}
# realm token of a route get or show line ("realm 5", "realms 7/5", "")
realm_of() { grep -o 'realms\? [^ ]*' | head -n1; }
# want WHAT EXPECTED IP MYIP: myip's answer is the expected one, and so is
# ip's where the kernel has realms
want() {
	[ "$4" = "$2" ] && { [ $ORACLE = 0 ] || [ "$3" = "$2" ]; } && return 0
	ktap_print_msg "$1: want / ip / myip:"
	show <<<"$2"
	show <<<"$3"
	show <<<"$4"
	return 1
}
# the kernel's tables keep realms (CONFIG_IP_ROUTE_CLASSID)?
inR ip route add 10.49.0.0/16 via 10.1.2.2 realm 5
ORACLE=0
inR ip route show 10.49.0.0/16 | grep -q 'realm 5' && ORACLE=1
inR ip route del 10.49.0.0/16
[ $ORACLE = 1 ] || ktap_print_msg "the kernel has no realms (no CONFIG_IP_ROUTE_CLASSID): myip checked against the expected answers alone"

# 1. single routes
ok=0
both route add 10.50.0.0/16 via 10.1.2.2 realm 5 || ok=1
both route add 10.51.0.0/16 via 10.1.2.2 realms 3/5 || ok=1
both route add 10.52.0.0/16 dev eth1 realms 7/ || ok=1
both route add 10.53.0.0/16 via 10.1.2.2 realm 0x30006 || ok=1
both route add 10.54.0.0/16 via 10.1.2.2 realm 300 || ok=1
both route add 10.55.0.0/16 via 10.1.2.2 realm 0 || ok=1
# (sorted: myrt's fib_hash lists a zone in bucket order, the kernel's trie
# in address order)
want "route show" "10.50.0.0/16 via 10.1.2.2 dev eth1 realm 5
10.51.0.0/16 via 10.1.2.2 dev eth1 realms 3/5
10.52.0.0/16 dev eth1 scope link realms 7/unknown
10.53.0.0/16 via 10.1.2.2 dev eth1 realms 3/6
10.54.0.0/16 via 10.1.2.2 dev eth1 realm 300
10.55.0.0/16 via 10.1.2.2 dev eth1" \
	"$(inR ip route show | grep '^10\.5[0-5]\.' | norm | sort)" \
	"$(inR myip route show | grep '^10\.5[0-5]\.' | norm | sort)" || ok=1
for p in 10.50.0.0/16:'{"to":"5"}' 10.51.0.0/16:'{"from":"3","to":"5"}' \
	 10.52.0.0/16:'{"from":"7","to":"unknown"}' 10.54.0.0/16:'{"to":"300"}'; do
	want "${p%%:*} JSON flow" "${p#*:}" \
		"$(inR ip -j route show "${p%%:*}" | $JC 0.flow 2>&1)" \
		"$(inR myip -j route show "${p%%:*}" | $JC 0.flow 2>&1)" || ok=1
done
result "route show: realm N, realms FROM/TO, FROM/, raw values print as ip prints the kernel's (text, JSON)" $ok

# 2. multipath
ok=0
both route add 10.60.0.0/16 nexthop via 10.1.2.2 realm 4 \
	nexthop via 10.1.2.3 realms 2/8 weight 3 nexthop via 10.1.2.4 || ok=1
want "multipath route show" "10.60.0.0/16
nexthop via 10.1.2.2 realm 4 dev eth1 weight 1
nexthop via 10.1.2.3 realms 2/8 dev eth1 weight 3
nexthop via 10.1.2.4 dev eth1 weight 1" \
	"$(inR ip route show 10.60.0.0/16 | norm)" \
	"$(inR myip route show 10.60.0.0/16 | norm)" || ok=1
want "nexthop JSON flow" '{"to":"4"}
{"from":"2","to":"8"}' \
	"$(inR ip -j route show 10.60.0.0/16 | $JC 0.nexthops.0.flow 0.nexthops.1.flow 2>&1)" \
	"$(inR myip -j route show 10.60.0.0/16 | $JC 0.nexthops.0.flow 0.nexthops.1.flow 2>&1)" || ok=1
# a delete naming other realms for a nexthop misses; the right ones hit
inR myip route del 10.60.0.0/16 nexthop via 10.1.2.2 realm 9 \
	nexthop via 10.1.2.3 realms 2/8 nexthop via 10.1.2.4 2>/dev/null && ok=1
inR myip route show 10.60.0.0/16 | grep -q . || ok=1
inR myip route del 10.60.0.0/16 nexthop via 10.1.2.2 realm 4 \
	nexthop via 10.1.2.3 realms 2/8 nexthop via 10.1.2.4 || ok=1
inR myip route show 10.60.0.0/16 | grep -q . && ok=1
result "multipath: each nexthop's realms as ip prints them (text, JSON); delete matches them" $ok

# 3. rules
ok=0
both rule add from 10.1.1.0/24 to 10.70.0.0/16 realms 9/11 table main pref 100 || ok=1
both rule add to 10.71.0.0/16 realms 6 table main pref 101 || ok=1
both rule add to 10.72.0.0/16 realms 1/2 table main pref 102 || ok=1
want "rule show" "100: from 10.1.1.0/24 to 10.70.0.0/16 lookup main realms 9/11
101: from all to 10.71.0.0/16 lookup main realms 6
102: from all to 10.72.0.0/16 lookup main realms 1/2" \
	"$(inR ip rule show | grep '^10[0-2]:' | norm)" \
	"$(inR myip rule show | grep '^10[0-2]:' | norm)" || ok=1
want "rule JSON flow_from, flow_to" "9
1
11
6
2" \
	"$(inR ip -j rule show | $JC '*.flow_from' '*.flow_to' 2>&1)" \
	"$(inR myip -j rule show | $JC '*.flow_from' '*.flow_to' 2>&1)" || ok=1
inR myip rule del to 10.72.0.0/16 realms 1/3 pref 102 2>/dev/null && ok=1
inR myip rule del to 10.72.0.0/16 realms 1/2 pref 102 || ok=1
inR myip rule show | grep -q '^102:' && ok=1
result "rule show: realms FROM/TO and realms TO as ip prints the kernel's (text, JSON); delete by realms" $ok

# 4. output entries (before any input lookup: see 5)
ok=0
both route add 10.70.0.0/16 via 10.1.2.2 realm 5 || ok=1
both route add 10.71.0.0/16 via 10.1.2.2 realms 3/ || ok=1
# GET EXPECTED ARGS...: the realms of `route get ARGS` (myip's and ip's)
get() {
	local w=$1
	shift
	want "route get $*" "$w" "$(inR ip route get "$@" | realm_of)" \
		"$(inR myip route get "$@" | realm_of)"
}
# myget WANT ARGS...: the same for myip alone
myget() {
	local want=$1 b
	shift
	b=$(inR myip route get "$@" | realm_of)
	[ "$b" = "$want" ] && return 0
	ktap_print_msg "route get $*: myip '$b' (want '$want')"
	return 1
}
get "realm 5" 10.50.0.1 || ok=1
get "realms 3/5" 10.51.0.9 || ok=1
get "realms 3/6" 10.71.0.1 || ok=1		# nexthop FROM, rule TO
# A rule that matches some output lookups of a nexthop and not others: no
# oracle there.  The kernel caches one output route per nexthop and CPU,
# realms included, and hands it to the next lookup whatever rule that one
# matched; the classic cache keys its entries by source.
myget "realms 9/5" 10.70.0.1 from 10.1.1.1 || ok=1	# nexthop TO, rule FROM
myget "realm 5" 10.70.0.1 || ok=1			# the rule does not match
get "" 10.1.2.2 || ok=1
inR myip route show cache 10.70.0.1 | grep -q '^10.70.0.1 from 10.1.1.1 .*realms 9/5 ' || ok=1
want "route get JSON flow" '{"from":"3","to":"5"}' \
	"$(inR ip -j route get 10.51.0.9 | $JC 0.flow 2>&1)" \
	"$(inR myip -j route get 10.51.0.9 | $JC 0.flow 2>&1)" || ok=1
result "output entries: nexthop realms, rule realms in the halves left 0 (route get, show cache, JSON)" $ok

# acct NS: the file as "REALM o_bytes o_packets i_bytes i_packets" lines
acct() {
	ip netns exec "$1" od -An -v -tu4 -w16 /proc/net/myrt_acct |
		awk '{ print NR - 1, $1, $2, $3, $4 }'
}
# delta A B: the records that changed from A to B, as "REALM do dop di dip"
delta() {
	paste -d' ' "$1" "$2" | awk '{
		d1 = $7 - $2; d2 = $8 - $3; d3 = $9 - $4; d4 = $10 - $5
		if (d1 || d2 || d3 || d4) print $1, d1, d2, d3, d4 }'
}

# 5. input entries: the route back to h1 gives the source realm
ok=0
both route add 10.1.1.2/32 dev eth0 realm 7 || ok=1
inR myip route flush cache
get "realms 7/5" 10.50.0.1 from 10.1.1.2 iif eth0 || ok=1
get "realms 9/5" 10.70.0.1 from 10.1.1.2 iif eth0 || ok=1
get "realms 7/unknown" 10.1.1.1 from 10.1.1.2 iif eth0 || ok=1
get "realms 3/6" 10.71.0.1 from 10.1.1.2 iif eth0 || ok=1
# explain tells how: nexthop, then rule, then reverse path
inR myip route flush cache
inR myip route get 10.50.0.1 from 10.1.1.2 iif eth0 explain >"$T/x"
grep -q '^realms 7/5: nexthop 0x5, then rule 0x0, then reverse path 0x70000$' "$T/x" || { ok=1; show <"$T/x"; }
inR myip route get 10.1.1.1 from 10.1.1.2 iif eth0 explain >"$T/x"
grep -q "^realms 7/0: the reverse path's alone (local input)" "$T/x" || { ok=1; show <"$T/x"; }
inR myip route flush cache
acct "$R" >"$T/a0"	# test 6 counts this datagram too
inH1 dinject -d 10.50.0.1 -s 10.1.1.2 -c 1 >/dev/null || ok=1
for _ in $(seq 100); do
	inR myip route show cache 10.50.0.1 | grep -q '^10.50.0.1 from 10.1.1.2 ' && break
	sleep 0.1
done
inR myip route show cache 10.50.0.1 >"$T/c"
grep -q '^10.50.0.1 from 10.1.1.2 via 10.1.2.2 dev eth1 .*realms 7/5 ' "$T/c" || { ok=1; show <"$T/c"; }
result "input entries: the reverse path's source realm (itag), the rule's FROM realm, local input the itag alone" $ok

# 6. /proc/net/myrt_acct
ok=0
size=$(inR cat /proc/net/myrt_acct | wc -c)
[ "$size" = 4096 ] || { ok=1; ktap_print_msg "myrt_acct: $size bytes, not 256 * 16"; }
acct "$H2" >"$T/h0"
# r's own sends are output: not counted
inR dnc -u -c 3 -n 100 10.50.0.1 9 2>/dev/null
inR dnc -u -c 2 -n 100 10.71.0.1 9 2>/dev/null
# 10 x 120 bytes (7/5), 4 x 220 (9/5), 3 x 70 (local: 7/0), 2 x 60 (3/6)
inH1 dinject -d 10.50.0.1 -s 10.1.1.2 -l 100 -c 10 >/dev/null || ok=1
inH1 dinject -d 10.70.0.1 -s 10.1.1.2 -l 200 -c 4 >/dev/null || ok=1
inH1 dinject -d 10.1.1.1 -s 10.1.1.2 -l 50 -c 3 >/dev/null || ok=1
inH1 dinject -d 10.71.0.1 -s 10.1.1.2 -l 40 -c 2 >/dev/null || ok=1
# wait until r has counted the last of them: test 5's datagram (36 bytes,
# 7/5) and these 19
for _ in $(seq 100); do
	acct "$R" >"$T/a1"
	[ "$(delta "$T/a0" "$T/a1" | awk '{ n += $5 } END { print n + 0 }')" -ge 20 ] && break
	sleep 0.1
done
delta "$T/a0" "$T/a1" >"$T/got"
cat >"$T/want" <<-EOF
	0 210 3 0 0
	3 0 0 120 2
	5 2116 15 0 0
	6 120 2 0 0
	7 0 0 1446 14
	9 0 0 880 4
EOF
same "myrt_acct changes (want / got)" "$T/want" "$T/got" || ok=1
acct "$H2" >"$T/h1"
[ -z "$(delta "$T/h0" "$T/h1")" ] || { ok=1; ktap_print_msg "h2's counters changed"; }
acct "$H1" | awk '$2 || $3 || $4 || $5' | grep -q . && { ok=1; ktap_print_msg "h1's counters not 0"; }
result "/proc/net/myrt_acct: exact per-realm bytes and packets of received DUMMY datagrams, per netns" $ok

# 7. bad input: the errors of ip
ok=0
# bad ARGS...: ip and myip refuse `ARGS` in r with the same exit code and
# first line of error
bad() {
	local a b ra rb
	inR ip "$@" >/dev/null 2>"$T/e"
	ra=$?
	a=$(head -n1 "$T/e")
	inR myip "$@" >/dev/null 2>"$T/e"
	rb=$?
	b=$(head -n1 "$T/e")
	[ "$ra" != 0 ] && [ "$ra" = "$rb" ] && [ -n "$a" ] && [ "$a" = "$b" ] && return 0
	ktap_print_msg "$*: ip $ra '$a', myip $rb '$b'"
	return 1
}
bad route add 10.80.0.0/16 via 10.1.2.2 realms 1/256 || ok=1
bad route add 10.80.0.0/16 via 10.1.2.2 realms 300/5 || ok=1
bad route add 10.80.0.0/16 via 10.1.2.2 realm abc || ok=1
bad route add 10.80.0.0/16 via 10.1.2.2 realm 4294967296 || ok=1
bad route add 10.80.0.0/16 nexthop via 10.1.2.2 realm 1/x || ok=1
bad rule add to 10.80.0.0/16 realms 1/999 table main || ok=1
inR myip route show | grep -q '^10\.80\.' && ok=1
inR myip rule show | grep -q '10\.80\.' && ok=1
result "bad realms: refused as ip refuses them (exit code, message), nothing added" $ok
