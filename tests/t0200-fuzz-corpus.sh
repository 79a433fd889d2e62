#!/bin/sh
# The fuzz harnesses (fuzz/, run under libFuzzer by make fuzz) on their
# seed corpus and on every input a fuzzer ever crashed with
# (tests/fuzz/regressions/NAME/): each input parsed or refused, never a
# crash (and, under make test SANITIZE=1, never a leak or UB).
. "$(dirname "$0")/lib.sh"

for f in csv dataset identity protocol; do
	test_expect_success "the $f harness on its corpus and regressions" "
		set -- \$(find \"$TEST_ROOT/tests/fuzz/corpus/$f\" \"$TEST_ROOT/tests/fuzz/regressions/$f\" -type f ! -name .keep) &&
		test \$# -gt 0 &&
		$TEST_ROOT/tests/bin/fuzz_$f \"\$@\" >out.$f &&
		test \"\$(grep -c ^ok out.$f)\" = \$#
	"
done

test_done
