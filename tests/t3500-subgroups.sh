#!/bin/sh
# analysis subgroups against R (tests/ref/analysis_tables_reference.R):
# lm_robust(y ~ z, HC2) in each level of f, and the Wald F test of the
# z:f interactions of lm_robust(y ~ z * f, HC2); 1e-8 relative on
# estimates, errors and bounds, 1e-6 on df, statistics and p-values.
. "$(dirname "$0")/lib.sh"

DATA="$TEST_DATA/analysis"

test_expect_success 'each subgroup and the interaction test match R' '
	analysis subgroups --data "$DATA/basic.csv" --arm arm --treat treatment \
		--outcome y --by f --format csv >out.csv &&
	awk -F, "
	function rel(a, b) { d = a - b; if (d < 0) d = -d; s = b < 0 ? -b : b; return s > 0 ? d / s : d }
	FILENAME ~ /subgroup_reference/ { if (FNR > 1) { for (i = 2; i <= 8; i++) ref[\$1, i] = \$i; n++ } next }
	FILENAME ~ /interaction/ { if (FNR > 1) { f = \$1; df1 = \$2; df2 = \$3; p = \$4 } next }
	FNR == 1 { next }
	\$5 == \"interaction test\" {
		if (rel(\$18, f) > 1e-6 || \$19 != df1 || \$20 != df2 || rel(\$12, p) > 1e-6) { print \"interaction:\", \$0; bad++ }
		tested++; next }
	{	l = \$5; seen++
		split(\"8 9 10 12 13 14 15\", col, \" \"); split(\"1e-8 1e-8 1e-6 1e-6 1e-8 1e-8 0\", tol, \" \")
		for (i = 2; i <= 8; i++) if (rel(\$(col[i - 1]) + 0, ref[l, i] + 0) > tol[i - 1]) {
			print l, i, \$(col[i - 1]), ref[l, i]; bad++ } }
	END { exit (bad > 0 || seen != n || tested != 1) }
	" "$DATA/subgroup_reference.csv" "$DATA/subgroup_interaction_reference.csv" out.csv &&
	grep -c "^y,treatment,control,f," out.csv
'

test_expect_success 'small subgroups, and one that would reveal them, are shown without their figures' '
	analysis subgroups --data "$DATA/basic.csv" --arm arm --treat treatment \
		--outcome y --by f --min-cell 50 --format csv >small.csv &&
	grep "^y,treatment,control,f,c,ols,HC2,,,,,,,,,,,,,,\"fewer than 50, or would reveal one: suppressed\"$" small.csv &&
	grep "^y,treatment,control,f,b,ols,HC2,,,,,,,,,,,,,,\"fewer than 50, or would reveal one: suppressed\"$" small.csv &&
	grep "^y,treatment,control,f,a,ols,HC2,1.00474" small.csv
'

test_expect_success 'a level without both arms is not estimable; the others go on (R)' '
	analysis subgroups --data "$DATA/subgroup_gap.csv" --arm arm \
		--treat treatment --outcome y --by g --min-cell 0 --format csv >gap.csv 2>err &&
	grep -F "y,treatment,control,g,c,,,,,,,,,,,,,,,,not estimable: $DATA/subgroup_gap.csv: arm '"'"'control'"'"' has nobody with an outcome for '"'"'y'"'"' where '"'"'g'"'"' is '"'"'c'"'"': no effect can be estimated there" gap.csv &&
	test ! -s err &&
	awk -F, "
	function rel(a, b) { d = a - b; if (d < 0) d = -d; s = b < 0 ? -b : b; return s > 0 ? d / s : d }
	NR == FNR { if (FNR > 1) { for (i = 2; i <= 8; i++) ref[\$1, i] = \$i; n++ } next }
	FNR == 1 { next }
	\$5 == \"interaction test\" { l = \"interaction\"
		if (rel(\$18, ref[l, 2]) > 1e-6 || \$19 != 1 || \$20 != ref[l, 4] || rel(\$12, ref[l, 5]) > 1e-6 || \$15 != ref[l, 8]) { print \"interaction:\", \$0; bad++ }
		seen++; next }
	\$5 == \"c\" { skipped++; next }
	{	l = \$5; seen++
		split(\"8 9 10 12 13 14 15\", col, \" \"); split(\"1e-8 1e-8 1e-6 1e-6 1e-8 1e-8 0\", tol, \" \")
		for (i = 2; i <= 8; i++) if (ref[l, i] == \"\" || rel(\$(col[i - 1]) + 0, ref[l, i] + 0) > tol[i - 1]) {
			print l, i, \$(col[i - 1]), ref[l, i]; bad++ } }
	END { exit (bad > 0 || seen != n || n != 3 || skipped != 1) }
	" "$DATA/design_subgroup_reference.csv" gap.csv
'

test_expect_success 'what fails on the whole dataset still ends the command' '
	test_exit 2 analysis subgroups --data "$DATA/subgroup_gap.csv" --arm arm \
		--treat treatment --outcome y --by g --estimator blocked >out.csv 2>err &&
	grep -F "the blocked estimator needs --strata COL" err &&
	test ! -s out.csv
'

test_expect_success 'a numeric column or a single level is refused' '
	test_exit 2 analysis subgroups --data "$DATA/basic.csv" --arm arm \
		--treat treatment --outcome y --by x1 2>err &&
	grep -F "basic.csv: column '"'"'x1'"'"' has 400 levels: subgroups need 2 to 50" err &&
	printf "arm,y,g\ntreatment,1,a\ncontrol,2,a\ntreatment,3,a\ncontrol,5,a\n" >one.csv &&
	test_exit 2 analysis subgroups --data one.csv --arm arm --treat treatment \
		--outcome y --by g 2>err &&
	grep -F "one.csv: column '"'"'g'"'"' has 1 levels: subgroups need 2 to 50" err
'

test_done
