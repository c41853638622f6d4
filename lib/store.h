/*
 * store: the SQLite file (the only module with SQL, with store_*.c).
 *
 * crm_store_open creates the file (mode 0600) with the schema and the
 * toolkit's PRAGMA application_id when it does not exist, and migrates
 * older schemas by PRAGMA user_version; every connection has
 * foreign_keys=ON, journal_mode=WAL and a busy timeout ($CRM_BUSY_TIMEOUT
 * ms, else 5000; a bad value is an error).  It refuses, before writing
 * anything: another application's database (application_id, or a
 * non-empty schema that is not ours), an in-memory database (":memory:",
 * "file:" URIs), a directory or anything else that is not a regular file.
 * Transactions nest: only the outermost begin/commit reach SQLite.
 * Records go in and come out with the canonical field names of entity.h;
 * "extra" holds the JSON object text of the columns with no field.
 */
#ifndef CRM_STORE_H
#define CRM_STORE_H

#include "entity.h"
#include "record.h"
#include "util.h"

enum {
	CRM_STORE_READONLY = 1 << 0,	/* open read-only; fails if missing */
	CRM_STORE_CREATE = 1 << 1	/* create when missing */
};

struct crm_store;

/* path NULL = $CRM_DB, else "./crm.db". */
const char *crm_store_default_path(const char *path);
struct crm_store *crm_store_open(const char *path, int flags,
    struct crm_err *err);
/*
 * A scratch store, for a dry run with no store to compare with: a fresh
 * unused path in $TMPDIR (else /tmp) into path[size] (nothing is there
 * yet; crm_store_open creates it).  -1 with err (CRM_EIO) on failure.
 */
int crm_store_scratch_path(char *path, size_t size, struct crm_err *err);
/*
 * Remove a store file and its side files (-wal, -shm, -journal), as after
 * a dry run or a load that was stopped; missing ones are no error.  No
 * allocation, so an atexit or signal-time handler may call it.
 */
void crm_store_remove(const char *path);
void crm_store_close(struct crm_store *s);
/*
 * What a command should warn about the store it opened (a file that
 * others may read: mode wider than 0600), or NULL.  Borrowed.
 */
const char *crm_store_warning(const struct crm_store *s);
int crm_store_schema_version(struct crm_store *s);

int crm_store_begin(struct crm_store *s, struct crm_err *err);
/*
 * Begin a transaction that loads entity e: when its table is empty and no
 * other connection has the store open, the transaction runs with a
 * rollback journal instead of WAL (every page written once, not twice);
 * the outermost commit or rollback goes back to WAL.
 */
int crm_store_begin_load(struct crm_store *s, const struct crm_entity *e,
    struct crm_err *err);
int crm_store_commit(struct crm_store *s, struct crm_err *err);
void crm_store_rollback(struct crm_store *s);
/*
 * Build now the indexes a bulk load into an empty table dropped, which the
 * outermost commit would otherwise do (to overlap it with other work);
 * the rest of the transaction's upserts use them.
 */
int crm_store_build_indexes(struct crm_store *s, struct crm_err *err);

/* Import runs: one row per crm-import invocation and file. */
struct crm_run_counts {
	long long read, inserted, updated, unchanged, rejected;
};
int crm_store_run_begin(struct crm_store *s, const char *tool,
    const char *entity, const char *file, const char *sha256,
    long long *run_id, struct crm_err *err);
int crm_store_run_end(struct crm_store *s, long long run_id,
    const struct crm_run_counts *c, struct crm_err *err);
/* Record the file's SHA-256 once it is known (it is hashed while the run goes). */
int crm_store_run_sha256(struct crm_store *s, long long run_id,
    const char *sha256, struct crm_err *err);
/* The id of the last finished run of entity whose file had sha256, or 0. */
long long crm_store_run_find(struct crm_store *s, const char *entity,
    const char *sha256, struct crm_err *err);

/* The id of the latest import run (finished or not) into *id; 0: none. */
int crm_store_last_run(struct crm_store *s, long long *id,
    struct crm_err *err);

/*
 * The store's setting key ("country", "language") appended to out: 1 when
 * set, 0 when not, -1 with err.  Setting one writes it (in the current
 * transaction, when there is one).
 */
int crm_store_setting(struct crm_store *s, const char *key,
    struct crm_buf *out, struct crm_err *err);
int crm_store_set_setting(struct crm_store *s, const char *key,
    const char *value, struct crm_err *err);

/*
 * Fill an empty sources table with n lead sources (names[i], synonyms[i]
 * '|'-separated, NULL or "" for none): 1 when it was filled, 0 when it had
 * rows (left alone), -1 with err.
 */
int crm_store_seed_sources(struct crm_store *s, const char *const *names,
    const char *const *synonyms, size_t n, struct crm_err *err);

/* A rejected row: its physical line, raw text and reasons ("; "-joined). */
int crm_store_reject(struct crm_store *s, long long run_id, long line,
    const char *raw, size_t rawlen, const char *reasons, struct crm_err *err);

enum crm_upsert_result {
	CRM_INSERTED = 1,
	CRM_UPDATED,
	CRM_UNCHANGED
};

/*
 * Insert rec (canonical fields and "extra") into e's table, or update the
 * row that has the same value of the first key field (of keys, a
 * NULL-terminated list tried in order) that rec has; a field absent from
 * rec is left as the row has it.  keys NULL = e->keys.  *result tells what
 * happened.  Statements are prepared once per store and entity.
 */
int crm_store_upsert(struct crm_store *s, const struct crm_entity *e,
    const struct crm_record *rec, const char *const *keys, int *result,
    struct crm_err *err);

/*
 * After a batch of upserts of e (one file): *reverted = how many of its
 * updates left their row as it was before the batch's first update of it
 * (the same record twice in a file, imported again); count them as
 * unchanged.  Forgets the batch.
 */
int crm_store_settle(struct crm_store *s, const struct crm_entity *e,
    long long *reverted, struct crm_err *err);

/*
 * Reading a table back: the canonical columns (or those listed in
 * columns, comma-separated), with extra flattened into columns after them
 * (the union of keys over the selected rows, in first-seen order).  where
 * is an SQL expression over the table's columns, run on a read-only
 * statement (anything that writes is refused).
 */
struct crm_store_cursor;
struct crm_store_cursor *crm_store_select(struct crm_store *s,
    const char *table, const char *where, const char *columns,
    struct crm_err *err);
/* The same, over the rows of import run run only (rejects: its column run). */
struct crm_store_cursor *crm_store_select_run(struct crm_store *s,
    const char *table, long long run, const char *where, const char *columns,
    struct crm_err *err);
/* The output column names; borrowed. */
const char *const *crm_store_cursor_columns(struct crm_store_cursor *c,
    size_t *n);
/* 1 = a record (borrowed until the next call), 0 = done, -1 = error. */
int crm_store_cursor_next(struct crm_store_cursor *c, struct crm_record **rec,
    struct crm_err *err);
void crm_store_cursor_free(struct crm_store_cursor *c);

/* The store's tables that crm-export accepts, NULL-terminated. */
extern const char *const crm_store_tables[];

#endif
