/*
 * util: exit statuses, the library's error struct, allocation that dies on
 * OOM, a growable byte buffer, and the message helpers used by cmd/.
 *
 * Library code never prints and never exits (except xmalloc on OOM): it
 * returns -1 and fills a struct crm_err.  Only cmd/ calls crm_die/crm_warn.
 */
#ifndef CRM_UTIL_H
#define CRM_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define CRM_VERSION "0.1.0"

/* Exit statuses, the same for every program (design §5). */
enum crm_exit {
	CRM_EXIT_OK = 0,	/* success */
	CRM_EXIT_FINDINGS = 1,	/* completed; violations, duplicates, rejected rows */
	CRM_EXIT_USAGE = 2,	/* bad command line or bad rules/settings file */
	CRM_EXIT_DATA = 3,	/* bad input data stopped the command */
	CRM_EXIT_DB = 4,	/* database error */
	CRM_EXIT_IO = 5		/* I/O or system error */
};

/*
 * Error codes carried in struct crm_err equal the exit status a command
 * should use for them, so cmd/ can exit with err.code directly.
 */
enum crm_errcode {
	CRM_EOK = 0,
	CRM_EUSAGE = CRM_EXIT_USAGE,
	CRM_EDATA = CRM_EXIT_DATA,
	CRM_EDB = CRM_EXIT_DB,
	CRM_EIO = CRM_EXIT_IO
};

/*
 * Where and what went wrong.  file is the input name as the user gave it
 * ("-" shows as "<stdin>"); line and column count from 1, 0 = unknown.
 */
struct crm_err {
	int code;
	char file[256];
	long line;
	long column;
	char msg[512];
};

#define CRM_ERR_INIT { 0, "", 0, 0, "" }

/*
 * Fill err and return -1.  A fmt ending in ':' appends ": strerror(errno)".
 * file may be NULL (keeps what err->file held).
 */
int crm_err_set(struct crm_err *err, int code, const char *file, long line,
    long column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
void crm_err_clear(struct crm_err *err);

/* Allocation: these never return NULL; they abort with a message on OOM. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/*
 * A growable byte buffer (git's strbuf).  buf is always NUL-terminated and
 * never NULL after crm_buf_init; crm_buf_detach hands the memory to the caller.
 */
struct crm_buf {
	char *buf;
	size_t len;
	size_t cap;
};

#define CRM_BUF_INIT { crm_buf_empty, 0, 0 }
extern char crm_buf_empty[];

void crm_buf_init(struct crm_buf *b);
void crm_buf_release(struct crm_buf *b);
void crm_buf_grow(struct crm_buf *b, size_t extra);

/* len = 0, keeps memory (inline: every cell of every row resets one). */
static inline void
crm_buf_reset(struct crm_buf *b)
{
	b->len = 0;
	if (b->cap)
		b->buf[0] = '\0';
}

/* Appends, inline (every value of every row goes through them). */
static inline void
crm_buf_add(struct crm_buf *b, const void *p, size_t n)
{
	if (n >= b->cap - b->len)	/* no room for n and the NUL */
		crm_buf_grow(b, n);
	if (n)
		memcpy(b->buf + b->len, p, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

static inline void
crm_buf_addc(struct crm_buf *b, int c)
{
	if (b->cap - b->len < 2)
		crm_buf_grow(b, 1);
	b->buf[b->len++] = (char)c;
	b->buf[b->len] = '\0';
}

void crm_buf_adds(struct crm_buf *b, const char *s);
void crm_buf_addf(struct crm_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void crm_buf_setlen(struct crm_buf *b, size_t len);
char *crm_buf_detach(struct crm_buf *b, size_t *len);

/* Display name for an input path: "-" and NULL become "<stdin>". */
const char *crm_inname(const char *path);

/* Program name, the only mutable global in lib/. */
void crm_setprogname(const char *argv0);
const char *crm_progname(void);

/*
 * cmd/ only.  crm_die prints "progname: msg" and exits with status; a fmt
 * ending in ':' appends strerror(errno).  crm_die_err prints
 * "progname: file:line: msg" (or "file:line:col:" when the column is known)
 * and exits with err->code.
 */
void crm_warn(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
void crm_die(int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3), noreturn))
#endif
    ;
void crm_warn_err(const struct crm_err *err);
void crm_die_err(const struct crm_err *err)
#if defined(__GNUC__)
    __attribute__((noreturn))
#endif
    ;
/* Format err as "file:line: msg" into buf (for reports); returns buf. */
const char *crm_err_str(const struct crm_err *err, char *buf, size_t size);

/*
 * End of main: flush and close stdout; a write error (EPIPE aside, which
 * SIGPIPE handles) turns status into CRM_EXIT_IO with a message.
 */
int crm_finish(int status);

/* Parse a whole decimal long; 0 on success, -1 if s is not one. */
int crm_parse_long(const char *s, long *out);

/* Monotonic seconds, for progress and summaries. */
double crm_now(void);

#endif
