/* entity: canonical fields and keys. */
#include <string.h>

#include "entity.h"
#include "tap.h"

int
main(void)
{
	const struct crm_entity *e;
	size_t i;

	ok(crm_nentities == 9, "nine entities");
	ok(crm_entity_find("contacts") && crm_entity_find("sources"), "find by name");
	ok(!crm_entity_find("contact"), "no entity 'contact'");
	e = crm_entity_find("contacts");
	ok(e->nfields == 16 && !strcmp(e->fields[0].name, "external_id") &&
	    !strcmp(e->fields[15].name, "created_at"), "contacts fields in design order");
	ok(crm_entity_field(e, "email") == 7, "field index");
	is(e->keys[0], "external_id", "contacts key 1");
	is(e->keys[1], "email", "contacts key 2");
	is(e->keys[2], "phone", "contacts key 3");
	for (i = 0; i < crm_nentities; i++) {
		size_t j;
		int ok_keys = crm_entities[i].keys && crm_entities[i].keys[0];

		for (j = 0; ok_keys && crm_entities[i].keys[j]; j++) {
			char buf[128], *p;

			strcpy(buf, crm_entities[i].keys[j]);
			for (p = strtok(buf, "+"); p; p = strtok(NULL, "+"))
				if (crm_entity_field(&crm_entities[i], p) < 0)
					ok_keys = 0;
		}
		ok(ok_keys, "%s: every key names its fields", crm_entities[i].name);
	}

	return done_testing();
}
