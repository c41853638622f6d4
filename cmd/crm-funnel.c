/*
 * crm-funnel: the sales funnel from stage definitions, deals and their
 * stage history (the store's, or files'), as records: per stage, per
 * group, the stuck and slipped deals, or the broken stage rules.
 */
#include <math.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "entity.h"
#include "mapper.h"
#include "funnel.h"
#include "io.h"
#include "opts.h"
#include "outfile.h"
#include "store.h"
#include "store_funnel.h"
#include "util.h"

static const char usage_line[] =
    "usage: crm-funnel [-q] [-d db] [-f format] [--pipeline name]"
    " [--from date] [--to date] [--mode cohort|flow] [--as-of date]"
    " [--by field] [--compare period]"
    " [--summary | --stuck | --slipped | --check] [--stuck-days n]"
    " [--stages file] [--history file] [--skip-bad] [file ...]";

enum {
	OPT_PIPELINE = CRM_OPT_FIRST_TOOL,
	OPT_FROM,
	OPT_TO,
	OPT_MODE,
	OPT_AS_OF,
	OPT_BY,
	OPT_COMPARE,
	OPT_SUMMARY,
	OPT_STUCK,
	OPT_SLIPPED,
	OPT_CHECK,
	OPT_STUCK_DAYS,
	OPT_STAGES,
	OPT_HISTORY,
	OPT_SKIP_BAD
};

static const struct option longopts[] = {
	CRM_COMMON_LONGOPTS,
	{ "pipeline",	required_argument,	NULL, OPT_PIPELINE },
	{ "from",	required_argument,	NULL, OPT_FROM },
	{ "to",		required_argument,	NULL, OPT_TO },
	{ "mode",	required_argument,	NULL, OPT_MODE },
	{ "as-of",	required_argument,	NULL, OPT_AS_OF },
	{ "by",		required_argument,	NULL, OPT_BY },
	{ "compare",	required_argument,	NULL, OPT_COMPARE },
	{ "summary",	no_argument,		NULL, OPT_SUMMARY },
	{ "stuck",	no_argument,		NULL, OPT_STUCK },
	{ "slipped",	no_argument,		NULL, OPT_SLIPPED },
	{ "check",	no_argument,		NULL, OPT_CHECK },
	{ "stuck-days",	required_argument,	NULL, OPT_STUCK_DAYS },
	{ "stages",	required_argument,	NULL, OPT_STAGES },
	{ "history",	required_argument,	NULL, OPT_HISTORY },
	{ "skip-bad",	no_argument,		NULL, OPT_SKIP_BAD },
	{ NULL, 0, NULL, 0 }
};

static struct crm_common co = CRM_COMMON_INIT;

/* Hand one record to the funnel: a bad one stops, or is counted with --skip-bad. */
static void
feed(struct crm_funnel *f, int what, const struct crm_record *rec,
    const char *name)
{
	struct crm_err err = CRM_ERR_INIT;
	int rc;

	if (what == CRM_STORE_FUNNEL_STAGES)
		rc = crm_funnel_add_stage(f, rec, name, &err);
	else if (what == CRM_STORE_FUNNEL_DEALS)
		rc = crm_funnel_add_deal(f, rec, name, &err);
	else
		rc = crm_funnel_add_entry(f, rec, name, &err);
	if (rc < 0)
		crm_die_err(&err);
	if (rc > 0 && !co.quiet)
		crm_warn_err(&err);
}

/* History records read ahead: crm_funnel_add_entries takes them together. */
#define AHEAD 512
static struct crm_record ahead[AHEAD];
static size_t nahead;

/* Hand the history records read ahead to the funnel, as feed does. */
static void
flush(struct crm_funnel *f, const char *name)
{
	struct crm_err err = CRM_ERR_INIT;
	size_t i = 0, done;
	int rc;

	while (i < nahead) {
		rc = crm_funnel_add_entries(f, ahead + i, nahead - i, name,
		    &done, &err);
		i += done;
		if (rc < 0)
			crm_die_err(&err);
		if (rc > 0 && !co.quiet)
			crm_warn_err(&err);
	}
	nahead = 0;
}

/* Records of one input file, mapped onto the entity's fields. */
static void
read_file(struct crm_funnel *f, int what, const char *path,
    const char *entity)
{
	struct crm_mapper *m = crm_mapper_new(crm_entity_find(entity), co.maps,
	    co.nmaps);
	struct crm_err err = CRM_ERR_INIT;
	struct crm_reader *r;
	struct crm_record *rec, out = CRM_RECORD_INIT, *to;
	const char *const *hdr;
	size_t nhdr, i;
	int rc, history = what == CRM_STORE_FUNNEL_HISTORY;

	crm_mapper_target(m, "pipeline");
	if (!(r = crm_reader_open(path, &co.ropts, &err)))
		crm_die_err(&err);
	hdr = crm_reader_header(r, &nhdr);
	if (crm_mapper_header(m, crm_reader_name(r), hdr, nhdr,
	    crm_reader_info(r)->format == CRM_FMT_CSV, &err) < 0)
		crm_die_err(&err);
	while ((rc = crm_reader_next(r, &rec, &err)) != 0) {
		if (rc < 0) {
			flush(f, path);		/* what came before, first */
			crm_die_err(&err);
		}
		if (rc == 2) {
			flush(f, path);
			if (!crm_funnel_skip_bad(f))
				crm_die_err(&err);
			if (!co.quiet)
				crm_warn_err(&err);
			continue;
		}
		to = history ? &ahead[nahead] : &out;
		if (crm_mapper_record(m, path, rec, to, &err) < 0) {
			flush(f, path);
			if (!crm_funnel_skip_bad(f))
				crm_die_err(&err);
			if (!co.quiet)
				crm_warn_err(&err);
			continue;
		}
		if (!history)
			feed(f, what, &out, path);
		else if (++nahead == AHEAD)
			flush(f, path);
	}
	flush(f, path);
	crm_record_release(&out);
	for (i = 0; i < AHEAD; i++)
		crm_record_release(&ahead[i]);
	crm_reader_free(r);
	crm_mapper_free(m);
}

static void
read_store(struct crm_funnel *f, struct crm_store *s, const char *dbname,
    int what)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_store_funnel *r;
	struct crm_record *rec;
	const char *const *fields = NULL;
	size_t n = 0;
	int rc;

	if (what == CRM_STORE_FUNNEL_DEALS)
		fields = crm_funnel_deal_fields(f, &n);
	if (!(r = crm_store_funnel_open(s, dbname, what, fields, n, &err)))
		crm_die_err(&err);
	while ((rc = crm_store_funnel_next(r, &rec, &err)) > 0)
		feed(f, what, rec, crm_store_funnel_name(r));
	if (rc < 0)
		crm_die_err(&err);
	crm_store_funnel_close(r);
}

/* A date (its midnight, UTC), a date-time, or "today" (its midnight). */
static int64_t
opt_time(const char *opt, const char *s)
{
	struct crm_datetime dt;
	const char *why;
	long day;

	if (crm_date_parse(s, strlen(s), &dt, &why) == 0)
		return (int64_t)llround(crm_datetime_utc(&dt));
	if (crm_date_as_of(s, strlen(s), &day, &why) == 0)
		return (int64_t)day * 86400;
	crm_die(CRM_EXIT_USAGE, "%s: not a date: '%s' (%s)", opt, s,
	    why ? why : "unreadable");
}

int
main(int argc, char *argv[])
{
	static const char *const mode_names[] = { "cohort", "flow", NULL };
	static const enum crm_funnel_mode modes[] = { CRM_FUNNEL_COHORT,
	    CRM_FUNNEL_FLOW };
	struct crm_funnel_opts fo = CRM_FUNNEL_OPTS_INIT;
	struct crm_err err = CRM_ERR_INIT;
	struct crm_outfile_guard guard = CRM_OUTFILE_GUARD_INIT;
	struct crm_store *s = NULL;
	struct crm_funnel *f;
	struct crm_writer *w;
	struct crm_record out = CRM_RECORD_INIT;
	const char *stages = NULL, *history = NULL, *dbname;
	const char *const *cols;
	int c, fmt, report = CRM_FUNNEL_STAGES, nreports = 0, status;
	size_t ncols, i;
	long n;
	enum crm_date_unit unit;

	crm_setprogname(argv[0]);
	fo.as_of = (int64_t)time(NULL);
	while ((c = getopt_long(argc, argv, CRM_COMMON_SHORTOPTS, longopts,
	    NULL)) != -1)
		switch (c) {
		case OPT_PIPELINE: fo.pipeline = optarg; break;
		case OPT_FROM:
			fo.from = opt_time("--from", optarg);
			fo.has_from = 1;
			break;
		case OPT_TO:
			fo.to = opt_time("--to", optarg);
			fo.has_to = 1;
			break;
		case OPT_MODE:
			fo.mode = modes[crm_opts_choice("mode", optarg,
			    mode_names)];
			break;
		case OPT_AS_OF: fo.as_of = opt_time("--as-of", optarg); break;
		case OPT_BY: fo.by = optarg; break;
		case OPT_COMPARE:
			if (crm_date_unit(optarg, &unit) < 0)
				crm_die(CRM_EXIT_USAGE, "--compare: day, week, month, "
				    "quarter or year, not '%s'", optarg);
			fo.compare = 1;
			fo.unit = (int)unit;
			break;
		case OPT_SUMMARY: report = CRM_FUNNEL_SUMMARY; nreports++; break;
		case OPT_STUCK: report = CRM_FUNNEL_STUCK; nreports++; break;
		case OPT_SLIPPED: report = CRM_FUNNEL_SLIPPED; nreports++; break;
		case OPT_CHECK: report = CRM_FUNNEL_CHECK; nreports++; break;
		case OPT_STUCK_DAYS:
			if (crm_parse_long(optarg, &n) < 0 || n < 0)
				crm_die(CRM_EXIT_USAGE, "--stuck-days: not a "
				    "number of days: '%s'", optarg);
			fo.stuck_days = (double)n;
			break;
		case OPT_STAGES: stages = optarg; break;
		case OPT_HISTORY: history = optarg; break;
		case OPT_SKIP_BAD: fo.skip_bad = 1; break;
		default: crm_opts_common(&co, c, optarg, longopts, usage_line);
		}
	argc -= optind;
	argv += optind;
	if (nreports > 1)
		crm_die(CRM_EXIT_USAGE, "one of --summary, --stuck, --slipped, "
		    "--check");
	if (history && argc == 0)
		crm_die(CRM_EXIT_USAGE, "--history goes with deal files");
	if (fo.compare && fo.has_to)
		crm_die(CRM_EXIT_USAGE, "--compare sets the periods; --to does "
		    "not go with it");
	fo.check = report == CRM_FUNNEL_CHECK;
	dbname = crm_store_default_path(co.db);
	/* crm-funnel ... >>crm.db, or >>deals.csv, would write into an input. */
	crm_outfile_guard_store(&guard, dbname);
	for (i = 0; i < (size_t)argc; i++)
		crm_outfile_guard_add(&guard, argv[i], "an input");
	if (stages)
		crm_outfile_guard_add(&guard, stages, "an input");
	if (history)
		crm_outfile_guard_add(&guard, history, "an input");
	crm_opts_stdout(&co, &guard);
	crm_outfile_guard_release(&guard);
	if (!stages || argc == 0) {
		if (!(s = crm_store_open(dbname, CRM_STORE_READONLY, &err)))
			crm_die_err(&err);
		if (crm_store_warning(s))
			crm_warn("%s", crm_store_warning(s));
	}
	if (argc == 1 && !strcmp(argv[0], "-"))
		crm_opts_check_stdin(0);

	f = crm_funnel_new(&fo);
	if (stages)
		read_file(f, CRM_STORE_FUNNEL_STAGES, stages,
		    "stages");
	else
		read_store(f, s, dbname, CRM_STORE_FUNNEL_STAGES);
	if (argc == 0) {
		read_store(f, s, dbname, CRM_STORE_FUNNEL_DEALS);
		read_store(f, s, dbname, CRM_STORE_FUNNEL_HISTORY);
	} else {
		for (i = 0; i < (size_t)argc; i++)
			read_file(f, CRM_STORE_FUNNEL_DEALS, argv[i],
			    "deals");
		if (history)
			read_file(f, CRM_STORE_FUNNEL_HISTORY, history,
			    "deal_stages");
	}
	if (crm_funnel_finish(f, &err) < 0)
		crm_die_err(&err);

	fmt = crm_output_format(co.format, stdout, CRM_FMT_CSV);
	if (fmt == CRM_FMT_TABLE && report == CRM_FUNNEL_STAGES) {
		struct crm_buf b = CRM_BUF_INIT;

		crm_funnel_draw(f, 72, &b);
		fputs(b.buf, stdout);
		fputc('\n', stdout);
		crm_buf_release(&b);
	}
	w = crm_writer_open(stdout, fmt, co.write_flags);
	cols = crm_funnel_columns(f, report, &ncols);
	crm_writer_columns(w, cols, ncols);
	for (i = 0; crm_funnel_row(f, report, i, &out); i++)
		if (crm_writer_write(w, &out, &err) < 0)
			crm_die_err(&err);
	if (crm_writer_close(w, &err) < 0)
		crm_die_err(&err);
	status = CRM_EXIT_OK;
	if (report != CRM_FUNNEL_STAGES && report != CRM_FUNNEL_SUMMARY && i > 0)
		status = CRM_EXIT_FINDINGS;
	if (crm_funnel_skipped(f) > 0)
		status = CRM_EXIT_FINDINGS;
	if (!co.quiet) {
		fprintf(stderr, "%s: %lld deals, %lld history rows", crm_progname(),
		    crm_funnel_ndeals(f), crm_funnel_nentries(f));
		if (report != CRM_FUNNEL_STAGES && report != CRM_FUNNEL_SUMMARY)
			fprintf(stderr, ", %zu %s", i, report == CRM_FUNNEL_CHECK ?
			    "violations" : report == CRM_FUNNEL_STUCK ?
			    "stuck deals" : "slipped deals");
		if (crm_funnel_skipped(f) > 0)
			fprintf(stderr, ", %lld bad records skipped",
			    crm_funnel_skipped(f));
		fputc('\n', stderr);
	}
	crm_record_release(&out);
	crm_funnel_free(f);
	crm_store_close(s);
	crm_opts_release(&co);
	return crm_opts_finish(&co, status);
}
