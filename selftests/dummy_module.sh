#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The DUMMY protocol and the module: rmmod is refused while a DUMMY socket
# is open and works once it is closed; the "proto" parameter is validated
# at load (out of range, or a protocol the kernel already handles: a clear
# error) and a valid other number is what socket() then takes.
. "$(dirname "$0")/lib/lib.sh"

require_cmd dnc insmod rmmod

ktap_print_header
ktap_set_plan 6

OUT=$(mktemp)
trap 'rm -f "$OUT"; myrt_load; ip link set mylo up 2>/dev/null' EXIT


# myrt sends local traffic through mylo, which starts down
load() { myrt_load && ip link set mylo up 2>/dev/null; true; }

# 1. an open socket pins the module
load
dnc_listen "" 7777 1 /dev/null -w 20000
pid=$DNC_PID
if ! rmmod myrt 2>"$OUT" && myrt_loaded; then
	ktap_test_pass "rmmod refused while a DUMMY socket is open"
else
	ktap_print_msg "$(cat "$OUT")"
	ktap_test_fail "rmmod refused while a DUMMY socket is open"
fi
kill $pid
wait $pid 2>/dev/null

# try_rmmod: the last socket is freed after an RCU grace period, and the
# module reference with it: retry for a while.
try_rmmod() {
	local i
	for i in $(seq 50); do
		rmmod myrt 2>"$OUT" && return 0
		sleep 0.1
	done
	return 1
}

unload() { ! myrt_loaded || try_rmmod; }

# 2. closed: rmmod works
if try_rmmod && ! myrt_loaded; then
	ktap_test_pass "rmmod works once the socket is closed"
else
	ktap_print_msg "$(cat "$OUT")"
	ktap_test_fail "rmmod works once the socket is closed"
fi
unload

# 3. out of range
log_mark
if ! insmod "$MYRT_KO" proto=300 2>/dev/null && ! myrt_loaded &&
   log_since_mark | grep -q 'proto=300.*1..254'; then
	ktap_test_pass "proto=300 refused with a clear message"
else
	log_since_mark | sed 's/^/# /'
	ktap_test_fail "proto=300 refused with a clear message"
fi
unload

# 4. a protocol the kernel has (UDP)
log_mark
if ! insmod "$MYRT_KO" proto=17 2>/dev/null && ! myrt_loaded &&
   log_since_mark | grep -q 'proto=17.*already handled'; then
	ktap_test_pass "proto=17 (UDP) refused with a clear message"
else
	log_since_mark | sed 's/^/# /'
	ktap_test_fail "proto=17 (UDP) refused with a clear message"
fi
unload

# 5. another number works end to end (dnc reads it from sysfs)
if insmod "$MYRT_KO" proto=254 &&
   [ "$(cat /sys/module/myrt/parameters/proto)" = 254 ]; then
	ip link set mylo up 2>/dev/null
	dnc_listen "" 7777 1 "$OUT" -w 5000
	pid=$DNC_PID
	echo hi | dnc 127.0.0.1 7777
	wait $pid
	if grep -q '^127.0.0.1:[0-9]* 3$' "$OUT"; then
		ktap_test_pass "proto=254: datagram delivered"
	else
		ktap_print_msg "$(cat "$OUT")"
		ktap_test_fail "proto=254: datagram delivered"
	fi
else
	ktap_test_fail "proto=254: datagram delivered"
fi
unload
load

# 6. rmmod while DUMMY packets keep arriving (no sockets): it works and
# nothing complains (the runner checks the kernel log)
if command -v dinject >/dev/null; then
	ns_create dmodA && ns_create dmodB &&
	ip link add eth0 netns dmodA type veth peer name eth0 netns dmodB &&
	ip -n dmodA addr add 172.16.48.2/24 dev eth0 &&
	ip -n dmodB addr add 172.16.48.1/24 dev eth0 &&
	ip -n dmodA link set eth0 up && ip -n dmodB link set eth0 up
	ip netns exec dmodA dinject -d 172.16.48.1 -c 100000 -l 64 \
		>/dev/null 2>&1 &
	pid=$!
	sleep 1
	if try_rmmod && ! myrt_loaded; then
		ktap_test_pass "rmmod under incoming DUMMY traffic"
	else
		ktap_print_msg "$(cat "$OUT")"
		ktap_test_fail "rmmod under incoming DUMMY traffic"
	fi
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	ns_cleanup
	load
else
	ktap_test_skip "rmmod under incoming DUMMY traffic (no dinject)"
fi

ktap_finished
