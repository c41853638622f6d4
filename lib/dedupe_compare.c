/*
 * dedupe_compare: comparison of two records field by field into levels, the
 * hard rules, and the packed level patterns and radix sort the run uses.
 */
#include <stdlib.h>
#include <string.h>

#include "dedupe_int.h"

/* ---- comparison ------------------------------------------------------------ */

static int
lev_name(const char *a, size_t na, const char *b, size_t nb)
{
	double j;

	if (na == 0 || nb == 0)
		return 0;
	if (eq(a, na, b, nb))
		return 4;
	if ((na == 1 || nb == 1) && a[0] == b[0])
		return 2;	/* an initial */
	if (crm_simil_jw_bound(a, na, b, nb) < 0.80)
		return 1;	/* surely below: most pairs, without the full count */
	j = crm_simil_jw(a, na, b, nb);
	return j >= 0.92 ? 3 : j >= 0.80 ? 2 : 1;
}

static int
lev_code(const char *a, size_t na, const char *b, size_t nb)
{
	if (na == 0 || nb == 0)
		return 0;
	if (eq(a, na, b, nb))
		return 3;
	return crm_simil_osa_le1(a, na, b, nb) ? 2 : 1;
}

/*
 * Two birth dates (YYYYMMDD, and their day numbers, DAY_NONE when not a
 * date): exact; a typo (one digit, or day and month swapped); else by how
 * far apart they are: 31 days, a year (366 days), ten years (3653 days).
 */
static int
lev_date(const char *a, size_t na, int32_t da, const char *b, size_t nb,
    int32_t db)
{
	int32_t dd;

	if (na != 8 || nb != 8)
		return na && nb ? D_ELSE : 0;
	if (!memcmp(a, b, 8))
		return D_EXACT;
	if (!memcmp(a, b, 4) && !memcmp(a + 4, b + 6, 2) &&
	    !memcmp(a + 6, b + 4, 2))
		return D_TYPO;	/* day and month swapped */
	if (crm_simil_osa_le1(a, 8, b, 8))
		return D_TYPO;
	if (da == DAY_NONE || db == DAY_NONE)
		return D_ELSE;
	dd = da > db ? da - db : db - da;
	return dd <= 31 ? D_1M : dd <= 366 ? D_1Y : dd <= 3653 ? D_10Y : D_ELSE;
}


static int
cmp_field(const struct crm_dedupe *d, int f, const struct ddrec *x,
    const struct ddrec *y)
{
	switch (f) {
	case F_FIRST: {
		int l = lev_name(S(x, S_FIRST), S(y, S_FIRST));

		if (l >= 1 && l < 4 && x->len[S_FCANON] &&
		    eq(S(x, S_FCANON), S(y, S_FCANON)))
			l = 3;
		return l;
	}
	case F_LAST:
		return lev_name(S(x, S_STEM), S(y, S_STEM));
	case F_MIDDLE:
		return lev_name(S(x, S_MIDDLE), S(y, S_MIDDLE));
	case F_DOB:
		return lev_date(S(x, S_DOB), x->day, S(y, S_DOB), y->day);
	case F_EMAIL: {
		const char *a = SP(d, x, S_EMAIL), *b = SP(d, y, S_EMAIL);
		const char *ea, *eb;
		size_t na = SL(x, S_EMAIL), nb = SL(y, S_EMAIL);

		if (!na || !nb)
			return 0;
		if (eq(a, na, b, nb))
			return 4;
		if (x->len[S_EKEY] && eq(S(x, S_EKEY), S(y, S_EKEY)))
			return 3;
		ea = memchr(a, '@', na);
		eb = memchr(b, '@', nb);
		/*
		 * The same login at another domain, or one typo in it; not a
		 * Jaro-Winkler: ivan.petrov1975 and ivan.petrov2003 are two people.
		 */
		if (ea && eb && crm_simil_osa_le1(a, (size_t)(ea - a), b,
		    (size_t)(eb - b)))
			return 2;
		return 1;
	}
	case F_PHONE: {
		size_t na = SL(x, S_PHONE), nb = SL(y, S_PHONE);
		const char *a = SP(d, x, S_PHONE), *b = SP(d, y, S_PHONE);

		if (!na || !nb)
			return 0;
		if (eq(a, na, b, nb))
			return 3;
		/* A country code given or not; two E.164 keys (lib/phone read
		 * both) with other codes are other numbers. */
		if (!(a[0] == '+' && b[0] == '+') && na >= 10 && nb >= 10 &&
		    a[na - 1] == b[nb - 1] && !memcmp(a + na - 10, b + nb - 10, 10))
			return 3;
		/*
		 * The same local number under another code.  One digit off is
		 * no typo level: colleagues have neighbouring office numbers.
		 */
		if (na >= 7 && nb >= 7 && a[na - 1] == b[nb - 1] &&
		    !memcmp(a + na - 7, b + nb - 7, 7))
			return 2;
		return 1;
	}
	case F_COMPANY: {
		size_t na = SL(x, S_COMPANY), nb = SL(y, S_COMPANY);
		double c;

		if (!na || !nb)
			return 0;
		if (eq(S(x, S_COMPANY), S(y, S_COMPANY)))
			return 4;
		c = crm_simil_cosine(d->toks + x->tok_off, x->ntok,
		    d->toks + y->tok_off, y->ntok, d->idf);
		if (c >= 0.8 || crm_simil_jw(S(x, S_COMPANY), S(y, S_COMPANY)) >= 0.95)
			return 3;
		return c >= 0.5 ? 2 : 1;
	}
	case F_INN:
		return lev_code(S(x, S_INN), S(y, S_INN));
	case F_OGRN:
		return lev_code(S(x, S_OGRN), S(y, S_OGRN));
	case F_CITY:
		return lev_name(S(x, S_CITY), S(y, S_CITY));
	case F_ADDR:
		return lev_name(S(x, S_ADDR), S(y, S_ADDR));
	case F_ADDR2:
		return lev_name(S(x, S_ADDR2), S(y, S_ADDR2));
	case F_STREETNO:
		return lev_code(S(x, S_STREETNO), S(y, S_STREETNO));
	case F_POSTCODE:
		return lev_code(S(x, S_POSTCODE), S(y, S_POSTCODE));
	case F_SSN:
		return lev_code(S(x, S_SSN), S(y, S_SSN));
	case F_STATE:
	case F_WEB: {
		int s = f == F_STATE ? S_STATE : S_WEB;

		if (!x->len[s] || !y->len[s])
			return 0;
		return eq(S(x, s), S(y, s)) ? 2 : 1;
	}
	}
	return 0;
}

static int
is_cannot(const struct crm_dedupe *d, uint32_t a, uint32_t b)
{
	uint64_t k = ((uint64_t)a << 32) | b;
	size_t lo = 0, hi = d->ncannot;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (d->cannot[mid] < k)
			lo = mid + 1;
		else if (d->cannot[mid] > k)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

int
dd_dob_rule(const int *lv)
{
	return lv[F_DOB] >= D_ELSE && lv[F_DOB] < D_TYPO && lv[F_SSN] != 3 && lv[F_EMAIL] < 3 &&
	    lv[F_PHONE] != 3;
}

/* Levels of every active field into lv; returns the hard rule, if any. */
int
dd_compare(const struct crm_dedupe *d, uint32_t a, uint32_t b, int *lv)
{
	const struct ddrec *x = &d->r[a], *y = &d->r[b];
	int f, rule = R_NONE;

	for (f = 0; f < NF; f++)
		lv[f] = d->active[f] ? cmp_field(d, f, x, y) : 0;
	/* First and last name swapped. */
	if (d->active[F_FIRST] && d->active[F_LAST] && lv[F_FIRST] < 3 &&
	    lv[F_LAST] < 3 && x->len[S_FIRST] && y->len[S_FIRST] &&
	    x->len[S_LAST] && y->len[S_LAST]) {
		int s1 = lev_name(S(x, S_FIRST), S(y, S_LAST));
		int s2 = lev_name(S(x, S_LAST), S(y, S_FIRST));

		/* Both near, or one near and the other a typo, and better. */
		if (s1 >= 2 && s2 >= 2 && s1 + s2 >= 5 &&
		    s1 + s2 > lv[F_FIRST] + lv[F_LAST]) {
			lv[F_FIRST] = s1;
			lv[F_LAST] = s2;
		}
	}
	if (x->inn_ok && y->inn_ok) {
		if (lv[F_INN] == 3) {
			if (x->len[S_KPP] && y->len[S_KPP] &&
			    (x->len[S_KPP] != y->len[S_KPP] || memcmp(SP(d, x, S_KPP),
			    SP(d, y, S_KPP), x->len[S_KPP])))
				rule = R_KPP_DIFF;
			else
				rule = R_INN_SAME;
		} else
			rule = R_INN_DIFF;
	}
	/*
	 * Different birth dates forbid a match unless an identifier agrees
	 * exactly (a wrong date typed beside the right SSN, email or phone).
	 */
	if (rule == R_NONE && d->hard_dob && dd_dob_rule(lv))
		rule = R_DOB_DIFF;
	/* Spouses (Иванов, Иванова); not a typo beside one first name. */
	if (rule == R_NONE && lv[F_LAST] == 4 && x->g_last && y->g_last &&
	    x->g_last != y->g_last && lv[F_FIRST] != 4)
		rule = R_GENDER;
	if (rule == R_NONE && x->g_mid && y->g_mid && x->g_mid != y->g_mid &&
	    lv[F_FIRST] != 4)
		rule = R_GENDER;
	if (rule == R_NONE && d->ncannot && is_cannot(d, a, b))
		rule = R_NOTDUP;
	return rule;
}

/* ---- sorting ----------------------------------------------------------------- */

/* LSD radix sort of 64-bit keys (with a parallel 32-bit payload if v). */
void
dd_radix64(uint64_t *k, uint32_t *v, size_t n, int bits)
{
	uint64_t *tk;
	uint32_t *tv = NULL;
	int shift;

	if (n < 2)
		return;
	tk = xmalloc(n * sizeof *tk);
	if (v)
		tv = xmalloc(n * sizeof *tv);
	for (shift = 0; shift < bits; shift += 11) {
		size_t cnt[2048], i, sum = 0;

		memset(cnt, 0, sizeof cnt);
		for (i = 0; i < n; i++)
			cnt[(k[i] >> shift) & 2047]++;
		if (cnt[(k[0] >> shift) & 2047] == n)
			continue;
		for (i = 0; i < 2048; i++) {
			size_t c = cnt[i];

			cnt[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++) {
			size_t pos = cnt[(k[i] >> shift) & 2047]++;

			tk[pos] = k[i];
			if (v)
				tv[pos] = v[i];
		}
		memcpy(k, tk, n * sizeof *k);
		if (v)
			memcpy(v, tv, n * sizeof *v);
	}
	free(tk);
	free(tv);
}

int
dd_bits_for(uint64_t max)
{
	int b = 0;

	while (b < 64 && (max >> b))
		b++;
	return b ? b : 1;
}
