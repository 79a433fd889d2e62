/*
 * Follow-up outcomes, imported from a CSV file (often from registers months
 * after randomization).  Columns: participant or id_number (one of them),
 * outcome, value, and optionally date.  As with the register, every row is
 * checked against the protocol (the outcome exists, the value has its type)
 * and the whole file is refused if any row is bad.  A value equal to the
 * one recorded is unchanged; a different value is refused unless replace is
 * set, in which case the new value is recorded beside the old one (which is
 * kept, and the audit entry counts the replacements).
 */
#ifndef RCT_OUTCOME_H
#define RCT_OUTCOME_H

#include "register.h"
#include "store.h"

enum rct_outcome_field {
	RCT_OF_PARTICIPANT,
	RCT_OF_ID_NUMBER,
	RCT_OF_OUTCOME,
	RCT_OF_VALUE,
	RCT_OF_DATE,
	RCT_OF_COUNT
};

struct rct_outcomes;

struct rct_outcome_stats {
	long added;
	long unchanged;
	long replaced;
	long bad_rows;
};

int rct_outcome_begin(struct rct_outcomes **out, struct rct_store *s,
    const char *source, const unsigned char *file_hash, int replace);

/* The field a column name stands for, or -1. */
int rct_outcome_field_of(const char *name);

/* values has RCT_OF_COUNT entries; where->columns is indexed the same. */
int rct_outcome_add(struct rct_outcomes *o, const char *const *values,
    const struct rct_row_where *where);

/* As rct_register_finish(): refuse when any row was bad, else record. */
int rct_outcome_finish(struct rct_outcomes *o, long other_bad_rows,
    struct rct_outcome_stats *st);

void rct_outcome_free(struct rct_outcomes *o);

#endif
