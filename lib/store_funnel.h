/*
 * store_funnel: what crm-funnel reads from the store (stages, deals,
 * deal_stages), as records with the canonical field names that
 * funnel.h takes.  The SQL lives here, next to store.c's.
 *
 * Rows come in rowid order (the order they were imported); a record's
 * line is its row id, so a message says "crm.db:deals:17: ...".
 */
#ifndef CRM_STORE_FUNNEL_H
#define CRM_STORE_FUNNEL_H

#include "record.h"
#include "store.h"
#include "util.h"

enum {
	CRM_STORE_FUNNEL_STAGES = 0,
	CRM_STORE_FUNNEL_DEALS,
	CRM_STORE_FUNNEL_HISTORY,
	/* for crm-report (report.h): the columns it reads */
	CRM_STORE_FUNNEL_CONTACTS,
	CRM_STORE_FUNNEL_ORDERS,
	CRM_STORE_FUNNEL_SPEND
};

struct crm_store_funnel;

/*
 * Open the rows of one table (dbname: the store as the user named it, for
 * messages).  For deals, fields (n of them) are the
 * fields wanted besides the core ones: a column of deals, else a key of
 * its extra object (values bound, never spliced into SQL).
 */
struct crm_store_funnel *crm_store_funnel_open(struct crm_store *s,
    const char *dbname, int what, const char *const *fields, size_t n,
    struct crm_err *err);
/* 1 = a record (borrowed until the next call), 0 = done, -1 = error. */
int crm_store_funnel_next(struct crm_store_funnel *r, struct crm_record **rec,
    struct crm_err *err);
/* The name for messages: "crm.db:deals". */
const char *crm_store_funnel_name(const struct crm_store_funnel *r);
void crm_store_funnel_close(struct crm_store_funnel *r);

#endif
