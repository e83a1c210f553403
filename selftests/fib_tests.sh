#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# myrt's port of the IPv4 behaviours of the kernel's
# tools/testing/selftests/net/fib_tests.sh (ipv4_rt_add, ipv4_rt_replace,
# fib_unreg_test, fib_down_test, fib_carrier_test, ipv4_addr_metric,
# ipv4_del_addr), run against myrt's tables with myip, plus the classic
# automatic routes and /proc/net/myrt_route.
#
# Where classic (2.6) and modern semantics differ the classic behaviour is
# asserted, and the test name says so:
#  - carrier loss does not touch routes (no "linkdown" flag in 2.6);
#  - addresses have no route metric (IFA_RT_PRIORITY is 4.18+): prefix
#    routes always have metric 0;
#  - no VRFs: ipv4_del_addr is checked in the main table only.
. "$(dirname "$0")/lib/lib.sh"

NS=fibt
NS2=fibt2
IP="ip -n $NS"
MYIP="myip -n $NS"

ktap_print_header
ktap_set_plan 68

# check NAME EXPECTED-STATUS CMD...: a test that CMD exits with a status
check_rc() {
	local name=$1 want=$2 rc
	shift 2
	"$@" >/tmp/fibt.out 2>&1
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		ktap_test_pass "$name"
	else
		sed 's/^/# /' /tmp/fibt.out
		echo "# expected status $want, got $rc: $*"
		ktap_test_fail "$name"
	fi
}

# route_match PREFIX: `myip route ls match PREFIX` on one line
route_match() {
	local out
	out=$($MYIP route ls match "$1" "${@:2}")
	echo $out
}

# check_route NAME EXPECTED: the routes covering the first prefix of
# EXPECTED, flattened, equal EXPECTED
check_route() {
	local name=$1 expected=$2 pfx out
	set -- $expected
	pfx=$1
	[ "$pfx" = unreachable ] && pfx=$2
	out=$(route_match "$pfx")
	if [ "$out" = "$expected" ]; then
		ktap_test_pass "$name"
	else
		echo "# have:     $out"
		echo "# expected: $expected"
		ktap_test_fail "$name"
	fi
}

setup() {
	ns_create $NS
	$IP link add dummy0 type dummy
	$IP link set dev dummy0 up
	$IP address add 198.51.100.1/24 dev dummy0
}

cleanup() {
	ns_cleanup
}

# ---------------------------------------------------------------- classic
# automatic routes and the /proc view
setup
check_route "automatic: subnet route in main" \
	"198.51.100.0/24 dev dummy0 proto kernel scope link src 198.51.100.1"
out=$(echo $($MYIP route show table local | grep 198.51.100 | sort))
want="broadcast 198.51.100.0 dev dummy0 proto kernel scope link src 198.51.100.1"
want="$want broadcast 198.51.100.255 dev dummy0 proto kernel scope link src 198.51.100.1"
want="$want local 198.51.100.1 dev dummy0 proto kernel scope host src 198.51.100.1"
if [ "$out" = "$want" ]; then
	ktap_test_pass "automatic: local and broadcast routes in local"
else
	echo "# have: $out"
	ktap_test_fail "automatic: local and broadcast routes in local"
fi
out=$($MYIP route show table local | grep -c 'dev lo')
check_rc "automatic: loopback 127/8 is type local (4 lo routes)" 0 \
	test "$out" -eq 4
check_rc "automatic: local 127.0.0.0/8 on lo" 0 \
	sh -c "$MYIP route show table local | grep -q '^local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1'"
proc=$(ip netns exec $NS cat /proc/net/myrt_route)
check_rc "/proc/net/myrt_route: header and subnet row" 0 \
	sh -c "echo '$proc' | head -1 | grep -q '^Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT' &&
	       echo '$proc' | grep -q '^dummy0	006433C6	00000000	0001	0	0	0	00FFFFFF	0	0	0 *$'"
check_rc "/proc/net/myrt_route: every line padded to 127 characters" 0 \
	sh -c "ip netns exec $NS cat /proc/net/myrt_route | awk 'length(\$0) != 127 { exit 1 }'"
$MYIP route add 203.0.113.0/24 via 198.51.100.2 metric 7
$MYIP route add unreachable 203.0.114.0/24
$MYIP route add 203.0.115.7 dev dummy0
check_rc "/proc/net/myrt_route: gateway, reject and host flags" 0 \
	sh -c "ip netns exec $NS cat /proc/net/myrt_route | grep -q '^dummy0	007100CB	026433C6	0003	0	0	7	00FFFFFF' &&
	       ip netns exec $NS cat /proc/net/myrt_route | grep -q '^\*	007200CB	00000000	0201	0	0	0	00FFFFFF' &&
	       ip netns exec $NS cat /proc/net/myrt_route | grep -q '^dummy0	077300CB	00000000	0005	0	0	0	FFFFFFFF'"
cleanup

# ---------------------------------------------------------------- fib_unreg
setup
check_rc "fib_unreg: fibmatch before" 0 $MYIP route get fibmatch 198.51.100.2
$IP link del dev dummy0
check_rc "fib_unreg: nexthop device deleted: no route" 2 \
	$MYIP route get fibmatch 198.51.100.2
cleanup

setup
$IP link add dummy1 type dummy
$IP link set dev dummy1 up
$IP address add 192.0.2.1/24 dev dummy1
$MYIP route add 203.0.113.0/24 nexthop via 198.51.100.2 dev dummy0 \
	nexthop via 192.0.2.2 dev dummy1
check_rc "fib_unreg multipath: fibmatch before" 0 \
	$MYIP route get fibmatch 203.0.113.1
$IP link del dev dummy0
check_rc "fib_unreg multipath: route removed when one nexthop device is deleted" 2 \
	$MYIP route get fibmatch 203.0.113.1
cleanup

# ---------------------------------------------------------------- fib_down
setup
check_rc "fib_down: fibmatch before" 0 $MYIP route get fibmatch 198.51.100.2
$IP link set dev dummy0 down
check_rc "fib_down: route deleted on down" 2 \
	$MYIP route get fibmatch 198.51.100.2
check_rc "fib_down: local route kept on down (host scope nexthop)" 0 \
	sh -c "$MYIP route show table local | grep -q '^local 198.51.100.1 '"
cleanup

setup
$IP link add dummy1 type dummy
$IP link set dev dummy1 up
$IP address add 192.0.2.1/24 dev dummy1
$MYIP route add 203.0.113.0/24 nexthop via 198.51.100.2 dev dummy0 \
	nexthop via 192.0.2.2 dev dummy1
check_rc "fib_down multipath: start point" 0 $MYIP route get fibmatch 203.0.113.1
down_do() {
	local down=$1 up=$2
	check_rc "fib_down multipath: fibmatch on down device $down" 2 \
		$MYIP route get fibmatch 203.0.113.1 oif $down
	check_rc "fib_down multipath: fibmatch on up device $up" 0 \
		$MYIP route get fibmatch 203.0.113.1 oif $up
	check_rc "fib_down multipath: $down nexthop flagged dead" 0 \
		sh -c "$MYIP route get fibmatch 203.0.113.1 | grep $down | grep -q dead"
	check_rc "fib_down multipath: $up nexthop not dead" 1 \
		sh -c "$MYIP route get fibmatch 203.0.113.1 | grep $up | grep -q dead"
}
$IP link set dev dummy0 down
down_do dummy0 dummy1
$IP link set dev dummy0 up
$IP link set dev dummy1 down
down_do dummy1 dummy0
$IP link set dev dummy0 down
check_rc "fib_down multipath: both devices down: no route" 2 \
	$MYIP route get fibmatch 203.0.113.1
cleanup

# ---------------------------------------------------------------- fib_carrier
setup
$IP link set dev dummy0 carrier on
check_rc "fib_carrier: local route, carrier on" 0 \
	$MYIP route get fibmatch 198.51.100.1
$IP link set dev dummy0 carrier off
sleep 1
check_rc "fib_carrier: local route kept with carrier off" 0 \
	$MYIP route get fibmatch 198.51.100.1
check_rc "fib_carrier (classic): unicast route kept with carrier off" 0 \
	$MYIP route get fibmatch 198.51.100.2
check_rc "fib_carrier (classic): no linkdown or dead flag" 1 \
	sh -c "$MYIP route get fibmatch 198.51.100.2 | grep -q 'linkdown\|dead'"
$IP address add 192.0.2.1/24 dev dummy0
check_rc "fib_carrier: address added with carrier down gets its routes" 0 \
	$MYIP route get fibmatch 192.0.2.2
check_rc "fib_carrier: route to the new local address" 0 \
	sh -c "$MYIP route get fibmatch 192.0.2.1 | grep -q '^local 192.0.2.1 '"
cleanup

# ---------------------------------------------------------------- ipv4_rt_add
route_setup() {
	ns_create $NS
	ns_create $NS2
	$IP link add veth1 type veth peer name veth2
	$IP link add veth3 type veth peer name veth4
	$IP link set veth1 up
	$IP link set veth3 up
	$IP link set veth2 netns $NS2 up
	$IP link set veth4 netns $NS2 up
	$IP addr add 172.16.101.1/24 dev veth1
	$IP addr add 172.16.103.1/24 dev veth3
	ip -n $NS2 addr add 172.16.101.2/24 dev veth2
	ip -n $NS2 addr add 172.16.103.2/24 dev veth4
}

add_route() {
	$MYIP route flush "$1" >/dev/null 2>&1
	if [ -n "$(route_match "$1")" ]; then
		echo "# could not flush $1"
		return 1
	fi
	$MYIP route add $1 $2
}

route_setup
add_route 172.16.104.0/24 "via 172.16.101.2"
check_rc "rt_add: duplicate route - gw" 2 \
	$MYIP ro add 172.16.104.0/24 via 172.16.103.2
check_rc "rt_add: duplicate route - dev only" 2 \
	$MYIP ro add 172.16.104.0/24 dev veth3
check_rc "rt_add: duplicate route - reject route" 2 \
	$MYIP ro add unreachable 172.16.104.0/24

add_route 172.16.104.0/24 "via 172.16.101.2"
$MYIP ro prepend 172.16.104.0/24 via 172.16.103.2
check_route "rt_add: prepend adds a new route first" \
	"172.16.104.0/24 via 172.16.103.2 dev veth3 172.16.104.0/24 via 172.16.101.2 dev veth1"

add_route 172.16.104.0/24 "via 172.16.101.2"
$MYIP ro append 172.16.104.0/24 via 172.16.103.2
check_route "rt_add: append nexthop to existing route - gw" \
	"172.16.104.0/24 via 172.16.101.2 dev veth1 172.16.104.0/24 via 172.16.103.2 dev veth3"

add_route 172.16.104.0/24 "via 172.16.101.2"
$MYIP ro append 172.16.104.0/24 dev veth3
check_route "rt_add: append to existing route - dev only" \
	"172.16.104.0/24 via 172.16.101.2 dev veth1 172.16.104.0/24 dev veth3 scope link"

add_route 172.16.104.0/24 "via 172.16.101.2"
$MYIP ro append unreachable 172.16.104.0/24
check_route "rt_add: append reject route" \
	"172.16.104.0/24 via 172.16.101.2 dev veth1 unreachable 172.16.104.0/24"

$MYIP ro flush 172.16.104.0/24
$MYIP ro add unreachable 172.16.104.0/24
$MYIP ro append 172.16.104.0/24 via 172.16.103.2
check_route "rt_add: append gw to existing reject route" \
	"unreachable 172.16.104.0/24 172.16.104.0/24 via 172.16.103.2 dev veth3"

$MYIP ro flush 172.16.104.0/24
$MYIP ro add unreachable 172.16.104.0/24
$MYIP ro append 172.16.104.0/24 dev veth3
check_route "rt_add: append dev to existing reject route" \
	"unreachable 172.16.104.0/24 172.16.104.0/24 dev veth3 scope link"

add_route 172.16.104.0/24 "nexthop via 172.16.101.2 nexthop via 172.16.103.2"
check_route "rt_add: add multipath route" \
	"172.16.104.0/24 nexthop via 172.16.101.2 dev veth1 weight 1 nexthop via 172.16.103.2 dev veth3 weight 1"
check_rc "rt_add: duplicate multipath route" 2 \
	$MYIP ro add 172.16.104.0/24 nexthop via 172.16.101.2 nexthop via 172.16.103.2

add_route 172.16.104.0/24 "via 172.16.101.2"
check_rc "rt_add: route add with different metrics" 0 sh -c \
	"$MYIP ro add 172.16.104.0/24 via 172.16.103.2 metric 512 &&
	 $MYIP ro add 172.16.104.0/24 via 172.16.103.3 metric 256"
$MYIP ro del 172.16.104.0/24 metric 512
check_route "rt_add: route delete with metric" \
	"172.16.104.0/24 via 172.16.101.2 dev veth1 172.16.104.0/24 via 172.16.103.3 dev veth3 metric 256"

# ---------------------------------------------------------------- ipv4_rt_replace
add_route 172.16.104.0/24 "via 172.16.101.2"
$MYIP ro replace 172.16.104.0/24 via 172.16.103.2
check_route "rt_replace: single path with single path" \
	"172.16.104.0/24 via 172.16.103.2 dev veth3"

add_route 172.16.104.0/24 "nexthop via 172.16.101.2"
$MYIP ro replace 172.16.104.0/24 nexthop via 172.16.101.3 nexthop via 172.16.103.2
check_route "rt_replace: single path with multipath" \
	"172.16.104.0/24 nexthop via 172.16.101.3 dev veth1 weight 1 nexthop via 172.16.103.2 dev veth3 weight 1"

add_route 172.16.104.0/24 "nexthop via 172.16.101.2"
$MYIP ro replace unreachable 172.16.104.0/24
check_route "rt_replace: single path with reject route" \
	"unreachable 172.16.104.0/24"

add_route 172.16.104.0/24 "via 172.16.101.2"
$MYIP ro replace 172.16.104.0/24 nexthop via 172.16.103.2
check_route "rt_replace: single path with single path via multipath attribute" \
	"172.16.104.0/24 via 172.16.103.2 dev veth3"

add_route 172.16.104.0/24 "via 172.16.101.2"
$MYIP ro replace 172.16.104.0/24 via 2001:db8:104::2 2>/dev/null
check_route "rt_replace: invalid nexthop leaves the route" \
	"172.16.104.0/24 via 172.16.101.2 dev veth1"

add_route 172.16.104.0/24 "via 172.16.101.2"
check_rc "rt_replace: change of a non-existent route" 2 \
	$MYIP ro change 172.16.105.0/24 via 172.16.101.2

add_route 172.16.104.0/24 "nexthop via 172.16.101.2 nexthop via 172.16.103.2"
$MYIP ro replace 172.16.104.0/24 nexthop via 172.16.101.3 nexthop via 172.16.103.3
check_route "rt_replace: multipath with multipath" \
	"172.16.104.0/24 nexthop via 172.16.101.3 dev veth1 weight 1 nexthop via 172.16.103.3 dev veth3 weight 1"

add_route 172.16.104.0/24 "nexthop via 172.16.101.2 nexthop via 172.16.103.2"
$MYIP ro replace 172.16.104.0/24 via 172.16.101.3
check_route "rt_replace: multipath with single path" \
	"172.16.104.0/24 via 172.16.101.3 dev veth1"

add_route 172.16.104.0/24 "nexthop via 172.16.101.2 nexthop via 172.16.103.2"
$MYIP ro replace unreachable 172.16.104.0/24
check_route "rt_replace: multipath with reject route" \
	"unreachable 172.16.104.0/24"

add_route 172.16.104.0/24 "nexthop via 172.16.101.2 nexthop via 172.16.103.2"
$MYIP ro replace 172.16.104.0/24 nexthop via 172.16.111.3 nexthop via 172.16.103.3 2>/dev/null
check_route "rt_replace: multipath - invalid first nexthop" \
	"172.16.104.0/24 nexthop via 172.16.101.2 dev veth1 weight 1 nexthop via 172.16.103.2 dev veth3 weight 1"

add_route 172.16.104.0/24 "nexthop via 172.16.101.2 nexthop via 172.16.103.2"
$MYIP ro replace 172.16.104.0/24 nexthop via 172.16.101.3 nexthop via 172.16.113.3 2>/dev/null
check_route "rt_replace: multipath - invalid second nexthop" \
	"172.16.104.0/24 nexthop via 172.16.101.2 dev veth1 weight 1 nexthop via 172.16.103.2 dev veth3 weight 1"

check_rc "rt_replace: multipath change of a non-existent route" 2 \
	$MYIP ro change 172.16.105.0/24 nexthop via 172.16.101.3 nexthop via 172.16.103.3

# weighted multipath: classic selection spreads 3:1 over the weights
$MYIP ro replace 172.16.104.0/24 nexthop via 172.16.101.2 weight 3 nexthop via 172.16.103.2 weight 1
# 40 lookups, each after a flush of the cache, in one myip (a process
# each took most of this case's time): the first line of each answer
for i in $(seq 1 40); do
	echo "route flush cache"
	echo "route get 172.16.104.$i"
done >/tmp/fibt.batch
read -r n1 n3 < <($MYIP -batch /tmp/fibt.batch |
	awk '/^[^ \t]/ { if (/veth1/) a++; else if (/veth3/) b++ }
	     END { print a + 0, b + 0 }')
echo "# weight 3:1 gave $n1:$n3"
check_rc "multipath: weighted selection uses both nexthops, the heavier more" 0 \
	test "$n1" -gt "$n3" -a "$n3" -gt 0 -a $((n1 + n3)) -eq 40
cleanup

# ---------------------------------------------------------------- ipv4_addr_metric
setup
$IP li add dummy1 type dummy
$IP li add dummy2 type dummy
$IP li set dummy1 up
$IP li set dummy2 up
$IP addr add dev dummy1 172.16.104.1/24
$IP addr add dev dummy2 172.16.104.2/24
check_route "addr_metric: two prefix routes, second appended" \
	"172.16.104.0/24 dev dummy1 proto kernel scope link src 172.16.104.1 172.16.104.0/24 dev dummy2 proto kernel scope link src 172.16.104.2"
$IP addr flush dev dummy1
$IP addr add dev dummy1 172.16.104.1/24 metric 257
check_route "addr_metric (classic): address metric ignored, route appended" \
	"172.16.104.0/24 dev dummy2 proto kernel scope link src 172.16.104.2 172.16.104.0/24 dev dummy1 proto kernel scope link src 172.16.104.1"
$IP addr del dev dummy1 172.16.104.1/24
check_route "addr_metric: delete of address on first device" \
	"172.16.104.0/24 dev dummy2 proto kernel scope link src 172.16.104.2"
$IP li set dev dummy2 down
check_rc "addr_metric: prefix route removed on link down" 0 \
	test -z "$(route_match 172.16.104.0/24)"
$IP li set dev dummy2 up
check_route "addr_metric: prefix route back on link up" \
	"172.16.104.0/24 dev dummy2 proto kernel scope link src 172.16.104.2"
$IP addr flush dev dummy2
$IP addr add dev dummy2 172.16.104.1/32 peer 172.16.104.2
check_route "addr_metric: peer route" \
	"172.16.104.2 dev dummy2 proto kernel scope link src 172.16.104.1"
cleanup

# ---------------------------------------------------------------- ipv4_del_addr
setup
$IP li add dummy1 type dummy
$IP li set dummy1 up
$IP li add dummy2 type dummy
$IP li set dummy2 up
$IP addr add dev dummy1 172.16.104.1/24
$IP addr add dev dummy1 172.16.104.11/24
$IP addr add dev dummy1 172.16.104.12/24
$IP addr add dev dummy1 172.16.104.13/24
$IP addr add dev dummy2 172.16.108.14/24
$IP addr add dev dummy2 172.16.104.14/32
$IP addr add dev dummy1 172.16.104.14/32
$MYIP route add 172.16.105.0/24 via 172.16.104.2 src 172.16.104.11
$MYIP route add 172.16.106.0/24 dev lo src 172.16.104.12
$MYIP route add table 0 172.16.107.0/24 via 172.16.104.2 src 172.16.104.13
$MYIP route add 172.16.109.0/24 via 172.16.104.2 src 172.16.104.14
$IP addr del dev dummy1 172.16.104.11/24
check_rc "del_addr: route removed when its source address is deleted" 1 \
	sh -c "$MYIP ro ls | grep -q 172.16.105.0/24"
check_rc "del_addr: route with another source address kept" 0 \
	sh -c "$MYIP ro ls | grep -q 172.16.106.0/24"
$IP addr del dev dummy1 172.16.104.12/24
check_rc "del_addr: second route removed with its source address" 1 \
	sh -c "$MYIP ro ls | grep -q 172.16.106.0/24"
$IP addr del dev dummy1 172.16.104.13/24
check_rc "del_addr: route added with table 0 removed" 1 \
	sh -c "$MYIP ro ls | grep -q 172.16.107.0/24"
$IP addr del dev dummy1 172.16.104.14/32
check_rc "del_addr: source still local on another device: route kept" 0 \
	sh -c "$MYIP ro ls | grep -q 172.16.109.0/24"
$IP addr del dev dummy2 172.16.104.14/32
check_rc "del_addr: last copy of the source gone: route removed" 1 \
	sh -c "$MYIP ro ls | grep -q 172.16.109.0/24"
cleanup

ktap_finished
