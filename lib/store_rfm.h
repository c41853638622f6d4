/*
 * store_rfm: crm-rfm's history in the store (tables rfm_snapshots and
 * rfm_scores of schema v1, created by store_schema.c): save a scored run as a
 * dated snapshot, find a snapshot, and count the segment-to-segment moves
 * between two snapshots.  The SQL lives here, next to store.c's.
 */
#ifndef CRM_STORE_RFM_H
#define CRM_STORE_RFM_H

#include "record.h"
#include "store.h"
#include "util.h"

struct crm_rfm_saver;

/*
 * Begin a snapshot: a transaction and a row in rfm_snapshots (as_of
 * "YYYY-MM-DD", params a JSON object text).  NULL and err on error.
 */
struct crm_rfm_saver *crm_store_rfm_begin(struct crm_store *s,
    const char *as_of, const char *params, struct crm_err *err);
/*
 * Add one scored customer: a record with the fields customer,
 * recency_days, frequency, monetary, r_score, f_score, m_score, rfm_score
 * and segment (as crm_rfm_row writes them).
 */
int crm_store_rfm_add(struct crm_rfm_saver *sv, const struct crm_record *rec,
    struct crm_err *err);
/* Commit and free; *id gets the snapshot's id.  On error, rolls back and frees. */
int crm_store_rfm_commit(struct crm_rfm_saver *sv, long long *id,
    struct crm_err *err);
/* Roll back and free (NULL is fine). */
void crm_store_rfm_abort(struct crm_rfm_saver *sv);

/*
 * The snapshot named by spec: its id ("12"), or an as-of date
 * ("2024-01-31", the latest saved snapshot with that date), or "last" /
 * "last-1" (the latest and the one before it).  Fails (CRM_EUSAGE) when
 * there is none.
 */
int crm_store_rfm_find(struct crm_store *s, const char *spec, long long *id,
    struct crm_err *err);

/*
 * The moves from snapshot from to snapshot to: cb(arg, from_segment,
 * to_segment, customers) per pair, with from_segment NULL for customers
 * only in to, and to_segment NULL for customers only in from.
 */
int crm_store_rfm_migration(struct crm_store *s, long long from, long long to,
    void (*cb)(void *arg, const char *from, const char *to, long long n),
    void *arg, struct crm_err *err);

#endif
