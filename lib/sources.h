/*
 * sources: the default lists of lead sources, one per language, each value
 * with synonyms of its own language only (a fix maps a value onto its own
 * list and never translates).  A store keeps its list in its `sources`
 * table (crm-import sources FILE edits it), seeded on a new store from the
 * default of the store's language; crm-validate checks against the store's
 * list when it has one, else the default of the records' language
 * (Russian for Russia, Belarus and Kazakhstan, English elsewhere).
 */
#ifndef CRM_SOURCES_H
#define CRM_SOURCES_H

#include <stddef.h>

struct crm_source_syn {
	const char *synonym;	/* as written */
	const char *value;	/* the list's value it means */
};

struct crm_source_list {
	const char *lang;		/* "ru", "en" */
	const char *const *values;	/* NULL-terminated */
	const struct crm_source_syn *synonyms;	/* ends with { NULL, NULL } */
};

/* The default list of language lang ("ru", "en"; NULL or another: "en"). */
const struct crm_source_list *crm_sources_default(const char *lang);
/* The language of a country's records: "ru" for RU, BY, KZ (and NULL), else "en". */
const char *crm_sources_lang(const char *country);

struct crm_buf;
/* The synonyms of value in list l appended to out, '|'-separated (the
 * form of the sources table and of crm-import sources FILE). */
void crm_sources_synonyms(const struct crm_source_list *l, const char *value,
    struct crm_buf *out);

#endif
