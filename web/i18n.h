/*
 * The web service's words in bokmål and English: one catalogue
 * (i18n.c), looked up by key.  Messages of the library (a bad value, an
 * ineligible participant) stay as the command line gives them, so that
 * staff and the researcher read the same text; the protocol's labels
 * are shown as the protocol writes them.
 */
#ifndef RCT_WEB_I18N_H
#define RCT_WEB_I18N_H

enum web_lang {
	WEB_LANG_EN,
	WEB_LANG_NB,
};

/* 0 and *out set for "en" or "nb", else -1. */
int web_lang_parse(const char *name, enum web_lang *out);

/* The text of key in lang; the key itself when the catalogue lacks it. */
const char *web_t(enum web_lang lang, const char *key);

/* The first key out of order in the catalogue, or NULL (for its test). */
const char *web_catalogue_unordered(void);

#endif
