#!/bin/sh
# make stress (or make stress-web): the web service under load.
#  1. CLIENTS sessions at once (default 50: ten staff users of the five
#     sites, five sessions each) enrol and allocate through HTTP for
#     STRESS_SECONDS seconds (default 60), as browsers do (GET the form,
#     POST it with its csrf token, follow the 303, read the arm): no error
#     page, no 5xx, no refused connection; every participant allocated
#     once, no sequence position twice or skipped, verify and replay whole,
#     and every arm a client was shown is the arm stored.
#  2. The same load while the server is killed with SIGKILL at random
#     moments, KILLS times (default 100), each time restarted on the same
#     port (at most 10 s): the clients ride over the gaps (a cut
#     connection before the enrolment drops the row in hand; after it, the
#     client goes back to the participant's page and allocates from there,
#     or reads the arm when the allocation had committed: never twice),
#     and afterwards the store
#     opens and verifies, every arm shown to a client is stored with that
#     arm, every allocation has its audit entry and no position is used
#     twice: nothing half-written.  Beside them, ONESTEP sessions (default
#     10, two users of a site of their own) enrol and allocate in one step
#     (the form's Enrol and allocate) through the same kills: every arm
#     they were shown is stored, and every participant of their site is
#     allocated (the enrolment and the allocation are one write: a kill
#     leaves both or neither).
# The load client is tests/tools/web_load.c (its own HTTP/1.1, one thread a
# session).
. "$(dirname "$0")/../lib.sh"
. "$TEST_ROOT/tests/web-lib.sh"
trap web_stop EXIT

CLIENTS=${CLIENTS:-50}
SECONDS_=${STRESS_SECONDS:-60}
KILLS=${KILLS:-100}
ONESTEP=${ONESTEP:-10}

command -v trial-web >/dev/null || test_skip_all "no trial-web program (web/ not built)"
command -v web_load >/dev/null || test_skip_all "no tests/bin/web_load (make it)"

# Start trial-web again on the port of web.url (the clients keep their
# URL), and wait until it answers: at most 10 s.
web_restart () {
	port=${WEB_PORT:-$(sed "s|.*:||" web.url)}
	trial-web se.db --listen "127.0.0.1:$port" 2>>web.log &
	echo $! >web.pid
	i=0
	until curl -s -o /dev/null --max-time 1 "$(cat web.url)/login"; do
		kill -0 "$(cat web.pid)" 2>/dev/null || { tail -3 web.log; return 1; }
		i=$((i + 1))
		[ $i -lt 200 ] || { echo "trial-web did not answer within 10 s"; return 1; }
		sleep 0.05
	done
}

# A random delay of $1 to $2 milliseconds, as seconds for sleep.
delay () {
	n=$(od -An -N2 -tu2 /dev/urandom | tr -d " ")
	echo "scale=3; ($1 + $n % ($2 - $1)) / 1000" | bc
}

count () { sqlite3 se.db "SELECT count(*) FROM $1"; }

# The participants of site $1 (with their allocations, a, if any) for
# whom $2 holds: their number.
at_site () {
	sqlite3 se.db "SELECT count(*) FROM participant p LEFT JOIN allocation a
	    ON a.participant = p.id WHERE p.site = '$1' AND ($2)"
}

# Wait until the server has logged in every client (the kills are of a
# server that enrols and allocates: a login is an Argon2id of a tenth of
# a second or more, fifty of them queue for seconds, and kills every
# half second on average let few finish), at most 120 s.  $1: how many
# (default CLIENTS).
logged_in_all () {
	i=0
	until [ "$(grep -c "POST /login 303" web.log)" -ge "${1:-$CLIENTS}" ]; do
		i=$((i + 1))
		[ $i -lt 1200 ] || { echo "the clients did not log in within 120 s"; return 1; }
		sleep 0.1
	done
}

# Arms shown to the clients ($1: PID,arm lines, the arm as its code or its
# label) that are not stored so: their number.
shown_not_stored () {
	[ -s "$1" ] || { echo 0; return; }
	awk '/^\[arm / { code = $2; sub(/\]$/, "", code); print code "," code }
	     /^label = / && code != "" { sub(/^label = /, ""); print $0 "," code; code = "" }' \
		"$PROTOCOLS/supported-employment.ini" >arms.map
	sqlite3 :memory: "CREATE TABLE map(label TEXT, code TEXT)" \
	    ".import --csv arms.map map" \
	    "CREATE TABLE shown(participant TEXT, arm TEXT)" \
	    ".import --csv $1 shown" \
	    "ATTACH 'file:se.db?mode=ro' AS s" \
	    "SELECT count(*) FROM shown p LEFT JOIN map m ON m.label = p.arm
	     LEFT JOIN s.allocation a
	     ON a.participant = CAST(substr(p.participant, 2) AS INTEGER)
	     WHERE a.arm IS NOT m.code"
}

# No sequence position used twice or skipped.
positions_whole () {
	sqlite3 -separator ";" se.db "SELECT sequence, count(*), max(position), count(DISTINCT position) FROM allocation GROUP BY sequence" |
	awk -F";" "\$2 != \$3 || \$2 != \$4 { print; bad++ } END { exit bad }"
}

# The number stored in field $2 of web_load's summary line in file $1.
summary () {
	awk -v k="$2" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }' "$1"
}

test_expect_success "setup: ten staff users, $CLIENTS sessions" '
	make_se_store &&
	gen_register --rows 200000 --seed 61 >all.csv &&
	head -100001 all.csv >register1.csv &&
	{ head -1 all.csv && tail -n +100002 all.csv; } >register2.csv &&
	web_load_users load-test-password 0301 4601 5001 1103 3005 0301 4601 5001 1103 3005 &&
	trial site add se.db 4201 --name Kristiansand >/dev/null &&
	: >onestep-users.txt &&
	for u in 0 1; do
		trial user add se.db "onestep$u" --role staff --site 4201 >add.out &&
		printf "%s\nonestep-password-%d\n" "$(sed -n "s/^one-time password: //p" add.out)" $u |
			trial user passwd se.db "onestep$u" >/dev/null &&
		echo "onestep$u onestep-password-$u 4201" >>onestep-users.txt || return 1
	done &&
	# People of their own (rows past the 200,000 above, one run of
	# gen_register: distinct identity numbers), moved to site 4201.
	{ head -1 all.csv &&
	  gen_register --rows 230000 --seed 61 | tail -n 30000 |
	  awk -F, -v OFS=, "{ \$2 = \"4201\"; print }"; } >register3.csv &&
	web_start se.db
'

test_expect_success "$CLIENTS sessions enrol and allocate for $SECONDS_ s" '
	web_load --url "$(cat web.url)" --users users.txt --register register1.csv \
		--clients $CLIENTS --seconds $SECONDS_ --arms shown1.csv \
		--latency latency1.txt >summary1 2>load1.err &&
	cat summary1 &&
	test ! -s load1.err &&
	test "$(summary summary1 errors)" = 0 &&
	test "$(summary summary1 status5xx)" = 0 &&
	test "$(summary summary1 transport)" = 0 &&
	test "$(summary summary1 shown)" -gt 0 &&
	web_stop
'

test_expect_success 'every participant allocated once, every arm shown is stored' '
	test "$(count participant)" = "$(summary summary1 enrolled)" &&
	test "$(count allocation)" = "$(summary summary1 shown)" &&
	test "$(wc -l <shown1.csv)" = "$(count allocation)" &&
	test "$(cut -d, -f1 shown1.csv | sort -u | wc -l)" = "$(count allocation)" &&
	positions_whole &&
	test "$(shown_not_stored shown1.csv)" = 0
'

test_expect_success 'the chain is whole and every block replays' '
	randomizer verify se.db --replay >verify.out &&
	grep "replayed: " verify.out
'

test_expect_success "killed with SIGKILL under load, $KILLS times" '
	before=$(count allocation) &&
	web_stop &&
	web_start se.db &&
	{ web_load --url "$(cat web.url)" --users users.txt \
		--register register2.csv --clients $CLIENTS \
		--seconds $((KILLS * 2 + 30)) --tolerate-down \
		--arms shown2.csv >summary2 2>load2.err & load=$!; } &&
	{ web_load --url "$(cat web.url)" --users onestep-users.txt \
		--register register3.csv --clients $ONESTEP --one-step \
		--seconds $((KILLS * 2 + 30)) --tolerate-down \
		--arms shown3.csv >summary3 2>load3.err & load3=$!; } &&
	if ! logged_in_all $((CLIENTS + ONESTEP)); then
		kill $load $load3; return 1
	fi &&
	k=0 &&
	while [ $k -lt $KILLS ]; do
		sleep "$(delay 50 1000)" &&
		pid=$(cat web.pid) &&
		kill -9 "$pid" && { wait "$pid" 2>/dev/null; :; } &&
		web_restart || { kill $load $load3; return 1; }
		k=$((k + 1))
	done &&
	sleep 1 &&
	kill -TERM $load $load3 && { wait $load; rc=$?; } && { wait $load3; rc3=$?; } &&
	cat summary2 summary3 && head -5 load2.err load3.err &&
	test $rc = 0 && test $rc3 = 0 &&
	test "$(summary summary2 errors)" = 0 &&
	test "$(summary summary2 status5xx)" = 0 &&
	test "$(summary summary2 shown)" -gt 0 &&
	test "$(summary summary3 errors)" = 0 &&
	test "$(summary summary3 status5xx)" = 0 &&
	test "$(summary summary3 shown)" -gt 0 &&
	web_stop &&
	echo "$(( $(count allocation) - before )) allocations across $KILLS kills, $(summary summary2 shown) shown, $(summary summary2 retried) of them on a retry"
'

test_expect_success 'after the kills: sound, every arm shown stored, nothing half-written' '
	trial info se.db >/dev/null &&
	randomizer verify se.db --replay >verify2.out &&
	grep "replayed: " verify2.out &&
	test "$(shown_not_stored shown2.csv)" = 0 &&
	test "$(shown_not_stored shown3.csv)" = 0 &&
	test "$(at_site 4201 "a.participant IS NULL")" = 0 &&
	test "$(at_site 4201 1)" -gt 0 &&
	positions_whole &&
	randomizer log se.db --format csv >log.csv &&
	test "$(grep -c "^[0-9]*,[^,]*,[^,]*,allocate," log.csv)" = "$(count allocation)" &&
	test "$(count allocation)" -le "$(count participant)" &&
	echo "$(( $(count participant) - $(count allocation) )) enrolled whose allocation was cut off"
'

test_done
