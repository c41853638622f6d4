/*
 * dedupe_block: blocking: the candidate pairs, from record keys (exact,
 * phonetic) and sorted neighbourhoods.
 */
#include <stdlib.h>
#include <string.h>

#include "dedupe_int.h"

/* ---- blocking ---------------------------------------------------------------- */


static void
pv_add(struct pairvec *v, uint32_t a, uint32_t b)
{
	if (a == b)
		return;
	if (a > b) {
		uint32_t t = a;

		a = b;
		b = t;
	}
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 1 << 16;
		v->p = xreallocarray(v->p, v->cap, sizeof *v->p);
	}
	v->p[v->n++] = ((uint64_t)a << 32) | b;
}

struct keyvec {
	uint64_t *k;
	uint32_t *i;
	size_t n, cap;
};

static void
kv_add(struct keyvec *v, uint64_t key, uint32_t idx)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 1 << 16;
		v->k = xreallocarray(v->k, v->cap, sizeof *v->k);
		v->i = xreallocarray(v->i, v->cap, sizeof *v->i);
	}
	v->k[v->n] = key ? key : 1;
	v->i[v->n++] = idx;
}

static void
key2(struct keyvec *kv, uint32_t idx, int pass, const char *a, size_t na,
    const char *b, size_t nb)
{
	uint64_t h;

	if (!na || (b && !nb))
		return;
	h = hash64(a, na, (uint64_t)pass * 0x9e3779b97f4a7c15ULL);
	if (b)
		h = hash64(b, nb, h);
	kv_add(kv, (h & ~(uint64_t)31) | (uint64_t)pass, idx);	/* pass in the low bits */
}


int
dd_snent_cmp(const void *a, const void *b)
{
	const struct snent *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->chash != y->chash)
		return x->chash < y->chash ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void
window_pairs(struct crm_dedupe *d, struct pairvec *pv, struct snent *e,
    size_t n)
{
	size_t i, j;

	qsort(e, n, sizeof *e, dd_snent_cmp);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n && j <= i + (size_t)d->o.window; j++)
			pv_add(pv, e[i].idx, e[j].idx);
}

/*
 * Passes for records that agree on little: the names' Soundex (over the
 * skeleton, so Cyrillic is transliterated first) in either order (18); a
 * name's Soundex with the birth date less one of its parts, so that a
 * wrong year (a digit typed wrong or swapped: 2008 and 2018), month or day
 * still meets (19 month-day, 20 year-month, 21 year-day), and with day and
 * month in order (22: 1985-05-03 and 1985-03-05).
 */
#define PASS_WEAK 18	/* passes from this one on are phonetic_keys' */

static void
phonetic_keys(struct crm_dedupe *d, struct keyvec *kv, uint32_t x,
    const struct ddrec *r)
{
	const char *nm[2];
	int k;

	(void)d;
	nm[0] = r->sx_first[0] ? r->sx_first : NULL;
	nm[1] = r->sx_last[0] ? r->sx_last : NULL;
	if (nm[0] && nm[1]) {
		int o = memcmp(nm[0], nm[1], 4) > 0;

		key2(kv, x, 18, nm[o], 4, nm[!o], 4);
	}
	for (k = 0; k < 2 && r->len[S_CITY]; k++)
		if (nm[k])
			key2(kv, x, 23, nm[k], 4, S(r, S_CITY));
	if (r->len[S_DOB] != 8)
		return;
	for (k = 0; k < 2; k++) {
		const char *dob = SP(d, r, S_DOB);
		char v[8];

		if (!nm[k])
			continue;
		key2(kv, x, 19, nm[k], 4, dob + 4, 4);
		key2(kv, x, 20, nm[k], 4, dob, 6);
		memcpy(v, dob, 4);
		memcpy(v + 4, dob + 6, 2);
		key2(kv, x, 21, nm[k], 4, v, 6);
		memcpy(v, dob, 4);
		if (memcmp(dob + 4, dob + 6, 2) > 0) {
			memcpy(v + 4, dob + 6, 2);
			memcpy(v + 6, dob + 4, 2);
		} else
			memcpy(v + 4, dob + 4, 4);
		key2(kv, x, 22, nm[k], 4, v, 8);
	}
}

/* The keys of record i's passes but the phonetic ones. */
static void
record_keys(struct crm_dedupe *d, struct keyvec *kv, size_t i)
{
	size_t j, maxdf = (size_t)d->o.block_cap;
	const struct ddrec *r = &d->r[i];
	uint32_t x = (uint32_t)i;
	const char *fn = r->len[S_FCANON] ? SP(d, r, S_FCANON) :
	    SP(d, r, S_FIRST);
	size_t fl = r->len[S_FCANON] ? SL(r, S_FCANON) : SL(r, S_FIRST);
	int person = r->len[S_FIRST] || r->len[S_STEM];

	key2(kv, x, 1, S(r, S_EKEY), NULL, 0);
	if (r->len[S_PHONE])	/* the last 10 digits */
		key2(kv, x, 2, SP(d, r, S_PHONE) + (r->len[S_PHONE] > 10 ?
		    r->len[S_PHONE] - 10 : 0), r->len[S_PHONE] > 10 ? 10 :
		    SL(r, S_PHONE), NULL, 0);
	if (fl && r->len[S_MIDDLE] && r->len[S_LAST]) {
		/* first name, patronymic and the surname's initial */
		char ini = SP(d, r, S_LAST)[0];

		crm_buf_reset(&d->tmp);
		crm_buf_add(&d->tmp, fn, fl);
		crm_buf_addc(&d->tmp, ' ');
		crm_buf_add(&d->tmp, S(r, S_MIDDLE));
		crm_buf_addc(&d->tmp, ' ');
		crm_buf_addc(&d->tmp, ini);
		key2(kv, x, 17, d->tmp.buf, d->tmp.len, NULL, 0);
	}
	key2(kv, x, 3, S(r, S_INN), NULL, 0);
	if (fl && r->len[S_STEM]) {	/* order-free: swapped names */
		const char *a = fn, *b = SP(d, r, S_STEM);
		size_t la = fl, lb = SL(r, S_STEM);

		if (strcmp(a, b) > 0) {
			const char *t = a; size_t tl = la;
			a = b; la = lb; b = t; lb = tl;
		}
		key2(kv, x, 4, a, la, b, lb);
	}
	key2(kv, x, 6, fn, fl, S(r, S_DOB));
	key2(kv, x, 7, S(r, S_SSN), NULL, 0);
	key2(kv, x, 8, S(r, S_POSTCODE), S(r, S_STREETNO));
	/* Company keys block companies, not the people working there. */
	if (!person)
		key2(kv, x, 9, S(r, S_COMPANY), NULL, 0);
	key2(kv, x, 10, S(r, S_STEM), S(r, S_DOB));
	key2(kv, x, 11, S(r, S_WEB), NULL, 0);
	key2(kv, x, 12, S(r, S_OGRN), NULL, 0);
	key2(kv, x, 13, S(r, S_DOB), NULL, 0);
	if (r->len[S_DOB] >= 4 && (fl || r->len[S_LAST])) {
		char ini[6];	/* sorted initials and birth year */
		char c1 = fl ? fn[0] : '-', c2 = r->len[S_LAST] ?
		    SP(d, r, S_LAST)[0] : '-';

		ini[0] = c1 < c2 ? c1 : c2;
		ini[1] = c1 < c2 ? c2 : c1;
		memcpy(ini + 2, SP(d, r, S_DOB), 4);
		key2(kv, x, 16, ini, 6, NULL, 0);
	}
	if (r->len[S_EMAIL]) {
		const char *e = SP(d, r, S_EMAIL);
		const char *at = memchr(e, '@', SL(r, S_EMAIL));

		if (at && at - e >= 4)
			key2(kv, x, 14, e, (size_t)(at - e), NULL, 0);
	}
	for (j = 0; !person && j < r->ntok; j++) {	/* rare company tokens */
		uint32_t t = d->toks[r->tok_off + j];

		if (d->td.df[t] <= maxdf && d->td.df[t] >= 2)
			key2(kv, x, 15, (const char *)&t, sizeof t, NULL, 0);
	}
}

/* Sort the keys and pair the records of each block. */
static void
block_pairs(struct crm_dedupe *d, struct pairvec *pv, struct keyvec *kv)
{
	size_t i, j, maxdf = (size_t)d->o.block_cap, cap;

	dd_radix64(kv->k, kv->i, kv->n, 64);
	for (i = 0; i < kv->n; i = j) {
		size_t bs;

		for (j = i + 1; j < kv->n && kv->k[j] == kv->k[i]; j++)
			;
		bs = j - i;
		/*
		 * Blocks on a name alone hold namesakes: all-pairs only while
		 * small (a quarter of the cap), windowed beyond.
		 */
		cap = maxdf;
		if ((kv->k[i] & 31) == 4 || (kv->k[i] & 31) >= 17)
			cap = maxdf / 4 > 2 ? maxdf / 4 : 2;
		/*
		 * The phonetic passes are weak keys: a block too big for all
		 * pairs is left to the sorted neighbourhood over the names.
		 */
		if (bs > cap && (kv->k[i] & 31) >= PASS_WEAK)
			continue;
		if (bs <= cap) {
			size_t p, q;

			for (p = i; p < j; p++)
				for (q = p + 1; q < j; q++)
					pv_add(pv, kv->i[p], kv->i[q]);
		} else {
			struct snent *big = xmalloc(bs * sizeof *big);
			size_t p;

			for (p = 0; p < bs; p++) {
				big[p].key = d->r[kv->i[i + p]].snkey;
				big[p].chash = d->r[kv->i[i + p]].chash;
				big[p].idx = kv->i[i + p];
			}
			window_pairs(d, pv, big, bs);
			free(big);
			d->st.blocks_windowed++;
		}
	}
}

void
dd_block(struct crm_dedupe *d, struct pairvec *pv)
{
	struct keyvec kv = { NULL, NULL, 0, 0 };
	struct snent *sn;
	size_t i, j, n = d->n;

	/*
	 * The plain passes, then the phonetic ones, each sorted and paired
	 * alone: the keys of one group at a time in memory.
	 */
	for (i = 0; i < n; i++)
		record_keys(d, &kv, i);
	block_pairs(d, pv, &kv);
	kv.n = 0;
	for (i = 0; i < n; i++)
		phonetic_keys(d, &kv, (uint32_t)i, &d->r[i]);
	block_pairs(d, pv, &kv);
	free(kv.k);
	free(kv.i);
	/* Sorted neighbourhood over the name key. */
	sn = xmalloc((n ? n : 1) * sizeof *sn);
	for (i = 0, j = 0; i < n; i++)
		if (d->r[i].snkey) {
			sn[j].key = d->r[i].snkey;
			sn[j].chash = d->r[i].chash;
			sn[j].idx = (uint32_t)i;
			j++;
		}
	window_pairs(d, pv, sn, j);
	free(sn);
	/* Sort, drop repeats and (when linking) same-source pairs. */
	dd_radix64(pv->p, NULL, pv->n, dd_bits_for(n ? (uint64_t)n << 32 : 1));
	for (i = 0, j = 0; i < pv->n; i++) {
		uint32_t a = (uint32_t)(pv->p[i] >> 32), b = (uint32_t)pv->p[i];

		if (j > 0 && pv->p[j - 1] == pv->p[i])
			continue;
		if (d->o.link && d->r[a].source == d->r[b].source)
			continue;
		pv->p[j++] = pv->p[i];
	}
	pv->n = j;
}
