/*
 * Strict parsing of the values that reach us from files and the command
 * line: integers, decimals, ISO dates, names and comma-separated lists.
 * "Strict" means the whole string must be the value: " 12", "12x" and "1,5"
 * are refused rather than coerced, so nothing is silently changed.
 */
#ifndef RCT_TEXT_H
#define RCT_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* 0 on success; -1 when s is not wholly a decimal integer in range. */
int rct_text_parse_long(const char *s, long *out);

/* 0 on success; -1 when s is not wholly a finite decimal number. */
int rct_text_parse_double(const char *s, double *out);

/*
 * A number written with a decimal comma ("1,5", "-0,25": one comma with
 * digits on both sides, as a Norwegian spreadsheet writes it) with a
 * decimal point instead, in out (n bytes); any other s is returned as it
 * is, for the strict parsers above to judge.
 */
const char *rct_text_decimal_comma(const char *s, char *out, size_t n);

/*
 * In a message of n bytes at msg, put back the value as written where it
 * is quoted as read: '7.5' becomes '7,5' again (the first occurrence).
 */
void rct_text_quote_as_written(char *msg, size_t n, const char *read,
    const char *written);

/* FNV-1a of a string, for the hash tables of names and codes. */
uint64_t rct_text_hash_string(const char *s);

/* ISO 8601 calendar date YYYY-MM-DD that exists; 0 or -1. */
int rct_text_parse_date(const char *s, int *year, int *month, int *day);

/*
 * The shortest decimal that reads back as x exactly (0.8, not
 * 0.80000000000000004); "NaN", "Inf" and "-Inf" for the others.
 */
const char *rct_text_format_double(char out[32], double x);

/* As rct_text_format_double(), but an empty cell for NaN (nothing to report).
 */
const char *rct_text_format_cell(char out[32], double x);

/* Days since 1970-01-01 of a valid date (proleptic Gregorian). */
long rct_text_days_from_civil(int year, int month, int day);

/* The YYYY-MM-DD of a day number (the inverse of the above). */
void rct_text_date_from_days(long days, char out[11]);

/* Days in a month, leap years counted. */
int rct_text_days_in_month(int year, int month);

/*
 * Today's date and the current time in UTC, from the system clock.  In a
 * test build only (-DRCT_TEST_CLOCK: tests/bin, for make test and make
 * demo) RCT_NOW (an ISO date or "YYYY-MM-DDTHH:MM:SSZ") overrides the
 * clock, so end-to-end tests and the demo are reproducible; it changes
 * only what is recorded, never a random draw.  A release build (bin/)
 * has no such code.
 */
void rct_text_today(char out[11]);
void rct_text_now(char out[21]);

/*
 * Read the clock once and let rct_text_now() return that reading until
 * rct_text_now_release(): a write transaction's rows and entries all carry one
 * time (trial/store.c holds it from BEGIN to COMMIT or ROLLBACK).
 */
void rct_text_now_hold(void);
void rct_text_now_release(void);

/* Nonzero when the bytes are valid UTF-8 (no overlongs, no surrogates). */
int rct_text_utf8_valid(const char *s, size_t len);

/*
 * The first control character in the len bytes at s: C0 (U+0000 to
 * U+001F; tab, newline and carriage return allowed when allow_lines), DEL
 * (U+007F) or C1 (U+0080 to U+009F).  Returns its byte offset with its
 * code point in *cp, or -1 when there is none.  These are what reach a
 * terminal as commands (ANSI escapes start with ESC or the C1 CSI).
 */
long
rct_text_control_find(const char *s, size_t len, int allow_lines, unsigned *cp);

/*
 * 0 when s has no control character (tab and newline included); else
 * RCT_EINVAL after recording "WHAT holds the control character U+001B at
 * character 5, expected printable text".
 */
int rct_text_check(const char *what, const char *s)
    __attribute__((warn_unused_result));

/*
 * Write s with every control character (tab and newline too) shown as
 * \x1b or \u009b, so that text from a store or a file cannot move the
 * cursor, change colours or retitle a terminal.
 */
void rct_text_visible_write(FILE *fp, const char *s);

/* Nonzero for a name of a protocol item: [a-z][a-z0-9_]*, at most 64. */
int rct_text_name_valid(const char *s);

/* Nonzero for a site code: [A-Za-z0-9_-], 1 to 32 characters. */
int rct_text_code_valid(const char *s);

/*
 * Split s at sep into trimmed, non-empty, newly allocated strings.
 * Returns the count, or -1 on an empty item or lack of memory.  The
 * caller frees the list with rct_text_list_free().
 */
int rct_text_split_list(const char *s, char sep, char ***out);
void rct_text_list_free(char **list, size_t n);

/* Copy of s without leading and trailing blanks; caller frees. */
char *rct_text_trim_dup(const char *s);

/* Index of name in list, or -1. */
int rct_text_list_find(char *const *list, size_t n, const char *name);

#endif
