/*
 * trial amend STORE --protocol FILE --reason TEXT
 *
 * Adopts a changed protocol as a new version, recorded in the audit log
 * with its reason; the earlier versions stay in the store.  Once anyone is
 * allocated, a change to what decides allocation is refused.
 */
#include <getopt.h>
#include <stdio.h>

#include "amend.h"
#include "cmds.h"
#include "error.h"
#include "protocol.h"

int
cmd_amend(struct rct_cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"protocol", required_argument, NULL, 'p'},
	    {"reason", required_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	struct rct_protocol *p = NULL;
	const char *file = NULL, *reason = NULL;
	char hash[65];
	int c, rc;

	optind = 0;
	while (
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'p':
			file = optarg;
			break;
		case 'r':
			reason = optarg;
			break;
		default:
			return rct_cli_usage(ctx, "unknown option");
		}
	if ((rc = rct_cli_end(ctx)) != 0)
		return rc;
	if (file == NULL || reason == NULL)
		return rct_cli_usage(ctx,
		    "--protocol and --reason are "
		    "required");
	if ((rc = rct_protocol_load(&p, file)) != 0)
		return rc;
	if ((rc = rct_protocol_amend(ctx->store, p, reason)) == 0) {
		rct_protocol_hash_hex(p, hash);
		fprintf(ctx->out, "protocol amended, new hash %s\n", hash);
	}
	rct_protocol_free(p);
	return rc;
}
