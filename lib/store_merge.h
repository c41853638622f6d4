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
	long long merged;	/* rows merged away */
	long long fields;	/* survivor fields filled from another row */
	long long repointed;	/* references repointed */
};

/*
 * Merge clusters: cluster k is ids[off[k] .. off[k + 1]) (row ids, at least
 * two).  One transaction; *run gets the merge run's id; params is stored
 * with the run (free text).  Valid values (an email with '@', a phone with
 * 10 or more digits) win over invalid ones before the rule applies.
 */
int crm_merge_apply(struct crm_store *s, const struct crm_entity *e,
    const long long *ids, const size_t *off, size_t nclusters, int surv,
    const char *params, long long *run, struct crm_merge_counts *c,
    struct crm_err *err);

/*
 * Undo merge run: restore the survivors' rows, re-insert the merged-away
 * rows with their ids, put references back, and mark the run undone.  One
 * transaction.  Refused (CRM_EUSAGE) for an unknown or already undone run,
 * or when a later run, not undone, merged one of the same rows.
 */
int crm_merge_undo(struct crm_store *s, long long run,
    struct crm_merge_counts *c, struct crm_err *err);

#endif
