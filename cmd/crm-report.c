/*
 * crm-report: the standard sales reports and KPIs over the store
 * (managers, sources, forecast, kpi, segments, daily, quality; funnel
 * through lib/funnel), as records, terminal tables or a workbook with one
 * sheet per report.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "dedupe.h"
#include "dedupe_table.h"
#include "entity.h"
#include "funnel.h"
#include "html.h"
#include "mapper.h"
#include "io.h"
#include "opts.h"
#include "outfile.h"
#include "report.h"
#include "rules.h"
#include "rules_sources.h"
#include "store.h"
#include "store_funnel.h"
#include "store_merge.h"
#include "store_rfm.h"
#include "util.h"

static const char usage_line[] =
    "usage: crm-report [-q] [-d db] [-f format] [--from date] [--to date]"
    " [--period week|month|quarter] [--at date] [--target amount]"
    " [--active-window days] [--lifetime years] [--compare] [--by field]"
    " [--stuck-days n] [--rules dir] [--html file] report ...";

enum {
	OPT_FROM = CRM_OPT_FIRST_TOOL,
	OPT_TO,
	OPT_PERIOD,
	OPT_AT,
	OPT_TARGET,
	OPT_ACTIVE_WINDOW,
	OPT_LIFETIME,
	OPT_COMPARE,
	OPT_BY,
	OPT_STUCK_DAYS,
	OPT_RULES,
	OPT_HTML
};

#define FUNNEL CRM_REPORT_NKINDS	/* the funnel report, from lib/funnel */

static const struct option longopts[] = {
	CRM_COMMON_LONGOPTS,
	{ "from",	required_argument,	NULL, OPT_FROM },
	{ "to",		required_argument,	NULL, OPT_TO },
	{ "period",	required_argument,	NULL, OPT_PERIOD },
	{ "at",		required_argument,	NULL, OPT_AT },
	{ "target",	required_argument,	NULL, OPT_TARGET },
	{ "active-window", required_argument,	NULL, OPT_ACTIVE_WINDOW },
	{ "lifetime",	required_argument,	NULL, OPT_LIFETIME },
	{ "compare",	no_argument,		NULL, OPT_COMPARE },
	{ "by",		required_argument,	NULL, OPT_BY },
	{ "stuck-days",	required_argument,	NULL, OPT_STUCK_DAYS },
	{ "rules",	required_argument,	NULL, OPT_RULES },
	{ "html",	required_argument,	NULL, OPT_HTML },
	{ NULL, 0, NULL, 0 }
};

static long
opt_day(const char *opt, const char *s)
{
	const char *why = NULL;
	long day;

	if (crm_date_as_of(s, strlen(s), &day, &why) < 0)
		crm_die(CRM_EXIT_USAGE, "%s: not a date: '%s' (%s)", opt, s,
		    why ? why : "unreadable");
	return day;
}

static double
opt_number(const char *opt, const char *s)
{
	char *end;
	double x = strtod(s, &end);

	if (end == s || *end || !isfinite(x) || x < 0)
		crm_die(CRM_EXIT_USAGE, "%s: not a number 0 or more: '%s'",
		    opt, s);
	return x;
}

static long long nbad;	/* records whose date was left out */
static int opt_quiet;

static void
feed(struct crm_report *r, int input, const struct crm_record *rec,
    const char *name)
{
	struct crm_err err = CRM_ERR_INIT;
	int rc = crm_report_add(r, input, rec, name, &err);

	if (rc < 0)
		crm_die_err(&err);
	if (rc > 0) {
		nbad++;
		if (!opt_quiet)
			crm_warn_err(&err);
	}
}

/* One table of the store, as crm-funnel reads its own. */
static void
read_table(struct crm_report *r, struct crm_store *s, const char *dbname,
    int what, int input, const char *by)
{
	const char *fields[] = { "contact", "lost_reason", by };
	struct crm_err err = CRM_ERR_INIT;
	struct crm_store_funnel *f;
	struct crm_record *rec;
	int rc;

	if (!(f = crm_store_funnel_open(s, dbname, what, fields,
	    what == CRM_STORE_FUNNEL_DEALS ? 2 + (by != NULL) : 0, &err)))
		crm_die_err(&err);
	while ((rc = crm_store_funnel_next(f, &rec, &err)) > 0)
		feed(r, input, rec, crm_store_funnel_name(f));
	if (rc < 0)
		crm_die_err(&err);
	crm_store_funnel_close(f);
}

static struct crm_funnel *read_funnel(struct crm_store *s, const char *dbname,
    const struct crm_funnel_opts *fo);

struct rows {
	struct crm_report *r;
	int input;
	const char *name;
};

/* A store row read by crm_merge_load, named by its row id. */
static int
feed_row(void *ctx, long long id, const struct crm_record *rec)
{
	struct rows *x = ctx;
	struct crm_record copy = CRM_RECORD_INIT;

	crm_record_copy(&copy, rec);
	copy.line = (long)id;
	feed(x->r, x->input, &copy, x->name);
	crm_record_release(&copy);
	return 0;
}

/* daily: the activities of the store. */
static void
read_activities(struct crm_report *r, struct crm_store *s, const char *dbname)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_buf name = CRM_BUF_INIT;
	struct rows x;

	crm_buf_addf(&name, "%s:activities", dbname);
	x.r = r;
	x.input = CRM_REPORT_IN_ACTIVITY;
	x.name = name.buf;
	if (crm_merge_load(s, crm_entity_find("activities"), feed_row, &x,
	    &err) < 0)
		crm_die_err(&err);
	crm_buf_release(&name);
}

/* quality: the import runs (the period picks them by their start). */
static void
read_imports(struct crm_report *r, struct crm_store *s, const char *dbname)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_buf name = CRM_BUF_INIT;
	struct crm_store_cursor *c;
	struct crm_record *rec;
	int rc;

	crm_buf_addf(&name, "%s:import_runs", dbname);
	if (!(c = crm_store_select(s, "import_runs", NULL,
	    "id,entity,file,started,read,rejected", &err)))
		crm_die_err(&err);
	while ((rc = crm_store_cursor_next(c, &rec, &err)) > 0) {
		rec->line = atol(crm_record_value(rec, "id") ?
		    crm_record_value(rec, "id") : "0");
		feed(r, CRM_REPORT_IN_IMPORT, rec, name.buf);
	}
	if (rc < 0)
		crm_die_err(&err);
	crm_store_cursor_free(c);
	crm_buf_release(&name);
}

struct audit {
	struct crm_report *r;
	struct crm_validator *v;
	struct crm_dd_table *t;
	struct crm_err err;
	int failed;
};

static void
on_violation(void *ctx, const struct crm_violation *v)
{
	crm_report_audit_violation(((struct audit *)ctx)->r, v->field,
	    v->severity);
}

static int
audit_row(void *ctx, long long id, const struct crm_record *rec)
{
	struct audit *a = ctx;

	crm_report_audit_record(a->r, rec);
	if (crm_validator_record(a->v, rec, NULL, &a->err) < 0) {
		a->failed = 1;
		return 1;
	}
	if (a->t)
		crm_dd_table_add(a->t, rec, 0, id);
	return 0;
}

static int
cmp_dbid(const void *key, const void *row)
{
	long long id = *(const long long *)key;
	long long r = ((const struct crm_dd_row *)row)->dbid;

	return id < r ? -1 : id > r;
}

struct notdup {
	const struct crm_dd_table *t;
	struct crm_dedupe *d;
};

/* A remembered not-duplicate pair, as crm-dedupe keeps it apart. */
static int
notdup(void *ctx, long long a, long long b)
{
	struct notdup *n = ctx;
	const struct crm_dd_row *ra, *rb;

	ra = bsearch(&a, n->t->rows, n->t->nrows, sizeof *ra, cmp_dbid);
	rb = bsearch(&b, n->t->rows, n->t->nrows, sizeof *rb, cmp_dbid);
	if (ra && rb)
		crm_dedupe_cannot(n->d, (size_t)(ra - n->t->rows),
		    (size_t)(rb - n->t->rows));
	return 0;
}

/* quality: duplicates of the store's rows as crm-dedupe --from-db finds them. */
static void
audit_duplicates(struct crm_report *r, struct crm_store *s,
    const struct crm_entity *e, const struct crm_dd_table *t,
    const char *country)
{
	struct crm_dedupe_opts o = CRM_DEDUPE_OPTS_INIT;
	struct crm_err err = CRM_ERR_INIT;
	struct notdup n;
	long long clusters = 0, dups = 0;
	size_t i, cnt;

	o.country = country;
	n.t = t;
	n.d = crm_dedupe_new(&o);
	crm_dd_table_feed(t, n.d);
	if (crm_merge_not_dups(s, e, notdup, &n, &err) < 0 ||
	    crm_dedupe_run(n.d, &err) < 0)
		crm_die_err(&err);
	cnt = crm_dedupe_count(n.d);
	for (i = 0; i < cnt; i++) {
		if (crm_dedupe_cluster_size(n.d, i) < 2)
			continue;
		if (crm_dedupe_cluster(n.d, i) == i)
			clusters++;
		else
			dups++;
	}
	crm_report_audit_duplicates(r, e->name, (long long)cnt, clusters,
	    dups);
	crm_dedupe_free(n.d);
}

/*
 * quality: each entity's rows through its rules, as crm-validate --db
 * checks them: dir/ENTITY.json when there is one (as crm-validate -r),
 * else the builtin rules with the store's lead sources; contacts and
 * companies also through dedupe.
 */
static void
read_quality(struct crm_report *r, struct crm_store *s,
    const struct crm_common *co, const char *dir)
{
	static const char *const ents[] = { "contacts", "companies", "deals" };
	const struct crm_country *country;
	struct crm_err err = CRM_ERR_INIT;
	struct crm_buf path = CRM_BUF_INIT;
	size_t i, j;
	int rc;

	if (dir && access(dir, F_OK) != 0)
		crm_die(CRM_EXIT_USAGE, "--rules: no directory '%s'", dir);
	if ((rc = crm_opts_country(co, s, &country, &err)) < 0)
		crm_die_err(&err);
	for (i = 0; i < sizeof ents / sizeof *ents; i++) {
		const struct crm_entity *e = crm_entity_find(ents[i]);
		struct crm_validate_opts vo;
		struct crm_rules *rules;
		struct crm_dd_table t;
		struct crm_mapper *mapper = NULL;
		struct audit a;
		const char **labels = xcalloc(e->nfields + 1, sizeof *labels);
		int dd = strcmp(ents[i], "deals") != 0;

		for (j = 0; j < e->nfields; j++)
			labels[j] = e->fields[j].name;
		crm_buf_reset(&path);
		if (dir)
			crm_buf_addf(&path, "%s/%s.json", dir, ents[i]);
		if (dir && access(path.buf, F_OK) == 0) {
			if (!(rules = crm_rules_load(path.buf, ents[i], &err)))
				crm_die_err(&err);
		} else {
			if (!(rules = crm_rules_load(NULL, ents[i], &err)))
				crm_die_err(&err);
			crm_rules_store_sources(rules, s, country->code);
		}
		memset(&vo, 0, sizeof vo);
		vo.entity = ents[i];
		vo.db = s;
		vo.country = rc == 0 ? country->code : NULL;
		vo.violation = on_violation;
		memset(&a, 0, sizeof a);
		a.r = r;
		vo.ctx = &a;
		if (!(a.v = crm_validator_new(rules, &vo, &err)))
			crm_die_err(&err);
		crm_report_audit_begin(r, ents[i], labels, e->nfields);
		crm_validator_begin(a.v, crm_store_default_path(co->db), NULL,
		    labels, e->nfields, labels);
		if (dd) {
			mapper = crm_mapper_new(e, NULL, 0);
			crm_dd_table_init(&t, e, mapper, !strcmp(ents[i],
			    "companies"));
			a.t = &t;
		}
		if (crm_merge_load(s, e, audit_row, &a, &err) < 0)
			crm_die_err(&err);
		if (a.failed)
			crm_die_err(&a.err);
		crm_validator_end(a.v, NULL);
		crm_validator_free(a.v);
		crm_rules_free(rules);
		if (dd) {
			if (t.nrows)
				audit_duplicates(r, s, e, &t, country->code);
			crm_dd_table_release(&t);
			crm_mapper_free(mapper);
		}
		free(labels);
	}
	crm_buf_release(&path);
}

/* daily: crm-funnel's stuck deals at the end of the day (now for today). */
static void
read_stuck(struct crm_report *r, struct crm_store *s, const char *dbname,
    long day, double stuck_days)
{
	struct crm_funnel_opts fo = CRM_FUNNEL_OPTS_INIT;
	struct crm_record out = CRM_RECORD_INIT;
	struct crm_funnel *f;
	int64_t end = ((int64_t)day + 1) * 86400 - 1, now = (int64_t)time(NULL);
	size_t i;

	fo.as_of = end < now ? end : now;
	fo.stuck_days = stuck_days;
	fo.skip_bad = 1;	/* deals created or closed after the day */
	f = read_funnel(s, dbname, &fo);
	for (i = 0; crm_funnel_row(f, CRM_FUNNEL_STUCK, i, &out); i++)
		feed(r, CRM_REPORT_IN_STUCK, &out, "crm-funnel");
	crm_record_release(&out);
	crm_funnel_free(f);
}

static void
move(void *arg, const char *from, const char *to, long long n)
{
	crm_report_add_move(arg, from, to, n);
}

/*
 * segments: the moves between the two latest saved crm-rfm snapshots
 * (only the latest: every customer is new there); none saved: a warning.
 */
static void
read_segments(struct crm_report *r, struct crm_store *s, int quiet)
{
	struct crm_err err = CRM_ERR_INIT;
	long long last, prev = 0;

	if (crm_store_rfm_find(s, "last", &last, &err) < 0) {
		if (!quiet)
			crm_warn("segments: no crm-rfm snapshot saved (crm-rfm "
			    "--save)");
		return;
	}
	if (crm_store_rfm_find(s, "last-1", &prev, &err) < 0)
		prev = 0;
	if (crm_store_rfm_migration(s, prev, last, move, r, &err) < 0)
		crm_die_err(&err);
}

/* The funnel of the period: stages, deals and history, as crm-funnel. */
static struct crm_funnel *
read_funnel(struct crm_store *s, const char *dbname,
    const struct crm_funnel_opts *fo)
{
	static const int what[] = { CRM_STORE_FUNNEL_STAGES,
	    CRM_STORE_FUNNEL_DEALS, CRM_STORE_FUNNEL_HISTORY };
	struct crm_err err = CRM_ERR_INIT;
	struct crm_funnel *f = crm_funnel_new(fo);
	struct crm_store_funnel *t;
	struct crm_record *rec;
	const char *const *fields = NULL;
	size_t i, n = 0;
	int rc;

	for (i = 0; i < 3; i++) {
		if (what[i] == CRM_STORE_FUNNEL_DEALS)
			fields = crm_funnel_deal_fields(f, &n);
		if (!(t = crm_store_funnel_open(s, dbname, what[i], fields, n,
		    &err)))
			crm_die_err(&err);
		while ((rc = crm_store_funnel_next(t, &rec, &err)) > 0) {
			if (what[i] == CRM_STORE_FUNNEL_STAGES)
				rc = crm_funnel_add_stage(f, rec,
				    crm_store_funnel_name(t), &err);
			else if (what[i] == CRM_STORE_FUNNEL_DEALS)
				rc = crm_funnel_add_deal(f, rec,
				    crm_store_funnel_name(t), &err);
			else
				rc = crm_funnel_add_entry(f, rec,
				    crm_store_funnel_name(t), &err);
			if (rc < 0)
				crm_die_err(&err);
		}
		if (rc < 0)
			crm_die_err(&err);
		crm_store_funnel_close(t);
	}
	if (crm_funnel_finish(f, &err) < 0)
		crm_die_err(&err);
	return f;
}

/* One report to w: a workbook's next sheet, else w's only table. */
static void
write_funnel(struct crm_funnel *f, struct crm_writer *w)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_record out = CRM_RECORD_INIT;
	const char *const *cols;
	size_t n, i;

	if (crm_writer_sheet(w, "funnel", &err) < 0)
		crm_die_err(&err);
	cols = crm_funnel_columns(f, CRM_FUNNEL_STAGES, &n);
	crm_writer_columns(w, cols, n);
	for (i = 0; crm_funnel_row(f, CRM_FUNNEL_STAGES, i, &out); i++)
		if (crm_writer_write(w, &out, &err) < 0)
			crm_die_err(&err);
	crm_record_release(&out);
}

static void
write_report(struct crm_report *r, int kind, struct crm_writer *w)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_record out = CRM_RECORD_INIT;
	const char *const *cols;
	const int *types;
	size_t n, i;

	if (crm_writer_sheet(w, crm_report_name(kind), &err) < 0)
		crm_die_err(&err);
	cols = crm_report_columns(r, kind, &n);
	crm_writer_columns(w, cols, n);
	types = crm_report_types(r, kind, &n);
	crm_writer_types(w, types, n);
	for (i = 0; crm_report_row(r, kind, i, &out); i++)
		if (crm_writer_write(w, &out, &err) < 0)
			crm_die_err(&err);
	crm_record_release(&out);
}

/* --html: every report asked for on one page (lib/html). */
static void
write_html(struct crm_outfile *o, const char *store, const char *period,
    struct crm_report *r, struct crm_funnel *f, const int *kinds, int nkinds)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_record out = CRM_RECORD_INIT;
	struct crm_html *h = crm_html_new(store, period);
	struct crm_buf page = CRM_BUF_INIT;
	const char *const *cols;
	size_t n, j;
	int i;

	for (i = 0; i < nkinds; i++) {
		int fun = kinds[i] == FUNNEL;

		cols = fun ? crm_funnel_columns(f, CRM_FUNNEL_STAGES, &n) :
		    crm_report_columns(r, kinds[i], &n);
		crm_html_report(h, fun ? "funnel" : crm_report_name(kinds[i]),
		    cols, n);
		for (j = 0; fun ? crm_funnel_row(f, CRM_FUNNEL_STAGES, j, &out) :
		    crm_report_row(r, kinds[i], j, &out); j++)
			crm_html_row(h, &out);
	}
	crm_html_page(h, &page);
	fwrite(page.buf, 1, page.len, o->fp);	/* commit checks ferror */
	if (crm_outfile_commit(o, &err) < 0)
		crm_die_err(&err);
	crm_buf_release(&page);
	crm_record_release(&out);
	crm_html_free(h);
}

int
main(int argc, char *argv[])
{
	struct crm_common co = CRM_COMMON_INIT;
	struct crm_report_opts ro = CRM_REPORT_OPTS_INIT;
	struct crm_err err = CRM_ERR_INIT;
	struct crm_outfile_guard guard = CRM_OUTFILE_GUARD_INIT;
	struct crm_store *s;
	struct crm_report *r;
	struct crm_funnel *f = NULL;
	struct crm_funnel_opts fo = CRM_FUNNEL_OPTS_INIT;
	struct crm_buf per = CRM_BUF_INIT;
	struct crm_outfile hout = CRM_OUTFILE_INIT;
	const char *dbname, *html = NULL, *rules_dir = NULL;
	int c, i, fmt, kinds[CRM_REPORT_NKINDS + 1], nkinds = 0, compare = 0;
	int need_deals = 0, need_contacts = 0, need_orders = 0, need_spend = 0;
	long early = 0, early_line = 0;	/* contacts won before created */
	char day[11];		/* --at, for the daily report */
	int need_daily = 0, need_quality = 0;
	struct crm_writer *w = NULL;
	double stuck_days = 30;
	long at, n;
	int has_period = 0;
	enum crm_date_unit unit = CRM_DATE_MONTH;

	crm_setprogname(argv[0]);
	at = crm_date_today();
	while ((c = getopt_long(argc, argv, CRM_COMMON_SHORTOPTS, longopts,
	    NULL)) != -1)
		switch (c) {
		case OPT_FROM:
			ro.from = opt_day("--from", optarg);
			ro.has_from = 1;
			break;
		case OPT_TO:	/* the last day of the period, included */
			ro.to = opt_day("--to", optarg) + 1;
			ro.has_to = 1;
			break;
		case OPT_PERIOD:
			if (crm_date_unit(optarg, &unit) < 0 ||
			    (unit != CRM_DATE_WEEK && unit != CRM_DATE_MONTH &&
			    unit != CRM_DATE_QUARTER))
				crm_die(CRM_EXIT_USAGE, "--period: week, month "
				    "or quarter, not '%s'", optarg);
			has_period = 1;
			break;
		case OPT_AT:
			at = opt_day("--at", optarg);
			break;
		case OPT_TARGET:
			ro.target = opt_number("--target", optarg);
			ro.has_target = 1;
			break;
		case OPT_ACTIVE_WINDOW:
			if (crm_parse_long(optarg, &n) < 0 || n < 1)
				crm_die(CRM_EXIT_USAGE, "--active-window: not a "
				    "number of days: '%s'", optarg);
			ro.active_window = n;
			break;
		case OPT_COMPARE: compare = 1; break;
		case OPT_BY:
			if (!*optarg)
				crm_die(CRM_EXIT_USAGE, "--by: a deal field");
			ro.by = optarg;
			break;
		case OPT_STUCK_DAYS:
			if (crm_parse_long(optarg, &n) < 0 || n < 0)
				crm_die(CRM_EXIT_USAGE, "--stuck-days: not a "
				    "number of days: '%s'", optarg);
			stuck_days = (double)n;
			break;
		case OPT_HTML: html = optarg; break;
		case OPT_RULES: rules_dir = optarg; break;
		case OPT_LIFETIME:
			ro.lifetime = opt_number("--lifetime", optarg);
			ro.has_lifetime = 1;
			break;
		default: crm_opts_common(&co, c, optarg, longopts, usage_line);
		}
	argc -= optind;
	argv += optind;
	opt_quiet = co.quiet;
	if (argc < 1)
		crm_usage(usage_line);
	if (has_period && (ro.has_from || ro.has_to))
		crm_die(CRM_EXIT_USAGE, "--period sets the period; --from and "
		    "--to do not go with it");
	if (ro.has_from && ro.has_to && ro.to <= ro.from)
		crm_die(CRM_EXIT_USAGE, "--to is before --from");
	if (html && co.output)
		crm_die(CRM_EXIT_USAGE, "--html writes the page; -o does not go "
		    "with it");
	if (compare && !has_period)
		crm_die(CRM_EXIT_USAGE, "--compare goes with --period");
	if (has_period) {
		char label[CRM_DATE_LABEL];
		enum crm_date_unit u;

		crm_date_bucket_label(at, unit, label);
		if (crm_date_bucket_parse(label, &ro.from, &ro.to, &u) < 0)
			crm_die(CRM_EXIT_USAGE, "--at: no period holds it");
		ro.has_from = ro.has_to = 1;
	}
	ro.as_of = at;
	for (i = 0; i < argc; i++) {
		int k = crm_report_kind(argv[i]), j;

		if (k < 0 && !strcmp(argv[i], "funnel"))
			k = FUNNEL;
		if (k < 0)
			crm_die(CRM_EXIT_USAGE, "no such report: '%s' (managers,"
			    " sources, forecast, kpi, funnel, segments, daily, "
			    "quality)", argv[i]);
		if (ro.by && k != FUNNEL && !crm_report_takes_by(k))
			crm_die(CRM_EXIT_USAGE, "--by: not for report '%s' "
			    "(managers, forecast, funnel)", argv[i]);
		for (j = 0; j < nkinds && kinds[j] != k; j++)
			;
		if (j < nkinds)
			continue;
		kinds[nkinds++] = k;
		if (k == FUNNEL || k == CRM_REPORT_SEGMENTS)
			continue;
		if (k == CRM_REPORT_QUALITY) {
			need_quality = 1;
			continue;
		}
		need_deals = 1;
		if (k == CRM_REPORT_DAILY)
			need_daily = need_contacts = 1;
		if (k == CRM_REPORT_SOURCES || k == CRM_REPORT_KPI)
			need_contacts = need_spend = 1;
		if (k == CRM_REPORT_KPI)
			need_orders = 1;
	}
	if (rules_dir && !need_quality)
		crm_die(CRM_EXIT_USAGE, "--rules goes with the quality report");
	fmt = crm_output_format(co.format, stdout, CRM_FMT_CSV);
	if (nkinds > 1 && fmt != CRM_FMT_TABLE && fmt != CRM_FMT_XLSX && !html)
		crm_die(CRM_EXIT_USAGE, "several reports: -f table or xlsx (one "
		    "report for %s)", crm_format_name(fmt));
	dbname = crm_store_default_path(co.db);
	crm_outfile_guard_store(&guard, dbname);
	if (html && crm_outfile_open(&hout, html, "--html", &guard, &err) < 0)
		crm_die_err(&err);
	crm_opts_stdout(&co, &guard);
	crm_outfile_guard_release(&guard);
	if (!(s = crm_store_open(dbname, CRM_STORE_READONLY, &err)))
		crm_die_err(&err);
	if (crm_store_warning(s))
		crm_warn("%s", crm_store_warning(s));

	r = crm_report_new(&ro);
	if (need_deals) {
		read_table(r, s, dbname, CRM_STORE_FUNNEL_STAGES,
		    CRM_REPORT_IN_STAGE, NULL);
		read_table(r, s, dbname, CRM_STORE_FUNNEL_DEALS,
		    CRM_REPORT_IN_DEAL, ro.by);
	}
	if (need_contacts)
		read_table(r, s, dbname, CRM_STORE_FUNNEL_CONTACTS,
		    CRM_REPORT_IN_CONTACT, NULL);
	if (need_orders)
		read_table(r, s, dbname, CRM_STORE_FUNNEL_ORDERS,
		    CRM_REPORT_IN_ORDER, NULL);
	if (need_spend)
		read_table(r, s, dbname, CRM_STORE_FUNNEL_SPEND,
		    CRM_REPORT_IN_SPEND, NULL);
	if (need_daily) {
		read_table(r, s, dbname, CRM_STORE_FUNNEL_HISTORY,
		    CRM_REPORT_IN_ENTRY, NULL);
		read_activities(r, s, dbname);
		read_stuck(r, s, dbname, at, stuck_days);
	}
	if (need_quality) {
		read_quality(r, s, &co, rules_dir);
		read_imports(r, s, dbname);
	}
	for (i = 0; i < nkinds; i++)
		if (kinds[i] == CRM_REPORT_SEGMENTS)
			read_segments(r, s, co.quiet);
	crm_report_finish(r);
	for (i = 0; i < nkinds; i++)
		if (kinds[i] == CRM_REPORT_SOURCES)
			early = crm_report_won_before_created(r, &early_line);
	if (early && !co.quiet)
		crm_warn("%s:contacts:%ld: created after its first won deal "
		    "closed: left out of avg_days_to_convert (%ld such "
		    "contacts)", dbname, early_line, early);
	if (ro.by && need_deals && !crm_report_by_seen(r) && !co.quiet)
		crm_warn("--by %s: no deal has this field (every deal is in "
		    "the group (none))", ro.by);
	crm_report_period(r, &per);
	for (i = 0; i < nkinds; i++) {
		if (kinds[i] != FUNNEL || f)
			continue;
		/* now, as crm-funnel: later deals may exist past --at */
		fo.as_of = (int64_t)time(NULL);
		fo.by = ro.by;	/* a deal field or a period, as crm-funnel's */
		fo.has_from = ro.has_from;
		fo.from = (int64_t)ro.from * 86400;
		if (compare) {
			fo.compare = 1;
			fo.unit = (int)unit;
		} else {
			fo.has_to = ro.has_to;
			fo.to = (int64_t)ro.to * 86400;
		}
		f = read_funnel(s, dbname, &fo);
	}
	crm_date_from_days(at, day);
	if (html)	/* a page of daily alone is of its day */
		write_html(&hout, dbname, nkinds == 1 &&
		    kinds[0] == CRM_REPORT_DAILY ? day : per.buf, r, f, kinds,
		    nkinds);
	for (i = 0; i < nkinds && !html; i++) {

		if (!w)
			w = crm_writer_open(stdout, fmt, co.write_flags);
		if (fmt == CRM_FMT_TABLE)
			printf("%s%s (%s)\n", i ? "\n" : "", kinds[i] == FUNNEL ?
			    "funnel" : crm_report_name(kinds[i]),
			    kinds[i] == CRM_REPORT_DAILY ? day : per.buf);
		if (kinds[i] == FUNNEL)
			write_funnel(f, w);
		else
			write_report(r, kinds[i], w);
		/* a workbook takes every report; the others one each */
		if (fmt != CRM_FMT_XLSX) {
			if (crm_writer_close(w, &err) < 0)
				crm_die_err(&err);
			w = NULL;
		}
	}
	if (w && crm_writer_close(w, &err) < 0)
		crm_die_err(&err);
	crm_funnel_free(f);
	if (!co.quiet) {
		fprintf(stderr, "%s: period %s", crm_progname(), per.buf);
		if (nbad)
			fprintf(stderr, ", %lld records counted without an "
			    "unreadable date", nbad);
		fputc('\n', stderr);
	}
	crm_buf_release(&per);
	crm_report_free(r);
	crm_store_close(s);
	crm_opts_release(&co);
	return crm_opts_finish(&co, nbad || early ? CRM_EXIT_FINDINGS :
	    CRM_EXIT_OK);
}
