/*
 * crm-rfm: RFM scores and segments from orders (or customer-level rows),
 * a segment summary, the bin edges, dated snapshots in the store and the
 * segment-to-segment migration between two of them.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "country.h"
#include "entity.h"
#include "io.h"
#include "mapper.h"
#include "norm.h"
#include "opts.h"
#include "outfile.h"
#include "rfm.h"
#include "store.h"
#include "store_rfm.h"
#include "util.h"

static const char usage_line[] =
    "usage: crm-rfm [-q] [-d db] [-f format] [-o file] [--as-of date] [--method method]"
    " [--bins n] [--segments table] [--summary | --thresholds] [--save]"
    " [--skip-bad] [--migration from to] [--country cc] [--date-order order]"
    " [--sheet name] [file ...]";

enum {
	OPT_AS_OF = CRM_OPT_FIRST_TOOL,
	OPT_METHOD,
	OPT_BINS,
	OPT_R_CUTS,
	OPT_F_CUTS,
	OPT_M_CUTS,
	OPT_FREQUENCY,
	OPT_EXCLUDE_STATUS,
	OPT_SEGMENTS,
	OPT_SUMMARY,
	OPT_THRESHOLDS,
	OPT_SAVE,
	OPT_SKIP_BAD,
	OPT_MIGRATION,
	OPT_CUSTOMER,
	OPT_DATE,
	OPT_AMOUNT,
	OPT_STATUS,
	OPT_CUSTOMER_LEVEL,
	OPT_RECENCY,
	OPT_MONETARY,
	OPT_LAST_DATE
};

static const struct option longopts[] = {
	CRM_COMMON_LONGOPTS,
	{ "as-of",		required_argument,	NULL, OPT_AS_OF },
	{ "method",		required_argument,	NULL, OPT_METHOD },
	{ "bins",		required_argument,	NULL, OPT_BINS },
	{ "r-cuts",		required_argument,	NULL, OPT_R_CUTS },
	{ "f-cuts",		required_argument,	NULL, OPT_F_CUTS },
	{ "m-cuts",		required_argument,	NULL, OPT_M_CUTS },
	{ "frequency",		required_argument,	NULL, OPT_FREQUENCY },
	{ "exclude-status",	required_argument,	NULL, OPT_EXCLUDE_STATUS },
	{ "segments",		required_argument,	NULL, OPT_SEGMENTS },
	{ "summary",		no_argument,		NULL, OPT_SUMMARY },
	{ "thresholds",		no_argument,		NULL, OPT_THRESHOLDS },
	{ "save",		no_argument,		NULL, OPT_SAVE },
	{ "skip-bad",		no_argument,		NULL, OPT_SKIP_BAD },
	{ "migration",		required_argument,	NULL, OPT_MIGRATION },
	{ "customer",		required_argument,	NULL, OPT_CUSTOMER },
	{ "date",		required_argument,	NULL, OPT_DATE },
	{ "amount",		required_argument,	NULL, OPT_AMOUNT },
	{ "status",		required_argument,	NULL, OPT_STATUS },
	{ "customer-level",	no_argument,		NULL, OPT_CUSTOMER_LEVEL },
	{ "recency",		required_argument,	NULL, OPT_RECENCY },
	{ "monetary",		required_argument,	NULL, OPT_MONETARY },
	{ "last-date",		required_argument,	NULL, OPT_LAST_DATE },
	CRM_RECORD_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* Statuses left out unless --exclude-status says otherwise. */
#define DEFAULT_EXCLUDE "cancelled,canceled,refunded,returned,отменен,возврат"
#define MAX_WARN 10

enum mode { M_ROWS, M_SUMMARY, M_THRESHOLDS };

struct run {
	struct crm_common co;
	struct crm_rfm_opts ro;
	const char *as_of, *segments, *freq, *exclude;
	const char *col[8];	/* by struct crm_rfm_cols order; NULL = default */
	int mode, save, skip_bad, in_format;
	const struct crm_country *country;	/* of the orders */
	long nbad;
};

/* The defaults, in struct crm_rfm_cols order. */
static const char *const col_default[8] = {
	"customer", "order_date", "amount", "status",
	"recency_days", NULL, "frequency", "monetary"
};
static const char *const col_option[8] = {
	"--customer", "--date", "--amount", "--status",
	"--recency", "--last-date", "--frequency", "--monetary"
};

static void
parse_cuts(struct crm_rfm_opts *ro, int m, const char *arg, const char *opt)
{
	const char *p = arg;
	char *end;
	int n = 0;

	while (*p) {
		double v = strtod(p, &end);

		if (end == p || (*end && *end != ',') || n == CRM_RFM_MAXBINS - 1)
			crm_die(CRM_EXIT_USAGE, "bad %s '%s': want 1 to %d "
			    "increasing numbers, comma-separated", opt, arg,
			    CRM_RFM_MAXBINS - 1);
		if (n && v < ro->cuts[m][n - 1])
			crm_die(CRM_EXIT_USAGE, "bad %s '%s': cut points must "
			    "not decrease", opt, arg);
		ro->cuts[m][n++] = v;
		p = *end ? end + 1 : end;
	}
	if (!n)
		crm_die(CRM_EXIT_USAGE, "bad %s '%s'", opt, arg);
	ro->ncuts[m] = n;
}

static void
parse_bins(struct crm_rfm_opts *ro, const char *arg)
{
	const char *p = arg;
	char *end;
	long v[3];
	int n = 0;

	while (*p && n < 3) {
		v[n] = strtol(p, &end, 10);
		if (end == p || (*end && *end != ',') || v[n] < 1 ||
		    v[n] > CRM_RFM_MAXBINS)
			break;
		n++;
		p = *end ? end + 1 : end;
	}
	if (*p || (n != 1 && n != 3))
		crm_die(CRM_EXIT_USAGE, "bad --bins '%s': want N or R,F,M, "
		    "each 1 to %d", arg, CRM_RFM_MAXBINS);
	ro->bins[0] = (int)v[0];
	ro->bins[1] = (int)v[n == 3 ? 1 : 0];
	ro->bins[2] = (int)v[n == 3 ? 2 : 0];
}

static long
parse_day(const char *arg, const char *opt)
{
	struct crm_buf b = CRM_BUF_INIT;
	const char *why = NULL;
	long days;

	if (crm_norm_date(arg, strlen(arg), &b, &why) < 0 ||
	    crm_date_days(b.buf, &days) < 0)
		crm_die(CRM_EXIT_USAGE, "bad %s '%s'%s%s", opt, arg,
		    why ? ": " : "", why ? why : "");
	crm_buf_release(&b);
	return days;
}

static int
has_col(const char *const *hdr, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(hdr[i], name))
			return 1;
	return 0;
}

/*
 * The input column for field k: the one given, else a header mapped onto
 * the default name by --map, else the default name, else (orders) a
 * header the orders entity knows as a synonym.  NULL when optional and
 * not there; dies when required and not there.
 */
static const char *
resolve(const struct run *r, struct crm_reader *rd, int k, int required)
{
	const struct crm_entity *orders = crm_entity_find("orders");
	const char *const *hdr;
	const char *want = r->col[k] ? r->col[k] : col_default[k];
	const char *fm, *found = NULL;
	struct crm_mapper *m = crm_mapper_new(orders, r->co.maps, r->co.nmaps);
	size_t n, i;

	hdr = crm_reader_header(rd, &n);
	if (!r->col[k]) {
		for (i = 0; i < n && !found; i++)
			if ((fm = crm_mapper_given(m, hdr[i])) && !strcmp(fm, want))
				found = hdr[i];
	}
	if (!found && has_col(hdr, n, want))
		found = want;
	if (!found && !r->col[k] && !r->ro.customer_level && k < 4) {
		for (i = 0; i < n && !found; i++)
			if ((fm = crm_mapper_builtin(orders, hdr[i],
			    strlen(hdr[i]))) && !strcmp(fm, want))
				found = hdr[i];
	}
	crm_mapper_free(m);
	if (found || !required)
		return found;
	crm_die(CRM_EXIT_USAGE, "%s: no column '%s' (name it with %s)",
	    crm_reader_name(rd), want, col_option[k]);
}

static void
bad_record(struct run *r, const struct crm_err *err, const char *name)
{
	struct crm_err e = *err;

	if (!e.file[0])
		snprintf(e.file, sizeof e.file, "%s", name);
	if (!r->skip_bad) {
		e.code = CRM_EXIT_DATA;
		crm_die_err(&e);
	}
	if (++r->nbad <= MAX_WARN && !r->co.quiet)
		crm_warn_err(&e);
}

static void
read_file(struct run *r, struct crm_rfm *rfm, const char *path)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_reader *rd;
	struct crm_record *rec;
	struct crm_rfm_cols cols;
	const char *name;
	long long nrec = 0;
	struct crm_progress progress;
	int st;

	if (!(rd = crm_reader_open(path, &r->co.ropts, &err)))
		crm_die_err(&err);
	name = crm_reader_name(rd);
	crm_progress_init(&progress, &r->co);
	if (!r->in_format)
		r->in_format = crm_reader_info(rd)->format;
	memset(&cols, 0, sizeof cols);
	cols.customer = resolve(r, rd, 0, 1);
	if (!r->ro.customer_level) {
		cols.date = resolve(r, rd, 1, 1);
		cols.amount = resolve(r, rd, 2, 1);
		cols.status = resolve(r, rd, 3, r->col[3] != NULL);
	} else {
		if (r->col[5])
			cols.last_date = resolve(r, rd, 5, 1);
		else
			cols.recency = resolve(r, rd, 4, 1);
		cols.frequency = resolve(r, rd, 6, 1);
		cols.monetary = resolve(r, rd, 7, 1);
	}
	while ((st = crm_reader_next(rd, &rec, &err)) != 0) {
		if (st < 0)
			crm_die_err(&err);
		nrec++;
		if ((nrec & 0xffff) == 0)
			crm_progress_show(&progress, name, nrec,
			    crm_reader_info(rd)->bytes, crm_reader_info(rd)->size);
		if (st == 2) {
			bad_record(r, &err, name);
			continue;
		}
		if (crm_rfm_add_record(rfm, rec, &cols, &err) < 0)
			bad_record(r, &err, name);
	}
	crm_progress_end(&progress, name, nrec, crm_reader_info(rd)->bytes,
	    crm_reader_info(rd)->size);
	crm_reader_free(rd);
}

struct mig {
	struct crm_rfm_matrix *m;
};

static void
mig_cb(void *arg, const char *from, const char *to, long long n)
{
	crm_rfm_matrix_add(((struct mig *)arg)->m, from, to, n);
}

static int
migration(struct run *r, const char *from, const char *to)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_store *s;
	struct crm_record rec = CRM_RECORD_INIT;
	struct crm_writer *w;
	struct mig mg;
	const char *const *cols;
	long long a, b;
	size_t n, i;

	if (!(s = crm_store_open(crm_store_default_path(r->co.db),
	    CRM_STORE_READONLY, &err)))
		crm_die_err(&err);
	if (crm_store_warning(s))
		crm_warn("%s", crm_store_warning(s));
	if (crm_store_rfm_find(s, from, &a, &err) < 0 ||
	    crm_store_rfm_find(s, to, &b, &err) < 0)
		crm_die_err(&err);
	mg.m = crm_rfm_matrix_new();
	if (crm_store_rfm_migration(s, a, b, mig_cb, &mg, &err) < 0)
		crm_die_err(&err);
	w = crm_writer_open(stdout, crm_output_format(r->co.format, stdout,
	    CRM_FMT_CSV), r->co.write_flags);
	cols = crm_rfm_matrix_columns(mg.m, &n);
	crm_writer_columns(w, cols, n);
	for (i = 0; crm_rfm_matrix_row(mg.m, i, &rec); i++)
		if (crm_writer_write(w, &rec, &err) < 0)
			crm_die_err(&err);
	if (crm_writer_close(w, &err) < 0)
		crm_die_err(&err);
	if (!r->co.quiet)
		fprintf(stderr, "%s: migration from snapshot %lld to %lld\n",
		    crm_progname(), a, b);
	crm_record_release(&rec);
	crm_rfm_matrix_free(mg.m);
	crm_store_close(s);
	return CRM_EXIT_OK;
}

static long long
save(struct run *r, const struct crm_rfm *rfm)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_record rec = CRM_RECORD_INIT;
	struct crm_buf params = CRM_BUF_INIT;
	struct crm_rfm_saver *sv;
	struct crm_store *s;
	char as_of[11];
	long long id;
	size_t i;

	if (crm_rfm_as_of(rfm) == CRM_RFM_NODAY)
		crm_die(CRM_EXIT_USAGE, "--save needs a date: give --as-of");
	crm_date_from_days(crm_rfm_as_of(rfm), as_of);
	crm_rfm_params_json(rfm, &params);
	if (!(s = crm_store_open(crm_store_default_path(r->co.db),
	    CRM_STORE_CREATE, &err)))
		crm_die_err(&err);
	if (crm_store_warning(s))
		crm_warn("%s", crm_store_warning(s));
	if (!(sv = crm_store_rfm_begin(s, as_of, params.buf, &err)))
		crm_die_err(&err);
	for (i = 0; crm_rfm_row(rfm, i, &rec); i++)
		if (crm_store_rfm_add(sv, &rec, &err) < 0) {
			crm_store_rfm_abort(sv);
			crm_die_err(&err);
		}
	if (crm_store_rfm_commit(sv, &id, &err) < 0)
		crm_die_err(&err);
	crm_store_close(s);
	crm_record_release(&rec);
	crm_buf_release(&params);
	return id;
}

static void
write_out(struct run *r, const struct crm_rfm *rfm)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_record rec = CRM_RECORD_INIT;
	struct crm_writer *w;
	const char *const *cols;
	size_t i, n;
	int (*row)(const struct crm_rfm *, size_t, struct crm_record *);

	switch (r->mode) {
	case M_SUMMARY:
		cols = crm_rfm_summary_columns;
		row = crm_rfm_summary_row;
		break;
	case M_THRESHOLDS:
		cols = crm_rfm_threshold_columns;
		row = crm_rfm_threshold_row;
		break;
	default:
		cols = crm_rfm_columns;
		row = crm_rfm_row;
	}
	for (n = 0; cols[n]; n++)
		;
	w = crm_writer_open(stdout, crm_output_format(r->co.format, stdout,
	    r->in_format), r->co.write_flags);
	crm_writer_columns(w, cols, n);
	for (i = 0; row(rfm, i, &rec); i++)
		if (crm_writer_write(w, &rec, &err) < 0)
			crm_die_err(&err);
	if (crm_writer_close(w, &err) < 0)
		crm_die_err(&err);
	crm_record_release(&rec);
}

/* Standard output must not be the store or an input (crm-rfm x.csv >>x.csv). */
/*
 * The country of the orders (--country, else the store's when there is
 * one, else RU): how 3/4/2024 and 1.234 are read.
 */
static void
set_country(struct run *r)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_store *s = NULL;
	const char *path = crm_store_default_path(r->co.db);

	/* a store that cannot be read yet (a new one, being made) has no country */
	if (!r->co.country && access(path, F_OK) == 0)
		s = crm_store_open(path, CRM_STORE_READONLY, &err);
	if (crm_opts_country(&r->co, s, &r->country, &err) < 0)
		r->country = crm_country_find(CRM_COUNTRY_DEFAULT, 2);
	crm_store_close(s);
	r->ro.date_order = r->co.date_order ? r->co.date_order :
	    r->country->date_order == 'm' ? 'm' : 'd';
	r->ro.decimal = crm_country_decimal(r->country);
}

static void
check_stdout(struct run *r, int argc, char **argv)
{
	struct crm_outfile_guard g = CRM_OUTFILE_GUARD_INIT;

	crm_outfile_guard_inputs(&g, crm_store_default_path(r->co.db), argv,
	    argc);
	if (!crm_rfm_segments_builtin(r->segments))
		crm_outfile_guard_add(&g, r->segments, "the --segments file");
	crm_opts_stdout(&r->co, &g);
	crm_outfile_guard_release(&g);
}

static int
rfm_run(struct run *r, int argc, char **argv)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_rfm_segments *loaded = NULL;
	const struct crm_rfm_segments *seg;
	struct crm_rfm *rfm;
	struct crm_buf counts = CRM_BUF_INIT;
	char as_of[11];
	long long snap = 0;
	int i;

	if (!(seg = crm_rfm_segments_builtin(r->segments))) {
		if (!(loaded = crm_rfm_segments_load(r->segments, &err))) {
			if (err.code == CRM_EIO && !strchr(r->segments, '/') &&
			    !strchr(r->segments, '.'))
				crm_die(CRM_EXIT_USAGE, "unknown --segments '%s': "
				    "want doc5, rfm10, rfm10-legacy, rfgrid or "
				    "a file", r->segments);
			if (err.code != CRM_EUSAGE && err.code != CRM_EIO)
				err.code = CRM_EXIT_USAGE;
			crm_die_err(&err);
		}
		seg = loaded;
	}
	crm_opts_check_stdin(argc);
	check_stdout(r, argc, argv);
	if (r->co.list_sheets)
		crm_opts_list_sheets(&r->co, argc, argv);
	set_country(r);
	rfm = crm_rfm_new(&r->ro);
	crm_rfm_exclude_status(rfm, r->exclude);
	if (argc == 0)
		read_file(r, rfm, "-");
	for (i = 0; i < argc; i++)
		read_file(r, rfm, argv[i]);
	if (crm_rfm_score(rfm, seg, &err) < 0)
		crm_die_err(&err);
	if (r->save)
		snap = save(r, rfm);
	write_out(r, rfm);
	if (!r->co.quiet) {
		crm_rfm_segment_counts(rfm, &counts);
		fprintf(stderr, "%s: ", crm_progname());
		if (crm_rfm_as_of(rfm) != CRM_RFM_NODAY) {
			crm_date_from_days(crm_rfm_as_of(rfm), as_of);
			fprintf(stderr, "as of %s%s", as_of, r->as_of ? "" :
			    " (the day after the last order)");
		} else	/* --customer-level with recency in days: no date */
			fputs("recency as given, no as-of date", stderr);
		fprintf(stderr, ": %ld orders, %zu customers (%s, %s: %s;"
		    " country %s)", crm_rfm_orders(rfm), crm_rfm_ncustomers(rfm),
		    r->ro.method == CRM_RFM_NTILE ? "ntile" : "rfmpkg",
		    seg->name, counts.buf, r->country->code);
		if (crm_rfm_excluded(rfm))
			fprintf(stderr, "; %ld left out by status",
			    crm_rfm_excluded(rfm));
		if (r->nbad)
			fprintf(stderr, "; %ld bad rows skipped", r->nbad);
		if (snap)
			fprintf(stderr, "; saved as snapshot %lld", snap);
		fputc('\n', stderr);
	}
	crm_buf_release(&counts);
	crm_rfm_free(rfm);
	crm_rfm_segments_free(loaded);
	return r->nbad ? CRM_EXIT_FINDINGS : CRM_EXIT_OK;
}

static const char *const methods[] = { "rfmpkg", "ntile", NULL };

int
main(int argc, char *argv[])
{
	struct run r;
	struct crm_common co = CRM_COMMON_INIT;
	struct crm_rfm_opts ro = CRM_RFM_OPTS_INIT;
	struct crm_outfile_guard g = CRM_OUTFILE_GUARD_INIT;
	const char *mig_from = NULL;
	int c, status, summary = 0, thresholds = 0;

	memset(&r, 0, sizeof r);
	r.co = co;
	r.ro = ro;
	r.segments = "doc5";
	r.exclude = DEFAULT_EXCLUDE;
	crm_setprogname(argv[0]);
	while ((c = getopt_long(argc, argv, CRM_COMMON_SHORTOPTS, longopts,
	    NULL)) != -1)
		switch (c) {
		case OPT_AS_OF: r.as_of = optarg; break;
		case OPT_METHOD:
			r.ro.method = crm_opts_choice("method", optarg,
			    methods) ? CRM_RFM_NTILE : CRM_RFM_RFMPKG;
			break;
		case OPT_BINS: parse_bins(&r.ro, optarg); break;
		case OPT_R_CUTS: parse_cuts(&r.ro, CRM_RFM_R, optarg, "--r-cuts"); break;
		case OPT_F_CUTS: parse_cuts(&r.ro, CRM_RFM_F, optarg, "--f-cuts"); break;
		case OPT_M_CUTS: parse_cuts(&r.ro, CRM_RFM_M, optarg, "--m-cuts"); break;
		case OPT_FREQUENCY: r.freq = optarg; break;
		case OPT_EXCLUDE_STATUS: r.exclude = optarg; break;
		case OPT_SEGMENTS: r.segments = optarg; break;
		case OPT_SUMMARY: summary = 1; break;
		case OPT_THRESHOLDS: thresholds = 1; break;
		case OPT_SAVE: r.save = 1; break;
		case OPT_SKIP_BAD: r.skip_bad = 1; break;
		case OPT_MIGRATION: mig_from = optarg; break;
		case OPT_CUSTOMER: r.col[0] = optarg; break;
		case OPT_DATE: r.col[1] = optarg; break;
		case OPT_AMOUNT: r.col[2] = optarg; break;
		case OPT_STATUS: r.col[3] = optarg; break;
		case OPT_CUSTOMER_LEVEL: r.ro.customer_level = 1; break;
		case OPT_RECENCY: r.col[4] = optarg; break;
		case OPT_LAST_DATE: r.col[5] = optarg; break;
		case OPT_MONETARY: r.col[7] = optarg; break;
		default: crm_opts_common(&r.co, c, optarg, longopts, usage_line);
		}
	argc -= optind;
	argv += optind;
	if (summary && thresholds)
		crm_die(CRM_EXIT_USAGE, "--summary and --thresholds: choose one");
	r.mode = summary ? M_SUMMARY : thresholds ? M_THRESHOLDS : M_ROWS;
	if (mig_from) {
		if (argc != 1)
			crm_die(CRM_EXIT_USAGE, "--migration wants two snapshots: "
			    "--migration FROM TO");
		crm_outfile_guard_store(&g, crm_store_default_path(r.co.db));
		crm_opts_stdout(&r.co, &g);
		crm_outfile_guard_release(&g);
		status = migration(&r, mig_from, argv[0]);
		crm_opts_release(&r.co);
		return crm_opts_finish(&r.co, status);
	}
	if (r.freq) {
		if (r.ro.customer_level)
			r.col[6] = r.freq;
		else if (!strcmp(r.freq, "days"))
			r.ro.freq_days = 1;
		else if (strcmp(r.freq, "orders"))
			crm_die(CRM_EXIT_USAGE, "bad --frequency '%s': want orders "
			    "or days (or, with --customer-level, a column)",
			    r.freq);
	}
	if (!r.ro.customer_level && (r.col[4] || r.col[5] || r.col[7]))
		crm_die(CRM_EXIT_USAGE, "--recency, --last-date and --monetary "
		    "name columns of --customer-level input");
	if (r.as_of) {
		r.ro.has_as_of = 1;
		r.ro.as_of = parse_day(r.as_of, "--as-of");
	}
	status = rfm_run(&r, argc, argv);
	crm_opts_release(&r.co);
	return crm_opts_finish(&r.co, status);
}
