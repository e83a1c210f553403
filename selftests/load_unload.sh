#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# myrt loads and unloads cleanly, also with mylo up and addressed in the
# initial and in another netns; nothing is left behind; the module
# parameters are documented; 20 rmmod/insmod cycles in a row (8 on the
# debug kernel: each cycle a few seconds under KASAN and kmemleak; every
# cycle unloads and loads the same way, watched there by KASAN, lockdep
# and kmemleak).
. "$(dirname "$0")/lib/lib.sh"

CYCLES=20
[ -z "${MYRT_DEBUG_KERNEL:-}" ] || CYCLES=8

ktap_print_header
ktap_set_plan 6

params_documented() {
	local p ok=0 strs n=0
	# .modinfo holds parmtype=NAME:TYPE and parm=NAME:DESCRIPTION.  Its
	# strings split out once, from the first MB of the .ko: .modinfo comes
	# before the debug sections, most of a cloud kernel build's 10 MB (a
	# pass of busybox's tr and grep over all of it, per parameter, took
	# 20 s under TCG); the whole file if no parmtype is there.
	strs=$(mktemp)
	head -c 1048576 "$MYRT_KO" | tr '\0' '\n' | grep -a '^parm' >"$strs"
	grep -q '^parmtype=' "$strs" ||
		tr '\0' '\n' <"$MYRT_KO" | grep -a '^parm' >"$strs"
	for p in $(sed -n 's/^parmtype=\([^:]*\):.*/\1/p' "$strs"); do
		n=$((n + 1))
		if grep -q "^parm=$p:." "$strs"; then
			echo "parameter $p: documented"
		else
			echo "parameter $p: no MODULE_PARM_DESC"
			ok=1
		fi
	done
	rm -f "$strs"
	[ $n -gt 0 ] || { echo "no parmtype= in $MYRT_KO"; ok=1; }
	return $ok
}
ktap_test_result "module parameters are documented" params_documented

unload_load() {
	myrt_unload && ! myrt_loaded && ! ip link show mylo 2>/dev/null &&
		myrt_load && myrt_loaded && ip link show mylo >/dev/null
}
ktap_test_result "rmmod and insmod" unload_load

configure() {
	ip "$@" link set mylo up &&
	ip "$@" addr add 127.10.0.1/8 dev mylo &&
	ip "$@" addr add 10.99.0.1/24 dev mylo
}
rmmod_configured() {
	ns_create c || return 1
	configure && configure -n c || return 1
	ping -c 1 -W 1 10.99.0.2 >/dev/null 2>&1
	myrt_unload || return 1
	echo "after rmmod:"
	ip addr show; ip -n c addr show; ip route show table all; ip -n c route show table all
	! ip link show mylo 2>/dev/null && ! ip -n c link show mylo 2>/dev/null &&
	! ip addr show | grep -q '127.10.0.1\|10.99.0.1' &&
	! ip -n c addr show | grep -q '127.10.0.1\|10.99.0.1' &&
	! ip route show table all | grep -q mylo &&
	! ip -n c route show table all | grep -q mylo
}
ktap_test_result "rmmod with mylo up and addressed leaves nothing" rmmod_configured

fresh_after_reload() {
	myrt_load || return 1
	ip addr show dev mylo
	# up, with only the kernel's 127.0.0.1/8 (as lo)
	ip link show mylo | grep -q 'UP' &&
		[ "$(ip -4 addr show dev mylo | grep -c inet)" = 1 ] &&
		ip addr show dev mylo | grep -q 'inet 127.0.0.1/8' &&
		ip -n c link show mylo | grep -q UP
}
ktap_test_result "insmod again: fresh mylo, also in the existing netns" fresh_after_reload
ns_cleanup

cycles() {
	local i
	for i in $(seq $CYCLES); do
		myrt_unload || { echo "rmmod $i failed"; return 1; }
		myrt_load || { echo "insmod $i failed"; return 1; }
		ip link show mylo >/dev/null || { echo "no mylo after insmod $i"; return 1; }
	done
}
ktap_test_result "rmmod/insmod $CYCLES times in a row" cycles

# New netns created and deleted while loaded, then unload and reload.
netns_churn() {
	local i
	for i in $(seq 5); do
		ip netns add churn$i && ip -n churn$i link set mylo up || return 1
	done
	for i in $(seq 5); do
		ip netns del churn$i || return 1
	done
	myrt_unload && myrt_load
}
ktap_test_result "netns churn, then rmmod/insmod" netns_churn

ktap_finished
