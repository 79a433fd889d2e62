#!/bin/sh
# analysis power against R (tests/ref/power_reference.R): pwr's
# pwr.t.test, pwr.t2n.test and pwr.2p.test, and PowerUpR's cra2 and
# bira2f1 (MDES by the multiplier, power by the noncentral t as its
# .power.fun; tests/data/power/powerupr_noncentral.csv), to 1e-4.
. "$(dirname "$0")/lib.sh"

DATA="$TEST_DATA/power"

# check NAME EXPECTED ARGS...: run analysis power, compare column NAME.
check () {
	name=$1 want=$2
	shift 2
	analysis power "$@" --format csv >got.csv || return 1
	awk -F, -v name="$name" -v want="$want" -v args="$*" '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{ rows++; if (!(name in col) || want == "") { printf "%s: no %s to compare (R: %s)\n", args, name, want; exit 1 }
	  got = $col[name]; d = got - want; if (d < 0) d = -d;
	  s = want < 0 ? -want : want;
	  if (d > 1e-4 * (s > 0 ? s : 1)) { printf "%s: %s is %s, R gives %s\n", args, name, got, want; exit 1 } }
	END { if (rows != 1) { printf "%s: %d rows, expected 1\n", args, rows; exit 1 } }' got.csv &&
	echo "$name" >>checked.txt
}

# every_row_checked FILE: the loop over FILE reached every reference row
# (each appends its case to cases.txt once compared), in order, and made
# at least one comparison per row: an empty or unread reference file, or a
# row skipped (a last line without its newline), must not pass.
every_row_checked () {
	rows=$(tail -n +2 "$DATA/$1" | grep -c .) &&
	test "$rows" -gt 0 && test "$(wc -l <checked.txt)" -ge "$rows" &&
	tail -n +2 "$DATA/$1" | grep . | cut -d, -f1 >want-cases.txt &&
	test_cmp want-cases.txt cases.txt &&
	rm -f checked.txt cases.txt
}

# The R value of a power-function quantity under PowerUpR's noncentral t.
noncentral () {
	grep "^$1,$2,$3," "$DATA/powerupr_noncentral.csv" | cut -d, -f5
}

test_expect_success 'individual designs match pwr' '
	rm -f checked.txt cases.txt &&
	tail -n +2 "$DATA/individual.csv" | while IFS=, read case solve d n ratio alpha power n1 n2; do
		if [ -n "$n1" ]; then
			case $solve in
			power) check power "$power" --effect-size "$d" --n-per-arm "$n1" --ratio "$ratio" --alpha "$alpha" ;;
			mdes) check mdes "$d" --n-per-arm "$n1" --ratio "$ratio" --power "$power" --alpha "$alpha" ;;
			*) echo "$case: unknown quantity $solve"; false ;;
			esac
		else
			case $solve in
			n_per_arm) check n_per_arm "$n" --effect-size "$d" --power "$power" --alpha "$alpha" ;;
			power) check power "$power" --effect-size "$d" --n-per-arm "$n" --alpha "$alpha" ;;
			mdes) check mdes "$d" --n-per-arm "$n" --power "$power" --alpha "$alpha" ;;
			*) echo "$case: unknown quantity $solve"; false ;;
			esac
		fi || exit 1
		echo "$case" >>cases.txt
	done &&
	every_row_checked individual.csv
'

test_expect_success 'binary outcomes match pwr.2p.test' '
	rm -f checked.txt cases.txt &&
	tail -n +2 "$DATA/binary.csv" | while IFS=, read case solve p0 p1 h n alpha power; do
		case $solve in
		n_per_arm) check n_per_arm "$n" --p-control "$p0" --p-treatment "$p1" --power "$power" --alpha "$alpha" ;;
		power) check power "$power" --p-control "$p0" --p-treatment "$p1" --n-per-arm "$n" --alpha "$alpha" ;;
		*) echo "$case: unknown quantity $solve"; false ;;
		esac || exit 1
		check h "$h" --p-control "$p0" --p-treatment "$p1" --power 0.8 || exit 1
		echo "$case" >>cases.txt
	done &&
	every_row_checked binary.csv
'

test_expect_success 'cluster designs match PowerUpR cra2' '
	rm -f checked.txt cases.txt &&
	tail -n +2 "$DATA/cluster.csv" | while IFS=, read case solve J n rho P R2_2 R2_1 g alpha power mdes J_real J_needed; do
		common="--design cluster --cluster-size $n --icc $rho --share-treated $P --r2-cluster $R2_2 --r2-individual $R2_1 --cluster-covariates $g --alpha $alpha"
		case $solve in
		mdes) check mdes "$mdes" $common --clusters "$J" --power "$power" ;;
		power) check power "$(noncentral cluster.csv "$case" power)" $common --clusters "$J" --effect-size "$mdes" ;;
		clusters) check clusters_real "$(noncentral cluster.csv "$case" J_real)" $common --effect-size "$mdes" --power "$power" &&
			check clusters "$(noncentral cluster.csv "$case" J_needed)" $common --effect-size "$mdes" --power "$power" ;;
		*) echo "$case: unknown quantity $solve"; false ;;
		esac || exit 1
		echo "$case" >>cases.txt
	done &&
	every_row_checked cluster.csv
'

test_expect_success 'blocked designs match PowerUpR bira2f1' '
	rm -f checked.txt cases.txt &&
	tail -n +2 "$DATA/blocked.csv" | while IFS=, read case solve J n P R2_1 g alpha power mdes; do
		common="--design blocked --sites $J --site-size $n --share-treated $P --r2-individual $R2_1 --covariates $g --alpha $alpha"
		case $solve in
		mdes) check mdes "$mdes" $common --power "$power" ;;
		power) check power "$(noncentral blocked.csv "$case" power)" $common --effect-size "$mdes" ;;
		*) echo "$case: unknown quantity $solve"; false ;;
		esac || exit 1
		echo "$case" >>cases.txt
	done &&
	every_row_checked blocked.csv
'

test_expect_success 'the solved quantity is named after its flag, inputs echoed' '
	analysis power --effect-size 0.3 --power 0.8 --attrition 0.2 --format json >p.json &&
	grep -F "\"solve\": \"n_per_arm\"" p.json && grep -F "\"attrition\": 0.2" p.json &&
	grep -F "\"n_enrolled_per_arm\": 220" p.json &&
	analysis power --design cluster --cluster-size 10 --icc 0.1 --effect-size 0.3 \
		--power 0.8 --format json | grep -F "\"clusters\": 69"
'

test_expect_success 'impossible inputs are refused with the value and why' '
	test_exit 2 analysis power --effect-size 0.3 --power 1.2 2>err &&
	grep -F -- "--power 1.2 is not between 0 and 1" err &&
	test_exit 2 analysis power --design cluster --cluster-size 10 --icc 1 --clusters 20 --power 0.8 2>err &&
	grep -F -- "--icc 1 is not in [0, 1)" err &&
	test_exit 2 analysis power --design cluster --cluster-size 10 --icc 0.1 --clusters 2 --power 0.8 2>err &&
	grep -F -- "--clusters 2: at least 3" err &&
	test_exit 2 analysis power --effect-size 0 --power 0.8 2>err &&
	grep -F "an effect of zero needs infinitely many participants" err &&
	test_exit 2 analysis power --effect-size x --power 0.8 2>err &&
	grep -F -- "--effect-size '"'"'x'"'"' is not a number" err &&
	test_exit 2 analysis power --effect-size 0.3 2>err &&
	grep -F "give --power" err
'

test_done
