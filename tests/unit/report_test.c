/*
 * report_test: the quality audit's counting (a value counted once, empty
 * values and info never invalid), the daily sections' totals, and the
 * workbook's sheets (names made legal, a name twice refused).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "report.h"
#include "rules.h"
#include "tap.h"
#include "xlsxw.h"

/* The value of column col in row i of report kind, "" when empty. */
static const char *
cell(struct crm_report *r, int kind, size_t i, const char *col,
    struct crm_record *out)
{
	const char *v;

	if (!crm_report_row(r, kind, i, out))
		return "(no row)";
	v = crm_record_value(out, col);
	return v ? v : "";
}

static void
test_quality(void)
{
	static const char *const fields[] = { "email", "phone" };
	struct crm_report_opts o = CRM_REPORT_OPTS_INIT;
	struct crm_report *r = crm_report_new(&o);
	struct crm_record rec = CRM_RECORD_INIT, out = CRM_RECORD_INIT;
	size_t n;

	crm_report_audit_begin(r, "contacts", fields, 2);
	/* 1: a bad e-mail breaking two rules, counted once */
	crm_record_adds(&rec, "email", "bad@");
	crm_report_audit_record(r, &rec);
	crm_report_audit_violation(r, "email", CRM_SEV_ERROR);
	crm_report_audit_violation(r, "email", CRM_SEV_WARNING);
	/* 2: no phone, a required-field error: not an invalid value */
	crm_record_reset(&rec);
	crm_record_adds(&rec, "email", "a@example.com");
	crm_report_audit_record(r, &rec);
	crm_report_audit_violation(r, "phone", CRM_SEV_ERROR);
	/* 3: a phone with an info note only; a violation of no field */
	crm_record_reset(&rec);
	crm_record_adds(&rec, "phone", "+79001234567");
	crm_report_audit_record(r, &rec);
	crm_report_audit_violation(r, "phone", CRM_SEV_INFO);
	crm_report_audit_violation(r, NULL, CRM_SEV_ERROR);
	crm_report_audit_violation(r, "city", CRM_SEV_ERROR);
	crm_report_audit_duplicates(r, "contacts", 3, 1, 1);
	crm_report_finish(r);
	crm_report_columns(r, CRM_REPORT_QUALITY, &n);
	ok(n == 9 && crm_report_nrows(r, CRM_REPORT_QUALITY) == 3,
	    "quality: two fields and the duplicates, 9 columns");
	is(cell(r, CRM_REPORT_QUALITY, 0, "count", &out), "2", "email filled 2");
	is(cell(r, CRM_REPORT_QUALITY, 0, "invalid", &out), "1",
	    "a value breaking two rules is one invalid value");
	is(cell(r, CRM_REPORT_QUALITY, 0, "validity", &out), "0.5000",
	    "validity (2 - 1) / 2");
	is(cell(r, CRM_REPORT_QUALITY, 1, "invalid", &out), "0",
	    "an empty value and an info note: no invalid phone");
	is(cell(r, CRM_REPORT_QUALITY, 1, "rate", &out), "0.3333",
	    "phone completeness 1 / 3");
	is(cell(r, CRM_REPORT_QUALITY, 2, "section", &out), "duplicates",
	    "then the duplicates");
	is(cell(r, CRM_REPORT_QUALITY, 2, "validity", &out), "0.6667",
	    "(3 - 1) / 3 records left after a merge");
	crm_record_release(&rec);
	crm_record_release(&out);
	crm_report_free(r);
}

static void
test_daily_empty(void)
{
	struct crm_report_opts o = CRM_REPORT_OPTS_INIT;
	struct crm_report *r;
	struct crm_record out = CRM_RECORD_INIT;
	size_t i;
	int zero = 1;

	o.as_of = 19857;	/* 2024-05-14 */
	r = crm_report_new(&o);
	crm_report_finish(r);
	ok(crm_report_nrows(r, CRM_REPORT_DAILY) == 8,
	    "daily of nothing: one total per section");
	for (i = 0; i < 8; i++)
		zero &= !strcmp(cell(r, CRM_REPORT_DAILY, i, "count", &out),
		    "0");
	ok(zero, "each 0");
	is(cell(r, CRM_REPORT_DAILY, 3, "amount", &out), "0.00",
	    "won: an amount of 0.00");
	is(cell(r, CRM_REPORT_DAILY, 0, "amount", &out), "",
	    "new_leads: no amount");
	crm_record_release(&out);
	crm_report_free(r);
}

static void
test_sheets(void)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_xlsxw *w = crm_xlsxw_open(0, &err);
	const char *const hdr[] = { "a" };
	const size_t len[] = { 1 };
	FILE *devnull = fopen("/dev/null", "w");

	ok(w != NULL, "a workbook");
	ok(crm_xlsxw_sheet(w, "daily", &err) == 0, "a sheet");
	ok(crm_xlsxw_row(w, hdr, len, NULL, 1, &err) == 0, "its header");
	ok(crm_xlsxw_sheet(w, "a/b:c[d]*?", &err) == 0,
	    "a name with characters Excel refuses, made legal");
	ok(crm_xlsxw_sheet(w, "Сводка по источникам лидов за квартал",
	    &err) == 0, "a long Cyrillic name: cut at a character");
	ok(crm_xlsxw_sheet(w, "daily", &err) < 0 && err.msg[0],
	    "the same name twice: refused, with why");
	ok(crm_xlsxw_close(w, devnull, &err) == 0, "closed");
	fclose(devnull);
}

int
main(void)
{
	test_quality();
	test_daily_empty();
	test_sheets();
	return done_testing();
}
