/*
 * A dataset for analysis: named columns, each numeric (NaN when missing)
 * or categorical (an integer code per row, -1 when missing, with sorted
 * level names, as R's factor() sorts them in the C locale).  Read from a
 * CSV file (analysis --data) or built from a trial store.
 *
 * Only the columns an analysis asks for are kept.  A column whose every
 * given value is a number is numeric; any other text makes it categorical.
 * The line of each row is kept, so a bad value can be named as
 * FILE:LINE:COLUMN.
 */
#ifndef RCT_DATASET_H
#define RCT_DATASET_H

#include <stddef.h>
#include <stdint.h>

enum rct_column_kind {
	RCT_COLUMN_NUMBER,
	RCT_COLUMN_CATEGORY,
};

struct rct_column {
	char *name;
	long csv_column; /* 1-based column in the file, or 0 */
	enum rct_column_kind kind;
	double *num; /* n values; NaN when missing */
	int32_t *code; /* n codes; -1 when missing */
	char **levels; /* sorted level names */
	size_t nlevels;
	long first_text_row; /* first row that is not a number */
};

struct rct_dataset {
	char *source; /* file name, for messages */
	long header_line; /* of a CSV file, else 0 */
	size_t n;
	long *line; /* per row: its line in the file */
	struct rct_column *cols;
	size_t ncols;
};

/*
 * Read the named columns of a CSV file.  Every name must be a column of
 * the header; the file may have others.  A column flagged in categorical
 * (arms, strata, clusters: names, even when they look like numbers) is read
 * as categories.  *out is freed with rct_dataset_free().
 */
int rct_dataset_read_csv(struct rct_dataset **out, const char *path,
    const char *const *names, const unsigned char *categorical, size_t nnames);

void rct_dataset_free(struct rct_dataset *d);

/* The column called name, or NULL. */
struct rct_column *rct_dataset_column(struct rct_dataset *d, const char *name);

/*
 * Require a numeric column: a categorical one records "FILE:LINE:COLUMN:
 * 'text' is not a number, expected a number for NAME" (of its first
 * non-number) and returns RCT_EINVAL.
 */
int rct_dataset_require_number(const struct rct_dataset *d,
    const struct rct_column *c);

/* Whether a categorical column has both numbers and text for levels. */
int rct_dataset_column_mixed(const struct rct_column *c);

/* The code of a level, or -1. */
int rct_dataset_column_level(const struct rct_column *c, const char *level);

/*
 * Building a dataset row by row (from a trial store): the columns are
 * named and typed first; a value of a numeric column that is not a number
 * is an error.  values[c] NULL or "" is missing.  line is what messages
 * and d->line give for the row (a participant number for a store).
 */
struct rct_dataset_builder;

int rct_dataset_build_begin(struct rct_dataset_builder **b, const char *source,
    const char *const *names, const unsigned char *categorical, size_t n);
int rct_dataset_build_row(struct rct_dataset_builder *b,
    const char *const *values, long line);
/* Finish and free the builder; *out is the dataset. */
int
rct_dataset_build_end(struct rct_dataset_builder *b, struct rct_dataset **out);
void rct_dataset_build_free(struct rct_dataset_builder *b);

#endif
