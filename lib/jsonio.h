/*
 * jsonio: JSON records over Jansson (the only module that includes
 * <jansson.h>); no Jansson type leaves this module.
 *
 * A JSON object becomes a record: its keys in order, a string value as is,
 * null as missing (NULL), an integer as decimal text, a real as written
 * (1234.50 stays 1234.50; with an exponent, the shortest text that reads
 * back the same: %.15g, %.16g or %.17g), true and false as "true" and
 * "false", a nested object or array as compact JSON text.  Each field's
 * type (record.h) says which it was, so that a writer writes it back as
 * it came.  Duplicate keys are an error.
 */
#ifndef CRM_JSONIO_H
#define CRM_JSONIO_H

#include <stddef.h>

#include "record.h"
#include "util.h"

/* Jansson's limit on nesting: a deeper value is refused. */
#define CRM_JSON_MAXDEPTH 2048

/*
 * One JSON text (n bytes: one value with white space around it) into rec
 * (reset first).  Returns
 *   1  an object: its fields in rec;
 *   2  valid JSON that is not a record: not an object, nested deeper than
 *      CRM_JSON_MAXDEPTH, or what Jansson cannot hold (a key given twice,
 *      \u0000, a lone surrogate, an integer past 64 bits);
 *   3  not valid JSON (RFC 8259): err says what was expected and found.
 * err's line and column count from the start of the text (1, 1).  Flat
 * objects go through a fast path of our own, whose records are exactly
 * Jansson's (tests/fuzz/fuzz_json_diff.c checks it); the rest through
 * crm_json_check and Jansson.
 */
int crm_json_parse_text(const char *text, size_t n, struct crm_record *rec,
    struct crm_err *err);

/*
 * Is s[0..n) exactly one JSON text as RFC 8259 has it (one value, white
 * space around it, strings of valid UTF-8)?  0 if so; else -1 with *at the
 * offset of the first byte that cannot be there (n: the end) and *want
 * what was expected there ("',' or ']'").  *depth gets the deepest nesting.
 * No recursion: any depth is checked in constant stack.
 */
int crm_json_check(const char *s, size_t n, size_t *at, const char **want,
    size_t *depth);
/* What s[at] is, for a message: "'x'", "byte 0xff", "the end of the input". */
void crm_json_found(char *buf, size_t size, const char *s, size_t n,
    size_t at);

/*
 * Where one value ends in a stream of JSON text fed in pieces: an object or
 * array at its closing bracket (brackets counted outside strings), a string
 * at its closing quote, anything else before the next white space or
 * punctuation.  A line end inside a string ends the string (it cannot hold
 * one).  With lines (JSON Lines and objects one after another), a value
 * whose first line holds more than its opening bracket ends at the end of
 * that line, so one bad line costs one record; one that opens alone on its
 * line (pretty-printed) goes on to its closing bracket.
 */
struct crm_json_split {
	size_t depth;
	int kind, in_str, esc, lines, firstline, content;
};

void crm_json_split_start(struct crm_json_split *sp, int lines);
/*
 * Feed the next n bytes (n > 0) of the value: returns how many belong to
 * it; *done = 1 when it ended there (the rest is not the value's).
 */
size_t crm_json_split_feed(struct crm_json_split *sp, const char *s,
    size_t n, int *done);

/*
 * The object text (n bytes) as fields appended to out (not reset).
 * Returns 0, or -1 with err filled when text is not one JSON object.
 */
int crm_json_decode_object(const char *text, size_t n,
    struct crm_record *out, struct crm_err *err);

/*
 * Append r as one compact JSON object to out: names as keys, values by
 * their type (crm_json_encode_value), a missing value as null.  Returns 0.
 */
int crm_json_encode_object(const struct crm_record *r, struct crm_buf *out);
/*
 * Append s as a JSON string (quoted and escaped) to out.  UTF-8 is
 * written as is; a byte that is not valid UTF-8 becomes U+FFFD.
 */
void crm_json_encode_string(struct crm_buf *out, const char *s, size_t n);
/* The same for a C string; NULL appends null. */
void crm_json_encode_str(struct crm_buf *out, const char *s);
/*
 * Append the value s (n bytes; NULL = null) of type (enum crm_vtype) to
 * out: a number, true/false or a compact one-line object or array as is
 * when s is one, null for an empty number or boolean, else (and for
 * CRM_V_TEXT) a string.
 */
void crm_json_encode_value(struct crm_buf *out, const char *s, size_t n,
    int type);


/*
 * A JSON tree, for what reads or writes a whole document at once (a rules
 * file, the validation summary).  struct crm_json is an opaque Jansson
 * value; one got from an object or array is borrowed from it, one made by
 * crm_json_new_* is owned until crm_json_set or crm_json_append takes it.
 */
struct crm_json;

enum crm_json_type {
	CRM_JSON_OBJECT, CRM_JSON_ARRAY, CRM_JSON_STRING, CRM_JSON_INTEGER,
	CRM_JSON_REAL, CRM_JSON_TRUE, CRM_JSON_FALSE, CRM_JSON_NULL
};

/*
 * Parse text (n bytes) into a tree; a key given twice is an error.  NULL
 * with err's line, column and message (Jansson's) on failure.
 */
struct crm_json *crm_json_load(const char *text, size_t n,
    struct crm_err *err);
void crm_json_free(struct crm_json *j);

int crm_json_type(const struct crm_json *j);	/* enum crm_json_type */
int crm_json_is_true(const struct crm_json *j);
int crm_json_is_bool(const struct crm_json *j);
int crm_json_is_number(const struct crm_json *j);
/* A string's text (else NULL); a number's value (else 0). */
const char *crm_json_string_value(const struct crm_json *j);
double crm_json_number(const struct crm_json *j);
/* Members of an object or array (0 for another type); one of them, or NULL. */
size_t crm_json_size(const struct crm_json *j);
struct crm_json *crm_json_at(const struct crm_json *array, size_t i);
struct crm_json *crm_json_get(const struct crm_json *object, const char *key);

/*
 * An object's members in order:
 * for (k = first; k && (v = value(k)); k = next)
 */
const char *crm_json_first_key(const struct crm_json *object);
struct crm_json *crm_json_key_value(const char *key);
const char *crm_json_next_key(const struct crm_json *object, const char *key);
#define crm_json_object_foreach(object, key, value) \
	for (key = crm_json_first_key(object); \
	    key && (value = crm_json_key_value(key)); \
	    key = crm_json_next_key(object, key))
#define crm_json_array_foreach(array, index, value) \
	for (index = 0; index < crm_json_size(array) && \
	    (value = crm_json_at(array, index)); index++)

struct crm_json *crm_json_new_object(void);
struct crm_json *crm_json_new_array(void);
struct crm_json *crm_json_new_string(const char *s);	/* NULL: NULL */
struct crm_json *crm_json_new_integer(long long v);
struct crm_json *crm_json_new_real(double v);
struct crm_json *crm_json_new_bool(int v);
/* Put value (taken, may be NULL: then nothing) under key / at the end. */
void crm_json_set(struct crm_json *object, const char *key,
    struct crm_json *value);
void crm_json_append(struct crm_json *array, struct crm_json *value);
/* crm_json_set of a new string (NULL: nothing), integer, real, boolean. */
void crm_json_set_str(struct crm_json *object, const char *key,
    const char *s);
void crm_json_set_int(struct crm_json *object, const char *key, long long v);
void crm_json_set_real(struct crm_json *object, const char *key, double v);
void crm_json_set_bool(struct crm_json *object, const char *key, int v);
/*
 * Append j to out, indented by 2, keys in their order, reals with 6
 * significant digits (no newline at the end).  -1 when it cannot.
 */
int crm_json_dump(const struct crm_json *j, struct crm_buf *out);

#endif
