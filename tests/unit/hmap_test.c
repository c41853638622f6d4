/* hmap_test: the string-keyed hash map against a plain list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "tap.h"

static void
test_basic(void)
{
	struct crm_hmap m = CRM_HMAP_INIT;
	size_t i, len;
	int added = -1;

	ok(crm_hmap_find(&m, "a", 1) == CRM_HMAP_NONE, "empty map finds nothing");
	ok(crm_hmap_count(&m) == 0, "empty map counts 0");
	i = crm_hmap_put(&m, "alpha", 5, &added);
	ok(i == 0 && added == 1, "first key is number 0, added");
	ok(*crm_hmap_val(&m, i) == 0, "a new key's value is 0");
	*crm_hmap_val(&m, i) = 42;
	ok(crm_hmap_put(&m, "alpha", 5, &added) == 0 && added == 0,
	    "the same key again: not added");
	ok(*crm_hmap_val(&m, 0) == 42, "the value kept");
	ok(crm_hmap_put(&m, "", 0, &added) == 1 && added == 1, "empty key");
	ok(crm_hmap_find(&m, "", 0) == 1, "empty key found");
	ok(crm_hmap_put(&m, "a\0b", 3, &added) == 2 && added,
	    "key with a NUL byte");
	ok(crm_hmap_find(&m, "a\0c", 3) == CRM_HMAP_NONE &&
	    crm_hmap_find(&m, "a", 1) == CRM_HMAP_NONE, "NUL keys compare all bytes");
	is(crm_hmap_key(&m, 0, &len), "alpha", "key 0");
	ok(len == 5, "key 0 length");
	ok(crm_hmap_find(&m, "alph", 4) == CRM_HMAP_NONE, "a prefix is another key");
	ok(crm_hmap_find_hash(&m, crm_hmap_hash("alpha", 5), "alpha", 5) == 0,
	    "find by a given hash");
	{
		uint64_t h = crm_hmap_hash("alpha", 5);
		struct crm_hmap e = CRM_HMAP_INIT;

		crm_hmap_prefetch(&m, h, 0);
		crm_hmap_prefetch(&m, h, 1);
		ok(crm_hmap_prefetch(&m, h, 2) == 0,
		    "prefetch step 2: the likely entry of a key");
		h = crm_hmap_hash("omega", 5);
		crm_hmap_prefetch(&m, h, 0);
		crm_hmap_prefetch(&m, h, 1);
		ok(crm_hmap_prefetch(&m, h, 2) == CRM_HMAP_NONE,
		    "... none for an absent key");
		ok(crm_hmap_prefetch(&e, h, 0) == CRM_HMAP_NONE &&
		    crm_hmap_prefetch(&e, h, 2) == CRM_HMAP_NONE,
		    "... nor in an empty map");
	}
	crm_hmap_clear(&m);
	ok(crm_hmap_count(&m) == 0 && crm_hmap_find(&m, "alpha", 5) ==
	    CRM_HMAP_NONE, "clear forgets");
	ok(crm_hmap_put(&m, "beta", 4, &added) == 0 && added, "after clear: number 0");
	crm_hmap_release(&m);
	ok(m.n == 0 && m.ent == NULL, "release empties");
}

static void
test_many(void)
{
	struct crm_hmap m = CRM_HMAP_INIT;
	char k[32];
	size_t i, n = 200000, bad = 0, len;
	int added;

	for (i = 0; i < n; i++) {
		snprintf(k, sizeof k, "key-%zu", i * 7919 % n);
		if (crm_hmap_put(&m, k, strlen(k), &added) != i || !added)
			bad++;
		*crm_hmap_val(&m, i) = (long)i;
	}
	ok(bad == 0, "200000 keys numbered in order (%zu bad)", bad);
	ok(crm_hmap_count(&m) == n, "count");
	for (i = 0, bad = 0; i < n; i++) {
		size_t j;

		snprintf(k, sizeof k, "key-%zu", i * 7919 % n);
		j = crm_hmap_find(&m, k, strlen(k));
		if (j != i || *crm_hmap_val(&m, j) != (long)i ||
		    strcmp(crm_hmap_key(&m, j, &len), k) || len != strlen(k))
			bad++;
	}
	ok(bad == 0, "every key found with its value (%zu bad)", bad);
	for (i = 0, bad = 0; i < 1000; i++) {
		snprintf(k, sizeof k, "other-%zu", i);
		bad += crm_hmap_find(&m, k, strlen(k)) != CRM_HMAP_NONE;
	}
	ok(bad == 0, "absent keys not found");
	crm_hmap_release(&m);
}

int
main(void)
{
	test_basic();
	test_many();
	return done_testing();
}
