#!/bin/sh
# Every entry's actor is the operating-system user and its time comes from
# the clock (TRUST.md, rule 7): the release programs in bin/ have no
# RCT_NOW or RCT_ACTOR (only the test build in tests/bin does), an
# "on behalf of" note is recorded apart from the user, and a write whose
# clock reads earlier than the log's last entry is refused.
. "$(dirname "$0")/lib.sh"

test_expect_success 'the release programs ignore RCT_NOW and RCT_ACTOR' '
	before=$(date -u +%Y-%m-%dT%H:%M:%SZ) &&
	RCT_NOW=2020-01-01 RCT_ACTOR=mallory USER=mallory LOGNAME=mallory \
		"$BIN/trial" init r.db --protocol "$PROTOCOLS/supported-employment.ini" >/dev/null &&
	RCT_NOW=2020-01-02 RCT_ACTOR=mallory USER=mallory \
		"$BIN/trial" site add r.db 0301 --name Oslo >/dev/null &&
	after=$(date -u +%Y-%m-%dT%H:%M:%SZ) &&
	sqlite3 r.db "SELECT DISTINCT actor FROM audit" >actors &&
	id -un >expect && test_cmp expect actors &&
	sqlite3 r.db "SELECT at FROM audit UNION ALL SELECT value FROM meta WHERE key = '"'"'created_at'"'"'" >times &&
	while read t; do
		test "$t" \> "$before" -o "$t" = "$before" &&
		test "$t" \< "$after" -o "$t" = "$after" || return 1
	done <times &&
	for p in trial randomizer analysis; do
		! grep -a -q "RCT_NOW\|RCT_ACTOR" "$BIN/$p" || return 1
	done &&
	"$BIN/randomizer" verify r.db >/dev/null
'

test_expect_success 'the test programs take both, for repeatable months' '
	trial init t.db --protocol "$PROTOCOLS/supported-employment.ini" >/dev/null &&
	test "$(sqlite3 t.db "SELECT actor || '"'"' '"'"' || at FROM audit")" = "tester 2026-10-15T12:00:00Z"
'

test_expect_success 'on behalf of is recorded after the user, apart from it' '
	RCT_ON_BEHALF_OF="Kari Nordmann, NAV Oslo" "$BIN/trial" site add r.db 4601 --name Bergen >/dev/null &&
	test "$(sqlite3 r.db "SELECT actor FROM audit ORDER BY seq DESC LIMIT 1")" = "$(id -un) (on behalf of Kari Nordmann, NAV Oslo)" &&
	test_unchanged r.db env RCT_ON_BEHALF_OF="$(printf "a\tb")" "$BIN/trial" site add r.db 5001 --name Trondheim 2>err &&
	grep "RCT_ON_BEHALF_OF holds a control character" err &&
	"$BIN/randomizer" verify r.db >/dev/null
'

test_expect_success 'a write whose clock reads earlier than the log is refused' '
	test_unchanged t.db env RCT_NOW=2026-10-01 trial site add t.db 0301 --name Oslo 2>err &&
	grep "the clock reads 2026-10-01T12:00:00Z, before the time of the last audit entry (1, at 2026-10-15T12:00:00Z); times never go backwards along the log: set the system clock right and try again; nothing was written" err &&
	test_exit 2 env RCT_NOW=2026-10-01 trial site add t.db 0301 --name Oslo 2>/dev/null &&
	trial site add t.db 0301 --name Oslo >/dev/null &&
	RCT_NOW=2026-10-16 trial site add t.db 4601 --name Bergen >/dev/null &&
	randomizer verify t.db >/dev/null
'

test_expect_success 'an entry whose time was set back is found (re-signed ones: test_cover)' '
	cp t.db b.db && cp -rp t.keys b.keys &&
	sqlite3 b.db "UPDATE audit SET at = '"'"'2026-09-01T12:00:00Z'"'"' WHERE seq = 3" &&
	test_exit 1 randomizer verify b.db 2>err &&
	grep "audit entry 3 (site.add) was edited" err
'

test_done
