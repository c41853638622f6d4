/*
 * fuzz_csvio: libFuzzer target for the reader (sniffing, decoding, CSV)
 * and the writers.  Built and run by `make fuzz` (clang).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
run(const uint8_t *data, size_t size, int format, int outfmt)
{
	struct crm_reader_opts o = CRM_READER_OPTS_INIT;
	struct crm_err err = CRM_ERR_INIT;
	struct crm_reader *r;
	struct crm_writer *w;
	struct crm_record *rec;
	char *out = NULL;
	size_t outlen = 0, rawlen, n = 0;
	FILE *fp, *ofp;
	int st;

	if (!(fp = fmemopen((void *)data, size, "r")))
		return;
	o.format = format;
	if ((r = crm_reader_fopen(fp, "fuzz", &o, &err)) != NULL) {
		ofp = open_memstream(&out, &outlen);
		w = crm_writer_open(ofp, outfmt, outfmt == CRM_FMT_CSV ?
		    CRM_W_EXCEL : 0);
		crm_reader_header(r, &n);
		while ((st = crm_reader_next(r, &rec, &err)) != 0 && st != -1) {
			crm_reader_raw(r, &rawlen);
			if (st == 1)
				crm_writer_write(w, rec, &err);
		}
		crm_writer_close(w, &err);
		fclose(ofp);
		free(out);
		crm_reader_free(r);
	}
	fclose(fp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size, CRM_FMT_AUTO, CRM_FMT_TABLE);
	run(data, size, CRM_FMT_CSV, CRM_FMT_CSV);
	return 0;
}
