/* What every unit test program includes: cmocka and small helpers. */
#ifndef RCT_UNIT_H
#define RCT_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"

/* The recorded messages, joined by newlines (for assert_in_messages). */
const char *unit_messages(void);

/*
 * The text of the first column of the first row that sql gives on store
 * s, or "" (a static buffer: the next call overwrites it).
 */
struct rct_store;
const char *unit_one_text(struct rct_store *s, const char *sql);

/* Assert that some recorded message contains text. */
#define assert_in_messages(text)                                               \
	assert_non_null(strstr(unit_messages(), (text)))

#endif
