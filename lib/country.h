/*
 * country: what the toolkit knows of each country (ISO 3166 alpha-2): the
 * order it writes day, month and year in, its decimal and group
 * separators, its currency, and the pattern of its postal codes.  The
 * table is generated (tools/gen-country.py, make country-data) from Google's
 * address metadata and Unicode CLDR; see lib/country_data.c for sources
 * and licences.
 *
 * The country of a record (crm(7)): its own `country` field, else the
 * run's --country, else the store's setting, else RU.
 */
#ifndef CRM_COUNTRY_H
#define CRM_COUNTRY_H

#include <stddef.h>

#include "util.h"

#define CRM_COUNTRY_DEFAULT "RU"

struct crm_country {
	char code[3];		/* "US" */
	char date_order;	/* 'd' day first, 'm' month first, 'y' year first, 0 unknown */
	const char *decimal;	/* "." or ","; NULL unknown */
	const char *group;	/* ",", ".", NBSP, "’" ...; NULL unknown */
	const char *currency;	/* ISO 4217 "USD", or NULL */
	const char *symbol;	/* its local symbol "$", or NULL */
	const char *postal;	/* PCRE2 pattern of a whole postal code, NULL: none */
	const char *postal_example;
};

struct crm_country_name {
	const char *name;	/* as crm_norm_label leaves it */
	const char *code;
};

extern const struct crm_country crm_countries[];	/* by code */
extern const size_t crm_ncountries;
extern const struct crm_country_name crm_country_names[];	/* by name */
extern const size_t crm_ncountry_names;

/* By code, any case ("us", "US"), or NULL. */
const struct crm_country *crm_country_find(const char *code, size_t n);
/*
 * By what a record's country field says: a code, or a name in English,
 * Russian, German, Portuguese, Spanish, French or Italian ("Brasil",
 * "Германия", "USA"), any case; NULL when it names no known country.
 */
const struct crm_country *crm_country_lookup(const char *s, size_t n);

/*
 * The decimal mark ('.' or ',') of a country that groups thousands with
 * the other one (the USA, the UK, Brazil, Germany), else 0 (Russia groups
 * with a space: its amounts keep crm_norm_amount's reading).
 */
int crm_country_decimal(const struct crm_country *c);

/* Postal codes, checked by the patterns of each country. */
struct crm_postal;
struct crm_postal *crm_postal_new(void);
void crm_postal_free(struct crm_postal *p);
/*
 * Normalise postal code s of country c into out: trimmed, upper case, one
 * space; "01234" kept with its zeros.  0 when it has the country's form,
 * -1 with *why when not; 1 when the country has no postal codes or no
 * pattern (out gets the text as found).
 */
int crm_postal_check(struct crm_postal *p, const struct crm_country *c,
    const char *s, size_t n, struct crm_buf *out, const char **why);

#endif
