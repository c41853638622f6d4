/*
 * dedupe_rec: records: a record's values normalised into its string slots,
 * name tokens, company tokens, term-frequency ids; pairs marked as not
 * duplicates; pinned m-probabilities.
 */
#include <stdlib.h>
#include <string.h>

#include "country.h"
#include "date.h"
#include "dedupe_int.h"
#include "norm.h"

/*
 * A phone's key: its E.164 form ("+19175550134"), read by lib/phone with the
 * record's country (c, cn), else the run's (run_region), else RU; a
 * number lib/phone cannot read at all keeps the digits as written
 * (crm_simil_phone_key), so that two equal spellings still meet.
 */
static int
phone_key(const char *run_region, const char *v, size_t len,
    const char *c, size_t cn, struct crm_buf *out)
{
	const struct crm_country *rc = c && cn ? crm_country_lookup(c, cn) : NULL;
	const char *region = rc ? rc->code : run_region;
	struct crm_phone ph;
	const char *why;

	if (crm_norm_phone(v, len, region, &ph, &why) == 0 ||
	    (ph.num.parsed && ph.num.validity == CRM_PHONE_POSSIBLE)) {
		crm_buf_adds(out, ph.e164[0] ? ph.e164 : ph.num.e164);
		return 0;
	}
	return crm_simil_phone_key(v, len, out);
}

static void
setslot(struct crm_dedupe *d, struct ddrec *r, int slot, const char *s,
    size_t n)
{
	while (n > 0 && s[0] == ' ')
		s++, n--;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n > 255)
		n = 255;
	if (n == 0) {
		r->off[slot] = 0;
		r->len[slot] = 0;
		return;
	}
	r->off[slot] = (uint32_t)d->pool.len;
	r->len[slot] = (uint8_t)n;
	crm_buf_add(&d->pool, s, n);
	crm_buf_addc(&d->pool, '\0');
}


/* Letters and digits, lower-cased ASCII, nothing else. */
static void
alnum(const char *s, size_t n, struct crm_buf *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			crm_buf_addc(out, c);
	}
}

/* Birth date to YYYYMMDD, or nothing. */
static void
date8(const char *s, size_t n, struct crm_buf *out)
{
	char part[3][9];
	size_t plen[3] = { 0, 0, 0 }, k = 0, i;
	char y[5], mo[3], dd[3];

	for (i = 0; i < n && k < 3; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (plen[k] < 8)
				part[k][plen[k]++] = s[i];
		} else if (plen[k] > 0) {
			if (s[i] == 'T' || s[i] == ' ')
				if (k == 2)
					break;
			k++;
		}
	}
	if (k < 3 && plen[k] > 0)
		k++;
	if (k == 1 && plen[0] == 8) {
		if ((part[0][0] == '1' && part[0][1] == '9') ||
		    (part[0][0] == '2' && part[0][1] == '0'))
			crm_buf_add(out, part[0], 8);
		else {
			crm_buf_add(out, part[0] + 4, 4);
			crm_buf_add(out, part[0] + 2, 2);
			crm_buf_add(out, part[0], 2);
		}
		return;
	}
	if (k != 3 || plen[0] == 0 || plen[1] == 0 || plen[2] == 0 ||
	    plen[1] > 2)
		return;
	if (plen[0] == 4 && plen[2] <= 2) {
		memcpy(y, part[0], 4);
		mo[0] = plen[1] == 1 ? '0' : part[1][0];
		mo[1] = part[1][plen[1] - 1];
		dd[0] = plen[2] == 1 ? '0' : part[2][0];
		dd[1] = part[2][plen[2] - 1];
	} else if (plen[2] == 4 && plen[0] <= 2) {
		memcpy(y, part[2], 4);
		mo[0] = plen[1] == 1 ? '0' : part[1][0];
		mo[1] = part[1][plen[1] - 1];
		dd[0] = plen[0] == 1 ? '0' : part[0][0];
		dd[1] = part[0][plen[0] - 1];
	} else
		return;
	crm_buf_add(out, y, 4);
	crm_buf_add(out, mo, 2);
	crm_buf_add(out, dd, 2);
}

/*
 * Company name skeleton without its legal form, split off by
 * crm_norm_company (lib/norm, the one table of legal forms, prefix or
 * suffix); a value it cannot read is taken whole.  Returns 1 when the
 * form was split off by lib/norm (the fallback's company key), else 0.
 */
static int
company_norm(const char *s, size_t n, struct crm_buf *out)
{
	struct crm_buf name = CRM_BUF_INIT, form = CRM_BUF_INIT;
	const char *why = NULL;
	int ok = crm_norm_company(s, n, &name, &form, &why) == 0 && name.len;

	if (ok)
		crm_simil_skeleton(name.buf, name.len, out);
	else
		crm_simil_skeleton(s, n, out);
	crm_buf_release(&name);
	crm_buf_release(&form);
	return ok;
}

static uint32_t
tok_id(struct crm_dedupe *d, const char *s, size_t n)
{
	struct tokdict *t = &d->td;
	int added;
	size_t id = crm_hmap_put(&t->map, s, n, &added);

	if (added) {
		if (t->n == t->ncap) {
			t->ncap = t->ncap ? t->ncap * 2 : 1024;
			t->df = xreallocarray(t->df, t->ncap, sizeof *t->df);
		}
		t->df[t->n++] = 0;
	}
	return (uint32_t)id;
}

int
dd_u32cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Split a full name into last, first and middle skeletons. */
static void
split_fio(struct crm_dedupe *d, const char *s, size_t n, struct crm_buf *last,
    struct crm_buf *first, struct crm_buf *middle)
{
	const char *tok[8];
	size_t tl[8], nt = 0, i, other[8], no = 0;
	const char *p, *e;
	long pat = -1;

	crm_buf_reset(&d->tmp3);
	crm_simil_skeleton(s, n, &d->tmp3);
	p = d->tmp3.buf;
	e = p + d->tmp3.len;
	while (p < e && nt < 8) {
		const char *q = memchr(p, ' ', (size_t)(e - p));

		if (!q)
			q = e;
		tok[nt] = p;
		tl[nt++] = (size_t)(q - p);
		p = q + 1;
	}
	for (i = 0; i < nt; i++) {
		int g;

		if (pat < 0 && nt >= 2 && crm_simil_is_patronymic(tok[i], tl[i], &g))
			pat = (long)i;
		else
			other[no++] = i;
	}
	if (pat >= 0)
		crm_buf_add(middle, tok[pat], tl[pat]);
	if (no == 1) {
		crm_buf_add(last, tok[other[0]], tl[other[0]]);
		return;
	}
	if (no == 0)
		return;
	{
		size_t a = other[0], b = other[no - 1];
		int fa = crm_simil_names_canon(d->names, tok[a], tl[a]) != NULL;
		int fb = crm_simil_names_canon(d->names, tok[b], tl[b]) != NULL;
		size_t fi = a, la = b;

		if (fb && !fa)
			fi = b, la = a;
		else if (fa == fb && pat >= 0 && (size_t)pat == nt - 1)
			fi = b, la = a;	/* Иванов Иван Иванович */
		crm_buf_add(first, tok[fi], tl[fi]);
		crm_buf_add(last, tok[la], tl[la]);
	}
}

static uint64_t
pack8(const char *s, size_t n)
{
	uint64_t k = 0;
	size_t i;

	for (i = 0; i < 8; i++)
		k = (k << 8) | (i < n ? (unsigned char)s[i] : 0);
	return k;
}

/* Count the record's value of slot for term frequency t. */
static void
tf_value(struct crm_dedupe *d, struct ddrec *r, int t, int slot)
{
	size_t id;
	int added;

	if (!r->len[slot])
		return;
	id = crm_hmap_put(&d->tfmap[t], SP(d, r, slot), SL(r, slot), &added);
	++*crm_hmap_val(&d->tfmap[t], id);
	r->tfid[t] = (uint32_t)id + 1;
}

/*
 * Fields kept in their slot as they are compared, in this order: their
 * skeleton (for words) or their letters and digits (for codes).
 */
static const struct {
	int role, slot, skeleton;
} plain[] = {
	{ CRM_DD_KPP, S_KPP, 0 },
	{ CRM_DD_OGRN, S_OGRN, 0 },
	{ CRM_DD_CITY, S_CITY, 1 },
	{ CRM_DD_ADDRESS, S_ADDR, 1 },
	{ CRM_DD_ADDRESS2, S_ADDR2, 1 },
	{ CRM_DD_STREETNO, S_STREETNO, 0 },
	{ CRM_DD_POSTCODE, S_POSTCODE, 0 },
	{ CRM_DD_STATE, S_STATE, 1 },
	{ CRM_DD_SSN, S_SSN, 0 },
};

size_t
crm_dedupe_add(struct crm_dedupe *d, const char *const *vals,
    const size_t *lens, int source)
{
	struct ddrec *r;
	struct crm_buf *t = &d->tmp, *t2 = &d->tmp2;
	struct crm_buf last = CRM_BUF_INIT, first = CRM_BUF_INIT,
	    middle = CRM_BUF_INIT;
	const char *v;
	size_t len, k;

#define VAL(role) (v = vals[role], len = v ? lens[role] : 0, v && len > 0)
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 1024;
		d->r = xreallocarray(d->r, d->cap, sizeof *d->r);
	}
	r = &d->r[d->n];
	memset(r, 0, sizeof *r);
	r->day = DAY_NONE;
	r->source = (uint8_t)source;
	if (VAL(CRM_DD_FIO))
		split_fio(d, v, len, &last, &first, &middle);
	if (VAL(CRM_DD_FIRST)) {
		crm_buf_reset(&first);
		crm_simil_skeleton(v, len, &first);
	}
	if (VAL(CRM_DD_LAST)) {
		crm_buf_reset(&last);
		crm_simil_skeleton(v, len, &last);
	}
	if (VAL(CRM_DD_MIDDLE)) {
		crm_buf_reset(&middle);
		crm_simil_skeleton(v, len, &middle);
	}
	if (first.len) {
		const char *c;

		setslot(d, r, S_FIRST, first.buf, first.len);
		c = crm_simil_names_canon(d->names, first.buf, first.len);
		if (c)
			setslot(d, r, S_FCANON, c, strlen(c));
		crm_buf_reset(t);
		if (c)
			crm_simil_soundex(c, strlen(c), t);
		else
			crm_simil_soundex(first.buf, first.len, t);
		if (t->len == 4)
			memcpy(r->sx_first, t->buf, 4);
	}
	if (last.len) {
		crm_buf_reset(t);
		r->g_last = (uint8_t)crm_simil_surname_stem(last.buf, last.len, t);
		setslot(d, r, S_LAST, last.buf, last.len);
		setslot(d, r, S_STEM, t->buf, t->len);
		crm_buf_reset(t);
		crm_simil_soundex(SP(d, r, S_STEM), SL(r, S_STEM), t);
		if (t->len == 4)
			memcpy(r->sx_last, t->buf, 4);
	}
	if (middle.len) {
		int g = 0;

		crm_simil_is_patronymic(middle.buf, middle.len, &g);
		r->g_mid = (uint8_t)g;
		setslot(d, r, S_MIDDLE, middle.buf, middle.len);
	}
	crm_buf_reset(t2);
	crm_buf_add(t2, last.buf, last.len > 6 ? 6 : last.len);
	crm_buf_addc(t2, ' ');
	crm_buf_add(t2, first.buf, first.len);
	r->snkey = pack8(t2->buf, t2->len);
	crm_buf_release(&last);
	crm_buf_release(&first);
	crm_buf_release(&middle);
	if (VAL(CRM_DD_DOB)) {
		crm_buf_reset(t);
		date8(v, len, t);
		setslot(d, r, S_DOB, t->buf, t->len);
		if (t->len == 8) {
			long y = (t->buf[0] - '0') * 1000 + (t->buf[1] - '0') * 100 +
			    (t->buf[2] - '0') * 10 + (t->buf[3] - '0');
			int mo = (t->buf[4] - '0') * 10 + (t->buf[5] - '0');
			int dy = (t->buf[6] - '0') * 10 + (t->buf[7] - '0');

			if (crm_date_valid(y, mo, dy))
				r->day = (int32_t)crm_date_from_civil(y, mo, dy);
		}
	}
	if (VAL(CRM_DD_EMAIL)) {
		size_t i;

		crm_simil_email_addr(&v, &len);
		crm_buf_reset(t);
		for (i = 0; i < len; i++)
			crm_buf_addc(t, v[i] >= 'A' && v[i] <= 'Z' ? v[i] + 32 : v[i]);
		setslot(d, r, S_EMAIL, t->buf, t->len);
		crm_buf_reset(t);
		if (crm_simil_email_key(v, len, t) == 0)
			setslot(d, r, S_EKEY, t->buf, t->len);
	}
	if (VAL(CRM_DD_PHONE)) {
		crm_buf_reset(t);
		if (phone_key(d->o.country, v, len, vals[CRM_DD_COUNTRY],
		    lens[CRM_DD_COUNTRY], t) == 0)
			setslot(d, r, S_PHONE, t->buf, t->len);
	}
	if (VAL(CRM_DD_COMPANY)) {
		crm_buf_reset(t);
		if (company_norm(v, len, t))
			setslot(d, r, S_CKEY, t->buf, t->len);
		setslot(d, r, S_COMPANY, t->buf, t->len);
		if (t->len) {
			const char *p = t->buf, *e = t->buf + t->len;

			r->tok_off = (uint32_t)d->ntoks;
			while (p < e) {
				const char *q = memchr(p, ' ', (size_t)(e - p));

				if (!q)
					q = e;
				if (d->ntoks == d->captoks) {
					d->captoks = d->captoks ? d->captoks * 2 : 4096;
					d->toks = xreallocarray(d->toks, d->captoks,
					    sizeof *d->toks);
				}
				if (r->ntok < 32) {
					d->toks[d->ntoks++] = tok_id(d, p, (size_t)(q - p));
					r->ntok++;
				}
				p = q + 1;
			}
			qsort(d->toks + r->tok_off, r->ntok, sizeof *d->toks, dd_u32cmp);
		}
	}
	if (VAL(CRM_DD_INN)) {
		crm_buf_reset(t);
		alnum(v, len, t);
		setslot(d, r, S_INN, t->buf, t->len);
		r->inn_ok = (uint8_t)crm_norm_inn_valid(t->buf, t->len);
	}
	for (k = 0; k < sizeof plain / sizeof *plain; k++)
		if (VAL(plain[k].role)) {
			crm_buf_reset(t);
			if (plain[k].skeleton)
				crm_simil_skeleton(v, len, t);
			else
				alnum(v, len, t);
			setslot(d, r, plain[k].slot, t->buf, t->len);
		}
	if (VAL(CRM_DD_WEBSITE)) {
		const char *p = v, *e = v + len, *q;
		size_t i;

		if ((q = strstr(p, "://")) != NULL && q < e)
			p = q + 3;
		if (e - p > 4 && !memcmp(p, "www.", 4))
			p += 4;
		for (q = p; q < e && *q != '/' && *q != '?'; q++)
			;
		crm_buf_reset(t);
		for (i = 0; i < (size_t)(q - p); i++)
			crm_buf_addc(t, p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]);
		setslot(d, r, S_WEB, t->buf, t->len);
	}
#undef VAL
	tf_value(d, r, TF_FIRST, r->len[S_FCANON] ? S_FCANON : S_FIRST);
	tf_value(d, r, TF_LAST, S_STEM);
	tf_value(d, r, TF_CITY, S_CITY);
	tf_value(d, r, TF_EMAIL, S_EMAIL);
	{
		uint64_t h = 0;
		int sl;

		for (sl = 0; sl < NS; sl++)
			h = hash64(SP(d, r, sl), SL(r, sl) + 1, h);
		r->chash = h;
	}
	return d->n++;
}

void
crm_dedupe_cannot(struct crm_dedupe *d, size_t a, size_t b)
{
	if (a == b)
		return;
	if (a > b) {
		size_t t = a;

		a = b;
		b = t;
	}
	if (d->ncannot == d->capcannot) {
		d->capcannot = d->capcannot ? d->capcannot * 2 : 64;
		d->cannot = xreallocarray(d->cannot, d->capcannot,
		    sizeof *d->cannot);
	}
	d->cannot[d->ncannot++] = ((uint64_t)a << 32) | b;
}

static int
lev_index(int type, const char *name)
{
	int l;

	for (l = 0; l < NLEV; l++)
		if (lev_names[type][l] && lev_names[type][l][0] && !strcmp(lev_names[type][l], name))
			return l;
	return -1;
}

int
crm_dedupe_pin(struct crm_dedupe *d, int role, const char *level, double m,
    double u)
{
	int f, l;

	for (f = 0; f < NF; f++)
		if (fdef[f].role == role)
			break;
	if (f == NF || (l = lev_index(fdef[f].type, level)) <= 0 || m <= 0 ||
	    u <= 0 || m > 1 || u > 1)
		return -1;
	d->m[f][l] = m;
	d->u[f][l] = u;
	d->pinned[f][l] = 1;
	return 0;
}
