#!/bin/sh
# Predictability (randomizer simulate): the share of next arms guessed
# right by the convergence strategy, without and with the block sizes,
# against tests/data/predictability.csv, which
# tests/ref/predictability_reference.py computes by enumerating every
# permutation of every block, and against the closed form of Blackwell
# and Hodges for 1:1 blocks.  The simulated shares must lie within 4 of
# their standard errors (plus 0.01 points for the rounding of what is
# printed) of the reference; the exact ones must equal it as printed (to
# 0.01 points).  The figures stated in the shipped protocols must be what
# simulate reports.
. "$(dirname "$0")/lib.sh"

REF="$TEST_DATA/predictability.csv"

# ref METHOD RATIOS SIZES N COLUMN: the reference's share of correct
# guesses in percent among the first N units of a sequence (or per unit
# over whole blocks, N = whole); COLUMN 5 without, 6 with the block sizes.
ref () {
	awk -F, -v m="$1" -v r="$2" -v b="$3" -v n="$4" -v c="$5" '
		$1 == m && $2 == r && $3 == b && $4 == n {
			printf "%.6f\n", 100 * $c / (n == "whole" ? 1 : n); found = 1
		}
		END { exit !found }' "$REF"
}

# value ROW: the value simulate printed (in out, as CSV) for the row.
value () {
	grep "^$1" out | cut -d, -f2
}

# agree ROW PERCENT [SLACK]: the row's simulated share is within 4
# standard errors of PERCENT, plus SLACK points (default 0.01, the
# rounding of what is printed).
agree () {
	v=$(value "$1") &&
	awk -v v="$v" -v want="$2" -v row="$1" -v slack="${3:-0.01}" 'BEGIN {
		split(v, a, "[% ()]+"); d = a[1] - want; d = d < 0 ? -d : d
		if (a[2] != "se" || d > 4 * a[3] + slack) {
			printf "%s: %s, reference %.4f%%\n", row, v, want; exit 1
		}
	}'
}

# exact ROW PERCENT: the row's exact expectation, as printed, is PERCENT.
exact () {
	want=$(printf "%.2f%% exact" "$2") &&
	grep "^$1" out | cut -d, -f3 | grep -F "$want" ||
	{ echo "$1: expected $want" >&2; false; }
}

WITHOUT="correct guesses without the block sizes"
WITH="correct guesses with the block sizes"

# run PROTOCOL PARTICIPANTS [TRIALS]: a simulation with fresh secrets
# (20000 trials unless told), every row ok (each simulated share within 4
# standard errors of its exact value); a second, independent run when the
# first fails by chance.
once () {
	randomizer simulate --protocol "$1" --trials "${3:-20000}" \
		--participants "$2" --format csv >out && ! grep ",NO$" out
}
run () {
	once "$@" || once "$@"
}

# compare PROTOCOL N METHOD RATIOS SIZES: one sequence of N units
# (no strata) against the reference, simulated and exact.
compare () {
	check_one () {
		run "$1" "$2" &&
		agree "$WITHOUT" "$(ref "$3" "$4" "$5" "$2" 5)" &&
		agree "$WITH" "$(ref "$3" "$4" "$5" "$2" 6)"
	}
	{ check_one "$@" || check_one "$@"; } &&
	exact "$WITHOUT" "$(ref "$3" "$4" "$5" "$2" 5)" &&
	exact "$WITH" "$(ref "$3" "$4" "$5" "$2" 6)"
}

test_expect_success 'blocks of 2, 4 or 6 at 1:1, one sequence of 16' '
	sed "/^strata/d" "$PROTOCOLS/supported-employment.ini" >one.ini &&
	compare one.ini 16 blocks 1:1 "2 4 6" &&
	test "$(value "correct guesses over whole blocks")" = \
		"$(printf "%.2f%% / %.2f%%" "$(ref blocks 1:1 "2 4 6" whole 5)" \
			"$(ref blocks 1:1 "2 4 6" whole 6)")"
'

test_expect_success 'blocks of 3, 6 or 9 at 2:1: the block sizes help' '
	sed "/^strata/d" "$TEST_DATA/ratio-2to1.ini" >two.ini &&
	compare two.ini 15 blocks 1:2 "3 6 9" &&
	test "$(value "correct guesses over whole blocks")" = \
		"$(printf "%.2f%% / %.2f%%" "$(ref blocks 1:2 "3 6 9" whole 5)" \
			"$(ref blocks 1:2 "3 6 9" whole 6)")" &&
	test "$(value "correct guesses by a coin")" = "66.67%"
'

test_expect_success 'blocks of 3 or 6 at 1:1:1, ties of two arms' '
	sed "/^strata/d; s/^block_sizes = .*/block_sizes = 3, 6/" \
		"$PROTOCOLS/supported-employment.ini" >three.ini &&
	printf "\n[arm third]\nratio = 1\n" >>three.ini &&
	compare three.ini 12 blocks 1:1:1 "3 6"
'

test_expect_success 'simple randomization at 2:1' '
	sed "/^strata/d; /^block_sizes/d; s/^method = blocks$/method = simple/" \
		"$TEST_DATA/ratio-2to1.ini" >simple.ini &&
	compare simple.ini 16 simple 1:2 - &&
	grep "^$WITH.*no blocks: as without" out
'

# Blackwell and Hodges: a 1:1 block of 2m, its boundaries known, has
# m + 2^(2m-1) / C(2m,m) - 1/2 correct guesses (tests/ref/ has the
# derivation); per unit, that over 2m.
test_expect_success 'fixed blocks of 2 to 12 at 1:1: the closed form' '
	for b in 2 4 6 8 10 12; do
		sed "s/^block_sizes = .*/block_sizes = $b/" \
			"$PROTOCOLS/supported-employment.ini" >fixed.ini &&
		randomizer simulate --protocol fixed.ini --trials 10 \
			--format csv >out &&
		want=$(awk -v b=$b "BEGIN { m = b / 2; c = 1
			for (k = 1; k <= m; k++) c = c * (m + k) / k
			e = 100 * (m + 2 ^ (2 * m - 1) / c - 0.5) / b
			printf \"%.2f%% / %.2f%%\", e, e }") &&
		test "$(value "correct guesses over whole blocks")" = "$want" ||
		{ echo "block $b: $(value "correct guesses over whole")," \
			"closed form $want"; return 1; }
	done &&
	test "$want" = "64.30% / 64.30%"
'

# Classes drawn in 1:1 blocks of 2 or 4 within municipalities: over whole
# blocks (3/2 + 17/6) / (2 + 4) = 13/18 (the closed form above).
test_expect_success 'clusters in blocks of 2 or 4: exact for their strata' '
	sed "s/^method = batch$/method = blocks\nblock_sizes = 2, 4/" \
		"$PROTOCOLS/mother-tongue-support.ini" >classes.ini &&
	run classes.ini 200 2000 &&
	grep "^$WITH.*exact for these sequences" out &&
	test "$(value "correct guesses over whole blocks")" = "72.22% / 72.22%"
'

test_expect_success 'minimization, batch and lottery: simulated only' '
	sed "s/^method = blocks$/method = batch/; /^block_sizes/d" \
		"$TEST_DATA/ratio-2to1.ini" >batch.ini &&
	run batch.ini 101 1000 &&
	grep "^$WITH.*no exact value for batch; no blocks: as without" out &&
	test "$(value "correct guesses by a coin")" = "66.67%" &&
	run "$TEST_DATA/minimization.ini" 200 1000 &&
	grep "^$WITHOUT.*no exact value for minimization" out &&
	test "$(value "$WITH")" = "$(value "$WITHOUT")" &&
	run "$PROTOCOLS/mother-tongue-support.ini" 200 1000 &&
	grep "^$WITH.*no exact value for batch; no blocks: as without" out &&
	run "$PROTOCOLS/vocational-fourth-year.ini" 200 1000 &&
	grep "^$WITHOUT.*no exact value for lottery" out &&
	! grep "whole blocks" out
'

# stated FILE: the protocol's predictability comment, joined on one line.
stated () {
	awk '/^; predictability \(randomizer simulate\):/ { on = 1 }
		on && !/^;/ { exit }
		on { sub(/^; ?/, ""); printf "%s ", $0 }' "$1"
}

test_expect_success 'the shipped protocols state what simulate reports' '
	whole=$(ref blocks 1:1 "2 4 6" whole 5 | awk "{ printf \"%.1f\", \$1 }") &&
	stated "$PROTOCOLS/supported-employment.ini" |
		grep -F "right $whole% of the time over whole blocks" &&
	for f in "$PROTOCOLS"/*.ini; do
		s=$(stated "$f" | sed -n "s/.* \([0-9.]*\)% \(of the time \)\{0,1\}in trials of 200.*/\1/p") &&
		test -n "$s" &&
		stated "$f" | grep "a coin is right 50%" &&
		# stated to 0.1 points: 0.06 of slack for its rounding
		{ { run "$f" 200 5000 && agree "$WITHOUT" "$s" 0.06; } ||
		  { run "$f" 200 5000 && agree "$WITHOUT" "$s" 0.06; }; } ||
		return 1
	done
'

test_done
