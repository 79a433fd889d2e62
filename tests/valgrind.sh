#!/bin/sh
# make valgrind: the unit tests and the end-to-end suite under valgrind's
# memcheck; in the end-to-end scripts every run of trial, randomizer and
# analysis goes through a wrapper (tests/lib.sh).  The scripts run side by
# side, one per core.  Passes when every test passes and no run logged a
# memory error or a definite leak.
cd "$(dirname "$0")/.." || exit 2
VG=tests/out/.valgrind
rm -rf "$VG" && mkdir -p "$VG/log" "$VG/out" && chmod 1777 "$VG/log" || exit 2
VG_OPTS="-q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite"
export VG_OPTS
failed=""
for t in tests/bin/test_*; do
	[ -x "$t" ] || continue
	n=$(basename "$t")
	# shellcheck disable=SC2086
	valgrind $VG_OPTS --log-file="$VG/log/$n.%p" "$t" >"$VG/out/$n" 2>&1 ||
	    failed="$failed $n"
done
ls tests/t[0-9]*.sh | xargs -P "$(nproc)" -I{} sh -c \
    'RCT_VALGRIND=1 sh {} >'"$VG"'/out/$(basename {} .sh) 2>&1 || echo {} >>'"$VG"'/failed'
[ -f "$VG/failed" ] && failed="$failed $(cat "$VG/failed" | xargs -n1 basename | tr '\n' ' ')"
for f in $failed; do
	echo "== $f"
	grep -A12 '^not ok\|FAILED' "$VG/out/$(basename "$f" .sh)" | head -30
done
runs=$(find "$VG/log" -type f | wc -l)
bad=$(find "$VG/log" -type f -size +0 | sort)
for f in $bad; do
	echo "== $f"
	head -40 "$f"
done
echo "valgrind: $(ls "$VG/out" | wc -l) test programs and scripts, ${failed:+failed:$failed, }$runs program runs, $(printf '%s' "$bad" | grep -c .) with errors or definite leaks"
[ -z "$failed" ] && [ -z "$bad" ]
