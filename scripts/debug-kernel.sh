#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the debug kernel of `make check-debug`, once: Debian's
# linux-source-6.12 with `make allnoconfig` + scripts/debug.config (merged
# by the kernel's scripts/kconfig/merge_config.sh -n): a small kernel for
# the test VM with KASAN, lockdep (PROVE_LOCKING, PROVE_RCU), kmemleak,
# DEBUG_OBJECTS, the netdev/netns refcount trackers and fault injection.
#
# The kernel and its build tree (what building myrt.ko against it needs)
# stay in $MYRT_CACHE/debug-<key>/linux, the key a hash of debug.config,
# the linux-source version and the compiler: a second run finds it and
# does nothing.  The build runs under `nice -n 10` with -j2 (MYRT_JOBS)
# so that other test VMs on the machine keep running.
#
# Usage: scripts/debug-kernel.sh   prints the build tree (KDIR) on stdout
set -eu
. "$(dirname "$0")/lib.sh"

D=$(debug_kernel_dir)
L=$D/linux
if [ -f "$D/.done" ] && [ -f "$L/arch/x86/boot/bzImage" ]; then
	echo "$L"
	exit 0
fi

mkdir -p "$D"
exec 9>"$D.lock"
if ! flock -n 9; then
	msg "another checkout is building the debug kernel; waiting"
	flock 9
fi
if [ -f "$D/.done" ] && [ -f "$L/arch/x86/boot/bzImage" ]; then
	echo "$L"
	exit 0
fi

tarball=$(dpkg -L "$LINUX_SOURCE_PKG" 2>/dev/null |
	  grep -E '/linux-source-.*\.tar\.xz$' | head -n1)
[ -f "$tarball" ] || die "no linux-source tarball from $LINUX_SOURCE_PKG (scripts/setup.sh)"
for t in flex bison bc; do
	command -v $t >/dev/null || die "$t missing (scripts/setup.sh debug installs it)"
done

start=$(date +%s)
if [ ! -f "$L/Makefile" ]; then
	msg "extracting $tarball into $L"
	rm -rf "$L" "$L.tmp"
	mkdir -p "$L.tmp"
	tar -xJf "$tarball" -C "$L.tmp" --strip-components=1
	mv "$L.tmp" "$L"
fi

msg "configuring: allnoconfig + scripts/debug.config"
cp "$MYRT_TOP/scripts/debug.config" "$D/debug.config"
(cd "$L" && scripts/kconfig/merge_config.sh -n "$D/debug.config") >"$D/config.log" 2>&1 ||
	{ cat "$D/config.log" >&2; die "merge_config failed"; }
# Every line of the fragment must have made it into .config.
if grep -q 'Value requested for' "$D/config.log"; then
	grep -A2 'Value requested for' "$D/config.log" >&2
	die "scripts/debug.config asks for options the kernel did not take"
fi

msg "building the debug kernel in $L (nice -n 10, -j${MYRT_JOBS:-2}); \
a first build takes a while (see BUILD TIME in RELIABILITY.md)"
# The default target: vmlinux, bzImage and modpost's Module.symvers, which
# an external module build needs.
if ! nice -n 10 make -C "$L" -j"${MYRT_JOBS:-2}" -s >"$D/build.log" 2>&1; then
	tail -n 40 "$D/build.log" >&2
	die "debug kernel build failed (log: $D/build.log)"
fi
[ -f "$L/arch/x86/boot/bzImage" ] || die "no bzImage after the build"
[ -f "$L/Module.symvers" ] || die "no Module.symvers after the build"
end=$(date +%s)
echo "$((end - start))" >"$D/build-seconds"
msg "debug kernel $(cat "$L/include/config/kernel.release") built in $((end - start)) s"
touch "$D/.done"
echo "$L"
