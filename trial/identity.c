/*
 * Identity numbers (identity.h).  The check-digit weights are those of
 * Skatteetaten's fødselsnummer (3 7 6 1 8 9 4 5 2, then 5 4 3 2 7 6 5 4 3
 * 2) and of UDI's DUF number (4 6 3 2 4 6 3 2 7 5, remainder mod 11 as two
 * digits).  How numbers are sealed: identity.h.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "identity.h"
#include "text.h"

static int
digits_only(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return s[n] == '\0';
}

static int
weighted_sum(const char *s, const int *w, size_t n)
{
	int sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += (s[i] - '0') * w[i];
	return sum;
}

int
rct_identity_fnr_check_digits(const char *nine, char out[3])
{
	static const int w1[] = {3, 7, 6, 1, 8, 9, 4, 5, 2};
	static const int w2[] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
	char ten[11];
	int k1, k2;

	k1 = 11 - weighted_sum(nine, w1, 9) % 11;
	if (k1 == 11)
		k1 = 0;
	if (k1 == 10)
		return -1;
	memcpy(ten, nine, 9);
	ten[9] = (char)('0' + k1);
	ten[10] = '\0';
	k2 = 11 - weighted_sum(ten, w2, 10) % 11;
	if (k2 == 11)
		k2 = 0;
	if (k2 == 10)
		return -1;
	out[0] = (char)('0' + k1);
	out[1] = (char)('0' + k2);
	out[2] = '\0';
	return 0;
}

void
rct_identity_duf_check_digits(const char *ten, char out[3])
{
	static const int w[] = {4, 6, 3, 2, 4, 6, 3, 2, 7, 5};

	int r = weighted_sum(ten, w, 10) % 11;

	out[0] = (char)('0' + r / 10);
	out[1] = (char)('0' + r % 10);
	out[2] = '\0';
}

/* The century of a birth year from the individual number (Skatteetaten). */
static int
birth_year(int yy, int individual)
{
	if (individual <= 499)
		return 1900 + yy;
	if (individual <= 749 && yy >= 54)
		return 1800 + yy;
	if (individual >= 900 && yy >= 40)
		return 1900 + yy;
	if (yy <= 39)
		return 2000 + yy;
	return -1;
}

static int
check_fnr(const char *s, enum rct_id_kind *kind, char *why, size_t whylen)
{
	char cd[3];
	int day, month, year;

	if (rct_identity_fnr_check_digits(s, cd) < 0 || s[9] != cd[0] ||
	    s[10] != cd[1]) {
		snprintf(why, whylen, "identity number has wrong check digits");
		return -1;
	}
	day = (s[0] - '0') * 10 + (s[1] - '0');
	month = (s[2] - '0') * 10 + (s[3] - '0');
	*kind = RCT_ID_FNR;
	if (day > 40) {
		day -= 40;
		*kind = RCT_ID_DNR;
	}
	if (month > 80) {
		month -= 80;
		*kind = RCT_ID_SYNTHETIC;
	} else if (month > 40) {
		month -= 40;
		*kind = RCT_ID_HNR;
	}
	year = birth_year((s[4] - '0') * 10 + (s[5] - '0'),
	    (s[6] - '0') * 100 + (s[7] - '0') * 10 + (s[8] - '0'));
	if (year < 0 || month < 1 || month > 12 || day < 1 ||
	    day > rct_text_days_in_month(year, month)) {
		snprintf(why, whylen,
		    "identity number does not encode a valid "
		    "birth date");
		return -1;
	}
	return 0;
}

int
rct_identity_check(const char *s, enum rct_id_kind *kind, char *why,
    size_t whylen)
{
	char cd[3];
	size_t n = strlen(s);

	if (n == 11 && digits_only(s, 11))
		return check_fnr(s, kind, why, whylen);
	if (n == 12 && digits_only(s, 12)) {
		rct_identity_duf_check_digits(s, cd);
		if (s[10] != cd[0] || s[11] != cd[1]) {
			snprintf(why, whylen,
			    "DUF number has wrong control "
			    "digits");
			return -1;
		}
		*kind = RCT_ID_DUF;
		return 0;
	}
	if (n == 10 && digits_only(s, 10)) {
		/*
		 * A fødselsnummer of someone born on the 1st to the 9th starts
		 * with 0, which a spreadsheet drops when it takes the column
		 * for a number.  The number itself is never shown.
		 */
		char padded[12], inner[200];
		int rc;

		padded[0] = '0';
		memcpy(padded + 1, s, 11);
		rc = check_fnr(padded, kind, inner, sizeof(inner));
		sodium_memzero(padded, sizeof(padded));
		if (rc == 0)
			snprintf(why, whylen,
			    "identity number has 10 digits; did a spreadsheet "
			    "drop its leading zero? with it, its check digits "
			    "are right: format the column as text and save the "
			    "register again");
		else
			snprintf(why, whylen,
			    "identity number has 10 digits, expected 11 "
			    "(fødselsnummer or D-number) or 12 (DUF number); "
			    "did a spreadsheet drop a leading zero? format the "
			    "column as text");
		return -1;
	}
	snprintf(why, whylen,
	    "identity number is not 11 digits (fødselsnummer "
	    "or D-number) or 12 digits (DUF number)");
	return -1;
}

const char *
rct_identity_kind_name(enum rct_id_kind kind)
{
	static const char *const names[] = {"fødselsnummer", "D-number",
	    "H-number", "synthetic", "DUF number"};

	return names[kind];
}

int
rct_identity_keys_derive(struct rct_identity_keys *ik, const struct rct_keys *k)
{
	unsigned char sk[crypto_box_SECRETKEYBYTES];
	int rc;

	rct_identity_keys_pseudonym(ik, k);
	crypto_box_keypair(ik->ephemeral_pk, sk);
	rc = crypto_box_beforenm(ik->shared, k->linkage_pk, sk);
	sodium_memzero(sk, sizeof(sk));
	return rc == 0 ? 0 : -1;
}

void
rct_identity_keys_pseudonym(struct rct_identity_keys *ik,
    const struct rct_keys *k)
{
	memcpy(ik->pseudonym, k->pseudonym, sizeof(ik->pseudonym));
	crypto_generichash_init(&ik->keyed, ik->pseudonym,
	    sizeof(ik->pseudonym), RCT_PSEUDONYM_BYTES);
}

void
rct_identity_keys_wipe(struct rct_identity_keys *ik)
{
	sodium_memzero(ik, sizeof(*ik));
}

void
rct_identity_pseudonym(unsigned char out[RCT_PSEUDONYM_BYTES],
    const struct rct_identity_keys *ik, const char *id)
{
	crypto_generichash_state st = ik->keyed;

	/* The same as crypto_generichash keyed by ik->pseudonym. */
	crypto_generichash_update(&st, (const unsigned char *)id, strlen(id));
	crypto_generichash_final(&st, out, RCT_PSEUDONYM_BYTES);
	sodium_memzero(&st, sizeof(st));
}

void
rct_identity_seal(unsigned char out[RCT_SEALED_BYTES],
    const struct rct_identity_keys *ik,
    const unsigned char pseudonym[RCT_PSEUDONYM_BYTES], const char *id)
{
	unsigned char plain[RCT_ID_MAX] = {0};

	/* Padded to a fixed length, so the sealed size does not tell the kind.
	 */
	memcpy(plain, id, strlen(id));
	memcpy(out, ik->ephemeral_pk, crypto_box_PUBLICKEYBYTES);
	crypto_box_easy_afternm(out + crypto_box_PUBLICKEYBYTES, plain,
	    sizeof(plain), pseudonym, ik->shared);
	sodium_memzero(plain, sizeof(plain));
}

int
rct_identity_open(char out[RCT_ID_MAX + 1], const struct rct_linkage_key *lk,
    const unsigned char pseudonym[RCT_PSEUDONYM_BYTES],
    const unsigned char *sealed, size_t sealed_len)
{
	unsigned char key[crypto_box_BEFORENMBYTES];
	int rc = -1;

	if (sealed_len == RCT_SEALED_BYTES) {
		if (crypto_box_beforenm(key, sealed, lk->sk) == 0)
			rc = crypto_box_open_easy_afternm((unsigned char *)out,
			    sealed + crypto_box_PUBLICKEYBYTES,
			    RCT_SEALED_BYTES - crypto_box_PUBLICKEYBYTES,
			    pseudonym, key);
	} else if (sealed_len == RCT_SEALED_LEGACY_BYTES) {
		rct_keys_subkey(key, lk->root, RCT_SUBKEY_LEGACY_SEAL);
		rc = crypto_secretbox_open_easy((unsigned char *)out, sealed,
		    RCT_SEALED_LEGACY_BYTES, pseudonym, key);
	}
	sodium_memzero(key, sizeof(key));
	out[RCT_ID_MAX] = '\0';
	return rc == 0 ? 0 : -1;
}
