/*
 * svg: bar, grouped-bar-and-line and funnel charts as inline SVG, and the
 * escaping of text for HTML and SVG (see svg.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "svg.h"
#include "utf8.h"

#define FONT	12		/* px, the charts' text */
#define CHARW	7.8		/* px, a column of FONT text (estimated, wide) */

static const char *const colour[CRM_SVG_MAXSERIES] = {
	"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1"
};

void
crm_svg_escape(struct crm_buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0, len;

	while (i < n) {
		const char *rep = NULL;

		if (p[i] >= 0x80) {
			if ((len = crm_utf8_seqlen(p + i, n - i)) > 0) {
				i += len;
				continue;
			}
			rep = "\xef\xbf\xbd";	/* U+FFFD */
		} else if (p[i] == '&')
			rep = "&amp;";
		else if (p[i] == '<')
			rep = "&lt;";
		else if (p[i] == '>')
			rep = "&gt;";
		else if (p[i] == '"')
			rep = "&quot;";
		else if (p[i] == '\'')
			rep = "&#39;";
		else if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n') ||
		    p[i] == 0x7f)
			rep = " ";
		if (!rep) {
			i++;
			continue;
		}
		crm_buf_add(out, s + start, i - start);
		crm_buf_adds(out, rep);
		start = ++i;
	}
	crm_buf_add(out, s + start, n - start);
}

void
crm_svg_escapes(struct crm_buf *out, const char *s)
{
	crm_svg_escape(out, s, strlen(s));
}

void
crm_svg_number(struct crm_buf *out, double x, int decimals, int percent)
{
	char digits[64], *dot;
	size_t i, n, intlen;

	if (!isfinite(x))
		return;
	if (percent) {
		x *= 100;
		decimals = 1;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 2)
		decimals = 2;
	snprintf(digits, sizeof digits, "%.*f", decimals, fabs(x));
	if (x < 0 && strspn(digits, "0.") != strlen(digits))
		crm_buf_adds(out, "\xe2\x88\x92");	/* U+2212 minus */
	n = strlen(digits);
	dot = strchr(digits, '.');
	intlen = dot ? (size_t)(dot - digits) : n;
	for (i = 0; i < intlen; i++) {
		if (i && (intlen - i) % 3 == 0)
			crm_buf_adds(out, "\xe2\x80\xaf");	/* U+202F */
		crm_buf_addc(out, digits[i]);
	}
	crm_buf_add(out, digits + intlen, n - intlen);
	if (percent)
		crm_buf_addc(out, '%');
}

/* A tick label: 0.5, 250, 12k, 1.5M, 25%. */
static void
tick_label(struct crm_buf *out, double v, int percent)
{
	char s[64];
	const char *suffix = "";
	size_t n;

	if (percent) {
		v *= 100;
		suffix = "%";
	} else if (fabs(v) >= 1e6) {
		v /= 1e6;
		suffix = "M";
	} else if (fabs(v) >= 1e4) {
		v /= 1e3;
		suffix = "k";
	}
	snprintf(s, sizeof s, "%.2f", v);
	n = strlen(s);
	while (n > 0 && s[n - 1] == '0')
		n--;
	if (n > 0 && s[n - 1] == '.')
		n--;
	s[n] = '\0';
	if (!strcmp(s, "-0"))
		strcpy(s, "0");
	if (s[0] == '-') {
		crm_buf_adds(out, "\xe2\x88\x92");
		crm_buf_adds(out, s + 1);
	} else
		crm_buf_adds(out, s);
	crm_buf_adds(out, suffix);
}

struct axis {
	double lo, hi, step;
};

/* Round ticks around [lo, hi], 0 included: 1, 2, 2.5 or 5 times 10^k. */
static void
axis_fit(struct axis *a, double lo, double hi, int nticks)
{
	double raw, mag, f;

	if (lo > 0)
		lo = 0;
	if (hi < 0)
		hi = 0;
	if (hi - lo <= 0)
		hi = lo + 1;
	raw = (hi - lo) / nticks;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	a->step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) *
	    mag;
	a->lo = floor(lo / a->step + 1e-9) * a->step;
	a->hi = ceil(hi / a->step - 1e-9) * a->step;
	if (a->hi - a->lo <= 0)
		a->hi = a->lo + a->step;
}

static void
value_range(const struct crm_svg_chart *c, double *lo, double *hi)
{
	size_t s, i;

	*lo = 0;
	*hi = 0;
	for (s = 0; s < c->nseries; s++)
		for (i = 0; i < c->n; i++) {
			double v = c->values[s][i];

			if (isnan(v))
				continue;
			if (v < *lo)
				*lo = v;
			if (v > *hi)
				*hi = v;
		}
}

static double
text_width(const char *s)
{
	return CHARW * (double)crm_utf8_width(s, strlen(s));
}

/* The label, cut with an ellipsis to maxw px. */
static void
add_fitted(struct crm_buf *out, const char *s, double maxw)
{
	size_t n = strlen(s), i = 0, len;
	double w = 0;

	if (text_width(s) <= maxw) {
		crm_svg_escape(out, s, n);
		return;
	}
	while (i < n) {
		len = crm_utf8_seqlen((const unsigned char *)s + i, n - i);
		if (!len)
			len = 1;
		w += CHARW * (double)(len == 1 ? 1 : crm_utf8_width(s + i, len));
		if (w > maxw - CHARW)
			break;
		i += len;
	}
	crm_svg_escape(out, s, i);
	crm_buf_adds(out, "\xe2\x80\xa6");
}

static void
text(struct crm_buf *out, double x, double y, const char *anchor,
    const char *cls, const char *s)
{
	crm_buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\"", x, y);
	if (anchor)
		crm_buf_addf(out, " text-anchor=\"%s\"", anchor);
	if (cls)
		crm_buf_addf(out, " class=\"%s\"", cls);
	crm_buf_addc(out, '>');
	crm_svg_escapes(out, s);
	crm_buf_adds(out, "</text>");
}

/* A tooltip: "label, series: value". */
static void
tooltip(struct crm_buf *out, const struct crm_svg_chart *c, size_t s,
    size_t i)
{
	crm_buf_adds(out, "<title>");
	crm_svg_escapes(out, c->labels[i]);
	if (c->nseries > 1 && c->names[s]) {
		crm_buf_adds(out, ", ");
		crm_svg_escapes(out, c->names[s]);
	}
	crm_buf_adds(out, ": ");
	crm_svg_number(out, c->values[s][i], c->values[s][i] ==
	    floor(c->values[s][i]) ? 0 : 2, c->percent);
	crm_buf_adds(out, "</title>");
}

/* The legend, one row from (x, y), when there is more than one series. */
static void
legend(struct crm_buf *out, const struct crm_svg_chart *c, double x, double y)
{
	size_t s;

	if (c->nseries < 2)
		return;
	for (s = 0; s < c->nseries; s++) {
		const char *name = c->names[s] ? c->names[s] : "";

		if (c->line[s] && c->kind == CRM_SVG_VBAR)
			crm_buf_addf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f"
			    "\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>",
			    x, y - 4, x + 14, y - 4, colour[s]);
		else if (c->kind == CRM_SVG_FUNNEL && s > 0)
			crm_buf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12"
			    "\" height=\"10\" fill=\"none\" stroke=\"#555\" "
			    "stroke-dasharray=\"3 2\"/>", x + 1, y - 9);
		else
			crm_buf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12"
			    "\" height=\"10\" rx=\"2\" fill=\"%s\"/>", x + 1,
			    y - 9, colour[s]);
		text(out, x + 18, y, NULL, NULL, name);
		x += 18 + text_width(name) + 20;
	}
}

static void
open_svg(struct crm_buf *out, const struct crm_svg_chart *c, double w,
    double h)
{
	crm_buf_addf(out, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/"
	    "svg\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
	    "role=\"img\" font-size=\"%d\">", w, h, w, h, FONT);
	if (c->title) {
		crm_buf_adds(out, "<title>");
		crm_svg_escapes(out, c->title);
		crm_buf_adds(out, "</title>");
	}
}

static double
max_label_width(const struct crm_svg_chart *c)
{
	double w = 0, x;
	size_t i;

	for (i = 0; i < c->n; i++)
		if ((x = text_width(c->labels[i])) > w)
			w = x;
	return w;
}

/* A value at the end of a bar (right of it, or left when negative). */
static void
bar_value(struct crm_buf *out, const struct crm_svg_chart *c, double x,
    double y, double v)
{
	struct crm_buf num = CRM_BUF_INIT;

	crm_svg_number(&num, v, c->percent ? 1 : v == floor(v) ? 0 : 2,
	    c->percent);
	text(out, v < 0 ? x - 4 : x + 4, y, v < 0 ? "end" : NULL, "val",
	    num.buf);
	crm_buf_release(&num);
}

static void
hbar(struct crm_buf *out, const struct crm_svg_chart *c)
{
	double W = c->width > 0 ? c->width : 1000, lw, x0, x1, top, band, h;
	double bar = c->n * c->nseries > 24 ? 11 : 16, lo, hi, xz;
	struct axis a;
	size_t i, s;
	double t;

	lw = max_label_width(c);
	if (lw > W * 0.3)
		lw = W * 0.3;
	x0 = lw + 16;
	x1 = W - 84;
	top = c->nseries > 1 ? 34 : 12;
	band = (double)c->nseries * bar + (bar < 16 ? 8 : 12);
	h = top + band * (double)c->n + 48;
	value_range(c, &lo, &hi);
	axis_fit(&a, lo, hi, (int)((x1 - x0) / 110) + 1);
#define HX(v) (x0 + ((v) - a.lo) / (a.hi - a.lo) * (x1 - x0))
	open_svg(out, c, W, h);
	legend(out, c, x0, 16);
	/* grid and ticks */
	for (t = a.lo; t <= a.hi + a.step / 2; t += a.step) {
		struct crm_buf lab = CRM_BUF_INIT;

		crm_buf_addf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\" class=\"grid\"/>", HX(t), top - 4, HX(t),
		    top + band * (double)c->n);
		tick_label(&lab, fabs(t) < a.step / 1e6 ? 0 : t, c->percent);
		text(out, HX(t), top + band * (double)c->n + 16, "middle",
		    "tick", lab.buf);
		crm_buf_release(&lab);
	}
	xz = HX(0);
	for (i = 0; i < c->n; i++) {
		double y = top + band * (double)i;

		crm_buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end"
		    "\" class=\"cat\"><title>", x0 - 8, y + band / 2 - 2);
		crm_svg_escapes(out, c->labels[i]);
		crm_buf_adds(out, "</title>");
		add_fitted(out, c->labels[i], lw);
		crm_buf_adds(out, "</text>");
		for (s = 0; s < c->nseries; s++) {
			double v = c->values[s][i], xv, yb = y + 6 +
			    (double)s * bar;

			if (isnan(v))
				continue;
			xv = HX(v);
			crm_buf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\""
			    "%.1f\" height=\"%.1f\" fill=\"%s\">",
			    v < 0 ? xv : xz, yb, fabs(xv - xz), bar - 2,
			    colour[s]);
			tooltip(out, c, s, i);
			crm_buf_adds(out, "</rect>");
			bar_value(out, c, xv, yb + bar / 2 + 3, v);
		}
	}
	crm_buf_addf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f"
	    "\" class=\"axis\"/>", xz, top - 4, xz, top + band * (double)c->n);
	if (c->axis)
		text(out, (x0 + x1) / 2, h - 8, "middle", "atitle", c->axis);
	crm_buf_adds(out, "</svg>");
#undef HX
}

static void
vbar(struct crm_buf *out, const struct crm_svg_chart *c)
{
	double W = c->width > 0 ? c->width : 1000, H = 340;
	double x0 = 84, x1 = W - 16, top = 36, y1 = H - 58, band, bw;
	double lo, hi;
	struct axis a;
	size_t i, s, nbars = 0, every, k;
	double t;

	for (s = 0; s < c->nseries; s++)
		if (!c->line[s])
			nbars++;
	band = (x1 - x0) / (double)(c->n ? c->n : 1);
	bw = nbars ? band * 0.8 / (double)nbars : 0;
	if (bw > 36)
		bw = 36;
	every = (size_t)ceil((double)c->n / ((x1 - x0) / 64));
	if (every < 1)
		every = 1;
	value_range(c, &lo, &hi);
	axis_fit(&a, lo, hi, 5);
#define VY(v) (y1 - ((v) - a.lo) / (a.hi - a.lo) * (y1 - top))
	open_svg(out, c, W, H);
	legend(out, c, x0, 16);
	for (t = a.lo; t <= a.hi + a.step / 2; t += a.step) {
		struct crm_buf lab = CRM_BUF_INIT;

		crm_buf_addf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\" class=\"grid\"/>", x0, VY(t), x1, VY(t));
		tick_label(&lab, fabs(t) < a.step / 1e6 ? 0 : t, c->percent);
		text(out, x0 - 6, VY(t) + 4, "end", "tick", lab.buf);
		crm_buf_release(&lab);
	}
	for (i = 0; i < c->n; i++) {
		double cx = x0 + band * ((double)i + 0.5);
		double bx = cx - bw * (double)nbars / 2;

		for (s = 0, k = 0; s < c->nseries; s++) {
			double v = c->values[s][i];

			if (c->line[s])
				continue;
			if (!isnan(v)) {
				crm_buf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" "
				    "width=\"%.1f\" height=\"%.1f\" fill=\"%s\">",
				    bx + bw * (double)k, v < 0 ? VY(0) : VY(v),
				    bw > 2 ? bw - 1 : bw, fabs(VY(v) - VY(0)),
				    colour[s]);
				tooltip(out, c, s, i);
				crm_buf_adds(out, "</rect>");
			}
			k++;
		}
		if (i % every == 0) {
			crm_buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor="
			    "\"middle\" class=\"cat\">", cx, y1 + 16);
			add_fitted(out, c->labels[i], band * (double)every - 4);
			crm_buf_adds(out, "</text>");
		}
	}
	/* lines over the bars, broken where a value is absent */
	for (s = 0; s < c->nseries; s++) {
		int open = 0;

		if (!c->line[s])
			continue;
		for (i = 0; i < c->n; i++) {
			double v = c->values[s][i];
			double cx = x0 + band * ((double)i + 0.5);

			if (isnan(v)) {
				if (open)
					crm_buf_adds(out, "\"/>");
				open = 0;
				continue;
			}
			if (!open)
				crm_buf_addf(out, "<polyline fill=\"none\" stroke="
				    "\"%s\" stroke-width=\"2\" points=\"",
				    colour[s]);
			crm_buf_addf(out, "%s%.1f,%.1f", open ? " " : "", cx,
			    VY(v));
			open = 1;
		}
		if (open)
			crm_buf_adds(out, "\"/>");
		for (i = 0; i < c->n; i++) {
			double v = c->values[s][i];

			if (isnan(v))
				continue;
			crm_buf_addf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\""
			    " fill=\"%s\">", x0 + band * ((double)i + 0.5),
			    VY(v), colour[s]);
			tooltip(out, c, s, i);
			crm_buf_adds(out, "</circle>");
		}
	}
	crm_buf_addf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f"
	    "\" class=\"axis\"/>", x0, VY(0), x1, VY(0));
	if (c->cat_axis)
		text(out, (x0 + x1) / 2, H - 10, "middle", "atitle",
		    c->cat_axis);
	if (c->axis)
		crm_buf_addf(out, "<text transform=\"translate(16 %.1f) rotate("
		    "-90)\" text-anchor=\"middle\" class=\"atitle\">",
		    (top + y1) / 2);
	if (c->axis) {
		crm_svg_escapes(out, c->axis);
		crm_buf_adds(out, "</text>");
	}
	crm_buf_adds(out, "</svg>");
#undef VY
}

static void
funnel(struct crm_buf *out, const struct crm_svg_chart *c)
{
	double W = c->width > 0 ? c->width : 1000, lw, x0, x1, cx, top;
	double row = 32, h, max = 0;
	size_t i, s;

	lw = max_label_width(c);
	if (lw > W * 0.3)
		lw = W * 0.3;
	x0 = lw + 16;
	x1 = W - 110;
	cx = (x0 + x1) / 2;
	top = c->nseries > 1 ? 34 : 12;
	h = top + row * (double)c->n + 34;
	for (s = 0; s < c->nseries; s++)
		for (i = 0; i < c->n; i++)
			if (!isnan(c->values[s][i]) && c->values[s][i] > max)
				max = c->values[s][i];
	if (max <= 0)
		max = 1;
	open_svg(out, c, W, h);
	legend(out, c, x0, 16);
	for (i = 0; i < c->n; i++) {
		double y = top + row * (double)i, v;

		crm_buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end"
		    "\" class=\"cat\"><title>", x0 - 8, y + row / 2 + 2);
		crm_svg_escapes(out, c->labels[i]);
		crm_buf_adds(out, "</title>");
		add_fitted(out, c->labels[i], lw);
		crm_buf_adds(out, "</text>");
		for (s = c->nseries; s-- > 0;) {
			double w;

			v = c->values[s][i];
			if (isnan(v) || v < 0)
				continue;
			w = v / max * (x1 - x0);
			if (s == 0)
				crm_buf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" "
				    "width=\"%.1f\" height=\"%.1f\" rx=\"3\" "
				    "fill=\"%s\">", cx - w / 2, y + 4,
				    w > 0 && w < 2 ? 2 : w, row - 8, colour[0]);
			else
				crm_buf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" "
				    "width=\"%.1f\" height=\"%.1f\" rx=\"3\" "
				    "fill=\"none\" stroke=\"#555\" "
				    "stroke-dasharray=\"4 3\">", cx - w / 2,
				    y + 2, w, row - 4);
			tooltip(out, c, s, i);
			crm_buf_adds(out, "</rect>");
		}
		if (!isnan(v = c->values[0][i]))
			bar_value(out, c, x1 + 8, y + row / 2 + 4, v);
	}
	if (c->axis)
		text(out, cx, h - 10, "middle", "atitle", c->axis);
	crm_buf_adds(out, "</svg>");
}

void
crm_svg_chart(struct crm_buf *out, const struct crm_svg_chart *c)
{
	switch (c->kind) {
	case CRM_SVG_VBAR:
		vbar(out, c);
		break;
	case CRM_SVG_FUNNEL:
		funnel(out, c);
		break;
	default:
		hbar(out, c);
	}
}
