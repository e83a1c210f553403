#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The build root of a Debian release: a minimal system of that release made
# with mmdebstrap from the Debian archive, with just what kbuild needs for
# an out-of-tree module (the release's gcc, make, libc6-dev, libelf-dev, bc,
# pahole for module BTF, kmod; sparse in bookworm's and trixie's, for make
# lint).  A kernel built by that release (K_<series>_ROOT in kernels.conf:
# bullseye for 5.10, trixie for 7.3, bookworm for 6.1 and 6.12 unless the
# host is bookworm) has its module built in there (scripts/build.sh), with
# the compiler, glibc and pahole its kbuild tools were made for.
#
# Cached in $MYRT_CACHE/buildroot-RELEASE, keyed by the package list and the
# mirror; made again when they change.
#
#   scripts/buildroot.sh RELEASE                 make it if missing
#   scripts/buildroot.sh RELEASE run CMD [ARG...] run CMD in it (see lib.sh's
#                                                in_buildroot)
set -eu
. "$(dirname "$0")/lib.sh"

REL=${1:?usage: buildroot.sh RELEASE [run CMD...]}
shift
ROOT=$(buildroot_dir "$REL")

if [ "${1:-}" = run ]; then
	shift
	in_buildroot "$REL" "$@"
	exit
fi

PKGS="gcc make libc6-dev libelf-dev bc dwarves kmod"
# sparse: make lint (scripts/lint.sh) runs it in a kernel's build root.
case $REL in trixie | bookworm) PKGS="$PKGS sparse" ;; esac
MIRROR=${MYRT_MIRROR:-http://deb.debian.org/debian}
SECURITY=${MYRT_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
key=$(echo "$REL $PKGS $MIRROR $SECURITY" | md5sum | cut -c1-10)

[ "$(cat "$ROOT/.myrt-buildroot" 2>/dev/null)" = "$key" ] && exit 0

SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
exec 9>"$ROOT.lock"
flock 9
[ "$(cat "$ROOT/.myrt-buildroot" 2>/dev/null)" = "$key" ] && exit 0
msg "making the $REL build root in $ROOT (mmdebstrap: $PKGS)"
start=$(date +%s)
$SUDO rm -rf "$ROOT.tmp"
$SUDO mmdebstrap --variant=apt --include="${PKGS// /,}" \
	--keyring="$KEYRING" "$REL" "$ROOT.tmp" \
	"deb $MIRROR $REL main" "deb $SECURITY $REL-security main" >&2 ||
	die "mmdebstrap $REL failed"
echo "$key" | $SUDO tee "$ROOT.tmp/.myrt-buildroot" >/dev/null
$SUDO rm -rf "$ROOT"
$SUDO mv "$ROOT.tmp" "$ROOT"
msg "$REL build root made in $(($(date +%s) - start)) s"
