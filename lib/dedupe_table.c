/* dedupe_table: crm-dedupe's records in memory (see dedupe_table.h). */
#include <stdlib.h>
#include <string.h>

#include "dedupe_table.h"

void
crm_dd_table_init(struct crm_dd_table *t, const struct crm_entity *e,
    const struct crm_mapper *mapper, int companies)
{
	size_t k;

	memset(t, 0, sizeof *t);
	for (k = 0; k < CRM_DD_NROLES; k++)
		t->rolecol[k] = -1;
	crm_buf_init(&t->pool);
	t->e = e;
	t->mapper = mapper;
	t->companies = companies;
}

void
crm_dd_table_release(struct crm_dd_table *t)
{
	size_t k;

	for (k = 0; k < t->ncols; k++)
		free(t->cols[k]);
	free(t->cols);
	free(t->role);
	free(t->infile);
	free(t->cells);
	free(t->rows);
	crm_buf_release(&t->pool);
}

long
crm_dd_table_col(struct crm_dd_table *t, const char *name, size_t namelen)
{
	const char *mapped;
	char *label;
	size_t i;
	int role;

	for (i = 0; i < t->ncols; i++)
		if (strlen(t->cols[i]) == namelen && !memcmp(t->cols[i], name, namelen))
			return (long)i;
	label = xstrndup(name, namelen);
	t->cols = xreallocarray(t->cols, t->ncols + 1, sizeof *t->cols);
	t->role = xreallocarray(t->role, t->ncols + 1, sizeof *t->role);
	t->infile = xreallocarray(t->infile, t->ncols + 1, sizeof *t->infile);
	t->infile[t->ncols] = 0;
	t->cols[t->ncols] = label;
	mapped = crm_mapper_given(t->mapper, label);
	role = CRM_DD_NONE;
	if (mapped) {
		role = crm_dedupe_role_parse(mapped);
		if (role < 0)
			role = crm_dedupe_role(mapped, t->companies);
	} else {
		/* The header's own meaning first (given_name, soc_sec_id ...). */
		role = crm_dedupe_role(label, t->companies);
		if (role == CRM_DD_NONE && (mapped = crm_mapper_builtin(t->e,
		    label, namelen)) != NULL)
			role = crm_dedupe_role(mapped, t->companies);
	}
	if (!strcmp(label, "cluster") || !strcmp(label, "cluster_size") ||
	    !strcmp(label, "match_score"))
		role = CRM_DD_NONE;
	t->role[t->ncols] = role;
	if (role > 0 && t->rolecol[role] < 0)
		t->rolecol[role] = (long)t->ncols;
	return (long)t->ncols++;
}

void
crm_dd_table_add(struct crm_dd_table *t, const struct crm_record *rec,
    int source, long long dbid)
{
	struct crm_dd_row *r;
	size_t i;

	if (t->nrows == t->caprows) {
		t->caprows = t->caprows ? t->caprows * 2 : 1024;
		t->rows = xreallocarray(t->rows, t->caprows, sizeof *t->rows);
	}
	r = &t->rows[t->nrows++];
	r->first = t->ncells;
	r->n = rec->n;
	r->source = source;
	r->dbid = dbid;
	if (dbid)
		t->nstore++;
	for (i = 0; i < rec->n; i++) {
		const struct crm_field *f = &rec->f[i];
		struct crm_dd_cell *c;
		long col;

		if (i < t->ncols && strlen(t->cols[i]) == f->namelen &&
		    !memcmp(t->cols[i], f->name, f->namelen))
			col = (long)i;
		else
			col = crm_dd_table_col(t, f->name, f->namelen);
		if (t->ncells == t->capcells) {
			t->capcells = t->capcells ? t->capcells * 2 : 8192;
			t->cells = xreallocarray(t->cells, t->capcells,
			    sizeof *t->cells);
		}
		c = &t->cells[t->ncells++];
		c->col = (uint32_t)col;
		if (source)
			t->infile[col] = 1;
		if (f->value) {
			c->off = t->pool.len;
			c->len = f->len < CRM_DD_CELL_MISSING ? (uint32_t)f->len :
			    CRM_DD_CELL_MISSING - 1;
			crm_buf_add(&t->pool, f->value, c->len);
		} else {
			c->off = 0;
			c->len = CRM_DD_CELL_MISSING;
		}
	}
}

const char *
crm_dd_table_value(const struct crm_dd_table *t, size_t i, long col,
    size_t *len)
{
	const struct crm_dd_row *r = &t->rows[i];
	size_t k;

	if (col < 0)
		return NULL;
	for (k = 0; k < r->n; k++) {
		const struct crm_dd_cell *c = &t->cells[r->first + k];

		if (c->col == (uint32_t)col) {
			if (c->len == CRM_DD_CELL_MISSING)
				return NULL;
			*len = c->len;
			return t->pool.buf + c->off;
		}
	}
	return NULL;
}

void
crm_dd_table_feed(const struct crm_dd_table *t, struct crm_dedupe *d)
{
	size_t i, k;

	for (i = 0; i < t->nrows; i++) {
		const char *vals[CRM_DD_NROLES];
		size_t lens[CRM_DD_NROLES];
		const struct crm_dd_row *r = &t->rows[i];

		memset(vals, 0, sizeof vals);
		memset(lens, 0, sizeof lens);
		for (k = 0; k < r->n; k++) {
			const struct crm_dd_cell *c = &t->cells[r->first + k];
			int role = t->role[c->col];

			if (role > 0 && !vals[role] && c->len != CRM_DD_CELL_MISSING && c->len) {
				vals[role] = t->pool.buf + c->off;
				lens[role] = c->len;
			}
		}
		crm_dedupe_add(d, vals, lens, r->source);
	}
}
