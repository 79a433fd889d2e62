/* Helpers shared by the unit test programs (unit.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "identity.h"
#include "protocol.h"
#include "store.h"
#include "store_internal.h"
#include "unit.h"

const char *
unit_messages(void)
{
	static struct rct_buf b = RCT_BUF_INIT;
	size_t i;

	rct_buf_reset(&b);
	for (i = 0; i < rct_error_count(); i++) {
		rct_buf_adds(&b, rct_error_message(i));
		rct_buf_addc(&b, '\n');
	}
	return rct_buf_str(&b);
}

const char *
unit_one_text(struct rct_store *s, const char *sql)
{
	static char buf[512];
	sqlite3_stmt *st;

	buf[0] = '\0';
	if (rct_store_prepare(s, &st, sql) != 0)
		return buf;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(buf, sizeof(buf), "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

const char unit_protocol_simple[] =
    "[trial]\nname = Unit trial\nregistration = R1\n"
    "[arm control]\nratio = 1\n[arm treatment]\nratio = 1\n"
    "[randomization]\nmethod = simple\n"
    "[variable birth_year]\ntype = integer\nmin = 1900\nmax = 2100\n"
    "[outcome work]\ntype = binary\ntime = 12 months\n"
    "[analysis]\nprimary = work\n";

int
unit_store_new_at(struct rct_protocol **p, struct rct_store **s,
    const char *protocol_text, const char *path)
{
	struct rct_store_init init;

	memset(&init, 0, sizeof(init));
	if (rct_protocol_parse(p, "unit.ini", protocol_text,
		strlen(protocol_text)) != 0 ||
	    rct_store_create(s, path, *p, &init) != 0) {
		fprintf(stderr, "setup: %s\n", unit_messages());
		return -1;
	}
	return 0;
}

int
unit_store_new(struct rct_protocol **p, struct rct_store **s,
    const char *protocol_text)
{
	return unit_store_new_at(p, s, protocol_text, ":memory:");
}

int
unit_store_setup(void **state, const char *protocol_text)
{
	struct unit_store *f = calloc(1, sizeof(*f));

	rct_error_clear();
	if (f == NULL)
		return -1;
	*state = f;
	return unit_store_new(&f->p, &f->s, protocol_text);
}

int
unit_store_teardown(void **state)
{
	struct unit_store *f = *state;

	if (f != NULL) {
		rct_store_close(f->s);
		rct_protocol_free(f->p);
		free(f);
	}
	rct_error_clear();
	return 0;
}

void
unit_identity(long *serial, char out[32])
{
	char nine[16], cd[3];

	for (;;) {
		long n = (*serial)++;

		snprintf(nine, sizeof(nine), "%02ld%02ld90%03ld", n % 28 + 1,
		    (n / 28) % 12 + 81, (n / 336) % 500);
		if (rct_identity_fnr_check_digits(nine, cd) == 0)
			break;
	}
	snprintf(out, 32, "%.9s%s", nine, cd);
}

int
unit_sql_int(struct rct_store *s, const char *sql)
{
	sqlite3_stmt *st;
	int n = -1;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}
