#!/bin/sh
# Mistakes put right: a withdrawal or exit recorded by mistake is undone,
# a site added by mistake renamed or removed, each an audited correction
# with a reason that verify checks; refusals leave the store unchanged,
# and a tampered correction is caught.
. "$(dirname "$0")/lib.sh"

# A fresh copy t.db of good.db, edited by SQL, must fail verify (exit 1)
# with a message matching the pattern.
tampered () {
	rm -rf t.db t.keys && cp good.db t.db && cp -rp good.keys t.keys &&
	sqlite3 t.db "$1" &&
	test_exit 1 randomizer verify t.db 2>err &&
	grep "$2" err
}

test_expect_success 'setup' '
	make_se_store &&
	gen_register --rows 12 --seed 5 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	trial site add se.db 0310 --name "Olso (typo)" >/dev/null &&
	trial site add se.db 9999 --name Nowhere >/dev/null &&
	trial site add se.db 7777 --name Empty >/dev/null
'

test_expect_success 'a withdrawal is undone with a reason, and may be recorded again' '
	trial withdraw se.db P000003 --reason "moved abroad" --date 2026-10-14 >/dev/null &&
	trial withdraw se.db P000003 --undo --reason "it was P000004 who moved" >out &&
	echo "P000003: withdrawal undone" >exp && test_cmp exp out &&
	trial list se.db --format csv | grep "^P000003," >row &&
	! grep withdrawn row &&
	trial withdraw se.db P000004 --reason "moved abroad" >/dev/null &&
	randomizer verify se.db >out &&
	grep "^intact: .*consistent with itself only" out &&
	sqlite3 se.db "SELECT action, payload FROM audit WHERE action = '"'"'withdraw.undo'"'"'" >log &&
	grep "withdraw.undo|{\"participant\":\"P000003\",\"undoes\":[0-9]*,\"reason\":\"it was P000004 who moved\"}" log &&
	trial withdraw se.db P000003 --reason "withdrew consent" >/dev/null &&
	randomizer verify se.db >/dev/null
'

test_expect_success 'an exit is undone; nothing to undo is refused' '
	trial exit se.db P000005 --reason paid_work >/dev/null &&
	trial exit se.db P000005 --undo --reason "wrong participant" >out &&
	echo "P000005: exit undone" >exp && test_cmp exp out &&
	trial export se.db | grep "^P000005," >row &&
	! grep paid_work row &&
	test_unchanged se.db trial exit se.db P000005 --undo --reason again 2>err &&
	grep "participant P000005 has not exited: there is nothing to undo" err &&
	test_unchanged se.db trial withdraw se.db P000006 --undo --reason x 2>err &&
	grep "participant P000006 has not withdrawn: there is nothing to undo" err &&
	test_unchanged se.db trial withdraw se.db P000004 --undo 2>err &&
	grep -- "--reason is required" err &&
	test_unchanged se.db trial withdraw se.db P000004 --undo --reason "" 2>err &&
	grep "the reason for the correction must be 1 to 500" err &&
	test_unchanged se.db trial exit se.db P000004 --undo --reason x --date 2026-10-01 2>err &&
	grep -- "--undo takes no --date" err &&
	randomizer verify se.db >/dev/null
'

test_expect_success 'a site nobody recruited at is renamed or removed' '
	trial site rename se.db 0310 0312 --name "Oslo bydel" --reason "mistyped code" >out &&
	echo "site 0310 renamed 0312" >exp && test_cmp exp out &&
	trial site list se.db --format csv | grep "^0312,Oslo bydel,," &&
	! trial site list se.db --format csv | grep "^0310," &&
	trial site remove se.db 9999 --reason "added by mistake" >out &&
	echo "site 9999 removed" >exp && test_cmp exp out &&
	! trial site list se.db --format csv | grep "^9999," &&
	trial site add se.db 9999 --name "Nowhere again" >/dev/null &&
	trial site rename se.db 9999 9998 --reason "again" >/dev/null &&
	trial site rename se.db 0312 0310 --reason "back" >/dev/null &&
	randomizer verify se.db >out &&
	grep "^intact: .*consistent with itself only" out
'

test_expect_success 'a site anything names is not renamed or removed' '
	test_unchanged se.db trial site rename se.db 0301 0302 --reason x 2>err &&
	grep "site .0301. has [0-9]* participant(s) enrolled and cannot be renamed" err &&
	test_unchanged se.db trial site remove se.db 0301 --reason x 2>err &&
	grep "site .0301. has [0-9]* participant(s) enrolled and cannot be removed" err &&
	trial screen se.db --site 0310 --month 2026-09 --screened 3 >/dev/null &&
	test_unchanged se.db trial site remove se.db 0310 --reason x 2>err &&
	grep "site .0310. has 1 screening report(s) and cannot be removed" err &&
	trial user add se.db kari --role staff --site 9998 >/dev/null &&
	test_unchanged se.db trial site rename se.db 9998 9997 --reason x 2>err &&
	grep "site .9998. is a site of 1 user(s) (trial user list) and cannot be renamed" err &&
	test_unchanged se.db trial site remove se.db 4242 --reason x 2>err &&
	grep "site .4242. is not a site of this trial" err &&
	test_unchanged se.db trial site rename se.db 7777 0301 --reason x 2>err &&
	grep "site .0301. already exists" err &&
	test_unchanged se.db trial site rename se.db 7777 "a b" --reason x 2>err &&
	grep "site code .a b. is not valid" err &&
	test_unchanged se.db trial site remove se.db 7777 2>err &&
	grep -- "--reason TEXT is required" err &&
	test_unchanged se.db trial site rename se.db 7777 --reason x 2>err &&
	grep "the site.s codes OLD and NEW are required" err &&
	randomizer verify se.db >/dev/null &&
	cp se.db good.db && cp -rp se.keys good.keys
'

test_expect_success 'a site renamed with control characters in its new code or name is refused' '
	checked=0 &&
	for c in "\033[31m" "\001" "\011" "\177" "\302\205"; do
		name=$(printf "Oslo${c}x") &&
		test_unchanged se.db trial site rename se.db 7777 7778 --name "$name" --reason x 2>err &&
		grep -x "trial: site name holds the control character U+00[0-9A-F]* at character 5, expected printable text" err &&
		test_unchanged se.db trial site rename se.db 7777 "$(printf "77${c}78")" --reason x 2>err &&
		grep "^trial: site code .77.*78. is not valid, expected 1 to 32 letters, digits" err &&
		checked=$((checked + 1)) || return 1
	done &&
	test $checked = 5 &&
	trial site list se.db --format csv | grep "^7777," &&
	! trial site list se.db --format csv | grep "^7778,"
'

test_expect_success 'a tampered withdrawal reversal is caught' '
	seq=$(sqlite3 good.db "SELECT json_extract(payload, '"'"'$.undoes'"'"') FROM audit WHERE action = '"'"'withdraw.undo'"'"'") &&
	tampered "INSERT INTO withdrawal SELECT participant + 1000, date, reason, $seq FROM withdrawal LIMIT 1" \
		"the store holds 3 withdrawal row(s) but the audit log describes 2" &&
	tampered "DELETE FROM withdrawal WHERE participant = 3" \
		"audit entry [0-9]* (withdraw) does not match the store: P000003 has no withdrawal, and no entry undid it" &&
	tampered "DELETE FROM withdrawal WHERE participant = 4" \
		"(withdraw) does not match the store: P000004 has no withdrawal, and no entry undid it" &&
	tampered "UPDATE audit SET payload = replace(payload, '"'"'wrong participant'"'"', '"'"'wrong one'"'"') WHERE action = '"'"'exit.undo'"'"'" \
		"audit entry [0-9]* .*exit.undo" &&
	tampered "INSERT INTO exit VALUES (5, '"'"'2026-10-15'"'"', '"'"'paid_work'"'"', (SELECT json_extract(payload, '"'"'$.undoes'"'"') FROM audit WHERE action = '"'"'exit.undo'"'"'))" \
		"it undid the exit of P000005 (entry [0-9]*), but the row is still in the store"
'

test_expect_success 'a site renamed, removed or added outside the toolkit is caught' '
	tampered "UPDATE site SET code = '"'"'0311'"'"' WHERE code = '"'"'0310'"'"'" \
		"site .0311. is in the store, but no audit entry left it there" &&
	tampered "INSERT INTO site SELECT '"'"'9999'"'"', name, target, added_at, audit_seq FROM site WHERE code = '"'"'1103'"'"'" \
		"site .9999. is in the store, but no audit entry left it there" &&
	tampered "DELETE FROM site WHERE code = '"'"'7777'"'"'" \
		"the store holds 7 site(s) but the audit log leaves 8" &&
	tampered "UPDATE site SET name = '"'"'Olso'"'"' WHERE code = '"'"'0310'"'"'" \
		"site .0310. has name .Olso. and target null in the store"
'

test_done
