#!/bin/sh
# make stress: the long tests of tests/stress (crash safety under kill -9,
# concurrency for a minute), each with the summary lines of tests/run.sh.
cd "$(dirname "$0")/../.." || exit 2
failed=0
for t in tests/stress/[a-z]*.sh; do
	[ "$t" = tests/stress/run.sh ] && continue
	out=$(sh "$t" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -E '^(ok|not ok)|^#' | head -40
	[ $rc -eq 0 ] || failed=$((failed + 1))
done
echo "stress: $failed failed"
[ $failed -eq 0 ]
