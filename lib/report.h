/*
 * report: the standard sales reports and KPIs (crm-report), computed from
 * the records the store gives (a pure module: records in, records out; no
 * I/O, no SQL).
 *
 * Records go in with the canonical field names, in any order: stages
 * (pipeline, name, probability), deals (external_id, owner, source,
 * contact, pipeline, stage, status, amount, created_at, expected_close,
 * closed_at), contacts (external_id, email, phone, source, created_at),
 * orders (customer, order_date, amount) and spend (source, period,
 * amount); for daily also the deals' lost_reason, the stage history (deal,
 * stage, entered_at), activities (owner, due_at, done_at) and crm-funnel's
 * stuck deals (deal, owner, days_in_stage, amount); for quality the
 * records of each entity with their violations (crm_report_audit_*) and
 * the import runs (entity, file, started, read, rejected).  Then
 * crm_report_finish, and each report comes out as records.
 *
 * The period is the days [from, to); without bounds every record counts.
 * The definitions are in man/crm-report.1 (FORMULAS); in short:
 *   managers  per owner: deals created in the period (open: still open),
 *             won and lost closed in it, win_rate = won / (won + lost),
 *             revenue = sum of won amounts, avg_check = revenue / won
 *             deals with an amount, avg_days_to_close = mean of
 *             closed_at - created_at over those won deals (days).
 *   sources   per lead source: contacts created in the period, those with
 *             a won deal, conversion, the won amounts, spend, cac, roi.
 *   forecast  per month: won amounts by closed_at, open and weighted
 *             amounts by expected_close, slipped deals, target, coverage.
 *   kpi       one record per KPI.
 *   segments  per RFM segment: customers in the latest saved snapshot and
 *             in the one before, and the moves between them (the moves
 *             go in with crm_report_add_move).
 *   daily     for the day as_of: sections new_leads, new_deals,
 *             stage_moves, won, lost, activities_due, activities_overdue,
 *             stuck, each a total row "(all)" and one row per item.
 *   quality   per entity: completeness and validity of each field,
 *             duplicates (clusters), and the import runs of the period
 *             with their rejects.
 * With opts.by, managers groups by that deal field instead of owner and
 * forecast splits each month by it (the field's column after month).
 * Money is rounded to cents, rates to 4 decimal places, days to 2; a
 * value whose divisor is 0 is an empty cell (never NaN or inf).
 *
 * Ownership: strings are copied; crm_report_free frees everything.
 */
#ifndef CRM_REPORT_H
#define CRM_REPORT_H

#include <stddef.h>

#include "record.h"
#include "util.h"

enum crm_report_kind {
	CRM_REPORT_MANAGERS = 0,
	CRM_REPORT_SOURCES,
	CRM_REPORT_FORECAST,
	CRM_REPORT_KPI,
	CRM_REPORT_SEGMENTS,
	CRM_REPORT_DAILY,
	CRM_REPORT_QUALITY,
	CRM_REPORT_NKINDS
};

enum crm_report_input {
	CRM_REPORT_IN_STAGE = 0,
	CRM_REPORT_IN_DEAL,
	CRM_REPORT_IN_CONTACT,
	CRM_REPORT_IN_ORDER,
	CRM_REPORT_IN_SPEND,
	CRM_REPORT_IN_ENTRY,		/* deal, stage, entered_at */
	CRM_REPORT_IN_ACTIVITY,		/* owner, due_at, done_at */
	CRM_REPORT_IN_STUCK,		/* deal, owner, days_in_stage, amount */
	CRM_REPORT_IN_IMPORT		/* entity, file, started, read, rejected */
};

/* Days are counted from 1970-01-01 (lib/date.h). */
struct crm_report_opts {
	int has_from, has_to;
	long from, to;		/* the period [from, to) */
	long as_of;		/* "today": slipped deals are due before it */
	int has_target;
	double target;		/* forecast: the target of each month */
	long active_window;	/* kpi retention: days of "active" */
	int has_lifetime;
	double lifetime;	/* kpi ltv_simple: expected lifetime, years */
	const char *by;		/* managers, forecast: a deal field; NULL */
};

#define CRM_REPORT_OPTS_INIT { 0, 0, 0, 0, 0, 0, 0, 90, 0, 0, NULL }

/* Whether a report takes opts.by. */
int crm_report_takes_by(int kind);

struct crm_report;

/* "managers" ... -> kind; -1 for another name. */
int crm_report_kind(const char *name);
const char *crm_report_name(int kind);

struct crm_report *crm_report_new(const struct crm_report_opts *o);
void crm_report_free(struct crm_report *r);
/* 0 when there were deals and none had the opts.by field (a typo?). */
int crm_report_by_seen(const struct crm_report *r);

/*
 * After crm_report_finish: how many converted contacts of the period were
 * created after their first won deal closed (left out of
 * avg_days_to_convert), and the input line of the first of them.
 */
long crm_report_won_before_created(const struct crm_report *r, long *line);

/*
 * Add one record of an input (enum crm_report_input); name is the input's
 * name for messages ("crm.db:deals").  0; 1 when a date could not be read
 * (err says which: the record counts as if the date were empty); -1 with
 * err (CRM_EDATA and the record's line) for an amount, a probability, a
 * status or a spend period that cannot be read.
 */
int crm_report_add(struct crm_report *r, int input,
    const struct crm_record *rec, const char *name, struct crm_err *err);

/*
 * customers moved from segment from to segment to between the snapshot
 * before and the latest (from NULL: only in the latest; to NULL: only in
 * the one before).
 */
void crm_report_add_move(struct crm_report *r, const char *from,
    const char *to, long long customers);

/*
 * quality: the records of entity (fields: its canonical fields, n of
 * them, borrowed until the next begin) go in one by one, each followed by
 * its violations (field, enum crm_severity); a violation of warning or
 * error on a filled field makes that value invalid.  Then the duplicates
 * of the entity: records, clusters of 2 or more records, and the records
 * a merge of those clusters would remove.
 */
void crm_report_audit_begin(struct crm_report *r, const char *entity,
    const char *const *fields, size_t n);
void crm_report_audit_record(struct crm_report *r,
    const struct crm_record *rec);
void crm_report_audit_violation(struct crm_report *r, const char *field,
    int severity);
void crm_report_audit_duplicates(struct crm_report *r, const char *entity,
    long long records, long long clusters, long long duplicates);

/* Compute every report. */
void crm_report_finish(struct crm_report *r);

/*
 * The columns of a report and their JSON types (enum crm_vtype); borrowed
 * from r (with opts.by the columns name the field).
 */
const char *const *crm_report_columns(const struct crm_report *r, int kind,
    size_t *n);
const int *crm_report_types(const struct crm_report *r, int kind, size_t *n);
/* Row i of a report into out (reset first): 1, or 0 past the end. */
int crm_report_row(struct crm_report *r, int kind, size_t i,
    struct crm_record *out);
size_t crm_report_nrows(const struct crm_report *r, int kind);

/* The period as text: "2024-03-01..2024-03-31", "..2024-03-31", "all". */
void crm_report_period(const struct crm_report *r, struct crm_buf *out);

#endif
