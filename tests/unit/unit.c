/* Helpers shared by the unit test programs (unit.h). */
#include <stdio.h>

#include "buf.h"
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
