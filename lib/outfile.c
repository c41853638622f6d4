/* O_TMPFILE and linkat's AT_SYMLINK_FOLLOW are Linux's. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

struct crm_outfile_guarded {
	int have_id;		/* a regular file that exists: dev, ino */
	dev_t dev;
	ino_t ino;
	char *name;		/* canonical name (realpath of its directory + base), or NULL */
	char *shown;		/* as the user gave it */
	char *what;
};

/*
 * The file that writing path replaces: a symbolic link followed (a link
 * that points nowhere yet, to the name it holds).
 */
static char *
resolve(const char *path)
{
	struct stat sb;
	char *real, *link, *slash;
	ssize_t n;
	size_t dirlen;

	if (lstat(path, &sb) < 0 || !S_ISLNK(sb.st_mode))
		return xstrdup(path);
	if ((real = realpath(path, NULL)) != NULL)
		return real;
	link = xmalloc(PATH_MAX);
	if ((n = readlink(path, link, PATH_MAX - 1)) < 0) {
		free(link);
		return xstrdup(path);
	}
	link[n] = '\0';
	if (link[0] == '/' || !(slash = strrchr(path, '/')))
		return link;
	dirlen = (size_t)(slash - path) + 1;
	real = xmalloc(dirlen + (size_t)n + 1);
	memcpy(real, path, dirlen);
	memcpy(real + dirlen, link, (size_t)n + 1);
	free(link);
	return real;
}

/* realpath of the directory of path + "/" + its base name; NULL if the directory is not there. */
static char *
canonical(const char *path)
{
	const char *slash = strrchr(path, '/'), *base;
	char *dir, *rdir, *out;
	size_t n;

	if (slash) {
		dir = xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
		base = slash + 1;
	} else {
		dir = xstrdup(".");
		base = path;
	}
	rdir = realpath(dir, NULL);
	free(dir);
	if (!rdir)
		return NULL;
	n = strlen(rdir) + strlen(base) + 2;
	out = xmalloc(n);
	snprintf(out, n, "%s%s%s", rdir, rdir[1] ? "/" : "", base);
	free(rdir);
	return out;
}

static void
guard_push(struct crm_outfile_guard *g, const struct stat *sb, char *name,
    const char *shown, const char *what)
{
	struct crm_outfile_guarded *e;

	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 8;
		g->v = xreallocarray(g->v, g->cap, sizeof *g->v);
	}
	e = &g->v[g->n++];
	memset(e, 0, sizeof *e);
	if (sb && S_ISREG(sb->st_mode)) {
		e->have_id = 1;
		e->dev = sb->st_dev;
		e->ino = sb->st_ino;
	}
	e->name = name;
	e->shown = xstrdup(shown);
	e->what = xstrdup(what);
}

void
crm_outfile_guard_add(struct crm_outfile_guard *g, const char *path,
    const char *what)
{
	struct stat sb;
	char *target;

	if (!path || !strcmp(path, "-")) {
		if (fstat(STDIN_FILENO, &sb) == 0 && S_ISREG(sb.st_mode))
			guard_push(g, &sb, NULL, "<stdin>", what);
		return;
	}
	target = resolve(path);
	guard_push(g, stat(target, &sb) == 0 ? &sb : NULL, canonical(target),
	    path, what);
	free(target);
}

void
crm_outfile_guard_store(struct crm_outfile_guard *g, const char *dbpath)
{
	static const char *const side[] = { "-wal", "-shm", "-journal" };
	struct crm_buf b = CRM_BUF_INIT;
	size_t i;

	crm_outfile_guard_add(g, dbpath, "the store");
	for (i = 0; i < sizeof side / sizeof side[0]; i++) {
		crm_buf_reset(&b);
		crm_buf_addf(&b, "%s%s", dbpath, side[i]);
		crm_outfile_guard_add(g, b.buf, "a side file of the store");
	}
	crm_buf_release(&b);
}

void
crm_outfile_guard_inputs(struct crm_outfile_guard *g, const char *dbpath,
    char *const *files, int n)
{
	int i;

	if (dbpath)
		crm_outfile_guard_store(g, dbpath);
	for (i = 0; i < (n ? n : 1); i++)
		crm_outfile_guard_add(g, n ? files[i] : "-", "an input");
}

/* The guarded file that (sb, name) is, or NULL. */
static const struct crm_outfile_guarded *
guarded(const struct crm_outfile_guard *g, const struct stat *sb,
    const char *name)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		const struct crm_outfile_guarded *e = &g->v[i];

		if (sb && e->have_id && S_ISREG(sb->st_mode) &&
		    e->dev == sb->st_dev && e->ino == sb->st_ino)
			return e;
		if (name && e->name && !strcmp(name, e->name))
			return e;
	}
	return NULL;
}

int
crm_outfile_guard_stdout(const struct crm_outfile_guard *g,
    struct crm_err *err)
{
	const struct crm_outfile_guarded *e;
	struct stat sb;

	if (fstat(STDOUT_FILENO, &sb) < 0 || !S_ISREG(sb.st_mode))
		return 0;
	if ((e = guarded(g, &sb, NULL)) != NULL)
		return crm_err_set(err, CRM_EUSAGE, "", 0, 0,
		    "standard output is %s ('%s'): refusing to write over it",
		    e->what, e->shown);
	return 0;
}

void
crm_outfile_guard_release(struct crm_outfile_guard *g)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		free(g->v[i].name);
		free(g->v[i].shown);
		free(g->v[i].what);
	}
	free(g->v);
	g->v = NULL;
	g->n = g->cap = 0;
}

/* The target's directory, for the new file beside it. */
static char *
dir_of(const char *target)
{
	const char *slash = strrchr(target, '/');

	if (!slash)
		return xstrdup(".");
	return xstrndup(target, slash == target ? 1 : (size_t)(slash - target));
}

/* A fresh name ".BASE.XXXXXX" beside the target (mkstemp's template). */
static char *
tmp_template(const char *target)
{
	const char *slash = strrchr(target, '/');
	struct crm_buf b = CRM_BUF_INIT;

	if (slash)
		crm_buf_addf(&b, "%.*s/.%s.XXXXXX", (int)(slash - target),
		    target, slash + 1);
	else
		crm_buf_addf(&b, ".%s.XXXXXX", target);
	return crm_buf_detach(&b, NULL);
}

static void
out_reset(struct crm_outfile *o)
{
	struct crm_outfile z = CRM_OUTFILE_INIT;

	free(o->path);
	free(o->target);
	free(o->tmp);
	*o = z;
}

static int
fail_open(struct crm_outfile *o, int fd, struct crm_err *err, int code,
    const char *fmt, const char *path)
{
	int saved = errno;

	if (fd >= 0)
		close(fd);
	if (o->tmp)
		unlink(o->tmp);
	out_reset(o);
	errno = saved;
	return crm_err_set(err, code, "", 0, 0, fmt, path);
}

int
crm_outfile_open(struct crm_outfile *o, const char *path, const char *option,
    struct crm_outfile_guard *g, struct crm_err *err)
{
	const struct crm_outfile_guarded *e;
	struct stat sb;
	char *name, *dir;
	int fd = -1, exists;

	out_reset(o);
	if (!strcmp(path, "-")) {
		if (crm_outfile_guard_stdout(g, err) < 0)
			return -1;
		o->fp = stdout;
		o->fd = STDOUT_FILENO;
		o->direct = 1;
		o->path = xstrdup(path);
		return 0;
	}
	o->path = xstrdup(path);
	o->target = resolve(path);
	exists = stat(o->target, &sb) == 0;
	name = canonical(o->target);
	e = guarded(g, exists ? &sb : NULL, name);
	if (e) {
		free(name);
		out_reset(o);
		if (!strcmp(path, e->shown))
			return crm_err_set(err, CRM_EUSAGE, "", 0, 0,
			    "%s '%s' is %s: refusing to write over it",
			    option, path, e->what);
		return crm_err_set(err, CRM_EUSAGE, "", 0, 0,
		    "%s '%s' is %s ('%s'): refusing to write over it", option,
		    path, e->what, e->shown);
	}
	if (exists && S_ISDIR(sb.st_mode)) {
		free(name);
		out_reset(o);
		return crm_err_set(err, CRM_EUSAGE, "", 0, 0,
		    "%s '%s' is a directory", option, path);
	}
	if (exists && !S_ISREG(sb.st_mode)) {
		/* /dev/null, a FIFO, a terminal: nothing to replace. */
		free(name);
		if ((fd = open(o->target, O_WRONLY | O_CLOEXEC | O_NOCTTY)) < 0)
			return fail_open(o, fd, err, CRM_EIO,
			    "cannot write '%s':", path);
		o->direct = 1;
	} else {
		guard_push(g, NULL, name, path, "another output");
		dir = dir_of(o->target);
#ifdef O_TMPFILE
		/* linkat needs /proc to name the file at commit. */
		if (access("/proc/self/fd", X_OK) == 0 &&
		    (fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600)) >= 0)
			o->unnamed = 1;
#endif
		free(dir);
		if (fd < 0) {
			o->tmp = tmp_template(o->target);
			if ((fd = mkstemp(o->tmp)) < 0) {
				free(o->tmp);
				o->tmp = NULL;
				return fail_open(o, fd, err, CRM_EIO,
				    "cannot create '%s':", path);
			}
		}
		if (fchmod(fd, 0600) < 0)
			return fail_open(o, fd, err, CRM_EIO,
			    "cannot create '%s':", path);
	}
	if (!(o->fp = fdopen(fd, "w")))
		return fail_open(o, fd, err, CRM_EIO, "cannot write '%s':",
		    path);
	o->fd = fd;
	return 0;
}

/* Name the unnamed file beside the target (its name goes to o->tmp). */
static int
link_unnamed(struct crm_outfile *o)
{
	char proc[64];
	int tries, fd;

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", o->fd);
	for (tries = 0; tries < 100; tries++) {
		free(o->tmp);
		o->tmp = tmp_template(o->target);
		if ((fd = mkstemp(o->tmp)) < 0)
			return -1;
		close(fd);
		unlink(o->tmp);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, o->tmp,
		    AT_SYMLINK_FOLLOW) == 0)
			return 0;
		if (errno != EEXIST)
			break;
	}
	free(o->tmp);
	o->tmp = NULL;
	return -1;
}

/* fsync the directory of the target, so that the rename lasts. */
static void
sync_dir(const char *target)
{
	char *dir = dir_of(target);
	int fd = open(dir, O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

int
crm_outfile_commit(struct crm_outfile *o, struct crm_err *err)
{
	const char *path = o->path ? o->path : "-";
	int bad;

	if (!o->fp)
		return 0;
	if (o->fp == stdout) {
		bad = fflush(stdout) != 0 || ferror(stdout);
		o->fp = NULL;
		out_reset(o);
		if (bad)
			return crm_err_set(err, CRM_EIO, "", 0, 0,
			    "write error on standard output:");
		return 0;
	}
	bad = fflush(o->fp) != 0 || ferror(o->fp);
	if (!bad && !o->direct && fsync(o->fd) < 0)
		bad = 1;
	if (!bad && o->unnamed && link_unnamed(o) < 0)
		bad = 1;
	if (!bad && !o->direct && rename(o->tmp, o->target) < 0)
		bad = 1;
	if (bad) {
		crm_err_set(err, CRM_EIO, "", 0, 0, "cannot write '%s':", path);
		crm_outfile_abort(o);
		return -1;
	}
	free(o->tmp);
	o->tmp = NULL;	/* in place now: abort must not remove it */
	if (fclose(o->fp) != 0 && o->direct) {
		o->fp = NULL;
		crm_err_set(err, CRM_EIO, "", 0, 0, "cannot write '%s':", path);
		out_reset(o);
		return -1;
	}
	o->fp = NULL;
	if (!o->direct)
		sync_dir(o->target);
	out_reset(o);
	return 0;
}

void
crm_outfile_abort(struct crm_outfile *o)
{
	if (o->fp && o->fp != stdout)
		fclose(o->fp);
	o->fp = NULL;
	if (o->tmp)
		unlink(o->tmp);
	out_reset(o);
}
