# SPDX-License-Identifier: GPL-2.0
# Shared helpers of the myrt shell selftests.  In a test:
#	#!/bin/bash
#	. "$(dirname "$0")/lib/lib.sh"
# It brings the kselftest KTAP helpers (ktap_print_header, ktap_set_plan,
# ktap_test_pass/fail/skip, ktap_test_result, ktap_skip_all, ktap_finished)
# and deletes the netns made with ns_create when the test exits.

MYRT_SELFTESTS=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=/dev/null
. "$MYRT_SELFTESTS/kselftest/ktap_helpers.sh"

# Each case's KTAP line ends with its seconds since the previous case (the
# first: since lib.sh was sourced), "ok 3 description # 12.3s", as
# lib/runner.sh does for whole tests: where a test spends its time (CI
# time, RELIABILITY.md).  A SKIP keeps its directive.  ktap_helpers.sh's
# own __ktap_test, with the time added.
MYRT_CASE_T0=${EPOCHREALTIME/./}
__ktap_test() {
	local now=${EPOCHREALTIME/./} tag
	tag="# $(((now - MYRT_CASE_T0) / 1000000)).$((((now - MYRT_CASE_T0) / 100000) % 10))s"
	MYRT_CASE_T0=$now
	[ -z "${3:-}" ] || tag="# $3"
	echo "$1 $KTAP_TESTNO $2 $tag"
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
}

MYRT_KO=${MYRT_KO:-/lib/myrt/myrt.ko}
MYRT_NETNS=()

# ns_create NAME: a new netns with lo up, deleted at exit.
ns_create() {
	ip netns add "$1" || return 1
	MYRT_NETNS+=("$1")
	ip -n "$1" link set lo up
}

ns_cleanup() {
	local ns
	for ns in "${MYRT_NETNS[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	MYRT_NETNS=()
}
trap ns_cleanup EXIT

# netns_count: how many network namespaces root created are alive (init_net
# not counted), exactly: the init user namespace's count of them (ucounts),
# probed with its max_net_namespaces limit, at which a creation fails with
# ENOSPC and creates nothing.  The probe that succeeds creates one, freed
# at once, but asynchronously (cleanup_net): a count right after another
# can be one high, never low.  Prints nothing, fails on any other error.
netns_count() {
	local f=/proc/sys/user/max_net_namespaces max n=0 err
	max=$(cat $f) || return 1
	while [ $n -lt 100000 ]; do
		echo $((n + 1)) >$f || break
		err=$(unshare -n true 2>&1) && break
		case $err in
		*"No space left"*) n=$((n + 1)) ;;
		*) echo "$max" >$f; echo "netns_count: $err" >&2; return 1 ;;
		esac
	done
	echo "$max" >$f
	echo $n
}
# netns_settle [N]: wait (up to 30 s) until the alive namespaces are N,
# default the named ones (/run/netns): none leaked, every freed one's
# cleanup done.  Prints the last count; fails if it never got there.
netns_settle() {
	local want=${1:-} i n=
	for i in $(seq 60); do
		[ -n "${1:-}" ] || want=$(ls /run/netns 2>/dev/null | wc -l)
		n=$(netns_count) || return 1
		[ "$n" -le "$want" ] && break
		sleep 0.5
	done
	echo "$n"
	[ "$n" -le "$want" ]
}

myrt_loaded() { grep -q '^myrt ' /proc/modules; }
myrt_load() { myrt_loaded || insmod "$MYRT_KO"; }
# myrt_nothing_left: with myrt unloaded, nothing of it is left; prints what
# is, returns 1 then.  (The guest cannot autoload myrt through its genl
# family: myrt.ko is not under /lib/modules.)
myrt_nothing_left() {
	local left=0 t
	myrt_loaded && { echo "myrt still loaded"; left=1; }
	ls /proc/net/ | grep -q myrt && { echo "left: $(ls /proc/net | grep myrt)"; left=1; }
	ls /proc/net/stat/ | grep -q myrt && { echo "left: /proc/net/stat/myrt*"; left=1; }
	grep -q myrt /proc/slabinfo && { echo "left: $(grep myrt /proc/slabinfo)"; left=1; }
	ip link show mylo >/dev/null 2>&1 && { echo "left: mylo"; left=1; }
	[ -d /proc/sys/net/myrt ] && { echo "left: /proc/sys/net/myrt"; left=1; }
	[ -d /sys/module/myrt ] && { echo "left: /sys/module/myrt"; left=1; }
	myip route show >/dev/null 2>&1 && { echo "left: genl family myrt"; left=1; }
	for t in /sys/kernel/tracing /sys/kernel/debug/tracing; do
		[ -d "$t/events/myrt" ] && { echo "left: $t/events/myrt"; left=1; }
	done
	return $left
}
# rmmod is refused (EAGAIN) while sockets or namespaces the test just
# dropped are still being freed; retry for up to 10 s.
myrt_unload() {
	local i
	for i in $(seq 50); do
		myrt_loaded || return 0
		rmmod myrt 2>/tmp/myrt_unload.err && return 0
		sleep 0.2
	done
	cat /tmp/myrt_unload.err >&2
	return 1
}

# link_stat [NETNS] DEV COUNTER: a counter of /sys/class/net/DEV/statistics
link_stat() {
	if [ $# -eq 3 ]; then
		ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"
	else
		cat "/sys/class/net/$1/statistics/$2"
	fi
}

# require_cmd CMD...: skip the whole test when a tool is missing.
require_cmd() {
	local c
	for c in "$@"; do
		if ! command -v "$c" >/dev/null; then
			ktap_skip_all "$c not available"
			exit "$KSFT_SKIP"
		fi
	done
}

# The kernel log since a mark: log_mark; ...; log_since_mark
log_mark() { MYRT_LOG_MARK=$(dmesg | wc -l); }
log_since_mark() { dmesg | tail -n +$((${MYRT_LOG_MARK:-0} + 1)); }

# link_settle NS DEV...: wait until each DEV of NS has its carrier.  The
# carrier's NETDEV_CHANGE flushes the route cache (as the classic
# fib_netdev_event did), so experiments on the cache start after it.
link_settle() {
	local ns=$1 dev i
	shift
	for dev in "$@"; do
		for i in $(seq 50); do
			[ "$(ip netns exec "$ns" cat "/sys/class/net/$dev/operstate" 2>/dev/null)" = up ] && break
			sleep 0.1
		done
	done
	sleep 0.3
}

# sh_pair S H: netns S (10.1.0.1) and H (10.1.0.2) made and joined by a veth
# whose ends are both eth0, up with mylo, the link settled: the sender and
# the host under test of the route cache tests.
sh_pair() {
	ns_create "$1" && ns_create "$2" || return 1
	ip link add eth0 netns "$1" type veth peer name eth0 netns "$2" || return 1
	ip -n "$1" addr add 10.1.0.1/24 dev eth0 &&
	ip -n "$2" addr add 10.1.0.2/24 dev eth0 || return 1
	for n in "$1" "$2"; do
		ip -n "$n" link set eth0 up && ip -n "$n" link set mylo up || return 1
	done
	link_settle "$1" eth0
	link_settle "$2" eth0
}

# cache_stat NAME: a counter of /proc/net/stat/myrt_cache summed over the
# CPUs ("entries" is global: every CPU's row shows it, it is read once).
cache_stat() {
	local hdr idx=0 i=0 s=0 name
	local -a v
	{
		read -r hdr
		for name in $hdr; do
			[ "$name" = "$1" ] && idx=$i
			i=$((i + 1))
		done
		while read -r -a v; do
			s=$((s + 16#${v[$idx]}))
			[ "$1" = entries ] && break
		done
	} </proc/net/stat/myrt_cache
	echo $s
}

# cache_entries NS: NS's route cache, one line per entry: the key:, dst:
# and rtable: lines of `myip -d route show cache` joined.
cache_entries() {
	ip netns exec "$1" myip -d route show cache |
		awk '/^    key:/ { l = $0; next } /^    dst:/ { l = l " " $0; next }
		     /^    rtable:/ { print l " " $0 }'
}

# dnc_listen NS PORT COUNT OUT [DNC-ARGS...]: a DUMMY receiver in netns NS
# ("" for the current one) taking COUNT datagrams on PORT and printing
# "ADDR:PORT LEN" for each into OUT (-x; more dnc options may follow, the
# last -w wins).  Returns once it has bound its port (10 s at most, for a
# loaded debug kernel; 1 if it never did); its pid is in DNC_PID for `wait`.
# Its -w time counts from the bind, so the sender may start after it.
dnc_listen() {
	local ns=$1 port=$2 count=$3 out=$4 rdy
	shift 4
	rdy=$(mktemp)
	if [ -n "$ns" ]; then
		ip netns exec "$ns" dnc -l -v -x -c "$count" -w 8000 "$@" "$port" >"$out" 2>"$rdy" &
	else
		dnc -l -v -x -c "$count" -w 8000 "$@" "$port" >"$out" 2>"$rdy" &
	fi
	DNC_PID=$!
	for _ in $(seq 100); do
		if grep -q listening "$rdy"; then
			rm -f "$rdy"
			return 0
		fi
		sleep 0.1
	done
	rm -f "$rdy"
	return 1
}

# icmp_watch NS OUT [ICMPWATCH-ARGS...]: icmpwatch in netns NS printing
# what arrives into OUT.  Returns once its raw socket is open (10 s at most,
# for a loaded debug kernel; 1 if it never was); its pid is in ICMPW_PID.
# Its -t counts from its start: give it a generous one and end it with
# icmp_watch_end, or let -c end it and `wait` for it.
icmp_watch() {
	local ns=$1 out=$2 a prev= file=raw pat
	shift 2
	# ICMP: a raw socket, whose local "port" in /proc/net/raw is its
	# protocol; -p: a packet socket for IPv4 (proto 0800)
	pat="^ *[0-9]*: 00000000:0001 "
	for a in "$@"; do
		[ "$prev" = -p ] && file=packet pat=" 2 +0800 "
		prev=$a
	done
	ip netns exec "$ns" icmpwatch "$@" >"$out" &
	ICMPW_PID=$!
	for _ in $(seq 100); do
		ip netns exec "$ns" cat "/proc/net/$file" | grep -qE "$pat" && return 0
		sleep 0.1
	done
	return 1
}

# icmp_watch_end: the messages still in flight get a second, then the
# watcher (icmp_watch, line-buffered output) is stopped.
icmp_watch_end() {
	sleep 1
	kill "$ICMPW_PID" 2>/dev/null
	wait "$ICMPW_PID" 2>/dev/null
	return 0
}

# lan_create NS: a bridge "lan" in NS (made with ns_create), a link shared
# by the hosts lan_attach puts on it: no STP (ports forward at once), no
# multicast snooping (multicast floods to every port, as on a hub).
MYRT_LAN_PORT=0
lan_create() {
	ip -n "$1" link add lan type bridge stp_state 0 mcast_snooping 0 || return 1
	ip -n "$1" link set lan up
}

# lan_attach LANNS NS DEV: NS gets DEV, a veth whose peer is a port of
# LANNS's bridge.
lan_attach() {
	local port=lp$MYRT_LAN_PORT
	MYRT_LAN_PORT=$((MYRT_LAN_PORT + 1))
	ip link add "$3" netns "$2" type veth peer name "$port" netns "$1" || return 1
	ip -n "$1" link set "$port" master lan up
}

# ip_stat NS NAME: a counter of the Ip: lines of NS's /proc/net/snmp
# (ForwDatagrams, InReceives, ...).
ip_stat() {
	ip netns exec "$1" awk -v n="$2" '$1 == "Ip:" {
		if (!h) { for (i = 2; i <= NF; i++) idx[$i] = i; h = 1; next }
		print $idx[n]; exit }' /proc/net/snmp
}

# topo_router H1 R H2: the router topology h1 -- r -- h2 with fresh netns:
# h1 eth0 10.1.1.2/24 -- r eth0 10.1.1.1/24, r eth1 10.1.2.1/24 -- h2 eth0
# 10.1.2.2/24; mylo up everywhere; h1 and h2 route everything to r, both
# for DUMMY (myip default route) and for the rest (ip default route: ICMP);
# r forwards (net.ipv4.conf.all.forwarding=1) and does not rate-limit ICMP.
# Links are settled when it returns.
topo_router() {
	local h1=$1 r=$2 h2=$3 n d
	for n in "$h1" "$r" "$h2"; do ns_create "$n" || return 1; done
	ip link add eth0 netns "$h1" type veth peer name eth0 netns "$r"
	ip link add eth1 netns "$r" type veth peer name eth0 netns "$h2"
	ip -n "$h1" addr add 10.1.1.2/24 dev eth0
	ip -n "$r" addr add 10.1.1.1/24 dev eth0
	ip -n "$r" addr add 10.1.2.1/24 dev eth1
	ip -n "$h2" addr add 10.1.2.2/24 dev eth0
	for n in "$h1" "$r" "$h2"; do
		ip -n "$n" link set mylo up
		for d in eth0 eth1; do
			ip -n "$n" link set "$d" up 2>/dev/null
		done
		ip netns exec "$n" sysctl -qw net.ipv4.icmp_ratelimit=0
	done
	ip -n "$h1" route add default via 10.1.1.1
	ip -n "$h2" route add default via 10.1.2.1
	ip netns exec "$h1" myip route add default via 10.1.1.1
	ip netns exec "$h2" myip route add default via 10.1.2.1
	ip netns exec "$r" sysctl -qw net.ipv4.conf.all.forwarding=1
	# per namespace in 6.1 and later; 5.10 has only the host's global knob
	ip netns exec "$r" sh -c '[ ! -e /proc/sys/net/ipv4/icmp_msgs_per_sec ] ||
		sysctl -qw net.ipv4.icmp_msgs_per_sec=100000'
	link_settle "$h1" eth0
	link_settle "$r" eth0 eth1
	link_settle "$h2" eth0
}
