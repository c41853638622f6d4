/* dedupe_table_test: columns and their roles, cells, values, feeding. */
#include <stdio.h>
#include <string.h>

#include "dedupe_table.h"
#include "tap.h"

int
main(void)
{
	const struct crm_entity *e = crm_entity_find("contacts");
	struct crm_mapper *m = crm_mapper_new(e, NULL, 0);
	struct crm_dd_table t;
	struct crm_record r = CRM_RECORD_INIT;
	struct crm_dedupe *d;
	const char *v;
	size_t len = 0;
	long col;

	crm_dd_table_init(&t, e, m, 0);
	crm_record_adds(&r, "Фамилия", "Иванов");
	crm_record_adds(&r, "email", "ivan@example.ru");
	crm_record_add(&r, "cluster", 7, NULL, 0);
	crm_dd_table_add(&t, &r, 0, 0);
	crm_record_reset(&r);
	crm_record_adds(&r, "email", "petr@example.ru");
	crm_record_adds(&r, "note", "x");
	crm_dd_table_add(&t, &r, 1, 0);
	ok(t.nrows == 2 && t.ncols == 4, "2 rows, 4 columns (got %zu, %zu)",
	    t.nrows, t.ncols);
	ok(t.role[0] == CRM_DD_LAST, "Фамилия is the last name by the synonyms");
	ok(t.role[1] == CRM_DD_EMAIL && t.rolecol[CRM_DD_EMAIL] == 1,
	    "email: its role, and the first column of that role");
	ok(t.role[2] == CRM_DD_NONE, "our own cluster column has no role");
	ok(t.infile[3] && !t.infile[0], "columns seen in a second-source record");
	col = crm_dd_table_col(&t, "email", 5);
	v = crm_dd_table_value(&t, 1, col, &len);
	ok(v && len == 15 && !memcmp(v, "petr@example.ru", 15), "a cell's value");
	ok(crm_dd_table_value(&t, 0, 2, &len) == NULL, "a missing value is NULL");
	ok(crm_dd_table_value(&t, 1, 0, &len) == NULL, "a column a row lacks is NULL");
	d = crm_dedupe_new(NULL);
	crm_dd_table_feed(&t, d);
	ok(crm_dedupe_count(d) == 2, "every row fed to the dedupe object");
	crm_dedupe_free(d);
	crm_dd_table_release(&t);
	crm_record_release(&r);
	crm_mapper_free(m);
	return done_testing();
}
