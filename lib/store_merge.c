/*
 * store_merge: merges, survivorship, reference repointing, undo and
 * not-duplicates for crm-dedupe (store_merge.h).  SQL lives here.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store_merge.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ','now')"

static int
dberr(struct crm_err *err, sqlite3 *db, const char *what)
{
	return crm_err_set(err, CRM_EDB, NULL, 0, 0, "%s: %s", what,
	    sqlite3_errmsg(db));
}

static sqlite3_stmt *
prep(sqlite3 *db, const char *sql, struct crm_err *err)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		crm_err_set(err, CRM_EDB, NULL, 0, 0, "%s: %.80s", sqlite3_errmsg(db),
		    sql);
		return NULL;
	}
	return st;
}

/* Quote an identifier that came from our own tables. */
static void
ident(struct crm_buf *b, const char *s)
{
	crm_buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			crm_buf_addc(b, '"');
		crm_buf_addc(b, *s);
	}
	crm_buf_addc(b, '"');
}

static void
json_str(struct crm_buf *b, const char *s)
{
	if (!s) {
		crm_buf_adds(b, "null");
		return;
	}
	crm_buf_addc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			crm_buf_addc(b, '\\');
			crm_buf_addc(b, (char)c);
		} else if (c < 0x20)
			crm_buf_addf(b, "\\u%04x", c);
		else
			crm_buf_addc(b, (char)c);
	}
	crm_buf_addc(b, '"');
}

int
crm_merge_load(struct crm_store *s, const struct crm_entity *e,
    int (*cb)(void *ctx, long long id, const struct crm_record *rec),
    void *ctx, struct crm_err *err)
{
	sqlite3 *db = crm_store_sqlite(s);
	struct crm_buf sql = CRM_BUF_INIT;
	struct crm_record rec = CRM_RECORD_INIT;
	sqlite3_stmt *st;
	size_t i;
	int rc, ret = 0;

	crm_buf_adds(&sql, "SELECT id");
	for (i = 0; i < e->nfields; i++) {
		crm_buf_addc(&sql, ',');
		ident(&sql, e->fields[i].name);
	}
	crm_buf_adds(&sql, " FROM ");
	ident(&sql, e->table);
	crm_buf_adds(&sql, " ORDER BY id");
	if (!(st = prep(db, sql.buf, err))) {
		crm_buf_release(&sql);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		crm_record_reset(&rec);
		for (i = 0; i < e->nfields; i++) {
			const char *v = (const char *)sqlite3_column_text(st,
			    (int)i + 1);

			crm_record_add(&rec, e->fields[i].name,
			    strlen(e->fields[i].name), v, v ? (size_t)
			    sqlite3_column_bytes(st, (int)i + 1) : 0);
		}
		if (cb(ctx, sqlite3_column_int64(st, 0), &rec))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = dberr(err, db, "reading the store");
	sqlite3_finalize(st);
	crm_record_release(&rec);
	crm_buf_release(&sql);
	return ret;
}

long long
crm_merge_resolve(struct crm_store *s, const struct crm_entity *e,
    const char *ref, struct crm_err *err)
{
	sqlite3 *db = crm_store_sqlite(s);
	struct crm_buf sql = CRM_BUF_INIT;
	sqlite3_stmt *st;
	long long id = 0;
	long v;
	int pass;

	for (pass = 0; pass < 2 && !id; pass++) {
		crm_buf_reset(&sql);
		crm_buf_adds(&sql, "SELECT id FROM ");
		ident(&sql, e->table);
		crm_buf_adds(&sql, pass ? " WHERE id = ?" : " WHERE external_id = ?");
		if (pass && crm_parse_long(ref, &v) < 0)
			break;
		if (!(st = prep(db, sql.buf, err))) {
			crm_buf_release(&sql);
			return -1;
		}
		if (pass)
			sqlite3_bind_int64(st, 1, v);
		else
			sqlite3_bind_text(st, 1, ref, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	crm_buf_release(&sql);
	return id;
}

int
crm_merge_add_not_dup(struct crm_store *s, const struct crm_entity *e,
    long long a, long long b, struct crm_err *err)
{
	sqlite3 *db = crm_store_sqlite(s);
	sqlite3_stmt *st;
	char sa[32], sb[32];
	int rc;

	if (a > b) {
		long long t = a;

		a = b;
		b = t;
	}
	snprintf(sa, sizeof sa, "%lld", a);
	snprintf(sb, sizeof sb, "%lld", b);
	if (!(st = prep(db, "INSERT OR IGNORE INTO not_duplicates"
	    " (entity, a, b, created_at) VALUES (?, ?, ?, " NOW ")", err)))
		return -1;
	sqlite3_bind_text(st, 1, e->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sa, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, sb, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return dberr(err, db, "remembering a not-duplicate pair");
	return 0;
}

int
crm_merge_not_dups(struct crm_store *s, const struct crm_entity *e,
    int (*cb)(void *ctx, long long a, long long b), void *ctx,
    struct crm_err *err)
{
	sqlite3 *db = crm_store_sqlite(s);
	sqlite3_stmt *st;
	int rc;

	if (!(st = prep(db, "SELECT CAST(a AS INTEGER), CAST(b AS INTEGER)"
	    " FROM not_duplicates WHERE entity = ? ORDER BY 1, 2", err)))
		return -1;
	sqlite3_bind_text(st, 1, e->name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (cb(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1)))
			break;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return dberr(err, db, "reading not_duplicates");
	return 0;
}

/* ---- merge ------------------------------------------------------------- */

struct tabinfo {
	char **cols;
	size_t ncols;
};

static int
table_columns(sqlite3 *db, const char *table, struct tabinfo *ti,
    struct crm_err *err)
{
	struct crm_buf sql = CRM_BUF_INIT;
	sqlite3_stmt *st;

	crm_buf_adds(&sql, "SELECT name FROM pragma_table_info(");
	crm_buf_addc(&sql, '\'');
	crm_buf_adds(&sql, table);
	crm_buf_adds(&sql, "') ORDER BY cid");
	st = prep(db, sql.buf, err);
	crm_buf_release(&sql);
	if (!st)
		return -1;
	ti->cols = NULL;
	ti->ncols = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		ti->cols = xreallocarray(ti->cols, ti->ncols + 1, sizeof *ti->cols);
		ti->cols[ti->ncols++] = xstrdup((const char *)
		    sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return 0;
}

static void
tabinfo_release(struct tabinfo *ti)
{
	size_t i;

	for (i = 0; i < ti->ncols; i++)
		free(ti->cols[i]);
	free(ti->cols);
}

static long
colidx(const struct tabinfo *ti, const char *name)
{
	size_t i;

	for (i = 0; i < ti->ncols; i++)
		if (!strcmp(ti->cols[i], name))
			return (long)i;
	return -1;
}

/* The references to an entity's rows in other tables. */
static const struct refdef {
	const char *entity, *table, *column;
} refs[] = {
	{ "contacts", "deals", "contact" },
	{ "contacts", "activities", "contact" },
	{ "contacts", "orders", "customer" },
	{ "companies", "deals", "company" },
	{ "companies", "contacts", "company" },
};
#define NREFS (sizeof refs / sizeof refs[0])

/* Natural keys a reference may use, in preference order. */
static const char *const refkeys_contacts[] = { "external_id", "email",
	"phone", NULL };
static const char *const refkeys_companies[] = { "external_id", "inn",
	"name", "email", "phone", NULL };

struct member {
	long long id;
	char **v;		/* per table column, NULL = NULL */
};

static int
valid_value(const char *field, const char *v)
{
	size_t digits = 0;

	if (!strcmp(field, "email"))
		return strchr(v, '@') && strchr(strchr(v, '@'), '.');
	if (!strcmp(field, "phone")) {
		for (; *v; v++)
			digits += *v >= '0' && *v <= '9';
		return digits >= 10;
	}
	return 1;
}

static int
nonempty(const char *v)
{
	return v && *v;
}

static int
step_done(sqlite3 *db, sqlite3_stmt *st, struct crm_err *err, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return dberr(err, db, what);
	return 0;
}

static int
merge_cluster(sqlite3 *db, const struct crm_entity *e, const struct tabinfo *ti,
    const long long *ids, size_t n, int surv, long long run,
    struct crm_merge_counts *c, struct crm_err *err)
{
	struct crm_buf sql = CRM_BUF_INIT, choices = CRM_BUF_INIT;
	struct member *m = xcalloc(n, sizeof *m);
	sqlite3_stmt *sel = NULL, *img = NULL, *rk = NULL, *st = NULL;
	const char *const *refkeys = !strcmp(e->name, "companies") ?
	    refkeys_companies : refkeys_contacts;
	size_t i, j, f, best = 0, bestn = 0;
	long upd = colidx(ti, "updated_at");
	int ret = -1;

	/* Load the members. */
	crm_buf_adds(&sql, "SELECT * FROM ");
	ident(&sql, e->table);
	crm_buf_adds(&sql, " WHERE id = ?");
	if (!(sel = prep(db, sql.buf, err)))
		goto out;
	for (i = 0; i < n; i++) {
		size_t filled = 0;

		m[i].id = ids[i];
		m[i].v = xcalloc(ti->ncols, sizeof *m[i].v);
		sqlite3_bind_int64(sel, 1, ids[i]);
		if (sqlite3_step(sel) != SQLITE_ROW) {
			crm_err_set(err, CRM_EDB, NULL, 0, 0, "%s row %lld is gone",
			    e->table, ids[i]);
			goto out;
		}
		for (j = 0; j < ti->ncols; j++) {
			const char *v = (const char *)sqlite3_column_text(sel, (int)j);

			m[i].v[j] = v ? xstrdup(v) : NULL;
		}
		sqlite3_reset(sel);
		for (f = 0; f < e->nfields; f++) {
			long k = colidx(ti, e->fields[f].name);

			filled += k >= 0 && nonempty(m[i].v[k]);
		}
		if (filled > bestn) {	/* most complete, then oldest id */
			bestn = filled;
			best = i;
		}
	}
	/* The images: json_object over every column. */
	crm_buf_reset(&sql);
	crm_buf_adds(&sql, "INSERT INTO merges (run, entity, survivor, merged_id,"
	    " record, choices, created_at) SELECT ?1, ?2, ?3, ?4, json_object(");
	for (j = 0; j < ti->ncols; j++) {
		if (j)
			crm_buf_addc(&sql, ',');
		crm_buf_addc(&sql, '\'');
		crm_buf_adds(&sql, ti->cols[j]);
		crm_buf_adds(&sql, "',");
		ident(&sql, ti->cols[j]);
	}
	crm_buf_adds(&sql, "), ?5, " NOW " FROM ");
	ident(&sql, e->table);
	crm_buf_adds(&sql, " WHERE id = ?4");
	if (!(img = prep(db, sql.buf, err)))
		goto out;

	/* Field choices. */
	crm_buf_addc(&choices, '[');
	for (f = 0; f < e->nfields; f++) {
		const char *name = e->fields[f].name;
		long k = colidx(ti, name);
		long pick = -1;
		int anyvalid = 0, first = 1;

		if (k < 0 || !strcmp(name, "external_id"))
			continue;
		for (i = 0; i < n; i++)
			if (nonempty(m[i].v[k]) && valid_value(name, m[i].v[k]))
				anyvalid = 1;
		for (i = 0; i < n; i++) {
			const char *v = m[i].v[k];

			if (!nonempty(v) || (anyvalid && !valid_value(name, v)))
				continue;
			if (pick < 0) {
				pick = (long)i;
				continue;
			}
			if (surv == CRM_SURV_SURVIVOR) {
				if (i == best)
					pick = (long)i;
			} else if (surv == CRM_SURV_COMPLETE) {
				if (strlen(v) > strlen(m[pick].v[k]) ||
				    (strlen(v) == strlen(m[pick].v[k]) && i == best))
					pick = (long)i;
			} else {
				const char *ua = upd >= 0 ? m[i].v[upd] : NULL;
				const char *ub = upd >= 0 ? m[pick].v[upd] : NULL;
				int cmp = (ua ? (ub ? strcmp(ua, ub) : 1) : (ub ? -1 : 0));

				if (cmp > 0 || (cmp == 0 && i == best))
					pick = (long)i;
			}
		}
		if (pick < 0)
			continue;
		/* Anything lost?  Values that differ from the one kept. */
		for (i = 0; i < n; i++) {
			const char *v = m[i].v[k];

			if (!nonempty(v) || !strcmp(v, m[pick].v[k]))
				continue;
			if (first) {
				if (choices.len > 1)
					crm_buf_addc(&choices, ',');
				crm_buf_adds(&choices, "{\"field\":");
				json_str(&choices, name);
				crm_buf_adds(&choices, ",\"kept\":");
				json_str(&choices, m[pick].v[k]);
				crm_buf_addf(&choices, ",\"from\":%lld,\"lost\":[",
				    m[pick].id);
				first = 0;
			} else
				crm_buf_addc(&choices, ',');
			crm_buf_addf(&choices, "{\"id\":%lld,\"value\":", m[i].id);
			json_str(&choices, v);
			crm_buf_addc(&choices, '}');
		}
		if (!first)
			crm_buf_adds(&choices, "]}");
		if ((size_t)pick != best && (!m[best].v[k] ||
		    strcmp(m[best].v[k], m[pick].v[k]))) {
			char keycol[64];
			long kk;

			free(m[best].v[k]);
			m[best].v[k] = xstrdup(m[pick].v[k]);
			snprintf(keycol, sizeof keycol, "%s_key", name);
			if ((kk = colidx(ti, keycol)) >= 0) {
				free(m[best].v[kk]);
				m[best].v[kk] = m[pick].v[kk] ? xstrdup(m[pick].v[kk]) :
				    NULL;
			}
			c->fields++;
		}
	}
	crm_buf_addc(&choices, ']');
	/* The survivor's image, with the choices. */
	sqlite3_bind_int64(img, 1, run);
	sqlite3_bind_text(img, 2, e->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(img, 3, m[best].id);
	sqlite3_bind_int64(img, 4, m[best].id);
	sqlite3_bind_text(img, 5, choices.buf, (int)choices.len, SQLITE_STATIC);
	if (step_done(db, img, err, "recording a merge") < 0)
		goto out;

	/*
	 * Each merged-away row: its image (references come later, for all
	 * clusters at once: see repoint), the keys that may name it, delete.
	 */
	if (!(rk = prep(db, "INSERT INTO temp.merge_rp (old, new, merge_row)"
	    " VALUES (?, ?, ?)", err)))
		goto out;
	for (i = 0; i < n; i++) {
		long long row;
		size_t q, z;

		if (i == best)
			continue;
		sqlite3_bind_int64(img, 1, run);
		sqlite3_bind_text(img, 2, e->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(img, 3, m[best].id);
		sqlite3_bind_int64(img, 4, m[i].id);
		sqlite3_bind_text(img, 5, "[]", -1, SQLITE_STATIC);
		if (step_done(db, img, err, "recording a merge") < 0)
			goto out;
		row = sqlite3_last_insert_rowid(db);
		for (q = 0; refkeys[q]; q++) {
			long k = colidx(ti, refkeys[q]), kk;
			const char *old, *neu = NULL;

			if (k < 0 || !nonempty(m[i].v[k]))
				continue;
			old = m[i].v[k];
			if (nonempty(m[best].v[k]) && !strcmp(m[best].v[k], old))
				continue;	/* already names the survivor */
			if (nonempty(m[best].v[k]))
				neu = m[best].v[k];
			for (z = 0; !neu && refkeys[z]; z++)
				if ((kk = colidx(ti, refkeys[z])) >= 0 &&
				    nonempty(m[best].v[kk]))
					neu = m[best].v[kk];
			if (!neu)
				continue;
			sqlite3_bind_text(rk, 1, old, -1, SQLITE_STATIC);
			sqlite3_bind_text(rk, 2, neu, -1, SQLITE_STATIC);
			sqlite3_bind_int64(rk, 3, row);
			if (step_done(db, rk, err, "collecting references") < 0)
				goto out;
			sqlite3_clear_bindings(rk);
		}
		crm_buf_reset(&sql);
		crm_buf_adds(&sql, "DELETE FROM ");
		ident(&sql, e->table);
		crm_buf_adds(&sql, " WHERE id = ?");
		if (!(st = prep(db, sql.buf, err)))
			goto out;
		sqlite3_bind_int64(st, 1, m[i].id);
		if (step_done(db, st, err, "removing a merged row") < 0)
			goto out;
		sqlite3_finalize(st);
		st = NULL;
		c->merged++;
	}
	/* The survivor's new values; extra keys of the others join in. */
	crm_buf_reset(&sql);
	crm_buf_adds(&sql, "UPDATE ");
	ident(&sql, e->table);
	crm_buf_adds(&sql, " SET ");
	for (j = 0; j < ti->ncols; j++) {
		ident(&sql, ti->cols[j]);
		crm_buf_addf(&sql, " = ?%zu, ", j + 1);
	}
	crm_buf_adds(&sql, "updated_at = " NOW);
	crm_buf_addf(&sql, " WHERE id = ?%zu", ti->ncols + 1);
	if (upd >= 0) {
		/* updated_at appears twice: drop the column copy. */
		char pat[64];
		char *p;

		snprintf(pat, sizeof pat, "\"updated_at\" = ?%ld, ", upd + 1);
		if ((p = strstr(sql.buf, pat)) != NULL)
			memmove(p, p + strlen(pat), strlen(p + strlen(pat)) + 1);
	}
	if (!(st = prep(db, sql.buf, err)))
		goto out;
	{
		long ex = colidx(ti, "extra");

		for (j = 0; j < ti->ncols; j++) {
			if ((long)j == upd)
				continue;
			if (m[best].v[j])
				sqlite3_bind_text(st, (int)j + 1, m[best].v[j], -1,
				    SQLITE_STATIC);
			else
				sqlite3_bind_null(st, (int)j + 1);
		}
		sqlite3_bind_int64(st, (int)ti->ncols + 1, m[best].id);
		if (step_done(db, st, err, "updating the survivor") < 0)
			goto out;
		sqlite3_finalize(st);
		st = NULL;
		if (ex >= 0)
			for (i = 0; i < n; i++) {
				if (i == best || !nonempty(m[i].v[ex]))
					continue;
				crm_buf_reset(&sql);
				crm_buf_adds(&sql, "UPDATE ");
				ident(&sql, e->table);
				crm_buf_adds(&sql, " SET extra = json_patch(?1, extra)"
				    " WHERE id = ?2 AND json_valid(?1)");
				if (!(st = prep(db, sql.buf, err)))
					goto out;
				sqlite3_bind_text(st, 1, m[i].v[ex], -1, SQLITE_STATIC);
				sqlite3_bind_int64(st, 2, m[best].id);
				if (step_done(db, st, err, "merging extra") < 0)
					goto out;
				sqlite3_finalize(st);
				st = NULL;
			}
	}
	c->clusters++;
	ret = 0;
out:
	if (st)
		sqlite3_finalize(st);
	sqlite3_finalize(sel);
	sqlite3_finalize(img);
	sqlite3_finalize(rk);
	for (i = 0; i < n; i++) {
		if (m[i].v)
			for (j = 0; j < ti->ncols; j++)
				free(m[i].v[j]);
		free(m[i].v);
	}
	free(m);
	crm_buf_release(&sql);
	crm_buf_release(&choices);
	return ret;
}

/*
 * Repoint, for every cluster at once, the references that named a
 * merged-away row (temp.merge_rp: old key, new key, the merges row):
 * record each in that merges row's choices, then update; one pass over
 * each referring table.
 */
static int
repoint(sqlite3 *db, const struct crm_entity *e, struct crm_merge_counts *c,
    struct crm_err *err)
{
	struct crm_buf sql = CRM_BUF_INIT;
	sqlite3_stmt *sel = NULL, *rec = NULL, *upd = NULL;
	size_t r;
	int ret = -1, rc;

	if (!(rec = prep(db, "UPDATE merges SET choices = json_insert(choices,"
	    " '$[#]', json_object('table', ?1, 'column', ?2, 'id', ?3,"
	    " 'old', ?4, 'new', ?5)) WHERE id = ?6", err)))
		goto out;
	for (r = 0; r < NREFS; r++) {
		if (strcmp(refs[r].entity, e->name))
			continue;
		crm_buf_reset(&sql);
		crm_buf_adds(&sql, "SELECT t.id, k.old, k.new, k.merge_row FROM ");
		ident(&sql, refs[r].table);
		crm_buf_adds(&sql, " t JOIN temp.merge_rp k ON t.");
		ident(&sql, refs[r].column);
		crm_buf_adds(&sql, " = k.old GROUP BY t.id ORDER BY t.id");
		if (!(sel = prep(db, sql.buf, err)))
			goto out;
		while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
			sqlite3_bind_text(rec, 1, refs[r].table, -1, SQLITE_STATIC);
			sqlite3_bind_text(rec, 2, refs[r].column, -1, SQLITE_STATIC);
			sqlite3_bind_int64(rec, 3, sqlite3_column_int64(sel, 0));
			sqlite3_bind_value(rec, 4, sqlite3_column_value(sel, 1));
			sqlite3_bind_value(rec, 5, sqlite3_column_value(sel, 2));
			sqlite3_bind_int64(rec, 6, sqlite3_column_int64(sel, 3));
			if (step_done(db, rec, err, "recording a reference") < 0)
				goto out;
			c->repointed++;
		}
		if (rc != SQLITE_DONE) {
			dberr(err, db, "finding references");
			goto out;
		}
		sqlite3_finalize(sel);
		sel = NULL;
		crm_buf_reset(&sql);
		crm_buf_adds(&sql, "UPDATE ");
		ident(&sql, refs[r].table);
		crm_buf_adds(&sql, " AS t SET ");
		ident(&sql, refs[r].column);
		crm_buf_adds(&sql, " = (SELECT k.new FROM temp.merge_rp k WHERE k.old = t.");
		ident(&sql, refs[r].column);
		crm_buf_adds(&sql, " ORDER BY k.rowid LIMIT 1) WHERE ");
		ident(&sql, refs[r].column);
		crm_buf_adds(&sql, " IN (SELECT old FROM temp.merge_rp)");
		if (!(upd = prep(db, sql.buf, err)))
			goto out;
		if (step_done(db, upd, err, "repointing references") < 0)
			goto out;
		sqlite3_finalize(upd);
		upd = NULL;
	}
	ret = 0;
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(rec);
	sqlite3_finalize(upd);
	crm_buf_release(&sql);
	return ret;
}

int
crm_merge_apply(struct crm_store *s, const struct crm_entity *e,
    const long long *ids, const size_t *off, size_t nclusters, int surv,
    const char *params, long long *run, struct crm_merge_counts *c,
    struct crm_err *err)
{
	sqlite3 *db = crm_store_sqlite(s);
	struct tabinfo ti = { NULL, 0 };
	sqlite3_stmt *st;
	size_t k;

	if (crm_store_begin(s, err) < 0)
		return -1;
	if (table_columns(db, e->table, &ti, err) < 0)
		goto fail;
	if (sqlite3_exec(db, "CREATE TEMP TABLE IF NOT EXISTS merge_rp (old TEXT,"
	    " new TEXT, merge_row INTEGER); DELETE FROM temp.merge_rp;"
	    " CREATE INDEX IF NOT EXISTS temp.merge_rp_old ON merge_rp(old);",
	    NULL, NULL, NULL) != SQLITE_OK) {
		dberr(err, db, "preparing a merge");
		goto fail;
	}
	if (!(st = prep(db, "INSERT INTO merge_runs (started, entity, params)"
	    " VALUES (" NOW ", ?, ?)", err)))
		goto fail;
	sqlite3_bind_text(st, 1, e->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, params, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		dberr(err, db, "starting a merge run");
		goto fail;
	}
	sqlite3_finalize(st);
	*run = sqlite3_last_insert_rowid(db);
	for (k = 0; k < nclusters; k++)
		if (merge_cluster(db, e, &ti, ids + off[k], off[k + 1] - off[k],
		    surv, *run, c, err) < 0)
			goto fail;
	if (repoint(db, e, c, err) < 0)
		goto fail;
	tabinfo_release(&ti);
	return crm_store_commit(s, err);
fail:
	tabinfo_release(&ti);
	crm_store_rollback(s);
	return -1;
}

/* ---- undo -------------------------------------------------------------- */

static int
known_ref(const char *table, const char *column)
{
	size_t r;

	for (r = 0; r < NREFS; r++)
		if (!strcmp(refs[r].table, table) && !strcmp(refs[r].column, column))
			return 1;
	return 0;
}

int
crm_merge_undo(struct crm_store *s, long long run, struct crm_merge_counts *c,
    struct crm_err *err)
{
	sqlite3 *db = crm_store_sqlite(s);
	struct crm_buf sql = CRM_BUF_INIT, sql2 = CRM_BUF_INIT;
	struct tabinfo ti = { NULL, 0 };
	const struct crm_entity *e;
	sqlite3_stmt *st = NULL, *rows = NULL, *put = NULL, *add = NULL,
	    *rp = NULL;
	char entity[32] = "";
	size_t j;
	int pass, rc;

	if (crm_store_begin(s, err) < 0)
		return -1;
	if (!(st = prep(db, "SELECT entity, undone_at FROM merge_runs"
	    " WHERE id = ?", err)))
		goto fail;
	sqlite3_bind_int64(st, 1, run);
	if (sqlite3_step(st) != SQLITE_ROW) {
		crm_err_set(err, CRM_EUSAGE, NULL, 0, 0, "no merge run %lld", run);
		goto fail;
	}
	snprintf(entity, sizeof entity, "%s", sqlite3_column_text(st, 0));
	if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
		crm_err_set(err, CRM_EUSAGE, NULL, 0, 0,
		    "merge run %lld was undone at %s", run,
		    sqlite3_column_text(st, 1));
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (!(e = crm_entity_find(entity))) {
		crm_err_set(err, CRM_EDB, NULL, 0, 0, "merge run %lld: unknown "
		    "entity '%s'", run, entity);
		goto fail;
	}
	/* A later run that touched the same rows must be undone first. */
	if (!(st = prep(db, "SELECT min(m2.run) FROM merges m2"
	    " JOIN merge_runs r2 ON r2.id = m2.run"
	    " WHERE m2.run > ?1 AND r2.undone_at IS NULL AND m2.entity = ?2"
	    " AND (m2.survivor IN (SELECT survivor FROM merges WHERE run = ?1)"
	    "  OR m2.merged_id IN (SELECT merged_id FROM merges WHERE run = ?1)"
	    "  OR m2.merged_id IN (SELECT survivor FROM merges WHERE run = ?1))",
	    err)))
		goto fail;
	sqlite3_bind_int64(st, 1, run);
	sqlite3_bind_text(st, 2, entity, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL) {
		crm_err_set(err, CRM_EUSAGE, NULL, 0, 0, "merge run %lld changed "
		    "rows of this run later: undo it first",
		    (long long)sqlite3_column_int64(st, 0));
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (table_columns(db, e->table, &ti, err) < 0)
		goto fail;
	/* Statements that put a row back from its JSON image. */
	crm_buf_adds(&sql, "UPDATE ");
	ident(&sql, e->table);
	crm_buf_adds(&sql, " SET ");
	crm_buf_adds(&sql2, "INSERT INTO ");
	ident(&sql2, e->table);
	crm_buf_adds(&sql2, " (");
	for (j = 0; j < ti.ncols; j++) {
		if (j) {
			crm_buf_adds(&sql, ", ");
			crm_buf_addc(&sql2, ',');
		}
		ident(&sql, ti.cols[j]);
		crm_buf_adds(&sql, " = json_extract(?1, ");
		ident(&sql2, ti.cols[j]);
		crm_buf_adds(&sql, "'$.\"");
		crm_buf_adds(&sql, ti.cols[j]);
		crm_buf_adds(&sql, "\"')");
	}
	crm_buf_adds(&sql, " WHERE id = ?2");
	crm_buf_adds(&sql2, ") VALUES (");
	for (j = 0; j < ti.ncols; j++) {
		if (j)
			crm_buf_addc(&sql2, ',');
		crm_buf_adds(&sql2, "json_extract(?1, '$.\"");
		crm_buf_adds(&sql2, ti.cols[j]);
		crm_buf_adds(&sql2, "\"')");
	}
	crm_buf_addc(&sql2, ')');
	if (!(put = prep(db, sql.buf, err)) || !(add = prep(db, sql2.buf, err)))
		goto fail;
	if (!(rows = prep(db, "SELECT survivor, merged_id, record, choices"
	    " FROM merges WHERE run = ? ORDER BY id DESC", err)))
		goto fail;
	/* Survivors first (they may hold a value a merged row had), then the rest. */
	for (pass = 0; pass < 2; pass++) {
		sqlite3_bind_int64(rows, 1, run);
		while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
			long long sv = sqlite3_column_int64(rows, 0);
			long long id = sqlite3_column_int64(rows, 1);
			const char *rec = (const char *)sqlite3_column_text(rows, 2);

			if ((sv == id) != (pass == 0))
				continue;
			if (pass == 0) {
				sqlite3_bind_text(put, 1, rec, -1, SQLITE_TRANSIENT);
				sqlite3_bind_int64(put, 2, id);
				if (step_done(db, put, err, "restoring a survivor") < 0)
					goto fail;
				continue;
			}
			sqlite3_bind_text(add, 1, rec, -1, SQLITE_TRANSIENT);
			if (step_done(db, add, err, "restoring a merged row") < 0)
				goto fail;
			c->merged++;
			/* References back. */
			if (!rp && !(rp = prep(db, "SELECT json_extract(value,'$.table'),"
			    " json_extract(value,'$.column'), json_extract(value,'$.id'),"
			    " json_extract(value,'$.old') FROM json_each(?)", err)))
				goto fail;
			sqlite3_bind_text(rp, 1, (const char *)sqlite3_column_text(rows,
			    3), -1, SQLITE_TRANSIENT);
			while (sqlite3_step(rp) == SQLITE_ROW) {
				const char *tb = (const char *)sqlite3_column_text(rp, 0);
				const char *cl = (const char *)sqlite3_column_text(rp, 1);
				sqlite3_stmt *u;

				if (!tb || !cl || !known_ref(tb, cl))
					continue;
				crm_buf_reset(&sql);
				crm_buf_adds(&sql, "UPDATE ");
				ident(&sql, tb);
				crm_buf_adds(&sql, " SET ");
				ident(&sql, cl);
				crm_buf_adds(&sql, " = ?1 WHERE id = ?2");
				if (!(u = prep(db, sql.buf, err)))
					goto fail;
				sqlite3_bind_value(u, 1, sqlite3_column_value(rp, 3));
				sqlite3_bind_int64(u, 2, sqlite3_column_int64(rp, 2));
				rc = sqlite3_step(u);
				sqlite3_finalize(u);
				if (rc != SQLITE_DONE) {
					dberr(err, db, "putting a reference back");
					goto fail;
				}
				c->repointed++;
			}
			sqlite3_reset(rp);
		}
		sqlite3_reset(rows);
		if (rc != SQLITE_DONE) {
			dberr(err, db, "reading merges");
			goto fail;
		}
	}
	if (!(st = prep(db, "UPDATE merge_runs SET undone_at = " NOW
	    " WHERE id = ?", err)))
		goto fail;
	sqlite3_bind_int64(st, 1, run);
	if (step_done(db, st, err, "marking the run undone") < 0)
		goto fail;
	sqlite3_finalize(st);
	sqlite3_finalize(rows);
	sqlite3_finalize(put);
	sqlite3_finalize(add);
	sqlite3_finalize(rp);
	tabinfo_release(&ti);
	crm_buf_release(&sql);
	crm_buf_release(&sql2);
	return crm_store_commit(s, err);
fail:
	sqlite3_finalize(st);
	sqlite3_finalize(rows);
	sqlite3_finalize(put);
	sqlite3_finalize(add);
	sqlite3_finalize(rp);
	tabinfo_release(&ti);
	crm_buf_release(&sql);
	crm_buf_release(&sql2);
	crm_store_rollback(s);
	return -1;
}
