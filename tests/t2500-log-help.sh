#!/bin/sh
# randomizer log, --help on every command, and usage errors.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	make_se_store && gen_register --rows 6 >r.csv &&
	trial import se.db r.csv >/dev/null &&
	randomizer assign se.db --pending >/dev/null
'

test_expect_success 'the log lists every entry in order, in csv and json' '
	randomizer log se.db --format csv >log.csv &&
	head -1 log.csv | grep "^seq,at,actor,action,payload,hash$" &&
	test $(tail -n +2 log.csv | wc -l) = 13 &&
	cut -d, -f1 log.csv | tail -n +2 >seqs && seq 1 13 >expect &&
	test_cmp expect seqs &&
	randomizer log se.db --format json | grep -c "\"action\": \"allocate\"" >n &&
	test "$(cat n)" = 6
'

test_expect_success 'the log holds no identity number' '
	cut -d, -f1 r.csv | tail -n +2 >ids &&
	! randomizer log se.db | grep -F -f ids
'

test_expect_success 'the signed head names the last entry and the key' '
	randomizer log se.db --head --format json >head.json &&
	grep "\"seq\": \"13\"" head.json &&
	grep -E "\"signature\": \"[0-9a-f]{128}\"" head.json &&
	key=$(cat se.keys/signing.pub) && grep "$key" head.json
'

test_expect_success '--help is answered by every command' '
	randomizer --help >out && grep simulate out &&
	test_help_all randomizer &&
	test_help_all analysis
'

test_expect_success 'usage errors exit 2' '
	test_exit 2 randomizer 2>err &&
	test_exit 2 randomizer shuffle se.db 2>err && grep "not a command" err &&
	test_exit 2 randomizer verify 2>err && grep "a STORE is required" err &&
	test_exit 2 randomizer verify se.db --head nothex 2>err &&
	grep "not 64 hex digits" err &&
	test_exit 2 randomizer log se.db --format yaml 2>err &&
	test_exit 2 randomizer promote se.db 2>err && grep -- "--site CODE is required" err &&
	test_exit 2 randomizer reveal se.db extra 2>err
'

test_done
