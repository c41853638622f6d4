/*
 * fuzz_norm: libFuzzer target for lib/norm*.c and lib/utf8.c (make fuzz).
 * Calls every normaliser on the input and checks the promises the headers
 * make: output is valid UTF-8 when the input is, nothing is added on
 * failure, and crm_norm_text is idempotent.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "norm.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

typedef int (*normfn)(const char *, size_t, struct crm_buf *, const char **);

static void
one(normfn f, const char *s, size_t n, int valid)
{
	struct crm_buf b = CRM_BUF_INIT;
	const char *why = NULL;

	crm_buf_adds(&b, "x");
	if (f(s, n, &b, &why) < 0) {
		CHECK(b.len == 1 && why && *why);
	} else if (valid) {
		CHECK(crm_utf8_valid(b.buf, b.len) == b.len);
	}
	crm_buf_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct crm_buf a = CRM_BUF_INIT, b = CRM_BUF_INIT, c = CRM_BUF_INIT;
	struct crm_phone p;
	const char *why = NULL, *lf;
	int valid = crm_utf8_valid(s, size) == size;
	long days, cp;
	char iso[11], enc[4];
	size_t i;
	int len;

	if (crm_norm_text(s, size, &a, &why) == 0) {
		CHECK(!valid || crm_utf8_valid(a.buf, a.len) == a.len);
		CHECK(crm_norm_text(a.buf, a.len, &b, &why) == 0);
		CHECK(a.len == b.len && !memcmp(a.buf, b.buf, a.len));
	} else
		CHECK(!valid && a.len == 0);
	crm_buf_reset(&a);
	crm_buf_reset(&b);
	(void)crm_norm_is_missing(s, size);
	if (crm_norm_phone(s, size, "7", &p, &why) == 0) {
		CHECK(p.e164[0] == '+' && strlen(p.e164) <= 16);
		CHECK(strlen(p.ext) < sizeof p.ext);
	} else
		CHECK(!p.e164[0] && !p.display[0] && !p.ext[0]);
	(void)crm_norm_phone(s, size, "375", &p, &why);
	one(crm_norm_email, s, size, valid);
	one(crm_norm_name, s, size, valid);
	one(crm_norm_date, s, size, valid);
	one(crm_norm_amount, s, size, valid);
	one(crm_norm_inn, s, size, valid);
	one(crm_norm_ogrn, s, size, valid);
	one(crm_norm_ogrnip, s, size, valid);
	one(crm_norm_kpp, s, size, valid);
	one(crm_norm_postal, s, size, valid);
	if (crm_norm_fio(s, size, &a, &b, &c, &why) == 0 && valid)
		CHECK(crm_utf8_valid(a.buf, a.len) == a.len &&
		    crm_utf8_valid(b.buf, b.len) == b.len &&
		    crm_utf8_valid(c.buf, c.len) == c.len);
	crm_buf_reset(&a);
	crm_buf_reset(&b);
	if (crm_norm_company(s, size, &a, &b, &why) == 0) {
		CHECK(a.len > 0);
		CHECK(!valid || crm_utf8_valid(a.buf, a.len) == a.len);
	} else
		CHECK(a.len == 0 && b.len == 0);
	lf = crm_norm_legal_form(s, size);
	CHECK(!lf || *lf);
	crm_buf_reset(&a);
	crm_norm_label(s, size, &a);
	crm_buf_reset(&a);
	if (crm_norm_date(s, size, &a, &why) == 0) {
		CHECK(crm_date_days(a.buf, &days) == 0);
		crm_date_from_days(days, iso);
		CHECK(!memcmp(iso, a.buf, 10));
	}
	crm_buf_reset(&a);
	crm_buf_add(&a, s, size);	/* crm_date_days takes a C string */
	(void)crm_date_days(a.buf, &days);
	/* utf8 */
	crm_buf_reset(&a);
	if (crm_utf8_nfc(s, size, &a) == 0)
		CHECK(valid);
	crm_buf_reset(&a);
	(void)crm_utf8_casefold(s, size, &a);
	crm_buf_reset(&a);
	(void)crm_utf8_upper(s, size, &a);
	(void)crm_utf8_lower(s, size, &a);
	(void)crm_utf8_width(s, size);
	for (i = 0; i < size; i += (size_t)(len > 0 ? len : 1)) {
		len = crm_utf8_decode(s + i, size - i, &cp);
		if (len > 0)
			CHECK(crm_utf8_encode(cp, enc) == len &&
			    !memcmp(enc, s + i, (size_t)len));
	}
	crm_buf_release(&a);
	crm_buf_release(&b);
	crm_buf_release(&c);
	return 0;
}
