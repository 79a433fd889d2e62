#!/bin/sh
# Sites and one-by-one enrolment: checks at the door, pseudonymous ids,
# the identity number never echoed.
. "$(dirname "$0")/lib.sh"

enrol () {
	site=$1 id=$2 gender=$3
	shift 3
	trial enrol se.db --site "$site" --id "$id" --set gender="$gender" \
		--set birth_year=1985 --set education=primary \
		--set norwegian_level=A2 --set years_in_norway=3 \
		--set consent_date=2026-10-01 "$@"
}

test_expect_success 'setup' 'make_se_store'

test_expect_success 'sites are listed with their targets' '
	trial site list se.db --format csv >out &&
	cat >expect <<-\EOT &&
	site,name,target,enrolled,withdrawn
	0301,Oslo,40,0,0
	1103,Stavanger,20,0,0
	3005,Drammen,15,0,0
	4601,Bergen,30,0,0
	5001,Trondheim,20,0,0
	EOT
	test_cmp expect out
'

test_expect_success 'a duplicate or malformed site is refused' '
	test_unchanged se.db trial site add se.db 0301 --name Again &&
	test_unchanged se.db trial site add se.db "bad code" --name X &&
	test_unchanged se.db trial site add se.db 9999 &&
	test_unchanged se.db trial site add se.db 9999 --name X --target -3
'

test_expect_success 'enrol prints the participant id only' '
	enrol 0301 11057523044 female --format csv >out &&
	printf "participant,site\nP000001,0301\n" >expect &&
	test_cmp expect out
'

test_expect_success 'the identity number can come from standard input' '
	echo 26117512737 | trial enrol se.db --site 0301 --id - \
		--set gender=male --set birth_year=1985 --set education=primary \
		--set norwegian_level=A2 --set years_in_norway=3 \
		--set consent_date=2026-10-01 --format csv >out &&
	grep P000002 out
'

test_expect_success 'the same person at a second site is a clear error' '
	test_unchanged se.db enrol 4601 11057523044 female 2>err &&
	grep "already enrolled at site .0301. as P000001" err &&
	! grep 11057523044 err
'

test_expect_success 'the same person again at the same site is refused too' '
	test_unchanged se.db enrol 0301 11057523044 female 2>err &&
	grep "already enrolled as P000001" err
'

test_expect_success 'a bad check digit is refused without echoing the number' '
	test_unchanged se.db enrol 0301 11057523045 female 2>err &&
	grep "wrong check digits" err && ! grep 11057523045 err
'

test_expect_success 'a bad code, a missing value and an unknown variable' '
	test_unchanged se.db enrol 0301 26104500284 f 2>err &&
	grep "not a code of gender, expected female|male" err &&
	test_unchanged se.db trial enrol se.db --site 0301 --id 26104500284 \
		--set gender=male 2>err &&
	grep "birth_year is missing" err &&
	grep "education is missing, expected a value, or .unknown." err &&
	test_unchanged se.db enrol 0301 26104500284 male --set shoe_size=42 2>err &&
	grep "shoe_size. is not a baseline variable" err
'

test_expect_success 'eligibility is checked at enrolment' '
	test_unchanged se.db trial enrol se.db --site 0301 --id 26104500284 \
		--set gender=male --set birth_year=2012 --set education=primary \
		--set norwegian_level=A2 --set years_in_norway=3 \
		--set consent_date=2026-10-01 2>err &&
	grep "not eligible: age 14" err
'

test_expect_success 'a consent date in the future is refused' '
	test_unchanged se.db trial enrol se.db --site 0301 --id 26104500284 \
		--set gender=male --set birth_year=1980 --set education=primary \
		--set norwegian_level=A2 --set years_in_norway=3 \
		--set consent_date=2026-12-01 2>err &&
	grep "lies in the future" err
'

test_expect_success 'an unknown site is refused' '
	test_unchanged se.db enrol 9999 26104500284 male 2>err &&
	grep "site .9999. is not a site of this trial" err
'

test_expect_success 'a D-number and a DUF number are accepted' '
	enrol 4601 43022014103 male >/dev/null &&
	enrol 4601 201400012306 female >/dev/null &&
	trial list se.db --site 4601 --format csv >out &&
	test $(grep -c "^P" out) = 2
'

test_expect_success 'the store holds no identity number in clear' '
	! grep -a -e 11057523044 -e 26117512737 -e 43022014103 -e 201400012306 se.db &&
	! grep -a -r -e 11057523044 -e 201400012306 se.keys
'

test_done
