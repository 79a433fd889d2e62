#!/bin/sh
# --se wild, the wild restricted cluster bootstrap for few clusters,
# against a computation by definition in R (tests/ref/wild_reference.R,
# values in wild_reference.csv): with 12 classes every one of the 4096
# Rademacher weight vectors, to 1e-8 on the estimate, the CR1 error, the
# p-value and both ends of the interval by test inversion; with 20 classes
# 9,999 draws from the keyed stream under a recorded seed, within Monte
# Carlo error of R's 99,999 draws (4 standard deviations, in the file),
# the same seed giving the same bytes.  What the bootstrap cannot do is
# refused.
. "$(dirname "$0")/lib.sh"

DATA="$TEST_DATA/analysis"
REF="$DATA/wild_reference.csv"

args () {
	common="--arm arm --treat treatment --cluster class --se wild --format csv"
	case $1 in
	exact_dim) echo "--data $DATA/wild12.csv --outcome y $common" ;;
	exact_ols_fe) echo "--data $DATA/wild12.csv --outcome y --estimator ols --strata block $common" ;;
	exact_ancova) echo "--data $DATA/wild12.csv --outcome y --estimator ancova --covariates x1,factor(f) $common" ;;
	exact_lin_90) echo "--data $DATA/wild12.csv --outcome y --estimator lin --covariates x1 --strata block --conf-level 0.9 $common" ;;
	mc_rademacher) echo "--data $DATA/wild20.csv --outcome y --estimator ancova --covariates x1 $common" ;;
	mc_webb) echo "--data $DATA/wild20.csv --outcome y --estimator ancova --covariates x1 --wild-weights webb $common" ;;
	*) return 1 ;;
	esac
}

# Our one row of out.csv against the reference row of case $1: exact
# cases to 1e-8 relative, Monte Carlo ones within the row's tolerances.
compare () {
	awk -F, -v case="$1" "$REF_ROWS_AWK"'
	function abs(a) { return a < 0 ? -a : a }
	END {
		if (nref != 1 || rows != 1) { printf "%s: %d reference rows, %d of ours\n", case, nref, rows; exit 1 }
		bad = 0
		exact = ref[1, rcol["kind"]] == "exact"
		split("estimate std_error p_value conf_low conf_high", f, " ")
		split("1e-12 1e-12 p_tol low_tol high_tol", t, " ")
		for (k = 1; k <= 5; k++) {
			v = f[k]; r = ref[1, rcol[v]]; o = row[1, col[v]]
			if (o == "") { printf "%s: no %s\n", case, v; bad++; continue }
			if (exact || k <= 2) {
				if (rel(o + 0, r + 0) > 1e-8) { printf "%s: %s is %s, R gives %s\n", case, v, o, r; bad++ }
			} else if (abs(o - r) > ref[1, rcol[t[k]]] + 0) {
				printf "%s: %s is %s, R gives %s (Monte Carlo tolerance %s)\n", case, v, o, r, ref[1, rcol[t[k]]]; bad++
			}
		}
		if (row[1, col["se_type"]] != "wild") { printf "%s: se_type %s\n", case, row[1, col["se_type"]]; bad++ }
		if (row[1, col["df"]] != "") { printf "%s: df %s, expected none\n", case, row[1, col["df"]]; bad++ }
		if (exact && (row[1, col["bootstrap_draws"]] != 4096 || row[1, col["seed"]] != "")) { printf "%s: draws %s seed %s, expected 4096 and none\n", case, row[1, col["bootstrap_draws"]], row[1, col["seed"]]; bad++ }
		if (!exact && (row[1, col["bootstrap_draws"]] != 9999 || row[1, col["seed"]] != 1)) { printf "%s: draws %s seed %s, expected 9999 and 1\n", case, row[1, col["bootstrap_draws"]], row[1, col["seed"]]; bad++ }
		exit bad > 0
	}' "$REF" out.csv
}

test_expect_success 'the reference file has every case' '
	test $(tail -n +2 "$REF" | wc -l) -eq 6
'

for c in exact_dim exact_ols_fe exact_ancova exact_lin_90 mc_rademacher mc_webb; do
	test_expect_success "$c matches R" "
		analysis effects \$(args $c) >out.csv 2>err &&
		test ! -s err &&
		compare $c
	"
done

test_expect_success 'the weights say which they are' '
	analysis effects $(args mc_webb) >out.csv &&
	head -1 out.csv | grep -F ",strata,clusters,wild_weights,bootstrap_draws,seed" &&
	tail -1 out.csv | grep -F ",,class,webb,9999,1" &&
	analysis effects $(args exact_dim) >out.csv &&
	tail -1 out.csv | grep -F ",,class,rademacher,4096," &&
	analysis effects $(args exact_dim | sed "s/--format csv/--format json/") >out.json &&
	grep -F "\"df\": null," out.json &&
	grep -F "\"wild_weights\": \"rademacher\", \"bootstrap_draws\": 4096, \"seed\": null}" out.json &&
	analysis effects $(args mc_webb | sed "s/--format csv/--format json/") >out.json &&
	grep -F "\"bootstrap_draws\": 9999, \"seed\": 1}" out.json
'

test_expect_success 'the same seed gives the same bytes, another seed others' '
	analysis effects $(args mc_rademacher) --seed 1 >one.csv &&
	analysis effects $(args mc_rademacher) >again.csv &&
	cmp one.csv again.csv &&
	analysis effects $(args mc_rademacher) --seed 2 >two.csv &&
	! cmp -s one.csv two.csv &&
	tail -1 two.csv | grep -F ",rademacher,9999,2" &&
	analysis effects $(args mc_rademacher) --bootstrap 999 >few.csv &&
	tail -1 few.csv | grep -F ",rademacher,999,1"
'

test_expect_success 'the table says how the p-value was made' '
	analysis effects $(args mc_webb | sed "s/--format csv//") >out.txt &&
	tail -1 out.txt | grep -Fx "y: wild cluster bootstrap (restricted, webb weights), 9999 draws, seed 1; std_error is CR1" &&
	analysis effects $(args exact_dim | sed "s/--format csv/--format md/") >out.md &&
	tail -1 out.md | grep -Fx "y: wild cluster bootstrap (restricted, rademacher weights), every one of the 4096 weight vectors; std_error is CR1"
'

test_expect_success 'with 12 clusters enumeration is said to replace draws' '
	analysis effects $(args exact_dim) --bootstrap 999 --seed 5 >out.csv 2>err &&
	grep -F "warning: y: with 12 clusters every one of the 4096 Rademacher weight vectors is used (exact): no draws, --bootstrap and --seed are not used" err &&
	tail -1 out.csv | grep -F ",rademacher,4096,"
'

test_expect_success 'what the wild bootstrap cannot do is refused' '
	w="--data $DATA/wild12.csv --outcome y --arm arm --treat treatment" &&
	test_exit 2 analysis effects $w --se wild 2>err &&
	grep -F "the wild cluster bootstrap: it needs --cluster COL" err &&
	test_exit 2 analysis effects $w --cluster class --strata block --se wild 2>err &&
	grep -F "the blocked estimator (dim with --strata) is not one; --estimator ols takes the strata as fixed effects" err &&
	test_exit 2 analysis effects $w --cluster class --se wild --estimator risk_ratio 2>err &&
	grep -F "is for dim (with clusters), ols, ancova and lin, not for risk_ratio" err &&
	test_exit 2 analysis effects $w --cluster class --se wild --estimator iv --takeup x1 2>err &&
	grep -F "the wild cluster bootstrap of an iv estimate (WRE) is not implemented" err &&
	test_exit 2 analysis effects $w --se wild --estimator horvitz_thompson --prob x1 2>err &&
	grep -F "not for horvitz_thompson" err &&
	test_exit 2 analysis effects $w --cluster class --se wild --estimator ols --prob x1 2>err &&
	grep -F "with inverse-probability weights is not implemented" err &&
	test_exit 2 analysis effects $w --cluster class --se wild --alternative greater 2>err &&
	grep -F "symmetric two-sided p-value only: drop --alternative greater" err &&
	test_exit 2 analysis effects $w --cluster class --se cr2 --bootstrap 999 2>err &&
	grep -F -- "--wild-weights, --bootstrap and --seed are for --se wild" err &&
	test_exit 2 analysis effects $w --seed 3 2>err &&
	grep -F -- "--wild-weights, --bootstrap and --seed are for --se wild" err &&
	test_exit 2 analysis effects $w --cluster class --se wild --wild-weights mammen 2>err &&
	grep -F "unknown --wild-weights '"'"'mammen'"'"', expected rademacher or webb" err &&
	test_exit 2 analysis effects $w --cluster class --se wild --bootstrap 10 2>err &&
	test_exit 2 analysis effects $w --cluster class --se wild --seed -1 2>err
'

test_expect_success 'a cluster in both arms is refused for dim, taken by ols' '
	awk -F, -v OFS=, "NR == 2 { \$2 = \$2 == \"treatment\" ? \"control\" : \"treatment\" } { print }" \
		$DATA/wild12.csv >mixed.csv &&
	test_exit 2 analysis effects --data mixed.csv --outcome y --arm arm \
		--treat treatment --cluster class --se wild 2>err &&
	grep -F "has members in both arms" err &&
	analysis effects --data mixed.csv --outcome y --arm arm --treat treatment \
		--cluster class --se wild --estimator ols --format csv >out.csv &&
	tail -1 out.csv | grep -F ",rademacher,4096,"
'

test_expect_success 'from a store of classes: the mother-tongue design' '
	make_mt_trial &&
	import_mt_levels &&
	analysis effects mt.db --outcome norwegian_test_level --se wild --format csv >e.csv &&
	test "$(tail -n +2 e.csv | wc -l)" -eq 1 &&
	tail -1 e.csv | grep -F ",cluster,rademacher,1024," &&
	awk -F, "NR == 2 { p = \$9 * 1024; if (\$2 != \"dim\" || \$3 != \"wild\" || p != int(p) || p < 2) exit 1; ok = 1 } END { exit !ok }" e.csv
'

test_expect_success 'every option of effects is in its help and in the manual page' '
	analysis effects --help >help.txt &&
	for o in se wild-weights bootstrap seed prob; do
		grep -q -- "--$o " help.txt || { echo "--$o not in --help"; return 1; }
	done &&
	grep -o -- "--[a-z][a-z-]*" help.txt | sort -u >options &&
	test $(wc -l <options) -ge 20 &&
	while read o; do
		grep -q -- "^\.Op Fl -${o#--}\( \|$\)" "$TEST_ROOT/analysis/analysis.1" ||
		grep -q -- "Fl -${o#--}\( \|$\)" "$TEST_ROOT/analysis/analysis.1" ||
		{ echo "$o is not in analysis.1"; return 1; }
	done <options
'

test_done
