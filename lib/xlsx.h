/*
 * xlsx: Office Open XML workbooks (.xlsx, .xlsm) and OpenDocument
 * spreadsheets (.ods: content.xml, the same zip and SAX path) read as
 * rows, streamed.
 *
 * The only user of <zip.h> (libzip) and <expat.h>.  The workbook's part
 * list, styles and shared strings are read first (the shared strings are
 * the only thing held whole: they are the workbook's unique texts); the
 * sheet itself is parsed with expat, which stops at each row's end, so
 * memory is bounded by the widest row.
 *
 * Cells come out as the text a person sees: shared and inline strings
 * (rich-text runs joined, phonetic runs left out), numbers as Excel shows
 * them at 15 significant digits, booleans as TRUE/FALSE, a formula by its
 * cached value, and numbers whose format is a date (built-in formats 14-17,
 * 22, 27-36, 50-58, or a custom one with d, m or y) as ISO dates; times
 * (formats 18-21, 45, 47, custom ones with h or s) as HH:MM:SS; the 1904
 * date system when the workbook says so, and in the 1900 system serial 60
 * (1900-02-29, a day that never was) is kept as its number and counted as
 * a cell issue.  An error value (#N/A, #DIV/0!, ...) is an empty cell,
 * counted as a cell issue.
 *
 * An .ods is told by its mimetype entry.  Its tables are listed by a first
 * pass over content.xml (a table whose style has table:display="false" is
 * hidden); rows and cells repeated (number-rows-repeated,
 * number-columns-repeated) come out as often as they are repeated when they
 * hold something; office:value-type says the cell's type: float,
 * percentage and currency by office:value, date by office:date-value (ISO
 * already), time (PT10H30M00S) as HH:MM:SS, boolean as TRUE/FALSE, and
 * text from its text:p paragraphs (joined by a newline; notes left out).
 *
 * Refused as a zip bomb: an entry that unpacks to more than
 * CRM_XLSX_MAX_ENTRY bytes, or to more than CRM_XLSX_MAX_RATIO times its
 * packed size once past 1 MiB (the limits of Apache POI's ZipSecureFile).
 */
#ifndef CRM_XLSX_H
#define CRM_XLSX_H

#include <stddef.h>

#include "util.h"

#define CRM_XLSX_MAX_ENTRY ((long long)4 << 30)
#define CRM_XLSX_MAX_RATIO 100

struct crm_xlsx;

/*
 * Open the workbook on fd (seekable; taken over, closed by free) and pick
 * its sheet: sheet NULL or "" = the first visible one; else a sheet name,
 * or a number from 1 when no sheet has that name.  name is the input's
 * name for messages.  max_cell and max_columns bound a cell's text and a
 * row's width.  NULL with err (CRM_EDATA) on a workbook that is not one.
 */
struct crm_xlsx *crm_xlsx_open(int fd, const char *name, const char *sheet,
    size_t max_cell, size_t max_columns, struct crm_err *err);
/* The same for an Excel 97-2003 workbook (.xls, through xls.h) at path. */
struct crm_xlsx *crm_xlsx_open_xls(const char *path, const char *name,
    const char *sheet, size_t max_cell, size_t max_columns,
    struct crm_err *err);
void crm_xlsx_free(struct crm_xlsx *x);

/* The sheets in workbook order; *hidden 1 for a hidden or very hidden one. */
size_t crm_xlsx_nsheets(const struct crm_xlsx *x);
const char *crm_xlsx_sheet(const struct crm_xlsx *x, size_t i, int *hidden);
/* What the workbook is: "xlsx", "ods" or "xls". */
const char *crm_xlsx_kind(const struct crm_xlsx *x);
/* The sheet being read. */
const char *crm_xlsx_sheet_name(const struct crm_xlsx *x);

/*
 * Next row that has a cell: 1 with *row its number in the sheet (from 1)
 * and cells[0..*n) (column A first; a skipped column is ""), borrowed until
 * the next call; 0 at the end; -1 with err (sheet and cell named) when the
 * workbook is broken.
 */
int crm_xlsx_row(struct crm_xlsx *x, const char *const **cells,
    const size_t **lens, size_t *n, long *row, struct crm_err *err);

/*
 * Cell issues so far (error values read as empty, dates that cannot be):
 * their count, and the first one ("Sheet1!C5: #N/A").
 */
long crm_xlsx_issues(const struct crm_xlsx *x, const char **first);

#endif
