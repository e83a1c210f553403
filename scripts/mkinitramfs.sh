#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the test VM's initramfs for KERNEL, uncompressed (the guest boots
# faster without unpacking gzip under TCG), as two concatenated archives:
#  - a base, made once per kernel and cached: busybox (static), bash and
#    iproute2's ip and nftables' nft with their shared libraries, the
#    kernel modules of GUEST_MODULES (decompressed, dependencies first;
#    GUEST_MODULES_OPTIONAL's too, which the init does not load);
#  - this build's part, from scripts/build.sh's directory: the guest's /init,
#    myrt.ko, the tools, the staged selftests (and their libraries).
#
# Usage: KERNEL=5.10|6.1|6.12|7.3 scripts/mkinitramfs.sh OUT.cpio
set -eu
. "$(dirname "$0")/lib.sh"

OUT=${1:?usage: mkinitramfs.sh OUT.cpio}
kernel_select
B=$(build_dir)
[ -f "$B/src/myrt.ko" ] || die "no $B/src/myrt.ko; run scripts/build.sh"

mkcpio() {
	(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet)
}

# The shared libraries a binary needs, unless the base has them.
add_libs() {
	local lib
	ldd "$1" 2>/dev/null | grep -oE '(/[^ ]+\.so[^ ]*)' | while read -r lib; do
		[ -e "$BASE$lib" ] || [ -e "$R$lib" ] ||
			install -D -m 0755 "$(readlink -f "$lib")" "$R$lib"
	done
}

# Copy a binary and the shared libraries it needs.
add_bin() {
	install -D -m 0755 "$1" "$R$2"
	add_libs "$1"
}

add_kmod() {
	local name=$1 f dep
	grep -qx "$name" "$R/lib/myrt/kmod/order" && return 0
	f=$(find "$KMODDIR/kernel" -name "$name.ko*" -o -name "${name//_/-}.ko*" | head -n1)
	[ -n "$f" ] || die "kernel module $name not found in $KMODDIR"
	for dep in $(modinfo -F depends "$f" | tr ',' ' '); do
		add_kmod "$dep"
	done
	case $f in
	*.xz)	xz -dc "$f" >"$R/lib/myrt/kmod/$name.ko" ;;
	*.zst)	zstd -qdc "$f" >"$R/lib/myrt/kmod/$name.ko" ;;
	*.gz)	gzip -dc "$f" >"$R/lib/myrt/kmod/$name.ko" ;;
	*)	cp "$f" "$R/lib/myrt/kmod/$name.ko" ;;
	esac
	echo "$name" >>"$R/lib/myrt/kmod/order"
}

make_base() {
	R=$BASE.tmp
	rm -rf "$R"
	mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,lib/myrt/kmod,lib64} \
		 "$R"/{proc,sys,dev,tmp,run,root,etc,test,selftests,mnt,var}
	ln -s /run "$R/var/run"

	# busybox and its applets, but the real ip (busybox's cannot do netns)
	# and bash as /bin/sh: Debian's busybox ash prefers its own applets.
	install -m 0755 /bin/busybox "$R/bin/busybox"
	for a in $(/bin/busybox --list-full); do
		case ${a##*/} in ip|sh|ash|busybox) continue ;; esac
		[ -e "$R/$a" ] || ln -s /bin/busybox "$R/$a"
	done
	add_bin "$(command -v bash)" /bin/bash
	ln -s bash "$R/bin/sh"
	add_bin "$(command -v ip)" /usr/sbin/ip
	# nft for the NF_INET_FORWARD test (route_forward.sh)
	add_bin "$(PATH=$PATH:/usr/sbin command -v nft)" /usr/sbin/nft
	# libmnl for the tools and tests
	add_libs "$(command -v ip)"

	: >"$R/lib/myrt/kmod/order"
	for m in $GUEST_MODULES ${KMODS_EXTRA:-}; do
		add_kmod "$m"
	done
	# optional ones: shipped (dependencies loaded), not loaded by the init
	for m in ${GUEST_MODULES_OPTIONAL:-}; do
		add_kmod "$m"
		sed -i "/^$m\$/d" "$R/lib/myrt/kmod/order"
	done

	cat >"$R/etc/passwd" <<-EOT
	root:x:0:0:root:/root:/bin/sh
	nobody:x:65534:65534:nobody:/:/bin/false
	EOT
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$R/etc/group"
	printf '127.0.0.1\tlocalhost\n' >"$R/etc/hosts"
	echo "KREL=$KREL" >"$R/etc/myrt-kernel"
	mkcpio "$R" >"$R.cpio"
	rm -rf "$BASE" "$BASE.cpio"
	mv "$R" "$BASE"
	mv "$R.cpio" "$BASE.cpio"
}

# The base is keyed by kernel and by this script's contents.
key=$(cat "$0" "$MYRT_TOP/scripts/kernels.conf" | md5sum | cut -c1-8)
BASE=$MYRT_CACHE/initramfs/$KREL-$key
mkdir -p "$MYRT_CACHE/initramfs"
if [ ! -f "$BASE.cpio" ]; then
	msg "building the initramfs base for $KREL"
	# Concurrent runs from other checkouts: one builds, the others wait.
	exec 9>"$BASE.lock"
	flock 9
	[ -f "$BASE.cpio" ] || make_base
	flock -u 9
fi

R=$B/initramfs
rm -rf "$R"
mkdir -p "$R/lib/myrt" "$R/usr/local/bin" "$R/selftests"
install -m 0755 "$MYRT_TOP/scripts/guest-init.sh" "$R/init"
install -m 0644 "$MYRT_TOP/scripts/kernel-log.sh" "$R/lib/myrt/kernel-log.sh"
cp "$B/src/myrt.ko" "$R/lib/myrt/myrt.ko"
for t in "$B"/tools/*; do
	[ -x "$t" ] && [ -f "$t" ] && add_bin "$t" "/usr/local/bin/${t##*/}"
done
# Graphviz's dot, so that selftests/route_dot.sh renders myip -dot's
# pictures in the guest: the binary, its core (dot, svg) and dot layout
# plugins; the guest writes their config with `dot -c`.
if command -v dot >/dev/null; then
	add_bin "$(command -v dot)" /usr/bin/dot
	for p in /usr/lib/x86_64-linux-gnu/graphviz/libgvplugin_core.so.6 \
		 /usr/lib/x86_64-linux-gnu/graphviz/libgvplugin_dot_layout.so.6; do
		[ -e "$p" ] && add_bin "$(readlink -f "$p")" "$p"
	done
fi
if [ -d "$B/ksft" ]; then
	cp -a "$B/ksft/." "$R/selftests/"
	for t in "$R"/selftests/*; do
		# C tests: add their shared libraries
		[ -f "$t" ] && [ "$(head -c4 "$t" | tail -c3)" = ELF ] && add_libs "$t"
	done
fi
mkcpio "$R" | cat "$BASE.cpio" - >"$OUT"
