#!/bin/sh
# trial import: a register is taken whole or not at all; every bad row is
# named with its line and column; the store stays byte-for-byte unchanged.
. "$(dirname "$0")/lib.sh"

HEADER=id_number,site,gender,birth_year,education,norwegian_level,years_in_norway,consent_date

test_expect_success 'setup' '
	make_se_store &&
	gen_register --rows 40 --seed 11 >reg.csv &&
	gen_register --rows 10 --seed 12 --first 40 >more.csv
'

test_expect_success 'a clean register is imported' '
	trial import se.db reg.csv --format csv >out &&
	printf "file,added,unchanged,first,last\nreg.csv,40,0,P000001,P000040\n" >expect &&
	test_cmp expect out
'

test_expect_success 'the same register again changes nothing' '
	trial import se.db reg.csv --format csv >out &&
	grep "reg.csv,0,40,," out
'

test_expect_success 'a register exported again with new rows adds only those' '
	cat reg.csv >grown.csv && tail -n +2 more.csv >>grown.csv &&
	trial import se.db grown.csv --format csv >out &&
	grep "grown.csv,10,40,P000041,P000050" out
'

test_expect_success 'every bad row is named, and nothing is written' '
	{
		echo $HEADER
		echo 12345678901,0301,male,1980,primary,A1,3,2026-01-01
		echo 26104500284,9999,f,19x0,primary,C1,70,2026-13-01
		echo 24116324268,0301,male,1950,primary,A1,3,2027-01-01
		echo 04096222195,0301,male,2015,primary,A1,3,2026-01-01
		echo 05126307952,0301,male,1980
		echo 29100207042,0301,male,1980,primary,A1,3,2026-01-01
		echo 29100207042,0301,male,1980,primary,A1,3,2026-01-01
	} >bad.csv &&
	test_unchanged se.db trial import se.db bad.csv 2>err &&
	cat >expect <<-\EOT &&
	trial: bad.csv:2:1: identity number has wrong check digits
	trial: bad.csv:3:2: site '"'"'9999'"'"' is not a site of this trial, add it first with '"'"'trial site add'"'"'
	trial: bad.csv:3:3: '"'"'f'"'"' is not a code of gender, expected female|male
	trial: bad.csv:3:4: birth_year '"'"'19x0'"'"' is not a whole number
	trial: bad.csv:3:6: '"'"'C1'"'"' is not a code of norwegian_level, expected none|A1|A2|B1|B2|unknown
	trial: bad.csv:3:7: years_in_norway '"'"'70'"'"' is out of range, expected 0 to 60
	trial: bad.csv:3:8: consent_date '"'"'2026-13-01'"'"' is not a date, expected YYYY-MM-DD
	trial: bad.csv:4:8: consent_date '"'"'2027-01-01'"'"' lies in the future, expected 2026-10-15 or earlier
	trial: bad.csv:5: not eligible: age 11 (born 2015, at 2026-01-01) is outside 18..67
	trial: bad.csv:6:5: row has 4 fields, expected 8 as in the header
	trial: bad.csv:8:1: the same person is already on line 7 of this register
	trial: 6 bad row(s) in '"'"'bad.csv'"'"'; nothing was written
	EOT
	test_cmp expect err
'

test_expect_success 'a person already at another site is refused by line' '
	{ echo $HEADER; sed -n 2p reg.csv | sed "s/,0301,/,XXXX,/; s/,4601,/,XXXX,/; s/,5001,/,XXXX,/; s/,1103,/,XXXX,/; s/,3005,/,XXXX,/" | sed "s/XXXX/3005/"; } >moved.csv &&
	site=$(sed -n 2p reg.csv | cut -d, -f2) &&
	if [ "$site" = 3005 ]; then sed -i "s/,3005,/,0301,/" moved.csv; fi &&
	test_unchanged se.db trial import se.db moved.csv 2>err &&
	grep "moved.csv:2:1: this person is already enrolled at site" err
'

test_expect_success 'bad CSV: unknown, repeated and missing columns' '
	echo "id_number,site,site,shoe_size" >cols.csv &&
	test_unchanged se.db trial import se.db cols.csv 2>err &&
	grep "cols.csv:1:3: column .site. appears twice, first as column 2" err &&
	grep "cols.csv:1:4: unknown column .shoe_size." err &&
	grep "cols.csv:1: missing column(s) gender, birth_year" err
'

test_expect_success 'bad CSV: empty file, open quote, Latin-1' '
	: >empty.csv &&
	test_unchanged se.db trial import se.db empty.csv 2>err &&
	grep "empty.csv: the file is empty" err &&
	{ echo $HEADER; printf "\"05126307952,0301\n"; } >open.csv &&
	test_unchanged se.db trial import se.db open.csv 2>err &&
	grep "open.csv:2: a quoted field is not closed" err &&
	{ echo $HEADER; printf "05126307952,0301,m\370le,1980,primary,A1,3,2026-01-01\n"; } >latin1.csv &&
	test_unchanged se.db trial import se.db latin1.csv 2>err &&
	grep "latin1.csv:2:3: field is not valid UTF-8" err
'

test_expect_success 'a field of 10 MB is refused, not swallowed' '
	{ echo $HEADER; printf "05126307952,0301,"; head -c 10000000 /dev/zero | tr "\0" a; echo ",1980,primary,A1,3,2026-01-01"; } >huge.csv &&
	test_unchanged se.db trial import se.db huge.csv 2>err &&
	grep "huge.csv:2:3: field is longer than 4096 bytes, expected at most 4096$" err
'

test_expect_success 'BOM, CRLF line ends and quoted fields are read' '
	{ printf "\357\273\277"; echo $HEADER; echo "\"05126307952\",\"0301\",male,1980,primary,A1,3,2026-01-01"; } | sed "s/$/\r/" >excel.csv &&
	trial import se.db excel.csv --format csv >out &&
	grep "excel.csv,1,0," out
'

test_expect_success 'a quoted newline keeps the line numbers right' '
	{ echo $HEADER; printf "24116324268,0301,\"fe\nmale\",1980,primary,A1,3,2026-01-01\n"; echo 04096222195,0301,x,1980,primary,A1,3,2026-01-01; } >nl.csv &&
	test_unchanged se.db trial import se.db nl.csv 2>err &&
	grep "nl.csv:2:3:" err && grep "nl.csv:4:3: .x. is not a code" err
'

test_expect_success 'the source of a value may be given' '
	{ echo $HEADER,norwegian_level_source; echo 24116324268,0301,male,1980,primary,A1,3,2026-01-01,test; echo 04096222195,0301,male,1980,primary,B1,3,2026-01-01,guess; } >src.csv &&
	test_unchanged se.db trial import se.db src.csv 2>err &&
	grep "src.csv:3:9: .guess. is not a source of norwegian_level" err &&
	sed -i 3d src.csv &&
	trial import se.db src.csv >/dev/null &&
	trial export se.db | grep ",test,"
'

test_expect_success 'a missing file is a clear error' '
	test_unchanged se.db trial import se.db nosuch.csv 2>err &&
	grep "cannot open .nosuch.csv." err
'

test_done
