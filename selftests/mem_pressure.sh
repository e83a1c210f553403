#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Memory pressure: myrt's own allocations fail, and it copes.  Needs a kernel
# with fault injection (the debug kernel of `make check-debug`: FAILSLAB,
# FAIL_PAGE_ALLOC, the stack trace filter); skips elsewhere.
#
# Only allocations made with myrt code on the stack fail: failslab and
# fail_page_alloc are limited (require-start/require-end) to the module area,
# where myrt is the only module (veth and dummy are built in), so bash, ip
# and the kernel's own work go on normally.  Two ways:
#  - /proc/thread-self/fail-nth, swept N = 1, 2, ...: the N-th myrt
#    allocation of one command fails, for every allocation of the path in
#    turn, to the last: route add (new table, gateway, multipath),
#    replace, delete, rule add; netns creation (myrt's per-netns init:
#    tables, hashes, mylo, proc, hooks); insmod (module init: every N to
#    24, then sampled, to the last allocation, lib/finit_module).  A sweep
#    ends at the first N that injects nothing (lib/fail_nth reads the
#    command's fail-nth back), past the command's last myrt allocation.  Each command either works completely or
#    fails with ENOMEM/ENOBUFS and changes nothing: a route is there iff its
#    add succeeded, a failed netns creation leaves no netns, a failed insmod
#    leaves no myrt proc file, slab, device or netlink family behind.
#  - probability: 15% of myrt's allocations fail anywhere (softirq too)
#    while DUMMY traffic from a peer (input routes, forwarding) and from the
#    router (output routes) fills the route cache and routes come and go.
#    The senders see ENOBUFS/ENOMEM or success, nothing else.
# Afterwards (injection off): route gets agree with the table, every cache
# entry of the router agrees with a fresh lookup, traffic flows, the FIB
# can be flushed and filled again, rmmod/insmod work, no netns is left but the named
# ones (counted exactly) and kmemleak finds no unreferenced object.
. "$(dirname "$0")/lib/lib.sh"

DBG=/sys/kernel/debug
FS=$DBG/failslab
FP=$DBG/fail_page_alloc
if [ ! -d "$FS" ] || [ ! -e "$FS/require-start" ] ||
   [ ! -e /proc/thread-self/fail-nth ]; then
	ktap_skip_all "kernel without fault injection (FAILSLAB, FAIL_PAGE_ALLOC, FAULT_INJECTION_STACKTRACE_FILTER): run make check-debug"
	exit "$KSFT_SKIP"
fi
require_cmd myip dnc dinject dping ip

# x86-64's module area (MODULES_VADDR with or without KASLR .. MODULES_END)
MOD_START=0xffffffffa0000000
MOD_END=0xffffffffff000000
H=mpH$$
P=mpP$$
TMP=$(mktemp -d)
PIDS=()

ktap_print_header
ktap_set_plan 8

inj_off() {
	local a
	for a in "$FS" "$FP"; do
		echo 0 >"$a/probability"
	done
}
stop_all() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	PIDS=()
}
trap 'inj_off; stop_all; rm -rf "$TMP"; ns_cleanup; myrt_load' EXIT

# Fault injection for myrt's allocations only, off until asked for.
inj_setup() {
	local a
	for a in "$FS" "$FP"; do
		echo 0 >"$a/probability"
		echo 1 >"$a/interval"
		echo -1 >"$a/times"
		echo 0 >"$a/space"
		echo 0 >"$a/verbose"
		echo N >"$a/task-filter"
		echo N >"$a/ignore-gfp-wait"
		echo 32 >"$a/stacktrace-depth"
		echo $MOD_START >"$a/require-start"
		echo $MOD_END >"$a/require-end"
		echo 0 >"$a/reject-start"
		echo 0 >"$a/reject-end"
	done
	echo N >"$FP/ignore-gfp-highmem"
	echo 0 >"$FP/min-order"
}
inj_prob() {
	echo "$1" >"$FS/probability"
	echo "$1" >"$FP/probability"
}

# nth N CMD...: run CMD with its N-th myrt allocation failing; output in
# $TMP/out, status returned.  lib/fail_nth reads CMD's fail-nth back when
# it has exited: injected() tells whether the N-th allocation was reached
# (a failed allocation is not always logged: __GFP_NOWARN ones are not).
FAIL_NTH=$(dirname "$0")/lib/fail_nth
nth() {
	"$FAIL_NTH" "$@" >"$TMP/out" 2>&1
}
injected() { grep -q '^fail_nth: injected$' "$TMP/out"; }
nomem() { grep -qE 'Cannot allocate memory|No buffer space available|ENOMEM|ENOBUFS' "$TMP/out"; }
inH() { ip netns exec "$H" "$@"; }
inP() { ip netns exec "$P" "$@"; }
has_route() { inH myip route show table "${2:-main}" | grep -q "^$1 "; }

# The module area holds myrt and nothing else.
if grep -q '\[' /proc/kallsyms && grep '\[' /proc/kallsyms | grep -qv '\[myrt\]'; then
	ktap_skip_all "other modules loaded: the module-area filter would hit them too"
	exit "$KSFT_SKIP"
fi
a=$(awk '$4 == "[myrt]" { print $1; exit }' /proc/kallsyms)
if [ -z "$a" ] || [[ "$a" < "${MOD_START#0x}" ]] || [[ "$a" > "${MOD_END#0x}" ]]; then
	ktap_skip_all "myrt's code (0x$a) is not in the module area $MOD_START..$MOD_END"
	exit "$KSFT_SKIP"
fi
# The kernel's reports of failed allocations are expected from here on
# (lib/runner.sh).
touch /tmp/myrt-fault-injection
inj_setup

setup() {
	ns_create "$H" && ns_create "$P" &&
	ip link add eth0 netns "$H" type veth peer name eth0 netns "$P" &&
	inH ip addr add 10.99.0.1/24 dev eth0 &&
	inP ip addr add 10.99.0.2/24 dev eth0 &&
	inP ip addr add 10.99.0.3/24 dev eth0 &&
	inH ip link set eth0 up && inP ip link set eth0 up &&
	inH ip link set mylo up && inP ip link set mylo up &&
	inH sysctl -qw net.ipv4.conf.all.forwarding=1 &&
	inH sysctl -qw net.ipv4.conf.eth0.forwarding=1 &&
	inP ip route add 10.70.0.0/16 via 10.99.0.1 &&
	inH myip route add 10.80.0.0/16 via 10.99.0.2 &&
	link_settle "$H" eth0 && link_settle "$P" eth0
}
setup || ktap_exit_fail_msg "setup"
log_mark

# ---------------------------------------------------------------------------
# 1. route changes, every myrt allocation of the path failing in turn
declare -A SWEPT FAILED TOLERATED
# sweep_op NAME CHECK_OK CHECK_FAIL CMD...: N = 1, 2, ... until a run
# injects nothing: then N is past the command's last myrt allocation and
# the sweep is complete.  A run that injected either failed with
# ENOMEM/ENOBUFS and changed nothing, or succeeded completely (an
# allocation myrt tolerates, e.g. the ref_tracker's); a run that injected
# nothing must succeed.
SWEEP_MAX=300
sweep_op() {
	local name=$1 ok_check=$2 fail_check=$3 n bad=0 done=0
	shift 3
	SWEPT[$name]=0
	FAILED[$name]=0
	TOLERATED[$name]=0
	for n in $(seq 1 $SWEEP_MAX); do
		pre_"$name" "$n"
		SWEPT[$name]=$n
		if nth "$n" ip netns exec "$H" "$@" $(args_"$name" "$n"); then
			$ok_check "$n" ||
				{ echo "# $name n=$n: succeeded but the change is not there"; bad=1; }
			if ! injected; then
				done=1
				break
			fi
			TOLERATED[$name]=$((TOLERATED[$name] + 1))
		else
			FAILED[$name]=$((FAILED[$name] + 1))
			if ! injected; then
				echo "# $name n=$n: failed with nothing injected:"
				sed 's/^/#   /' "$TMP/out"
				bad=1
				break
			fi
			if ! nomem; then
				echo "# $name n=$n: failed without ENOMEM/ENOBUFS:"
				sed 's/^/#   /' "$TMP/out"
				bad=1
			fi
			if ! $fail_check "$n"; then
				echo "# $name n=$n: failed, but changed the table"
				bad=1
			fi
		fi
	done
	echo "# $name: N swept 1..${SWEPT[$name]}: ${FAILED[$name]} failed with ENOMEM/ENOBUFS, ${TOLERATED[$name]} injections tolerated, N=${SWEPT[$name]} injected nothing"
	[ $done = 1 ] || { echo "# $name: still injecting at N=$SWEEP_MAX"; bad=1; }
	[ "${FAILED[$name]}" -gt 0 ] || { echo "# $name: no allocation failed"; bad=1; }
	return $bad
}
# add into a new table each time (the table's allocation too)
pre_add() { :; }
args_add() { echo "10.61.$1.0/24 via 10.99.0.2 table $((100 + $1))"; }
ok_add() { has_route "10.61.$1.0/24" $((100 + $1)); }
no_add() { ! has_route "10.61.$1.0/24" $((100 + $1)); }
pre_mpath() { :; }
args_mpath() { echo "10.62.$1.0/24 nexthop via 10.99.0.2 nexthop via 10.99.0.3"; }
ok_mpath() { has_route "10.62.$1.0/24"; }
no_mpath() { ! has_route "10.62.$1.0/24"; }
route_line() { inH myip route show | grep "^$1 "; }
pre_replace() { inH myip route add "10.63.$1.0/24" via 10.99.0.2; }
args_replace() { echo "10.63.$1.0/24 dev eth0"; }
ok_replace() { route_line "10.63.$1.0/24" | grep -q 'dev eth0' && ! route_line "10.63.$1.0/24" | grep -q via; }
no_replace() { route_line "10.63.$1.0/24" | grep -q 'via 10.99.0.2'; }
pre_del() { inH myip route add "10.64.$1.0/24" via 10.99.0.2; }
args_del() { echo "10.64.$1.0/24"; }
ok_del() { ! has_route "10.64.$1.0/24"; }
no_del() { has_route "10.64.$1.0/24"; }
pre_rule() { :; }
args_rule() { echo "to 10.65.$1.0/24 table 100 pref $((2000 + $1))"; }
ok_rule() { inH myip rule show | grep -q "^$((2000 + $1)):"; }
no_rule() { ! inH myip rule show | grep -q "^$((2000 + $1)):"; }

routes_ok=1
sweep_op add ok_add no_add myip route add || routes_ok=0
sweep_op mpath ok_mpath no_mpath myip route add || routes_ok=0
sweep_op replace ok_replace no_replace myip route replace || routes_ok=0
sweep_op del ok_del no_del myip route del || routes_ok=0
sweep_op rule ok_rule no_rule myip rule add || routes_ok=0
if [ $routes_ok = 1 ]; then
	ktap_test_pass "route add/replace/del, rule add: each myrt allocation failing in turn gives ENOMEM/ENOBUFS and no change, or a complete change"
else
	ktap_test_fail "route and rule changes under allocation failures"
fi

# ---------------------------------------------------------------------------
# 2. netns creation: myrt's per-netns init failing at each allocation
# settle_ns: no netns leaked, counted exactly (lib.sh): the live ones are
# the named ones, once the cleanup of the deleted ones has run
settle_ns() {
	local n
	n=$(netns_settle) && return 0
	echo "# live network namespaces: $ns0 before, ${n:-?} now, named: $(ls /run/netns | wc -l)"
	return 1
}
# Every N to 24, then in steps of a third (of a fifth until 2026-12: 41
# creations instead of 35, each slow on the debug kernel; the last
# steps before the end, where the allocations after mylo's are, are as
# close as they were): myrt's per-netns init registers mylo, and
# register_netdevice() makes several hundred allocations with myrt's code
# on the stack.  The injection's stack dump
# (verbose 2) tells where a failure came from: register_netdevice() of
# 6.12 ignores dev_set_name()'s ENOMEM in netdev_register_kobject(), and
# device_add() then fails the unnamed device with EINVAL: the kernel's
# errno, passed on by myrt, accepted for that allocation alone.
ns_ok=1 nfail=0 ntol=0 nkern=0 n=0 ns_done=0 tried=0
ns0=$(netns_settle)
echo 2 >"$FS/verbose"
echo 2 >"$FP/verbose"
while [ $n -lt 5000 ]; do
	if [ $n -lt 24 ]; then n=$((n + 1)); else n=$((n + n / 3)); fi
	tried=$((tried + 1))
	X=mpX$$_$n
	log_mark
	if nth "$n" ip netns add "$X"; then
		MYRT_NETNS+=("$X")
		if ! ip netns exec "$X" myip route show table local >/dev/null ||
		   ! ip -n "$X" link show mylo >/dev/null 2>&1; then
			echo "# netns n=$n: created, but myrt does not work in it"
			ns_ok=0
		fi
		ip netns del "$X"
		if ! injected; then
			ns_done=1
			break
		fi
		ntol=$((ntol + 1))
	else
		nfail=$((nfail + 1))
		if ! injected; then
			echo "# netns n=$n: failed with nothing injected:"
			sed 's/^/#   /' "$TMP/out"
			ns_ok=0
			break
		fi
		if nomem; then
			:
		elif grep -q 'Invalid argument' "$TMP/out" &&
		     log_since_mark | grep -A30 'FAULT_INJECTION' | grep -q 'dev_set_name' &&
		     log_since_mark | grep -A40 'FAULT_INJECTION' | grep -q 'netdev_register_kobject'; then
			nkern=$((nkern + 1))
		else
			echo "# netns n=$n: failed without ENOMEM:"
			sed 's/^/#   /' "$TMP/out"
			ns_ok=0
		fi
		if [ -e "/run/netns/$X" ]; then
			echo "# netns n=$n: failed, but /run/netns/$X is there"
			ns_ok=0
			ip netns del "$X"
		fi
	fi
done
echo 0 >"$FS/verbose"
echo 0 >"$FP/verbose"
[ $ns_done = 1 ] || [ $ns_ok = 0 ] || { echo "# netns: still injecting at N=$n"; ns_ok=0; }
echo "# netns: $tried creations, N swept 1..$n: $nfail failed ($nkern of them EINVAL from dev_set_name), $ntol injections tolerated, N=$n injected nothing"
settle_ns && echo "# live netns after the netns sweep: $(netns_count) (baseline $ns0)"
[ $nfail -gt 0 ] || { echo "# netns: no allocation failed"; ns_ok=0; }
ktap_test_result "netns creation: each myrt per-netns allocation failing in turn (every N to 24, then sampled to the last) fails the creation with ENOMEM, nothing left" [ $ns_ok = 1 ]

# ---------------------------------------------------------------------------
# 3. probability mode under traffic: input, forwarding, output, route churn
# (a fresh secret_interval period, as lib/runner.sh gives every test: the
# periodic rebuild would make the cache that 4. checks stale all at once)
si=/proc/sys/net/myrt/route/secret_interval
v=$(cat $si) && echo "$v" >$si
inH myip route add 10.70.0.0/16 via 10.99.0.2
ip netns exec "$P" dnc -l -x 9 >/dev/null 2>&1 &
PIDS+=($!)
sleep 1
inj_prob 15
# forwarded and local input from the peer: 400 sources, through H
ip netns exec "$P" dinject -d 10.99.0.1 -S 10.80.1.1 -n 400 -c 4000 >/dev/null 2>&1 &
PIDS+=($!)
ip netns exec "$P" dinject -d 10.70.3.3 -s 10.99.0.2 -c 2000 >/dev/null 2>&1 &
PIDS+=($!)
out_ok=0 out_nomem=0 out_bad=0
# 75 sends (150 until 2026-12: each a process in H, slow on the debug
# kernel), a route replaced and one deleted every fifth: with 15% of the
# allocations failing, a third of the sends meet an ENOBUFS/ENOMEM
SENDS=75
for i in $(seq 1 $SENDS); do
	if inH dnc -u -w 0 -c 1 "10.70.$((i / 200)).$((i % 200 + 1))" 9 >"$TMP/out" 2>&1; then
		out_ok=$((out_ok + 1))
	elif nomem; then
		out_nomem=$((out_nomem + 1))
	else
		out_bad=$((out_bad + 1))
		[ $out_bad -gt 3 ] || sed 's/^/# dnc: /' "$TMP/out"
	fi
	# routes come and go meanwhile (errors allowed: ENOMEM)
	if [ $((i % 5)) = 0 ]; then
		inH myip route replace "10.70.$((i % 7)).0/24" via 10.99.0.3 >/dev/null 2>&1
		inH myip route del "10.70.$(((i + 3) % 7)).0/24" >/dev/null 2>&1
	fi
done
inj_off
stop_all
echo "# output sends under 15% failures: $out_ok sent, $out_nomem ENOBUFS/ENOMEM, $out_bad other errors"
# (both conditions in one function: ktap_test_result runs one command)
sends_ok() { [ $out_bad = 0 ] && [ $((out_ok + out_nomem)) = $SENDS ]; }
ktap_test_result "DUMMY senders under 15% allocation failures see success or ENOBUFS/ENOMEM only" sends_ok

# ---------------------------------------------------------------------------
# 4. nothing corrupted: lookups agree with the table, the cache too
gw_of() {	# the gateway the table gives 10.70.K.x: a replaced /24, else the /16
	if route_line "10.70.$1.0/24" | grep -q 'via 10.99.0.3'; then
		echo 10.99.0.3
	else
		echo 10.99.0.2
	fi
}
consistent() {
	local k d got want bad=0 line dst n=0
	for k in 0 1 2 3 4 5 6; do
		d=10.70.$k.9
		got=$(inH myip route get "$d" 2>&1 | head -n1)
		want="via $(gw_of "$k") "
		case $got in
		*"$want"*) ;;
		*) echo "# route get $d: '$got', want '$want'"; bad=1 ;;
		esac
	done
	# every cache entry for 10.70/16 agrees with the table
	while read -r line; do
		dst=$(echo "$line" | sed -n 's/.*key: dst \(10\.70\.[0-9.]*\) .*/\1/p')
		[ -n "$dst" ] || continue
		n=$((n + 1))
		want=$(gw_of "$(echo "$dst" | cut -d. -f3)")
		case $line in
		*"rt_gateway $want "*) ;;
		*) echo "# stale cache entry: $line (want gateway $want)"; bad=1 ;;
		esac
	done < <(cache_entries "$H")
	echo "# $n cache entries for 10.70/16 checked"
	return $bad
}
ktap_test_result "afterwards: route gets and the route cache agree with the table" consistent

# ---------------------------------------------------------------------------
# 5. still works: traffic, flush and refill
state() {	# what H looks like, when traffic does not flow
	echo "# $1"
	{
		inH ip -s neigh show
		inH myip -d route show cache
		inH cat /proc/net/stat/myrt_cache
		inH ip -s link show eth0
		inP ip -s link show eth0
	} 2>&1 | sed 's/^/#   /' | head -n 80
	sed 's/^/#   out: /' "$TMP/out"
}
works() {
	inH dping -c 2 -W 5 10.99.0.2 >"$TMP/out" 2>&1 || { state "dping fails"; return 1; }
	inH myip route flush cache || return 1
	inH dnc -w 0 -c 3 10.70.1.1 9 >"$TMP/out" 2>&1 || { state "dnc fails"; return 1; }
	# the flush takes the connected 10.99.0.0/24 too: no gateways after it
	inH myip route flush table main >/dev/null 2>&1
	# the 50 adds in one myip (it stops at the first that fails)
	for k in $(seq 1 50); do
		echo "route add 10.72.$k.0/24 dev eth0"
	done >"$TMP/refill"
	inH myip -batch "$TMP/refill" || return 1
	[ "$(inH myip route show | grep -c '^10\.72\.')" = 50 ] || { echo "# refill: wrong count"; return 1; }
	inH myip route flush table main >/dev/null 2>&1
	[ "$(inH myip route show | grep -c '^10\.')" = 0 ] || { echo "# flush left routes"; return 1; }
}
ktap_test_result "afterwards: traffic flows, the table flushes and fills again" works

# ---------------------------------------------------------------------------
# 6. module load: myrt's init failing at each allocation
echo "# live netns before the cleanup: $(netns_count)"
ns_cleanup
sleep 1
echo "# live netns after it: $(netns_count)"
mod_ok=1
if ! myrt_unload; then
	mod_ok=0
	echo "# rmmod myrt failed before the insmod sweep"
	state "rmmod failed"
fi
# lib/finit_module -n N: one finit_module() call (busybox insmod would
# retry a failed load) with its N-th myrt allocation failing; exit 3 once N
# is past the last allocation of myrt's init.  Every N up to 24, then in
# steps of a third (myrt_init has well over a hundred allocations: the
# caches, the route cache hash, sysctl, proc, the initial netns, ...).
# Not inside kmem_cache_create(): its own failure path leaks the cache's
# kobject name (sysfs_slab_add(), 6.12) and dumps the stack, the kernel's
# problem, not myrt's.  Its code is left out by the stack filter.
sym_range() {	# SYMBOL: "start end" from kallsyms
	sort /proc/kallsyms | awk -v s="$1" '
		a && $1 > a { print "0x" a, "0x" $1; exit }
		$3 == s { a = $1 }'
}
read -r rs re < <(sym_range __kmem_cache_create_args)
[ -n "$rs" ] || read -r rs re < <(sym_range kmem_cache_create_usercopy)
for a in "$FS" "$FP"; do
	echo "${rs:-0}" >"$a/reject-start"
	echo "${re:-0}" >"$a/reject-end"
done
FINIT=$(dirname "$0")/lib/finit_module
mfail=0 mdone=0 n=0 tried=0
while [ $mod_ok = 1 ] && [ $n -lt 3000 ]; do
	if [ $n -lt 24 ]; then n=$((n + 1)); else n=$((n + n / 3)); fi
	tried=$((tried + 1))
	"$FINIT" -n "$n" "$MYRT_KO" >"$TMP/out" 2>&1
	rc=$?
	if [ $rc = 0 ] || [ $rc = 3 ]; then
		# loaded: the failed allocation (if any) was one myrt_init copes with
		if ! myip route show table local >/dev/null || ! ip link show mylo >/dev/null 2>&1; then
			echo "# insmod n=$n: loaded, but myrt does not work"
			mod_ok=0
		fi
		myrt_unload || { echo "# rmmod after insmod n=$n failed"; mod_ok=0; }
		[ $rc = 3 ] && { mdone=1; break; }
	else
		mfail=$((mfail + 1))
		nomem || { echo "# insmod n=$n: failed without ENOMEM:"; sed 's/^/#   /' "$TMP/out"; mod_ok=0; }
		myrt_loaded && { echo "# insmod n=$n failed, but myrt is loaded"; mod_ok=0; }
		left=$(myrt_nothing_left) ||
			{ echo "# after insmod n=$n failed, left behind: $left"; mod_ok=0; }
	fi
done
[ $mdone = 1 ] || [ $mod_ok = 0 ] || { echo "# insmod: still injecting at N=$n"; mod_ok=0; }
for a in "$FS" "$FP"; do
	echo 0 >"$a/reject-start"
	echo 0 >"$a/reject-end"
done
echo "# insmod: $tried loads, N swept 1..$n (the last past myrt_init's allocations), $mfail failed with ENOMEM"
[ $mfail -gt 0 ] || { echo "# insmod: no allocation failed"; mod_ok=0; }
myrt_load
echo "# live netns after the insmod sweep: $(netns_count)"
ktap_test_result "insmod: myrt's init failing at its N-th allocation (every N to 24, then sampled to the last) fails the load with ENOMEM and leaves nothing" [ $mod_ok = 1 ]

# ---------------------------------------------------------------------------
# 7. no netns leaked by the failed creations
ktap_test_result "no network namespace left but the named ones (live: $ns0 at the start)" settle_ns

# ---------------------------------------------------------------------------
# 8. kmemleak: nothing unreferenced (failed paths must free what they got)
kml() {
	local k=$DBG/kmemleak leaks
	if [ ! -w $k ]; then
		echo "# no kmemleak"
		return 0
	fi
	sleep 6
	echo scan >$k
	echo scan >$k
	leaks=$(cat $k)		# debugfs: no file size to test
	if [ -n "$leaks" ]; then
		echo "$leaks" | sed 's/^/# kmemleak: /' | head -n 120
		return 1
	fi
	return 0
}
ktap_test_result "kmemleak: no unreferenced object" kml
if log_since_mark | grep -E 'WARNING|BUG|KASAN|ODEBUG|ref_tracker|leak' >/dev/null; then
	echo "# kernel log:"
	log_since_mark | sed 's/^/# dmesg: /' | tail -n 80
fi
ktap_finished
