#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The myrt demo, run inside the test VM by `make demo`
# (scripts/vm-run.sh scripts/demo-guest.sh): the two experiments of the
# seeds, with the route cache printed as the seeds show it.
#   1. seed 002: DUMMY datagrams to mylo's 127.10.0.1
#   2. seed 003: two hosts on one link ping each other; host2's cache
#      holds three entries, not two.
# Pictures of the structures (myip -dot) go to the console between marker
# lines; scripts/demo.sh (make demo) renders them into demo-output/.
set -e

step() { printf '\n=== %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

# The seed 002 view of one entry ("the dst_entry: ..."), from myip -d.
seed_dump() {
	ip netns exec "$1" myip -d route show cache | awk '
	/^    key:/ { key = $0 }
	/^    dst:/ {
		for (i = 2; i < NF; i += 2) d[$i] = $(i + 1)
	}
	/^    rtable:/ {
		for (i = 2; i < NF; i += 2) r[$i] = $(i + 1)
		sub(/^    /, "", key)
		printf "the dst_entry (%s):\n", key
		printf "    the dev name: %s\n    the error: %s\n", d["dev"], d["error"]
		printf "    the obsolete: %s\n    the flag: %s\n", d["obsolete"], d["flags"]
		printf "    expires: %s\n    header len: %s\n", d["expires"], d["header_len"]
		printf "rt_flag: %s\nrt_type: %s\n", r["rt_flags"], r["rt_type"]
		printf "rt_dst: %s\nrt_src: %s\nrt_iif: %s\n", r["rt_dst"], r["rt_src"], r["rt_iif"]
		printf "rt_gateway: %s\nrt_spec_dst: %s\n\n", r["rt_gateway"], r["rt_spec_dst"]
	}'
}

# picture NAME NETNS ARGS...: myip -dot ARGS in NETNS, for scripts/demo.sh
picture() {
	local name=$1 ns=$2
	shift 2
	printf '(picture %s: myip -dot %s)\n' "$name" "$*"
	echo "MYRT_DOT_BEGIN $name"
	ip netns exec "$ns" myip -dot "$@"
	echo "MYRT_DOT_END $name"
}

settle() {
	local i
	for i in $(seq 50); do
		[ "$(ip netns exec "$1" cat /sys/class/net/eth0/operstate)" = up ] && break
		sleep 0.1
	done
	sleep 0.3
}

step "kernel $(uname -r); myrt is loaded"
grep '^myrt ' /proc/modules

step "Experiment 1 (seed 002): mylo, myrt's loopback device, in a fresh netns"
ip netns add demo1
run ip -n demo1 link set mylo up
run ip -n demo1 addr add 127.10.0.1/8 dev mylo
ip -n demo1 addr show dev mylo
ip netns exec demo1 dnc -l -v -c 3 -w 5000 7000 &
sleep 0.3
run ip netns exec demo1 dnc -u -c 3 -n 16 127.10.0.1 7000
wait
step "the route cache: /proc/net/myrt_cache"
ip netns exec demo1 cat /proc/net/myrt_cache
step "the entry as seed 002 dumps it (mylo's ifindex is $(ip netns exec demo1 cat /sys/class/net/mylo/ifindex))"
seed_dump demo1
run ip netns exec demo1 myip route show cache
step "pictures: the cache with its mylo entry, the LOCAL table"
picture exp1-cache demo1 route show cache
picture exp1-local demo1 route show table local
ip netns del demo1

step "Experiment 2 (seed 003): host1 192.168.1.1 and host2 192.168.1.2 on one link"
ip netns add host1
ip netns add host2
ip link add eth0 netns host1 type veth peer name eth0 netns host2
ip -n host1 addr add 192.168.1.1/24 dev eth0
ip -n host2 addr add 192.168.1.2/24 dev eth0
for h in host1 host2; do
	ip -n $h link set eth0 up
	ip -n $h link set mylo up
done
settle host1
settle host2
step "1. host1 dpings host2"
run ip netns exec host1 dping -c 1 192.168.1.2
step "2. host2 dpings host1"
run ip netns exec host2 dping -c 1 192.168.1.1
step "host2's route cache: three entries (eth0's ifindex is $(ip netns exec host2 cat /sys/class/net/eth0/ifindex))"
ip netns exec host2 cat /proc/net/myrt_cache
echo
run ip netns exec host2 myip route show cache
echo
seed_dump host2
step "pictures: host2's cache, its tables, an uncached lookup explained"
picture exp2-host2-cache host2 route show cache
picture exp2-host2-tables host2 route show table all
picture exp2-host2-lookup host2 route get 192.168.1.99 explain
step "how host2 routes, step by step: a cached flow, then a new one"
run ip netns exec host2 myip route get 192.168.1.1 from 192.168.1.2 explain || true
run ip netns exec host2 myip route get 192.168.1.77 explain || true
step "the cache statistics: /proc/net/stat/myrt_cache"
cat /proc/net/stat/myrt_cache
step "the pictures: demo-output/*.png and *.svg on the host (make demo)"
ip netns del host1
ip netns del host2
