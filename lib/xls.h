/*
 * xls: Excel 97-2003 workbooks (BIFF in an OLE2 file) through libfreexl,
 * its only user.  FreeXL reads the whole workbook at open (a BIFF sheet has
 * at most 65536 rows of 256 columns, so memory stays bounded) and gives
 * each cell typed: integers, doubles, texts, and dates, date-times and
 * times already as ISO text in the workbook's date system.  It tells no
 * hidden sheets apart, and gives booleans as the integers 0 and 1.
 */
#ifndef CRM_XLS_H
#define CRM_XLS_H

#include <stddef.h>

#include "util.h"

enum crm_xls_type { CRM_XLS_EMPTY, CRM_XLS_NUMBER, CRM_XLS_TEXT, CRM_XLS_DATE };

struct crm_xls;

/* Open the file at path; NULL with err (CRM_EDATA, under name) when it is no workbook. */
struct crm_xls *crm_xls_open(const char *path, const char *name,
    struct crm_err *err);
void crm_xls_free(struct crm_xls *x);
size_t crm_xls_nsheets(const struct crm_xls *x);
const char *crm_xls_sheet(const struct crm_xls *x, size_t i);
/* Select sheet i; its rows and columns in *rows, *cols.  -1 with err. */
int crm_xls_select(struct crm_xls *x, size_t i, long *rows, long *cols,
    struct crm_err *err);
/*
 * The cell at row, col (from 0) of the selected sheet appended to out as
 * text (a number as a C double literal, a date as ISO 8601 text):
 * enum crm_xls_type, or -1 with err.
 */
int crm_xls_cell(struct crm_xls *x, long row, long col, struct crm_buf *out,
    struct crm_err *err);

#endif
