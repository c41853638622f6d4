/*
 * fuzz_jsonio: libFuzzer target for JSON reading.  A record of
 * crm_json_parse_text must be Jansson's (crm_json_decode_object), what
 * crm_json_encode_object writes must read back the same, and the reader
 * must take any bytes as JSON.  fuzz_json_diff is the full differential.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "json_diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crm_record a = CRM_RECORD_INIT, b = CRM_RECORD_INIT;
	struct crm_reader_opts o = CRM_READER_OPTS_INIT;
	struct crm_err err = CRM_ERR_INIT;
	struct crm_buf enc = CRM_BUF_INIT;
	struct crm_reader *r;
	struct crm_record *rec;
	const char *s = (const char *)data;
	FILE *fp;
	int st, dec;

	st = crm_json_parse_text(s, size, &a, &err);
	dec = crm_json_decode_object(s, size, &b, &err);
	if ((st == 1) != (dec == 0) || (st == 1 && !jd_same(&a, &b)))
		abort();	/* the reader and Jansson disagree */
	if (st == 1) {
		crm_json_encode_object(&a, &enc);
		crm_record_reset(&b);
		if (crm_json_decode_object(enc.buf, enc.len, &b, &err) != 0)
			abort();	/* what we write must read back */
	}
	crm_buf_release(&enc);
	crm_record_release(&a);
	crm_record_release(&b);

	if ((fp = fmemopen((void *)data, size, "r")) != NULL) {
		o.format = CRM_FMT_JSON;
		if ((r = crm_reader_fopen(fp, "fuzz", &o, &err)) != NULL) {
			while ((st = crm_reader_next(r, &rec, &err)) != 0 &&
			    st != -1)
				;
			crm_reader_free(r);
		}
		fclose(fp);
	}
	return 0;
}
