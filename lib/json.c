/* One field of a JSON object (json.h). */
#include <stdlib.h>
#include <string.h>

#include "json.h"

static const char *
skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

/* The end of the string starting at p (on its opening quote). */
static const char *
skip_string(const char *p)
{
	for (p++; *p && *p != '"'; p++)
		if (*p == '\\' && p[1])
			p++;
	return *p == '"' ? p + 1 : NULL;
}

/* The end of the value starting at p. */
static const char *
skip_value(const char *p)
{
	int depth = 0;

	if (*p == '"')
		return skip_string(p);
	for (; *p; p++) {
		if (*p == '"') {
			if ((p = skip_string(p)) == NULL)
				return NULL;
			p--;
		} else if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']') {
			if (depth == 0)
				return p;
			if (--depth == 0)
				return p + 1;
		} else if (*p == ',' && depth == 0)
			return p;
	}
	return depth == 0 ? p : NULL;
}

static int
copy_string(const char *p, const char *end, char *out, size_t outlen)
{
	size_t n = 0;

	for (p++, end--; p < end; p++) {
		char c = *p;

		if (c == '\\') {
			p++;
			c = *p == 'n' ? '\n' :
			    *p == 't' ? '\t' :
			    *p == 'r' ? '\r' :
					*p;
		}
		if (n + 1 >= outlen)
			return -1;
		out[n++] = c;
	}
	out[n] = '\0';
	return 0;
}

int
rct_json_field(const char *json, const char *key, char *out, size_t outlen)
{
	const char *p = skip_blanks(json), *k, *kend, *v, *end;
	size_t klen = strlen(key);

	if (*p++ != '{')
		return -1;
	for (;;) {
		p = skip_blanks(p);
		if (*p != '"')
			return -1;
		k = p + 1;
		if ((kend = skip_string(p)) == NULL)
			return -1;
		p = skip_blanks(kend);
		if (*p++ != ':')
			return -1;
		v = skip_blanks(p);
		if ((end = skip_value(v)) == NULL)
			return -1;
		if ((size_t)(kend - 1 - k) == klen &&
		    memcmp(k, key, klen) == 0) {
			if (*v == '"')
				return copy_string(v, end, out, outlen);
			if ((size_t)(end - v) + 1 > outlen)
				return -1;
			memcpy(out, v, (size_t)(end - v));
			out[end - v] = '\0';
			return 0;
		}
		p = skip_blanks(end);
		if (*p != ',')
			return -1;
		p++;
	}
}

int
rct_json_strings(const char *json, char **items, size_t n)
{
	const char *p = skip_blanks(json), *end;
	size_t count = 0, len;

	if (*p++ != '[')
		return -1;
	p = skip_blanks(p);
	if (*p == ']')
		return 0;
	for (;;) {
		if (count == n)
			goto fail;
		if (strncmp(p, "null", 4) == 0) {
			items[count++] = NULL;
			end = p + 4;
		} else if (*p == '"') {
			if ((end = skip_string(p)) == NULL)
				goto fail;
			len = (size_t)(end - p);
			if ((items[count] = malloc(len)) == NULL ||
			    copy_string(p, end, items[count], len) != 0) {
				free(items[count]);
				goto fail;
			}
			count++;
		} else
			goto fail;
		p = skip_blanks(end);
		if (*p == ']')
			return (int)count;
		if (*p++ != ',')
			goto fail;
		p = skip_blanks(p);
	}
fail:
	while (count > 0)
		free(items[--count]);
	return -1;
}
