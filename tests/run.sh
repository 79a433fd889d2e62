#!/bin/sh
# Run every test: the unit test programs in tests/bin, then the end-to-end
# scripts, and finish with one summary line.  Exit 0 only when all passed.
cd "$(dirname "$0")/.." || exit 2
passed=0
failed=0
failures=""
for t in tests/bin/test_*; do
	[ -x "$t" ] || continue
	out=$("$t" 2>&1)
	rc=$?
	n_ok=$(printf '%s\n' "$out" | grep -c '^\[       OK \]')
	n_bad=$(printf '%s\n' "$out" | grep -c '^\[  FAILED  \]' )
	if [ $rc -ne 0 ] && [ "$n_bad" -eq 0 ]; then
		n_bad=1
	fi
	passed=$((passed + n_ok))
	failed=$((failed + n_bad))
	if [ $rc -ne 0 ]; then
		printf '%s\n' "$out" | grep -E 'FAILED|ERROR|error|Failure' | head -20
		failures="$failures $(basename "$t")"
	fi
	echo "$(basename "$t"): $n_ok passed, $n_bad failed"
done
for t in tests/t[0-9]*.sh; do
	[ -f "$t" ] || continue
	out=$(sh "$t" 2>&1)
	rc=$?
	n_ok=$(printf '%s\n' "$out" | grep -c '^ok ')
	n_bad=$(printf '%s\n' "$out" | grep -c '^not ok ')
	if [ $rc -ne 0 ] && [ "$n_bad" -eq 0 ]; then
		n_bad=1
	fi
	passed=$((passed + n_ok))
	failed=$((failed + n_bad))
	if [ $rc -ne 0 ]; then
		printf '%s\n' "$out" | grep -A12 '^not ok' | head -60
		failures="$failures $(basename "$t")"
	fi
	echo "$(basename "$t" .sh): $n_ok passed, $n_bad failed"
done
echo "tests: $passed passed, $failed failed${failures:+ (in$failures)}"
[ "$failed" -eq 0 ]
