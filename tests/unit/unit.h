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

/* Assert that some recorded message contains text. */
#define assert_in_messages(text)                                               \
	assert_non_null(strstr(unit_messages(), (text)))

#endif
