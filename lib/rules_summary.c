/*
 * rules_summary: the summary of a validation run (crm-validate --summary),
 * JSON or a plain-text table.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
	json_t *root, *inputs, *stats, *bycode, *byfield;
	char *text;
	size_t i, k;
	int valid = strict ? st->errors + st->warnings == 0 : st->errors == 0;

	if (v->o.fix != CRM_FIX_NONE)
		valid = st->unfixed_errors == 0 && (!strict || st->warnings == 0);
	root = json_object();
	json_object_set_new(root, "tool", json_string("crm-validate " CRM_VERSION));
	json_object_set_new(root, "entity", json_string(v->e->name));
	json_object_set_new(root, "rules", json_string(v->R->name));
	json_object_set_new(root, "valid", json_boolean(valid));
	json_object_set_new(root, "strict", json_boolean(strict));
	inputs = json_array();
	for (i = 0; i < v->ninputs; i++) {
		const struct vinput *in = &v->inputs[i];
		json_t *o = json_object();

		json_object_set_new(o, "file", json_string(in->file));
		if (in->has_info) {
			const struct crm_input_info *f = &in->info;

			json_object_set_new(o, "format", json_string(
			    f->format == CRM_FMT_JSON ? "json" : "csv"));
			json_object_set_new(o, "encoding", json_string(f->encoding));
			if (f->encoding_how)
				json_object_set_new(o, "encodingFoundBy",
				    json_string(f->encoding_how));
			json_object_set_new(o, "bom", json_boolean(f->bom));
			if (f->format != CRM_FMT_JSON) {
				json_object_set_new(o, "delimiter",
				    json_string(delim_name(f->delimiter)));
				if (f->delimiter_how)
					json_object_set_new(o, "delimiterFoundBy",
					    json_string(f->delimiter_how));
			}
			if (f->line_ending)
				json_object_set_new(o, "lineEnding",
				    json_string(f->line_ending));
			json_object_set_new(o, "bytes", json_integer(f->bytes));
		}
		json_object_set_new(o, "records", json_integer(in->records));
		json_array_append_new(inputs, o);
	}
	json_object_set_new(root, "inputs", inputs);
	stats = json_object();
	json_object_set_new(stats, "records", json_integer(st->records));
	json_object_set_new(stats, "cleanRecords", json_integer(st->clean));
	json_object_set_new(stats, "cleanPercent", json_real(pct(st->clean, st->records)));
	json_object_set_new(stats, "recordsWithErrors", json_integer(st->with_errors));
	json_object_set_new(stats, "recordsWithWarningsOnly",
	    json_integer(st->with_warnings));
	json_object_set_new(stats, "errors", json_integer(st->errors));
	json_object_set_new(stats, "warnings", json_integer(st->warnings));
	json_object_set_new(stats, "fileErrors", json_integer(st->header_errors));
	if (v->o.fix != CRM_FIX_NONE) {
		json_object_set_new(stats, "fixed", json_integer(st->fixed));
		json_object_set_new(stats, "changes", json_integer(st->changes));
		json_object_set_new(stats, "unfixedErrors",
		    json_integer(st->unfixed_errors));
	}
	json_object_set_new(stats, "seconds",
	    json_real(floor(seconds * 1000.0 + 0.5) / 1000.0));
	json_object_set_new(root, "stats", stats);
	bycode = json_object();
	for (i = 0; i < v->ncodes; i++) {
		const struct codestat *cs = &v->codes[i];
		json_t *o = json_object(), *sm = json_array();

		json_object_set_new(o, "count", json_integer(cs->count));
		json_object_set_new(o, "severity", json_string(crm_severity_name(cs->sev)));
		if (cs->nerr && cs->nwarn) {
			json_object_set_new(o, "errors", json_integer(cs->nerr));
			json_object_set_new(o, "warnings", json_integer(cs->nwarn));
		}
		for (k = 0; k < cs->samples.n; k++) {
			json_t *s = json_object();

			json_object_set_new(s, "line", json_integer(cs->lines[k]));
			json_object_set_new(s, "value", json_string(cs->samples.v[k]));
			json_array_append_new(sm, s);
		}
		json_object_set_new(o, "samples", sm);
		json_object_set_new(bycode, cs->code, o);
	}
	json_object_set_new(root, "byCode", bycode);
	byfield = json_object();
	for (i = 0; i < v->e->nfields; i++) {
		const struct fstat *fs = &v->fs[i];
		json_t *o = json_object();

		json_object_set_new(o, "column", json_boolean(fs->withcol > 0));
		json_object_set_new(o, "present", json_integer(fs->present));
		json_object_set_new(o, "valid", json_integer(fs->valid));
		json_object_set_new(o, "completeness",
		    json_real(pct(fs->present, st->records)));
		json_object_set_new(o, "validity",
		    json_real(fs->present ? pct(fs->valid, fs->present) : 100.0));
		json_object_set_new(o, "errors", json_integer(fs->errors));
		json_object_set_new(o, "warnings", json_integer(fs->warnings));
		json_object_set_new(byfield, v->e->fields[i].name, o);
	}
	json_object_set_new(root, "byField", byfield);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(6));
	if (text) {
		crm_buf_adds(out, text);
		crm_buf_addc(out, '\n');
		free(text);
	}
	json_decref(root);
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
