/* mapper: headers onto canonical fields, typed normalisation, statuses. */
#include <string.h>

#include "entity.h"
#include "mapper.h"
#include "tap.h"

static const char *
map(const char *entity, const char *label)
{
	return crm_mapper_builtin(crm_entity_find(entity), label, strlen(label));
}

static const char *
norm(int type, const char *v, int *rc)
{
	static struct crm_buf out;
	struct crm_buf form = CRM_BUF_INIT;
	const char *why;

	crm_buf_reset(&out);
	if (!out.buf)
		crm_buf_init(&out);
	*rc = crm_mapper_normalise(NULL, type, v, strlen(v), &out, &form, &why);
	crm_buf_release(&form);
	return out.buf;
}

int
main(void)
{
	const struct crm_entity *contacts = crm_entity_find("contacts");
	struct crm_map maps[] = {
		{ "Tel", "email" }, { "Site name", "extra" }, { "Tel", "phone" },
	};
	struct crm_map bad[] = { { "X", "no_such" } };
	struct crm_err err = CRM_ERR_INIT;
	struct crm_mapper *m;
	const char *hdr[] = { "ФИО", "E-mail", "Tel", "Комментарий", "reject_line" };
	const char *clash[] = { "Телефон", "Phone" };
	const struct crm_mapcol *c;
	const char *e, *f, *l;
	size_t i;
	int rc;

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

	m = crm_mapper_new(contacts, maps, 3);
	is(crm_mapper_given(m, "Tel"), "phone", "the last --map of a header wins");
	ok(!crm_mapper_given(m, "tel"), "--map compares the header as written");
	is(crm_mapper_field(m, "Tel", 3), "phone", "--map before the synonyms");
	is(crm_mapper_field(m, "Site name", 9), "extra", "--map onto extra");
	is(crm_mapper_field(m, "Эл. почта", strlen("Эл. почта")), "email",
	    "a synonym without --map");
	ok(crm_mapper_check(m, &err) == 0, "--map fields checked");
	ok(crm_mapper_header(m, "f.csv", hdr, 5, 1, &err) == 0, "a header maps");
	c = crm_mapper_columns(m);
	ok(crm_mapper_ncolumns(m) == 5 && c[0].to == CRM_TO_FIO &&
	    c[1].to == CRM_TO_FIELD && !strcmp(c[1].field, "email") &&
	    c[1].type == CRM_T_EMAIL && c[2].to == CRM_TO_FIELD &&
	    !strcmp(c[2].field, "phone") && c[3].to == CRM_TO_EXTRA &&
	    c[4].to == CRM_TO_SKIP, "the columns: fio, email, phone, extra, skip");
	ok(crm_mapper_column(m, 1, hdr[1], strlen(hdr[1])) == &c[1],
	    "a cell finds its column by position");
	ok(crm_mapper_column(m, 0, "Tel", 3) == &c[2], "... else by name");
	ok(crm_mapper_column(m, 5, "Город", strlen("Город")) &&
	    crm_mapper_ncolumns(m) == 6 &&
	    !strcmp(crm_mapper_columns(m)[5].field, "city"),
	    "a new JSON key becomes a column");
	{
		/* a regression: a new key's column kept realloc's garbage */
		struct crm_buf notes = CRM_BUF_INIT;
		const struct crm_mapcol *nc = &crm_mapper_columns(m)[5];

		crm_mapper_notes(m, &notes);
		ok(!notes.len && !nc->namb && !nc->ndamb && !nc->dorder &&
		    !nc->decimal, "... with nothing seen yet");
		crm_buf_release(&notes);
	}
	ok(crm_mapper_header(m, "f.csv", clash, 2, 1, &err) < 0 &&
	    err.code == CRM_EDATA && err.line == 1 && err.column == 2 &&
	    strstr(err.msg, "both map to phone"), "two columns on one field: %s",
	    err.msg);
	crm_mapper_free(m);

	m = crm_mapper_new(contacts, bad, 1);
	ok(crm_mapper_check(m, &err) < 0 && err.code == CRM_EUSAGE &&
	    strstr(err.msg, "has no field 'no_such'") &&
	    strstr(err.msg, " external_id "), "a --map onto no field: %s", err.msg);
	crm_mapper_free(m);

	m = crm_mapper_new(crm_entity_find("deals"), NULL, 0);
	crm_mapper_alias(m, "Сумма в рублях", "amount_rub");
	crm_mapper_target(m, "amount_rub");
	crm_mapper_target(m, "Budget");
	is(crm_mapper_field(m, "СУММА  в рублях", strlen("СУММА  в рублях")),
	    "amount_rub", "an alias, any case and spacing");
	is(crm_mapper_field(m, "amount_rub", 10), "amount_rub", "a target by name");
	is(crm_mapper_field(m, "Budget", 6), "Budget", "a target as written ...");
	is(crm_mapper_field(m, "Бюджет", strlen("Бюджет")), "amount",
	    "... the synonyms after it");
	crm_mapper_free(m);

	for (i = 0; crm_mapper_synonym(i, &e, &f, &l); i++)
		if (e && !crm_entity_find(e))
			break;
	ok(i > 200 && !crm_mapper_synonym(i, &e, &f, &l),
	    "%zu synonyms, each for a known entity", i);

	ok(crm_mapper_status("Closed Won", 10) == CRM_STATUS_WON, "Closed Won");
	ok(crm_mapper_status("  В РАБОТЕ ", strlen("  В РАБОТЕ ")) ==
	    CRM_STATUS_OPEN, "в работе");
	ok(crm_mapper_status("Закрыто и не реализовано",
	    strlen("Закрыто и не реализовано")) == CRM_STATUS_LOST,
	    "Закрыто и не реализовано");
	ok(crm_mapper_status("maybe", 5) < 0, "not a status");
	is(crm_mapper_status_name(CRM_STATUS_LOST), "lost", "status names");

	m = crm_mapper_new(crm_entity_find("deals"), NULL, 0);
	ok(crm_mapper_stage_status(m, "Closed Won", 10) == CRM_STATUS_WON &&
	    crm_mapper_stage_status(m, "Сделка провалена",
	    strlen("Сделка провалена")) == CRM_STATUS_LOST &&
	    crm_mapper_stage_status(m, "Demo", 4) < 0 &&
	    crm_mapper_stage_status(m, "in progress", 11) < 0,
	    "final stage names of the common CRMs; no guess for the others");
	crm_mapper_stage(m, "Demo", 4, CRM_STATUS_OPEN);
	crm_mapper_stage(m, "Paid", 4, CRM_STATUS_WON);
	ok(crm_mapper_stage_status(m, "demo", 4) == CRM_STATUS_OPEN &&
	    crm_mapper_stage_status(m, "PAID", 4) == CRM_STATUS_WON,
	    "the store's stages first");
	crm_mapper_free(m);
	{
		const char *h2[] = { "Mobile", "Phone", "Email" };
		const char *h3[] = { "Mobile", "Email" };

		m = crm_mapper_new(contacts, NULL, 0);
		ok(crm_mapper_header(m, "f", h2, 3, 1, &err) == 0 &&
		    crm_mapper_columns(m)[0].to == CRM_TO_EXTRA &&
		    !strcmp(crm_mapper_columns(m)[1].field, "phone"),
		    "Mobile gives way to Phone and goes to extra");
		ok(crm_mapper_header(m, "f", h3, 2, 1, &err) == 0 &&
		    !strcmp(crm_mapper_columns(m)[0].field, "phone"),
		    "Mobile alone is the phone");
		crm_mapper_free(m);
	}

	is(norm(CRM_T_STATUS, "Выиграна", &rc), "won", "status normalised");
	ok(rc == 0, "... rc 0");
	norm(CRM_T_STATUS, "maybe", &rc);
	ok(rc < 0, "an unknown status cannot be stored");
	norm(CRM_T_DATE, "-", &rc);
	ok(rc == 1, "'-' is no value");
	is(norm(CRM_T_PHONE, "8 916 123-45-67", &rc), "+7 (916) 123-45-67",
	    "a phone for display");
	is(norm(CRM_T_PHONE, "12", &rc), "12", "a phone that is not one: as found");
	is(norm(CRM_T_INT, "-12", &rc), "-12", "a whole number");
	norm(CRM_T_INT, "1.5", &rc);
	ok(rc < 0, "1.5 is not a whole number");
	is(norm(CRM_T_NUMBER, "35 %", &rc), "35", "a per cent sign dropped");
	is(norm(CRM_T_DATE, "01.02.2020", &rc), "2020-02-01", "a date");

	{	/* a whole record mapped and normalised */
		static const char *const dh[] = { "Этап", "Статус", "Бюджет",
		    "Дата создания", "pipeline" };
		struct crm_record in = CRM_RECORD_INIT, out = CRM_RECORD_INIT;
		struct crm_err e2 = CRM_ERR_INIT;
		static const char *const vals[] = { "Договор", "В работе",
		    "45 000,50", "01.04.2024", "Продажи" };

		m = crm_mapper_new(crm_entity_find("deals"), NULL, 0);
		ok(crm_mapper_header(m, "d.csv", dh, 5, 0, &e2) == 0,
		    "record: header");
		for (i = 0; i < 5; i++)
			crm_record_adds(&in, dh[i], vals[i]);
		in.line = 7;
		ok(crm_mapper_record(m, "d.csv", &in, &out, &e2) == 0,
		    "record mapped");
		is(crm_record_value(&out, "stage"), "Договор", "... stage");
		is(crm_record_value(&out, "status"), "open", "... status");
		is(crm_record_value(&out, "amount"), "45000.5", "... amount");
		is(crm_record_value(&out, "created_at"), "2024-04-01",
		    "... date");
		is(crm_record_value(&out, "pipeline"), "Продажи",
		    "... a column with no field under its label");
		crm_record_reset(&in);
		crm_record_adds(&in, dh[0], "Договор");
		crm_record_adds(&in, dh[1], "maybe");
		in.line = 7;
		ok(crm_mapper_record(m, "d.csv", &in, &out, &e2) < 0 &&
		    e2.code == CRM_EDATA && e2.line == 7 && e2.column == 2,
		    "a status that is not one: d.csv:7:2 (%s)", e2.msg);
		crm_record_release(&in);
		crm_record_release(&out);
		crm_mapper_free(m);
	}
	return done_testing();
}
