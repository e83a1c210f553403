#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The route-cache flood benchmark (issue 5, "under attack"), in the guest:
# make bench (scripts/bench-guest.sh, timed run only) runs it as
#
#   bash /tmp/bench-flood-guest.sh OUTDIR
#
# with myrt loaded and the tools on PATH, and collects OUTDIR/flood.csv.
# It prints figures; it passes or fails only on its own errors.
#
# Two netns joined by a veth pair, every address inside the guest: the
# sender fs (eth0 10.255.0.1/24) and the receiver fr (eth0 10.255.0.2/24),
# whose myrt route cache is measured.  The established flow is DUMMY from
# 10.255.0.1 to 10.255.0.2, sent by dflood (raw socket).  Scenarios, each
# on a freshly loaded myrt (default sysctls, empty table, counters at 0):
#
#   baseline     the established flow alone: ~200/s for EST_SECS s (hit
#                rate), then BASE_PACKETS as fast as possible (its cost)
#   random       FLOOD_SOURCES distinct sources (10.0.0.1 on), one datagram
#                each, while the established flow keeps sending at ~200/s
#   collide      myrt loaded with hash_rnd=SEED: the sources of
#                10.16.0.0-10.143.255.255 that hash into the established
#                flow's own bucket (dflood -H genid^SEED,mask,iif -B), cycled
#                for COLLIDE_PACKETS datagrams: the worst case for that flow
#                (with a known seed an attacker can also pick any bucket)
#   wrong_seed   the same crafting with SEED but myrt's seed random (the
#                normal case): the "colliding" sources spread like random
#
# Figures per scenario: ns_per_pkt is dflood's wall-clock time per datagram
# of the flood (baseline: of the established flow at full speed; on a veth
# the receive path runs in the sender's context, so it is the whole path);
# the established flow's hit rate is exact: a hist trigger on the
# myrt:myrt_cache_lookup tracepoint filtered on its source counts its
# input lookups that hit and that missed (the trigger is on in every
# scenario, the baseline included, so its small cost is in every figure);
# entries (the entries column of /proc/net/stat/myrt_cache), the longest
# chain and the emergency rebuilds of fr (/proc/net/stat/myrt_cache_chains)
# and Slab (/proc/meminfo) are sampled every SAMPLE_SECS s during the
# flood; gc_* are the counters' growth; slab_kb_after is 2 s after the
# flood, slab_kb_flushed after flushing the cache.  Under QEMU TCG only
# ratios within one run mean something.
#
# Environment: FLOOD_SOURCES (1000000), COLLIDE_PACKETS (200000),
# BASE_PACKETS (100000), EST_SECS (5), SAMPLE_SECS (0.5), SEED (0x5eed1e55).
# Leaves myrt loaded (random seed), as it found it.
set -u

OUT=${1:-/tmp/flood}
SOURCES=${FLOOD_SOURCES:-1000000}
COLLIDE_PACKETS=${COLLIDE_PACKETS:-200000}
BASE_PACKETS=${BASE_PACKETS:-100000}
EST_SECS=${EST_SECS:-5}
SAMPLE_SECS=${SAMPLE_SECS:-0.5}
SEED=${SEED:-0x5eed1e55}
KO=${MYRT_KO:-/lib/myrt/myrt.ko}
BENCH_KO=/tmp/myrt_bench.ko
T=/sys/kernel/tracing
EV=$T/events/myrt/myrt_cache_lookup
R=/proc/sys/net/myrt/route
EST=10.255.0.1
DST=10.255.0.2
CSV=$OUT/flood.csv
mkdir -p "$OUT"
rc=0

[ -d $T/events ] || mount -t tracefs nodev $T 2>/dev/null

now_us() {
	local t=$EPOCHREALTIME

	echo "${t/./}"
}

slab_kb() { awk '$1 == "Slab:" { print $2 }' /proc/meminfo; }

# cstat NAME: a counter of /proc/net/stat/myrt_cache summed over the CPUs
# ("entries" is global: read once)
cstat() {
	local hdr idx=0 i=0 sum=0 name
	local -a v
	{
		read -r hdr
		for name in $hdr; do
			[ "$name" = "$1" ] && idx=$i
			i=$((i + 1))
		done
		while read -r -a v; do
			sum=$((sum + 16#${v[$idx]}))
			[ "$1" = entries ] && break
		done
	} </proc/net/stat/myrt_cache
	echo $sum
}

chain() { ip netns exec fr awk -v k="$1" '$1 == k { print $2 }' /proc/net/stat/myrt_cache_chains; }

# The established flow's source as the tracepoint stores it (the __be32
# read as a little-endian u32).
est_key() {
	local IFS=. a b c d

	read -r a b c d <<<"$EST"
	echo $(((d << 24) | (c << 16) | (b << 8) | a))
}

# (">" would remove every trigger of the event first: ">>")
hist_on() {
	echo "hist:keys=hit:vals=hitcount if saddr == $(est_key) && input == 1" >>$EV/trigger
}

# counts kept, no more counting (the filter is still evaluated)
hist_pause() {
	echo "hist:keys=hit:vals=hitcount:pause if saddr == $(est_key) && input == 1" >>$EV/trigger
}

hist_off() {
	echo "!hist:keys=hit:vals=hitcount if saddr == $(est_key) && input == 1" >>$EV/trigger 2>/dev/null
}

# hist_count 0|1: the established flow's lookups that missed / hit
hist_count() {
	awk -v h="$1" '$1 == "{" && $2 == "hit:" && $3 == h { n = $6 } END { print n + 0 }' $EV/hist
}

# myrt (re)loaded with ARGS, without the benchmark module that uses it
reload() {
	hist_off
	ip netns del fs 2>/dev/null
	ip netns del fr 2>/dev/null
	grep -q '^myrt_bench ' /proc/modules && rmmod myrt_bench
	local i
	for i in $(seq 50); do
		grep -q '^myrt ' /proc/modules || break
		rmmod myrt 2>/dev/null && break
		sleep 0.2
	done
	insmod "$KO" "$@" || return 1
	ip netns add fs && ip netns add fr || return 1
	ip link add eth0 netns fs type veth peer name eth0 netns fr || return 1
	ip -n fs addr add $EST/24 dev eth0
	ip -n fr addr add $DST/24 dev eth0
	for n in fs fr; do
		ip -n $n link set lo up
		ip -n $n link set eth0 up
		ip -n $n link set mylo up
	done
	# the carrier coming up flushes the cache (new genid): wait for it
	for i in $(seq 50); do
		[ "$(ip netns exec fr cat /sys/class/net/eth0/operstate)" = up ] &&
			[ "$(ip netns exec fs cat /sys/class/net/eth0/operstate)" = up ] && break
		sleep 0.1
	done
	sleep 1
}

# sampler FILE: "usecs entries longest rebuilds slab_kb" lines every
# SAMPLE_SECS until FILE.stop exists
sampler() {
	local f=$1
	: >"$f"
	while [ ! -e "$f.stop" ]; do
		echo "$(now_us) $(cstat entries) $(chain longest) $(chain rebuilds) $(slab_kb)" >>"$f"
		sleep "$SAMPLE_SECS"
	done
}

# est_start / est_stop: the established flow at about 200 datagrams/s
est_start() {
	ip netns exec fs dflood -d $DST -s $EST -c 0 -b 1 -i 5000 >"$OUT/est.out" 2>&1 &
	EST_PID=$!
}

est_stop() {
	kill -INT "$EST_PID" 2>/dev/null
	wait "$EST_PID"
}

echo "scenario,packets,sources,ns_per_pkt,base_ns_per_pkt,cost_ratio,est_lookups,est_hits,est_hit_rate,peak_entries,max_size,gc_thresh,buckets,longest_chain,elasticity,rebuilds,rebuild_first_s,caching,gc_total,gc_ignored,gc_goal_miss,gc_dst_overflow,slab_kb_before,slab_kb_peak,slab_kb_after,slab_kb_flushed,seconds" >"$CSV"
BASE_NS=

# scenario NAME PACKETS SOURCES DFLOOD-ARGS...: one row (baseline: no
# DFLOOD-ARGS, the established flow alone)
scenario() {
	local name=$1 packets=$2 sources=$3 s0 ns t0 t1 peak longest rb rbt
	local g0 gi0 gm0 go0 k0 k1 k2 e0 e1 hits miss rate ratio
	shift 3

	g0=$(cstat gc_total) gi0=$(cstat gc_ignored) gm0=$(cstat gc_goal_miss)
	go0=$(cstat gc_dst_overflow) rb=$(chain rebuilds)
	k0=$(slab_kb)
	rm -f "$OUT/samples.stop"
	sampler "$OUT/samples" &
	local spid=$!
	t0=$(now_us)
	est_start
	sleep 1
	hist_on
	if [ $# = 0 ]; then
		sleep "$EST_SECS"
		hist_pause
		est_stop
		hits=$(hist_count 1) miss=$(hist_count 0)
		# its cost at full speed (the paused trigger still installed)
		ip netns exec fs dflood -d $DST -s $EST -c "$packets" >"$OUT/flood.out" 2>&1 || rc=1
	else
		ip netns exec fs dflood -d $DST "$@" -c "$packets" >"$OUT/flood.out" 2>&1 || rc=1
		hist_pause
		hits=$(hist_count 1) miss=$(hist_count 0)
		est_stop
	fi
	t1=$(now_us)
	touch "$OUT/samples.stop"
	wait $spid
	sleep 2
	k1=$(slab_kb)
	ip netns exec fr sh -c "echo 0 > $R/flush"
	sleep 1
	k2=$(slab_kb)
	sed "s/^/# $name: /" "$OUT/flood.out"
	ns=$(awk '$2 == "sent" { for (i = 1; i < NF; i++) if ($i == "ns_per_packet") print $(i + 1) }' "$OUT/flood.out")
	[ $# = 0 ] && BASE_NS=$ns
	hist_off
	e0=$((hits + miss))
	rate=$(awk -v h="$hits" -v n="$e0" 'BEGIN { if (n) printf "%.4f", h / n }')
	ratio=$(awk -v a="$ns" -v b="$BASE_NS" 'BEGIN { if (a && b) printf "%.2f", a / b }')
	peak=$(awk '$2 > p { p = $2 } END { print p + 0 }' "$OUT/samples")
	longest=$(awk '$3 > p { p = $3 } END { print p + 0 }' "$OUT/samples")
	s0=$(awk '$5 > p { p = $5 } END { print p + 0 }' "$OUT/samples")
	rbt=$(awk -v r="$rb" -v t="$t0" '$4 > r { printf "%.1f", ($1 - t) / 1e6; exit }' "$OUT/samples")
	e1=$(chain rebuilds)
	echo "$name,$packets,$sources,$ns,$BASE_NS,$ratio,$e0,$hits,$rate,$peak,$(cat $R/max_size),$(cat $R/gc_thresh),$(chain buckets),$longest,$(chain elasticity),$((e1 - rb)),$rbt,$(chain caching),$(($(cstat gc_total) - g0)),$(($(cstat gc_ignored) - gi0)),$(($(cstat gc_goal_miss) - gm0)),$(($(cstat gc_dst_overflow) - go0)),$k0,$s0,$k1,$k2,$(((t1 - t0) / 1000000))" >>"$CSV"
}

# fresh: fr's cache flushed.  A flush is a new genid: the hash key of a
# crafted flood is read after it.
fresh() {
	ip netns exec fr sh -c "echo 0 > $R/flush"
	sleep 1
}

# genid ^ seed, the bucket mask and fr's ifindex of eth0: dflood -H
hashkey() {
	local seed=$1 g

	g=$(chain genid)
	echo "$(((g ^ seed) & 0xffffffff)),$(($(chain buckets) - 1)),$(ip netns exec fr cat /sys/class/net/eth0/ifindex)"
}

# The established flow's bucket for a hash key (dflood -z: nothing sent)
est_bucket() {
	ip netns exec fs dflood -d $DST -s $EST -H "$1" -z | awk '$2 == "bucket" { print $3 }'
}

# sources of 10.16.0.0 on, 2^23 of them, in bucket $2 for key $1
collide_args() {
	echo "-S 10.16.0.0 -n 8388608 -H $1 -B $2"
}

bench_bucket_sources() {
	# shellcheck disable=SC2046 # word splitting wanted
	ip netns exec fs dflood -d $DST $(collide_args "$1" "$2") -z |
		awk '$3 == "of" { print $2 }'
}

start=$(now_us)
had_bench=
grep -q '^myrt_bench ' /proc/modules && had_bench=1

reload || exit 1
scenario baseline "$BASE_PACKETS" 1
fresh
scenario random "$SOURCES" "$SOURCES" -S 10.0.0.1 -n "$SOURCES"

reload hash_rnd=$((SEED)) || exit 1
fresh
hk=$(hashkey $((SEED)))
b=$(est_bucket "$hk")
n=$(bench_bucket_sources "$hk" "$b")
echo "# collide: key,mask,iif $hk, the established flow's bucket $b, $n crafted sources"
# shellcheck disable=SC2046 # word splitting wanted
scenario collide "$COLLIDE_PACKETS" "$n" $(collide_args "$hk" "$b")
dmesg | grep -i 'rebuilds is over limit' | sed 's/^/# collide: /'

reload || exit 1
fresh
hk=$(hashkey $((SEED)))
b=$(est_bucket "$hk")
n=$(bench_bucket_sources "$hk" "$b")
echo "# wrong_seed: guessed key,mask,iif $hk, bucket $b, $n crafted sources"
# shellcheck disable=SC2046
scenario wrong_seed "$COLLIDE_PACKETS" "$n" $(collide_args "$hk" "$b")

ip netns del fs
ip netns del fr
if [ -n "$had_bench" ] && [ -f $BENCH_KO ]; then
	insmod $BENCH_KO || rc=1
fi

echo
echo "Route-cache flood ($(uname -r), $((($(now_us) - start) / 1000000)) s)"
column -t -s, "$CSV" 2>/dev/null || cat "$CSV"
awk -F, 'NR == 1 { next }
	{ printf "%s: %d datagrams from %d sources, %s ns each (%sx the established flow alone); established flow: %d of %d lookups hit (%s); entries peak %d (max_size %d), longest chain %d (elasticity %d), gc runs %d, overflows %d, rebuilds %d%s; Slab %d -> %d -> %d kB, %d after a flush\n",
	  $1, $2, $3, $4, $6, $8, $7, $9, $10, $11, $14, $15, $19, $22, $16,
	  $17 != "" ? " (first after " $17 " s)" : "", $23, $24, $25, $26 }' "$CSV"
exit $rc
