/*
 * libFuzzer harness: the protocol parser (trial/protocol.c) on arbitrary
 * text.  Any input must give a protocol or recorded messages, never a
 * crash, a leak or undefined behaviour.
 */
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "protocol.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rct_protocol *p = NULL;

	if (rct_protocol_parse(&p, "fuzz.ini", (const char *)data, size) == 0)
		rct_protocol_free(p);
	rct_error_clear();
	return 0;
}
