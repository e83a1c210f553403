#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Try myrt from a fresh host of another Debian release, as a new user
# would: a minimal system of RELEASE made with mmdebstrap (apt and git,
# nothing else), a clone of this checkout's HEAD in it, and there, with an
# empty cache of its own, scripts/setup.sh KERNEL (the host packages it
# installs through that system's apt, the kernel through myrt's own apt
# configuration, a build root if the kernel needs one) and one selftest in
# the VM.  Everything stays under $MYRT_CACHE/host-RELEASE (removed first);
# nothing of this host is used but its kernel and mmdebstrap.
#
#   scripts/host-try.sh trixie [KERNEL [TEST]]   (default: 7.3, mylo.sh)
#
# Root (or sudo) is needed: mmdebstrap, then a chroot in a private mount
# namespace with /proc, /sys and /dev bind-mounted.
set -eu
. "$(dirname "$0")/lib.sh"

REL=${1:?usage: host-try.sh RELEASE [KERNEL [TEST]]}
K=${2:-7.3}
T=${3:-mylo.sh}
DIR=$MYRT_CACHE/host-$REL
ROOT=$DIR/root
MIRROR=${MYRT_MIRROR:-http://deb.debian.org/debian}
SECURITY=${MYRT_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
command -v mmdebstrap >/dev/null || die "mmdebstrap is needed (apt-get install mmdebstrap)"

start=$(date +%s)
$SUDO rm -rf "$DIR"
mkdir -p "$DIR"
msg "a $REL host in $ROOT (mmdebstrap: apt, git, ca-certificates)"
$SUDO mmdebstrap --variant=apt --include=git,ca-certificates \
	--keyring=/usr/share/keyrings/debian-archive-keyring.gpg "$REL" "$ROOT" \
	"deb $MIRROR $REL main" "deb $SECURITY $REL-security main" >&2 ||
	die "mmdebstrap $REL failed"
$SUDO git clone -q "$MYRT_TOP" "$ROOT/src/myrt" || die "git clone failed"
msg "$REL host made in $(($(date +%s) - start)) s; now setup $K and $T in it"

# shellcheck disable=SC2016
$SUDO unshare --mount --propagation private -- /bin/bash -c '
	set -e
	root=$1
	shift
	# its own mount point, as / is on a real host (the build roots
	# unshare their mounts with private propagation, which needs one)
	mount --bind "$root" "$root"
	mount -t proc proc "$root/proc"
	mount --rbind /sys "$root/sys"
	mount --rbind /dev "$root/dev"
	mount -t tmpfs tmpfs "$root/tmp"
	cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || :
	exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LANG=C.UTF-8 TERM=dumb /bin/bash -c "$@"' \
	host-try "$ROOT" "set -e; . /etc/os-release; echo \"[host-try] host: \$PRETTY_NAME\";
		cd /src/myrt; scripts/setup.sh $K;
		KERNEL=$K scripts/vm-run.sh selftests/$T" 2>&1 |
	tee "$DIR/log"
rc=${PIPESTATUS[0]}
msg "host-try $REL, kernel $K, $T: exit $rc after $(($(date +%s) - start)) s (log: $DIR/log)"
exit "$rc"
