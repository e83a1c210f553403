#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `myip monitor` shows route, rule and cache flush notifications of its
# netns (and only of its netns); `myip -json` prints parseable JSON.
. "$(dirname "$0")/lib/lib.sh"

ktap_print_header
ktap_set_plan 6

ns_create mon
ns_create other
ip -n mon link add d0 type dummy
ip -n mon link set d0 up
ip -n mon addr add 10.6.0.1/24 dev d0
ip -n other link add d0 type dummy
ip -n other link set d0 up
ip -n other addr add 10.6.0.1/24 dev d0

OUT=$(mktemp)
myip -n mon monitor >"$OUT" 2>&1 &
MON=$!
trap 'kill $MON 2>/dev/null; rm -f "$OUT"; ns_cleanup' EXIT
# marker N: add and delete route 10.25N.0.0/16 until the monitor has shown
# it (10 s at most): before the events, the monitor is listening; after
# them, it has printed everything before the marker
marker() {
	local r=10.25$1.0.0/16
	for _ in $(seq 20); do
		myip -n mon route add $r dev d0
		myip -n mon route del $r dev d0
		for _ in $(seq 5); do
			grep -q "^Deleted $r " "$OUT" && return 0
			sleep 0.1
		done
	done
	ktap_print_msg "the monitor did not show $r"
}
marker 0
myip -n mon route add 10.7.0.0/16 via 10.6.0.2 metric 3
myip -n other route add 10.8.0.0/16 via 10.6.0.2
myip -n mon rule add from 10.6.0.0/24 table 12 pref 77
myip -n mon route del 10.7.0.0/16
myip -n mon rule del pref 77
myip -n mon route flush cache
ip -n mon addr add 10.9.0.1/24 dev d0
marker 1
kill $MON
wait $MON 2>/dev/null
sed 's/^/# /' "$OUT"

seen() { grep -q "$1" "$OUT"; }
ktap_test_result "route add notified" seen '^10.7.0.0/16 via 10.6.0.2 dev d0 metric 3'
ktap_test_result "route delete notified" seen '^Deleted 10.7.0.0/16 via 10.6.0.2 dev d0 metric 3'
rules_seen() {
	grep -q "^77:.from 10.6.0.0/24 lookup 12" "$OUT" &&
		grep -q "^Deleted 77:" "$OUT"
}
ktap_test_result "rule add and delete notified" rules_seen
ktap_test_result "cache flush notified" seen '^Flushed route cache'
ktap_test_result "automatic routes of a new address notified" \
	seen '^10.9.0.0/24 dev d0 table main proto kernel scope link src 10.9.0.1\|^10.9.0.0/24 dev d0 proto kernel scope link src 10.9.0.1'
not_other() { ! grep -q '10.8.0.0' "$OUT"; }
ktap_test_result "other netns not seen" not_other
ktap_finished
