#!/bin/sh
# Allocation through the web service when the protocol names a witness:
# the arm is shown, with its receipt, only once the witness has cosigned
# the checkpoint that holds it (TRUST.md, rule 2), as by randomizer
# assign; with the witness down the allocation is stored and nothing of
# the arm is shown, in the page or the list; once it is back, allocating
# again shows the same arm.
. "$(dirname "$0")/lib.sh"
. "$TEST_ROOT/tests/web-lib.sh"
trap 'web_stop; [ -f wpid ] && kill -TERM "$(cat wpid)" 2>/dev/null' EXIT

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
	! grep -e ">control<" -e ">treatment<" page
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

test_done
