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

# Compare our row (estimate..n) with the reference row of a case.
compare () {
	awk -F, -v case="$1" '
	function rel(a, b) { d = a - b; if (d < 0) d = -d; s = b < 0 ? -b : b; return s > 0 ? d / s : d }
	NR == FNR { if ($1 == case) for (i = 6; i <= 13; i++) ref[i] = $i; next }
	FNR == 2 {
		done = 1
		# ours: estimate,std_error,df,statistic,p_value,conf_low,conf_high,n = $5..$12
		tol[6] = 1e-8; tol[7] = 1e-8; tol[8] = 1e-6; tol[9] = 1e-6
		tol[10] = 1e-6; tol[11] = 1e-8; tol[12] = 1e-8
		bad = 0
		for (i = 6; i <= 12; i++) {
			ours = $(i - 1)
			if (ref[i] == "Inf") { if (ours != "Inf") bad++; continue }
			if (rel(ours + 0, ref[i] + 0) > tol[i]) {
				printf "%s: field %d is %s, R gives %s\n", case, i, ours, ref[i]; bad++
			}
		}
		if ($12 != ref[13]) { printf "%s: n is %s, R gives %s\n", case, $12, ref[13]; bad++ }
		exit bad > 0
	}
	# No row of ours (or no reference row): a test that cannot pass.
	END { if (!done || !(6 in ref)) { printf "%s: no row to compare\n", case; exit 1 } }' "$DATA/reference.csv" out.csv
}

for c in $(tail -n +2 "$DATA/reference.csv" | cut -d, -f1); do
	test_expect_success "$c matches R" "
		analysis effects \$(args $c) >out.csv &&
		compare $c
	"
done

test_done
