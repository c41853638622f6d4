/*
 * fuzz_rules: libFuzzer target for the rules-file loader (Jansson, the
 * place finder, PCRE2 compilation) and, when a file loads, for checking a
 * few records against it.  Built and run by `make fuzz` (clang).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
ignore(void *ctx, const struct crm_violation *v)
{
	(void)ctx;
	(void)v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const labels[] = { "external_id", "phone", "email",
	    "source", "inn", "amount", "ФИО" };
	static const char *const values[][7] = {
		{ "c1", "8 912 345-67-89", "a@b.ru", "Сайт", "7707083893", "1 234,5", "Иванов Иван" },
		{ "c1", "x", "@", "website", "123", "-1", "" },
		{ "", "", "", "", "", "", "" },
	};
	const char *const entities[] = { "contacts", "companies", "deals" };
	struct crm_err err = CRM_ERR_INIT;
	struct crm_rules *R;
	struct crm_record rec = CRM_RECORD_INIT, out = CRM_RECORD_INIT;
	size_t e, i, k;

	R = crm_rules_load_text((const char *)data, size, "fuzz", NULL, &err);
	if (!R)
		return 0;
	for (e = 0; e < 3; e++) {
		struct crm_validate_opts o;
		struct crm_validator *v;
		struct crm_buf sum = CRM_BUF_INIT;

		memset(&o, 0, sizeof o);
		o.entity = entities[e];
		o.violation = ignore;
		o.fix = CRM_FIX_AGGRESSIVE;
		if (!(v = crm_validator_new(R, &o, &err)))
			continue;
		crm_validator_begin(v, "fuzz", NULL, labels, 7, NULL);
		for (i = 0; i < 3; i++) {
			crm_record_reset(&rec);
			for (k = 0; k < 7; k++)
				crm_record_adds(&rec, labels[k], values[i][k]);
			rec.line = (long)i + 2;
			rec.recno = (long)i + 1;
			rec.ncells = 7;
			crm_validator_record(v, &rec, &out, &err);
		}
		crm_validator_summary_json(v, 0.0, 0, &sum);
		crm_validator_summary_text(v, 0.0, 1, &sum);
		crm_buf_release(&sum);
		crm_validator_free(v);
	}
	crm_record_release(&rec);
	crm_record_release(&out);
	crm_rules_free(R);
	return 0;
}
