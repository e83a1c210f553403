#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The myrt demo, run inside the test VM by `make demo`
# (scripts/vm-run.sh scripts/demo-guest.sh).  Edit freely: it is a plain
# script with myrt loaded and the tools on PATH.
set -e

step() { printf '\n=== %s\n' "$*"; }

step "kernel $(uname -r); myrt is loaded"
grep '^myrt ' /proc/modules

step "mylo, myrt's loopback-style device, exists in every netns"
ip -d link show mylo

step "configure mylo: ip link set mylo up; ip addr add 127.10.0.1/8 dev mylo"
ip link set mylo up
ip addr add 127.10.0.1/8 dev mylo
ip addr show dev mylo

step "a packet around mylo: ping an on-link address of it (10.99.0.2)"
ip addr add 10.99.0.1/24 dev mylo
ping -c 2 -W 1 10.99.0.2 >/dev/null 2>&1 || true
printf 'mylo counters: tx_packets=%s rx_packets=%s\n' \
	"$(cat /sys/class/net/mylo/statistics/tx_packets)" \
	"$(cat /sys/class/net/mylo/statistics/rx_packets)"

if [ -r /proc/net/myrt_cache ]; then
	step "the route cache: /proc/net/myrt_cache"
	cat /proc/net/myrt_cache
fi
