/*
 * Reading one top-level field of a flat JSON object that we wrote
 * ourselves (audit payloads).  Writing JSON is done with lib/buf.h.
 */
#ifndef RCT_JSON_H
#define RCT_JSON_H

#include <stddef.h>

/*
 * Copy the value of key into out: a string without its quotes (escapes
 * decoded), anything else as written ("12", "null", "{...}").  Returns 0,
 * or -1 when the key is absent, the value does not fit or the text is not
 * an object.
 */
int rct_json_field(const char *json, const char *key, char *out, size_t outlen);

/*
 * Split a JSON array of strings and nulls into n new strings (NULL for
 * null); returns the count, or -1 on another shape or when the array has
 * more than n items.  The caller frees the strings.
 */
int rct_json_strings(const char *json, char **items, size_t n);
#endif
