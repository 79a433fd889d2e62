/*
 * randomizer assign STORE PARTICIPANT...
 * randomizer assign STORE --pending
 *
 * Allocates participants who are enrolled and committed: one by one in the
 * order given (simple, blocks, minimization) or as one cohort (batch); in
 * a cluster trial, their clusters.  The arms are printed only after the
 * allocations and their audit entries are committed and, when the protocol
 * names witnesses, only once the quorum has cosigned the checkpoint that
 * holds them (TRUST.md, rule 2): the allocation is committed first, the
 * witnesses asked, their cosignatures kept, and only then is the arm
 * shown.  When too few answer nothing is lost and nothing shown; naming
 * the same participants again asks again and shows the same arms.
 */
#include <stdio.h>
#include <stdlib.h>

#include "checkpoint.h"
#include "cmds.h"
#include "error.h"
#include "protocol.h"
#include "register.h"
#include "store.h"
#include "witness_client.h"

int
cmd_print_assignment(struct rct_cmd_ctx *ctx, const struct rct_assignment *a,
    enum rct_format fmt, int lottery)
{
	static const char *const cols[] = {"participant", "arm", "stratum",
	    "cluster", "waiting_rank"};
	struct rct_table *t;
	char rank[24];
	size_t i;
	int rc = 0;

	if (a->n == 0 && fmt == RCT_FORMAT_TABLE) {
		fprintf(ctx->out, "nobody to allocate\n");
		return 0;
	}
	if ((t = rct_table_new(5, cols)) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	rct_table_set_numeric(t, 4);
	for (i = 0; rc == 0 && i < a->n; i++) {
		const struct rct_assigned *r = &a->rows[i];
		const char *cells[5];

		snprintf(rank, sizeof(rank), "%lld",
		    (long long)r->waiting_rank);
		cells[0] = r->pid;
		cells[1] = r->arm;
		cells[2] = r->stratum;
		cells[3] = r->cluster;
		cells[4] = r->waiting_rank ? rank : "";
		rc = rct_table_add(t, cells);
	}
	/* Only the columns that say something for this design. */
	if (rc == 0)
		rc = rct_table_keep(t,
		    (unsigned)(1 | 2 | 4 |
			(a->n && a->rows[0].cluster ? 8 : 0) |
			(lottery ? 16 : 0)));
	if (rc == 0)
		rct_table_print(t, ctx->out, fmt);
	rct_table_free(t);
	return rc;
}

int
cmd_assign(struct rct_cmd_ctx *ctx)
{
	struct rct_assignment a;
	enum rct_format fmt = RCT_FORMAT_TABLE;
	int64_t *ids = NULL;
	int rc, pending = 0, i, n, witnesses, again = 0;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_FLAG("pending", &pending),
	    RCT_OPT_FORMAT(&fmt),
	    RCT_OPT_END,
	};

	if ((rc = rct_cli_parse(ctx, opts)) != 0)
		return rc;
	n = ctx->argc - optind;
	if (pending == (n > 0))
		return rct_cli_usage(ctx, "give PARTICIPANT ids or --pending");
	if (n > 0 && (ids = calloc((size_t)n, sizeof(*ids))) == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	for (i = 0; i < n; i++)
		if (rct_register_participant_parse(ctx->argv[optind + i],
			&ids[i]) < 0) {
			rc = rct_error(RCT_EINVAL,
			    "'%s' is not a participant "
			    "id, expected e.g. P000042",
			    ctx->argv[optind + i]);
			free(ids);
			return rc;
		}
	witnesses = rct_store_protocol(ctx->store)->nwitnesses > 0;
	/* Allocated before, not yet shown: show them once witnessed. */
	if (witnesses && n > 0 &&
	    (rc = rct_assign_allocated(ctx->store, ids, (size_t)n, &again,
		 &a)) != 0) {
		free(ids);
		return rc;
	}
	rc = again ? 0 : rct_assign(ctx->store, ids, (size_t)n, pending, &a);
	if (rc == 0 && witnesses)
		rc = rct_assign_witness(ctx->store);
	if (rc == 0)
		rc = cmd_print_assignment(ctx, &a, fmt, 0);
	rct_assign_release(&a);
	free(ids);
	return rc;
}
