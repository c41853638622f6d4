/*
 * funnel: reached, conversion, time in stage, stuck and slipped deals,
 * the weighted pipeline and the stage rules (see funnel.h and
 * man/crm-funnel.1).
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "date.h"
#include "funnel.h"
#include "hmap.h"
#include "utf8.h"

enum { OPEN = 0, WON, LOST };

#define DAY 86400.0
#define NOSTAGE (-1)
#define NSLOT 2

/* ---- stages ---- */

struct stage {
	char *pipeline, *name;
	long position;
	double prob;
	int has_prob;
	int kind;
	double sla;
	int has_sla;
	int required;
	unsigned *req;		/* indexes into f->reqf */
	size_t nreq;
	long line;
	const char *file;
	size_t pipe;
	int order;		/* among the pipeline's open stages, from 0; -1 if not open */
};

struct pipe {
	char *name;
	size_t first, n;	/* stages[first .. first+n-1], by position */
	size_t nopen;
	int first_won, first_lost, last_open;	/* stage indexes or NOSTAGE */
	long long ndeals;	/* selected deals, in any slot */
};

/* ---- deals ---- */

struct visit {
	int stage;
	unsigned char seen;		/* entered at least once */
	unsigned char skip_told;	/* a skipped-stage violation was made */
	unsigned char entered[NSLOT];
	unsigned char hasdays[NSLOT];
	double days[NSLOT];
};

struct deal {
	/* the history so far: what a history row reads and writes, first */
	struct visit *v;		/* room for its pipeline's stages */
	unsigned nv;
	int last_stage;
	int64_t last_t;
	long nhist;
	long last_line;
	int last_open;			/* the open stage entered last, any time */
	int far_open;			/* the furthest open stage (order), any time */
	int far_won;			/* a won stage was entered */
	int rank[NSLOT];		/* furthest open order counted; nopen = all */
	int terminal[NSLOT];		/* won or lost stage counted */
	int lost_at[NSLOT];		/* open stage a counted loss is credited to */
	unsigned char sel[NSLOT];	/* selected in the slot's period */
	unsigned has_amount : 1, has_created : 1, has_expected : 1,
	    has_closed : 1, excluded : 1;
	signed char status;
	unsigned pipe;
	char last_text[40];		/* entered_at of the last entry, as given
					 * (see set_last_text) */
	/* the rest */
	size_t title, owner, expected_text;	/* in f->text, or NOTEXT */
	int64_t amount;			/* cents */
	int64_t created, expected, closed;
	int stage;			/* current stage as the deal says, or NOSTAGE */
	size_t group;
	long line, recno;
	unsigned file;
	uint64_t missing;		/* bit i: requires-field i is empty */
};

/* ---- per group, slot and stage ---- */

struct acc {
	long long reached, entered, lost_here, open, stuck;
	int64_t open_amount, weighted;
	size_t days;		/* its group in f->days, or NOGROUP */
};

struct sum {
	long long deals, open, won, lost;
	int64_t won_amount;
	size_t cycle;		/* its group in f->cycle, or NOGROUP */
};

#define NOGROUP ((size_t)-1)

struct listed {			/* a stuck or slipped deal */
	size_t deal;
	double days;
	double limit;
	int stage;
};

struct violation {
	unsigned file;
	int entity;		/* 0 deals, 1 deal_stages */
	long line, record;
	char *field, *code, *rule, *value, *expected, *message;
	const char *severity;
};

struct crm_funnel {
	struct crm_funnel_opts o;
	int64_t from[NSLOT], to[NSLOT];
	int has_from[NSLOT], has_to[NSLOT];
	int nslot;
	int phase;		/* 0 stages, 1 deals, 2 history, 3 finished */

	struct stage *st;
	size_t nst, cst;
	struct pipe *pp;
	size_t npp;
	struct crm_hmap stmap;	/* "pipeline\x1fname" -> stage */
	struct crm_hmap namemap; /* name -> stage, or -2 when in two pipelines */
	char **reqf;		/* fields some stage requires */
	size_t nreqf;

	struct deal *d;
	size_t nd, cd;
	struct crm_hmap dmap;	/* external_id -> deal; key i is deal i's id */
	struct crm_buf text;	/* the deals' titles, owners, expected_close */
	struct visit **vblock;	/* the deals' visits */
	size_t nvblock, vused;	/* blocks; visits used in the last one */
	size_t last_deal;	/* the deal of the last history row */
	const char *last_id;	/* its id (the key in dmap), or NULL */

	size_t ngroups;
	struct crm_hmap gmap;	/* the --by values, in the order first seen */
	size_t *gorder;		/* groups sorted by key */

	char **files;
	size_t nfiles;

	long long skipped, nentries, ndeals_sel;

	/* results */
	int *shown;		/* stage indexes shown, by pipeline then position */
	size_t nshown;
	int multi_pipe;
	struct acc *acc;	/* [slot][group][shown] */
	struct sum *sum;	/* [slot][group] */
	struct crm_agg *days;	/* time in stage, per acc */
	struct crm_agg *cycle;	/* cycle length of won deals, per sum */
	struct listed *stuck, *slipped;
	size_t nstuck, nslipped, cstuck, cslipped;
	struct violation *vio;
	size_t nvio, cvio;

	const char **cols;
	size_t ncols;
	struct crm_buf scratch;
	char as_of[32];		/* the as-of instant as text, for messages */
};

/* Seconds to the day they fall on, and back. */
static long
day_of(int64_t t)
{
	return (long)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
}

static int64_t
period_start(int64_t t, int unit)
{
	return (int64_t)crm_date_bucket_start(day_of(t),
	    (enum crm_date_unit)unit) * 86400;
}

/* The start of the period after (before) the one that starts at start. */
static int64_t
period_next(int64_t start, int unit)
{
	static const int len[] = { 1, 7, 31, 92, 366 };

	return (int64_t)crm_date_bucket_start(day_of(start) + len[unit],
	    (enum crm_date_unit)unit) * 86400;
}

static int64_t
period_prev(int64_t start, int unit)
{
	return period_start(start - 86400, unit);
}

/* The hash maps hold a long per key. */
static int
map_get(struct crm_hmap *m, const char *k, size_t n, long *v)
{
	size_t i = crm_hmap_find(m, k, n);

	if (i == CRM_HMAP_NONE)
		return 0;
	if (v)
		*v = *crm_hmap_val(m, i);
	return 1;
}

static void
map_put(struct crm_hmap *m, const char *k, size_t n, long v)
{
	*crm_hmap_val(m, crm_hmap_put(m, k, n, NULL)) = v;
}

struct crm_funnel *
crm_funnel_new(const struct crm_funnel_opts *o)
{
	struct crm_funnel *f = xcalloc(1, sizeof *f);

	f->o = *o;
	crm_buf_init(&f->scratch);
	crm_buf_init(&f->text);
	{
		long day = day_of(o->as_of);
		int sec = (int)(o->as_of - (int64_t)day * 86400);

		crm_date_from_days(day, f->as_of);
		if (sec > 0 && sec < 86400)
			snprintf(f->as_of + 10, sizeof f->as_of - 10,
			    "T%02d:%02d:%02dZ", sec / 3600 % 24, sec / 60 % 60,
			    sec % 60);
	}
	f->nslot = 1;
	f->has_from[0] = o->has_from;
	f->has_to[0] = o->has_to;
	f->from[0] = o->from;
	f->to[0] = o->to;
	if (o->compare) {
		/*
		 * The current period: from --from, else the last whole period
		 * that ends on or before the as-of instant; then the one before.
		 */
		int64_t start = o->has_from ? o->from :
		    period_prev(period_start(o->as_of, o->unit), o->unit);
		int64_t end = period_next(start, o->unit);

		f->nslot = 2;
		f->has_from[0] = f->has_to[0] = f->has_from[1] =
		    f->has_to[1] = 1;
		f->from[0] = start;
		f->to[0] = end;
		f->from[1] = period_prev(start, o->unit);
		f->to[1] = start;
	}
	return f;
}

static void
violation_free(struct violation *v)
{
	free(v->field);
	free(v->code);
	free(v->rule);
	free(v->value);
	free(v->expected);
	free(v->message);
}

void
crm_funnel_free(struct crm_funnel *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->nst; i++) {
		free(f->st[i].pipeline);
		free(f->st[i].name);
		free(f->st[i].req);
	}
	free(f->st);
	for (i = 0; i < f->npp; i++)
		free(f->pp[i].name);
	free(f->pp);
	for (i = 0; i < f->nreqf; i++)
		free(f->reqf[i]);
	free(f->reqf);
	for (i = 0; i < f->nvblock; i++)
		free(f->vblock[i]);
	free(f->vblock);
	free(f->d);
	free(f->gorder);
	for (i = 0; i < f->nfiles; i++)
		free(f->files[i]);
	free(f->files);
	crm_hmap_release(&f->stmap);
	crm_hmap_release(&f->namemap);
	crm_hmap_release(&f->dmap);
	crm_buf_release(&f->text);
	crm_hmap_release(&f->gmap);
	free(f->shown);
	free(f->acc);
	free(f->sum);
	crm_agg_free(f->days);
	crm_agg_free(f->cycle);
	free(f->stuck);
	free(f->slipped);
	for (i = 0; i < f->nvio; i++)
		violation_free(&f->vio[i]);
	free(f->vio);
	free(f->cols);
	crm_buf_release(&f->scratch);
	free(f);
}

int
crm_funnel_skip_bad(struct crm_funnel *f)
{
	if (!f->o.skip_bad)
		return 0;
	f->skipped++;
	return 1;
}

long long
crm_funnel_skipped(const struct crm_funnel *f)
{
	return f->skipped;
}

long long
crm_funnel_ndeals(const struct crm_funnel *f)
{
	return f->ndeals_sel;
}

long long
crm_funnel_nentries(const struct crm_funnel *f)
{
	return f->nentries;
}

/* ---- helpers ---- */

static const char *
val(const struct crm_record *rec, const char *name)
{
	const char *v = crm_record_value(rec, name);

	return v && *v ? v : NULL;
}

static unsigned
file_id(struct crm_funnel *f, const char *file)
{
	if (!file)
		file = "";
	if (f->nfiles && !strcmp(f->files[f->nfiles - 1], file))
		return (unsigned)(f->nfiles - 1);
	f->files = xreallocarray(f->files, f->nfiles + 1, sizeof *f->files);
	f->files[f->nfiles] = xstrdup(file);
	return (unsigned)f->nfiles++;
}

/* A bad record: -1, or 1 when skip_bad counts it. */
static int
bad(struct crm_funnel *f, struct crm_err *err, const char *file,
    const struct crm_record *rec, const char *fmt, const char *a,
    const char *b, const char *c)
{
	crm_err_set(err, CRM_EDATA, crm_inname(file), rec ? rec->line : 0, 0,
	    fmt, a, b, c);
	if (f->o.skip_bad) {
		f->skipped++;
		return 1;
	}
	return -1;
}

static int
parse_time(const char *s, int64_t *t)
{
	struct crm_datetime dt;
	const char *why;

	if (crm_date_parse(s, strlen(s), &dt, &why) < 0)
		return -1;
	*t = (int64_t)llround(crm_datetime_utc(&dt));
	return 0;
}

static int
kind_parse(const char *s)
{
	if (!strcmp(s, "open"))
		return OPEN;
	if (!strcmp(s, "won"))
		return WON;
	if (!strcmp(s, "lost"))
		return LOST;
	return -1;
}

static int
yes(const char *s)
{
	return s && (!strcmp(s, "1") || !strcasecmp(s, "yes") ||
	    !strcasecmp(s, "true") || !strcasecmp(s, "y") ||
	    !strcmp(s, "да"));
}

static void
stkey(struct crm_buf *b, const char *pipeline, const char *name)
{
	crm_buf_reset(b);
	crm_buf_adds(b, pipeline ? pipeline : "");
	crm_buf_addc(b, '\x1f');
	crm_buf_adds(b, name);
}

/* ---- stages ---- */

int
crm_funnel_add_stage(struct crm_funnel *f, const struct crm_record *rec,
    const char *file, struct crm_err *err)
{
	const char *pl = val(rec, "pipeline"), *name = val(rec, "name");
	const char *pos = val(rec, "position"), *prob = val(rec, "probability");
	const char *kind = val(rec, "kind"), *sla = val(rec, "sla_days");
	const char *req = val(rec, "requires");
	struct stage *s;
	long n;
	char *end;
	double x;

	if (f->phase != 0)
		return crm_err_set(err, CRM_EUSAGE, crm_inname(file),
		    rec->line, 0, "stage definitions come before the deals");
	if (!name)
		return bad(f, err, file, rec, "stage without a name%s%s%s",
		    "", "", "");
	stkey(&f->scratch, pl, name);
	if (map_get(&f->stmap, f->scratch.buf, f->scratch.len, NULL))
		return bad(f, err, file, rec, "stage '%s' of pipeline '%s' "
		    "defined twice%s", name, pl ? pl : "", "");
	if (!pos || crm_parse_long(pos, &n) < 0)
		return bad(f, err, file, rec, "stage '%s': bad position '%s'%s",
		    name, pos ? pos : "", "");
	if (!kind)
		kind = "open";
	if (kind_parse(kind) < 0)
		return bad(f, err, file, rec, "stage '%s': bad kind '%s' "
		    "(open, won or lost)%s", name, kind, "");
	f->st = xreallocarray(f->st, f->nst + 1, sizeof *f->st);
	s = &f->st[f->nst];
	memset(s, 0, sizeof *s);
	s->position = n;
	s->kind = kind_parse(kind);
	if (prob) {
		x = strtod(prob, &end);
		if (*end || end == prob || !(x >= 0 && x <= 100))
			return bad(f, err, file, rec, "stage '%s': bad "
			    "probability '%s' (0 to 100)%s", name, prob, "");
		s->prob = x;
		s->has_prob = 1;
	} else if (s->kind == WON) {
		s->prob = 100;
		s->has_prob = 1;
	} else if (s->kind == LOST)
		s->has_prob = 1;
	if (sla) {
		x = strtod(sla, &end);
		if (*end || end == sla || !(x >= 0))
			return bad(f, err, file, rec, "stage '%s': bad "
			    "sla_days '%s'%s", name, sla, "");
		s->sla = x;
		s->has_sla = 1;
	}
	s->required = yes(val(rec, "required"));
	while (req && *req) {
		size_t len = strcspn(req, ",; ");
		size_t i;

		if (len) {
			for (i = 0; i < f->nreqf; i++)
				if (strlen(f->reqf[i]) == len &&
				    !memcmp(f->reqf[i], req, len))
					break;
			if (i == f->nreqf) {
				if (f->nreqf == 64)
					return crm_err_set(err, CRM_EUSAGE,
					    crm_inname(file), rec->line, 0,
					    "more than 64 fields required by "
					    "stages");
				f->reqf = xreallocarray(f->reqf, f->nreqf + 1,
				    sizeof *f->reqf);
				f->reqf[f->nreqf++] = xstrndup(req, len);
			}
			s->req = xreallocarray(s->req, s->nreq + 1,
			    sizeof *s->req);
			s->req[s->nreq++] = (unsigned)i;
		}
		req += len;
		req += strspn(req, ",; ");
	}
	s->pipeline = xstrdup(pl ? pl : "");
	s->name = xstrdup(name);
	s->line = rec->line;
	s->file = NULL;
	{
		unsigned fid = file_id(f, file);

		s->file = f->files[fid];
	}
	map_put(&f->stmap, f->scratch.buf, f->scratch.len, f->nst);
	f->nst++;
	return 0;
}

static int
stage_cmp(const void *a, const void *b)
{
	const struct stage *x = a, *y = b;
	int c = strcmp(x->pipeline, y->pipeline);

	if (c)
		return c;
	return (x->position > y->position) - (x->position < y->position);
}

/* Sort the stages by pipeline and position, index them, find the pipelines. */
static int
stages_done(struct crm_funnel *f, struct crm_err *err)
{
	size_t i, j;
	long got;

	if (f->nst == 0)
		return crm_err_set(err, CRM_EUSAGE, NULL, 0, 0,
		    "no stage definitions (import stages, or give --stages)");
	qsort(f->st, f->nst, sizeof *f->st, stage_cmp);
	crm_hmap_clear(&f->stmap);
	for (i = 0; i < f->nst; i++) {
		struct stage *s = &f->st[i];

		if (i > 0 && !strcmp(s[-1].pipeline, s->pipeline) &&
		    s[-1].position == s->position)
			return crm_err_set(err, CRM_EUSAGE, crm_inname(s->file),
			    s->line, 0, "stages '%s' and '%s' of pipeline '%s' "
			    "have the same position %ld", s[-1].name, s->name,
			    s->pipeline, s->position);
		if (i == 0 || strcmp(s[-1].pipeline, s->pipeline)) {
			struct pipe *p;

			f->pp = xreallocarray(f->pp, f->npp + 1, sizeof *f->pp);
			p = &f->pp[f->npp++];
			memset(p, 0, sizeof *p);
			p->name = xstrdup(s->pipeline);
			p->first = i;
			p->first_won = p->first_lost = p->last_open = NOSTAGE;
		}
		s->pipe = f->npp - 1;
		f->pp[s->pipe].n++;
		s->order = -1;
		if (s->kind == OPEN) {
			s->order = (int)f->pp[s->pipe].nopen++;
			f->pp[s->pipe].last_open = (int)i;
		} else if (s->kind == WON && f->pp[s->pipe].first_won == NOSTAGE)
			f->pp[s->pipe].first_won = (int)i;
		else if (s->kind == LOST &&
		    f->pp[s->pipe].first_lost == NOSTAGE)
			f->pp[s->pipe].first_lost = (int)i;
		stkey(&f->scratch, s->pipeline, s->name);
		map_put(&f->stmap, f->scratch.buf, f->scratch.len, i);
		if (map_get(&f->namemap, s->name, strlen(s->name), &got))
			map_put(&f->namemap, s->name, strlen(s->name), -2);
		else
			map_put(&f->namemap, s->name, strlen(s->name),
			    (long)i);
	}
	if (f->o.pipeline) {
		for (j = 0; j < f->npp; j++)
			if (!strcmp(f->pp[j].name, f->o.pipeline))
				break;
		if (j == f->npp) {
			crm_buf_reset(&f->scratch);
			for (j = 0; j < f->npp; j++)
				crm_buf_addf(&f->scratch, "%s'%s'", j ? ", " : "",
				    f->pp[j].name);
			return crm_err_set(err, CRM_EUSAGE, NULL, 0, 0,
			    "no pipeline '%s' (stages have: %s)", f->o.pipeline,
			    f->scratch.buf);
		}
	}
	f->phase = 1;
	return 0;
}

/*
 * The stage called name in pipeline p (p = -1: any, if only one has it);
 * -2 when it is in more than one.  A pipeline has a few stages: they are
 * compared in turn, which costs less than a hash lookup per history row.
 */
static int
find_stage(struct crm_funnel *f, long p, const char *name)
{
	const struct pipe *pp;
	size_t i;
	long v;

	if (p < 0) {
		if (!map_get(&f->namemap, name, strlen(name), &v))
			return NOSTAGE;
		return v < 0 ? -2 : (int)v;
	}
	pp = &f->pp[p];
	for (i = pp->first; i < pp->first + pp->n; i++)
		if (!strcmp(f->st[i].name, name))
			return (int)i;
	return NOSTAGE;
}

static long
find_pipe(struct crm_funnel *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->npp; i++)
		if (!strcmp(f->pp[i].name, name))
			return (long)i;
	return -1;
}

/* ---- deals ---- */

static size_t
group_id(struct crm_funnel *f, const char *key)
{
	size_t g;

	if (!key)
		key = "";
	g = crm_hmap_put(&f->gmap, key, strlen(key), NULL);
	f->ngroups = crm_hmap_count(&f->gmap);
	return g;
}

static const char *
group_key(const struct crm_funnel *f, size_t g)
{
	return crm_hmap_key(&f->gmap, g, NULL);
}

static int
in_slot(const struct crm_funnel *f, int slot, int64_t t)
{
	return (!f->has_from[slot] || t >= f->from[slot]) &&
	    (!f->has_to[slot] || t < f->to[slot]);
}

static int
ranged(const struct crm_funnel *f)
{
	int k;

	for (k = 0; k < f->nslot; k++)
		if (f->has_from[k] || f->has_to[k])
			return 1;
	return 0;
}

/*
 * A canonical amount ("-1234.5") in cents, exactly; a third decimal that
 * is not 0 is refused rather than rounded.
 */
static int
parse_cents(const char *s, int64_t *out)
{
	int64_t v = 0;
	int neg = *s == '-', i;

	s += neg;
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (INT64_MAX - 9) / 1000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	v *= 100;
	if (*s == '.') {
		s++;
		for (i = 0; i < 2 && *s >= '0' && *s <= '9'; i++, s++)
			v += (*s - '0') * (i ? 1 : 10);
		while (*s == '0')
			s++;
	}
	if (*s)
		return -1;
	*out = neg ? -v : v;
	return 0;
}

#define NOTEXT ((size_t)-1)

/* A deal's text kept for the reports: its place in f->text. */
static size_t
keep_text(struct crm_funnel *f, const char *s)
{
	size_t off = f->text.len;

	if (!s)
		return NOTEXT;
	crm_buf_add(&f->text, s, strlen(s) + 1);
	return off;
}

static const char *
text(const struct crm_funnel *f, size_t off)
{
	return off == NOTEXT ? NULL : f->text.buf + off;
}

/*
 * The text of the deal's last entry, as given.  Each history row sets it:
 * it is kept in the deal (every ISO 8601 text crm_norm_date writes fits),
 * and a longer one (only a store written by other means has them) in
 * f->text, the deal's text then a NUL, a 1 and its place there.
 */
static void
set_last_text(struct crm_funnel *f, struct deal *d, const char *s)
{
	size_t n = strlen(s), off;

	if (n < sizeof d->last_text) {
		memcpy(d->last_text, s, n + 1);
		return;
	}
	off = keep_text(f, s);
	d->last_text[0] = '\0';
	d->last_text[1] = 1;
	memcpy(d->last_text + 8, &off, sizeof off);
}

static const char *
last_text(const struct crm_funnel *f, const struct deal *d)
{
	size_t off;

	if (d->last_text[0] || d->last_text[1] != 1)
		return d->last_text;
	memcpy(&off, d->last_text + 8, sizeof off);
	return text(f, off);
}

/* The deal's external_id. */
static const char *
deal_id(const struct crm_funnel *f, const struct deal *d)
{
	return crm_hmap_key(&f->dmap, (size_t)(d - f->d), NULL);
}

int
crm_funnel_add_deal(struct crm_funnel *f, const struct crm_record *rec,
    const char *file, struct crm_err *err)
{
	const char *id = val(rec, "external_id"), *pl = val(rec, "pipeline");
	const char *stage = val(rec, "stage"), *status = val(rec, "status");
	const char *amount = val(rec, "amount"), *created = val(rec, "created_at");
	const char *expected = val(rec, "expected_close");
	const char *closed = val(rec, "closed_at");
	const char *gkey = NULL;
	struct deal d;
	long p = -1, prev;
	int k, sidx = NOSTAGE;
	size_t i;
	char gbuf[CRM_DATE_LABEL];

	if (f->phase == 0 && stages_done(f, err) < 0)
		return -1;
	if (f->phase != 1)
		return crm_err_set(err, CRM_EUSAGE, crm_inname(file),
		    rec->line, 0, "deals come before the stage history");
	if (!id)
		return bad(f, err, file, rec, "deal without an external_id%s%s%s",
		    "", "", "");
	if (map_get(&f->dmap, id, strlen(id), &prev)) {
		char line[32];

		snprintf(line, sizeof line, "%ld", f->d[prev].line);
		return bad(f, err, file, rec, "deal '%s' twice (first at line "
		    "%s)%s", id, line, "");
	}
	memset(&d, 0, sizeof d);
	d.stage = d.last_stage = d.last_open = NOSTAGE;
	d.far_open = -1;
	for (k = 0; k < NSLOT; k++) {
		d.rank[k] = -1;
		d.terminal[k] = d.lost_at[k] = NOSTAGE;
	}
	if (pl) {
		if ((p = find_pipe(f, pl)) < 0)
			return bad(f, err, file, rec, "deal '%s': unknown "
			    "pipeline '%s'%s", id, pl, "");
	} else if (f->npp == 1)
		p = 0;
	if (stage) {
		sidx = find_stage(f, p, stage);
		if (sidx == -2)
			return bad(f, err, file, rec, "deal '%s': stage '%s' is "
			    "in more than one pipeline; give the deal a "
			    "pipeline%s", id, stage, "");
		if (sidx == NOSTAGE)
			return bad(f, err, file, rec, "deal '%s': unknown stage "
			    "'%s'%s", id, stage, "");
		p = (long)f->st[sidx].pipe;
	}
	if (p < 0)
		return bad(f, err, file, rec, "deal '%s' has no stage and no "
		    "pipeline, and there are %s pipelines%s", id, "several", "");
	d.stage = sidx;
	d.pipe = (unsigned)p;
	if (status) {
		if ((d.status = (signed char)kind_parse(status)) < 0)
			return bad(f, err, file, rec, "deal '%s': bad status "
			    "'%s' (open, won or lost)%s", id, status, "");
	} else if (sidx != NOSTAGE)
		d.status = (signed char)f->st[sidx].kind;
	else
		return bad(f, err, file, rec, "deal '%s' has neither a stage "
		    "nor a status%s%s", id, "", "");
	if (amount) {
		if (parse_cents(amount, &d.amount) < 0)
			return bad(f, err, file, rec, "deal '%s': bad amount "
			    "'%s'%s", id, amount, "");
		d.has_amount = 1;
	}
	if (created) {
		if (parse_time(created, &d.created) < 0)
			return bad(f, err, file, rec, "deal '%s': bad created_at "
			    "'%s'%s", id, created, "");
		if (d.created > f->o.as_of)
			return bad(f, err, file, rec, "deal '%s': created_at %s "
			    "is after the as-of date %s", id, created, f->as_of);
		d.has_created = 1;
	}
	if (closed) {
		if (parse_time(closed, &d.closed) < 0)
			return bad(f, err, file, rec, "deal '%s': bad closed_at "
			    "'%s'%s", id, closed, "");
		if (d.closed > f->o.as_of)
			return bad(f, err, file, rec, "deal '%s': closed_at %s "
			    "is after the as-of date %s", id, closed, f->as_of);
		d.has_closed = 1;
	}
	if (expected) {
		if (parse_time(expected, &d.expected) < 0)
			return bad(f, err, file, rec, "deal '%s': bad "
			    "expected_close '%s'%s", id, expected, "");
		d.has_expected = 1;
	}
	if (f->o.mode == CRM_FUNNEL_COHORT && ranged(f) && !d.has_created)
		return bad(f, err, file, rec, "deal '%s' has no created_at to "
		    "place it in the period%s%s", id, "", "");
	if (f->o.pipeline && strcmp(f->pp[p].name, f->o.pipeline))
		d.excluded = 1;
	if (f->o.mode == CRM_FUNNEL_COHORT)
		for (k = 0; k < f->nslot; k++)
			d.sel[k] = !d.excluded &&
			    (!d.has_created ? !f->has_from[k] && !f->has_to[k] :
			    in_slot(f, k, d.created));
	if (f->o.by) {
		enum crm_date_unit unit;

		if (crm_date_unit(f->o.by, &unit) == 0) {
			if (d.has_created) {
				crm_date_bucket_label(day_of(d.created), unit,
				    gbuf);
				gkey = gbuf;
			}
		} else if (!strcmp(f->o.by, "pipeline"))
			gkey = f->pp[p].name;
		else
			gkey = val(rec, f->o.by);
	}
	d.group = group_id(f, gkey);
	for (i = 0; i < f->nreqf; i++)
		if (!val(rec, f->reqf[i]))
			d.missing |= (uint64_t)1 << i;
	d.title = keep_text(f, val(rec, "title"));
	d.owner = keep_text(f, val(rec, "owner"));
	d.expected_text = keep_text(f, expected);
	if (created)	/* the entry into the current stage when no history */
		set_last_text(f, &d, created);
	d.line = rec->line;
	d.recno = rec->recno;
	d.file = file_id(f, file);
	if (f->nd == f->cd) {
		f->cd = f->cd ? f->cd * 2 : 1024;
		f->d = xreallocarray(f->d, f->cd, sizeof *f->d);
	}
	f->d[f->nd] = d;
	map_put(&f->dmap, id, strlen(id), (long)f->nd);	/* key number nd */
	f->nd++;
	return 0;
}

const char *const *
crm_funnel_deal_fields(struct crm_funnel *f, size_t *n)
{
	size_t i;

	free(f->cols);
	f->cols = xcalloc(f->nreqf + 2, sizeof *f->cols);
	f->ncols = 0;
	enum crm_date_unit unit;

	if (f->o.by && crm_date_unit(f->o.by, &unit) < 0 &&
	    strcmp(f->o.by, "pipeline"))
		f->cols[f->ncols++] = f->o.by;
	for (i = 0; i < f->nreqf; i++)
		f->cols[f->ncols++] = f->reqf[i];
	*n = f->ncols;
	return f->cols;
}

/* ---- history ---- */

#define VCHUNK 16384	/* visits per block of f->vblock */

/*
 * The deal's visit of stage, made on first use.  A deal visits stages of
 * its pipeline only: its visits get room for all of them at once, from
 * big blocks (no allocation per deal, none to grow).
 */
static struct visit *
visit(struct crm_funnel *f, struct deal *d, int stage)
{
	unsigned i;

	for (i = 0; i < d->nv; i++)
		if (d->v[i].stage == stage)
			return &d->v[i];
	if (!d->v) {
		size_t n = f->pp[d->pipe].n;

		if (!f->nvblock || f->vused + n > VCHUNK) {
			f->vblock = xreallocarray(f->vblock, f->nvblock + 1,
			    sizeof *f->vblock);
			f->vblock[f->nvblock++] = xreallocarray(NULL,
			    n > VCHUNK ? n : VCHUNK, sizeof **f->vblock);
			f->vused = 0;
		}
		d->v = f->vblock[f->nvblock - 1] + f->vused;
		f->vused += n;
	}
	memset(&d->v[d->nv], 0, sizeof *d->v);
	d->v[d->nv].stage = stage;
	return &d->v[d->nv++];
}

static void
add_violation(struct crm_funnel *f, unsigned file, int entity, long line,
    long record, const char *field, const char *code, const char *rule,
    const char *severity, const char *value, const char *expected,
    const char *message)
{
	struct violation *v;

	if (f->nvio == f->cvio) {
		f->cvio = f->cvio ? f->cvio * 2 : 64;
		f->vio = xreallocarray(f->vio, f->cvio, sizeof *f->vio);
	}
	v = &f->vio[f->nvio++];
	v->file = file;
	v->entity = entity;
	v->line = line;
	v->record = record;
	v->field = xstrdup(field);
	v->code = xstrdup(code);
	v->rule = xstrdup(rule);
	v->severity = severity;
	v->value = value ? xstrdup(value) : NULL;
	v->expected = expected ? xstrdup(expected) : NULL;
	v->message = xstrdup(message);
}

/* The end of the visit that began with the deal's last entry. */
static void
close_visit(struct crm_funnel *f, struct deal *d, int64_t end)
{
	struct visit *v;
	int k;

	if (d->last_stage == NOSTAGE || f->st[d->last_stage].kind != OPEN ||
	    end < d->last_t)
		return;
	v = visit(f, d, d->last_stage);
	for (k = 0; k < f->nslot; k++) {
		if (f->o.mode == CRM_FUNNEL_COHORT ? !d->sel[k] :
		    !in_slot(f, k, d->last_t))
			continue;
		v->days[k] += (double)(end - d->last_t) / DAY;
		v->hasdays[k] = 1;
	}
}

/* Count an entry into stage s at time t for the slots it belongs to. */
static void
count_entry(struct crm_funnel *f, struct deal *d, int s, int64_t t,
    int timed)
{
	const struct stage *st = &f->st[s];
	struct visit *v = visit(f, d, s);
	int k;

	v->seen = 1;
	for (k = 0; k < f->nslot; k++) {
		if (f->o.mode == CRM_FUNNEL_COHORT) {
			if (!d->sel[k])
				continue;
		} else {
			if (d->excluded || !timed || !in_slot(f, k, t))
				continue;
			d->sel[k] = 1;
		}
		v->entered[k] = 1;
		if (st->kind == OPEN) {
			if (st->order > d->rank[k])
				d->rank[k] = st->order;
		} else {
			d->terminal[k] = s;
			if (st->kind == WON)
				d->rank[k] = (int)f->pp[d->pipe].nopen;
			else
				d->lost_at[k] = d->last_open;
		}
	}
	if (st->kind == OPEN) {
		d->last_open = s;
		if (st->order > d->far_open)
			d->far_open = st->order;
	} else if (st->kind == WON)
		d->far_won = 1;
}

/*
 * The deal of history row id (hash: its crm_hmap_hash), or NULL.  A
 * deal's rows often come together: the deal of the row before is tried
 * first.
 */
static struct deal *
entry_deal(struct crm_funnel *f, const char *id, uint64_t hash)
{
	size_t i;

	if (f->last_id && !strcmp(f->last_id, id))
		return &f->d[f->last_deal];
	if ((i = crm_hmap_find_hash(&f->dmap, hash, id, strlen(id))) ==
	    CRM_HMAP_NONE)
		return NULL;
	f->last_deal = (size_t)crm_hmap_get(&f->dmap, i);
	f->last_id = crm_hmap_key(&f->dmap, i, NULL);	/* no puts from here */
	return &f->d[f->last_deal];
}

/* One history row; id is its deal (NULL: none), hash id's hash. */
static int
add_entry(struct crm_funnel *f, const struct crm_record *rec,
    const char *file, const char *id, uint64_t hash, struct crm_err *err)
{
	const char *stage = val(rec, "stage");
	const char *at = val(rec, "entered_at"), *pl = val(rec, "pipeline");
	struct deal *d;
	const struct stage *s;
	int sidx;
	int64_t t;

	if (f->phase == 0 && stages_done(f, err) < 0)
		return -1;
	if (f->phase > 2)
		return crm_err_set(err, CRM_EUSAGE, NULL, 0, 0,
		    "history after the end");
	f->phase = 2;
	if (!id || !stage || !at)
		return bad(f, err, file, rec, "history row without %s%s%s",
		    !id ? "a deal" : !stage ? "a stage" : "an entered_at",
		    "", "");
	if (!(d = entry_deal(f, id, hash)))
		return bad(f, err, file, rec, "history of an unknown deal "
		    "'%s'%s%s", id, "", "");
	if (pl && strcmp(pl, f->pp[d->pipe].name))
		return bad(f, err, file, rec, "deal '%s' is in pipeline '%s', "
		    "not '%s'", id, f->pp[d->pipe].name, pl);
	sidx = find_stage(f, (long)d->pipe, stage);
	if (sidx < 0)
		return bad(f, err, file, rec, "deal '%s': unknown stage '%s' in "
		    "pipeline '%s'", id, stage, f->pp[d->pipe].name);
	if (parse_time(at, &t) < 0)
		return bad(f, err, file, rec, "deal '%s': bad entered_at "
		    "'%s'%s", id, at, "");
	if (t > f->o.as_of)
		return bad(f, err, file, rec, "deal '%s': entered_at %s is after "
		    "the as-of date %s", id, at, f->as_of);
	if (d->nhist > 0 && t < d->last_t) {
		char line[32];

		snprintf(line, sizeof line, "%ld", d->last_line);
		return bad(f, err, file, rec, "deal '%s': entries out of order "
		    "(%s is before the entry at line %s)", id, at, line);
	}
	s = &f->st[sidx];
	if (f->o.check && !d->excluded) {
		unsigned fid = file_id(f, file);

		if (d->last_stage != NOSTAGE) {
			const struct stage *ps = &f->st[d->last_stage];

			if ((s->kind == OPEN && ps->kind == OPEN &&
			    s->position < ps->position) ||
			    (s->kind == OPEN && ps->kind != OPEN)) {
				crm_buf_reset(&f->scratch);
				crm_buf_addf(&f->scratch, "deal '%s' moved back "
				    "from '%s' to '%s'", deal_id(f, d), ps->name,
				    s->name);
				add_violation(f, fid, 1, rec->line, rec->recno,
				    "stage", "stage-backwards",
				    "deal_stages.stage.order", "warning",
				    s->name, NULL, f->scratch.buf);
			}
		}
		if (s->kind != LOST) {
			const struct pipe *pp = &f->pp[d->pipe];
			size_t j;

			for (j = pp->first; j < pp->first + pp->n; j++) {
				struct stage *r = &f->st[j];
				struct visit *v;

				if (!r->required || r->kind != OPEN ||
				    (s->kind == OPEN &&
				    r->position >= s->position))
					continue;
				v = visit(f, d, (int)j);
				if (v->seen || v->skip_told)
					continue;
				v->skip_told = 1;
				crm_buf_reset(&f->scratch);
				crm_buf_addf(&f->scratch, "deal '%s' entered "
				    "'%s' without the required stage '%s'",
				    deal_id(f, d), s->name, r->name);
				add_violation(f, fid, 1, rec->line, rec->recno,
				    "stage", "stage-skipped",
				    "deal_stages.stage.required", "error",
				    s->name, r->name, f->scratch.buf);
			}
		}
	}
	close_visit(f, d, t);
	count_entry(f, d, sidx, t, 1);
	d->last_stage = sidx;
	d->last_t = t;
	d->last_line = rec->line;
	set_last_text(f, d, at);
	d->nhist++;
	f->nentries++;
	return 0;
}

int
crm_funnel_add_entry(struct crm_funnel *f, const struct crm_record *rec,
    const char *file, struct crm_err *err)
{
	const char *id = val(rec, "deal");

	return add_entry(f, rec, file, id, id ? crm_hmap_hash(id, strlen(id)) :
	    0, err);
}

/* Ask the cache for the memory at p .. p+n-1. */
static void
prefetch(const void *p, size_t n)
{
	const char *c = p, *end = c + n;

	for (; c < end; c += 64)
		__builtin_prefetch(c, 1);
	__builtin_prefetch(end - 1, 1);
}

#define STEP 8		/* rows between the steps of one row's reads */
#define RING 64		/* > 4 * STEP */

int
crm_funnel_add_entries(struct crm_funnel *f, const struct crm_record *recs,
    size_t n, const char *file, size_t *done, struct crm_err *err)
{
	const char *id[RING];
	uint64_t hash[RING];
	const struct deal *d[RING];
	size_t r, j, e;
	int rc;

	/*
	 * A deal's hash slot, entry and key, the deal and its visits are far
	 * apart in memory, and each read needs the one before.  Row r asks
	 * for its slot; STEP rows later the slot is there and it asks for
	 * the entry; then for the key and the deal, then for the visits;
	 * 4 * STEP rows after it was read ahead, the row is taken, its memory
	 * at hand.  The reads of many rows are under way at once.
	 */
	for (r = 0; r < n + 4 * STEP; r++) {
		if (r < n) {
			j = r % RING;
			id[j] = val(&recs[r], "deal");
			hash[j] = id[j] ? crm_hmap_hash(id[j], strlen(id[j])) :
			    0;
			d[j] = NULL;
			crm_hmap_prefetch(&f->dmap, hash[j], 0);
		}
		if (r >= STEP && r - STEP < n)
			crm_hmap_prefetch(&f->dmap, hash[(r - STEP) % RING], 1);
		if (r >= 2 * STEP && r - 2 * STEP < n) {
			j = (r - 2 * STEP) % RING;
			if ((e = crm_hmap_prefetch(&f->dmap, hash[j], 2)) !=
			    CRM_HMAP_NONE &&
			    (size_t)crm_hmap_get(&f->dmap, e) < f->nd) {
				d[j] = &f->d[crm_hmap_get(&f->dmap, e)];
				prefetch(d[j], offsetof(struct deal, title));
			}
		}
		if (r >= 3 * STEP && r - 3 * STEP < n) {
			j = (r - 3 * STEP) % RING;
			if (d[j] && d[j]->nv)
				prefetch(d[j]->v, d[j]->nv * sizeof *d[j]->v);
		}
		if (r >= 4 * STEP && r - 4 * STEP < n) {
			j = (r - 4 * STEP) % RING;
			if ((rc = add_entry(f, &recs[r - 4 * STEP], file, id[j],
			    hash[j], err)) != 0) {
				*done = r - 4 * STEP + 1;
				return rc;
			}
		}
	}
	*done = n;
	return 0;
}

/* ---- finish ---- */

/* Add x to the agg group of an accumulator, made on first use. */
static void
agg_add(struct crm_agg *a, size_t *g, size_t id, double x)
{
	char key[24];

	if (*g == NOGROUP) {
		snprintf(key, sizeof key, "%zu", id);
		*g = crm_agg_group(a, key, strlen(key));
	}
	crm_agg_add(a, *g, x);
}

struct gkey {
	const char *key;
	size_t idx;
};

static int
gkey_cmp(const void *a, const void *b)
{
	const struct gkey *x = a, *y = b;

	return strcmp(x->key, y->key);
}

static int64_t
weighted_cents(int64_t amount, double prob)
{
	return (int64_t)llround((double)amount * prob / 100.0);
}

static int
listed_cmp_stuck(const void *a, const void *b)
{
	const struct listed *x = a, *y = b;

	if (x->days != y->days)
		return x->days < y->days ? 1 : -1;
	return (x->deal > y->deal) - (x->deal < y->deal);
}

static int
vio_cmp(const void *a, const void *b)
{
	const struct violation *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return strcmp(x->code, y->code);
}

int
crm_funnel_finish(struct crm_funnel *f, struct crm_err *err)
{
	size_t i, j, ng, nsh;
	long *rowof = NULL;
	int k;

	if (f->phase == 0 && stages_done(f, err) < 0)
		return -1;
	f->phase = 3;
	if (f->ngroups == 0)
		group_id(f, NULL);
	ng = f->ngroups;

	/* Deals with no history enter their current stage when created. */
	for (i = 0; i < f->nd; i++) {
		struct deal *d = &f->d[i];

		if (d->excluded || d->nhist > 0)
			continue;
		if (d->stage != NOSTAGE) {
			const struct stage *s = &f->st[d->stage];

			count_entry(f, d, d->stage, d->created, d->has_created);
			if (d->has_created) {
				d->last_stage = d->stage;
				d->last_t = d->created;
			}
			if (s->kind == LOST) {
				/* A lost deal at a lost stage reached every open stage. */
				for (k = 0; k < f->nslot; k++)
					if (d->terminal[k] == d->stage) {
						d->rank[k] =
						    (int)f->pp[d->pipe].nopen - 1;
						d->lost_at[k] =
						    f->pp[d->pipe].last_open;
					}
				d->far_open = (int)f->pp[d->pipe].nopen - 1;
			}
		}
	}
	/* Close the last visits; settle the status of closed deals. */
	for (i = 0; i < f->nd; i++) {
		struct deal *d = &f->d[i];
		const struct pipe *p = &f->pp[d->pipe];

		if (d->excluded)
			continue;
		if (d->status == OPEN)
			close_visit(f, d, f->o.as_of);
		else if (d->has_closed)
			close_visit(f, d, d->closed);
		if (f->o.mode != CRM_FUNNEL_COHORT)
			continue;
		for (k = 0; k < f->nslot; k++) {
			if (!d->sel[k])
				continue;
			if (d->status == WON) {
				d->rank[k] = (int)p->nopen;
				if (d->terminal[k] == NOSTAGE ||
				    f->st[d->terminal[k]].kind != WON)
					d->terminal[k] = p->first_won;
			} else if (d->status == LOST) {
				if (d->terminal[k] == NOSTAGE ||
				    f->st[d->terminal[k]].kind != LOST) {
					d->terminal[k] = p->first_lost;
					d->lost_at[k] = d->last_open;
					if (d->nhist == 0 && d->stage == NOSTAGE) {
						d->rank[k] = (int)p->nopen - 1;
						d->lost_at[k] = p->last_open;
					}
				}
			} else
				d->terminal[k] = NOSTAGE;
		}
	}

	/* Which stages are shown: the pipelines with selected deals. */
	for (i = 0; i < f->nd; i++) {
		int any = 0;

		for (k = 0; k < f->nslot; k++)
			any |= f->d[i].sel[k];
		if (any) {
			f->pp[f->d[i].pipe].ndeals++;
			f->ndeals_sel++;
		}
	}
	rowof = xcalloc(f->nst + 1, sizeof *rowof);
	for (i = 0; i < f->nst; i++)
		rowof[i] = -1;
	{
		size_t npshown = 0, anydeals = 0;

		for (j = 0; j < f->npp; j++)
			anydeals += f->pp[j].ndeals > 0;
		f->shown = xcalloc(f->nst + 1, sizeof *f->shown);
		for (j = 0; j < f->npp; j++) {
			const struct pipe *p = &f->pp[j];

			if (f->o.pipeline ? strcmp(p->name, f->o.pipeline) :
			    anydeals && p->ndeals == 0)
				continue;
			npshown++;
			for (i = p->first; i < p->first + p->n; i++) {
				rowof[i] = (long)f->nshown;
				f->shown[f->nshown++] = (int)i;
			}
		}
		f->multi_pipe = npshown > 1;
	}
	nsh = f->nshown;

	f->acc = xcalloc((size_t)f->nslot * ng * nsh + 1, sizeof *f->acc);
	f->sum = xcalloc((size_t)f->nslot * ng + 1, sizeof *f->sum);
	for (i = 0; i < (size_t)f->nslot * ng * nsh; i++)
		f->acc[i].days = NOGROUP;
	for (i = 0; i < (size_t)f->nslot * ng; i++)
		f->sum[i].cycle = NOGROUP;
	f->days = crm_agg_new(1);
	f->cycle = crm_agg_new(1);
	for (i = 0; i < f->nd; i++) {
		struct deal *d = &f->d[i];
		const struct pipe *p = &f->pp[d->pipe];

		for (k = 0; k < f->nslot; k++) {
			struct acc *a;
			struct sum *sm;
			unsigned v;
			size_t base;
			int cur;

			if (!d->sel[k] || rowof[p->first] < 0)
				continue;
			base = ((size_t)k * ng + d->group) * nsh;
			a = f->acc + base;
			sm = &f->sum[(size_t)k * ng + d->group];
			/* reached: the open stages up to rank, the terminal one */
			for (j = p->first; j < p->first + p->n; j++) {
				const struct stage *s = &f->st[j];

				if ((s->kind == OPEN && s->order <= d->rank[k]) ||
				    (int)j == d->terminal[k])
					a[rowof[j]].reached++;
			}
			for (v = 0; v < d->nv; v++) {
				const struct visit *vi = &d->v[v];
				struct acc *x = &a[rowof[vi->stage]];

				if (vi->entered[k])
					x->entered++;
				if (vi->hasdays[k])
					agg_add(f->days, &x->days,
					    (size_t)(x - f->acc), vi->days[k]);
			}
			sm->deals++;
			if (d->status == LOST) {
				sm->lost++;
				if (d->lost_at[k] != NOSTAGE)
					a[rowof[d->lost_at[k]]].lost_here++;
			} else if (d->status == WON) {
				sm->won++;
				if (d->has_amount)
					sm->won_amount += d->amount;
				if (d->has_created && d->has_closed)
					agg_add(f->cycle, &sm->cycle,
					    (size_t)(sm - f->sum), (double)(d->closed -
					    d->created) / DAY);
			}
			if (d->status != OPEN)
				continue;
			sm->open++;
			cur = d->last_stage != NOSTAGE ? d->last_stage :
			    d->stage;
			if (cur == NOSTAGE || f->st[cur].kind != OPEN)
				continue;
			{
				struct acc *x = &a[rowof[cur]];
				const struct stage *s = &f->st[cur];
				double limit = s->has_sla ? s->sla :
				    f->o.stuck_days;

				x->open++;
				if (d->has_amount) {
					x->open_amount += d->amount;
					x->weighted += weighted_cents(d->amount,
					    s->prob);
				}
				if (d->last_stage != NOSTAGE) {
					double days = (double)(f->o.as_of -
					    d->last_t) / DAY;

					if (days > limit) {
						x->stuck++;
						if (k == 0) {
							if (f->nstuck ==
							    f->cstuck) {
								f->cstuck = f->cstuck ?
								    f->cstuck * 2 : 16;
								f->stuck = xreallocarray(
								    f->stuck, f->cstuck,
								    sizeof *f->stuck);
							}
							f->stuck[f->nstuck++] =
							    (struct listed){ i, days,
							    limit, cur };
						}
					}
				}
			}
		}
		if (d->sel[0] && d->status == OPEN && d->has_expected &&
		    d->expected < f->o.as_of && rowof[p->first] >= 0) {
			int cur = d->last_stage != NOSTAGE ? d->last_stage :
			    d->stage;

			if (f->nslipped == f->cslipped) {
				f->cslipped = f->cslipped ? f->cslipped * 2 : 16;
				f->slipped = xreallocarray(f->slipped,
				    f->cslipped, sizeof *f->slipped);
			}
			f->slipped[f->nslipped++] = (struct listed){ i,
			    (double)(f->o.as_of - d->expected) / DAY, 0, cur };
		}
		/* Fields a stage requires, from that stage on. */
		if (f->o.check && d->sel[0] && d->missing) {
			uint64_t told = 0;

			for (j = p->first; j < p->first + p->n; j++) {
				const struct stage *s = &f->st[j];
				size_t r;

				if (s->kind == LOST || !(d->far_won ||
				    d->status == WON || (s->kind == OPEN &&
				    s->order <= d->far_open)))
					continue;
				for (r = 0; r < s->nreq; r++) {
					unsigned q = s->req[r];

					if (!(d->missing >> q & 1) ||
					    (told >> q & 1))
						continue;
					told |= (uint64_t)1 << q;
					crm_buf_reset(&f->scratch);
					crm_buf_addf(&f->scratch, "deal '%s' "
					    "reached '%s', which requires %s",
					    deal_id(f, d), s->name, f->reqf[q]);
					add_violation(f, d->file, 0, d->line,
					    d->recno, f->reqf[q],
					    "field-required",
					    "stages.requires", "error", NULL,
					    s->name, f->scratch.buf);
				}
			}
		}
	}
	free(rowof);

	if (f->nstuck)		/* qsort wants an array, even of none */
		qsort(f->stuck, f->nstuck, sizeof *f->stuck, listed_cmp_stuck);
	if (f->nslipped)
		qsort(f->slipped, f->nslipped, sizeof *f->slipped,
		    listed_cmp_stuck);
	if (f->nvio)
		qsort(f->vio, f->nvio, sizeof *f->vio, vio_cmp);
	{
		struct gkey *gk = xcalloc(ng, sizeof *gk);

		for (i = 0; i < ng; i++) {
			gk[i].key = group_key(f, i);
			gk[i].idx = i;
		}
		qsort(gk, ng, sizeof *gk, gkey_cmp);
		f->gorder = xcalloc(ng, sizeof *f->gorder);
		for (i = 0; i < ng; i++)
			f->gorder[i] = gk[i].idx;
		free(gk);
	}
	return 0;
}

/* ---- output ---- */

enum { C_COUNT, C_MONEY, C_RATE, C_DAYS };

struct cell {
	int type;
	int has;
	long long n;		/* count or cents */
	double x;		/* rate or days */
};

static struct cell
ccount(long long n)
{
	struct cell c = { C_COUNT, 1, n, 0 };

	return c;
}

static struct cell
cmoney(long long n)
{
	struct cell c = { C_MONEY, 1, n, 0 };

	return c;
}

static struct cell
cnum(int type, int has, double x)
{
	struct cell c = { type, has, 0, x };

	return c;
}

static void
fmt_cents(long long n, char *out, size_t size)
{
	unsigned long long a = n < 0 ? 0ULL - (unsigned long long)n :
	    (unsigned long long)n;

	snprintf(out, size, "%s%llu.%02llu", n < 0 ? "-" : "", a / 100,
	    a % 100);
}

static void
fmt_cell(const struct cell *c, char *out, size_t size)
{
	switch (c->type) {
	case C_COUNT:
		snprintf(out, size, "%lld", c->n);
		break;
	case C_MONEY:
		fmt_cents(c->n, out, size);
		break;
	case C_RATE:
		snprintf(out, size, "%.4f", c->x + 0.0);
		break;
	default:
		snprintf(out, size, "%.2f", c->x + 0.0);
	}
	if (!strcmp(out, "-0.0000") || !strcmp(out, "-0.00"))
		memmove(out, out + 1, strlen(out));
}

/* A number (NULL: missing), typed so that JSON output writes a number. */
static void
addnum(struct crm_record *out, const char *name, const char *v)
{
	crm_record_add(out, name, strlen(name), v, v ? strlen(v) : 0);
	out->f[out->n - 1].type = CRM_V_NUMBER;
}

static void
put(struct crm_record *out, const char *name, const struct cell *c)
{
	char buf[64];

	if (!c->has) {
		addnum(out, name, NULL);
		return;
	}
	fmt_cell(c, buf, sizeof buf);
	addnum(out, name, buf);
}

static const char *const stage_measures[] = {
	"reached", "entered", "converted", "conversion", "lost_here", "open",
	"open_amount", "weighted_amount", "days_mean", "days_median",
	"days_p90", "stuck", NULL
};

static const char *const summary_measures[] = {
	"deals", "open", "won", "lost", "win_rate", "won_amount",
	"avg_won_amount", "cycle_days_mean", "cycle_days_median", "velocity",
	NULL
};

/* With --compare: NAME_prev and NAME_delta beside each measure. */
static const char *const stage_prev[] = {
	"reached_prev", "entered_prev", "converted_prev", "conversion_prev",
	"lost_here_prev", "open_prev", "open_amount_prev",
	"weighted_amount_prev", "days_mean_prev", "days_median_prev",
	"days_p90_prev", "stuck_prev", NULL
};

static const char *const stage_delta[] = {
	"reached_delta", "entered_delta", "converted_delta",
	"conversion_delta", "lost_here_delta", "open_delta",
	"open_amount_delta", "weighted_amount_delta", "days_mean_delta",
	"days_median_delta", "days_p90_delta", "stuck_delta", NULL
};

static const char *const summary_prev[] = {
	"deals_prev", "open_prev", "won_prev", "lost_prev", "win_rate_prev",
	"won_amount_prev", "avg_won_amount_prev", "cycle_days_mean_prev",
	"cycle_days_median_prev", "velocity_prev", NULL
};

static const char *const summary_delta[] = {
	"deals_delta", "open_delta", "won_delta", "lost_delta",
	"win_rate_delta", "won_amount_delta", "avg_won_amount_delta",
	"cycle_days_mean_delta", "cycle_days_median_delta", "velocity_delta",
	NULL
};

static const char *const stuck_cols[] = {
	"deal", "title", "owner", "stage", "entered_at", "days_in_stage",
	"limit_days", "amount", NULL
};

static const char *const slipped_cols[] = {
	"deal", "title", "owner", "stage", "expected_close", "days_late",
	"amount", NULL
};

static const char *const check_cols[] = {
	"file", "entity", "line", "record", "column", "field", "label", "code",
	"rule", "severity", "value", "expected", "fix", "message", NULL
};

#define NMEAS 12

/* The measures of shown stage row r of group g in slot k. */
static void
stage_cells(struct crm_funnel *f, int k, size_t g, size_t r,
    struct cell *c)
{
	size_t ng = f->ngroups, nsh = f->nshown;
	const struct acc *a = &f->acc[((size_t)k * ng + g) * nsh + r];
	const struct stage *s = &f->st[f->shown[r]];
	const struct pipe *p = &f->pp[s->pipe];
	int open = s->kind == OPEN;
	long long conv = 0;
	int has_next = 0;

	if (open) {
		/* the next stage: the next open one, else every won one */
		size_t q;

		for (q = r + 1; q < nsh && f->st[f->shown[q]].pipe == s->pipe;
		    q++) {
			const struct stage *n = &f->st[f->shown[q]];
			const struct acc *b = &f->acc[((size_t)k * ng + g) *
			    nsh + q];

			if (n->kind == OPEN) {
				conv = b->reached;
				has_next = 1;
				break;
			}
			if (n->kind == WON && n->order < 0 &&
			    s->order == (int)p->nopen - 1) {
				conv += b->reached;
				has_next = 1;
			}
		}
	}
	c[0] = ccount(a->reached);
	c[1] = ccount(a->entered);
	c[2] = ccount(conv);
	c[2].has = has_next;
	c[3] = cnum(C_RATE, has_next && a->reached > 0,
	    a->reached ? (double)conv / (double)a->reached : 0);
	c[4] = ccount(a->lost_here);
	c[4].has = open;
	c[5] = ccount(a->open);
	c[6] = cmoney(a->open_amount);
	c[7] = cmoney(a->weighted);
	if (a->days != NOGROUP) {
		c[8] = cnum(C_DAYS, 1, crm_agg_mean(f->days, a->days));
		c[9] = cnum(C_DAYS, 1, crm_agg_median(f->days, a->days));
		c[10] = cnum(C_DAYS, 1, crm_agg_quantile(f->days, a->days,
		    0.9));
	} else
		c[8] = c[9] = c[10] = cnum(C_DAYS, 0, 0);
	c[11] = ccount(a->stuck);
	if (!open) {
		c[8].has = c[9].has = c[10].has = 0;
		c[5].has = c[6].has = c[7].has = c[11].has = 0;
	}
}

static void
summary_cells(struct crm_funnel *f, int k, size_t g, struct cell *c)
{
	const struct sum *s = &f->sum[(size_t)k * f->ngroups + g];
	long long closed = s->won + s->lost;
	double wr = closed ? (double)s->won / (double)closed : 0;
	double avg = s->won ? (double)s->won_amount / 100.0 /
	    (double)s->won : 0;
	int has_cycle = s->cycle != NOGROUP;
	double cmean = has_cycle ? crm_agg_mean(f->cycle, s->cycle) : 0;
	long long avgc = 0;

	if (s->won) {
		/* the average in cents, rounded half away from zero */
		long long q = s->won_amount / s->won, rm = s->won_amount % s->won;

		if (2 * (rm < 0 ? -rm : rm) >= s->won)
			q += s->won_amount < 0 ? -1 : 1;
		avgc = q;
	}
	c[0] = ccount(s->deals);
	c[1] = ccount(s->open);
	c[2] = ccount(s->won);
	c[3] = ccount(s->lost);
	c[4] = cnum(C_RATE, closed > 0, wr);
	c[5] = cmoney(s->won_amount);
	c[6] = cmoney(avgc);
	c[6].has = s->won > 0;
	c[7] = cnum(C_DAYS, has_cycle, cmean);
	c[8] = cnum(C_DAYS, has_cycle, has_cycle ?
	    crm_agg_median(f->cycle, s->cycle) : 0);
	c[9] = cnum(C_DAYS, s->won > 0 && closed > 0 && has_cycle &&
	    cmean > 0, cmean > 0 ? (double)s->open * avg * wr / cmean : 0);
}

static int
grouped(const struct crm_funnel *f)
{
	return f->o.by != NULL;
}

const char *const *
crm_funnel_columns(struct crm_funnel *f, int report, size_t *n)
{
	const char *const *own, *const *pv = NULL, *const *dl = NULL;
	size_t i, nown = 0, cap;

	switch (report) {
	case CRM_FUNNEL_STAGES:
		own = stage_measures;
		pv = stage_prev;
		dl = stage_delta;
		break;
	case CRM_FUNNEL_SUMMARY:
		own = summary_measures;
		pv = summary_prev;
		dl = summary_delta;
		break;
	case CRM_FUNNEL_STUCK:
		own = stuck_cols;
		break;
	case CRM_FUNNEL_SLIPPED:
		own = slipped_cols;
		break;
	default:
		own = check_cols;
	}
	while (own[nown])
		nown++;
	free(f->cols);
	cap = 4 + nown * 3;
	f->cols = xcalloc(cap, sizeof *f->cols);
	f->ncols = 0;
	if (grouped(f) && report != CRM_FUNNEL_CHECK)
		f->cols[f->ncols++] = f->o.by;
	if (report == CRM_FUNNEL_STAGES) {
		if (f->multi_pipe)
			f->cols[f->ncols++] = "pipeline";
		f->cols[f->ncols++] = "stage";
		f->cols[f->ncols++] = "position";
	}
	for (i = 0; i < nown; i++) {
		f->cols[f->ncols++] = own[i];
		if (pv && f->nslot > 1) {
			f->cols[f->ncols++] = pv[i];
			f->cols[f->ncols++] = dl[i];
		}
	}
	if (n)
		*n = f->ncols;
	return f->cols;
}

size_t
crm_funnel_nrows(const struct crm_funnel *f, int report)
{
	switch (report) {
	case CRM_FUNNEL_STAGES:
		return f->ngroups * f->nshown;
	case CRM_FUNNEL_SUMMARY:
		return f->ngroups;
	case CRM_FUNNEL_STUCK:
		return f->nstuck;
	case CRM_FUNNEL_SLIPPED:
		return f->nslipped;
	default:
		return f->nvio;
	}
}

static struct cell
delta(const struct cell *a, const struct cell *b)
{
	struct cell c = *a;

	c.has = a->has && b->has;
	c.n = a->n - b->n;
	c.x = a->x - b->x;
	return c;
}

static void
put_measures(const struct crm_funnel *f, struct crm_record *out,
    const char *const *names, const char *const *pv, const char *const *dl,
    const struct cell *cur, const struct cell *prev, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		put(out, names[i], &cur[i]);
		if (f->nslot > 1) {
			struct cell d = delta(&cur[i], &prev[i]);

			put(out, pv[i], &prev[i]);
			put(out, dl[i], &d);
		}
	}
}

static void
addn(struct crm_record *out, const char *name, long n)
{
	char buf[32];

	if (n <= 0) {
		addnum(out, name, NULL);
		return;
	}
	snprintf(buf, sizeof buf, "%ld", n);
	addnum(out, name, buf);
}

static void
addv(struct crm_record *out, const char *name, const char *v)
{
	crm_record_add(out, name, strlen(name), v, v ? strlen(v) : 0);
}

static void
listed_row(const struct crm_funnel *f, const struct listed *l, int stuck,
    struct crm_record *out)
{
	const struct deal *d = &f->d[l->deal];
	struct cell c;
	char buf[64];

	if (grouped(f))
		addv(out, f->o.by, group_key(f, d->group));
	addv(out, "deal", deal_id(f, d));
	addv(out, "title", text(f, d->title));
	addv(out, "owner", text(f, d->owner));
	addv(out, "stage", l->stage != NOSTAGE ? f->st[l->stage].name : NULL);
	if (stuck) {
		addv(out, "entered_at", last_text(f, d));
		c = cnum(C_DAYS, 1, l->days);
		put(out, "days_in_stage", &c);
		snprintf(buf, sizeof buf, "%g", l->limit);
		addnum(out, "limit_days", buf);
	} else {
		addv(out, "expected_close", text(f, d->expected_text));
		c = cnum(C_DAYS, 1, l->days);
		put(out, "days_late", &c);
	}
	c = cmoney(d->amount);
	c.has = d->has_amount;
	put(out, "amount", &c);
}

int
crm_funnel_row(struct crm_funnel *f, int report, size_t i,
    struct crm_record *out)
{
	struct cell cur[NMEAS], prev[NMEAS];
	size_t g, r;

	crm_record_reset(out);
	if (i >= crm_funnel_nrows(f, report))
		return 0;
	switch (report) {
	case CRM_FUNNEL_STAGES: {
		const struct stage *s;
		char buf[32];

		g = f->gorder[i / f->nshown];
		r = i % f->nshown;
		s = &f->st[f->shown[r]];
		if (grouped(f))
			addv(out, f->o.by, group_key(f, g));
		if (f->multi_pipe)
			addv(out, "pipeline", s->pipeline);
		addv(out, "stage", s->name);
		snprintf(buf, sizeof buf, "%ld", s->position);
		addnum(out, "position", buf);
		stage_cells(f, 0, g, r, cur);
		if (f->nslot > 1)
			stage_cells(f, 1, g, r, prev);
		put_measures(f, out, stage_measures, stage_prev, stage_delta, cur,
		    prev, NMEAS);
		return 1;
	}
	case CRM_FUNNEL_SUMMARY:
		g = f->gorder[i];
		if (grouped(f))
			addv(out, f->o.by, group_key(f, g));
		summary_cells(f, 0, g, cur);
		if (f->nslot > 1)
			summary_cells(f, 1, g, prev);
		put_measures(f, out, summary_measures, summary_prev,
		    summary_delta, cur, prev, 10);
		return 1;
	case CRM_FUNNEL_STUCK:
		listed_row(f, &f->stuck[i], 1, out);
		return 1;
	case CRM_FUNNEL_SLIPPED:
		listed_row(f, &f->slipped[i], 0, out);
		return 1;
	default: {
		const struct violation *v = &f->vio[i];

		addv(out, "file", crm_inname(f->files[v->file]));
		addv(out, "entity", v->entity ? "deal_stages" : "deals");
		addn(out, "line", v->line);
		addn(out, "record", v->record);
		addv(out, "column", NULL);
		addv(out, "field", v->field);
		addv(out, "label", v->field);
		addv(out, "code", v->code);
		addv(out, "rule", v->rule);
		addv(out, "severity", v->severity);
		addv(out, "value", v->value);
		addv(out, "expected", v->expected);
		addv(out, "fix", NULL);
		addv(out, "message", v->message);
		return 1;
	}
	}
}

/* ---- the drawing ---- */

static void
pad(struct crm_buf *b, size_t n)
{
	while (n--)
		crm_buf_addc(b, ' ');
}

void
crm_funnel_draw(struct crm_funnel *f, int width, struct crm_buf *out)
{
	size_t gi, r, namew = 0;
	int barw;

	if (width < 40)
		width = 40;
	for (r = 0; r < f->nshown; r++) {
		const struct stage *s = &f->st[f->shown[r]];
		size_t w = crm_utf8_width(s->name, strlen(s->name));

		if (s->kind != LOST && w > namew)
			namew = w;
	}
	if (namew > (size_t)width / 3)
		namew = (size_t)width / 3;
	barw = width - (int)namew - 12;
	for (gi = 0; gi < f->ngroups; gi++) {
		size_t g = f->gorder[gi];
		long long top = 0;
		size_t prevpipe = (size_t)-1;

		if (grouped(f))
			crm_buf_addf(out, "%s%s: %s\n", gi ? "\n" : "", f->o.by,
			    *group_key(f, g) ? group_key(f, g) : "(none)");
		for (r = 0; r < f->nshown; r++) {
			const struct stage *s = &f->st[f->shown[r]];
			struct cell c[NMEAS];
			size_t w, nw;
			int bar;

			if (s->kind == LOST)
				continue;
			stage_cells(f, 0, g, r, c);
			if (s->pipe != prevpipe) {
				size_t q;

				top = 0;
				for (q = r; q < f->nshown &&
				    f->st[f->shown[q]].pipe == s->pipe; q++) {
					struct cell t[NMEAS];

					stage_cells(f, 0, g, q, t);
					if (t[0].n > top)
						top = t[0].n;
				}
				if (f->multi_pipe)
					crm_buf_addf(out, "%s[%s]\n",
					    prevpipe != (size_t)-1 ? "\n" : "",
					    s->pipeline);
				prevpipe = s->pipe;
			}
			nw = crm_utf8_width(s->name, strlen(s->name));
			crm_buf_adds(out, s->name);
			pad(out, nw < namew ? namew - nw : 1);
			crm_buf_addc(out, ' ');
			bar = top > 0 ? (int)((double)barw * (double)c[0].n /
			    (double)top + 0.5) : 0;
			if (c[0].n > 0 && bar == 0)
				bar = 1;
			pad(out, (size_t)(barw - bar) / 2);
			for (w = 0; w < (size_t)bar; w++)
				crm_buf_adds(out, "\xe2\x96\x88");	/* U+2588 */
			pad(out, (size_t)(barw - bar) - (size_t)(barw - bar) / 2);
			crm_buf_addf(out, " %lld\n", c[0].n);
			if (c[3].has) {
				char buf[32];

				snprintf(buf, sizeof buf, "\xe2\x86\x93 %.1f%%",
				    100.0 * c[3].x);	/* U+2193 */
				pad(out, namew + 1 + (size_t)barw / 2 - 3);
				crm_buf_adds(out, buf);
				crm_buf_addc(out, '\n');
			}
		}
	}
}
