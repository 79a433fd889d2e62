#!/bin/sh
# verify covers every table and row the toolkit writes, both ways: the
# lottery's waiting list and its promotions, meta, the schema objects and
# their version, orphan screening rows.  Each attack edits a copy of a good
# store with sqlite3 and must fail verify with exit 1; promote refuses what
# it cannot do and prints only what it committed.
. "$(dirname "$0")/lib.sh"

# A fresh copy of store $1 (good.db or vt.db), edited by SQL, must fail
# verify with exit 1 and a message matching the pattern.
tampered () {
	from=$1 sql=$2 pattern=$3
	shift 3
	rm -rf t.db t.keys && cp "$from" t.db && cp -rp "${from%.db}.keys" t.keys &&
	sqlite3 t.db "$sql" &&
	test_exit 1 randomizer verify t.db "$@" 2>err &&
	grep "$pattern" err
}

# A fresh copy t.db of store $1, for a write after an attack.
copy () {
	rm -rf t.db t.keys && cp "$1" t.db && cp -rp "${1%.db}.keys" t.keys
}

# The participant at rank $1 of the good waiting list.
rank () {
	printf P%06d "$(sqlite3 vt.db "SELECT participant FROM waiting_list WHERE rank = $1")"
}

test_expect_success 'setup: a lottery with its waiting list, one promotion' '
	trial init vt.db --protocol "$PROTOCOLS/vocational-fourth-year.ini" >/dev/null &&
	trial site add vt.db vestland --name "NAV Vestland" --target 14 >/dev/null &&
	vt_applicants 40 vestland >vt.csv &&
	trial import vt.db vt.csv >/dev/null &&
	randomizer lottery vt.db --site vestland --capacity 10 >/dev/null &&
	randomizer promote vt.db --site vestland >/dev/null &&
	randomizer verify vt.db --replay >out && grep intact out
'

test_expect_success 'swapped ranks are found, before and after a promotion' '
	tampered vt.db "UPDATE waiting_list SET rank = 5 - rank WHERE rank IN (2, 3)" \
		"is at rank [23] of lottery 1 in the store, but the lottery drew rank [23]" --replay &&
	copy vt.db &&
	sqlite3 t.db "UPDATE waiting_list SET rank = 6 - rank WHERE rank IN (2, 4)" &&
	randomizer promote t.db --site vestland >out &&
	grep "$(rank 4)" out &&
	test_exit 1 randomizer verify t.db --replay 2>err &&
	grep "audit entry [0-9]* (promote) offered a place to $(rank 4) (rank 4), but the lottery.s waiting list puts $(rank 2) first" err
'

test_expect_success 'a deleted or an added waiting-list row is found' '
	tampered vt.db "DELETE FROM waiting_list WHERE rank = 2" \
		"put P[0-9]* at rank 2 of its waiting list, but the store has no such row" &&
	copy vt.db &&
	sqlite3 t.db "DELETE FROM waiting_list WHERE rank = 2" &&
	randomizer promote t.db --site vestland >out &&
	grep "$(rank 3)" out &&
	test_exit 1 randomizer verify t.db 2>err &&
	grep "offered a place to $(rank 3) (rank 3), but the lottery.s waiting list puts $(rank 2) first" err &&
	tampered vt.db "INSERT INTO waiting_list SELECT participant, site, lottery, 99, NULL FROM allocation, (SELECT site, 1 AS lottery FROM waiting_list LIMIT 1) WHERE participant NOT IN (SELECT participant FROM waiting_list) LIMIT 1" \
		"is on a waiting list, but no lottery entry put them there"
'

test_expect_success 'a promotion marked on another row is found' '
	tampered vt.db "UPDATE waiting_list SET promoted_seq = (SELECT max(promoted_seq) FROM waiting_list) WHERE rank = 2" \
		"the store holds 2 promotion row(s) but the audit log describes 1" &&
	tampered vt.db "UPDATE waiting_list SET promoted_seq = (SELECT seq FROM audit WHERE action = '"'"'promote'"'"') WHERE rank = 2; UPDATE waiting_list SET promoted_seq = NULL WHERE rank = 1" \
		"audit entry [0-9]* (promote) does not match the store: the waiting list differs for"
'

test_expect_success 'a planted trigger, view, table or index is found' '
	tampered vt.db "CREATE TRIGGER t AFTER UPDATE ON waiting_list BEGIN UPDATE waiting_list SET rank = rank + 1 WHERE participant = NEW.participant; END" \
		"the store holds trigger .t., which the toolkit did not create" &&
	copy vt.db &&
	sqlite3 t.db "CREATE TRIGGER swap BEFORE UPDATE OF promoted_seq ON waiting_list WHEN OLD.rank = 2 BEGIN UPDATE waiting_list SET rank = 0 WHERE rank = 3; END" &&
	randomizer promote t.db --site vestland >/dev/null &&
	test_exit 1 randomizer verify t.db --replay 2>err &&
	grep "trigger" err &&
	tampered vt.db "CREATE VIEW v AS SELECT * FROM meta" "holds view .v." &&
	tampered vt.db "CREATE TABLE notes(x)" "holds table .notes." &&
	tampered vt.db "CREATE INDEX w_rank ON waiting_list(rank)" "holds index .w_rank." &&
	tampered vt.db "DROP INDEX allocation_sequence" "lacks index .allocation_sequence." &&
	tampered vt.db "ALTER TABLE site ADD COLUMN note TEXT" "table .site. of the store differs from the one the toolkit created"
'

test_expect_success 'setup: a trial that reached the end' '
	make_se_store good.db &&
	gen_register --rows 12 --seed 7 >reg.csv &&
	trial import good.db reg.csv >/dev/null &&
	randomizer assign good.db --pending >/dev/null &&
	trial screen good.db --site 0301 --month 2026-09 --screened 30 --excluded not_eligible=4 >/dev/null &&
	randomizer verify good.db >/dev/null
'

test_expect_success 'an edited trial name or registration is found' '
	tampered good.db "UPDATE meta SET value = '"'"'Another trial'"'"' WHERE key = '"'"'trial'"'"'" \
		"the store.s trial is .Another trial., but audit entry 1 (init) says" &&
	tampered good.db "UPDATE meta SET value = '"'"'ISRCTN99999999'"'"' WHERE key = '"'"'registration'"'"'" \
		"the store.s registration is .ISRCTN99999999." &&
	tampered good.db "UPDATE meta SET value = '"'"'2020-01-01T00:00:00Z'"'"' WHERE key = '"'"'created_at'"'"'" \
		"the store.s created_at is"
'

test_expect_success 'a planted secret or a deleted meta row is found' '
	tampered good.db "INSERT INTO meta VALUES ('"'"'secret'"'"', '"'"'00'"'"')" \
		"meta holds .secret., which no audit entry describes" &&
	tampered good.db "INSERT INTO meta VALUES ('"'"'owner'"'"', '"'"'me'"'"')" \
		"meta holds .owner." &&
	tampered good.db "DELETE FROM meta WHERE key = '"'"'registration'"'"'" \
		"meta lacks .registration., which audit entry 1 (init) wrote"
'

test_expect_success 'a lowered or raised schema version is tampering, exit 1' '
	tampered good.db "PRAGMA user_version = 1" \
		"has schema version 1, but audit entry 1 records version 5: PRAGMA user_version was lowered" &&
	tampered good.db "PRAGMA user_version = 0" "has schema version 0, but audit entry 1" &&
	tampered good.db "PRAGMA user_version = 1" "lowered" &&
	test_unchanged t.db trial site add t.db 9999 --name Nowhere 2>err &&
	grep "has schema version 1, but audit entry 1 records version 5: PRAGMA user_version was lowered outside the toolkit; nothing was written" err &&
	test_exit 1 trial site add t.db 9999 --name Nowhere 2>/dev/null
'

test_expect_success 'an orphan screening exclusion is found' '
	tampered good.db "INSERT INTO screening_exclusion VALUES (99, '"'"'other'"'"', 3)" \
		"1 screening exclusion row(s) of no screening report"
'

test_expect_success 'corrections reordered by id are found' '
	trial correct good.db P000003 --set gender=female --reason "typing error" >/dev/null &&
	trial correct good.db P000003 --set gender=male --reason "the first was right" >/dev/null &&
	randomizer verify good.db >/dev/null &&
	tampered good.db "UPDATE correction SET id = -id; UPDATE correction SET id = 3 + id" \
		"correction 2 (audit entry [0-9]*) comes after the one of entry [0-9]*: the corrections were reordered"
'

test_expect_success 'an edited time or reason beside an entry is found' '
	tampered good.db "UPDATE site SET added_at = '"'"'2025-01-01T12:00:00Z'"'"' WHERE code = '"'"'4601'"'"'" \
		"site 4601 is dated 2025-01-01T12:00:00Z, but its audit entry 2026-10-15T12:00:00Z" &&
	tampered good.db "UPDATE protocol SET adopted_at = '"'"'2027-01-01T12:00:00Z'"'"'" \
		"protocol version 1 is dated 2027-01-01T12:00:00Z" &&
	tampered good.db "UPDATE protocol SET reason = '"'"'as the sponsor asked'"'"'" \
		"the reason for protocol version 1 differs from its audit entry" &&
	tampered good.db "UPDATE audit_head SET at = '"'"'2027-01-01T12:00:00Z'"'"' WHERE seq = 2" \
		"the head signed at entry 2 is dated 2027-01-01T12:00:00Z, outside the times"
'

test_expect_success 'promote refuses a trial that is not a lottery' '
	test_unchanged good.db randomizer promote good.db --site 0301 2>err &&
	grep "method is blocks, not a lottery: it has no waiting list" err &&
	test_exit 2 randomizer promote good.db --site 0301 2>/dev/null &&
	test_exit 2 randomizer promote good.db --site 0301 --format xml 2>err &&
	grep "unknown format .xml., expected table, csv, json, md or html" err
'

test_expect_success 'promote honours --format and speaks only after the commit' '
	copy vt.db &&
	randomizer promote t.db --site vestland --places 2 --format csv >out 2>err &&
	printf "participant,waiting_rank\n%s,2\n%s,3\n" $(rank 2) $(rank 3) >expect &&
	test_cmp expect out && test ! -s err &&
	randomizer promote t.db --site vestland --format json >out &&
	grep "\"participant\": \"$(rank 4)\", \"waiting_rank\": 4" out &&
	sqlite3 t.db "CREATE TRIGGER stop BEFORE INSERT ON audit_head BEGIN SELECT RAISE(ABORT, '"'"'no head today'"'"'); END" &&
	test_unchanged t.db randomizer promote t.db --site vestland --places 1000 >out 2>err &&
	test ! -s out && ! grep "has only" err && grep "no head today" err &&
	sqlite3 t.db "DROP TRIGGER stop" &&
	randomizer promote t.db --site vestland --places 1000 --format md >out 2>err &&
	grep "^| participant" out &&
	grep "the waiting list of site .vestland. has only [0-9]* more" err &&
	randomizer verify t.db --replay >/dev/null
'

test_done
