/*
 * mapper: input headers onto an entity's canonical fields, and the typed
 * normalisation of the values that land on them.  One place decides what
 * a header means, so a synonym or a --map behaves the same in crm-import,
 * crm-dedupe, crm-rfm and the rules of crm-validate.
 *
 * A header resolves, first match wins:
 *   1. --map 'Header=field' (the header exactly as written; the last
 *      --map of a header wins);
 *   2. aliases the caller adds (a rules file's), compared after
 *      crm_norm_label;
 *   3. a target field of that very name (the entity's, or one the caller
 *      adds);
 *   4. the entity's canonical names and the built-in synonyms (Russian
 *      and English), compared after crm_norm_label;
 *   5. an added target field equal to the header after crm_norm_label.
 * Anything else has no field (import keeps it in `extra`).
 */
#ifndef CRM_MAPPER_H
#define CRM_MAPPER_H

#include <stddef.h>

#include "country.h"
#include "entity.h"
#include "record.h"
#include "util.h"

/* One --map pair: an input header and the canonical field it maps onto. */
struct crm_map {
	char *label;
	char *field;
};

/* Where an input column goes. */
enum { CRM_TO_EXTRA, CRM_TO_FIELD, CRM_TO_FIO, CRM_TO_SKIP };

struct crm_mapcol {
	char *label;		/* as in the file */
	size_t labellen;
	const char *src;	/* the header string the reader's cells carry, or NULL */
	int to;			/* CRM_TO_* */
	const char *field;	/* canonical, for CRM_TO_FIELD */
	long fi;		/* its index in the entity, or -1 */
	int type;		/* enum crm_ftype */
	int second;		/* by a synonym that gives way ("Mobile" to "Phone") */
	/* what the column's values showed so far (crm_mapper_cell) */
	int decimal;		/* amounts: '.' or ',' as a value showed it; 0 */
	long decimal_line;	/* ... on this line */
	long namb;		/* amounts read by the convention, not the column */
	long amb_line;		/* the first of them */
	char amb_value[32];
	int amb_decimal;	/* the mark it was read with */
	long late_line;		/* a value that showed the other mark after them */
	/* dates such as 3/4/2024: the order the values showed */
	int dorder;		/* 'd' or 'm' as a value showed it, 0 */
	long dorder_line;
	char dorder_value[32];
	long ndamb;		/* read by --date-order or the country, not a value */
	long damb_line;
	char damb_value[32];
	int damb_order;
};

struct crm_mapper;

/* A mapper onto e's fields with the --map pairs maps (copied; may be NULL). */
struct crm_mapper *crm_mapper_new(const struct crm_entity *e,
    const struct crm_map *maps, size_t nmaps);
void crm_mapper_free(struct crm_mapper *m);
const struct crm_entity *crm_mapper_entity(const struct crm_mapper *m);

/*
 * The country of records that name none (--country, the store's, RU):
 * NULL leaves RU.  A record's own `country` field, when its header has
 * one, decides for that record: crm_mapper_row() reads it.
 */
void crm_mapper_set_country(struct crm_mapper *m, const struct crm_country *c);
const struct crm_country *crm_mapper_country(const struct crm_mapper *m);
/* Start a record (after crm_mapper_header): its country from its own field. */
void crm_mapper_row(struct crm_mapper *m, const struct crm_record *rec);
/* The country of the current record. */
const struct crm_country *crm_mapper_row_country(const struct crm_mapper *m);

/* Step 2: label (any case and spacing) means field. */
void crm_mapper_alias(struct crm_mapper *m, const char *label, const char *field);
/* Steps 3 and 5: a field the caller knows beyond the entity's. */
void crm_mapper_target(struct crm_mapper *m, const char *name);

/*
 * Every --map names a field the entity has ("extra", and "fio" for
 * contacts, too): 0, or -1 with err naming the field and listing the
 * entity's fields.
 */
int crm_mapper_check(const struct crm_mapper *m, struct crm_err *err);

/* The field label maps onto (steps 1-5), or NULL. */
const char *crm_mapper_field(struct crm_mapper *m, const char *label, size_t n);
/* Step 1 alone: the field --map gives label, or NULL. */
const char *crm_mapper_given(const struct crm_mapper *m, const char *label);
/*
 * Step 4 alone, for entity e: the canonical field, a synonym's field, or
 * "fio" for a full-name column ("ФИО", "Full name") of contacts; NULL.
 */
const char *crm_mapper_builtin(const struct crm_entity *e, const char *label,
    size_t n);

/*
 * The built-in synonyms, one by one (i from 0 until it returns 0): the
 * entity they apply to (NULL: every entity with the field), the field and
 * the label as crm_norm_label leaves it.
 */
int crm_mapper_synonym(size_t i, const char **entity, const char **field,
    const char **label);

/*
 * Columns: the header of an input, mapped (a column that maps onto a
 * field another column already has, or the same extra key, is an error
 * naming both: one of them would be lost; but a mobile phone column gives
 * way to the phone column and is kept in extra).  src: the reader keeps the
 * header strings and gives them as its cells' names (CSV), so a cell's
 * column is found by pointer.  Returns 0, or -1 with err (code CRM_EDATA,
 * line 1, the column of the second).
 */
int crm_mapper_header(struct crm_mapper *m, const char *file,
    const char *const *hdr, size_t n, int src, struct crm_err *err);
/*
 * The column of the i-th cell of a record, named name: by position when
 * the name agrees, else by name; a name the header did not have (a JSON
 * record's new key) becomes a new column.
 */
struct crm_mapcol *crm_mapper_column(struct crm_mapper *m, size_t i,
    const char *name, size_t namelen);
size_t crm_mapper_ncolumns(const struct crm_mapper *m);
const struct crm_mapcol *crm_mapper_columns(const struct crm_mapper *m);

/*
 * Normalise value v (n bytes) of type (enum crm_ftype) into out (appended).
 * CRM_T_COMPANY also appends the legal form it split off to form.
 * Returns 0 with a value, 1 when v says "no value" (empty, "-", "н/д" ...),
 * -1 with *why when it cannot be stored (a date or an amount that cannot
 * be read, a status that is not open, won or lost); types with a checked
 * form (phones, e-mails, ids, postal codes) fall back to the text as found.
 * Postal codes follow the current record's country (Russia: 6 digits);
 * a country is kept as its ISO code when it is known, a currency as its
 * ISO 4217 code.  m may be NULL (Russia).
 */
int crm_mapper_normalise(struct crm_mapper *m, int type, const char *v,
    size_t n, struct crm_buf *out, struct crm_buf *form, const char **why);

/*
 * Normalise the value of column c of the current record, as
 * crm_mapper_normalise does, with what the column has shown so far:
 * amounts with a lone separator and three digits after it ("1.234") are
 * read by the column's evidence (a value such as "1.234,56" or "12,5"),
 * else by the country's convention (counted in the column, for
 * crm_mapper_notes); an amount's currency goes to form, "$" resolved by
 * the country.  Returns as crm_mapper_normalise, or 2 for a value that
 * cannot be read but may be stored as found (an optional date that no key
 * uses, such as a birthday): out has the text, *why the reason.  Optional
 * fields never cost the record; a --strict import refuses them.
 */
int crm_mapper_cell(struct crm_mapper *m, struct crm_mapcol *c,
    const char *v, size_t n, struct crm_buf *out, struct crm_buf *form,
    const char **why);
/*
 * Dates whose day and month could be swapped ("3/4/2024") follow, per
 * column, the order a value of the column shows ("13/4/2024": day first),
 * else --date-order, else the country's convention (month first in the
 * USA); crm_mapper_notes says which decided.  A column whose values
 * contradict each other, or a value that shows the order after others
 * were read the other way, is an error: crm_mapper_cell returns -2 and
 * *why names the two lines (static until the next call).
 */
void crm_mapper_set_date_order(struct crm_mapper *m, int order);
/*
 * What the columns' values left to say, one line per note appended to
 * out ("column 'Amount': 3 amounts such as '1.234' at line 5 read with a
 * decimal comma, the convention of BR; no value of the column shows its
 * separators").  Call at the end of an input.
 */
void crm_mapper_notes(const struct crm_mapper *m, struct crm_buf *out);
/*
 * One record mapped and normalised, for a program that reads records
 * rather than importing them: a cell whose column maps onto a field comes
 * out under the field's name with its value normalised (a value that says
 * "no value" comes out empty); every other cell (extra, a full name) under
 * its label, as found.  Call crm_mapper_header first.  Returns 0, or -1
 * with err (CRM_EDATA, file, the record's line, the column and why) for a
 * value that cannot be read; out then holds what was mapped before it.
 */
int crm_mapper_record(struct crm_mapper *m, const char *file,
    const struct crm_record *in, struct crm_record *out, struct crm_err *err);

/* Deal and stage status. */
enum { CRM_STATUS_OPEN, CRM_STATUS_WON, CRM_STATUS_LOST };

/*
 * The status a value names ("won", "Выиграна", "Closed Won", "в работе" ...,
 * any case), CRM_STATUS_*, or -1.
 */
int crm_mapper_status(const char *v, size_t n);
/* "open", "won", "lost". */
const char *crm_mapper_status_name(int status);

/* A stage of the store's pipelines and its kind (CRM_STATUS_*, -1 unknown). */
void crm_mapper_stage(struct crm_mapper *m, const char *name, size_t n,
    int kind);
/*
 * The status a deal in stage has: the kind the store gives that stage
 * (crm_mapper_stage), else won or lost for the final stages of the common
 * CRMs ("Closed Won", "Closed Lost", "Сделка успешна", "Закрыто и не
 * реализовано" ...); -1 when neither says (an open-looking name is not
 * taken for open: the pipeline may say otherwise).
 */
int crm_mapper_stage_status(struct crm_mapper *m, const char *stage, size_t n);

#endif
