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

/* Shared by store.c, store_runs.c, store_upsert.c and store_bulk.c. */
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
/* Bulk mode ended for every table: indexes built again / dropped
 * (store_bulk.c). */
int store_bulk_end_all(struct crm_store *s, struct crm_err *err);
void store_bulk_drop_all(struct crm_store *s);

/*
 * The upsert's state of a table, shared by store_upsert.c (statements,
 * keys, the per-record upsert) and store_bulk.c (bulk mode).
 */
#include <stdint.h>

enum { MAXKEYPARTS = 8 };

/* Derived internal key columns: <field>_key computed from <field>. */
enum { DERIVE_NONE, DERIVE_EMAIL, DERIVE_PHONE };

/* What a lookup by e-mail compares (schema v3). */
#define EMAIL_KEY "coalesce(email_key, email)"

/* The insert's parameters after the columns', in ent.ins_null. */
enum { INS_EXTRA, INS_XFLAT, INS_EK, INS_PK, INS_NSLOTS };

/* Rows a batch insert writes at once, and room for their values. */
enum { BATCH_ROWS = 32, BATCH_BYTES = 64 << 10 };

struct ukey {
	char *spec;			/* as given: "email", "pipeline+name" */
	int nparts;
	int col[MAXKEYPARTS];		/* index into ent.cols */
	int derive;			/* a single part looked up on <col>_key */
	sqlite3_stmt *sel;
	int p_k[MAXKEYPARTS], p_extra;
	int map;			/* its kmap in bulk mode, or -1 */
	int indexed;			/* key_index has run for it */
};

/*
 * Bulk mode: a table that is empty at its first upsert in a transaction
 * is loaded without its indexes (built again, sorted, before COMMIT:
 * much cheaper than random inserts into them).  Lookups then go through
 * kmaps, hashes of every key value written in the transaction -> row id;
 * a hit is checked against the row itself, a miss is definite.
 */
struct kmap {
	int nparts, col[MAXKEYPARTS], derive;
	int uniq;			/* stands for a dropped unique index */
	/*
	 * Slots of (32-bit hash tag << 32 | 32-bit row id), 0 = free: 8 bytes
	 * a key, so a million keys take 16 MB.  A tag can be shared by other
	 * keys; a lookup checks every candidate against its row.
	 */
	uint64_t *slot;
	size_t cap, n;
	/* for the record being upserted (ent.row): its hash, a known miss */
	uint64_t h, hrow, missrow;
};

/* What one entity table needs for upserts, prepared on first use. */
struct ent {
	const struct crm_entity *e;
	char **cols;			/* fields of e, then created_at if not one */
	size_t ncols;
	int has_extra, has_updated;
	int email_col, phone_col;	/* the source of email_key/phone_key, or -1 */
	sqlite3_stmt *ins, *upd;
	sqlite3_stmt *touch, *settle, *untouch;	/* see crm_store_settle */
	int *p_ins, p_ins_extra, p_ins_xflat, p_ins_ek, p_ins_pk, p_ins_now;
	unsigned char *ins_null;	/* by column, then INS_EXTRA...: NULL bound */
	time_t ins_nowt;		/* the second :now is bound to */
	int *p_upd, p_upd_extra, p_upd_ek, p_upd_pk, p_upd_now, p_upd_id;
	int p_upd_cek, p_upd_cpk;
	struct ukey *keys;
	size_t nkeys;
	/* record layout cache: field i of the last record maps to map[i] */
	char **lay;
	size_t *laylen;
	int *map;
	size_t nlay;
	/* per-row scratch */
	const char **val;
	size_t *vlen;
	unsigned char *changed;
	struct crm_buf ek, pk, xbuf, ubuf;
	/* bulk mode */
	int bulk, bulk_tried;
	char **idx_sql;			/* the dropped indexes */
	size_t nidx;
	struct kmap *maps;
	size_t nmaps;
	sqlite3_stmt *byid;
	int p_byid_id, p_byid_extra, pos_ek, pos_pk;
	uint64_t row;			/* counts upserts, from 1 */
	/*
	 * Inserts in bulk mode wait in a batch, BATCH_ROWS written by one
	 * statement, insb, when nothing in the table can refuse a row
	 * (batchable).  Row b's value of parameter slot j (as in ins_null)
	 * is bv[b * (ncols + INS_NSLOTS) + j], bn long, copied into bval and
	 * bound at once.
	 */
	int batch;
	sqlite3_stmt *insb;
	const char **bv;
	size_t *bn;
	unsigned char *bnull;		/* insb's NULL state by parameter */
	char *bval;			/* BATCH_BYTES */
	size_t bvlen, npend;
	long long last_id;		/* of the last row, waiting or not */
	time_t bnowt;			/* :now of the waiting rows */
	char bnow[32];
};


/*
 * Bind v to the insert's parameter p, whose NULL state is ins_null[slot]:
 * bindings outlive a reset, so a NULL is bound only over a value.
 */
static inline void
store_ins_bind(struct ent *t, int p, size_t slot, const char *v, size_t n)
{
	if (v || !t->ins_null[slot])
		crm_store_bind_textn(t->ins, p, v, n);
	t->ins_null[slot] = !v;
}

/* store_upsert.c, for store_bulk.c. */
/* The column of t named name (n bytes), or -1. */
int store_ent_col(const struct ent *t, const char *name, size_t n);
/* The one-row insert, or with batch the batch insert (BATCH_ROWS rows). */
void store_ins_sql(const struct ent *t, int batch, struct crm_buf *sql);
/* What a lookup of a row of t selects (see there). */
void store_select_row(const struct ent *t, struct crm_buf *sql);
/* The lookup statement for one key spec ("email", "pipeline+name"). */
struct ukey *store_key_get(struct crm_store *s, struct ent *t,
    const char *spec, struct crm_err *err);
/* What email_key / phone_key store for the record, or NULL. */
const char *store_stored_ek(const struct ent *t);
const char *store_stored_pk(const struct ent *t);

/* store_bulk.c, for store_upsert.c. */
int store_bulk_begin(struct crm_store *s, struct ent *t, struct crm_err *err);
int store_map_for(struct crm_store *s, struct ent *t, int nparts,
    const int *col, int derive, struct crm_err *err);
int store_bulk_find(struct crm_store *s, struct ent *t, struct kmap *m,
    const char *xv, size_t xlen);
int store_bulk_unique(struct crm_store *s, struct ent *t, long long self,
    long line, struct crm_err *err);
int store_bulk_learn(struct crm_store *s, struct ent *t, long long id,
    int updated, struct crm_err *err);
int store_batch_flush(struct crm_store *s, struct ent *t, struct crm_err *err);
int store_batch_add(struct crm_store *s, struct ent *t, const char *xv,
    size_t xlen, long long *id, struct crm_err *err);

#endif
