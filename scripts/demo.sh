#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: boot the test VM with scripts/demo-guest.sh and bring its
# pictures home.  The guest prints each myip -dot picture on the console
# between the lines "MYRT_DOT_BEGIN NAME" and "MYRT_DOT_END NAME" (the VM
# has no network and no shared directory); this script shows the rest of
# the console, writes each picture to demo-output/NAME.dot and renders it
# with Graphviz's dot as NAME.png and NAME.svg.
#
# Usage: [KERNEL=...] [MYRT_PREBUILT=1] scripts/demo.sh [OUTDIR]
#   OUTDIR: default demo-output/ of the checkout.
# Exits non-zero when the VM fails, no picture came back or one does not
# render (scripts/check.sh runs it: the pictures are produced in CI).
set -eu
. "$(dirname "$0")/lib.sh"

OUT=${1:-$MYRT_TOP/demo-output}
command -v dot >/dev/null || die "no dot: run scripts/setup.sh (graphviz)"
mkdir -p "$OUT"
rm -f "$OUT"/*.dot "$OUT"/*.png "$OUT"/*.svg

set +e
"$MYRT_TOP/scripts/vm-run.sh" "$MYRT_TOP/scripts/demo-guest.sh" |
	awk -v out="$OUT" '
	/^MYRT_DOT_BEGIN / { f = out "/" $2 ".dot"; printf "" > f; next }
	/^MYRT_DOT_END / { close(f); f = ""; next }
	f != "" { print >> f; next }
	{ print; fflush() }'
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || die "the demo VM failed (status $rc)"

n=0
for f in "$OUT"/*.dot; do
	[ -e "$f" ] || break
	dot -Tpng "$f" -o "${f%.dot}.png" || die "dot cannot render $f"
	dot -Tsvg "$f" -o "${f%.dot}.svg" || die "dot cannot render $f"
	n=$((n + 1))
done
[ "$n" -gt 0 ] || die "no picture came back from the demo"
msg "$n pictures of the structures (PNG and SVG) in $OUT:"
for f in "$OUT"/*.png; do
	msg "  ${f#"$MYRT_TOP"/}"
done
