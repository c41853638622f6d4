/*
 * store_lookup: does a value exist in a column of an entity's table?  For
 * crm-validate's foreign keys.  The SQL lives in lib/store_lookup.c.
 */
#ifndef CRM_STORE_LOOKUP_H
#define CRM_STORE_LOOKUP_H

#include "store.h"
#include "util.h"

/*
 * Set *found to 1 when the table of entity table (an entity name such as
 * "companies" or its table name) has a row whose column equals value,
 * else 0.  table and column must be an entity of crm_entities[] and one of
 * its fields (or "id"): nothing from the user is spliced into SQL.
 * Emails match without regard to ASCII case.  An
 * unknown name is CRM_EUSAGE, a database failure CRM_EDB.
 */
int crm_store_exists(struct crm_store *s, const char *table,
    const char *column, const char *value, int *found, struct crm_err *err);

#endif
