/*
 * svg: charts as inline SVG for the report pages (lib/html), and the one
 * escaping of text for HTML and SVG.  Pure functions: numbers and labels
 * in, markup appended to a crm_buf; no I/O, no fonts, no scripts.
 *
 * Three kinds of chart, each with labelled axes and a legend when it has
 * more than one series:
 *   CRM_SVG_HBAR    one row of bars per category (owners, sources,
 *                   segments): categories down the left, values along
 *                   the bottom axis, the value at the end of each bar.
 *   CRM_SVG_VBAR    categories along the bottom (months), grouped bars
 *                   up the left axis; series marked as lines are drawn
 *                   as a line with points over the bars (a target).
 *   CRM_SVG_FUNNEL  one centred bar per stage, its width by the first
 *                   series (a second series: a dashed outline behind,
 *                   the period before), the value beside it.
 * A value that is absent (NAN) draws nothing; an axis always holds 0.
 * Text widths are estimated (0.6 em a column), so long labels are cut
 * with an ellipsis; the full label stays in a <title> tooltip.
 */
#ifndef CRM_SVG_H
#define CRM_SVG_H

#include <stddef.h>

#include "util.h"

enum crm_svg_kind {
	CRM_SVG_HBAR = 0,
	CRM_SVG_VBAR,
	CRM_SVG_FUNNEL
};

#define CRM_SVG_MAXSERIES 6

struct crm_svg_chart {
	int kind;			/* enum crm_svg_kind */
	const char *title;		/* the SVG's <title> */
	const char *axis;		/* the value axis' title */
	const char *cat_axis;		/* the category axis' title, or NULL */
	int percent;			/* values are ratios: shown as % */
	int width;			/* in px (the viewBox; scales with CSS) */
	size_t n;			/* categories */
	const char *const *labels;	/* [n] */
	size_t nseries;			/* at most CRM_SVG_MAXSERIES */
	const char *names[CRM_SVG_MAXSERIES];	/* legend */
	const double *values[CRM_SVG_MAXSERIES];	/* [n]; NAN: absent */
	int line[CRM_SVG_MAXSERIES];	/* CRM_SVG_VBAR: drawn as a line */
};

/* Append the chart as one <svg> element. */
void crm_svg_chart(struct crm_buf *out, const struct crm_svg_chart *c);

/*
 * Append n bytes of s as text for HTML or SVG (content or a quoted
 * attribute): & < > " ' as entities, control characters but tab and
 * newline as spaces, bytes that are not UTF-8 as U+FFFD.  Every piece of
 * text from records goes through here.
 */
void crm_svg_escape(struct crm_buf *out, const char *s, size_t n);
void crm_svg_escapes(struct crm_buf *out, const char *s);

/*
 * A number for people, appended to out: grouped by thin spaces, with
 * decimals (0-2) as given; percent: x 100 with one decimal and "%".
 */
void crm_svg_number(struct crm_buf *out, double x, int decimals, int percent);

#endif
