#!/bin/sh
# A disk that fills up during a write (simulated with the shell's file
# size limit, which makes the write fail as a full disk does): a clear
# message, exit 2, and the store exactly as it was; it still verifies.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	make_se_store &&
	gen_register --rows 20000 --seed 3 >big.csv &&
	cp se.db before.db
'

test_expect_success 'an import that fills the disk writes nothing' '
	{ (trap "" XFSZ; ulimit -f 600; trial import se.db big.csv) 2>err;
	test $? = 2; } &&
	grep -F "the disk refused a write" err &&
	grep -F "nothing was written" err &&
	cmp se.db before.db &&
	randomizer verify se.db &&
	test "$(sqlite3 se.db "SELECT count(*) FROM participant")" = 0
'

test_expect_success 'with room again, the same import succeeds' '
	trial import se.db big.csv >/dev/null &&
	test "$(sqlite3 se.db "SELECT count(*) FROM participant")" = 20000 &&
	randomizer verify se.db
'

test_done
