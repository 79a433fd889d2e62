/* What the analysis commands share: their dataset options. */
#ifndef RCT_ANALYSIS_CMD_COMMON_H
#define RCT_ANALYSIS_CMD_COMMON_H

#include <stddef.h>

#include "cli.h"
#include "dataset.h"
#include "protocol.h"

/*
 * factor(NAME) in a list of columns, as in an R formula: strip it in
 * place and mark the column to be read as categories.  *factor (n
 * entries) is the caller's to free.
 */
int rct_cmd_factors(char **names, size_t n, unsigned char **factor);

/* A number for a table cell: the shortest exact digits, "" for NaN. */
void rct_cmd_number(char out[32], double x);

/*
 * The protocol's baseline variables that can be analysed (codes and
 * numbers; not dates or free text), as a list the caller frees with
 * rct_list_free(), and their factor flags (codes).
 */
int rct_cmd_baseline_variables(const struct rct_protocol *p, char ***names,
    unsigned char **factor, size_t *n);

#endif
