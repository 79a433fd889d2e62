/* What the analysis commands share: their dataset options. */
#ifndef RCT_ANALYSIS_CMD_COMMON_H
#define RCT_ANALYSIS_CMD_COMMON_H

#include <stddef.h>

#include "cli.h"
#include "dataset.h"
#include "protocol.h"
#include "table.h"

/*
 * factor(NAME) in a list of columns, as in an R formula: strip it in
 * place and mark the column to be read as categories.  *factor (n
 * entries) is the caller's to free.
 */
int rct_cmd_factors(char **names, size_t n, unsigned char **factor);

/* A number for a table cell: the shortest exact digits, "" for NaN. */
void rct_cmd_number(char out[32], double x);

/*
 * The dataset options every analysis command takes: a STORE, or --data
 * FILE.csv with --arm COL and --treat LEVEL; --control, --outcome and
 * --format.  From a store the arms come from the allocation (the first
 * arm of the protocol is the comparison, every other arm is compared with
 * it) and the outcomes default to the protocol's family.
 */
struct rct_cmd_data {
	const char *data, *arm, *treat, *control;
	char **outcomes;
	size_t noutcomes;
	enum rct_format fmt;
	const struct rct_protocol *protocol; /* of the store */
	size_t next_arm; /* rct_cmd_next_arm() */
	const char *compare; /* the arm compared now (rct_cmd_next_arm) */
};

/*
 * Their entries of an option table, pointing into o, for RCT_OPT_MORE:
 * --data, --arm, --treat, --control, --outcome (a list of columns; the
 * last one given counts) and --format.
 */
#define RCT_CMD_DATA_NOPTS 7
void rct_cmd_data_options(struct rct_cmd_data *o,
    struct rct_cli_opt opts[RCT_CMD_DATA_NOPTS]);

/*
 * FN options (cli.h): --estimator into the enum rct_estimator at opt->dest
 * ("unknown estimator 'X'"), --se into the enum rct_se_type there
 * ("unknown --se 'X'").
 */
int rct_cmd_estimator_option(const struct rct_cmd_ctx *ctx,
    const struct rct_cli_opt *opt, const char *arg);
int rct_cmd_se_option(const struct rct_cmd_ctx *ctx,
    const struct rct_cli_opt *opt, const char *arg);

/* An FN option: --seed, 0 to 2147483647, into the uint64_t at opt->dest. */
int rct_cmd_seed_option(const struct rct_cmd_ctx *ctx,
    const struct rct_cli_opt *opt, const char *arg);

/*
 * An FN option that is a list of columns, "a,b,factor(c)", into the
 * struct rct_cmd_list at opt->dest: the list given before is freed (the
 * last one given counts), the new one is the caller's to free with
 * rct_text_list_free().  "--NAME 'X' is not a list of columns" otherwise.
 */
struct rct_cmd_list {
	char ***items;
	size_t *n;
};

int rct_cmd_list_option(const struct rct_cmd_ctx *ctx,
    const struct rct_cli_opt *opt, const char *arg);

/* After the options: check them and fill the store's defaults. */
int rct_cmd_data_finish(struct rct_cmd_ctx *ctx, struct rct_cmd_data *o);

/*
 * The dataset: the store's, or the arm, the outcomes and the n more
 * columns given of the file (categorical flags per column, or NULL).
 */
int rct_cmd_data_load(struct rct_cmd_ctx *ctx, const struct rct_cmd_data *o,
    const char *const *more, const unsigned char *categorical, size_t n,
    struct rct_dataset **d);

/*
 * The next treatment arm to compare with the control, into o->compare:
 * --treat once, or from a store each arm but the comparison.  Returns 0
 * when done.
 */
int rct_cmd_next_arm(struct rct_cmd_data *o);

void rct_cmd_data_release(struct rct_cmd_data *o);

#endif
