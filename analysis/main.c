/*
 * analysis: balance, effect tables, feasibility and power for randomized
 * trials, from a trial store or any CSV dataset.  This file holds only the
 * command table.
 */
#include "cli.h"
#include "cmds.h"
#include "session.h"

#define FORMAT_HELP                                                            \
	"  --format table|csv|json|md|html  how to print (default table)\n"

#define DATA_HELP                                                              \
	"  --data FILE.csv      a dataset with a header row (or a STORE)\n"    \
	"  --arm COL            the column of arms\n"                          \
	"  --treat LEVEL        the treatment arm\n"                           \
	"  --control LEVEL      the comparison arm (when there are more)\n"    \
	"  --outcome COL,...    outcomes (default from a store: the\n"         \
	"                       protocol's family)\n"

static const struct rct_cmd commands[] = {
    {"attrition", cmd_attrition, RCT_CMD_STORE_OPTIONAL,
	"[STORE] [--data FILE.csv --arm COL --treat LEVEL] [options]",
	"response rates by arm with their test, and Lee bounds",
	DATA_HELP
	"  --min-cell N         suppress counts below N and the counts that\n"
	"                       would reveal them (default 5, or the\n"
	"                       protocol's min_cell; 0: none)\n" FORMAT_HELP},
    {"balance", cmd_balance, RCT_CMD_STORE_OPTIONAL,
	"[STORE] [--data FILE.csv --arm COL --treat LEVEL] [options]",
	"baseline table: means or shares by arm, standardized differences, "
	"joint F test",
	"  --data FILE.csv      a dataset with a header row\n"
	"  --arm COL            the column of arms\n"
	"  --treat LEVEL        the treatment arm\n"
	"  --control LEVEL      the comparison arm (when there are more)\n"
	"  --variables A,B      baseline columns; factor(A) reads A as\n"
	"                       categories (default from a store: every\n"
	"                       code and number variable of the protocol)\n"
	"  --min-cell N         suppress counts below N and the counts that\n"
	"                       would reveal them (default 5, or the\n"
	"                       protocol's min_cell; 0: none)\n" FORMAT_HELP},
    {"consort", cmd_consort, RCT_CMD_STORE,
	"STORE [--assessed N --excluded REASON=N ...] [--svg FILE]",
	"the CONSORT flow, as a table and the CONSORT 2025 diagram (SVG)",
	"  --assessed N         assessed for eligibility (the team's\n"
	"                       screening log)\n"
	"  --excluded R=N       excluded for reason R, N people (repeat)\n"
	"  --svg FILE           write the diagram\n"
	"  --min-cell N         suppress counts below N and the counts that\n"
	"                       would reveal them (default: the protocol's\n"
	"                       min_cell, or 5; 0: none)\n" FORMAT_HELP},
    {"diagnose", cmd_diagnose, RCT_CMD_STORE_OPTIONAL,
	"[PILOT] [--protocol FILE] [options]",
	"design diagnosis by simulation: power, bias, RMSE, coverage, "
	"type-S errors",
	"  PILOT                a pilot store: r2 and ICC from its data\n"
	"  --protocol FILE      the design (default: the pilot's)\n"
	"  --trials N           simulated trials (default 1000)\n"
	"  --participants N     in each (default 200)\n"
	"  --effect D           assumed effect, in outcome SDs (0.2)\n"
	"  --r2 R2              outcome variance the covariates explain (0)\n"
	"  --icc RHO            cluster designs: intra-class correlation\n"
	"  --cluster-size M     cluster designs: members (10)\n"
	"  --sites S            sites the participants come from (5)\n"
	"  --estimator E        default: the protocol's\n"
	"  --se S               default: the protocol's\n"
	"  --alpha A            (0.05)\n"
	"  --seed S             which simulations (1): runs repeat\n" FORMAT_HELP},
    {"effects", cmd_effects, RCT_CMD_STORE_OPTIONAL,
	"--data FILE.csv --arm COL --treat LEVEL --outcome COL[,COL] "
	"[options]",
	"effect estimates with estimatr's definitions",
	"  --data FILE.csv      a dataset with a header row\n"
	"  --arm COL            the column of arms\n"
	"  --treat LEVEL        the treatment arm\n"
	"  --control LEVEL      the comparison arm (when there are more)\n"
	"  --outcome COL,...    one or more outcomes\n"
	"  --estimator E        dim (default), blocked, ols, ancova, lin, iv,\n"
	"                       risk_ratio, odds_ratio, horvitz_thompson\n"
	"  --se S               classical, hc0, hc1, hc2, hc3, cr0, stata, cr2,\n"
	"                       wild (default: hc2, cr2 with --cluster)\n"
	"  --strata COL         blocks for the blocked estimator\n"
	"  --cluster COL        clusters for cluster-robust errors\n"
	"  --covariates A,B     for ancova and lin\n"
	"  --takeup COL         the take-up instrumented by the arm (iv)\n"
	"  --prob COL           each row's probability of treatment\n"
	"                       (horvitz_thompson; ols, ancova and lin\n"
	"                       weighted by its inverse); from a store\n"
	"                       'allocation', the probability stored with\n"
	"                       each allocation\n"
	"  --wild-weights W     --se wild: rademacher (default) or webb\n"
	"  --bootstrap B        --se wild: weight vectors drawn (9999), when\n"
	"                       not all 2^G are enumerated (G <= 12)\n"
	"  --seed N             --se wild: the seed of the draws (1)\n"
	"  --missing-covariates indicator|listwise\n"
	"                       a missing covariate: the missing-indicator\n"
	"                       method, or the row dropped (default listwise;\n"
	"                       from a store the protocol's, indicator)\n"
	"  --alternative H      two.sided (default), greater or less\n"
	"  --alpha A            1 - confidence level (default 0.05)\n"
	"  --conf-level L       confidence level, 1 - alpha\n"
	"  --digits N           significant digits in table and md (4)\n" FORMAT_HELP},
    {"pilot", cmd_pilot, RCT_CMD_STORE,
	"STORE [--table recruitment|monthly|outcomes|deviations]",
	"feasibility: recruitment against target, outcome completeness, "
	"ICC, deviations",
	"  --table T            one table (needed for csv and json)\n" FORMAT_HELP},
    {"power", cmd_power, 0, "--design individual|cluster|blocked [options]",
	"power, sample size or minimum detectable effect, in closed form",
	"  --design D           individual (default), cluster, blocked\n"
	"  --effect-size D      standardized effect (or the cluster MDES)\n"
	"  --p-control P0       binary outcome: rates (Cohen's h)\n"
	"  --p-treatment P1\n"
	"  --power P            power to reach\n"
	"  --n-per-arm N        participants per arm (individual)\n"
	"  --alpha A            two-sided level (default 0.05)\n"
	"  --ratio R            treated per control (default 1)\n"
	"  --r2 R2              covariate R^2 (individual)\n"
	"  --attrition A        share lost: inflates the enrolment\n"
	"  --clusters J         clusters (cluster design)\n"
	"  --cluster-size M     people per cluster\n"
	"  --icc RHO            intra-class correlation\n"
	"  --r2-cluster R2      R^2 of cluster-level covariates\n"
	"  --r2-individual R2   R^2 of individual covariates\n"
	"  --cluster-covariates G  cluster-level covariates (df)\n"
	"  --share-treated P    share of clusters or people treated (0.5)\n"
	"  --sites J            sites (blocked design)\n"
	"  --site-size N        people per site\n" FORMAT_HELP},
    {"report", cmd_report, RCT_CMD_STORE, "STORE --html FILE",
	"one printable HTML page: flow, Table 1, balance, effects, forest "
	"plot, subgroups, randomization inference, attrition, feasibility",
	"  --html FILE          where to write the page\n"},
    {"ri", cmd_ri, RCT_CMD_STORE_OPTIONAL,
	"[STORE] [--data FILE.csv --arm COL --treat LEVEL] [options]",
	"randomization inference: the sharp-null p-value over re-drawn "
	"allocations",
	DATA_HELP
	"  --strata COL         with --data: permute within strata\n"
	"  --cluster COL        with --data: permute clusters\n"
	"  --draws N            allocations drawn (default 10000)\n"
	"  --seed S             which draws (default 1): runs repeat\n" FORMAT_HELP},
    {"subgroups", cmd_subgroups, RCT_CMD_STORE_OPTIONAL,
	"[STORE] [--data FILE.csv --arm COL --treat LEVEL] --by COL "
	"[options]",
	"the effect in each level of a baseline factor, and the "
	"interaction test",
	DATA_HELP
	"  --by COL             the baseline factor (a code variable, site,\n"
	"                       stratum)\n"
	"  --estimator E        default ols (lm_robust(y ~ z) per subgroup)\n"
	"  --se S               default hc2\n"
	"  --min-cell N         suppress subgroups with fewer than N people\n"
	"                       in an arm (default 5, or the protocol's)\n" FORMAT_HELP},
    {"table1", cmd_table1, RCT_CMD_STORE_OPTIONAL,
	"[STORE] [--data FILE.csv --arm COL --variables A,B] [options]",
	"Table 1: baseline characteristics by arm as journals print them",
	"  --data FILE.csv      a dataset with a header row\n"
	"  --arm COL            the column of arms\n"
	"  --variables A,B      baseline columns; factor(A) reads A as\n"
	"                       categories (default from a store: every\n"
	"                       code and number variable of the protocol)\n"
	"  --median A,B         median [Q1, Q3] for these (skewed) numbers\n"
	"                       instead of mean (SD)\n"
	"  --total              a column of all arms together\n"
	"  --digits N           decimals of means, SDs, medians (1)\n"
	"  --min-cell N         suppress counts below N and the counts that\n"
	"                       would reveal them (default 5, or the\n"
	"                       protocol's min_cell; 0: none)\n"
	"  --format F           table, csv, json, md, html or xlsx\n"
	"  --out FILE           write there (xlsx needs it)\n"},
    {NULL, NULL, 0, NULL, NULL, NULL},
};

static const struct rct_program program = {
    "analysis",
    "Balance and effect tables, feasibility and power for randomized "
    "trials.",
    commands,
    &rct_store_session,
};

int
main(int argc, char **argv)
{
	return rct_cli_main(&program, argc, argv);
}
