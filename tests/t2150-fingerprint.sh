#!/bin/sh
# Verification anchored outside the store (TRUST.md, rule 5): init prints a
# fingerprint for the trial registration, anyone can recompute it from the
# init entry with b2sum, and verify --fingerprint refuses a store that was
# rewritten with fresh keys, which without an anchor agrees with itself.
. "$(dirname "$0")/lib.sh"

run_trial () {
	trial init "$1" --protocol "$PROTOCOLS/supported-employment.ini" >"$1.init" &&
	trial site add "$1" 0301 --name Oslo --target 40 >/dev/null &&
	trial import "$1" reg.csv >/dev/null &&
	randomizer assign "$1" --pending >/dev/null
}

test_expect_success 'setup: a trial and its registered fingerprint' '
	gen_register --rows 20 --seed 3 --sites 0301 >reg.csv &&
	run_trial se.db &&
	sed -n "s/^fingerprint  *//p" se.db.init >fp &&
	grep -E "^[0-9a-f]{64}$" fp
'

test_expect_success 'the fingerprint is the b2sum of the documented text' '
	randomizer log se.db --format json >log.json &&
	payload=$(sqlite3 se.db "SELECT payload FROM audit WHERE seq = 1") &&
	get () { printf "%s" "$payload" | sed -n "s/.*\"$1\":\"\([0-9a-f]*\)\".*/\1/p"; } &&
	printf "rct-fingerprint-v1\nsigning_key %s\ncommitment %s\nprotocol_hash %s\nconcealed_hash %s\nlinkage_key %s\npseudonym_check %s\n" \
		"$(get signing_key)" "$(get commitment)" "$(get protocol_hash)" \
		"$(get concealed_hash)" "$(get linkage_key)" "$(get pseudonym_check)" |
		sed "s/^concealed_hash $/concealed_hash none/" | b2sum -l 256 | cut -c1-64 >want &&
	test_cmp fp want &&
	trial info se.db --format csv | grep -F "$(cat fp)"
'

test_expect_success 'verify says what it was anchored in' '
	randomizer verify se.db >out &&
	grep -F "consistent with itself only (give --fingerprint" out &&
	randomizer verify se.db --fingerprint "$(cat fp)" >out &&
	grep -F "the trial registered with fingerprint $(cut -c1-16 fp)..." out
'

test_expect_success 'a store rewritten with fresh keys passes alone, fails the fingerprint' '
	mkdir forged && cp reg.csv forged/ && (cd forged && run_trial se.db) &&
	randomizer verify forged/se.db >out &&
	grep -F "consistent with itself only" out &&
	test_exit 1 randomizer verify forged/se.db --fingerprint "$(cat fp)" 2>err &&
	grep -F "does not match the fingerprint $(cut -c1-16 fp)...: its init entry fixed another signing key" err
'

test_expect_success 'a fingerprint that is not one is bad usage' '
	test_exit 2 randomizer verify se.db --fingerprint abc 2>err &&
	grep -F "fingerprint '"'"'abc'"'"' is not 64 hex digits" err
'

test_done
