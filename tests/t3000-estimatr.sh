#!/bin/sh
# Every estimator against R's estimatr (and glm for the ratios), on the
# datasets and reference values made by tests/ref/estimatr_reference.R:
# 1e-8 relative on estimates, standard errors and confidence bounds, 1e-6
# on degrees of freedom, statistics and p-values.
. "$(dirname "$0")/lib.sh"

DATA="$TEST_DATA/analysis"

# The options of analysis effects for each reference case.
args () {
	common="--arm arm --treat treatment --format csv"
	case $1 in
	dim_basic) echo "--data $DATA/basic.csv --outcome y $common" ;;
	dim_blocked) echo "--data $DATA/basic.csv --outcome y --estimator blocked --strata block $common" ;;
	ols_classical) echo "--data $DATA/basic.csv --outcome y --estimator ols --se classical $common" ;;
	ols_hc0) echo "--data $DATA/basic.csv --outcome y --estimator ols --se hc0 $common" ;;
	ols_hc1) echo "--data $DATA/basic.csv --outcome y --estimator ols --se hc1 $common" ;;
	ols_hc2) echo "--data $DATA/basic.csv --outcome y --estimator ols --se hc2 $common" ;;
	ols_hc3) echo "--data $DATA/basic.csv --outcome y --estimator ols --se hc3 $common" ;;
	ols_cov_hc2) echo "--data $DATA/basic.csv --outcome y --estimator ancova --covariates x1,x2 $common" ;;
	ancova_factor_hc2) echo "--data $DATA/basic.csv --outcome y --estimator ancova --covariates x1,x2,f $common" ;;
	lin_hc2) echo "--data $DATA/basic.csv --outcome y --estimator lin --covariates x1,x2 $common" ;;
	lin_factor_hc2) echo "--data $DATA/basic.csv --outcome y --estimator lin --covariates x1,x2,f $common" ;;
	lin_hc1) echo "--data $DATA/basic.csv --outcome y --estimator lin --se hc1 --covariates x1,x2 $common" ;;
	cr0_basic) echo "--data $DATA/basic.csv --outcome y --estimator ols --cluster cl --se cr0 $common" ;;
	stata_basic) echo "--data $DATA/basic.csv --outcome y --estimator ols --cluster cl --se stata $common" ;;
	cr2_basic) echo "--data $DATA/basic.csv --outcome y --estimator ols --cluster cl --se cr2 $common" ;;
	cr2_cov_basic) echo "--data $DATA/basic.csv --outcome y --estimator ancova --covariates x1 --cluster cl $common" ;;
	cr0_cluster) echo "--data $DATA/cluster.csv --outcome y --estimator ols --cluster cl --se cr0 $common" ;;
	stata_cluster) echo "--data $DATA/cluster.csv --outcome y --estimator ols --cluster cl --se stata $common" ;;
	cr2_cluster) echo "--data $DATA/cluster.csv --outcome y --estimator ols --cluster cl $common" ;;
	cr2_lin_cluster) echo "--data $DATA/cluster.csv --outcome y --estimator lin --covariates x1 --cluster cl $common" ;;
	iv_hc2) echo "--data $DATA/basic.csv --outcome y --estimator iv --takeup d $common" ;;
	iv_cov_hc2) echo "--data $DATA/basic.csv --outcome y --estimator iv --takeup d --covariates x1 $common" ;;
	rd_binary) echo "--data $DATA/basic.csv --outcome yb --estimator ols $common" ;;
	rr_binary) echo "--data $DATA/basic.csv --outcome yb --estimator risk_ratio $common" ;;
	or_binary) echo "--data $DATA/basic.csv --outcome yb --estimator odds_ratio $common" ;;
	dim_missing) echo "--data $DATA/missing.csv --outcome y $common" ;;
	lm_missing_hc2) echo "--data $DATA/missing.csv --outcome y --estimator ancova --covariates x1 $common" ;;
	*) return 1 ;;
	esac
}

# Compare our row of the reference's term (an IV fit has its ITT row
# after it) with the reference row of case $1, both read by column name:
# estimate to n.  Fails unless there is exactly one of each.
compare () {
	awk -F, -v case="$1" "$REF_ROWS_AWK"'
	END {
		if (nref != 1) { printf "%s: %d reference rows, expected 1\n", case, nref; exit 1 }
		term = ref[1, rcol["term"]]
		for (k = 1; k <= rows; k++) if ("term" in col && row[k, col["term"]] == term) { matched++; m = k }
		if (matched != 1) {
			printf "%s: %d of our %d rows are of term %s, expected 1\n", case, matched, rows, term
			exit 1
		}
		n = split("estimate std_error df statistic p_value conf_low conf_high n", name, " ")
		split("1e-8 1e-8 1e-6 1e-6 1e-6 1e-8 1e-8 0", tol, " ")
		for (k = 1; k <= n; k++) {
			v = name[k]
			if (!(v in col) || !(v in rcol)) { printf "%s: no column %s\n", case, v; bad++; continue }
			o = row[m, col[v]]; r = ref[1, rcol[v]]
			if (r == "Inf" ? o != "Inf" : rel(o + 0, r + 0) > tol[k] + 0) {
				printf "%s: %s is %s, R gives %s\n", case, v, o, r; bad++
			}
		}
		exit bad > 0
	}' "$DATA/reference.csv" out.csv
}

test_expect_success 'the reference has every case' '
	test "$(tail -n +2 "$DATA/reference.csv" | wc -l)" -ge 27 &&
	for c in $(tail -n +2 "$DATA/reference.csv" | cut -d, -f1); do
		args $c >/dev/null || { echo "no options for case $c"; return 1; }
	done
'

for c in $(tail -n +2 "$DATA/reference.csv" | cut -d, -f1); do
	test_expect_success "$c matches R" "
		analysis effects \$(args $c) >out.csv &&
		compare $c
	"
done

test_done
