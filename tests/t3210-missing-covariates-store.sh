#!/bin/sh
# Missing baseline covariates in a store: everyone randomized stays in the
# intention-to-treat analysis by the missing-indicator method (White and
# Thompson 2005), the protocol's default (missing_covariates = indicator);
# missing_covariates = listwise drops them, as --data does by default.
# Each gives the same figures as the CSV path with the same choice (that
# path is checked against R in t3060).
. "$(dirname "$0")/lib.sh"

# supported-employment.ini with years_in_norway optional and, given $1,
# that value of missing_covariates.
protocol () {
	sed -e "/^\[variable years_in_norway\]/a required = no" \
		${1:+-e "/^min_cell/a missing_covariates = $1"} \
		"$PROTOCOLS/supported-employment.ini"
}

# A store of 300 randomized, years_in_norway empty for every 7th, and
# two outcomes for most.
store () {
	trial init "$1" --protocol "$2" >/dev/null &&
	for s in 0301 4601 5001 1103 3005; do
		trial site add "$1" $s --name "site $s" >/dev/null || return 1
	done &&
	gen_register --rows 300 --seed 11 |
	awk -F, -v OFS=, "NR > 1 && NR % 7 == 0 { \$7 = \"\" } { print }" >reg.csv &&
	trial import "$1" reg.csv >/dev/null &&
	randomizer assign "$1" --pending >/dev/null &&
	trial export "$1" --format csv >export.csv &&
	awk -F, "BEGIN { srand(5); print \"participant,outcome,value\" }
		NR > 1 { t = \$16 == \"treatment\";
		if (rand() < 0.9) print \$1 \",employed_or_education_12m,\" (rand() < 0.35 + 0.15 * t ? 1 : 0);
		if (rand() < 0.85) printf \"%s,earnings_12m,%d\n\", \$1, int(100000 + 40000 * t + 5000 * \$8 + 60000 * rand()) }" \
		export.csv >outcomes.csv &&
	trial outcome import "$1" outcomes.csv >/dev/null &&
	awk -F, 'NR == FNR { if (FNR > 1) v[$1 "," $2] = $3; next }
		FNR == 1 { print "arm,gender,education,norwegian_level,years_in_norway,employed_or_education_12m,earnings_12m"; next }
		{ print $16 "," $4 "," $6 "," $7 "," $8 "," v[$1 ",employed_or_education_12m"] "," v[$1 ",earnings_12m"] }' \
		outcomes.csv export.csv >joined.csv
}

csv_path () {
	analysis effects --data joined.csv --arm arm --treat treatment \
		--control control --estimator lin --se hc2 \
		--outcome employed_or_education_12m,earnings_12m \
		--covariates "factor(gender),factor(education),factor(norwegian_level),years_in_norway" \
		--format csv "$@"
}

test_expect_success 'indicator is the default of a store, as the CSV path with it' '
	protocol >p.ini &&
	store se.db p.ini &&
	test $(grep -c ",,2026-" reg.csv) -gt 30 &&
	analysis effects se.db --format csv >store.csv 2>store.err &&
	csv_path --missing-covariates indicator >csv.csv 2>csv.err &&
	test_cmp csv.csv store.csv &&
	grep -F "covariate '"'"'years_in_norway'"'"' is missing for" store.err &&
	n=$(grep -c ",employed_or_education_12m," outcomes.csv) &&
	awk -F, -v n=$n "NR == 2 && \$12 == n && \$12 + \$15 == 300 { ok = 1 } END { exit !ok }" store.csv
'

test_expect_success 'the CSV path drops them by default, as listwise in a protocol' '
	protocol listwise >pl.ini &&
	store sl.db pl.ini &&
	csv_path >csv.csv 2>err &&
	! grep -F "missing-indicator" err &&
	n=$(grep -c ",employed_or_education_12m," outcomes.csv) &&
	awk -F, -v n=$n "NR == 2 && \$12 < n - 20 { ok = 1 } END { exit !ok }" csv.csv &&
	analysis effects sl.db --format csv >store.csv 2>err &&
	test_cmp csv.csv store.csv &&
	analysis effects sl.db --missing-covariates indicator --format csv >store.csv &&
	csv_path --missing-covariates indicator >csv.csv &&
	test_cmp csv.csv store.csv
'

test_expect_success 'an unknown missing_covariates is refused at init' '
	protocol mean >pm.ini &&
	test_exit 2 trial init pm.db --protocol pm.ini 2>err &&
	grep -F "missing_covariates '"'"'mean'"'"' is unknown, expected indicator (the missing-indicator method) or listwise" err
'

test_done
