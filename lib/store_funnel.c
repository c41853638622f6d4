/*
 * store_funnel: stages, deals and deal_stages for crm-funnel (see
 * store_funnel.h).  Values and extra keys are bound, never spliced into
 * SQL; a column name is used only when it is one of the table's.
 */
#include <stdlib.h>
#include <string.h>

#include "store_funnel.h"
#include "store_int.h"

struct crm_store_funnel {
	sqlite3 *db;
	sqlite3_stmt *st;
	char *name;
	const char **names;	/* output field names */
	size_t n;
	struct crm_record rec;
};

static const char *const stage_cols[] = {
	"pipeline", "name", "position", "probability", "kind", "sla_days",
	"required", "requires"
};

static const char *const deal_cols[] = {
	"external_id", "title", "owner", "source", "company", "stage",
	"status", "amount", "created_at", "expected_close", "closed_at"
};

static const char *const history_cols[] = { "deal", "stage", "entered_at" };

static const char *const contact_cols[] = {
	"external_id", "email", "phone", "source", "created_at"
};
static const char *const order_cols[] = { "customer", "order_date", "amount" };
static const char *const spend_cols[] = { "source", "period", "amount" };

/* Each readable table (by its CRM_STORE_FUNNEL_ number) and its columns. */
#define TABLE(t, c)	{ t, c, sizeof c / sizeof *c }
static const struct {
	const char *name;
	const char *const *cols;
	size_t n;
} tables[] = {
	[CRM_STORE_FUNNEL_STAGES] = TABLE("stages", stage_cols),
	[CRM_STORE_FUNNEL_DEALS] = TABLE("deals", deal_cols),
	[CRM_STORE_FUNNEL_HISTORY] = TABLE("deal_stages", history_cols),
	[CRM_STORE_FUNNEL_CONTACTS] = TABLE("contacts", contact_cols),
	[CRM_STORE_FUNNEL_ORDERS] = TABLE("orders", order_cols),
	[CRM_STORE_FUNNEL_SPEND] = TABLE("spend", spend_cols),
};
#undef TABLE

static int
has_column(sqlite3 *db, const char *table, const char *col, int *has,
    struct crm_err *err, const char *name)
{
	sqlite3_stmt *st;
	int rc;

	*has = 0;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_table_info(?1) "
	    "WHERE name = ?2", -1, &st, NULL) != SQLITE_OK)
		return crm_err_set(err, CRM_EDB, name, 0, 0, "%s",
		    sqlite3_errmsg(db));
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*has = 1;
	else if (rc != SQLITE_DONE) {
		crm_err_set(err, CRM_EDB, name, 0, 0, "%s",
		    sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

static void
add_name(struct crm_store_funnel *r, const char *name)
{
	r->names = xreallocarray(r->names, r->n + 1, sizeof *r->names);
	r->names[r->n++] = name;
}

struct crm_store_funnel *
crm_store_funnel_open(struct crm_store *s, const char *dbname, int what,
    const char *const *fields, size_t n, struct crm_err *err)
{
	struct crm_store_funnel *r;
	struct crm_buf sql = CRM_BUF_INIT;
	const char *table;
	const char *const *cols;
	size_t ncols, i, j;
	int has, nbind = 0;
	const char **bind = NULL;

	if (what < 0 || what > CRM_STORE_FUNNEL_SPEND)
		what = CRM_STORE_FUNNEL_HISTORY;
	table = tables[what].name;
	cols = tables[what].cols;
	ncols = tables[what].n;
	r = xcalloc(1, sizeof *r);
	r->db = crm_store_db(s);
	crm_record_init(&r->rec);
	crm_buf_addf(&sql, "%s:%s", dbname, table);
	r->name = crm_buf_detach(&sql, NULL);
	crm_buf_adds(&sql, "SELECT rowid");
	for (i = 0; i < ncols; i++) {
		if (has_column(r->db, table, cols[i], &has, err, r->name) < 0)
			goto fail;
		if (!has)	/* an older schema: the field is absent */
			continue;
		crm_buf_addf(&sql, ", \"%s\"", cols[i]);
		add_name(r, cols[i]);
	}
	if (what == CRM_STORE_FUNNEL_DEALS) {
		/* the deal's pipeline, and the wanted fields, from extra */
		crm_buf_adds(&sql, ", json_extract(extra, '$.pipeline')");
		add_name(r, "pipeline");
		for (i = 0; i < n; i++) {
			for (j = 0; j < r->n; j++)
				if (!strcmp(r->names[j], fields[i]))
					break;
			if (j < r->n)
				continue;
			if (has_column(r->db, table, fields[i], &has, err,
			    r->name) < 0)
				goto fail;
			if (has && strcmp(fields[i], "extra") &&
			    !strchr(fields[i], '"'))
				crm_buf_addf(&sql, ", \"%s\"", fields[i]);
			else {
				bind = xreallocarray(bind, (size_t)nbind + 1,
				    sizeof *bind);
				bind[nbind++] = fields[i];
				crm_buf_addf(&sql, ", json_extract(extra, '$.' "
				    "|| json_quote(?%d))", nbind);
			}
			add_name(r, fields[i]);
		}
	}
	crm_buf_addf(&sql, " FROM \"%s\" ORDER BY rowid", table);
	if (sqlite3_prepare_v2(r->db, sql.buf, -1, &r->st, NULL) != SQLITE_OK) {
		crm_err_set(err, CRM_EDB, r->name, 0, 0, "%s",
		    sqlite3_errmsg(r->db));
		goto fail;
	}
	for (i = 0; i < (size_t)nbind; i++)
		sqlite3_bind_text(r->st, (int)i + 1, bind[i], -1,
		    SQLITE_TRANSIENT);
	free(bind);
	crm_buf_release(&sql);
	return r;
fail:
	free(bind);
	crm_buf_release(&sql);
	crm_store_funnel_close(r);
	return NULL;
}

int
crm_store_funnel_next(struct crm_store_funnel *r, struct crm_record **rec,
    struct crm_err *err)
{
	size_t i;
	int rc = sqlite3_step(r->st);

	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return crm_err_set(err, CRM_EDB, r->name, 0, 0, "%s",
		    sqlite3_errmsg(r->db));
	crm_record_reset(&r->rec);
	r->rec.line = (long)sqlite3_column_int64(r->st, 0);
	r->rec.recno = r->rec.line;
	for (i = 0; i < r->n; i++) {
		const char *v = (const char *)sqlite3_column_text(r->st,
		    (int)i + 1);

		crm_record_add_borrowed(&r->rec, r->names[i],
		    strlen(r->names[i]), v,
		    v ? (size_t)sqlite3_column_bytes(r->st, (int)i + 1) : 0);
	}
	*rec = &r->rec;
	return 1;
}

const char *
crm_store_funnel_name(const struct crm_store_funnel *r)
{
	return r->name;
}

void
crm_store_funnel_close(struct crm_store_funnel *r)
{
	if (!r)
		return;
	sqlite3_finalize(r->st);
	crm_record_release(&r->rec);
	free(r->names);
	free(r->name);
	free(r);
}
