/*
 * csvio: a pull reader over libcsv's push callbacks, fed one physical line
 * (or, for a bare CR inside a line, one CR-terminated piece) at a time, and
 * a writer that quotes only when it must.
 */
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "csvio.h"

enum {
	CSV_OPTS = CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL |
	    CSV_EMPTY_IS_NULL,
	/* libcsv's parser states (libcsv.c), to tell its errors apart. */
	PSTATE_ROW_NOT_BEGUN = 0,
	PSTATE_FIELD_BEGUN = 2,
	PSTATE_FIELD_MIGHT_HAVE_ENDED = 3
};

struct name {
	char *s;
	size_t n;
};

struct crm_csv {
	struct csv_parser p;
	struct crm_linesrc src;
	int delim;
	int no_header;
	int started;		/* the header has been read */
	int eof;

	struct name *hdr;	/* header names */
	const char **hdrv;	/* the same, for crm_csv_header */
	size_t nhdr, caphdr;
	struct name *xname;	/* "_col<N>" names, index N - 1 */
	size_t nxname;

	struct crm_line line;	/* the current line ... */
	size_t pos;		/* ... and how much of it libcsv has had */

	struct crm_record *rec;	/* the record being built */
	size_t ncell;
	int ready;		/* libcsv ended the row */
	int in_header;
	long recno;
	struct crm_buf raw;

	size_t max_record, max_columns;
	int over;		/* the row has more cells than max_columns */

	int bad;		/* a line of this record held a bad byte */
	long badline, badcol;
	const char *badmsg;
};

/* Keep every space: the normalisers trim, the reader does not. */
static int
never_space(unsigned char c)
{
	(void)c;
	return 0;
}

static void
parser_init(struct crm_csv *c)
{
	csv_init(&c->p, CSV_OPTS);
	csv_set_delim(&c->p, (unsigned char)c->delim);
	csv_set_space_func(&c->p, never_space);
	csv_set_realloc_func(&c->p, xrealloc);
	csv_set_blk_size(&c->p, 4096);
}

static void
parser_reset(struct crm_csv *c)
{
	csv_free(&c->p);
	parser_init(c);
}

struct crm_csv *
crm_csv_new(const struct crm_linesrc *src, int delim, int no_header)
{
	struct crm_csv *c = xcalloc(1, sizeof *c);

	c->src = *src;
	c->delim = delim ? delim : ',';
	c->no_header = no_header;
	c->max_record = (size_t)-1;
	c->max_columns = (size_t)-1;
	crm_buf_init(&c->raw);
	parser_init(c);
	return c;
}

void
crm_csv_limits(struct crm_csv *c, size_t max_record, size_t max_columns)
{
	c->max_record = max_record;
	c->max_columns = max_columns;
}

void
crm_csv_free(struct crm_csv *c)
{
	size_t i;

	if (!c)
		return;
	csv_free(&c->p);
	for (i = 0; i < c->nhdr; i++)
		free(c->hdr[i].s);
	free(c->hdr);
	free(c->hdrv);
	for (i = 0; i < c->nxname; i++)
		free(c->xname[i].s);
	free(c->xname);
	crm_buf_release(&c->raw);
	free(c);
}

static const struct name *
colname(struct crm_csv *c, size_t i)
{
	if (i >= c->nxname) {
		size_t n = c->nxname, want = i + 16;

		c->xname = xreallocarray(c->xname, want, sizeof *c->xname);
		for (; n < want; n++) {
			char tmp[32];
			int len = snprintf(tmp, sizeof tmp, "_col%zu", n + 1);

			c->xname[n].s = xstrndup(tmp, (size_t)len);
			c->xname[n].n = (size_t)len;
		}
		c->nxname = want;
	}
	return &c->xname[i];
}

/* The name of the next cell of a data row. */
static const struct name *
next_name(struct crm_csv *c)
{
	size_t i = c->ncell++;

	return i < c->nhdr ? &c->hdr[i] : colname(c, i);
}

static void
on_cell(void *s, size_t len, void *data)
{
	struct crm_csv *c = data;
	const struct name *nm;

	if (c->ncell >= c->max_columns) {
		c->over = 1;
		return;
	}
	if (c->in_header) {
		c->ncell++;
		if (c->nhdr == c->caphdr) {
			c->caphdr = c->caphdr ? c->caphdr * 2 : 16;
			c->hdr = xreallocarray(c->hdr, c->caphdr, sizeof *c->hdr);
		}
		c->hdr[c->nhdr].s = xstrndup(s ? s : "", s ? len : 0);
		c->hdr[c->nhdr].n = s ? len : 0;
		c->nhdr++;
		return;
	}
	nm = next_name(c);
	crm_record_add_borrowed(c->rec, nm->s, nm->n, s, len); /* live as c */
}

static void
on_row(int ch, void *data)
{
	struct crm_csv *c = data;

	(void)ch;
	c->ready = 1;
}

static int
blank(const char *p, size_t n, int delim)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\r' && p[i] != '\n' &&
		    (p[i] != '\t' || delim == '\t'))
			return 0;
	return 1;
}

static int
row_done(struct crm_csv *c, struct crm_record *rec, struct crm_err *err)
{
	rec->ncells = c->ncell;
	if (!c->in_header)
		rec->recno = ++c->recno;
	if (c->over)
		return crm_err_set(err, CRM_EDATA, NULL, rec->line, 0,
		    "%s more than %zu columns", c->in_header ? "a header of" :
		    "a row of", c->max_columns);
	if (c->bad) {
		crm_err_set(err, CRM_EDATA, NULL, c->badline, c->badcol, "%s",
		    c->badmsg);
		return 2;
	}
	return 1;
}

/* libcsv stopped at p[used]: say why. */
static const char *
parse_error(const struct crm_csv *c)
{
	if (c->p.pstate == PSTATE_FIELD_BEGUN)
		return "stray quote in unquoted field";
	if (c->p.pstate == PSTATE_FIELD_MIGHT_HAVE_ENDED)
		return "unexpected character after closing quote";
	return "malformed CSV";
}

/*
 * A bare quote inside an unquoted field (АО "Вектор";Москва) is how many
 * spreadsheets write a name in quotes.  The strict parser stops there; read
 * the record again without strict mode, the quote as a literal, as Excel
 * and most readers do.  The raw text so far is in c->raw; the rest of the
 * current line has not been added yet.
 */
static int
read_lenient(struct crm_csv *c, struct crm_record *rec, struct crm_err *err)
{
	struct csv_parser lp;
	long line = rec->line;
	int st;

	crm_buf_add(&c->raw, c->line.p + c->pos, c->line.n - c->pos);
	c->pos = c->line.n;
	parser_reset(c);
	crm_record_reset(rec);
	rec->line = line;
	c->ncell = 0;
	c->ready = 0;
	csv_init(&lp, CSV_APPEND_NULL | CSV_EMPTY_IS_NULL);
	csv_set_delim(&lp, (unsigned char)c->delim);
	csv_set_space_func(&lp, never_space);
	csv_set_realloc_func(&lp, xrealloc);
	csv_parse(&lp, c->raw.buf, c->raw.len, on_cell, on_row, c);
	while (!c->ready) {
		/* A quoted field opened after the bare quote goes on. */
		if ((st = c->src.next(c->src.ctx, &c->line, err)) < 0) {
			csv_free(&lp);
			return -1;
		}
		if (st == 0) {
			c->eof = 1;
			c->line.n = c->pos = 0;
			csv_fini(&lp, on_cell, on_row, c);
			break;
		}
		c->pos = c->line.n;
		crm_buf_add(&c->raw, c->line.p, c->line.n);
		csv_parse(&lp, c->line.p, c->line.n, on_cell, on_row, c);
	}
	csv_free(&lp);
	return row_done(c, rec, err);
}

/*
 * A data row that is one whole line with no bare CR, whose quoted cells
 * (if any) are whole cells ending on it: its cells lie between the
 * delimiters.  Split it here, several times faster than libcsv's
 * byte-at-a-time parse, to the same cells (an empty unquoted one is NULL,
 * as CSV_EMPTY_IS_NULL has it; "" in a quoted one is a quote): the row is
 * copied into the record once and its cells end in NULs written over the
 * delimiters.  Anything else (a bare quote, text after a closing quote, a
 * cell going on to the next line) is left to libcsv: 0, nothing added.
 */
static int
split_plain(struct crm_csv *c, const char *text, size_t n)
{
	char *p, *q, *r, *v, *w, *end, *quote;
	const struct name *nm;

	if (n && text[n - 1] == '\n')
		n--;
	if (n && text[n - 1] == '\r')
		n--;
	if (memchr(text, '\r', n))
		return 0;
	p = crm_record_strdup(c->rec, text, n);
	end = p + n;
	if (!(quote = memchr(p, '"', n)))	/* the next '"' from p on */
		quote = end;
	for (;;) {
		if (quote < p && !(quote = memchr(p, '"', (size_t)(end - p))))
			quote = end;
		if (c->ncell >= c->max_columns) {
			c->over = 1;
			break;
		}
		nm = next_name(c);
		if (p < end && *p == '"') {
			/* "" becomes " in place: r reads, w writes */
			v = w = r = p + 1;
			while ((q = memchr(r, '"', (size_t)(end - r))) &&
			    q + 1 < end && q[1] == '"') {
				memmove(w, r, (size_t)(q + 1 - r));
				w += q + 1 - r;
				r = q + 2;
			}
			if (!q || (q + 1 < end && q[1] != c->delim))
				goto undo;
			memmove(w, r, (size_t)(q - r));
			w += q - r;
			*w = '\0';
			crm_record_add_ref(c->rec, nm->s, nm->n, v,
			    (size_t)(w - v));
			q++;
		} else {
			if (!(q = memchr(p, c->delim, (size_t)(end - p))))
				q = end;
			if (quote < q)
				goto undo;
			*q = '\0';
			crm_record_add_ref(c->rec, nm->s, nm->n, q > p ? p : NULL,
			    (size_t)(q - p));
		}
		if (q == end)
			break;
		p = q + 1;
	}
	on_row('\n', c);
	return 1;
undo:
	c->rec->n = 0;
	c->ncell = 0;
	return 0;
}

static int
read_row(struct crm_csv *c, struct crm_record *rec, struct crm_err *err)
{
	int started = 0, st;

	crm_record_reset(rec);
	crm_buf_reset(&c->raw);
	c->rec = rec;
	c->ncell = 0;
	c->ready = 0;
	c->bad = 0;
	c->over = 0;
	for (;;) {
		const char *p, *cr;
		size_t n, used, size;

		if (c->pos >= c->line.n) {
			if (c->eof)
				return 0;
			st = c->src.next(c->src.ctx, &c->line, err);
			if (st < 0)
				return -1;
			c->pos = 0;
			if (st == 0) {
				c->eof = 1;
				c->line.n = 0;
				if (!started && c->p.pstate == PSTATE_ROW_NOT_BEGUN)
					return 0;
				if (csv_fini(&c->p, on_cell, on_row, c) != 0) {
					parser_reset(c);
					if (!c->in_header)
						rec->recno = ++c->recno;
					return crm_err_set(err, CRM_EDATA, NULL,
					    rec->line, 0,
					    "unterminated quoted field"), 2;
				}
				return c->ready ? row_done(c, rec, err) : 0;
			}
			if (c->line.badcol > 0 && !c->bad) {
				c->bad = 1;
				c->badline = c->line.lineno;
				c->badcol = c->line.badcol;
				c->badmsg = c->line.badmsg;
			}
		}
		p = c->line.p + c->pos;
		n = c->line.n - c->pos;
		if (!started) {
			if (blank(p, n, c->delim)) {
				c->pos = c->line.n;
				c->bad = 0;
				continue;
			}
			started = 1;
			rec->line = c->line.lineno;
			if (!c->in_header &&
			    c->p.pstate == PSTATE_ROW_NOT_BEGUN &&
			    split_plain(c, p, n)) {
				crm_buf_add(&c->raw, p, n);
				c->pos = c->line.n;
				return row_done(c, rec, err);
			}
		}
		/* A bare CR ends a row: feed up to it, so one piece = one row. */
		cr = memchr(p, '\r', n);
		if (cr && cr + 1 < p + n && !(cr + 2 == p + n && cr[1] == '\n'))
			n = (size_t)(cr + 1 - p);
		/* Grow libcsv's field buffer geometrically, not by 4 KiB. */
		size = csv_get_buffer_size(&c->p);
		if (size > 4096)
			csv_set_blk_size(&c->p, size);
		used = csv_parse(&c->p, p, n, on_cell, on_row, c);
		if (used != n && csv_error(&c->p) == CSV_EPARSE &&
		    c->p.pstate == PSTATE_FIELD_BEGUN && !c->p.quoted)
			return read_lenient(c, rec, err);
		if (used != n) {
			const char *msg = csv_error(&c->p) == CSV_EPARSE ?
			    parse_error(c) : csv_strerror(csv_error(&c->p));
			long col = (long)(c->pos + used + 1);

			crm_buf_add(&c->raw, p, c->line.n - c->pos);
			c->pos = c->line.n;
			parser_reset(c);
			if (!c->in_header)
				rec->recno = ++c->recno;
			crm_err_set(err, CRM_EDATA, NULL, c->line.lineno, col,
			    "%s", msg);
			if (rec->line != c->line.lineno)
				err->line = rec->line, err->column = 0;
			return 2;
		}
		crm_buf_add(&c->raw, p, n);
		c->pos += n;
		if (c->ready)
			return row_done(c, rec, err);
		if (c->raw.len > c->max_record)
			return crm_err_set(err, CRM_EDATA, NULL, rec->line, 0,
			    "a record of more than %zu bytes (see "
			    "--max-record-size)", c->max_record);
	}
}

int
crm_csv_next(struct crm_csv *c, struct crm_record *rec, struct crm_err *err)
{
	int st;

	if (!c->started) {
		c->started = 1;
		if (!c->no_header) {
			size_t i;

			c->in_header = 1;
			st = read_row(c, rec, err);
			c->in_header = 0;
			c->hdrv = xreallocarray(NULL, c->nhdr + 1,
			    sizeof *c->hdrv);
			for (i = 0; i < c->nhdr; i++)
				c->hdrv[i] = c->hdr[i].s;
			c->hdrv[c->nhdr] = NULL;
			crm_record_reset(rec);
			if (st == 2) {
				char msg[sizeof err->msg];

				snprintf(msg, sizeof msg, "%s", err->msg);
				crm_err_set(err, CRM_EDATA, NULL, err->line,
				    err->column, "header: %s", msg);
				return -1;
			}
			if (st <= 0)
				return st;
		}
	}
	return read_row(c, rec, err);
}

const char *
crm_csv_raw(const struct crm_csv *c, size_t *len)
{
	if (len)
		*len = c->raw.len;
	return c->raw.buf;
}

const char *const *
crm_csv_header(const struct crm_csv *c, size_t *n)
{
	static const char *const none[] = { NULL };

	if (n)
		*n = c->hdrv ? c->nhdr : 0;
	return c->hdrv ? c->hdrv : none;
}

int
crm_csv_formula(const char *s, size_t n)
{
	size_t i = 1, digits = 0, dots = 0;

	if (!s || n == 0 || s[0] == '\0' || !strchr("=+-@\t\r", s[0]))
		return 0;
	if (s[0] != '+' && s[0] != '-')
		return 1;
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '.' && dots++ == 0)
			continue;
		else
			return 1;
	}
	return digits == 0;
}

void
crm_csv_quote(struct crm_buf *out, const char *value, size_t len, int delim)
{
	const char *p, *end, *q;
	int need = 0;

	if (!value)
		return;
	if (len == 0) {
		crm_buf_add(out, "\"\"", 2);
		return;
	}
	end = value + len;
	if (value[0] == ' ' || value[0] == '\t' || end[-1] == ' ' ||
	    end[-1] == '\t')
		need = 1;
	for (p = value; !need && p < end; p++)
		if (*p == delim || *p == '"' || *p == '\n' || *p == '\r')
			need = 1;
	if (!need) {
		crm_buf_add(out, value, len);
		return;
	}
	crm_buf_grow(out, len + 2);
	crm_buf_addc(out, '"');
	for (p = value; p < end; p = q + 1) {
		q = memchr(p, '"', (size_t)(end - p));
		if (!q) {
			crm_buf_add(out, p, (size_t)(end - p));
			break;
		}
		crm_buf_add(out, p, (size_t)(q - p + 1));
		crm_buf_addc(out, '"');
	}
	crm_buf_addc(out, '"');
}
