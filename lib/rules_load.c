/*
 * rules_load: the rules-file loader (Jansson, strict; see rules.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "entity.h"
#include "jsonio.h"
#include "match.h"
#include "phone.h"
#include "rules_int.h"
#include "utf8.h"

/* A JSON path while descending, to say where an error is. */
struct jpath {
	int n;
	const char *key[16];	/* NULL: an array index */
	size_t idx[16];
};

struct loader {
	const char *name;
	const char *text;
	size_t len;
	struct crm_err *err;
	struct crm_rules *R;
	struct jpath jp;
};

static void
jp_push(struct loader *L, const char *key)
{
	if (L->jp.n < 16) {
		L->jp.key[L->jp.n] = key;
		L->jp.idx[L->jp.n] = 0;
	}
	L->jp.n++;
}

static void
jp_pushi(struct loader *L, size_t idx)
{
	if (L->jp.n < 16) {
		L->jp.key[L->jp.n] = NULL;
		L->jp.idx[L->jp.n] = idx;
	}
	L->jp.n++;
}

static void
jp_pop(struct loader *L)
{
	L->jp.n--;
}

/* A small scanner over the raw text, only to turn a path into a place. */
static const char *
js_ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static const char *
js_str(const char *p, const char *e)
{
	for (p++; p < e && *p != '"'; p++)
		if (*p == '\\')
			p++;
	return p < e ? p + 1 : e;
}

static const char *
js_val(const char *p, const char *e, int depth)
{
	char close;

	p = js_ws(p, e);
	if (p >= e)
		return e;
	if (*p == '"')
		return js_str(p, e);
	if (*p == '{' || *p == '[') {
		close = *p == '{' ? '}' : ']';
		for (p++;;) {
			p = js_ws(p, e);
			if (p >= e || depth > 64)
				return e;
			if (*p == close)
				return p + 1;
			if (*p == ',' || *p == ':')
				p++;
			else
				p = js_val(p, e, depth + 1);
		}
	}
	while (p < e && !strchr(",:}] \t\r\n", *p))
		p++;
	return p;
}

/* Offset of the value at the path (or of its key, with at_key); -1 if lost. */
static long
js_find(const char *text, size_t len, const struct jpath *jp, int at_key)
{
	const char *p = text, *e = text + len;
	int i, n = jp->n < 16 ? jp->n : 16;

	p = js_ws(p, e);
	for (i = 0; i < n; i++) {
		int found = 0;

		if (p >= e)
			return -1;
		if (jp->key[i]) {
			size_t kl = strlen(jp->key[i]);

			if (*p != '{')
				return -1;
			for (p++; !found;) {
				const char *k, *ke;

				p = js_ws(p, e);
				if (p >= e || *p != '"') {
					if (p < e && *p == ',') {
						p++;
						continue;
					}
					return -1;
				}
				k = p + 1;
				ke = js_str(p, e) - 1;
				if ((size_t)(ke - k) == kl && !memcmp(k, jp->key[i], kl)) {
					if (i == n - 1 && at_key)
						return (long)(p - text);
					found = 1;
				}
				p = js_ws(ke + 1, e);
				if (p < e && *p == ':')
					p++;
				p = js_ws(p, e);
				if (!found)
					p = js_val(p, e, 0);
			}
		} else {
			size_t k = 0;

			if (*p != '[')
				return -1;
			for (p++; !found;) {
				p = js_ws(p, e);
				if (p >= e || *p == ']')
					return -1;
				if (*p == ',') {
					p++;
					continue;
				}
				if (k++ == jp->idx[i])
					found = 1;
				else
					p = js_val(p, e, 0);
			}
		}
	}
	return (long)(p - text);
}

static int
lerr(struct loader *L, int at_key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Fill the error with the place of the current path and "path: msg". */
static int
lerr(struct loader *L, int at_key, const char *fmt, ...)
{
	struct crm_buf path = CRM_BUF_INIT;
	char msg[400];
	va_list ap;
	long off, line = 0, col = 0, i;
	int k, n = L->jp.n < 16 ? L->jp.n : 16;

	for (k = 0; k < n; k++) {
		if (L->jp.key[k])
			crm_buf_addf(&path, "%s%s", k ? "." : "", L->jp.key[k]);
		else
			crm_buf_addf(&path, "[%zu]", L->jp.idx[k]);
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	off = js_find(L->text, L->len, &L->jp, at_key);
	if (off >= 0) {
		line = 1;
		col = 1;
		for (i = 0; i < off; i++) {
			if (L->text[i] == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)L->text[i] & 0xc0) != 0x80)
				col++;
		}
	}
	crm_err_set(L->err, CRM_EUSAGE, L->name, line, col, "%s%s%s",
	    path.buf, path.len ? ": " : "", msg);
	crm_buf_release(&path);
	return -1;
}

static const char *
jtype(const struct crm_json *j)
{
	switch (crm_json_type(j)) {
	case CRM_JSON_OBJECT: return "an object";
	case CRM_JSON_ARRAY: return "an array";
	case CRM_JSON_STRING: return "a string";
	case CRM_JSON_INTEGER: case CRM_JSON_REAL: return "a number";
	case CRM_JSON_TRUE: case CRM_JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

static int
want(struct loader *L, const struct crm_json *j, int type, const char *what)
{
	if (crm_json_type(j) == type ||
	    (type == CRM_JSON_INTEGER && (crm_json_type(j) == CRM_JSON_REAL) &&
	    crm_json_number(j) == floor(crm_json_number(j))))
		return 0;
	if (type == CRM_JSON_TRUE && crm_json_is_bool(j))
		return 0;
	return lerr(L, 0, "want %s, not %s", what, jtype(j));
}

static int
unknown_key(struct loader *L, const char *key, const char *where)
{
	int rc;

	jp_push(L, key);
	rc = lerr(L, 1, "unknown key '%s' in %s", key, where);
	jp_pop(L);
	return rc;
}

static int
get_string(struct loader *L, const struct crm_json *j, char **out)
{
	if (want(L, j, CRM_JSON_STRING, "a string"))
		return -1;
	free(*out);
	*out = xstrdup(crm_json_string_value(j));
	return 0;
}

static int
get_strings(struct loader *L, const struct crm_json *j, struct strv *sv,
    int nonempty)
{
	size_t i;
	struct crm_json *x;

	if (want(L, j, CRM_JSON_ARRAY, "an array of strings"))
		return -1;
	if (nonempty && crm_json_size(j) == 0)
		return lerr(L, 0, "want at least one value");
	crm_json_array_foreach(j, i, x) {
		jp_pushi(L, i);
		if (want(L, x, CRM_JSON_STRING, "a string"))
			return -1;
		jp_pop(L);
		strv_push(sv, crm_json_string_value(x));
	}
	return 0;
}

/* phoneTypes: names of lib/phone's types ("mobile", "toll-free", ...). */
static int
get_phone_types(struct loader *L, const struct crm_json *j, unsigned *set)
{
	struct strv sv = { 0 };
	size_t i;
	int t, rc = 0;

	if (get_strings(L, j, &sv, 1))
		rc = -1;
	for (i = 0; !rc && i < sv.n; i++) {
		for (t = CRM_PHONE_FIXED_LINE; t <= CRM_PHONE_VOICEMAIL; t++)
			if (!strcmp(sv.v[i], crm_phone_type_name(t)))
				break;
		if (t > CRM_PHONE_VOICEMAIL) {
			jp_pushi(L, i);
			rc = lerr(L, 0, "'%s' is not a phone type (mobile, "
			    "fixed-line, fixed-line-or-mobile, toll-free, "
			    "premium-rate, shared-cost, voip, personal, pager, "
			    "uan, voicemail)", sv.v[i]);
		} else
			*set |= 1u << t;
	}
	strv_release(&sv);
	return rc;
}

static int
get_severity(struct loader *L, const struct crm_json *j, int *sev)
{
	const char *s;

	if (want(L, j, CRM_JSON_STRING, "\"error\" or \"warning\""))
		return -1;
	s = crm_json_string_value(j);
	if (!strcmp(s, "error"))
		*sev = CRM_SEV_ERROR;
	else if (!strcmp(s, "warning"))
		*sev = CRM_SEV_WARNING;
	else if (!strcmp(s, "info"))
		*sev = CRM_SEV_INFO;
	else
		return lerr(L, 0, "severity '%s': want error, warning or info", s);
	return 0;
}

/* true | false | "error" | "warning": a check switched on at a severity. */
static int
get_flag_sev(struct loader *L, const struct crm_json *j, int dflt, int *sev)
{
	if (crm_json_is_bool(j)) {
		*sev = crm_json_is_true(j) ? dflt : NO_SEV;
		return 0;
	}
	if (!(crm_json_type(j) == CRM_JSON_STRING))
		return lerr(L, 0, "want true, false, \"error\" or \"warning\", not %s",
		    jtype(j));
	return get_severity(L, j, sev);
}

static int
compile_re(struct loader *L, const char *pattern, int flags,
    struct crm_regex **out)
{
	struct crm_err e = CRM_ERR_INIT;

	*out = crm_regex_new(pattern, flags, &e);
	if (!*out)
		return lerr(L, 0, "bad pattern: %s", e.msg);
	return 0;
}

static void
fold(const char *s, struct crm_buf *out)
{
	crm_buf_reset(out);
	if (crm_utf8_casefold(s, strlen(s), out) < 0) {
		crm_buf_reset(out);
		crm_buf_adds(out, s);
	}
}

static void
list_index(struct rlist *l, const char *key, long idx)
{
	struct crm_buf b = CRM_BUF_INIT;

	if ((size_t)idx == l->folded_values.n && l->folded_values.n < l->values.n &&
	    l->values.v[idx] == key) {
		fold(key, &b);
		strv_push(&l->folded_values, b.buf);
	}

	map_add(&l->exact, key, strlen(key), idx);
	if (l->ci) {
		fold(key, &b);
		map_add(&l->folded, b.buf, b.len, idx);
	}
	crm_buf_release(&b);
}

/* A list: {"values": [...], "synonyms": {...}, "caseInsensitive": bool}. */
static int
load_list(struct loader *L, const struct crm_json *j, struct rlist *l)
{
	const char *k;
	struct crm_json *x, *syn = NULL;
	struct crm_buf b = CRM_BUF_INIT;
	size_t i;

	if (want(L, j, CRM_JSON_OBJECT, "an object"))
		return -1;
	crm_json_object_foreach(j, k, x) {
		jp_push(L, k);
		if (!strcmp(k, "values")) {
			if (get_strings(L, x, &l->values, 1))
				return -1;
		} else if (!strcmp(k, "synonyms")) {
			if (want(L, x, CRM_JSON_OBJECT, "an object"))
				return -1;
			syn = x;
		} else if (!strcmp(k, "caseInsensitive")) {
			if (want(L, x, CRM_JSON_TRUE, "a boolean"))
				return -1;
			l->ci = crm_json_is_true(x);
		} else if (strcmp(k, "description")) {
			jp_pop(L);
			return unknown_key(L, k, "a list");
		}
		jp_pop(L);
	}
	if (!l->values.n)
		return lerr(L, 0, "a list needs \"values\"");
	for (i = 0; i < l->values.n; i++)
		list_index(l, l->values.v[i], (long)i);
	if (syn) {
		jp_push(L, "synonyms");
		crm_json_object_foreach(syn, k, x) {
			long idx;

			jp_push(L, k);
			if (want(L, x, CRM_JSON_STRING, "a string"))
				return -1;
			idx = map_get(&l->exact, crm_json_string_value(x),
			    strlen(crm_json_string_value(x)));
			if (idx < 0)
				return lerr(L, 0, "'%s' is not one of the values",
				    crm_json_string_value(x));
			list_index(l, k, idx);
			jp_pop(L);
		}
		jp_pop(L);
	}
	crm_buf_adds(&b, "one of ");
	for (i = 0; i < l->values.n; i++)
		crm_buf_addf(&b, "%s%s", i ? "|" : "", l->values.v[i]);
	l->expected = crm_buf_detach(&b, NULL);
	return 0;
}

static struct rlist *find_list(const struct crm_rules *R, const char *name);

int
crm_rules_set_list(struct crm_rules *R, const char *name,
    const char *const *values, size_t nvalues, const char *const *from,
    const char *const *to, size_t nsyn)
{
	struct rlist *l = find_list(R, name);
	struct crm_buf b = CRM_BUF_INIT;
	size_t i;
	long idx;

	if (!l || !nvalues)
		return -1;
	strv_release(&l->values);
	strv_release(&l->folded_values);
	crm_hmap_release(&l->exact);
	crm_hmap_release(&l->folded);
	free(l->expected);
	for (i = 0; i < nvalues; i++)
		strv_push(&l->values, values[i]);
	for (i = 0; i < nvalues; i++)
		list_index(l, l->values.v[i], (long)i);
	for (i = 0; i < nsyn; i++)
		if ((idx = map_get(&l->exact, to[i], strlen(to[i]))) >= 0)
			list_index(l, from[i], idx);
	crm_buf_adds(&b, "one of ");
	for (i = 0; i < l->values.n; i++)
		crm_buf_addf(&b, "%s%s", i ? "|" : "", l->values.v[i]);
	l->expected = crm_buf_detach(&b, NULL);
	return 0;
}

static struct rlist *
find_list(const struct crm_rules *R, const char *name)
{
	size_t i;

	for (i = 0; i < R->nlists; i++)
		if (!strcmp(R->lists[i].name, name))
			return &R->lists[i];
	return NULL;
}

static int
load_bound(struct loader *L, struct rfield *f, const struct crm_json *x,
    int is_max)
{
	double *num = is_max ? &f->max : &f->min;
	long *days = is_max ? &f->max_days : &f->min_days;
	int *today = is_max ? &f->max_today : &f->min_today;
	char **s = is_max ? &f->max_s : &f->min_s;

	if (f->type == VT_DATE) {
		const char *v;

		if (want(L, x, CRM_JSON_STRING,
		    "a date (YYYY-MM-DD) or \"today\""))
			return -1;
		v = crm_json_string_value(x);
		if (!strcmp(v, "today"))
			*today = 1;
		else if (strlen(v) != 10 || crm_date_days(v, days) < 0)
			return lerr(L, 0, "'%s' is not a date (YYYY-MM-DD) or \"today\"", v);
		*s = xstrdup(v);
	} else {
		char buf[64];

		if (!crm_json_is_number(x))
			return lerr(L, 0, "want a number, not %s", jtype(x));
		*num = crm_json_number(x);
		snprintf(buf, sizeof buf, "%.15g", *num);
		*s = xstrdup(buf);
	}
	if (is_max)
		f->has_max = 1;
	else
		f->has_min = 1;
	return 0;
}

static int
load_field(struct loader *L, const struct crm_json *j, struct rfield *f)
{
	const char *k;
	struct crm_json *x, *minimum = NULL, *maximum = NULL;
	size_t i;

	f->type = VT_STRING;
	f->unique = f->nolf = NO_SEV;
	f->minlen = f->maxlen = -1;
	f->severity = L->R->severity;
	if (want(L, j, CRM_JSON_OBJECT, "an object"))
		return -1;
	/* The type and the severity first: other keys depend on them. */
	if ((x = crm_json_get(j, "severity"))) {
		jp_push(L, "severity");
		if (get_severity(L, x, &f->severity))
			return -1;
		jp_pop(L);
	}
	if ((x = crm_json_get(j, "type"))) {
		jp_push(L, "type");
		if (want(L, x, CRM_JSON_STRING, "a type name"))
			return -1;
		for (i = 0; i < N(vtypes); i++)
			if (!strcmp(vtypes[i].name, crm_json_string_value(x)))
				break;
		if (i == N(vtypes))
			return lerr(L, 0, "unknown type '%s' (want string, integer, "
			    "number, date, boolean, email, phone, url, inn, kpp, "
			    "ogrn, ogrnip, postal_ru or postal)",
			    crm_json_string_value(x));
		f->type = (int)i;
		jp_pop(L);
	}
	crm_json_object_foreach(j, k, x) {
		jp_push(L, k);
		if (!strcmp(k, "type") || !strcmp(k, "severity") ||
		    !strcmp(k, "description"))
			;
		else if (!strcmp(k, "required")) {
			if (want(L, x, CRM_JSON_TRUE, "a boolean"))
				return -1;
			f->required = crm_json_is_true(x);
		} else if (!strcmp(k, "unique")) {
			if (get_flag_sev(L, x, f->severity, &f->unique))
				return -1;
		} else if (!strcmp(k, "noLegalForm")) {
			if (get_flag_sev(L, x, f->severity, &f->nolf))
				return -1;
		} else if (!strcmp(k, "phoneTypes")) {
			if (get_phone_types(L, x, &f->phone_types))
				return -1;
		} else if (!strcmp(k, "minLength") || !strcmp(k, "maxLength")) {
			if (want(L, x, CRM_JSON_INTEGER, "an integer"))
				return -1;
			if (crm_json_number(x) < 0)
				return lerr(L, 0, "want a length >= 0");
			*(k[1] == 'i' ? &f->minlen : &f->maxlen) =
			    (long)crm_json_number(x);
		} else if (!strcmp(k, "minimum"))
			minimum = x;
		else if (!strcmp(k, "maximum"))
			maximum = x;
		else if (!strcmp(k, "pattern")) {
			if (want(L, x, CRM_JSON_STRING, "a PCRE2 pattern") ||
			    compile_re(L, crm_json_string_value(x), 0, &f->re))
				return -1;
		} else if (!strcmp(k, "enum")) {
			if ((crm_json_type(x) == CRM_JSON_OBJECT)) {
				struct crm_json *ln = crm_json_get(x, "$list");

				if (crm_json_size(x) != 1 || !ln)
					return lerr(L, 0, "want an array of values or "
					    "{\"$list\": NAME}");
				jp_push(L, "$list");
				if (want(L, ln, CRM_JSON_STRING, "a list name"))
					return -1;
				f->list = find_list(L->R,
				    crm_json_string_value(ln));
				if (!f->list)
					return lerr(L, 0, "no list '%s' in \"lists\"",
					    crm_json_string_value(ln));
				jp_pop(L);
			} else {
				f->own = xcalloc(1, sizeof *f->own);
				f->own->name = xstrdup(f->name);
				if (get_strings(L, x, &f->own->values, 1))
					return -1;
				for (i = 0; i < f->own->values.n; i++)
					list_index(f->own, f->own->values.v[i], (long)i);
				{
					struct crm_buf b = CRM_BUF_INIT;

					crm_buf_adds(&b, "one of ");
					for (i = 0; i < f->own->values.n; i++)
						crm_buf_addf(&b, "%s%s", i ? "|" : "",
						    f->own->values.v[i]);
					f->own->expected = crm_buf_detach(&b, NULL);
				}
				f->list = f->own;
			}
		} else if (!strcmp(k, "missingValues")) {
			if (get_strings(L, x, &f->missing, 0))
				return -1;
			f->has_missing = 1;
			f->missing_max = strv_maxlen(&f->missing);
		} else if (!strcmp(k, "decimalChar") || !strcmp(k, "groupChar")) {
			if (want(L, x, CRM_JSON_STRING, "a string"))
				return -1;
			if (f->type != VT_NUMBER && f->type != VT_INTEGER)
				return lerr(L, 0, "%s is for number and integer fields", k);
			if (!*crm_json_string_value(x) && k[0] == 'd')
				return lerr(L, 0, "decimalChar cannot be empty");
			if (get_string(L, x, k[0] == 'd' ? &f->decimal : &f->group))
				return -1;
		} else if (!strcmp(k, "trueValues") || !strcmp(k, "falseValues")) {
			if (f->type != VT_BOOLEAN)
				return lerr(L, 0, "%s is for boolean fields", k);
			if (get_strings(L, x, k[0] == 't' ? &f->truev : &f->falsev, 1))
				return -1;
		} else if (!strcmp(k, "message")) {
			if (get_string(L, x, &f->message))
				return -1;
		} else {
			jp_pop(L);
			return unknown_key(L, k, "a field");
		}
		jp_pop(L);
	}
	if (minimum || maximum) {
		if (f->type != VT_DATE && f->type != VT_NUMBER &&
		    f->type != VT_INTEGER) {
			jp_push(L, minimum ? "minimum" : "maximum");
			return lerr(L, 0, "minimum and maximum are for number, "
			    "integer and date fields");
		}
		if (minimum) {
			jp_push(L, "minimum");
			if (load_bound(L, f, minimum, 0))
				return -1;
			jp_pop(L);
		}
		if (maximum) {
			jp_push(L, "maximum");
			if (load_bound(L, f, maximum, 1))
				return -1;
			jp_pop(L);
		}
	}
	if (f->nolf != NO_SEV && f->type != VT_STRING) {
		jp_push(L, "noLegalForm");
		return lerr(L, 0, "noLegalForm is for string fields");
	}
	if (f->phone_types && f->type != VT_PHONE) {
		jp_push(L, "phoneTypes");
		return lerr(L, 0, "phoneTypes is for phone fields");
	}
	if (f->type == VT_BOOLEAN && !f->truev.n) {
		static const char *const t[] = { "true", "1", "yes", "да", "y" };
		static const char *const fl[] = { "false", "0", "no", "нет", "n" };

		for (i = 0; i < N(t); i++)
			strv_push(&f->truev, t[i]);
		for (i = 0; i < N(fl); i++)
			strv_push(&f->falsev, fl[i]);
	}
	return 0;
}

static struct rentity *
get_entity(struct loader *L, const char *name)
{
	struct crm_rules *R = L->R;
	const struct crm_entity *ce;
	struct rentity *e;
	size_t i;

	for (i = 0; i < R->nents; i++)
		if (!strcmp(R->ents[i].name, name))
			return &R->ents[i];
	ce = crm_entity_find(name);
	if (!ce) {
		struct crm_buf b = CRM_BUF_INIT;

		for (i = 0; i < crm_nentities; i++)
			crm_buf_addf(&b, "%s%s", i ? ", " : "", crm_entities[i].name);
		/* At the key under "entities", at the value of a rule's "entity". */
		lerr(L, L->jp.n > 0 && L->jp.n <= 16 && L->jp.key[L->jp.n - 1] &&
		    strcmp(L->jp.key[L->jp.n - 1], "entity"),
		    "unknown entity '%s' (want one of %s)", name, b.buf);
		crm_buf_release(&b);
		return NULL;
	}
	R->ents = xreallocarray(R->ents, R->nents + 1, sizeof *R->ents);
	e = &R->ents[R->nents++];
	memset(e, 0, sizeof *e);
	e->name = xstrdup(name);
	e->ce = ce;
	return e;
}

static int
load_fk(struct loader *L, const struct crm_json *j, struct rentity *e)
{
	struct rfk *fk;
	struct strv fields = { NULL, NULL, 0 };
	const char *k;
	struct crm_json *x, *ref = NULL;
	struct crm_buf b = CRM_BUF_INIT;
	size_t i;

	if (want(L, j, CRM_JSON_OBJECT, "an object"))
		return -1;
	e->fks = xreallocarray(e->fks, e->nfks + 1, sizeof *e->fks);
	fk = &e->fks[e->nfks++];
	memset(fk, 0, sizeof *fk);
	fk->severity = L->R->severity;
	crm_json_object_foreach(j, k, x) {
		jp_push(L, k);
		if (!strcmp(k, "fields")) {
			if (get_strings(L, x, &fields, 1))
				goto fail;
			if (fields.n != 1) {
				lerr(L, 0, "a foreign key has one field");
				goto fail;
			}
			fk->field = xstrdup(fields.v[0]);
		} else if (!strcmp(k, "reference")) {
			if (want(L, x, CRM_JSON_OBJECT, "an object"))
				goto fail;
			ref = x;
		} else if (!strcmp(k, "severity")) {
			if (get_severity(L, x, &fk->severity))
				goto fail;
		} else if (!strcmp(k, "message")) {
			if (get_string(L, x, &fk->message))
				goto fail;
		} else if (strcmp(k, "description")) {
			jp_pop(L);
			unknown_key(L, k, "a foreign key");
			goto fail;
		}
		jp_pop(L);
	}
	if (!fk->field || !ref) {
		lerr(L, 0, "a foreign key needs \"fields\" and \"reference\"");
		goto fail;
	}
	jp_push(L, "reference");
	crm_json_object_foreach(ref, k, x) {
		jp_push(L, k);
		if (!strcmp(k, "entity")) {
			const struct crm_entity *ce;

			if (get_string(L, x, &fk->ref))
				goto fail;
			if (!(ce = crm_entity_find(fk->ref))) {
				lerr(L, 0, "unknown entity '%s'", fk->ref);
				goto fail;
			}
		} else if (!strcmp(k, "fields")) {
			if (get_strings(L, x, &fk->cols, 1))
				goto fail;
		} else {
			jp_pop(L);
			unknown_key(L, k, "a reference");
			goto fail;
		}
		jp_pop(L);
	}
	if (!fk->ref || !fk->cols.n) {
		lerr(L, 0, "a reference needs \"entity\" and \"fields\"");
		goto fail;
	}
	for (i = 0; i < fk->cols.n; i++)
		if (strcmp(fk->cols.v[i], "id") &&
		    crm_entity_field(crm_entity_find(fk->ref), fk->cols.v[i]) < 0) {
			jp_push(L, "fields");
			jp_pushi(L, i);
			lerr(L, 0, "%s has no field '%s'", fk->ref, fk->cols.v[i]);
			goto fail;
		}
	jp_pop(L);
	crm_buf_addf(&b, "an existing %s record (", fk->ref);
	for (i = 0; i < fk->cols.n; i++)
		crm_buf_addf(&b, "%s%s", i ? " or " : "by ", fk->cols.v[i]);
	crm_buf_addc(&b, ')');
	fk->expected = crm_buf_detach(&b, NULL);
	strv_release(&fields);
	return 0;
fail:
	strv_release(&fields);
	return -1;
}

static int
load_entity(struct loader *L, const struct crm_json *j, struct rentity *e)
{
	const char *k, *fk;
	struct crm_json *x, *y;
	size_t i;

	if (want(L, j, CRM_JSON_OBJECT, "an object"))
		return -1;
	crm_json_object_foreach(j, k, x) {
		jp_push(L, k);
		if (!strcmp(k, "fields")) {
			if (want(L, x, CRM_JSON_OBJECT, "an object"))
				return -1;
			crm_json_object_foreach(x, fk, y) {
				struct rfield *f;

				jp_push(L, fk);
				e->fields = xreallocarray(e->fields, e->nfields + 1,
				    sizeof *e->fields);
				f = &e->fields[e->nfields++];
				memset(f, 0, sizeof *f);
				f->name = xstrdup(fk);
				if (load_field(L, y, f))
					return -1;
				jp_pop(L);
			}
		} else if (!strcmp(k, "headerAliases")) {
			if (want(L, x, CRM_JSON_OBJECT, "an object"))
				return -1;
			crm_json_object_foreach(x, fk, y) {
				struct strv labels = { NULL, NULL, 0 };

				jp_push(L, fk);
				if (get_strings(L, y, &labels, 0)) {
					strv_release(&labels);
					return -1;
				}
				for (i = 0; i < labels.n; i++) {
					e->aliases = xreallocarray(e->aliases,
					    e->naliases + 1, sizeof *e->aliases);
					e->aliases[e->naliases].label = xstrdup(labels.v[i]);
					e->aliases[e->naliases].field = xstrdup(fk);
					e->naliases++;
				}
				strv_release(&labels);
				jp_pop(L);
			}
		} else if (!strcmp(k, "primaryKey")) {
			struct strv pk = { NULL, NULL, 0 };

			if (get_strings(L, x, &pk, 1)) {
				strv_release(&pk);
				return -1;
			}
			/* A primary key is required and unique (one field each). */
			for (i = 0; i < pk.n; i++) {
				size_t m;

				for (m = 0; m < e->nfields; m++)
					if (!strcmp(e->fields[m].name, pk.v[i]))
						break;
				if (m == e->nfields) {
					jp_pushi(L, i);
					lerr(L, 0, "primary key '%s' is not in \"fields\" "
					    "(list the fields first)", pk.v[i]);
					strv_release(&pk);
					return -1;
				}
				e->fields[m].required = 1;
				if (e->fields[m].unique == NO_SEV)
					e->fields[m].unique = e->fields[m].severity;
			}
			strv_release(&pk);
		} else if (!strcmp(k, "foreignKeys")) {
			if (want(L, x, CRM_JSON_ARRAY, "an array"))
				return -1;
			crm_json_array_foreach(x, i, y) {
				jp_pushi(L, i);
				if (load_fk(L, y, e))
					return -1;
				jp_pop(L);
			}
		} else if (strcmp(k, "description")) {
			jp_pop(L);
			return unknown_key(L, k, "an entity");
		}
		jp_pop(L);
	}
	return 0;
}

static int
load_when(struct loader *L, const struct crm_json *j, struct rrule *r)
{
	const char *k;
	struct crm_json *x;

	if (want(L, j, CRM_JSON_OBJECT, "an object"))
		return -1;
	crm_json_object_foreach(j, k, x) {
		jp_push(L, k);
		if (!strcmp(k, "field")) {
			if (get_string(L, x, &r->when_field))
				return -1;
		} else if (r->when != W_NONE && (!strcmp(k, "present") ||
		    !strcmp(k, "equals") || !strcmp(k, "in") || !strcmp(k, "pattern")))
			return lerr(L, 1, "one condition per \"when\"");
		else if (!strcmp(k, "present")) {
			if (want(L, x, CRM_JSON_TRUE, "a boolean"))
				return -1;
			r->when = crm_json_is_true(x) ? W_PRESENT : W_ABSENT;
		} else if (!strcmp(k, "equals")) {
			if (want(L, x, CRM_JSON_STRING, "a string"))
				return -1;
			strv_push(&r->when_values, crm_json_string_value(x));
			r->when = W_EQUALS;
		} else if (!strcmp(k, "in")) {
			if (get_strings(L, x, &r->when_values, 1))
				return -1;
			r->when = W_IN;
		} else if (!strcmp(k, "pattern")) {
			if (want(L, x, CRM_JSON_STRING, "a PCRE2 pattern") ||
			    compile_re(L, crm_json_string_value(x), 0,
			    &r->when_re))
				return -1;
			r->when = W_PATTERN;
		} else {
			jp_pop(L);
			return unknown_key(L, k, "a condition");
		}
		jp_pop(L);
	}
	if (!r->when_field)
		return lerr(L, 0, "\"when\" needs a \"field\"");
	if (r->when == W_NONE)
		r->when = W_PRESENT;
	return 0;
}

static int
load_rule(struct loader *L, const struct crm_json *j, size_t idx)
{
	struct rrule r;
	struct rentity *e;
	const char *k;
	struct crm_json *x, *ent;
	int nkinds = 0;

	if (want(L, j, CRM_JSON_OBJECT, "an object"))
		return -1;
	ent = crm_json_get(j, "entity");
	if (!ent)
		return lerr(L, 0, "a rule needs an \"entity\"");
	jp_push(L, "entity");
	if (want(L, ent, CRM_JSON_STRING, "an entity name") ||
	    !(e = get_entity(L, crm_json_string_value(ent))))
		return -1;
	jp_pop(L);
	memset(&r, 0, sizeof r);
	r.severity = L->R->severity;
	crm_json_object_foreach(j, k, x) {
		jp_push(L, k);
		if (!strcmp(k, "entity") || !strcmp(k, "description"))
			;
		else if (!strcmp(k, "id")) {
			if (get_string(L, x, &r.id))
				goto fail;
		} else if (!strcmp(k, "severity")) {
			if (get_severity(L, x, &r.severity))
				goto fail;
		} else if (!strcmp(k, "message")) {
			if (get_string(L, x, &r.message))
				goto fail;
		} else if (!strcmp(k, "when")) {
			if (load_when(L, x, &r))
				goto fail;
		} else if (!strcmp(k, "require") || !strcmp(k, "forbid") ||
		    !strcmp(k, "requireAny")) {
			if (nkinds++) {
				lerr(L, 1, "one of require, forbid or requireAny per rule");
				goto fail;
			}
			r.kind = !strcmp(k, "require") ? R_REQUIRE :
			    !strcmp(k, "forbid") ? R_FORBID : R_REQUIRE_ANY;
			if (get_strings(L, x, &r.fields, 1))
				goto fail;
		} else {
			jp_pop(L);
			unknown_key(L, k, "a rule");
			goto fail;
		}
		jp_pop(L);
	}
	if (!nkinds) {
		lerr(L, 0, "a rule needs require, forbid or requireAny");
		goto fail;
	}
	if (!r.id) {
		char buf[64];

		snprintf(buf, sizeof buf, "rules[%zu]", idx);
		r.id = xstrdup(buf);
	}
	e->rules = xreallocarray(e->rules, e->nrules + 1, sizeof *e->rules);
	e->rules[e->nrules++] = r;
	return 0;
fail:
	free(r.id);
	free(r.message);
	free(r.when_field);
	strv_release(&r.when_values);
	crm_regex_free(r.when_re);
	strv_release(&r.fields);
	return -1;
}

static int
load_defaults(struct loader *L, const struct crm_json *j)
{
	const char *k;
	struct crm_json *x;

	if (want(L, j, CRM_JSON_OBJECT, "an object"))
		return -1;
	crm_json_object_foreach(j, k, x) {
		jp_push(L, k);
		if (!strcmp(k, "severity")) {
			if (get_severity(L, x, &L->R->severity))
				return -1;
		} else if (!strcmp(k, "missingValues")) {
			strv_release(&L->R->missing);
			if (get_strings(L, x, &L->R->missing, 0))
				return -1;
			L->R->missing_max = strv_maxlen(&L->R->missing);
		} else if (!strcmp(k, "country")) {
			const char *c;

			if (want(L, x, CRM_JSON_STRING,
			    "a region such as \"RU\" or a calling code such as \"7\""))
				return -1;
			c = crm_json_string_value(x);
			if (!crm_phone_region_known(c) && (!*c || strlen(c) > 3 ||
			    strspn(c, "0123456789") != strlen(c) ||
			    !crm_phone_region_of_cc((unsigned)atoi(c))))
				return lerr(L, 0, "'%s' is neither a region such as"
				    " \"RU\" nor a calling code such as \"7\"", c);
			snprintf(L->R->country, sizeof L->R->country, "%s", c);
		} else {
			jp_pop(L);
			return unknown_key(L, k, "defaults");
		}
		jp_pop(L);
	}
	return 0;
}

static int
load_root(struct loader *L, const struct crm_json *root)
{
	const char *k;
	struct crm_json *x, *y;
	size_t i;

	if (!(crm_json_type(root) == CRM_JSON_OBJECT))
		return lerr(L, 0, "a rules file is a JSON object, not %s",
		    jtype(root));
	/* Check every key first, then load in dependency order. */
	crm_json_object_foreach(root, k, x)
		if (strcmp(k, "version") && strcmp(k, "description") &&
		    strcmp(k, "locale") && strcmp(k, "defaults") &&
		    strcmp(k, "lists") && strcmp(k, "entities") && strcmp(k, "rules"))
			return unknown_key(L, k, "the rules file");
	if ((x = crm_json_get(root, "version"))) {
		jp_push(L, "version");
		if (want(L, x, CRM_JSON_INTEGER, "1"))
			return -1;
		if (crm_json_number(x) != 1)
			return lerr(L, 0, "version %g is not supported (want 1)",
			    crm_json_number(x));
		jp_pop(L);
	}
	if ((x = crm_json_get(root, "locale")) ||
	    (x = crm_json_get(root, "description"))) {
		jp_push(L, crm_json_get(root, "locale") == x ? "locale" :
		    "description");
		if (want(L, x, CRM_JSON_STRING, "a string"))
			return -1;
		jp_pop(L);
	}
	if ((x = crm_json_get(root, "defaults"))) {
		jp_push(L, "defaults");
		if (load_defaults(L, x))
			return -1;
		jp_pop(L);
	}
	if ((x = crm_json_get(root, "lists"))) {
		jp_push(L, "lists");
		if (want(L, x, CRM_JSON_OBJECT, "an object"))
			return -1;
		crm_json_object_foreach(x, k, y) {
			struct rlist *l;

			jp_push(L, k);
			L->R->lists = xreallocarray(L->R->lists, L->R->nlists + 1,
			    sizeof *L->R->lists);
			l = &L->R->lists[L->R->nlists++];
			memset(l, 0, sizeof *l);
			l->name = xstrdup(k);
			if (load_list(L, y, l))
				return -1;
			jp_pop(L);
		}
		jp_pop(L);
	}
	if ((x = crm_json_get(root, "entities"))) {
		jp_push(L, "entities");
		if (want(L, x, CRM_JSON_OBJECT, "an object"))
			return -1;
		crm_json_object_foreach(x, k, y) {
			struct rentity *e;

			jp_push(L, k);
			if (!(e = get_entity(L, k)) || load_entity(L, y, e))
				return -1;
			jp_pop(L);
		}
		jp_pop(L);
	}
	if ((x = crm_json_get(root, "rules"))) {
		jp_push(L, "rules");
		if (want(L, x, CRM_JSON_ARRAY, "an array"))
			return -1;
		crm_json_array_foreach(x, i, y) {
			jp_pushi(L, i);
			if (load_rule(L, y, i))
				return -1;
			jp_pop(L);
		}
		jp_pop(L);
	}
	return 0;
}

struct crm_rules *
crm_rules_load_text(const char *text, size_t len, const char *name,
    const char *entity, struct crm_err *err)
{
	struct loader L;
	struct crm_err jerr = CRM_ERR_INIT;
	struct crm_json *root;
	struct crm_rules *R;
	size_t i;

	memset(&L, 0, sizeof L);
	L.name = name;
	L.text = text;
	L.len = len;
	L.err = err;
	root = crm_json_load(text, len, &jerr);
	if (!root) {
		crm_err_set(err, CRM_EUSAGE, name, jerr.line, jerr.column, "%s",
		    jerr.msg);
		return NULL;
	}
	R = xcalloc(1, sizeof *R);
	R->name = xstrdup(name);
	R->severity = CRM_SEV_ERROR;
	strv_push(&R->missing, "");
	strcpy(R->country, "7");
	L.R = R;
	if (load_root(&L, root)) {
		crm_json_free(root);
		crm_rules_free(R);
		return NULL;
	}
	crm_json_free(root);
	if (entity) {
		for (i = 0; i < R->nents; i++)
			if (!strcmp(R->ents[i].name, entity))
				break;
		if (i == R->nents) {
			crm_err_set(err, CRM_EUSAGE, name, 0, 0,
			    "no rules for %s in the file", entity);
			crm_rules_free(R);
			return NULL;
		}
	}
	return R;
}

struct crm_rules *
crm_rules_load(const char *path, const char *entity, struct crm_err *err)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_rules *R;
	char name[64], chunk[8192];
	FILE *fp;
	size_t n;

	if (!path) {
		if (!entity || crm_rules_builtin(entity, &b) < 0) {
			crm_err_set(err, CRM_EUSAGE, NULL, 0, 0,
			    "no builtin rules for '%s' (want contacts, companies "
			    "or deals)", entity ? entity : "");
			return NULL;
		}
		snprintf(name, sizeof name, "<builtin %s>", entity);
		R = crm_rules_load_text(b.buf, b.len, name, entity, err);
		crm_buf_release(&b);
		return R;
	}
	if (!(fp = fopen(path, "rb"))) {
		crm_err_set(err, CRM_EUSAGE, path, 0, 0, "cannot open rules:");
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		crm_buf_add(&b, chunk, n);
	if (ferror(fp)) {
		crm_err_set(err, CRM_EIO, path, 0, 0, "cannot read rules:");
		fclose(fp);
		crm_buf_release(&b);
		return NULL;
	}
	fclose(fp);
	R = crm_rules_load_text(b.buf, b.len, path, entity, err);
	crm_buf_release(&b);
	return R;
}
