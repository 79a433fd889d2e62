/*
 * What an analysis of a store takes when the user says nothing: the
 * protocol's baseline variables, its outcome family, the arms compared
 * with the comparison arm, and the smallest cell shown.  The commands
 * and the report take them from here so that they agree.
 */
#ifndef RCT_ANALYSIS_DEFAULTS_H
#define RCT_ANALYSIS_DEFAULTS_H

#include <stddef.h>

#include "protocol.h"

/*
 * The protocol's baseline variables that can be analysed (codes and
 * numbers; not dates or free text), as a list the caller frees with
 * rct_text_list_free(), and their factor flags (codes; the caller frees).
 */
int rct_defaults_baseline(const struct rct_protocol *p, char ***names,
    unsigned char **factor, size_t *n);

/*
 * The outcome family, or the primary outcome alone, or none: a list the
 * caller frees with rct_text_list_free().
 */
int
rct_defaults_outcomes(const struct rct_protocol *p, char ***names, size_t *n);

/*
 * The next arm compared with control, *i starting at 0: treat once when
 * given or without a protocol, else each arm of the protocol but
 * control.  NULL when done.
 */
const char *rct_defaults_next_arm(const struct rct_protocol *p,
    const char *treat, const char *control, size_t *i);

/* The protocol's min_cell, or 5 (also without a protocol). */
int rct_defaults_min_cell(const struct rct_protocol *p);

#endif
