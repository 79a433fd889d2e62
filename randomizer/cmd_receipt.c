/*
 * randomizer receipt STORE PARTICIPANT
 * randomizer verify-receipt FILE --fingerprint FP
 *
 * A receipt is the self-contained proof of one allocation (receipt.h) that
 * the site keeps: the web service hands it out with every arm.  Checking
 * it needs no store, only the fingerprint of the trial registration.
 * With witnesses in the protocol, no receipt is given before the quorum
 * has cosigned: the receipt tells the arm.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "error.h"
#include "protocol.h"
#include "receipt.h"
#include "register.h"
#include "store.h"

int
cmd_receipt(struct rct_cmd_ctx *ctx)
{
	struct rct_buf b = RCT_BUF_INIT;
	const char *pid = NULL;
	int64_t id, seq;
	int rc;

	optind = 1;
	if ((rc = rct_cli_one(ctx, "PARTICIPANT", &pid)) != 0)
		return rc;
	if (rct_register_participant_parse(pid, &id) < 0)
		return rct_error(RCT_EINVAL,
		    "'%s' is not a participant id, expected e.g. P000042", pid);
	/* Its own allocation witnessed, whatever came after it. */
	if ((rc = rct_receipt_unwitnessed(ctx->store, id, &seq)) != 0)
		return rc;
	if (seq != 0)
		return rct_error(RCT_ECHECK,
		    "the allocation of audit entry %lld is not yet cosigned by "
		    "the witnesses' quorum: no receipt before it is (randomizer "
		    "assign STORE PARTICIPANT asks them again)",
		    (long long)seq);
	if ((rc = rct_receipt_write(ctx->store, id, &b)) == 0)
		fwrite(b.data, 1, b.len, ctx->out);
	rct_buf_release(&b);
	return rc;
}

int
cmd_verify_receipt(struct rct_cmd_ctx *ctx)
{
	struct rct_receipt_result r;
	struct rct_buf b = RCT_BUF_INIT;
	const char *fingerprint = NULL, *file = NULL;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("fingerprint", &fingerprint),
	    RCT_OPT_END,
	};
	int rc, over;

	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_one(ctx, "FILE", &file)) != 0)
		return rc;
	if (fingerprint == NULL || strlen(fingerprint) != 64 ||
	    strspn(fingerprint, "0123456789abcdefABCDEF") != 64)
		return rct_cli_usage(ctx,
		    "--fingerprint FP (64 hex digits, from the trial "
		    "registration) is required");
	/* A receipt is a few KiB; what is past 4 MiB is not one. */
	if ((rc = rct_buf_read_file(&b, file, 4 * 1024 * 1024, &over, NULL)) ==
	    0)
		rc = rct_receipt_verify(b.data, b.len, fingerprint, &r);
	rct_buf_release(&b);
	if (rc != 0)
		return rc;
	fprintf(ctx->out,
	    "valid: %s allocated to '%s' at audit entry %lld, in the log "
	    "under its checkpoint of size %llu",
	    r.participant, r.arm, (long long)r.seq, (unsigned long long)r.size);
	if (r.quorum)
		fprintf(ctx->out, ", cosigned by %d witness(es), quorum %ld\n",
		    r.cosigners, r.quorum);
	else
		fprintf(ctx->out, "; the protocol names no witnesses\n");
	return 0;
}
