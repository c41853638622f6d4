/*
 * store_rfm: rfm_snapshots and rfm_scores (see store_rfm.h and
 * docs/store.md).  Values are always bound, never spliced into SQL.
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "store_rfm.h"

struct crm_rfm_saver {
	struct crm_store *s;
	sqlite3 *db;
	sqlite3_stmt *ins;
	long long id;
};

struct crm_rfm_saver *
crm_store_rfm_begin(struct crm_store *s, const char *as_of, const char *params,
    struct crm_err *err)
{
	static const char snap_sql[] =
	    "INSERT INTO rfm_snapshots (as_of, created_at, params) VALUES "
	    "(?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?2)";
	static const char ins_sql[] =
	    "INSERT INTO rfm_scores (snapshot, customer, recency_days, "
	    "frequency, monetary, r_score, f_score, m_score, rfm_score, segment) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
	struct crm_rfm_saver *sv;
	sqlite3_stmt *st = NULL;
	sqlite3 *db = crm_store_db(s);

	if (crm_store_begin(s, err) < 0)
		return NULL;
	sv = xcalloc(1, sizeof *sv);
	sv->s = s;
	sv->db = db;
	if (sqlite3_prepare_v2(db, snap_sql, -1, &st, NULL) != SQLITE_OK) {
		crm_store_dberr(err, db, "INSERT INTO rfm_snapshots");
		goto fail;
	}
	sqlite3_bind_text(st, 1, as_of, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, params, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		crm_store_dberr(err, db, "INSERT INTO rfm_snapshots");
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	sv->id = sqlite3_last_insert_rowid(db);
	if (sqlite3_prepare_v2(db, ins_sql, -1, &sv->ins, NULL) != SQLITE_OK) {
		crm_store_dberr(err, db, "INSERT INTO rfm_scores");
		goto fail;
	}
	return sv;
fail:
	sqlite3_finalize(st);
	crm_store_rfm_abort(sv);
	return NULL;
}

static void
bind_int(sqlite3_stmt *st, int i, const char *v)
{
	char *end;
	long long n;

	if (!v || !*v) {
		sqlite3_bind_null(st, i);
		return;
	}
	n = strtoll(v, &end, 10);
	if (*end)
		sqlite3_bind_double(st, i, strtod(v, NULL));
	else
		sqlite3_bind_int64(st, i, n);
}

int
crm_store_rfm_add(struct crm_rfm_saver *sv, const struct crm_record *rec,
    struct crm_err *err)
{
	const char *cust = crm_record_value(rec, "customer");
	const char *money = crm_record_value(rec, "monetary");
	const char *rfm = crm_record_value(rec, "rfm_score");
	const char *seg = crm_record_value(rec, "segment");
	sqlite3_stmt *st = sv->ins;

	if (!cust)
		return crm_err_set(err, CRM_EDB, NULL, 0, 0,
		    "rfm_scores: record without a customer");
	sqlite3_bind_int64(st, 1, sv->id);
	sqlite3_bind_text(st, 2, cust, -1, SQLITE_STATIC);
	bind_int(st, 3, crm_record_value(rec, "recency_days"));
	bind_int(st, 4, crm_record_value(rec, "frequency"));
	if (money && *money)
		sqlite3_bind_double(st, 5, strtod(money, NULL));
	else
		sqlite3_bind_null(st, 5);
	bind_int(st, 6, crm_record_value(rec, "r_score"));
	bind_int(st, 7, crm_record_value(rec, "f_score"));
	bind_int(st, 8, crm_record_value(rec, "m_score"));
	if (rfm)
		sqlite3_bind_text(st, 9, rfm, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 9);
	if (seg)
		sqlite3_bind_text(st, 10, seg, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 10);
	if (sqlite3_step(st) != SQLITE_DONE) {
		crm_store_dberr(err, sv->db, "INSERT INTO rfm_scores");
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return 0;
}

int
crm_store_rfm_commit(struct crm_rfm_saver *sv, long long *id,
    struct crm_err *err)
{
	sqlite3_finalize(sv->ins);
	sv->ins = NULL;
	if (crm_store_commit(sv->s, err) < 0) {
		crm_store_rollback(sv->s);
		free(sv);
		return -1;
	}
	if (id)
		*id = sv->id;
	free(sv);
	return 0;
}

void
crm_store_rfm_abort(struct crm_rfm_saver *sv)
{
	if (!sv)
		return;
	sqlite3_finalize(sv->ins);
	crm_store_rollback(sv->s);
	free(sv);
}

int
crm_store_rfm_find(struct crm_store *s, const char *spec, long long *id,
    struct crm_err *err)
{
	sqlite3 *db = crm_store_db(s);
	sqlite3_stmt *st = NULL;
	const char *sql;
	long n;
	int rc, offset = -1;

	if (!strcmp(spec, "last"))
		offset = 0;
	else if (!strncmp(spec, "last-", 5) && crm_parse_long(spec + 5, &n) == 0 &&
	    n >= 0 && n < 1000000)
		offset = (int)n;
	if (offset >= 0)
		sql = "SELECT id FROM rfm_snapshots ORDER BY id DESC LIMIT 1 OFFSET ?1";
	else if (crm_parse_long(spec, &n) == 0)
		sql = "SELECT id FROM rfm_snapshots WHERE id = ?1";
	else
		sql = "SELECT id FROM rfm_snapshots WHERE as_of = ?1 "
		    "ORDER BY id DESC LIMIT 1";
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return crm_store_dberr(err, db, "SELECT FROM rfm_snapshots");
	if (offset >= 0)
		sqlite3_bind_int(st, 1, offset);
	else if (crm_parse_long(spec, &n) == 0)
		sqlite3_bind_int64(st, 1, n);
	else
		sqlite3_bind_text(st, 1, spec, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		return 0;
	}
	if (rc != SQLITE_DONE) {
		crm_store_dberr(err, db, "SELECT FROM rfm_snapshots");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return crm_err_set(err, CRM_EUSAGE, NULL, 0, 0,
	    "no saved snapshot '%s' (see: crm-export rfm_snapshots)", spec);
}

int
crm_store_rfm_migration(struct crm_store *s, long long from, long long to,
    void (*cb)(void *arg, const char *from, const char *to, long long n),
    void *arg, struct crm_err *err)
{
	static const char sql[] =
	    "SELECT a.segment, b.segment, count(*) FROM rfm_scores a "
	    "LEFT JOIN rfm_scores b ON b.snapshot = ?2 AND b.customer = a.customer "
	    "WHERE a.snapshot = ?1 GROUP BY 1, 2 "
	    "UNION ALL "
	    "SELECT NULL, b.segment, count(*) FROM rfm_scores b "
	    "WHERE b.snapshot = ?2 AND NOT EXISTS (SELECT 1 FROM rfm_scores a "
	    "WHERE a.snapshot = ?1 AND a.customer = b.customer) GROUP BY 2";
	sqlite3 *db = crm_store_db(s);
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return crm_store_dberr(err, db, "SELECT FROM rfm_scores");
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		cb(arg, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    sqlite3_column_int64(st, 2));
	if (rc != SQLITE_DONE) {
		crm_store_dberr(err, db, "SELECT FROM rfm_scores");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}
