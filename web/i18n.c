/*
 * The catalogue of the web service's words (i18n.h), English and bokmål
 * side by side, in the order of their keys (strcmp), so that a page's
 * dozens of lookups are binary searches (test_web checks the order).
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

struct web_word {
	const char *key, *en, *nb;
};

static const struct web_word words[] = {
    {"allocate", "Allocate", "Trekk gruppe"},
    {"allocated", "allocated", "trukket"},
    {"arm", "Arm", "Gruppe"},
    {"bad_request", "The request was refused", "Forespørselen ble avvist"},
    {"change_password", "Change password", "Bytt passord"},
    {"confirm_password", "New password again", "Nytt passord igjen"},
    {"csrf_failed",
	"The form is out of date or came from elsewhere: open the page again",
	"Skjemaet er utløpt eller kom fra et annet sted: åpne siden på nytt"},
    {"date", "Date", "Dato"},
    {"disable", "Disable", "Deaktiver"},
    {"disabled", "The account is disabled", "Kontoen er deaktivert"},
    {"enrol", "Enrol", "Registrer"},
    {"enrol_allocate", "Enrol and allocate", "Registrer og trekk gruppe"},
    {"enrol_next", "Enrol the next participant", "Registrer neste deltaker"},
    {"enrol_title", "Enrol a participant", "Registrer en deltaker"},
    {"enrolled", "enrolled", "registrert"},
    {"entry", "Audit entry", "Loggoppføring"},
    {"entry_hash", "Entry hash", "Oppføringens hash"},
    {"errors", "Nothing was written:", "Ingenting ble lagret:"},
    {"exit", "Record exit", "Registrer avslutning"},
    {"exited", "exited", "avsluttet"},
    {"export", "Export", "Eksport"},
    {"export_blind",
	"Arms are shown as masked labels (A, B, ...) until unblinding.",
	"Gruppene vises som maskerte merker (A, B, ...) til avblinding."},
    {"export_open",
	"The trial is unblinded (the secret is revealed): arms are shown.",
	"Studien er avblindet (hemmeligheten er offentliggjort): gruppene "
	"vises."},
    {"forbidden", "Not allowed", "Ikke tillatt"},
    {"forbidden_text", "Your role may not do this; nothing was written.",
	"Rollen din har ikke lov til dette; ingenting ble lagret."},
    {"head", "Signed head", "Signert loggtopp"},
    {"head_text",
	"Publish or mail this head: verify --head then detects a log cut "
	"short after it.",
	"Publiser eller send denne toppen: verify --head oppdager da en logg "
	"som er kuttet etter den."},
    {"home", "Home", "Hjem"},
    {"id_number", "Identity number (fødselsnummer, D-nummer or DUF)",
	"Identitetsnummer (fødselsnummer, D-nummer eller DUF)"},
    {"id_number_note", "Typed once: it is never shown again.",
	"Skrives én gang: det vises aldri igjen."},
    {"last_enrolled", "Last enrolled", "Sist registrert"},
    {"locked", "Too many failed logins: the account is locked until",
	"For mange mislykkede innlogginger: kontoen er låst til"},
    {"log", "Audit log", "Revisjonslogg"},
    {"login", "Log in", "Logg inn"},
    {"login_failed", "Wrong user name or password",
	"Feil brukernavn eller passord"},
    {"logout", "Log out", "Logg ut"},
    {"monitor", "monitor", "monitor"},
    {"month", "Month (YYYY-MM)", "Måned (ÅÅÅÅ-MM)"},
    {"must_change",
	"Your password is a one-time password: choose your own before "
	"anything else.",
	"Passordet ditt er et engangspassord: velg ditt eget før noe annet."},
    {"nav", "Menu", "Meny"},
    {"new_password", "New password (at least 12 characters)",
	"Nytt passord (minst 12 tegn)"},
    {"not_found", "Not found", "Ikke funnet"},
    {"not_shown",
	"Allocated and stored, but not shown until the witnesses' quorum has "
	"cosigned: allocate again to ask them again.",
	"Trukket og lagret, men ikke vist før vitnenes quorum har "
	"kontrasignert: trykk på nytt for å spørre dem igjen."},
    {"old_password", "Current password", "Nåværende passord"},
    {"participant", "Participant", "Deltaker"},
    {"participant_open", "Open the participant's page",
	"Åpne deltakerens side"},
    {"participants", "Participants", "Deltakere"},
    {"password", "Password", "Passord"},
    {"password_mismatch", "The two new passwords differ",
	"De to nye passordene er ulike"},
    {"reason", "Reason", "Årsak"},
    {"receipt", "Receipt", "Kvittering"},
    {"receipt_download", "Download the receipt", "Last ned kvitteringen"},
    {"register_file", "Register file (CSV, UTF-8)", "Registerfil (CSV, UTF-8)"},
    {"researcher", "researcher", "forsker"},
    {"reset", "New one-time password", "Nytt engangspassord"},
    {"role", "Role", "Rolle"},
    {"screen", "Record screening", "Registrer screening"},
    {"screened", "Screened", "Vurdert"},
    {"screening", "Screening", "Screening"},
    {"signed_head", "Signed head", "Signert loggtopp"},
    {"site", "Site", "Sted"},
    {"sites", "Your sites", "Dine steder"},
    {"staff", "staff", "ansatt"},
    {"status", "Recruitment", "Rekruttering"},
    {"status_word", "Status", "Status"},
    {"too_large", "The request is too large", "Forespørselen er for stor"},
    {"unauthorized", "Log in first", "Logg inn først"},
    {"upload", "Upload register", "Last opp register"},
    {"upload_done", "Imported", "Importert"},
    {"user", "User name", "Brukernavn"},
    {"user_add", "Add user", "Legg til bruker"},
    {"users", "Users", "Brukere"},
    {"verify", "Verify", "Verifiser"},
    {"verify_failed", "Verification FAILED", "Verifiseringen FEILET"},
    {"verify_ok", "Verification passed", "Verifiseringen gikk gjennom"},
    {"withdraw", "Record withdrawal", "Registrer frafall"},
    {"withdrawn", "withdrawn", "trukket seg"},
};

int
web_lang_parse(const char *name, enum web_lang *out)
{
	if (strcmp(name, "en") == 0)
		*out = WEB_LANG_EN;
	else if (strcmp(name, "nb") == 0)
		*out = WEB_LANG_NB;
	else
		return -1;
	return 0;
}

static int
by_key(const void *key, const void *word)
{
	return strcmp(key, ((const struct web_word *)word)->key);
}

const char *
web_t(enum web_lang lang, const char *key)
{
	const struct web_word *w = bsearch(key, words,
	    sizeof(words) / sizeof(words[0]), sizeof(words[0]), by_key);

	if (w == NULL)
		return key;
	return lang == WEB_LANG_NB ? w->nb : w->en;
}

const char *
web_catalogue_unordered(void)
{
	size_t i;

	for (i = 1; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i - 1].key, words[i].key) >= 0)
			return words[i].key;
	return NULL;
}
