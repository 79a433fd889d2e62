/*
 * What every analysis asks of a dataset's columns: that a named column
 * exists, which rows are missing, which levels of the arm column are
 * compared, and that a covariate is what it claims to be.  Each records a
 * message that names the file (and line and column where there is one).
 */
#ifndef RCT_COLUMNS_H
#define RCT_COLUMNS_H

#include "dataset.h"

/* The column called name, or NULL after "FILE: no column 'x' for the ROLE". */
struct rct_column *
rct_columns_need(struct rct_dataset *d, const char *name, const char *role);

/* Whether row i of c is missing. */
int rct_columns_missing(const struct rct_column *c, size_t i);

/*
 * The codes of the treatment and control levels of the arm column; with
 * control NULL the other level of a two-level column.  A level that does
 * not occur, a single arm or more than two without control are refused.
 */
int rct_columns_arms_resolve(const struct rct_dataset *d,
    const struct rct_column *arm, const char *treat, const char *control,
    int *t, int *c);

/*
 * A covariate of numbers with some text in it is a mistyped number far
 * more often than a code list: refused unless factor (factor(NAME)).
 */
int rct_columns_covariate_check(const struct rct_dataset *d,
    const struct rct_column *c, int factor) __attribute__((warn_unused_result));

#endif
