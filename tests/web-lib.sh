# Helpers of the web service's tests (t43NN-web-*.sh and later), sourced
# after lib.sh; their own variables begin with _w.  The server runs on 127.0.0.1 on a free port (--listen
# 127.0.0.1:0: it prints the port it got), its pid and base URL in the
# files web.pid and web.url of the scratch directory, so that every
# test_expect_success block (a subshell) reaches it; web_stop runs at exit.
# Every wait is bounded.  Cookies live in one curl jar per user (JAR).

# Start trial-web on STORE (more options after it); wait for it to listen.
web_start () {
	_ws_store=$1
	shift
	rm -f web.url
	# Each start logs afresh: what an earlier server wrote is in web.old.log.
	if [ -f web.log ]; then
		cat web.log >>web.old.log && rm -f web.log
	fi
	trial-web "$_ws_store" --listen 127.0.0.1:0 "$@" 2>>web.log &
	echo $! >web.pid
	_ws_i=0
	while [ $_ws_i -lt 100 ]; do
		_ws_port=$(sed -n 's|^trial-web: listening on https*://127.0.0.1:\([0-9]*\)$|\1|p' web.log | tail -1)
		if [ -n "$_ws_port" ]; then
			case "$*" in
			*--tls-cert*) echo "https://127.0.0.1:$_ws_port" >web.url ;;
			*) echo "http://127.0.0.1:$_ws_port" >web.url ;;
			esac
			return 0
		fi
		kill -0 "$(cat web.pid)" 2>/dev/null || return 1
		sleep 0.1
		_ws_i=$((_ws_i + 1))
	done
	return 1
}

# Stop the server with SIGTERM and wait (bounded) for it to exit.
web_stop () {
	[ -f web.pid ] || return 0
	_ws_pid=$(cat web.pid)
	rm -f web.pid
	kill -TERM "$_ws_pid" 2>/dev/null || return 0
	_ws_i=0
	while kill -0 "$_ws_pid" 2>/dev/null && [ $_ws_i -lt 100 ]; do
		sleep 0.1
		_ws_i=$((_ws_i + 1))
	done
	kill -KILL "$_ws_pid" 2>/dev/null
	return 0
}

web_url () {
	cat web.url
}

# curl JAR PATH [ARGS...]: the body to the file "page", the headers to
# "headers" (without the CR of each line); prints the status code.
web_curl () {
	_wc_jar=$1
	_wc_path=$2
	shift 2
	curl -s -k --max-time 20 -b "$_wc_jar" -c "$_wc_jar" -D headers.raw \
		-o page -w '%{http_code}' "$@" "$(web_url)$_wc_path"
	tr -d '\r' <headers.raw >headers
}

# The csrf value of the first form in FILE (default: page).
web_csrf_of () {
	sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "${1:-page}" | head -1
}

# GET PATH, then POST the fields (name=value...) with the csrf of that
# page; prints the status of the POST.
web_form () {
	_wf_jar=$1
	_wf_post=$3
	web_curl "$1" "$2" >/dev/null &&
	shift 3 &&
	set -- --data-urlencode "csrf=$(web_csrf_of)" "$@" &&
	web_curl "$_wf_jar" "$_wf_post" "$@"
}

# Log JAR in as USER with PASSWORD; prints the status (303 on success).
web_login () {
	web_form "$1" /login /login --data-urlencode "user=$2" \
		--data-urlencode "password=$3"
}

# A user made with trial user add (NAME ROLE [--site CODE...]), logged in
# with the one-time password and changed to "pw-NAME-secret", the jar
# NAME.jar holding the session.
web_user () {
	_wu_name=$1
	shift
	trial user add se.db "$_wu_name" --role "$@" >"$_wu_name.add" &&
	_wu_otp=$(sed -n 's/^one-time password: //p' "$_wu_name.add") &&
	rm -f "$_wu_name.jar" &&
	test "$(web_login "$_wu_name.jar" "$_wu_name" "$_wu_otp")" = 303 &&
	test "$(web_form "$_wu_name.jar" /password /password \
		--data-urlencode "old=$_wu_otp" \
		--data-urlencode "new=pw-$_wu_name-secret" \
		--data-urlencode "confirm=pw-$_wu_name-secret")" = 303
}

# Staff users of se.db (or $WEB_STORE) for tests/bin/web_load, staff0,
# staff1, ... one a SITE given, their one-time passwords changed to
# PASSWORD-N from the command line; their lines (name, password, site) in
# users.txt.
web_load_users () {
	_wl_pw=$1
	_wl_db=${WEB_STORE:-se.db}
	shift
	: >users.txt &&
	_wl_i=0 &&
	for _wl_site in "$@"; do
		trial user add "$_wl_db" "staff$_wl_i" --role staff --site "$_wl_site" >add.out &&
		_wl_otp=$(sed -n "s/^one-time password: //p" add.out) &&
		printf "%s\n%s\n" "$_wl_otp" "$_wl_pw-$_wl_i" |
			trial user passwd "$_wl_db" "staff$_wl_i" >/dev/null &&
		echo "staff$_wl_i $_wl_pw-$_wl_i $_wl_site" >>users.txt || return 1
		_wl_i=$((_wl_i + 1))
	done
}

# The values of an enrolment of a valid person (ID) at SITE.
web_enrol_fields () {
	echo "-d site=$2 -d id_number=$1 -d gender=female -d birth_year=1980 -d education=primary -d norwegian_level=A2 -d years_in_norway=3 -d consent_date=2026-10-01"
}

# A valid fødselsnummer (mod-11 check digits) for person N (0 to 400):
# born 1 January 1980, individual number 100 + N onwards.
web_fnr () {
	awk -v n="$1" 'BEGIN {
		split("3 7 6 1 8 9 4 5 2", w1, " ")
		split("5 4 3 2 7 6 5 4 3 2", w2, " ")
		seen = 0
		for (ind = 100; ind < 1000; ind++) {
			s = sprintf("010180%03d", ind)
			t = 0
			for (i = 1; i <= 9; i++) t += substr(s, i, 1) * w1[i]
			k1 = 11 - t % 11; if (k1 == 11) k1 = 0; if (k1 == 10) continue
			s = s k1
			t = 0
			for (i = 1; i <= 10; i++) t += substr(s, i, 1) * w2[i]
			k2 = 11 - t % 11; if (k2 == 11) k2 = 0; if (k2 == 10) continue
			if (seen++ == n) { print s k2; exit }
		}
	}'
}

# Person N (web_fnr) enrolled at SITE of se.db from the command line, not
# through the service.
web_enrol_cli () {
	trial enrol se.db --site "$1" --id "$(web_fnr "$2")" --set gender=male \
		--set birth_year=1980 --set education=none \
		--set norwegian_level=A1 --set years_in_norway=2 \
		--set consent_date=2026-10-01 >/dev/null
}

# se.db with P000001 to P000003 at site 0301 and P000004 at 4601 (the
# first and the last allocated), served, with staff users kari and bob at
# 0301 logged in.
web_two_sites () {
	make_se_store &&
	web_enrol_cli 0301 0 && web_enrol_cli 0301 1 && web_enrol_cli 0301 2 &&
	web_enrol_cli 4601 3 &&
	randomizer assign se.db P000001 P000004 >/dev/null &&
	web_start se.db &&
	web_user kari staff --site 0301 &&
	web_user bob staff --site 0301
}
