#!/bin/sh
# A lottery site with fewer applicants than places offers every one of
# them a place: their offer was not random (probability 1), the site has
# no comparison, and a store's pre-specified analysis (the blocked
# estimator) leaves it out with a note, as lottery studies estimate the
# effect among applicants whose offer was random (the "risk set").  The
# same goes for Horvitz-Thompson and inverse-probability weights (a
# probability of 1 or 0 has no weight) and for randomization inference
# (every re-draw offers that site the same).  A file (--data) keeps
# estimatr's behaviour: a stratum with one arm is refused, the message
# naming it and what to do.  The figures on an export of such a store
# are estimatr's on the sites left (tests/ref/lottery_left_out_reference.R).
. "$(dirname "$0")/lib.sh"

DATA="$TEST_DATA/analysis"

RCT_NOW=2026-10-15T10:00:00Z
test_expect_success 'setup: Vestland has 60 places for fewer applicants' '
	trial init vt.db --protocol "$PROTOCOLS/vocational-fourth-year.ini" >/dev/null &&
	trial site add vt.db oslo --name "NAV Oslo" --target 26 >/dev/null &&
	trial site add vt.db ostviken --name "NAV Øst-Viken" --target 26 >/dev/null &&
	trial site add vt.db vestland --name "NAV Vestland" --target 14 >/dev/null &&
	vt_applicants 100 oslo,ostviken,vestland --year 2026 >vt.csv &&
	trial import vt.db vt.csv >/dev/null &&
	for s in oslo:12 ostviken:14 vestland:60; do
		randomizer lottery vt.db --site ${s%:*} --capacity ${s#*:} >/dev/null || return 1
	done &&
	trial export vt.db --format csv >after.csv &&
	n_v=$(csv_count after.csv site vestland) &&
	test $n_v -gt 0 && test $n_v -lt 60 &&
	test "$(csv_count after.csv site vestland arm course)" = $n_v &&
	echo $n_v >n_v
'

# Four years on, as t9200: every sixth lacks the trade certificate.
RCT_NOW=2030-12-02T10:00:00Z
test_expect_success 'outcomes four years on' '
	awk -F, "NR == 1 { for (i = 1; i <= NF; i++) if (\$i == \"arm\") a = i; print \"participant,outcome,value\"; next }
		{ n = substr(\$1, 2) + 0; t = \$a == \"course\";
		  if (n % 6) print \$1 \",trade_certificate_48m,\" ((n * 5 + t * 2) % 7 < 3);
		  print \$1 \",work_48m,\" (n % 3 == 0) }" after.csv >outcomes.csv &&
	trial outcome import vt.db outcomes.csv >/dev/null &&
	trial export vt.db --format csv >final.csv &&
	sqlite3 -csv vt.db "SELECT printf('"'"'P%06d'"'"', p.id), printf('"'"'%!.17g'"'"', json_extract(a.probabilities, '"'"'\$.course'"'"')) FROM participant p JOIN allocation a ON a.participant = p.id ORDER BY p.id" >prob.csv &&
	test "$(awk -F, "\$2 == 1" prob.csv | wc -l)" = $(cat n_v)
'

# The store as a plain file: participant, arm, site, the stored
# probability of the course, the two outcomes.
export_csv () {
	awk -F, "NR == FNR { p[\$1] = \$2; next }
		FNR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i;
			print \"participant,arm,site,p,trade_certificate_48m,work_48m\"; next }
		{ print \$1 \",\" \$c[\"arm\"] \",\" \$c[\"site\"] \",\" p[\$1] \",\" \$c[\"trade_certificate_48m\"] \",\" \$c[\"work_48m\"] }" \
		prob.csv final.csv
}

test_expect_success 'effects: Vestland left out of the blocked estimate, with a note' '
	analysis effects vt.db --format csv >effects.csv 2>warn &&
	test ! -s warn &&
	test "$(csv_col effects.csv estimator | sort -u)" = blocked &&
	n_v=$(cat n_v) &&
	note="left out, their arm fixed (probability 1 or 0, no comparison within): $n_v allocated in stratum '"'"'vestland'"'"' ($n_v, all '"'"'course'"'"'); the estimate is of those whose arm was random" &&
	test "$(csv_col effects.csv note | sort -u)" = "$note" &&
	analysis effects vt.db >table 2>warn &&
	test ! -s warn &&
	grep -xF "note: $note" table
'

test_expect_success 'n counts those analysed: the sites left, with the outcome' '
	export_csv >vt-data.csv &&
	for y in trade_certificate_48m work_48m; do
		{ head -1 effects.csv && grep "^$y," effects.csv; } >row.csv &&
		test "$(csv_col row.csv n)" = "$(awk -F, -v c=$y "NR == 1 { for (i = 1; i <= NF; i++) if (\$i == c) k = i; next }
			\$3 != \"vestland\" && \$k != \"\"" vt-data.csv | wc -l)" &&
		test "$(csv_col row.csv n_treat)" = "$(awk -F, -v c=$y "NR == 1 { for (i = 1; i <= NF; i++) if (\$i == c) k = i; next }
			\$3 != \"vestland\" && \$k != \"\" && \$2 == \"course\"" vt-data.csv | wc -l)" &&
		test "$(csv_col row.csv n_missing)" = "$(awk -F, -v c=$y "NR == 1 { for (i = 1; i <= NF; i++) if (\$i == c) k = i; next }
			\$3 != \"vestland\" && \$k == \"\"" vt-data.csv | wc -l)" || return 1
	done
'

test_expect_success 'the store'"'"'s figures are those of its file without Vestland' '
	awk -F, "\$3 != \"vestland\"" vt-data.csv >kept.csv &&
	analysis effects --data kept.csv --arm arm --treat course --control ordinary \
		--outcome trade_certificate_48m,work_48m --strata site --format csv >csv.csv &&
	cut -d, -f1-15 effects.csv | sed 1d >a && cut -d, -f1-15 csv.csv | sed 1d >b &&
	test_cmp b a &&
	test -s a
'

test_expect_success 'a file keeps estimatr'"'"'s refusal, naming the stratum and what to do' '
	test_exit 2 analysis effects --data vt-data.csv --arm arm --treat course \
		--control ordinary --outcome work_48m --strata site >out 2>err &&
	test ! -s out &&
	grep -F "stratum '"'"'vestland'"'"' of column '"'"'site'"'"' has only arm '"'"'course'"'"'" err &&
	grep -F "merge it with another stratum, or leave its rows out of the data" err
'

test_expect_success 'horvitz_thompson and inverse-probability weights leave Vestland out too' '
	analysis effects vt.db --outcome work_48m --estimator horvitz_thompson --format csv >ht.csv &&
	grep -F "no comparison within" ht.csv &&
	analysis effects --data kept.csv --arm arm --treat course --control ordinary \
		--outcome work_48m --estimator horvitz_thompson --prob p --format csv >htc.csv &&
	cut -d, -f2-15 ht.csv | sed 1d >a && cut -d, -f2-15 htc.csv | sed 1d >b &&
	test_cmp b a && test -s a &&
	analysis effects vt.db --outcome work_48m --estimator ols --prob allocation --format csv >ipw.csv &&
	test "$(csv_col ipw.csv n)" = "$(awk -F, "NR > 1 && \$3 != \"vestland\"" vt-data.csv | wc -l)" &&
	grep -F "no comparison within" ipw.csv
'

test_expect_success 'on an export of such a store the figures are estimatr'"'"'s' '
	awk -F, "\$3 != \"vestland\"" "$DATA/lottery_left_out.csv" >fixed.csv &&
	for c in blocked_trade blocked_work ht_work; do
		case $c in
		blocked_trade) o="--outcome trade_certificate_48m --strata site" ;;
		blocked_work) o="--outcome work_48m --strata site" ;;
		ht_work) o="--outcome work_48m --estimator horvitz_thompson --prob p" ;;
		esac &&
		analysis effects --data fixed.csv --arm arm --treat course \
			--control ordinary $o --format csv >out.csv &&
		awk -F, -v c=$c "
			function rel(a, b) { d = a - b; if (d < 0) d = -d; return d / (b < 0 ? -b : b) }
			NR == FNR { if (\$1 == c) { e = \$2; s = \$3; df = \$4; n = \$5; k++ } next }
			FNR == 2 { if (k != 1 || rel(\$5, e) > 1e-8 || rel(\$6, s) > 1e-8 || \$7 != df || \$12 != n) { print c, \$5, \$6, \$7, \$12, e, s, df, n; exit 1 } ok = 1 }
			END { exit !ok }" "$DATA/lottery_left_out_reference.csv" out.csv || return 1
	done
'

test_expect_success 'randomization inference leaves Vestland out, with the note' '
	analysis ri vt.db --draws 200 --format csv >ri.csv &&
	test "$(csv_col ri.csv outcome | wc -l)" = 2 &&
	grep -F "no comparison within" ri.csv &&
	{ head -1 effects.csv && grep "^work_48m," effects.csv; } >w.csv &&
	{ head -1 ri.csv && grep "^work_48m," ri.csv; } >r.csv &&
	test "$(csv_col r.csv n_treat)" = "$(csv_col w.csv n_treat)" &&
	test "$(csv_col r.csv n_control)" = "$(csv_col w.csv n_control)"
'

test_expect_success 'CONSORT keeps Vestland in the flow; its analysed are those of effects' '
	analysis consort vt.db --format csv --min-cell 0 >consort.csv &&
	test "$(consort_n consort.csv allocated course)" = "$(csv_count final.csv arm course)" &&
	{ head -1 effects.csv && grep "^trade_certificate_48m," effects.csv; } >p.csv &&
	test "$(consort_n consort.csv analysed course)" = "$(csv_col p.csv n_treat)" &&
	test "$(consort_n consort.csv analysed ordinary)" = "$(csv_col p.csv n_control)" &&
	test "$(consort_n consort.csv "excluded: arm fixed" course)" = "$(awk -F, "\$3 == \"vestland\" && \$5 != \"\"" vt-data.csv | wc -l)" &&
	test "$(consort_n consort.csv "excluded: arm fixed" ordinary)" = 0 &&
	for arm in course ordinary; do
		test "$(consort_n consort.csv allocated $arm)" = $(($(consort_n consort.csv analysed $arm) +
			$(consort_n consort.csv "lost to follow-up" $arm) + $(consort_n consort.csv "excluded: arm fixed" $arm))) || return 1
	done
'

test_expect_success 'the report: the effects with the note, Vestland out of the forest plot' '
	analysis report vt.db --html report.html >/dev/null 2>err &&
	awk "/<h2>Effects/ { on = 1; next } /<h2>/ { on = 0 } on" report.html >eff.html &&
	grep -qF "no comparison within" eff.html &&
	awk "/<h2>Forest plot/ { on = 1; next } /<h2>/ { on = 0 } on" report.html >forest.html &&
	grep -q "All sites" forest.html &&
	grep -qF "left out: one arm only (probability 1 or 0), no comparison" forest.html &&
	! grep -q "Not available" forest.html
'

test_done
