#!/bin/sh
# Every commit signs a checkpoint of the log as a Merkle tree (C2SP
# tlog-checkpoint in a signed note, RFC 9162 hashing): the newest covers
# the whole log, each one's root is recomputed from the entries by verify,
# and an edited, deleted or forged checkpoint is found.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a trial with a few commits' '
	make_se_store &&
	gen_register --rows 12 --seed 2 --sites 0301 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer assign se.db P000001 >/dev/null &&
	randomizer assign se.db --pending >/dev/null
'

test_expect_success 'the newest checkpoint names the trial, the size and the root' '
	randomizer log se.db --checkpoint >cp &&
	entries=$(sqlite3 se.db "SELECT count(*) FROM audit") &&
	sed -n 1p cp | grep -E "^rct/ISRCTN00000001/[0-9a-f]{16}$" &&
	test "$(sed -n 2p cp)" = "$entries" &&
	sed -n 3p cp | grep -E "^[A-Za-z0-9+/]{43}=$" &&
	test -z "$(sed -n 4p cp)" &&
	sed -n 5p cp | grep -E "^— rct/ISRCTN00000001/[0-9a-f]{16} [A-Za-z0-9+/]{91}=$" &&
	test "$(sqlite3 se.db "SELECT count(*) FROM checkpoint")" = "$(sqlite3 se.db "SELECT count(*) FROM audit_head")"
'

test_expect_success 'the root is the RFC 9162 tree of the entry hashes (python3)' '
	sqlite3 se.db "SELECT hex(hash) FROM audit ORDER BY seq" >hashes &&
	python3 -c "
import base64, hashlib, sys
ls = [bytes.fromhex(l.strip()) for l in open(\"hashes\")]
def mth(d):
    if len(d) == 1: return hashlib.sha256(b\"\\x00\" + d[0]).digest()
    k = 1
    while 2 * k < len(d): k *= 2
    return hashlib.sha256(b\"\\x01\" + mth(d[:k]) + mth(d[k:])).digest()
print(base64.b64encode(mth(ls)).decode())" >root &&
	test "$(cat root)" = "$(sed -n 3p cp)"
'

test_expect_success 'verify checks every checkpoint' '
	randomizer verify se.db >/dev/null &&
	cp se.db e.db && cp -rp se.keys e.keys &&
	sqlite3 e.db "UPDATE checkpoint SET note = replace(note, char(10) || \"2\" || char(10), char(10) || \"3\" || char(10)) WHERE size = 2" &&
	test_exit 1 randomizer verify e.db 2>err &&
	grep -F "the checkpoint at entry 2 is not signed by the trial" err &&
	cp se.db d.db && cp -rp se.keys d.keys &&
	sqlite3 d.db "DELETE FROM checkpoint WHERE size = (SELECT max(size) FROM checkpoint)" &&
	test_exit 1 randomizer verify d.db 2>err &&
	grep -F "are under no signed checkpoint: they were added outside the toolkit" err &&
	cp se.db f.db && cp -rp se.keys f.keys &&
	sqlite3 f.db "UPDATE checkpoint SET frontier = zeroblob(40) WHERE size = 2" &&
	test_exit 1 randomizer verify f.db 2>err &&
	grep -F "edge stored at entry 2 was edited" err
'

test_expect_success 'a checkpoint published earlier anchors verify: cut short, rewritten' '
	randomizer log se.db --head >published &&
	cmp published cp &&
	gen_register --rows 3 --seed 5 --sites 0301 --first 300 >more.csv &&
	trial import se.db more.csv >/dev/null &&
	randomizer assign se.db --pending >/dev/null &&
	randomizer verify se.db --head published >out &&
	grep -F "the published checkpoint is in the log" out &&
	n=$(sed -n 2p published) &&
	m=$(sqlite3 se.db "SELECT max(size) FROM checkpoint WHERE size < $n") &&
	cp se.db cut.db && cp -rp se.keys cut.keys &&
	# Back to the commit before the one published: a log cut short.
	sqlite3 cut.db "DELETE FROM allocation WHERE audit_seq > $m; DELETE FROM identity WHERE participant IN (SELECT id FROM participant WHERE audit_seq > $m); DELETE FROM participant WHERE audit_seq > $m; DELETE FROM audit WHERE seq > $m; DELETE FROM audit_head WHERE seq > $m; DELETE FROM checkpoint WHERE size > $m" &&
	randomizer verify cut.db >/dev/null &&
	test_exit 1 randomizer verify cut.db --head published 2>err &&
	grep -F "it was cut short" err &&
	cp cut.db re.db && cp -rp cut.keys re.keys &&
	# The same draws in another order: another history of the same length.
	randomizer assign re.db P000003 >/dev/null && randomizer assign re.db --pending >/dev/null &&
	trial import re.db more.csv >/dev/null && randomizer assign re.db --pending >/dev/null &&
	test "$(sqlite3 re.db "SELECT count(*) FROM audit")" -ge "$n" &&
	test_exit 1 randomizer verify re.db --head published 2>err &&
	grep -F "the log was rewritten" err
'

test_done
