#!/bin/sh
# The web service in a real browser: headless chromium with JavaScript off,
# driven by WebDriver (tests/browser/story.py).  A staff member of Oslo
# logs in with the one-time password, is made to change it, enrols a
# participant through the form, allocates and sees the arm and the
# receipt, enrols and allocates another in one step (the form's second
# button), uploads a register with errors and sees each listed by line
# and column, and is refused a participant of Bergen; a researcher sees
# both sites.  The receipt shown is the allocation's audit entry.  Every
# page: no console message, every control labelled.  The store agrees
# with what the browser showed.  Screenshots of the main pages land in
# the scratch directory, or in $WEB_SCREENSHOTS when set.
. "$(dirname "$0")/lib.sh"
. "$TEST_ROOT/tests/web-lib.sh"
trap web_stop EXIT

command -v trial-web >/dev/null || test_skip_all "no trial-web program (web/ not built)"
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] ||
	test_skip_all "chromium or chromium-driver is not installed (make test installs them)"
/usr/bin/python3 -c "import selenium" 2>/dev/null ||
	test_skip_all "python3-selenium is not installed (make test installs it)"

SHOTS=${WEB_SCREENSHOTS:-$SCRATCH/shots}
case $SHOTS in /*) ;; *) SHOTS=$TEST_ROOT/$SHOTS ;; esac

# The one-time password printed in file $1.
otp_of () {
	sed -n 's/^one-time password: //p' "$1"
}

# Column $2 of participant $1 in the store's export.
exported () {
	trial export se.db --format csv >export.csv &&
	awk -F, -v p="$1" -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
		$1 == p { print $col[c] }' export.csv
}

test_expect_success 'setup: a trial, a participant in Bergen, two users, the server' '
	make_se_store &&
	trial enrol se.db --site 4601 --id 26117512737 --set gender=male \
		--set birth_year=1980 --set education=higher \
		--set norwegian_level=B1 --set years_in_norway=5 \
		--set consent_date=2026-10-02 --format csv >bergen.csv &&
	test "$(tail -1 bergen.csv)" = "P000001,4601" &&
	trial user add se.db kari --role staff --site 0301 >kari.out &&
	otp_of kari.out >kari.otp && test -s kari.otp &&
	trial user add se.db rita --role researcher >rita.out &&
	otp_of rita.out >rita.otp && test -s rita.otp &&
	cat >bad.csv <<-\EOF &&
	id_number,site,gender,birth_year,education,norwegian_level,years_in_norway,consent_date
	01019012345,0301,female,1990,primary,A1,2,2026-09-01
	11057523044,0301,f,1985,primary,A2,3,2026-10-01
	26117512737,0301,male,19x0,higher,B1,5,2026-10-02
	EOF
	cat >bad.expect <<-\EOF &&
	identity number has wrong check digits
	'"'"'f'"'"' is not a code of gender, expected female|male
	birth_year '"'"'19x0'"'"' is not a whole number
	EOF
	cp se.db before.db &&
	rm -rf "$SHOTS" && mkdir -p "$SHOTS" &&
	web_start se.db
'

test_expect_success 'the story in the browser' '
	timeout 120 /usr/bin/python3 "$TEST_ROOT/tests/browser/story.py" \
		--url "$(cat web.url)" --shots "$SHOTS" --out story.out \
		--staff kari --staff-otp kari.otp \
		--researcher rita --researcher-otp rita.otp \
		--other P000001 --bad-register bad.csv --register-errors bad.expect &&
	grep -Fx "enrolled P000002" story.out
'

test_expect_success 'the upload page gives each error its line and column' '
	grep "^upload-page " story.out >upload.txt &&
	grep -E "(line 2|:2:1|2:1)" upload.txt &&
	grep -E "(line 3|:3:3|3:3)" upload.txt &&
	grep -E "(line 4|:4:4|4:4)" upload.txt &&
	! grep -e 01019012345 -e 11057523044 -e 26117512737 upload.txt
'

test_expect_success 'the store holds the arm the browser showed, by the web user' '
	arm=$(sed -n "s/^arm P000002 //p" story.out) && test -n "$arm" &&
	stored=$(exported P000002 arm) &&
	case "$stored" in control|treatment) ;; *) false ;; esac &&
	label=$(sed -n "/^\[arm $stored\]/,/^\[/s/^label = //p" "$PROTOCOLS/supported-employment.ini") &&
	{ test "$arm" = "$stored" || test "$arm" = "$label"; } &&
	test "$(exported P000002 site)" = 0301 &&
	test "$(exported P000002 gender)" = female &&
	test "$(exported P000002 birth_year)" = 1985 &&
	randomizer log se.db --format csv >log.csv &&
	grep -F ",web:kari,allocate,\"{\"\"participant\"\":\"\"P000002\"\"" log.csv &&
	grep -F ",web:kari,allocate,\"{\"\"participant\"\":\"\"P000002\"\"" log.csv >alloc.csv &&
	grep -F "\"\"arm\"\":\"\"$stored\"\"" alloc.csv &&
	test "$(sed "s/.*,//" alloc.csv)" = "$(sed -n "s/^entry-hash //p" story.out)" &&
	grep -F "P000002" "$(sed -n "s/^receipt //p" story.out)"
'

test_expect_success 'enrolled and allocated in one step: the arm shown is stored' '
	set -- $(sed -n "s/^enrolled-allocated //p" story.out) &&
	test "$1" = P000003 && test -n "$2" &&
	stored=$(exported P000003 arm) &&
	label=$(sed -n "/^\[arm $stored\]/,/^\[/s/^label = //p" "$PROTOCOLS/supported-employment.ini") &&
	{ test "$2" = "$stored" || test "$2" = "$label"; } &&
	test "$(exported P000003 gender)" = male &&
	grep -F ",web:kari,enrol," log.csv | grep -F "P000003" &&
	grep -F ",web:kari,allocate,\"{\"\"participant\"\":\"\"P000003\"\"" log.csv
'

test_expect_success 'the register with errors wrote nothing' '
	test "$(sqlite3 se.db "SELECT count(*) FROM participant")" = 3 &&
	! grep -F ",web:kari,import" log.csv
'

test_expect_success 'the passwords were changed, and the log verifies' '
	trial user list se.db --format csv >users.csv &&
	grep -Fx "kari,staff,0301,no,no,no" users.csv &&
	grep -Fx "rita,researcher,,no,no,no" users.csv &&
	web_stop &&
	randomizer verify se.db
'

test_expect_success 'screenshots of the main pages, each a PNG' '
	for p in login password home enrol participant allocated \
		enrolled-allocated upload upload-errors refused participants-staff \
		participants-researcher status; do
		test -s "$SHOTS/$p.png" &&
		test "$(head -c 8 "$SHOTS/$p.png" | od -An -tx1 | tr -d " \n")" = 89504e470d0a1a0a ||
		{ echo "$SHOTS/$p.png: not a PNG"; return 1; }
	done
'

test_done
