/*
 * store_upsert: the upsert of canonical records (store.h): the per-table
 * statements, keys and their lookups, the per-record insert and update.
 * Bulk mode for a first load into an empty table (indexes dropped, key
 * maps, batched inserts) is store_bulk.c's.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jsonio.h"
#include "store_int.h"
#include "utf8.h"

/*
 * extra merged with :extra (RFC 7396, json_patch), where a string in
 * :extra that is the JSON text of the number, boolean, object or array
 * extra has there leaves that value as it is: a CSV cell says "5" or
 * "[1,2]" for what a JSON file said 5 or [1,2], so an export read back
 * through CSV changes nothing.  :extra's other values go in as they are.
 */
#define EXTRA_PATCH \
	"json_patch(extra, (SELECT json_group_object(p.key, CASE" \
	" WHEN p.type = 'text' AND json_type(extra, p.fullkey) IN" \
	" ('integer', 'real', 'true', 'false', 'object', 'array')" \
	" AND extra -> p.fullkey = p.atom THEN json(extra -> p.fullkey)" \
	" WHEN p.type IN ('text', 'null') THEN p.value" \
	" ELSE json(:extra -> p.fullkey) END) FROM json_each(:extra) AS p))"

/* Where a record's field goes. */
enum { MAP_UNKNOWN = -1, MAP_EXTRA = -2, MAP_IGNORE = -3 };

static void
ent_release(struct ent *t)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	free(t->cols);
	sqlite3_finalize(t->ins);
	sqlite3_finalize(t->upd);
	sqlite3_finalize(t->touch);
	sqlite3_finalize(t->settle);
	sqlite3_finalize(t->untouch);
	free(t->p_ins);
	free(t->ins_null);
	free(t->p_upd);
	for (i = 0; i < t->nkeys; i++) {
		free(t->keys[i].spec);
		sqlite3_finalize(t->keys[i].sel);
	}
	free(t->keys);
	for (i = 0; i < t->nmaps; i++) {
		free(t->maps[i].slot);
	}
	free(t->maps);
	for (i = 0; i < t->nidx; i++)
		free(t->idx_sql[i]);
	free(t->idx_sql);
	sqlite3_finalize(t->byid);
	sqlite3_finalize(t->insb);
	free(t->bv);
	free(t->bn);
	free(t->bnull);
	free(t->bval);
	for (i = 0; i < t->nlay; i++)
		free(t->lay[i]);
	free(t->lay);
	free(t->laylen);
	free(t->map);
	free(t->val);
	free(t->vlen);
	free(t->changed);
	crm_buf_release(&t->ek);
	crm_buf_release(&t->pk);
	crm_buf_release(&t->xbuf);
	crm_buf_release(&t->ubuf);
}

/* Free the upsert's state of every table (crm_store_close). */
void
store_ents_release(struct crm_store *s)
{
	size_t i;

	for (i = 0; i < s->nents; i++)
		ent_release(&s->ents[i]);
	free(s->ents);
}


void
store_tinfo_release(struct store_tinfo *ti)
{
	size_t i;

	for (i = 0; i < ti->n; i++)
		free(ti->names[i]);
	free(ti->names);
	ti->names = NULL;
	ti->n = 0;
}

int
store_tinfo_load(struct crm_store *s, const char *table, struct store_tinfo *ti,
    struct crm_err *err)
{
	static const char sql[] = "SELECT name FROM pragma_table_info(?)";
	sqlite3_stmt *st;
	int rc;

	ti->names = NULL;
	ti->n = 0;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_dberr(s, sql, err);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ti->names = xreallocarray(ti->names, ti->n + 1,
		    sizeof *ti->names);
		ti->names[ti->n++] = xstrdup(
		    (const char *)sqlite3_column_text(st, 0));
	}
	if (rc != SQLITE_DONE) {
		store_dberr(s, sql, err);
		sqlite3_finalize(st);
		store_tinfo_release(ti);
		return -1;
	}
	sqlite3_finalize(st);
	if (ti->n == 0)
		return crm_err_set(err, CRM_EDB, s->path, 0, 0,
		    "no table '%s' in the store", table);
	return 0;
}

int
store_tinfo_has(const struct store_tinfo *ti, const char *name)
{
	size_t i;

	for (i = 0; i < ti->n; i++)
		if (!strcmp(ti->names[i], name))
			return 1;
	return 0;
}

int
store_ent_col(const struct ent *t, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (strlen(t->cols[i]) == n && !memcmp(t->cols[i], name, n))
			return (int)i;
	return -1;
}

/*
 * Parameter slot j of an insert (as in ent.ins_null; INS_NSLOTS: :now):
 * named in the one-row insert, numbered for row b of the batch insert,
 * which shares one :now.
 */
static void
ins_param(struct crm_buf *sql, const struct ent *t, size_t b, size_t j)
{
	static const char *const names[] = {
		":extra", ":xflat", ":ek", ":pk", ":now"
	};
	size_t nslots = t->ncols + INS_NSLOTS;

	if (b > 0)
		crm_buf_addf(sql, "?%zu", j == nslots ?
		    BATCH_ROWS * nslots + 1 : (b - 1) * nslots + j + 1);
	else if (j < t->ncols)
		crm_buf_addf(sql, ":c%zu", j);
	else
		crm_buf_adds(sql, names[j - t->ncols]);
}

/*
 * The insert of t: the one-row insert (row 0), with named parameters and
 * any extra object, or the batch insert (rows 1 to BATCH_ROWS), whose
 * extra objects are all of strings (:xflat, stored as it is).
 */
void
store_ins_sql(const struct ent *t, int batch, struct crm_buf *sql)
{
	size_t i, b, now = t->ncols + INS_NSLOTS;
	size_t first = batch ? 1 : 0, last = batch ? BATCH_ROWS : 0;

	crm_buf_addf(sql, "INSERT INTO \"%s\" (", t->e->table);
	for (i = 0; i < t->ncols; i++)
		crm_buf_addf(sql, "%s\"%s\"", i ? ", " : "", t->cols[i]);
	if (t->has_extra)
		crm_buf_adds(sql, ", extra");
	if (t->email_col >= 0)
		crm_buf_adds(sql, ", email_key");
	if (t->phone_col >= 0)
		crm_buf_adds(sql, ", phone_key");
	if (t->has_updated)
		crm_buf_adds(sql, ", updated_at");
	crm_buf_adds(sql, ") VALUES ");
	for (b = first; b <= last; b++) {
		crm_buf_adds(sql, b > 1 ? ", (" : "(");
		for (i = 0; i < t->ncols; i++) {
			if (i)
				crm_buf_adds(sql, ", ");
			ins_param(sql, t, b, i);
		}
		if (t->has_extra && b == 0)
			crm_buf_adds(sql, ", CASE WHEN :extra IS NULL THEN"
			    " coalesce(:xflat, '{}') ELSE json_patch('{}',"
			    " :extra) END");
		else if (t->has_extra) {
			crm_buf_adds(sql, ", coalesce(");
			ins_param(sql, t, b, t->ncols + INS_XFLAT);
			crm_buf_adds(sql, ", '{}')");
		}
		if (t->email_col >= 0) {
			crm_buf_adds(sql, ", ");
			ins_param(sql, t, b, t->ncols + INS_EK);
		}
		if (t->phone_col >= 0) {
			crm_buf_adds(sql, ", ");
			ins_param(sql, t, b, t->ncols + INS_PK);
		}
		if (t->has_updated) {
			crm_buf_adds(sql, ", ");
			ins_param(sql, t, b, now);
		}
		crm_buf_adds(sql, ")");
	}
}

static int
ent_prepare(struct crm_store *s, struct ent *t, struct crm_err *err)
{
	const struct crm_entity *e = t->e;
	struct crm_buf sql = CRM_BUF_INIT;
	struct store_tinfo ti;
	size_t i;
	char name[32];
	int rc = -1;

	if (store_tinfo_load(s, e->table, &ti, err) < 0)
		return -1;
	t->cols = xcalloc(e->nfields + 1, sizeof *t->cols);
	for (i = 0; i < e->nfields; i++) {
		if (!store_tinfo_has(&ti, e->fields[i].name)) {
			crm_err_set(err, CRM_EDB, s->path, 0, 0, "table '%s' "
			    "has no column for field '%s'", e->table,
			    e->fields[i].name);
			goto out;
		}
		t->cols[t->ncols++] = xstrdup(e->fields[i].name);
	}
	t->has_extra = store_tinfo_has(&ti, "extra");
	t->has_updated = store_tinfo_has(&ti, "updated_at");
	/*
	 * created_at is the record's own, never the import's (that is
	 * updated_at): a table whose entity has no such field still takes
	 * it from a record that has one.
	 */
	if (store_ent_col(t, "created_at", 10) < 0 &&
	    store_tinfo_has(&ti, "created_at"))
		t->cols[t->ncols++] = xstrdup("created_at");
	t->email_col = store_tinfo_has(&ti, "email_key") ?
	    store_ent_col(t, "email", 5) : -1;
	t->phone_col = store_tinfo_has(&ti, "phone_key") ?
	    store_ent_col(t, "phone", 5) : -1;
	t->val = xcalloc(t->ncols, sizeof *t->val);
	t->vlen = xcalloc(t->ncols, sizeof *t->vlen);
	t->changed = xcalloc(t->ncols, 1);
	t->p_ins = xcalloc(t->ncols, sizeof *t->p_ins);
	t->ins_null = xcalloc(t->ncols + INS_NSLOTS, 1);
	t->p_upd = xcalloc(t->ncols, sizeof *t->p_upd);

	/* INSERT */
	store_ins_sql(t, 0, &sql);
	if (store_prepare(s, sql.buf, &t->ins, err) < 0)
		goto out;
	memset(t->ins_null, 1, t->ncols + INS_NSLOTS);	/* a new statement's are */
	t->ins_nowt = 0;
	for (i = 0; i < t->ncols; i++) {
		snprintf(name, sizeof name, ":c%zu", i);
		t->p_ins[i] = store_param(t->ins, name);
	}
	t->p_ins_extra = store_param(t->ins, ":extra");
	t->p_ins_xflat = store_param(t->ins, ":xflat");
	t->p_ins_ek = store_param(t->ins, ":ek");
	t->p_ins_pk = store_param(t->ins, ":pk");
	t->p_ins_now = store_param(t->ins, ":now");

	/* UPDATE: a NULL parameter leaves the column as it is. */
	crm_buf_reset(&sql);
	crm_buf_addf(&sql, "UPDATE \"%s\" SET ", e->table);
	for (i = 0; i < t->ncols; i++)
		crm_buf_addf(&sql, "%s\"%s\" = coalesce(:c%zu, \"%s\")",
		    i ? ", " : "", t->cols[i], i, t->cols[i]);
	if (t->has_extra)
		crm_buf_adds(&sql, ", extra = CASE WHEN :extra IS NULL"
		    " THEN extra ELSE " EXTRA_PATCH " END");
	if (t->email_col >= 0)
		crm_buf_adds(&sql, ", email_key = CASE WHEN :c_ek"
		    " THEN :ek ELSE email_key END");
	if (t->phone_col >= 0)
		crm_buf_adds(&sql, ", phone_key = CASE WHEN :c_pk"
		    " THEN :pk ELSE phone_key END");
	if (t->has_updated)
		crm_buf_adds(&sql, ", updated_at = :now");
	crm_buf_adds(&sql, " WHERE id = :id");
	if (store_prepare(s, sql.buf, &t->upd, err) < 0)
		goto out;
	for (i = 0; i < t->ncols; i++) {
		snprintf(name, sizeof name, ":c%zu", i);
		t->p_upd[i] = store_param(t->upd, name);
	}
	t->p_upd_extra = store_param(t->upd, ":extra");
	t->p_upd_ek = store_param(t->upd, ":ek");
	t->p_upd_pk = store_param(t->upd, ":pk");
	t->p_upd_now = store_param(t->upd, ":now");
	t->p_upd_id = store_param(t->upd, ":id");
	t->p_upd_cek = store_param(t->upd, ":c_ek");
	t->p_upd_cpk = store_param(t->upd, ":c_pk");
	rc = 0;
out:
	store_tinfo_release(&ti);
	crm_buf_release(&sql);
	return rc;
}

static struct ent *
ent_get(struct crm_store *s, const struct crm_entity *e, struct crm_err *err)
{
	struct ent *t;
	size_t i;

	for (i = 0; i < s->nents; i++)
		if (s->ents[i].e == e)
			return &s->ents[i];
	s->ents = xreallocarray(s->ents, s->nents + 1, sizeof *s->ents);
	t = &s->ents[s->nents];
	memset(t, 0, sizeof *t);
	t->e = e;
	crm_buf_init(&t->ek);
	crm_buf_init(&t->pk);
	crm_buf_init(&t->xbuf);
	crm_buf_init(&t->ubuf);
	if (ent_prepare(s, t, err) < 0) {
		ent_release(t);
		return NULL;
	}
	s->nents++;
	return t;
}

/*
 * What a lookup of a row of t selects: id, the columns, then (with extra)
 * extra and what it becomes merged with :extra (NULL when :extra is NULL,
 * extra itself when equal).
 */
void
store_select_row(const struct ent *t, struct crm_buf *sql)
{
	size_t i;

	crm_buf_adds(sql, "SELECT id");
	for (i = 0; i < t->ncols; i++)
		crm_buf_addf(sql, ", \"%s\"", t->cols[i]);
	if (t->has_extra)
		crm_buf_adds(sql, ", extra, CASE WHEN :extra IS NULL THEN NULL"
		    " WHEN extra = :extra THEN extra"
		    " ELSE " EXTRA_PATCH " END");
}

/* The column a lookup by part i of k compares (its name: a derived key's). */
static const char *
key_column(const struct ent *t, const struct ukey *k, int i)
{
	if (k->derive)
		return k->derive == DERIVE_EMAIL ? "email_key" : "phone_key";
	return t->cols[k->col[i]];
}

/* What a lookup by k compares, in SQL. */
static void
key_expr(const struct ent *t, const struct ukey *k, int i,
    struct crm_buf *sql)
{
	if (k->derive == DERIVE_EMAIL)
		crm_buf_adds(sql, EMAIL_KEY);
	else
		crm_buf_addf(sql, "\"%s\"", key_column(t, k, i));
}

/*
 * Before the first lookup by k outside bulk mode: if no index of the table
 * leads with k's columns, make one, "<table>_<column>[_<column>...]".  Such
 * indexes (contacts' email_key and phone_key, a --key of the user's) serve
 * only these lookups, so a load that never needs them does not build them.
 * Failing to make one (a statement still reading) only costs speed.
 */
static void
key_index(struct crm_store *s, struct ent *t, struct ukey *k)
{
	struct crm_buf sql = CRM_BUF_INIT;
	sqlite3_stmt *il = NULL, *ii = NULL;
	int found = 0, i, n;

	k->indexed = 1;
	if (sqlite3_prepare_v2(s->db, "SELECT name FROM pragma_index_list(?)",
	    -1, &il, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "SELECT name FROM pragma_index_info(?)"
	    " ORDER BY seqno", -1, &ii, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(il, 1, t->e->table, -1, SQLITE_STATIC);
	while (!found && sqlite3_step(il) == SQLITE_ROW) {
		sqlite3_bind_text(ii, 1, (const char *)sqlite3_column_text(il,
		    0), -1, SQLITE_TRANSIENT);
		for (n = 0; n < k->nparts && sqlite3_step(ii) == SQLITE_ROW;
		    n++) {
			const char *cn = (const char *)sqlite3_column_text(ii,
			    0);

			for (i = 0; i < k->nparts; i++)
				if (cn && k->derive != DERIVE_EMAIL &&
				    !strcmp(cn, key_column(t, k, i)))
					break;
			if (i == k->nparts)
				break;
		}
		found = n == k->nparts;
		sqlite3_reset(ii);
	}
	if (found)
		goto out;
	crm_buf_addf(&sql, "CREATE INDEX IF NOT EXISTS \"%s", t->e->table);
	for (i = 0; i < k->nparts; i++)
		crm_buf_addf(&sql, "_%s", key_column(t, k, i));
	crm_buf_addf(&sql, "\" ON \"%s\" (", t->e->table);
	for (i = 0; i < k->nparts; i++) {
		if (i)
			crm_buf_adds(&sql, ", ");
		key_expr(t, k, i, &sql);
	}
	crm_buf_adds(&sql, ")");
	sqlite3_exec(s->db, sql.buf, NULL, NULL, NULL);
out:
	sqlite3_finalize(il);
	sqlite3_finalize(ii);
	crm_buf_release(&sql);
}

/* The lookup statement for one key spec ("email", "pipeline+name"). */
struct ukey *
store_key_get(struct crm_store *s, struct ent *t, const char *spec,
    struct crm_err *err)
{
	struct crm_buf sql = CRM_BUF_INIT;
	struct ukey k, *kp;
	const char *p, *q;
	char name[32];
	size_t i;
	int c;

	for (i = 0; i < t->nkeys; i++)
		if (!strcmp(t->keys[i].spec, spec))
			return &t->keys[i];
	memset(&k, 0, sizeof k);
	for (p = spec; ; p = q + 1) {
		q = p + strcspn(p, "+,");
		c = store_ent_col(t, p, (size_t)(q - p));
		if (k.nparts == MAXKEYPARTS) {
			crm_err_set(err, CRM_EUSAGE, NULL, 0, 0, "key '%s' has "
			    "more than %d parts", spec, MAXKEYPARTS);
			return NULL;
		}
		if (c < 0) {
			crm_err_set(err, CRM_EUSAGE, NULL, 0, 0,
			    "'%.*s' is not a key field of %s", (int)(q - p), p,
			    t->e->name);
			return NULL;
		}
		k.col[k.nparts++] = c;
		if (!*q)
			break;
	}
	if (k.nparts == 1 && k.col[0] == t->email_col)
		k.derive = DERIVE_EMAIL;
	else if (k.nparts == 1 && k.col[0] == t->phone_col)
		k.derive = DERIVE_PHONE;
	store_select_row(t, &sql);
	crm_buf_addf(&sql, " FROM \"%s\" WHERE ", t->e->table);
	for (i = 0; i < (size_t)(k.derive ? 1 : k.nparts); i++) {
		if (i)
			crm_buf_adds(&sql, " AND ");
		key_expr(t, &k, (int)i, &sql);
		crm_buf_addf(&sql, " = :k%zu", i);
	}
	crm_buf_adds(&sql, " ORDER BY id LIMIT 1");
	if (store_prepare(s, sql.buf, &k.sel, err) < 0) {
		crm_buf_release(&sql);
		return NULL;
	}
	crm_buf_release(&sql);
	for (i = 0; i < (size_t)k.nparts; i++) {
		snprintf(name, sizeof name, ":k%zu", i);
		k.p_k[i] = store_param(k.sel, name);
	}
	k.p_extra = store_param(k.sel, ":extra");
	k.map = -1;		/* made on its first bulk lookup */
	k.spec = xstrdup(spec);
	t->keys = xreallocarray(t->keys, t->nkeys + 1, sizeof *t->keys);
	kp = &t->keys[t->nkeys++];
	*kp = k;
	return kp;
}

static int
field_map(struct ent *t, const char *name, size_t n)
{
	int c = store_ent_col(t, name, n);

	if (c >= 0)
		return c;
	if (n == 5 && !memcmp(name, "extra", 5))
		return MAP_EXTRA;
	if ((n == 2 && !memcmp(name, "id", 2)) ||
	    (n == 10 && !memcmp(name, "updated_at", 10)) ||
	    (n == 9 && !memcmp(name, "email_key", 9)) ||
	    (n == 9 && !memcmp(name, "phone_key", 9)))
		return MAP_IGNORE;
	return MAP_UNKNOWN;
}

/*
 * Map each field of rec onto a column.  Records of one input share their
 * layout, so the last record's mapping is kept and only fields whose name
 * differs are looked up again.
 */
static void
ent_layout(struct ent *t, const struct crm_record *rec)
{
	size_t i;

	if (rec->n > t->nlay) {
		t->lay = xreallocarray(t->lay, rec->n, sizeof *t->lay);
		t->laylen = xreallocarray(t->laylen, rec->n,
		    sizeof *t->laylen);
		t->map = xreallocarray(t->map, rec->n, sizeof *t->map);
		for (i = t->nlay; i < rec->n; i++) {
			t->lay[i] = NULL;
			t->laylen[i] = (size_t)-1;
		}
		t->nlay = rec->n;
	}
	for (i = 0; i < rec->n; i++) {
		const struct crm_field *f = &rec->f[i];

		if (f->namelen == t->laylen[i] &&
		    !memcmp(f->name, t->lay[i], f->namelen))
			continue;
		free(t->lay[i]);
		t->lay[i] = xstrndup(f->name, f->namelen);
		t->laylen[i] = f->namelen;
		t->map[i] = field_map(t, f->name, f->namelen);
	}
}

/* The lookup key of an email: ASCII lower-cased, else case folded. */
static void
email_key(const char *v, size_t n, struct crm_buf *out)
{
	size_t i;

	crm_buf_reset(out);
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] >= 0x80 || (v[i] >= 'A' && v[i] <= 'Z'))
			break;
	if (i == n) {		/* its own key: a normalised e-mail */
		crm_buf_add(out, v, n);
		return;
	}
	for (; i < n; i++)
		if ((unsigned char)v[i] >= 0x80)
			break;
	if (i < n && crm_utf8_lower(v, n, out) == 0)
		return;
	crm_buf_reset(out);
	crm_buf_grow(out, n);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		out->buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	crm_buf_setlen(out, n);
}

/* The lookup key of a phone: '+' and digits before any extension. */
static void
phone_key(const char *v, size_t n, struct crm_buf *out)
{
	size_t i, k = 0;

	crm_buf_reset(out);
	crm_buf_grow(out, n);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c >= '0' && c <= '9')
			out->buf[k++] = (char)c;
		else if (c == '+' && k == 0)
			out->buf[k++] = (char)c;
		else if (c == ',' || c == ';' || c == '#' ||
		    (c == 0xd0 && n - i >= 6 && !memcmp(v + i, "доб", 6)) ||
		    ((c | 0x20) == 'e' && n - i >= 3 &&
		    !strncasecmp(v + i, "ext", 3)))
			break;
	}
	if (k == 1 && out->buf[0] == '+')
		k = 0;
	crm_buf_setlen(out, k);
}

/* Trimmed bounds of a JSON object's text, or -1 if it is not one. */
static int
json_object_body(const char *s, size_t n, size_t *b, size_t *e)
{
	size_t i = 0;

	while (i < n && isspace((unsigned char)s[i]))
		i++;
	while (n > i && isspace((unsigned char)s[n - 1]))
		n--;
	if (n - i < 2 || s[i] != '{' || s[n - 1] != '}')
		return -1;
	*b = i + 1;
	*e = n - 1;
	return 0;
}

/* The end of the JSON string that starts at s[i], or 0 if it is bad. */
static size_t
skip_string(const char *s, size_t n, size_t i)
{
	size_t k;

	for (i++; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"')
			return i + 1;
		if (c < 0x20)
			return 0;
		if (c != '\\')
			continue;
		if (++i == n || !s[i] || !strchr("\"\\/bfnrtu", s[i]))
			return 0;
		if (s[i] == 'u')
			for (k = 0; k < 4; k++)
				if (++i == n || !isxdigit((unsigned char)s[i]))
					return 0;
	}
	return 0;
}

/*
 * Is s a minified object of string values, {"k":"v",...}, what the
 * toolkit's own JSON writer makes of extra columns?  json_patch('{}', s)
 * is then s itself, and an insert need not parse it.
 */
static int
flat_strings(const char *s, size_t n)
{
	size_t i = 1;

	if (n < 2 || s[0] != '{' || s[n - 1] != '}')
		return 0;
	if (n == 2)
		return 1;
	for (;;) {
		if (s[i] != '"' || !(i = skip_string(s, n, i)) ||
		    s[i] != ':' || s[++i] != '"' || !(i = skip_string(s, n, i)))
			return 0;
		if (s[i] == '}')
			return i == n - 1;
		if (s[i++] != ',')
			return 0;
	}
}

static int
blank(const char *s, size_t b, size_t e)
{
	for (; b < e; b++)
		if (!isspace((unsigned char)s[b]))
			return 0;
	return 1;
}

/*
 * Rows updated in a transaction are remembered with their values before
 * the first update (temp.crm_touched), so that crm_store_settle can tell
 * which of them ended where they began: a file with two versions of one
 * record, imported again, updates the row twice and changes nothing.
 */
static int
touch_prepare(struct crm_store *s, struct ent *t, struct crm_err *err)
{
	struct crm_buf cols = CRM_BUF_INIT, sql = CRM_BUF_INIT;
	size_t i;
	int rc = -1;

	if (store_exec(s, "CREATE TEMP TABLE IF NOT EXISTS crm_touched (tbl TEXT,"
	    " id INTEGER, before TEXT, nupd INTEGER, PRIMARY KEY (tbl, id))",
	    err) < 0)
		return -1;
	crm_buf_adds(&cols, "json_array(");
	for (i = 0; i < t->ncols; i++)
		crm_buf_addf(&cols, "%sc.\"%s\"", i ? ", " : "", t->cols[i]);
	if (t->has_extra)
		crm_buf_adds(&cols, ", c.extra");
	crm_buf_adds(&cols, ")");
	crm_buf_addf(&sql, "INSERT INTO temp.crm_touched (tbl, id, before, nupd)"
	    " SELECT '%s', c.id, %s, 1 FROM \"%s\" c WHERE c.id = ?"
	    " ON CONFLICT (tbl, id) DO UPDATE SET nupd = nupd + 1",
	    t->e->table, cols.buf, t->e->table);
	if (store_prepare(s, sql.buf, &t->touch, err) < 0)
		goto out;
	crm_buf_reset(&sql);
	crm_buf_addf(&sql, "SELECT coalesce(sum(t.nupd), 0) FROM temp.crm_touched t"
	    " JOIN \"%s\" c ON c.id = t.id WHERE t.tbl = '%s' AND t.before = %s",
	    t->e->table, t->e->table, cols.buf);
	if (store_prepare(s, sql.buf, &t->settle, err) < 0)
		goto out;
	crm_buf_reset(&sql);
	crm_buf_addf(&sql, "DELETE FROM temp.crm_touched WHERE tbl = '%s'",
	    t->e->table);
	rc = store_prepare(s, sql.buf, &t->untouch, err);
out:
	crm_buf_release(&cols);
	crm_buf_release(&sql);
	return rc;
}

static int
touch(struct crm_store *s, struct ent *t, long long id, struct crm_err *err)
{
	if (!t->touch && touch_prepare(s, t, err) < 0)
		return -1;
	sqlite3_bind_int64(t->touch, 1, id);
	return store_step_done(s, t->touch, err);
}

int
crm_store_settle(struct crm_store *s, const struct crm_entity *e,
    long long *reverted, struct crm_err *err)
{
	struct ent *t;
	int rc;

	*reverted = 0;
	if (!(t = ent_get(s, e, err)) || store_flush_all(s, err) < 0)
		return -1;
	if (!t->touch)
		return 0;	/* nothing was updated */
	rc = sqlite3_step(t->settle);
	if (rc == SQLITE_ROW)
		*reverted = sqlite3_column_int64(t->settle, 0);
	else if (rc != SQLITE_DONE) {
		store_stmt_err(s, t->settle, err);
		sqlite3_reset(t->settle);
		return -1;
	}
	sqlite3_reset(t->settle);
	return store_step_done(s, t->untouch, err);
}


/* What email_key stores: the key, or NULL where it is the e-mail itself. */
const char *
store_stored_ek(const struct ent *t)
{
	const char *v = t->email_col >= 0 ? t->val[t->email_col] : NULL;
	size_t n = v ? t->vlen[t->email_col] : 0;

	if (!v || !t->ek.len || (t->ek.len == n && !memcmp(t->ek.buf, v, n)))
		return NULL;
	return t->ek.buf;
}

/* What phone_key stores: the key, or NULL when the phone has none. */
const char *
store_stored_pk(const struct ent *t)
{
	return t->phone_col >= 0 && t->val[t->phone_col] && t->pk.len ?
	    t->pk.buf : NULL;
}

int
crm_store_upsert(struct crm_store *s, const struct crm_entity *e,
    const struct crm_record *rec, const char *const *keys, int *result,
    struct crm_err *err)
{
	struct ent *t;
	struct ukey *k = NULL;
	sqlite3_stmt *st;
	const char *xv = NULL, *v;
	size_t xlen = 0, i, b = 0, en = 0, nunk = 0;
	long long id;
	int rc, j, changed = 0, ekc = 0, pkc = 0, p, flat;

	if (store_writable(s, err) < 0)
		return -1;
	if (!(t = ent_get(s, e, err)))
		return -1;
	/* Someone else wrote on this connection: the maps may be wrong. */
	if (s->bulk_entries && sqlite3_total_changes64(s->db) != s->changes &&
	    store_bulk_end_all(s, err) < 0)
		return -1;
	if (s->depth > 0 && !t->bulk_tried && store_bulk_begin(s, t, err) < 0)
		return -1;
	t->row++;
	ent_layout(t, rec);
	memset(t->val, 0, t->ncols * sizeof *t->val);
	for (i = 0; i < rec->n; i++) {
		const struct crm_field *f = &rec->f[i];

		if (!f->value)
			continue;
		switch (j = t->map[i]) {
		case MAP_IGNORE:
			break;
		case MAP_EXTRA:
			if (!xv) {
				xv = f->value;
				xlen = f->len;
			}
			break;
		case MAP_UNKNOWN:
			nunk++;
			break;
		default:
			if (!t->val[j]) {
				t->val[j] = f->value;
				t->vlen[j] = f->len;
			}
		}
	}
	/* external_id "" is no id (the unique index ignores NULLs only). */
	if ((j = store_ent_col(t, "external_id", 11)) >= 0 && t->val[j] &&
	    t->vlen[j] == 0)
		t->val[j] = NULL;
	if (xv && json_object_body(xv, xlen, &b, &en) < 0)
		return crm_err_set(err, CRM_EDATA, NULL, rec->line, 0,
		    "extra is not a JSON object");
	if ((xv || nunk) && !t->has_extra) {
		for (i = 0; i < rec->n; i++)
			if (rec->f[i].value && t->map[i] == MAP_UNKNOWN)
				break;
		return crm_err_set(err, CRM_EUSAGE, NULL, rec->line, 0,
		    "%s has no field '%s'", e->name,
		    i < rec->n ? t->lay[i] : "extra");
	}
	if (nunk) {
		/* Fields with no column go to extra, after its own keys. */
		crm_buf_reset(&t->xbuf);
		if (xv && !blank(xv, b, en)) {
			crm_buf_adds(&t->xbuf, "{");
			crm_buf_add(&t->xbuf, xv + b, en - b);
		}
		for (i = 0; i < rec->n; i++) {
			const struct crm_field *f = &rec->f[i];

			if (!f->value || t->map[i] != MAP_UNKNOWN)
				continue;
			crm_buf_addc(&t->xbuf, t->xbuf.len ? ',' : '{');
			crm_json_encode_string(&t->xbuf, f->name, f->namelen);
			crm_buf_addc(&t->xbuf, ':');
			if (f->type != CRM_V_TEXT)	/* as it came */
				crm_json_encode_value(&t->xbuf, f->value,
				    f->len, f->type);
			else
				crm_json_encode_string(&t->xbuf, f->value, f->len);
		}
		crm_buf_addc(&t->xbuf, '}');
		xv = t->xbuf.buf;
		xlen = t->xbuf.len;
	} else if (xv && blank(xv, b, en))
		xv = NULL;	/* {} changes nothing */

	if (t->email_col >= 0 && (v = t->val[t->email_col]))
		email_key(v, t->vlen[t->email_col], &t->ek);
	if (t->phone_col >= 0 && (v = t->val[t->phone_col]))
		phone_key(v, t->vlen[t->phone_col], &t->pk);

	/* The first key the record has. */
	if (!keys)
		keys = e->keys;
	for (; keys && *keys; keys++) {
		if (!(k = store_key_get(s, t, *keys, err)))
			return -1;
		for (j = 0; j < k->nparts; j++)
			if (!t->val[k->col[j]] || !t->vlen[k->col[j]])
				break;
		if (j < k->nparts)
			continue;
		if (k->derive == DERIVE_EMAIL && !t->ek.len)
			continue;
		if (k->derive == DERIVE_PHONE && !t->pk.len)
			continue;
		break;
	}
	if (keys && !*keys)
		k = NULL;

	if (k) {
		rc = SQLITE_MISUSE;
		/*
		 * A key's map is made when it is first looked up (from the
		 * rows so far), so a file that always has external_id keeps
		 * no map of e-mails.
		 */
		if (t->bulk && k->map < 0 && (k->map = store_map_for(s, t,
		    k->nparts, k->col, k->derive, err)) < 0)
			return -1;
		if (t->bulk && k->map >= 0) {
			st = t->byid;
			rc = store_bulk_find(s, t, &t->maps[k->map], xv, xlen);
		}
	}
	if (k && rc == SQLITE_MISUSE) {
		if (t->npend && store_batch_flush(s, t, err) < 0)
			return -1;
		if (!k->indexed)
			key_index(s, t, k);
		st = k->sel;
		if (k->derive)
			sqlite3_bind_text(st, k->p_k[0],
			    k->derive == DERIVE_EMAIL ? t->ek.buf : t->pk.buf,
			    -1, SQLITE_STATIC);
		else
			for (j = 0; j < k->nparts; j++)
				sqlite3_bind_text(st, k->p_k[j],
				    t->val[k->col[j]], (int)t->vlen[k->col[j]],
				    SQLITE_STATIC);
		if (k->p_extra)
			crm_store_bind_textn(st, k->p_extra, xv, xlen);
		rc = sqlite3_step(st);
	}
	if (k) {
		if (rc == SQLITE_ROW) {
			id = sqlite3_column_int64(st, 0);
			for (i = 0; i < t->ncols; i++) {
				const char *cv;
				int n;

				t->changed[i] = 0;
				if (!t->val[i])
					continue;
				cv = (const char *)sqlite3_column_text(st,
				    (int)i + 1);
				n = sqlite3_column_bytes(st, (int)i + 1);
				if (!cv || (size_t)n != t->vlen[i] ||
				    memcmp(cv, t->val[i], t->vlen[i])) {
					t->changed[i] = 1;
					changed = 1;
				}
			}
			if (t->has_extra && xv) {
				int a = (int)t->ncols + 1;
				int na = sqlite3_column_bytes(st, a);
				int nb = sqlite3_column_bytes(st, a + 1);

				if (na != nb || memcmp(sqlite3_column_blob(st,
				    a), sqlite3_column_blob(st, a + 1),
				    (size_t)na))
					changed = 1;
				else
					xv = NULL;
			} else
				xv = NULL;
			sqlite3_reset(st);
			if (!changed) {
				*result = CRM_UNCHANGED;
				return 0;
			}
			if (t->bulk && store_bulk_unique(s, t, id, rec->line,
			    err) < 0)
				return -1;
			st = t->upd;
			for (i = 0; i < t->ncols; i++)
				if (t->changed[i])
					sqlite3_bind_text(st, t->p_upd[i],
					    t->val[i], (int)t->vlen[i],
					    SQLITE_STATIC);
				else
					sqlite3_bind_null(st, t->p_upd[i]);
			if (t->has_extra)
				crm_store_bind_textn(st, t->p_upd_extra, xv, xlen);
			ekc = t->email_col >= 0 && t->changed[t->email_col];
			pkc = t->phone_col >= 0 && t->changed[t->phone_col];
			if (t->email_col >= 0) {
				sqlite3_bind_int(st, t->p_upd_cek, ekc);
				if (ekc && (v = store_stored_ek(t)))
					sqlite3_bind_text(st, t->p_upd_ek, v,
					    (int)t->ek.len, SQLITE_STATIC);
				else
					sqlite3_bind_null(st, t->p_upd_ek);
			}
			if (t->phone_col >= 0) {
				sqlite3_bind_int(st, t->p_upd_cpk, pkc);
				if (pkc && (v = store_stored_pk(t)))
					sqlite3_bind_text(st, t->p_upd_pk, v,
					    (int)t->pk.len, SQLITE_STATIC);
				else
					sqlite3_bind_null(st, t->p_upd_pk);
			}
			if (t->p_upd_now)
				crm_store_bind_text(st, t->p_upd_now,
				    store_now_iso(s));
			sqlite3_bind_int64(st, t->p_upd_id, id);
			if (touch(s, t, id, err) < 0 ||
			    store_step_done(s, st, err) < 0)
				return -1;
			if (t->bulk && store_bulk_learn(s, t, id, 1, err) < 0)
				return -1;
			*result = CRM_UPDATED;
			return 0;
		}
		if (rc != SQLITE_DONE) {
			store_stmt_err(s, st, err);
			sqlite3_reset(st);
			return -1;
		}
		sqlite3_reset(st);
	}

	if (t->bulk && store_bulk_unique(s, t, 0, rec->line, err) < 0)
		return -1;
	flat = !xv || flat_strings(xv, xlen);
	if (t->batch && flat && (rc = store_batch_add(s, t, xv, xlen, &id,
	    err)) <= 0) {
		if (rc < 0 || store_bulk_learn(s, t, id, 0, err) < 0)
			return -1;
		*result = CRM_INSERTED;
		return 0;
	}
	/* A row out of the batch comes after it, for its id. */
	if (t->npend && store_batch_flush(s, t, err) < 0)
		return -1;
	st = t->ins;
	for (i = 0; i < t->ncols; i++)
		store_ins_bind(t, t->p_ins[i], i, t->val[i], t->vlen[i]);
	if ((p = t->p_ins_extra)) {
		store_ins_bind(t, p, t->ncols + INS_EXTRA, flat ? NULL : xv,
		    xlen);
		store_ins_bind(t, t->p_ins_xflat, t->ncols + INS_XFLAT,
		    flat ? xv : NULL, xlen);
	}
	if ((p = t->p_ins_ek))
		store_ins_bind(t, p, t->ncols + INS_EK, store_stored_ek(t),
		    t->ek.len);
	if ((p = t->p_ins_pk))
		store_ins_bind(t, p, t->ncols + INS_PK, store_stored_pk(t),
		    t->pk.len);
	if (t->p_ins_now) {
		const char *now = store_now_iso(s);

		if (s->nowt != t->ins_nowt) {	/* else still bound */
			crm_store_bind_text(st, t->p_ins_now, now);
			t->ins_nowt = s->nowt;
		}
	}
	if (store_step_done(s, st, err) < 0) {
		err->line = rec->line;
		return -1;
	}
	t->last_id = sqlite3_last_insert_rowid(s->db);
	store_load_wrote(s, 1);
	if (t->bulk && store_bulk_learn(s, t, t->last_id, 0, err) < 0)
		return -1;
	*result = CRM_INSERTED;
	return 0;
}
