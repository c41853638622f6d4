/* rfm_test: the scorer's arithmetic, ranges, segments and the matrix. */
#include <stdlib.h>
#include <string.h>

#include "rfm.h"
#include "tap.h"

static const char *
val(const struct crm_record *r, const char *name)
{
	const char *v = crm_record_value(r, name);

	return v ? v : "(missing)";
}

/* Score orders given as (customer, day, amount) and return the rfm object. */
static struct crm_rfm *
run(const struct crm_rfm_opts *o, const char *const *cust, const long *day,
    const double *amount, size_t n, const char *segs)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_rfm *rfm = crm_rfm_new(o);
	size_t i;

	for (i = 0; i < n; i++)
		if (crm_rfm_add_order(rfm, cust[i], strlen(cust[i]), day[i],
		    amount[i], &err) < 0)
			printf("# add: %s\n", err.msg);
	if (crm_rfm_score(rfm, crm_rfm_segments_builtin(segs), &err) < 0)
		printf("# score: %s\n", err.msg);
	return rfm;
}

static void
test_range(void)
{
	int lo, hi;

	ok(crm_rfm_parse_range("4-5", &lo, &hi) == 0 && lo == 4 && hi == 5, "4-5");
	ok(crm_rfm_parse_range("3..4", &lo, &hi) == 0 && lo == 3 && hi == 4, "3..4");
	ok(crm_rfm_parse_range("5", &lo, &hi) == 0 && lo == 5 && hi == 5, "5");
	ok(crm_rfm_parse_range("<=2", &lo, &hi) == 0 && lo == 1 && hi == 2, "<=2");
	ok(crm_rfm_parse_range(">=4", &lo, &hi) == 0 && lo == 4 && hi == 9, ">=4");
	ok(crm_rfm_parse_range("[2,3]", &lo, &hi) == 0 && lo == 2 && hi == 3, "[2,3]");
	ok(crm_rfm_parse_range("*", &lo, &hi) == 0 && lo == 0 && hi == 0, "* = any");
	ok(crm_rfm_parse_range("", &lo, &hi) == 0 && lo == 0 && hi == 0, "empty = any");
	ok(crm_rfm_parse_range("5-4", &lo, &hi) < 0, "5-4 refused");
	ok(crm_rfm_parse_range("0-2", &lo, &hi) < 0, "0 refused");
	ok(crm_rfm_parse_range("x", &lo, &hi) < 0, "x refused");
	ok(crm_rfm_parse_range("1-2-3", &lo, &hi) < 0, "1-2-3 refused");
}

static void
test_threshold_money(void)
{
	/*
	 * Monetary 10.2, 10.2, 10.7, 11.19 and 11.1 + 0.1: t1 = q(0.2) + 1 =
	 * 11.2.  11.2 is at the threshold (lower bound included: M 2);
	 * 11.19 lies in (q, q + 1) and stays in the lowest bin (M 1).
	 */
	static const char *const cust[] = { "a", "b", "c", "c", "d", "e" };
	static const long day[] = { 100, 100, 100, 100, 100, 100 };
	static const double amount[] = { 10.2, 10.2, 11.1, 0.1, 11.19, 10.7 };
	struct crm_rfm_opts o = CRM_RFM_OPTS_INIT;
	struct crm_record r = CRM_RECORD_INIT;
	struct crm_rfm *rfm;

	rfm = run(&o, cust, day, amount, 6, "rfm10");
	crm_rfm_row(rfm, 2, &r);
	is(val(&r, "customer"), "c", "row 3 is c");
	is(val(&r, "monetary"), "11.2", "c: 11.1 + 0.1 = 11.2");
	is(val(&r, "m_score"), "2", "c: at the threshold 11.2 -> M 2");
	crm_rfm_row(rfm, 3, &r);
	is(val(&r, "m_score"), "1", "d: 11.19 in (q, q+1) -> M 1");
	is(val(&r, "avg_check"), "11.19", "d: avg_check");
	crm_rfm_threshold_row(rfm, 11, &r);
	is(val(&r, "measure"), "monetary", "threshold row 12 is monetary");
	is(val(&r, "lower"), "11.2", "monetary bin 2 starts at 11.2");
	is(val(&r, "upper"), "11.5", "monetary bin 2 ends at 11.5");
	crm_rfm_free(rfm);
	crm_record_release(&r);
}

static void
test_edges(void)
{
	static const char *const one[] = { "only" };
	static const long d1[] = { 50 };
	static const double a1[] = { 9.5 };
	static const char *const eq[] = { "x", "y", "z" };
	static const long deq[] = { 10, 10, 10 };
	static const double aeq[] = { 5, 5, 5 };
	struct crm_rfm_opts o = CRM_RFM_OPTS_INIT;
	struct crm_record r = CRM_RECORD_INIT;
	struct crm_err err = CRM_ERR_INIT;
	struct crm_rfm *rfm;
	size_t i;

	rfm = run(&o, one, d1, a1, 1, "rfm10");
	crm_rfm_row(rfm, 0, &r);
	is(val(&r, "recency_days"), "1", "one customer: as-of is the day after");
	is(val(&r, "rfm_score"), "511", "one customer: R 5, F 1, M 1");
	is(val(&r, "segment"), "New Customers", "one customer: New Customers");
	ok(!crm_rfm_row(rfm, 1, &r), "one row only");
	crm_rfm_free(rfm);

	rfm = run(&o, eq, deq, aeq, 3, "rfm10");
	for (i = 0; i < 3; i++) {
		crm_rfm_row(rfm, i, &r);
		is(val(&r, "rfm_score"), "511", "all equal: %s scores 511",
		    val(&r, "customer"));
	}
	crm_rfm_free(rfm);

	o.has_as_of = 1;
	o.as_of = 40;
	rfm = crm_rfm_new(&o);
	ok(crm_rfm_add_order(rfm, "late", 4, 41, 1, &err) < 0 &&
	    strstr(err.msg, "after the as-of date 1970-02-10"),
	    "an order after as-of is refused: %s", err.msg);
	ok(crm_rfm_add_order(rfm, "neg", 3, 10, -1, &err) < 0 &&
	    strstr(err.msg, "negative amount"), "a negative amount is refused");
	ok(crm_rfm_score(rfm, crm_rfm_segments_builtin("doc5"), &err) < 0 &&
	    err.code == CRM_EDATA, "no customers: CRM_EDATA");
	crm_rfm_free(rfm);
	crm_record_release(&r);
}

static void
test_ntile(void)
{
	/* 7 customers into 5 tiles: sizes 2, 2, 1, 1, 1 (larger first, as SQL) */
	static const char *const cust[] = { "g", "f", "e", "d", "c", "b", "a" };
	static const long day[] = { 1, 2, 3, 4, 5, 6, 7 };
	static const double amount[] = { 7, 6, 5, 4, 3, 2, 1 };
	static const char *const want_m[] = { "1", "1", "2", "2", "3", "4", "5" };
	struct crm_rfm_opts o = CRM_RFM_OPTS_INIT;
	struct crm_record r = CRM_RECORD_INIT;
	struct crm_rfm *rfm;
	size_t i;

	o.method = CRM_RFM_NTILE;
	rfm = run(&o, cust, day, amount, 7, "rfm10");
	for (i = 0; i < 7; i++) {
		crm_rfm_row(rfm, i, &r);
		is(val(&r, "m_score"), want_m[i], "ntile: %s M", val(&r, "customer"));
	}
	crm_rfm_row(rfm, 0, &r);
	is(val(&r, "r_score"), "5", "ntile: a (latest order) R 5");
	crm_rfm_row(rfm, 6, &r);
	is(val(&r, "r_score"), "1", "ntile: g (oldest order) R 1");
	crm_rfm_free(rfm);
	crm_record_release(&r);
}

static void
test_long_keys(void)
{
	/* keys longer than the table's inline prefix, equal in their first 24 bytes */
	static const char *const cust[] = {
		"someone.with.a.long.name@example.com",
		"someone.with.a.long.name@example.org",
		"someone.with.a.long.name@example.com",
		"short",
	};
	static const long day[] = { 10, 11, 12, 13 };
	static const double amount[] = { 1, 2, 3, 4 };
	struct crm_rfm_opts o = CRM_RFM_OPTS_INIT;
	struct crm_record r = CRM_RECORD_INIT;
	struct crm_rfm *rfm;
	struct crm_err err = CRM_ERR_INIT;
	char key[32];
	int i;

	rfm = run(&o, cust, day, amount, 4, "doc5");
	ok(crm_rfm_ncustomers(rfm) == 3, "long keys with one prefix: 3 customers");
	crm_rfm_row(rfm, 1, &r);
	is(val(&r, "customer"), cust[0], "row 2: the .com one");
	is(val(&r, "frequency"), "2", "it has 2 orders");
	is(val(&r, "monetary"), "4", "worth 4");
	crm_rfm_free(rfm);

	/* many customers: the table grows and keeps every one */
	rfm = crm_rfm_new(&o);
	for (i = 0; i < 50000; i++) {
		snprintf(key, sizeof key, "c%d", i % 20000);
		crm_rfm_add_order(rfm, key, strlen(key), 100 + i % 300, 1, &err);
	}
	ok(crm_rfm_ncustomers(rfm) == 20000, "50000 orders of 20000 customers");
	ok(crm_rfm_orders(rfm) == 50000, "50000 orders counted");
	crm_rfm_score(rfm, crm_rfm_segments_builtin("doc5"), &err);
	crm_rfm_row(rfm, 0, &r);
	is(val(&r, "customer"), "c0", "first by key: c0");
	is(val(&r, "frequency"), "3", "c0 has 3 orders (0, 20000, 40000)");
	crm_rfm_free(rfm);
	crm_record_release(&r);
}

static void
test_segments(void)
{
	const struct crm_rfm_segments *s;
	size_t i;
	int full = 1, r, f, k;

	ok(crm_rfm_segments_builtin("rfm10") != NULL, "rfm10 is builtin");
	ok(crm_rfm_segments_builtin("builtin:doc5") != NULL, "builtin:doc5");
	ok(crm_rfm_segments_builtin("nope") == NULL, "nope is not builtin");
	s = crm_rfm_segments_builtin("rfgrid");
	/* the R x F grid is a full partition: every cell matches a rule */
	for (r = 1; r <= 5; r++)
		for (f = 1; f <= 5; f++) {
			int hit = 0;

			for (i = 0; i < s->n && !hit; i++) {
				hit = 1;
				for (k = 0; k < 2; k++) {
					int v = k ? f : r;

					if (v < s->rules[i].lo[k] || v > s->rules[i].hi[k])
						hit = 0;
				}
			}
			full &= hit;
		}
	ok(full, "rfgrid covers all 25 R x F cells");
	for (i = 0; crm_rfm_segments_names[i]; i++) {
		s = crm_rfm_segments_builtin(crm_rfm_segments_names[i]);
		ok(s && s->n && s->fallback, "%s has rules and a fallback",
		    crm_rfm_segments_names[i]);
	}
}

static void
test_matrix(void)
{
	struct crm_rfm_matrix *m = crm_rfm_matrix_new();
	struct crm_record r = CRM_RECORD_INIT;
	const char *const *cols;
	size_t n;

	crm_rfm_matrix_add(m, "vip", "vip", 3);
	crm_rfm_matrix_add(m, "vip", "sleeping", 2);
	crm_rfm_matrix_add(m, "new", "vip", 1);
	crm_rfm_matrix_add(m, "new", NULL, 4);
	crm_rfm_matrix_add(m, NULL, "new", 5);
	cols = crm_rfm_matrix_columns(m, &n);
	ok(n == 6, "6 columns");
	is(cols[0], "from", "from");
	is(cols[1], "new", "new");
	is(cols[2], "sleeping", "sleeping");
	is(cols[3], "vip", "vip");
	is(cols[4], "(gone)", "(gone) last");
	is(cols[5], "total", "total");
	crm_rfm_matrix_row(m, 0, &r);
	is(val(&r, "from"), "new", "row 1 new");
	is(val(&r, "(gone)"), "4", "new -> gone 4");
	is(val(&r, "total"), "5", "new total 5");
	crm_rfm_matrix_row(m, 2, &r);
	is(val(&r, "from"), "(new)", "row 3 (new)");
	crm_rfm_matrix_row(m, 3, &r);
	is(val(&r, "from"), "total", "row 4 total");
	is(val(&r, "vip"), "4", "total -> vip 4");
	is(val(&r, "total"), "15", "grand total 15");
	ok(!crm_rfm_matrix_row(m, 4, &r), "4 rows");
	crm_rfm_matrix_free(m);
	crm_record_release(&r);
}

static void
test_fmt(void)
{
	char b[32];

	crm_rfm_fmt_num(472, b);
	is(b, "472", "472");
	crm_rfm_fmt_num(297.4, b);
	is(b, "297.4", "297.4");
	crm_rfm_fmt_num(0.1 + 0.2, b);
	is(b, "0.3", "0.1 + 0.2 shows as 0.3 (15 digits, as R writes)");
	crm_rfm_fmt_num(-0.0, b);
	is(b, "0", "-0 shows as 0");
}

/* Sums are exact decimals: 0.1 + 0.2 is 0.3, 10^22 + 0.01 keeps its cent. */
static void
test_exact(void)
{
	static const char *const cust[] = { "a", "a", "b", "b" };
	static const long day[] = { 10, 11, 10, 11 };
	static const double amount[] = { 0.1, 0.2, 1e22, 0.01 };
	struct crm_rfm_opts o = CRM_RFM_OPTS_INIT;
	struct crm_err err = CRM_ERR_INIT;
	struct crm_record r = CRM_RECORD_INIT;
	struct crm_rfm *rfm = run(&o, cust, day, amount, 4, "rfm10");

	ok(crm_rfm_row(rfm, 0, &r) == 1, "row a");
	is(val(&r, "monetary"), "0.3", "0.1 + 0.2 = 0.3");
	ok(crm_rfm_row(rfm, 1, &r) == 1, "row b");
	is(val(&r, "monetary"), "10000000000000000000000.01", "1e22 + 0.01");
	is(val(&r, "avg_check"), "5000000000000000000000.00", "its mean, from "
	    "the exact sum");
	crm_rfm_free(rfm);
	rfm = crm_rfm_new(&o);
	ok(crm_rfm_add_order(rfm, "c", 1, 10, 1e24, &err) < 0 &&
	    strstr(err.msg, "too large"), "1e24 refused: %s", err.msg);
	crm_rfm_free(rfm);
	crm_record_release(&r);
}

int
main(void)
{
	test_range();
	test_exact();
	test_threshold_money();
	test_edges();
	test_ntile();
	test_long_keys();
	test_segments();
	test_matrix();
	test_fmt();
	return done_testing();
}
