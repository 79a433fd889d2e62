/*
 * The store session (session.h): a read command opens the store read-only;
 * a write command opens it for writing and runs inside one transaction,
 * committed only when the command succeeded.
 */
#include "error.h"
#include "session.h"
#include "store.h"

static int
session_open(struct rct_cmd_ctx *ctx, unsigned flags)
{
	int rc;

	if (flags & RCT_CMD_CREATE)
		return 0;
	rc = rct_store_open(&ctx->store, ctx->store_path,
	    ((flags & RCT_CMD_WRITE) ? RCT_STORE_WRITE : RCT_STORE_READ) |
		((flags & RCT_CMD_ANY_SCHEMA) ? RCT_STORE_ANY_SCHEMA : 0));
	if (rc == 0 && (flags & RCT_CMD_WRITE))
		rc = rct_store_begin(ctx->store);
	return rc;
}

static int
session_close(struct rct_cmd_ctx *ctx, int rc)
{
	if (ctx->cmd->flags & RCT_CMD_WRITE) {
		if (rc == 0)
			rc = rct_store_commit(ctx->store);
		else
			rct_store_rollback(ctx->store);
	}
	rct_store_close(ctx->store);
	ctx->store = NULL;
	return rc;
}

const struct rct_session_ops rct_store_session = {
    session_open,
    session_close,
};
