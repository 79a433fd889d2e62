#!/bin/sh
# make valgrind: the end-to-end suite with every run of trial, randomizer and
# analysis under valgrind's memcheck (see tests/lib.sh).  Passes when every
# test passes and no run logged an error or a definite leak.
cd "$(dirname "$0")/.." || exit 2
rm -rf tests/out/.valgrind
RCT_VALGRIND=1 sh tests/run.sh
rc=$?
runs=$(find tests/out/.valgrind/log -type f | wc -l)
bad=$(find tests/out/.valgrind/log -type f -size +0 | sort)
for f in $bad; do
	echo "== $f"
	head -40 "$f"
done
echo "valgrind: $runs program runs, $(printf '%s' "$bad" | grep -c .) with errors or definite leaks"
[ $rc -eq 0 ] && [ -z "$bad" ]
