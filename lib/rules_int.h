/*
 * rules_int.h: what the parts of the rules module share, private to
 * lib/rules*.c: the compiled rules (the loader makes them, the evaluation
 * reads them), the validator (evaluation fills it, the summary reports
 * it), and small helpers.  Static inline, as when rules was one file.
 */
#ifndef CRM_RULES_INT_H
#define CRM_RULES_INT_H

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "io.h"
#include "rules.h"
#include "util.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define VALUE_MAX 200		/* report values are truncated here (characters) */

/* ---- string maps (hmap) ---- */

/* Key s with val, unless it is there already (then it keeps its value). */
static inline void
map_add(struct crm_hmap *m, const char *s, size_t n, long val)
{
	int added;
	size_t i = crm_hmap_put(m, s, n, &added);

	if (added)
		*crm_hmap_val(m, i) = val;
}

/* The value of key s, or LONG_MIN when it is not there. */
static inline long
map_get(const struct crm_hmap *m, const char *s, size_t n)
{
	size_t i = crm_hmap_find(m, s, n);

	return i == CRM_HMAP_NONE ? LONG_MIN : crm_hmap_get(m, i);
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

static inline void
strv_push(struct strv *sv, const char *s)
{
	sv->v = xreallocarray(sv->v, sv->n + 1, sizeof *sv->v);
	sv->len = xreallocarray(sv->len, sv->n + 1, sizeof *sv->len);
	sv->len[sv->n] = strlen(s);
	sv->v[sv->n++] = xstrdup(s);
}

static inline size_t
strv_maxlen(const struct strv *sv)
{
	size_t i, m = 0;

	for (i = 0; i < sv->n; i++)
		if (strlen(sv->v[i]) > m)
			m = strlen(sv->v[i]);
	return m;
}

static inline void
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

/* ---- the validator ---- */

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
	int own_done;			/* own is the record's country field's */
	const struct crm_country *own;
	const struct crm_country *runc;	/* --country's, else RU: once */
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

static inline size_t
utf8_chars(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xc0) != 0x80;
	return k;
}

#endif
