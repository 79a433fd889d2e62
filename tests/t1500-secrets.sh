#!/bin/sh
# Secrets live beside the store in files only their owner can read; a
# key file others can read, or keys of another trial, are refused.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' 'make_se_store && make_se_store other.db'

test_expect_success 'a world-readable key file is refused' '
	chmod 644 se.keys/signing.key &&
	test_unchanged se.db trial site add se.db 9001 --name X 2>err &&
	grep "key file .se.keys/signing.key. has mode 644, which others can read; expected 600" err &&
	chmod 600 se.keys/signing.key
'

test_expect_success 'a group-readable pseudonym key is refused at enrolment' '
	chmod 640 se.keys/pseudonym.key &&
	gen_register --rows 3 >reg.csv &&
	test_unchanged se.db trial import se.db reg.csv 2>err &&
	grep "pseudonym.key. has mode 640" err &&
	chmod 600 se.keys/pseudonym.key
'

test_expect_success 'an open keys directory is refused' '
	chmod 755 se.keys &&
	test_unchanged se.db trial site add se.db 9001 --name X 2>err &&
	grep "keys directory .se.keys. has mode 755" err &&
	chmod 700 se.keys
'

test_expect_success 'missing keys are refused, reading still works' '
	mv se.keys away.keys &&
	test_unchanged se.db trial site add se.db 9001 --name X 2>err &&
	grep "keys directory .se.keys. is missing" err &&
	trial site list se.db >/dev/null &&
	mv away.keys se.keys
'

test_expect_success 'keys of another trial are refused' '
	mv se.keys mine.keys && cp -rp other.keys se.keys &&
	test_unchanged se.db trial site add se.db 9001 --name X 2>err &&
	grep "belong to another trial" err &&
	rm -rf se.keys && mv mine.keys se.keys
'

test_expect_success 'a damaged key file is refused' '
	cp -p se.keys/signing.key good.key &&
	echo xyz >se.keys/signing.key &&
	test_unchanged se.db trial site add se.db 9001 --name X 2>err &&
	grep "is damaged" err &&
	cp -p good.key se.keys/signing.key &&
	trial site add se.db 9001 --name X >/dev/null
'

test_done
