/* The commands of the trial program, and what they share. */
#ifndef RCT_TRIAL_CMDS_H
#define RCT_TRIAL_CMDS_H

#include <stddef.h>

#include "cli.h"
#include "csvio.h"
#include "table.h"

int cmd_init(struct rct_cmd_ctx *ctx);
int cmd_info(struct rct_cmd_ctx *ctx);
int cmd_screen(struct rct_cmd_ctx *ctx);
int cmd_site_add(struct rct_cmd_ctx *ctx);
int cmd_site_list(struct rct_cmd_ctx *ctx);
int cmd_site_rename(struct rct_cmd_ctx *ctx);
int cmd_site_remove(struct rct_cmd_ctx *ctx);
int cmd_enrol(struct rct_cmd_ctx *ctx);
int cmd_import(struct rct_cmd_ctx *ctx);
int cmd_list(struct rct_cmd_ctx *ctx);
int cmd_export(struct rct_cmd_ctx *ctx);
int cmd_status(struct rct_cmd_ctx *ctx);
int cmd_withdraw(struct rct_cmd_ctx *ctx);
int cmd_exit(struct rct_cmd_ctx *ctx);
int cmd_outcome_import(struct rct_cmd_ctx *ctx);
int cmd_amend(struct rct_cmd_ctx *ctx);
int cmd_correct(struct rct_cmd_ctx *ctx);
int cmd_linkage_export(struct rct_cmd_ctx *ctx);
int cmd_linkage_keygen(struct rct_cmd_ctx *ctx);
int cmd_user_add(struct rct_cmd_ctx *ctx);
int cmd_user_list(struct rct_cmd_ctx *ctx);
int cmd_user_disable(struct rct_cmd_ctx *ctx);
int cmd_user_reset(struct rct_cmd_ctx *ctx);
int cmd_user_login(struct rct_cmd_ctx *ctx);
int cmd_user_passwd(struct rct_cmd_ctx *ctx);

/* Print field/value pairs: as two columns in a table, as one object in JSON. */
int cmd_print_pairs(struct rct_cmd_ctx *ctx, enum rct_format fmt,
    const char *const *fields, const char *const *values, size_t n);

/*
 * Parse the options most commands take: --format when fmt is not NULL,
 * and --site when site is not NULL.  When arg is not NULL exactly one
 * positional argument, named argname in messages, is required and returned
 * there; else none.
 */
int cmd_options(struct rct_cmd_ctx *ctx, enum rct_format *fmt,
    const char **site, const char **arg, const char *argname);

/* Import a CSV file through header mapping; see cmd_csv.c. */
struct cmd_csv {
	const char *file;
	struct rct_csv_header header;
	const char **values; /* per field, for the current row */
	/*
	 * Called per data row with values filled in: 0 or 1 to go on,
	 * RCT_EINVAL for a bad row (recorded and counted by the library;
	 * reading goes on), another negative code to stop.
	 */
	int (*row)(struct cmd_csv *c, long line);
	void *arg;
	long bad_rows; /* rows with the wrong number of fields */
};

/*
 * Read c->file: map its header onto names (optional: columns that may be
 * absent) and call c->row per data row.  Bad rows are recorded and counted
 * in c->bad_rows for the caller to refuse the file.  hash receives the
 * file's BLAKE2b-256.
 */
int cmd_csv_read(struct cmd_csv *c, size_t nfields, const char *const *names,
    const unsigned char *optional, unsigned char hash[32]);

/* Print a table and free it; for commands whose library call built one. */
int cmd_print_table(struct rct_cmd_ctx *ctx, struct rct_table *t,
    enum rct_format fmt, int rc);

/*
 * The options of the commands that print the register: --format with the
 * file formats too (dta, sav, xlsx), --out FILE, --site when site is not
 * NULL and --blind when blind is not NULL.  A binary format without --out
 * is a usage error: it is never sent to a terminal.
 */
int cmd_report_options(struct rct_cmd_ctx *ctx, enum rct_format *fmt,
    const char **site, const char **out, int *blind);

/*
 * As cmd_print_table, or, when out is not NULL, write the table to the
 * file out in fmt (whole or not at all: lib/outfile.h) and print what was
 * written (file, format, rows, columns).
 */
int cmd_write_table(struct rct_cmd_ctx *ctx, struct rct_table *t,
    enum rct_format fmt, const char *out, int rc);

#endif
