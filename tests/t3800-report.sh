#!/bin/sh
# analysis report: one HTML page whose tables are those of the analysis
# commands, with the CONSORT diagram and a forest plot; a trial without
# outcomes yet still gets its page, with the reason for what is missing.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a randomized trial with outcomes' '
	make_se_store &&
	gen_register --rows 300 --seed 31 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer assign se.db --pending >/dev/null &&
	trial export se.db --format csv >export.csv &&
	awk -F, "BEGIN { print \"participant,outcome,value\" }
		NR > 1 && NR % 7 { print \$1 \",employed_or_education_12m,\" (NR * 13) % 3 % 2;
		                  print \$1 \",earnings_12m,\" (NR * 7919) % 300000 }" \
		export.csv >out.csv &&
	trial outcome import se.db out.csv >/dev/null
'

test_expect_success 'the page holds every section' '
	analysis report se.db --html report.html >said &&
	grep -F "wrote report.html" said &&
	head -1 report.html | grep -F "<!DOCTYPE html>" &&
	for h in "Participant flow (CONSORT 2010)" "Baseline characteristics" \
		"Effects (pre-specified)" "Forest plot: primary outcome by site" \
		"Attrition" "Feasibility"; do grep -F "<h2>$h</h2>" report.html || return 1; done &&
	test "$(grep -c "<svg " report.html)" = 2 &&
	tail -1 report.html | grep -F "</body></html>"
'

test_expect_success 'its tables are the commands'"'"' tables' '
	for c in balance effects attrition; do
		analysis $c se.db --format html >$c.html &&
		grep -F -f $c.html report.html >/dev/null &&
		test "$(grep -c -F -x -f $c.html report.html)" -ge "$(wc -l <$c.html)" || return 1
	done
'

test_expect_success 'the forest plot has the overall effect and each site' '
	grep -F "All sites" report.html &&
	for s in 0301 4601 5001 1103 3005; do grep -F "Site $s" report.html || return 1; done
'

test_expect_success 'a trial without outcomes still gets its page' '
	make_se_store early.db &&
	gen_register --rows 20 --seed 2 >r2.csv &&
	trial import early.db r2.csv >/dev/null &&
	randomizer assign early.db --pending >/dev/null &&
	analysis report early.db --html early.html &&
	grep -c "Not available: " early.html >n && test "$(cat n)" -ge 2 &&
	grep -F "<h2>Baseline characteristics</h2>" early.html
'

test_expect_success 'a page that cannot be written is refused' '
	test_exit 2 analysis report se.db --html /nonexistent/r.html 2>err &&
	grep -F "cannot write" err &&
	test_exit 2 analysis report se.db 2>err && grep -F -- "--html FILE is required" err
'

test_expect_success 'a cluster trial: the forest plot has CR2 intervals, as effects' '
	trial init mt.db --protocol "$PROTOCOLS/mother-tongue-support.ini" >/dev/null &&
	trial site add mt.db 0301 --name Oslo >/dev/null &&
	trial site add mt.db 4601 --name Bergen >/dev/null &&
	{
		echo id_number,site,class,gender,birth_year,track,schooling_years,norwegian_level,consent_date
		gen_register --rows 80 --seed 41 --sites 0301,4601 | tail -n +2 |
		awk -F, "{ c = (\$2 == \"0301\" ? \"oslo-\" : \"bergen-\") (NR % 5 + 1);
			print \$1 \",\" \$2 \",\" c \",\" \$3 \",\" \$4 \",spor1,3,A1,\" \$8 }"
	} >mt.csv &&
	trial import mt.db mt.csv >/dev/null &&
	randomizer assign mt.db --pending >/dev/null &&
	trial export mt.db --format csv >mte.csv &&
	awk -F, "BEGIN { split(\"below_A1 A1 A2 B1 B2\", c, \" \"); print \"participant,outcome,value\" }
		NR > 1 { print \$1 \",norwegian_test_level,\" c[(NR * 7 + length(\$4)) % 5 + 1] }" \
		mte.csv >mto.csv &&
	trial outcome import mt.db mto.csv >/dev/null &&
	analysis report mt.db --html mt.html >/dev/null &&
	analysis effects mt.db --outcome norwegian_test_level --estimator ols --se cr2 --format csv >e.csv &&
	test "$(tail -n +2 e.csv | wc -l)" -eq 1 &&
	awk -F, "NR == 2 && \$3 == \"CR2\" && \$NF == \"cluster\" { ok = 1 } END { exit !ok }" e.csv &&
	line=$(awk -F, "NR == 2 { printf \"%.6s [%.6s, %.6s] n=%s\", \$5, \$10, \$11, \$12 }" e.csv) &&
	grep -F -e "$line" mt.html
'

test_done
