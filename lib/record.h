/*
 * record: one record, an ordered list of (name, value) pairs of UTF-8 text.
 *
 * Names and values are copied into an arena owned by the record and stay
 * valid until crm_record_reset/release (a borrowed name is not copied).
 * A value of NULL is missing (JSON null, or a cell the row did not have);
 * "" is an explicitly empty value.  Values are NUL-terminated, but may
 * hold NULs: use len.
 */
#ifndef CRM_RECORD_H
#define CRM_RECORD_H

#include <stddef.h>

/*
 * What a value is, for a JSON writer (CSV and tables write the text as
 * is): a string; a number, true or false; or JSON text (an object or an
 * array, compact).  A writer writes the typed form only when the text is
 * one (else a string), so a type never makes output invalid.  Fields are
 * added as CRM_V_TEXT.
 */
enum crm_vtype {
	CRM_V_TEXT = 0,
	CRM_V_NUMBER,
	CRM_V_BOOL,
	CRM_V_JSON
};

struct crm_field {
	const char *name;
	size_t namelen;
	const char *value;	/* NULL = missing */
	size_t len;
	int type;		/* enum crm_vtype */
};

struct crm_arena_block;

struct crm_record {
	struct crm_field *f;
	size_t n, cap;
	long line;		/* physical line where the record starts, from 1; 0 = none */
	long recno;		/* data record number, from 1 (header excluded) */
	size_t ncells;		/* cells the input row had (CSV), for ragged-row checks */
	struct crm_arena_block *arena;
};

#define CRM_RECORD_INIT { NULL, 0, 0, 0, 0, 0, NULL }

void crm_record_init(struct crm_record *r);
void crm_record_release(struct crm_record *r);
/* Drop every field but keep the memory for the next record. */
void crm_record_reset(struct crm_record *r);

/* Append a field; both strings are copied.  value NULL = missing. */
void crm_record_add(struct crm_record *r, const char *name, size_t namelen,
    const char *value, size_t len);
void crm_record_adds(struct crm_record *r, const char *name, const char *value);
/* The same, but name is borrowed: it must outlive the record's use. */
void crm_record_add_borrowed(struct crm_record *r, const char *name,
    size_t namelen, const char *value, size_t len);
/*
 * The same, with value not copied either: NUL-terminated text that lives
 * as long as the record (its own, from crm_record_strdup).
 */
void crm_record_add_ref(struct crm_record *r, const char *name,
    size_t namelen, const char *value, size_t len);
/* Set the first field called name (append it if there is none); its type stays. */
void crm_record_set(struct crm_record *r, const char *name, const char *value,
    size_t len);
void crm_record_sets(struct crm_record *r, const char *name, const char *value);
/* The type of the first field called name (enum crm_vtype); none: no-op. */
void crm_record_set_type(struct crm_record *r, const char *name, int type);
/* Remove the first field called name; returns 1 if one was removed. */
int crm_record_remove(struct crm_record *r, const char *name);

/* Index of the first field called name, or -1.  Borrowed pointers. */
long crm_record_index(const struct crm_record *r, const char *name);
const struct crm_field *crm_record_get(const struct crm_record *r,
    const char *name);
/* The value of name, or NULL when absent or missing. */
const char *crm_record_value(const struct crm_record *r, const char *name);

/* Copy src into dst (dst is reset first, types kept); dst owns its copy. */
void crm_record_copy(struct crm_record *dst, const struct crm_record *src);

/*
 * Ask the CPU to bring r's fields and values into its cache: a record
 * handed over by another thread is otherwise read cache miss by miss.
 */
void crm_record_prefetch(const struct crm_record *r);

/* Copy n bytes into the record's arena (NUL-terminated); lives as the record. */
char *crm_record_strdup(struct crm_record *r, const char *s, size_t n);

#endif
