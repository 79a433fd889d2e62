/* The commands of the randomizer program. */
#ifndef RCT_RANDOMIZER_CMDS_H
#define RCT_RANDOMIZER_CMDS_H

#include "assign.h"
#include "cli.h"

int cmd_assign(struct rct_cmd_ctx *ctx);
int cmd_lottery(struct rct_cmd_ctx *ctx);
int cmd_promote(struct rct_cmd_ctx *ctx);
int cmd_reveal(struct rct_cmd_ctx *ctx);
int cmd_verify(struct rct_cmd_ctx *ctx);
int cmd_log(struct rct_cmd_ctx *ctx);
int cmd_simulate(struct rct_cmd_ctx *ctx);
int cmd_witness_init(struct rct_cmd_ctx *ctx);
int cmd_witness_trust(struct rct_cmd_ctx *ctx);
int cmd_witness_add_checkpoint(struct rct_cmd_ctx *ctx);
int cmd_witness_serve(struct rct_cmd_ctx *ctx);
int cmd_cosign_request(struct rct_cmd_ctx *ctx);
int cmd_cosign_add(struct rct_cmd_ctx *ctx);
int cmd_receipt(struct rct_cmd_ctx *ctx);
int cmd_verify_receipt(struct rct_cmd_ctx *ctx);

/* Print the allocations made, after the commit (lib/cli.c holds output). */
int cmd_print_assignment(struct rct_cmd_ctx *ctx,
    const struct rct_assignment *a, enum rct_format fmt, int lottery);

#endif
