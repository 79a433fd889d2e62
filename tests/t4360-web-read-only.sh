#!/bin/sh
# A page that only reads is a read transaction: the store's bytes stay as
# they were, and it is served while another process holds the store's
# write lock.  The one write a GET may cause is its session's last_seen,
# moved at most once a minute (RCT_SESSION_TOUCH_SECONDS); the idle
# expiry counts from last_seen, so a session ends 29 to 30 minutes after
# its last request.  The clock is the test clock (RCT_NOW), set anew at
# each start of the server.
. "$(dirname "$0")/lib.sh"
. "$TEST_ROOT/tests/web-lib.sh"
trap web_stop EXIT

# The store's bytes: the database and its write-ahead log.
dump () {
	cat se.db se.db-wal 2>/dev/null | cksum >"$1"
}

# Restart the server with the clock at $1.
at_time () {
	export RCT_NOW=$1 &&
	web_stop &&
	web_start se.db
}

seen () {
	sqlite3 se.db "SELECT last_seen FROM session WHERE user = '$1' AND revoked_seq IS NULL"
}

test_expect_success 'setup: a trial, two staff users logged in at 12:00' '
	make_se_store &&
	at_time 2026-10-15T12:00:00Z &&
	web_user kari staff --site 0301 &&
	web_user ola staff --site 0301 &&
	test "$(seen kari)" = 2026-10-15T12:00:00Z
'

test_expect_success 'the pages of a session read only: the store unchanged' '
	at_time 2026-10-15T12:00:30Z &&
	dump before &&
	for p in / /participants "/enrol?site=0301" /upload /screen /password /login /style.css; do
		test "$(web_curl kari.jar "$p")" = 200 || return 1
	done &&
	dump after &&
	test_cmp before after &&
	test "$(seen kari)" = 2026-10-15T12:00:00Z
'

test_expect_success 'a page is served while another process holds the write lock' '
	{ printf "BEGIN IMMEDIATE;\nDELETE FROM meta WHERE 0;\n.shell sleep 4\nCOMMIT;\n" |
		sqlite3 se.db >/dev/null & } &&
	holder=$! &&
	sleep 0.5 &&
	curl -s --max-time 3 -b kari.jar -o page -w "%{http_code} %{time_total}\n" \
		"$(web_url)/" >get &&
	wait $holder &&
	cat get &&
	awk "{ exit !(\$1 == 200 && \$2 < 2.0) }" get &&
	grep "0301 Oslo" page
'

test_expect_success 'last_seen moves once a minute, not before' '
	at_time 2026-10-15T12:00:59Z &&
	dump before &&
	test "$(web_curl kari.jar /)" = 200 &&
	dump after &&
	test_cmp before after &&
	at_time 2026-10-15T12:01:00Z &&
	dump before &&
	test "$(web_curl kari.jar /)" = 200 &&
	dump after &&
	! cmp before after &&
	test "$(seen kari)" = 2026-10-15T12:01:00Z &&
	test "$(web_curl ola.jar /)" = 200 &&
	test "$(seen ola)" = 2026-10-15T12:01:00Z &&
	randomizer verify se.db
'

test_expect_success 'idle 30 minutes after last_seen, not after the last request' '
	at_time 2026-10-15T12:01:30Z &&
	test "$(web_curl kari.jar /)" = 200 &&
	test "$(web_curl ola.jar /)" = 200 &&
	test "$(seen kari)" = 2026-10-15T12:01:00Z &&
	at_time 2026-10-15T12:30:59Z &&
	test "$(web_curl ola.jar /)" = 200 &&
	test "$(seen ola)" = 2026-10-15T12:30:59Z &&
	at_time 2026-10-15T12:31:00Z &&
	test "$(web_curl kari.jar /)" = 303 &&
	grep -i "^Location: /login" headers &&
	test "$(web_curl ola.jar /)" = 200 &&
	randomizer verify se.db
'

test_done
