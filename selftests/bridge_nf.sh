#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bridged DUMMY frames are left alone when br_netfilter is loaded (issue
# 18, item 2).  br_netfilter shows the frames a bridge switches to the
# IPv4 PRE_ROUTING hooks (bridge-nf-call-iptables); myrt's hook must not
# route them: the bridge forwards them unchanged.
#
#	h1 10.1.1.2 --+-- sw: bridge "lan" 10.1.1.1 (myrt loaded, forwarding
#	h2 10.1.1.3 --+       on or off)
#
# The guest ships br_netfilter without loading it (GUEST_MODULES_OPTIONAL):
# this test loads it and unloads it at the end; skipped where it is missing
# (the debug kernel has no modules and no CONFIG_BRIDGE_NETFILTER).
. "$(dirname "$0")/lib/lib.sh"

require_cmd dnc icmpwatch ip sysctl

BRNF_KO=/lib/myrt/kmod/br_netfilter.ko
BRNF_LOADED=0
if ! grep -q '^br_netfilter ' /proc/modules; then
	if [ ! -f "$BRNF_KO" ]; then
		ktap_skip_all "br_netfilter not available in this guest (no $BRNF_KO)"
		exit "$KSFT_SKIP"
	fi
	insmod "$BRNF_KO" || ktap_exit_fail_msg "insmod br_netfilter failed"
	BRNF_LOADED=1
fi
brnf_cleanup() {
	ns_cleanup
	[ "$BRNF_LOADED" = 1 ] || return 0
	# the namespaces' bridges must be gone before the module can go
	for _ in $(seq 50); do
		rmmod br_netfilter 2>/dev/null && return 0
		sleep 0.2
	done
	echo "# cannot unload br_netfilter"
}
trap brnf_cleanup EXIT

ktap_print_header
ktap_set_plan 5

PROTO=$(cat /sys/module/myrt/parameters/proto 2>/dev/null || echo 253)
SW=bnSW$$
H1=bnH1$$
H2=bnH2$$
for n in "$SW" "$H1" "$H2"; do ns_create "$n"; done
err=$(lan_create "$SW" 2>&1) ||
	ktap_exit_fail_msg "cannot create the bridge (lan_create): $err"
lan_attach "$SW" "$H1" eth0 || ktap_exit_fail_msg "cannot attach $H1 (lan_attach)"
lan_attach "$SW" "$H2" eth0 || ktap_exit_fail_msg "cannot attach $H2 (lan_attach)"
ip -n "$SW" addr add 10.1.1.1/24 dev lan
ip -n "$H1" addr add 10.1.1.2/24 dev eth0
ip -n "$H2" addr add 10.1.1.3/24 dev eth0
for n in "$SW" "$H1" "$H2"; do
	ip -n "$n" link set mylo up
	ip -n "$n" link set eth0 up 2>/dev/null
	ip netns exec "$n" sysctl -qw net.ipv4.icmp_ratelimit=0
done
ip netns exec "$SW" sysctl -qw net.bridge.bridge-nf-call-iptables=1 ||
	ktap_exit_fail_msg "no net.bridge.bridge-nf-call-iptables in $SW"
link_settle "$H1" eth0
link_settle "$H2" eth0
link_settle "$SW" lan

# h1 -> h2 through the bridge; the listener in h2 must get it
send_through() {
	local out=/tmp/bn.rx.$$
	dnc_listen "$H2" 7 1 "$out" -w 5000 || return 1
	ip netns exec "$H1" dnc 10.1.1.3 7 <<<"$1" >/dev/null 2>&1
	wait "$DNC_PID"
	local rc=$?
	grep -q "^10.1.1.2:" "$out" || rc=1
	rm -f "$out"
	return $rc
}

# 1. forwarding off in sw: myrt used to drop the bridged frame
ip netns exec "$SW" sysctl -qw net.ipv4.conf.all.forwarding=0
ktap_test_result "forwarding off: h1's DUMMY datagram crosses the bridge to h2" \
	send_through one

# 2-4. forwarding on: it used to be routed back out of the bridge with TTL-1
# and an ICMP redirect to h1
ip netns exec "$SW" sysctl -qw net.ipv4.conf.all.forwarding=1
icmp_watch "$H2" /tmp/bn.ttl.$$ -p "$PROTO" -t 30 -c 1 ||
	ktap_exit_fail_msg "icmpwatch -p did not start in $H2"
TTLW=$ICMPW_PID
icmp_watch "$H1" /tmp/bn.icmp.$$ -t 30 || ktap_exit_fail_msg "icmpwatch did not start in $H1"
send_through two
ktap_test_result "forwarding on: the datagram crosses the bridge to h2" [ $? -eq 0 ]
wait "$TTLW"
echo "# h2 got: $(cat /tmp/bn.ttl.$$)"
ktap_test_result "it arrives unchanged (TTL 64, one copy)" \
	[ "$(grep -c 'ttl 64 csum ok' /tmp/bn.ttl.$$)" -eq 1 ]
icmp_watch_end
echo "# ICMP at h1: $(wc -l </tmp/bn.icmp.$$) message(s)"
ktap_test_result "no ICMP (redirect) sent to h1" [ ! -s /tmp/bn.icmp.$$ ]
rm -f /tmp/bn.ttl.$$ /tmp/bn.icmp.$$

# 5. sw's myrt routed nothing: no input entry for h1's flow in its cache
n=$(cache_entries "$SW" | grep -c '10\.1\.1\.3')
ktap_test_result "sw's route cache holds no entry of the bridged flow ($n)" [ "$n" -eq 0 ]

ktap_finished
