# SPDX-License-Identifier: GPL-2.0
# Shared shell helpers of the myrt scripts.  Source it; it sets:
#   MYRT_TOP    the source tree (the checkout the script lives in)
#   MYRT_CACHE  downloads, unpacked kernels, build directories (outside
#               the source tree; default ~/.cache/myrt)
# and after kernel_select SERIES:
#   KERNEL, KREL (uname -r), KVERSION (Debian version), KROOT, KDIR,
#   KIMAGE (vmlinuz), KMODDIR (/lib/modules/KREL in the cache),
#   KBUILDROOT (the Debian release whose build root builds the module;
#   empty: the host, which is that release)

MYRT_TOP=${MYRT_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
MYRT_CACHE=${MYRT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/myrt}
KROOT=$MYRT_CACHE/root
# shellcheck source=kernels.conf
. "$MYRT_TOP/scripts/kernels.conf"

msg() { printf '[myrt] %s\n' "$*" >&2; }
die() { printf '[myrt] error: %s\n' "$*" >&2; exit 1; }
warn_loud() {
	printf '\n[myrt] ********************************************************\n' >&2
	printf '[myrt] WARNING: %s\n' "$@" >&2
	printf '[myrt] ********************************************************\n\n' >&2
}

# The debug kernel (make check-debug): built by scripts/debug-kernel.sh
# from Debian's linux-source-6.12 and scripts/debug.config, in
# $MYRT_CACHE/debug-<key>, the key a hash of the config fragment, the
# source package version and the compiler.  Everything is built in there
# (veth, dummy): GUEST_MODULES is empty.
debug_kernel_key() {
	{
		cat "$MYRT_TOP/scripts/debug.config"
		dpkg-query -W -f='${Version}\n' "$LINUX_SOURCE_PKG" 2>/dev/null
		gcc --version | head -n1
	} | md5sum | cut -c1-10
}

debug_kernel_dir() { echo "$MYRT_CACHE/debug-$(debug_kernel_key)"; }

# The series' pinned release/version, or the fallback recorded by setup.sh.
kernel_select() {
	KERNEL=${1:-${KERNEL:-$KERNEL_DEFAULT}}
	local v=${KERNEL//./_} f
	if [ "$KERNEL" = debug ]; then
		KVERSION=$(dpkg-query -W -f='${Version}' "$LINUX_SOURCE_PKG" 2>/dev/null)
		KDIR=$(debug_kernel_dir)/linux
		KIMAGE=$KDIR/arch/x86/boot/bzImage
		KREL=$(cat "$KDIR/include/config/kernel.release" 2>/dev/null)
		KREL=${KREL:-unbuilt-debug}
		KMODDIR=
		KBUILDROOT=
		KTCG= KMODS_EXTRA=
		GUEST_MODULES=
		GUEST_MODULES_OPTIONAL=
		return 0
	fi
	eval "KREL=\${K_${v}_RELEASE:-}; KVERSION=\${K_${v}_VERSION:-}"
	[ -n "$KREL" ] || die "unknown KERNEL=$KERNEL (supported: $KERNELS)"
	# A fallback recorded by setup.sh, valid while the pin is unchanged.
	f=$MYRT_CACHE/kernel-$KERNEL.resolved
	if [ -f "$f" ] && grep -qx "PIN=$KREL=$KVERSION" "$f"; then
		# shellcheck disable=SC1090
		. "$f"
		printf '[myrt] WARNING: using fallback kernel %s (%s), not the pinned one\n' \
			"$KREL" "$KVERSION" >&2
	fi
	KDIR=$KROOT/usr/src/linux-headers-$KREL
	KIMAGE=$KROOT/boot/vmlinuz-$KREL
	KMODDIR=$KROOT/lib/modules/$KREL
	# 7.3 on (linux-binary-REL, linux-modules-REL): all in usr/lib/modules.
	if [ -f "$KROOT/usr/lib/modules/$KREL/vmlinuz" ]; then
		KIMAGE=$KROOT/usr/lib/modules/$KREL/vmlinuz
		KMODDIR=$KROOT/usr/lib/modules/$KREL
	fi
	eval "KBUILDROOT=\${K_${v}_ROOT:-} KTCG=\${K_${v}_TCG:-}"
	# guest modules of this series only (K_<series>_MODULES)
	eval "KMODS_EXTRA=\${K_${v}_MODULES:-}"
	# The host's own release builds on the host (bookworm: 6.1, 6.12).
	[ "$KBUILDROOT" != "$(host_release)" ] || KBUILDROOT=
}

# The host's Debian release (VERSION_CODENAME), or nothing.
host_release() {
	(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
}

# The build root of a Debian release (scripts/buildroot.sh), where the
# kbuild step of a kernel built by that release runs.
buildroot_dir() { echo "$MYRT_CACHE/buildroot-$1"; }

# Run a command in the build root of a Debian release, in a private mount
# namespace (unshare -m): /proc, /dev and $MYRT_CACHE (the unpacked kernels'
# headers, the build directories) are bind-mounted at their own paths, so
# the kbuild step sees the same paths as on the host; the mounts vanish
# with the namespace when the command ends.  Root (or sudo) is needed.
in_buildroot() {
	local root sudo=
	root=$(buildroot_dir "$1")
	shift
	[ -f "$root/.myrt-buildroot" ] || die "no build root $root (scripts/buildroot.sh)"
	[ "$(id -u)" = 0 ] || sudo=sudo
	# shellcheck disable=SC2016
	$sudo unshare --mount --propagation private -- /bin/bash -c '
		set -e
		root=$1 cache=$2
		shift 2
		mount -t proc proc "$root/proc"
		mount --bind /dev "$root/dev"
		mkdir -p "$root$cache"
		mount --bind "$cache" "$root$cache"
		exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LANG=C.UTF-8 "$@"' \
		in_buildroot "$root" "$MYRT_CACHE" "$@"
}

# A build directory private to this checkout and kernel: others run the
# same scripts concurrently from other worktrees.
build_dir() {
	local key
	key=$(printf '%s' "$MYRT_TOP" | md5sum | cut -c1-8)
	echo "$MYRT_CACHE/build/$(basename "$MYRT_TOP")-$key/${1:-$KERNEL}"
}

# Files taken from the linux-source package at build time (never committed).
KSRC=$MYRT_CACHE/linux-source
