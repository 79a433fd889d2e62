#!/bin/sh
# The witness over HTTP on loopback (C2SP tlog-witness add-checkpoint,
# libmicrohttpd): a cosignature for a proven extension, 409 with the size
# cosigned before as text/x.tlog.size, and refusals of the wrong method,
# path and an oversized body; it listens on loopback only and stops on
# SIGTERM.  Every wait is bounded.
. "$(dirname "$0")/lib.sh"

start_witness () {
	randomizer witness serve dmc --listen "127.0.0.1:${1:-0}" >port.txt 2>>serve.log &
	echo $! >pid
	i=0
	while [ $i -lt 100 ] && ! grep -q "^listening on port" port.txt 2>/dev/null; do
		sleep 0.1; i=$((i + 1))
	done
	sed -n "s/^listening on port //p" port.txt
}

post () {
	curl -s --max-time 10 -o "$2" -w "%{http_code} %{content_type}" \
		--data-binary @"$1" "http://127.0.0.1:$(cat port)/add-checkpoint"
}

test_expect_success 'setup: a witness serving on loopback, a trial it follows' '
	randomizer witness init dmc --name dmc.example.no/w1 >dmc.vkey &&
	start_witness >port && test -s port &&
	cp "$PROTOCOLS/supported-employment.ini" p.ini &&
	printf "\n[witness dmc]\nkey = %s\nurl = http://127.0.0.1:%s/\n" "$(cat dmc.vkey)" "$(cat port)" >>p.ini &&
	trial init se.db --protocol p.ini >/dev/null &&
	trial site add se.db 0301 --name Oslo >/dev/null &&
	gen_register --rows 8 --seed 2 --sites 0301 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer witness trust dmc "$(randomizer log se.db --verifier-key)"
'

test_expect_success 'assign shows the arm once the witness has cosigned over HTTP' '
	randomizer assign se.db P000001 >shown &&
	stored=$(sqlite3 se.db "SELECT arm FROM allocation WHERE participant = 1") &&
	grep -E "^P000001 +$stored " shown &&
	randomizer log se.db --checkpoint | grep -E "^— dmc.example.no/w1 " &&
	grep -x "POST /add-checkpoint 200" serve.log
'

test_expect_success 'witness down: stored, not shown; back up: the same arm is shown' '
	kill -TERM "$(cat pid)" && i=0 &&
	while [ $i -lt 50 ] && kill -0 "$(cat pid)" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done &&
	test_exit 1 randomizer assign se.db P000002 >out 2>err &&
	test ! -s out &&
	grep -F "allocated and stored, but not shown: 0 of the quorum of 1 witnesses cosigned (witness '"'"'dmc'"'"' was not reached" err &&
	stored=$(sqlite3 se.db "SELECT arm FROM allocation WHERE participant = 2") && test -n "$stored" &&
	: >port.txt && start_witness "$(cat port)" >/dev/null &&
	randomizer assign se.db P000002 >shown &&
	grep -E "^P000002 +$stored " shown &&
	test "$(sqlite3 se.db "SELECT count(*) FROM allocation WHERE participant = 2")" = 1
'

test_expect_success 'add-checkpoint cosigns over HTTP, and the store keeps it' '
	randomizer cosign request se.db --witness dmc >req &&
	test "$(post req resp)" = "200 text/plain; charset=utf-8" &&
	grep -E "^— dmc.example.no/w1 " resp &&
	randomizer cosign add se.db resp | grep -x "cosigned by 1 of 1 witnesses (quorum 1)" &&
	sqlite3 se.db "SELECT max(size) FROM checkpoint" >witnessed
'

test_expect_success 'a stale old size gets 409 and the size cosigned before' '
	randomizer assign se.db P000003 >/dev/null &&
	sqlite3 se.db "SELECT max(size) FROM checkpoint" >witnessed &&
	randomizer cosign request se.db --old 1 >req &&
	test "$(post req resp)" = "409 text/x.tlog.size" &&
	test "$(cat resp)" = "$(cat witnessed)" && test "$(cat witnessed)" -gt 1
'

test_expect_success 'the wrong method, path or an oversized body is refused' '
	test "$(curl -s --max-time 10 -o /dev/null -w "%{http_code}" "http://127.0.0.1:$(cat port)/add-checkpoint")" = 405 &&
	test "$(curl -s --max-time 10 -o /dev/null -w "%{http_code}" --data x "http://127.0.0.1:$(cat port)/other")" = 404 &&
	head -c 2000000 /dev/zero | tr "\0" x >big &&
	test "$(post big /dev/null | cut -d" " -f1)" = 413
'

test_expect_success 'it stops cleanly on SIGTERM' '
	kill -TERM "$(cat pid)" &&
	i=0 && while [ $i -lt 50 ] && kill -0 "$(cat pid)" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done &&
	! kill -0 "$(cat pid)" 2>/dev/null
'

test_expect_success 'it will not listen beyond loopback without TLS' '
	test_exit 2 randomizer witness serve dmc --listen 0.0.0.0:0 2>err &&
	grep -F "listens on loopback only" err
'

test_done
