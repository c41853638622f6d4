/*
 * dedupe_table: the records crm-dedupe works on (file records and store
 * rows), kept compactly until the clusters are known: the columns seen,
 * each with its dedupe role (by --map, the header's own meaning, else the
 * entity's synonyms), and rows of cells whose text is in one pool.  The
 * fields are read by the program that writes the results.
 */
#ifndef CRM_DEDUPE_TABLE_H
#define CRM_DEDUPE_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "dedupe.h"
#include "entity.h"
#include "mapper.h"
#include "record.h"
#include "util.h"

struct crm_dd_cell {
	uint64_t off;
	uint32_t len;		/* CRM_DD_CELL_MISSING = missing */
	uint32_t col;
};

#define CRM_DD_CELL_MISSING UINT32_MAX

struct crm_dd_row {
	size_t first, n;	/* cells */
	int source;
	long long dbid;		/* store row id, 0 for file records */
};

struct crm_dd_table {
	char **cols;
	int *role;
	char *infile;		/* column seen in a file record (--against-db) */
	size_t ncols;
	size_t nstore;		/* rows from the store come first */
	struct crm_dd_cell *cells;
	size_t ncells, capcells;
	struct crm_dd_row *rows;
	size_t nrows, caprows;
	struct crm_buf pool;
	long rolecol[CRM_DD_NROLES];	/* first column of each role, -1 */
	/* what a new column's role is decided by */
	const struct crm_entity *e;
	const struct crm_mapper *mapper;
	int companies;
};

/* An empty table whose columns get their roles from e, mapper, companies. */
void crm_dd_table_init(struct crm_dd_table *t, const struct crm_entity *e,
    const struct crm_mapper *mapper, int companies);
void crm_dd_table_release(struct crm_dd_table *t);
/* The column called name (added, with its role, when new). */
long crm_dd_table_col(struct crm_dd_table *t, const char *name, size_t namelen);
/* Add a record: source 0 for the store or the first file; dbid its store row id or 0. */
void crm_dd_table_add(struct crm_dd_table *t, const struct crm_record *rec,
    int source, long long dbid);
/* The value of column col in row i, or NULL. */
const char *crm_dd_table_value(const struct crm_dd_table *t, size_t i,
    long col, size_t *len);
/* Give every row to d: the first non-empty value of each role. */
void crm_dd_table_feed(const struct crm_dd_table *t, struct crm_dedupe *d);

#endif
