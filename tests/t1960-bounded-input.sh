#!/bin/sh
# Every file the programs read is read within a bounded memory, whatever it
# holds: the field limit is applied while a field is read, records and
# protocols have a size limit, and a NUL byte is refused where it stands
# (FILE:LINE:COLUMN, exit 2, the store unchanged).  Each command runs with
# its memory bounded to 100 MB (test_bounded): far above what a normal run
# takes (about 20 MB), far below what reading /dev/zero whole would.
. "$(dirname "$0")/lib.sh"

HEADER=id_number,site,gender,birth_year,education,norwegian_level,years_in_norway,consent_date
MB=100

# CMD must exit 2 and leave FILE byte for byte as it was.
unchanged_2 () {
	file=$1
	shift
	cp "$file" .before && test_exit 2 "$@" && cmp .before "$file"
}

test_expect_success 'setup: a normal import fits in the bound' '
	make_se_store &&
	gen_register --rows 40 --seed 11 >reg.csv &&
	test_bounded $MB trial import se.db reg.csv >/dev/null
'

test_expect_success 'trial import /dev/zero: a NUL byte, at once' '
	unchanged_2 se.db test_bounded $MB trial import se.db /dev/zero 2>err &&
	echo "trial: /dev/zero:1:1: field holds a NUL byte, expected text (is this a CSV file?)" >expect &&
	test_cmp expect err
'

test_expect_success 'a NUL byte inside a register is named by line and column' '
	{ head -3 reg.csv; printf "05126307952,0301,male,19\00080,primary,A1,3,2026-01-01\n"; } >nul.csv &&
	unchanged_2 se.db trial import se.db nul.csv 2>err &&
	grep -x "trial: nul.csv:4:4: field holds a NUL byte, expected text (is this a CSV file?)" err
'

test_expect_success 'an endless line from a pipe stops at the field limit' '
	{ echo $HEADER; printf "05126307952,0301,"; cat /dev/zero | tr "\0" a; } |
		unchanged_2 se.db test_bounded $MB trial import se.db - 2>err &&
	grep -x "trial: -:2:3: field is longer than 4096 bytes, expected at most 4096" err
'

test_expect_success 'a quote never closed (300 MB) stops at the field limit' '
	{ echo $HEADER; printf "05126307952,0301,\""; head -c 300000000 /dev/zero | tr "\0" a; } |
		unchanged_2 se.db test_bounded $MB trial import se.db - 2>err &&
	grep -x "trial: -:2:3: field is longer than 4096 bytes, expected at most 4096 (is a quote not closed?)" err
'

test_expect_success 'a quoted field of many short lines is one field, and limited' '
	{ echo $HEADER; printf "05126307952,0301,\""; yes abc | head -2000; echo "\",1980,primary,A1,3,2026-01-01"; } >lines.csv &&
	unchanged_2 se.db trial import se.db lines.csv 2>err &&
	grep -x "trial: lines.csv:2:3: field is longer than 4096 bytes, expected at most 4096 (is a quote not closed?)" err
'

test_expect_success 'records have at most 4096 fields and 1 MiB' '
	yes a, | tr -d "\n" |
		unchanged_2 se.db test_bounded $MB trial import se.db - 2>err &&
	grep -x "trial: -:1:4097: record has more than 4096 fields, expected at most 4096" err &&
	awk "BEGIN { f = sprintf(\"%4000s\", \"\"); gsub(/ /, \"b\", f);
		for (i = 0; i < 300; i++) printf \"%s%s\", i ? \",\" : \"\", f; print \"\" }" >wide.csv &&
	unchanged_2 se.db trial import se.db wide.csv 2>err &&
	grep -x "trial: wide.csv:1: record is longer than 1048576 bytes, expected at most 1048576" err
'

test_expect_success 'trial outcome import /dev/zero' '
	unchanged_2 se.db test_bounded $MB trial outcome import se.db /dev/zero 2>err &&
	grep -x "trial: /dev/zero:1:1: field holds a NUL byte, expected text (is this a CSV file?)" err
'

test_expect_success 'trial init --protocol /dev/zero: no store, no keys' '
	test_exit 2 test_bounded $MB trial init z.db --protocol /dev/zero 2>err &&
	echo "trial: /dev/zero:1:1: NUL byte, expected UTF-8 text" >expect &&
	test_cmp expect err &&
	! test -e z.db && ! test -e z.keys
'

test_expect_success 'a NUL byte in a protocol is named by line and column' '
	sed "/^name = /s/= Supported/= Sup\x00ported/" "$PROTOCOLS/supported-employment.ini" >nul.ini &&
	test_exit 2 trial init z.db --protocol nul.ini 2>err &&
	grep -x "trial: nul.ini:22:11: NUL byte, expected UTF-8 text" err
'

test_expect_success 'a protocol longer than 1 MiB is refused, also from a pipe' '
	{ cat "$PROTOCOLS/supported-employment.ini"; yes "; a comment" | head -c 2000000; } >long.ini &&
	test_exit 2 test_bounded $MB trial init z.db --protocol long.ini 2>err &&
	grep -x "trial: long.ini: the protocol is longer than 1048576 bytes, expected at most 1048576" err &&
	yes "; a comment" | test_exit 2 test_bounded $MB trial init z.db --protocol /dev/stdin 2>err &&
	grep -x "trial: /dev/stdin: the protocol is longer than 1048576 bytes, expected at most 1048576" err &&
	! test -e z.db
'

test_expect_success 'trial amend --protocol /dev/zero' '
	unchanged_2 se.db test_bounded $MB trial amend se.db --protocol /dev/zero --reason x 2>err &&
	grep -x "trial: /dev/zero:1:1: NUL byte, expected UTF-8 text" err
'

test_done
