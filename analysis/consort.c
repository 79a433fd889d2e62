/* The CONSORT flow (consort.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consort.h"
#include "error.h"
#include "followup.h"
#include "participant.h"
#include "screening.h"
#include "table.h"
#include "text.h"

struct count {
	struct rct_consort *c;
	int primary; /* index of the primary outcome, or -1 */
	int takeup; /* index of the takeup outcome, or -1 */
};

static int
count_one(void *arg, const struct rct_participant *p)
{
	struct count *w = arg;
	struct rct_consort *c = w->c;
	struct rct_consort_arm *a = NULL;
	size_t i;

	c->enrolled++;
	if (p->arm == NULL) {
		c->not_randomized++;
		return 0;
	}
	c->randomized++;
	for (i = 0; i < c->narms; i++)
		if (strcmp(c->arms[i].name, p->arm) == 0)
			a = &c->arms[i];
	if (a == NULL)
		return 0;
	a->allocated++;
	a->withdrew += p->withdrawn != NULL;
	if (p->exit_reason) {
		a->exited++;
		for (i = 0; i < c->nreasons; i++)
			if (strcmp(c->reasons[i], p->exit_reason) == 0)
				a->exit_reason[i]++;
	}
	if (w->takeup >= 0 && p->outcomes[w->takeup] != NULL) {
		a->received += strcmp(p->outcomes[w->takeup], "1") == 0;
		a->not_received += strcmp(p->outcomes[w->takeup], "0") == 0;
	}
	if (w->primary >= 0 && p->outcomes[w->primary] != NULL)
		a->analysed++;
	else
		a->lost++;
	return 0;
}

static int from_log(struct rct_store *s, struct rct_consort *out);
static int count_flow(struct rct_store *s, const struct rct_protocol *p,
    struct rct_consort *out);

int
rct_consort(struct rct_store *s, long assessed, char *const *excluded,
    size_t nexcluded, struct rct_consort *out)
{
	const struct rct_protocol *p = rct_store_protocol(s);
	size_t i;
	long v;
	int rc;

	memset(out, 0, sizeof(*out));
	out->title = p->name;
	out->outcome = p->primary;
	out->assessed = assessed;
	out->reasons = rct_exit_reasons;
	while (rct_exit_reasons[out->nreasons] &&
	    out->nreasons < RCT_CONSORT_MAX_REASONS)
		out->nreasons++;
	/* Without counts given, the store's screening log, when it has one. */
	if (assessed < 0 && nexcluded == 0)
		return (rc = from_log(s, out)) != 0 ? rc :
						      count_flow(s, p, out);
	out->excluded_reason = calloc(nexcluded + 1, sizeof(char *));
	out->excluded = calloc(nexcluded + 1, sizeof(long));
	if (out->excluded_reason == NULL || out->excluded == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < nexcluded; i++) {
		const char *eq = strrchr(excluded[i], '=');

		if (eq == NULL || eq == excluded[i] ||
		    rct_parse_long(eq + 1, &v) != 0 || v < 0) {
			rct_consort_free(out);
			return rct_error(RCT_EINVAL,
			    "--excluded '%s': expected REASON=COUNT",
			    excluded[i]);
		}
		if ((out->excluded_reason[i] = strndup(excluded[i],
			 (size_t)(eq - excluded[i]))) == NULL) {
			rct_consort_free(out);
			return rct_error(RCT_ENOMEM, "out of memory");
		}
		if (rct_text_check("an exclusion reason",
			out->excluded_reason[i]) != 0) {
			out->nexcluded = i + 1;
			rct_consort_free(out);
			return RCT_EINVAL;
		}
		out->excluded[i] = v;
		out->excluded_count += v;
		out->nexcluded = i + 1;
	}
	return count_flow(s, p, out);
}

/* The screening log's totals as the top of the flow. */
static int
from_log(struct rct_store *s, struct rct_consort *out)
{
	struct rct_screening t;
	int rc;

	if ((rc = rct_screening_totals(s, NULL, &t)) != 0)
		return rc;
	if (t.reports > 0) {
		out->assessed = t.screened;
		out->excluded_count = t.excluded;
		out->excluded_reason = t.reason;
		out->excluded = t.count;
		out->nexcluded = t.nreasons;
		t.reason = NULL;
		t.count = NULL;
		t.nreasons = 0;
	}
	rct_screening_free(&t);
	return 0;
}

static int
count_flow(struct rct_store *s, const struct rct_protocol *p,
    struct rct_consort *out)
{
	struct rct_participant_filter filter = {NULL, 0, 0, 0, 1};
	struct count w;
	size_t i;

	for (i = 0; i < p->narms && i < 16; i++) {
		out->arms[i].name = p->arms[i].name;
		out->arms[i].label = p->arms[i].label;
		out->narms = i + 1;
	}
	w.c = out;
	w.primary = w.takeup = -1;
	for (i = 0; i < p->noutcomes; i++) {
		if (p->primary && strcmp(p->outcomes[i].name, p->primary) == 0)
			w.primary = (int)i;
		if (p->takeup && strcmp(p->outcomes[i].name, p->takeup) == 0)
			w.takeup = (int)i;
	}
	out->has_takeup = w.takeup >= 0;
	return rct_participant_foreach(s, &filter, count_one, &w);
}

void
rct_consort_free(struct rct_consort *c)
{
	size_t i;

	for (i = 0; c->excluded_reason && i < c->nexcluded; i++)
		free(c->excluded_reason[i]);
	free(c->excluded_reason);
	free(c->excluded);
	memset(c, 0, sizeof(*c));
}

/* The number of bytes an escaped character may take (&quot;). */
#define XML_CHAR_MAX 6

/*
 * The first chars characters of s escaped for XML into out, which has room
 * for chars * XML_CHAR_MAX + 1 bytes: cut between characters, never inside
 * one or inside an entity, so the SVG stays well-formed.
 */
static void
escape(char *out, size_t size, const char *s, size_t chars)
{
	char *text, *xml = NULL;
	size_t i, n = 0, len;
	FILE *fp;

	out[0] = '\0';
	for (i = 0; s[i]; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && n++ == chars)
			break;
	if ((text = strndup(s, i)) == NULL)
		return;
	if ((fp = open_memstream(&xml, &len)) != NULL) {
		rct_html_write(fp, text);
		if (fclose(fp) == 0 && xml && len < size)
			memcpy(out, xml, len + 1);
	}
	free(xml);
	free(text);
}

/* A count, or "< min_cell" for a small non-zero one in a reason list. */
static void
small(char out[32], long n, int min_cell)
{
	if (n > 0 && n < min_cell)
		snprintf(out, 32, "&lt; %d", min_cell);
	else
		snprintf(out, 32, "%ld", n);
}

/* A box of lines at x, y (top left), w wide; returns its height. */
static int
box(FILE *fp, int x, int y, int w, const char *const *lines, size_t n)
{
	int h = 14 + 16 * (int)n;
	size_t i;

	fprintf(fp,
	    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
	    "fill=\"#fff\" stroke=\"#333\"/>\n",
	    x, y, w, h);
	for (i = 0; i < n; i++) {
		fprintf(fp, "<text x=\"%d\" y=\"%d\">", x + 8,
		    y + 20 + 16 * (int)i);
		fputs(lines[i], fp); /* already escaped */
		fputs("</text>\n", fp);
	}
	return h;
}

static void
arrow(FILE *fp, int x1, int y1, int x2, int y2)
{
	fprintf(fp,
	    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\" "
	    "marker-end=\"url(#a)\"/>\n",
	    x1, y1, x2, y2);
}

#define LINE (60 * XML_CHAR_MAX + 40)

/* Lines in the tallest box of the top row and of the arms' middle row. */
static int
diagram_height(const struct rct_consort *c)
{
	size_t a, i, side = 1, mid = 0, n;

	if (c->assessed >= 0)
		side += 1 + c->nexcluded;
	for (a = 0; a < c->narms; a++) {
		for (i = 0, n = 3; i < c->nreasons; i++)
			n += c->arms[a].exit_reason[i] > 0;
		if (n > mid)
			mid = n;
	}
	/* Title, top row, randomized, allocated, middle, analysed. */
	return 50 + 14 + 16 * (int)(side > 2 ? side : 2) + 40 + 30 + 50 + 46 +
	    32 * c->has_takeup + 30 + 14 + 16 * (int)mid + 30 + 46 + 20;
}

void
rct_consort_svg(const struct rct_consort *c, int min_cell, FILE *fp)
{
	char buf[24][LINE], num[32];
	const char *lines[24];
	int colw = 300, gap = 30, width, height, x, y = 50, h, top, side = 0;
	size_t a, i, n;

	for (i = 0; i < 24; i++)
		lines[i] = buf[i];
	width = (int)c->narms * (colw + gap) + gap;
	if (width < 700)
		width = 700;
	height = diagram_height(c);
	fprintf(fp,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
	    "font-size=\"13\">\n",
	    width, height, width, height);
	fputs("<defs><marker id=\"a\" viewBox=\"0 0 10 10\" refX=\"10\" "
	      "refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" "
	      "orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker>"
	      "</defs>\n",
	    fp);
	fputs("<text x=\"20\" y=\"28\" font-size=\"15\" font-weight=\"bold\">"
	      "CONSORT flow: ",
	    fp);
	rct_html_write(fp, c->title);
	fputs("</text>\n", fp);
	/* Enrolment. */
	n = 0;
	if (c->assessed >= 0)
		snprintf(buf[n++], LINE, "Assessed for eligibility (n = %ld)",
		    c->assessed);
	snprintf(buf[n++], LINE, "Enrolled, consented (n = %ld)", c->enrolled);
	x = width / 2 - 160;
	h = box(fp, x, y, 320, lines, n);
	if (c->assessed >= 0 || c->not_randomized > 0) {
		n = 0;
		if (c->assessed >= 0) {
			snprintf(buf[n++], LINE, "Excluded (n = %ld)",
			    c->excluded_count);
			for (i = 0; i < c->nexcluded && n < 20; i++) {
				char r[60 * XML_CHAR_MAX + 1];

				small(num, c->excluded[i], min_cell);
				escape(r, sizeof(r), c->excluded_reason[i], 60);
				snprintf(buf[n++], LINE, "  %s (%.20s)", r,
				    num);
			}
		}
		snprintf(buf[n++], LINE, "Not randomized (n = %ld)",
		    c->not_randomized);
		arrow(fp, x + 320, y + h / 2, x + 340, y + h / 2);
		side = box(fp, x + 340, y, width - x - 350, lines, n);
	}
	top = y + h;
	y = (side > h ? y + side : top) + 40;
	snprintf(buf[0], LINE, "Randomized (n = %ld)", c->randomized);
	arrow(fp, width / 2, top, width / 2, y);
	h = box(fp, width / 2 - 110, y, 220, lines, 1);
	top = y + h;
	y = top + 50;
	for (a = 0; a < c->narms; a++) {
		const struct rct_consort_arm *r = &c->arms[a];
		int ax = gap + (int)a * (colw + gap), ay = y, bh;

		arrow(fp, width / 2, top, ax + colw / 2, ay);
		n = 0;
		snprintf(buf[n++], LINE, "Allocated: %.60s", r->name);
		snprintf(buf[n++], LINE, "  (n = %ld)", r->allocated);
		if (c->has_takeup) {
			snprintf(buf[n++], LINE,
			    "Received the measure (n = %ld)", r->received);
			snprintf(buf[n++], LINE, "Did not receive it (n = %ld)",
			    r->not_received);
		}
		bh = box(fp, ax, ay, colw, lines, n);
		ay += bh + 30;
		arrow(fp, ax + colw / 2, ay - 30, ax + colw / 2, ay);
		n = 0;
		snprintf(buf[n++], LINE, "Withdrew consent (n = %ld)",
		    r->withdrew);
		snprintf(buf[n++], LINE, "Left the measure early (n = %ld)",
		    r->exited);
		for (i = 0; i < c->nreasons && n < 18; i++)
			if (r->exit_reason[i] > 0) {
				small(num, r->exit_reason[i], min_cell);
				snprintf(buf[n++], LINE, "  %.40s (%.20s)",
				    c->reasons[i], num);
			}
		snprintf(buf[n++], LINE, "Lost to follow-up (n = %ld)",
		    r->lost);
		bh = box(fp, ax, ay, colw, lines, n);
		ay += bh + 30;
		arrow(fp, ax + colw / 2, ay - 30, ax + colw / 2, ay);
		n = 0;
		snprintf(buf[n++], LINE, "Analysed (n = %ld)", r->analysed);
		snprintf(buf[n++], LINE, "  for %.70s",
		    c->outcome ? c->outcome : "");
		box(fp, ax, ay, colw, lines, n);
	}
	fputs("</svg>\n", fp);
}
