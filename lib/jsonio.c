/*
 * jsonio: JSON objects to records and back.  Reading goes through Jansson
 * (json_loadb, one line or one element at a time); writing is a small
 * encoder of our own that needs no Jansson objects.
 */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jsonio.h"
#include "utf8.h"

/* The shortest of %.15g, %.16g and %.17g that reads back as d. */
static int
fmt_real(char *buf, size_t size, double d)
{
	int n = snprintf(buf, size, "%.15g", d);
	char *p;

	if (strtod(buf, NULL) != d)
		n = snprintf(buf, size, "%.16g", d);
	if (strtod(buf, NULL) != d)
		n = snprintf(buf, size, "%.17g", d);
	for (p = buf; *p; p++)		/* in case a locale set a decimal comma */
		if (*p == ',')
			*p = '.';
	return n;
}

/* A JSON number at p: its end, and whether it is a plain integer. */
static const char *fast_number(const char *, const char *, int *);

/*
 * The text of each member value of the object text[0..n) (valid JSON, as
 * Jansson read it), in order, into span[2 * i], span[2 * i + 1]: so that
 * a number keeps the text it was written with (1234.50 stays 1234.50).
 */
static size_t
member_spans(const char *t, size_t n, size_t *span, size_t max)
{
	size_t i = 0, k = 0, depth, start;
	int instr;

#define WS(c) ((c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\n')
	while (i < n && t[i] != '{')
		i++;
	for (i++; i < n && k < max; ) {
		while (i < n && t[i] != '"' && t[i] != '}')
			i++;		/* to the key */
		if (i >= n || t[i] == '}')
			break;
		for (i++; i < n && t[i] != '"'; i++)
			if (t[i] == '\\')
				i++;
		for (i++; i < n && (WS(t[i]) || t[i] == ':'); i++)
			;
		start = i;
		for (depth = 0, instr = 0; i < n; i++) {
			char c = t[i];

			if (instr) {
				if (c == '\\')
					i++;
				else if (c == '"')
					instr = 0;
			} else if (c == '"')
				instr = 1;
			else if (c == '{' || c == '[')
				depth++;
			else if (c == '}' || c == ']') {
				if (depth == 0)
					break;
				depth--;
			} else if (c == ',' && depth == 0)
				break;
		}
		span[2 * k] = start;
		span[2 * k + 1] = i;
		while (span[2 * k + 1] > start && WS(t[span[2 * k + 1] - 1]))
			span[2 * k + 1]--;
		k++;
		if (i < n && t[i] == ',')
			i++;
	}
#undef WS
	return k;
}

/*
 * Add v as the field key; text (tlen bytes) is the value as written, or
 * NULL.  The field's type says what the value was (enum crm_vtype).
 */
static void
add_value(struct crm_record *rec, const char *key, json_t *v,
    struct crm_buf *tmp, const char *text, size_t tlen)
{
	char num[64];
	int n, integer;
	size_t klen = strlen(key);

	switch (json_typeof(v)) {
	case JSON_STRING:
		crm_record_add(rec, key, klen, json_string_value(v),
		    json_string_length(v));
		return;
	case JSON_NULL:
		crm_record_add(rec, key, klen, NULL, 0);
		return;
	case JSON_INTEGER:
		n = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		crm_record_add(rec, key, klen, num, (size_t)n);
		break;
	case JSON_REAL:
		/* As written when plain (1234.50), else the shortest text. */
		if (text && fast_number(text, text + tlen, &integer) ==
		    text + tlen && !memchr(text, 'e', tlen) &&
		    !memchr(text, 'E', tlen))
			crm_record_add(rec, key, klen, text, tlen);
		else {
			n = fmt_real(num, sizeof num, json_real_value(v));
			crm_record_add(rec, key, klen, num, (size_t)n);
		}
		break;
	case JSON_TRUE:
		crm_record_add(rec, key, klen, "true", 4);
		rec->f[rec->n - 1].type = CRM_V_BOOL;
		return;
	case JSON_FALSE:
		crm_record_add(rec, key, klen, "false", 5);
		rec->f[rec->n - 1].type = CRM_V_BOOL;
		return;
	case JSON_OBJECT:
	case JSON_ARRAY: {
		size_t need = json_dumpb(v, NULL, 0, JSON_COMPACT);

		crm_buf_reset(tmp);
		crm_buf_grow(tmp, need);
		need = json_dumpb(v, tmp->buf, need, JSON_COMPACT);
		crm_record_add(rec, key, klen, tmp->buf, need);
		rec->f[rec->n - 1].type = CRM_V_JSON;
		return;
	}
	}
	rec->f[rec->n - 1].type = CRM_V_NUMBER;
}

/* obj, read from text[0..n) (NULL: unknown), as fields of rec. */
static void
object_to_record(json_t *obj, struct crm_record *rec, const char *text,
    size_t n)
{
	struct crm_buf tmp = CRM_BUF_INIT;
	const char *key;
	json_t *v;
	size_t *span = NULL, nspan = 0, i = 0;

	if (text) {
		json_object_foreach(obj, key, v)
			if (json_is_real(v))
				break;
		if (key) {	/* a real: find the text of every value */
			span = xreallocarray(NULL, 2 * json_object_size(obj) + 2,
			    sizeof *span);
			nspan = member_spans(text, n, span,
			    json_object_size(obj));
			if (nspan != json_object_size(obj))
				nspan = 0;
		}
	}
	json_object_foreach(obj, key, v) {
		if (i < nspan)
			add_value(rec, key, v, &tmp, text + span[2 * i],
			    span[2 * i + 1] - span[2 * i]);
		else
			add_value(rec, key, v, &tmp, NULL, 0);
		i++;
	}
	free(span);
	crm_buf_release(&tmp);
}

/*
 * The fast path for the common JSON Lines record: one flat object whose
 * values are strings, numbers, true, false or null.  It gives the same
 * fields as Jansson would; anything else (nesting, odd escapes, errors,
 * many keys) returns 0 and Jansson parses the line instead, which also
 * words the error messages.
 */
enum { FAST_MAXKEYS = 64 };

static const char *
skipws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

static int
hexval(const char *p, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/*
 * The string at p (just after its opening quote): unescaped into out, or
 * borrowed when it has no escapes.  Returns the end (after the closing
 * quote) or NULL to fall back.
 */
static const char *
fast_string(const char *p, const char *end, struct crm_buf *out,
    const char **s, size_t *n)
{
	const char *start = p;
	unsigned cp, lo;
	char u8[4];

	while (p < end) {
		unsigned char c = (unsigned char)*p;
		size_t k;

		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\')
			p++;
		else if (c >= 0x80 && (k = crm_utf8_seqlen((const unsigned char *)p,
		    (size_t)(end - p))) != 0)
			p += k;
		else
			break;
	}
	if (p < end && *p == '"') {
		*s = start;
		*n = (size_t)(p - start);
		return p + 1;
	}
	crm_buf_reset(out);
	crm_buf_add(out, start, (size_t)(p - start));
	while (p < end) {
		unsigned char c = (unsigned char)*p;

		if (c == '"') {
			*s = out->buf;
			*n = out->len;
			return p + 1;
		}
		if (c < 0x20)
			return NULL;
		if (c != '\\') {
			size_t k = c < 0x80 ? 1 : crm_utf8_seqlen((const unsigned char *)p,
			    (size_t)(end - p));

			if (!k)
				return NULL;
			crm_buf_add(out, p, k);
			p += k;
			continue;
		}
		if (end - p < 2)
			return NULL;
		switch (p[1]) {
		case '"': case '\\': case '/': crm_buf_addc(out, p[1]); break;
		case 'b': crm_buf_addc(out, '\b'); break;
		case 'f': crm_buf_addc(out, '\f'); break;
		case 'n': crm_buf_addc(out, '\n'); break;
		case 'r': crm_buf_addc(out, '\r'); break;
		case 't': crm_buf_addc(out, '\t'); break;
		case 'u':
			if (end - p < 6 || hexval(p + 2, &cp) < 0 || cp == 0)
				return NULL;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return NULL;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (end - p < 12 || p[6] != '\\' || p[7] != 'u' ||
				    hexval(p + 8, &lo) < 0 || lo < 0xdc00 ||
				    lo > 0xdfff)
					return NULL;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			}
			if (cp < 0x80)
				crm_buf_addc(out, (char)cp);
			else if (cp < 0x800) {
				u8[0] = (char)(0xc0 | (cp >> 6));
				u8[1] = (char)(0x80 | (cp & 0x3f));
				crm_buf_add(out, u8, 2);
			} else if (cp < 0x10000) {
				u8[0] = (char)(0xe0 | (cp >> 12));
				u8[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
				u8[2] = (char)(0x80 | (cp & 0x3f));
				crm_buf_add(out, u8, 3);
			} else {
				u8[0] = (char)(0xf0 | (cp >> 18));
				u8[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
				u8[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
				u8[3] = (char)(0x80 | (cp & 0x3f));
				crm_buf_add(out, u8, 4);
			}
			p += 4;
			break;
		default:
			return NULL;
		}
		p += 2;
	}
	return NULL;
}

/* A JSON number at p: its end, and whether it is a plain integer. */
static const char *
fast_number(const char *p, const char *end, int *integer)
{
	const char *q = p;

	*integer = 1;
	if (q < end && *q == '-')
		q++;
	if (q >= end || *q < '0' || *q > '9')
		return NULL;
	if (*q == '0')
		q++;
	else
		while (q < end && *q >= '0' && *q <= '9')
			q++;
	if (q < end && *q == '.') {
		*integer = 0;
		if (++q >= end || *q < '0' || *q > '9')
			return NULL;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < end && (*q == 'e' || *q == 'E')) {
		*integer = 0;
		q++;
		if (q < end && (*q == '+' || *q == '-'))
			q++;
		if (q >= end || *q < '0' || *q > '9')
			return NULL;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
	}
	/* Jansson prints integers back from a long long: keep it simple. */
	if (*integer && (q - p > 18 || (q - p == 2 && p[0] == '-' && p[1] == '0')))
		return NULL;
	return q;
}

static int
fast_object(const char *line, size_t n, struct crm_record *rec,
    struct crm_buf *kb, struct crm_buf *vb)
{
	const char *p = line, *end = line + n, *k, *v;
	size_t kn, vn, i, keys = 0;
	int integer;
	char num[64];
	double d;

	p = skipws(p, end);
	if (p >= end || *p != '{')
		return 0;
	p = skipws(p + 1, end);
	if (p < end && *p == '}')
		return skipws(p + 1, end) == end;
	for (;;) {
		if (p >= end || *p != '"' || keys == FAST_MAXKEYS)
			return 0;
		if (!(p = fast_string(p + 1, end, kb, &k, &kn)))
			return 0;
		if (memchr(k, '\0', kn))
			return 0;
		for (i = 0; i < rec->n; i++)	/* duplicate: let Jansson say so */
			if (rec->f[i].namelen == kn && !memcmp(rec->f[i].name, k, kn))
				return 0;
		p = skipws(p, end);
		if (p >= end || *p != ':')
			return 0;
		p = skipws(p + 1, end);
		if (p >= end)
			return 0;
		if (*p == '"') {
			if (!(p = fast_string(p + 1, end, vb, &v, &vn)))
				return 0;
			crm_record_add(rec, k, kn, v, vn);
		} else if (*p == '-' || (*p >= '0' && *p <= '9')) {
			if (!(v = fast_number(p, end, &integer)))
				return 0;
			if (integer || (!memchr(p, 'e', (size_t)(v - p)) &&
			    !memchr(p, 'E', (size_t)(v - p)))) {
				/* As written: 1234.50 stays 1234.50. */
				crm_record_add(rec, k, kn, p, (size_t)(v - p));
			} else {
				char tmp[400];

				if ((size_t)(v - p) >= sizeof tmp)
					return 0;
				memcpy(tmp, p, (size_t)(v - p));
				tmp[v - p] = '\0';
				d = strtod(tmp, NULL);
				if (d > DBL_MAX || d < -DBL_MAX)
					return 0;	/* Jansson: overflow */
				vn = (size_t)fmt_real(num, sizeof num, d);
				crm_record_add(rec, k, kn, num, vn);
			}
			rec->f[rec->n - 1].type = CRM_V_NUMBER;
			p = v;
		} else if (end - p >= 4 && !memcmp(p, "true", 4)) {
			crm_record_add(rec, k, kn, "true", 4);
			rec->f[rec->n - 1].type = CRM_V_BOOL;
			p += 4;
		} else if (end - p >= 5 && !memcmp(p, "false", 5)) {
			crm_record_add(rec, k, kn, "false", 5);
			rec->f[rec->n - 1].type = CRM_V_BOOL;
			p += 5;
		} else if (end - p >= 4 && !memcmp(p, "null", 4)) {
			crm_record_add(rec, k, kn, NULL, 0);
			p += 4;
		} else
			return 0;
		keys++;
		p = skipws(p, end);
		if (p < end && *p == ',') {
			p = skipws(p + 1, end);
			continue;
		}
		if (p < end && *p == '}')
			return skipws(p + 1, end) == end;
		return 0;
	}
}

/* ---- the strict check (RFC 8259) ---- */

static int
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * The string whose opening quote is s[i - 1]: the offset after its
 * closing quote, or -1 with *at and *want.
 */
static long
check_string(const char *s, size_t n, size_t i, size_t *at, const char **want)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k, j;

	while (i < n) {
		unsigned char c = p[i];

		if (c == '"')
			return (long)i + 1;
		if (c == '\\') {
			if (i + 1 >= n)
				break;
			c = p[i + 1];
			if (c == 'u') {
				for (j = i + 2; j < i + 6; j++)
					if (j >= n || !((p[j] >= '0' && p[j] <= '9') ||
					    ((p[j] | 0x20) >= 'a' && (p[j] | 0x20) <= 'f'))) {
						*at = j;
						*want = "four hex digits after \\u";
						return -1;
					}
				i += 6;
				continue;
			}
			if (!strchr("\"\\/bfnrt", c) || c == '\0') {
				*at = i + 1;
				*want = "an escape: \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX";
				return -1;
			}
			i += 2;
			continue;
		}
		if (c < 0x20) {
			*at = i;
			*want = c == '\n' ? "a closing quote before the end of the line" :
			    "a character (a control character must be escaped)";
			return -1;
		}
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((k = crm_utf8_seqlen(p + i, n - i)) == 0) {
			*at = i;
			*want = "valid UTF-8";
			return -1;
		}
		i += k;
	}
	*at = n;
	*want = "a closing quote";
	return -1;
}

static long
check_number(const char *s, size_t n, size_t i, size_t *at, const char **want)
{
#define DIGIT(j) ((j) < n && s[j] >= '0' && s[j] <= '9')
	if (i < n && s[i] == '-')
		i++;
	if (!DIGIT(i))
		goto digit;
	if (s[i] == '0')
		i++;
	else
		while (DIGIT(i))
			i++;
	if (i < n && s[i] == '.') {
		i++;
		if (!DIGIT(i))
			goto digit;
		while (DIGIT(i))
			i++;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (!DIGIT(i))
			goto digit;
		while (DIGIT(i))
			i++;
	}
	return (long)i;
digit:
	*at = i;
	*want = "a digit";
	return -1;
#undef DIGIT
}

int
crm_json_check(const char *s, size_t n, size_t *at, const char **want,
    size_t *maxdepth)
{
	char *stk = NULL;
	size_t cap = 0, depth = 0, i = 0;
	long e;
	int rc = -1;

	*maxdepth = 0;
	for (;;) {
		/* A value. */
		while (i < n && is_ws(s[i]))
			i++;
		if (i >= n) {
			*want = "a value";
			goto bad;
		}
		switch (s[i]) {
		case '{':
		case '[':
			if (depth == cap) {
				cap = cap ? cap * 2 : 64;
				stk = xrealloc(stk, cap);
			}
			stk[depth++] = s[i];
			if (depth > *maxdepth)
				*maxdepth = depth;
			i++;
			while (i < n && is_ws(s[i]))
				i++;
			if (i < n && s[i] == (stk[depth - 1] == '{' ? '}' : ']')) {
				depth--;
				i++;
				break;
			}
			if (stk[depth - 1] == '[')
				continue;
			goto key;
		case '"':
			if ((e = check_string(s, n, i + 1, at, want)) < 0)
				goto out;
			i = (size_t)e;
			break;
		case 't':
		case 'f':
		case 'n': {
			const char *lit = s[i] == 't' ? "true" : s[i] == 'f' ?
			    "false" : "null";
			size_t k;

			for (k = 0; lit[k]; k++)
				if (i + k >= n || s[i + k] != lit[k]) {
					i += k;
					*want = s[i - k] == 't' ? "'true'" :
					    s[i - k] == 'f' ? "'false'" : "'null'";
					goto bad;
				}
			i += k;
			break;
		}
		default:
			if (s[i] != '-' && (s[i] < '0' || s[i] > '9')) {
				*want = "a value";
				goto bad;
			}
			if ((e = check_number(s, n, i, at, want)) < 0)
				goto out;
			i = (size_t)e;
		}
		/* After a value: the end, or what its container wants. */
		for (;;) {
			while (i < n && is_ws(s[i]))
				i++;
			if (depth == 0) {
				if (i < n) {
					*want = "the end of the text";
					goto bad;
				}
				rc = 0;
				goto out;
			}
			if (i < n && s[i] == (stk[depth - 1] == '{' ? '}' : ']')) {
				depth--;
				i++;
				continue;
			}
			if (i >= n || s[i] != ',') {
				*want = stk[depth - 1] == '{' ? "',' or '}'" :
				    "',' or ']'";
				goto bad;
			}
			i++;
			break;
		}
		if (stk[depth - 1] == '[')
			continue;
key:
		while (i < n && is_ws(s[i]))
			i++;
		if (i >= n || s[i] != '"') {
			*want = "a string (the name of a member)";
			goto bad;
		}
		if ((e = check_string(s, n, i + 1, at, want)) < 0)
			goto out;
		i = (size_t)e;
		while (i < n && is_ws(s[i]))
			i++;
		if (i >= n || s[i] != ':') {
			*want = "':'";
			goto bad;
		}
		i++;
	}
bad:
	*at = i;
out:
	free(stk);
	return rc;
}

/* Line and column (from 1) of offset at in s. */
static void
line_col(const char *s, size_t at, long *line, long *col)
{
	const char *p = s, *end = s + at, *nl;

	*line = 1;
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		(*line)++;
		p = nl + 1;
	}
	*col = (long)(end - p) + 1;
}

void
crm_json_found(char *buf, size_t size, const char *s, size_t n, size_t at)
{
	unsigned char c;

	if (at >= n) {
		snprintf(buf, size, "the end of the input");
		return;
	}
	c = (unsigned char)s[at];
	if (c == '\n' || c == '\r')
		snprintf(buf, size, "the end of the line");
	else if (c > 0x20 && c < 0x7f)
		snprintf(buf, size, "'%c'", c);
	else
		snprintf(buf, size, "byte 0x%02x", c);
}

static const char *
type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER:
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	default: return "an object";
	}
}

int
crm_json_parse_text(const char *text, size_t n, struct crm_record *rec,
    struct crm_err *err)
{
	struct crm_buf kb = CRM_BUF_INIT, vb = CRM_BUF_INIT;
	json_error_t jerr;
	json_t *v;
	size_t at = 0, depth, i;
	const char *want = NULL;
	char found[32];
	long line, col;
	int st;

	crm_record_reset(rec);
	st = fast_object(text, n, rec, &kb, &vb);
	crm_buf_release(&kb);
	crm_buf_release(&vb);
	if (st)
		return 1;
	crm_record_reset(rec);
	if (crm_json_check(text, n, &at, &want, &depth) < 0) {
		line_col(text, at, &line, &col);
		crm_json_found(found, sizeof found, text, n, at);
		crm_err_set(err, CRM_EDATA, NULL, line, col,
		    "not valid JSON: expected %s, found %s", want, found);
		return 3;
	}
	for (i = 0; i < n && is_ws(text[i]); i++)
		;
	line_col(text, i, &line, &col);
	if (depth > CRM_JSON_MAXDEPTH) {
		crm_err_set(err, CRM_EDATA, NULL, line, col,
		    "nested %zu levels deep (at most %d)", depth,
		    CRM_JSON_MAXDEPTH);
		return 2;
	}
	v = json_loadb(text, n, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES,
	    &jerr);
	if (!v) {
		/* Valid JSON that Jansson cannot hold: a key given twice, \u0000, a lone surrogate, a number too big. */
		crm_err_set(err, CRM_EDATA, NULL, jerr.line > 0 ? jerr.line : line,
		    jerr.line > 0 ? jerr.column : col, "%s", jerr.text);
		return 2;
	}
	if (!json_is_object(v)) {
		crm_err_set(err, CRM_EDATA, NULL, line, col,
		    "not a JSON object but %s", type_name(v));
		json_decref(v);
		return 2;
	}
	object_to_record(v, rec, text, n);
	json_decref(v);
	return 1;
}

int
crm_json_decode_object(const char *text, size_t n, struct crm_record *out,
    struct crm_err *err)
{
	json_error_t jerr;
	json_t *v;

	v = json_loadb(text, n, JSON_REJECT_DUPLICATES, &jerr);
	if (!v)
		return crm_err_set(err, CRM_EDATA, NULL, jerr.line, jerr.column,
		    "%s", jerr.text);
	if (!json_is_object(v)) {
		json_decref(v);
		return crm_err_set(err, CRM_EDATA, NULL, 0, 0,
		    "not a JSON object");
	}
	object_to_record(v, out, text, n);
	json_decref(v);
	return 0;
}

void
crm_json_encode_string(struct crm_buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0, k;

	crm_buf_grow(out, n + 2);
	crm_buf_addc(out, '"');
	while (i < n) {
		unsigned char c = p[i];
		char esc[6];

		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0x80) {
			k = crm_utf8_seqlen(p + i, n - i);
			if (k) {
				i += k;
				continue;
			}
		}
		crm_buf_add(out, s + run, i - run);
		switch (c) {
		case '"': crm_buf_add(out, "\\\"", 2); break;
		case '\\': crm_buf_add(out, "\\\\", 2); break;
		case '\n': crm_buf_add(out, "\\n", 2); break;
		case '\r': crm_buf_add(out, "\\r", 2); break;
		case '\t': crm_buf_add(out, "\\t", 2); break;
		case '\b': crm_buf_add(out, "\\b", 2); break;
		case '\f': crm_buf_add(out, "\\f", 2); break;
		default:
			if (c >= 0x80) {	/* not UTF-8 */
				crm_buf_add(out, "\xef\xbf\xbd", 3);
				break;
			}
			esc[0] = '\\';
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			crm_buf_add(out, esc, 6);
		}
		run = ++i;
	}
	crm_buf_add(out, s + run, i - run);
	crm_buf_addc(out, '"');
}

void
crm_json_encode_str(struct crm_buf *out, const char *s)
{
	if (!s)
		crm_buf_add(out, "null", 4);
	else
		crm_json_encode_string(out, s, strlen(s));
}

/* Is s (n bytes) one JSON object or array? */
static int
is_json_container(const char *s, size_t n)
{
	json_error_t e;
	json_t *v;

	if (n < 2 || (s[0] != '{' && s[0] != '['))
		return 0;
	if (!(v = json_loadb(s, n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &e)))
		return 0;
	json_decref(v);
	return 1;
}

void
crm_json_encode_value(struct crm_buf *out, const char *s, size_t n, int type)
{
	size_t plus;
	int integer;

	if (!s) {
		crm_buf_add(out, "null", 4);
		return;
	}
	if (n == 0 && (type == CRM_V_NUMBER || type == CRM_V_BOOL)) {
		crm_buf_add(out, "null", 4);	/* no number is none */
		return;
	}
	switch (type) {
	case CRM_V_NUMBER:
		/* "+0.25": a sign for the eye */
		plus = n > 1 && s[0] == '+' && s[1] >= '0' && s[1] <= '9';
		if (fast_number(s + plus, s + n, &integer) == s + n) {
			crm_buf_add(out, s + plus, n - plus);
			return;
		}
		break;
	case CRM_V_BOOL:
		if ((n == 4 && !memcmp(s, "true", 4)) ||
		    (n == 5 && !memcmp(s, "false", 5))) {
			crm_buf_add(out, s, n);
			return;
		}
		break;
	case CRM_V_JSON:
		/* Compact text, one line: JSON Lines stay one per line. */
		if (!memchr(s, '\n', n) && !memchr(s, '\r', n) &&
		    is_json_container(s, n)) {
			crm_buf_add(out, s, n);
			return;
		}
		break;
	}
	crm_json_encode_string(out, s, n);
}

int
crm_json_encode_object(const struct crm_record *r, struct crm_buf *out)
{
	size_t i;

	crm_buf_addc(out, '{');
	for (i = 0; i < r->n; i++) {
		if (i)
			crm_buf_addc(out, ',');
		crm_json_encode_string(out, r->f[i].name, r->f[i].namelen);
		crm_buf_addc(out, ':');
		crm_json_encode_value(out, r->f[i].value, r->f[i].len,
		    r->f[i].type);
	}
	crm_buf_addc(out, '}');
	return 0;
}


/* ---- where one value ends in a stream ---- */

enum { SP_NONE, SP_CONTAINER, SP_STRING, SP_BARE };

void
crm_json_split_start(struct crm_json_split *sp, int lines)
{
	memset(sp, 0, sizeof *sp);
	sp->lines = lines;
	sp->firstline = 1;
}

/* Does any byte of w equal c? */
static int
has_byte(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ CRM_BYTES(c);

	return ((x - CRM_BYTES(1)) & ~x & CRM_BYTES(0x80)) != 0;
}

static int
bare_end(int c)
{
	return is_ws(c) || c == ',' || c == ']' || c == '}' || c == '[' ||
	    c == '{' || c == '"' || c == ':';
}

size_t
crm_json_split_feed(struct crm_json_split *sp, const char *s, size_t n,
    int *done)
{
	size_t i = 0;

	*done = 0;
	if (n == 0)
		return 0;
	if (sp->kind == SP_NONE) {
		if (s[0] == '{' || s[0] == '[') {
			sp->kind = SP_CONTAINER;
			sp->depth = 1;
		} else if (s[0] == '"') {
			sp->kind = SP_STRING;
			sp->in_str = 1;
		} else
			sp->kind = SP_BARE;
		i = 1;
	}
	if (sp->kind == SP_BARE) {
		while (i < n && !bare_end((unsigned char)s[i]))
			i++;
		*done = i < n;
		return i;
	}
	while (i < n) {
		char c = s[i];

		if (sp->in_str) {
			if (sp->esc && c != '\n') {
				sp->esc = 0;
				i++;
				continue;
			}
			/* Most bytes of a string are none of these: 8 at a time. */
			while (i + 8 <= n && !has_byte(crm_word(s + i), '"') &&
			    !has_byte(crm_word(s + i), '\\') &&
			    !has_byte(crm_word(s + i), '\n'))
				i += 8;
			if (i == n)
				return n;
			c = s[i];
			while (c != '"' && c != '\\' && c != '\n') {
				if (++i == n)
					return n;
				c = s[i];
			}
			if (c == '\\')
				sp->esc = 1;
			else if (c == '"') {
				sp->in_str = 0;
				if (sp->kind == SP_STRING) {
					*done = 1;
					return i + 1;
				}
			}
			if (c != '\n') {
				i++;
				continue;
			}
			/* A string cannot hold a line end: it ends here, badly. */
			sp->in_str = sp->esc = 0;
			if (sp->kind == SP_STRING) {
				*done = 1;
				return i;
			}
		}
		if (c == '\n') {
			if (sp->lines && sp->firstline) {
				if (sp->content) {
					/* JSON Lines: the line is the value. */
					*done = 1;
					return i;
				}
				sp->firstline = 0;
			}
		} else if (!is_ws(c)) {
			sp->content = 1;
			if (c == '"')
				sp->in_str = 1;
			else if (c == '{' || c == '[')
				sp->depth++;
			else if ((c == '}' || c == ']') && --sp->depth == 0) {
				*done = 1;
				return i + 1;
			}
		}
		i++;
	}
	return n;
}

/* ---- the tree ---- */

#define J(j) ((json_t *)(j))
#define C(j) ((struct crm_json *)(j))

struct crm_json *
crm_json_load(const char *text, size_t n, struct crm_err *err)
{
	json_error_t je;
	json_t *root = json_loadb(text, n, JSON_REJECT_DUPLICATES, &je);

	if (!root)
		crm_err_set(err, CRM_EDATA, NULL, je.line, je.column, "%s",
		    je.text);
	return C(root);
}

void
crm_json_free(struct crm_json *j)
{
	json_decref(J(j));
}

int
crm_json_type(const struct crm_json *j)
{
	switch (json_typeof(J(j))) {
	case JSON_OBJECT: return CRM_JSON_OBJECT;
	case JSON_ARRAY: return CRM_JSON_ARRAY;
	case JSON_STRING: return CRM_JSON_STRING;
	case JSON_INTEGER: return CRM_JSON_INTEGER;
	case JSON_REAL: return CRM_JSON_REAL;
	case JSON_TRUE: return CRM_JSON_TRUE;
	case JSON_FALSE: return CRM_JSON_FALSE;
	default: return CRM_JSON_NULL;
	}
}

int
crm_json_is_true(const struct crm_json *j)
{
	return json_is_true(J(j));
}

int
crm_json_is_bool(const struct crm_json *j)
{
	return json_is_boolean(J(j));
}

int
crm_json_is_number(const struct crm_json *j)
{
	return json_is_number(J(j));
}

const char *
crm_json_string_value(const struct crm_json *j)
{
	return json_string_value(J(j));
}

double
crm_json_number(const struct crm_json *j)
{
	return json_number_value(J(j));
}

size_t
crm_json_size(const struct crm_json *j)
{
	return json_is_object(J(j)) ? json_object_size(J(j)) :
	    json_array_size(J(j));
}

struct crm_json *
crm_json_at(const struct crm_json *array, size_t i)
{
	return C(json_array_get(J(array), i));
}

struct crm_json *
crm_json_get(const struct crm_json *object, const char *key)
{
	return C(json_object_get(J(object), key));
}

const char *
crm_json_first_key(const struct crm_json *object)
{
	return json_object_iter_key(json_object_iter(J(object)));
}

struct crm_json *
crm_json_key_value(const char *key)
{
	return C(json_object_iter_value(json_object_key_to_iter(key)));
}

const char *
crm_json_next_key(const struct crm_json *object, const char *key)
{
	return json_object_iter_key(json_object_iter_next(J(object),
	    json_object_key_to_iter(key)));
}

struct crm_json *
crm_json_new_object(void)
{
	return C(json_object());
}

struct crm_json *
crm_json_new_array(void)
{
	return C(json_array());
}

struct crm_json *
crm_json_new_string(const char *s)
{
	return C(json_string(s));
}

struct crm_json *
crm_json_new_integer(long long v)
{
	return C(json_integer(v));
}

struct crm_json *
crm_json_new_real(double v)
{
	return C(json_real(v));
}

struct crm_json *
crm_json_new_bool(int v)
{
	return C(json_boolean(v));
}

void
crm_json_set(struct crm_json *object, const char *key, struct crm_json *value)
{
	json_object_set_new(J(object), key, J(value));
}

void
crm_json_append(struct crm_json *array, struct crm_json *value)
{
	json_array_append_new(J(array), J(value));
}

void
crm_json_set_str(struct crm_json *object, const char *key, const char *s)
{
	json_object_set_new(J(object), key, json_string(s));
}

void
crm_json_set_int(struct crm_json *object, const char *key, long long v)
{
	json_object_set_new(J(object), key, json_integer(v));
}

void
crm_json_set_real(struct crm_json *object, const char *key, double v)
{
	json_object_set_new(J(object), key, json_real(v));
}

void
crm_json_set_bool(struct crm_json *object, const char *key, int v)
{
	json_object_set_new(J(object), key, json_boolean(v));
}

int
crm_json_dump(const struct crm_json *j, struct crm_buf *out)
{
	char *text = json_dumps(J(j), JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(6));

	if (!text)
		return -1;
	crm_buf_adds(out, text);
	free(text);
	return 0;
}
