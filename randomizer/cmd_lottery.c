/*
 * randomizer lottery STORE --site CODE --capacity N
 * randomizer promote STORE --site CODE [--places N] [--format F]
 *
 * A lottery for a course with a fixed number of places: among the site's
 * applicants not yet drawn, a random order; the first N are offered a
 * place, the rest form the waiting list in that order.  When places are
 * freed, promote offers them strictly in waiting-list order (skipping those
 * who withdrew); the analysis keeps the lottery's own assignment.  Both
 * print only after the commit; promote refuses a trial that is not a
 * lottery.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "allocation.h"
#include "cmds.h"
#include "error.h"
#include "register.h"
#include "table.h"

/* --capacity (lottery) or --places (promote): the one this command takes. */
struct count {
	const char *name;
	long *count;
	int given;
};

static int
count_option(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	struct count *n = opt->dest;
	int rc;

	if (strcmp(opt->name, n->name) != 0)
		return rct_cli_usage(ctx, "--%s is not an option here",
		    opt->name);
	if ((rc = rct_cli_long(ctx, n->name, arg, 0, 10000000, n->count)) != 0)
		return rc;
	n->given = 1;
	return 0;
}

static int
site_options(struct rct_cmd_ctx *ctx, const char *count_name, const char **site,
    long *count, enum rct_format *fmt)
{
	struct count n = {count_name, count, 0};
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("site", site),
	    RCT_OPT_FN("capacity", count_option, &n),
	    RCT_OPT_FN("places", count_option, &n),
	    RCT_OPT_FORMAT(fmt),
	    RCT_OPT_END,
	};
	int rc;

	if ((rc = rct_cli_parse(ctx, opts)) != 0)
		return rc;
	if ((rc = rct_cli_end(ctx)) != 0)
		return rc;
	if (*site == NULL)
		return rct_cli_usage(ctx, "--site CODE is required");
	if (!n.given && strcmp(count_name, "capacity") == 0)
		return rct_cli_usage(ctx, "--capacity N is required");
	return 0;
}

int
cmd_lottery(struct rct_cmd_ctx *ctx)
{
	struct rct_assignment a;
	enum rct_format fmt = RCT_FORMAT_TABLE;
	const char *site = NULL;
	long capacity = 0;
	int rc;

	if ((rc = site_options(ctx, "capacity", &site, &capacity, &fmt)) != 0)
		return rc;
	rc = rct_assign_lottery(ctx->store, site, capacity, &a);
	if (rc == 0)
		rc = cmd_print_assignment(ctx, &a, fmt, 1);
	rct_assign_release(&a);
	return rc;
}

/*
 * The places offered, printed (and the note that the list ran out given)
 * only after the promotions and their entries are committed.
 */
static int
print_promoted(struct rct_cmd_ctx *ctx, const int64_t *promoted,
    const int64_t *ranks, int64_t n, enum rct_format fmt)
{
	static const char *const cols[] = {"participant", "waiting_rank"};
	struct rct_table *t;
	char pid[RCT_PID_MAX], rank[24];
	const char *cells[2] = {pid, rank};
	int64_t i;
	int rc = 0;

	if ((t = rct_table_new(2, cols)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	rct_table_set_numeric(t, 1);
	for (i = 0; rc == 0 && i < n; i++) {
		rct_register_participant_format(pid, promoted[i]);
		snprintf(rank, sizeof(rank), "%lld", (long long)ranks[i]);
		rc = rct_table_add(t, cells);
	}
	if (rc == 0)
		rct_table_print(t, ctx->out, fmt);
	rct_table_free(t);
	return rc;
}

int
cmd_promote(struct rct_cmd_ctx *ctx)
{
	enum rct_format fmt = RCT_FORMAT_TABLE;
	const char *site = NULL;
	long places = 1;
	int64_t *promoted, *ranks, n = 0;
	int rc;

	if ((rc = site_options(ctx, "places", &site, &places, &fmt)) != 0)
		return rc;
	promoted = calloc((size_t)places + 1, sizeof(*promoted));
	ranks = calloc((size_t)places + 1, sizeof(*ranks));
	if (promoted == NULL || ranks == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	rc = rct_allocation_promote(ctx->store, site, places, promoted, ranks,
	    &n);
	if (rc == 0)
		rc = print_promoted(ctx, promoted, ranks, n, fmt);
	if (rc == 0 && n < places)
		fprintf(ctx->notes,
		    "%s: the waiting list of site '%s' has only "
		    "%lld more\n",
		    ctx->program, site, (long long)n);
out:
	free(promoted);
	free(ranks);
	return rc;
}
