#!/bin/sh
# Statistical evidence over thousands of simulated trials, each with its
# own random secret: arm frequencies match the ratio (chi-square), blocks
# stay within half the largest block, batch totals within one of the ratio,
# minimization's imbalance far below simple randomization's, lotteries give
# exactly their places.
. "$(dirname "$0")/lib.sh"

# Each run draws fresh secrets, so a correct allocator fails a test at the
# 0.001 level once in a thousand runs; a second, independent run must then
# pass.  Failing twice (one in a million) points to a real bias.
once () {
	randomizer simulate --protocol "$1" --trials "$2" ${3:+--participants $3} \
		--format csv >out &&
	! grep ",NO$" out
}

check () {
	once "$@" || once "$@"
}

test_expect_success 'permuted blocks (1:1, blocks 2/4/6, site x gender)' '
	check "$PROTOCOLS/supported-employment.ini" 3000 &&
	grep "largest imbalance within a stratum,3," out
'

test_expect_success 'permuted blocks at 2:1 (blocks 3/6/9)' '
	check "$TEST_DATA/ratio-2to1.ini" 3000
'

test_expect_success 'batch with misfits, individuals and odd cohorts' '
	sed "s/^method = blocks$/method = batch/; /^block_sizes/d; /^\[concealed\]$/d" "$TEST_DATA/ratio-2to1.ini" >batch.ini &&
	check batch.ini 3000 101 && grep "largest imbalance of the totals" out
'

test_expect_success 'clusters (classes) as a batch within sites' '
	check "$PROTOCOLS/mother-tongue-support.ini" 3000
'

test_expect_success 'minimization against simple randomization' '
	check "$TEST_DATA/minimization.ini" 2000 &&
	grep "minimization vs simple" out
'

test_expect_success 'simple randomization at 1:1:1' '
	sed "s/^method = blocks$/method = simple/; /^block_sizes/d; /^\[concealed\]$/d" "$PROTOCOLS/supported-employment.ini" >three.ini &&
	printf "\n[arm third]\nratio = 1\n" >>three.ini &&
	check three.ini 3000
'

test_expect_success 'the lottery' '
	check "$PROTOCOLS/vocational-fourth-year.ini" 3000
'

test_expect_success 'simulate needs a protocol' '
	test_exit 2 randomizer simulate --trials 10 2>err &&
	grep -- "--protocol FILE is required" err &&
	test_exit 2 randomizer simulate --protocol nosuch.ini 2>err &&
	grep "cannot open protocol" err
'

test_done
