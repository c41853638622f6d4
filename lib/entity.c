#include <string.h>

#include "entity.h"

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
	{ "country", CRM_T_COUNTRY, 0 },
	{ "source", CRM_T_TEXT, 0 },
	{ "owner", CRM_T_TEXT, 0 },
	{ "birthday", CRM_T_DATE, 0 },
	{ "created_at", CRM_T_DATE, 0 },
};
static const char *const contacts_k[] = { "external_id", "email", "phone", NULL };

static const struct crm_fielddef companies_f[] = {
	{ "external_id", CRM_T_REF, 0 },
	{ "name", CRM_T_COMPANY, 1 },
	{ "full_name", CRM_T_TEXT, 0 },
	{ "legal_form", CRM_T_LEGAL_FORM, 0 },
	{ "inn", CRM_T_INN, 0 },
	{ "kpp", CRM_T_KPP, 0 },
	{ "ogrn", CRM_T_OGRN, 0 },
	{ "industry", CRM_T_TEXT, 0 },
	{ "size", CRM_T_TEXT, 0 },
	{ "city", CRM_T_TEXT, 0 },
	{ "address", CRM_T_TEXT, 0 },
	{ "postal_code", CRM_T_POSTAL, 0 },
	{ "country", CRM_T_COUNTRY, 0 },
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
	{ "currency", CRM_T_CURRENCY, 0 },
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
	{ "currency", CRM_T_CURRENCY, 0 },
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
	{ "required", CRM_T_TEXT, 0 },	/* must not be skipped (crm-funnel --check) */
	{ "requires", CRM_T_TEXT, 0 },	/* deal fields needed from this stage on */
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
