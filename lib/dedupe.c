/*
 * dedupe: blocking, comparison, Fellegi-Sunter scoring with EM, and
 * clustering (dedupe.h).
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "country.h"
#include "date.h"
#include "dedupe.h"
#include "hmap.h"
#include "norm.h"
#include "simil.h"

/* ---- roles ------------------------------------------------------------- */

static const char *const role_names[CRM_DD_NROLES] = {
	"", "external_id", "fio", "first_name", "last_name", "middle_name",
	"birthday", "email", "phone", "company", "inn", "kpp", "ogrn", "city",
	"address", "address2", "street_number", "postal_code", "state", "ssn",
	"website", "country"
};

static const struct {
	const char *label;
	int role;
} role_syn[] = {
	{ "external_id", CRM_DD_ID }, { "id", CRM_DD_ID }, { "rec_id", CRM_DD_ID },
	{ "unique_id", CRM_DD_ID }, { "record_id", CRM_DD_ID },
	{ "fio", CRM_DD_FIO }, { "full_name", CRM_DD_FIO }, { "name", CRM_DD_FIO },
	{ "fullname", CRM_DD_FIO }, { "contact", CRM_DD_FIO },
	{ "first_name", CRM_DD_FIRST }, { "given_name", CRM_DD_FIRST },
	{ "firstname", CRM_DD_FIRST }, { "first", CRM_DD_FIRST },
	{ "forename", CRM_DD_FIRST },
	{ "last_name", CRM_DD_LAST }, { "surname", CRM_DD_LAST },
	{ "lastname", CRM_DD_LAST }, { "family_name", CRM_DD_LAST },
	{ "last", CRM_DD_LAST },
	{ "middle_name", CRM_DD_MIDDLE }, { "patronymic", CRM_DD_MIDDLE },
	{ "birthday", CRM_DD_DOB }, { "dob", CRM_DD_DOB },
	{ "date_of_birth", CRM_DD_DOB }, { "birth_date", CRM_DD_DOB },
	{ "email", CRM_DD_EMAIL }, { "e-mail", CRM_DD_EMAIL },
	{ "phone", CRM_DD_PHONE }, { "telephone", CRM_DD_PHONE },
	{ "mobile", CRM_DD_PHONE }, { "phone_number", CRM_DD_PHONE },
	{ "company", CRM_DD_COMPANY }, { "company_name", CRM_DD_COMPANY },
	{ "organization", CRM_DD_COMPANY }, { "organisation", CRM_DD_COMPANY },
	{ "inn", CRM_DD_INN }, { "kpp", CRM_DD_KPP }, { "ogrn", CRM_DD_OGRN },
	{ "city", CRM_DD_CITY }, { "suburb", CRM_DD_CITY }, { "town", CRM_DD_CITY },
	{ "address", CRM_DD_ADDRESS }, { "address_1", CRM_DD_ADDRESS },
	{ "address1", CRM_DD_ADDRESS }, { "street", CRM_DD_ADDRESS },
	{ "address_2", CRM_DD_ADDRESS2 }, { "address2", CRM_DD_ADDRESS2 },
	{ "street_number", CRM_DD_STREETNO }, { "house", CRM_DD_STREETNO },
	{ "postal_code", CRM_DD_POSTCODE }, { "postcode", CRM_DD_POSTCODE },
	{ "zip", CRM_DD_POSTCODE }, { "zipcode", CRM_DD_POSTCODE },
	{ "state", CRM_DD_STATE }, { "region", CRM_DD_STATE },
	{ "soc_sec_id", CRM_DD_SSN }, { "ssn", CRM_DD_SSN },
	{ "snils", CRM_DD_SSN }, { "passport", CRM_DD_SSN },
	{ "website", CRM_DD_WEBSITE }, { "site", CRM_DD_WEBSITE },
	{ "url", CRM_DD_WEBSITE }, { "country", CRM_DD_COUNTRY },
};

int
crm_dedupe_role(const char *label, int companies)
{
	char buf[64];
	size_t i, n;

	while (*label == ' ' || *label == '\t')
		label++;
	n = strlen(label);
	while (n > 0 && (label[n - 1] == ' ' || label[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= sizeof buf)
		return CRM_DD_NONE;
	for (i = 0; i < n; i++) {
		char c = label[i];

		buf[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) :
		    c == ' ' ? '_' : c;
	}
	buf[n] = '\0';
	if (companies && !strcmp(buf, "name"))
		return CRM_DD_COMPANY;
	for (i = 0; i < sizeof role_syn / sizeof role_syn[0]; i++)
		if (!strcmp(buf, role_syn[i].label))
			return role_syn[i].role;
	return CRM_DD_NONE;
}

const char *
crm_dedupe_role_name(int role)
{
	return role >= 0 && role < CRM_DD_NROLES ? role_names[role] : "";
}

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

int
crm_dedupe_role_parse(const char *name)
{
	int r;

	for (r = 1; r < CRM_DD_NROLES; r++)
		if (!strcmp(name, role_names[r]))
			return r;
	return -1;
}

const char *
crm_dedupe_band_name(int band)
{
	return band == CRM_DD_AUTO ? "auto" : band == CRM_DD_REVIEW ? "review" :
	    "ignore";
}

/* ---- records ----------------------------------------------------------- */

/* String slots kept per record. */
enum {
	S_FIRST, S_FCANON, S_LAST, S_STEM, S_MIDDLE, S_DOB, S_EMAIL, S_EKEY,
	S_PHONE, S_COMPANY, S_INN, S_KPP, S_OGRN, S_CITY, S_ADDR, S_ADDR2,
	S_STREETNO, S_POSTCODE, S_STATE, S_SSN, S_WEB,
	S_CKEY,			/* company name without its legal form (norm) */
	NS
};

/* Comparison fields. */
enum {
	F_FIRST, F_LAST, F_MIDDLE, F_DOB, F_EMAIL, F_PHONE, F_COMPANY, F_INN,
	F_OGRN, F_CITY, F_ADDR, F_ADDR2, F_STREETNO, F_POSTCODE, F_STATE,
	F_SSN, F_WEB, NF
};

enum { T_NAME, T_TEXT, T_DATE, T_CODE, T_EXACT, T_EMAIL, T_COMPANY };

/* Most levels of a field (0 = null ... NLEV - 1). */
#define NLEV 7

/*
 * Birth-date levels: a date apart by days, months or years is a level of
 * its own, below a typo (one digit, or day and month swapped).
 */
enum { D_ELSE = 1, D_10Y, D_1Y, D_1M, D_TYPO, D_EXACT };

static const struct {
	int role;
	int type;
	int nlev;
} fdef[NF] = {
	{ CRM_DD_FIRST, T_NAME, 5 }, { CRM_DD_LAST, T_NAME, 5 },
	{ CRM_DD_MIDDLE, T_NAME, 5 }, { CRM_DD_DOB, T_DATE, 7 },
	{ CRM_DD_EMAIL, T_EMAIL, 5 }, { CRM_DD_PHONE, T_CODE, 4 },
	{ CRM_DD_COMPANY, T_COMPANY, 5 }, { CRM_DD_INN, T_CODE, 4 },
	{ CRM_DD_OGRN, T_CODE, 4 }, { CRM_DD_CITY, T_TEXT, 5 },
	{ CRM_DD_ADDRESS, T_TEXT, 5 }, { CRM_DD_ADDRESS2, T_TEXT, 5 },
	{ CRM_DD_STREETNO, T_CODE, 4 }, { CRM_DD_POSTCODE, T_CODE, 4 },
	{ CRM_DD_STATE, T_EXACT, 3 }, { CRM_DD_SSN, T_CODE, 4 },
	{ CRM_DD_WEBSITE, T_EXACT, 3 }
};

static const char *const lev_names[][NLEV] = {
	[T_NAME] = { "null", "else", "jw>=0.80", "jw>=0.92/nickname", "exact" },
	[T_TEXT] = { "null", "else", "jw>=0.80", "jw>=0.92", "exact" },
	[T_DATE] = { "null", "else", "<=10y", "<=1y", "<=31d", "typo", "exact" },
	[T_CODE] = { "null", "else", "typo", "exact", "" },
	[T_EXACT] = { "null", "else", "exact", "", "" },
	[T_EMAIL] = { "null", "else", "same-login", "alias", "exact" },
	[T_COMPANY] = { "null", "else", "cos>=0.5", "cos>=0.8", "exact" },
};

/*
 * Term frequencies: the fields whose exact agreement weighs by how common
 * the value is (first name by its canonical form, surname stem, city, the
 * e-mail address).
 */
enum { TF_FIRST, TF_LAST, TF_CITY, TF_EMAIL, NTF };
static const int tf_field[NTF] = { F_FIRST, F_LAST, F_CITY, F_EMAIL };
/* Bounds of a term-frequency adjustment, in bits. */
#define TF_MIN (-8.0)
#define TF_MAX 4.0
/* Pseudo-pairs of the average frequency that shrink a value's own. */
#define TF_PRIOR 1000.0

/* Hard rules. */
enum {
	R_NONE = 0, R_INN_SAME, R_FB_NAME, R_FB_INN, R_FB_EMAIL, R_FB_PHONE,
	R_FB_NEAR, R_INN_DIFF, R_KPP_DIFF, R_DOB_DIFF,
	R_GENDER, R_NOTDUP, R_SAME_SOURCE
};
static const char *const rule_names[] = {
	NULL, "same valid INN", "fallback: same company name",
	"fallback: same INN", "fallback: same e-mail", "fallback: same phone",
	"fallback: similar names", "different valid INN",
	"same INN, different KPP (a branch)", "different birth dates",
	"different gender of one surname", "marked not duplicates",
	"same source"
};

struct ddrec {
	uint32_t off[NS];
	uint8_t len[NS];
	uint8_t g_last, g_mid, inn_ok, source;
	uint32_t tok_off;
	uint16_t ntok;
	uint64_t snkey;		/* sorted-neighbourhood key */
	uint64_t chash;		/* hash of the values: orders ties by content */
	int32_t day;		/* birth date's day number, or DAY_NONE */
	char sx_first[4], sx_last[4];	/* Soundex of the names, or "" */
	uint32_t tfid[NTF];	/* value ids for term frequencies, 0 = none */
};

#define DAY_NONE INT32_MIN

struct tokdict {
	struct crm_hmap map;	/* token text -> its id (the entry number) */
	uint32_t *df;		/* per id: records that hold it */
	size_t n, ncap;
};

struct crm_dedupe {
	struct crm_dedupe_opts o;
	struct crm_simil_names *names;
	char **legal;		/* legal-form skeletons, for company names */
	size_t nlegal;
	struct crm_buf pool;
	struct ddrec *r;
	size_t n, cap;
	/* company tokens */
	struct tokdict td;
	struct crm_hmap tfmap[NTF];	/* value -> id (entry + 1); val = count */
	float *tfw[NTF];		/* per id: the adjustment in bits */
	uint32_t *toks;		/* per-record token ids (raw text order at add) */
	size_t ntoks, captoks;
	float *idf;
	/* not duplicates (packed a<<32|b), sorted at run */
	uint64_t *cannot;
	size_t ncannot, capcannot;
	/* model */
	int active[NF];
	double m[NF][NLEV], u[NF][NLEV], w[NF][NLEV];
	int pinned[NF][NLEV];
	double lambda, prior;
	int em_it;
	int em_conv;		/* EM converged */
	const char *fallback;	/* why the model was not used, or NULL */
	int hard_dob;		/* the date rule is on */
	/* results */
	struct crm_dedupe_pair *pairs;
	size_t npairs;
	uint32_t *cl;		/* cluster representative */
	uint32_t *clsize;
	float *score;
	struct crm_dedupe_stats st;
	struct crm_buf tmp, tmp2, tmp3;
};

static const char *const legal_forms[] = {
	"ооо", "оао", "зао", "ао", "пао", "нао", "ип", "гуп", "муп", "фгуп",
	"ано", "нко", "тоо", "пк", "кфх", "llc", "ltd", "inc", "corp", "gmbh",
	"jsc", "pjsc", "cjsc", "llp", "plc", "sa", "ag", "bv", "nv", "co",
	"company", "corporation", "limited", "incorporated", "ооо.", "oy", "ab",
	"общество с ограниченной ответственностью",
	"публичное акционерное общество", "акционерное общество",
	"закрытое акционерное общество", "открытое акционерное общество",
	"индивидуальный предприниматель", "limited liability company",
	NULL
};

struct crm_dedupe *
crm_dedupe_new(const struct crm_dedupe_opts *o)
{
	struct crm_dedupe *d = xcalloc(1, sizeof *d);
	struct crm_dedupe_opts def = CRM_DEDUPE_OPTS_INIT;
	size_t i;

	d->o = o ? *o : def;
	if (d->o.block_cap < 2)
		d->o.block_cap = def.block_cap;
	if (d->o.window < 1)
		d->o.window = def.window;
	if (d->o.max_cluster < 2)
		d->o.max_cluster = def.max_cluster;
	d->names = crm_simil_names_new();
	crm_buf_init(&d->pool);
	crm_buf_init(&d->tmp);
	crm_buf_init(&d->tmp2);
	crm_buf_init(&d->tmp3);
	crm_buf_addc(&d->pool, '\0');	/* offset 0 = the empty string */
	for (i = 0; legal_forms[i]; i++) {
		crm_buf_reset(&d->tmp);
		crm_simil_skeleton(legal_forms[i], strlen(legal_forms[i]), &d->tmp);
		d->legal = xreallocarray(d->legal, d->nlegal + 1, sizeof *d->legal);
		d->legal[d->nlegal++] = xstrdup(d->tmp.buf);
	}
	return d;
}

void
crm_dedupe_free(struct crm_dedupe *d)
{
	size_t i;

	if (!d)
		return;
	crm_simil_names_free(d->names);
	for (i = 0; i < d->nlegal; i++)
		free(d->legal[i]);
	free(d->legal);
	crm_buf_release(&d->pool);
	crm_buf_release(&d->tmp);
	crm_buf_release(&d->tmp2);
	crm_buf_release(&d->tmp3);
	free(d->r);
	crm_hmap_release(&d->td.map);
	for (i = 0; i < NTF; i++) {
		crm_hmap_release(&d->tfmap[i]);
		free(d->tfw[i]);
	}
	free(d->td.df);
	free(d->toks);
	free(d->idf);
	free(d->cannot);
	free(d->pairs);
	free(d->cl);
	free(d->clsize);
	free(d->score);
	free(d);
}

static uint64_t
hash64(const void *p, size_t n, uint64_t h)
{
	const unsigned char *s = p;
	size_t i;

	h ^= 0xcbf29ce484222325ULL;
	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	return h;
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

#define SP(d, r, s) ((d)->pool.buf + (r)->off[s])
#define SL(r, s) ((size_t)(r)->len[s])

/* Equal strings; the first byte rejects most pairs before memcmp. */
static inline int
eq(const char *a, size_t na, const char *b, size_t nb)
{
	return na == nb && (na == 0 || (a[0] == b[0] && !memcmp(a, b, na)));
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

static int
is_legal(const struct crm_dedupe *d, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < d->nlegal; i++)
		if (strlen(d->legal[i]) == n && !memcmp(d->legal[i], s, n))
			return 1;
	return 0;
}

/* Company name skeleton without legal forms at either end. */
static void
company_norm(struct crm_dedupe *d, const char *s, size_t n, struct crm_buf *out)
{
	const char *p, *e;
	size_t i;
	int changed = 1;

	crm_buf_reset(&d->tmp3);
	crm_simil_skeleton(s, n, &d->tmp3);
	p = d->tmp3.buf;
	e = p + d->tmp3.len;
	while (changed && p < e) {
		const char *sp;

		changed = 0;
		for (i = 0; i < d->nlegal; i++) {	/* long forms first at the start */
			size_t k = strlen(d->legal[i]);

			if ((size_t)(e - p) > k && !memcmp(p, d->legal[i], k) &&
			    p[k] == ' ') {
				p += k + 1;
				changed = 1;
				break;
			}
		}
		if (changed)
			continue;
		sp = e;
		while (sp > p && sp[-1] != ' ')
			sp--;
		if (sp > p && is_legal(d, sp, (size_t)(e - sp))) {
			e = sp - 1;
			changed = 1;
			continue;
		}
		for (i = 0; i < d->nlegal; i++) {
			size_t k = strlen(d->legal[i]);

			if ((size_t)(e - p) > k + 1 && !memcmp(e - k, d->legal[i], k) &&
			    e[-(long)k - 1] == ' ') {
				e -= k + 1;
				changed = 1;
				break;
			}
		}
	}
	crm_buf_add(out, p, (size_t)(e - p));
}

/*
 * The fallback's company key: the name as crm_norm_company splits it from
 * its legal form, as a skeleton (case, quotes and punctuation ignored).
 */
static void
company_key(struct crm_dedupe *d, struct ddrec *r, const char *v, size_t len)
{
	struct crm_buf name = CRM_BUF_INIT, form = CRM_BUF_INIT;
	const char *why = NULL;

	if (crm_norm_company(v, len, &name, &form, &why) == 0 && name.len) {
		crm_buf_reset(&d->tmp3);
		crm_simil_skeleton(name.buf, name.len, &d->tmp3);
		setslot(d, r, S_CKEY, d->tmp3.buf, d->tmp3.len);
	}
	crm_buf_release(&name);
	crm_buf_release(&form);
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

static int
u32cmp(const void *a, const void *b)
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

size_t
crm_dedupe_add(struct crm_dedupe *d, const char *const *vals,
    const size_t *lens, int source)
{
	struct ddrec *r;
	struct crm_buf *t = &d->tmp, *t2 = &d->tmp2;
	struct crm_buf last = CRM_BUF_INIT, first = CRM_BUF_INIT,
	    middle = CRM_BUF_INIT;
	const char *v;
	size_t len;

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
		company_norm(d, v, len, t);
		setslot(d, r, S_COMPANY, t->buf, t->len);
		company_key(d, r, v, len);
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
			qsort(d->toks + r->tok_off, r->ntok, sizeof *d->toks, u32cmp);
		}
	}
	if (VAL(CRM_DD_INN)) {
		crm_buf_reset(t);
		alnum(v, len, t);
		setslot(d, r, S_INN, t->buf, t->len);
		r->inn_ok = (uint8_t)crm_norm_inn_valid(t->buf, t->len);
	}
	if (VAL(CRM_DD_KPP)) {
		crm_buf_reset(t);
		alnum(v, len, t);
		setslot(d, r, S_KPP, t->buf, t->len);
	}
	if (VAL(CRM_DD_OGRN)) {
		crm_buf_reset(t);
		alnum(v, len, t);
		setslot(d, r, S_OGRN, t->buf, t->len);
	}
	if (VAL(CRM_DD_CITY)) {
		crm_buf_reset(t);
		crm_simil_skeleton(v, len, t);
		setslot(d, r, S_CITY, t->buf, t->len);
	}
	if (VAL(CRM_DD_ADDRESS)) {
		crm_buf_reset(t);
		crm_simil_skeleton(v, len, t);
		setslot(d, r, S_ADDR, t->buf, t->len);
	}
	if (VAL(CRM_DD_ADDRESS2)) {
		crm_buf_reset(t);
		crm_simil_skeleton(v, len, t);
		setslot(d, r, S_ADDR2, t->buf, t->len);
	}
	if (VAL(CRM_DD_STREETNO)) {
		crm_buf_reset(t);
		alnum(v, len, t);
		setslot(d, r, S_STREETNO, t->buf, t->len);
	}
	if (VAL(CRM_DD_POSTCODE)) {
		crm_buf_reset(t);
		alnum(v, len, t);
		setslot(d, r, S_POSTCODE, t->buf, t->len);
	}
	if (VAL(CRM_DD_STATE)) {
		crm_buf_reset(t);
		crm_simil_skeleton(v, len, t);
		setslot(d, r, S_STATE, t->buf, t->len);
	}
	if (VAL(CRM_DD_SSN)) {
		crm_buf_reset(t);
		alnum(v, len, t);
		setslot(d, r, S_SSN, t->buf, t->len);
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

/* ---- comparison ------------------------------------------------------------ */

static int
lev_name(const char *a, size_t na, const char *b, size_t nb)
{
	double j;

	if (na == 0 || nb == 0)
		return 0;
	if (eq(a, na, b, nb))
		return 4;
	if ((na == 1 || nb == 1) && a[0] == b[0])
		return 2;	/* an initial */
	if (crm_simil_jw_bound(a, na, b, nb) < 0.80)
		return 1;	/* surely below: most pairs, without the full count */
	j = crm_simil_jw(a, na, b, nb);
	return j >= 0.92 ? 3 : j >= 0.80 ? 2 : 1;
}

static int
lev_code(const char *a, size_t na, const char *b, size_t nb)
{
	if (na == 0 || nb == 0)
		return 0;
	if (eq(a, na, b, nb))
		return 3;
	return crm_simil_osa_le1(a, na, b, nb) ? 2 : 1;
}

/*
 * Two birth dates (YYYYMMDD, and their day numbers, DAY_NONE when not a
 * date): exact; a typo (one digit, or day and month swapped); else by how
 * far apart they are: 31 days, a year (366 days), ten years (3653 days).
 */
static int
lev_date(const char *a, size_t na, int32_t da, const char *b, size_t nb,
    int32_t db)
{
	int32_t dd;

	if (na != 8 || nb != 8)
		return na && nb ? D_ELSE : 0;
	if (!memcmp(a, b, 8))
		return D_EXACT;
	if (!memcmp(a, b, 4) && !memcmp(a + 4, b + 6, 2) &&
	    !memcmp(a + 6, b + 4, 2))
		return D_TYPO;	/* day and month swapped */
	if (crm_simil_osa_le1(a, 8, b, 8))
		return D_TYPO;
	if (da == DAY_NONE || db == DAY_NONE)
		return D_ELSE;
	dd = da > db ? da - db : db - da;
	return dd <= 31 ? D_1M : dd <= 366 ? D_1Y : dd <= 3653 ? D_10Y : D_ELSE;
}

#define S(r, s) SP(d, r, s), SL(r, s)

static int
cmp_field(const struct crm_dedupe *d, int f, const struct ddrec *x,
    const struct ddrec *y)
{
	switch (f) {
	case F_FIRST: {
		int l = lev_name(S(x, S_FIRST), S(y, S_FIRST));

		if (l >= 1 && l < 4 && x->len[S_FCANON] &&
		    eq(S(x, S_FCANON), S(y, S_FCANON)))
			l = 3;
		return l;
	}
	case F_LAST:
		return lev_name(S(x, S_STEM), S(y, S_STEM));
	case F_MIDDLE:
		return lev_name(S(x, S_MIDDLE), S(y, S_MIDDLE));
	case F_DOB:
		return lev_date(S(x, S_DOB), x->day, S(y, S_DOB), y->day);
	case F_EMAIL: {
		const char *a = SP(d, x, S_EMAIL), *b = SP(d, y, S_EMAIL);
		const char *ea, *eb;
		size_t na = SL(x, S_EMAIL), nb = SL(y, S_EMAIL);

		if (!na || !nb)
			return 0;
		if (eq(a, na, b, nb))
			return 4;
		if (x->len[S_EKEY] && eq(S(x, S_EKEY), S(y, S_EKEY)))
			return 3;
		ea = memchr(a, '@', na);
		eb = memchr(b, '@', nb);
		/*
		 * The same login at another domain, or one typo in it; not a
		 * Jaro-Winkler: ivan.petrov1975 and ivan.petrov2003 are two people.
		 */
		if (ea && eb && crm_simil_osa_le1(a, (size_t)(ea - a), b,
		    (size_t)(eb - b)))
			return 2;
		return 1;
	}
	case F_PHONE: {
		size_t na = SL(x, S_PHONE), nb = SL(y, S_PHONE);
		const char *a = SP(d, x, S_PHONE), *b = SP(d, y, S_PHONE);

		if (!na || !nb)
			return 0;
		if (eq(a, na, b, nb))
			return 3;
		/* A country code given or not; two E.164 keys (lib/phone read
		 * both) with other codes are other numbers. */
		if (!(a[0] == '+' && b[0] == '+') && na >= 10 && nb >= 10 &&
		    a[na - 1] == b[nb - 1] && !memcmp(a + na - 10, b + nb - 10, 10))
			return 3;
		/*
		 * The same local number under another code.  One digit off is
		 * no typo level: colleagues have neighbouring office numbers.
		 */
		if (na >= 7 && nb >= 7 && a[na - 1] == b[nb - 1] &&
		    !memcmp(a + na - 7, b + nb - 7, 7))
			return 2;
		return 1;
	}
	case F_COMPANY: {
		size_t na = SL(x, S_COMPANY), nb = SL(y, S_COMPANY);
		double c;

		if (!na || !nb)
			return 0;
		if (eq(S(x, S_COMPANY), S(y, S_COMPANY)))
			return 4;
		c = crm_simil_cosine(d->toks + x->tok_off, x->ntok,
		    d->toks + y->tok_off, y->ntok, d->idf);
		if (c >= 0.8 || crm_simil_jw(S(x, S_COMPANY), S(y, S_COMPANY)) >= 0.95)
			return 3;
		return c >= 0.5 ? 2 : 1;
	}
	case F_INN:
		return lev_code(S(x, S_INN), S(y, S_INN));
	case F_OGRN:
		return lev_code(S(x, S_OGRN), S(y, S_OGRN));
	case F_CITY:
		return lev_name(S(x, S_CITY), S(y, S_CITY));
	case F_ADDR:
		return lev_name(S(x, S_ADDR), S(y, S_ADDR));
	case F_ADDR2:
		return lev_name(S(x, S_ADDR2), S(y, S_ADDR2));
	case F_STREETNO:
		return lev_code(S(x, S_STREETNO), S(y, S_STREETNO));
	case F_POSTCODE:
		return lev_code(S(x, S_POSTCODE), S(y, S_POSTCODE));
	case F_SSN:
		return lev_code(S(x, S_SSN), S(y, S_SSN));
	case F_STATE:
	case F_WEB: {
		int s = f == F_STATE ? S_STATE : S_WEB;

		if (!x->len[s] || !y->len[s])
			return 0;
		return eq(S(x, s), S(y, s)) ? 2 : 1;
	}
	}
	return 0;
}

static int
is_cannot(const struct crm_dedupe *d, uint32_t a, uint32_t b)
{
	uint64_t k = ((uint64_t)a << 32) | b;
	size_t lo = 0, hi = d->ncannot;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (d->cannot[mid] < k)
			lo = mid + 1;
		else if (d->cannot[mid] > k)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

static int
dob_rule(const int *lv)
{
	return lv[F_DOB] >= D_ELSE && lv[F_DOB] < D_TYPO && lv[F_SSN] != 3 && lv[F_EMAIL] < 3 &&
	    lv[F_PHONE] != 3;
}

/* Levels of every active field into lv; returns the hard rule, if any. */
static int
compare(const struct crm_dedupe *d, uint32_t a, uint32_t b, int *lv)
{
	const struct ddrec *x = &d->r[a], *y = &d->r[b];
	int f, rule = R_NONE;

	for (f = 0; f < NF; f++)
		lv[f] = d->active[f] ? cmp_field(d, f, x, y) : 0;
	/* First and last name swapped. */
	if (d->active[F_FIRST] && d->active[F_LAST] && lv[F_FIRST] < 3 &&
	    lv[F_LAST] < 3 && x->len[S_FIRST] && y->len[S_FIRST] &&
	    x->len[S_LAST] && y->len[S_LAST]) {
		int s1 = lev_name(S(x, S_FIRST), S(y, S_LAST));
		int s2 = lev_name(S(x, S_LAST), S(y, S_FIRST));

		/* Both near, or one near and the other a typo, and better. */
		if (s1 >= 2 && s2 >= 2 && s1 + s2 >= 5 &&
		    s1 + s2 > lv[F_FIRST] + lv[F_LAST]) {
			lv[F_FIRST] = s1;
			lv[F_LAST] = s2;
		}
	}
	if (x->inn_ok && y->inn_ok) {
		if (lv[F_INN] == 3) {
			if (x->len[S_KPP] && y->len[S_KPP] &&
			    (x->len[S_KPP] != y->len[S_KPP] || memcmp(SP(d, x, S_KPP),
			    SP(d, y, S_KPP), x->len[S_KPP])))
				rule = R_KPP_DIFF;
			else
				rule = R_INN_SAME;
		} else
			rule = R_INN_DIFF;
	}
	/*
	 * Different birth dates forbid a match unless an identifier agrees
	 * exactly (a wrong date typed beside the right SSN, email or phone).
	 */
	if (rule == R_NONE && d->hard_dob && dob_rule(lv))
		rule = R_DOB_DIFF;
	/* Spouses (Иванов, Иванова); not a typo beside one first name. */
	if (rule == R_NONE && lv[F_LAST] == 4 && x->g_last && y->g_last &&
	    x->g_last != y->g_last && lv[F_FIRST] != 4)
		rule = R_GENDER;
	if (rule == R_NONE && x->g_mid && y->g_mid && x->g_mid != y->g_mid &&
	    lv[F_FIRST] != 4)
		rule = R_GENDER;
	if (rule == R_NONE && d->ncannot && is_cannot(d, a, b))
		rule = R_NOTDUP;
	return rule;
}

static uint64_t
pack_levels(const int *lv)
{
	uint64_t p = 0;
	int f;

	for (f = 0; f < NF; f++)
		p |= (uint64_t)lv[f] << (3 * f);
	return p;
}

static int
plev(uint64_t p, int f)
{
	return (int)((p >> (3 * f)) & 7);
}

/* ---- sorting ----------------------------------------------------------------- */

/* LSD radix sort of 64-bit keys (with a parallel 32-bit payload if v). */
static void
radix64(uint64_t *k, uint32_t *v, size_t n, int bits)
{
	uint64_t *tk;
	uint32_t *tv = NULL;
	int shift;

	if (n < 2)
		return;
	tk = xmalloc(n * sizeof *tk);
	if (v)
		tv = xmalloc(n * sizeof *tv);
	for (shift = 0; shift < bits; shift += 11) {
		size_t cnt[2048], i, sum = 0;

		memset(cnt, 0, sizeof cnt);
		for (i = 0; i < n; i++)
			cnt[(k[i] >> shift) & 2047]++;
		if (cnt[(k[0] >> shift) & 2047] == n)
			continue;
		for (i = 0; i < 2048; i++) {
			size_t c = cnt[i];

			cnt[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++) {
			size_t pos = cnt[(k[i] >> shift) & 2047]++;

			tk[pos] = k[i];
			if (v)
				tv[pos] = v[i];
		}
		memcpy(k, tk, n * sizeof *k);
		if (v)
			memcpy(v, tv, n * sizeof *v);
	}
	free(tk);
	free(tv);
}

static int
bits_for(uint64_t max)
{
	int b = 0;

	while (b < 64 && (max >> b))
		b++;
	return b ? b : 1;
}

/* ---- blocking ---------------------------------------------------------------- */

struct pairvec {
	uint64_t *p;
	size_t n, cap;
};

static void
pv_add(struct pairvec *v, uint32_t a, uint32_t b)
{
	if (a == b)
		return;
	if (a > b) {
		uint32_t t = a;

		a = b;
		b = t;
	}
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 1 << 16;
		v->p = xreallocarray(v->p, v->cap, sizeof *v->p);
	}
	v->p[v->n++] = ((uint64_t)a << 32) | b;
}

struct keyvec {
	uint64_t *k;
	uint32_t *i;
	size_t n, cap;
};

static void
kv_add(struct keyvec *v, uint64_t key, uint32_t idx)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 1 << 16;
		v->k = xreallocarray(v->k, v->cap, sizeof *v->k);
		v->i = xreallocarray(v->i, v->cap, sizeof *v->i);
	}
	v->k[v->n] = key ? key : 1;
	v->i[v->n++] = idx;
}

static void
key2(struct keyvec *kv, uint32_t idx, int pass, const char *a, size_t na,
    const char *b, size_t nb)
{
	uint64_t h;

	if (!na || (b && !nb))
		return;
	h = hash64(a, na, (uint64_t)pass * 0x9e3779b97f4a7c15ULL);
	if (b)
		h = hash64(b, nb, h);
	kv_add(kv, (h & ~(uint64_t)31) | (uint64_t)pass, idx);	/* pass in the low bits */
}

struct snent {
	uint64_t key;
	uint64_t chash;		/* ties by content, so input order does not count */
	uint32_t idx;
};

static int
snent_cmp(const void *a, const void *b)
{
	const struct snent *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->chash != y->chash)
		return x->chash < y->chash ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void
window_pairs(struct crm_dedupe *d, struct pairvec *pv, struct snent *e,
    size_t n)
{
	size_t i, j;

	qsort(e, n, sizeof *e, snent_cmp);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n && j <= i + (size_t)d->o.window; j++)
			pv_add(pv, e[i].idx, e[j].idx);
}

/*
 * Passes for records that agree on little: the names' Soundex (over the
 * skeleton, so Cyrillic is transliterated first) in either order (18); a
 * name's Soundex with the birth date less one of its parts, so that a
 * wrong year (a digit typed wrong or swapped: 2008 and 2018), month or day
 * still meets (19 month-day, 20 year-month, 21 year-day), and with day and
 * month in order (22: 1985-05-03 and 1985-03-05).
 */
#define PASS_WEAK 18	/* passes from this one on are phonetic_keys' */

static void
phonetic_keys(struct crm_dedupe *d, struct keyvec *kv, uint32_t x,
    const struct ddrec *r)
{
	const char *nm[2];
	int k;

	(void)d;
	nm[0] = r->sx_first[0] ? r->sx_first : NULL;
	nm[1] = r->sx_last[0] ? r->sx_last : NULL;
	if (nm[0] && nm[1]) {
		int o = memcmp(nm[0], nm[1], 4) > 0;

		key2(kv, x, 18, nm[o], 4, nm[!o], 4);
	}
	for (k = 0; k < 2 && r->len[S_CITY]; k++)
		if (nm[k])
			key2(kv, x, 23, nm[k], 4, S(r, S_CITY));
	if (r->len[S_DOB] != 8)
		return;
	for (k = 0; k < 2; k++) {
		const char *dob = SP(d, r, S_DOB);
		char v[8];

		if (!nm[k])
			continue;
		key2(kv, x, 19, nm[k], 4, dob + 4, 4);
		key2(kv, x, 20, nm[k], 4, dob, 6);
		memcpy(v, dob, 4);
		memcpy(v + 4, dob + 6, 2);
		key2(kv, x, 21, nm[k], 4, v, 6);
		memcpy(v, dob, 4);
		if (memcmp(dob + 4, dob + 6, 2) > 0) {
			memcpy(v + 4, dob + 6, 2);
			memcpy(v + 6, dob + 4, 2);
		} else
			memcpy(v + 4, dob + 4, 4);
		key2(kv, x, 22, nm[k], 4, v, 8);
	}
}

/* The keys of record i's passes but the phonetic ones. */
static void
record_keys(struct crm_dedupe *d, struct keyvec *kv, size_t i)
{
	size_t j, maxdf = (size_t)d->o.block_cap;
	const struct ddrec *r = &d->r[i];
	uint32_t x = (uint32_t)i;
	const char *fn = r->len[S_FCANON] ? SP(d, r, S_FCANON) :
	    SP(d, r, S_FIRST);
	size_t fl = r->len[S_FCANON] ? SL(r, S_FCANON) : SL(r, S_FIRST);
	int person = r->len[S_FIRST] || r->len[S_STEM];

	key2(kv, x, 1, S(r, S_EKEY), NULL, 0);
	if (r->len[S_PHONE])	/* the last 10 digits */
		key2(kv, x, 2, SP(d, r, S_PHONE) + (r->len[S_PHONE] > 10 ?
		    r->len[S_PHONE] - 10 : 0), r->len[S_PHONE] > 10 ? 10 :
		    SL(r, S_PHONE), NULL, 0);
	if (fl && r->len[S_MIDDLE] && r->len[S_LAST]) {
		/* first name, patronymic and the surname's initial */
		char ini = SP(d, r, S_LAST)[0];

		crm_buf_reset(&d->tmp);
		crm_buf_add(&d->tmp, fn, fl);
		crm_buf_addc(&d->tmp, ' ');
		crm_buf_add(&d->tmp, S(r, S_MIDDLE));
		crm_buf_addc(&d->tmp, ' ');
		crm_buf_addc(&d->tmp, ini);
		key2(kv, x, 17, d->tmp.buf, d->tmp.len, NULL, 0);
	}
	key2(kv, x, 3, S(r, S_INN), NULL, 0);
	if (fl && r->len[S_STEM]) {	/* order-free: swapped names */
		const char *a = fn, *b = SP(d, r, S_STEM);
		size_t la = fl, lb = SL(r, S_STEM);

		if (strcmp(a, b) > 0) {
			const char *t = a; size_t tl = la;
			a = b; la = lb; b = t; lb = tl;
		}
		key2(kv, x, 4, a, la, b, lb);
	}
	key2(kv, x, 6, fn, fl, S(r, S_DOB));
	key2(kv, x, 7, S(r, S_SSN), NULL, 0);
	key2(kv, x, 8, S(r, S_POSTCODE), S(r, S_STREETNO));
	/* Company keys block companies, not the people working there. */
	if (!person)
		key2(kv, x, 9, S(r, S_COMPANY), NULL, 0);
	key2(kv, x, 10, S(r, S_STEM), S(r, S_DOB));
	key2(kv, x, 11, S(r, S_WEB), NULL, 0);
	key2(kv, x, 12, S(r, S_OGRN), NULL, 0);
	key2(kv, x, 13, S(r, S_DOB), NULL, 0);
	if (r->len[S_DOB] >= 4 && (fl || r->len[S_LAST])) {
		char ini[6];	/* sorted initials and birth year */
		char c1 = fl ? fn[0] : '-', c2 = r->len[S_LAST] ?
		    SP(d, r, S_LAST)[0] : '-';

		ini[0] = c1 < c2 ? c1 : c2;
		ini[1] = c1 < c2 ? c2 : c1;
		memcpy(ini + 2, SP(d, r, S_DOB), 4);
		key2(kv, x, 16, ini, 6, NULL, 0);
	}
	if (r->len[S_EMAIL]) {
		const char *e = SP(d, r, S_EMAIL);
		const char *at = memchr(e, '@', SL(r, S_EMAIL));

		if (at && at - e >= 4)
			key2(kv, x, 14, e, (size_t)(at - e), NULL, 0);
	}
	for (j = 0; !person && j < r->ntok; j++) {	/* rare company tokens */
		uint32_t t = d->toks[r->tok_off + j];

		if (d->td.df[t] <= maxdf && d->td.df[t] >= 2)
			key2(kv, x, 15, (const char *)&t, sizeof t, NULL, 0);
	}
}

/* Sort the keys and pair the records of each block. */
static void
block_pairs(struct crm_dedupe *d, struct pairvec *pv, struct keyvec *kv)
{
	size_t i, j, maxdf = (size_t)d->o.block_cap, cap;

	radix64(kv->k, kv->i, kv->n, 64);
	for (i = 0; i < kv->n; i = j) {
		size_t bs;

		for (j = i + 1; j < kv->n && kv->k[j] == kv->k[i]; j++)
			;
		bs = j - i;
		/*
		 * Blocks on a name alone hold namesakes: all-pairs only while
		 * small (a quarter of the cap), windowed beyond.
		 */
		cap = maxdf;
		if ((kv->k[i] & 31) == 4 || (kv->k[i] & 31) >= 17)
			cap = maxdf / 4 > 2 ? maxdf / 4 : 2;
		/*
		 * The phonetic passes are weak keys: a block too big for all
		 * pairs is left to the sorted neighbourhood over the names.
		 */
		if (bs > cap && (kv->k[i] & 31) >= PASS_WEAK)
			continue;
		if (bs <= cap) {
			size_t p, q;

			for (p = i; p < j; p++)
				for (q = p + 1; q < j; q++)
					pv_add(pv, kv->i[p], kv->i[q]);
		} else {
			struct snent *big = xmalloc(bs * sizeof *big);
			size_t p;

			for (p = 0; p < bs; p++) {
				big[p].key = d->r[kv->i[i + p]].snkey;
				big[p].chash = d->r[kv->i[i + p]].chash;
				big[p].idx = kv->i[i + p];
			}
			window_pairs(d, pv, big, bs);
			free(big);
			d->st.blocks_windowed++;
		}
	}
}

static void
block(struct crm_dedupe *d, struct pairvec *pv)
{
	struct keyvec kv = { NULL, NULL, 0, 0 };
	struct snent *sn;
	size_t i, j, n = d->n;

	/*
	 * The plain passes, then the phonetic ones, each sorted and paired
	 * alone: the keys of one group at a time in memory.
	 */
	for (i = 0; i < n; i++)
		record_keys(d, &kv, i);
	block_pairs(d, pv, &kv);
	kv.n = 0;
	for (i = 0; i < n; i++)
		phonetic_keys(d, &kv, (uint32_t)i, &d->r[i]);
	block_pairs(d, pv, &kv);
	free(kv.k);
	free(kv.i);
	/* Sorted neighbourhood over the name key. */
	sn = xmalloc((n ? n : 1) * sizeof *sn);
	for (i = 0, j = 0; i < n; i++)
		if (d->r[i].snkey) {
			sn[j].key = d->r[i].snkey;
			sn[j].chash = d->r[i].chash;
			sn[j].idx = (uint32_t)i;
			j++;
		}
	window_pairs(d, pv, sn, j);
	free(sn);
	/* Sort, drop repeats and (when linking) same-source pairs. */
	radix64(pv->p, NULL, pv->n, bits_for(n ? (uint64_t)n << 32 : 1));
	for (i = 0, j = 0; i < pv->n; i++) {
		uint32_t a = (uint32_t)(pv->p[i] >> 32), b = (uint32_t)pv->p[i];

		if (j > 0 && pv->p[j - 1] == pv->p[i])
			continue;
		if (d->o.link && d->r[a].source == d->r[b].source)
			continue;
		pv->p[j++] = pv->p[i];
	}
	pv->n = j;
}

/* ---- model ------------------------------------------------------------------- */

static uint64_t
xorshift(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

static void
estimate_u(struct crm_dedupe *d)
{
	double cnt[NF][NLEV];
	size_t n = d->n, total, k, want = 200000;
	uint64_t seed = 0x2545f4914f6cdd1dULL;
	int lv[NF], f, l;

	memset(cnt, 0, sizeof cnt);
	total = n * (n - 1) / 2;
	if (total <= want) {
		uint32_t a, b;

		for (a = 0; a < n; a++)
			for (b = a + 1; b < n; b++) {
				if (d->o.link && d->r[a].source == d->r[b].source)
					continue;
				compare(d, a, b, lv);
				for (f = 0; f < NF; f++)
					cnt[f][lv[f]]++;
			}
	} else {
		size_t tries = 0;
		/* Records by content, so the sample does not follow input order. */
		struct snent *perm = xmalloc(n * sizeof *perm);

		for (k = 0; k < n; k++) {
			perm[k].key = d->r[k].chash;
			perm[k].chash = 0;
			perm[k].idx = (uint32_t)k;
		}
		qsort(perm, n, sizeof *perm, snent_cmp);
		for (k = 0; k < want && tries < want * 20; tries++) {
			uint32_t a = perm[xorshift(&seed) % n].idx;
			uint32_t b = perm[xorshift(&seed) % n].idx;

			if (a == b || (d->o.link && d->r[a].source == d->r[b].source))
				continue;
			if (a > b) {
				uint32_t t = a;

				a = b;
				b = t;
			}
			compare(d, a, b, lv);
			for (f = 0; f < NF; f++)
				cnt[f][lv[f]]++;
			k++;
		}
		free(perm);
	}
	/*
	 * A prior of 1000 typical random pairs keeps small inputs sane: a
	 * random pair rarely agrees exactly (names 1%, identifiers 0.1%).
	 */
	for (f = 0; f < NF; f++) {
		double s = 0, u0[NLEV], rest = 1;
		int nl = fdef[f].nlev, t = fdef[f].type;

		u0[nl - 1] = t == T_NAME || t == T_TEXT ? 0.01 : t == T_EXACT ?
		    0.05 : 0.001;
		for (l = 2; l < nl - 1; l++)
			u0[l] = 0.01;
		for (l = 2; l < nl; l++)
			rest -= u0[l];
		u0[1] = rest;
		for (l = 1; l < nl; l++)
			s += cnt[f][l];
		for (l = 1; l < nl; l++)
			if (!d->pinned[f][l])
				d->u[f][l] = (cnt[f][l] + 1000 * u0[l]) / (s + 1000);
	}
}

static void
init_m(struct crm_dedupe *d)
{
	int f, l;

	for (f = 0; f < NF; f++) {
		int nl = fdef[f].nlev;

		for (l = 1; l < nl; l++) {
			double m;

			if (d->pinned[f][l])
				continue;
			if (l == nl - 1)
				m = 0.8;
			else if (l == 1)
				m = 0.05;
			else
				m = 0.15 / (nl - 3 > 0 ? nl - 3 : 1);
			d->m[f][l] = m;
		}
	}
}

struct pat {
	uint64_t p;
	double c;
};

/* Strong agreements in a pattern: identifiers that rarely agree by chance. */
static int
strong(uint64_t p)
{
	return (plev(p, F_EMAIL) >= 3) + (plev(p, F_PHONE) == 3) +
	    (plev(p, F_SSN) == 3) + (plev(p, F_INN) == 3) +
	    (plev(p, F_OGRN) == 3) + (plev(p, F_DOB) == D_EXACT) +
	    (plev(p, F_WEB) == 2);
}

/*
 * Start EM from the pairs that are surely matches (two identifiers agree,
 * or one and both names): m is their level distribution and the prior
 * their share.  This keeps EM off the "same name" solution, where the
 * match class is every pair of namesakes.  Returns the initial prior.
 */
static double
seed_m(struct crm_dedupe *d, const struct pat *pt, size_t np)
{
	double cnt[NF][NLEV], ns = 0, tot = 0;
	size_t k;
	int f, l;

	memset(cnt, 0, sizeof cnt);
	for (k = 0; k < np; k++) {
		int st = strong(pt[k].p);

		tot += pt[k].c;
		if (st >= 2 || (st == 1 && plev(pt[k].p, F_FIRST) >= 3 &&
		    plev(pt[k].p, F_LAST) >= 3)) {
			ns += pt[k].c;
			for (f = 0; f < NF; f++)
				cnt[f][plev(pt[k].p, f)] += pt[k].c;
		}
	}
	if (ns < 10)
		return 0.1;
	for (f = 0; f < NF; f++) {
		int nl = fdef[f].nlev;
		double s = 0;

		for (l = 1; l < nl; l++)
			s += cnt[f][l];
		for (l = 1; l < nl; l++)
			if (!d->pinned[f][l])
				d->m[f][l] = (cnt[f][l] + 10 * d->m[f][l]) / (s + 10);
	}
	return ns / tot > 0.5 ? 0.5 : ns / tot;
}

static int
pat_cmp(const void *a, const void *b)
{
	uint64_t x = ((const struct pat *)a)->p, y = ((const struct pat *)b)->p;

	return x < y ? -1 : x > y;
}

/*
 * The distinct comparison patterns of the pairs no INN rule decided, with
 * their counts, by pattern: a hash table of the few distinct ones, not a
 * sorted copy of every pair's.
 */
static struct pat *
count_patterns(const uint64_t *pats, const uint8_t *rules, size_t n,
    size_t *np)
{
	size_t cap = 1024, used = 0, k, i;
	struct pat *tab = xcalloc(cap, sizeof *tab), *out;
	uint8_t *full = xcalloc(cap, 1);

	for (k = 0; k < n; k++) {
		uint64_t h;

		if (rules[k] == R_INN_SAME)
			continue;
		if (2 * (used + 1) > cap) {	/* grow: rehash */
			size_t nc = cap * 2;
			struct pat *nt = xcalloc(nc, sizeof *nt);
			uint8_t *nf = xcalloc(nc, 1);

			for (i = 0; i < cap; i++) {
				size_t q;

				if (!full[i])
					continue;
				q = (size_t)hash64(&tab[i].p, sizeof tab[i].p, 0) &
				    (nc - 1);
				while (nf[q])
					q = (q + 1) & (nc - 1);
				nt[q] = tab[i];
				nf[q] = 1;
			}
			free(tab);
			free(full);
			tab = nt;
			full = nf;
			cap = nc;
		}
		h = hash64(&pats[k], sizeof pats[k], 0) & (cap - 1);
		while (full[h] && tab[h].p != pats[k])
			h = (h + 1) & (cap - 1);
		if (!full[h]) {
			full[h] = 1;
			tab[h].p = pats[k];
			tab[h].c = 0;
			used++;
		}
		tab[h].c++;
	}
	out = xmalloc((used ? used : 1) * sizeof *out);
	for (i = 0, k = 0; i < cap; i++)
		if (full[i])
			out[k++] = tab[i];
	qsort(out, used, sizeof *out, pat_cmp);
	free(tab);
	free(full);
	*np = used;
	return out;
}

static void
em(struct crm_dedupe *d, const struct pat *pt, size_t np)
{
	double lam = 0.1, ue[NF][NLEV], m0[NF][NLEV];
	int it, f, l, maxit = d->o.em_iter > 0 ? d->o.em_iter : 40;
	double *g = xmalloc((np ? np : 1) * sizeof *g);

	if (d->o.em_iter < 0 || np == 0) {
		d->em_conv = 1;
		d->lambda = d->n > 1 ? 0.05 : 0.5;
		free(g);
		return;
	}
	memcpy(ue, d->u, sizeof ue);
	memcpy(m0, d->m, sizeof m0);	/* the defaults are the prior */
	lam = seed_m(d, pt, np);
	for (it = 0; it < maxit; it++) {
		double mn[NF][NLEV], un[NF][NLEV], tot = 0, sg = 0, dl;
		size_t k;

		memset(mn, 0, sizeof mn);
		memset(un, 0, sizeof un);
		for (k = 0; k < np; k++) {
			double lw = log(lam) - log(1 - lam);

			for (f = 0; f < NF; f++) {
				l = plev(pt[k].p, f);
				if (l)
					lw += log(d->m[f][l]) - log(ue[f][l]);
			}
			g[k] = lw > 50 ? 1 : lw < -50 ? 0 : 1 / (1 + exp(-lw));
			tot += pt[k].c;
			sg += pt[k].c * g[k];
			for (f = 0; f < NF; f++) {
				l = plev(pt[k].p, f);
				if (l) {
					mn[f][l] += pt[k].c * g[k];
					un[f][l] += pt[k].c * (1 - g[k]);
				}
			}
		}
		dl = fabs(sg / tot - lam);
		lam = sg / tot;
		if (lam < 1e-6)
			lam = 1e-6;
		if (lam > 0.999)
			lam = 0.999;
		for (f = 0; f < NF; f++) {
			double s = 0;
			int nl = fdef[f].nlev;

			if (!d->active[f])
				continue;
			for (l = 1; l < nl; l++)
				s += mn[f][l];
			for (l = 1; l < nl; l++) {
				double nm;

				if (d->pinned[f][l])
					continue;
				/* A prior of 100 pairs keeps small inputs sane. */
				nm = (mn[f][l] + 100 * m0[f][l] + 1e-3) /
				    (s + 100 + 1e-3 * (nl - 1));
				d->m[f][l] = nm;
			}
			/*
			 * The non-matches among candidates are not random pairs
			 * (they share a blocking key): EM keeps its own u for
			 * them; scoring uses the u of random pairs.
			 */
			for (l = 1, s = 0; l < nl; l++)
				s += un[f][l];
			for (l = 1; l < nl; l++)
				ue[f][l] = (un[f][l] + 10 * ue[f][l] + 1e-3) /
				    (s + 10 + 1e-3 * (nl - 1));
		}
		d->em_it = it + 1;
		/* Settled, or at most drifting in the fourth decimal. */
		d->em_conv = dl < 1e-4;
		if (dl < 1e-7 && it > 2)
			break;
	}
	d->lambda = lam;
	free(g);
}

static void
weights(struct crm_dedupe *d)
{
	int f, l;

	for (f = 0; f < NF; f++)
		for (l = 1; l < fdef[f].nlev; l++) {
			double w = log2(d->m[f][l] / d->u[f][l]);

			d->w[f][l] = w;
		}
	/*
	 * The prior is over all pairs, not over candidates: the matches EM
	 * found among the candidates (blocking misses few) spread over
	 * n(n-1)/2 pairs.
	 */
	d->prior = log2(d->lambda / (1 - d->lambda));
	if (d->n > 1) {
		double tot = (double)d->n * (d->n - 1) / 2;
		double lg = d->lambda * d->st.candidates / tot;

		if (lg > 0.5)
			lg = 0.5;
		if (lg < 1e-12)
			lg = 1e-12;
		d->prior = log2(lg / (1 - lg));
	}
}

/*
 * Term-frequency adjustments, once u is known: two records agreeing
 * exactly on a value that c of the n records hold share it with the others
 * in (c - 2) / (n - 2) of them (the chance that a third record holds it
 * too), shrunk towards the field's average
 * (u of the exact level) by TF_PRIOR pseudo-records; the adjustment is
 * log2(u / that share), within [TF_MIN, TF_MAX]: Иванов, Smith or Moscow
 * weigh less, a rare surname more.  Small inputs get about none.
 */
static void
tf_weights(struct crm_dedupe *d)
{
	int t;

	for (t = 0; t < NTF; t++) {
		int f = tf_field[t], top = fdef[f].nlev - 1;
		size_t k, nv = crm_hmap_count(&d->tfmap[t]);
		double u = d->u[f][top], n = d->n > 2 ? (double)d->n : 3;

		d->tfw[t] = xmalloc((nv ? nv : 1) * sizeof *d->tfw[t]);
		for (k = 0; k < nv; k++) {
			double c = (double)*crm_hmap_val(&d->tfmap[t], k);
			double share = (c - 2 + TF_PRIOR * u) / (n - 2 + TF_PRIOR);
			double a = log2(u / share);

			d->tfw[t][k] = (float)(a < TF_MIN ? TF_MIN : a > TF_MAX ?
			    TF_MAX : a);
		}
	}
}

/*
 * The term-frequency adjustment of field f for the pair (x, y) at level l:
 * only an exact agreement on one value (not a nickname, not names taken
 * swapped) is adjusted, and not a level whose m and u are pinned.
 */
static double
tf_adjust(const struct crm_dedupe *d, int t, const struct ddrec *x,
    const struct ddrec *y, int l)
{
	int f = tf_field[t];

	if (!d->tfw[t] || l != fdef[f].nlev - 1 || !x->tfid[t] ||
	    x->tfid[t] != y->tfid[t] || d->pinned[f][l])
		return 0;
	return d->tfw[t][x->tfid[t] - 1];
}

/* The pair's term-frequency adjustments, summed. */
static double
tf_total(const struct crm_dedupe *d, uint32_t a, uint32_t b, uint64_t p)
{
	const struct ddrec *x, *y;
	double w = 0;
	int t;

	for (t = 0; t < NTF; t++)
		if (plev(p, tf_field[t]) == fdef[tf_field[t]].nlev - 1)
			break;
	if (t == NTF)
		return 0;	/* no exact agreement to adjust */
	x = &d->r[a];
	y = &d->r[b];
	for (t = 0; t < NTF; t++)
		w += tf_adjust(d, t, x, y, plev(p, tf_field[t]));
	return w;
}

static double
pattern_weight(const struct crm_dedupe *d, uint64_t p)
{
	double w = d->prior;
	int f;

	for (f = 0; f < NF; f++) {
		int l = plev(p, f);

		if (l)
			w += d->w[f][l];
	}
	return w;
}

/*
 * Whether the model can be trusted: enough comparable fields, EM
 * converged, and agreement on every field's top level is evidence of a
 * match (m > u) with a share of matches that is neither nil nor most.
 * Returns why not, or NULL.
 */
static const char *
model_failure(const struct crm_dedupe *d)
{
	int f, nact = 0;

	if (d->n < 2)
		return NULL;
	for (f = 0; f < NF; f++)
		nact += d->active[f];
	if (nact < 3)
		return "too few comparable fields";
	if (!d->em_conv && d->o.em_iter >= 0)
		return "EM did not converge";
	if (d->lambda < 1e-5 || d->lambda > 0.9)
		return "degenerate m/u";
	for (f = 0; f < NF; f++) {
		int top = fdef[f].nlev - 1;

		if (d->active[f] && d->m[f][top] <= d->u[f][top])
			return "degenerate m/u";
	}
	return NULL;
}

/*
 * The fallback's rules for a pair no hard rule decided: equal company
 * name without its legal form, equal INN, e-mail key or phone are
 * duplicates; similar names (company cosine >= 0.8, or first and last
 * name Jaro-Winkler >= 0.92) are for review; else none.
 */
static int
fallback_rule(const struct crm_dedupe *d, uint32_t a, uint32_t b,
    const int *lv)
{
	const struct ddrec *x = &d->r[a], *y = &d->r[b];

	if (SL(x, S_CKEY) && SL(x, S_CKEY) == SL(y, S_CKEY) &&
	    !memcmp(SP(d, x, S_CKEY), SP(d, y, S_CKEY), SL(x, S_CKEY)))
		return R_FB_NAME;
	if (lv[F_INN] == 3)
		return R_FB_INN;
	if (lv[F_EMAIL] >= 3)
		return R_FB_EMAIL;
	if (lv[F_PHONE] == 3)
		return R_FB_PHONE;
	if (lv[F_COMPANY] >= 3 || (lv[F_FIRST] >= 3 && lv[F_LAST] >= 3))
		return R_FB_NEAR;
	return R_NONE;
}

/*
 * The probability of a pair from its levels and rule (after the fallback
 * rules when the model is not used): 1 for a rule that makes a match, the
 * review bound for similar names, 0 for the date rule, -1e9 for other
 * rules that forbid; else the model's, or 0 under the fallback.
 */
static double
pair_prob(const struct crm_dedupe *d, int rl, double w)
{
	if (rl == R_INN_SAME || (rl >= R_FB_NAME && rl <= R_FB_PHONE))
		return 1;
	if (rl == R_FB_NEAR)
		return d->o.t_review;
	if (rl == R_DOB_DIFF)
		return 0;
	if (rl != R_NONE)
		return -1e9;
	if (d->fallback)
		return 0;
	return w > 60 ? 1 : w < -60 ? 0 : 1 / (1 + exp2(-w));
}

/*
 * Whether a pair with no rule, of pattern weight w, stays below the review
 * band whatever its term frequencies add: most pairs, told without
 * touching their records.
 */
static int
below_review(const struct crm_dedupe *d, int rl, double w)
{
	return rl == R_NONE && !d->fallback &&
	    pair_prob(d, rl, w + NTF * TF_MAX) < d->o.t_review;
}

/* ---- clustering -------------------------------------------------------------- */

static uint32_t
uf_find(uint32_t *par, uint32_t x)
{
	while (par[x] != x) {
		par[x] = par[par[x]];
		x = par[x];
	}
	return x;
}

struct edge {
	float p;
	uint32_t a, b;
	uint8_t cannot;
};

static int
edge_cmp(const void *x, const void *y)
{
	const struct edge *a = x, *b = y;

	if (a->p != b->p)
		return a->p > b->p ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

/* Average linkage inside one component (members m[0..k), sorted). */
static void
refine(struct crm_dedupe *d, const uint32_t *mem, size_t k,
    const struct edge *e, size_t ne, uint32_t *lab)
{
	float *sim = xcalloc(k * k, sizeof *sim);
	size_t *cs = xmalloc(k * sizeof *cs), i, j, t;
	size_t *grp = xmalloc(k * sizeof *grp);

	for (t = 0; t < ne; t++) {
		size_t a, b;
		const uint32_t *pa = bsearch(&e[t].a, mem, k, sizeof *mem, u32cmp);
		const uint32_t *pb = bsearch(&e[t].b, mem, k, sizeof *mem, u32cmp);

		if (!pa || !pb)
			continue;
		a = (size_t)(pa - mem);
		b = (size_t)(pb - mem);
		sim[a * k + b] = sim[b * k + a] = e[t].cannot ? -1e9f : e[t].p;
	}
	/* Pairs blocking did not produce: score them now. */
	for (i = 0; i < k; i++)
		for (j = i + 1; j < k; j++) {
			int lv[NF], rl;
			double w, pr;

			if (sim[i * k + j] != 0)
				continue;
			rl = compare(d, mem[i], mem[j], lv);
			if (d->fallback && rl == R_NONE)
				rl = fallback_rule(d, mem[i], mem[j], lv);
			w = pattern_weight(d, pack_levels(lv)) +
			    tf_total(d, mem[i], mem[j], pack_levels(lv));
			pr = pair_prob(d, rl, w);
			sim[i * k + j] = sim[j * k + i] = (float)pr;
		}
	for (i = 0; i < k; i++) {
		cs[i] = 1;
		grp[i] = i;
	}
	for (;;) {
		double best = -1;
		size_t bi = 0, bj = 0;

		for (i = 0; i < k; i++) {
			if (grp[i] != i)
				continue;
			for (j = i + 1; j < k; j++) {
				double avg;

				if (grp[j] != j)
					continue;
				avg = sim[i * k + j] / (double)(cs[i] * cs[j]);
				if (avg > best) {
					best = avg;
					bi = i;
					bj = j;
				}
			}
		}
		if (best < d->o.t_avg)
			break;
		/* merge bj into bi: sums add up */
		for (t = 0; t < k; t++) {
			if (grp[t] != t || t == bi || t == bj)
				continue;
			sim[bi * k + t] += sim[bj * k + t];
			sim[t * k + bi] = sim[bi * k + t];
		}
		cs[bi] += cs[bj];
		for (t = 0; t < k; t++)
			if (grp[t] == bj)
				grp[t] = bi;
	}
	/* Label: the smallest member of each group. */
	for (i = 0; i < k; i++) {
		size_t root = i;

		while (grp[root] != root)
			root = grp[root];
		grp[i] = root;
	}
	for (i = 0; i < k; i++)
		lab[i] = mem[grp[i]];
	for (i = 0; i < k; i++) {	/* smallest index in each group */
		uint32_t minv = lab[i];

		for (j = 0; j < k; j++)
			if (grp[j] == grp[i] && mem[j] < minv)
				minv = mem[j];
		lab[i] = minv;
	}
	free(sim);
	free(cs);
	free(grp);
}

static int
mem_cmp(const void *a, const void *b)
{
	const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void
cluster(struct crm_dedupe *d)
{
	size_t n = d->n, i, ne = 0, k;
	uint32_t *par = xmalloc((n ? n : 1) * sizeof *par);
	uint32_t *sz = xmalloc((n ? n : 1) * sizeof *sz);
	struct edge *e = xmalloc((d->npairs ? d->npairs : 1) * sizeof *e);
	uint64_t *byc;		/* (component << 32 | member) */
	size_t nbyc = 0;

	d->cl = xmalloc((n ? n : 1) * sizeof *d->cl);
	d->clsize = xmalloc((n ? n : 1) * sizeof *d->clsize);
	d->score = xmalloc((n ? n : 1) * sizeof *d->score);
	for (i = 0; i < n; i++) {
		par[i] = (uint32_t)i;
		sz[i] = 1;
		d->score[i] = -1;
	}
	for (k = 0; k < d->npairs; k++) {
		const struct crm_dedupe_pair *p = &d->pairs[k];

		e[ne].p = p->p;
		e[ne].a = p->a;
		e[ne].b = p->b;
		e[ne].cannot = p->rule >= R_INN_DIFF && p->rule != R_NONE;
		ne++;
	}
	qsort(e, ne, sizeof *e, edge_cmp);
	/* Capped single linkage over the auto edges, strongest first. */
	for (k = 0; k < ne; k++) {
		uint32_t ra, rb;

		if (e[k].cannot || e[k].p < d->o.t_auto)
			continue;
		ra = uf_find(par, e[k].a);
		rb = uf_find(par, e[k].b);
		if (ra == rb || sz[ra] + sz[rb] > (uint32_t)d->o.max_cluster)
			continue;
		if (ra > rb) {
			uint32_t t = ra;

			ra = rb;
			rb = t;
		}
		par[rb] = ra;
		sz[ra] += sz[rb];
	}
	byc = xmalloc((n ? n : 1) * sizeof *byc);
	for (i = 0; i < n; i++) {
		uint32_t r = uf_find(par, (uint32_t)i);

		d->cl[i] = r;
		if (sz[r] > 2)
			byc[nbyc++] = ((uint64_t)r << 32) | i;
	}
	/* Refine components of three or more. */
	if (nbyc) {
		struct edge *ce = NULL;
		size_t cap = 0;

		qsort(byc, nbyc, sizeof *byc, mem_cmp);
		/* Edges grouped by component: sort edges by component of a. */
		for (i = 0; i < nbyc;) {
			uint32_t comp = (uint32_t)(byc[i] >> 32);
			size_t j = i, cnt, t;
			uint32_t *mem, *lab;

			while (j < nbyc && (uint32_t)(byc[j] >> 32) == comp)
				j++;
			cnt = j - i;
			mem = xmalloc(cnt * sizeof *mem);
			lab = xmalloc(cnt * sizeof *lab);
			for (t = 0; t < cnt; t++)
				mem[t] = (uint32_t)byc[i + t];
			/* collect the component's edges */
			{
				size_t nce = 0, m;

				for (m = 0; m < cnt; m++) {
					/* pairs with a == mem[m]: binary search in d->pairs */
					size_t lo = 0, hi = d->npairs;

					while (lo < hi) {
						size_t mid = (lo + hi) / 2;

						if (d->pairs[mid].a < mem[m])
							lo = mid + 1;
						else
							hi = mid;
					}
					for (; lo < d->npairs && d->pairs[lo].a == mem[m]; lo++) {
						const struct crm_dedupe_pair *p = &d->pairs[lo];

						if (d->cl[p->b] != comp)
							continue;
						if (nce == cap) {
							cap = cap ? cap * 2 : 64;
							ce = xreallocarray(ce, cap, sizeof *ce);
						}
						ce[nce].a = p->a;
						ce[nce].b = p->b;
						ce[nce].p = p->p;
						/* A date mismatch counts as 0, not as a veto. */
						ce[nce].cannot = p->rule >= R_INN_DIFF &&
						    p->rule != R_DOB_DIFF;
						nce++;
					}
				}
				refine(d, mem, cnt, ce, nce, lab);
			}
			for (t = 0; t < cnt; t++)
				d->cl[mem[t]] = lab[t];
			free(mem);
			free(lab);
			i = j;
		}
		free(ce);
	}
	free(byc);
	/* Representative = smallest member (union by smaller root already). */
	memset(d->clsize, 0, n * sizeof *d->clsize);
	for (i = 0; i < n; i++)
		d->clsize[d->cl[i]]++;
	for (k = 0; k < d->npairs; k++) {
		const struct crm_dedupe_pair *p = &d->pairs[k];

		if (d->cl[p->a] != d->cl[p->b] || p->rule >= R_INN_DIFF)
			continue;
		if (p->p > d->score[p->a])
			d->score[p->a] = p->p;
		if (p->p > d->score[p->b])
			d->score[p->b] = p->p;
	}
	for (i = 0; i < n; i++) {
		if (d->clsize[d->cl[i]] >= 2 && d->cl[i] == i) {
			d->st.clusters++;
			d->st.in_clusters += d->clsize[i];
		}
	}
	free(par);
	free(sz);
	free(e);
}

/* ---- run --------------------------------------------------------------------- */

struct cmpjob {
	const struct crm_dedupe *d;
	const uint64_t *p;
	uint64_t *pats;
	uint8_t *rules;
	size_t lo, hi;
	size_t report;		/* 0, or the pairs of all jobs (job 0 tells) */
	int nt;
};

static void
report(const struct crm_dedupe *d, const char *phase, size_t done,
    size_t total)
{
	if (d->o.progress)
		d->o.progress(d->o.progress_ctx, phase, done, total);
}

static void *
cmp_range(void *arg)
{
	struct cmpjob *j = arg;
	int lv[NF];
	size_t k;

	for (k = j->lo; k < j->hi; k++) {
		j->rules[k] = (uint8_t)compare(j->d, (uint32_t)(j->p[k] >> 32),
		    (uint32_t)j->p[k], lv);
		j->pats[k] = pack_levels(lv);
		/* The other jobs go at about the same pace as this one. */
		if (j->report && ((k - j->lo) & 0xffff) == 0xffff)
			report(j->d, "comparing", (k - j->lo + 1) * (size_t)j->nt,
			    j->report);
	}
	return NULL;
}

/*
 * Compare every candidate pair, on as many threads as there are cores (up
 * to 8): each pair's result depends on nothing else, so the output is the
 * same whatever the thread count.
 */
static void
compare_all(const struct crm_dedupe *d, const uint64_t *p, size_t n,
    uint64_t *pats, uint8_t *rules)
{
	struct cmpjob job[8];
	pthread_t th[8];
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int nt = ncpu < 1 ? 1 : ncpu > 8 ? 8 : (int)ncpu, i, started = 0;

	if (d->o.threads > 0 && d->o.threads < nt)
		nt = d->o.threads;
	if (n < 20000)
		nt = 1;
	for (i = 0; i < nt; i++) {
		job[i].d = d;
		job[i].p = p;
		job[i].pats = pats;
		job[i].rules = rules;
		job[i].lo = n * (size_t)i / (size_t)nt;
		job[i].hi = n * (size_t)(i + 1) / (size_t)nt;
		job[i].report = i == 0 ? n : 0;
		job[i].nt = nt;
	}
	for (i = 1; i < nt; i++) {
		if (pthread_create(&th[i], NULL, cmp_range, &job[i]) != 0)
			break;
		started = i;
	}
	/* This thread does the first range, and any a thread failed to take. */
	cmp_range(&job[0]);
	for (i = started + 1; i < nt; i++)
		cmp_range(&job[i]);
	for (i = 1; i <= started; i++)
		pthread_join(th[i], NULL);
}

int
crm_dedupe_run(struct crm_dedupe *d, struct crm_err *err)
{
	struct pairvec pv = { NULL, 0, 0 };
	uint64_t *pats = NULL;
	uint8_t *rules = NULL;
	struct pat *pt = NULL;
	size_t i, np = 0, k, keep = 0;
	double t0;

	(void)err;
	d->st.records = d->n;
	/* Which fields are present, and the company idf. */
	for (i = 0; i < d->n; i++) {
		const struct ddrec *r = &d->r[i];

		d->active[F_FIRST] |= r->len[S_FIRST] > 0;
		d->active[F_LAST] |= r->len[S_STEM] > 0;
		d->active[F_MIDDLE] |= r->len[S_MIDDLE] > 0;
		d->active[F_DOB] |= r->len[S_DOB] > 0;
		d->active[F_EMAIL] |= r->len[S_EMAIL] > 0;
		d->active[F_PHONE] |= r->len[S_PHONE] > 0;
		d->active[F_COMPANY] |= r->len[S_COMPANY] > 0;
		d->active[F_INN] |= r->len[S_INN] > 0;
		d->active[F_OGRN] |= r->len[S_OGRN] > 0;
		d->active[F_CITY] |= r->len[S_CITY] > 0;
		d->active[F_ADDR] |= r->len[S_ADDR] > 0;
		d->active[F_ADDR2] |= r->len[S_ADDR2] > 0;
		d->active[F_STREETNO] |= r->len[S_STREETNO] > 0;
		d->active[F_POSTCODE] |= r->len[S_POSTCODE] > 0;
		d->active[F_STATE] |= r->len[S_STATE] > 0;
		d->active[F_SSN] |= r->len[S_SSN] > 0;
		d->active[F_WEB] |= r->len[S_WEB] > 0;
		for (k = 0; k < r->ntok; k++)
			if (k == 0 || d->toks[r->tok_off + k] !=
			    d->toks[r->tok_off + k - 1])
				d->td.df[d->toks[r->tok_off + k]]++;
	}
	d->idf = xmalloc((d->td.n ? d->td.n : 1) * sizeof *d->idf);
	for (k = 0; k < d->td.n; k++)
		d->idf[k] = (float)log((double)(d->n + 1) / d->td.df[k]);
	if (d->ncannot) {
		radix64(d->cannot, NULL, d->ncannot, 64);
	}

	report(d, "blocking", 0, d->n);
	t0 = crm_now();
	block(d, &pv);
	d->st.candidates = pv.n;
	d->st.t_block = crm_now() - t0;

	t0 = crm_now();
	pats = xmalloc((pv.n ? pv.n : 1) * sizeof *pats);
	rules = xmalloc(pv.n ? pv.n : 1);
	report(d, "comparing", 0, pv.n);
	compare_all(d, pv.p, pv.n, pats, rules);
	report(d, "comparing", pv.n, pv.n);
	report(d, "estimating", 0, 0);
	d->st.t_compare = crm_now() - t0;

	t0 = crm_now();
	init_m(d);
	estimate_u(d);
	/* Pattern counts (pairs decided by a hard rule stay out of EM). */
	pt = count_patterns(pats, rules, pv.n, &np);
	em(d, pt, np);
	weights(d);
	tf_weights(d);
	/* The date rule: given, or when the data's dates are reliable. */
	d->hard_dob = d->o.hard_dob == 1 || (d->o.hard_dob < 0 &&
	    d->active[F_DOB] && d->m[F_DOB][D_ELSE] + d->m[F_DOB][D_10Y] +
	    d->m[F_DOB][D_1Y] + d->m[F_DOB][D_1M] < 0.02);
	if (d->hard_dob)
		for (k = 0; k < pv.n; k++) {
			int l2[NF], f;

			for (f = 0; f < NF; f++)
				l2[f] = plev(pats[k], f);
			if (rules[k] == R_NONE && dob_rule(l2))
				rules[k] = R_DOB_DIFF;
		}
	/* A model that cannot be estimated gives way to the fallback rules. */
	d->fallback = model_failure(d);
	d->st.fallback = d->fallback;
	if (d->fallback)
		for (k = 0; k < pv.n; k++) {
			int l2[NF], f;

			for (f = 0; f < NF; f++)
				l2[f] = plev(pats[k], f);
			if (rules[k] == R_NONE)
				rules[k] = (uint8_t)fallback_rule(d,
				    (uint32_t)(pv.p[k] >> 32), (uint32_t)pv.p[k], l2);
		}
	d->st.lambda = d->lambda;
	d->st.em_iterations = d->em_it;
	d->st.t_em = crm_now() - t0;

	/*
	 * Score and keep the review and auto bands, and the pairs a hard rule
	 * forbids; the weights by pattern first, then one pass to count and
	 * one to fill, so memory follows the pairs kept.
	 */
	{
		size_t cnt = 0;

		for (k = 0; k < pv.n; k++) {
			double w = pattern_weight(d, pats[k]), pr;

			if (below_review(d, rules[k], w))
				continue;
			w += tf_total(d, (uint32_t)(pv.p[k] >> 32),
			    (uint32_t)pv.p[k], pats[k]);
			pr = pair_prob(d, rules[k], w);

			if (pr >= d->o.t_review || rules[k] >= R_INN_DIFF)
				cnt++;
		}
		d->pairs = xmalloc((cnt ? cnt : 1) * sizeof *d->pairs);
	}
	for (k = 0; k < pv.n; k++) {
		struct crm_dedupe_pair q, *p = &q;
		double w = pattern_weight(d, pats[k]), pr;

		if (below_review(d, rules[k], w))
			continue;	/* ignored, and not kept */
		w += tf_total(d, (uint32_t)(pv.p[k] >> 32), (uint32_t)pv.p[k],
		    pats[k]);
		pr = pair_prob(d, rules[k], w);
		if (pr < 0)
			pr = 0;
		p->a = (uint32_t)(pv.p[k] >> 32);
		p->b = (uint32_t)pv.p[k];
		p->p = (float)pr;
		p->weight = (float)w;
		p->rule = rules[k];
		p->band = pr >= d->o.t_auto ? CRM_DD_AUTO :
		    pr >= d->o.t_review ? CRM_DD_REVIEW : CRM_DD_IGNORE;
		if (p->band == CRM_DD_AUTO)
			d->st.automatic++;
		else if (p->band == CRM_DD_REVIEW)
			d->st.review++;
		/* Pairs a hard rule forbids stay: they are cannot-links. */
		if (p->band != CRM_DD_IGNORE || rules[k] >= R_INN_DIFF)
			d->pairs[keep++] = q;
	}
	d->npairs = keep;
	free(pats);
	free(rules);
	free(pt);
	free(pv.p);
	report(d, "clustering", 0, 0);
	t0 = crm_now();
	cluster(d);
	d->st.t_cluster = crm_now() - t0;
	return 0;
}

size_t
crm_dedupe_count(const struct crm_dedupe *d)
{
	return d->n;
}

size_t
crm_dedupe_cluster(const struct crm_dedupe *d, size_t i)
{
	return d->cl ? d->cl[i] : i;
}

size_t
crm_dedupe_cluster_size(const struct crm_dedupe *d, size_t i)
{
	return d->cl ? d->clsize[d->cl[i]] : 1;
}

double
crm_dedupe_score(const struct crm_dedupe *d, size_t i)
{
	return d->score ? d->score[i] : -1;
}

const struct crm_dedupe_pair *
crm_dedupe_pairs(const struct crm_dedupe *d, size_t *n)
{
	*n = d->npairs;
	return d->pairs;
}

size_t
crm_dedupe_explain(const struct crm_dedupe *d, size_t a, size_t b,
    struct crm_dedupe_cmp *out, size_t max, double *prior, const char **rule)
{
	int lv[NF], f, rl;
	size_t k = 0;

	if (a > b) {
		size_t t = a;

		a = b;
		b = t;
	}
	rl = compare(d, (uint32_t)a, (uint32_t)b, lv);
	if (d->fallback && rl == R_NONE)
		rl = fallback_rule(d, (uint32_t)a, (uint32_t)b, lv);
	if (prior)
		*prior = d->prior;
	if (rule)
		*rule = rule_names[rl];
	for (f = 0; f < NF && k < max; f++) {
		int t;

		if (!d->active[f])
			continue;
		out[k].role = fdef[f].role;
		out[k].level = lev_names[fdef[f].type][lv[f]];
		out[k].tf = 0;
		for (t = 0; t < NTF; t++)
			if (tf_field[t] == f)
				out[k].tf = tf_adjust(d, t, &d->r[a], &d->r[b], lv[f]);
		out[k].weight = (lv[f] ? d->w[f][lv[f]] : 0) + out[k].tf;
		out[k].m = lv[f] ? d->m[f][lv[f]] : 1;
		out[k].u = lv[f] ? d->u[f][lv[f]] : 1;
		k++;
	}
	return k;
}

void
crm_dedupe_get_stats(const struct crm_dedupe *d, struct crm_dedupe_stats *st)
{
	*st = d->st;
}
