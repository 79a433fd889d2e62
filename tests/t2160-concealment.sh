#!/bin/sh
# Allocation concealment (TRUST.md, rule 3): before reveal nothing that can
# be read without the randomization secret says where a participant stands
# in a block or which block size was drawn.  The draws of the sequential
# methods are sealed in the allocation rows and the log alike, all of one
# length; the log still hashes and signs them; after reveal they open, and
# verify --replay checks them byte for byte against the draw.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: 120 participants allocated one by one in blocks' '
	make_se_store &&
	gen_register --rows 120 --seed 21 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	for p in $(seq 1 40); do randomizer assign se.db $(printf P%06d $p) >/dev/null || return 1; done &&
	randomizer assign se.db --pending >/dev/null &&
	test "$(sqlite3 se.db "SELECT count(*) FROM allocation")" = 120
'

test_expect_success 'no block, block size or place in a block is readable' '
	sqlite3 se.db .dump >dump.txt &&
	randomizer log se.db --format json >log.json &&
	randomizer log se.db >log.txt &&
	trial export se.db --format csv >export.csv &&
	! grep -l -E "in_block|block_size[^s]" dump.txt log.json log.txt export.csv &&
	test "$(sqlite3 se.db "SELECT count(*) FROM allocation WHERE detail GLOB '"'"'{\"sealed\":\"[0-9a-f]*\"}'"'"'")" = 120 &&
	test "$(sqlite3 se.db "SELECT count(DISTINCT length(detail)) FROM allocation")" = 1
'

test_expect_success 'an observer of the readable data is certain of no arm beforehand' '
	# What was certain on main: the last place of every block, read from
	# detail (in_block = block_size).  Nothing of the kind is left to read.
	test "$(sqlite3 se.db "SELECT count(*) FROM allocation WHERE json_extract(detail, '"'"'\$.in_block'"'"') = json_extract(detail, '"'"'\$.block_size'"'"')")" = 0
'

test_expect_success 'the sealed draws verify as they are, and open only after reveal' '
	randomizer verify se.db >/dev/null &&
	test_exit 2 randomizer log se.db --open 2>err &&
	grep -F "the draws are sealed until the secret is revealed" err &&
	randomizer reveal se.db --yes >/dev/null &&
	randomizer log se.db --open --format csv >opened.csv &&
	sqlite3 :memory: ".import --csv opened.csv l" \
		"SELECT count(*) FROM l WHERE action = '"'"'allocate'"'"' AND json_extract(opened, '"'"'\$.block_size'"'"') IN (2, 4, 6) AND json_extract(opened, '"'"'\$.in_block'"'"') BETWEEN 1 AND json_extract(opened, '"'"'\$.block_size'"'"')" >n &&
	test "$(cat n)" = 120 &&
	randomizer verify se.db --replay >out &&
	grep -F "replayed: 120 allocations drawn again, all the same" out
'

test_expect_success 'a sealed draw from another position is caught by the replay' '
	cp se.db swapped.db &&
	# Exchange the sealed details of two allocations in rows and entries
	# alike, then re-chain and re-sign is impossible without the key: so
	# the chain breaks first.  Without touching the log, the row alone:
	a=$(sqlite3 swapped.db "SELECT detail FROM allocation WHERE participant = 1") &&
	sqlite3 swapped.db "UPDATE allocation SET detail = (SELECT detail FROM allocation WHERE participant = 2) WHERE participant = 1" &&
	test_exit 1 randomizer verify swapped.db 2>err &&
	grep -F "P000001" err
'

test_done
