/*
 * store_runs: import runs, settings, the seeded lead sources and rejects
 * in the store (store.h).
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "utf8.h"

int
crm_store_run_begin(struct crm_store *s, const char *tool,
    const char *entity, const char *file, const char *sha256,
    long long *run_id, struct crm_err *err)
{
	sqlite3_stmt *st;

	if (store_writable(s, err) < 0)
		return -1;
	if (!s->run_ins && store_prepare(s, "INSERT INTO import_runs"
	    " (tool, entity, file, sha256, started) VALUES (?, ?, ?, ?, ?)",
	    &s->run_ins, err) < 0)
		return -1;
	st = s->run_ins;
	crm_store_bind_text(st, 1, tool ? tool : crm_progname());
	crm_store_bind_text(st, 2, entity);
	crm_store_bind_text(st, 3, file);
	crm_store_bind_text(st, 4, sha256);
	crm_store_bind_text(st, 5, store_now_iso(s));
	if (store_step_done(s, st, err) < 0)
		return -1;
	*run_id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
crm_store_run_end(struct crm_store *s, long long run_id,
    const struct crm_run_counts *c, struct crm_err *err)
{
	sqlite3_stmt *st;

	if (store_writable(s, err) < 0)
		return -1;
	if (!s->run_end && store_prepare(s, "UPDATE import_runs SET finished = ?,"
	    " read = ?, inserted = ?, updated = ?, unchanged = ?,"
	    " rejected = ? WHERE id = ?", &s->run_end, err) < 0)
		return -1;
	st = s->run_end;
	crm_store_bind_text(st, 1, store_now_iso(s));
	sqlite3_bind_int64(st, 2, c->read);
	sqlite3_bind_int64(st, 3, c->inserted);
	sqlite3_bind_int64(st, 4, c->updated);
	sqlite3_bind_int64(st, 5, c->unchanged);
	sqlite3_bind_int64(st, 6, c->rejected);
	sqlite3_bind_int64(st, 7, run_id);
	if (store_step_done(s, st, err) < 0)
		return -1;
	if (sqlite3_changes(s->db) != 1)
		return crm_err_set(err, CRM_EDB, s->path, 0, 0,
		    "no import run %lld", run_id);
	return 0;
}

int
crm_store_run_sha256(struct crm_store *s, long long run_id, const char *sha256,
    struct crm_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (store_writable(s, err) < 0 ||
	    store_prepare(s, "UPDATE import_runs SET sha256 = ? WHERE id = ?",
	    &st, err) < 0)
		return -1;
	crm_store_bind_text(st, 1, sha256);
	sqlite3_bind_int64(st, 2, run_id);
	rc = store_step_done(s, st, err);
	sqlite3_finalize(st);
	return rc;
}

long long
crm_store_run_find(struct crm_store *s, const char *entity,
    const char *sha256, struct crm_err *err)
{
	sqlite3_stmt *st;
	long long id = 0;
	int rc;

	if (!s->run_find && store_prepare(s, "SELECT id FROM import_runs"
	    " WHERE entity = ? AND sha256 = ? AND finished IS NOT NULL"
	    " ORDER BY id DESC LIMIT 1", &s->run_find, err) < 0)
		return -1;
	st = s->run_find;
	crm_store_bind_text(st, 1, entity);
	crm_store_bind_text(st, 2, sha256);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		id = store_stmt_err(s, st, err);
	sqlite3_reset(st);
	return id;
}

int
crm_store_last_run(struct crm_store *s, long long *id, struct crm_err *err)
{
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	if (store_prepare(s, "SELECT coalesce(max(id), 0) FROM import_runs", &st,
	    err) < 0)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else
		store_stmt_err(s, st, err);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
crm_store_setting(struct crm_store *s, const char *key, struct crm_buf *out,
    struct crm_err *err)
{
	static const char sql[] = "SELECT value FROM settings WHERE key = ?";
	sqlite3_stmt *st;
	int rc, found = 0;

	if (s->version < 5)
		return 0;	/* a read-only store from before settings */
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_dberr(s, sql, err);
	crm_store_bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(st, 0);

		crm_buf_add(out, v, (size_t)sqlite3_column_bytes(st, 0));
		found = 1;
	} else if (rc != SQLITE_DONE)
		found = store_stmt_err(s, st, err);
	sqlite3_finalize(st);
	return found;
}

int
crm_store_set_setting(struct crm_store *s, const char *key, const char *value,
    struct crm_err *err)
{
	static const char sql[] = "INSERT INTO settings (key, value) VALUES (?, ?)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	sqlite3_stmt *st;
	int rc;

	if (store_writable(s, err) < 0)
		return -1;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_dberr(s, sql, err);
	crm_store_bind_text(st, 1, key);
	crm_store_bind_text(st, 2, value);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		rc = store_stmt_err(s, st, err);
	else
		rc = 0;
	sqlite3_finalize(st);
	return rc;
}

int
crm_store_seed_sources(struct crm_store *s, const char *const *names,
    const char *const *synonyms, size_t n, struct crm_err *err)
{
	static const char sql[] = "INSERT INTO sources (name, synonyms)"
	    " VALUES (?, ?)";
	sqlite3_stmt *st;
	long long have;
	size_t i;
	int rc = 0;

	if (store_writable(s, err) < 0 ||
	    store_query_int(s, "SELECT count(*) FROM sources", &have, err) < 0)
		return -1;
	if (have)
		return 0;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_dberr(s, sql, err);
	for (i = 0; i < n && rc == 0; i++) {
		crm_store_bind_text(st, 1, names[i]);
		if (synonyms[i] && *synonyms[i])
			crm_store_bind_text(st, 2, synonyms[i]);
		else
			sqlite3_bind_null(st, 2);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_stmt_err(s, st, err);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 1;
}

int
crm_store_reject(struct crm_store *s, long long run_id, long line,
    const char *raw, size_t rawlen, const char *reasons, struct crm_err *err)
{
	sqlite3_stmt *st;

	if (store_writable(s, err) < 0)
		return -1;
	if (!s->rej_ins && store_prepare(s, "INSERT INTO rejects"
	    " (run, line, raw, reasons) VALUES (?, ?, ?, ?)",
	    &s->rej_ins, err) < 0)
		return -1;
	st = s->rej_ins;
	sqlite3_bind_int64(st, 1, run_id);
	if (line > 0)
		sqlite3_bind_int64(st, 2, line);
	else
		sqlite3_bind_null(st, 2);
	/* The exact bytes: text when it is UTF-8, else a blob. */
	if (!raw)
		sqlite3_bind_null(st, 3);
	else if (crm_utf8_valid(raw, rawlen) == rawlen &&
	    !memchr(raw, '\0', rawlen))
		sqlite3_bind_text(st, 3, raw, (int)rawlen, SQLITE_STATIC);
	else
		sqlite3_bind_blob(st, 3, raw, (int)rawlen, SQLITE_STATIC);
	crm_store_bind_text(st, 4, reasons);
	return store_step_done(s, st, err);
}
