/*
 * store_merge: crm-dedupe's side of the store (the only SQL for it):
 * reading an entity's rows with their ids, remembered not-duplicate pairs,
 * merging clusters with field-level survivorship, reference repointing and
 * an audit trail in merges/merge_runs, and undoing a merge run exactly.
 *
 * A merge keeps one survivor per cluster (the most complete row, then the
 * oldest id); each field takes a value by the survivorship rule; the
 * survivor's row as it was and every merged-away row whole go to merges
 * (record), with the field choices and the repointed references (choices);
 * merged-away rows are deleted; references in other tables (deals.contact,
 * activities.contact, orders.customer for contacts; deals.company,
 * contacts.company for companies) that named a merged-away row by its
 * external id, email, phone (or ИНН, name) now name the survivor.
 * crm_merge_undo puts every row and reference back as it was.
 */
#ifndef CRM_STORE_MERGE_H
#define CRM_STORE_MERGE_H

#include "entity.h"
#include "record.h"
#include "store.h"
#include "util.h"

/*
 * Each row of e's table in id order: cb gets the row id and a record of the
 * canonical fields (borrowed for the call).  A cb returning non-zero stops.
 */
int crm_merge_load(struct crm_store *s, const struct crm_entity *e,
    int (*cb)(void *ctx, long long id, const struct crm_record *rec),
    void *ctx, struct crm_err *err);

/* The row id a user's reference names (a row id or an external id); 0 if none. */
long long crm_merge_resolve(struct crm_store *s, const struct crm_entity *e,
    const char *ref, struct crm_err *err);

/* Remember that rows a and b are not duplicates (idempotent). */
int crm_merge_add_not_dup(struct crm_store *s, const struct crm_entity *e,
    long long a, long long b, struct crm_err *err);
/* Every remembered pair of e: cb(ctx, a, b) with row ids. */
int crm_merge_not_dups(struct crm_store *s, const struct crm_entity *e,
    int (*cb)(void *ctx, long long a, long long b), void *ctx,
    struct crm_err *err);

enum crm_survivorship {
	CRM_SURV_RECENT = 0,	/* the most recently updated non-empty value */
	CRM_SURV_COMPLETE,	/* the longest non-empty value */
	CRM_SURV_SURVIVOR	/* the survivor's own value unless empty */
};

struct crm_merge_counts {
	long long clusters;	/* clusters merged */
	long long merged;	/* rows merged away (undo: put back) */
	long long fields;	/* survivor fields filled from another row */
	long long repointed;	/* references repointed (undo: put back) */
	long long skipped;	/* clusters left alone: changed since read */
	long long conflicts;	/* undo: values changed since the merge */
	long long kept;		/* undo: of those, newer values kept */
};

/*
 * Merge clusters: cluster k is ids[off[k] .. off[k + 1]) (row ids, at least
 * two).  One transaction; *run gets the merge run's id (0 when nothing was
 * merged); params (a JSON object: the band, thresholds and survivorship
 * rule) is stored with the run.  Valid values (an email with '@', a phone
 * with 10 or more digits) win over invalid ones before the rule applies.
 *
 * The rows are read again inside the write transaction.  seen, when not
 * NULL, holds each row as it was clustered (seen[i] for ids[i], its
 * canonical fields, as crm_merge_load gave them): a cluster with a row
 * that is gone or holds other values now is left alone, counted in
 * skipped, and skip (when not NULL) gets its ids and the changed row's id.
 * Each survivor's row as the merge left it goes to merges.after.
 */
int crm_merge_apply(struct crm_store *s, const struct crm_entity *e,
    const long long *ids, const struct crm_record *seen, const size_t *off,
    size_t nclusters, int surv, const char *params,
    void (*skip)(void *ctx, const long long *ids, size_t n, long long changed),
    void *ctx, long long *run, struct crm_merge_counts *c,
    struct crm_err *err);

/* A value that changed since a merge, found by crm_merge_undo. */
struct crm_merge_conflict {
	const char *table;	/* contacts, deals, ... */
	long long id;		/* the row */
	const char *field;	/* the column; NULL: the whole row */
	const char *merged;	/* the value the merge left (NULL: none, unknown) */
	const char *now;	/* the value now (NULL: none) */
	const char *restore;	/* what undo would put back (NULL: none) */
	int fatal;		/* undo cannot go on, newer values kept or not */
	const char *why;	/* a note, or NULL */
};

#define CRM_UNDO_KEEP_NEWER 1	/* keep values changed since; restore the rest */

/*
 * Undo merge run: restore the survivors' rows, re-insert the merged-away
 * rows with their ids, put references back, and mark the run undone.  One
 * transaction.
 *
 * First every value changed since the merge is found, and cb (when not
 * NULL) gets each: a survivor's column that differs from what the merge
 * left (merges.after; a run from before schema v4 only knows that the row
 * changed, by updated_at), a repointed reference that names something
 * else now, a row gone; a merged-away row's id or external id that
 * another row has now is fatal.  With conflicts and no
 * CRM_UNDO_KEEP_NEWER, or a fatal one, nothing is written and 1 is
 * returned.  With CRM_UNDO_KEEP_NEWER, changed values stay (with their
 * derived _key columns; the survivor keeps its updated_at) and the rest
 * is restored.
 *
 * Refused (CRM_EUSAGE, -1) for an unknown or already undone run, a run
 * that merged another entity than e (when e is not NULL), or when a later
 * run, not undone, merged one of the same rows.
 */
int crm_merge_undo(struct crm_store *s, const struct crm_entity *e,
    long long run, int flags,
    int (*cb)(void *ctx, const struct crm_merge_conflict *k), void *ctx,
    struct crm_merge_counts *c, struct crm_err *err);

#endif
