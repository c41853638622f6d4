/* hmap: the library's one string-keyed hash map (see hmap.h). */
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "util.h"

uint64_t
crm_hmap_hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, k;

	while (n >= 8) {
		memcpy(&k, s, 8);
		h = (h ^ k) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
		s += 8;
		n -= 8;
	}
	k = 0;
	memcpy(&k, s, n);
	h = (h ^ k) * 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 29;
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 32);
}

static void
grow_slots(struct crm_hmap *m)
{
	size_t nslot = m->nslot ? m->nslot * 2 : 64, i, j;
	uint32_t *slot = xcalloc(nslot, sizeof *slot);

	for (i = 0; i < m->n; i++) {
		for (j = m->ent[i].hash & (nslot - 1); slot[j];
		    j = (j + 1) & (nslot - 1))
			;
		slot[j] = (uint32_t)(i + 1);
	}
	free(m->slot);
	m->slot = slot;
	m->nslot = nslot;
}

size_t
crm_hmap_find_hash(const struct crm_hmap *m, uint64_t hash, const char *s,
    size_t n)
{
	size_t j;
	const struct crm_hmap_ent *e;

	if (!m->nslot)
		return CRM_HMAP_NONE;
	for (j = hash & (m->nslot - 1); m->slot[j]; j = (j + 1) & (m->nslot - 1)) {
		e = &m->ent[m->slot[j] - 1];
		if (e->hash == hash && e->len == n &&
		    (!n || !memcmp(m->keys + e->off, s, n)))
			return m->slot[j] - 1;
	}
	return CRM_HMAP_NONE;
}

size_t
crm_hmap_prefetch(const struct crm_hmap *m, uint64_t hash, int step)
{
	uint32_t e;

	if (!m->nslot)
		return CRM_HMAP_NONE;
	if (step == 0) {
		__builtin_prefetch(&m->slot[hash & (m->nslot - 1)]);
		return CRM_HMAP_NONE;
	}
	if (!(e = m->slot[hash & (m->nslot - 1)]))
		return CRM_HMAP_NONE;
	if (step == 1) {
		__builtin_prefetch(&m->ent[e - 1]);
		return CRM_HMAP_NONE;
	}
	if (m->ent[e - 1].hash != hash)
		return CRM_HMAP_NONE;
	__builtin_prefetch(m->keys + m->ent[e - 1].off);
	return e - 1;
}

size_t
crm_hmap_find(const struct crm_hmap *m, const char *s, size_t n)
{
	return crm_hmap_find_hash(m, crm_hmap_hash(s, n), s, n);
}

size_t
crm_hmap_put_hash(struct crm_hmap *m, uint64_t hash, const char *s, size_t n,
    int *added)
{
	struct crm_hmap_ent *e;
	size_t j, i;

	if ((i = crm_hmap_find_hash(m, hash, s, n)) != CRM_HMAP_NONE) {
		if (added)
			*added = 0;
		return i;
	}
	if (m->n >= UINT32_MAX - 1)	/* slots hold 32 bits: out of memory */
		free(xmalloc(SIZE_MAX));
	if ((m->n + 1) * 2 > m->nslot)
		grow_slots(m);
	if (m->n == m->ncap) {
		m->ncap = m->ncap ? m->ncap * 2 : 16;
		m->ent = xreallocarray(m->ent, m->ncap, sizeof *m->ent);
	}
	if (m->kcap - m->klen < n + 1) {
		size_t cap = m->kcap ? m->kcap : 256;

		while (cap - m->klen < n + 1)
			cap *= 2;
		m->keys = xrealloc(m->keys, cap);
		m->kcap = cap;
	}
	e = &m->ent[m->n];
	e->hash = hash;
	e->off = m->klen;
	e->len = n;
	e->val = 0;
	if (n)
		memcpy(m->keys + m->klen, s, n);
	m->keys[m->klen + n] = '\0';
	m->klen += n + 1;
	for (j = hash & (m->nslot - 1); m->slot[j]; j = (j + 1) & (m->nslot - 1))
		;
	m->slot[j] = (uint32_t)(m->n + 1);
	if (added)
		*added = 1;
	return m->n++;
}

size_t
crm_hmap_put(struct crm_hmap *m, const char *s, size_t n, int *added)
{
	return crm_hmap_put_hash(m, crm_hmap_hash(s, n), s, n, added);
}

const char *
crm_hmap_key(const struct crm_hmap *m, size_t i, size_t *len)
{
	if (len)
		*len = m->ent[i].len;
	return m->keys + m->ent[i].off;
}

long *
crm_hmap_val(struct crm_hmap *m, size_t i)
{
	return &m->ent[i].val;
}

void
crm_hmap_clear(struct crm_hmap *m)
{
	if (m->nslot)
		memset(m->slot, 0, m->nslot * sizeof *m->slot);
	m->n = 0;
	m->klen = 0;
}

void
crm_hmap_release(struct crm_hmap *m)
{
	free(m->ent);
	free(m->slot);
	free(m->keys);
	memset(m, 0, sizeof *m);
}
