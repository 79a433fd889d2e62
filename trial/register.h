/*
 * The recruitment register: adding participants one by one (trial enrol)
 * or from a site's register file (trial import), through one code path.
 *
 * A session checks each row completely (identity number, site, every
 * baseline value, eligibility), records every problem with the file line
 * and column it came from, and goes on to the next row, so that one import
 * names every bad row.  Rows that pass are inserted at once; the caller
 * rolls back the whole transaction if rct_register_finish() reports any
 * bad row, so an import is all or nothing.  A row for a person already
 * enrolled at the same site with the same values is counted as unchanged
 * (a register exported again with new rows at the end imports cleanly);
 * with other values, or at another site, it is an error.
 *
 * Fields of a row: 0 is id_number, 1 is site, then the protocol's
 * variables in order, then a "<variable>_source" field for each variable
 * that declares sources.
 */
#ifndef RCT_REGISTER_H
#define RCT_REGISTER_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define RCT_FIELD_ID 0
#define RCT_FIELD_SITE 1
#define RCT_PID_MAX 24

struct rct_register;

/* Where a row came from, for messages: file and line, column per field. */
struct rct_row_where {
	const char *file; /* NULL for the command line */
	long line;
	const long *columns; /* 1-based column of each field, or NULL */
	/*
	 * The file is ';'-separated (a Norwegian spreadsheet's): a value of a
	 * number variable (a continuous outcome) may have a decimal comma.
	 */
	int decimal_comma;
};

/* A field index meaning "no column": the message names the line only. */
#define RCT_NO_FIELD ((size_t)-1)

/*
 * Record a problem with a row: "FILE:LINE:COLUMN: message" when the row
 * came from a file (the column of field), else the message alone.
 * Returns RCT_EINVAL.
 */
int rct_register_row_error(const struct rct_row_where *w, size_t field,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * The end of an import that had bad rows (a register's or outcomes'):
 * nothing is written.  Records "N bad row(s) in 'FILE'; nothing was
 * written" when the rows came from a file, and returns RCT_EINVAL.
 */
int rct_register_rows_refused(long bad, const char *file);

struct rct_register_stats {
	long added;
	long unchanged;
	long bad_rows;
	char first[RCT_PID_MAX]; /* first participant added, or "" */
	char last[RCT_PID_MAX];
};

/*
 * Begin adding participants inside the store's open transaction.  source
 * names the file (or "enrol"), file_hash its BLAKE2b-256 or NULL.
 */
int rct_register_begin(struct rct_register **out, struct rct_store *s,
    const char *source, const unsigned char *file_hash);

size_t rct_register_nfields(const struct rct_register *r);
const char *rct_register_field_name(const struct rct_register *r, size_t i);

/* Nonzero for a field a register file may leave out (a source). */
int rct_register_field_optional(const struct rct_register *r, size_t i);

/* The field a column name stands for, or -1. */
int rct_register_field(const struct rct_register *r, const char *name);

/*
 * Check and add one row (values per field, NULL or "" when not given).
 * pid, unless NULL, receives the participant id of the added or unchanged
 * row.  Returns
 * 0 when added, 1 when unchanged, RCT_EINVAL when the row is bad (the
 * problems are recorded), another negative code on a store failure.
 */
int rct_register_add(struct rct_register *r, const char *const *values,
    const struct rct_row_where *where, char pid[RCT_PID_MAX]);

/*
 * Finish: find a person given on two rows, then, when no row was bad
 * (counting other_bad_rows the caller found, such as rows with the wrong
 * number of fields), record the identities and append the audit entry for
 * the rows added (none when nothing was added).  Returns RCT_EINVAL, with
 * a count of the bad rows recorded, when any row was bad.
 */
int rct_register_finish(struct rct_register *r, long other_bad_rows,
    struct rct_register_stats *stats);

/*
 * Enrol one person (trial enrol, the web service's form): add the row and
 * finish.  0, with pid set; RCT_EEXISTS when the person is enrolled
 * already with the same values (pid names them); else as the two.
 */
int rct_register_enrol_one(struct rct_register *r, const char *const *values,
    char pid[RCT_PID_MAX]);

void rct_register_free(struct rct_register *r);

/*
 * The names of the baseline fields (the variables, then "<var>_source"
 * for those with sources) and, per name, the variable it is the source
 * of or -1.  Returns the count or -1; the caller frees both lists.
 */
int rct_register_baseline_names(const struct rct_protocol *p, char ***names,
    int **source_of);

/*
 * The JSON path of a variable in the stored baseline ("$[3]"), for SQL
 * that reads one value; an empty path (matching nothing) when var is NULL
 * or not a variable.
 */
void rct_register_baseline_path(const struct rct_protocol *p, const char *var,
    char out[24]);

/* "P000042" for 42, and back; -1 when text is not a participant id. */
void rct_register_participant_format(char out[RCT_PID_MAX], int64_t id);
int rct_register_participant_parse(const char *text, int64_t *id);

#endif
