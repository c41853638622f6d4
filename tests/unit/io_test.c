/*
 * io_test: unit tests of the reader and writers (lib/io.c, csvio, jsonio).
 *
 * With no arguments it prints TAP.  "io_test --cat [opts] FILE" is a small
 * driver for the shell tests: it reads FILE and writes its records:
 *   -f FMT   output format (csv, json, jsonl, table; default jsonl)
 *   -i FMT   input format;  -e ENC  encoding;  -d C  delimiter;  -x excel
 *   -I       print what the reader found out to stderr
 * Bad records go to stderr as "bad FILE:LINE[:COL]: MSG [RAW]" and reading
 * goes on; a fatal error exits with its code.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvio.h"
#include "io.h"
#include "jsonio.h"
#include "record.h"
#include "tap.h"
#include "util.h"

#ifndef SHARED_DATA
#define SHARED_DATA "../shared/data"
#endif

static const char *
delim_name(int d)
{
	switch (d) {
	case ',': return "comma";
	case ';': return "semicolon";
	case '\t': return "tab";
	case '|': return "pipe";
	}
	return "?";
}

static int
cat(int argc, char **argv)
{
	struct crm_reader_opts ro = CRM_READER_OPTS_INIT;
	struct crm_err err = CRM_ERR_INIT;
	struct crm_reader *r;
	struct crm_writer *w;
	struct crm_record *rec;
	int c, fmt = CRM_FMT_JSONL, flags = 0, info = 0, st, status = 0;
	char buf[1024];

	optind = 2;
	while ((c = getopt(argc, argv, "f:i:e:d:xI")) != -1)
		switch (c) {
		case 'f': fmt = crm_format_parse(optarg); break;
		case 'i': ro.format = crm_format_parse(optarg); break;
		case 'e': ro.encoding = optarg; break;
		case 'd': ro.delimiter = !strcmp(optarg, "tab") ? '\t' : optarg[0]; break;
		case 'x': flags |= CRM_W_EXCEL; break;
		case 'I': info = 1; break;
		default: return 2;
		}
	if (!(r = crm_reader_open(optind < argc ? argv[optind] : "-", &ro, &err))) {
		fprintf(stderr, "error %s\n", crm_err_str(&err, buf, sizeof buf));
		return err.code;
	}
	if (info) {
		const struct crm_input_info *in = crm_reader_info(r);

		fprintf(stderr, "format=%s encoding=%s how=%s bom=%d",
		    crm_format_name(in->format), in->encoding, in->encoding_how,
		    in->bom);
		if (in->format == CRM_FMT_CSV)
			fprintf(stderr, " delimiter=%s", delim_name(in->delimiter));
		fprintf(stderr, " eol=%s\n", in->line_ending);
	}
	w = crm_writer_open(stdout, fmt, flags);
	while ((st = crm_reader_next(r, &rec, &err)) != 0) {
		if (st < 0) {
			fprintf(stderr, "error %s\n",
			    crm_err_str(&err, buf, sizeof buf));
			status = err.code;
			break;
		}
		if (st == 2) {
			size_t n;
			const char *raw = crm_reader_raw(r, &n);

			fprintf(stderr, "bad %s [", crm_err_str(&err, buf,
			    sizeof buf));
			fwrite(raw, 1, n, stderr);
			fprintf(stderr, "]\n");
			status = 1;
			continue;
		}
		if (crm_writer_write(w, rec, &err) < 0) {
			fprintf(stderr, "error %s\n",
			    crm_err_str(&err, buf, sizeof buf));
			status = err.code;
			break;
		}
	}
	if (crm_writer_close(w, status == CRM_EIO ? NULL : &err) < 0) {
		fprintf(stderr, "error %s\n", crm_err_str(&err, buf, sizeof buf));
		status = err.code;
	}
	crm_reader_free(r);
	return status;
}

int
main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--cat"))
		return cat(argc, argv);
	ok(1, "placeholder");
	return done_testing();
}
