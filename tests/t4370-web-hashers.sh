#!/bin/sh
# The logins' Argon2id runs in helper processes of trial-web's own
# (web/hasher.h), forked before any key is read: they hold neither the
# store nor a key file, they end with the server (SIGTERM, or kill -9 of
# the server: the kernel ends them), and should they die the server
# checks passwords itself, every login answered as before.
. "$(dirname "$0")/lib.sh"
. "$TEST_ROOT/tests/web-lib.sh"
trap web_stop EXIT

# The helpers of the server in web.pid, one pid a line.
helpers () {
	pgrep -P "$(cat web.pid)" || :
}

# Wait (bounded) until none of the pids in FILE is alive (a zombie that
# its parent has not yet waited for is not).
all_gone () {
	_i=0
	while [ $_i -lt 100 ]; do
		_alive=0
		for _p in $(cat "$1"); do
			_st=$(sed -n "s/^State:[[:space:]]*\([A-Z]\).*/\1/p" /proc/$_p/status 2>/dev/null)
			[ -z "$_st" ] || [ "$_st" = Z ] || _alive=1
		done
		[ $_alive -eq 1 ] || return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

test_expect_success 'setup: a trial, a staff user, the server' '
	make_se_store &&
	web_start se.db &&
	web_user kari staff --site 0301
'

test_expect_success 'one helper a core (at most 8), each a trial-web holding no file of the trial' '
	cores=$(nproc) &&
	want=$(( cores < 8 ? cores : 8 )) &&
	helpers >pids &&
	test "$(wc -l <pids)" -eq "$want" &&
	for p in $(cat pids); do
		test "$(cat /proc/$p/comm)" = trial-web &&
		ls -l /proc/$p/fd >fds &&
		! grep -e "se\.db" -e "se\.keys" -e "\.key" -e "\.pem" fds ||
		return 1
	done
'

test_expect_success 'a right password logs in, a wrong one is refused and counted' '
	rm -f k.jar &&
	test "$(web_login k.jar kari pw-kari-secret)" = 303 &&
	rm -f w.jar &&
	test "$(web_login w.jar kari not-the-password)" = 401 &&
	randomizer log se.db --format csv >log.csv &&
	grep -c "user.login_failed" log.csv >fails &&
	test "$(cat fails)" -ge 1
'

test_expect_success 'helpers killed: the server checks passwords itself' '
	helpers >pids &&
	kill -KILL $(cat pids) &&
	all_gone pids &&
	rm -f k2.jar &&
	test "$(web_login k2.jar kari pw-kari-secret)" = 303 &&
	rm -f w2.jar &&
	test "$(web_login w2.jar kari still-not-it)" = 401 &&
	test "$(web_form kari.jar /password /password \
		--data-urlencode "old=pw-kari-secret" \
		--data-urlencode "new=pw-kari-second" \
		--data-urlencode "confirm=pw-kari-second")" = 303 &&
	rm -f k3.jar &&
	test "$(web_login k3.jar kari pw-kari-second)" = 303 &&
	kill -0 "$(cat web.pid)"
'

test_expect_success 'SIGTERM: the server and its helpers end' '
	web_stop &&
	web_start se.db &&
	helpers >pids &&
	test -s pids &&
	rm -f k4.jar &&
	test "$(web_login k4.jar kari pw-kari-second)" = 303 &&
	web_stop &&
	all_gone pids
'

test_expect_success 'kill -9 of the server: its helpers end too' '
	web_start se.db &&
	helpers >pids &&
	test -s pids &&
	kill -KILL "$(cat web.pid)" &&
	rm -f web.pid &&
	all_gone pids
'

test_done
