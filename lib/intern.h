/*
 * Interned strings: each distinct string gets a code, 0, 1, 2, ... in the
 * order first seen, found again by hash.  Used for the levels of a
 * categorical column and for strata and factor levels counted in
 * simulations.
 */
#ifndef RCT_INTERN_H
#define RCT_INTERN_H

#include <stddef.h>
#include <stdint.h>

struct rct_intern {
	char **names; /* code -> a copy of the string, first-seen order */
	size_t n, cap;
	int32_t *slots; /* open addressing: code + 1, 0 empty */
	size_t nslots;
};

/* The code of s, interning a copy when new; -1 when out of memory. */
int rct_intern(struct rct_intern *in, const char *s);

/* Free the table, leaving the strings of names to whoever took them. */
void rct_intern_release(struct rct_intern *in);

/* Free the table and its strings. */
void rct_intern_release_all(struct rct_intern *in);

#endif
