/*
 * Unit tests of trial/identity.c against numbers published as valid by
 * others: NAV's test suites (navikt, etterlatte FoedselsnummerValidator)
 * and the Nonin library's samples, generated with fnr.js.
 */
#include <stdio.h>

#include <sodium.h>

#include "identity.h"
#include "unit.h"

static void
test_identity__published_fnr_are_valid(void **state)
{
	static const char *const valid[] = {"11057523044", "26117512737",
	    "26104500284", "24116324268", "04096222195", "05126307952",
	    "29100207042"};
	enum rct_id_kind kind;
	char why[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		assert_int_equal(rct_identity_check(valid[i], &kind, why,
				     sizeof(why)),
		    0);
		assert_int_equal(kind, RCT_ID_FNR);
	}
}

static void
test_identity__d_and_synthetic_numbers(void **state)
{
	enum rct_id_kind kind;
	char why[256];

	(void)state;
	/* Nonin's sample D-number. */
	assert_int_equal(rct_identity_check("43022014103", &kind, why,
			     sizeof(why)),
	    0);
	assert_int_equal(kind, RCT_ID_DNR);
	/* NAV's synthetic numbers have month + 40. */
	assert_int_equal(rct_identity_check("02438311109", &kind, why,
			     sizeof(why)),
	    0);
	assert_int_equal(kind, RCT_ID_HNR);
	assert_int_equal(rct_identity_check("18498248795", &kind, why,
			     sizeof(why)),
	    0);
}

/* An 11-digit number for the date, with the first individual number that
 * has check digits. */
static int
with_check_digits(const char *date, char out[12])
{
	char nine[10], cd[3];
	int i;

	for (i = 0; i < 500; i++) {
		snprintf(nine, sizeof(nine), "%.6s%03d", date, i);
		if (rct_identity_fnr_check_digits(nine, cd) == 0) {
			snprintf(out, 12, "%.9s%.2s", nine, cd);
			return 0;
		}
	}
	return -1;
}

static int
contains(const unsigned char *hay, size_t n, const char *needle)
{
	size_t i, k = strlen(needle);

	for (i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return 1;
	return 0;
}

static void
test_identity__bad_numbers_say_why_without_the_number(void **state)
{
	enum rct_id_kind kind;
	char why[256], number[12];

	(void)state;
	/* One digit changed from a valid number. */
	assert_int_equal(rct_identity_check("11057523045", &kind, why,
			     sizeof(why)),
	    -1);
	assert_non_null(strstr(why, "check digits"));
	assert_null(strstr(why, "11057523045"));
	assert_int_equal(rct_identity_check("00000000000", &kind, why,
			     sizeof(why)),
	    -1);
	assert_int_equal(rct_identity_check("1105752304", &kind, why,
			     sizeof(why)),
	    -1);
	assert_int_equal(rct_identity_check("1105752304a", &kind, why,
			     sizeof(why)),
	    -1);
	/* Valid check digits, but 31 November does not exist. */
	assert_int_equal(with_check_digits("311175", number), 0);
	assert_int_equal(rct_identity_check(number, &kind, why, sizeof(why)),
	    -1);
	assert_non_null(strstr(why, "birth date"));
}

static void
test_identity__duf_control_digits(void **state)
{
	enum rct_id_kind kind;
	char why[256], cd[3];

	(void)state;
	/*
	 * 2014 000123: weights 4 6 3 2 4 6 3 2 7 5 give
	 * 2*4+0*6+1*3+4*2+0*4+0*6+0*3+1*2+2*7+3*5 = 50; 50 mod 11 = 6.
	 */
	rct_identity_duf_check_digits("2014000123", cd);
	assert_string_equal(cd, "06");
	assert_int_equal(rct_identity_check("201400012306", &kind, why,
			     sizeof(why)),
	    0);
	assert_int_equal(kind, RCT_ID_DUF);
	assert_int_equal(rct_identity_check("201400012307", &kind, why,
			     sizeof(why)),
	    -1);
}

static void
test_identity__pseudonyms_are_keyed_and_sealing_round_trips(void **state)
{
	struct rct_keys k1, k2;
	struct rct_linkage_key lk1, lk2;
	struct rct_identity_keys ik1, ik2;
	unsigned char p1[RCT_PSEUDONYM_BYTES], p2[RCT_PSEUDONYM_BYTES];
	unsigned char p3[RCT_PSEUDONYM_BYTES], sealed[RCT_SEALED_BYTES];
	char opened[RCT_ID_MAX + 1];

	(void)state;
	rct_keys_generate(&k1, &lk1);
	rct_keys_generate(&k2, &lk2);
	assert_int_equal(rct_identity_keys_derive(&ik1, &k1), 0);
	assert_int_equal(rct_identity_keys_derive(&ik2, &k2), 0);
	rct_identity_pseudonym(p1, &ik1, "11057523044");
	rct_identity_pseudonym(p2, &ik1, "11057523044");
	rct_identity_pseudonym(p3, &ik2, "11057523044");
	assert_memory_equal(p1, p2, sizeof(p1));
	assert_memory_not_equal(p1, p3, sizeof(p1));
	rct_identity_seal(sealed, &ik1, p1, "11057523044");
	assert_false(contains(sealed, sizeof(sealed), "11057523044"));
	/* Only the linkage key's holder opens; the enrolling side cannot. */
	assert_int_equal(rct_identity_open(opened, &lk1, p1, sealed,
			     sizeof(sealed)),
	    0);
	assert_string_equal(opened, "11057523044");
	assert_int_equal(rct_identity_open(opened, &lk2, p1, sealed,
			     sizeof(sealed)),
	    -1);
	assert_memory_not_equal(ik1.shared, lk1.sk, sizeof(lk1.sk));
	sealed[40] ^= 1;
	assert_int_equal(rct_identity_open(opened, &lk1, p1, sealed,
			     sizeof(sealed)),
	    -1);
	rct_keys_wipe(&k1);
	rct_keys_wipe(&k2);
	rct_keys_linkage_wipe(&lk1);
	rct_keys_linkage_wipe(&lk2);
	rct_identity_keys_wipe(&ik1);
	rct_identity_keys_wipe(&ik2);
}

/* A store of schema 2 sealed with secretbox under subkey 2 of identity.key;
 * the same root opens it. */
static void
test_identity__legacy_sealed_numbers_open_with_the_old_key(void **state)
{
	struct rct_linkage_key lk;
	unsigned char key[32], nonce[RCT_PSEUDONYM_BYTES];
	unsigned char plain[RCT_ID_MAX] = "11057523044";
	unsigned char sealed[RCT_SEALED_LEGACY_BYTES];
	char opened[RCT_ID_MAX + 1];

	(void)state;
	randombytes_buf(lk.root, sizeof(lk.root));
	rct_keys_linkage_derive(&lk);
	randombytes_buf(nonce, sizeof(nonce));
	rct_keys_subkey(key, lk.root, RCT_SUBKEY_LEGACY_SEAL);
	crypto_secretbox_easy(sealed, plain, sizeof(plain), nonce, key);
	assert_int_equal(rct_identity_open(opened, &lk, nonce, sealed,
			     sizeof(sealed)),
	    0);
	assert_string_equal(opened, "11057523044");
	sealed[0] ^= 1;
	assert_int_equal(rct_identity_open(opened, &lk, nonce, sealed,
			     sizeof(sealed)),
	    -1);
	rct_keys_linkage_wipe(&lk);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_identity__published_fnr_are_valid),
	    cmocka_unit_test(test_identity__d_and_synthetic_numbers),
	    cmocka_unit_test(
		test_identity__bad_numbers_say_why_without_the_number),
	    cmocka_unit_test(test_identity__duf_control_digits),
	    cmocka_unit_test(
		test_identity__pseudonyms_are_keyed_and_sealing_round_trips),
	    cmocka_unit_test(
		test_identity__legacy_sealed_numbers_open_with_the_old_key),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
