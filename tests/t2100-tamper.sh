#!/bin/sh
# verify finds every kind of tampering with a copy of a good store: an arm
# flipped, an audit row deleted or reordered, the log cut short, baseline
# or identities edited, rows added or removed, the revealed secret swapped.
. "$(dirname "$0")/lib.sh"

# A fresh copy of the good store, edited by SQL, must fail verify with exit
# 1 and a message matching the pattern.
tampered () {
	sql=$1 pattern=$2
	shift 2
	rm -rf t.db t.keys && cp good.db t.db && cp -rp good.keys t.keys &&
	sqlite3 t.db "$sql" &&
	test_exit 1 randomizer verify t.db "$@" 2>err &&
	grep "$pattern" err
}

test_expect_success 'setup: a trial with enrolments, allocations, follow-up' '
	make_se_store good.db &&
	gen_register --rows 40 --seed 31 >reg.csv &&
	trial import good.db reg.csv >/dev/null &&
	randomizer assign good.db --pending >/dev/null &&
	trial withdraw good.db P000007 --reason moved >/dev/null &&
	trial exit good.db P000008 --reason paid_work >/dev/null &&
	printf "participant,outcome,value\nP000001,earnings_12m,1000\nP000002,earnings_12m,0\n" >o.csv &&
	trial outcome import good.db o.csv >/dev/null &&
	randomizer log good.db --head --format csv | tail -1 | cut -d, -f2 >head1 &&
	randomizer verify good.db >out && grep intact out
'

test_expect_success 'a flipped arm is found' '
	tampered "UPDATE allocation SET arm = CASE arm WHEN '"'"'control'"'"' THEN '"'"'treatment'"'"' ELSE '"'"'control'"'"' END WHERE participant = 12" \
		"allocation of P000012 has arm .[a-z]*. in the store, .[a-z]*. in the log"
'

test_expect_success 'a deleted audit row is found' '
	tampered "DELETE FROM audit WHERE seq = 20" "audit entry 21 follows entry 19"
'

test_expect_success 'reordered audit rows are found' '
	tampered "UPDATE audit SET seq = -1 WHERE seq = 20; UPDATE audit SET seq = 20 WHERE seq = 21; UPDATE audit SET seq = 21 WHERE seq = -1" \
		"audit entry 20 does not link to entry 19"
'

test_expect_success 'an edited payload is found' '
	tampered "UPDATE audit SET payload = replace(payload, '"'"'moved'"'"', '"'"'died'"'"') WHERE action = '"'"'withdraw'"'"'" \
		"was edited: its hash does not match"
'

test_expect_success 'the log cut short is found against a published head' '
	rm -rf t.db t.keys && cp good.db t.db && cp -rp good.keys t.keys &&
	trial withdraw t.db P000009 --reason moved >/dev/null &&
	randomizer log t.db --head --format csv | tail -1 | cut -d, -f2 >head2 &&
	sqlite3 t.db "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit); DELETE FROM audit_head WHERE seq = (SELECT max(seq) FROM audit_head); DELETE FROM checkpoint WHERE size = (SELECT max(size) FROM checkpoint); DELETE FROM withdrawal WHERE participant = 9" &&
	randomizer verify t.db >/dev/null &&
	test_exit 1 randomizer verify t.db --head "$(cat head2)" 2>err &&
	grep "is not in the log: it was cut short or rewritten" err &&
	randomizer verify t.db --head "$(cat head1)" >/dev/null
'

test_expect_success 'entries added without the signing key are found' '
	tampered "INSERT INTO audit SELECT seq + 1, at, actor, action, payload, hash, hash FROM audit WHERE seq = (SELECT max(seq) FROM audit)" \
		"was edited: its hash does not match" &&
	tampered "DELETE FROM audit_head WHERE seq = (SELECT max(seq) FROM audit_head)" \
		"not covered by a signed head"
'

test_expect_success 'a forged head signature is found' '
	tampered "UPDATE audit_head SET signature = zeroblob(64) WHERE seq = (SELECT max(seq) FROM audit_head)" \
		"has a bad signature"
'

test_expect_success 'an edited baseline value is found' '
	tampered "UPDATE participant SET baseline = replace(baseline, '"'"'\"primary\"'"'"', '"'"'\"higher\"'"'"') WHERE id = (SELECT min(id) FROM participant WHERE baseline LIKE '"'"'%primary%'"'"')" \
		"its rows were edited since"
'

test_expect_success 'an edited sealed identity is found' '
	tampered "UPDATE identity SET sealed = zeroblob(28) WHERE participant = 3" \
		"its rows were edited since"
'

test_expect_success 'a deleted participant is found' '
	tampered "DELETE FROM allocation WHERE participant = 40; DELETE FROM identity WHERE participant = 40; DELETE FROM participant WHERE id = 40" \
		"rows, the store holds"
'

test_expect_success 'an allocation without an entry is found' '
	tampered "DELETE FROM allocation WHERE participant = 40" \
		"P000040 has no allocation"
'

test_expect_success 'a withdrawal without an entry is found' '
	tampered "INSERT INTO withdrawal VALUES (10, '"'"'2026-10-15'"'"', '"'"'x'"'"', 99)" \
		"the store holds 2 withdrawal row(s) but the audit log describes 1"
'

test_expect_success 'an edited outcome is found' '
	tampered "UPDATE outcome SET value = '"'"'99999'"'"' WHERE participant = 1" \
		"its rows were edited since"
'

test_expect_success 'an edited protocol is found' '
	tampered "UPDATE protocol SET text = replace(text, '"'"'alpha = 0.05'"'"', '"'"'alpha = 0.10'"'"')" \
		"protocol version 1 was edited" &&
	tampered "UPDATE protocol SET hash = '"'"'00'"'"'" "protocol version 1 was edited"
'

test_expect_success 'a swapped revealed secret is found' '
	rm -rf r.db r.keys && cp good.db r.db && cp -rp good.keys r.keys &&
	randomizer reveal r.db --yes >/dev/null &&
	randomizer verify r.db --replay >/dev/null &&
	sqlite3 r.db "UPDATE meta SET value = '"'"'0000000000000000000000000000000000000000000000000000000000000000'"'"' WHERE key = '"'"'secret'"'"'" &&
	test_exit 1 randomizer verify r.db 2>err &&
	grep "does not match" err
'

test_expect_success 'a re-drawn arm with its entry rewritten fails the replay' '
	rm -rf r.db r.keys && cp good.db r.db && cp -rp good.keys r.keys &&
	arm=$(sqlite3 r.db "SELECT arm FROM allocation WHERE participant = 15") &&
	other=$(test "$arm" = control && echo treatment || echo control) &&
	sqlite3 r.db "UPDATE allocation SET arm = '"'"'$other'"'"' WHERE participant = 15" &&
	test_exit 1 randomizer verify r.db --replay 2>err
'

test_done
