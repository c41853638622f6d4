/*
 * store_select: reading the store's tables (crm-export, crm-rfm, crm-funnel
 * and --where): the cursor over one table, its extra keys flattened into
 * columns, and the --where filter confined to that table.  Moved out of
 * store.c; see store.h for the API.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "jsonio.h"
#include "store_int.h"
#include "utf8.h"

/* --- select --- */

enum { CUR_STEP, CUR_ROW, CUR_DONE };

struct crm_store_cursor {
	struct crm_store *s;
	sqlite3_stmt *st;
	char **names;			/* output columns */
	int *src;			/* >= 0 statement column, < 0 -(extra slot)-1 */
	size_t nnames;
	int flatten;			/* st: _r, fixed..., key, value */
	int kcol;			/* statement column of the extra key */
	char **xkeys;			/* selected extra keys */
	int *xout;			/* their output columns */
	size_t nx;
	struct crm_hmap xmap;		/* extra key -> its output column */
	struct crm_buf *vals;		/* flatten: one value per output */
	unsigned char *has;
	int *vtype;			/* each output's enum crm_vtype */
	int *xtype;			/* flatten: an extra value's, per output */
	int state;
	int user;			/* st holds the user's --where */
	struct crm_record rec;
};

static void
cur_hash_build(struct crm_store_cursor *c)
{
	size_t i, j;
	int added;

	for (i = 0; i < c->nx; i++) {
		j = crm_hmap_put(&c->xmap, c->xkeys[i], strlen(c->xkeys[i]),
		    &added);
		if (added)
			*crm_hmap_val(&c->xmap, j) = c->xout[i];
	}
}

/* The output column of extra key (s, n), or -1. */
static int
cur_hash_find(const struct crm_store_cursor *c, const char *s, size_t n)
{
	size_t i = crm_hmap_find(&c->xmap, s, n);

	return i == CRM_HMAP_NONE ? -1 : (int)crm_hmap_get(&c->xmap, i);
}

void
crm_store_cursor_free(struct crm_store_cursor *c)
{
	size_t i;

	if (!c)
		return;
	sqlite3_finalize(c->st);
	for (i = 0; i < c->nnames; i++) {
		free(c->names[i]);
		if (c->vals)
			crm_buf_release(&c->vals[i]);
	}
	free(c->names);
	free(c->src);
	for (i = 0; i < c->nx; i++)
		free(c->xkeys[i]);
	free(c->xkeys);
	free(c->xout);
	crm_hmap_release(&c->xmap);
	free(c->vals);
	free(c->has);
	free(c->vtype);
	free(c->xtype);
	crm_record_release(&c->rec);
	free(c);
}

/*
 * Prepare a statement that embeds the user's where (checked by
 * where_compile): one read-only statement.  Its errors name no SQL.
 */
static int
prepare_user(struct crm_store *s, const char *sql, sqlite3_stmt **st,
    struct crm_err *err)
{
	const char *tail = NULL;

	if (sqlite3_prepare_v2(s->db, sql, -1, st, &tail) != SQLITE_OK) {
		crm_err_set(err, CRM_EUSAGE, s->path, 0, 0, "--where: %s",
		    sqlite3_errmsg(s->db));
		*st = NULL;
		return -1;
	}
	while (tail && isspace((unsigned char)*tail))
		tail++;
	if (!*st || (tail && *tail) || !sqlite3_stmt_readonly(*st)) {
		sqlite3_finalize(*st);
		*st = NULL;
		return crm_err_set(err, CRM_EUSAGE, s->path, 0, 0,
		    "--where: refused: not one read-only SQL expression");
	}
	return 0;
}

/* An error of a statement that embeds the user's where, without its SQL. */
static int
user_err(struct crm_store *s, struct crm_err *err)
{
	return crm_err_set(err, store_errcode(sqlite3_extended_errcode(s->db)),
	    s->path, 0, 0, "--where: %s", sqlite3_errmsg(s->db));
}

/* ---- --where: one expression over one table's columns ---- */

struct fixedset;
static int in_list(char *const *, size_t, const char *, size_t);

/* What the authorizer lets a filter do, and what it refused. */
struct wauth {
	const char *table;
	char *const *cols;		/* the table's columns users may name */
	size_t ncols;
	char *const *keys;		/* the extra keys the filter names */
	size_t nkeys;
	int selects;
	char what[160];
};

static int
where_auth(void *ctx, int action, const char *a, const char *b,
    const char *db, const char *view)
{
	struct wauth *w = ctx;
	size_t i;

	(void)db;
	(void)view;
	switch (action) {
	case SQLITE_SELECT:
		/* Two: the check's own and the one naming the columns. */
		if (++w->selects <= 2)
			return SQLITE_OK;
		snprintf(w->what, sizeof w->what,
		    "a subquery or a compound SELECT");
		return SQLITE_DENY;
	case SQLITE_READ:
		if (a && !strcmp(a, w->table) && b) {
			if (!*b || !strcasecmp(b, "rowid"))
				return SQLITE_OK;
			for (i = 0; i < w->ncols; i++)
				if (!strcasecmp(b, w->cols[i]))
					return SQLITE_OK;
			for (i = 0; i < w->nkeys; i++)
				if (!strcmp(b, w->keys[i]))
					return SQLITE_OK;
		}
		snprintf(w->what, sizeof w->what, "reading %s%s%s", a ? a : "?",
		    b && *b ? "." : "", b ? b : "");
		return SQLITE_DENY;
	case SQLITE_FUNCTION:
		if (b && (!strcasecmp(b, "load_extension") ||
		    !strcasecmp(b, "fts3_tokenizer") ||
		    !strncasecmp(b, "sqlite_", 7))) {
			snprintf(w->what, sizeof w->what, "the function %s()", b);
			return SQLITE_DENY;
		}
		return SQLITE_OK;
	}
	snprintf(w->what, sizeof w->what, "this kind of SQL");
	return SQLITE_DENY;
}

static int
ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    c >= 0x80;
}

static int
ident_char(int c)
{
	return ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

/* A name the filter uses: its text (unquoted) into a list. */
static void
add_name(char ***names, size_t *n, const char *p, size_t len, int quote)
{
	struct crm_buf b = CRM_BUF_INIT;
	size_t i;

	for (i = 0; i < len; i++) {
		crm_buf_addc(&b, p[i]);
		if (quote && p[i] == quote && i + 1 < len && p[i + 1] == quote)
			i++;
	}
	if (in_list(*names, *n, b.buf, b.len) < 0) {
		*names = xreallocarray(*names, *n + 1, sizeof **names);
		(*names)[(*n)++] = crm_buf_detach(&b, NULL);
	}
	crm_buf_release(&b);
}

/*
 * Read the filter as SQL tokens: it must stay one expression (quotes
 * closed, no comments, no ';', parentheses that never close more than
 * they opened, no parameters), and the names it uses (quoted identifiers,
 * and words that are no keyword or function) go into *names.  Returns 0,
 * or -1 with *why.
 */
static int
where_scan(const char *w, char ***names, size_t *nnames, const char **why)
{
	const unsigned char *p = (const unsigned char *)w;
	size_t i = 0, j;
	long depth = 0;
	int after_as = 0;

	while (p[i]) {
		unsigned char c = p[i];

		if (isspace(c)) {
			i++;
			continue;
		}
		if (c == '\'' || c == '"' || c == '`' || c == '[') {
			unsigned char close = c == '[' ? ']' : c;

			for (j = i + 1; p[j]; j++)
				if (p[j] == close) {
					if (close != ']' && p[j + 1] == close) {
						j++;
						continue;
					}
					break;
				}
			if (!p[j]) {
				*why = c == '\'' ? "a string is not closed" :
				    "a quoted name is not closed";
				return -1;
			}
			if (c != '\'')
				add_name(names, nnames, w + i + 1, j - i - 1,
				    close == ']' ? 0 : close);
			i = j + 1;
		} else if ((c == '-' && p[i + 1] == '-') ||
		    (c == '/' && p[i + 1] == '*')) {
			*why = "comments are not allowed";
			return -1;
		} else if (c == ';') {
			*why = "';' is not allowed: a filter is one expression";
			return -1;
		} else if (c == '?' || c == ':' || c == '@' || c == '$') {
			*why = "parameters are not allowed";
			return -1;
		} else if (c == '(') {
			depth++;
			i++;
		} else if (c == ')') {
			if (--depth < 0) {
				*why = "a ')' closes more than was opened";
				return -1;
			}
			i++;
		} else if (c >= '0' && c <= '9') {
			while (ident_char(p[i]) || p[i] == '.')
				i++;
		} else if (ident_start(c)) {
			for (j = i; ident_char(p[j]); j++)
				;
			if ((j - i == 1 && (c | 0x20) == 'x' && p[j] == '\'')) {
				i = j;		/* a blob literal: its string follows */
				continue;
			}
			if ((j - i == 6 && !strncasecmp(w + i, "select", 6)) ||
			    (j - i == 6 && !strncasecmp(w + i, "values", 6))) {
				*why = "a filter is one expression over the "
				    "table's columns: no SELECT in it";
				return -1;
			}
			if (after_as) {		/* CAST(x AS REAL): a type */
				after_as = 0;
				i = j;
				continue;
			}
			after_as = j - i == 2 && !strncasecmp(w + i, "as", 2);
			{
				size_t k = j;

				while (isspace(p[k]))
					k++;
				/* f(...) is a function, t.c names c of t. */
				if (p[k] != '(' && p[k] != '.')
					add_name(names, nnames, w + i, j - i, 0);
			}
			i = j;
		} else
			i++;
	}
	if (depth > 0) {
		*why = "a '(' is not closed";
		return -1;
	}
	return 0;
}

/* Has any row of table an extra key named k? */
static int
extra_has_key(struct crm_store *s, const char *table, const char *k,
    struct crm_err *err)
{
	struct crm_buf sql = CRM_BUF_INIT;
	sqlite3_stmt *st;
	int rc;

	crm_buf_addf(&sql, "SELECT 1 FROM \"%s\" AS t, json_each(t.extra) AS j"
	    " WHERE j.key = ?1 LIMIT 1", table);
	rc = sqlite3_prepare_v2(s->db, sql.buf, -1, &st, NULL);
	crm_buf_release(&sql);
	if (rc != SQLITE_OK)
		return store_dberr(s, NULL, err);
	sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_dberr(s, NULL, err);
	return rc == SQLITE_ROW;
}

/* The valid names, for a message. */
static void
valid_names(struct crm_buf *b, char *const *cols, size_t ncols)
{
	size_t i;

	for (i = 0; i < ncols; i++)
		crm_buf_addf(b, "%s%s", i ? ", " : "", cols[i]);
}

/*
 * Compile --where for table: *from gets what the statements read from,
 * either the table or, for a filter, the table's columns and the extra
 * keys the filter names as columns of their own (json_extract, so numbers
 * compare as numbers), under the table's name, then WHERE and the filter.
 * The filter is checked first on its own with SQLite's authorizer, which
 * refuses every other table, subqueries, compound SELECTs and anything
 * but reading: a filter reads its table and nothing else.
 */
static int
where_compile(struct crm_store *s, const char *table, char *const *cols,
    size_t ncols, int has_extra, const char *where, struct crm_buf *from,
    struct crm_err *err)
{
	struct wauth wa;
	struct crm_buf sql = CRM_BUF_INIT, msg = CRM_BUF_INIT;
	char **names = NULL, **keys = NULL;
	size_t nnames = 0, nkeys = 0, i, k;
	const char *why = NULL, *q;
	sqlite3_stmt *st = NULL;
	int rc = -1, found;

	crm_buf_reset(from);
	if (!where || !*where) {
		crm_buf_addf(from, "\"%s\"", table);
		return 0;
	}
	if (where_scan(where, &names, &nnames, &why) < 0) {
		crm_err_set(err, CRM_EUSAGE, s->path, 0, 0, "--where: %s", why);
		goto out;
	}
	for (i = 0; i < nnames; i++) {
		for (k = 0; k < ncols; k++)
			if (!strcasecmp(names[i], cols[k]))
				break;
		if (k < ncols || !strcasecmp(names[i], "rowid"))
			continue;
		found = 0;
		if (has_extra && (found = extra_has_key(s, table, names[i],
		    err)) < 0)
			goto out;
		if (!found) {
			/* A word SQLite knows (AND, NULL, TRUE) is not a column. */
			if (sqlite3_keyword_check(names[i], (int)strlen(names[i])) ||
			    !strcasecmp(names[i], "true") ||
			    !strcasecmp(names[i], "false"))
				continue;
			valid_names(&msg, cols, ncols);
			crm_err_set(err, CRM_EUSAGE, s->path, 0, 0, "--where: no "
			    "column '%s' in %s (valid: %s%s)", names[i], table,
			    msg.buf, has_extra ? ", and the extra keys" : "");
			goto out;
		}
		for (q = names[i]; *q; q++)
			if (*q == '"' || *q == '\\' || (unsigned char)*q < 0x20)
				break;
		if (*q) {
			crm_err_set(err, CRM_EUSAGE, s->path, 0, 0, "--where: the "
			    "extra key '%s' cannot be named in a filter", names[i]);
			goto out;
		}
		keys = xreallocarray(keys, nkeys + 1, sizeof *keys);
		keys[nkeys++] = names[i];
	}
	crm_buf_addf(from, "(SELECT rowid AS rowid");
	for (i = 0; i < ncols; i++)
		crm_buf_addf(from, ", \"%s\"", cols[i]);
	for (i = 0; i < nkeys; i++) {
		crm_buf_adds(from, ", json_extract(extra, '$.\"");
		for (q = keys[i]; *q; q++) {
			if (*q == '\'')
				crm_buf_addc(from, '\'');
			crm_buf_addc(from, *q);
		}
		crm_buf_adds(from, "\"') AS \"");
		crm_buf_adds(from, keys[i]);
		crm_buf_adds(from, "\"");
	}
	crm_buf_addf(from, " FROM \"%s\") AS \"%s\" WHERE (\n%s\n)", table,
	    table, where);

	/* The filter alone, under the authorizer. */
	memset(&wa, 0, sizeof wa);
	wa.table = table;
	wa.cols = cols;
	wa.ncols = ncols;
	wa.keys = keys;
	wa.nkeys = nkeys;
	crm_buf_addf(&sql, "SELECT 1 FROM %s", from->buf);
	sqlite3_set_authorizer(s->db, where_auth, &wa);
	if (sqlite3_prepare_v2(s->db, sql.buf, -1, &st, &q) != SQLITE_OK) {
		if (wa.what[0])
			crm_err_set(err, CRM_EUSAGE, s->path, 0, 0, "--where: a "
			    "filter is one expression over the columns of %s: "
			    "%s is not allowed", table, wa.what);
		else
			crm_err_set(err, CRM_EUSAGE, s->path, 0, 0, "--where: %s",
			    sqlite3_errmsg(s->db));
	} else if (!st || *q || !sqlite3_stmt_readonly(st))
		crm_err_set(err, CRM_EUSAGE, s->path, 0, 0,
		    "--where: refused: not one read-only SQL expression");
	else
		rc = 0;
	sqlite3_set_authorizer(s->db, NULL, NULL);
	sqlite3_finalize(st);
out:
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	free(keys);
	crm_buf_release(&sql);
	crm_buf_release(&msg);
	return rc;
}

/*
 * Pass 1: the extra keys of the selected rows, in first-seen order.  The
 * rows stream by (no GROUP BY and its sorter); a hash set of the keys
 * seen bounds the memory by the number of distinct keys.
 */
static int
extra_keys(struct crm_store *s, const char *from, char ***keys, size_t *n,
    struct crm_err *err)
{
	struct crm_buf sql = CRM_BUF_INIT;
	sqlite3_stmt *st;
	struct crm_hmap set = CRM_HMAP_INIT;
	int rc, added;

	crm_buf_addf(&sql, "SELECT j.key FROM"
	    " (SELECT rowid AS _r, extra FROM %s", from);
	crm_buf_adds(&sql, ") AS t, json_each(t.extra) AS j ORDER BY t._r");
	rc = prepare_user(s, sql.buf, &st, err);
	crm_buf_release(&sql);
	if (rc < 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		size_t len = (size_t)sqlite3_column_bytes(st, 0);

		if (!k)
			continue;
		crm_hmap_put(&set, k, len, &added);
		if (!added)
			continue;
		*keys = xreallocarray(*keys, *n + 1, sizeof **keys);
		(*keys)[(*n)++] = xstrndup(k, len);
	}
	crm_hmap_release(&set);
	if (rc != SQLITE_DONE) {
		user_err(s, err);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

static int
in_list(char *const *list, size_t n, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(list[i]) == len && !memcmp(list[i], name, len))
			return (int)i;
	return -1;
}

static void
cur_add(struct crm_store_cursor *c, const char *name, int src)
{
	c->names = xreallocarray(c->names, c->nnames + 1, sizeof *c->names);
	c->src = xreallocarray(c->src, c->nnames + 1, sizeof *c->src);
	c->names[c->nnames] = xstrdup(name);
	c->src[c->nnames++] = src;
}

struct fixedset {
	char **cols;			/* the table's columns users may name */
	size_t ncols;
	char **def;			/* the default ones, in order */
	size_t ndef;
	char **used;			/* fixed columns in the statement */
	size_t nused;
};

static int
used_col(struct fixedset *fs, const char *name)
{
	int i = in_list(fs->used, fs->nused, name, strlen(name));

	if (i >= 0)
		return i;
	fs->used = xreallocarray(fs->used, fs->nused + 1, sizeof *fs->used);
	fs->used[fs->nused] = (char *)name;
	return (int)fs->nused++;
}

/* The default columns: fixed ones, then every extra key. */
static void
add_default(struct crm_store_cursor *c, struct fixedset *fs, char **xk,
    size_t nxk, unsigned char *xused)
{
	struct crm_buf nm = CRM_BUF_INIT;
	size_t i;

	for (i = 0; i < fs->ndef; i++)
		cur_add(c, fs->def[i], used_col(fs, fs->def[i]));
	for (i = 0; i < nxk; i++) {
		if (xused[i])
			continue;
		xused[i] = 1;
		crm_buf_reset(&nm);
		if (in_list(fs->def, fs->ndef, xk[i], strlen(xk[i])) >= 0)
			crm_buf_adds(&nm, "extra.");
		crm_buf_adds(&nm, xk[i]);
		cur_add(c, nm.buf, -(int)i - 1);
	}
	crm_buf_release(&nm);
}

/*
 * Is name (len bytes) an extra key of any row of table?  Then 1, and it is
 * appended to the keys *xk (and *xused grows with it); 0 if not; -1 on error.
 */
static int
extra_key_named(struct crm_store *s, const char *table, const char *name,
    size_t len, char ***xk, size_t *nxk, unsigned char **xused,
    struct crm_err *err)
{
	char *k = xstrndup(name, len);
	int rc = extra_has_key(s, table, k, err);

	if (rc <= 0) {
		free(k);
		return rc;
	}
	*xk = xreallocarray(*xk, *nxk + 1, sizeof **xk);
	(*xk)[(*nxk)++] = k;
	*xused = xrealloc(*xused, *nxk + 1);
	(*xused)[*nxk - 1] = 0;
	return 1;
}

static int
unknown_column(struct crm_store *s, const char *table, const char *name,
    size_t len, const struct fixedset *fs, char **xk, size_t nxk,
    struct crm_err *err)
{
	struct crm_buf b = CRM_BUF_INIT;
	size_t i;

	for (i = 0; i < fs->ncols; i++)
		crm_buf_addf(&b, "%s%s", i ? ", " : "", fs->cols[i]);
	for (i = 0; i < nxk; i++)
		crm_buf_addf(&b, ", %s", xk[i]);
	crm_err_set(err, CRM_EUSAGE, s->path, 0, 0, "no column '%.*s' in %s "
	    "(valid: %s)", (int)len, name, table, b.buf);
	crm_buf_release(&b);
	return -1;
}

/* JSON text, in the tables that are not entities. */
static const char *const json_cols[] = {
	"merges.record", "merges.choices", "merge_runs.params",
	"rfm_snapshots.params", NULL
};

/*
 * The JSON type of each output column: numbers for an entity's amounts,
 * whole numbers and decimals, JSON for extra and the JSON columns of the
 * other tables; the rest text (a column SQLite holds as a number is typed
 * row by row, in cursor_next).
 */
static void
cur_types(struct crm_store_cursor *c, const struct crm_entity *e,
    const char *table)
{
	size_t i, k, tl = strlen(table);
	long f;

	c->vtype = xcalloc(c->nnames + 1, sizeof *c->vtype);
	c->xtype = xcalloc(c->nnames + 1, sizeof *c->xtype);
	for (i = 0; i < c->nnames; i++) {
		if (c->src[i] < 0)
			continue;	/* an extra key: its value's own type */
		if (!strcmp(c->names[i], "extra"))
			c->vtype[i] = CRM_V_JSON;
		else if (e && (f = crm_entity_field(e, c->names[i])) >= 0)
			switch (e->fields[f].type) {
			case CRM_T_AMOUNT:
			case CRM_T_INT:
			case CRM_T_NUMBER:
				c->vtype[i] = CRM_V_NUMBER;
			}
		for (k = 0; !e && json_cols[k]; k++) {
			const char *dot = strchr(json_cols[k], '.');

			if ((size_t)(dot - json_cols[k]) == tl &&
			    !memcmp(json_cols[k], table, tl) &&
			    !strcmp(dot + 1, c->names[i]))
				c->vtype[i] = CRM_V_JSON;
		}
	}
}

struct crm_store_cursor *
crm_store_select(struct crm_store *s, const char *table, const char *where,
    const char *columns, struct crm_err *err)
{
	const struct crm_entity *e = NULL;
	struct crm_store_cursor *c = NULL;
	struct fixedset fs;
	struct store_tinfo ti = { NULL, 0 };
	struct crm_buf sql = CRM_BUF_INIT, from = CRM_BUF_INIT;
	char **xk = NULL;
	unsigned char *xused = NULL;
	size_t nxk = 0, i, nslot;
	int has_extra, want_x = 0, ok = 0;
	const char *p, *q;

	memset(&fs, 0, sizeof fs);
	for (i = 0; i < crm_nentities; i++)
		if (!strcmp(crm_entities[i].name, table) ||
		    !strcmp(crm_entities[i].table, table))
			e = &crm_entities[i];
	if (e)
		table = e->table;
	else {
		for (i = 0; crm_store_tables[i]; i++)
			if (!strcmp(crm_store_tables[i], table))
				break;
		if (!crm_store_tables[i]) {
			for (i = 0; crm_store_tables[i]; i++)
				crm_buf_addf(&sql, "%s%s", i ? ", " : "",
				    crm_store_tables[i]);
			crm_err_set(err, CRM_EUSAGE, s->path, 0, 0,
			    "no table '%s' (valid: %s)", table, sql.buf);
			crm_buf_release(&sql);
			return NULL;
		}
	}
	if (store_flush_all(s, err) < 0 || store_tinfo_load(s, table, &ti, err) < 0)
		return NULL;
	has_extra = e && store_tinfo_has(&ti, "extra");
	fs.cols = xcalloc(ti.n + 1, sizeof *fs.cols);
	fs.def = xcalloc(ti.n + 1, sizeof *fs.def);
	for (i = 0; i < ti.n; i++) {
		size_t l = strlen(ti.names[i]);

		if (e && l > 4 && !strcmp(ti.names[i] + l - 4, "_key") &&
		    strcmp(ti.names[i], "external_key"))
			continue;	/* internal lookup columns */
		fs.cols[fs.ncols++] = ti.names[i];
		if (!e)
			fs.def[fs.ndef++] = ti.names[i];
	}
	if (e)
		for (i = 0; i < e->nfields; i++)
			if (store_tinfo_has(&ti, e->fields[i].name))
				fs.def[fs.ndef++] = (char *)e->fields[i].name;

	/* Which names need the extra keys? */
	if (has_extra) {
		if (!columns)
			want_x = 1;
		for (p = columns; p && !want_x; p = *q ? q + 1 : q) {
			q = p + strcspn(p, ",");
			while (p < q && isspace((unsigned char)*p))
				p++;
			while (q > p && isspace((unsigned char)q[-1]))
				q--;
			if ((q - p == 1 && *p == '*') ||
			    in_list(fs.cols, fs.ncols, p, (size_t)(q - p)) < 0)
				want_x = 1;
			q += strcspn(q, ",");
			if (!*q)
				break;
		}
	}
	if (where_compile(s, table, fs.cols, fs.ncols, has_extra, where, &from,
	    err) < 0)
		goto out;
	if (want_x && extra_keys(s, from.buf, &xk, &nxk, err) < 0)
		goto out;
	xused = xcalloc(nxk + 1, 1);

	c = xcalloc(1, sizeof *c);
	c->s = s;
	crm_record_init(&c->rec);
	if (!columns)
		add_default(c, &fs, xk, nxk, xused);
	for (p = columns; p; ) {
		int k;

		q = p + strcspn(p, ",");
		while (p < q && isspace((unsigned char)*p))
			p++;
		while (q > p && isspace((unsigned char)q[-1]))
			q--;
		if (q - p == 1 && *p == '*')
			add_default(c, &fs, xk, nxk, xused);
		else if ((k = in_list(fs.cols, fs.ncols, p,
		    (size_t)(q - p))) >= 0)
			cur_add(c, fs.cols[k], used_col(&fs, fs.cols[k]));
		else if ((k = in_list(xk, nxk, p, (size_t)(q - p))) >= 0) {
			xused[k] = 1;
			cur_add(c, xk[k], -k - 1);
		} else if (q > p && has_extra && (k = extra_key_named(s, table,
		    p, (size_t)(q - p), &xk, &nxk, &xused, err)) != 0) {
			/* A key of rows the filter left out: an empty column. */
			if (k < 0)
				goto out;
			xused[nxk - 1] = 1;
			cur_add(c, xk[nxk - 1], -(int)nxk);
		} else if (q > p) {
			unknown_column(s, table, p, (size_t)(q - p), &fs, xk,
			    nxk, err);
			goto out;
		}
		q += strcspn(q, ",");
		p = *q ? q + 1 : NULL;
	}
	if (c->nnames == 0) {
		crm_err_set(err, CRM_EUSAGE, s->path, 0, 0, "no columns");
		goto out;
	}

	/* The extra keys that are output, by hash. */
	nslot = 0;
	for (i = 0; i < nxk; i++)
		nslot += xused[i];
	c->flatten = nslot > 0;
	crm_buf_reset(&sql);
	if (c->flatten) {
		int *slotout = xcalloc(nxk + 1, sizeof *slotout);

		c->xkeys = xcalloc(nslot, sizeof *c->xkeys);
		c->xout = xcalloc(nslot, sizeof *c->xout);
		for (i = 0; i < c->nnames; i++)
			if (c->src[i] < 0)
				slotout[-c->src[i] - 1] = (int)i;
		for (i = 0; i < nxk; i++)
			if (xused[i]) {
				c->xkeys[c->nx] = xstrdup(xk[i]);
				c->xout[c->nx++] = slotout[i];
			}
		free(slotout);
		cur_hash_build(c);
		c->vals = xcalloc(c->nnames, sizeof *c->vals);
		c->has = xcalloc(c->nnames, 1);
		for (i = 0; i < c->nnames; i++)
			crm_buf_init(&c->vals[i]);
		crm_buf_adds(&sql, "SELECT t._r");
		for (i = 0; i < fs.nused; i++)
			crm_buf_addf(&sql, ", t.\"%s\"", fs.used[i]);
		/*
		 * Text as is; numbers as written, objects and arrays as JSON
		 * text; and the JSON type.
		 */
		crm_buf_adds(&sql, ", j.key, CASE j.type WHEN 'text' THEN j.atom"
		    " WHEN 'null' THEN NULL WHEN 'true' THEN 'true'"
		    " WHEN 'false' THEN 'false'"
		    " WHEN 'integer' THEN t.extra -> j.fullkey"
		    " WHEN 'real' THEN t.extra -> j.fullkey ELSE j.value END,"
		    " j.type FROM (SELECT rowid AS _r");
		for (i = 0; i < fs.nused; i++)
			crm_buf_addf(&sql, ", \"%s\"", fs.used[i]);
		crm_buf_addf(&sql, ", extra FROM %s", from.buf);
		crm_buf_adds(&sql, ") AS t LEFT JOIN json_each(t.extra) AS j"
		    " ORDER BY t._r");
		c->kcol = (int)fs.nused + 1;
		for (i = 0; i < c->nnames; i++)
			if (c->src[i] >= 0)
				c->src[i]++;	/* after _r */
	} else {
		crm_buf_adds(&sql, "SELECT ");
		for (i = 0; i < fs.nused; i++)
			crm_buf_addf(&sql, "%s\"%s\"", i ? ", " : "",
			    fs.used[i]);
		crm_buf_addf(&sql, " FROM %s", from.buf);
		crm_buf_adds(&sql, " ORDER BY rowid");
	}
	if (prepare_user(s, sql.buf, &c->st, err) < 0)
		goto out;
	cur_types(c, e, table);
	c->user = where && *where;
	c->state = CUR_STEP;
	ok = 1;
out:
	if (!ok) {
		crm_store_cursor_free(c);
		c = NULL;
	}
	for (i = 0; i < nxk; i++)
		free(xk[i]);
	free(xk);
	free(xused);
	free(fs.cols);
	free(fs.def);
	free(fs.used);
	store_tinfo_release(&ti);
	crm_buf_release(&sql);
	crm_buf_release(&from);
	return c;
}

struct crm_store_cursor *
crm_store_select_run(struct crm_store *s, const char *table, long long run,
    const char *where, const char *columns, struct crm_err *err)
{
	struct crm_store_cursor *c;
	struct crm_buf w = CRM_BUF_INIT;

	if (strcmp(table, "rejects")) {
		crm_err_set(err, CRM_EUSAGE, s->path, 0, 0, "a run's rows: "
		    "'rejects' has them, not '%s'", table);
		return NULL;
	}
	crm_buf_addf(&w, "run = %lld", run);
	if (where && *where)
		crm_buf_addf(&w, " AND (\n%s\n)", where);
	c = crm_store_select(s, table, w.buf, columns, err);
	crm_buf_release(&w);
	return c;
}

const char *const *
crm_store_cursor_columns(struct crm_store_cursor *c, size_t *n)
{
	if (n)
		*n = c->nnames;
	return (const char *const *)c->names;
}

static void
col_value(sqlite3_stmt *st, int i, const char **v, size_t *n)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL) {
		*v = NULL;
		*n = 0;
		return;
	}
	if (sqlite3_column_type(st, i) == SQLITE_BLOB)
		*v = sqlite3_column_blob(st, i);
	else
		*v = (const char *)sqlite3_column_text(st, i);
	*n = (size_t)sqlite3_column_bytes(st, i);
	if (!*v)
		*v = "";
}

/* A column's JSON type: a number where SQLite holds one, else t. */
static int
col_type(sqlite3_stmt *st, int i, int t)
{
	int ct = sqlite3_column_type(st, i);

	return ct == SQLITE_INTEGER || ct == SQLITE_FLOAT ? CRM_V_NUMBER : t;
}

/* The JSON type of json_each's type name. */
static int
json_vtype(const char *t)
{
	if (!t)
		return CRM_V_TEXT;
	if (!strcmp(t, "integer") || !strcmp(t, "real"))
		return CRM_V_NUMBER;
	if (!strcmp(t, "true") || !strcmp(t, "false"))
		return CRM_V_BOOL;
	if (!strcmp(t, "object") || !strcmp(t, "array"))
		return CRM_V_JSON;
	return CRM_V_TEXT;
}

int
crm_store_cursor_next(struct crm_store_cursor *c, struct crm_record **rec,
    struct crm_err *err)
{
	sqlite3_stmt *st = c->st;
	const char *v;
	size_t i, n;
	long long r;
	int rc, o;

	if (c->state == CUR_DONE)
		return 0;
	if (c->state == CUR_STEP) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE) {
			c->state = CUR_DONE;
			return 0;
		}
		if (rc != SQLITE_ROW)
			return c->user ? user_err(c->s, err) : store_stmt_err(c->s, st, err);
	}
	crm_record_reset(&c->rec);
	if (!c->flatten) {
		for (i = 0; i < c->nnames; i++) {
			col_value(st, c->src[i], &v, &n);
			crm_record_add(&c->rec, c->names[i], strlen(c->names[i]),
			    v, n);
			c->rec.f[i].type = col_type(st, c->src[i], c->vtype[i]);
		}
		c->state = CUR_STEP;
		*rec = &c->rec;
		return 1;
	}
	/* One statement row per extra key: gather them by _r. */
	memset(c->has, 0, c->nnames);
	for (i = 0; i < c->nnames; i++) {
		if (c->src[i] < 0)
			continue;
		col_value(st, c->src[i], &v, &n);
		crm_buf_reset(&c->vals[i]);
		if (v) {
			crm_buf_add(&c->vals[i], v, n);
			c->has[i] = 1;
		}
	}
	r = sqlite3_column_int64(st, 0);
	do {
		if (sqlite3_column_type(st, c->kcol) != SQLITE_NULL) {
			v = (const char *)sqlite3_column_text(st, c->kcol);
			n = (size_t)sqlite3_column_bytes(st, c->kcol);
			if ((o = cur_hash_find(c, v, n)) >= 0 && !c->has[o]) {
				col_value(st, c->kcol + 1, &v, &n);
				crm_buf_reset(&c->vals[o]);
				if (v) {
					crm_buf_add(&c->vals[o], v, n);
					c->has[o] = 1;
				}
				c->xtype[o] = json_vtype((const char *)
				    sqlite3_column_text(st, c->kcol + 2));
			}
		}
		rc = sqlite3_step(st);
	} while (rc == SQLITE_ROW && sqlite3_column_int64(st, 0) == r);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return c->user ? user_err(c->s, err) : store_stmt_err(c->s, st, err);
	c->state = rc == SQLITE_ROW ? CUR_ROW : CUR_DONE;
	for (i = 0; i < c->nnames; i++) {
		crm_record_add(&c->rec, c->names[i], strlen(c->names[i]),
		    c->has[i] ? c->vals[i].buf : NULL, c->vals[i].len);
		c->rec.f[i].type = c->src[i] < 0 ? c->xtype[i] :
		    col_type(st, c->src[i], c->vtype[i]);
	}
	*rec = &c->rec;
	return 1;
}
