#include <stdlib.h>
#include <string.h>

#include "country.h"
#include "match.h"
#include "norm.h"
#include "util.h"

static int
upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

const struct crm_country *
crm_country_find(const char *code, size_t n)
{
	size_t lo = 0, hi = crm_ncountries;
	char k[3];

	if (n != 2)
		return NULL;
	k[0] = (char)upper((unsigned char)code[0]);
	k[1] = (char)upper((unsigned char)code[1]);
	k[2] = '\0';
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(k, crm_countries[mid].code);

		if (c == 0)
			return &crm_countries[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct crm_country *
crm_country_lookup(const char *s, size_t n)
{
	struct crm_buf key = CRM_BUF_INIT;
	const struct crm_country *c = NULL;
	size_t lo = 0, hi = crm_ncountry_names;

	crm_norm_label(s, n, &key);
	if (key.len == 2)
		c = crm_country_find(key.buf, 2);
	while (!c && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(key.buf, crm_country_names[mid].name);

		if (r == 0)
			c = crm_country_find(crm_country_names[mid].code, 2);
		else if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	crm_buf_release(&key);
	return c;
}

struct crm_postal {
	struct crm_regex **re;	/* by country index, compiled when first needed */
	struct crm_buf tmp;
};

struct crm_postal *
crm_postal_new(void)
{
	struct crm_postal *p = xcalloc(1, sizeof *p);

	p->re = xcalloc(crm_ncountries, sizeof *p->re);
	crm_buf_init(&p->tmp);
	return p;
}

void
crm_postal_free(struct crm_postal *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < crm_ncountries; i++)
		crm_regex_free(p->re[i]);
	free(p->re);
	crm_buf_release(&p->tmp);
	free(p);
}

int
crm_postal_check(struct crm_postal *p, const struct crm_country *c,
    const char *s, size_t n, struct crm_buf *out, const char **why)
{
	size_t i, ci = (size_t)(c - crm_countries);
	const char *w;

	if (why)
		*why = NULL;
	crm_buf_reset(&p->tmp);
	crm_norm_text(s, n, &p->tmp, &w);
	if (!c->postal) {
		crm_buf_add(out, p->tmp.buf, p->tmp.len);
		return 1;
	}
	for (i = 0; i < p->tmp.len; i++)
		p->tmp.buf[i] = (char)upper((unsigned char)p->tmp.buf[i]);
	if (!p->re[ci]) {
		struct crm_err err = CRM_ERR_INIT;

		p->re[ci] = crm_regex_new(c->postal, 0, &err);
		if (!p->re[ci]) {	/* the generated table is checked by a test */
			crm_buf_add(out, p->tmp.buf, p->tmp.len);
			return 1;
		}
	}
	/* Google's patterns are simple: PCRE2 decides them well within its limits. */
	if (crm_regex_match(p->re[ci], p->tmp.buf, p->tmp.len, NULL) != 1) {
		if (why)
			*why = "not a postal code of the country";
		return -1;
	}
	crm_buf_add(out, p->tmp.buf, p->tmp.len);
	return 0;
}

int
crm_country_decimal(const struct crm_country *cc)
{
	if (!cc || !cc->decimal || !cc->group)
		return 0;
	if (!strcmp(cc->decimal, ".") && !strcmp(cc->group, ","))
		return '.';
	if (!strcmp(cc->decimal, ",") && !strcmp(cc->group, "."))
		return ',';
	return 0;
}
