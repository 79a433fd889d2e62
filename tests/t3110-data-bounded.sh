#!/bin/sh
# The --data reader of analysis within a bounded memory, whatever the file:
# a NUL byte is refused where it stands, a field over 4096 bytes and a
# record over 4096 fields or 1 MiB while it is read, and a pipe that never
# ends is read no further than that (the memory bound: test_bounded).
. "$(dirname "$0")/lib.sh"

DATA="$TEST_DATA/analysis"
MB=100

effects () {
	test_exit 2 test_bounded $MB analysis effects --data "$1" --arm arm \
		--treat treatment --outcome y
}

test_expect_success 'a normal dataset fits in the bound' '
	test_bounded $MB analysis effects --data "$DATA/basic.csv" --arm arm \
		--treat treatment --outcome y --format csv >out &&
	test "$(wc -l <out)" = 2
'

test_expect_success '--data /dev/zero: a NUL byte, at once' '
	effects /dev/zero 2>err &&
	echo "analysis: /dev/zero:1:1: field holds a NUL byte, expected text (is this a CSV file?)" >expect &&
	test_cmp expect err &&
	effects - </dev/zero 2>err &&
	grep -x "analysis: -:1:1: field holds a NUL byte, expected text (is this a CSV file?)" err
'

test_expect_success 'a NUL byte inside a dataset is named by line and column' '
	printf "arm,id,y\ntreatment,1,1\ncontrol,2,2\00012\n" >nul.csv &&
	effects nul.csv 2>err &&
	grep -x "analysis: nul.csv:3:3: field holds a NUL byte, expected text (is this a CSV file?)" err
'

test_expect_success 'endless input from a pipe stops at the limits' '
	cat /dev/zero | tr "\0" a | effects - 2>err &&
	grep -x "analysis: -:1:1: field is longer than 4096 bytes, expected at most 4096" err &&
	{ printf "arm,y\ntreatment,\""; cat /dev/zero | tr "\0" a; } | effects - 2>err &&
	grep -x "analysis: -:2:2: field is longer than 4096 bytes, expected at most 4096 (is a quote not closed?)" err &&
	yes a, | tr -d "\n" | effects - 2>err &&
	grep -x "analysis: -:1:4097: record has more than 4096 fields, expected at most 4096" err
'

test_expect_success 'a file of one 50 MB field' '
	{ printf "arm,y\ntreatment,"; head -c 50000000 /dev/zero | tr "\0" 7; echo; } >long.csv &&
	effects long.csv 2>err &&
	grep -x "analysis: long.csv:2:2: field is longer than 4096 bytes, expected at most 4096" err
'

test_done
