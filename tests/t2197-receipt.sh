#!/bin/sh
# Receipts: the self-contained proof of one allocation, checked offline
# against the fingerprint alone; an altered arm, another trial, a stripped
# cosignature or a forged checkpoint fails; with witnesses, no receipt
# (which tells the arm) before the quorum has cosigned.
. "$(dirname "$0")/lib.sh"

fp () { sed -n "s/^fingerprint  *//p" "$1"; }

test_expect_success 'setup: a trial with allocations' '
	trial init se.db --protocol "$PROTOCOLS/supported-employment.ini" >init.out &&
	trial site add se.db 0301 --name Oslo >/dev/null &&
	gen_register --rows 12 --seed 8 --sites 0301 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer assign se.db --pending >/dev/null
'

test_expect_success 'a receipt is checked without the store' '
	randomizer receipt se.db P000005 >r5 &&
	head -1 r5 | grep -x rct-receipt-v1 && grep -x "c2sp.org/tlog-proof@v1" r5 &&
	arm=$(sqlite3 se.db "SELECT arm FROM allocation WHERE participant = 5") &&
	mkdir away && cp r5 away/ && cd away &&
	randomizer verify-receipt r5 --fingerprint "$(fp ../init.out)" >out &&
	grep -F "valid: P000005 allocated to '"'"'$arm'"'"' at audit entry" out
'

test_expect_success 'it still proves the entry after the log grew' '
	gen_register --rows 3 --seed 9 --sites 0301 --first 500 >more.csv &&
	trial import se.db more.csv >/dev/null && randomizer assign se.db --pending >/dev/null &&
	randomizer receipt se.db P000005 >r5b && ! cmp -s r5 r5b &&
	randomizer verify-receipt r5b --fingerprint "$(fp init.out)" >/dev/null
'

test_expect_success 'an altered arm, another trial or a forged checkpoint fails' '
	arm=$(sqlite3 se.db "SELECT arm FROM allocation WHERE participant = 5") &&
	other=$(test "$arm" = control && echo treatment || echo control) &&
	sed "s/\"arm\":\"$arm\"/\"arm\":\"$other\"/" r5 >bad && ! cmp -s r5 bad &&
	test_exit 1 randomizer verify-receipt bad --fingerprint "$(fp init.out)" 2>err &&
	grep -F "the receipt was altered" err &&
	trial init o.db --protocol "$PROTOCOLS/supported-employment.ini" >o.out &&
	test_exit 1 randomizer verify-receipt r5 --fingerprint "$(fp o.out)" 2>err &&
	grep -F "the receipt is of another trial" err &&
	awk "/^— rct/ { c = substr(\$0, 70, 1); \$0 = substr(\$0, 1, 69) (c == \"A\" ? \"B\" : \"A\") substr(\$0, 71) } { print }" r5 >forged &&
	! cmp -s r5 forged &&
	test_exit 1 randomizer verify-receipt forged --fingerprint "$(fp init.out)" 2>err &&
	grep -F "not signed by the trial" err &&
	test_exit 2 randomizer verify-receipt reg.csv --fingerprint "$(fp init.out)" 2>err &&
	grep -F "not a receipt" err
'

test_expect_success 'with witnesses: no receipt before the quorum, then one that says so' '
	randomizer witness init dmc --name dmc.example.no/w1 >dmc.vkey &&
	cp "$PROTOCOLS/supported-employment.ini" p.ini &&
	printf "\n[witness dmc]\nkey = %s\n" "$(cat dmc.vkey)" >>p.ini &&
	trial init w.db --protocol p.ini >w.out &&
	trial site add w.db 0301 --name Oslo >/dev/null &&
	trial import w.db reg.csv >/dev/null &&
	randomizer witness trust dmc "$(randomizer log w.db --verifier-key)" &&
	test_exit 1 randomizer assign w.db P000001 2>/dev/null &&
	test_exit 1 randomizer receipt w.db P000001 >r1 2>err &&
	test ! -s r1 && grep -F "no receipt before it is" err &&
	randomizer cosign request w.db --witness dmc >req &&
	randomizer witness add-checkpoint dmc req >resp &&
	randomizer cosign add w.db resp >/dev/null &&
	randomizer receipt w.db P000001 >r1 &&
	randomizer verify-receipt r1 --fingerprint "$(fp w.out)" >out &&
	grep -F "cosigned by 1 witness(es), quorum 1" out &&
	grep -v "^— dmc.example.no/w1 " r1 >stripped &&
	test_exit 1 randomizer verify-receipt stripped --fingerprint "$(fp w.out)" 2>err &&
	grep -F "cosigned by 0 of the quorum of 1 witnesses" err
'

test_done
