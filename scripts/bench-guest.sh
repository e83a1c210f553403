#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest half of make bench (scripts/bench.sh prepends the extraction of
# myrt_bench.ko to /tmp/myrt_bench.ko).  For each route count it makes a
# netns with a dummy device d0 (10.0.0.254/8, forwarding on), generates the
# route set (bench_routes, fixed seed), loads it into myrt (myip -batch) and
# into the kernel's main table (ip -batch), measuring the time and the slab
# (+vmalloc) growth of each, then runs every lookup row of myrt_bench.
# Then the forwarding benchmark (fwd_bench below) and, if the host embedded
# it (/tmp/bench-flood-guest.sh, not in the -icount run), the route-cache
# flood benchmark.  Figures are printed as "BENCH ..." lines (and the flood
# CSV as "BENCHFLOOD ..." lines) for the host to collect.
#
#   bench-guest.sh [-i] SAMPLES SIZE...     -i: the -icount run
set -u

ICOUNT=
if [ "${1:-}" = -i ]; then
	ICOUNT=1
	shift
fi
SAMPLES=${1:-100000}
shift
SIZES=${*:-1000 10000 100000}
KREL=$(uname -r)
IMPLS="kernel_fib_trie myrt_fib myrt_fib_main myrt_fib_local myrt_cache_hit_in myrt_cache_hit_out myrt_cache_miss"

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

# Forwarding: h1 -- r -- h2 (veth pairs), r forwards.  DUMMY datagrams
# from h1 to h2 go through myrt (myip default routes on h1 and h2, myrt's
# forwarding on r), UDP datagrams of the same IP size through the kernel.
# fwdbench sends with sendmmsg() as fast as it can for FWD_SECS + 3 s; the
# figures are the packets h2's eth0 receives per second over FWD_SECS s
# (what r forwarded) and what the sink's socket in h2 received per second
# (fewer when its queue overflows).  All on the guest's one vCPU: the
# figure is the whole path (send, forward, receive).
FWD_SIZES="64 1500"
FWD_SECS=5
fwd_bench() {
	local n size impl u pps sp rp r0 r1 t0 t1

	for n in fh1 fr fh2; do
		ip netns add $n
		ip -n $n link set lo up
		ip -n $n link set mylo up 2>/dev/null
	done
	ip link add eth0 netns fh1 type veth peer name eth0 netns fr
	ip link add eth1 netns fr type veth peer name eth0 netns fh2
	ip -n fh1 addr add 10.1.1.2/24 dev eth0
	ip -n fr addr add 10.1.1.1/24 dev eth0
	ip -n fr addr add 10.1.2.1/24 dev eth1
	ip -n fh2 addr add 10.1.2.2/24 dev eth0
	ip -n fh1 link set eth0 up
	ip -n fr link set eth0 up
	ip -n fr link set eth1 up
	ip -n fh2 link set eth0 up
	ip -n fh1 route add default via 10.1.1.1
	ip -n fh2 route add default via 10.1.2.1
	myip -n fh1 route add default via 10.1.1.1
	myip -n fh2 route add default via 10.1.2.1
	ip netns exec fr sysctl -qw net.ipv4.conf.all.forwarding=1
	sleep 2
	for size in $FWD_SIZES; do
		for impl in myrt_dummy kernel_udp; do
			u=
			[ $impl = kernel_udp ] && u=-u
			ip netns exec fh2 fwdbench -r $u -l "$size" -t $FWD_SECS \
				9000 >/tmp/fwd.out 2>/dev/null &
			rp=$!
			sleep 1
			ip netns exec fh1 fwdbench -s $u -l "$size" \
				-t $((FWD_SECS + 3)) 10.1.2.2 9000 &
			sp=$!
			sleep 1
			r0=$(ip netns exec fh2 cat /sys/class/net/eth0/statistics/rx_packets)
			t0=$(now_us)
			sleep $FWD_SECS
			r1=$(ip netns exec fh2 cat /sys/class/net/eth0/statistics/rx_packets)
			t1=$(now_us)
			wait $sp || rc=1
			wait $rp || { echo "# forward $impl $size: nothing arrived"; rc=1; }
			cat /tmp/fwd.out
			pps=$(awk '$NF == "pps" { print $(NF - 1) }' /tmp/fwd.out)
			echo "BENCH forward $KREL $size $impl $(((r1 - r0) * 1000000 / (t1 - t0))) ${pps:-0}"
		done
	done
	for n in fh1 fr fh2; do
		ip netns del $n
	done
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

fwd_bench

if [ -z "$ICOUNT" ] && [ -f /tmp/bench-flood-guest.sh ]; then
	rm -rf /tmp/flood
	mkdir -p /tmp/flood
	bash /tmp/bench-flood-guest.sh /tmp/flood || {
		echo "# bench-flood-guest.sh failed"
		rc=1
	}
	[ -f /tmp/flood/flood.csv ] && sed 's/^/BENCHFLOOD /' /tmp/flood/flood.csv
fi
exit $rc
