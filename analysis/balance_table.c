/*
 * The balance table (balance.h, rct_balance_table): the rows of every
 * arm compared, with their suppressed cells left empty and a note, for
 * analysis balance and the report.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "balance.h"
#include "defaults.h"
#include "error.h"
#include "store_data.h"
#include "text.h"

#define NCOLS 18

static int
add_rows(struct rct_table *t, const struct rct_balance *b, int min_cell)
{
	char num[9][32], count[4][24], note[96], joint[96];
	const char *cells[NCOLS];
	size_t r, i;
	int rc = 0;

	snprintf(note, sizeof(note),
	    "fewer than %d, or would reveal one: suppressed", min_cell);
	for (r = 0; rc == 0 && r < b->nrows; r++) {
		const struct rct_balance_row *w = &b->rows[r];
		const double x[5] = {w->mean_treat, w->sd_treat,
		    w->mean_control, w->sd_control, w->std_diff};
		const int hide[5] = {w->share_hidden_treat,
		    w->share_hidden_treat, w->share_hidden_control,
		    w->share_hidden_control, w->suppressed};
		const long c[4] = {w->n_treat, w->n_control, w->missing_treat,
		    w->missing_control};
		const int blank[4] = {w->suppressed_treat,
		    w->suppressed_control, w->missing_suppressed_treat,
		    w->missing_suppressed_control};
		int any = 0;

		for (i = 0; i < 5; i++)
			rct_text_format_cell(num[i], hide[i] ? NAN : x[i]);
		for (i = 0; i < 4; i++) {
			snprintf(count[i], sizeof(count[i]), "%ld", c[i]);
			any |= blank[i] || hide[i];
		}
		memset(cells, 0, sizeof(cells));
		cells[0] = w->variable;
		cells[1] = w->level ? w->level : "";
		cells[2] = b->treat;
		cells[3] = b->control;
		cells[4] = blank[0] ? "" : count[0];
		cells[5] = num[0];
		cells[6] = num[1];
		cells[7] = blank[1] ? "" : count[1];
		cells[8] = num[2];
		cells[9] = num[3];
		cells[10] = num[4];
		cells[11] = blank[2] ? "" : count[2];
		cells[12] = blank[3] ? "" : count[3];
		cells[17] = any ? note : "";
		rc = rct_table_add(t, cells);
	}
	if (rc != 0 || b->df1 <= 0)
		return rc;
	/* The joint test: F, df1, df2, p. */
	memset(cells, 0, sizeof(cells));
	cells[0] = "joint F test";
	cells[2] = b->treat;
	cells[3] = b->control;
	if (b->joint_hidden) {
		snprintf(joint, sizeof(joint),
		    "not shown: it would reveal a suppressed count");
		cells[17] = joint;
		return rct_table_add(t, cells);
	}
	rct_text_format_cell(num[5], b->f);
	rct_text_format_cell(num[6], b->df1);
	rct_text_format_cell(num[7], b->df2);
	rct_text_format_cell(num[8], b->p_value);
	cells[13] = num[5];
	cells[14] = num[6];
	cells[15] = num[7];
	cells[16] = num[8];
	snprintf(joint, sizeof(joint), "%ld complete rows", b->n_joint);
	cells[17] = joint;
	return rct_table_add(t, cells);
}

int
rct_balance_table(struct rct_table **out, struct rct_dataset *d,
    const struct rct_balance_spec *spec, const struct rct_protocol *p)
{
	static const char *const cols[NCOLS] = {"variable", "level", "treat",
	    "control", "n_treat", "mean_treat", "sd_treat", "n_control",
	    "mean_control", "sd_control", "std_diff", "missing_treat",
	    "missing_control", "f_statistic", "df1", "df2", "p_value", "note"};
	struct rct_balance_spec sp = *spec;
	struct rct_table *t;
	struct rct_balance b;
	size_t a, i;
	int rc = 0;

	*out = NULL;
	memset(&b, 0, sizeof(b));
	if ((t = rct_table_new(NCOLS, cols)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 4; i < 17; i++)
		rct_table_set_numeric(t, i);
	a = 0;
	while (rc == 0 &&
	    (sp.treat = rct_defaults_next_arm(p, spec->treat, spec->control,
		 &a)) != NULL) {
		if ((rc = rct_balance(d, &sp, &b)) == 0)
			rc = add_rows(t, &b, sp.min_cell);
		rct_balance_release(&b);
	}
	if (rc != 0) {
		rct_table_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

int
rct_balance_store(struct rct_table **out, struct rct_store *s,
    const struct rct_balance_spec *spec, int min_cell_given)
{
	const struct rct_protocol *p = rct_store_protocol(s);
	struct rct_balance_spec sp = *spec;
	struct rct_dataset *d = NULL;
	char **names = NULL;
	unsigned char *factor = NULL;
	size_t n = 0;
	int rc = 0;

	*out = NULL;
	sp.arm = "arm";
	sp.treat = NULL;
	if (sp.control == NULL)
		sp.control = rct_protocol_control_arm(p);
	if (!min_cell_given && p->min_cell > 0)
		sp.min_cell = p->min_cell;
	if (sp.nvariables == 0) {
		rc = rct_defaults_baseline(p, &names, &factor, &n);
		sp.variables = (const char *const *)names;
		sp.factor = factor;
		sp.nvariables = n;
	}
	if (rc == 0 && (rc = rct_store_data_read(s, &d)) == 0)
		rc = rct_balance_table(out, d, &sp, p);
	rct_dataset_free(d);
	rct_text_list_free(names, n);
	free(factor);
	return rc;
}
