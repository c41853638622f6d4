/*
 * funnel: the sales funnel from stage definitions, deals and their stage
 * history (a pure domain module: records in, records out; no I/O, no SQL).
 *
 * Records go in three passes, in this order: the stage definitions
 * (pipeline, name, position, probability, kind open|won|lost, sla_days,
 * required, requires), the deals (external_id, title, owner, source,
 * company, pipeline, stage, status, amount, created_at, expected_close,
 * closed_at, and the --by field), then the history (deal, stage,
 * entered_at), each with the canonical field names.  Then
 * crm_funnel_finish, and the reports come out as records.
 *
 * The definitions (docs: man/crm-funnel.1, after research §5.2): a deal
 * reached a stage when its entries (history, else its current stage)
 * include that stage or a later one; a won stage comes after every open
 * stage, a lost stage counts for nothing, and a won deal reached every
 * open stage; without history a lost deal at a lost stage reached every
 * open stage and was lost at the last of them.  Time in stage is
 * fractional days per visit (to the next entry, to closed_at for a
 * closed deal, to the as-of instant for an open one), summed per deal over
 * re-entries.  History rows of one deal come in time order (equal times
 * keep the input order).
 *
 * Memory is bounded by the deals and the stages they visited, not by the
 * history rows, which stream by.
 *
 * Ownership: crm_funnel_new returns an object freed by crm_funnel_free;
 * strings in the options are borrowed and must outlive it; every value of
 * an added record is copied.  Row functions fill a caller's record (reset
 * first).
 */
#ifndef CRM_FUNNEL_H
#define CRM_FUNNEL_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"
#include "util.h"

enum crm_funnel_mode {
	CRM_FUNNEL_COHORT = 0,	/* deals created in [from, to) */
	CRM_FUNNEL_FLOW		/* stage entries in [from, to) */
};

/* The reports. */
enum crm_funnel_report {
	CRM_FUNNEL_STAGES = 0,	/* one record per stage, in position order */
	CRM_FUNNEL_SUMMARY,	/* one record per group */
	CRM_FUNNEL_STUCK,	/* open deals over their stage's limit, oldest first */
	CRM_FUNNEL_SLIPPED,	/* open deals past expected_close, latest first */
	CRM_FUNNEL_CHECK	/* violations of the stage rules */
};

/* Times are seconds since 1970-01-01T00:00:00Z. */
struct crm_funnel_opts {
	const char *pipeline;	/* NULL = every pipeline */
	int mode;		/* enum crm_funnel_mode */
	int has_from, has_to;
	int64_t from, to;	/* [from, to) */
	int64_t as_of;		/* open visits are cut here; later dates are bad */
	const char *by;		/* group field, NULL = none */
	double stuck_days;	/* limit where a stage has no sla_days */
	int compare;		/* also the period before (see crm_funnel_new) */
	int unit;		/* its length: enum crm_date_unit (week, month ...) */
	int check;		/* collect violations of the stage rules */
	int skip_bad;		/* a bad record is counted and left out */
};

#define CRM_FUNNEL_OPTS_INIT { NULL, CRM_FUNNEL_COHORT, 0, 0, 0, 0, 0, NULL, \
	30, 0, 0, 0, 0 }

struct crm_funnel;

/*
 * With compare, the period is from, and unit long; without from, the last
 * whole period that ends on or before as_of; the previous period of the
 * same length is computed beside it (the _prev columns).
 */
struct crm_funnel *crm_funnel_new(const struct crm_funnel_opts *o);
void crm_funnel_free(struct crm_funnel *f);

/*
 * Add one record; file is the input's name for messages (borrowed for
 * the call).  Returns 0 when added, -1 on error (err: CRM_EDATA with the
 * record's line for a bad record, CRM_EUSAGE when the inputs do not fit
 * together), or 1 when opts.skip_bad left a bad record out (err says why:
 * the caller may warn).  Stages must all come before the first deal, and
 * deals before the first history row.
 */
int crm_funnel_add_stage(struct crm_funnel *f, const struct crm_record *rec,
    const char *file, struct crm_err *err);
int crm_funnel_add_deal(struct crm_funnel *f, const struct crm_record *rec,
    const char *file, struct crm_err *err);
int crm_funnel_add_entry(struct crm_funnel *f, const struct crm_record *rec,
    const char *file, struct crm_err *err);
/*
 * History records recs[0 .. n-1], in order, as add_entry one after the
 * other, with the memory reads of the next records overlapped (history
 * read ahead from a file: its rows come in time order, deals in any
 * order).  Stops after the first record for which add_entry would not
 * return 0 and returns what it would; *done says how many records were
 * taken, that one included (all n when 0 is returned).
 */
int crm_funnel_add_entries(struct crm_funnel *f,
    const struct crm_record *recs, size_t n, const char *file, size_t *done,
    struct crm_err *err);

/*
 * The deal fields the options and the stage rules need besides the core
 * ones (the --by field, the fields stages require), after the last stage
 * was added; borrowed.
 */
const char *const *crm_funnel_deal_fields(struct crm_funnel *f, size_t *n);

/* Close the open visits and compute every report. */
int crm_funnel_finish(struct crm_funnel *f, struct crm_err *err);

/*
 * A record the caller could not read: with opts.skip_bad, count it and
 * return 1; else return 0 (the caller stops).
 */
int crm_funnel_skip_bad(struct crm_funnel *f);

/* Records left out by skip_bad. */
long long crm_funnel_skipped(const struct crm_funnel *f);
/* Deals and history rows added (after the filters: deals in the selection). */
long long crm_funnel_ndeals(const struct crm_funnel *f);
long long crm_funnel_nentries(const struct crm_funnel *f);

/*
 * The columns of a report (borrowed, valid until crm_funnel_free): the
 * --by field first when grouping, then "pipeline" when the stages of
 * more than one pipeline are shown, then the report's own; with compare,
 * each measure is followed by NAME_prev and NAME_delta.
 */
const char *const *crm_funnel_columns(struct crm_funnel *f, int report,
    size_t *n);
/* Row i of a report into out: 1, or 0 past the end. */
int crm_funnel_row(struct crm_funnel *f, int report, size_t i,
    struct crm_record *out);
size_t crm_funnel_nrows(const struct crm_funnel *f, int report);

/*
 * The funnel drawn for a terminal, width columns wide: per group (and
 * pipeline) one bar per open and won stage, its width by reached, with the
 * conversion between bars.  UTF-8 text appended to out.
 */
void crm_funnel_draw(struct crm_funnel *f, int width, struct crm_buf *out);

#endif
