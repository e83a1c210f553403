#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Set up everything myrt needs on an apt-based amd64 machine, idempotently:
#  1. the host packages (apt-get update once, then install), when missing;
#  2. for each pinned kernel (scripts/kernels.conf): the linux-image,
#     linux-headers(-common) and linux-kbuild packages (7.3 on: the
#     linux-binary and linux-modules packages the image meta package names),
#     fetched with apt-get download through setup's own apt configuration
#     in $MYRT_CACHE/apt (its own sources.list of the Debian suites the
#     pins need, Debian's archive keyring, its own lists and cache: never the
#     host's sources) and unpacked with dpkg-deb -x into $MYRT_CACHE/root
#     (never installed into /boot or /usr/src);
#  2b. for a kernel built by another Debian release than the host's
#     (K_<series>_ROOT): that release's build root (scripts/buildroot.sh);
#  3. checkpatch.pl and the kselftest headers/helpers, extracted from the
#     linux-source-6.12 package into $MYRT_CACHE/linux-source;
#  4. for the series "debug" (make check-debug): flex and bison, then the
#     debug kernel itself (scripts/debug-kernel.sh: built once, cached).
#
# Usage: scripts/setup.sh [SERIES...]   (default: every series in kernels.conf)
set -eu
. "$(dirname "$0")/lib.sh"

PACKAGES="make gcc gcc-12 libc6-dev libelf-dev bc perl pkg-config libmnl-dev
	  libjson-c-dev
	  sparse qemu-system-x86 busybox-static cpio zstd xz-utils kmod iproute2
	  bash coreutils dwarves nftables graphviz debian-archive-keyring
	  mmdebstrap mount util-linux $LINUX_SOURCE_PKG"

APT_UPDATED=
SUDO=
APT_DL_OPTS=
if [ "$(id -u)" = 0 ]; then
	# apt-get download as root: the _apt user cannot write the cache
	APT_DL_OPTS="-o APT::Sandbox::User=root"
else
	SUDO=sudo
fi

# The host's apt: only for the host packages above.
apt_update() {
	[ -z "$APT_UPDATED" ] || return 0
	msg "apt-get update"
	$SUDO apt-get update -q >&2 || die "apt-get update failed"
	APT_UPDATED=1
}

# setup's own apt configuration for the kernel packages, in $MYRT_APT: a
# sources.list of the suites the pinned kernels need (signed by Debian's
# archive keyring), its own lists, cache and (empty) dpkg status; apt-get
# and apt-cache use it through APT_CONFIG.  The host's apt.conf.d (a proxy)
# still applies, its sources and preferences do not.
MYRT_APT=$MYRT_CACHE/apt
MYRT_MIRROR=${MYRT_MIRROR:-http://deb.debian.org/debian}
MYRT_SECURITY_MIRROR=${MYRT_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
MYRT_APT_UPDATED=

myrt_apt_config() {
	local s v suites= list
	for s in $KERNELS; do
		v=${s//./_}
		eval "suites=\"\$suites \${K_${v}_SUITES:-}\""
	done
	mkdir -p "$MYRT_APT"/{lists/partial,cache/archives/partial,state,etc/sources.list.d,etc/preferences.d}
	[ -f "$MYRT_APT/status" ] || : >"$MYRT_APT/status"
	[ -f "$KEYRING" ] || die "no $KEYRING (install debian-archive-keyring)"
	list=$(for s in $(printf '%s\n' $suites | sort -u); do
		case $s in
		*-security) echo "deb [signed-by=$KEYRING] $MYRT_SECURITY_MIRROR $s main" ;;
		*) echo "deb [signed-by=$KEYRING] $MYRT_MIRROR $s main" ;;
		esac
	done)
	if [ "$list" != "$(cat "$MYRT_APT/sources.list" 2>/dev/null)" ]; then
		echo "$list" >"$MYRT_APT/sources.list"
		rm -f "$MYRT_APT/updated"
	fi
	cat >"$MYRT_APT/apt.conf" <<-EOT
	Dir::Etc::SourceList "$MYRT_APT/sources.list";
	Dir::Etc::SourceParts "$MYRT_APT/etc/sources.list.d";
	Dir::Etc::Preferences "$MYRT_APT/etc/preferences";
	Dir::Etc::PreferencesParts "$MYRT_APT/etc/preferences.d";
	Dir::State "$MYRT_APT/state";
	Dir::State::Lists "$MYRT_APT/lists";
	Dir::State::status "$MYRT_APT/status";
	Dir::Cache "$MYRT_APT/cache";
	APT::Architecture "amd64";
	APT::Architectures { "amd64"; };
	APT::Default-Release "";
	Acquire::Languages "none";
	EOT
	export APT_CONFIG=$MYRT_APT/apt.conf
	# No lists yet (or a new sources.list): fetch them now.
	[ -f "$MYRT_APT/updated" ] || myrt_apt_update
}

# Refresh the lists once per run (a pin that cannot be found may be newer
# than the lists).
myrt_apt_update() {
	[ -z "$MYRT_APT_UPDATED" ] || return 0
	msg "apt-get update (myrt's own sources: $MYRT_APT/sources.list)"
	apt-get update -q $APT_DL_OPTS >&2 || die "apt-get update (myrt's sources) failed"
	touch "$MYRT_APT/updated"
	MYRT_APT_UPDATED=1
}

install_packages() {
	local p missing= stamp
	# Checked once per package list (dpkg-query for each is slow-ish).
	stamp=$MYRT_CACHE/packages-$(echo $PACKAGES | md5sum | cut -c1-8).ok
	[ -f "$stamp" ] && return 0
	for p in $PACKAGES; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing="$missing $p"
	done
	if [ -z "$missing" ]; then
		touch "$stamp"
		return 0
	fi
	msg "installing:$missing"
	if [ -n "$SUDO" ] && ! command -v sudo >/dev/null; then
		die "missing packages:$missing (run as root or install sudo)"
	fi
	apt_update
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q \
		--no-install-recommends $missing >&2 ||
		die "apt-get install failed"
	touch "$stamp"
}

# Newest kernel release of a series the archive offers, e.g. 6.1 -> 6.1.0-N-cloud-amd64
newest_release() {
	local re deb
	# The pin's Debian release suffix (+deb12): 6.12 is in bookworm and
	# trixie, only the pin's release counts.
	deb=$(printf '%s' "$KREL" | grep -oE '\+deb[0-9]+' || true)
	case $1 in
	5.10|6.1)	re="^linux-image-${1//./\\.}\\.0-[0-9]+-cloud-amd64\$" ;;
	*)	re="^linux-image-${1//./\\.}\\.[0-9]+\\${deb:-+deb[0-9]+}-cloud-amd64\$" ;;
	esac
	apt-cache pkgnames linux-image- | grep -E "$re" | sort -V | tail -n1 |
		sed 's/^linux-image-//'
}

candidate_version() {
	apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p' | grep -v none
}

# Download PACKAGE=VERSION for the image, headers, headers-common, kbuild.
download_kernel() {
	local rel=$1 ver=$2 dir=$3 deps p
	# 7.3 on: linux-image-REL is a meta package; the image is in
	# linux-binary-REL (usr/lib/modules/REL/vmlinuz), the modules in
	# linux-modules-REL.
	deps=$( (apt-cache show "linux-headers-$rel=$ver" 2>/dev/null |
		 sed -n 's/^Depends: //p' | head -n1
		 apt-cache show "linux-image-$rel=$ver" 2>/dev/null |
		 sed -n 's/^Depends: //p' | head -n1) | tr ',|' '\n\n' |
	       grep -oE 'linux-(headers-[^ ]*-common|kbuild-[^ ]*|binary-[^ ]*|modules-[^ ]*)' |
	       grep -v -- '-dbg$' | sort -u)
	[ -n "$deps" ] || return 1
	for p in "linux-image-$rel" "linux-headers-$rel" $deps; do
		ls "$dir/${p}_"*.deb >/dev/null 2>&1 && continue
		(cd "$dir" && apt-get download -q $APT_DL_OPTS "$p=$ver" >&2) || return 1
	done
}

setup_kernel() {
	local series=$1 dir stamp rel ver
	kernel_select "$series"
	stamp=$MYRT_CACHE/kernel-$series.done
	# The release that built this kernel builds its module.
	[ -z "$KBUILDROOT" ] || "$MYRT_TOP/scripts/buildroot.sh" "$KBUILDROOT"
	if [ -f "$stamp" ] && [ -f "$KIMAGE" ] && [ -f "$KDIR/Makefile" ]; then
		return 0
	fi
	rm -f "$MYRT_CACHE/kernel-$series.resolved"
	kernel_select "$series"
	[ -n "${APT_CONFIG:-}" ] || myrt_apt_config
	rel=$KREL ver=$KVERSION
	dir=$MYRT_CACHE/debs/$rel
	mkdir -p "$dir" "$KROOT"
	if ! download_kernel "$rel" "$ver" "$dir"; then
		myrt_apt_update
		if ! download_kernel "$rel" "$ver" "$dir"; then
			rel=$(newest_release "$series")
			[ -n "$rel" ] || die "no $series kernel found in the archive"
			ver=$(candidate_version "linux-image-$rel")
			warn_loud "pinned kernel $KREL ($KVERSION) cannot be downloaded;" \
				  "falling back to $rel ($ver)." \
				  "Update scripts/kernels.conf so every machine tests the same kernel."
			dir=$MYRT_CACHE/debs/$rel
			mkdir -p "$dir"
			download_kernel "$rel" "$ver" "$dir" ||
				die "cannot download kernel $rel ($ver)"
		fi
	fi
	msg "unpacking $rel ($ver) into $KROOT"
	for p in "$dir"/*.deb; do
		dpkg-deb -x "$p" "$KROOT"
	done
	if [ "$rel" != "$KREL" ]; then
		printf 'PIN=%s=%s\nKREL=%s\nKVERSION=%s\n' "$KREL" "$KVERSION" \
			"$rel" "$ver" >"$MYRT_CACHE/kernel-$series.resolved"
	fi
	kernel_select "$series"
	# The arch headers' Makefile includes the common one by absolute path
	# (7.3 on: it also sets KBUILD_OUTPUT to its own absolute path).
	sed -i -e "s|^include /usr/src/|include $KROOT/usr/src/|" \
	       -e "s|^\(.*KBUILD_OUTPUT[ :]*=[ ]*\)/usr/src/|\1$KROOT/usr/src/|" \
	       "$KDIR/Makefile"
	[ -f "$KIMAGE" ] || die "no kernel image $KIMAGE"
	[ -f "$KDIR/Makefile" ] || die "no kernel headers $KDIR"
	touch "$stamp"
}

setup_linux_source() {
	local tarball stamp ver
	ver=$(dpkg-query -W -f='${Version}' "$LINUX_SOURCE_PKG")
	stamp=$KSRC/.done-$ver
	[ -f "$stamp" ] && return 0
	tarball=$(dpkg -L "$LINUX_SOURCE_PKG" | grep -E '/linux-source-.*\.tar\.xz$' | head -n1)
	[ -f "$tarball" ] || die "no linux-source tarball from $LINUX_SOURCE_PKG"
	msg "extracting checkpatch and kselftest helpers from $tarball"
	rm -rf "$KSRC"
	mkdir -p "$KSRC"
	tar -xJf "$tarball" -C "$KSRC" --strip-components=1 \
		--wildcards --no-wildcards-match-slash \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch' \
		'*/tools/testing/selftests/kselftest_harness.h' \
		'*/tools/testing/selftests/kselftest.h' \
		'*/tools/testing/selftests/kselftest/ktap_helpers.sh'
	[ -f "$KSRC/scripts/checkpatch.pl" ] || die "checkpatch.pl not extracted"
	touch "$stamp"
}

# What building a kernel needs beyond building a module.
DEBUG_PACKAGES="flex bison bc libelf-dev libssl-dev xz-utils"

setup_debug_kernel() {
	local p missing=
	for p in $DEBUG_PACKAGES; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		msg "installing (debug kernel):$missing"
		apt_update
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q \
			--no-install-recommends $missing >&2 ||
			die "apt-get install failed"
	fi
	"$MYRT_TOP/scripts/debug-kernel.sh" >/dev/null
}

main() {
	local s debug=
	mkdir -p "$MYRT_CACHE"
	install_packages
	for s in ${*:-$KERNELS}; do
		if [ "$s" = debug ]; then
			debug=1
			continue
		fi
		setup_kernel "$s"
	done
	setup_linux_source
	[ -z "$debug" ] || setup_debug_kernel
}

main "$@"
