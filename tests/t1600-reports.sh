#!/bin/sh
# The register's reports, checked against the register file itself with
# awk (an independent count), in every output format.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	make_se_store &&
	gen_register --rows 200 --seed 3 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	trial withdraw se.db P000007 --reason moved >/dev/null
'

test_expect_success 'status counts recruitment per site and consent month' '
	awk -F, "NR > 1 { n[\$2 \",\" substr(\$8, 1, 7)]++ }
		END { for (k in n) print k \",\" n[k] }" reg.csv | sort >expect &&
	trial status se.db --format csv | awk -F, "NR > 1 { print \$1 \",\" \$2 \",\" \$3 }" | sort >actual &&
	test_cmp expect actual
'

test_expect_success 'status adds up to the site totals and targets' '
	trial status se.db --format csv >status.csv &&
	awk -F, "NR > 1 { last[\$1] = \$5; target[\$1] = \$6; pct[\$1] = \$7 }
		END { for (s in last) print s, last[s], target[s], pct[s] }" status.csv | sort >actual &&
	awk -F, "NR > 1 { n[\$2]++ } END { for (s in n) print s, n[s] }" reg.csv | sort |
	while read site n; do
		case $site in 0301) t=40;; 4601) t=30;; 5001) t=20;; 1103) t=20;; 3005) t=15;; esac
		echo "$site $n $t $(awk "BEGIN { printf \"%.1f\", 100 * $n / $t }")"
	done >expect &&
	test_cmp expect actual
'

test_expect_success 'the withdrawal is counted in its month' '
	trial status se.db --format csv | awk -F, "NR > 1 { w += \$4 } END { print w }" >actual &&
	echo 1 >expect && test_cmp expect actual
'

test_expect_success 'export gives back every baseline value as imported' '
	trial export se.db >export.csv &&
	cut -d, -f2-8 reg.csv | tail -n +2 >expect &&
	cut -d, -f2,4-9 export.csv | tail -n +2 >actual &&
	test_cmp expect actual &&
	head -1 export.csv >actual &&
	echo participant,site,enrolled,gender,birth_year,education,norwegian_level,years_in_norway,consent_date,norwegian_level_source,stratum,status,withdrawn,exit_reason,exit_date,arm,employed_or_education_12m,earnings_12m,took_up >expect &&
	test_cmp expect actual
'

test_expect_success 'export has no identity number and a stratum per row' '
	cut -d, -f1 reg.csv | tail -n +2 >ids &&
	! grep -F -f ids export.csv &&
	awk -F, "NR > 1 && \$11 != \$2 \"|\" \$4 { bad++ } END { exit bad }" export.csv
'

test_expect_success 'export has a column per outcome: the latest value, empty when missing' '
	printf "participant,outcome,value,date\nP000003,earnings_12m,1000,2026-10-01\nP000003,employed_or_education_12m,0,2026-10-01\nP000005,took_up,1,2026-10-01\n" >o1.csv &&
	trial outcome import se.db o1.csv >/dev/null &&
	printf "participant,outcome,value,date\nP000003,earnings_12m,2500.5,2026-10-10\n" >o2.csv &&
	trial outcome import se.db o2.csv --replace >/dev/null &&
	trial export se.db >export.csv &&
	awk -F, "NR > 1 && \$17 \$18 \$19 != \"\" { print \$1, \$17, \$18, \$19 }" export.csv >actual &&
	printf "P000003 0 2500.5 \nP000005   1\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'export shows a corrected variable and its value as enrolled' '
	trial export se.db >before.csv &&
	old=$(awk -F, "\$1 == \"P000009\" { print \$6 }" before.csv) &&
	new=$(test "$old" = higher && echo none || echo higher) &&
	trial correct se.db P000009 --set education=$new --reason "diploma found" >/dev/null &&
	trial export se.db --format csv >after.csv &&
	head -1 after.csv | cut -d, -f4-8 >actual &&
	echo gender,birth_year,education,education_enrolled,norwegian_level >expect &&
	test_cmp expect actual &&
	awk -F, "\$1 == \"P000009\" { print \$6, \$7 }" after.csv >actual &&
	echo "$new $old" >expect && test_cmp expect actual &&
	awk -F, "NR > 1 && \$1 != \"P000009\" && \$6 != \$7" after.csv >differ &&
	test ! -s differ &&
	cut -d, -f1-6,8- after.csv | grep -v "^P000009," >actual &&
	grep -v "^P000009," before.csv >expect && test_cmp expect actual &&
	trial export se.db --format json | grep -c "\"education_enrolled\": " >n &&
	echo 200 >expect && test_cmp expect n
'

test_expect_success 'list in json, md and table' '
	trial list se.db --format json >list.json &&
	test "$(grep -c "\"participant\": \"P" list.json)" = 200 &&
	head -1 list.json | grep "^\[$" && tail -1 list.json | grep "^\]$" &&
	trial list se.db --format md | head -2 >actual &&
	printf "| participant | site | enrolled | stratum | status | exit_reason | arm |\n|:---|:---|:---|:---|:---|:---|:---|\n" >expect &&
	test_cmp expect actual &&
	trial list se.db | head -1 | grep "^participant  site  enrolled"
'

test_expect_success 'site list counts enrolled and withdrawn' '
	trial site list se.db --format csv >actual &&
	total=$(awk -F, "NR > 1 { s += \$4; w += \$5 } END { print s, w }" actual) &&
	test "$total" = "200 1"
'

test_done
