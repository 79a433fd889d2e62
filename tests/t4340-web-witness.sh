#!/bin/sh
# Allocation through the web service when the protocol names a witness:
# the arm is shown, with its receipt, only once the witness has cosigned
# the checkpoint that holds it (TRUST.md, rule 2), as by randomizer
# assign; with the witness down the allocation is stored and nothing of
# the arm is shown, in the page or the list (where the arms the witness
# cosigned before still are); once it is back, allocating
# again shows the same arm.  A witness that never answers delays only the
# allocation that asks it, not another enrolment meanwhile; twenty
# sessions allocating at once are all shown their arms; allocations queued
# behind a silent witness share the answer of an asking that held them;
# enrolling and allocating in one step is held to the same.
. "$(dirname "$0")/lib.sh"
. "$TEST_ROOT/tests/web-lib.sh"
trap 'web_stop; [ -f wpid ] && kill -TERM "$(cat wpid)" 2>/dev/null; [ -f silentpid ] && kill "$(cat silentpid)" 2>/dev/null' EXIT

start_witness () {
	randomizer witness serve dmc --listen "127.0.0.1:${1:-0}" >port.txt 2>>serve.log &
	echo $! >wpid
	i=0
	while [ $i -lt 100 ] && ! grep -q "^listening on port" port.txt 2>/dev/null; do
		sleep 0.1; i=$((i + 1))
	done
	sed -n "s/^listening on port //p" port.txt
}

stop_witness () {
	kill -TERM "$(cat wpid)" && i=0 &&
	while [ $i -lt 50 ] && kill -0 "$(cat wpid)" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
}

# Allocate PID through the participant page's form; prints the status.
allocate () {
	web_curl kari.jar "/participant/$1" >/dev/null &&
	web_curl kari.jar /allocate -d "csrf=$(web_csrf_of)" -d "participant=$1"
}

test_expect_success 'setup: a witness on loopback, a trial it follows, the server' '
	randomizer witness init dmc --name dmc.example.no/w1 >dmc.vkey &&
	start_witness >wport && test -s wport &&
	cp "$PROTOCOLS/supported-employment.ini" p.ini &&
	printf "\n[witness dmc]\nkey = %s\nurl = http://127.0.0.1:%s/\n" "$(cat dmc.vkey)" "$(cat wport)" >>p.ini &&
	trial init se.db --protocol p.ini >/dev/null &&
	trial info se.db --format csv | sed -n 2p | cut -d, -f6 >fp &&
	trial site add se.db 0301 --name Oslo >/dev/null &&
	randomizer witness trust dmc "$(randomizer log se.db --verifier-key)" &&
	web_start se.db &&
	web_user kari staff --site 0301 &&
	test "$(web_form kari.jar "/enrol?site=0301" /enrol $(web_enrol_fields $(web_fnr 0) 0301))" = 303 &&
	test "$(web_form kari.jar "/enrol?site=0301" /enrol $(web_enrol_fields $(web_fnr 1) 0301))" = 303
'

test_expect_success 'the witness cosigns: the arm and a receipt that counts it' '
	test "$(allocate P000001)" = 303 &&
	test "$(web_curl kari.jar /participant/P000001)" = 200 &&
	stored=$(sqlite3 se.db "SELECT arm FROM allocation WHERE participant = 1") &&
	grep "<dd id=\"arm\">$stored</dd>" page &&
	test "$(web_curl kari.jar /participant/P000001/receipt)" = 200 &&
	mv page receipt.txt &&
	randomizer verify-receipt receipt.txt --fingerprint "$(cat fp)" >valid &&
	grep "allocated to .$stored. at .*, cosigned by 1 witness(es), quorum 1$" valid
'

test_expect_success 'the witness down: stored, nothing of the arm shown' '
	stop_witness &&
	test "$(allocate P000002)" = 503 &&
	grep "not shown until the witnesses" page &&
	grep "0 of the quorum of 1 witnesses cosigned" page &&
	! grep "id=\"arm\"" page &&
	test "$(sqlite3 se.db "SELECT count(*) FROM allocation WHERE participant = 2")" = 1 &&
	stored=$(sqlite3 se.db "SELECT arm FROM allocation WHERE participant = 2") &&
	test "$(web_curl kari.jar /participant/P000002)" = 200 &&
	! grep "id=\"arm\"" page && ! grep -F ">$stored<" page &&
	test "$(web_curl kari.jar /participant/P000002/receipt)" = 409 &&
	test "$(web_curl kari.jar /participants)" = 200 &&
	grep "P000002</a></td><td>0301</td><td>[^<]*</td><td>?</td></tr>" page &&
	! grep "P000002</a>.*<td>$stored</td></tr>" page &&
	first=$(sqlite3 se.db "SELECT arm FROM allocation WHERE participant = 1") &&
	grep "P000001</a></td><td>0301</td><td>[^<]*</td><td>$first</td></tr>" page
'

# A witness that takes connections and never answers (as one behind a
# dead proxy): its port held by a listener that accepts nothing.
start_silent () {
	python3 -c 'import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(16)
print("silent", flush=True)
time.sleep(60)' "$1" >silent.txt &
	echo $! >silentpid
	i=0
	while [ $i -lt 100 ] && ! grep -q silent silent.txt 2>/dev/null; do
		sleep 0.1; i=$((i + 1))
	done
	grep -q silent silent.txt
}

ms_now () { echo $(($(date +%s%N) / 1000000)); }

# POST /allocate of PID with CSRF as curl alone (web_curl's files are the
# foreground's): its status to slow.status, the time it ended to slow.end.
slow_allocate () {
	curl -s --max-time 30 -b kari.jar -o slow.page -w "%{http_code}" \
		-d "csrf=$2" -d "participant=$1" "$(web_url)/allocate" >slow.status
	ms_now >slow.end
}

test_expect_success 'a witness that never answers holds up no other request' '
	test "$(web_form kari.jar "/enrol?site=0301" /enrol $(web_enrol_fields $(web_fnr 2) 0301))" = 303 &&
	start_silent "$(cat wport)" &&
	web_curl kari.jar /participant/P000003 >/dev/null &&
	csrf=$(web_csrf_of) &&
	t0=$(ms_now) &&
	{ slow_allocate P000003 "$csrf" & echo $! >slowpid; } &&
	sleep 0.5 &&
	t1=$(ms_now) &&
	test "$(web_form kari.jar "/enrol?site=0301" /enrol $(web_enrol_fields $(web_fnr 3) 0301))" = 303 &&
	t2=$(ms_now) &&
	wait "$(cat slowpid)" &&
	echo "enrolment $((t2 - t1)) ms while the allocation waited $(($(cat slow.end) - t0)) ms" &&
	test $((t2 - t1)) -lt 2500 &&
	test $(($(cat slow.end) - t0)) -ge 4000 &&
	echo $(($(cat slow.end) - t0)) >one.ms &&
	test "$(cat slow.status)" = 503 &&
	grep "0 of the quorum of 1 witnesses cosigned" slow.page &&
	grep "was not reached" slow.page &&
	test "$(sqlite3 se.db "SELECT count(*) FROM allocation WHERE participant = 3")" = 1 &&
	kill "$(cat silentpid)"
'

# Five allocations at once while the witness is silent: they queue for
# the witness one after the other, but those that an asking already held
# (committed before it began, after they did) take its answer instead of
# waiting out the timeout again: about two timeouts for all, not five.
test_expect_success 'five allocations behind a silent witness wait about two timeouts, not five' '
	for i in 4 5 6 7; do
		test "$(web_form kari.jar "/enrol?site=0301" /enrol $(web_enrol_fields $(web_fnr $i) 0301))" = 303 || return 1
	done &&
	start_silent "$(cat wport)" &&
	web_curl kari.jar /participant/P000004 >/dev/null &&
	csrf=$(web_csrf_of) &&
	t0=$(ms_now) && pids= &&
	for p in P000004 P000005 P000006 P000007 P000008; do
		{ curl -s --max-time 60 -b kari.jar -o "$p.page" -w "%{http_code}" \
			-d "csrf=$csrf" -d "participant=$p" "$(web_url)/allocate" >"$p.status"; ms_now >"$p.end"; } &
		pids="$pids $!"
	done &&
	wait $pids &&
	last=0 &&
	for p in P000004 P000005 P000006 P000007 P000008; do
		test "$(cat $p.status)" = 503 &&
		grep "0 of the quorum of 1 witnesses cosigned" $p.page &&
		grep "was not reached" $p.page &&
		! grep "id=\"arm\"" $p.page &&
		e=$(($(cat $p.end) - t0)) &&
		if [ $e -gt $last ]; then last=$e; fi || return 1
	done &&
	echo "five allocations answered within $last ms; one alone took $(cat one.ms) ms" &&
	test $last -lt $((3 * $(cat one.ms))) &&
	test "$(sqlite3 se.db "SELECT count(*) FROM allocation WHERE participant BETWEEN 4 AND 8")" = 5 &&
	kill "$(cat silentpid)"
'

test_expect_success 'the witness back: allocating again shows the same arm' '
	stored=$(sqlite3 se.db "SELECT arm FROM allocation WHERE participant = 2") &&
	: >port.txt && start_witness "$(cat wport)" >/dev/null &&
	test "$(allocate P000002)" = 303 &&
	test "$(web_curl kari.jar /participant/P000002)" = 200 &&
	grep "<dd id=\"arm\">$stored</dd>" page &&
	test "$(sqlite3 se.db "SELECT count(*) FROM allocation WHERE participant = 2")" = 1 &&
	randomizer verify se.db --fingerprint "$(cat fp)"
'

# The number of the participant whose page is in "page".
page_number () {
	sed -n "s/.*<dd id=\"participant\">P0*\([0-9]*\)<\/dd>.*/\1/p" page
}

test_expect_success 'enrol and allocate in one step: the arm once cosigned; the witness down, stored, not shown' '
	test "$(web_form kari.jar "/enrol?site=0301" /enrol \
		$(web_enrol_fields $(web_fnr 30) 0301) -d then=allocate)" = 303 &&
	pid=$(sed -n "s|^Location: /enrol?allocated=||Ip" headers) &&
	test -n "$pid" &&
	test "$(web_curl kari.jar "/enrol?allocated=$pid")" = 200 &&
	stored=$(sqlite3 se.db "SELECT arm FROM allocation WHERE participant = $(page_number)") &&
	test -n "$stored" &&
	grep "<dd id=\"arm\">$stored</dd>" page &&
	stop_witness &&
	test "$(web_form kari.jar "/enrol?site=0301" /enrol \
		$(web_enrol_fields $(web_fnr 31) 0301) -d then=allocate)" = 503 &&
	grep "0 of the quorum of 1 witnesses cosigned" page &&
	! grep "id=\"arm\"" page &&
	test "$(sqlite3 se.db "SELECT count(*) FROM allocation WHERE participant = $(page_number)")" = 1 &&
	: >port.txt && start_witness "$(cat wport)" >/dev/null
'

# Twenty sessions allocating at once, each asking the witness away from
# the writers' lock: every arm is shown (an allocation is witnessed by
# any cosigned checkpoint that holds it, not held up by the others' newer
# ones), and the witness is never asked for an older checkpoint after a
# newer one, which it would keep as evidence of a rollback.
test_expect_success 'twenty sessions allocate at once: every arm shown, no evidence kept' '
	web_load_users concurrent-test-password 0301 0301 0301 0301 &&
	gen_register --rows 200 --seed 9 --sites 0301 >load.csv &&
	web_load --url "$(web_url)" --users users.txt --register load.csv \
		--clients 20 --total 200 --seconds 120 >summary 2>load.err &&
	cat summary &&
	grep " enrolled 200 shown 200 retried 0 errors 0 status5xx 0 transport 0 " summary &&
	! ls -d dmc/logs/*.evidence 2>/dev/null &&
	randomizer verify se.db --fingerprint "$(cat fp)"
'

test_done
