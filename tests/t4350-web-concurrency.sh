#!/bin/sh
# Logins do not stall the service: Argon2id runs without the store's lock
# (web/server.c, web_unlocked).  The test build slows each check of a
# password to 2 s (RCT_TEST_HASH_DELAY_MS), four logins run at once, and
# a page of a user already logged in must come back within a second
# (with the lock held while hashing it would wait 1.5 s or more).  The
# logins still get their verdicts, and guesses made side by side lock an
# account as guesses one after the other do; a session that ends while
# its change of password hashes changes nothing.
. "$(dirname "$0")/lib.sh"
. "$TEST_ROOT/tests/web-lib.sh"
trap web_stop EXIT

test_expect_success 'setup: a trial, two staff users logged in' '
	make_se_store &&
	web_start se.db &&
	web_user kari staff --site 0301 &&
	web_user ola staff --site 0301 &&
	test "$(web_curl kari.jar /)" = 200
'

# A pre-session cookie and its csrf in l$1.jar and l$1.csrf.
login_form () {
	curl -s --max-time 20 -c "l$1.jar" -o "l$1.page" "$(web_url)/login" &&
	web_csrf_of "l$1.page" >"l$1.csrf" &&
	test -s "l$1.csrf"
}

# POST /login for jar l$1 as user $2 with password $3 in the background;
# the status to l$1.status, the pid added to bg.pids.
login_bg () {
	{ curl -s --max-time 60 -b "l$1.jar" -c "l$1.jar" -o /dev/null \
		-w "%{http_code}\n" -d "csrf=$(cat "l$1.csrf")" \
		--data-urlencode "user=$2" --data-urlencode "password=$3" \
		"$(web_url)/login" >"l$1.status" & } &&
	echo $! >>bg.pids
}

# Wait for the logins in the background (not for the server).
login_wait () {
	wait $(cat bg.pids) && rm -f bg.pids
}

test_expect_success 'a page is served while four logins are hashing' '
	web_stop &&
	export RCT_TEST_HASH_DELAY_MS=2000 &&
	web_start se.db &&
	unset RCT_TEST_HASH_DELAY_MS &&
	for i in 1 2 3 4; do login_form $i || return 1; done &&
	t0=$(date +%s%N) &&
	login_bg 1 nobody "not a password" &&
	login_bg 2 ola "pw-ola-secret" &&
	login_bg 3 ola "a wrong guess" &&
	login_bg 4 kari "pw-kari-secret" &&
	sleep 0.5 &&
	curl -s --max-time 20 -b kari.jar -o kari.page \
		-w "%{http_code} %{time_total}\n" "$(web_url)/" >get &&
	login_wait &&
	t1=$(date +%s%N) &&
	cat get &&
	grep "0301 Oslo" kari.page &&
	awk "{ exit !(\$1 == 200 && \$2 < 1.0) }" get &&
	test $(((t1 - t0) / 1000000)) -ge 2000 &&
	test "$(cat l1.status)" = 401 &&
	test "$(cat l2.status)" = 303 &&
	test "$(cat l3.status)" = 401 &&
	test "$(cat l4.status)" = 303 &&
	grep "rct_session" l2.jar && grep "rct_session" l4.jar
'

test_expect_success 'the logins were recorded as one after the other would be' '
	randomizer log se.db --format csv >log.csv &&
	grep -c ",web,user.login,\"{\"\"name\"\":\"\"ola\"\"}\"" log.csv >n &&
	test "$(cat n)" = 2 &&
	grep ",web,user.login_failed,\"{\"\"name\"\":\"\"ola\"\",\"\"failed\"\":1}\"" log.csv &&
	! grep "nobody" log.csv &&
	randomizer verify se.db
'

test_expect_success 'a session that ends while its change of password hashes: 401' '
	web_stop &&
	export RCT_TEST_HASH_DELAY_MS=2000 &&
	web_start se.db &&
	unset RCT_TEST_HASH_DELAY_MS &&
	test "$(web_curl kari.jar /password)" = 200 &&
	csrf=$(web_csrf_of) &&
	{ curl -s --max-time 60 -b kari.jar -o pw.page -w "%{http_code}\n" \
		-d "csrf=$csrf" -d old=pw-kari-secret -d new=kari-new-secret \
		-d confirm=kari-new-secret "$(web_url)/password" >pw.status & } &&
	echo $! >bg.pids &&
	sleep 0.5 &&
	test "$(web_curl kari.jar /logout -d "csrf=$csrf")" = 303 &&
	login_wait &&
	test "$(cat pw.status)" = 401 &&
	grep "the session ended meanwhile: log in again" pw.page &&
	randomizer log se.db --format csv >log.csv &&
	test "$(grep -c ",web:kari,user.password," log.csv)" = 1 &&
	echo pw-kari-secret | trial user login se.db kari
'

test_expect_success 'six guesses at once: the fifth locks, the sixth is refused' '
	web_stop && web_start se.db &&
	trial user add se.db per --role staff --site 0301 >per.add &&
	for i in 1 2 3 4 5 6; do login_form $i || return 1; done &&
	for i in 1 2 3 4 5 6; do login_bg $i per "guess number $i" || return 1; done &&
	login_wait &&
	cat l1.status l2.status l3.status l4.status l5.status l6.status >statuses &&
	test "$(grep -c "^401$" statuses)" = 6 &&
	randomizer log se.db --format csv >log.csv &&
	test "$(grep -c ",user.login_failed,\"{\"\"name\"\":\"\"per\"\"" log.csv)" = 4 &&
	test "$(grep -c ",user.lockout,\"{\"\"name\"\":\"\"per\"\"" log.csv)" = 1 &&
	trial user list se.db | grep -E "^per +staff +0301 +no +yes +2026-10-15T12:15:00Z" &&
	login_form 7 &&
	login_bg 7 per "$(sed -n "s/^one-time password: //p" per.add)" &&
	login_wait &&
	test "$(cat l7.status)" = 401 &&
	randomizer verify se.db
'

test_done
