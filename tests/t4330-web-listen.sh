#!/bin/sh
# Where the web service listens and how: loopback only without TLS
# (unless --behind-proxy says a TLS proxy is in front); TLS from a
# certificate and key file (a self-signed pair made here with openssl),
# with the session cookie Secure; wrong or missing files, bad options and
# a store that is not one refused before it listens; kill -9 in the
# middle of use leaves a store that verifies.
. "$(dirname "$0")/lib.sh"
. "$TEST_ROOT/tests/web-lib.sh"
trap web_stop EXIT

test_expect_success 'setup: a trial and a self-signed certificate' '
	make_se_store &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		-nodes -keyout key.pem -out cert.pem -days 2 -subj /CN=127.0.0.1 \
		2>/dev/null &&
	grep -q "BEGIN CERTIFICATE" cert.pem
'

test_expect_success 'no TLS on a non-loopback address, unless behind a proxy' '
	test_exit 2 trial-web se.db --listen 0.0.0.0:0 2>err &&
	grep "without TLS the service listens on loopback only (127.x.x.x or ::1), not '"'"'0.0.0.0'"'"'" err &&
	test_exit 2 trial-web se.db --listen 192.0.2.1:8080 2>err &&
	grep "loopback only" err &&
	{ trial-web se.db --listen 0.0.0.0:0 --behind-proxy 2>proxy.log & } &&
	pid=$! &&
	i=0 && while ! grep -q "listening on http://0.0.0.0:" proxy.log && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done &&
	grep "listening on http://0.0.0.0:" proxy.log &&
	kill -TERM $pid && wait $pid
'

# Wait (bounded) for the server of pid $1 logging to $2 to listen; print
# its port.
listening_port () {
	_i=0
	while ! grep -q "listening on" "$2" && [ $_i -lt 100 ]; do
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.1
		_i=$((_i + 1))
	done
	sed -n "s/^trial-web: listening on https*:\/\/.*:\([0-9]*\)$/\1/p" "$2"
}

test_expect_success 'IPv6: loopback [::1] without TLS, any other address refused' '
	test_exit 2 trial-web se.db --listen "[::]:0" 2>err &&
	grep "loopback only (127.x.x.x or ::1), not '"'"'\[::\]'"'"'" err &&
	test_exit 2 trial-web se.db --listen "[2001:db8::1]:8080" 2>err &&
	grep "loopback only (127.x.x.x or ::1), not '"'"'\[2001:db8::1\]'"'"'" err &&
	test_exit 2 trial-web se.db --listen "[::ffff:127.0.0.1]:8080" 2>err &&
	grep "loopback only" err &&
	test_exit 2 trial-web se.db --listen ::1:8080 2>err &&
	grep "is not HOST:PORT with an IPv4 address or an IPv6 address in brackets" err &&
	test_exit 2 trial-web se.db --listen "[::1]8080" 2>err &&
	grep "is not HOST:PORT" err &&
	test_exit 2 trial-web se.db --listen "[::1:8080" 2>err &&
	grep "is not HOST:PORT" err &&
	if grep -q "^00000000000000000000000000000001 " /proc/net/if_inet6 2>/dev/null; then
		{ trial-web se.db --listen "[::1]:0" 2>v6.log & } &&
		pid=$! &&
		port=$(listening_port $pid v6.log) &&
		grep -x "trial-web: listening on http://\[::1\]:$port" v6.log &&
		curl -s --max-time 10 -c v6.jar -o page -w "%{http_code}" "http://[::1]:$port/login" >status &&
		test "$(cat status)" = 200 &&
		grep "<label for=\"f-login-user\">" page &&
		kill -TERM $pid && wait $pid &&
		{ trial-web se.db --listen "[::]:0" --behind-proxy 2>v6p.log & } &&
		pid=$! &&
		port=$(listening_port $pid v6p.log) &&
		grep -x "trial-web: listening on http://\[::\]:$port" v6p.log &&
		test "$(curl -s --max-time 10 -o /dev/null -w "%{http_code}" "http://[::1]:$port/login")" = 200 &&
		kill -TERM $pid && wait $pid
	else
		echo "no IPv6 loopback here: listening on [::1] not tried"
	fi
'

test_expect_success 'bad options and files are refused before listening' '
	test_exit 2 trial-web se.db --listen 127.0.0.1 2>err &&
	grep "is not HOST:PORT" err &&
	test_exit 2 trial-web se.db --listen 127.0.0.1:99999 2>err &&
	test_exit 2 trial-web se.db --listen 127.0.0.1:0 --tls-cert cert.pem 2>err &&
	grep -- "--tls-cert and --tls-key go together" err &&
	test_exit 2 trial-web se.db --listen 127.0.0.1:0 --tls-cert nosuch.pem --tls-key key.pem 2>err &&
	grep -- "--tls-cert '"'"'nosuch.pem'"'"' is missing, expected a PEM file" err &&
	echo "not a key" >bad.pem &&
	test_exit 2 trial-web se.db --listen 127.0.0.1:0 --tls-cert cert.pem --tls-key bad.pem 2>err &&
	grep -- "--tls-key '"'"'bad.pem'"'"' is not readable as PEM" err &&
	test_exit 2 trial-web se.db --listen 127.0.0.1:0 --tls-cert key.pem --tls-key cert.pem 2>err &&
	grep "cannot listen" err &&
	test_exit 2 trial-web nosuch.db --listen 127.0.0.1:0 2>err &&
	test -s err &&
	chmod 644 se.keys/signing.key &&
	test_exit 2 trial-web se.db --listen 127.0.0.1:0 2>err &&
	grep "has mode 644, which others can read" err &&
	chmod 600 se.keys/signing.key
'

test_expect_success 'TLS: the pages over https, the cookie Secure' '
	web_start se.db --tls-cert cert.pem --tls-key key.pem &&
	grep -Ex "https://127.0.0.1:[0-9]+" web.url &&
	test "$(web_curl a.jar /login)" = 200 &&
	grep -i "^Set-Cookie: rct_csrf=[0-9a-f]*; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600; Secure" headers &&
	web_user kari staff --site 0301 &&
	grep -i "^Set-Cookie: rct_session=[0-9a-f]*; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200; Secure" headers &&
	test "$(curl -s -o /dev/null -w "%{http_code}" --max-time 5 "$(web_url | sed s/https/http/)/login")" != 200
'

test_expect_success 'kill -9 while in use: the store verifies, the work kept' '
	test "$(web_form kari.jar "/enrol?site=0301" /enrol $(web_enrol_fields $(web_fnr 0) 0301))" = 303 &&
	kill -KILL "$(cat web.pid)" && rm -f web.pid &&
	randomizer verify se.db &&
	trial list se.db | grep -c P000001 >n && test "$(cat n)" = 1 &&
	web_start se.db &&
	test "$(web_curl kari.jar /participant/P000001)" = 200
'

test_done
