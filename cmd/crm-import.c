/*
 * crm-import: spreadsheet exports (CSV or JSON) into the store, with header
 * mapping, normalisation, upsert by a key, and every rejected row kept.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "entity.h"
#include "io.h"
#include "jsonio.h"
#include "mapper.h"
#include "norm.h"
#include "opts.h"
#include "outfile.h"
#include "record.h"
#include "sha256.h"
#include "sources.h"
#include "store.h"
#include "util.h"

static const char usage_line[] =
    "usage: crm-import [-nq] [-d db] [-k key] [--strict] [--raw] [--rejects file]"
    " [--map header=field] [--country cc] [--date-order order]"
    " [--sheet name] [--input-format fmt]"
    " [--encoding name]"
    " [--delimiter char] [--excel] [--progress] entity [file ...]";

enum {
	OPT_STRICT = CRM_OPT_FIRST_TOOL,
	OPT_RAW,
	OPT_REJECTS,
	OPT_LIST_SYNONYMS
};

static const struct option longopts[] = {
	CRM_COMMON_LONGOPTS,
	{ "dry-run",	no_argument,		NULL, 'n' },
	{ "key",	required_argument,	NULL, 'k' },
	{ "strict",	no_argument,		NULL, OPT_STRICT },
	{ "raw",	no_argument,		NULL, OPT_RAW },
	{ "rejects",	required_argument,	NULL, OPT_REJECTS },
	{ "list-synonyms", no_argument,		NULL, OPT_LIST_SYNONYMS },
	CRM_RECORD_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* Rejected rows shown on stderr; all of them are in the store and --rejects. */
#define MAX_WARNINGS 10

/* Entity fields and key parts, by index (an entity has fewer than this). */
#define MAXFIELDS 32
#define MAXPARTS 8

/* The canonical record being built, with where each field of it is. */
struct canon {
	struct crm_record *out;
	const struct crm_entity *e;
	const size_t *namelen;	/* of e's fields */
	long pos[MAXFIELDS];	/* index in out, or -1 */
};

/*
 * The import is a pipeline of two threads: the reader thread parses,
 * maps and normalises records into a ring of items; the main thread
 * stores them (SQLite, the rejects, the counts), in input order.
 */
enum { ITEM_RECORD, ITEM_REJECT, ITEM_END, ITEM_FATAL };

struct item {
	int kind;
	long line, col;			/* col: of a bad record, when known */
	long long bytes;		/* input read so far, for progress */
	struct crm_record rec;		/* RECORD: canonical; REJECT: the row, if it parsed */
	int has_row;
	struct crm_buf reasons;		/* REJECT */
	struct crm_buf raw;		/* REJECT: the raw text */
	struct crm_buf rawin;		/* REJECT: its bytes as read, if not raw's */
	struct crm_err err;		/* FATAL */
};

#define QSIZE 1024

struct queue {
	struct item items[QSIZE];
	size_t head, tail;		/* next to take, next to fill (shared) */
	size_t ptail, phead;		/* the reader thread's view */
	size_t chead, ctail;		/* the main thread's view */
	pthread_mutex_t mu;
	pthread_cond_t filled, emptied;
};

struct import {
	struct crm_common *co;
	const struct crm_entity *e;
	struct crm_store *store;
	const char **keys;	/* upsert keys (NULL-terminated) or NULL */
	char *keybuf;
	int dry_run, strict, raw;
	long malformed;		/* parts of the input that were not valid JSON */
	const char *rejects_path;
	FILE *rejects_fp;		/* rejects.fp, or NULL */
	struct crm_outfile rejects;
	int files_done;			/* files whose summary line is out */
	struct crm_writer *rejects_w;
	char **rejects_cols;	/* the rejects file's columns */
	size_t nrejects_cols;
	long long run_id;
	struct crm_run_counts total;
	struct crm_mapper *mapper;	/* headers onto e's fields */
	struct crm_reader *reader;	/* the file being imported */
	long fi_form, fi_last, fi_first, fi_middle;	/* -1 if e has none */
	long fi_full, fi_currency;			/* -1 if e has none */
	long fi_status, fi_stage;			/* -1 if e has none */
	size_t namelen[MAXFIELDS];	/* of e's fields */
	long required[MAXFIELDS + 1];	/* e's required fields, -1 ends */
	const char *const *keynames;	/* the keys in use ... */
	long keyparts[MAXFIELDS][MAXPARTS + 1];	/* ... as field indices, -1 ends */
	size_t nkeys;
	struct queue q;
	/* the reader thread's scratch */
	struct crm_buf xjson;		/* the row's extra object, being written */
	struct crm_buf tmp, tmp2, json;
	struct crm_buf notstatus;	/* a status column's value that is a stage */
	long long nkept;		/* optional values kept as found ... */
	char kept[160];			/* ... and the first of them */
	/* the main thread's */
	struct crm_record rej;
	struct crm_progress progress;
};

/*
 * A CSV file none of whose columns maps onto a key would reject every row
 * for want of one: say so once, with the headers that map nowhere.
 */
static int
check_keys_mapped(struct import *im, struct crm_reader *r, struct crm_err *err)
{
	const struct crm_mapcol *cols = crm_mapper_columns(im->mapper);
	size_t ncols = crm_mapper_ncolumns(im->mapper), i, k;
	struct crm_buf b = CRM_BUF_INIT, keys = CRM_BUF_INIT;
	const long *p;
	int any = 0;

	for (i = 0; i < im->nkeys && !any; i++) {
		int all = 1;

		for (p = im->keyparts[i]; *p >= 0 && all; p++) {
			int has = 0;

			for (k = 0; k < ncols && !has; k++)
				has = cols[k].to == CRM_TO_FIELD && cols[k].fi == *p;
			/* a full name gives last and first name */
			for (k = 0; k < ncols && !has; k++)
				has = cols[k].to == CRM_TO_FIO &&
				    (*p == im->fi_last || *p == im->fi_first);
			all = has;
		}
		any = all;
	}
	if (any)
		return 0;
	for (i = 0; i < im->nkeys; i++)
		crm_buf_addf(&keys, "%s%s", i ? ", " : "", im->keynames[i]);
	for (k = 0; k < ncols; k++)
		if (cols[k].to == CRM_TO_EXTRA)
			crm_buf_addf(&b, "%s'%s'", b.len ? ", " : "", cols[k].label);
	crm_err_set(err, CRM_EDATA, crm_reader_name(r), 1, 0, "no column maps"
	    " onto a key of %s (%s)%s%s; name one with --map 'Header=field'%s",
	    im->e->name, keys.buf, b.len ? "; these headers map onto no field: " :
	    "", b.len ? b.buf : "", im->keys ? "" : " (or give --key)");
	crm_buf_release(&b);
	crm_buf_release(&keys);
	return -1;
}

/* Map the header; a clash of two columns is fatal. */
static int
build_map(struct import *im, struct crm_reader *r, struct crm_err *err)
{
	const char *const *hdr;
	size_t n;

	hdr = crm_reader_header(r, &n);
	/* a CSV row's cells carry these very strings as names */
	if (crm_mapper_header(im->mapper, crm_reader_name(r), hdr, n,
	    crm_reader_info(r)->format == CRM_FMT_CSV ||
	    crm_reader_info(r)->format == CRM_FMT_XLSX, err) < 0)
		return -1;
	if (crm_reader_info(r)->format == CRM_FMT_CSV ||
	    crm_reader_info(r)->format == CRM_FMT_XLSX)
		return check_keys_mapped(im, r, err);
	return 0;
}

static void
canon_start(struct canon *c, struct crm_record *out, const struct import *im)
{
	const struct crm_entity *e = im->e;
	size_t i;

	c->out = out;
	c->e = e;
	c->namelen = im->namelen;
	for (i = 0; i < e->nfields; i++)
		c->pos[i] = -1;
	crm_record_reset(out);
}

static const struct crm_field *
canon_get(const struct canon *c, long fi)
{
	return c->pos[fi] < 0 ? NULL : &c->out->f[c->pos[fi]];
}

/* Set field fi; once is 1: only if no column gave it a value already. */
static void
canon_set(struct canon *c, long fi, const char *v, size_t n, int once)
{
	struct crm_field *f;
	const char *name = c->e->fields[fi].name;

	if (c->pos[fi] < 0) {
		c->pos[fi] = (long)c->out->n;
		crm_record_add_borrowed(c->out, name, c->namelen[fi], v, n);
		return;
	}
	f = &c->out->f[c->pos[fi]];
	if (once && f->value)
		return;
	f->value = v ? crm_record_strdup(c->out, v, n) : NULL;
	f->len = v ? n : 0;
}

/* Does the record have every part of a key (field indices, -1 ends)? */
static int
canon_has_key(const struct canon *c, const long *parts)
{
	const struct crm_field *f;

	for (; *parts >= 0; parts++)
		if (!(f = canon_get(c, *parts)) || !f->value || !f->len)
			return 0;
	return 1;
}

/*
 * Each side works on its own copy of the other's index and publishes its
 * own in batches, so the threads meet on the lock once per BATCH items.
 */
#define BATCH 128

/*
 * The items after item k are on the other thread's core: have them on
 * the way (only those this side owns: [from, to)).
 */
static void
prefetch_next(const struct queue *q, size_t k, size_t to)
{
	if (k + 2 < to)
		__builtin_prefetch(&q->items[(k + 2) % QSIZE]);
	if (k + 1 < to)
		crm_record_prefetch(&q->items[(k + 1) % QSIZE].rec);
}

static struct item *
slot_to_fill(struct queue *q)
{
	if (q->ptail - q->phead == QSIZE) {
		pthread_mutex_lock(&q->mu);
		q->tail = q->ptail;
		pthread_cond_signal(&q->filled);
		while (q->ptail - q->head == QSIZE)
			pthread_cond_wait(&q->emptied, &q->mu);
		q->phead = q->head;
		pthread_mutex_unlock(&q->mu);
	}
	prefetch_next(q, q->ptail, q->phead + QSIZE);
	return &q->items[q->ptail % QSIZE];
}

static void
slot_filled(struct queue *q, int last)
{
	q->ptail++;
	if (last || q->ptail - q->tail >= BATCH) {
		pthread_mutex_lock(&q->mu);
		q->tail = q->ptail;
		q->phead = q->head;
		pthread_cond_signal(&q->filled);
		pthread_mutex_unlock(&q->mu);
	}
}

static struct item *
slot_to_take(struct queue *q)
{
	if (q->chead == q->ctail) {
		pthread_mutex_lock(&q->mu);
		q->head = q->chead;
		pthread_cond_signal(&q->emptied);
		while (q->tail == q->chead)
			pthread_cond_wait(&q->filled, &q->mu);
		q->ctail = q->tail;
		pthread_mutex_unlock(&q->mu);
	}
	prefetch_next(q, q->chead, q->ctail);
	return &q->items[q->chead % QSIZE];
}

static void
slot_taken(struct queue *q)
{
	q->chead++;
	if (q->chead - q->head >= BATCH) {
		pthread_mutex_lock(&q->mu);
		q->head = q->chead;
		q->ctail = q->tail;
		pthread_cond_signal(&q->emptied);
		pthread_mutex_unlock(&q->mu);
	}
}

static void
write_reject_file(struct import *im, struct crm_reader *r, struct item *it)
{
	char num[32];
	size_t i, rawlen = it->raw.len;
	struct crm_err err = CRM_ERR_INIT;

	if (!im->rejects_w) {
		const char *const *hdr;
		size_t n;

		hdr = crm_reader_header(r, &n);
		im->rejects_cols = xcalloc(n + 3, sizeof *im->rejects_cols);
		for (i = 0; i < n; i++)
			im->rejects_cols[i] = xstrdup(hdr[i]);
		im->rejects_cols[n] = xstrdup("reject_line");
		im->rejects_cols[n + 1] = xstrdup("reject_reasons");
		im->rejects_cols[n + 2] = xstrdup("reject_raw");
		im->nrejects_cols = n + 3;
		im->rejects_w = crm_writer_open(im->rejects_fp, CRM_FMT_CSV,
		    crm_opts_file_flags(im->co));
		crm_writer_columns(im->rejects_w,
		    (const char *const *)im->rejects_cols, im->nrejects_cols);
	}
	crm_record_reset(&im->rej);
	if (it->has_row)
		for (i = 0; i < it->rec.n; i++)
			crm_record_add(&im->rej, it->rec.f[i].name,
			    it->rec.f[i].namelen, it->rec.f[i].value,
			    it->rec.f[i].len);
	snprintf(num, sizeof num, "%ld", it->line);
	crm_record_sets(&im->rej, "reject_line", num);
	crm_record_sets(&im->rej, "reject_reasons", it->reasons.buf);
	if (!it->has_row) {
		/* The raw text without its end of line. */
		while (rawlen && (it->raw.buf[rawlen - 1] == '\n' ||
		    it->raw.buf[rawlen - 1] == '\r'))
			rawlen--;
		crm_record_set(&im->rej, "reject_raw", it->raw.buf, rawlen);
	}
	if (crm_writer_write(im->rejects_w, &im->rej, &err) < 0) {
		crm_store_rollback(im->store);
		crm_warn("%s: %s", im->rejects_path, err.msg);
		exit(CRM_EXIT_IO);
	}
}

/*
 * After a fatal error: the run's one transaction is rolled back, so the
 * files already reported as imported are not kept either; say so.
 */
static void
nothing_kept(struct import *im)
{
	if (im->files_done > 0 && !im->dry_run)
		crm_warn("nothing was kept: the %d file%s before this one %s "
		    "rolled back with it (one transaction)", im->files_done,
		    im->files_done == 1 ? "" : "s",
		    im->files_done == 1 ? "was" : "were");
}

static void db_fail(struct import *, const struct crm_err *)
    __attribute__((noreturn));
static void import_fail(struct import *, const struct crm_err *)
    __attribute__((noreturn));

static void
db_fail(struct import *im, const struct crm_err *err)
{
	crm_store_rollback(im->store);
	crm_warn_err(err);
	nothing_kept(im);
	exit(err->code ? err->code : CRM_EXIT_DB);
}

/* A fatal error that is not the store's: roll back, say so, exit. */
static void
import_fail(struct import *im, const struct crm_err *err)
{
	crm_store_rollback(im->store);
	crm_warn_err(err);
	nothing_kept(im);
	exit(err->code ? err->code : CRM_EXIT_DATA);
}

static void
reject(struct import *im, struct crm_reader *r, struct item *it)
{
	struct crm_err err = CRM_ERR_INIT;

	char col[32] = "";

	im->total.rejected++;
	if (it->col > 0)
		snprintf(col, sizeof col, ":%ld", it->col);
	if (im->strict) {
		crm_store_rollback(im->store);
		crm_die(CRM_EXIT_DATA, "%s:%ld%s: %s (--strict: nothing imported)",
		    crm_reader_name(r), it->line, col, it->reasons.buf);
	}
	if (!im->co->quiet && im->total.rejected <= MAX_WARNINGS)
		crm_warn("%s:%ld%s: %s (rejected)", crm_reader_name(r),
		    it->line, col, it->reasons.buf);
	/* The store keeps the row's exact bytes (a CP1251 row in CP1251). */
	if (crm_store_reject(im->store, im->run_id, it->line, it->rawin.len ?
	    it->rawin.buf : it->raw.buf, it->rawin.len ? it->rawin.len :
	    it->raw.len, it->reasons.buf, &err) < 0)
		db_fail(im, &err);
	if (im->rejects_fp)
		write_reject_file(im, r, it);
}

/* Keep the row as read, with its raw text, for the rejects. */
static void
to_reject(struct crm_reader *r, const struct crm_record *row, struct item *it)
{
	const char *raw;
	size_t rawlen = 0;

	it->kind = ITEM_REJECT;
	it->has_row = row != NULL;
	if (row)
		crm_record_copy(&it->rec, row);
	crm_buf_reset(&it->raw);
	crm_buf_reset(&it->rawin);
	if ((raw = crm_reader_raw(r, &rawlen))) {
		crm_buf_add(&it->raw, raw, rawlen);
		if (strcmp(crm_reader_info(r)->encoding, "UTF-8"))
			crm_reader_raw_input(r, &it->rawin);
	}
}

/* Add a column with no field to the row's extra object, in file order. */
static void
extra_add(struct import *im, const struct crm_field *f, const char *v,
    size_t n)
{
	crm_buf_addc(&im->xjson, im->xjson.len ? ',' : '{');
	crm_json_encode_string(&im->xjson, f->name, f->namelen);
	crm_buf_addc(&im->xjson, ':');
	crm_json_encode_value(&im->xjson, v, n, f->type);
}

/*
 * A deal's status where its file has none: the kind of its stage (the
 * store's stages, else the final stages of the common CRMs).  A status
 * column whose value is no status but a stage name (amoCRM, Kommo) gives
 * the stage when the record has none; else it is a reject.
 */
static void
deal_status(struct import *im, struct canon *c, const struct crm_mapcol *ns,
    struct item *it)
{
	const struct crm_field *st = canon_get(c, im->fi_status);
	const struct crm_field *sg = canon_get(c, im->fi_stage);
	int k;

	if (im->notstatus.len) {
		if (sg && sg->value && sg->len) {
			crm_buf_addf(&it->reasons, "%s: not open, won or lost '%.*s'",
			    ns->label, (int)(im->notstatus.len > 60 ? 60 :
			    im->notstatus.len), im->notstatus.buf);
			return;
		}
		canon_set(c, im->fi_stage, im->notstatus.buf, im->notstatus.len, 0);
		sg = canon_get(c, im->fi_stage);
	}
	if ((st && st->value && st->len) || !sg || !sg->value || !sg->len)
		return;
	if ((k = crm_mapper_stage_status(im->mapper, sg->value, sg->len)) >= 0)
		canon_set(c, im->fi_status, crm_mapper_status_name(k),
		    strlen(crm_mapper_status_name(k)), 0);
}

/* Map and normalise one row into a canonical record (or a reject). */
static void
build_record(struct import *im, struct crm_reader *r, struct crm_record *rec,
    struct item *it)
{
	const struct crm_entity *e = im->e;
	const struct crm_field *fio = NULL;
	const struct crm_mapcol *notstatus = NULL;
	struct canon c;
	const char *why;
	size_t i, nhdr;
	int rc, haskey = 0;

	it->kind = ITEM_RECORD;
	it->line = rec->line;
	it->col = 0;
	crm_buf_reset(&im->notstatus);
	canon_start(&c, &it->rec, im);
	crm_buf_reset(&im->xjson);
	crm_buf_reset(&it->reasons);
	crm_reader_header(r, &nhdr);
	crm_mapper_row(im->mapper, rec);
	if ((crm_reader_info(r)->format == CRM_FMT_CSV ||
	    crm_reader_info(r)->format == CRM_FMT_XLSX) && rec->ncells != nhdr)
		crm_buf_addf(&it->reasons, "row has %zu cells, the header %zu",
		    rec->ncells, nhdr);
	for (i = 0; i < rec->n && !it->reasons.len; i++) {
		const struct crm_field *f = &rec->f[i];
		struct crm_mapcol *m = crm_mapper_column(im->mapper, i, f->name,
		    f->namelen);

		if (m->to == CRM_TO_SKIP)
			continue;
		if (m->to == CRM_TO_FIO) {
			fio = f;
			continue;
		}
		if (m->to == CRM_TO_EXTRA) {
			if (!f->value)
				continue;
			/* A JSON number, boolean, object or array as it came. */
			if (im->raw || f->type != CRM_V_TEXT) {
				if (f->len)
					extra_add(im, f, f->value, f->len);
				continue;
			}
			crm_buf_reset(&im->tmp);
			crm_norm_text(f->value, f->len, &im->tmp, &why);
			if (im->tmp.len)
				extra_add(im, f, im->tmp.buf, im->tmp.len);
			continue;
		}
		if (!f->value || im->raw) {
			canon_set(&c, m->fi, f->value, f->len,
			    !f->value && m->type == CRM_T_CURRENCY);
			continue;
		}
		crm_buf_reset(&im->tmp);
		crm_buf_reset(&im->tmp2);
		rc = crm_mapper_cell(im->mapper, m, f->value, f->len,
		    &im->tmp, &im->tmp2, &why);
		if (rc < 0 && m->type == CRM_T_STATUS && im->fi_stage >= 0 &&
		    !im->notstatus.len) {
			/* amoCRM and Kommo call their stages "Status" */
			crm_norm_text(f->value, f->len, &im->notstatus, &why);
			notstatus = m;
			continue;
		}
		if (rc == -2) {
			/* the column contradicts itself: nothing of it is safe */
			crm_err_set(&it->err, CRM_EDATA, crm_reader_name(r),
			    rec->line, (long)i + 1, "%s", why);
			it->kind = ITEM_FATAL;
			return;
		}
		if (rc == 2 && !im->strict) {
			/* An optional value kept as found: crm-validate flags it. */
			if (!im->nkept++)
				snprintf(im->kept, sizeof im->kept, "line %ld, %s:"
				    " %s '%.*s'", rec->line, m->label, why ? why :
				    "cannot be read", (int)(f->len > 40 ? 40 :
				    f->len), f->value);
			rc = 0;
		}
		if (rc < 0 || rc == 2) {
			if (it->reasons.len)
				crm_buf_adds(&it->reasons, "; ");
			crm_buf_addf(&it->reasons, "%s: %s '%.*s'", m->label,
			    why ? why : "cannot be read",
			    (int)(f->len > 60 ? 60 : f->len), f->value);
			continue;
		}
		/* a currency column with no value leaves the amount's own */
		canon_set(&c, m->fi, rc ? NULL : im->tmp.buf, rc ? 0 : im->tmp.len,
		    rc == 1 && m->type == CRM_T_CURRENCY);
		if (m->type == CRM_T_COMPANY && im->tmp2.len && im->fi_form >= 0)
			canon_set(&c, im->fi_form, im->tmp2.buf, im->tmp2.len, 1);
		if (m->type == CRM_T_COMPANY && rc == 0 && im->fi_full >= 0) {
			/* the name as written, its legal form and all */
			crm_buf_reset(&im->tmp2);
			crm_norm_text(f->value, f->len, &im->tmp2, &why);
			canon_set(&c, im->fi_full, im->tmp2.buf, im->tmp2.len, 1);
		}
		if (m->type == CRM_T_AMOUNT && rc == 0 && im->tmp2.len &&
		    im->fi_currency >= 0)
			canon_set(&c, im->fi_currency, im->tmp2.buf, im->tmp2.len, 1);
	}
	if (fio && fio->value && !it->reasons.len) {
		crm_buf_reset(&im->tmp);
		crm_buf_reset(&im->tmp2);
		crm_buf_reset(&im->json);
		if (im->raw || crm_norm_fio(fio->value, fio->len, &im->tmp,
		    &im->tmp2, &im->json, &why) < 0) {
			crm_buf_reset(&im->tmp);
			crm_buf_add(&im->tmp, fio->value, fio->len);
		}
		if (im->tmp.len)
			canon_set(&c, im->fi_last, im->tmp.buf, im->tmp.len, 1);
		if (im->tmp2.len)
			canon_set(&c, im->fi_first, im->tmp2.buf, im->tmp2.len, 1);
		if (im->json.len)
			canon_set(&c, im->fi_middle, im->json.buf, im->json.len, 1);
	}
	if (im->fi_status >= 0 && im->fi_stage >= 0 && !it->reasons.len)
		deal_status(im, &c, notstatus, it);
	for (i = 0; im->required[i] >= 0 && !it->reasons.len; i++) {
		const struct crm_field *f = canon_get(&c, im->required[i]);

		if (!f || !f->value)
			crm_buf_addf(&it->reasons, "missing required field '%s'",
			    e->fields[im->required[i]].name);
	}
	for (i = 0; i < im->nkeys && !haskey; i++)
		haskey = canon_has_key(&c, im->keyparts[i]);
	if (!haskey && !it->reasons.len) {
		crm_buf_adds(&it->reasons, "no key: one of ");
		for (i = 0; i < im->nkeys; i++)
			crm_buf_addf(&it->reasons, "%s%s", i ? ", " : "",
			    im->keynames[i]);
		crm_buf_addf(&it->reasons, " is needed%s",
		    im->keys ? "" : " (or name another with --key)");
	}
	if (it->reasons.len) {
		to_reject(r, rec, it);
		return;
	}
	if (e->has_extra && im->xjson.len) {
		crm_buf_addc(&im->xjson, '}');
		crm_record_add(&it->rec, "extra", 5, im->xjson.buf,
		    im->xjson.len);
	}
}

/* The reader thread. */
static void *
produce(void *arg)
{
	struct import *im = arg;
	struct crm_reader *r = im->reader;
	struct crm_record *rec;
	struct item *it;
	int st, mapped = 0;

	do {
		it = slot_to_fill(&im->q);
		st = crm_reader_next(r, &rec, &it->err);
		it->bytes = crm_reader_info(r)->bytes;
		if (st == 0)
			it->kind = ITEM_END;
		else if (st < 0)
			it->kind = ITEM_FATAL;
		else if (st == 2) {
			it->line = it->err.line;
			it->col = it->err.column;
			crm_buf_reset(&it->reasons);
			crm_buf_adds(&it->reasons, it->err.msg);
			to_reject(r, NULL, it);
		} else if (!mapped && build_map(im, r, &it->err) < 0) {
			it->kind = ITEM_FATAL;
			st = -1;
		} else {
			mapped = 1;
			build_record(im, r, rec, it);
			if (it->kind == ITEM_FATAL)
				st = -1;
		}
		slot_filled(&im->q, st <= 0);
	} while (st > 0);
	return NULL;
}

static void
store_record(struct import *im, struct crm_reader *r, struct item *it)
{
	const char *const *keys = im->keynames;
	struct crm_err err = CRM_ERR_INIT;
	int result;

	if (crm_store_upsert(im->store, im->e, &it->rec, keys, &result, &err) < 0) {
		if (err.code != CRM_EDATA)
			db_fail(im, &err);
		/* A constraint the row breaks. */
		crm_buf_reset(&it->reasons);
		crm_buf_adds(&it->reasons, err.msg);
		it->kind = ITEM_REJECT;
		it->has_row = 1;
		crm_buf_reset(&it->raw);
		crm_buf_reset(&it->rawin);
		reject(im, r, it);
		return;
	}
	switch (result) {
	case CRM_INSERTED: im->total.inserted++; break;
	case CRM_UPDATED: im->total.updated++; break;
	default: im->total.unchanged++; break;
	}
}

/* The file's SHA-256, computed on another thread once the file is read. */
struct hasher {
	pthread_t thread;
	const char *path;
	char hex[65];
	int rc, err;
};

static void *
hash_file(void *arg)
{
	struct hasher *h = arg;

	h->rc = crm_sha256_file(h->path, h->hex);
	h->err = errno;
	return NULL;
}

/*
 * The store's language, set once: by the first import that finds none,
 * from the run's country (--country, else the store's, else RU: Russian for
 * RU, BY, KZ, English elsewhere).  An empty sources table is then seeded
 * with that language's default lead sources, in the load's transaction.
 */
static void
set_language(struct import *im, const struct crm_country *c)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_buf b = CRM_BUF_INIT;
	const struct crm_source_list *def;
	const char *lang, **syn;
	size_t n, i;
	int rc;

	if ((rc = crm_store_setting(im->store, "language", &b, &err)) < 0)
		db_fail(im, &err);
	crm_buf_release(&b);
	if (rc > 0)
		return;
	lang = crm_sources_lang(c->code);
	def = crm_sources_default(lang);
	for (n = 0; def->values[n]; n++)
		;
	syn = xcalloc(n ? n : 1, sizeof *syn);
	for (i = 0; i < n; i++) {
		struct crm_buf sb = CRM_BUF_INIT;

		crm_sources_synonyms(def, def->values[i], &sb);
		syn[i] = sb.len ? crm_buf_detach(&sb, NULL) : NULL;
		crm_buf_release(&sb);
	}
	if (crm_store_set_setting(im->store, "language", lang, &err) < 0 ||
	    crm_store_seed_sources(im->store, (const char *const *)def->values,
	    syn, n, &err) < 0)
		db_fail(im, &err);
	for (i = 0; i < n; i++)
		free((char *)syn[i]);
	free(syn);
}

/*
 * The country of records that name none.  The store keeps the first one a
 * --country gives it (on a new store, say), in the load's transaction.
 */
static void
set_country(struct import *im)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_buf b = CRM_BUF_INIT;
	const struct crm_country *c;
	int rc;

	if (crm_opts_country(im->co, im->store, &c, &err) < 0)
		db_fail(im, &err);
	if (im->co->country) {
		if ((rc = crm_store_setting(im->store, "country", &b, &err)) < 0 ||
		    (rc == 0 && crm_store_set_setting(im->store, "country",
		    c->code, &err) < 0))
			db_fail(im, &err);
	}
	crm_buf_release(&b);
	set_language(im, c);
	crm_mapper_set_country(im->mapper, c);
	crm_mapper_set_date_order(im->mapper, im->co->date_order);
}

/* The store's stages and their kinds, for deals that have no status. */
static void
load_stages(struct import *im)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_store_cursor *cur;
	struct crm_record *rec;
	int st;

	if (im->fi_status < 0 || im->fi_stage < 0)
		return;
	if (!(cur = crm_store_select(im->store, "stages", NULL, "name,kind",
	    &err)))
		db_fail(im, &err);
	while ((st = crm_store_cursor_next(cur, &rec, &err)) > 0) {
		const struct crm_field *name = &rec->f[0], *kind = &rec->f[1];

		if (rec->n < 2 || !name->value || !kind->value)
			continue;
		crm_mapper_stage(im->mapper, name->value, name->len,
		    crm_mapper_status(kind->value, kind->len));
	}
	crm_store_cursor_free(cur);
	if (st < 0)
		db_fail(im, &err);
}

/* Import one file (last: the run's last, after which the indexes are built). */
static void
import_file(struct import *im, const char *path, int last)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_run_counts before = im->total, c;
	struct crm_reader *r;
	struct stat st;
	struct hasher h;
	struct item *it;
	pthread_t producer;
	long long prev = 0, n = 0, bytes = 0, reverted;
	int hashing, done = 0;

	h.path = path;
	h.hex[0] = '\0';
	r = crm_reader_open(path, &im->co->ropts, &err);
	if (!r)
		import_fail(im, &err);
	if (crm_store_run_begin(im->store, "crm-import", im->e->name,
	    crm_inname(path), NULL, &im->run_id, &err) < 0)
		db_fail(im, &err);
	crm_progress_init(&im->progress, im->co);
	im->reader = r;
	im->q.head = im->q.tail = im->q.ptail = im->q.phead = 0;
	im->q.chead = im->q.ctail = 0;
	if (pthread_create(&producer, NULL, produce, im) != 0)
		crm_die(CRM_EXIT_IO, "cannot start a thread:");
	while (!done) {
		it = slot_to_take(&im->q);
		switch (it->kind) {
		case ITEM_END:
			done = 1;
			break;
		case ITEM_FATAL:
			import_fail(im, &it->err);
		case ITEM_REJECT:
			n++;
			reject(im, r, it);
			break;
		default:
			n++;
			store_record(im, r, it);
		}
		bytes = it->bytes;
		slot_taken(&im->q);
		if ((n & 0xffff) == 0)
			crm_progress_show(&im->progress, crm_reader_name(r), n,
			    bytes, crm_reader_info(r)->size);
	}
	/*
	 * The fingerprint of the file, on the core the reader has left (at
	 * the start the two threads need both cores of a small machine),
	 * while this thread builds the indexes of a bulk load.
	 */
	hashing = strcmp(path, "-") && stat(path, &st) == 0 &&
	    S_ISREG(st.st_mode) &&
	    pthread_create(&h.thread, NULL, hash_file, &h) == 0;
	pthread_join(producer, NULL);
	if (last && !im->dry_run &&
	    crm_store_build_indexes(im->store, &err) < 0)
		db_fail(im, &err);
	im->total.read += n;
	crm_progress_end(&im->progress, crm_reader_name(r), n, bytes,
	    crm_reader_info(r)->size);
	if (crm_store_settle(im->store, im->e, &reverted, &err) < 0)
		db_fail(im, &err);
	im->total.updated -= reverted;
	im->total.unchanged += reverted;
	c.read = im->total.read - before.read;
	c.inserted = im->total.inserted - before.inserted;
	c.updated = im->total.updated - before.updated;
	c.unchanged = im->total.unchanged - before.unchanged;
	c.rejected = im->total.rejected - before.rejected;
	if (hashing) {
		pthread_join(h.thread, NULL);
		if (h.rc < 0) {
			errno = h.err;
			crm_err_set(&err, CRM_EIO, "", 0, 0,
			    "cannot read '%s':", path);
			import_fail(im, &err);
		}
		if ((prev = crm_store_run_find(im->store, im->e->name, h.hex,
		    &err)) < 0 ||
		    crm_store_run_sha256(im->store, im->run_id, h.hex, &err) < 0)
			db_fail(im, &err);
	}
	if (crm_store_run_end(im->store, im->run_id, &c, &err) < 0)
		db_fail(im, &err);
	if (!im->co->quiet && im->nkept)
		crm_warn("%s: %lld optional value%s that could not be read kept"
		    " as found (%s%s); crm-validate flags them",
		    crm_reader_name(r), im->nkept, im->nkept == 1 ? "" : "s",
		    im->nkept == 1 ? "" : "the first: ", im->kept);
	im->nkept = 0;
	if (!im->co->quiet && im->total.rejected > MAX_WARNINGS &&
	    before.rejected < im->total.rejected) {
		if (im->dry_run)	/* a dry run stores no rejects */
			crm_warn("%s: %lld rejected rows in all%s",
			    crm_reader_name(r), c.rejected, im->rejects_path ?
			    ": see the --rejects file" :
			    " (a dry run stores none: --rejects FILE keeps them)");
		else
			crm_warn("%s: %lld rejected rows in all: see crm-export "
			    "rejects --run %lld%s", crm_reader_name(r),
			    c.rejected, im->run_id, im->rejects_path ?
			    " or the --rejects file" : "");
	}
	if (!im->co->quiet) {
		const struct crm_input_info *info = crm_reader_info(r);
		struct crm_buf notes = CRM_BUF_INIT;
		char *p, *nl;

		crm_mapper_notes(im->mapper, &notes);
		for (p = notes.buf; p && *p; p = nl + 1) {
			nl = strchr(p, '\n');
			crm_warn("%s: %.*s", crm_reader_name(r), (int)(nl - p), p);
		}
		crm_buf_release(&notes);
		if (info->cell_issues)
			crm_warn("%s: %ld cell%s read as empty or as a number, "
			    "first %s", crm_reader_name(r), info->cell_issues,
			    info->cell_issues > 1 ? "s" : "", info->cell_issue);

		fprintf(stderr, "%s: %s: %lld read, %lld inserted, %lld updated, "
		    "%lld unchanged, %lld rejected (%s, %s", crm_progname(),
		    crm_reader_name(r), c.read, c.inserted, c.updated, c.unchanged,
		    c.rejected, info->format == CRM_FMT_JSON ? "json" :
		    info->format == CRM_FMT_XLSX ? info->workbook : "csv",
		    info->format == CRM_FMT_XLSX ? "sheet" : info->encoding);
		if (info->format == CRM_FMT_XLSX)
			fprintf(stderr, " '%s'", info->sheet);
		if (info->format == CRM_FMT_CSV)
			fprintf(stderr, ", '%s'", info->delimiter == '\t' ? "\\t" :
			    info->delimiter == ';' ? ";" : info->delimiter == '|' ?
			    "|" : ",");
		fprintf(stderr, ", country %s)%s\n",
		    crm_mapper_country(im->mapper)->code,
		    im->dry_run ? " [dry run]" : "");
		if (prev > 0 && c.inserted == 0 && c.updated == 0)
			fprintf(stderr, "%s: %s: the same file as import run %lld:"
			    " nothing changed\n", crm_progname(), crm_reader_name(r),
			    prev);
		else if (c.read && c.inserted == 0 && c.updated == 0 &&
		    c.rejected == 0)
			fprintf(stderr, "%s: %s: nothing changed\n", crm_progname(),
			    crm_reader_name(r));
	}
	if (crm_reader_info(r)->json_errors) {
		/* Exit 3 at the end: the file is not what it claims to be. */
		im->malformed += crm_reader_info(r)->json_errors;
		if (!im->co->quiet)
			crm_warn("%s: not valid JSON: %ld bad part%s rejected, "
			    "the valid records %s", crm_reader_name(r),
			    crm_reader_info(r)->json_errors,
			    crm_reader_info(r)->json_errors > 1 ? "s" : "",
			    im->dry_run ? "checked" : "kept");
	}
	im->files_done++;
	crm_reader_free(r);
	im->reader = NULL;
}

/* The header synonyms, one a line: entity (or *), field, label (tab-separated). */
static int
list_synonyms(void)
{
	const char *e, *f, *l;
	size_t i;

	for (i = 0; crm_mapper_synonym(i, &e, &f, &l); i++)
		printf("%s\t%s\t%s\n", e ? e : "*", f, l);
	return crm_finish(CRM_EXIT_OK);
}

static void
parse_keys(struct import *im, const char *arg)
{
	size_t n = 1, i;
	char *p;

	for (p = (char *)arg; *p; p++)
		n += *p == ',';
	im->keybuf = xstrdup(arg);
	im->keys = xcalloc(n + 1, sizeof *im->keys);
	for (i = 0, p = strtok(im->keybuf, ","); p; p = strtok(NULL, ","))
		im->keys[i++] = p;
}

/* Check the keys in use (--key, else the entity's) and index their parts. */
static void
check_keys(struct import *im)
{
	size_t i;

	im->keynames = im->keys ? im->keys : im->e->keys;
	for (i = 0; im->keynames[i]; i++) {
		char *copy = xstrdup(im->keynames[i]), *part;
		size_t np = 0;
		long fi;

		if (i == MAXFIELDS)
			crm_die(CRM_EXIT_USAGE, "--key: too many keys");
		for (part = strtok(copy, "+"); part; part = strtok(NULL, "+")) {
			if ((fi = crm_entity_field(im->e, part)) < 0)
				crm_die(CRM_EXIT_USAGE, "--key: %s has no field '%s'",
				    im->e->name, part);
			if (np == MAXPARTS)
				crm_die(CRM_EXIT_USAGE, "--key: at most %d parts",
				    MAXPARTS);
			im->keyparts[i][np++] = fi;
		}
		im->keyparts[i][np] = -1;
		free(copy);
	}
	im->nkeys = i;
}

/* What building a record looks up about the entity's fields. */
static void
entity_fields(struct import *im)
{
	const struct crm_entity *e = im->e;
	size_t i, n = 0;

	im->fi_form = crm_entity_field(e, "legal_form");
	im->fi_full = crm_entity_field(e, "full_name");
	im->fi_status = crm_entity_field(e, "status");
	im->fi_stage = crm_entity_field(e, "stage");
	im->fi_currency = crm_entity_field(e, "currency");
	im->fi_last = crm_entity_field(e, "last_name");
	im->fi_first = crm_entity_field(e, "first_name");
	im->fi_middle = crm_entity_field(e, "middle_name");
	for (i = 0; i < e->nfields; i++) {
		im->namelen[i] = strlen(e->fields[i].name);
		if (e->fields[i].required)
			im->required[n++] = (long)i;
	}
	im->required[n] = -1;
}

/* A dry run against a missing store works in a scratch store, gone at exit. */
static char scratch[4096];

static void
remove_scratch(void)
{
	crm_store_remove(scratch);
}

int
main(int argc, char *argv[])
{
	struct crm_common co = CRM_COMMON_INIT;
	struct import im;
	struct crm_err err = CRM_ERR_INIT;
	struct crm_outfile_guard guard = CRM_OUTFILE_GUARD_INIT;
	const char *dbpath;
	int c, i, status;

	crm_setprogname(argv[0]);
	memset(&im, 0, sizeof im);
	im.co = &co;
	while ((c = getopt_long(argc, argv, CRM_COMMON_SHORTOPTS "nk:", longopts,
	    NULL)) != -1)
		switch (c) {
		case 'n': im.dry_run = 1; break;
		case 'k': parse_keys(&im, optarg); break;
		case OPT_STRICT: im.strict = 1; break;
		case OPT_RAW: im.raw = 1; break;
		case OPT_REJECTS: im.rejects_path = optarg; break;
		case OPT_LIST_SYNONYMS: return list_synonyms();
		default: crm_opts_common(&co, c, optarg, longopts, usage_line);
		}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		crm_usage(usage_line);
	if (co.output)
		crm_die(CRM_EXIT_USAGE, "-o: crm-import writes no records "
		    "(--rejects names the file of rejected rows)");
	if (!(im.e = crm_entity_find(argv[0]))) {
		size_t k;

		fprintf(stderr, "%s: unknown entity '%s'; one of:", crm_progname(),
		    argv[0]);
		for (k = 0; k < crm_nentities; k++)
			fprintf(stderr, " %s", crm_entities[k].name);
		fprintf(stderr, "\n");
		return CRM_EXIT_USAGE;
	}
	im.mapper = crm_mapper_new(im.e, co.maps, co.nmaps);
	if (crm_mapper_check(im.mapper, &err) < 0)
		crm_die_err(&err);
	check_keys(&im);
	entity_fields(&im);
	argc--;
	argv++;
	crm_opts_check_stdin(argc);
	if (co.list_sheets)
		crm_opts_list_sheets(&co, argc, argv);

	dbpath = crm_store_default_path(co.db);
	if (im.dry_run && access(dbpath, F_OK) != 0) {
		/* Nothing to compare with: dry-run against an empty scratch store. */
		if (crm_store_scratch_path(scratch, sizeof scratch, &err) < 0)
			crm_die_err(&err);
		atexit(remove_scratch);
		dbpath = scratch;
	}
	/*
	 * The rejects file is checked against the store and the inputs, and
	 * every input is checked to open, before the store is touched.
	 */
	crm_outfile_guard_inputs(&guard, crm_store_default_path(co.db), argv,
	    argc);
	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], "-") && access(argv[i], R_OK) != 0)
			crm_die(CRM_EXIT_IO, "cannot open '%s':", argv[i]);
	if (im.rejects_path) {
		if (crm_outfile_open(&im.rejects, im.rejects_path, "--rejects",
		    &guard, &err) < 0)
			crm_die_err(&err);
		im.rejects_fp = im.rejects.fp;
	}
	crm_outfile_guard_release(&guard);
	if (!(im.store = crm_store_open(dbpath, CRM_STORE_CREATE, &err))) {
		crm_outfile_abort(&im.rejects);
		crm_die_err(&err);
	}
	if (crm_store_warning(im.store))
		crm_warn("%s", crm_store_warning(im.store));
	crm_buf_init(&im.xjson);
	crm_record_init(&im.rej);
	crm_buf_init(&im.tmp);
	crm_buf_init(&im.tmp2);
	for (i = 0; i < QSIZE; i++) {
		crm_record_init(&im.q.items[i].rec);
		crm_buf_init(&im.q.items[i].reasons);
		crm_buf_init(&im.q.items[i].raw);
		crm_buf_init(&im.q.items[i].rawin);
	}
	pthread_mutex_init(&im.q.mu, NULL);
	pthread_cond_init(&im.q.filled, NULL);
	pthread_cond_init(&im.q.emptied, NULL);
	crm_buf_init(&im.json);
	crm_buf_init(&im.notstatus);
	if (crm_store_begin_load(im.store, im.e, &err) < 0)
		crm_die_err(&err);
	set_country(&im);
	load_stages(&im);
	if (argc == 0)
		import_file(&im, "-", 1);
	for (i = 0; i < argc; i++)
		import_file(&im, argv[i], i == argc - 1);
	/* The rejects file is written out before the store commits, and put
	 * in place after: a run that fails leaves neither. */
	if (im.rejects_w && crm_writer_close(im.rejects_w, &err) < 0) {
		crm_store_rollback(im.store);
		crm_die(CRM_EXIT_IO, "%s: %s (nothing imported)",
		    im.rejects_path, err.msg);
	}
	if (im.dry_run)
		crm_store_rollback(im.store);
	else if (crm_store_commit(im.store, &err) < 0)
		db_fail(&im, &err);
	if (crm_outfile_commit(&im.rejects, &err) < 0)
		crm_die_err(&err);
	if (argc > 1 && !co.quiet)
		fprintf(stderr, "%s: total: %lld read, %lld inserted, %lld updated, "
		    "%lld unchanged, %lld rejected\n", crm_progname(),
		    im.total.read, im.total.inserted, im.total.updated,
		    im.total.unchanged, im.total.rejected);
	status = im.malformed ? CRM_EXIT_DATA : im.total.rejected ?
	    CRM_EXIT_FINDINGS : CRM_EXIT_OK;
	crm_store_close(im.store);
	for (i = 0; (size_t)i < im.nrejects_cols; i++)
		free(im.rejects_cols[i]);
	free(im.rejects_cols);
	free(im.keys);
	free(im.keybuf);
	for (i = 0; i < QSIZE; i++) {
		crm_record_release(&im.q.items[i].rec);
		crm_buf_release(&im.q.items[i].reasons);
		crm_buf_release(&im.q.items[i].raw);
		crm_buf_release(&im.q.items[i].rawin);
	}
	pthread_mutex_destroy(&im.q.mu);
	pthread_cond_destroy(&im.q.filled);
	pthread_cond_destroy(&im.q.emptied);
	crm_buf_release(&im.xjson);
	crm_record_release(&im.rej);
	crm_buf_release(&im.tmp);
	crm_buf_release(&im.tmp2);
	crm_buf_release(&im.json);
	crm_buf_release(&im.notstatus);
	crm_mapper_free(im.mapper);
	crm_opts_release(&co);
	return crm_finish(status);
}
