#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Who may change myrt's routes, rules and cache (issue 18, item 11): as
# with rtnetlink, CAP_NET_ADMIN in the user namespace that owns the
# network namespace (GENL_UNS_ADMIN_PERM).  The root of a container (a
# user namespace of its own, unshare -Ur) manages the routes of its own
# netns (unshare -Urn) and cannot touch those of a netns the initial user
# namespace owns: the initial one, or one root made (ip netns add).  An
# unprivileged user changes nothing anywhere; reading needs no privilege.
. "$(dirname "$0")/lib/lib.sh"

require_cmd myip ip su unshare

ktap_print_header
if ! unshare -Urn true 2>/dev/null; then
	ktap_skip_all "no user namespaces in this kernel (CONFIG_USER_NS)"
	exit "$KSFT_SKIP"
fi
ktap_set_plan 4

N=userns$$
ns_create "$N" || ktap_exit_fail_msg "netns setup"
MYIP=$(command -v myip)
F=/proc/sys/net/myrt/route/flush

result() {
	if [ "$2" = 0 ]; then
		ktap_test_pass "$1"
	else
		ktap_test_fail "$1"
	fi
}
show() { while read -r l; do ktap_print_msg "$l"; done; }

# 1. the container's root in its own netns: add, show, look up, delete
# routes and rules, flush the cache (netlink and its flush sysctl)
out=$(unshare -Urn sh -c "
	ip link set lo up
	ip link set mylo up
	$MYIP route add 10.9.0.0/16 dev mylo || echo FAIL route add
	$MYIP route show | grep -q '^10.9.0.0/16 dev mylo' || echo FAIL route show
	$MYIP route get 10.9.1.1 >/dev/null || echo FAIL route get
	$MYIP rule add from 10.8.0.0/16 table 100 pref 100 || echo FAIL rule add
	$MYIP rule del from 10.8.0.0/16 table 100 pref 100 || echo FAIL rule del
	$MYIP route del 10.9.0.0/16 || echo FAIL route del
	$MYIP route flush cache || echo FAIL flush cache
	echo 0 > $F || echo FAIL flush sysctl
	echo done" 2>&1)
ok=0
case $out in *FAIL*|'') ok=1 ;; esac
echo "$out" | grep -q '^done$' || ok=1
[ $ok = 0 ] || show <<<"$out"
result "container root manages routes, rules and cache of its own netns" $ok

# 2. ... and not those of the initial netns it came from
ip netns exec "$N" true
out=$(unshare -Ur sh -c "
	$MYIP route add 10.9.0.0/16 dev mylo && echo FAIL route add
	$MYIP route flush cache && echo FAIL flush cache
	$MYIP rule add from 10.8.0.0/16 table 100 pref 100 && echo FAIL rule add
	$MYIP route get 127.0.0.1 >/dev/null || echo FAIL route get
	echo done" 2>&1)
ok=0
case $out in *FAIL*) ok=1 ;; esac
echo "$out" | grep -q '^done$' || ok=1
echo "$out" | grep -qi 'not permitted' || ok=1
myip route show | grep -q '^10.9.0.0/16' && ok=1
myip rule show | grep -q '10.8.0.0/16' && ok=1
[ $ok = 0 ] || show <<<"$out"
result "container root cannot change the initial netns's routes, rules or cache (EPERM); it can read them" $ok

# 3. ... nor those of another netns the initial user namespace owns
ip netns exec "$N" myip route add 10.7.0.0/16 dev mylo ||
	ktap_print_msg "root could not add a route in $N"
out=$(ip netns exec "$N" unshare -Ur sh -c "
	$MYIP route del 10.7.0.0/16 && echo FAIL route del
	$MYIP route add 10.6.0.0/16 dev mylo && echo FAIL route add
	echo done" 2>&1)
ok=0
case $out in *FAIL*) ok=1 ;; esac
echo "$out" | grep -q '^done$' || ok=1
ip netns exec "$N" myip route show | grep -q '^10.7.0.0/16' || ok=1
ip netns exec "$N" myip route show | grep -q '^10.6.0.0/16' && ok=1
[ $ok = 0 ] || show <<<"$out"
result "container root cannot change another netns's routes" $ok

# 4. an unprivileged user: nothing, anywhere; reading works
out=$(ip netns exec "$N" su -s /bin/sh nobody -c "
	$MYIP route del 10.7.0.0/16 && echo FAIL route del
	$MYIP route flush cache && echo FAIL flush cache
	$MYIP route show | grep -q '^10.7.0.0/16' || echo FAIL route show
	echo done" 2>&1)
ok=0
case $out in *FAIL*) ok=1 ;; esac
echo "$out" | grep -q '^done$' || ok=1
ip netns exec "$N" myip route show | grep -q '^10.7.0.0/16' || ok=1
[ $ok = 0 ] || show <<<"$out"
result "an unprivileged user reads routes and changes none" $ok

ktap_finished
