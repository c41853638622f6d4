/*
 * outfile: the files a program writes besides standard output (--rejects,
 * --report, --summary, --changes, -o, --html, ...), written so that
 * nothing is ever lost:
 *
 *  - An output is refused (CRM_EUSAGE, before anything is written) when
 *    it is the same file as anything in a guard: the store and its -wal,
 *    -shm and -journal side files, every input (rules, settings and other
 *    files read included), and every output opened before it.  "Same"
 *    means the same device and inode, or, for a file that does not exist
 *    yet, the same directory and name.
 *  - A regular file is written to a new file in the target's directory,
 *    mode 0600 whatever the umask (it holds records), unnamed where the
 *    system allows (O_TMPFILE), else ".NAME.XXXXXX"; only
 *    crm_outfile_commit puts it in place (fflush, fsync, rename over the
 *    target, fsync of the directory).  A failed or killed run leaves the
 *    target as it was: never half a file.  A symbolic link is followed:
 *    the file it points at is replaced, the link stays.
 *  - "-" is standard output (checked against the guard: a store or an
 *    input appended to by ">>" is refused); a target that exists and is
 *    not a regular file (/dev/null, a FIFO, a terminal) is written
 *    directly; a directory is an error.
 *
 * Usage (cmd/):
 *
 *	struct crm_outfile_guard g = CRM_OUTFILE_GUARD_INIT;
 *	struct crm_outfile out = CRM_OUTFILE_INIT;
 *
 *	crm_outfile_guard_store(&g, dbpath);
 *	for (i = 0; i < nfiles; i++)
 *		crm_outfile_guard_add(&g, files[i], "an input");
 *	if (crm_outfile_guard_stdout(&g, &err) < 0 ||
 *	    crm_outfile_open(&out, path, "--rejects", &g, &err) < 0)
 *		crm_die_err(&err);
 *	... write to out.fp (a crm_writer over it, fprintf, ...) ...
 *	if (ok) { if (crm_outfile_commit(&out, &err) < 0) crm_die_err(&err); }
 *	else crm_outfile_abort(&out);
 *	crm_outfile_guard_release(&g);
 *
 * Open every output before reading any input, so that a refused one
 * costs nothing.  The guard copies what it needs from the paths given;
 * a crm_outfile owns its FILE until commit or abort, which close it.
 */
#ifndef CRM_OUTFILE_H
#define CRM_OUTFILE_H

#include <stdio.h>

#include "util.h"

struct crm_outfile_guarded;

/* Files that an output must not be. */
struct crm_outfile_guard {
	struct crm_outfile_guarded *v;
	size_t n, cap;
};

#define CRM_OUTFILE_GUARD_INIT { NULL, 0, 0 }

/*
 * Guard path, described by what in messages ("an input", "the rules
 * file"); "-" is standard input (guarded when it is a regular file).  A
 * path that does not exist is guarded by its name.
 */
void crm_outfile_guard_add(struct crm_outfile_guard *g, const char *path,
    const char *what);
/* Guard the store at dbpath and its -wal, -shm and -journal files. */
void crm_outfile_guard_store(struct crm_outfile_guard *g, const char *dbpath);
/*
 * The usual guard of a program: the store at dbpath (NULL: none) and its
 * side files, and the n input operands (n == 0: standard input).
 */
void crm_outfile_guard_inputs(struct crm_outfile_guard *g, const char *dbpath,
    char *const *files, int n);
/*
 * Refuse (-1, CRM_EUSAGE) when standard output is a regular file that the
 * guard holds (crm-export ... >>crm.db).
 */
int crm_outfile_guard_stdout(const struct crm_outfile_guard *g,
    struct crm_err *err);
void crm_outfile_guard_release(struct crm_outfile_guard *g);

struct crm_outfile {
	FILE *fp;		/* write here; NULL when not open */
	char *path;		/* the target as given */
	char *target;		/* the file to replace (a link followed) */
	char *tmp;		/* named temporary file, or NULL */
	int fd;			/* fileno(fp) */
	int unnamed;		/* fd is an O_TMPFILE inode */
	int direct;		/* writing the target itself (stdout, a device) */
};

#define CRM_OUTFILE_INIT { NULL, NULL, NULL, NULL, -1, 0, 0 }

/*
 * Open path for writing on behalf of option (for messages: "--rejects"),
 * after checking it against g; on success the output joins g, so a second
 * output cannot be the same file.  0, or -1 with err filled (CRM_EUSAGE:
 * refused; CRM_EIO: cannot create).
 */
int crm_outfile_open(struct crm_outfile *o, const char *path,
    const char *option, struct crm_outfile_guard *g, struct crm_err *err);
/*
 * Put the output in place: 0, or -1 with err filled (CRM_EIO) and the
 * target left as it was.  Standard output is flushed, not closed.
 */
int crm_outfile_commit(struct crm_outfile *o, struct crm_err *err);
/* Throw the output away; the target stays as it was.  Safe to repeat. */
void crm_outfile_abort(struct crm_outfile *o);

#endif
