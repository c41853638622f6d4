/*
 * html: the report page (see html.h): sections of charts (lib/svg) and
 * tables, inline CSS, one file.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "svg.h"

#define MAXBARS 30	/* categories in a bar chart: the largest ones */

struct report {
	char *name;
	char **cols;
	size_t ncols;
	char **cells;		/* nrows x ncols */
	size_t nrows, cap;
};

struct crm_html {
	char *store, *period;
	struct report *v;
	size_t n, cap;
};

/* What a report is called on the page, and a line on how to read it. */
static const struct {
	const char *name, *title, *about;
} titles[] = {
	{ "managers", "Managers", "Deals created in the period per owner; "
	    "won and lost: closed in the period." },
	{ "sources", "Lead sources", "Contacts created in the period per lead "
	    "source; converted: with a won deal." },
	{ "forecast", "Forecast", "Open deals by month of expected close, "
	    "won deals by the month they closed." },
	{ "kpi", "Key figures", NULL },
	{ "funnel", "Funnel", "Deals of the period per stage." },
	{ "segments", "RFM segments", "Customers per segment in the latest "
	    "saved snapshot and the one before." },
	{ "daily", "Daily operations", NULL },
	{ "quality", "Data quality", NULL },
};

/* The charts of each report, by its columns (those present are drawn). */
struct spec {
	const char *report;
	int kind;		/* enum crm_svg_kind */
	int wide;		/* the page's width, else half */
	int percent;
	int sort;		/* 1: largest first; -1: smallest first */
	const char *label;	/* the category column; NULL: the first */
	const char *label2;	/* and a second one (entity.field), or NULL */
	const char *where;	/* only the rows whose column where ... */
	const char *equals;	/* ... holds this, or NULL for all rows */
	const char *cols[4];	/* the series' columns (NULL-ended) */
	const char *names[4];	/* and their legends */
	const char *line;	/* CRM_SVG_VBAR: a column drawn as a line */
	const char *title, *axis, *cat_axis;
};

static const struct spec specs[] = {
	{ .report = "managers", .kind = CRM_SVG_HBAR, .sort = 1,
	    .cols = { "revenue" }, .names = { "revenue" },
	    .title = "Revenue of won deals",
	    .axis = "revenue (sum of won amounts)" },
	{ .report = "managers", .kind = CRM_SVG_HBAR, .sort = 1, .percent = 1,
	    .cols = { "win_rate" }, .names = { "win rate" },
	    .title = "Win rate", .axis = "won / (won + lost)" },
	{ .report = "sources", .kind = CRM_SVG_HBAR, .sort = 1,
	    .cols = { "revenue", "spend" }, .names = { "revenue", "spend" },
	    .title = "Revenue and spend", .axis = "amount" },
	{ .report = "sources", .kind = CRM_SVG_HBAR, .sort = 1, .percent = 1,
	    .cols = { "conversion" }, .names = { "conversion" },
	    .title = "Conversion", .axis = "converted / leads" },
	{ .report = "forecast", .kind = CRM_SVG_VBAR, .wide = 1,
	    .label = "month",
	    .cols = { "won_amount", "open_amount", "weighted_amount" },
	    .names = { "won", "open", "weighted" }, .line = "target",
	    .title = "Forecast by month", .axis = "amount",
	    .cat_axis = "month (won: closed in it; open: expected to close "
	    "in it)" },
	{ .report = "funnel", .kind = CRM_SVG_FUNNEL, .wide = 1,
	    .label = "stage", .cols = { "reached", "reached_prev" },
	    .names = { "this period", "period before" },
	    .title = "Deals reaching each stage",
	    .axis = "deals that reached the stage" },
	{ .report = "segments", .kind = CRM_SVG_HBAR, .wide = 1,
	    .label = "segment", .cols = { "customers", "customers_prev" },
	    .names = { "latest snapshot", "snapshot before" },
	    .title = "Customers per segment", .axis = "customers" },
	{ .report = "daily", .kind = CRM_SVG_HBAR, .wide = 1,
	    .label = "section", .where = "item", .equals = "(all)",
	    .cols = { "count" }, .names = { "count" },
	    .title = "The day at a glance", .axis = "count" },
	{ .report = "quality", .kind = CRM_SVG_HBAR, .wide = 1, .percent = 1,
	    .sort = -1, .label = "entity", .label2 = "item", .where = "section",
	    .equals = "field", .cols = { "rate", "validity" },
	    .names = { "completeness", "validity" },
	    .title = "Completeness and validity per field",
	    .axis = "share of the records" },
};

static const char css[] =
    "body{margin:0;background:#f4f6f8;color:#1f2328;"
    "font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,"
    "\"Noto Sans\",\"DejaVu Sans\",sans-serif}\n"
    "main{max-width:1100px;margin:0 auto;padding:28px 32px 40px}\n"
    "h1{font-size:27px;margin:0 0 2px;letter-spacing:-.01em}\n"
    ".sub{color:#57606a;margin:0 0 10px}\n"
    ".sub b{color:#1f2328;font-weight:600}\n"
    "nav a{display:inline-block;margin:0 6px 6px 0;padding:2px 10px;"
    "border:1px solid #d0d7de;border-radius:12px;color:#0b5cad;"
    "text-decoration:none;font-size:13px;background:#fff}\n"
    "section{background:#fff;border:1px solid #d8dee4;border-radius:8px;"
    "padding:18px 24px 22px;margin:18px 0}\n"
    "h2{font-size:20px;margin:0 0 2px}\n"
    ".about{color:#57606a;font-size:13px;margin:0 0 12px}\n"
    ".charts{display:grid;grid-template-columns:1fr 1fr;gap:12px 28px;"
    "margin:8px 0 16px}\n"
    "figure{margin:0;min-width:0}\n"
    "figure.wide{grid-column:1/-1}\n"
    "figcaption{font-size:14px;font-weight:600;color:#32383f;"
    "margin:0 0 4px}\n"
    "svg.chart{display:block;width:100%;height:auto}\n"
    ".chart text{fill:#32383f}\n"
    ".chart .tick{fill:#6e7781;font-size:11px}\n"
    ".chart .val{fill:#32383f;font-size:11px}\n"
    ".chart .atitle{fill:#57606a;font-style:italic}\n"
    ".chart .grid{stroke:#e7eaee}\n"
    ".chart .axis{stroke:#8c959f}\n"
    ".tw{overflow-x:auto}\n"
    "table{border-collapse:collapse;font-size:13px}\n"
    "th,td{padding:4px 10px;border-bottom:1px solid #eaeef2;"
    "text-align:left;white-space:nowrap;vertical-align:top}\n"
    "th{background:#f0f3f6;font-weight:600;color:#32383f}\n"
    "th.n,td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "td:empty::after{content:\"\\2013\";color:#b0b7bf}\n"
    "td.bar{background-image:linear-gradient(#dce7f3,#dce7f3);"
    "background-repeat:no-repeat;background-position:right center;"
    "min-width:90px;print-color-adjust:exact;"
    "-webkit-print-color-adjust:exact}\n"
    "td.note{white-space:normal;color:#57606a;font-size:12px;"
    "min-width:320px}\n"
    "tbody tr:nth-child(even){background:#f8fafb}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fill,"
    "minmax(190px,1fr));gap:12px;margin:8px 0 18px}\n"
    ".card{border:1px solid #d8dee4;border-radius:6px;padding:10px 14px}\n"
    ".card .k{font-size:12px;color:#57606a}\n"
    ".card .v{font-size:24px;font-weight:600;"
    "font-variant-numeric:tabular-nums}\n"
    ".card .v.na{color:#b0b7bf}\n"
    "footer{color:#6e7781;font-size:12px;margin-top:20px}\n"
    "@media print{body{background:#fff}main{padding:0}nav{display:none}"
    "section{border:0;padding:0;break-inside:avoid}}\n";

struct crm_html *
crm_html_new(const char *store, const char *period)
{
	struct crm_html *h = xcalloc(1, sizeof *h);

	h->store = xstrdup(store ? store : "");
	h->period = xstrdup(period ? period : "");
	return h;
}

void
crm_html_free(struct crm_html *h)
{
	size_t i, j;

	if (!h)
		return;
	for (i = 0; i < h->n; i++) {
		struct report *r = &h->v[i];

		for (j = 0; j < r->ncols; j++)
			free(r->cols[j]);
		for (j = 0; j < r->nrows * r->ncols; j++)
			free(r->cells[j]);
		free(r->cols);
		free(r->cells);
		free(r->name);
	}
	free(h->v);
	free(h->store);
	free(h->period);
	free(h);
}

void
crm_html_report(struct crm_html *h, const char *name, const char *const *cols,
    size_t ncols)
{
	struct report *r;
	size_t j;

	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 8;
		h->v = xreallocarray(h->v, h->cap, sizeof *h->v);
	}
	r = &h->v[h->n++];
	memset(r, 0, sizeof *r);
	r->name = xstrdup(name);
	r->ncols = ncols;
	r->cols = xcalloc(ncols ? ncols : 1, sizeof *r->cols);
	for (j = 0; j < ncols; j++)
		r->cols[j] = xstrdup(cols[j]);
}

void
crm_html_row(struct crm_html *h, const struct crm_record *rec)
{
	struct report *r;
	size_t j;

	if (!h->n)
		return;
	r = &h->v[h->n - 1];
	if (r->nrows == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->cells = xreallocarray(r->cells, r->cap * (r->ncols ?
		    r->ncols : 1), sizeof *r->cells);
	}
	for (j = 0; j < r->ncols; j++) {
		const struct crm_field *f = crm_record_get(rec, r->cols[j]);

		r->cells[r->nrows * r->ncols + j] = f && f->value ?
		    xstrndup(f->value, f->len) : xstrdup("");
	}
	r->nrows++;
}

static const char *
cell(const struct report *r, size_t row, size_t col)
{
	return r->cells[row * r->ncols + col];
}

static long
column(const struct report *r, const char *name)
{
	size_t j;

	for (j = 0; j < r->ncols; j++)
		if (!strcmp(r->cols[j], name))
			return (long)j;
	return -1;
}

/* A cell as a number: the whole cell, else NAN (empty, text). */
static double
number(const char *s)
{
	char *end;
	double x;

	if (!*s)
		return NAN;
	x = strtod(s, &end);
	return *end || !isfinite(x) ? NAN : x;
}

/* A column of numbers (each non-empty cell one, at least one): aligned right. */
static int
numeric(const struct report *r, size_t col)
{
	size_t i, n = 0;

	for (i = 0; i < r->nrows; i++) {
		const char *s = cell(r, i, col);

		if (!*s)
			continue;
		if (strspn(s, "-0123456789.") != strlen(s) || isnan(number(s)))
			return 0;
		n++;
	}
	return n > 0;
}

struct keyed {
	double v;
	size_t i;
};

/* Largest first, absent last, else in the report's order. */
static int
by_value(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	double u = isnan(x->v) ? -INFINITY : x->v;
	double w = isnan(y->v) ? -INFINITY : y->v;

	if (u != w)
		return u < w ? 1 : -1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The category of row i: the label column, and label2's after a dot. */
static char *
category(const struct report *r, size_t i, long lab, long lab2)
{
	struct crm_buf b = CRM_BUF_INIT;

	crm_buf_adds(&b, cell(r, i, (size_t)lab));
	if (lab2 >= 0) {
		crm_buf_addc(&b, '.');
		crm_buf_adds(&b, cell(r, i, (size_t)lab2));
	}
	return crm_buf_detach(&b, NULL);
}

/*
 * One chart of report r by spec sp, when it has something to draw: the
 * rows that pass the spec's filter, one category per label (in a funnel
 * or by month, the rows of one stage or month that --by split are summed;
 * a line keeps its first value),
 * sorted and cut to MAXBARS as the spec says.
 */
static void
chart(struct crm_buf *out, const struct report *r, const struct spec *sp)
{
	struct crm_svg_chart c;
	struct keyed *order;
	char **labels, **shown;
	double *vals, *cv;
	size_t n = 0, m, i, j, s, k;
	long lab, lab2 = -1, col[CRM_SVG_MAXSERIES], where = -1;
	const char *names[CRM_SVG_MAXSERIES];
	int line[CRM_SVG_MAXSERIES], merged = 0;

	lab = sp->label ? column(r, sp->label) : 0;
	if (sp->label2 && (lab2 = column(r, sp->label2)) < 0)
		return;
	if (sp->where && (where = column(r, sp->where)) < 0)
		return;
	if (lab < 0 || !r->nrows || !r->ncols)
		return;
	for (k = 0, s = 0; s < 5 && k < CRM_SVG_MAXSERIES; s++) {
		const char *name = s < 4 ? sp->cols[s] : sp->line;
		long jc;
		int any = 0;

		if (!name || (jc = column(r, name)) < 0)
			continue;
		for (i = 0; i < r->nrows; i++) {
			double x = number(cell(r, i, (size_t)jc));

			if ((where < 0 || !strcmp(cell(r, i, (size_t)where),
			    sp->equals)) && !isnan(x) && x != 0)
				any = 1;
		}
		if (!any)
			continue;
		col[k] = jc;
		names[k] = s < 4 ? sp->names[s] : name;
		line[k++] = s == 4;
	}
	if (!k)
		return;
	labels = xcalloc(r->nrows, sizeof *labels);
	vals = xcalloc(r->nrows * k, sizeof *vals);
	for (i = 0; i < r->nrows; i++) {
		char *l;

		if (where >= 0 && strcmp(cell(r, i, (size_t)where), sp->equals))
			continue;
		l = category(r, i, lab, lab2);
		for (j = 0; sp->kind != CRM_SVG_HBAR && j < n; j++)
			if (!strcmp(labels[j], l))
				break;
		if (sp->kind != CRM_SVG_HBAR && j < n)
			merged = 1;
		if (j == n || sp->kind == CRM_SVG_HBAR) {
			j = n++;
			labels[j] = l;
			for (s = 0; s < k; s++)
				vals[j * k + s] = NAN;
		} else
			free(l);
		for (s = 0; s < k; s++) {
			double x = number(cell(r, i, (size_t)col[s])), *v;

			v = &vals[j * k + s];
			if (isnan(x) || (line[s] && !isnan(*v)))
				continue;
			*v = isnan(*v) ? x : *v + x;
		}
	}
	order = xcalloc(n ? n : 1, sizeof *order);
	for (i = 0; i < n; i++) {
		order[i].i = i;
		order[i].v = vals[i * k] * (sp->sort < 0 ? -1 : 1);
	}
	if (sp->sort)
		qsort(order, n, sizeof *order, by_value);
	m = n;
	if (sp->kind == CRM_SVG_HBAR && m > MAXBARS)
		m = MAXBARS;
	shown = xcalloc(m ? m : 1, sizeof *shown);
	cv = xcalloc((m ? m : 1) * k, sizeof *cv);
	for (i = 0; i < m; i++) {
		shown[i] = labels[order[i].i];
		for (s = 0; s < k; s++)
			cv[s * m + i] = vals[order[i].i * k + s];
	}
	memset(&c, 0, sizeof c);
	c.kind = sp->kind;
	c.title = sp->title;
	c.axis = sp->axis;
	c.cat_axis = sp->cat_axis;
	c.percent = sp->percent;
	c.width = sp->wide ? 1040 : 510;
	c.n = m;
	c.labels = (const char *const *)shown;
	c.nseries = k;
	for (s = 0; s < k; s++) {
		c.names[s] = names[s];
		c.values[s] = cv + s * m;
		c.line[s] = line[s];
	}
	if (m) {
		crm_buf_addf(out, "<figure%s><figcaption>", sp->wide ?
		    " class=\"wide\"" : "");
		crm_svg_escapes(out, sp->title);
		if (!sp->label) {	/* managers --by FIELD: by that */
			crm_buf_adds(out, " by ");
			crm_svg_escapes(out, r->cols[0]);
		}
		if (merged)	/* --by: months or stages of every group */
			crm_buf_adds(out, ", all groups together");
		if (m < n)
			crm_buf_addf(out, " (the %s %zu of %zu)", sp->sort < 0 ?
			    "lowest" : "largest", m, n);
		crm_buf_adds(out, "</figcaption>");
		crm_svg_chart(out, &c);
		crm_buf_adds(out, "</figure>\n");
	}
	for (i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	free(shown);
	free(vals);
	free(cv);
	free(order);
}

/* The KPIs as figures: value by unit (ratio as %, money, days). */
static void
kpi_cards(struct crm_buf *out, const struct report *r)
{
	long kc = column(r, "kpi"), vc = column(r, "value"),
	    uc = column(r, "unit");
	size_t i;

	if (kc < 0 || vc < 0 || !r->nrows)
		return;
	crm_buf_adds(out, "<div class=\"cards\">\n");
	for (i = 0; i < r->nrows; i++) {
		const char *k = cell(r, i, (size_t)kc), *unit = uc < 0 ? "" :
		    cell(r, i, (size_t)uc), *p;
		double x = number(cell(r, i, (size_t)vc));

		crm_buf_adds(out, "<div class=\"card\"><div class=\"k\">");
		for (p = k; *p; p++)	/* lead_conversion: lead conversion */
			if (*p == '_')
				crm_buf_addc(out, ' ');
			else
				crm_svg_escape(out, p, 1);
		crm_buf_addf(out, "</div><div class=\"v%s\">", isnan(x) ?
		    " na" : "");
		if (isnan(x))
			crm_buf_adds(out, "\xe2\x80\x93");
		else if (!strcmp(unit, "ratio"))
			crm_svg_number(out, x, 1, 1);
		else if (!strcmp(unit, "money"))
			crm_svg_number(out, x, 2, 0);
		else {
			crm_svg_number(out, x, x == floor(x) ? 0 : 2, 0);
			if (*unit) {
				crm_buf_addc(out, ' ');
				crm_svg_escapes(out, unit);
			}
		}
		crm_buf_adds(out, "</div></div>\n");
	}
	crm_buf_adds(out, "</div>\n");
}

/* Columns whose cells carry a bar behind the number (the manager table). */
static const struct {
	const char *report, *col;
} barcols[] = {
	{ "managers", "deals" }, { "managers", "revenue" },
	{ "sources", "leads" }, { "sources", "revenue" },
};

/* The largest value of column j when it is a bar column, else 0. */
static double
bar_max(const struct report *r, size_t j)
{
	double max = 0, x;
	size_t i;

	for (i = 0; i < sizeof barcols / sizeof barcols[0]; i++)
		if (!strcmp(barcols[i].report, r->name) &&
		    !strcmp(barcols[i].col, r->cols[j]))
			break;
	if (i == sizeof barcols / sizeof barcols[0])
		return 0;
	for (i = 0; i < r->nrows; i++)
		if (!isnan(x = number(cell(r, i, j))) && x > max)
			max = x;
	return max;
}

static void
table(struct crm_buf *out, const struct report *r)
{
	char *num = xcalloc(r->ncols ? r->ncols : 1, 1);
	double *bar = xcalloc(r->ncols ? r->ncols : 1, sizeof *bar);
	size_t i, j;

	for (j = 0; j < r->ncols; j++)
		if ((num[j] = (char)numeric(r, j)))
			bar[j] = bar_max(r, j);
	crm_buf_adds(out, "<div class=\"tw\"><table class=\"records\" "
	    "data-report=\"");
	crm_svg_escapes(out, r->name);
	crm_buf_adds(out, "\">\n<thead><tr>");
	for (j = 0; j < r->ncols; j++) {
		crm_buf_adds(out, num[j] ? "<th class=\"n\">" : "<th>");
		crm_svg_escapes(out, r->cols[j]);
		crm_buf_adds(out, "</th>");
	}
	crm_buf_adds(out, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < r->nrows; i++) {
		crm_buf_adds(out, "<tr>");
		for (j = 0; j < r->ncols; j++) {
			double x = number(cell(r, i, j));

			if (bar[j] > 0 && !isnan(x) && x > 0)
				crm_buf_addf(out, "<td class=\"n bar\" style=\""
				    "background-size:%.1f%% 100%%\">",
				    x / bar[j] * 100);
			else
				crm_buf_adds(out, num[j] ? "<td class=\"n\">" :
				    !strcmp(r->cols[j], "formula") ?
				    "<td class=\"note\">" : "<td>");
			crm_svg_escapes(out, cell(r, i, j));
			crm_buf_adds(out, "</td>");
		}
		crm_buf_adds(out, "</tr>\n");
	}
	crm_buf_adds(out, "</tbody></table></div>\n");
	free(bar);
	free(num);
}

static void
section(struct crm_buf *out, const struct report *r)
{
	const char *title = r->name, *about = NULL;
	struct crm_buf charts = CRM_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof titles / sizeof titles[0]; i++)
		if (!strcmp(titles[i].name, r->name)) {
			title = titles[i].title;
			about = titles[i].about;
		}
	crm_buf_adds(out, "<section id=\"r-");
	crm_svg_escapes(out, r->name);
	crm_buf_adds(out, "\">\n<h2>");
	crm_svg_escapes(out, title);
	crm_buf_adds(out, "</h2>\n");
	if (about) {
		crm_buf_adds(out, "<p class=\"about\">");
		crm_svg_escapes(out, about);
		crm_buf_adds(out, "</p>\n");
	}
	if (!r->nrows)
		crm_buf_adds(out, "<p class=\"about\">No records in the "
		    "period.</p>\n");
	if (!strcmp(r->name, "kpi"))
		kpi_cards(out, r);
	for (i = 0; i < sizeof specs / sizeof specs[0]; i++)
		if (!strcmp(specs[i].report, r->name))
			chart(&charts, r, &specs[i]);
	if (charts.len) {
		crm_buf_adds(out, "<div class=\"charts\">\n");
		crm_buf_add(out, charts.buf, charts.len);
		crm_buf_adds(out, "</div>\n");
	}
	crm_buf_release(&charts);
	table(out, r);
	crm_buf_adds(out, "</section>\n");
}

void
crm_html_page(const struct crm_html *h, struct crm_buf *out)
{
	size_t i;

	crm_buf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\""
	    "width=device-width, initial-scale=1\">\n<title>CRM report ");
	crm_svg_escapes(out, h->period);
	crm_buf_adds(out, " \xc2\xb7 ");
	crm_svg_escapes(out, h->store);
	crm_buf_adds(out, "</title>\n<style>\n");
	crm_buf_adds(out, css);
	crm_buf_adds(out, "</style>\n</head>\n<body>\n<main>\n<header>\n"
	    "<h1>CRM report</h1>\n<p class=\"sub\">Period <b class=\"period\">");
	crm_svg_escapes(out, h->period);
	crm_buf_adds(out, "</b> \xc2\xb7 store <b class=\"store\">");
	crm_svg_escapes(out, h->store);
	crm_buf_adds(out, "</b></p>\n<nav>");
	for (i = 0; i < h->n; i++) {
		crm_buf_adds(out, "<a href=\"#r-");
		crm_svg_escapes(out, h->v[i].name);
		crm_buf_adds(out, "\">");
		crm_svg_escapes(out, h->v[i].name);
		crm_buf_adds(out, "</a>");
	}
	crm_buf_adds(out, "</nav>\n</header>\n");
	for (i = 0; i < h->n; i++)
		section(out, &h->v[i]);
	crm_buf_adds(out, "<footer>Made by crm-report; the tables hold the "
	    "values of crm-report -f csv.</footer>\n</main>\n</body>\n"
	    "</html>\n");
}
