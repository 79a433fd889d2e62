/* The memo of the walks through each stratum's blocks (block_memo.h). */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "block_memo.h"

struct entry {
	char *stratum;
	int64_t block, block_start;
	int block_size;
	int *arms; /* block_size of them */
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
	for (i = 0; i < m->n; i++) {
		sodium_memzero(m->e[i].arms,
		    (size_t)m->e[i].block_size * sizeof(int));
		free(m->e[i].arms);
		free(m->e[i].stratum);
	}
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
	b->block = e->block;
	b->block_start = e->block_start;
	b->block_size = e->block_size;
	memcpy(b->arms, e->arms, (size_t)e->block_size * sizeof(int));
	return 1;
}

void
rct_block_memo_put(struct rct_block_memo *m, const char *stratum,
    const struct rct_alloc_block *b)
{
	struct entry *e;
	int *arms;

	if (m == NULL || b->block_size < 1 ||
	    b->block_size > RCT_ALLOC_BLOCK_MAX)
		return;
	if ((e = find(m, stratum)) == NULL) {
		if (m->n == RCT_BLOCK_MEMO_STRATA)
			return;
		if (m->n == m->cap) {
			size_t cap = m->cap ? 2 * m->cap : 16;
			struct entry *grown =
			    realloc(m->e, cap * sizeof(*grown));

			if (grown == NULL)
				return;
			m->e = grown;
			m->cap = cap;
		}
		e = &m->e[m->n];
		memset(e, 0, sizeof(*e));
		if ((e->stratum = strdup(stratum)) == NULL)
			return;
		m->n++;
	}
	if (e->block_size != b->block_size) {
		if ((arms = malloc((size_t)b->block_size * sizeof(int))) ==
		    NULL) {
			/* Forget it rather than keep a wrong block. */
			e->block = -1;
			return;
		}
		sodium_memzero(e->arms, (size_t)e->block_size * sizeof(int));
		free(e->arms);
		e->arms = arms;
	}
	e->block = b->block;
	e->block_start = b->block_start;
	e->block_size = b->block_size;
	memcpy(e->arms, b->arms, (size_t)b->block_size * sizeof(int));
}
