/*
 * rules: the rules-file loader (Jansson, strict), the builtin rules, and
 * record evaluation for crm-validate.  See rules.h and crm-rules(5).
 */
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "country.h"
#include "csvio.h"
#include "date.h"
#include "entity.h"
#include "hmap.h"
#include "mapper.h"
#include "match.h"
#include "norm.h"
#include "rules.h"
#include "store_lookup.h"
#include "utf8.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define VALUE_MAX 200		/* report values are truncated here (characters) */

const char *
crm_severity_name(int sev)
{
	return sev == CRM_SEV_ERROR ? "error" : sev == CRM_SEV_WARNING ?
	    "warning" : "info";
}

/* ---- string maps (hmap) ---- */

/* Key s with val, unless it is there already (then it keeps its value). */
static void
map_add(struct crm_hmap *m, const char *s, size_t n, long val)
{
	int added;
	size_t i = crm_hmap_put(m, s, n, &added);

	if (added)
		*crm_hmap_val(m, i) = val;
}

/* The value of key s, or LONG_MIN when it is not there. */
static long
map_get(const struct crm_hmap *m, const char *s, size_t n)
{
	size_t i = crm_hmap_find(m, s, n);

	return i == CRM_HMAP_NONE ? LONG_MIN : crm_hmap_get(m, i);
}

/*
 * The unique sets: 64-bit hashes of the values and the line of their first
 * record, no strings.  Two different values collide with probability 2^-64
 * per pair (about 3e-8 over a million values): memory is 16 bytes a slot.
 */
struct hslot {
	uint64_t h;		/* 0 = empty */
	long line;
};

struct hset {
	struct hslot *tab;
	size_t cap, n;
};

/*
 * A zeroed table; big ones on huge pages where the system has them, as
 * the probes go everywhere and would otherwise miss the TLB every time.
 */
static struct hslot *
hset_alloc(size_t n)
{
	size_t bytes = n * sizeof(struct hslot);
	void *p = NULL;

#if defined(MADV_HUGEPAGE)
	if (bytes >= (2u << 20) && posix_memalign(&p, 2u << 20, bytes) == 0) {
		madvise(p, bytes, MADV_HUGEPAGE);
		memset(p, 0, bytes);
		return p;
	}
#endif
	p = xcalloc(n, sizeof(struct hslot));
	return p;
}

/* 0 when h was new (and is now in), else the line it was first seen on. */
static long
hset_put(struct hset *m, uint64_t h, long line)
{
	size_t i;

	if (!h)
		h = 1;
	if ((m->n + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 1024, k;
		struct hslot *nt = hset_alloc(ncap);

		for (k = 0; k < m->cap; k++) {
			if (!m->tab[k].h)
				continue;
			i = m->tab[k].h & (ncap - 1);
			while (nt[i].h)
				i = (i + 1) & (ncap - 1);
			nt[i] = m->tab[k];
		}
		free(m->tab);
		m->tab = nt;
		m->cap = ncap;
	}
	for (i = h & (m->cap - 1); m->tab[i].h; i = (i + 1) & (m->cap - 1))
		if (m->tab[i].h == h)
			return m->tab[i].line > 0 ? m->tab[i].line : 1;
	m->tab[i].h = h;
	m->tab[i].line = line;
	m->n++;
	return 0;
}

/* ---- compiled rules ---- */

enum vtype {
	VT_STRING, VT_INTEGER, VT_NUMBER, VT_DATE, VT_BOOLEAN, VT_EMAIL,
	VT_PHONE, VT_URL, VT_INN, VT_KPP, VT_OGRN, VT_OGRNIP, VT_POSTAL_RU,
	VT_POSTAL
};

static const struct {
	const char *name;
	const char *expected;
} vtypes[] = {
	{ "string", "text" },
	{ "integer", "an integer" },
	{ "number", "a number" },
	{ "date", "a date (YYYY-MM-DD, DD.MM.YYYY, ...)" },
	{ "boolean", "true or false" },
	{ "email", "an email address" },
	{ "phone", "+7 (XXX) XXX-XX-XX, or the international format outside +7" },
	{ "url", "a web address" },
	{ "inn", "ИНН: 10 or 12 digits with valid checksums" },
	{ "kpp", "КПП: NNNNPPXXX" },
	{ "ogrn", "ОГРН (13 digits) or ОГРНИП (15 digits) with a valid checksum" },
	{ "ogrnip", "ОГРНИП: 15 digits with a valid checksum" },
	{ "postal_ru", "a 6-digit postal code" },
	{ "postal", "a postal code of the record's country" },
};

struct strv {
	char **v;
	size_t *len;		/* strlen of each */
	size_t n;
};

struct rlist {
	char *name;
	struct strv values;
	struct strv folded_values;	/* case-folded, for suggestions */
	int ci;
	struct crm_hmap exact;	/* value or synonym as written -> value index */
	struct crm_hmap folded;	/* case-folded value or synonym -> value index */
	char *expected;
};

#define NO_SEV (-1)

struct rfield {
	char *name;
	int type;
	int required;
	int unique;		/* severity, or NO_SEV */
	int nolf;		/* noLegalForm severity, or NO_SEV */
	unsigned phone_types;	/* phoneTypes: bit per crm_phone_type; 0 any */
	long minlen, maxlen;	/* -1 = none */
	int has_min, has_max;
	double min, max;	/* numbers */
	int min_today, max_today;
	long min_days, max_days; /* dates */
	char *min_s, *max_s;	/* as written, for "expected" */
	struct crm_regex *re;
	struct rlist *list;	/* enum: a named list (borrowed) or own */
	struct rlist *own;
	struct strv missing;	/* own missingValues, or none: the defaults */
	size_t missing_max;	/* the longest of them, in bytes */
	int has_missing;
	char *decimal, *group;
	struct strv truev, falsev;
	int severity;
	char *message;
};

struct rfk {
	char *field;
	char *ref;		/* entity name */
	struct strv cols;
	int severity;
	char *message;
	char *expected;
};

enum { W_NONE, W_PRESENT, W_ABSENT, W_EQUALS, W_IN, W_PATTERN };
enum { R_REQUIRE, R_FORBID, R_REQUIRE_ANY };

struct rrule {
	char *id;
	int severity;
	char *message;
	char *when_field;
	int when;
	struct strv when_values;
	struct crm_regex *when_re;
	int kind;
	struct strv fields;
};

struct ralias {
	char *label;		/* as the rules file writes it */
	char *field;
};

struct rentity {
	char *name;
	const struct crm_entity *ce;
	struct rfield *fields;
	size_t nfields;
	struct ralias *aliases;
	size_t naliases;
	struct rfk *fks;
	size_t nfks;
	struct rrule *rules;
	size_t nrules;
};

struct crm_rules {
	char *name;
	int severity;
	struct strv missing;
	size_t missing_max;
	char country[8];
	struct rlist *lists;
	size_t nlists;
	struct rentity *ents;
	size_t nents;
};

static void
strv_push(struct strv *sv, const char *s)
{
	sv->v = xreallocarray(sv->v, sv->n + 1, sizeof *sv->v);
	sv->len = xreallocarray(sv->len, sv->n + 1, sizeof *sv->len);
	sv->len[sv->n] = strlen(s);
	sv->v[sv->n++] = xstrdup(s);
}

static size_t
strv_maxlen(const struct strv *sv)
{
	size_t i, m = 0;

	for (i = 0; i < sv->n; i++)
		if (strlen(sv->v[i]) > m)
			m = strlen(sv->v[i]);
	return m;
}

static void
strv_release(struct strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	free(sv->len);
	sv->v = NULL;
	sv->len = NULL;
	sv->n = 0;
}

static void
list_release(struct rlist *l)
{
	free(l->name);
	strv_release(&l->values);
	strv_release(&l->folded_values);
	crm_hmap_release(&l->exact);
	crm_hmap_release(&l->folded);
	free(l->expected);
}

static void
field_release(struct rfield *f)
{
	free(f->name);
	free(f->min_s);
	free(f->max_s);
	crm_regex_free(f->re);
	if (f->own) {
		list_release(f->own);
		free(f->own);
	}
	strv_release(&f->missing);
	free(f->decimal);
	free(f->group);
	strv_release(&f->truev);
	strv_release(&f->falsev);
	free(f->message);
}

void
crm_rules_free(struct crm_rules *R)
{
	size_t i, j;

	if (!R)
		return;
	for (i = 0; i < R->nents; i++) {
		struct rentity *e = &R->ents[i];

		for (j = 0; j < e->nfields; j++)
			field_release(&e->fields[j]);
		free(e->fields);
		for (j = 0; j < e->naliases; j++) {
			free(e->aliases[j].label);
			free(e->aliases[j].field);
		}
		free(e->aliases);
		for (j = 0; j < e->nfks; j++) {
			free(e->fks[j].field);
			free(e->fks[j].ref);
			strv_release(&e->fks[j].cols);
			free(e->fks[j].message);
			free(e->fks[j].expected);
		}
		free(e->fks);
		for (j = 0; j < e->nrules; j++) {
			struct rrule *r = &e->rules[j];

			free(r->id);
			free(r->message);
			free(r->when_field);
			strv_release(&r->when_values);
			crm_regex_free(r->when_re);
			strv_release(&r->fields);
		}
		free(e->rules);
		free(e->name);
	}
	free(R->ents);
	for (i = 0; i < R->nlists; i++)
		list_release(&R->lists[i]);
	free(R->lists);
	strv_release(&R->missing);
	free(R->name);
	free(R);
}

const char *
crm_rules_name(const struct crm_rules *R)
{
	return R->name;
}

/* ---- the loader ---- */

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
jtype(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: case JSON_REAL: return "a number";
	case JSON_TRUE: case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

static int
want(struct loader *L, const json_t *j, json_type type, const char *what)
{
	if (json_typeof(j) == type ||
	    (type == JSON_INTEGER && json_is_real(j) &&
	    json_real_value(j) == floor(json_real_value(j))))
		return 0;
	if (type == JSON_TRUE && json_is_boolean(j))
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
get_string(struct loader *L, const json_t *j, char **out)
{
	if (want(L, j, JSON_STRING, "a string"))
		return -1;
	free(*out);
	*out = xstrdup(json_string_value(j));
	return 0;
}

static int
get_strings(struct loader *L, const json_t *j, struct strv *sv, int nonempty)
{
	size_t i;
	json_t *x;

	if (want(L, j, JSON_ARRAY, "an array of strings"))
		return -1;
	if (nonempty && json_array_size(j) == 0)
		return lerr(L, 0, "want at least one value");
	json_array_foreach(j, i, x) {
		jp_pushi(L, i);
		if (want(L, x, JSON_STRING, "a string"))
			return -1;
		jp_pop(L);
		strv_push(sv, json_string_value(x));
	}
	return 0;
}

/* phoneTypes: names of lib/phone's types ("mobile", "toll-free", ...). */
static int
get_phone_types(struct loader *L, const json_t *j, unsigned *set)
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
get_severity(struct loader *L, const json_t *j, int *sev)
{
	const char *s;

	if (want(L, j, JSON_STRING, "\"error\" or \"warning\""))
		return -1;
	s = json_string_value(j);
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
get_flag_sev(struct loader *L, const json_t *j, int dflt, int *sev)
{
	if (json_is_boolean(j)) {
		*sev = json_is_true(j) ? dflt : NO_SEV;
		return 0;
	}
	if (!json_is_string(j))
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
load_list(struct loader *L, const json_t *j, struct rlist *l)
{
	const char *k;
	json_t *x, *syn = NULL;
	struct crm_buf b = CRM_BUF_INIT;
	size_t i;

	if (want(L, j, JSON_OBJECT, "an object"))
		return -1;
	json_object_foreach((json_t *)j, k, x) {
		jp_push(L, k);
		if (!strcmp(k, "values")) {
			if (get_strings(L, x, &l->values, 1))
				return -1;
		} else if (!strcmp(k, "synonyms")) {
			if (want(L, x, JSON_OBJECT, "an object"))
				return -1;
			syn = x;
		} else if (!strcmp(k, "caseInsensitive")) {
			if (want(L, x, JSON_TRUE, "a boolean"))
				return -1;
			l->ci = json_is_true(x);
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
		json_object_foreach(syn, k, x) {
			long idx;

			jp_push(L, k);
			if (want(L, x, JSON_STRING, "a string"))
				return -1;
			idx = map_get(&l->exact, json_string_value(x),
			    strlen(json_string_value(x)));
			if (idx < 0)
				return lerr(L, 0, "'%s' is not one of the values",
				    json_string_value(x));
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
load_bound(struct loader *L, struct rfield *f, const json_t *x, int is_max)
{
	double *num = is_max ? &f->max : &f->min;
	long *days = is_max ? &f->max_days : &f->min_days;
	int *today = is_max ? &f->max_today : &f->min_today;
	char **s = is_max ? &f->max_s : &f->min_s;

	if (f->type == VT_DATE) {
		const char *v;

		if (want(L, x, JSON_STRING, "a date (YYYY-MM-DD) or \"today\""))
			return -1;
		v = json_string_value(x);
		if (!strcmp(v, "today"))
			*today = 1;
		else if (strlen(v) != 10 || crm_date_days(v, days) < 0)
			return lerr(L, 0, "'%s' is not a date (YYYY-MM-DD) or \"today\"", v);
		*s = xstrdup(v);
	} else {
		char buf[64];

		if (!json_is_number(x))
			return lerr(L, 0, "want a number, not %s", jtype(x));
		*num = json_number_value(x);
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
load_field(struct loader *L, const json_t *j, struct rfield *f)
{
	const char *k;
	json_t *x, *minimum = NULL, *maximum = NULL;
	size_t i;

	f->type = VT_STRING;
	f->unique = f->nolf = NO_SEV;
	f->minlen = f->maxlen = -1;
	f->severity = L->R->severity;
	if (want(L, j, JSON_OBJECT, "an object"))
		return -1;
	/* The type and the severity first: other keys depend on them. */
	if ((x = json_object_get(j, "severity"))) {
		jp_push(L, "severity");
		if (get_severity(L, x, &f->severity))
			return -1;
		jp_pop(L);
	}
	if ((x = json_object_get(j, "type"))) {
		jp_push(L, "type");
		if (want(L, x, JSON_STRING, "a type name"))
			return -1;
		for (i = 0; i < N(vtypes); i++)
			if (!strcmp(vtypes[i].name, json_string_value(x)))
				break;
		if (i == N(vtypes))
			return lerr(L, 0, "unknown type '%s' (want string, integer, "
			    "number, date, boolean, email, phone, url, inn, kpp, "
			    "ogrn, ogrnip, postal_ru or postal)", json_string_value(x));
		f->type = (int)i;
		jp_pop(L);
	}
	json_object_foreach((json_t *)j, k, x) {
		jp_push(L, k);
		if (!strcmp(k, "type") || !strcmp(k, "severity") ||
		    !strcmp(k, "description"))
			;
		else if (!strcmp(k, "required")) {
			if (want(L, x, JSON_TRUE, "a boolean"))
				return -1;
			f->required = json_is_true(x);
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
			if (want(L, x, JSON_INTEGER, "an integer"))
				return -1;
			if (json_number_value(x) < 0)
				return lerr(L, 0, "want a length >= 0");
			*(k[1] == 'i' ? &f->minlen : &f->maxlen) =
			    (long)json_number_value(x);
		} else if (!strcmp(k, "minimum"))
			minimum = x;
		else if (!strcmp(k, "maximum"))
			maximum = x;
		else if (!strcmp(k, "pattern")) {
			if (want(L, x, JSON_STRING, "a PCRE2 pattern") ||
			    compile_re(L, json_string_value(x), 0, &f->re))
				return -1;
		} else if (!strcmp(k, "enum")) {
			if (json_is_object(x)) {
				json_t *ln = json_object_get(x, "$list");

				if (json_object_size(x) != 1 || !ln)
					return lerr(L, 0, "want an array of values or "
					    "{\"$list\": NAME}");
				jp_push(L, "$list");
				if (want(L, ln, JSON_STRING, "a list name"))
					return -1;
				f->list = find_list(L->R, json_string_value(ln));
				if (!f->list)
					return lerr(L, 0, "no list '%s' in \"lists\"",
					    json_string_value(ln));
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
			if (want(L, x, JSON_STRING, "a string"))
				return -1;
			if (f->type != VT_NUMBER && f->type != VT_INTEGER)
				return lerr(L, 0, "%s is for number and integer fields", k);
			if (!*json_string_value(x) && k[0] == 'd')
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
load_fk(struct loader *L, const json_t *j, struct rentity *e)
{
	struct rfk *fk;
	struct strv fields = { NULL, NULL, 0 };
	const char *k;
	json_t *x, *ref = NULL;
	struct crm_buf b = CRM_BUF_INIT;
	size_t i;

	if (want(L, j, JSON_OBJECT, "an object"))
		return -1;
	e->fks = xreallocarray(e->fks, e->nfks + 1, sizeof *e->fks);
	fk = &e->fks[e->nfks++];
	memset(fk, 0, sizeof *fk);
	fk->severity = L->R->severity;
	json_object_foreach((json_t *)j, k, x) {
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
			if (want(L, x, JSON_OBJECT, "an object"))
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
	json_object_foreach(ref, k, x) {
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
load_entity(struct loader *L, const json_t *j, struct rentity *e)
{
	const char *k, *fk;
	json_t *x, *y;
	size_t i;

	if (want(L, j, JSON_OBJECT, "an object"))
		return -1;
	json_object_foreach((json_t *)j, k, x) {
		jp_push(L, k);
		if (!strcmp(k, "fields")) {
			if (want(L, x, JSON_OBJECT, "an object"))
				return -1;
			json_object_foreach(x, fk, y) {
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
			if (want(L, x, JSON_OBJECT, "an object"))
				return -1;
			json_object_foreach(x, fk, y) {
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
			if (want(L, x, JSON_ARRAY, "an array"))
				return -1;
			json_array_foreach(x, i, y) {
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
load_when(struct loader *L, const json_t *j, struct rrule *r)
{
	const char *k;
	json_t *x;

	if (want(L, j, JSON_OBJECT, "an object"))
		return -1;
	json_object_foreach((json_t *)j, k, x) {
		jp_push(L, k);
		if (!strcmp(k, "field")) {
			if (get_string(L, x, &r->when_field))
				return -1;
		} else if (r->when != W_NONE && (!strcmp(k, "present") ||
		    !strcmp(k, "equals") || !strcmp(k, "in") || !strcmp(k, "pattern")))
			return lerr(L, 1, "one condition per \"when\"");
		else if (!strcmp(k, "present")) {
			if (want(L, x, JSON_TRUE, "a boolean"))
				return -1;
			r->when = json_is_true(x) ? W_PRESENT : W_ABSENT;
		} else if (!strcmp(k, "equals")) {
			if (want(L, x, JSON_STRING, "a string"))
				return -1;
			strv_push(&r->when_values, json_string_value(x));
			r->when = W_EQUALS;
		} else if (!strcmp(k, "in")) {
			if (get_strings(L, x, &r->when_values, 1))
				return -1;
			r->when = W_IN;
		} else if (!strcmp(k, "pattern")) {
			if (want(L, x, JSON_STRING, "a PCRE2 pattern") ||
			    compile_re(L, json_string_value(x), 0, &r->when_re))
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
load_rule(struct loader *L, const json_t *j, size_t idx)
{
	struct rrule r;
	struct rentity *e;
	const char *k;
	json_t *x, *ent;
	int nkinds = 0;

	if (want(L, j, JSON_OBJECT, "an object"))
		return -1;
	ent = json_object_get(j, "entity");
	if (!ent)
		return lerr(L, 0, "a rule needs an \"entity\"");
	jp_push(L, "entity");
	if (want(L, ent, JSON_STRING, "an entity name") ||
	    !(e = get_entity(L, json_string_value(ent))))
		return -1;
	jp_pop(L);
	memset(&r, 0, sizeof r);
	r.severity = L->R->severity;
	json_object_foreach((json_t *)j, k, x) {
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
load_defaults(struct loader *L, const json_t *j)
{
	const char *k;
	json_t *x;

	if (want(L, j, JSON_OBJECT, "an object"))
		return -1;
	json_object_foreach((json_t *)j, k, x) {
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

			if (want(L, x, JSON_STRING,
			    "a region such as \"RU\" or a calling code such as \"7\""))
				return -1;
			c = json_string_value(x);
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
load_root(struct loader *L, const json_t *root)
{
	const char *k;
	json_t *x, *y;
	size_t i;

	if (!json_is_object(root))
		return lerr(L, 0, "a rules file is a JSON object, not %s",
		    jtype(root));
	/* Check every key first, then load in dependency order. */
	json_object_foreach((json_t *)root, k, x)
		if (strcmp(k, "version") && strcmp(k, "description") &&
		    strcmp(k, "locale") && strcmp(k, "defaults") &&
		    strcmp(k, "lists") && strcmp(k, "entities") && strcmp(k, "rules"))
			return unknown_key(L, k, "the rules file");
	if ((x = json_object_get(root, "version"))) {
		jp_push(L, "version");
		if (want(L, x, JSON_INTEGER, "1"))
			return -1;
		if (json_number_value(x) != 1)
			return lerr(L, 0, "version %g is not supported (want 1)",
			    json_number_value(x));
		jp_pop(L);
	}
	if ((x = json_object_get(root, "locale")) ||
	    (x = json_object_get(root, "description"))) {
		jp_push(L, json_object_get(root, "locale") == x ? "locale" : "description");
		if (want(L, x, JSON_STRING, "a string"))
			return -1;
		jp_pop(L);
	}
	if ((x = json_object_get(root, "defaults"))) {
		jp_push(L, "defaults");
		if (load_defaults(L, x))
			return -1;
		jp_pop(L);
	}
	if ((x = json_object_get(root, "lists"))) {
		jp_push(L, "lists");
		if (want(L, x, JSON_OBJECT, "an object"))
			return -1;
		json_object_foreach(x, k, y) {
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
	if ((x = json_object_get(root, "entities"))) {
		jp_push(L, "entities");
		if (want(L, x, JSON_OBJECT, "an object"))
			return -1;
		json_object_foreach(x, k, y) {
			struct rentity *e;

			jp_push(L, k);
			if (!(e = get_entity(L, k)) || load_entity(L, y, e))
				return -1;
			jp_pop(L);
		}
		jp_pop(L);
	}
	if ((x = json_object_get(root, "rules"))) {
		jp_push(L, "rules");
		if (want(L, x, JSON_ARRAY, "an array"))
			return -1;
		json_array_foreach(x, i, y) {
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
	json_error_t je;
	json_t *root;
	struct crm_rules *R;
	size_t i;

	memset(&L, 0, sizeof L);
	L.name = name;
	L.text = text;
	L.len = len;
	L.err = err;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		crm_err_set(err, CRM_EUSAGE, name, je.line, je.column, "%s",
		    je.text);
		return NULL;
	}
	R = xcalloc(1, sizeof *R);
	R->name = xstrdup(name);
	R->severity = CRM_SEV_ERROR;
	strv_push(&R->missing, "");
	strcpy(R->country, "7");
	L.R = R;
	if (load_root(&L, root)) {
		json_decref(root);
		crm_rules_free(R);
		return NULL;
	}
	json_decref(root);
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


/* ---- evaluation ---- */

struct vfield {			/* a rules field in the current input */
	long col;		/* column, -1 = none */
	int fio;		/* 1..3: last, first, middle part of a full-name column */
	int suppress;		/* missing-label said it already */
};

struct vref {			/* a field named by a rule or a foreign key */
	long fi;		/* rules field, or -1 */
	long col;		/* column, or -1 */
};

struct fstat {
	long long present, valid, errors, warnings, withcol;
};

struct codestat {
	char *code;
	int sev;
	long long count, nerr, nwarn;
	struct strv samples;
	long lines[8];
};

struct vinput {
	char *file;
	struct crm_input_info info;
	int has_info;
	long long records;
};

struct crm_validator {
	const struct crm_rules *R;
	const struct rentity *e;
	struct crm_validate_opts o;
	long today;
	struct crm_regex *url_re;

	/* the current input */
	const char *file;
	int is_csv;
	struct crm_mapper *mapper;	/* headers onto the entity's fields */
	struct crm_postal *postal;	/* compiled when first needed */
	struct strv labels;
	char **colfield;	/* per column: the field it maps onto, or NULL */
	size_t ncols, capcols;
	struct vfield *vf;
	size_t *order;		/* rules fields in column order */
	struct vref **rule_refs;	/* per rule: when, then its fields */
	struct vref *fk_refs;

	/* the current record */
	const char **cval;
	size_t *clen;
	char **fixval;		/* with --fix: the new value of a column, or NULL */
	struct crm_buf *canon;
	unsigned char *present, *bad;
	struct crm_buf fio[3];
	int fio_done, fio_ok;
	long line, recno;
	int rec_sev;
	struct crm_buf tmp, tmp2, val, rid, msg, fixb;
	struct crm_buf folded;		/* an e-mail with compatibility forms folded */
	struct crm_err rerr;	/* a pattern PCRE2 could not decide */
	int rfailed;
	char phone_why[160];		/* a phone's reason with its reading */
	int phone_type;			/* the type of the phone last checked */

	/* the whole run */
	struct hset *uniq;
	uint64_t *uhash;	/* per field: hash of the raw value, 0 = none */
	unsigned char *upending;	/* per field: a unique probe is due */
	struct crm_hmap *enum_cache; /* per field: value -> list index, or -1 - suggestion */
	struct crm_hmap *fk_seen; /* per foreign key: value -> found (1/0) */
	struct crm_validate_stats st;
	struct fstat *fs;
	struct codestat *codes;
	size_t ncodes;
	struct vinput *inputs;
	size_t ninputs;
};

static int
sev_max(int a, int b)
{
	return a > b ? a : b;
}

/* The value as the report shows it: control characters escaped, truncated. */
static void
show_value(struct crm_buf *out, const char *s, size_t n)
{
	size_t i, chars = 0;

	crm_buf_reset(out);
	if (!s)
		return;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c & 0xc0) != 0x80 && ++chars > VALUE_MAX) {
			crm_buf_adds(out, "...");
			break;
		}
		if (c == '\n')
			crm_buf_adds(out, "\\n");
		else if (c == '\r')
			crm_buf_adds(out, "\\r");
		else if (c == '\t')
			crm_buf_adds(out, "\\t");
		else if (c < 0x20 || c == 0x7f)
			crm_buf_addf(out, "\\x%02x", c);
		else
			crm_buf_addc(out, c);
	}
}

static struct codestat *
code_stat(struct crm_validator *v, const char *code)
{
	size_t i;

	for (i = 0; i < v->ncodes; i++)
		if (!strcmp(v->codes[i].code, code))
			return &v->codes[i];
	v->codes = xreallocarray(v->codes, v->ncodes + 1, sizeof *v->codes);
	memset(&v->codes[v->ncodes], 0, sizeof *v->codes);
	v->codes[v->ncodes].code = xstrdup(code);
	v->codes[v->ncodes].sev = CRM_SEV_INFO;
	return &v->codes[v->ncodes++];
}

struct vio {
	long column;
	long fi;		/* rules field, or -1 */
	const char *field, *label, *code, *rule;
	int sev;
	const char *value;
	size_t vlen;
	const char *expected, *fix, *message;
	int fixed;
};

/* Clear a vio without memset, which compiles to a slow "rep stos" here. */
static inline void
vio_init(struct vio *x)
{
	x->column = 0;
	x->fi = -1;
	x->field = x->label = x->code = x->rule = NULL;
	x->sev = CRM_SEV_ERROR;
	x->value = NULL;
	x->vlen = 0;
	x->expected = x->fix = x->message = NULL;
	x->fixed = 0;
}

static void
emit(struct crm_validator *v, const struct vio *x)
{
	struct crm_violation out;
	struct codestat *cs;
	size_t i, k = (size_t)(v->o.samples > 0 ? v->o.samples : 3);

	if (k > N(cs->lines))
		k = N(cs->lines);
	show_value(&v->val, x->value, x->vlen);
	if (x->sev == CRM_SEV_ERROR) {
		v->st.errors++;
		if (!x->fixed)
			v->st.unfixed_errors++;
	} else if (x->sev == CRM_SEV_WARNING)
		v->st.warnings++;
	if (x->fixed)
		v->st.fixed++;
	if (v->recno == 0 && x->sev == CRM_SEV_ERROR)
		v->st.header_errors++;
	v->rec_sev = sev_max(v->rec_sev, x->sev);
	if (x->fi >= 0) {
		if (x->sev == CRM_SEV_ERROR)
			v->fs[x->fi].errors++;
		else if (x->sev == CRM_SEV_WARNING)
			v->fs[x->fi].warnings++;
	}
	cs = code_stat(v, x->code);
	cs->count++;
	cs->nerr += x->sev == CRM_SEV_ERROR;
	cs->nwarn += x->sev == CRM_SEV_WARNING;
	cs->sev = sev_max(cs->sev, x->sev);
	if (x->value && v->val.len && cs->samples.n < k) {
		for (i = 0; i < cs->samples.n; i++)
			if (!strcmp(cs->samples.v[i], v->val.buf))
				break;
		if (i == cs->samples.n) {
			cs->lines[cs->samples.n] = v->line;
			strv_push(&cs->samples, v->val.buf);
		}
	}
	out.file = v->file;
	out.entity = v->e->name;
	out.line = v->line;
	out.record = v->recno;
	out.column = x->column;
	out.field = x->field;
	out.label = x->label;
	out.code = x->code;
	out.rule = x->rule;
	out.severity = x->sev;
	out.value = x->value ? v->val.buf : NULL;
	out.expected = x->expected;
	out.fix = x->fix;
	out.message = x->message;
	out.fixed = x->fixed;
	if (v->o.violation)
		v->o.violation(v->o.ctx, &out);
}

/*
 * A pattern PCRE2 could not decide (its match or depth limit) is neither a
 * match nor a violation: the first one, with the rule and the value, is
 * kept for crm_validator_record to return as an error.
 */
static void
undecided(struct crm_validator *v, const char *rule, long col,
    const struct crm_regex *re, const char *s, size_t n,
    const struct crm_err *e)
{
	size_t shown = n;

	if (v->rfailed)
		return;
	v->rfailed = 1;
	if (shown > 80) {
		shown = 80;
		while (shown && ((unsigned char)s[shown] & 0xc0) == 0x80)
			shown--;
	}
	crm_err_set(&v->rerr, CRM_EDATA, v->file, v->line, col, "rule %s: "
	    "pattern '%s' cannot be decided on the value '%.*s'%s: %s", rule,
	    crm_regex_source(re), (int)shown, s ? s : "", shown < n ? "..." : "",
	    e->msg);
}

static const char *
rule_id(struct crm_validator *v, const char *field, const char *kind)
{
	crm_buf_reset(&v->rid);
	crm_buf_adds(&v->rid, v->e->name);
	crm_buf_addc(&v->rid, '.');
	if (field) {
		crm_buf_adds(&v->rid, field);
		crm_buf_addc(&v->rid, '.');
	}
	crm_buf_adds(&v->rid, kind);
	return v->rid.buf;
}

/* ---- the plan for an input: which column each field comes from ---- */

static long
field_index(const struct rentity *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->nfields; i++)
		if (!strcmp(e->fields[i].name, name))
			return (long)i;
	return -1;
}

static long
column_of(const struct crm_validator *v, const char *field)
{
	size_t c;

	for (c = 0; c < v->ncols; c++)
		if (v->colfield[c] && !strcmp(v->colfield[c], field))
			return (long)c;
	return -1;
}

static struct vref
make_ref(const struct crm_validator *v, const char *name)
{
	struct vref r;

	r.fi = field_index(v->e, name);
	r.col = r.fi >= 0 ? v->vf[r.fi].col : column_of(v, name);
	if (r.fi >= 0 && v->vf[r.fi].fio)
		r.col = -1;	/* a part of the full name: presence via fi */
	return r;
}

static void
free_refs(struct crm_validator *v)
{
	size_t i;

	if (v->rule_refs)
		for (i = 0; i < v->e->nrules; i++)
			free(v->rule_refs[i]);
	free(v->rule_refs);
	v->rule_refs = NULL;
	free(v->fk_refs);
	v->fk_refs = NULL;
}

static void
plan(struct crm_validator *v)
{
	const struct rentity *e = v->e;
	long fio = column_of(v, "fio");
	size_t i, j, k;

	for (i = 0; i < e->nfields; i++) {
		const char *name = e->fields[i].name;

		v->vf[i].col = column_of(v, name);
		v->vf[i].fio = 0;
		if (v->vf[i].col < 0 && fio >= 0) {
			if (!strcmp(name, "last_name"))
				v->vf[i].fio = 1;
			else if (!strcmp(name, "first_name"))
				v->vf[i].fio = 2;
			else if (!strcmp(name, "middle_name"))
				v->vf[i].fio = 3;
			if (v->vf[i].fio)
				v->vf[i].col = fio;
		}
	}
	/* Fields in column order, so violations come out left to right. */
	for (i = 0; i < e->nfields; i++)
		v->order[i] = i;
	for (i = 1; i < e->nfields; i++)
		for (j = i; j > 0; j--) {
			long a = v->vf[v->order[j - 1]].col, b = v->vf[v->order[j]].col;
			size_t t;

			if ((unsigned long)a <= (unsigned long)b)
				break;
			t = v->order[j];
			v->order[j] = v->order[j - 1];
			v->order[j - 1] = t;
		}
	free_refs(v);
	v->rule_refs = xcalloc(e->nrules ? e->nrules : 1, sizeof *v->rule_refs);
	for (i = 0; i < e->nrules; i++) {
		const struct rrule *r = &e->rules[i];

		v->rule_refs[i] = xcalloc(r->fields.n + 1, sizeof **v->rule_refs);
		v->rule_refs[i][0] = r->when_field ? make_ref(v, r->when_field) :
		    (struct vref){ -1, -1 };
		for (k = 0; k < r->fields.n; k++)
			v->rule_refs[i][k + 1] = make_ref(v, r->fields.v[k]);
	}
	v->fk_refs = xcalloc(e->nfks ? e->nfks : 1, sizeof *v->fk_refs);
	for (i = 0; i < e->nfks; i++)
		v->fk_refs[i] = make_ref(v, e->fks[i].field);
}

static const char *
map_label(struct crm_validator *v, const char *label, const char *mapped)
{
	if (mapped)
		return mapped;
	return crm_mapper_field(v->mapper, label, strlen(label));
}

static void
add_column(struct crm_validator *v, const char *label, const char *mapped)
{
	const char *f;

	if (v->ncols == v->capcols) {
		v->capcols = v->capcols ? v->capcols * 2 : 16;
		v->colfield = xreallocarray(v->colfield, v->capcols, sizeof *v->colfield);
		v->cval = xreallocarray(v->cval, v->capcols, sizeof *v->cval);
		v->clen = xreallocarray(v->clen, v->capcols, sizeof *v->clen);
		v->fixval = xreallocarray(v->fixval, v->capcols, sizeof *v->fixval);
	}
	strv_push(&v->labels, label);
	f = map_label(v, label, mapped);
	v->colfield[v->ncols] = f ? xstrdup(f) : NULL;
	v->fixval[v->ncols] = NULL;
	v->ncols++;
}

static void
clear_columns(struct crm_validator *v)
{
	size_t c;

	for (c = 0; c < v->ncols; c++) {
		free(v->colfield[c]);
		free(v->fixval[c]);
		v->fixval[c] = NULL;
	}
	v->ncols = 0;
	strv_release(&v->labels);
}

struct crm_validator *
crm_validator_new(const struct crm_rules *R, const struct crm_validate_opts *o,
    struct crm_err *err)
{
	struct crm_validator *v;
	size_t i;

	for (i = 0; i < R->nents; i++)
		if (!strcmp(R->ents[i].name, o->entity))
			break;
	if (i == R->nents) {
		crm_err_set(err, CRM_EUSAGE, R->name, 0, 0, "no rules for %s",
		    o->entity);
		return NULL;
	}
	v = xcalloc(1, sizeof *v);
	v->R = R;
	v->e = &R->ents[i];
	v->o = *o;
	v->today = (long)(time(NULL) / 86400);
	v->mapper = crm_mapper_new(v->e->ce, o->maps, o->nmaps);
	for (i = 0; i < v->e->naliases; i++)
		crm_mapper_alias(v->mapper, v->e->aliases[i].label,
		    v->e->aliases[i].field);
	for (i = 0; i < v->e->nfields; i++)
		crm_mapper_target(v->mapper, v->e->fields[i].name);
	v->url_re = crm_regex_new("(?:https?://)?(?:www\\.)?"
	    "(?:[\\p{L}0-9](?:[\\p{L}0-9-]{0,61}[\\p{L}0-9])?\\.)+"
	    "(?:[\\p{L}]{2,63}|xn--[a-z0-9-]{1,59})\\.?(?::[0-9]{1,5})?"
	    "(?:[/?#][^\\s]*)?", CRM_RE_CASELESS, err);
	if (!v->url_re) {
		crm_mapper_free(v->mapper);
		free(v);
		return NULL;
	}
	i = v->e->nfields ? v->e->nfields : 1;
	v->vf = xcalloc(i, sizeof *v->vf);
	v->order = xcalloc(i, sizeof *v->order);
	v->canon = xcalloc(i, sizeof *v->canon);
	v->present = xcalloc(i, 1);
	v->bad = xcalloc(i, 1);
	v->uniq = xcalloc(i, sizeof *v->uniq);
	v->uhash = xcalloc(i, sizeof *v->uhash);
	v->upending = xcalloc(i, 1);
	v->enum_cache = xcalloc(i, sizeof *v->enum_cache);
	v->fs = xcalloc(i, sizeof *v->fs);
	for (i = 0; i < v->e->nfields; i++)
		crm_buf_init(&v->canon[i]);
	v->fk_seen = xcalloc(v->e->nfks ? v->e->nfks : 1, sizeof *v->fk_seen);
	for (i = 0; i < 3; i++)
		crm_buf_init(&v->fio[i]);
	crm_buf_init(&v->tmp);
	crm_buf_init(&v->tmp2);
	crm_buf_init(&v->folded);
	crm_buf_init(&v->val);
	crm_buf_init(&v->rid);
	crm_buf_init(&v->msg);
	crm_buf_init(&v->fixb);
	return v;
}

void
crm_validator_free(struct crm_validator *v)
{
	size_t i;

	if (!v)
		return;
	clear_columns(v);
	free_refs(v);
	crm_mapper_free(v->mapper);
	crm_postal_free(v->postal);
	free(v->colfield);
	free(v->cval);
	free(v->clen);
	free(v->fixval);
	for (i = 0; i < v->e->nfields; i++) {
		crm_buf_release(&v->canon[i]);
		free(v->uniq[i].tab);
		crm_hmap_release(&v->enum_cache[i]);
	}
	for (i = 0; i < v->e->nfks; i++)
		crm_hmap_release(&v->fk_seen[i]);
	free(v->fk_seen);
	free(v->canon);
	free(v->uniq);
	free(v->uhash);
	free(v->upending);
	free(v->enum_cache);
	free(v->vf);
	free(v->order);
	free(v->present);
	free(v->bad);
	free(v->fs);
	for (i = 0; i < 3; i++)
		crm_buf_release(&v->fio[i]);
	crm_buf_release(&v->tmp);
	crm_buf_release(&v->tmp2);
	crm_buf_release(&v->folded);
	crm_buf_release(&v->val);
	crm_buf_release(&v->rid);
	crm_buf_release(&v->msg);
	crm_buf_release(&v->fixb);
	for (i = 0; i < v->ncodes; i++) {
		free(v->codes[i].code);
		strv_release(&v->codes[i].samples);
	}
	free(v->codes);
	for (i = 0; i < v->ninputs; i++)
		free(v->inputs[i].file);
	free(v->inputs);
	crm_regex_free(v->url_re);
	free(v);
}

void
crm_validator_end(struct crm_validator *v, const struct crm_input_info *info)
{
	if (v->ninputs && info) {
		v->inputs[v->ninputs - 1].info = *info;
		v->inputs[v->ninputs - 1].has_info = 1;
	}
}

void
crm_validator_begin(struct crm_validator *v, const char *file,
    const struct crm_input_info *info, const char *const *labels, size_t n,
    const char *const *mapped)
{
	const struct rentity *e = v->e;
	struct vinput *in;
	struct vio x;
	size_t c, d, i;

	clear_columns(v);
	v->inputs = xreallocarray(v->inputs, v->ninputs + 1, sizeof *v->inputs);
	in = &v->inputs[v->ninputs++];
	memset(in, 0, sizeof *in);
	in->file = xstrdup(crm_inname(file));
	if (info) {
		in->info = *info;
		in->has_info = 1;
	}
	v->file = in->file;
	v->is_csv = !info || info->format != CRM_FMT_JSON;
	for (c = 0; c < n; c++)
		add_column(v, labels[c], mapped ? mapped[c] : NULL);
	for (i = 0; i < e->nfields; i++)
		v->vf[i].suppress = 0;
	plan(v);
	v->line = 1;
	v->recno = 0;
	memset(&x, 0, sizeof x);
	x.fi = -1;
	/* Header problems: blank and duplicate labels, required columns absent. */
	for (c = 0; c < v->ncols && v->is_csv; c++) {
		x.column = (long)c + 1;
		x.label = v->labels.v[c];
		x.field = v->colfield[c];
		if (!*v->labels.v[c]) {
			x.code = "blank-label";
			x.rule = rule_id(v, NULL, "header");
			x.sev = CRM_SEV_WARNING;
			x.expected = "a column name";
			x.message = "the column has no name";
			emit(v, &x);
			continue;
		}
		for (d = 0; d < c; d++)
			if (!strcmp(v->labels.v[d], v->labels.v[c]) ||
			    (v->colfield[c] && v->colfield[d] &&
			    !strcmp(v->colfield[c], v->colfield[d])))
				break;
		if (d < c) {
			crm_buf_reset(&v->msg);
			crm_buf_addf(&v->msg, "column %zu is '%s' too; this one is "
			    "ignored", d + 1, v->labels.v[d]);
			x.code = "duplicate-label";
			x.rule = rule_id(v, v->colfield[c], "header");
			x.sev = CRM_SEV_ERROR;
			x.expected = "one column per field";
			x.message = v->msg.buf;
			emit(v, &x);
			free(v->colfield[c]);
			v->colfield[c] = NULL;
		}
	}
	plan(v);
	for (i = 0; i < e->nfields && v->is_csv; i++) {
		if (!e->fields[i].required || v->vf[i].col >= 0)
			continue;
		crm_buf_reset(&v->msg);
		crm_buf_addf(&v->msg, "no column for the required field %s",
		    e->fields[i].name);
		x.column = 0;
		x.label = NULL;
		x.field = e->fields[i].name;
		x.fi = (long)i;
		x.code = "missing-label";
		x.rule = rule_id(v, e->fields[i].name, "required");
		x.sev = CRM_SEV_ERROR;
		x.expected = "a column for the field";
		x.message = v->msg.buf;
		emit(v, &x);
		v->vf[i].suppress = 1;
	}
}

/* ---- checking values ---- */

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static void
trim(const char **s, size_t *n)
{
	while (*n && is_space((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_space((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

static int
is_missing(const struct crm_validator *v, const struct rfield *f,
    const char *s, size_t n)
{
	const struct strv *mv = f && f->has_missing ? &f->missing : &v->R->missing;
	size_t i, maxlen = f && f->has_missing ? f->missing_max : v->R->missing_max;

	if (!s || !n)
		return 1;
	if (n > maxlen + 8)
		return 0;	/* longer than any marker with some spaces around */
	trim(&s, &n);
	if (n > maxlen)
		return 0;
	for (i = 0; i < mv->n; i++)
		if (mv->len[i] == n && !memcmp(mv->v[i], s, n))
			return 1;
	return 0;
}

static size_t
utf8_chars(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xc0) != 0x80;
	return k;
}

/*
 * Text that crm_norm_text would leave as it is: printable ASCII and basic
 * Cyrillic (always NFC), single inner spaces.  The common case, checked
 * without the Unicode machinery.
 */
static int
plain_text(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return 1;
	if (s[0] == ' ' || s[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x21 && c < 0x7f)
			continue;
		if (c == ' ') {
			if (s[i + 1] == ' ')
				return 0;
			continue;
		}
		if ((c == 0xd0 || c == 0xd1) && i + 1 < n &&
		    ((unsigned char)s[i + 1] & 0xc0) == 0x80) {
			i++;
			continue;
		}
		/* « » */
		if (c == 0xc2 && i + 1 < n && ((unsigned char)s[i + 1] == 0xab ||
		    (unsigned char)s[i + 1] == 0xbb)) {
			i++;
			continue;
		}
		/* – — “ ” „ № */
		if (c == 0xe2 && i + 2 < n && (((unsigned char)s[i + 1] == 0x80 &&
		    strchr("\x93\x94\x9c\x9d\x9e", s[i + 2])) ||
		    ((unsigned char)s[i + 1] == 0x84 && (unsigned char)s[i + 2] == 0x96))) {
			i += 2;
			continue;
		}
		return 0;
	}
	return 1;
}

static int
has_control(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 1;
	return 0;
}

static int
sci_notation(const char *s, size_t n)
{
	size_t i = 0;
	int digits = 0, e = 0;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (!digits)
		return 0;
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, e++;
	}
	return e > 0 && i == n;
}

/* Strict number: [+-]digits(group digits)*(decimal digits)?; canonical into out. */
static int
strict_number(const struct rfield *f, const char *s, size_t n, int integer,
    struct crm_buf *out)
{
	const char *dec = f->decimal ? f->decimal : ".";
	const char *grp = f->group && *f->group ? f->group : NULL;
	size_t dl = strlen(dec), gl = grp ? strlen(grp) : 0, i = 0;
	int digits = 0, frac = 0;

	crm_buf_reset(out);
	if (i < n && (s[i] == '+' || s[i] == '-')) {
		if (s[i] == '-')
			crm_buf_addc(out, '-');
		i++;
	}
	while (i < n) {
		if (s[i] >= '0' && s[i] <= '9') {
			crm_buf_addc(out, s[i++]);
			digits++;
		} else if (gl && digits && n - i > gl && !memcmp(s + i, grp, gl))
			i += gl;
		else
			break;
	}
	if (!digits)
		return -1;
	if (i < n && !integer && n - i >= dl && !memcmp(s + i, dec, dl)) {
		i += dl;
		crm_buf_addc(out, '.');
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			crm_buf_addc(out, s[i++]);
			frac++;
		}
		if (!frac)
			return -1;
	}
	return i == n ? 0 : -1;
}

static int
ascii_ieq(const char *a, size_t an, const char *b)
{
	size_t i;

	if (strlen(b) != an)
		return 0;
	for (i = 0; i < an; i++) {
		int x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (y >= 'A' && y <= 'Z')
			y += 32;
		if (x != y)
			return 0;
	}
	return 1;
}

/* The current record's own country field, NULL when it names none. */
static const struct crm_country *
own_country(struct crm_validator *v)
{
	size_t col;

	for (col = 0; col < v->ncols; col++)
		if (v->colfield[col] && !strcmp(v->colfield[col], "country") &&
		    v->cval[col] && v->clen[col])
			return crm_country_lookup(v->cval[col], v->clen[col]);
	return NULL;
}

/* The current record's country: its own field, else the run's (--country, the store's, RU). */
static const struct crm_country *
record_country(struct crm_validator *v)
{
	const struct crm_country *c = own_country(v);

	if (!c && v->o.country)
		c = crm_country_find(v->o.country, strlen(v->o.country));
	return c ? c : crm_country_find(CRM_COUNTRY_DEFAULT, 2);
}

/* A type a phoneTypes set allows; fixed-line-or-mobile fits either. */
static int
phone_type_ok(unsigned set, int type)
{
	if (set & 1u << type)
		return 1;
	return type == CRM_PHONE_FIXED_OR_MOBILE &&
	    (set & (1u << CRM_PHONE_FIXED_LINE | 1u << CRM_PHONE_MOBILE));
}

/* "a mobile or toll-free number" */
static void
phone_types_text(struct crm_buf *b, unsigned set)
{
	int t, k = 0;

	crm_buf_adds(b, "a ");
	for (t = CRM_PHONE_FIXED_LINE; t <= CRM_PHONE_VOICEMAIL; t++)
		if (set & 1u << t)
			crm_buf_addf(b, "%s%s", k++ ? " or " : "",
			    crm_phone_type_name(t));
	crm_buf_adds(b, " number");
}

/* The default region of the record's phones: its country, else the rules file's. */
static const char *
phone_region(struct crm_validator *v)
{
	const struct crm_country *c = own_country(v);

	if (c)
		return c->code;
	return v->o.country ? v->o.country : v->R->country;
}

/*
 * Check s against the field's type; on success the canonical value is in
 * out and 0 is returned; else -1 with *code and *why.
 */
static int
check_type(struct crm_validator *v, const struct rfield *f, const char *s,
    size_t n, struct crm_buf *out, const char **code, const char **why)
{
	struct crm_phone ph;
	struct crm_err rerr = CRM_ERR_INIT;
	size_t i;
	int rc = 0;

	crm_buf_reset(out);
	*why = NULL;
	*code = "type-error";
	switch (f->type) {
	case VT_STRING:
		/*
		 * Only a check that looks at the text itself needs it in
		 * canonical form; a report on names and cities does not.
		 */
		if (v->o.fix == CRM_FIX_NONE && !f->list && !f->re &&
		    f->nolf == NO_SEV) {
			trim(&s, &n);
			crm_buf_add(out, s, n);
			return 0;
		}
		if (plain_text(s, n) || crm_norm_text(s, n, out, why) < 0) {
			crm_buf_reset(out);
			crm_buf_add(out, s, n);
		}
		return 0;
	case VT_INTEGER:
		if (strict_number(f, s, n, 1, out) < 0) {
			*why = NULL;
			return -1;
		}
		return 0;
	case VT_NUMBER:
		if (strict_number(f, s, n, 0, out) == 0)
			return 0;
		crm_buf_reset(out);
		if (f->decimal || f->group) {
			*why = "not in the declared decimalChar and groupChar";
			return -1;
		}
		/* 9,900 in the USA, 9.900 in Brazil: by the record's country */
		rc = crm_norm_amount_ex(s, n, crm_country_decimal(record_country(v)),
		    out, NULL, NULL, why);
		break;
	case VT_DATE: {
		/* 3/4/2024: --date-order, else the record's country's order */
		const struct crm_country *cc = record_country(v);

		rc = crm_norm_date_order(s, n, v->o.date_order ? v->o.date_order :
		    cc->date_order == 'm' ? 'm' : 'd', out, NULL, why);
		break;
	}
	case VT_BOOLEAN:
		for (i = 0; i < f->truev.n; i++)
			if (ascii_ieq(s, n, f->truev.v[i])) {
				crm_buf_adds(out, "true");
				return 0;
			}
		for (i = 0; i < f->falsev.n; i++)
			if (ascii_ieq(s, n, f->falsev.v[i])) {
				crm_buf_adds(out, "false");
				return 0;
			}
		*why = NULL;
		return -1;
	case VT_EMAIL:
		*code = "email-invalid";
		rc = crm_norm_email(s, n, out, why);
		break;
	case VT_PHONE:
		*code = "phone-invalid";
		rc = crm_norm_phone(s, n, phone_region(v), &ph, why);
		v->phone_type = ph.num.type;
		if (rc == 0)
			crm_buf_adds(out, ph.display);
		else if (ph.num.validity == CRM_PHONE_POSSIBLE && *why) {
			/* how the digits were read: +7 ... or another country */
			snprintf(v->phone_why, sizeof v->phone_why,
			    "%s (read as %s)", *why, ph.num.e164);
			*why = v->phone_why;
		}
		break;
	case VT_URL:
		if ((rc = crm_regex_match(v->url_re, s, n, &rerr)) <= 0) {
			if (rc < 0) {
				size_t fi = (size_t)(f - v->e->fields);

				undecided(v, rule_id(v, f->name, "type"),
				    v->vf[fi].col + 1, v->url_re, s, n, &rerr);
			}
			*why = NULL;
			return -1;
		}
		crm_buf_add(out, s, n);
		return 0;
	case VT_INN:
		rc = crm_norm_inn(s, n, out, why);
		break;
	case VT_KPP:
		rc = crm_norm_kpp(s, n, out, why);
		break;
	case VT_OGRN:
		for (i = 0, rc = 0; i < n; i++)
			rc += s[i] >= '0' && s[i] <= '9';
		rc = rc == 15 ? crm_norm_ogrnip(s, n, out, why) :
		    crm_norm_ogrn(s, n, out, why);
		break;
	case VT_OGRNIP:
		rc = crm_norm_ogrnip(s, n, out, why);
		break;
	case VT_POSTAL_RU:
		*code = "postal-code-invalid";
		rc = crm_norm_postal(s, n, out, why);
		break;
	case VT_POSTAL: {
		const struct crm_country *cc = record_country(v);

		*code = "postal-code-invalid";
		if (!strcmp(cc->code, "RU")) {
			rc = crm_norm_postal(s, n, out, why);
			break;
		}
		if (!v->postal)
			v->postal = crm_postal_new();
		rc = crm_postal_check(v->postal, cc, s, n, out, why) < 0 ? -1 : 0;
		break;
	}
	}
	if (rc < 0) {
		crm_buf_reset(out);
		if (*why && strstr(*why, "checksum"))
			*code = "checksum-error";
		return -1;
	}
	return 0;
}

/* The nearest list value within 2 edits (case-folded), or NULL. */
static const char *
nearest(struct crm_validator *v, const struct rlist *l, const char *s,
    size_t n)
{
	const char *best = NULL;
	size_t i, d, bestd = 3;

	crm_buf_reset(&v->tmp2);
	if (crm_utf8_casefold(s, n, &v->tmp2) < 0)
		return NULL;
	for (i = 0; i < l->values.n; i++) {
		const char *fv = l->folded_values.v[i];
		size_t fl = strlen(fv);

		d = crm_levenshtein(v->tmp2.buf, v->tmp2.len, fv, fl, 2);
		if (d < bestd && d * 3 <= utf8_chars(fv, fl)) {
			bestd = d;
			best = l->values.v[i];
		}
	}
	return best;
}

static const char *
field_message(struct crm_validator *v, const struct rfield *f,
    const char *dflt)
{
	if (!f->message)
		return dflt;
	if (dflt == v->msg.buf) {
		crm_buf_reset(&v->tmp2);
		crm_buf_adds(&v->tmp2, dflt);
		dflt = v->tmp2.buf;
	}
	crm_buf_reset(&v->msg);
	crm_buf_adds(&v->msg, f->message);
	crm_buf_adds(&v->msg, " (");
	crm_buf_adds(&v->msg, dflt);
	crm_buf_addc(&v->msg, ')');
	return v->msg.buf;
}

/*
 * The fixed value of column col.  A value kept from running as a formula
 * in a spreadsheet by a leading apostrophe ("'=1+2") keeps it: a fix that
 * drops it (trimming quotes, an e-mail's) would arm the formula again.
 */
static void
set_fix(struct crm_validator *v, long col, const char *s, size_t n)
{
	const char *was = v->cval[col];

	free(v->fixval[col]);
	if (was && was[0] == '\'' && crm_csv_formula(s, n)) {
		v->fixval[col] = xmalloc(n + 2);
		v->fixval[col][0] = '\'';
		memcpy(v->fixval[col] + 1, s, n);
		v->fixval[col][n + 1] = '\0';
		return;
	}
	v->fixval[col] = xstrndup(s, n);
}

static void
split_fio(struct crm_validator *v, long col)
{
	const char *why;
	const char *s = v->cval[col];
	int i;

	v->fio_done = 1;
	v->fio_ok = 0;
	for (i = 0; i < 3; i++)
		crm_buf_reset(&v->fio[i]);
	if (!s || is_missing(v, NULL, s, v->clen[col]))
		return;
	v->fio_ok = crm_norm_fio(s, v->clen[col], &v->fio[0], &v->fio[1],
	    &v->fio[2], &why) == 0;
}

/*
 * A warning on f of the "type" rule whose fix is fix: x is set for it and
 * restored after.
 */
static void
warn_fixable(struct crm_validator *v, const struct rfield *f, struct vio *x,
    const char *code, const char *expected, const char *message,
    const char *fix, int fixing)
{
	x->code = code;
	x->rule = rule_id(v, f->name, "type");
	x->sev = CRM_SEV_WARNING;
	x->expected = expected;
	x->fix = fix;
	x->fixed = fixing;
	x->message = message;
	emit(v, x);
	x->fix = NULL;
	x->fixed = 0;
	x->sev = f->severity;
}

/* An ИНН that Excel stored as a number lost its leading zero. */
static void
lost_zero(struct crm_validator *v, const struct rfield *f, struct vio *x,
    const char *fix, int fixing)
{
	warn_fixable(v, f, x, "excel-artifact", vtypes[f->type].expected,
	    "a leading zero was lost (Excel)", fix, fixing);
}

/* Check the field fi of the current record. */
static void
check_field(struct crm_validator *v, size_t fi)
{
	const struct rfield *f = &v->e->fields[fi];
	const struct vfield *vf = &v->vf[fi];
	struct crm_buf *canon = &v->canon[fi];
	struct crm_err rerr = CRM_ERR_INIT;
	int m = 1;
	struct vio x;
	const char *raw, *s, *code, *why;
	size_t rawlen, n;
	int fixing = v->o.fix != CRM_FIX_NONE, artefact = 0, compat = 0;
	char ebuf[32];

	v->present[fi] = 0;
	v->bad[fi] = 0;
	vio_init(&x);
	x.fi = (long)fi;
	x.field = f->name;
	x.sev = f->severity;
	if (vf->col < 0) {
		if (f->required && !vf->suppress) {
			x.code = "required";
			x.rule = rule_id(v, f->name, "required");
			x.expected = "a value";
			x.message = "a required value is missing";
			emit(v, &x);
			v->bad[fi] = 1;
		}
		return;
	}
	v->fs[fi].withcol++;
	x.column = vf->col + 1;
	x.label = v->labels.v[vf->col];
	if (vf->fio) {
		if (!v->fio_done)
			split_fio(v, vf->col);
		raw = v->fio_ok ? v->fio[vf->fio - 1].buf : NULL;
		rawlen = v->fio_ok ? v->fio[vf->fio - 1].len : 0;
		fixing = 0;	/* the full-name column is written as it came */
	} else {
		raw = v->cval[vf->col];
		rawlen = v->clen[vf->col];
	}
	x.value = raw;
	x.vlen = rawlen;
	if (is_missing(v, f, raw, rawlen)) {
		if (f->required) {
			x.code = "required";
			x.rule = rule_id(v, f->name, "required");
			x.expected = "a value";
			x.message = "a required value is missing";
			emit(v, &x);
			v->bad[fi] = 1;
		}
		if (fixing && raw && rawlen)
			set_fix(v, vf->col, "", 0);
		return;
	}
	v->present[fi] = 1;
	v->fs[fi].present++;
	s = raw;
	n = rawlen;
	if (f->type != VT_STRING) {
		trim(&s, &n);
		if (sci_notation(s, n) && f->type != VT_NUMBER && f->type != VT_DATE &&
		    f->type != VT_BOOLEAN) {
			x.code = "excel-artifact";
			x.rule = rule_id(v, f->name, "type");
			x.expected = vtypes[f->type].expected;
			x.message = "a number in scientific notation (Excel): the "
			    "digits are lost; take them from the source";
			emit(v, &x);
			v->bad[fi] = 1;
			return;
		}
		if (n > 1 && s[0] == '\'') {
			s++, n--;
			artefact = 1;
		} else if (n > 3 && s[0] == '=' && s[1] == '"' && s[n - 1] == '"') {
			s += 2, n -= 3;
			artefact = 1;
		}
	}
	/* Full-width letters and other compatibility forms: folded (NFKC). */
	if (f->type == VT_EMAIL) {
		crm_buf_reset(&v->folded);
		if (crm_norm_email_compat(s, n, &v->folded)) {
			s = v->folded.buf;
			n = v->folded.len;
			compat = 1;
		}
	}
	if (check_type(v, f, s, n, canon, &code, &why) < 0) {
		/* A lost leading zero (Excel) is put back when the checksum then holds. */
		if (f->type == VT_INN && (n == 9 || n == 11) &&
		    strspn(s, "0123456789") >= n) {
			const char *why2;

			ebuf[0] = '0';
			memcpy(ebuf + 1, s, n);
			crm_buf_reset(canon);
			if (crm_norm_inn(ebuf, n + 1, canon, &why2) == 0) {
				lost_zero(v, f, &x, canon->buf, fixing);
				artefact = 0;
				goto typed;
			}
		}
		crm_buf_reset(&v->msg);
		crm_buf_adds(&v->msg, "not ");
		crm_buf_adds(&v->msg,
		    f->type == VT_PHONE ? "a phone number" :
		    f->type == VT_EMAIL ? "an email address" :
		    f->type == VT_POSTAL || f->type == VT_POSTAL_RU ?
		    "a postal code" :
		    f->type == VT_INN ? "a valid ИНН" :
		    f->type == VT_OGRN ? "a valid ОГРН" :
		    f->type == VT_OGRNIP ? "a valid ОГРНИП" :
		    f->type == VT_KPP ? "a КПП" : vtypes[f->type].expected);
		if (why && strcmp(why, v->msg.buf)) {
			crm_buf_adds(&v->msg, ": ");
			crm_buf_adds(&v->msg, why);
		}
		x.code = code;
		x.rule = rule_id(v, f->name, "type");
		x.expected = vtypes[f->type].expected;
		x.message = v->msg.buf;
		emit(v, &x);
		v->bad[fi] = 1;
		return;
	}
	if (f->type == VT_INN && canon->len > n - strspn(s, "0") &&
	    n < canon->len && strspn(s, "0123456789") >= n)
		lost_zero(v, f, &x, canon->buf, fixing);
typed:
	if (f->type != VT_STRING && has_control(raw, rawlen))
		warn_fixable(v, f, &x, "control-char",
		    "no line breaks or control characters",
		    "a line break or control character in the value",
		    canon->buf, fixing);
	if (artefact)
		warn_fixable(v, f, &x, "excel-artifact",
		    vtypes[f->type].expected,
		    "a spreadsheet quoting artefact (' or =\"...\")",
		    canon->buf, fixing);
	if (compat)
		warn_fixable(v, f, &x, "email-compat", vtypes[f->type].expected,
		    "compatibility characters (such as full-width letters):"
		    " folded", canon->buf, fixing);
	if (f->type == VT_EMAIL &&
	    (why = crm_norm_email_unusual(canon->buf, canon->len))) {
		/* RFC 5321/6531 allow it; many mail systems do not. */
		crm_buf_reset(&v->msg);
		crm_buf_addf(&v->msg, "a valid but unusual address: %s", why);
		warn_fixable(v, f, &x, "email-unusual", vtypes[f->type].expected,
		    v->msg.buf, NULL, 0);
	}
	if (f->list) {
		const struct rlist *l = f->list;
		long idx = map_get(&l->exact, canon->buf, canon->len);

		if (idx == LONG_MIN)
			idx = map_get(&v->enum_cache[fi], canon->buf, canon->len);
		if (idx == LONG_MIN) {
			/* Case-folded, else the nearest value: remembered per value. */
			if (l->ci) {
				crm_buf_reset(&v->tmp);
				crm_utf8_casefold(canon->buf, canon->len, &v->tmp);
				idx = map_get(&l->folded, v->tmp.buf, v->tmp.len);
			}
			if (idx == LONG_MIN) {
				const char *near = nearest(v, l, canon->buf, canon->len);
				size_t k;

				idx = -1;
				for (k = 0; near && k < l->values.n; k++)
					if (l->values.v[k] == near)
						idx = -2 - (long)k;
			}
			if (crm_hmap_count(&v->enum_cache[fi]) < 10000)
				map_add(&v->enum_cache[fi], canon->buf, canon->len,
				    idx);
		}
		if (idx >= 0) {
			const char *val = l->values.v[idx];

			if (strcmp(val, canon->buf)) {
				crm_buf_reset(canon);
				crm_buf_adds(canon, val);
			}
		} else {
			const char *near = idx <= -2 ? l->values.v[-2 - idx] : NULL;

			crm_buf_reset(&v->msg);
			crm_buf_adds(&v->msg, "not in the list ");
			crm_buf_adds(&v->msg, l->name);
			if (near) {
				crm_buf_adds(&v->msg, "; did you mean '");
				crm_buf_adds(&v->msg, near);
				crm_buf_adds(&v->msg, "'?");
			}
			x.code = "enum-error";
			x.rule = rule_id(v, f->name, "enum");
			x.expected = l->expected;
			x.fix = near;
			x.fixed = near && v->o.fix == CRM_FIX_AGGRESSIVE && fixing;
			x.message = field_message(v, f, v->msg.buf);
			emit(v, &x);
			x.fix = NULL;
			if (x.fixed) {
				crm_buf_reset(canon);
				crm_buf_adds(canon, near);
				x.fixed = 0;
			} else {
				v->bad[fi] = 1;
				return;
			}
		}
	}
	if (f->re && (m = crm_regex_match(f->re, canon->buf, canon->len,
	    &rerr)) < 0) {
		undecided(v, rule_id(v, f->name, "pattern"), vf->col + 1, f->re,
		    canon->buf, canon->len, &rerr);
		v->bad[fi] = 1;
	} else if (f->re && !m) {
		x.code = "pattern-error";
		x.rule = rule_id(v, f->name, "pattern");
		x.expected = crm_regex_source(f->re);
		x.message = field_message(v, f, "does not match the pattern");
		emit(v, &x);
		v->bad[fi] = 1;
	}
	/* Characters are between bytes / 4 and bytes: count only when that matters. */
	if ((f->minlen >= 0 && canon->len / 4 < (size_t)f->minlen) ||
	    (f->maxlen >= 0 && canon->len > (size_t)f->maxlen)) {
		size_t len = utf8_chars(canon->buf, canon->len);
		char exp[64];

		if ((f->minlen >= 0 && len < (size_t)f->minlen) ||
		    (f->maxlen >= 0 && len > (size_t)f->maxlen)) {
			int lo = f->minlen >= 0 && len < (size_t)f->minlen;

			snprintf(exp, sizeof exp, "%s %ld characters",
			    lo ? "at least" : "at most", lo ? f->minlen : f->maxlen);
			crm_buf_reset(&v->msg);
			crm_buf_addf(&v->msg, "%zu characters: too %s", len,
			    lo ? "short" : "long");
			x.code = lo ? "min-length" : "max-length";
			x.rule = rule_id(v, f->name, lo ? "minLength" : "maxLength");
			x.expected = exp;
			x.message = field_message(v, f, v->msg.buf);
			emit(v, &x);
			v->bad[fi] = 1;
		}
	}
	if (f->has_min || f->has_max) {
		int lo = 0, hi = 0;

		if (f->type == VT_DATE) {
			long d;

			if (crm_date_days(canon->buf, &d) == 0) {
				lo = f->has_min && d < (f->min_today ? v->today : f->min_days);
				hi = f->has_max && d > (f->max_today ? v->today : f->max_days);
			}
		} else {
			double d = strtod(canon->buf, NULL);

			lo = f->has_min && d < f->min;
			hi = f->has_max && d > f->max;
		}
		if (lo || hi) {
			char exp[96];

			snprintf(exp, sizeof exp, "%s %s", lo ? ">=" : "<=",
			    lo ? f->min_s : f->max_s);
			x.code = lo ? "minimum" : "maximum";
			x.rule = rule_id(v, f->name, lo ? "minimum" : "maximum");
			x.expected = exp;
			x.message = field_message(v, f, f->type == VT_DATE ?
			    (hi && f->max_today ? "a date in the future" :
			    lo ? "the date is too early" : "the date is too late") :
			    lo ? "the value is too small" : "the value is too large");
			emit(v, &x);
			v->bad[fi] = 1;
		}
	}
	if (f->phone_types && !phone_type_ok(f->phone_types, v->phone_type)) {
		crm_buf_reset(&v->tmp);
		phone_types_text(&v->tmp, f->phone_types);
		crm_buf_reset(&v->msg);
		crm_buf_addf(&v->msg, "a %s number",
		    crm_phone_type_name(v->phone_type));
		x.code = "phone-type";
		x.rule = rule_id(v, f->name, "phoneTypes");
		x.expected = v->tmp.buf;
		x.message = field_message(v, f, v->msg.buf);
		emit(v, &x);
		v->bad[fi] = 1;
	}
	if (f->nolf != NO_SEV) {
		const char *why2 = NULL;
		struct crm_buf *name = &v->tmp, *form = &v->tmp2;

		crm_buf_reset(name);
		crm_buf_reset(form);
		if (crm_norm_company(canon->buf, canon->len, name, form, &why2) < 0) {
			x.code = "legal-form-only";
			x.rule = rule_id(v, f->name, "noLegalForm");
			x.sev = sev_max(f->nolf, CRM_SEV_ERROR);
			x.expected = "a company name";
			x.message = field_message(v, f, "the name is only a legal form");
			emit(v, &x);
			v->bad[fi] = 1;
			x.sev = f->severity;
		} else if (form->len) {
			long lfc = column_of(v, "legal_form");
			int apply = fixing && lfc >= 0 &&
			    is_missing(v, NULL, v->cval[lfc], v->clen[lfc]);

			crm_buf_reset(&v->fixb);
			crm_buf_add(&v->fixb, name->buf, name->len);
			crm_buf_reset(&v->msg);
			crm_buf_addf(&v->msg, "the name holds the legal form %s", form->buf);
			if (apply)
				set_fix(v, lfc, form->buf, form->len);
			x.code = "legal-form-in-name";
			x.rule = rule_id(v, f->name, "noLegalForm");
			x.sev = f->nolf;
			x.expected = "the name without its legal form";
			x.fix = v->fixb.buf;
			x.fixed = apply;
			x.message = field_message(v, f, v->msg.buf);
			emit(v, &x);
			x.fix = NULL;
			x.fixed = 0;
			x.sev = f->severity;
			if (apply) {
				crm_buf_reset(canon);
				crm_buf_add(canon, v->fixb.buf, v->fixb.len);
			} else
				v->bad[fi] = 1;
		}
	}
	if (f->unique != NO_SEV) {
		/* Probed after the other fields (see check_unique). */
		v->uhash[fi] = v->uhash[fi] && canon->len == rawlen &&
		    !memcmp(canon->buf, raw, rawlen) ? v->uhash[fi] :
		    crm_hmap_hash(canon->buf, canon->len);
		v->upending[fi] = 1;
	}
	if (!v->bad[fi] && !v->upending[fi])
		v->fs[fi].valid++;
	/* A date-time in UTC keeps its zone: "...T10:00:00Z" is canonical too. */
	if (f->type == VT_DATE && rawlen == canon->len + 1 && raw[rawlen - 1] == 'Z' &&
	    !memcmp(raw, canon->buf, canon->len)) {
		crm_buf_reset(canon);
		crm_buf_add(canon, raw, rawlen);
	}
	if (fixing && (canon->len != rawlen || memcmp(canon->buf, raw, rawlen)))
		set_fix(v, vf->col, canon->buf, canon->len);
}

/*
 * The unique sets, probed last so that the slots prefetched at the start
 * of the record have arrived.
 */
static void
check_unique(struct crm_validator *v)
{
	const struct rentity *e = v->e;
	size_t fi;

	for (fi = 0; fi < e->nfields; fi++) {
		const struct rfield *f = &e->fields[fi];
		long first;
		struct vio x;

		if (!v->upending[fi])
			continue;
		v->upending[fi] = 0;
		first = hset_put(&v->uniq[fi], v->uhash[fi], v->line);
		if (!first) {
			if (!v->bad[fi])
				v->fs[fi].valid++;
			continue;
		}
		memset(&x, 0, sizeof x);
		x.fi = (long)fi;
		x.field = f->name;
		x.column = v->vf[fi].col + 1;
		x.label = v->labels.v[v->vf[fi].col];
		x.value = v->canon[fi].buf;
		x.vlen = v->canon[fi].len;
		crm_buf_reset(&v->msg);
		crm_buf_addf(&v->msg, "the same value is on line %ld", first);
		x.code = "unique-error";
		x.rule = rule_id(v, f->name, "unique");
		x.sev = f->unique;
		x.expected = "a value no other record has";
		x.message = field_message(v, f, v->msg.buf);
		emit(v, &x);
		v->bad[fi] = 1;
	}
}

/* Is the field a rule names present in the current record?  Its value in *s. */
static int
ref_present(struct crm_validator *v, const struct vref *r, const char **s,
    size_t *n)
{
	*s = NULL;
	*n = 0;
	if (r->fi >= 0 && v->vf[r->fi].col >= 0) {
		if (!v->present[r->fi])
			return 0;
		*s = v->canon[r->fi].buf;
		*n = v->canon[r->fi].len;
		return 1;
	}
	if (r->col < 0 || !v->cval[r->col] ||
	    is_missing(v, NULL, v->cval[r->col], v->clen[r->col]))
		return 0;
	*s = v->cval[r->col];
	*n = v->clen[r->col];
	trim(s, n);
	return 1;
}

static void
check_rules(struct crm_validator *v)
{
	const struct rentity *e = v->e;
	struct crm_err rerr = CRM_ERR_INIT;
	size_t i, k;

	for (i = 0; i < e->nrules; i++) {
		const struct rrule *r = &e->rules[i];
		const struct vref *refs = v->rule_refs[i];
		const char *s, *first = NULL;
		size_t n;
		int p, hit = 1, bad = 0, nfound = 0;
		long col = 0, fi = -1;
		struct vio x;

		if (r->when_field) {
			p = ref_present(v, &refs[0], &s, &n);
			switch (r->when) {
			case W_PRESENT: hit = p; break;
			case W_ABSENT: hit = !p; break;
			case W_EQUALS:
			case W_IN:
				hit = 0;
				for (k = 0; p && k < r->when_values.n; k++)
					if (strlen(r->when_values.v[k]) == n &&
					    !memcmp(r->when_values.v[k], s, n))
						hit = 1;
				break;
			case W_PATTERN:
				hit = p ? crm_regex_match(r->when_re, s, n, &rerr) : 0;
				if (hit < 0) {
					undecided(v, r->id, refs[0].col >= 0 ?
					    refs[0].col + 1 : 0, r->when_re, s, n, &rerr);
					hit = 0;
				}
				break;
			}
		}
		if (!hit)
			continue;
		for (k = 0; k < r->fields.n; k++) {
			p = ref_present(v, &refs[k + 1], &s, &n);
			nfound += p;
			if ((r->kind == R_REQUIRE && !p) || (r->kind == R_FORBID && p)) {
				bad = 1;
				if (!first) {
					first = r->fields.v[k];
					fi = refs[k + 1].fi;
					col = refs[k + 1].col >= 0 ? refs[k + 1].col + 1 :
					    fi >= 0 && v->vf[fi].col >= 0 ? v->vf[fi].col + 1 : 0;
				}
			}
		}
		if (r->kind == R_REQUIRE_ANY && !nfound) {
			bad = 1;
			first = r->fields.v[0];
		}
		if (!bad)
			continue;
		memset(&x, 0, sizeof x);
		x.fi = -1;
		x.column = r->kind == R_REQUIRE_ANY ? 0 : col;
		x.field = first;
		x.label = x.column > 0 ? v->labels.v[x.column - 1] : NULL;
		x.code = "rule-violation";
		x.rule = r->id;
		x.sev = r->severity;
		if (r->kind == R_FORBID && x.column > 0) {
			x.value = v->cval[x.column - 1];
			x.vlen = v->clen[x.column - 1];
		}
		crm_buf_reset(&v->fixb);
		for (k = 0; k < r->fields.n; k++)
			crm_buf_addf(&v->fixb, "%s%s", k ? (r->kind == R_REQUIRE_ANY ?
			    " or " : ", ") : "", r->fields.v[k]);
		crm_buf_reset(&v->msg);
		crm_buf_addf(&v->msg, "%s %s", r->kind == R_FORBID ? "no" :
		    r->kind == R_REQUIRE ? "a value for" : "one of", v->fixb.buf);
		x.expected = v->msg.buf;
		x.message = r->message ? r->message : r->kind == R_FORBID ?
		    "a value that must be empty here is present" :
		    "a value required here is missing";
		emit(v, &x);
	}
}

static int
check_fks(struct crm_validator *v, struct crm_err *err)
{
	const struct rentity *e = v->e;
	size_t i, k;

	if (!v->o.db)
		return 0;
	for (i = 0; i < e->nfks; i++) {
		const struct rfk *fk = &e->fks[i];
		const char *s;
		size_t n;
		int found = 0, added;
		size_t t;
		struct vio x;

		if (!ref_present(v, &v->fk_refs[i], &s, &n))
			continue;
		t = crm_hmap_put(&v->fk_seen[i], s, n, &added);
		if (added) {
			crm_buf_reset(&v->tmp);
			crm_buf_add(&v->tmp, s, n);
			for (k = 0; k < fk->cols.n && !found; k++) {
				const char *key = v->tmp.buf, *why;
				struct crm_phone ph;

				/* Phones and ИНН as the store keeps them. */
				crm_buf_reset(&v->tmp2);
				if (!strcmp(fk->cols.v[k], "phone")) {
					if (crm_norm_phone(s, n, phone_region(v), &ph, &why) < 0)
						continue;
					crm_buf_adds(&v->tmp2, ph.display);
					key = v->tmp2.buf;
				} else if (!strcmp(fk->cols.v[k], "inn")) {
					if (crm_norm_inn(s, n, &v->tmp2, &why) < 0)
						continue;
					key = v->tmp2.buf;
				} else if (!strcmp(fk->cols.v[k], "name") &&
				    !strcmp(fk->ref, "companies")) {
					/* "Acme Corp." names the company stored as "Acme" */
					struct crm_buf form = CRM_BUF_INIT;
					int cr = crm_norm_company(s, n, &v->tmp2,
					    &form, &why);

					crm_buf_release(&form);
					if (cr < 0)
						continue;
					key = v->tmp2.buf;
				} else if (!strcmp(fk->cols.v[k], "full_name")) {
					if (crm_norm_text(s, n, &v->tmp2, &why) < 0)
						continue;
					key = v->tmp2.buf;
				}
				if (crm_store_exists(v->o.db, fk->ref, fk->cols.v[k],
				    key, &found, err) < 0)
					return -1;
			}
			*crm_hmap_val(&v->fk_seen[i], t) = found;
		}
		if (*crm_hmap_val(&v->fk_seen[i], t))
			continue;
		memset(&x, 0, sizeof x);
		x.fi = v->fk_refs[i].fi;
		x.column = v->fk_refs[i].col >= 0 ? v->fk_refs[i].col + 1 :
		    x.fi >= 0 ? v->vf[x.fi].col + 1 : 0;
		x.field = fk->field;
		x.label = x.column > 0 ? v->labels.v[x.column - 1] : NULL;
		x.code = "foreign-key";
		x.rule = rule_id(v, fk->field, "foreignKey");
		x.sev = fk->severity;
		x.value = s;
		x.vlen = n;
		x.expected = fk->expected;
		crm_buf_reset(&v->msg);
		crm_buf_addf(&v->msg, "no such %s record in the store", fk->ref);
		x.message = fk->message ? fk->message : v->msg.buf;
		emit(v, &x);
		if (x.fi >= 0)
			v->bad[x.fi] = 1;
	}
	return 0;
}

static void
finish_record(struct crm_validator *v)
{
	if (v->rec_sev == CRM_SEV_ERROR)
		v->st.with_errors++;
	else if (v->rec_sev == CRM_SEV_WARNING)
		v->st.with_warnings++;
	else
		v->st.clean++;
}

static long
find_column(const struct crm_validator *v, const char *name, size_t j)
{
	size_t c;

	/* A CSV record has its cells in header order, extra cells after them. */
	if (v->is_csv)
		return j < v->ncols ? (long)j : -1;

	if (j < v->ncols && (v->labels.v[j] == name ||
	    (v->labels.v[j][0] == name[0] && !strcmp(v->labels.v[j], name))))
		return (long)j;
	for (c = 0; c < v->ncols; c++)
		if (!strcmp(v->labels.v[c], name))
			return (long)c;
	return -1;
}

int
crm_validator_record(struct crm_validator *v, const struct crm_record *rec,
    struct crm_record *out, struct crm_err *err)
{
	const struct rentity *e = v->e;
	size_t c, j, i;
	int blank = 1;
	struct vio x;

	v->st.records++;
	v->inputs[v->ninputs - 1].records++;
	v->line = rec->line;
	v->recno = rec->recno;
	v->rec_sev = -1;
	v->fio_done = 0;
	for (c = 0; c < v->ncols; c++) {
		v->cval[c] = NULL;
		v->clen[c] = 0;
		free(v->fixval[c]);
		v->fixval[c] = NULL;
	}
	for (j = 0; j < rec->n; j++) {
		const struct crm_field *fd = &rec->f[j];
		long col = find_column(v, fd->name, j);

		if (col < 0) {
			if (v->is_csv)
				continue;	/* an extra cell: see the ragged check */
			/* A key the first JSON object did not have. */
			add_column(v, fd->name, NULL);
			plan(v);
			col = (long)v->ncols - 1;
			v->cval[col] = NULL;
		}
		if (v->cval[col])
			continue;
		v->cval[col] = fd->value;
		v->clen[col] = fd->len;
	}
	for (j = 0; j < rec->n && blank; j++)
		if (rec->f[j].value && rec->f[j].len)
			blank = 0;
	memset(&x, 0, sizeof x);
	x.fi = -1;
	if (blank) {
		x.code = "blank-row";
		x.rule = rule_id(v, NULL, "row");
		x.sev = CRM_SEV_WARNING;
		x.expected = "a record";
		x.message = "the row is empty";
		emit(v, &x);
		goto done;
	}
	if (v->is_csv && rec->ncells && rec->ncells != v->ncols) {
		/* Ragged: cells may have shifted, so no cell checks (no cascade). */
		x.rule = rule_id(v, NULL, "row");
		x.sev = CRM_SEV_ERROR;
		crm_buf_reset(&v->msg);
		crm_buf_addf(&v->msg, "the row has %zu cells, the header %zu",
		    rec->ncells, v->ncols);
		x.message = v->msg.buf;
		if (rec->ncells > v->ncols) {
			for (j = 0, c = v->ncols; j < rec->n; j++) {
				if (find_column(v, rec->f[j].name, j) >= 0)
					continue;
				x.column = (long)++c;
				x.code = "extra-cell";
				x.expected = "no cell beyond the header";
				x.value = rec->f[j].value;
				x.vlen = rec->f[j].len;
				emit(v, &x);
			}
		} else {
			for (c = rec->ncells; c < v->ncols; c++) {
				x.column = (long)c + 1;
				x.label = v->labels.v[c];
				x.field = v->colfield[c];
				x.code = "missing-cell";
				x.expected = "a cell for every column";
				emit(v, &x);
			}
		}
		goto done;
	}
	/*
	 * The unique sets are large and probed at random: start loading the
	 * slots now, while the other fields are checked.
	 */
	for (i = 0; i < e->nfields; i++) {
		long col = v->vf[i].col;

		v->uhash[i] = 0;
		if (e->fields[i].unique == NO_SEV || col < 0 || v->vf[i].fio ||
		    !v->cval[col] || !v->uniq[i].cap)
			continue;
		v->uhash[i] = crm_hmap_hash(v->cval[col], v->clen[col]);
#if defined(__GNUC__)
		__builtin_prefetch(&v->uniq[i].tab[(v->uhash[i] ? v->uhash[i] : 1) &
		    (v->uniq[i].cap - 1)]);
#endif
	}
	for (i = 0; i < e->nfields; i++)
		check_field(v, v->order[i]);
	check_unique(v);
	if (check_fks(v, err) < 0)
		return -1;
	check_rules(v);
	if (v->rfailed) {
		v->rfailed = 0;
		*err = v->rerr;
		return -1;
	}
done:
	finish_record(v);
	if (out && v->o.fix != CRM_FIX_NONE) {
		crm_record_reset(out);
		out->line = rec->line;
		out->recno = rec->recno;
		out->ncells = rec->ncells;
		for (j = 0; j < rec->n; j++) {
			const struct crm_field *fd = &rec->f[j];
			long col = find_column(v, fd->name, j);

			if (col >= 0 && v->fixval[col] && v->cval[col] == fd->value) {
				struct crm_change ch;

				crm_record_add(out, fd->name, fd->namelen,
				    v->fixval[col], strlen(v->fixval[col]));
				v->st.changes++;
				if (v->o.change) {
					ch.file = v->file;
					ch.line = v->line;
					ch.record = v->recno;
					ch.column = col + 1;
					ch.field = v->colfield[col];
					ch.label = v->labels.v[col];
					ch.before = fd->value ? fd->value : "";
					ch.after = v->fixval[col];
					ch.code = "normalized";
					v->o.change(v->o.ctx, &ch);
				}
			} else
				crm_record_add(out, fd->name, fd->namelen, fd->value,
				    fd->len);
		}
	}
	return 0;
}

void
crm_validator_bad_record(struct crm_validator *v, long line, long record,
    const char *code, const char *message, const char *raw, size_t rawlen)
{
	struct vio x;

	v->st.records++;
	v->inputs[v->ninputs - 1].records++;
	v->line = line;
	v->recno = record;
	v->rec_sev = -1;
	memset(&x, 0, sizeof x);
	x.fi = -1;
	x.code = code;
	x.rule = rule_id(v, NULL, "row");
	x.sev = CRM_SEV_ERROR;
	if (raw) {
		while (rawlen && (raw[rawlen - 1] == '\n' || raw[rawlen - 1] == '\r'))
			rawlen--;
		x.value = raw;
		x.vlen = rawlen;
	}
	x.expected = !strcmp(code, "encoding-error") ? "UTF-8 text" :
	    "a well-formed record";
	x.message = message;
	emit(v, &x);
	finish_record(v);
}

void
crm_validator_stats(const struct crm_validator *v,
    struct crm_validate_stats *st)
{
	*st = v->st;
}

/* ---- the summary ---- */

static double
pct(long long part, long long whole)
{
	if (whole <= 0)
		return 0.0;
	return floor(1000.0 * (double)part / (double)whole + 0.5) / 10.0;
}

static const char *
delim_name(int d)
{
	switch (d) {
	case ',': return ",";
	case ';': return ";";
	case '\t': return "tab";
	case '|': return "|";
	default: return "";
	}
}

void
crm_validator_summary_json(const struct crm_validator *v, double seconds,
    int strict, struct crm_buf *out)
{
	const struct crm_validate_stats *st = &v->st;
	json_t *root, *inputs, *stats, *bycode, *byfield;
	char *text;
	size_t i, k;
	int valid = strict ? st->errors + st->warnings == 0 : st->errors == 0;

	if (v->o.fix != CRM_FIX_NONE)
		valid = st->unfixed_errors == 0 && (!strict || st->warnings == 0);
	root = json_object();
	json_object_set_new(root, "tool", json_string("crm-validate " CRM_VERSION));
	json_object_set_new(root, "entity", json_string(v->e->name));
	json_object_set_new(root, "rules", json_string(v->R->name));
	json_object_set_new(root, "valid", json_boolean(valid));
	json_object_set_new(root, "strict", json_boolean(strict));
	inputs = json_array();
	for (i = 0; i < v->ninputs; i++) {
		const struct vinput *in = &v->inputs[i];
		json_t *o = json_object();

		json_object_set_new(o, "file", json_string(in->file));
		if (in->has_info) {
			const struct crm_input_info *f = &in->info;

			json_object_set_new(o, "format", json_string(
			    f->format == CRM_FMT_JSON ? "json" : "csv"));
			json_object_set_new(o, "encoding", json_string(f->encoding));
			if (f->encoding_how)
				json_object_set_new(o, "encodingFoundBy",
				    json_string(f->encoding_how));
			json_object_set_new(o, "bom", json_boolean(f->bom));
			if (f->format != CRM_FMT_JSON) {
				json_object_set_new(o, "delimiter",
				    json_string(delim_name(f->delimiter)));
				if (f->delimiter_how)
					json_object_set_new(o, "delimiterFoundBy",
					    json_string(f->delimiter_how));
			}
			if (f->line_ending)
				json_object_set_new(o, "lineEnding",
				    json_string(f->line_ending));
			json_object_set_new(o, "bytes", json_integer(f->bytes));
		}
		json_object_set_new(o, "records", json_integer(in->records));
		json_array_append_new(inputs, o);
	}
	json_object_set_new(root, "inputs", inputs);
	stats = json_object();
	json_object_set_new(stats, "records", json_integer(st->records));
	json_object_set_new(stats, "cleanRecords", json_integer(st->clean));
	json_object_set_new(stats, "cleanPercent", json_real(pct(st->clean, st->records)));
	json_object_set_new(stats, "recordsWithErrors", json_integer(st->with_errors));
	json_object_set_new(stats, "recordsWithWarningsOnly",
	    json_integer(st->with_warnings));
	json_object_set_new(stats, "errors", json_integer(st->errors));
	json_object_set_new(stats, "warnings", json_integer(st->warnings));
	json_object_set_new(stats, "fileErrors", json_integer(st->header_errors));
	if (v->o.fix != CRM_FIX_NONE) {
		json_object_set_new(stats, "fixed", json_integer(st->fixed));
		json_object_set_new(stats, "changes", json_integer(st->changes));
		json_object_set_new(stats, "unfixedErrors",
		    json_integer(st->unfixed_errors));
	}
	json_object_set_new(stats, "seconds",
	    json_real(floor(seconds * 1000.0 + 0.5) / 1000.0));
	json_object_set_new(root, "stats", stats);
	bycode = json_object();
	for (i = 0; i < v->ncodes; i++) {
		const struct codestat *cs = &v->codes[i];
		json_t *o = json_object(), *sm = json_array();

		json_object_set_new(o, "count", json_integer(cs->count));
		json_object_set_new(o, "severity", json_string(crm_severity_name(cs->sev)));
		if (cs->nerr && cs->nwarn) {
			json_object_set_new(o, "errors", json_integer(cs->nerr));
			json_object_set_new(o, "warnings", json_integer(cs->nwarn));
		}
		for (k = 0; k < cs->samples.n; k++) {
			json_t *s = json_object();

			json_object_set_new(s, "line", json_integer(cs->lines[k]));
			json_object_set_new(s, "value", json_string(cs->samples.v[k]));
			json_array_append_new(sm, s);
		}
		json_object_set_new(o, "samples", sm);
		json_object_set_new(bycode, cs->code, o);
	}
	json_object_set_new(root, "byCode", bycode);
	byfield = json_object();
	for (i = 0; i < v->e->nfields; i++) {
		const struct fstat *fs = &v->fs[i];
		json_t *o = json_object();

		json_object_set_new(o, "column", json_boolean(fs->withcol > 0));
		json_object_set_new(o, "present", json_integer(fs->present));
		json_object_set_new(o, "valid", json_integer(fs->valid));
		json_object_set_new(o, "completeness",
		    json_real(pct(fs->present, st->records)));
		json_object_set_new(o, "validity",
		    json_real(fs->present ? pct(fs->valid, fs->present) : 100.0));
		json_object_set_new(o, "errors", json_integer(fs->errors));
		json_object_set_new(o, "warnings", json_integer(fs->warnings));
		json_object_set_new(byfield, v->e->fields[i].name, o);
	}
	json_object_set_new(root, "byField", byfield);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(6));
	if (text) {
		crm_buf_adds(out, text);
		crm_buf_addc(out, '\n');
		free(text);
	}
	json_decref(root);
}

/* Pad s (UTF-8) to width columns. */
static void
pad(struct crm_buf *out, const char *s, size_t width, int right)
{
	size_t w = crm_utf8_width(s, strlen(s));

	if (right)
		for (; w < width; w++)
			crm_buf_addc(out, ' ');
	crm_buf_adds(out, s);
	if (!right)
		for (; w < width; w++)
			crm_buf_addc(out, ' ');
}

static int
code_order(const void *a, const void *b)
{
	const struct codestat *x = *(const struct codestat *const *)a;
	const struct codestat *y = *(const struct codestat *const *)b;

	if (x->sev != y->sev)
		return y->sev - x->sev;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->code, y->code);
}

void
crm_validator_summary_text(const struct crm_validator *v, double seconds,
    int strict, struct crm_buf *out)
{
	const struct crm_validate_stats *st = &v->st;
	const struct codestat **cs;
	char num[64];
	size_t i, k, wf = 5;
	long long bad = strict ? st->errors + st->warnings : st->errors;

	if (v->o.fix != CRM_FIX_NONE)
		bad = st->unfixed_errors + (strict ? st->warnings : 0);
	crm_buf_addf(out, "%s: %lld record%s checked against %s in %.2fs: %s\n",
	    v->e->name, st->records, st->records == 1 ? "" : "s", v->R->name,
	    seconds, bad ? "NOT VALID" : "valid");
	for (i = 0; i < v->ninputs; i++) {
		const struct vinput *in = &v->inputs[i];

		crm_buf_addf(out, "  input %s: %lld records", in->file, in->records);
		if (in->has_info) {
			crm_buf_addf(out, ", %s, %s", in->info.format == CRM_FMT_JSON ?
			    "JSON" : "CSV", in->info.encoding);
			if (in->info.bom)
				crm_buf_adds(out, " with BOM");
			if (in->info.format != CRM_FMT_JSON)
				crm_buf_addf(out, ", delimiter '%s'",
				    delim_name(in->info.delimiter));
			if (in->info.line_ending)
				crm_buf_addf(out, ", %s", in->info.line_ending);
		}
		crm_buf_addc(out, '\n');
	}
	crm_buf_adds(out, "\n  records\n");
	crm_buf_addf(out, "    clean                 %10lld  %5.1f%%\n", st->clean,
	    pct(st->clean, st->records));
	crm_buf_addf(out, "    with errors           %10lld  %5.1f%%\n",
	    st->with_errors, pct(st->with_errors, st->records));
	crm_buf_addf(out, "    with warnings only    %10lld  %5.1f%%\n",
	    st->with_warnings, pct(st->with_warnings, st->records));
	crm_buf_addf(out, "    violations            %10lld  (%lld errors, %lld warnings)\n",
	    st->errors + st->warnings, st->errors, st->warnings);
	if (v->o.fix != CRM_FIX_NONE)
		crm_buf_addf(out, "    values changed        %10lld  (%lld violations "
		    "fixed, %lld errors left)\n", st->changes, st->fixed,
		    st->unfixed_errors);
	if (v->ncodes) {
		cs = xreallocarray(NULL, v->ncodes, sizeof *cs);
		for (i = 0; i < v->ncodes; i++)
			cs[i] = &v->codes[i];
		qsort(cs, v->ncodes, sizeof *cs, code_order);
		crm_buf_adds(out, "\n  by code               severity       count  sample values\n");
		for (i = 0; i < v->ncodes; i++) {
			crm_buf_adds(out, "    ");
			pad(out, cs[i]->code, 20, 0);
			crm_buf_adds(out, " ");
			pad(out, cs[i]->nerr && cs[i]->nwarn ? "both" :
			    crm_severity_name(cs[i]->sev), 8, 0);
			snprintf(num, sizeof num, "%lld", cs[i]->count);
			pad(out, num, 10, 1);
			crm_buf_adds(out, "  ");
			for (k = 0; k < cs[i]->samples.n; k++) {
				const char *s = cs[i]->samples.v[k];
				size_t len = strlen(s);

				crm_buf_addf(out, "%s\"", k ? ", " : "");
				if (utf8_chars(s, len) > 24) {
					size_t b = 0, ch = 0;

					while (b < len && ch < 21)
						ch += ((unsigned char)s[++b] & 0xc0) != 0x80;
					crm_buf_add(out, s, b);
					crm_buf_adds(out, "...");
				} else
					crm_buf_adds(out, s);
				crm_buf_addf(out, "\" (line %ld)", cs[i]->lines[k]);
			}
			crm_buf_addc(out, '\n');
		}
		free(cs);
	}
	for (i = 0; i < v->e->nfields; i++)
		if (strlen(v->e->fields[i].name) > wf)
			wf = strlen(v->e->fields[i].name);
	crm_buf_adds(out, "\n  by field    ");
	pad(out, "", wf > 10 ? wf - 10 : 0, 0);
	crm_buf_adds(out, "complete    valid   errors  warnings\n");
	for (i = 0; i < v->e->nfields; i++) {
		const struct fstat *fs = &v->fs[i];

		crm_buf_adds(out, "    ");
		pad(out, v->e->fields[i].name, wf, 0);
		if (!fs->withcol) {
			crm_buf_adds(out, "   (no column)\n");
			continue;
		}
		crm_buf_addf(out, "  %6.1f%%  %6.1f%%  %7lld  %8lld\n",
		    pct(fs->present, st->records),
		    fs->present ? pct(fs->valid, fs->present) : 100.0,
		    fs->errors, fs->warnings);
	}
}
