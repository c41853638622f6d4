/*
 * opts: the options every program shares (design §5), in one table that
 * also answers --list-options for the shell completions.
 *
 * A cmd/ file puts CRM_COMMON_LONGOPTS first in its struct option table,
 * adds CRM_COMMON_SHORTOPTS to its getopt string, and sends every option
 * it does not handle itself to crm_opts_common.
 */
#ifndef CRM_OPTS_H
#define CRM_OPTS_H

#include <getopt.h>
#include <stddef.h>

#include "io.h"
#include "mapper.h"
#include "outfile.h"

enum {
	CRM_OPT_INPUT_FORMAT = 0x100,
	CRM_OPT_ENCODING,
	CRM_OPT_DELIMITER,
	CRM_OPT_EXCEL,
	CRM_OPT_MAP,
	CRM_OPT_PROGRESS,
	CRM_OPT_LIST_OPTIONS,
	CRM_OPT_VERSION,
	CRM_OPT_COUNTRY,
	CRM_OPT_DATE_ORDER,
	CRM_OPT_MAX_RECORD,
	CRM_OPT_KEEP_FORMULAS,
	CRM_OPT_SHEET,
	CRM_OPT_LIST_SHEETS,
	CRM_OPT_FIRST_TOOL = 0x200	/* tools number their long-only options from here */
};

#define CRM_COMMON_SHORTOPTS "d:f:o:qhV"

#define CRM_COMMON_LONGOPTS \
	{ "db",			required_argument,	NULL, 'd' }, \
	{ "format",		required_argument,	NULL, 'f' }, \
	{ "output",		required_argument,	NULL, 'o' }, \
	{ "input-format",	required_argument,	NULL, CRM_OPT_INPUT_FORMAT }, \
	{ "encoding",		required_argument,	NULL, CRM_OPT_ENCODING }, \
	{ "delimiter",		required_argument,	NULL, CRM_OPT_DELIMITER }, \
	{ "excel",		no_argument,		NULL, CRM_OPT_EXCEL }, \
	{ "keep-formulas",	no_argument,		NULL, CRM_OPT_KEEP_FORMULAS }, \
	{ "map",		required_argument,	NULL, CRM_OPT_MAP }, \
	{ "max-record-size",	required_argument,	NULL, CRM_OPT_MAX_RECORD }, \
	{ "quiet",		no_argument,		NULL, 'q' }, \
	{ "progress",		no_argument,		NULL, CRM_OPT_PROGRESS }, \
	{ "help",		no_argument,		NULL, 'h' }, \
	{ "version",		no_argument,		NULL, 'V' }, \
	{ "list-options",	no_argument,		NULL, CRM_OPT_LIST_OPTIONS }

/* For the programs that read records: the country of those that name none, the order of their dates. */
#define CRM_RECORD_LONGOPTS \
	{ "country",		required_argument,	NULL, CRM_OPT_COUNTRY }, \
	{ "date-order",		required_argument,	NULL, CRM_OPT_DATE_ORDER }, \
	{ "sheet",		required_argument,	NULL, CRM_OPT_SHEET }, \
	{ "list-sheets",	no_argument,		NULL, CRM_OPT_LIST_SHEETS }

struct crm_common {
	const char *db;		/* --db, else $CRM_DB, else ./crm.db (see store) */
	int format;		/* --format: enum crm_format, CRM_FMT_AUTO if not given */
	int write_flags;	/* for standard output: CRM_W_EXCEL, CRM_W_SAFE_FORMULAS */
	int keep_formulas;	/* --keep-formulas */
	struct crm_reader_opts ropts;
	struct crm_map *maps;
	size_t nmaps;
	int quiet;
	int progress;		/* 1 = forced on */
	const char *country;	/* --country, upper case; NULL: not given */
	int date_order;		/* --date-order: 'd', 'm', 'y'; 0: not given */
	int list_sheets;	/* --list-sheets */
	const char *output;	/* -o: the file standard output goes to, or NULL */
	struct crm_outfile out;	/* ... while it is written (crm_opts_stdout) */
};

#define CRM_COMMON_INIT { NULL, CRM_FMT_AUTO, 0, 0, CRM_READER_OPTS_INIT, NULL, 0, \
	0, 0, NULL, 0, 0, NULL, CRM_OUTFILE_INIT }

/*
 * Handle a common option c (as getopt_long returned it) or print the usage
 * and exit: -h/--help prints usage to stdout and exits 0; --version
 * prints "progname VERSION"; --list-options prints one long option per
 * line from longopts ("--db=" for options that take an argument) and exits
 * 0; anything else prints usage to stderr and exits CRM_EXIT_USAGE.
 * Bad values (an unknown --format) exit CRM_EXIT_USAGE with a message.
 */
void crm_opts_common(struct crm_common *co, int c, const char *arg,
    const struct option *longopts, const char *usage);
void crm_opts_release(struct crm_common *co);

/*
 * Writer flags for an output file that people open (--rejects, --report,
 * --changes): those of standard output, and formulas made safe for
 * spreadsheets (CRM_W_SAFE_FORMULAS) unless --keep-formulas.  Standard
 * output gets that only with --excel: a pipe between tools passes cells
 * as they are.
 */
int crm_opts_file_flags(const struct crm_common *co);

/*
 * --list-sheets: print each workbook's sheets (files, or stdin when
 * nfiles is 0), one a line ("name", or "name<TAB>hidden"), prefixed with
 * "file:" when there are several, and exit: 0, or the error's status.
 */
void crm_opts_list_sheets(const struct crm_common *co, int nfiles,
    char **files)
#if defined(__GNUC__)
    __attribute__((noreturn))
#endif
    ;

/* Print usage to stderr and exit CRM_EXIT_USAGE. */
void crm_usage(const char *usage)
#if defined(__GNUC__)
    __attribute__((noreturn))
#endif
    ;

/*
 * Refuse to read a terminal: when no file operand was given and stdin is a
 * terminal, print a one-line hint and exit CRM_EXIT_USAGE.
 */
void crm_opts_check_stdin(int nfiles);

struct crm_store;
/*
 * The run's default country (for records with no country of their own):
 * --country, else the store's setting (s may be NULL), else RU.  0, 1
 * when it is RU for want of the others, -1 with err on a database error.
 */
int crm_opts_country(const struct crm_common *co, struct crm_store *s,
    const struct crm_country **c, struct crm_err *err);

/*
 * Standard output, once the inputs are known (g holds the store, the
 * inputs and any other file read): with -o FILE, FILE is opened as an
 * output file (outfile.h: refused when it is in g; 0600; put in place by
 * crm_opts_finish only when the command succeeds) and becomes standard
 * output; without, standard output is refused when it is a file in g
 * (>>crm.db).  Dies with a message on error.
 */
void crm_opts_stdout(struct crm_common *co, struct crm_outfile_guard *g);
/*
 * End of main, instead of crm_finish: the -o file is put in place when
 * status is 0 or 1 and stdout was written whole, else thrown away (the
 * old file stays); then crm_finish.  Returns the exit status.
 */
int crm_opts_finish(struct crm_common *co, int status);

/* Progress on stderr: on when stderr is a terminal or --progress, never with --quiet. */
int crm_opts_progress_on(const struct crm_common *co);

/*
 * Progress of reading one input, on stderr (when crm_opts_progress_on):
 * "\rPROG: NAME: N records, R/s, P%", the percentage when the input's
 * size is known (size > 0), the rest of the line cleared; crm_progress_end
 * writes the last such line and ends it.
 */
struct crm_progress {
	int on;
	double started;
};
void crm_progress_init(struct crm_progress *p, const struct crm_common *co);
void crm_progress_show(const struct crm_progress *p, const char *name,
    long long n, long long bytes, long long size);
void crm_progress_end(const struct crm_progress *p, const char *name,
    long long n, long long bytes, long long size);

/*
 * Progress of one phase of a long step, on stderr (when crm_opts_progress_on):
 * "\rPROG: NAME: PHASE: DONE/TOTAL UNIT" (the count when total is 0, nothing
 * after PHASE when unit is NULL), the rest of the line cleared; last ends
 * the line.
 */
void crm_progress_phase(const struct crm_progress *p, const char *name,
    const char *phase, long long done, long long total, const char *unit,
    int last);

/*
 * The index of arg in names (NULL-terminated), for an option whose value
 * is one of a few words; else exit CRM_EXIT_USAGE with "bad --OPT 'ARG':
 * want A, B or C".
 */
int crm_opts_choice(const char *opt, const char *arg,
    const char *const *names);

#endif
