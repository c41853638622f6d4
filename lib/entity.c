#include <string.h>

#include "entity.h"
#include "norm.h"
#include "util.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct crm_fielddef contacts_f[] = {
	{ "external_id", CRM_T_REF, 0 },
	{ "last_name", CRM_T_NAME, 0 },
	{ "first_name", CRM_T_NAME, 0 },
	{ "middle_name", CRM_T_NAME, 0 },
	{ "position", CRM_T_TEXT, 0 },
	{ "company", CRM_T_TEXT, 0 },
	{ "phone", CRM_T_PHONE, 0 },
	{ "email", CRM_T_EMAIL, 0 },
	{ "city", CRM_T_TEXT, 0 },
	{ "address", CRM_T_TEXT, 0 },
	{ "postal_code", CRM_T_POSTAL, 0 },
	{ "source", CRM_T_TEXT, 0 },
	{ "owner", CRM_T_TEXT, 0 },
	{ "birthday", CRM_T_DATE, 0 },
	{ "created_at", CRM_T_DATE, 0 },
};
static const char *const contacts_k[] = { "external_id", "email", "phone", NULL };

static const struct crm_fielddef companies_f[] = {
	{ "external_id", CRM_T_REF, 0 },
	{ "name", CRM_T_COMPANY, 1 },
	{ "legal_form", CRM_T_LEGAL_FORM, 0 },
	{ "inn", CRM_T_INN, 0 },
	{ "kpp", CRM_T_KPP, 0 },
	{ "ogrn", CRM_T_OGRN, 0 },
	{ "industry", CRM_T_TEXT, 0 },
	{ "size", CRM_T_TEXT, 0 },
	{ "city", CRM_T_TEXT, 0 },
	{ "address", CRM_T_TEXT, 0 },
	{ "postal_code", CRM_T_POSTAL, 0 },
	{ "phone", CRM_T_PHONE, 0 },
	{ "email", CRM_T_EMAIL, 0 },
	{ "website", CRM_T_URL, 0 },
	{ "source", CRM_T_TEXT, 0 },
	{ "owner", CRM_T_TEXT, 0 },
	{ "created_at", CRM_T_DATE, 0 },
};
static const char *const companies_k[] = { "external_id", "inn", "name", NULL };

static const struct crm_fielddef deals_f[] = {
	{ "external_id", CRM_T_REF, 0 },
	{ "title", CRM_T_TEXT, 0 },
	{ "contact", CRM_T_REF, 0 },
	{ "company", CRM_T_REF, 0 },
	{ "stage", CRM_T_TEXT, 0 },
	{ "status", CRM_T_STATUS, 0 },
	{ "amount", CRM_T_AMOUNT, 0 },
	{ "currency", CRM_T_TEXT, 0 },
	{ "source", CRM_T_TEXT, 0 },
	{ "owner", CRM_T_TEXT, 0 },
	{ "created_at", CRM_T_DATE, 0 },
	{ "expected_close", CRM_T_DATE, 0 },
	{ "closed_at", CRM_T_DATE, 0 },
	{ "lost_reason", CRM_T_TEXT, 0 },
};
static const char *const deals_k[] = { "external_id", "title", NULL };

static const struct crm_fielddef deal_stages_f[] = {
	{ "deal", CRM_T_REF, 1 },
	{ "stage", CRM_T_TEXT, 1 },
	{ "entered_at", CRM_T_DATE, 1 },
};
static const char *const deal_stages_k[] = { "deal+stage+entered_at", NULL };

static const struct crm_fielddef orders_f[] = {
	{ "external_id", CRM_T_REF, 0 },
	{ "customer", CRM_T_REF, 1 },
	{ "order_date", CRM_T_DATE, 1 },
	{ "amount", CRM_T_AMOUNT, 1 },
	{ "status", CRM_T_TEXT, 0 },
};
static const char *const orders_k[] = { "external_id", "customer+order_date+amount", NULL };

static const struct crm_fielddef activities_f[] = {
	{ "external_id", CRM_T_REF, 0 },
	{ "type", CRM_T_TEXT, 0 },
	{ "subject", CRM_T_TEXT, 0 },
	{ "contact", CRM_T_REF, 0 },
	{ "deal", CRM_T_REF, 0 },
	{ "owner", CRM_T_TEXT, 0 },
	{ "due_at", CRM_T_DATE, 0 },
	{ "done_at", CRM_T_DATE, 0 },
};
static const char *const activities_k[] = { "external_id", "type+subject+contact+deal+due_at", NULL };

static const struct crm_fielddef spend_f[] = {
	{ "source", CRM_T_TEXT, 1 },
	{ "period", CRM_T_TEXT, 1 },
	{ "amount", CRM_T_AMOUNT, 1 },
};
static const char *const spend_k[] = { "source+period", NULL };

static const struct crm_fielddef stages_f[] = {
	{ "pipeline", CRM_T_TEXT, 0 },
	{ "name", CRM_T_TEXT, 1 },
	{ "position", CRM_T_INT, 0 },
	{ "probability", CRM_T_NUMBER, 0 },
	{ "kind", CRM_T_KIND, 0 },
	{ "sla_days", CRM_T_INT, 0 },
};
static const char *const stages_k[] = { "pipeline+name", "name", NULL };

static const struct crm_fielddef sources_f[] = {
	{ "name", CRM_T_TEXT, 1 },
	{ "synonyms", CRM_T_TEXT, 0 },
};
static const char *const sources_k[] = { "name", NULL };

const struct crm_entity crm_entities[] = {
	{ "contacts", "contacts", contacts_f, N(contacts_f), contacts_k, 1 },
	{ "companies", "companies", companies_f, N(companies_f), companies_k, 1 },
	{ "deals", "deals", deals_f, N(deals_f), deals_k, 1 },
	{ "deal_stages", "deal_stages", deal_stages_f, N(deal_stages_f), deal_stages_k, 0 },
	{ "orders", "orders", orders_f, N(orders_f), orders_k, 1 },
	{ "activities", "activities", activities_f, N(activities_f), activities_k, 1 },
	{ "spend", "spend", spend_f, N(spend_f), spend_k, 0 },
	{ "stages", "stages", stages_f, N(stages_f), stages_k, 0 },
	{ "sources", "sources", sources_f, N(sources_f), sources_k, 0 },
};
const size_t crm_nentities = N(crm_entities);

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
};

const struct crm_entity *
crm_entity_find(const char *name)
{
	size_t i;

	for (i = 0; i < crm_nentities; i++)
		if (!strcmp(crm_entities[i].name, name))
			return &crm_entities[i];
	return NULL;
}

long
crm_entity_field(const struct crm_entity *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->nfields; i++)
		if (!strcmp(e->fields[i].name, name))
			return (long)i;
	return -1;
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

const char *
crm_entity_map_label(const struct crm_entity *e, const char *label, size_t n)
{
	struct crm_buf key = CRM_BUF_INIT;
	const char *found = NULL;
	size_t i;

	crm_norm_label(label, n, &key);
	for (i = 0; i < e->nfields && !found; i++)
		if (same_name(e->fields[i].name, key.buf))
			found = e->fields[i].name;
	for (i = 0; i < N(synonyms) && !found; i++)
		if (synonyms[i].entity && !strcmp(synonyms[i].entity, e->name) &&
		    !strcmp(synonyms[i].label, key.buf))
			found = synonyms[i].field;
	for (i = 0; i < N(synonyms) && !found; i++)
		if (!synonyms[i].entity && !strcmp(synonyms[i].label, key.buf) &&
		    crm_entity_field(e, synonyms[i].field) >= 0)
			found = synonyms[i].field;
	crm_buf_release(&key);
	return found;
}
