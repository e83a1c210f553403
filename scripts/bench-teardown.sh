#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Device removal and namespace teardown with a big route cache and a big
# table (issue 18 item 6), run in the VM:
#	scripts/vm-run.sh scripts/bench-teardown.sh
# A netns H (joined by veth to S, sh_pair) gets MYRT_TD_ROUTES (500,000)
# /24 routes via gateways on a dummy device d0, and MYRT_TD_ENTRIES
# (100,000) route cache entries: DUMMY datagrams from S with as many
# sources (dflood); a second pair S2/H2 the same cache entries (the
# rest of the host, which a device or netns of H going away must not
# make slow); myrt loaded with rhash_entries=262144 so that gc keeps them
# all.  Then it prints the wall time of
#  - `ip link del d1`, a dummy device of H with no route but its own,
#  - `ip link del d0`, the device of the 500,000 routes,
# and, H filled again, of `ip netns del H` until myrt's netns exit has
# run.  That end, and the kernel-side figures, come from the kernel log
# lines "myrt: td: ..." of a temporary debug build of myrt (ktime around
# each section with BHs off, each notifier and the netns exit; not in
# this tree: see RELIABILITY.md, "Softirq cost").
. /selftests/lib/lib.sh

ROUTES=${MYRT_TD_ROUTES:-500000}
ENTRIES=${MYRT_TD_ENTRIES:-100000}
S=tdS
H=tdH
S2=tdS2
H2=tdH2
T=$(mktemp -d)

# milliseconds (busybox date has no %N)
ms() { local t=${EPOCHREALTIME//[.,]/}; echo $((t / 1000)); }

fill() {
	local t0
	sh_pair "$S" "$H" || return 1
	ip -n "$H" link add d0 type dummy && ip -n "$H" link add d1 type dummy &&
	ip -n "$H" addr add 10.0.0.1/24 dev d0 &&
	ip -n "$H" addr add 10.2.0.1/24 dev d1 &&
	ip -n "$H" link set d0 up && ip -n "$H" link set d1 up || return 1
	[ -s "$T/routes" ] || awk -v n="$ROUTES" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "route add %d.%d.%d.0/24 via 10.0.0.%d\n",
			       20 + int(i / 65536), int(i / 256) % 256, i % 256, 2 + i % 4
	}' >"$T/routes"
	t0=$(ms)
	myip -n "$H" -batch "$T/routes" || return 1
	echo "# $ROUTES routes loaded in $(($(ms) - t0)) ms"
	t0=$(ms)
	ip netns exec "$S" dflood -d 10.1.0.2 -S 10.16.0.1 -n "$ENTRIES" -c "$ENTRIES" -q || return 1
	echo "# $ENTRIES datagrams sent in $(($(ms) - t0)) ms; cache entries $(cache_stat entries), routes $(myip -n "$H" route show | wc -l)"
}

kernel_figures() {
	dmesg | tail -n +$((MARK + 1)) | grep 'myrt: td:' | sed 's/^/#   /'
	MARK=$(dmesg | wc -l)
}

myrt_unload && insmod "$MYRT_KO" rhash_entries=262144 || exit 1
MARK=$(dmesg | wc -l)
sh_pair "$S2" "$H2" &&
	ip netns exec "$S2" dflood -d 10.1.0.2 -S 10.16.0.1 -n "$ENTRIES" -c "$ENTRIES" -q || exit 1
fill || exit 1
kernel_figures >/dev/null

t0=$(ms)
ip -n "$H" link del d1 || exit 1
echo "# ip link del d1 (no routes): $(($(ms) - t0)) ms; cache entries after $(cache_stat entries)"
kernel_figures
t0=$(ms)
ip -n "$H" link del d0 || exit 1
echo "# ip link del d0 ($ROUTES routes): $(($(ms) - t0)) ms; cache entries after $(cache_stat entries), routes $(myip -n "$H" route show | wc -l)"
kernel_figures

ip netns del "$H"
ip netns del "$S"
netns_settle 2 >/dev/null
fill || exit 1
kernel_figures >/dev/null
echo "myrt: td: ip netns del" >/dev/kmsg
t0=$(ms)
ip netns del "$H" || exit 1
for _ in $(seq 1200); do
	dmesg | tail -n +$((MARK + 1)) | grep -Eq 'td: net exit(_batch|: .*longest)' && break
	sleep 0.1
done
echo "# ip netns del H until myrt's exit is done ($ROUTES routes, cache entries $ENTRIES): $(($(ms) - t0)) ms (0.1 s polls; kernel timestamps below); cache entries after $(cache_stat entries)"
kernel_figures
ns_cleanup
netns_settle 0 >/dev/null
rm -rf "$T"
