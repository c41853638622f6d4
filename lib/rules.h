/*
 * rules: the rules file (JSON, see crm-rules(5)), its builtin defaults for
 * contacts, companies and deals, and the evaluation of records against the
 * compiled rules, producing violations (crm-validate).
 *
 * Loading is strict: an unknown key, a duplicate key, a value of the wrong
 * JSON type, an unknown type or list, or a pattern that does not compile
 * fails with CRM_EUSAGE and err->line/err->column pointing into the file,
 * err->msg starting with the JSON path ("entities.contacts.fields.phone:
 * unknown key 'pattrn'").
 *
 * A crm_rules owns everything it compiled.  A crm_validator borrows its
 * rules (free the validator first) and the store, and calls back for each
 * violation and each change; the strings it passes are borrowed for the
 * duration of the call.
 */
#ifndef CRM_RULES_H
#define CRM_RULES_H

#include <stddef.h>

#include "io.h"
#include "mapper.h"
#include "record.h"
#include "util.h"

struct crm_store;
struct crm_rules;
struct crm_validator;

enum crm_severity {
	CRM_SEV_INFO = 0,
	CRM_SEV_WARNING,
	CRM_SEV_ERROR
};

const char *crm_severity_name(int sev);

/*
 * Append the builtin rules file for entity ("contacts", "companies",
 * "deals") to out: the JSON text crm_rules_load(NULL, entity, ...)
 * compiles.  -1 for an entity without builtin rules.
 */
int crm_rules_builtin(const char *entity, struct crm_buf *out);

/*
 * Load path (NULL = the builtin rules of entity) and compile it.  The
 * file must hold rules for entity unless entity is NULL.
 */
struct crm_rules *crm_rules_load(const char *path, const char *entity,
    struct crm_err *err);
/* Same, from text (name is used in messages). */
struct crm_rules *crm_rules_load_text(const char *text, size_t len,
    const char *name, const char *entity, struct crm_err *err);
void crm_rules_free(struct crm_rules *rules);
/* The name the rules were loaded from ("<builtin contacts>" or the path). */
const char *crm_rules_name(const struct crm_rules *rules);

/* One violation: the 14 report columns (NULL = empty, 0 = none). */
struct crm_violation {
	const char *file;
	const char *entity;
	long line;		/* physical line where the record starts */
	long record;		/* data record number, from 1 */
	long column;		/* 1-based column, 0 for row and file problems */
	const char *field;	/* canonical field */
	const char *label;	/* header label as found */
	const char *code;	/* stable kebab-case code */
	const char *rule;	/* rule id, "contacts.phone.type" */
	int severity;		/* enum crm_severity */
	const char *value;	/* offending value, escaped and truncated */
	const char *expected;
	const char *fix;	/* suggested (or, with --fix, applied) value */
	const char *message;
	int fixed;		/* 1 when the fix was applied to the output */
};

typedef void crm_violation_fn(void *ctx, const struct crm_violation *v);

/* One change made by --fix. */
struct crm_change {
	const char *file;
	long line, record, column;
	const char *field, *label, *before, *after, *code;
};

typedef void crm_change_fn(void *ctx, const struct crm_change *c);

enum {
	CRM_FIX_NONE = 0,	/* report only */
	CRM_FIX_SAFE,		/* --fix: normalise, never guess */
	CRM_FIX_AGGRESSIVE	/* --fix=aggressive: also nearest list values */
};

struct crm_validate_opts {
	const char *entity;
	int fix;			/* CRM_FIX_* */
	struct crm_store *db;		/* foreign keys checked when not NULL */
	crm_violation_fn *violation;
	crm_change_fn *change;		/* may be NULL */
	void *ctx;
	int samples;			/* sample values kept per code (0 = 3) */
	const struct crm_map *maps;	/* --map pairs (may be NULL) */
	size_t nmaps;
	/*
	 * The country of records with none of their own (--country, the
	 * store's); NULL: the rules file's for phones, RU for postal codes.
	 */
	const char *country;
	int date_order;			/* --date-order: 'd', 'm', 'y'; 0 */
};

/*
 * Replace the values and synonyms of list name (a store's lead sources):
 * synonyms from[i] -> to[i], each to a value of the list.  -1 when the
 * rules have no such list or values is empty.
 */
int crm_rules_set_list(struct crm_rules *R, const char *name,
    const char *const *values, size_t nvalues, const char *const *from,
    const char *const *to, size_t nsyn);

struct crm_validator *crm_validator_new(const struct crm_rules *rules,
    const struct crm_validate_opts *o, struct crm_err *err);
void crm_validator_free(struct crm_validator *v);

/*
 * Start an input: its name, what the reader found out (may be NULL), its
 * header labels, and for each label a field that overrides the mapper's
 * (o->maps, the rules file's headerAliases, the built-in synonyms);
 * mapped may be NULL, its entries NULL when not given.  Reports header
 * problems (duplicate-label, missing-label, blank-label).
 */
void crm_validator_begin(struct crm_validator *v, const char *file,
    const struct crm_input_info *info, const char *const *labels, size_t n,
    const char *const *mapped);
/* At the end of the input: what the reader found out over all of it (bytes, line ends). */
void crm_validator_end(struct crm_validator *v,
    const struct crm_input_info *info);

/*
 * Check one record.  With fix on and out not NULL, out receives the record
 * with its values fixed (same columns, same order).  Returns 0, or -1 with
 * err filled on a database error.
 */
int crm_validator_record(struct crm_validator *v, const struct crm_record *rec,
    struct crm_record *out, struct crm_err *err);

/* A record the reader could not read (status 2): code is "format-error" or "encoding-error". */
void crm_validator_bad_record(struct crm_validator *v, long line, long record,
    const char *code, const char *message, const char *raw, size_t rawlen);

/* Totals so far. */
struct crm_validate_stats {
	long long records;		/* records checked (bad records included) */
	long long with_errors;		/* records with at least one error */
	long long with_warnings;	/* with warnings but no error */
	long long clean;		/* with no violation at all */
	long long errors, warnings;	/* violations by severity */
	long long unfixed_errors;	/* errors --fix could not repair */
	long long fixed;		/* violations repaired by --fix */
	long long changes;		/* values changed by --fix */
	long long header_errors;	/* file-level errors (missing-label, ...) */
};
void crm_validator_stats(const struct crm_validator *v,
    struct crm_validate_stats *st);

/*
 * The summary (crm-validate --summary): JSON appended to out (pretty,
 * ending in a newline), or a readable plain-text table.
 */
void crm_validator_summary_json(const struct crm_validator *v, double seconds,
    int strict, struct crm_buf *out);
void crm_validator_summary_text(const struct crm_validator *v, double seconds,
    int strict, struct crm_buf *out);

#endif
