/*
 * xls: Excel 97-2003 workbooks through libfreexl (see xls.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <freexl.h>

#include "xls.h"

struct crm_xls {
	const void *h;
	char *name;
	char **sheets;
	size_t nsheets;
};

static int
fail(struct crm_xls *x, struct crm_err *err, const char *what, int rc)
{
	return crm_err_set(err, CRM_EDATA, x->name, 0, 0,
	    "not a readable .xls workbook: %s (FreeXL error %d)", what, rc);
}

struct crm_xls *
crm_xls_open(const char *path, const char *name, struct crm_err *err)
{
	struct crm_xls *x = xcalloc(1, sizeof *x);
	unsigned int n = 0;
	const char *s;
	int rc;
	size_t i;

	x->name = xstrdup(name);
	if ((rc = freexl_open(path, &x->h)) != FREEXL_OK) {
		fail(x, err, "cannot parse it", rc);
		goto bad;
	}
	if ((rc = freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, &n)) !=
	    FREEXL_OK) {
		fail(x, err, "no sheet count", rc);
		goto bad;
	}
	x->sheets = xcalloc(n + 1, sizeof *x->sheets);
	for (i = 0; i < n; i++) {
		if ((rc = freexl_get_worksheet_name(x->h, (unsigned short)i,
		    &s)) != FREEXL_OK) {
			fail(x, err, "a sheet with no name", rc);
			goto bad;
		}
		x->sheets[i] = xstrdup(s ? s : "");
		x->nsheets++;
	}
	return x;
bad:
	crm_xls_free(x);
	return NULL;
}

void
crm_xls_free(struct crm_xls *x)
{
	size_t i;

	if (!x)
		return;
	if (x->h)
		freexl_close(x->h);
	for (i = 0; i < x->nsheets; i++)
		free(x->sheets[i]);
	free(x->sheets);
	free(x->name);
	free(x);
}

size_t
crm_xls_nsheets(const struct crm_xls *x)
{
	return x->nsheets;
}

const char *
crm_xls_sheet(const struct crm_xls *x, size_t i)
{
	return x->sheets[i];
}

int
crm_xls_select(struct crm_xls *x, size_t i, long *rows, long *cols,
    struct crm_err *err)
{
	unsigned int r = 0;
	unsigned short c = 0;
	int rc;

	if ((rc = freexl_select_active_worksheet(x->h, (unsigned short)i)) !=
	    FREEXL_OK || (rc = freexl_worksheet_dimensions(x->h, &r, &c)) !=
	    FREEXL_OK)
		return fail(x, err, "cannot select the sheet", rc);
	*rows = (long)r;
	*cols = (long)c;
	return 0;
}

int
crm_xls_cell(struct crm_xls *x, long row, long col, struct crm_buf *out,
    struct crm_err *err)
{
	FreeXL_CellValue v;
	int rc;

	if ((rc = freexl_get_cell_value(x->h, (unsigned int)row,
	    (unsigned short)col, &v)) != FREEXL_OK)
		return fail(x, err, "a cell cannot be read", rc);
	switch (v.type) {
	case FREEXL_CELL_INT:
		crm_buf_addf(out, "%d", v.value.int_value);
		return CRM_XLS_NUMBER;
	case FREEXL_CELL_DOUBLE:
		crm_buf_addf(out, "%.17g", v.value.double_value);
		return CRM_XLS_NUMBER;
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
		crm_buf_adds(out, v.value.text_value ? v.value.text_value : "");
		return CRM_XLS_TEXT;
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_DATETIME:
	case FREEXL_CELL_TIME:
		crm_buf_adds(out, v.value.text_value ? v.value.text_value : "");
		return CRM_XLS_DATE;
	}
	return CRM_XLS_EMPTY;
}
