/*
 * randomizer: secure, verifiable allocation with a signed, hash-chained
 * audit log.  This file holds only the command table.
 */
#include "cli.h"
#include "cmds.h"
#include "session.h"

#define FORMAT_HELP                                                            \
	"  --format table|csv|json|md|html  how to print (default table)\n"

static const struct rct_cmd commands[] = {
    {"assign", cmd_assign, RCT_CMD_STORE | RCT_CMD_WRITE,
	"STORE PARTICIPANT... | STORE --pending [--format F]",
	"allocate participants (or their clusters) as the protocol says",
	"  --pending   everyone enrolled, not withdrawn and not yet allocated,\n"
	"              in enrolment order (or as one cohort for method batch)\n" FORMAT_HELP},
    {"lottery", cmd_lottery, RCT_CMD_STORE | RCT_CMD_WRITE,
	"STORE --site CODE --capacity N [--format F]",
	"draw places for a site's applicants and order the waiting list",
	"  --site CODE    the site whose applicants are drawn\n"
	"  --capacity N   the places to offer\n" FORMAT_HELP},
    {"promote", cmd_promote, RCT_CMD_STORE | RCT_CMD_WRITE,
	"STORE --site CODE [--places N] [--format F]",
	"offer freed places strictly in waiting-list order",
	"  --site CODE   the site\n"
	"  --places N    how many places were freed (default 1)\n" FORMAT_HELP},
    {"reveal", cmd_reveal, RCT_CMD_STORE | RCT_CMD_WRITE,
	"STORE [--yes] [--close-pending]",
	"publish the secret and the concealed part: allocation closes for good",
	"  --yes             do not ask (from a script; on a terminal it asks)\n"
	"  --close-pending   close out those still waiting, as never randomized\n"},
    {"verify", cmd_verify, RCT_CMD_STORE | RCT_CMD_ANY_SCHEMA,
	"STORE [--fingerprint FP] [--head HASH] [--replay]",
	"check the audit log, its signatures and the data it describes",
	"  --fingerprint FP   the fingerprint in the trial registration: the\n"
	"                     store is the trial registered, not a rewrite\n"
	"  --head HASH   a head published earlier: detects a log cut short\n"
	"  --replay      draw every allocation again from the secret\n"},
    {"log", cmd_log, RCT_CMD_STORE,
	"STORE [--head | --open | --checkpoint] [--format F]",
	"print the audit log, or its signed head",
	"  --head   only the signed head, to publish or mail\n"
	"  --open   after reveal: each allocation's sealed draw, opened\n"
	"  --checkpoint   the newest signed checkpoint (C2SP tlog-checkpoint)\n"
	"  --verifier-key   the key witnesses check the checkpoints with\n" FORMAT_HELP},
    {"simulate", cmd_simulate, 0,
	"--protocol FILE [--trials N] [--participants N] [--format F]",
	"check a protocol's allocation and its predictability over many "
	"simulated trials",
	"  --protocol FILE    the protocol\n"
	"  --trials N         simulated trials (default 1000)\n"
	"  --participants N   participants in each (default 200)\n" FORMAT_HELP},
    {"receipt", cmd_receipt, RCT_CMD_STORE, "STORE PARTICIPANT",
	"print the self-contained proof of one allocation, for the site", ""},
    {"verify-receipt", cmd_verify_receipt, 0, "FILE --fingerprint FP",
	"check a receipt offline, without the store",
	"  --fingerprint FP   the fingerprint of the trial registration\n"},
    {"witness init", cmd_witness_init, 0, "DIR --name NAME",
	"make a witness: its key and state in DIR; prints its verifier key",
	"  --name NAME   the witness's name, a schema-less URL such as\n"
	"                dmc.example.no/w1\n"},
    {"witness trust", cmd_witness_trust, 0, "DIR LOG-KEY",
	"follow a trial's log (its key from 'randomizer log --verifier-key')",
	""},
    {"witness add-checkpoint", cmd_witness_add_checkpoint, 0, "DIR [REQUEST|-]",
	"answer one add-checkpoint request (C2SP tlog-witness): cosign it, "
	"or refuse a fork or rollback",
	""},
    {"witness serve", cmd_witness_serve, 0, "DIR [--listen HOST:PORT]",
	"serve the witness over HTTP (C2SP tlog-witness) until SIGTERM",
	"  --listen HOST:PORT   a loopback address (default 127.0.0.1:0, any\n"
	"                       free port, printed once listening)\n"},
    {"cosign request", cmd_cosign_request, RCT_CMD_STORE,
	"STORE --witness NAME [--old N]",
	"write the add-checkpoint request of the newest checkpoint for a "
	"witness",
	"  --witness NAME   the protocol's witness: its proof starts at the "
	"last\n"
	"                   checkpoint it cosigned\n"
	"  --old N          start the proof at tree size N instead\n"},
    {"cosign add", cmd_cosign_add, RCT_CMD_STORE | RCT_CMD_WRITE,
	"STORE FILE|-",
	"keep a witness's cosignatures of the newest checkpoint", ""},
    {NULL, NULL, 0, NULL, NULL, NULL},
};

static const struct rct_program program = {
    "randomizer",
    "Allocate participants of a trial securely and verifiably.",
    commands,
    &rct_store_session,
};

int
main(int argc, char **argv)
{
	return rct_cli_main(&program, argc, argv);
}
