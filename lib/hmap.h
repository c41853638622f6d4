/*
 * hmap: the library's one string-keyed hash map.
 *
 * Owns every lookup by a string key (rules' value lists and caches, the
 * store cursor's extra keys, crm-dedupe's token dictionary, agg's group
 * keys): a module that needs one embeds a struct crm_hmap and keeps no
 * table of its own.  One exception, on purpose: crm-rfm's customer table
 * (rfm.c) keeps each customer's running sums in its slot, one cache line
 * a customer, because that lookup is the whole cost of crm-rfm.
 *
 * Keys are byte strings (s, n), copied into the map (NUL-terminated there,
 * so a key without NUL bytes reads as a C string too).  Each key has one
 * long value, 0 when it is added.  Entries are numbered 0, 1, ... in the
 * order they were added, and never move or leave: a number stays valid
 * for the life of the map, pointers into it until the next put.
 * Open addressing with linear probing on 64-bit hashes, at most half
 * full; memory is about 40 bytes an entry plus the keys; more than 2^32 - 2
 * keys is out of memory.
 */
#ifndef CRM_HMAP_H
#define CRM_HMAP_H

#include <stddef.h>
#include <stdint.h>

#define CRM_HMAP_NONE ((size_t)-1)	/* no such key */

struct crm_hmap {			/* the fields are private */
	struct crm_hmap_ent *ent;	/* entries in the order added */
	uint32_t *slot;			/* entry number + 1, 0 = free */
	char *keys;			/* the keys, NUL after each */
	size_t n, ncap, nslot, klen, kcap;
};
#define CRM_HMAP_INIT { NULL, NULL, NULL, 0, 0, 0, 0, 0 }

struct crm_hmap_ent {
	uint64_t hash;
	size_t off, len;		/* the key in keys */
	long val;
};

/* The hash of a key (for put_hash/find_hash; callers may prefetch by it). */
uint64_t crm_hmap_hash(const char *s, size_t n);

/* The number of key s, added (value 0) when absent; *added (may be NULL)
 * says which.  Never fails (out of memory ends the program, as xmalloc). */
size_t crm_hmap_put(struct crm_hmap *m, const char *s, size_t n, int *added);
size_t crm_hmap_put_hash(struct crm_hmap *m, uint64_t hash, const char *s,
    size_t n, int *added);
/* The number of key s, or CRM_HMAP_NONE. */
size_t crm_hmap_find(const struct crm_hmap *m, const char *s, size_t n);
size_t crm_hmap_find_hash(const struct crm_hmap *m, uint64_t hash,
    const char *s, size_t n);

/*
 * For a batch of lookups whose keys are known ahead: ask the cache, a step
 * at a time, for what find_hash(hash) will read, so that the memory reads
 * of many lookups overlap.  Step 0 asks for the key's first slot; step 1
 * (after step 0 of the others) reads that slot and asks for its entry;
 * step 2 reads the entry and asks for its key, and returns the entry's
 * number when its hash is hash (the likely answer, for the caller to ask
 * for its own data of that entry), else CRM_HMAP_NONE.  Only a hint:
 * find_hash gives the answer.
 */
size_t crm_hmap_prefetch(const struct crm_hmap *m, uint64_t hash, int step);

/* How many keys; key i (NUL-terminated, its length in *len when len);
 * the value of key i, to read or set (get: to read). */
static inline size_t
crm_hmap_count(const struct crm_hmap *m)
{
	return m->n;
}
const char *crm_hmap_key(const struct crm_hmap *m, size_t i, size_t *len);
long *crm_hmap_val(struct crm_hmap *m, size_t i);
static inline long
crm_hmap_get(const struct crm_hmap *m, size_t i)
{
	return m->ent[i].val;
}

/* Forget every key, keep the memory. */
void crm_hmap_clear(struct crm_hmap *m);
/* Free everything; the map is empty (CRM_HMAP_INIT) again. */
void crm_hmap_release(struct crm_hmap *m);

#endif
