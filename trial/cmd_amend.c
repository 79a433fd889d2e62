/*
 * trial amend STORE --protocol FILE --reason TEXT
 *
 * Adopts a changed protocol as a new version, recorded in the audit log
 * with its reason; the earlier versions stay in the store.  Once anyone is
 * allocated, a change to what decides allocation is refused.
 */
#include <stdio.h>

#include "amend.h"
#include "cmds.h"
#include "error.h"
#include "protocol.h"

int
cmd_amend(struct rct_cmd_ctx *ctx)
{
	struct rct_protocol *p = NULL;
	const char *file = NULL, *reason = NULL;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("protocol", &file),
	    RCT_OPT_STRING("reason", &reason),
	    RCT_OPT_END,
	};
	char hash[65];
	int rc;

	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_end(ctx)) != 0)
		return rc;
	if (file == NULL || reason == NULL)
		return rct_cli_usage(ctx,
		    "--protocol and --reason are "
		    "required");
	if ((rc = rct_protocol_load(&p, file)) != 0)
		return rc;
	if ((rc = rct_amend_protocol(ctx->store, p, reason)) == 0) {
		rct_protocol_hash_hex(p, hash);
		fprintf(ctx->out, "protocol amended, new hash %s\n", hash);
	}
	rct_protocol_free(p);
	return rc;
}
