/*
 * merge_test: lib/store_merge.c.  A merge decides inside its write
 * transaction: a cluster whose rows changed or went since they were read
 * is left alone; undo refuses, or keeps, values changed since the merge.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_merge.h"
#include "tap.h"

static char dir[64], path[128];
static struct crm_err err;

struct loaded {
	long long ids[16];
	struct crm_record recs[16];
	size_t n;
};

static int
load_cb(void *ctx, long long id, const struct crm_record *rec)
{
	struct loaded *l = ctx;

	if (l->n == 16)
		return 1;
	l->ids[l->n] = id;
	crm_record_init(&l->recs[l->n]);
	crm_record_copy(&l->recs[l->n], rec);
	l->n++;
	return 0;
}

static void
load(struct crm_store *s, struct loaded *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		crm_record_release(&l->recs[i]);
	l->n = 0;
	if (crm_merge_load(s, crm_entity_find("contacts"), load_cb, l, &err) < 0)
		printf("# load: %s\n", err.msg);
}

static int
put(struct crm_store *s, const char *ext, const char *last, const char *email,
    const char *city)
{
	struct crm_record r = CRM_RECORD_INIT;
	int result = 0, rc;

	crm_record_adds(&r, "external_id", ext);
	crm_record_adds(&r, "last_name", last);
	crm_record_adds(&r, "email", email);
	crm_record_adds(&r, "city", city);
	rc = crm_store_upsert(s, crm_entity_find("contacts"), &r, NULL, &result,
	    &err);
	crm_record_release(&r);
	return rc < 0 ? -1 : result;
}

static long long nskipped, skipped_changed;

static void
skip_cb(void *ctx, const long long *ids, size_t n, long long changed)
{
	(void)ctx;
	(void)ids;
	(void)n;
	nskipped++;
	skipped_changed = changed;
}

static long long nconf, nfatal;
static char conf_field[64], conf_now[64];

static int
conf_cb(void *ctx, const struct crm_merge_conflict *k)
{
	(void)ctx;
	nconf++;
	nfatal += k->fatal;
	snprintf(conf_field, sizeof conf_field, "%s", k->field ? k->field : "*");
	snprintf(conf_now, sizeof conf_now, "%s", k->now ? k->now : "~");
	return 0;
}

static int
count_rows(struct crm_store *s)
{
	struct loaded l;
	int n;

	memset(&l, 0, sizeof l);
	load(s, &l);
	n = (int)l.n;
	while (l.n)
		crm_record_release(&l.recs[--l.n]);
	return n;
}

int
main(void)
{
	const struct crm_entity *e = crm_entity_find("contacts");
	struct crm_store *s;
	struct crm_merge_counts c;
	struct loaded l;
	size_t off[2] = { 0, 2 };
	long long run = -1;
	char cmd[160];
	int rc;

	snprintf(dir, sizeof dir, "%s/merge_test.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/crm.db", dir);
	memset(&l, 0, sizeof l);
	s = crm_store_open(path, CRM_STORE_CREATE, &err);
	ok(s != NULL, "open: %s", s ? "" : err.msg);
	if (!s)
		return 1;
	ok(put(s, "p1", "Petrov", "p@x.ru", "Kazan") == CRM_INSERTED &&
	    put(s, "p2", "Petrov", "P@x.ru", "Казань") == CRM_INSERTED &&
	    put(s, "s1", "Sidorov", "s@x.ru", "Tula") == CRM_INSERTED,
	    "three contacts");

	/* Read, then another program renames p2: the cluster is left alone. */
	load(s, &l);
	ok(l.n == 3 && l.ids[0] == 1 && l.ids[1] == 2, "loaded rows 1, 2, 3");
	ok(put(s, "p2", "Ivanova", "i@y.ru", "Omsk") == CRM_UPDATED,
	    "row 2 renamed after it was read");
	memset(&c, 0, sizeof c);
	rc = crm_merge_apply(s, e, l.ids, l.recs, off, 1, CRM_SURV_RECENT,
	    "{}", skip_cb, NULL, &run, &c, &err);
	ok(rc == 0, "merge returns: %s", rc ? err.msg : "");
	ok(run == 0 && c.clusters == 0 && c.skipped == 1,
	    "the changed cluster is skipped, no run (run %lld, skipped %lld)",
	    run, c.skipped);
	ok(nskipped == 1 && skipped_changed == 2, "skip names row 2 (%lld)",
	    skipped_changed);
	ok(count_rows(s) == 3, "both rows are still there");

	/* Read again: merged. */
	ok(put(s, "p2", "Petrov", "P@x.ru", "Казань") == CRM_UPDATED,
	    "row 2 back");
	load(s, &l);
	memset(&c, 0, sizeof c);
	rc = crm_merge_apply(s, e, l.ids, l.recs, off, 1, CRM_SURV_RECENT,
	    "{\"band\":\"auto\"}", skip_cb, NULL, &run, &c, &err);
	ok(rc == 0 && run == 1 && c.clusters == 1 && c.skipped == 0,
	    "merged when unchanged (run %lld): %s", run, rc ? err.msg : "");
	ok(count_rows(s) == 2, "one row merged away");

	/* A stale read of a row merged away since: skipped, not an error. */
	memset(&c, 0, sizeof c);
	nskipped = 0;
	rc = crm_merge_apply(s, e, l.ids, l.recs, off, 1, CRM_SURV_RECENT,
	    "{}", skip_cb, NULL, &run, &c, &err);
	ok(rc == 0 && c.skipped == 1 && nskipped == 1 && skipped_changed == 2,
	    "a row gone since is a skipped cluster: %s", rc ? err.msg : "");

	/* Params that are not JSON are refused. */
	memset(&c, 0, sizeof c);
	load(s, &l);
	{
		long long ids[2] = { 1, 3 };
		struct crm_record seen[2];

		crm_record_init(&seen[0]);
		crm_record_init(&seen[1]);
		crm_record_copy(&seen[0], &l.recs[0]);
		crm_record_copy(&seen[1], &l.recs[1]);
		rc = crm_merge_apply(s, e, ids, seen, off, 1, CRM_SURV_RECENT,
		    "band=auto", NULL, NULL, &run, &c, &err);
		ok(rc < 0, "params must be JSON: %s", err.msg);
		crm_record_release(&seen[0]);
		crm_record_release(&seen[1]);
	}

	/* Undo: the survivor's city changed since; refused, then kept. */
	ok(put(s, "p1", "Petrov", "p@x.ru", "Самара") == CRM_UPDATED,
	    "the survivor's city changes after the merge");
	memset(&c, 0, sizeof c);
	rc = crm_merge_undo(s, e, 1, 0, conf_cb, NULL, &c, &err);
	ok(rc == 1 && nconf == 1 && nfatal == 0 && !strcmp(conf_field, "city") &&
	    !strcmp(conf_now, "Самара"), "undo refused: city changed (%d, %s=%s)",
	    rc, conf_field, conf_now);
	ok(count_rows(s) == 2, "a refused undo writes nothing");
	rc = crm_merge_undo(s, crm_entity_find("companies"), 1, 0, NULL, NULL,
	    &c, &err);
	ok(rc < 0 && err.code == CRM_EUSAGE && strstr(err.msg, "contacts"),
	    "undo as companies refused: %s", err.msg);
	memset(&c, 0, sizeof c);
	rc = crm_merge_undo(s, e, 1, CRM_UNDO_KEEP_NEWER, NULL, NULL, &c, &err);
	ok(rc == 0 && c.kept == 1 && c.merged == 1, "undone keeping the newer "
	    "city (kept %lld): %s", c.kept, rc ? err.msg : "");
	load(s, &l);
	ok(l.n == 3 && !strcmp(crm_record_value(&l.recs[0], "city"), "Самара") &&
	    !strcmp(crm_record_value(&l.recs[1], "city"), "Казань"),
	    "row 1 keeps Самара, row 2 is back");
	while (l.n)
		crm_record_release(&l.recs[--l.n]);
	crm_store_close(s);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return done_testing();
}
