/*
 * Error recording for the library side of the toolkit.
 *
 * Library code never prints and never exits: it records what went wrong
 * with rct_error() and returns the (negative) code, as libgit2 does with
 * git_error_set().  The command driver (lib/cli.c) prints every recorded
 * message and maps the code of the failure to an exit status.  Several
 * messages may be recorded before a failure is returned, so that an import
 * can name every bad row of a file rather than only the first.
 */
#ifndef RCT_ERROR_H
#define RCT_ERROR_H

#include <stddef.h>

enum rct_code {
	RCT_OK = 0,
	RCT_EINVAL = -1, /* bad input or usage: exit 2 */
	RCT_ENOTFOUND = -2, /* a named thing does not exist: exit 2 */
	RCT_EEXISTS = -3, /* a thing that must be new already exists */
	RCT_ECHECK = -4, /* a verification failed: exit 1 */
	RCT_EIO = -5, /* a file could not be read or written */
	RCT_ESTORE = -6, /* the store refused (SQLite error) */
	RCT_ESECRET = -7, /* a key file is missing, unsafe or wrong */
	RCT_ENOMEM = -8,
};

/* Exit statuses of the three programs (DESIGN.md, command-line contract). */
enum rct_exit {
	RCT_EXIT_OK = 0,
	RCT_EXIT_CHECK = 1,
	RCT_EXIT_USAGE = 2,
};

/* Record a message and return code.  The format follows printf. */
int
rct_error(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Record "FILE:LINE:COLUMN: message"; line or column 0 is left out. */
int rct_error_at(int code, const char *file, long line, long column,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * Record a warning ("warning: ..."): printed like an error, but the work
 * goes on and the exit status is not changed.
 */
void rct_error_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Number of messages recorded since the last clear, and the i-th one. */
size_t rct_error_count(void);
const char *rct_error_message(size_t i);

/* The most recent message, or "" when none was recorded. */
const char *rct_error_last(void);

void rct_error_clear(void);

/*
 * Work split between threads: while a thread holds (h not NULL), its
 * messages are kept in h, not recorded; rct_error_hold(NULL) ends that.
 * rct_error_release() then records them (keep) or drops them, so that
 * messages come out in the order a sequential run would give, and only
 * those a sequential run would have reached.  Call it on one thread.
 */
struct rct_error_held {
	char **messages;
	size_t n, cap;
	size_t dropped; /* past RCT_ERROR_MAX, as the list's own */
};

void rct_error_hold(struct rct_error_held *h);
void rct_error_release(struct rct_error_held *h, int keep);

/* Map a library code to the exit status of the programs. */
int rct_error_exit_status(int code);

#endif
