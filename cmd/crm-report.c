/*
 * crm-report: the standard sales reports and KPIs over the store
 * (managers, sources, forecast, kpi; funnel through lib/funnel), as
 * records or terminal tables.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "funnel.h"
#include "html.h"
#include "io.h"
#include "opts.h"
#include "outfile.h"
#include "report.h"
#include "store.h"
#include "store_funnel.h"
#include "store_rfm.h"
#include "util.h"

static const char usage_line[] =
    "usage: crm-report [-q] [-d db] [-f format] [--from date] [--to date]"
    " [--period week|month|quarter] [--at date] [--target amount]"
    " [--active-window days] [--lifetime years] [--compare] [--html file]"
    " report ...";

enum {
	OPT_FROM = CRM_OPT_FIRST_TOOL,
	OPT_TO,
	OPT_PERIOD,
	OPT_AT,
	OPT_TARGET,
	OPT_ACTIVE_WINDOW,
	OPT_LIFETIME,
	OPT_COMPARE,
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
    int what, int input)
{
	static const char *const fields[] = { "contact" };
	struct crm_err err = CRM_ERR_INIT;
	struct crm_store_funnel *f;
	struct crm_record *rec;
	int rc;

	if (!(f = crm_store_funnel_open(s, dbname, what, fields,
	    what == CRM_STORE_FUNNEL_DEALS, &err)))
		crm_die_err(&err);
	while ((rc = crm_store_funnel_next(f, &rec, &err)) > 0)
		feed(r, input, rec, crm_store_funnel_name(f));
	if (rc < 0)
		crm_die_err(&err);
	crm_store_funnel_close(f);
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

static void
write_funnel(struct crm_funnel *f, int fmt, int flags)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_record out = CRM_RECORD_INIT;
	struct crm_writer *w = crm_writer_open(stdout, fmt, flags);
	const char *const *cols;
	size_t n, i;

	cols = crm_funnel_columns(f, CRM_FUNNEL_STAGES, &n);
	crm_writer_columns(w, cols, n);
	for (i = 0; crm_funnel_row(f, CRM_FUNNEL_STAGES, i, &out); i++)
		if (crm_writer_write(w, &out, &err) < 0)
			crm_die_err(&err);
	if (crm_writer_close(w, &err) < 0)
		crm_die_err(&err);
	crm_record_release(&out);
}

static void
write_report(struct crm_report *r, int kind, int fmt, int flags)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_record out = CRM_RECORD_INIT;
	struct crm_writer *w = crm_writer_open(stdout, fmt, flags);
	const char *const *cols;
	const int *types;
	size_t n, i;

	cols = crm_report_columns(kind, &n);
	crm_writer_columns(w, cols, n);
	types = crm_report_types(kind, &n);
	crm_writer_types(w, types, n);
	for (i = 0; crm_report_row(r, kind, i, &out); i++)
		if (crm_writer_write(w, &out, &err) < 0)
			crm_die_err(&err);
	if (crm_writer_close(w, &err) < 0)
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
		    crm_report_columns(kinds[i], &n);
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
	const char *dbname, *html = NULL;
	int c, i, fmt, kinds[CRM_REPORT_NKINDS + 1], nkinds = 0, compare = 0;
	int need_deals = 0, need_contacts = 0, need_orders = 0, need_spend = 0;
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
		case OPT_HTML: html = optarg; break;
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
			    " sources, forecast, kpi, funnel, segments)", argv[i]);
		for (j = 0; j < nkinds && kinds[j] != k; j++)
			;
		if (j < nkinds)
			continue;
		kinds[nkinds++] = k;
		if (k == FUNNEL || k == CRM_REPORT_SEGMENTS)
			continue;
		need_deals = 1;
		if (k == CRM_REPORT_SOURCES || k == CRM_REPORT_KPI)
			need_contacts = need_spend = 1;
		if (k == CRM_REPORT_KPI)
			need_orders = 1;
	}
	fmt = crm_output_format(co.format, stdout, CRM_FMT_CSV);
	if (nkinds > 1 && fmt != CRM_FMT_TABLE && !html)
		crm_die(CRM_EXIT_USAGE, "several reports: -f table (one report "
		    "for %s)", crm_format_name(fmt));
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
		    CRM_REPORT_IN_STAGE);
		read_table(r, s, dbname, CRM_STORE_FUNNEL_DEALS,
		    CRM_REPORT_IN_DEAL);
	}
	if (need_contacts)
		read_table(r, s, dbname, CRM_STORE_FUNNEL_CONTACTS,
		    CRM_REPORT_IN_CONTACT);
	if (need_orders)
		read_table(r, s, dbname, CRM_STORE_FUNNEL_ORDERS,
		    CRM_REPORT_IN_ORDER);
	if (need_spend)
		read_table(r, s, dbname, CRM_STORE_FUNNEL_SPEND,
		    CRM_REPORT_IN_SPEND);
	for (i = 0; i < nkinds; i++)
		if (kinds[i] == CRM_REPORT_SEGMENTS)
			read_segments(r, s, co.quiet);
	crm_report_finish(r);
	crm_report_period(r, &per);
	for (i = 0; i < nkinds; i++) {
		if (kinds[i] != FUNNEL || f)
			continue;
		/* now, as crm-funnel: later deals may exist past --at */
		fo.as_of = (int64_t)time(NULL);
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
	if (html)
		write_html(&hout, dbname, per.buf, r, f, kinds, nkinds);
	for (i = 0; i < nkinds && !html; i++) {
		if (fmt == CRM_FMT_TABLE)
			printf("%s%s (%s)\n", i ? "\n" : "", kinds[i] == FUNNEL ?
			    "funnel" : crm_report_name(kinds[i]), per.buf);
		if (kinds[i] == FUNNEL)
			write_funnel(f, fmt, co.write_flags);
		else
			write_report(r, kinds[i], fmt, co.write_flags);
	}
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
	return crm_opts_finish(&co, nbad ? CRM_EXIT_FINDINGS : CRM_EXIT_OK);
}
