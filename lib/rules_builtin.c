/*
 * rules_builtin: the builtin rules files of contacts, companies and deals
 * (crm_rules_builtin, see rules.h).  Moved out of rules.c.
 */
#include <string.h>

#include "jsonio.h"
#include "rules.h"
#include "sources.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The defaults and the lead-source list every entity's rules share, up to
 * the list's last member: written once, put in by crm_rules_builtin where
 * an entity's lines hold it.  The list's values and synonyms are the
 * Russian default of lib/sources.c (the builtin rules' country is 7),
 * written out by lead_sources().
 */
static const char defaults_and_sources[] =
	"  \"defaults\": {\n"
	"    \"severity\": \"error\",\n"
	"    \"missingValues\": [\"\", \"-\", \"—\", \"н/д\", \"N/A\", \"n/a\", \"#N/A\", \"null\", \"NULL\"],\n"
	"    \"country\": \"7\"\n"
	"  },\n"
	"  \"lists\": {\n"
	"    \"lead_source\": {\n"
	"      \"description\": \"the fixed list of lead sources; synonyms map onto it\",\n";

/* The lead-source list's values and synonyms, 5 values and 3 synonyms a line. */
static void
lead_sources(struct crm_buf *out)
{
	const struct crm_source_list *l = crm_sources_default("ru");
	size_t i;

	crm_buf_adds(out, "      \"values\": [");
	for (i = 0; l->values[i]; i++) {
		if (i)
			crm_buf_adds(out, i % 5 ? ", " : ",\n                 ");
		crm_json_encode_str(out, l->values[i]);
	}
	crm_buf_adds(out, "],\n      \"synonyms\": {\n        ");
	for (i = 0; l->synonyms[i].synonym; i++) {
		if (i)
			crm_buf_adds(out, i % 3 ? ", " : ",\n        ");
		crm_json_encode_str(out, l->synonyms[i].synonym);
		crm_buf_adds(out, ": ");
		crm_json_encode_str(out, l->synonyms[i].value);
	}
	crm_buf_adds(out, "\n      },\n      \"caseInsensitive\": true\n");
}

/*
 * The builtin rules, one complete rules file per entity, kept as lines so
 * that no literal exceeds what ISO C promises; --print-rules prints them.
 */
static const char *const builtin_contacts[] = {
	"{\n",
	"  \"version\": 1,\n",
	"  \"description\": \"crm-validate builtin rules for contacts\",\n",
	defaults_and_sources,
	"    }\n",
	"  },\n",
	"  \"entities\": {\n",
	"    \"contacts\": {\n",
	"      \"headerAliases\": {\n",
	"        \"source\": [\"Источник лида\", \"Канал привлечения\", \"Lead source\"]\n",
	"      },\n",
	"      \"fields\": {\n",
	"        \"external_id\": { \"type\": \"string\", \"unique\": true, \"maxLength\": 64 },\n",
	"        \"last_name\": { \"type\": \"string\", \"maxLength\": 100 },\n",
	"        \"first_name\": { \"type\": \"string\", \"maxLength\": 100 },\n",
	"        \"middle_name\": { \"type\": \"string\", \"maxLength\": 100 },\n",
	"        \"position\": { \"type\": \"string\", \"maxLength\": 200 },\n",
	"        \"company\": { \"type\": \"string\", \"maxLength\": 255 },\n",
	"        \"phone\": { \"type\": \"phone\" },\n",
	"        \"email\": { \"type\": \"email\", \"maxLength\": 254 },\n",
	"        \"city\": { \"type\": \"string\", \"maxLength\": 100 },\n",
	"        \"postal_code\": { \"type\": \"postal\" },\n",
	"        \"source\": { \"type\": \"string\", \"enum\": { \"$list\": \"lead_source\" } },\n",
	"        \"birthday\": { \"type\": \"date\", \"minimum\": \"1900-01-01\", \"maximum\": \"today\",\n",
	"                      \"message\": \"birthday is not a plausible past date\" },\n",
	"        \"created_at\": { \"type\": \"date\", \"minimum\": \"1990-01-01\", \"maximum\": \"today\",\n",
	"                        \"message\": \"creation date lies in the future or before 1990\" }\n",
	"      }\n",
	"    }\n",
	"  },\n",
	"  \"rules\": [\n",
	"    { \"id\": \"contacts.name\", \"entity\": \"contacts\", \"requireAny\": [\"last_name\", \"first_name\"],\n",
	"      \"message\": \"a contact needs a name (last or first name, or ФИО)\" },\n",
	"    { \"id\": \"contacts.phone-or-email\", \"entity\": \"contacts\", \"requireAny\": [\"phone\", \"email\"],\n",
	"      \"message\": \"a contact needs a phone or an email\" }\n",
	"  ]\n",
	"}\n",
	NULL
};

static const char *const builtin_companies[] = {
	"{\n",
	"  \"version\": 1,\n",
	"  \"description\": \"crm-validate builtin rules for companies\",\n",
	defaults_and_sources,
	"    }\n",
	"  },\n",
	"  \"entities\": {\n",
	"    \"companies\": {\n",
	"      \"fields\": {\n",
	"        \"external_id\": { \"type\": \"string\", \"unique\": true, \"maxLength\": 64 },\n",
	"        \"name\": { \"type\": \"string\", \"required\": true, \"maxLength\": 255, \"noLegalForm\": \"warning\",\n",
	"                  \"message\": \"keep the legal form in legal_form, not in the name\" },\n",
	"        \"legal_form\": { \"type\": \"string\", \"maxLength\": 50 },\n",
	"        \"inn\": { \"type\": \"inn\", \"unique\": \"warning\" },\n",
	"        \"kpp\": { \"type\": \"kpp\" },\n",
	"        \"ogrn\": { \"type\": \"ogrn\" },\n",
	"        \"city\": { \"type\": \"string\", \"maxLength\": 100 },\n",
	"        \"postal_code\": { \"type\": \"postal\" },\n",
	"        \"phone\": { \"type\": \"phone\" },\n",
	"        \"email\": { \"type\": \"email\", \"maxLength\": 254 },\n",
	"        \"website\": { \"type\": \"url\" },\n",
	"        \"source\": { \"type\": \"string\", \"enum\": { \"$list\": \"lead_source\" } },\n",
	"        \"created_at\": { \"type\": \"date\", \"minimum\": \"1990-01-01\", \"maximum\": \"today\",\n",
	"                        \"message\": \"creation date lies in the future or before 1990\" }\n",
	"      }\n",
	"    }\n",
	"  },\n",
	"  \"rules\": [\n",
	"    { \"id\": \"companies.no-kpp-for-entrepreneur\", \"entity\": \"companies\",\n",
	"      \"when\": { \"field\": \"inn\", \"pattern\": \"[0-9]{12}\" }, \"forbid\": [\"kpp\"],\n",
	"      \"message\": \"an individual entrepreneur (12-digit ИНН) has no КПП\" },\n",
	"    { \"id\": \"companies.kpp-for-organisation\", \"entity\": \"companies\", \"severity\": \"warning\",\n",
	"      \"when\": { \"field\": \"inn\", \"pattern\": \"[0-9]{10}\" }, \"require\": [\"kpp\"],\n",
	"      \"message\": \"an organisation (10-digit ИНН) should have its КПП\" }\n",
	"  ]\n",
	"}\n",
	NULL
};

static const char *const builtin_deals[] = {
	"{\n",
	"  \"version\": 1,\n",
	"  \"description\": \"crm-validate builtin rules for deals\",\n",
	defaults_and_sources,
	"    },\n",
	"    \"deal_status\": {\n",
	"      \"values\": [\"open\", \"won\", \"lost\"],\n",
	"      \"synonyms\": { \"в работе\": \"open\", \"открыта\": \"open\", \"выиграна\": \"won\", \"успешно\": \"won\",\n",
	"                    \"успешно реализовано\": \"won\", \"проиграна\": \"lost\", \"закрыта и не реализована\": \"lost\",\n",
	"                    \"закрыто и не реализовано\": \"lost\", \"сделка успешна\": \"won\", \"сделка провалена\": \"lost\",\n",
	"                    \"closed won\": \"won\", \"closed lost\": \"lost\", \"closed - won\": \"won\",\n",
	"                    \"closed - lost\": \"lost\", \"successful\": \"won\" },\n",
	"      \"caseInsensitive\": true\n",
	"    },\n",
	"    \"currency\": {\n",
	"      \"values\": [\"RUB\", \"USD\", \"EUR\", \"KZT\", \"BYN\", \"CNY\", \"GBP\", \"BRL\", \"CAD\",\n",
	"                 \"AUD\", \"CHF\", \"JPY\", \"INR\", \"UAH\", \"PLN\", \"SEK\", \"NOK\", \"DKK\",\n",
	"                 \"CZK\", \"TRY\", \"MXN\", \"ZAR\", \"NZD\", \"SGD\", \"HKD\", \"AED\", \"ILS\"],\n",
	"      \"synonyms\": { \"₽\": \"RUB\", \"руб\": \"RUB\", \"руб.\": \"RUB\", \"р.\": \"RUB\", \"RUR\": \"RUB\",\n",
	"                    \"$\": \"USD\", \"€\": \"EUR\", \"тенге\": \"KZT\", \"¥\": \"CNY\" },\n",
	"      \"caseInsensitive\": true\n",
	"    }\n",
	"  },\n",
	"  \"entities\": {\n",
	"    \"deals\": {\n",
	"      \"fields\": {\n",
	"        \"external_id\": { \"type\": \"string\", \"unique\": true, \"maxLength\": 64 },\n",
	"        \"title\": { \"type\": \"string\", \"maxLength\": 255 },\n",
	"        \"stage\": { \"type\": \"string\", \"maxLength\": 100 },\n",
	"        \"status\": { \"type\": \"string\", \"enum\": { \"$list\": \"deal_status\" } },\n",
	"        \"amount\": { \"type\": \"number\", \"minimum\": 0 },\n",
	"        \"currency\": { \"type\": \"string\", \"enum\": { \"$list\": \"currency\" } },\n",
	"        \"source\": { \"type\": \"string\", \"enum\": { \"$list\": \"lead_source\" } },\n",
	"        \"created_at\": { \"type\": \"date\", \"minimum\": \"1990-01-01\", \"maximum\": \"today\",\n",
	"                        \"message\": \"creation date lies in the future or before 1990\" },\n",
	"        \"expected_close\": { \"type\": \"date\", \"minimum\": \"1990-01-01\" },\n",
	"        \"closed_at\": { \"type\": \"date\", \"minimum\": \"1990-01-01\", \"maximum\": \"today\",\n",
	"                       \"message\": \"a deal cannot close in the future\" }\n",
	"      },\n",
	"      \"foreignKeys\": [\n",
	"        { \"fields\": [\"company\"], \"reference\": { \"entity\": \"companies\", \"fields\": [\"external_id\", \"inn\", \"full_name\", \"name\"] } },\n",
	"        { \"fields\": [\"contact\"], \"reference\": { \"entity\": \"contacts\", \"fields\": [\"external_id\", \"email\", \"phone\"] } }\n",
	"      ]\n",
	"    }\n",
	"  },\n",
	"  \"rules\": [\n",
	"    { \"id\": \"deals.open-needs-title\", \"entity\": \"deals\",\n",
	"      \"when\": { \"field\": \"status\", \"equals\": \"open\" }, \"require\": [\"title\"],\n",
	"      \"message\": \"an open deal needs a title\" },\n",
	"    { \"id\": \"deals.open-needs-expected-close\", \"entity\": \"deals\", \"severity\": \"warning\",\n",
	"      \"when\": { \"field\": \"status\", \"equals\": \"open\" }, \"require\": [\"expected_close\"],\n",
	"      \"message\": \"an open deal should say when it is expected to close\" },\n",
	"    { \"id\": \"deals.won-needs-amount\", \"entity\": \"deals\", \"severity\": \"warning\",\n",
	"      \"when\": { \"field\": \"status\", \"equals\": \"won\" }, \"require\": [\"amount\"],\n",
	"      \"message\": \"a won deal should say its amount\" },\n",
	"    { \"id\": \"deals.closed-needs-date\", \"entity\": \"deals\", \"severity\": \"warning\",\n",
	"      \"when\": { \"field\": \"status\", \"in\": [\"won\", \"lost\"] }, \"require\": [\"closed_at\"],\n",
	"      \"message\": \"a won or lost deal should say when it closed\" },\n",
	"    { \"id\": \"deals.lost-needs-reason\", \"entity\": \"deals\", \"severity\": \"warning\",\n",
	"      \"when\": { \"field\": \"status\", \"equals\": \"lost\" }, \"require\": [\"lost_reason\"],\n",
	"      \"message\": \"a lost deal should say why\" }\n",
	"  ]\n",
	"}\n",
	NULL
};

static const struct {
	const char *entity;
	const char *const *lines;
} builtins[] = {
	{ "contacts", builtin_contacts },
	{ "companies", builtin_companies },
	{ "deals", builtin_deals },
};

int
crm_rules_builtin(const char *entity, struct crm_buf *out)
{
	size_t i, j;

	for (i = 0; i < N(builtins); i++)
		if (!strcmp(builtins[i].entity, entity)) {
			for (j = 0; builtins[i].lines[j]; j++) {
				crm_buf_adds(out, builtins[i].lines[j]);
				if (builtins[i].lines[j] == defaults_and_sources)
					lead_sources(out);
			}
			return 0;
		}
	return -1;
}
