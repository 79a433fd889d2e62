#!/bin/sh
# Registers saved by a Norwegian Excel: ';'-separated (',' is the decimal
# mark there), detected from the header line, taken with the same
# all-or-nothing checks as a ','-separated file; decimal commas only in
# ';' files and only for number variables (and continuous outcomes).
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a protocol with a number variable' '
	sed "/^\[eligibility\]/i\\
[variable weekly_hours]\\
type = number\\
min = 0\\
max = 40\\
required = no\\
label = Hours of Norwegian training a week\\
" "$PROTOCOLS/supported-employment.ini" >hours.ini &&
	grep -q "^\[variable weekly_hours\]" hours.ini &&
	trial init a.db --protocol hours.ini >/dev/null &&
	trial init b.db --protocol hours.ini >/dev/null &&
	for db in a.db b.db; do
		trial site add $db 0301 --name Oslo >/dev/null &&
		trial site add $db 4601 --name Bergen >/dev/null || return 1
	done &&
	gen_register --rows 30 --seed 11 --sites 0301,4601 >plain.csv &&
	awk -F, -v OFS=, "NR == 1 { print \$0, \"weekly_hours\"; next }
		{ print \$0, (NR % 3 ? (NR % 15) \".5\" : \"\") }" plain.csv >comma.csv
'

test_expect_success 'a ;-separated register with decimal commas imports as the , one' '
	tr ",." ";," <comma.csv >semi.csv &&
	grep -q ";7,5$" semi.csv &&
	trial import a.db comma.csv >/dev/null &&
	trial import b.db semi.csv >out &&
	grep "^added  *30$" out &&
	trial export a.db >a.csv && trial export b.db >b.csv &&
	test_cmp a.csv b.csv &&
	grep -q ",7.5," b.csv
'

test_expect_success 'with a BOM, CRLF line ends and quoted fields too' '
	trial init c.db --protocol hours.ini >/dev/null &&
	trial site add c.db 0301 --name Oslo >/dev/null &&
	trial site add c.db 4601 --name Bergen >/dev/null &&
	{ printf "\357\273\277"; sed "s/^\([0-9]*\);\([0-9]*\);/\"\1\";\"\2\";/" semi.csv; } |
		sed "s/$/\r/" >excel.csv &&
	trial import c.db excel.csv >/dev/null &&
	trial export c.db >c.csv && test_cmp a.csv c.csv
'

test_expect_success 'the same checks, all or nothing: bad rows named, nothing written' '
	gen_register --rows 5 --seed 12 --sites 0301 --first 100 >more.csv &&
	awk -F, -v OFS=";" "{ \$(NF + 1) = NR == 1 ? \"weekly_hours\" : \
		NR == 4 ? \"99,5\" : NR == 5 ? \"2,5,5\" : \"\" }
		NR == 3 { \$3 = \"kvinne\" } { print }" more.csv >bad.csv &&
	test_unchanged b.db trial import b.db bad.csv 2>err &&
	grep "bad.csv:3:3: .kvinne. is not a code of gender" err &&
	grep "bad.csv:4:9: weekly_hours .99,5. is out of range" err &&
	grep "bad.csv:5:9: weekly_hours .2,5,5. is not a number" err &&
	grep "3 bad row(s) in .bad.csv.; nothing was written" err
'

test_expect_success 'a decimal comma only for a number variable, only in a ; file' '
	awk -F, -v OFS=";" "{ \$(NF + 1) = NR == 1 ? \"weekly_hours\" : \"\" }
		NR == 2 { \$4 = \"1980,0\" } { print }" more.csv >int.csv &&
	test_unchanged b.db trial import b.db int.csv 2>err &&
	grep "int.csv:2:4: birth_year .1980,0. is not a whole number" err &&
	awk -F, -v OFS=, "NR == 1 { print \$0, \"weekly_hours\"; next }
		{ print \$0, \"\\\"7,5\\\"\" }" more.csv >quoted.csv &&
	test_unchanged b.db trial import b.db quoted.csv 2>err &&
	grep "quoted.csv:2:9: weekly_hours .7,5. is not a number" err
'

test_expect_success 'a header with both ; and , is not guessed at' '
	{ echo "id_number;site,gender,birth_year,education,norwegian_level,years_in_norway,consent_date"; tail -n +2 more.csv; } >mixed.csv &&
	test_unchanged b.db trial import b.db mixed.csv 2>err &&
	grep "mixed.csv:1:1: unknown column .id_number;site." err
'

test_expect_success 'outcomes: a ; file, decimal commas for a continuous outcome only' '
	printf "participant;outcome;value;date\nP000001;earnings_12m;12345,50;2026-10-01\nP000002;employed_or_education_12m;1;2026-10-01\n" >out.csv &&
	trial outcome import b.db out.csv >out &&
	grep "^added  *2$" out &&
	trial export b.db --format json | grep -q "\"earnings_12m\": 12345.50" &&
	printf "participant;outcome;value\nP000003;employed_or_education_12m;1,0\n" >bin.csv &&
	test_unchanged b.db trial outcome import b.db bin.csv 2>err &&
	grep "bin.csv:2:3: employed_or_education_12m is binary, expected 0 or 1, not .1,0." err &&
	printf "participant;outcome;value\nP000003;earnings_12m;-5,5\n" >neg.csv &&
	test_unchanged b.db trial outcome import b.db neg.csv 2>err &&
	grep "neg.csv:2:3: earnings_12m .-5,5. is" err
'

test_expect_success 'a site whose leading zero a spreadsheet dropped is named as such' '
	awk -F, -v OFS=";" "NR == 3 { \$2 = \"301\" } { \$(NF + 1) = NR == 1 ? \"weekly_hours\" : \"\"; print }" \
		more.csv >zero.csv &&
	test_unchanged b.db trial import b.db zero.csv 2>err &&
	grep "zero.csv:3:2: site .301. is not a site of this trial; did a spreadsheet drop its leading zero? the site .0301. exists: format the column as text" err &&
	! grep "trial site add" err &&
	awk -F, -v OFS=";" "NR == 3 { \$2 = \"9999\" } { \$(NF + 1) = NR == 1 ? \"weekly_hours\" : \"\"; print }" \
		more.csv >other.csv &&
	test_unchanged b.db trial import b.db other.csv 2>err &&
	grep "other.csv:3:2: site .9999. is not a site of this trial, add it first with .trial site add." err
'

test_expect_success 'so is an identity number that lost its leading zero, never shown' '
	id=$(awk -F, "NR > 1 && /^0/ { print \$1; exit }" more.csv) &&
	test -n "$id" &&
	short=${id#0} &&
	awk -F, -v OFS=";" -v id=$id -v short=$short "\$1 == id { \$1 = short }
		{ \$(NF + 1) = NR == 1 ? \"weekly_hours\" : \"\"; print }" more.csv >short.csv &&
	grep -q "^$short;" short.csv &&
	test_unchanged b.db trial import b.db short.csv 2>err &&
	grep ":1: identity number has 10 digits; did a spreadsheet drop its leading zero? with it, its check digits are right: format the column as text and save the register again" err &&
	! grep -e "$short" -e "$id" err &&
	echo 1234567890 | test_unchanged b.db trial enrol b.db --site 0301 --id - \
		--set gender=male --set birth_year=1980 --set education=none \
		--set norwegian_level=A1 --set years_in_norway=1 \
		--set consent_date=2026-10-01 2>err &&
	grep "identity number has 10 digits, expected 11 (fødselsnummer or D-number) or 12 (DUF number); did a spreadsheet drop a leading zero?" err
'

test_done
