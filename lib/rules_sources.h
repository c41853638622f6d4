/*
 * rules_sources: the lead sources the builtin rules check against: the
 * store's list when it has one (seeded by its first import, edited by
 * crm-import sources FILE), else the default of the store's language,
 * else of the records' language (country: the records' country code, may
 * be NULL); synonyms map within the list, never from one language to
 * another.  db may be NULL (no store).
 */
#ifndef CRM_RULES_SOURCES_H
#define CRM_RULES_SOURCES_H

struct crm_rules;
struct crm_store;

void crm_rules_store_sources(struct crm_rules *rules, struct crm_store *db,
    const char *country);

#endif
