/*
 * crm-dedupe: find duplicate contacts and companies, explain them, and
 * merge them in the store with survivorship and undo.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "country.h"
#include "dedupe.h"
#include "dedupe_table.h"
#include "entity.h"
#include "io.h"
#include "mapper.h"
#include "opts.h"
#include "outfile.h"
#include "record.h"
#include "store.h"
#include "store_merge.h"
#include "util.h"

static const char usage_line[] =
    "usage: crm-dedupe [-enpq] [-d db] [-f fmt] [-o file] [--auto p] [--review p]"
    " [--link] [--from-db | --against-db] [--merge[=review]] [--undo run [--keep-newer]]"
    " [--not-duplicates a,b] [--survivorship rule] [--hard-dob when]"
    " [--settings file] [--stats] [--map header=field] [--country cc] entity [file ...]";

enum {
	OPT_AUTO = CRM_OPT_FIRST_TOOL,
	OPT_REVIEW,
	OPT_LINK,
	OPT_AGAINST,
	OPT_FROM_DB,
	OPT_MERGE,
	OPT_UNDO,
	OPT_NOTDUP,
	OPT_SURV,
	OPT_HARDDOB,
	OPT_SETTINGS,
	OPT_STATS,
	OPT_MAXCLUSTER,
	OPT_BLOCKCAP,
	OPT_THREADS,
	OPT_KEEPNEWER
};

static const struct option longopts[] = {
	CRM_COMMON_LONGOPTS,
	{ "pairs",		no_argument,		NULL, 'p' },
	{ "explain",		no_argument,		NULL, 'e' },
	{ "dry-run",		no_argument,		NULL, 'n' },
	{ "auto",		required_argument,	NULL, OPT_AUTO },
	{ "review",		required_argument,	NULL, OPT_REVIEW },
	{ "link",		no_argument,		NULL, OPT_LINK },
	{ "against-db",		no_argument,		NULL, OPT_AGAINST },
	{ "from-db",		no_argument,		NULL, OPT_FROM_DB },
	{ "merge",		optional_argument,	NULL, OPT_MERGE },
	{ "undo",		required_argument,	NULL, OPT_UNDO },
	{ "keep-newer",		no_argument,		NULL, OPT_KEEPNEWER },
	{ "not-duplicates",	required_argument,	NULL, OPT_NOTDUP },
	{ "survivorship",	required_argument,	NULL, OPT_SURV },
	{ "hard-dob",		required_argument,	NULL, OPT_HARDDOB },
	{ "settings",		required_argument,	NULL, OPT_SETTINGS },
	{ "stats",		no_argument,		NULL, OPT_STATS },
	{ "max-cluster",	required_argument,	NULL, OPT_MAXCLUSTER },
	{ "block-cap",		required_argument,	NULL, OPT_BLOCKCAP },
	{ "country",		required_argument,	NULL, CRM_OPT_COUNTRY },
	{ "threads",		required_argument,	NULL, OPT_THREADS },
	{ NULL, 0, NULL, 0 }
};

struct dd {
	struct crm_common co;
	const struct crm_entity *e;
	struct crm_mapper *mapper;	/* headers onto e's fields */
	int companies;
	struct crm_dedupe_opts o;
	const struct crm_country *country;	/* of records that name none */
	struct crm_dd_table t;
	int pairs, explain, dry_run, link, against, from_db, stats;
	int input_format;	/* of the first file, for the default output */
	int merge;		/* 0, 1 auto, 2 review */
	int surv;
	const char *undo, *notdup, *settings;
	int keep_newer;		/* --keep-newer with --undo */
	struct crm_store *store;
	struct crm_dedupe *d;
	struct crm_progress prog;
};

static double
parse_prob(const char *opt, const char *arg)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno || *end || end == arg || v < 0 || v > 1)
		crm_die(CRM_EXIT_USAGE, "bad --%s '%s': want a probability 0..1",
		    opt, arg);
	return v;
}

static int
parse_int(const char *opt, const char *arg)
{
	long v;

	if (crm_parse_long(arg, &v) < 0 || v < 2 || v > 1000000)
		crm_die(CRM_EXIT_USAGE, "bad --%s '%s': want a number >= 2", opt, arg);
	return (int)v;
}

static void
read_file(struct dd *dd, const char *path, int source)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_reader *r;
	struct crm_record *rec;
	long long n = 0;
	int st;

	if (!(r = crm_reader_open(path, &dd->co.ropts, &err)))
		crm_die_err(&err);
	if (source == 1)
		dd->input_format = crm_reader_info(r)->format;
	while ((st = crm_reader_next(r, &rec, &err)) != 0) {
		if (st < 0)
			crm_die_err(&err);
		if (st == 2) {
			crm_die_err(&err);
		}
		crm_dd_table_add(&dd->t, rec, source, 0);
		if ((++n & 0xffff) == 0)
			crm_progress_show(&dd->prog, crm_reader_name(r), n, 0, 0);
	}
	crm_progress_end(&dd->prog, crm_reader_name(r), n, 0, 0);
	crm_reader_free(r);
}

static int
load_row(void *ctx, long long id, const struct crm_record *rec)
{
	crm_dd_table_add(&((struct dd *)ctx)->t, rec, 0, id);
	return 0;
}

static void
open_store(struct dd *dd, int flags)
{
	struct crm_err err = CRM_ERR_INIT;

	if (!(dd->store = crm_store_open(crm_store_default_path(dd->co.db),
	    flags, &err)))
		crm_die_err(&err);
	if (crm_store_warning(dd->store))
		crm_warn("%s", crm_store_warning(dd->store));
}

/* The name a record goes by: its external id, else its number. */
static void
record_name(const struct dd *dd, size_t i, struct crm_buf *out)
{
	const char *v;
	size_t len;

	if (dd->t.rows[i].dbid) {
		crm_buf_addf(out, "%lld", dd->t.rows[i].dbid);
		return;
	}
	v = crm_dd_table_value(&dd->t, i, dd->t.rolecol[CRM_DD_ID], &len);
	if (v && len) {
		while (len && *v == ' ')
			v++, len--;
		crm_buf_add(out, v, len);
	} else
		crm_buf_addf(out, "%zu", i + 1 - dd->t.nstore);
}

/*
 * The country of records that name none, for their phones: --country, else
 * the store's (read from the store named by --db or $CRM_DB when it exists,
 * also when only files are deduplicated), else RU.
 */
static void
set_country(struct dd *dd)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_store *s = dd->store;
	const char *path;
	struct stat sb;

	if (!s && !dd->co.country) {
		path = crm_store_default_path(dd->co.db);
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    !(s = crm_store_open(path, CRM_STORE_READONLY, &err)))
			crm_warn("%s: its country is not known", err.msg);
	}
	crm_err_clear(&err);
	if (crm_opts_country(&dd->co, s, &dd->country, &err) < 0)
		crm_die_err(&err);
	if (s != dd->store)
		crm_store_close(s);
	dd->o.country = dd->country->code;
}

/*
 * A record's key for its cluster's id: 0 with the row id (store), 1 with
 * the external id, 2 with the record number (*v, *len: the text, or NULL).
 */
static int
record_key(const struct dd *dd, size_t i, const char **v, size_t *len)
{
	if (dd->t.rows[i].dbid) {
		*v = NULL;
		return 0;
	}
	*v = crm_dd_table_value(&dd->t, i, dd->t.rolecol[CRM_DD_ID], len);
	if (*v) {
		while (*len && **v == ' ')
			(*v)++, (*len)--;
		while (*len && (*v)[*len - 1] == ' ')
			(*len)--;
	}
	if (*v && *len)
		return 1;
	*v = NULL;
	return 2;
}

static int
all_digits(const char *s, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (s[k] < '0' || s[k] > '9')
			return 0;
	return n > 0;
}

/*
 * Order of records by key: row ids, then external ids (numbers by value,
 * before other ids, which go by their bytes), then record numbers.
 */
static int
key_cmp(const struct dd *dd, size_t a, size_t b)
{
	const char *va, *vb;
	size_t la = 0, lb = 0;
	int ka = record_key(dd, a, &va, &la), kb = record_key(dd, b, &vb, &lb);
	int da, db, c;

	if (ka != kb)
		return ka < kb ? -1 : 1;
	if (ka == 0) {
		if (dd->t.rows[a].dbid != dd->t.rows[b].dbid)
			return dd->t.rows[a].dbid < dd->t.rows[b].dbid ? -1 : 1;
	} else if (ka == 1) {
		da = all_digits(va, la);
		db = all_digits(vb, lb);
		if (da != db)
			return da ? -1 : 1;
		if (da) {
			const char *pa = va, *pb = vb;
			size_t na = la, nb = lb;

			while (na > 1 && *pa == '0')
				pa++, na--;
			while (nb > 1 && *pb == '0')
				pb++, nb--;
			if (na != nb)
				return na < nb ? -1 : 1;
			if ((c = memcmp(pa, pb, na)))
				return c;
		}
		if ((c = memcmp(va, vb, la < lb ? la : lb)))
			return c;
		if (la != lb)
			return la < lb ? -1 : 1;
	}
	return a < b ? -1 : a > b;
}

/*
 * The cluster id of every record: the record (index) with the smallest
 * key among its cluster's members, so that the id depends on the members
 * only, not on their order or on how the work was split.
 */
static size_t *
cluster_keys(const struct dd *dd)
{
	size_t i, n = dd->t.nrows, *best = xcalloc(n ? n : 1, sizeof *best);

	for (i = 0; i < n; i++)
		best[i] = SIZE_MAX;
	for (i = 0; i < n; i++) {
		size_t rep = crm_dedupe_cluster(dd->d, i);

		if (best[rep] == SIZE_MAX || key_cmp(dd, i, best[rep]) < 0)
			best[rep] = i;
	}
	return best;
}

/* The pipeline's phases: records, pairs compared. */
static void
on_progress(void *ctx, const char *phase, size_t done, size_t total)
{
	struct dd *dd = ctx;

	crm_progress_phase(&dd->prog, "dedupe", phase, (long long)done,
	    (long long)total, !strcmp(phase, "blocking") ? "records" :
	    !strcmp(phase, "comparing") ? "pairs" : NULL, 0);
}

static void
feed(struct dd *dd)
{
	set_country(dd);
	if (dd->prog.on) {
		dd->o.progress = on_progress;
		dd->o.progress_ctx = dd;
	}
	dd->d = crm_dedupe_new(&dd->o);
	crm_dd_table_feed(&dd->t, dd->d);
}

static int
add_notdup(void *ctx, long long a, long long b)
{
	struct dd *dd = ctx;
	size_t i, ia = SIZE_MAX, ib = SIZE_MAX;

	/* Rows are in id order: binary search. */
	for (i = 0; i < 2; i++) {
		long long want = i ? b : a;
		size_t lo = 0, hi = dd->t.nrows;

		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (dd->t.rows[mid].dbid < want)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < dd->t.nrows && dd->t.rows[lo].dbid == want)
			*(i ? &ib : &ia) = lo;
	}
	if (ia != SIZE_MAX && ib != SIZE_MAX)
		crm_dedupe_cannot(dd->d, ia, ib);
	return 0;
}

/* Settings: records (CSV or JSON) of field, level, m, u; or option, value. */
static void
load_settings(struct dd *dd)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_reader_opts ro = CRM_READER_OPTS_INIT;
	struct crm_reader *r;
	struct crm_record *rec;
	int st;

	if (!(r = crm_reader_open(dd->settings, &ro, &err)))
		crm_die(CRM_EXIT_USAGE, "%s: %s", dd->settings, err.msg);
	while ((st = crm_reader_next(r, &rec, &err)) != 0) {
		const char *opt = crm_record_value(rec, "option");
		const char *val = crm_record_value(rec, "value");
		const char *field = crm_record_value(rec, "field");
		const char *level = crm_record_value(rec, "level");
		const char *m = crm_record_value(rec, "m");
		const char *u = crm_record_value(rec, "u");

		if (st != 1)
			crm_die(CRM_EXIT_USAGE, "%s:%ld: %s", dd->settings,
			    err.line, err.msg);
		if (opt && val) {
			if (!strcmp(opt, "auto"))
				dd->o.t_auto = parse_prob("auto", val);
			else if (!strcmp(opt, "review"))
				dd->o.t_review = parse_prob("review", val);
			else if (!strcmp(opt, "average"))
				dd->o.t_avg = parse_prob("average", val);
			else if (!strcmp(opt, "max_cluster"))
				dd->o.max_cluster = parse_int("max_cluster", val);
			else if (!strcmp(opt, "block_cap"))
				dd->o.block_cap = parse_int("block_cap", val);
			else if (!strcmp(opt, "hard_dob"))
				dd->o.hard_dob = !strcmp(val, "always") ? 1 :
				    !strcmp(val, "never") ? 0 : -1;
			else
				crm_die(CRM_EXIT_USAGE, "%s:%ld: unknown option '%s'",
				    dd->settings, rec->line, opt);
		} else if (!field || !level || !m || !u)
			crm_die(CRM_EXIT_USAGE, "%s:%ld: want option and value, or "
			    "field, level, m and u", dd->settings, rec->line);
	}
	crm_reader_free(r);
}

/* Pins need the dedupe object: a second pass over the settings. */
static void
pin_settings(struct dd *dd)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_reader_opts ro = CRM_READER_OPTS_INIT;
	struct crm_reader *r;
	struct crm_record *rec;

	if (!(r = crm_reader_open(dd->settings, &ro, &err)))
		crm_die(CRM_EXIT_USAGE, "%s: %s", dd->settings, err.msg);
	while (crm_reader_next(r, &rec, &err) == 1) {
		const char *field = crm_record_value(rec, "field");
		const char *level = crm_record_value(rec, "level");
		const char *m = crm_record_value(rec, "m");
		const char *u = crm_record_value(rec, "u");
		int role;

		if (!field || !level || !m || !u)
			continue;
		role = crm_dedupe_role_parse(field);
		if (role < 0 || crm_dedupe_pin(dd->d, role, level, atof(m),
		    atof(u)) < 0)
			crm_die(CRM_EXIT_USAGE, "%s:%ld: cannot pin %s %s (m %s, u %s)",
			    dd->settings, rec->line, field, level, m, u);
	}
	crm_reader_free(r);
}

static struct crm_writer *
writer(struct dd *dd, int input_format)
{
	return crm_writer_open(stdout, crm_output_format(dd->co.format, stdout,
	    input_format), dd->co.write_flags);
}

static void
write_or_die(struct crm_writer *w, const struct crm_record *rec)
{
	struct crm_err err = CRM_ERR_INIT;

	if (crm_writer_write(w, rec, &err) < 0)
		crm_die_err(&err);
}

static void
close_or_die(struct crm_writer *w)
{
	struct crm_err err = CRM_ERR_INIT;

	if (crm_writer_close(w, &err) < 0)
		crm_die_err(&err);
}

static void
out_records(struct dd *dd, int input_format)
{
	const struct crm_dd_table *t = &dd->t;
	struct crm_record rec = CRM_RECORD_INIT;
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_writer *w = writer(dd, input_format);
	const char **names;
	size_t i, k, ncols = t->ncols, *best;

	names = xcalloc(ncols + 4, sizeof *names);
	if (dd->against && t->nstore < t->nrows) {
		/* The files' columns, in the order of the first file record. */
		const struct crm_dd_row *fr = &t->rows[t->nstore];
		char *used = xcalloc(t->ncols + 1, 1);

		ncols = 0;
		for (k = 0; k < fr->n; k++) {
			uint32_t col = t->cells[fr->first + k].col;

			if (!used[col]) {
				used[col] = 1;
				names[ncols++] = t->cols[col];
			}
		}
		for (k = 0; k < t->ncols; k++)
			if (t->infile[k] && !used[k])
				names[ncols++] = t->cols[k];
		free(used);
	} else
		for (k = 0, ncols = 0; k < t->ncols; k++)
			if (!dd->against || t->infile[k])
				names[ncols++] = t->cols[k];
	for (k = 0; k < 3; k++) {
		static const char *const add[] = { "cluster", "cluster_size",
		    "match_score" };
		size_t j;

		for (j = 0; j < ncols; j++)
			if (!strcmp(names[j], add[k]))
				break;
		if (j == ncols)
			names[ncols++] = add[k];
	}
	if (dd->store && !dd->against) {
		/* Store mode: the row id first. */
		memmove(names + 1, names, ncols * sizeof *names);
		names[0] = "id";
		ncols++;
	}
	crm_writer_columns(w, names, ncols);
	best = cluster_keys(dd);
	for (i = 0; i < t->nrows; i++) {
		const struct crm_dd_row *r = &t->rows[i];
		size_t rep = best[crm_dedupe_cluster(dd->d, i)];
		double sc = crm_dedupe_score(dd->d, i);

		if (dd->against && r->source == 0)
			continue;
		crm_record_reset(&rec);
		if (dd->store && !dd->against) {
			crm_buf_reset(&b);
			crm_buf_addf(&b, "%lld", r->dbid);
			crm_record_adds(&rec, "id", b.buf);
			rec.f[0].type = CRM_V_NUMBER;
		}
		for (k = 0; k < r->n; k++) {
			const struct crm_dd_cell *c = &t->cells[r->first + k];

			crm_record_add(&rec, t->cols[c->col], strlen(t->cols[c->col]),
			    c->len == CRM_DD_CELL_MISSING ? NULL : t->pool.buf + c->off,
			    c->len == CRM_DD_CELL_MISSING ? 0 : c->len);
		}
		crm_buf_reset(&b);
		record_name(dd, rep, &b);
		crm_record_sets(&rec, "cluster", b.buf);
		crm_buf_reset(&b);
		crm_buf_addf(&b, "%zu", crm_dedupe_cluster_size(dd->d, i));
		crm_record_sets(&rec, "cluster_size", b.buf);
		crm_record_set_type(&rec, "cluster_size", CRM_V_NUMBER);
		crm_buf_reset(&b);
		if (sc >= 0)
			crm_buf_addf(&b, "%.3f", sc);
		crm_record_sets(&rec, "match_score", b.buf);
		crm_record_set_type(&rec, "match_score", CRM_V_NUMBER);
		write_or_die(w, &rec);
	}
	close_or_die(w);
	free(names);
	free(best);
	crm_buf_release(&b);
	crm_record_release(&rec);
}

static void
reasons(struct dd *dd, size_t a, size_t b, struct crm_buf *out)
{
	struct crm_dedupe_cmp c[CRM_DD_NROLES];
	const char *rule;
	double prior;
	size_t k, n;

	n = crm_dedupe_explain(dd->d, a, b, c, CRM_DD_NROLES, &prior, &rule);
	if (rule)
		crm_buf_addf(out, "rule: %s; ", rule);
	for (k = 0; k < n; k++) {
		if (!strcmp(c[k].level, "null"))
			continue;
		crm_buf_addf(out, "%s%s %s %+.1f", out->len && out->buf[out->len - 1]
		    != ' ' ? ", " : "", crm_dedupe_role_name(c[k].role),
		    c[k].level, c[k].weight);
		if (c[k].tf != 0)
			crm_buf_addf(out, " (tf %+.1f)", c[k].tf);
	}
}

static void
out_pairs(struct dd *dd, int input_format)
{
	const struct crm_dedupe_pair *p;
	struct crm_record rec = CRM_RECORD_INIT;
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_writer *w = writer(dd, input_format);
	static const char *const cols[] = { "left", "right", "score", "band",
	    "reasons" };
	static const char *const xcols[] = { "left", "right", "field",
	    "left_value", "right_value", "level", "m", "u", "tf", "weight" };
	size_t n, k;

	static const int types[] = { CRM_V_TEXT, CRM_V_TEXT, CRM_V_NUMBER,
	    CRM_V_TEXT, CRM_V_TEXT };
	static const int xtypes[] = { CRM_V_TEXT, CRM_V_TEXT, CRM_V_TEXT,
	    CRM_V_TEXT, CRM_V_TEXT, CRM_V_TEXT, CRM_V_NUMBER, CRM_V_NUMBER,
	    CRM_V_NUMBER, CRM_V_NUMBER };

	if (dd->explain) {
		crm_writer_columns(w, xcols, 10);
		crm_writer_types(w, xtypes, 10);
	} else {
		crm_writer_columns(w, cols, 5);
		crm_writer_types(w, types, 5);
	}
	p = crm_dedupe_pairs(dd->d, &n);
	for (k = 0; k < n; k++) {
		char left[64], right[64];

		if (p[k].band == CRM_DD_IGNORE)
			continue;
		if (dd->against && dd->t.rows[p[k].a].source ==
		    dd->t.rows[p[k].b].source)
			continue;
		crm_buf_reset(&b);
		record_name(dd, p[k].a, &b);
		snprintf(left, sizeof left, "%s", b.buf);
		crm_buf_reset(&b);
		record_name(dd, p[k].b, &b);
		snprintf(right, sizeof right, "%s", b.buf);
		if (!dd->explain) {
			crm_record_reset(&rec);
			crm_record_adds(&rec, "left", left);
			crm_record_adds(&rec, "right", right);
			crm_buf_reset(&b);
			crm_buf_addf(&b, "%.4f", p[k].p);
			crm_record_adds(&rec, "score", b.buf);
			crm_record_adds(&rec, "band", crm_dedupe_band_name(p[k].band));
			crm_buf_reset(&b);
			reasons(dd, p[k].a, p[k].b, &b);
			crm_record_adds(&rec, "reasons", b.buf);
			write_or_die(w, &rec);
		} else {
			struct crm_dedupe_cmp c[CRM_DD_NROLES];
			const char *rule;
			double prior;
			size_t i, nc;

			nc = crm_dedupe_explain(dd->d, p[k].a, p[k].b, c,
			    CRM_DD_NROLES, &prior, &rule);
			crm_record_reset(&rec);
			crm_record_adds(&rec, "left", left);
			crm_record_adds(&rec, "right", right);
			crm_record_adds(&rec, "field", "prior");
			crm_buf_reset(&b);
			crm_buf_addf(&b, "%+.2f", prior);
			crm_record_adds(&rec, "weight", b.buf);
			write_or_die(w, &rec);
			for (i = 0; i < nc; i++) {
				const char *va, *vb;
				size_t la = 0, lb = 0;
				long col = dd->t.rolecol[c[i].role];

				if (c[i].role == CRM_DD_FIRST || c[i].role == CRM_DD_LAST ||
				    c[i].role == CRM_DD_MIDDLE) {
					if (col < 0)
						col = dd->t.rolecol[CRM_DD_FIO];
				}
				va = crm_dd_table_value(&dd->t, p[k].a, col, &la);
				vb = crm_dd_table_value(&dd->t, p[k].b, col, &lb);
				crm_record_reset(&rec);
				crm_record_adds(&rec, "left", left);
				crm_record_adds(&rec, "right", right);
				crm_record_adds(&rec, "field",
				    crm_dedupe_role_name(c[i].role));
				crm_record_add(&rec, "left_value", 10, va ? va : "", la);
				crm_record_add(&rec, "right_value", 11, vb ? vb : "", lb);
				crm_record_adds(&rec, "level", c[i].level);
				crm_buf_reset(&b);
				crm_buf_addf(&b, "%.4f", c[i].m);
				crm_record_adds(&rec, "m", b.buf);
				crm_buf_reset(&b);
				crm_buf_addf(&b, "%.5f", c[i].u);
				crm_record_adds(&rec, "u", b.buf);
				if (c[i].tf != 0) {
					crm_buf_reset(&b);
					crm_buf_addf(&b, "%+.2f", c[i].tf);
					crm_record_adds(&rec, "tf", b.buf);
				}
				crm_buf_reset(&b);
				crm_buf_addf(&b, "%+.2f", c[i].weight);
				crm_record_adds(&rec, "weight", b.buf);
				write_or_die(w, &rec);
			}
			crm_record_reset(&rec);
			crm_record_adds(&rec, "left", left);
			crm_record_adds(&rec, "right", right);
			crm_record_adds(&rec, "field", "total");
			crm_record_adds(&rec, "level", rule ? rule :
			    crm_dedupe_band_name(p[k].band));
			crm_buf_reset(&b);
			crm_buf_addf(&b, "%+.2f", p[k].weight);
			crm_record_adds(&rec, "weight", b.buf);
			crm_buf_reset(&b);
			crm_buf_addf(&b, "%.4f", p[k].p);
			crm_record_adds(&rec, "m", b.buf);
			write_or_die(w, &rec);
		}
	}
	close_or_die(w);
	crm_buf_release(&b);
	crm_record_release(&rec);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* The canonical fields of store row id as they were read (rows are in id order). */
static void
seen_record(const struct dd *dd, long long id, struct crm_record *rec)
{
	const struct crm_dd_table *t = &dd->t;
	size_t lo = 0, hi = t->nstore, k;
	const struct crm_dd_row *r;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (t->rows[mid].dbid < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	crm_record_init(rec);
	if (lo == t->nstore || t->rows[lo].dbid != id)
		return;
	r = &t->rows[lo];
	for (k = 0; k < r->n; k++) {
		const struct crm_dd_cell *c = &t->cells[r->first + k];

		crm_record_add(rec, t->cols[c->col], strlen(t->cols[c->col]),
		    c->len == CRM_DD_CELL_MISSING ? NULL : t->pool.buf + c->off,
		    c->len == CRM_DD_CELL_MISSING ? 0 : c->len);
	}
}

/* A cluster the merge left alone. */
static void
skipped(void *ctx, const long long *ids, size_t n, long long changed)
{
	struct dd *dd = ctx;
	size_t k;

	if (dd->co.quiet)
		return;
	fprintf(stderr, "%s: cluster of rows ", crm_progname());
	for (k = 0; k < n; k++)
		fprintf(stderr, "%s%lld", k ? ", " : "", ids[k]);
	fprintf(stderr, " left alone: row %lld changed since it was read\n",
	    changed);
}

/* Merge the clusters (auto band; with --merge=review, review pairs too). */
static int
do_merge(struct dd *dd)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_merge_counts c;
	long long *ids, run = 0;
	size_t *off, n = dd->t.nrows, i, nc = 0, ni = 0;
	uint32_t *par = NULL;
	char params[128];

	memset(&c, 0, sizeof c);
	ids = xmalloc((n ? n : 1) * sizeof *ids);
	off = xmalloc((n + 1) * sizeof *off);
	if (dd->merge == 2) {
		/* review: components over review and auto pairs */
		const struct crm_dedupe_pair *p;
		size_t np, k;

		par = xmalloc((n ? n : 1) * sizeof *par);
		for (i = 0; i < n; i++)
			par[i] = (uint32_t)i;
		p = crm_dedupe_pairs(dd->d, &np);
		for (k = 0; k < np; k++) {
			uint32_t a = p[k].a, b = p[k].b;

			if (p[k].band == CRM_DD_IGNORE)
				continue;
			while (par[a] != a)
				a = par[a];
			while (par[b] != b)
				b = par[b];
			if (a != b)
				par[a > b ? a : b] = a < b ? a : b;
		}
	}
	/* Group the rows by cluster: sort (cluster, row) once. */
	{
		uint64_t *g = xmalloc((n ? n : 1) * sizeof *g);
		size_t ng = 0, k, j;

		for (i = 0; i < n; i++) {
			size_t rep;

			if (par) {
				uint32_t x = (uint32_t)i;

				while (par[x] != x)
					x = par[x];
				rep = x;
			} else
				rep = crm_dedupe_cluster(dd->d, i);
			g[ng++] = ((uint64_t)rep << 32) | i;
		}
		qsort(g, ng, sizeof *g, cmp_u64);
		for (k = 0; k < ng; k = j) {
			for (j = k + 1; j < ng && g[j] >> 32 == g[k] >> 32; j++)
				;
			if (j - k < 2)
				continue;
			off[nc] = ni;
			for (i = k; i < j; i++)
				ids[ni++] = dd->t.rows[(uint32_t)g[i]].dbid;
			qsort(ids + off[nc], ni - off[nc], sizeof *ids, cmp_ll);
			nc++;
		}
		free(g);
	}
	off[nc] = ni;
	free(par);
	snprintf(params, sizeof params, "{\"band\":\"%s\",\"auto\":%.3f,"
	    "\"review\":%.3f,\"survivorship\":\"%s\"}",
	    dd->merge == 2 ? "review" : "auto", dd->o.t_auto,
	    dd->o.t_review, dd->surv == CRM_SURV_COMPLETE ? "complete" :
	    dd->surv == CRM_SURV_SURVIVOR ? "survivor" : "recent");
	if (!dd->dry_run && nc > 0) {
		/* The rows as clustered: a cluster changed since is left alone. */
		struct crm_record *seen = xcalloc(ni, sizeof *seen);
		size_t k;

		for (k = 0; k < ni; k++)
			seen_record(dd, ids[k], &seen[k]);
		if (crm_merge_apply(dd->store, dd->e, ids, seen, off, nc, dd->surv,
		    params, skipped, dd, &run, &c, &err) < 0)
			crm_die_err(&err);
		for (k = 0; k < ni; k++)
			crm_record_release(&seen[k]);
		free(seen);
	}
	if (!dd->co.quiet) {
		if (dd->dry_run)
			fprintf(stderr, "%s: dry run: would merge %zu clusters (%zu "
			    "records)\n", crm_progname(), nc, ni);
		else if (run)
			fprintf(stderr, "%s: merge run %lld: %lld clusters, %lld "
			    "records merged away, %lld fields filled, %lld "
			    "references repointed; undo with --undo %lld\n",
			    crm_progname(), run, c.clusters, c.merged, c.fields,
			    c.repointed, run);
		else if (nc)
			fprintf(stderr, "%s: nothing merged: every cluster changed "
			    "since it was read\n", crm_progname());
		else
			fprintf(stderr, "%s: nothing to merge\n", crm_progname());
	}
	if (c.skipped && !dd->co.quiet)
		fprintf(stderr, "%s: %lld clusters left alone (changed while "
		    "this ran): run the merge again\n", crm_progname(),
		    c.skipped);
	free(ids);
	free(off);
	return c.skipped ? CRM_EXIT_FINDINGS : CRM_EXIT_OK;
}

struct undo_out {
	struct dd *dd;
	struct crm_writer *w;
	struct crm_record rec;
	long long fatal;
};

/* One value changed since the merge: a record on standard output. */
static int
undo_conflict(void *ctx, const struct crm_merge_conflict *k)
{
	static const char *const cols[] = { "table", "id", "field", "merged",
	    "now", "restore", "action", "note" };
	struct undo_out *u = ctx;
	char id[32];

	if (!u->w) {
		u->w = writer(u->dd, CRM_FMT_CSV);
		crm_writer_columns(u->w, cols, 8);
	}
	u->fatal += k->fatal;
	snprintf(id, sizeof id, "%lld", k->id);
	crm_record_reset(&u->rec);
	crm_record_adds(&u->rec, "table", k->table);
	crm_record_adds(&u->rec, "id", id);
	crm_record_adds(&u->rec, "field", k->field ? k->field : "*");
	crm_record_adds(&u->rec, "merged", k->merged);
	crm_record_adds(&u->rec, "now", k->now);
	crm_record_adds(&u->rec, "restore", k->restore);
	crm_record_adds(&u->rec, "action", k->fatal ? "blocks" :
	    u->dd->keep_newer ? "keep" : "conflict");
	crm_record_adds(&u->rec, "note", k->why);
	write_or_die(u->w, &u->rec);
	return 0;
}

static int
do_undo(struct dd *dd)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_merge_counts c;
	struct undo_out u;
	long v;
	int rc;

	if (crm_parse_long(dd->undo, &v) < 0 || v <= 0)
		crm_die(CRM_EXIT_USAGE, "bad --undo '%s': want a merge run number",
		    dd->undo);
	open_store(dd, 0);
	memset(&c, 0, sizeof c);
	memset(&u, 0, sizeof u);
	u.dd = dd;
	crm_record_init(&u.rec);
	rc = crm_merge_undo(dd->store, dd->e, v, dd->keep_newer ?
	    CRM_UNDO_KEEP_NEWER : 0, undo_conflict, &u, &c, &err);
	if (u.w)
		close_or_die(u.w);
	crm_record_release(&u.rec);
	if (rc < 0)
		crm_die_err(&err);
	if (rc > 0) {
		if (dd->co.quiet)
			;
		else if (u.fatal)
			fprintf(stderr, "%s: merge run %ld cannot be undone: %lld "
			    "conflicts (listed), %lld of which block it\n",
			    crm_progname(), v, c.conflicts, u.fatal);
		else
			fprintf(stderr, "%s: merge run %ld not undone: %lld values "
			    "changed since the merge (listed); --keep-newer keeps "
			    "them and restores the rest\n", crm_progname(), v,
			    c.conflicts);
		return CRM_EXIT_FINDINGS;
	}
	if (!dd->co.quiet)
		fprintf(stderr, "%s: merge run %ld undone: %lld records restored, "
		    "%lld references put back, %lld newer values kept\n",
		    crm_progname(), v, c.merged, c.repointed, c.kept);
	return CRM_EXIT_OK;
}

static int
do_notdup(struct dd *dd)
{
	struct crm_err err = CRM_ERR_INIT;
	const char *comma = strchr(dd->notdup, ',');
	char *a, *b;
	long long ia, ib;

	if (!comma || comma == dd->notdup || !comma[1])
		crm_die(CRM_EXIT_USAGE, "bad --not-duplicates '%s': want A,B",
		    dd->notdup);
	a = xstrndup(dd->notdup, (size_t)(comma - dd->notdup));
	b = xstrdup(comma + 1);
	open_store(dd, 0);
	if ((ia = crm_merge_resolve(dd->store, dd->e, a, &err)) < 0 ||
	    (ib = crm_merge_resolve(dd->store, dd->e, b, &err)) < 0)
		crm_die_err(&err);
	if (!ia || !ib)
		crm_die(CRM_EXIT_DATA, "no %s record '%s'", dd->e->name, !ia ? a : b);
	if (crm_merge_add_not_dup(dd->store, dd->e, ia, ib, &err) < 0)
		crm_die_err(&err);
	if (!dd->co.quiet)
		fprintf(stderr, "%s: %s and %s are not duplicates: remembered\n",
		    crm_progname(), a, b);
	free(a);
	free(b);
	return CRM_EXIT_OK;
}

static void
summary(struct dd *dd)
{
	struct crm_dedupe_stats st;

	crm_dedupe_get_stats(dd->d, &st);
	if (dd->co.quiet)
		return;
	fprintf(stderr, "%s: %zu records, %zu candidate pairs, %zu auto, %zu "
	    "review; %zu clusters of %zu records (country %s)\n", crm_progname(),
	    st.records, st.candidates, st.automatic, st.review, st.clusters,
	    st.in_clusters, dd->country->code);
	if (dd->stats)
		fprintf(stderr, "%s: stats: %.1f candidate pairs a record; "
		    "block %.2fs (%zu windowed blocks), "
		    "compare %.2fs, EM %.2fs (%d iterations, matches among "
		    "candidates %.4f), cluster %.2fs\n", crm_progname(),
		    st.records ? (double)st.candidates / st.records : 0.0, st.t_block,
		    st.blocks_windowed, st.t_compare, st.t_em, st.em_iterations,
		    st.lambda, st.t_cluster);
}

/* Standard output must not be the store or an input (crm-dedupe x.csv >>x.csv). */
static void
check_stdout(struct dd *dd, int argc, char **argv)
{
	struct crm_outfile_guard g = CRM_OUTFILE_GUARD_INIT;

	crm_outfile_guard_inputs(&g, crm_store_default_path(dd->co.db), argv,
	    argc);
	if (dd->settings)
		crm_outfile_guard_add(&g, dd->settings, "the --settings file");
	crm_opts_stdout(&dd->co, &g);
	crm_outfile_guard_release(&g);
}

static const char *const merge_names[] = { "auto", "review", NULL };
static const char *const surv_names[] = {
	"recent", "complete", "survivor", NULL
};
static const int survs[] = {
	CRM_SURV_RECENT, CRM_SURV_COMPLETE, CRM_SURV_SURVIVOR
};
static const char *const hard_dob_names[] = { "auto", "always", "never", NULL };
static const int hard_dob[] = { -1, 1, 0 };

int
main(int argc, char *argv[])
{
	struct dd dd;
	struct crm_err err = CRM_ERR_INIT;
	struct crm_dedupe_opts def = CRM_DEDUPE_OPTS_INIT;
	int c, i, status, input_format;

	crm_setprogname(argv[0]);
	memset(&dd, 0, sizeof dd);
	dd.co = (struct crm_common)CRM_COMMON_INIT;
	dd.o = def;
	while ((c = getopt_long(argc, argv, CRM_COMMON_SHORTOPTS "enp", longopts,
	    NULL)) != -1)
		switch (c) {
		case 'e': dd.explain = dd.pairs = 1; break;
		case 'n': dd.dry_run = 1; break;
		case 'p': dd.pairs = 1; break;
		case OPT_AUTO: dd.o.t_auto = parse_prob("auto", optarg); break;
		case OPT_REVIEW: dd.o.t_review = parse_prob("review", optarg); break;
		case OPT_LINK: dd.link = 1; break;
		case OPT_AGAINST: dd.against = 1; break;
		case OPT_FROM_DB: dd.from_db = 1; break;
		case OPT_MERGE:
			dd.merge = optarg ? 1 + crm_opts_choice("merge", optarg,
			    merge_names) : 1;
			break;
		case OPT_UNDO: dd.undo = optarg; break;
		case OPT_KEEPNEWER: dd.keep_newer = 1; break;
		case OPT_NOTDUP: dd.notdup = optarg; break;
		case OPT_SURV:
			dd.surv = survs[crm_opts_choice("survivorship", optarg,
			    surv_names)];
			break;
		case OPT_HARDDOB:
			dd.o.hard_dob = hard_dob[crm_opts_choice("hard-dob",
			    optarg, hard_dob_names)];
			break;
		case OPT_SETTINGS: dd.settings = optarg; break;
		case OPT_STATS: dd.stats = 1; break;
		case OPT_MAXCLUSTER:
			dd.o.max_cluster = parse_int("max-cluster", optarg);
			break;
		case OPT_BLOCKCAP:
			dd.o.block_cap = parse_int("block-cap", optarg);
			break;
		case OPT_THREADS: {
			long v;

			if (crm_parse_long(optarg, &v) < 0 || v < 1 || v > 256)
				crm_die(CRM_EXIT_USAGE, "bad --threads '%s': want "
				    "1..256", optarg);
			dd.o.threads = (int)v;
			break;
		}
		default:
			crm_opts_common(&dd.co, c, optarg, longopts, usage_line);
		}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		crm_usage(usage_line);
	if (strcmp(argv[0], "contacts") && strcmp(argv[0], "companies"))
		crm_die(CRM_EXIT_USAGE, "cannot dedupe '%s': want contacts or "
		    "companies", argv[0]);
	if (!(dd.e = crm_entity_find(argv[0])))
		crm_die(CRM_EXIT_USAGE, "unknown entity '%s'", argv[0]);
	dd.mapper = crm_mapper_new(dd.e, dd.co.maps, dd.co.nmaps);
	dd.companies = !strcmp(argv[0], "companies");
	argc--;
	argv++;
	if (dd.o.t_review > dd.o.t_auto)
		crm_die(CRM_EXIT_USAGE, "--review %.3f is above --auto %.3f",
		    dd.o.t_review, dd.o.t_auto);
	if ((dd.undo != NULL) + (dd.notdup != NULL) + (dd.merge != 0) > 1)
		crm_die(CRM_EXIT_USAGE, "--merge, --undo and --not-duplicates "
		    "go one at a time");
	if (dd.keep_newer && !dd.undo)
		crm_die(CRM_EXIT_USAGE, "--keep-newer goes with --undo");
	if ((dd.undo || dd.notdup || dd.merge) && argc > 0)
		crm_die(CRM_EXIT_USAGE, "--merge, --undo and --not-duplicates work "
		    "on the store: no file operands");
	if (dd.from_db && dd.against)
		crm_die(CRM_EXIT_USAGE, "--from-db and --against-db go one at a "
		    "time");
	if (dd.from_db && argc > 0)
		crm_die(CRM_EXIT_USAGE, "--from-db reads the store: no file "
		    "operands (--against-db matches files against it)");
	if (dd.link)
		dd.o.link = 1;
	check_stdout(&dd, argc, argv);
	if (dd.settings)
		load_settings(&dd);
	crm_dd_table_init(&dd.t, dd.e, dd.mapper, dd.companies);
	crm_progress_init(&dd.prog, &dd.co);

	if (dd.undo) {
		status = do_undo(&dd);
		goto out;
	}
	if (dd.notdup) {
		status = do_notdup(&dd);
		goto out;
	}
	/* Store mode: --from-db, --merge, or --against-db (--db only names the store). */
	if (dd.from_db || dd.merge || dd.against) {
		open_store(&dd, dd.merge ? 0 : CRM_STORE_READONLY);
		if (crm_merge_load(dd.store, dd.e, load_row, &dd, &err) < 0)
			crm_die_err(&err);
		if (dd.against)
			dd.o.link = 1;
	}
	if (!dd.store || dd.against) {
		crm_opts_check_stdin(argc);
		if (argc == 0)
			read_file(&dd, "-", 1);
		for (i = 0; i < argc; i++)
			read_file(&dd, argv[i], i + 1);
	}
	input_format = dd.input_format ? dd.input_format : CRM_FMT_CSV;
	feed(&dd);
	if (dd.settings)
		pin_settings(&dd);
	if (dd.store && crm_merge_not_dups(dd.store, dd.e, add_notdup, &dd,
	    &err) < 0)
		crm_die_err(&err);
	if (crm_dedupe_run(dd.d, &err) < 0)
		crm_die_err(&err);
	if (dd.prog.on) {
		struct crm_dedupe_stats ps;

		crm_dedupe_get_stats(dd.d, &ps);
		crm_progress_phase(&dd.prog, "dedupe", "done", (long long)
		    ps.candidates, 0, "pairs compared", 1);
	}
	{
		struct crm_dedupe_stats fs;

		crm_dedupe_get_stats(dd.d, &fs);
		if (fs.fallback)
			fprintf(stderr, "%s: warning: model not estimated (%s): "
			    "fallback rules used: equal company name without "
			    "legal form, INN, e-mail or phone = auto; similar "
			    "names = review\n", crm_progname(), fs.fallback);
	}
	summary(&dd);
	if (dd.merge) {
		if (dd.pairs)
			out_pairs(&dd, input_format);
		status = do_merge(&dd);
	} else {
		struct crm_dedupe_stats st;

		if (dd.pairs)
			out_pairs(&dd, input_format);
		else
			out_records(&dd, input_format);
		crm_dedupe_get_stats(dd.d, &st);
		status = st.clusters || st.review ? CRM_EXIT_FINDINGS : CRM_EXIT_OK;
	}
out:
	crm_dedupe_free(dd.d);
	if (dd.store)
		crm_store_close(dd.store);
	crm_dd_table_release(&dd.t);
	crm_mapper_free(dd.mapper);
	crm_opts_release(&dd.co);
	return crm_opts_finish(&dd.co, status);
}
