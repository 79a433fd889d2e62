#!/bin/sh
# Refusals of the web service, each with the store byte for byte as it
# was: another site's participant by URL (and by every form that names a
# site or a participant); missing, wrong and another session's CSRF
# tokens, and a login without its pre-session cookie; a session cookie
# kept after logout; the lockout after five wrong passwords in a row.
. "$(dirname "$0")/lib.sh"
. "$TEST_ROOT/tests/web-lib.sh"
trap web_stop EXIT

dump () {
	sqlite3 se.db .dump >"$1"
}

test_expect_success 'setup: participants at two sites, two staff users' '
	web_two_sites &&
	printf "id_number,site,gender\n" >header-only.csv
'

test_expect_success 'another site'"'"'s participant by URL: 403, nothing written' '
	dump before &&
	test "$(web_curl kari.jar /participant/P000004)" = 403 &&
	! grep "id=\"arm\"" page &&
	test "$(web_curl kari.jar /participant/P000004/receipt)" = 403 &&
	test "$(web_curl kari.jar "/enrol?site=4601")" = 403 &&
	web_curl kari.jar / >/dev/null && csrf=$(web_csrf_of) &&
	test "$(web_curl kari.jar /allocate -d csrf=$csrf -d participant=P000004)" = 403 &&
	test "$(web_curl kari.jar /withdraw -d csrf=$csrf -d participant=P000004 -d reason=x)" = 403 &&
	test "$(web_curl kari.jar /exit -d csrf=$csrf -d participant=P000004 -d reason=moved)" = 403 &&
	test "$(web_curl kari.jar /enrol -d csrf=$csrf $(web_enrol_fields $(web_fnr 90) 4601))" = 403 &&
	test "$(web_curl kari.jar /screen -d csrf=$csrf -d site=4601 -d month=2026-09 -d screened=1)" = 403 &&
	test "$(web_curl kari.jar /upload -F csrf=$csrf -F site=4601 -F register=@header-only.csv)" = 403 &&
	dump after && cmp before after &&
	test "$(web_curl kari.jar /participants)" = 200 &&
	grep "P000001" page && ! grep "P000004" page && ! grep "4601" page
'

test_expect_success 'CSRF: missing, wrong, or another session'"'"'s token: 403' '
	dump before &&
	test "$(web_curl kari.jar /allocate -d participant=P000002)" = 403 &&
	grep "csrf token is missing or not this session" page &&
	test "$(web_curl kari.jar /allocate -d csrf=$(printf "%064d" 0) -d participant=P000002)" = 403 &&
	web_curl bob.jar / >/dev/null && bobs=$(web_csrf_of) &&
	web_curl kari.jar / >/dev/null && karis=$(web_csrf_of) &&
	test "$bobs" != "$karis" &&
	test "$(web_curl kari.jar /enrol -d csrf=$bobs $(web_enrol_fields $(web_fnr 91) 0301))" = 403 &&
	test "$(web_curl kari.jar /enrol -d csrf=$karis -d csrf=$karis $(web_enrol_fields $(web_fnr 91) 0301))" = 400 &&
	rm -f nopre.jar &&
	test "$(web_curl nopre.jar /login -d user=kari -d password=pw-kari-secret)" = 403 &&
	web_curl other.jar /login >/dev/null && other=$(web_csrf_of) &&
	test "$(web_curl nopre.jar /login -d csrf=$other -d user=kari -d password=pw-kari-secret)" = 403 &&
	dump after && cmp before after
'

test_expect_success 'a cookie kept after logout opens nothing' '
	web_user sara staff --site 0301 &&
	cp sara.jar stolen.jar &&
	web_curl sara.jar / >/dev/null && csrf=$(web_csrf_of) &&
	test "$(web_curl sara.jar /logout -d csrf=$csrf)" = 303 &&
	dump before &&
	test "$(web_curl stolen.jar /)" = 303 &&
	grep -i "^Location: /login" headers &&
	test "$(web_curl stolen.jar /participant/P000001)" = 303 &&
	test "$(web_curl stolen.jar /allocate -d csrf=$csrf -d participant=P000002)" = 401 &&
	dump after && cmp before after
'

test_expect_success 'five wrong passwords lock the account, audited' '
	web_user lars staff --site 0301 &&
	rm -f brute.jar &&
	for i in 1 2 3 4 5; do
		test "$(web_login brute.jar lars wrong-password-$i)" = 401 || return 1
	done &&
	test "$(web_login brute.jar lars pw-lars-secret)" = 401 &&
	grep "the account is locked until" page &&
	! grep -i "Set-Cookie: rct_session" headers &&
	randomizer log se.db --format csv >log.csv &&
	test "$(grep -c "user.login_failed,\"{\"\"name\"\":\"\"lars\"\"" log.csv)" = 4 &&
	grep ",web,user.lockout,\"{\"\"name\"\":\"\"lars\"\"" log.csv &&
	trial user list se.db | grep "^lars " | grep -v " no$" &&
	randomizer verify se.db
'

test_done
