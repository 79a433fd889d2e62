#!/bin/sh
# Blocks, clusters, pairs and the variables an estimator uses, against R
# (tests/ref/design_reference.R, values in design_reference.csv): the
# blocked estimator with clusters and with pairs mixed into larger blocks,
# dim with strata or clusters, strata as fixed effects of the regressions
# and as Lin's covariates, the ratios with cluster-robust errors (glm with
# sandwich::vcovCL), listwise deletion on the used columns only, and HC2
# with a leverage-1 row.  1e-8 relative on estimates, errors and
# bounds, 1e-6 on df, statistics and p-values; estimator, se_type and n
# exactly.  Each comparison needs exactly one row of ours (of the case's
# term: an IV row has its ITT row after it) and the case in
# the reference file, so a missing or empty output fails.
. "$(dirname "$0")/lib.sh"

DATA="$TEST_DATA/analysis"
REF="$DATA/design_reference.csv"

# The options for each case; the reference case is the first word of the
# case name before a colon (several runs may share one reference).
args () {
	common="--arm arm --treat treatment --format csv"
	case $1 in
	blocked_cluster) echo "--data $DATA/cluster.csv --outcome y --estimator blocked --strata block --cluster cl --se cr2 $common" ;;
	blocked_cluster:dim) echo "--data $DATA/cluster.csv --outcome y --strata block --cluster cl $common" ;;
	dim_cluster) echo "--data $DATA/cluster.csv --outcome y --cluster cl $common" ;;
	pairs_mixed) echo "--data $DATA/pairs.csv --outcome y --estimator blocked --strata block $common" ;;
	pair_cluster) echo "--data $DATA/pair_cluster.csv --outcome y --estimator blocked --strata pair --cluster cl $common" ;;
	pair_cluster_mixed) echo "--data $DATA/pair_cluster.csv --outcome y --estimator blocked --strata mixed --cluster cl $common" ;;
	dim_strata) echo "--data $DATA/basic.csv --outcome y --strata block $common" ;;
	ols_fe) echo "--data $DATA/basic.csv --outcome y --estimator ols --strata block $common" ;;
	ols_fe_hc1) echo "--data $DATA/basic.csv --outcome y --estimator ols --se hc1 --strata block $common" ;;
	ancova_fe) echo "--data $DATA/basic.csv --outcome y --estimator ancova --covariates x1,x2 --strata block $common" ;;
	lin_blocks) echo "--data $DATA/basic.csv --outcome y --estimator lin --covariates x1,x2 --strata block $common" ;;
	iv_fe) echo "--data $DATA/basic.csv --outcome y --estimator iv --takeup d --strata block $common" ;;
	ols_fe_cr2) echo "--data $DATA/cluster.csv --outcome y --estimator ols --strata block --cluster cl $common" ;;
	dim_missing_cov) echo "--data $DATA/missing_cov.csv --outcome y --covariates x1 $common" ;;
	ols_missing_cov) echo "--data $DATA/missing_cov.csv --outcome y --estimator ols --covariates x1 $common" ;;
	ancova_missing_cov) echo "--data $DATA/missing_cov.csv --outcome y --estimator ancova --covariates x1 $common" ;;
	rr_missing_cov) echo "--data $DATA/missing_cov.csv --outcome yb --estimator risk_ratio $common" ;;
	rr_missing_cov_90) echo "--data $DATA/missing_cov.csv --outcome yb --estimator risk_ratio --alpha 0.1 $common" ;;
	rr_cluster_cr0) echo "--data $DATA/basic.csv --outcome yb --estimator risk_ratio --cluster cl --se cr0 $common" ;;
	rr_cluster_stata) echo "--data $DATA/basic.csv --outcome yb --estimator risk_ratio --cluster cl $common" ;;
	or_cluster_cr0) echo "--data $DATA/basic.csv --outcome yb --estimator odds_ratio --cluster cl --se cr0 $common" ;;
	or_cluster_stata) echo "--data $DATA/basic.csv --outcome yb --estimator odds_ratio --cluster cl --se stata $common" ;;
	ancova_leverage) echo "--data $DATA/leverage.csv --outcome y --estimator ancova --covariates factor(f) $common" ;;
	*) return 1 ;;
	esac
}

# Our one row of out.csv (read by column name) against reference case $1.
compare () {
	awk -F, -v case="$1" "$REF_ROWS_AWK"'
	END {
		if (nref != 1) { printf "%s: %d reference rows\n", case, nref; exit 1 }
		# One row of the reference term (an IV row has its ITT row after it).
		for (k = 1; k <= rows; k++) if (row[k, col["term"]] == ref[1, rcol["term"]]) { n++; m = k }
		if (n != 1) { printf "%s: %d rows of ours, expected 1\n", case, n; exit 1 }
		split("estimate std_error df statistic p_value conf_low conf_high", f, " ")
		tol["estimate"] = 1e-8; tol["std_error"] = 1e-8; tol["conf_low"] = 1e-8
		tol["conf_high"] = 1e-8; tol["df"] = 1e-6; tol["statistic"] = 1e-6; tol["p_value"] = 1e-6
		bad = 0
		for (k = 1; k <= 7; k++) {
			v = f[k]; r = ref[1, rcol[v]]; o = row[m, col[v]]
			if (!(v in col) || o == "") { printf "%s: no %s\n", case, v; bad++; continue }
			if (r == "Inf") { if (o != "Inf") { printf "%s: %s is %s, R gives Inf\n", case, v, o; bad++ } continue }
			if (rel(o + 0, r + 0) > tol[v]) { printf "%s: %s is %s, R gives %s\n", case, v, o, r; bad++ }
		}
		split("estimator se_type term n", g, " ")
		for (k = 1; k <= 4; k++) {
			v = g[k]
			if (row[m, col[v]] != ref[1, rcol[v]]) { printf "%s: %s is %s, R gives %s\n", case, v, row[m, col[v]], ref[1, rcol[v]]; bad++ }
		}
		exit bad > 0
	}' "$REF" out.csv
}

test_expect_success 'the reference file has every case' '
	test $(tail -n +2 "$REF" | wc -l) -eq 22
'

for c in blocked_cluster blocked_cluster:dim dim_cluster pairs_mixed \
	pair_cluster pair_cluster_mixed dim_strata ols_fe ols_fe_hc1 ancova_fe \
	lin_blocks iv_fe ols_fe_cr2 dim_missing_cov ols_missing_cov \
	ancova_missing_cov rr_missing_cov rr_missing_cov_90 rr_cluster_cr0 \
	rr_cluster_stata or_cluster_cr0 or_cluster_stata ancova_leverage; do
	test_expect_success "$c matches R" "
		analysis effects \$(args $c) >out.csv 2>err &&
		compare ${c%%:*}
	"
done

test_expect_success 'pairs mixed with larger blocks: a warning, as estimatr' '
	analysis effects $(args pairs_mixed) >out.csv 2>err &&
	grep -F "warning: y: 10 of the 14 strata of '"'"'block'"'"' are pairs (two people) and the others larger: the matched-pair variance is used for all, with 13 degrees of freedom" err &&
	analysis effects $(args pair_cluster_mixed) >out.csv 2>err &&
	grep -F "warning: y: 4 of the 8 strata of '"'"'mixed'"'"' are pairs (two clusters)" err &&
	analysis effects $(args pair_cluster) >out.csv 2>err &&
	test ! -s err
'

test_expect_success 'the strata and clusters used are named in the output' '
	analysis effects $(args ols_fe_cr2) >out.csv &&
	head -1 out.csv | grep -F ",conf_level,scale,strata,clusters" &&
	tail -1 out.csv | grep ",0.95,identity,block,cl$" &&
	analysis effects $(args dim_strata) >out.csv &&
	tail -1 out.csv | grep "^y,blocked,neyman,.*,0.95,identity,block,$"
'

test_expect_success 'unused covariates drop no row, and say so' '
	analysis effects $(args dim_missing_cov) >out.csv 2>err &&
	grep -F "warning: the dim estimator uses no covariates: --covariates is not used, and a missing covariate drops no row" err &&
	awk -F, "NR == 2 && \$12 == 120 && \$15 == 0 { ok = 1 } END { exit !ok }" out.csv &&
	analysis effects $(args ancova_missing_cov) >out.csv 2>err &&
	awk -F, "NR == 2 && \$12 == 108 && \$15 == 12 { ok = 1 } END { exit !ok }" out.csv
'

test_expect_success 'a leverage-1 row gets weight 0 in HC2, with a warning' '
	analysis effects $(args ancova_leverage) >out.csv 2>err &&
	grep -F "warning: 1 row(s) have leverage 1 (fitted exactly, such as the only person with a level of a covariate): HC2 gives them weight 0" err
'

test_expect_success 'ratios: the scale of the error and the level are named' '
	analysis effects $(args rr_missing_cov_90) >out.csv &&
	tail -1 out.csv | grep "^yb,risk_ratio,wald,treatment,.*,0.9,log,,$" &&
	analysis effects $(args dim_strata) --alpha 0.1 >out.csv &&
	tail -1 out.csv | grep ",0.9,identity,block,$"
'

test_done
