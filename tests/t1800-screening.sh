#!/bin/sh
# trial screen: the screening log, counts per site and month; checked
# input, one report per site and month (replaceable), and every report
# matched to its audit entry by verify.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	make_se_store
'

test_expect_success 'a report is recorded with its reasons' '
	trial screen se.db --site 0301 --month 2026-09 --screened 30 \
		--excluded "not eligible=8" --excluded declined=4 >out &&
	grep -F "recorded site 0301, 2026-09: 30 screened, 12 excluded" out &&
	trial screen se.db --site 4601 --month 2026-10 --screened 12 >out &&
	randomizer verify se.db
'

test_expect_success 'bad reports are refused and change nothing' '
	test_unchanged se.db trial screen se.db --site 0301 --month 2026-09 --screened 5 2>err &&
	grep -F "has a screening report for 2026-09 already; give --replace" err &&
	test_unchanged se.db trial screen se.db --site 0301 --month 2026-11 --screened 5 2>err &&
	grep -F "month 2026-11 lies in the future, expected 2026-10 or earlier" err &&
	test_unchanged se.db trial screen se.db --site 0301 --month 26-09 --screened 5 2>err &&
	grep -F "month '"'"'26-09'"'"' is not a month, expected YYYY-MM" err &&
	test_unchanged se.db trial screen se.db --site 9999 --month 2026-09 --screened 5 2>err &&
	grep -F "site '"'"'9999'"'"' is not in this trial" err &&
	test_unchanged se.db trial screen se.db --site 0301 --month 2026-08 --screened 5 \
		--excluded declined=1 --excluded declined=2 2>err &&
	grep -F "exclusion reason '"'"'declined'"'"' is given twice" err &&
	test_unchanged se.db trial screen se.db --site 0301 --month 2026-08 --screened 5 \
		--excluded declined 2>err &&
	grep -F "expected REASON=COUNT" err
'

test_expect_success 'a report is corrected with --replace; verify still passes' '
	trial screen se.db --site 0301 --month 2026-09 --screened 31 \
		--excluded "not eligible=9" --replace >out &&
	grep -F "replaced site 0301, 2026-09: 31 screened, 9 excluded" out &&
	randomizer verify se.db
'

test_expect_success 'an edited or deleted report is found by verify' '
	cp se.db a.db && cp -rp se.keys a.keys &&
	sqlite3 a.db "UPDATE screening SET screened = 99 WHERE site = '"'"'0301'"'"'" &&
	test_exit 1 randomizer verify a.db 2>err &&
	grep -F "screening report of site 0301 for 2026-09 differs from the log" err &&
	cp se.db b.db && cp -rp se.keys b.keys &&
	sqlite3 b.db "DELETE FROM screening_exclusion; DELETE FROM screening WHERE site = '"'"'4601'"'"'" &&
	test_exit 1 randomizer verify b.db 2>err &&
	grep -F "site 4601 has no screening report for 2026-10" err
'

test_expect_success 'the CONSORT flow takes the top from the log' '
	analysis consort se.db --format csv >c.csv 2>err &&
	grep "^assessed for eligibility,,43,assessed less excluded (34) is not the enrolled (0): the counts do not add up$" c.csv &&
	grep "^excluded,,9,not eligible$" c.csv &&
	! grep -F warning err
'

test_done
