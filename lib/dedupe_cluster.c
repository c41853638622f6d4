/*
 * dedupe_cluster: clustering: union-find over the accepted pairs, and the
 * refinement of clusters that grew too big.
 */
#include <stdlib.h>
#include <string.h>

#include "dedupe_int.h"

/* ---- clustering -------------------------------------------------------------- */

static uint32_t
uf_find(uint32_t *par, uint32_t x)
{
	while (par[x] != x) {
		par[x] = par[par[x]];
		x = par[x];
	}
	return x;
}

struct edge {
	float p;
	uint32_t a, b;
	uint8_t cannot;
};

static int
edge_cmp(const void *x, const void *y)
{
	const struct edge *a = x, *b = y;

	if (a->p != b->p)
		return a->p > b->p ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

/* Average linkage inside one component (members m[0..k), sorted). */
static void
refine(struct crm_dedupe *d, const uint32_t *mem, size_t k,
    const struct edge *e, size_t ne, uint32_t *lab)
{
	float *sim = xcalloc(k * k, sizeof *sim);
	size_t *cs = xmalloc(k * sizeof *cs), i, j, t;
	size_t *grp = xmalloc(k * sizeof *grp);

	for (t = 0; t < ne; t++) {
		size_t a, b;
		const uint32_t *pa = bsearch(&e[t].a, mem, k, sizeof *mem, dd_u32cmp);
		const uint32_t *pb = bsearch(&e[t].b, mem, k, sizeof *mem, dd_u32cmp);

		if (!pa || !pb)
			continue;
		a = (size_t)(pa - mem);
		b = (size_t)(pb - mem);
		sim[a * k + b] = sim[b * k + a] = e[t].cannot ? -1e9f : e[t].p;
	}
	/* Pairs blocking did not produce: score them now. */
	for (i = 0; i < k; i++)
		for (j = i + 1; j < k; j++) {
			int lv[NF], rl;
			double w, pr;

			if (sim[i * k + j] != 0)
				continue;
			rl = dd_compare(d, mem[i], mem[j], lv);
			if (d->fallback && rl == R_NONE)
				rl = dd_fallback_rule(d, mem[i], mem[j], lv);
			w = dd_pattern_weight(d, pack_levels(lv)) +
			    dd_tf_total(d, mem[i], mem[j], pack_levels(lv));
			pr = dd_pair_prob(d, rl, w);
			sim[i * k + j] = sim[j * k + i] = (float)pr;
		}
	for (i = 0; i < k; i++) {
		cs[i] = 1;
		grp[i] = i;
	}
	for (;;) {
		double best = -1;
		size_t bi = 0, bj = 0;

		for (i = 0; i < k; i++) {
			if (grp[i] != i)
				continue;
			for (j = i + 1; j < k; j++) {
				double avg;

				if (grp[j] != j)
					continue;
				avg = sim[i * k + j] / (double)(cs[i] * cs[j]);
				if (avg > best) {
					best = avg;
					bi = i;
					bj = j;
				}
			}
		}
		if (best < d->o.t_avg)
			break;
		/* merge bj into bi: sums add up */
		for (t = 0; t < k; t++) {
			if (grp[t] != t || t == bi || t == bj)
				continue;
			sim[bi * k + t] += sim[bj * k + t];
			sim[t * k + bi] = sim[bi * k + t];
		}
		cs[bi] += cs[bj];
		for (t = 0; t < k; t++)
			if (grp[t] == bj)
				grp[t] = bi;
	}
	/* Label: the smallest member of each group. */
	for (i = 0; i < k; i++) {
		size_t root = i;

		while (grp[root] != root)
			root = grp[root];
		grp[i] = root;
	}
	for (i = 0; i < k; i++)
		lab[i] = mem[grp[i]];
	for (i = 0; i < k; i++) {	/* smallest index in each group */
		uint32_t minv = lab[i];

		for (j = 0; j < k; j++)
			if (grp[j] == grp[i] && mem[j] < minv)
				minv = mem[j];
		lab[i] = minv;
	}
	free(sim);
	free(cs);
	free(grp);
}

static int
mem_cmp(const void *a, const void *b)
{
	const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void
dd_cluster(struct crm_dedupe *d)
{
	size_t n = d->n, i, ne = 0, k;
	uint32_t *par = xmalloc((n ? n : 1) * sizeof *par);
	uint32_t *sz = xmalloc((n ? n : 1) * sizeof *sz);
	struct edge *e = xmalloc((d->npairs ? d->npairs : 1) * sizeof *e);
	uint64_t *byc;		/* (component << 32 | member) */
	size_t nbyc = 0;

	d->cl = xmalloc((n ? n : 1) * sizeof *d->cl);
	d->clsize = xmalloc((n ? n : 1) * sizeof *d->clsize);
	d->score = xmalloc((n ? n : 1) * sizeof *d->score);
	for (i = 0; i < n; i++) {
		par[i] = (uint32_t)i;
		sz[i] = 1;
		d->score[i] = -1;
	}
	for (k = 0; k < d->npairs; k++) {
		const struct crm_dedupe_pair *p = &d->pairs[k];

		e[ne].p = p->p;
		e[ne].a = p->a;
		e[ne].b = p->b;
		e[ne].cannot = p->rule >= R_INN_DIFF && p->rule != R_NONE;
		ne++;
	}
	qsort(e, ne, sizeof *e, edge_cmp);
	/* Capped single linkage over the auto edges, strongest first. */
	for (k = 0; k < ne; k++) {
		uint32_t ra, rb;

		if (e[k].cannot || e[k].p < d->o.t_auto)
			continue;
		ra = uf_find(par, e[k].a);
		rb = uf_find(par, e[k].b);
		if (ra == rb || sz[ra] + sz[rb] > (uint32_t)d->o.max_cluster)
			continue;
		if (ra > rb) {
			uint32_t t = ra;

			ra = rb;
			rb = t;
		}
		par[rb] = ra;
		sz[ra] += sz[rb];
	}
	byc = xmalloc((n ? n : 1) * sizeof *byc);
	for (i = 0; i < n; i++) {
		uint32_t r = uf_find(par, (uint32_t)i);

		d->cl[i] = r;
		if (sz[r] > 2)
			byc[nbyc++] = ((uint64_t)r << 32) | i;
	}
	/* Refine components of three or more. */
	if (nbyc) {
		struct edge *ce = NULL;
		size_t cap = 0;

		qsort(byc, nbyc, sizeof *byc, mem_cmp);
		/* Edges grouped by component: sort edges by component of a. */
		for (i = 0; i < nbyc;) {
			uint32_t comp = (uint32_t)(byc[i] >> 32);
			size_t j = i, cnt, t;
			uint32_t *mem, *lab;

			while (j < nbyc && (uint32_t)(byc[j] >> 32) == comp)
				j++;
			cnt = j - i;
			mem = xmalloc(cnt * sizeof *mem);
			lab = xmalloc(cnt * sizeof *lab);
			for (t = 0; t < cnt; t++)
				mem[t] = (uint32_t)byc[i + t];
			/* collect the component's edges */
			{
				size_t nce = 0, m;

				for (m = 0; m < cnt; m++) {
					/* pairs with a == mem[m]: binary search in d->pairs */
					size_t lo = 0, hi = d->npairs;

					while (lo < hi) {
						size_t mid = (lo + hi) / 2;

						if (d->pairs[mid].a < mem[m])
							lo = mid + 1;
						else
							hi = mid;
					}
					for (; lo < d->npairs && d->pairs[lo].a == mem[m]; lo++) {
						const struct crm_dedupe_pair *p = &d->pairs[lo];

						if (d->cl[p->b] != comp)
							continue;
						if (nce == cap) {
							cap = cap ? cap * 2 : 64;
							ce = xreallocarray(ce, cap, sizeof *ce);
						}
						ce[nce].a = p->a;
						ce[nce].b = p->b;
						ce[nce].p = p->p;
						/* A date mismatch counts as 0, not as a veto. */
						ce[nce].cannot = p->rule >= R_INN_DIFF &&
						    p->rule != R_DOB_DIFF;
						nce++;
					}
				}
				refine(d, mem, cnt, ce, nce, lab);
			}
			for (t = 0; t < cnt; t++)
				d->cl[mem[t]] = lab[t];
			free(mem);
			free(lab);
			i = j;
		}
		free(ce);
	}
	free(byc);
	/* Representative = smallest member (union by smaller root already). */
	memset(d->clsize, 0, n * sizeof *d->clsize);
	for (i = 0; i < n; i++)
		d->clsize[d->cl[i]]++;
	for (k = 0; k < d->npairs; k++) {
		const struct crm_dedupe_pair *p = &d->pairs[k];

		if (d->cl[p->a] != d->cl[p->b] || p->rule >= R_INN_DIFF)
			continue;
		if (p->p > d->score[p->a])
			d->score[p->a] = p->p;
		if (p->p > d->score[p->b])
			d->score[p->b] = p->p;
	}
	for (i = 0; i < n; i++) {
		if (d->clsize[d->cl[i]] >= 2 && d->cl[i] == i) {
			d->st.clusters++;
			d->st.in_clusters += d->clsize[i];
		}
	}
	free(par);
	free(sz);
	free(e);
}
