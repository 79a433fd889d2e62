/*
 * trial user add|list|disable|reset|login|passwd: the accounts of the web
 * service (user.h), managed by the researcher on the store's machine.
 *
 * add and reset print a one-time password once, after the commit (the
 * driver holds what a write command prints until then); the store keeps
 * only its Argon2id hash.  login checks a password as the service will,
 * and passwd changes one; both read passwords from standard input, one a
 * line, never from the command line (which others can read in the
 * process list).  A refused login must still be counted: those two
 * commands commit the count themselves before they exit 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cmds.h"
#include "error.h"
#include "store.h"
#include "user.h"

int
cmd_user_add(struct rct_cmd_ctx *ctx)
{
	const char *role = NULL, *sites[RCT_USER_SITES_MAX];
	struct rct_cli_list site = {sites, 0, RCT_USER_SITES_MAX,
	    "sites for one user"};
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("role", &role),
	    RCT_OPT_LIST("site", &site),
	    RCT_OPT_END,
	};
	char otp[RCT_OTP_BYTES];
	int rc;

	if ((rc = rct_cli_parse(ctx, opts)) != 0)
		return rc;
	if (optind + 1 != ctx->argc)
		return rct_cli_usage(ctx, "one user NAME is required");
	if (role == NULL)
		return rct_cli_usage(ctx,
		    "--role staff|researcher|monitor is required");
	if ((rc = rct_user_add(ctx->store, ctx->argv[optind], role, sites,
		 site.n, otp)) != 0)
		return rc;
	fprintf(ctx->out,
	    "added user %s (%s)\n"
	    "one-time password: %s\n"
	    "it is shown only now; the user must change it at the first "
	    "login\n",
	    ctx->argv[optind], role, otp);
	sodium_memzero(otp, sizeof(otp));
	return 0;
}

int
cmd_user_list(struct rct_cmd_ctx *ctx)
{
	enum rct_format fmt = RCT_FORMAT_TABLE;
	struct rct_table *t = NULL;
	int rc;

	if ((rc = cmd_options(ctx, &fmt, NULL, NULL, NULL)) != 0)
		return rc;
	rc = rct_user_list(ctx->store, &t);
	return cmd_print_table(ctx, t, fmt, rc);
}

int
cmd_user_disable(struct rct_cmd_ctx *ctx)
{
	const char *reason = NULL;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_STRING("reason", &reason),
	    RCT_OPT_END,
	};
	int rc;

	if ((rc = rct_cli_parse(ctx, opts)) != 0)
		return rc;
	if (optind + 1 != ctx->argc)
		return rct_cli_usage(ctx, "one user NAME is required");
	if (reason == NULL)
		return rct_cli_usage(ctx, "--reason TEXT is required");
	if ((rc = rct_user_disable(ctx->store, ctx->argv[optind], reason)) != 0)
		return rc;
	fprintf(ctx->out, "user %s disabled\n", ctx->argv[optind]);
	return 0;
}

int
cmd_user_reset(struct rct_cmd_ctx *ctx)
{
	const char *name = NULL;
	char otp[RCT_OTP_BYTES];
	int rc;

	if ((rc = cmd_options(ctx, NULL, NULL, &name, "user NAME")) != 0)
		return rc;
	if ((rc = rct_user_reset(ctx->store, name, otp)) != 0)
		return rc;
	fprintf(ctx->out,
	    "user %s reset\n"
	    "one-time password: %s\n"
	    "it is shown only now; the user must change it at the first "
	    "login\n",
	    name, otp);
	sodium_memzero(otp, sizeof(otp));
	return 0;
}

/* Before the first read: no copy left in stdio's buffer, which nobody wipes. */
static void
unbuffered_stdin(void)
{
	setvbuf(stdin, NULL, _IONBF, 0);
}

/*
 * One line of standard input into buf, without its newline; wiped on
 * failure.  A line longer than the buffer is refused rather than cut.
 */
static int
read_secret(char *buf, size_t len, const char *what)
{
	size_t n;

	if (fgets(buf, (int)len, stdin) == NULL) {
		sodium_memzero(buf, len);
		return rct_error(RCT_EINVAL,
		    "expected %s on a line of standard input", what);
	}
	n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (!feof(stdin)) {
		sodium_memzero(buf, len);
		return rct_error(RCT_EINVAL, "%s is longer than %d bytes", what,
		    RCT_PASSWORD_MAX);
	}
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return 0;
}

/*
 * A refused attempt: commit what it counted (the driver would roll it
 * back with the error) and say why, exit 1.
 */
static int
refused(struct rct_cmd_ctx *ctx, const char *name,
    const struct rct_login_result *r)
{
	int rc;

	if ((rc = rct_store_commit(ctx->store)) != 0)
		return rc;
	switch (r->status) {
	case RCT_LOGIN_LOCKED:
		return rct_error(RCT_ECHECK,
		    "user '%s' is locked until %s after %d failed logins in a "
		    "row; 'trial user reset' unlocks it now",
		    name, r->locked_until, RCT_USER_FAILURES_MAX);
	case RCT_LOGIN_DISABLED:
		return rct_error(RCT_ECHECK, "user '%s' is disabled", name);
	default:
		return rct_error(RCT_ECHECK, "wrong user name or password");
	}
}

int
cmd_user_login(struct rct_cmd_ctx *ctx)
{
	struct rct_login_result r;
	const char *name = NULL;
	char pw[RCT_PASSWORD_MAX + 2];
	int rc;

	unbuffered_stdin();
	if ((rc = cmd_options(ctx, NULL, NULL, &name, "user NAME")) != 0 ||
	    (rc = read_secret(pw, sizeof(pw), "the password")) != 0)
		return rc;
	rc = rct_user_login(ctx->store, name, pw, &r);
	sodium_memzero(pw, sizeof(pw));
	if (rc != 0)
		return rc;
	if (r.status != RCT_LOGIN_OK)
		return refused(ctx, name, &r);
	fprintf(ctx->out, "user %s logged in (%s)%s\n", name, r.role,
	    r.must_change ? "; the password must be changed first "
			    "('trial user passwd')" :
			    "");
	return 0;
}

int
cmd_user_passwd(struct rct_cmd_ctx *ctx)
{
	struct rct_login_result r;
	const char *name = NULL;
	char old[RCT_PASSWORD_MAX + 2], new[RCT_PASSWORD_MAX + 2];
	int rc;

	new[0] = '\0';
	unbuffered_stdin();
	if ((rc = cmd_options(ctx, NULL, NULL, &name, "user NAME")) != 0 ||
	    (rc = read_secret(old, sizeof(old), "the old password")) != 0)
		return rc;
	if ((rc = read_secret(new, sizeof(new), "the new password")) == 0)
		rc = rct_user_change_password(ctx->store, name, old, new, &r);
	sodium_memzero(old, sizeof(old));
	sodium_memzero(new, sizeof(new));
	if (rc != 0)
		return rc;
	if (r.status != RCT_LOGIN_OK)
		return refused(ctx, name, &r);
	fprintf(ctx->out, "password of user %s changed\n", name);
	return 0;
}
