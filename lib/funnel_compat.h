/* TEMPORARY: stands in for lib/date, lib/hmap, lib/agg until they land. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct fc_ent { char *k; size_t n; long v; };
struct fc_map { struct fc_ent *t; size_t cap, n; };

static void fc_map_init(struct fc_map *m) { m->t = NULL; m->cap = m->n = 0; }
static void
fc_map_release(struct fc_map *m)
{
	size_t i;
	for (i = 0; i < m->cap; i++)
		free(m->t[i].k);
	free(m->t);
	fc_map_init(m);
}
static size_t
fc_hash(const char *k, size_t n)
{
	size_t h = 1469598103934665603ULL;
	while (n--)
		h = (h ^ (unsigned char)*k++) * 1099511628211ULL;
	return h;
}
static int
fc_map_get(struct fc_map *m, const char *k, size_t n, long *v)
{
	size_t i;
	if (!m->cap)
		return 0;
	for (i = fc_hash(k, n) & (m->cap - 1); m->t[i].k; i = (i + 1) & (m->cap - 1))
		if (m->t[i].n == n && !memcmp(m->t[i].k, k, n)) {
			if (v)
				*v = m->t[i].v;
			return 1;
		}
	return 0;
}
static void fc_map_put(struct fc_map *m, const char *k, size_t n, long v);
static void
fc_map_grow(struct fc_map *m)
{
	struct fc_map o = *m;
	size_t i;
	m->cap = o.cap ? o.cap * 2 : 64;
	m->t = xcalloc(m->cap, sizeof *m->t);
	m->n = 0;
	for (i = 0; i < o.cap; i++)
		if (o.t[i].k) {
			size_t j;
			for (j = fc_hash(o.t[i].k, o.t[i].n) & (m->cap - 1); m->t[j].k; j = (j + 1) & (m->cap - 1))
				;
			m->t[j] = o.t[i];
			m->n++;
		}
	free(o.t);
}
static void
fc_map_put(struct fc_map *m, const char *k, size_t n, long v)
{
	size_t i;
	if (2 * (m->n + 1) > m->cap)
		fc_map_grow(m);
	for (i = fc_hash(k, n) & (m->cap - 1); m->t[i].k; i = (i + 1) & (m->cap - 1))
		if (m->t[i].n == n && !memcmp(m->t[i].k, k, n)) {
			m->t[i].v = v;
			return;
		}
	m->t[i].k = xstrndup(k, n);
	m->t[i].n = n;
	m->t[i].v = v;
	m->n++;
}

static int64_t
fc_days(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}
static void
fc_civil(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}
static int
fc_parse_time(const char *s, int64_t *t)
{
	int y, mo, d, h = 0, mi = 0, se = 0, n = 0, oh = 0, om = 0;
	char sign;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	s += 10;
	if (*s == 'T' || *s == ' ') {
		if (sscanf(s + 1, "%2d:%2d%n", &h, &mi, &n) != 2)
			return -1;
		s += 1 + n;
		if (*s == ':') {
			if (sscanf(s + 1, "%2d%n", &se, &n) != 1)
				return -1;
			s += 1 + n;
			if (*s == '.')
				for (s++; *s >= '0' && *s <= '9'; s++)
					;
		}
		if (*s == 'Z')
			s++;
		else if (*s == '+' || *s == '-') {
			sign = *s;
			if (sscanf(s + 1, "%2d:%2d%n", &oh, &om, &n) != 2)
				return -1;
			s += 1 + n;
			if (sign == '-') { oh = -oh; om = -om; }
		}
	}
	if (*s)
		return -1;
	*t = fc_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - oh * 3600 - om * 60;
	return 0;
}
static int64_t
fc_floor_day(int64_t t)
{
	return (t >= 0 ? t / 86400 : (t - 86399) / 86400);
}
static int64_t
fc_period_start(int64_t t, int per)
{
	int64_t z = fc_floor_day(t);
	int y, m, d;
	if (per == 1) {	/* week, Monday */
		int64_t wd = ((z % 7) + 7 + 3) % 7;	/* 1970-01-01 Thursday: 0=Mon */
		return (z - wd) * 86400;
	}
	fc_civil(z, &y, &m, &d);
	if (per == 3)
		m = (m - 1) / 3 * 3 + 1;
	return fc_days(y, m, 1) * 86400;
}
static int64_t
fc_period_next(int64_t start, int per)
{
	int y, m, d;
	if (per == 1)
		return start + 7 * 86400;
	fc_civil(fc_floor_day(start), &y, &m, &d);
	m += per == 3 ? 3 : 1;
	if (m > 12) { m -= 12; y++; }
	return fc_days(y, m, 1) * 86400;
}
static int64_t
fc_period_prev(int64_t start, int per)
{
	int y, m, d;
	if (per == 1)
		return start - 7 * 86400;
	fc_civil(fc_floor_day(start), &y, &m, &d);
	m -= per == 3 ? 3 : 1;
	if (m < 1) { m += 12; y--; }
	return fc_days(y, m, 1) * 86400;
}
static void
fc_period_label(int64_t t, int per, char out[16])
{
	int64_t z = fc_floor_day(t);
	int y, m, d;
	if (per == 1) {
		int64_t wd = ((z % 7) + 7 + 3) % 7;
		int64_t thu = z - wd + 3;
		int64_t jan1;
		fc_civil(thu, &y, &m, &d);
		jan1 = fc_days(y, 1, 1);
		snprintf(out, 16, "%04d-W%02d", y, (int)((thu - jan1) / 7 + 1));
		return;
	}
	fc_civil(z, &y, &m, &d);
	if (per == 3)
		snprintf(out, 16, "%04d-Q%d", y, (m - 1) / 3 + 1);
	else
		snprintf(out, 16, "%04d-%02d", y, m);
}
static int
fc_parse_cents(const char *s, int64_t *out)
{
	int neg = 0, nd = 0;
	int64_t v = 0;
	if (*s == '-') { neg = 1; s++; }
	if (!(*s >= '0' && *s <= '9'))
		return -1;
	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	v *= 100;
	if (*s == '.') {
		s++;
		if (s[0] >= '0' && s[0] <= '9') { v += (s[0] - '0') * 10; nd++; s++;
			if (s[0] >= '0' && s[0] <= '9') { v += s[0] - '0'; s++; } }
		while (*s == '0')
			s++;
	}
	if (*s)
		return -1;
	*out = neg ? -v : v;
	return 0;
}
static int
fc_dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}
static double
fc_mean(const double *x, size_t n)
{
	double s = 0;
	size_t i;
	for (i = 0; i < n; i++)
		s += x[i];
	return s / (double)n;
}
static double
fc_quantile7(const double *x, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)h;
	double fr = h - (double)lo;
	if (lo + 1 >= n)
		return x[n - 1];
	return x[lo] + fr * (x[lo + 1] - x[lo]);
}
