#!/bin/sh
# make tsan-web: the web service built with ThreadSanitizer (SANITIZE=thread)
# under CLIENTS sessions (default 30) enrolling and allocating TOTAL
# participants (default 1,500) through HTTP, then stopped with SIGTERM:
# no data race, lock-order inversion or other report from the sanitizer,
# no error page, every participant enrolled shown its arm, the store
# verifying whole.  The group commit, the deferred flush and their futex
# waits (trial/wake.c) are lock-free in part: this is where a race among
# the request threads would show.  Then WTOTAL (default 300) allocations
# that ask a witness, which are asked away from the writers' lock.
. "$(dirname "$0")/../lib.sh"
. "$TEST_ROOT/tests/web-lib.sh"
trap 'web_stop; [ -f wpid ] && kill -TERM "$(cat wpid)" 2>/dev/null' EXIT

CLIENTS=${CLIENTS:-30}
TOTAL=${TOTAL:-1500}

command -v trial-web >/dev/null || test_skip_all "no trial-web program (web/ not built)"
command -v web_load >/dev/null || test_skip_all "no tests/bin/web_load (make it)"

# Not so built (sh tests/stress/web-tsan.sh after a plain make): the
# first test fails, and make tsan-web is the way to run it.
test_expect_success "trial-web is built with ThreadSanitizer" '
	ldd "$(command -v trial-web)" >ldd.out &&
	grep -q libtsan ldd.out
'

test_expect_success "setup: five staff users, $CLIENTS sessions" '
	make_se_store &&
	gen_register --rows "$TOTAL" --seed 67 >register.csv &&
	web_load_users tsan-test-password 0301 4601 5001 1103 3005 &&
	mkdir tsan &&
	TSAN_OPTIONS="halt_on_error=0 log_path=$PWD/tsan/report" web_start se.db
'

test_expect_success "$CLIENTS sessions enrol and allocate $TOTAL participants" '
	web_load --url "$(cat web.url)" --users users.txt --register register.csv \
		--clients $CLIENTS --total $TOTAL --seconds 600 >summary 2>load.err &&
	cat summary &&
	grep -q " enrolled $TOTAL shown $TOTAL retried 0 errors 0 status5xx 0 transport 0 " summary
'

test_expect_success "stopped with SIGTERM, the store verifies whole" '
	web_stop &&
	grep -q "stopping (SIGTERM)" web.log &&
	randomizer verify se.db >verify.out
'

# Then allocations that ask a witness (randomizer witness serve, built so
# too): committed, asked away from the writers' lock one at a time, their
# cosignatures kept after.
WTOTAL=${WTOTAL:-300}
test_expect_success "with a witness: $CLIENTS sessions allocate $WTOTAL participants" '
	randomizer witness init dmc --name dmc.example.no/w1 >dmc.vkey &&
	{ TSAN_OPTIONS="halt_on_error=0 log_path=$PWD/tsan/report" \
		randomizer witness serve dmc --listen 127.0.0.1:0 >wport.txt 2>wserve.log &
		echo $! >wpid; } &&
	i=0 &&
	while [ $i -lt 100 ] && ! grep -q "^listening on port" wport.txt; do
		sleep 0.1; i=$((i + 1))
	done &&
	cp "$PROTOCOLS/supported-employment.ini" w.ini &&
	printf "\n[witness dmc]\nkey = %s\nurl = http://127.0.0.1:%s/\n" \
		"$(cat dmc.vkey)" "$(sed -n "s/^listening on port //p" wport.txt)" >>w.ini &&
	trial init w.db --protocol w.ini >/dev/null &&
	trial site add w.db 0301 --name Oslo >/dev/null &&
	randomizer witness trust dmc "$(randomizer log w.db --verifier-key)" &&
	WEB_STORE=w.db web_load_users tsan-witness-password 0301 0301 0301 &&
	gen_register --rows "$WTOTAL" --seed 71 --sites 0301 >wregister.csv &&
	TSAN_OPTIONS="halt_on_error=0 log_path=$PWD/tsan/report" web_start w.db &&
	web_load --url "$(cat web.url)" --users users.txt --register wregister.csv \
		--clients $CLIENTS --total $WTOTAL --seconds 600 >wsummary 2>wload.err &&
	cat wsummary &&
	grep -q " enrolled $WTOTAL shown $WTOTAL retried 0 errors 0 status5xx 0 transport 0 " wsummary &&
	web_stop &&
	kill -TERM "$(cat wpid)" &&
	! ls -d dmc/logs/*.evidence 2>/dev/null &&
	randomizer verify w.db >wverify.out
'

test_expect_success "ThreadSanitizer reported nothing" '
	if ls tsan/report.* >/dev/null 2>&1; then
		head -60 tsan/report.*
		false
	fi
'

test_done
