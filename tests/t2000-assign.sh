#!/bin/sh
# randomizer assign: each method on a real store; refusals; retries draw
# the same arm; two trials draw different sequences; verify and replay.
. "$(dirname "$0")/lib.sh"

arms () {
	sqlite3 "$1" "SELECT participant || ':' || arm FROM allocation ORDER BY participant"
}

test_expect_success 'setup: the supported-employment trial, 60 enrolled' '
	make_se_store &&
	gen_register --rows 60 --seed 21 >reg.csv &&
	trial import se.db reg.csv >/dev/null
'

test_expect_success 'one participant is allocated and the arm printed' '
	randomizer assign se.db P000001 --format csv >out &&
	grep -E "^P000001,(control|treatment)," out &&
	trial list se.db --format csv | grep -E "^P000001,.*,(control|treatment)$"
'

test_expect_success 'a participant is never allocated twice' '
	test_unchanged se.db randomizer assign se.db P000001 2>err &&
	grep "P000001 is already allocated to" err
'

test_expect_success 'unknown and malformed participants are refused' '
	test_unchanged se.db randomizer assign se.db P000999 2>err &&
	grep "participant .P000999. is not in this trial" err &&
	test_unchanged se.db randomizer assign se.db 17 2>err &&
	grep "not a participant id" err &&
	test_unchanged se.db randomizer assign se.db P000002 P000002 2>err &&
	grep "P000002 is named twice" err &&
	test_unchanged se.db randomizer assign se.db 2>err &&
	grep "give PARTICIPANT ids or --pending" err
'

test_expect_success 'a withdrawn participant is not allocated' '
	trial withdraw se.db P000005 --reason moved >/dev/null &&
	test_unchanged se.db randomizer assign se.db P000005 2>err &&
	grep "P000005 withdrew on 2026-10-15 and is not allocated" err
'

test_expect_success 'a retry draws what the first attempt drew' '
	cp se.db a.db && cp -rp se.keys a.keys &&
	cp se.db b.db && cp -rp se.keys b.keys &&
	randomizer assign a.db P000003 P000004 --format csv >a.out &&
	randomizer assign b.db P000003 P000004 --format csv >b.out &&
	test_cmp a.out b.out
'

test_expect_success 'pending allocates everyone else, skipping the withdrawn' '
	randomizer assign se.db --pending --format csv >out &&
	test $(tail -n +2 out | wc -l) = 58 &&
	! grep P000005 out
'

test_expect_success 'permuted blocks keep every stratum within 3 (block 6)' '
	sqlite3 -separator ";" se.db "SELECT sequence, arm FROM allocation ORDER BY participant" |
	awk -F";" "{ n[\$1] += (\$2 == \"treatment\" ? 1 : -1); d = n[\$1] < 0 ? -n[\$1] : n[\$1]; if (d > worst) worst = d }
		END { exit worst > 3 }"
'

test_expect_success 'positions are unique and consecutive in each stratum' '
	sqlite3 -separator ";" se.db "SELECT sequence, count(*), max(position), count(DISTINCT position) FROM allocation GROUP BY sequence" |
	awk -F";" "\$2 != \$3 || \$2 != \$4 { bad++ } END { exit bad }"
'

test_expect_success 'verify and replay pass' '
	randomizer verify se.db --replay >out &&
	grep "intact: .* 59 allocations" out &&
	grep "replayed: 59 allocations drawn again, all the same" out
'

test_expect_success 'two trials with the same register draw different arms' '
	make_se_store other.db &&
	trial import other.db reg.csv >/dev/null &&
	randomizer assign other.db --pending >/dev/null &&
	arms se.db >one && arms other.db >two &&
	! cmp -s one two
'

test_expect_success 'a missing stratification factor refuses allocation' '
	trial init og.db --protocol "$TEST_DATA/optional-gender.ini" >/dev/null &&
	trial site add og.db 0301 --name Oslo >/dev/null &&
	trial enrol og.db --site 0301 --id 11057523044 --set birth_year=1985 \
		--set education=primary --set norwegian_level=A2 \
		--set years_in_norway=3 --set consent_date=2026-10-01 >/dev/null &&
	test_unchanged og.db randomizer assign og.db P000001 2>err &&
	grep "P000001 cannot be allocated: a stratification factor" err
'

test_expect_success 'blinded export shows masked labels, consistently' '
	trial export se.db --blind >blind.csv &&
	trial export se.db >open.csv &&
	cut -d, -f16 blind.csv | tail -n +2 | grep . | sort -u >labels &&
	printf "A\nB\n" >expect && test_cmp expect labels &&
	paste -d, open.csv blind.csv | awk -F, "NR > 1 && \$16 != \"\" { print \$16, \$32 }" | sort -u >map &&
	test $(wc -l <map) = 2
'

test_expect_success 'a correction after allocation keeps the enrolled value' '
	gender=$(trial export se.db | awk -F, "\$1 == \"P000010\" { print \$4 }") &&
	other=$(test "$gender" = male && echo female || echo male) &&
	stratum=$(trial list se.db --format csv | awk -F, "\$1 == \"P000010\" { print \$4 }") &&
	trial correct se.db P000010 --set gender=$other --reason "registered wrongly" >/dev/null &&
	trial export se.db | awk -F, "\$1 == \"P000010\" { print \$4 }" >now &&
	echo $other >expect && test_cmp expect now &&
	trial list se.db --format csv | awk -F, "\$1 == \"P000010\" { print \$4 }" >now &&
	echo "$stratum" >expect && test_cmp expect now &&
	randomizer verify se.db --replay | grep "replayed: 59" &&
	test_unchanged se.db trial correct se.db P000010 --set gender=other --reason x 2>err &&
	grep "not a code of gender" err &&
	test_unchanged se.db trial correct se.db P000010 --set gender=$other --reason x 2>err &&
	grep "already" err &&
	test_unchanged se.db trial correct se.db P000010 --set shoe=42 --reason x 2>err &&
	grep "not a baseline variable" err
'

test_expect_success 'reveal publishes the secret and closes allocation' '
	commitment=$(trial info se.db --format csv | awk -F, "NR == 2 { print \$3 }") &&
	randomizer reveal se.db --yes >out && grep -E "^secret [0-9a-f]{64}$" out &&
	test_unchanged se.db randomizer assign se.db P000005 2>err &&
	grep "allocation is closed" err &&
	test_unchanged se.db randomizer reveal se.db --yes 2>err &&
	grep "already revealed" err
'

test_expect_success 'after reveal anyone can replay without the keys' '
	mv se.keys hidden.keys &&
	randomizer verify se.db --replay >out &&
	grep "replayed: 59" out &&
	mv hidden.keys se.keys
'

test_expect_success 'simple randomization (1:1 in the simulate check below)' '
	sed "s/^method = blocks$/method = simple/; /^block_sizes/d; /^\[concealed\]$/d" \
		"$PROTOCOLS/supported-employment.ini" >simple.ini &&
	trial init simple.db --protocol simple.ini >/dev/null &&
	trial site add simple.db 0301 --name Oslo >/dev/null &&
	trial site add simple.db 4601 --name Bergen >/dev/null &&
	gen_register --rows 30 --sites 0301,4601 >r2.csv &&
	trial import simple.db r2.csv >/dev/null &&
	randomizer assign simple.db --pending >/dev/null &&
	randomizer verify simple.db --replay | grep "replayed: 30"
'

test_done
