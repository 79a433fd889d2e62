/*
 * trial: create a trial from its protocol and keep its recruitment
 * register.  This file holds only the command table.
 */
#include "cli.h"
#include "cmds.h"
#include "session.h"

#define FORMAT_HELP                                                            \
	"  --format table|csv|json|md|html  how to print (default table)\n"
#define REPORT_HELP                                                              \
	"  --format table|csv|json|md|html|dta|sav|xlsx\n"                       \
	"               how to print (default table); dta (Stata), sav (SPSS)\n" \
	"               and xlsx (Excel) are files, written with --out\n"        \
	"  --out FILE   write FILE (whole or not at all) rather than print\n"

static const struct rct_cmd commands[] = {
    {"init", cmd_init, RCT_CMD_STORE | RCT_CMD_CREATE,
	"STORE --protocol FILE [--linkage-pub FILE]",
	"create a trial store and its keys from a protocol",
	"  --protocol FILE      the trial protocol (protocols/README.md)\n"
	"  --linkage-pub FILE   the linkage officer's public key (trial\n"
	"                       linkage keygen); without it a key pair is\n"
	"                       made and its secret half written to\n"
	"                       NAME.linkage.key, for the officer to take\n" FORMAT_HELP},
    {"info", cmd_info, RCT_CMD_STORE, "STORE [--format F] [--out FILE]",
	"show the trial, its protocol hash, commitment and audit head",
	REPORT_HELP},
    {"site add", cmd_site_add, RCT_CMD_STORE | RCT_CMD_WRITE,
	"STORE CODE --name NAME [--target N]",
	"add a recruiting site (municipality, NAV office, school)",
	"  --name NAME   the site's name\n"
	"  --target N    how many participants it aims to recruit\n"},
    {"site rename", cmd_site_rename, RCT_CMD_STORE | RCT_CMD_WRITE,
	"STORE OLD NEW [--name NAME] --reason TEXT",
	"correct a site's code (and name) while nobody is enrolled there",
	"  --name NAME     the site's corrected name\n"
	"  --reason TEXT   why (required; recorded in the audit log)\n"},
    {"site remove", cmd_site_remove, RCT_CMD_STORE | RCT_CMD_WRITE,
	"STORE CODE --reason TEXT",
	"remove a site added by mistake, while nothing names it",
	"  --reason TEXT   why (required; recorded in the audit log)\n"},
    {"screen", cmd_screen, RCT_CMD_STORE | RCT_CMD_WRITE,
	"STORE --site CODE --month YYYY-MM --screened N [--excluded R=N]...",
	"record a site's screening for a month: assessed and excluded",
	"  --site CODE        the site\n"
	"  --month YYYY-MM    the month screened\n"
	"  --screened N       people assessed for eligibility\n"
	"  --excluded R=N     of them excluded for reason R (repeat: not\n"
	"                     eligible, declined, ...)\n"
	"  --replace          correct the month's report\n"},
    {"site list", cmd_site_list, RCT_CMD_STORE,
	"STORE [--format F] [--out FILE]",
	"list the sites with their targets and enrolment", REPORT_HELP},
    {"enrol", cmd_enrol, RCT_CMD_STORE | RCT_CMD_WRITE,
	"STORE --site CODE --id NUMBER --set VAR=VALUE...",
	"enrol one participant",
	"  --site CODE       the recruiting site\n"
	"  --id NUMBER       fødselsnummer, D-number or DUF number; '-'\n"
	"                    reads it from standard input\n"
	"  --set VAR=VALUE   a baseline value, once per variable\n" FORMAT_HELP},
    {"import", cmd_import, RCT_CMD_STORE | RCT_CMD_WRITE,
	"STORE FILE.csv [--format F]",
	"import a site's recruitment register, all rows or none", FORMAT_HELP},
    {"list", cmd_list, RCT_CMD_STORE,
	"STORE [--site CODE] [--format F] [--out FILE]",
	"list participants with their stratum and status",
	"  --site CODE  only this site\n" REPORT_HELP},
    {"export", cmd_export, RCT_CMD_STORE,
	"STORE [--blind] [--format F] [--out FILE]",
	"one row per participant: baseline values, corrections, arm, outcomes",
	"  --blind      show arms as masked labels A, B, ... (needs the keys)\n"
	"  --format table|csv|json|md|html|dta|sav|xlsx\n"
	"               how to write (default csv); dta (Stata), sav (SPSS)\n"
	"               and xlsx (Excel) are files, with types and labels\n"
	"  --out FILE   write FILE (whole or not at all) rather than print;\n"
	"               required for dta, sav and xlsx\n"},
    {"status", cmd_status, RCT_CMD_STORE, "STORE [--format F] [--out FILE]",
	"recruitment per site and month against target", REPORT_HELP},
    {"withdraw", cmd_withdraw, RCT_CMD_STORE | RCT_CMD_WRITE,
	"STORE PARTICIPANT --reason TEXT [--date YYYY-MM-DD] | --undo "
	"--reason TEXT",
	"record that a participant withdrew from the study",
	"  --reason TEXT   why, in words\n"
	"  --date DATE     when (default today)\n"
	"  --undo          undo a withdrawal recorded by mistake; --reason\n"
	"                  says why (audited)\n"},
    {"exit", cmd_exit, RCT_CMD_STORE | RCT_CMD_WRITE,
	"STORE PARTICIPANT --reason CODE [--date YYYY-MM-DD] | --undo "
	"--reason TEXT",
	"record that a participant left the measure",
	"  --reason CODE   paid_work, upper_secondary, higher_education,\n"
	"                  adult_primary_school, other_measure, dropped_out,\n"
	"                  completed_without_activity, moved or unknown\n"
	"  --date DATE     when (default today)\n"
	"  --undo          undo an exit recorded by mistake; --reason TEXT\n"
	"                  says why (audited)\n"},
    {"correct", cmd_correct, RCT_CMD_STORE | RCT_CMD_WRITE,
	"STORE PARTICIPANT --set VAR=VALUE --reason TEXT",
	"correct a baseline value, keeping the enrolled one",
	"  --set VAR=VALUE   the corrected value (empty: missing)\n"
	"  --reason TEXT     why\n"},
    {"outcome import", cmd_outcome_import, RCT_CMD_STORE | RCT_CMD_WRITE,
	"STORE FILE.csv [--replace] [--format F]",
	"import follow-up outcomes (participant or id_number, outcome, "
	"value, date)",
	"  --replace   record corrected values beside the old ones\n" FORMAT_HELP},
    {"amend", cmd_amend, RCT_CMD_STORE | RCT_CMD_WRITE,
	"STORE --protocol FILE --reason TEXT",
	"adopt an amended protocol, recorded in the audit log",
	"  --protocol FILE   the amended protocol\n"
	"  --reason TEXT     why it was amended\n"},
    {"linkage export", cmd_linkage_export, RCT_CMD_STORE | RCT_CMD_WRITE,
	"STORE --key FILE --out FILE",
	"write participant and identity number for register linkage "
	"(linkage officer only; audited)",
	"  --key FILE   the linkage key (NAME.linkage.key), never kept by "
	"the service\n"
	"  --out FILE   the file to create (mode 600, never overwritten)\n"},
    {"linkage keygen", cmd_linkage_keygen, 0, "FILE",
	"make a linkage key pair: FILE (secret, mode 600) and FILE.pub", ""},
    {"user add", cmd_user_add, RCT_CMD_STORE | RCT_CMD_WRITE,
	"STORE NAME --role ROLE [--site CODE]...",
	"add a user of the web service; prints a one-time password once",
	"  --role ROLE   staff (of the sites given), researcher or monitor\n"
	"  --site CODE   a site of a staff user (repeat; at least one)\n"},
    {"user list", cmd_user_list, RCT_CMD_STORE, "STORE [--format F]",
	"list the users: role, sites, disabled, must change, locked",
	FORMAT_HELP},
    {"user disable", cmd_user_disable, RCT_CMD_STORE | RCT_CMD_WRITE,
	"STORE NAME --reason TEXT",
	"disable a user for good and end their sessions",
	"  --reason TEXT   why\n"},
    {"user reset", cmd_user_reset, RCT_CMD_STORE | RCT_CMD_WRITE, "STORE NAME",
	"a new one-time password for a user; clears a lockout", ""},
    {"user login", cmd_user_login, RCT_CMD_STORE | RCT_CMD_WRITE, "STORE NAME",
	"check a user's password (read from standard input) as the service "
	"does; failures are counted",
	""},
    {"user passwd", cmd_user_passwd, RCT_CMD_STORE | RCT_CMD_WRITE,
	"STORE NAME",
	"change a user's password: the old and the new on two lines of "
	"standard input",
	""},
    {NULL, NULL, 0, NULL, NULL, NULL},
};

static const struct rct_program program = {
    "trial",
    "Create a randomized trial from its protocol and keep its recruitment "
    "register.",
    commands,
    &rct_store_session,
};

int
main(int argc, char **argv)
{
	return rct_cli_main(&program, argc, argv);
}
