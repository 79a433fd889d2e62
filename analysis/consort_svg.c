/*
 * The CONSORT 2025 flow diagram as SVG (consort.h): four stages in bands
 * (Enrolment, Allocation, Follow-up, Analysis), boxes whose text is
 * wrapped to their width by a conservative estimate of each character's
 * width (wider than DejaVu Sans or Liberation Sans draw it at 13 px), so
 * that no line runs past its edge, and boxes as tall as their lines.
 * Everything from the store passes through rct_table_html_write, so the file
 * is well-formed XML whatever a label holds.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consort.h"
#include "table.h"

#define FONT 13 /* px */
#define LEAD 17 /* px from one line to the next */
#define PAD 8 /* px inside a box */
#define INDENT 14 /* px per level of indent */
#define MAX_LINES 96
#define NBSP '\001' /* a space no line is broken at, as in "(n = 12)" */

/*
 * The width of one character at FONT px, rounded up: capitals and the
 * wide lower-case letters as wide as they come, anything outside ASCII
 * (letters with accents, CJK) a full em.
 */
static double
char_width(const unsigned char *s)
{
	if (*s >= 0x80)
		return FONT * 1.0;
	if (strchr("MWmw@%", *s))
		return FONT * 0.96;
	if (*s >= 'A' && *s <= 'Z')
		return FONT * 0.78;
	if (strchr("il.,:;'|!() \001", *s))
		return FONT * 0.40;
	return FONT * 0.64;
}

struct line {
	char *text;
	int indent, bold;
};

struct box {
	struct line line[MAX_LINES];
	size_t n;
	int w; /* px */
};

/* The length of the UTF-8 character at s. */
static size_t
char_len(const char *s)
{
	size_t n = 1;

	while (s[n] && ((unsigned char)s[n] & 0xc0) == 0x80)
		n++;
	return n;
}

static void
push(struct box *b, const char *s, size_t len, int indent, int bold)
{
	char *t;

	if (b->n == MAX_LINES || (t = strndup(s, len)) == NULL)
		return;
	b->line[b->n].text = t;
	for (; *t; t++)
		if (*t == NBSP)
			*t = ' ';
	b->line[b->n].indent = indent;
	b->line[b->n++].bold = bold;
}

/*
 * Add text to b, wrapped at spaces to the box's width (a word wider than
 * the box is cut between characters); continuation lines are indented
 * one more level.
 */
static void
add(struct box *b, int indent, int bold, const char *fmt, ...)
{
	char text[1024];
	const char *s = text;
	va_list ap;
	int level = indent;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	while (*s) {
		double room = b->w - 2 * PAD - level * INDENT, w = 0;
		size_t i = 0, cut = 0;

		if (bold)
			room /= 1.1;
		while (s[i]) {
			double cw = char_width((const unsigned char *)s + i);

			if (w + cw > room)
				break;
			w += cw;
			if (s[i] == ' ')
				cut = i;
			i += char_len(s + i);
		}
		if (s[i] == '\0')
			cut = i;
		else if (cut == 0)
			cut = i > 0 ? i : char_len(s); /* one long word */
		push(b, s, cut, level, bold);
		s += cut;
		while (*s == ' ')
			s++;
		level = indent + 1;
	}
}

static int
height(const struct box *b)
{
	return 2 * PAD + LEAD * (int)(b->n ? b->n : 1) - 4;
}

static void
draw(FILE *fp, struct box *b, int x, int y)
{
	size_t i;

	fprintf(fp,
	    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
	    "fill=\"#fff\" stroke=\"#333\"/>\n",
	    x, y, b->w, height(b));
	for (i = 0; i < b->n; i++) {
		fprintf(fp, "<text x=\"%d\" y=\"%d\"%s>",
		    x + PAD + b->line[i].indent * INDENT,
		    y + PAD + FONT - 1 + LEAD * (int)i,
		    b->line[i].bold ? " font-weight=\"bold\"" : "");
		rct_table_html_write(fp, b->line[i].text);
		fputs("</text>\n", fp);
		free(b->line[i].text);
	}
	b->n = 0;
}

static void
arrow(FILE *fp, int x1, int y1, int x2, int y2)
{
	fprintf(fp,
	    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\" "
	    "marker-end=\"url(#a)\"/>\n",
	    x1, y1, x2, y2);
}

static void
band(FILE *fp, const char *name, int width, int y)
{
	fprintf(fp,
	    "<rect x=\"10\" y=\"%d\" width=\"%d\" height=\"22\" "
	    "fill=\"#dce6f2\"/>\n<text x=\"18\" y=\"%d\" "
	    "font-weight=\"bold\">%s</text>\n",
	    y, width - 20, y + 16, name);
}

/* "n = 12", or "n suppressed". */
static const char *
count(char out[40], const struct rct_count *k)
{
	if (k->hidden)
		snprintf(out, 40, "n%csuppressed", NBSP);
	else
		snprintf(out, 40, "n%c=%c%ld", NBSP, NBSP, k->n);
	return out;
}

static void
cluster_line(struct box *b, int indent, const struct rct_count *k, long nk)
{
	if (nk <= 0)
		add(b, indent, 0, "k = 0 clusters");
	else if (k->hidden)
		add(b, indent, 0, "k = %ld clusters", nk);
	else
		add(b, indent, 0, "k = %ld clusters, mean size %.1f", nk,
		    (double)k->n / (double)nk);
}

/* The enrolment stage; returns the y below it. */
static int
enrolment(FILE *fp, const struct rct_consort *c, int width, int y)
{
	struct box main, side;
	int mw = 280, x0 = width * 2 / 5, mx = x0 - mw / 2, sx = mx + mw + 40;
	int h, sh;
	char n[40];
	size_t i;

	memset(&main, 0, sizeof(main));
	memset(&side, 0, sizeof(side));
	main.w = mw;
	side.w = width - sx - 20;
	if (c->assessed.n >= 0) {
		add(&main, 0, 0, "Assessed for eligibility (%s)",
		    count(n, &c->assessed));
		if (c->partial && c->months_reported < c->months_recruiting)
			add(&main, 0, 0,
			    "screening reported for %ld of %ld site-months "
			    "with recruitment: these counts cover only part "
			    "of the flow and do not add up to the enrolled",
			    c->months_reported, c->months_recruiting);
		else if (c->partial)
			add(&main, 0, 0,
			    "assessed less excluded (%ld) is not the enrolled "
			    "(%ld): the counts do not add up",
			    c->assessed.n - c->excluded_count.n, c->enrolled.n);
		h = height(&main);
		draw(fp, &main, mx, y);
		add(&side, 0, 0, "Excluded (%s)", count(n, &c->excluded_count));
		for (i = 0; i < c->nexcluded; i++)
			add(&side, 1, 0, "%s (%s)", c->excluded_reason[i],
			    count(n, &c->excluded[i]));
		sh = height(&side);
		/* The arrow down, and the side box off its middle. */
		arrow(fp, x0, y + h, x0, y + h + sh + 40);
		fprintf(fp,
		    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		    "stroke=\"#333\" marker-end=\"url(#a)\"/>\n",
		    x0, y + h + 20 + sh / 2, sx, y + h + 20 + sh / 2);
		draw(fp, &side, sx, y + h + 20);
		y += h + sh + 40;
	}
	add(&main, 0, 0, "Enrolled, consented (%s)", count(n, &c->enrolled));
	h = height(&main);
	draw(fp, &main, mx, y);
	add(&side, 0, 0, "Not randomized (%s)", count(n, &c->not_randomized));
	add(&side, 1, 0, "enrolled, not yet allocated");
	sh = height(&side);
	arrow(fp, x0, y + h, x0, y + h + sh + 40);
	fprintf(fp,
	    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\" "
	    "marker-end=\"url(#a)\"/>\n",
	    x0, y + h + 20 + sh / 2, sx, y + h + 20 + sh / 2);
	draw(fp, &side, sx, y + h + 20);
	y += h + sh + 40;
	add(&main, 0, 1, "Randomized (%s)", count(n, &c->randomized));
	if (c->cluster && c->clusters > 0)
		cluster_line(&main, 0, &c->randomized, c->clusters);
	h = height(&main);
	draw(fp, &main, mx, y);
	return y + h;
}

void
rct_consort_svg(const struct rct_consort *c, FILE *fp)
{
	struct box b[RCT_CONSORT_MAX_ARMS], title;
	int colw = 300, gap = 30, width, y, top, h, tallest;
	int bottom[RCT_CONSORT_MAX_ARMS];
	char n[40], *body = NULL;
	size_t a, i, len = 0;
	FILE *out;

	width = (int)c->narms * (colw + gap) + gap + 20;
	if (width < 760)
		width = 760;
	colw = c->narms ?
	    (width - 20 - gap * ((int)c->narms + 1)) / (int)c->narms :
	    colw;
	if ((out = open_memstream(&body, &len)) == NULL)
		return;
	memset(&title, 0, sizeof(title));
	title.w = width - 20;
	add(&title, 0, 1, "CONSORT 2025 flow diagram: %s",
	    c->title ? c->title : "");
	for (i = 0; i < title.n; i++) {
		fprintf(out, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">",
		    18, 24 + LEAD * (int)i);
		rct_table_html_write(out, title.line[i].text);
		fputs("</text>\n", out);
		free(title.line[i].text);
	}
	y = 24 + LEAD * (int)title.n;
	band(out, "Enrolment", width, y);
	y = enrolment(out, c, width, y + 34);
	top = y;
	y += 30;
	band(out, "Allocation", width, y);
	y += 34;
	memset(b, 0, sizeof(b));
	/* Allocation: each arm's box, arrows from the randomized. */
	for (a = 0, tallest = 0; a < c->narms; a++) {
		const struct rct_consort_arm *r = &c->arms[a];

		b[a].w = colw;
		add(&b[a], 0, 1, "Allocated to %s (%s)",
		    r->label ? r->label : r->name, count(n, &r->allocated));
		if (c->cluster)
			cluster_line(&b[a], 1, &r->allocated,
			    r->clusters_allocated);
		if (c->has_takeup) {
			add(&b[a], 1, 0, "Received the measure (%s)",
			    count(n, &r->received));
			add(&b[a], 1, 0, "Did not receive it (%s)",
			    count(n, &r->not_received));
		}
		if ((h = height(&b[a])) > tallest)
			tallest = h;
	}
	for (a = 0; a < c->narms; a++) {
		int x = gap + (int)a * (colw + gap) + 10;

		arrow(out, width * 2 / 5, top, x + colw / 2, y);
		bottom[a] = y + height(&b[a]);
		draw(out, &b[a], x, y);
	}
	y += tallest + 20;
	band(out, "Follow-up", width, y);
	y += 34;
	for (a = 0, tallest = 0; a < c->narms; a++) {
		const struct rct_consort_arm *r = &c->arms[a];

		b[a].w = colw;
		add(&b[a], 0, 0, "Lost to follow-up: no value of %s (%s)",
		    c->outcome ? c->outcome : "the primary outcome",
		    count(n, &r->lost));
		add(&b[a], 0, 0, "Withdrew consent (%s)",
		    count(n, &r->withdrew));
		add(&b[a], 0, 0, "Left the measure early (%s)",
		    count(n, &r->exited));
		for (i = 0; i < c->nreasons; i++)
			if (r->exit_reason[i].n > 0 || r->exit_reason[i].hidden)
				add(&b[a], 1, 0, "%s (%s)",
				    rct_consort_exit_reason_label(
					c->reasons[i]),
				    count(n, &r->exit_reason[i]));
		if ((h = height(&b[a])) > tallest)
			tallest = h;
	}
	for (a = 0; a < c->narms; a++) {
		int x = gap + (int)a * (colw + gap) + 10;

		arrow(out, x + colw / 2, bottom[a], x + colw / 2, y);
		bottom[a] = y + height(&b[a]);
		draw(out, &b[a], x, y);
	}
	y += tallest + 20;
	band(out, "Analysis", width, y);
	y += 34;
	for (a = 0, tallest = 0; a < c->narms; a++) {
		const struct rct_consort_arm *r = &c->arms[a];

		b[a].w = colw;
		add(&b[a], 0, 1, "Analysed (%s)", count(n, &r->analysed));
		add(&b[a], 1, 0, "for %s",
		    c->outcome ? c->outcome : "the primary outcome");
		if (c->cluster)
			cluster_line(&b[a], 1, &r->analysed,
			    r->clusters_analysed);
		add(&b[a], 0, 0, "Excluded from analysis (%s)",
		    count(n, &r->lost));
		add(&b[a], 1, 0, "no value of the primary outcome");
		if (c->any_left_out)
			add(&b[a], 0, 0,
			    "Arm fixed in their stratum, no comparison (%s)",
			    count(n, &r->left_out));
		if ((h = height(&b[a])) > tallest)
			tallest = h;
	}
	for (a = 0; a < c->narms; a++) {
		int x = gap + (int)a * (colw + gap) + 10;

		arrow(out, x + colw / 2, bottom[a], x + colw / 2, y);
		draw(out, &b[a], x, y);
	}
	y += tallest + 16;
	if (c->any_hidden) {
		memset(&title, 0, sizeof(title));
		title.w = width - 20;
		add(&title, 0, 0,
		    "Counts below %d, and the counts that would reveal them, "
		    "are suppressed.",
		    c->min_cell);
		for (i = 0; i < title.n; i++) {
			fprintf(out, "<text x=\"18\" y=\"%d\" fill=\"#444\">",
			    y + FONT + LEAD * (int)i);
			rct_table_html_write(out, title.line[i].text);
			fputs("</text>\n", out);
			free(title.line[i].text);
		}
		y += LEAD * (int)title.n + 6;
	}
	y += 10;
	if (fclose(out) != 0) {
		free(body);
		return;
	}
	fprintf(fp,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
	    "font-size=\"%d\">\n",
	    width, y, width, y, FONT);
	fputs("<defs><marker id=\"a\" viewBox=\"0 0 10 10\" refX=\"10\" "
	      "refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" "
	      "orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker>"
	      "</defs>\n",
	    fp);
	fwrite(body, 1, len, fp);
	fputs("</svg>\n", fp);
	free(body);
}
