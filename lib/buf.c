/* The growing buffer of buf.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"

void
rct_buf_init(struct rct_buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

void
rct_buf_release(struct rct_buf *b)
{
	free(b->data);
	rct_buf_init(b);
}

void
rct_buf_reset(struct rct_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static int
grow_slow(struct rct_buf *b, size_t want)
{
	size_t cap;
	char *p;

	if (b->failed)
		return -1;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap *= 2;
	if ((p = realloc(b->data, cap)) == NULL) {
		b->failed = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

/* Make room for extra bytes and the NUL; the common case stays inline. */
static inline int
grow(struct rct_buf *b, size_t extra)
{
	size_t want = b->len + extra + 1;

	return want <= b->cap && !b->failed ? 0 : grow_slow(b, want);
}

void
rct_buf_add(struct rct_buf *b, const void *data, size_t len)
{
	if (grow(b, len) < 0)
		return;
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
rct_buf_adds(struct rct_buf *b, const char *s)
{
	rct_buf_add(b, s, strlen(s));
}

void
rct_buf_addc(struct rct_buf *b, char c)
{
	rct_buf_add(b, &c, 1);
}

void
rct_buf_addf(struct rct_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || grow(b, (size_t)n) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

int
rct_buf_format_int(char *out, long long v)
{
	char tmp[24];
	unsigned long long u =
	    v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	int n = 0, len = 0;

	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		out[len++] = '-';
	while (n > 0)
		out[len++] = tmp[--n];
	out[len] = '\0';
	return len;
}

void
rct_buf_addint(struct rct_buf *b, long long v)
{
	char tmp[24];
	int n = rct_buf_format_int(tmp, v);

	rct_buf_add(b, tmp, (size_t)n);
}

void
rct_buf_addhex(struct rct_buf *b, const unsigned char *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	if (grow(b, 2 * len) < 0)
		return;
	for (i = 0; i < len; i++) {
		b->data[b->len++] = digits[data[i] >> 4];
		b->data[b->len++] = digits[data[i] & 15];
	}
	b->data[b->len] = '\0';
}

void
rct_buf_add_json_string(struct rct_buf *b, const char *s)
{
	const unsigned char *p, *run;

	rct_buf_addc(b, '"');
	for (p = (const unsigned char *)s; *p; p++) {
		/* Copy a run of characters that need no escape at once. */
		for (run = p; *p >= 0x20 && *p != '"' && *p != '\\'; p++)
			;
		if (p > run)
			rct_buf_add(b, run, (size_t)(p - run));
		if (*p == '\0')
			break;
		switch (*p) {
		case '"':
			rct_buf_adds(b, "\\\"");
			break;
		case '\\':
			rct_buf_adds(b, "\\\\");
			break;
		case '\n':
			rct_buf_adds(b, "\\n");
			break;
		case '\r':
			rct_buf_adds(b, "\\r");
			break;
		case '\t':
			rct_buf_adds(b, "\\t");
			break;
		default:
			rct_buf_addf(b, "\\u%04x", *p);
		}
	}
	rct_buf_addc(b, '"');
}

const char *
rct_buf_str(const struct rct_buf *b)
{
	return b->data ? b->data : "";
}

int
rct_buf_failed(const struct rct_buf *b)
{
	return b->failed;
}

char *
rct_buf_detach(struct rct_buf *b)
{
	char *p = b->data;

	if (p == NULL)
		p = calloc(1, 1);
	rct_buf_init(b);
	return p;
}

int
rct_buf_read_file(struct rct_buf *b, const char *path, size_t max, int *over,
    int *missing)
{
	char chunk[8192];
	size_t n, want;
	FILE *fp;

	*over = 0;
	if (missing)
		*missing = 0;
	fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (fp == NULL) {
		if (missing && errno == ENOENT) {
			*missing = 1;
			return 0;
		}
		return rct_error(RCT_EIO, "cannot open '%s': %s", path,
		    strerror(errno));
	}
	for (;;) {
		want = max - (b->len < max ? b->len : max);
		if (want > sizeof(chunk))
			want = sizeof(chunk);
		/* One byte past max tells a file that is too long. */
		if ((n = fread(chunk, 1, want ? want : 1, fp)) == 0)
			break;
		if (want == 0) {
			*over = 1;
			break;
		}
		rct_buf_add(b, chunk, n);
	}
	if (fp != stdin)
		fclose(fp);
	return rct_buf_failed(b) ? rct_error(RCT_ENOMEM, "out of memory") : 0;
}
