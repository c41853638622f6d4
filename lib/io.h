/*
 * io: the record reader and writer facade over csvio and jsonio, with
 * sniffing of format, encoding and delimiter (design §4).
 *
 * Reading: crm_reader_open decodes the input to UTF-8 (BOM, else valid
 * UTF-8, else uchardet's guess, converted with iconv), sniffs the format
 * (CSV or JSON) and the CSV delimiter among , ; TAB |, and then yields
 * records.  Memory is bounded by the widest record, not the input.
 */
#ifndef CRM_IO_H
#define CRM_IO_H

#include <stdio.h>

#include "record.h"
#include "util.h"

enum crm_format {
	CRM_FMT_AUTO = 0,
	CRM_FMT_CSV,
	CRM_FMT_JSON,		/* input: JSON Lines or one array; output: one array */
	CRM_FMT_JSONL,		/* output: JSON Lines */
	CRM_FMT_TABLE,		/* output: an aligned terminal table */
	CRM_FMT_XLSX		/* input: a workbook (.xlsx, .xlsm, .ods) */
};

/* Parse "csv", "json", "jsonl", "table"; -1 if unknown. */
int crm_format_parse(const char *s);
const char *crm_format_name(int fmt);

struct crm_reader_opts {
	int format;		/* CRM_FMT_AUTO, CRM_FMT_CSV or CRM_FMT_JSON */
	const char *encoding;	/* NULL = sniff; else an iconv name ("CP1251") */
	int delimiter;		/* 0 = sniff; else ',' ';' '\t' '|' */
	int no_header;		/* reserved: CSV without a header row */
	size_t max_record;	/* 0 = CRM_MAX_RECORD */
	size_t max_columns;	/* 0 = CRM_MAX_COLUMNS */
	const char *sheet;	/* a workbook's sheet: name or number; NULL = first visible */
};

#define CRM_READER_OPTS_INIT { CRM_FMT_AUTO, NULL, 0, 0, 0, 0, NULL }

/*
 * Limits, so that no input can take memory without bound: a record (a CSV
 * row with its line ends, a JSON Lines line, a JSON value) holds at most
 * CRM_MAX_RECORD bytes, and so does each of its fields (--max-record-size
 * raises it); a header and a record at most CRM_MAX_COLUMNS fields (as
 * many as a spreadsheet has columns).  Past them the reader stops with a
 * fatal error naming the line.
 */
#define CRM_MAX_RECORD ((size_t)64 << 20)
#define CRM_MAX_COLUMNS 16384

/* What the reader found out about its input, for messages and summaries. */
struct crm_input_info {
	int format;		/* CRM_FMT_CSV or CRM_FMT_JSON */
	char encoding[32];	/* "UTF-8", "WINDOWS-1251", "UTF-16LE", ... */
	const char *encoding_how; /* "bom", "utf8-valid", "detected", "given" */
	int bom;		/* 1 if the input began with a byte order mark */
	int delimiter;		/* CSV only */
	const char *delimiter_how; /* "sniffed", "given" */
	const char *line_ending; /* "LF", "CRLF", "CR", "mixed", "none" */
	long long bytes;	/* raw bytes read so far */
	long long size;		/* file size when known (regular file), else -1 */
	long json_errors;	/* parts that were not valid JSON (RFC 8259) */
	const char *workbook;	/* CRM_FMT_XLSX: "xlsx", "ods" */
	const char *sheet;	/* a workbook's sheet being read, else NULL */
	long cell_issues;	/* workbook cells read as empty or as numbers: */
	const char *cell_issue;	/* the first ("Sheet1!C5: #N/A (read as empty)") */
};

struct crm_reader;

/*
 * The format is known by the input's bytes: a zip is a workbook (read
 * through xlsx.h, from a temporary copy when the input is no regular
 * file), its header the first row with a cell, each record's line its
 * row in the sheet.
 *
 * Open path ("-" or NULL = stdin) for reading.  Empty input (zero bytes) is
 * an error (CRM_EDATA, "empty input").  Returns NULL and fills err on error.
 */
struct crm_reader *crm_reader_open(const char *path,
    const struct crm_reader_opts *opts, struct crm_err *err);
/* Same, over an open stream (not closed by crm_reader_free). */
struct crm_reader *crm_reader_fopen(FILE *fp, const char *name,
    const struct crm_reader_opts *opts, struct crm_err *err);
void crm_reader_free(struct crm_reader *r);

/*
 * Next record.  Returns
 *   1   a record in *rec (borrowed: valid until the next call);
 *   0   end of input;
 *  -1   a fatal error: err says where; the reader cannot go on;
 *   2   a bad record: err says where and why, crm_reader_raw() holds its
 *       raw text, and the reader can go on with the next record (a broken
 *       CSV record, invalid UTF-8, a JSON line that does not parse or is
 *       not an object).
 * A CSV row with fewer or more cells than the header is returned as a
 * record (status 1): missing cells are absent, extra cells are named
 * "_col<N>" (N from 1), and rec->ncells says how many cells it had.
 */
int crm_reader_next(struct crm_reader *r, struct crm_record **rec,
    struct crm_err *err);

/* Raw text (UTF-8 after decoding) of the record last returned, with its end of line. */
const char *crm_reader_raw(struct crm_reader *r, size_t *len);

/*
 * Append to out the record last returned as the input had it: its bytes
 * before decoding (a CP1251 row in CP1251, a byte that did not decode as
 * it was), so that it can be written back exactly; for UTF-8 input the
 * same as crm_reader_raw.
 */
void crm_reader_raw_input(struct crm_reader *r, struct crm_buf *out);

/*
 * A workbook's sheets, one a line ("name" or "name\thidden") appended to
 * out; -1 with err when the input is no workbook.
 */
int crm_reader_sheets(const struct crm_reader *r, struct crm_buf *out,
    struct crm_err *err);

/* The header (CSV) or the keys of the first object (JSON); borrowed. */
const char *const *crm_reader_header(const struct crm_reader *r, size_t *n);
const struct crm_input_info *crm_reader_info(const struct crm_reader *r);
const char *crm_reader_name(const struct crm_reader *r);

/* Writers. */
enum {
	CRM_W_EXCEL = 1 << 0,	/* CSV: UTF-8 BOM, ';' and CRLF */
	CRM_W_NOHEADER = 1 << 1,	/* CSV: no header row */
	/*
	 * CSV: a cell a spreadsheet would run as a formula (crm_csv_formula)
	 * is written with a leading apostrophe, header names too.
	 */
	CRM_W_SAFE_FORMULAS = 1 << 2
};

struct crm_writer;

/*
 * Write records to fp in format (CRM_FMT_AUTO is not allowed here; see
 * crm_output_format).  Columns are those of the first record unless set
 * with crm_writer_columns before it; later records are written by name
 * (a column a record lacks is empty; a field not in the columns is not
 * written).  A table buffers its rows to align them.
 */
struct crm_writer *crm_writer_open(FILE *fp, int format, int flags);
void crm_writer_columns(struct crm_writer *w, const char *const *names,
    size_t n);
/*
 * The JSON type (enum crm_vtype) of each of the n columns set, for fields
 * that have none of their own (CRM_V_TEXT); after crm_writer_columns.
 */
void crm_writer_types(struct crm_writer *w, const int *types, size_t n);
/*
 * Write rec.  Text output is valid UTF-8: a byte that is not shows as
 * U+FFFD (CSV, JSON and the table alike).
 */
int crm_writer_write(struct crm_writer *w, const struct crm_record *rec,
    struct crm_err *err);
/*
 * XLSX: start a new sheet called name; set its columns (and types) after
 * it, then write its records.  Other formats: nothing (0).
 */
int crm_writer_sheet(struct crm_writer *w, const char *name,
    struct crm_err *err);
/* Finish (closing "]" for JSON, the table), and free; fp is not closed. */
int crm_writer_close(struct crm_writer *w, struct crm_err *err);

/*
 * The output format when the user gave none (want = CRM_FMT_AUTO): table
 * when fp is a terminal, else JSONL when the input was JSON, else CSV.
 */
int crm_output_format(int want, FILE *fp, int input_format);

#endif
