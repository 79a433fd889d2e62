/*
 * The pilot's feasibility as four tables (pilot_tables.h): recruitment
 * per site against target, screening and recruitment by site and month,
 * outcomes (completeness, mean, SD and take-up by arm, ICC), and the
 * deviations recorded, for analysis pilot and the report.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "pilot_tables.h"
#include "text.h"

#define NOTE_MAX 96

/* x rounded to d decimals (R's round(x, d)) where people read it. */
static void
number(char out[32], double x, int d, enum rct_format shown)
{
	char buf[64];

	if (!isnan(x) &&
	    (shown == RCT_FORMAT_TABLE || shown == RCT_FORMAT_MD)) {
		snprintf(buf, sizeof(buf), "%.*f", d, x);
		x = strtod(buf, NULL);
		if (x == 0)
			x = 0; /* no -0 */
	}
	rct_text_format_cell(out, x);
}

/* The columns number() rounds: R's print of the rounded values. */
static void
rounded(struct rct_table *t, size_t from, size_t to)
{
	size_t c;

	for (c = from; c < to; c++)
		rct_table_set_rounded(t, c);
	rct_table_set_digits(t, 7);
}

/* The note of a row with a suppressed count. */
static const char *
hidden_note(char out[NOTE_MAX], int hidden, int min_cell)
{
	if (!hidden)
		return "";
	snprintf(out, NOTE_MAX,
	    "fewer than %d, or would reveal one: "
	    "suppressed",
	    min_cell);
	return out;
}

/*
 * The note of a site's or a month's row: in a row with a suppressed count
 * empty screening counts are unreported (no screening report) or
 * suppressed, and the note says which; elsewhere they are unreported.
 */
static const char *
row_note(char out[2 * NOTE_MAX], long screened, unsigned hidden, int min_cell)
{
	char why[NOTE_MAX];

	snprintf(out, 2 * NOTE_MAX, "%s%s%s",
	    screened < 0 && hidden ? "no screening report" : "",
	    screened < 0 && hidden ? "; " : "",
	    hidden_note(why, hidden != 0, min_cell));
	return out;
}

/* A count, or empty when suppressed. */
static const char *
count(char out[24], long n, int hidden)
{
	if (hidden)
		out[0] = '\0';
	else
		snprintf(out, 24, "%ld", n);
	return out;
}

static struct rct_table *
recruitment(const struct rct_pilot *p, enum rct_format fmt)
{
	static const char *const cols[] = {"site", "screened", "excluded",
	    "enrolled", "randomized", "target", "first", "last", "months",
	    "rate_per_month", "rate_lower", "rate_upper", "target_reached",
	    "note"};
	struct rct_table *t = rct_table_new(14, cols);
	char n[4][24], x[4][32], target[24], note[2 * NOTE_MAX];
	const char *cells[14];
	int any = 0;
	size_t i, c;

	if (t == NULL)
		return NULL;
	for (c = 1; c < 6; c++)
		rct_table_set_numeric(t, c);
	for (c = 8; c < 12; c++)
		rct_table_set_numeric(t, c);
	rounded(t, 8, 12);
	for (i = 0; i < p->nsites; i++) {
		const struct rct_pilot_site *s = &p->sites[i];

		count(n[0], s->enrolled, s->hidden & RCT_PILOT_ENROLLED);
		count(n[1], s->randomized, s->hidden & RCT_PILOT_RANDOMIZED);
		/* Without screening reports the counts are unknown, not 0. */
		if (s->screened >= 0) {
			count(n[2], s->screened,
			    s->hidden & RCT_PILOT_SCREENED);
			count(n[3], s->excluded,
			    s->hidden & RCT_PILOT_EXCLUDED);
		} else
			n[2][0] = n[3][0] = '\0';
		if (s->target > 0)
			snprintf(target, 24, "%ld", s->target);
		else
			target[0] = '\0';
		number(x[0], s->first[0] ? s->months : NAN, 2, fmt);
		number(x[1], s->rate, 2, fmt);
		number(x[2], s->lower, 2, fmt);
		number(x[3], s->upper, 2, fmt);
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
		cells[13] = row_note(note, s->screened, s->hidden, p->min_cell);
		any |= cells[13][0] != '\0';
		if (rct_table_add(t, cells) != 0) {
			rct_table_free(t);
			return NULL;
		}
	}
	if (!any)
		rct_table_keep(t, ~(1u << 13));
	return t;
}

static struct rct_table *
outcomes(const struct rct_pilot *p, enum rct_format fmt)
{
	static const char *const cols[] = {"outcome", "time", "arm",
	    "allocated", "with_value", "completeness", "mean", "sd", "icc",
	    "icc_lower", "icc_upper", "clusters", "note"};
	struct rct_table *t = rct_table_new(13, cols);
	char n[3][24], x[6][32], note[NOTE_MAX + 64];
	const char *cells[13];
	size_t k, a, c;

	if (t == NULL)
		return NULL;
	for (c = 3; c < 12; c++)
		rct_table_set_numeric(t, c);
	rounded(t, 5, 11);
	for (k = 0; k < p->noutcomes; k++) {
		const struct rct_pilot_outcome *o = &p->outcomes[k];

		for (a = 0; a < p->narms; a++) {
			const int wh = o->with_value_hidden[a];
			const int mh = o->mean_hidden[a];

			snprintf(n[0], 24, "%ld", o->allocated[a]);
			count(n[1], o->with_value[a], wh);
			number(x[0],
			    o->allocated[a] && !wh ? (double)o->with_value[a] /
				    (double)o->allocated[a] :
						     NAN,
			    3, fmt);
			memset(cells, 0, sizeof(cells));
			cells[0] = o->name;
			cells[1] = o->time ? o->time : "";
			cells[2] = p->arms[a];
			cells[3] = n[0];
			cells[4] = n[1];
			cells[5] = x[0];
			number(x[1], mh ? NAN : o->mean[a], 2, fmt);
			number(x[2], mh ? NAN : o->sd[a], 2, fmt);
			cells[6] = x[1];
			cells[7] = x[2];
			cells[12] = o->takeup ? "take-up of the measure (the "
						"mean)" :
						"";
			if (a == 0 && o->has_icc) {
				/* The ICC of both arms, on the first row. */
				number(x[3], o->icc.icc, 3, fmt);
				number(x[4], o->icc.lower, 3, fmt);
				number(x[5], o->icc.upper, 3, fmt);
				snprintf(n[2], 24, "%ld", o->icc.clusters);
				cells[8] = x[3];
				cells[9] = x[4];
				cells[10] = x[5];
				cells[11] = n[2];
				cells[12] =
				    "ICC of both arms; a pilot's ICC is "
				    "imprecise";
			}
			if (mh) {
				char why[NOTE_MAX];

				snprintf(note, sizeof(note), "%s%s%s",
				    cells[12], cells[12][0] ? "; " : "",
				    hidden_note(why, 1, p->min_cell));
				cells[12] = note;
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
monthly(const struct rct_pilot *p, enum rct_format fmt)
{
	(void)fmt; /* nothing rounded */
	static const char *const cols[] = {"site", "month", "screened",
	    "excluded", "enrolled", "randomized", "note"};
	struct rct_table *t = rct_table_new(7, cols);
	char n[4][24], note[2 * NOTE_MAX];
	const char *cells[7];
	size_t i, c;
	int any = 0;

	if (t == NULL)
		return NULL;
	for (c = 2; c < 6; c++)
		rct_table_set_numeric(t, c);
	for (i = 0; i < p->nmonths; i++) {
		const struct rct_pilot_month *m = &p->months_by_site[i];

		/* A month without a screening report: unknown, not 0. */
		if (m->screened >= 0) {
			count(n[0], m->screened,
			    m->hidden & RCT_PILOT_SCREENED);
			count(n[1], m->excluded,
			    m->hidden & RCT_PILOT_EXCLUDED);
		} else
			n[0][0] = n[1][0] = '\0';
		count(n[2], m->enrolled, m->hidden & RCT_PILOT_ENROLLED);
		count(n[3], m->randomized, m->hidden & RCT_PILOT_RANDOMIZED);
		cells[0] = m->site;
		cells[1] = m->month;
		for (c = 0; c < 4; c++)
			cells[2 + c] = n[c];
		cells[6] = row_note(note, m->screened, m->hidden, p->min_cell);
		any |= cells[6][0] != '\0';
		if (rct_table_add(t, cells) != 0) {
			rct_table_free(t);
			return NULL;
		}
	}
	if (!any)
		rct_table_keep(t, ~(1u << 6));
	return t;
}

static struct rct_table *
deviations(const struct rct_pilot *p, enum rct_format fmt)
{
	(void)fmt; /* nothing rounded */
	static const char *const cols[] = {"recorded", "n", "meaning"};
	struct rct_table *t = rct_table_new(3, cols);
	const long v[4] = {p->corrections, p->amendments, p->withdrawals,
	    p->exits};
	const int h[4] = {0, 0, p->withdrawals_hidden, p->exits_hidden};
	static const char *const what[4][2] =
	    {{"corrections", "baseline values corrected after enrolment"},
		{"amendments", "protocol versions adopted after the first"},
		{"withdrawals", "participants who withdrew consent"},
		{"exits", "participants who left the measure early"}};
	char n[24], note[2 * NOTE_MAX];
	const char *cells[3];
	size_t i;

	if (t == NULL)
		return NULL;
	rct_table_set_numeric(t, 1);
	for (i = 0; i < 4; i++) {
		char why[NOTE_MAX];

		count(n, v[i], h[i]);
		cells[0] = what[i][0];
		cells[1] = n;
		snprintf(note, sizeof(note), "%s%s%s", what[i][1],
		    h[i] ? "; " : "", hidden_note(why, h[i], p->min_cell));
		cells[2] = note;
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

static const char *const names[RCT_PILOT_TABLES] = {"recruitment", "monthly",
    "outcomes", "deviations"};
static const char *const titles[RCT_PILOT_TABLES] =
    {"Recruitment against target", "Screening and recruitment by month",
	"Outcomes: completeness by arm, spread, ICC", "Deviations recorded"};

int
rct_pilot_tables_find(const char *name)
{
	int i;

	for (i = 0; i < RCT_PILOT_TABLES; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

int
rct_pilot_tables_build(struct rct_table **out, const struct rct_pilot *p,
    int which, enum rct_format fmt)
{
	switch (which) {
	case 0:
		*out = recruitment(p, fmt);
		break;
	case 1:
		*out = monthly(p, fmt);
		break;
	case 2:
		*out = outcomes(p, fmt);
		break;
	default:
		*out = deviations(p, fmt);
	}
	if (*out == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	return 0;
}

int
rct_pilot_tables_write(FILE *fp, const struct rct_pilot *p, int which,
    enum rct_format fmt)
{
	struct rct_table *t;
	int i, rc = 0;

	for (i = 0; rc == 0 && i < RCT_PILOT_TABLES; i++) {
		if (which >= 0 && which != i)
			continue;
		if ((rc = rct_pilot_tables_build(&t, p, i, fmt)) != 0)
			break;
		if (which < 0 && fmt == RCT_FORMAT_HTML)
			fprintf(fp, "<h3>%s</h3>\n", titles[i]);
		else if (which < 0 && fmt == RCT_FORMAT_MD)
			fprintf(fp, "%s### %s\n\n", i ? "\n" : "", titles[i]);
		else if (which < 0)
			fprintf(fp, "%s%s\n", i ? "\n" : "", titles[i]);
		rct_table_print(t, fp, fmt);
		rct_table_free(t);
		if (i == 0 && fmt != RCT_FORMAT_CSV && fmt != RCT_FORMAT_JSON)
			fprintf(fp,
			    fmt == RCT_FORMAT_HTML   ? "<p>%s</p>\n" :
				fmt == RCT_FORMAT_MD ? "\n%s\n" :
						       "%s\n",
			    window_note);
	}
	return rc;
}
