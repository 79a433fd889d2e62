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

/* One kept value, of size bytes, and the key it was kept under. */
struct slot {
	unsigned char key[RCT_RECEIPT_MEMO_KEY];
	int set;
	void *value;
	size_t size;
};

static struct rct_receipt_proto_memo proto;
static struct rct_receipt_note_memo note;
static struct slot proto_slot = {{0}, 0, &proto, sizeof(proto)};
static struct slot note_slot = {{0}, 0, &note, sizeof(note)};

static int
slot_get(struct slot *sl, const unsigned char key[RCT_RECEIPT_MEMO_KEY],
    void *out)
{
	int hit;

	pthread_mutex_lock(&lock);
	hit = sl->set && sodium_memcmp(key, sl->key, RCT_RECEIPT_MEMO_KEY) == 0;
	if (hit)
		memcpy(out, sl->value, sl->size);
	pthread_mutex_unlock(&lock);
	return hit;
}

static void
slot_put(struct slot *sl, const unsigned char key[RCT_RECEIPT_MEMO_KEY],
    const void *value)
{
	pthread_mutex_lock(&lock);
	memcpy(sl->value, value, sl->size);
	memcpy(sl->key, key, RCT_RECEIPT_MEMO_KEY);
	sl->set = 1;
	pthread_mutex_unlock(&lock);
}

int
rct_receipt_memo_proto_get(const unsigned char key[RCT_RECEIPT_MEMO_KEY],
    struct rct_receipt_proto_memo *out)
{
	return slot_get(&proto_slot, key, out);
}

void
rct_receipt_memo_proto_put(const unsigned char key[RCT_RECEIPT_MEMO_KEY],
    const struct rct_receipt_proto_memo *m)
{
	slot_put(&proto_slot, key, m);
}

int
rct_receipt_memo_note_get(const unsigned char key[RCT_RECEIPT_MEMO_KEY],
    struct rct_receipt_note_memo *out)
{
	return slot_get(&note_slot, key, out);
}

void
rct_receipt_memo_note_put(const unsigned char key[RCT_RECEIPT_MEMO_KEY],
    const struct rct_receipt_note_memo *m)
{
	slot_put(&note_slot, key, m);
}
