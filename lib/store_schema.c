/*
 * store_schema: the store's schema as its migrations, in order, and the
 * code that runs them when a store is opened (PRAGMA user_version).
 * Moved out of store.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

/*
 * Migrations, in order: migrations[i] takes user_version i to i + 1.
 * Each is a NULL-terminated list of SQL statements run in one transaction.
 * Never edit a released step; append a new one.
 */
static const char *const schema_v1[] = {
	"CREATE TABLE companies ("
	" id INTEGER PRIMARY KEY,"
	" external_id TEXT, name TEXT, legal_form TEXT, inn TEXT, kpp TEXT,"
	" ogrn TEXT, industry TEXT, size TEXT, city TEXT, address TEXT,"
	" postal_code TEXT, phone TEXT, email TEXT, website TEXT, source TEXT,"
	" owner TEXT, created_at TEXT,"
	" extra TEXT NOT NULL DEFAULT '{}', updated_at TEXT);"
	"CREATE UNIQUE INDEX companies_external_id ON companies(external_id)"
	" WHERE external_id IS NOT NULL;"
	"CREATE INDEX companies_inn ON companies(inn);"
	"CREATE INDEX companies_name ON companies(name);",

	"CREATE TABLE contacts ("
	" id INTEGER PRIMARY KEY,"
	" external_id TEXT, last_name TEXT, first_name TEXT, middle_name TEXT,"
	" position TEXT, company TEXT, phone TEXT, email TEXT, city TEXT,"
	" address TEXT, postal_code TEXT, source TEXT, owner TEXT,"
	" birthday TEXT, created_at TEXT,"
	" extra TEXT NOT NULL DEFAULT '{}', updated_at TEXT,"
	" email_key TEXT, phone_key TEXT);"
	"CREATE UNIQUE INDEX contacts_external_id ON contacts(external_id)"
	" WHERE external_id IS NOT NULL;"
	"CREATE INDEX contacts_email_key ON contacts(email_key);"
	"CREATE INDEX contacts_phone_key ON contacts(phone_key);",

	"CREATE TABLE deals ("
	" id INTEGER PRIMARY KEY,"
	" external_id TEXT, title TEXT, contact TEXT, company TEXT, stage TEXT,"
	" status TEXT CHECK (status IN ('open', 'won', 'lost')),"
	" amount TEXT, currency TEXT, source TEXT, owner TEXT,"
	" created_at TEXT, expected_close TEXT, closed_at TEXT,"
	" lost_reason TEXT,"
	" extra TEXT NOT NULL DEFAULT '{}', updated_at TEXT);"
	"CREATE UNIQUE INDEX deals_external_id ON deals(external_id)"
	" WHERE external_id IS NOT NULL;"
	"CREATE INDEX deals_title ON deals(title);",

	"CREATE TABLE orders ("
	" id INTEGER PRIMARY KEY,"
	" external_id TEXT, customer TEXT, order_date TEXT, amount TEXT,"
	" status TEXT, created_at TEXT,"
	" extra TEXT NOT NULL DEFAULT '{}', updated_at TEXT);"
	"CREATE UNIQUE INDEX orders_external_id ON orders(external_id)"
	" WHERE external_id IS NOT NULL;"
	"CREATE INDEX orders_customer ON orders(customer, order_date, amount);",

	"CREATE TABLE activities ("
	" id INTEGER PRIMARY KEY,"
	" external_id TEXT, type TEXT, subject TEXT, contact TEXT, deal TEXT,"
	" owner TEXT, due_at TEXT, done_at TEXT, created_at TEXT,"
	" extra TEXT NOT NULL DEFAULT '{}', updated_at TEXT);"
	"CREATE UNIQUE INDEX activities_external_id ON activities(external_id)"
	" WHERE external_id IS NOT NULL;"
	"CREATE INDEX activities_natural ON activities(type, subject, contact,"
	" deal, due_at);",

	"CREATE TABLE stages ("
	" id INTEGER PRIMARY KEY,"
	" pipeline TEXT, name TEXT, position TEXT, probability TEXT,"
	" kind TEXT CHECK (kind IN ('open', 'won', 'lost')), sla_days TEXT,"
	" UNIQUE (pipeline, name));"
	"CREATE INDEX stages_name ON stages(name);",

	"CREATE TABLE deal_stages ("
	" id INTEGER PRIMARY KEY,"
	" deal TEXT, stage TEXT, entered_at TEXT,"
	" UNIQUE (deal, stage, entered_at));",

	"CREATE TABLE sources ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT UNIQUE, synonyms TEXT NOT NULL DEFAULT '[]');",

	"CREATE TABLE spend ("
	" id INTEGER PRIMARY KEY,"
	" source TEXT, period TEXT, amount TEXT,"
	" UNIQUE (source, period));",

	"CREATE TABLE import_runs ("
	" id INTEGER PRIMARY KEY,"
	" tool TEXT NOT NULL, entity TEXT NOT NULL, file TEXT, sha256 TEXT,"
	" started TEXT NOT NULL, finished TEXT,"
	" read INTEGER, inserted INTEGER, updated INTEGER,"
	" unchanged INTEGER, rejected INTEGER);"
	"CREATE INDEX import_runs_sha256 ON import_runs(entity, sha256);",

	"CREATE TABLE rejects ("
	" id INTEGER PRIMARY KEY,"
	" run INTEGER NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,"
	" line INTEGER, raw BLOB, reasons TEXT);"
	"CREATE INDEX rejects_run ON rejects(run);",

	"CREATE TABLE merge_runs ("
	" id INTEGER PRIMARY KEY,"
	" started TEXT NOT NULL, entity TEXT NOT NULL, params TEXT,"
	" undone_at TEXT);",

	"CREATE TABLE merges ("
	" id INTEGER PRIMARY KEY,"
	" run INTEGER NOT NULL REFERENCES merge_runs(id),"
	" entity TEXT NOT NULL, survivor INTEGER NOT NULL,"
	" merged_id INTEGER NOT NULL, record TEXT NOT NULL,"
	" choices TEXT NOT NULL DEFAULT '[]', created_at TEXT NOT NULL);"
	"CREATE INDEX merges_run ON merges(run);"
	"CREATE INDEX merges_survivor ON merges(entity, survivor);",

	"CREATE TABLE not_duplicates ("
	" entity TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL,"
	" created_at TEXT NOT NULL,"
	" UNIQUE (entity, a, b));",

	"CREATE TABLE rfm_snapshots ("
	" id INTEGER PRIMARY KEY,"
	" as_of TEXT NOT NULL, created_at TEXT NOT NULL, params TEXT);",

	"CREATE TABLE rfm_scores ("
	" snapshot INTEGER NOT NULL REFERENCES rfm_snapshots(id)"
	" ON DELETE CASCADE,"
	" customer TEXT NOT NULL, recency_days INTEGER, frequency INTEGER,"
	" monetary REAL, r_score INTEGER, f_score INTEGER, m_score INTEGER,"
	" rfm_score TEXT, segment TEXT,"
	" PRIMARY KEY (snapshot, customer));",
	NULL
};

/*
 * v2: the indexes of contacts' internal _key columns are built when a
 * lookup first needs them (see key_index), not by every first load.
 */
static const char *const schema_v2[] = {
	"DROP INDEX IF EXISTS contacts_email_key;"
	"DROP INDEX IF EXISTS contacts_phone_key;",
	NULL
};

/*
 * v3: email_key is NULL where it is the e-mail itself (every normalised
 * e-mail is its own key): a lookup compares EMAIL_KEY, and the index a
 * lookup makes is on that.
 */
static const char *const schema_v3[] = {
	"DROP INDEX IF EXISTS contacts_email_key;"
	"UPDATE contacts SET email_key = NULL WHERE email_key = email;",
	NULL
};

/*
 * v4: row ids are never reused.  The entity tables are rebuilt with
 * AUTOINCREMENT (see schema_v4_step(), run before these statements), so that
 * a row merged away keeps its id for --undo and a not-duplicates mark
 * never names a newer row; merges keeps the survivor's row as the merge
 * left it (after), for undo to see what changed since; marks keep the
 * records they were made for (a_record, b_record).  A mark made before a
 * merge removed its row, whose id a newer row has taken since, named a
 * record that is gone: it is dropped.
 */
static const char *const schema_v4[] = {
	"DELETE FROM not_duplicates AS nd WHERE EXISTS (SELECT 1 FROM merges m"
	" JOIN merge_runs r ON r.id = m.run WHERE r.undone_at IS NULL"
	" AND m.entity = nd.entity AND m.merged_id <> m.survivor"
	" AND m.merged_id IN (CAST(nd.a AS INTEGER), CAST(nd.b AS INTEGER))"
	" AND m.created_at >= nd.created_at"
	" AND (nd.entity = 'contacts' AND m.merged_id IN (SELECT id FROM contacts)"
	"  OR nd.entity = 'companies' AND m.merged_id IN (SELECT id FROM companies)));",
	"UPDATE not_duplicates SET"
	" a_record = (SELECT json_object('external_id', external_id, 'last_name',"
	"  last_name, 'first_name', first_name, 'email', email, 'phone', phone)"
	"  FROM contacts WHERE id = CAST(a AS INTEGER)),"
	" b_record = (SELECT json_object('external_id', external_id, 'last_name',"
	"  last_name, 'first_name', first_name, 'email', email, 'phone', phone)"
	"  FROM contacts WHERE id = CAST(b AS INTEGER))"
	" WHERE entity = 'contacts';",
	"UPDATE not_duplicates SET"
	" a_record = (SELECT json_object('external_id', external_id, 'name', name,"
	"  'inn', inn, 'email', email, 'phone', phone)"
	"  FROM companies WHERE id = CAST(a AS INTEGER)),"
	" b_record = (SELECT json_object('external_id', external_id, 'name', name,"
	"  'inn', inn, 'email', email, 'phone', phone)"
	"  FROM companies WHERE id = CAST(b AS INTEGER))"
	" WHERE entity = 'companies';",
	NULL
};

/*
 * v5: data from any country.  settings holds the store's own choices
 * ("country": the default country of records that carry none, set once).
 * Contacts and companies keep a record's country, orders the currency of
 * their amount, companies the name as written, legal form and all
 * (full_name): the columns come from schema_v5_step().
 */
static const char *const schema_v5[] = {
	"CREATE TABLE IF NOT EXISTS settings ("
	" key TEXT PRIMARY KEY, value TEXT NOT NULL);",
	NULL
};

/*
 * v6: the rules of moving between stages (crm-funnel --check): a stage
 * marked required must not be skipped, and requires lists the deal
 * fields a deal must have from that stage on.  Both were dropped on
 * import before (stages have no extra).
 */
static const char *const schema_v6[] = {
	NULL		/* the columns come from schema_v6_step() */
};

static const char *const *const migrations[] = {
	schema_v1, schema_v2, schema_v3, schema_v4, schema_v5, schema_v6
};
#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

static int schema_v4_step(struct crm_store *s, struct crm_err *err);
static int schema_v5_step(struct crm_store *s, struct crm_err *err);
static int schema_v6_step(struct crm_store *s, struct crm_err *err);

/* C steps of a migration, run before its statements (NULL: none). */
static int (*const migration_fn[NMIGRATIONS])(struct crm_store *,
    struct crm_err *) = {
	NULL, NULL, NULL, schema_v4_step, schema_v5_step, schema_v6_step
};

static int
store_user_version(struct crm_store *s, int *v, struct crm_err *err)
{
	static const char sql[] = "PRAGMA user_version";
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_dberr(s, sql, err);
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_dberr(s, sql, err);
		sqlite3_finalize(st);
		return -1;
	}
	*v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* The entity tables, whose ids v4 makes AUTOINCREMENT. */
static const char *const id_tables[] = {
	"companies", "contacts", "deals", "orders", "activities", NULL
};

/*
 * Rebuild table t with "id INTEGER PRIMARY KEY AUTOINCREMENT": its own
 * CREATE statement (whatever columns it has by now) with that one change,
 * the rows copied with their ids, its indexes made again.  The sequence
 * starts above every id the table has had that merges remembers, so that
 * --undo can put a merged-away row back under its id.
 */
static int
rebuild_autoincrement(struct crm_store *s, const char *t, struct crm_err *err)
{
	static const char pk[] = "id INTEGER PRIMARY KEY";
	struct crm_buf sql = CRM_BUF_INIT, idx = CRM_BUF_INIT;
	sqlite3_stmt *st = NULL;
	const char *def, *p, *open;
	int ret = -1;

	crm_buf_adds(&sql, "SELECT sql FROM sqlite_master WHERE type = 'table'"
	    " AND name = ?");
	if (store_prepare(s, sql.buf, &st, err) < 0)
		goto out;
	sqlite3_bind_text(st, 1, t, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW || !(def = (const char *)
	    sqlite3_column_text(st, 0))) {
		crm_err_set(err, CRM_EDB, s->path, 0, 0, "schema v4: no table "
		    "'%s'", t);
		goto out;
	}
	if (strstr(def, "AUTOINCREMENT")) {
		ret = 0;
		goto out;
	}
	if (!(p = strstr(def, pk)) || !(open = strchr(def, '(')) || open > p) {
		crm_err_set(err, CRM_EDB, s->path, 0, 0, "schema v4: table '%s'"
		    " has no 'id INTEGER PRIMARY KEY'", t);
		goto out;
	}
	crm_buf_reset(&sql);
	crm_buf_addf(&sql, "CREATE TABLE \"%s_v4\" ", t);
	crm_buf_add(&sql, open, (size_t)(p - open) + sizeof pk - 1);
	crm_buf_adds(&sql, " AUTOINCREMENT");
	crm_buf_adds(&sql, p + sizeof pk - 1);
	crm_buf_adds(&sql, ";\n");
	sqlite3_finalize(st);
	st = NULL;
	/* Its indexes (and triggers), to make again after the swap. */
	if (store_prepare(s, "SELECT sql FROM sqlite_master WHERE type IN ('index',"
	    " 'trigger') AND tbl_name = ? AND sql IS NOT NULL ORDER BY rowid",
	    &st, err) < 0)
		goto out;
	sqlite3_bind_text(st, 1, t, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		crm_buf_adds(&idx, (const char *)sqlite3_column_text(st, 0));
		crm_buf_adds(&idx, ";\n");
	}
	sqlite3_finalize(st);
	st = NULL;
	crm_buf_addf(&sql, "INSERT INTO \"%s_v4\" SELECT * FROM \"%s\";\n"
	    "DROP TABLE \"%s\";\n"
	    "ALTER TABLE \"%s_v4\" RENAME TO \"%s\";\n", t, t, t, t, t);
	crm_buf_add(&sql, idx.buf, idx.len);
	crm_buf_addf(&sql, "INSERT INTO sqlite_sequence (name, seq)"
	    " SELECT '%s', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence"
	    " WHERE name = '%s');\n"
	    "UPDATE sqlite_sequence SET seq = max(seq,"
	    " (SELECT coalesce(max(id), 0) FROM \"%s\"),"
	    " (SELECT coalesce(max(max(survivor, merged_id)), 0) FROM merges"
	    " WHERE entity = '%s')) WHERE name = '%s';\n", t, t, t, t, t);
	ret = store_exec(s, sql.buf, err);
out:
	sqlite3_finalize(st);
	crm_buf_release(&sql);
	crm_buf_release(&idx);
	return ret;
}

/* ALTER TABLE t ADD COLUMN c decl, unless t has c already. */
static int
add_column(struct crm_store *s, const char *t, const char *c,
    const char *decl, struct crm_err *err)
{
	char sql[256];
	sqlite3_stmt *st;
	int has;

	if (store_prepare(s, "SELECT count(*) FROM pragma_table_info(?1)"
	    " WHERE name = ?2", &st, err) < 0)
		return -1;
	sqlite3_bind_text(st, 1, t, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c, -1, SQLITE_STATIC);
	has = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (has)
		return 0;
	snprintf(sql, sizeof sql, "ALTER TABLE \"%s\" ADD COLUMN \"%s\" %s",
	    t, c, decl);
	return store_exec(s, sql, err);
}

static int
schema_v4_step(struct crm_store *s, struct crm_err *err)
{
	size_t i;

	if (add_column(s, "merges", "after", "TEXT", err) < 0 ||
	    add_column(s, "not_duplicates", "a_record", "TEXT", err) < 0 ||
	    add_column(s, "not_duplicates", "b_record", "TEXT", err) < 0)
		return -1;
	for (i = 0; id_tables[i]; i++)
		if (rebuild_autoincrement(s, id_tables[i], err) < 0)
			return -1;
	return 0;
}

static int
schema_v5_step(struct crm_store *s, struct crm_err *err)
{
	if (add_column(s, "contacts", "country", "TEXT", err) < 0 ||
	    add_column(s, "companies", "country", "TEXT", err) < 0 ||
	    add_column(s, "companies", "full_name", "TEXT", err) < 0 ||
	    add_column(s, "orders", "currency", "TEXT", err) < 0)
		return -1;
	return 0;
}

static int
schema_v6_step(struct crm_store *s, struct crm_err *err)
{
	if (add_column(s, "stages", "required", "TEXT", err) < 0 ||
	    add_column(s, "stages", "requires", "TEXT", err) < 0)
		return -1;
	return 0;
}

int
store_migrate(struct crm_store *s, struct crm_err *err)
{
	const char *const *sp;
	char sql[64];
	int v, i;

	if (store_user_version(s, &v, err) < 0)
		return -1;
	if (v > NMIGRATIONS)
		return crm_err_set(err, CRM_EDB, s->path, 0, 0,
		    "store has schema version %d, newer than this program "
		    "knows (%d): upgrade the toolkit", v, NMIGRATIONS);
	if (v == NMIGRATIONS) {
		s->version = v;
		return 0;
	}
	if (s->readonly)
		return crm_err_set(err, CRM_EDB, s->path, 0, 0,
		    "store has schema version %d, older than %d: open it "
		    "for writing once to upgrade it", v, NMIGRATIONS);
	if (store_exec(s, "BEGIN IMMEDIATE", err) < 0)
		return -1;
	/* Someone may have migrated while we waited for the lock. */
	if (store_user_version(s, &v, err) < 0)
		goto fail;
	if (v > NMIGRATIONS) {
		crm_err_set(err, CRM_EDB, s->path, 0, 0, "store has schema "
		    "version %d, newer than this program knows (%d)", v,
		    NMIGRATIONS);
		goto fail;
	}
	for (i = v; i < NMIGRATIONS; i++) {
		if (migration_fn[i] && migration_fn[i](s, err) < 0)
			goto fail;
		for (sp = migrations[i]; *sp; sp++)
			if (store_exec(s, *sp, err) < 0)
				goto fail;
	}
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", NMIGRATIONS);
	if (store_exec(s, sql, err) < 0 || store_exec(s, SET_APPLICATION_ID, err) < 0 ||
	    store_exec(s, "COMMIT", err) < 0)
		goto fail;
	s->version = NMIGRATIONS;
	return 0;
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}
