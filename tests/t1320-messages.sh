#!/bin/sh
# Messages that say what to do: a register row again with other baseline
# values names the column and the command that corrects it; an analysis
# of the randomized on a store with nobody allocated says so; an option
# without its value is one message.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	make_se_store &&
	gen_register --rows 6 --seed 5 >reg.csv &&
	trial import se.db reg.csv >/dev/null
'

test_expect_success 'a re-imported row with another value names its column and trial correct' '
	awk -F, -v OFS=, "NR == 1 || NR == 3 { if (NR == 3) \$5 = \"higher\"; print }" reg.csv >again.csv &&
	test_unchanged se.db trial import se.db again.csv 2>err &&
	cat >exp <<-\EOT &&
	trial: again.csv:2:5: this person is already enrolled as P000002 with education '"'"'primary'"'"', not '"'"'higher'"'"'; a register row does not change an enrolled value: correct it with '"'"'trial correct se.db P000002 --set education=higher --reason TEXT'"'"'
	trial: 1 bad row(s) in '"'"'again.csv'"'"'; nothing was written
	EOT
	test_cmp exp err &&
	trial correct se.db P000002 --set education=higher --reason "diploma found" >/dev/null &&
	trial import se.db reg.csv --format csv >out &&
	grep "^reg.csv,0,6," out &&
	test_unchanged se.db trial import se.db again.csv 2>err &&
	grep "^trial: again.csv:2:5: this person is already enrolled as P000002 with education .primary., since corrected to .higher. (trial correct); a register row holds the value as enrolled: give .primary. here, or leave the row out$" err
'

test_expect_success 'effects, attrition, subgroups and ri with nobody allocated say so, exit 2' '
	for c in effects attrition "subgroups se.db --by gender" "ri se.db --draws 100"; do
		case $c in *se.db*) ;; *) c="$c se.db" ;; esac &&
		test_exit 2 analysis $c >out 2>err &&
		test ! -s out &&
		echo "analysis: nobody in store '"'"'se.db'"'"' is allocated yet, and this analysis is of the randomized; allocate first (randomizer assign se.db --pending)" >exp &&
		test_cmp exp err || return 1
	done
'

test_expect_success 'an option without its value, or unknown, is one message' '
	test_exit 2 randomizer verify se.db --head 2>err &&
	echo "randomizer: option '"'"'--head'"'"' needs a value; usage: randomizer verify STORE [--fingerprint FP] [--head HASH] [--replay]" >exp &&
	test_cmp exp err &&
	test_exit 2 randomizer verify se.db --replay=1 2>err &&
	grep "^randomizer: option .--replay. takes no value; usage" err &&
	test $(wc -l <err) = 1 &&
	test_unchanged se.db trial withdraw se.db P000001 --reason 2>err &&
	grep "^trial: option .--reason. needs a value; usage" err &&
	test $(wc -l <err) = 1 &&
	test_exit 2 analysis effects se.db --bogus 2>err &&
	grep "^analysis: unknown option .--bogus.; usage" err &&
	test $(wc -l <err) = 1
'

test_done
