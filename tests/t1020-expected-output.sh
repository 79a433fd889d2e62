#!/bin/sh
# trial and randomizer: exact output where it is the contract
# (tests/data/exp/): the register's tables as staff read them, and the
# messages of bad usage.  Arms, hashes and keys differ in every store, so
# only what a fixed register and the test clock decide is compared here.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: five sites, a register of 30' '
	make_se_store &&
	gen_register --rows 30 --seed 5 >reg.csv &&
	trial import se.db reg.csv >/dev/null
'

test_expect_success 'the register tables, as staff read them' '
	test_expect_output trial-site-list 0 trial site list se.db &&
	test_expect_output trial-status-md 0 trial status se.db --format md &&
	test_expect_output trial-list-site 0 trial list se.db --site 0301
'

test_expect_success 'usage errors: one message, what is expected' '
	test_expect_output trial-no-command 2 trial &&
	test_expect_output trial-not-a-command 2 trial frobnicate &&
	test_expect_output trial-no-store 2 trial info &&
	test_expect_output trial-unknown-format 2 trial status se.db --format xml &&
	test_expect_output trial-unknown-option 2 trial list se.db --bogus &&
	test_expect_output randomizer-not-a-command 2 randomizer shuffle se.db &&
	test_expect_output randomizer-no-store 2 randomizer verify
'

test_done
