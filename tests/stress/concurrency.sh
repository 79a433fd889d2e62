#!/bin/sh
# make stress: 8 processes enrolling and allocating into one store for
# STRESS_SECONDS seconds (default 60): no duplicate sequence position, no broken
# block, no forked chain, no "database is locked" reaching anyone.
. "$(dirname "$0")/../lib.sh"

WORKERS=${WORKERS:-8}
SECONDS_=${STRESS_SECONDS:-60}

worker () {
	end=$(( $(date +%s) + SECONDS_ ))
	tail -n +2 "$1" | while IFS=, read id site gender by edu level years date; do
		[ "$(date +%s)" -lt $end ] || break
		pid=$(enrol_person "$id" "$site" "$gender" "$by" "$edu" "$level" "$years" "$date") &&
		randomizer assign se.db "$pid" --format csv >/dev/null || exit 1
	done
}

test_expect_success 'setup' '
	make_se_store &&
	gen_register --rows $((WORKERS * 5000)) --seed 52 >all.csv &&
	head -1 all.csv >header &&
	tail -n +2 all.csv | split -l 5000 - part. &&
	for f in part.??; do cat header $f >$f.csv; done
'

test_expect_success "$WORKERS workers for $SECONDS_ s" '
	for f in part.??.csv; do
		( worker $f >$f.out 2>$f.err; echo $? >$f.rc ) &
	done &&
	wait &&
	for f in part.??.csv; do
		test "$(cat $f.rc)" = 0 || { cat $f.err; return 1; }
		test ! -s $f.err || { cat $f.err; return 1; }
	done &&
	echo "$(sqlite3 se.db "SELECT count(*) FROM allocation") allocations"
'

test_expect_success 'every participant allocated once; no position twice or skipped' '
	test "$(sqlite3 se.db "SELECT count(*) FROM participant")" = "$(sqlite3 se.db "SELECT count(*) FROM allocation")" &&
	sqlite3 -separator ";" se.db "SELECT sequence, count(*), max(position), count(DISTINCT position) FROM allocation GROUP BY sequence" |
	awk -F";" "\$2 != \$3 || \$2 != \$4 { bad++ } END { exit bad }"
'

test_expect_success 'the chain is whole and every block replays' '
	randomizer verify se.db --replay >out &&
	grep "replayed: " out
'

test_done
