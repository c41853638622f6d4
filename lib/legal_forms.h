/*
 * legal_forms: the table of legal forms behind crm_norm_company and
 * crm_norm_legal_form (private to lib/norm_company.c and its tests).
 */
#ifndef CRM_LEGAL_FORMS_H
#define CRM_LEGAL_FORMS_H

#include <stddef.h>

/* Flags of one spelling. */
enum {
	CRM_LF_AMBIG = 1,	/* stripped only next to a quoted name: ПК «Лидер» */
	CRM_LF_SUFFIX = 2,	/* only after the name: Acme, Inc. */
	CRM_LF_PREFIX = 4,	/* only before the name: Глава КФХ Иванов */
	CRM_LF_CASE = 8,	/* in a name, as written or all upper case only */
	CRM_LF_LOOKUP = 16	/* recognised by crm_norm_legal_form, never stripped */
};

/* One way of writing a legal form, and its canonical abbreviation. */
struct crm_legal_spelling {
	const char *text;
	const char *abbr;
	unsigned flags;
	long first;	/* first code point, lower case, ё as е (a quick filter) */
};

extern const struct crm_legal_spelling crm_legal_spellings[];
extern const size_t crm_legal_nspellings;

#endif
