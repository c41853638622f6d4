/*
 * entity: what the toolkit knows about each entity: its canonical fields
 * (design §6), their types, which are required, and the default upsert keys.
 * No SQL here and no I/O: the store, the mapper (which also holds the
 * header synonyms), export, validate and dedupe all read these tables.
 */
#ifndef CRM_ENTITY_H
#define CRM_ENTITY_H

#include <stddef.h>

enum crm_ftype {
	CRM_T_TEXT,		/* free text: crm_norm_text */
	CRM_T_NAME,		/* person name part: crm_norm_name */
	CRM_T_COMPANY,		/* company name: legal form split off */
	CRM_T_LEGAL_FORM,
	CRM_T_PHONE,
	CRM_T_EMAIL,
	CRM_T_DATE,		/* date or date-time */
	CRM_T_AMOUNT,
	CRM_T_INT,
	CRM_T_NUMBER,		/* a decimal such as a probability */
	CRM_T_INN,
	CRM_T_KPP,
	CRM_T_OGRN,		/* OGRN or OGRNIP */
	CRM_T_POSTAL,
	CRM_T_STATUS,		/* deals: open|won|lost */
	CRM_T_KIND,		/* stages: open|won|lost */
	CRM_T_REF,		/* a reference to another record, kept as found (trimmed) */
	CRM_T_URL,
	CRM_T_COUNTRY,		/* ISO 3166 alpha-2 when known, else as found */
	CRM_T_CURRENCY		/* ISO 4217 when known, else as found */
};

struct crm_fielddef {
	const char *name;	/* canonical name */
	int type;		/* enum crm_ftype */
	int required;		/* a record without it is rejected */
};

struct crm_entity {
	const char *name;	/* "contacts" */
	const char *table;	/* SQLite table */
	const struct crm_fielddef *fields;
	size_t nfields;
	/*
	 * Default upsert keys, tried in order, NULL-terminated.  A key may be
	 * composite: field names joined by '+' ("customer+order_date+amount")
	 * match a row only when every part is equal; a record has the key when
	 * it has every part.
	 */
	const char *const *keys;
	int has_extra;		/* table has an extra JSON column */
};

/* The entities, in the order of design §6. */
extern const struct crm_entity crm_entities[];
extern const size_t crm_nentities;

/* By name ("contacts") or NULL. */
const struct crm_entity *crm_entity_find(const char *name);
/* Index of field name in e, or -1. */
long crm_entity_field(const struct crm_entity *e, const char *name);

#endif
