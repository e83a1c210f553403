#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: myrt against the kernel's own fib_trie, in one VM run per
# kernel.  Prints figures; it does not pass or fail on them.
#
#   scripts/bench.sh
#
# Environment:
#   BENCH_KERNELS="6.1 6.12"      kernels to measure
#   BENCH_SIZES="1000 10000 100000 500000"   route counts (timed run)
#   BENCH_ICOUNT_SIZES="1000 10000 100000"   route counts under -icount
#   BENCH_SAMPLES=100000          timed lookups per row (after 100k warm-up)
#   BENCH_ICOUNT_SAMPLES=20000
#   BENCH_REPORT_ONLY=1           only rebuild the CSVs, table and plot from
#                                 the logs in bench-results/
#
# For each kernel two VMs run side by side (one vCPU each): the timed run
# (QEMU TCG: absolute times are distorted, ratios within a run count) and
# the same benchmark under QEMU's -icount shift=0, where a virtual ns is
# one guest instruction, so its "ns" are instructions per lookup: a figure
# that does not depend on the host.  The guest half is
# scripts/bench-guest.sh; myrt_bench.ko is the in-kernel benchmark.
#
# Output: a table on stdout, bench-results/lookup.csv, memory.csv,
# insert.csv, the raw logs and bench-results/lookup.png (gnuplot).
set -eu
. "$(dirname "$0")/lib.sh"

KERNELS=${BENCH_KERNELS:-6.1 6.12}
SIZES=${BENCH_SIZES:-1000 10000 100000 500000}
ISIZES=${BENCH_ICOUNT_SIZES:-1000 10000 100000}
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
		sed 1d "$MYRT_TOP/scripts/bench-guest.sh"
	} >"$OUT/bench-guest-$k.sh"
	rm -f "$OUT/myrt_bench-$k.ko"
}

for k in $KERNELS; do
	[ -z "${BENCH_REPORT_ONLY:-}" ] || break
	wrap "$k"
	msg "$k: timed run (sizes $SIZES) and -icount run (sizes $ISIZES)"
	start=$(date +%s)
	KERNEL=$k VM_SMP=1 VM_MEM=2G VM_TIMEOUT=1800 \
		"$MYRT_TOP/scripts/vm-run.sh" "$OUT/bench-guest-$k.sh" \
		"$SAMPLES" $SIZES >"$OUT/run-$k.log" 2>&1 &
	p1=$!
	# The two runs share the build directory: boot the second once the
	# first has made its initramfs.
	while kill -0 $p1 2>/dev/null && ! grep -q booting "$OUT/run-$k.log"; do
		sleep 1
	done
	KERNEL=$k VM_SMP=1 VM_MEM=2G VM_TIMEOUT=1800 \
		VM_QEMU_EXTRA="-icount shift=0,sleep=off" \
		"$MYRT_TOP/scripts/vm-run.sh" "$OUT/bench-guest-$k.sh" \
		"$ISAMPLES" $ISIZES >"$OUT/icount-$k.log" 2>&1 &
	p2=$!
	wait $p1 || msg "$k: timed run failed (see $OUT/run-$k.log)"
	wait $p2 || msg "$k: icount run failed (see $OUT/icount-$k.log)"
	msg "$k: $(($(date +%s) - start)) s"
done

# lookup.csv: timed medians, with the -icount medians as instructions.
{
	echo "kernel,routes,trace,impl,median_ns,p90_ns,median_insns"
	for k in $KERNELS; do
		awk '
		FNR == NR && $1 == "BENCH" && $2 == "lookup" {
			insns[$4 " " $6 " " $5] = $11; next
		}
		$1 == "BENCH" && $2 == "lookup" {
			key = $4 " " $6 " " $5
			printf "%s,%s,%s,%s,%s,%s,%s\n", $3, $4, $6, $5, $10, $11,
			       (key in insns) ? insns[key] : ""
		}' <(tr -d '\r' <"$OUT/icount-$k.log") <(tr -d '\r' <"$OUT/run-$k.log")
	done
} >"$OUT/lookup.csv"

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

echo
echo "Lookups (median/p90 ns under TCG; insns: median instructions under -icount)"
column -t -s, "$OUT/lookup.csv"
echo
echo "Memory per route (slab + vmalloc growth while loading)"
column -t -s, "$OUT/memory.csv"
echo
echo "Route insert (myip -batch / ip -batch)"
column -t -s, "$OUT/insert.csv"

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
