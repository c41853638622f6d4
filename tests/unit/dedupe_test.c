/* Unit tests for lib/dedupe: roles, hard rules, clusters, explain, pins. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dedupe.h"
#include "tap.h"

struct person {
	const char *first, *last, *email, *phone, *dob;
};

static void
add(struct crm_dedupe *d, const struct person *p)
{
	const char *v[CRM_DD_NROLES] = { 0 };
	size_t l[CRM_DD_NROLES] = { 0 };
	int r;

	v[CRM_DD_FIRST] = p->first;
	v[CRM_DD_LAST] = p->last;
	v[CRM_DD_EMAIL] = p->email;
	v[CRM_DD_PHONE] = p->phone;
	v[CRM_DD_DOB] = p->dob;
	for (r = 0; r < CRM_DD_NROLES; r++)
		l[r] = v[r] ? strlen(v[r]) : 0;
	crm_dedupe_add(d, v, l, 1);
}

static void
add_company(struct crm_dedupe *d, const char *name, const char *inn,
    const char *kpp)
{
	const char *v[CRM_DD_NROLES] = { 0 };
	size_t l[CRM_DD_NROLES] = { 0 };
	int r;

	v[CRM_DD_COMPANY] = name;
	v[CRM_DD_INN] = inn;
	v[CRM_DD_KPP] = kpp;
	for (r = 0; r < CRM_DD_NROLES; r++)
		l[r] = v[r] ? strlen(v[r]) : 0;
	crm_dedupe_add(d, v, l, 1);
}

/* A person with a city (the phonetic passes' records). */
static void
add_city(struct crm_dedupe *d, const char *first, const char *last,
    const char *dob, const char *city)
{
	const char *v[CRM_DD_NROLES] = { 0 };
	size_t l[CRM_DD_NROLES] = { 0 };
	int r;

	v[CRM_DD_FIRST] = first;
	v[CRM_DD_LAST] = last;
	v[CRM_DD_DOB] = dob;
	v[CRM_DD_CITY] = city;
	for (r = 0; r < CRM_DD_NROLES; r++)
		l[r] = v[r] ? strlen(v[r]) : 0;
	crm_dedupe_add(d, v, l, 1);
}

/* Whether (a, b) was compared: with the review bound near 0, every
 * compared pair that is not quite impossible is listed. */
static int
compared(const struct crm_dedupe *d, uint32_t a, uint32_t b)
{
	const struct crm_dedupe_pair *p;
	size_t n, i;

	p = crm_dedupe_pairs(d, &n);
	for (i = 0; i < n; i++)
		if (p[i].a == a && p[i].b == b)
			return 1;
	return 0;
}

static const struct person people[] = {
	{ "Александр", "Иванов", "a.ivanov@gmail.com", "8 912 345-67-89", "1980-05-01" },
	{ "Sasha", "Ivanov", "aivanov+x@gmail.com", "+79123456789", "" },
	{ "Александра", "Иванова", "alex.iv@yandex.ru", "8 912 345-67-80", "" },
	{ "Дмитрий", "Петров", "petrov@mail.ru", "+7 903 111-22-33", "1975-01-02" },
	{ "Dmitry", "Petrov", "PETROV@mail.ru", "89031112233", "02.01.1975" },
	{ "Олег", "Сидоров", "oleg@sidorov.ru", "+7 905 000-00-01", "" },
	{ "Robert", "Smith", "bob@smith.com", "+1 212 555 0100", "" },
	{ "Bob", "Smith", "bob@smith.com", "", "" },
};

static struct crm_dedupe *
run_people(const struct crm_dedupe_opts *o, int notdup)
{
	struct crm_dedupe *d = crm_dedupe_new(o);
	size_t i;

	for (i = 0; i < sizeof people / sizeof people[0]; i++)
		add(d, &people[i]);
	if (notdup)
		crm_dedupe_cannot(d, 6, 7);
	crm_dedupe_run(d, NULL);
	return d;
}

int
main(void)
{
	struct crm_dedupe_opts o = CRM_DEDUPE_OPTS_INIT;
	struct crm_dedupe *d, *d2;
	struct crm_dedupe_cmp c[CRM_DD_NROLES];
	struct crm_dedupe_stats st;
	const struct crm_dedupe_pair *p, *p2;
	const char *rule;
	double prior;
	size_t n, n2, i, k;
	int same;

	ok(crm_dedupe_role(" given_name", 0) == CRM_DD_FIRST, "role given_name");
	ok(crm_dedupe_role("Surname", 0) == CRM_DD_LAST, "role Surname");
	ok(crm_dedupe_role("soc_sec_id", 0) == CRM_DD_SSN, "role soc_sec_id");
	ok(crm_dedupe_role("name", 1) == CRM_DD_COMPANY, "companies: name");
	ok(crm_dedupe_role("name", 0) == CRM_DD_FIO, "contacts: name");
	ok(crm_dedupe_role("whatever", 0) == CRM_DD_NONE, "unknown header");
	ok(crm_dedupe_role_parse("email") == CRM_DD_EMAIL, "role by name");
	ok(crm_dedupe_role_parse("nope") == -1, "no such role");

	d = run_people(&o, 0);
	ok(crm_dedupe_cluster(d, 1) == 0, "Sasha Ivanov joins Александр Иванов");
	ok(crm_dedupe_cluster(d, 2) == 2, "Александра Иванова (spouse) stays alone");
	ok(crm_dedupe_cluster(d, 4) == 3, "Dmitry Petrov joins Дмитрий Петров");
	ok(crm_dedupe_cluster(d, 5) == 5, "Олег Сидоров alone");
	ok(crm_dedupe_cluster(d, 7) == 6, "Bob Smith joins Robert Smith");
	ok(crm_dedupe_cluster_size(d, 0) == 2, "cluster size 2");
	ok(crm_dedupe_score(d, 5) < 0, "no score when alone");
	ok(crm_dedupe_score(d, 0) >= 0.9, "auto score");
	n = crm_dedupe_explain(d, 0, 1, c, CRM_DD_NROLES, &prior, &rule);
	for (i = 0, k = 0; i < n; i++)
		if (c[i].role == CRM_DD_EMAIL && !strcmp(c[i].level, "alias"))
			k = 1;
	ok(k, "explain: the emails are gmail aliases");
	ok(rule == NULL, "no hard rule for 0,1");
	crm_dedupe_explain(d, 0, 2, c, CRM_DD_NROLES, &prior, &rule);
	ok(rule && strstr(rule, "gender"), "spouses: the gender rule");
	crm_dedupe_get_stats(d, &st);
	ok(st.records == 8 && st.clusters == 3, "stats: 3 clusters of 8 records");

	/* Deterministic. */
	d2 = run_people(&o, 0);
	p = crm_dedupe_pairs(d, &n);
	p2 = crm_dedupe_pairs(d2, &n2);
	same = n == n2;
	for (i = 0; same && i < n; i++)
		same = p[i].a == p2[i].a && p[i].b == p2[i].b && p[i].p == p2[i].p;
	ok(same, "the same pairs and scores twice");
	crm_dedupe_free(d2);
	crm_dedupe_free(d);

	/* A remembered not-duplicate never matches. */
	d = run_people(&o, 1);
	ok(crm_dedupe_cluster(d, 7) == 7, "not-duplicates: Bob Smith stays alone");
	crm_dedupe_free(d);

	/* Pins. */
	d = crm_dedupe_new(&o);
	ok(crm_dedupe_pin(d, CRM_DD_EMAIL, "exact", 0.9, 0.001) == 0, "pin email exact");
	ok(crm_dedupe_pin(d, CRM_DD_EMAIL, "bogus", 0.9, 0.001) < 0, "bad level");
	ok(crm_dedupe_pin(d, CRM_DD_EMAIL, "exact", 0, 0.001) < 0, "bad m");
	crm_dedupe_free(d);

	/* Companies: ИНН decides. */
	d = crm_dedupe_new(&o);
	add_company(d, "ООО «Ромашка»", "7707083893", "");	/* valid */
	add_company(d, "Ромашка LLC", "7707083893", "");
	add_company(d, "ООО Ромашка", "7736207543", "");	/* another valid INN */
	add_company(d, "Ромашка", "7707083893", "770701001");
	add_company(d, "Ромашка", "7707083893", "770702002");
	crm_dedupe_run(d, NULL);
	ok(crm_dedupe_cluster(d, 1) == 0, "same valid INN: one company");
	ok(crm_dedupe_cluster(d, 2) == 2, "different valid INN: never");
	crm_dedupe_explain(d, 3, 4, c, CRM_DD_NROLES, &prior, &rule);
	ok(rule && strstr(rule, "KPP"), "same INN, other KPP: a branch");
	crm_dedupe_free(d);

	/*
	 * Blocking where records agree on little.  Neighbours by name keep
	 * each pair out of the sorted neighbourhood's window, so only the
	 * phonetic passes bring them together: a wrong decade (2008, 2018)
	 * beside one surname's Soundex; a transliterated surname (Петров,
	 * Petrof) with day and month swapped; first and last name swapped
	 * with a typo in each, under the names' Soundex.
	 */
	o.t_review = 1e-12;
	d = crm_dedupe_new(&o);
	add_city(d, "Eleanor", "Evans", "2008-08-27", "Bristol");	/* 0 */
	add_city(d, "", "Evans", "2018-08-27", "Bristol");		/* 1 */
	add_city(d, "Иван", "Петров", "1980-05-03", "Тверь");		/* 2 */
	add_city(d, "", "Petrof", "1980-03-05", "Tver");		/* 3 */
	add_city(d, "Bailey", "Freddie", "1985-01-05", "Leeds");	/* 4 */
	add_city(d, "Freddie", "Baiyel", "1995-11-15", "Leeds");	/* 5 */
	add_city(d, "Lola", "King", "1977-04-01", "Southend");		/* 6 */
	add_city(d, "Lola", "King", "1977-04-20", "");			/* 7 */
	for (i = 0; i < 30; i++) {
		char first[8], last[16], dob[16], city[16];

		first[0] = 'a', first[1] = (char)('a' + i % 26), first[2] = 0;
		snprintf(last, sizeof last, "%s", i < 6 ? "Evans" : i < 12 ?
		    "Petrom" : i < 18 ? "Baker" : i < 24 ? "Fredi" : "Bails");
		snprintf(dob, sizeof dob, "19%02zu-0%zu-1%zu", 20 + i, 1 + i % 9,
		    i % 10);
		snprintf(city, sizeof city, "c%zu", i);
		add_city(d, first, last, dob, city);
	}
	crm_dedupe_run(d, NULL);
	ok(compared(d, 0, 1), "blocking: a wrong decade under one Soundex");
	ok(compared(d, 2, 3), "blocking: Петров/Petrof, day and month swapped");
	ok(compared(d, 4, 5), "blocking: names swapped, a typo in each");
	n = crm_dedupe_explain(d, 4, 5, c, CRM_DD_NROLES, &prior, &rule);
	for (k = 0, i = 0; i < n; i++)
		k += c[i].role == CRM_DD_LAST && !strcmp(c[i].level, "exact");
	ok(k == 1, "compare: swapped names, one with a typo, meet as swapped");
	n = crm_dedupe_explain(d, 2, 3, c, CRM_DD_NROLES, &prior, &rule);
	for (k = 0, i = 0; i < n; i++)
		k += c[i].role == CRM_DD_DOB && !strcmp(c[i].level, "typo");
	ok(k == 1, "compare: day and month swapped is a typo");
	n = crm_dedupe_explain(d, 6, 7, c, CRM_DD_NROLES, &prior, &rule);
	for (k = 0, i = 0; i < n; i++)
		k += c[i].role == CRM_DD_DOB && !strcmp(c[i].level, "<=31d");
	ok(k == 1, "compare: dates 19 days apart");
	n = crm_dedupe_explain(d, 2, 6, c, CRM_DD_NROLES, &prior, &rule);
	for (k = 0, i = 0; i < n; i++)
		k += c[i].role == CRM_DD_DOB && !strcmp(c[i].level, "<=10y");
	ok(k == 1, "compare: dates three years apart (within ten)");
	crm_dedupe_free(d);
	o.t_review = 0.5;

	/* Empty input. */
	d = crm_dedupe_new(NULL);
	ok(crm_dedupe_run(d, NULL) == 0 && crm_dedupe_count(d) == 0, "no records");
	crm_dedupe_free(d);
	return done_testing();
}
