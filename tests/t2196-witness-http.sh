#!/bin/sh
# The witness over HTTP on loopback (C2SP tlog-witness add-checkpoint,
# libmicrohttpd): a cosignature for a proven extension, 409 with the size
# cosigned before as text/x.tlog.size, and refusals of the wrong method,
# path and an oversized body; it listens on loopback only and stops on
# SIGTERM.  Every wait is bounded.
. "$(dirname "$0")/lib.sh"

start_witness () {
	randomizer witness serve dmc --listen 127.0.0.1:0 >port.txt 2>serve.log &
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
	cp "$PROTOCOLS/supported-employment.ini" p.ini &&
	printf "\n[witness dmc]\nkey = %s\nurl = http://127.0.0.1/\n" "$(cat dmc.vkey)" >>p.ini &&
	trial init se.db --protocol p.ini >/dev/null &&
	trial site add se.db 0301 --name Oslo >/dev/null &&
	gen_register --rows 5 --seed 2 --sites 0301 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer witness trust dmc "$(randomizer log se.db --verifier-key)" &&
	start_witness >port && test -s port
'

test_expect_success 'add-checkpoint cosigns over HTTP, and the store keeps it' '
	randomizer assign se.db P000001 >/dev/null &&
	randomizer cosign request se.db --witness dmc >req &&
	test "$(post req resp)" = "200 text/plain; charset=utf-8" &&
	grep -E "^— dmc.example.no/w1 " resp &&
	randomizer cosign add se.db resp | grep -x "cosigned by 1 of 1 witnesses (quorum 1)" &&
	sqlite3 se.db "SELECT max(size) FROM checkpoint" >witnessed &&
	grep -x "POST /add-checkpoint 200" serve.log
'

test_expect_success 'a stale old size gets 409 and the size cosigned before' '
	randomizer assign se.db P000002 >/dev/null &&
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
