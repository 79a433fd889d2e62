/* Shared pieces of the analysis commands (cmd_common.h). */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_common.h"
#include "defaults.h"
#include "error.h"
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
	rct_format_cell(out, x);
}

int
rct_cmd_data_option(struct rct_cmd_ctx *ctx, struct rct_cmd_data *o, int c,
    const char *arg)
{
	int n;

	switch (c) {
	case 'D':
		o->data = arg;
		return 0;
	case 'a':
		o->arm = arg;
		return 0;
	case 't':
		o->treat = arg;
		return 0;
	case 'c':
		o->control = arg;
		return 0;
	case 'y':
		rct_list_free(o->outcomes, o->noutcomes);
		o->outcomes = NULL;
		o->noutcomes = 0;
		if ((n = rct_split_list(arg, ',', &o->outcomes)) < 0) {
			o->outcomes = NULL;
			return rct_cli_usage(ctx,
			    "--outcome '%s' is not a list of columns", arg);
		}
		o->noutcomes = (size_t)n;
		return 0;
	case 'f':
		return rct_cli_format(ctx, arg, &o->fmt);
	default:
		return 1;
	}
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
		return rct_store_dataset_allocated(ctx->store, d);
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
rct_cmd_data_free(struct rct_cmd_data *o)
{
	rct_list_free(o->outcomes, o->noutcomes);
	memset(o, 0, sizeof(*o));
}
