/*
 * A growing byte buffer, always NUL-terminated, used to build canonical
 * payloads, JSON values and messages.  An allocation failure is sticky:
 * later appends do nothing and rct_buf_failed() reports it, so callers can
 * build a whole value and check once at the end.
 */
#ifndef RCT_BUF_H
#define RCT_BUF_H

#include <stddef.h>

struct rct_buf {
	char *data; /* NUL-terminated; "" before the first append */
	size_t len;
	size_t cap;
	int failed;
};

#define RCT_BUF_INIT                                                           \
	{                                                                      \
		NULL, 0, 0, 0                                                  \
	}

void rct_buf_init(struct rct_buf *b);
void rct_buf_release(struct rct_buf *b); /* frees data, back to init */
void rct_buf_reset(struct rct_buf *b); /* empties, keeps memory */

void rct_buf_add(struct rct_buf *b, const void *data, size_t len);
void rct_buf_adds(struct rct_buf *b, const char *s);
void rct_buf_addc(struct rct_buf *b, char c);
void rct_buf_addf(struct rct_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rct_buf_addhex(struct rct_buf *b, const unsigned char *data, size_t len);

/* Append a whole number in decimal. */
void rct_buf_addint(struct rct_buf *b, long long v);

/* Format v in decimal into out (at least 21 bytes); returns its length. */
int rct_buf_format_int(char *out, long long v);

/* Append s as a JSON string literal, quotes included. */
void rct_buf_add_json_string(struct rct_buf *b, const char *s);

/* The contents, never NULL. */
const char *rct_buf_str(const struct rct_buf *b);

/* Nonzero when an append failed for lack of memory. */
int rct_buf_failed(const struct rct_buf *b);

/* Hand the data to the caller (who frees it) and reset the buffer. */
char *rct_buf_detach(struct rct_buf *b);

/*
 * Append the file at path ("-": standard input) to b, reading at most max
 * bytes; *over is set when the file holds more.  0, or RCT_EIO recorded as
 * "cannot open 'PATH': why"; with missing not NULL a file that does not
 * exist sets *missing instead, records nothing and returns 0.
 */
int rct_buf_read_file(struct rct_buf *b, const char *path, size_t max,
    int *over, int *missing);

#endif
