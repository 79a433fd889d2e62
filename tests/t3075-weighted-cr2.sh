#!/bin/sh
# CR2 errors with inverse-probability weights (--prob COL --cluster COL
# --se cr2, the default with clusters) against estimatr's lm_robust(
# weights =, clusters =, se_type = "CR2") and lm_lin(weights =), each
# cross-checked with clubSandwich (tests/ref/weighted_cr2_reference.R):
# 1e-8 relative on the estimate, the error and the degrees of freedom,
# with weights that vary within clusters and weights constant in each.
. "$(dirname "$0")/lib.sh"

DATA="$TEST_DATA/analysis"
REF="$DATA/weighted_cr2_reference.csv"

args () {
	common="--arm arm --treat treatment --outcome y --cluster cl --prob p --format csv"
	case $1 in
	wcr2_ols) echo "--data $DATA/ht.csv --estimator ols --se cr2 $common" ;;
	wcr2_fe) echo "--data $DATA/ht.csv --estimator ols --strata site $common" ;;
	wcr2_lin) echo "--data $DATA/ht.csv --estimator lin --covariates factor(site) --se cr2 $common" ;;
	wcr2_cluster) echo "--data $DATA/wcluster.csv --estimator ols $common" ;;
	wcr2_cluster_ancova) echo "--data $DATA/wcluster.csv --estimator ancova --covariates x1 --se cr2 $common" ;;
	*) return 1 ;;
	esac
}

compare () {
	awk -F, -v case="$1" "$REF_ROWS_AWK"'
	END {
		if (nref != 1 || rows != 1) { printf "%s: %d reference rows, %d of ours\n", case, nref, rows; exit 1 }
		bad = 0
		split("estimate std_error df", f, " ")
		for (k = 1; k <= 3; k++) {
			v = f[k]; r = ref[1, rcol[v]]; o = row[1, col[v]]
			if (o == "" || rel(o + 0, r + 0) > 1e-8) { printf "%s: %s is %s, R gives %s\n", case, v, o, r; bad++ }
		}
		if (row[1, col["se_type"]] != "CR2" || row[1, col["weights"]] != "p" || row[1, col["estimator"]] != ref[1, rcol["estimator"]]) {
			printf "%s: se_type %s weights %s estimator %s\n", case, row[1, col["se_type"]], row[1, col["weights"]], row[1, col["estimator"]]; bad++
		}
		exit bad > 0
	}' "$REF" out.csv
}

test_expect_success 'the reference file has every case' '
	test $(tail -n +2 "$REF" | wc -l) -eq 5
'

for c in wcr2_ols wcr2_fe wcr2_lin wcr2_cluster wcr2_cluster_ancova; do
	test_expect_success "$c matches estimatr" "
		analysis effects \$(args $c) >out.csv 2>err &&
		test ! -s err &&
		compare $c
	"
done

test_expect_success 'the weights change the error: without them it differs' '
	analysis effects $(args wcr2_ols | sed "s/--prob p//") >out.csv &&
	! compare wcr2_ols >/dev/null
'

test_done
