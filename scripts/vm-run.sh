#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run a script as root inside the myrt test VM and exit with its status.
#
#   scripts/vm-run.sh SCRIPT [ARGS...]   run SCRIPT (a host file) in the VM
#   scripts/vm-run.sh --shell            interactive shell (make vm)
#
# Environment:
#   KERNEL=5.10|6.1|6.12|7.3   guest kernel (default 6.12; pins in scripts/kernels.conf)
#   KERNEL=debug      the debug kernel (scripts/debug-kernel.sh: KASAN, lockdep,
#                     kmemleak, ...; built once and cached): 2G of memory, no
#                     panic_on_warn (every report is collected and fails the
#                     run), per-test timeouts times MYRT_TIMEOUT_SCALE (4)
#   VM_TIMEOUT=secs   kill a hung VM after this long (default 900): failure
#   VM_MEM=1G, VM_SMP=2, VM_APPEND="extra kernel cmdline",
#   VM_TCG=multi|single (QEMU TCG threads; default K_<series>_TCG or multi)
#   MYRT_*            exported into the guest (MYRT_LONG=1, MYRT_FUZZ_COUNT,
#                     ...: the tests' knobs), but MYRT_TOP and MYRT_CACHE
#   VM_QEMU_EXTRA="extra QEMU arguments" (e.g. -icount shift=0 for make bench)
#   MYRT_CACHE        cache/build root (default ~/.cache/myrt)
#   MYRT_PREBUILT=1   boot what scripts/build.sh and mkinitramfs.sh made
#                     before (scripts/check.sh: several VMs of one build)
#
# It sets up what is missing (scripts/setup.sh), builds myrt.ko for the
# kernel, the tools and the selftests outside the source tree
# (scripts/build.sh), makes the initramfs (scripts/mkinitramfs.sh) and boots
# Debian's kernel in QEMU (TCG, no network: -nic none).  In the guest, myrt
# and veth/dummy are loaded, the tools are on PATH, and SCRIPT runs from
# /test with its #! interpreter, or /bin/sh, which is bash in the guest.
# Afterwards the guest fails the run on kernel log warnings, then unloads
# myrt (failing if that fails).  The result comes back on the second serial
# port; a panic or a timeout is a failure.
set -eu
. "$(dirname "$0")/lib.sh"

MODE=run
if [ "${1:-}" = --shell ]; then
	MODE=shell
	shift
elif [ $# -lt 1 ] || [ ! -f "$1" ]; then
	sed -n '3,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
	[ $# -lt 1 ] || die "no such script: $1"
	exit 2
fi

kernel_select
if [ -n "${MYRT_PREBUILT:-}" ]; then
	# scripts/check.sh built everything and the initramfs for this kernel
	# once, for all the VMs it runs at the same time.
	B=$(build_dir)
	[ -f "$B/initramfs.cpio" ] || die "MYRT_PREBUILT: no $B/initramfs.cpio"
else
	"$MYRT_TOP/scripts/setup.sh" "$KERNEL"
	kernel_select
	B=$("$MYRT_TOP/scripts/build.sh")
	"$MYRT_TOP/scripts/mkinitramfs.sh" "$B/initramfs.cpio"
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/myrt-vm.XXXXXX")
cleanup() {
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A second, tiny archive with this run's script and settings.
mkdir -p "$TMP/root/etc" "$TMP/root/test"
{
	echo "MODE=$MODE"
	if [ "$MODE" = run ]; then
		name=$(basename "$1")
		rel=$(realpath --relative-to="$MYRT_TOP/selftests" "$1")
		if [ "${rel#../}" = "$rel" ] && [ "${rel#/}" = "$rel" ]; then
			# a selftest: run the guest's staged copy in
			# /selftests, beside lib/ and the test programs
			echo "SCRIPT=/selftests/$rel"
		else
			cp "$1" "$TMP/root/test/$name"
			echo "SCRIPT=/test/$name"
		fi
		shift
		printf 'set --'
		for a in "$@"; do
			printf " '%s'" "${a//\'/\'\\\'\'}"
		done
		echo
	fi
	if [ "$KERNEL" = debug ]; then
		echo "export MYRT_TIMEOUT_SCALE=${MYRT_TIMEOUT_SCALE:-4}"
		echo "export MYRT_DEBUG_KERNEL=1"
	fi
	# The tests' knobs, e.g. MYRT_LONG=1 or MYRT_FUZZ_COUNT=200000
	while IFS='=' read -r var _; do
		case $var in
		MYRT_TOP | MYRT_CACHE | MYRT_TIMEOUT_SCALE | MYRT_PREBUILT) ;;
		MYRT_*) printf "export %s='%s'\n" "$var" "${!var//\'/\'\\\'\'}" ;;
		esac
	done < <(env | grep -E '^MYRT_[A-Z0-9_]+=')
} >"$TMP/root/etc/myrt-vm.conf"
(cd "$TMP/root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$TMP/run.cpio"
cat "$B/initramfs.cpio" "$TMP/run.cpio" >"$TMP/initrd"

if [ "$KERNEL" = debug ]; then
	# Keep going after a report (the runner fails the test and the run
	# goes on, collecting every report); only an oops stops the VM.
	APPEND="console=ttyS0 kasan_multi_shot oops=panic panic=-1 loglevel=4"
	VM_MEM=${VM_MEM:-2G}
else
	APPEND="console=ttyS0 panic_on_warn=1 oops=panic panic=-1 loglevel=4"
fi
APPEND="$APPEND mitigations=off nokaslr tsc=reliable no_timer_check audit=0"
# A log buffer that a whole run fills without wrapping: the runner and the
# tests find the lines of a test by counting lines (fault injection and
# KASAN reports are long).
APPEND="$APPEND cryptomgr.notests random.trust_cpu=on log_buf_len=16M ${VM_APPEND:-}"
# TCG's threads: one per vCPU ("multi"), or one for all ("single": no vCPU
# runs a stale translation of code another one patches; K_<series>_TCG).
# -icount (make bench) works with one thread only.
TCG=${VM_TCG:-${KTCG:-multi}}
case " ${VM_QEMU_EXTRA:-} " in *" -icount "*) TCG=single ;; esac
QEMU=(qemu-system-x86_64 -machine pc -accel "tcg,thread=$TCG"
      -cpu max -smp "${VM_SMP:-2}"
      -m "${VM_MEM:-1G}" -nic none -no-reboot -display none -vga none
      -kernel "$KIMAGE" -initrd "$TMP/initrd" -append "$APPEND")
# shellcheck disable=SC2206 # word splitting wanted
QEMU+=(${VM_QEMU_EXTRA:-})

if [ "$MODE" = shell ]; then
	"${QEMU[@]}" -serial mon:stdio -serial file:"$TMP/result" || true
else
	msg "booting $KREL (timeout ${VM_TIMEOUT:-900}s)"
	set +e
	timeout -k 5 "${VM_TIMEOUT:-900}" "${QEMU[@]}" -monitor none \
		-serial stdio -serial file:"$TMP/result" </dev/null |
		sed -u 's/\r$//'
	vmrc=${PIPESTATUS[0]}
	set -e
	[ "$vmrc" != 124 ] && [ "$vmrc" != 137 ] || touch "$TMP/timeout"
fi

if [ -f "$TMP/timeout" ]; then
	msg "FAIL: the VM timed out after ${VM_TIMEOUT:-900}s"
	exit 124
fi
rc=$(sed -n 's/^MYRT_RESULT \([0-9]*\).*/\1/p' "$TMP/result" 2>/dev/null | tail -n1)
if [ -z "$rc" ]; then
	msg "FAIL: the VM stopped without a result (kernel panic or crash)"
	exit 1
fi
exit "$rc"
