/*
 * rules_eval: records checked against compiled rules (crm-validate).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "country.h"
#include "csvio.h"
#include "date.h"
#include "entity.h"
#include "mapper.h"
#include "match.h"
#include "norm.h"
#include "rules_int.h"
#include "store_lookup.h"
#include "utf8.h"

/*
 * The unique sets: 64-bit hashes of the values and the line of their first
 * record, no strings.  Two different values collide with probability 2^-64
 * per pair (about 3e-8 over a million values): memory is 16 bytes a slot.
 */
struct hslot {
	uint64_t h;		/* 0 = empty */
	long line;
};

struct hset {
	struct hslot *tab;
	size_t cap, n;
};

/*
 * A zeroed table; big ones on huge pages where the system has them, as
 * the probes go everywhere and would otherwise miss the TLB every time.
 */
static struct hslot *
hset_alloc(size_t n)
{
	size_t bytes = n * sizeof(struct hslot);
	void *p = NULL;

#if defined(MADV_HUGEPAGE)
	if (bytes >= (2u << 20) && posix_memalign(&p, 2u << 20, bytes) == 0) {
		madvise(p, bytes, MADV_HUGEPAGE);
		memset(p, 0, bytes);
		return p;
	}
#endif
	p = xcalloc(n, sizeof(struct hslot));
	return p;
}

/* 0 when h was new (and is now in), else the line it was first seen on. */
static long
hset_put(struct hset *m, uint64_t h, long line)
{
	size_t i;

	if (!h)
		h = 1;
	if ((m->n + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 1024, k;
		struct hslot *nt = hset_alloc(ncap);

		for (k = 0; k < m->cap; k++) {
			if (!m->tab[k].h)
				continue;
			i = m->tab[k].h & (ncap - 1);
			while (nt[i].h)
				i = (i + 1) & (ncap - 1);
			nt[i] = m->tab[k];
		}
		free(m->tab);
		m->tab = nt;
		m->cap = ncap;
	}
	for (i = h & (m->cap - 1); m->tab[i].h; i = (i + 1) & (m->cap - 1))
		if (m->tab[i].h == h)
			return m->tab[i].line > 0 ? m->tab[i].line : 1;
	m->tab[i].h = h;
	m->tab[i].line = line;
	m->n++;
	return 0;
}

struct vfield {			/* a rules field in the current input */
	long col;		/* column, -1 = none */
	int fio;		/* 1..3: last, first, middle part of a full-name column */
	int suppress;		/* missing-label said it already */
};

struct vref {			/* a field named by a rule or a foreign key */
	long fi;		/* rules field, or -1 */
	long col;		/* column, or -1 */
};

static int
sev_max(int a, int b)
{
	return a > b ? a : b;
}

/* The value as the report shows it: control characters escaped, truncated. */
static void
show_value(struct crm_buf *out, const char *s, size_t n)
{
	size_t i, chars = 0;

	crm_buf_reset(out);
	if (!s)
		return;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c & 0xc0) != 0x80 && ++chars > VALUE_MAX) {
			crm_buf_adds(out, "...");
			break;
		}
		if (c == '\n')
			crm_buf_adds(out, "\\n");
		else if (c == '\r')
			crm_buf_adds(out, "\\r");
		else if (c == '\t')
			crm_buf_adds(out, "\\t");
		else if (c < 0x20 || c == 0x7f)
			crm_buf_addf(out, "\\x%02x", c);
		else
			crm_buf_addc(out, c);
	}
}

static struct codestat *
code_stat(struct crm_validator *v, const char *code)
{
	size_t i;

	for (i = 0; i < v->ncodes; i++)
		if (!strcmp(v->codes[i].code, code))
			return &v->codes[i];
	v->codes = xreallocarray(v->codes, v->ncodes + 1, sizeof *v->codes);
	memset(&v->codes[v->ncodes], 0, sizeof *v->codes);
	v->codes[v->ncodes].code = xstrdup(code);
	v->codes[v->ncodes].sev = CRM_SEV_INFO;
	return &v->codes[v->ncodes++];
}

struct vio {
	long column;
	long fi;		/* rules field, or -1 */
	const char *field, *label, *code, *rule;
	int sev;
	const char *value;
	size_t vlen;
	const char *expected, *fix, *message;
	int fixed;
};

/* Clear a vio without memset, which compiles to a slow "rep stos" here. */
static inline void
vio_init(struct vio *x)
{
	x->column = 0;
	x->fi = -1;
	x->field = x->label = x->code = x->rule = NULL;
	x->sev = CRM_SEV_ERROR;
	x->value = NULL;
	x->vlen = 0;
	x->expected = x->fix = x->message = NULL;
	x->fixed = 0;
}

static void
emit(struct crm_validator *v, const struct vio *x)
{
	struct crm_violation out;
	struct codestat *cs;
	size_t i, k = (size_t)(v->o.samples > 0 ? v->o.samples : 3);

	if (k > N(cs->lines))
		k = N(cs->lines);
	show_value(&v->val, x->value, x->vlen);
	if (x->sev == CRM_SEV_ERROR) {
		v->st.errors++;
		if (!x->fixed)
			v->st.unfixed_errors++;
	} else if (x->sev == CRM_SEV_WARNING)
		v->st.warnings++;
	if (x->fixed)
		v->st.fixed++;
	if (v->recno == 0 && x->sev == CRM_SEV_ERROR)
		v->st.header_errors++;
	v->rec_sev = sev_max(v->rec_sev, x->sev);
	if (x->fi >= 0) {
		if (x->sev == CRM_SEV_ERROR)
			v->fs[x->fi].errors++;
		else if (x->sev == CRM_SEV_WARNING)
			v->fs[x->fi].warnings++;
	}
	cs = code_stat(v, x->code);
	cs->count++;
	cs->nerr += x->sev == CRM_SEV_ERROR;
	cs->nwarn += x->sev == CRM_SEV_WARNING;
	cs->sev = sev_max(cs->sev, x->sev);
	if (x->value && v->val.len && cs->samples.n < k) {
		for (i = 0; i < cs->samples.n; i++)
			if (!strcmp(cs->samples.v[i], v->val.buf))
				break;
		if (i == cs->samples.n) {
			cs->lines[cs->samples.n] = v->line;
			strv_push(&cs->samples, v->val.buf);
		}
	}
	out.file = v->file;
	out.entity = v->e->name;
	out.line = v->line;
	out.record = v->recno;
	out.column = x->column;
	out.field = x->field;
	out.label = x->label;
	out.code = x->code;
	out.rule = x->rule;
	out.severity = x->sev;
	out.value = x->value ? v->val.buf : NULL;
	out.expected = x->expected;
	out.fix = x->fix;
	out.message = x->message;
	out.fixed = x->fixed;
	if (v->o.violation)
		v->o.violation(v->o.ctx, &out);
}

/*
 * A pattern PCRE2 could not decide (its match or depth limit) is neither a
 * match nor a violation: the first one, with the rule and the value, is
 * kept for crm_validator_record to return as an error.
 */
static void
undecided(struct crm_validator *v, const char *rule, long col,
    const struct crm_regex *re, const char *s, size_t n,
    const struct crm_err *e)
{
	size_t shown = n;

	if (v->rfailed)
		return;
	v->rfailed = 1;
	if (shown > 80) {
		shown = 80;
		while (shown && ((unsigned char)s[shown] & 0xc0) == 0x80)
			shown--;
	}
	crm_err_set(&v->rerr, CRM_EDATA, v->file, v->line, col, "rule %s: "
	    "pattern '%s' cannot be decided on the value '%.*s'%s: %s", rule,
	    crm_regex_source(re), (int)shown, s ? s : "", shown < n ? "..." : "",
	    e->msg);
}

static const char *
rule_id(struct crm_validator *v, const char *field, const char *kind)
{
	crm_buf_reset(&v->rid);
	crm_buf_adds(&v->rid, v->e->name);
	crm_buf_addc(&v->rid, '.');
	if (field) {
		crm_buf_adds(&v->rid, field);
		crm_buf_addc(&v->rid, '.');
	}
	crm_buf_adds(&v->rid, kind);
	return v->rid.buf;
}

/* ---- the plan for an input: which column each field comes from ---- */

static long
field_index(const struct rentity *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->nfields; i++)
		if (!strcmp(e->fields[i].name, name))
			return (long)i;
	return -1;
}

static long
column_of(const struct crm_validator *v, const char *field)
{
	size_t c;

	for (c = 0; c < v->ncols; c++)
		if (v->colfield[c] && !strcmp(v->colfield[c], field))
			return (long)c;
	return -1;
}

static struct vref
make_ref(const struct crm_validator *v, const char *name)
{
	struct vref r;

	r.fi = field_index(v->e, name);
	r.col = r.fi >= 0 ? v->vf[r.fi].col : column_of(v, name);
	if (r.fi >= 0 && v->vf[r.fi].fio)
		r.col = -1;	/* a part of the full name: presence via fi */
	return r;
}

static void
free_refs(struct crm_validator *v)
{
	size_t i;

	if (v->rule_refs)
		for (i = 0; i < v->e->nrules; i++)
			free(v->rule_refs[i]);
	free(v->rule_refs);
	v->rule_refs = NULL;
	free(v->fk_refs);
	v->fk_refs = NULL;
}

static void
plan(struct crm_validator *v)
{
	const struct rentity *e = v->e;
	long fio = column_of(v, "fio");
	size_t i, j, k;

	for (i = 0; i < e->nfields; i++) {
		const char *name = e->fields[i].name;

		v->vf[i].col = column_of(v, name);
		v->vf[i].fio = 0;
		if (v->vf[i].col < 0 && fio >= 0) {
			if (!strcmp(name, "last_name"))
				v->vf[i].fio = 1;
			else if (!strcmp(name, "first_name"))
				v->vf[i].fio = 2;
			else if (!strcmp(name, "middle_name"))
				v->vf[i].fio = 3;
			if (v->vf[i].fio)
				v->vf[i].col = fio;
		}
	}
	/* Fields in column order, so violations come out left to right. */
	for (i = 0; i < e->nfields; i++)
		v->order[i] = i;
	for (i = 1; i < e->nfields; i++)
		for (j = i; j > 0; j--) {
			long a = v->vf[v->order[j - 1]].col, b = v->vf[v->order[j]].col;
			size_t t;

			if ((unsigned long)a <= (unsigned long)b)
				break;
			t = v->order[j];
			v->order[j] = v->order[j - 1];
			v->order[j - 1] = t;
		}
	free_refs(v);
	v->rule_refs = xcalloc(e->nrules ? e->nrules : 1, sizeof *v->rule_refs);
	for (i = 0; i < e->nrules; i++) {
		const struct rrule *r = &e->rules[i];

		v->rule_refs[i] = xcalloc(r->fields.n + 1, sizeof **v->rule_refs);
		v->rule_refs[i][0] = r->when_field ? make_ref(v, r->when_field) :
		    (struct vref){ -1, -1 };
		for (k = 0; k < r->fields.n; k++)
			v->rule_refs[i][k + 1] = make_ref(v, r->fields.v[k]);
	}
	v->fk_refs = xcalloc(e->nfks ? e->nfks : 1, sizeof *v->fk_refs);
	for (i = 0; i < e->nfks; i++)
		v->fk_refs[i] = make_ref(v, e->fks[i].field);
}

static const char *
map_label(struct crm_validator *v, const char *label, const char *mapped)
{
	if (mapped)
		return mapped;
	return crm_mapper_field(v->mapper, label, strlen(label));
}

static void
add_column(struct crm_validator *v, const char *label, const char *mapped)
{
	const char *f;

	if (v->ncols == v->capcols) {
		v->capcols = v->capcols ? v->capcols * 2 : 16;
		v->colfield = xreallocarray(v->colfield, v->capcols, sizeof *v->colfield);
		v->cval = xreallocarray(v->cval, v->capcols, sizeof *v->cval);
		v->clen = xreallocarray(v->clen, v->capcols, sizeof *v->clen);
		v->fixval = xreallocarray(v->fixval, v->capcols, sizeof *v->fixval);
	}
	strv_push(&v->labels, label);
	f = map_label(v, label, mapped);
	v->colfield[v->ncols] = f ? xstrdup(f) : NULL;
	v->fixval[v->ncols] = NULL;
	v->ncols++;
}

static void
clear_columns(struct crm_validator *v)
{
	size_t c;

	for (c = 0; c < v->ncols; c++) {
		free(v->colfield[c]);
		free(v->fixval[c]);
		v->fixval[c] = NULL;
	}
	v->ncols = 0;
	strv_release(&v->labels);
}

struct crm_validator *
crm_validator_new(const struct crm_rules *R, const struct crm_validate_opts *o,
    struct crm_err *err)
{
	struct crm_validator *v;
	size_t i;

	for (i = 0; i < R->nents; i++)
		if (!strcmp(R->ents[i].name, o->entity))
			break;
	if (i == R->nents) {
		crm_err_set(err, CRM_EUSAGE, R->name, 0, 0, "no rules for %s",
		    o->entity);
		return NULL;
	}
	v = xcalloc(1, sizeof *v);
	v->R = R;
	v->e = &R->ents[i];
	v->o = *o;
	v->today = (long)(time(NULL) / 86400);
	v->mapper = crm_mapper_new(v->e->ce, o->maps, o->nmaps);
	for (i = 0; i < v->e->naliases; i++)
		crm_mapper_alias(v->mapper, v->e->aliases[i].label,
		    v->e->aliases[i].field);
	for (i = 0; i < v->e->nfields; i++)
		crm_mapper_target(v->mapper, v->e->fields[i].name);
	v->url_re = crm_regex_new("(?:https?://)?(?:www\\.)?"
	    "(?:[\\p{L}0-9](?:[\\p{L}0-9-]{0,61}[\\p{L}0-9])?\\.)+"
	    "(?:[\\p{L}]{2,63}|xn--[a-z0-9-]{1,59})\\.?(?::[0-9]{1,5})?"
	    "(?:[/?#][^\\s]*)?", CRM_RE_CASELESS, err);
	if (!v->url_re) {
		crm_mapper_free(v->mapper);
		free(v);
		return NULL;
	}
	i = v->e->nfields ? v->e->nfields : 1;
	v->vf = xcalloc(i, sizeof *v->vf);
	v->order = xcalloc(i, sizeof *v->order);
	v->canon = xcalloc(i, sizeof *v->canon);
	v->present = xcalloc(i, 1);
	v->bad = xcalloc(i, 1);
	v->uniq = xcalloc(i, sizeof *v->uniq);
	v->uhash = xcalloc(i, sizeof *v->uhash);
	v->upending = xcalloc(i, 1);
	v->enum_cache = xcalloc(i, sizeof *v->enum_cache);
	v->fs = xcalloc(i, sizeof *v->fs);
	for (i = 0; i < v->e->nfields; i++)
		crm_buf_init(&v->canon[i]);
	v->fk_seen = xcalloc(v->e->nfks ? v->e->nfks : 1, sizeof *v->fk_seen);
	for (i = 0; i < 3; i++)
		crm_buf_init(&v->fio[i]);
	crm_buf_init(&v->tmp);
	crm_buf_init(&v->tmp2);
	crm_buf_init(&v->folded);
	crm_buf_init(&v->val);
	crm_buf_init(&v->rid);
	crm_buf_init(&v->msg);
	crm_buf_init(&v->fixb);
	return v;
}

void
crm_validator_free(struct crm_validator *v)
{
	size_t i;

	if (!v)
		return;
	clear_columns(v);
	free_refs(v);
	crm_mapper_free(v->mapper);
	crm_postal_free(v->postal);
	free(v->colfield);
	free(v->cval);
	free(v->clen);
	free(v->fixval);
	for (i = 0; i < v->e->nfields; i++) {
		crm_buf_release(&v->canon[i]);
		free(v->uniq[i].tab);
		crm_hmap_release(&v->enum_cache[i]);
	}
	for (i = 0; i < v->e->nfks; i++)
		crm_hmap_release(&v->fk_seen[i]);
	free(v->fk_seen);
	free(v->canon);
	free(v->uniq);
	free(v->uhash);
	free(v->upending);
	free(v->enum_cache);
	free(v->vf);
	free(v->order);
	free(v->present);
	free(v->bad);
	free(v->fs);
	for (i = 0; i < 3; i++)
		crm_buf_release(&v->fio[i]);
	crm_buf_release(&v->tmp);
	crm_buf_release(&v->tmp2);
	crm_buf_release(&v->folded);
	crm_buf_release(&v->val);
	crm_buf_release(&v->rid);
	crm_buf_release(&v->msg);
	crm_buf_release(&v->fixb);
	for (i = 0; i < v->ncodes; i++) {
		free(v->codes[i].code);
		strv_release(&v->codes[i].samples);
	}
	free(v->codes);
	for (i = 0; i < v->ninputs; i++)
		free(v->inputs[i].file);
	free(v->inputs);
	crm_regex_free(v->url_re);
	free(v);
}

void
crm_validator_end(struct crm_validator *v, const struct crm_input_info *info)
{
	if (v->ninputs && info) {
		v->inputs[v->ninputs - 1].info = *info;
		v->inputs[v->ninputs - 1].has_info = 1;
	}
}

void
crm_validator_begin(struct crm_validator *v, const char *file,
    const struct crm_input_info *info, const char *const *labels, size_t n,
    const char *const *mapped)
{
	const struct rentity *e = v->e;
	struct vinput *in;
	struct vio x;
	size_t c, d, i;

	clear_columns(v);
	v->inputs = xreallocarray(v->inputs, v->ninputs + 1, sizeof *v->inputs);
	in = &v->inputs[v->ninputs++];
	memset(in, 0, sizeof *in);
	in->file = xstrdup(crm_inname(file));
	if (info) {
		in->info = *info;
		in->has_info = 1;
	}
	v->file = in->file;
	v->is_csv = !info || info->format != CRM_FMT_JSON;
	for (c = 0; c < n; c++)
		add_column(v, labels[c], mapped ? mapped[c] : NULL);
	for (i = 0; i < e->nfields; i++)
		v->vf[i].suppress = 0;
	plan(v);
	v->line = 1;
	v->recno = 0;
	memset(&x, 0, sizeof x);
	x.fi = -1;
	/* Header problems: blank and duplicate labels, required columns absent. */
	for (c = 0; c < v->ncols && v->is_csv; c++) {
		x.column = (long)c + 1;
		x.label = v->labels.v[c];
		x.field = v->colfield[c];
		if (!*v->labels.v[c]) {
			x.code = "blank-label";
			x.rule = rule_id(v, NULL, "header");
			x.sev = CRM_SEV_WARNING;
			x.expected = "a column name";
			x.message = "the column has no name";
			emit(v, &x);
			continue;
		}
		for (d = 0; d < c; d++)
			if (!strcmp(v->labels.v[d], v->labels.v[c]) ||
			    (v->colfield[c] && v->colfield[d] &&
			    !strcmp(v->colfield[c], v->colfield[d])))
				break;
		if (d < c) {
			crm_buf_reset(&v->msg);
			crm_buf_addf(&v->msg, "column %zu is '%s' too; this one is "
			    "ignored", d + 1, v->labels.v[d]);
			x.code = "duplicate-label";
			x.rule = rule_id(v, v->colfield[c], "header");
			x.sev = CRM_SEV_ERROR;
			x.expected = "one column per field";
			x.message = v->msg.buf;
			emit(v, &x);
			free(v->colfield[c]);
			v->colfield[c] = NULL;
		}
	}
	plan(v);
	for (i = 0; i < e->nfields && v->is_csv; i++) {
		if (!e->fields[i].required || v->vf[i].col >= 0)
			continue;
		crm_buf_reset(&v->msg);
		crm_buf_addf(&v->msg, "no column for the required field %s",
		    e->fields[i].name);
		x.column = 0;
		x.label = NULL;
		x.field = e->fields[i].name;
		x.fi = (long)i;
		x.code = "missing-label";
		x.rule = rule_id(v, e->fields[i].name, "required");
		x.sev = CRM_SEV_ERROR;
		x.expected = "a column for the field";
		x.message = v->msg.buf;
		emit(v, &x);
		v->vf[i].suppress = 1;
	}
}

/* ---- checking values ---- */

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static void
trim(const char **s, size_t *n)
{
	while (*n && is_space((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_space((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

static int
is_missing(const struct crm_validator *v, const struct rfield *f,
    const char *s, size_t n)
{
	const struct strv *mv = f && f->has_missing ? &f->missing : &v->R->missing;
	size_t i, maxlen = f && f->has_missing ? f->missing_max : v->R->missing_max;

	if (!s || !n)
		return 1;
	if (n > maxlen + 8)
		return 0;	/* longer than any marker with some spaces around */
	trim(&s, &n);
	if (n > maxlen)
		return 0;
	for (i = 0; i < mv->n; i++)
		if (mv->len[i] == n && !memcmp(mv->v[i], s, n))
			return 1;
	return 0;
}

/*
 * Text that crm_norm_text would leave as it is: printable ASCII and basic
 * Cyrillic (always NFC), single inner spaces.  The common case, checked
 * without the Unicode machinery.
 */
static int
plain_text(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return 1;
	if (s[0] == ' ' || s[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x21 && c < 0x7f)
			continue;
		if (c == ' ') {
			if (s[i + 1] == ' ')
				return 0;
			continue;
		}
		if ((c == 0xd0 || c == 0xd1) && i + 1 < n &&
		    ((unsigned char)s[i + 1] & 0xc0) == 0x80) {
			i++;
			continue;
		}
		/* « » */
		if (c == 0xc2 && i + 1 < n && ((unsigned char)s[i + 1] == 0xab ||
		    (unsigned char)s[i + 1] == 0xbb)) {
			i++;
			continue;
		}
		/* – — “ ” „ № */
		if (c == 0xe2 && i + 2 < n && (((unsigned char)s[i + 1] == 0x80 &&
		    strchr("\x93\x94\x9c\x9d\x9e", s[i + 2])) ||
		    ((unsigned char)s[i + 1] == 0x84 && (unsigned char)s[i + 2] == 0x96))) {
			i += 2;
			continue;
		}
		return 0;
	}
	return 1;
}

static int
has_control(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 1;
	return 0;
}

/* Strict number: [+-]digits(group digits)*(decimal digits)?; canonical into out. */
static int
strict_number(const struct rfield *f, const char *s, size_t n, int integer,
    struct crm_buf *out)
{
	const char *dec = f->decimal ? f->decimal : ".";
	const char *grp = f->group && *f->group ? f->group : NULL;
	size_t dl = strlen(dec), gl = grp ? strlen(grp) : 0, i = 0;
	int digits = 0, frac = 0;

	crm_buf_reset(out);
	if (i < n && (s[i] == '+' || s[i] == '-')) {
		if (s[i] == '-')
			crm_buf_addc(out, '-');
		i++;
	}
	while (i < n) {
		if (s[i] >= '0' && s[i] <= '9') {
			crm_buf_addc(out, s[i++]);
			digits++;
		} else if (gl && digits && n - i > gl && !memcmp(s + i, grp, gl))
			i += gl;
		else
			break;
	}
	if (!digits)
		return -1;
	if (i < n && !integer && n - i >= dl && !memcmp(s + i, dec, dl)) {
		i += dl;
		crm_buf_addc(out, '.');
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			crm_buf_addc(out, s[i++]);
			frac++;
		}
		if (!frac)
			return -1;
	}
	return i == n ? 0 : -1;
}

static int
ascii_ieq(const char *a, size_t an, const char *b)
{
	size_t i;

	if (strlen(b) != an)
		return 0;
	for (i = 0; i < an; i++) {
		int x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (y >= 'A' && y <= 'Z')
			y += 32;
		if (x != y)
			return 0;
	}
	return 1;
}

/* The current record's own country field, NULL when it names none. */
static const struct crm_country *
own_country(struct crm_validator *v)
{
	size_t col;

	if (v->own_done)
		return v->own;
	v->own_done = 1;
	v->own = NULL;
	for (col = 0; col < v->ncols; col++)
		if (v->colfield[col] && !strcmp(v->colfield[col], "country") &&
		    v->cval[col] && v->clen[col])
			return v->own = crm_country_lookup(v->cval[col],
			    v->clen[col]);
	return NULL;
}

/* The current record's country: its own field, else the run's (--country, the store's, RU). */
static const struct crm_country *
record_country(struct crm_validator *v)
{
	const struct crm_country *c = own_country(v);

	if (c)
		return c;
	if (!v->runc) {
		if (v->o.country)
			v->runc = crm_country_find(v->o.country,
			    strlen(v->o.country));
		if (!v->runc)
			v->runc = crm_country_find(CRM_COUNTRY_DEFAULT, 2);
	}
	return v->runc;
}

/* A type a phoneTypes set allows; fixed-line-or-mobile fits either. */
static int
phone_type_ok(unsigned set, int type)
{
	if (set & 1u << type)
		return 1;
	return type == CRM_PHONE_FIXED_OR_MOBILE &&
	    (set & (1u << CRM_PHONE_FIXED_LINE | 1u << CRM_PHONE_MOBILE));
}

/* "a mobile or toll-free number" */
static void
phone_types_text(struct crm_buf *b, unsigned set)
{
	int t, k = 0;

	crm_buf_adds(b, "a ");
	for (t = CRM_PHONE_FIXED_LINE; t <= CRM_PHONE_VOICEMAIL; t++)
		if (set & 1u << t)
			crm_buf_addf(b, "%s%s", k++ ? " or " : "",
			    crm_phone_type_name(t));
	crm_buf_adds(b, " number");
}

/* The default region of the record's phones: its country, else the rules file's. */
static const char *
phone_region(struct crm_validator *v)
{
	const struct crm_country *c = own_country(v);

	if (c)
		return c->code;
	return v->o.country ? v->o.country : v->R->country;
}

/*
 * The error of a regex call on the row path: read only when the call
 * fails, so only its strings are cleared (an initialiser would clear its
 * 780 bytes for every field of every record).
 */
static void
err_clear(struct crm_err *e)
{
	e->code = 0;
	e->file[0] = '\0';
	e->line = e->column = 0;
	e->msg[0] = '\0';
}

/*
 * Check s against the field's type; on success the canonical value is in
 * out and 0 is returned; else -1 with *code and *why.
 */
static int
check_type(struct crm_validator *v, const struct rfield *f, const char *s,
    size_t n, struct crm_buf *out, const char **code, const char **why)
{
	struct crm_phone ph;
	struct crm_err rerr;	/* err_clear(): filled only on a failure */
	size_t i;
	int rc = 0;

	err_clear(&rerr);
	crm_buf_reset(out);
	*why = NULL;
	*code = "type-error";
	switch (f->type) {
	case VT_STRING:
		/*
		 * Only a check that looks at the text itself needs it in
		 * canonical form; a report on names and cities does not.
		 */
		if (v->o.fix == CRM_FIX_NONE && !f->list && !f->re &&
		    f->nolf == NO_SEV) {
			trim(&s, &n);
			crm_buf_add(out, s, n);
			return 0;
		}
		if (plain_text(s, n) || crm_norm_text(s, n, out, why) < 0) {
			crm_buf_reset(out);
			crm_buf_add(out, s, n);
		}
		return 0;
	case VT_INTEGER:
		if (strict_number(f, s, n, 1, out) < 0) {
			*why = NULL;
			return -1;
		}
		return 0;
	case VT_NUMBER:
		if (strict_number(f, s, n, 0, out) == 0)
			return 0;
		crm_buf_reset(out);
		if (f->decimal || f->group) {
			*why = "not in the declared decimalChar and groupChar";
			return -1;
		}
		/* 9,900 in the USA, 9.900 in Brazil: by the record's country */
		rc = crm_norm_amount_ex(s, n, crm_country_decimal(record_country(v)),
		    out, NULL, NULL, why);
		break;
	case VT_DATE: {
		/* 3/4/2024: --date-order, else the record's country's order */
		const struct crm_country *cc = record_country(v);

		rc = crm_norm_date_order(s, n, v->o.date_order ? v->o.date_order :
		    cc->date_order == 'm' ? 'm' : 'd', out, NULL, why);
		break;
	}
	case VT_BOOLEAN:
		for (i = 0; i < f->truev.n; i++)
			if (ascii_ieq(s, n, f->truev.v[i])) {
				crm_buf_adds(out, "true");
				return 0;
			}
		for (i = 0; i < f->falsev.n; i++)
			if (ascii_ieq(s, n, f->falsev.v[i])) {
				crm_buf_adds(out, "false");
				return 0;
			}
		*why = NULL;
		return -1;
	case VT_EMAIL:
		*code = "email-invalid";
		rc = crm_norm_email(s, n, out, why);
		break;
	case VT_PHONE:
		*code = "phone-invalid";
		rc = crm_norm_phone(s, n, phone_region(v), &ph, why);
		v->phone_type = ph.num.type;
		if (rc == 0)
			crm_buf_adds(out, ph.display);
		else if (ph.num.validity == CRM_PHONE_POSSIBLE && *why) {
			/* how the digits were read: +7 ... or another country */
			snprintf(v->phone_why, sizeof v->phone_why,
			    "%s (read as %s)", *why, ph.num.e164);
			*why = v->phone_why;
		}
		break;
	case VT_URL:
		if ((rc = crm_regex_match(v->url_re, s, n, &rerr)) <= 0) {
			if (rc < 0) {
				size_t fi = (size_t)(f - v->e->fields);

				undecided(v, rule_id(v, f->name, "type"),
				    v->vf[fi].col + 1, v->url_re, s, n, &rerr);
			}
			*why = NULL;
			return -1;
		}
		crm_buf_add(out, s, n);
		return 0;
	case VT_INN:
		rc = crm_norm_inn(s, n, out, why);
		break;
	case VT_KPP:
		rc = crm_norm_kpp(s, n, out, why);
		break;
	case VT_OGRN:
		for (i = 0, rc = 0; i < n; i++)
			rc += s[i] >= '0' && s[i] <= '9';
		rc = rc == 15 ? crm_norm_ogrnip(s, n, out, why) :
		    crm_norm_ogrn(s, n, out, why);
		break;
	case VT_OGRNIP:
		rc = crm_norm_ogrnip(s, n, out, why);
		break;
	case VT_POSTAL_RU:
		*code = "postal-code-invalid";
		rc = crm_norm_postal(s, n, out, why);
		break;
	case VT_POSTAL: {
		const struct crm_country *cc = record_country(v);

		*code = "postal-code-invalid";
		if (!strcmp(cc->code, "RU")) {
			rc = crm_norm_postal(s, n, out, why);
			break;
		}
		if (!v->postal)
			v->postal = crm_postal_new();
		rc = crm_postal_check(v->postal, cc, s, n, out, why) < 0 ? -1 : 0;
		break;
	}
	}
	if (rc < 0) {
		crm_buf_reset(out);
		if (*why && strstr(*why, "checksum"))
			*code = "checksum-error";
		return -1;
	}
	return 0;
}

/* The nearest list value within 2 edits (case-folded), or NULL. */
static const char *
nearest(struct crm_validator *v, const struct rlist *l, const char *s,
    size_t n)
{
	const char *best = NULL;
	size_t i, d, bestd = 3;

	crm_buf_reset(&v->tmp2);
	if (crm_utf8_casefold(s, n, &v->tmp2) < 0)
		return NULL;
	for (i = 0; i < l->values.n; i++) {
		const char *fv = l->folded_values.v[i];
		size_t fl = strlen(fv);

		d = crm_levenshtein(v->tmp2.buf, v->tmp2.len, fv, fl, 2);
		if (d < bestd && d * 3 <= utf8_chars(fv, fl)) {
			bestd = d;
			best = l->values.v[i];
		}
	}
	return best;
}

static const char *
field_message(struct crm_validator *v, const struct rfield *f,
    const char *dflt)
{
	if (!f->message)
		return dflt;
	if (dflt == v->msg.buf) {
		crm_buf_reset(&v->tmp2);
		crm_buf_adds(&v->tmp2, dflt);
		dflt = v->tmp2.buf;
	}
	crm_buf_reset(&v->msg);
	crm_buf_adds(&v->msg, f->message);
	crm_buf_adds(&v->msg, " (");
	crm_buf_adds(&v->msg, dflt);
	crm_buf_addc(&v->msg, ')');
	return v->msg.buf;
}

/*
 * The fixed value of column col.  A value kept from running as a formula
 * in a spreadsheet by a leading apostrophe ("'=1+2") keeps it: a fix that
 * drops it (trimming quotes, an e-mail's) would arm the formula again.
 */
static void
set_fix(struct crm_validator *v, long col, const char *s, size_t n)
{
	const char *was = v->cval[col];

	free(v->fixval[col]);
	if (was && was[0] == '\'' && crm_csv_formula(s, n)) {
		v->fixval[col] = xmalloc(n + 2);
		v->fixval[col][0] = '\'';
		memcpy(v->fixval[col] + 1, s, n);
		v->fixval[col][n + 1] = '\0';
		return;
	}
	v->fixval[col] = xstrndup(s, n);
}

static void
split_fio(struct crm_validator *v, long col)
{
	const char *why;
	const char *s = v->cval[col];
	int i;

	v->fio_done = 1;
	v->fio_ok = 0;
	for (i = 0; i < 3; i++)
		crm_buf_reset(&v->fio[i]);
	if (!s || is_missing(v, NULL, s, v->clen[col]))
		return;
	v->fio_ok = crm_norm_fio(s, v->clen[col], &v->fio[0], &v->fio[1],
	    &v->fio[2], &why) == 0;
}

/*
 * A warning on f of the "type" rule whose fix is fix: x is set for it and
 * restored after.
 */
static void
warn_fixable(struct crm_validator *v, const struct rfield *f, struct vio *x,
    const char *code, const char *expected, const char *message,
    const char *fix, int fixing)
{
	x->code = code;
	x->rule = rule_id(v, f->name, "type");
	x->sev = CRM_SEV_WARNING;
	x->expected = expected;
	x->fix = fix;
	x->fixed = fixing;
	x->message = message;
	emit(v, x);
	x->fix = NULL;
	x->fixed = 0;
	x->sev = f->severity;
}

/* An ИНН that Excel stored as a number lost its leading zero. */
static void
lost_zero(struct crm_validator *v, const struct rfield *f, struct vio *x,
    const char *fix, int fixing)
{
	warn_fixable(v, f, x, "excel-artifact", vtypes[f->type].expected,
	    "a leading zero was lost (Excel)", fix, fixing);
}

/*
 * The checks of one field, in the order check_field runs them.  Each gets
 * the field's vio (x) ready to emit; one that returns -1 ends the field's
 * checks (the value is bad and nothing more can be said of it).
 */

/* required: the field has no value. */
static void
check_required(struct crm_validator *v, const struct rfield *f, size_t fi,
    struct vio *x)
{
	x->code = "required";
	x->rule = rule_id(v, f->name, "required");
	x->expected = "a value";
	x->message = "a required value is missing";
	emit(v, x);
	v->bad[fi] = 1;
}

/*
 * Excel's marks on a typed value: a number in scientific notation is an
 * error; a leading ' or ="..." is taken off (*artefact says so).
 */
static int
check_excel(struct crm_validator *v, const struct rfield *f, size_t fi,
    struct vio *x, const char **sp, size_t *np, int *artefact)
{
	const char *s = *sp;
	size_t n = *np;

	trim(&s, &n);
	if (crm_norm_is_sci(s, n) && f->type != VT_NUMBER && f->type != VT_DATE &&
	    f->type != VT_BOOLEAN) {
		x->code = "excel-artifact";
		x->rule = rule_id(v, f->name, "type");
		x->expected = vtypes[f->type].expected;
		x->message = "a number in scientific notation (Excel): the "
		    "digits are lost; take them from the source";
		emit(v, x);
		v->bad[fi] = 1;
		return -1;
	}
	if (n > 1 && s[0] == '\'') {
		s++, n--;
		*artefact = 1;
	} else if (n > 3 && s[0] == '=' && s[1] == '"' && s[n - 1] == '"') {
		s += 2, n -= 3;
		*artefact = 1;
	}
	*sp = s;
	*np = n;
	return 0;
}

/* type: the value read as the field's type, its canonical text in canon. */
static int
check_typed(struct crm_validator *v, const struct rfield *f, size_t fi,
    struct vio *x, const char *s, size_t n, struct crm_buf *canon,
    int fixing, int *artefact)
{
	const char *code, *why;
	char ebuf[32];

	if (check_type(v, f, s, n, canon, &code, &why) < 0) {
		/* A lost leading zero (Excel) is put back when the checksum then holds. */
		if (f->type == VT_INN && (n == 9 || n == 11) &&
		    strspn(s, "0123456789") >= n) {
			const char *why2;

			ebuf[0] = '0';
			memcpy(ebuf + 1, s, n);
			crm_buf_reset(canon);
			if (crm_norm_inn(ebuf, n + 1, canon, &why2) == 0) {
				lost_zero(v, f, x, canon->buf, fixing);
				*artefact = 0;
				return 0;
			}
		}
		crm_buf_reset(&v->msg);
		crm_buf_adds(&v->msg, "not ");
		crm_buf_adds(&v->msg,
		    f->type == VT_PHONE ? "a phone number" :
		    f->type == VT_EMAIL ? "an email address" :
		    f->type == VT_POSTAL || f->type == VT_POSTAL_RU ?
		    "a postal code" :
		    f->type == VT_INN ? "a valid ИНН" :
		    f->type == VT_OGRN ? "a valid ОГРН" :
		    f->type == VT_OGRNIP ? "a valid ОГРНИП" :
		    f->type == VT_KPP ? "a КПП" : vtypes[f->type].expected);
		if (why && strcmp(why, v->msg.buf)) {
			crm_buf_adds(&v->msg, ": ");
			crm_buf_adds(&v->msg, why);
		}
		x->code = code;
		x->rule = rule_id(v, f->name, "type");
		x->expected = vtypes[f->type].expected;
		x->message = v->msg.buf;
		emit(v, x);
		v->bad[fi] = 1;
		return -1;
	}
	if (f->type == VT_INN && canon->len > n - strspn(s, "0") &&
	    n < canon->len && strspn(s, "0123456789") >= n)
		lost_zero(v, f, x, canon->buf, fixing);
	return 0;
}

/* Warnings on a value that was read: what a fix takes away, or unusual. */
static void
check_warnings(struct crm_validator *v, const struct rfield *f,
    struct vio *x, const char *raw, size_t rawlen, struct crm_buf *canon,
    int fixing, int artefact, int compat)
{
	const char *why;

	if (f->type != VT_STRING && has_control(raw, rawlen))
		warn_fixable(v, f, x, "control-char",
		    "no line breaks or control characters",
		    "a line break or control character in the value",
		    canon->buf, fixing);
	if (artefact)
		warn_fixable(v, f, x, "excel-artifact",
		    vtypes[f->type].expected,
		    "a spreadsheet quoting artefact (' or =\"...\")",
		    canon->buf, fixing);
	if (compat)
		warn_fixable(v, f, x, "email-compat", vtypes[f->type].expected,
		    "compatibility characters (such as full-width letters):"
		    " folded", canon->buf, fixing);
	if (f->type == VT_EMAIL &&
	    (why = crm_norm_email_unusual(canon->buf, canon->len))) {
		/* RFC 5321/6531 allow it; many mail systems do not. */
		crm_buf_reset(&v->msg);
		crm_buf_addf(&v->msg, "a valid but unusual address: %s", why);
		warn_fixable(v, f, x, "email-unusual", vtypes[f->type].expected,
		    v->msg.buf, NULL, 0);
	}
}

/* enum: a value of the list, a synonym of one, or (aggressive) the nearest. */
static int
check_list(struct crm_validator *v, const struct rfield *f, size_t fi,
    struct vio *x, struct crm_buf *canon, int fixing)
{
	const struct rlist *l = f->list;
	long idx = map_get(&l->exact, canon->buf, canon->len);

	if (idx == LONG_MIN)
		idx = map_get(&v->enum_cache[fi], canon->buf, canon->len);
	if (idx == LONG_MIN) {
		/* Case-folded, else the nearest value: remembered per value. */
		if (l->ci) {
			crm_buf_reset(&v->tmp);
			crm_utf8_casefold(canon->buf, canon->len, &v->tmp);
			idx = map_get(&l->folded, v->tmp.buf, v->tmp.len);
		}
		if (idx == LONG_MIN) {
			const char *near = nearest(v, l, canon->buf,
			    canon->len);
			size_t k;

			idx = -1;
			for (k = 0; near && k < l->values.n; k++)
				if (l->values.v[k] == near)
					idx = -2 - (long)k;
		}
		if (crm_hmap_count(&v->enum_cache[fi]) < 10000)
			map_add(&v->enum_cache[fi], canon->buf, canon->len,
			    idx);
	}
	if (idx >= 0) {
		const char *val = l->values.v[idx];

		if (strcmp(val, canon->buf)) {
			crm_buf_reset(canon);
			crm_buf_adds(canon, val);
		}
	} else {
		const char *near = idx <= -2 ? l->values.v[-2 - idx] : NULL;

		crm_buf_reset(&v->msg);
		crm_buf_adds(&v->msg, "not in the list ");
		crm_buf_adds(&v->msg, l->name);
		if (near) {
			crm_buf_adds(&v->msg, "; did you mean '");
			crm_buf_adds(&v->msg, near);
			crm_buf_adds(&v->msg, "'?");
		}
		x->code = "enum-error";
		x->rule = rule_id(v, f->name, "enum");
		x->expected = l->expected;
		x->fix = near;
		x->fixed = near && v->o.fix == CRM_FIX_AGGRESSIVE && fixing;
		x->message = field_message(v, f, v->msg.buf);
		emit(v, x);
		x->fix = NULL;
		if (x->fixed) {
			crm_buf_reset(canon);
			crm_buf_adds(canon, near);
			x->fixed = 0;
		} else {
			v->bad[fi] = 1;
			return -1;
		}
	}
	return 0;
}

/* pattern: the canonical value matches the field's pattern. */
static void
check_pattern(struct crm_validator *v, const struct rfield *f, size_t fi,
    struct vio *x, const struct crm_buf *canon)
{
	struct crm_err rerr;	/* err_clear(): filled only on a failure */
	int m;

	err_clear(&rerr);
	if ((m = crm_regex_match(f->re, canon->buf, canon->len, &rerr)) < 0) {
		undecided(v, rule_id(v, f->name, "pattern"), v->vf[fi].col + 1,
		    f->re, canon->buf, canon->len, &rerr);
		v->bad[fi] = 1;
	} else if (!m) {
		x->code = "pattern-error";
		x->rule = rule_id(v, f->name, "pattern");
		x->expected = crm_regex_source(f->re);
		x->message = field_message(v, f, "does not match the pattern");
		emit(v, x);
		v->bad[fi] = 1;
	}
}

/* minLength, maxLength, in characters. */
static void
check_length(struct crm_validator *v, const struct rfield *f, size_t fi,
    struct vio *x, const struct crm_buf *canon)
{
	/* Characters are between bytes / 4 and bytes: count only when that matters. */
	if ((f->minlen >= 0 && canon->len / 4 < (size_t)f->minlen) ||
	    (f->maxlen >= 0 && canon->len > (size_t)f->maxlen)) {
		size_t len = utf8_chars(canon->buf, canon->len);
		char exp[64];

		if ((f->minlen >= 0 && len < (size_t)f->minlen) ||
		    (f->maxlen >= 0 && len > (size_t)f->maxlen)) {
			int lo = f->minlen >= 0 && len < (size_t)f->minlen;

			snprintf(exp, sizeof exp, "%s %ld characters",
			    lo ? "at least" : "at most", lo ? f->minlen : f->maxlen);
			crm_buf_reset(&v->msg);
			crm_buf_addf(&v->msg, "%zu characters: too %s", len,
			    lo ? "short" : "long");
			x->code = lo ? "min-length" : "max-length";
			x->rule = rule_id(v, f->name,
			    lo ? "minLength" : "maxLength");
			x->expected = exp;
			x->message = field_message(v, f, v->msg.buf);
			emit(v, x);
			v->bad[fi] = 1;
		}
	}
}

/* minimum, maximum: of a number, or of a date (today allowed). */
static void
check_range(struct crm_validator *v, const struct rfield *f, size_t fi,
    struct vio *x, const struct crm_buf *canon)
{
	int lo = 0, hi = 0;

	if (f->type == VT_DATE) {
		long d;

		if (crm_date_days(canon->buf, &d) == 0) {
			lo = f->has_min && d < (f->min_today ? v->today : f->min_days);
			hi = f->has_max && d > (f->max_today ? v->today : f->max_days);
		}
	} else {
		double d = strtod(canon->buf, NULL);

		lo = f->has_min && d < f->min;
		hi = f->has_max && d > f->max;
	}
	if (lo || hi) {
		char exp[96];

		snprintf(exp, sizeof exp, "%s %s", lo ? ">=" : "<=",
		    lo ? f->min_s : f->max_s);
		x->code = lo ? "minimum" : "maximum";
		x->rule = rule_id(v, f->name, lo ? "minimum" : "maximum");
		x->expected = exp;
		x->message = field_message(v, f, f->type == VT_DATE ?
		    (hi && f->max_today ? "a date in the future" :
		    lo ? "the date is too early" : "the date is too late") :
		    lo ? "the value is too small" : "the value is too large");
		emit(v, x);
		v->bad[fi] = 1;
	}
}

/* phoneTypes: the phone just read is of a type the field allows. */
static void
check_phone_type(struct crm_validator *v, const struct rfield *f, size_t fi,
    struct vio *x)
{
	if (phone_type_ok(f->phone_types, v->phone_type))
		return;
	crm_buf_reset(&v->tmp);
	phone_types_text(&v->tmp, f->phone_types);
	crm_buf_reset(&v->msg);
	crm_buf_addf(&v->msg, "a %s number",
	    crm_phone_type_name(v->phone_type));
	x->code = "phone-type";
	x->rule = rule_id(v, f->name, "phoneTypes");
	x->expected = v->tmp.buf;
	x->message = field_message(v, f, v->msg.buf);
	emit(v, x);
	v->bad[fi] = 1;
}

/*
 * noLegalForm: a company name that is only a legal form, or holds one
 * (a fix moves it into an empty legal_form column).
 */
static void
check_legal_form(struct crm_validator *v, const struct rfield *f, size_t fi,
    struct vio *x, struct crm_buf *canon, int fixing)
{
	const char *why2 = NULL;
	struct crm_buf *name = &v->tmp, *form = &v->tmp2;

	crm_buf_reset(name);
	crm_buf_reset(form);
	if (crm_norm_company(canon->buf, canon->len, name, form, &why2) < 0) {
		x->code = "legal-form-only";
		x->rule = rule_id(v, f->name, "noLegalForm");
		x->sev = sev_max(f->nolf, CRM_SEV_ERROR);
		x->expected = "a company name";
		x->message = field_message(v, f, "the name is only a legal form");
		emit(v, x);
		v->bad[fi] = 1;
		x->sev = f->severity;
	} else if (form->len) {
		long lfc = column_of(v, "legal_form");
		int apply = fixing && lfc >= 0 &&
		    is_missing(v, NULL, v->cval[lfc], v->clen[lfc]);

		crm_buf_reset(&v->fixb);
		crm_buf_add(&v->fixb, name->buf, name->len);
		crm_buf_reset(&v->msg);
		crm_buf_addf(&v->msg, "the name holds the legal form %s", form->buf);
		if (apply)
			set_fix(v, lfc, form->buf, form->len);
		x->code = "legal-form-in-name";
		x->rule = rule_id(v, f->name, "noLegalForm");
		x->sev = f->nolf;
		x->expected = "the name without its legal form";
		x->fix = v->fixb.buf;
		x->fixed = apply;
		x->message = field_message(v, f, v->msg.buf);
		emit(v, x);
		x->fix = NULL;
		x->fixed = 0;
		x->sev = f->severity;
		if (apply) {
			crm_buf_reset(canon);
			crm_buf_add(canon, v->fixb.buf, v->fixb.len);
		} else
			v->bad[fi] = 1;
	}
}

/* unique: the value's hash, probed later (see check_unique). */
static void
queue_unique(struct crm_validator *v, size_t fi, const char *raw,
    size_t rawlen, const struct crm_buf *canon)
{
	v->uhash[fi] = v->uhash[fi] && canon->len == rawlen &&
	    !memcmp(canon->buf, raw, rawlen) ? v->uhash[fi] :
	    crm_hmap_hash(canon->buf, canon->len);
	v->upending[fi] = 1;
}

/* Check the field fi of the current record. */
static void
check_field(struct crm_validator *v, size_t fi)
{
	const struct rfield *f = &v->e->fields[fi];
	const struct vfield *vf = &v->vf[fi];
	struct crm_buf *canon = &v->canon[fi];
	struct vio x;
	const char *raw, *s;
	size_t rawlen, n;
	int fixing = v->o.fix != CRM_FIX_NONE, artefact = 0, compat = 0;

	v->present[fi] = 0;
	v->bad[fi] = 0;
	vio_init(&x);
	x.fi = (long)fi;
	x.field = f->name;
	x.sev = f->severity;
	if (vf->col < 0) {
		if (f->required && !vf->suppress)
			check_required(v, f, fi, &x);
		return;
	}
	v->fs[fi].withcol++;
	x.column = vf->col + 1;
	x.label = v->labels.v[vf->col];
	if (vf->fio) {
		if (!v->fio_done)
			split_fio(v, vf->col);
		raw = v->fio_ok ? v->fio[vf->fio - 1].buf : NULL;
		rawlen = v->fio_ok ? v->fio[vf->fio - 1].len : 0;
		fixing = 0;	/* the full-name column is written as it came */
	} else {
		raw = v->cval[vf->col];
		rawlen = v->clen[vf->col];
	}
	x.value = raw;
	x.vlen = rawlen;
	if (is_missing(v, f, raw, rawlen)) {
		if (f->required)
			check_required(v, f, fi, &x);
		if (fixing && raw && rawlen)
			set_fix(v, vf->col, "", 0);
		return;
	}
	v->present[fi] = 1;
	v->fs[fi].present++;
	s = raw;
	n = rawlen;
	if (f->type != VT_STRING &&
	    check_excel(v, f, fi, &x, &s, &n, &artefact) < 0)
		return;
	/* Full-width letters and other compatibility forms: folded (NFKC). */
	if (f->type == VT_EMAIL) {
		crm_buf_reset(&v->folded);
		if (crm_norm_email_compat(s, n, &v->folded)) {
			s = v->folded.buf;
			n = v->folded.len;
			compat = 1;
		}
	}
	if (check_typed(v, f, fi, &x, s, n, canon, fixing, &artefact) < 0)
		return;
	check_warnings(v, f, &x, raw, rawlen, canon, fixing, artefact, compat);
	if (f->list && check_list(v, f, fi, &x, canon, fixing) < 0)
		return;
	if (f->re)
		check_pattern(v, f, fi, &x, canon);
	check_length(v, f, fi, &x, canon);
	if (f->has_min || f->has_max)
		check_range(v, f, fi, &x, canon);
	if (f->phone_types)
		check_phone_type(v, f, fi, &x);
	if (f->nolf != NO_SEV)
		check_legal_form(v, f, fi, &x, canon, fixing);
	if (f->unique != NO_SEV)
		queue_unique(v, fi, raw, rawlen, canon);
	if (!v->bad[fi] && !v->upending[fi])
		v->fs[fi].valid++;
	/* A date-time in UTC keeps its zone: "...T10:00:00Z" is canonical too. */
	if (f->type == VT_DATE && rawlen == canon->len + 1 && raw[rawlen - 1] == 'Z' &&
	    !memcmp(raw, canon->buf, canon->len)) {
		crm_buf_reset(canon);
		crm_buf_add(canon, raw, rawlen);
	}
	if (fixing && (canon->len != rawlen || memcmp(canon->buf, raw, rawlen)))
		set_fix(v, vf->col, canon->buf, canon->len);
}

/*
 * The unique sets, probed last so that the slots prefetched at the start
 * of the record have arrived.
 */
static void
check_unique(struct crm_validator *v)
{
	const struct rentity *e = v->e;
	size_t fi;

	for (fi = 0; fi < e->nfields; fi++) {
		const struct rfield *f = &e->fields[fi];
		long first;
		struct vio x;

		if (!v->upending[fi])
			continue;
		v->upending[fi] = 0;
		first = hset_put(&v->uniq[fi], v->uhash[fi], v->line);
		if (!first) {
			if (!v->bad[fi])
				v->fs[fi].valid++;
			continue;
		}
		memset(&x, 0, sizeof x);
		x.fi = (long)fi;
		x.field = f->name;
		x.column = v->vf[fi].col + 1;
		x.label = v->labels.v[v->vf[fi].col];
		x.value = v->canon[fi].buf;
		x.vlen = v->canon[fi].len;
		crm_buf_reset(&v->msg);
		crm_buf_addf(&v->msg, "the same value is on line %ld", first);
		x.code = "unique-error";
		x.rule = rule_id(v, f->name, "unique");
		x.sev = f->unique;
		x.expected = "a value no other record has";
		x.message = field_message(v, f, v->msg.buf);
		emit(v, &x);
		v->bad[fi] = 1;
	}
}

/* Is the field a rule names present in the current record?  Its value in *s. */
static int
ref_present(struct crm_validator *v, const struct vref *r, const char **s,
    size_t *n)
{
	*s = NULL;
	*n = 0;
	if (r->fi >= 0 && v->vf[r->fi].col >= 0) {
		if (!v->present[r->fi])
			return 0;
		*s = v->canon[r->fi].buf;
		*n = v->canon[r->fi].len;
		return 1;
	}
	if (r->col < 0 || !v->cval[r->col] ||
	    is_missing(v, NULL, v->cval[r->col], v->clen[r->col]))
		return 0;
	*s = v->cval[r->col];
	*n = v->clen[r->col];
	trim(s, n);
	return 1;
}

static void
check_rules(struct crm_validator *v)
{
	const struct rentity *e = v->e;
	struct crm_err rerr;	/* err_clear(): filled only on a failure */
	size_t i, k;

	err_clear(&rerr);
	for (i = 0; i < e->nrules; i++) {
		const struct rrule *r = &e->rules[i];
		const struct vref *refs = v->rule_refs[i];
		const char *s, *first = NULL;
		size_t n;
		int p, hit = 1, bad = 0, nfound = 0;
		long col = 0, fi = -1;
		struct vio x;

		if (r->when_field) {
			p = ref_present(v, &refs[0], &s, &n);
			switch (r->when) {
			case W_PRESENT: hit = p; break;
			case W_ABSENT: hit = !p; break;
			case W_EQUALS:
			case W_IN:
				hit = 0;
				for (k = 0; p && k < r->when_values.n; k++)
					if (strlen(r->when_values.v[k]) == n &&
					    !memcmp(r->when_values.v[k], s, n))
						hit = 1;
				break;
			case W_PATTERN:
				hit = p ? crm_regex_match(r->when_re, s, n, &rerr) : 0;
				if (hit < 0) {
					undecided(v, r->id, refs[0].col >= 0 ?
					    refs[0].col + 1 : 0, r->when_re, s, n, &rerr);
					hit = 0;
				}
				break;
			}
		}
		if (!hit)
			continue;
		for (k = 0; k < r->fields.n; k++) {
			p = ref_present(v, &refs[k + 1], &s, &n);
			nfound += p;
			if ((r->kind == R_REQUIRE && !p) || (r->kind == R_FORBID && p)) {
				bad = 1;
				if (!first) {
					first = r->fields.v[k];
					fi = refs[k + 1].fi;
					col = refs[k + 1].col >= 0 ? refs[k + 1].col + 1 :
					    fi >= 0 && v->vf[fi].col >= 0 ? v->vf[fi].col + 1 : 0;
				}
			}
		}
		if (r->kind == R_REQUIRE_ANY && !nfound) {
			bad = 1;
			first = r->fields.v[0];
		}
		if (!bad)
			continue;
		memset(&x, 0, sizeof x);
		x.fi = -1;
		x.column = r->kind == R_REQUIRE_ANY ? 0 : col;
		x.field = first;
		x.label = x.column > 0 ? v->labels.v[x.column - 1] : NULL;
		x.code = "rule-violation";
		x.rule = r->id;
		x.sev = r->severity;
		if (r->kind == R_FORBID && x.column > 0) {
			x.value = v->cval[x.column - 1];
			x.vlen = v->clen[x.column - 1];
		}
		crm_buf_reset(&v->fixb);
		for (k = 0; k < r->fields.n; k++)
			crm_buf_addf(&v->fixb, "%s%s", k ? (r->kind == R_REQUIRE_ANY ?
			    " or " : ", ") : "", r->fields.v[k]);
		crm_buf_reset(&v->msg);
		crm_buf_addf(&v->msg, "%s %s", r->kind == R_FORBID ? "no" :
		    r->kind == R_REQUIRE ? "a value for" : "one of", v->fixb.buf);
		x.expected = v->msg.buf;
		x.message = r->message ? r->message : r->kind == R_FORBID ?
		    "a value that must be empty here is present" :
		    "a value required here is missing";
		emit(v, &x);
	}
}

static int
check_fks(struct crm_validator *v, struct crm_err *err)
{
	const struct rentity *e = v->e;
	size_t i, k;

	if (!v->o.db)
		return 0;
	for (i = 0; i < e->nfks; i++) {
		const struct rfk *fk = &e->fks[i];
		const char *s;
		size_t n;
		int found = 0, added;
		size_t t;
		struct vio x;

		if (!ref_present(v, &v->fk_refs[i], &s, &n))
			continue;
		t = crm_hmap_put(&v->fk_seen[i], s, n, &added);
		if (added) {
			crm_buf_reset(&v->tmp);
			crm_buf_add(&v->tmp, s, n);
			for (k = 0; k < fk->cols.n && !found; k++) {
				const char *key = v->tmp.buf, *why;
				struct crm_phone ph;

				/* Phones and ИНН as the store keeps them. */
				crm_buf_reset(&v->tmp2);
				if (!strcmp(fk->cols.v[k], "phone")) {
					if (crm_norm_phone(s, n, phone_region(v), &ph, &why) < 0)
						continue;
					crm_buf_adds(&v->tmp2, ph.display);
					key = v->tmp2.buf;
				} else if (!strcmp(fk->cols.v[k], "inn")) {
					if (crm_norm_inn(s, n, &v->tmp2, &why) < 0)
						continue;
					key = v->tmp2.buf;
				} else if (!strcmp(fk->cols.v[k], "name") &&
				    !strcmp(fk->ref, "companies")) {
					/* "Acme Corp." names the company stored as "Acme" */
					struct crm_buf form = CRM_BUF_INIT;
					int cr = crm_norm_company(s, n, &v->tmp2,
					    &form, &why);

					crm_buf_release(&form);
					if (cr < 0)
						continue;
					key = v->tmp2.buf;
				} else if (!strcmp(fk->cols.v[k], "full_name")) {
					if (crm_norm_text(s, n, &v->tmp2, &why) < 0)
						continue;
					key = v->tmp2.buf;
				}
				if (crm_store_exists(v->o.db, fk->ref, fk->cols.v[k],
				    key, &found, err) < 0)
					return -1;
			}
			*crm_hmap_val(&v->fk_seen[i], t) = found;
		}
		if (*crm_hmap_val(&v->fk_seen[i], t))
			continue;
		memset(&x, 0, sizeof x);
		x.fi = v->fk_refs[i].fi;
		x.column = v->fk_refs[i].col >= 0 ? v->fk_refs[i].col + 1 :
		    x.fi >= 0 ? v->vf[x.fi].col + 1 : 0;
		x.field = fk->field;
		x.label = x.column > 0 ? v->labels.v[x.column - 1] : NULL;
		x.code = "foreign-key";
		x.rule = rule_id(v, fk->field, "foreignKey");
		x.sev = fk->severity;
		x.value = s;
		x.vlen = n;
		x.expected = fk->expected;
		crm_buf_reset(&v->msg);
		crm_buf_addf(&v->msg, "no such %s record in the store", fk->ref);
		x.message = fk->message ? fk->message : v->msg.buf;
		emit(v, &x);
		if (x.fi >= 0)
			v->bad[x.fi] = 1;
	}
	return 0;
}

static void
finish_record(struct crm_validator *v)
{
	if (v->rec_sev == CRM_SEV_ERROR)
		v->st.with_errors++;
	else if (v->rec_sev == CRM_SEV_WARNING)
		v->st.with_warnings++;
	else
		v->st.clean++;
}

static long
find_column(const struct crm_validator *v, const char *name, size_t j)
{
	size_t c;

	/* A CSV record has its cells in header order, extra cells after them. */
	if (v->is_csv)
		return j < v->ncols ? (long)j : -1;

	if (j < v->ncols && (v->labels.v[j] == name ||
	    (v->labels.v[j][0] == name[0] && !strcmp(v->labels.v[j], name))))
		return (long)j;
	for (c = 0; c < v->ncols; c++)
		if (!strcmp(v->labels.v[c], name))
			return (long)c;
	return -1;
}

int
crm_validator_record(struct crm_validator *v, const struct crm_record *rec,
    struct crm_record *out, struct crm_err *err)
{
	const struct rentity *e = v->e;
	size_t c, j, i;
	int blank = 1;
	struct vio x;

	v->st.records++;
	v->inputs[v->ninputs - 1].records++;
	v->line = rec->line;
	v->recno = rec->recno;
	v->rec_sev = -1;
	v->fio_done = 0;
	v->own_done = 0;	/* the columns' values are set below */
	for (c = 0; c < v->ncols; c++) {
		v->cval[c] = NULL;
		v->clen[c] = 0;
		free(v->fixval[c]);
		v->fixval[c] = NULL;
	}
	for (j = 0; j < rec->n; j++) {
		const struct crm_field *fd = &rec->f[j];
		long col = find_column(v, fd->name, j);

		if (col < 0) {
			if (v->is_csv)
				continue;	/* an extra cell: see the ragged check */
			/* A key the first JSON object did not have. */
			add_column(v, fd->name, NULL);
			plan(v);
			col = (long)v->ncols - 1;
			v->cval[col] = NULL;
		}
		if (v->cval[col])
			continue;
		v->cval[col] = fd->value;
		v->clen[col] = fd->len;
	}
	for (j = 0; j < rec->n && blank; j++)
		if (rec->f[j].value && rec->f[j].len)
			blank = 0;
	memset(&x, 0, sizeof x);
	x.fi = -1;
	if (blank) {
		x.code = "blank-row";
		x.rule = rule_id(v, NULL, "row");
		x.sev = CRM_SEV_WARNING;
		x.expected = "a record";
		x.message = "the row is empty";
		emit(v, &x);
		goto done;
	}
	if (v->is_csv && rec->ncells && rec->ncells != v->ncols) {
		/* Ragged: cells may have shifted, so no cell checks (no cascade). */
		x.rule = rule_id(v, NULL, "row");
		x.sev = CRM_SEV_ERROR;
		crm_buf_reset(&v->msg);
		crm_buf_addf(&v->msg, "the row has %zu cells, the header %zu",
		    rec->ncells, v->ncols);
		x.message = v->msg.buf;
		if (rec->ncells > v->ncols) {
			for (j = 0, c = v->ncols; j < rec->n; j++) {
				if (find_column(v, rec->f[j].name, j) >= 0)
					continue;
				x.column = (long)++c;
				x.code = "extra-cell";
				x.expected = "no cell beyond the header";
				x.value = rec->f[j].value;
				x.vlen = rec->f[j].len;
				emit(v, &x);
			}
		} else {
			for (c = rec->ncells; c < v->ncols; c++) {
				x.column = (long)c + 1;
				x.label = v->labels.v[c];
				x.field = v->colfield[c];
				x.code = "missing-cell";
				x.expected = "a cell for every column";
				emit(v, &x);
			}
		}
		goto done;
	}
	/*
	 * The unique sets are large and probed at random: start loading the
	 * slots now, while the other fields are checked.
	 */
	for (i = 0; i < e->nfields; i++) {
		long col = v->vf[i].col;

		v->uhash[i] = 0;
		if (e->fields[i].unique == NO_SEV || col < 0 || v->vf[i].fio ||
		    !v->cval[col] || !v->uniq[i].cap)
			continue;
		v->uhash[i] = crm_hmap_hash(v->cval[col], v->clen[col]);
#if defined(__GNUC__)
		__builtin_prefetch(&v->uniq[i].tab[(v->uhash[i] ? v->uhash[i] : 1) &
		    (v->uniq[i].cap - 1)]);
#endif
	}
	for (i = 0; i < e->nfields; i++)
		check_field(v, v->order[i]);
	check_unique(v);
	if (check_fks(v, err) < 0)
		return -1;
	check_rules(v);
	if (v->rfailed) {
		v->rfailed = 0;
		*err = v->rerr;
		return -1;
	}
done:
	finish_record(v);
	if (out && v->o.fix != CRM_FIX_NONE) {
		crm_record_reset(out);
		out->line = rec->line;
		out->recno = rec->recno;
		out->ncells = rec->ncells;
		for (j = 0; j < rec->n; j++) {
			const struct crm_field *fd = &rec->f[j];
			long col = find_column(v, fd->name, j);

			if (col >= 0 && v->fixval[col] && v->cval[col] == fd->value) {
				struct crm_change ch;

				crm_record_add(out, fd->name, fd->namelen,
				    v->fixval[col], strlen(v->fixval[col]));
				v->st.changes++;
				if (v->o.change) {
					ch.file = v->file;
					ch.line = v->line;
					ch.record = v->recno;
					ch.column = col + 1;
					ch.field = v->colfield[col];
					ch.label = v->labels.v[col];
					ch.before = fd->value ? fd->value : "";
					ch.after = v->fixval[col];
					ch.code = "normalized";
					v->o.change(v->o.ctx, &ch);
				}
			} else
				crm_record_add(out, fd->name, fd->namelen, fd->value,
				    fd->len);
		}
	}
	return 0;
}

void
crm_validator_bad_record(struct crm_validator *v, long line, long record,
    const char *code, const char *message, const char *raw, size_t rawlen)
{
	struct vio x;

	v->st.records++;
	v->inputs[v->ninputs - 1].records++;
	v->line = line;
	v->recno = record;
	v->rec_sev = -1;
	memset(&x, 0, sizeof x);
	x.fi = -1;
	x.code = code;
	x.rule = rule_id(v, NULL, "row");
	x.sev = CRM_SEV_ERROR;
	if (raw) {
		while (rawlen && (raw[rawlen - 1] == '\n' || raw[rawlen - 1] == '\r'))
			rawlen--;
		x.value = raw;
		x.vlen = rawlen;
	}
	x.expected = !strcmp(code, "encoding-error") ? "UTF-8 text" :
	    "a well-formed record";
	x.message = message;
	emit(v, &x);
	finish_record(v);
}

void
crm_validator_stats(const struct crm_validator *v,
    struct crm_validate_stats *st)
{
	*st = v->st;
}
