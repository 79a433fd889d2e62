/*
 * trial enrol STORE --site CODE --id NUMBER --set VAR=VALUE...
 *
 * Enrols one participant as they arrive, through the same checks as an
 * import.  The identity number may be given as "-" to read it from
 * standard input, which keeps it out of the shell history and of the
 * process list.  Prints the participant id, the only name the trial uses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cmds.h"
#include "error.h"
#include "register.h"

static int
read_id(char *buf, size_t len)
{
	size_t n;

	if (fgets(buf, (int)len, stdin) == NULL)
		return rct_error(RCT_EINVAL,
		    "no identity number on standard "
		    "input");
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	return 0;
}

struct enrol_values {
	struct rct_register *r;
	const char **values; /* by field of the register */
};

/* --set VAR=VALUE: a baseline variable, once. */
static int
set_value(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	const struct enrol_values *ev = opt->dest;
	struct rct_register *r = ev->r;
	const char **values = ev->values;
	const char *eq = strchr(arg, '=');
	char name[80];
	int field;

	if (eq == NULL || eq == arg || (size_t)(eq - arg) >= sizeof(name))
		return rct_cli_usage(ctx, "--set '%s' is not VAR=VALUE", arg);
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	field = rct_register_field(r, name);
	if (field < 0 || field == RCT_FIELD_ID || field == RCT_FIELD_SITE)
		return rct_cli_usage(ctx,
		    "--set %s: '%s' is not a baseline "
		    "variable of the protocol",
		    name, name);
	if (values[field] != NULL)
		return rct_cli_usage(ctx, "--set %s is given twice", name);
	values[field] = eq + 1;
	return 0;
}

int
cmd_enrol(struct rct_cmd_ctx *ctx)
{
	struct rct_register *r = NULL;
	enum rct_format fmt = RCT_FORMAT_TABLE;
	const char **values = NULL;
	char pid[RCT_PID_MAX], idbuf[64];
	struct enrol_values ev;
	int rc;

	if ((rc = rct_register_begin(&r, ctx->store, "enrol", NULL)) != 0)
		return rc;
	values = calloc(rct_register_nfields(r), sizeof(*values));
	if (values == NULL) {
		rc = rct_error(RCT_ENOMEM, "out of memory");
		goto out;
	}
	ev.r = r;
	ev.values = values;
	{
		const struct rct_cli_opt opts[] = {
		    RCT_OPT_STRING("site", &values[RCT_FIELD_SITE]),
		    RCT_OPT_STRING("id", &values[RCT_FIELD_ID]),
		    RCT_OPT_FN("set", set_value, &ev),
		    RCT_OPT_FORMAT(&fmt),
		    RCT_OPT_END,
		};

		if ((rc = rct_cli_parse(ctx, opts)) != 0)
			goto out;
	}
	if (optind != ctx->argc) {
		rc = rct_cli_usage(ctx, "unexpected argument '%s'",
		    ctx->argv[optind]);
		goto out;
	}
	if (values[RCT_FIELD_SITE] == NULL || values[RCT_FIELD_ID] == NULL) {
		rc = rct_cli_usage(ctx, "--site and --id are required");
		goto out;
	}
	if (strcmp(values[RCT_FIELD_ID], "-") == 0) {
		if ((rc = read_id(idbuf, sizeof(idbuf))) != 0)
			goto out;
		values[RCT_FIELD_ID] = idbuf;
	}
	rc = rct_register_enrol_one(r, values, pid);
	if (rc == 0) {
		const char *fields[] = {"participant", "site"};
		const char *vals[] = {pid, values[RCT_FIELD_SITE]};

		rc = cmd_print_pairs(ctx, fmt, fields, vals, 2);
	}
out:
	sodium_memzero(idbuf, sizeof(idbuf));
	free(values);
	rct_register_free(r);
	return rc;
}
