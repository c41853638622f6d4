#include <string.h>

#include "sources.h"
#include "util.h"

static const char *const ru_values[] = {
	"Сайт", "Реклама", "Рекомендация", "Холодный звонок", "Входящий звонок",
	"Выставка", "Соцсети", "Email-рассылка", "Партнёр", "Другое", NULL
};
static const struct crm_source_syn ru_syn[] = {
	{ "веб-сайт", "Сайт" }, { "лендинг", "Сайт" },
	{ "контекстная реклама", "Реклама" }, { "яндекс.директ", "Реклама" },
	{ "директ", "Реклама" }, { "таргет", "Реклама" },
	{ "сарафан", "Рекомендация" }, { "звонок", "Входящий звонок" },
	{ "социальные сети", "Соцсети" }, { "рассылка", "Email-рассылка" },
	{ "партнер", "Партнёр" }, { NULL, NULL }
};

/* The sources CRMs offer by default (HubSpot, Salesforce, Zoho ...). */
static const char *const en_values[] = {
	"Website", "Advertising", "Referral", "Cold call", "Inbound call",
	"Trade show", "Social media", "Email", "Partner", "Organic search",
	"Other", NULL
};
static const struct crm_source_syn en_syn[] = {
	{ "web", "Website" }, { "site", "Website" }, { "web site", "Website" },
	{ "web download", "Website" }, { "direct traffic", "Website" },
	{ "ads", "Advertising" }, { "advertisement", "Advertising" },
	{ "paid search", "Advertising" }, { "paid social", "Advertising" },
	{ "google ads", "Advertising" }, { "referrals", "Referral" },
	{ "recommendation", "Referral" }, { "word of mouth", "Referral" },
	{ "employee referral", "Referral" }, { "external referral", "Referral" },
	{ "cold calling", "Cold call" }, { "phone inquiry", "Inbound call" },
	{ "inbound phone", "Inbound call" }, { "exhibition", "Trade show" },
	{ "expo", "Trade show" }, { "event", "Trade show" },
	{ "social", "Social media" }, { "organic social", "Social media" },
	{ "e-mail", "Email" }, { "email marketing", "Email" },
	{ "newsletter", "Email" }, { "partner referral", "Partner" },
	{ "partners", "Partner" }, { "seo", "Organic search" },
	{ "search", "Organic search" }, { "offline sources", "Other" },
	{ NULL, NULL }
};

static const struct crm_source_list lists[] = {
	{ "ru", ru_values, ru_syn },
	{ "en", en_values, en_syn },
};

const struct crm_source_list *
crm_sources_default(const char *lang)
{
	return lang && !strcmp(lang, "ru") ? &lists[0] : &lists[1];
}

const char *
crm_sources_lang(const char *country)
{
	return !country || !strcmp(country, "RU") || !strcmp(country, "BY") ||
	    !strcmp(country, "KZ") ? "ru" : "en";
}

void
crm_sources_synonyms(const struct crm_source_list *l, const char *value,
    struct crm_buf *out)
{
	const struct crm_source_syn *s;
	int first = 1;

	for (s = l->synonyms; s->synonym; s++) {
		if (strcmp(s->value, value))
			continue;
		if (!first)
			crm_buf_addc(out, '|');
		first = 0;
		crm_buf_adds(out, s->synonym);
	}
}
