/*
 * jsonio: JSON records over Jansson (the only module besides the rules
 * loader that includes <jansson.h>); no Jansson type leaves this module.
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

/*
 * Parse one JSON Lines line (n bytes, its line end included or not) into
 * rec (reset first).  Returns 1 for an object, 2 for a line that does not
 * parse or is not an object (err: message and the column; the caller sets
 * the file and line).
 */
int crm_json_parse_line(const char *line, size_t n, struct crm_record *rec,
    struct crm_err *err);

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
/*
 * Append the value s (n bytes; NULL = null) of type (enum crm_vtype) to
 * out: a number, true/false or a compact one-line object or array as is
 * when s is one, null for an empty number or boolean, else (and for
 * CRM_V_TEXT) a string.
 */
void crm_json_encode_value(struct crm_buf *out, const char *s, size_t n,
    int type);

/*
 * A sequence of JSON values held in memory: one top-level array of
 * objects ("[{...},{...}]"), or objects one after another over any number
 * of lines (pretty-printed JSON Lines).  The text is borrowed and must
 * outlive the sequence; line0 is the physical line where it starts.
 */
struct crm_json_seq;

struct crm_json_seq *crm_json_seq_new(const char *text, size_t n, long line0);
void crm_json_seq_free(struct crm_json_seq *s);
/*
 * Next element into rec (reset first): 1 an object, 0 the end, 2 an
 * element that is not an object (err set; go on), -1 a syntax error after
 * which the sequence cannot go on (err has line and column).  *raw and
 * *rawlen get the element's text; rec->line its first line.
 */
int crm_json_seq_next(struct crm_json_seq *s, struct crm_record *rec,
    const char **raw, size_t *rawlen, struct crm_err *err);

#endif
