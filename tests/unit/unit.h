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
 * *p parsed from protocol_text (as "unit.ini") and a new store *s of it
 * on :memory:; 0, or -1 with the messages printed.  The caller frees both
 * (rct_store_close, rct_protocol_free), also after a failure.
 */
struct rct_protocol;
struct rct_store;
int unit_store_new(struct rct_protocol **p, struct rct_store **s,
    const char *protocol_text);
/* The same on a file at path (with its keys directory beside it). */
int unit_store_new_at(struct rct_protocol **p, struct rct_store **s,
    const char *protocol_text, const char *path);

/* The integer of the first row of sql on s's connection, or -1. */
int unit_sql_int(struct rct_store *s, const char *sql);

/*
 * A group's store (cmocka state): unit_store_setup puts a struct
 * unit_store made by unit_store_new in *state (the recorded errors
 * cleared first); unit_store_teardown closes and frees it, even a
 * half-made one, and clears the errors.
 */
/* Two arms, simple randomization, one integer, one binary outcome. */
extern const char unit_protocol_simple[];

struct unit_store {
	struct rct_protocol *p;
	struct rct_store *s;
};
int unit_store_setup(void **state, const char *protocol_text);
int unit_store_teardown(void **state);

/*
 * The text of the first column of the first row that sql gives on store
 * s, or "" (a static buffer: the next call overwrites it).
 */
const char *unit_one_text(struct rct_store *s, const char *sql);

/*
 * A synthetic identity number with valid check digits in out, the next
 * after *serial (which it advances): day, month + 80 (the synthetic
 * numbers' month, no real person's) and a serial of 90xxx.
 */
void unit_identity(long *serial, char out[32]);

/* Assert that some recorded message contains text. */
#define assert_in_messages(text)                                               \
	assert_non_null(strstr(unit_messages(), (text)))

#endif
