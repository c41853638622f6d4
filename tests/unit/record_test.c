/* record and util: the arena, field order, missing vs empty, crm_buf. */
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "tap.h"
#include "util.h"

int
main(void)
{
	struct crm_record r = CRM_RECORD_INIT, c = CRM_RECORD_INIT;
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_err err = CRM_ERR_INIT;
	char big[10000], msg[600];
	const char *p0;
	int i;

	crm_record_adds(&r, "email", "a@b.ru");
	crm_record_adds(&r, "phone", NULL);
	crm_record_adds(&r, "city", "");
	ok(r.n == 3, "three fields");
	is(crm_record_value(&r, "email"), "a@b.ru", "value by name");
	ok(crm_record_get(&r, "phone") && !crm_record_value(&r, "phone"),
	    "a missing value is NULL but the field is there");
	ok(crm_record_value(&r, "city") && !*crm_record_value(&r, "city"),
	    "an empty value is empty, not missing");
	ok(!crm_record_get(&r, "nope"), "absent field");
	p0 = crm_record_value(&r, "email");
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	for (i = 0; i < 50; i++)
		crm_record_adds(&r, "note", big);
	is(p0, "a@b.ru", "values stay where they are as the arena grows");
	crm_record_sets(&r, "email", "c@d.ru");
	is(crm_record_value(&r, "email"), "c@d.ru", "set replaces");
	ok(crm_record_index(&r, "email") == 0, "set keeps the position");
	crm_record_sets(&r, "new", "v");
	ok(crm_record_index(&r, "new") == (long)r.n - 1, "set appends a new field");
	ok(crm_record_remove(&r, "phone") && !crm_record_get(&r, "phone"), "remove");
	r.line = 7;
	crm_record_copy(&c, &r);
	ok(c.n == r.n && c.line == 7 && !strcmp(crm_record_value(&c, "email"), "c@d.ru"),
	    "copy");
	crm_record_reset(&r);
	ok(r.n == 0 && r.line == 0, "reset empties");
	crm_record_adds(&r, "a", "b");
	is(crm_record_value(&r, "a"), "b", "usable after reset");
	is(crm_record_value(&c, "email"), "c@d.ru", "the copy owns its values");
	crm_record_release(&r);
	crm_record_release(&c);

	crm_buf_adds(&b, "abc");
	crm_buf_addf(&b, "%d-%s", 42, "x");
	crm_buf_addc(&b, '!');
	is(b.buf, "abc42-x!", "crm_buf add, addf, addc");
	crm_buf_setlen(&b, 3);
	is(b.buf, "abc", "setlen truncates");
	crm_buf_reset(&b);
	ok(b.len == 0 && b.buf[0] == '\0', "reset");
	crm_buf_release(&b);
	ok(b.buf[0] == '\0' && b.cap == 0, "release leaves an empty buffer");

	ok(crm_err_set(&err, CRM_EDATA, "-", 17, 0, "unterminated %s", "quote") == -1,
	    "crm_err_set returns -1");
	is(crm_err_str(&err, msg, sizeof msg), "<stdin>:17: unterminated quote",
	    "file:line: message, stdin named");
	crm_err_set(&err, CRM_EDATA, "x.csv", 3, 9, "bad");
	is(crm_err_str(&err, msg, sizeof msg), "x.csv:3:9: bad", "with a column");
	return done_testing();
}
