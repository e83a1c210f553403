#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest half of make bench (scripts/bench.sh prepends the extraction of
# myrt_bench.ko to /tmp/myrt_bench.ko).  For each route count it makes a
# netns with a dummy device d0 (10.0.0.254/8, forwarding on), generates the
# route set (bench_routes, fixed seed), loads it into myrt (myip -batch) and
# into the kernel's main table (ip -batch), measuring the time and the slab
# (+vmalloc) growth of each, then runs every lookup row of myrt_bench.
# Figures are printed as "BENCH ..." lines for the host to collect.
#
#   bench-guest.sh SAMPLES SIZE...
set -u

SAMPLES=${1:-100000}
shift
SIZES=${*:-1000 10000 100000}
KREL=$(uname -r)
IMPLS="kernel_fib_trie myrt_fib myrt_cache_hit_in myrt_cache_hit_out myrt_cache_miss"

insmod /tmp/myrt_bench.ko || exit 1
trap 'umount /dbg 2>/dev/null; rmmod myrt_bench' EXIT
mkdir -p /dbg
mount -t debugfs debugfs /dbg || exit 1
D=/dbg/myrt_bench
# room for the cache-hit working sets
echo 1048576 >/proc/sys/net/myrt/route/max_size 2>/dev/null

mem_kb() {
	awk '/^Slab:|^VmallocUsed:/ { s += $2 } END { print s }' /proc/meminfo
}

now_us() {
	local t=$EPOCHREALTIME	# busybox date has no %N

	echo "${t/./}"
}

rc=0
for n in $SIZES; do
	ns=bench$n
	ip netns add $ns
	ip -n $ns link set lo up
	ip -n $ns link add d0 type dummy
	ip -n $ns addr add 10.0.0.254/8 dev d0
	ip -n $ns link set d0 up
	ip netns exec $ns sysctl -qw net.ipv4.conf.all.forwarding=1
	ip netns exec $ns sysctl -qw net.ipv4.conf.d0.forwarding=1

	bench_routes -n "$n" -s 1 /tmp/routes || { rc=1; break; }

	sync
	m0=$(mem_kb)
	t0=$(now_us)
	myip -n $ns -batch /tmp/routes.myip || { echo "# myip -batch failed"; rc=1; }
	t1=$(now_us)
	sleep 1
	m1=$(mem_kb)
	echo "BENCH insert $KREL $n myrt $(((t1 - t0) / 1000))"
	echo "BENCH memory $KREL $n myrt $(((m1 - m0) * 1024 / n))"

	m0=$(mem_kb)
	t0=$(now_us)
	# ip -batch grows without bound over a long file (OOM at 500k
	# routes in 2 GB): feed it in chunks.
	awk 'NR % 50000 == 1 { close(f); f = sprintf("/tmp/routes.ipchunk.%03d", NR / 50000) }
	     { print > f }' /tmp/routes.ip
	for f in /tmp/routes.ipchunk.*; do
		ip -n $ns -batch "$f" || { echo "# ip -batch failed"; rc=1; }
	done
	t1=$(now_us)
	sleep 1
	m1=$(mem_kb)
	echo "BENCH insert $KREL $n kernel_fib_trie $(((t1 - t0) / 1000))"
	echo "BENCH memory $KREL $n kernel_fib_trie $(((m1 - m0) * 1024 / n))"
	echo "# routes: myrt $(myip -n $ns route show | wc -l), kernel $(ip -n $ns route show | wc -l)"

	cat /tmp/routes.trace >$D/trace || rc=1
	for tr in random linear; do
		for impl in $IMPLS; do
			if ip netns exec $ns sh -c "echo '$impl $tr $SAMPLES d0' >$D/run"; then
				echo "BENCH lookup $KREL $n $(cat $D/run)"
			else
				echo "# $impl $tr failed"
				rc=1
			fi
		done
	done
	ip netns del $ns
	rm -f /tmp/routes.*
done
exit $rc
