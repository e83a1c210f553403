#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs the myrt selftests inside the test VM and prints KTAP: one line per
# test (ok / not ok / ok ... # SKIP reason), the test's own output indented
# as "# " diagnostics.  Before each test myrt is (re)loaded if a previous test
# left it unloaded; after each test the kernel log is checked and a warning
# fails that test.  Usage: runner.sh [TEST...] (default: every test).
# MYRT_TIMEOUT_SCALE multiplies the per-test time limit of `settings`.
# In the guest the selftests are staged in /selftests (scripts/mkinitramfs.sh).
cd "${MYRT_SELFTESTS:-/selftests}" || exit 1

timeout=$(sed -n 's/^timeout=//p' settings 2>/dev/null)
timeout=${timeout:-120}
# The debug kernel (KASAN, lockdep, ... under TCG) is several times slower:
# scripts/vm-run.sh sets the scale for it.
timeout=$((timeout * ${MYRT_TIMEOUT_SCALE:-1}))

# The kernel log lines (stdin) that fail a test, printed; false if none
# (scripts/kernel-log.sh, in the guest's /lib/myrt).  A test that injects
# allocation failures (mem_pressure.sh) leaves /tmp/myrt-fault-injection:
# then the kernel's own reports of them are expected.
. /lib/myrt/kernel-log.sh
bad_lines() {
	if [ -e /tmp/myrt-fault-injection ]; then
		myrt_bad_lines faults
	else
		myrt_bad_lines
	fi
}

if [ $# -gt 0 ]; then
	tests=("$@")
else
	mapfile -t tests <tests.list
fi

echo "TAP version 13"
echo "1..${#tests[@]}"
n=0
failed=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	grep -q '^myrt ' /proc/modules || insmod /lib/myrt/myrt.ko
	# Every secret_interval (600 s) the secret rebuild makes every cache
	# entry of every netns stale at once (classic): a test that reads the
	# cache just then finds it empty (seen once: route_redirect.sh #8 on
	# the debug kernel, 650 s into its VM).  Each test starts a fresh
	# period: writing the value back re-arms the timer.  No test lasts
	# that long but mem_pressure.sh, which reloads myrt anyway.
	si=/proc/sys/net/myrt/route/secret_interval
	[ -w $si ] && v=$(cat $si) && echo "$v" >$si
	mark=$(dmesg | wc -l)
	echo "# selftests: myrt: $t ($(uname -r))"
	start=$(cut -d' ' -f1 /proc/uptime)
	# A test stuck in the kernel cannot be killed: wait for it at most
	# the timeout, then report it and stop (the VM cannot go on).
	"./$t" >/tmp/test.out 2>&1 &
	pid=$!
	waited=0
	while kill -0 $pid 2>/dev/null && [ $waited -lt $((timeout * 10)) ]; do
		sleep 0.1
		waited=$((waited + 1))
	done
	if kill -0 $pid 2>/dev/null; then
		kill -9 $pid 2>/dev/null
		sleep 1
	fi
	if kill -0 $pid 2>/dev/null; then
		sed 's/^/# /' /tmp/test.out
		echo "not ok $n $t # TIMEOUT after ${timeout}s, stuck in the kernel"
		dmesg | tail -n +$((mark + 1)) | sed 's/^/# dmesg: /'
		exit 1
	fi
	wait $pid
	rc=$?
	end=$(cut -d' ' -f1 /proc/uptime)
	sed 's/^/# /' /tmp/test.out
	if dmesg | tail -n +$((mark + 1)) | bad_lines >/tmp/test.bad; then
		echo "# kernel log after $t:"
		dmesg | tail -n +$((mark + 1)) | sed 's/^/# dmesg: /'
		rc=1
	fi
	# the next test's reports count again; the guest's final check of
	# the whole log (scripts/guest-init.sh) still knows faults were made
	[ ! -e /tmp/myrt-fault-injection ] ||
		mv /tmp/myrt-fault-injection /tmp/myrt-fault-injection.done
	secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
	case $rc in
	0)	echo "ok $n $t # ${secs}s" ;;
	4)	reason=$(grep -o 'SKIP.*' /tmp/test.out | tail -n1 | sed 's/^SKIP[: ]*//')
		echo "ok $n $t # SKIP ${reason:-no reason given}" ;;
	137)	echo "not ok $n $t # TIMEOUT after ${timeout}s"; failed=1 ;;
	*)	echo "not ok $n $t # exit=$rc"; failed=1 ;;
	esac
done
exit $failed
