/*
 * report: managers, sources, forecast, kpi, segments, daily and quality
 * from the store's records (see report.h; the formulas are documented in
 * man/crm-report.1).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "date.h"
#include "hmap.h"
#include "report.h"
#include "rules.h"

#define NODAY (-2147483647L)	/* no date */

struct deal {
	char *owner, *source, *contact, *stage, *pipeline, *reason;
	char *by;		/* the --by field's value, NULL without --by */
	int status;		/* 0 open, 1 won, 2 lost, -1 other */
	int has_amount;
	double amount;
	long created, closed, expected;	/* days, NODAY when absent */
	double created_t, closed_t;	/* seconds, for days to close */
};

struct contact {
	char *source;
	long created;
	double created_t;
	int converted;		/* has a won deal */
	double revenue;		/* its won amounts */
	long nwon_amount;	/* its won deals with an amount */
	double first_won_t;	/* closed_at of its first won deal */
	long line;		/* its row in the input, to name it */
};

struct order {
	size_t cust;
	long day;
	int has_amount;
	double amount;
};

struct spend {
	char *source;
	long start;
	double amount;
};

struct manager_row {
	long deals, open, won, lost;
};

struct source_row {
	long leads, converted, nwon_amount;
	double revenue, spend;
	int has_spend;
};

struct month_row {
	double won, open, weighted, slipped_amount;
	long slipped;
};

struct kpi_row {
	const char *name, *unit, *formula;
	int has;
	double value;
	int digits;
};

#define NKPI 9

/* daily: the sections, in their order */
enum {
	D_LEADS, D_DEALS, D_MOVES, D_WON, D_LOST, D_DUE, D_OVERDUE, D_STUCK,
	D_NSECT
};
static const char *const daily_sections[D_NSECT] = {
	"new_leads", "new_deals", "stage_moves", "won", "lost",
	"activities_due", "activities_overdue", "stuck"
};

struct daily_row {
	int section, total;
	long count;
	int has_amount, has_days;
	double amount, days;
	size_t seq;		/* order of arrival (stuck: as crm-funnel sorts) */
	const char *item;	/* the key's item part, borrowed from dkeys */
};

/* quality: one entity's records */
struct audit {
	char *entity;
	char **fields;
	size_t nfields;
	long long records, *filled, *invalid, *mark;
	int *cur;		/* the field is filled in the current record */
	int has_dup;
	long long dup_records, clusters, duplicates;
};

struct import_run {
	char *entity, *file;
	long day;
	int has_read, has_rejected;
	long long read, rejected;
};

enum { Q_FIELD, Q_DUP, Q_IMPORT };
struct qrow {
	int section;
	size_t a, j;		/* audit and field, or import run */
};

struct crm_report {
	struct crm_report_opts o;
	struct deal *deals;
	size_t ndeals, capdeals;
	struct contact *contacts;
	size_t ncontacts, capcontacts;
	struct crm_hmap contact_keys;	/* "x:" id, "e:" email, "p:" phone */
	struct order *orders;
	size_t norders, caporders;
	struct crm_hmap customers;
	struct spend *spends;
	size_t nspends, capspends;
	struct crm_hmap probs;		/* "pipeline\tname" and "\tname" */
	double *prob;
	size_t nprob;

	/* results */
	struct crm_agg *m_rev, *m_days;	/* groups: owners */
	struct manager_row *mrows;
	size_t *morder;
	struct crm_agg *s_rev, *s_days;	/* groups: sources */
	struct source_row *srows;
	size_t nsrows, *sorder;
	struct crm_hmap months;
	struct month_row *frows;
	size_t *forder;
	struct kpi_row kpis[NKPI];
	int soft;		/* a date of the record was left out */
	long nearly, early_line;	/* won before created: how many, first */
	struct crm_hmap segs;
	struct segment_row *segrows;
	size_t *segorder;
	/* daily */
	struct crm_hmap dkeys;		/* section byte, kind byte, item */
	struct daily_row *drows;
	size_t *dorder;
	/* quality */
	struct audit *audits;
	size_t naudits, cur_audit;
	long long serial;
	struct import_run *imports;
	size_t nimports, capimports;
	struct qrow *qrows;
	size_t nqrows;
	/* columns with --by, and whether a deal had the field */
	int by_seen;
	const char *mcols[10], *fcols[9];
	int ftypes[9];
	int finished;
};

static const char *const names[] = {
	"managers", "sources", "forecast", "kpi", "segments", "daily",
	"quality"
};

static const char *const daily_cols[] = {
	"section", "item", "count", "amount", "days"
};
static const int daily_types[] = {
	CRM_V_TEXT, CRM_V_TEXT, CRM_V_NUMBER, CRM_V_NUMBER, CRM_V_NUMBER
};
static const char *const quality_cols[] = {
	"section", "entity", "item", "date", "records", "count", "rate",
	"invalid", "validity"
};
static const int quality_types[] = {
	CRM_V_TEXT, CRM_V_TEXT, CRM_V_TEXT, CRM_V_TEXT, CRM_V_NUMBER,
	CRM_V_NUMBER, CRM_V_NUMBER, CRM_V_NUMBER, CRM_V_NUMBER
};

static const char *const segment_cols[] = {
	"segment", "customers", "customers_prev", "delta", "stayed", "joined",
	"left"
};
static const int segment_types[] = {
	CRM_V_TEXT, CRM_V_NUMBER, CRM_V_NUMBER, CRM_V_NUMBER, CRM_V_NUMBER,
	CRM_V_NUMBER, CRM_V_NUMBER
};

struct segment_row {
	long long now, prev, stayed, joined, left;
};

static const char *const manager_cols[] = {
	"owner", "deals", "open", "closed", "won", "lost", "win_rate",
	"revenue", "avg_check", "avg_days_to_close"
};
static const int manager_types[] = {
	CRM_V_TEXT, CRM_V_NUMBER, CRM_V_NUMBER, CRM_V_NUMBER, CRM_V_NUMBER,
	CRM_V_NUMBER, CRM_V_NUMBER, CRM_V_NUMBER, CRM_V_NUMBER, CRM_V_NUMBER
};
static const char *const source_cols[] = {
	"source", "leads", "converted", "conversion", "revenue", "avg_check",
	"avg_days_to_convert", "spend", "cac", "roi"
};
static const int source_types[] = {
	CRM_V_TEXT, CRM_V_NUMBER, CRM_V_NUMBER, CRM_V_NUMBER, CRM_V_NUMBER,
	CRM_V_NUMBER, CRM_V_NUMBER, CRM_V_NUMBER, CRM_V_NUMBER, CRM_V_NUMBER
};
static const char *const forecast_cols[] = {
	"month", "won_amount", "open_amount", "weighted_amount", "slipped",
	"slipped_amount", "target", "coverage"
};
static const int forecast_types[] = {
	CRM_V_TEXT, CRM_V_NUMBER, CRM_V_NUMBER, CRM_V_NUMBER, CRM_V_NUMBER,
	CRM_V_NUMBER, CRM_V_NUMBER, CRM_V_NUMBER
};
static const char *const kpi_cols[] = {
	"kpi", "value", "unit", "period", "formula"
};
static const int kpi_types[] = {
	CRM_V_TEXT, CRM_V_NUMBER, CRM_V_TEXT, CRM_V_TEXT, CRM_V_TEXT
};

#define NONE_GROUP "(none)"

int
crm_report_kind(const char *name)
{
	int i;

	for (i = 0; i < CRM_REPORT_NKINDS; i++)
		if (!strcmp(name, names[i]))
			return i;
	return -1;
}

const char *
crm_report_name(int kind)
{
	return kind >= 0 && kind < CRM_REPORT_NKINDS ? names[kind] : "?";
}

int
crm_report_by_seen(const struct crm_report *r)
{
	return r->by_seen || !r->ndeals;
}

long
crm_report_won_before_created(const struct crm_report *r, long *line)
{
	*line = r->early_line;
	return r->nearly;
}

int
crm_report_takes_by(int kind)
{
	return kind == CRM_REPORT_MANAGERS || kind == CRM_REPORT_FORECAST;
}

struct crm_report *
crm_report_new(const struct crm_report_opts *o)
{
	struct crm_report *r = xcalloc(1, sizeof *r);
	size_t i;

	r->o = *o;
	for (i = 0; i < 10; i++)
		r->mcols[i] = manager_cols[i];
	if (o->by)
		r->mcols[0] = o->by;
	r->fcols[0] = forecast_cols[0];
	r->ftypes[0] = CRM_V_TEXT;
	for (i = 1; i < 8; i++) {
		r->fcols[i + (o->by != NULL)] = forecast_cols[i];
		r->ftypes[i + (o->by != NULL)] = forecast_types[i];
	}
	if (o->by) {
		r->fcols[1] = o->by;
		r->ftypes[1] = CRM_V_TEXT;
	}
	return r;
}

void
crm_report_free(struct crm_report *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->ndeals; i++) {
		free(r->deals[i].owner);
		free(r->deals[i].source);
		free(r->deals[i].contact);
		free(r->deals[i].stage);
		free(r->deals[i].pipeline);
		free(r->deals[i].reason);
		free(r->deals[i].by);
	}
	free(r->deals);
	for (i = 0; i < r->ncontacts; i++)
		free(r->contacts[i].source);
	free(r->contacts);
	crm_hmap_release(&r->contact_keys);
	free(r->orders);
	crm_hmap_release(&r->customers);
	for (i = 0; i < r->nspends; i++)
		free(r->spends[i].source);
	free(r->spends);
	crm_hmap_release(&r->probs);
	free(r->prob);
	crm_agg_free(r->m_rev);
	crm_agg_free(r->m_days);
	free(r->mrows);
	free(r->morder);
	crm_agg_free(r->s_rev);
	crm_agg_free(r->s_days);
	free(r->srows);
	free(r->sorder);
	crm_hmap_release(&r->months);
	free(r->frows);
	free(r->forder);
	crm_hmap_release(&r->segs);
	free(r->segrows);
	free(r->segorder);
	crm_hmap_release(&r->dkeys);
	free(r->drows);
	free(r->dorder);
	for (i = 0; i < r->naudits; i++) {
		struct audit *a = &r->audits[i];
		size_t j;

		for (j = 0; j < a->nfields; j++)
			free(a->fields[j]);
		free(a->fields);
		free(a->entity);
		free(a->filled);
		free(a->invalid);
		free(a->mark);
		free(a->cur);
	}
	free(r->audits);
	for (i = 0; i < r->nimports; i++) {
		free(r->imports[i].entity);
		free(r->imports[i].file);
	}
	free(r->imports);
	free(r->qrows);
	free(r);
}

/* A field's value, NULL when absent or empty. */
static const char *
val(const struct crm_record *rec, const char *name)
{
	const char *v = crm_record_value(rec, name);

	return v && *v ? v : NULL;
}

static char *
dupval(const struct crm_record *rec, const char *name, const char *none)
{
	const char *v = val(rec, name);

	return xstrdup(v ? v : none);
}

static int
bad(struct crm_err *err, const char *name, const struct crm_record *rec,
    const char *field, const char *v, const char *why)
{
	return crm_err_set(err, CRM_EDATA, name, rec->line, 0,
	    "%s: '%s': %s", field, v, why);
}

/* A date field: its day and UTC seconds; NODAY when empty. */
static int
get_date(struct crm_report *r, const struct crm_record *rec,
    const char *field, long *day, double *t, const char *name,
    struct crm_err *err)
{
	const char *v = val(rec, field), *why = NULL;
	struct crm_datetime dt;

	*day = NODAY;
	if (t)
		*t = 0;
	if (!v)
		return 0;
	if (crm_date_parse(v, strlen(v), &dt, &why) < 0) {
		/* the record counts without this date; the caller warns */
		if (!r->soft)
			bad(err, name, rec, field, v, why ? why :
			    "not a date");
		r->soft = 1;
		return 0;
	}
	*day = dt.day;
	if (t)
		*t = crm_datetime_utc(&dt);
	return 0;
}

/* A number field (the store keeps amounts canonical: "1500.5"). */
static int
get_num(const struct crm_record *rec, const char *field, int *has,
    double *x, const char *name, struct crm_err *err)
{
	const char *v = val(rec, field);
	char *end;

	*has = 0;
	*x = 0;
	if (!v)
		return 0;
	errno = 0;
	*x = strtod(v, &end);
	if (errno || end == v || *end || !isfinite(*x))
		return bad(err, name, rec, field, v, "not a number");
	*has = 1;
	return 0;
}

static int in_period(const struct crm_report *r, long day);

#define GROW(arr, n, cap) do { \
	if ((n) == (cap)) { \
		(cap) = (cap) ? (cap) * 2 : 64; \
		(arr) = xreallocarray((arr), (cap), sizeof *(arr)); \
	} \
} while (0)

static void
key_put(struct crm_hmap *m, const char *prefix, const char *v, long idx)
{
	struct crm_buf b = CRM_BUF_INIT;
	size_t k;
	int added;

	crm_buf_adds(&b, prefix);
	crm_buf_adds(&b, v);
	k = crm_hmap_put(m, b.buf, b.len, &added);
	if (added)		/* the first contact with the key keeps it */
		*crm_hmap_val(m, k) = idx;
	crm_buf_release(&b);
}

static size_t
key_find(const struct crm_hmap *m, const char *prefix, const char *v)
{
	struct crm_buf b = CRM_BUF_INIT;
	size_t k;

	crm_buf_adds(&b, prefix);
	crm_buf_adds(&b, v);
	k = crm_hmap_find(m, b.buf, b.len);
	crm_buf_release(&b);
	return k;
}

static int
add_stage(struct crm_report *r, const struct crm_record *rec,
    const char *name, struct crm_err *err)
{
	const char *pl = val(rec, "pipeline"), *st = val(rec, "name");
	struct crm_buf b = CRM_BUF_INIT;
	double p;
	int has, added;
	size_t k;

	if (!st)
		return 0;
	if (get_num(rec, "probability", &has, &p, name, err) < 0)
		return -1;
	if (!has)
		return 0;
	if (p < 0 || p > 100)
		return bad(err, name, rec, "probability", val(rec,
		    "probability"), "not a percentage 0-100");
	crm_buf_addf(&b, "%s\t%s", pl ? pl : "", st);
	k = crm_hmap_put(&r->probs, b.buf, b.len, &added);
	if (k >= r->nprob) {
		r->prob = xreallocarray(r->prob, k + 1, sizeof *r->prob);
		r->nprob = k + 1;
	}
	r->prob[k] = p;
	/* by the stage's name alone, for deals without a pipeline */
	crm_buf_reset(&b);
	crm_buf_addf(&b, "\t%s", st);
	k = crm_hmap_put(&r->probs, b.buf, b.len, &added);
	if (k >= r->nprob) {
		r->prob = xreallocarray(r->prob, k + 1, sizeof *r->prob);
		r->nprob = k + 1;
	}
	if (added)
		r->prob[k] = p;
	crm_buf_release(&b);
	return 0;
}

static int
add_deal(struct crm_report *r, const struct crm_record *rec,
    const char *name, struct crm_err *err)
{
	struct deal d;
	const char *st = val(rec, "status");
	double t;

	memset(&d, 0, sizeof d);
	if (get_num(rec, "amount", &d.has_amount, &d.amount, name, err) < 0 ||
	    get_date(r, rec, "created_at", &d.created, &d.created_t, name,
	    err) < 0 ||
	    get_date(r, rec, "closed_at", &d.closed, &d.closed_t, name, err) < 0 ||
	    get_date(r, rec, "expected_close", &d.expected, &t, name, err) < 0)
		return -1;
	d.status = !st || !strcmp(st, "open") ? 0 : !strcmp(st, "won") ? 1 :
	    !strcmp(st, "lost") ? 2 : -1;
	if (d.status < 0)
		return bad(err, name, rec, "status", st,
		    "not open, won or lost");
	d.owner = dupval(rec, "owner", NONE_GROUP);
	d.source = dupval(rec, "source", NONE_GROUP);
	d.contact = dupval(rec, "contact", "");
	d.stage = dupval(rec, "stage", "");
	d.pipeline = dupval(rec, "pipeline", "");
	d.reason = dupval(rec, "lost_reason", NONE_GROUP);
	d.by = r->o.by ? dupval(rec, r->o.by, NONE_GROUP) : NULL;
	if (r->o.by && val(rec, r->o.by))
		r->by_seen = 1;
	GROW(r->deals, r->ndeals, r->capdeals);
	r->deals[r->ndeals++] = d;
	return 0;
}

static int
add_contact(struct crm_report *r, const struct crm_record *rec,
    const char *name, struct crm_err *err)
{
	struct contact c;
	const char *v;
	long idx = (long)r->ncontacts;

	memset(&c, 0, sizeof c);
	if (get_date(r, rec, "created_at", &c.created, &c.created_t, name,
	    err) < 0)
		return -1;
	c.source = dupval(rec, "source", NONE_GROUP);
	c.line = rec->line;
	GROW(r->contacts, r->ncontacts, r->capcontacts);
	r->contacts[r->ncontacts++] = c;
	if ((v = val(rec, "external_id")))
		key_put(&r->contact_keys, "x:", v, idx);
	if ((v = val(rec, "email")))
		key_put(&r->contact_keys, "e:", v, idx);
	if ((v = val(rec, "phone")))
		key_put(&r->contact_keys, "p:", v, idx);
	return 0;
}

static int
add_order(struct crm_report *r, const struct crm_record *rec,
    const char *name, struct crm_err *err)
{
	struct order o;
	const char *cu = val(rec, "customer");

	memset(&o, 0, sizeof o);
	if (!cu)		/* an order of nobody: no customer to count */
		return 0;
	if (get_num(rec, "amount", &o.has_amount, &o.amount, name, err) < 0 ||
	    get_date(r, rec, "order_date", &o.day, NULL, name, err) < 0)
		return -1;
	if (o.day == NODAY)
		return 0;
	o.cust = crm_hmap_put(&r->customers, cu, strlen(cu), NULL);
	GROW(r->orders, r->norders, r->caporders);
	r->orders[r->norders++] = o;
	return 0;
}

static int
add_spend(struct crm_report *r, const struct crm_record *rec,
    const char *name, struct crm_err *err)
{
	struct spend s;
	const char *p = val(rec, "period");
	enum crm_date_unit unit;
	long end;
	int has;

	memset(&s, 0, sizeof s);
	if (get_num(rec, "amount", &has, &s.amount, name, err) < 0)
		return -1;
	if (!has)
		return 0;
	if (!p || crm_date_bucket_parse(p, &s.start, &end, &unit) < 0)
		return bad(err, name, rec, "period", p ? p : "",
		    "not a period (2024, 2024-Q1, 2024-03, 2024-W09, "
		    "2024-03-05)");
	s.source = dupval(rec, "source", NONE_GROUP);
	GROW(r->spends, r->nspends, r->capspends);
	r->spends[r->nspends++] = s;
	return 0;
}

/*
 * daily: count (and amount, days) to the item of a section and to the
 * section's total.
 */
static struct daily_row *
daily_row(struct crm_report *r, int section, int total, const char *item)
{
	struct crm_buf b = CRM_BUF_INIT;
	size_t k, n = crm_hmap_count(&r->dkeys);
	int added;

	crm_buf_addc(&b, (char)('a' + section));
	crm_buf_addc(&b, total ? '*' : '-');
	if (!total)
		crm_buf_adds(&b, item);
	k = crm_hmap_put(&r->dkeys, b.buf, b.len, &added);
	crm_buf_release(&b);
	if (added) {
		r->drows = xreallocarray(r->drows, n + 1, sizeof *r->drows);
		memset(&r->drows[n], 0, sizeof *r->drows);
		r->drows[n].section = section;
		r->drows[n].total = total;
		r->drows[n].seq = n;
		/* amounts: a total of the sections that have them is 0.00 */
		r->drows[n].has_amount = total && (section == D_DEALS ||
		    section == D_WON || section == D_LOST || section == D_STUCK);
	}
	return &r->drows[k];
}

static void
daily_add(struct crm_report *r, int section, const char *item, int has_amount,
    double amount, int has_days, double days)
{
	struct daily_row *d;
	int t;

	for (t = 0; t < 2; t++) {
		d = daily_row(r, section, t, item);
		d->count++;
		if (has_amount) {
			d->amount += amount;
			d->has_amount = 1;
		}
		if (has_days && !t) {
			d->days = days;
			d->has_days = 1;
		}
	}
}

/* A stage history row: a stage move on the day. */
static int
add_entry(struct crm_report *r, const struct crm_record *rec,
    const char *name, struct crm_err *err)
{
	long day;

	if (get_date(r, rec, "entered_at", &day, NULL, name, err) < 0)
		return -1;
	if (day != NODAY && day == r->o.as_of)
		daily_add(r, D_MOVES, val(rec, "stage") ? val(rec, "stage") :
		    NONE_GROUP, 0, 0, 0, 0);
	return 0;
}

/* An activity: due on the day, or due before it and not done by its end. */
static int
add_activity(struct crm_report *r, const struct crm_record *rec,
    const char *name, struct crm_err *err)
{
	const char *owner = val(rec, "owner");
	long due, done;

	if (get_date(r, rec, "due_at", &due, NULL, name, err) < 0 ||
	    get_date(r, rec, "done_at", &done, NULL, name, err) < 0)
		return -1;
	if (!owner)
		owner = NONE_GROUP;
	if (due == NODAY)
		return 0;
	if (due == r->o.as_of)
		daily_add(r, D_DUE, owner, 0, 0, 0, 0);
	else if (due < r->o.as_of && (done == NODAY || done > r->o.as_of))
		daily_add(r, D_OVERDUE, owner, 0, 0, 0, 0);
	return 0;
}

/* A stuck deal as crm-funnel lists it. */
static int
add_stuck(struct crm_report *r, const struct crm_record *rec,
    const char *name, struct crm_err *err)
{
	const char *id = val(rec, "deal");
	double amount, days;
	int has_amount, has_days;

	if (get_num(rec, "amount", &has_amount, &amount, name, err) < 0 ||
	    get_num(rec, "days_in_stage", &has_days, &days, name, err) < 0)
		return -1;
	daily_add(r, D_STUCK, id ? id : NONE_GROUP, has_amount, amount,
	    has_days, days);
	return 0;
}

static long long
get_count(const struct crm_record *rec, const char *field, int *has)
{
	const char *v = val(rec, field);

	*has = v != NULL;
	return v ? strtoll(v, NULL, 10) : 0;
}

/* An import run: counted when it started in the period. */
static int
add_import(struct crm_report *r, const struct crm_record *rec,
    const char *name, struct crm_err *err)
{
	struct import_run x;

	memset(&x, 0, sizeof x);
	if (get_date(r, rec, "started", &x.day, NULL, name, err) < 0)
		return -1;
	if (!in_period(r, x.day))
		return 0;
	x.entity = dupval(rec, "entity", NONE_GROUP);
	x.file = dupval(rec, "file", "-");
	x.read = get_count(rec, "read", &x.has_read);
	x.rejected = get_count(rec, "rejected", &x.has_rejected);
	GROW(r->imports, r->nimports, r->capimports);
	r->imports[r->nimports++] = x;
	return 0;
}

static struct audit *
audit_of(struct crm_report *r, const char *entity)
{
	size_t i;

	for (i = 0; i < r->naudits; i++)
		if (!strcmp(r->audits[i].entity, entity))
			return &r->audits[i];
	r->audits = xreallocarray(r->audits, r->naudits + 1,
	    sizeof *r->audits);
	memset(&r->audits[r->naudits], 0, sizeof *r->audits);
	r->audits[r->naudits].entity = xstrdup(entity);
	return &r->audits[r->naudits++];
}

void
crm_report_audit_begin(struct crm_report *r, const char *entity,
    const char *const *fields, size_t n)
{
	struct audit *a = audit_of(r, entity);
	size_t j;

	r->cur_audit = (size_t)(a - r->audits);
	if (a->fields)		/* the same entity again: its fields stay */
		return;
	a->fields = xcalloc(n ? n : 1, sizeof *a->fields);
	for (j = 0; j < n; j++)
		a->fields[j] = xstrdup(fields[j]);
	a->nfields = n;
	a->filled = xcalloc(n ? n : 1, sizeof *a->filled);
	a->invalid = xcalloc(n ? n : 1, sizeof *a->invalid);
	a->mark = xcalloc(n ? n : 1, sizeof *a->mark);
	a->cur = xcalloc(n ? n : 1, sizeof *a->cur);
}

void
crm_report_audit_record(struct crm_report *r, const struct crm_record *rec)
{
	struct audit *a = &r->audits[r->cur_audit];
	size_t j;

	r->serial++;
	a->records++;
	for (j = 0; j < a->nfields; j++) {
		a->cur[j] = val(rec, a->fields[j]) != NULL;
		a->filled[j] += a->cur[j];
	}
}

void
crm_report_audit_violation(struct crm_report *r, const char *field,
    int severity)
{
	struct audit *a;
	size_t j;

	if (!r->naudits || !field || severity < CRM_SEV_WARNING)
		return;
	a = &r->audits[r->cur_audit];
	for (j = 0; j < a->nfields; j++)
		if (!strcmp(a->fields[j], field))
			break;
	/* a value counts once, however many rules it breaks */
	if (j == a->nfields || !a->cur[j] || a->mark[j] == r->serial)
		return;
	a->mark[j] = r->serial;
	a->invalid[j]++;
}

void
crm_report_audit_duplicates(struct crm_report *r, const char *entity,
    long long records, long long clusters, long long duplicates)
{
	struct audit *a = audit_of(r, entity);

	a->has_dup = 1;
	a->dup_records = records;
	a->clusters = clusters;
	a->duplicates = duplicates;
}

int
crm_report_add(struct crm_report *r, int input, const struct crm_record *rec,
    const char *name, struct crm_err *err)
{
	int rc;

	r->soft = 0;
	switch (input) {
	case CRM_REPORT_IN_STAGE: rc = add_stage(r, rec, name, err); break;
	case CRM_REPORT_IN_DEAL: rc = add_deal(r, rec, name, err); break;
	case CRM_REPORT_IN_CONTACT: rc = add_contact(r, rec, name, err); break;
	case CRM_REPORT_IN_ORDER: rc = add_order(r, rec, name, err); break;
	case CRM_REPORT_IN_ENTRY: rc = add_entry(r, rec, name, err); break;
	case CRM_REPORT_IN_ACTIVITY: rc = add_activity(r, rec, name, err); break;
	case CRM_REPORT_IN_STUCK: rc = add_stuck(r, rec, name, err); break;
	case CRM_REPORT_IN_IMPORT: rc = add_import(r, rec, name, err); break;
	default: rc = add_spend(r, rec, name, err);
	}
	return rc < 0 ? -1 : r->soft;
}

/* Day in the period; an absent date only when the period is unbounded. */
static int
in_period(const struct crm_report *r, long day)
{
	if (day == NODAY)
		return !r->o.has_from && !r->o.has_to;
	if (r->o.has_from && day < r->o.from)
		return 0;
	if (r->o.has_to && day >= r->o.to)
		return 0;
	return 1;
}

/* The stage probability of a deal, -1 when its stage has none. */
static double
probability(const struct crm_report *r, const struct deal *d)
{
	struct crm_buf b = CRM_BUF_INIT;
	size_t k;

	crm_buf_addf(&b, "%s\t%s", d->pipeline, d->stage);
	k = crm_hmap_find(&r->probs, b.buf, b.len);
	if (k == CRM_HMAP_NONE) {
		crm_buf_reset(&b);
		crm_buf_addf(&b, "\t%s", d->stage);
		k = crm_hmap_find(&r->probs, b.buf, b.len);
	}
	crm_buf_release(&b);
	return k == CRM_HMAP_NONE ? -1 : r->prob[k];
}

static size_t
contact_of(const struct crm_report *r, const char *v)
{
	size_t k;

	if (!*v)
		return CRM_HMAP_NONE;
	if ((k = key_find(&r->contact_keys, "x:", v)) == CRM_HMAP_NONE &&
	    (k = key_find(&r->contact_keys, "e:", v)) == CRM_HMAP_NONE &&
	    (k = key_find(&r->contact_keys, "p:", v)) == CRM_HMAP_NONE)
		return CRM_HMAP_NONE;
	return (size_t)crm_hmap_get(&r->contact_keys, k);
}

static void
finish_managers(struct crm_report *r)
{
	size_t i, g, n, nrows = 0;

	r->m_rev = crm_agg_new(0);
	r->m_days = crm_agg_new(0);
	for (i = 0; i < r->ndeals; i++) {
		const struct deal *d = &r->deals[i];
		int created = in_period(r, d->created);
		int closed = d->status > 0 && in_period(r, d->closed);

		const char *key = d->by ? d->by : d->owner;

		if (!created && !closed)
			continue;
		g = crm_agg_group(r->m_rev, key, strlen(key));
		crm_agg_group(r->m_days, key, strlen(key));
		n = crm_agg_ngroups(r->m_rev);
		if (n > nrows) {
			r->mrows = xreallocarray(r->mrows, n, sizeof *r->mrows);
			memset(&r->mrows[nrows], 0, (n - nrows) * sizeof *r->mrows);
			nrows = n;
		}
		if (created) {
			r->mrows[g].deals++;
			if (d->status == 0)
				r->mrows[g].open++;
		}
		if (!closed)
			continue;
		if (d->status == 2) {
			r->mrows[g].lost++;
			continue;
		}
		r->mrows[g].won++;
		if (d->has_amount)
			crm_agg_add(r->m_rev, g, d->amount);
		if (d->created != NODAY && d->closed != NODAY)
			crm_agg_add(r->m_days, g,
			    (d->closed_t - d->created_t) / 86400.0);
	}
	n = crm_agg_ngroups(r->m_rev);
	r->morder = xreallocarray(NULL, n ? n : 1, sizeof *r->morder);
	crm_agg_sorted(r->m_rev, r->morder);
}

static size_t
source_group(struct crm_report *r, const char *src)
{
	size_t g = crm_agg_group(r->s_rev, src, strlen(src)), n;

	crm_agg_group(r->s_days, src, strlen(src));
	n = crm_agg_ngroups(r->s_rev);
	if (n > r->nsrows) {
		r->srows = xreallocarray(r->srows, n, sizeof *r->srows);
		memset(&r->srows[r->nsrows], 0,
		    (n - r->nsrows) * sizeof *r->srows);
		r->nsrows = n;
	}
	return g;
}

static void
finish_sources(struct crm_report *r)
{
	size_t i, k, g;

	for (i = 0; i < r->ndeals; i++) {
		const struct deal *d = &r->deals[i];
		struct contact *c;

		if (d->status != 1 ||
		    (k = contact_of(r, d->contact)) == CRM_HMAP_NONE)
			continue;
		c = &r->contacts[k];
		if (d->closed != NODAY && (!c->converted ||
		    d->closed_t < c->first_won_t))
			c->first_won_t = d->closed_t;
		else if (!c->converted)
			c->first_won_t = NAN;
		c->converted = 1;
		if (d->has_amount) {
			c->revenue += d->amount;
			c->nwon_amount++;
		}
	}
	r->s_rev = crm_agg_new(0);
	r->s_days = crm_agg_new(0);
	for (i = 0; i < r->ncontacts; i++) {
		const struct contact *c = &r->contacts[i];

		if (!in_period(r, c->created))
			continue;
		g = source_group(r, c->source);
		r->srows[g].leads++;
		if (!c->converted)
			continue;
		r->srows[g].converted++;
		r->srows[g].nwon_amount += c->nwon_amount;
		crm_agg_add(r->s_rev, g, c->revenue);
		if (c->created == NODAY || isnan(c->first_won_t))
			continue;
		if (c->first_won_t < c->created_t) {
			/* the lead entered the store after it was won */
			if (!r->nearly++)
				r->early_line = c->line;
			continue;
		}
		crm_agg_add(r->s_days, g,
		    (c->first_won_t - c->created_t) / 86400.0);
	}
	for (i = 0; i < r->nspends; i++) {
		if (!in_period(r, r->spends[i].start))
			continue;
		g = source_group(r, r->spends[i].source);
		r->srows[g].spend += r->spends[i].amount;
		r->srows[g].has_spend = 1;
	}
	r->sorder = xreallocarray(NULL, r->nsrows ? r->nsrows : 1,
	    sizeof *r->sorder);
	crm_agg_sorted(r->s_rev, r->sorder);
}

/* The row of a month ("month" or, with --by, "month\tvalue"). */
static struct month_row *
month_row(struct crm_report *r, long day, const struct deal *d)
{
	char label[CRM_DATE_LABEL];
	struct crm_buf b = CRM_BUF_INIT;
	size_t k, n = crm_hmap_count(&r->months);
	int added;

	if (day == NODAY)
		strcpy(label, NONE_GROUP);
	else
		crm_date_bucket_label(day, CRM_DATE_MONTH, label);
	crm_buf_adds(&b, label);
	if (d->by) {
		crm_buf_addc(&b, '\t');
		crm_buf_adds(&b, d->by);
	}
	k = crm_hmap_put(&r->months, b.buf, b.len, &added);
	crm_buf_release(&b);
	if (added) {
		r->frows = xreallocarray(r->frows, n + 1, sizeof *r->frows);
		memset(&r->frows[n], 0, sizeof *r->frows);
	}
	return &r->frows[k];
}

struct label {
	const char *key;
	size_t k;
};

/* Months in calendar order, "(none)" after them. */
static int
cmp_label(const void *a, const void *b)
{
	const char *x = ((const struct label *)a)->key;
	const char *y = ((const struct label *)b)->key;

	if ((*x == '(') != (*y == '('))
		return *x == '(' ? 1 : -1;
	return strcmp(x, y);
}

/* The numbers of m's keys in cmp_label's order (freed by the caller). */
static size_t *
sorted_keys(const struct crm_hmap *m)
{
	size_t i, n = crm_hmap_count(m), *order;
	struct label *lab = xreallocarray(NULL, n ? n : 1, sizeof *lab);

	for (i = 0; i < n; i++) {
		lab[i].key = crm_hmap_key(m, i, NULL);
		lab[i].k = i;
	}
	qsort(lab, n, sizeof *lab, cmp_label);
	order = xreallocarray(NULL, n ? n : 1, sizeof *order);
	for (i = 0; i < n; i++)
		order[i] = lab[i].k;
	free(lab);
	return order;
}

static void
finish_forecast(struct crm_report *r)
{
	size_t i;

	for (i = 0; i < r->ndeals; i++) {
		const struct deal *d = &r->deals[i];
		struct month_row *m;
		double p;

		if (d->status == 1 && d->closed != NODAY &&
		    in_period(r, d->closed)) {
			m = month_row(r, d->closed, d);
			if (d->has_amount)
				m->won += d->amount;
		} else if (d->status == 0 && in_period(r, d->expected)) {
			m = month_row(r, d->expected, d);
			if (!d->has_amount)
				continue;
			m->open += d->amount;
			if ((p = probability(r, d)) > 0)
				m->weighted += d->amount * p / 100.0;
			if (d->expected != NODAY && d->expected < r->o.as_of) {
				m->slipped++;
				m->slipped_amount += d->amount;
			}
		}
	}
	/* deals slipped without an amount are still slipped */
	for (i = 0; i < r->ndeals; i++) {
		const struct deal *d = &r->deals[i];

		if (d->status == 0 && !d->has_amount &&
		    d->expected != NODAY && d->expected < r->o.as_of &&
		    in_period(r, d->expected))
			month_row(r, d->expected, d)->slipped++;
	}
	r->forder = sorted_keys(&r->months);
}

static void
kpi_set(struct crm_report *r, int i, const char *name, const char *unit,
    int digits, const char *formula, double num, double den)
{
	struct kpi_row *k = &r->kpis[i];

	k->name = name;
	k->unit = unit;
	k->digits = digits;
	k->formula = formula;
	k->has = den != 0 && isfinite(num) && isfinite(den);
	k->value = k->has ? num / den : 0;
}

static void
finish_kpi(struct crm_report *r)
{
	long leads = 0, conv = 0, won = 0, lost = 0, ndays = 0;
	long s = 0, e = 0, es = 0, nnew = 0, cust_in = 0, repeat = 0, orders_in = 0;
	long cust_upto = 0, nord_amount = 0, nspend = 0;
	double days = 0, spend = 0, rev_in = 0, rev_upto = 0, years;
	size_t i, nc = crm_hmap_count(&r->customers);
	long *first = xreallocarray(NULL, nc ? nc : 1, sizeof *first);
	long *upto = xcalloc(nc ? nc : 1, sizeof *upto);
	unsigned char *flags = xcalloc(nc ? nc : 1, 1);
	int bounded = r->o.has_from && r->o.has_to;
	long w = r->o.active_window;

	for (i = 0; i < r->ncontacts; i++) {
		if (!in_period(r, r->contacts[i].created))
			continue;
		leads++;
		conv += r->contacts[i].converted;
	}
	for (i = 0; i < r->ndeals; i++) {
		const struct deal *d = &r->deals[i];

		if (d->status <= 0 || !in_period(r, d->closed))
			continue;
		if (d->status == 2) {
			lost++;
			continue;
		}
		won++;
		if (d->created != NODAY && d->closed != NODAY) {
			days += (d->closed_t - d->created_t) / 86400.0;
			ndays++;
		}
	}
	for (i = 0; i < r->nspends; i++)
		if (in_period(r, r->spends[i].start)) {
			spend += r->spends[i].amount;
			nspend++;
		}
	for (i = 0; i < nc; i++)
		first[i] = NODAY;
	/* flags: 1 ordered in the period, 2 active at its start, 4 at its end */
	for (i = 0; i < r->norders; i++) {
		const struct order *o = &r->orders[i];

		if (first[o->cust] == NODAY || o->day < first[o->cust])
			first[o->cust] = o->day;
		if (!r->o.has_to || o->day < r->o.to) {
			upto[o->cust]++;
			if (o->has_amount)
				rev_upto += o->amount;
		}
		if (in_period(r, o->day)) {
			flags[o->cust] |= 1;
			orders_in++;
			if (o->has_amount) {
				rev_in += o->amount;
				nord_amount++;
			}
		}
		if (bounded && o->day >= r->o.from - w && o->day < r->o.from)
			flags[o->cust] |= 2;
		if (bounded && o->day >= r->o.to - w && o->day < r->o.to)
			flags[o->cust] |= 4;
	}
	for (i = 0; i < nc; i++) {
		int isnew = in_period(r, first[i]);

		nnew += isnew;
		s += (flags[i] & 2) != 0;
		e += (flags[i] & 4) != 0;
		es += (flags[i] & 6) == 6;
		cust_upto += upto[i] > 0;
		if (flags[i] & 1) {
			cust_in++;
			repeat += upto[i] >= 2;
		}
	}
	kpi_set(r, 0, "lead_conversion", "ratio", 4,
	    "leads created in the period with a won deal / leads created "
	    "in the period", (double)conv, (double)leads);
	kpi_set(r, 1, "avg_days_to_close", "days", 2,
	    "mean(closed_at - created_at) over deals won in the period",
	    days, (double)ndays);
	kpi_set(r, 2, "win_rate", "ratio", 4,
	    "won / (won + lost), deals closed in the period", (double)won,
	    (double)(won + lost));
	kpi_set(r, 3, "cac", "money", 2,
	    "spend in the period / new customers (first order in the period)",
	    spend, nspend ? (double)nnew : 0);
	/*
	 * N is every customer active at the end but not at the start: the
	 * new ones and those back after a lapse.  Counting only first
	 * orders as N credited a comeback as retention, and the rate went
	 * above 1; this way it is the share of S still active, 0 to 1.
	 */
	kpi_set(r, 4, "retention_rate", "ratio", 4,
	    "(E - N) / S: S customers active at the start, E at the end, N "
	    "active at the end but not at the start (new, or back after a "
	    "lapse) = the share of S still active at the end (active: an "
	    "order in the active window before)", (double)(e - (e - es)),
	    bounded ? (double)s : 0);
	kpi_set(r, 5, "repeat_rate", "ratio", 4,
	    "customers with an order in the period and 2 or more orders by "
	    "its end / customers with an order in the period",
	    (double)repeat, (double)cust_in);
	kpi_set(r, 6, "avg_check", "money", 2,
	    "order revenue in the period / orders with an amount in the period",
	    rev_in, (double)nord_amount);
	kpi_set(r, 7, "ltv_historic", "money", 2,
	    "order revenue by the end of the period / customers with an "
	    "order by then", rev_upto, (double)cust_upto);
	years = bounded ? (double)(r->o.to - r->o.from) / 365.25 : 0;
	kpi_set(r, 8, "ltv_simple", "money", 2,
	    "avg_check x orders per customer per year in the period x "
	    "--lifetime years", r->kpis[6].has && r->o.has_lifetime ?
	    r->kpis[6].value * (double)orders_in * r->o.lifetime : NAN,
	    r->o.has_lifetime && cust_in ? (double)cust_in * years : 0);
	free(first);
	free(upto);
	free(flags);
}

static struct segment_row *
segment_row(struct crm_report *r, const char *name)
{
	size_t n = crm_hmap_count(&r->segs), k;
	int added;

	k = crm_hmap_put(&r->segs, name, strlen(name), &added);
	if (added) {
		r->segrows = xreallocarray(r->segrows, n + 1,
		    sizeof *r->segrows);
		memset(&r->segrows[n], 0, sizeof *r->segrows);
	}
	return &r->segrows[k];
}

void
crm_report_add_move(struct crm_report *r, const char *from, const char *to,
    long long customers)
{
	struct segment_row *f, *t;
	size_t fi = 0, ti = 0;

	/* both rows first: making the second may move the first */
	if (from)
		fi = (size_t)(segment_row(r, from) - r->segrows);
	if (to)
		ti = (size_t)(segment_row(r, to) - r->segrows);
	f = from ? &r->segrows[fi] : NULL;
	t = to ? &r->segrows[ti] : NULL;

	if (f) {
		f->prev += customers;
		if (f != t)
			f->left += customers;
	}
	if (t) {
		t->now += customers;
		if (f == t)
			t->stayed += customers;
		else
			t->joined += customers;
	}
}

static void
finish_segments(struct crm_report *r)
{
	r->segorder = sorted_keys(&r->segs);
}

static const struct crm_report *sort_report;	/* for cmp_daily */

/* Sections in order, the total first, items by name (stuck: as they came). */
static int
cmp_daily(const void *a, const void *b)
{
	const struct daily_row *x = &sort_report->drows[*(const size_t *)a];
	const struct daily_row *y = &sort_report->drows[*(const size_t *)b];

	if (x->section != y->section)
		return x->section < y->section ? -1 : 1;
	if (x->total != y->total)
		return x->total ? -1 : 1;
	if (x->section == D_STUCK)
		return x->seq < y->seq ? -1 : x->seq > y->seq;
	return strcmp(x->item, y->item);
}

static void
finish_daily(struct crm_report *r)
{
	long day = r->o.as_of;
	size_t i, n;
	int s;

	for (i = 0; i < r->ncontacts; i++)
		if (r->contacts[i].created != NODAY &&
		    r->contacts[i].created == day)
			daily_add(r, D_LEADS, r->contacts[i].source, 0, 0, 0, 0);
	for (i = 0; i < r->ndeals; i++) {
		const struct deal *d = &r->deals[i];

		if (d->created != NODAY && d->created == day)
			daily_add(r, D_DEALS, d->owner, d->has_amount, d->amount,
			    0, 0);
		if (d->closed == NODAY || d->closed != day)
			continue;
		if (d->status == 1)
			daily_add(r, D_WON, d->owner, d->has_amount, d->amount,
			    0, 0);
		else if (d->status == 2)
			daily_add(r, D_LOST, d->reason, d->has_amount,
			    d->amount, 0, 0);
	}
	for (s = 0; s < D_NSECT; s++)	/* every section has its total */
		daily_row(r, s, 1, NULL);
	n = crm_hmap_count(&r->dkeys);
	r->dorder = xreallocarray(NULL, n ? n : 1, sizeof *r->dorder);
	for (i = 0; i < n; i++) {
		r->drows[i].item = crm_hmap_key(&r->dkeys, i, NULL) + 2;
		r->dorder[i] = i;
	}
	sort_report = r;
	qsort(r->dorder, n, sizeof *r->dorder, cmp_daily);
	sort_report = NULL;
}

static void
finish_quality(struct crm_report *r)
{
	size_t i, j, n = 0;

	for (i = 0; i < r->naudits; i++)
		n += (r->audits[i].records ? r->audits[i].nfields : 0) +
		    (size_t)r->audits[i].has_dup;
	n += r->nimports;
	r->qrows = xcalloc(n ? n : 1, sizeof *r->qrows);
	for (i = 0; i < r->naudits; i++) {
		for (j = 0; r->audits[i].records && j < r->audits[i].nfields;
		    j++) {
			r->qrows[r->nqrows].section = Q_FIELD;
			r->qrows[r->nqrows].a = i;
			r->qrows[r->nqrows++].j = j;
		}
		if (r->audits[i].has_dup) {
			r->qrows[r->nqrows].section = Q_DUP;
			r->qrows[r->nqrows++].a = i;
		}
	}
	for (i = 0; i < r->nimports; i++) {
		r->qrows[r->nqrows].section = Q_IMPORT;
		r->qrows[r->nqrows++].a = i;
	}
}

void
crm_report_finish(struct crm_report *r)
{
	if (r->finished)
		return;
	finish_managers(r);
	finish_sources(r);
	finish_forecast(r);
	finish_kpi(r);
	finish_segments(r);
	finish_daily(r);
	finish_quality(r);
	r->finished = 1;
}

const char *const *
crm_report_columns(const struct crm_report *r, int kind, size_t *n)
{
	switch (kind) {
	case CRM_REPORT_MANAGERS:
		*n = sizeof manager_cols / sizeof *manager_cols;
		return r->mcols;
	case CRM_REPORT_SOURCES:
		*n = sizeof source_cols / sizeof *source_cols;
		return source_cols;
	case CRM_REPORT_FORECAST:
		*n = sizeof forecast_cols / sizeof *forecast_cols +
		    (r->o.by != NULL);
		return r->fcols;
	case CRM_REPORT_DAILY:
		*n = sizeof daily_cols / sizeof *daily_cols;
		return daily_cols;
	case CRM_REPORT_QUALITY:
		*n = sizeof quality_cols / sizeof *quality_cols;
		return quality_cols;
	case CRM_REPORT_SEGMENTS:
		*n = sizeof segment_cols / sizeof *segment_cols;
		return segment_cols;
	default:
		*n = sizeof kpi_cols / sizeof *kpi_cols;
		return kpi_cols;
	}
}

const int *
crm_report_types(const struct crm_report *r, int kind, size_t *n)
{
	crm_report_columns(r, kind, n);
	switch (kind) {
	case CRM_REPORT_MANAGERS: return manager_types;
	case CRM_REPORT_SOURCES: return source_types;
	case CRM_REPORT_FORECAST: return r->ftypes;
	case CRM_REPORT_DAILY: return daily_types;
	case CRM_REPORT_QUALITY: return quality_types;
	case CRM_REPORT_SEGMENTS: return segment_types;
	default: return kpi_types;
	}
}

size_t
crm_report_nrows(const struct crm_report *r, int kind)
{
	switch (kind) {
	case CRM_REPORT_MANAGERS: return crm_agg_ngroups(r->m_rev);
	case CRM_REPORT_SOURCES: return r->nsrows;
	case CRM_REPORT_FORECAST: return crm_hmap_count(&r->months);
	case CRM_REPORT_SEGMENTS: return crm_hmap_count(&r->segs);
	case CRM_REPORT_DAILY: return crm_hmap_count(&r->dkeys);
	case CRM_REPORT_QUALITY: return r->nqrows;
	default: return NKPI;
	}
}

/* x rounded to digits places, "-0.00" never; empty when !has. */
static void
put_num(struct crm_record *out, const char *name, int has, double x,
    int digits)
{
	char b[64];

	if (!has || !isfinite(x))	/* absent: an empty cell, JSON null */
		return;
	snprintf(b, sizeof b, "%.*f", digits, x);
	if (b[0] == '-' && strspn(b + 1, "0.") == strlen(b + 1))
		memmove(b, b + 1, strlen(b));
	crm_record_adds(out, name, b);
}

static void
put_count(struct crm_record *out, const char *name, long v)
{
	char b[32];

	snprintf(b, sizeof b, "%ld", v);
	crm_record_adds(out, name, b);
}

static void
put_llong(struct crm_record *out, const char *name, long long v)
{
	char b[32];

	snprintf(b, sizeof b, "%lld", v);
	crm_record_adds(out, name, b);
}

static void
row_daily(struct crm_report *r, size_t k, struct crm_record *out)
{
	const struct daily_row *d = &r->drows[k];

	crm_record_adds(out, "section", daily_sections[d->section]);
	crm_record_adds(out, "item", d->total ? "(all)" : d->item);
	put_count(out, "count", d->count);
	put_num(out, "amount", d->has_amount, d->amount, 2);
	put_num(out, "days", d->has_days, d->days, 2);
}

static void
row_quality(struct crm_report *r, const struct qrow *q,
    struct crm_record *out)
{
	const struct audit *a = &r->audits[q->a];
	const struct import_run *x = &r->imports[q->a];
	char d[11];

	switch (q->section) {
	case Q_FIELD: {
		long long f = a->filled[q->j], bad = a->invalid[q->j];

		crm_record_adds(out, "section", "field");
		crm_record_adds(out, "entity", a->entity);
		crm_record_adds(out, "item", a->fields[q->j]);
		put_llong(out, "records", a->records);
		put_llong(out, "count", f);
		put_num(out, "rate", a->records > 0, (double)f /
		    (double)(a->records ? a->records : 1), 4);
		put_llong(out, "invalid", bad);
		put_num(out, "validity", f > 0, (double)(f - bad) /
		    (double)(f ? f : 1), 4);
		break;
	}
	case Q_DUP:
		crm_record_adds(out, "section", "duplicates");
		crm_record_adds(out, "entity", a->entity);
		crm_record_adds(out, "item", "clusters");
		put_llong(out, "records", a->dup_records);
		put_llong(out, "count", a->clusters);
		put_llong(out, "invalid", a->duplicates);
		put_num(out, "validity", a->dup_records > 0,
		    (double)(a->dup_records - a->duplicates) /
		    (double)(a->dup_records ? a->dup_records : 1), 4);
		break;
	default:
		crm_record_adds(out, "section", "import");
		crm_record_adds(out, "entity", x->entity);
		crm_record_adds(out, "item", x->file);
		if (x->day != NODAY) {
			crm_date_from_days(x->day, d);
			crm_record_adds(out, "date", d);
		}
		if (x->has_read)
			put_llong(out, "records", x->read);
		if (x->has_rejected)
			put_llong(out, "count", x->rejected);
		put_num(out, "rate", x->has_read && x->has_rejected &&
		    x->read > 0, (double)x->rejected /
		    (double)(x->read > 0 ? x->read : 1), 4);
	}
}

static void
row_manager(struct crm_report *r, size_t g, struct crm_record *out)
{
	const struct manager_row *m = &r->mrows[g];
	long closed = m->won + m->lost;
	size_t nrev = crm_agg_count(r->m_rev, g);
	double rev = crm_agg_sum(r->m_rev, g);

	crm_record_adds(out, r->mcols[0], crm_agg_key(r->m_rev, g, NULL));
	put_count(out, "deals", m->deals);
	put_count(out, "open", m->open);
	put_count(out, "closed", closed);
	put_count(out, "won", m->won);
	put_count(out, "lost", m->lost);
	put_num(out, "win_rate", closed > 0, (double)m->won / (double)(closed ?
	    closed : 1), 4);
	put_num(out, "revenue", 1, rev, 2);
	put_num(out, "avg_check", nrev > 0, rev / (double)(nrev ? nrev : 1), 2);
	put_num(out, "avg_days_to_close", crm_agg_count(r->m_days, g) > 0,
	    crm_agg_mean(r->m_days, g), 2);
}

static void
row_source(struct crm_report *r, size_t g, struct crm_record *out)
{
	const struct source_row *s = &r->srows[g];
	double rev = crm_agg_sum(r->s_rev, g);

	crm_record_adds(out, "source", crm_agg_key(r->s_rev, g, NULL));
	put_count(out, "leads", s->leads);
	put_count(out, "converted", s->converted);
	put_num(out, "conversion", s->leads > 0, (double)s->converted /
	    (double)(s->leads ? s->leads : 1), 4);
	put_num(out, "revenue", 1, rev, 2);
	put_num(out, "avg_check", s->nwon_amount > 0, rev /
	    (double)(s->nwon_amount ? s->nwon_amount : 1), 2);
	put_num(out, "avg_days_to_convert", crm_agg_count(r->s_days, g) > 0,
	    crm_agg_mean(r->s_days, g), 2);
	put_num(out, "spend", s->has_spend, s->spend, 2);
	put_num(out, "cac", s->has_spend && s->converted > 0, s->spend /
	    (double)(s->converted ? s->converted : 1), 2);
	put_num(out, "roi", s->has_spend && s->spend != 0, (rev - s->spend) /
	    (s->spend != 0 ? s->spend : 1), 4);
}

static void
row_month(struct crm_report *r, size_t k, struct crm_record *out)
{
	const struct month_row *m = &r->frows[k];
	int t = r->o.has_target;

	const char *key = crm_hmap_key(&r->months, k, NULL);
	const char *tab = strchr(key, '\t');

	if (tab) {
		crm_record_add(out, "month", 5, key, (size_t)(tab - key));
		crm_record_adds(out, r->fcols[1], tab + 1);
	} else
		crm_record_adds(out, "month", key);
	put_num(out, "won_amount", 1, m->won, 2);
	put_num(out, "open_amount", 1, m->open, 2);
	put_num(out, "weighted_amount", 1, m->weighted, 2);
	put_count(out, "slipped", m->slipped);
	put_num(out, "slipped_amount", 1, m->slipped_amount, 2);
	put_num(out, "target", t, r->o.target, 2);
	put_num(out, "coverage", t && r->o.target != 0, m->open /
	    (r->o.target != 0 ? r->o.target : 1), 4);
}

void
crm_report_period(const struct crm_report *r, struct crm_buf *out)
{
	char d[11];

	if (!r->o.has_from && !r->o.has_to) {
		crm_buf_adds(out, "all");
		return;
	}
	if (r->o.has_from) {
		crm_date_from_days(r->o.from, d);
		crm_buf_adds(out, d);
	}
	crm_buf_adds(out, "..");
	if (r->o.has_to) {
		crm_date_from_days(r->o.to - 1, d);
		crm_buf_adds(out, d);
	}
}

int
crm_report_row(struct crm_report *r, int kind, size_t i,
    struct crm_record *out)
{
	struct crm_buf b = CRM_BUF_INIT;
	const struct kpi_row *k;

	crm_record_reset(out);
	if (i >= crm_report_nrows(r, kind))
		return 0;
	switch (kind) {
	case CRM_REPORT_MANAGERS:
		row_manager(r, r->morder[i], out);
		break;
	case CRM_REPORT_SOURCES:
		row_source(r, r->sorder[i], out);
		break;
	case CRM_REPORT_FORECAST:
		row_month(r, r->forder[i], out);
		break;
	case CRM_REPORT_DAILY:
		row_daily(r, r->dorder[i], out);
		break;
	case CRM_REPORT_QUALITY:
		row_quality(r, &r->qrows[i], out);
		break;
	case CRM_REPORT_SEGMENTS: {
		const struct segment_row *g = &r->segrows[r->segorder[i]];
		char b2[32];

		crm_record_adds(out, "segment", crm_hmap_key(&r->segs,
		    r->segorder[i], NULL));
		put_count(out, "customers", (long)g->now);
		put_count(out, "customers_prev", (long)g->prev);
		snprintf(b2, sizeof b2, "%lld", g->now - g->prev);
		crm_record_adds(out, "delta", b2);
		put_count(out, "stayed", (long)g->stayed);
		put_count(out, "joined", (long)g->joined);
		put_count(out, "left", (long)g->left);
		break;
	}
	default:
		k = &r->kpis[i];
		crm_record_adds(out, "kpi", k->name);
		put_num(out, "value", k->has, k->value, k->digits);
		crm_record_adds(out, "unit", k->unit);
		crm_report_period(r, &b);
		crm_record_adds(out, "period", b.buf ? b.buf : "");
		crm_record_adds(out, "formula", k->formula);
		crm_buf_release(&b);
	}
	return 1;
}
