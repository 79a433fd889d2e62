/*
 * trial linkage export STORE --key FILE --out FILE
 *
 * For the linkage officer only: writes the file a register owner (SSB,
 * NAV) needs to link the trial to its registers, participant and identity
 * number, opened with the linkage key's secret half, which the service
 * never holds.  The file is created new with mode 0600; the export is an
 * audit entry (who, when, how many) and writes nothing else to the store.
 *
 * trial linkage keygen FILE
 *
 * Makes a linkage key pair for a linkage officer who keeps the secret half
 * themselves: FILE (mode 0600) and FILE.pub, which the researcher gives to
 * trial init --linkage-pub.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "cmds.h"
#include "error.h"
#include "keys.h"
#include "linkage.h"

static FILE *
create_private(const char *path)
{
	int fd = open(path,
	    O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	FILE *fp;

	if (fd < 0) {
		rct_error(RCT_EIO, "cannot create '%s': %s%s", path,
		    strerror(errno),
		    errno == EEXIST ? " (an export never overwrites a file)" :
				      "");
		return NULL;
	}
	if ((fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		rct_error(RCT_EIO, "cannot write '%s': %s", path,
		    strerror(errno));
	}
	return fp;
}

int
cmd_linkage_export(struct rct_cmd_ctx *ctx)
{
	struct rct_linkage_key lk;
	const char *key = NULL, *out = NULL;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("key", &key),
	    RCT_OPT_STRING("out", &out),
	    RCT_OPT_END,
	};
	char count[32];
	long n = 0;
	FILE *fp;
	int rc;

	if ((rc = rct_cli_parse(ctx, opts)) != 0 ||
	    (rc = rct_cli_end(ctx)) != 0)
		return rc;
	if (key == NULL || out == NULL)
		return rct_cli_usage(ctx,
		    "--key FILE and --out FILE are required");
	if ((rc = rct_keys_linkage_load(&lk, key)) != 0)
		return rc;
	if ((fp = create_private(out)) == NULL) {
		rct_keys_linkage_wipe(&lk);
		return RCT_EIO;
	}
	rc = rct_linkage_export(ctx->store, &lk, fp, &n);
	rct_keys_linkage_wipe(&lk);
	if ((fflush(fp) != 0 || fsync(fileno(fp)) != 0) && rc == 0)
		rc = rct_error(RCT_EIO, "cannot write '%s': %s", out,
		    strerror(errno));
	fclose(fp);
	if (rc != 0) {
		unlink(out);
		return rc;
	}
	snprintf(count, sizeof(count), "%ld", n);
	{
		const char *fields[] = {"file", "identities"};
		const char *values[] = {out, count};

		return cmd_print_pairs(ctx, RCT_FORMAT_TABLE, fields, values,
		    2);
	}
}

int
cmd_linkage_keygen(struct rct_cmd_ctx *ctx)
{
	struct rct_linkage_key lk;
	char pub[4200], hex[65];
	FILE *fp;
	int rc;

	if (ctx->argc != 2)
		return rct_cli_usage(ctx, "expected one FILE");
	snprintf(pub, sizeof(pub), "%s.pub", ctx->argv[1]);
	if (access(pub, F_OK) == 0)
		return rct_error(RCT_EEXISTS, "'%s' already exists", pub);
	randombytes_buf(lk.root, sizeof(lk.root));
	rct_keys_linkage_derive(&lk);
	rc = rct_keys_linkage_write(&lk, ctx->argv[1]);
	sodium_bin2hex(hex, sizeof(hex), lk.pk, sizeof(lk.pk));
	rct_keys_linkage_wipe(&lk);
	if (rc != 0)
		return rc;
	if ((fp = fopen(pub, "wx")) == NULL)
		return rct_error(RCT_EIO, "cannot create '%s': %s", pub,
		    strerror(errno));
	fprintf(fp, "%s\n", hex);
	if (fclose(fp) != 0)
		return rct_error(RCT_EIO, "cannot write '%s': %s", pub,
		    strerror(errno));
	{
		const char *fields[] = {"secret_key", "public_key"};
		const char *values[] = {ctx->argv[1], pub};

		return cmd_print_pairs(ctx, RCT_FORMAT_TABLE, fields, values,
		    2);
	}
}
