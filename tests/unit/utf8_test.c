/* utf8_test: lib/utf8.c (validation, NFC, case, decode/encode, width, words). */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "utf8.h"

static struct crm_buf b = CRM_BUF_INIT;

typedef int (*mapfn)(const char *, size_t, struct crm_buf *);

static const char *
run(mapfn f, const char *s)
{
	crm_buf_reset(&b);
	if (f(s, strlen(s), &b) < 0)
		return "(fail)";
	return b.buf;
}

static void
test_valid(void)
{
	static const struct { const char *s; size_t n, want; } v[] = {
		{ "abc", 3, 3 },
		{ "Иван", 8, 8 },
		{ "\xc0\xaf", 2, 0 },		/* overlong '/' */
		{ "a\xe0\x80\xaf", 4, 1 },	/* overlong 3-byte */
		{ "ab\xed\xa0\x80", 5, 2 },	/* surrogate U+D800 */
		{ "\xf4\x90\x80\x80", 4, 0 },	/* above U+10FFFF */
		{ "\xf0\x9f\x98\x80", 4, 4 },	/* U+1F600 */
		{ "x\xd0", 2, 1 },		/* truncated */
		{ "\x80", 1, 0 },		/* lone continuation */
		{ "\xff", 1, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		ok(crm_utf8_valid(v[i].s, v[i].n) == v[i].want,
		    "valid prefix of case %zu is %zu", i, v[i].want);
}

static void
test_codec(void)
{
	char out[4];
	long cp = 0;

	ok(crm_utf8_decode("\xd0\x81", 2, &cp) == 2 && cp == 0x401,
	    "decode Ё");
	ok(crm_utf8_decode("\xe2\x82\xbd", 3, &cp) == 3 && cp == 0x20bd,
	    "decode ₽");
	ok(crm_utf8_decode("\xe2\x82", 2, &cp) == -1, "decode truncated");
	ok(crm_utf8_decode("", 0, &cp) == -1, "decode empty");
	ok(crm_utf8_encode(0x20bd, out) == 3 && !memcmp(out, "\xe2\x82\xbd", 3),
	    "encode ₽");
	ok(crm_utf8_encode(0x1f600, out) == 4 &&
	    !memcmp(out, "\xf0\x9f\x98\x80", 4), "encode U+1F600");
	ok(crm_utf8_encode('A', out) == 1 && out[0] == 'A', "encode ASCII");
}

static void
test_maps(void)
{
	is(run(crm_utf8_nfc, "plain ascii"), "plain ascii", "nfc ascii");
	/* е + combining diaeresis -> ё; и + combining breve -> й */
	is(run(crm_utf8_nfc, "\xd0\xb5\xcc\x88"), "ё", "nfc composes ё");
	is(run(crm_utf8_nfc, "\xd0\xb8\xcc\x86"), "й", "nfc composes й");
	is(run(crm_utf8_nfc, "Cafe\xcc\x81"), "Café", "nfc composes é");
	is(run(crm_utf8_nfc, "\xff"), "(fail)", "nfc refuses invalid");
	is(run(crm_utf8_casefold, "ИВАНОВ Ivan"), "иванов ivan", "casefold");
	is(run(crm_utf8_casefold, "Straße"), "strasse", "casefold ß");
	is(run(crm_utf8_casefold, "ЁЛКА"), "ёлка", "casefold Ё");
	is(run(crm_utf8_casefold, "HELLO"), "hello", "casefold ascii");
	is(run(crm_utf8_upper, "иванов ivan ё"), "ИВАНОВ IVAN Ё", "upper");
	is(run(crm_utf8_lower, "ИВАНОВ IVAN Ё"), "иванов ivan ё", "lower");
	is(run(crm_utf8_lower, "\xd0"), "(fail)", "lower refuses invalid");
}

static void
test_width(void)
{
	ok(crm_utf8_width("abc", 3) == 3, "width ascii");
	ok(crm_utf8_width("Иван", 8) == 4, "width cyrillic");
	ok(crm_utf8_width("\xe4\xb8\xad\xe6\x96\x87", 6) == 4, "width CJK");
	ok(crm_utf8_width("e\xcc\x81", 3) == 1, "width combining");
	ok(crm_utf8_width("a\xff", 2) == 2, "width invalid byte");
}

static void
test_long(void)
{
	struct crm_buf big = CRM_BUF_INIT, o = CRM_BUF_INIT;
	int i;

	for (i = 0; i < 2000; i++)
		crm_buf_adds(&big, "\xd0\xb5\xcc\x88");	/* decomposed ё */
	ok(crm_utf8_nfc(big.buf, big.len, &o) == 0 && o.len == 4000,
	    "nfc of a long string (heap path)");
	crm_buf_release(&big);
	crm_buf_release(&o);
}

/* The word tests against the same questions asked a byte at a time. */
static void
test_words(void)
{
	static const unsigned char pick[] = {
		0x00, 0x01, 0x1f, 0x20, 0x21, 0x41, 0x7e, 0x7f, 0x80, 0x81,
		0xbf, 0xc0, 0xc2, 0xcf, 0xd0, 0xd1, 0xd2, 0xe2, 0xfe, 0xff
	};
	unsigned char p[8];
	int i, j, bad[3] = { 0, 0, 0 }, seen[3] = { 0, 0, 0 };

	srand(7);
	for (i = 0; i < 300000; i++) {
		int ascii = 1, graph = 1, cyr = 1;
		uint64_t w;

		for (j = 0; j < 8; j++) {
			/* pairs of lead and continuation bytes now and then */
			if (i % 3 == 0)
				p[j] = j % 2 ? (unsigned char)(0x80 + rand() % 64 -
				    (rand() % 40 == 0) * 0x40) :
				    (unsigned char)(0xd0 + (rand() % 20 == 0 ?
				    2 : rand() % 2));
			else if (i % 3 == 1)
				p[j] = (unsigned char)(0x1e + rand() % 0x64);
			else
				p[j] = rand() % 2 ? pick[rand() % sizeof pick] :
				    (unsigned char)rand();
			ascii &= p[j] != 0 && p[j] < 0x80;
			graph &= p[j] > 0x20 && p[j] < 0x7f;
			if (j % 2 == 0)
				cyr &= p[j] == 0xd0 || p[j] == 0xd1;
			else
				cyr &= (p[j] & 0xc0) == 0x80;
		}
		w = crm_word((const char *)p);
		seen[0] += ascii;
		seen[1] += graph;
		seen[2] += cyr;
		bad[0] += crm_word_ascii(w) != ascii;
		bad[1] += crm_word_graph(w) != graph;
		bad[2] += crm_word_cyrillic(w) != cyr;
	}
	ok(!bad[0] && seen[0] > 1000, "crm_word_ascii: %d wrong, %d true",
	    bad[0], seen[0]);
	ok(!bad[1] && seen[1] > 1000, "crm_word_graph: %d wrong, %d true",
	    bad[1], seen[1]);
	ok(!bad[2] && seen[2] > 1000, "crm_word_cyrillic: %d wrong, %d true",
	    bad[2], seen[2]);
}

int
main(void)
{
	test_valid();
	test_codec();
	test_maps();
	test_width();
	test_long();
	test_words();
	crm_buf_release(&b);
	return done_testing();
}
