/* Strict value parsing (text.h). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "text.h"

int
rct_text_parse_long(const char *s, long *out)
{
	const char *p = s;
	char *end;
	long v;

	if (*p == '-' || *p == '+')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

uint64_t
rct_text_hash_string(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/*
 * Clinger's fast path for a plain decimal ("-12.50"): when its digits,
 * without the point, make an integer m below 2^53 and it has f <= 22
 * digits after the point, m and 10^f are exact doubles and m / 10^f,
 * one correctly rounded division, is the correctly rounded value, the
 * same as strtod's.  Returns -1 for anything else.
 */
static int
fast_decimal(const char *s, double *out)
{
	static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
	    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
	    1e19, 1e20, 1e21, 1e22};
	const char *p = s;
	uint64_t m = 0;
	int neg = 0, frac = -1, digits = 0;
	double v;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (;; p++) {
		if (*p >= '0' && *p <= '9') {
			if (m >= (1ULL << 53) / 10)
				return -1;
			m = m * 10 + (uint64_t)(*p - '0');
			digits++;
			if (frac >= 0)
				frac++;
		} else if (*p == '.' && frac < 0)
			frac = 0;
		else
			break;
	}
	if (*p != '\0' || digits == 0 || frac > 22)
		return -1;
	v = frac > 0 ? (double)m / pow10[frac] : (double)m;
	*out = neg ? -v : v;
	return 0;
}

int
rct_text_parse_double(const char *s, double *out)
{
	const char *p = s;
	char *end;
	double v;

	if (fast_decimal(s, out) == 0)
		return 0;
	if (*p == '-' || *p == '+')
		p++;
	if (!isdigit((unsigned char)*p) && *p != '.')
		return -1;
	for (; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != '.' && *p != 'e' &&
		    *p != 'E' && *p != '-' && *p != '+')
			return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

int
rct_text_days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	if (month == 2)
		return 28 + leap;
	return days[month - 1];
}

int
rct_text_parse_date(const char *s, int *year, int *month, int *day)
{
	int i, y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return -1;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1800 || m < 1 || m > 12 || d < 1 ||
	    d > rct_text_days_in_month(y, m))
		return -1;
	*year = y;
	*month = m;
	*day = d;
	return 0;
}

/* Howard Hinnant's days_from_civil, for a proleptic Gregorian calendar. */
long
rct_text_days_from_civil(int year, int month, int day)
{
	long y = year - (month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
rct_text_date_from_days(long z, char out[11])
{
	long era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	/* Years 0-9999 only: the dates of a trial. */
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = out[7] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

/* A reading held for this thread's open transaction, or "". */
static _Thread_local char held_now[21];

static void
read_clock(char out[21])
{
	time_t t;
	struct tm tm;

#ifdef RCT_TEST_CLOCK
	/* Test builds only (tests/bin, make test and make demo). */
	const char *fixed = getenv("RCT_NOW");

	if (fixed && strlen(fixed) == 20) {
		memcpy(out, fixed, 20);
		out[20] = '\0';
		return;
	}
	if (fixed && strlen(fixed) == 10) {
		snprintf(out, 21, "%.10sT12:00:00Z", fixed);
		return;
	}
#endif
	t = time(NULL);
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
rct_text_now(char out[21])
{
	if (held_now[0] != '\0')
		memcpy(out, held_now, 21);
	else
		read_clock(out);
}

void
rct_text_now_hold(void)
{
	read_clock(held_now);
}

void
rct_text_now_release(void)
{
	held_now[0] = '\0';
}

/*
 * The date of the time held for the open transaction (a register is
 * checked against one today, and a server that runs for days gets each
 * day's); outside one, computed once per process.
 */
void
rct_text_today(char out[11])
{
	static char today[11];
	char now[21];

	if (held_now[0] != '\0') {
		memcpy(out, held_now, 10);
		out[10] = '\0';
		return;
	}
	if (today[0] == '\0') {
		rct_text_now(now);
		memcpy(today, now, 10);
	}
	memcpy(out, today, 11);
}

int
rct_text_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;
	unsigned int c;
	int n, i;

	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if ((*p & 0xe0) == 0xc0) {
			n = 1;
			c = *p & 0x1f;
		} else if ((*p & 0xf0) == 0xe0) {
			n = 2;
			c = *p & 0x0f;
		} else if ((*p & 0xf8) == 0xf0) {
			n = 3;
			c = *p & 0x07;
		} else
			return 0;
		if (end - p <= n)
			return 0;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (p[i] & 0x3f);
		}
		if ((n == 1 && c < 0x80) || (n == 2 && c < 0x800) ||
		    (n == 3 && c < 0x10000) || c > 0x10ffff ||
		    (c >= 0xd800 && c <= 0xdfff))
			return 0;
		p += n + 1;
	}
	return 1;
}

int
rct_text_name_valid(const char *s)
{
	size_t i;

	if (!islower((unsigned char)s[0]))
		return 0;
	for (i = 1; s[i]; i++)
		if (!islower((unsigned char)s[i]) &&
		    !isdigit((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return i <= 64;
}

int
rct_text_code_valid(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-')
			return 0;
	return i >= 1 && i <= 32;
}

char *
rct_text_trim_dup(const char *s)
{
	size_t len;
	char *p;

	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if ((p = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

const char *
rct_text_decimal_comma(const char *s, char *out, size_t n)
{
	const char *p = s, *comma;
	size_t len;

	if (s == NULL || (comma = strchr(s, ',')) == NULL ||
	    (len = strlen(s)) >= n)
		return s;
	if (*p == '-' || *p == '+')
		p++;
	if (p == comma || comma[1] == '\0' ||
	    strspn(p, "0123456789") != (size_t)(comma - p) ||
	    strspn(comma + 1, "0123456789") != strlen(comma + 1))
		return s;
	memcpy(out, s, len + 1);
	out[comma - s] = '.';
	return out;
}

void
rct_text_quote_as_written(char *msg, size_t n, const char *read,
    const char *written)
{
	char quoted[64], *at, *rest;
	size_t len = strlen(read);

	if (read == written || len + 3 > sizeof(quoted) ||
	    strlen(written) != len)
		return;
	snprintf(quoted, sizeof(quoted), "'%s'", read);
	if ((at = strstr(msg, quoted)) == NULL || (size_t)(at - msg) + len >= n)
		return;
	rest = at + 1;
	memcpy(rest, written, len);
}

void
rct_text_list_free(char **list, size_t n)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

int
rct_text_split_list(const char *s, char sep, char ***out)
{
	char **list = NULL, **grown, *item, *copy;
	const char *start = s, *p;
	size_t n = 0;

	*out = NULL;
	for (p = s;; p++) {
		if (*p != sep && *p != '\0')
			continue;
		if ((copy = strndup(start, (size_t)(p - start))) == NULL)
			goto fail;
		item = rct_text_trim_dup(copy);
		free(copy);
		if (item == NULL)
			goto fail;
		if (*item == '\0') {
			free(item);
			goto fail;
		}
		if ((grown = realloc(list, (n + 1) * sizeof(*list))) == NULL) {
			free(item);
			goto fail;
		}
		list = grown;
		list[n++] = item;
		if (*p == '\0')
			break;
		start = p + 1;
	}
	*out = list;
	return (int)n;
fail:
	rct_text_list_free(list, n);
	return -1;
}

int
rct_text_list_find(char *const *list, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return (int)i;
	return -1;
}

const char *
rct_text_format_double(char out[32], double x)
{
	int digits, lo, hi;

	if (isnan(x))
		return strcpy(out, "NaN");
	if (isinf(x))
		return strcpy(out, x > 0 ? "Inf" : "-Inf");
	/*
	 * The fewest digits from 6 that read back as x: with d digits it
	 * does, so it does with more (each is nearer x), so a binary search
	 * finds it in four tries where one by one took up to twelve (1/3,
	 * an allocation's probability, needs 16).
	 */
	snprintf(out, 32, "%.6g", x);
	if (strtod(out, NULL) == x)
		return out;
	lo = 7;
	hi = 17; /* 17 digits always read back */
	while (lo < hi) {
		digits = lo + (hi - lo) / 2;
		snprintf(out, 32, "%.*g", digits, x);
		if (strtod(out, NULL) == x)
			hi = digits;
		else
			lo = digits + 1;
	}
	snprintf(out, 32, "%.*g", lo, x);
	return out;
}

const char *
rct_text_format_cell(char out[32], double x)
{
	if (isnan(x)) {
		out[0] = '\0';
		return out;
	}
	return rct_text_format_double(out, x);
}

long
rct_text_control_find(const char *s, size_t len, int allow_lines, unsigned *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f) {
			if (allow_lines &&
			    (p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
				continue;
			*cp = p[i];
			return (long)i;
		}
		/* U+0080 to U+009F are C2 80 to C2 9F in UTF-8. */
		if (p[i] == 0xc2 && i + 1 < len && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9f) {
			*cp = p[i + 1];
			return (long)i;
		}
	}
	return -1;
}

int
rct_text_check(const char *what, const char *s)
{
	unsigned cp;
	long at = rct_text_control_find(s, strlen(s), 0, &cp);
	long chars = 0, i;

	if (at < 0)
		return 0;
	for (i = 0; i <= at; i++)
		chars += ((unsigned char)s[i] & 0xc0) != 0x80;
	return rct_error(RCT_EINVAL,
	    "%s holds the control character U+%04X at character %ld, "
	    "expected printable text",
	    what, cp, chars);
}

void
rct_text_visible_write(FILE *fp, const char *s)
{
	size_t len = strlen(s);
	unsigned cp;
	long at;

	while ((at = rct_text_control_find(s, len, 0, &cp)) >= 0) {
		fwrite(s, 1, (size_t)at, fp);
		fprintf(fp, cp < 0x80 ? "\\x%02x" : "\\u%04x", cp);
		at += cp < 0x80 ? 1 : 2;
		s += at;
		len -= (size_t)at;
	}
	fwrite(s, 1, len, fp);
}
