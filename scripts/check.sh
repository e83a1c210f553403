#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: for every pinned kernel and the debug kernel, build
# everything with W=1 (a compiler warning is a failure), boot the test VM
# and run every selftest there (selftests/lib/runner.sh prints KTAP).
# Ends with the line
#   N passed, N failed, N skipped
# summed over the kernels, and exits non-zero on any failure.
#
# The selftests of a kernel are split into shards, each run by its own VM;
# MYRT_VM_JOBS VMs run at the same time (under TCG a VM keeps about one
# host core busy, and many tests spend their time waiting for timers),
# the longest shards first.  The shards are balanced by the tests'
# durations in scripts/test-times.
#
# Usage: scripts/check.sh [KERNEL...]   (default: every kernel in
#        kernels.conf and "debug", the debug kernel: KASAN, lockdep,
#        kmemleak, ..., built once by scripts/debug-kernel.sh)
# Environment:
#   TESTS="mylo.sh ..."   run only these tests
#   MYRT_VM_JOBS=N        VMs at the same time (default 3)
#   MYRT_SHARDS=N         VMs per kernel (default: 2 per cloud kernel, 6 for
#                         debug; never more than tests)
set -u
. "$(dirname "$0")/lib.sh"

read -r -a kernels <<<"${*:-$KERNELS debug}"
"$MYRT_TOP/scripts/setup.sh" "${kernels[@]}" || die "setup failed"

TIMES=$MYRT_TOP/scripts/test-times
JOBS=${MYRT_VM_JOBS:-3}
per_test=$(sed -n 's/^timeout=//p' "$MYRT_TOP/selftests/settings")
per_test=${per_test:-120}
read -r -a all_tests <<<"${TESTS:-$(make -s -C "$MYRT_TOP/selftests" list | xargs)}"

pass=0 fail=0 skip=0
failures=()
result() {	# result ok|fail TEXT
	if [ "$1" = ok ]; then
		echo "ok - $2"
		pass=$((pass + 1))
	else
		echo "not ok - $2"
		fail=$((fail + 1))
		failures+=("$2")
	fi
}

# A test's expected seconds on kernel class $2 (cloud|debug): for balancing.
test_secs() {
	local col=2
	[ "$2" = debug ] && col=3
	awk -v t="$1" -v c=$col '$1 == t { print $c; found = 1 }
		END { if (!found) print (c == 3 ? 300 : 60) }' "$TIMES"
}

# shards KERNEL: one line per shard, "SECONDS TESTS...": its expected
# time and its tests.  Longest first, each to the shard with the least
# time so far; a shard runs its tests in name order.
shards() {
	local class=cloud n t s best i
	[ "$1" = debug ] && class=debug
	n=${MYRT_SHARDS:-$([ "$class" = debug ] && echo 6 || echo 2)}
	[ "$n" -le "${#all_tests[@]}" ] || n=${#all_tests[@]}
	[ "$n" -ge 1 ] || n=1
	local -a load=() list=()
	for ((i = 0; i < n; i++)); do load[i]=0; list[i]=; done
	while read -r s t; do
		best=0
		for ((i = 1; i < n; i++)); do
			[ "${load[i]}" -lt "${load[best]}" ] && best=$i
		done
		load[best]=$((load[best] + s))
		list[best]="${list[best]} $t"
	done < <(for t in "${all_tests[@]}"; do
			echo "$(test_secs "$t" "$class") $t"
		done | sort -k1,1nr -k2)
	for ((i = 0; i < n; i++)); do
		# shellcheck disable=SC2086
		[ -z "${list[i]}" ] ||
			echo "${load[i]} $(printf '%s\n' ${list[i]} | sort | xargs)"
	done
}

# 1. Build for every kernel (W=1: a warning fails), and the initramfs
# that all its VMs boot.  A build with warnings still runs the tests.
declare -A built
for k in "${kernels[@]}"; do
	kernel_select "$k"
	rm -f "$(build_dir)/initramfs.cpio"
	if KERNEL=$k "$MYRT_TOP/scripts/build.sh" --werror >/dev/null; then
		result ok "$KERNEL: build with W=1, no warnings"
	else
		result fail "$KERNEL: build with W=1 (warnings or errors above)"
	fi
	if [ -f "$(build_dir)/src/myrt.ko" ] &&
	   KERNEL=$k "$MYRT_TOP/scripts/mkinitramfs.sh" "$(build_dir)/initramfs.cpio"; then
		built[$k]=1
	else
		result fail "$KERNEL: no myrt.ko or initramfs: no VM runs"
	fi
done

# 2. The VMs: every shard of every kernel, JOBS at a time.
# run_shard KERNEL INDEX TESTS...: one VM; its log in the build directory.
run_shard() {
	local k=$1 i=$2 vmt fuzz=() start log try
	shift 2
	kernel_select "$k"
	# The runner bounds each test; this only stops a VM that hangs as a
	# whole.  The debug kernel is several times slower (KASAN, lockdep,
	# kmemleak under TCG).
	vmt=$(($# * per_test + 300))
	[ "$k" != debug ] || vmt=$((vmt * 4))
	[ "$vmt" -le 3600 ] || vmt=3600
	# The issues' counts on the reference kernel, MYRT_FULL_KERNEL (6.12):
	# the netlink fuzzer's 200,000 messages (70-90 s under TCG), churn's
	# 100,000 operations, unload_load's 10 races, route_flood's 200,000
	# and route_cache's 30,000 sources, fib_zone's and route_dot's 100,000
	# routes (the tests' own defaults).  The other cloud kernels run the
	# same code with a quarter of the fuzzer's messages, churn's
	# operations and route_flood's sources (50,000: still 12 times
	# max_size), a third of route_cache's (10,000: five times the
	# max_size it sets), half the races and half the routes (50,000:
	# fib_zone's zone still grows through every step, to 32,768 buckets):
	# their API differences show at any count, and CI stays in its time.
	# The debug kernel keeps each test's own debug counts (the fuzzer:
	# 25,000 or 40 s).  MYRT_LONG=1 sets every test's long counts.
	if [ "$k" = "${MYRT_FULL_KERNEL:-6.12}" ]; then
		fuzz=(MYRT_FUZZ_COUNT="${MYRT_FUZZ_COUNT:-200000}"
		      MYRT_FUZZ_SECS="${MYRT_FUZZ_SECS:-0}")
	elif [ "$k" != debug ] && [ "${MYRT_LONG:-0}" != 1 ]; then
		fuzz=(MYRT_FUZZ_COUNT="${MYRT_FUZZ_COUNT:-50000}"
		      MYRT_FUZZ_SECS="${MYRT_FUZZ_SECS:-0}"
		      MYRT_CHURN_OPS="${MYRT_CHURN_OPS:-25000}"
		      MYRT_UNLOAD_RACES="${MYRT_UNLOAD_RACES:-5}"
		      MYRT_FLOOD_SOURCES="${MYRT_FLOOD_SOURCES:-50000}"
		      MYRT_CACHE_FLOOD="${MYRT_CACHE_FLOOD:-10000}"
		      MYRT_ZONE_ROUTES="${MYRT_ZONE_ROUTES:-50000}"
		      MYRT_DOT_ROUTES="${MYRT_DOT_ROUTES:-50000}")
	fi
	start=$(date +%s)
	log=$(build_dir)/check-$i.log
	rm -f "$(build_dir)/check-$i.boot-oops.log"
	for try in 1 2; do
		env "${fuzz[@]}" MYRT_PREBUILT=1 KERNEL="$k" VM_TIMEOUT="${VM_TIMEOUT:-$vmt}" \
			"$MYRT_TOP/scripts/vm-run.sh" "$MYRT_TOP/selftests/lib/runner.sh" "$@" \
			>"$log" 2>&1
		echo "$?" >"$(build_dir)/check-$i.rc"
		if [ "$try" != 1 ] || ! boot_oops "$log"; then
			break
		fi
		mv "$log" "$(build_dir)/check-$i.boot-oops.log"
		echo "# [$KERNEL #$i] the kernel oopsed while booting, before myrt was loaded: booting again"
	done
	echo "# [$KERNEL #$i] VM done in $(($(date +%s) - start)) s: $*"
}

# boot_oops LOG: the VM's kernel oopsed or panicked before the runner
# started (no TAP plan) and so before myrt was loaded.  Seen once in CI on
# 6.12: "Oops: int3" in sched_clock_idle_wakeup_event, a static key's
# text patching under TCG at boot.  Not myrt's: that VM boots once more
# (the first log is kept as check-N.boot-oops.log and shown in the
# results); an oops once the tests run is always a failure.
boot_oops() {
	! grep -aqE '^1\.\.[0-9]+' "$1" &&
		grep -aqE '^\[ *[0-9.]+\] (Oops|Kernel panic|BUG:)' "$1" &&
		! grep -aqE 'Modules linked in:.*myrt' "$1"
}

jobs_list=()
for k in "${kernels[@]}"; do
	[ -n "${built[$k]:-}" ] || continue
	kernel_select "$k"
	rm -f "$(build_dir)"/check-*.log "$(build_dir)"/check-*.rc
	i=0
	while read -r secs line; do
		i=$((i + 1))
		jobs_list+=("$secs $k $i $line")
		echo "# [$KERNEL #$i] ~${secs}s: $line"
	done < <(shards "$k")
done
# the longest first (the words after the expected seconds: kernel, index,
# tests)
[ ${#jobs_list[@]} -eq 0 ] ||
	mapfile -t jobs_list < <(printf '%s\n' "${jobs_list[@]}" | sort -k1,1nr | cut -d' ' -f2-)
for j in "${jobs_list[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
		wait -n
	done
	# shellcheck disable=SC2086 # the job's words: kernel, index, tests
	run_shard $j &
	sleep 2	# not all VMs booting in the same second
done
wait

# 2b. make demo on the first cloud kernel: its pictures rendered by dot
# (scripts/demo.sh; into the build directory).  Skipped when TESTS picks
# tests, unless MYRT_DEMO=1.
for k in "${kernels[@]}"; do
	[ -z "${TESTS:-}" ] || [ -n "${MYRT_DEMO:-}" ] || break
	[ "$k" != debug ] && [ -n "${built[$k]:-}" ] || continue
	kernel_select "$k"
	if MYRT_PREBUILT=1 KERNEL=$k "$MYRT_TOP/scripts/demo.sh" \
		"$(build_dir)/demo-output" >"$(build_dir)/demo.log" 2>&1; then
		result ok "$KERNEL: make demo, its pictures rendered"
	else
		tail -n 30 "$(build_dir)/demo.log"
		result fail "$KERNEL: make demo and its pictures"
	fi
	break
done

# 3. The results, shard by shard.
for j in "${jobs_list[@]}"; do
	read -r k i _ <<<"$j"
	kernel_select "$k"
	log=$(build_dir)/check-$i.log
	vmrc=$(cat "$(build_dir)/check-$i.rc" 2>/dev/null || echo 1)
	echo "# ==== kernel $KERNEL ($KREL), VM $i"
	if [ -f "$(build_dir)/check-$i.boot-oops.log" ]; then
		echo "# VM $i's first boot: the kernel oopsed before myrt was loaded (not counted; booted again):"
		grep -aE -A3 '^\[ *[0-9.]+\] (Oops|Kernel panic|RIP:)' \
			"$(build_dir)/check-$i.boot-oops.log" | head -n 12 | sed 's/^/#   /'
	fi
	tr -d '\000' <"$log"
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
		result fail "$KERNEL: $missing test(s) of VM $i did not run (VM crashed or timed out)"
	fi
	if [ "$plan" -eq 0 ] && [ "$vmrc" -ne 0 ]; then
		result fail "$KERNEL: VM $i failed before the tests (status $vmrc)"
	elif [ "$vmrc" -ne 0 ] && [ "$nok" -eq 0 ] && [ "$missing" -le 0 ]; then
		# All tests passed, but the final kernel log check, rmmod, or (debug
		# kernel) the kmemleak scan or the lockdep check failed.
		result fail "$KERNEL: VM $i post-check (kernel log / rmmod myrt / kmemleak / lockdep), status $vmrc"
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
