#!/bin/sh
# Withdrawal, exit and follow-up outcomes.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	make_se_store &&
	gen_register --rows 12 --seed 5 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	trial enrol se.db --site 0301 --id 11057523044 --set gender=female \
		--set birth_year=1985 --set education=primary \
		--set norwegian_level=A2 --set years_in_norway=3 \
		--set consent_date=2026-10-01 >/dev/null
'

test_expect_success 'withdrawal is recorded once, with its date' '
	trial withdraw se.db P000003 --reason "moved abroad" --date 2026-10-14 &&
	test_unchanged se.db trial withdraw se.db P000003 --reason again 2>err &&
	grep "P000003 has already withdrawn" err &&
	trial list se.db --format csv | grep "^P000003,.*,withdrawn,"
'

test_expect_success 'an event date before recruitment or in the future is refused' '
	test_unchanged se.db trial withdraw se.db P000013 --reason x --date 2026-09-30 2>err &&
	grep "before the participant was recruited on 2026-10-01" err &&
	test_unchanged se.db trial withdraw se.db P000013 --reason x --date 2026-10-16 2>err &&
	grep "lies in the future" err &&
	test_unchanged se.db trial withdraw se.db P000013 --reason x --date 15.10.2026 2>err &&
	grep "not a date, expected YYYY-MM-DD" err
'

test_expect_success 'exit takes a reason from the fixed list' '
	trial exit se.db P000004 --reason paid_work &&
	test_unchanged se.db trial exit se.db P000005 --reason job 2>err &&
	grep "exit reason .job. is not a code, expected paid_work|upper_secondary" err &&
	trial export se.db | grep "^P000004,.*,exited,,paid_work,2026-10-15,,,,$"
'

test_expect_success 'unknown participants and bad ids are refused' '
	test_unchanged se.db trial exit se.db P000099 --reason moved 2>err &&
	grep "participant .P000099. is not in this trial" err &&
	test_unchanged se.db trial exit se.db 42 --reason moved 2>err &&
	grep "not a participant id, expected P followed by digits" err &&
	test_unchanged se.db trial withdraw se.db P000001 2>err &&
	grep -- "--reason is required" err
'

test_expect_success 'outcomes by participant id or identity number' '
	cat >out1.csv <<-\EOT &&
	participant,outcome,value,date
	P000001,employed_or_education_12m,1,2026-10-01
	P000002,employed_or_education_12m,0,
	P000002,earnings_12m,250000.5,
	EOT
	trial outcome import se.db out1.csv --format csv >out &&
	grep "out1.csv,3,0,0" out &&
	printf "id_number,outcome,value\n11057523044,earnings_12m,0\n" >out2.csv &&
	trial outcome import se.db out2.csv --format csv >out &&
	grep "out2.csv,1,0,0" out
'

test_expect_success 'outcome values are checked against the protocol' '
	cat >bad.csv <<-\EOT &&
	participant,outcome,value
	P000001,employed_or_education_12m,yes
	P000002,earnings_12m,"1,5"
	P000003,earnings_12m,-10
	P000099,earnings_12m,10
	P000004,wage,10
	P000005,earnings_12m,
	EOT
	test_unchanged se.db trial outcome import se.db bad.csv 2>err &&
	grep "bad.csv:2:3: employed_or_education_12m is binary, expected 0 or 1" err &&
	grep "bad.csv:3:3: earnings_12m .1,5. is not a number, expected a decimal point" err &&
	grep "bad.csv:4:3: earnings_12m .-10. is below the minimum 0" err &&
	grep "bad.csv:5:1: P000099 is not enrolled in this trial" err &&
	grep "bad.csv:6:2: .wage. is not an outcome of the protocol" err &&
	grep "bad.csv:7:3: value of earnings_12m is empty" err &&
	grep "6 bad row(s)" err
'

test_expect_success 'a different value needs --replace, which keeps the old one' '
	printf "participant,outcome,value\nP000002,earnings_12m,260000\n" >fix.csv &&
	test_unchanged se.db trial outcome import se.db fix.csv 2>err &&
	grep "already recorded as .250000.5.; a correction needs --replace" err &&
	trial outcome import se.db fix.csv --replace --format csv >out &&
	grep "fix.csv,1,0,1" out &&
	test_unchanged se.db trial outcome import se.db out1.csv --format csv 2>err >out &&
	grep "already recorded as .260000." err
'

test_expect_success 'an unknown identity number is refused without echoing it' '
	printf "id_number,outcome,value\n26104500284,earnings_12m,1\n" >who.csv &&
	test_unchanged se.db trial outcome import se.db who.csv 2>err &&
	grep "who.csv:2:1: this person is not enrolled in this trial" err &&
	! grep 26104500284 err
'

test_expect_success 'participant and id_number together are refused' '
	printf "participant,id_number,outcome,value\nP000001,11057523044,earnings_12m,1\n" >both.csv &&
	test_unchanged se.db trial outcome import se.db both.csv 2>err &&
	grep "not both" err
'

test_done
