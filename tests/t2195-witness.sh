#!/bin/sh
# Witnesses (TRUST.md; C2SP tlog-witness, offline as files): a witness
# cosigns a checkpoint only when a consistency proof shows it extends the
# last one it cosigned.  The insider's undo-and-re-roll, a rollback to an
# older copy of the store, and a log rewritten and re-signed with the real
# keys are each refused by the witness and kept as evidence; verify
# --fingerprint requires every allocation under a cosigned checkpoint.
. "$(dirname "$0")/lib.sh"

# Allocate: stored, but not shown until witnessed (exit 1).
allocate () {
	test_exit 1 randomizer assign "$1" "$2" 2>allocate.err &&
	grep -F "allocated and stored, but not shown: 0 of the quorum of 1" allocate.err
}

# The witness round trip for a store: request, answer, keep.
witness () {
	randomizer cosign request "$1" --witness dmc ${3:+--old "$3"} >req &&
	randomizer witness add-checkpoint dmc req >resp 2>"${2:-werr}" &&
	randomizer cosign add "$1" resp
}

test_expect_success 'setup: a witness, a protocol naming it, a trial it follows' '
	randomizer witness init dmc --name dmc.example.no/w1 >dmc.vkey &&
	grep -E "^dmc.example.no/w1\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$" dmc.vkey &&
	test "$(stat -c %a dmc)" = 700 && test "$(stat -c %a dmc/witness.key)" = 600 &&
	cp "$PROTOCOLS/supported-employment.ini" p.ini &&
	printf "\n[witness dmc]\nkey = %s\n" "$(cat dmc.vkey)" >>p.ini &&
	trial init se.db --protocol p.ini >init.out &&
	trial site add se.db 0301 --name Oslo >/dev/null &&
	gen_register --rows 20 --seed 6 --sites 0301 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer witness trust dmc "$(randomizer log se.db --verifier-key)"
'

test_expect_success 'no arm is shown before the witness cosigns; then the same arm' '
	allocate se.db P000001 &&
	! grep -E "control|treatment" allocate.err &&
	stored=$(sqlite3 se.db "SELECT arm FROM allocation WHERE participant = 1") &&
	witness se.db >out && grep -x "cosigned by 1 of 1 witnesses (quorum 1)" out &&
	head -1 req | grep -x "old 0" &&
	randomizer assign se.db P000001 >shown &&
	grep -E "^P000001 +$stored " shown &&
	test "$(sqlite3 se.db "SELECT count(*) FROM allocation")" = 1
'

test_expect_success 'the witness cosigns each extension' '
	for p in 2 3 4; do
		allocate se.db P00000$p && witness se.db >/dev/null || return 1
	done &&
	head -1 req | grep -E "^old [0-9]+$" && test "$(head -1 req)" != "old 0" &&
	randomizer log se.db --checkpoint | grep -E "^— dmc.example.no/w1 " &&
	randomizer verify se.db --fingerprint "$(sed -n "s/^fingerprint  *//p" init.out)" >/dev/null
'

test_expect_success 'an allocation not yet witnessed fails verify against the fingerprint' '
	cp se.db late.db && cp -rp se.keys late.keys &&
	allocate late.db P000005 &&
	randomizer verify late.db >/dev/null &&
	test_exit 1 randomizer verify late.db --fingerprint "$(sed -n "s/^fingerprint  *//p" init.out)" 2>err &&
	grep -F "is under no checkpoint cosigned by the protocol'"'"'s quorum of witnesses" err
'

test_expect_success 'the insider undoes the last allocation and draws again: the witness refuses' '
	cp se.db undo.db && cp -rp se.keys undo.keys &&
	last=$(sqlite3 undo.db "SELECT max(seq) FROM audit") &&
	sqlite3 undo.db "DELETE FROM allocation WHERE audit_seq = $last; DELETE FROM audit WHERE seq = $last; DELETE FROM audit_head WHERE seq = $last; DELETE FROM checkpoint WHERE size = $last" &&
	randomizer verify undo.db >/dev/null &&
	# The same position drawn again is the same draw (rule 1): the insider
	# gives it to someone else instead, the participant they prefer there.
	allocate undo.db P000005 &&
	test_exit 1 witness undo.db err1 &&
	grep -F "refused (409)" err1 && grep -F "cosigned last: $last" err1 &&
	test_exit 1 witness undo.db err2 "$last" &&
	grep -F "a fork, kept as evidence" err2 &&
	ls dmc/logs/*.evidence/ | wc -l >n && test "$(cat n)" -ge 1 &&
	grep -l "a fork: the same size, another root" dmc/logs/*.evidence/*
'

test_expect_success 'a rollback to an older copy of the store is refused' '
	cp se.db old.db && cp -rp se.keys old.keys &&
	allocate se.db P000006 && witness se.db >/dev/null &&
	allocate old.db P000007 &&
	test_exit 1 witness old.db err3 &&
	grep -F "refused (409)" err3
'

test_expect_success 'a log rewritten and re-signed with the real keys does not extend: 422' '
	cp se.db fork.db && cp -rp se.keys fork.keys &&
	n=$(sqlite3 fork.db "SELECT max(size) FROM checkpoint") &&
	# Another history of the same length, signed with the trial'"'"'s own keys:
	# a fork made by the service itself.  It grows past the witnessed size.
	sqlite3 fork.db "DELETE FROM allocation WHERE audit_seq = $n; DELETE FROM audit WHERE seq = $n; DELETE FROM audit_head WHERE seq = $n; DELETE FROM checkpoint WHERE size = $n" &&
	allocate fork.db P000008 &&
	allocate fork.db P000009 &&
	test_exit 1 witness fork.db err4 "$n" &&
	grep -F "refused (422): the checkpoint does not extend the one cosigned before" err4 &&
	grep -l "does not verify: the log was rewritten" dmc/logs/*.evidence/*
'

test_expect_success 'the witness refuses an unknown log, a bad signature, a bad request' '
	trial init other.db --protocol p.ini >/dev/null &&
	trial site add other.db 0301 --name Oslo >/dev/null &&
	randomizer cosign request other.db --old 0 >req &&
	test_exit 2 randomizer witness add-checkpoint dmc req 2>err &&
	grep -F "refused (404): unknown log" err &&
	randomizer cosign request se.db --old 0 >good &&
	awk "/^— rct/ && !done { c = substr(\$0, 70, 1); \$0 = substr(\$0, 1, 69) (c == \"A\" ? \"B\" : \"A\") substr(\$0, 71); done = 1 } { print }" good >bad &&
	! cmp -s good bad &&
	test_exit 2 randomizer witness add-checkpoint dmc bad 2>err &&
	grep -F "refused (403)" err &&
	printf "new 3\n\nx\n" >junk && test_exit 2 randomizer witness add-checkpoint dmc junk 2>err &&
	grep -F "refused (400): the request does not begin with an '"'"'old N'"'"' line" err
'

test_expect_success 'a cosignature from someone else is not kept' '
	randomizer witness init rogue --name dmc.example.no/w1 >/dev/null &&
	randomizer witness trust rogue "$(randomizer log se.db --verifier-key)" &&
	allocate se.db P000010 &&
	randomizer cosign request se.db --old 0 >req &&
	randomizer witness add-checkpoint rogue req >resp &&
	randomizer cosign add se.db resp >out &&
	grep -x "cosigned by 0 of 1 witnesses (quorum 1)" out
'

test_done
