#!/bin/sh
# A store written at schema version 1 (tests/data/store-v1, made by an
# earlier build) opened by this one: read-only commands refuse it with a
# clear message, a failing write leaves it byte for byte, the first write
# migrates it in the same transaction with an audit entry, and nothing is
# lost: the export is the one written then, the log verifies.
. "$(dirname "$0")/lib.sh"

OLD="$TEST_DATA/store-v1"

test_expect_success 'setup: a copy of the old store and its keys' '
	cp "$OLD/v1.db" v1.db && cp -r "$OLD/v1.keys" v1.keys &&
	chmod 700 v1.keys && chmod 600 v1.keys/*.key &&
	test "$(sqlite3 v1.db "PRAGMA user_version")" = 1
'

test_expect_success 'a read-only command says a write will migrate it' '
	test_exit 2 randomizer verify v1.db 2>err &&
	grep -F "has the older schema 1; a write command will migrate it" err
'

test_expect_success 'a write that fails leaves the old store as it was' '
	test_unchanged v1.db trial screen v1.db --site 0301 --month 2026-09 \
		--screened 3 --excluded "declined=5" 2>err &&
	grep -F "5 excluded of 3 screened" err &&
	test "$(sqlite3 v1.db "PRAGMA user_version")" = 1
'

test_expect_success 'the migration to schema 3 needs the old identity key once' '
	cp v1.db nokey.db && cp -rp v1.keys nokey.keys && rm nokey.keys/identity.key &&
	test_unchanged nokey.db trial screen nokey.db --site 0301 --month 2026-09 \
		--screened 30 2>err &&
	grep -F "migrating store '"'"'nokey.db'"'"' to schema 3 needs its old identity.key once" err
'

test_expect_success 'the first write migrates it to schema 5, with an audit entry' '
	trial screen v1.db --site 0301 --month 2026-09 --screened 30 \
		--excluded "not eligible=8" --excluded declined=4 &&
	test "$(sqlite3 v1.db "PRAGMA user_version")" = 5 &&
	randomizer log v1.db --format csv | grep ",store.migrate,\"{\"\"from\"\":1,\"\"to\"\":5,\"\"linkage_key\"\":" &&
	randomizer verify v1.db
'

test_expect_success 'nothing is lost: the export, the outcomes, the analysis' '
	trial export v1.db --format csv >export.csv &&
	awk -F, -v OFS=, "NR == FNR { if (FNR == 1) for (i = 1; i <= NF; i++) want[i] = \$i; next }
		FNR == 1 { for (i = 1; i <= NF; i++) col[\$i] = i }
		{ line = \$col[want[1]]; for (i = 2; i in want; i++) line = line OFS \$col[want[i]]; print line }" \
		"$OLD/export.csv" export.csv >before.csv &&
	test_cmp "$OLD/export.csv" before.csv &&
	head -1 export.csv | tr , "\n" | grep -n -x -e years_in_norway_enrolled -e earnings_12m >actual &&
	printf "9:years_in_norway_enrolled\n19:earnings_12m\n" >expect &&
	test_cmp expect actual &&
	analysis effects v1.db --outcome earnings_12m --estimator dim --format csv >e.csv &&
	grep "^earnings_12m,dim," e.csv
'

test_expect_success 'the keys are split: enrolment seals, only the linkage key opens' '
	test -f v1.keys/pseudonym.key && test -f v1.keys/linkage.pub &&
	test "$(stat -c %a v1.linkage.key)" = 600 &&
	cmp v1.linkage.key v1.keys/identity.key &&
	n=$(sqlite3 v1.db "SELECT count(*) FROM identity") &&
	gen_register --rows 3 --seed 99 --sites 0301 --first 700 >new.csv &&
	trial import v1.db new.csv >/dev/null &&
	trial linkage export v1.db --key v1.linkage.key --out link.csv >out &&
	grep -E "^identities +$((n + 3))$" out &&
	tail -n 3 link.csv | cut -d, -f2 >got && tail -n +2 new.csv | cut -d, -f1 >want &&
	test_cmp want got &&
	randomizer verify v1.db
'

test_done
