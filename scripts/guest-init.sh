#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the myrt test VM (/bin/sh is bash).  Mounts the basics, loads the
# kernel's veth/dummy and myrt.ko, runs /test/script (MODE=run) or a shell
# (MODE=shell), then checks the kernel log, unloads myrt, checks again, and
# reports the status as "MYRT_RESULT <n>" on the second serial port (ttyS1)
# before powering off.  A panic (panic_on_warn, oops=panic) reboots, which
# QEMU (-no-reboot) turns into an exit without a result: a failure.

export PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/selftests
export HOME=/root TERM=${TERM:-vt100}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# bash's process substitution, <(...), opens /dev/fd/N
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
mkdir -p /dev/pts /dev/shm /run/netns
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mkdir -p /run/netns
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
hostname myrt-vm
ip link set lo up

MODE=run
SCRIPT=
[ -f /etc/myrt-vm.conf ] && . /etc/myrt-vm.conf

finish() {
	echo "MYRT_RESULT $1" >/dev/ttyS1
	sync
	# Without ACPI (the debug kernel) poweroff would halt the machine for
	# good; a reset ends QEMU too (-no-reboot).
	[ -d /sys/firmware/acpi ] && poweroff -f
	sleep 2
	reboot -f
	sleep 10
}

# The offending lines of a kernel log (stdin), scripts/kernel-log.sh: the
# kernel's reports of failed allocations are expected only if a test made
# them on purpose (selftests/mem_pressure.sh's marker, which
# selftests/lib/runner.sh renames to .done after that test).
. /lib/myrt/kernel-log.sh
bad_lines() {
	if [ -e /tmp/myrt-fault-injection ] || [ -e /tmp/myrt-fault-injection.done ]; then
		myrt_bad_lines faults
	else
		myrt_bad_lines
	fi
}

# Check the kernel log since the last check; print offenders.
LOGPOS=0
check_log() {
	local n
	dmesg >/tmp/dmesg.now
	n=$(wc -l </tmp/dmesg.now)
	if tail -n +$((LOGPOS + 1)) /tmp/dmesg.now | bad_lines >/tmp/dmesg.bad; then
		echo "# myrt-vm: kernel log problems ($1):"
		tail -n +$((LOGPOS + 1)) /tmp/dmesg.now | sed 's/^/# dmesg: /'
		LOGPOS=$n
		return 1
	fi
	LOGPOS=$n
	return 0
}

# The debug kernel's kmemleak: forget what boot left (scan, then mark the
# suspects so far as seen); the scan after the run reports only new ones.
KMEMLEAK=/sys/kernel/debug/kmemleak
if [ -w $KMEMLEAK ]; then
	echo scan >$KMEMLEAK
	echo clear >$KMEMLEAK
fi

# Boot messages are not ours to judge; keep them for reference.
dmesg >/tmp/dmesg.boot
LOGPOS=$(wc -l </tmp/dmesg.boot)

for m in $(cat /lib/myrt/kmod/order); do
	insmod "/lib/myrt/kmod/$m.ko" || { echo "# myrt-vm: insmod $m failed"; finish 1; }
done
# Pin the netfilter static keys of the IPv4 hooks: a base chain on each, in
# the initial netns, keeps them enabled for the whole run, so that myrt's
# PRE_ROUTING hook and the tests' nft chains coming and going never patch
# kernel text.  QEMU's multi-threaded TCG was seen to run a stale
# translation of a site being patched on the other vCPU ("Oops: int3" at
# ip_rcv's nf_hook while myrt was loaded and unloaded under traffic): an
# emulator problem, which this keeps away from the tests.
if command -v nft >/dev/null; then
	nft -f - <<'EOF' || echo "# myrt-vm: the netfilter keys are not pinned (nft failed)"
table ip myrt_vm_pin {
	chain pin_pre { type filter hook prerouting priority 100; }
	chain pin_input { type filter hook input priority 100; }
	chain pin_forward { type filter hook forward priority 100; }
	chain pin_output { type filter hook output priority 100; }
	chain pin_post { type filter hook postrouting priority 100; }
}
EOF
fi

if ! insmod /lib/myrt/myrt.ko; then
	echo "# myrt-vm: insmod myrt.ko failed"
	dmesg | tail -n 20 | sed 's/^/# dmesg: /'
	finish 1
fi

rc=0
cd /test 2>/dev/null || cd /
case $MODE in
shell)
	echo "myrt VM ($(uname -r)): myrt is loaded, tools are on PATH."
	echo "Exit the shell to power off (then the kernel log is checked)."
	PS1='myrt-vm:\w# ' setsid cttyhack /bin/bash -l || rc=$?
	;;
*)
	if [ -z "$SCRIPT" ] || [ ! -f "$SCRIPT" ]; then
		echo "# myrt-vm: no script to run"
		finish 1
	fi
	chmod +x "$SCRIPT"
	if [ "$(head -c2 "$SCRIPT")" = '#!' ]; then
		"$SCRIPT" "$@"
	else
		/bin/sh "$SCRIPT" "$@"
	fi
	rc=$?
	;;
esac

check_log "after the run" || rc=1
if grep -q '^myrt ' /proc/modules; then
	# Sockets of processes that just exited, and namespaces deleted by the
	# test, are freed asynchronously (RCU, the netns cleanup work): while
	# one lives rmmod is refused (EAGAIN), as for any protocol in use.
	# Give them a few seconds; a module still in use after that fails.
	# A leaked device reference makes rmmod hang for good (unkillable):
	# give that a minute, then fail the run and power off anyway.
	tries=0
	while :; do
		rmmod myrt 2>/tmp/rmmod.err &
		pid=$!
		i=0
		while kill -0 $pid 2>/dev/null && [ $i -lt 600 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		if kill -0 $pid 2>/dev/null; then
			echo "# myrt-vm: rmmod myrt hangs (a leaked reference?)"
			check_log "rmmod myrt hangs"
			finish 1
		fi
		wait $pid && break
		tries=$((tries + 1))
		if [ $tries -ge 50 ]; then
			cat /tmp/rmmod.err
			echo "# myrt-vm: rmmod myrt failed (refcnt $(cat /sys/module/myrt/refcnt 2>/dev/null))"
			rc=1
			break
		fi
		sleep 0.2
	done
fi
check_log "after rmmod myrt" || rc=1

# kmemleak (debug kernel): objects allocated since boot, myrt unloaded,
# that nothing points to any more.  Twice, and after its minimum age (5 s)
# for what the last test freed late.
if [ -w $KMEMLEAK ]; then
	sleep 6
	echo scan >$KMEMLEAK
	echo scan >$KMEMLEAK
	# a debugfs file has no size: read it (-s would always be false)
	leaks=$(cat $KMEMLEAK)
	if [ -n "$leaks" ]; then
		echo "# myrt-vm: kmemleak reports unreferenced objects:"
		echo "$leaks" | sed 's/^/# kmemleak: /'
		rc=1
	else
		echo "# myrt-vm: kmemleak scan after the run: no leak"
	fi
fi
# Lockdep switches itself off after its first report (or when it runs out
# of its tables): it must still be on at the end.
if [ -r /proc/lockdep_stats ]; then
	if grep -qE 'debug_locks: +1' /proc/lockdep_stats; then
		echo "# myrt-vm: lockdep still active at the end (no report)"
	else
		echo "# myrt-vm: lockdep turned itself off during the run:"
		sed 's/^/# lockdep: /' /proc/lockdep_stats
		rc=1
	fi
fi
check_log "after the kmemleak scan" || rc=1
finish $rc
