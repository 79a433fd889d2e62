/*
 * analysis report STORE --html FILE
 *
 * One self-contained HTML page for the trial team and the referees: the
 * trial's facts, the CONSORT 2025 diagram and flow, Table 1, the
 * baseline balance, the pre-specified effect table, a forest plot of the
 * primary outcome by the same estimator overall and by site (forest.h),
 * subgroups by the first stratum code, randomization inference,
 * attrition with Lee bounds, and feasibility.  Each table
 * is the one the analysis command of the same name prints (--format html), so
 * the page and the commands always agree; small cells are suppressed as
 * there.  A section that cannot be computed yet (no outcomes recorded)
 * says why instead.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrition.h"
#include "balance.h"
#include "cmd_common.h"
#include "cmds.h"
#include "consort.h"
#include "effects_plan.h"
#include "error.h"
#include "forest.h"
#include "pilot_tables.h"
#include "protocol.h"
#include "report.h"
#include "ri_table.h"
#include "store.h"
#include "subgroups.h"
#include "table1.h"

static const char style[] =
    "body{font-family:sans-serif;max-width:1100px;margin:2em auto;"
    "padding:0 1em;color:#222}"
    "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;"
    "border-bottom:1px solid #ccc}"
    "table{border-collapse:collapse;font-size:.85em;margin:.5em 0}"
    "th,td{border:1px solid #ccc;padding:.2em .4em;white-space:nowrap}"
    ".wide{overflow-x:auto}"
    "th{background:#f3f3f3}td.n,th.n{text-align:right;"
    "font-variant-numeric:tabular-nums}"
    "p.note{color:#555;font-size:.9em}"
    "@page{size:A4 landscape;margin:12mm}"
    "@media print{body{margin:0;max-width:none}h2{break-after:avoid}"
    "table,svg{break-inside:avoid}table{font-size:.62em}"
    ".wide{overflow:visible}}";

/* A section's title and what it shows; its table follows in a box. */
static void
section_open(FILE *fp, const char *title, const char *about)
{
	fprintf(fp, "<h2>%s</h2>\n<p class=\"note\">%s</p>\n", title, about);
	/* What is written stays written should the section fail hard. */
	fflush(fp);
	fputs("<div class=\"wide\">\n", fp);
}

/*
 * The end of a section: its table t (rc 0) as the command of the same
 * name prints it with --format html, or why there is none; the report
 * goes on.  Frees *t.
 */
static void
section_close(FILE *fp, int rc, struct rct_table **t)
{
	size_t i;

	if (rc == 0 && *t)
		rct_table_print(*t, fp, RCT_FORMAT_HTML);
	rct_table_free(*t);
	*t = NULL;
	fputs("</div>\n", fp);
	if (rc != 0) {
		fputs("<p class=\"note\">Not available: ", fp);
		for (i = 0; i < rct_error_count(); i++) {
			rct_table_html_write(fp, rct_error_message(i));
			fputc(' ', fp);
		}
		fputs("</p>\n", fp);
		rct_error_clear();
	}
}

/*
 * The sections of effects by outcome need the protocol to name outcomes
 * (a family or a primary one); without, the page says so.
 */
static int
outcomes_named(const struct rct_protocol *p)
{
	if (p->nfamily > 0 || p->primary != NULL)
		return 0;
	return rct_error(RCT_EINVAL,
	    "the protocol names no outcome (neither a primary outcome nor a "
	    "family): there is nothing to estimate");
}

/* The first stratum variable that is a code: the subgroups' factor. */
static const char *
subgroup_factor(const struct rct_protocol *p)
{
	size_t i;

	for (i = 0; i < p->nstrata; i++) {
		const struct rct_variable *v =
		    rct_protocol_variable(p, p->strata[i]);

		if (v && v->type == RCT_VAR_CODE)
			return v->name;
	}
	return NULL;
}

int
cmd_report(struct rct_cmd_ctx *ctx)
{
	const struct rct_protocol *p = rct_store_protocol(ctx->store);
	struct rct_consort c;
	struct rct_forest f;
	struct rct_balance_spec bs;
	struct rct_effects e;
	struct rct_pilot pilot;
	struct rct_table *info = NULL, *t = NULL;
	const char *by;
	char note[512];
	int min_cell = p->min_cell > 0 ? p->min_cell : 5;
	const char *path = NULL;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("html", &path),
	    RCT_OPT_END,
	};
	FILE *fp = NULL;
	int any, rc = 0;

	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_end(ctx)) != 0)
		return rc;
	if (path == NULL)
		return rct_cli_usage(ctx, "--html FILE is required");
	if ((fp = fopen(path, "w")) == NULL)
		return rct_error(RCT_EIO, "cannot write '%s': %s", path,
		    strerror(errno));
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
	      "charset=\"utf-8\"><title>",
	    fp);
	rct_table_html_write(fp, p->name);
	fprintf(fp, "</title><style>%s</style></head><body>\n<h1>", style);
	rct_table_html_write(fp, p->name);
	fputs("</h1>\n", fp);
	/* The trial's facts, one per line. */
	if ((rc = rct_report_info(ctx->store, &info)) == 0 &&
	    rct_table_rows(info) == 1) {
		const char *const *names = rct_table_names(info);
		const char *const *row = rct_table_row(info, 0);
		size_t i;

		fputs("<table>\n", fp);
		for (i = 0; i < rct_table_columns(info); i++) {
			fputs("<tr><th>", fp);
			rct_table_html_write(fp, names[i]);
			fputs("</th><td>", fp);
			rct_table_html_write(fp, row[i]);
			fputs("</td></tr>\n", fp);
		}
		fputs("</table>\n", fp);
	}
	rct_table_free(info);
	rc = 0;
	fputs("<h2>Participant flow (CONSORT 2025)</h2>\n", fp);
	memset(&c, 0, sizeof(c));
	if ((rc = rct_consort(ctx->store, -1, NULL, 0, min_cell, &c)) == 0)
		rct_consort_svg(&c, fp);
	else {
		/* The flow's table says why, alone. */
		rct_error_clear();
		rct_consort_release(&c);
		memset(&c, 0, sizeof(c));
		rc = rct_consort(ctx->store, -1, NULL, 0, min_cell, &c);
	}
	section_open(fp, "Flow in numbers",
	    "Assessed and excluded come from the store's screening "
	    "log (trial screen); where it does not cover every site "
	    "and month recruited in, the flow says so.");
	if (rc == 0)
		rc = rct_consort_table(&t, &c);
	section_close(fp, rc, &t);
	rct_consort_release(&c);
	snprintf(note, sizeof(note),
	    "Counts below %d, and the counts that would reveal them by "
	    "arithmetic, read <em>suppressed</em> or are left empty with "
	    "that note, in every table and figure of this page.",
	    min_cell);
	fprintf(fp, "<p class=\"note\">%s</p>\n", note);
	section_open(fp, "Baseline characteristics (Table 1)",
	    "n (%) of each arm's n for codes, mean (SD) for numbers, "
	    "by arm as randomized.");
	/* HTML collapses spaces: a level indented by no-break spaces. */
	rc = rct_table1_store(&t, &any, ctx->store, "\u00a0\u00a0");
	section_close(fp, rc, &t);
	section_open(fp, "Baseline balance",
	    "Means (shares for categories) and standard deviations "
	    "by arm, standardized differences, and the joint F test "
	    "of the arm on all baseline variables.");
	memset(&bs, 0, sizeof(bs));
	bs.min_cell = 5;
	rc = rct_balance_store(&t, ctx->store, &bs, 0);
	section_close(fp, rc, &t);
	section_open(fp, "Effects (pre-specified)",
	    "The protocol's primary analysis on everyone randomized, "
	    "as randomized; with several outcomes Holm and "
	    "Benjamini-Hochberg adjusted p-values.  Names follow R's "
	    "estimatr.");
	rc = rct_effects_plan_store(&e, ctx->store);
	section_close(fp, rc, &e.table);
	rct_effects_plan_results_release(&e);
	if (rct_forest(ctx->store, &f) == 0) {
		fprintf(fp,
		    "<h2>Forest plot: primary outcome by site</h2>\n<p "
		    "class=\"note\">The pre-specified analysis (%s, %s) with "
		    "its %g%% intervals, overall and within each site "
		    "(effects by stratum, not rankings of "
		    "municipalities).</p>\n",
		    f.estimator, f.se_type,
		    100 * (1 - (p->alpha > 0 ? p->alpha : 0.05)));
		rct_forest_svg(&f, fp);
		rct_forest_release(&f);
	} else {
		fputs("<h2>Forest plot: primary outcome by site</h2>\n"
		      "<p class=\"note\">Not available: ",
		    fp);
		rct_table_html_write(fp, rct_error_last());
		fputs("</p>\n", fp);
		rct_error_clear();
	}
	if ((by = subgroup_factor(p)) != NULL) {
		snprintf(note, sizeof(note),
		    "The effect within each level of %s, a stratum of the "
		    "randomization (lm_robust(y ~ z), HC2, per subgroup), "
		    "and the test that it is the same in every level.",
		    by);
		section_open(fp, "Subgroups", note);
		if ((rc = outcomes_named(p)) == 0)
			rc = rct_subgroups_store(&t, ctx->store, by);
		section_close(fp, rc, &t);
	}
	section_open(fp, "Randomization inference",
	    "The sharp-null p-value over 2000 allocations re-drawn "
	    "as the trial drew its own (analysis ri --draws 2000).");
	if ((rc = outcomes_named(p)) == 0)
		rc = rct_ri_table_store(&t, ctx->store, 2000, 1);
	section_close(fp, rc, &t);
	section_open(fp, "Attrition",
	    "Response rates by arm with their test, and Lee (2009) "
	    "bounds.");
	if ((rc = outcomes_named(p)) == 0)
		rc = rct_attrition_store(&t, ctx->store);
	section_close(fp, rc, &t);
	section_open(fp, "Feasibility",
	    "Recruitment against target (rate per month with its "
	    "exact Poisson interval, the date the target is reached "
	    "at that rate), outcome completeness, spread and "
	    "intra-class correlation, and the deviations recorded.");
	if ((rc = rct_pilot(ctx->store, &pilot)) == 0) {
		if ((rc = rct_pilot_suppress(ctx->store, &pilot, min_cell)) ==
		    0)
			rc = rct_pilot_tables_write(fp, &pilot, -1,
			    RCT_FORMAT_HTML);
		rct_pilot_release(&pilot);
	}
	section_close(fp, rc, &t);
	fputs("<p class=\"note\">Made by analysis report; every figure can be "
	      "reproduced with the analysis commands on the same store.</p>\n"
	      "</body></html>\n",
	    fp);
	if (fclose(fp) != 0)
		return rct_error(RCT_EIO, "cannot write '%s': %s", path,
		    strerror(errno));
	fprintf(ctx->out, "wrote %s\n", path);
	return 0;
}
