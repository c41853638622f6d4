/*
 * rfm: RFM scores and segments (a pure domain module: records in, records
 * out; no I/O, no SQL).
 *
 * Orders (customer, date, amount) or customer-level rows go in; per
 * customer: recency in days before the as-of date, frequency (orders, or
 * distinct purchase days), monetary (the sum of amounts); then one score
 * per measure, 5 best, by the method of the R package rfm (quantile type 7
 * at k/n, plus 1, half-open bins, compared in double arithmetic as R does:
 * CRM_RFM_RFMPKG), by SQL NTILE over (value, customer) (CRM_RFM_NTILE), or
 * by cut points used as given; then the first segment rule that matches.
 *
 * Memory is proportional to customers (a hash map customer -> aggregates),
 * not to orders; with freq_days also to distinct customer-days.
 *
 * Ownership: crm_rfm_new returns an object freed by crm_rfm_free; the
 * segments table given to crm_rfm_score is borrowed and must outlive the
 * crm_rfm.  Row functions fill a caller's record (reset first).
 */
#ifndef CRM_RFM_H
#define CRM_RFM_H

#include <limits.h>
#include <stddef.h>

#include "record.h"
#include "util.h"

enum crm_rfm_method {
	CRM_RFM_RFMPKG = 0,	/* R package rfm: type-7 quantile + 1, half-open */
	CRM_RFM_NTILE		/* equal-count, ties by value then customer */
};

enum { CRM_RFM_R = 0, CRM_RFM_F, CRM_RFM_M };	/* measure index */

#define CRM_RFM_MAXBINS 9
#define CRM_RFM_NODAY LONG_MIN		/* an unknown day */

struct crm_rfm_opts {
	int method;		/* enum crm_rfm_method */
	int bins[3];		/* bins per measure, 1..CRM_RFM_MAXBINS */
	double cuts[3][CRM_RFM_MAXBINS - 1]; /* cut points, used as given (no +1) */
	int ncuts[3];		/* 0 = compute from the data */
	int freq_days;		/* frequency = distinct purchase days */
	int has_as_of;		/* as_of given; else the day after the last order */
	long as_of;		/* days since 1970-01-01 */
	int customer_level;	/* rows are customers, not orders */
	int date_order;		/* of dates such as 3/4/2024: 'd', 'm', 'y' (0: 'd') */
	int decimal;		/* of amounts such as 1.234: '.', ',' (0: as crm_norm_amount) */
};

#define CRM_RFM_OPTS_INIT { CRM_RFM_RFMPKG, { 5, 5, 5 }, { { 0 } }, \
	{ 0, 0, 0 }, 0, 0, 0, 0, 0, 0 }

/*
 * The input columns.  Orders: customer, date, amount, status (status may
 * be NULL or absent from the input: nothing is excluded).  Customer level:
 * customer, recency (days) or last_date, frequency, monetary.
 */
struct crm_rfm_cols {
	const char *customer;
	const char *date;
	const char *amount;
	const char *status;
	const char *recency;
	const char *last_date;
	const char *frequency;
	const char *monetary;
};

/* One segment rule: inclusive score ranges; lo 0 and hi 0 = any. */
struct crm_rfm_rule {
	const char *name;
	const char *action;
	int lo[3], hi[3];
};

/* An ordered table of rules: the first that matches wins; else fallback. */
struct crm_rfm_segments {
	const char *name;	/* "rfm10", or the file name */
	const struct crm_rfm_rule *rules;
	size_t n;
	const char *fallback;	/* "Others", or doc5's "regular" */
	const char *fallback_action;
};

/* The builtin table called name ("doc5", "rfm10", "rfm10-legacy", "rfgrid"), or NULL. */
const struct crm_rfm_segments *crm_rfm_segments_builtin(const char *name);
/* The builtin names, NULL-terminated. */
extern const char *const crm_rfm_segments_names[];

/*
 * Load a segments file (lib/rfm_segments.c): records read with io.h (a
 * JSON array of objects, JSON Lines, or CSV), one rule per record, with
 * fields name (required), r, f, m (a range: "4-5", "4..5", "5", "<=2",
 * ">=4", "[4,5]", "*", empty or absent = any) and action (optional).  A
 * rule named with "fallback": "true" (or "yes", "1") names the customers no
 * rule matches instead of "Others".  Returns NULL and fills err (code
 * CRM_EUSAGE for a bad table, else the reader's code) on error.
 */
struct crm_rfm_segments *crm_rfm_segments_load(const char *path,
    struct crm_err *err);
void crm_rfm_segments_free(struct crm_rfm_segments *s);
/* Parse a range ("4-5"); 0 or -1 (not a range). */
int crm_rfm_parse_range(const char *s, int *lo, int *hi);

struct crm_rfm;

struct crm_rfm *crm_rfm_new(const struct crm_rfm_opts *o);
void crm_rfm_free(struct crm_rfm *rfm);

/*
 * Orders whose status is in list (comma-separated, compared case-folded)
 * are not counted.  "" excludes nothing.
 */
void crm_rfm_exclude_status(struct crm_rfm *rfm, const char *list);

/*
 * Add one order (day: days since 1970-01-01).  A negative amount or a day
 * after an explicit as-of date fails (CRM_EDATA, line 0: the caller knows
 * the line).
 */
int crm_rfm_add_order(struct crm_rfm *rfm, const char *cust, size_t n,
    long day, double amount, struct crm_err *err);
/*
 * Add one customer-level row; last_day CRM_RFM_NODAY = unknown; recency < 0
 * = computed from last_day.  A customer seen twice fails (CRM_EDATA).
 */
int crm_rfm_add_customer(struct crm_rfm *rfm, const char *cust, size_t n,
    long recency, long last_day, long frequency, double monetary,
    struct crm_err *err);

/*
 * Add one input record by cols.  Returns 0 when counted, 1 when left out
 * by its status, -1 for a bad record (err: CRM_EDATA with rec->line and a
 * reason such as "bad amount '12,3,4' in column 'amount'").
 */
int crm_rfm_add_record(struct crm_rfm *rfm, const struct crm_record *rec,
    const struct crm_rfm_cols *cols, struct crm_err *err);

/* Counts so far: orders counted, orders left out by status, customers. */
long crm_rfm_orders(const struct crm_rfm *rfm);
long crm_rfm_excluded(const struct crm_rfm *rfm);
size_t crm_rfm_ncustomers(struct crm_rfm *rfm);

/*
 * Compute the as-of date (when not given), the measures, thresholds,
 * scores and segments; rows come out sorted by customer (bytes).  Fails
 * (CRM_EDATA) when there is no customer.  seg is borrowed.
 */
int crm_rfm_score(struct crm_rfm *rfm, const struct crm_rfm_segments *seg,
    struct crm_err *err);
/* The as-of date in days (after crm_rfm_score when not given), or CRM_RFM_NODAY. */
long crm_rfm_as_of(const struct crm_rfm *rfm);

/*
 * Output, after crm_rfm_score.  Each *_row fills out with row i and returns
 * 1, or returns 0 past the end.  The column lists are NULL-terminated.
 */
extern const char *const crm_rfm_columns[];		/* per customer */
extern const char *const crm_rfm_summary_columns[];	/* per segment */
extern const char *const crm_rfm_threshold_columns[];	/* per measure and bin */
int crm_rfm_row(const struct crm_rfm *rfm, size_t i, struct crm_record *out);
int crm_rfm_summary_row(const struct crm_rfm *rfm, size_t i,
    struct crm_record *out);
int crm_rfm_threshold_row(const struct crm_rfm *rfm, size_t i,
    struct crm_record *out);
/* Customers per segment name, for a summary line: "name=n, ..." into out. */
void crm_rfm_segment_counts(const struct crm_rfm *rfm, struct crm_buf *out);

/* The run's parameters as a JSON object (for a saved snapshot). */
void crm_rfm_params_json(const struct crm_rfm *rfm, struct crm_buf *out);

/*
 * Migration matrix (rows = segment in FROM, columns = segment in TO),
 * built from (from, to, count) triples; from NULL = "(new)", to NULL =
 * "(gone)".  Rows and columns are sorted by name, with a total of each.
 */
struct crm_rfm_matrix;
struct crm_rfm_matrix *crm_rfm_matrix_new(void);
void crm_rfm_matrix_add(struct crm_rfm_matrix *m, const char *from,
    const char *to, long long count);
void crm_rfm_matrix_free(struct crm_rfm_matrix *m);
/* Columns: "from", the TO segments, "(gone)" when any, "total"; borrowed. */
const char *const *crm_rfm_matrix_columns(struct crm_rfm_matrix *m, size_t *n);
int crm_rfm_matrix_row(struct crm_rfm_matrix *m, size_t i,
    struct crm_record *out);

/* Format a double as R writes it to CSV (15 significant digits), into out[32]. */
void crm_rfm_fmt_num(double v, char out[32]);

#endif
