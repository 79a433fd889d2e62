/*
 * analysis pilot STORE [--table recruitment|monthly|outcomes|deviations]
 *
 * The pilot's feasibility (pilot.h) as four tables: recruitment per site
 * against target, screening and recruitment by site and month, outcomes
 * (completeness, mean, SD and take-up by arm, ICC), and the deviations
 * recorded.  Text, Markdown and HTML print all four with a title each;
 * CSV and JSON one, named with --table.  Recruitment rates are over each
 * site's own window (pilot.h), which the table shows and a note states.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "cmds.h"
#include "error.h"
#include "pilot.h"

static struct rct_table *
recruitment(const struct rct_pilot *p)
{
	static const char *const cols[] = {"site", "screened", "excluded",
	    "enrolled", "randomized", "target", "first", "last", "months",
	    "rate_per_month", "rate_lower", "rate_upper", "target_reached"};
	struct rct_table *t = rct_table_new(13, cols);
	char n[4][24], x[4][32], target[24];
	const char *cells[13];
	size_t i, c;

	if (t == NULL)
		return NULL;
	for (c = 1; c < 6; c++)
		rct_table_set_numeric(t, c);
	for (c = 8; c < 12; c++)
		rct_table_set_numeric(t, c);
	for (i = 0; i < p->nsites; i++) {
		const struct rct_pilot_site *s = &p->sites[i];

		snprintf(n[0], 24, "%ld", s->enrolled);
		snprintf(n[1], 24, "%ld", s->randomized);
		/* Without screening reports the counts are unknown, not 0. */
		if (s->screened >= 0) {
			snprintf(n[2], 24, "%ld", s->screened);
			snprintf(n[3], 24, "%ld", s->excluded);
		} else
			n[2][0] = n[3][0] = '\0';
		if (s->target > 0)
			snprintf(target, 24, "%ld", s->target);
		else
			target[0] = '\0';
		rct_cmd_number(x[0], s->first[0] ? s->months : NAN);
		rct_cmd_number(x[1], s->rate);
		rct_cmd_number(x[2], s->lower);
		rct_cmd_number(x[3], s->upper);
		cells[0] = s->code;
		cells[1] = n[2];
		cells[2] = n[3];
		cells[3] = n[0];
		cells[4] = n[1];
		cells[5] = target;
		cells[6] = s->first;
		cells[7] = s->last;
		for (c = 0; c < 4; c++)
			cells[8 + c] = x[c];
		cells[12] = s->projected;
		if (rct_table_add(t, cells) != 0) {
			rct_table_free(t);
			return NULL;
		}
	}
	return t;
}

static struct rct_table *
outcomes(const struct rct_pilot *p)
{
	static const char *const cols[] = {"outcome", "time", "arm",
	    "allocated", "with_value", "completeness", "mean", "sd", "icc",
	    "icc_lower", "icc_upper", "clusters", "note"};
	struct rct_table *t = rct_table_new(13, cols);
	char n[3][24], x[6][32];
	const char *cells[13];
	size_t k, a, c;

	if (t == NULL)
		return NULL;
	for (c = 3; c < 12; c++)
		rct_table_set_numeric(t, c);
	for (k = 0; k < p->noutcomes; k++) {
		const struct rct_pilot_outcome *o = &p->outcomes[k];

		for (a = 0; a < p->narms; a++) {
			snprintf(n[0], 24, "%ld", o->allocated[a]);
			snprintf(n[1], 24, "%ld", o->with_value[a]);
			rct_cmd_number(x[0],
			    o->allocated[a] ? (double)o->with_value[a] /
				    (double)o->allocated[a] :
					      NAN);
			memset(cells, 0, sizeof(cells));
			cells[0] = o->name;
			cells[1] = o->time ? o->time : "";
			cells[2] = p->arms[a];
			cells[3] = n[0];
			cells[4] = n[1];
			cells[5] = x[0];
			rct_cmd_number(x[1], o->mean[a]);
			rct_cmd_number(x[2], o->sd[a]);
			cells[6] = x[1];
			cells[7] = x[2];
			cells[12] = o->takeup ? "take-up of the measure (the "
						"mean)" :
						"";
			if (a == 0 && o->has_icc) {
				/* The ICC of both arms, on the first row. */
				rct_cmd_number(x[3], o->icc.icc);
				rct_cmd_number(x[4], o->icc.lower);
				rct_cmd_number(x[5], o->icc.upper);
				snprintf(n[2], 24, "%ld", o->icc.clusters);
				cells[8] = x[3];
				cells[9] = x[4];
				cells[10] = x[5];
				cells[11] = n[2];
				cells[12] =
				    "ICC of both arms; a pilot's ICC is "
				    "imprecise";
			}
			if (rct_table_add(t, cells) != 0) {
				rct_table_free(t);
				return NULL;
			}
		}
	}
	return t;
}

static struct rct_table *
monthly(const struct rct_pilot *p)
{
	static const char *const cols[] = {"site", "month", "screened",
	    "excluded", "enrolled", "randomized"};
	struct rct_table *t = rct_table_new(6, cols);
	char n[4][24];
	const char *cells[6];
	size_t i, c;

	if (t == NULL)
		return NULL;
	for (c = 2; c < 6; c++)
		rct_table_set_numeric(t, c);
	for (i = 0; i < p->nmonths; i++) {
		const struct rct_pilot_month *m = &p->months_by_site[i];

		/* A month without a screening report: unknown, not 0. */
		if (m->screened >= 0) {
			snprintf(n[0], 24, "%ld", m->screened);
			snprintf(n[1], 24, "%ld", m->excluded);
		} else
			n[0][0] = n[1][0] = '\0';
		snprintf(n[2], 24, "%ld", m->enrolled);
		snprintf(n[3], 24, "%ld", m->randomized);
		cells[0] = m->site;
		cells[1] = m->month;
		for (c = 0; c < 4; c++)
			cells[2 + c] = n[c];
		if (rct_table_add(t, cells) != 0) {
			rct_table_free(t);
			return NULL;
		}
	}
	return t;
}

static struct rct_table *
deviations(const struct rct_pilot *p)
{
	static const char *const cols[] = {"recorded", "n", "meaning"};
	struct rct_table *t = rct_table_new(3, cols);
	const long v[4] = {p->corrections, p->amendments, p->withdrawals,
	    p->exits};
	static const char *const what[4][2] =
	    {{"corrections", "baseline values corrected after enrolment"},
		{"amendments", "protocol versions adopted after the first"},
		{"withdrawals", "participants who withdrew consent"},
		{"exits", "participants who left the measure early"}};
	char n[24];
	const char *cells[3];
	size_t i;

	if (t == NULL)
		return NULL;
	rct_table_set_numeric(t, 1);
	for (i = 0; i < 4; i++) {
		snprintf(n, sizeof(n), "%ld", v[i]);
		cells[0] = what[i][0];
		cells[1] = n;
		cells[2] = what[i][1];
		if (rct_table_add(t, cells) != 0) {
			rct_table_free(t);
			return NULL;
		}
	}
	return t;
}

/* What the rate of the recruitment table is over, said under it. */
static const char window_note[] =
    "Rates are per month over each site's recruitment window: from its "
    "first recruitment date to the trial's last (the last date of the "
    "row all), both days counted, in months of 30.44 days; "
    "target_reached adds those still missing from today at that rate.";

int
cmd_pilot(struct rct_cmd_ctx *ctx)
{
	static const char *const names[] = {"recruitment", "monthly",
	    "outcomes", "deviations"};
	static const char *const titles[] = {"Recruitment against target",
	    "Screening and recruitment by month",
	    "Outcomes: completeness by arm, spread, ICC",
	    "Deviations recorded"};
	struct rct_table *(*const make[])(
	    const struct rct_pilot *) = {recruitment, monthly, outcomes,
	    deviations};
	enum rct_format fmt = RCT_FORMAT_TABLE;
	const char *which = NULL;
	struct rct_pilot p;
	struct rct_table *t;
	size_t i;
	int rc = 0;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("table", &which),
	    RCT_OPT_FORMAT(&fmt),
	    RCT_OPT_END,
	};

	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_end(ctx)) != 0)
		return rc;
	for (i = 0; which && i < 4 && strcmp(which, names[i]) != 0; i++)
		;
	if (which && i == 4)
		return rct_cli_usage(ctx,
		    "--table '%s': expected recruitment, monthly, outcomes "
		    "or deviations",
		    which);
	if (which == NULL && (fmt == RCT_FORMAT_CSV || fmt == RCT_FORMAT_JSON))
		return rct_cli_usage(ctx,
		    "csv and json print one table: add --table recruitment, "
		    "monthly, outcomes or deviations");
	if ((rc = rct_pilot(ctx->store, &p)) != 0)
		return rc;
	for (i = 0; rc == 0 && i < 4; i++) {
		if (which && strcmp(which, names[i]) != 0)
			continue;
		if ((t = make[i](&p)) == NULL) {
			rc = rct_error(RCT_ENOMEM, "out of memory");
			break;
		}
		if (which == NULL && fmt == RCT_FORMAT_HTML)
			fprintf(ctx->out, "<h3>%s</h3>\n", titles[i]);
		else if (which == NULL && fmt == RCT_FORMAT_MD)
			fprintf(ctx->out, "%s### %s\n\n", i ? "\n" : "",
			    titles[i]);
		else if (which == NULL)
			fprintf(ctx->out, "%s%s\n", i ? "\n" : "", titles[i]);
		rct_table_print(t, ctx->out, fmt);
		rct_table_free(t);
		if (i == 0 && fmt != RCT_FORMAT_CSV && fmt != RCT_FORMAT_JSON)
			fprintf(ctx->out,
			    fmt == RCT_FORMAT_HTML   ? "<p>%s</p>\n" :
				fmt == RCT_FORMAT_MD ? "\n%s\n" :
						       "%s\n",
			    window_note);
	}
	rct_pilot_free(&p);
	return rc;
}
