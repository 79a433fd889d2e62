#!/bin/sh
# Who may do what in the web service, tried from the route table itself
# (trial-web --routes): every route as every role (anonymous, staff,
# researcher, monitor, and a user who has not yet changed the one-time
# password).  An allowed request reaches its handler; every other is
# refused (401, 403, or a 303 to /login or /password) with the store byte
# for byte as it was (sqlite3 .dump).  Then what researchers and monitors
# see.
. "$(dirname "$0")/lib.sh"
. "$TEST_ROOT/tests/web-lib.sh"
trap web_stop EXIT

# The store's bytes: the database and its write-ahead log.
dump () {
	cat se.db se.db-wal | cksum >"$1"
}

test_expect_success 'setup: participants at two sites, a user of each role' '
	web_two_sites &&
	web_user rita researcher &&
	web_user mona monitor &&
	trial user add se.db fred --role staff --site 0301 >fred.add &&
	sed -n "s/^one-time password: //p" fred.add >fred.otp &&
	test "$(web_login fred.jar fred "$(cat fred.otp)")" = 303 &&
	printf "id_number,site,gender\n" >header-only.csv
'

# The password of a user of the matrix, and its jar.
pw_of () {
	if [ "$1" = fred ]; then cat fred.otp; else echo "pw-$1-secret"; fi
}

# The request of METHOD PATH as USER (jar USER.jar; "anon" with a fresh
# jar each time): GET, or POST with the csrf of the user's own page and
# fields that let the handler do its work.  Prints the status.
request () {
	method=$1 pattern=$2 path=$3 user=$4 n=$5
	jar=$user.jar
	[ "$user" = anon ] && rm -f anon.jar
	if [ "$method" = GET ]; then
		web_curl "$jar" "$path"
		return
	fi
	# A session's csrf stays the same until it ends: kept in USER.csrf.
	if [ "$user" = anon ] || [ "$pattern" = /login ]; then
		web_curl "$jar" /login >/dev/null
		csrf=$(web_csrf_of)
		rm -f "$user.csrf"
	else
		if [ ! -s "$user.csrf" ]; then
			web_curl "$jar" /password >/dev/null
			web_csrf_of >"$user.csrf"
		fi
		csrf=$(cat "$user.csrf")
	fi
	[ "$pattern" = /logout ] && rm -f "$user.csrf"
	case "$pattern" in
	/login) who=$user; [ "$user" = anon ] && who=kari
		web_curl "$jar" "$path" -d "csrf=$csrf" --data-urlencode "user=$who" \
			--data-urlencode "password=$(pw_of $who)" ;;
	/password) web_curl "$jar" "$path" -d "csrf=$csrf" -d old=x \
			-d new=aaaaaaaaaaaa -d confirm=bbbbbbbbbbbb ;;
	/enrol) web_curl "$jar" "$path" -d "csrf=$csrf" \
			$(web_enrol_fields "$(web_fnr $((20 + n)))" 0301) ;;
	/allocate) web_curl "$jar" "$path" -d "csrf=$csrf" -d participant=P000002 ;;
	/upload) web_curl "$jar" "$path" -F "csrf=$csrf" -F site=0301 \
			-F "register=@header-only.csv" ;;
	/withdraw) web_curl "$jar" "$path" -d "csrf=$csrf" -d participant=P000003 \
			-d date=2026-10-10 -d reason=moved ;;
	/exit) web_curl "$jar" "$path" -d "csrf=$csrf" -d participant=P000001 \
			-d date=2026-10-12 -d reason=paid_work ;;
	/screen) web_curl "$jar" "$path" -d "csrf=$csrf" -d site=0301 \
			-d month=2026-09 -d screened=4 ;;
	/users/add) web_curl "$jar" "$path" -d "csrf=$csrf" -d "name=new$n" -d role=monitor ;;
	/users/disable) web_curl "$jar" "$path" -d "csrf=$csrf" -d name=nosuch -d reason=x ;;
	/users/reset) web_curl "$jar" "$path" -d "csrf=$csrf" -d name=nosuch ;;
	*) web_curl "$jar" "$path" -d "csrf=$csrf" ;;
	esac
}

test_expect_success 'the access matrix: every route as every role' '
	trial-web --routes >routes &&
	test "$(wc -l <routes)" -ge 25 &&
	grep -Fx "GET /participant/* staff" routes &&
	grep -Fx "GET /log monitor" routes &&
	dump before &&
	n=0 && allowed=0 && refused=0 &&
	while read -r method pattern roles flags; do
		path=$(echo "$pattern" | sed "s/\*/P000001/")
		for user in anon rita mona fred kari; do
			case $user in
			anon) role=anonymous ;; rita) role=researcher ;;
			mona) role=monitor ;; *) role=staff ;;
			esac
			n=$((n + 1))
			status=$(request "$method" "$pattern" "$path" "$user" "$n")
			loc=$(sed -n "s/^Location: //Ip" headers)
			dump after
			ok=0
			case ",$roles," in *",$role,"*) ok=1 ;; esac
			# Before the password is changed only these routes are open.
			[ $user = fred ] && [ "$flags" != before-change ] && ok=0
			echo "$method $pattern $user: $status $loc (allowed $ok)" >>matrix.out
			if [ $ok = 1 ]; then
				allowed=$((allowed + 1))
				case "$status" in 401|403) echo "refused: $method $pattern $user"; return 1 ;; esac
				if [ "$loc" = /login ] && [ "$pattern" != /logout ]; then
					echo "sent to login: $method $pattern $user"; return 1
				fi
				if [ "$pattern" = /logout ] && [ $user != anon ]; then
					web_login $user.jar $user "$(pw_of $user)" >/dev/null
					dump after
				fi
			else
				refused=$((refused + 1))
				case "$user,$method,$status,$loc" in
				anon,GET,303,/login|anon,POST,401,) ;;
				fred,*,303,/password) ;;
				rita,*,403,|mona,*,403,|kari,*,403,|fred,*,403,) ;;
				*) echo "wrong refusal: $method $pattern $user: $status $loc"; return 1 ;;
				esac
				cmp before after || { echo "changed by: $method $pattern $user"; return 1; }
			fi
			mv after before
		done
	done <routes &&
	echo "$allowed allowed, $refused refused" &&
	test $refused -ge 80 && test $allowed -ge 35
'

test_expect_success 'the icon: 204 and no body, with or without a session' '
	grep -Fx "GET /favicon.ico anonymous,staff,researcher,monitor before-change" routes &&
	grep "^GET /favicon.ico anon: 204  (allowed 1)$" matrix.out &&
	grep "^GET /favicon.ico fred: 204  (allowed 1)$" matrix.out &&
	rm -f anon.jar &&
	test "$(web_curl anon.jar /favicon.ico)" = 204 &&
	test ! -s page &&
	! grep -i "^Set-Cookie" headers &&
	! grep -i "^Content-Type" headers &&
	grep -Fi "X-Content-Type-Options: nosniff" headers &&
	test "$(web_curl kari.jar /favicon.ico)" = 204 &&
	! grep -E "GET /favicon.ico 404" web.log &&
	grep -E "GET /favicon.ico 204 [0-9.]+ms" web.log
'

test_expect_success 'the allowed requests did their work' '
	randomizer log se.db --format csv >log.csv &&
	grep ",web:kari,enrol," log.csv &&
	grep ",web:kari,allocate,\"{\"\"participant\"\":\"\"P000002\"\"" log.csv &&
	grep ",web:kari,withdraw," log.csv &&
	grep ",web:kari,exit," log.csv &&
	grep ",web:kari,screen," log.csv &&
	grep ",web:rita,user.add," log.csv &&
	randomizer verify se.db
'

test_expect_success 'a researcher sees every site, but no arm' '
	test "$(web_curl rita.jar /participants)" = 200 &&
	grep "<td>P000004</td><td>4601</td>" page &&
	! grep -e control -e treatment page &&
	test "$(web_curl rita.jar /export)" = 200 &&
	! grep -e ">control<" -e ">treatment<" page &&
	test "$(web_curl rita.jar /status)" = 200 && grep "4601" page &&
	test "$(web_curl rita.jar /)" = 200 &&
	grep "<li><a href=\"/export\">Export</a></li>" page &&
	test "$(web_curl rita.jar /head)" = 200 &&
	grep -E "^hash [0-9a-f]{64}$" page
'

test_expect_success 'a researcher adds and disables a user through the forms' '
	web_curl rita.jar /users >/dev/null && csrf=$(web_csrf_of) &&
	test "$(web_curl rita.jar /users/add -d csrf=$csrf -d name=nina -d role=staff \
		--data-urlencode "sites=0301 4601")" = 200 &&
	otp=$(sed -n "s/.*<code id=\"otp\">\([^<]*\)<\/code>.*/\1/p" page) &&
	echo "$otp" | grep -Ex "[2-9a-hjkmnp-z]{5}(-[2-9a-hjkmnp-z]{5}){3}" &&
	trial user list se.db | grep -E "^nina +staff +0301,4601 " &&
	test "$(web_login nina.jar nina "$otp")" = 303 &&
	grep -i "^Location: /password" headers &&
	test "$(web_curl rita.jar /users/disable -d csrf=$csrf -d name=nina \
		--data-urlencode "reason=left the project")" = 200 &&
	test "$(web_curl nina.jar /password)" = 303 &&
	grep -i "^Location: /login" headers &&
	rm -f nina2.jar &&
	test "$(web_login nina2.jar nina "$otp")" = 401 &&
	grep "The account is disabled" page &&
	test "$(web_curl rita.jar /users/add -d csrf=$csrf -d name=Nina -d role=staff -d sites=0301)" = 400 &&
	grep "user name .*Nina.* is not valid" page &&
	randomizer log se.db --format csv | grep ",web:rita,user.disable," &&
	! grep -F "$otp" web.log
'

test_expect_success 'a monitor: the log with sealed details, and verify' '
	test "$(web_curl mona.jar /log)" = 200 &&
	grep "sealed" page && grep "web:kari" page &&
	grep "<tr><td>1</td><td>[0-9T:-]*Z</td><td>tester</td><td>init</td>" page &&
	test "$(web_curl mona.jar "/log?from=3")" = 200 &&
	! grep "<tr><td>2</td>" page && grep "<tr><td>3</td>" page &&
	test "$(web_curl mona.jar "/log?from=0")" = 400 &&
	test "$(web_curl mona.jar "/log?from=x1")" = 400 &&
	test "$(web_curl mona.jar /log)" = 200 &&
	! grep "block_size" page &&
	test "$(web_curl mona.jar /verify)" = 200 &&
	grep "id=\"verify\">Verification passed: intact:" page
'

# The rows of the table on the page, as CSV (the values hold no commas).
page_rows () {
	sed -n "s|^<tr><td>\(.*\)</td></tr>\$|\1|p" page | sed "s|</td><td>|,|g"
}

test_expect_success 'the export: blinded until reveal, then with the arms' '
	test "$(web_curl rita.jar /export)" = 200 &&
	grep "masked labels" page &&
	page_rows >web.csv &&
	test "$(wc -l <web.csv)" -ge 5 &&
	trial export se.db --blind --format csv | tail -n +2 >cli.csv &&
	test_cmp cli.csv web.csv &&
	grep -E ",A,|,B," web.csv &&
	! grep -e ",control," -e ",treatment," web.csv &&
	randomizer reveal se.db --yes --close-pending >/dev/null &&
	test "$(web_curl rita.jar /export)" = 200 &&
	grep "The trial is unblinded" page &&
	! grep "masked labels" page &&
	page_rows >web.csv &&
	trial export se.db --format csv | tail -n +2 >cli.csv &&
	test_cmp cli.csv web.csv &&
	grep -e ",control," -e ",treatment," web.csv &&
	test "$(web_curl kari.jar /export)" = 403 &&
	test "$(web_curl mona.jar /export)" = 403
'

test_done
