/* Unit tests for lib/simil: comparators, skeleton, names, keys, cosine. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "simil.h"
#include "tap.h"

static char buf[256];

static const char *
skel(const char *s)
{
	struct crm_buf b = CRM_BUF_INIT;

	crm_simil_skeleton(s, strlen(s), &b);
	snprintf(buf, sizeof buf, "%s", b.buf);
	crm_buf_release(&b);
	return buf;
}

static const char *
email(const char *s)
{
	struct crm_buf b = CRM_BUF_INIT;

	if (crm_simil_email_key(s, strlen(s), &b) < 0)
		snprintf(buf, sizeof buf, "(none)");
	else
		snprintf(buf, sizeof buf, "%s", b.buf);
	crm_buf_release(&b);
	return buf;
}

static const char *
phone(const char *s)
{
	struct crm_buf b = CRM_BUF_INIT;

	if (crm_simil_phone_key(s, strlen(s), &b) < 0)
		snprintf(buf, sizeof buf, "(none)");
	else
		snprintf(buf, sizeof buf, "%s", b.buf);
	crm_buf_release(&b);
	return buf;
}

/* Soundex of a raw string's skeleton when skel, else of the string as is. */
static const char *
sdx(const char *s, int skelfirst)
{
	struct crm_buf b = CRM_BUF_INIT, k = CRM_BUF_INIT;

	if (skelfirst)
		crm_simil_skeleton(s, strlen(s), &k);
	else
		crm_buf_adds(&k, s);
	if (crm_simil_soundex(k.buf, k.len, &b) == 0)
		snprintf(buf, sizeof buf, "(none)");
	else
		snprintf(buf, sizeof buf, "%s", b.buf);
	crm_buf_release(&b);
	crm_buf_release(&k);
	return buf;
}

/* Whether two raw names have one Soundex over their skeletons. */
static int
same_sdx(const char *a, const char *b)
{
	char x[16];

	snprintf(x, sizeof x, "%s", sdx(a, 1));
	return !strcmp(x, sdx(b, 1)) && strcmp(x, "(none)");
}

static const char *
stem(const char *s, int *g)
{
	struct crm_buf b = CRM_BUF_INIT;

	*g = crm_simil_surname_stem(s, strlen(s), &b);
	snprintf(buf, sizeof buf, "%s", b.buf);
	crm_buf_release(&b);
	return buf;
}

#define NEAR(a, b) (fabs((a) - (b)) < 0.001)

int
main(void)
{
	struct crm_simil_names *t;
	const char *c;
	int g;
	uint32_t a[] = { 1, 2, 3 }, b[] = { 2, 3, 4 };
	float idf[] = { 1, 1, 1, 1, 1 };

	/* Jaro-Winkler: the textbook values. */
	ok(NEAR(crm_simil_jw("martha", 6, "marhta", 6), 0.961), "jw martha/marhta");
	ok(NEAR(crm_simil_jw("dwayne", 6, "duane", 5), 0.840), "jw dwayne/duane");
	ok(NEAR(crm_simil_jw("dixon", 5, "dicksonx", 8), 0.813), "jw dixon/dicksonx");
	ok(crm_simil_jw("", 0, "", 0) == 1.0, "jw of two empty strings");
	ok(crm_simil_jw("abc", 3, "", 0) == 0.0, "jw against empty");
	ok(crm_simil_jw("Иван", 8, "Иван", 8) == 1.0, "jw over code points");
	/* Soundex: the National Archives' examples, then over skeletons. */
	ok(!strcmp(sdx("robert", 0), "r163"), "soundex robert");
	ok(!strcmp(sdx("rupert", 0), "r163"), "soundex rupert");
	ok(!strcmp(sdx("rubin", 0), "r150"), "soundex rubin");
	ok(!strcmp(sdx("ashcraft", 0), "a261"), "soundex ashcraft (h parts nothing)");
	ok(!strcmp(sdx("ashcroft", 0), "a261"), "soundex ashcroft");
	ok(!strcmp(sdx("tymczak", 0), "t522"), "soundex tymczak (vowel parts)");
	ok(!strcmp(sdx("pfister", 0), "p236"), "soundex pfister (first letter's code)");
	ok(!strcmp(sdx("honeyman", 0), "h555"), "soundex honeyman");
	ok(!strcmp(sdx("lee", 0), "l000"), "soundex zero padding");
	ok(!strcmp(sdx("smith jr", 0), "s530"), "soundex of the first word");
	ok(!strcmp(sdx("", 0), "(none)"), "soundex of nothing");
	ok(!strcmp(sdx("1abc", 0), "(none)"), "soundex needs a letter first");
	ok(same_sdx("Иванов", "Ivanov"), "soundex Иванов = Ivanov");
	ok(!strcmp(sdx("Иванов", 1), "i151"), "soundex Иванов");
	ok(same_sdx("Щербаков", "Shcherbakov"), "soundex Щербаков = Shcherbakov");
	ok(same_sdx("Иванова", "Ivanov"), "soundex Иванова = Ivanov");
	ok(same_sdx("Smith", "Smyth"), "soundex Smith = Smyth");
	ok(same_sdx("Holmes", "Holms"), "soundex Holmes = Holms");
	ok(!same_sdx("Holmes", "Hsmel"), "soundex Holmes != Hsmel");
	ok(!same_sdx("", ""), "soundex: no code, no match");
	/* The Jaro-Winkler bound is never below the value. */
	{
		static const char *const w[] = { "martha", "marhta", "dwayne",
		    "duane", "dixon", "dicksonx", "ivanov", "ivanova", "petrov",
		    "aaaa", "a", "", "kelil", "keil", "smith", "smyth", "zzz",
		    "aleksandr", "aleksandra", "sasha", "1a2b", "b2a1", "oo" };
		size_t x, y, nw = sizeof w / sizeof w[0], bad = 0;
		unsigned long seed = 7;
		char ra[12], rb[12];

		for (x = 0; x < nw; x++)
			for (y = 0; y < nw; y++)
				bad += crm_simil_jw_bound(w[x], strlen(w[x]), w[y],
				    strlen(w[y])) + 1e-12 < crm_simil_jw(w[x],
				    strlen(w[x]), w[y], strlen(w[y]));
		for (x = 0; x < 20000; x++) {	/* random strings over "abcde " */
			size_t la, lb, i;

			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			la = 1 + (seed >> 33) % 11;
			lb = 1 + (seed >> 45) % 11;
			for (i = 0; i < la; i++) {
				seed = seed * 6364136223846793005UL + 1;
				ra[i] = "abcde "[(seed >> 40) % 6];
			}
			for (i = 0; i < lb; i++) {
				seed = seed * 6364136223846793005UL + 1;
				rb[i] = "abcde "[(seed >> 40) % 6];
			}
			bad += crm_simil_jw_bound(ra, la, rb, lb) + 1e-12 <
			    crm_simil_jw(ra, la, rb, lb);
		}
		ok(bad == 0, "jw bound >= jw (word pairs, 20000 random pairs)");
		ok(crm_simil_jw_bound("abc", 3, "xyz", 3) == 0, "jw bound: nothing shared");
		ok(crm_simil_jw_bound("Иван", 8, "abc", 3) == 1, "jw bound: 1 off ASCII");
	}
	/* OSA: transpositions count one. */
	ok(crm_simil_osa("ca", 2, "ac", 2) == 1, "osa transposition");
	ok(crm_simil_osa("kitten", 6, "sitting", 7) == 3, "osa kitten/sitting");
	ok(crm_simil_osa("Иванов", 12, "Ивонов", 12) == 1, "osa in code points");
	ok(crm_simil_osa("", 0, "abc", 3) == 3, "osa against empty");
	ok(crm_simil_osa_le1("19800501", 8, "19800510", 8), "le1: transposition");
	ok(crm_simil_osa_le1("abc", 3, "abd", 3), "le1: substitution");
	ok(crm_simil_osa_le1("abc", 3, "abxc", 4), "le1: insertion");
	ok(crm_simil_osa_le1("abc", 3, "abc", 3), "le1: equal");
	ok(!crm_simil_osa_le1("abc", 3, "bca", 3), "le1: two edits");
	ok(!crm_simil_osa_le1("abc", 3, "a", 1), "le1: two deletions");

	/* Skeleton: transliteration regimes fold together. */
	is(skel("Дмитрий"), "dmitri", "Дмитрий");
	is(skel("Dmitriy"), "dmitri", "Dmitriy");
	is(skel("Dmitry"), "dmitri", "Dmitry");
	is(skel("Dmitrii"), "dmitri", "Dmitrii");
	is(skel("Юлия"), skel("Yulia"), "Юлия = Yulia");
	is(skel("Yuliya"), skel("Julia"), "Yuliya = Julia");
	is(skel("Александр"), skel("Aleksandr"), "Александр = Aleksandr");
	is(skel("Alexandr"), skel("Aleksandr"), "x = ks");
	is(skel("Цветков"), skel("Tsvetkov"), "Ц = ts");
	is(skel("Tcvetkov"), skel("Tsvetkov"), "tc = ts (GOST 2010)");
	is(skel("Хабибуллин"), skel("Khabibulin"), "х = kh, double letters");
	is(skel("Щукин"), skel("Shchukin"), "щ = shch");
	is(skel("Фёдор"), skel("Fyodor"), "ё = yo = e");
	is(skel("Татьяна"), skel("Tatiana"), "ь dropped, я = ia");
	is(skel("Tatyana"), skel("Tatiana"), "ya = ia");
	is(skel("Ивaнов"), "ivanov", "Latin a inside a Cyrillic word");
	is(skel("  O'Brien-Smith "), "obrien smith", "apostrophe dropped, hyphen splits");
	is(skel("José"), "jose", "Latin-1 diacritics");
	is(skel("Yelena"), skel("Елена"), "Yelena = Елена");
	is(skel("Semjon"), skel("Семён"), "Semjon = Семён");
	is(skel("John"), "john", "John stays");
	is(skel(""), "", "empty");

	/* Surnames and patronymics. */
	is(stem("ivanova", &g), "ivanov", "ivanova stem");
	ok(g == CRM_GENDER_F, "ivanova is female");
	is(stem("ivanov", &g), "ivanov", "ivanov stem");
	ok(g == CRM_GENDER_M, "ivanov is male");
	is(stem(skel("Петровская"), &g), "petrovski", "-ская stem");
	ok(g == CRM_GENDER_F, "-ская is female");
	is(stem(skel("Петровский"), &g), "petrovski", "-ский stem");
	ok(g == CRM_GENDER_M, "-ский is male");
	is(stem("smith", &g), "smith", "smith stem");
	ok(g == 0, "smith: no gender");
	ok(crm_simil_is_patronymic("petrovich", 9, &g) && g == CRM_GENDER_M,
	    "petrovich is a male patronymic");
	ok(crm_simil_is_patronymic("petrovna", 8, &g) && g == CRM_GENDER_F,
	    "petrovna is a female patronymic");
	ok(!crm_simil_is_patronymic("ivanov", 6, &g), "ivanov is not");

	/* First names. */
	t = crm_simil_names_new();
	c = crm_simil_names_canon(t, "sasha", 5);
	ok(c && !strcmp(c, skel("Александр")), "Саша -> Александр");
	c = crm_simil_names_canon(t, skel("Alexander"), strlen(skel("Alexander")));
	ok(c && !strcmp(c, skel("Александр")), "Alexander -> Александр");
	c = crm_simil_names_canon(t, "bob", 3);
	ok(c && !strcmp(c, "robert"), "Bob -> Robert");
	c = crm_simil_names_canon(t, skel("Вова"), strlen(skel("Вова")));
	ok(c && !strcmp(c, skel("Владимир")), "Вова -> Владимир");
	ok(crm_simil_names_canon(t, "zzyzx", 5) == NULL, "unknown name");
	crm_simil_names_free(t);

	/* Email keys. */
	is(email("Ivan.Petrov+crm@GoogleMail.com"), "ivanpetrov@gmail.com", "gmail");
	is(email("ivan.petrov@ya.ru"), "ivan-petrov@yandex.ru", "yandex");
	is(email("ivan+x@mail.ru"), "ivan@mail.ru", "+tag anywhere");
	is(email("<a@b.ru>"), "a@b.ru", "angle brackets");
	is(email("not an email"), "(none)", "no @");

	/* Phone keys. */
	is(phone("8 (912) 345-67-89"), "79123456789", "8 -> +7");
	is(phone("+7 912 345 67 89 доб. 12"), "79123456789", "extension cut");
	is(phone("9123456789"), "79123456789", "10 digits from 9");
	is(phone("+44 20 7946 0958"), "442079460958", "E.164 passthrough");
	is(phone("8 10 44 20 7946 0958"), "442079460958", "8 10 prefix");
	is(phone("12-34"), "(none)", "too short");

	/* Cosine. */
	ok(NEAR(crm_simil_cosine(a, 3, a, 3, idf), 1.0), "cosine of a bag with itself");
	ok(NEAR(crm_simil_cosine(a, 3, b, 3, idf), 2.0 / 3), "cosine 2/3");
	ok(crm_simil_cosine(a, 0, b, 3, idf) == 0, "cosine with an empty bag");
	return done_testing();
}
