/*
 * randomizer log STORE [--head] [--open] [--format F]
 *
 * Prints the audit log, or with --head its signed head: the sequence
 * number, hash and Ed25519 signature of the newest entry, with the public
 * key.  A team publishes or mails the head; verify --head HASH then also
 * detects a log cut short after it.  The draws of the sequential methods
 * are sealed until reveal (conceal.h); after it, --open adds a column with
 * each allocation's detail opened.  --checkpoint prints the newest signed
 * checkpoint of the log as a Merkle tree (C2SP tlog-checkpoint in a signed
 * note), the form witnesses and tools that are not ours read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "allocation.h"
#include "audit.h"
#include "checkpoint.h"
#include "cmds.h"
#include "conceal.h"
#include "json.h"
#include "error.h"
#include "store.h"

struct log {
	struct rct_table *t;
	int open;
	unsigned char key[RCT_CONCEAL_KEY_BYTES];
};

/* The detail of an allocation entry, opened; "" for other entries. */
static void
opened_detail(const struct log *l, const struct rct_audit_entry *e, char *out,
    size_t outlen)
{
	char detail[1024], sequence[512], position[32], unit[512];

	out[0] = '\0';
	if (strncmp(e->action, "allocate", 8) != 0 ||
	    rct_json_field(e->payload, "detail", detail, sizeof(detail)) != 0)
		return;
	if (!rct_conceal_is_sealed(detail)) {
		snprintf(out, outlen, "%.*s", (int)(outlen - 1), detail);
		return;
	}
	if (rct_json_field(e->payload, "sequence", sequence,
		sizeof(sequence)) != 0 ||
	    rct_json_field(e->payload, "position", position,
		sizeof(position)) != 0 ||
	    ((rct_json_field(e->payload, "participant", unit, sizeof(unit)) !=
		     0 ||
		 strcmp(unit, "null") == 0) &&
		rct_json_field(e->payload, "cluster", unit, sizeof(unit)) != 0))
		return;
	if (rct_conceal_open(out, outlen, l->key, sequence,
		strtoll(position, NULL, 10), unit, detail) != 0)
		snprintf(out, outlen, "(does not open)");
}

static int
log_row(void *arg, const struct rct_audit_entry *e)
{
	struct log *l = arg;
	char seq[24], hash[65], opened[512];
	const char *cells[7];

	snprintf(seq, sizeof(seq), "%lld", (long long)e->seq);
	sodium_bin2hex(hash, sizeof(hash), e->hash, sizeof(e->hash));
	cells[0] = seq;
	cells[1] = e->at;
	cells[2] = e->actor;
	cells[3] = e->action;
	cells[4] = e->payload;
	cells[5] = hash;
	if (l->open) {
		opened_detail(l, e, opened, sizeof(opened));
		cells[6] = opened;
	}
	return rct_table_add(l->t, cells);
}

/* After reveal the secret is public, and with it every sealed detail. */
static int
open_key(struct rct_store *s, struct log *l)
{
	unsigned char secret[32];
	int closed, rc;

	if ((rc = rct_allocation_closed(s, &closed)) != 0)
		return rc;
	if (!closed)
		return rct_error(RCT_EINVAL,
		    "the draws are sealed until the secret is revealed "
		    "(randomizer reveal): --open shows them only after it");
	if ((rc = rct_allocation_secret(s, secret)) != 0)
		return rc;
	rct_conceal_key(l->key, secret);
	sodium_memzero(secret, sizeof(secret));
	l->open = 1;
	return 0;
}

int
cmd_log(struct rct_cmd_ctx *ctx)
{
	static const char *const cols[] = {"seq", "at", "actor", "action",
	    "payload", "hash", "opened"};
	struct log l;
	enum rct_format fmt = RCT_FORMAT_TABLE;
	struct rct_table *t;
	char hash[65], sig[129], seqs[24], *key = NULL;
	int64_t seq;
	int rc, head = 0, open = 0, checkpoint = 0, vkey = 0, fmt_given = 0;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_FLAG("head", &head),
	    RCT_OPT_FLAG("open", &open),
	    RCT_OPT_FLAG("checkpoint", &checkpoint),
	    RCT_OPT_FLAG("verifier-key", &vkey),
	    {.name = "format",
		.kind = RCT_CLI_FORMAT,
		.dest = &fmt,
		.seen = &fmt_given},
	    RCT_OPT_END,
	};

	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_end(ctx)) != 0)
		return rc;
	if (head + open + checkpoint + vkey > 1)
		return rct_cli_usage(ctx,
		    "--head, --open, --checkpoint and "
		    "--verifier-key go one at a time");
	if ((checkpoint || vkey) && fmt_given)
		return rct_cli_usage(ctx,
		    "--checkpoint and --verifier-key print signed text as it "
		    "is; --format does not apply");
	if (checkpoint || vkey) {
		struct rct_buf b = RCT_BUF_INIT;

		if ((rc = vkey ? rct_checkpoint_verifier_key(ctx->store, &b) :
				 rct_checkpoint_latest(ctx->store, &b)) == 0)
			fprintf(ctx->out, "%s%s", rct_buf_str(&b),
			    vkey ? "\n" : "");
		rct_buf_release(&b);
		return rc;
	}
	memset(&l, 0, sizeof(l));
	if (open && (rc = open_key(ctx->store, &l)) != 0)
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
		/* For people: the checkpoint itself, to mail or publish. */
		if (fmt == RCT_FORMAT_TABLE) {
			struct rct_buf cp = RCT_BUF_INIT;

			free(key);
			if ((rc = rct_checkpoint_latest(ctx->store, &cp)) == 0)
				fputs(rct_buf_str(&cp), ctx->out);
			rct_buf_release(&cp);
			return rc;
		}
		if (fmt == RCT_FORMAT_MD) {
			t = rct_table_new(2, pcols);
			for (i = 0; t && i < 4; i++) {
				const char *row[2] = {fields[i], values[i]};

				rct_table_add(t, row);
			}
		} else if ((t = rct_table_new(4, fields)) != NULL)
			rct_table_add(t, values);
		free(key);
	} else {
		if ((t = rct_table_new(open ? 7 : 6, cols)) == NULL)
			return rct_error(RCT_ENOMEM, "out of memory");
		rct_table_set_numeric(t, 0);
		l.t = t;
		rc = rct_audit_foreach(ctx->store, log_row, &l);
		sodium_memzero(l.key, sizeof(l.key));
		if (rc != 0) {
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
