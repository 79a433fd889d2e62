/*
 * Unit tests of lib/note.c against the example of Go's
 * golang.org/x/mod/sumdb/note documentation (the PeterNeumann key, its
 * verifier key and the signed note, reproduced byte for byte since Ed25519
 * is deterministic), and checkpoints written and read back.
 */
#include <sodium.h>

#include "note.h"
#include "unit.h"

static const char go_skey_b64[] =
    "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
static const char go_vkey[] =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
static const char go_text[] =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
static const char go_note[] =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
    "\n"
    "\xe2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdn"
    "gotpRZb6KE6RyyBwJnAM=\n";

static void
go_key(unsigned char pk[crypto_sign_PUBLICKEYBYTES],
    unsigned char sk[crypto_sign_SECRETKEYBYTES])
{
	unsigned char seed[1 + crypto_sign_SEEDBYTES];
	size_t len = 0;

	assert_int_equal(sodium_base642bin(seed, sizeof(seed), go_skey_b64,
			     strlen(go_skey_b64), NULL, &len, NULL,
			     sodium_base64_VARIANT_ORIGINAL),
	    0);
	assert_int_equal(len, sizeof(seed));
	assert_int_equal(seed[0], 1);
	crypto_sign_seed_keypair(pk, sk, seed + 1);
}

static void
test_note__go_example_byte_for_byte(void **state)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES],
	    sk[crypto_sign_SECRETKEYBYTES];
	unsigned char pk2[crypto_sign_PUBLICKEYBYTES];
	struct rct_buf b = RCT_BUF_INIT;
	char name[64];
	size_t tl = 0;

	(void)state;
	go_key(pk, sk);
	assert_int_equal(rct_note_key_hash("PeterNeumann", pk), 0xc74f20a3);
	rct_note_verifier_key(&b, "PeterNeumann", pk);
	assert_string_equal(rct_buf_str(&b), go_vkey);
	rct_buf_reset(&b);
	assert_int_equal(rct_note_parse_verifier_key(go_vkey, name,
			     sizeof(name), pk2),
	    0);
	assert_string_equal(name, "PeterNeumann");
	assert_memory_equal(pk, pk2, sizeof(pk));
	rct_note_sign(&b, go_text, "PeterNeumann", sk);
	assert_string_equal(rct_buf_str(&b), go_note);
	assert_int_equal(rct_note_verify(go_note, strlen(go_note),
			     "PeterNeumann", pk, &tl),
	    0);
	assert_int_equal(tl, strlen(go_text));
	rct_buf_release(&b);
}

static void
test_note__forgeries_are_refused(void **state)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES],
	    sk[crypto_sign_SECRETKEYBYTES];
	unsigned char other_pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char other_sk[crypto_sign_SECRETKEYBYTES];
	char note[sizeof(go_note)], name[64];
	size_t tl;

	(void)state;
	go_key(pk, sk);
	crypto_sign_keypair(other_pk, other_sk);
	memcpy(note, go_note, sizeof(note));
	note[3] ^= 1; /* the text changed */
	assert_int_not_equal(rct_note_verify(note, strlen(note), "PeterNeumann",
				 pk, &tl),
	    0);
	assert_int_not_equal(rct_note_verify(go_note, strlen(go_note),
				 "PeterNeumann", other_pk, &tl),
	    0);
	assert_int_not_equal(rct_note_verify(go_note, strlen(go_note),
				 "EnochRoot", pk, &tl),
	    0);
	assert_int_not_equal(rct_note_verify(go_text, strlen(go_text),
				 "PeterNeumann", pk, &tl),
	    0);
	/* A verifier key whose hash does not match its key. */
	assert_int_not_equal(
	    rct_note_parse_verifier_key(
		"PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiB"
		"fsVkmqq/LDE4izWy10TW",
		name, sizeof(name), pk),
	    0);
}

static void
test_note__checkpoints_round_trip(void **state)
{
	unsigned char root[32], back[32];
	struct rct_buf b = RCT_BUF_INIT;
	char origin[128];
	uint64_t size = 0;

	(void)state;
	crypto_hash_sha256(root, (const unsigned char *)"x", 1);
	rct_note_checkpoint(&b, "rct.example/ISRCTN00000001", 1000008, root);
	assert_int_equal(rct_note_parse_checkpoint(rct_buf_str(&b), b.len,
			     origin, sizeof(origin), &size, back),
	    0);
	assert_string_equal(origin, "rct.example/ISRCTN00000001");
	assert_int_equal(size, 1000008);
	assert_memory_equal(root, back, 32);
	assert_int_not_equal(rct_note_parse_checkpoint("o\n012\nAA==\n", 11,
				 origin, sizeof(origin), &size, back),
	    0);
	rct_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_note__go_example_byte_for_byte),
	    cmocka_unit_test(test_note__forgeries_are_refused),
	    cmocka_unit_test(test_note__checkpoints_round_trip),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
