#!/bin/sh
# trial init: a store and its keys from a protocol, the commitment printed,
# a malformed protocol refused with its line, nothing left behind.
. "$(dirname "$0")/lib.sh"

test_expect_success 'init creates the store and private keys' '
	trial init se.db --protocol "$PROTOCOLS/supported-employment.ini" >out &&
	grep -E "^commitment +[0-9a-f]{64}$" out &&
	test -f se.db &&
	test "$(stat -c %a se.keys)" = 700 &&
	for k in randomization.key signing.key pseudonym.key; do
		test "$(stat -c %a se.keys/$k)" = 600 || return 1
	done
'

test_expect_success 'the commitment is the hash of the secret, in info too' '
	commitment=$(awk "/^commitment/ {print \$2}" out) &&
	trial info se.db --format csv >info.csv &&
	grep -q "$commitment" info.csv &&
	grep -q "Supported employment for refugees" info.csv
'

test_expect_success 'a second init of the same store is refused' '
	cp se.db before.db &&
	test_exit 2 trial init se.db --protocol "$PROTOCOLS/supported-employment.ini" 2>err &&
	grep "already exists" err &&
	cmp before.db se.db
'

test_expect_success 'a malformed protocol is refused with file and line' '
	sed "s/^ratio = 1$/ratio = one/" "$PROTOCOLS/supported-employment.ini" >bad.ini &&
	test_exit 2 trial init bad.db --protocol bad.ini 2>err &&
	grep "bad.ini:[0-9]*: ratio .one. of arm .control. is not a whole number" err &&
	test ! -e bad.db && test ! -e bad.keys
'

test_expect_success 'an undefined stratum variable is refused' '
	sed "s/^strata = site, gender$/strata = site, region/" \
		"$PROTOCOLS/supported-employment.ini" >bad2.ini &&
	test_exit 2 trial init bad2.db --protocol bad2.ini 2>err &&
	grep "stratum variable .region. is not defined" err &&
	test ! -e bad2.db
'

test_expect_success 'a duplicate arm is refused with both lines' '
	cp "$PROTOCOLS/supported-employment.ini" dup.ini &&
	printf "\n[arm control]\nratio = 2\n" >>dup.ini &&
	test_exit 2 trial init dup.db --protocol dup.ini 2>err &&
	grep "dup.ini:[0-9]*: duplicate arm .control., first declared at line" err
'

test_expect_success 'every example protocol creates a store' '
	for p in supported-employment mother-tongue-support vocational-fourth-year; do
		trial init $p.db --protocol "$PROTOCOLS/$p.ini" >/dev/null || return 1
	done
'

test_expect_success 'usage errors exit 2 and say what is expected' '
	test_exit 2 trial init x.db 2>err && grep -- "--protocol FILE is required" err &&
	test_exit 2 trial 2>err && grep "usage: trial COMMAND" err &&
	test_exit 2 trial frobnicate 2>err && grep "not a command" err &&
	test_exit 2 trial info 2>err && grep "a STORE is required" err &&
	test_exit 2 trial info nosuch.db 2>err && grep "does not exist" err &&
	test_exit 2 trial info se.db --format xml 2>err && grep "unknown format" err
'

test_expect_success '--help is answered by every command' '
	trial --help >out && grep "site add" out && grep "^  screen " out &&
	test_help_all trial &&
	trial screen --help | grep "^usage: trial screen STORE "
'

test_expect_success 'a file that is not a store is refused' '
	echo hello >not.db &&
	test_exit 2 trial info not.db 2>err && grep "not a trial store" err
'

test_done
