/*
 * Small-cell suppression that cannot be undone by arithmetic.
 *
 * A published table holds counts tied by sums: within an arm a variable's
 * levels (and its missing) add up to the arm's n, across arms a level's
 * counts add up to its total, in a flow the arms' allocated add up to
 * the randomized.  Blanking a count below min_cell is not enough when
 * the others on one of those lines are shown: the blank is their
 * difference.  So the cells and the sums that tie them are described
 * here, the small ones suppressed (primary: 0 < n < min_cell; zeros are
 * shown) and then, until no suppressed count follows from the visible
 * ones by any combination of the sums (Gaussian elimination over the
 * suppressed cells: a cell is determined when its unit vector lies in the
 * row space of the sums restricted to the suppressed cells), the
 * smallest visible non-zero count on a line of a determined cell is
 * suppressed too (complementary suppression; a zero only when nothing
 * else is left).  A total is a cell like any other and may be suppressed
 * in its turn; a cell marked fixed (an arm's n printed in a header, a
 * total published elsewhere) is known to everyone and never suppressed.
 *
 * This is the one routine every table, the CONSORT flow and the report
 * use.  tests/t3960-suppression-attack.sh attacks every output with
 * exact linear algebra and bounds and finds nothing.
 *
 * What is a count.  Effects (rct_effects_suppress): n_treat and n_control,
 * each arm's analysed, are; n and n_missing are the flow's analysed and
 * lost (CONSORT asks for them per analysis, and n comes back as df + k of
 * lm_robust anyway): published, so a small arm hides the other arm's
 * count with it, never n.  The primary outcome's counts from a store are
 * the CONSORT flow's analysed (published there), and a row with nobody
 * missing shows the arms' n: both fixed.  Events of a binary outcome are
 * not printed; its estimate (a difference of proportions) with the n gives
 * them back only nonlinearly, with the standard error, as the ratios and
 * IV's compliance (the take-up difference) do: estimates and errors are
 * not counts and stay, and the attack is of the sums.  The pilot
 * (rct_pilot_suppress): screened, excluded, enrolled and randomized by
 * site and month; with_value by arm; and for a binary outcome (take-up
 * among them) the mean is a proportion whose product with with_value is
 * the count with 1: that count and the count with 0 are cells (with
 * with_value = their sum), a suppressed one hides the mean and the SD
 * (which gives p(1 - p) back); a hidden enrolled count hides its rate,
 * interval and date; withdrawals and exits beside the flow's per-arm
 * counts.  The balance table's joint F test row has counts too: its
 * complete rows (df1 + df2 + 1) bound the missing; it is hidden when a
 * missing count is, and, of one variable, with any count (balance.h).
 */
#ifndef RCT_SUPPRESS_H
#define RCT_SUPPRESS_H

#include <stddef.h>

struct rct_cells {
	long *value;
	unsigned char *fixed; /* 1 published; RCT_CELL_NOT_PRIMARY */
	unsigned char *suppressed; /* 1 primary, 2 complementary */
	size_t n, cap;
	/* Sums: terms start[e] .. start[e + 1] - 1; coefficient +1 or -1. */
	size_t *term;
	int *coef;
	size_t *start;
	size_t neq, nterms, capterms, capeq;
};

void rct_suppress_cells_init(struct rct_cells *c);
void rct_suppress_cells_release(struct rct_cells *c);

/*
 * A new cell holding value; its index in *index.  RCT_ENOMEM.  A value
 * below 0 is a count the reader never sees (a subgroup that could not be
 * estimated): it counts as suppressed from the start.  fixed 1: published,
 * never suppressed; RCT_CELL_NOT_PRIMARY: not suppressed for its own size
 * (a count the toolkit publishes as a rule, an arm's lost to follow-up,
 * that no table prints here) but hidden as a complement when it must be.
 */
#define RCT_CELL_NOT_PRIMARY 2
int rct_suppress_cells_add(struct rct_cells *c, long value, int fixed,
    size_t *index);

/*
 * The sum of the n cells at parts equals the cell total.  Every index
 * must have come from rct_suppress_cells_add.
 */
int rct_suppress_cells_sum(struct rct_cells *c, size_t total,
    const size_t *parts, size_t n);

/*
 * Suppress as described above with min_cell (0 or 1: nothing is
 * suppressed, not even a count nobody sees).  Afterwards
 * c->suppressed[i] says which cells to blank.
 */
int rct_suppress_cells(struct rct_cells *c, int min_cell);

/*
 * The common case, a table of rows x cols counts (row-major) whose row
 * sums and column sums are known: the row totals and the column totals
 * are cells too (fixed when row_fixed / col_fixed), suppressed in
 * turn when they must be.  out (rows x cols) and, when not NULL,
 * row_out (rows) and col_out (cols) get 0, 1 (primary) or 2.
 */
int rct_suppress_grid(const long *counts, size_t rows, size_t cols,
    int row_fixed, int col_fixed, int min_cell, unsigned char *out,
    unsigned char *row_out, unsigned char *col_out);

#endif
