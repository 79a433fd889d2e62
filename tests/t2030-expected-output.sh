#!/bin/sh
# randomizer's main commands, exactly as they print (tests/data/exp/):
# assign, log, verify of a good store and of a tampered one, simulate; and
# their main messages of bad input.  The store's keys come from
# RCT_TEST_KEYS (the test build only), so its arms and the hashes of its
# first entries are the same on every run.  What is random by design is
# filtered, by name: the sealed bytes (each identity and each allocation's
# concealed record is sealed with a fresh key) and every audit hash after
# the first enrolment; simulate's figures (fresh secrets in every run).
. "$(dirname "$0")/lib.sh"

RCT_TEST_KEYS=t2030-expected-output
export RCT_TEST_KEYS

# From the first enrolment on, the hex of sealed bytes and of the hashes
# that follow them.
SEALED='/,enrol,/,$ s/[0-9a-f]{64,}/<after sealed bytes>/g'
# simulate's figures that its fresh secrets decide.
FIGURES='s/chi2 [0-9.]+, p [0-9.]+/chi2 <chi2>, p <p>/
s/^(correct guesses with(out)? the block sizes [^,]*),[0-9.]+% \(se [^)]*\),[0-9.]+% exact/\1,<share> (se <se>),<exact> exact/'

test_expect_success 'setup: two sites, a register of six' '
	trial init se.db --protocol "$PROTOCOLS/supported-employment.ini" >/dev/null &&
	trial site add se.db 0301 --name Oslo --target 40 >/dev/null &&
	trial site add se.db 4601 --name Bergen --target 30 >/dev/null &&
	gen_register --rows 6 --seed 5 --sites 0301,4601 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	test "$(trial list se.db --format csv | wc -l)" -eq 7
'

test_expect_success 'assign one participant, then the pending; the export with their arms' '
	test_expect_output randomizer-assign 0 randomizer assign se.db P000001 &&
	test_expect_output randomizer-assign-pending 0 randomizer assign se.db --pending &&
	test_expect_output randomizer-assign-nobody 0 randomizer assign se.db --pending &&
	test_expect_output randomizer-export-allocated 0 trial export se.db
'

test_expect_success 'assign: the messages of bad usage' '
	test_expect_output randomizer-assign-again 2 randomizer assign se.db P000001 &&
	test_expect_output randomizer-assign-unknown 2 randomizer assign se.db P000099 &&
	test_expect_output randomizer-assign-nobody-named 2 randomizer assign se.db
'

test_expect_success 'the log, the sealed bytes and the hashes after them filtered' '
	test_expect_output randomizer-log 0 \
		test_filtered "$SEALED" randomizer log se.db --format csv
'

test_expect_success 'verify a good store, alone and against its registered fingerprint' '
	trial info se.db --format csv >info.csv &&
	fp=$(csv_col info.csv fingerprint) &&
	test ${#fp} -eq 64 &&
	test_expect_output randomizer-verify 0 randomizer verify se.db &&
	test_expect_output randomizer-verify-fingerprint 0 randomizer verify se.db --fingerprint "$fp" &&
	test_expect_output randomizer-verify-other-fingerprint 1 \
		randomizer verify se.db --fingerprint 0000000000000000000000000000000000000000000000000000000000000000
'

test_expect_success 'verify a tampered copy: a flipped arm, a deleted audit entry' '
	cp se.db t.db && cp -rp se.keys t.keys &&
	sqlite3 t.db "UPDATE allocation SET arm = CASE arm WHEN '"'"'control'"'"' THEN '"'"'treatment'"'"' ELSE '"'"'control'"'"' END WHERE participant = 2" &&
	test_expect_output randomizer-verify-flipped-arm 1 randomizer verify t.db &&
	rm -rf t.db t.keys && cp se.db t.db && cp -rp se.keys t.keys &&
	sqlite3 t.db "DELETE FROM audit WHERE seq = 6" &&
	test_expect_output randomizer-verify-deleted-entry 1 randomizer verify t.db
'

# Fresh secrets in every run: a correct allocator fails the chi-square at
# the 0.001 level once in a thousand runs (ok NO), so one run again.
test_expect_success 'simulate: the checks of the protocol, its figures filtered' '
	for attempt in 1 2; do
		test_expect_output randomizer-simulate 0 test_filtered "$FIGURES" \
			randomizer simulate --protocol "$PROTOCOLS/supported-employment.ini" \
			--trials 50 --format csv && break
		test $attempt -eq 1 || return 1
	done
'

test_expect_success 'simulate: the messages of bad usage' '
	test_expect_output randomizer-simulate-no-protocol 2 randomizer simulate --trials 10 &&
	test_expect_output randomizer-simulate-no-such-protocol 2 randomizer simulate --protocol nosuch.ini &&
	test_expect_output randomizer-simulate-bad-trials 2 \
		randomizer simulate --protocol "$PROTOCOLS/supported-employment.ini" --trials x
'

test_done
