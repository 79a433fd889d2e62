/* The commands of the analysis program. */
#ifndef RCT_ANALYSIS_CMDS_H
#define RCT_ANALYSIS_CMDS_H

#include "cli.h"

int cmd_attrition(struct rct_cmd_ctx *ctx);
int cmd_balance(struct rct_cmd_ctx *ctx);
int cmd_consort(struct rct_cmd_ctx *ctx);
int cmd_diagnose(struct rct_cmd_ctx *ctx);
int cmd_effects(struct rct_cmd_ctx *ctx);
int cmd_pilot(struct rct_cmd_ctx *ctx);
int cmd_power(struct rct_cmd_ctx *ctx);
int cmd_report(struct rct_cmd_ctx *ctx);
int cmd_ri(struct rct_cmd_ctx *ctx);
int cmd_subgroups(struct rct_cmd_ctx *ctx);
int cmd_table1(struct rct_cmd_ctx *ctx);

#endif
