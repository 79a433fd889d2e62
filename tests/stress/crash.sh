#!/bin/sh
# make stress: kill -9 at random moments, ROUNDS times each (default 100):
#  1. trial import of a register (ROWS rows a round, default 5,000): afterwards the
#     store opens, verify passes, and the import is wholly there or not;
#     the kill falls within the time an import takes (every fifth
#     runs to the end and measures it);
#  2. randomizer assign --pending: verify passes, and every allocation
#     that was printed is in the store with the arm printed;
#  3. three single allocations at once, one of them killed within the
#     time three take: the same.
. "$(dirname "$0")/../lib.sh"

ROUNDS=${ROUNDS:-100}
ROWS=${ROWS:-5000}

# Milliseconds since the epoch.
ms () { echo $(( $(date +%s%N) / 1000000 )); }

# A random delay of 0 to $1 milliseconds, as seconds for sleep.
delay () {
	n=$(od -An -N2 -tu2 /dev/urandom | tr -d " ")
	echo "scale=3; $((n % $1)) / 1000" | bc
}

# The store is sound: it opens, the log verifies against the data.
sound () {
	trial info se.db >/dev/null &&
	randomizer verify se.db >verify.out 2>&1 || { cat verify.out; return 1; }
}

count () { sqlite3 se.db "SELECT count(*) FROM $1"; }

# How many allocations printed in CSV file $1 are not in the store with the
# arm printed (one query, the store attached read-only).
printed_not_stored () {
	[ -s "$1" ] || { echo 0; return; }
	sqlite3 :memory: ".import --csv $1 printed" \
	    "ATTACH 'file:se.db?mode=ro' AS s" \
	    "SELECT count(*) FROM printed p LEFT JOIN s.allocation a
	     ON a.participant = CAST(substr(p.participant, 2) AS INTEGER)
	     WHERE a.arm IS NOT p.arm"
}

# Round i's register: ROWS new rows.
round () {
	{ cat header; tail -n +2 all.csv | sed -n "$(($1 * ROWS + 1)),$((($1 + 1) * ROWS))p"; } >round.csv
}

test_expect_success 'setup: how long an import and an allocation take' '
	make_se_store &&
	gen_register --rows $(((2 * ROUNDS + 2) * ROWS)) --seed 99 >all.csv &&
	head -1 all.csv >header &&
	round $((2 * ROUNDS)) && t0=$(ms) && trial import se.db round.csv >/dev/null &&
	t1=$(ms) && randomizer assign se.db --pending >/dev/null && t2=$(ms) &&
	echo $((t1 - t0 + 1)) >import.ms && echo $((t2 - t1 + 1)) >assign.ms
'

test_expect_success "import killed at random, $ROUNDS times: all or nothing" '
	i=0 && killed=0 &&
	while [ $i -lt $ROUNDS ]; do
		round $i && before=$(count participant) && wait_s=$(delay $(cat import.ms)) &&
		t0=$(ms) &&
		{ trial import se.db round.csv >/dev/null 2>import.err & pid=$!; } &&
		if [ $((i % 5)) = 4 ]; then
			# Every fifth runs to the end: how long an import takes now.
			wait $pid && echo $(($(ms) - t0 + 1)) >import.ms || return 1
		else
			sleep "$wait_s" && { kill -9 $pid 2>/dev/null || :; } &&
			{ wait $pid 2>/dev/null || :; }
		fi &&
		sound || return 1
		after=$(count participant)
		if [ "$after" = "$before" ]; then
			killed=$((killed + 1))
		elif [ "$after" != $((before + ROWS)) ]; then
			echo "round $i: $before participants before, $after after"; return 1
		fi
		i=$((i + 1))
	done &&
	echo "$killed of $ROUNDS imports cut off by the kill, none in part"
'

test_expect_success "assign --pending killed at random, $ROUNDS times" '
	randomizer assign se.db --pending >/dev/null &&
	i=0 && killed=0 &&
	while [ $i -lt $ROUNDS ]; do
		round $((ROUNDS + i)) && trial import se.db round.csv >/dev/null &&
		before=$(count allocation) && pending=$(($(count participant) - before)) &&
		wait_s=$(delay $(cat assign.ms)) &&
		t0=$(ms) &&
		{ randomizer assign se.db --pending --format csv >printed.csv 2>/dev/null & pid=$!; } &&
		if [ $((i % 5)) = 4 ]; then
			wait $pid && echo $(($(ms) - t0 + 1)) >assign.ms || return 1
		else
			sleep "$wait_s" && { kill -9 $pid 2>/dev/null || :; } &&
			{ wait $pid 2>/dev/null || :; }
		fi &&
		sound || return 1
		# Every allocation printed is in the store, with its arm.
		unstored=$(printed_not_stored printed.csv) &&
		{ [ "$unstored" = 0 ] || { echo "round $i: $unstored printed, not stored so"; return 1; }; }
		# The batch is one transaction: all of it or none.
		after=$(count allocation)
		if [ "$after" = "$before" ]; then
			killed=$((killed + 1))
			test ! -s printed.csv || { echo "round $i: printed, not stored"; return 1; }
		elif [ "$after" != $((before + pending)) ]; then
			echo "round $i: $before allocations and $pending pending before, $after after"; return 1
		fi
		i=$((i + 1))
	done &&
	echo "$killed of $ROUNDS allocation runs cut off by the kill, none in part"
'

test_expect_success "single allocations at once, one killed, $ROUNDS times" '
	gen_register --rows $((ROUNDS * 3)) --seed 98 --first $(((2 * ROUNDS + 2) * ROWS + 10)) >more.csv &&
	trial import se.db more.csv >/dev/null &&
	one=$(sqlite3 se.db "SELECT printf(\"P%06d\", max(id)) FROM participant") &&
	t0=$(ms) && randomizer assign se.db $one >/dev/null && single_ms=$(($(ms) - t0 + 1)) &&
	i=0 && cut=0 &&
	while [ $i -lt $ROUNDS ]; do
		ids=$(sqlite3 se.db "SELECT printf(\"P%06d\", p.id) FROM participant p LEFT JOIN allocation a ON a.participant = p.id WHERE a.participant IS NULL LIMIT 3") &&
		[ -n "$ids" ] || break
		# Three at once take up to three times as long as one.
		wait_s=$(delay $((3 * single_ms))) &&
		pids= &&
		for p in $ids; do
			randomizer assign se.db $p --format csv >"out.$p" 2>/dev/null & pids="$pids $!"
		done &&
		sleep "$wait_s" &&
		{ kill -9 $(echo $pids | cut -d" " -f1) 2>/dev/null || :; } &&
		{ wait || :; } &&
		sound || return 1
		for p in $ids; do
			[ "$(printed_not_stored "out.$p")" = 0 ] ||
			{ echo "round $i: $p printed, not stored so"; return 1; }
		done
		first=$(echo $ids | cut -d" " -f1 | sed "s/^P0*//")
		[ "$(sqlite3 se.db "SELECT count(*) FROM allocation WHERE participant = $first")" = 1 ] ||
			cut=$((cut + 1))
		i=$((i + 1))
	done &&
	echo "$cut of $ROUNDS killed allocations cut off, none stored in part"
'

test_done
