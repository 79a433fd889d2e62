/*
 * trial init STORE --protocol FILE [--linkage-pub FILE]
 *
 * Creates the store from a checked protocol, with its keys in the keys
 * directory beside it, and prints what goes into the trial registration:
 * the commitment to the randomization secret and the fingerprint, so that
 * anyone can later check the store against what was fixed before the
 * first participant was enrolled (TRUST.md).  The linkage officer's public
 * key is given with --linkage-pub (their secret half never comes near the
 * service); without it a key pair is made and the secret half written to
 * NAME.linkage.key, to be handed to the linkage officer and removed.
 */
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "error.h"
#include "keys.h"
#include "protocol.h"
#include "store.h"

int
cmd_init(struct rct_cmd_ctx *ctx)
{
	unsigned char linkage_pk[crypto_box_PUBLICKEYBYTES];
	struct rct_protocol *p = NULL;
	struct rct_store *s = NULL;
	struct rct_store_init init;
	enum rct_format fmt = RCT_FORMAT_TABLE;
	const char *protocol = NULL, *linkage_pub = NULL;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("protocol", &protocol),
	    RCT_OPT_STRING("linkage-pub", &linkage_pub),
	    RCT_OPT_FORMAT(&fmt),
	    RCT_OPT_END,
	};
	char keys[4096];
	int rc;

	memset(&init, 0, sizeof(init));
	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_end(ctx)) != 0)
		return rc;
	if (protocol == NULL)
		return rct_cli_usage(ctx, "--protocol FILE is required");
	if (linkage_pub) {
		if ((rc = rct_keys_read_public(linkage_pk, sizeof(linkage_pk),
			 linkage_pub)) != 0)
			return rc;
		init.linkage_pk = linkage_pk;
	}
	if ((rc = rct_protocol_load(&p, protocol)) != 0)
		return rc;
	if ((rc = rct_keys_dir(keys, sizeof(keys), ctx->store_path)) == 0 &&
	    (rc = rct_store_create(&s, ctx->store_path, p, &init)) == 0) {
		const char *fields[] = {"store", "keys", "linkage_key", "trial",
		    "registration", "protocol_hash", "commitment",
		    "fingerprint", "concealed_hash"};
		const char *values[9];
		int concealed = strcmp(init.concealed_hash, "none") != 0;

		values[0] = ctx->store_path;
		values[1] = keys;
		values[2] = *init.linkage_key ? init.linkage_key : linkage_pub;
		values[3] = p->name;
		values[4] = p->registration;
		values[5] = init.protocol_hash;
		values[6] = init.commitment;
		values[7] = init.fingerprint;
		values[8] = init.concealed_hash;
		rc = cmd_print_pairs(ctx, fmt, fields, values,
		    concealed ? 9 : 8);
	}
	rct_store_close(s);
	rct_protocol_free(p);
	return rc;
}
