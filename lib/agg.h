/*
 * agg: group-by aggregation of numbers.
 *
 * Owns the summary statistics of the library: count, sum, mean, minimum,
 * maximum, median and type-7 quantiles over groups named by a string key
 * (crm-rfm's thresholds and segment summaries, crm-funnel's and
 * crm-report's groups).  Groups are kept in an hmap; their numbers follow
 * the order in which the keys were first seen.
 *
 * The arithmetic is R's, as crm-rfm has always computed it: sums
 * accumulate in long double (R's sum()), the mean is that sum over the
 * count, quantiles are R's default type 7 on the sorted values.
 */
#ifndef CRM_AGG_H
#define CRM_AGG_H

#include <stddef.h>

/*
 * Type-7 quantile of sorted x[0..n-1] at probability p, in R's double
 * arithmetic: h = 1 + (n-1)p, q = (1-h')x[lo] + h'x[hi].  NaN when n = 0.
 */
double crm_quantile7(const double *x, size_t n, double p);

struct crm_agg;

/* A new aggregation.  values: keep every value, for the median and the
 * quantiles (else only count, sum, mean, min and max, in constant memory). */
struct crm_agg *crm_agg_new(int values);
void crm_agg_free(struct crm_agg *a);

/* The number of the group named (s, n), made when new. */
size_t crm_agg_group(struct crm_agg *a, const char *s, size_t n);
/* Add value v to group g.  A NaN counts as a row without a value. */
void crm_agg_add(struct crm_agg *a, size_t g, double v);

size_t crm_agg_ngroups(const struct crm_agg *a);
/* Group g's key (NUL-terminated; its length in *len when len). */
const char *crm_agg_key(const struct crm_agg *a, size_t g, size_t *len);
/* The group numbers in the byte order of their keys, into order[ngroups]. */
void crm_agg_sorted(const struct crm_agg *a, size_t *order);

size_t crm_agg_rows(const struct crm_agg *a, size_t g);	/* values and NaNs */
size_t crm_agg_count(const struct crm_agg *a, size_t g);	/* values */
double crm_agg_sum(const struct crm_agg *a, size_t g);	/* 0 without values */
/* The rest are NaN for a group without values. */
double crm_agg_mean(const struct crm_agg *a, size_t g);
double crm_agg_min(const struct crm_agg *a, size_t g);
double crm_agg_max(const struct crm_agg *a, size_t g);
/* Only with values kept (else NaN).  They sort the group's values once. */
double crm_agg_median(struct crm_agg *a, size_t g);
double crm_agg_quantile(struct crm_agg *a, size_t g, double p);

#endif
