/*
 * io: the reader and writer facade.  The reader decodes its input to UTF-8
 * (the only user of <iconv.h> and <uchardet.h>), splits it into physical
 * lines and hands them to csvio or jsonio; the writers format records as
 * CSV, JSON Lines, one JSON array or an aligned table.
 *
 * Decisions, in the order they are taken on the first 64 KiB:
 *  - encoding: a BOM; else every other byte NUL (UTF-16 without a BOM);
 *    else valid UTF-8 (a sequence cut by the sample end is fine); else
 *    mostly valid UTF-8 (the bad lines are reported later); else
 *    uchardet, but when the sample reads as Russian in CP1251, KOI8-R,
 *    CP866 (or uchardet's Cyrillic guess) the best reading wins, CP1251 on
 *    ties; uchardet with no idea means CP1251.  Bytes that do not decode
 *    become U+FFFD and make their record bad (status 2).
 *  - format: the first non-space character '{' or '[' means JSON.
 *  - delimiter: an Excel "sep=X" first line (skipped); else the candidate
 *    among , ; TAB | whose field count is the same in most of the first
 *    200 records (quote-aware, at least 2 fields); ties go to ';' for
 *    CP1251 or decimal commas, to TAB for UTF-16, else to ','.
 *  - line ends: CR alone (old Mac files) splits lines on CR.
 * JSON input that begins with '[' is read whole into memory (one array);
 * JSON Lines and CSV are streamed, one line or record at a time.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <uchardet.h>

#include "csvio.h"
#include "io.h"
#include "jsonio.h"
#include "utf8.h"
#include "xlsx.h"
#include "xlsxw.h"

enum {
	SAMPLE = 64 * 1024,	/* bytes looked at for the encoding */
	INCAP = 256 * 1024,	/* raw read buffer, once past the sample */
	SNIFF_RECORDS = 200,
	CHUNK_COPY = 64 * 1024	/* copying a workbook from a stream */
};

struct decerr {
	long long off;		/* offset of the U+FFFD in the decoded text */
	unsigned char byte;	/* the input byte that did not decode */
	int truncated;		/* a sequence cut by the end of input */
	unsigned char nbytes;	/* the input bytes the U+FFFD stands for */
	unsigned char bytes[4];
};

struct crm_reader {
	FILE *fp;
	int ownfp;
	char *path;
	struct crm_input_info info;

	/* Raw input. */
	char *in;
	size_t incap, inlen, inpos;
	int ineof;

	/* Decoding: conv = 0 passes UTF-8 through (validated per line). */
	int conv;
	iconv_t cd;
	int unit;		/* bytes to skip on an undecodable sequence */
	char *dec;		/* 4 * incap + 64 bytes */

	/* The decoded text window and the line splitter. */
	const char *t;
	size_t tlen, tpos;
	long long tbase;	/* decoded offset of t[0] */
	int first_window;
	int eol;
	struct crm_buf spill;
	long lineno;
	struct decerr *de;
	size_t nde, hde, capde;
	char badmsg[128];
	/*
	 * The input bytes behind each U+FFFD of the record being read, in
	 * order (a count, then the bytes), and UTF-8 back to the input's
	 * encoding: crm_reader_raw_input.
	 */
	struct crm_buf recbad;
	iconv_t back;

	/* Parsing. */
	struct crm_linesrc src;
	struct crm_csv *csv;
	size_t max_record;	/* bytes of one record (line, row, JSON value) */
	size_t max_columns;	/* fields of one record */

	/* JSON: where the text is, and what may come next. */
	int jstate;
	long jline;		/* line of r->t[r->tpos] */
	long long jlinestart;	/* decoded offset where that line starts */
	struct crm_json_split split;
	int jlastbad;		/* the last value was not valid JSON */
	struct crm_buf all;	/* a value that spans windows */
	struct crm_record rec;
	long recno;
	const char *raw;
	size_t rawlen;
	char **hdr;
	size_t nhdr;
	int have_hdr;

	/* A workbook (CRM_FMT_XLSX): the rows come from here. */
	struct crm_xlsx *xlsx;
	char **colnames;	/* "_col<N>" for cells past the header, kept */
	size_t ncolnames;
	/* The row's cells, valid until the next row: its raw text is made
	 * from them only when asked for (a reject). */
	const char *const *xcells;
	const size_t *xlens;
	size_t xn, xw;
	int xraw;		/* 1: raw not made yet */

	/* A record read ahead by open, returned by the first next. */
	int pending;		/* 1: pending_st holds a status */
	int pending_st;
	struct crm_err pending_err;
};

int
crm_format_parse(const char *s)
{
	if (!s)
		return -1;
	if (!strcmp(s, "csv"))
		return CRM_FMT_CSV;
	if (!strcmp(s, "json"))
		return CRM_FMT_JSON;
	if (!strcmp(s, "jsonl") || !strcmp(s, "ndjson"))
		return CRM_FMT_JSONL;
	if (!strcmp(s, "table"))
		return CRM_FMT_TABLE;
	if (!strcmp(s, "xlsx"))
		return CRM_FMT_XLSX;
	return -1;
}

const char *
crm_format_name(int fmt)
{
	switch (fmt) {
	case CRM_FMT_AUTO: return "auto";
	case CRM_FMT_CSV: return "csv";
	case CRM_FMT_JSON: return "json";
	case CRM_FMT_JSONL: return "jsonl";
	case CRM_FMT_TABLE: return "table";
	case CRM_FMT_XLSX: return "xlsx";
	}
	return "?";
}

int
crm_output_format(int want, FILE *fp, int input_format)
{
	if (want != CRM_FMT_AUTO)
		return want;
	if (fp && isatty(fileno(fp)))
		return CRM_FMT_TABLE;
	if (input_format == CRM_FMT_JSON || input_format == CRM_FMT_JSONL)
		return CRM_FMT_JSONL;
	return CRM_FMT_CSV;
}

/* ---- UTF-8 checks ---- */

/* Could p (n bytes, cut by the end of a buffer) begin a valid sequence? */
static int
u8prefix(const unsigned char *p, size_t n)
{
	size_t want, i;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		want = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		want = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		want = 4;
	else
		return 0;
	if (n >= want)
		return 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return 1;
}

/*
 * Index of the first byte of p that is not valid UTF-8 or is NUL, or n.
 * ASCII and basic Cyrillic go eight bytes at a time.
 */
static size_t
check_utf8(const char *s, size_t n, const char **why)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		while (i + 8 <= n) {
			uint64_t w = crm_word(s + i);

			if (!crm_word_ascii(w) && !crm_word_cyrillic(w))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		if (p[i] == 0) {
			*why = "NUL byte in field";
			return i;
		}
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		/* Two-byte sequences (Cyrillic) inline. */
		while (i + 1 < n && p[i] >= 0xc2 && p[i] <= 0xdf &&
		    (p[i + 1] & 0xc0) == 0x80)
			i += 2;
		if (i >= n || p[i] < 0x80)
			continue;
		if ((k = crm_utf8_seqlen(p + i, n - i)) == 0) {
			*why = "invalid UTF-8";
			return i;
		}
		i += k;
	}
	return n;
}

/* ---- encoding detection ---- */

static int
is_utf8_name(const char *e)
{
	return !strcasecmp(e, "UTF-8") || !strcasecmp(e, "UTF8");
}

/*
 * How much the 8-bit sample s reads like Russian text in encoding enc:
 * lower-case letters inside words, capitals at their start and runs of
 * capitals (ООО) score,
 * capitals inside a word (the trace of a wrong Cyrillic code page), Latin
 * letters glued to Cyrillic ones and bytes that are no letter at all cost.
 */
static long
cyrillic_score(const unsigned char *s, size_t n, const char *enc)
{
	enum { OTHER, LATIN, LOWER, UPPER, BAD };
	unsigned char cls[128];
	iconv_t cd = iconv_open("UTF-8", enc);
	long score = 0, cp;
	size_t i;
	int prev = OTHER, c;

	if (cd == (iconv_t)-1)
		return -1000000;
	for (i = 0; i < 128; i++) {
		char in[1], out[8], *ip = in, *op = out;
		size_t il = 1, ol = sizeof out;

		in[0] = (char)(0x80 + i);
		iconv(cd, NULL, NULL, NULL, NULL);
		cls[i] = BAD;
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 ||
		    crm_utf8_decode(out, (size_t)(op - out), &cp) < 0)
			continue;
		if ((cp >= 0x430 && cp <= 0x44f) || cp == 0x451)
			cls[i] = LOWER;
		else if ((cp >= 0x410 && cp <= 0x42f) || cp == 0x401)
			cls[i] = UPPER;
		else if (cp == 0xa0 || cp == 0xab || cp == 0xbb || cp == 0x2116 ||
		    cp == 0x2013 || cp == 0x2014 || cp == 0x201c ||
		    cp == 0x201d || cp == 0x201e || cp == 0x2026)
			cls[i] = OTHER;	/* NBSP, « », №, dashes, quotes */
	}
	iconv_close(cd);
	for (i = 0; i < n; i++) {
		if (s[i] < 0x80)
			c = (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z' ?
			    LATIN : OTHER;
		else
			c = cls[s[i] - 0x80];
		switch (c) {
		case BAD:
			score -= 3;
			break;
		case LOWER:
			if (prev == LOWER || prev == UPPER)
				score += 2;
			else if (prev == LATIN)
				score -= 2;
			break;
		case UPPER:
			if (prev == OTHER)
				score += 1;
			else if (prev == UPPER)
				score += 2;	/* ООО, ИП, ЗАО */
			else
				score -= 2;
			break;
		case LATIN:
			if (prev == LOWER || prev == UPPER)
				score -= 2;
			break;
		}
		prev = c;
	}
	return score;
}

static int
cyrillic_charset(const char *e)
{
	static const char *const names[] = {
		"WINDOWS-1251", "KOI8-R", "KOI8-U", "IBM866", "IBM855",
		"ISO-8859-5", "MAC-CYRILLIC", "X-MAC-CYRILLIC", NULL
	};
	size_t i;

	for (i = 0; names[i]; i++)
		if (!strcasecmp(e, names[i]))
			return 1;
	return 0;
}

/* UTF-16 without a BOM: every other byte NUL in ASCII-heavy text. */
static const char *
utf16_guess(const unsigned char *s, size_t n)
{
	size_t i, even = 0, odd = 0, pairs;

	if (n > 4096)
		n = 4096;
	n &= ~(size_t)1;
	pairs = n / 2;
	if (pairs < 2)
		return NULL;
	for (i = 0; i < n; i += 2) {
		even += s[i] == 0;
		odd += s[i + 1] == 0;
	}
	if (odd * 10 >= pairs * 4 && even * 10 < pairs)
		return "UTF-16LE";
	if (even * 10 >= pairs * 4 && odd * 10 < pairs)
		return "UTF-16BE";
	return NULL;
}

/* Mostly UTF-8 with a few bad bytes: still UTF-8, the bad lines get reported. */
static int
mostly_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0, good = 0, bad = 0, k;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = crm_utf8_seqlen(s + i, n - i)) != 0) {
			good++;
			i += k;
		} else {
			bad++;
			i++;
		}
	}
	return good >= 4 && good >= bad * 8;
}

static void
set_encoding(struct crm_input_info *info, const char *name, const char *how)
{
	snprintf(info->encoding, sizeof info->encoding, "%s", name);
	info->encoding_how = how;
}

/*
 * Decide the encoding of the sample s[0..n); *skip gets the length of a
 * byte order mark that the decoder must not see.
 */
static void
detect_encoding(const unsigned char *s, size_t n, struct crm_input_info *info,
    size_t *skip)
{
	const char *e;
	size_t i;
	uchardet_t ud;

	*skip = 0;
	if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		set_encoding(info, "UTF-8", "bom");
		return;		/* the window strips it */
	}
	if (n >= 2 && ((s[0] == 0xff && s[1] == 0xfe) ||
	    (s[0] == 0xfe && s[1] == 0xff))) {
		set_encoding(info, s[0] == 0xff ? "UTF-16LE" : "UTF-16BE",
		    "bom");
		info->bom = 1;
		*skip = 2;
		return;
	}
	if ((e = utf16_guess(s, n)) != NULL) {
		set_encoding(info, e, "detected");
		return;
	}
	i = check_utf8((const char *)s, n, &e);
	while (i < n && s[i] == 0)		/* NULs are a matter for the lines */
		i += 1 + check_utf8((const char *)s + i + 1, n - i - 1, &e);
	if (i >= n || u8prefix(s + i, n - i)) {
		set_encoding(info, "UTF-8", "utf8-valid");
		return;
	}
	if (mostly_utf8(s, n)) {
		set_encoding(info, "UTF-8", "detected");
		return;
	}
	ud = uchardet_new();
	e = "";
	if (ud && uchardet_handle_data(ud, (const char *)s, n) == 0) {
		uchardet_data_end(ud);
		e = uchardet_get_charset(ud);
	}
	if (!strcasecmp(e, "UTF-8"))
		set_encoding(info, "UTF-8", "detected");
	else if (!strncasecmp(e, "UTF-16", 6))
		set_encoding(info, utf16_guess(s, n) ? utf16_guess(s, n) :
		    "UTF-16LE", "detected");
	else {
		/*
		 * uchardet is often wrong about short Cyrillic samples: weigh
		 * the usual code pages (and its guess) by how Russian the text
		 * reads in each; CP1251 wins ties.  No Cyrillic at all: trust
		 * uchardet, and CP1251 when it has no idea.
		 */
		const char *cand[4], *best = NULL;
		long sc, bestsc = 0;
		size_t k, nc = 0;

		cand[nc++] = "WINDOWS-1251";
		if (cyrillic_charset(e) && strcasecmp(e, "WINDOWS-1251") &&
		    strcasecmp(e, "KOI8-R") && strcasecmp(e, "IBM866"))
			cand[nc++] = !strcasecmp(e, "X-MAC-CYRILLIC") ?
			    "MAC-CYRILLIC" : e;
		cand[nc++] = "KOI8-R";
		cand[nc++] = "IBM866";
		for (k = 0; k < nc; k++) {
			sc = cyrillic_score(s, n, cand[k]);
			if (sc > bestsc) {
				bestsc = sc;
				best = cand[k];
			}
		}
		if (best)
			set_encoding(info, best, "detected");
		else
			set_encoding(info, *e ? e : "WINDOWS-1251", "detected");
	}
	if (ud)
		uchardet_delete(ud);
	/* uchardet may name a charset iconv does not know. */
	if (strcmp(info->encoding, "UTF-8")) {
		iconv_t cd = iconv_open("UTF-8", info->encoding);

		if (cd == (iconv_t)-1)
			set_encoding(info, "WINDOWS-1251", "detected");
		else
			iconv_close(cd);
	}
}

/* ---- the decoded text window ---- */

static void
add_decerr(struct crm_reader *r, long long off, const char *ip, size_t n,
    int truncated)
{
	unsigned char byte = (unsigned char)*ip;

	if (r->nde == r->capde) {
		r->capde = r->capde ? r->capde * 2 : 16;
		r->de = xreallocarray(r->de, r->capde, sizeof *r->de);
	}
	r->de[r->nde].off = off;
	r->de[r->nde].byte = byte;
	r->de[r->nde].truncated = truncated;
	r->de[r->nde].nbytes = (unsigned char)(n < 4 ? n : 4);
	memcpy(r->de[r->nde].bytes, ip, r->de[r->nde].nbytes);
	r->nde++;
}

static int
read_more(struct crm_reader *r, struct crm_err *err)
{
	size_t n;

	if (r->ineof || r->inlen >= r->incap)
		return 0;
	n = fread(r->in + r->inlen, 1, r->incap - r->inlen, r->fp);
	if (n == 0) {
		if (ferror(r->fp))
			return crm_err_set(err, CRM_EIO, r->path, 0, 0,
			    "read error:");
		r->ineof = 1;
	}
	r->inlen += n;
	r->info.bytes += (long long)n;
	return 0;
}

static void
new_window(struct crm_reader *r, const char *t, size_t n)
{
	r->tbase += (long long)r->tlen;
	r->t = t;
	r->tlen = n;
	r->tpos = 0;
	if (r->first_window) {
		r->first_window = 0;
		if (n >= 3 && !memcmp(t, "\xef\xbb\xbf", 3)) {
			r->tpos = 3;
			r->info.bom = 1;
		}
	}
}

/* Convert r->in[inpos..inlen) into r->dec; returns the bytes made. */
static size_t
convert(struct crm_reader *r)
{
	char *ip = r->in + r->inpos, *op = r->dec;
	size_t il = r->inlen - r->inpos, ol = 4 * r->incap + 64;
	long long base = r->tbase + (long long)r->tlen;

	while (il > 0) {
		if (iconv(r->cd, &ip, &il, &op, &ol) != (size_t)-1)
			break;
		if (errno == E2BIG || ol < 3)
			break;
		if (errno == EINVAL && !r->ineof)
			break;		/* a sequence cut by the buffer end */
		/* Undecodable (or cut by the end of input): U+FFFD. */
		add_decerr(r, base + (op - r->dec), ip, errno == EINVAL ||
		    il < (size_t)r->unit ? il : (size_t)r->unit,
		    errno == EINVAL);
		memcpy(op, "\xef\xbf\xbd", 3);
		op += 3;
		ol -= 3;
		if (errno == EINVAL || il < (size_t)r->unit) {
			ip += il;
			il = 0;
		} else {
			ip += r->unit;
			il -= (size_t)r->unit;
		}
	}
	r->inpos = (size_t)(ip - r->in);
	return (size_t)(op - r->dec);
}

/* Next window of decoded text: 1, 0 at the end, -1 on a read error. */
static int
refill(struct crm_reader *r, struct crm_err *err)
{
	size_t n;

	/*
	 * The first window is the sample; the buffers grow to full size
	 * only for input that goes on (and the old window is spent by now).
	 */
	if (r->incap < INCAP && !r->ineof) {
		r->incap = INCAP;
		r->in = xrealloc(r->in, r->incap);
		if (r->conv) {
			free(r->dec);
			r->dec = xmalloc(4 * r->incap + 64);
		}
	}
	if (!r->conv) {
		if (r->ineof)
			return 0;
		r->inlen = r->inpos = 0;
		if (read_more(r, err) < 0)
			return -1;
		if (r->inlen == 0)
			return 0;
		new_window(r, r->in, r->inlen);
		return 1;
	}
	for (;;) {
		if (r->inpos > 0) {
			memmove(r->in, r->in + r->inpos, r->inlen - r->inpos);
			r->inlen -= r->inpos;
			r->inpos = 0;
		}
		if (read_more(r, err) < 0)
			return -1;
		if (r->inlen == 0 && r->ineof)
			return 0;
		n = convert(r);
		if (n > 0) {
			new_window(r, r->dec, n);
			return 1;
		}
		if (r->ineof && r->inpos >= r->inlen)
			return 0;
	}
}

static int
line_next(void *ctx, struct crm_line *l, struct crm_err *err)
{
	struct crm_reader *r = ctx;
	long long start = r->tbase + (long long)r->tpos;
	const char *p, *why;
	size_t n, i;
	int st;

	crm_buf_reset(&r->spill);
	for (;;) {
		const char *s = r->t ? r->t + r->tpos : "", *nl;
		size_t left = r->tlen - r->tpos;

		nl = left ? memchr(s, r->eol, left) : NULL;
		if (nl) {
			size_t k = (size_t)(nl + 1 - s);

			r->tpos += k;
			if (r->spill.len) {
				crm_buf_add(&r->spill, s, k);
				p = r->spill.buf;
				n = r->spill.len;
			} else {
				p = s;
				n = k;
			}
			break;
		}
		if (left)
			crm_buf_add(&r->spill, s, left);
		r->tpos = r->tlen;
		if (r->spill.len > r->max_record)
			return crm_err_set(err, CRM_EDATA, NULL, r->lineno + 1,
			    0, "a line of more than %zu bytes (see "
			    "--max-record-size)", r->max_record);
		if ((st = refill(r, err)) < 0)
			return -1;
		if (st == 0) {
			if (!r->spill.len)
				return 0;
			p = r->spill.buf;
			n = r->spill.len;
			break;
		}
		if (!r->spill.len)
			start = r->tbase + (long long)r->tpos;
	}
	l->p = p;
	l->n = n;
	l->lineno = ++r->lineno;
	l->badcol = 0;
	l->badmsg = NULL;
	if (!r->conv) {
		if ((i = check_utf8(p, n, &why)) < n) {
			l->badcol = (long)i + 1;
			l->badmsg = why;
		}
	} else if ((why = memchr(p, 0, n)) != NULL) {
		l->badcol = (long)(why - p) + 1;
		l->badmsg = "NUL byte in field";
	}
	while (r->hde < r->nde && r->de[r->hde].off < start + (long long)n) {
		const struct decerr *d = &r->de[r->hde++];
		long col = (long)(d->off - start) + 1;

		crm_buf_addc(&r->recbad, (char)d->nbytes);
		crm_buf_add(&r->recbad, (const char *)d->bytes, d->nbytes);
		if (l->badcol && l->badcol <= col)
			continue;
		l->badcol = col;
		if (d->truncated)
			snprintf(r->badmsg, sizeof r->badmsg,
			    "incomplete %s sequence at the end of input",
			    r->info.encoding);
		else
			snprintf(r->badmsg, sizeof r->badmsg,
			    "byte 0x%02x is not %s (read as U+FFFD)", d->byte,
			    r->info.encoding);
		l->badmsg = r->badmsg;
	}
	if (r->hde == r->nde)
		r->hde = r->nde = 0;
	return 1;
}

/* ---- sniffing ---- */

static void
sniff_line_endings(struct crm_reader *r, const char *s, size_t n)
{
	size_t i, crlf = 0, lf = 0, cr = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n')
			lf++;
		else if (s[i] == '\r') {
			if (i + 1 < n && s[i + 1] == '\n') {
				crlf++;
				i++;
			} else if (i + 1 < n || r->ineof)
				cr++;
		}
	}
	r->eol = '\n';
	if (!crlf && !lf && !cr)
		r->info.line_ending = "none";
	else if (crlf && !lf && !cr)
		r->info.line_ending = "CRLF";
	else if (lf && !crlf && !cr)
		r->info.line_ending = "LF";
	else if (cr && !crlf && !lf) {
		r->info.line_ending = "CR";
		r->eol = '\r';
	} else
		r->info.line_ending = "mixed";
}

/* Field counts of the first records of s for delimiter d (quote-aware). */
static size_t
count_fields(const char *s, size_t n, int d, int complete, unsigned *counts,
    size_t max)
{
	size_t i, nrec = 0;
	unsigned f = 1;
	int inq = 0, any = 0;

	for (i = 0; i < n && nrec < max; i++) {
		char c = s[i];

		if (c == '"') {
			inq = !inq;
			any = 1;
		} else if (inq)
			continue;
		else if (c == d)
			f++, any = 1;
		else if (c == '\n' || c == '\r') {
			if (any)
				counts[nrec++] = f;
			f = 1;
			any = 0;
		} else if (c != ' ')
			any = 1;
	}
	if (any && !complete && nrec < max)
		counts[nrec++] = f;
	return nrec;
}

static double
delim_score(const unsigned *counts, size_t n)
{
	size_t i, j, best = 0, same;
	unsigned mode = 0;

	for (i = 0; i < n; i++) {
		for (same = 0, j = 0; j < n; j++)
			same += counts[j] == counts[i];
		if (same > best || (same == best && counts[i] > mode)) {
			best = same;
			mode = counts[i];
		}
	}
	if (n == 0 || mode < 2)
		return 0;
	return (double)best / (double)n;
}

static int
decimal_commas(const char *s, size_t n)
{
	size_t i;

	for (i = 1; i + 1 < n; i++)
		if (s[i] == ',' && s[i - 1] >= '0' && s[i - 1] <= '9' &&
		    s[i + 1] >= '0' && s[i + 1] <= '9')
			return 1;
	return 0;
}

static int
sniff_delimiter(struct crm_reader *r, const char *s, size_t n)
{
	static const char semi_first[] = ";,\t|", comma_first[] = ",;\t|",
	    tab_first[] = "\t;,|";
	unsigned counts[SNIFF_RECORDS];
	const char *order;
	double score, best = -1;
	int d = ',', complete = !(r->ineof && r->tpos + n >= r->tlen);
	size_t i, nrec;

	if (!strncmp(r->info.encoding, "UTF-16", 6))
		order = tab_first;
	else if (!strcmp(r->info.encoding, "WINDOWS-1251") ||
	    decimal_commas(s, n))
		order = semi_first;
	else
		order = comma_first;
	for (i = 0; order[i]; i++) {
		nrec = count_fields(s, n, order[i], complete, counts,
		    SNIFF_RECORDS);
		if (nrec == 0)		/* one line, cut by the sample end */
			nrec = count_fields(s, n, order[i], 0, counts,
			    SNIFF_RECORDS);
		score = delim_score(counts, nrec);
		if (score > best + 1e-9) {
			best = score;
			d = order[i];
		}
	}
	return d;
}

/* ---- the reader ---- */

static void
set_header(struct crm_reader *r, const struct crm_record *rec)
{
	size_t i;

	r->hdr = xreallocarray(NULL, rec->n + 1, sizeof *r->hdr);
	for (i = 0; i < rec->n; i++)
		r->hdr[i] = xstrndup(rec->f[i].name, rec->f[i].namelen);
	r->hdr[rec->n] = NULL;
	r->nhdr = rec->n;
	r->have_hdr = 1;
}

/* ---- JSON ---- */

enum {
	J_SEQ,		/* values one after another (JSON Lines) */
	J_FIRST,	/* just after the '[' of a top-level array */
	J_ARRAY,	/* after an element: ',' or ']' */
	J_END,		/* after the closing ']': nothing more */
	J_DONE		/* nothing more to return */
};

/* Decoded offset of r->t[r->tpos]. */
static long long
jpos(const struct crm_reader *r)
{
	return r->tbase + (long long)r->tpos;
}

static long
jcol(const struct crm_reader *r)
{
	return (long)(jpos(r) - r->jlinestart) + 1;
}

/* Count the line ends of p[0..n), which end at decoded offset end. */
static void
jlines(struct crm_reader *r, const char *p, size_t n, long long end)
{
	const char *q = p, *e = p + n, *nl;

	while ((nl = memchr(q, '\n', (size_t)(e - q))) != NULL) {
		r->jline++;
		q = nl + 1;
		r->jlinestart = end - (long long)(e - q);
	}
}

/* Text at r->t + r->tpos: 1, 0 at the end of input, -1 on a read error. */
static int
jmore(struct crm_reader *r, struct crm_err *err)
{
	if (r->tpos < r->tlen)
		return 1;
	return refill(r, err);
}

/* Skip white space; the next byte, -1 at the end, -2 on a read error. */
static int
jpeek(struct crm_reader *r, struct crm_err *err)
{
	int st;

	for (;;) {
		if ((st = jmore(r, err)) <= 0)
			return st < 0 ? -2 : -1;
		while (r->tpos < r->tlen) {
			char c = r->t[r->tpos];

			if (c == '\n') {
				r->jline++;
				r->jlinestart = jpos(r) + 1;
			} else if (c != ' ' && c != '\t' && c != '\r')
				return (unsigned char)c;
			r->tpos++;
		}
	}
}

/*
 * The text is not JSON at the current place and cannot be read on: the
 * rest of the input is one bad part (status 2), and then the end.
 */
static int
json_rest(struct crm_reader *r, const char *want, struct crm_err *err)
{
	long line = r->jline, col = jcol(r);
	char found[32];
	int st;

	crm_buf_reset(&r->all);
	while ((st = jmore(r, err)) > 0) {
		crm_buf_add(&r->all, r->t + r->tpos, r->tlen - r->tpos);
		r->tpos = r->tlen;
		if (r->all.len > r->max_record)
			return crm_err_set(err, CRM_EDATA, NULL, line, col,
			    "not valid JSON: expected %s (and the %zu bytes after"
			    " it are more than a record may hold)", want,
			    r->max_record);
	}
	if (st < 0)
		return -1;
	crm_json_found(found, sizeof found, r->all.buf, r->all.len, 0);
	r->raw = r->all.buf;
	r->rawlen = r->all.len;
	r->jstate = J_DONE;
	r->info.json_errors++;
	crm_record_reset(&r->rec);
	r->rec.line = line;
	r->rec.recno = ++r->recno;
	crm_err_set(err, CRM_EDATA, NULL, line, col,
	    "not valid JSON: expected %s, found %s", want, found);
	return 2;
}

/* One value from the current place: its statuses are crm_reader_next's. */
static int
json_value(struct crm_reader *r, struct crm_err *err)
{
	long line = r->jline, col = jcol(r);
	const char *text;
	size_t start = r->tpos, k, len;
	int done = 0, st, spanned = 0;

	crm_json_split_start(&r->split, r->jstate == J_SEQ);
	for (;;) {
		k = crm_json_split_feed(&r->split, r->t + r->tpos,
		    r->tlen - r->tpos, &done);
		if (spanned)
			crm_buf_add(&r->all, r->t + r->tpos, k);
		jlines(r, r->t + r->tpos, k, jpos(r) + (long long)k);
		r->tpos += k;
		len = spanned ? r->all.len : r->tpos - start;
		if (len > r->max_record)
			return crm_err_set(err, CRM_EDATA, NULL, line, col,
			    "a record of more than %zu bytes (see "
			    "--max-record-size)", r->max_record);
		if (done || r->tpos < r->tlen)
			break;
		/* The window is spent: keep what we have, read on. */
		if (!spanned) {
			crm_buf_reset(&r->all);
			crm_buf_add(&r->all, r->t + start, r->tpos - start);
			spanned = 1;
		}
		if ((st = refill(r, err)) < 0)
			return -1;
		if (st == 0)
			break;
	}
	text = spanned ? r->all.buf : r->t + start;
	len = spanned ? r->all.len : r->tpos - start;
	if (len > 0 && text[len - 1] == '\r')
		len--;		/* of a CRLF that ended it */
	r->raw = text;
	r->rawlen = len;
	st = crm_json_parse_text(text, len, &r->rec, err);
	r->jlastbad = st == 3;
	if (st == 3 && r->tpos < r->tlen && r->t[r->tpos] == '\n') {
		/* JSON Lines: the line ended the value, not the input. */
		char *p = strstr(err->msg, "found the end of the input");

		if (p)
			snprintf(p, sizeof err->msg - (size_t)(p - err->msg),
			    "found the end of the line");
	}
	r->rec.line = line;
	r->rec.recno = ++r->recno;
	if (st == 1) {
		if (r->rec.n > r->max_columns)
			return crm_err_set(err, CRM_EDATA, NULL, line, col,
			    "an object of %zu members (at most %zu)", r->rec.n,
			    r->max_columns);
		return 1;
	}
	/* err counts from the value's start: make it the file's. */
	if (err->line <= 1)
		err->column = col + (err->column > 0 ? err->column - 1 : 0);
	err->line = line + (err->line > 0 ? err->line - 1 : 0);
	if (st == 3)
		r->info.json_errors++;
	crm_record_reset(&r->rec);
	r->rec.line = line;
	return 2;
}

static int
json_next(struct crm_reader *r, struct crm_err *err)
{
	int c;

	for (;;) {
		if (r->jstate == J_DONE)
			return 0;
		if ((c = jpeek(r, err)) == -2)
			return -1;
		switch (r->jstate) {
		case J_SEQ:
			if (c < 0) {
				r->jstate = J_DONE;
				return 0;
			}
			return json_value(r, err);
		case J_FIRST:
			if (c == ']') {
				r->tpos++;
				r->jstate = J_END;
				continue;
			}
			if (c < 0 || c == ',' || c == '}' || c == ':')
				return json_rest(r, "a value or ']'", err);
			r->jstate = J_ARRAY;
			return json_value(r, err);
		case J_ARRAY:
			if (c == ']') {
				r->tpos++;
				r->jstate = J_END;
				continue;
			}
			if (c < 0 && r->jlastbad) {
				/* That value's message said the input ended. */
				r->jstate = J_DONE;
				return 0;
			}
			if (c != ',')
				return json_rest(r, "',' or ']'", err);
			r->tpos++;
			if ((c = jpeek(r, err)) == -2)
				return -1;
			if (c < 0 || c == ',' || c == ']' || c == '}' || c == ':')
				return json_rest(r, "a value", err);
			return json_value(r, err);
		case J_END:
			if (c < 0) {
				r->jstate = J_DONE;
				return 0;
			}
			return json_rest(r, "the end of the input after ']'", err);
		}
	}
}

/* ---- workbooks ---- */

/* A workbook row's raw text: the row as one CSV line. */
static void
xlsx_raw(struct crm_reader *r)
{
	size_t i;

	crm_buf_reset(&r->all);
	for (i = 0; i < r->xw || i < r->nhdr; i++) {
		if (i)
			crm_buf_addc(&r->all, ',');
		if (i < r->xn && r->xlens[i])
			crm_csv_quote(&r->all, r->xcells[i], r->xlens[i], ',');
	}
	crm_buf_addc(&r->all, '\n');
	r->raw = r->all.buf;
	r->rawlen = r->all.len;
	r->xraw = 0;
}

/*
 * The next workbook row as a record: cells by the header's names (an
 * empty, skipped or missing cell is a missing value), cells past the
 * header "_col<N>" when they hold something; its raw text (xlsx_raw) made
 * when asked for.
 */
static int
xlsx_next(struct crm_reader *r, struct crm_err *err)
{
	const char *const *cells;
	const size_t *lens;
	size_t n, i, w;
	long row;
	int st;
	char name[32];

	crm_record_reset(&r->rec);
	if ((st = crm_xlsx_row(r->xlsx, &cells, &lens, &n, &row, err)) <= 0)
		return st;
	r->info.cell_issues = crm_xlsx_issues(r->xlsx, &r->info.cell_issue);
	for (w = n; w > r->nhdr && lens[w - 1] == 0; w--)
		;
	for (i = 0; i < w || i < r->nhdr; i++) {
		/* An empty cell is missing, as an empty CSV field is. */
		size_t len = i < n ? lens[i] : 0;
		const char *v = len ? cells[i] : NULL;

		if (i < r->nhdr)
			crm_record_add_borrowed(&r->rec, r->hdr[i],
			    strlen(r->hdr[i]), v, len);
		else {
			/* Names live as the reader: a mapper keeps them. */
			while (r->ncolnames <= i - r->nhdr) {
				snprintf(name, sizeof name, "_col%zu",
				    r->nhdr + r->ncolnames + 1);
				r->colnames = xreallocarray(r->colnames,
				    r->ncolnames + 1, sizeof *r->colnames);
				r->colnames[r->ncolnames++] = xstrdup(name);
			}
			crm_record_add_borrowed(&r->rec, r->colnames[i - r->nhdr],
			    strlen(r->colnames[i - r->nhdr]), v, len);
		}
	}
	r->xcells = cells;
	r->xlens = lens;
	r->xn = n;
	r->xw = w;
	r->xraw = 1;
	r->rec.line = row;
	r->rec.recno = ++r->recno;
	r->rec.ncells = w > r->nhdr ? w : r->nhdr;
	return 1;
}

/*
 * A copy of the whole input (the sample read, then the rest) in a file
 * made from tmpl ("$TMPDIR/crm-wbXXXXXX"): its descriptor, at offset 0.
 */
static int
spool(struct crm_reader *r, char *tmpl, size_t tsize, struct crm_err *err)
{
	const char *dir = getenv("TMPDIR");
	char buf[CHUNK_COPY];
	FILE *out = NULL;
	size_t n;
	int fd, wfd = -1;

	snprintf(tmpl, tsize, "%s/crm-wbXXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(tmpl)) < 0)
		return crm_err_set(err, CRM_EIO, r->path, 0, 0,
		    "a temporary copy of the workbook:");
	if ((wfd = dup(fd)) < 0 || !(out = fdopen(wfd, "wb")))
		goto fail;
	if (fwrite(r->in, 1, r->inlen, out) != r->inlen)
		goto fail;
	while ((n = fread(buf, 1, sizeof buf, r->fp)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			goto fail;
	if (ferror(r->fp) || fclose(out) != 0) {
		out = NULL;
		wfd = -1;
		goto fail;
	}
	if (lseek(fd, 0, SEEK_SET) != 0)
		goto fail;
	return fd;
fail:
	crm_err_set(err, CRM_EIO, r->path, 0, 0,
	    "a temporary copy of the workbook:");
	if (out)
		fclose(out);
	else if (wfd >= 0)
		close(wfd);
	close(fd);
	unlink(tmpl);
	return -1;
}

/* A seekable descriptor for the zip: the file's own, or a copy of the stream. */
static int
workbook_fd(struct crm_reader *r, struct crm_err *err)
{
	char tmpl[4096];
	int fd;

	if (r->info.size >= 0 && lseek(fileno(r->fp), 0, SEEK_SET) == 0) {
		if ((fd = dup(fileno(r->fp))) < 0)
			return crm_err_set(err, CRM_EIO, r->path, 0, 0, "dup:");
		return fd;
	}
	if ((fd = spool(r, tmpl, sizeof tmpl, err)) >= 0)
		unlink(tmpl);
	return fd;
}

/* An .xls: FreeXL reads a file by its name, so a stream goes to a copy first. */
static struct crm_xlsx *
open_xls(struct crm_reader *r, const struct crm_reader_opts *opts,
    struct crm_err *err)
{
	struct crm_xlsx *x;
	char tmpl[4096];
	int fd;

	if (r->info.size >= 0 && strcmp(r->path, "-"))
		return crm_xlsx_open_xls(r->path, crm_inname(r->path),
		    opts->sheet, r->max_record, r->max_columns, err);
	if ((fd = spool(r, tmpl, sizeof tmpl, err)) < 0)
		return NULL;
	x = crm_xlsx_open_xls(tmpl, crm_inname(r->path), opts->sheet,
	    r->max_record, r->max_columns, err);
	close(fd);
	unlink(tmpl);
	return x;
}

static int
open_workbook(struct crm_reader *r, const struct crm_reader_opts *opts,
    int xls, struct crm_err *err)
{
	const char *const *cells;
	const size_t *lens;
	size_t n, i;
	long row;
	int fd, st;

	if (xls) {
		if (!(r->xlsx = open_xls(r, opts, err)))
			return -1;
	} else if ((fd = workbook_fd(r, err)) < 0)
		return -1;
	else if (!(r->xlsx = crm_xlsx_open(fd, crm_inname(r->path),
	    opts->sheet, r->max_record, r->max_columns, err)))
		return -1;
	r->info.format = CRM_FMT_XLSX;
	r->info.sheet = crm_xlsx_sheet_name(r->xlsx);
	r->info.workbook = crm_xlsx_kind(r->xlsx);
	set_encoding(&r->info, "UTF-8", "xlsx");
	r->info.line_ending = "none";
	/* The header: the first row with a cell. */
	if ((st = crm_xlsx_row(r->xlsx, &cells, &lens, &n, &row, err)) < 0)
		return -1;
	if (st == 0)
		return crm_err_set(err, CRM_EDATA, crm_inname(r->path), 0, 0,
		    "no records: sheet '%s' is empty", r->info.sheet);
	while (n > 0 && lens[n - 1] == 0)
		n--;
	r->hdr = xcalloc(n + 1, sizeof *r->hdr);
	for (i = 0; i < n; i++)
		r->hdr[i] = xstrndup(cells[i], lens[i]);
	r->nhdr = n;
	r->have_hdr = 1;
	r->lineno = row;
	return 0;
}

int
crm_reader_sheets(const struct crm_reader *r, struct crm_buf *out,
    struct crm_err *err)
{
	size_t i;
	int hidden;

	if (!r->xlsx)
		return crm_err_set(err, CRM_EUSAGE, crm_inname(r->path), 0, 0,
		    "not a workbook: it has no sheets");
	for (i = 0; i < crm_xlsx_nsheets(r->xlsx); i++) {
		crm_buf_adds(out, crm_xlsx_sheet(r->xlsx, i, &hidden));
		crm_buf_adds(out, hidden ? "\thidden\n" : "\n");
	}
	return 0;
}

static int
next_record(struct crm_reader *r, struct crm_err *err)
{
	int st;

	r->raw = NULL;
	r->rawlen = 0;
	r->xraw = 0;
	crm_buf_reset(&r->recbad);
	if (r->info.format == CRM_FMT_XLSX)
		st = xlsx_next(r, err);
	else if (r->info.format == CRM_FMT_CSV) {
		st = crm_csv_next(r->csv, &r->rec, err);
		r->raw = crm_csv_raw(r->csv, &r->rawlen);
	} else
		st = json_next(r, err);
	if (st == 1 && !r->have_hdr && r->info.format == CRM_FMT_JSON)
		set_header(r, &r->rec);
	if (st == -1 || st == 2)
		snprintf(err->file, sizeof err->file, "%s",
		    crm_inname(r->path));
	return st;
}

int
crm_reader_next(struct crm_reader *r, struct crm_record **rec,
    struct crm_err *err)
{
	int st;

	*rec = &r->rec;
	if (r->pending) {
		st = r->pending_st;
		r->pending = 0;
		if (st == -1 || st == 2)
			*err = r->pending_err;
		return st;
	}
	return next_record(r, err);
}

static int
open_decoder(struct crm_reader *r, const struct crm_reader_opts *opts,
    struct crm_err *err)
{
	size_t skip = 0;

	if (opts->encoding && *opts->encoding) {
		if (is_utf8_name(opts->encoding))
			set_encoding(&r->info, "UTF-8", "given");
		else {
			char up[32];
			size_t i;

			snprintf(up, sizeof up, "%s", opts->encoding);
			for (i = 0; up[i]; i++)
				if (up[i] >= 'a' && up[i] <= 'z')
					up[i] = (char)(up[i] - 'a' + 'A');
			set_encoding(&r->info, up, "given");
		}
	} else
		detect_encoding((const unsigned char *)r->in,
		    r->inlen < SAMPLE ? r->inlen : SAMPLE, &r->info, &skip);
	if (!strcmp(r->info.encoding, "UTF-8")) {
		r->conv = 0;
		r->t = r->in;
		r->tlen = 0;
		new_window(r, r->in, r->inlen);
		return 0;
	}
	r->cd = iconv_open("UTF-8", r->info.encoding);
	if (r->cd == (iconv_t)-1)
		return crm_err_set(err, CRM_EUSAGE, r->path, 0, 0,
		    "unknown encoding '%s'", r->info.encoding);
	r->conv = 1;
	r->unit = !strncmp(r->info.encoding, "UTF-16", 6) ||
	    !strncmp(r->info.encoding, "UCS-2", 5) ? 2 :
	    !strncmp(r->info.encoding, "UTF-32", 6) ? 4 : 1;
	r->dec = xmalloc(4 * r->incap + 64);
	r->inpos = skip;
	if (refill(r, err) < 0)
		return -1;
	return 0;
}

/*
 * White space before the first record says nothing, and a sample of
 * nothing else would say CSV: drop whole samples of it (their lines
 * counted, *col0 the bytes of the last line so far) until one holds
 * something.  Input of white space alone is an error, as empty input is.
 */
static int
skip_blank(struct crm_reader *r, size_t *col0, struct crm_err *err)
{
	size_t b, i;
	const char *nl;

	for (;;) {
		b = r->inlen >= 3 && !memcmp(r->in, "\xef\xbb\xbf", 3) ? 3 : 0;
		for (i = b; i < r->inlen && (r->in[i] == ' ' ||
		    r->in[i] == '\t' || r->in[i] == '\r' || r->in[i] == '\n');
		    i++)
			;
		if (i < r->inlen)
			return 0;
		if (r->ineof)
			return crm_err_set(err, CRM_EDATA, r->path, 0, 0,
			    "no records: the input is only white space");
		if (b) {
			r->info.bom = 1;
			r->first_window = 0;
		}
		for (i = b; (nl = memchr(r->in + i, '\n', r->inlen - i)) != NULL;
		    i = (size_t)(nl - r->in) + 1) {
			r->lineno++;
			*col0 = 0;
		}
		*col0 += r->inlen - i;
		r->inlen = 0;
		while (r->inlen < SAMPLE && !r->ineof)
			if (read_more(r, err) < 0)
				return -1;
	}
}

struct crm_reader *
crm_reader_fopen(FILE *fp, const char *name, const struct crm_reader_opts *opts,
    struct crm_err *err)
{
	static const struct crm_reader_opts defopts = CRM_READER_OPTS_INIT;
	struct crm_reader *r = xcalloc(1, sizeof *r);
	struct stat st;
	const char *s;
	size_t n, i, sn, col0 = 0;
	int c, json, bom;

	if (!opts)
		opts = &defopts;
	r->fp = fp;
	r->path = xstrdup(name ? name : "-");
	r->cd = (iconv_t)-1;
	r->back = (iconv_t)-1;
	r->first_window = 1;
	r->eol = '\n';
	r->info.size = -1;
	r->info.delimiter_how = "";
	r->info.encoding_how = "";
	r->info.line_ending = "none";
	crm_buf_init(&r->spill);
	crm_buf_init(&r->recbad);
	crm_buf_init(&r->all);
	crm_record_init(&r->rec);
	r->src.next = line_next;
	r->src.ctx = r;
	if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode))
		r->info.size = (long long)st.st_size;

	r->max_record = opts->max_record ? opts->max_record :
	    CRM_MAX_RECORD;
	r->max_columns = opts->max_columns ? opts->max_columns :
	    CRM_MAX_COLUMNS;

	r->incap = SAMPLE;
	r->in = xmalloc(r->incap);
	while (r->inlen < SAMPLE && !r->ineof)
		if (read_more(r, err) < 0)
			goto fail;
	if (r->inlen == 0) {
		crm_err_set(err, CRM_EDATA, r->path, 0, 0, "empty input");
		goto fail;
	}
	if ((r->inlen >= 4 && (!memcmp(r->in, "PK\3\4", 4) ||
	    !memcmp(r->in, "PK\5\6", 4))) || (r->inlen >= 8 &&
	    !memcmp(r->in, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))) {
		if (open_workbook(r, opts, r->in[0] != 'P', err) < 0)
			goto fail;
		c = next_record(r, err);
		if (c == -1)
			goto fail;
		r->pending = 1;
		r->pending_st = c;
		return r;
	}
	if (skip_blank(r, &col0, err) < 0)
		goto fail;
	bom = r->inlen >= 3 && !memcmp(r->in, "\xef\xbb\xbf", 3);
	for (i = bom ? 3 : 0; i + 1 < r->inlen && (r->in[i] == ' ' ||
	    r->in[i] == '\t' || r->in[i] == '\r' || r->in[i] == '\n'); i++)
		;
	c = (unsigned char)r->in[i];
	json = opts->format == CRM_FMT_JSON || opts->format == CRM_FMT_JSONL ||
	    (opts->format == CRM_FMT_AUTO && (c == '{' || c == '['));
	if (json) {
		/* JSON is UTF-8 (RFC 8259 8.1): never sniffed, never converted. */
		if (opts->encoding && *opts->encoding &&
		    !is_utf8_name(opts->encoding)) {
			crm_err_set(err, CRM_EUSAGE, r->path, 0, 0, "JSON input"
			    " is UTF-8 (RFC 8259), not %s", opts->encoding);
			goto fail;
		}
		if ((r->inlen >= 2 && ((r->in[0] == '\xff' && r->in[1] == '\xfe') ||
		    (r->in[0] == '\xfe' && r->in[1] == '\xff'))) ||
		    utf16_guess((const unsigned char *)r->in, r->inlen)) {
			crm_err_set(err, CRM_EDATA, r->path, 1, 0, "JSON input"
			    " must be UTF-8 (RFC 8259), and this is UTF-16");
			goto fail;
		}
		set_encoding(&r->info, "UTF-8", bom || r->info.bom ? "bom" :
		    "json");
		r->conv = 0;
		new_window(r, r->in, r->inlen);
	} else if (open_decoder(r, opts, err) < 0)
		goto fail;

	/* Sniff on the decoded start of the text. */
	s = r->t ? r->t + r->tpos : "";
	n = r->tlen - r->tpos;
	sn = n < SAMPLE ? n : SAMPLE;
	sniff_line_endings(r, s, sn);
	c = 0;
	for (i = 0; i < sn; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') {
			c = (unsigned char)s[i];
			break;
		}
	if (!json && opts->format == CRM_FMT_AUTO && (c == '{' || c == '[')) {
		crm_err_set(err, CRM_EDATA, r->path, 1, 0, "JSON input must be"
		    " UTF-8 (RFC 8259), and this is %s", r->info.encoding);
		goto fail;
	}
	r->info.format = json ? CRM_FMT_JSON : CRM_FMT_CSV;

	if (r->info.format == CRM_FMT_CSV) {
		/* Excel's "sep=;" first line names the delimiter. */
		if (sn >= 5 && !strncasecmp(s, "sep=", 4) &&
		    (sn == 5 || s[5] == '\n' || s[5] == '\r')) {
			if (!opts->delimiter) {
				r->info.delimiter = (unsigned char)s[4];
				r->info.delimiter_how = "sniffed";
			}
			r->tpos += sn > 5 && s[5] == '\r' && sn > 6 &&
			    s[6] == '\n' ? 7 : sn > 5 ? 6 : 5;
			r->lineno++;
		}
		if (opts->delimiter) {
			r->info.delimiter = opts->delimiter;
			r->info.delimiter_how = "given";
		} else if (!r->info.delimiter) {
			r->info.delimiter = sniff_delimiter(r, s, sn);
			r->info.delimiter_how = "sniffed";
		}
		r->csv = crm_csv_new(&r->src, r->info.delimiter,
		    opts->no_header);
		crm_csv_limits(r->csv, r->max_record, r->max_columns);
		/* Read the header now, so that it is known before any record. */
		c = next_record(r, err);
		if (c == -1)
			goto fail;
	} else {
		r->jline = r->lineno + 1;
		r->jlinestart = jpos(r) - (long long)col0;
		r->jstate = J_SEQ;
		if (jpeek(r, err) == '[') {
			r->tpos++;
			r->jstate = J_FIRST;
		}
		c = next_record(r, err);
	}
	r->pending = 1;
	r->pending_st = c;
	if (c == -1 || c == 2)
		r->pending_err = *err;
	return r;
fail:
	crm_reader_free(r);
	return NULL;
}

struct crm_reader *
crm_reader_open(const char *path, const struct crm_reader_opts *opts,
    struct crm_err *err)
{
	struct crm_reader *r;
	FILE *fp;

	if (!path || !strcmp(path, "-"))
		return crm_reader_fopen(stdin, "-", opts, err);
	if (!(fp = fopen(path, "rb"))) {
		crm_err_set(err, CRM_EIO, path, 0, 0, "cannot open '%s':", path);
		err->file[0] = '\0';
		return NULL;
	}
	if (!(r = crm_reader_fopen(fp, path, opts, err))) {
		fclose(fp);
		return NULL;
	}
	r->ownfp = 1;
	return r;
}

void
crm_reader_free(struct crm_reader *r)
{
	size_t i;

	if (!r)
		return;
	if (r->ownfp)
		fclose(r->fp);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	if (r->back != (iconv_t)-1)
		iconv_close(r->back);
	crm_buf_release(&r->recbad);
	crm_csv_free(r->csv);
	crm_xlsx_free(r->xlsx);
	for (i = 0; i < r->ncolnames; i++)
		free(r->colnames[i]);
	free(r->colnames);
	crm_buf_release(&r->all);
	crm_buf_release(&r->spill);
	crm_record_release(&r->rec);
	for (i = 0; i < r->nhdr; i++)
		free(r->hdr[i]);
	free(r->hdr);
	free(r->de);
	free(r->dec);
	free(r->in);
	free(r->path);
	free(r);
}

const char *
crm_reader_raw(struct crm_reader *r, size_t *len)
{
	if (r->xraw)
		xlsx_raw(r);
	if (len)
		*len = r->rawlen;
	return r->raw ? r->raw : "";
}

void
crm_reader_raw_input(struct crm_reader *r, struct crm_buf *out)
{
	char *ip, *op;
	size_t il, ol, k = 0, n;

	if (r->xraw)
		xlsx_raw(r);
	ip = (char *)r->raw;
	il = r->rawlen;
	if (!r->conv || !r->raw) {
		crm_buf_add(out, r->raw ? r->raw : "", r->rawlen);
		return;
	}
	if (r->back == (iconv_t)-1 &&
	    (r->back = iconv_open(r->info.encoding, "UTF-8")) == (iconv_t)-1) {
		crm_buf_add(out, r->raw, r->rawlen);
		return;
	}
	iconv(r->back, NULL, NULL, NULL, NULL);
	while (il > 0) {
		crm_buf_grow(out, 4 * il + 16);
		op = out->buf + out->len;
		ol = 4 * il + 16;
		n = iconv(r->back, &ip, &il, &op, &ol);
		crm_buf_setlen(out, (size_t)(op - out->buf));
		if (n != (size_t)-1 || errno == E2BIG)
			continue;
		/* A U+FFFD the decoder made: the bytes it stood for. */
		if (il >= 3 && !memcmp(ip, "\xef\xbf\xbd", 3) &&
		    k < r->recbad.len) {
			n = (unsigned char)r->recbad.buf[k];
			crm_buf_add(out, r->recbad.buf + k + 1, n);
			k += 1 + n;
			ip += 3;
			il -= 3;
			continue;
		}
		/* Cannot be: the text came from this encoding.  As it is. */
		n = crm_utf8_seqlen((const unsigned char *)ip, il);
		n = n ? n : 1;
		crm_buf_add(out, ip, n);
		ip += n;
		il -= n;
	}
}

const char *const *
crm_reader_header(const struct crm_reader *r, size_t *n)
{
	static const char *const none[] = { NULL };

	if (r->info.format == CRM_FMT_CSV && r->csv)
		return crm_csv_header(r->csv, n);
	if (n)
		*n = r->nhdr;
	return r->hdr ? (const char *const *)r->hdr : none;
}

const struct crm_input_info *
crm_reader_info(const struct crm_reader *r)
{
	return &r->info;
}

const char *
crm_reader_name(const struct crm_reader *r)
{
	return crm_inname(r->path);
}

/* ---- writers ---- */

enum {
	TABLE_ROWS = 1000,	/* rows buffered per block ... */
	TABLE_CELLS = 200000,	/* ... as long as the cells are not more */
	TABLE_MAXW = 48		/* widest cell shown, in columns */
};

struct cell {
	size_t off, len;	/* in w->cells */
	size_t width;
};

struct crm_writer {
	FILE *fp;
	int format, flags;
	int delim;
	const char *eol;
	char **cols;
	size_t *collen;
	size_t ncols;
	int have_cols;
	long nrec;
	int started;
	struct crm_buf out;
	struct crm_buf cellbuf;	/* a cell with its protecting apostrophe */

	/* table */
	struct crm_buf cells;
	struct cell *cell;	/* maxrows * ncols */
	size_t nrows, maxrows;
	size_t *colw;
	int *numeric;
	int header_done;

	int *types;		/* JSON: each column's enum crm_vtype, or NULL */
	struct crm_buf scrub;	/* CSV: a value made valid UTF-8 */

	/* XLSX */
	struct crm_xlsxw *xw;
	struct crm_err xerr;	/* a failed start, told at the first write */
	const char **xv;
	size_t *xlen;
	int *xtypes;
};

struct crm_writer *
crm_writer_open(FILE *fp, int format, int flags)
{
	struct crm_writer *w = xcalloc(1, sizeof *w);

	w->fp = fp;
	w->format = format == CRM_FMT_AUTO ? CRM_FMT_CSV : format;
	w->flags = flags;
	w->delim = flags & CRM_W_EXCEL ? ';' : ',';
	w->eol = flags & CRM_W_EXCEL ? "\r\n" : "\n";
	crm_buf_init(&w->out);
	crm_buf_init(&w->cellbuf);
	crm_buf_init(&w->cells);
	crm_buf_init(&w->scrub);
	if (w->format == CRM_FMT_XLSX)
		w->xw = crm_xlsxw_open(!!(flags & CRM_W_SAFE_FORMULAS), &w->xerr);
	return w;
}

static const struct crm_field *colfield(const struct crm_writer *w,
    const struct crm_record *rec, size_t i);

/* A record (or the header, rec NULL) as a workbook row. */
static int
xlsx_write(struct crm_writer *w, const struct crm_record *rec,
    struct crm_err *err)
{
	const struct crm_field *f;
	size_t i;

	if (!w->xw) {
		if (err)
			*err = w->xerr;
		return -1;
	}
	if (!w->xv) {
		w->xv = xcalloc(w->ncols + 1, sizeof *w->xv);
		w->xlen = xcalloc(w->ncols + 1, sizeof *w->xlen);
		w->xtypes = xcalloc(w->ncols + 1, sizeof *w->xtypes);
	}
	for (i = 0; i < w->ncols; i++) {
		if (!rec) {
			w->xv[i] = w->cols[i];
			w->xlen[i] = w->collen[i];
			w->xtypes[i] = CRM_V_TEXT;
			continue;
		}
		f = colfield(w, rec, i);
		w->xv[i] = f ? f->value : NULL;
		w->xlen[i] = f && f->value ? f->len : 0;
		w->xtypes[i] = f && f->type != CRM_V_TEXT ? f->type :
		    w->types ? w->types[i] : CRM_V_TEXT;
	}
	return crm_xlsxw_row(w->xw, w->xv, w->xlen, w->xtypes, w->ncols, err);
}

void
crm_writer_columns(struct crm_writer *w, const char *const *names, size_t n)
{
	size_t i;

	if (w->started)		/* too late: the columns are out */
		return;
	for (i = 0; i < w->ncols; i++)
		free(w->cols[i]);
	free(w->cols);
	free(w->collen);
	w->cols = xreallocarray(NULL, n + 1, sizeof *w->cols);
	w->collen = xreallocarray(NULL, n + 1, sizeof *w->collen);
	for (i = 0; i < n; i++) {
		w->cols[i] = xstrdup(names[i]);
		w->collen[i] = strlen(names[i]);
	}
	w->cols[n] = NULL;
	w->ncols = n;
	w->have_cols = 1;
}

int
crm_writer_sheet(struct crm_writer *w, const char *name, struct crm_err *err)
{
	if (w->format != CRM_FMT_XLSX)
		return 0;
	if (!w->xw) {
		if (err)
			*err = w->xerr;
		return -1;
	}
	/* the sheet before: its header, even without rows */
	if (!w->started && w->have_cols && xlsx_write(w, NULL, err) < 0)
		return -1;
	free(w->xv);
	free(w->xlen);
	free(w->xtypes);
	free(w->types);
	w->xv = NULL;
	w->xlen = NULL;
	w->xtypes = NULL;
	w->types = NULL;
	w->started = 0;
	w->have_cols = 0;
	return crm_xlsxw_sheet(w->xw, name, err);
}

void
crm_writer_types(struct crm_writer *w, const int *types, size_t n)
{
	size_t i;

	free(w->types);
	w->types = xcalloc(w->ncols + 1, sizeof *w->types);
	for (i = 0; i < n && i < w->ncols; i++)
		w->types[i] = types[i];
}

static void
columns_from(struct crm_writer *w, const struct crm_record *rec)
{
	size_t i;

	w->cols = xreallocarray(NULL, rec->n + 1, sizeof *w->cols);
	w->collen = xreallocarray(NULL, rec->n + 1, sizeof *w->collen);
	for (i = 0; i < rec->n; i++) {
		w->cols[i] = xstrndup(rec->f[i].name, rec->f[i].namelen);
		w->collen[i] = rec->f[i].namelen;
	}
	w->cols[rec->n] = NULL;
	w->ncols = rec->n;
	w->have_cols = 1;
}

/* The field of rec for column i: by position when the names agree, else by name. */
static const struct crm_field *
colfield(const struct crm_writer *w, const struct crm_record *rec, size_t i)
{
	if (i < rec->n && rec->f[i].namelen == w->collen[i] &&
	    !memcmp(rec->f[i].name, w->cols[i], w->collen[i]))
		return &rec->f[i];
	return crm_record_get(rec, w->cols[i]);
}

static int
emit(struct crm_writer *w, const char *p, size_t n, struct crm_err *err)
{
	if (n && fwrite(p, 1, n, w->fp) != n) {
		if (err)
			err->file[0] = '\0';
		return crm_err_set(err, CRM_EIO, NULL, 0, 0, "write error:");
	}
	return 0;
}

static int
flush_out(struct crm_writer *w, struct crm_err *err)
{
	int rc = emit(w, w->out.buf, w->out.len, err);

	crm_buf_reset(&w->out);
	return rc;
}

/*
 * One CSV cell: valid UTF-8 (a bad byte as U+FFFD), with an apostrophe
 * before a formula for spreadsheets, quoted where needed.
 */
static void
csv_cell(struct crm_writer *w, const char *s, size_t n)
{
	if (s && crm_utf8_valid(s, n) != n) {
		crm_buf_reset(&w->scrub);
		crm_utf8_scrub(s, n, &w->scrub);
		s = w->scrub.buf;
		n = w->scrub.len;
	}
	if ((w->flags & CRM_W_SAFE_FORMULAS) && crm_csv_formula(s, n)) {
		crm_buf_reset(&w->cellbuf);
		crm_buf_addc(&w->cellbuf, '\'');
		crm_buf_add(&w->cellbuf, s, n);
		s = w->cellbuf.buf;
		n = w->cellbuf.len;
	}
	crm_csv_quote(&w->out, s, n, w->delim);
}

static void
csv_header(struct crm_writer *w)
{
	size_t i;

	if (w->flags & CRM_W_EXCEL)
		crm_buf_add(&w->out, "\xef\xbb\xbf", 3);
	if (w->flags & CRM_W_NOHEADER)
		return;
	for (i = 0; i < w->ncols; i++) {
		if (i)
			crm_buf_addc(&w->out, w->delim);
		csv_cell(w, w->cols[i], w->collen[i]);
	}
	crm_buf_adds(&w->out, w->eol);
}

/* Display width of the code point at s (*len gets its length). */
static size_t
cp_width(const char *s, size_t n, int *len)
{
	unsigned char b = (unsigned char)s[0];
	long cp;

	if (b < 0x80) {
		*len = 1;
		return 1;	/* control characters show as a space */
	}
	if ((*len = crm_utf8_decode(s, n, &cp)) < 0) {
		*len = 1;
		return 1;	/* shown as U+FFFD */
	}
	return crm_utf8_width(s, (size_t)*len);
}

/* One table cell: control characters as spaces, cut to TABLE_MAXW columns. */
static void
table_cell(struct crm_writer *w, struct cell *c, const char *s, size_t n)
{
	size_t i, start = w->cells.len, width = 0, total = 0, limit, cw;
	int len;

	for (i = 0; i < n && total <= TABLE_MAXW; i += (size_t)len)
		total += cp_width(s + i, n - i, &len);
	limit = total > TABLE_MAXW ? TABLE_MAXW - 1 : TABLE_MAXW;
	c->off = start;
	for (i = 0; i < n; i += (size_t)len) {
		unsigned char b = (unsigned char)s[i];

		cw = cp_width(s + i, n - i, &len);
		if (width + cw > limit) {
			crm_buf_add(&w->cells, "\xe2\x80\xa6", 3);
			width++;
			break;
		}
		if (b < 0x20 || b == 0x7f)
			crm_buf_addc(&w->cells, ' ');
		else if (len == 1 && b >= 0x80)
			crm_buf_add(&w->cells, "\xef\xbf\xbd", 3);
		else
			crm_buf_add(&w->cells, s + i, (size_t)len);
		width += cw;
	}
	c->len = w->cells.len - start;
	c->width = width;
}

static int
is_number(const char *s, size_t n)
{
	size_t i = 0, digits = 0;

	if (n && (s[0] == '-' || s[0] == '+'))
		i++;
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] != '.' && s[i] != ',')
			return 0;
	}
	return digits > 0;
}

static void
pad(struct crm_buf *b, size_t n)
{
	crm_buf_grow(b, n);
	memset(b->buf + b->len, ' ', n);
	crm_buf_setlen(b, b->len + n);
}

static void
table_row(struct crm_writer *w, const struct cell *row)
{
	size_t j, gap;

	for (j = 0; j < w->ncols; j++) {
		const struct cell *c = &row[j];

		gap = w->colw[j] > c->width ? w->colw[j] - c->width : 0;
		if (j)
			crm_buf_add(&w->out, "  ", 2);
		if (w->numeric[j])
			pad(&w->out, gap);
		crm_buf_add(&w->out, w->cells.buf + c->off, c->len);
		if (!w->numeric[j] && j + 1 < w->ncols)
			pad(&w->out, gap);
	}
	crm_buf_addc(&w->out, '\n');
}

static int
table_flush(struct crm_writer *w, struct crm_err *err)
{
	size_t i, j;
	struct cell *hdr = NULL;

	if (!w->colw) {
		w->colw = xcalloc(w->ncols + 1, sizeof *w->colw);
		w->numeric = xcalloc(w->ncols + 1, sizeof *w->numeric);
	}
	if (!w->header_done) {
		hdr = xcalloc(w->ncols + 1, sizeof *hdr);
		for (j = 0; j < w->ncols; j++) {
			table_cell(w, &hdr[j], w->cols[j], w->collen[j]);
			if (hdr[j].width > w->colw[j])
				w->colw[j] = hdr[j].width;
			w->numeric[j] = w->nrows > 0;
		}
	}
	for (i = 0; i < w->nrows; i++)
		for (j = 0; j < w->ncols; j++) {
			const struct cell *c = &w->cell[i * w->ncols + j];

			if (c->width > w->colw[j])
				w->colw[j] = c->width;
			if (hdr && c->len &&
			    !is_number(w->cells.buf + c->off, c->len))
				w->numeric[j] = 0;
		}
	if (hdr) {
		table_row(w, hdr);
		for (j = 0; j < w->ncols; j++) {
			if (j)
				crm_buf_add(&w->out, "  ", 2);
			for (i = 0; i < w->colw[j]; i++)
				crm_buf_addc(&w->out, '-');
		}
		crm_buf_addc(&w->out, '\n');
		free(hdr);
		w->header_done = 1;
	}
	for (i = 0; i < w->nrows; i++) {
		table_row(w, &w->cell[i * w->ncols]);
		if (w->out.len >= 64 * 1024 && flush_out(w, err) < 0)
			return -1;
	}
	w->nrows = 0;
	crm_buf_reset(&w->cells);
	return flush_out(w, err);
}

int
crm_writer_write(struct crm_writer *w, const struct crm_record *rec,
    struct crm_err *err)
{
	const struct crm_field *f;
	size_t i;

	if (!w->have_cols)
		columns_from(w, rec);
	switch (w->format) {
	case CRM_FMT_XLSX:
		if ((!w->started && xlsx_write(w, NULL, err) < 0) ||
		    xlsx_write(w, rec, err) < 0)
			return -1;
		w->started = 1;
		w->nrec++;
		return 0;
	case CRM_FMT_CSV:
		if (!w->started)
			csv_header(w);
		for (i = 0; i < w->ncols; i++) {
			if (i)
				crm_buf_addc(&w->out, w->delim);
			if ((f = colfield(w, rec, i)) != NULL)
				csv_cell(w, f->value, f->len);
		}
		crm_buf_adds(&w->out, w->eol);
		break;
	case CRM_FMT_JSON:
	case CRM_FMT_JSONL:
		if (w->format == CRM_FMT_JSON)
			crm_buf_add(&w->out, w->started ? ",\n" : "[\n", 2);
		crm_buf_addc(&w->out, '{');
		for (i = 0; i < w->ncols; i++) {
			if (i)
				crm_buf_addc(&w->out, ',');
			crm_json_encode_string(&w->out, w->cols[i],
			    w->collen[i]);
			crm_buf_addc(&w->out, ':');
			f = colfield(w, rec, i);
			if (f && f->value)
				crm_json_encode_value(&w->out, f->value,
				    f->len, f->type != CRM_V_TEXT || !w->types ?
				    f->type : w->types[i]);
			else
				crm_buf_add(&w->out, "null", 4);
		}
		crm_buf_addc(&w->out, '}');
		if (w->format == CRM_FMT_JSONL)
			crm_buf_addc(&w->out, '\n');
		break;
	case CRM_FMT_TABLE:
		if (!w->cell) {
			/* 1000 rows, fewer when they are very wide. */
			w->maxrows = TABLE_CELLS / (w->ncols ? w->ncols : 1);
			if (w->maxrows > TABLE_ROWS)
				w->maxrows = TABLE_ROWS;
			if (w->maxrows < 1)
				w->maxrows = 1;
			w->cell = xreallocarray(NULL,
			    w->maxrows * (w->ncols ? w->ncols : 1),
			    sizeof *w->cell);
		}
		for (i = 0; i < w->ncols; i++) {
			f = colfield(w, rec, i);
			table_cell(w, &w->cell[w->nrows * w->ncols + i],
			    f && f->value ? f->value : "", f ? f->len : 0);
		}
		w->nrows++;
		w->started = 1;
		w->nrec++;
		if (w->nrows == w->maxrows)
			return table_flush(w, err);
		return 0;
	}
	w->started = 1;
	w->nrec++;
	if (w->out.len >= 64 * 1024)
		return flush_out(w, err);
	return 0;
}

int
crm_writer_close(struct crm_writer *w, struct crm_err *err)
{
	int rc = 0;
	size_t i;

	if (!w)
		return 0;
	switch (w->format) {
	case CRM_FMT_CSV:
		if (!w->started && w->have_cols)
			csv_header(w);
		break;
	case CRM_FMT_JSON:
		crm_buf_adds(&w->out, w->started ? "\n]\n" : "[]\n");
		break;
	case CRM_FMT_TABLE:
		if (w->have_cols && (w->nrows || !w->header_done))
			rc = table_flush(w, err);
		break;
	case CRM_FMT_XLSX:
		if (!w->started && w->have_cols)
			rc = xlsx_write(w, NULL, err);
		if (w->xw && crm_xlsxw_close(w->xw, w->fp, rc ? NULL : err) < 0 &&
		    rc == 0)
			rc = -1;
		else if (!w->xw && rc == 0) {
			if (err)
				*err = w->xerr;
			rc = -1;
		}
		w->xw = NULL;
		break;
	}
	if (rc == 0)
		rc = flush_out(w, err);
	if (rc == 0 && fflush(w->fp) != 0) {
		if (err)
			err->file[0] = '\0';
		rc = crm_err_set(err, CRM_EIO, NULL, 0, 0, "write error:");
	}
	for (i = 0; i < w->ncols; i++)
		free(w->cols[i]);
	free(w->cols);
	free(w->collen);
	crm_buf_release(&w->out);
	crm_buf_release(&w->cellbuf);
	crm_buf_release(&w->cells);
	crm_buf_release(&w->scrub);
	free(w->types);
	free(w->xv);
	free(w->xlen);
	free(w->xtypes);
	free(w->cell);
	free(w->colw);
	free(w->numeric);
	free(w);
	return rc;
}
