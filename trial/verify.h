/*
 * Verifying a store: the audit chain and its signed heads (audit.h), and
 * that the data and the log describe each other exactly: every
 * enrolment, allocation, withdrawal, exit, outcome import, site, batch,
 * promotion and amendment in the store matches its audit entry, and every
 * entry matches its rows; and, through cover.h, that the schema, meta,
 * the waiting lists, the times along the log, the users and their
 * sessions are the ones the log describes.  Any edit, deletion, insertion
 * or reordering outside the toolkit is found; with a published head hash,
 * so is a log cut short.
 */
#ifndef RCT_VERIFY_H
#define RCT_VERIFY_H

#include <stdint.h>

#include "store.h"

struct rct_verify_report {
	int64_t entries;
	int64_t participants;
	int64_t allocations;
	int64_t head_seq; /* the last signed head */
	int64_t checkpoints; /* signed checkpoints of the tree checked */
};

/*
 * Returns 0 when intact, RCT_ECHECK (the first problem recorded, naming
 * the entry or row) when not.  head_hash, when not NULL, is a head hash
 * published earlier (hex) that must be in the log.
 */
int rct_verify_store(struct rct_store *s, const char *head_hash,
    struct rct_verify_report *r) __attribute__((warn_unused_result));

/*
 * Call fn for every allocation entry of the log in order (participants
 * and clusters), with the participant's stratum, site and baseline
 * values, for the replay of randomizer/replay.c.
 */
struct rct_logged_allocation {
	int64_t seq;
	int64_t participant; /* 0 for a cluster */
	const char *cluster;
	const char *arm;
	const char *sequence;
	int64_t position;
	const char *probabilities;
	const char *detail;
	const char *site; /* of the participant (or first member) */
	const char *stratum;
	const char *const
	    *values; /* baseline, per rct_register_baseline_names() */
	size_t nvalues;
};

int rct_verify_allocations(struct rct_store *s,
    int (*fn)(void *arg, const struct rct_logged_allocation *a), void *arg)
    __attribute__((warn_unused_result));

#endif
