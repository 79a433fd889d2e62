#!/bin/sh
# Small-cell suppression that arithmetic cannot undo: on a small trial
# with many small cells every table is written in every format (balance,
# Table 1 also as xlsx, CONSORT and its SVG, attrition, subgroups, the
# HTML report with its forest plot), and tests/tools/suppression_attack.py tries to recover each
# hidden count from the sums a reader knows (exact elimination, then
# bounds); it must recover nothing.  On hand-made leaky tables (one cell
# blanked, as the toolkit once did) it must find the leak, which shows
# the attack works.
. "$(dirname "$0")/lib.sh"

ATTACK="$TEST_ROOT/tests/tools/suppression_attack.py"
VARS=gender,birth_year,education,norwegian_level,years_in_norway

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
	analysis table1 se.db --total --format xlsx --out t1.xlsx &&
	analysis effects se.db --format csv >eff.csv &&
	analysis consort se.db --svg flow.svg >/dev/null &&
	analysis report se.db --html report.html >/dev/null &&
	xmllint --noout flow.svg &&
	awk -F, "\$1 == \"allocated\" { printf \"%s%s=%s\", sep, \$2, \$3; sep = \",\" }" con.csv >n &&
	grep -x "control=[0-9]*,treatment=[0-9]*" n
'

test_expect_success 'the attack recovers no suppressed count' '
	set -- --arms control,treatment --n "$(cat n)" --variables $VARS \
		--primary employed_or_education_12m --effects eff.csv \
		--table1 t1.xlsx --svg flow.svg --report report.html &&
	for f in csv json md html table; do
		set -- "$@" --balance bal.$f --table1 t1.$f --consort con.$f \
			--attrition att.$f --subgroups sub.$f
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
		sub.md sub.html sub.table; do
		grep "^read $f: [1-9][0-9]* counts, [1-9][0-9]* hidden$" attack.out || {
			echo "nothing hidden read from $f"; return 1; }
	done &&
	grep "^read report.html (forest plot): [1-9][0-9]* counts, [0-9]* hidden$" attack.out &&
	tried=$(sed -n "s/^tried \([0-9]*\) hidden.*/\1/p" attack.out) &&
	test "$tried" -ge 20
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
