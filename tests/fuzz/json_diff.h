/*
 * json_diff.h: the JSON reader of lib/jsonio.c against Jansson on one
 * text, for tests/fuzz/fuzz_json_diff.c (on any bytes) and
 * tests/unit/jsondiff_test.c (on the corpus of valid and invalid texts).
 * Jansson is called here directly, not through jsonio, so that the two
 * sides share no code.
 *
 * What must hold:
 *  1. crm_json_check (RFC 8259) accepts a text if and only if Jansson
 *     does, except where RFC 8259 allows what Jansson cannot hold
 *     (nesting deeper than 2048, \u0000, a lone surrogate, a number past
 *     its range): then the check accepts, Jansson refuses, and
 *     crm_json_parse_text refuses the text as a record (status 2); and
 *     where Jansson is lenient: it reads a lone number followed by a NUL
 *     byte ("2\0") as the number, which is no JSON and no record;
 *  2. crm_json_parse_text says 3 (not JSON) exactly when the check
 *     refuses, and 1 (an object) exactly when Jansson reads an object
 *     without a key given twice, with the same fields as Jansson's:
 *     the fast path for flat objects included;
 *  3. for a valid object or array with nothing before it, the stream
 *     splitter ends the value exactly at its closing bracket, however
 *     the text is cut into pieces.
 * json_diff returns NULL when all hold, else what failed.
 */
#ifndef JSON_DIFF_H
#define JSON_DIFF_H

#include <string.h>

#include <jansson.h>

#include "jsonio.h"
#include "record.h"

enum { JD_VALID = 1, JD_JANSSON = 2, JD_RECORD = 4 };

static inline int
jd_same(const struct crm_record *a, const struct crm_record *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (a->f[i].namelen != b->f[i].namelen ||
		    memcmp(a->f[i].name, b->f[i].name, a->f[i].namelen) ||
		    !a->f[i].value != !b->f[i].value ||
		    (a->f[i].value && (a->f[i].len != b->f[i].len ||
		    memcmp(a->f[i].value, b->f[i].value, a->f[i].len))))
			return 0;
	return 1;
}

/* Jansson refused s for what RFC 8259 allows but it cannot hold. */
static inline int
jd_beyond(const json_error_t *je, size_t depth)
{
	switch (json_error_code(je)) {
	case json_error_stack_overflow:
		return depth > CRM_JSON_MAXDEPTH;
	case json_error_null_character:
	case json_error_null_byte_in_key:
	case json_error_numeric_overflow:
		return 1;
	case json_error_invalid_syntax:
		return !strncmp(je->text, "invalid Unicode", 15);
	default:
		return 0;
	}
}

/* The splitter on s in pieces of step bytes: where it says the value ends. */
static inline size_t
jd_split(const char *s, size_t n, size_t step)
{
	struct crm_json_split sp;
	size_t pos = 0, k, len;
	int done = 0;

	crm_json_split_start(&sp, 0);
	while (pos < n && !done) {
		len = n - pos < step ? n - pos : step;
		k = crm_json_split_feed(&sp, s + pos, len, &done);
		pos += k;
		if (!done && k != len)
			return (size_t)-1;	/* neither done nor all taken */
	}
	return done ? pos : (size_t)-1;
}

/*
 * Check s (n bytes); *what gets JD_ bits: the check's verdict, Jansson's,
 * and whether parse_text gave a record.
 */
static inline const char *
json_diff(const char *s, size_t n, int *what)
{
	struct crm_record ours = CRM_RECORD_INIT, theirs = CRM_RECORD_INIT;
	struct crm_err err = CRM_ERR_INIT;
	json_error_t je;
	json_t *v;
	const char *want, *fail = NULL;
	size_t at, depth, end;
	int valid, st, dup = 0;

	*what = 0;
	valid = crm_json_check(s, n, &at, &want, &depth) == 0;
	v = json_loadb(s, n, JSON_DECODE_ANY, &je);
	if (valid)
		*what |= JD_VALID;
	if (v)
		*what |= JD_JANSSON;
	st = crm_json_parse_text(s, n, &ours, &err);
	if (st == 1)
		*what |= JD_RECORD;
	if (!valid && v && !(memchr(s, '\0', n) && !json_is_object(v) &&
	    !json_is_array(v)))
		fail = "the check refuses what Jansson reads";
	else if (valid && !v && !jd_beyond(&je, depth))
		fail = "the check accepts what Jansson refuses";
	else if ((st == 3) != !valid)
		fail = "parse_text and the check disagree on validity";
	else if (valid && !v && st != 2)
		fail = "what Jansson cannot hold is not refused as a record";
	if (!fail && v && json_is_object(v)) {
		json_t *d = json_loadb(s, n, JSON_DECODE_ANY |
		    JSON_REJECT_DUPLICATES, &je);

		dup = !d;
		json_decref(d);
		if (dup && st != 2)
			fail = "a key given twice is not refused";
		else if (!dup && st != 1)
			fail = "an object Jansson reads is not a record";
		else if (!dup && (crm_json_decode_object(s, n, &theirs,
		    &err) < 0 || !jd_same(&ours, &theirs)))
			fail = "the record differs from Jansson's";
	} else if (!fail && st == 1)
		fail = "a record from what Jansson does not read as an object";
	if (!fail && valid && n && (s[0] == '{' || s[0] == '[')) {
		size_t last = n;

		while (last > 0 && strchr(" \t\r\n", s[last - 1]))
			last--;
		for (end = 1; end <= 7 && !fail; end += 3)
			if (jd_split(s, n, end) != last)
				fail = "the splitter does not end the value at"
				    " its closing bracket";
	}
	json_decref(v);
	crm_record_release(&ours);
	crm_record_release(&theirs);
	return fail;
}

#endif
