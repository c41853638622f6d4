/*
 * rfm: RFM scores and segments.  See rfm.h; the method and the segment
 * tables follow the R package rfm (rsquaredacademy, MIT), which is the
 * published reference this module reproduces exactly.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "date.h"
#include "jsonio.h"
#include "norm.h"
#include "rfm.h"
#include "utf8.h"

/*
 * Exact sums.  Beside R's floating sum (for the scores), every amount is
 * kept in millionths in 128 bits, and monetary and revenue print from
 * that.  An amount with a non-zero seventh decimal, or 24 digits or more
 * before the point, is refused at input; sums of accepted amounts are
 * exact up to 1.7e32 (about 1.7e8 orders of the largest).
 */
__extension__ typedef __int128 dec_t;
__extension__ typedef unsigned __int128 udec_t;
#define DEC_SCALE 6
#define DEC_ONE ((dec_t)1000000)
#define DEC_INT_DIGITS 23

/* ---- customers: an arena for keys, a vector, an open-addressing hash ---- */

struct key_block {
	struct key_block *next;
	size_t used, cap;
	char data[];
};

struct cust {
	const char *key;
	uint32_t keylen;
	uint32_t hash;
	int32_t first, last;	/* days; INT32_MAX / INT32_MIN = unknown */
	long orders;		/* orders counted (or frequency given) */
	long double sum;	/* R's sum(): long double accumulation of doubles */
	dec_t exact;		/* the same, exact (millionths) */
	int32_t *days;		/* distinct purchase days, sorted (freq_days only) */
	int32_t ndays, capdays;
	long recency_given;	/* customer level, -1 = from last */
	double v[3];		/* recency, frequency, monetary */
	int score[3];
	int seg;		/* group index into rfm->groups */
	uint32_t keyrank;	/* place in key order */
	size_t slot;		/* its entry in rfm->tab */
};

/*
 * The hash table holds what adding an order touches, one cache line per
 * customer: the aggregates, the hash and the start of the key, so that a
 * lookup mostly reads one line.  Copied into struct cust when scoring.
 */
#define KPRE 20
struct hot {
	long double sum;	/* R's sum(): long double accumulation of doubles */
	int64_t orders;
	int32_t first, last;
	uint32_t keylen;
	uint32_t hash;
	uint32_t idx;		/* index into c, + 1; 0 = an empty slot */
	char kpre[KPRE];	/* the first KPRE bytes of the key */
};

struct group {
	const char *name;
	const char *action;
	long customers;
	long long orders;
	long double revenue;
	dec_t exact;		/* revenue, exact */
};

#define PEND 32
struct pend {
	uint32_t hash;
	uint32_t keylen;
	uint32_t keyoff;	/* in pkeys */
	int32_t day;
	double amount;
	dec_t exact;
};

struct crm_rfm {
	struct crm_rfm_opts o;
	struct pend pend[PEND];	/* orders not yet in the table */
	size_t npend;
	char pkeys[4096];	/* their keys */
	size_t pkeylen;
	struct key_block *keys;
	struct cust *c;
	size_t n, cap;
	dec_t *ex;		/* per customer (as c): the exact sum so far */
	long long overflow;	/* customer index + 1 whose exact sum overflowed */
	struct hot *tab;	/* open addressing, linear probing, 64-byte aligned */
	void *tab_mem;		/* what was allocated for tab */
	struct cust **sorted;	/* after scoring: by key */
	size_t nslot;		/* power of two */
	long norders, nexcluded;
	int32_t maxday;		/* latest order (or last visit) day; INT32_MIN = none */
	char **excl;		/* case-folded excluded statuses */
	size_t nexcl;
	char *stcache[8];	/* statuses seen lately, and whether they are left out */
	int stexcl[8];
	unsigned stnext;
	struct crm_buf scratch;
	/* after scoring */
	int scored;
	long as_of;
	const struct crm_rfm_segments *seg;
	int *rule_group;	/* rule index -> group index */
	struct group *groups;	/* sorted by name after scoring */
	size_t ngroups;
	size_t *order;		/* output order of groups present (customers > 0) */
	size_t norder;
	int nb[3];
	double lower[3][CRM_RFM_MAXBINS], upper[3][CRM_RFM_MAXBINS];
	long bincount[3][CRM_RFM_MAXBINS];
	long double total_revenue;
	long long total_orders;
};

static const char *const measure_name[3] = { "recency", "frequency", "monetary" };

static char *
key_dup(struct crm_rfm *rfm, const char *s, size_t n)
{
	struct key_block *b = rfm->keys;
	char *p;

	if (!b || b->cap - b->used < n + 1) {
		size_t cap = n + 1 > 65536 - sizeof *b ? n + 1 : 65536 - sizeof *b;

		b = xmalloc(sizeof *b + cap);
		b->next = rfm->keys;
		b->used = 0;
		b->cap = cap;
		rfm->keys = b;
	}
	p = b->data + b->used;
	memcpy(p, s, n);
	p[n] = '\0';
	b->used += n + 1;
	return p;
}

static uint32_t
hash_key(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return (uint32_t)(h ^ (h >> 32));
}

/* A zeroed table aligned to 64 bytes (calloc: large ones come zeroed from mmap). */
static struct hot *
tab_alloc(size_t nslot, void **mem)
{
	if (nslot > (SIZE_MAX - 64) / sizeof(struct hot))
		*mem = xcalloc(SIZE_MAX, 2);	/* dies: too large */
	*mem = xcalloc(nslot * sizeof(struct hot) + 64, 1);
	return (struct hot *)(((uintptr_t)*mem + 63) & ~(uintptr_t)63);
}

static void
rehash(struct crm_rfm *rfm, size_t nslot)
{
	struct hot *old = rfm->tab, *tab;
	void *mem;
	size_t i, j, mask = nslot - 1;

	tab = tab_alloc(nslot, &mem);
	for (i = 0; i < rfm->nslot; i++) {
		if (!old[i].idx)
			continue;
		for (j = old[i].hash & mask; tab[j].idx; j = (j + 1) & mask)
			;
		tab[j] = old[i];
		rfm->c[old[i].idx - 1].slot = j;
	}
	free(rfm->tab_mem);
	rfm->tab_mem = mem;
	rfm->tab = tab;
	rfm->nslot = nslot;
}

/* Find or add the customer called s: its table entry; *isnew says which. */
static struct hot *
cust_get(struct crm_rfm *rfm, const char *s, size_t n, uint32_t h, int *isnew)
{
	size_t j, mask = rfm->nslot - 1, pre = n < KPRE ? n : KPRE, i;
	struct cust *c;
	struct hot *t;

	for (j = h & mask; (t = &rfm->tab[j])->idx; j = (j + 1) & mask) {
		if (t->hash == h && t->keylen == n &&
		    !memcmp(t->kpre, s, pre) && (n <= KPRE ||
		    !memcmp(rfm->c[t->idx - 1].key + KPRE, s + KPRE, n - KPRE))) {
			*isnew = 0;
			return t;
		}
	}
	if (rfm->n * 2 >= rfm->nslot) {
		rehash(rfm, rfm->nslot * 2);
		return cust_get(rfm, s, n, h, isnew);
	}
	if (rfm->n == rfm->cap) {
		rfm->cap = rfm->cap ? rfm->cap * 2 : 1024;
		rfm->c = xreallocarray(rfm->c, rfm->cap, sizeof *rfm->c);
		rfm->ex = xreallocarray(rfm->ex, rfm->cap, sizeof *rfm->ex);
	}
	i = rfm->n++;
	rfm->ex[i] = 0;
	c = &rfm->c[i];
	memset(c, 0, sizeof *c);
	c->key = key_dup(rfm, s, n);
	c->keylen = (uint32_t)n;
	c->hash = h;
	c->recency_given = -1;
	c->slot = j;
	t->keylen = (uint32_t)n;
	t->hash = h;
	t->idx = (uint32_t)(i + 1);
	memcpy(t->kpre, s, pre);
	t->first = INT32_MAX;
	t->last = INT32_MIN;
	*isnew = 1;
	return t;
}

struct crm_rfm *
crm_rfm_new(const struct crm_rfm_opts *o)
{
	struct crm_rfm *rfm = xcalloc(1, sizeof *rfm);

	rfm->o = *o;
	/*
	 * Big from the start: calloc gives untouched zero pages, so a few
	 * customers cost a few pages, and many are spared the rehashes.
	 */
	rfm->nslot = (size_t)1 << 18;
	rfm->tab = tab_alloc(rfm->nslot, &rfm->tab_mem);
	rfm->maxday = INT32_MIN;
	rfm->as_of = o->has_as_of ? o->as_of : CRM_RFM_NODAY;
	crm_buf_init(&rfm->scratch);
	crm_rfm_exclude_status(rfm, "");
	return rfm;
}

void
crm_rfm_free(struct crm_rfm *rfm)
{
	struct key_block *b, *next;
	size_t i;

	if (!rfm)
		return;
	for (b = rfm->keys; b; b = next) {
		next = b->next;
		free(b);
	}
	for (i = 0; i < rfm->n; i++)
		free(rfm->c[i].days);
	free(rfm->c);
	free(rfm->ex);
	free(rfm->tab_mem);
	free(rfm->sorted);
	for (i = 0; i < rfm->nexcl; i++)
		free(rfm->excl[i]);
	free(rfm->excl);
	for (i = 0; i < 8; i++)
		free(rfm->stcache[i]);
	free(rfm->rule_group);
	free(rfm->groups);
	free(rfm->order);
	crm_buf_release(&rfm->scratch);
	free(rfm);
}

/* ---- status exclusion ---- */

static char *
fold(const char *s, size_t n)
{
	struct crm_buf b = CRM_BUF_INIT;
	size_t i, j;

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (crm_utf8_casefold(s, n, &b) < 0) {
		crm_buf_reset(&b);
		crm_buf_add(&b, s, n);
	}
	/* ё and е are one letter to most users */
	for (i = j = 0; i < b.len; i++) {
		if ((unsigned char)b.buf[i] == 0xd1 && i + 1 < b.len &&
		    (unsigned char)b.buf[i + 1] == 0x91) {
			b.buf[j++] = (char)0xd0;
			b.buf[j++] = (char)0xb5;
			i++;
		} else
			b.buf[j++] = b.buf[i];
	}
	crm_buf_setlen(&b, j);
	return crm_buf_detach(&b, NULL);
}

void
crm_rfm_exclude_status(struct crm_rfm *rfm, const char *list)
{
	const char *p = list, *comma;
	size_t i;

	for (i = 0; i < rfm->nexcl; i++)
		free(rfm->excl[i]);
	rfm->nexcl = 0;
	for (i = 0; i < 8; i++) {
		free(rfm->stcache[i]);
		rfm->stcache[i] = NULL;
	}
	while (p && *p) {
		size_t len;

		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (len) {
			rfm->excl = xreallocarray(rfm->excl, rfm->nexcl + 1,
			    sizeof *rfm->excl);
			rfm->excl[rfm->nexcl++] = fold(p, len);
		}
		p += len;
		if (*p == ',')
			p++;
	}
}

static int
status_excluded(struct crm_rfm *rfm, const char *s, size_t n)
{
	char *f;
	size_t i;
	int ex = 0;

	if (!rfm->nexcl || !n)
		return 0;
	for (i = 0; i < 8; i++)
		if (rfm->stcache[i] && !strncmp(rfm->stcache[i], s, n) &&
		    !rfm->stcache[i][n])
			return rfm->stexcl[i];
	f = fold(s, n);
	for (i = 0; i < rfm->nexcl; i++)
		if (!strcmp(f, rfm->excl[i]))
			ex = 1;
	free(f);
	i = rfm->stnext++ % 8;
	free(rfm->stcache[i]);
	rfm->stcache[i] = xstrndup(s, n);
	rfm->stexcl[i] = ex;
	return ex;
}

/* ---- adding orders and customers ---- */

static void
day_add(struct cust *c, int32_t day)
{
	int32_t lo = 0, hi = c->ndays;

	while (lo < hi) {
		int32_t mid = lo + (hi - lo) / 2;

		if (c->days[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->ndays && c->days[lo] == day)
		return;
	if (c->ndays == c->capdays) {
		c->capdays = c->capdays ? c->capdays * 2 : 4;
		c->days = xreallocarray(c->days, (size_t)c->capdays,
		    sizeof *c->days);
	}
	memmove(c->days + lo + 1, c->days + lo,
	    (size_t)(c->ndays - lo) * sizeof *c->days);
	c->days[lo] = day;
	c->ndays++;
}

/* Count one order for a customer. */
static void
apply(struct crm_rfm *rfm, const char *cust, size_t n, uint32_t h, long day,
    double amount, dec_t exact)
{
	struct hot *t;
	dec_t *x;
	int isnew;

	t = cust_get(rfm, cust, n, h, &isnew);
	if (day < t->first)
		t->first = (int32_t)day;
	if (day > t->last)
		t->last = (int32_t)day;
	t->orders++;
	t->sum += amount;
	x = &rfm->ex[t->idx - 1];
	if (__builtin_add_overflow(*x, exact, x) && !rfm->overflow)
		rfm->overflow = (long long)t->idx;
	if (rfm->o.freq_days)
		day_add(&rfm->c[t->idx - 1], (int32_t)day);
}

/*
 * Orders wait in a small batch whose table entries were prefetched when
 * they came in, so that the cache misses of a batch overlap.
 */
static void
flush(struct crm_rfm *rfm)
{
	size_t i;

	for (i = 0; i < rfm->npend; i++) {
		const struct pend *p = &rfm->pend[i];

		apply(rfm, rfm->pkeys + p->keyoff, p->keylen, p->hash, p->day,
		    p->amount, p->exact);
	}
	rfm->npend = 0;
	rfm->pkeylen = 0;
}

static void
iso_day(long day, char out[11])
{
	crm_date_from_days(day, out);
}

/*
 * Parse a plain decimal ("-12", "1234.50") into millionths; -1 with *why
 * when it has more decimals or integer digits than exact sums allow.
 */
static int
dec_parse(const char *s, size_t n, dec_t *out, const char **why)
{
	size_t i = 0, idig = 0, fdig = 0;
	dec_t v = 0;
	int neg = 0, dot = 0, any = 0;

	if (n && s[0] == '-')
		neg = 1, i = 1;
	for (; i < n; i++) {
		if (s[i] == '.' && !dot) {
			dot = 1;
			continue;
		}
		if (s[i] < '0' || s[i] > '9') {
			*why = "not a number";
			return -1;
		}
		any = 1;
		if (!dot) {
			if (idig || s[i] != '0')
				idig++;
			if (idig > DEC_INT_DIGITS) {
				*why = "too large to sum exactly (at most 23 digits "
				    "before the decimal point)";
				return -1;
			}
			v = v * 10 + (s[i] - '0');
		} else if (++fdig <= DEC_SCALE)
			v = v * 10 + (s[i] - '0');
		else if (s[i] != '0') {
			*why = "more than 6 decimals: cannot be summed exactly";
			return -1;
		}
	}
	if (!any) {
		*why = "not a number";
		return -1;
	}
	for (; fdig < DEC_SCALE; fdig++)
		v *= 10;
	*out = neg ? -v : v;
	return 0;
}

/* Millionths as a plain decimal, trailing zeros dropped ("12.5", "3"). */
static void
dec_fmt(dec_t v, char out[48])
{
	udec_t u = v < 0 ? -(udec_t)v : (udec_t)v;
	char tmp[48];
	int k = 0, j = 0, d;

	do {
		tmp[k++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u || k <= DEC_SCALE);
	if (v < 0)
		out[j++] = '-';
	while (k > DEC_SCALE)
		out[j++] = tmp[--k];
	for (d = 0; d < k && tmp[d] == '0'; d++)
		;
	if (d < k) {
		out[j++] = '.';
		while (k > d)
			out[j++] = tmp[--k];
	}
	out[j] = '\0';
	if (!strcmp(out, "-0"))
		strcpy(out, "0");
}

/*
 * sum / n rounded to two decimals: R's round(x, 2) on the doubles while
 * they hold every cent (below 2^53 cents), else in decimal, half to even.
 */
static void
dec_mean_2(dec_t sum, long double fsum, long long n, char out[48])
{
	dec_t d, q, r;
	char *p;
	size_t len;

	if (sum < (dec_t)90071992547409LL * DEC_ONE / 10 &&
	    sum > -(dec_t)90071992547409LL * DEC_ONE / 10) {
		snprintf(out, 48, "%.2f", (double)fsum / (double)n);
		if (!strcmp(out, "-0.00"))
			strcpy(out, "0.00");
		return;
	}
	d = (dec_t)n * (DEC_ONE / 100);
	q = sum / d;
	r = sum % d;
	if (r < 0)
		r = -r;
	if (2 * r > d || (2 * r == d && (q & 1)))
		q += sum < 0 ? -1 : 1;
	dec_fmt(q * (DEC_ONE / 100), out);
	/* two decimals always */
	if (!(p = strchr(out, '.')))
		strcat(out, ".00");
	else if ((len = strlen(p)) < 3)
		strcat(out, "0");
}

static int
add_order(struct crm_rfm *rfm, const char *cust, size_t n, long day,
    double amount, dec_t exact, struct crm_err *err)
{
	struct pend *p;

	if (!n)
		return crm_err_set(err, CRM_EDATA, NULL, 0, 0, "empty customer");
	if (n > UINT32_MAX / 2)
		return crm_err_set(err, CRM_EDATA, NULL, 0, 0,
		    "customer key too long");
	if (day < INT32_MIN / 2 || day > INT32_MAX / 2)
		return crm_err_set(err, CRM_EDATA, NULL, 0, 0,
		    "date out of range");
	if (!(amount >= 0))
		return crm_err_set(err, CRM_EDATA, NULL, 0, 0,
		    "negative amount %.15g (leave refunds out with --exclude-status)",
		    amount);
	if (rfm->o.has_as_of && day > rfm->o.as_of) {
		char d[11], a[11];

		iso_day(day, d);
		iso_day(rfm->o.as_of, a);
		return crm_err_set(err, CRM_EDATA, NULL, 0, 0,
		    "order date %s is after the as-of date %s", d, a);
	}
	if (day > rfm->maxday)
		rfm->maxday = (int32_t)day;
	rfm->norders++;
	if (n > sizeof rfm->pkeys / 4) {
		flush(rfm);
		apply(rfm, cust, n, hash_key(cust, n), day, amount, exact);
		return 0;
	}
	if (rfm->npend == PEND || rfm->pkeylen + n > sizeof rfm->pkeys)
		flush(rfm);
	p = &rfm->pend[rfm->npend++];
	p->hash = hash_key(cust, n);
	p->keylen = (uint32_t)n;
	p->keyoff = (uint32_t)rfm->pkeylen;
	p->day = (int32_t)day;
	p->amount = amount;
	p->exact = exact;
	memcpy(rfm->pkeys + rfm->pkeylen, cust, n);
	rfm->pkeylen += n;
#if defined(__GNUC__)
	__builtin_prefetch(&rfm->tab[p->hash & (rfm->nslot - 1)], 1);
#endif
	return 0;
}

static int add_customer(struct crm_rfm *, const char *, size_t, long, long,
    long, double, dec_t, struct crm_err *);

/* A double as the decimal it was written as (15 significant digits). */
static int
dec_from_double(double v, dec_t *out, struct crm_err *err)
{
	const char *why = NULL;
	char b[64];

	if (!(v >= -1e23 && v <= 1e23))
		return crm_err_set(err, CRM_EDATA, NULL, 0, 0, "amount %.15g is "
		    "too large to sum exactly", v);
	snprintf(b, sizeof b, "%.15g", v);
	if (strchr(b, 'e'))
		snprintf(b, sizeof b, "%.6f", v);
	if (dec_parse(b, strlen(b), out, &why) < 0)
		return crm_err_set(err, CRM_EDATA, NULL, 0, 0, "amount %.15g: %s",
		    v, why);
	return 0;
}

int
crm_rfm_add_order(struct crm_rfm *rfm, const char *cust, size_t n,
    long day, double amount, struct crm_err *err)
{
	dec_t exact = 0;

	if (amount >= 0 && dec_from_double(amount, &exact, err) < 0)
		return -1;
	return add_order(rfm, cust, n, day, amount, exact, err);
}

int
crm_rfm_add_customer(struct crm_rfm *rfm, const char *cust, size_t n,
    long recency, long last_day, long frequency, double monetary,
    struct crm_err *err)
{
	dec_t exact = 0;

	if (monetary >= 0 && dec_from_double(monetary, &exact, err) < 0)
		return -1;
	return add_customer(rfm, cust, n, recency, last_day, frequency,
	    monetary, exact, err);
}

static int
add_customer(struct crm_rfm *rfm, const char *cust, size_t n,
    long recency, long last_day, long frequency, double monetary,
    dec_t exact, struct crm_err *err)
{
	struct hot *t;
	int isnew;

	if (!n)
		return crm_err_set(err, CRM_EDATA, NULL, 0, 0, "empty customer");
	if (n > UINT32_MAX / 2)
		return crm_err_set(err, CRM_EDATA, NULL, 0, 0,
		    "customer key too long");
	if (recency < 0 && last_day == CRM_RFM_NODAY)
		return crm_err_set(err, CRM_EDATA, NULL, 0, 0,
		    "no recency and no last date");
	if (frequency < 0)
		return crm_err_set(err, CRM_EDATA, NULL, 0, 0,
		    "negative frequency %ld", frequency);
	if (!(monetary >= 0))
		return crm_err_set(err, CRM_EDATA, NULL, 0, 0,
		    "negative monetary value %.15g", monetary);
	if ((last_day != CRM_RFM_NODAY && (last_day > INT32_MAX / 2 ||
	    last_day < INT32_MIN / 2)) || recency > INT32_MAX / 2)
		return crm_err_set(err, CRM_EDATA, NULL, 0, 0,
		    "date out of range");
	if (last_day != CRM_RFM_NODAY && rfm->o.has_as_of &&
	    last_day > rfm->o.as_of) {
		char d[11], a[11];

		iso_day(last_day, d);
		iso_day(rfm->o.as_of, a);
		return crm_err_set(err, CRM_EDATA, NULL, 0, 0,
		    "last date %s is after the as-of date %s", d, a);
	}
	flush(rfm);
	t = cust_get(rfm, cust, n, hash_key(cust, n), &isnew);
	if (!isnew) {
		/* keep the first row; the caller reports the duplicate */
		return crm_err_set(err, CRM_EDATA, NULL, 0, 0,
		    "customer '%.*s' appears twice", (int)(n > 80 ? 80 : n),
		    cust);
	}
	rfm->c[t->idx - 1].recency_given = recency;
	if (last_day != CRM_RFM_NODAY) {
		t->last = (int32_t)last_day;	/* first order stays unknown */
		if (last_day > rfm->maxday)
			rfm->maxday = (int32_t)last_day;
	}
	t->orders = frequency;
	t->sum = monetary;
	rfm->ex[t->idx - 1] = exact;
	rfm->norders += frequency;
	return 0;
}

/* Borrowed value of field name in rec, or NULL when absent or missing. */
static const struct crm_field *
field(const struct crm_record *rec, const char *name)
{
	const struct crm_field *f = crm_record_get(rec, name);

	return f && f->value ? f : NULL;
}

static int
parse_date(struct crm_rfm *rfm, const char *s, size_t n, long *days,
    const char **why)
{
	if (crm_date_iso_days(s, n, days) == 0)
		return 0;
	crm_buf_reset(&rfm->scratch);
	if (crm_norm_date_order(s, n, rfm->o.date_order, &rfm->scratch, NULL,
	    why) < 0)
		return -1;
	if (crm_date_days(rfm->scratch.buf, days) < 0) {
		*why = "not a calendar date";
		return -1;
	}
	return 0;
}

/* A plain decimal ("-12", "12.50") goes to strtod; anything else through crm_norm_amount. */
static int
parse_amount(struct crm_rfm *rfm, const char *s, size_t n, double *v,
    dec_t *exact, const char **why)
{
	char tmp[64], *end;
	size_t i;
	int dot = 0, digits = 0;

	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '.' && !dot && rfm->o.decimal != ',')
			dot = 1;	/* where 1.234 is 1234, the slow path */
		else if (!(s[i] == '-' && i == 0))
			break;
	}
	if (i == n && digits && digits <= 15) {
		/*
		 * Clinger's fast path: an integer below 2^53 divided by an exact
		 * power of ten is correctly rounded, so it equals strtod's.
		 */
		static const double p10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
		    1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
		int64_t mant = 0;
		int frac = 0, seen_dot = 0;

		for (i = 0; i < n; i++) {
			if (s[i] == '.')
				seen_dot = 1;
			else if (s[i] != '-') {
				mant = mant * 10 + (s[i] - '0');
				frac += seen_dot;
			}
		}
		*v = (double)mant / p10[frac];
		if (s[0] == '-')
			*v = -*v;
		return dec_parse(s, n, exact, why);
	}
	if (i == n && digits && n < sizeof tmp) {
		memcpy(tmp, s, n);
		tmp[n] = '\0';
		*v = strtod(tmp, &end);
		return dec_parse(s, n, exact, why);
	}
	crm_buf_reset(&rfm->scratch);
	if (crm_norm_amount_ex(s, n, rfm->o.decimal, &rfm->scratch, NULL, NULL,
	    why) < 0)
		return -1;
	*v = strtod(rfm->scratch.buf, &end);
	if (*end) {
		*why = "not a number";
		return -1;
	}
	return dec_parse(rfm->scratch.buf, rfm->scratch.len, exact, why);
}

static int
parse_long(const char *s, size_t n, long *v)
{
	char tmp[32];

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n || n >= sizeof tmp)
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return crm_parse_long(tmp, v);
}

#define SHOWN(f) (int)((f)->len > 60 ? 60 : (f)->len), (f)->value

static int
bad(struct crm_err *err, const struct crm_record *rec, const char *fmt,
    const char *col, const struct crm_field *f, const char *why)
{
	if (f)
		return crm_err_set(err, CRM_EDATA, NULL, rec->line, 0,
		    "bad %s '%.*s' in column '%s'%s%s", fmt, SHOWN(f), col,
		    why ? ": " : "", why ? why : "");
	return crm_err_set(err, CRM_EDATA, NULL, rec->line, 0,
	    "no %s: column '%s' is empty", fmt, col);
}

int
crm_rfm_add_record(struct crm_rfm *rfm, const struct crm_record *rec,
    const struct crm_rfm_cols *cols, struct crm_err *err)
{
	const struct crm_field *cu, *f;
	const char *why = NULL;
	double amount;
	dec_t exact = 0;
	long day, rec_days = -1, last = CRM_RFM_NODAY, freq;

	cu = field(rec, cols->customer);
	if (!cu || !cu->len)
		return bad(err, rec, "customer", cols->customer, NULL, NULL);
	if (!rfm->o.customer_level) {
		if (cols->status && (f = field(rec, cols->status)) &&
		    status_excluded(rfm, f->value, f->len)) {
			rfm->nexcluded++;
			return 1;
		}
		if (!(f = field(rec, cols->date)) || !f->len)
			return bad(err, rec, "date", cols->date, NULL, NULL);
		if (parse_date(rfm, f->value, f->len, &day, &why) < 0)
			return bad(err, rec, "date", cols->date, f, why);
		if (!(f = field(rec, cols->amount)) || !f->len)
			return bad(err, rec, "amount", cols->amount, NULL, NULL);
		if (parse_amount(rfm, f->value, f->len, &amount, &exact, &why) < 0)
			return bad(err, rec, "amount", cols->amount, f, why);
		if (add_order(rfm, cu->value, cu->len, day, amount, exact,
		    err) < 0) {
			err->line = rec->line;
			return -1;
		}
		return 0;
	}
	if (cols->last_date) {
		if (!(f = field(rec, cols->last_date)) || !f->len)
			return bad(err, rec, "last date", cols->last_date, NULL, NULL);
		if (parse_date(rfm, f->value, f->len, &last, &why) < 0)
			return bad(err, rec, "last date", cols->last_date, f, why);
	} else {
		if (!(f = field(rec, cols->recency)) || !f->len)
			return bad(err, rec, "recency", cols->recency, NULL, NULL);
		if (parse_long(f->value, f->len, &rec_days) < 0 || rec_days < 0)
			return bad(err, rec, "recency", cols->recency, f,
			    "want whole days, 0 or more");
	}
	if (!(f = field(rec, cols->frequency)) || !f->len)
		return bad(err, rec, "frequency", cols->frequency, NULL, NULL);
	if (parse_long(f->value, f->len, &freq) < 0 || freq < 0)
		return bad(err, rec, "frequency", cols->frequency, f,
		    "want a whole number, 0 or more");
	if (!(f = field(rec, cols->monetary)) || !f->len)
		return bad(err, rec, "monetary", cols->monetary, NULL, NULL);
	if (parse_amount(rfm, f->value, f->len, &amount, &exact, &why) < 0)
		return bad(err, rec, "monetary", cols->monetary, f, why);
	if (add_customer(rfm, cu->value, cu->len, rec_days, last, freq,
	    amount, exact, err) < 0) {
		err->line = rec->line;
		return -1;
	}
	return 0;
}

long
crm_rfm_orders(const struct crm_rfm *rfm)
{
	return rfm->norders;
}

long
crm_rfm_excluded(const struct crm_rfm *rfm)
{
	return rfm->nexcluded;
}

size_t
crm_rfm_ncustomers(struct crm_rfm *rfm)
{
	flush(rfm);
	return rfm->n;
}

long
crm_rfm_as_of(const struct crm_rfm *rfm)
{
	return rfm->as_of;
}

/* ---- scoring ---- */

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
cmp_key(const struct cust *a, const struct cust *b)
{
	size_t n = a->keylen < b->keylen ? a->keylen : b->keylen;
	int r = memcmp(a->key, b->key, n);

	if (r)
		return r;
	return a->keylen < b->keylen ? -1 : a->keylen > b->keylen;
}

/* For the key sort: the first 8 bytes as a big-endian number, then the rest. */
struct keysort {
	uint64_t pre;
	struct cust *c;
};

static int
cmp_keysort(const void *a, const void *b)
{
	const struct keysort *x = a, *y = b;

	if (x->pre != y->pre)
		return x->pre < y->pre ? -1 : 1;
	return cmp_key(x->c, y->c);
}

/* For ntile: customers sorted by (value of the measure, customer). */
struct ntile_item {
	double v;
	uint32_t rank;		/* the customer's place in key order */
	uint32_t i;
};

static int
cmp_ntile(const void *a, const void *b)
{
	const struct ntile_item *x = a, *y = b;

	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

static int
rule_match(const struct crm_rfm_rule *r, const int score[3])
{
	int k;

	for (k = 0; k < 3; k++) {
		if (r->lo[k] == 0 && r->hi[k] == 0)
			continue;
		if (score[k] < r->lo[k] || score[k] > r->hi[k])
			return 0;
	}
	return 1;
}

static int
cmp_group(const void *a, const void *b)
{
	return strcmp(((const struct group *)a)->name,
	    ((const struct group *)b)->name);
}

/* Group rules (and the fallback) by name, so that two rules may name one segment. */
static void
make_groups(struct crm_rfm *rfm)
{
	const struct crm_rfm_segments *s = rfm->seg;
	size_t i, j, nrule = s->n + 1;
	struct group *g;
	int *tmp;

	rfm->groups = xcalloc(nrule, sizeof *rfm->groups);
	rfm->rule_group = xcalloc(nrule, sizeof *rfm->rule_group);
	for (i = 0; i < nrule; i++) {
		const char *name = i < s->n ? s->rules[i].name : s->fallback;
		const char *action = i < s->n ? s->rules[i].action :
		    s->fallback_action;

		for (j = 0; j < rfm->ngroups; j++)
			if (!strcmp(rfm->groups[j].name, name))
				break;
		if (j == rfm->ngroups) {
			g = &rfm->groups[rfm->ngroups++];
			g->name = name;
			g->action = action ? action : "";
		} else if (!*rfm->groups[j].action && action)
			rfm->groups[j].action = action;
		rfm->rule_group[i] = (int)j;
	}
	/* sort groups by name and renumber the rules */
	tmp = xcalloc(rfm->ngroups, sizeof *tmp);
	for (i = 0; i < rfm->ngroups; i++)
		tmp[i] = (int)i;
	for (i = 1; i < rfm->ngroups; i++)	/* insertion sort, keeping tmp aligned */
		for (j = i; j > 0 && cmp_group(&rfm->groups[j - 1],
		    &rfm->groups[j]) > 0; j--) {
			struct group t = rfm->groups[j];
			int ti = tmp[j];

			rfm->groups[j] = rfm->groups[j - 1];
			rfm->groups[j - 1] = t;
			tmp[j] = tmp[j - 1];
			tmp[j - 1] = ti;
		}
	/* tmp[new] = old: invert */
	{
		int *inv = xcalloc(rfm->ngroups, sizeof *inv);

		for (i = 0; i < rfm->ngroups; i++)
			inv[tmp[i]] = (int)i;
		for (i = 0; i < nrule; i++)
			rfm->rule_group[i] = inv[rfm->rule_group[i]];
		free(inv);
	}
	free(tmp);
}

static void
score_measure(struct crm_rfm *rfm, int m)
{
	size_t i, n = rfm->n;
	double *x, t[CRM_RFM_MAXBINS];
	int nb, k;

	x = xreallocarray(NULL, n, sizeof *x);
	for (i = 0; i < n; i++)
		x[i] = rfm->c[i].v[m];
	qsort(x, n, sizeof *x, cmp_double);
	if (rfm->o.ncuts[m]) {
		nb = rfm->o.ncuts[m] + 1;
		for (k = 0; k < nb - 1; k++)
			t[k] = rfm->o.cuts[m][k];
	} else {
		nb = rfm->o.bins[m];
		/* R: seq(0, 1, length.out = nb + 1) is from + k * ((to - from)/n1) */
		for (k = 0; k < nb - 1; k++)
			t[k] = crm_quantile7(x, n, (double)(k + 1) *
			    (1.0 / (double)nb)) + 1.0;
	}
	rfm->nb[m] = nb;
	if (rfm->o.method == CRM_RFM_NTILE && !rfm->o.ncuts[m]) {
		struct ntile_item *it = xreallocarray(NULL, n, sizeof *it);
		size_t q = n / (size_t)nb, r = n % (size_t)nb, big, b;

		for (i = 0; i < n; i++) {
			it[i].v = rfm->c[i].v[m];
			it[i].rank = rfm->c[i].keyrank;
			it[i].i = (uint32_t)i;
		}
		qsort(it, n, sizeof *it, cmp_ntile);
		big = r * (q + 1);
		for (k = 0; k < nb; k++) {
			rfm->lower[m][k] = NAN;
			rfm->upper[m][k] = NAN;
		}
		for (i = 0; i < n; i++) {
			struct cust *c = &rfm->c[it[i].i];

			b = i < big ? i / (q + 1) : r + (q ? (i - big) / q : 0);
			if (isnan(rfm->lower[m][b]))
				rfm->lower[m][b] = c->v[m];
			rfm->upper[m][b] = c->v[m];
			rfm->bincount[m][b]++;
			c->score[m] = m == CRM_RFM_R ? nb - (int)b : (int)b + 1;
		}
		free(it);
		free(x);
		return;
	}
	/* R: lower <- c(min(x), bins); upper <- c(bins, max(x) + 1) */
	rfm->lower[m][0] = x[0];
	for (k = 1; k < nb; k++)
		rfm->lower[m][k] = t[k - 1];
	for (k = 0; k < nb - 1; k++)
		rfm->upper[m][k] = t[k];
	rfm->upper[m][nb - 1] = x[n - 1] + 1.0;
	for (i = 0; i < n; i++) {
		struct cust *c = &rfm->c[i];
		double v = c->v[m];
		int raw = 1;

		/* R: score[x >= lower[i] & x < upper[i]] <- i, later bins win */
		for (k = 0; k < nb; k++)
			if (v >= rfm->lower[m][k] && v < rfm->upper[m][k])
				raw = k + 1;
		rfm->bincount[m][raw - 1]++;
		c->score[m] = m == CRM_RFM_R ? nb + 1 - raw : raw;
	}
	free(x);
}

int
crm_rfm_score(struct crm_rfm *rfm, const struct crm_rfm_segments *seg,
    struct crm_err *err)
{
	size_t i, r;
	int m;

	if (rfm->scored)
		return 0;
	flush(rfm);
	if (!rfm->n)
		return crm_err_set(err, CRM_EDATA, NULL, 0, 0,
		    "no customers to score");
	rfm->seg = seg;
	if (!rfm->o.has_as_of)
		rfm->as_of = rfm->maxday == INT32_MIN ? CRM_RFM_NODAY :
		    (long)rfm->maxday + 1;
	for (i = 0; i < rfm->n; i++) {
		struct cust *c = &rfm->c[i];
		const struct hot *t = &rfm->tab[c->slot];

		c->first = t->first;
		c->last = t->last;
		c->orders = (long)t->orders;
		c->sum = t->sum;
		c->exact = rfm->ex[i];
	}
	if (rfm->overflow)
		return crm_err_set(err, CRM_EDATA, NULL, 0, 0, "customer '%.*s':"
		    " the amounts add up past 1.7e32, too large to sum exactly",
		    (int)(rfm->c[rfm->overflow - 1].keylen > 80 ? 80 :
		    rfm->c[rfm->overflow - 1].keylen), rfm->c[rfm->overflow - 1].key);
	for (i = 0; i < rfm->n; i++) {
		struct cust *c = &rfm->c[i];

		if (c->recency_given >= 0)
			c->v[CRM_RFM_R] = (double)c->recency_given;
		else
			c->v[CRM_RFM_R] = (double)(rfm->as_of - c->last);
		c->v[CRM_RFM_F] = rfm->o.freq_days && !rfm->o.customer_level ?
		    (double)c->ndays : (double)c->orders;
		c->v[CRM_RFM_M] = (double)c->sum;
	}
	/* output order: by key; sort pointers, not the structs */
	{
		struct keysort *ks = xreallocarray(NULL, rfm->n, sizeof *ks);
		size_t k;

		for (i = 0; i < rfm->n; i++) {
			const struct cust *c = &rfm->c[i];

			ks[i].pre = 0;
			for (k = 0; k < 8; k++)
				ks[i].pre = ks[i].pre << 8 | (k < c->keylen ?
				    (unsigned char)c->key[k] : 0);
			ks[i].c = &rfm->c[i];
		}
		qsort(ks, rfm->n, sizeof *ks, cmp_keysort);
		rfm->sorted = xreallocarray(NULL, rfm->n, sizeof *rfm->sorted);
		for (i = 0; i < rfm->n; i++) {
			rfm->sorted[i] = ks[i].c;
			ks[i].c->keyrank = (uint32_t)i;
		}
		free(ks);
	}
	for (m = 0; m < 3; m++)
		score_measure(rfm, m);
	make_groups(rfm);
	/* segment sums in key order, as R sums the sorted table */
	for (i = 0; i < rfm->n; i++) {
		struct cust *c = rfm->sorted[i];
		struct group *g;

		for (r = 0; r < seg->n; r++)
			if (rule_match(&seg->rules[r], c->score))
				break;
		c->seg = rfm->rule_group[r];
		g = &rfm->groups[c->seg];
		g->customers++;
		g->orders += c->orders;
		g->revenue += c->v[CRM_RFM_M];
		if (__builtin_add_overflow(g->exact, c->exact, &g->exact))
			return crm_err_set(err, CRM_EDATA, NULL, 0, 0, "segment "
			    "'%s': the revenue adds up past 1.7e32, too large to "
			    "sum exactly", g->name);
		rfm->total_orders += c->orders;
		rfm->total_revenue += c->v[CRM_RFM_M];
	}
	rfm->order = xcalloc(rfm->ngroups, sizeof *rfm->order);
	for (i = 0; i < rfm->ngroups; i++)
		if (rfm->groups[i].customers)
			rfm->order[rfm->norder++] = i;
	/* the table points at the old order: drop it */
	free(rfm->tab_mem);
	rfm->tab_mem = NULL;
	rfm->tab = NULL;
	rfm->nslot = 0;
	rfm->scored = 1;
	return 0;
}

/* ---- output ---- */

const char *const crm_rfm_columns[] = {
	"customer", "first_order", "last_order", "recency_days", "frequency",
	"monetary", "avg_check", "r_score", "f_score", "m_score", "rfm_score",
	"segment", "action", NULL
};

const char *const crm_rfm_summary_columns[] = {
	"segment", "customers", "orders", "revenue", "aov", "share_customers",
	"share_revenue", "action", "as_of", NULL
};

const char *const crm_rfm_threshold_columns[] = {
	"measure", "score", "lower", "upper", "customers", NULL
};

void
crm_rfm_fmt_num(double v, char out[32])
{
	if (isnan(v)) {
		out[0] = '\0';
		return;
	}
	if (v == floor(v) && fabs(v) < 1e15) {
		/* an integer: digits by hand (this runs for every customer) */
		long long n = (long long)v;
		unsigned long long u = n < 0 ? (unsigned long long)-n : (unsigned long long)n;
		char tmp[24];
		int k = 0, j = 0;

		do {
			tmp[k++] = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		if (n < 0)
			out[j++] = '-';
		while (k)
			out[j++] = tmp[--k];
		out[j] = '\0';
	} else {
		snprintf(out, 32, "%.15g", v);
		/* plain digits where they fit, never a cut-off number */
		if (strchr(out, 'e') && snprintf(NULL, 0, "%.2f", v) < 32)
			snprintf(out, 32, "%.2f", v);
	}
	if (!strcmp(out, "-0"))
		strcpy(out, "0");
}

/* A number's text: a JSON writer writes it as a number (null if empty). */
static void
num_adds(struct crm_record *out, const char *name, const char *text)
{
	crm_record_adds(out, name, text);
	out->f[out->n - 1].type = CRM_V_NUMBER;
}

static void
set_num(struct crm_record *out, const char *name, double v)
{
	char b[32];

	crm_rfm_fmt_num(v, b);
	num_adds(out, name, b);
}

static void
set_long(struct crm_record *out, const char *name, long long v)
{
	char b[32];

	snprintf(b, sizeof b, "%lld", v);
	num_adds(out, name, b);
}

int
crm_rfm_row(const struct crm_rfm *rfm, size_t i, struct crm_record *out)
{
	const struct cust *c;
	const struct group *g;
	char b[48];

	if (!rfm->scored || i >= rfm->n)
		return 0;
	c = rfm->sorted[i];
	g = &rfm->groups[c->seg];
	crm_record_reset(out);
	crm_record_add(out, "customer", 8, c->key, c->keylen);
	if (c->first != INT32_MAX) {
		iso_day(c->first, b);
		crm_record_adds(out, "first_order", b);
	} else
		crm_record_adds(out, "first_order", NULL);
	if (c->last != INT32_MIN) {
		iso_day(c->last, b);
		crm_record_adds(out, "last_order", b);
	} else
		crm_record_adds(out, "last_order", NULL);
	set_num(out, "recency_days", c->v[CRM_RFM_R]);
	set_num(out, "frequency", c->v[CRM_RFM_F]);
	dec_fmt(c->exact, b);
	num_adds(out, "monetary", b);
	if (c->orders) {
		dec_mean_2(c->exact, c->sum, c->orders, b);
		num_adds(out, "avg_check", b);
	} else
		crm_record_adds(out, "avg_check", NULL);
	set_long(out, "r_score", c->score[CRM_RFM_R]);
	set_long(out, "f_score", c->score[CRM_RFM_F]);
	set_long(out, "m_score", c->score[CRM_RFM_M]);
	/* A code ("555"), not a quantity: text. */
	snprintf(b, sizeof b, "%ld", 100L * c->score[CRM_RFM_R] +
	    10L * c->score[CRM_RFM_F] + c->score[CRM_RFM_M]);
	crm_record_adds(out, "rfm_score", b);
	crm_record_adds(out, "segment", g->name);
	crm_record_adds(out, "action", *g->action ? g->action : NULL);
	return 1;
}

int
crm_rfm_summary_row(const struct crm_rfm *rfm, size_t i,
    struct crm_record *out)
{
	const struct group *g;
	char b[48];

	if (!rfm->scored || i >= rfm->norder)
		return 0;
	g = &rfm->groups[rfm->order[i]];
	crm_record_reset(out);
	crm_record_adds(out, "segment", g->name);
	set_long(out, "customers", g->customers);
	set_long(out, "orders", g->orders);
	dec_fmt(g->exact, b);
	num_adds(out, "revenue", b);
	/* R: aov = round(revenue / orders, 2) */
	if (g->orders)
		dec_mean_2(g->exact, g->revenue, g->orders, b);
	else
		b[0] = '\0';
	num_adds(out, "aov", b);
	snprintf(b, sizeof b, "%.4f", (double)g->customers / (double)rfm->n);
	num_adds(out, "share_customers", b);
	if (rfm->total_revenue > 0)
		snprintf(b, sizeof b, "%.4f",
		    (double)(g->revenue / rfm->total_revenue));
	else
		b[0] = '\0';
	num_adds(out, "share_revenue", b);
	crm_record_adds(out, "action", *g->action ? g->action : NULL);
	if (rfm->as_of != CRM_RFM_NODAY)
		iso_day(rfm->as_of, b);
	else
		b[0] = '\0';
	crm_record_adds(out, "as_of", b);
	return 1;
}

int
crm_rfm_threshold_row(const struct crm_rfm *rfm, size_t i,
    struct crm_record *out)
{
	int m, k;

	if (!rfm->scored)
		return 0;
	for (m = 0; m < 3; m++) {
		if (i < (size_t)rfm->nb[m])
			break;
		i -= (size_t)rfm->nb[m];
	}
	if (m == 3)
		return 0;
	k = (int)i;
	crm_record_reset(out);
	crm_record_adds(out, "measure", measure_name[m]);
	set_long(out, "score", m == CRM_RFM_R ? rfm->nb[m] - k : k + 1);
	set_num(out, "lower", rfm->lower[m][k]);
	set_num(out, "upper", rfm->upper[m][k]);
	set_long(out, "customers", rfm->bincount[m][k]);
	return 1;
}

void
crm_rfm_segment_counts(const struct crm_rfm *rfm, struct crm_buf *out)
{
	size_t i;

	for (i = 0; i < rfm->norder; i++) {
		const struct group *g = &rfm->groups[rfm->order[i]];

		crm_buf_addf(out, "%s%s %ld", i ? ", " : "", g->name,
		    g->customers);
	}
}

void
crm_rfm_params_json(const struct crm_rfm *rfm, struct crm_buf *out)
{
	static const char rfmc[3] = { 'r', 'f', 'm' };
	char num[32];
	int m, k;

	crm_buf_adds(out, "{\"method\":");
	crm_json_encode_str(out, rfm->o.method == CRM_RFM_NTILE ? "ntile" : "rfmpkg");
	crm_buf_addf(out, ",\"bins\":[%d,%d,%d]", rfm->nb[0] ? rfm->nb[0] :
	    rfm->o.bins[0], rfm->nb[1] ? rfm->nb[1] : rfm->o.bins[1],
	    rfm->nb[2] ? rfm->nb[2] : rfm->o.bins[2]);
	for (m = 0; m < 3; m++) {
		if (!rfm->o.ncuts[m])
			continue;
		crm_buf_addf(out, ",\"%c_cuts\":[", rfmc[m]);
		for (k = 0; k < rfm->o.ncuts[m]; k++) {
			crm_rfm_fmt_num(rfm->o.cuts[m][k], num);
			crm_buf_addf(out, "%s%s", k ? "," : "", num);
		}
		crm_buf_addc(out, ']');
	}
	crm_buf_adds(out, ",\"frequency\":");
	crm_json_encode_str(out, rfm->o.freq_days ? "days" : "orders");
	crm_buf_addf(out, ",\"customer_level\":%s",
	    rfm->o.customer_level ? "true" : "false");
	if (rfm->seg) {
		crm_buf_adds(out, ",\"segments\":");
		crm_json_encode_str(out, rfm->seg->name);
	}
	crm_buf_addf(out, ",\"orders\":%ld,\"excluded\":%ld}", rfm->norders,
	    rfm->nexcluded);
}

/* ---- builtin segment tables ---- */

#define RULE(name, r1, r2, f1, f2, m1, m2, action) \
	{ name, action, { r1, f1, m1 }, { r2, f2, m2 } }
#define RULE_RF(name, r1, r2, f1, f2, action) \
	{ name, action, { r1, f1, 0 }, { r2, f2, 0 } }

static const struct crm_rfm_rule doc5_rules[] = {
	RULE("vip", 4, 5, 4, 5, 4, 5,
	    "loyalty programme: early access, personal manager, no discounts needed"),
	RULE("promising", 2, 3, 4, 5, 4, 5,
	    "win back before they drift: personal offer, ask for feedback"),
	RULE("new", 4, 5, 1, 2, 1, 2,
	    "onboarding: welcome series, second-purchase incentive"),
	RULE("sleeping", 1, 2, 3, 5, 3, 5,
	    "reactivation campaign: what's new, a limited offer"),
	RULE("lost", 1, 2, 1, 2, 1, 2,
	    "low-cost reactivation or leave out of campaigns"),
};

/* rfm 0.3.0, vignette and README (table A of research/analytics.md) */
static const struct crm_rfm_rule rfm10_rules[] = {
	RULE("Champions", 5, 5, 5, 5, 5, 5,
	    "reward them: early access, loyalty programme, ask for reviews"),
	RULE("Potential Loyalist", 3, 5, 3, 5, 2, 5,
	    "offer membership or a loyalty programme, recommend more products"),
	RULE("Loyal Customers", 2, 4, 2, 4, 2, 4,
	    "upsell higher-value products, ask for reviews"),
	RULE("Promising", 3, 4, 1, 3, 3, 5,
	    "build the relationship: free trials, brand awareness"),
	RULE("New Customers", 4, 5, 1, 3, 1, 5,
	    "onboarding: welcome series, second-purchase incentive"),
	RULE("Can't Lose Them", 1, 2, 3, 4, 4, 5,
	    "win them back: renewals, newer products, talk to them"),
	RULE("At Risk", 1, 2, 2, 5, 4, 5,
	    "reactivation campaign: personal emails, helpful resources"),
	RULE("Need Attention", 1, 3, 3, 5, 3, 5,
	    "limited-time offers based on past purchases"),
	RULE("About To Sleep", 2, 3, 1, 3, 1, 4,
	    "share popular products, renewal discounts, reconnect"),
	RULE("Lost", 1, 1, 1, 5, 1, 5,
	    "revive interest with an outreach campaign, else leave out"),
};

/* rfm 0.2.x, the rules its code and tests run (table B) */
static const struct crm_rfm_rule rfm10_legacy_rules[] = {
	RULE("Champions", 4, 5, 4, 5, 4, 5,
	    "reward them: early access, loyalty programme, ask for reviews"),
	RULE("Loyal Customers", 2, 5, 3, 5, 3, 5,
	    "upsell higher-value products, ask for reviews"),
	RULE("Potential Loyalist", 3, 5, 1, 3, 1, 3,
	    "offer membership or a loyalty programme, recommend more products"),
	RULE("New Customers", 4, 5, 1, 1, 1, 1,
	    "onboarding: welcome series, second-purchase incentive"),
	RULE("Promising", 3, 4, 1, 1, 1, 1,
	    "build the relationship: free trials, brand awareness"),
	RULE("Need Attention", 2, 3, 2, 3, 2, 3,
	    "limited-time offers based on past purchases"),
	RULE("About To Sleep", 2, 3, 1, 2, 1, 2,
	    "share popular products, renewal discounts, reconnect"),
	RULE("At Risk", 1, 2, 2, 5, 2, 5,
	    "reactivation campaign: personal emails, helpful resources"),
	RULE("Can't Lose Them", 1, 1, 4, 5, 4, 5,
	    "win them back: renewals, newer products, talk to them"),
	RULE("Lost", 1, 2, 1, 2, 1, 2,
	    "revive interest with an outreach campaign, else leave out"),
};

/* the R x F grid of the pandas tutorials (table C): a full partition */
static const struct crm_rfm_rule rfgrid_rules[] = {
	RULE_RF("hibernating", 1, 2, 1, 2,
	    "low-cost reactivation or leave out of campaigns"),
	RULE_RF("at_risk", 1, 2, 3, 4,
	    "reactivation campaign: personal emails, helpful resources"),
	RULE_RF("cant_loose", 1, 2, 5, 5,
	    "win them back: renewals, newer products, talk to them"),
	RULE_RF("about_to_sleep", 3, 3, 1, 2,
	    "share popular products, renewal discounts, reconnect"),
	RULE_RF("need_attention", 3, 3, 3, 3,
	    "limited-time offers based on past purchases"),
	RULE_RF("loyal_customers", 3, 4, 4, 5,
	    "upsell higher-value products, ask for reviews"),
	RULE_RF("promising", 4, 4, 1, 1,
	    "build the relationship: free trials, brand awareness"),
	RULE_RF("new_customers", 5, 5, 1, 1,
	    "onboarding: welcome series, second-purchase incentive"),
	RULE_RF("potential_loyalists", 4, 5, 2, 3,
	    "offer membership or a loyalty programme, recommend more products"),
	RULE_RF("champions", 5, 5, 4, 5,
	    "reward them: early access, loyalty programme, ask for reviews"),
};

#define NRULES(a) (sizeof(a) / sizeof((a)[0]))

static const struct crm_rfm_segments builtin[] = {
	{ "doc5", doc5_rules, NRULES(doc5_rules), "regular",
	    "regular newsletter; cross-sell by purchase history" },
	{ "rfm10", rfm10_rules, NRULES(rfm10_rules), "Others",
	    "review: no segment rule matched" },
	{ "rfm10-legacy", rfm10_legacy_rules, NRULES(rfm10_legacy_rules),
	    "Others", "review: no segment rule matched" },
	{ "rfgrid", rfgrid_rules, NRULES(rfgrid_rules), "Others",
	    "review: no segment rule matched" },
};

const char *const crm_rfm_segments_names[] = {
	"doc5", "rfm10", "rfm10-legacy", "rfgrid", NULL
};

const struct crm_rfm_segments *
crm_rfm_segments_builtin(const char *name)
{
	size_t i;

	if (!strncmp(name, "builtin:", 8))
		name += 8;
	for (i = 0; i < NRULES(builtin); i++)
		if (!strcmp(builtin[i].name, name))
			return &builtin[i];
	return NULL;
}

/* ---- migration matrix ---- */

struct cell {
	char *from, *to;
	long long n;
};

struct crm_rfm_matrix {
	struct cell *cell;
	size_t n, cap;
	char **rows, **cols;	/* sorted names; NULL entries are (new) / (gone) */
	size_t nrows, ncols;
	const char **colnames;	/* "from", cols..., "total" */
	size_t ncolnames;
	int built;
};

static const char new_name[] = "(new)", gone_name[] = "(gone)";

struct crm_rfm_matrix *
crm_rfm_matrix_new(void)
{
	return xcalloc(1, sizeof(struct crm_rfm_matrix));
}

void
crm_rfm_matrix_add(struct crm_rfm_matrix *m, const char *from, const char *to,
    long long count)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 32;
		m->cell = xreallocarray(m->cell, m->cap, sizeof *m->cell);
	}
	m->cell[m->n].from = xstrdup(from ? from : new_name);
	m->cell[m->n].to = xstrdup(to ? to : gone_name);
	m->cell[m->n].n = count;
	m->n++;
	m->built = 0;
}

void
crm_rfm_matrix_free(struct crm_rfm_matrix *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++) {
		free(m->cell[i].from);
		free(m->cell[i].to);
	}
	free(m->cell);
	free(m->rows);
	free(m->cols);
	free(m->colnames);
	free(m);
}

/* Names sort by bytes, with the special one last. */
static int
cmp_name_special(const char *a, const char *b, const char *special)
{
	int sa = !strcmp(a, special), sb = !strcmp(b, special);

	if (sa != sb)
		return sa - sb;
	return strcmp(a, b);
}

static void
add_unique(char ***v, size_t *n, char *s, const char *special)
{
	size_t i, j;

	for (i = 0; i < *n; i++) {
		int c = cmp_name_special(s, (*v)[i], special);

		if (!c)
			return;
		if (c < 0)
			break;
	}
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	for (j = *n; j > i; j--)
		(*v)[j] = (*v)[j - 1];
	(*v)[i] = s;
	(*n)++;
}

static void
matrix_build(struct crm_rfm_matrix *m)
{
	size_t i;

	if (m->built)
		return;
	free(m->rows);
	free(m->cols);
	free(m->colnames);
	m->rows = m->cols = NULL;
	m->nrows = m->ncols = 0;
	for (i = 0; i < m->n; i++) {
		add_unique(&m->rows, &m->nrows, m->cell[i].from, new_name);
		add_unique(&m->cols, &m->ncols, m->cell[i].to, gone_name);
	}
	m->colnames = xreallocarray(NULL, m->ncols + 3, sizeof *m->colnames);
	m->colnames[0] = "from";
	for (i = 0; i < m->ncols; i++)
		m->colnames[i + 1] = m->cols[i];
	m->colnames[m->ncols + 1] = "total";
	m->colnames[m->ncols + 2] = NULL;
	m->ncolnames = m->ncols + 2;
	m->built = 1;
}

const char *const *
crm_rfm_matrix_columns(struct crm_rfm_matrix *m, size_t *n)
{
	matrix_build(m);
	if (n)
		*n = m->ncolnames;
	return m->colnames;
}

int
crm_rfm_matrix_row(struct crm_rfm_matrix *m, size_t i, struct crm_record *out)
{
	size_t j, k;
	long long total = 0, v;
	const char *from;

	matrix_build(m);
	if (i > m->nrows || !m->nrows)
		return 0;
	from = i < m->nrows ? m->rows[i] : NULL;	/* NULL = the total row */
	crm_record_reset(out);
	crm_record_adds(out, "from", from ? from : "total");
	for (j = 0; j < m->ncols; j++) {
		v = 0;
		for (k = 0; k < m->n; k++)
			if ((!from || !strcmp(m->cell[k].from, from)) &&
			    !strcmp(m->cell[k].to, m->cols[j]))
				v += m->cell[k].n;
		total += v;
		set_long(out, m->cols[j], v);
	}
	set_long(out, "total", total);
	return 1;
}
