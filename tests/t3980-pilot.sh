#!/bin/sh
# analysis pilot: recruitment per site against target (rate per month
# with its exact interval, unit-tested against R in test_pilot; the
# projected date checked here by arithmetic), outcome completeness by arm,
# the ICC of a cluster pilot equal to the one of the same data as CSV
# (unit-tested against R), and the deviations recorded.
. "$(dirname "$0")/lib.sh"

# A copy of store $1 as $2 whose protocol suppresses nothing (min_cell 1),
# for the checks of every figure by arithmetic.
open_copy () {
	sed "s/^min_cell = 5$/min_cell = 1/" "$PROTOCOLS/supported-employment.ini" >open.ini &&
	! cmp -s open.ini "$PROTOCOLS/supported-employment.ini" &&
	cp "$1" "$2" && rm -rf "${2%.db}.keys" && cp -r "${1%.db}.keys" "${2%.db}.keys" &&
	trial amend "$2" --protocol open.ini --reason "tests: nothing suppressed" >/dev/null
}

test_expect_success 'setup: a pilot at five sites, some follow-up' '
	make_se_store &&
	gen_register --rows 60 --seed 51 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer assign se.db --pending >/dev/null &&
	trial export se.db --format csv >export.csv &&
	awk -F, "BEGIN { print \"participant,outcome,value\" }
		NR > 1 && NR % 3 { print \$1 \",employed_or_education_12m,\" NR % 2 }" \
		export.csv >out.csv &&
	trial outcome import se.db out.csv >/dev/null &&
	trial withdraw se.db P000004 --reason moved >/dev/null &&
	trial correct se.db P000005 --set years_in_norway=3 --reason "typo" >/dev/null &&
	trial screen se.db --site 0301 --month 2026-09 --screened 30 --excluded declined=6 >/dev/null &&
	for s in 5001 1103 3005; do
		trial screen se.db --site $s --month 2026-10 --screened 20 \
			--excluded "not eligible=5" >/dev/null || return 1
	done
'

test_expect_success 'recruitment per site agrees with the export' '
	analysis pilot se.db --table recruitment --format csv >r.csv &&
	for s in 0301 4601 5001 1103 3005; do
		n=$(awk -F, -v s=$s "\$2 == s" export.csv | wc -l) &&
		grep "^$s,[0-9]*,[0-9]*,$n,$n," r.csv || return 1
	done &&
	grep "^all,90,21,60,60,125," r.csv &&
	grep "^4601,,,[0-9]*,[0-9]*," r.csv
'

test_expect_success 'screening and recruitment by month add up' '
	open_copy se.db open.db &&
	analysis pilot open.db --table monthly --format csv >m.csv &&
	for s in 0301 4601 5001 1103 3005; do
		n=$(awk -F, -v s=$s "\$2 == s" export.csv | wc -l) &&
		sum=$(awk -F, -v s=$s "\$1 == s { e += \$5 } END { print e + 0 }" m.csv) &&
		test "$sum" = "$n" || return 1
	done &&
	months=$(cut -d, -f2,9 export.csv | tail -n +2 | awk -F, "{ print \$1 \",\" substr(\$2, 1, 7) }" | sort -u | wc -l) &&
	test "$(awk -F, "NR > 1 && \$5 > 0" m.csv | wc -l)" = "$months" &&
	grep "^0301,2026-09,30,6," m.csv &&
	grep "^5001,2026-10,20,5," m.csv
'

test_expect_success 'rates over each site'"'"'s window and the date the target is reached' '
	last=$(cut -d, -f9 export.csv | tail -n +2 | sort | tail -1) &&
	grep -q "^all,.*,$last,[0-9.]*," r.csv &&
	for s in 0301 4601 5001 1103 3005; do
		first=$(awk -F, -v s=$s "\$2 == s { print \$9 }" export.csv | sort | head -1) &&
		grep -q "^$s,[0-9]*,[0-9]*,[0-9]*,[0-9]*,[0-9]*,$first," r.csv || return 1
	done &&
	awk -F, -v last="$last" "
	function days(d,   y, m, a) { split(d, a, \"-\"); y = a[1]; m = a[2];
		# days since 1970-01-01, civil calendar
		y -= m <= 2; era = int((y >= 0 ? y : y - 399) / 400); yoe = y - era * 400;
		doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + a[3] - 1;
		return era * 146097 + yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy - 719468 }
	NR > 1 && \$7 != \"\" {
		months = (days(last) - days(\$7) + 1) / 30.436875;
		if (\$9 - months > 1e-9 || months - \$9 > 1e-9) { print \"months\", \$9, months; exit 1 }
		if (\$10 - \$4 / months > 1e-9 || \$4 / months - \$10 > 1e-9) { print \"rate\", \$0; exit 1 }
		if (\$6 != \"\" && \$4 < \$6) {
			want = days(\"2026-10-15\") + int((\$6 - \$4) / \$10 * 30.436875 + 0.999999999);
			if (days(\$13) != want) { print \"projected\", \$0, want; exit 1 }
		}
	}" r.csv
'

test_expect_success 'the recruitment window by hand: a site that began late, a pilot read later' '
	trial init w.db --protocol open.ini >/dev/null &&
	trial site add w.db 0301 --name Oslo --target 40 >/dev/null &&
	trial site add w.db 4601 --name Bergen --target 30 >/dev/null &&
	gen_register --rows 4 --seed 3 --sites 0301,4601 |
		awk -F, -v OFS=, "NR == 1 { print; next }
			{ split(\"2026-01-10 2026-03-10 2026-05-01 2026-06-29\", d, \" \"); \$8 = d[NR - 1]; print }" >w.csv &&
	cut -d, -f2,8 w.csv >dates &&
	printf "site,consent_date\n0301,2026-01-10\n0301,2026-03-10\n4601,2026-05-01\n4601,2026-06-29\n" >exp &&
	test_cmp exp dates &&
	trial import w.db w.csv >/dev/null &&
	analysis pilot w.db --table recruitment --format csv >w.out &&
	# 0301: 2026-01-10 to 2026-06-29 is 171 days, 171 / 30.436875 =
	# 5.6181851783404 months, 2 / that = 0.3559868421053 a month, the 38
	# missing in 38 * 171 / 2 = 3249 days from 2026-10-15: 2035-09-07.
	# 4601: 2026-05-01 to 2026-06-29 is 60 days, 1.9712930450317 months,
	# 1.0145625 a month, 28 * 60 / 2 = 840 days: 2029-02-01.  All: 171
	# days, 4 / 5.618185 = 0.7119736842105, the 66 missing of 70 in
	# 66 * 171 / 4 = 2821.5, so 2822 days: 2034-07-07.
	awk -F, -v OFS=, "NR > 1 { print \$1, \$4, \$6, \$7, \$8, \$13 }" w.out >got &&
	cat >exp <<-\EOT &&
	0301,2,40,2026-01-10,2026-03-10,2035-09-07
	4601,2,30,2026-05-01,2026-06-29,2029-02-01
	all,4,70,2026-01-10,2026-06-29,2034-07-07
	EOT
	test_cmp exp got &&
	awk -F, "
	function near(x, y) { return x - y < 1e-12 * y && y - x < 1e-12 * y }
	\$1 == \"0301\" && !(near(\$9, 5.6181851783404175) && near(\$10, 0.35598684210526316)) { exit 1 }
	\$1 == \"4601\" && !(near(\$9, 1.9712930450317254) && near(\$10, 1.0145625)) { exit 1 }
	\$1 == \"all\" && !(near(\$9, 5.6181851783404175) && near(\$10, 0.7119736842105263)) { exit 1 }
	" w.out &&
	analysis pilot w.db >w.txt &&
	grep "^Rates are per month over each site.s recruitment window: from its first recruitment date to the trial.s last" w.txt
'

test_expect_success 'completeness by arm and the deviations' '
	analysis pilot se.db --table outcomes --format csv >o.csv &&
	for arm in control treatment; do
		n=$(awk -F, -v a=$arm "\$16 == a" export.csv | wc -l) &&
		with=$(awk -F, -v a=$arm "NR == FNR { if (FNR > 1) has[\$1] = 1; next } \$16 == a && has[\$1]" out.csv export.csv | wc -l) &&
		grep "^employed_or_education_12m,12 months,$arm,$n,$with," o.csv || return 1
	done &&
	analysis pilot se.db --table deviations --format csv >d.csv &&
	grep "^corrections,1," d.csv && grep "^amendments,0," d.csv &&
	grep "^withdrawals,,\"participants who withdrew consent; fewer than 5, or would reveal one: suppressed\"$" d.csv &&
	analysis pilot open.db --table deviations --format csv >d1.csv &&
	grep "^withdrawals,1,participants who withdrew consent$" d1.csv
'

test_expect_success 'all three tables in text; csv and json need --table' '
	analysis pilot se.db >all.txt &&
	grep -F "Recruitment against target" all.txt &&
	grep -F "Deviations recorded" all.txt &&
	test_exit 2 analysis pilot se.db --format csv 2>err &&
	grep -F "add --table" err
'

test_expect_success 'a cluster pilot: the ICC of the classes' '
	make_mt_trial &&
	trial export mt.db --format csv >mte.csv &&
	awk -F, "BEGIN { print \"participant,outcome,value\" }
		NR > 1 { split(\$0, f, \",\"); print \$1 \",completed_course,\" (NR * 7 + length(\$4)) % 3 % 2 }" \
		mte.csv >mto.csv &&
	trial outcome import mt.db mto.csv >/dev/null &&
	analysis pilot mt.db --table outcomes --format csv >mo.csv &&
	awk -F, "NR == FNR { if (FNR > 1) v[\$1] = \$3; next }
		FNR == 1 { for (i = 1; i <= NF; i++) if (\$i == \"class\") c = i; print \"cluster,y\"; next }
		{ print \$c \",\" v[\$1] }" mto.csv mte.csv >icc.csv &&
	grep "^completed_course,10 months,ordinary," mo.csv >row &&
	test "$(cut -d, -f12 row)" = 10 &&
	# The one-way ANOVA ICC again, in awk, from the export and outcomes.
	awk -F, -v got="$(cut -d, -f9 row)" "NR > 1 { n[\$1]++; s[\$1] += \$2; y[NR] = \$2; c[NR] = \$1; N++; t += \$2 }
	END { g = t / N; for (k in n) { K++; m = s[k] / n[k]; ssb += n[k] * (m - g)^2; sq += n[k]^2 }
		for (i in y) ssw += (y[i] - s[c[i]] / n[c[i]])^2;
		msb = ssb / (K - 1); msw = ssw / (N - K); n0 = (N - sq / N) / (K - 1);
		icc = (msb - msw) / (msb + (n0 - 1) * msw); d = icc - got; if (d < 0) d = -d;
		if (d > 1e-12) { print icc, got; exit 1 } }" icc.csv
'

test_expect_success 'take-up: by arm in the pilot, received in CONSORT, instrumented by iv' '
	awk -F, "BEGIN { print \"participant,outcome,value\" }
		NR > 1 { print \$1 \",took_up,\" (\$16 == \"treatment\" ? (NR % 5 != 0) : (NR % 9 == 0));
		         print \$1 \",earnings_12m,\" NR * 1000 }" export.csv >tk.csv &&
	cp se.db pre.db && cp -r se.keys pre.keys &&
	trial outcome import se.db tk.csv >/dev/null &&
	open_copy se.db open.db &&
	for arm in control treatment; do
		n=$(awk -F, -v a=$arm "NR == FNR { if (\$2 == \"took_up\") v[\$1] = \$3; next } \$16 == a" tk.csv export.csv | wc -l) &&
		yes=$(awk -F, -v a=$arm "NR == FNR { if (\$2 == \"took_up\") v[\$1] = \$3; next } \$16 == a && v[\$1] == 1" tk.csv export.csv | wc -l) &&
		analysis pilot open.db --table outcomes --format csv | grep "^took_up,6 months,$arm,$n,$n," >row &&
		awk -F, -v m="$(echo "$yes / $n" | bc -l)" "{ d = \$7 - m; if (d < 0) d = -d; exit d > 1e-12 }" row &&
		grep -F "take-up of the measure" row &&
		analysis consort se.db --min-cell 0 --format csv | grep "^received the measure,$arm,$yes," || return 1
	done &&
	analysis effects se.db --estimator iv --outcome earnings_12m --format csv >iv.csv &&
	grep "^earnings_12m,iv,HC2,takeup," iv.csv
'

test_expect_success 'take-up below min_cell: the mean that gives it back is suppressed, as CONSORT does' '
	# Two controls took the measure up, every treated participant did.
	awk -F, "BEGIN { print \"participant,outcome,value\" }
		NR > 1 && \$16 != \"\" { print \$1 \",took_up,\" (\$16 == \"treatment\" || ++c <= 2) }" \
		export.csv >tk2.csv &&
	trial outcome import pre.db tk2.csv >/dev/null &&
	n=$(awk -F, "\$16 == \"control\"" export.csv | wc -l) &&
	analysis pilot pre.db --table outcomes --format csv >o2.csv &&
	grep "^took_up,6 months,control,$n,$n,1,,,,,,,\"take-up of the measure (the mean); fewer than 5, or would reveal one: suppressed\"$" o2.csv &&
	grep "^took_up,6 months,treatment,\([0-9]*\),\1,1,1,0,,,,,take-up of the measure (the mean)$" o2.csv &&
	analysis consort pre.db --format csv >c2.csv &&
	grep -x "received the measure,control,,suppressed" c2.csv &&
	analysis pilot pre.db --format md >o2.md &&
	grep "^| took_up | 6 months | control | $n | $n | 1.000 |  |  | .*suppressed |$" o2.md
'

test_expect_success 'small counts by site and month are suppressed with their complements' '
	analysis pilot se.db --table monthly --format csv >ms.csv &&
	analysis pilot open.db --table monthly --format csv >mo.csv &&
	test "$(wc -l <ms.csv)" = "$(wc -l <mo.csv)" &&
	hidden=$(grep -c "fewer than 5, or would reveal one: suppressed\"$" ms.csv) &&
	test "$hidden" -ge 5 &&
	# A count shown is the true one; one hidden is missing, not changed.
	paste -d"|" ms.csv mo.csv | awk -F"|" "NR > 1 { split(\$1, s, \",\"); split(\$2, o, \",\");
		for (i = 3; i <= 6; i++) if (s[i] != \"\" && s[i] != o[i]) { print; exit 1 }
		for (i = 3; i <= 6; i++) if (o[i] > 0 && o[i] < 5 && s[i] != \"\") { print \"shown:\", \$0; exit 1 } }" &&
	analysis pilot se.db --table recruitment --format csv >rs.csv &&
	awk -F, "NR > 1 && \$4 == \"\" && \$10 != \"\" { print; exit 1 }" rs.csv
'

test_expect_success 'the text table rounds as R prints round(x, 2) and round(x, 3)' '
	analysis pilot open.db --table recruitment --format csv >r1.csv &&
	analysis pilot open.db --table recruitment >r1.txt &&
	analysis pilot open.db --table outcomes --format csv >o1.csv &&
	analysis pilot open.db --table outcomes --format md >o1.md &&
	# Each site: months, rate and its interval to 2 decimals (md cells).
	analysis pilot open.db --table recruitment --format md >r1.md &&
	awk -F, "NR > 1 { printf \"%s %.2f %.2f %.2f %.2f\\n\", \$1, \$9, \$10, \$11, \$12 }" r1.csv >want &&
	awk -F"|" "NR > 2 && /^[|]/ { gsub(/ /, \"\"); print \$2, \$10, \$11, \$12, \$13 }" r1.md >got &&
	test_cmp want got &&
	test "$(wc -l <got)" = 6 &&
	grep "^all  *90  *21  *60  *60  *125 .* [0-9]*\.[0-9][0-9]  *[0-9]*\.[0-9][0-9]  " r1.txt &&
	# Completeness to 3 decimals, mean and SD to 2 (md cells).
	awk -F, "NR > 1 && \$1 == \"employed_or_education_12m\" { printf \"%.3f %.2f %.2f\\n\", \$6, \$7, \$8 }" o1.csv >want &&
	awk -F"|" "\$2 ~ /employed_or_education_12m/ { gsub(/ /, \"\"); print \$7, \$8, \$9 }" o1.md >got &&
	test_cmp want got &&
	test "$(wc -l <got)" = 2
'

test_expect_success 'a cluster trial with nobody enrolled yet: pilot and report answer' '
	# Its ICC has no clusters to read (rct_pilot_icc with n 0 used to crash).
	trial init empty-cluster.db --protocol "$PROTOCOLS/mother-tongue-support.ini" >/dev/null &&
	analysis pilot empty-cluster.db >empty.out &&
	grep -q "^Recruitment against target" empty.out &&
	grep -q "^Outcomes: completeness by arm" empty.out &&
	analysis report empty-cluster.db --html empty.html >/dev/null &&
	grep -q "<h2>Feasibility</h2>" empty.html
'

test_done
