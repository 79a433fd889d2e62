#!/bin/sh
# analysis diagnose: simulated trials through the real allocator and the
# protocol's estimator.  Checked against theory within four Monte Carlo
# errors: the type-I rate is alpha with no effect, the simulated power of
# OLS with classical errors is the noncentral-t power analysis power gives
# (itself checked against R's pwr), the CI covers the effect as often as
# it says; runs repeat whatever the threads.
. "$(dirname "$0")/lib.sh"

SE="$PROTOCOLS/supported-employment.ini"

# within X WANT SE: |X - WANT| <= 4 SE.
within () {
	awk -v x="$1" -v w="$2" -v s="$3" 'BEGIN { d = x - w; if (d < 0) d = -d;
		if (d > 4 * s) { print x, "vs", w, "se", s; exit 1 } }'
}

col () { awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c[name] }' "$1"; }

test_expect_success 'no effect: the test rejects alpha of the time' '
	analysis diagnose --protocol "$SE" --trials 2000 --participants 200 \
		--effect 0 --r2 0.3 --format csv >null.csv &&
	within "$(col null.csv power)" 0.05 "$(echo "sqrt(0.05 * 0.95 / 2000)" | bc -l)" &&
	within "$(col null.csv coverage)" 0.95 "$(echo "sqrt(0.05 * 0.95 / 2000)" | bc -l)" &&
	test "$(col null.csv failed)" = 0
'

test_expect_success 'power agrees with the noncentral t of analysis power' '
	analysis diagnose --protocol "$SE" --trials 2000 --participants 200 \
		--effect 0.3 --estimator ols --se classical --format csv >pw.csv &&
	theory=$(analysis power --effect-size 0.3 --n-per-arm 100 --format csv | tail -1 | cut -d, -f5) &&
	within "$(col pw.csv power)" "$theory" "$(echo "sqrt($theory * (1 - $theory) / 2000)" | bc -l)" &&
	within "$(col pw.csv bias)" 0 "$(echo "$(col pw.csv sd_estimate) / sqrt(2000)" | bc -l)"
'

test_expect_success 'the same seed repeats on one thread or two' '
	RCT_THREADS=1 analysis diagnose --protocol "$SE" --trials 200 --seed 4 --format csv >one.csv &&
	RCT_THREADS=2 analysis diagnose --protocol "$SE" --trials 200 --seed 4 --format csv >two.csv &&
	test_cmp one.csv two.csv
'

test_expect_success 'a cluster design with an ICC' '
	analysis diagnose --protocol "$PROTOCOLS/mother-tongue-support.ini" \
		--trials 300 --participants 400 --effect 0.3 --icc 0.1 --format csv >cl.csv &&
	test "$(col cl.csv se_type)" = CR2 && test "$(col cl.csv failed)" = 0
'

test_expect_success 'impossible assumptions and designs are refused' '
	test_exit 2 analysis diagnose --protocol "$SE" --r2 0.6 --icc 0.5 2>err &&
	grep -F "must be shares of the variance" err &&
	test_exit 2 analysis diagnose --protocol "$PROTOCOLS/vocational-fourth-year.ini" 2>err &&
	grep -F "a lottery allocates places" err &&
	test_exit 2 analysis diagnose 2>err && grep -F -- "--protocol FILE is required" err
'

test_expect_success 'a pilot store gives the R2 its covariates explain' '
	make_se_store &&
	gen_register --rows 120 --seed 61 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer assign se.db --pending >/dev/null &&
	trial export se.db --format csv >export.csv &&
	awk -F, "BEGIN { print \"participant,outcome,value\" }
		NR > 1 { print \$1 \",employed_or_education_12m,\" (\$8 >= 4 ? 1 : 0) }" \
		export.csv >out.csv &&
	trial outcome import se.db out.csv >/dev/null &&
	analysis diagnose se.db --trials 50 --format csv >p.csv &&
	test "$(col p.csv assumptions)" = "pilot and flags" &&
	test "$(col p.csv pilot_n)" = 120 &&
	awk -F, "NR == 2 { exit !(\$7 > 0.5) }" p.csv &&
	analysis diagnose se.db --trials 50 --r2 0.1 --format csv >q.csv &&
	test "$(col q.csv r2)" = 0.1
'

# Nine stratum variables whose codes are 32 characters long: a stratum key
# of 9 x 33 bytes, which overflowed a 256-byte buffer (and keys beyond
# eight strata were cut short).
long_strata_protocol () {
	{
		printf "[trial]\nname = Nine strata of long codes\nregistration = T1\nunit = individual\n\n"
		printf "[arm control]\nratio = 1\n\n[arm treatment]\nratio = 1\n\n"
		printf "[randomization]\nmethod = blocks\nblock_sizes = 2, 4\nstrata = v1, v2, v3, v4, v5, v6, v7, v8, v9\n\n"
		for i in 1 2 3 4 5 6 7 8 9; do
			printf "[variable v%s]\ntype = code\ncodes = c%s_%s, d%s_%s\n\n" \
				$i $i xxxxxxxxxxxxxxxxxxxxxxxxxxxxx $i yyyyyyyyyyyyyyyyyyyyyyyyyyyyy
		done
		printf "[outcome y]\ntype = continuous\ntime = 12 months\n\n"
		printf "[analysis]\nprimary = y\nestimator = dim\n"
	} >"$1"
}

test_expect_success 'nine strata of 32-character codes: whole keys, no overflow' '
	long_strata_protocol nine.ini &&
	test "$(grep -c "^codes = c[1-9]_x\{29\}, d[1-9]_y\{29\}$" nine.ini)" = 9 &&
	analysis diagnose --protocol nine.ini --trials 20 --participants 100 \
		--format csv >nine.csv &&
	test "$(col nine.csv failed)" = 0 &&
	test "$(col nine.csv trials)" = 20
'

test_done
