/*
 * id_bruteforce YEAR TEMPLATE TARGETS: the attack of an outsider with a
 * copy of the store on a one-row register (TRUST.md, rule 4).  Every byte
 * of such a file but the identity number is in the store, and a birth
 * year leaves a few million candidate numbers: so any unkeyed digest of
 * the file, or of the number, gives the number away.  For every valid
 * fødselsnummer, D-number and synthetic test number born in YEAR, the file
 * TEMPLATE with "@ID@" replaced by the candidate is hashed with BLAKE2b-256
 * (as libsodium's crypto_generichash, unkeyed), and so is the candidate
 * alone; a hash found among the 64-hex-digit strings of TARGETS (a dump of
 * the store and its log) is a hit.  Prints the number of candidates tried
 * and of hits; exits 1 on a hit, 0 on none, 2 on bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "identity.h"

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0 ||
	    (buf = malloc((size_t)n + 1)) == NULL) {
		if (fp)
			fclose(fp);
		return NULL;
	}
	*len = fread(buf, 1, (size_t)n, fp);
	buf[*len] = '\0';
	fclose(fp);
	return buf;
}

static int
cmp32(const void *a, const void *b)
{
	return memcmp(a, b, 32);
}

static int
ishex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

int
main(int argc, char **argv)
{
	unsigned char(*targets)[32] = NULL, h[32];
	size_t ntargets = 0, cap = 0, tlen, dlen, i, j, run, pre;
	char *tmpl, *dump, *at, *file, nine[32], cd[3], id[48];
	long tried = 0, hits = 0;
	int year, day, month, form, ind;

	if (argc != 4 || sodium_init() < 0)
		return 2;
	year = atoi(argv[1]) % 100;
	if ((tmpl = slurp(argv[2], &tlen)) == NULL ||
	    (dump = slurp(argv[3], &dlen)) == NULL ||
	    (at = strstr(tmpl, "@ID@")) == NULL) {
		fprintf(stderr, "id_bruteforce: cannot read the files\n");
		return 2;
	}
	for (i = 0; i < dlen; i = j) {
		for (j = i; j < dlen && ishex((unsigned char)dump[j]); j++)
			;
		run = j - i;
		for (; run >= 64 && i + 64 <= j; i += 2) {
			if (ntargets == cap) {
				void *grown;

				cap = cap ? 2 * cap : 1024;
				if ((grown = realloc(targets, cap * 32)) ==
				    NULL) {
					free(targets);
					return 2;
				}
				targets = grown;
			}
			if (sodium_hex2bin(targets[ntargets], 32, dump + i, 64,
				NULL, NULL, NULL) == 0)
				ntargets++;
		}
		if (j == i)
			j++;
	}
	qsort(targets, ntargets, 32, cmp32);
	pre = (size_t)(at - tmpl);
	if ((file = malloc(tlen + 16)) == NULL)
		return 2;
	memcpy(file, tmpl, pre);
	for (form = 0; form < 3; form++)
		for (month = 1; month <= 12; month++)
			for (day = 1; day <= 31; day++)
				for (ind = 0; ind < 1000; ind++) {
					snprintf(nine, sizeof(nine),
					    "%02d%02d%02d%03d",
					    day + (form == 1 ? 40 : 0),
					    month + (form == 2 ? 80 : 0), year,
					    ind);
					if (rct_identity_fnr_check_digits(nine,
						cd) != 0)
						continue;
					snprintf(id, sizeof(id), "%s%s", nine,
					    cd);
					memcpy(file + pre, id, 11);
					memcpy(file + pre + 11, at + 4,
					    tlen - pre - 4);
					tried++;
					crypto_generichash(h, 32,
					    (unsigned char *)file,
					    tlen - 4 + 11, NULL, 0);
					if (ntargets &&
					    bsearch(h, targets, ntargets, 32,
						cmp32))
						hits++;
					crypto_generichash(h, 32,
					    (unsigned char *)id, 11, NULL, 0);
					if (ntargets &&
					    bsearch(h, targets, ntargets, 32,
						cmp32))
						hits++;
				}
	printf("tried %ld candidates against %zu hashes: %ld found\n", tried,
	    ntargets, hits);
	free(file);
	free(targets);
	free(tmpl);
	free(dump);
	return hits ? 1 : 0;
}
