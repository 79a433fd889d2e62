#!/bin/sh
# analysis: exact output where it is the contract (tests/data/exp/), for
# the closed-form planning and the effect table on a fixed data file (the
# numbers themselves are checked against R in t3000 and t3900; here the
# layout, rounding, column names and messages), and the messages of bad
# usage and bad input.
. "$(dirname "$0")/lib.sh"

# Copies, so that messages name the file as the user typed it.
cp "$TEST_DATA/analysis/basic.csv" "$TEST_DATA/analysis/cluster.csv" . || exit 1
B=basic.csv
C=cluster.csv

test_expect_success 'power: each design, each format' '
	test_expect_output power-individual 0 analysis power --effect-size 0.3 --power 0.8 &&
	test_expect_output power-binary-csv 0 analysis power --p-control 0.3 --p-treatment 0.45 --power 0.8 --format csv &&
	test_expect_output power-cluster-json 0 analysis power --design cluster --cluster-size 12 --icc 0.05 --clusters 20 --power 0.8 --format json &&
	test_expect_output power-blocked-md 0 analysis power --design blocked --sites 8 --site-size 25 --effect-size 0.25 --format md
'

test_expect_success 'power: usage errors say which inputs are missing' '
	test_expect_output power-nothing-to-solve 2 analysis power --effect-size 0.3 &&
	test_expect_output power-unknown-design 2 analysis power --design crossover --power 0.8 &&
	test_expect_output power-not-a-number 2 analysis power --effect-size big --power 0.8 &&
	test_expect_output power-unknown-option 2 analysis power --bogus
'

test_expect_success 'effects on a data file: the table people read, and csv' '
	test_expect_output effects-dim 0 analysis effects --data "$B" --arm arm --treat treatment --outcome y &&
	test_expect_output effects-lin-csv 0 analysis effects --data "$B" --arm arm --treat treatment --outcome y \
		--estimator lin --covariates x1,x2 --se hc2 --format csv &&
	test_expect_output effects-cr2 0 analysis effects --data "$C" --arm arm --treat treatment --outcome y \
		--estimator ols --cluster cl --se cr2
'

test_expect_success 'effects: bad input names the file, line and column' '
	printf "arm,y\ntreatment,1\ncontrol,x2\n" >bad.csv &&
	test_expect_output effects-bad-number 2 analysis effects --data bad.csv --arm arm --treat treatment --outcome y &&
	test_expect_output effects-no-column 2 analysis effects --data "$B" --arm arm --treat treatment --outcome nosuch &&
	test_expect_output effects-unknown-estimator 2 analysis effects --data "$B" --arm arm --treat treatment --outcome y --estimator magic
'

test_done
