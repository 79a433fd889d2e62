/*
 * Baseline balance between two arms (CONSORT item 15): per variable the
 * mean and standard deviation in each arm, or per level of a categorical
 * variable the share, with the standardized difference
 *   numbers: (m_t - m_c) / sqrt((s_t^2 + s_c^2) / 2), s with n - 1;
 *   levels:  (p_t - p_c) / sqrt((p_t (1 - p_t) + p_c (1 - p_c)) / 2);
 * and the joint F test of the arm indicator on all the variables
 * (classical OLS F, rows complete in every variable), as R's
 * summary(lm(z ~ ...)) gives it.
 *
 * Counts below min_cell (but not none) are suppressed in published
 * output, with the counts that would give them away (table1.h,
 * suppress.h: the same cells Table 1 blanks): a suppressed count's share,
 * SD and standardized difference are left out too; when an arm's missing
 * count is suppressed, so are that arm's shares (their denominator is the
 * complete cases), and the joint test (its n is the complete rows; of
 * a single variable its F is a function of that variable's table).
 */
#ifndef RCT_BALANCE_H
#define RCT_BALANCE_H

#include <stddef.h>

#include "dataset.h"
#include "protocol.h"
#include "store.h"
#include "table.h"

struct rct_balance_spec {
	const char *arm, *treat, *control; /* control may be NULL */
	const char *const *variables;
	const unsigned char *factor; /* per variable, or NULL */
	size_t nvariables;
	int min_cell; /* 0: nothing suppressed */
};

struct rct_balance_row {
	const char *variable;
	const char *level; /* NULL for a number */
	long n_treat, n_control; /* with a value, or in the level */
	long missing_treat, missing_control;
	double mean_treat, mean_control; /* shares for a level */
	double sd_treat, sd_control, std_diff; /* NaN when undefined */
	int suppressed; /* either count: no std_diff */
	int suppressed_treat, suppressed_control; /* the counts */
	int missing_suppressed_treat, missing_suppressed_control;
	int share_hidden_treat, share_hidden_control; /* mean and sd */
};

struct rct_balance {
	const char *treat, *control; /* the levels compared */
	long n_treat, n_control;
	struct rct_balance_row *rows;
	size_t nrows;
	/* The joint test; df1 0 when there is nothing to test. */
	double f, df1, df2, p_value;
	long n_joint; /* complete rows */
	/*
	 * Not shown: a missing count is suppressed (the test's n would
	 * give it away), or a count is and the test is of one variable
	 * (its F is then a function of the table alone).
	 */
	int joint_hidden;
	int any_suppressed;
};

int rct_balance(struct rct_dataset *d, const struct rct_balance_spec *spec,
    struct rct_balance *out);
void rct_balance_release(struct rct_balance *b);

/*
 * The balance table of spec on d: with p (a store's protocol) and no
 * treat, every arm against spec->control, one after the other; per
 * variable (level) the counts, means, SDs and standardized difference,
 * suppressed cells left empty with a note, then the joint F test.
 * *out is the caller's to free (rct_table_free).
 */
int rct_balance_table(struct rct_table **out, struct rct_dataset *d,
    const struct rct_balance_spec *spec, const struct rct_protocol *p);

/*
 * The same table of a store: what spec does not say from the protocol
 * (the arm column, the comparison arm, every code and number variable,
 * and min_cell unless min_cell_given); spec->treat is ignored.
 */
int rct_balance_store(struct rct_table **out, struct rct_store *s,
    const struct rct_balance_spec *spec, int min_cell_given);

#endif
