#!/bin/sh
# The protocol's concealed part (SPIRIT 2025 item 21b; TRUST.md, rule 3):
# the block sizes are cut from the protocol at init and kept only sealed
# under the secret, committed to by a keyed hash in the init entry and the
# fingerprint; no command shows them before reveal, which publishes them.
. "$(dirname "$0")/lib.sh"

test_expect_success 'init seals the concealed part and commits to it' '
	trial init se.db --protocol "$PROTOCOLS/supported-employment.ini" >init.out &&
	grep -E "^concealed_hash +[0-9a-f]{64}$" init.out &&
	sqlite3 se.db "SELECT payload FROM audit WHERE seq = 1" |
		grep -F "\"concealed_hash\":\"$(sed -n "s/^concealed_hash  *//p" init.out)\"" &&
	test "$(sqlite3 se.db "SELECT count(*) FROM concealed")" = 1 &&
	trial site add se.db 0301 --name Oslo >/dev/null &&
	gen_register --rows 40 --seed 8 --sites 0301 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer assign se.db --pending >/dev/null
'

test_expect_success 'nothing readable tells the block sizes' '
	sqlite3 se.db .dump >dump.txt &&
	randomizer log se.db --format json >log.json &&
	trial info se.db --format json >info.json &&
	trial export se.db >export.csv &&
	analysis balance se.db >balance.txt &&
	! grep -l -E "block_sizes|2, 4, 6" dump.txt log.json info.json export.csv balance.txt &&
	sqlite3 se.db "SELECT text FROM protocol" | grep -F "[concealed]"
'

test_expect_success 'the commitment cannot be matched by guessing the block sizes' '
	for sizes in "2" "4" "6" "2, 4" "2, 4, 6" "4, 6" "2, 6" "4, 8"; do
		printf "[concealed]\nblock_sizes = %s\n" "$sizes" | b2sum -l 256 | cut -c1-64
	done >guesses &&
	! grep -F -f guesses dump.txt
'

test_expect_success 'without the secret the concealed part cannot be opened' '
	mv se.keys se.keys.away &&
	test_exit 2 analysis diagnose se.db --trials 10 2>err &&
	grep -F "the protocol'"'"'s concealed part (its block sizes) is sealed until reveal" err &&
	mv se.keys.away se.keys
'

test_expect_success 'a sealed part edited in the store allocates nothing' '
	cp se.db edited.db && cp -rp se.keys edited.keys &&
	sqlite3 edited.db "UPDATE concealed SET sealed = substr(sealed, 1, 40) || CASE substr(sealed, 41, 2) WHEN '"'"'00'"'"' THEN '"'"'ff'"'"' ELSE '"'"'00'"'"' END || substr(sealed, 43)" &&
	gen_register --rows 1 --seed 9 --sites 0301 --first 900 >one.csv &&
	trial import edited.db one.csv >/dev/null &&
	test_unchanged edited.db randomizer assign edited.db P000041 2>err &&
	grep -F "does not open with the trial'"'"'s secret: it was tampered with" err &&
	cp se.db hash.db && cp -rp se.keys hash.keys &&
	sqlite3 hash.db "UPDATE concealed SET hash = \"$(printf %064d 0)\"" &&
	test_exit 1 randomizer verify hash.db 2>err &&
	grep -F "the concealed part of protocol version 1 was edited" err
'

test_expect_success 'a frozen design: the block sizes cannot be amended after allocation' '
	sed "s/^block_sizes = 2, 4, 6$/block_sizes = 4/" "$PROTOCOLS/supported-employment.ini" >v2.ini &&
	test_unchanged se.db trial amend se.db --protocol v2.ini --reason "smaller" 2>err &&
	grep -F "participant(s) are allocated" err
'

test_expect_success 'reveal publishes the concealed part; replay opens and checks it' '
	randomizer reveal se.db --yes >reveal.out &&
	grep -F "the protocol'"'"'s concealed part, published now:" reveal.out &&
	grep -F "block_sizes = 2, 4, 6" reveal.out &&
	randomizer verify se.db --replay >out &&
	grep -F "replayed: 40 allocations" out
'

test_expect_success 'before allocation an amendment may change it, sealed again' '
	trial init am.db --protocol "$PROTOCOLS/supported-employment.ini" >/dev/null &&
	trial amend am.db --protocol v2.ini --reason "smaller blocks" >/dev/null &&
	test "$(sqlite3 am.db "SELECT count(*) FROM concealed")" = 2 &&
	randomizer log am.db --format csv | grep -F ",protocol.amend," | grep -F "concealed_hash" &&
	test_unchanged am.db trial amend am.db --protocol v2.ini --reason "again" 2>err &&
	grep -F "the protocol is unchanged" err &&
	trial site add am.db 0301 --name Oslo >/dev/null &&
	trial import am.db reg.csv >/dev/null && randomizer assign am.db --pending >/dev/null &&
	randomizer reveal am.db --yes | grep -F "block_sizes = 4" &&
	randomizer verify am.db --replay >/dev/null &&
	randomizer log am.db --open --format csv | grep -c "block_size\"*:4" >n &&
	test "$(cat n)" -ge 40
'

test_done
