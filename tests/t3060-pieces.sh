#!/bin/sh
# What a trial statistician expects beside an estimate, against R
# (tests/ref/pieces_reference.R, values in pieces_reference.csv): missing
# baseline covariates kept by the missing-indicator method (White and
# Thompson 2005) or dropped listwise, the IV row's first-stage F and
# compliance rate with its ITT row, and one-sided p-values and intervals
# with --alternative and --conf-level, and Horvitz-Thompson with each
# row's probability of treatment (--prob), which also gives ols, ancova
# and lin inverse-probability weights.  1e-8 relative on estimates,
# errors, bounds, the F and the compliance; 1e-6 on df, statistics and
# p-values; estimator, se_type, n, alternative and conf_level exactly.
# Every reference row of a case needs exactly one row of ours with its
# term, so a missing or empty output fails.
. "$(dirname "$0")/lib.sh"

DATA="$TEST_DATA/analysis"
REF="$DATA/pieces_reference.csv"

args () {
	common="--arm arm --treat treatment --format csv"
	bm="--data $DATA/baseline_missing.csv --outcome y"
	b="--data $DATA/basic.csv --outcome y"
	case $1 in
	ancova_indicator) echo "$bm --estimator ancova --covariates x1,x2,f --missing-covariates indicator $common" ;;
	ancova_listwise) echo "$bm --estimator ancova --covariates x1,x2,f $common" ;;
	ancova_listwise:explicit) echo "$bm --estimator ancova --covariates x1,x2,f --missing-covariates listwise $common" ;;
	lin_indicator) echo "$bm --estimator lin --covariates x1,x2,f --missing-covariates indicator $common" ;;
	lin_indicator_strata) echo "$bm --estimator lin --covariates x1,x2,f --strata block --missing-covariates indicator $common" ;;
	lin_indicator_cr2) echo "$bm --estimator lin --covariates x1,x2,f --cluster cl --missing-covariates indicator $common" ;;
	lin_listwise) echo "$bm --estimator lin --covariates x1,x2,f $common" ;;
	iv_indicator) echo "$bm --estimator iv --takeup d --covariates x1 --missing-covariates indicator $common" ;;
	iv_diag_hc2) echo "$b --estimator iv --takeup d $common" ;;
	iv_diag_cov) echo "$b --estimator iv --takeup d --covariates x1 $common" ;;
	iv_diag_cr2) echo "$b --estimator iv --takeup d --cluster cl $common" ;;
	iv_diag_fe) echo "$b --estimator iv --takeup d --strata block $common" ;;
	ols_greater) echo "$b --estimator ols --alternative greater $common" ;;
	ols_less) echo "$b --estimator ols --alternative less $common" ;;
	lin_less_90) echo "$b --estimator lin --covariates x1,x2 --alternative less --conf-level 0.9 $common" ;;
	dim_greater_99) echo "$b --alternative greater --alpha 0.01 $common" ;;
	rr_greater) echo "--data $DATA/basic.csv --outcome yb --estimator risk_ratio --alternative greater $common" ;;
	ols_conf_90) echo "$b --estimator ols --conf-level 0.9 $common" ;;
	ht_prob) echo "--data $DATA/ht.csv --outcome y --estimator horvitz_thompson --prob p $common" ;;
	ht_prob_greater) echo "--data $DATA/ht.csv --outcome y --estimator horvitz_thompson --prob p --alternative greater $common" ;;
	ht_half) echo "--data half.csv --outcome y --estimator horvitz_thompson --prob p $common" ;;
	ipw_ols) echo "--data $DATA/ht.csv --outcome y --estimator ols --prob p $common" ;;
	ipw_ancova_hc1) echo "--data $DATA/ht.csv --outcome y --estimator ancova --covariates factor(site) --se hc1 --prob p $common" ;;
	ipw_lin) echo "--data $DATA/ht.csv --outcome y --estimator lin --covariates factor(site) --prob p $common" ;;
	ipw_fe) echo "--data $DATA/ht.csv --outcome y --estimator ols --strata site --prob p $common" ;;
	ipw_cr0) echo "--data $DATA/ht.csv --outcome y --estimator ols --cluster cl --se cr0 --prob p $common" ;;
	ipw_stata) echo "--data $DATA/ht.csv --outcome y --estimator ols --cluster cl --se stata --prob p $common" ;;
	*) return 1 ;;
	esac
}

# Our rows of out.csv (by column name) against every reference row of
# case $1, matched by term.
compare () {
	awk -F, -v case="$1" "$REF_ROWS_AWK"'
	END {
		if (nref < 1) { printf "%s: no reference rows\n", case; exit 1 }
		split("estimate std_error df statistic p_value conf_low conf_high conf_level first_stage_f compliance", f, " ")
		tol["estimate"] = 1e-8; tol["std_error"] = 1e-8; tol["conf_low"] = 1e-8
		tol["conf_high"] = 1e-8; tol["df"] = 1e-6; tol["statistic"] = 1e-6
		tol["p_value"] = 1e-6; tol["conf_level"] = 1e-12
		tol["first_stage_f"] = 1e-8; tol["compliance"] = 1e-8
		bad = 0
		for (k = 1; k <= rows; k++) { t = row[k, col["term"]]; nterm[t]++; at[t] = k }
		for (j = 1; j <= nref; j++) {
			t = ref[j, rcol["term"]]; isref[t] = 1; m = at[t]
			if (nterm[t] != 1) { printf "%s: %d rows of ours for term %s, expected 1\n", case, nterm[t], t; bad++; continue }
			for (k = 1; k <= 10; k++) {
				v = f[k]; r = ref[j, rcol[v]]; o = row[m, col[v]]
				if (!(v in col)) { printf "%s: no column %s\n", case, v; bad++; continue }
				if (r == "") { if (o != "") { printf "%s %s: %s is %s, R has none\n", case, t, v, o; bad++ } continue }
				if (r == "Inf" || r == "-Inf") { if (o != r) { printf "%s %s: %s is %s, R gives %s\n", case, t, v, o, r; bad++ } continue }
				if (o == "" || rel(o + 0, r + 0) > tol[v]) { printf "%s %s: %s is %s, R gives %s\n", case, t, v, o, r; bad++ }
			}
			split("estimator se_type n alternative", g, " ")
			for (k = 1; k <= 4; k++) {
				v = g[k]
				if (row[m, col[v]] != ref[j, rcol[v]]) { printf "%s %s: %s is %s, R gives %s\n", case, t, v, row[m, col[v]], ref[j, rcol[v]]; bad++ }
			}
		}
		for (t in nterm) if (!(t in isref)) { printf "%s: a row of term %s that R has not\n", case, t; bad++ }
		exit bad > 0
	}' "$REF" out.csv
}

test_expect_success 'the reference file has every case' '
	test $(tail -n +2 "$REF" | wc -l) -eq 31 &&
	awk -F, -v OFS=, "{ print \$0, NR == 1 ? \"p\" : 0.5 }" "$DATA/basic.csv" >half.csv
'

for c in ancova_indicator ancova_listwise ancova_listwise:explicit \
	lin_indicator lin_indicator_strata lin_indicator_cr2 lin_listwise \
	iv_indicator iv_diag_hc2 iv_diag_cov iv_diag_cr2 iv_diag_fe \
	ols_greater ols_less lin_less_90 dim_greater_99 rr_greater ols_conf_90 \
	ht_prob ht_prob_greater ht_half ipw_ols ipw_ancova_hc1 ipw_lin \
	ipw_fe ipw_cr0 ipw_stata; do
	test_expect_success "$c matches R" "
		analysis effects \$(args $c) >out.csv 2>err &&
		compare ${c%%:*}
	"
done

test_expect_success 'the missing-indicator method says what it kept' '
	analysis effects $(args ancova_indicator) >out.csv 2>err &&
	grep -F "warning: y: covariate '"'"'x1'"'"' is missing for 16 of 160 people: they stay in the analysis by the missing-indicator method" err &&
	grep -F "covariate '"'"'f'"'"' is missing for 12 of 160" err &&
	awk -F, "NR == 2 && \$12 == 160 && \$15 == 0 { ok = 1 } END { exit !ok }" out.csv &&
	analysis effects $(args ancova_listwise) >out.csv 2>err &&
	test ! -s err &&
	awk -F, "NR == 2 && \$12 == 135 && \$15 == 25 { ok = 1 } END { exit !ok }" out.csv
'

test_expect_success 'an IV row is followed by its ITT row, outside the family' '
	analysis effects --data $DATA/basic.csv --outcome y,x2 --estimator iv \
		--takeup d --arm arm --treat treatment --format csv >out.csv &&
	test $(tail -n +2 out.csv | wc -l) -eq 4 &&
	awk -F, "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
		NR % 2 == 0 && (\$c[\"term\"] != \"takeup\" || \$c[\"p_holm\"] == \"\") { exit 1 }
		NR % 2 == 1 && (\$c[\"term\"] != \"treatment\" || \$c[\"p_holm\"] != \"\" || \$c[\"first_stage_f\"] != \"\") { exit 1 }" out.csv
'

test_expect_success 'bad --alternative, --conf-level and --missing-covariates are usage errors' '
	test_exit 2 analysis effects $(args ols_greater) --alternative two-sided 2>err &&
	grep -F "unknown --alternative '"'"'two-sided'"'"', expected two.sided, greater or less" err &&
	test_exit 2 analysis effects $(args ols_greater) --conf-level 95 2>err &&
	test_exit 2 analysis effects $(args ancova_listwise) --missing-covariates mean 2>err &&
	grep -F "expected indicator or listwise" err
'

test_expect_success 'horvitz_thompson: what it cannot take is refused' '
	test_exit 2 analysis effects $(args ht_prob) --strata site 2>err &&
	grep -F "with --strata it needs the joint assignment probabilities" err &&
	test_exit 2 analysis effects --data $DATA/ht.csv --outcome y --arm arm \
		--treat treatment --estimator horvitz_thompson 2>err &&
	grep -F "needs --prob COL" err &&
	test_exit 2 analysis effects --data half.csv --outcome y --arm arm \
		--treat treatment --estimator horvitz_thompson --prob d 2>err &&
	grep -F "probability 0 of treatment in column '"'"'d'"'"' for a participant in arm '"'"'treatment'"'"'" err
'

test_expect_success 'inverse-probability weights: named, and only for regressions' '
	analysis effects $(args ipw_ols) >out.csv &&
	head -1 out.csv | grep -F ",alternative,weights,conf_level,scale,strata,clusters" &&
	tail -1 out.csv | grep -F ",two.sided,p,0.95,identity,," &&
	test_exit 2 analysis effects $(args ipw_ols) --estimator dim 2>err &&
	grep -F -- "--prob COL is for the horvitz_thompson estimator, or inverse-probability weights of ols, ancova and lin, not for dim" err &&
	test_exit 2 analysis effects --data half.csv --outcome y --arm arm \
		--treat treatment --estimator ols --prob d 2>err &&
	grep -F "probability 0 of treatment in column '"'"'d'"'"' for a participant in arm '"'"'treatment'"'"': expected a value above 0 for the treated" err
'

test_expect_success 'the table format rounds as R prints, within 80 columns' '
	analysis effects --data $DATA/basic.csv --outcome y,yb --estimator iv \
		--takeup d --arm arm --treat treatment >out.txt &&
	awk "length > 80 { exit 1 }" out.txt &&
	cat >expect <<-\EOF &&
	outcome  estimator  se_type  term       estimate  std_error   df    p_value
	y        iv         HC2      takeup       1.3824    0.27439  398  <0.001
	y        ols        HC2      treatment    0.9470    0.18297  398  <0.001
	yb       iv         HC2      takeup       0.2409    0.07458  398   0.001341
	yb       ols        HC2      treatment    0.1650    0.04941  398  <0.001

	outcome  conf_low  conf_high    n  first_stage_f  compliance
	y         0.84300     1.9219  400          359.3       0.685
	y         0.58725     1.3067  400
	yb        0.09426     0.3875  400          359.3       0.685
	yb        0.06787     0.2621  400
	EOF
	test_cmp expect out.txt &&
	analysis effects $(args ols_greater | sed "s/--format csv//") --digits 3 >out.txt &&
	cat >expect <<-\EOF &&
	outcome  estimator  se_type  term       estimate  std_error   df  p_value
	y        ols        HC2      treatment     0.947      0.183  398   <0.001

	outcome  conf_low  conf_high    n
	y           0.645        Inf  400
	EOF
	test_cmp expect out.txt &&
	analysis effects $(args lin_less_90 | sed "s/--format csv/--format md/") >out.md &&
	tail -1 out.md | grep -F "| y | lin | HC2 | treatment | 0.8141 | 0.1457 | 394 | 1 | -Inf | 1.001 | 400 |" &&
	test_exit 2 analysis effects $(args ols_greater) --digits 0
'

test_expect_success 'csv and json keep every digit' '
	analysis effects $(args ols_greater) --digits 2 >out.csv &&
	grep -F ",0.946960236009324,0.18296906030953938,398," out.csv &&
	analysis effects $(args ols_greater | sed "s/--format csv/--format json/") --digits 2 >out.json &&
	grep -F "\"estimate\": 0.946960236009324," out.json &&
	grep -F "\"conf_high\": null" out.json &&
	grep -F "\"alternative\": \"greater\"" out.json
'

test_done
