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
# (like lo, mylo gets 127.0.0.1/8 from the kernel when it comes up)
ip link set mylo up
ip addr add 127.10.0.1/8 dev mylo
ip addr show dev mylo

step "mylo's counters (packets looped through it)"
ip -s link show dev mylo

if [ -r /proc/net/myrt_cache ]; then
	step "the route cache: /proc/net/myrt_cache"
	cat /proc/net/myrt_cache
fi
