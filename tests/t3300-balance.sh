#!/bin/sh
# analysis balance against R (tests/ref/analysis_tables_reference.R):
# means, standard deviations and standardized differences to 1e-8
# relative, the joint F test to 1e-8 and its p-value to 1e-6; small cells
# suppressed; the store's baseline table.
. "$(dirname "$0")/lib.sh"

DATA="$TEST_DATA/analysis"

test_expect_success 'means, SDs and standardized differences match R' '
	analysis balance --data "$DATA/basic.csv" --arm arm --treat treatment \
		--variables x1,x2,f --format csv >out.csv &&
	awk -F, "
	function rel(a, b) { d = a - b; if (d < 0) d = -d; s = b < 0 ? -b : b; return s > 0 ? d / s : d }
	NR == FNR { if (FNR > 1) { k = \$1 \",\" \$2; for (i = 3; i <= 7; i++) ref[k, i] = \$i; n++ } next }
	FNR > 1 && \$1 != \"joint F test\" {
		k = \$1 \",\" \$2; seen++
		# ours: mean_treat 6, sd_treat 7, mean_control 9, sd_control 10, std_diff 11
		split(\"6 9 7 10 11\", col, \" \")
		for (i = 3; i <= 7; i++) if (rel(\$(col[i - 2]) + 0, ref[k, i] + 0) > 1e-8) {
			print k, i, \$(col[i - 2]), ref[k, i]; bad++ }
	}
	END { if (seen != n) print \"rows:\", seen, \"R:\", n; exit (bad > 0 || seen != n) }
	" "$DATA/balance_reference.csv" out.csv
'

test_expect_success 'the joint F test matches R' '
	grep "^joint F test," out.csv | awk -F, -v ref="$(tail -1 "$DATA/balance_joint_reference.csv")" "
	function rel(a, b) { d = a - b; if (d < 0) d = -d; return d / (b < 0 ? -b : b) }
	{ split(ref, r, \",\");
	  rows++; if (rel(\$14, r[1]) > 1e-8 || \$15 != r[2] || \$16 != r[3] || rel(\$17, r[4]) > 1e-6) { print; exit 1 } }
	END { if (rows != 1) { print \"joint F rows:\", rows; exit 1 } }"
'

test_expect_success 'counts below min-cell and their complements are suppressed' '
	printf "arm,g\n" >small.csv &&
	for i in 1 2 3 4 5 6 7 8 9 10; do echo treatment,a; echo control,a; done >>small.csv &&
	printf "treatment,b\ntreatment,b\ncontrol,b\ncontrol,b\ncontrol,b\ncontrol,b\ncontrol,b\n" >>small.csv &&
	analysis balance --data small.csv --arm arm --treat treatment \
		--variables g --format csv >small.out &&
	grep "^g,b,treatment,control,,,,,,,,0,0,,,,,\"fewer than 5, or would reveal one: suppressed\"$" small.out &&
	grep "^g,a,treatment,control,,,,,,,,0,0,,,,,\"fewer than 5, or would reveal one: suppressed\"$" small.out &&
	grep "^joint F test,,treatment,control,,,,,,,,,,,,,,not shown" small.out &&
	analysis balance --data small.csv --arm arm --treat treatment \
		--variables g --min-cell 2 --format csv | grep "^g,b,treatment,control,2,"
'

test_expect_success 'a store gives every baseline variable of the protocol' '
	make_se_store &&
	gen_register --rows 120 --seed 4 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer assign se.db --pending >/dev/null &&
	analysis balance se.db --format csv >store.csv &&
	cut -d, -f1 store.csv | sort -u | tr "\n" " " >vars &&
	printf "birth_year education gender joint F test norwegian_level variable years_in_norway " >want &&
	test_cmp want vars
'

test_expect_success 'the store table agrees with the CSV path on its export' '
	trial export se.db --format csv >export.csv &&
	analysis balance --data export.csv --arm arm --treat treatment \
		--control control --min-cell 5 \
		--variables "factor(gender),birth_year,factor(education),factor(norwegian_level),years_in_norway" \
		--format csv >csv.csv &&
	test_cmp csv.csv store.csv
'

test_expect_success 'bad input is refused with a clear message' '
	test_exit 2 analysis balance --data "$DATA/basic.csv" --arm arm \
		--treat treatment --variables x9 2>err &&
	grep -F "basic.csv:1: column '"'"'x9'"'"' is not in the header" err &&
	test_exit 2 analysis balance --data "$DATA/basic.csv" --arm arm \
		--treat treatment 2>err &&
	grep -F -- "--variables is required" err
'

test_done
