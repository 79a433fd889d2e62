#!/bin/sh
# make tsan-web: the web service built with ThreadSanitizer (SANITIZE=thread)
# under CLIENTS sessions (default 30) enrolling and allocating TOTAL
# participants (default 1,500) through HTTP, then stopped with SIGTERM:
# no data race, lock-order inversion or other report from the sanitizer,
# no error page, every participant enrolled shown its arm, the store
# verifying whole.  The group commit, the deferred flush and their futex
# waits (trial/wake.c) are lock-free in part: this is where a race among
# the request threads would show.
. "$(dirname "$0")/../lib.sh"
. "$TEST_ROOT/tests/web-lib.sh"
trap web_stop EXIT

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

test_expect_success "ThreadSanitizer reported nothing" '
	if ls tsan/report.* >/dev/null 2>&1; then
		head -60 tsan/report.*
		false
	fi
'

test_done
