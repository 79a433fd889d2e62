#!/bin/sh
# analysis consort: the CONSORT flow from a store, each count checked
# against the register's own export and the outcome file; the diagram.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: 150 enrolled, 140 randomized, follow-up' '
	make_se_store &&
	gen_register --rows 150 --seed 21 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	for i in $(seq 1 140); do printf "P%06d\n" $i; done >first.txt &&
	randomizer assign se.db $(cat first.txt) >/dev/null &&
	trial withdraw se.db P000007 --reason moved >/dev/null &&
	trial exit se.db P000008 --reason paid_work >/dev/null &&
	trial exit se.db P000009 --reason moved >/dev/null &&
	trial export se.db --format csv >export.csv &&
	awk -F, "BEGIN { print \"participant,outcome,value\" }
		NR > 1 && \$16 != \"\" && NR % 5 { print \$1 \",employed_or_education_12m,\" NR % 2 }" \
		export.csv >out.csv &&
	trial outcome import se.db out.csv >/dev/null
'

test_expect_success 'each count agrees with the export' '
	analysis consort se.db --format csv >c.csv &&
	analysis consort se.db --min-cell 0 --format csv >all.csv &&
	grep "^enrolled,,150," c.csv &&
	grep "^not randomized,,10,$" c.csv &&
	grep "^randomized,,140,$" c.csv &&
	for arm in control treatment; do
		n=$(awk -F, -v a=$arm "\$16 == a" export.csv | wc -l) &&
		with=$(awk -F, -v a=$arm "NR == FNR { if (FNR > 1) has[\$1] = 1; next } \$16 == a && has[\$1]" out.csv export.csv | wc -l) &&
		grep "^allocated,$arm,$n," c.csv &&
		grep "^analysed,$arm,$with,employed_or_education_12m$" c.csv &&
		grep "^lost to follow-up,$arm,$((n - with))," c.csv || return 1
	done &&
	test "$(grep "^withdrew consent," all.csv | cut -d, -f3 | paste -sd+ | bc)" = 1 &&
	test "$(grep "^left the measure early," all.csv | cut -d, -f3 | paste -sd+ | bc)" = 2
'

test_expect_success 'small counts are suppressed, and those that would reveal them' '
	grep "^left the measure: reason,.*,,paid_work: suppressed$" c.csv &&
	grep "^left the measure: reason,.*,1,paid_work$" all.csv &&
	grep -c ",,suppressed$" c.csv >n && test "$(cat n)" -ge 2 &&
	! grep "^withdrew consent,.*,1," c.csv &&
	! grep "^left the measure early,.*,[12]," c.csv
'

test_expect_success 'the screening log fills the top; the diagram is written' '
	analysis consort se.db --assessed 400 --excluded "not eligible=200" \
		--excluded "declined=50" --svg flow.svg --format csv >s.csv &&
	grep "^assessed for eligibility,,400,$" s.csv &&
	grep "^excluded,,200,not eligible$" s.csv &&
	grep -c "<rect " flow.svg >rects && test "$(cat rects)" -ge 9 &&
	grep -F "Assessed for eligibility (n = 400)" flow.svg &&
	grep -F "Randomized (n = 140)" flow.svg &&
	tail -1 flow.svg | grep -F "</svg>"
'

test_expect_success 'impossible screening counts are refused' '
	test_exit 2 analysis consort se.db --assessed 100 2>err &&
	grep -F -- "--assessed 100 is fewer than the 150 enrolled" err &&
	test_exit 2 analysis consort se.db --assessed 400 --excluded "x" 2>err &&
	grep -F "expected REASON=COUNT" err &&
	test_exit 2 analysis consort se.db --excluded "x=1" 2>err
'

test_done
