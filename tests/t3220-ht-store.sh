#!/bin/sh
# Horvitz-Thompson and inverse-probability weights from a trial store:
# each participant's probability of the arm compared is the one stored
# with the allocation (--prob allocation, the default of
# horvitz_thompson), which is the marginal probability for permuted
# blocks (the arm's share of the ratio) and the lottery (the offer
# probability of the site, places / applicants); minimization, whose
# probabilities depend on the order of arrival, is refused.  The store's
# figures equal those of the same data as a CSV file with --prob (checked
# against estimatr in t3060 and, on an export of a lottery store, below
# against tests/ref/ht_store_reference.R).
. "$(dirname "$0")/lib.sh"

DATA="$TEST_DATA/analysis"

test_expect_success 'setup: the vocational lottery, 14 places at one site, 26 at the other' '
	trial init vt.db --protocol "$PROTOCOLS/vocational-fourth-year.ini" >/dev/null &&
	trial site add vt.db vestland --name "NAV Vestland" --target 14 >/dev/null &&
	trial site add vt.db oslo --name "NAV Oslo" --target 26 >/dev/null &&
	vt_applicants 120 vestland,oslo >vt.csv &&
	trial import vt.db vt.csv >/dev/null &&
	randomizer lottery vt.db --site vestland --capacity 14 >/dev/null &&
	randomizer lottery vt.db --site oslo --capacity 26 >/dev/null &&
	sqlite3 -csv vt.db "SELECT printf('"'"'P%06d'"'"', p.id), p.site, a.arm, printf('"'"'%!.17g'"'"', json_extract(a.probabilities, '"'"'\$.course'"'"')) FROM participant p JOIN allocation a ON a.participant = p.id ORDER BY p.id" >alloc.csv &&
	awk -F, "BEGIN { srand(11); print \"participant,outcome,value\" }
		{ t = \$3 == \"course\"; print \$1 \",work_48m,\" (rand() < 0.3 + 0.25 * t + 0.1 * (\$2 == \"oslo\") ? 1 : 0) }" \
		alloc.csv >outcomes.csv &&
	trial outcome import vt.db outcomes.csv >/dev/null
'

test_expect_success 'the stored probability is the site offer probability' '
	n_v=$(grep -c ",vestland," alloc.csv) && n_o=$(grep -c ",oslo," alloc.csv) &&
	awk -F, -v nv=$n_v -v no=$n_o "
		{ p = \$2 == \"vestland\" ? 14 / nv : 26 / no; d = \$4 - p; if (d < 0) d = -d; if (d > 1e-15) exit 1; n++ }
		END { exit n != nv + no }" alloc.csv
'

# The store as a plain file: arm, site, the probability of the course,
# the outcome.
export_csv () {
	awk -F, "NR == FNR { if (FNR > 1) y[\$1] = \$3; next }
		FNR == 1 { print \"arm,site,p,y\" }
		{ print \$3 \",\" \$2 \",\" \$4 \",\" y[\$1] }" outcomes.csv alloc.csv
}

test_expect_success 'horvitz_thompson from the store is the CSV with --prob' '
	export_csv >vt-data.csv &&
	analysis effects vt.db --outcome work_48m --treat course --control ordinary \
		--estimator horvitz_thompson --format csv >store.csv &&
	analysis effects --data vt-data.csv --arm arm --treat course --control ordinary \
		--outcome y --estimator horvitz_thompson --prob p --format csv >csv.csv &&
	cut -d, -f2- store.csv | sed 1d >a && cut -d, -f2- csv.csv | sed 1d >b &&
	test_cmp b a &&
	grep -F ",horvitz_thompson,youngs," store.csv
'

test_expect_success 'inverse-probability weights from the store (--prob allocation)' '
	analysis effects vt.db --outcome work_48m --treat course --control ordinary \
		--estimator ols --prob allocation --format csv >store.csv &&
	analysis effects --data vt-data.csv --arm arm --treat course --control ordinary \
		--outcome y --estimator ols --prob p --format csv >csv.csv &&
	cut -d, -f2-20,22- store.csv | sed 1d >a && cut -d, -f2-20,22- csv.csv | sed 1d >b &&
	test_cmp b a &&
	grep -F ",two.sided,prob:course,0.95," store.csv &&
	analysis effects vt.db --outcome work_48m --estimator lin --covariates "factor(gender)" \
		--prob allocation --format csv | grep -F ",lin,HC2,treatment,"
'

test_expect_success 'on an export of a lottery store the figures are estimatr'"'"'s' '
	for c in ht ipw_ols ipw_fe; do
		case $c in
		ht) o="--estimator horvitz_thompson" ;;
		ipw_ols) o="--estimator ols" ;;
		ipw_fe) o="--estimator ols --strata site" ;;
		esac &&
		analysis effects --data "$DATA/ht_store.csv" --arm arm --treat course \
			--control ordinary --outcome y --prob p $o --format csv >out.csv &&
		awk -F, -v c=$c "
			function rel(a, b) { d = a - b; if (d < 0) d = -d; return d / (b < 0 ? -b : b) }
			NR == FNR { if (\$1 == c) { e = \$2; s = \$3; n++ } next }
			FNR == 2 { if (n != 1 || rel(\$5, e) > 1e-8 || rel(\$6, s) > 1e-8) { print c, \$5, \$6, e, s; exit 1 } ok = 1 }
			END { exit !ok }" "$DATA/ht_store_reference.csv" out.csv || return 1
	done
'

test_expect_success 'permuted blocks: the arm share of the ratio' '
	make_se_store &&
	gen_register --rows 60 --seed 9 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer assign se.db --pending >/dev/null &&
	test "$(sqlite3 se.db "SELECT DISTINCT json_extract(probabilities, '"'"'\$.treatment'"'"') FROM allocation")" = 0.5 &&
	trial export se.db --format csv >export.csv &&
	awk -F, "BEGIN { srand(5); print \"participant,outcome,value\" }
		NR > 1 { printf \"%s,earnings_12m,%d\n\", \$1, int(100000 + 30000 * (\$16 == \"treatment\") + 60000 * rand()) }" \
		export.csv >se-outcomes.csv &&
	trial outcome import se.db se-outcomes.csv >/dev/null &&
	awk -F, "NR == FNR { if (FNR > 1) y[\$1] = \$3; next }
		FNR == 1 { print \"arm,p,y\" } FNR > 1 { print \$16 \",0.5,\" y[\$1] }" se-outcomes.csv export.csv >se-data.csv &&
	analysis effects se.db --outcome earnings_12m --estimator horvitz_thompson --format csv >store.csv &&
	analysis effects --data se-data.csv --arm arm --treat treatment --control control \
		--outcome y --estimator horvitz_thompson --prob p --format csv >csv.csv &&
	cut -d, -f2- store.csv | sed 1d >a && cut -d, -f2- csv.csv | sed 1d >b &&
	test_cmp b a
'

test_expect_success 'minimization is refused, pointing to randomization inference' '
	trial init mz.db --protocol "$TEST_DATA/minimization.ini" >/dev/null &&
	trial site add mz.db 0301 --name Oslo >/dev/null &&
	gen_register --rows 10 --seed 43 --sites 0301 >mz.csv &&
	trial import mz.db mz.csv >/dev/null &&
	randomizer assign mz.db --pending >/dev/null &&
	test_unchanged mz.db analysis effects mz.db --estimator horvitz_thompson 2>err &&
	grep -F "the probabilities minimization allocates with are conditional on the order of arrival" err &&
	grep -F "use randomization inference, analysis ri STORE" err &&
	test_unchanged mz.db analysis effects mz.db --estimator ols --prob allocation 2>err &&
	grep -F "conditional on the order of arrival" err
'

test_done
