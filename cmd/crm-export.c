/*
 * crm-export: the store back out as records, a table at a time, with
 * extra flattened into columns so that crm-import can read it back.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "opts.h"
#include "outfile.h"
#include "store.h"
#include "util.h"

static const char usage_line[] =
    "usage: crm-export [-q] [-d db] [-f format] [-o file] [--where expr]"
    " [--columns list] [--excel] [--run n|last] [--raw] table";

enum {
	OPT_WHERE = CRM_OPT_FIRST_TOOL,
	OPT_COLUMNS,
	OPT_RUN,
	OPT_RAW
};

static const struct option longopts[] = {
	CRM_COMMON_LONGOPTS,
	{ "where",	required_argument,	NULL, OPT_WHERE },
	{ "columns",	required_argument,	NULL, OPT_COLUMNS },
	{ "run",	required_argument,	NULL, OPT_RUN },
	{ "raw",	no_argument,		NULL, OPT_RAW },
	{ NULL, 0, NULL, 0 }
};

/* --run: a run's number, or "last" (the latest import run). */
static long long
run_arg(struct crm_store *s, const char *arg)
{
	struct crm_err err = CRM_ERR_INIT;
	long long id;
	char *end;

	if (!strcmp(arg, "last")) {
		if (crm_store_last_run(s, &id, &err) < 0)
			crm_die_err(&err);
		return id;
	}
	errno = 0;
	id = strtoll(arg, &end, 10);
	if (errno || end == arg || *end || id < 1)
		crm_die(CRM_EXIT_USAGE, "--run: '%s' is not a run number or "
		    "'last'", arg);
	return id;
}

/*
 * --raw: the rejected rows' own bytes, one after another, as the file had
 * them (its encoding and line ends): the file's header line and these
 * make the rows a file again.
 */
static long long
write_raw(struct crm_store_cursor *cur)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_record *rec;
	long long n = 0;
	int st;

	while ((st = crm_store_cursor_next(cur, &rec, &err)) > 0) {
		if (rec->n && rec->f[0].value && rec->f[0].len &&
		    fwrite(rec->f[0].value, 1, rec->f[0].len, stdout) !=
		    rec->f[0].len)
			crm_die(CRM_EXIT_IO, "write error:");
		n++;
	}
	if (st < 0)
		crm_die_err(&err);
	return n;
}

int
main(int argc, char *argv[])
{
	struct crm_common co = CRM_COMMON_INIT;
	struct crm_err err = CRM_ERR_INIT;
	struct crm_outfile_guard guard = CRM_OUTFILE_GUARD_INIT;
	struct crm_store *s;
	struct crm_store_cursor *cur;
	struct crm_writer *w;
	struct crm_record *rec;
	const char *where = NULL, *columns = NULL, *run = NULL;
	const char *const *names;
	long long n = 0;
	size_t ncols;
	int c, st, raw = 0;

	crm_setprogname(argv[0]);
	while ((c = getopt_long(argc, argv, CRM_COMMON_SHORTOPTS, longopts,
	    NULL)) != -1)
		switch (c) {
		case OPT_WHERE: where = optarg; break;
		case OPT_COLUMNS: columns = optarg; break;
		case OPT_RUN: run = optarg; break;
		case OPT_RAW: raw = 1; break;
		default: crm_opts_common(&co, c, optarg, longopts, usage_line);
		}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		crm_usage(usage_line);
	if (raw && (strcmp(argv[0], "rejects") || columns))
		crm_die(CRM_EXIT_USAGE, "--raw: the raw bytes of 'rejects' only"
		    " (no --columns)");
	if (raw)
		columns = "raw";
	/* crm-export ... >>crm.db would write into the store. */
	crm_outfile_guard_store(&guard, crm_store_default_path(co.db));
	crm_opts_stdout(&co, &guard);
	crm_outfile_guard_release(&guard);
	if (!(s = crm_store_open(crm_store_default_path(co.db),
	    CRM_STORE_READONLY, &err)))
		crm_die_err(&err);
	if (crm_store_warning(s))
		crm_warn("%s", crm_store_warning(s));
	if (run)
		cur = crm_store_select_run(s, argv[0], run_arg(s, run), where,
		    columns, &err);
	else
		cur = crm_store_select(s, argv[0], where, columns, &err);
	if (!cur)
		crm_die_err(&err);
	if (raw) {
		n = write_raw(cur);
		goto done;
	}
	w = crm_writer_open(stdout, crm_output_format(co.format, stdout,
	    CRM_FMT_CSV), co.write_flags);
	names = crm_store_cursor_columns(cur, &ncols);
	crm_writer_columns(w, names, ncols);
	while ((st = crm_store_cursor_next(cur, &rec, &err)) > 0) {
		if (crm_writer_write(w, rec, &err) < 0)
			crm_die_err(&err);
		n++;
	}
	if (st < 0)
		crm_die_err(&err);
	if (crm_writer_close(w, &err) < 0)
		crm_die_err(&err);
done:
	crm_store_cursor_free(cur);
	crm_store_close(s);
	if (!co.quiet)
		fprintf(stderr, "%s: %s: %lld records\n", crm_progname(), argv[0], n);
	crm_opts_release(&co);
	return crm_opts_finish(&co, CRM_EXIT_OK);
}
