/*
 * crm: the umbrella.  "crm import ..." runs crm-import (git-style), "crm
 * help import" shows its manual, a bare "crm" lists the tools.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opts.h"
#include "util.h"

static const char usage_line[] =
    "usage: crm [-hV] [command [arg ...]] | crm help [command]";

static const struct option longopts[] = {
	{ "help",		no_argument,	NULL, 'h' },
	{ "version",		no_argument,	NULL, 'V' },
	{ "list-options",	no_argument,	NULL, CRM_OPT_LIST_OPTIONS },
	{ NULL, 0, NULL, 0 }
};

static const struct {
	const char *name, *what;
} tools[] = {
	{ "import", "spreadsheet exports (CSV/JSON) into the store" },
	{ "export", "the store back out as records" },
	{ "validate", "records against rules: violations, fixes, audits" },
	{ "dedupe", "find, explain and merge duplicate contacts and companies" },
	{ "rfm", "RFM scores and segments from orders" },
	{ "funnel", "the sales funnel: conversion, time in stage, stuck deals" },
	{ "report", "sales reports and KPIs: managers, sources, forecast, kpi" },
};

/* The directory this program was run from, so an uninstalled tree works. */
static void
selfdir(const char *argv0, char *dir, size_t size)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	char *slash;

	if (n > 0)
		buf[n] = '\0';
	else
		snprintf(buf, sizeof buf, "%s", argv0);
	slash = strrchr(buf, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(buf, sizeof buf, ".");
	snprintf(dir, size, "%s", buf);
}

static void
list(void)
{
	size_t i;

	printf("%s\n\ncommands:\n", usage_line);
	for (i = 0; i < sizeof tools / sizeof tools[0]; i++)
		printf("  %-10s %s\n", tools[i].name, tools[i].what);
	printf("\n'crm help COMMAND' shows its manual; see also crm(7).\n");
}

static int
help(const char *argv0, const char *cmd)
{
	char dir[PATH_MAX], page[PATH_MAX + 256], name[128];

	if (!cmd || !strcmp(cmd, "crm"))
		snprintf(name, sizeof name, "crm");
	else if (strncmp(cmd, "crm-", 4) == 0)
		snprintf(name, sizeof name, "%s", cmd);
	else
		snprintf(name, sizeof name, "crm-%s", cmd);
	/* In a build tree the page sits in man/ beside the binary. */
	selfdir(argv0, dir, sizeof dir);
	snprintf(page, sizeof page, "%s/man/%s.%s", dir, name,
	    strcmp(name, "crm") ? "1" : "7");
	fflush(stdout);
	if (access(page, R_OK) == 0)
		execlp("man", "man", "-l", page, (char *)NULL);
	else if (!cmd || !strcmp(name, "crm"))
		execlp("man", "man", "7", "crm", (char *)NULL);
	else
		execlp("man", "man", name, (char *)NULL);
	crm_die(CRM_EXIT_IO, "cannot run man:");
}

int
main(int argc, char *argv[])
{
	char dir[PATH_MAX], path[PATH_MAX + 256], name[128];
	int c;

	crm_setprogname(argv[0]);
	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1)
		switch (c) {
		case 'h':
			list();
			return crm_finish(CRM_EXIT_OK);
		default:
			crm_opts_common(NULL, c, optarg, longopts, usage_line);
		}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		list();
		return crm_finish(CRM_EXIT_OK);
	}
	if (!strcmp(argv[0], "help"))
		return help(argv[-optind], argc > 1 ? argv[1] : NULL);
	if (strchr(argv[0], '/') || strlen(argv[0]) > 64)
		crm_die(CRM_EXIT_USAGE, "'%s' is not a crm command", argv[0]);
	snprintf(name, sizeof name, "crm-%s", argv[0]);
	argv[0] = name;
	selfdir(argv[-optind], dir, sizeof dir);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (access(path, X_OK) == 0)
		execv(path, argv);
	execvp(name, argv);
	if (errno == ENOENT)
		crm_die(CRM_EXIT_USAGE, "'%s' is not a crm command; see 'crm'",
		    name + 4);
	crm_die(CRM_EXIT_IO, "cannot run '%s':", name);
}
