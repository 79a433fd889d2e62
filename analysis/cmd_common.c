/* Shared pieces of the analysis commands (cmd_common.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "defaults.h"
#include "effects.h"
#include "error.h"
#include "ols.h"
#include "store.h"
#include "store_data.h"
#include "text.h"

int
rct_cmd_factors(char **names, size_t n, unsigned char **factor)
{
	size_t i;

	if ((*factor = calloc(n + 1, 1)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		char *c = names[i];
		size_t len = strlen(c);

		if (strncmp(c, "factor(", 7) == 0 && len > 8 &&
		    c[len - 1] == ')') {
			memmove(c, c + 7, len - 8);
			c[len - 8] = '\0';
			(*factor)[i] = 1;
		}
	}
	return 0;
}

void
rct_cmd_number(char out[32], double x)
{
	rct_text_format_cell(out, x);
}

static int
split_columns(const struct rct_cmd_ctx *ctx, const char *name, const char *arg,
    char ***items, size_t *n)
{
	int k;

	rct_text_list_free(*items, *n);
	*items = NULL;
	*n = 0;
	if ((k = rct_text_split_list(arg, ',', items)) < 0) {
		*items = NULL;
		return rct_cli_usage(ctx, "--%s '%s' is not a list of columns",
		    name, arg);
	}
	*n = (size_t)k;
	return 0;
}

int
rct_cmd_list_option(const struct rct_cmd_ctx *ctx,
    const struct rct_cli_opt *opt, const char *arg)
{
	const struct rct_cmd_list *l = opt->dest;

	return split_columns(ctx, opt->name, arg, l->items, l->n);
}

static int
outcome_option(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	struct rct_cmd_data *o = opt->dest;

	return split_columns(ctx, opt->name, arg, &o->outcomes, &o->noutcomes);
}

void
rct_cmd_data_options(struct rct_cmd_data *o,
    struct rct_cli_opt opts[RCT_CMD_DATA_NOPTS])
{
	const struct rct_cli_opt data[RCT_CMD_DATA_NOPTS] = {
	    RCT_OPT_STRING("data", &o->data),
	    RCT_OPT_STRING("arm", &o->arm),
	    RCT_OPT_STRING("treat", &o->treat),
	    RCT_OPT_STRING("control", &o->control),
	    RCT_OPT_FN("outcome", outcome_option, o),
	    RCT_OPT_FORMAT(&o->fmt),
	    RCT_OPT_END,
	};

	memcpy(opts, data, sizeof(data));
}

int
rct_cmd_estimator_option(const struct rct_cmd_ctx *ctx,
    const struct rct_cli_opt *opt, const char *arg)
{
	if (rct_methods_estimator_parse(arg, opt->dest) < 0)
		return rct_cli_usage(ctx, "unknown estimator '%s'", arg);
	return 0;
}

int
rct_cmd_se_option(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	if (rct_methods_se_parse(arg, opt->dest) < 0)
		return rct_cli_usage(ctx, "unknown --se '%s'", arg);
	return 0;
}

int
rct_cmd_seed_option(const struct rct_cmd_ctx *ctx,
    const struct rct_cli_opt *opt, const char *arg)
{
	long v;
	int rc;

	if ((rc = rct_cli_long(ctx, "--seed", arg, 0, 2147483647L, &v)) != 0)
		return rc;
	*(uint64_t *)opt->dest = (uint64_t)v;
	return 0;
}

int
rct_cmd_data_finish(struct rct_cmd_ctx *ctx, struct rct_cmd_data *o)
{
	const struct rct_protocol *p;

	if (ctx->store && (o->data || o->arm))
		return rct_cli_usage(ctx,
		    "give a STORE or --data FILE.csv --arm COL, not both");
	if (ctx->store == NULL) {
		if (o->data == NULL || o->arm == NULL || o->treat == NULL)
			return rct_cli_usage(ctx,
			    "--data FILE.csv, --arm and --treat are required "
			    "(or a STORE)");
		return 0;
	}
	p = o->protocol = rct_store_protocol(ctx->store);
	o->arm = "arm";
	if (o->control == NULL)
		o->control = rct_protocol_control_arm(p);
	if (o->noutcomes > 0)
		return 0;
	return rct_defaults_outcomes(p, &o->outcomes, &o->noutcomes);
}

int
rct_cmd_data_load(struct rct_cmd_ctx *ctx, const struct rct_cmd_data *o,
    const char *const *more, const unsigned char *categorical, size_t n,
    struct rct_dataset **d)
{
	size_t m = 1 + o->noutcomes + n, i, k = 0;
	const char **names;
	unsigned char *cat;
	int rc;

	if (ctx->store)
		return rct_store_data_read_allocated(ctx->store, d);
	names = calloc(m + 1, sizeof(*names));
	cat = calloc(m + 1, 1);
	if (names == NULL || cat == NULL) {
		free(names);
		free(cat);
		return rct_error(RCT_ENOMEM, "out of memory");
	}
	cat[k] = 1;
	names[k++] = o->arm;
	for (i = 0; i < o->noutcomes; i++)
		names[k++] = o->outcomes[i];
	for (i = 0; i < n; i++) {
		cat[k] = categorical ? categorical[i] : 0;
		names[k++] = more[i];
	}
	rc = rct_dataset_read_csv(d, o->data, names, cat, k);
	free(names);
	free(cat);
	return rc;
}

int
rct_cmd_next_arm(struct rct_cmd_data *o)
{
	o->compare = rct_defaults_next_arm(o->protocol, o->treat, o->control,
	    &o->next_arm);
	return o->compare != NULL;
}

void
rct_cmd_data_release(struct rct_cmd_data *o)
{
	rct_text_list_free(o->outcomes, o->noutcomes);
	memset(o, 0, sizeof(*o));
}
