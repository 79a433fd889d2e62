#!/bin/sh
# Hostile and broken input to the web service, each refused or escaped
# with the store's bytes unchanged where it is refused: oversized bodies
# and headers, malformed multipart uploads, CR/LF meant to inject a
# header, HTML, script and SQL in every field of the enrolment form (and
# free text stored verbatim, escaped wherever it is shown), a slow client
# that must not hold up another; and the register upload: errors listed
# by line and column, all or nothing.
. "$(dirname "$0")/lib.sh"
. "$TEST_ROOT/tests/web-lib.sh"
trap web_stop EXIT

# The store's bytes: the database and its write-ahead log.
dump () {
	cat se.db se.db-wal | cksum >"$1"
}

EVIL="<script>alert(1)</script>\"'><b>x</b>' OR 1=1; DROP TABLE participant;--"

test_expect_success 'setup: a trial, a staff user, a monitor' '
	make_se_store &&
	web_start se.db &&
	web_user kari staff --site 0301 &&
	web_user mona monitor &&
	web_curl kari.jar /password >/dev/null && web_csrf_of >kari.csrf &&
	test -s kari.csrf
'

test_expect_success 'a body over the limit: 413, nothing written' '
	dump before &&
	head -c 100000 /dev/zero | tr "\0" a >big &&
	test "$(web_curl kari.jar /enrol -d csrf=$(cat kari.csrf) -d site=0301 \
		--data-urlencode gender@big)" = 413 &&
	head -c 5000000 /dev/zero | tr "\0" a >huge.csv &&
	test "$(web_curl kari.jar /upload -F csrf=$(cat kari.csrf) -F site=0301 \
		-F register=@huge.csv)" = 413 &&
	dump after && cmp before after &&
	test "$(web_curl kari.jar /)" = 200
'

test_expect_success 'malformed bodies: 400, nothing written' '
	dump before &&
	test "$(web_curl kari.jar /upload -H "Content-Type: multipart/form-data" \
		--data-binary "csrf=$(cat kari.csrf)")" = 400 &&
	grep "no multipart boundary" page &&
	printf -- "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n--XyZ\r\nContent-Disposition: form-data; name=\"site\"\r\n\r\n0301" \
		"$(cat kari.csrf)" >cut.body &&
	test "$(web_curl kari.jar /upload -H "Content-Type: multipart/form-data; boundary=XyZ" \
		--data-binary @cut.body)" = 400 &&
	grep "ends before its closing boundary" page &&
	printf -- "--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--\r\n" >noname.body &&
	test "$(web_curl kari.jar /upload -H "Content-Type: multipart/form-data; boundary=XyZ" \
		--data-binary @noname.body)" = 400 &&
	grep "has no field name" page &&
	test "$(web_curl kari.jar /enrol --data-binary "csrf=$(cat kari.csrf)&site=%zz")" = 400 &&
	grep "bad %-escape" page &&
	test "$(web_curl kari.jar /enrol --data-binary "csrf=$(cat kari.csrf)&site=0301&site=4601")" = 400 &&
	grep "is given twice" page &&
	test "$(web_curl kari.jar /enrol -H "Content-Type: text/xml" --data-binary "<x/>")" = 400 &&
	dump after && cmp before after
'

test_expect_success 'headers over the limit are refused; the server goes on' '
	dump before &&
	cookie=$(head -c 40000 /dev/zero | tr "\0" a) &&
	status=$(curl -s -o /dev/null -w "%{http_code}" --max-time 10 \
		-H "Cookie: rct_session=$cookie" "$(web_url)/") &&
	case "$status" in 413|431|400|000) ;; *) echo "status $status"; false ;; esac &&
	test "$(web_curl kari.jar /)" = 200 &&
	dump after && cmp before after
'

test_expect_success 'CR/LF in a field or a URL never reaches a header' '
	dump before &&
	test "$(web_curl kari.jar "/enrol?site=0301%0d%0aX-Evil:%201")" = 403 &&
	! grep -i "^X-Evil" headers &&
	test "$(web_curl kari.jar /enrol -d csrf=$(cat kari.csrf) \
		--data-urlencode "site=0301
Set-Cookie: evil=1")" = 403 &&
	! grep -i "evil" headers &&
	grep "0301&#10;Set-Cookie: evil=1" page &&
	test "$(web_curl kari.jar "/participant/P000001%0d%0aX-Evil:%201")" = 404 &&
	! grep -i "^X-Evil" headers &&
	dump after && cmp before after
'

test_expect_success 'HTML, script and SQL in every field of the form: escaped, refused' '
	test "$(web_curl kari.jar "/enrol?site=0301")" = 200 &&
	sed -n "s/.* id=\"f-enrol-[a-z_]*\" name=\"\([a-z_]*\)\".*/\1/p" page | sort -u >fields &&
	test "$(wc -l <fields)" = 9 &&
	dump before &&
	while read -r f; do
		set -- -d csrf=$(cat kari.csrf) &&
		for g in site id_number gender birth_year education norwegian_level years_in_norway consent_date; do
			[ "$g" = "$f" ] && continue
			case $g in
			site) v=0301 ;; id_number) v=$(web_fnr 5) ;; gender) v=female ;;
			birth_year) v=1980 ;; education) v=primary ;; norwegian_level) v=A2 ;;
			years_in_norway) v=3 ;; consent_date) v=2026-10-01 ;;
			esac
			set -- "$@" --data-urlencode "$g=$v"
		done &&
		status=$(web_curl kari.jar /enrol "$@" --data-urlencode "$f=$EVIL") &&
		case "$status" in 400|403) ;; *) echo "$f: $status"; return 1 ;; esac &&
		! grep -F "<script>" page && ! grep -F "<b>x</b>" page || { echo "raw in $f"; return 1; }
		if [ "$f" != id_number ]; then
			grep -F "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;b&gt;" page || { echo "not shown escaped: $f"; return 1; }
		else
			! grep -F "alert(1)" page || { echo "identity echoed"; return 1; }
		fi
	done <fields &&
	dump after && cmp before after &&
	test "$(sqlite3 se.db "SELECT count(*) FROM participant")" = 0
'

test_expect_success 'free text is stored verbatim and shown escaped' '
	test "$(web_form kari.jar "/enrol?site=0301" /enrol $(web_enrol_fields $(web_fnr 1) 0301))" = 303 &&
	test "$(web_curl kari.jar /withdraw -d csrf=$(cat kari.csrf) -d participant=P000001 \
		-d date=2026-10-10 --data-urlencode "reason=$EVIL")" = 303 &&
	randomizer log se.db --format csv | grep ",withdraw," | grep -F "alert(1)" &&
	test "$(web_curl mona.jar /log)" = 200 &&
	! grep -F "<script>" page &&
	grep -F "&lt;script&gt;alert(1)" page &&
	rm -f evil.jar &&
	test "$(web_login evil.jar "$EVIL" "$EVIL")" = 401 &&
	! grep -F "<script>" page
'

test_expect_success 'a slow client does not hold up another' '
	web_url | sed "s|http://127.0.0.1:||" >port &&
	bash -c "exec 3<>/dev/tcp/127.0.0.1/$(cat port); for c in G E T \" \" /; do printf %s \"\$c\" >&3; sleep 1; done; exec 3>&-" &
	slow=$! &&
	sleep 0.5 &&
	start=$(date +%s%N) &&
	test "$(web_curl kari.jar /)" = 200 &&
	test "$(web_curl kari.jar /participants)" = 200 &&
	end=$(date +%s%N) &&
	ms=$(( (end - start) / 1000000 )) &&
	echo "two requests in $ms ms beside a slow client" &&
	test $ms -lt 2000 &&
	kill -0 $slow &&
	wait $slow
'

test_expect_success 'an upload with errors: each by line and column, nothing written' '
	cat >reg.csv <<-EOF &&
	id_number,site,gender,birth_year,education,norwegian_level,years_in_norway,consent_date
	$(web_fnr 10),0301,female,1980,primary,A2,3,2026-10-01
	$(web_fnr 11),0301,kvinne,1980,primary,A2,3,2026-10-01
	$(web_fnr 12),0301,male,19x0,primary,A2,3,2026-10-01
	$(web_fnr 13),4601,male,1980,primary,A2,3,2026-10-01
	EOF
	dump before &&
	test "$(web_curl kari.jar /upload -F csrf=$(cat kari.csrf) -F site=0301 -F "register=@reg.csv")" = 400 &&
	grep -F "<li>reg.csv:3:3: &#39;kvinne&#39; is not a code of gender" page &&
	grep -F "<li>reg.csv:4:4: birth_year &#39;19x0&#39; is not a whole number" page &&
	grep -F "<li>reg.csv:5:2: site &#39;4601&#39; is not the site of this upload, 0301" page &&
	! grep -F "$(web_fnr 10)" page &&
	dump after && cmp before after
'

test_expect_success 'a good upload: all rows added, audited as the user' '
	sed -e 3,5d reg.csv >good.csv &&
	echo "$(web_fnr 14),0301,male,1985,higher,B1,5,2026-10-02" >>good.csv &&
	test "$(web_curl kari.jar /upload -F csrf=$(cat kari.csrf) -F site=0301 -F "register=@good.csv")" = 200 &&
	grep "Imported: 2 added, 0 unchanged" page &&
	randomizer log se.db --format csv | grep ",web:kari,enrol," | grep -F "good.csv" &&
	randomizer verify se.db
'

test_expect_success 'screening counts through the form' '
	test "$(web_curl kari.jar /screen -d csrf=$(cat kari.csrf) -d site=0301 -d month=2026-09 \
		-d screened=12 -d reason1=too_old -d excluded1=2)" = 200 &&
	grep "recorded site 0301, 2026-09: 12 screened" page &&
	dump before &&
	test "$(web_curl kari.jar /screen -d csrf=$(cat kari.csrf) -d site=0301 -d month=2026-13 -d screened=1)" = 400 &&
	test "$(web_curl kari.jar /screen -d csrf=$(cat kari.csrf) -d site=0301 -d month=2026-08 -d screened=-1)" = 400 &&
	dump after && cmp before after
'

test_done
