#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: for every pinned kernel, build everything with W=1 (a compiler
# warning is a failure), boot the test VM and run every selftest there
# (selftests/lib/runner.sh prints KTAP).  Ends with the line
#   N passed, N failed, N skipped
# summed over the kernels, and exits non-zero on any failure.
#
# Usage: scripts/check.sh [KERNEL...]   (default: every kernel in kernels.conf;
#        "debug" is the debug kernel of make check-debug)
#        TESTS="mylo.sh ..." scripts/check.sh   run only these tests
set -u
. "$(dirname "$0")/lib.sh"

"$MYRT_TOP/scripts/setup.sh" "$@" || die "setup failed"

pass=0 fail=0 skip=0
failures=()
ntests=$(make -s -C "$MYRT_TOP/selftests" list | wc -l)
[ -z "${TESTS:-}" ] || ntests=$(wc -w <<<"$TESTS")
per_test=$(sed -n 's/^timeout=//p' "$MYRT_TOP/selftests/settings")
# The runner bounds each test; this only stops a VM that hangs as a whole.
# Capped (20 min): only a VM hanging as a whole runs into it.
vm_timeout=$((ntests * ${per_test:-120} + 180))
[ "$vm_timeout" -le 1200 ] || vm_timeout=1200
vm_timeout=${VM_TIMEOUT:-$vm_timeout}
# The debug kernel (make check-debug) is several times slower (KASAN,
# lockdep, kmemleak under TCG): its cap is 45 minutes.
debug_vm_timeout=${VM_TIMEOUT:-2700}

for k in ${*:-$KERNELS}; do
	kernel_select "$k"
	echo "# ==== kernel $KERNEL ($KREL)"
	vmt=$vm_timeout
	[ "$k" != debug ] || vmt=$debug_vm_timeout
	# The netlink fuzzer at the issue's count (200,000 messages: about
	# 2 minutes on 6.12, 1 on 6.1 under TCG; stops after 240 s on a slow
	# host, below the runner's limit).  The debug kernel keeps the
	# fuzzer's own default (25,000 or 40 s).
	fuzz=()
	if [ "$k" != debug ]; then
		fuzz=(MYRT_FUZZ_COUNT="${MYRT_FUZZ_COUNT:-200000}"
		      MYRT_FUZZ_SECS="${MYRT_FUZZ_SECS:-240}")
	fi
	log=$(build_dir)/check.log
	mkdir -p "$(dirname "$log")"

	if KERNEL=$k "$MYRT_TOP/scripts/build.sh" --werror >/dev/null; then
		echo "ok - $KERNEL: build with W=1, no warnings"
		pass=$((pass + 1))
	else
		echo "not ok - $KERNEL: build with W=1 (warnings or errors above)"
		fail=$((fail + 1))
		failures+=("$KERNEL: build")
		[ -f "$(build_dir)/src/myrt.ko" ] || continue
	fi

	# shellcheck disable=SC2086
	env "${fuzz[@]}" KERNEL="$k" VM_TIMEOUT="$vmt" "$MYRT_TOP/scripts/vm-run.sh" \
		"$MYRT_TOP/selftests/lib/runner.sh" ${TESTS:-} 2>&1 | tee "$log"
	vmrc=${PIPESTATUS[0]}

	plan=$(grep -a -m1 -E '^1\.\.[0-9]+' "$log" | cut -c4-)
	plan=${plan:-0}
	ok=$(grep -acE '^ok [0-9]+ ' "$log")
	sk=$(grep -acE '^ok [0-9]+ .*# SKIP' "$log")
	nok=$(grep -acE '^not ok [0-9]+ ' "$log")
	missing=$((plan - ok - nok))
	pass=$((pass + ok - sk))
	skip=$((skip + sk))
	fail=$((fail + nok))
	while read -r line; do
		failures+=("$KERNEL: ${line#not ok }")
	done < <(grep -aE '^not ok [0-9]+ ' "$log")
	if [ "$missing" -gt 0 ]; then
		echo "not ok - $KERNEL: $missing test(s) did not run (VM crashed or timed out)"
		fail=$((fail + missing))
		failures+=("$KERNEL: $missing test(s) did not run")
	fi
	if [ "$plan" -eq 0 ] && [ "$vmrc" -ne 0 ]; then
		echo "not ok - $KERNEL: the VM run failed before the tests (status $vmrc)"
		fail=$((fail + 1))
		failures+=("$KERNEL: VM run")
	elif [ "$vmrc" -ne 0 ] && [ "$nok" -eq 0 ] && [ "$missing" -le 0 ]; then
		# All tests passed, but the final kernel log check, rmmod, or (debug
		# kernel) the kmemleak scan or the lockdep check failed.
		echo "not ok - $KERNEL: VM post-check (kernel log / rmmod myrt / kmemleak / lockdep), status $vmrc"
		fail=$((fail + 1))
		failures+=("$KERNEL: VM post-check")
	fi
done

echo "#"
for f in "${failures[@]}"; do
	echo "# FAILED: $f"
done
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
