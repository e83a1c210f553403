# SPDX-License-Identifier: GPL-2.0
#
# Which kernel log lines fail a test run, in one place: sourced (POSIX sh)
# in the test VM by the init (scripts/guest-init.sh, installed as
# /lib/myrt/kernel-log.sh by scripts/mkinitramfs.sh) and by the selftest
# runners (selftests/lib/runner.sh, long-run.sh).

# WARNING/BUG/Oops and the debug kernel's reports: KASAN, lockdep,
# DEBUG_OBJECTS' ODEBUG, the ref_tracker, list corruption; leaks, devices
# waiting for their references, hung tasks, RCU stalls.  And myrt's own
# messages with their prefix twice (pr_fmt adds it: issue 18).
MYRT_LOG_BAD='WARNING|BUG|Oops|KASAN|refcount|leak|waiting for .* to become free|Call Trace|blocked for more than|stall|ODEBUG|ref_tracker|corruption|lockdep|myrt: myrt:'

# myrt_bad_lines [faults]: print the offending lines of a kernel log
# (stdin); false if there are none.  With "faults" (allocations were being
# failed on purpose: selftests/mem_pressure.sh) the kernel's own reports
# of them are expected and skipped, each with its stack dump up to the
# dump's end: warn_alloc's ("page allocation failure", "vmalloc error"),
# the injection's (failslab's verbose mode, "FAULT_INJECTION: forcing a
# failure") and the ref_tracker's "unreliable refcount tracker".  Every
# other line still counts.
myrt_bad_lines() {
	if [ "${1:-}" = faults ]; then
		awk -v bad="$MYRT_LOG_BAD" '
			/FAULT_INJECTION: forcing a failure|page allocation failure|vmalloc error/ {
				skip = 1; n0 = NR; next
			}
			skip && (/<\/TASK>/ || NR - n0 > 80) { skip = 0; next }
			skip { next }
			/unreliable refcount tracker/ { next }
			$0 ~ bad { print; n++ }
			END { exit n ? 0 : 1 }'
	else
		grep -E "$MYRT_LOG_BAD"
	fi
}
