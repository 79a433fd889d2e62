/* Interned strings (intern.h): open addressing on FNV-1a, kept half empty. */
#include <stdlib.h>
#include <string.h>

#include "intern.h"
#include "text.h"

static int
grow(struct rct_intern *in)
{
	size_t cap = in->nslots ? 2 * in->nslots : 64, i, j;
	int32_t *slots;

	if ((slots = calloc(cap, sizeof(*slots))) == NULL)
		return -1;
	for (j = 0; j < in->n; j++) {
		for (i = rct_text_hash_string(in->names[j]) & (cap - 1);
		     slots[i]; i = (i + 1) & (cap - 1))
			;
		slots[i] = (int32_t)j + 1;
	}
	free(in->slots);
	in->slots = slots;
	in->nslots = cap;
	return 0;
}

int
rct_intern(struct rct_intern *in, const char *s)
{
	size_t i;
	char **grown;

	if (2 * (in->n + 1) > in->nslots && grow(in) != 0)
		return -1;
	for (i = rct_text_hash_string(s) & (in->nslots - 1); in->slots[i];
	     i = (i + 1) & (in->nslots - 1))
		if (strcmp(in->names[in->slots[i] - 1], s) == 0)
			return in->slots[i] - 1;
	if (in->n == in->cap) {
		size_t cap = in->cap ? 2 * in->cap : 16;

		if ((grown = realloc(in->names, cap * sizeof(*grown))) == NULL)
			return -1;
		in->names = grown;
		in->cap = cap;
	}
	if ((in->names[in->n] = strdup(s)) == NULL)
		return -1;
	in->slots[i] = (int32_t)in->n + 1;
	return (int)in->n++;
}

void
rct_intern_release(struct rct_intern *in)
{
	free(in->slots);
	free(in->names);
	memset(in, 0, sizeof(*in));
}

void
rct_intern_release_all(struct rct_intern *in)
{
	size_t k;

	for (k = 0; k < in->n; k++)
		free(in->names[k]);
	rct_intern_release(in);
}
