#!/bin/sh
# Identity numbers (TRUST.md, rule 4; the linkage officer): enrolment seals
# each number to the linkage public key and holds no key that opens one;
# only the linkage key, which init writes beside the store for the officer
# to take away, opens them, in an audited export.  Nothing in the store is
# an unkeyed digest of bytes that hold a number: a brute force over every
# valid number of the birth year, from the store and the log alone, finds
# nothing for a one-row register or a one-row outcome file.  Every key file
# is checked against what init recorded before it is used.
. "$(dirname "$0")/lib.sh"

TOOLS="$TEST_ROOT/tests/bin"

test_expect_success 'init writes the linkage key apart from the service keys' '
	trial init se.db --protocol "$PROTOCOLS/supported-employment.ini" >out &&
	grep -E "^linkage_key +se.linkage.key$" out &&
	grep -E "^fingerprint +[0-9a-f]{64}$" out &&
	test "$(stat -c %a se.linkage.key)" = 600 &&
	ls se.keys >keys && printf "%s\n" linkage.pub pseudonym.key \
		randomization.key signing.key signing.pub >want &&
	test_cmp want keys &&
	trial site add se.db 0301 --name Oslo --target 40 >/dev/null &&
	mkdir officer && chmod 700 officer && mv se.linkage.key officer/
'

test_expect_success 'enrolment works without the linkage key at hand' '
	gen_register --rows 30 --seed 5 --sites 0301 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	test "$(sqlite3 se.db "SELECT count(*) FROM identity")" = 30
'

test_expect_success 'no key of the service opens an identity' '
	for k in se.keys/*.key; do
		test_unchanged se.db trial linkage export se.db \
			--key "$k" --out x.csv 2>err &&
		grep -E "this linkage key is not the one store|is damaged" err &&
		test ! -e x.csv || return 1
	done
'

test_expect_success 'the linkage officer exports participant and number, audited' '
	trial linkage export se.db --key officer/se.linkage.key --out link.csv >out &&
	grep -E "^identities +30$" out &&
	test "$(stat -c %a link.csv)" = 600 &&
	trial export se.db --format csv | cut -d, -f1 | tail -n +2 >pids &&
	tail -n +2 reg.csv | cut -d, -f1 | paste -d, pids - >want &&
	{ echo participant,id_number && cat want; } >want.csv &&
	test_cmp want.csv link.csv &&
	randomizer log se.db --format csv | grep -F ",linkage.export," |
		grep -F "\"\"count\"\":30" &&
	randomizer verify se.db
'

test_expect_success 'an export never overwrites a file' '
	test_unchanged se.db trial linkage export se.db \
		--key officer/se.linkage.key --out link.csv 2>err &&
	grep -F "an export never overwrites a file" err
'

test_expect_success 'a key pair the officer made: only the public half given to init' '
	trial linkage keygen officer/own.key >out &&
	test "$(stat -c %a officer/own.key)" = 600 &&
	trial init own.db --protocol "$PROTOCOLS/supported-employment.ini" \
		--linkage-pub officer/own.key.pub >out &&
	test ! -e own.linkage.key &&
	grep -E "^linkage_key +officer/own.key.pub$" out &&
	trial site add own.db 0301 --name Oslo >/dev/null &&
	gen_register --rows 3 --seed 9 --sites 0301 >r3.csv && trial import own.db r3.csv >/dev/null &&
	trial linkage export own.db --key officer/own.key --out own.csv >/dev/null &&
	test "$(tail -n +2 own.csv | cut -d, -f2)" = "$(tail -n +2 r3.csv | cut -d, -f1)"
'

# One row: every byte of the file but the number is in the store.
brute_force () {
	sqlite3 "$1" .dump >dump.txt &&
	randomizer log "$1" --format json >>dump.txt &&
	"$TOOLS/id_bruteforce" "$2" "$3" dump.txt
}

test_expect_success 'a one-row register: a brute force over its birth year finds nothing' '
	trial init one.db --protocol "$PROTOCOLS/supported-employment.ini" >/dev/null &&
	trial site add one.db 0301 --name Oslo >/dev/null &&
	gen_register --rows 1 --seed 11 --sites 0301 >one.csv &&
	trial import one.db one.csv >/dev/null &&
	id=$(tail -1 one.csv | cut -d, -f1) &&
	year=$(tail -1 one.csv | cut -d, -f4) &&
	sed "s/$id/@ID@/" one.csv >one.tmpl &&
	brute_force one.db "$year" one.tmpl >bf.out &&
	cat bf.out &&
	grep -E "^tried [0-9]{6,} candidates against [0-9]+ hashes: 0 found$" bf.out
'

test_expect_success 'a one-row outcome file keyed by identity number: nothing either' '
	id=$(tail -1 one.csv | cut -d, -f1) &&
	year=$(tail -1 one.csv | cut -d, -f4) &&
	printf "id_number,outcome,value\n%s,earnings_12m,41000\n" "$id" >o1.csv &&
	trial outcome import one.db o1.csv >/dev/null &&
	sed "s/$id/@ID@/" o1.csv >o1.tmpl &&
	brute_force one.db "$year" o1.tmpl >bf.out &&
	grep -E " 0 found$" bf.out
'

test_expect_success 'the attack works where a digest is unkeyed (the tool can fail)' '
	year=$(tail -1 one.csv | cut -d, -f4) &&
	b2sum -l 256 one.csv | cut -c1-64 >leak.txt &&
	test_exit 1 "$TOOLS/id_bruteforce" "$year" one.tmpl leak.txt >bf.out &&
	grep -E " 1 found$" bf.out
'

swap_key () {
	cp -p "other.keys/$1" "se.keys/$1"
}

test_expect_success 'setup: another trial, whose keys are swapped in one by one' '
	trial init other.db --protocol "$PROTOCOLS/supported-employment.ini" >/dev/null &&
	cp -rp se.keys se.keys.orig
'

test_expect_success 'a swapped randomization key allocates nothing and reveals nothing' '
	swap_key randomization.key &&
	test_unchanged se.db randomizer assign se.db P000001 2>err &&
	grep -F "randomization.key in '"'"'se.keys'"'"' does not match the commitment" err &&
	test_unchanged se.db randomizer reveal se.db --yes --close-pending 2>err &&
	grep -F "does not match the commitment" err &&
	cp -p se.keys.orig/randomization.key se.keys/
'

test_expect_success 'a swapped pseudonym key enrols nobody' '
	swap_key pseudonym.key &&
	test_unchanged se.db trial import se.db reg.csv 2>err &&
	grep -F "pseudonym.key in '"'"'se.keys'"'"' is not the key store" err &&
	cp -p se.keys.orig/pseudonym.key se.keys/
'

test_expect_success 'a swapped linkage public key seals nothing to a stranger' '
	swap_key linkage.pub &&
	gen_register --rows 2 --seed 77 --sites 0301 --first 500 >new.csv &&
	test_unchanged se.db trial import se.db new.csv 2>err &&
	grep -F "linkage.pub in '"'"'se.keys'"'"' is not the linkage key" err &&
	cp -p se.keys.orig/linkage.pub se.keys/ &&
	trial import se.db new.csv >/dev/null
'

test_expect_success 'a keys directory that is a link, or not ours, is refused' '
	mv se.keys se.keys.real && ln -s se.keys.real se.keys &&
	test_unchanged se.db randomizer assign se.db P000001 2>err &&
	grep -F "keys directory '"'"'se.keys'"'"' is a symbolic link" err &&
	rm se.keys && mv se.keys.real se.keys &&
	if [ "$(id -u)" = 0 ]; then
		chown nobody se.keys &&
		test_unchanged se.db randomizer assign se.db P000001 2>err &&
		grep -F "belongs to another user" err &&
		chown root se.keys
	fi &&
	randomizer assign se.db P000001 >/dev/null
'

test_done
