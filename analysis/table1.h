/*
 * Table 1 (CONSORT 2010 item 15, CONSORT 2025 item 22): the baseline
 * characteristics of each arm as journals print them.  Per code variable
 * a header row and one row per level in the protocol's code order, n (%)
 * of the arm's n (everyone randomized to it, the number in the column's
 * header), and a row for the missing; per number the mean (SD), or the
 * median [Q1, Q3] (R's quantile type 7) for a variable asked for so, and
 * its missing.  Percentages use the arm's n, never the complete cases: a
 * share of a smaller denominator would give the missing count away.
 *
 * Small cells are suppressed with their complements (suppress.h) on the
 * grid of a variable's levels and its missing by arm, the arms' n fixed
 * (they are published) and the totals across arms cells of their own:
 * the same grid, in the dataset's order, that analysis balance
 * suppresses, so the two tables blank the same counts.
 */
#ifndef RCT_TABLE1_H
#define RCT_TABLE1_H

#include <stddef.h>

#include "dataset.h"
#include "protocol.h"
#include "store.h"
#include "table.h"

/*
 * The suppression grid of column c by the levels of arm: rows are c's
 * levels in the dataset's order then the missing (a number has one
 * level, "with a value"), columns arm's levels.  *flags gets
 * (rows x (cols + 1)) entries: row-major cells, then per row its total
 * across arms; 0 shown, 1 primary, 2 complementary.  *counts the same
 * shape (the totals last in each row) when not NULL.  The caller frees
 * both.  Rows without an arm are not counted.  With present_only a
 * categorical column has one level too (with a value or missing: the
 * responders of an outcome, analysis attrition).
 */
int rct_table1_variable_suppress(const struct rct_column *arm,
    const struct rct_column *c, size_t n, int min_cell, int present_only,
    unsigned char **flags, long **counts, size_t *rows);

struct rct_table1_spec {
	const char *arm; /* the arm column */
	const char *const *arms; /* the arms in the order shown, or NULL */
	const char *const *arm_labels; /* or NULL: the names */
	size_t narms;
	const char *const *variables;
	const unsigned char *factor; /* per variable, or NULL */
	const char *const *labels; /* per variable, or NULL */
	/* Per variable the protocol's codes in order (or NULL: sorted). */
	const char *const *const *codes;
	const size_t *ncodes;
	const unsigned char *median; /* per variable, or NULL */
	size_t nvariables;
	int min_cell;
};

enum rct_table1_kind {
	RCT_TABLE1_HEADER, /* a code variable's name; no figures */
	RCT_TABLE1_LEVEL, /* n (%) */
	RCT_TABLE1_NUMBER, /* mean (SD) or median [Q1, Q3] */
	RCT_TABLE1_MISSING, /* n (%) of the missing */
};

/* One figure of one arm (the last of each row: all arms together). */
struct rct_table1_cell {
	long n; /* in the level, with a value, or missing */
	double percent; /* of the arm's n; NaN for a number */
	double mean, sd, median, q1, q3; /* NaN when undefined */
	int suppressed; /* 1 primary, 2 complementary */
};

struct rct_table1_row {
	enum rct_table1_kind kind;
	const char *variable, *label; /* label: the protocol's or the name */
	const char *level; /* RCT_TABLE1_LEVEL */
	int median;
	struct rct_table1_cell *cell; /* narms + 1 */
};

struct rct_table1 {
	size_t narms;
	const char **arms, **labels; /* narms */
	long *n; /* narms + 1 */
	struct rct_table1_row *rows;
	size_t nrows;
	int min_cell;
	int any_suppressed;
};

int rct_table1(struct rct_dataset *d, const struct rct_table1_spec *spec,
    struct rct_table1 *out);
void rct_table1_release(struct rct_table1 *t);

/*
 * The table as printed: the protocol p (or NULL) gives the variables'
 * labels and codes and the arms' order and labels; a column per arm
 * headed "label (n = N)", optionally "Total", and per variable its rows
 * (no missing row when nobody is missing).  indent comes before a
 * level's name.  *any_suppressed says whether a cell reads
 * "suppressed".  *out is the caller's (rct_table_free).
 */
struct rct_table1_layout {
	const char *arm; /* the arm column */
	const char *const *variables;
	const unsigned char *factor; /* per variable, or NULL */
	const unsigned char *median; /* per variable, or NULL */
	size_t nvariables;
	int min_cell, total, digits;
	const char *indent;
};

int rct_table1_table(struct rct_table **out, int *any_suppressed,
    struct rct_dataset *d, const struct rct_protocol *p,
    const struct rct_table1_layout *l);

/*
 * The table of a store as analysis table1 STORE prints it: every code
 * and number variable of the protocol, its min_cell, one decimal.
 */
int rct_table1_store(struct rct_table **out, int *any_suppressed,
    struct rct_store *s, const char *indent);

#endif
