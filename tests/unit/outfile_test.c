/*
 * outfile_test: lib/outfile.c: outputs refused over the store, its side
 * files, inputs and each other; written beside the target, 0600, and put
 * in place only by commit.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"
#include "tap.h"
#include "util.h"

static char dir[256];

static const char *
p(const char *name)
{
	static char buf[4][512];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
	return buf[k];
}

static void
put(const char *name, const char *text)
{
	FILE *fp = fopen(p(name), "w");

	fputs(text, fp);
	fclose(fp);
}

static char *
get(const char *name)
{
	static char buf[256];
	FILE *fp = fopen(p(name), "r");
	size_t n;

	if (!fp)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* Entries of dir besides "." and "..". */
static int
nfiles(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void
rmall(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			unlink(p(de->d_name));
	closedir(d);
	rmdir(dir);
}

int
main(void)
{
	struct crm_outfile_guard g = CRM_OUTFILE_GUARD_INIT;
	struct crm_outfile o = CRM_OUTFILE_INIT, o2 = CRM_OUTFILE_INIT;
	struct crm_err err = CRM_ERR_INIT;
	struct stat sb;
	const char *tmp = getenv("TMPDIR");
	int before;

	snprintf(dir, sizeof dir, "%s/outfile.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	umask(022);
	put("v.db", "store");
	put("in.csv", "a,b\n1,2\n");
	put("old.csv", "old\n");
	if (link(p("in.csv"), p("hard.csv")) < 0 ||
	    symlink("v.db", p("link.db")) < 0) {
		printf("Bail out! link\n");
		return 1;
	}
	crm_outfile_guard_store(&g, p("v.db"));
	crm_outfile_guard_add(&g, p("in.csv"), "an input");

	/* Refused: nothing written, nothing changed. */
	ok(crm_outfile_open(&o, p("v.db"), "--rejects", &g, &err) < 0 &&
	    err.code == CRM_EUSAGE && strstr(err.msg, "is the store"),
	    "the store refused: %s", err.msg);
	is(get("v.db"), "store", "the store untouched");
	ok(crm_outfile_open(&o, p("v.db-wal"), "--report", &g, &err) < 0 &&
	    strstr(err.msg, "side file"), "a side file not yet there refused");
	ok(crm_outfile_open(&o, p("link.db"), "--report", &g, &err) < 0,
	    "a link to the store refused");
	ok(crm_outfile_open(&o, p("in.csv"), "--summary", &g, &err) < 0 &&
	    strstr(err.msg, "is an input"), "an input refused: %s", err.msg);
	ok(crm_outfile_open(&o, p("hard.csv"), "--summary", &g, &err) < 0,
	    "a hard link to an input refused (same inode)");
	ok(crm_outfile_open(&o, dir, "--summary", &g, &err) < 0 &&
	    strstr(err.msg, "directory"), "a directory refused");
	is(get("in.csv"), "a,b\n1,2\n", "the input untouched");

	/* Written beside the target and only committed into place. */
	before = nfiles();
	ok(crm_outfile_open(&o, p("old.csv"), "--report", &g, &err) == 0,
	    "open over an old output");
	fputs("new\n", o.fp);
	fflush(o.fp);
	is(get("old.csv"), "old\n", "the old output stays until commit");
	ok(crm_outfile_open(&o2, p("old.csv"), "--changes", &g, &err) < 0 &&
	    strstr(err.msg, "another output"), "two outputs on one file refused");
	ok(crm_outfile_commit(&o, &err) == 0, "commit");
	is(get("old.csv"), "new\n", "the new output in place");
	ok(stat(p("old.csv"), &sb) == 0 && (sb.st_mode & 0777) == 0600,
	    "mode 0600 (umask 022): %o", (unsigned)(sb.st_mode & 0777));
	ok(nfiles() == before, "no temporary file left");

	/* Aborted: the target as it was, no temporary file. */
	crm_outfile_guard_release(&g);
	ok(crm_outfile_open(&o, p("old.csv"), "--report", &g, &err) == 0,
	    "open again (new guard)");
	fputs("half", o.fp);
	crm_outfile_abort(&o);
	is(get("old.csv"), "new\n", "abort leaves the target");
	ok(nfiles() == before, "abort leaves no temporary file");
	ok(crm_outfile_open(&o, p("new.csv"), "--report", &g, &err) == 0,
	    "open a new file");
	crm_outfile_abort(&o);
	ok(access(p("new.csv"), F_OK) != 0, "abort creates nothing");

	/* A link is followed: the file it points at is replaced. */
	put("target.csv", "t\n");
	symlink("target.csv", p("out-link.csv"));
	ok(crm_outfile_open(&o, p("out-link.csv"), "-o", &g, &err) == 0,
	    "open through a link");
	fputs("via link\n", o.fp);
	ok(crm_outfile_commit(&o, &err) == 0, "commit through a link");
	is(get("target.csv"), "via link\n", "the link's target replaced");
	ok(lstat(p("out-link.csv"), &sb) == 0 && S_ISLNK(sb.st_mode),
	    "the link stays a link");

	/* Not a regular file: written directly. */
	ok(crm_outfile_open(&o, "/dev/null", "--rejects", &g, &err) == 0,
	    "/dev/null opens");
	fputs("x", o.fp);
	ok(crm_outfile_commit(&o, &err) == 0, "/dev/null commits");

	/* A directory that cannot be written. */
	ok(crm_outfile_open(&o, "/nonexistent-dir/x.csv", "--report", &g,
	    &err) < 0 && err.code == CRM_EIO, "missing directory: %s", err.msg);
	crm_outfile_guard_release(&g);
	rmall();
	return done_testing();
}
