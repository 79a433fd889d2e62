/*
 * Unit tests of the option table (lib/cli.c, rct_cli_parse): every kind,
 * and the usage errors the commands have always given.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "table.h"
#include "unit.h"

static int
dummy_fn(struct rct_cmd_ctx *ctx)
{
	(void)ctx;
	return 0;
}

static const struct rct_cmd cmd = {"demo", dummy_fn, 0, "[--OPTIONS] ARG",
    "a command to test with", ""};

/* argv of a command, from one string of words split on spaces. */
struct args {
	char buf[512];
	char *argv[32];
	struct rct_cmd_ctx ctx;
};

static const struct rct_cmd_ctx *
args(struct args *a, const char *line)
{
	char *w;
	int n = 0;

	rct_error_clear();
	opterr = 0;
	memset(a, 0, sizeof(*a));
	snprintf(a->buf, sizeof(a->buf), "demo %s", line);
	for (w = strtok(a->buf, " "); w && n < 31; w = strtok(NULL, " "))
		a->argv[n++] = w;
	a->ctx.program = "prog";
	a->ctx.cmd = &cmd;
	a->ctx.argc = n;
	a->ctx.argv = a->argv;
	return &a->ctx;
}

struct values {
	int flag, count, seen;
	const char *name;
	long number;
	double share;
	enum rct_format fmt;
	const char *sites[2];
	struct rct_cli_list list;
	int calls;
};

static int
upper_fn(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	struct values *v = opt->dest;

	if (strcmp(arg, "BAD") == 0)
		return rct_cli_usage(ctx, "--%s '%s' is bad", opt->name, arg);
	v->calls++;
	return 0;
}

static int
stop_fn(const struct rct_cmd_ctx *ctx, const struct rct_cli_opt *opt,
    const char *arg)
{
	(void)ctx;
	(void)opt;
	assert_null(arg);
	return 7;
}

static int
parse(struct values *v, const char *line)
{
	static struct args a; /* the values point into its argv */
	const struct rct_cli_opt more[] = {
	    RCT_OPT_FN("check", upper_fn, v),
	    RCT_OPT_FN_FLAG("stop", stop_fn, v),
	    RCT_OPT_END,
	};
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_FLAG("flag", &v->flag),
	    RCT_OPT_STRING("name", &v->name),
	    RCT_OPT_LONG("number", &v->number, -5, 5),
	    {.name = "count",
		.kind = RCT_CLI_INT,
		.dest = &v->count,
		.min = 1,
		.max = 3,
		.seen = &v->seen},
	    RCT_OPT_DOUBLE("share", &v->share),
	    RCT_OPT_FORMAT(&v->fmt),
	    RCT_OPT_LIST("site", &v->list),
	    RCT_OPT_STRING("blind", NULL),
	    RCT_OPT_MORE(more),
	    RCT_OPT_END,
	};
	const struct rct_cmd_ctx *ctx;
	int rc;

	memset(v, 0, sizeof(*v));
	v->list.items = v->sites;
	v->list.max = 2;
	v->list.what = "sites for one demo";
	ctx = args(&a, line);
	rc = rct_cli_parse(ctx, opts);
	/* What is left for rct_cli_one. */
	if (rc == 0 && optind < ctx->argc)
		v->name = v->name ? v->name : ctx->argv[optind];
	return rc;
}

static void
test_cli__every_kind(void **state)
{
	struct values v;

	(void)state;
	assert_int_equal(
	    parse(&v,
		"--flag --name N --number -5 --count=3 --share 0.25 "
		"--format csv --site A --site B --check x ARG"),
	    0);
	assert_int_equal(v.flag, 1);
	assert_string_equal(v.name, "N");
	assert_int_equal(v.number, -5);
	assert_int_equal(v.count, 3);
	assert_int_equal(v.seen, 1);
	assert_true(v.share == 0.25);
	assert_int_equal(v.fmt, RCT_FORMAT_CSV);
	assert_int_equal(v.list.n, 2);
	assert_string_equal(v.sites[0], "A");
	assert_string_equal(v.sites[1], "B");
	assert_int_equal(v.calls, 1);
	assert_int_equal(rct_error_count(), 0);
	/* Nothing given: nothing touched; the argument left in place. */
	assert_int_equal(parse(&v, "ARG"), 0);
	assert_string_equal(v.name, "ARG");
	assert_int_equal(v.seen, 0);
	/* An abbreviation, while it is unambiguous. */
	assert_int_equal(parse(&v, "--num 4 --fl"), 0);
	assert_int_equal(v.number, 4);
	assert_int_equal(v.flag, 1);
}

static void
test_cli__unknown_and_missing(void **state)
{
	struct values v;

	(void)state;
	assert_int_equal(parse(&v, "--bogus"), RCT_EINVAL);
	assert_string_equal(rct_error_last(),
	    "unknown option '--bogus'; usage: prog demo [--OPTIONS] ARG");
	assert_int_equal(parse(&v, "-x"), RCT_EINVAL);
	assert_in_messages("unknown option '-x'");
	assert_int_equal(parse(&v, "--name"), RCT_EINVAL);
	assert_in_messages("option '--name' needs a value");
	assert_int_equal(parse(&v, "--flag=1"), RCT_EINVAL);
	assert_in_messages("option '--flag' takes no value");
	/* --s is --site or --stop. */
	assert_int_equal(parse(&v, "--s A"), RCT_EINVAL);
	assert_in_messages("unknown option '--s'");
	assert_int_equal(parse(&v, "--blind yes"), RCT_EINVAL);
	assert_string_equal(rct_error_last(),
	    "--blind is not an option of this command; usage: prog demo "
	    "[--OPTIONS] ARG");
}

static void
test_cli__values_refused(void **state)
{
	struct values v;

	(void)state;
	assert_int_equal(parse(&v, "--number 6"), RCT_EINVAL);
	assert_in_messages("--number '6' is not a whole number from -5 to 5");
	assert_int_equal(parse(&v, "--count 1.5"), RCT_EINVAL);
	assert_in_messages("--count '1.5' is not a whole number from 1 to 3");
	assert_int_equal(v.seen, 1);
	assert_int_equal(parse(&v, "--share 1,5"), RCT_EINVAL);
	assert_in_messages("--share '1,5' is not a number");
	assert_int_equal(parse(&v, "--format yaml"), RCT_EINVAL);
	assert_in_messages("unknown format 'yaml', expected table, csv, json, "
			   "md or html");
	assert_int_equal(parse(&v, "--check BAD"), RCT_EINVAL);
	assert_in_messages("--check 'BAD' is bad");
	/* The first error stops the parse: the later option is not taken. */
	assert_int_equal(parse(&v, "--number 9 --flag"), RCT_EINVAL);
	assert_int_equal(v.flag, 0);
	assert_int_equal(rct_error_count(), 1);
	/* A callback's own code comes back as it is. */
	assert_int_equal(parse(&v, "--stop --bogus"), 7);
	assert_int_equal(rct_error_count(), 0);
}

static void
test_cli__list_overflow(void **state)
{
	struct values v;

	(void)state;
	assert_int_equal(parse(&v, "--site A --site B --site C"), RCT_EINVAL);
	assert_string_equal(rct_error_last(),
	    "at most 2 sites for one demo; usage: prog demo [--OPTIONS] ARG");
	assert_int_equal(v.list.n, 2);
}

/* Outside the driver (no command): unknown is returned, not recorded. */
static void
test_cli__without_a_command(void **state)
{
	struct rct_cmd_ctx ctx;
	char *argv[] = {"prog", "--bogus", "--on", NULL};
	int on = 0;
	const struct rct_cli_opt opts[] = {
	    RCT_OPT_FLAG("on", &on),
	    RCT_OPT_END,
	};

	(void)state;
	rct_error_clear();
	memset(&ctx, 0, sizeof(ctx));
	ctx.program = "prog";
	ctx.argc = 3;
	ctx.argv = argv;
	assert_int_equal(rct_cli_parse(&ctx, opts), RCT_EINVAL);
	assert_int_equal(rct_error_count(), 0);
	assert_int_equal(on, 0);
}

/* More options than fit is the table's mistake, said as such. */
static void
test_cli__too_many_options(void **state)
{
	static char names[RCT_CLI_OPTS_MAX + 1][8];
	struct rct_cli_opt opts[RCT_CLI_OPTS_MAX + 2];
	struct args a;
	int flag, i;

	(void)state;
	memset(opts, 0, sizeof(opts));
	for (i = 0; i <= RCT_CLI_OPTS_MAX; i++) {
		snprintf(names[i], sizeof(names[i]), "o%d", i);
		opts[i].name = names[i];
		opts[i].kind = RCT_CLI_FLAG;
		opts[i].dest = &flag;
	}
	assert_int_equal(rct_cli_parse(args(&a, "--o1"), opts), RCT_EINVAL);
	assert_in_messages("more than 48 options in one table");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cli__every_kind),
	    cmocka_unit_test(test_cli__unknown_and_missing),
	    cmocka_unit_test(test_cli__values_refused),
	    cmocka_unit_test(test_cli__list_overflow),
	    cmocka_unit_test(test_cli__without_a_command),
	    cmocka_unit_test(test_cli__too_many_options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
