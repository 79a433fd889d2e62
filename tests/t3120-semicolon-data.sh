#!/bin/sh
# analysis --data takes a file saved by a Norwegian Excel: a header line
# with ';' and no ',' makes the file ';'-separated (the detection trial
# import uses, lib/csvio.c), and there a number may have a decimal comma.
# The same data as ',' and '.' gives byte for byte the same output, for
# a small file and for one big enough to be read in parallel parts.
. "$(dirname "$0")/lib.sh"

# The comma file $1 as Norwegian Excel saves it.
norwegian () {
	sed -e "s/,/;/g" -e "s/\([0-9]\)\.\([0-9]\)/\1,\2/g" "$1"
}

test_expect_success 'setup: a small and a big dataset, each in both forms' '
	cat >c.csv <<-\EOT &&
	arm,earnings,age,edu
	treatment,1500.5,31,primary
	control,2000,45,higher
	treatment,3250.25,28,primary
	control,500.75,52,higher
	treatment,4000,39,upper_secondary
	control,1000,33,upper_secondary
	treatment,2750.5,41,higher
	control,1250.25,29,primary
	EOT
	norwegian c.csv >s.csv &&
	grep -q "^treatment;1500,5;31;primary$" s.csv &&
	awk "BEGIN { srand(7); print \"arm,y,x,site\";
		for (i = 0; i < 50000; i++) { t = i % 2;
			printf \"%s,%.4f,%.3f,s%d\\n\", t ? \"treatment\" : \"control\",
				10 + 2 * t + 3 * rand(), 50 * rand(), i % 7 } }" >big-c.csv &&
	norwegian big-c.csv >big-s.csv &&
	test $(wc -c <big-s.csv) -gt 1100000
'

test_expect_success 'effects, balance and attrition read decimal commas the same' '
	for f in c s; do
		analysis effects --data $f.csv --arm arm --treat treatment --outcome earnings \
			--estimator lin --covariates age --se hc2 --format csv >e.$f &&
		analysis balance --data $f.csv --arm arm --treat treatment --variables age,edu --format csv >b.$f &&
		analysis attrition --data $f.csv --arm arm --treat treatment --outcome earnings --format csv >a.$f || return 1
	done &&
	test_cmp e.c e.s && test_cmp b.c b.s && test_cmp a.c a.s &&
	grep "^earnings,lin,HC2,treatment," e.s
'

test_expect_success 'a file big enough for a parallel read: the same output' '
	for f in c s; do
		analysis effects --data big-$f.csv --arm arm --treat treatment --outcome y \
			--covariates x --estimator lin --strata site --format csv >big.$f || return 1
	done &&
	test_cmp big.c big.s &&
	grep "^y,lin,HC2,treatment,2.0" big.s
'

test_expect_success 'a decimal comma in a comma file is text, as before' '
	printf "arm,y\ntreatment,\"1,5\"\ncontrol,2\ntreatment,3\ncontrol,1\n" >bad.csv &&
	test_must_fail analysis effects --data bad.csv --arm arm --treat treatment --outcome y 2>err &&
	grep "bad.csv:2:2" err
'

test_done
