/*
 * analysis report STORE --html FILE
 *
 * One self-contained HTML page for the trial team and the referees: the
 * trial's facts, the CONSORT diagram and flow, the baseline table, the
 * pre-specified effect table, a forest plot of the primary outcome
 * overall and by site, attrition with Lee bounds, and feasibility.  Each table
 * is the one the analysis command of the same name prints (--format html), so
 * the page and the commands always agree; small cells are suppressed as
 * there.  A section that cannot be computed yet (no outcomes recorded)
 * says why instead.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "cmds.h"
#include "consort.h"
#include "effects.h"
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
    const char *name, const char *title, const char *about)
{
	char *argv[] = {(char *)name, "--format", "html", NULL};
	struct rct_cmd_ctx sub = *ctx;
	size_t i;
	int rc;

	fprintf(fp, "<h2>%s</h2>\n<p class=\"note\">%s</p>\n", title, about);
	sub.argc = 3;
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

/* One line of the forest plot: a label, an estimate and its interval. */
struct forest_row {
	char label[80];
	double est, lo, hi;
	long n;
	int suppressed;
};

/*
 * The primary outcome's difference in means (OLS, HC2, or CR2 in a
 * cluster trial) overall and in each site, drawn on one axis; sites with fewer
 * than min_cell people in an arm are listed without their figures.
 */
static int
forest(struct rct_store *s, FILE *fp)
{
	const struct rct_protocol *p = rct_store_protocol(s);
	struct rct_effect_spec sp;
	struct rct_dataset *d = NULL;
	struct rct_estimate e;
	struct forest_row rows[64];
	struct rct_column *site;
	size_t n = 0, l, i;
	double lo = 0, hi = 0, x0, scale;
	int rc, w = 760, left = 220, right = 180, h;

	if (p->primary == NULL || p->narms != 2)
		return rct_error(RCT_EINVAL,
		    "a forest plot needs a primary outcome and two arms");
	if ((rc = rct_store_dataset(s, &d)) != 0)
		return rc;
	memset(&sp, 0, sizeof(sp));
	sp.outcome = p->primary;
	sp.arm = "arm";
	sp.treat = p->arms[1].name;
	sp.control = p->arms[0].name;
	sp.estimator = RCT_EST_OLS;
	sp.se = RCT_SE_HC2;
	sp.se_given = 1;
	/* Classes or offices randomized whole: their CR2 errors. */
	if (p->unit == RCT_UNIT_CLUSTER) {
		sp.cluster = "cluster";
		sp.se = RCT_SE_CR2;
	}
	sp.alpha = p->alpha > 0 ? p->alpha : 0.05;
	if ((rc = rct_effect(d, &sp, &e)) != 0)
		goto out;
	memset(rows, 0, sizeof(rows));
	snprintf(rows[n].label, sizeof(rows[n].label), "All sites");
	rows[n].est = e.estimate;
	rows[n].lo = e.conf_low;
	rows[n].hi = e.conf_high;
	rows[n++].n = e.n;
	site = rct_dataset_column(d, "site");
	sp.subset = "site";
	for (l = 0; site && l < site->nlevels && n < 64; l++) {
		sp.subset_level = site->levels[l];
		snprintf(rows[n].label, sizeof(rows[n].label), "Site %s",
		    site->levels[l]);
		if (rct_effect(d, &sp, &e) != 0 || e.n_treat < p->min_cell ||
		    e.n_control < p->min_cell || e.n_treat < 2 ||
		    e.n_control < 2) {
			rct_error_clear();
			rows[n++].suppressed = 1;
			continue;
		}
		rows[n].est = e.estimate;
		rows[n].lo = e.conf_low;
		rows[n].hi = e.conf_high;
		rows[n++].n = e.n;
	}
	for (i = 0; i < n; i++)
		if (!rows[i].suppressed) {
			lo = fmin(lo, rows[i].lo);
			hi = fmax(hi, rows[i].hi);
		}
	if (!(hi > lo))
		hi = lo + 1;
	scale = (double)(w - left - right) / (hi - lo);
	x0 = left + (0 - lo) * scale;
	h = 40 + 24 * (int)n + 30;
	fprintf(fp,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n",
	    w, h);
	fprintf(fp,
	    "<line x1=\"%.1f\" y1=\"20\" x2=\"%.1f\" y2=\"%d\" "
	    "stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n",
	    x0, x0, h - 30);
	for (i = 0; i < n; i++) {
		int y = 40 + 24 * (int)i;
		char a[32], b[32], c[32];

		fprintf(fp, "<text x=\"8\" y=\"%d\">", y + 4);
		rct_html_write(fp, rows[i].label);
		fputs("</text>\n", fp);
		if (rows[i].suppressed) {
			fprintf(fp,
			    "<text x=\"%d\" y=\"%d\" fill=\"#777\">fewer "
			    "than %d in an arm: not shown</text>\n",
			    left, y + 4, p->min_cell);
			continue;
		}
		fprintf(fp,
		    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
		    "stroke=\"#333\" stroke-width=\"1.5\"/>\n",
		    left + (rows[i].lo - lo) * scale, y,
		    left + (rows[i].hi - lo) * scale, y);
		fprintf(fp,
		    "<rect x=\"%.1f\" y=\"%d\" width=\"8\" height=\"8\" "
		    "fill=\"%s\"/>\n",
		    left + (rows[i].est - lo) * scale - 4, y - 4,
		    i == 0 ? "#000" : "#444");
		rct_cmd_number(a, rows[i].est);
		rct_cmd_number(b, rows[i].lo);
		rct_cmd_number(c, rows[i].hi);
		fprintf(fp,
		    "<text x=\"%d\" y=\"%d\">%.6s [%.6s, %.6s] n=%ld</text>\n",
		    w - right + 10, y + 4, a, b, c, rows[i].n);
	}
	fprintf(fp,
	    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">0 (no "
	    "effect)</text>\n</svg>\n",
	    x0, h - 10);
out:
	rct_dataset_free(d);
	return rc;
}

int
cmd_report(struct rct_cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"html", required_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const struct rct_protocol *p = rct_store_protocol(ctx->store);
	struct rct_consort c;
	struct rct_table *info = NULL;
	const char *path = NULL;
	FILE *fp = NULL;
	int ch, rc = 0;

	optind = 0;
	while (rc == 0 &&
	    (ch = getopt_long(ctx->argc, ctx->argv, "", longopts, NULL)) != -1)
		if (ch == 'h')
			path = optarg;
		else
			rc = rct_cli_usage(ctx, "unknown option");
	if (rc != 0 || (rc = rct_cli_end(ctx)) != 0)
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
	fputs("<h2>Participant flow (CONSORT 2010)</h2>\n", fp);
	if (rct_consort(ctx->store, -1, NULL, 0,
		p->min_cell > 0 ? p->min_cell : 5, &c) == 0) {
		rct_consort_svg(&c, fp);
		rct_consort_free(&c);
	}
	section(ctx, fp, cmd_consort, "consort", "Flow in numbers",
	    "Screening counts are kept outside the store; see analysis "
	    "consort --assessed.");
	section(ctx, fp, cmd_balance, "balance", "Baseline characteristics",
	    "Means (shares for categories) and standard deviations by arm, "
	    "standardized differences, and the joint F test of the arm on "
	    "all baseline variables.");
	section(ctx, fp, cmd_effects, "effects", "Effects (pre-specified)",
	    "The protocol's primary analysis on everyone randomized, as "
	    "randomized; with several outcomes Holm and Benjamini-Hochberg "
	    "adjusted p-values.  Names follow R's estimatr.");
	fputs("<h2>Forest plot: primary outcome by site</h2>\n<p "
	      "class=\"note\">Difference in means with HC2 95% intervals, "
	      "overall and within each site (effects by stratum, not "
	      "rankings of municipalities).</p>\n",
	    fp);
	if (forest(ctx->store, fp) != 0) {
		fputs("<p class=\"note\">Not available: ", fp);
		rct_html_write(fp, rct_error_last());
		fputs("</p>\n", fp);
		rct_error_clear();
	}
	section(ctx, fp, cmd_attrition, "attrition", "Attrition",
	    "Response rates by arm with their test, and Lee (2009) bounds.");
	section(ctx, fp, cmd_pilot, "pilot", "Feasibility",
	    "Recruitment against target (rate per month with its exact "
	    "Poisson interval, the date the target is reached at that rate), "
	    "outcome completeness, spread and intra-class correlation, and "
	    "the deviations recorded.");
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
