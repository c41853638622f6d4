/*
 * store_bulk: bulk mode of the upsert (store_upsert.c), for a first load
 * into an empty table: its indexes dropped and built again before COMMIT,
 * lookups through key maps, inserts written in batches.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "store_int.h"

enum { BULK_MAX_ENTRIES = 8 << 20 };	/* then back to the indexes */

static int batch_flush_rc(struct crm_store *, struct ent *);
static void batch_begin(struct crm_store *, struct ent *);

static uint64_t
hash_part(uint64_t h, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	h ^= 0xff;		/* part separator */
	return h * 0x100000001b3ULL;
}

static uint64_t
hash_end(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h ? h : 1;
}

#define HASH_INIT 0xcbf29ce484222325ULL

#define SLOT_TAG(h) ((uint32_t)((h) >> 32) | 1)
#define SLOT_ID(v) ((long long)((v) & 0xffffffffu))

/* Where the probe for a tag starts (the high bits of a Fibonacci hash). */
static size_t
slot_pos(uint64_t tag, size_t cap)
{
	return (size_t)((tag * 0x9e3779b97f4a7c15ULL) >> 32) & (cap - 1);
}

/*
 * Zeroed slots.  A big map is looked up at random, once a row: on 2 MiB
 * pages (where the kernel has them) a lookup misses the cache but not
 * the TLB as well.
 */
static uint64_t *
slots_alloc(size_t n)
{
	enum { HUGE = 2 << 20 };
	size_t size = n * sizeof(uint64_t);
	void *p;

	if (size < HUGE || !(p = aligned_alloc(HUGE, size)))
		return xcalloc(n, sizeof(uint64_t));
#ifdef MADV_HUGEPAGE
	(void)madvise(p, size, MADV_HUGEPAGE);
#endif
	memset(p, 0, size);
	return p;
}

/*
 * Learn that row id has the key whose hash is h.  Row ids past 2^32 do not
 * fit a slot: -1, and the caller goes back to the indexes.
 */
static int
kmap_put(struct crm_store *s, struct kmap *m, uint64_t h, long long id)
{
	uint64_t v = (uint64_t)SLOT_TAG(h) << 32 | (uint64_t)id, *old = m->slot;
	size_t i, j, ocap = m->cap;

	if (id <= 0 || id > 0xffffffffLL)
		return -1;
	if (4 * (m->n + 1) > 3 * m->cap) {
		m->cap = m->cap ? m->cap * 2 : 1024;
		m->slot = slots_alloc(m->cap);
		for (j = 0; j < ocap; j++) {
			if (!old[j])
				continue;
			/* The slot index comes from the low bits of h, which
			 * the tag does not keep: rehash from the row's place. */
			for (i = slot_pos(old[j] >> 32, m->cap); m->slot[i];
			    i = (i + 1) & (m->cap - 1))
				;
			m->slot[i] = old[j];
		}
		free(old);
	}
	for (i = slot_pos(SLOT_TAG(h), m->cap); m->slot[i];
	    i = (i + 1) & (m->cap - 1))
		if (m->slot[i] == v)
			return 0;
	m->slot[i] = v;
	m->n++;
	s->bulk_entries++;
	return 0;
}

/* The hash of the record's value of m's key, or 0 if it has none. */
static uint64_t
rec_hash(const struct ent *t, struct kmap *m)
{
	uint64_t h = HASH_INIT;
	int j, c;

	if (m->hrow == t->row)
		return m->h;
	if (m->derive == DERIVE_EMAIL)
		h = t->ek.len ? hash_end(hash_part(h, t->ek.buf,
		    t->ek.len)) : 0;
	else if (m->derive == DERIVE_PHONE)
		h = t->pk.len ? hash_end(hash_part(h, t->pk.buf,
		    t->pk.len)) : 0;
	else {
		for (j = 0; j < m->nparts; j++) {
			c = m->col[j];
			if (!t->val[c] || !t->vlen[c])
				break;
			h = hash_part(h, t->val[c], t->vlen[c]);
		}
		h = j < m->nparts ? 0 : hash_end(h);
	}
	m->hrow = t->row;
	return m->h = h;
}

/* The kmap for a column set, created (and filled from the table) if new. */
int
store_map_for(struct crm_store *s, struct ent *t, int nparts, const int *col,
    int derive, struct crm_err *err)
{
	struct crm_buf sql = CRM_BUF_INIT;
	struct kmap *m;
	sqlite3_stmt *st;
	size_t i;
	int j, rc;

	for (i = 0; i < t->nmaps; i++) {
		m = &t->maps[i];
		if (m->nparts == nparts && m->derive == derive &&
		    !memcmp(m->col, col, (size_t)nparts * sizeof *col))
			return (int)i;
	}
	if (t->npend && store_batch_flush(s, t, err) < 0)
		return -1;	/* the rows so far, below, include those */
	t->maps = xreallocarray(t->maps, t->nmaps + 1, sizeof *t->maps);
	m = &t->maps[t->nmaps];
	memset(m, 0, sizeof *m);
	m->nparts = nparts;
	m->derive = derive;
	memcpy(m->col, col, (size_t)nparts * sizeof *col);
	/* Rows this transaction already wrote. */
	crm_buf_adds(&sql, "SELECT id");
	if (derive)
		crm_buf_adds(&sql, derive == DERIVE_EMAIL ? ", " EMAIL_KEY :
		    ", phone_key");
	else
		for (j = 0; j < nparts; j++)
			crm_buf_addf(&sql, ", \"%s\"", t->cols[col[j]]);
	crm_buf_addf(&sql, " FROM \"%s\"", t->e->table);
	if (store_prepare(s, sql.buf, &st, err) < 0) {
		crm_buf_release(&sql);
		return -1;
	}
	crm_buf_release(&sql);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		uint64_t h = HASH_INIT;
		int np = derive ? 1 : nparts;

		for (j = 0; j < np; j++) {
			int n = sqlite3_column_bytes(st, j + 1);

			if (!n)
				break;
			h = hash_part(h, (const char *)sqlite3_column_text(st,
			    j + 1), (size_t)n);
		}
		if (j == np && kmap_put(s, m, hash_end(h),
		    sqlite3_column_int64(st, 0)) < 0) {
			sqlite3_finalize(st);
			free(m->slot);
			return crm_err_set(err, CRM_EDB, s->path, 0, 0,
			    "row ids past 2^32 in '%s'", t->e->table);
		}
	}
	if (rc != SQLITE_DONE) {
		store_stmt_err(s, st, err);
		sqlite3_finalize(st);
		free(m->slot);
		return -1;
	}
	sqlite3_finalize(st);
	return (int)t->nmaps++;
}

static void
bulk_drop(struct crm_store *s, struct ent *t)
{
	size_t i;

	for (i = 0; i < t->nmaps; i++) {
		s->bulk_entries -= t->maps[i].n;
		free(t->maps[i].slot);
	}
	free(t->maps);
	t->maps = NULL;
	t->nmaps = 0;
	for (i = 0; i < t->nkeys; i++)
		t->keys[i].map = -1;
	for (i = 0; i < t->nidx; i++)
		free(t->idx_sql[i]);
	free(t->idx_sql);
	t->idx_sql = NULL;
	t->nidx = 0;
	t->bulk = 0;
	t->batch = 0;
	t->npend = t->bvlen = 0;	/* written by bulk_end, or rolled back */
}

/* Leave bulk mode: build the dropped indexes again. */
static int
bulk_end(struct crm_store *s, struct ent *t, struct crm_err *err)
{
	size_t i;

	if (!t->bulk)
		return 0;
	if (t->npend && store_batch_flush(s, t, err) < 0)
		return -1;
	for (i = 0; i < t->nidx; i++)
		if (store_exec(s, t->idx_sql[i], err) < 0)
			return -1;
	bulk_drop(s, t);
	s->changes = sqlite3_total_changes64(s->db);
	return 0;
}

int
store_bulk_end_all(struct crm_store *s, struct crm_err *err)
{
	size_t i;

	for (i = 0; i < s->nents; i++)
		if (bulk_end(s, &s->ents[i], err) < 0)
			return -1;
	return 0;
}

/* After the transaction: forget maps and decisions. */
void
store_bulk_drop_all(struct crm_store *s)
{
	size_t i;

	for (i = 0; i < s->nents; i++) {
		bulk_drop(s, &s->ents[i]);
		s->ents[i].bulk_tried = 0;
	}
	s->bulk_entries = 0;
}

/*
 * At the first upsert of t in a transaction: if the table is empty and
 * its indexes can be stood in for, drop them and go bulk.
 */
int
store_bulk_begin(struct crm_store *s, struct ent *t, struct crm_err *err)
{
	struct crm_buf sql = CRM_BUF_INIT;
	sqlite3_stmt *st = NULL, *ci = NULL, *busy = NULL;
	char **names = NULL;
	size_t nnames = 0, i;
	int rc, c, ok = 0, empty;

	t->bulk_tried = 1;
	if ((empty = store_table_empty(s, t->e->table, err)) < 0)
		goto out;
	if (!empty) {
		ok = 1;
		goto out;
	}
	if (store_prepare(s, "SELECT il.name, il.\"unique\", m.sql"
	    " FROM pragma_index_list(?) il JOIN sqlite_master m"
	    " ON m.type = 'index' AND m.name = il.name"
	    " WHERE il.origin = 'c' AND m.sql IS NOT NULL", &st, err) < 0 ||
	    store_prepare(s, "SELECT name FROM pragma_index_info(?)", &ci, err) < 0)
		goto out;
	sqlite3_bind_text(st, 1, t->e->table, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		int uniq = sqlite3_column_int(st, 1), ncol = 0;

		/* A unique index is stood in for on one plain column only. */
		c = -1;
		sqlite3_bind_text(ci, 1, name, -1, SQLITE_TRANSIENT);
		while (sqlite3_step(ci) == SQLITE_ROW) {
			const char *cn = (const char *)sqlite3_column_text(ci,
			    0);

			ncol++;
			c = cn ? store_ent_col(t, cn, strlen(cn)) : -1;
		}
		sqlite3_reset(ci);
		if (uniq && (ncol != 1 || c < 0)) {
			ok = 1;		/* no bulk mode for this table */
			goto out;
		}
		if (uniq) {
			int m = store_map_for(s, t, 1, &c, DERIVE_NONE, err);

			if (m < 0)
				goto out;
			t->maps[m].uniq = 1;
		}
		t->idx_sql = xreallocarray(t->idx_sql, t->nidx + 1,
		    sizeof *t->idx_sql);
		t->idx_sql[t->nidx++] = xstrdup(
		    (const char *)sqlite3_column_text(st, 2));
		names = xreallocarray(names, nnames + 1, sizeof *names);
		names[nnames++] = xstrdup(name);
	}
	if (rc != SQLITE_DONE) {
		store_stmt_err(s, st, err);
		goto out;
	}
	if (!nnames) {
		ok = 1;
		goto out;
	}
	if (!t->byid) {
		crm_buf_reset(&sql);
		store_select_row(t, &sql);
		c = (int)t->ncols + 1 + (t->has_extra ? 2 : 0);
		t->pos_ek = t->pos_pk = -1;
		if (t->email_col >= 0) {
			crm_buf_adds(&sql, ", " EMAIL_KEY);
			t->pos_ek = c++;
		}
		if (t->phone_col >= 0) {
			crm_buf_adds(&sql, ", phone_key");
			t->pos_pk = c++;
		}
		crm_buf_addf(&sql, " FROM \"%s\" WHERE id = :id", t->e->table);
		if (store_prepare(s, sql.buf, &t->byid, err) < 0)
			goto out;
		t->p_byid_id = store_param(t->byid, ":id");
		t->p_byid_extra = store_param(t->byid, ":extra");
	}
	sqlite3_finalize(st);
	sqlite3_finalize(ci);
	st = ci = NULL;
	/* A statement still reading would make DROP INDEX fail: no bulk. */
	while ((busy = sqlite3_next_stmt(s->db, busy)))
		if (sqlite3_stmt_busy(busy)) {
			ok = 1;
			goto out;
		}
	if (store_exec(s, "SAVEPOINT crm_bulk", err) < 0)
		goto out;
	for (i = 0; i < nnames; i++) {
		crm_buf_reset(&sql);
		crm_buf_addf(&sql, "DROP INDEX \"%s\"", names[i]);
		if (sqlite3_exec(s->db, sql.buf, NULL, NULL, NULL) !=
		    SQLITE_OK) {
			sqlite3_exec(s->db, "ROLLBACK TO crm_bulk; RELEASE "
			    "crm_bulk", NULL, NULL, NULL);
			ok = 1;		/* keep the indexes, go the SQL way */
			goto out;
		}
	}
	if (store_exec(s, "RELEASE crm_bulk", err) < 0)
		goto out;
	t->bulk = 1;
	batch_begin(s, t);
	s->changes = sqlite3_total_changes64(s->db);
	ok = 1;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(ci);
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	crm_buf_release(&sql);
	if (!t->bulk) {
		/* Not bulk after all: forget any maps made on the way. */
		struct kmap *maps = t->maps;
		size_t nm = t->nmaps;

		for (i = 0; i < nm; i++) {
			s->bulk_entries -= maps[i].n;
			free(maps[i].slot);
		}
		free(maps);
		t->maps = NULL;
		t->nmaps = 0;
		for (i = 0; i < t->nidx; i++)
			free(t->idx_sql[i]);
		free(t->idx_sql);
		t->idx_sql = NULL;
		t->nidx = 0;
	}
	return ok ? 0 : -1;
}

/* Does the row byid is on have the record's value of m's key? */
static int
byid_matches(const struct ent *t, const struct kmap *m)
{
	const char *v, *cv;
	size_t n;
	int j, pos;

	for (j = 0; j < m->nparts; j++) {
		if (m->derive) {
			const struct crm_buf *b = m->derive == DERIVE_EMAIL ?
			    &t->ek : &t->pk;

			pos = m->derive == DERIVE_EMAIL ? t->pos_ek : t->pos_pk;
			v = b->buf;
			n = b->len;
		} else {
			pos = m->col[j] + 1;
			v = t->val[m->col[j]];
			n = t->vlen[m->col[j]];
		}
		cv = (const char *)sqlite3_column_text(t->byid, pos);
		if (!cv || (size_t)sqlite3_column_bytes(t->byid, pos) != n ||
		    memcmp(cv, v, n))
			return 0;
	}
	return 1;
}

/*
 * Bulk lookup through m: SQLITE_ROW with byid on the row, SQLITE_DONE
 * when there is none, SQLITE_MISUSE when the map cannot tell (a stale
 * entry or a hash collision: look the SQL way), or an error code.
 */
int
store_bulk_find(struct crm_store *s, struct ent *t, struct kmap *m,
    const char *xv, size_t xlen)
{
	sqlite3_stmt *st = t->byid;
	uint64_t h = rec_hash(t, m), tag;
	long long id, best = 0, at = 0;	/* at: the row st is on */
	size_t i;
	int rc;

	if (!m->cap || !h || m->missrow == t->row)
		return SQLITE_DONE;
	tag = SLOT_TAG(h);
	for (i = slot_pos(tag, m->cap); m->slot[i]; i = (i + 1) & (m->cap - 1)) {
		if (m->slot[i] >> 32 != tag)
			continue;
		id = SLOT_ID(m->slot[i]);
		if (best && id > best)
			continue;	/* a lookup ORDER BY id takes the lowest */
		if (t->npend && (rc = batch_flush_rc(s, t)) != SQLITE_OK)
			return rc;	/* the candidate may be waiting */
		if (at)
			sqlite3_reset(st);
		at = 0;
		sqlite3_bind_int64(st, t->p_byid_id, id);
		if (t->p_byid_extra)
			crm_store_bind_textn(st, t->p_byid_extra, xv, xlen);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && byid_matches(t, m)) {
			best = at = id;
			continue;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return rc;
	}
	if (!best) {
		m->missrow = t->row;	/* till the record is written */
		return SQLITE_DONE;
	}
	if (at != best) {
		sqlite3_bind_int64(st, t->p_byid_id, best);
		if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
			sqlite3_reset(st);
			return rc == SQLITE_DONE ? SQLITE_MISUSE : rc;
		}
	}
	return SQLITE_ROW;
}

/*
 * Stand in for the dropped unique indexes before row self (0 = a new
 * row) takes the record's values: CRM_EDATA when another row has one.
 */
int
store_bulk_unique(struct crm_store *s, struct ent *t, long long self, long line,
    struct crm_err *err)
{
	size_t i;
	int c, rc;

	for (i = 0; i < t->nmaps; i++) {
		struct kmap *m = &t->maps[i];
		struct ukey *k;
		long long other = 0;

		c = m->col[0];
		if (!m->uniq || !t->val[c] || (self && !t->changed[c]))
			continue;
		rc = store_bulk_find(s, t, m, NULL, 0);
		if (rc == SQLITE_ROW) {
			other = sqlite3_column_int64(t->byid, 0);
			sqlite3_reset(t->byid);
		} else if (rc == SQLITE_MISUSE) {
			if (t->npend && store_batch_flush(s, t, err) < 0)
				return -1;
			if (!(k = store_key_get(s, t, t->cols[c], err)))
				return -1;
			sqlite3_bind_text(k->sel, k->p_k[0], t->val[c],
			    (int)t->vlen[c], SQLITE_STATIC);
			if (k->p_extra)
				sqlite3_bind_null(k->sel, k->p_extra);
			if ((rc = sqlite3_step(k->sel)) == SQLITE_ROW)
				other = sqlite3_column_int64(k->sel, 0);
			sqlite3_reset(k->sel);
			if (rc != SQLITE_ROW && rc != SQLITE_DONE)
				return store_stmt_err(s, k->sel, err);
		} else if (rc != SQLITE_DONE)
			return store_stmt_err(s, t->byid, err);
		if (other && other != self)
			return crm_err_set(err, CRM_EDATA, NULL, line, 0,
			    "UNIQUE constraint failed: %s.%s", t->e->table,
			    t->cols[c]);
	}
	return 0;
}

/* After row id took the record's values: the maps learn them. */
int
store_bulk_learn(struct crm_store *s, struct ent *t, long long id, int updated,
    struct crm_err *err)
{
	size_t i;
	int j, any, all;
	uint64_t h;

	for (i = 0; i < t->nmaps; i++) {
		struct kmap *m = &t->maps[i];

		any = 0;
		all = 1;
		for (j = 0; j < m->nparts; j++) {
			int c = m->col[j];

			if (!updated || t->changed[c])
				any = 1;
			if (!t->val[c])
				all = 0;
		}
		if (!any)
			continue;
		if (!all && updated)	/* part of a composite key changed */
			return bulk_end(s, t, err);
		if ((h = rec_hash(t, m)) && kmap_put(s, m, h, id) < 0)
			return bulk_end(s, t, err);
	}
	if (s->bulk_entries > BULK_MAX_ENTRIES)
		return bulk_end(s, t, err);	/* bound the memory */
	return 0;
}

/* --- bulk inserts in batches --- */

/*
 * Can an insert into t, in bulk mode (its own indexes dropped), only
 * succeed?  Not with a CHECK, a foreign key, a trigger, another unique
 * index or a NOT NULL column (but extra, which an insert always sets).
 * Then its inserts can wait in a batch (ent.batch).
 */
static int
batchable(struct crm_store *s, const struct ent *t)
{
	sqlite3_stmt *st;
	int n = -1;

	if (sqlite3_prepare_v2(s->db, "SELECT (SELECT count(*) FROM"
	    " sqlite_master WHERE (type = 'trigger' AND tbl_name = ?1) OR"
	    " (type = 'table' AND name = ?1 AND (sql LIKE '%CHECK%' OR"
	    " sql LIKE '%REFERENCES%'))) + (SELECT count(*) FROM"
	    " pragma_index_list(?1) WHERE \"unique\") + (SELECT count(*) FROM"
	    " pragma_table_info(?1) WHERE \"notnull\" AND name <> 'extra')",
	    -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, t->e->table, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n == 0;
}

/* The one-row insert's parameter for slot j (as in ent.ins_null). */
static int
ins_param_index(const struct ent *t, size_t j)
{
	switch ((int)(j - t->ncols)) {
	case INS_EXTRA: return t->p_ins_extra;
	case INS_XFLAT: return t->p_ins_xflat;
	case INS_EK: return t->p_ins_ek;
	case INS_PK: return t->p_ins_pk;
	default: return t->p_ins[j];
	}
}

/*
 * Write the waiting rows: a whole batch with the batch insert, fewer
 * through the one-row insert.  Nothing in the table can refuse them
 * (batchable), so a failure is the store's, not a row's: CRM_EDB.
 */
int
store_batch_flush(struct crm_store *s, struct ent *t, struct crm_err *err)
{
	size_t nslots = t->ncols + INS_NSLOTS, b, j, k;
	sqlite3_stmt *st = t->insb;
	int p;

	if (t->npend == BATCH_ROWS) {
		sqlite3_bind_text(st, (int)(BATCH_ROWS * nslots) + 1, t->bnow,
		    -1, SQLITE_STATIC);
		if (store_step_done(s, st, err) < 0)
			goto fail;
	} else
		for (b = 0, st = t->ins; b < t->npend; b++) {
			for (j = 0; j < nslots; j++) {
				k = b * nslots + j;
				if ((p = ins_param_index(t, j)))
					store_ins_bind(t, p, j, t->bv[k],
					    t->bn[k]);
			}
			if (t->p_ins_now)
				sqlite3_bind_text(st, t->p_ins_now, t->bnow,
				    -1, SQLITE_STATIC);
			t->ins_nowt = 0;
			if (store_step_done(s, st, err) < 0)
				goto fail;
		}
	/* SQLite gave them the ids store_batch_add said (its next: max + 1). */
	if (sqlite3_last_insert_rowid(s->db) != t->last_id) {
		crm_err_set(err, CRM_EDB, s->path, 0, 0, "row ids of '%s' out"
		    " of step", t->e->table);
		goto fail;
	}
	store_load_wrote(s, t->npend);
	t->npend = 0;
	t->bvlen = 0;
	return 0;
fail:
	err->code = CRM_EDB;
	return -1;
}

/* store_batch_flush for a caller that reports SQLite's error itself. */
static int
batch_flush_rc(struct crm_store *s, struct ent *t)
{
	struct crm_err ignored = CRM_ERR_INIT;
	int rc;

	if (store_batch_flush(s, t, &ignored) == 0)
		return SQLITE_OK;
	rc = sqlite3_errcode(s->db);
	return rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE ?
	    SQLITE_ERROR : rc;
}

/* Flush every table's waiting rows. */
int
store_flush_all(struct crm_store *s, struct crm_err *err)
{
	size_t i;

	for (i = 0; i < s->nents; i++)
		if (s->ents[i].npend &&
		    store_batch_flush(s, &s->ents[i], err) < 0)
			return -1;
	return 0;
}

/* Value v of slot k of the batch: copied where it stays till the flush. */
static inline void
batch_put(struct ent *t, size_t k, const char *v, size_t n)
{
	if (v) {
		memcpy(t->bval + t->bvlen, v, n);
		v = t->bval + t->bvlen;
		t->bvlen += n;
	}
	t->bv[k] = v;
	t->bn[k] = n;
	if (v || !t->bnull[k])
		crm_store_bind_textn(t->insb, (int)k + 1, v, n);
	t->bnull[k] = !v;
}

/*
 * The row in t->val, with extra xv (all strings), joins the batch, as
 * row *id: the table was empty at store_bulk_begin, and SQLite numbers each
 * row max + 1 (store_batch_flush checks).  1 when it is too big to wait.
 */
int
store_batch_add(struct crm_store *s, struct ent *t, const char *xv, size_t xlen,
    long long *id, struct crm_err *err)
{
	size_t nslots = t->ncols + INS_NSLOTS, k, j, size = xv ? xlen : 0;
	const char *ek, *pk;

	for (j = 0; j < t->ncols; j++)
		size += t->val[j] ? t->vlen[j] : 0;
	if ((ek = store_stored_ek(t)))
		size += t->ek.len;
	if ((pk = store_stored_pk(t)))
		size += t->pk.len;
	if (size > BATCH_BYTES)
		return 1;
	store_now_iso(s);
	if (t->npend && (t->bvlen + size > BATCH_BYTES ||
	    s->nowt != t->bnowt) && store_batch_flush(s, t, err) < 0)
		return -1;
	if (!t->npend) {
		t->bnowt = s->nowt;
		memcpy(t->bnow, s->now, sizeof t->bnow);
	}
	k = t->npend * nslots;
	for (j = 0; j < t->ncols; j++)
		batch_put(t, k + j, t->val[j], t->vlen[j]);
	k += t->ncols;
	batch_put(t, k + INS_EXTRA, NULL, 0);
	batch_put(t, k + INS_XFLAT, xv, xlen);
	batch_put(t, k + INS_EK, ek, t->ek.len);
	batch_put(t, k + INS_PK, pk, t->pk.len);
	*id = ++t->last_id;
	if (++t->npend == BATCH_ROWS && store_batch_flush(s, t, err) < 0)
		return -1;
	return 0;
}

/* At store_bulk_begin: batches for t, when its inserts cannot fail. */
static void
batch_begin(struct crm_store *s, struct ent *t)
{
	struct crm_buf sql = CRM_BUF_INIT;
	size_t n = (t->ncols + INS_NSLOTS) * BATCH_ROWS;

	sqlite3_stmt *st;

	t->batch = 0;
	t->npend = t->bvlen = 0;
	/*
	 * The table is empty; its ids go on from the AUTOINCREMENT sequence
	 * (rows it had once keep theirs, see schema v4).
	 */
	t->last_id = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT seq FROM sqlite_sequence"
	    " WHERE name = ?", -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, t->e->table, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		t->last_id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (!batchable(s, t))
		return;
	if (!t->insb) {
		store_ins_sql(t, 1, &sql);
		if (sqlite3_prepare_v3(s->db, sql.buf, -1,
		    SQLITE_PREPARE_PERSISTENT, &t->insb, NULL) != SQLITE_OK) {
			sqlite3_finalize(t->insb);
			t->insb = NULL;
			crm_buf_release(&sql);
			return;
		}
		crm_buf_release(&sql);
		t->bv = xcalloc(n, sizeof *t->bv);
		t->bn = xcalloc(n, sizeof *t->bn);
		t->bnull = xmalloc(n);
		memset(t->bnull, 1, n);
		t->bval = xmalloc(BATCH_BYTES);
	}
	t->batch = 1;
}
