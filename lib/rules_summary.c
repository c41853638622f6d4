/*
 * rules_summary: the summary of a validation run (crm-validate --summary),
 * JSON or a plain-text table.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jsonio.h"
#include "rules_int.h"
#include "utf8.h"

static double
pct(long long part, long long whole)
{
	if (whole <= 0)
		return 0.0;
	return floor(1000.0 * (double)part / (double)whole + 0.5) / 10.0;
}

static const char *
delim_name(int d)
{
	switch (d) {
	case ',': return ",";
	case ';': return ";";
	case '\t': return "tab";
	case '|': return "|";
	default: return "";
	}
}

void
crm_validator_summary_json(const struct crm_validator *v, double seconds,
    int strict, struct crm_buf *out)
{
	const struct crm_validate_stats *st = &v->st;
	struct crm_json *root, *inputs, *stats, *bycode, *byfield;
	size_t i, k;
	int valid = strict ? st->errors + st->warnings == 0 : st->errors == 0;

	if (v->o.fix != CRM_FIX_NONE)
		valid = st->unfixed_errors == 0 && (!strict || st->warnings == 0);
	root = crm_json_new_object();
	crm_json_set_str(root, "tool", "crm-validate " CRM_VERSION);
	crm_json_set_str(root, "entity", v->e->name);
	crm_json_set_str(root, "rules", v->R->name);
	crm_json_set_bool(root, "valid", valid);
	crm_json_set_bool(root, "strict", strict);
	inputs = crm_json_new_array();
	for (i = 0; i < v->ninputs; i++) {
		const struct vinput *in = &v->inputs[i];
		struct crm_json *o = crm_json_new_object();

		crm_json_set_str(o, "file", in->file);
		if (in->has_info) {
			const struct crm_input_info *f = &in->info;

			crm_json_set_str(o, "format",
			    f->format == CRM_FMT_JSON ? "json" : "csv");
			crm_json_set_str(o, "encoding", f->encoding);
			if (f->encoding_how)
				crm_json_set_str(o, "encodingFoundBy",
				    f->encoding_how);
			crm_json_set_bool(o, "bom", f->bom);
			if (f->format != CRM_FMT_JSON) {
				crm_json_set_str(o, "delimiter",
				    delim_name(f->delimiter));
				if (f->delimiter_how)
					crm_json_set_str(o, "delimiterFoundBy",
					    f->delimiter_how);
			}
			if (f->line_ending)
				crm_json_set_str(o, "lineEnding",
				    f->line_ending);
			crm_json_set_int(o, "bytes", f->bytes);
		}
		crm_json_set_int(o, "records", in->records);
		crm_json_append(inputs, o);
	}
	crm_json_set(root, "inputs", inputs);
	stats = crm_json_new_object();
	crm_json_set_int(stats, "records", st->records);
	crm_json_set_int(stats, "cleanRecords", st->clean);
	crm_json_set_real(stats, "cleanPercent", pct(st->clean, st->records));
	crm_json_set_int(stats, "recordsWithErrors", st->with_errors);
	crm_json_set_int(stats, "recordsWithWarningsOnly", st->with_warnings);
	crm_json_set_int(stats, "errors", st->errors);
	crm_json_set_int(stats, "warnings", st->warnings);
	crm_json_set_int(stats, "fileErrors", st->header_errors);
	if (v->o.fix != CRM_FIX_NONE) {
		crm_json_set_int(stats, "fixed", st->fixed);
		crm_json_set_int(stats, "changes", st->changes);
		crm_json_set_int(stats, "unfixedErrors", st->unfixed_errors);
	}
	crm_json_set_real(stats, "seconds",
	    floor(seconds * 1000.0 + 0.5) / 1000.0);
	crm_json_set(root, "stats", stats);
	bycode = crm_json_new_object();
	for (i = 0; i < v->ncodes; i++) {
		const struct codestat *cs = &v->codes[i];
		struct crm_json *o = crm_json_new_object();
		struct crm_json *sm = crm_json_new_array();

		crm_json_set_int(o, "count", cs->count);
		crm_json_set_str(o, "severity", crm_severity_name(cs->sev));
		if (cs->nerr && cs->nwarn) {
			crm_json_set_int(o, "errors", cs->nerr);
			crm_json_set_int(o, "warnings", cs->nwarn);
		}
		for (k = 0; k < cs->samples.n; k++) {
			struct crm_json *s = crm_json_new_object();

			crm_json_set_int(s, "line", cs->lines[k]);
			crm_json_set_str(s, "value", cs->samples.v[k]);
			crm_json_append(sm, s);
		}
		crm_json_set(o, "samples", sm);
		crm_json_set(bycode, cs->code, o);
	}
	crm_json_set(root, "byCode", bycode);
	byfield = crm_json_new_object();
	for (i = 0; i < v->e->nfields; i++) {
		const struct fstat *fs = &v->fs[i];
		struct crm_json *o = crm_json_new_object();

		crm_json_set_bool(o, "column", fs->withcol > 0);
		crm_json_set_int(o, "present", fs->present);
		crm_json_set_int(o, "valid", fs->valid);
		crm_json_set_real(o, "completeness",
		    pct(fs->present, st->records));
		crm_json_set_real(o, "validity",
		    fs->present ? pct(fs->valid, fs->present) : 100.0);
		crm_json_set_int(o, "errors", fs->errors);
		crm_json_set_int(o, "warnings", fs->warnings);
		crm_json_set(byfield, v->e->fields[i].name, o);
	}
	crm_json_set(root, "byField", byfield);
	if (crm_json_dump(root, out) == 0)
		crm_buf_addc(out, '\n');
	crm_json_free(root);
}

/* Pad s (UTF-8) to width columns. */
static void
pad(struct crm_buf *out, const char *s, size_t width, int right)
{
	size_t w = crm_utf8_width(s, strlen(s));

	if (right)
		for (; w < width; w++)
			crm_buf_addc(out, ' ');
	crm_buf_adds(out, s);
	if (!right)
		for (; w < width; w++)
			crm_buf_addc(out, ' ');
}

static int
code_order(const void *a, const void *b)
{
	const struct codestat *x = *(const struct codestat *const *)a;
	const struct codestat *y = *(const struct codestat *const *)b;

	if (x->sev != y->sev)
		return y->sev - x->sev;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->code, y->code);
}

void
crm_validator_summary_text(const struct crm_validator *v, double seconds,
    int strict, struct crm_buf *out)
{
	const struct crm_validate_stats *st = &v->st;
	const struct codestat **cs;
	char num[64];
	size_t i, k, wf = 5;
	long long bad = strict ? st->errors + st->warnings : st->errors;

	if (v->o.fix != CRM_FIX_NONE)
		bad = st->unfixed_errors + (strict ? st->warnings : 0);
	crm_buf_addf(out, "%s: %lld record%s checked against %s in %.2fs: %s\n",
	    v->e->name, st->records, st->records == 1 ? "" : "s", v->R->name,
	    seconds, bad ? "NOT VALID" : "valid");
	for (i = 0; i < v->ninputs; i++) {
		const struct vinput *in = &v->inputs[i];

		crm_buf_addf(out, "  input %s: %lld records", in->file, in->records);
		if (in->has_info) {
			crm_buf_addf(out, ", %s, %s", in->info.format == CRM_FMT_JSON ?
			    "JSON" : "CSV", in->info.encoding);
			if (in->info.bom)
				crm_buf_adds(out, " with BOM");
			if (in->info.format != CRM_FMT_JSON)
				crm_buf_addf(out, ", delimiter '%s'",
				    delim_name(in->info.delimiter));
			if (in->info.line_ending)
				crm_buf_addf(out, ", %s", in->info.line_ending);
		}
		crm_buf_addc(out, '\n');
	}
	crm_buf_adds(out, "\n  records\n");
	crm_buf_addf(out, "    clean                 %10lld  %5.1f%%\n", st->clean,
	    pct(st->clean, st->records));
	crm_buf_addf(out, "    with errors           %10lld  %5.1f%%\n",
	    st->with_errors, pct(st->with_errors, st->records));
	crm_buf_addf(out, "    with warnings only    %10lld  %5.1f%%\n",
	    st->with_warnings, pct(st->with_warnings, st->records));
	crm_buf_addf(out, "    violations            %10lld  (%lld errors, %lld warnings)\n",
	    st->errors + st->warnings, st->errors, st->warnings);
	if (v->o.fix != CRM_FIX_NONE)
		crm_buf_addf(out, "    values changed        %10lld  (%lld violations "
		    "fixed, %lld errors left)\n", st->changes, st->fixed,
		    st->unfixed_errors);
	if (v->ncodes) {
		cs = xreallocarray(NULL, v->ncodes, sizeof *cs);
		for (i = 0; i < v->ncodes; i++)
			cs[i] = &v->codes[i];
		qsort(cs, v->ncodes, sizeof *cs, code_order);
		crm_buf_adds(out, "\n  by code               severity       count  sample values\n");
		for (i = 0; i < v->ncodes; i++) {
			crm_buf_adds(out, "    ");
			pad(out, cs[i]->code, 20, 0);
			crm_buf_adds(out, " ");
			pad(out, cs[i]->nerr && cs[i]->nwarn ? "both" :
			    crm_severity_name(cs[i]->sev), 8, 0);
			snprintf(num, sizeof num, "%lld", cs[i]->count);
			pad(out, num, 10, 1);
			crm_buf_adds(out, "  ");
			for (k = 0; k < cs[i]->samples.n; k++) {
				const char *s = cs[i]->samples.v[k];
				size_t len = strlen(s);

				crm_buf_addf(out, "%s\"", k ? ", " : "");
				if (utf8_chars(s, len) > 24) {
					size_t b = 0, ch = 0;

					while (b < len && ch < 21)
						ch += ((unsigned char)s[++b] & 0xc0) != 0x80;
					crm_buf_add(out, s, b);
					crm_buf_adds(out, "...");
				} else
					crm_buf_adds(out, s);
				crm_buf_addf(out, "\" (line %ld)", cs[i]->lines[k]);
			}
			crm_buf_addc(out, '\n');
		}
		free(cs);
	}
	for (i = 0; i < v->e->nfields; i++)
		if (strlen(v->e->fields[i].name) > wf)
			wf = strlen(v->e->fields[i].name);
	crm_buf_adds(out, "\n  by field    ");
	pad(out, "", wf > 10 ? wf - 10 : 0, 0);
	crm_buf_adds(out, "complete    valid   errors  warnings\n");
	for (i = 0; i < v->e->nfields; i++) {
		const struct fstat *fs = &v->fs[i];

		crm_buf_adds(out, "    ");
		pad(out, v->e->fields[i].name, wf, 0);
		if (!fs->withcol) {
			crm_buf_adds(out, "   (no column)\n");
			continue;
		}
		crm_buf_addf(out, "  %6.1f%%  %6.1f%%  %7lld  %8lld\n",
		    pct(fs->present, st->records),
		    fs->present ? pct(fs->valid, fs->present) : 100.0,
		    fs->errors, fs->warnings);
	}
}
