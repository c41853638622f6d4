/* store_test: lib/store.c (schema, migrations, upsert, runs, rejects, select). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>


#include "store_int.h"
#include "tap.h"

static char dir[64], path[128];
static struct crm_err err;

/* Record from "name=value" pairs; "name" alone is a missing value. */
static struct crm_record *
rec(struct crm_record *r, ...)
{
	va_list ap;
	const char *kv, *eq;

	crm_record_reset(r);
	va_start(ap, r);
	while ((kv = va_arg(ap, const char *))) {
		if ((eq = strchr(kv, '=')))
			crm_record_add(r, kv, (size_t)(eq - kv), eq + 1,
			    strlen(eq + 1));
		else
			crm_record_add(r, kv, strlen(kv), NULL, 0);
	}
	va_end(ap);
	return r;
}

static int
upsert(struct crm_store *s, const char *entity, const char *const *keys,
    struct crm_record *r)
{
	int result = 0;

	crm_err_clear(&err);
	if (crm_store_upsert(s, crm_entity_find(entity), r, keys, &result,
	    &err) < 0)
		return -err.code;
	return result;
}

/*
 * The rows of a select as one string: "col,col|v,v|v,v" with NULL as ~.
 * Returns a static buffer, or "ERR <code>: msg" on failure.
 */
static const char *
sel(struct crm_store *s, const char *table, const char *where,
    const char *columns)
{
	static struct crm_buf b = CRM_BUF_INIT;
	struct crm_store_cursor *c;
	struct crm_record *r;
	const char *const *names;
	size_t n, i;
	int rc;

	crm_buf_reset(&b);
	crm_err_clear(&err);
	if (!(c = crm_store_select(s, table, where, columns, &err))) {
		crm_buf_addf(&b, "ERR %d: %s", err.code, err.msg);
		return b.buf;
	}
	names = crm_store_cursor_columns(c, &n);
	for (i = 0; i < n; i++)
		crm_buf_addf(&b, "%s%s", i ? "," : "", names[i]);
	while ((rc = crm_store_cursor_next(c, &r, &err)) > 0) {
		crm_buf_addc(&b, '|');
		for (i = 0; i < r->n; i++) {
			if (i)
				crm_buf_addc(&b, ',');
			if (r->f[i].value)
				crm_buf_add(&b, r->f[i].value, r->f[i].len);
			else
				crm_buf_addc(&b, '~');
		}
	}
	if (rc < 0)
		crm_buf_addf(&b, "|ERR %d: %s", err.code, err.msg);
	crm_store_cursor_free(c);
	return b.buf;
}

/*
 * The same from SQL of the test's own, for what a user's --where may not
 * read (the key columns, sqlite_master).
 */
static const char *
rawsel(struct crm_store *s, const char *table, const char *where,
    const char *columns)
{
	static struct crm_buf b = CRM_BUF_INIT;
	struct crm_buf sql = CRM_BUF_INIT;
	sqlite3_stmt *st;
	int i, n;

	crm_buf_reset(&b);
	crm_buf_addf(&sql, "SELECT %s FROM \"%s\" WHERE %s ORDER BY rowid",
	    columns, table, where);
	if (sqlite3_prepare_v2(crm_store_db(s), sql.buf, -1, &st, NULL) !=
	    SQLITE_OK) {
		crm_buf_addf(&b, "ERR %s", sqlite3_errmsg(crm_store_db(s)));
		crm_buf_release(&sql);
		return b.buf;
	}
	crm_buf_release(&sql);
	n = sqlite3_column_count(st);
	for (i = 0; i < n; i++)
		crm_buf_addf(&b, "%s%s", i ? "," : "", sqlite3_column_name(st, i));
	while (sqlite3_step(st) == SQLITE_ROW) {
		crm_buf_addc(&b, '|');
		for (i = 0; i < n; i++) {
			const char *v = (const char *)sqlite3_column_text(st, i);

			if (i)
				crm_buf_addc(&b, ',');
			crm_buf_adds(&b, v ? v : "~");
		}
	}
	sqlite3_finalize(st);
	return b.buf;
}

static long
count(struct crm_store *s, const char *table)
{
	struct crm_store_cursor *c;
	struct crm_record *r;
	long n = 0;

	if (!(c = crm_store_select(s, table, NULL, "id", &err)))
		return -1;
	while (crm_store_cursor_next(c, &r, &err) > 0)
		n++;
	crm_store_cursor_free(c);
	return n;
}

/* Write user_version into the file header (offset 60, big-endian). */
static void
set_user_version(const char *p, unsigned v)
{
	unsigned char b[4] = { v >> 24, v >> 16, v >> 8, v };
	FILE *fp = fopen(p, "r+b");

	if (!fp)
		return;
	fseek(fp, 60, SEEK_SET);
	fwrite(b, 1, 4, fp);
	fclose(fp);
}

static void
test_open(void)
{
	struct crm_store *s;
	struct crm_record r = CRM_RECORD_INIT;
	struct stat sb;
	char p2[160];
	mode_t old;
	size_t i;

	crm_err_clear(&err);
	s = crm_store_open(path, 0, &err);
	ok(!s && err.code == CRM_EDB, "a missing store without CREATE: %s",
	    err.msg);
	s = crm_store_open(path, CRM_STORE_READONLY | CRM_STORE_CREATE, &err);
	ok(!s && err.code == CRM_EDB, "read-only open never creates");
	old = umask(0);
	s = crm_store_open(path, CRM_STORE_CREATE, &err);
	umask(old);
	ok(s != NULL, "create: %s", s ? "" : err.msg);
	if (!s)
		exit(1);
	memset(&sb, 0, sizeof sb);
	stat(path, &sb);
	ok((sb.st_mode & 0777) == 0600, "created with mode 0600 (umask 0): %o",
	    (unsigned)(sb.st_mode & 0777));
	ok(crm_store_schema_version(s) == 7, "schema version 7");
	ok(crm_store_db(s) != NULL, "sqlite handle");
	ok(upsert(s, "contacts", NULL, rec(&r, "external_id=c1",
	    "email=a@example.org", NULL)) == CRM_INSERTED, "a first row");
	snprintf(p2, sizeof p2, "%s-wal", path);
	ok(stat(p2, &sb) == 0 && (sb.st_mode & 0777) == 0600,
	    "the WAL file is 0600 too");
	crm_store_close(s);

	s = crm_store_open(path, CRM_STORE_CREATE, &err);
	ok(s && crm_store_schema_version(s) == 7,
	    "open again: migration is a no-op");
	ok(s && count(s, "contacts") == 1, "the row is still there");

	/* Every canonical field of every entity has its column. */
	for (i = 0; s && i < crm_nentities; i++) {
		const struct crm_entity *e = &crm_entities[i];
		struct crm_store_cursor *c;
		const char *const *names;
		size_t n, j, good = 1;

		c = crm_store_select(s, e->name, NULL, NULL, &err);
		if (!c) {
			ok(0, "select %s: %s", e->name, err.msg);
			continue;
		}
		names = crm_store_cursor_columns(c, &n);
		good = n == e->nfields;
		for (j = 0; good && j < n; j++)
			good = !strcmp(names[j], e->fields[j].name);
		ok(good, "%s: the canonical columns, in order", e->name);
		crm_store_cursor_free(c);
	}
	crm_store_close(s);

	/* A store from a newer toolkit is refused, also read-only. */
	snprintf(p2, sizeof p2, "%s/newer.db", dir);
	s = crm_store_open(p2, CRM_STORE_CREATE, &err);
	crm_store_close(s);
	set_user_version(p2, 99);
	s = crm_store_open(p2, 0, &err);
	ok(!s && err.code == CRM_EDB && strstr(err.msg, "newer"),
	    "newer schema refused: %s", err.msg);
	s = crm_store_open(p2, CRM_STORE_READONLY, &err);
	ok(!s && err.code == CRM_EDB, "newer schema refused read-only too");

	/*
	 * v2 to v3: email_key goes NULL where it is the e-mail itself, and
	 * the index on the column goes; a lookup by e-mail finds both kinds.
	 */
	snprintf(p2, sizeof p2, "%s/v2.db", dir);
	s = crm_store_open(p2, CRM_STORE_CREATE, &err);
	ok(s && upsert(s, "contacts", NULL, rec(&r, "external_id=a",
	    "email=a@x.ru", NULL)) == CRM_INSERTED && upsert(s, "contacts",
	    NULL, rec(&r, "external_id=b", "email=B@X.ru", NULL)) ==
	    CRM_INSERTED && sqlite3_exec(crm_store_db(s), "UPDATE contacts"
	    " SET email_key = lower(email); CREATE INDEX contacts_email_key"
	    " ON contacts(email_key)", NULL, NULL, NULL) == SQLITE_OK,
	    "a store as v2 left it");
	crm_store_close(s);
	set_user_version(p2, 2);
	s = crm_store_open(p2, 0, &err);
	ok(s && crm_store_schema_version(s) == 7, "migrated to v7: %s",
	    err.msg);
	is(s ? rawsel(s, "contacts", "email_key IS NULL", "external_id") : "",
	    "external_id|a", "email_key NULL where it is the e-mail");
	ok(s && upsert(s, "contacts", (const char *const[]){ "email", NULL },
	    rec(&r, "email=b@x.ru", "city=Тверь", NULL)) == CRM_UPDATED &&
	    upsert(s, "contacts", (const char *const[]){ "email", NULL },
	    rec(&r, "email=A@x.RU", "city=Тверь", NULL)) == CRM_UPDATED &&
	    count(s, "contacts") == 2, "lookups by e-mail find both");
	crm_store_close(s);

	/* Not a database at all. */
	snprintf(p2, sizeof p2, "%s/junk.db", dir);
	{
		FILE *fp = fopen(p2, "w");

		fputs("name,email\nthis is no sqlite file at all, really....."
		    "............................................\n", fp);
		fclose(fp);
	}
	s = crm_store_open(p2, CRM_STORE_CREATE, &err);
	ok(!s && err.code == CRM_EDB && strstr(err.file, "junk.db"),
	    "not a database: %s: %s", err.file, err.msg);
	crm_record_release(&r);
}

static void
test_upsert(void)
{
	struct crm_store *s = crm_store_open(path, CRM_STORE_CREATE, &err);
	struct crm_record r = CRM_RECORD_INIT;
	static const char *const by_email[] = { "email", NULL };
	static const char *const by_phone[] = { "phone", NULL };

	/* By external_id. */
	ok(upsert(s, "contacts", NULL, rec(&r, "external_id=c1",
	    "email=a@example.org", NULL)) == CRM_UNCHANGED,
	    "same record again: unchanged");
	ok(upsert(s, "contacts", NULL, rec(&r, "external_id=c1",
	    "last_name=Иванов", NULL)) == CRM_UPDATED,
	    "a new field: updated");
	ok(upsert(s, "contacts", NULL, rec(&r, "external_id=c1",
	    "last_name=Иванов", "first_name", NULL)) == CRM_UNCHANGED,
	    "a missing value changes nothing");
	is(sel(s, "contacts", "external_id = 'c1'", "last_name,email"),
	    "last_name,email|Иванов,a@example.org",
	    "an absent field is left as it was");

	/* By email, case-insensitively; by phone, extension aside. */
	ok(upsert(s, "contacts", by_email, rec(&r, "email=A@Example.ORG",
	    "phone=+7 (912) 345-67-89", NULL)) == CRM_UPDATED,
	    "found by email key");
	ok(upsert(s, "contacts", NULL, rec(&r, "email=a@EXAMPLE.org",
	    "phone=+7 (912) 345-67-89", NULL)) == CRM_UPDATED,
	    "default keys: email when there is no external_id");
	ok(upsert(s, "contacts", by_phone, rec(&r,
	    "phone=+7 (912) 345-67-89 доб. 12", NULL)) == CRM_UPDATED,
	    "found by phone key (extension ignored)");
	ok(upsert(s, "contacts", by_phone, rec(&r, "phone=+79123456789",
	    "first_name=Иван", NULL)) == CRM_UPDATED,
	    "phone in E.164 finds the same row");
	ok(count(s, "contacts") == 1, "still one contact");
	is(sel(s, "contacts", NULL, "id,external_id,first_name,phone,email"),
	    "id,external_id,first_name,phone,email|1,c1,Иван,+79123456789,"
	    "a@EXAMPLE.org", "the row after key updates");
	ok(upsert(s, "contacts", by_email, rec(&r, "phone=+79123456789",
	    NULL)) == CRM_INSERTED, "a record without the key is inserted");
	ok(upsert(s, "contacts", NULL, rec(&r, "external_id=",
	    "email=b@example.org", NULL)) == CRM_INSERTED,
	    "empty external_id is no key");
	ok(upsert(s, "contacts", NULL, rec(&r, "external_id=",
	    "email=b@example.org", NULL)) == CRM_UNCHANGED,
	    "and the email key finds it again");
	ok(upsert(s, "contacts", NULL, rec(&r, "external_id=c2",
	    "email=c@example.org", NULL)) == CRM_INSERTED, "c2");
	ok(upsert(s, "contacts", by_email, rec(&r, "external_id=c2",
	    "email=b@example.org", NULL)) == -CRM_EDATA,
	    "a taken external_id is a data error: %s", err.msg);
	ok(upsert(s, "contacts", NULL, rec(&r, "external_id=c3",
	    "bogus", NULL)) == CRM_INSERTED, "still usable after it");

	/* Other key kinds: inn, composite keys. */
	ok(upsert(s, "companies", NULL, rec(&r, "name=Ромашка",
	    "legal_form=ООО", "inn=7707083893", NULL)) == CRM_INSERTED,
	    "company by inn: inserted");
	ok(upsert(s, "companies", NULL, rec(&r, "name=Ромашка",
	    "inn=7707083893", "city=Москва", NULL)) == CRM_UPDATED,
	    "company by inn: updated");
	ok(upsert(s, "companies", NULL, rec(&r, "inn=7707083893",
	    "city=Москва", NULL)) == CRM_UNCHANGED,
	    "company by inn: unchanged");
	ok(upsert(s, "stages", NULL, rec(&r, "pipeline=sales", "name=Новая",
	    "position=1", "kind=open", NULL)) == CRM_INSERTED, "stage inserted");
	ok(upsert(s, "stages", NULL, rec(&r, "pipeline=b2b", "name=Новая",
	    "position=1", NULL)) == CRM_INSERTED,
	    "same name, other pipeline: inserted");
	ok(upsert(s, "stages", NULL, rec(&r, "pipeline=sales", "name=Новая",
	    "position=2", NULL)) == CRM_UPDATED, "stage by pipeline+name");
	ok(upsert(s, "stages", NULL, rec(&r, "pipeline=sales", "name=X",
	    "kind=maybe", NULL)) == -CRM_EDATA, "kind is checked: %s", err.msg);
	is(sel(s, "stages", NULL, NULL),
	    "pipeline,name,position,probability,kind,sla_days,required,requires"
	    "|sales,Новая,2,~,open,~,~,~|b2b,Новая,1,~,~,~,~,~", "stages");
	ok(upsert(s, "deal_stages", NULL, rec(&r, "deal=D1", "stage=Новая",
	    "entered_at=2026-01-01", NULL)) == CRM_INSERTED &&
	    upsert(s, "deal_stages", NULL, rec(&r, "deal=D1", "stage=Новая",
	    "entered_at=2026-01-01", NULL)) == CRM_UNCHANGED &&
	    upsert(s, "deal_stages", NULL, rec(&r, "deal=D1", "stage=Новая",
	    "entered_at=2026-02-01", NULL)) == CRM_INSERTED,
	    "deal_stages by deal+stage+entered_at");
	ok(upsert(s, "spend", NULL, rec(&r, "source=yandex", "period=2026-01",
	    "amount=1000.50", NULL)) == CRM_INSERTED &&
	    upsert(s, "spend", NULL, rec(&r, "source=yandex",
	    "period=2026-01", "amount=1200.00", NULL)) == CRM_UPDATED,
	    "spend by source+period");
	is(sel(s, "spend", NULL, "amount"), "amount|1200.00",
	    "amounts keep their text");
	ok(upsert(s, "orders", NULL, rec(&r, "customer=a@example.org",
	    "order_date=2026-01-02", "amount=10.00", NULL)) == CRM_INSERTED &&
	    upsert(s, "orders", NULL, rec(&r, "customer=a@example.org",
	    "order_date=2026-01-02", "amount=10.00", "status=paid", NULL)) ==
	    CRM_UPDATED, "orders by customer+order_date+amount");
	ok(upsert(s, "orders", NULL, rec(&r, "customer=a@example.org",
	    "order_date=2026-01-02", NULL)) == CRM_INSERTED,
	    "a partial composite key is no key");
	ok(upsert(s, "stages", NULL, rec(&r, "name=A", "colour=red", NULL)) ==
	    -CRM_EUSAGE, "a table without extra refuses unknown fields: %s",
	    err.msg);
	{
		static const char *const bad[] = { "nosuch", NULL };

		ok(upsert(s, "contacts", bad, rec(&r, "email=x@y.ru", NULL)) ==
		    -CRM_EUSAGE, "an unknown key field: %s", err.msg);
	}
	/* created_at: the record's, else none; the import time is updated_at. */
	ok(upsert(s, "deals", NULL, rec(&r, "external_id=d1", "title=T",
	    "created_at=2025-12-31", NULL)) == CRM_INSERTED &&
	    upsert(s, "deals", NULL, rec(&r, "external_id=d2", "title=U",
	    NULL)) == CRM_INSERTED, "deals");
	is(sel(s, "deals", "external_id = 'd1'", "created_at"),
	    "created_at|2025-12-31", "created_at from the record");
	is(sel(s, "deals", "external_id = 'd2' AND created_at IS NULL AND"
	    " updated_at LIKE '20__-__-__T__:__:__Z'", "title"), "title|U",
	    "no created_at stays none; updated_at is the import time");
	crm_record_release(&r);
	crm_store_close(s);
}

static void
test_extra(void)
{
	struct crm_store *s = crm_store_open(path, CRM_STORE_CREATE, &err);
	struct crm_record r = CRM_RECORD_INIT;

	ok(upsert(s, "contacts", NULL, rec(&r, "external_id=x1",
	    "extra={\"utm\": \"ya\", \"note\": \"first\"}", NULL)) ==
	    CRM_INSERTED, "extra inserted");
	ok(upsert(s, "contacts", NULL, rec(&r, "external_id=x1",
	    "extra={\"utm\":\"ya\"}", NULL)) == CRM_UNCHANGED,
	    "a subset of extra: unchanged");
	ok(upsert(s, "contacts", NULL, rec(&r, "external_id=x1", NULL)) ==
	    CRM_UNCHANGED, "no extra: unchanged");
	ok(upsert(s, "contacts", NULL, rec(&r, "external_id=x1",
	    "extra={}", NULL)) == CRM_UNCHANGED, "{}: unchanged");
	ok(upsert(s, "contacts", NULL, rec(&r, "external_id=x1",
	    "extra={\"note\":\"second\",\"tag\":\"vip\"}", NULL)) ==
	    CRM_UPDATED, "extra merged: updated");
	is(sel(s, "contacts", "external_id = 'x1'", "extra"),
	    "extra|{\"utm\":\"ya\",\"note\":\"second\",\"tag\":\"vip\"}",
	    "keys in the record override, others kept");
	ok(upsert(s, "contacts", NULL, rec(&r, "external_id=x1",
	    "Откуда=реклама", "extra={\"tag\":\"vip\"}", NULL)) == CRM_UPDATED,
	    "a field with no column goes to extra");
	ok(upsert(s, "contacts", NULL, rec(&r, "external_id=x1",
	    "Откуда=реклама", NULL)) == CRM_UNCHANGED, "and stays");
	ok(upsert(s, "contacts", NULL, rec(&r, "external_id=x2",
	    "extra=[1,2]", NULL)) == -CRM_EDATA, "extra must be an object");
	ok(upsert(s, "contacts", NULL, rec(&r, "external_id=x2",
	    "extra={\"tag\":\"new\",\"q\\\"uote\":\"a,b\"}", NULL)) ==
	    CRM_INSERTED, "x2");

	/* Flattening: canonical columns, then extra keys in first-seen order. */
	{
		const char *got = sel(s, "contacts", "external_id LIKE 'x%'",
		    "external_id,*");
		const char *r1 = strchr(got, '|'), *r2 = r1 ? strchr(r1 + 1,
		    '|') : NULL;

		ok(r1 && !strncmp(got, "external_id,external_id,last_name,"
		    "first_name,middle_name,position,company,phone,email,city,"
		    "address,postal_code,country,source,owner,birthday,created_at,utm,"
		    "note,tag,Откуда,q\"uote|", (size_t)(r1 - got + 1)),
		    "extra flattened after the canonical columns: %s", got);
		ok(r2 && !strncmp(r1, "|x1,x1,~,", 9) &&
		    strstr(r1, "~,ya,second,vip,реклама,~|x2,x2,~,") == r2 -
		    strlen("~,ya,second,vip,реклама,~") &&
		    !strcmp(got + strlen(got) - 15, "~,~,~,new,~,a,b"),
		    "values in first-seen key order, missing ones NULL");
	}
	is(sel(s, "contacts", "external_id LIKE 'x%'",
	    "tag, external_id ,Откуда"),
	    "tag,external_id,Откуда|vip,x1,реклама|new,x2,~",
	    "columns pick and order canonical and extra columns");
	is(sel(s, "contacts", "external_id = 'x2'", "tag,q\"uote"),
	    "tag,q\"uote|new,a,b", "odd key names are bound, not spliced");
	ok(!strncmp(sel(s, "contacts", NULL, "email,nosuch"), "ERR 2: no column "
	    "'nosuch' in contacts (valid: id, external_id,", 55),
	    "unknown column: %s", sel(s, "contacts", NULL, "email,nosuch"));
	ok(strstr(sel(s, "contacts", NULL, "nosuch"), "tag") != NULL &&
	    !strstr(sel(s, "contacts", NULL, "nosuch"), "email_key"),
	    "the list names extra keys, not internal columns");
	ok(!strncmp(sel(s, "contacts", NULL, "email_key"), "ERR 2", 5),
	    "internal columns are not selectable");
	crm_record_release(&r);
	crm_store_close(s);
}

static void
test_where(void)
{
	struct crm_store *s = crm_store_open(path, CRM_STORE_READONLY, &err);
	struct crm_record r = CRM_RECORD_INIT;
	long n = count(s, "contacts");

	ok(s != NULL, "read-only open");
	is(sel(s, "contacts", "email LIKE '%example.org' AND external_id "
	    "IS NOT NULL", "external_id"), "external_id|c1|c2",
	    "where over canonical columns");
	is(sel(s, "activities", "type = 'call'", NULL),
	    "external_id,type,subject,contact,deal,owner,due_at,done_at",
	    "where naming a column json_each also has");
	ok(!strncmp(sel(s, "contacts", "1); DELETE FROM contacts; --",
	    "email"), "ERR 2: --where: ", 16), "a second statement is "
	    "refused: %s", sel(s, "contacts", "1); DELETE FROM contacts; --",
	    "email"));
	ok(!strncmp(sel(s, "contacts", "1) OR 1; DELETE FROM contacts; --",
	    "email"), "ERR 2: --where: ", 16), "also after OR");
	ok(!strncmp(sel(s, "contacts", "(SELECT 1) OR 1; DROP TABLE "
	    "contacts", "email"), "ERR 2: --where: ", 16),
	    "also after a subquery: %s", sel(s, "contacts", "(SELECT 1) OR 1; "
	    "DROP TABLE contacts", "email"));
	ok(count(s, "contacts") == n && n > 0, "nothing was deleted");
	ok(!strncmp(sel(s, "contacts", "(SELECT 1) OR 1", "id"),
	    "ERR 2: --where: a filter is one expression", 42),
	    "a subquery is refused: a filter reads its table only");
	ok(!strncmp(sel(s, "contacts", "nosuch = 1", "id"),
	    "ERR 2: --where: no column 'nosuch' in contacts", 46),
	    "bad where: %s", sel(s, "contacts", "nosuch = 1", "id"));
	ok(!strncmp(sel(s, "contacts", "1 --", "id"),
	    "ERR 2: --where: comments are not allowed", 40),
	    "a comment in where is refused");
	ok(!strncmp(sel(s, "contacts", "email_key IS NULL", "id"),
	    "ERR 2: --where: no column 'email_key'", 37),
	    "an internal column is no column for where");
	ok(!strncmp(sel(s, "nosuch", NULL, NULL), "ERR 2: no table 'nosuch'",
	    24), "unknown table: %s", sel(s, "nosuch", NULL, NULL));
	ok(!strncmp(sel(s, "import_runs", NULL, NULL), "id,tool,entity,file,"
	    "sha256,started,finished,read,inserted,updated,unchanged,rejected",
	    80), "named tables: all their columns");
	ok(upsert(s, "contacts", NULL, rec(&r, "external_id=ro", NULL)) ==
	    -CRM_EDB, "no upsert on a read-only store: %s", err.msg);
	crm_record_release(&r);
	crm_store_close(s);
}

static void
test_txn(void)
{
	struct crm_store *s = crm_store_open(path, CRM_STORE_CREATE, &err);
	struct crm_record r = CRM_RECORD_INIT;
	long n = count(s, "deals");

	ok(crm_store_begin(s, &err) == 0 && crm_store_begin(s, &err) == 0,
	    "nested begin");
	ok(upsert(s, "deals", NULL, rec(&r, "external_id=t1", NULL)) ==
	    CRM_INSERTED, "insert inside");
	ok(crm_store_commit(s, &err) == 0, "inner commit");
	ok(count(s, "deals") == n + 1, "visible inside");
	crm_store_rollback(s);
	ok(count(s, "deals") == n, "outer rollback undoes the inner commit");

	ok(crm_store_begin(s, &err) == 0 && crm_store_begin(s, &err) == 0,
	    "nested begin again");
	upsert(s, "deals", NULL, rec(&r, "external_id=t2", NULL));
	crm_store_rollback(s);
	ok(count(s, "deals") == n, "inner rollback rolls back all");
	ok(upsert(s, "deals", NULL, rec(&r, "external_id=t3", NULL)) ==
	    -CRM_EDB, "no writes until the outer level ends");
	ok(crm_store_commit(s, &err) < 0 && strstr(err.msg, "rolled back"),
	    "outer commit reports the rollback: %s", err.msg);
	ok(crm_store_commit(s, &err) < 0, "commit without a transaction");

	ok(crm_store_begin(s, &err) == 0, "begin");
	upsert(s, "deals", NULL, rec(&r, "external_id=t4", NULL));
	ok(crm_store_commit(s, &err) == 0 && count(s, "deals") == n + 1,
	    "commit keeps it");
	crm_record_release(&r);
	crm_store_close(s);
}

/* A first load into an empty table goes without its indexes (bulk mode). */
static void
test_bulk(void)
{
	struct crm_store *s = crm_store_open(path, CRM_STORE_CREATE, &err);
	struct crm_record r = CRM_RECORD_INIT;
	static const char *const by_email[] = { "email", NULL };
	static const char *const nat[] = { "type+subject+contact+deal+due_at",
	    NULL };
	static const char *const nidx = "(SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'index' AND tbl_name = 'activities') = 2";
	char id[32], mail[64];
	int i, bad = 0;

	ok(count(s, "activities") == 0, "activities empty");
	ok(crm_store_begin(s, &err) == 0, "begin");
	for (i = 0; i < 3000; i++) {
		snprintf(id, sizeof id, "external_id=a%d", i);
		snprintf(mail, sizeof mail, "subject=s%d", i % 1000);
		if (upsert(s, "activities", NULL, rec(&r, id, mail, NULL)) !=
		    CRM_INSERTED)
			bad++;
	}
	ok(bad == 0, "3000 inserted");
	is(rawsel(s, "activities", nidx, "id"), "id", "indexes dropped meanwhile");
	ok(upsert(s, "activities", NULL, rec(&r, "external_id=a17",
	    "subject=s17", NULL)) == CRM_UNCHANGED, "found through the map");
	ok(upsert(s, "activities", NULL, rec(&r, "external_id=a17",
	    "subject=new", NULL)) == CRM_UPDATED, "updated through the map");
	ok(upsert(s, "activities", NULL, rec(&r, "type=call", "subject=x",
	    "contact=c", "deal=d", "due_at=2026-01-01", NULL)) == CRM_INSERTED &&
	    upsert(s, "activities", NULL, rec(&r, "type=call", "subject=x",
	    "contact=c", "deal=d", "due_at=2026-01-01", "owner=o", NULL)) ==
	    CRM_UPDATED, "composite key through the map");
	ok(upsert(s, "activities", nat, rec(&r, "type=call", "subject=x",
	    "contact=c", "deal=d", "due_at=2026-01-01", "external_id=a5",
	    NULL)) == -CRM_EDATA, "a taken external_id: %s", err.msg);
	ok(upsert(s, "activities", nat, rec(&r, "type=call", "subject=x",
	    "contact=c", "deal=d", "due_at=2026-01-01", "external_id=z1",
	    NULL)) == CRM_UPDATED &&
	    upsert(s, "activities", NULL, rec(&r, "external_id=z1",
	    "owner=o", NULL)) == CRM_UNCHANGED, "a new external_id is learnt");
	ok(upsert(s, "activities", NULL, rec(&r, "external_id=a5", "subject=y",
	    NULL)) == CRM_UPDATED, "a5 still found");
	ok(crm_store_commit(s, &err) == 0, "commit: %s", err.msg);
	is(rawsel(s, "activities", "external_id IN ('a17', 'z1') AND " "(SELECT "
	    "count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = "
	    "'activities') = 2", "external_id,subject,owner"),
	    "external_id,subject,owner|a17,new,~|z1,x,o",
	    "indexes are back after commit, rows as written");
	ok(count(s, "activities") == 3001, "3001 activities");

	/* Not empty any more: the SQL way, with the indexes. */
	ok(crm_store_begin(s, &err) == 0 && upsert(s, "activities", NULL,
	    rec(&r, "external_id=a1", "subject=s1", NULL)) == CRM_UNCHANGED &&
	    upsert(s, "activities", NULL, rec(&r, "external_id=a2999",
	    "subject=t", NULL)) == CRM_UPDATED, "second load");
	{
		char w[256];

		snprintf(w, sizeof w, "%s AND id = 1", nidx);
		is(rawsel(s, "activities", w, "id"), "id|1",
		    "a table with rows keeps its indexes");
	}
	ok(crm_store_commit(s, &err) == 0, "commit");

	/* Rolled back: nothing, and the indexes are there. */
	ok(count(s, "orders") == 2 && crm_store_begin(s, &err) == 0, "begin");
	ok(upsert(s, "spend", NULL, rec(&r, "source=a", "period=p",
	    "amount=1", NULL)) == CRM_INSERTED, "spend");
	crm_store_rollback(s);
	ok(count(s, "spend") == 1, "rolled back");

	/* contacts by email and phone keys, with in-file duplicates. */
	crm_store_close(s);
	{
		char p2[160];

		snprintf(p2, sizeof p2, "%s/bulk.db", dir);
		s = crm_store_open(p2, CRM_STORE_CREATE, &err);
	}
	ok(s && crm_store_begin(s, &err) == 0, "a new store");
	{
		int n[4] = { 0, 0, 0, 0 }, rc;
		char ph[64];

		bad = 0;
		for (i = 0; s && i < 2000; i++) {
			snprintf(mail, sizeof mail, "email=User%d@Mail.ru",
			    i % 1500);
			rc = upsert(s, "contacts", by_email, rec(&r, mail,
			    NULL));
			if (rc > 0)
				n[rc]++;
			snprintf(ph, sizeof ph, "phone=+7 (900) 000-%02d-%02d",
			    i % 70, i % 30);
			rc = upsert(s, "contacts", NULL, rec(&r, ph, NULL));
			if (rc > 0)
				n[rc]++;
			else
				bad++;
		}
		ok(bad == 0 && n[CRM_INSERTED] == 1500 + 210 &&
		    n[CRM_UNCHANGED] == 500 + 1790,
		    "in-file duplicates by email and phone: %d %d %d",
		    n[1], n[2], n[3]);
		ok(upsert(s, "contacts", by_email, rec(&r,
		    "email=user7@mail.ru", "city=Омск", NULL)) == CRM_UPDATED,
		    "email key, case-insensitively");
		bad = 0;
		for (i = 0; i < 50; i++) {
			snprintf(ph, sizeof ph, "external_id=k%d", i);
			snprintf(mail, sizeof mail, "inn=77%08d", i);
			if (upsert(s, "companies", NULL, rec(&r, ph, mail,
			    "name=N", NULL)) != CRM_INSERTED)
				bad++;
		}
		ok(!bad && upsert(s, "companies", NULL, rec(&r,
		    "inn=7700000042", "name=N", NULL)) == CRM_UNCHANGED &&
		    upsert(s, "companies", NULL, rec(&r, "inn=7700000043",
		    "city=Тверь", NULL)) == CRM_UPDATED && upsert(s,
		    "companies", NULL, rec(&r, "inn=7700000099", NULL)) ==
		    CRM_INSERTED, "a key first used late finds earlier rows");
	}
	ok(crm_store_commit(s, &err) == 0 && count(s, "contacts") == 1710,
	    "committed");
	is(rawsel(s, "contacts", "coalesce(email_key, email) = 'user7@mail.ru'"
	    " AND email_key IS NULL AND (SELECT count(*)"
	    " FROM sqlite_master WHERE tbl_name = 'contacts' AND type = "
	    "'index') = 1", "email,city"), "email,city|user7@mail.ru,Омск",
	    "the key columns and the index are there (email_key's: the "
	    "first lookup outside a load makes it)");
	{
		struct crm_store_cursor *c = crm_store_select(s, "contacts",
		    NULL, "email", &err);
		struct crm_record *cr;

		ok(c && crm_store_cursor_next(c, &cr, &err) == 1 &&
		    crm_store_begin(s, &err) == 0 && upsert(s, "deals", NULL,
		    rec(&r, "external_id=d1", NULL)) == CRM_INSERTED &&
		    crm_store_cursor_next(c, &cr, &err) == 1 &&
		    crm_store_commit(s, &err) == 0,
		    "upsert into an empty table while a cursor reads: %s",
		    err.msg);
		crm_store_cursor_free(c);
		ok(count(s, "deals") == 1, "the deal is there");
	}
	crm_record_release(&r);
	crm_store_close(s);
}

/* Column col of the first row of sql, or "" (a static buffer). */
static const char *
col(struct crm_store *s, const char *sql, int col)
{
	static char b[512];
	sqlite3_stmt *st;

	b[0] = '\0';
	if (sqlite3_prepare_v2(crm_store_db(s), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		return "ERR";
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, col))
		snprintf(b, sizeof b, "%s", sqlite3_column_text(st, col));
	sqlite3_finalize(st);
	return b;
}

static const char *
one(struct crm_store *s, const char *sql)
{
	return col(s, sql, 0);
}

/*
 * A first load leaves WAL for its transaction and comes back; the index of
 * a key that only lookups use is made by the first lookup that needs it.
 */
static void
test_key_index(void)
{
	static const char *const by_email[] = { "email", NULL };
	static const char *const by_city[] = { "city", NULL };
	static const char plan[] = "EXPLAIN QUERY PLAN"
	    " SELECT id FROM contacts WHERE coalesce(email_key, email) = 'x'";
	struct crm_store *s, *other;
	struct crm_record r;
	char p[512];
	int i, bad = 0;

	crm_record_init(&r);
	snprintf(p, sizeof p, "%s.keyidx", path);
	unlink(p);
	s = crm_store_open(p, CRM_STORE_CREATE, &err);
	ok(crm_store_begin_load(s, crm_entity_find("contacts"), &err) == 0 &&
	    !strcmp(one(s, "PRAGMA journal_mode"), "delete") &&
	    !strcmp(one(s, "PRAGMA synchronous"), "2"),
	    "a load into an empty table runs with a rollback journal, "
	    "synchronous=FULL");
	for (i = 0; i < 100; i++) {
		char id[32], mail[32];

		snprintf(id, sizeof id, "external_id=c%d", i);
		snprintf(mail, sizeof mail, "email=u%d@x.ru", i);
		if (upsert(s, "contacts", NULL, rec(&r, id, mail, NULL)) !=
		    CRM_INSERTED)
			bad++;
	}
	ok(!bad && !strcmp(one(s, "SELECT count(*) FROM sqlite_master WHERE"
	    " name = 'contacts_external_id'"), "0"),
	    "a bulk load: its index is not there yet");
	ok(crm_store_build_indexes(s, &err) == 0 && !strcmp(one(s,
	    "SELECT count(*) FROM sqlite_master WHERE"
	    " name = 'contacts_external_id'"), "1") && upsert(s, "contacts",
	    NULL, rec(&r, "external_id=c5", "email=u5@x.ru", NULL)) ==
	    CRM_UNCHANGED && upsert(s, "contacts", NULL, rec(&r,
	    "external_id=c100", NULL)) == CRM_INSERTED,
	    "built before the commit; later upserts use it");
	ok(crm_store_commit(s, &err) == 0 &&
	    !strcmp(one(s, "PRAGMA journal_mode"), "wal") &&
	    !strcmp(one(s, "PRAGMA synchronous"), "1"),
	    "committed, and back to WAL, synchronous=NORMAL");
	is(one(s, "SELECT group_concat(name) FROM sqlite_master WHERE"
	    " type = 'index' AND tbl_name = 'contacts'"), "contacts_external_id",
	    "no index on email_key yet");
	ok(crm_store_begin_load(s, crm_entity_find("contacts"), &err) == 0 &&
	    !strcmp(one(s, "PRAGMA journal_mode"), "wal"),
	    "a load into a table with rows stays in WAL");
	ok(upsert(s, "contacts", by_email, rec(&r, "email=U7@X.ru",
	    "city=Омск", NULL)) == CRM_UPDATED && upsert(s, "contacts",
	    by_city, rec(&r, "city=Омск", "position=CEO", NULL)) ==
	    CRM_UPDATED && crm_store_commit(s, &err) == 0,
	    "lookups by email and by city: %s", err.msg);
	is(one(s, "SELECT group_concat(name) FROM (SELECT name FROM"
	    " sqlite_master WHERE type = 'index' AND tbl_name = 'contacts'"
	    " ORDER BY name)"), "contacts_city,contacts_email_key,"
	    "contacts_external_id", "their indexes were made");
	ok(strstr(col(s, plan, 3), "INDEX contacts_email_key") != NULL,
	    "and serve the lookup: %s", col(s, plan, 3));
	crm_store_close(s);

	/* With another connection open, the load stays in WAL. */
	s = crm_store_open(p, 0, &err);
	other = crm_store_open(p, CRM_STORE_READONLY, &err);
	ok(count(other, "deals") == 0 && crm_store_begin_load(s,
	    crm_entity_find("deals"), &err) == 0 &&
	    !strcmp(one(s, "PRAGMA journal_mode"), "wal") &&
	    upsert(s, "deals", NULL, rec(&r, "external_id=d1", NULL)) ==
	    CRM_INSERTED && crm_store_commit(s, &err) == 0,
	    "another connection open: the load stays in WAL");
	crm_store_close(other);
	ok(crm_store_begin_load(s, crm_entity_find("orders"), &err) == 0,
	    "load begun");
	crm_store_rollback(s);
	is(one(s, "PRAGMA journal_mode"), "wal", "a rollback goes back to WAL");
	crm_store_close(s);
	crm_record_release(&r);
	unlink(p);
}

/* extra is stored as json_patch('{}', extra) makes it, fast way or not. */
static void
test_extra_insert(void)
{
	static const char *const x[] = {
		"{\"a\":\"1\",\"b\":\"x\\u0041\\n\\/\"}", "{}", "{\"a\":null}",
		"{\"a\":\"1\",\"a\":\"2\"}", "{ \"a\" : \"1\" }",
		"{\"a\":{\"b\":\"1\",\"c\":null}}", "{\"a\":12,\"b\":true}",
		"{\"a\":\"1\",}", "{\"a\":\"\\x\"}", "{\"a\":\"b}", "{\"a\"}",
		NULL
	};
	struct crm_store *s;
	struct crm_record r;
	char p[512], id[32], q[256], want[256];
	int i, rc;

	crm_record_init(&r);
	snprintf(p, sizeof p, "%s.extra", path);
	unlink(p);
	s = crm_store_open(p, CRM_STORE_CREATE, &err);
	for (i = 0; x[i]; i++) {
		snprintf(id, sizeof id, "external_id=x%d", i);
		crm_record_reset(&r);
		crm_record_adds(&r, "external_id", id + 12);
		crm_record_adds(&r, "extra", x[i]);
		rc = 0;
		crm_err_clear(&err);
		if (crm_store_upsert(s, crm_entity_find("contacts"), &r, NULL,
		    &rc, &err) < 0) {
			ok(strstr(err.msg, "malformed JSON") != NULL,
			    "%s: refused as SQLite refuses it", x[i]);
			continue;
		}
		snprintf(q, sizeof q, "SELECT json_patch('{}', '%s')", x[i]);
		snprintf(want, sizeof want, "%s", one(s, q));
		snprintf(q, sizeof q, "SELECT extra FROM contacts WHERE"
		    " external_id = 'x%d'", i);
		is(one(s, q), want, "%s: stored as json_patch makes it", x[i]);
	}
	crm_store_close(s);
	crm_record_release(&r);
	unlink(p);
}

/*
 * The inserts of a first load wait in batches (lib/store.c: batch_add):
 * whatever reads the table sees them, and the ids are in the order of
 * the upserts, whether a row waited or not.
 */
/* Open descriptors of this process. */
static int
nfds(void)
{
	int fd, n = 0;

	for (fd = 0; fd < 1024; fd++)
		n += fcntl(fd, F_GETFD) != -1;
	return n;
}

static void
test_batch(void)
{
	const struct crm_entity *contacts = crm_entity_find("contacts");
	static char big[70000];
	struct crm_store *s;
	struct crm_record r;
	char p[512], id[32], mail[64];
	int i, n = 0, bad = 0, fds = nfds();

	crm_record_init(&r);
	snprintf(p, sizeof p, "%s.batch", path);
	unlink(p);
	s = crm_store_open(p, CRM_STORE_CREATE, &err);
	ok(s && crm_store_begin_load(s, contacts, &err) == 0, "begin a load");
	for (i = 0; i < 70; i++) {
		snprintf(id, sizeof id, "external_id=b%d", ++n);
		snprintf(mail, sizeof mail, "email=b%d@mail.ru", n);
		if (upsert(s, "contacts", NULL, rec(&r, id, mail, NULL)) !=
		    CRM_INSERTED)
			bad++;
	}
	ok(!bad, "70 inserted");
	is(one(s, "SELECT count(*) FROM contacts"), "70",
	    "SQL through the connection sees the rows waiting");
	for (i = 0; i < 6; i++) {
		snprintf(id, sizeof id, "external_id=b%d", ++n);
		if (upsert(s, "contacts", NULL, rec(&r, id, NULL)) !=
		    CRM_INSERTED)
			bad++;
	}
	ok(!bad && upsert(s, "contacts", NULL, rec(&r, "external_id=b74",
	    "city=Омск", NULL)) == CRM_UPDATED && upsert(s, "contacts", NULL,
	    rec(&r, "external_id=b74", "city=Омск", NULL)) == CRM_UNCHANGED,
	    "a waiting row is found by its key and updated");
	ok(upsert(s, "contacts", NULL, rec(&r, "external_id=b77",
	    "extra={\"a\":{\"b\":\"1\"}}", NULL)) == CRM_INSERTED,
	    "a row with a nested extra, out of the batch");
	n++;
	memset(big, 'x', sizeof big - 1);
	crm_record_reset(&r);
	crm_record_adds(&r, "external_id", "b78");
	crm_record_adds(&r, "city", big);
	ok(crm_store_upsert(s, contacts, &r, NULL, &i, &err) == 0 &&
	    i == CRM_INSERTED, "a row too big to wait");
	n++;
	for (i = 0; i < 40; i++) {
		snprintf(id, sizeof id, "external_id=b%d", ++n);
		snprintf(mail, sizeof mail, "email=B%d@Mail.ru", n % 7);
		if (upsert(s, "contacts", NULL, rec(&r, id, mail, NULL)) !=
		    CRM_INSERTED)
			bad++;
	}
	ok(!bad && upsert(s, "contacts", (const char *const[]){ "email",
	    NULL }, rec(&r, "email=b3@mail.ru", "city=Тверь", NULL)) ==
	    CRM_UPDATED, "a key first used now sees the waiting rows");
	ok(count(s, "contacts") == n, "a select sees every row: %d", n);
	is(one(s, "SELECT count(*) FROM contacts"
	    " WHERE id <> CAST(substr(external_id, 2) AS INTEGER)"), "0",
	    "the ids follow the upserts");
	is(one(s, "SELECT extra FROM contacts WHERE external_id = 'b77'"),
	    "{\"a\":{\"b\":\"1\"}}",
	    "the nested extra as stored one by one");
	is(one(s, "SELECT length(city) FROM contacts WHERE id = 78"), "69999",
	    "the big row");
	ok(crm_store_commit(s, &err) == 0, "commit: %s", err.msg);
	is(one(s, "SELECT count(*) || ' ' || max(id) FROM contacts"), "118 118",
	    "committed");

	/* deals has a CHECK: each insert is stepped at its own upsert. */
	ok(crm_store_begin_load(s, crm_entity_find("deals"), &err) == 0,
	    "begin a load of deals");
	for (i = 0, bad = 0; i < 40; i++) {
		snprintf(id, sizeof id, "external_id=d%d", i);
		if (upsert(s, "deals", NULL, rec(&r, id, "status=open",
		    NULL)) != CRM_INSERTED)
			bad++;
	}
	ok(!bad && upsert(s, "deals", NULL, rec(&r, "external_id=d40",
	    "status=maybe", NULL)) == -CRM_EDATA,
	    "a row the CHECK refuses is refused at its upsert: %s", err.msg);
	ok(crm_store_commit(s, &err) == 0 && count(s, "deals") == 40,
	    "the other 40 committed");
	crm_store_close(s);
	ok(nfds() == fds, "every descriptor closed: %d, was %d", nfds(), fds);
	crm_record_release(&r);
	unlink(p);
}

static void
test_runs(void)
{
	struct crm_store *s = crm_store_open(path, CRM_STORE_CREATE, &err);
	struct crm_run_counts c = { 3, 1, 0, 0, 2 };
	long long id = 0, id2 = 0;
	static const char raw[] = "\xcf\xf0\xe8\xe2\xe5\xf2;x\n";	/* CP1251 */
	struct crm_store_cursor *cur;
	struct crm_record *r;
	const struct crm_field *f;

	ok(crm_store_run_find(s, "contacts", "abc", &err) == 0,
	    "no run yet");
	ok(crm_store_run_begin(s, "crm-import", "contacts", "a.csv", "abc",
	    &id, &err) == 0 && id > 0, "run begun");
	ok(crm_store_run_find(s, "contacts", "abc", &err) == 0,
	    "an unfinished run is not found");
	ok(crm_store_reject(s, id, 17, raw, sizeof raw - 1, "bad phone; "
	    "bad email", &err) == 0, "a reject with raw CP1251 bytes");
	ok(crm_store_reject(s, id, 18, "a;b", 3, "no key", &err) == 0,
	    "a UTF-8 reject");
	ok(crm_store_reject(s, 999, 18, "a;b", 3, "no key", &err) < 0 &&
	    err.code == CRM_EDATA, "a reject needs its run: %s", err.msg);
	ok(crm_store_run_end(s, id, &c, &err) == 0, "run ended");
	ok(crm_store_run_find(s, "contacts", "abc", &err) == id,
	    "the finished run is found by sha256");
	ok(crm_store_run_find(s, "companies", "abc", &err) == 0,
	    "not for another entity");
	ok(crm_store_run_begin(s, NULL, "contacts", "-", NULL, &id2, &err) == 0
	    && crm_store_run_end(s, id2, &c, &err) == 0, "a run from stdin");
	ok(crm_store_run_end(s, 12345, &c, &err) < 0, "no such run");
	is(sel(s, "import_runs", "id = 1", "tool,entity,file,sha256,read,"
	    "inserted,updated,unchanged,rejected"), "tool,entity,file,sha256,"
	    "read,inserted,updated,unchanged,rejected|crm-import,contacts,a.csv,"
	    "abc,3,1,0,0,2", "run counts");
	cur = crm_store_select(s, "rejects", "line = 17", "run,line,raw,reasons",
	    &err);
	ok(cur && crm_store_cursor_next(cur, &r, &err) == 1, "reject read");
	f = cur ? crm_record_get(r, "raw") : NULL;
	ok(f && f->len == sizeof raw - 1 && !memcmp(f->value, raw, f->len),
	    "raw bytes kept exactly");
	is(cur ? crm_record_value(r, "reasons") : NULL, "bad phone; bad email",
	    "reasons");
	crm_store_cursor_free(cur);
	crm_store_close(s);
}

/* A store its user cannot write: CRM_EDB with the path. */
static int
readonly_check(const char *p)
{
	struct crm_store *s = crm_store_open(p, CRM_STORE_CREATE, &err);

	if (s) {
		crm_store_close(s);
		return 1;
	}
	return !(err.code == CRM_EDB && strstr(err.file, "ro.db") &&
	    strstr(err.msg, "readonly"));
}

static void
test_errors(void)
{
	struct crm_store *s, *s2;
	char p[160];
	pid_t pid;
	int st = 1;

	snprintf(p, sizeof p, "%s/ro.db", dir);
	s = crm_store_open(p, CRM_STORE_CREATE, &err);
	crm_store_close(s);
	chmod(p, 0444);
	if (geteuid() == 0) {
		/* root writes anything: check as nobody. */
		chmod(dir, 0755);
		if ((pid = fork()) == 0) {
			if (setgid(65534) < 0 || setuid(65534) < 0)
				_exit(2);
			_exit(readonly_check(p));
		}
		waitpid(pid, &st, 0);
		chmod(dir, 0700);
		ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		    "read-only file: a database error naming it (as nobody)");
	} else {
		ok(readonly_check(p) == 0, "read-only file: %s: %s", err.file,
		    err.msg);
	}
	s = crm_store_open(p, CRM_STORE_READONLY, &err);
	ok(s && count(s, "contacts") == 0, "read-only file, read-only open");
	crm_store_close(s);

	/* A second connection holds the write lock. */
	setenv("CRM_BUSY_TIMEOUT", "50", 1);
	s = crm_store_open(path, CRM_STORE_CREATE, &err);
	s2 = crm_store_open(path, CRM_STORE_CREATE, &err);
	ok(s && s2 && crm_store_begin(s2, &err) == 0, "lock held");
	ok(crm_store_begin(s, &err) < 0 && err.code == CRM_EDB &&
	    strstr(err.msg, "locked") && strstr(err.file, "store.db"),
	    "locked store: %s: %s", err.file, err.msg);
	ok(crm_store_commit(s2, &err) == 0, "lock released");
	ok(crm_store_begin(s, &err) == 0 && crm_store_commit(s, &err) == 0,
	    "then it works");
	crm_store_close(s2);
	crm_store_close(s);
	unsetenv("CRM_BUSY_TIMEOUT");
}

/* A scratch path, and a store removed with its side files. */
static void
test_scratch(void)
{
	static const char *const side[] = { "", "-wal", "-shm", "-journal" };
	char p[256], q[300], *old = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
	struct crm_store *s;
	size_t i;
	int left = 0, fd;

	setenv("TMPDIR", dir, 1);
	ok(crm_store_scratch_path(p, sizeof p, &err) == 0 &&
	    !strncmp(p, dir, strlen(dir)) && access(p, F_OK) != 0,
	    "scratch path in $TMPDIR, nothing there yet");
	ok(crm_store_scratch_path(q, 8, &err) == -1 && err.code == CRM_EIO &&
	    strstr(err.msg, "cannot create a scratch store"),
	    "scratch path too long for its buffer: an error");
	s = crm_store_open(p, CRM_STORE_CREATE, &err);
	ok(s != NULL, "a store at the scratch path");
	crm_store_close(s);
	for (i = 1; i < 4; i++) {
		snprintf(q, sizeof q, "%s%s", p, side[i]);
		if ((fd = open(q, O_WRONLY | O_CREAT, 0600)) >= 0)
			close(fd);
	}
	crm_store_remove(p);
	for (i = 0; i < 4; i++) {
		snprintf(q, sizeof q, "%s%s", p, side[i]);
		left += access(q, F_OK) == 0;
	}
	ok(left == 0, "crm_store_remove: the file and its side files gone");
	crm_store_remove(p);
	ok(access(p, F_OK) != 0, "crm_store_remove again: nothing to do, no harm");
	if (old) {
		setenv("TMPDIR", old, 1);
		free(old);
	} else
		unsetenv("TMPDIR");
}

int
main(void)
{
	char cmd[128];

	snprintf(dir, sizeof dir, "%s/store_test.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/store.db", dir);
	test_open();
	test_upsert();
	test_extra();
	test_where();
	test_txn();
	test_bulk();
	test_key_index();
	test_extra_insert();
	test_batch();
	test_runs();
	test_errors();
	test_scratch();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return done_testing();
}
