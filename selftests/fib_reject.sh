#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every rejection path of a route or rule change: myip exits 2 and prints
# the kernel's extack message and errno, and nothing changes.
. "$(dirname "$0")/lib/lib.sh"

NS=fibrej
MYIP="myip -n $NS"

ktap_print_header
ktap_set_plan 29

ns_create $NS
ip -n $NS link add d0 type dummy
ip -n $NS link set d0 up
ip -n $NS addr add 10.0.0.1/24 dev d0
ip -n $NS link add d1 type dummy
ip -n $NS addr add 10.1.0.1/24 dev d1		# d1 stays down

# reject NAME MESSAGE ERRNO-TEXT MYIP-ARGS...: exit 2, both lines printed
reject() {
	local name=$1 msg=$2 err=$3 out rc before after
	shift 3
	before=$($MYIP route show table all; $MYIP rule show)
	out=$($MYIP "$@" 2>&1)
	rc=$?
	after=$($MYIP route show table all; $MYIP rule show)
	if [ $rc -eq 2 ] && grep -qF "Error: $msg." <<<"$out" &&
	   grep -qF "RTNETLINK answers: $err" <<<"$out" &&
	   [ "$before" = "$after" ]; then
		ktap_test_pass "$name"
	else
		echo "$out" | sed 's/^/# /'
		echo "# status $rc, want 2, \"$msg\", \"$err\""
		[ "$before" = "$after" ] || echo "# the tables changed"
		ktap_test_fail "$name"
	fi
}

reject "host bits set in the prefix" "Invalid prefix for given prefix length" \
	"Invalid argument" route add 10.9.9.1/24 dev d0
reject "gateway without a route" \
	"Nexthop gateway is not reachable (no route with a narrower scope)" \
	"No such process" route add 10.9.0.0/16 via 192.0.2.1
$MYIP route add 10.8.0.0/16 via 10.0.0.2
reject "gateway reached only through a universe route" \
	"Nexthop gateway is not reachable (no route with a narrower scope)" \
	"No such process" route add 10.9.0.0/16 via 10.8.0.1
reject "gateway is a broadcast address" "Nexthop has invalid gateway" \
	"Invalid argument" route add 10.9.0.0/16 via 10.0.0.255
reject "device down" "Nexthop device is not up" "Network is down" \
	route add 10.9.0.0/16 dev d1
reject "gateway on a down device" \
	"Nexthop gateway is not reachable (no route with a narrower scope)" \
	"No such process" route add 10.9.0.0/16 via 10.1.0.2
reject "onlink gateway on a down device" "Nexthop device is not up" \
	"Network is down" route add 10.9.0.0/16 via 10.1.0.2 dev d1 onlink
reject "onlink without a device" "Nexthop device required for onlink" \
	"No such device" route add 10.9.0.0/16 via 10.5.0.2 onlink
reject "onlink with link scope" "Nexthop has invalid scope" \
	"Invalid argument" route add 10.9.0.0/16 via 10.5.0.2 dev d0 onlink scope link
reject "duplicate route" "Route already exists" "File exists" \
	route add 10.8.0.0/16 via 10.0.0.3
reject "change of a missing route" \
	"Route does not exist and NLM_F_CREATE not given" \
	"No such file or directory" route change 10.7.0.0/16 via 10.0.0.3
reject "delete of a missing route" "No such route" "No such process" \
	route del 10.7.0.0/16
reject "delete with a wrong gateway" "No such route" "No such process" \
	route del 10.8.0.0/16 via 10.0.0.3
reject "delete from a missing table" "Table does not exist" \
	"No such process" route del 10.8.0.0/16 table 77
reject "table id out of range" "Invalid table id (1..255)" \
	"Invalid argument" route add 10.9.0.0/16 dev d0 table 300
reject "local route with global scope" "Invalid scope for this route type" \
	"Invalid argument" route add local 10.9.9.9 dev d0 scope global
reject "unreachable route with a gateway" \
	"Gateway, device and multipath are not allowed for this route type" \
	"Invalid argument" route add unreachable 10.9.0.0/16 via 10.0.0.2
reject "host scope route with a gateway" \
	"Route with host scope can not have multiple nexthops or a gateway" \
	"Invalid argument" route add 10.9.0.0/16 via 10.0.0.2 scope host
reject "preferred source not local" "Invalid prefsrc address" \
	"Invalid argument" route add 10.9.0.0/16 dev d0 src 10.0.0.99
reject "no device, no gateway" "Device or gateway required" \
	"No such device" route add 10.9.0.0/16
reject "tos with ECN bits" "Invalid tos" "Invalid argument" \
	route add 10.9.0.0/16 dev d0 tos 0x03
reject "xresolve routes are not supported" "Route type not supported" \
	"Operation not supported" route add xresolve 10.9.9.9 via 10.0.0.5
reject "nat route without the address it maps to" \
	"NAT route needs the address it maps to (via)" \
	"Invalid argument" route add nat 10.9.9.9
reject "multipath with a bad second nexthop" \
	"Nexthop gateway is not reachable (no route with a narrower scope)" \
	"No such process" route add 10.9.0.0/16 nexthop via 10.0.0.2 nexthop via 10.6.0.2
reject "rule: backward goto" "Backward goto not supported" \
	"Invalid argument" rule add pref 500 goto 400
reject "rule: tos with ECN bit 0" "Invalid tos" "Invalid argument" \
	rule add tos 0x01 table 5
reject "rule: missing rule" "No such rule" "No such file or directory" \
	rule del pref 4242

syntax() {	# command line errors: exit 255 like ip, kernel untouched
	$MYIP route add 10.9.0.0/33 dev d0 2>/dev/null
	[ $? -eq 255 ] || return 1
	$MYIP route add 10.9.0.0/16 dev nosuchdev 2>/dev/null
	[ $? -eq 255 ] || return 1
	$MYIP route bogus 2>/dev/null
	[ $? -eq 255 ]
}
ktap_test_result "command line errors exit 255" syntax

batch() {	# -batch stops at the first failure, exit 1, names the line
	local out
	printf 'route add 10.20.0.0/16 dev d0\nroute add 10.20.0.0/16 dev d0\nroute add 10.21.0.0/16 dev d0\n' >/tmp/fibrej.batch
	out=$($MYIP -batch /tmp/fibrej.batch 2>&1)
	[ $? -eq 1 ] && grep -q 'Command failed /tmp/fibrej.batch:2' <<<"$out" &&
		$MYIP route show | grep -q '^10.20.0.0/16' &&
		! $MYIP route show | grep -q '^10.21.0.0/16'
}
ktap_test_result "-batch stops at the first rejected line with exit 1" batch

ktap_finished
