/*
 * randomizer log STORE [--head] [--format F]
 *
 * Prints the audit log, or with --head its signed head: the sequence
 * number, hash and Ed25519 signature of the newest entry, with the public
 * key.  A team publishes or mails the head; verify --head HASH then also
 * detects a log cut short after it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include <sodium.h>

#include "audit.h"
#include "cmds.h"
#include "error.h"
#include "store.h"

static int
log_row(void *arg, const struct rct_audit_entry *e)
{
	char seq[24], hash[65];
	const char *cells[6];

	snprintf(seq, sizeof(seq), "%lld", (long long)e->seq);
	sodium_bin2hex(hash, sizeof(hash), e->hash, sizeof(e->hash));
	cells[0] = seq;
	cells[1] = e->at;
	cells[2] = e->actor;
	cells[3] = e->action;
	cells[4] = e->payload;
	cells[5] = hash;
	return rct_table_add(arg, cells);
}

int
cmd_log(struct rct_cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"head", no_argument, NULL, 'h'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	static const char *const cols[] = {"seq", "at", "actor", "action",
	    "payload", "hash"};
	enum rct_format fmt = RCT_FORMAT_TABLE;
	struct rct_table *t;
	char hash[65], sig[129], seqs[24], *key = NULL;
	int64_t seq;
	int c, rc, head = 0;

	optind = 0;
	while (
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'h':
			head = 1;
			break;
		case 'f':
			if ((rc = rct_cli_format(ctx, optarg, &fmt)) != 0)
				return rc;
			break;
		default:
			return rct_cli_usage(ctx, "unknown option");
		}
	if ((rc = rct_cli_end(ctx)) != 0)
		return rc;
	if (head) {
		static const char *const fields[] = {"seq", "hash", "signature",
		    "signing_key"};
		static const char *const pcols[] = {"field", "value"};
		const char *values[4];
		size_t i;

		if ((rc = rct_audit_head(ctx->store, &seq, hash, sig)) != 0 ||
		    (rc = rct_store_meta(ctx->store, "signing_key", &key)) != 0)
			return rc;
		snprintf(seqs, sizeof(seqs), "%lld", (long long)seq);
		values[0] = seqs;
		values[1] = hash;
		values[2] = sig;
		values[3] = key;
		if (fmt == RCT_FORMAT_TABLE || fmt == RCT_FORMAT_MD) {
			t = rct_table_new(2, pcols);
			for (i = 0; t && i < 4; i++) {
				const char *row[2] = {fields[i], values[i]};

				rct_table_add(t, row);
			}
		} else if ((t = rct_table_new(4, fields)) != NULL)
			rct_table_add(t, values);
		free(key);
	} else {
		if ((t = rct_table_new(6, cols)) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		rct_table_set_numeric(t, 0);
		if ((rc = rct_audit_foreach(ctx->store, log_row, t)) != 0) {
			rct_table_free(t);
			return rc;
		}
	}
	if (t == NULL)
		return rct_error(RCT_ENOMEM, "out of memory");
	rct_table_print(t, ctx->out, fmt);
	rct_table_free(t);
	return 0;
}
