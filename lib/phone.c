/*
 * phone: libphonenumber's parse, validity, type and international format
 * over the tables of lib/phone_meta.c, the patterns run by lib/match.
 * The steps and their order are libphonenumber's (phonenumberutil's
 * parse(), _maybe_extract_country_code(), _maybe_strip_national_prefix_
 * carrier_code(), _test_number_length(), _number_type_helper(),
 * _format_nsn()), so that a number gets the same E.164 form and the same
 * verdict here as there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "phone.h"
#include "phone_int.h"

enum { MIN_NSN = 2, MAX_NSN = 17, MAX_CC = 3, NPAIRS = 16, BUFSZ = 64 };

/* _test_number_length()'s answers. */
enum { LEN_POSSIBLE, LEN_LOCAL_ONLY, LEN_TOO_SHORT, LEN_INVALID, LEN_TOO_LONG };

enum { RE_FULL, RE_PREFIX };

/*
 * Compiled patterns by string index and mode, made on first use: a cache
 * of constant data, the one mutable state of the module.  The text they
 * run on is ASCII digits only, so they are compiled for bytes (CRM_RE_ASCII:
 * \d as [0-9], not a Unicode property lookup per digit), which gives the
 * same answers faster.
 */
static struct crm_regex **cache[2];

static struct crm_regex *
pattern(unsigned idx, int mode)
{
	struct crm_regex **c;
	struct crm_err err;

	if (!cache[mode])
		cache[mode] = xcalloc(phone_nstr, sizeof *cache[mode]);
	c = &cache[mode][idx];
	if (!*c)	/* the tables' patterns all compile (tests/unit/phone_test) */
		*c = crm_regex_new(phone_str[idx], CRM_RE_ASCII |
		    (mode == RE_PREFIX ? CRM_RE_PREFIX : 0), &err);
	return *c;
}

/*
 * The whole of s matches pattern idx (none never matches).  The patterns
 * are alternations of digit classes without nested repeats, and s has at
 * most BUFSZ digits: PCRE2's match limits are never near, so an undecided
 * match (-1) cannot happen and counts as none.
 */
static int
full(unsigned idx, const char *s, size_t n)
{
	/* the last answer: parse and judge ask the same of the same digits */
	static struct {
		unsigned idx;
		size_t n;
		char s[BUFSZ];
		int r;
	} last;
	struct crm_regex *re;
	struct crm_err err;

	if (!idx)
		return 0;
	if (last.idx == idx && last.n == n && !memcmp(last.s, s, n))
		return last.r;
	if (!(re = pattern(idx, RE_FULL)))
		return 0;
	last.r = crm_regex_match(re, s, n, &err) == 1;
	if (n < BUFSZ) {
		last.idx = idx;
		last.n = n;
		memcpy(last.s, s, n);
	}
	return last.r;
}

/* Pattern idx matches at the start of s: pairs filled, 0 if not. */
static int
prefix(unsigned idx, const char *s, size_t n, size_t *ov)
{
	const char *lit = idx ? phone_str[idx] : NULL;
	struct crm_regex *re;
	struct crm_err err;
	size_t k;
	int rc;

	if (!idx)
		return 0;
	/*
	 * Digits, or alternatives of digits ("810", "8", "33|7"): what the
	 * regex would say (the first alternative that fits), without it.
	 */
	for (k = 0; (lit[k] >= '0' && lit[k] <= '9') || lit[k] == '|'; k++)
		;
	if (k && !lit[k] && lit[0] != '|' && lit[k - 1] != '|' &&
	    !strstr(lit, "||")) {
		for (;;) {
			k = strcspn(lit, "|");
			if (n >= k && !memcmp(s, lit, k)) {
				ov[0] = 0;
				ov[1] = k;
				return 1;
			}
			if (!lit[k])
				return 0;
			lit += k + 1;
		}
	}
	if (!(re = pattern(idx, RE_PREFIX)))
		return 0;
	rc = crm_regex_exec(re, s, n, ov, NPAIRS, &err);
	return rc > 0 ? rc : 0;
}

static int
cmp_region(const void *k, const void *m)
{
	return strcmp(k, ((const struct phone_meta *)m)->id);
}

static const struct phone_meta *
region_meta(const char *region)
{
	static const struct phone_meta *last;	/* the cache of one */
	char id[3];

	if (!region || !*region)
		region = "RU";
	if (!region[1] || region[2])
		return NULL;
	id[0] = (char)(region[0] & ~0x20);
	id[1] = (char)(region[1] & ~0x20);
	id[2] = '\0';
	if (last && last->id[0] == id[0] && last->id[1] == id[1])
		return last;
	return last = bsearch(id, phone_meta, phone_nregions,
	    sizeof *phone_meta, cmp_region);
}

/* Decimal digits of v at out (no NUL); their count. */
static size_t
utoa(unsigned v, char *out)
{
	char t[12];
	size_t k = 0, i;

	do
		t[k++] = (char)('0' + v % 10);
	while ((v /= 10));
	for (i = 0; i < k; i++)
		out[i] = t[k - 1 - i];
	return k;
}

static int
cmp_cc(const void *k, const void *e)
{
	unsigned a = *(const unsigned *)k, b = ((const struct phone_cc *)e)->cc;

	return a < b ? -1 : a > b;
}

static const struct phone_cc *
cc_find(unsigned cc)
{
	return bsearch(&cc, phone_cc, phone_ncc, sizeof *phone_cc, cmp_cc);
}

/* The metadata of a calling code's main region. */
static const struct phone_meta *
cc_main(unsigned cc)
{
	const struct phone_cc *c = cc_find(cc);

	return c ? &phone_meta[phone_ccreg[c->first]] : NULL;
}

int
crm_phone_region_known(const char *region)
{
	return region && *region && region_meta(region) != NULL;
}

const char *
crm_phone_region_of_cc(unsigned cc)
{
	const struct phone_meta *m = cc_main(cc);

	return m ? m->id : NULL;
}

const char *
crm_phone_meta_version(void)
{
	return phone_meta_version;
}

static int
has_len(unsigned long set, size_t n)
{
	return n < 32 && (set >> n & 1);
}

/* _test_number_length() for the general description. */
static int
test_length(size_t n, const struct phone_meta *m)
{
	unsigned long set = m->d[PHONE_D_GENERAL].len;
	size_t lo, hi;

	if (set & 1 || !set)
		return LEN_INVALID;
	if (has_len(m->d[PHONE_D_GENERAL].local, n))
		return LEN_LOCAL_ONLY;
	lo = (size_t)__builtin_ctzl(set);
	hi = sizeof set * 8 - 1 - (size_t)__builtin_clzl(set);
	if (n == lo)
		return LEN_POSSIBLE;
	if (n < lo)
		return LEN_TOO_SHORT;
	if (n > hi)
		return LEN_TOO_LONG;
	return has_len(set, n) ? LEN_POSSIBLE : LEN_INVALID;
}

/* Substitute "$1".."$9" of rule with the groups of s into out. */
static size_t
substitute(const char *rule, const char *s, const size_t *ov, int pairs,
    char *out, size_t size)
{
	size_t k = 0, len;
	int g;

	for (; *rule; rule++) {
		if (rule[0] == '$' && rule[1] >= '1' && rule[1] <= '9') {
			g = *++rule - '0';
			if (g >= pairs || ov[2 * g] == CRM_RE_UNSET)
				continue;
			len = ov[2 * g + 1] - ov[2 * g];
			if (k + len >= size)
				break;
			memcpy(out + k, s + ov[2 * g], len);
			k += len;
		} else if (k + 1 < size)
			out[k++] = *rule;
	}
	out[k] = '\0';
	return k;
}

/*
 * _maybe_strip_national_prefix_carrier_code(): the national prefix (and
 * its transform) taken off num[0..*n) in place, when what is left still
 * fits the region's general pattern as the number did.
 */
static void
strip_national(char *num, size_t *n, const struct phone_meta *m)
{
	size_t ov[2 * NPAIRS], k;
	char t[BUFSZ];
	unsigned gen = m->d[PHONE_D_GENERAL].pat;
	int pairs, viable;

	if (!*n || !m->npp || !(pairs = prefix(m->npp, num, *n, ov)))
		return;
	viable = full(gen, num, *n);
	if (!m->rule || pairs < 2 || ov[2 * (pairs - 1)] == CRM_RE_UNSET) {
		if (viable && !full(gen, num + ov[1], *n - ov[1]))
			return;
		memmove(num, num + ov[1], *n - ov[1]);
		*n -= ov[1];
		return;
	}
	k = substitute(phone_str[m->rule], num, ov, pairs, t, sizeof t);
	if (k + *n - ov[1] >= sizeof t)
		return;
	memcpy(t + k, num + ov[1], *n - ov[1]);
	k += *n - ov[1];
	if (viable && !full(gen, t, k))
		return;
	memcpy(num, t, k);
	*n = k;
}

enum { CC_OK, CC_BAD, CC_SHORT };

/*
 * _maybe_extract_country_code(): the calling code after a '+' or the
 * region's international prefix, or the region's own code written
 * without either; *cc = 0 when there is none.
 */
static int
extract_cc(const char *d, size_t nd, int plus, const struct phone_meta *m,
    unsigned *cc, char *nat, size_t *natn)
{
	size_t ov[2 * NPAIRS], i, e;
	unsigned v;
	char pot[BUFSZ];
	size_t pn;
	int idd = plus;

	*cc = 0;
	if (!plus && m->idd && prefix(m->idd, d, nd, ov)) {
		e = ov[1];
		if (!(e < nd && d[e] == '0')) {	/* a code never starts with 0 */
			d += e;
			nd -= e;
			idd = 1;
		}
	}
	if (idd) {
		if (nd <= MIN_NSN)
			return CC_SHORT;
		if (d[0] == '0')
			return CC_BAD;
		for (i = 1, v = 0; i <= MAX_CC && i <= nd; i++) {
			v = v * 10 + (unsigned)(d[i - 1] - '0');
			if (cc_find(v)) {
				*cc = v;
				memcpy(nat, d + i, nd - i);
				*natn = nd - i;
				return CC_OK;
			}
		}
		return CC_BAD;
	}
	i = utoa(m->cc, pot);
	if (nd > i && !memcmp(d, pot, i)) {
		pn = nd - i;
		memcpy(pot, d + i, pn);
		strip_national(pot, &pn, m);
		if ((!full(m->d[PHONE_D_GENERAL].pat, d, nd) &&
		    full(m->d[PHONE_D_GENERAL].pat, pot, pn)) ||
		    test_length(nd, m) == LEN_TOO_LONG) {
			*cc = m->cc;
			memcpy(nat, pot, pn);
			*natn = pn;
		}
	}
	return CC_OK;
}

static int
desc_match(const struct phone_desc *d, const char *s, size_t n)
{
	if ((d->len & ~1UL) && !has_len(d->len, n))
		return 0;
	if (d->len == 1)
		return 0;
	return full(d->pat, s, n);
}

/* The types _number_type_helper() tries, in its order. */
static const struct {
	int d;
	enum crm_phone_type t;
} type_order[] = {
	{ PHONE_D_PREMIUM, CRM_PHONE_PREMIUM_RATE },
	{ PHONE_D_TOLL_FREE, CRM_PHONE_TOLL_FREE },
	{ PHONE_D_SHARED, CRM_PHONE_SHARED_COST },
	{ PHONE_D_VOIP, CRM_PHONE_VOIP },
	{ PHONE_D_PERSONAL, CRM_PHONE_PERSONAL },
	{ PHONE_D_PAGER, CRM_PHONE_PAGER },
	{ PHONE_D_UAN, CRM_PHONE_UAN },
	{ PHONE_D_VOICEMAIL, CRM_PHONE_VOICEMAIL },
	{ PHONE_D_FIXED, CRM_PHONE_FIXED_LINE },
	{ PHONE_D_MOBILE, CRM_PHONE_MOBILE }
};
enum { NTYPES = sizeof type_order / sizeof *type_order };

static int
type_used(const struct phone_desc *d)
{
	return d->pat && d->len != 1;
}

/*
 * One pattern for all the types of a region, tried in one match: each
 * type's pattern (they have no capturing groups of their own) in a group
 * of its own, in _number_type_helper()'s order; the first group that takes
 * part names the first type that fits, as the tests one by one would.  A
 * type whose possible lengths do not hold n, the length of the number, is
 * left out ((*FAIL) keeps the numbering), so there is one pattern per
 * region and length, and none looks ahead at the length.  The general
 * pattern, which the number must fit first, is a look-ahead in front: one
 * match instead of two.
 */
static struct crm_regex *
type_pattern(const struct phone_meta *m, size_t n)
{
	enum { MAXLEN = 32 };
	static struct crm_regex **re;	/* by phone_meta index and n: the cache */
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_err err;
	size_t k = (size_t)(m - phone_meta) * MAXLEN + n;
	const struct phone_desc *d;
	int i;

	if (n >= MAXLEN)
		return NULL;
	if (!re)
		re = xcalloc(phone_nmeta * MAXLEN, sizeof *re);
	if (re[k])
		return re[k];
	crm_buf_addf(&b, "(?=(?:%s)\\z)(?:",
	    phone_str[m->d[PHONE_D_GENERAL].pat]);
	for (i = 0; i < NTYPES; i++) {
		d = &m->d[type_order[i].d];
		crm_buf_adds(&b, i ? "|(" : "(");
		if (!type_used(d) || ((d->len & ~1UL) && !has_len(d->len, n)))
			crm_buf_adds(&b, "(*FAIL)");	/* keeps the numbering */
		else
			crm_buf_addf(&b, "(?:%s)", phone_str[d->pat]);
		crm_buf_adds(&b, ")");
	}
	crm_buf_adds(&b, ")");
	re[k] = crm_regex_new(b.buf, CRM_RE_ASCII, &err);
	crm_buf_release(&b);
	return re[k];
}

/* _number_type_helper(). */
static enum crm_phone_type
number_type(const char *s, size_t n, const struct phone_meta *m)
{
	const struct phone_desc *gen = &m->d[PHONE_D_GENERAL];
	struct crm_regex *re;
	struct crm_err err;
	size_t ov[2 * NPAIRS];
	int pairs, g;

	/* desc_match(gen) without its match: type_pattern() looks ahead */
	if (!gen->pat || gen->len == 1 || ((gen->len & ~1UL) &&
	    !has_len(gen->len, n)) ||
	    !(re = type_pattern(m, n)) ||
	    (pairs = crm_regex_exec(re, s, n, ov, NPAIRS, &err)) <= 0)
		return CRM_PHONE_UNKNOWN;
	for (g = 1; g < pairs && ov[2 * g] == CRM_RE_UNSET; g++)
		;
	if (g >= pairs || g > NTYPES)
		return CRM_PHONE_UNKNOWN;
	if (type_order[g - 1].d == PHONE_D_FIXED)
		return m->same_mf || desc_match(&m->d[PHONE_D_MOBILE], s, n) ?
		    CRM_PHONE_FIXED_OR_MOBILE : CRM_PHONE_FIXED_LINE;
	if (type_order[g - 1].d == PHONE_D_MOBILE && m->same_mf)
		return CRM_PHONE_UNKNOWN;	/* as fixed line, it did not fit */
	return type_order[g - 1].t;
}

/* is_valid_number(), is_possible_number(), the number's region and type. */
static void
judge(struct crm_phone_num *p)
{
	const struct phone_cc *c = cc_find(p->cc);
	const struct phone_meta *m = NULL, *r;
	size_t n = strlen(p->nsn), ov[2 * NPAIRS];
	int i, len;

	if (!c) {
		p->validity = CRM_PHONE_BAD_CC;
		p->why = "unassigned country code";
		return;
	}
	if (c->n == 1) {
		m = &phone_meta[phone_ccreg[c->first]];
		p->type = number_type(p->nsn, n, m);
	} else
		for (i = 0; i < c->n && !m; i++) {
			r = &phone_meta[phone_ccreg[c->first + i]];
			if (r->lead) {
				if (prefix(r->lead, p->nsn, n, ov) > 0) {
					m = r;
					p->type = number_type(p->nsn, n, m);
				}
			} else if ((p->type = number_type(p->nsn, n, r)) !=
			    CRM_PHONE_UNKNOWN)
				m = r;	/* its type is the one just found */
		}
	if (m)
		memcpy(p->region, m->id, sizeof p->region);	/* "RU\0", "001" */
	len = test_length(n, &phone_meta[phone_ccreg[c->first]]);
	p->possible = len == LEN_POSSIBLE || len == LEN_LOCAL_ONLY;
	if (m && p->type != CRM_PHONE_UNKNOWN) {
		p->validity = CRM_PHONE_VALID;
		return;
	}
	p->validity = p->possible ? CRM_PHONE_POSSIBLE : CRM_PHONE_INVALID;
	p->why = len == LEN_TOO_SHORT ? "too few digits" :
	    len == LEN_TOO_LONG ? "too many digits" :
	    len == LEN_INVALID ? "wrong number of digits" :
	    len == LEN_LOCAL_ONLY ?
	    "too few digits (a local number needs its area code)" :
	    "no number range of the country has it";
}

static int parse(const char *digits, size_t nd, int plus,
    const struct phone_meta *m, struct crm_phone_num *out);

int
crm_phone_parse(const char *digits, size_t nd, int plus, const char *region,
    struct crm_phone_num *out, const char **why)
{
	const struct phone_meta *m = region_meta(region);
	struct crm_phone_num alt;
	size_t ov[2 * NPAIRS];

	memset(out, 0, sizeof *out);
	if (!m) {
		*why = "unknown region";
		return -1;
	}
	parse(digits, nd, plus, m, out);
	/*
	 * 00, the international prefix of most of the world, where the
	 * region's own is another (Russia's 8~10): a number that is not valid
	 * as the region reads it is read as international, and taken when
	 * valid so.
	 */
	if (plus || out->validity == CRM_PHONE_VALID || nd < 5 ||
	    memcmp(digits, "00", 2) || digits[2] == '0' ||
	    prefix(m->idd, digits, nd, ov))
		return 0;
	if (parse(digits + 2, nd - 2, 1, m, &alt) == 0 &&
	    alt.validity == CRM_PHONE_VALID)
		*out = alt;
	return 0;
}

static int
parse(const char *digits, size_t nd, int plus, const struct phone_meta *m,
    struct crm_phone_num *out)
{
	const struct phone_meta *mm;
	char nat[BUFSZ], pot[BUFSZ];
	size_t natn = 0, pn, k;
	unsigned cc;
	int rc, len;

	memset(out, 0, sizeof *out);
	out->validity = CRM_PHONE_INVALID;
	if (nd < MIN_NSN) {
		out->why = nd ? "too few digits" : "no digits";
		return 0;
	}
	if (nd >= BUFSZ) {
		out->why = "too many digits";
		return 0;
	}
	rc = extract_cc(digits, nd, plus, m, &cc, nat, &natn);
	if (rc == CC_BAD && plus) {
		/* "+" before a national number: read it as if it had none */
		rc = extract_cc(digits, nd, 0, m, &cc, nat, &natn);
		if (rc == CC_OK && !cc)
			rc = CC_BAD;
	}
	if (rc == CC_BAD) {
		out->validity = CRM_PHONE_BAD_CC;
		out->why = "unassigned country code";
		return 0;
	}
	if (rc == CC_SHORT) {
		out->why = "too few digits";
		return 0;
	}
	if (cc)
		mm = cc_main(cc);
	else {
		memcpy(nat, digits, nd);
		natn = nd;
		cc = m->cc;
		mm = m;
	}
	if (natn < MIN_NSN) {
		out->why = "too few digits";
		return 0;
	}
	memcpy(pot, nat, natn);
	pn = natn;
	strip_national(pot, &pn, mm);
	len = test_length(pn, mm);
	if (len != LEN_TOO_SHORT && len != LEN_LOCAL_ONLY &&
	    len != LEN_INVALID) {
		memcpy(nat, pot, pn);
		natn = pn;
	}
	if (natn < MIN_NSN || natn > MAX_NSN) {
		out->why = natn < MIN_NSN ? "too few digits" :
		    "too many digits";
		return 0;
	}
	out->parsed = 1;
	out->cc = cc;
	memcpy(out->nsn, nat, natn);
	out->nsn[natn] = '\0';
	out->e164[0] = '+';
	k = 1 + utoa(cc, out->e164 + 1);
	memcpy(out->e164 + k, out->nsn, natn + 1);	/* 1 + 3 + 17 + 1 < 24 */
	judge(out);
	return 0;
}

int
crm_phone_format(const struct crm_phone_num *p, char *buf, size_t size)
{
	const struct phone_meta *m;
	const struct phone_fmt *f;
	const char *s = p->nsn;
	size_t n = strlen(s), ov[2 * NPAIRS];
	char t[BUFSZ];
	struct crm_regex *re;
	struct crm_err err;
	int i, pairs, w;

	if (!p->parsed)
		return -1;
	if (p->cc == 7 && n == 10) {	/* the store's Russian form */
		if (size < 19)
			return -1;
		memcpy(buf, "+7 (", 4);
		memcpy(buf + 4, s, 3);
		memcpy(buf + 7, ") ", 2);
		memcpy(buf + 9, s + 3, 3);
		buf[12] = '-';
		memcpy(buf + 13, s + 6, 2);
		buf[15] = '-';
		memcpy(buf + 16, s + 8, 2);
		buf[18] = '\0';
		w = 18;
	} else {
		w = -1;
		m = cc_main(p->cc);
		for (i = 0; m && i < m->nifmt && w < 0; i++) {
			f = &phone_fmt[m->ifmt + i];
			if (f->lead && !prefix(f->lead, s, n, ov))
				continue;
			if (!(re = pattern(f->pat, RE_FULL)) ||
			    (pairs = crm_regex_exec(re, s, n, ov, NPAIRS,
			    &err)) <= 0)
				continue;
			substitute(phone_str[f->fmt], s, ov, pairs, t,
			    sizeof t);
			w = snprintf(buf, size, "+%u %s", p->cc, t);
		}
		if (w < 0)
			w = snprintf(buf, size, "+%u %s", p->cc, s);
	}
	return w < 0 || (size_t)w >= size ? -1 : w;
}

const char *
crm_phone_type_name(enum crm_phone_type t)
{
	static const char *const names[] = {
		"unknown", "fixed-line", "mobile", "fixed-line-or-mobile",
		"toll-free", "premium-rate", "shared-cost", "voip", "personal",
		"pager", "uan", "voicemail"
	};

	return (unsigned)t < sizeof names / sizeof *names ? names[t] : "unknown";
}

const char *
crm_phone_validity_name(enum crm_phone_validity v)
{
	static const char *const names[] = {
		"invalid", "possible", "valid", "unassigned-country-code"
	};

	return (unsigned)v < sizeof names / sizeof *names ? names[v] : "invalid";
}
