#!/bin/sh
# No identity number in clear anywhere but in the files the site staff
# gave: not in the store, its WAL, the keys, any output, any log entry or
# any error message of a whole trial's life, bad imports included.
. "$(dirname "$0")/lib.sh"

test_expect_success 'a trial lives: import, errors, allocation, follow-up, analysis' '
	make_se_store &&
	gen_register --rows 60 --seed 71 >in-register.csv &&
	cut -d, -f1 in-register.csv | tail -n +2 >in-numbers.txt &&
	trial import se.db in-register.csv >out.import &&
	# The same register again at another site, and a bad check digit.
	sed "s/,0301,/,4601,/" in-register.csv >in-moved.csv &&
	{ trial import se.db in-moved.csv >out.moved 2>err.moved; true; } &&
	awk -F, "NR == 1 { print; next } NR == 2 { \$1 = substr(\$1, 1, 10) (substr(\$1, 11, 1) + 1) % 10 } { print }" OFS=, \
		in-register.csv >in-bad.csv &&
	{ trial import se.db in-bad.csv >out.bad 2>err.bad; true; } &&
	echo "$(head -1 in-numbers.txt)" | { trial enrol se.db --site 0301 --id - \
		--set gender=male --set birth_year=1990 --set education=primary \
		--set norwegian_level=A1 --set years_in_norway=2 \
		--set consent_date=2026-01-01 >out.enrol 2>err.enrol; true; } &&
	randomizer assign se.db --pending >out.assign &&
	trial export se.db --format csv >out.export &&
	trial export se.db --blind --format json >out.blind &&
	trial list se.db >out.list &&
	trial status se.db >out.status &&
	trial info se.db >out.info &&
	randomizer log se.db --format json >out.log &&
	randomizer verify se.db >out.verify &&
	awk -F, "BEGIN { print \"participant,outcome,value\" } NR > 1 { print \$1 \",earnings_12m,\" NR }" \
		out.export >in-outcomes.csv &&
	trial outcome import se.db in-outcomes.csv >out.outcomes &&
	analysis effects se.db --outcome earnings_12m --estimator dim >out.effects &&
	analysis report se.db --html out.report.html >/dev/null &&
	test -s err.moved && test -s err.bad && test -s err.enrol
'

test_expect_success 'no number given appears in any byte the toolkit wrote' '
	sqlite3 se.db "PRAGMA wal_checkpoint(PASSIVE)" >/dev/null &&
	ls se.db* se.keys/* out.* err.* >files &&
	! grep -a -l -F -f in-numbers.txt $(cat files)
'

test_done
