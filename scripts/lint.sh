#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make lint: checkpatch.pl --strict (from Debian's linux-source-6.12, taken
# at build time) over every C source and header of the module, the tools
# and the selftests, then sparse (C=2) over the module (6.12; LINT_KERNELS).
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

# sparse: C=2 checks every file; build in a separate directory.  The
# default kernel (6.12); others with LINT_KERNELS="5.10 6.1 ...", a kernel
# with a build root (5.10: bullseye) checked there with that release's
# sparse.  Not 7.3: no Debian sparse parses its headers (trixie's 0.6.4-5
# fails on __typeof_unqual__), and its headers lack scripts/checker-valid.sh.
for k in ${LINT_KERNELS:-$KERNEL_DEFAULT}; do
	kernel_select "$k"
	# The findings for these exact sources are remembered (empty: clean).
	key=$OKDIR/sparse-$k-$(cat Kbuild ./*.[ch] uapi/*.h 2>/dev/null | md5sum | cut -c1-16)
	if [ ! -f "$key" ]; then
		B=$(build_dir)-sparse
		mkdir -p "$B"
		rm -f "$B"/*.[ch]
		cp -p Kbuild ./*.[ch] "$B/"
		[ -d uapi ] && mkdir -p "$B/uapi" && cp -p uapi/*.h "$B/uapi/" 2>/dev/null
		if [ -n "$KBUILDROOT" ] &&
		   ! "$MYRT_TOP/scripts/buildroot.sh" "$KBUILDROOT" run \
			sh -c 'command -v sparse' >/dev/null; then
			echo "error: no sparse in the $KBUILDROOT build root"
		elif [ -n "$KBUILDROOT" ]; then
			"$MYRT_TOP/scripts/buildroot.sh" "$KBUILDROOT" run \
				make -s -C "$KDIR" M="$B" C=2 CHECK="sparse" modules
		else
			make -s -C "$KDIR" M="$B" C=2 CHECK="sparse" modules
		fi 2>&1 |
			grep -E '(warning|error):' >"$key.tmp"
		mv "$key.tmp" "$key"
	fi
	if [ -s "$key" ]; then
		cat "$key"
		status=1
	else
		msg "sparse ($KERNEL): clean"
	fi
done
exit $status
