#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: myrt against the kernel's own fib_trie, in one VM run per
# kernel.  Prints figures; it does not pass or fail on them.
#
#   scripts/bench.sh
#
# Environment:
#   BENCH_KERNELS="5.10 6.1 6.12 7.3"  kernels to measure
#   BENCH_SIZES="1000 10000 100000 500000 1000000"  route counts (timed run)
#   BENCH_ICOUNT_SIZES="1000 10000 100000 500000"   route counts under -icount
#   BENCH_SAMPLES=100000          timed lookups per row (after 100k warm-up)
#   BENCH_ICOUNT_SAMPLES=20000
#   BENCH_VM_MEM=3G               guest memory of each VM (1M routes in
#                                 both FIBs, ip -batch fed in chunks)
#   BENCH_REPORT_ONLY=1           only rebuild the CSVs, table and plot from
#                                 the logs in bench-results/
#   BENCH_FLOOD=0                 no route-cache flood figures (the timed
#                                 run's longest part)
#
# For each kernel two VMs run side by side (one vCPU each): the timed run
# (QEMU TCG: absolute times are distorted, ratios within a run count) and
# the same benchmark under QEMU's -icount shift=0, where a virtual ns is
# one guest instruction, so its "ns" are instructions per lookup: a figure
# that does not depend on the host.  The guest half is
# scripts/bench-guest.sh; myrt_bench.ko is the in-kernel benchmark.
#
# After the lookups, each run measures forwarding (DUMMY through myrt vs
# UDP through the kernel, h1 -- r -- h2) and the timed run, if
# scripts/bench-flood-guest.sh exists, the route-cache flood figures.
#
# Output: a table on stdout, bench-results/lookup.csv, memory.csv,
# insert.csv, forward.csv, flood.csv (if measured), the raw logs and
# bench-results/lookup.png (gnuplot).
set -eu
. "$(dirname "$0")/lib.sh"

KERNELS=${BENCH_KERNELS:-5.10 6.1 6.12 7.3}
SIZES=${BENCH_SIZES:-1000 10000 100000 500000 1000000}
ISIZES=${BENCH_ICOUNT_SIZES:-1000 10000 100000 500000}
MEM=${BENCH_VM_MEM:-3G}
FLOOD=$MYRT_TOP/scripts/bench-flood-guest.sh
SAMPLES=${BENCH_SAMPLES:-100000}
ISAMPLES=${BENCH_ICOUNT_SAMPLES:-20000}
OUT=$MYRT_TOP/bench-results
mkdir -p "$OUT"

if ! command -v gnuplot >/dev/null; then
	msg "installing gnuplot-nox"
	sudo_cmd=
	[ "$(id -u)" = 0 ] || sudo_cmd=sudo
	$sudo_cmd apt-get install -y -q gnuplot-nox >/dev/null ||
		msg "gnuplot-nox not installed: no plot"
fi

# The guest script with myrt_bench.ko (without debug info) inside.
wrap() {
	local k=$1 b
	b=$(KERNEL=$k "$MYRT_TOP/scripts/build.sh")
	strip --strip-debug -o "$OUT/myrt_bench-$k.ko" "$b/src/myrt_bench.ko"
	{
		echo '#!/bin/bash'
		echo "base64 -d >/tmp/myrt_bench.ko <<'EOKO'"
		base64 "$OUT/myrt_bench-$k.ko"
		echo EOKO
		if [ -f "$FLOOD" ] && [ "${BENCH_FLOOD:-1}" != 0 ]; then
			echo "base64 -d >/tmp/bench-flood-guest.sh <<'EOFLOOD'"
			base64 "$FLOOD"
			echo EOFLOOD
		fi
		sed 1d "$MYRT_TOP/scripts/bench-guest.sh"
	} >"$OUT/bench-guest-$k.sh"
	rm -f "$OUT/myrt_bench-$k.ko"
}

for k in $KERNELS; do
	[ -z "${BENCH_REPORT_ONLY:-}" ] || break
	wrap "$k"
	msg "$k: timed run (sizes $SIZES) and -icount run (sizes $ISIZES)"
	start=$(date +%s)
	KERNEL=$k VM_SMP=1 VM_MEM=$MEM VM_TIMEOUT=3600 \
		"$MYRT_TOP/scripts/vm-run.sh" "$OUT/bench-guest-$k.sh" \
		"$SAMPLES" $SIZES >"$OUT/run-$k.log" 2>&1 &
	p1=$!
	# The two runs share the build directory: boot the second once the
	# first has made its initramfs.
	while kill -0 $p1 2>/dev/null && ! grep -q booting "$OUT/run-$k.log"; do
		sleep 1
	done
	KERNEL=$k VM_SMP=1 VM_MEM=$MEM VM_TIMEOUT=3600 \
		VM_QEMU_EXTRA="-icount shift=0,sleep=off" \
		"$MYRT_TOP/scripts/vm-run.sh" "$OUT/bench-guest-$k.sh" \
		-i "$ISAMPLES" $ISIZES >"$OUT/icount-$k.log" 2>&1 &
	p2=$!
	wait $p1 || msg "$k: timed run failed (see $OUT/run-$k.log)"
	wait $p2 || msg "$k: icount run failed (see $OUT/icount-$k.log)"
	msg "$k: $(($(date +%s) - start)) s"
done

# lookup.csv: timed medians, with the -icount medians as instructions;
# lookup-breakdown.csv: the same for myrt_fib_main and myrt_fib_local
# (myrt's main and local tables alone, without the rules: the parts of
# myrt_fib), not rows of lookup.csv.
lookup_csv() {	# lookup_csv AWK-CONDITION-ON-IMPL
	echo "kernel,routes,trace,impl,median_ns,p90_ns,median_insns"
	for k in $KERNELS; do
		awk '
		FNR == NR && $1 == "BENCH" && $2 == "lookup" {
			insns[$4 " " $6 " " $5] = $10; next
		}
		$1 == "BENCH" && $2 == "lookup" && '"$1"' {
			key = $4 " " $6 " " $5
			printf "%s,%s,%s,%s,%s,%s,%s\n", $3, $4, $6, $5, $10, $11,
			       (key in insns) ? insns[key] : ""
		}' <(tr -d '\r' <"$OUT/icount-$k.log") <(tr -d '\r' <"$OUT/run-$k.log")
	done
}
lookup_csv '$5 != "myrt_fib_main" && $5 != "myrt_fib_local"' >"$OUT/lookup.csv"
lookup_csv '($5 == "myrt_fib_main" || $5 == "myrt_fib_local" || $5 == "kernel_fib_trie" || $5 == "myrt_fib")' \
	>"$OUT/lookup-breakdown.csv"

{
	echo "kernel,routes,impl,bytes_per_route"
	for k in $KERNELS; do
		tr -d '\r' <"$OUT/run-$k.log" |
			awk '$1 == "BENCH" && $2 == "memory" { print $3 "," $4 "," $5 "," $6 }'
	done
} >"$OUT/memory.csv"

{
	echo "kernel,routes,impl,load_ms,routes_per_s"
	for k in $KERNELS; do
		tr -d '\r' <"$OUT/run-$k.log" | awk '$1 == "BENCH" && $2 == "insert" {
			printf "%s,%s,%s,%s,%d\n", $3, $4, $5, $6, $6 ? $4 * 1000 / $6 : 0 }'
	done
} >"$OUT/insert.csv"

# forward.csv: packets per second arriving on the sink's interface
# (forwarded by r) and received by the sink's socket (timed run); under
# -icount a virtual second is 1e9 guest instructions, so 1e9 / pps is
# instructions per forwarded packet (sender, router and receiver together).
{
	echo "kernel,ip_bytes,impl,pps_forwarded,pps_socket,insns_per_pkt"
	for k in $KERNELS; do
		awk '
		FNR == NR && $1 == "BENCH" && $2 == "forward" {
			ipp[$4 " " $5] = $6 > 0 ? int(1e9 / $6) : ""; next
		}
		$1 == "BENCH" && $2 == "forward" {
			key = $4 " " $5
			printf "%s,%s,%s,%s,%s,%s\n", $3, $4, $5, $6, $7,
			       (key in ipp) ? ipp[key] : ""
		}' <(tr -d '\r' <"$OUT/icount-$k.log") <(tr -d '\r' <"$OUT/run-$k.log")
	done
} >"$OUT/forward.csv"

# flood.csv: the flood script's CSV, with the kernel in front
rm -f "$OUT/flood.csv"
for k in $KERNELS; do
	tr -d '\r' <"$OUT/run-$k.log" | sed -n 's/^BENCHFLOOD //p' >"$OUT/flood-$k.csv"
	[ -s "$OUT/flood-$k.csv" ] || continue
	kr=$(awk '$1 == "BENCH" { print $3; exit }' <(tr -d '\r' <"$OUT/run-$k.log"))
	[ -f "$OUT/flood.csv" ] || sed -n '1s/^/kernel,/p' "$OUT/flood-$k.csv" >"$OUT/flood.csv"
	sed "1d; s/^/$kr,/" "$OUT/flood-$k.csv" >>"$OUT/flood.csv"
done

echo
echo "Lookups (median/p90 ns under TCG; insns: median instructions under -icount)"
column -t -s, "$OUT/lookup.csv"
echo
echo "Memory per route (slab + vmalloc growth while loading)"
column -t -s, "$OUT/memory.csv"
echo
echo "Route insert (myip -batch / ip -batch)"
column -t -s, "$OUT/insert.csv"
echo
echo "Forwarding, h1 -> r -> h2 (pps at the sink under TCG; insns_per_pkt under -icount)"
column -t -s, "$OUT/forward.csv"
if [ -f "$OUT/flood.csv" ]; then
	echo
	echo "Route-cache flood (scripts/bench-flood-guest.sh)"
	column -t -s, "$OUT/flood.csv"
fi

if command -v gnuplot >/dev/null; then
	for k in $KERNELS; do
		kr=$(awk -F, -v k="$k" 'NR > 1 && index($1, k ".") == 1 { print $1; exit }' "$OUT/lookup.csv")
		[ -n "$kr" ] || continue
		for impl in kernel_fib_trie myrt_fib myrt_cache_hit_in myrt_cache_hit_out myrt_cache_miss; do
			awk -F, -v k="$kr" -v i="$impl" \
				'$1 == k && $4 == i && $3 == "random" { print $2, $5, $7 }' \
				"$OUT/lookup.csv" >"$OUT/plot-$k-$impl.dat"
		done
	done
	{
		echo "set terminal png noenhanced size 1200,500"
		echo "set output '$OUT/lookup.png'"
		echo "set multiplot layout 1,2"
		echo "set logscale x; set xlabel 'routes'; set key top left"
		for k in $KERNELS; do
			echo "set title 'random trace, $k: ns/lookup (QEMU TCG)'"
			printf "plot"
			sep=
			for impl in kernel_fib_trie myrt_fib myrt_cache_hit_in myrt_cache_hit_out myrt_cache_miss; do
				printf "%s '%s' using 1:2 with linespoints title '%s'" \
					"$sep" "$OUT/plot-$k-$impl.dat" "$impl"
				sep=,
			done
			echo
		done
		echo "unset multiplot"
	} >"$OUT/lookup.gp"
	gnuplot "$OUT/lookup.gp" && echo && echo "plot: $OUT/lookup.png"
fi
