#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# myrt's port of the IPv4 selector and action cases of the kernel's
# tools/testing/selftests/net/fib_rule_tests.sh, with myip's rules and
# `myip route get fibmatch` (which prints the table the route came from).
# Classic selectors only: oif, iif, tos, fwmark, from, to, not; the 4.x+
# selectors (uidrange, sport/dport, ipproto, dscp) did not exist in 2.6.
# Classic difference: a rule tos with only ECN bit 1 (0x02) is accepted
# (2.6 checked tos & ~IPTOS_TOS_MASK); 0x01 and 0x03 are rejected.
. "$(dirname "$0")/lib/lib.sh"

NS=rulet
IP="ip -n $NS"
MYIP="myip -n $NS"
RTABLE=100
GW_IP4=192.51.100.2
SRC_IP=192.51.100.3
DEV=dummy0

ktap_print_header
ktap_set_plan 73

check_rc() {
	local name=$1 want=$2 rc
	shift 2
	"$@" >/tmp/rulet.out 2>&1
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		ktap_test_pass "$name"
	else
		sed 's/^/# /' /tmp/rulet.out
		echo "# expected status $want, got $rc: $*"
		ktap_test_fail "$name"
	fi
}

ns_create $NS
$IP link add dummy0 type dummy
$IP link set dev dummy0 up
$IP address add 192.51.100.1/24 dev dummy0
ip netns exec $NS sysctl -qw net.ipv4.ip_forward=1
ip netns exec $NS sysctl -qw net.ipv4.conf.$DEV.rp_filter=0

in_table() {	# in_table GET-ARGS...: the fibmatch result comes from $RTABLE
	$MYIP route get fibmatch $GW_IP4 "$@" | grep -q "table $RTABLE"
}

match_n_redirect() {
	local match=$1 getmatch=$2 getnomatch=$3 desc=$4 nodesc=$5 pref
	$MYIP rule add $match table $RTABLE
	check_rc "rule4 check: $desc" 0 in_table $getmatch
	check_rc "rule4 check: $nodesc" 1 in_table $getnomatch
	pref=$($MYIP rule show | grep "lookup $RTABLE" | cut -d: -f1)
	check_rc "rule4 del by pref: $desc" 0 $MYIP rule del pref $pref
}

reject() {
	local match=$1 want=$2
	check_rc "rule4 check: $match" "$want" $MYIP rule add $match table $RTABLE
	[ "$want" -eq 0 ] && $MYIP rule del $match table $RTABLE
}

$MYIP route add table $RTABLE default via $GW_IP4 dev $DEV onlink

match_n_redirect "oif $DEV" "oif $DEV" "oif lo" \
	"oif redirect to table" "oif no redirect to table"
match_n_redirect "from $SRC_IP iif $DEV" "from $SRC_IP iif $DEV" \
	"from $SRC_IP iif lo" "iif redirect to table" "iif no redirect to table"

reject "dsfield 1" 2
reject "dsfield 2" 0
reject "dsfield 3" 2

for cnt in 0x10 0x11 0x12 0x13; do
	match_n_redirect "tos 0x10" "tos $cnt" "tos 0x20" \
		"tos $cnt redirect to table" "tos 0x20 no redirect to table"
done
for cnt in 0x10 0x11 0x12 0x13; do
	match_n_redirect "tos 0x10" "from $SRC_IP iif $DEV tos $cnt" \
		"from $SRC_IP iif $DEV tos 0x20" \
		"iif tos $cnt redirect to table" "iif tos 0x20 no redirect to table"
done

match_n_redirect "fwmark 0x64" "mark 0x64" "mark 0x63" \
	"fwmark redirect to table" "fwmark no redirect to table"
match_n_redirect "fwmark 0x64/0xff" "mark 0x164" "mark 0x165" \
	"fwmark/mask redirect to table" "fwmark/mask no redirect to table"
match_n_redirect "from 10.0.0.0/8" "from 10.1.2.3" "from 11.1.2.3" \
	"from prefix redirect to table" "from prefix no redirect to table"
match_n_redirect "not from 10.0.0.0/8" "from 11.1.2.3" "from 10.1.2.3" \
	"not from: other source redirects" "not from: matching source does not"

# ---- actions, on the output path (real lookups through the cache)
$MYIP route add 198.18.0.0/16 via $GW_IP4
check_rc "action: main table route reachable" 0 $MYIP route get 198.18.1.1
$MYIP rule add to 198.18.1.0/24 pref 100 unreachable
check_rc "action unreachable: lookup fails" 2 $MYIP route get 198.18.1.1
check_rc "action unreachable: other destinations still route" 0 \
	$MYIP route get 198.18.2.1
check_rc "action unreachable: fibmatch error is ENETUNREACH" 0 sh -c \
	"$MYIP route get fibmatch 198.18.1.1 2>&1 | grep -q 'Network is unreachable'"
$MYIP rule del pref 100
$MYIP rule add to 198.18.1.0/24 pref 100 prohibit
check_rc "action prohibit: fibmatch error is EACCES" 0 sh -c \
	"$MYIP route get fibmatch 198.18.1.1 2>&1 | grep -q 'Permission denied'"
$MYIP rule del pref 100
$MYIP rule add to 198.18.1.0/24 pref 100 blackhole
check_rc "action blackhole: fibmatch error is EINVAL" 0 sh -c \
	"$MYIP route get fibmatch 198.18.1.1 2>&1 | grep -q 'Invalid argument'"
$MYIP rule del pref 100
check_rc "action removed: route back" 0 $MYIP route get 198.18.1.1

# goto skips the rules in between; nop continues
$MYIP rule add to 198.18.1.0/24 pref 100 goto 300
$MYIP rule add to 198.18.1.0/24 pref 200 prohibit
$MYIP rule add to 198.18.1.0/24 pref 300 table $RTABLE
check_rc "action goto: result from the goto target's table" 0 sh -c \
	"$MYIP route get fibmatch 198.18.1.1 | grep -q 'table $RTABLE'"
$MYIP rule del pref 300
check_rc "action goto: unresolved target shown" 0 sh -c \
	"$MYIP rule show | grep -q 'goto 300 \[unresolved\]'"
check_rc "action goto: unresolved goto continues to the next rule" 0 sh -c \
	"$MYIP route get fibmatch 198.18.1.1 2>&1 | grep -q 'Permission denied'"
$MYIP rule add to 198.18.1.0/24 pref 300 table $RTABLE
check_rc "action goto: target re-added resolves the goto" 0 sh -c \
	"$MYIP route get fibmatch 198.18.1.1 | grep -q 'table $RTABLE'"
$MYIP rule del pref 100
$MYIP rule del pref 200
$MYIP rule del pref 300
$MYIP rule add to 198.18.1.0/24 pref 100 nop
check_rc "action nop: continues to main" 0 sh -c \
	"$MYIP route get fibmatch 198.18.1.1 | grep -q '^198.18.0.0/16 via'"
$MYIP rule del pref 100
check_rc "goto backwards is rejected" 2 $MYIP rule add pref 500 goto 400

# throw route: continue with the next rule
$MYIP rule add pref 100 table 101
$MYIP route add throw 198.18.0.0/16 table 101
$MYIP route add 198.18.0.0/16 via $GW_IP4 table 101 2>/dev/null
$MYIP route add 198.18.0.0/17 via $GW_IP4 dev $DEV onlink table 101
check_rc "throw: more specific route in table 101 used" 0 sh -c \
	"$MYIP route get fibmatch 198.18.1.1 | grep -q 'table 101'"
check_rc "throw: the throw route sends the lookup on to main" 0 sh -c \
	"$MYIP route get fibmatch 198.18.200.1 | grep -q '^198.18.0.0/16 via $GW_IP4 dev $DEV' &&
	 ! $MYIP route get fibmatch 198.18.200.1 | grep -q table"
$MYIP rule del pref 100

# default preference: second rule's preference minus one
$MYIP rule flush
check_rc "rule flush keeps only pref 0" 0 sh -c \
	"test \"\$($MYIP rule show | wc -l)\" -eq 1"
check_rc "no rule after local: ENETUNREACH" 2 $MYIP route get 198.18.1.1
$MYIP rule add pref 32766 table main
$MYIP rule add pref 32767 table default
$MYIP rule add from 1.2.3.4 table 7
check_rc "default preference is the second rule's minus one" 0 sh -c \
	"$MYIP rule show | grep -q '^32765:	from 1.2.3.4 lookup 7'"
$MYIP rule del from 1.2.3.4 table 7
check_rc "delete of a missing rule: ENOENT" 2 $MYIP rule del from 1.2.3.4 table 7
check_rc "rule del message" 0 sh -c \
	"$MYIP rule del from 1.2.3.4 table 7 2>&1 | grep -q 'No such file or directory'"

# iif names: detached until the device exists
$MYIP rule add iif dummy9 table $RTABLE pref 50
check_rc "iif of a missing device: [detached]" 0 sh -c \
	"$MYIP rule show | grep -q 'iif dummy9 \[detached\]'"
$IP link add dummy9 type dummy
check_rc "iif device created: attached" 1 sh -c \
	"$MYIP rule show | grep -q 'detached'"
check_rc "iif rule matches input on the new device" 0 sh -c \
	"$MYIP route get fibmatch $GW_IP4 iif dummy9 | grep -q 'table $RTABLE'"
$IP link del dummy9
check_rc "iif device deleted: detached again" 0 sh -c \
	"$MYIP rule show | grep -q 'iif dummy9 \[detached\]'"
$MYIP rule del pref 50

# the route cache follows rule changes
$MYIP route add 198.19.0.0/16 via $GW_IP4
check_rc "cache: entry before the rule change" 0 $MYIP route get 198.19.0.1
$MYIP rule add to 198.19.0.0/16 pref 10 prohibit
check_rc "cache: rule change invalidates the cached route" 2 \
	$MYIP route get 198.19.0.1
$MYIP rule del pref 10
check_rc "cache: rule removed, route again" 0 $MYIP route get 198.19.0.1

check_rc "kernel log clean of myrt warnings" 1 sh -c "dmesg | grep -q 'myrt.*WARN'"
ktap_finished
