/*
 * analysis ri [STORE] [--data FILE.csv --arm COL --treat LEVEL]
 *             [--strata COL] [--cluster COL] [--outcome A,B]
 *             [--draws N] [--seed S]
 *
 * Randomization inference (ri.h).  From a store every draw re-runs the
 * trial's own allocation with a new secret (ri_store.h); from a CSV file
 * the arms are permuted as complete randomization within the strata, of
 * the clusters.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "cmds.h"
#include "columns.h"
#include "error.h"
#include "ri.h"
#include "ri_store.h"
#include "text.h"

#define NCOLS 14

static int
add_row(struct rct_table *t, const char *outcome, const char *treat,
    const char *control, const struct rct_ri_result *r, int use_t,
    const char *note)
{
	char num[6][32], count[4][24];
	const char *cells[NCOLS];
	const double x[6] = {r->estimate, r->statistic, r->p_value, r->mc_error,
	    r->p_westfall_young, 0};
	const long c[4] = {r->n_treat, r->n_control, r->draws, r->extreme};
	size_t i;

	for (i = 0; i < 5; i++)
		rct_cmd_number(num[i], x[i]);
	for (i = 0; i < 4; i++)
		snprintf(count[i], sizeof(count[i]), "%ld", c[i]);
	cells[0] = outcome;
	cells[1] = treat;
	cells[2] = control;
	cells[3] = use_t ? "welch_t" : "difference_in_means";
	cells[4] = num[0];
	cells[5] = num[1];
	cells[6] = count[0];
	cells[7] = count[1];
	cells[8] = count[2];
	cells[9] = count[3];
	cells[10] = num[2];
	cells[11] = num[3];
	cells[12] = num[4];
	cells[13] = note;
	return rct_table_add(t, cells);
}

struct options {
	struct rct_cmd_data o;
	const char *strata, *cluster;
	long draws;
	unsigned long long seed;
	int use_t;
};

static int
statistic_option(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	int *use_t = opt->dest;

	if (strcmp(arg, "t") == 0)
		*use_t = 1;
	else if (strcmp(arg, "dim") == 0)
		*use_t = 0;
	else
		return rct_cli_usage(ctx, "--statistic '%s': expected dim or t",
		    arg);
	return 0;
}

static int
parse(struct rct_cmd_ctx *ctx, struct options *x)
{
	struct rct_cli_opt data[RCT_CMD_DATA_NOPTS];
	long seed = 0;
	int rc, seed_given = 0;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_MORE(data),
	    RCT_OPT_STRING("strata", &x->strata),
	    RCT_OPT_STRING("cluster", &x->cluster),
	    RCT_OPT_LONG("draws", &x->draws, 100, 10000000),
	    {.name = "seed",
		.kind = RCT_CLI_LONG,
		.dest = &seed,
		.min = 0,
		.max = 2147483647L,
		.seen = &seed_given},
	    RCT_OPT_FN("statistic", statistic_option, &x->use_t),
	    RCT_OPT_END,
	};

	rct_cmd_data_options(&x->o, data);
	rc = rct_cli_parse(ctx, opts);
	if (rc == 0 && seed_given)
		x->seed = (unsigned long long)seed;
	if (rc != 0 || (rc = rct_cli_end(ctx)) != 0 ||
	    (rc = rct_cmd_data_finish(ctx, &x->o)) != 0)
		return rc;
	if (ctx->store && (x->strata || x->cluster))
		return rct_cli_usage(ctx,
		    "a store is re-drawn with its own strata and clusters: "
		    "--strata and --cluster are for --data");
	if (x->o.noutcomes == 0)
		return rct_cli_usage(ctx, "--outcome is required with --data");
	return 0;
}

int
cmd_ri(struct rct_cmd_ctx *ctx)
{
	static const char *const cols[NCOLS] = {"outcome", "treat", "control",
	    "statistic", "estimate", "t", "n_treat", "n_control", "draws",
	    "as_extreme", "p_value", "mc_error", "p_westfall_young", "note"};
	struct options x;
	struct rct_dataset *d = NULL;
	struct rct_table *t = NULL;
	struct rct_ri_store *plan = NULL;
	struct rct_ri_permutation *perm = NULL;
	struct rct_ri_result *res = NULL;
	struct rct_ri_design design;
	const char *more[2];
	unsigned char cat[2] = {1, 1};
	const double **y = NULL;
	int8_t *z = NULL;
	size_t i, nmore = 0;
	struct rct_column *arm, *c;
	const char *note = "";
	int treat, control, checked, rc;

	memset(&x, 0, sizeof(x));
	x.draws = 10000;
	x.seed = 1;
	if ((rc = parse(ctx, &x)) != 0)
		goto out;
	if (x.strata)
		more[nmore++] = x.strata;
	if (x.cluster)
		more[nmore++] = x.cluster;
	if ((rc = rct_cmd_data_load(ctx, &x.o, more, cat, nmore, &d)) != 0)
		goto out;
	if ((t = rct_table_new(NCOLS, cols)) == NULL ||
	    (z = malloc(d->n + 1)) == NULL ||
	    (y = calloc(x.o.noutcomes + 1, sizeof(*y))) == NULL ||
	    (res = calloc(x.o.noutcomes + 1, sizeof(*res))) == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 4; i < 13; i++)
		rct_table_set_numeric(t, i);
	for (i = 0; i < x.o.noutcomes; i++) {
		if ((c = rct_column_need(d, x.o.outcomes[i], "outcome")) ==
		    NULL) {
			rc = RCT_EINVAL;
			goto out;
		}
		if ((rc = rct_dataset_require_number(d, c)) != 0)
			goto out;
		y[i] = c->num;
	}
	if ((arm = rct_column_need(d, x.o.arm, "arm")) == NULL) {
		rc = RCT_EINVAL;
		goto out;
	}
	if (ctx->store &&
	    (rc = rct_ri_store_new(&plan, ctx->store, d, arm, &checked)) == 0)
		note = checked ? "re-draws checked: the trial's secret gives "
				 "back its allocation" :
				 "re-draws not checked: no secret at hand";
	while (rc == 0 && rct_cmd_next_arm(&x.o)) {
		if ((rc = rct_arms_resolve(d, arm, x.o.compare, x.o.control,
			 &treat, &control)) != 0)
			break;
		for (i = 0; i < d->n; i++)
			z[i] = arm->code[i] == treat ? 1 :
			    arm->code[i] == control  ? 0 :
						       -1;
		if (plan) {
			rct_ri_store_design(plan, x.o.compare, x.o.control,
			    &design);
			rc = rct_ri(y, x.o.noutcomes, d->n, z, &design, x.draws,
			    x.seed, x.use_t, res);
		} else {
			struct rct_column *st =
			    x.strata ? rct_dataset_column(d, x.strata) : NULL;
			struct rct_column *cl =
			    x.cluster ? rct_dataset_column(d, x.cluster) : NULL;

			rct_ri_permutation_free(perm);
			perm = NULL;
			if ((rc = rct_ri_permutation_new(&perm, z,
				 st ? st->code : NULL, cl ? cl->code : NULL,
				 d->n)) == 0) {
				rct_ri_permutation_design(&design, perm);
				rc = rct_ri(y, x.o.noutcomes, d->n, z, &design,
				    x.draws, x.seed, x.use_t, res);
			}
		}
		for (i = 0; rc == 0 && i < x.o.noutcomes; i++)
			rc = add_row(t, x.o.outcomes[i], arm->levels[treat],
			    arm->levels[control], &res[i], x.use_t, note);
	}
	if (rc == 0)
		rct_table_print(t, ctx->out, x.o.fmt);
out:
	rct_ri_permutation_free(perm);
	rct_ri_store_free(plan);
	free(res);
	free(y);
	free(z);
	rct_table_free(t);
	rct_dataset_free(d);
	rct_cmd_data_free(&x.o);
	return rc;
}
