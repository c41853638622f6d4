#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "util.h"

/*
 * The arena is a list of blocks; pointers into it stay valid until reset,
 * which keeps the first (largest) block and frees the rest.
 */
struct crm_arena_block {
	struct crm_arena_block *next;
	size_t size, used;
	char data[];
};

enum { ARENA_MIN = 4096 };

void
crm_record_init(struct crm_record *r)
{
	struct crm_record z = CRM_RECORD_INIT;

	*r = z;
}

static void
arena_free(struct crm_arena_block *b)
{
	struct crm_arena_block *next;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
}

void
crm_record_release(struct crm_record *r)
{
	free(r->f);
	arena_free(r->arena);
	crm_record_init(r);
}

void
crm_record_reset(struct crm_record *r)
{
	struct crm_arena_block *keep = r->arena, *b;
	size_t total = 0;

	r->n = 0;
	r->line = r->recno = 0;
	r->ncells = 0;
	if (!keep)
		return;
	if (keep->next) {
		/* Several blocks: replace them by one that holds them all. */
		for (b = keep; b; b = b->next)
			total += b->size;
		arena_free(keep);
		keep = xmalloc(sizeof *keep + total);
		keep->size = total;
		keep->next = NULL;
		r->arena = keep;
	}
	keep->used = 0;
}

char *
crm_record_strdup(struct crm_record *r, const char *s, size_t n)
{
	struct crm_arena_block *b = r->arena;
	char *p;

	if (!b || b->size - b->used < n + 1) {
		size_t size = n + 1 > ARENA_MIN ? n + 1 : ARENA_MIN;

		if (b && size < b->size * 2)
			size = b->size * 2;
		b = xmalloc(sizeof *b + size);
		b->size = size;
		b->used = 0;
		b->next = r->arena;
		r->arena = b;
	}
	p = b->data + b->used;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	b->used += n + 1;
	return p;
}

void
crm_record_add(struct crm_record *r, const char *name, size_t namelen,
    const char *value, size_t len)
{
	crm_record_add_borrowed(r, crm_record_strdup(r, name, namelen),
	    namelen, value, len);
}

void
crm_record_add_borrowed(struct crm_record *r, const char *name,
    size_t namelen, const char *value, size_t len)
{
	crm_record_add_ref(r, name, namelen,
	    value ? crm_record_strdup(r, value, len) : NULL, len);
}

void
crm_record_add_ref(struct crm_record *r, const char *name, size_t namelen,
    const char *value, size_t len)
{
	struct crm_field *f;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->f = xreallocarray(r->f, r->cap, sizeof *r->f);
	}
	f = &r->f[r->n++];
	f->name = name;
	f->namelen = namelen;
	f->value = value;
	f->len = value ? len : 0;
	f->type = CRM_V_TEXT;
}

void
crm_record_adds(struct crm_record *r, const char *name, const char *value)
{
	crm_record_add(r, name, strlen(name), value, value ? strlen(value) : 0);
}

long
crm_record_index(const struct crm_record *r, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < r->n; i++)
		if (r->f[i].namelen == n && !memcmp(r->f[i].name, name, n))
			return (long)i;
	return -1;
}

const struct crm_field *
crm_record_get(const struct crm_record *r, const char *name)
{
	long i = crm_record_index(r, name);

	return i < 0 ? NULL : &r->f[i];
}

const char *
crm_record_value(const struct crm_record *r, const char *name)
{
	const struct crm_field *f = crm_record_get(r, name);

	return f ? f->value : NULL;
}

void
crm_record_set(struct crm_record *r, const char *name, const char *value,
    size_t len)
{
	long i = crm_record_index(r, name);

	if (i < 0) {
		crm_record_add(r, name, strlen(name), value, len);
		return;
	}
	if (value) {
		r->f[i].value = crm_record_strdup(r, value, len);
		r->f[i].len = len;
	} else {
		r->f[i].value = NULL;
		r->f[i].len = 0;
	}
}

void
crm_record_sets(struct crm_record *r, const char *name, const char *value)
{
	crm_record_set(r, name, value, value ? strlen(value) : 0);
}

void
crm_record_set_type(struct crm_record *r, const char *name, int type)
{
	long i = crm_record_index(r, name);

	if (i >= 0)
		r->f[i].type = type;
}

int
crm_record_remove(struct crm_record *r, const char *name)
{
	long i = crm_record_index(r, name);

	if (i < 0)
		return 0;
	memmove(&r->f[i], &r->f[i + 1], (r->n - (size_t)i - 1) * sizeof *r->f);
	r->n--;
	return 1;
}

void
crm_record_copy(struct crm_record *dst, const struct crm_record *src)
{
	size_t i;

	crm_record_reset(dst);
	for (i = 0; i < src->n; i++) {
		crm_record_add(dst, src->f[i].name, src->f[i].namelen,
		    src->f[i].value, src->f[i].len);
		dst->f[i].type = src->f[i].type;
	}
	dst->line = src->line;
	dst->recno = src->recno;
	dst->ncells = src->ncells;
}

void
crm_record_prefetch(const struct crm_record *r)
{
	const char *p, *end;

	for (p = (const char *)r->f, end = p + r->n * sizeof *r->f; p < end;
	    p += 64)
		__builtin_prefetch(p);
	if (r->arena)
		for (p = r->arena->data, end = p + r->arena->used; p < end;
		    p += 64)
			__builtin_prefetch(p);
}
