#!/bin/sh
# analysis attrition against R (tests/ref/analysis_tables_reference.R):
# response rates and their HC2 test (lm_robust), Lee bounds with the
# trimming of Lee (2009); 1e-8 relative, p-values 1e-6.
. "$(dirname "$0")/lib.sh"

DATA="$TEST_DATA/analysis"

# rel A B TOLERANCE: exit 1 when A and B differ by more.
close () {
	awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d;
		s = b < 0 ? -b : b; if ((s > 0 ? d / s : d) > t) { print a, "vs R", b; exit 1 } }'
}

field () { echo "$1" | cut -d, -f"$2"; }

test_expect_success 'response rates and their test match lm_robust' '
	analysis attrition --data "$DATA/missing.csv" --arm arm --treat treatment --min-cell 0 \
		--outcome y --format csv >out.csv &&
	ours=$(tail -1 out.csv) && ref=$(tail -1 "$DATA/attrition_reference.csv") &&
	close "$(field "$ours" 8)" "$(field "$ref" 1)" 1e-8 &&
	close "$(field "$ours" 9)" "$(field "$ref" 2)" 1e-8 &&
	close "$(field "$ours" 10)" "$(field "$ref" 3)" 1e-8 &&
	close "$(field "$ours" 11)" "$(field "$ref" 4)" 1e-8 &&
	test "$(field "$ours" 12)" = "$(field "$ref" 5)" &&
	close "$(field "$ours" 13)" "$(field "$ref" 6)" 1e-6
'

for data in lee lee_reverse; do
	test_expect_success "Lee bounds match the reference ($data)" "
		analysis attrition --data \"\$DATA/$data.csv\" --arm arm --treat treatment --min-cell 0 \
			--outcome y --format csv >$data.out &&
		ours=\$(tail -1 $data.out) &&
		ref=\$(grep '^$data.csv,' \"\$DATA/lee_reference.csv\") &&
		close \"\$(field \"\$ours\" 8)\" \"\$(field \"\$ref\" 2)\" 1e-12 &&
		close \"\$(field \"\$ours\" 9)\" \"\$(field \"\$ref\" 3)\" 1e-12 &&
		test \"\$(field \"\$ours\" 14)\" = \"\$(field \"\$ref\" 5)\" &&
		test \"\$(field \"\$ours\" 15)\" = \"\$(field \"\$ref\" 6)\" &&
		close \"\$(field \"\$ours\" 16)\" \"\$(field \"\$ref\" 7)\" 1e-8 &&
		close \"\$(field \"\$ours\" 17)\" \"\$(field \"\$ref\" 8)\" 1e-8
	"
done

test_expect_success 'equal response rates trim nobody' '
	printf "arm,y\ntreatment,1\ntreatment,3\ntreatment,\ncontrol,2\ncontrol,\ncontrol,4\n" >even.csv &&
	analysis attrition --data even.csv --arm arm --treat treatment --min-cell 0 \
		--outcome y --format csv | tail -1 >even.out &&
	grep "^y,treatment,control,3,2,3,2,0.6666666666666666,0.6666666666666666,0,0.4714045207910317,4,1,,0,-1,-1,$" even.out
'

test_expect_success 'an arm without any outcome is refused' '
	printf "arm,y\ntreatment,1\ntreatment,3\ncontrol,\ncontrol,\n" >none.csv &&
	test_exit 2 analysis attrition --data none.csv --arm arm --treat treatment --min-cell 0 \
		--outcome y 2>err &&
	grep -F "nobody in arm '"'"'control'"'"' has '"'"'y'"'"'" err
'

test_expect_success 'a store: the outcome family, every arm against the comparison' '
	make_se_store &&
	gen_register --rows 60 --seed 8 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer assign se.db --pending >/dev/null &&
	trial export se.db --format csv >export.csv &&
	awk -F, "BEGIN { print \"participant,outcome,value\" }
		NR > 1 && NR % 4 { print \$1 \",earnings_12m,\" NR * 1000 }" export.csv >out.csv &&
	trial outcome import se.db out.csv >/dev/null &&
	test_exit 2 analysis attrition se.db 2>err &&
	grep -F "has '"'"'employed_or_education_12m'"'"': no bounds can be given" err &&
	analysis attrition se.db --outcome earnings_12m --min-cell 0 --format csv >store.csv &&
	n=$(awk -F, "NR > 1 && NR % 4" export.csv | wc -l) &&
	awk -F, -v n="$n" "NR == 2 { exit !(\$5 + \$7 == n && \$4 + \$6 == 60) }" store.csv
'

test_done
