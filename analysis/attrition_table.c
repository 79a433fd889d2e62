/*
 * The attrition table (attrition.h, rct_attrition_table): per arm
 * compared and outcome the response rates, their difference with its
 * test and Lee's bounds, with small counts suppressed, for analysis
 * attrition and the report.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrition.h"
#include "defaults.h"
#include "error.h"
#include "store_data.h"
#include "table1.h"
#include "text.h"

#define NCOLS 18

/*
 * The responders and the others of each arm are a table whose columns
 * add up to the arms' n (published): small cells are suppressed with
 * their complements (suppress.h).  A row with a suppressed count shows
 * no rate of that arm, and nothing computed from both (the difference,
 * its test, Lee's trimming and bounds would give the count back).
 */
static int
add_row(struct rct_table *t, const struct rct_attrition *a, int hide_treat,
    int hide_control, int min_cell)
{
	char num[9][32], count[4][24], k[24], note[96];
	int hide = hide_treat || hide_control;
	const char *cells[NCOLS];
	const double x[9] = {a->rate_treat, a->rate_control, a->difference,
	    a->std_error, a->df, a->p_value, a->trim_share, a->lower, a->upper};
	const long c[4] = {a->n_treat, a->responded_treat, a->n_control,
	    a->responded_control};
	size_t i;

	for (i = 0; i < 9; i++)
		rct_text_format_cell(num[i],
		    (i == 0 && hide_treat) || (i == 1 && hide_control) ||
			    (i >= 2 && i != 4 && hide) ?
			NAN :
			x[i]);
	for (i = 0; i < 4; i++)
		snprintf(count[i], sizeof(count[i]), "%ld", c[i]);
	snprintf(k, sizeof(k), "%ld", a->k);
	snprintf(note, sizeof(note),
	    "fewer than %d, or would reveal one: suppressed", min_cell);
	cells[0] = a->outcome;
	cells[1] = a->treat;
	cells[2] = a->control;
	cells[3] = count[0];
	cells[4] = hide_treat ? "" : count[1];
	cells[5] = count[2];
	cells[6] = hide_control ? "" : count[3];
	for (i = 0; i < 6; i++)
		cells[7 + i] = num[i];
	cells[13] = a->trimmed && !hide ? a->trimmed : "";
	cells[14] = hide ? "" : k;
	cells[15] = num[7];
	cells[16] = num[8];
	cells[17] = hide ? note : "";
	return rct_table_add(t, cells);
}

int
rct_attrition_table(struct rct_table **out, struct rct_dataset *d,
    const struct rct_protocol *p, const struct rct_attrition_spec *s)
{
	static const char *const cols[NCOLS] = {"outcome", "treat", "control",
	    "n_treat", "responded_treat", "n_control", "responded_control",
	    "rate_treat", "rate_control", "difference", "std_error", "df",
	    "p_value", "trimmed_arm", "trimmed", "lee_lower", "lee_upper",
	    "note"};
	struct rct_table *t;
	struct rct_attrition a;
	struct rct_column *armcol;
	unsigned char *flags = NULL;
	const char *compare;
	size_t i, rows, next = 0;
	int rc = 0;

	*out = NULL;
	if ((t = rct_table_new(NCOLS, cols)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 3; i < NCOLS - 1; i++)
		if (i != 13)
			rct_table_set_numeric(t, i);
	armcol = rct_dataset_column(d, s->arm);
	while (rc == 0 &&
	    (compare = rct_defaults_next_arm(p, s->treat, s->control, &next)) !=
		NULL)
		for (i = 0; rc == 0 && i < s->noutcomes; i++) {
			struct rct_column *y =
			    rct_dataset_column(d, s->outcomes[i]);
			size_t cols = armcol ? armcol->nlevels + 1 : 0;
			int ht = 0, hc = 0, lt, lc;

			if ((rc = rct_attrition(d, s->arm, compare, s->control,
				 s->outcomes[i], &a)) != 0)
				break;
			/* Grid row 0: responders, by arm (all arms). */
			if ((rc = rct_table1_variable_suppress(armcol, y, d->n,
				 s->min_cell, 1, &flags, NULL, &rows)) != 0)
				break;
			lt = rct_dataset_column_level(armcol, a.treat);
			lc = rct_dataset_column_level(armcol, a.control);
			ht = lt >= 0 &&
			    (flags[(size_t)lt] || flags[cols + (size_t)lt]);
			hc = lc >= 0 &&
			    (flags[(size_t)lc] || flags[cols + (size_t)lc]);
			free(flags);
			flags = NULL;
			rc = add_row(t, &a, ht, hc, s->min_cell);
		}
	if (rc != 0) {
		rct_table_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

int
rct_attrition_store(struct rct_table **out, struct rct_store *s)
{
	const struct rct_protocol *p = rct_store_protocol(s);
	struct rct_attrition_spec x;
	struct rct_dataset *d = NULL;
	char **outcomes = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	memset(&x, 0, sizeof(x));
	x.arm = "arm";
	x.control = rct_protocol_control_arm(p);
	x.min_cell = rct_defaults_min_cell(p);
	if ((rc = rct_defaults_outcomes(p, &outcomes, &n)) == 0 &&
	    (rc = rct_store_data_read_allocated(s, &d)) == 0) {
		x.outcomes = outcomes;
		x.noutcomes = n;
		rc = rct_attrition_table(out, d, p, &x);
	}
	rct_dataset_free(d);
	rct_text_list_free(outcomes, n);
	return rc;
}
