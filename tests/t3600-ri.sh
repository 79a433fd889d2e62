#!/bin/sh
# analysis ri: the Monte Carlo p-value against the exact randomization
# p-value R enumerates over every assignment (tests/ref/
# analysis_tables_reference.R), within four Monte Carlo errors;
# repeatable whatever the threads; from a store, re-draws that give back
# the trial's own allocation with its secret, the same on one thread or
# two (tests/unit/test_redraw.c: the fast re-draws are the plain ones).
. "$(dirname "$0")/lib.sh"

DATA="$TEST_DATA/analysis"

# within P REF SE: |P - REF| <= 4 SE + 1/(draws + 1).
within () {
	awk -v p="$1" -v r="$2" -v se="$3" 'BEGIN { d = p - r; if (d < 0) d = -d;
		if (d > 4 * se + 1 / 20001) { print p, "vs exact", r, "se", se; exit 1 } }'
}

for data in ri_complete ri_blocked; do
	strata=
	[ $data = ri_blocked ] && strata="--strata block"
	test_expect_success "the p-value of $data agrees with the exact one" "
		analysis ri --data \"\$DATA/$data.csv\" --arm arm --treat treatment \
			--outcome y --draws 20000 $strata --format csv >$data.out &&
		ours=\$(tail -1 $data.out) &&
		ref=\$(grep '^$data.csv,' \"\$DATA/ri_reference.csv\") &&
		within \$(echo \"\$ours\" | cut -d, -f11) \$(echo \"\$ref\" | cut -d, -f3) \$(echo \"\$ours\" | cut -d, -f12) &&
		within \$(echo \"\$ours\" | cut -d, -f5) \$(echo \"\$ref\" | cut -d, -f2) 0
	"
done

test_expect_success 'the same seed gives the same draws on one thread or two' '
	RCT_THREADS=1 analysis ri --data "$DATA/basic.csv" --arm arm \
		--treat treatment --outcome y,yb --draws 2000 --seed 7 --format csv >one.csv &&
	RCT_THREADS=2 analysis ri --data "$DATA/basic.csv" --arm arm \
		--treat treatment --outcome y,yb --draws 2000 --seed 7 --format csv >two.csv &&
	test_cmp one.csv two.csv &&
	analysis ri --data "$DATA/basic.csv" --arm arm --treat treatment \
		--outcome y,yb --draws 2000 --seed 8 --format csv >other.csv &&
	! cmp -s one.csv other.csv
'

test_expect_success 'Westfall-Young adjusted p-values are no smaller than the raw ones' '
	awk -F, "NR > 1 && \$13 < \$11 { exit 1 }" one.csv &&
	awk -F, "NR > 1 && \$13 == \"\" { exit 1 }" one.csv
'

test_expect_success 'clusters are permuted whole' '
	analysis ri --data "$DATA/cluster.csv" --arm arm --treat treatment \
		--outcome y --cluster cl --strata block --draws 1000 --format csv >cl.csv &&
	grep "^y,treatment,control,difference_in_means," cl.csv &&
	printf "arm,y,cl\ntreatment,1,a\ncontrol,2,a\ntreatment,3,b\ncontrol,4,c\n" >bad.csv &&
	test_exit 2 analysis ri --data bad.csv --arm arm --treat treatment \
		--outcome y --cluster cl --draws 100 2>err &&
	grep -F "members in two arms" err
'

# The store's keys fixed (the test build's RCT_TEST_KEYS): the outcome
# below does not depend on the arm, but with a random allocation its
# p-value is uniform, under 0.01 one run in a hundred.
test_expect_success 'a store: re-draws checked against the allocation' '
	RCT_TEST_KEYS=t3600-ri make_se_store &&
	gen_register --rows 300 --seed 12 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer assign se.db --pending >/dev/null &&
	trial export se.db --format csv >export.csv &&
	awk -F, "BEGIN { print \"participant,outcome,value\" }
		NR > 1 { print \$1 \",earnings_12m,\" (NR * 7919) % 100000 }" export.csv >out.csv &&
	trial outcome import se.db out.csv >/dev/null &&
	analysis ri se.db --outcome earnings_12m --draws 2000 --format csv >store.csv &&
	grep ",re-draws checked: the trial.s secret gives back its allocation$" store.csv &&
	awk -F, "NR == 2 { exit !(\$11 > 0.01) }" store.csv
'

test_expect_success 'a store: the same draws on one thread or two' '
	RCT_THREADS=1 analysis ri se.db --outcome earnings_12m --draws 1000 \
		--seed 5 --format csv >store1.csv &&
	RCT_THREADS=2 analysis ri se.db --outcome earnings_12m --draws 1000 \
		--seed 5 --format csv >store2.csv &&
	test_cmp store1.csv store2.csv &&
	RCT_THREADS=2 analysis ri se.db --outcome earnings_12m --draws 1000 \
		--seed 5 --statistic t --format csv >storet2.csv &&
	RCT_THREADS=1 analysis ri se.db --outcome earnings_12m --draws 1000 \
		--seed 5 --statistic t --format csv >storet1.csv &&
	test_cmp storet1.csv storet2.csv &&
	awk -F, "NR == 2 { exit !(\$10 > 0 && \$10 < 1000) }" store1.csv
'

test_expect_success 'a store whose allocation was edited is refused' '
	cp se.db edited.db && cp -rp se.keys edited.keys &&
	sqlite3 edited.db "UPDATE allocation SET arm = CASE arm WHEN '"'"'control'"'"' THEN '"'"'treatment'"'"' ELSE '"'"'control'"'"' END WHERE participant = 5" &&
	test_must_fail analysis ri edited.db --outcome earnings_12m --draws 200 2>err &&
	grep -F "participant 5: re-drawn with the trial" err
'

test_done
