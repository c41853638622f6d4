/* funnel_test.c: lib/funnel through its API, with answers worked out by hand. */
#include <stdarg.h>
#include <string.h>

#include "funnel.h"
#include "tap.h"

#define DAY 86400
#define D2024_03_01 19783	/* days since 1970-01-01 */

static struct crm_record rec;

/* A record from "name=value" pairs (a name alone: a missing value). */
static const struct crm_record *
mk(long line, ...)
{
	va_list ap;
	const char *kv;

	crm_record_reset(&rec);
	rec.line = line;
	rec.recno = line - 1;
	va_start(ap, line);
	while ((kv = va_arg(ap, const char *)) != NULL) {
		const char *eq = strchr(kv, '=');

		if (eq)
			crm_record_add(&rec, kv, (size_t)(eq - kv), eq + 1,
			    strlen(eq + 1));
		else
			crm_record_add(&rec, kv, strlen(kv), NULL, 0);
	}
	va_end(ap);
	return &rec;
}

static void
stages(struct crm_funnel *f, struct crm_err *err)
{
	crm_funnel_add_stage(f, mk(2, "name=Lead", "position=1",
	    "probability=10", "kind=open", "sla_days=3", NULL), "s", err);
	crm_funnel_add_stage(f, mk(3, "name=Deal", "position=2",
	    "probability=50", "kind=open", "requires=amount", NULL), "s", err);
	crm_funnel_add_stage(f, mk(4, "name=Won", "position=3", "kind=won",
	    NULL), "s", err);
	crm_funnel_add_stage(f, mk(5, "name=Lost", "position=4", "kind=lost",
	    NULL), "s", err);
}

static const char *
cell(struct crm_funnel *f, int report, size_t row, const char *name)
{
	static struct crm_record out = CRM_RECORD_INIT;
	static char buf[64];
	const char *v;

	if (!crm_funnel_row(f, report, row, &out))
		return "(no row)";
	v = crm_record_value(&out, name);
	snprintf(buf, sizeof buf, "%s", v ? v : "(null)");
	return buf;
}

/*
 * add_entries (rows read ahead, their reads overlapped) gives what
 * add_entry row by row gives, and stops at the first bad row.
 */
#define NDEALS 300
#define NHIST (3 * NDEALS)

static void
test_entries(void)
{
	static struct crm_record hist[NHIST];
	static const char *const st[] = { "Lead", "Deal", "Won" };
	struct crm_funnel_opts o = CRM_FUNNEL_OPTS_INIT;
	struct crm_err err = CRM_ERR_INIT;
	struct crm_funnel *f[2];
	char id[32], at[32];
	size_t i, done, row, nrows;
	int k, rc, same = 1, deal;

	o.as_of = (int64_t)(D2024_03_01 + 60) * DAY;
	for (k = 0; k < 2; k++) {
		f[k] = crm_funnel_new(&o);
		stages(f[k], &err);
		for (i = 0; i < NDEALS; i++) {
			snprintf(id, sizeof id, "external_id=D%zu", i);
			crm_funnel_add_deal(f[k], mk((long)i + 2, id,
			    "stage=Lead", "amount=10", "created_at=2024-03-01",
			    NULL), "d", &err);
		}
	}
	/* row r: deal r*7 mod NDEALS (deals in no order), its stage r / NDEALS,
	 * one minute after row r-1; row 500 names no known deal */
	for (i = 0; i < NHIST; i++) {
		deal = (int)(i * 7 % NDEALS);
		crm_record_reset(&hist[i]);
		hist[i].line = (long)i + 2;
		if (i == 500)
			snprintf(id, sizeof id, "nobody");
		else
			snprintf(id, sizeof id, "D%d", deal);
		snprintf(at, sizeof at, "2024-03-%02zuT%02zu:%02zu:00Z",
		    2 + i / 1440, i / 60 % 24, i % 60);
		crm_record_add(&hist[i], "deal", 4, id, strlen(id));
		crm_record_add(&hist[i], "stage", 5, st[i / NDEALS],
		    strlen(st[i / NDEALS]));
		crm_record_add(&hist[i], "entered_at", 10, at, strlen(at));
	}
	for (i = 0; i < NHIST; i++)
		if ((rc = crm_funnel_add_entry(f[0], &hist[i], "h", &err)) != 0)
			break;
	ok(i == 500 && rc < 0 && err.line == 502, "row by row: the unknown "
	    "deal stops at line 502: %s", err.msg);
	rc = crm_funnel_add_entries(f[1], hist, NHIST, "h", &done, &err);
	ok(rc < 0 && done == 501 && err.line == 502, "read ahead: stops there "
	    "too (%zu taken): %s", done, err.msg);
	for (i = 501; i < NHIST; i++)
		crm_funnel_add_entry(f[0], &hist[i], "h", &err);
	rc = crm_funnel_add_entries(f[1], hist + 501, NHIST - 501, "h", &done,
	    &err);
	ok(rc == 0 && done == NHIST - 501, "the rest read ahead");
	for (k = 0; k < 2; k++)
		crm_funnel_finish(f[k], &err);
	nrows = crm_funnel_nrows(f[0], CRM_FUNNEL_STAGES);
	ok(nrows == 4 && crm_funnel_nrows(f[1], CRM_FUNNEL_STAGES) == nrows,
	    "four stages both ways");
	for (row = 0; row < nrows; row++) {
		static const char *const col[] = { "reached", "entered",
		    "converted", "open", "open_amount", "days_mean",
		    "days_median", "days_p90", "stuck" };
		char a[64];

		for (i = 0; i < sizeof col / sizeof col[0]; i++) {
			snprintf(a, sizeof a, "%s", cell(f[0],
			    CRM_FUNNEL_STAGES, row, col[i]));
			if (strcmp(a, cell(f[1], CRM_FUNNEL_STAGES, row, col[i])))
				same = 0;
		}
	}
	ok(same, "the same per-stage table both ways");
	is(cell(f[1], CRM_FUNNEL_STAGES, 1, "entered"), "299",
	    "Deal entered by every deal but the one whose row was bad");
	is(cell(f[1], CRM_FUNNEL_STAGES, 2, "entered"), "300", "all won");
	for (k = 0; k < 2; k++)
		crm_funnel_free(f[k]);
	for (i = 0; i < NHIST; i++)
		crm_record_release(&hist[i]);
}

int
main(void)
{
	struct crm_funnel_opts o = CRM_FUNNEL_OPTS_INIT;
	struct crm_err err = CRM_ERR_INIT;
	struct crm_funnel *f;
	const char *const *cols;
	size_t n;
	int rc;

	o.as_of = (int64_t)(D2024_03_01 + 10) * DAY;	/* 2024-03-11 */
	f = crm_funnel_new(&o);
	stages(f, &err);
	cols = crm_funnel_deal_fields(f, &n);
	ok(n == 1 && !strcmp(cols[0], "amount"), "the fields stages require");
	ok(crm_funnel_add_deal(f, mk(2, "external_id=A", "stage=Won",
	    "amount=100.10", "created_at=2024-03-01", "closed_at=2024-03-05",
	    NULL), "d", &err) == 0, "deal A");
	ok(crm_funnel_add_deal(f, mk(3, "external_id=B", "stage=Deal",
	    "amount=33.33", "created_at=2024-03-02", NULL), "d", &err) == 0,
	    "deal B");
	ok(crm_funnel_add_deal(f, mk(4, "external_id=C", "stage=Lost",
	    "created_at=2024-03-03", NULL), "d", &err) == 0,
	    "deal C: lost, no history");
	rc = crm_funnel_add_deal(f, mk(5, "external_id=X", "stage=Lead",
	    "amount=1.005", NULL), "d", &err);
	ok(rc < 0 && err.code == CRM_EDATA && err.line == 5,
	    "a third decimal is refused, not rounded: %s", err.msg);
	ok(crm_funnel_add_entry(f, mk(2, "deal=A", "stage=Lead",
	    "entered_at=2024-03-01", NULL), "h", &err) == 0, "A enters Lead");
	ok(crm_funnel_add_entry(f, mk(3, "deal=B", "stage=Lead",
	    "entered_at=2024-03-02T06:00:00+03:00", NULL), "h", &err) == 0,
	    "B enters Lead at 03:00 UTC");
	ok(crm_funnel_add_entry(f, mk(4, "deal=A", "stage=Won",
	    "entered_at=2024-03-05", NULL), "h", &err) == 0, "A won");
	ok(crm_funnel_add_entry(f, mk(5, "deal=B", "stage=Deal",
	    "entered_at=2024-03-04T03:00:00Z", NULL), "h", &err) == 0,
	    "B enters Deal two days later");
	rc = crm_funnel_add_entry(f, mk(6, "deal=B", "stage=Lead",
	    "entered_at=2024-03-03", NULL), "h", &err);
	ok(rc < 0 && err.line == 6 && strstr(err.msg, "out of order"),
	    "out of order: %s", err.msg);
	ok(crm_funnel_finish(f, &err) == 0, "finish");
	ok(crm_funnel_nrows(f, CRM_FUNNEL_STAGES) == 4, "four stages");
	is(cell(f, CRM_FUNNEL_STAGES, 0, "reached"), "3", "Lead reached by all");
	is(cell(f, CRM_FUNNEL_STAGES, 0, "days_mean"), "3.00",
	    "Lead: A 4 days, B 2 days");
	is(cell(f, CRM_FUNNEL_STAGES, 1, "reached"), "3",
	    "Deal: A won, B there, C lost at a lost stage");
	is(cell(f, CRM_FUNNEL_STAGES, 1, "lost_here"), "1",
	    "C lost at the last open stage");
	is(cell(f, CRM_FUNNEL_STAGES, 1, "weighted_amount"), "16.67",
	    "33.33 x 50 %% rounds half away from zero");
	is(cell(f, CRM_FUNNEL_STAGES, 1, "days_median"), "6.88",
	    "B in Deal from 03-04T03:00 to the as-of instant (6 d 21 h)");
	is(cell(f, CRM_FUNNEL_STAGES, 0, "conversion"), "1.0000", "conversion");
	is(cell(f, CRM_FUNNEL_STAGES, 2, "conversion"), "(null)",
	    "a won stage has none");
	is(cell(f, CRM_FUNNEL_SUMMARY, 0, "win_rate"), "0.5000", "win rate");
	is(cell(f, CRM_FUNNEL_SUMMARY, 0, "avg_won_amount"), "100.10",
	    "average won amount");
	is(cell(f, CRM_FUNNEL_SUMMARY, 0, "velocity"), "12.51",
	    "velocity: 1 x 100.10 x 0.5 / 4");
	crm_funnel_free(f);

	/* --skip-bad counts; --compare week picks the last whole week. */
	o.skip_bad = 1;
	o.compare = 1;
	o.unit = 1;		/* CRM_DATE_WEEK */
	f = crm_funnel_new(&o);
	stages(f, &err);
	ok(crm_funnel_add_deal(f, mk(2, "external_id=A", "stage=Lead",
	    "created_at=2024-03-05", NULL), "d", &err) == 0,
	    "created in the week of 03-04");
	ok(crm_funnel_add_deal(f, mk(3, "external_id=B", "stage=Lead",
	    "created_at=2024-02-27", NULL), "d", &err) == 0,
	    "created in the week before");
	ok(crm_funnel_add_deal(f, mk(4, "external_id=C", "stage=Lead",
	    "created_at=2024-03-11", NULL), "d", &err) == 0,
	    "created on the as-of day: this week, not compared");
	rc = crm_funnel_add_entry(f, mk(2, "deal=Z", "stage=Lead",
	    "entered_at=2024-03-01", NULL), "h", &err);
	ok(rc == 1 && crm_funnel_skipped(f) == 1, "skip_bad: 1, counted");
	ok(crm_funnel_skip_bad(f) == 1 && crm_funnel_skipped(f) == 2,
	    "a record the caller could not read is counted too");
	ok(crm_funnel_finish(f, &err) == 0, "finish");
	cols = crm_funnel_columns(f, CRM_FUNNEL_SUMMARY, &n);
	ok(n == 30 && !strcmp(cols[1], "deals_prev") &&
	    !strcmp(cols[2], "deals_delta"), "compare: _prev and _delta");
	is(cell(f, CRM_FUNNEL_SUMMARY, 0, "deals"), "1", "this week: A");
	is(cell(f, CRM_FUNNEL_SUMMARY, 0, "deals_prev"), "1", "the week before: B");
	is(cell(f, CRM_FUNNEL_SUMMARY, 0, "deals_delta"), "0", "delta");
	crm_funnel_free(f);
	test_entries();
	crm_record_release(&rec);
	return done_testing();
}
