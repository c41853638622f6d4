/*
 * store_lookup: existence checks for foreign keys (see store_lookup.h).
 */
#include <string.h>

#include "entity.h"
#include "store_int.h"
#include "store_lookup.h"

int
crm_store_exists(struct crm_store *s, const char *table, const char *column,
    const char *value, int *found, struct crm_err *err)
{
	const struct crm_entity *e = NULL;
	sqlite3 *db = crm_store_db(s);
	sqlite3_stmt *st = NULL;
	char sql[256];
	size_t i;
	int rc;

	*found = 0;
	for (i = 0; i < crm_nentities; i++)
		if (!strcmp(crm_entities[i].name, table) ||
		    !strcmp(crm_entities[i].table, table)) {
			e = &crm_entities[i];
			break;
		}
	if (!e)
		return crm_err_set(err, CRM_EUSAGE, NULL, 0, 0,
		    "no entity '%s' in the store", table);
	if (strcmp(column, "id") && crm_entity_field(e, column) < 0)
		return crm_err_set(err, CRM_EUSAGE, NULL, 0, 0,
		    "%s has no field '%s'", e->name, column);
	/* Both names come from the entity table above, never from the user. */
	/* Emails are compared without regard to (ASCII) case. */
	snprintf(sql, sizeof sql, "SELECT 1 FROM \"%s\" WHERE \"%s\" = ?1%s LIMIT 1",
	    e->table, strcmp(column, "id") ? e->fields[crm_entity_field(e, column)].name : "id",
	    !strcmp(column, "email") ? " COLLATE NOCASE" : "");
	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return crm_err_set(err, CRM_EDB, NULL, 0, 0, "%s: %s",
		    sqlite3_errmsg(db), sql);
	sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*found = 1;
	else if (rc != SQLITE_DONE) {
		crm_err_set(err, CRM_EDB, NULL, 0, 0, "%s: %s",
		    sqlite3_errmsg(db), sql);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}
