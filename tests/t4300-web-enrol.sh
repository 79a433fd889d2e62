#!/bin/sh
# The web service end to end over HTTP on loopback: log in with the
# one-time password, which must be changed before anything else; enrol a
# participant through the form generated from the protocol; allocate and
# see the arm only once it is stored, with a receipt that randomizer
# verify-receipt accepts; the audit actor is the user; cookies and
# security headers as they must be; log out, and the cookie is dead; a
# clean stop on SIGTERM with a request log that names nobody.
. "$(dirname "$0")/lib.sh"
. "$TEST_ROOT/tests/web-lib.sh"
trap web_stop EXIT

test_expect_success 'setup: a trial, users of three roles, the server' '
	make_se_store &&
	trial user add se.db kari --role staff --site 0301 >kari.add &&
	sed -n "s/^one-time password: //p" kari.add >kari.otp &&
	trial info se.db --format csv | sed -n 2p | cut -d, -f6 >fp &&
	grep -Ex "[0-9a-f]{64}" fp &&
	web_start se.db &&
	grep -Ex "http://127.0.0.1:[0-9]+" web.url
'

test_expect_success 'anonymous: every page but the login sends to /login' '
	test "$(web_curl anon.jar /)" = 303 &&
	grep -i "^Location: /login" headers &&
	test "$(web_curl anon.jar /participant/P000001)" = 303 &&
	test "$(web_curl anon.jar /login)" = 200 &&
	grep "<label for=\"f-login-user\">" page &&
	grep "<label for=\"f-login-password\">" page
'

test_expect_success 'the login form carries a csrf bound to a pre-session cookie' '
	web_curl pre.jar /login >/dev/null &&
	grep -i "^Set-Cookie: rct_csrf=[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600" headers &&
	grep -E "<input type=\"hidden\" name=\"csrf\" value=\"[0-9a-f]{64}\">" page &&
	! grep -Fi "Secure" headers
'

test_expect_success 'a wrong password: 401, no session, counted in the log' '
	test "$(web_login k.jar kari not-the-password)" = 401 &&
	grep "Wrong user name or password" page &&
	! grep -i "Set-Cookie: rct_session" headers &&
	randomizer log se.db --format csv | grep -c "user.login_failed" >n &&
	test "$(cat n)" = 1 &&
	randomizer log se.db --format csv | grep "user.login_failed" | cut -d, -f3 >actor &&
	test "$(cat actor)" = web
'

test_expect_success 'the one-time password logs in, to /password only' '
	test "$(web_login k.jar kari "$(cat kari.otp)")" = 303 &&
	grep -i "^Location: /password" headers &&
	grep -Ei "^Set-Cookie: rct_session=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200" headers &&
	test "$(web_curl k.jar /)" = 303 &&
	grep -i "^Location: /password" headers &&
	test "$(web_curl k.jar "/enrol?site=0301")" = 303 &&
	test "$(web_curl k.jar /password)" = 200 &&
	grep "one-time password" page
'

test_expect_success 'a new password that is too short or differs is refused' '
	test "$(web_form k.jar /password /password --data-urlencode "old=$(cat kari.otp)" \
		-d new=short -d confirm=short)" = 400 &&
	grep "at least 12" page &&
	test "$(web_form k.jar /password /password --data-urlencode "old=$(cat kari.otp)" \
		-d new=long-enough-one -d confirm=long-enough-two)" = 400 &&
	grep "The two new passwords differ" page
'

test_expect_success 'changing the password: a new session, the old one revoked' '
	cp k.jar old.jar &&
	test "$(web_form k.jar /password /password --data-urlencode "old=$(cat kari.otp)" \
		-d new=pw-kari-secret -d confirm=pw-kari-secret)" = 303 &&
	grep -i "^Location: /$" headers &&
	test "$(web_curl k.jar /)" = 200 &&
	grep "0301 Oslo" page &&
	test "$(web_curl old.jar /)" = 303 &&
	grep -i "^Location: /login" headers
'

test_expect_success 'every response carries the security headers' '
	for p in / /login /style.css /favicon.ico /participant/P000001 /nowhere; do
		web_curl k.jar $p >/dev/null &&
		grep -Fi "Content-Security-Policy: default-src '"'"'none'"'"'; style-src '"'"'self'"'"'" headers &&
		grep -Fi "form-action '"'"'self'"'"'; frame-ancestors '"'"'none'"'"'" headers &&
		grep -Fi "X-Content-Type-Options: nosniff" headers &&
		grep -Fi "Referrer-Policy: no-referrer" headers &&
		grep -Fi "Cache-Control: no-store" headers || return 1
	done &&
	test "$(web_curl k.jar /nowhere)" = 404
'

test_expect_success 'the enrolment form: every baseline variable, labelled, no script' '
	test "$(web_curl k.jar "/enrol?site=0301")" = 200 &&
	for v in site id_number gender birth_year education norwegian_level \
		norwegian_level_source years_in_norway consent_date; do
		grep "<label for=\"f-enrol-$v\">" page &&
		grep "id=\"f-enrol-$v\" name=\"$v\"" page || return 1
	done &&
	grep "<option value=\"0301\" selected>" page &&
	grep "min=\"1900\" max=\"2100\"" page &&
	grep "<option value=\"upper_secondary\">" page &&
	grep "Year of birth" page &&
	! grep -i "<script" page &&
	! grep -i " style=" page &&
	! grep -i "block_sizes\|concealed" page
'

test_expect_success 'enrol: 303 to the participant, the identity number never shown' '
	id=$(web_fnr 0) &&
	test "$(web_form k.jar "/enrol?site=0301" /enrol $(web_enrol_fields $id 0301))" = 303 &&
	grep -i "^Location: /participant/P000001" headers &&
	test "$(web_curl k.jar /participant/P000001)" = 200 &&
	grep "<dd id=\"participant\">P000001</dd>" page &&
	grep "<dd id=\"status\">enrolled</dd>" page &&
	! grep "id=\"arm\"" page &&
	grep "action=\"/allocate\"" page &&
	! grep -r "$id" page headers web.log se.db se.db-wal
'

test_expect_success 'an ineligible person gets the message of the command line' '
	test_exit 2 trial enrol se.db --site 0301 --id $(web_fnr 9) --set gender=male \
		--set birth_year=2015 --set education=none --set norwegian_level=A1 \
		--set years_in_norway=2 --set consent_date=2026-10-01 2>cli.err &&
	sed "s/^trial: //" cli.err >expect &&
	test -s expect &&
	cp se.db before.db &&
	test "$(web_form k.jar "/enrol?site=0301" /enrol -d site=0301 \
		-d id_number=$(web_fnr 9) -d gender=male -d birth_year=2015 \
		-d education=none -d norwegian_level=A1 -d years_in_norway=2 \
		-d consent_date=2026-10-01)" = 400 &&
	while read -r line; do
		grep -F "<li>$line</li>" page || return 1
	done <expect &&
	cmp before.db se.db &&
	grep "<option value=\"male\" selected>male</option>" page &&
	grep "name=\"birth_year\" value=\"2015\"" page &&
	grep "<option value=\"0301\" selected>0301 Oslo</option>" page &&
	! grep "$(web_fnr 9)" page
'

test_expect_success 'allocate: the arm shown after the commit, as stored' '
	test "$(web_curl k.jar /participant/P000001)" = 200 &&
	csrf=$(sed -n "/action=\"\/allocate\"/,/<\/form>/s/.*name=\"csrf\" value=\"\([0-9a-f]*\)\".*/\1/p" page) &&
	test "$(web_curl k.jar /allocate -d csrf=$csrf -d participant=P000001)" = 303 &&
	grep -i "^Location: /participant/P000001" headers &&
	test "$(web_curl k.jar /participant/P000001)" = 200 &&
	sed -n "s/.*<dd id=\"arm\">\([a-z]*\)<\/dd>.*/\1/p" page >arm &&
	trial export se.db --format csv | sed -n 2p | cut -d, -f1,3 >stored &&
	randomizer log se.db --format csv | grep ",allocate," | grep -o "\"\"arm\"\":\"\"[a-z]*\"\"" >logged &&
	grep -q "\"\"arm\"\":\"\"$(cat arm)\"\"" logged &&
	grep "<dd id=\"status\">allocated</dd>" page &&
	! grep "action=\"/allocate\"" page
'

test_expect_success 'the receipt: on the page, downloaded, verified offline' '
	grep -E "<dd id=\"entry-hash\">[0-9a-f]{64}</dd>" page &&
	grep -E "<dd id=\"head\">[0-9]+ [0-9a-f]{64} [0-9a-f]{128}</dd>" page &&
	test "$(web_curl k.jar /participant/P000001/receipt)" = 200 &&
	grep -i "^Content-Type: text/plain" headers &&
	grep -i "^Content-Disposition: attachment; filename=\"receipt-P000001.txt\"" headers &&
	mv page receipt.txt &&
	randomizer verify-receipt receipt.txt --fingerprint "$(cat fp)" >valid &&
	grep "^valid: P000001 allocated to .$(cat arm)." valid
'

test_expect_success 'allocating again does not draw again' '
	randomizer log se.db --format csv | grep -c ",allocate," >n1 &&
	web_curl k.jar /participant/P000001 >/dev/null &&
	csrf=$(web_csrf_of) &&
	test "$(web_curl k.jar /allocate -d csrf=$csrf -d participant=P000001)" = 303 &&
	randomizer log se.db --format csv | grep -c ",allocate," >n2 &&
	test_cmp n1 n2
'

test_expect_success 'the audit actor of each action is the user' '
	randomizer log se.db --format csv >log.csv &&
	grep ",web:kari,enrol," log.csv &&
	grep ",web:kari,allocate," log.csv &&
	grep ",web:kari,user.password," log.csv &&
	grep ",web,user.login,\"{\"\"name\"\":\"\"kari\"\"}\"" log.csv &&
	grep ",web:kari,session.create," log.csv &&
	randomizer verify se.db
'

test_expect_success 'the participant list: pseudonymous id, status, arm' '
	test "$(web_curl k.jar /participants)" = 200 &&
	grep "<a href=\"/participant/P000001\">P000001</a></td><td>0301</td><td>allocated</td><td>$(cat arm)</td>" page
'

test_expect_success 'bokmål: --lang nb' '
	test_exit 2 trial-web se.db --listen 127.0.0.1:0 --lang xx 2>err &&
	grep "expected nb or en" err &&
	web_stop && web_start se.db --lang nb &&
	test "$(web_curl k.jar /participant/P000001)" = 200 &&
	grep "<html lang=\"nb\">" page &&
	grep "Logg ut" page && grep "Deltaker" page
'

test_expect_success 'logout: the cookie cleared and dead, even if kept' '
	cp k.jar kept.jar &&
	web_curl k.jar / >/dev/null &&
	csrf=$(web_csrf_of) &&
	test "$(web_curl k.jar /logout -d csrf=$csrf)" = 303 &&
	grep -i "^Location: /login" headers &&
	grep -i "^Set-Cookie: rct_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" headers &&
	test "$(web_curl kept.jar /)" = 303 &&
	grep -i "^Location: /login" headers &&
	randomizer log se.db --format csv | grep "session.revoke" | grep -F "logout"
'

test_expect_success 'the request log: route patterns, no names, tokens or ids' '
	cat web.old.log web.log >all.log &&
	grep -E "^[0-9T:-]+Z GET /participant/\* 200 [0-9.]+ms$" all.log &&
	grep -E "^[0-9T:-]+Z POST /allocate 303 [0-9.]+ms$" all.log &&
	! grep -e kari -e P000001 -e "$(cat kari.otp)" -e pw-kari all.log &&
	! grep -E "[0-9a-f]{64}" all.log
'

test_expect_success 'SIGTERM: a clean stop, the store intact' '
	pid=$(cat web.pid) &&
	kill -TERM $pid &&
	i=0 && while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done &&
	! kill -0 $pid 2>/dev/null &&
	rm -f web.pid &&
	grep "trial-web: stopping (SIGTERM)" web.log &&
	randomizer verify se.db --fingerprint "$(cat fp)"
'

test_done
