/* agg_test: type-7 quantiles (R's figures) and group-by aggregation. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "tap.h"

static void
test_quantile(void)
{
	double x[] = { 1, 2, 3, 4, 10 };
	double y[] = { 7 };
	double z[995];
	size_t i;

	/* R: quantile(c(1,2,3,4,10), seq(0, 1, length.out = 6)) */
	ok(crm_quantile7(x, 5, 1 * (1.0 / 5)) == 1.8, "q(0.2) = 1.8");
	ok(crm_quantile7(x, 5, 0.6) == 3.4, "q(0.6) = 3.4");
	ok(crm_quantile7(x, 5, 3 * (1.0 / 5)) == 3.4000000000000004,
	    "q(3 * 0.2) = 3.4000000000000004, as R's seq() gives it");
	ok(crm_quantile7(x, 5, 4 * (1.0 / 5)) == 5.200000000000001,
	    "q(0.8) = 5.200000000000001, (1 - h) x[lo] + h x[hi] as R 4");
	ok(crm_quantile7(x, 5, 0) == 1 && crm_quantile7(x, 5, 1) == 10,
	    "q(0) = min, q(1) = max");
	ok(crm_quantile7(y, 1, 0.4) == 7, "one value: every quantile is it");
	for (i = 0; i < 995; i++)
		z[i] = (double)(i + 1);
	ok(crm_quantile7(z, 995, 3 * (1.0 / 5)) == 597.4000000000001,
	    "995 values: q(0.6) = 597.4000000000001");
}

static void
test_groups(void)
{
	static const struct {
		const char *key;
		double v;
	} rows[] = {
		{ "b", 3 }, { "a", 10 }, { "b", 1 }, { "a", 2 }, { "b", 2 },
		{ "c", NAN }, { "a", 4 }, { "b", 4 }, { "a", 3 }, { "a", 1 },
	};
	struct crm_agg *a = crm_agg_new(1), *s = crm_agg_new(0);
	size_t i, g, order[3], ga, gb, gc;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		g = crm_agg_group(a, rows[i].key, strlen(rows[i].key));
		crm_agg_add(a, g, rows[i].v);
		g = crm_agg_group(s, rows[i].key, strlen(rows[i].key));
		crm_agg_add(s, g, rows[i].v);
	}
	ok(crm_agg_ngroups(a) == 3, "three groups");
	gb = crm_agg_group(a, "b", 1);
	ga = crm_agg_group(a, "a", 1);
	gc = crm_agg_group(a, "c", 1);
	ok(gb == 0 && ga == 1 && gc == 2, "numbered as first seen");
	ok(crm_agg_ngroups(a) == 3, "asking for a group again makes none");
	crm_agg_sorted(a, order);
	ok(order[0] == ga && order[1] == gb && order[2] == gc, "sorted by key");
	is(crm_agg_key(a, order[0], NULL), "a", "first key a");
	ok(crm_agg_rows(a, ga) == 5 && crm_agg_count(a, ga) == 5, "a: 5 rows");
	ok(crm_agg_sum(a, ga) == 20 && crm_agg_mean(a, ga) == 4, "a: sum 20 mean 4");
	ok(crm_agg_min(a, ga) == 1 && crm_agg_max(a, ga) == 10, "a: min 1 max 10");
	/* R: median(c(10, 2, 4, 3, 1)) = 3, quantile(., 0.8) = 5.200000000000001 */
	ok(crm_agg_median(a, ga) == 3, "a: median 3");
	ok(crm_agg_quantile(a, ga, 0.8) == 5.200000000000001, "a: q(0.8) as R");
	/* R: median(c(3, 1, 2, 4)) = 2.5 */
	ok(crm_agg_median(a, gb) == 2.5, "b: median of an even count 2.5");
	crm_agg_add(a, gb, 0);
	ok(crm_agg_median(a, gb) == 2, "b: a value added after a median: 2");
	ok(crm_agg_rows(a, gc) == 1 && crm_agg_count(a, gc) == 0 &&
	    crm_agg_sum(a, gc) == 0 && isnan(crm_agg_mean(a, gc)) &&
	    isnan(crm_agg_median(a, gc)) && isnan(crm_agg_min(a, gc)),
	    "c: a NaN is a row without a value");
	g = crm_agg_group(s, "a", 1);
	ok(crm_agg_sum(s, g) == 20 && crm_agg_count(s, g) == 5 &&
	    isnan(crm_agg_median(s, g)), "without values: sums, no median");
	crm_agg_free(a);
	crm_agg_free(s);
}

static void
test_sum(void)
{
	struct crm_agg *a = crm_agg_new(0);
	size_t g = crm_agg_group(a, "", 0), i;

	/* long double accumulation: 1e16 + 1 + 1 - 1e16 = 2, not 0 */
	crm_agg_add(a, g, 1e16);
	crm_agg_add(a, g, 1);
	crm_agg_add(a, g, 1);
	crm_agg_add(a, g, -1e16);
	ok(crm_agg_sum(a, g) == 2, "sums in long double, as R's sum()");
	for (i = 0; i < 10; i++)
		crm_agg_add(a, crm_agg_group(a, "x", 1), 0.1);
	ok(crm_agg_sum(a, 1) == 1.0, "ten times 0.1 is 1");
	crm_agg_free(a);
}

int
main(void)
{
	test_quantile();
	test_groups();
	test_sum();
	return done_testing();
}
