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

#endif
