#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "mapper.h"
#include "norm.h"
#include "util.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Header synonyms, written as crm_norm_label leaves them (case folded,
 * ё as е, one space).  An entry with an entity applies to it only and is
 * tried before the general ones; a general entry applies to every entity
 * that has the field.
 */
struct synonym {
	const char *entity;
	const char *field;
	const char *label;
};

/* Synonyms that give way to another column on the same field ("Mobile" to "Phone"). */
static const char *const second_labels[] = {
	"моб. телефон", "моб.телефон", "моб.", "мобильный", "мобильный телефон",
	"сотовый", "сотовый телефон", "телефон (мобильный)", "mobile",
	"mobile phone", "cell", "mobile phone number", "личный email", NULL
};

static int
is_second(const char *label)
{
	size_t i;

	for (i = 0; second_labels[i]; i++)
		if (!strcmp(second_labels[i], label))
			return 1;
	return 0;
}

static const struct synonym synonyms[] = {
	/* entity-specific first */
	{ "contacts", "fio", "фио" },
	{ "contacts", "fio", "ф.и.о." },
	{ "contacts", "fio", "ф. и. о." },
	{ "contacts", "fio", "фамилия имя отчество" },
	{ "contacts", "fio", "фамилия, имя, отчество" },
	{ "contacts", "fio", "full name" },
	{ "contacts", "fio", "fullname" },
	{ "contacts", "fio", "name" },
	{ "contacts", "fio", "contact name" },
	{ "contacts", "fio", "контактное лицо" },
	{ "contacts", "fio", "контакт" },
	{ "contacts", "fio", "имя контакта" },
	{ "contacts", "fio", "клиент" },
	{ "contacts", "position", "title" },
	{ "contacts", "position", "job title" },
	{ "companies", "name", "название" },
	{ "companies", "name", "наименование" },
	{ "companies", "name", "название компании" },
	{ "companies", "name", "наименование организации" },
	{ "companies", "name", "полное наименование" },
	{ "companies", "name", "краткое наименование" },
	{ "companies", "name", "компания" },
	{ "companies", "name", "организация" },
	{ "companies", "name", "контрагент" },
	{ "companies", "name", "company" },
	{ "companies", "name", "company name" },
	{ "companies", "name", "account name" },
	{ "companies", "name", "organization" },
	{ "companies", "name", "organisation" },
	{ "companies", "address", "юридический адрес" },
	{ "companies", "address", "юр. адрес" },
	{ "deals", "title", "название" },
	{ "deals", "title", "наименование" },
	{ "deals", "title", "название сделки" },
	{ "deals", "title", "сделка" },
	{ "deals", "title", "deal" },
	{ "deals", "title", "deal name" },
	{ "deals", "title", "name" },
	{ "deals", "title", "opportunity" },
	{ "deals", "title", "opportunity name" },
	{ "deals", "contact", "клиент" },
	{ "deals", "amount", "бюджет" },
	{ "deals", "status", "итог" },
	{ "orders", "customer", "клиент" },
	{ "orders", "customer", "покупатель" },
	{ "orders", "customer", "контакт" },
	{ "orders", "customer", "email клиента" },
	{ "orders", "customer", "customer id" },
	{ "orders", "customer", "client" },
	{ "orders", "customer", "buyer" },
	{ "orders", "order_date", "дата" },
	{ "orders", "order_date", "date" },
	{ "orders", "status", "статус заказа" },
	{ "orders", "status", "order status" },
	{ "orders", "external_id", "номер заказа" },
	{ "orders", "external_id", "order id" },
	{ "orders", "external_id", "order number" },
	{ "activities", "type", "тип" },
	{ "activities", "type", "вид" },
	{ "activities", "due_at", "дата" },
	{ "activities", "due_at", "date" },
	{ "deal_stages", "entered_at", "дата" },
	{ "deal_stages", "entered_at", "date" },
	{ "deal_stages", "deal", "id сделки" },
	{ "deal_stages", "deal", "deal id" },
	{ "spend", "amount", "расходы" },
	{ "spend", "amount", "затраты" },
	{ "spend", "amount", "бюджет" },
	{ "spend", "amount", "spend" },
	{ "spend", "amount", "cost" },
	{ "spend", "source", "канал" },
	{ "spend", "source", "channel" },
	{ "stages", "name", "этап" },
	{ "stages", "name", "стадия" },
	{ "stages", "name", "название" },
	{ "stages", "name", "stage" },
	{ "stages", "kind", "тип" },
	{ "stages", "kind", "type" },
	{ "sources", "name", "источник" },
	{ "sources", "name", "название" },
	{ "sources", "name", "source" },

	/* CRM exports: HubSpot, Salesforce, Pipedrive, Zoho, amoCRM/Kommo, Bitrix24 */
	{ "contacts", "external_id", "contact id" },
	{ "contacts", "external_id", "person - id" },
	{ "contacts", "fio", "person - name" },
	{ "contacts", "fio", "полное имя" },
	{ "contacts", "fio", "полное имя контакта" },
	{ "contacts", "position", "person - job title" },
	{ "contacts", "company", "associated company" },
	{ "contacts", "company", "person - organization" },
	{ "contacts", "owner", "contact owner" },
	{ "contacts", "owner", "person - owner" },
	{ "contacts", "created_at", "person - person created" },
	{ "contacts", "phone", "person - phone" },
	{ "contacts", "email", "person - email" },
	{ "companies", "external_id", "account id" },
	{ "companies", "external_id", "organization - id" },
	{ "companies", "external_id", "company id" },
	{ "companies", "name", "organization - name" },
	{ "companies", "name", "account" },
	{ "companies", "name", "название организации" },
	{ "companies", "owner", "company owner" },
	{ "companies", "owner", "account owner" },
	{ "companies", "owner", "organization - owner" },
	{ "companies", "address", "organization - address" },
	{ "companies", "address", "billing street" },
	{ "companies", "address", "billing address" },
	{ "companies", "city", "billing city" },
	{ "companies", "postal_code", "billing zip/postal code" },
	{ "companies", "postal_code", "billing code" },
	{ "companies", "postal_code", "billing zip" },
	{ "companies", "country", "billing country" },
	{ "companies", "website", "website url" },
	{ "companies", "website", "company domain name" },
	{ "companies", "size", "number of employees" },
	{ "companies", "size", "кол-во сотрудников" },
	{ "companies", "source", "account source" },
	{ "companies", "created_at", "organization - organization created" },
	{ "deals", "external_id", "opportunity id" },
	{ "deals", "external_id", "opportunity_id" },
	{ "deals", "external_id", "deal id" },
	{ "deals", "external_id", "deal - id" },
	{ "deals", "title", "deal - title" },
	{ "deals", "title", "lead title" },
	{ "deals", "title", "lead name" },
	{ "deals", "company", "account" },
	{ "deals", "company", "associated company" },
	{ "deals", "company", "deal - organization" },
	{ "deals", "contact", "associated contact" },
	{ "deals", "contact", "contact name" },
	{ "deals", "contact", "primary contact" },
	{ "deals", "contact", "main contact" },
	{ "deals", "contact", "deal - contact person" },
	{ "deals", "contact", "основной контакт" },
	{ "deals", "stage", "deal - stage" },
	{ "deals", "stage", "deal_stage" },
	{ "deals", "stage", "стадия сделки" },
	{ "deals", "status", "deal - status" },
	{ "deals", "amount", "deal - value" },
	{ "deals", "amount", "close_value" },
	{ "deals", "amount", "sale" },
	{ "deals", "currency", "deal - currency" },
	{ "deals", "currency", "deal currency code" },
	{ "deals", "currency", "opportunity currency" },
	{ "deals", "owner", "deal owner" },
	{ "deals", "owner", "opportunity owner" },
	{ "deals", "owner", "deal - owner" },
	{ "deals", "owner", "lead responsible" },
	{ "deals", "owner", "sales_agent" },
	{ "deals", "owner", "sales agent" },
	{ "deals", "created_at", "deal - deal created" },
	{ "deals", "created_at", "engage_date" },
	{ "deals", "expected_close", "deal - expected close date" },
	{ "deals", "expected_close", "closing date" },
	{ "deals", "expected_close", "предполагаемая дата закрытия" },
	{ "deals", "closed_at", "deal - close time" },
	{ "deals", "closed_at", "close_date" },
	{ "deals", "closed_at", "closed at" },
	{ "deals", "lost_reason", "deal - lost reason" },
	{ "deals", "lost_reason", "closed lost reason" },
	{ "deals", "lost_reason", "reason for loss" },
	{ "deals", "source", "deal - source" },

	/* general */
	{ NULL, "external_id", "id" },
	{ NULL, "external_id", "ид" },
	{ NULL, "external_id", "код" },
	{ NULL, "external_id", "внешний id" },
	{ NULL, "external_id", "внешний код" },
	{ NULL, "external_id", "external id" },
	{ NULL, "external_id", "crm id" },
	{ NULL, "external_id", "uid" },
	{ NULL, "external_id", "№" },
	{ NULL, "external_id", "номер" },
	{ NULL, "last_name", "фамилия" },
	{ NULL, "last_name", "last name" },
	{ NULL, "last_name", "lastname" },
	{ NULL, "last_name", "surname" },
	{ NULL, "last_name", "family name" },
	{ NULL, "first_name", "имя" },
	{ NULL, "first_name", "first name" },
	{ NULL, "first_name", "firstname" },
	{ NULL, "first_name", "given name" },
	{ NULL, "middle_name", "отчество" },
	{ NULL, "middle_name", "middle name" },
	{ NULL, "middle_name", "patronymic" },
	{ NULL, "position", "должность" },
	{ NULL, "position", "позиция" },
	{ NULL, "company", "компания" },
	{ NULL, "company", "организация" },
	{ NULL, "company", "название компании" },
	{ NULL, "company", "место работы" },
	{ NULL, "company", "контрагент" },
	{ NULL, "company", "company name" },
	{ NULL, "company", "account" },
	{ NULL, "company", "account name" },
	{ NULL, "company", "organization" },
	{ NULL, "phone", "телефон" },
	{ NULL, "phone", "тел." },
	{ NULL, "phone", "тел" },
	{ NULL, "phone", "моб. телефон" },
	{ NULL, "phone", "моб.телефон" },
	{ NULL, "phone", "моб." },
	{ NULL, "phone", "мобильный" },
	{ NULL, "phone", "мобильный телефон" },
	{ NULL, "phone", "сотовый" },
	{ NULL, "phone", "сотовый телефон" },
	{ NULL, "phone", "рабочий телефон" },
	{ NULL, "phone", "контактный телефон" },
	{ NULL, "phone", "номер телефона" },
	{ NULL, "phone", "телефон (мобильный)" },
	{ NULL, "phone", "phone number" },
	{ NULL, "phone", "mobile" },
	{ NULL, "phone", "mobile phone" },
	{ NULL, "phone", "cell" },
	{ NULL, "phone", "tel" },
	{ NULL, "phone", "tel." },
	{ NULL, "phone", "telephone" },
	{ NULL, "email", "e-mail" },
	{ NULL, "email", "e mail" },
	{ NULL, "email", "е-mail" },	/* Cyrillic е */
	{ NULL, "email", "email address" },
	{ NULL, "email", "e-mail address" },
	{ NULL, "email", "эл. почта" },
	{ NULL, "email", "эл.почта" },
	{ NULL, "email", "электронная почта" },
	{ NULL, "email", "адрес электронной почты" },
	{ NULL, "email", "почта" },
	{ NULL, "email", "емейл" },
	{ NULL, "email", "имейл" },
	{ NULL, "email", "mail" },
	{ NULL, "city", "город" },
	{ NULL, "city", "населенный пункт" },
	{ NULL, "city", "town" },
	{ NULL, "address", "адрес" },
	{ NULL, "address", "почтовый адрес" },
	{ NULL, "address", "фактический адрес" },
	{ NULL, "address", "street address" },
	{ NULL, "postal_code", "индекс" },
	{ NULL, "postal_code", "почтовый индекс" },
	{ NULL, "postal_code", "postal code" },
	{ NULL, "postal_code", "postcode" },
	{ NULL, "postal_code", "zip" },
	{ NULL, "postal_code", "zip code" },
	{ NULL, "source", "источник" },
	{ NULL, "source", "источник лида" },
	{ NULL, "source", "источник сделки" },
	{ NULL, "source", "источник трафика" },
	{ NULL, "source", "канал" },
	{ NULL, "source", "откуда узнали" },
	{ NULL, "source", "lead source" },
	{ NULL, "source", "utm_source" },
	{ NULL, "owner", "ответственный" },
	{ NULL, "owner", "ответственный менеджер" },
	{ NULL, "owner", "менеджер" },
	{ NULL, "owner", "manager" },
	{ NULL, "owner", "responsible" },
	{ NULL, "owner", "assigned to" },
	{ NULL, "owner", "owner name" },
	{ NULL, "birthday", "дата рождения" },
	{ NULL, "birthday", "день рождения" },
	{ NULL, "birthday", "д.р." },
	{ NULL, "birthday", "date of birth" },
	{ NULL, "birthday", "birth date" },
	{ NULL, "birthday", "dob" },
	{ NULL, "created_at", "дата создания" },
	{ NULL, "created_at", "создан" },
	{ NULL, "created_at", "создана" },
	{ NULL, "created_at", "создано" },
	{ NULL, "created_at", "дата добавления" },
	{ NULL, "created_at", "дата регистрации" },
	{ NULL, "created_at", "created" },
	{ NULL, "created_at", "created at" },
	{ NULL, "created_at", "created date" },
	{ NULL, "created_at", "date created" },
	{ NULL, "created_at", "creation date" },
	{ NULL, "legal_form", "опф" },
	{ NULL, "legal_form", "организационно-правовая форма" },
	{ NULL, "legal_form", "форма собственности" },
	{ NULL, "legal_form", "legal form" },
	{ NULL, "inn", "инн" },
	{ NULL, "inn", "инн организации" },
	{ NULL, "inn", "tax id" },
	{ NULL, "inn", "taxpayer id" },
	{ NULL, "kpp", "кпп" },
	{ NULL, "ogrn", "огрн" },
	{ NULL, "ogrn", "огрнип" },
	{ NULL, "ogrn", "огрн/огрнип" },
	{ NULL, "industry", "отрасль" },
	{ NULL, "industry", "сфера деятельности" },
	{ NULL, "industry", "вид деятельности" },
	{ NULL, "size", "размер" },
	{ NULL, "size", "размер компании" },
	{ NULL, "size", "численность" },
	{ NULL, "size", "количество сотрудников" },
	{ NULL, "size", "employees" },
	{ NULL, "size", "company size" },
	{ NULL, "website", "сайт" },
	{ NULL, "website", "веб-сайт" },
	{ NULL, "website", "web" },
	{ NULL, "website", "site" },
	{ NULL, "website", "url" },
	{ NULL, "website", "www" },
	{ NULL, "contact", "контакт" },
	{ NULL, "contact", "контактное лицо" },
	{ NULL, "contact", "contact person" },
	{ NULL, "stage", "этап" },
	{ NULL, "stage", "стадия" },
	{ NULL, "stage", "этап сделки" },
	{ NULL, "stage", "deal stage" },
	{ NULL, "status", "статус" },
	{ NULL, "status", "состояние" },
	{ NULL, "amount", "сумма" },
	{ NULL, "amount", "сумма сделки" },
	{ NULL, "amount", "сумма заказа" },
	{ NULL, "amount", "стоимость" },
	{ NULL, "amount", "выручка" },
	{ NULL, "amount", "итого" },
	{ NULL, "amount", "value" },
	{ NULL, "amount", "deal value" },
	{ NULL, "amount", "revenue" },
	{ NULL, "amount", "total" },
	{ NULL, "amount", "sum" },
	{ NULL, "currency", "валюта" },
	{ NULL, "expected_close", "ожидаемая дата закрытия" },
	{ NULL, "expected_close", "планируемая дата закрытия" },
	{ NULL, "expected_close", "плановая дата закрытия" },
	{ NULL, "expected_close", "expected close date" },
	{ NULL, "expected_close", "expected close" },
	{ NULL, "expected_close", "close date" },
	{ NULL, "closed_at", "дата закрытия" },
	{ NULL, "closed_at", "дата завершения" },
	{ NULL, "closed_at", "закрыта" },
	{ NULL, "closed_at", "closed" },
	{ NULL, "closed_at", "closed date" },
	{ NULL, "lost_reason", "причина отказа" },
	{ NULL, "lost_reason", "причина проигрыша" },
	{ NULL, "lost_reason", "причина" },
	{ NULL, "lost_reason", "loss reason" },
	{ NULL, "customer", "customer" },
	{ NULL, "order_date", "дата заказа" },
	{ NULL, "order_date", "дата покупки" },
	{ NULL, "order_date", "дата продажи" },
	{ NULL, "order_date", "order date" },
	{ NULL, "order_date", "purchase date" },
	{ NULL, "type", "тип активности" },
	{ NULL, "type", "activity type" },
	{ NULL, "subject", "тема" },
	{ NULL, "subject", "описание" },
	{ NULL, "subject", "description" },
	{ NULL, "deal", "сделка" },
	{ NULL, "due_at", "срок" },
	{ NULL, "due_at", "крайний срок" },
	{ NULL, "due_at", "запланировано" },
	{ NULL, "due_at", "due" },
	{ NULL, "due_at", "due date" },
	{ NULL, "done_at", "выполнено" },
	{ NULL, "done_at", "дата выполнения" },
	{ NULL, "done_at", "done" },
	{ NULL, "done_at", "completed" },
	{ NULL, "done_at", "completed at" },
	{ NULL, "entered_at", "дата перехода" },
	{ NULL, "entered_at", "дата входа" },
	{ NULL, "entered_at", "дата изменения" },
	{ NULL, "entered_at", "changed at" },
	{ NULL, "entered_at", "entered" },
	{ NULL, "period", "период" },
	{ NULL, "period", "месяц" },
	{ NULL, "period", "month" },
	{ NULL, "pipeline", "воронка" },
	{ NULL, "pipeline", "funnel" },
	{ NULL, "position", "порядок" },
	{ NULL, "position", "order" },
	{ NULL, "position", "sort" },
	{ NULL, "probability", "вероятность" },
	{ NULL, "sla_days", "sla" },
	{ NULL, "sla_days", "sla days" },
	{ NULL, "sla_days", "норматив" },
	{ NULL, "sla_days", "норматив (дней)" },
	{ NULL, "synonyms", "синонимы" },
	/* CRM exports: HubSpot, Salesforce, Pipedrive, Zoho, amoCRM/Kommo, Bitrix24 */
	{ NULL, "external_id", "record id" },
	{ NULL, "first_name", "person - first name" },
	{ NULL, "last_name", "person - last name" },
	{ NULL, "phone", "mobile phone number" },
	{ NULL, "phone", "work phone" },
	{ NULL, "phone", "business phone" },
	{ NULL, "email", "work email" },
	{ NULL, "email", "рабочий email" },
	{ NULL, "email", "рабочий e-mail" },
	{ NULL, "email", "личный email" },
	{ NULL, "position", "job title" },
	{ NULL, "position", "title" },
	{ NULL, "city", "mailing city" },
	{ NULL, "address", "mailing street" },
	{ NULL, "address", "street" },
	{ NULL, "postal_code", "mailing zip/postal code" },
	{ NULL, "postal_code", "mailing zip" },
	{ NULL, "postal_code", "zip/postal code" },
	{ NULL, "postal_code", "zip code/postal code" },
	{ NULL, "country", "страна" },
	{ NULL, "country", "country/region" },
	{ NULL, "country", "mailing country" },
	{ NULL, "country", "country code" },
	{ NULL, "source", "original source" },
	{ NULL, "source", "original source type" },
	{ NULL, "source", "origin" },
	{ NULL, "owner", "record owner" },
	{ NULL, "owner", "responsible person" },
	{ NULL, "owner", "responsible user" },
	{ NULL, "owner", "ответственный пользователь" },
	{ NULL, "birthday", "birthdate" },
	{ NULL, "created_at", "create date" },
	{ NULL, "created_at", "created time" },
	{ NULL, "created_at", "created on" },
	{ NULL, "pipeline", "направление" },
	{ NULL, "lost_reason", "lost reason" },
};

struct alias {
	char *key;		/* crm_norm_label of the label */
	char *field;
};

struct crm_mapper {
	const struct crm_entity *e;
	struct crm_map *maps;
	size_t nmaps;
	struct alias *aliases;
	size_t naliases;
	char **targets;
	size_t ntargets;
	struct crm_mapcol *cols;
	size_t ncols;
	size_t ncountry;	/* columns mapped onto a country field */
	struct crm_buf key;	/* scratch */
	const struct crm_country *country;	/* of records that name none */
	const struct crm_country *row_country;	/* of the current record */
	long line;				/* of the current record */
	int date_order;				/* --date-order, 0 */
	char msg[512];				/* a -2 of crm_mapper_cell */
	struct crm_postal *postal;	/* compiled when first needed */
	struct crm_hmap stages;		/* stage name (label key) -> kind */
};

struct crm_mapper *
crm_mapper_new(const struct crm_entity *e, const struct crm_map *maps,
    size_t nmaps)
{
	struct crm_mapper *m = xcalloc(1, sizeof *m);
	size_t i;

	m->e = e;
	m->country = m->row_country = crm_country_find(CRM_COUNTRY_DEFAULT, 2);
	if (nmaps) {
		m->maps = xcalloc(nmaps, sizeof *m->maps);
		for (i = 0; i < nmaps; i++) {
			m->maps[i].label = xstrdup(maps[i].label);
			m->maps[i].field = xstrdup(maps[i].field);
		}
		m->nmaps = nmaps;
	}
	crm_buf_init(&m->key);
	return m;
}

static void
free_columns(struct crm_mapper *m)
{
	size_t i;

	for (i = 0; i < m->ncols; i++)
		free(m->cols[i].label);
	free(m->cols);
	m->cols = NULL;
	m->ncols = 0;
	m->ncountry = 0;
}

void
crm_mapper_free(struct crm_mapper *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nmaps; i++) {
		free(m->maps[i].label);
		free(m->maps[i].field);
	}
	free(m->maps);
	for (i = 0; i < m->naliases; i++) {
		free(m->aliases[i].key);
		free(m->aliases[i].field);
	}
	free(m->aliases);
	for (i = 0; i < m->ntargets; i++)
		free(m->targets[i]);
	free(m->targets);
	free_columns(m);
	crm_buf_release(&m->key);
	crm_postal_free(m->postal);
	crm_hmap_release(&m->stages);
	free(m);
}

const struct crm_entity *
crm_mapper_entity(const struct crm_mapper *m)
{
	return m->e;
}

/* The column of the i-th cell, named name: by position, else by name; NULL. */
static struct crm_mapcol *
find_column(const struct crm_mapper *m, size_t i, const char *name,
    size_t namelen)
{
	size_t j;

	if (i < m->ncols && (name == m->cols[i].src ||
	    (m->cols[i].labellen == namelen &&
	    !memcmp(m->cols[i].label, name, namelen))))
		return &m->cols[i];
	for (j = 0; j < m->ncols; j++)
		if (m->cols[j].labellen == namelen &&
		    !memcmp(m->cols[j].label, name, namelen))
			return &m->cols[j];
	return NULL;
}

void
crm_mapper_set_country(struct crm_mapper *m, const struct crm_country *c)
{
	if (!c)
		c = crm_country_find(CRM_COUNTRY_DEFAULT, 2);
	m->country = m->row_country = c;
}

const struct crm_country *
crm_mapper_country(const struct crm_mapper *m)
{
	return m->country;
}

void
crm_mapper_row(struct crm_mapper *m, const struct crm_record *rec)
{
	size_t i;

	m->row_country = m->country;
	m->line = rec->line;
	if (!m->ncountry)
		return;		/* no column of the file says a country */
	for (i = 0; i < rec->n; i++) {
		const struct crm_field *f = &rec->f[i];
		const struct crm_mapcol *c;
		const struct crm_country *cc;

		if (!f->value || !f->len)
			continue;
		c = find_column(m, i, f->name, f->namelen);
		if (!c || c->type != CRM_T_COUNTRY)
			continue;
		if ((cc = crm_country_lookup(f->value, f->len)))
			m->row_country = cc;
		return;
	}
}

const struct crm_country *
crm_mapper_row_country(const struct crm_mapper *m)
{
	return m->row_country;
}

void
crm_mapper_alias(struct crm_mapper *m, const char *label, const char *field)
{
	struct crm_buf b = CRM_BUF_INIT;

	crm_norm_label(label, strlen(label), &b);
	m->aliases = xreallocarray(m->aliases, m->naliases + 1, sizeof *m->aliases);
	m->aliases[m->naliases].key = crm_buf_detach(&b, NULL);
	m->aliases[m->naliases].field = xstrdup(field);
	m->naliases++;
}

void
crm_mapper_target(struct crm_mapper *m, const char *name)
{
	m->targets = xreallocarray(m->targets, m->ntargets + 1, sizeof *m->targets);
	m->targets[m->ntargets++] = xstrdup(name);
}

static int
is_fio(const struct crm_entity *e, const char *field)
{
	return !strcmp(field, "fio") && !strcmp(e->name, "contacts");
}

int
crm_mapper_check(const struct crm_mapper *m, struct crm_err *err)
{
	struct crm_buf b = CRM_BUF_INIT;
	size_t i, j;

	for (i = 0; i < m->nmaps; i++) {
		const char *f = m->maps[i].field;

		if (!strcmp(f, "extra") || crm_entity_field(m->e, f) >= 0 ||
		    is_fio(m->e, f))
			continue;
		for (j = 0; j < m->e->nfields; j++)
			crm_buf_addf(&b, " %s", m->e->fields[j].name);
		crm_err_set(err, CRM_EUSAGE, "", 0, 0,
		    "--map: %s has no field '%s'; its fields:%s", m->e->name, f,
		    b.buf);
		crm_buf_release(&b);
		return -1;
	}
	return 0;
}

const char *
crm_mapper_given(const struct crm_mapper *m, const char *label)
{
	size_t i;

	for (i = m->nmaps; i-- > 0;)
		if (!strcmp(m->maps[i].label, label))
			return m->maps[i].field;
	return NULL;
}

/* "external_id" matches "external id", "External-ID"? No: '_' and ' ' only. */
static int
same_name(const char *canon, const char *key)
{
	for (; *canon && *key; canon++, key++)
		if (*canon != *key && !(*canon == '_' && *key == ' '))
			return 0;
	return !*canon && !*key;
}

static const char *
builtin(const struct crm_entity *e, const char *key, int *second)
{
	size_t i;

	*second = 0;
	for (i = 0; i < e->nfields; i++)
		if (same_name(e->fields[i].name, key))
			return e->fields[i].name;
	for (i = 0; i < N(synonyms); i++)
		if (synonyms[i].entity && !strcmp(synonyms[i].entity, e->name) &&
		    !strcmp(synonyms[i].label, key)) {
			*second = is_second(key);
			return synonyms[i].field;
		}
	for (i = 0; i < N(synonyms); i++)
		if (!synonyms[i].entity && !strcmp(synonyms[i].label, key) &&
		    crm_entity_field(e, synonyms[i].field) >= 0) {
			*second = is_second(key);
			return synonyms[i].field;
		}
	return NULL;
}

const char *
crm_mapper_builtin(const struct crm_entity *e, const char *label, size_t n)
{
	struct crm_buf key = CRM_BUF_INIT;
	const char *found;

	int second;

	crm_norm_label(label, n, &key);
	found = builtin(e, key.buf, &second);
	crm_buf_release(&key);
	return found;
}

int
crm_mapper_synonym(size_t i, const char **entity, const char **field,
    const char **label)
{
	if (i >= N(synonyms))
		return 0;
	*entity = synonyms[i].entity;
	*field = synonyms[i].field;
	*label = synonyms[i].label;
	return 1;
}

/* The field of label; *second: a synonym that gives way to another column. */
static const char *
field_of(struct crm_mapper *m, const char *label, size_t n, int *second)
{
	const char *f;
	size_t i;

	*second = 0;
	if (m->nmaps && !memchr(label, '\0', n)) {
		char *z = xstrndup(label, n);

		f = crm_mapper_given(m, z);
		free(z);
		if (f)
			return f;
	}
	crm_buf_reset(&m->key);
	crm_norm_label(label, n, &m->key);
	for (i = 0; i < m->naliases; i++)
		if (!strcmp(m->aliases[i].key, m->key.buf))
			return m->aliases[i].field;
	for (i = 0; i < m->ntargets; i++)
		if (strlen(m->targets[i]) == n && !memcmp(m->targets[i], label, n))
			return m->targets[i];
	if ((f = builtin(m->e, m->key.buf, second)))
		return f;
	for (i = 0; i < m->ntargets; i++)
		if (!strcmp(m->targets[i], m->key.buf))
			return m->targets[i];
	return NULL;
}

const char *
crm_mapper_field(struct crm_mapper *m, const char *label, size_t n)
{
	int second;

	return field_of(m, label, n, &second);
}

static int
is_reject_column(const char *label)
{
	return !strcmp(label, "reject_line") || !strcmp(label, "reject_reasons") ||
	    !strcmp(label, "reject_raw");
}

/* Decide where a column goes. */
static void
map_column(struct crm_mapper *m, struct crm_mapcol *c, const char *label,
    size_t n)
{
	const char *field;
	long fi;

	memset(c, 0, sizeof *c);	/* a JSON key's new column is not zeroed */
	c->label = xstrndup(label, n);
	c->labellen = n;
	c->src = NULL;
	c->to = CRM_TO_EXTRA;
	c->field = NULL;
	c->fi = -1;
	c->type = CRM_T_TEXT;
	if (is_reject_column(c->label)) {
		c->to = CRM_TO_SKIP;
		return;
	}
	field = field_of(m, label, n, &c->second);
	if (!field)
		return;
	if (is_fio(m->e, field)) {
		c->to = CRM_TO_FIO;
		return;
	}
	if (!strcmp(field, "extra"))
		return;
	fi = crm_entity_field(m->e, field);
	if (fi < 0)
		return;		/* a --map is checked by crm_mapper_check() */
	c->to = CRM_TO_FIELD;
	c->fi = fi;
	c->field = m->e->fields[fi].name;
	c->type = m->e->fields[fi].type;
	if (c->type == CRM_T_COUNTRY)
		m->ncountry++;
}

int
crm_mapper_header(struct crm_mapper *m, const char *file,
    const char *const *hdr, size_t n, int src, struct crm_err *err)
{
	size_t i, j;

	free_columns(m);
	m->cols = xcalloc(n ? n : 1, sizeof *m->cols);
	m->ncols = n;
	for (i = 0; i < n; i++) {
		map_column(m, &m->cols[i], hdr[i], strlen(hdr[i]));
		if (src)
			m->cols[i].src = hdr[i];
	}
	/* A mobile phone gives way to a column that is the phone. */
	for (i = 0; i < n; i++) {
		struct crm_mapcol *a = &m->cols[i];

		if (a->to != CRM_TO_FIELD || !a->second)
			continue;
		for (j = 0; j < n; j++)
			if (j != i && m->cols[j].to == CRM_TO_FIELD &&
			    !m->cols[j].second && !strcmp(m->cols[j].field, a->field))
				break;
		if (j < n) {
			a->to = CRM_TO_EXTRA;
			a->field = NULL;
			a->fi = -1;
			a->type = CRM_T_TEXT;
		}
	}
	/* Two columns on one field (or one extra key) would lose one of them. */
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			const struct crm_mapcol *a = &m->cols[i], *b = &m->cols[j];
			int clash = 0;

			if (a->to != b->to || a->to == CRM_TO_SKIP)
				continue;
			if (a->to == CRM_TO_FIELD)
				clash = !strcmp(a->field, b->field);
			else
				clash = !strcmp(a->label, b->label);
			if (clash)
				return crm_err_set(err, CRM_EDATA, file, 1,
				    (long)j + 1, "columns %zu ('%s') and %zu ('%s')"
				    " both map to %s; rename one or use --map",
				    i + 1, a->label, j + 1, b->label,
				    a->to == CRM_TO_FIELD ? a->field :
				    a->to == CRM_TO_FIO ? "the full name" :
				    "the same extra key");
		}
	return 0;
}

struct crm_mapcol *
crm_mapper_column(struct crm_mapper *m, size_t i, const char *name,
    size_t namelen)
{
	struct crm_mapcol *c = find_column(m, i, name, namelen);

	if (c)
		return c;
	/* JSON records may bring keys the first one did not have. */
	m->cols = xreallocarray(m->cols, m->ncols + 1, sizeof *m->cols);
	memset(&m->cols[m->ncols], 0, sizeof *m->cols);	/* no stale counts */
	map_column(m, &m->cols[m->ncols], name, namelen);
	return &m->cols[m->ncols++];
}

size_t
crm_mapper_ncolumns(const struct crm_mapper *m)
{
	return m->ncols;
}

const struct crm_mapcol *
crm_mapper_columns(const struct crm_mapper *m)
{
	return m->cols;
}

/* Status names as crm_norm_label leaves them. */
static const char *const status_open[] = { "open", "открыта", "открыт",
    "в работе", "активна", "active", "in progress", NULL };
/* ... and the final stages of the common CRMs (their default names) */
static const char *const status_won[] = { "won", "выиграна", "выигран",
    "успешно", "успешно реализовано", "успех", "закрыта успешно",
    "оплачено", "closed won", "closed - won", "closed/won", "deal won",
    "сделка успешна", "successful", "successfully realized", NULL };
static const char *const status_lost[] = { "lost", "проиграна", "проигран",
    "отказ", "закрыто и не реализовано", "закрыта неуспешно",
    "неуспешно", "closed lost", "closed - lost", "closed/lost", "deal lost",
    "сделка провалена", "unsuccessful", "closed and not realized", NULL };

int
crm_mapper_status(const char *v, size_t n)
{
	static const char *const *const lists[] = { status_open, status_won,
	    status_lost };
	struct crm_buf text = CRM_BUF_INIT, key = CRM_BUF_INIT;
	const char *why;
	int found = -1;
	size_t li, k;

	crm_norm_text(v, n, &text, &why);
	crm_norm_label(text.buf, text.len, &key);
	for (li = 0; li < N(lists) && found < 0; li++)
		for (k = 0; lists[li][k]; k++)
			if (!strcmp(key.buf, lists[li][k]))
				found = (int)li;
	crm_buf_release(&text);
	crm_buf_release(&key);
	return found;
}

void
crm_mapper_stage(struct crm_mapper *m, const char *name, size_t n, int kind)
{
	struct crm_buf key = CRM_BUF_INIT;
	size_t i;

	crm_norm_label(name, n, &key);
	i = crm_hmap_put(&m->stages, key.buf, key.len, NULL);
	*crm_hmap_val(&m->stages, i) = kind + 1;
	crm_buf_release(&key);
}

int
crm_mapper_stage_status(struct crm_mapper *m, const char *stage, size_t n)
{
	size_t i;

	if (crm_hmap_count(&m->stages)) {
		crm_buf_reset(&m->key);
		crm_norm_label(stage, n, &m->key);
		i = crm_hmap_find(&m->stages, m->key.buf, m->key.len);
		if (i != CRM_HMAP_NONE && crm_hmap_get(&m->stages, i) > 0)
			return (int)crm_hmap_get(&m->stages, i) - 1;
	}
	n = (size_t)crm_mapper_status(stage, n);
	return (int)n == CRM_STATUS_OPEN ? -1 : (int)n;
}

const char *
crm_mapper_status_name(int status)
{
	static const char *const names[] = { "open", "won", "lost" };

	return status >= 0 && status < (int)N(names) ? names[status] : NULL;
}

/*
 * A currency only the country can tell ("$", "¥", "kr", from the end of
 * out at start): the country's own when it writes it so, else the US
 * dollar and the yen; "kr" outside the crowns' countries is dropped.
 */
static void
resolve_currency(const struct crm_country *cc, struct crm_buf *out,
    size_t start)
{
	const char *cur = out->buf + start, *code = cur;

	if (out->len == start || out->len - start == 3)
		return;
	if (cc && cc->symbol && cc->currency && !strcmp(cc->symbol, cur))
		code = cc->currency;
	else if (!strcmp(cur, "$"))
		code = "USD";
	else if (!strcmp(cur, "¥"))
		code = "JPY";
	else
		code = "";
	crm_buf_setlen(out, start);
	crm_buf_adds(out, code);
}

/* Is field a part of one of e's keys? */
static int
key_part(const struct crm_entity *e, const char *field)
{
	const char *const *k;
	const char *p, *q;
	size_t len = strlen(field);

	for (k = e->keys; k && *k; k++)
		for (p = *k; *p; p = *q ? q + 1 : q) {
			q = p + strcspn(p, "+");
			if ((size_t)(q - p) == len && !memcmp(p, field, len))
				return 1;
		}
	return 0;
}

/*
 * May a value of c that cannot be read be kept as found?  An optional
 * date that no key uses: the store holds the text and crm-validate flags
 * it.  A required field, a key's part, an amount or a number, a status
 * cannot be (what the store cannot hold rejects the row).
 */
static int
keep_as_found(const struct crm_mapper *m, const struct crm_mapcol *c)
{
	const struct crm_entity *e = crm_mapper_entity(m);

	return c->type == CRM_T_DATE && e && c->fi >= 0 &&
	    !e->fields[c->fi].required && !key_part(e, c->field);
}

void
crm_mapper_set_date_order(struct crm_mapper *m, int order)
{
	m->date_order = order;
}

static void
keep_value(char *dst, size_t size, const char *v, size_t n)
{
	snprintf(dst, size, "%.*s", (int)(n < size - 8 ? n : size - 8), v);
}

/* A date of column c by the order its values show; -2 on a contradiction. */
static int
date_cell(struct crm_mapper *m, struct crm_mapcol *c, const char *v,
    size_t n, struct crm_buf *out, const char **why)
{
	const struct crm_country *cc = m->row_country;
	int order, shows = -1, rc;
	size_t start = out->len;

	order = c->dorder ? c->dorder : m->date_order ? m->date_order :
	    cc && cc->date_order == 'm' ? 'm' : 'd';
	rc = crm_norm_date_order(v, n, order, out, &shows, why);
	if (shows == 'd' || shows == 'm') {
		if ((m->date_order == 'd' || m->date_order == 'm') &&
		    shows != m->date_order) {
			snprintf(m->msg, sizeof m->msg, "column '%s': line %ld"
			    " '%.*s' is %s first, not as --date-order says",
			    c->label, m->line, (int)(n < 24 ? n : 24), v,
			    shows == 'd' ? "day" : "month");
			*why = m->msg;
			return -2;
		}
		if (c->dorder && shows != c->dorder) {
			snprintf(m->msg, sizeof m->msg, "column '%s': line %ld '%s'"
			    " is %s first, line %ld '%.*s' %s first; give"
			    " --date-order", c->label, c->dorder_line,
			    c->dorder_value, c->dorder == 'd' ? "day" : "month",
			    m->line, (int)(n < 24 ? n : 24), v,
			    shows == 'd' ? "day" : "month");
			*why = m->msg;
			return -2;
		}
		if (!c->dorder && c->ndamb && shows != c->damb_order) {
			snprintf(m->msg, sizeof m->msg, "column '%s': line %ld '%s'"
			    " was read %s first (%s%s), but line %ld '%.*s' is %s"
			    " first; give --date-order or --country", c->label,
			    c->damb_line, c->damb_value, c->damb_order == 'd' ?
			    "day" : "month", m->date_order ? "--date-order" :
			    "the convention of ", m->date_order ? "" :
			    cc->code, m->line, (int)(n < 24 ? n : 24), v,
			    shows == 'd' ? "day" : "month");
			*why = m->msg;
			return -2;
		}
		if (!c->dorder) {
			c->dorder = shows;
			c->dorder_line = m->line;
			keep_value(c->dorder_value, sizeof c->dorder_value, v, n);
			if (rc < 0 && shows != order) {
				/* the first to show it: read it its own way */
				crm_buf_setlen(out, start);
				rc = crm_norm_date_order(v, n, shows, out, NULL, why);
			}
		}
	} else if (shows == 0 && rc == 0 && !c->dorder) {
		if (!c->ndamb++) {
			c->damb_line = m->line;
			c->damb_order = order;
			keep_value(c->damb_value, sizeof c->damb_value, v, n);
		}
	}
	return rc < 0 ? -1 : 0;
}

int
crm_mapper_cell(struct crm_mapper *m, struct crm_mapcol *c, const char *v,
    size_t n, struct crm_buf *out, struct crm_buf *form, const char **why)
{
	const struct crm_country *cc = m->row_country;
	int rc, mark = 0, decimal;
	size_t fstart = form->len, ostart = out->len;
	const char *w2;

	if (c->type == CRM_T_DATE) {
		*why = NULL;
		if (crm_norm_is_missing(v, n))
			return 1;
		rc = date_cell(m, c, v, n, out, why);
		if (rc == -1 && keep_as_found(m, c)) {
			crm_buf_setlen(out, ostart);
			if (crm_norm_text(v, n, out, &w2) < 0) {
				crm_buf_setlen(out, ostart);
				crm_buf_add(out, v, n);
			}
			return 2;
		}
		return rc;
	}
	if (c->type != CRM_T_AMOUNT)
		return crm_mapper_normalise(m, c->type, v, n, out, form, why);
	*why = NULL;
	if (crm_norm_is_missing(v, n))
		return 1;
	decimal = c->decimal ? c->decimal : crm_country_decimal(cc);
	rc = crm_norm_amount_ex(v, n, decimal, out, form, &mark, why);
	if (rc < 0)
		return -1;
	resolve_currency(cc, form, fstart);
	if (mark == '.' || mark == ',') {
		if (!c->decimal) {
			c->decimal = mark;
			c->decimal_line = m->line;
			/* the first value to show the marks disowns those before */
			if (c->namb && mark != c->amb_decimal)
				c->late_line = m->line;
		}
	} else if (mark == 'a' && !c->decimal) {
		if (!c->namb++) {
			c->amb_line = m->line;
			c->amb_decimal = decimal ? decimal : '.';
			snprintf(c->amb_value, sizeof c->amb_value, "%.*s",
			    (int)(n < 24 ? n : 24), v);
		}
	}
	return 0;
}

void
crm_mapper_notes(const struct crm_mapper *m, struct crm_buf *out)
{
	size_t i;

	for (i = 0; i < m->ncols; i++) {
		const struct crm_mapcol *c = &m->cols[i];

		if (c->dorder)
			crm_buf_addf(out, "column '%s': dates %s first, as line %ld"
			    " '%s' shows\n", c->label, c->dorder == 'd' ? "day" :
			    "month", c->dorder_line, c->dorder_value);
		else if (c->ndamb)
			crm_buf_addf(out, "column '%s': %ld date%s such as '%s'"
			    " (line %ld) read %s first, by %s%s; no value of the"
			    " column shows the order\n", c->label, c->ndamb,
			    c->ndamb == 1 ? "" : "s", c->damb_value, c->damb_line,
			    c->damb_order == 'd' ? "day" : c->damb_order == 'm' ?
			    "month" : "year", m->date_order ? "--date-order" :
			    "the convention of ", m->date_order ? "" :
			    m->country->code);
		if (!c->namb)
			continue;
		crm_buf_addf(out, "column '%s': %ld amount%s such as '%s' (line"
		    " %ld) read with '%c' as the decimal mark, the convention of"
		    " %s", c->label, c->namb, c->namb == 1 ? "" : "s",
		    c->amb_value, c->amb_line, c->amb_decimal, m->country->code);
		if (c->late_line)
			crm_buf_addf(out, ", but line %ld shows '%c': check them",
			    c->late_line, c->amb_decimal == ',' ? '.' : ',');
		else
			crm_buf_adds(out, "; no value of the column before them"
			    " showed its separators");
		crm_buf_addc(out, '\n');
	}
}

int
crm_mapper_normalise(struct crm_mapper *m, int type, const char *v,
    size_t n, struct crm_buf *out, struct crm_buf *form, const char **why)
{
	const struct crm_country *cc = m ? m->row_country : NULL;
	struct crm_phone ph;
	const char *lf;
	int st;

	*why = NULL;
	if (crm_norm_is_missing(v, n))
		return 1;	/* no value */
	switch (type) {
	case CRM_T_NAME:
		return crm_norm_name(v, n, out, why) < 0 ?
		    crm_norm_text(v, n, out, why) : 0;
	case CRM_T_COMPANY:
		if (crm_norm_company(v, n, out, form, why) == 0)
			return 0;
		crm_buf_reset(form);
		return crm_norm_text(v, n, out, why);
	case CRM_T_LEGAL_FORM:
		if ((lf = crm_norm_legal_form(v, n)) != NULL) {
			crm_buf_adds(out, lf);
			return 0;
		}
		return crm_norm_text(v, n, out, why);
	case CRM_T_PHONE:
		if (crm_norm_phone(v, n, cc ? cc->code : "RU", &ph, why) == 0) {
			crm_buf_adds(out, ph.display);
			return 0;
		}
		return crm_norm_text(v, n, out, why);	/* kept as found; crm-validate flags it */
	case CRM_T_EMAIL:
		if (crm_norm_email(v, n, out, why) == 0)
			return 0;
		return crm_norm_text(v, n, out, why);
	case CRM_T_INN:
		if (crm_norm_inn(v, n, out, why) == 0)
			return 0;
		return crm_norm_text(v, n, out, why);
	case CRM_T_KPP:
		if (crm_norm_kpp(v, n, out, why) == 0)
			return 0;
		return crm_norm_text(v, n, out, why);
	case CRM_T_OGRN:
		if (crm_norm_ogrn(v, n, out, why) == 0 ||
		    crm_norm_ogrnip(v, n, out, why) == 0)
			return 0;
		return crm_norm_text(v, n, out, why);
	case CRM_T_POSTAL:
		if (cc && strcmp(cc->code, "RU")) {
			if (!m->postal)
				m->postal = crm_postal_new();
			if (crm_postal_check(m->postal, cc, v, n, out, why) >= 0)
				return 0;
			return crm_norm_text(v, n, out, why);
		}
		if (crm_norm_postal(v, n, out, why) == 0)
			return 0;
		return crm_norm_text(v, n, out, why);
	case CRM_T_COUNTRY: {
		const struct crm_country *c = crm_country_lookup(v, n);

		if (c) {
			crm_buf_adds(out, c->code);
			return 0;
		}
		return crm_norm_text(v, n, out, why);	/* crm-validate flags it */
	}
	case CRM_T_DATE:
		if (crm_norm_date(v, n, out, why) == 0)
			return 0;
		return -1;
	case CRM_T_CURRENCY:
		if (crm_norm_currency(v, n, out, why) == 0) {
			resolve_currency(cc, out, 0);
			if (out->len)
				return 0;
		}
		return crm_norm_text(v, n, out, why);	/* crm-validate flags it */
	case CRM_T_NUMBER:
		/* A per cent sign says the unit the field already has. */
		while (n && (v[n - 1] == ' ' || v[n - 1] == '%'))
			n--;
		/* FALLTHROUGH */
	case CRM_T_AMOUNT:
		if (crm_norm_amount(v, n, out, why) == 0)
			return 0;
		return -1;
	case CRM_T_INT: {
		size_t i, start;

		if (crm_norm_text(v, n, out, why) < 0)
			return -1;
		start = out->buf[0] == '-' ? 1 : 0;
		for (i = start; i < out->len; i++)
			if (out->buf[i] < '0' || out->buf[i] > '9')
				break;
		if (out->len > start && i == out->len)
			return 0;
		*why = "not a whole number";
		return -1;
	}
	case CRM_T_STATUS:
	case CRM_T_KIND:
		if ((st = crm_mapper_status(v, n)) >= 0) {
			crm_buf_adds(out, crm_mapper_status_name(st));
			return 0;
		}
		*why = "not open, won or lost";
		return -1;
	default:
		return crm_norm_text(v, n, out, why);
	}
}

int
crm_mapper_record(struct crm_mapper *m, const char *file,
    const struct crm_record *in, struct crm_record *out, struct crm_err *err)
{
	struct crm_buf v = CRM_BUF_INIT, form = CRM_BUF_INIT;
	const char *why;
	size_t i;
	int rc = 0;

	crm_record_reset(out);
	out->line = in->line;
	out->recno = in->recno;
	out->ncells = in->ncells;
	crm_mapper_row(m, in);
	for (i = 0; i < in->n; i++) {
		const struct crm_field *f = &in->f[i];
		struct crm_mapcol *c = crm_mapper_column(m, i, f->name,
		    f->namelen);

		if (c->to != CRM_TO_FIELD || !f->value) {
			crm_record_add(out, f->name, f->namelen, f->value,
			    f->len);
			continue;
		}
		crm_buf_reset(&v);
		crm_buf_reset(&form);
		rc = crm_mapper_cell(m, c, f->value, f->len, &v, &form, &why);
		if (rc < 0 || rc == 2) {	/* read, not stored: not kept */
			crm_err_set(err, CRM_EDATA, crm_inname(file), in->line,
			    (long)i + 1, "%s: %s '%.*s'", c->label,
			    why ? why : "cannot be read",
			    (int)(f->len > 60 ? 60 : f->len), f->value);
			rc = -1;
			break;
		}
		crm_record_add(out, c->field, strlen(c->field),
		    rc ? "" : v.buf, rc ? 0 : v.len);
		rc = 0;
	}
	crm_buf_release(&v);
	crm_buf_release(&form);
	return rc < 0 ? -1 : 0;
}
