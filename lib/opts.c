#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "country.h"
#include "opts.h"
#include "store.h"

void
crm_usage(const char *usage)
{
	fprintf(stderr, "%s\n", usage);
	exit(CRM_EXIT_USAGE);
}

static void
add_maps(struct crm_common *co, const char *arg)
{
	const char *p = arg, *comma, *eq;

	while (*p) {
		size_t len;

		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		eq = memchr(p, '=', len);
		if (!eq || eq == p || eq == p + len - 1)
			crm_die(CRM_EXIT_USAGE,
			    "--map wants 'Header=field', not '%.*s'", (int)len, p);
		co->maps = xreallocarray(co->maps, co->nmaps + 1, sizeof *co->maps);
		co->maps[co->nmaps].label = xstrndup(p, (size_t)(eq - p));
		co->maps[co->nmaps].field = xstrndup(eq + 1, len - (size_t)(eq - p) - 1);
		co->nmaps++;
		p += len;
		if (*p == ',')
			p++;
	}
}

static int
parse_delim(const char *arg)
{
	if (!strcmp(arg, "tab") || !strcmp(arg, "\\t") || !strcmp(arg, "\t"))
		return '\t';
	if (!strcmp(arg, "semicolon"))
		return ';';
	if (!strcmp(arg, "comma"))
		return ',';
	if (!strcmp(arg, "pipe"))
		return '|';
	if (strlen(arg) == 1 && strchr(",;|", arg[0]))
		return arg[0];
	crm_die(CRM_EXIT_USAGE, "bad --delimiter '%s': want , ; tab or |", arg);
}

/* "64M", "100k", "1G", "4096": bytes (K, M, G are powers of 1024). */
static size_t
parse_size(const char *arg)
{
	unsigned long long v;
	char *end;
	int shift = 0;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (*end && !end[1])
		switch (*end | 0x20) {
		case 'k': shift = 10; end++; break;
		case 'm': shift = 20; end++; break;
		case 'g': shift = 30; end++; break;
		}
	if (errno || end == arg || *end || *arg == '-' || v == 0 ||
	    v > (SIZE_MAX >> 1) >> shift)
		crm_die(CRM_EXIT_USAGE, "bad --max-record-size '%s': want bytes,"
		    " with K, M or G", arg);
	return (size_t)(v << shift);
}

void
crm_opts_common(struct crm_common *co, int c, const char *arg,
    const struct option *longopts, const char *usage)
{
	const struct option *o;
	int f;

	switch (c) {
	case 'd':
		co->db = arg;
		break;
	case 'o':
		co->output = arg;
		break;
	case 'f':
		f = crm_format_parse(arg);
		if (f < 0 || f == CRM_FMT_AUTO)
			crm_die(CRM_EXIT_USAGE,
			    "bad --format '%s': want csv, jsonl, json, table or xlsx", arg);
		co->format = f;
		break;
	case CRM_OPT_INPUT_FORMAT:
		f = crm_format_parse(arg);
		if (f == CRM_FMT_JSONL)
			f = CRM_FMT_JSON;
		if (f != CRM_FMT_CSV && f != CRM_FMT_JSON && f != CRM_FMT_AUTO)
			crm_die(CRM_EXIT_USAGE,
			    "bad --input-format '%s': want csv or json", arg);
		co->ropts.format = f;
		break;
	case CRM_OPT_ENCODING:
		co->ropts.encoding = arg;
		break;
	case CRM_OPT_DELIMITER:
		co->ropts.delimiter = parse_delim(arg);
		break;
	case CRM_OPT_EXCEL:
		co->write_flags |= CRM_W_EXCEL;
		if (!co->keep_formulas)
			co->write_flags |= CRM_W_SAFE_FORMULAS;
		break;
	case CRM_OPT_KEEP_FORMULAS:
		co->keep_formulas = 1;
		co->write_flags &= ~CRM_W_SAFE_FORMULAS;
		break;
	case CRM_OPT_MAP:
		add_maps(co, arg);
		break;
	case CRM_OPT_COUNTRY: {
		const struct crm_country *cc = crm_country_find(arg, strlen(arg));

		if (!cc)
			crm_die(CRM_EXIT_USAGE, "bad --country '%s': want an ISO 3166"
			    " code such as RU, US, GB, DE, BR", arg);
		co->country = cc->code;
		break;
	}
	case CRM_OPT_DATE_ORDER:
		if (!strcmp(arg, "dmy"))
			co->date_order = 'd';
		else if (!strcmp(arg, "mdy"))
			co->date_order = 'm';
		else if (!strcmp(arg, "ymd"))
			co->date_order = 'y';
		else
			crm_die(CRM_EXIT_USAGE,
			    "bad --date-order '%s': want dmy, mdy or ymd", arg);
		break;
	case CRM_OPT_MAX_RECORD:
		co->ropts.max_record = parse_size(arg);
		break;
	case CRM_OPT_SHEET:
		co->ropts.sheet = arg;
		break;
	case CRM_OPT_LIST_SHEETS:
		co->list_sheets = 1;
		break;
	case 'q':
		co->quiet = 1;
		break;
	case CRM_OPT_PROGRESS:
		co->progress = 1;
		break;
	case 'h':
		printf("%s\n", usage);
		exit(crm_finish(CRM_EXIT_OK));
	case 'V':
		printf("%s %s\n", crm_progname(), CRM_VERSION);
		exit(crm_finish(CRM_EXIT_OK));
	case CRM_OPT_LIST_OPTIONS:
		for (o = longopts; o->name; o++)
			if (strcmp(o->name, "list-options"))
				printf("--%s%s\n", o->name,
				    o->has_arg == required_argument ? "=" :
				    o->has_arg == optional_argument ? "[=]" : "");
		exit(crm_finish(CRM_EXIT_OK));
	default:
		crm_usage(usage);
	}
}

void
crm_opts_list_sheets(const struct crm_common *co, int nfiles, char **files)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_buf out = CRM_BUF_INIT;
	struct crm_reader *r;
	const char *p, *nl;
	int i;

	for (i = 0; i < (nfiles ? nfiles : 1); i++) {
		const char *f = nfiles ? files[i] : "-";

		if (!(r = crm_reader_open(f, &co->ropts, &err)) ||
		    crm_reader_sheets(r, &out, &err) < 0)
			crm_die_err(&err);
		for (p = out.buf; p && *p; p = nl + 1) {
			nl = strchr(p, '\n');
			if (nfiles > 1)
				printf("%s:", crm_inname(f));
			printf("%.*s\n", (int)(nl - p), p);
		}
		crm_buf_reset(&out);
		crm_reader_free(r);
	}
	crm_buf_release(&out);
	exit(crm_finish(CRM_EXIT_OK));
}

int
crm_opts_file_flags(const struct crm_common *co)
{
	return co->keep_formulas ? co->write_flags :
	    co->write_flags | CRM_W_SAFE_FORMULAS;
}

void
crm_opts_stdout(struct crm_common *co, struct crm_outfile_guard *g)
{
	struct crm_err err = CRM_ERR_INIT;

	if (!co->output || !strcmp(co->output, "-")) {
		if (co->format == CRM_FMT_XLSX && isatty(STDOUT_FILENO))
			crm_die(CRM_EXIT_USAGE, "a workbook is no text for a "
			    "terminal: give -o file.xlsx or redirect the output");
		if (crm_outfile_guard_stdout(g, &err) < 0)
			crm_die_err(&err);
		return;
	}
	if (crm_outfile_open(&co->out, co->output, "-o", g, &err) < 0)
		crm_die_err(&err);
	fflush(stdout);
	if (dup2(co->out.fd, STDOUT_FILENO) < 0)
		crm_die(CRM_EXIT_IO, "cannot write '%s':", co->output);
}

int
crm_opts_finish(struct crm_common *co, int status)
{
	struct crm_err err = CRM_ERR_INIT;

	if (!co->out.fp)
		return crm_finish(status);
	/* The data went to descriptor 1: flush it there, then commit. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		crm_warn("cannot write '%s':", co->output);
		status = CRM_EXIT_IO;
	}
	if (status > CRM_EXIT_FINDINGS)
		crm_outfile_abort(&co->out);
	else if (fsync(STDOUT_FILENO) < 0 && errno != EINVAL) {
		crm_warn("cannot write '%s':", co->output);
		crm_outfile_abort(&co->out);
		status = CRM_EXIT_IO;
	} else if (crm_outfile_commit(&co->out, &err) < 0) {
		crm_warn_err(&err);
		status = CRM_EXIT_IO;
	}
	return crm_finish(status);
}

void
crm_opts_release(struct crm_common *co)
{
	size_t i;

	for (i = 0; i < co->nmaps; i++) {
		free(co->maps[i].label);
		free(co->maps[i].field);
	}
	free(co->maps);
	co->maps = NULL;
	co->nmaps = 0;
}

void
crm_opts_check_stdin(int nfiles)
{
	if (nfiles == 0 && isatty(STDIN_FILENO))
		crm_die(CRM_EXIT_USAGE,
		    "standard input is a terminal: give a FILE, or pipe records in");
}

int
crm_opts_progress_on(const struct crm_common *co)
{
	if (co->quiet)
		return 0;
	return co->progress || isatty(STDERR_FILENO);
}

void
crm_progress_init(struct crm_progress *p, const struct crm_common *co)
{
	p->on = crm_opts_progress_on(co);
	p->started = crm_now();
}

static void
progress_line(const struct crm_progress *p, const char *name, long long n,
    long long bytes, long long size)
{
	double secs = crm_now() - p->started;

	fprintf(stderr, "\r%s: %s: %lld records, %.0f/s", crm_progname(),
	    name, n, secs > 0 ? (double)n / secs : 0.0);
	if (size > 0)
		fprintf(stderr, ", %3.0f%%", 100.0 * (double)bytes /
		    (double)size);
}

void
crm_progress_show(const struct crm_progress *p, const char *name,
    long long n, long long bytes, long long size)
{
	if (!p->on)
		return;
	progress_line(p, name, n, bytes, size);
	fputs("\033[K", stderr);
}

void
crm_progress_end(const struct crm_progress *p, const char *name,
    long long n, long long bytes, long long size)
{
	if (!p->on)
		return;
	progress_line(p, name, n, bytes, size);
	fputc('\n', stderr);
}

void
crm_progress_phase(const struct crm_progress *p, const char *name,
    const char *phase, long long done, long long total, const char *unit,
    int last)
{
	if (!p->on)
		return;
	fprintf(stderr, "\r%s: %s: %s", crm_progname(), name, phase);
	if (unit && total > 0)
		fprintf(stderr, ": %lld/%lld %s", done, total, unit);
	else if (unit)
		fprintf(stderr, ": %lld %s", done, unit);
	fputs("\033[K", stderr);
	if (last)
		fputc('\n', stderr);
}

int
crm_opts_choice(const char *opt, const char *arg, const char *const *names)
{
	struct crm_buf want = CRM_BUF_INIT;
	int i;

	for (i = 0; names[i]; i++)
		if (!strcmp(arg, names[i]))
			return i;
	for (i = 0; names[i]; i++) {
		if (i)
			crm_buf_adds(&want, names[i + 1] ? ", " : " or ");
		crm_buf_adds(&want, names[i]);
	}
	crm_die(CRM_EXIT_USAGE, "bad --%s '%s': want %s", opt, arg, want.buf);
	return -1;
}

int
crm_opts_country(const struct crm_common *co, struct crm_store *s,
    const struct crm_country **c, struct crm_err *err)
{
	struct crm_buf b = CRM_BUF_INIT;
	int rc = 0;

	*c = NULL;
	if (co->country)
		*c = crm_country_find(co->country, 2);
	else if (s && (rc = crm_store_setting(s, "country", &b, err)) > 0)
		*c = crm_country_find(b.buf, b.len);
	crm_buf_release(&b);
	if (rc < 0)
		return -1;
	if (*c)
		return 0;
	*c = crm_country_find(CRM_COUNTRY_DEFAULT, 2);
	return 1;
}
