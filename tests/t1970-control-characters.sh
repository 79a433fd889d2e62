#!/bin/sh
# Control characters (C0 but where a format needs tab or newline, DEL, C1)
# are refused wherever text comes in, with a message naming the field:
# an ANSI escape in a site name or a reason would otherwise reach every
# terminal that lists it.  A message that quotes input shows them as \x1b,
# never raw.
. "$(dirname "$0")/lib.sh"

ESC=$(printf "\033")
DEL=$(printf "\177")
CSI=$(printf "\302\233") # U+009B, the C1 control sequence introducer

# No raw control byte in a file (tab and newline aside).
no_control () {
	! LC_ALL=C grep -q "$(printf "[\001-\010\013-\037\177]")" "$1" &&
	! grep -q "$CSI" "$1"
}

test_expect_success 'setup' '
	make_se_store &&
	gen_register --rows 20 --seed 11 >reg.csv &&
	trial import se.db reg.csv >/dev/null
'

test_expect_success 'a site name with an ANSI escape' '
	test_unchanged se.db trial site add se.db 0999 --name "Oslo${ESC}[2J" 2>err &&
	grep -x "trial: site name holds the control character U+001B at character 5, expected printable text" err &&
	test_unchanged se.db trial site add se.db 0999 --name "Oslo${CSI}31m" 2>err &&
	grep -x "trial: site name holds the control character U+009B at character 5, expected printable text" err
'

test_expect_success 'the reasons of withdraw, exit, correct, amend and screen' '
	test_unchanged se.db trial withdraw se.db P000001 --reason "moved${ESC}]0;owned${DEL}" 2>err &&
	grep -x "trial: the reason holds the control character U+001B at character 6, expected printable text" err &&
	test_unchanged se.db trial exit se.db P000001 --reason "paid_work${ESC}[1A" 2>err &&
	grep -x "trial: the exit reason holds the control character U+001B at character 10, expected printable text" err &&
	test_unchanged se.db trial correct se.db P000001 --set education=higher --reason "found${CSI}" 2>err &&
	grep -x "trial: the reason holds the control character U+009B at character 6, expected printable text" err &&
	sed "s/^name = Supported employment/name = Supported employment v2/" \
		"$PROTOCOLS/supported-employment.ini" >v2.ini &&
	test_unchanged se.db trial amend se.db --protocol v2.ini --reason "typo${DEL}" 2>err &&
	grep -x "trial: the reason holds the control character U+007F at character 5, expected printable text" err &&
	test_unchanged se.db trial screen se.db --site 0301 --month 2026-09 --screened 30 \
		--excluded "not${ESC}[8m eligible=8" 2>err &&
	grep -x "trial: an exclusion reason holds the control character U+001B at character 4, expected printable text" err
'

test_expect_success 'a register value with an escape, named by line and column' '
	{ head -3 reg.csv; tail -1 reg.csv | sed "s/,\(female\|male\),/,\1${ESC}[31m,/"; } >esc.csv &&
	test_unchanged se.db trial import se.db esc.csv 2>err &&
	grep -x "trial: esc.csv:4:3: field holds the control character U+001B, expected printable text" err &&
	{ head -3 reg.csv; tail -1 reg.csv | sed "s/,\(female\|male\),/,\"\1${CSI}\",/"; } >c1.csv &&
	test_unchanged se.db trial import se.db c1.csv 2>err &&
	grep -x "trial: c1.csv:4:3: field holds the control character U+009B, expected printable text" err &&
	{ head -3 reg.csv; tail -1 reg.csv | sed "s/,\(female\|male\),/,\"\1	x\",/"; } >tab.csv &&
	test_unchanged se.db trial import se.db tab.csv 2>err &&
	grep -x "trial: tab.csv:4:3: gender holds the control character U+0009, expected printable text" err
'

test_expect_success 'every record is checked, also with CR line ends' '
	printf "arm,y\rtreatment,1\rcontrol,2${ESC}\rtreatment,3\r" >cr.csv &&
	test_exit 2 analysis effects --data cr.csv --arm arm --treat treatment --outcome y 2>err &&
	grep -F "field holds the control character U+001B, expected printable text" err &&
	no_control err
'

test_expect_success 'enrol and correct values, outcome values' '
	test_unchanged se.db trial enrol se.db --site 0301 --id 11057523044 \
		--set gender="female${ESC}[0m" --set birth_year=1988 --set education=primary \
		--set norwegian_level=A2 --set years_in_norway=4 --set consent_date=2026-10-14 2>err &&
	grep -x "trial: gender holds the control character U+001B, expected printable text" err &&
	test_unchanged se.db trial correct se.db P000001 --set education="higher${DEL}" --reason x 2>err &&
	grep -x "trial: education holds the control character U+007F, expected printable text" err &&
	printf "participant,outcome,value\nP000001,earnings_12m,\"1${ESC}[2J\"\n" >o.csv &&
	test_unchanged se.db trial outcome import se.db o.csv 2>err &&
	grep -x "trial: o.csv:2:3: field holds the control character U+001B, expected printable text" err
'

test_expect_success 'a protocol with an escape in a label' '
	sed "s/^label = Gender as registered/label = Gender${ESC}[5m as registered/" \
		"$PROTOCOLS/supported-employment.ini" >esc.ini &&
	test_exit 2 trial init z.db --protocol esc.ini 2>err &&
	grep -x "trial: esc.ini:48:15: control character U+001B, expected printable text" err &&
	! test -e z.db
'

test_expect_success 'messages quoting input show control characters, never send them' '
	test_exit 2 trial enrol se.db --site 0301 --id - --set "x${ESC}[2J=1" </dev/null 2>err &&
	grep -F "x\\x1b[2J" err && no_control err &&
	test_exit 2 trial "list${ESC}[2J" 2>err &&
	grep -F "trial: '\''list\\x1b[2J'\'' is not a command" err && no_control err &&
	test_exit 2 analysis effects --data "$TEST_DATA/analysis/basic.csv" --arm arm \
		--treat "t${CSI}1m" --outcome y 2>err &&
	grep -F "t\\u009b1m" err && no_control err
'

test_expect_success 'a store written before: the table shows them visibly' '
	sqlite3 se.db "UPDATE site SET name = '\''Oslo'\'' || char(27) || '\''[31m'\'' WHERE code = '\''0301'\''" &&
	trial site list se.db >out &&
	grep -F "Oslo\\x1b[31m" out && no_control out
'

test_done
