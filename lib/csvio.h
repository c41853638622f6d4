/*
 * csvio: CSV records over libcsv (the only module that includes <csv.h>).
 *
 * The reader pulls physical lines of UTF-8 text from a line source (io.c
 * supplies one that decodes and splits the input) and feeds them to libcsv
 * in strict mode, so it knows the physical line where each record starts,
 * keeps the raw text of each record, and can resync after a broken one.
 * An unterminated quoted field and text after a closing quote ("x"y) make
 * a bad record; a bare quote inside an unquoted field (АО "Вектор") is a
 * literal, as Excel reads it: that record is read again without strict mode.
 * Cells keep their spaces (no trimming).  An unquoted empty cell is
 * missing (NULL); a quoted empty cell ("") is an empty string.
 *
 * The writer quotes a cell only when it must: it holds the delimiter, a
 * quote, CR or LF, or begins or ends with a space or tab.  A missing cell
 * is written as nothing and an empty string as "", so reading the output
 * back gives the same values.
 */
#ifndef CRM_CSVIO_H
#define CRM_CSVIO_H

#include <stddef.h>

#include "record.h"
#include "util.h"

/* One physical line handed out by a line source. */
struct crm_line {
	const char *p;		/* text with its line end (the last line may have none) */
	size_t n;
	long lineno;		/* physical line number, from 1 */
	long badcol;		/* > 0: the line holds a bad byte at this byte column */
	const char *badmsg;	/* why, when badcol > 0 ("invalid UTF-8") */
};

/*
 * A source of lines: next returns 1 and fills *l (borrowed until the next
 * call), 0 at the end of input, -1 on a read error (err filled).
 */
struct crm_linesrc {
	int (*next)(void *ctx, struct crm_line *l, struct crm_err *err);
	void *ctx;
};

struct crm_csv;

/*
 * A reader over src with delimiter delim.  With no_header the first row is
 * data and the cells are named _col1, _col2, ...
 */
struct crm_csv *crm_csv_new(const struct crm_linesrc *src, int delim,
    int no_header);
void crm_csv_free(struct crm_csv *c);
/*
 * At most max_record bytes of text in one record and max_columns cells in
 * the header and in a row: past them crm_csv_next fails (-1).
 */
void crm_csv_limits(struct crm_csv *c, size_t max_record,
    size_t max_columns);

/*
 * Next record into rec (reset first), with crm_reader_next's statuses:
 * 1 a record, 0 the end, -1 fatal (err filled), 2 a bad record (err says
 * where and why; crm_csv_raw holds its text; reading can go on).  The
 * header row is read by the first call; a broken header is fatal.
 */
int crm_csv_next(struct crm_csv *c, struct crm_record *rec,
    struct crm_err *err);
/* Raw text of the record last returned (good or bad), with its line end. */
const char *crm_csv_raw(const struct crm_csv *c, size_t *len);
/* The header names (borrowed); *n = 0 until the first call of next. */
const char *const *crm_csv_header(const struct crm_csv *c, size_t *n);

/*
 * Append one cell to out, quoted if needed for delimiter delim.  value
 * NULL (missing) appends nothing; "" appends "".
 */
void crm_csv_quote(struct crm_buf *out, const char *value, size_t len,
    int delim);

/*
 * 1 when a spreadsheet opening the cell s would take it for a formula: it
 * starts with '=', '+', '-', '@', TAB or CR and is not a plain number
 * ("-12.50", "+7").  Such a cell is written as "'" + s for spreadsheets
 * (OWASP's CSV injection advice); a plain number is left alone, so
 * negative amounts stay numbers.
 */
int crm_csv_formula(const char *s, size_t n);

#endif
