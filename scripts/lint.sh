#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make lint: checkpatch.pl --strict (from Debian's linux-source-6.12, taken
# at build time) over every C source and header of the module, the tools
# and the selftests, then sparse (C=2) over the module (6.12 and 7.3;
# LINT_KERNELS).
# Exits non-zero on any finding.  Findings are remembered by content hash,
# so a repeated run only re-checks what changed.
set -u
. "$(dirname "$0")/lib.sh"

"$MYRT_TOP/scripts/setup.sh" >/dev/null || die "setup failed"
CHECKPATCH=$KSRC/scripts/checkpatch.pl
OKDIR=$MYRT_CACHE/lint-ok
mkdir -p "$OKDIR"
status=0

cd "$MYRT_TOP" || exit 1
files=$(ls ./*.[ch] uapi/*.h tools/*.[ch] tools/lib/*.[ch] selftests/*.[ch] selftests/lib/*.[ch] 2>/dev/null)
cpver=$(md5sum "$CHECKPATCH" | cut -c1-8)
for f in $files; do
	ignore=FILE_PATH_CHANGES
	# compat.h and compat_dummy.h are where version checks belong out
	# of tree: there, macros define a callback of the kernel's signature
	# (with its return), a stand-in type (netdevice_tracker on 5.10) and
	# empty variants whose argument the other kernels use.
	case $f in
	./compat.h | ./compat_dummy.h)
		ignore=$ignore,LINUX_VERSION_CODE,CONSTANT_COMPARISON
		ignore=$ignore,MACRO_WITH_FLOW_CONTROL,NEW_TYPEDEFS,MACRO_ARG_UNUSED ;;
	esac
	# Userspace programs use stdint types, libc and long shell
	# command strings: kernel-only advice does not apply there.
	case $f in
	tools/* | selftests/*)
		ignore=$ignore,PREFER_KERNEL_TYPES,ARRAY_SIZE,SPLIT_STRING,EMBEDDED_FUNCTION_NAME ;;
	esac
	# Tracepoint headers have the kernel's TRACE_EVENT layout.
	[ "$f" = ./trace.h ] &&
		ignore=$ignore,OPEN_ENDED_LINE,PARENTHESIS_ALIGNMENT
	# The findings for this content and these rules are remembered
	# (an empty file: clean).
	key=$OKDIR/$( (cat "$f"; echo "$ignore") | md5sum | cut -c1-16)-$cpver
	if [ ! -f "$key" ]; then
		perl "$CHECKPATCH" --strict --no-tree --terse --show-types \
			--no-summary --ignore "$ignore" -f "$f" >"$key.tmp" 2>&1
		mv "$key.tmp" "$key"
	fi
	if [ -s "$key" ]; then
		cat "$key"
		status=1
	fi
done
[ $status -eq 0 ] && msg "checkpatch: clean ($(wc -w <<<"$files") files)"

# sparse: C=2 checks every file; build in a separate directory.  By default
# the default kernel (6.12) and the newest (7.3); others with
# LINT_KERNELS="5.10 6.1 ...".  A kernel with a build root (5.10: bullseye,
# 7.3: trixie) is checked there with that release's sparse, unless
# kernels.conf names another suite's (K_<series>_SPARSE): no Debian 13
# sparse parses 7.3's headers (trixie's 0.6.4-5 fails on
# __typeof_unqual__), sid's 0.6.5~rc1 does.  That one is fetched with
# apt-get download through an apt configuration of its own (that suite
# only, Debian's archive keyring) and unpacked with dpkg-deb -x into
# $MYRT_CACHE/sparse-SUITE; it needs only libc, run in the build root.
#
# kbuild's own gate (scripts/checker-valid.sh, missing from the 7.3 headers
# package) would turn the check off with a warning and the build would pass
# as "clean": here the sparse to use is probed on __typeof_unqual__ first,
# kbuild is told to check (KBUILD_CHECKSRC=2 on the command line overrides
# the gate), and every .c file must show up as checked.
LINT_KERNELS=${LINT_KERNELS:-$KERNEL_DEFAULT ${KERNELS##* }}

# sparse_from SUITE: the path of that suite's sparse, fetched if missing
sparse_from() {
	local suite=$1 dir=$MYRT_CACHE/sparse-$1 apt=$MYRT_CACHE/apt-$1
	local key=/usr/share/keyrings/debian-archive-keyring.gpg root=
	if [ ! -x "$dir/usr/bin/sparse" ]; then
		[ "$(id -u)" = 0 ] && root="-o APT::Sandbox::User=root"
		mkdir -p "$apt"/{lists/partial,cache/archives/partial,etc,parts}
		: >"$apt/status"
		echo "deb [signed-by=$key] ${MYRT_MIRROR:-http://deb.debian.org/debian} $suite main" \
			>"$apt/etc/sources.list"
		set -- -o Dir::Etc::SourceList="$apt/etc/sources.list" \
			-o Dir::Etc::SourceParts="$apt/parts" \
			-o Dir::Etc::Preferences="$apt/etc/preferences" \
			-o Dir::Etc::PreferencesParts="$apt/parts" \
			-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" \
			-o Dir::State::status="$apt/status" -o Acquire::Languages=none $root
		msg "fetching sparse from $suite (apt configuration: $apt)"
		apt-get update -q "$@" >&2 &&
			(cd "$apt" && rm -f sparse_*.deb &&
			 apt-get download -q "$@" sparse >&2) &&
			rm -rf "$dir.tmp" && dpkg-deb -x "$apt"/sparse_*.deb "$dir.tmp" &&
			rm -rf "$dir" && mv "$dir.tmp" "$dir" ||
			{ echo "error: cannot fetch sparse from $suite" >&2; return 1; }
	fi
	echo "$dir/usr/bin/sparse"
}

# in_root CMD...: CMD in the kernel's build root, or here
in_root() {
	if [ -n "$KBUILDROOT" ]; then
		"$MYRT_TOP/scripts/buildroot.sh" "$KBUILDROOT" run "$@"
	else
		"$@"
	fi
}

nsrc=$(ls ./*.c | wc -l)
for k in $LINT_KERNELS; do
	kernel_select "$k"
	eval "suite=\${K_${k//./_}_SPARSE:-}"
	# The findings for these exact sources are remembered (empty: clean).
	key=$OKDIR/sparse-$k-$suite-$(cat Kbuild ./*.[ch] uapi/*.h 2>/dev/null | md5sum | cut -c1-16)
	if [ ! -f "$key" ]; then
		B=$(build_dir)-sparse
		mkdir -p "$B"
		rm -f "$B"/*.[ch] "$B"/*.o
		cp -p Kbuild ./*.[ch] "$B/"
		[ -d uapi ] && mkdir -p "$B/uapi" && cp -p uapi/*.h "$B/uapi/" 2>/dev/null
		if [ -n "$suite" ]; then
			CHECK=$(sparse_from "$suite") || CHECK=
		else
			CHECK=$(in_root sh -c 'command -v sparse') || CHECK=
		fi
		printf '%s\n' 'static inline int p(const int *q)' '{' \
			'	__typeof_unqual__(*q) v = *q;' '	return v;' '}' >"$B/probe.i"
		if [ -z "$CHECK" ]; then
			echo "error: no sparse for $KERNEL"
		elif src=$(sed -n 's|^include \(.*\)/Makefile$|\1|p' "$KDIR/Makefile") &&
		     grep -qs __typeof_unqual__ "${src:-$KDIR}/include/linux/compiler_types.h" &&
		     in_root "$CHECK" "$B/probe.i" 2>&1 | grep -q error; then
			echo "error: $CHECK cannot parse __typeof_unqual__ ($KERNEL's headers)"
		else
			in_root make -C "$KDIR" M="$B" C=2 KBUILD_CHECKSRC=2 \
				CHECK="$CHECK" modules >"$B/sparse.log" 2>&1 ||
				echo "error: the sparse build failed (see $B/sparse.log)"
			n=$(grep -c '^  CHECK ' "$B/sparse.log")
			[ "$n" = "$nsrc" ] ||
				echo "error: sparse checked $n of $nsrc files ($B/sparse.log)"
			grep -E '(warning|error):' "$B/sparse.log" |
				grep -v 'checker-valid.sh\|is not available or not up to date'
		fi >"$key.tmp"
		rm -f "$B/probe.i"
		mv "$key.tmp" "$key"
	fi
	if [ -s "$key" ]; then
		cat "$key"
		status=1
	else
		msg "sparse ($KERNEL${suite:+, sparse from $suite}): clean"
	fi
done
exit $status
