/*
 * store: the SQLite file: opening it (pragmas, the identity check, WAL),
 * closing it, nested transactions and a first load's write-back, the
 * helpers the other store files share (store_int.h).  Elsewhere:
 * store_schema.c (schema, migrations), store_runs.c (import runs,
 * settings, rejects), store_upsert.c (the upsert, keys), store_bulk.c
 * (bulk mode, batches), store_select.c (reading tables back);
 * docs/store.md has the schema.
 */
#define _GNU_SOURCE	/* sync_file_range */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "store_int.h"

const char *const crm_store_tables[] = {
	"companies", "contacts", "deals", "orders", "activities",
	"stages", "deal_stages", "sources", "spend",
	"import_runs", "rejects", "merges", "rfm_snapshots", "rfm_scores",
	NULL
};

/* A short one-line form of sql for error messages. */
static void
sql_short(const char *sql, char *out, size_t size)
{
	size_t i = 0;
	int sp = 0;

	for (; *sql && i + 4 < size; sql++) {
		if (isspace((unsigned char)*sql)) {
			sp = 1;
			continue;
		}
		if (sp && i)
			out[i++] = ' ';
		sp = 0;
		out[i++] = *sql;
	}
	if (*sql) {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
}

int
store_errcode(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_CONSTRAINT || rc == SQLITE_MISMATCH ||
	    rc == SQLITE_TOOBIG ? CRM_EDATA : CRM_EDB;
}

/* Fill err from the connection's last error, naming the statement. */
int
store_dberr(struct crm_store *s, const char *sql, struct crm_err *err)
{
	char sh[80];

	sql_short(sql ? sql : "", sh, 72);
	return crm_err_set(err, store_errcode(sqlite3_extended_errcode(s->db)),
	    s->path, 0, 0, "%s (%s)", sqlite3_errmsg(s->db), sh);
}

int
store_stmt_err(struct crm_store *s, sqlite3_stmt *st, struct crm_err *err)
{
	return store_dberr(s, sqlite3_sql(st), err);
}

int
store_exec(struct crm_store *s, const char *sql, struct crm_err *err)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_dberr(s, sql, err);
	return 0;
}

int
store_prepare(struct crm_store *s, const char *sql, sqlite3_stmt **st,
    struct crm_err *err)
{
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
	    NULL) != SQLITE_OK) {
		*st = NULL;
		return store_dberr(s, sql, err);
	}
	return 0;
}

/* The parameter index of name in st; the SQL is ours, so it exists. */
int
store_param(sqlite3_stmt *st, const char *name)
{
	return sqlite3_bind_parameter_index(st, name);
}

/* "2026-03-01T12:00:00Z", refreshed when the second changes. */
const char *
store_now_iso(struct crm_store *s)
{
	time_t t = time(NULL);

	if (t != s->nowt || !s->now[0]) {
		s->nowt = t;
		crm_date_stamp((long long)t, s->now);
	}
	return s->now;
}

const char *
crm_store_default_path(const char *path)
{
	const char *env;

	if (path && *path)
		return path;
	env = getenv("CRM_DB");
	return env && *env ? env : "./crm.db";
}

int
crm_store_scratch_path(char *path, size_t size, struct crm_err *err)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	if ((size_t)snprintf(path, size, "%s/crm-dry-run.XXXXXX",
	    tmp && *tmp ? tmp : "/tmp") >= size) {
		*path = '\0';
		return crm_err_set(err, CRM_EIO, NULL, 0, 0,
		    "cannot create a scratch store: %s", strerror(ENAMETOOLONG));
	}
	if ((fd = mkstemp(path)) < 0) {
		int e = errno;

		*path = '\0';
		return crm_err_set(err, CRM_EIO, NULL, 0, 0,
		    "cannot create a scratch store: %s", strerror(e));
	}
	close(fd);
	unlink(path);
	return 0;
}

void
crm_store_remove(const char *path)
{
	static const char *const side[] = { "-wal", "-shm", "-journal" };
	char p[4096 + 16];
	size_t i;

	if (!path || !*path)
		return;
	unlink(path);
	for (i = 0; i < sizeof side / sizeof side[0]; i++)
		if ((size_t)snprintf(p, sizeof p, "%s%s", path, side[i]) < sizeof p)
			unlink(p);
}

/* The busy timeout: $CRM_BUSY_TIMEOUT milliseconds, else 5 s. */
static int
busy_ms(int *ms, struct crm_err *err)
{
	const char *env = getenv("CRM_BUSY_TIMEOUT");
	long v;

	*ms = 5000;
	if (!env || !*env)
		return 0;
	if (crm_parse_long(env, &v) < 0 || v < 0 || v > 3600000)
		return crm_err_set(err, CRM_EUSAGE, "", 0, 0,
		    "bad CRM_BUSY_TIMEOUT '%s': want milliseconds, 0 to "
		    "3600000", env);
	*ms = (int)v;
	return 0;
}

/* Sleep ms milliseconds. */
static void
nap(int ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Open s->path into s->db with the sqlite3_open_v2 flags oflags. */
static int
open_db(struct crm_store *s, int oflags, struct crm_err *err)
{
	if (sqlite3_open_v2(s->path, &s->db, oflags, NULL) != SQLITE_OK)
		return crm_err_set(err, CRM_EDB, s->path, 0, 0,
		    "cannot open store: %s", s->db ? sqlite3_errmsg(s->db) :
		    "out of memory");
	sqlite3_extended_result_codes(s->db, 1);
	return 0;
}

/*
 * A load killed under a rollback journal (crm_store_begin_load) leaves a
 * hot journal, which a read-only connection cannot roll back: a writable
 * one does it, when the file lets us write.
 */
static int
roll_back(const char *path, int busy)
{
	sqlite3 *db;
	int rc = SQLITE_CANTOPEN;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) ==
	    SQLITE_OK) {
		sqlite3_busy_timeout(db, busy);
		rc = sqlite3_exec(db, "PRAGMA schema_version", NULL, NULL,
		    NULL);
	}
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

/* Is the store's journal mode mode ("wal", "delete")? */
static int
journal_is(struct crm_store *s, const char *mode)
{
	sqlite3_stmt *st;
	int is = 0;

	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode", -1, &st, NULL) !=
	    SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		is = !strcmp((const char *)sqlite3_column_text(st, 0), mode);
	sqlite3_finalize(st);
	return is;
}

/*
 * PRAGMA journal_mode = WAL, waiting up to the busy timeout while another
 * connection writes.  SQLite answers "database is locked" at once here
 * without calling the busy handler (this connection reads the header,
 * then needs the lock another holds: waiting inside could deadlock), so
 * the wait is ours: try again, with growing pauses, until the deadline.
 */
static int
set_wal(struct crm_store *s, struct crm_err *err)
{
	static const char sql[] = "PRAGMA journal_mode = WAL";
	double deadline = crm_now() + s->busy / 1000.0;
	sqlite3_stmt *st;
	int rc, pause = 1, wal;

	for (;;) {
		if ((rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL)) ==
		    SQLITE_OK) {
			rc = sqlite3_step(st);
			wal = rc == SQLITE_ROW && !strcmp((const char *)
			    sqlite3_column_text(st, 0), "wal");
			if (rc == SQLITE_ROW)
				rc = wal ? SQLITE_OK : SQLITE_BUSY;
			else
				rc = sqlite3_finalize(st), st = NULL;
			sqlite3_finalize(st);
		}
		if (rc == SQLITE_OK)
			return 0;
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			return store_dberr(s, sql, err);
		if (crm_now() >= deadline)
			return crm_err_set(err, CRM_EDB, s->path, 0, 0,
			    "database is locked: another command kept it for "
			    "longer than the busy timeout (%d ms, "
			    "CRM_BUSY_TIMEOUT)", s->busy);
		nap(pause);
		if (pause < 64)
			pause *= 2;
	}
}


/* One integer from a one-row query; -1 (err filled) on error. */
int
store_query_int(struct crm_store *s, const char *sql, long long *v,
    struct crm_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_dberr(s, sql, err);
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store_dberr(s, sql, err);
	return 0;
}

/*
 * Is the file ours, before anything is written to it?  Ours: our
 * application_id; or none yet and either empty (a new store) or with our
 * schema (a store made before the id was set: *mark = 1, to set it).
 * Anything else is another application's and is refused.
 */
static int
check_identity(struct crm_store *s, int *mark, struct crm_err *err)
{
	long long app, uv, ntables, ours;
	int rc;

	*mark = 0;
	rc = store_query_int(s, "PRAGMA application_id", &app, err);
	if (rc < 0) {
		int code = sqlite3_extended_errcode(s->db) & 0xff;

		if (code == SQLITE_NOTADB)
			return crm_err_set(err, CRM_EDB, s->path, 0, 0,
			    "not a store: not an SQLite database");
		if (code == SQLITE_BUSY)
			return -1;
		return crm_err_set(err, CRM_EDB, s->path, 0, 0,
		    "cannot read the store: %s", sqlite3_errmsg(s->db));
	}
	if (app == APPLICATION_ID)
		return 0;
	if (app != 0)
		return crm_err_set(err, CRM_EDB, s->path, 0, 0, "not a store "
		    "of this toolkit: another application's SQLite database "
		    "(application_id %#llx); refusing to touch it",
		    (unsigned long long)app & 0xffffffffULL);
	if (store_query_int(s, "PRAGMA user_version", &uv, err) < 0 ||
	    store_query_int(s, "SELECT count(*) FROM sqlite_master", &ntables,
	    err) < 0 ||
	    store_query_int(s, "SELECT count(*) FROM sqlite_master WHERE type = "
	    "'table' AND name IN ('import_runs', 'rejects', 'contacts')",
	    &ours, err) < 0)
		return -1;
	if (uv == 0 && ntables == 0)
		return 0;	/* empty: a new store */
	if (uv >= 1 && ours == 3) {
		*mark = 1;
		return 0;
	}
	return crm_err_set(err, CRM_EDB, s->path, 0, 0, "not a store of this "
	    "toolkit: another application's SQLite database (%lld schema "
	    "object%s, user_version %lld); refusing to touch it", ntables,
	    ntables == 1 ? "" : "s", uv);
}

/* A path SQLite would open as an in-memory database, or as a URI. */
static int
not_a_file(const char *path, struct crm_err *err)
{
	if (!strcmp(path, ":memory:"))
		return crm_err_set(err, CRM_EUSAGE, "", 0, 0, "store "
		    "':memory:' is an in-memory database, which keeps "
		    "nothing: give a file name (./:memory: for a file of "
		    "that name)");
	if (!strncmp(path, "file:", 5))
		return crm_err_set(err, CRM_EUSAGE, "", 0, 0, "store '%s' is "
		    "an SQLite URI, which may name an in-memory database that "
		    "keeps nothing: give a file name (./%s for a file of that "
		    "name)", path, path);
	return 0;
}

struct crm_store *
crm_store_open(const char *path, int flags, struct crm_err *err)
{
	struct crm_store *s;
	struct stat sb;
	int fd, oflags, busy, mark;

	path = crm_store_default_path(path);
	if (not_a_file(path, err) < 0 || busy_ms(&busy, err) < 0)
		return NULL;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		crm_err_set(err, CRM_EDB, path, 0, 0, "not a store: a directory");
		return NULL;
	}
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		crm_err_set(err, CRM_EDB, path, 0, 0,
		    "not a store: not a regular file");
		return NULL;
	}
	if (stat(path, &sb) < 0) {
		if (errno != ENOENT || !(flags & CRM_STORE_CREATE) ||
		    (flags & CRM_STORE_READONLY)) {
			crm_err_set(err, errno == ENOENT ? CRM_EDB : CRM_EIO,
			    path, 0, 0, "cannot open store:");
			return NULL;
		}
		/* Personal data: the file is ours alone (and so its -wal). */
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd < 0 && errno != EEXIST) {
			crm_err_set(err, CRM_EIO, path, 0, 0,
			    "cannot create store:");
			return NULL;
		}
		if (fd >= 0) {
			(void)fchmod(fd, 0600);
			close(fd);
		}
	}
	/* No global allocation statistics (a mutex per malloc); a no-op
	 * once SQLite is initialised. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	s = xcalloc(1, sizeof *s);
	s->wb_fd = -1;
	s->busy = busy;
	s->path = xstrdup(path);
	if (stat(path, &sb) == 0 && (sb.st_mode & 077))
		snprintf(s->warning, sizeof s->warning, "store '%s' can be read "
		    "or written by others (mode %04o): it holds personal data; "
		    "chmod 600 '%s'", path, (unsigned)(sb.st_mode & 07777),
		    path);
	s->readonly = !!(flags & CRM_STORE_READONLY);
	oflags = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	oflags |= SQLITE_OPEN_NOMUTEX;	/* one connection, one thread */
	if (open_db(s, oflags, err) < 0)
		goto fail;
	if (s->readonly && sqlite3_exec(s->db, "PRAGMA schema_version", NULL,
	    NULL, NULL) == SQLITE_READONLY_ROLLBACK &&
	    roll_back(path, busy) == 0) {
		sqlite3_close(s->db);
		if (open_db(s, oflags, err) < 0)
			goto fail;
	}
	/* Room for the column values of a row: fewer mallocs per step. */
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_LOOKASIDE, NULL, 512, 1024);
	sqlite3_busy_timeout(s->db, busy);
	/* Nothing is written before the file is known to be ours. */
	if (check_identity(s, &mark, err) < 0)
		goto fail;
	if (!s->readonly && sqlite3_db_readonly(s->db, "main") == 1) {
		crm_err_set(err, CRM_EDB, path, 0, 0,
		    "attempt to write a readonly database");
		goto fail;
	}
	/*
	 * A new store gets 16 KiB pages (before WAL fixes the size): bulk
	 * loads write a quarter as many pages, in fewer system calls.
	 */
	if (!s->readonly && store_exec(s, "PRAGMA page_size = 16384", err) < 0)
		goto fail;
	if (store_exec(s, "PRAGMA foreign_keys = ON", err) < 0 ||
	    store_exec(s, "PRAGMA cache_size = -10240", err) < 0)
		goto fail;
	if (!s->readonly && (set_wal(s, err) < 0 ||
	    store_exec(s, "PRAGMA synchronous = NORMAL", err) < 0))
		goto fail;
	if (store_migrate(s, err) < 0)
		goto fail;
	if (mark && !s->readonly && store_exec(s, SET_APPLICATION_ID, err) < 0)
		goto fail;
	return s;
fail:
	crm_store_close(s);
	return NULL;
}


void
crm_store_close(struct crm_store *s)
{
	if (!s)
		return;
	store_ents_release(s);
	sqlite3_finalize(s->run_ins);
	sqlite3_finalize(s->run_end);
	sqlite3_finalize(s->run_find);
	sqlite3_finalize(s->rej_ins);
	if (s->db && s->depth && !s->aborted)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(s->db);
	if (s->wb_fd >= 0)
		close(s->wb_fd);
	free(s->path);
	free(s);
}

const char *
crm_store_warning(const struct crm_store *s)
{
	return s->warning[0] ? s->warning : NULL;
}

int
crm_store_schema_version(struct crm_store *s)
{
	return s->version;
}


/* The connection, for the other store files' SQL (store_int.h). */
sqlite3 *
crm_store_db(struct crm_store *s)
{
	struct crm_err ignored = CRM_ERR_INIT;

	if (store_flush_all(s, &ignored) < 0)
		crm_store_rollback(s);
	return s->db;
}


/* Transactions nest; only the outermost reaches SQLite. */
int
crm_store_begin(struct crm_store *s, struct crm_err *err)
{
	if (s->aborted)
		return crm_err_set(err, CRM_EDB, s->path, 0, 0,
		    "transaction was rolled back");
	if (s->depth == 0 && store_exec(s, "BEGIN IMMEDIATE", err) < 0)
		return -1;
	s->depth++;
	return 0;
}

/* 1 when table has no rows, 0 when it has, -1 on error (err filled). */
int
store_table_empty(struct crm_store *s, const char *table, struct crm_err *err)
{
	struct crm_buf sql = CRM_BUF_INIT;
	sqlite3_stmt *st;
	int empty;

	crm_buf_addf(&sql, "SELECT NOT EXISTS (SELECT 1 FROM \"%s\")", table);
	empty = store_prepare(s, sql.buf, &st, err);
	crm_buf_release(&sql);
	if (empty < 0)
		return -1;
	empty = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return empty;
}

/*
 * A first load into an empty table writes every page of it once under a
 * rollback journal (nothing of the table is in the journal: its pages are
 * new), where WAL writes each page twice, to the log and then back into
 * the file.  Only with the store to ourselves: leaving WAL needs that, and
 * a reader would wait anyway (busy timeout) until the load commits.
 */
int
crm_store_begin_load(struct crm_store *s, const struct crm_entity *e,
    struct crm_err *err)
{
	struct crm_err ignored = CRM_ERR_INIT;	/* no table check: no load */

	if (s->depth == 0 && !s->readonly &&
	    store_table_empty(s, e->table, &ignored) == 1) {
		sqlite3_busy_timeout(s->db, 0);
		s->rollback_journal = sqlite3_exec(s->db,
		    "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) ==
		    SQLITE_OK && journal_is(s, "delete");
		sqlite3_busy_timeout(s->db, s->busy);
		/* NORMAL is safe with WAL; a rollback journal needs FULL
		 * to survive a power cut (one more small fsync). */
		if (s->rollback_journal)
			sqlite3_exec(s->db, "PRAGMA synchronous = FULL", NULL,
			    NULL, NULL);
#ifdef SYNC_FILE_RANGE_WRITE
		if (s->rollback_journal && s->wb_fd < 0)
			s->wb_fd = open(s->path, O_RDONLY | O_CLOEXEC);
#endif
	}
	return crm_store_begin(s, err);
}

/*
 * A first load has the kernel start writing its new pages out every
 * WB_ROWS rows, so that the disk works while we do and COMMIT's fsync
 * finds little left (it took 0.19 s of a 1M-row load).  Any page may be
 * written out at any time anyway: this only makes it sooner.
 */
enum { WB_ROWS = 32768 };

void
store_load_wrote(struct crm_store *s, size_t rows)
{
#ifdef SYNC_FILE_RANGE_WRITE
	if (s->wb_fd >= 0 && s->rollback_journal &&
	    (s->wb_rows += (long)rows) >= WB_ROWS) {
		s->wb_rows = 0;
		(void)sync_file_range(s->wb_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	}
#else
	(void)s;
	(void)rows;
#endif
}

/* After the outermost commit or rollback of a load: back to WAL. */
static void
end_load(struct crm_store *s)
{
	if (s->depth == 0 && s->rollback_journal) {
		struct crm_err ignored = CRM_ERR_INIT;

		/* Failing that, the next command to open it sets WAL. */
		s->rollback_journal = 0;
		if (set_wal(s, &ignored) == 0)
			sqlite3_exec(s->db, "PRAGMA synchronous = NORMAL", NULL,
			    NULL, NULL);
	}
}

int
crm_store_commit(struct crm_store *s, struct crm_err *err)
{
	if (s->depth == 0)
		return crm_err_set(err, CRM_EDB, s->path, 0, 0,
		    "commit without a transaction");
	if (s->aborted) {
		if (--s->depth == 0)
			s->aborted = 0;
		return crm_err_set(err, CRM_EDB, s->path, 0, 0,
		    "transaction was rolled back");
	}
	if (s->depth == 1 && (store_bulk_end_all(s, err) < 0 ||
	    store_exec(s, "COMMIT", err) < 0))
		return -1;	/* still open: the caller rolls back */
	if (s->depth == 1)
		store_bulk_drop_all(s);
	s->depth--;
	end_load(s);
	return 0;
}

int
crm_store_build_indexes(struct crm_store *s, struct crm_err *err)
{
	return store_bulk_end_all(s, err);
}

/* Rolls back the whole transaction, at any depth. */
void
crm_store_rollback(struct crm_store *s)
{
	if (s->depth == 0)
		return;
	if (!s->aborted)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	store_bulk_drop_all(s);	/* the rollback brought the indexes back */
	s->aborted = 1;
	if (--s->depth == 0)
		s->aborted = 0;
	end_load(s);
}

int
store_writable(struct crm_store *s, struct crm_err *err)
{
	if (s->readonly)
		return crm_err_set(err, CRM_EDB, s->path, 0, 0,
		    "store was opened read-only");
	if (s->aborted)
		return crm_err_set(err, CRM_EDB, s->path, 0, 0,
		    "transaction was rolled back");
	return 0;
}

/* Step a writing statement to its end and reset it. */
int
store_step_done(struct crm_store *s, sqlite3_stmt *st, struct crm_err *err)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		store_stmt_err(s, st, err);
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	s->changes = sqlite3_total_changes64(s->db);
	return 0;
}

int
crm_store_dberr(struct crm_err *err, sqlite3 *db, const char *what)
{
	return crm_err_set(err, CRM_EDB, NULL, 0, 0, "%s: %s", what,
	    sqlite3_errmsg(db));
}

sqlite3_stmt *
crm_store_prep(sqlite3 *db, const char *sql, struct crm_err *err)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		crm_err_set(err, CRM_EDB, NULL, 0, 0, "%s: %.80s",
		    sqlite3_errmsg(db), sql);
		return NULL;
	}
	return st;
}

int
crm_store_step(sqlite3 *db, sqlite3_stmt *st, struct crm_err *err,
    const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return crm_store_dberr(err, db, what);
	return 0;
}
