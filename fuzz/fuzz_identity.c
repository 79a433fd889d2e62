/*
 * libFuzzer harness: the identity-number validator (trial/identity.c) on
 * arbitrary strings (fødselsnummer, D- and H-numbers, DUF numbers).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "identity.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), why[256];
	enum rct_id_kind kind;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	/* A verdict either way, never a crash; a valid number has a kind. */
	if (rct_identity_check(s, &kind, why, sizeof(why)) == 0 &&
	    kind != RCT_ID_FNR && kind != RCT_ID_DNR && kind != RCT_ID_HNR &&
	    kind != RCT_ID_SYNTHETIC && kind != RCT_ID_DUF)
		__builtin_trap();
	free(s);
	return 0;
}
