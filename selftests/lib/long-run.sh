#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The stress tests with the full counts (MYRT_LONG=1: 1,000,000
# netlink messages, 500,000 malformed datagrams, 100,000 route/rule
# operations, 200 device cycles, 500 netns cycles, 30 unload rounds,
# route-cache floods of 1,000,000 sources), one
# after the other, without the per-test time limit of `make check`.  On
# the host:
#   VM_TIMEOUT=10800 scripts/vm-run.sh selftests/lib/long-run.sh [TEST...]
#   KERNEL=6.1 VM_TIMEOUT=10800 scripts/vm-run.sh selftests/lib/long-run.sh
# (the guest checks the kernel log after each test and at the end).
cd /selftests || exit 1
export MYRT_LONG=1
. /lib/myrt/kernel-log.sh	# myrt_bad_lines (scripts/kernel-log.sh)
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(fuzz_netlink fuzz_packets.sh churn.sh devices.sh
				 netns_churn.sh unload_load.sh route_flood.sh)
echo "TAP version 13"
echo "1..${#tests[@]}"
n=0 failed=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	grep -q '^myrt ' /proc/modules || insmod /lib/myrt/myrt.ko
	mark=$(dmesg | wc -l)
	start=$(cut -d' ' -f1 /proc/uptime)
	"./$t" 2>&1 | sed 's/^/# /'
	rc=${PIPESTATUS[0]}
	end=$(cut -d' ' -f1 /proc/uptime)
	if dmesg | tail -n +$((mark + 1)) | myrt_bad_lines; then
		rc=1
	fi
	secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }')
	if [ "$rc" = 0 ]; then
		echo "ok $n $t # ${secs}s (MYRT_LONG=1)"
	else
		echo "not ok $n $t # exit=$rc ${secs}s (MYRT_LONG=1)"
		failed=1
	fi
done
exit $failed
