#!/bin/sh
# Enrol and allocate in one step: the enrolment form's second button
# (then=allocate) enrols and allocates in one write, so that the arm is
# shown on the page it sends to (the form again, the participant just
# allocated above it: the next one is enrolled from there), both audit
# entries are the user's, and a refusal of either part leaves nothing
# stored.  Enter
# presses the first button, which only enrols.  A trial that does not
# allocate one at a time (clusters, a lottery) has no such button and
# refuses the field; a lottery's participant page offers no Allocate.  An allocation the library refuses gets its message
# on the page (it came back blank before).
. "$(dirname "$0")/lib.sh"
. "$TEST_ROOT/tests/web-lib.sh"
trap web_stop EXIT

# The store's content (WAL and all) as SQL, to compare before and after.
dump () {
	sqlite3 "$1" .dump
}

# POST kari's enrolment form with the fields given (curl's arguments):
# the status must be STATUS and se.db as it was; the answer in "page".
enrol_refused () {
	_er_want=$1
	shift
	dump se.db >before.sql &&
	test "$(web_form kari.jar "/enrol?site=0301" /enrol "$@")" = "$_er_want" &&
	dump se.db >after.sql &&
	test_cmp before.sql after.sql
}

test_expect_success 'setup: the supported-employment trial, staff at 0301' '
	make_se_store &&
	trial info se.db --format csv | sed -n 2p | cut -d, -f6 >fp &&
	web_start se.db &&
	web_user kari staff --site 0301
'

test_expect_success 'the form: Enrol first (Enter), then Enrol and allocate' '
	test "$(web_curl kari.jar "/enrol?site=0301")" = 200 &&
	sed -n "/<button/p" page >buttons &&
	cat >expect <<-\EOF &&
	<button type="submit">Enrol</button>
	<button type="submit" name="then" value="allocate">Enrol and allocate</button>
	EOF
	sed -n "/action=\"\/enrol\"/,/<\/form>/p" page | grep "<button" >buttons &&
	test_cmp expect buttons
'

test_expect_success 'one step: 303 to the form, the arm shown above it, as stored' '
	test "$(web_form kari.jar "/enrol?site=0301" /enrol \
		$(web_enrol_fields $(web_fnr 0) 0301) -d then=allocate)" = 303 &&
	grep -i "^Location: /enrol?allocated=P000001$" headers &&
	test "$(web_curl kari.jar "/enrol?allocated=P000001")" = 200 &&
	sed -n "/<section id=\"last\">/,/<h2>Enrol the next participant<\/h2>/p" page >last &&
	tail -1 last | grep -F "<h2>Enrol the next participant</h2>" &&
	! grep "action=\"/enrol\"" last &&
	grep "<dd id=\"participant\">P000001</dd>" last &&
	grep "<dd id=\"status\">allocated</dd>" last &&
	grep "<dd id=\"entry-hash\">[0-9a-f]\{64\}</dd>" last &&
	grep "<a href=\"/participant/P000001\">Open the participant&#39;s page</a>" last &&
	sed -n "s/.*<dd id=\"arm\">\([a-z]*\)<\/dd>.*/\1/p" page >arm &&
	grep -Ex "control|treatment" arm &&
	sed -n "/action=\"\/enrol\"/,/<\/form>/p" page | grep "<button" >buttons &&
	test "$(wc -l <buttons)" = 2 &&
	grep "<option value=\"0301\" selected" page &&
	test "$(web_curl kari.jar /participant/P000001)" = 200 &&
	grep "<dd id=\"arm\">$(cat arm)</dd>" page &&
	trial export se.db --format csv >export.csv &&
	awk -F, "NR == 1 { for (i = 1; i <= NF; i++) if (\$i == \"arm\") k = i }
		NR == 2 { print \$1 \",\" \$k }" export.csv >stored &&
	test "$(cat stored)" = "P000001,$(cat arm)" &&
	! grep "action=\"/allocate\"" page &&
	! grep -r "$(web_fnr 0)" page headers web.log se.db se.db-wal
'

test_expect_success 'both audit entries are the user'\''s, the log verifies, so does the receipt' '
	randomizer log se.db --format csv >log.csv &&
	grep -c ",web:kari,enrol," log.csv >n &&
	test "$(cat n)" = 1 &&
	grep -c ",web:kari,allocate," log.csv >n &&
	test "$(cat n)" = 1 &&
	randomizer verify se.db >verify.out &&
	test "$(web_curl kari.jar /participant/P000001/receipt)" = 200 &&
	mv page receipt.txt &&
	randomizer verify-receipt receipt.txt --fingerprint "$(cat fp)" >valid &&
	grep "^valid: P000001 allocated to .$(cat arm)." valid
'

test_expect_success 'the next participant from that page: two requests each' '
	test "$(web_curl kari.jar "/enrol?allocated=P000001")" = 200 &&
	test "$(web_curl kari.jar /enrol --data-urlencode "csrf=$(web_csrf_of)" \
		$(web_enrol_fields $(web_fnr 6) 0301) -d then=allocate)" = 303 &&
	grep -i "^Location: /enrol?allocated=P000002$" headers &&
	test "$(web_curl kari.jar "/enrol?allocated=P000002")" = 200 &&
	grep "<dd id=\"participant\">P000002</dd>" page &&
	grep -E "<dd id=\"arm\">(control|treatment)</dd>" page &&
	randomizer verify se.db >verify.out
'

test_expect_success 'the form after one step: another site'\''s participant, none, or hostile text, refused as by URL' '
	web_enrol_cli 4601 7 >/dev/null &&
	test "$(sqlite3 se.db "SELECT site FROM participant WHERE id = 3")" = 4601 &&
	other=P000003 &&
	dump se.db >before.sql &&
	test "$(web_curl kari.jar "/enrol?allocated=$other")" = 403 &&
	! grep "id=\"arm\"" page && ! grep "action=\"/enrol\"" page &&
	test "$(web_curl kari.jar "/enrol?allocated=P999999")" = 404 &&
	test "$(web_curl kari.jar "/enrol?allocated=%3Cscript%3Ex%3C/script%3E")" = 404 &&
	! grep -F "<script>x" page &&
	grep -F "&lt;script&gt;x&lt;/script&gt;" page &&
	test "$(web_curl kari.jar "/enrol?allocated=")" = 404 &&
	grep -F "<li>&#39;&#39; is not a participant id, expected e.g. P000042</li>" page &&
	test "$(web_curl kari.jar "/enrol?allocated=%3DHYPERLINK(%22http://x%22)")" = 404 &&
	grep -F "&#39;=HYPERLINK(&quot;http://x&quot;)&#39; is not a participant id" page &&
	test "$(web_curl kari.jar "/enrol?allocated=P000001%0D%0ASet-Cookie:%20x=1")" = 404 &&
	! grep -i "^Set-Cookie: x=1" headers &&
	test "$(web_curl kari.jar "/enrol?allocated=$(head -c 3000 /dev/zero | tr "\0" "7")")" = 404 &&
	test "$(web_curl kari.jar "/enrol?allocated=P000001%00x")" = 400 &&
	grep -F "<li>the query&#39;s allocated holds a NUL byte, expected text</li>" page &&
	! grep "id=\"arm\"" page &&
	test "$(web_curl kari.jar "/enrol?site=0301%00x")" = 400 &&
	dump se.db >after.sql &&
	test_cmp before.sql after.sql
'

test_expect_success 'the first button only enrols, as before' '
	test "$(web_form kari.jar "/enrol?site=0301" /enrol \
		$(web_enrol_fields $(web_fnr 1) 0301))" = 303 &&
	grep -i "^Location: /participant/P000004$" headers &&
	test "$(web_curl kari.jar /participant/P000004)" = 200 &&
	grep "<dd id=\"status\">enrolled</dd>" page &&
	! grep "id=\"arm\"" page &&
	grep "action=\"/allocate\"" page
'

test_expect_success 'an ineligible person in one step: the message, nothing stored' '
	enrol_refused 400 -d site=0301 -d id_number=$(web_fnr 9) -d gender=male \
		-d birth_year=2015 -d education=none -d norwegian_level=A1 \
		-d years_in_norway=2 -d consent_date=2026-10-01 -d then=allocate &&
	grep "<li>.*age.*</li>" page &&
	grep "name=\"then\" value=\"allocate\"" page
'

test_expect_success 'then with another value is refused, nothing stored' '
	enrol_refused 400 $(web_enrol_fields $(web_fnr 2) 0301) -d then=withdraw &&
	grep -F "<li>then is &#39;withdraw&#39;, expected &#39;allocate&#39; or nothing</li>" page
'

test_expect_success 'then with hostile text: refused, shown escaped, nothing stored' '
	enrol_refused 400 $(web_enrol_fields $(web_fnr 2) 0301) \
		--data-urlencode "then=<script>alert(1)</script><b>x</b>" &&
	! grep -F "<script>alert" page && ! grep -F "<b>x</b>" page &&
	grep -F "then is &#39;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;&#39;" page &&
	enrol_refused 400 $(web_enrol_fields $(web_fnr 2) 0301) \
		--data-urlencode "then==HYPERLINK(\"http://x\")" &&
	grep -F "then is &#39;=HYPERLINK(&quot;http://x&quot;)&#39;" page &&
	enrol_refused 400 $(web_enrol_fields $(web_fnr 2) 0301) -d "then=allocate%00x" &&
	grep -F "<li>then holds a NUL byte, expected text</li>" page &&
	enrol_refused 400 $(web_enrol_fields $(web_fnr 2) 0301) -d "then=allocate%0D%0ASet-Cookie:%20x=1" &&
	! grep -i "^Set-Cookie: x=1" headers &&
	head -c 3000 /dev/zero | tr "\0" "a" >long &&
	enrol_refused 400 $(web_enrol_fields $(web_fnr 2) 0301) --data-urlencode "then@long" &&
	test "$(sqlite3 se.db "SELECT count(*) FROM participant")" = 4
'

test_expect_success 'one step at another site: 403, nothing stored' '
	enrol_refused 403 $(web_enrol_fields $(web_fnr 3) 4601) -d then=allocate
'

test_expect_success 'allocation closed: one step refused whole, the enrolment too' '
	randomizer reveal se.db --yes --close-pending >/dev/null &&
	enrol_refused 400 $(web_enrol_fields $(web_fnr 4) 0301) -d then=allocate &&
	grep "<li>the secret has been revealed: allocation is closed</li>" page &&
	grep "<h1>Enrol a participant</h1>" page
'

test_expect_success 'a refused allocation shows its message (it was a blank page)' '
	test "$(web_form kari.jar "/enrol?site=0301" /enrol \
		$(web_enrol_fields $(web_fnr 5) 0301))" = 303 &&
	grep -i "^Location: /participant/P000005$" headers &&
	web_curl kari.jar /participant/P000005 >/dev/null &&
	csrf=$(sed -n "/action=\"\/allocate\"/,/<\/form>/s/.*name=\"csrf\" value=\"\([0-9a-f]*\)\".*/\1/p" page) &&
	dump se.db >before.sql &&
	test "$(web_curl kari.jar /allocate -d csrf=$csrf -d participant=P000005)" = 400 &&
	grep "<li>the secret has been revealed: allocation is closed</li>" page &&
	grep "<dd id=\"participant\">P000005</dd>" page &&
	dump se.db >after.sql &&
	test_cmp before.sql after.sql
'

test_expect_success 'a cluster trial: one button, then=allocate refused' '
	web_stop &&
	make_mt_store mt.db &&
	web_start mt.db &&
	trial user add mt.db ola --role staff --site 0301 >ola.add &&
	otp=$(sed -n "s/^one-time password: //p" ola.add) &&
	test "$(web_login ola.jar ola "$otp")" = 303 &&
	test "$(web_form ola.jar /password /password --data-urlencode "old=$otp" \
		-d new=pw-ola-secret -d confirm=pw-ola-secret)" = 303 &&
	test "$(web_curl ola.jar "/enrol?site=0301")" = 200 &&
	sed -n "/action=\"\/enrol\"/,/<\/form>/p" page | grep -c "<button" >n &&
	test "$(cat n)" = 1 &&
	! grep "name=\"then\"" page &&
	dump mt.db >before.sql &&
	test "$(web_form ola.jar "/enrol?site=0301" /enrol -d site=0301 \
		-d id_number=$(web_fnr 5) -d class=oslo-1 -d gender=male \
		-d birth_year=2012 -d track=spor1 -d schooling_years=3 \
		-d norwegian_level=A1 -d consent_date=2026-10-01 \
		-d then=allocate)" = 400 &&
	grep "<li>this trial does not allocate participants one at a time: enrol, then allocate as its protocol says</li>" page &&
	dump mt.db >after.sql &&
	test_cmp before.sql after.sql
'

test_expect_success 'a lottery: one button, no Allocate form, /allocate says why' '
	web_stop &&
	trial init vt.db --protocol "$PROTOCOLS/vocational-fourth-year.ini" >/dev/null &&
	trial site add vt.db oslo --name "NAV Oslo" --target 4 >/dev/null &&
	vt_applicants 10 oslo --year 2026 >vt.csv &&
	trial import vt.db vt.csv >/dev/null &&
	web_start vt.db &&
	trial user add vt.db per --role staff --site oslo >per.add &&
	otp=$(sed -n "s/^one-time password: //p" per.add) &&
	test "$(web_login per.jar per "$otp")" = 303 &&
	test "$(web_form per.jar /password /password --data-urlencode "old=$otp" \
		-d new=pw-per-secret -d confirm=pw-per-secret)" = 303 &&
	test "$(web_curl per.jar "/enrol?site=oslo")" = 200 &&
	! grep "name=\"then\"" page &&
	test "$(web_curl per.jar /participant/P000001)" = 200 &&
	grep "<dd id=\"status\">enrolled</dd>" page &&
	! grep "action=\"/allocate\"" page &&
	dump vt.db >before.sql &&
	test "$(web_curl per.jar /allocate -d "csrf=$(web_csrf_of)" -d participant=P000001)" = 400 &&
	grep "<li>this trial allocates by lottery: use &#39;randomizer lottery STORE --site CODE --capacity N&#39;</li>" page &&
	dump vt.db >after.sql &&
	test_cmp before.sql after.sql
'

test_done
