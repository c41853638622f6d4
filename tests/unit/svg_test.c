/* svg_test: escaping, numbers for people, charts without NaN; html pages. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "svg.h"
#include "tap.h"

static void
esc(const char *in, size_t n, const char *want, const char *what)
{
	struct crm_buf b = CRM_BUF_INIT;

	crm_svg_escape(&b, in, n);
	is(b.buf, want, "escape: %s", what);
	crm_buf_release(&b);
}

static void
num(double x, int dec, int pct, const char *want)
{
	struct crm_buf b = CRM_BUF_INIT;

	crm_svg_number(&b, x, dec, pct);
	is(b.buf, want, "number %g -> '%s'", x, want);
	crm_buf_release(&b);
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what))) {
		n++;
		s++;
	}
	return n;
}

int
main(void)
{
	static const char *const labels[] = { "Анна", "<Bob & \"Co\">", "x" };
	double v1[] = { 1500, NAN, 0 }, v2[] = { -20, 40, 1e6 };
	struct crm_svg_chart c;
	struct crm_buf b = CRM_BUF_INIT;
	int k;

	esc("a<b>&\"c\"'d'", 11, "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;",
	    "markup and quotes");
	esc("Анна", strlen("Анна"), "Анна", "UTF-8 kept");
	esc("a\x01" "b\tc\n", 6, "a b\tc\n", "controls but tab, newline");
	esc("x\xff" "y\xd0", 4, "x\xef\xbf\xbdy\xef\xbf\xbd",
	    "not UTF-8: U+FFFD");
	esc("a\0b", 3, "a b", "NUL");

	num(1234567.891, 2, 0, "1\xe2\x80\xaf" "234\xe2\x80\xaf" "567.89");
	num(-45000, 0, 0, "\xe2\x88\x92" "45\xe2\x80\xaf" "000");
	num(999, 0, 0, "999");
	num(0.2857, 2, 1, "28.6%");
	num(-0.001, 2, 0, "0.00");
	num(NAN, 2, 0, "");
	num(INFINITY, 2, 0, "");

	for (k = CRM_SVG_HBAR; k <= CRM_SVG_FUNNEL; k++) {
		memset(&c, 0, sizeof c);
		c.kind = k;
		c.title = "t <1>";
		c.axis = "amount";
		c.cat_axis = "month";
		c.n = 3;
		c.labels = labels;
		c.nseries = 2;
		c.names[0] = "a";
		c.names[1] = "b";
		c.values[0] = v1;
		c.values[1] = v2;
		c.line[1] = k == CRM_SVG_VBAR;
		crm_buf_reset(&b);
		crm_svg_chart(&b, &c);
		ok(!strncmp(b.buf, "<svg", 4) && !strcmp(b.buf + b.len - 6,
		    "</svg>"), "chart %d: one svg element", k);
		ok(!strstr(b.buf, "nan") && !strstr(b.buf, "inf"),
		    "chart %d: no NaN or inf", k);
		ok(strstr(b.buf, "&lt;Bob &amp; &quot;Co&quot;&gt;") &&
		    !strstr(b.buf, "<Bob"), "chart %d: labels escaped", k);
		ok(count(b.buf, "<svg") == 1 && count(b.buf, "<title>t &lt;1&gt;"
		    "</title>") == 1, "chart %d: titled", k);
	}
	/* HBAR: an absent value draws no bar: 2 + 3 rects, + 2 legend keys */
	memset(&c, 0, sizeof c);
	c.kind = CRM_SVG_HBAR;
	c.n = 3;
	c.labels = labels;
	c.nseries = 2;
	c.values[0] = v1;
	c.values[1] = v2;
	crm_buf_reset(&b);
	crm_svg_chart(&b, &c);
	is(count(b.buf, "<rect") == 7 ? "7" : "other", "7",
	    "hbar: no bar for an absent value");
	/* all absent, no categories: still an empty, well-formed chart */
	c.n = 0;
	crm_buf_reset(&b);
	crm_svg_chart(&b, &c);
	ok(!strstr(b.buf, "nan") && strstr(b.buf, "</svg>"),
	    "no categories: an empty chart");

	{
		static const char *const cols[] = { "owner", "revenue",
		    "win_rate" };
		struct crm_html *h = crm_html_new("a&b.db", "2024-03");
		struct crm_record r = CRM_RECORD_INIT;

		crm_html_report(h, "managers", cols, 3);
		crm_record_adds(&r, "owner", "ann");
		crm_record_adds(&r, "revenue", "10.50");
		crm_record_adds(&r, "win_rate", "");
		crm_html_row(h, &r);
		crm_record_reset(&r);
		crm_record_adds(&r, "owner", "<bob>");
		crm_record_adds(&r, "revenue", "-3.00");
		crm_html_row(h, &r);	/* win_rate missing: an empty cell */
		crm_html_report(h, "nosuch", cols, 1);
		crm_buf_reset(&b);
		crm_html_page(h, &b);
		ok(strstr(b.buf, "<title>CRM report 2024-03 \xc2\xb7 a&amp;b.db"
		    "</title>") != NULL, "page: title with period and store");
		ok(strstr(b.buf, "<td>&lt;bob&gt;</td><td class=\"n\">-3.00</td>"
		    "<td></td>") != NULL, "page: cells as given, escaped");
		ok(strstr(b.buf, "<th class=\"n\">revenue</th><th>win_rate</th>")
		    != NULL, "page: a column of numbers aligned right");
		ok(strstr(b.buf, "<td class=\"n bar\" style=\"background-size:"
		    "100.0% 100%\">10.50</td>") && strstr(b.buf,
		    "<td class=\"n\">-3.00</td>"), "page: the manager table's "
		    "revenue with bars (none below 0)");
		ok(count(b.buf, "<svg") == 1, "page: revenue drawn, win rate "
		    "(no value) not");
		ok(strstr(b.buf, "data-report=\"nosuch\"") && strstr(b.buf,
		    "No records in the period"), "page: an unknown report is a "
		    "table");
		ok(!strcmp(b.buf + b.len - 8, "</html>\n"), "page: whole");
		crm_record_release(&r);
		crm_html_free(h);
	}
	{
		/* forecast split by --by: one bar group per month, summed */
		static const char *const fc[] = { "month", "stage",
		    "won_amount", "target" };
		static const char *const rows[][4] = {
			{ "2024-03", "A", "100", "50" },
			{ "2024-03", "B", "250", "50" },
			{ "2024-04", "A", "", "" },
			{ "2024-04", "B", "7", "60" },
		};
		/* daily: only its (all) rows drawn */
		static const char *const dc[] = { "section", "item", "count" };
		static const char *const drows[][3] = {
			{ "new_leads", "(all)", "4" }, { "new_leads", "web", "3" },
			{ "won", "(all)", "1" },
		};
		static const char *const mc[] = { "stage", "revenue" };
		struct crm_html *h = crm_html_new("s", "p");
		struct crm_record r = CRM_RECORD_INIT;
		size_t i, j;

		crm_html_report(h, "forecast", fc, 4);
		for (i = 0; i < 4; i++) {
			crm_record_reset(&r);
			for (j = 0; j < 4; j++)
				crm_record_adds(&r, fc[j], rows[i][j]);
			crm_html_row(h, &r);
		}
		crm_html_report(h, "daily", dc, 3);
		for (i = 0; i < 3; i++) {
			crm_record_reset(&r);
			for (j = 0; j < 3; j++)
				crm_record_adds(&r, dc[j], drows[i][j]);
			crm_html_row(h, &r);
		}
		crm_html_report(h, "managers", mc, 2);	/* --by stage */
		crm_record_reset(&r);
		crm_record_adds(&r, "stage", "Won");
		crm_record_adds(&r, "revenue", "700.00");
		crm_html_row(h, &r);
		crm_buf_reset(&b);
		crm_html_page(h, &b);
		ok(strstr(b.buf, "<title>2024-03, won: 350</title>") &&
		    strstr(b.buf, "<title>2024-04, won: 7</title>") &&
		    count(b.buf, ">2024-03</text>") == 1,
		    "forecast --by: the months' bars summed, one group each");
		ok(strstr(b.buf, "<title>2024-03, target: 50</title>") &&
		    strstr(b.buf, "<title>2024-04, target: 60</title>"),
		    "forecast --by: the target line once per month");
		ok(strstr(b.buf, "<title>new_leads: 4</title>") &&
		    !strstr(b.buf, "new_leads: 3"),
		    "daily: the sections' totals drawn, not their items");
		ok(strstr(b.buf, "Revenue of won deals by stage</figcaption>")
		    != NULL, "managers --by: the chart says by what");
		crm_record_release(&r);
		crm_html_free(h);
	}
	crm_buf_release(&b);
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}
