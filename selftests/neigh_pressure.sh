#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# myrt must not fill the host's neighbour table (issue 18, item 1).  The
# kernel's ARP table (arp_tbl) is one for every namespace, capped at
# net.ipv4.neigh.default.gc_thresh3 (1024) entries; when it is full, a new
# neighbour is made only if the forced garbage collection can free an
# unreferenced one.  The classic cache held a reference on the neighbour of
# every output and forwarded entry, so that more than 1024 cached on-link
# destinations in any namespace left the kernel unable to resolve anything
# ("neighbor table overflow!") until the cache let go.  myrt binds no
# neighbour: the send path looks it up per packet (ip_finish_output2).
#
#	a 10.2.0.1/16 eth0 -- b (silent: no address, answers no ARP)
#	a 10.4.0.1/24 eth1 -- s 10.4.0.2/24 (sends through a, which forwards)
#	k1 10.9.0.1/24 -- k2 10.9.0.2/24 (the kernel's own ping)
#
# In a: 1100 `myip route get`s, 1100 DUMMY sends, and 1100 datagrams from s
# forwarded by a, each to a different on-link address of eth0; after each,
# the kernel's ping from k1 to k2 (both neighbour tables flushed first, so
# that it must resolve a new neighbour) still works.  Not at once after the
# sends: a neighbour being resolved is referenced by its timer, so for the
# kernel as for myrt the table is full until the 1100 resolutions failed
# (3 probes, 100 ms apart here); the test waits up to 30 s for it, where
# the classic binding kept it full for the cache entries' lifetime.
. "$(dirname "$0")/lib/lib.sh"

require_cmd myip dnc ip ping sysctl

ktap_print_header
ktap_set_plan 5

N=1100
A=npA$$
B=npB$$
S=npS$$
K1=npK1$$
K2=npK2$$
for n in "$A" "$B" "$S" "$K1" "$K2"; do ns_create "$n"; done
ip link add eth0 netns "$A" type veth peer name eth0 netns "$B"
ip link add eth1 netns "$A" type veth peer name eth0 netns "$S"
ip link add eth0 netns "$K1" type veth peer name eth0 netns "$K2"
ip -n "$A" addr add 10.2.0.1/16 dev eth0
ip -n "$A" addr add 10.4.0.1/24 dev eth1
ip -n "$S" addr add 10.4.0.2/24 dev eth0
ip -n "$K1" addr add 10.9.0.1/24 dev eth0
ip -n "$K2" addr add 10.9.0.2/24 dev eth0
for n in "$A" "$B" "$S" "$K1" "$K2"; do
	ip -n "$n" link set mylo up
	for d in eth0 eth1; do
		ip -n "$n" link set "$d" up 2>/dev/null
	done
done
ip -n "$S" route add 10.2.0.0/16 via 10.4.0.1
ip netns exec "$A" sysctl -qw net.ipv4.conf.all.forwarding=1
# unanswered resolutions fail fast (3 probes, 100 ms apart)
ip netns exec "$A" sysctl -qw net.ipv4.neigh.eth0.retrans_time_ms=100
link_settle "$A" eth0 eth1
link_settle "$B" eth0
link_settle "$S" eth0
link_settle "$K1" eth0
link_settle "$K2" eth0

# the kernel's neighbour entries, every namespace's (one arp_tbl)
arp_entries() {
	local e
	e=$(awk 'NR == 2 { print $1 }' /proc/net/stat/arp_cache)
	echo $((16#$e))
}
echo "# gc_thresh3 $(sysctl -n net.ipv4.neigh.default.gc_thresh3), arp_cache entries at start: $(arp_entries)"

# kernel_ping_ok: the kernel resolves a new neighbour and pings, in k1/k2;
# retried (both tables flushed each time) for up to 30 s.
kernel_ping_ok() {
	local i
	for i in $(seq 30); do
		ip -n "$K1" neigh flush all
		ip -n "$K2" neigh flush all
		if ip netns exec "$K1" ping -c 1 -W 1 10.9.0.2 >/dev/null 2>&1; then
			[ "$i" -gt 1 ] && echo "# kernel ping: ok at try $i"
			return 0
		fi
	done
	echo "# kernel ping: still failing; arp_cache entries $(arp_entries)"
	return 1
}

# 1. route gets (10.2.4.0 and on): no neighbour made, every one answered
awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++)
	printf "route get 10.2.%d.%d\n", 4 + int(i / 256), i % 256 }' >/tmp/np.gets.$$
e0=$(arp_entries)
ip netns exec "$A" myip -force -batch /tmp/np.gets.$$ >/tmp/np.out.$$ 2>/tmp/np.err.$$
ok=$(grep -c '^10\.2\.' /tmp/np.out.$$)
e1=$(arp_entries)
echo "# $N route gets: $ok answered, arp_cache entries $e0 -> $e1, cached $(cache_entries "$A" | wc -l)"
grep -v '^Command failed' /tmp/np.err.$$ | sort | uniq -c | head -3 | sed 's/^/# myip: /'
rm -f /tmp/np.gets.$$ /tmp/np.out.$$ /tmp/np.err.$$
ktap_test_result "$N route gets to on-link addresses: all answered, no neighbour made" \
	[ "$ok" -eq "$N" -a $((e1 - e0)) -lt 16 ]
ktap_test_result "after the route gets, the kernel still resolves a new neighbour" kernel_ping_ok

# 2. sends from a DUMMY socket in a (10.2.16.0 and on)
e0=$(arp_entries)
ip netns exec "$A" dnc -A -c "$N" -n 8 10.2.16.0 9 2>/dev/null
echo "# $N sends: arp_cache entries $e0 -> $(arp_entries), cached $(cache_entries "$A" | wc -l)"
ktap_test_result "after $N DUMMY sends to on-link addresses, the kernel still resolves" kernel_ping_ok

# 3. datagrams from s (myrt there too) forwarded by a (10.2.32.0 and on)
ip netns exec "$S" myip route add 10.2.0.0/16 via 10.4.0.1
e0=$(arp_entries)
ip netns exec "$S" dnc -A -c "$N" -n 8 10.2.32.0 9 2>/dev/null
fw=$(ip_stat "$A" ForwDatagrams)
echo "# $N forwarded: arp_cache entries $e0 -> $(arp_entries), ForwDatagrams $fw, cached $(cache_entries "$A" | wc -l)"
ktap_test_result "a forwarded the datagrams (ForwDatagrams $fw)" [ "$fw" -ge $((N / 2)) ]
ktap_test_result "after $N forwarded datagrams to on-link addresses, the kernel still resolves" kernel_ping_ok

ktap_finished
