/*
 * trial init STORE --protocol FILE
 *
 * Creates the store from a checked protocol, with its keys in the keys
 * directory beside it, and prints the commitment to the randomization
 * secret: the value to put in the pre-registration, so that anyone can
 * later check that the secret revealed is the one fixed before the first
 * participant was enrolled.
 */
#include <getopt.h>
#include <stdio.h>

#include "cmds.h"
#include "error.h"
#include "keys.h"
#include "protocol.h"
#include "store.h"

int
cmd_init(struct rct_cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"protocol", required_argument, NULL, 'p'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	struct rct_protocol *p = NULL;
	struct rct_store *s = NULL;
	enum rct_format fmt = RCT_FORMAT_TABLE;
	const char *protocol = NULL;
	char commitment[65], keys[4096], hash[65];
	int c, rc;

	optind = 0;
	while (
	    (c = getopt_long(ctx->argc, ctx->argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'p':
			protocol = optarg;
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
	if (protocol == NULL)
		return rct_cli_usage(ctx, "--protocol FILE is required");
	if ((rc = rct_protocol_load(&p, protocol)) != 0)
		return rc;
	if ((rc = rct_keys_dir(keys, sizeof(keys), ctx->store_path)) == 0 &&
	    (rc = rct_store_create(&s, ctx->store_path, p, commitment)) == 0) {
		const char *fields[] = {"store", "keys", "trial",
		    "registration", "protocol_hash", "commitment"};
		const char *values[6];

		rct_protocol_hash_hex(p, hash);
		values[0] = ctx->store_path;
		values[1] = keys;
		values[2] = p->name;
		values[3] = p->registration;
		values[4] = hash;
		values[5] = commitment;
		rc = cmd_print_pairs(ctx, fmt, fields, values, 6);
	}
	rct_store_close(s);
	rct_protocol_free(p);
	return rc;
}
