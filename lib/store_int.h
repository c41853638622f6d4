/*
 * store_int.h: what the store's own files share, and no one else sees.
 *
 * Only lib/store*.c include this header (and the store's unit tests);
 * it is the one place besides them that includes <sqlite3.h>.  Programs
 * and the other library modules use store.h, which names no SQLite type.
 */
#ifndef CRM_STORE_INT_H
#define CRM_STORE_INT_H

#include <sqlite3.h>

#include "store.h"

/*
 * The connection, for the SQL of store_merge.c, store_rfm.c and
 * store_lookup.c.  Rows that a first load keeps waiting in a batch are
 * written first (when that fails, the transaction is rolled back, and its
 * commit says so), so ask for it again after any crm_store_upsert rather
 * than keep it.
 */
sqlite3 *crm_store_db(struct crm_store *s);

/* err from the connection's last error: "what: message" (CRM_EDB); -1. */
int crm_store_dberr(struct crm_err *err, sqlite3 *db, const char *what);
/* A statement of ours, or NULL with err ("message: sql", cut at 80). */
sqlite3_stmt *crm_store_prep(sqlite3 *db, const char *sql,
    struct crm_err *err);
/* Step st once and reset it: 0 on a row or its end, else -1 with
 * crm_store_dberr(err, db, what). */
int crm_store_step(sqlite3 *db, sqlite3_stmt *st, struct crm_err *err,
    const char *what);

/* Bind text (NULL binds NULL), static for the statement's next step. */
static inline void
crm_store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* The same for n bytes of v. */
static inline void
crm_store_bind_textn(sqlite3_stmt *st, int i, const char *v, size_t n)
{
	if (v)
		sqlite3_bind_text(st, i, v, (int)n, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/*
 * The rest is shared by store.c and the store files beside it: the
 * connection's state, and the helpers they use.
 */
#include <time.h>

struct ent;

struct crm_store {
	sqlite3 *db;
	char *path;
	int readonly;
	int version;
	int depth;			/* transaction nesting */
	int aborted;			/* rolled back inside a nesting */
	struct ent *ents;
	size_t nents;
	sqlite3_stmt *run_ins, *run_end, *run_find, *rej_ins;
	sqlite3_int64 changes;		/* total_changes after our last write */
	size_t bulk_entries;
	int rollback_journal;		/* a load left WAL: see begin_load */
	/*
	 * For such a load, the store file once more (read-only), to have its
	 * pages written out as they come (load_wrote).  Closed only after
	 * SQLite's: closing a descriptor of the file drops the process's
	 * POSIX locks on it, SQLite's too.
	 */
	int wb_fd;
	long wb_rows;
	int busy;			/* busy timeout, ms */
	char warning[512];		/* for crm_store_warning, or "" */
	time_t nowt;
	char now[32];
};

/* A table's column names (PRAGMA table_info). */
struct store_tinfo {
	char **names;
	size_t n;
};

int store_tinfo_load(struct crm_store *s, const char *table,
    struct store_tinfo *ti, struct crm_err *err);
int store_tinfo_has(const struct store_tinfo *ti, const char *name);
void store_tinfo_release(struct store_tinfo *ti);

/* err from the connection's last error, naming the statement sql. */
int store_dberr(struct crm_store *s, const char *sql, struct crm_err *err);
int store_stmt_err(struct crm_store *s, sqlite3_stmt *st, struct crm_err *err);
/* CRM_EDATA for a constraint, type or size error, else CRM_EDB. */
int store_errcode(int rc);
/* Write the rows a first load keeps waiting in batches. */
int store_flush_all(struct crm_store *s, struct crm_err *err);

/*
 * The toolkit's PRAGMA application_id, 0x63726d31 ("crm1"): set when a
 * store is made, checked before anything is written to a file.
 */
#define APPLICATION_ID 1668443441
#define SET_APPLICATION_ID "PRAGMA application_id = 1668443441"

/* Run sql (statements of ours) on the connection; -1 with err. */
int store_exec(struct crm_store *s, const char *sql, struct crm_err *err);
/* Prepare sql of ours, kept for reuse (SQLITE_PREPARE_PERSISTENT); -1 with err. */
int store_prepare(struct crm_store *s, const char *sql, sqlite3_stmt **st,
    struct crm_err *err);
/* Bring the store's schema to the current version (store_schema.c). */
int store_migrate(struct crm_store *s, struct crm_err *err);

/* Shared by store.c, store_runs.c and store_upsert.c. */
/* The time stamp of now (UTC), as the store writes it; kept in s. */
const char *store_now_iso(struct crm_store *s);
/* The integer the query sql returns; -1 with err. */
int store_query_int(struct crm_store *s, const char *sql, long long *v,
    struct crm_err *err);
/* -1 with err when the store was opened read-only. */
int store_writable(struct crm_store *s, struct crm_err *err);
/* Step st to its end and reset it; -1 with err. */
int store_step_done(struct crm_store *s, sqlite3_stmt *st,
    struct crm_err *err);
/* The index of the named parameter of st. */
int store_param(sqlite3_stmt *st, const char *name);
/* 1 when table has no row, 0 when it has, -1 with err. */
int store_table_empty(struct crm_store *s, const char *table,
    struct crm_err *err);
/* A first load wrote rows more: start writing its pages out. */
void store_load_wrote(struct crm_store *s, size_t rows);
/* The upsert's state of every table, freed (store_upsert.c). */
void store_ents_release(struct crm_store *s);
/* Bulk mode ended for every table: indexes built again / dropped. */
int store_bulk_end_all(struct crm_store *s, struct crm_err *err);
void store_bulk_drop_all(struct crm_store *s);

#endif
