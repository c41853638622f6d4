/*
 * store_merge: merges, survivorship, reference repointing, undo and
 * not-duplicates for crm-dedupe (store_merge.h).  SQL lives here.
 */
#include <stdlib.h>
#include <string.h>

#include "jsonio.h"
#include "store_int.h"
#include "store_merge.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ','now')"

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

int
crm_merge_load(struct crm_store *s, const struct crm_entity *e,
    int (*cb)(void *ctx, long long id, const struct crm_record *rec),
    void *ctx, struct crm_err *err)
{
	sqlite3 *db = crm_store_db(s);
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
	if (!(st = crm_store_prep(db, sql.buf, err))) {
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
		ret = crm_store_dberr(err, db, "reading the store");
	sqlite3_finalize(st);
	crm_record_release(&rec);
	crm_buf_release(&sql);
	return ret;
}

long long
crm_merge_resolve(struct crm_store *s, const struct crm_entity *e,
    const char *ref, struct crm_err *err)
{
	sqlite3 *db = crm_store_db(s);
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
		if (!(st = crm_store_prep(db, sql.buf, err))) {
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
	static const char *const contact_names[] = { "external_id", "last_name",
		"first_name", "email", "phone", NULL };
	static const char *const company_names[] = { "external_id", "name",
		"inn", "email", "phone", NULL };
	const char *const *names = !strcmp(e->name, "companies") ?
	    company_names : contact_names;
	sqlite3 *db = crm_store_db(s);
	struct crm_buf sql = CRM_BUF_INIT;
	sqlite3_stmt *st;
	char sa[32], sb[32];
	size_t k;
	int rc, i;

	if (a > b) {
		long long t = a;

		a = b;
		b = t;
	}
	snprintf(sa, sizeof sa, "%lld", a);
	snprintf(sb, sizeof sb, "%lld", b);
	/* The mark names the two records it is made for (a_record, b_record). */
	crm_buf_adds(&sql, "INSERT OR IGNORE INTO not_duplicates (entity, a, b,"
	    " created_at, a_record, b_record) VALUES (?1, ?2, ?3, " NOW ", ");
	for (i = 0; i < 2; i++) {
		crm_buf_adds(&sql, i ? ", " : "");
		crm_buf_adds(&sql, "(SELECT json_object(");
		for (k = 0; names[k]; k++) {
			crm_buf_addf(&sql, "%s'%s', ", k ? ", " : "", names[k]);
			ident(&sql, names[k]);
		}
		crm_buf_adds(&sql, ") FROM ");
		ident(&sql, e->table);
		crm_buf_addf(&sql, " WHERE id = ?%d)", i + 4);
	}
	crm_buf_addc(&sql, ')');
	st = crm_store_prep(db, sql.buf, err);
	crm_buf_release(&sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, e->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sa, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, sb, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, a);
	sqlite3_bind_int64(st, 5, b);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return crm_store_dberr(err, db, "remembering a not-duplicate pair");
	return 0;
}

int
crm_merge_not_dups(struct crm_store *s, const struct crm_entity *e,
    int (*cb)(void *ctx, long long a, long long b), void *ctx,
    struct crm_err *err)
{
	sqlite3 *db = crm_store_db(s);
	sqlite3_stmt *st;
	int rc;

	if (!(st = crm_store_prep(db, "SELECT CAST(a AS INTEGER), CAST(b AS INTEGER)"
	    " FROM not_duplicates WHERE entity = ? ORDER BY 1, 2", err)))
		return -1;
	sqlite3_bind_text(st, 1, e->name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (cb(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1)))
			break;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return crm_store_dberr(err, db, "reading not_duplicates");
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
	st = crm_store_prep(db, sql.buf, err);
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

/* json_object('col', "col", ...) over every column: a row's image. */
static void
image_sql(struct crm_buf *b, const struct tabinfo *ti)
{
	size_t j;

	crm_buf_adds(b, "json_object(");
	for (j = 0; j < ti->ncols; j++) {
		if (j)
			crm_buf_addc(b, ',');
		crm_buf_addc(b, '\'');
		crm_buf_adds(b, ti->cols[j]);
		crm_buf_adds(b, "',");
		ident(b, ti->cols[j]);
	}
	crm_buf_addc(b, ')');
}

/* Equal values, NULL equal to NULL only. */
static int
same(const char *a, const char *b)
{
	return a ? b && !strcmp(a, b) : !b;
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

/*
 * Merge one cluster; 1 (nothing written) when one of its rows is gone or
 * differs from seen (the rows as clustered, when not NULL): *changed gets
 * its id.
 */
static int
merge_cluster(sqlite3 *db, const struct crm_entity *e, const struct tabinfo *ti,
    const long long *ids, const struct crm_record *seen, size_t n, int surv,
    long long run, long long *changed, struct crm_merge_counts *c,
    struct crm_err *err)
{
	struct crm_buf sql = CRM_BUF_INIT, choices = CRM_BUF_INIT;
	struct member *m = xcalloc(n, sizeof *m);
	sqlite3_stmt *sel = NULL, *img = NULL, *rk = NULL, *st = NULL;
	const char *const *refkeys = !strcmp(e->name, "companies") ?
	    refkeys_companies : refkeys_contacts;
	size_t i, j, f, best = 0, bestn = 0;
	long upd = colidx(ti, "updated_at");
	int ret = -1, rc;

	/* Load the members. */
	crm_buf_adds(&sql, "SELECT * FROM ");
	ident(&sql, e->table);
	crm_buf_adds(&sql, " WHERE id = ?");
	if (!(sel = crm_store_prep(db, sql.buf, err)))
		goto out;
	for (i = 0; i < n; i++) {
		size_t filled = 0;

		m[i].id = ids[i];
		m[i].v = xcalloc(ti->ncols, sizeof *m[i].v);
		sqlite3_bind_int64(sel, 1, ids[i]);
		if ((rc = sqlite3_step(sel)) != SQLITE_ROW) {
			if (rc != SQLITE_DONE) {
				crm_store_dberr(err, db, "reading a cluster");
				goto out;
			}
			/* Gone since it was read (another merge): skip the cluster. */
			*changed = ids[i];
			ret = 1;
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
			/* Changed since it was read: the clustering no longer holds. */
			if (seen && !same(k >= 0 ? m[i].v[k] : NULL,
			    crm_record_value(&seen[i], e->fields[f].name))) {
				*changed = ids[i];
				ret = 1;
				goto out;
			}
		}
		if (filled > bestn) {	/* most complete, then oldest id */
			bestn = filled;
			best = i;
		}
	}
	/* The images: json_object over every column. */
	crm_buf_reset(&sql);
	crm_buf_adds(&sql, "INSERT INTO merges (run, entity, survivor, merged_id,"
	    " record, choices, created_at) SELECT ?1, ?2, ?3, ?4, ");
	image_sql(&sql, ti);
	crm_buf_adds(&sql, ", ?5, " NOW " FROM ");
	ident(&sql, e->table);
	crm_buf_adds(&sql, " WHERE id = ?4");
	if (!(img = crm_store_prep(db, sql.buf, err)))
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
				crm_json_encode_str(&choices, name);
				crm_buf_adds(&choices, ",\"kept\":");
				crm_json_encode_str(&choices, m[pick].v[k]);
				crm_buf_addf(&choices, ",\"from\":%lld,\"lost\":[",
				    m[pick].id);
				first = 0;
			} else
				crm_buf_addc(&choices, ',');
			crm_buf_addf(&choices, "{\"id\":%lld,\"value\":", m[i].id);
			crm_json_encode_str(&choices, v);
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
	if (crm_store_step(db, img, err, "recording a merge") < 0)
		goto out;

	/*
	 * Each merged-away row: its image (references come later, for all
	 * clusters at once: see repoint), the keys that may name it, delete.
	 */
	if (!(rk = crm_store_prep(db, "INSERT INTO temp.merge_rp (old, new, merge_row)"
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
		if (crm_store_step(db, img, err, "recording a merge") < 0)
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
			if (crm_store_step(db, rk, err, "collecting references") < 0)
				goto out;
			sqlite3_clear_bindings(rk);
		}
		crm_buf_reset(&sql);
		crm_buf_adds(&sql, "DELETE FROM ");
		ident(&sql, e->table);
		crm_buf_adds(&sql, " WHERE id = ?");
		if (!(st = crm_store_prep(db, sql.buf, err)))
			goto out;
		sqlite3_bind_int64(st, 1, m[i].id);
		if (crm_store_step(db, st, err, "removing a merged row") < 0)
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
	if (!(st = crm_store_prep(db, sql.buf, err)))
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
		if (crm_store_step(db, st, err, "updating the survivor") < 0)
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
				if (!(st = crm_store_prep(db, sql.buf, err)))
					goto out;
				sqlite3_bind_text(st, 1, m[i].v[ex], -1, SQLITE_STATIC);
				sqlite3_bind_int64(st, 2, m[best].id);
				if (crm_store_step(db, st, err, "merging extra") < 0)
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

	if (!(rec = crm_store_prep(db, "UPDATE merges SET choices = json_insert(choices,"
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
		if (!(sel = crm_store_prep(db, sql.buf, err)))
			goto out;
		while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
			sqlite3_bind_text(rec, 1, refs[r].table, -1, SQLITE_STATIC);
			sqlite3_bind_text(rec, 2, refs[r].column, -1, SQLITE_STATIC);
			sqlite3_bind_int64(rec, 3, sqlite3_column_int64(sel, 0));
			sqlite3_bind_value(rec, 4, sqlite3_column_value(sel, 1));
			sqlite3_bind_value(rec, 5, sqlite3_column_value(sel, 2));
			sqlite3_bind_int64(rec, 6, sqlite3_column_int64(sel, 3));
			if (crm_store_step(db, rec, err, "recording a reference") < 0)
				goto out;
			c->repointed++;
		}
		if (rc != SQLITE_DONE) {
			crm_store_dberr(err, db, "finding references");
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
		if (!(upd = crm_store_prep(db, sql.buf, err)))
			goto out;
		if (crm_store_step(db, upd, err, "repointing references") < 0)
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
    const long long *ids, const struct crm_record *seen, const size_t *off,
    size_t nclusters, int surv, const char *params,
    void (*skip)(void *ctx, const long long *ids, size_t n, long long changed),
    void *ctx, long long *run, struct crm_merge_counts *c,
    struct crm_err *err)
{
	sqlite3 *db = crm_store_db(s);
	struct tabinfo ti = { NULL, 0 };
	struct crm_buf sql = CRM_BUF_INIT;
	sqlite3_stmt *st;
	long long changed = 0;
	size_t k;
	int rc;

	if (crm_store_begin(s, err) < 0)
		return -1;
	if (table_columns(db, e->table, &ti, err) < 0)
		goto fail;
	if (sqlite3_exec(db, "CREATE TEMP TABLE IF NOT EXISTS merge_rp (old TEXT,"
	    " new TEXT, merge_row INTEGER); DELETE FROM temp.merge_rp;"
	    " CREATE INDEX IF NOT EXISTS temp.merge_rp_old ON merge_rp(old);",
	    NULL, NULL, NULL) != SQLITE_OK) {
		crm_store_dberr(err, db, "preparing a merge");
		goto fail;
	}
	if (!(st = crm_store_prep(db, "INSERT INTO merge_runs (started, entity, params)"
	    " VALUES (" NOW ", ?, json(?))", err)))
		goto fail;
	sqlite3_bind_text(st, 1, e->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, params, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		crm_store_dberr(err, db, "starting a merge run");
		goto fail;
	}
	sqlite3_finalize(st);
	*run = sqlite3_last_insert_rowid(db);
	for (k = 0; k < nclusters; k++) {
		rc = merge_cluster(db, e, &ti, ids + off[k], seen ? seen + off[k] :
		    NULL, off[k + 1] - off[k], surv, *run, &changed, c, err);
		if (rc < 0)
			goto fail;
		if (rc > 0) {
			c->skipped++;
			if (skip)
				skip(ctx, ids + off[k], off[k + 1] - off[k], changed);
		}
	}
	if (!c->clusters) {	/* every cluster changed meanwhile */
		tabinfo_release(&ti);
		crm_store_rollback(s);
		*run = 0;
		return 0;
	}
	if (repoint(db, e, c, err) < 0)
		goto fail;
	/* Each survivor as the merge left it: what --undo compares with. */
	crm_buf_adds(&sql, "UPDATE merges SET after = (SELECT ");
	image_sql(&sql, &ti);
	crm_buf_adds(&sql, " FROM ");
	ident(&sql, e->table);
	crm_buf_adds(&sql, " WHERE id = merges.survivor) WHERE run = ?"
	    " AND survivor = merged_id");
	if (!(st = crm_store_prep(db, sql.buf, err)))
		goto fail;
	sqlite3_bind_int64(st, 1, *run);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		crm_store_dberr(err, db, "recording the survivors");
		goto fail;
	}
	crm_buf_release(&sql);
	tabinfo_release(&ti);
	return crm_store_commit(s, err);
fail:
	crm_buf_release(&sql);
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

struct undo {
	sqlite3 *db;
	const struct crm_entity *e;
	struct tabinfo ti;
	long long run;
	int keep;		/* CRM_UNDO_KEEP_NEWER */
	int apply;		/* 0: look for conflicts; 1: write */
	char *run_end;		/* the run's last merges row time (old runs) */
	sqlite3_stmt *cmp, *put, *add, *rp, *has, *ext;
	int (*cb)(void *, const struct crm_merge_conflict *);
	void *ctx;
	long long nconflicts, nfatal;
	struct crm_merge_counts *c;
	struct crm_err *err;
};

static void
conflict(struct undo *u, const char *table, long long id, const char *field,
    const char *merged, const char *now, const char *restore, int fatal,
    const char *why)
{
	struct crm_merge_conflict k;

	if (u->apply)
		return;
	u->nconflicts++;
	u->nfatal += fatal;
	k.table = table;
	k.id = id;
	k.field = field;
	k.merged = merged;
	k.now = now;
	k.restore = restore;
	k.fatal = fatal;
	k.why = why;
	if (u->cb)
		u->cb(u->ctx, &k);
}

/* Is column j a derived key (<field>_key) of another column?  Its index. */
static long
key_of(const struct tabinfo *ti, size_t j)
{
	const char *name = ti->cols[j];
	size_t n = strlen(name);
	char base[64];

	if (n < 5 || n - 4 >= sizeof base || strcmp(name + n - 4, "_key"))
		return -1;
	memcpy(base, name, n - 4);
	base[n - 4] = '\0';
	return colidx(ti, base);
}

#define TXT(st, i) ((const char *)sqlite3_column_text((st), (int)(i)))

/*
 * The survivor's extra, key by key: a key whose value is not what the
 * merge left is a conflict (unless it is back to the value before).  With
 * keep, *out gets before with the changed keys as they are now (a key
 * gone now goes), the rest as before.  1 when handled; 0 when one of the
 * three is not a JSON object (the column is then handled whole).
 */
static int
undo_extra(struct undo *u, long long id, const char *aft, const char *cur,
    const char *bef, char **out)
{
	static const char sql[] =
	    "WITH a AS (SELECT key, type, value FROM json_each(?1)),"
	    " c AS (SELECT key, type, value FROM json_each(?2)),"
	    " b AS (SELECT key, type, value FROM json_each(?3)),"
	    " k AS (SELECT key FROM a UNION SELECT key FROM c)"
	    " SELECT k.key, a.value, c.value, b.value,"
	    "  b.type IS c.type AND b.value IS c.value"
	    " FROM k LEFT JOIN a ON a.key = k.key LEFT JOIN c ON c.key = k.key"
	    " LEFT JOIN b ON b.key = k.key"
	    " WHERE a.type IS NOT c.type OR a.value IS NOT c.value ORDER BY k.key";
	static const char patch[] =
	    "WITH a AS (SELECT key, type, value FROM json_each(?1)),"
	    " c AS (SELECT key, type, value FROM json_each(?2)),"
	    " k AS (SELECT key FROM a UNION SELECT key FROM c)"
	    " SELECT json_patch(?3, (SELECT json_group_object(k.key, c.value)"
	    " FROM k LEFT JOIN a ON a.key = k.key LEFT JOIN c ON c.key = k.key"
	    " WHERE a.type IS NOT c.type OR a.value IS NOT c.value))";
	struct crm_buf f = CRM_BUF_INIT;
	sqlite3_stmt *st;
	int rc, i;

	if (!aft || !cur || !bef)
		return 0;
	if (!(st = crm_store_prep(u->db, "SELECT json_type(?1) = 'object' AND"
	    " json_type(?2) = 'object' AND json_type(?3) = 'object'", u->err)))
		return -1;
	sqlite3_bind_text(st, 1, aft, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, cur, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, bef, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (!rc)
		return 0;
	for (i = 0; i < 2; i++) {
		if (!(st = crm_store_prep(u->db, i ? patch : sql, u->err)))
			return -1;
		sqlite3_bind_text(st, 1, aft, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, cur, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, bef, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (i) {
				free(*out);
				*out = xstrdup(TXT(st, 0) ? TXT(st, 0) : bef);
				continue;
			}
			if (sqlite3_column_int(st, 4))
				continue;	/* back to the value before */
			crm_buf_reset(&f);
			crm_buf_adds(&f, "extra.");
			crm_buf_adds(&f, TXT(st, 0));
			conflict(u, u->e->table, id, f.buf, TXT(st, 1), TXT(st, 2),
			    TXT(st, 3), 0, NULL);
			if (u->apply && u->keep)
				u->c->kept++;
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			crm_buf_release(&f);
			return crm_store_dberr(u->err, u->db, "comparing extra");
		}
		if (!u->apply || !u->keep)
			break;
	}
	crm_buf_release(&f);
	return 1;
}

/*
 * The survivor: every column the merge left (after) that holds another
 * value now is a conflict, unless it holds the value undo puts back.
 * Applying: columns back as they were (before), those kept newer and
 * their derived keys excepted.
 */
static int
undo_survivor(struct undo *u, long long id, const char *before,
    const char *after)
{
	const struct tabinfo *ti = &u->ti;
	size_t n = ti->ncols, j;
	char *keepcol = xcalloc(n ? n : 1, 1), *extra = NULL;
	long upd = colidx(ti, "updated_at"), ex = colidx(ti, "extra"), b;
	int rc, kept = 0, ret = -1;

	sqlite3_bind_text(u->cmp, 1, after, -1, SQLITE_STATIC);
	sqlite3_bind_text(u->cmp, 2, before, -1, SQLITE_STATIC);
	sqlite3_bind_int64(u->cmp, 3, id);
	if ((rc = sqlite3_step(u->cmp)) != SQLITE_ROW) {
		if (rc != SQLITE_DONE) {
			crm_store_dberr(u->err, u->db, "reading a survivor");
			goto out;
		}
		conflict(u, u->e->table, id, NULL, NULL, NULL, NULL, 1,
		    "the survivor is gone");
		ret = 0;
		goto out;
	}
	if (!after) {
		/* A merge from before schema v4 did not keep its survivors. */
		const char *now = upd >= 0 ? TXT(u->cmp, upd) : NULL;

		if (now && u->run_end && strcmp(now, u->run_end) > 0) {
			conflict(u, u->e->table, id, NULL, NULL, now, NULL, 0,
			    "changed after the merge (updated_at); a merge made "
			    "before schema version 4 did not record its fields");
			memset(keepcol, u->keep, n);
			kept = u->keep;
		}
	} else
		for (j = 0; j < n; j++) {
			const char *name = ti->cols[j];
			const char *cur = TXT(u->cmp, j), *aft = TXT(u->cmp, n + j),
			    *bef = TXT(u->cmp, 2 * n + j);

			if (!strcmp(name, "id") || (long)j == upd ||
			    key_of(ti, j) >= 0)
				continue;
			if (same(cur, aft) || same(cur, bef))
				continue;
			if ((long)j == ex && (rc = undo_extra(u, id, aft, cur, bef,
			    &extra)) != 0) {
				if (rc < 0)
					goto out;
				kept |= u->keep;
				continue;
			}
			conflict(u, u->e->table, id, name, aft, cur, bef, 0, NULL);
			keepcol[j] = (char)u->keep;
			kept |= u->keep;
			if (u->apply && u->keep)
				u->c->kept++;
		}
	if (!u->apply) {
		ret = 0;
		goto out;
	}
	for (j = 0; j < n; j++)
		if ((b = key_of(ti, j)) >= 0)
			keepcol[j] = keepcol[b];
	if (upd >= 0)
		keepcol[upd] = (char)kept;
	for (j = 0, b = 1; j < n; j++) {
		if (!strcmp(ti->cols[j], "id"))
			continue;
		if ((long)j == ex && extra)
			sqlite3_bind_text(u->put, (int)b++, extra, -1,
			    SQLITE_STATIC);
		else
			sqlite3_bind_value(u->put, (int)b++,
			    sqlite3_column_value(u->cmp, keepcol[j] ? (int)j :
			    (int)(2 * n + j)));
	}
	sqlite3_bind_int64(u->put, (int)b, id);
	if (crm_store_step(u->db, u->put, u->err, "restoring a survivor") < 0)
		goto out;
	ret = 0;
out:
	sqlite3_reset(u->cmp);
	sqlite3_clear_bindings(u->cmp);
	free(keepcol);
	free(extra);
	return ret;
}

/*
 * A merged-away row: its id and external id must be free; then the
 * references the merge repointed go back, unless they changed since.
 */
static int
undo_merged(struct undo *u, long long id, const char *rec,
    const char *choices)
{
	struct crm_buf sql = CRM_BUF_INIT, b = CRM_BUF_INIT;
	sqlite3_stmt *cur = NULL;
	int rc, ret = -1;

	sqlite3_bind_int64(u->has, 1, id);
	if ((rc = sqlite3_step(u->has)) == SQLITE_ROW) {
		crm_buf_addf(&b, "row id %lld belongs to another record now",
		    id);
		conflict(u, u->e->table, id, "id", NULL, TXT(u->has, 0), NULL, 1,
		    b.buf);
	}
	sqlite3_reset(u->has);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		crm_store_dberr(u->err, u->db, "checking a merged row");
		goto out;
	}
	sqlite3_bind_text(u->ext, 1, rec, -1, SQLITE_STATIC);
	sqlite3_bind_int64(u->ext, 2, id);
	if ((rc = sqlite3_step(u->ext)) == SQLITE_ROW) {
		crm_buf_reset(&b);
		crm_buf_addf(&b, "row %lld has this external id now",
		    (long long)sqlite3_column_int64(u->ext, 0));
		conflict(u, u->e->table, id, "external_id", NULL, TXT(u->ext, 1),
		    TXT(u->ext, 1), 1, b.buf);
	}
	sqlite3_reset(u->ext);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		crm_store_dberr(u->err, u->db, "checking a merged row");
		goto out;
	}
	if (u->apply) {
		sqlite3_bind_text(u->add, 1, rec, -1, SQLITE_STATIC);
		if (crm_store_step(u->db, u->add, u->err, "restoring a merged row") < 0)
			goto out;
		u->c->merged++;
	}
	/* References back. */
	sqlite3_bind_text(u->rp, 1, choices, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(u->rp)) == SQLITE_ROW) {
		const char *tb = TXT(u->rp, 0), *cl = TXT(u->rp, 1);
		const char *old = TXT(u->rp, 3), *neu = TXT(u->rp, 4), *now;
		long long rid = sqlite3_column_int64(u->rp, 2);
		sqlite3_stmt *w;

		if (!tb || !cl || !known_ref(tb, cl))
			continue;
		crm_buf_reset(&sql);
		crm_buf_adds(&sql, "SELECT ");
		ident(&sql, cl);
		crm_buf_adds(&sql, " FROM ");
		ident(&sql, tb);
		crm_buf_adds(&sql, " WHERE id = ?");
		if (!(cur = crm_store_prep(u->db, sql.buf, u->err)))
			goto out;
		sqlite3_bind_int64(cur, 1, rid);
		if ((rc = sqlite3_step(cur)) != SQLITE_ROW) {
			if (rc != SQLITE_DONE) {
				crm_store_dberr(u->err, u->db, "reading a reference");
				goto out;
			}
			conflict(u, tb, rid, cl, neu, NULL, old, 0, "the row is gone");
			sqlite3_finalize(cur);
			cur = NULL;
			continue;
		}
		now = TXT(cur, 0);
		if (same(now, old))
			rc = 0;		/* as it was already */
		else if (same(now, neu))
			rc = 1;		/* as the merge left it: put back */
		else {			/* changed since: newer */
			conflict(u, tb, rid, cl, neu, now, old, 0, NULL);
			if (u->apply)
				u->c->kept++;
			rc = 0;
		}
		sqlite3_finalize(cur);
		cur = NULL;
		if (!u->apply || !rc)
			continue;
		crm_buf_reset(&sql);
		crm_buf_adds(&sql, "UPDATE ");
		ident(&sql, tb);
		crm_buf_adds(&sql, " SET ");
		ident(&sql, cl);
		crm_buf_adds(&sql, " = ?1 WHERE id = ?2");
		if (!(w = crm_store_prep(u->db, sql.buf, u->err)))
			goto out;
		sqlite3_bind_value(w, 1, sqlite3_column_value(u->rp, 3));
		sqlite3_bind_int64(w, 2, rid);
		rc = sqlite3_step(w);
		sqlite3_finalize(w);
		if (rc != SQLITE_DONE) {
			crm_store_dberr(u->err, u->db, "putting a reference back");
			goto out;
		}
		u->c->repointed++;
	}
	if (rc != SQLITE_DONE) {
		crm_store_dberr(u->err, u->db, "reading a merge's references");
		goto out;
	}
	ret = 0;
out:
	sqlite3_reset(u->rp);
	sqlite3_finalize(cur);
	crm_buf_release(&sql);
	crm_buf_release(&b);
	return ret;
}

/* The statements undo needs, over the entity's columns. */
static int
undo_prepare(struct undo *u)
{
	const struct tabinfo *ti = &u->ti;
	struct crm_buf sql = CRM_BUF_INIT;
	size_t j, k;
	int pass, b;

	/* Now, after (?1) and before (?2), column by column. */
	crm_buf_adds(&sql, "SELECT ");
	for (pass = 0; pass < 3; pass++)
		for (j = 0; j < ti->ncols; j++) {
			if (pass || j)
				crm_buf_addc(&sql, ',');
			if (!pass) {
				ident(&sql, ti->cols[j]);
				continue;
			}
			crm_buf_addf(&sql, "json_extract(?%d, '$.\"", pass);
			crm_buf_adds(&sql, ti->cols[j]);
			crm_buf_adds(&sql, "\"')");
		}
	crm_buf_adds(&sql, " FROM ");
	ident(&sql, u->e->table);
	crm_buf_adds(&sql, " WHERE id = ?3");
	if (!(u->cmp = crm_store_prep(u->db, sql.buf, u->err)))
		goto fail;
	crm_buf_reset(&sql);
	crm_buf_adds(&sql, "UPDATE ");
	ident(&sql, u->e->table);
	crm_buf_adds(&sql, " SET ");
	for (j = 0, b = 1, k = 0; j < ti->ncols; j++) {
		if (!strcmp(ti->cols[j], "id"))
			continue;
		if (k++)
			crm_buf_adds(&sql, ", ");
		ident(&sql, ti->cols[j]);
		crm_buf_addf(&sql, " = ?%d", b++);
	}
	crm_buf_addf(&sql, " WHERE id = ?%d", b);
	if (!(u->put = crm_store_prep(u->db, sql.buf, u->err)))
		goto fail;
	crm_buf_reset(&sql);
	crm_buf_adds(&sql, "INSERT INTO ");
	ident(&sql, u->e->table);
	crm_buf_adds(&sql, " (");
	for (j = 0; j < ti->ncols; j++) {
		if (j)
			crm_buf_addc(&sql, ',');
		ident(&sql, ti->cols[j]);
	}
	crm_buf_adds(&sql, ") VALUES (");
	for (j = 0; j < ti->ncols; j++) {
		if (j)
			crm_buf_addc(&sql, ',');
		crm_buf_adds(&sql, "json_extract(?1, '$.\"");
		crm_buf_adds(&sql, ti->cols[j]);
		crm_buf_adds(&sql, "\"')");
	}
	crm_buf_addc(&sql, ')');
	if (!(u->add = crm_store_prep(u->db, sql.buf, u->err)))
		goto fail;
	crm_buf_reset(&sql);
	crm_buf_adds(&sql, "SELECT coalesce(external_id, '') FROM ");
	ident(&sql, u->e->table);
	crm_buf_adds(&sql, " WHERE id = ?");
	if (!(u->has = crm_store_prep(u->db, sql.buf, u->err)))
		goto fail;
	crm_buf_reset(&sql);
	crm_buf_adds(&sql, "SELECT id, external_id FROM ");
	ident(&sql, u->e->table);
	crm_buf_adds(&sql, " WHERE external_id = json_extract(?1,"
	    " '$.external_id') AND id <> ?2");
	if (!(u->ext = crm_store_prep(u->db, sql.buf, u->err)))
		goto fail;
	if (!(u->rp = crm_store_prep(u->db, "SELECT json_extract(value,'$.table'),"
	    " json_extract(value,'$.column'), json_extract(value,'$.id'),"
	    " json_extract(value,'$.old'), json_extract(value,'$.new')"
	    " FROM json_each(?) WHERE json_type(value, '$.table') = 'text'",
	    u->err)))
		goto fail;
	crm_buf_release(&sql);
	return 0;
fail:
	crm_buf_release(&sql);
	return -1;
}

/* One pass over the run's merges rows: survivors first, then the rest. */
static int
undo_pass(struct undo *u)
{
	sqlite3_stmt *rows;
	int pass, rc = SQLITE_DONE;

	if (!(rows = crm_store_prep(u->db, "SELECT survivor, merged_id, record, choices,"
	    " after FROM merges WHERE run = ? ORDER BY id DESC", u->err)))
		return -1;
	for (pass = 0; pass < 2; pass++) {
		sqlite3_bind_int64(rows, 1, u->run);
		while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
			long long sv = sqlite3_column_int64(rows, 0);
			long long id = sqlite3_column_int64(rows, 1);

			if ((sv == id) != (pass == 0))
				continue;
			if (pass == 0 ? undo_survivor(u, id, TXT(rows, 2),
			    TXT(rows, 4)) < 0 : undo_merged(u, id, TXT(rows, 2),
			    TXT(rows, 3)) < 0) {
				sqlite3_finalize(rows);
				return -1;
			}
		}
		sqlite3_reset(rows);
		if (rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(rows);
	if (rc != SQLITE_DONE)
		return crm_store_dberr(u->err, u->db, "reading merges");
	return 0;
}

int
crm_merge_undo(struct crm_store *s, const struct crm_entity *want,
    long long run, int flags,
    int (*cb)(void *ctx, const struct crm_merge_conflict *k), void *ctx,
    struct crm_merge_counts *c, struct crm_err *err)
{
	struct undo u;
	sqlite3_stmt *st = NULL;
	char entity[32] = "";
	int ret = -1;

	memset(&u, 0, sizeof u);
	u.db = crm_store_db(s);
	u.run = run;
	u.keep = !!(flags & CRM_UNDO_KEEP_NEWER);
	u.cb = cb;
	u.ctx = ctx;
	u.c = c;
	u.err = err;
	if (crm_store_begin(s, err) < 0)
		return -1;
	if (!(st = crm_store_prep(u.db, "SELECT entity, undone_at, (SELECT max(created_at)"
	    " FROM merges WHERE run = ?1) FROM merge_runs WHERE id = ?1", err)))
		goto fail;
	sqlite3_bind_int64(st, 1, run);
	if (sqlite3_step(st) != SQLITE_ROW) {
		crm_err_set(err, CRM_EUSAGE, NULL, 0, 0, "no merge run %lld", run);
		goto fail;
	}
	snprintf(entity, sizeof entity, "%s", TXT(st, 0));
	if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
		crm_err_set(err, CRM_EUSAGE, NULL, 0, 0,
		    "merge run %lld was undone at %s", run, TXT(st, 1));
		goto fail;
	}
	if (TXT(st, 2))
		u.run_end = xstrdup(TXT(st, 2));
	sqlite3_finalize(st);
	st = NULL;
	if (!(u.e = crm_entity_find(entity))) {
		crm_err_set(err, CRM_EDB, NULL, 0, 0, "merge run %lld: unknown "
		    "entity '%s'", run, entity);
		goto fail;
	}
	if (want && u.e != want) {
		crm_err_set(err, CRM_EUSAGE, NULL, 0, 0, "merge run %lld merged "
		    "%s, not %s", run, u.e->name, want->name);
		goto fail;
	}
	/* A later run that touched the same rows must be undone first. */
	if (!(st = crm_store_prep(u.db, "SELECT min(m2.run) FROM merges m2"
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
	if (table_columns(u.db, u.e->table, &u.ti, err) < 0 ||
	    undo_prepare(&u) < 0)
		goto fail;
	/* First every conflict, writing nothing; then, if allowed, the undo. */
	if (undo_pass(&u) < 0)
		goto fail;
	if (u.nfatal || (u.nconflicts && !u.keep)) {
		c->conflicts = u.nconflicts;
		ret = 1;
		goto fail;
	}
	c->conflicts = u.nconflicts;
	u.apply = 1;
	if (undo_pass(&u) < 0)
		goto fail;
	if (!(st = crm_store_prep(u.db, "UPDATE merge_runs SET undone_at = " NOW
	    " WHERE id = ?", err)))
		goto fail;
	sqlite3_bind_int64(st, 1, run);
	if (crm_store_step(u.db, st, err, "marking the run undone") < 0)
		goto fail;
	ret = crm_store_commit(s, err);
	goto out;
fail:
	crm_store_rollback(s);
out:
	sqlite3_finalize(st);
	sqlite3_finalize(u.cmp);
	sqlite3_finalize(u.put);
	sqlite3_finalize(u.add);
	sqlite3_finalize(u.rp);
	sqlite3_finalize(u.has);
	sqlite3_finalize(u.ext);
	tabinfo_release(&u.ti);
	free(u.run_end);
	return ret;
}
