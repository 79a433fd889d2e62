#!/bin/sh
# trial's main commands, exactly as they print (tests/data/exp/): init,
# site add and list, enrol, list, status, export and info on a store whose
# keys come from RCT_TEST_KEYS (the test build only), so its commitment,
# fingerprint and audit hashes are the same on every run (but for what
# follows an enrolment: each identity is sealed with a fresh key, and the
# enrolment's digest covers the sealed bytes); and the main messages of
# bad input, each with its exit code.
. "$(dirname "$0")/lib.sh"

RCT_TEST_KEYS=t1030-expected-output
export RCT_TEST_KEYS

# enrol ROW of reg.csv at its own site with the values it gives.
enrol_row () {
	sed -n "$1p" reg.csv | {
		IFS=, read -r id site gender birth education level years consent &&
		trial enrol se.db --site "$site" --id "$id" --set gender="$gender" \
			--set birth_year="$birth" --set education="$education" \
			--set norwegian_level="$level" --set years_in_norway="$years" \
			--set consent_date="$consent"
	}
}

test_expect_success 'init, from a protocol beside the store' '
	cp "$PROTOCOLS/supported-employment.ini" se.ini &&
	test_expect_output trial-init 0 trial init se.db --protocol se.ini
'

test_expect_success 'site add; the site list and info before anyone is enrolled' '
	test_expect_output trial-site-add 0 trial site add se.db 0301 --name Oslo --target 40 &&
	trial site add se.db 4601 --name Bergen --target 30 >/dev/null &&
	test_expect_output trial-site-list-empty 0 trial site list se.db &&
	test_expect_output trial-info-new 0 trial info se.db
'

test_expect_success 'enrol one participant, then a register of five' '
	gen_register --rows 6 --seed 5 --sites 0301,4601 >reg.csv &&
	test "$(wc -l <reg.csv)" -eq 7 &&
	test_expect_output trial-enrol 0 enrol_row 2 &&
	{ head -1 reg.csv && tail -n +3 reg.csv; } >rest.csv &&
	test_expect_output trial-import 0 trial import se.db rest.csv
'

test_expect_success 'list, status, export and info of the store' '
	test_expect_output trial-list 0 trial list se.db &&
	test_expect_output trial-list-one-site 0 trial list se.db --site 0301 &&
	test_expect_output trial-list-unknown-site 2 trial list se.db --site 9999 &&
	test_expect_output trial-status 0 trial status se.db &&
	test_expect_output trial-site-list-enrolled 0 trial site list se.db &&
	test_expect_output trial-export 0 trial export se.db &&
	test_expect_output trial-info 0 \
		test_filtered "s/^(audit_head +)[0-9a-f]{64}$/\\1<after sealed identities>/" trial info se.db
'

test_expect_success 'init: the messages of a missing protocol or an existing store' '
	test_expect_output trial-init-no-protocol 2 trial init new.db &&
	test_expect_output trial-init-no-such-protocol 2 trial init new.db --protocol nosuch.ini &&
	test_expect_output trial-init-exists 2 trial init se.db --protocol se.ini &&
	test_expect_output trial-info-no-such-store 2 trial info nosuch.db
'

test_expect_success 'site add: the messages of a site again or a bad code' '
	test_expect_output trial-site-add-exists 2 trial site add se.db 0301 --name Oslo &&
	test_expect_output trial-site-add-bad-code 2 trial site add se.db "bad code!" --name X &&
	test_expect_output trial-site-add-two-codes 2 trial site add se.db 03 01 --name X
'

test_expect_success 'enrol: the messages of bad input, and the store unchanged' '
	id=$(sed -n 3p reg.csv | cut -d, -f1) &&
	rest="--set birth_year=1996 --set education=primary --set norwegian_level=B1 --set years_in_norway=11" &&
	sqlite3 se.db .dump >before.sql &&
	test_expect_output trial-enrol-again 2 enrol_row 2 &&
	test_expect_output trial-enrol-check-digits 2 \
		trial enrol se.db --site 0301 --id 01018012345 --set gender=male $rest --set consent_date=2026-01-28 &&
	test_expect_output trial-enrol-unknown-site 2 \
		trial enrol se.db --site 9999 --id "$id" --set gender=male $rest --set consent_date=2026-01-28 &&
	test_expect_output trial-enrol-missing-values 2 \
		trial enrol se.db --site 0301 --id "$id" --set gender=male &&
	test_expect_output trial-enrol-not-a-code 2 \
		trial enrol se.db --site 0301 --id "$id" --set gender=other $rest --set consent_date=2026-01-28 &&
	test_expect_output trial-enrol-future-consent 2 \
		trial enrol se.db --site 0301 --id "$id" --set gender=male $rest --set consent_date=2026-10-16 &&
	sqlite3 se.db .dump >after.sql &&
	test_cmp before.sql after.sql
'

test_done
