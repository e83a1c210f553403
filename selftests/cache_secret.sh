#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The route cache's hash secret (issue 18, item 4).  The bucket of an entry
# is jhash(daddr, saddr, iif/oif, genid ^ seed): a few (key, bucket) pairs
# and the genid give the seed away to an offline search, and with it the
# power to flood one bucket.  So:
#   - an unprivileged user (nobody) gets neither the bucket nor the genid:
#     not in `myip -d route get` / `route show cache -d` (MYRT_RT_A_HASH,
#     MYRT_RT_A_GENID), not in the explain text, not in
#     /proc/net/stat/myrt_cache_chains;
#   - root in a user namespace of its own sees the genid of its own netns
#     (CAP_NET_ADMIN there) but not the hash key (the seed is global);
#   - root sees them all, and the hash_key line is the real jhash key;
#   - the secret rebuild (secret_interval) renews the seed;
#   - with the hash_rnd experiment parameter the seed stays the one given
#     and the genid is shown to everyone (the seed is public then).
. "$(dirname "$0")/lib/lib.sh"

require_cmd myip ip su dflood

ktap_print_header
ktap_set_plan 6

N=secret$$
ns_create "$N" || ktap_exit_fail_msg "netns setup"
ip -n "$N" link set mylo up
R=/proc/sys/net/myrt/route
C=/proc/net/stat/myrt_cache_chains
MYIP=$(command -v myip)
D=127.0.0.1

inN() { ip netns exec "$N" "$@"; }
# asnobody CMD: CMD (a shell line) in N as the unprivileged user nobody
asnobody() { inN su -s /bin/sh nobody -c "$*"; }
# chain NAME: a line of N's myrt_cache_chains, as root
chain() { inN awk -v k="$1" '$1 == k { print $2 }' $C; }
# secret: "HASH_KEY GENID" from one read of the file
secret() { inN awk '$1 == "hash_key" { k = $2 } $1 == "genid" { g = $2 } END { print k, g }' $C; }
# bucket_of KEY: where D's output entry (saddr 0, oif 0) hashes under KEY
bucket_of() {
	inN dflood -d $D -S 0.0.0.0 -n 1 -H "$1,$(($(chain buckets) - 1)),0" -z |
		awk '$2 == "bucket" { print $3 }'
}
# the bucket in root's route get reply
reply_bucket() {
	inN myip -d route get $D | awk '$1 == "hash" { print $2; exit }'
}
# flush0: free N's entries (the next lookup inserts, explain says where)
flush0() { inN sh -c "echo 0 > $R/flush"; }
result() {
	if [ "$2" = 0 ]; then
		ktap_test_pass "$1"
	else
		ktap_test_fail "$1"
	fi
}

# 1. root: everything, and hash_key is the key the table hashes with
inN myip route get $D >/dev/null
out=$(inN myip -d route get $D)
key=$(chain hash_key) g=$(chain genid)
rb=$(reply_bucket) cb=$(bucket_of "$key")
ok=0
echo "$out" | grep -q '^    hash [0-9]* genid [0-9]* ' || ok=1
[ -n "$key" ] && [ -n "$g" ] && [ -n "$rb" ] && [ "$rb" = "$cb" ] || ok=1
flush0
inN myip route get $D explain | grep -q 'inserted in bucket' || ok=1
[ $ok = 0 ] || ktap_print_msg "root: genid '$g' hash_key '$key', reply bucket '$rb', computed '$cb'; $out"
result "root sees bucket, genid and hash key; the key gives the entry's bucket" $ok

# 2. nobody: none of them
ok=0
for c in "$MYIP -d route get $D" "$MYIP -d route show cache" \
	 "$MYIP route get $D explain" "cat $C"; do
	case $c in *explain*) flush0 ;; esac
	o=$(asnobody "$c" 2>&1)
	case $o in
	*hash*|*genid*|*"in bucket"*)
		ktap_print_msg "nobody: $c: $o"
		ok=1 ;;
	esac
	[ -n "$o" ] || { ktap_print_msg "nobody: $c: no output"; ok=1; }
done
asnobody "cat $C" | grep -q '^buckets ' || ok=1
result "an unprivileged user sees no bucket, genid or hash key" $ok

# 3. root of a user namespace that owns its netns: the genid, no hash key
if unshare -Urn true 2>/dev/null; then
	o=$(unshare -Urn sh -c "ip link set lo up; ip link set mylo up; $MYIP route get $D >/dev/null;
		$MYIP -d route get $D; cat $C")
	ok=0
	echo "$o" | grep -q '^genid [0-9]' || ok=1
	echo "$o" | grep -q '^    hash [0-9]* genid ' || ok=1
	echo "$o" | grep -q '^hash_key' && ok=1
	# ...and in the namespace it came from (owned by the initial user ns)
	o=$(inN unshare -Ur sh -c "$MYIP -d route get $D; cat $C")
	case $o in *hash*|*genid*) ok=1 ;; esac
	[ $ok = 0 ] || ktap_print_msg "$o"
	result "container root: its own netns's genid and buckets, no hash key; none of another netns" $ok
else
	ktap_test_skip "container root: no user namespaces in this kernel"
fi

# 4. the secret rebuild renews the seed; the entries follow the new key
echo 1 >$R/secret_interval
read -r k1 g1 <<<"$(secret)"
for i in $(seq 300); do
	[ "$(chain genid)" != "$g1" ] && break
	sleep 0.1
done
read -r k2 g2 <<<"$(secret)"
echo 600 >$R/secret_interval
inN myip route get $D >/dev/null
k3=$(chain hash_key)
rb=$(reply_bucket) cb=$(bucket_of "$k3")
ok=0
[ "$g1" != "$g2" ] || ok=1
[ $(((k1 ^ g1) & 0xffffffff)) != $(((k2 ^ g2) & 0xffffffff)) ] || ok=1
[ -n "$rb" ] && [ "$rb" = "$cb" ] || ok=1
ktap_print_msg "genid $g1 -> $g2, seed $(((k1 ^ g1) & 0xffffffff)) -> $(((k2 ^ g2) & 0xffffffff)); bucket $rb (computed $cb)"
result "secret rebuild: new genid and new seed, new entries in the new key's bucket" $ok

# 5. hash_rnd: a fixed seed stays fixed and is public
SEED=0x5eed1234
ns_cleanup
myrt_unload && insmod "$MYRT_KO" hash_rnd=$((SEED)) ||
	ktap_exit_fail_msg "reload myrt with hash_rnd"
ns_create "$N" || ktap_exit_fail_msg "netns setup"
ip -n "$N" link set mylo up
read -r k1 g1 <<<"$(secret)"
echo 1 >$R/secret_interval
for i in $(seq 300); do
	[ "$(chain genid)" != "$g1" ] && break
	sleep 0.1
done
# no more rebuilds from here: the genid nobody reads is this one
echo 600 >$R/secret_interval
read -r k2 g2 <<<"$(secret)"
ok=0
[ "$g1" != "$g2" ] || ok=1
[ $(((k1 ^ g1) & 0xffffffff)) = $((SEED)) ] || ok=1
[ $(((k2 ^ g2) & 0xffffffff)) = $((SEED)) ] || ok=1
asnobody "cat $C" | grep -q "^genid $g2\$" || ok=1
inN myip route get $D >/dev/null
asnobody "$MYIP -d route get $D" | grep -q '^    hash [0-9]* genid ' || ok=1
ktap_print_msg "hash_rnd=$SEED: genid $g1 -> $g2, seed $(((k1 ^ g1) & 0xffffffff)) -> $(((k2 ^ g2) & 0xffffffff))"
result "hash_rnd: the seed stays fixed across the secret rebuild and is shown to all" $ok

# 6. back to a random seed
ns_cleanup
ok=0
myrt_unload && insmod "$MYRT_KO" || ok=1
result "reload without hash_rnd" $ok

ktap_finished
