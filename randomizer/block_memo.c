/* The memo of the walks through each stratum's blocks (block_memo.h). */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "block_memo.h"

struct entry {
	char *stratum;
	struct rct_alloc_block walk; /* its first walk.block_size arms */
};

struct rct_block_memo {
	unsigned char key[32]; /* of the secret and the protocol */
	struct entry *e;
	size_t n, cap;
};

static void
memo_free(void *arg)
{
	struct rct_block_memo *m = arg;
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++)
		free(m->e[i].stratum);
	sodium_memzero(m->e, m->cap * sizeof(*m->e));
	free(m->e);
	sodium_memzero(m, sizeof(*m));
	free(m);
}

/* The memo's key: the protocol's hash, hashed under the secret. */
static void
memo_key(unsigned char key[32], const unsigned char secret[32],
    const struct rct_protocol *p)
{
	static const char domain[] = "rct-block-memo-v1";
	crypto_generichash_state st;
	char hash[65];

	rct_protocol_hash_hex(p, hash);
	crypto_generichash_init(&st, secret, 32, 32);
	crypto_generichash_update(&st, (const unsigned char *)domain,
	    sizeof(domain));
	crypto_generichash_update(&st, (const unsigned char *)hash,
	    strlen(hash));
	crypto_generichash_final(&st, key, 32);
}

struct rct_block_memo *
rct_block_memo_of(struct rct_store *s, const unsigned char secret[32],
    const struct rct_protocol *p)
{
	struct rct_block_memo *m = rct_store_memo(s);
	unsigned char key[32];

	memo_key(key, secret, p);
	if (m != NULL && sodium_memcmp(m->key, key, sizeof(key)) == 0) {
		sodium_memzero(key, sizeof(key));
		return m;
	}
	if ((m = calloc(1, sizeof(*m))) != NULL)
		memcpy(m->key, key, sizeof(key));
	sodium_memzero(key, sizeof(key));
	rct_store_memo_set(s, m, m ? memo_free : NULL);
	return m;
}

/* A walk's position and the arms of its block, the rest not read. */
static void
copy_walk(struct rct_alloc_block *to, const struct rct_alloc_block *from)
{
	to->block = from->block;
	to->block_start = from->block_start;
	to->block_size = from->block_size;
	memcpy(to->arms, from->arms, (size_t)from->block_size * sizeof(int));
}

static struct entry *
find(struct rct_block_memo *m, const char *stratum)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->e[i].stratum, stratum) == 0)
			return &m->e[i];
	return NULL;
}

int
rct_block_memo_get(struct rct_block_memo *m, const char *stratum,
    struct rct_alloc_block *b)
{
	struct entry *e;

	if (m == NULL || (e = find(m, stratum)) == NULL)
		return 0;
	copy_walk(b, &e->walk);
	return 1;
}

void
rct_block_memo_put(struct rct_block_memo *m, const char *stratum,
    const struct rct_alloc_block *b)
{
	struct entry *e;

	if (m == NULL || b->block_size < 1 ||
	    b->block_size > RCT_ALLOC_BLOCK_MAX)
		return;
	if ((e = find(m, stratum)) == NULL) {
		if (m->n == RCT_BLOCK_MEMO_STRATA)
			return;
		if (m->n == m->cap) {
			size_t cap = m->cap ? 2 * m->cap : 16;
			struct entry *grown = malloc(cap * sizeof(*grown));

			if (grown == NULL)
				return;
			/* Moved by hand: no copy of a block is left freed. */
			if (m->n)
				memcpy(grown, m->e, m->n * sizeof(*grown));
			sodium_memzero(m->e, m->cap * sizeof(*m->e));
			free(m->e);
			m->e = grown;
			m->cap = cap;
		}
		e = &m->e[m->n];
		memset(e, 0, sizeof(*e));
		if ((e->stratum = strdup(stratum)) == NULL)
			return;
		m->n++;
	}
	copy_walk(&e->walk, b);
}
