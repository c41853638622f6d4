/*
 * rules_sources: the lead-source list of the builtin rules from a store
 * (see rules_sources.h).  Moved out of crm-validate, which crm-report's
 * quality audit shares it with.
 */
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "rules_sources.h"
#include "sources.h"
#include "store.h"
#include "util.h"

/* Split a store's synonyms ("a|b", or a JSON array of plain strings) into sv. */
static void
split_synonyms(const char *s, size_t n, char ***sv, size_t *nsv)
{
	size_t i = 0, b;

	while (i < n) {
		while (i < n && strchr("[]\", |;", s[i]))
			i++;
		for (b = i; i < n && !strchr("\"|;", s[i]) &&
		    !(s[i] == ',' && i + 1 < n && s[i + 1] == '"'); i++)
			;
		if (i > b) {
			*sv = xreallocarray(*sv, *nsv + 1, sizeof **sv);
			(*sv)[(*nsv)++] = xstrndup(s + b, i - b);
		}
	}
}

void
crm_rules_store_sources(struct crm_rules *rules, struct crm_store *db,
    const char *country)
{
	const struct crm_source_list *def = NULL;
	struct crm_err err = CRM_ERR_INIT;
	struct crm_store_cursor *cur;
	struct crm_record *rec;
	char **val = NULL, **from = NULL, **to = NULL;
	size_t nval = 0, nsyn = 0, i, k;

	if (db && (cur = crm_store_select(db, "sources", NULL, "name,synonyms",
	    &err)) != NULL) {
		while (crm_store_cursor_next(cur, &rec, &err) > 0) {
			char **sv = NULL;
			size_t nsv = 0;

			if (rec->n < 1 || !rec->f[0].value || !rec->f[0].len)
				continue;
			val = xreallocarray(val, nval + 1, sizeof *val);
			val[nval++] = xstrdup(rec->f[0].value);
			if (rec->n > 1 && rec->f[1].value)
				split_synonyms(rec->f[1].value, rec->f[1].len, &sv,
				    &nsv);
			for (k = 0; k < nsv; k++) {
				from = xreallocarray(from, nsyn + 1, sizeof *from);
				to = xreallocarray(to, nsyn + 1, sizeof *to);
				from[nsyn] = sv[k];
				to[nsyn++] = xstrdup(rec->f[0].value);
			}
			free(sv);
		}
		crm_store_cursor_free(cur);
	}
	if (!nval) {
		struct crm_buf lang = CRM_BUF_INIT;

		/* An empty list: the default of the store's language, else
		 * of the records'. */
		if (db && crm_store_setting(db, "language", &lang, &err) > 0)
			def = crm_sources_default(lang.buf);
		else
			def = crm_sources_default(crm_sources_lang(country));
		crm_buf_release(&lang);
		for (i = 0; def->values[i]; i++) {
			val = xreallocarray(val, nval + 1, sizeof *val);
			val[nval++] = xstrdup(def->values[i]);
		}
		for (i = 0; def->synonyms[i].synonym; i++) {
			from = xreallocarray(from, nsyn + 1, sizeof *from);
			to = xreallocarray(to, nsyn + 1, sizeof *to);
			from[nsyn] = xstrdup(def->synonyms[i].synonym);
			to[nsyn++] = xstrdup(def->synonyms[i].value);
		}
	}
	crm_rules_set_list(rules, "lead_source", (const char *const *)val, nval,
	    (const char *const *)from, (const char *const *)to, nsyn);
	for (i = 0; i < nval; i++)
		free(val[i]);
	for (i = 0; i < nsyn; i++) {
		free(from[i]);
		free(to[i]);
	}
	free(val);
	free(from);
	free(to);
}
