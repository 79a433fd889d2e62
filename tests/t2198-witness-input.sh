#!/bin/sh
# Bad input to the commands of keys, checkpoints, witnesses and receipts:
# a wrong file, a wrong value, a missing argument, hostile text (control
# characters, markup, a formula, /dev/zero).  Each gets a clear message and
# a non-zero exit; those on a store leave it byte for byte as it was.
. "$(dirname "$0")/lib.sh"

ESC=$(printf "\033")

test_expect_success 'setup: a trial that names a witness, and the witness' '
	randomizer witness init dmc --name dmc.example.no/w1 >dmc.vkey &&
	cp "$PROTOCOLS/supported-employment.ini" p.ini &&
	printf "\n[witness dmc]\nkey = %s\n" "$(cat dmc.vkey)" >>p.ini &&
	trial init se.db --protocol p.ini >/dev/null &&
	trial site add se.db 0301 --name Oslo >/dev/null &&
	gen_register --rows 4 --seed 1 --sites 0301 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer witness trust dmc "$(randomizer log se.db --verifier-key)"
'

test_expect_success 'trial init --linkage-pub: a missing, empty or hostile key file' '
	test_exit 2 trial init a.db --protocol p.ini --linkage-pub nothere 2>err &&
	grep -F "cannot open key file '"'"'nothere'"'"'" err && test ! -e a.db && test ! -e a.keys &&
	printf "=cmd|calc\n" >formula.pub &&
	test_exit 2 trial init a.db --protocol p.ini --linkage-pub formula.pub 2>err &&
	grep -F "is damaged, expected 64 hex digits" err && test ! -e a.db &&
	test_exit 2 trial init a.db --protocol p.ini --linkage-pub /dev/zero 2>err &&
	test ! -e a.db && test ! -e a.keys
'

test_expect_success 'trial linkage keygen and export: missing arguments, a file in the way' '
	test_exit 2 trial linkage keygen 2>err && grep -F "expected one FILE" err &&
	trial linkage keygen k >/dev/null && test_exit 2 trial linkage keygen k 2>err &&
	grep -F "already exists" err &&
	test_unchanged se.db trial linkage export se.db --key k 2>err &&
	grep -F -- "--key FILE and --out FILE are required" err &&
	test_unchanged se.db trial linkage export se.db --key /dev/zero --out x.csv 2>err &&
	test ! -e x.csv &&
	test_unchanged se.db trial linkage export se.db --key k --out x.csv --format csv 2>err &&
	grep -F "unknown option" err
'

test_expect_success 'witness init: a bad name, a directory in the way' '
	test_exit 2 randomizer witness init w2 --name "a b" 2>err &&
	grep -F "has a space" err && test ! -e w2 &&
	test_exit 2 randomizer witness init w2 --name "dmc${ESC}[5m" 2>err &&
	grep -F "control character" err && ! grep -F "$ESC" err && test ! -e w2 &&
	test_exit 2 randomizer witness init w2 2>err && grep -F -- "--name NAME is required" err &&
	test_exit 2 randomizer witness init dmc --name x 2>err && grep -F "cannot create witness directory" err
'

test_expect_success 'witness trust and add-checkpoint: not a key, not a request, /dev/zero' '
	test_exit 2 randomizer witness trust dmc "<b>x</b>" 2>err &&
	grep -F "is not a log'"'"'s verifier key" err &&
	test_exit 2 randomizer witness trust nowhere "$(randomizer log se.db --verifier-key)" 2>err &&
	grep -F "is not a witness directory" err &&
	test_exit 2 randomizer witness add-checkpoint dmc /dev/zero 2>err &&
	grep -F "over 1 MiB" err &&
	printf "old 0\n\n=HYPERLINK(\"x\")\n" >f.req &&
	test_exit 2 randomizer witness add-checkpoint dmc f.req 2>err &&
	grep -F "refused (404): unknown log" err &&
	test_exit 2 randomizer witness add-checkpoint dmc nothere 2>err &&
	grep -F "cannot open '"'"'nothere'"'"'" err
'

test_expect_success 'witness serve: a bad address, no directory' '
	test_exit 2 randomizer witness serve dmc --listen localhost 2>err &&
	grep -F "is not HOST:PORT" err &&
	test_exit 2 randomizer witness serve dmc --listen 127.0.0.1:99999 2>err &&
	test_exit 2 randomizer witness serve --listen 127.0.0.1:0 2>err &&
	grep -F "one DIR is required" err
'

test_expect_success 'cosign request and add: bad values and junk leave the store unchanged' '
	test_exit 1 randomizer assign se.db P000001 2>/dev/null &&
	test_unchanged se.db randomizer cosign request se.db 2>err &&
	grep -F -- "--witness NAME (or --old N) is required" err &&
	test_unchanged se.db randomizer cosign request se.db --witness nobody 2>err &&
	grep -F "the protocol names no witness '"'"'nobody'"'"'" err &&
	test_unchanged se.db randomizer cosign request se.db --old -1 2>err &&
	test_unchanged se.db randomizer cosign request se.db --old 999999 2>err &&
	grep -F "this store is an older copy" err &&
	cp se.db before.db &&
	randomizer cosign add se.db /dev/zero >out &&
	grep -x "cosigned by 0 of 1 witnesses (quorum 1)" out &&
	printf "— dmc.example.no/w1 =cmd|x\n<script>\n${ESC}[2J\n" >junk &&
	randomizer cosign add se.db junk >out && cmp before.db se.db &&
	test_unchanged se.db randomizer cosign add se.db nothere 2>err &&
	grep -F "cannot open '"'"'nothere'"'"'" err
'

test_expect_success 'receipt and verify-receipt: bad ids, missing fingerprint, /dev/zero' '
	test_unchanged se.db randomizer receipt se.db 2>err && grep -F "one PARTICIPANT is required" err &&
	test_unchanged se.db randomizer receipt se.db "<P1>" 2>err &&
	grep -F "is not a participant id" err &&
	test_exit 2 randomizer verify-receipt /dev/zero 2>err &&
	grep -F -- "--fingerprint FP" err &&
	test_exit 2 randomizer verify-receipt /dev/zero --fingerprint "$(printf %064d 0)" 2>err &&
	grep -F "not a receipt" err &&
	test_exit 2 randomizer verify-receipt nothere --fingerprint "$(printf %064d 0)" 2>err &&
	grep -F "cannot open '"'"'nothere'"'"'" err
'

test_expect_success 'log and verify: options that do not apply are refused, not ignored' '
	test_exit 2 randomizer log se.db --checkpoint --format json 2>err &&
	grep -F -- "--format does not apply" err &&
	test_exit 2 randomizer log se.db --verifier-key --format csv 2>err &&
	test_exit 2 randomizer log se.db --head --checkpoint 2>err &&
	grep -F "one at a time" err &&
	test_exit 2 randomizer verify se.db --head /dev/zero 2>err &&
	grep -F "is not a checkpoint (empty, over 64 KiB or not text)" err &&
	test_exit 2 randomizer verify se.db --head "<x>" 2>err &&
	grep -F "is not 64 hex digits (a head) nor a checkpoint file" err &&
	test_unchanged se.db randomizer reveal se.db --yes --now 2>err &&
	grep -F "unknown option" err
'

test_done
