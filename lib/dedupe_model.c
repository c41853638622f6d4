/*
 * dedupe_model: the Fellegi-Sunter model: u from random pairs, m seeded
 * and estimated by EM over level patterns, weights, term-frequency
 * adjustments, the fallback rules when the model cannot be used, and a
 * pair's probability.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dedupe_int.h"

/* ---- model ------------------------------------------------------------------- */

static uint64_t
xorshift(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

void
dd_estimate_u(struct crm_dedupe *d)
{
	double cnt[NF][NLEV];
	size_t n = d->n, total, k, want = 200000;
	uint64_t seed = 0x2545f4914f6cdd1dULL;
	int lv[NF], f, l;

	memset(cnt, 0, sizeof cnt);
	total = n * (n - 1) / 2;
	if (total <= want) {
		uint32_t a, b;

		for (a = 0; a < n; a++)
			for (b = a + 1; b < n; b++) {
				if (d->o.link && d->r[a].source == d->r[b].source)
					continue;
				dd_compare(d, a, b, lv);
				for (f = 0; f < NF; f++)
					cnt[f][lv[f]]++;
			}
	} else {
		size_t tries = 0;
		/* Records by content, so the sample does not follow input order. */
		struct snent *perm = xmalloc(n * sizeof *perm);

		for (k = 0; k < n; k++) {
			perm[k].key = d->r[k].chash;
			perm[k].chash = 0;
			perm[k].idx = (uint32_t)k;
		}
		qsort(perm, n, sizeof *perm, dd_snent_cmp);
		for (k = 0; k < want && tries < want * 20; tries++) {
			uint32_t a = perm[xorshift(&seed) % n].idx;
			uint32_t b = perm[xorshift(&seed) % n].idx;

			if (a == b || (d->o.link && d->r[a].source == d->r[b].source))
				continue;
			if (a > b) {
				uint32_t t = a;

				a = b;
				b = t;
			}
			dd_compare(d, a, b, lv);
			for (f = 0; f < NF; f++)
				cnt[f][lv[f]]++;
			k++;
		}
		free(perm);
	}
	/*
	 * A prior of 1000 typical random pairs keeps small inputs sane: a
	 * random pair rarely agrees exactly (names 1%, identifiers 0.1%).
	 */
	for (f = 0; f < NF; f++) {
		double s = 0, u0[NLEV], rest = 1;
		int nl = fdef[f].nlev, t = fdef[f].type;

		u0[nl - 1] = t == T_NAME || t == T_TEXT ? 0.01 : t == T_EXACT ?
		    0.05 : 0.001;
		for (l = 2; l < nl - 1; l++)
			u0[l] = 0.01;
		for (l = 2; l < nl; l++)
			rest -= u0[l];
		u0[1] = rest;
		for (l = 1; l < nl; l++)
			s += cnt[f][l];
		for (l = 1; l < nl; l++)
			if (!d->pinned[f][l])
				d->u[f][l] = (cnt[f][l] + 1000 * u0[l]) / (s + 1000);
	}
}

void
dd_init_m(struct crm_dedupe *d)
{
	int f, l;

	for (f = 0; f < NF; f++) {
		int nl = fdef[f].nlev;

		for (l = 1; l < nl; l++) {
			double m;

			if (d->pinned[f][l])
				continue;
			if (l == nl - 1)
				m = 0.8;
			else if (l == 1)
				m = 0.05;
			else
				m = 0.15 / (nl - 3 > 0 ? nl - 3 : 1);
			d->m[f][l] = m;
		}
	}
}


/* Strong agreements in a pattern: identifiers that rarely agree by chance. */
static int
strong(uint64_t p)
{
	return (plev(p, F_EMAIL) >= 3) + (plev(p, F_PHONE) == 3) +
	    (plev(p, F_SSN) == 3) + (plev(p, F_INN) == 3) +
	    (plev(p, F_OGRN) == 3) + (plev(p, F_DOB) == D_EXACT) +
	    (plev(p, F_WEB) == 2);
}

/*
 * Start EM from the pairs that are surely matches (two identifiers agree,
 * or one and both names): m is their level distribution and the prior
 * their share.  This keeps EM off the "same name" solution, where the
 * match class is every pair of namesakes.  Returns the initial prior.
 */
static double
seed_m(struct crm_dedupe *d, const struct pat *pt, size_t np)
{
	double cnt[NF][NLEV], ns = 0, tot = 0;
	size_t k;
	int f, l;

	memset(cnt, 0, sizeof cnt);
	for (k = 0; k < np; k++) {
		int st = strong(pt[k].p);

		tot += pt[k].c;
		if (st >= 2 || (st == 1 && plev(pt[k].p, F_FIRST) >= 3 &&
		    plev(pt[k].p, F_LAST) >= 3)) {
			ns += pt[k].c;
			for (f = 0; f < NF; f++)
				cnt[f][plev(pt[k].p, f)] += pt[k].c;
		}
	}
	if (ns < 10)
		return 0.1;
	for (f = 0; f < NF; f++) {
		int nl = fdef[f].nlev;
		double s = 0;

		for (l = 1; l < nl; l++)
			s += cnt[f][l];
		for (l = 1; l < nl; l++)
			if (!d->pinned[f][l])
				d->m[f][l] = (cnt[f][l] + 10 * d->m[f][l]) / (s + 10);
	}
	return ns / tot > 0.5 ? 0.5 : ns / tot;
}

static int
pat_cmp(const void *a, const void *b)
{
	uint64_t x = ((const struct pat *)a)->p, y = ((const struct pat *)b)->p;

	return x < y ? -1 : x > y;
}

/*
 * The distinct comparison patterns of the pairs no INN rule decided, with
 * their counts, by pattern: a hash table of the few distinct ones, not a
 * sorted copy of every pair's.
 */
struct pat *
dd_count_patterns(const uint64_t *pats, const uint8_t *rules, size_t n,
    size_t *np)
{
	size_t cap = 1024, used = 0, k, i;
	struct pat *tab = xcalloc(cap, sizeof *tab), *out;
	uint8_t *full = xcalloc(cap, 1);

	for (k = 0; k < n; k++) {
		uint64_t h;

		if (rules[k] == R_INN_SAME)
			continue;
		if (2 * (used + 1) > cap) {	/* grow: rehash */
			size_t nc = cap * 2;
			struct pat *nt = xcalloc(nc, sizeof *nt);
			uint8_t *nf = xcalloc(nc, 1);

			for (i = 0; i < cap; i++) {
				size_t q;

				if (!full[i])
					continue;
				q = (size_t)hash64(&tab[i].p, sizeof tab[i].p, 0) &
				    (nc - 1);
				while (nf[q])
					q = (q + 1) & (nc - 1);
				nt[q] = tab[i];
				nf[q] = 1;
			}
			free(tab);
			free(full);
			tab = nt;
			full = nf;
			cap = nc;
		}
		h = hash64(&pats[k], sizeof pats[k], 0) & (cap - 1);
		while (full[h] && tab[h].p != pats[k])
			h = (h + 1) & (cap - 1);
		if (!full[h]) {
			full[h] = 1;
			tab[h].p = pats[k];
			tab[h].c = 0;
			used++;
		}
		tab[h].c++;
	}
	out = xmalloc((used ? used : 1) * sizeof *out);
	for (i = 0, k = 0; i < cap; i++)
		if (full[i])
			out[k++] = tab[i];
	qsort(out, used, sizeof *out, pat_cmp);
	free(tab);
	free(full);
	*np = used;
	return out;
}

void
dd_em(struct crm_dedupe *d, const struct pat *pt, size_t np)
{
	double lam = 0.1, ue[NF][NLEV], m0[NF][NLEV];
	int it, f, l, maxit = d->o.em_iter > 0 ? d->o.em_iter : 40;
	double *g = xmalloc((np ? np : 1) * sizeof *g);

	if (d->o.em_iter < 0 || np == 0) {
		d->em_conv = 1;
		d->lambda = d->n > 1 ? 0.05 : 0.5;
		free(g);
		return;
	}
	memcpy(ue, d->u, sizeof ue);
	memcpy(m0, d->m, sizeof m0);	/* the defaults are the prior */
	lam = seed_m(d, pt, np);
	for (it = 0; it < maxit; it++) {
		double mn[NF][NLEV], un[NF][NLEV], tot = 0, sg = 0, dl;
		size_t k;

		memset(mn, 0, sizeof mn);
		memset(un, 0, sizeof un);
		for (k = 0; k < np; k++) {
			double lw = log(lam) - log(1 - lam);

			for (f = 0; f < NF; f++) {
				l = plev(pt[k].p, f);
				if (l)
					lw += log(d->m[f][l]) - log(ue[f][l]);
			}
			g[k] = lw > 50 ? 1 : lw < -50 ? 0 : 1 / (1 + exp(-lw));
			tot += pt[k].c;
			sg += pt[k].c * g[k];
			for (f = 0; f < NF; f++) {
				l = plev(pt[k].p, f);
				if (l) {
					mn[f][l] += pt[k].c * g[k];
					un[f][l] += pt[k].c * (1 - g[k]);
				}
			}
		}
		dl = fabs(sg / tot - lam);
		lam = sg / tot;
		if (lam < 1e-6)
			lam = 1e-6;
		if (lam > 0.999)
			lam = 0.999;
		for (f = 0; f < NF; f++) {
			double s = 0;
			int nl = fdef[f].nlev;

			if (!d->active[f])
				continue;
			for (l = 1; l < nl; l++)
				s += mn[f][l];
			for (l = 1; l < nl; l++) {
				double nm;

				if (d->pinned[f][l])
					continue;
				/* A prior of 100 pairs keeps small inputs sane. */
				nm = (mn[f][l] + 100 * m0[f][l] + 1e-3) /
				    (s + 100 + 1e-3 * (nl - 1));
				d->m[f][l] = nm;
			}
			/*
			 * The non-matches among candidates are not random pairs
			 * (they share a blocking key): EM keeps its own u for
			 * them; scoring uses the u of random pairs.
			 */
			for (l = 1, s = 0; l < nl; l++)
				s += un[f][l];
			for (l = 1; l < nl; l++)
				ue[f][l] = (un[f][l] + 10 * ue[f][l] + 1e-3) /
				    (s + 10 + 1e-3 * (nl - 1));
		}
		d->em_it = it + 1;
		/* Settled, or at most drifting in the fourth decimal. */
		d->em_conv = dl < 1e-4;
		if (dl < 1e-7 && it > 2)
			break;
	}
	d->lambda = lam;
	free(g);
}

void
dd_weights(struct crm_dedupe *d)
{
	int f, l;

	for (f = 0; f < NF; f++)
		for (l = 1; l < fdef[f].nlev; l++) {
			double w = log2(d->m[f][l] / d->u[f][l]);

			d->w[f][l] = w;
		}
	/*
	 * The prior is over all pairs, not over candidates: the matches EM
	 * found among the candidates (blocking misses few) spread over
	 * n(n-1)/2 pairs.
	 */
	d->prior = log2(d->lambda / (1 - d->lambda));
	if (d->n > 1) {
		double tot = (double)d->n * (d->n - 1) / 2;
		double lg = d->lambda * d->st.candidates / tot;

		if (lg > 0.5)
			lg = 0.5;
		if (lg < 1e-12)
			lg = 1e-12;
		d->prior = log2(lg / (1 - lg));
	}
}

/*
 * Term-frequency adjustments, once u is known: two records agreeing
 * exactly on a value that c of the n records hold share it with the others
 * in (c - 2) / (n - 2) of them (the chance that a third record holds it
 * too), shrunk towards the field's average
 * (u of the exact level) by TF_PRIOR pseudo-records; the adjustment is
 * log2(u / that share), within [TF_MIN, TF_MAX]: Иванов, Smith or Moscow
 * weigh less, a rare surname more.  Small inputs get about none.
 */
void
dd_tf_weights(struct crm_dedupe *d)
{
	int t;

	for (t = 0; t < NTF; t++) {
		int f = tf_field[t], top = fdef[f].nlev - 1;
		size_t k, nv = crm_hmap_count(&d->tfmap[t]);
		double u = d->u[f][top], n = d->n > 2 ? (double)d->n : 3;

		d->tfw[t] = xmalloc((nv ? nv : 1) * sizeof *d->tfw[t]);
		for (k = 0; k < nv; k++) {
			double c = (double)*crm_hmap_val(&d->tfmap[t], k);
			double share = (c - 2 + TF_PRIOR * u) / (n - 2 + TF_PRIOR);
			double a = log2(u / share);

			d->tfw[t][k] = (float)(a < TF_MIN ? TF_MIN : a > TF_MAX ?
			    TF_MAX : a);
		}
	}
}

/*
 * The term-frequency adjustment of field f for the pair (x, y) at level l:
 * only an exact agreement on one value (not a nickname, not names taken
 * swapped) is adjusted, and not a level whose m and u are pinned.
 */
double
dd_tf_adjust(const struct crm_dedupe *d, int t, const struct ddrec *x,
    const struct ddrec *y, int l)
{
	int f = tf_field[t];

	if (!d->tfw[t] || l != fdef[f].nlev - 1 || !x->tfid[t] ||
	    x->tfid[t] != y->tfid[t] || d->pinned[f][l])
		return 0;
	return d->tfw[t][x->tfid[t] - 1];
}

/* The pair's term-frequency adjustments, summed. */
double
dd_tf_total(const struct crm_dedupe *d, uint32_t a, uint32_t b, uint64_t p)
{
	const struct ddrec *x, *y;
	double w = 0;
	int t;

	for (t = 0; t < NTF; t++)
		if (plev(p, tf_field[t]) == fdef[tf_field[t]].nlev - 1)
			break;
	if (t == NTF)
		return 0;	/* no exact agreement to adjust */
	x = &d->r[a];
	y = &d->r[b];
	for (t = 0; t < NTF; t++)
		w += dd_tf_adjust(d, t, x, y, plev(p, tf_field[t]));
	return w;
}

double
dd_pattern_weight(const struct crm_dedupe *d, uint64_t p)
{
	double w = d->prior;
	int f;

	for (f = 0; f < NF; f++) {
		int l = plev(p, f);

		if (l)
			w += d->w[f][l];
	}
	return w;
}

/*
 * Whether the model can be trusted: enough comparable fields, EM
 * converged, and agreement on every field's top level is evidence of a
 * match (m > u) with a share of matches that is neither nil nor most.
 * Returns why not, or NULL.
 */
const char *
dd_model_failure(const struct crm_dedupe *d)
{
	int f, nact = 0;

	if (d->n < 2)
		return NULL;
	for (f = 0; f < NF; f++)
		nact += d->active[f];
	if (nact < 3)
		return "too few comparable fields";
	if (!d->em_conv && d->o.em_iter >= 0)
		return "EM did not converge";
	if (d->lambda < 1e-5 || d->lambda > 0.9)
		return "degenerate m/u";
	for (f = 0; f < NF; f++) {
		int top = fdef[f].nlev - 1;

		if (d->active[f] && d->m[f][top] <= d->u[f][top])
			return "degenerate m/u";
	}
	return NULL;
}

/*
 * The fallback's rules for a pair no hard rule decided: equal company
 * name without its legal form, equal INN, e-mail key or phone are
 * duplicates; similar names (company cosine >= 0.8, or first and last
 * name Jaro-Winkler >= 0.92) are for review; else none.
 */
int
dd_fallback_rule(const struct crm_dedupe *d, uint32_t a, uint32_t b,
    const int *lv)
{
	const struct ddrec *x = &d->r[a], *y = &d->r[b];

	if (SL(x, S_CKEY) && SL(x, S_CKEY) == SL(y, S_CKEY) &&
	    !memcmp(SP(d, x, S_CKEY), SP(d, y, S_CKEY), SL(x, S_CKEY)))
		return R_FB_NAME;
	if (lv[F_INN] == 3)
		return R_FB_INN;
	if (lv[F_EMAIL] >= 3)
		return R_FB_EMAIL;
	if (lv[F_PHONE] == 3)
		return R_FB_PHONE;
	if (lv[F_COMPANY] >= 3 || (lv[F_FIRST] >= 3 && lv[F_LAST] >= 3))
		return R_FB_NEAR;
	return R_NONE;
}

/*
 * The probability of a pair from its levels and rule (after the fallback
 * rules when the model is not used): 1 for a rule that makes a match, the
 * review bound for similar names, 0 for the date rule, -1e9 for other
 * rules that forbid; else the model's, or 0 under the fallback.
 */
double
dd_pair_prob(const struct crm_dedupe *d, int rl, double w)
{
	if (rl == R_INN_SAME || (rl >= R_FB_NAME && rl <= R_FB_PHONE))
		return 1;
	if (rl == R_FB_NEAR)
		return d->o.t_review;
	if (rl == R_DOB_DIFF)
		return 0;
	if (rl != R_NONE)
		return -1e9;
	if (d->fallback)
		return 0;
	return w > 60 ? 1 : w < -60 ? 0 : 1 / (1 + exp2(-w));
}

/*
 * Whether a pair with no rule, of pattern weight w, stays below the review
 * band whatever its term frequencies add: most pairs, told without
 * touching their records.
 */
int
dd_below_review(const struct crm_dedupe *d, int rl, double w)
{
	return rl == R_NONE && !d->fallback &&
	    dd_pair_prob(d, rl, w + NTF * TF_MAX) < d->o.t_review;
}
