#!/bin/sh
# Whole numbers are stored as normally written: "+1995", "01989" and "-0"
# are the numbers 1995, 1989 and 0, so a register typed one way and
# exported the other way is the same register.
. "$(dirname "$0")/lib.sh"

# The supported-employment protocol with a count outcome.
count_protocol () {
	sed '/^\[analysis\]/i\
[outcome courses]\
type = count\
time = 12 months\
label = Courses completed\
' "$PROTOCOLS/supported-employment.ini" >"$1"
}

test_expect_success 'setup' '
	count_protocol count.ini &&
	trial init se.db --protocol count.ini >/dev/null &&
	for s in 0301 4601 3005 1103; do
		trial site add se.db $s --name S$s --target 10 >/dev/null || return 1
	done &&
	gen_register --rows 3 --seed 11 >reg.csv &&
	sed "s/,\(19[0-9][0-9]\),/,+\1,/; s/,\(20[0-9][0-9]\),/,0\1,/; s/,\([0-9]\),2026/,0\1,2026/" \
		reg.csv >typed.csv &&
	test "$(grep -c ",+19[0-9][0-9],\|,020[0-9][0-9]," typed.csv)" = 3
'

test_expect_success 'import stores the canonical form' '
	trial import se.db typed.csv >/dev/null &&
	trial export se.db --format csv | cut -d, -f5,8 >got &&
	cut -d, -f4,7 reg.csv | tail -n +2 >want &&
	tail -n +2 got >got.rows && test_cmp want got.rows
'

test_expect_success 'the same register in normal form changes nothing' '
	trial import se.db reg.csv --format csv >out &&
	grep "^reg.csv,0,3,," out
'

test_expect_success 'enrolment stores the canonical form' '
	trial enrol se.db --site 0301 --id 11057523044 --set gender=female \
		--set birth_year=+01988 --set education=primary --set norwegian_level=A2 \
		--set years_in_norway=-0 --set consent_date=2026-10-14 >/dev/null &&
	trial export se.db --format csv | grep "^P000004," | cut -d, -f5,8 >got &&
	echo 1988,0 >want && test_cmp want got
'

test_expect_success 'a correction to the same number in another form is refused' '
	test_unchanged se.db trial correct se.db P000004 --set birth_year=1988.0 --reason x 2>err &&
	test_unchanged se.db trial correct se.db P000004 --set birth_year=+1988 --reason x 2>err &&
	grep -F "birth_year of P000004 is already '\''1988'\''" err &&
	trial correct se.db P000004 --set years_in_norway=+03 --reason "counted again" >/dev/null &&
	trial export se.db --format csv | grep "^P000004," | cut -d, -f8 >got &&
	echo 3 >want && test_cmp want got
'

test_expect_success 'a count outcome is stored in canonical form' '
	printf "participant,outcome,value\nP000001,courses,+02\nP000002,courses,-0\n" >typed-out.csv &&
	printf "participant,outcome,value\nP000001,courses,2\nP000002,courses,0\n" >plain-out.csv &&
	trial outcome import se.db typed-out.csv >/dev/null &&
	trial outcome import se.db plain-out.csv --format csv >out &&
	grep "plain-out.csv,0,2,0" out
'

test_expect_success 'the audit log agrees with what was stored' '
	randomizer verify se.db >out &&
	grep "^intact: " out
'

test_done
