/*
 * html: one self-contained HTML page of reports (crm-report --html).  A
 * pure module: report records in, the page out as bytes; inline CSS and
 * inline SVG charts (lib/svg), no JavaScript, nothing fetched, readable
 * when mailed or printed.
 *
 * Each report becomes a section: its charts (chosen by the report's name
 * and its columns: funnel bars, forecast bars with the target as a line,
 * revenue, conversion and win rate by manager or source, segment sizes,
 * the KPIs as figures), then every record as a table whose cells are the
 * values as the CSV output has them (numeric columns aligned right; an
 * empty cell stays empty).  A report the module has no chart for is a
 * table.  All text goes through crm_svg_escape.
 *
 *	struct crm_html *h = crm_html_new("crm.db", "2024-03-01..2024-03-31");
 *	crm_html_report(h, "managers", cols, ncols);
 *	while (...) crm_html_row(h, &rec);
 *	...
 *	crm_html_page(h, &buf);
 *	crm_html_free(h);
 *
 * Ownership: everything given is copied.
 */
#ifndef CRM_HTML_H
#define CRM_HTML_H

#include <stddef.h>

#include "record.h"
#include "util.h"

struct crm_html;

/* A page for the store named store over the period (text, as shown). */
struct crm_html *crm_html_new(const char *store, const char *period);
void crm_html_free(struct crm_html *h);

/* Begin a report section: the report's name and its columns. */
void crm_html_report(struct crm_html *h, const char *name,
    const char *const *cols, size_t ncols);
/* One record of the current report (its fields by the columns' names). */
void crm_html_row(struct crm_html *h, const struct crm_record *rec);

/* Append the whole page to out. */
void crm_html_page(const struct crm_html *h, struct crm_buf *out);

#endif
