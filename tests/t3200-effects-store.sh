#!/bin/sh
# analysis effects on a trial store: the protocol's pre-specified analysis
# (outcome family, Lin with HC2 and the protocol's covariates, alpha) on
# everyone randomized, as randomized, with the latest outcome values; the
# same figures as the CSV path (checked against R in t3000) gives on the
# store's own export joined with the outcomes.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: 400 randomized, outcomes for most' '
	make_se_store &&
	gen_register --rows 400 --seed 9 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer assign se.db --pending >/dev/null &&
	trial export se.db --format csv >export.csv &&
	awk -F, "BEGIN { srand(7); print \"participant,outcome,value\" }
		NR > 1 { t = \$16 == \"treatment\";
		if (rand() < 0.9) print \$1 \",employed_or_education_12m,\" (rand() < 0.35 + 0.15 * t ? 1 : 0);
		if (rand() < 0.85) printf \"%s,earnings_12m,%d\n\", \$1, int(100000 + 40000 * t + 5000 * \$8 + 60000 * rand()) }" \
		export.csv >outcomes.csv &&
	trial outcome import se.db outcomes.csv >/dev/null
'

# The export joined with the outcomes, as a plain dataset.
joined () {
	awk -F, 'NR == FNR { if (FNR > 1) v[$1 "," $2] = $3; next }
		FNR == 1 { print "arm,gender,education,norwegian_level,years_in_norway,employed_or_education_12m,earnings_12m"; next }
		{ print $16 "," $4 "," $6 "," $7 "," $8 "," v[$1 ",employed_or_education_12m"] "," v[$1 ",earnings_12m"] }' \
		outcomes.csv export.csv
}

test_expect_success 'the pre-specified analysis matches the CSV path' '
	joined >joined.csv &&
	analysis effects se.db --format csv >store.csv &&
	analysis effects --data joined.csv --arm arm --treat treatment \
		--control control --estimator lin --se hc2 \
		--outcome employed_or_education_12m,earnings_12m \
		--covariates "factor(gender),factor(education),factor(norwegian_level),years_in_norway" \
		--format csv >csv.csv &&
	test_cmp csv.csv store.csv &&
	head -1 store.csv | grep -F ",treat,control,first_stage_f,compliance,p_holm,p_bh" &&
	grep -c "^employed_or_education_12m,lin,HC2,treatment,.*,treatment,control," store.csv
'

test_expect_success 'the family gets Holm and BH p-values (unit-tested against R)' '
	awk -F, "NR > 1 && (\$20 == \"\" || \$21 == \"\" || \$20 < \$9 || \$21 < \$9) { exit 1 }" store.csv
'

test_expect_success 'options override the protocol' '
	analysis effects se.db --outcome earnings_12m --estimator dim --format csv >dim.csv &&
	analysis effects --data joined.csv --arm arm --treat treatment \
		--control control --outcome earnings_12m --format csv >dim-csv.csv &&
	test_cmp dim-csv.csv dim.csv &&
	analysis effects se.db --estimator blocked --outcome earnings_12m \
		--format csv | grep "^earnings_12m,blocked,neyman,"
'

test_expect_success 'a store and --data together are a usage error' '
	test_exit 2 analysis effects se.db --data joined.csv 2>err &&
	grep -F "give a STORE or --data" err &&
	test_exit 2 analysis effects se.db --outcome nothing 2>err &&
	grep -F "nothing" err
'

test_done
