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

enum {
	CRM_OPT_INPUT_FORMAT = 0x100,
	CRM_OPT_ENCODING,
	CRM_OPT_DELIMITER,
	CRM_OPT_EXCEL,
	CRM_OPT_MAP,
	CRM_OPT_PROGRESS,
	CRM_OPT_LIST_OPTIONS,
	CRM_OPT_VERSION,
	CRM_OPT_MAX_RECORD,
	CRM_OPT_FIRST_TOOL = 0x200	/* tools number their long-only options from here */
};

#define CRM_COMMON_SHORTOPTS "d:f:qhV"

#define CRM_COMMON_LONGOPTS \
	{ "db",			required_argument,	NULL, 'd' }, \
	{ "format",		required_argument,	NULL, 'f' }, \
	{ "input-format",	required_argument,	NULL, CRM_OPT_INPUT_FORMAT }, \
	{ "encoding",		required_argument,	NULL, CRM_OPT_ENCODING }, \
	{ "delimiter",		required_argument,	NULL, CRM_OPT_DELIMITER }, \
	{ "excel",		no_argument,		NULL, CRM_OPT_EXCEL }, \
	{ "map",		required_argument,	NULL, CRM_OPT_MAP }, \
	{ "max-record-size",	required_argument,	NULL, CRM_OPT_MAX_RECORD }, \
	{ "quiet",		no_argument,		NULL, 'q' }, \
	{ "progress",		no_argument,		NULL, CRM_OPT_PROGRESS }, \
	{ "help",		no_argument,		NULL, 'h' }, \
	{ "version",		no_argument,		NULL, 'V' }, \
	{ "list-options",	no_argument,		NULL, CRM_OPT_LIST_OPTIONS }

/* One --map pair: an input header and the canonical field it maps onto. */
struct crm_map {
	char *label;
	char *field;
};

struct crm_common {
	const char *db;		/* --db, else $CRM_DB, else ./crm.db (see store) */
	int format;		/* --format: enum crm_format, CRM_FMT_AUTO if not given */
	int write_flags;	/* CRM_W_EXCEL */
	struct crm_reader_opts ropts;
	struct crm_map *maps;
	size_t nmaps;
	int quiet;
	int progress;		/* 1 = forced on */
};

#define CRM_COMMON_INIT { NULL, CRM_FMT_AUTO, 0, CRM_READER_OPTS_INIT, NULL, 0, 0, 0 }

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

/* Print usage to stderr and exit CRM_EXIT_USAGE. */
void crm_usage(const char *usage)
#if defined(__GNUC__)
    __attribute__((noreturn))
#endif
    ;

/* The field a header maps onto by --map, or NULL. */
const char *crm_opts_mapped(const struct crm_common *co, const char *label);

/*
 * Refuse to read a terminal: when no file operand was given and stdin is a
 * terminal, print a one-line hint and exit CRM_EXIT_USAGE.
 */
void crm_opts_check_stdin(int nfiles);

/* Progress on stderr: on when stderr is a terminal or --progress, never with --quiet. */
int crm_opts_progress_on(const struct crm_common *co);

#endif
