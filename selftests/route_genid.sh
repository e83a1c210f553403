#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A route change racing with the slow path must not leave a stale entry
# that looks current (issue 18, items 3 and 8).  The genid an entry gets is
# read before its FIB lookup: an entry made from a route deleted meanwhile
# is stale at once (the classic stamped it at insertion, with the genid the
# deletion had just set, so the deleted route stayed in use).
#
# The race is made certain with myrt's test-only race_delay_ms parameter:
# a process-context output slow path logs "race_delay" after its FIB
# lookup and waits.  During that wait the route is deleted; afterwards
# `myip route get` must say the network is unreachable, not return the
# deleted route from the cache.
. "$(dirname "$0")/lib/lib.sh"

require_cmd dnc myip ip

P=/sys/module/myrt/parameters/race_delay_ms
[ -w "$P" ] || { ktap_skip_all "no $P"; exit "$KSFT_SKIP"; }

ktap_print_header
ktap_set_plan 4

S=rgS$$
H=rgH$$
sh_pair "$S" "$H" || ktap_exit_fail_msg "cannot make the netns pair"
trap 'echo 0 >$P; ns_cleanup' EXIT

# wait_log PATTERN: until the kernel log's last lines have it (10 s); not
# the whole log since the mark: on the debug kernel reading a long log
# takes a good part of the window
wait_log() {
	for _ in $(seq 200); do
		dmesg | tail -n 20 | grep -q "$1" && return 0
		sleep 0.05
	done
	return 1
}

ip netns exec "$H" myip route add 10.5.0.0/16 via 10.1.0.1
ip netns exec "$H" myip route get 10.5.0.1 2>&1 | grep -q "via 10.1.0.1"
ktap_test_result "before: 10.5.0.1 via 10.1.0.1" [ $? -eq 0 ]
ip netns exec "$H" myip route flush cache

# a send in h: its lookup (no source yet: the entry keyed with source 0,
# what `route get 10.5.0.1` finds) waits 2 s after its FIB lookup (5 s,
# the most race_delay_ms allows, on the debug kernel: its myip is slow)
DELAY=2000
[ -z "${MYRT_DEBUG_KERNEL:-}" ] || DELAY=5000
echo $DELAY >$P
ip netns exec "$H" dnc -c 1 -w 0 10.5.0.1 9 >/dev/null 2>&1 &
SENDER=$!
if ! wait_log "race_delay: FIB lookup done"; then
	echo 0 >$P
	ktap_exit_fail_msg "the send's lookup never reached the delay"
fi
echo 0 >$P
# myip -n (setns), not `ip netns exec`, whose mount namespace work can wait
# for an RCU grace period, that is for the waiting lookup to end
myip -n "$H" route del 10.5.0.0/16
overlap=0
kill -0 "$SENDER" 2>/dev/null && overlap=1
wait "$SENDER"
# The deletion must fall inside the wait for the race to be shown; on a
# slow host it can miss the window, then the next checks show nothing
# and this one says so (skip, not pass)
if [ "$overlap" -eq 1 ]; then
	ktap_test_pass "the route was deleted while the lookup waited"
else
	ktap_test_skip "the deletion missed the lookup's $DELAY ms wait (slow host): the race was not shown"
fi

out=$(ip netns exec "$H" myip route get 10.5.0.1 2>&1)
echo "# after: $out"
ip netns exec "$H" myip route show cache | sed 's/^/# cache: /'
stale=0
echo "$out" | grep -q 'via 10.1.0.1' && stale=1
ktap_test_result "after: 10.5.0.1 is unreachable, not via the deleted route" [ "$stale" -eq 0 ]
n=$(cache_entries "$H" | grep -c '10\.5\.0\.1')
ktap_test_result "no current cache entry for 10.5.0.1 ($n)" [ "$n" -eq 0 ]

ktap_finished
