/* entity: canonical fields, keys and the header synonyms. */
#include <string.h>

#include "entity.h"
#include "tap.h"

static const char *
map(const char *entity, const char *label)
{
	return crm_entity_map_label(crm_entity_find(entity), label, strlen(label));
}

int
main(void)
{
	const struct crm_entity *e;
	size_t i;

	ok(crm_nentities == 9, "nine entities");
	ok(crm_entity_find("contacts") && crm_entity_find("sources"), "find by name");
	ok(!crm_entity_find("contact"), "no entity 'contact'");
	e = crm_entity_find("contacts");
	ok(e->nfields == 15 && !strcmp(e->fields[0].name, "external_id") &&
	    !strcmp(e->fields[14].name, "created_at"), "contacts fields in design order");
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

	is(map("contacts", "Телефон"), "phone", "Телефон");
	is(map("contacts", "Тел."), "phone", "Тел.");
	is(map("contacts", "Моб. телефон"), "phone", "Моб. телефон");
	is(map("contacts", "  МОБ.   ТЕЛЕФОН* "), "phone", "case, spaces and a trailing * ignored");
	is(map("contacts", "Phone"), "phone", "Phone");
	is(map("contacts", "E-mail"), "email", "E-mail");
	is(map("contacts", "Эл. почта:"), "email", "Эл. почта: (trailing colon)");
	is(map("contacts", "Е-mail"), "email", "Е-mail with a Cyrillic Е");
	is(map("contacts", "Компания"), "company", "Компания (contacts)");
	is(map("companies", "Компания"), "name", "Компания (companies) is the name");
	is(map("contacts", "Организация"), "company", "Организация");
	is(map("contacts", "Источник"), "source", "Источник");
	is(map("contacts", "Дата создания"), "created_at", "Дата создания");
	is(map("contacts", "ФИО"), "fio", "ФИО is a full name");
	is(map("contacts", "Ф.И.О."), "fio", "Ф.И.О.");
	is(map("contacts", "Населённый пункт"), "city", "ё and е are one letter");
	is(map("contacts", "external id"), "external_id", "a canonical name with a space");
	is(map("contacts", "EMAIL"), "email", "a canonical name in capitals");
	is(map("deals", "Бюджет"), "amount", "Бюджет (deals)");
	is(map("deals", "Название сделки"), "title", "Название сделки");
	is(map("orders", "Клиент"), "customer", "Клиент (orders)");
	is(map("orders", "Дата"), "order_date", "Дата (orders)");
	is(map("companies", "ИНН"), "inn", "ИНН");
	is(map("companies", "ОГРНИП"), "ogrn", "ОГРНИП");
	is(map("spend", "Расходы"), "amount", "Расходы (spend)");
	is(map("stages", "Воронка"), "pipeline", "Воронка");
	ok(!map("contacts", "ИНН"), "contacts have no ИНН: extra");
	ok(!map("contacts", "Комментарий"), "unknown labels map to nothing");
	ok(!map("contacts", ""), "an empty label maps to nothing");
	return done_testing();
}
