/*
 * xlsx: Office Open XML workbooks read with libzip and expat (see xlsx.h).
 *
 * Parts, in the order they are read: _rels/.rels names the workbook part;
 * the workbook lists the sheets (name, state, relationship id) and the
 * date system; its .rels maps the ids to sheet parts and names the styles
 * and shared strings parts; the styles say which cell formats are dates;
 * the shared strings are loaded into one buffer.  Then the chosen sheet is
 * parsed a buffer at a time, expat suspended at each </row>.
 *
 * Elements are matched by their local name (the parser splits namespaces),
 * so strict OOXML's namespaces read as well as transitional ones.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <expat.h>
#include <zip.h>

#include "date.h"
#include "xls.h"
#include "xlsx.h"

enum { CHUNK = 64 * 1024 };

/* NK_DATETIME_HM: a date and time whose format shows no seconds. */
enum numkind { NK_NUMBER = 0, NK_DATE, NK_DATETIME, NK_TIME, NK_DATETIME_HM };

/* A cell's t=: n (the default), s, str, inlineStr, d, b, e; another is n. */
enum ctype { CT_N = 0, CT_S, CT_STR, CT_INLINE, CT_D, CT_B, CT_E, CT_OTHER };

struct sheetent {
	char *name;
	char *rid;
	char *part;
	int hidden;
};

struct crm_xlsx {
	zip_t *zip;
	char *name;		/* input name, for messages */
	size_t max_cell, max_columns;

	struct sheetent *sheets;
	size_t nsheets;
	size_t cur;		/* the sheet being read */
	int date1904;
	char *wbdir;		/* directory of the workbook part, with '/' */
	char *styles_part, *sst_part;

	unsigned char *xfkind;	/* enum numkind of each cell format */
	size_t nxf;

	struct crm_buf sst;	/* shared strings, NUL-separated */
	size_t *sstoff;
	size_t nsst, capsst;

	/* Sheet parsing. */
	zip_file_t *zf;
	long long unpacked, limit;
	XML_Parser p;
	char *chunk;
	size_t chunklen;
	int suspended, done, final;
	int fatal;		/* a handler found the workbook broken */
	struct crm_err ferr;

	long rowno, lastrow;	/* the row being read, the last one seen */
	long col;		/* the cell being read, from 0 */
	long lastcol;
	enum ctype ctype;	/* its t= */
	long cstyle;		/* its s= */
	int in_v, in_is, in_t, in_rph, in_c;
	struct crm_buf text;	/* the cell's <v> or inline text */
	struct crm_buf rowbuf;	/* the row's cells, NUL-terminated each */
	size_t *coff, *clen;	/* offsets into rowbuf per column; -1 = none */
	size_t ncol, capcol;
	const char **cellp;
	int rowdone;
	int nonempty;

	long issues;
	char first_issue[96];

	/* Excel 97-2003 (.xls) through xls.h: the next row to give. */
	struct crm_xls *xls;
	long xrow, xrows, xcols;

	/* OpenDocument (.ods): content.xml, its tables and repeats. */
	int ods;
	long table;		/* tables seen so far in content.xml */
	int in_table, done_table, in_cell, in_p, in_note, np;
	long crepeat;		/* the cell's number-columns-repeated */
	long rrepeat;		/* the row's number-rows-repeated, left to give */
	char *hidestyles;	/* table styles with display false, NUL-separated */
	size_t nhidestyles;
	char *curstyle;		/* the table style being read */
	char vtype[16];
	struct crm_buf oval;	/* office:value, date-value, ... */
};

/* ---- small helpers ---- */

/*
 * An element's or attribute's local name: after the namespace URI and ' '
 * (the parsers of the small parts split namespaces) or after the prefix
 * and ':' (the sheet's parser does not: it is the hot path).
 */
static const char *
local(const char *name)
{
	const char *s, *l = name;

	for (s = name; *s; s++)
		if (*s == ' ' || *s == ':')
			l = s + 1;
	return l;
}

static const char *
attr(const char **atts, const char *want)
{
	size_t i;

	for (i = 0; atts[i]; i += 2)
		if (strncmp(atts[i], "xmlns", 5) &&
		    !strcmp(local(atts[i]), want))
			return atts[i + 1];
	return NULL;
}

/* "B12" -> column 1, row 12; -1 when it is no cell reference. */
static int
cellref(const char *s, long *col, long *row)
{
	long c = 0, r = 0;
	int nl = 0, nd = 0;

	for (; *s >= 'A' && *s <= 'Z'; s++, nl++)
		if ((c = c * 26 + (*s - 'A' + 1)) > 16384)
			return -1;
	for (; *s >= '0' && *s <= '9'; s++, nd++)
		if ((r = r * 10 + (*s - '0')) > 10000000)
			return -1;
	if (*s || !nl)
		return -1;
	*col = c - 1;
	*row = nd ? r : 0;
	return 0;
}

static void
colname(long col, char out[8])
{
	char tmp[8];
	int n = 0, i;

	col++;
	while (col > 0 && n < 7) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* Resolve a relationship target against the directory dir ("xl/"). */
static char *
resolve(const char *dir, const char *target)
{
	struct crm_buf b;
	char *s, *seg, *save;
	char **parts = NULL;
	size_t n = 0, i;

	crm_buf_init(&b);
	if (target[0] == '/')
		crm_buf_adds(&b, target + 1);
	else {
		crm_buf_adds(&b, dir);
		crm_buf_adds(&b, target);
	}
	s = crm_buf_detach(&b, NULL);
	parts = xcalloc(strlen(s) + 1, sizeof *parts);
	for (seg = strtok_r(s, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		if (!strcmp(seg, "."))
			continue;
		if (!strcmp(seg, "..")) {
			if (n)
				n--;
			continue;
		}
		parts[n++] = seg;
	}
	crm_buf_init(&b);
	for (i = 0; i < n; i++) {
		if (i)
			crm_buf_addc(&b, '/');
		crm_buf_adds(&b, parts[i]);
	}
	free(parts);
	free(s);
	return crm_buf_detach(&b, NULL);
}

static void
issue(struct crm_xlsx *x, const char *what)
{
	char c[8];

	if (x->issues++ == 0) {
		colname(x->col, c);
		snprintf(x->first_issue, sizeof x->first_issue, "%s!%s%ld: %s",
		    x->sheets[x->cur].name, c, x->rowno, what);
	}
}

static int
zipfail(struct crm_xlsx *x, struct crm_err *err, const char *part,
    const char *why)
{
	return crm_err_set(err, CRM_EDATA, x->name, 0, 0,
	    "not a readable workbook: %s%s%s", part ? part : "",
	    part ? ": " : "", why);
}

/* ---- reading a part ---- */

/* Open part (NULL if absent); refuse a zip bomb. */
static zip_file_t *
part_open(struct crm_xlsx *x, const char *part, long long *limit,
    struct crm_err *err, int *absent)
{
	zip_stat_t st;
	zip_int64_t i;
	zip_file_t *zf;

	*absent = 0;
	if ((i = zip_name_locate(x->zip, part, 0)) < 0) {
		*absent = 1;
		return NULL;
	}
	zip_stat_init(&st);
	if (zip_stat_index(x->zip, (zip_uint64_t)i, 0, &st) < 0 ||
	    !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE)) {
		zipfail(x, err, part, zip_strerror(x->zip));
		return NULL;
	}
	if ((long long)st.size > CRM_XLSX_MAX_ENTRY ||
	    (st.size > (1 << 20) && st.size / (st.comp_size ? st.comp_size : 1) >
	    CRM_XLSX_MAX_RATIO)) {
		crm_err_set(err, CRM_EDATA, x->name, 0, 0, "refused as a zip "
		    "bomb: %s unpacks to %llu bytes from %llu (limits: %lld bytes,"
		    " %d times)", part, (unsigned long long)st.size,
		    (unsigned long long)st.comp_size, CRM_XLSX_MAX_ENTRY,
		    CRM_XLSX_MAX_RATIO);
		return NULL;
	}
	*limit = (long long)st.size;
	if (!(zf = zip_fopen_index(x->zip, (zip_uint64_t)i, 0))) {
		zipfail(x, err, part, zip_strerror(x->zip));
		return NULL;
	}
	return zf;
}

/*
 * Parse a whole part (small ones: rels, workbook, styles, shared strings)
 * with the handlers set on p.  0, 1 when absent, -1 with err.
 */
static int
parse_part(struct crm_xlsx *x, XML_Parser p, const char *part,
    struct crm_err *err)
{
	zip_file_t *zf;
	long long limit, got = 0;
	zip_int64_t n;
	int absent;
	char *buf;

	if (!(zf = part_open(x, part, &limit, err, &absent)))
		return absent ? 1 : -1;
	buf = xmalloc(CHUNK);
	for (;;) {
		n = zip_fread(zf, buf, CHUNK);
		if (n < 0) {
			zipfail(x, err, part, zip_file_strerror(zf));
			goto fail;
		}
		if ((got += n) > limit) {
			crm_err_set(err, CRM_EDATA, x->name, 0, 0, "refused as a "
			    "zip bomb: %s unpacks to more than it says", part);
			goto fail;
		}
		if (XML_Parse(p, buf, (int)n, n == 0) != XML_STATUS_OK) {
			if (x->fatal) {
				*err = x->ferr;
				goto fail;
			}
			crm_err_set(err, CRM_EDATA, x->name,
			    (long)XML_GetCurrentLineNumber(p),
			    (long)XML_GetCurrentColumnNumber(p) + 1,
			    "broken XML in %s: %s", part,
			    XML_ErrorString(XML_GetErrorCode(p)));
			goto fail;
		}
		if (n == 0)
			break;
	}
	free(buf);
	zip_fclose(zf);
	return 0;
fail:
	free(buf);
	zip_fclose(zf);
	return -1;
}

/*
 * A parser that splits namespaces (ns) or not: the sheet's parser does
 * not, as that costs a third of its time, and matches local names after
 * any prefix.
 */
static XML_Parser
new_parser(struct crm_xlsx *x, int ns)
{
	XML_Parser p = ns ? XML_ParserCreateNS("UTF-8", ' ') :
	    XML_ParserCreate("UTF-8");

	if (!p)
		abort();
	XML_SetUserData(p, x);
	return p;
}

/* ---- package and workbook relationships ---- */

struct relctx {
	struct crm_xlsx *x;
	char *office;		/* _rels/.rels: the workbook part */
	int wbrels;		/* the workbook's rels */
};

static void XMLCALL
rels_start(void *ud, const char *el, const char **atts)
{
	struct relctx *c = ud;
	struct crm_xlsx *x = c->x;
	const char *id, *type, *target;
	size_t i;

	if (strcmp(local(el), "Relationship"))
		return;
	id = attr(atts, "Id");
	type = attr(atts, "Type");
	target = attr(atts, "Target");
	if (!type || !target)
		return;
	if (!c->wbrels) {
		if (strstr(type, "/officeDocument") && !c->office)
			c->office = resolve("", target);
		return;
	}
	if (strstr(type, "/styles") && !x->styles_part)
		x->styles_part = resolve(x->wbdir, target);
	else if (strstr(type, "/sharedStrings") && !x->sst_part)
		x->sst_part = resolve(x->wbdir, target);
	else if (id)
		for (i = 0; i < x->nsheets; i++)
			if (x->sheets[i].rid && !x->sheets[i].part &&
			    !strcmp(x->sheets[i].rid, id))
				x->sheets[i].part = resolve(x->wbdir, target);
}

static void XMLCALL
wb_start(void *ud, const char *el, const char **atts)
{
	struct crm_xlsx *x = ud;
	const char *l = local(el), *v;
	struct sheetent *s;

	if (!strcmp(l, "workbookPr")) {
		v = attr(atts, "date1904");
		x->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
	} else if (!strcmp(l, "sheet")) {
		x->sheets = xreallocarray(x->sheets, x->nsheets + 1,
		    sizeof *x->sheets);
		s = &x->sheets[x->nsheets++];
		memset(s, 0, sizeof *s);
		v = attr(atts, "name");
		s->name = xstrdup(v ? v : "");
		v = attr(atts, "id");
		s->rid = v ? xstrdup(v) : NULL;
		v = attr(atts, "state");
		s->hidden = v && strcmp(v, "visible");
	}
}

/* ---- styles: which cell formats are dates ---- */

static enum numkind
builtin_kind(long id)
{
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 36) ||
	    (id >= 50 && id <= 58))
		return NK_DATE;
	if (id == 22)		/* m/d/yy h:mm */
		return NK_DATETIME_HM;
	if ((id >= 18 && id <= 21) || id == 45 || id == 47)
		return NK_TIME;
	return NK_NUMBER;	/* 46 is [h]:mm:ss, a duration */
}

/* What a custom format code shows: its first section, outside quotes,
 * escapes and [..] (an elapsed [h] makes it a duration: a number). */
static enum numkind
code_kind(const char *s)
{
	int date = 0, time = 0, sec = 0;

	for (; *s && *s != ';'; s++) {
		switch (*s) {
		case '"':
			while (s[1] && s[1] != '"')
				s++;
			if (s[1])
				s++;
			break;
		case '\\': case '_': case '*':
			if (s[1])
				s++;
			break;
		case '[':
			if (s[1] == 'h' || s[1] == 'H' || s[1] == 'm' ||
			    s[1] == 'M' || s[1] == 's' || s[1] == 'S')
				return NK_NUMBER;
			while (s[1] && s[1] != ']')
				s++;
			if (s[1])
				s++;
			break;
		case 'A': case 'a':
			if (!strncasecmp(s, "AM/PM", 5))
				s += 4;
			else if (!strncasecmp(s, "A/P", 3))
				s += 2;
			break;
		case 'd': case 'D': case 'y': case 'Y':
			date = 1;
			break;
		case 'm': case 'M':
			date |= 2;	/* month, or minutes beside h or s */
			break;
		case 's': case 'S':
			sec = 1;
			/* FALLTHROUGH */
		case 'h': case 'H':
			time = 1;
			break;
		case '@':
			return NK_NUMBER;
		}
	}
	if (date & 1)
		return !time ? NK_DATE : sec ? NK_DATETIME : NK_DATETIME_HM;
	if (time)
		return NK_TIME;
	return date ? NK_DATE : NK_NUMBER;
}

struct stylectx {
	struct crm_xlsx *x;
	long *fmtid;		/* custom formats: id, kind pairs */
	size_t nfmt;
	int in_xfs;
};

static void XMLCALL
style_start(void *ud, const char *el, const char **atts)
{
	struct stylectx *c = ud;
	struct crm_xlsx *x = c->x;
	const char *l = local(el), *v, *code;
	long id;
	size_t i;
	unsigned char k;

	if (!strcmp(l, "numFmt")) {
		v = attr(atts, "numFmtId");
		code = attr(atts, "formatCode");
		if (!v || !code)
			return;
		c->fmtid = xreallocarray(c->fmtid, 2 * (c->nfmt + 1),
		    sizeof *c->fmtid);
		c->fmtid[2 * c->nfmt] = strtol(v, NULL, 10);
		c->fmtid[2 * c->nfmt + 1] = code_kind(code);
		c->nfmt++;
	} else if (!strcmp(l, "cellXfs"))
		c->in_xfs = 1;
	else if (c->in_xfs && !strcmp(l, "xf")) {
		v = attr(atts, "numFmtId");
		id = v ? strtol(v, NULL, 10) : 0;
		k = (unsigned char)builtin_kind(id);
		for (i = 0; i < c->nfmt; i++)
			if (c->fmtid[2 * i] == id)
				k = (unsigned char)c->fmtid[2 * i + 1];
		x->xfkind = xrealloc(x->xfkind, x->nxf + 1);
		x->xfkind[x->nxf++] = k;
	}
}

static void XMLCALL
style_end(void *ud, const char *el)
{
	struct stylectx *c = ud;

	if (!strcmp(local(el), "cellXfs"))
		c->in_xfs = 0;
}

/* ---- shared strings ---- */

struct sstctx {
	struct crm_xlsx *x;
	int in_si, in_t, in_rph;
	size_t start;
};

static void XMLCALL
sst_start(void *ud, const char *el, const char **atts)
{
	struct sstctx *c = ud;
	const char *l = local(el);

	(void)atts;
	if (!strcmp(l, "si")) {
		c->in_si = 1;
		c->start = c->x->sst.len;
	} else if (!strcmp(l, "rPh"))
		c->in_rph = 1;
	else if (!strcmp(l, "t") && c->in_si && !c->in_rph)
		c->in_t = 1;
}

static void XMLCALL
sst_end(void *ud, const char *el)
{
	struct sstctx *c = ud;
	struct crm_xlsx *x = c->x;
	const char *l = local(el);

	if (!strcmp(l, "t"))
		c->in_t = 0;
	else if (!strcmp(l, "rPh"))
		c->in_rph = 0;
	else if (!strcmp(l, "si") && c->in_si) {
		c->in_si = 0;
		if (x->nsst == x->capsst) {
			x->capsst = x->capsst ? 2 * x->capsst : 1024;
			x->sstoff = xreallocarray(x->sstoff, x->capsst,
			    sizeof *x->sstoff);
		}
		x->sstoff[x->nsst++] = c->start;
		crm_buf_addc(&x->sst, '\0');
	}
}

static void XMLCALL
sst_text(void *ud, const char *s, int n)
{
	struct sstctx *c = ud;

	if (c->in_t)
		crm_buf_add(&c->x->sst, s, (size_t)n);
}

/* ---- the sheet ---- */

static void
sheet_fail(struct crm_xlsx *x, const char *fmt, const char *what)
{
	char c[8], msg[256];

	if (x->fatal)
		return;
	x->fatal = 1;
	if (!x->p) {	/* an .xls */
		colname(x->col < 0 ? 0 : x->col, c);
		snprintf(msg, sizeof msg, fmt, what);
		crm_err_set(&x->ferr, CRM_EDATA, x->name, x->rowno, 0,
		    "sheet '%s', cell %s%ld: %s", x->sheets[x->cur].name, c,
		    x->rowno, msg);
		return;
	}
	colname(x->col < 0 ? 0 : x->col, c);
	snprintf(msg, sizeof msg, fmt, what);
	crm_err_set(&x->ferr, CRM_EDATA, x->name, x->rowno, 0,
	    "sheet '%s', cell %s%ld: %s", x->sheets[x->cur].name, c,
	    x->rowno, msg);
	XML_StopParser(x->p, XML_FALSE);
}

static void
put_cell(struct crm_xlsx *x, long col, const char *s, size_t n)
{
	size_t i;

	if ((size_t)col >= x->max_columns) {
		sheet_fail(x, "%s", "more columns than allowed");
		return;
	}
	if ((size_t)col >= x->capcol) {
		size_t cap = x->capcol ? x->capcol : 16;

		while (cap <= (size_t)col)
			cap *= 2;
		x->coff = xreallocarray(x->coff, cap, sizeof *x->coff);
		x->clen = xreallocarray(x->clen, cap, sizeof *x->clen);
		x->capcol = cap;
	}
	for (i = x->ncol; i <= (size_t)col; i++)
		x->coff[i] = (size_t)-1;
	if ((size_t)col + 1 > x->ncol)
		x->ncol = (size_t)col + 1;
	x->coff[col] = x->rowbuf.len;
	x->clen[col] = n;
	crm_buf_add(&x->rowbuf, s, n);
	crm_buf_addc(&x->rowbuf, '\0');
	if (n)
		x->nonempty = 1;
}

/* A number as Excel shows it in General: 15 significant digits. */
static void
put_number(struct crm_xlsx *x, const char *v, size_t n)
{
	char out[64], *end;
	double d;
	size_t i;
	int plain = n > 0 && n < 16;

	for (i = 0; plain && i < n; i++)
		if (!(v[i] >= '0' && v[i] <= '9') && !(i == 0 && v[i] == '-'))
			plain = 0;
	if (plain) {
		put_cell(x, x->col, v, n);
		return;
	}
	errno = 0;
	d = strtod(v, &end);
	if (end == v || *end || !isfinite(d)) {
		sheet_fail(x, "not a number: '%.40s'", v);
		return;
	}
	snprintf(out, sizeof out, "%.15g", d);
	put_cell(x, x->col, out, strlen(out));
}

static void
put_date(struct crm_xlsx *x, enum numkind k, const char *v)
{
	struct crm_datetime dt;
	struct crm_buf b;
	char *end;
	double d = strtod(v, &end);
	long long secs;
	long day;

	if (end == v || *end || !isfinite(d) || d < 0 || d >= 2958466) {
		put_number(x, v, strlen(v));
		return;
	}
	secs = llround((d - floor(d)) * 86400.0);
	day = (long)floor(d);
	if (secs >= 86400) {
		secs -= 86400;
		day++;
	}
	if (k == NK_TIME) {
		char out[64];

		snprintf(out, sizeof out, "%02lld:%02lld:%02lld", secs / 3600,
		    secs / 60 % 60, secs % 60);
		put_cell(x, x->col, out, strlen(out));
		return;
	}
	if (x->date1904)
		day += crm_date_from_civil(1904, 1, 1);
	else if (day == 60) {
		issue(x, "1900-02-29 (no such day; kept as its number)");
		put_number(x, v, strlen(v));
		return;
	} else if (day == 0) {
		/* 1900-01-00: a time of day alone. */
		put_date(x, NK_TIME, v);
		return;
	} else
		day += crm_date_from_civil(1899, 12, day < 60 ? 31 : 30);
	memset(&dt, 0, sizeof dt);
	dt.day = day;
	dt.sec = k == NK_DATE ? -1 : (long)secs;
	/* Seconds as the format shows them, unless that would lose some. */
	dt.has_sec = k != NK_DATETIME_HM || secs % 60 != 0;
	crm_buf_init(&b);
	crm_date_format(&dt, &b);
	put_cell(x, x->col, b.buf, b.len);
	crm_buf_release(&b);
}

static void
end_cell(struct crm_xlsx *x)
{
	const char *v = x->text.buf ? x->text.buf : "";
	size_t n = x->text.len;
	char *end;
	unsigned long i;
	enum ctype t = x->ctype;

	if (t == CT_S) {
		if (!n) {
			put_cell(x, x->col, "", 0);
			return;
		}
		errno = 0;
		i = strtoul(v, &end, 10);
		if (*end || errno || i >= x->nsst) {
			sheet_fail(x, "no shared string %.20s", v);
			return;
		}
		v = x->sst.buf + x->sstoff[i];
		put_cell(x, x->col, v, strlen(v));
	} else if (t == CT_STR || t == CT_INLINE || t == CT_D)
		put_cell(x, x->col, v, n);
	else if (t == CT_B) {
		if (!n)
			put_cell(x, x->col, "", 0);
		else
			put_cell(x, x->col, strcmp(v, "0") ? "TRUE" : "FALSE",
			    strcmp(v, "0") ? 4 : 5);
	} else if (t == CT_E) {
		char what[64];

		snprintf(what, sizeof what, "%.40s (read as empty)", v);
		issue(x, what);
		put_cell(x, x->col, "", 0);
	} else if (!n)
		put_cell(x, x->col, "", 0);
	else if (x->cstyle >= 0 && (size_t)x->cstyle < x->nxf &&
	    x->xfkind[x->cstyle] != NK_NUMBER)
		put_date(x, (enum numkind)x->xfkind[x->cstyle], v);
	else
		put_number(x, v, n);
}

static enum ctype
ctype_of(const char *v)
{
	switch (v[0]) {
	case 's':
		return !v[1] ? CT_S : !strcmp(v, "str") ? CT_STR : CT_OTHER;
	case 'i':
		return !strcmp(v, "inlineStr") ? CT_INLINE : CT_OTHER;
	case 'd':
		return !v[1] ? CT_D : CT_OTHER;
	case 'b':
		return !v[1] ? CT_B : CT_OTHER;
	case 'e':
		return !v[1] ? CT_E : CT_OTHER;
	default:
		return CT_OTHER;
	}
}

/* <c r= t= s=>, its attributes read in one pass (the hot path). */
static void
start_c(struct crm_xlsx *x, const char **atts)
{
	const char *r = NULL, *a;
	long col, row;
	size_t i;

	x->in_c = 1;
	x->ctype = CT_N;
	x->cstyle = -1;
	for (i = 0; atts[i]; i += 2) {
		a = local(atts[i]);
		if (a[0] && !a[1])
			switch (a[0]) {
			case 'r':
				r = atts[i + 1];
				break;
			case 't':
				x->ctype = ctype_of(atts[i + 1]);
				break;
			case 's':
				x->cstyle = strtol(atts[i + 1], NULL, 10);
				break;
			}
	}
	if (r) {
		if (cellref(r, &col, &row) < 0) {
			x->col = x->lastcol + 1;
			sheet_fail(x, "bad cell reference '%.20s'", r);
			return;
		}
	} else
		col = x->lastcol + 1;
	x->col = col;
	if (col <= x->lastcol) {
		sheet_fail(x, "%s", "cells out of order");
		return;
	}
	x->lastcol = col;
	crm_buf_reset(&x->text);
}

/*
 * The sheet's elements, by their local names: row, c, v, is, t, rPh (the
 * others are not looked at).
 */
static void XMLCALL
sheet_start(void *ud, const char *el, const char **atts)
{
	struct crm_xlsx *x = ud;
	const char *l = local(el), *v;

	if (x->fatal)
		return;
	switch (l[0]) {
	case 'c':
		if (!l[1])
			start_c(x, atts);
		break;
	case 'v':
		if (!l[1] && x->in_c)
			x->in_v = 1;
		break;
	case 't':
		if (!l[1] && x->in_is && !x->in_rph)
			x->in_t = 1;
		break;
	case 'i':
		if (l[1] == 's' && !l[2] && x->in_c)
			x->in_is = 1;
		break;
	case 'r':
		if (!strcmp(l, "row")) {
			v = attr(atts, "r");
			x->rowno = v ? strtol(v, NULL, 10) : x->lastrow + 1;
			if (x->rowno <= x->lastrow || x->rowno <= 0) {
				x->rowno = x->lastrow + 1;
				sheet_fail(x, "%s", "rows out of order");
				return;
			}
			x->lastrow = x->rowno;
			x->lastcol = -1;
			x->ncol = 0;
			x->nonempty = 0;
			crm_buf_reset(&x->rowbuf);
		} else if (x->in_is && !strcmp(l, "rPh"))
			x->in_rph = 1;
		break;
	}
}

static void XMLCALL
sheet_end(void *ud, const char *el)
{
	struct crm_xlsx *x = ud;
	const char *l = local(el);

	if (x->fatal)
		return;
	switch (l[0]) {
	case 'v':
		if (!l[1])
			x->in_v = 0;
		break;
	case 't':
		if (!l[1])
			x->in_t = 0;
		break;
	case 'i':
		if (l[1] == 's' && !l[2])
			x->in_is = 0;
		break;
	case 'c':
		if (!l[1] && x->in_c) {
			x->in_c = 0;
			end_cell(x);
		}
		break;
	case 'r':
		if (!strcmp(l, "rPh"))
			x->in_rph = 0;
		else if (!strcmp(l, "row") && x->nonempty) {
			x->rowdone = 1;
			XML_StopParser(x->p, XML_TRUE);
		}
		break;
	}
}

/* A cell's text, bounded by the record size limit. */
static void
add_text(struct crm_xlsx *x, const char *s, int n)
{
	if (x->text.len + (size_t)n > x->max_cell) {
		sheet_fail(x, "%s", "a cell longer than the record size limit");
		return;
	}
	crm_buf_add(&x->text, s, (size_t)n);
}

static void XMLCALL
sheet_text(void *ud, const char *s, int n)
{
	struct crm_xlsx *x = ud;

	if (x->fatal || !(x->in_v || (x->in_is && x->in_t && !x->in_rph)))
		return;
	add_text(x, s, n);
}


/* ---- opening ---- */

static int
pick_sheet(struct crm_xlsx *x, const char *want, struct crm_err *err)
{
	size_t i;
	char *end;
	long n;

	if (!x->nsheets)
		return crm_err_set(err, CRM_EDATA, x->name, 0, 0,
		    "the workbook has no sheets");
	if (!want || !*want) {
		for (i = 0; i < x->nsheets; i++)
			if (!x->sheets[i].hidden)
				break;
		if (i == x->nsheets)
			return crm_err_set(err, CRM_EDATA, x->name, 0, 0,
			    "the workbook has no visible sheet (name one "
			    "with --sheet)");
		x->cur = i;
		return 0;
	}
	for (i = 0; i < x->nsheets; i++)
		if (!strcmp(x->sheets[i].name, want)) {
			x->cur = i;
			return 0;
		}
	n = strtol(want, &end, 10);
	if (!*end && n >= 1 && (size_t)n <= x->nsheets) {
		x->cur = (size_t)n - 1;
		return 0;
	}
	return crm_err_set(err, CRM_EUSAGE, x->name, 0, 0, "no sheet '%s' "
	    "(the workbook has %zu: see --list-sheets)", want, x->nsheets);
}

/* ---- OpenDocument spreadsheets ---- */

static int
is_hidestyle(const struct crm_xlsx *x, const char *name)
{
	const char *p = x->hidestyles;
	size_t i;

	for (i = 0; i < x->nhidestyles; i++, p += strlen(p) + 1)
		if (!strcmp(p, name))
			return 1;
	return 0;
}

/* The first pass over content.xml: the tables' names and which are hidden. */
static void XMLCALL
odsl_start(void *ud, const char *el, const char **atts)
{
	struct crm_xlsx *x = ud;
	const char *l = local(el), *v;
	struct sheetent *sh;

	if (!strcmp(l, "style")) {
		v = attr(atts, "family");
		free(x->curstyle);
		x->curstyle = v && !strcmp(v, "table") && attr(atts, "name") ?
		    xstrdup(attr(atts, "name")) : NULL;
	} else if (!strcmp(l, "table-properties") && x->curstyle) {
		v = attr(atts, "display");
		if (v && !strcmp(v, "false")) {
			size_t have = 0, i;
			const char *p = x->hidestyles;

			for (i = 0; i < x->nhidestyles; i++, p += strlen(p) + 1)
				;
			have = x->nhidestyles ? (size_t)(p - x->hidestyles) : 0;
			x->hidestyles = xrealloc(x->hidestyles, have +
			    strlen(x->curstyle) + 1);
			strcpy(x->hidestyles + have, x->curstyle);
			x->nhidestyles++;
		}
	} else if (!strcmp(l, "table")) {
		x->sheets = xreallocarray(x->sheets, x->nsheets + 1,
		    sizeof *x->sheets);
		sh = &x->sheets[x->nsheets++];
		memset(sh, 0, sizeof *sh);
		v = attr(atts, "name");
		sh->name = xstrdup(v ? v : "");
		v = attr(atts, "style-name");
		sh->hidden = v && is_hidestyle(x, v);
	}
}

static void
ods_put(struct crm_xlsx *x)
{
	const char *v = x->oval.buf ? x->oval.buf : "";
	const char *t = x->vtype;
	long i, n = x->crepeat;
	size_t from, len;
	char out[64];

	if (!strcmp(t, "float") || !strcmp(t, "percentage") ||
	    !strcmp(t, "currency")) {
		if (x->oval.len)
			put_number(x, v, x->oval.len);
		else
			put_cell(x, x->col, x->text.buf, x->text.len);
	} else if (!strcmp(t, "date")) {
		len = x->oval.len;
		if (len == 19 && !strcmp(v + 10, "T00:00:00"))
			len = 10;	/* a date alone */
		put_cell(x, x->col, v, len);
	} else if (!strcmp(t, "time")) {
		/* PT10H30M00S (ISO 8601 duration) as HH:MM:SS */
		long h = 0, m = 0;
		double sec = 0;

		if (sscanf(v, "PT%ldH%ldM%lfS", &h, &m, &sec) == 3) {
			snprintf(out, sizeof out, "%02ld:%02ld:%02ld", h, m,
			    (long)floor(sec + 0.5));
			put_cell(x, x->col, out, strlen(out));
		} else
			put_cell(x, x->col, x->text.buf, x->text.len);
	} else if (!strcmp(t, "boolean"))
		put_cell(x, x->col, !strcmp(v, "true") ? "TRUE" : "FALSE",
		    !strcmp(v, "true") ? 4 : 5);
	else
		put_cell(x, x->col, x->text.buf ? x->text.buf : "",
		    x->text.len);
	if (x->fatal || n <= 1)
		return;
	/* number-columns-repeated: the same cell n times */
	from = x->coff[x->col];
	len = x->clen[x->col];
	crm_buf_reset(&x->oval);
	crm_buf_add(&x->oval, x->rowbuf.buf + from, len);
	for (i = 1; i < n && !x->fatal; i++)
		put_cell(x, x->col + i, x->oval.buf, len);
	x->col += n - 1;
}

static long
repeat_attr(const char **atts, const char *name)
{
	const char *v = attr(atts, name);
	long n = v ? strtol(v, NULL, 10) : 1;

	return n < 1 ? 1 : n;
}

static void XMLCALL
ods_start(void *ud, const char *el, const char **atts)
{
	struct crm_xlsx *x = ud;
	const char *l = local(el), *v;

	if (x->fatal)
		return;
	if (!strcmp(l, "table")) {
		x->in_table = (size_t)x->table++ == x->cur;
		return;
	}
	if (!x->in_table)
		return;
	if (!strcmp(l, "table-row")) {
		x->rowno = x->lastrow + 1;
		x->rrepeat = repeat_attr(atts, "number-rows-repeated");
		x->lastrow += x->rrepeat;
		x->col = -1;
		x->ncol = 0;
		x->nonempty = 0;
		crm_buf_reset(&x->rowbuf);
	} else if (!strcmp(l, "table-cell") ||
	    !strcmp(l, "covered-table-cell")) {
		x->in_cell = 1;
		x->col++;
		x->crepeat = repeat_attr(atts, "number-columns-repeated");
		v = attr(atts, "value-type");
		snprintf(x->vtype, sizeof x->vtype, "%s", v ? v : "");
		crm_buf_reset(&x->oval);
		crm_buf_reset(&x->text);
		v = attr(atts, "value");
		if (!v)
			v = attr(atts, "date-value");
		if (!v)
			v = attr(atts, "time-value");
		if (!v)
			v = attr(atts, "boolean-value");
		if (v)
			crm_buf_adds(&x->oval, v);
		x->np = 0;
	} else if (x->in_cell && !strcmp(l, "annotation"))
		x->in_note = 1;
	else if (x->in_cell && !x->in_note && !strcmp(l, "p")) {
		if (x->np++)
			crm_buf_addc(&x->text, '\n');
		x->in_p = 1;
	} else if (x->in_p && !x->in_note && !strcmp(l, "s")) {
		long n = repeat_attr(atts, "c");

		while (n-- > 0 && x->text.len < x->max_cell)
			crm_buf_addc(&x->text, ' ');
	} else if (x->in_p && !x->in_note && !strcmp(l, "tab"))
		crm_buf_addc(&x->text, '\t');
	else if (x->in_p && !x->in_note && !strcmp(l, "line-break"))
		crm_buf_addc(&x->text, '\n');
}

static void XMLCALL
ods_end(void *ud, const char *el)
{
	struct crm_xlsx *x = ud;
	const char *l = local(el);

	if (x->fatal)
		return;
	if (!strcmp(l, "table")) {
		if (x->in_table) {
			x->in_table = 0;
			x->done_table = 1;
		}
		return;
	}
	if (!x->in_table)
		return;
	if (!strcmp(l, "annotation"))
		x->in_note = 0;
	else if (!strcmp(l, "p"))
		x->in_p = 0;
	else if (!strcmp(l, "table-cell") || !strcmp(l, "covered-table-cell")) {
		x->in_cell = 0;
		if (x->vtype[0] || x->text.len)
			ods_put(x);
		else
			x->col += x->crepeat - 1;
		if (x->col > (long)x->max_columns + 1)
			x->col = (long)x->max_columns + 1;
	} else if (!strcmp(l, "table-row")) {
		if (x->nonempty) {
			x->rowdone = 1;
			XML_StopParser(x->p, XML_TRUE);
		}
	}
}

static void XMLCALL
ods_text(void *ud, const char *s, int n)
{
	struct crm_xlsx *x = ud;

	if (x->fatal || !x->in_p || x->in_note)
		return;
	add_text(x, s, n);
}

/* An .ods: its sheets from content.xml; 0, 1 when it is none, -1 with err. */
static int
ods_open(struct crm_xlsx *x, const char *sheet, struct crm_err *err)
{
	zip_int64_t i;
	zip_file_t *zf;
	char mt[64];
	zip_int64_t n;
	XML_Parser p;
	int st;

	if ((i = zip_name_locate(x->zip, "mimetype", 0)) < 0 ||
	    !(zf = zip_fopen_index(x->zip, (zip_uint64_t)i, 0)))
		return 1;
	n = zip_fread(zf, mt, sizeof mt - 1);
	zip_fclose(zf);
	mt[n > 0 ? n : 0] = '\0';
	if (strcmp(mt, "application/vnd.oasis.opendocument.spreadsheet"))
		return 1;
	x->ods = 1;
	p = new_parser(x, 1);
	XML_SetStartElementHandler(p, odsl_start);
	st = parse_part(x, p, "content.xml", err);
	XML_ParserFree(p);
	free(x->curstyle);
	x->curstyle = NULL;
	if (st > 0)
		return crm_err_set(err, CRM_EDATA, x->name, 0, 0, "not an ODS "
		    "spreadsheet: the zip holds no content.xml");
	if (st < 0 || pick_sheet(x, sheet, err) < 0)
		return -1;
	x->sheets[x->cur].part = xstrdup("content.xml");
	return 0;
}

static struct crm_xlsx *
xlsx_new(const char *name, size_t max_cell, size_t max_columns)
{
	struct crm_xlsx *x = xcalloc(1, sizeof *x);

	x->name = xstrdup(name);
	x->max_cell = max_cell;
	x->max_columns = max_columns;
	crm_buf_init(&x->sst);
	crm_buf_init(&x->text);
	crm_buf_init(&x->rowbuf);
	crm_buf_init(&x->oval);
	return x;
}

struct crm_xlsx *
crm_xlsx_open(int fd, const char *name, const char *sheet, size_t max_cell,
    size_t max_columns, struct crm_err *err)
{
	struct crm_xlsx *x = xlsx_new(name, max_cell, max_columns);
	struct relctx rc;
	struct stylectx sc;
	struct sstctx ss;
	zip_error_t ze;
	XML_Parser p;
	char *rels, *slash;
	int zerr = 0, st, absent;

	if (!(x->zip = zip_fdopen(fd, ZIP_RDONLY | ZIP_CHECKCONS, &zerr))) {
		zip_error_init_with_code(&ze, zerr);
		close(fd);
		zipfail(x, err, NULL, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto fail;
	}

	if ((st = ods_open(x, sheet, err)) < 0)
		goto fail;
	if (st == 0)
		goto sheet;

	/* The workbook part, from the package's relationships. */
	memset(&rc, 0, sizeof rc);
	rc.x = x;
	p = new_parser(x, 1);
	XML_SetUserData(p, &rc);
	XML_SetStartElementHandler(p, rels_start);
	st = parse_part(x, p, "_rels/.rels", err);
	XML_ParserFree(p);
	if (st < 0)
		goto fail;
	if (!rc.office)
		rc.office = xstrdup("xl/workbook.xml");
	if (zip_name_locate(x->zip, rc.office, 0) < 0) {
		crm_err_set(err, CRM_EDATA, x->name, 0, 0, "not an XLSX "
		    "workbook: the zip holds no %s", rc.office);
		free(rc.office);
		goto fail;
	}
	slash = strrchr(rc.office, '/');
	x->wbdir = xstrndup(rc.office, slash ? (size_t)(slash - rc.office) + 1 : 0);
	p = new_parser(x, 1);
	XML_SetStartElementHandler(p, wb_start);
	st = parse_part(x, p, rc.office, err);
	XML_ParserFree(p);
	rels = xmalloc(strlen(rc.office) + 16);
	sprintf(rels, "%s_rels/%s.rels", x->wbdir, slash ? slash + 1 : rc.office);
	free(rc.office);
	if (st < 0) {
		free(rels);
		goto fail;
	}
	rc.office = NULL;
	rc.wbrels = 1;
	p = new_parser(x, 1);
	XML_SetUserData(p, &rc);
	XML_SetStartElementHandler(p, rels_start);
	st = parse_part(x, p, rels, err);
	XML_ParserFree(p);
	free(rels);
	if (st < 0)
		goto fail;
	if (pick_sheet(x, sheet, err) < 0)
		goto fail;

	if (x->styles_part) {
		memset(&sc, 0, sizeof sc);
		sc.x = x;
		p = new_parser(x, 1);
		XML_SetUserData(p, &sc);
		XML_SetElementHandler(p, style_start, style_end);
		st = parse_part(x, p, x->styles_part, err);
		XML_ParserFree(p);
		free(sc.fmtid);
		if (st < 0)
			goto fail;
	}
	if (x->sst_part) {
		memset(&ss, 0, sizeof ss);
		ss.x = x;
		p = new_parser(x, 1);
		XML_SetUserData(p, &ss);
		XML_SetElementHandler(p, sst_start, sst_end);
		XML_SetCharacterDataHandler(p, sst_text);
		st = parse_part(x, p, x->sst_part, err);
		XML_ParserFree(p);
		if (st < 0)
			goto fail;
	}

sheet:
	/* The sheet, parsed as rows are asked for. */
	if (!x->sheets[x->cur].part) {
		crm_err_set(err, CRM_EDATA, x->name, 0, 0, "sheet '%s': no part "
		    "for it in the workbook", x->sheets[x->cur].name);
		goto fail;
	}
	if (!(x->zf = part_open(x, x->sheets[x->cur].part, &x->limit, err,
	    &absent))) {
		if (absent)
			crm_err_set(err, CRM_EDATA, x->name, 0, 0, "sheet '%s': "
			    "the zip holds no %s", x->sheets[x->cur].name,
			    x->sheets[x->cur].part);
		goto fail;
	}
	x->p = new_parser(x, 0);
	if (x->ods) {
		XML_SetElementHandler(x->p, ods_start, ods_end);
		XML_SetCharacterDataHandler(x->p, ods_text);
	} else {
		XML_SetElementHandler(x->p, sheet_start, sheet_end);
		XML_SetCharacterDataHandler(x->p, sheet_text);
	}
	x->chunk = xmalloc(CHUNK);
	return x;
fail:
	crm_xlsx_free(x);
	return NULL;
}

void
crm_xlsx_free(struct crm_xlsx *x)
{
	size_t i;

	if (!x)
		return;
	if (x->p)
		XML_ParserFree(x->p);
	crm_xls_free(x->xls);
	if (x->zf)
		zip_fclose(x->zf);
	if (x->zip)
		zip_discard(x->zip);
	for (i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].rid);
		free(x->sheets[i].part);
	}
	free(x->sheets);
	free(x->wbdir);
	free(x->styles_part);
	free(x->sst_part);
	free(x->xfkind);
	crm_buf_release(&x->sst);
	free(x->sstoff);
	crm_buf_release(&x->text);
	crm_buf_release(&x->rowbuf);
	crm_buf_release(&x->oval);
	free(x->hidestyles);
	free(x->curstyle);
	free(x->coff);
	free(x->clen);
	free(x->cellp);
	free(x->chunk);
	free(x->name);
	free(x);
}

size_t
crm_xlsx_nsheets(const struct crm_xlsx *x)
{
	return x->nsheets;
}

const char *
crm_xlsx_sheet(const struct crm_xlsx *x, size_t i, int *hidden)
{
	if (hidden)
		*hidden = x->sheets[i].hidden;
	return x->sheets[i].name;
}

const char *
crm_xlsx_kind(const struct crm_xlsx *x)
{
	return x->xls ? "xls" : x->ods ? "ods" : "xlsx";
}

const char *
crm_xlsx_sheet_name(const struct crm_xlsx *x)
{
	return x->sheets[x->cur].name;
}

long
crm_xlsx_issues(const struct crm_xlsx *x, const char **first)
{
	if (first)
		*first = x->first_issue;
	return x->issues;
}

static int
sheet_xml_error(struct crm_xlsx *x, struct crm_err *err)
{
	char c[8];

	if (x->fatal) {
		*err = x->ferr;
		return -1;
	}
	colname(x->in_c ? x->col : x->lastcol + 1, c);
	return crm_err_set(err, CRM_EDATA, x->name, x->rowno, 0,
	    "sheet '%s', near cell %s%ld: broken XML (%s line %lu column "
	    "%lu: %s)", x->sheets[x->cur].name, c, x->rowno ? x->rowno : 1,
	    x->sheets[x->cur].part, XML_GetCurrentLineNumber(x->p),
	    XML_GetCurrentColumnNumber(x->p) + 1,
	    XML_ErrorString(XML_GetErrorCode(x->p)));
}

struct crm_xlsx *
crm_xlsx_open_xls(const char *path, const char *name, const char *sheet,
    size_t max_cell, size_t max_columns, struct crm_err *err)
{
	struct crm_xlsx *x = xlsx_new(name, max_cell, max_columns);
	size_t i;

	if (!(x->xls = crm_xls_open(path, name, err)))
		goto fail;
	x->nsheets = crm_xls_nsheets(x->xls);
	x->sheets = xcalloc(x->nsheets + 1, sizeof *x->sheets);
	for (i = 0; i < x->nsheets; i++)
		x->sheets[i].name = xstrdup(crm_xls_sheet(x->xls, i));
	if (pick_sheet(x, sheet, err) < 0 ||
	    crm_xls_select(x->xls, x->cur, &x->xrows, &x->xcols, err) < 0)
		goto fail;
	return x;
fail:
	crm_xlsx_free(x);
	return NULL;
}

/* The next .xls row with a cell. */
static int
xls_row(struct crm_xlsx *x, struct crm_err *err)
{
	long c;
	int t;
	char *sp;

	for (; x->xrow < x->xrows; x->xrow++) {
		x->rowno = x->xrow + 1;
		x->ncol = 0;
		x->nonempty = 0;
		crm_buf_reset(&x->rowbuf);
		for (c = 0; c < x->xcols && !x->fatal; c++) {
			crm_buf_reset(&x->text);
			x->col = c;
			if ((t = crm_xls_cell(x->xls, x->xrow, c, &x->text,
			    err)) < 0)
				return -1;
			if (t == CRM_XLS_NUMBER)
				put_number(x, x->text.buf, x->text.len);
			else if (t == CRM_XLS_TEXT)
				put_cell(x, c, x->text.buf, x->text.len);
			else if (t == CRM_XLS_DATE) {
				/* "YYYY-MM-DD HH:MM:SS" as the ISO the others give */
				if (x->text.len == 19 &&
				    (sp = strchr(x->text.buf, ' ')) != NULL)
					*sp = 'T';
				put_cell(x, c, x->text.buf, x->text.len);
			}
		}
		if (x->fatal) {
			*err = x->ferr;
			return -1;
		}
		if (x->nonempty) {
			x->xrow++;
			return 1;
		}
	}
	return 0;
}

int
crm_xlsx_row(struct crm_xlsx *x, const char *const **cells,
    const size_t **lens, size_t *n, long *row, struct crm_err *err)
{
	if (x->xls) {
		int st = xls_row(x, err);

		if (st <= 0)
			return st;
		goto give;
	}
	enum XML_Status st;
	zip_int64_t got;
	size_t i;

	if (x->ods && x->rrepeat > 1 && x->rowdone) {
		/* number-rows-repeated: the same row again */
		x->rrepeat--;
		x->rowno++;
		goto give;
	}
	x->rowdone = 0;
	for (;;) {
		if (x->done || x->done_table)
			return 0;
		if (x->suspended) {
			x->suspended = 0;
			st = XML_ResumeParser(x->p);
		} else {
			got = zip_fread(x->zf, x->chunk, CHUNK);
			if (got < 0) {
				zipfail(x, err, x->sheets[x->cur].part,
				    zip_file_strerror(x->zf));
				return -1;
			}
			if ((x->unpacked += got) > x->limit)
				return crm_err_set(err, CRM_EDATA, x->name, 0, 0,
				    "refused as a zip bomb: %s unpacks to more "
				    "than it says", x->sheets[x->cur].part);
			x->chunklen = (size_t)got;
			x->final = got == 0;
			st = XML_Parse(x->p, x->chunk, (int)got, x->final);
		}
		if (st == XML_STATUS_ERROR)
			return sheet_xml_error(x, err);
		if (st == XML_STATUS_SUSPENDED)
			x->suspended = 1;
		else if (x->final)
			x->done = 1;
		if (x->rowdone)
			break;
	}
give:
	x->cellp = xreallocarray(x->cellp, x->ncol + 1, sizeof *x->cellp);
	for (i = 0; i < x->ncol; i++) {
		if (x->coff[i] == (size_t)-1) {
			x->coff[i] = 0;
			x->clen[i] = 0;
			x->cellp[i] = "";
		} else
			x->cellp[i] = x->rowbuf.buf + x->coff[i];
	}
	*cells = x->cellp;
	*lens = x->clen;
	*n = x->ncol;
	*row = x->rowno;
	return 1;
}
