/*
 * crm-validate: records against rules (required fields, types, fixed lists,
 * PCRE2 patterns, checksums, cross-field rules, foreign keys): one
 * violation per line out, or with --fix the normalised records.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io.h"
#include "jsonio.h"
#include "opts.h"
#include "outfile.h"
#include "record.h"
#include "rules.h"
#include "rules_sources.h"
#include "store.h"
#include "util.h"

static const char usage_line[] =
    "usage: crm-validate [-q] [-d db | --no-db] [-f fmt] [-o file] [-r rules] [--strict]"
    " [--fix[=aggressive]] [--changes file] [--report file] [--summary file]"
    " [--max-errors n] [--print-rules] [--map header=field] [--country cc]"
    " [--date-order order] [--sheet name]"
    " [--input-format fmt] [--encoding name] [--delimiter char] [--excel]"
    " [--progress] entity [file ...]";

enum {
	OPT_STRICT = CRM_OPT_FIRST_TOOL,
	OPT_FIX,
	OPT_CHANGES,
	OPT_REPORT,
	OPT_SUMMARY,
	OPT_MAX_ERRORS,
	OPT_PRINT_RULES,
	OPT_NO_DB
};

static const struct option longopts[] = {
	CRM_COMMON_LONGOPTS,
	{ "rules",	required_argument,	NULL, 'r' },
	{ "strict",	no_argument,		NULL, OPT_STRICT },
	{ "fix",	optional_argument,	NULL, OPT_FIX },
	{ "changes",	required_argument,	NULL, OPT_CHANGES },
	{ "report",	required_argument,	NULL, OPT_REPORT },
	{ "summary",	required_argument,	NULL, OPT_SUMMARY },
	{ "max-errors",	required_argument,	NULL, OPT_MAX_ERRORS },
	{ "print-rules", no_argument,		NULL, OPT_PRINT_RULES },
	{ "no-db",	no_argument,		NULL, OPT_NO_DB },
	CRM_RECORD_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static const char *const report_cols[] = {
	"file", "entity", "line", "record", "column", "field", "label", "code",
	"rule", "severity", "value", "expected", "fix", "message"
};

static const char *const change_cols[] = {
	"file", "line", "record", "column", "field", "label", "before", "after"
};

/* JSON types of the columns above: line, record and column are numbers. */
static const int report_types[] = {
	CRM_V_TEXT, CRM_V_TEXT, CRM_V_NUMBER, CRM_V_NUMBER, CRM_V_NUMBER
};

static const int change_types[] = {
	CRM_V_TEXT, CRM_V_NUMBER, CRM_V_NUMBER, CRM_V_NUMBER
};

struct validate {
	struct crm_common *co;
	const char *entity;
	const char *db;		/* the store foreign keys are checked in, or NULL */
	int fix, strict, no_db;
	long long max_errors, written;
	const char *rules_path, *changes_path, *report_path, *summary_path;
	FILE *report_fp, *changes_fp;	/* report.fp, changes.fp or NULL */
	struct crm_outfile reportf, changesf, summaryf;
	struct crm_writer *report, *changes, *out;
	int out_json;		/* --fix to JSON: 0, or CRM_FMT_JSON(L), written here */
	long long out_n;
	struct crm_buf jbuf;
	struct crm_record vrec, crec, fixed;
	int truncated;
	struct crm_progress progress;
	double started;
	struct crm_err werr;
	int werror;
};

/*
 * Open the output files before anything is read: each is refused when it
 * is the store, a side file of it, the rules file, an input or another
 * output, and is put in place only when the run ends (see outfile.h).
 */
static void
open_outputs(struct validate *va, int nfiles, char **files)
{
	struct crm_outfile_guard g = CRM_OUTFILE_GUARD_INIT;
	struct crm_err err = CRM_ERR_INIT;

	crm_outfile_guard_inputs(&g, va->db, files, nfiles);
	if (va->rules_path)
		crm_outfile_guard_add(&g, va->rules_path, "the rules file");
	crm_opts_stdout(va->co, &g);
	if (va->report_path && va->fix && crm_outfile_open(&va->reportf,
	    va->report_path, "--report", &g, &err) < 0)
		goto fail;
	if (va->changes_path && crm_outfile_open(&va->changesf,
	    va->changes_path, "--changes", &g, &err) < 0)
		goto fail;
	if (va->summary_path && strcmp(va->summary_path, "-") &&
	    crm_outfile_open(&va->summaryf, va->summary_path, "--summary", &g,
	    &err) < 0)
		goto fail;
	va->report_fp = va->reportf.fp;
	va->changes_fp = va->changesf.fp;
	crm_outfile_guard_release(&g);
	return;
fail:
	crm_outfile_abort(&va->reportf);
	crm_outfile_abort(&va->changesf);
	crm_outfile_guard_release(&g);
	crm_die_err(&err);
}

/* Put an output in place, or throw it away when the run failed. */
static void
close_out(struct validate *va, struct crm_outfile *o, int failed)
{
	struct crm_err err = CRM_ERR_INIT;

	if (failed)
		crm_outfile_abort(o);
	else if (crm_outfile_commit(o, &err) < 0 && !va->werror)
		va->werror = 1, va->werr = err;
}

/* A column of a report line; NULL or "" is written as nothing (JSON null). */
static void
adds(struct crm_record *r, const char *name, const char *value)
{
	if (value && *value)
		crm_record_add(r, name, strlen(name), value, strlen(value));
	else
		crm_record_add(r, name, strlen(name), NULL, 0);
}

static void
addn(struct crm_record *r, const char *name, long n)
{
	char buf[32], *p = buf + sizeof buf;

	if (n <= 0) {
		crm_record_add(r, name, strlen(name), NULL, 0);
		return;
	}
	while (n > 0) {
		*--p = (char)('0' + n % 10);
		n /= 10;
	}
	crm_record_add(r, name, strlen(name), p, (size_t)(buf + sizeof buf - p));
}

static void
on_violation(void *ctx, const struct crm_violation *v)
{
	struct validate *va = ctx;
	struct crm_record *r = &va->vrec;

	if (!va->report)
		return;
	if (va->max_errors > 0 && va->written >= va->max_errors) {
		va->truncated = 1;
		return;
	}
	va->written++;
	crm_record_reset(r);
	adds(r, "file", v->file);
	adds(r, "entity", v->entity);
	addn(r, "line", v->line);
	addn(r, "record", v->record);
	addn(r, "column", v->column);
	adds(r, "field", v->field);
	adds(r, "label", v->label);
	adds(r, "code", v->code);
	adds(r, "rule", v->rule);
	adds(r, "severity", crm_severity_name(v->severity));
	adds(r, "value", v->value);
	adds(r, "expected", v->expected);
	adds(r, "fix", v->fix);
	adds(r, "message", v->message);
	if (!va->werror && crm_writer_write(va->report, r, &va->werr) < 0)
		va->werror = 1;
}

static void
on_change(void *ctx, const struct crm_change *c)
{
	struct validate *va = ctx;
	struct crm_record *r = &va->crec;

	if (!va->changes)
		return;
	crm_record_reset(r);
	adds(r, "file", c->file);
	addn(r, "line", c->line);
	addn(r, "record", c->record);
	addn(r, "column", c->column);
	adds(r, "field", c->field);
	adds(r, "label", c->label);
	crm_record_adds(r, "before", c->before);
	crm_record_adds(r, "after", c->after);
	if (!va->werror && crm_writer_write(va->changes, r, &va->werr) < 0)
		va->werror = 1;
}

/* The report writer, opened once the first input says what it is. */
static void
open_report(struct validate *va)
{
	FILE *fp;
	int fmt;

	if (va->report)
		return;
	if (va->fix) {
		if (!va->report_fp)
			return;
		fp = va->report_fp;
	} else
		fp = stdout;
	fmt = crm_output_format(va->co->format, fp, CRM_FMT_CSV);
	if (va->fix && va->co->format != CRM_FMT_AUTO)
		fmt = crm_output_format(CRM_FMT_AUTO, fp, CRM_FMT_CSV);
	va->report = crm_writer_open(fp, fmt, fp == stdout ?
	    va->co->write_flags : crm_opts_file_flags(va->co));
	crm_writer_columns(va->report, report_cols, sizeof report_cols /
	    sizeof report_cols[0]);
	crm_writer_types(va->report, report_types, sizeof report_types /
	    sizeof report_types[0]);
}

static int
write_fixed(struct validate *va)
{
	struct crm_buf *b = &va->jbuf;

	if (!va->out_json)
		return crm_writer_write(va->out, &va->fixed, &va->werr);
	crm_buf_reset(b);
	if (va->out_json == CRM_FMT_JSON)
		crm_buf_adds(b, va->out_n ? ",\n" : "[\n");
	crm_json_encode_object(&va->fixed, b);
	if (va->out_json == CRM_FMT_JSONL)
		crm_buf_addc(b, '\n');
	va->out_n++;
	if (fwrite(b->buf, 1, b->len, stdout) != b->len)
		return crm_err_set(&va->werr, CRM_EIO, NULL, 0, 0, "write error:");
	return 0;
}

static const char *
bad_code(const char *msg)
{
	if (strstr(msg, "UTF-8") || strstr(msg, "encoding") ||
	    strstr(msg, "NUL byte"))
		return "encoding-error";
	return "format-error";
}

static int
validate_file(struct validate *va, struct crm_validator *v, const char *path)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_reader *rd;
	struct crm_record *rec;
	const struct crm_input_info *info;
	const char *const *labels;
	size_t n;
	long last_recno = 0;
	long long count = 0;
	int st, status = CRM_EXIT_OK;

	rd = crm_reader_open(path, &va->co->ropts, &err);
	if (!rd) {
		crm_warn_err(&err);
		/* Input that cannot be read at all is bad input, whatever the cause. */
		return err.code == CRM_EUSAGE ? CRM_EXIT_USAGE : CRM_EXIT_DATA;
	}
	info = crm_reader_info(rd);
	labels = crm_reader_header(rd, &n);
	open_report(va);
	if (va->fix && !va->out && !va->out_json) {
		int fmt = crm_output_format(va->co->format, stdout, info->format);

		/*
		 * JSON records are written whole, each with its own keys: the
		 * writer would keep only the keys of the first.
		 */
		if (fmt == CRM_FMT_JSON || fmt == CRM_FMT_JSONL)
			va->out_json = fmt;
		else {
			va->out = crm_writer_open(stdout, fmt, va->co->write_flags);
			if (n)
				crm_writer_columns(va->out, labels, n);
		}
	}
	crm_validator_begin(v, path, info, labels, n, NULL);
	while ((st = crm_reader_next(rd, &rec, &err)) != 0) {
		if (st < 0) {
			crm_warn_err(&err);
			status = err.code == CRM_EIO ? CRM_EXIT_IO : CRM_EXIT_DATA;
			break;
		}
		if (st == 2) {
			size_t rawlen;
			const char *raw = crm_reader_raw(rd, &rawlen);

			crm_validator_bad_record(v, err.line, ++last_recno,
			    bad_code(err.msg), err.msg, raw, rawlen);
			if (va->fix)
				crm_warn("%s:%ld: %s: record left out of the output",
				    crm_inname(path), err.line, err.msg);
			crm_err_clear(&err);
			continue;
		}
		last_recno = rec->recno;
		if (crm_validator_record(v, rec, va->fix ? &va->fixed : NULL,
		    &err) < 0) {
			crm_reader_free(rd);
			crm_die_err(&err);
		}
		if (va->fix && !va->werror && write_fixed(va) < 0)
			va->werror = 1;
		if (va->werror)
			break;
		if ((++count & 0xffff) == 0)
			crm_progress_show(&va->progress, crm_inname(path), count,
			    info->bytes, info->size);
	}
	crm_progress_end(&va->progress, crm_inname(path), count, info->bytes,
	    info->size);
	if (info->json_errors && status == CRM_EXIT_OK) {
		/* Reported as records, and the file is bad input all the same. */
		crm_warn("%s: not valid JSON: %ld bad part%s", crm_inname(path),
		    info->json_errors, info->json_errors > 1 ? "s" : "");
		status = CRM_EXIT_DATA;
	}
	crm_validator_end(v, crm_reader_info(rd));
	crm_reader_free(rd);
	return status;
}

static int
print_rules(const char *entity)
{
	struct crm_buf b = CRM_BUF_INIT;

	if (crm_rules_builtin(entity, &b) < 0)
		crm_die(CRM_EXIT_USAGE, "no builtin rules for '%s' (want contacts, "
		    "companies or deals)", entity);
	fwrite(b.buf, 1, b.len, stdout);
	crm_buf_release(&b);
	return CRM_EXIT_OK;
}

static int
run(struct validate *va, int nfiles, char **files)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_rules *rules;
	struct crm_validator *v;
	struct crm_validate_opts o;
	struct crm_validate_stats st;
	const struct crm_country *country;
	struct crm_store *db = NULL;
	struct crm_buf sum = CRM_BUF_INIT;
	int status = CRM_EXIT_OK, rc, i, failed;
	double secs;

	open_outputs(va, nfiles, files);
	if (!(rules = crm_rules_load(va->rules_path, va->entity, &err)))
		crm_die_err(&err);
	if (va->db) {
		db = crm_store_open(va->db, CRM_STORE_READONLY, &err);
		if (!db) {
			crm_rules_free(rules);
			crm_die_err(&err);
		}
		if (crm_store_warning(db))
			crm_warn("%s", crm_store_warning(db));
	}
	memset(&o, 0, sizeof o);
	o.entity = va->entity;
	o.fix = va->fix;
	o.maps = va->co->maps;
	o.nmaps = va->co->nmaps;
	if ((rc = crm_opts_country(va->co, db, &country, &err)) < 0)
		crm_die_err(&err);
	o.country = rc == 0 ? country->code : NULL;
	o.date_order = va->co->date_order;
	if (!va->rules_path)
		crm_rules_store_sources(rules, db, country->code);
	o.db = db;
	o.violation = on_violation;
	o.change = on_change;
	o.ctx = va;
	if (!(v = crm_validator_new(rules, &o, &err))) {
		crm_rules_free(rules);
		crm_store_close(db);
		crm_die_err(&err);
	}
	if (va->changes_fp) {
		va->changes = crm_writer_open(va->changes_fp,
		    crm_output_format(CRM_FMT_AUTO, va->changes_fp, CRM_FMT_CSV),
		    crm_opts_file_flags(va->co));
		crm_writer_columns(va->changes, change_cols,
		    sizeof change_cols / sizeof change_cols[0]);
		crm_writer_types(va->changes, change_types,
		    sizeof change_types / sizeof change_types[0]);
	}
	va->started = crm_now();
	crm_progress_init(&va->progress, va->co);
	crm_opts_check_stdin(nfiles);
	if (va->co->list_sheets)
		crm_opts_list_sheets(va->co, nfiles, files);
	for (i = 0; i < (nfiles ? nfiles : 1); i++) {
		rc = validate_file(va, v, nfiles ? files[i] : "-");
		if (rc > status && rc != CRM_EXIT_FINDINGS)
			status = rc;
		if (va->werror)
			break;
	}
	secs = crm_now() - va->started;
	if (va->report && crm_writer_close(va->report, &err) < 0 && !va->werror)
		va->werror = 1, va->werr = err;
	if (va->out && crm_writer_close(va->out, &err) < 0 && !va->werror)
		va->werror = 1, va->werr = err;
	if (va->out_json == CRM_FMT_JSON && !va->werror &&
	    fputs(va->out_n ? "\n]\n" : "[]\n", stdout) == EOF)
		va->werror = 1, crm_err_set(&va->werr, CRM_EIO, NULL, 0, 0,
		    "write error:");
	crm_buf_release(&va->jbuf);
	if (va->changes && crm_writer_close(va->changes, &err) < 0 && !va->werror)
		va->werror = 1, va->werr = err;
	crm_validator_stats(v, &st);
	if (va->summary_path && !strcmp(va->summary_path, "-")) {
		crm_validator_summary_text(v, secs, va->strict, &sum);
		fputs(sum.buf, stderr);
	} else if (va->summary_path && status <= CRM_EXIT_FINDINGS) {
		crm_validator_summary_json(v, secs, va->strict, &sum);
		if (fwrite(sum.buf, 1, sum.len, va->summaryf.fp) != sum.len &&
		    !va->werror)
			va->werror = 1, crm_err_set(&va->werr, CRM_EIO, "", 0,
			    0, "cannot write '%s':", va->summary_path);
	}
	/* A run that stopped on an error leaves the old outputs as they were. */
	failed = va->werror || status > CRM_EXIT_FINDINGS;
	close_out(va, &va->reportf, failed);
	close_out(va, &va->changesf, failed);
	close_out(va, &va->summaryf, failed);
	if (!va->co->quiet && st.records &&
	    !(va->summary_path && !strcmp(va->summary_path, "-")))
		fprintf(stderr, "crm-validate: %s: %lld record%s: %lld clean, %lld "
		    "with errors, %lld with warnings only (%lld errors, %lld "
		    "warnings; country %s)%s\n", va->entity, st.records,
		    st.records == 1 ? "" : "s", st.clean, st.with_errors,
		    st.with_warnings, st.errors, st.warnings, country->code,
		    va->truncated ? "; report cut at --max-errors" : "");
	if (!va->co->quiet && va->fix)
		fprintf(stderr, "crm-validate: %lld values changed, %lld errors "
		    "left that --fix cannot repair\n", st.changes, st.unfixed_errors);
	crm_buf_release(&sum);
	crm_validator_free(v);
	crm_rules_free(rules);
	crm_store_close(db);
	crm_record_release(&va->vrec);
	crm_record_release(&va->crec);
	crm_record_release(&va->fixed);
	if (va->werror) {
		crm_warn_err(&va->werr);
		return CRM_EXIT_IO;
	}
	if (status != CRM_EXIT_OK)
		return status;
	if (va->fix)
		return st.unfixed_errors || (va->strict && st.warnings) ?
		    CRM_EXIT_FINDINGS : CRM_EXIT_OK;
	return st.errors || (va->strict && st.warnings) ? CRM_EXIT_FINDINGS :
	    CRM_EXIT_OK;
}

int
main(int argc, char *argv[])
{
	struct crm_common co = CRM_COMMON_INIT;
	struct crm_outfile_guard g = CRM_OUTFILE_GUARD_INIT;
	struct validate va;
	int c, printing = 0, status;
	long n;

	crm_setprogname(argv[0]);
	memset(&va, 0, sizeof va);
	va.co = &co;
	crm_record_init(&va.vrec);
	crm_record_init(&va.crec);
	crm_record_init(&va.fixed);
	crm_buf_init(&va.jbuf);
	while ((c = getopt_long(argc, argv, CRM_COMMON_SHORTOPTS "r:", longopts,
	    NULL)) != -1)
		switch (c) {
		case 'r':
			va.rules_path = optarg;
			break;
		case OPT_STRICT:
			va.strict = 1;
			break;
		case OPT_NO_DB:
			va.no_db = 1;
			break;
		case OPT_FIX:
			if (!optarg)
				va.fix = CRM_FIX_SAFE;
			else if (!strcmp(optarg, "aggressive"))
				va.fix = CRM_FIX_AGGRESSIVE;
			else if (!strcmp(optarg, "safe"))
				va.fix = CRM_FIX_SAFE;
			else
				crm_die(CRM_EXIT_USAGE, "bad --fix '%s': want --fix or "
				    "--fix=aggressive", optarg);
			break;
		case OPT_CHANGES:
			va.changes_path = optarg;
			break;
		case OPT_REPORT:
			va.report_path = optarg;
			break;
		case OPT_SUMMARY:
			va.summary_path = optarg;
			break;
		case OPT_MAX_ERRORS:
			if (crm_parse_long(optarg, &n) < 0 || n < 0)
				crm_die(CRM_EXIT_USAGE, "bad --max-errors '%s'", optarg);
			va.max_errors = n;
			break;
		case OPT_PRINT_RULES:
			printing = 1;
			break;
		default:
			crm_opts_common(&co, c, optarg, longopts, usage_line);
		}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		crm_usage(usage_line);
	va.entity = argv[0];
	if (printing) {
		if (argc > 1)
			crm_usage(usage_line);
		crm_opts_stdout(&co, &g);
		crm_opts_release(&co);
		return crm_opts_finish(&co, print_rules(va.entity));
	}
	if (va.changes_path && !va.fix)
		crm_die(CRM_EXIT_USAGE, "--changes goes with --fix");
	/* The store: --db, else $CRM_DB or ./crm.db when it exists; --no-db: none. */
	if (va.no_db && co.db)
		crm_die(CRM_EXIT_USAGE, "--db and --no-db go one at a time");
	if (co.db)
		va.db = co.db;
	else if (!va.no_db && access(crm_store_default_path(NULL), F_OK) == 0)
		va.db = crm_store_default_path(NULL);
	if (va.report_path && !va.fix)
		crm_die(CRM_EXIT_USAGE, "--report goes with --fix (without it the "
		    "report is the output)");
	status = run(&va, argc - 1, argv + 1);
	crm_opts_release(&co);
	return crm_opts_finish(&co, status);
}
