/*
 * Form bodies of the web service: application/x-www-form-urlencoded (every
 * form but the upload) and multipart/form-data (the register upload).
 * The server has already bounded the body (route.h, max_body); these
 * parsers bound the number of fields and refuse what is malformed rather
 * than guess: a field named twice, a part without a name, a boundary
 * that never closes.  Values may hold any bytes, NUL included (a file);
 * each is kept with its length and a NUL after it.
 */
#ifndef RCT_WEB_FORM_H
#define RCT_WEB_FORM_H

#include <stddef.h>

#define WEB_FORM_FIELDS_MAX 64
#define WEB_FORM_NAME_MAX 64

struct web_field {
	char name[WEB_FORM_NAME_MAX + 1];
	char *value; /* NUL-terminated; len bytes before it */
	size_t len;
	/*
	 * Multipart: the part's filename (freed with the form), or NULL: a
	 * pointer, so that a form (64 fields, set up for every request) stays
	 * small.
	 */
	char *filename;
};

struct web_form {
	struct web_field fields[WEB_FORM_FIELDS_MAX];
	size_t n;
};

/*
 * Parse a urlencoded body of len bytes into f (which the caller releases
 * with web_form_release).  RCT_EINVAL, recorded, when it is malformed.
 */
int web_form_parse_urlencoded(struct web_form *f, const char *body, size_t len);

/*
 * Parse a multipart/form-data body whose Content-Type header is
 * content_type (the boundary is taken from it).
 */
int web_form_parse_multipart(struct web_form *f, const char *content_type,
    const char *body, size_t len);

/* The value of a field, or NULL; *len gets its length when not NULL. */
const char *
web_form_get(const struct web_form *f, const char *name, size_t *len);

/* Wipe and free the values (a form may hold a password). */
void web_form_release(struct web_form *f);

#endif
