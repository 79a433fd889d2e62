/*
 * The receipt verifier's memo (receipt_memo.h): the last protocol and the
 * last checkpoint that verified, one of each, shared by every thread of
 * the process under one mutex (a server's pages verify on several).
 */
#include <pthread.h>
#include <string.h>

#include <sodium.h>

#include "receipt_memo.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char proto_key[RCT_RECEIPT_MEMO_KEY];
static int proto_set;
static struct rct_receipt_proto_memo proto;
static unsigned char note_key[RCT_RECEIPT_MEMO_KEY];
static int note_set;
static struct rct_receipt_note_memo note;

int
rct_receipt_memo_proto_get(const unsigned char key[RCT_RECEIPT_MEMO_KEY],
    struct rct_receipt_proto_memo *out)
{
	int hit;

	pthread_mutex_lock(&lock);
	hit = proto_set &&
	    sodium_memcmp(key, proto_key, RCT_RECEIPT_MEMO_KEY) == 0;
	if (hit)
		*out = proto;
	pthread_mutex_unlock(&lock);
	return hit;
}

void
rct_receipt_memo_proto_put(const unsigned char key[RCT_RECEIPT_MEMO_KEY],
    const struct rct_receipt_proto_memo *m)
{
	pthread_mutex_lock(&lock);
	proto = *m;
	memcpy(proto_key, key, RCT_RECEIPT_MEMO_KEY);
	proto_set = 1;
	pthread_mutex_unlock(&lock);
}

int
rct_receipt_memo_note_get(const unsigned char key[RCT_RECEIPT_MEMO_KEY],
    struct rct_receipt_note_memo *out)
{
	int hit;

	pthread_mutex_lock(&lock);
	hit =
	    note_set && sodium_memcmp(key, note_key, RCT_RECEIPT_MEMO_KEY) == 0;
	if (hit)
		*out = note;
	pthread_mutex_unlock(&lock);
	return hit;
}

void
rct_receipt_memo_note_put(const unsigned char key[RCT_RECEIPT_MEMO_KEY],
    const struct rct_receipt_note_memo *m)
{
	pthread_mutex_lock(&lock);
	note = *m;
	memcpy(note_key, key, RCT_RECEIPT_MEMO_KEY);
	note_set = 1;
	pthread_mutex_unlock(&lock);
}
