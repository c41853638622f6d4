/* rules: loading (builtin and strict errors) and record evaluation. */
#include <string.h>

#include "rules.h"
#include "sources.h"
#include "tap.h"

struct seen {
	int n;
	char codes[512];
	char last_fix[128];
	long last_column;
};

static void
collect(void *ctx, const struct crm_violation *v)
{
	struct seen *s = ctx;

	s->n++;
	if (strlen(s->codes) + strlen(v->code) + 2 < sizeof s->codes) {
		if (*s->codes)
			strcat(s->codes, " ");
		strcat(s->codes, v->code);
	}
	snprintf(s->last_fix, sizeof s->last_fix, "%s", v->fix ? v->fix : "");
	s->last_column = v->column;
}

static struct crm_rules *
load(const char *text, const char *entity, struct crm_err *err)
{
	crm_err_clear(err);
	return crm_rules_load_text(text, strlen(text), "t.json", entity, err);
}

/* Check one record of (name, value) pairs; returns the codes seen. */
static const char *
check(const struct crm_rules *R, const char *entity, const char *const *kv,
    struct seen *s, struct crm_record *fixed)
{
	struct crm_validate_opts o;
	struct crm_validator *v;
	struct crm_record rec = CRM_RECORD_INIT;
	struct crm_err err = CRM_ERR_INIT;
	const char *labels[16];
	size_t n = 0, i;

	memset(s, 0, sizeof *s);
	memset(&o, 0, sizeof o);
	o.entity = entity;
	o.violation = collect;
	o.ctx = s;
	o.fix = fixed ? CRM_FIX_SAFE : CRM_FIX_NONE;
	v = crm_validator_new(R, &o, &err);
	if (!v)
		return "(no validator)";
	for (i = 0; kv[i]; i += 2) {
		labels[n++] = kv[i];
		crm_record_adds(&rec, kv[i], kv[i + 1]);
	}
	rec.line = 2;
	rec.recno = 1;
	rec.ncells = n;
	crm_validator_begin(v, "t.csv", NULL, labels, n, NULL);
	crm_validator_record(v, &rec, fixed, &err);
	crm_validator_free(v);
	crm_record_release(&rec);
	return s->codes;
}

/* Does the builtin text hold each value and synonym of the Russian sources? */
static int
builtin_has_sources(const char *text)
{
	const struct crm_source_list *l = crm_sources_default("ru");
	char want[256];
	size_t i;

	for (i = 0; l->values[i]; i++) {
		snprintf(want, sizeof want, "\"%s\"%s", l->values[i],
		    l->values[i + 1] ? "," : "],");
		if (!strstr(text, want))
			return 0;
	}
	for (i = 0; l->synonyms[i].synonym; i++) {
		snprintf(want, sizeof want, "\"%s\": \"%s\"",
		    l->synonyms[i].synonym, l->synonyms[i].value);
		if (!strstr(text, want))
			return 0;
	}
	return i > 0;
}

int
main(void)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_rules *R;
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_record fixed = CRM_RECORD_INIT;
	struct seen s;
	const char *e[] = { "contacts", "companies", "deals" };
	size_t i;

	for (i = 0; i < 3; i++) {
		R = crm_rules_load(NULL, e[i], &err);
		ok(R != NULL, "builtin %s rules load", e[i]);
		crm_rules_free(R);
		crm_buf_reset(&b);
		ok(crm_rules_builtin(e[i], &b) == 0 && b.len > 100 && b.buf[0] == '{',
		    "builtin %s text", e[i]);
		ok(builtin_has_sources(b.buf), "builtin %s lead sources are "
		    "lib/sources.c's Russian list", e[i]);
	}
	ok(crm_rules_builtin("orders", &b) < 0, "no builtin orders rules");
	crm_buf_release(&b);
	ok(crm_rules_load(NULL, "orders", &err) == NULL && err.code == CRM_EUSAGE,
	    "loading builtin orders fails");

	/* Strict loading. */
	R = load("{\"entities\":{\"contacts\":{\"fields\":{\"x\":{\"pattrn\":\"a\"}}}}}",
	    "contacts", &err);
	ok(!R && strstr(err.msg, "entities.contacts.fields.x.pattrn: unknown key 'pattrn'"),
	    "unknown key: %s", err.msg);
	ok(err.line == 1 && err.column == 41, "unknown key at 1:41 (%ld:%ld)",
	    err.line, err.column);
	R = load("{\"version\":1,\n\"version\":1}", NULL, &err);
	ok(!R && err.line == 2 && strstr(err.msg, "duplicate"), "duplicate key: %ld %s",
	    err.line, err.msg);
	R = load("{\"entities\":{\"contacts\":{\"fields\":{\"x\":{\"pattern\":\"(\"}}}}}",
	    "contacts", &err);
	ok(!R && strstr(err.msg, "bad pattern") && strstr(err.msg, "offset 1"),
	    "bad pattern: %s", err.msg);
	R = load("{\"entities\":{\"contacts\":{\"fields\":{\"x\":{\"type\":\"money\"}}}}}",
	    "contacts", &err);
	ok(!R && strstr(err.msg, "unknown type 'money'"), "bad type: %s", err.msg);
	R = load("{\"entities\":{\"contacts\":{\"fields\":{\"x\":{\"type\":\"string\","
	    "\"minimum\":1}}}}}", "contacts", &err);
	ok(!R && strstr(err.msg, "minimum and maximum are for"), "minimum on a string: %s",
	    err.msg);
	R = load("{\"rules\":[{\"entity\":\"contacts\",\"require\":[\"a\"],\"forbid\":[\"b\"]}]}",
	    "contacts", &err);
	ok(!R && strstr(err.msg, "one of require"), "two kinds in a rule: %s", err.msg);
	R = load("[]", NULL, &err);
	ok(!R && strstr(err.msg, "JSON object"), "not an object: %s", err.msg);
	R = load("{}", "contacts", &err);
	ok(!R && strstr(err.msg, "no rules for contacts"), "no entity: %s", err.msg);

	/* Evaluation. */
	R = load("{\"lists\":{\"c\":{\"values\":[\"red\",\"green\"],"
	    "\"synonyms\":{\"красный\":\"red\"},\"caseInsensitive\":true}},"
	    "\"entities\":{\"contacts\":{\"fields\":{"
	    "\"phone\":{\"type\":\"phone\",\"required\":true},"
	    "\"color\":{\"enum\":{\"$list\":\"c\"}},"
	    "\"n\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":9},"
	    "\"code\":{\"pattern\":\"[A-Z][0-9]\"}}}},"
	    "\"rules\":[{\"id\":\"r1\",\"entity\":\"contacts\",\"when\":{\"field\":\"color\","
	    "\"equals\":\"red\"},\"require\":[\"code\"]}]}", "contacts", &err);
	ok(R != NULL, "test rules load (%s)", err.msg);
	{
		const char *good[] = { "phone", "89123456789", "color", "КРАСНЫЙ", "n", "5",
		    "code", "A1", NULL };
		const char *bad[] = { "phone", "123", "color", "gren", "n", "10", "code", "a1",
		    NULL };
		const char *rule[] = { "phone", "", "color", "red", "code", "", NULL };

		is(check(R, "contacts", good, &s, NULL), "", "a good record has no violation");
		is(check(R, "contacts", bad, &s, NULL),
		    "phone-invalid enum-error maximum pattern-error", "a bad record");
		is(check(R, "contacts", rule, &s, NULL), "required rule-violation",
		    "required and a cross-field rule");
		ok(s.last_column == 3, "the rule points at the code column (%ld)",
		    s.last_column);
		is(check(R, "contacts", good, &s, &fixed), "", "fix mode");
		is(crm_record_value(&fixed, "phone"), "+7 (912) 345-67-89", "phone fixed");
		is(crm_record_value(&fixed, "color"), "red", "synonym fixed");
		is(crm_record_value(&fixed, "n"), "5", "integer kept");
	}
	crm_rules_free(R);
	crm_record_release(&fixed);
	return done_testing();
}
