#!/bin/sh
# analysis effects on bad input and on the edge cases of the issue: a clear
# message naming file, line and column where there is one, exit 2, never
# a NaN in the output.
. "$(dirname "$0")/lib.sh"

DATA="$TEST_DATA/analysis"

test_expect_success 'an unknown column is named with the header line' '
	test_exit 2 analysis effects --data "$DATA/basic.csv" --arm arm \
		--treat treatment --outcome income 2>err &&
	grep -F "basic.csv:1: column '"'"'income'"'"' is not in the header" err
'

test_expect_success 'a non-numeric outcome is named by file, line and column' '
	printf "arm,id,y\ntreatment,1,1\ncontrol,2,x2\ntreatment,3,3\n" >nonnum.csv &&
	test_exit 2 analysis effects --data nonnum.csv --arm arm \
		--treat treatment --outcome y 2>err &&
	grep -F "nonnum.csv:3:3: '"'"'x2'"'"' is not a number, expected a number for y" err
'

test_expect_success 'a covariate of numbers with text in it is refused' '
	printf "arm,y,age\ntreatment,1,30\ncontrol,2,31\ntreatment,3,n/a\ncontrol,2,40\ntreatment,5,33\ncontrol,4,29\n" >cov.csv &&
	test_exit 2 analysis effects --data cov.csv --arm arm --treat treatment \
		--outcome y --estimator ancova --covariates age 2>err &&
	grep -F "cov.csv:4:3: '"'"'n/a'"'"' is not a number, expected a number for age" err &&
	grep -F "write factor(age)" err
'

test_expect_success 'factor(NAME) reads a covariate as categories' '
	analysis effects --data "$DATA/basic.csv" --arm arm --treat treatment \
		--outcome y --estimator ancova --covariates "x1,factor(block)" \
		--format csv >out.csv &&
	grep "^y,ancova,HC2,treatment," out.csv
'

test_expect_success 'a treatment level that does not occur lists the levels' '
	test_exit 2 analysis effects --data "$DATA/basic.csv" --arm arm \
		--treat treated --outcome y 2>err &&
	grep -F "basic.csv:1:2: the treatment level '"'"'treated'"'"' does not occur in column '"'"'arm'"'"', expected one of '"'"'control'"'"', '"'"'treatment'"'"'" err
'

test_expect_success 'a control level that does not occur is refused too' '
	test_exit 2 analysis effects --data "$DATA/basic.csv" --arm arm \
		--treat treatment --control placebo --outcome y 2>err &&
	grep -F "control level '"'"'placebo'"'"'" err
'

test_expect_success 'a stratum with one arm only is named' '
	printf "arm,y,s\ntreatment,1,a\ncontrol,2,a\ntreatment,3,b\ntreatment,4,b\ncontrol,5,a\n" >onearm.csv &&
	test_exit 2 analysis effects --data onearm.csv --arm arm --treat treatment \
		--outcome y --estimator blocked --strata s 2>err &&
	grep -F "stratum '"'"'b'"'"' of column '"'"'s'"'"' has only arm '"'"'treatment'"'"' (2 people)" err
'

test_expect_success 'a constant outcome is refused, not a NaN' '
	printf "arm,y\ntreatment,1\ncontrol,1\ntreatment,1\ncontrol,1\n" >const.csv &&
	test_exit 2 analysis effects --data const.csv --arm arm --treat treatment \
		--outcome y 2>err &&
	grep -F "outcome '"'"'y'"'"' is 1 for everyone" err
'

test_expect_success 'a collinear covariate is dropped with a warning, as lm does' '
	printf "arm,y,x,x2\ntreatment,1,1,2\ncontrol,2,2,4\ntreatment,3,3,6\ncontrol,5,4,8\ntreatment,4,1,2\ncontrol,2,5,10\n" >col.csv &&
	analysis effects --data col.csv --arm arm --treat treatment --outcome y \
		--estimator ancova --covariates x,x2 --format csv >out.csv 2>err &&
	grep -F "warning: y: covariate '"'"'x2'"'"' is collinear" err &&
	! grep -i nan out.csv &&
	analysis effects --data col.csv --arm arm --treat treatment --outcome y \
		--estimator ancova --covariates x --format csv >one.csv &&
	test_cmp one.csv out.csv
'

test_expect_success 'a covariate equal to the arm is dropped, the arm kept' '
	printf "arm,y,t\ntreatment,1,1\ncontrol,2,0\ntreatment,3,1\ncontrol,5,0\n" >tcol.csv &&
	analysis effects --data tcol.csv --arm arm --treat treatment \
		--outcome y --estimator ancova --covariates t --format csv >out.csv 2>err &&
	grep -F "covariate '"'"'t'"'"' is collinear" err &&
	grep "^y,ancova,HC2,treatment,-1.5," out.csv
'

test_expect_success 'missing outcomes are dropped and counted' '
	analysis effects --data "$DATA/missing.csv" --arm arm --treat treatment \
		--outcome y --format json >out.json &&
	grep -F "\"n\": 108" out.json && grep -F "\"n_missing\": 12" out.json
'

test_expect_success 'dim with clusters that hold both arms is refused, as estimatr' '
	test_exit 2 analysis effects --data "$DATA/basic.csv" --arm arm \
		--treat treatment --outcome y --cluster cl >out.csv 2>err &&
	grep -F "cluster '"'"'" err &&
	grep -F "has members in both arms: the dim estimator with clusters needs each cluster in one arm, as estimatr'"'"'s difference_in_means does; for cluster-robust errors of individually randomized data use --estimator ols" err &&
	test ! -s out.csv
'

test_expect_success 'blocked with clusters that cross strata is refused' '
	printf "arm,y,s,cl\ntreatment,1,a,1\ntreatment,2,b,1\ncontrol,3,a,2\ncontrol,5,b,3\ntreatment,2,a,4\ncontrol,1,b,5\ntreatment,4,b,6\n" >cross.csv &&
	test_exit 2 analysis effects --data cross.csv --arm arm --treat treatment \
		--outcome y --estimator blocked --strata s --cluster cl 2>err &&
	grep -F "cross.csv: cluster '"'"'1'"'"' of column '"'"'cl'"'"' lies in more than one stratum of '"'"'s'"'"': clusters must nest within strata" err
'

test_expect_success 'the blocked estimator with clusters has CR2 errors only' '
	test_exit 2 analysis effects --data "$DATA/cluster.csv" --arm arm \
		--treat treatment --outcome y --estimator blocked --strata block \
		--cluster cl --se cr0 2>err &&
	grep -F "the blocked estimator with clusters has CR2 errors, as estimatr'"'"'s difference_in_means: --se CR0 is for --estimator ols" err
'

test_expect_success 'an error type dim does not have is said, not silently changed' '
	analysis effects --data "$DATA/basic.csv" --arm arm --treat treatment \
		--outcome y --se hc3 --format csv >out.csv 2>err &&
	grep -F "warning: --se HC3 is not an error of the dim estimator: its Neyman variance is used" err &&
	grep "^y,dim,neyman,treatment,0.94696023600932" out.csv
'

test_expect_success 'the ratios refuse strata and covariates, and CR2' '
	for o in "--strata block" "--covariates x1"; do
		test_exit 2 analysis effects --data "$DATA/basic.csv" --arm arm \
			--treat treatment --outcome yb --estimator risk_ratio $o \
			>out.csv 2>err &&
		grep -F "the risk_ratio is estimated on the arm alone (a glm without strata or covariates): drop ${o%% *}" err &&
		test ! -s out.csv || return 1
	done &&
	test_exit 2 analysis effects --data "$DATA/basic.csv" --arm arm \
		--treat treatment --outcome yb --estimator odds_ratio --cluster cl \
		--se cr2 >out.csv 2>err &&
	grep -F "the odds_ratio has cluster-robust errors CR0 or stata (those of sandwich::vcovCL), not CR2" err &&
	test ! -s out.csv
'

test_expect_success 'JSON has no Inf or NaN: an infinite df is null' '
	analysis effects --data "$DATA/basic.csv" --arm arm --treat treatment \
		--outcome yb --estimator risk_ratio --format json >out.json &&
	grep -F "\"df\": null" out.json &&
	grep -F "\"scale\": \"log\"" out.json &&
	grep -F "\"conf_level\": 0.95" out.json &&
	test $(grep -c "^ {\"outcome\": \"yb\"" out.json) -eq 1 &&
	! grep -E ": -?(Inf|inf|NaN|nan)" out.json
'

test_expect_success 'an arm with nobody left is refused' '
	printf "arm,y\ntreatment,1\ntreatment,2\ncontrol,\ncontrol,\n" >empty.csv &&
	test_exit 2 analysis effects --data empty.csv --arm arm --treat treatment \
		--outcome y 2>err &&
	grep -F "arm '"'"'control'"'"' has nobody with an outcome for '"'"'y'"'"'" err
'

test_expect_success 'a column with a single arm has nothing to compare with' '
	printf "arm,y\ntreatment,1\ntreatment,2\n" >single.csv &&
	test_exit 2 analysis effects --data single.csv --arm arm --treat treatment \
		--outcome y 2>err &&
	grep -F "there is no arm to compare with" err
'

test_expect_success 'clusters of one member are estimated (CR2), no NaN' '
	printf "arm,y,cl\ntreatment,1,a\ntreatment,2,b\ncontrol,3,c\ncontrol,5,c\ntreatment,2,b\ncontrol,1,d\n" >one.csv &&
	analysis effects --data one.csv --arm arm --treat treatment --outcome y \
		--estimator ols --cluster cl --se cr2 --format csv >out.csv &&
	! grep -i nan out.csv && grep "^y,ols,CR2," out.csv
'

test_expect_success 'a ragged row is named by line and column' '
	printf "arm,y\ntreatment,1\ncontrol\n" >ragged.csv &&
	test_exit 2 analysis effects --data ragged.csv --arm arm --treat treatment \
		--outcome y 2>err &&
	grep -F "ragged.csv:3:2: row has 1 fields, expected 2" err
'

test_expect_success 'an empty file and a missing file are refused' '
	: >empty-file.csv &&
	test_exit 2 analysis effects --data empty-file.csv --arm arm --treat t \
		--outcome y 2>err && grep -F "the file is empty" err &&
	test_exit 2 analysis effects --data nowhere.csv --arm arm --treat t \
		--outcome y 2>err && grep -F "cannot open '"'"'nowhere.csv'"'"'" err
'

test_expect_success 'an unknown estimator or error type is a usage error' '
	test_exit 2 analysis effects --data "$DATA/basic.csv" --arm arm \
		--treat treatment --outcome y --estimator magic 2>err &&
	test_exit 2 analysis effects --data "$DATA/basic.csv" --arm arm \
		--treat treatment --outcome y --se hc9 2>err
'

test_expect_success 'every analysis command answers --help' '
	for c in attrition balance consort effects report ri subgroups table1; do
		analysis $c --help >help.txt &&
		grep -F "usage: analysis $c" help.txt || return 1
	done &&
	test_exit 2 analysis frobnicate 2>err && grep -F "not a command" err
'

test_done
