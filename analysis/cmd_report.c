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

#include "cmd_common.h"
#include "cmds.h"
#include "consort.h"
#include "effects.h"
#include "forest.h"
#include "error.h"
#include "protocol.h"
#include "report.h"
#include "store.h"
#include "store_data.h"

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

/*
 * Run an analysis command into the page as an HTML table; when it fails
 * the page says why and the report goes on.
 */
static void
section(struct rct_cmd_ctx *ctx, FILE *fp, int (*cmd)(struct rct_cmd_ctx *),
    const char *const *args, const char *title, const char *about)
{
	char *argv[16];
	struct rct_cmd_ctx sub = *ctx;
	size_t i, n = 0;
	int rc;

	argv[n++] = (char *)args[0];
	argv[n++] = "--format";
	argv[n++] = "html";
	for (i = 1; args[i] && n < 15; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	fprintf(fp, "<h2>%s</h2>\n<p class=\"note\">%s</p>\n", title, about);
	sub.argc = (int)n;
	sub.argv = argv;
	sub.out = fp;
	fflush(fp);
	fputs("<div class=\"wide\">\n", fp);
	rc = cmd(&sub);
	fputs("</div>\n", fp);
	if (rc != 0) {
		fputs("<p class=\"note\">Not available: ", fp);
		for (i = 0; i < rct_error_count(); i++) {
			rct_html_write(fp, rct_error_message(i));
			fputc(' ', fp);
		}
		fputs("</p>\n", fp);
		rct_error_clear();
	}
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
	struct rct_table *info = NULL;
	const char *by;
	char note[512];
	int min_cell = p->min_cell > 0 ? p->min_cell : 5;
	const char *path = NULL;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("html", &path),
	    RCT_OPT_END,
	};
	FILE *fp = NULL;
	int rc = 0;

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
	rct_html_write(fp, p->name);
	fprintf(fp, "</title><style>%s</style></head><body>\n<h1>", style);
	rct_html_write(fp, p->name);
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
			rct_html_write(fp, names[i]);
			fputs("</th><td>", fp);
			rct_html_write(fp, row[i]);
			fputs("</td></tr>\n", fp);
		}
		fputs("</table>\n", fp);
	}
	rct_table_free(info);
	rc = 0;
	fputs("<h2>Participant flow (CONSORT 2025)</h2>\n", fp);
	if (rct_consort(ctx->store, -1, NULL, 0, min_cell, &c) == 0) {
		rct_consort_svg(&c, fp);
		rct_consort_free(&c);
	} else
		rct_error_clear();
	{
		static const char *const a[] = {"consort", NULL};

		section(ctx, fp, cmd_consort, a, "Flow in numbers",
		    "Assessed and excluded come from the store's screening "
		    "log (trial screen); where it does not cover every site "
		    "and month recruited in, the flow says so.");
	}
	snprintf(note, sizeof(note),
	    "Counts below %d, and the counts that would reveal them by "
	    "arithmetic, read <em>suppressed</em> or are left empty with "
	    "that note, in every table and figure of this page.",
	    min_cell);
	fprintf(fp, "<p class=\"note\">%s</p>\n", note);
	{
		static const char *const a[] = {"table1", NULL};

		section(ctx, fp, cmd_table1, a,
		    "Baseline characteristics (Table 1)",
		    "n (%) of each arm's n for codes, mean (SD) for numbers, "
		    "by arm as randomized.");
	}
	{
		static const char *const a[] = {"balance", NULL};

		section(ctx, fp, cmd_balance, a, "Baseline balance",
		    "Means (shares for categories) and standard deviations "
		    "by arm, standardized differences, and the joint F test "
		    "of the arm on all baseline variables.");
	}
	{
		static const char *const a[] = {"effects", NULL};

		section(ctx, fp, cmd_effects, a, "Effects (pre-specified)",
		    "The protocol's primary analysis on everyone randomized, "
		    "as randomized; with several outcomes Holm and "
		    "Benjamini-Hochberg adjusted p-values.  Names follow R's "
		    "estimatr.");
	}
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
		rct_forest_free(&f);
	} else {
		fputs("<h2>Forest plot: primary outcome by site</h2>\n"
		      "<p class=\"note\">Not available: ",
		    fp);
		rct_html_write(fp, rct_error_last());
		fputs("</p>\n", fp);
		rct_error_clear();
	}
	if ((by = subgroup_factor(p)) != NULL) {
		const char *const a[] = {"subgroups", "--by", by, NULL};

		snprintf(note, sizeof(note),
		    "The effect within each level of %s, a stratum of the "
		    "randomization (lm_robust(y ~ z), HC2, per subgroup), "
		    "and the test that it is the same in every level.",
		    by);
		section(ctx, fp, cmd_subgroups, a, "Subgroups", note);
	}
	{
		static const char *const a[] = {"ri", "--draws", "2000", NULL};

		section(ctx, fp, cmd_ri, a, "Randomization inference",
		    "The sharp-null p-value over 2000 allocations re-drawn "
		    "as the trial drew its own (analysis ri --draws 2000).");
	}
	{
		static const char *const a[] = {"attrition", NULL};

		section(ctx, fp, cmd_attrition, a, "Attrition",
		    "Response rates by arm with their test, and Lee (2009) "
		    "bounds.");
	}
	{
		static const char *const a[] = {"pilot", NULL};

		section(ctx, fp, cmd_pilot, a, "Feasibility",
		    "Recruitment against target (rate per month with its "
		    "exact Poisson interval, the date the target is reached "
		    "at that rate), outcome completeness, spread and "
		    "intra-class correlation, and the deviations recorded.");
	}
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
