/*
 * xlsxw: records as an Excel workbook through libxlsxwriter (see xlsxw.h).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "csvio.h"
#include "date.h"
#include "record.h"
#include "utf8.h"
#include "xlsxw.h"

enum { MAXWIDTH = 60 };

struct crm_xlsxw {
	char path[4096];
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *date, *datetime, *minutes;
	int safe;
	lxw_row_t row;
	size_t ncols;
	double *width;
	struct crm_buf tmp;
};

static int
lxw_fail(struct crm_err *err, lxw_error e)
{
	return crm_err_set(err, CRM_EIO, NULL, 0, 0, "writing the workbook: %s",
	    lxw_strerror(e));
}

struct crm_xlsxw *
crm_xlsxw_open(int safe, struct crm_err *err)
{
	struct crm_xlsxw *w = xcalloc(1, sizeof *w);
	lxw_workbook_options o;
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(w->path, sizeof w->path, "%s/crm-xlsxXXXXXX",
	    dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(w->path)) < 0) {
		crm_err_set(err, CRM_EIO, NULL, 0, 0, "a temporary workbook:");
		free(w);
		return NULL;
	}
	close(fd);
	memset(&o, 0, sizeof o);
	o.constant_memory = LXW_TRUE;
	o.tmpdir = (char *)(dir && *dir ? dir : NULL);
	if (!(w->wb = workbook_new_opt(w->path, &o))) {
		crm_err_set(err, CRM_EIO, NULL, 0, 0, "cannot start a workbook");
		unlink(w->path);
		free(w);
		return NULL;
	}
	w->bold = workbook_add_format(w->wb);
	format_set_bold(w->bold);
	w->date = workbook_add_format(w->wb);
	format_set_num_format(w->date, "yyyy-mm-dd");
	w->datetime = workbook_add_format(w->wb);
	format_set_num_format(w->datetime, "yyyy-mm-dd hh:mm:ss");
	/* a time given to the minute is written so, read back without :00 */
	w->minutes = workbook_add_format(w->wb);
	format_set_num_format(w->minutes, "yyyy-mm-dd hh:mm");
	w->safe = safe;
	crm_buf_init(&w->tmp);
	return w;
}

/* A number as the text of a JSON number: "-12.5", "1e3". */
static int
number(const char *s, size_t n, double *d)
{
	char *end;

	if (!n || !((s[0] >= '0' && s[0] <= '9') || s[0] == '-'))
		return 0;
	*d = strtod(s, &end);
	return end == s + n;
}

/*
 * A strict ISO date or date-time with no zone: 1, its Excel serial in *d;
 * *withtime is 0 for a date, 16 or 19 for a time to the minute or second.
 */
static int
isodate(const char *s, size_t n, double *d, int *withtime)
{
	struct crm_datetime dt;
	const char *why;
	long day;

	if (n != 10 && n != 16 && n != 19)
		return 0;
	if (crm_date_iso_days(s, n, &day) < 0)
		return 0;
	if (n == 10) {
		*withtime = 0;
	} else {
		if (s[10] != 'T' || crm_date_parse(s, n, &dt, &why) < 0 ||
		    dt.has_off || dt.sec < 0)
			return 0;
		*withtime = (int)n;
	}
	/* serial days count from 1899-12-30 (after 1900-03-01) */
	if (day < crm_date_from_civil(1900, 3, 1))
		return 0;
	*d = (double)(day - crm_date_from_civil(1899, 12, 30));
	if (*withtime)
		*d += dt.sec / 86400.0;
	return 1;
}

static void
widen(struct crm_xlsxw *w, size_t i, const char *s, size_t n)
{
	double cw = (double)crm_utf8_width(s, n) + 2;

	if (cw > MAXWIDTH)
		cw = MAXWIDTH;
	if (cw > w->width[i])
		w->width[i] = cw;
}

/* The sheet's last touches: header frozen and filtered, column widths. */
static void
sheet_finish(struct crm_xlsxw *w)
{
	size_t c;

	if (w->ws && w->row > 0 && w->ncols > 0) {
		worksheet_freeze_panes(w->ws, 1, 0);
		worksheet_autofilter(w->ws, 0, 0, w->row - 1,
		    (lxw_col_t)(w->ncols - 1));
		for (c = 0; c < w->ncols; c++)
			worksheet_set_column(w->ws, (lxw_col_t)c, (lxw_col_t)c,
			    w->width[c] > 8 ? w->width[c] : 8, NULL);
	}
	free(w->width);
	w->width = NULL;
	w->row = 0;
	w->ncols = 0;
}

int
crm_xlsxw_sheet(struct crm_xlsxw *w, const char *name, struct crm_err *err)
{
	char nm[32];
	size_t i, n;
	lxw_error e;

	sheet_finish(w);
	/* Excel's limits: 31 characters, none of []:*?/\ (whole UTF-8
	 * characters cut: 31 bytes are never more than 31 characters) */
	if (!name || !*name)
		name = "Sheet";
	if ((n = strlen(name)) >= sizeof nm) {
		n = sizeof nm - 1;
		while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(nm, name, n);
	nm[n] = '\0';
	for (i = 0; nm[i]; i++)
		if (strchr("[]:*?/\\", nm[i]))
			nm[i] = '_';
	/* checked first: workbook_add_worksheet prints its refusals */
	if ((e = workbook_validate_sheet_name(w->wb, nm)) != LXW_NO_ERROR)
		return crm_err_set(err, CRM_EUSAGE, NULL, 0, 0, "the workbook "
		    "cannot have a sheet called '%s': %s", nm, lxw_strerror(e));
	if (!(w->ws = workbook_add_worksheet(w->wb, nm)))
		return crm_err_set(err, CRM_EIO, NULL, 0, 0, "the workbook "
		    "cannot have a sheet called '%s'", nm);
	return 0;
}

int
crm_xlsxw_row(struct crm_xlsxw *w, const char *const *v, const size_t *len,
    const int *types, size_t n, struct crm_err *err)
{
	lxw_error e = LXW_NO_ERROR;
	lxw_col_t c;
	double d;
	int wt;

	if (!w->ws && !(w->ws = workbook_add_worksheet(w->wb, NULL)))
		return crm_err_set(err, CRM_EIO, NULL, 0, 0,
		    "cannot start a workbook");
	if (w->row == 0) {
		w->ncols = n;
		w->width = xcalloc(n ? n : 1, sizeof *w->width);
	}
	for (c = 0; c < n && c < w->ncols && e == LXW_NO_ERROR; c++) {
		if (!v[c] || !len[c])
			continue;
		crm_buf_reset(&w->tmp);
		crm_buf_add(&w->tmp, v[c], len[c]);
		if (w->row == 0)
			e = worksheet_write_string(w->ws, 0, c, w->tmp.buf,
			    w->bold);
		else if (types && types[c] == CRM_V_NUMBER &&
		    number(v[c], len[c], &d))
			e = worksheet_write_number(w->ws, w->row, c, d, NULL);
		else if (isodate(v[c], len[c], &d, &wt))
			e = worksheet_write_number(w->ws, w->row, c, d,
			    wt == 19 ? w->datetime : wt ? w->minutes : w->date);
		else {
			if (w->safe && crm_csv_formula(v[c], len[c])) {
				crm_buf_reset(&w->tmp);
				crm_buf_addc(&w->tmp, '\'');
				crm_buf_add(&w->tmp, v[c], len[c]);
			}
			e = worksheet_write_string(w->ws, w->row, c, w->tmp.buf,
			    NULL);
		}
		widen(w, c, v[c], len[c] > 256 ? 256 : len[c]);
	}
	if (e != LXW_NO_ERROR)
		return lxw_fail(err, e);
	w->row++;
	return 0;
}

int
crm_xlsxw_close(struct crm_xlsxw *w, FILE *out, struct crm_err *err)
{
	lxw_error e;
	FILE *in;
	char buf[64 * 1024];
	size_t n;
	int rc = 0;

	sheet_finish(w);
	if (!w->ws)	/* a workbook has a sheet, empty or not */
		w->ws = workbook_add_worksheet(w->wb, NULL);
	if ((e = workbook_close(w->wb)) != LXW_NO_ERROR)
		rc = lxw_fail(err, e);
	else if (!(in = fopen(w->path, "rb")))
		rc = crm_err_set(err, CRM_EIO, NULL, 0, 0,
		    "reading the workbook back:");
	else {
		while ((n = fread(buf, 1, sizeof buf, in)) > 0)
			if (fwrite(buf, 1, n, out) != n) {
				rc = crm_err_set(err, CRM_EIO, NULL, 0, 0,
				    "write error:");
				break;
			}
		if (!rc && ferror(in))
			rc = crm_err_set(err, CRM_EIO, NULL, 0, 0,
			    "reading the workbook back:");
		fclose(in);
	}
	unlink(w->path);
	crm_buf_release(&w->tmp);
	free(w);
	return rc;
}
