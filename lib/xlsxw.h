/*
 * xlsxw: records written as an Excel workbook (.xlsx) with libxlsxwriter,
 * its only user.  One sheet, or several (crm_xlsxw_sheet: one table each,
 * each with its own header); the header row bold, frozen and filtered;
 * each column as wide as its widest cell (up to 60 characters); the
 * library's constant-memory mode, so rows go to disk as they are written.
 *
 * Cells are typed: a field typed as a number (enum crm_vtype) whose text
 * is one is a number; a strict ISO date (YYYY-MM-DD) or date-time
 * (YYYY-MM-DDTHH:MM[:SS]) is a date cell with a date format; everything
 * else is text as it is (phones, ИНН and postal codes keep their leading
 * zeros).  A text cell is a string cell, which a spreadsheet never runs;
 * with safe set (--excel) a text cell that a spreadsheet would run as a
 * formula (crm_csv_formula) is written with a leading apostrophe, as the
 * CSV writer does (libxlsxwriter 1.1 has no quote-prefix format).
 *
 * libxlsxwriter writes to a named file: the workbook is made in a
 * temporary file ($TMPDIR) and copied to the output stream at close.
 */
#ifndef CRM_XLSXW_H
#define CRM_XLSXW_H

#include <stddef.h>
#include <stdio.h>

#include "util.h"

struct crm_xlsxw;

struct crm_xlsxw *crm_xlsxw_open(int safe, struct crm_err *err);
/*
 * Start a new sheet called name (Excel's limits: cut to 31 bytes at a
 * character boundary, each of []:*?/\ made '_'); the rows after it go
 * there, the header first.  Without it
 * the rows go to one sheet called Sheet1.  -1 with err when the workbook
 * cannot have a sheet of that name (one of the name already).
 */
int crm_xlsxw_sheet(struct crm_xlsxw *w, const char *name,
    struct crm_err *err);
/*
 * Write the next row: the header first (n names), then records; v[i] NULL
 * is an empty cell; types[i] the field's enum crm_vtype.
 */
int crm_xlsxw_row(struct crm_xlsxw *w, const char *const *v,
    const size_t *len, const int *types, size_t n, struct crm_err *err);
/* Finish the workbook, copy it to out, and free w (also on error). */
int crm_xlsxw_close(struct crm_xlsxw *w, FILE *out, struct crm_err *err);

#endif
