/*
 * Form bodies (form.h): urlencoded and multipart/form-data, parsed whole
 * from a body the server has already bounded in size.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "error.h"
#include "form.h"

static int
name_valid(const char *name, size_t n)
{
	size_t i;

	if (n == 0 || n > WEB_FORM_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
			(name[i] >= 'A' && name[i] <= 'Z') ||
			(name[i] >= '0' && name[i] <= '9') || name[i] == '_' ||
			name[i] == '-'))
			return 0;
	return 1;
}

/* Add a field whose value is copied from len bytes at value. */
static int
add_field(struct web_form *f, const char *name, size_t nlen, const char *value,
    size_t len)
{
	struct web_field *w;
	size_t i;

	if (!name_valid(name, nlen))
		return rct_error(RCT_EINVAL,
		    "a form field has a name that is not 1 to %d letters, "
		    "digits, '_' or '-'",
		    WEB_FORM_NAME_MAX);
	for (i = 0; i < f->n; i++)
		if (strlen(f->fields[i].name) == nlen &&
		    memcmp(f->fields[i].name, name, nlen) == 0)
			return rct_error(RCT_EINVAL,
			    "the form field '%.*s' is given twice", (int)nlen,
			    name);
	if (f->n == WEB_FORM_FIELDS_MAX)
		return rct_error(RCT_EINVAL, "the form has more than %d fields",
		    WEB_FORM_FIELDS_MAX);
	w = &f->fields[f->n];
	memset(w, 0, sizeof(*w));
	if ((w->value = malloc(len + 1)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	memcpy(w->name, name, nlen);
	w->name[nlen] = '\0';
	if (len)
		memcpy(w->value, value, len);
	w->value[len] = '\0';
	w->len = len;
	f->n++;
	return 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode %XX and '+' of n bytes at in into out (n bytes or fewer). */
static int
url_decode(char *out, size_t *outlen, const char *in, size_t n)
{
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < n; i++) {
		if (in[i] == '+')
			out[o++] = ' ';
		else if (in[i] == '%') {
			if (i + 2 >= n)
				return -1;
			if ((hi = hexval(in[i + 1])) < 0 ||
			    (lo = hexval(in[i + 2])) < 0)
				return -1;
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else
			out[o++] = in[i];
	}
	*outlen = o;
	return 0;
}

int
web_form_parse_urlencoded(struct web_form *f, const char *body, size_t len)
{
	char *name = NULL, *value = NULL;
	size_t i = 0, end, eq, nlen, vlen;
	int rc = 0;

	f->n = 0; /* add_field sets up each field it takes */
	if ((name = malloc(len + 1)) == NULL ||
	    (value = malloc(len + 1)) == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	while (i < len) {
		for (end = i; end < len && body[end] != '&'; end++)
			;
		for (eq = i; eq < end && body[eq] != '='; eq++)
			;
		if (end == i) {
			i = end + 1;
			continue;
		}
		if (url_decode(name, &nlen, body + i, eq - i) != 0 ||
		    (eq < end &&
			url_decode(value, &vlen, body + eq + 1, end - eq - 1) !=
			    0)) {
			rc = rct_error(RCT_EINVAL,
			    "the form body has a bad %%-escape");
			goto out;
		}
		if (eq == end)
			vlen = 0;
		if ((rc = add_field(f, name, nlen, value, vlen)) != 0)
			goto out;
		i = end + 1;
	}
out:
	if (value)
		sodium_memzero(value, len + 1);
	free(name);
	free(value);
	if (rc != 0)
		web_form_release(f);
	return rc;
}

static const char *
find(const char *hay, size_t n, const char *needle, size_t m)
{
	size_t i;

	if (m == 0 || n < m)
		return NULL;
	for (i = 0; i + m <= n; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, m) == 0)
			return hay + i;
	return NULL;
}

/*
 * A parameter of a header value: name="value" or name=value, into out;
 * 0 when found.
 */
static int
header_param(const char *h, size_t n, const char *param, char *out,
    size_t outlen)
{
	size_t plen = strlen(param), i, o;

	for (i = 0; i + plen + 1 <= n; i++) {
		if ((i > 0 && h[i - 1] != ';' && h[i - 1] != ' ' &&
			h[i - 1] != '\t') ||
		    strncasecmp(h + i, param, plen) != 0 || h[i + plen] != '=')
			continue;
		i += plen + 1;
		o = 0;
		if (i < n && h[i] == '"') {
			for (i++; i < n && h[i] != '"'; i++) {
				if (o + 1 >= outlen)
					return -1;
				out[o++] = h[i];
			}
			if (i == n)
				return -1;
		} else
			for (; i < n && h[i] != ';' && h[i] != ' ' &&
			     h[i] != '\r';
			     i++) {
				if (o + 1 >= outlen)
					return -1;
				out[o++] = h[i];
			}
		out[o] = '\0';
		return 0;
	}
	return -1;
}

int
web_form_parse_multipart(struct web_form *f, const char *content_type,
    const char *body, size_t len)
{
	char boundary[80], delim[84], name[WEB_FORM_NAME_MAX + 1];
	char filename[256];
	const char *p, *end = body + len, *hend, *next, *h;
	size_t dlen;
	int rc;

	f->n = 0; /* add_field sets up each field it takes */
	if (content_type == NULL ||
	    header_param(content_type, strlen(content_type), "boundary",
		boundary, sizeof(boundary)) != 0 ||
	    boundary[0] == '\0')
		return rct_error(RCT_EINVAL,
		    "the upload has no multipart boundary (of at most 70 "
		    "characters)");
	dlen = (size_t)snprintf(delim, sizeof(delim), "--%s", boundary);
	if (len < dlen || memcmp(body, delim, dlen) != 0)
		return rct_error(RCT_EINVAL,
		    "the upload does not start with its boundary");
	p = body + dlen;
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0; /* the closing boundary */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n') {
			rc = rct_error(RCT_EINVAL,
			    "the upload has a malformed boundary line");
			goto fail;
		}
		p += 2;
		if ((hend = find(p, (size_t)(end - p), "\r\n\r\n", 4)) ==
		    NULL) {
			rc = rct_error(RCT_EINVAL,
			    "a part of the upload has no end of its headers");
			goto fail;
		}
		name[0] = filename[0] = '\0';
		/* The headers: Content-Disposition names the field. */
		for (h = p; h < hend;) {
			const char *eol =
			    find(h, (size_t)(hend + 2 - h), "\r\n", 2);
			size_t hl = (size_t)(eol - h);

			if (hl > 20 &&
			    strncasecmp(h, "content-disposition:", 20) == 0) {
				if (header_param(h, hl, "name", name,
					sizeof(name)) != 0)
					name[0] = '\0';
				if (header_param(h, hl, "filename", filename,
					sizeof(filename)) != 0)
					filename[0] = '\0';
			}
			h = eol + 2;
		}
		if (name[0] == '\0') {
			rc = rct_error(RCT_EINVAL,
			    "a part of the upload has no field name");
			goto fail;
		}
		p = hend + 4;
		/* The data ends at CRLF and the boundary. */
		{
			char cd[90];
			size_t cl =
			    (size_t)snprintf(cd, sizeof(cd), "\r\n%s", delim);

			if ((next = find(p, (size_t)(end - p), cd, cl)) ==
			    NULL) {
				rc = rct_error(RCT_EINVAL,
				    "the upload ends before its closing "
				    "boundary");
				goto fail;
			}
			if ((rc = add_field(f, name, strlen(name), p,
				 (size_t)(next - p))) != 0)
				goto fail;
			if (filename[0] &&
			    (f->fields[f->n - 1].filename = strdup(filename)) ==
				NULL) {
				rc = rct_error(RCT_ENOMEM, "out of memory");
				goto fail;
			}
			p = next + cl;
		}
	}
fail:
	web_form_release(f);
	return rc;
}

const char *
web_form_get(const struct web_form *f, const char *name, size_t *len)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0) {
			if (len)
				*len = f->fields[i].len;
			return f->fields[i].value;
		}
	return NULL;
}

void
web_form_release(struct web_form *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		if (f->fields[i].value) {
			sodium_memzero(f->fields[i].value, f->fields[i].len);
			free(f->fields[i].value);
		}
		free(f->fields[i].filename);
	}
	f->n = 0;
}
