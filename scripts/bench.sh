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

# The plot: instructions per lookup under -icount (the figure that does
# not depend on the host), random trace, one panel per kernel, log scale.
if command -v gnuplot >/dev/null; then
	n=0
	for k in $KERNELS; do
		kr=$(awk -F, -v k="$k" 'NR > 1 && index($1, k ".") == 1 { print $1; exit }' "$OUT/lookup.csv")
		[ -n "$kr" ] || continue
		n=$((n + 1))
		for impl in kernel_fib_trie myrt_fib myrt_cache_hit_in myrt_cache_hit_out myrt_cache_miss; do
			awk -F, -v k="$kr" -v i="$impl" \
				'$1 == k && $4 == i && $3 == "random" && $7 != "" { print $2, $7 }' \
				"$OUT/lookup.csv" >"$OUT/plot-$k-$impl.dat"
		done
	done
	{
		echo "set terminal png noenhanced size $((n * 420)),460"
		echo "set output '$OUT/lookup.png'"
		echo "set multiplot layout 1,$n"
		echo "set logscale xy; set xlabel 'routes'; set ylabel 'instructions per lookup'"
		echo "set yrange [100:4000]; set key top left font ',9'"
		for k in $KERNELS; do
			[ -s "$OUT/plot-$k-kernel_fib_trie.dat" ] || continue
			echo "set title '$k, random trace (-icount)'"
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

# BENCHMARKS.md's tables, from this run's CSVs: written to
# bench-results/tables.md and put in BENCHMARKS.md between its
# "bench-tables" markers (with the plot as docs/bench-lookup.png).
{
	echo "<!-- bench-tables begin: written by scripts/bench.sh -->"
	echo
	echo "Kernels: $(cut -d, -f1 "$OUT/lookup.csv" | sed 1d | sort -uV | tr '\n' ' ')"
	echo
	for tr in random linear; do
		echo "#### $tr trace: median instructions (-icount) / median ns (TCG) / p90 ns (TCG)"
		echo
		echo "| kernel | routes | kernel_fib_trie | myrt_fib | myrt_fib_main | myrt_fib_local | myrt_cache_hit_in | myrt_cache_hit_out | myrt_cache_miss |"
		echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
		awk -F, -v tr="$tr" 'NR > 1 && $3 == tr { print $1, $2 }' "$OUT/lookup.csv" |
			sort -u | sort -k1,1V -k2,2n | while read -r kr n; do
			line="| $kr | $n"
			for impl in kernel_fib_trie myrt_fib myrt_fib_main myrt_fib_local myrt_cache_hit_in myrt_cache_hit_out myrt_cache_miss; do
				c=$(cat "$OUT/lookup.csv" "$OUT/lookup-breakdown.csv" | awk -F, -v k="$kr" -v n="$n" -v t="$tr" -v i="$impl" \
					'$1 == k && $2 == n && $3 == t && $4 == i { print ($7 == "" ? "-" : $7) " / " $5 " / " $6; exit }')
				line="$line | ${c:--}"
			done
			echo "$line |"
		done
		echo
	done
	echo "#### Against the goals: myrt's median instructions over kernel_fib_trie's (random / linear trace)"
	echo
	echo "| kernel | routes | hit_in (goal <= 0.5) | hit_out (goal <= 0.5) | myrt_fib (goal <= 1.0) | miss (goal <= 4) |"
	echo "|---|---:|---:|---:|---:|---:|"
	awk -F, 'NR > 1 && $7 != "" { v[$1 " " $2 " " $3 " " $4] = $7; rows[$1 " " $2] = 1 }
		END {
			for (r in rows) {
				split(r, a, " ")
				line = "| " a[1] " | " a[2]
				m = split("myrt_cache_hit_in myrt_cache_hit_out myrt_fib myrt_cache_miss", im, " ")
				for (j = 1; j <= m; j++) {
					cell = ""
					for (t = 1; t <= 2; t++) {
						tr = t == 1 ? "random" : "linear"
						k = v[r " " tr " kernel_fib_trie"]; x = v[r " " tr " " im[j]]
						cell = cell (t == 2 ? " / " : "") ((k > 0 && x != "") ? sprintf("%.2f", x / k) : "-")
					}
					line = line " | " cell
				}
				print line " |"
			}
		}' "$OUT/lookup.csv" | sort -t'|' -k2,2V -k3,3n
	echo
	echo "#### Memory per route (slab + vmalloc growth while loading) and load time"
	echo
	echo "| kernel | routes | myrt B/route | fib_trie B/route | myrt load ms (routes/s) | ip load ms (routes/s) |"
	echo "|---|---:|---:|---:|---:|---:|"
	awk -F, 'FNR == 1 { f++; next }
		f == 1 { m[$1 " " $2 " " $3] = $4; rows[$1 " " $2] = 1; next }
		{ ms[$1 " " $2 " " $3] = $4; rps[$1 " " $2 " " $3] = $5 }
		END {
			for (r in rows)
				printf "| %s | %s | %s | %s | %s (%s) | %s (%s) |\n", substr(r, 1, index(r, " ") - 1),
				       substr(r, index(r, " ") + 1), m[r " myrt"], m[r " kernel_fib_trie"],
				       ms[r " myrt"], rps[r " myrt"], ms[r " kernel_fib_trie"], rps[r " kernel_fib_trie"]
		}' "$OUT/memory.csv" "$OUT/insert.csv" | sort -t'|' -k2,2V -k3,3n
	echo
	echo "#### Forwarding h1 -> r -> h2: instructions per packet (-icount; sender, router, receiver) and pps under TCG"
	echo
	echo "| kernel | ip_bytes | myrt_dummy insns | kernel_udp insns | ratio (goal <= 0.8) | myrt pps (TCG) | kernel pps (TCG) |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	awk -F, 'NR > 1 { i[$1 " " $2 " " $3] = $6; p[$1 " " $2 " " $3] = $4; rows[$1 " " $2] = 1 }
		END {
			for (r in rows) {
				a = i[r " myrt_dummy"]; b = i[r " kernel_udp"]
				printf "| %s | %s | %s | %s | %s | %s | %s |\n", substr(r, 1, index(r, " ") - 1),
				       substr(r, index(r, " ") + 1), a, b, (a != "" && b > 0) ? sprintf("%.2f", a / b) : "-",
				       p[r " myrt_dummy"], p[r " kernel_udp"]
			}
		}' "$OUT/forward.csv" | sort -t'|' -k2,2V -k3,3n
	if [ -s "$OUT/flood.csv" ]; then
		echo
		echo "#### Route-cache flood (bench-flood-guest.sh; the timed run)"
		echo
		head -1 "$OUT/flood.csv" | awk -F, '{ printf "|"; for (i = 1; i <= NF; i++) printf " %s |", $i; printf "\n|"; for (i = 1; i <= NF; i++) printf "---|"; print "" }'
		sed 1d "$OUT/flood.csv" | awk -F, '{ printf "|"; for (i = 1; i <= NF; i++) printf " %s |", $i; print "" }'
	fi
	echo
	echo "<!-- bench-tables end -->"
} >"$OUT/tables.md"
if grep -q '^<!-- bench-tables begin' "$MYRT_TOP/BENCHMARKS.md"; then
	awk -v t="$OUT/tables.md" '
		/^<!-- bench-tables begin/ { while ((getline l < t) > 0) print l; skip = 1; next }
		/^<!-- bench-tables end/ { skip = 0; next }
		!skip' "$MYRT_TOP/BENCHMARKS.md" >"$OUT/BENCHMARKS.md.new" &&
		mv "$OUT/BENCHMARKS.md.new" "$MYRT_TOP/BENCHMARKS.md"
	[ ! -f "$OUT/lookup.png" ] || cp "$OUT/lookup.png" "$MYRT_TOP/docs/bench-lookup.png"
	echo "tables: $OUT/tables.md (also in BENCHMARKS.md)"
fi
