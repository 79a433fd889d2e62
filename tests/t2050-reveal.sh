#!/bin/sh
# randomizer reveal cannot be undone: it asks on a terminal and wants
# --yes from a script, and it refuses while enrolled participants wait for
# allocation unless told to close them out as never randomized; refused,
# it writes nothing.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a trial with some allocated and some waiting' '
	make_se_store &&
	gen_register --rows 8 --seed 3 --sites 0301 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer assign se.db P000001 P000002 P000003 >/dev/null
'

test_expect_success 'participants still waiting: refused, nothing written' '
	test_unchanged se.db randomizer reveal se.db --yes 2>err &&
	grep -F "5 enrolled participant(s) still wait for allocation (the first is P000004)" err &&
	grep -F "nothing was revealed" err
'

test_expect_success 'from a script without --yes: refused, nothing written' '
	test_unchanged se.db randomizer reveal se.db --close-pending </dev/null 2>err &&
	grep -F "reveal cannot be undone: from a script, say --yes" err
'

test_expect_success 'on a terminal it asks, and a wrong answer reveals nothing' '
	if command -v script >/dev/null; then
		cp se.db before.db &&
		(sleep 0.3; echo no) | script -qec "randomizer reveal se.db --close-pending" /dev/null >tty.out 2>&1;
		grep -F "Type '"'"'reveal'"'"' to go on" tty.out &&
		grep -F "not confirmed; nothing was revealed" tty.out &&
		cmp before.db se.db &&
		(sleep 0.3; echo reveal) | script -qec "randomizer reveal se.db --close-pending" /dev/null >tty.out 2>&1 &&
		grep -E "secret [0-9a-f]{64}" tty.out &&
		grep -F "closed out, never randomized: 5" tty.out
	fi
'

test_expect_success 'the closed-out count is in the log; allocation is closed' '
	randomizer log se.db --format csv | grep -F ",reveal," | grep -F "\"\"closed\"\":5" &&
	test_exit 2 randomizer assign se.db P000004 2>err &&
	grep -F "allocation is closed" err &&
	randomizer verify se.db --replay >/dev/null
'

test_done
