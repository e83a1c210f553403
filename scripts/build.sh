#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build myrt.ko for one kernel, the tools and the selftests, in a build
# directory outside the source tree (keyed by checkout path and kernel),
# so that several worktrees can build and test at the same time.
#
# Usage: KERNEL=5.10|6.1|6.12|7.3 scripts/build.sh [--werror]
#   --werror: build with W=1 and fail if the compiler printed any warning.
# Prints nothing on stdout but the build directory.
set -eu
. "$(dirname "$0")/lib.sh"

WERROR=
[ "${1:-}" = --werror ] && WERROR=1

kernel_select
[ -f "$KDIR/Makefile" ] || die "no headers for $KERNEL; run scripts/setup.sh"
B=$(build_dir)
mkdir -p "$B/src" "$B/tools" "$B/selftests"
LOG=$B/build.log
: >"$LOG"

# Copy the module sources (preserving mtimes keeps rebuilds incremental).
sync_sources() {
	local f
	for f in "$B"/src/*.[ch] "$B"/src/uapi/*.h; do
		[ -e "$f" ] || continue
		case $f in *.mod.c) continue ;; esac
		[ -e "$MYRT_TOP/${f#"$B"/src/}" ] || rm -f "$f" "${f%.c}.o"
	done
	cp -p "$MYRT_TOP"/Kbuild "$MYRT_TOP"/*.[ch] "$B/src/"
	if [ -d "$MYRT_TOP/uapi" ]; then
		mkdir -p "$B/src/uapi"
		cp -p "$MYRT_TOP"/uapi/*.h "$B/src/uapi/" 2>/dev/null || true
	fi
}

run() {
	# Show the output and keep it for the warning check.
	"$@" 2>&1 | tee -a "$LOG" >&2
	return "${PIPESTATUS[0]}"
}

# The kbuild step runs with the toolchain of the Debian release that built
# the kernel: on the host (bookworm: 6.1, 6.12) or in that release's build
# root (scripts/buildroot.sh: bullseye for 5.10, trixie for 7.3).
kmake() {
	if [ -n "$KBUILDROOT" ]; then
		in_buildroot "$KBUILDROOT" make "$@"
	else
		make "$@"
	fi
}

sync_sources
msg "building myrt.ko for $KREL${KBUILDROOT:+ (in the $KBUILDROOT build root)}"
if ! run kmake -s -C "$KDIR" M="$B/src" W=1 modules; then
	msg "retrying from a clean build directory"
	kmake -s -C "$KDIR" M="$B/src" clean >/dev/null 2>&1 || true
	run kmake -s -C "$KDIR" M="$B/src" W=1 modules || die "module build failed"
fi
run make -s -C "$MYRT_TOP/tools" O="$B/tools" || die "tools build failed"
run make -s -C "$MYRT_TOP/selftests" OUTPUT="$B/selftests" \
	KSFT_DIR="$KSRC/tools/testing/selftests" INSTALL_PATH="$B/ksft" install ||
	die "selftests build failed"

if [ -n "$WERROR" ] && grep -E -i 'warning:' "$LOG" >/dev/null; then
	msg "compiler warnings for $KERNEL ($KREL):"
	grep -E -i -A3 'warning:' "$LOG" >&2
	die "warnings are errors"
fi
echo "$B"
