/* agg: group-by aggregation of numbers (see agg.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "hmap.h"
#include "util.h"

struct group {
	size_t rows, n, cap;
	long double sum;
	double min, max;
	double *v;		/* the values, when kept */
	int sorted;
};

struct crm_agg {
	struct crm_hmap keys;	/* key -> group number (its entry number) */
	struct group *g;
	size_t cap;
	int values;
};

double
crm_quantile7(const double *x, size_t n, double p)
{
	double index, lo, hi, h, qs;

	if (!n)
		return NAN;
	/* R: index <- 1 + max(n - 1, 0) * probs; lo <- floor; hi <- ceiling */
	index = 1.0 + (double)(n - 1) * p;
	lo = floor(index);
	hi = ceil(index);
	qs = x[(size_t)lo - 1];
	if (index > lo && x[(size_t)hi - 1] != qs) {
		h = index - lo;
		qs = (1.0 - h) * qs + h * x[(size_t)hi - 1];
	}
	return qs;
}

struct crm_agg *
crm_agg_new(int values)
{
	struct crm_agg *a = xcalloc(1, sizeof *a);

	a->values = values;
	return a;
}

void
crm_agg_free(struct crm_agg *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < crm_hmap_count(&a->keys); i++)
		free(a->g[i].v);
	free(a->g);
	crm_hmap_release(&a->keys);
	free(a);
}

size_t
crm_agg_group(struct crm_agg *a, const char *s, size_t n)
{
	int added;
	size_t i = crm_hmap_put(&a->keys, s, n, &added);

	if (added) {
		if (i == a->cap) {
			a->cap = a->cap ? a->cap * 2 : 16;
			a->g = xreallocarray(a->g, a->cap, sizeof *a->g);
		}
		memset(&a->g[i], 0, sizeof a->g[i]);
		a->g[i].min = NAN;
		a->g[i].max = NAN;
	}
	return i;
}

void
crm_agg_add(struct crm_agg *a, size_t gi, double v)
{
	struct group *g = &a->g[gi];

	g->rows++;
	if (isnan(v))
		return;
	if (!g->n || v < g->min)
		g->min = v;
	if (!g->n || v > g->max)
		g->max = v;
	g->n++;
	g->sum += v;
	if (a->values) {
		if (g->n > g->cap) {
			g->cap = g->cap ? g->cap * 2 : 8;
			g->v = xreallocarray(g->v, g->cap, sizeof *g->v);
		}
		g->v[g->n - 1] = v;
		g->sorted = 0;
	}
}

size_t
crm_agg_ngroups(const struct crm_agg *a)
{
	return crm_hmap_count(&a->keys);
}

const char *
crm_agg_key(const struct crm_agg *a, size_t g, size_t *len)
{
	return crm_hmap_key(&a->keys, g, len);
}

struct keyref {
	const char *s;
	size_t len, g;
};

static int
cmp_key(const void *x, const void *y)
{
	const struct keyref *a = x, *b = y;
	int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);

	return c ? c : (a->len > b->len) - (a->len < b->len);
}

void
crm_agg_sorted(const struct crm_agg *a, size_t *order)
{
	size_t i, n = crm_agg_ngroups(a);
	struct keyref *k = xreallocarray(NULL, n ? n : 1, sizeof *k);

	for (i = 0; i < n; i++) {
		k[i].s = crm_hmap_key(&a->keys, i, &k[i].len);
		k[i].g = i;
	}
	qsort(k, n, sizeof *k, cmp_key);
	for (i = 0; i < n; i++)
		order[i] = k[i].g;
	free(k);
}

size_t
crm_agg_rows(const struct crm_agg *a, size_t g)
{
	return a->g[g].rows;
}

size_t
crm_agg_count(const struct crm_agg *a, size_t g)
{
	return a->g[g].n;
}

double
crm_agg_sum(const struct crm_agg *a, size_t g)
{
	return (double)a->g[g].sum;
}

double
crm_agg_mean(const struct crm_agg *a, size_t g)
{
	return a->g[g].n ? (double)(a->g[g].sum / (long double)a->g[g].n) : NAN;
}

double
crm_agg_min(const struct crm_agg *a, size_t g)
{
	return a->g[g].min;
}

double
crm_agg_max(const struct crm_agg *a, size_t g)
{
	return a->g[g].max;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double
crm_agg_quantile(struct crm_agg *a, size_t gi, double p)
{
	struct group *g = &a->g[gi];

	if (!a->values || !g->n)
		return NAN;
	if (!g->sorted) {
		qsort(g->v, g->n, sizeof *g->v, cmp_double);
		g->sorted = 1;
	}
	return crm_quantile7(g->v, g->n, p);
}

double
crm_agg_median(struct crm_agg *a, size_t g)
{
	return crm_agg_quantile(a, g, 0.5);
}
