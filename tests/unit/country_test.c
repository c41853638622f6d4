/* country: the table, lookups by code and name, postal codes by country. */
#include <string.h>

#include "country.h"
#include "match.h"
#include "norm.h"
#include "tap.h"

static int
postal(struct crm_postal *p, const char *cc, const char *v, const char **got)
{
	static struct crm_buf out;
	const char *why;
	int rc;

	if (!out.buf)
		crm_buf_init(&out);
	crm_buf_reset(&out);
	rc = crm_postal_check(p, crm_country_find(cc, 2), v, strlen(v), &out,
	    &why);
	*got = out.buf;
	return rc;
}

int
main(void)
{
	struct crm_postal *p = crm_postal_new();
	struct crm_err err = CRM_ERR_INIT;
	const struct crm_country *c;
	const char *got;
	size_t i, bad = 0, sorted = 1;

	ok(crm_ncountries > 240, "%zu countries", crm_ncountries);
	for (i = 0; i < crm_ncountries; i++) {
		struct crm_regex *re;

		if (i && strcmp(crm_countries[i - 1].code, crm_countries[i].code) >= 0)
			sorted = 0;
		if (!crm_countries[i].postal)
			continue;
		re = crm_regex_new(crm_countries[i].postal, 0, &err);
		if (!re || (crm_countries[i].postal_example &&
		    crm_regex_match(re, crm_countries[i].postal_example,
		    strlen(crm_countries[i].postal_example), &err) != 1))
			bad++;
		crm_regex_free(re);
	}
	ok(sorted, "the table is sorted by code");
	ok(bad == 0, "every pattern compiles and takes its own example (%zu bad)", bad);
	for (i = 1; i < crm_ncountry_names; i++)
		if (strcmp(crm_country_names[i - 1].name, crm_country_names[i].name) >= 0)
			sorted = 0;
	ok(sorted, "the names are sorted");

	c = crm_country_find("us", 2);
	ok(c && !strcmp(c->code, "US") && c->date_order == 'm' &&
	    !strcmp(c->decimal, ".") && !strcmp(c->currency, "USD"),
	    "US: month first, decimal point, USD");
	c = crm_country_find("BR", 2);
	ok(c && c->date_order == 'd' && !strcmp(c->decimal, ",") &&
	    !strcmp(c->group, ".") && !strcmp(c->symbol, "R$"),
	    "BR: day first, 1.234,56, R$");
	c = crm_country_find("RU", 2);
	ok(c && c->date_order == 'd' && !strcmp(c->currency, "RUB"), "RU");
	ok(!crm_country_find("XX", 2) && !crm_country_find("USA", 3),
	    "no XX; USA is not a code");
	is(crm_country_lookup("USA", 3)->code, "US", "USA");
	is(crm_country_lookup(" united  kingdom ", 17)->code, "GB", "United Kingdom");
	is(crm_country_lookup("Германия", strlen("Германия"))->code, "DE", "Германия");
	is(crm_country_lookup("Brasil", 6)->code, "BR", "Brasil");
	is(crm_country_lookup("de", 2)->code, "DE", "de");
	ok(!crm_country_lookup("Atlantis", 8), "Atlantis is no country");

	ok(postal(p, "US", "02134", &got) == 0 && !strcmp(got, "02134"), "US ZIP");
	ok(postal(p, "US", "02134-1234", &got) == 0, "US ZIP+4");
	ok(postal(p, "US", "2134", &got) < 0, "a ZIP that lost its zero");
	ok(postal(p, "GB", "sw1a 1aa", &got) == 0 && !strcmp(got, "SW1A 1AA"),
	    "UK postcode, upper-cased");
	ok(postal(p, "CA", "K1A 0B1", &got) == 0, "Canada");
	ok(postal(p, "DE", "10115", &got) == 0, "Germany");
	ok(postal(p, "DE", "1011", &got) < 0, "Germany: 4 digits");
	ok(postal(p, "BR", "01310-100", &got) == 0 && postal(p, "BR", "01310100",
	    &got) == 0, "Brazilian CEP with and without its dash");
	ok(postal(p, "AE", "12345", &got) == 1 && !strcmp(got, "12345"),
	    "no postal codes in the UAE: as found");
	crm_postal_free(p);
	return done_testing();
}
