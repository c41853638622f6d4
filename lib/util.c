#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

char crm_buf_empty[1];
static const char *progname = "crm";

static void
vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	size_t n, flen = strlen(fmt);
	int saved = errno;

	vsnprintf(buf, size, fmt, ap);
	if (flen && fmt[flen - 1] == ':') {
		n = strlen(buf);
		snprintf(buf + n, size - n, " %s", strerror(saved));
	}
}

int
crm_err_set(struct crm_err *err, int code, const char *file, long line,
    long column, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	err->code = code;
	if (file)
		snprintf(err->file, sizeof err->file, "%s", crm_inname(file));
	err->line = line;
	err->column = column;
	va_start(ap, fmt);
	vformat(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return -1;
}

void
crm_err_clear(struct crm_err *err)
{
	struct crm_err z = CRM_ERR_INIT;

	*err = z;
}

static void
oom(void)
{
	fprintf(stderr, "%s: out of memory\n", progname);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		oom();
	return xrealloc(p, nmemb * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
crm_buf_init(struct crm_buf *b)
{
	b->buf = crm_buf_empty;
	b->len = b->cap = 0;
}

void
crm_buf_release(struct crm_buf *b)
{
	if (b->cap)
		free(b->buf);
	crm_buf_init(b);
}

void
crm_buf_grow(struct crm_buf *b, size_t extra)
{
	size_t want;

	if (extra > SIZE_MAX - b->len - 1)
		oom();
	want = b->len + extra + 1;
	if (want <= b->cap)
		return;
	if (want < b->cap * 2)
		want = b->cap * 2;
	if (want < 64)
		want = 64;
	if (!b->cap) {
		b->buf = xmalloc(want);
		b->buf[0] = '\0';
	} else
		b->buf = xrealloc(b->buf, want);
	b->cap = want;
}

void
crm_buf_adds(struct crm_buf *b, const char *s)
{
	crm_buf_add(b, s, strlen(s));
}

void
crm_buf_addf(struct crm_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	crm_buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
crm_buf_setlen(struct crm_buf *b, size_t len)
{
	if (len > b->len)
		crm_buf_grow(b, len - b->len);
	b->len = len;
	if (b->cap)
		b->buf[len] = '\0';
}

char *
crm_buf_detach(struct crm_buf *b, size_t *len)
{
	char *p;

	if (!b->cap)
		crm_buf_grow(b, 0);
	p = b->buf;
	if (len)
		*len = b->len;
	crm_buf_init(b);
	return p;
}

const char *
crm_inname(const char *path)
{
	if (!path || !strcmp(path, "-"))
		return "<stdin>";
	return path;
}

void
crm_setprogname(const char *argv0)
{
	const char *p;

	if (!argv0 || !*argv0)
		return;
	p = strrchr(argv0, '/');
	progname = p ? p + 1 : argv0;
}

const char *
crm_progname(void)
{
	return progname;
}

static void
vwarn(const char *fmt, va_list ap)
{
	char msg[1024];

	vformat(msg, sizeof msg, fmt, ap);
	fflush(stdout);
	fprintf(stderr, "%s: %s\n", progname, msg);
}

void
crm_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
crm_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(status);
}

const char *
crm_err_str(const struct crm_err *err, char *buf, size_t size)
{
	if (err->file[0] && err->line > 0 && err->column > 0)
		snprintf(buf, size, "%s:%ld:%ld: %s", err->file, err->line,
		    err->column, err->msg);
	else if (err->file[0] && err->line > 0)
		snprintf(buf, size, "%s:%ld: %s", err->file, err->line, err->msg);
	else if (err->file[0])
		snprintf(buf, size, "%s: %s", err->file, err->msg);
	else
		snprintf(buf, size, "%s", err->msg);
	return buf;
}

void
crm_warn_err(const struct crm_err *err)
{
	char buf[1024];

	crm_warn("%s", crm_err_str(err, buf, sizeof buf));
}

void
crm_die_err(const struct crm_err *err)
{
	crm_warn_err(err);
	exit(err->code ? err->code : CRM_EXIT_DATA);
}

int
crm_finish(int status)
{
	int bad = fflush(stdout) != 0 || ferror(stdout);

	if (fclose(stdout) != 0)
		bad = 1;
	if (bad) {
		fprintf(stderr, "%s: write error on standard output: %s\n",
		    progname, strerror(errno));
		return CRM_EXIT_IO;
	}
	return status;
}

int
crm_parse_long(const char *s, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

double
crm_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
