/* Helpers shared by the unit test programs (unit.h). */
#include <stdio.h>

#include "buf.h"
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
