#!/bin/sh
# Small-cell suppression that arithmetic cannot undo: on a small trial
# with many small cells every table is written in every format (balance,
# Table 1 also as xlsx, CONSORT and its SVG, attrition, subgroups, effects
# from the store and of a file with a small arm, the pilot's four tables,
# the HTML report with its forest plot), and tests/tools/suppression_attack.py tries to recover each
# hidden count from the sums a reader knows (exact elimination, then
# bounds); it must recover nothing.  On hand-made leaky tables (one cell
# blanked, as the toolkit once did) it must find the leak, which shows
# the attack works.
. "$(dirname "$0")/lib.sh"

ATTACK="$TEST_ROOT/tests/tools/suppression_attack.py"
VARS=gender,birth_year,education,norwegian_level,years_in_norway
BINARY=employed_or_education_12m,took_up
PILOT="recruitment monthly outcomes deviations"

test_expect_success 'setup: 46 randomized, withdrawals, exits, outcomes' '
	make_se_store &&
	gen_register --rows 48 --seed 7 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	for i in $(seq 1 46); do printf "P%06d\n" $i; done >ids &&
	randomizer assign se.db $(cat ids) >/dev/null &&
	trial withdraw se.db P000003 --reason moved >/dev/null &&
	trial exit se.db P000004 --reason paid_work >/dev/null &&
	trial exit se.db P000005 --reason paid_work >/dev/null &&
	trial exit se.db P000006 --reason moved >/dev/null &&
	trial exit se.db P000009 --reason dropped_out >/dev/null &&
	trial export se.db --format csv >export.csv &&
	awk -F, "BEGIN { print \"participant,outcome,value\" }
		NR > 1 && \$16 != \"\" && NR % 9 {
			print \$1 \",employed_or_education_12m,\" NR % 2
			if (NR % 4) print \$1 \",earnings_12m,\" NR * 1000
			print \$1 \",took_up,\" (\$16 == \"treatment\") }" \
		export.csv >out.csv &&
	trial outcome import se.db out.csv >/dev/null &&
	trial screen se.db --site 0301 --month 2026-09 --screened 80 \
		--excluded "not eligible=20" --excluded "declined=3" >/dev/null
'

test_expect_success 'every output of every table, in every format' '
	for f in csv json md html table; do
		analysis balance se.db --format $f >bal.$f &&
		analysis table1 se.db --total --format $f >t1.$f &&
		analysis consort se.db --format $f >con.$f &&
		analysis attrition se.db --format $f >att.$f &&
		analysis subgroups se.db --by education --format $f >sub.$f || return 1
	done &&
	for f in md html table; do
		analysis pilot se.db --format $f >pilot.$f || return 1
	done &&
	for t in $PILOT; do
		analysis pilot se.db --table $t --format csv >pilot-$t.csv &&
		analysis pilot se.db --table $t --format json >pilot-$t.json || return 1
	done &&
	analysis table1 se.db --total --format xlsx --out t1.xlsx &&
	analysis effects se.db --format csv >eff.csv &&
	# A file with an outcome three treated have: n_treat below min_cell.
	awk -F, "NR == 1 { print \"arm,small,whole\" }
		NR > 1 && \$16 != \"\" { print \$16 \",\" (\$16 == \"control\" || ++t <= 3 ? NR % 3 : \"\") \",\" NR % 5 }" \
		export.csv >small.csv &&
	analysis effects --data small.csv --arm arm --treat treatment \
		--outcome small,whole --format csv >eff-small.csv &&
	analysis effects --data small.csv --arm arm --treat treatment \
		--outcome small,whole --format json >eff-small.json &&
	grep "^small,.*,treatment,control,.*,\"fewer than 5, or would reveal one: suppressed\"$" eff-small.csv &&
	analysis consort se.db --svg flow.svg >/dev/null &&
	analysis report se.db --html report.html >/dev/null &&
	xmllint --noout flow.svg &&
	awk -F, "\$1 == \"allocated\" { printf \"%s%s=%s\", sep, \$2, \$3; sep = \",\" }" con.csv >n &&
	grep -x "control=[0-9]*,treatment=[0-9]*" n
'

test_expect_success 'the attack recovers no suppressed count' '
	set -- --arms control,treatment --n "$(cat n)" --variables $VARS \
		--primary employed_or_education_12m --binary $BINARY \
		--effects eff.csv --effects eff-small.csv --effects eff-small.json \
		--table1 t1.xlsx --svg flow.svg --report report.html &&
	for f in csv json md html table; do
		set -- "$@" --balance bal.$f --table1 t1.$f --consort con.$f \
			--attrition att.$f --subgroups sub.$f
	done &&
	for f in md html table; do
		set -- "$@" --pilot pilot.$f
	done &&
	for t in $PILOT; do
		set -- "$@" --pilot pilot-$t.csv --pilot pilot-$t.json
	done &&
	python3 "$ATTACK" "$@" >attack.out &&
	cat attack.out &&
	! grep "^recovered" attack.out &&
	grep -x "tried [0-9]* hidden counts, recovered 0" attack.out
'

test_expect_success 'each output was read, and has suppressed counts to attack' '
	for f in bal.csv bal.json bal.md bal.html bal.table t1.csv t1.json \
		t1.md t1.html t1.table t1.xlsx con.csv con.json con.md \
		con.html con.table flow.svg report.html sub.csv sub.json \
		sub.md sub.html sub.table eff-small.csv eff-small.json \
		pilot.md pilot.html pilot.table pilot-recruitment.csv \
		pilot-recruitment.json pilot-monthly.csv pilot-monthly.json \
		pilot-deviations.csv pilot-deviations.json; do
		grep "^read $f: [1-9][0-9]* counts, [1-9][0-9]* hidden$" attack.out || {
			echo "nothing hidden read from $f"; return 1; }
	done &&
	# The store'"'"'s effects: its counts are the flow'"'"'s analysed (primary)
	# or at least min_cell; the pilot'"'"'s outcomes here hide nothing.
	for f in eff.csv pilot-outcomes.csv pilot-outcomes.json; do
		grep "^read $f: [1-9][0-9]* counts, [0-9]* hidden$" attack.out || {
			echo "no counts read from $f"; return 1; }
	done &&
	grep "^read report.html (forest plot): [1-9][0-9]* counts, [0-9]* hidden$" attack.out &&
	tried=$(sed -n "s/^tried \([0-9]*\) hidden.*/\1/p" attack.out) &&
	test "$tried" -ge 80
'

test_expect_success 'the attack finds an effects count blanked alone' '
	awk -F, -v OFS=, "NR == 1 || \$1 == \"earnings_12m\" { if (NR > 1) \$13 = \"\"; print }" eff.csv >eff-leaky.csv &&
	expect=$(awk -F, "\$1 == \"earnings_12m\" { print \$13 }" eff.csv) &&
	test "$expect" -gt 0 &&
	test_exit 1 python3 "$ATTACK" --arms control,treatment --n "$(cat n)" \
		--effects eff-leaky.csv >leak4.out &&
	grep -x "recovered: effects and pilot outcomes analysed/earnings_12m/treatment = $expect (linear algebra)" leak4.out
'

test_expect_success 'the attack finds a pilot count blanked alone, and a count a mean gives back' '
	sed "s/^min_cell = 5$/min_cell = 1/" "$PROTOCOLS/supported-employment.ini" >open.ini &&
	cp se.db open.db && cp -r se.keys open.keys &&
	trial amend open.db --protocol open.ini --reason "tests: nothing suppressed" >/dev/null &&
	analysis pilot open.db --table recruitment --format csv >rec-open.csv &&
	site=$(awk -F, "NR > 1 && \$1 != \"all\" && \$4 > 0 { print \$1; exit }" rec-open.csv) &&
	expect=$(awk -F, -v s="$site" "\$1 == s { print \$4 }" rec-open.csv) &&
	awk -F, -v OFS=, -v s="$site" "\$1 == s { \$4 = \"\"; \$10 = \$11 = \$12 = \$13 = \"\" } 1" rec-open.csv >rec-leaky.csv &&
	test_exit 1 python3 "$ATTACK" --arms control,treatment \
		--pilot rec-leaky.csv >leak5.out &&
	grep -x "recovered: CONSORT pilot/$site//enrolled = $expect (linear algebra)" leak5.out &&
	analysis pilot open.db --table outcomes --format csv >out-open.csv &&
	awk -F, -v OFS=, "\$1 == \"took_up\" && \$3 == \"control\" { \$7 = 3 / \$5 } 1" out-open.csv >out-leaky.csv &&
	test_exit 1 python3 "$ATTACK" --arms control,treatment --binary $BINARY \
		--pilot out-leaky.csv >leak6.out &&
	grep -x "recovered: effects and pilot outcomes took_up/control/with 1 or 0 = 3 (small count from the mean)" leak6.out
'

test_expect_success 'the joint F test: of one variable it is hidden with a count, and the attack sees it shown' '
	printf "arm,g\n" >j.csv &&
	for i in 1 2 3 4 5 6 7 8; do echo treatment,a; echo control,a; done >>j.csv &&
	echo control,b >>j.csv && echo treatment,b >>j.csv && echo control,b >>j.csv &&
	analysis balance --data j.csv --arm arm --treat treatment --variables g \
		--format csv >jbal.csv &&
	grep "^joint F test,,treatment,control,,,,,,,,,,,,,,not shown" jbal.csv &&
	analysis balance --data j.csv --arm arm --treat treatment --variables g \
		--min-cell 0 --format csv >j-open.csv &&
	f=$(awk -F, "\$1 == \"joint F test\" { print \$14 }" j-open.csv) &&
	test -n "$f" &&
	awk -F, -v OFS=, -v f="$f" "\$1 == \"joint F test\" { \$14 = f } 1" jbal.csv >j-leaky.csv &&
	python3 "$ATTACK" --arms control,treatment --n control=10,treatment=9 \
		--balance jbal.csv >j-attack.out &&
	grep -x "tried [1-9][0-9]* hidden counts, recovered 0" j-attack.out &&
	test_exit 1 python3 "$ATTACK" --arms control,treatment \
		--n control=10,treatment=9 --balance j-leaky.csv >leak7.out &&
	grep "(joint F test of one variable shown)$" leak7.out
'

test_expect_success 'the attack finds a count blanked alone (balance, as before)' '
	analysis balance se.db --min-cell 0 --format csv >open.csv &&
	line=$(awk -F, "\$1 == \"education\" && \$5 > 0 { print NR; exit }" open.csv) &&
	level=$(sed -n "${line}p" open.csv | cut -d, -f2) &&
	expect=$(sed -n "${line}p" open.csv | cut -d, -f5) &&
	test "$expect" -gt 0 &&
	awk -F, -v OFS=, -v l=$line "NR == l { \$5 = \"\"; \$6 = \"\"; \$7 = \"\"; \$11 = \"\" } 1" \
		open.csv >leaky.csv &&
	test_exit 1 python3 "$ATTACK" --arms control,treatment --n "$(cat n)" \
		--balance leaky.csv >leak.out &&
	grep -x "recovered: balance and Table 1 balance/education/$level/treatment = $expect (linear algebra)" leak.out
'

test_expect_success 'the attack finds a CONSORT reason whose total gives it away' '
	analysis consort se.db --min-cell 0 --format csv >flow-open.csv &&
	grep "^left the measure: reason," flow-open.csv | head -1 >reason &&
	test "$(wc -l <reason)" = 1 &&
	arm=$(cut -d, -f2 reason) && first=$(cut -d, -f4 reason) &&
	expect=$(cut -d, -f3 reason) &&
	awk -F, -v OFS=, -v a="$arm" -v r="$first" "\$1 == \"left the measure: reason\" && \$2 == a && \$4 == r { \$3 = \"\"; \$4 = r \": suppressed\" } 1" \
		flow-open.csv >flow-leaky.csv &&
	test_exit 1 python3 "$ATTACK" --arms control,treatment \
		--consort flow-leaky.csv >leak2.out &&
	grep -x "recovered: CONSORT left the measure: reason/$arm/$first = $expect (linear algebra)" leak2.out
'

test_expect_success 'the attack finds a share shown for a hidden count, and bounds' '
	printf "arm,g\n" >b.csv &&
	for i in 1 2 3 4 5 6 7 8; do echo treatment,a; echo control,a; done >>b.csv &&
	echo control,b >>b.csv &&
	analysis balance --data b.csv --arm arm --treat treatment --variables g \
		--min-cell 0 --format csv >b.out &&
	awk -F, -v OFS=, "\$2 == \"b\" { \$8 = \"\" } 1" b.out >b-leaky.csv &&
	test_exit 1 python3 "$ATTACK" --arms control,treatment \
		--n control=9,treatment=8 --balance b-leaky.csv >leak3.out &&
	grep "^recovered: balance and Table 1 balance/g/b/control = .* (share shown)$" leak3.out
'

test_done
