#!/bin/sh
# The protocol is frozen at init; amendments are audited versions; every
# change appends to the audit log in the same transaction.
. "$(dirname "$0")/lib.sh"

# One field of trial info.
info () {
	trial info se.db --format csv |
	awk -F, -v f="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == f) c = i }
		NR == 2 { print $c }'
}

entries () {
	info audit_entries
}

test_expect_success 'setup' '
	make_se_store && entries >n0 && test "$(cat n0)" = 6
'

test_expect_success 'each change adds an audit entry; a refused one adds none' '
	gen_register --rows 5 >reg.csv &&
	trial import se.db reg.csv >/dev/null && test "$(entries)" = 7 &&
	test_must_fail trial site add se.db 0301 --name again 2>/dev/null &&
	test "$(entries)" = 7 &&
	trial withdraw se.db P000001 --reason moved >/dev/null &&
	test "$(entries)" = 8
'

test_expect_success 'an amendment needs a changed protocol and a reason' '
	test_unchanged se.db trial amend se.db --protocol "$PROTOCOLS/supported-employment.ini" --reason same 2>err &&
	grep "the protocol is unchanged" err &&
	test_unchanged se.db trial amend se.db --protocol "$PROTOCOLS/supported-employment.ini" 2>err &&
	grep -- "--reason are required" err
'

test_expect_success 'an amendment is a new version, recorded' '
	sed "s/^alpha = 0.05$/alpha = 0.025/" "$PROTOCOLS/supported-employment.ini" >v2.ini &&
	trial amend se.db --protocol v2.ini --reason "two-sided 2.5% after DSMB advice" >out &&
	grep "protocol amended" out &&
	test "$(info protocol_version)" = 2 &&
	test "$(entries)" = 9
'

test_expect_success 'a malformed amendment is refused with its line' '
	sed "s/^method = blocks$/method = coin/" "$PROTOCOLS/supported-employment.ini" >v3.ini &&
	test_unchanged se.db trial amend se.db --protocol v3.ini --reason x 2>err &&
	grep "v3.ini:[0-9]*: method .coin. is unknown" err
'

test_expect_success 'a store from a newer schema is refused' '
	cp se.db new.db && cp -r se.keys new.keys &&
	sqlite3 new.db "PRAGMA user_version = 99" &&
	test_unchanged new.db trial info new.db 2>err &&
	grep "schema version 99, written by a newer version" err
'

test_done
