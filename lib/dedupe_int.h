/*
 * dedupe_int.h: what the parts of the dedupe module share, private to
 * lib/dedupe*.c: string slots and comparison fields, levels, hard rules,
 * the record and the dedupe object, and the functions one part calls in
 * another.
 */
#ifndef CRM_DEDUPE_INT_H
#define CRM_DEDUPE_INT_H

#include <stdint.h>
#include <string.h>

#include "dedupe.h"
#include "hmap.h"
#include "simil.h"
#include "util.h"

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


#define SP(d, r, s) ((d)->pool.buf + (r)->off[s])
#define SL(r, s) ((size_t)(r)->len[s])
#define S(r, s) SP(d, r, s), SL(r, s)

struct pairvec {
	uint64_t *p;
	size_t n, cap;
};

struct snent {
	uint64_t key;
	uint64_t chash;		/* ties by content, so input order does not count */
	uint32_t idx;
};

struct pat {
	uint64_t p;
	double c;
};

static inline uint64_t
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

/* Equal strings; the first byte rejects most pairs before memcmp. */
static inline int
eq(const char *a, size_t na, const char *b, size_t nb)
{
	return na == nb && (na == 0 || (a[0] == b[0] && !memcmp(a, b, na)));
}

static inline uint64_t
pack_levels(const int *lv)
{
	uint64_t p = 0;
	int f;

	for (f = 0; f < NF; f++)
		p |= (uint64_t)lv[f] << (3 * f);
	return p;
}

static inline int
plev(uint64_t p, int f)
{
	return (int)((p >> (3 * f)) & 7);
}

/* dedupe_rec.c */
int dd_u32cmp(const void *a, const void *b);

/* dedupe_compare.c */
int dd_bits_for(uint64_t max);
int dd_compare(const struct crm_dedupe *d, uint32_t a, uint32_t b, int *lv);
int dd_dob_rule(const int *lv);
void dd_radix64(uint64_t *k, uint32_t *v, size_t n, int bits);

/* dedupe_block.c */
void dd_block(struct crm_dedupe *d, struct pairvec *pv);
int dd_snent_cmp(const void *a, const void *b);

/* dedupe_model.c */
int dd_below_review(const struct crm_dedupe *d, int rl, double w);
struct pat *dd_count_patterns(const uint64_t *pats, const uint8_t *rules, size_t n,
    size_t *np);
void dd_em(struct crm_dedupe *d, const struct pat *pt, size_t np);
void dd_estimate_u(struct crm_dedupe *d);
int dd_fallback_rule(const struct crm_dedupe *d, uint32_t a, uint32_t b,
    const int *lv);
void dd_init_m(struct crm_dedupe *d);
const char *dd_model_failure(const struct crm_dedupe *d);
double dd_pair_prob(const struct crm_dedupe *d, int rl, double w);
double dd_pattern_weight(const struct crm_dedupe *d, uint64_t p);
double dd_tf_adjust(const struct crm_dedupe *d, int t, const struct ddrec *x,
    const struct ddrec *y, int l);
double dd_tf_total(const struct crm_dedupe *d, uint32_t a, uint32_t b, uint64_t p);
void dd_tf_weights(struct crm_dedupe *d);
void dd_weights(struct crm_dedupe *d);

/* dedupe_cluster.c */
void dd_cluster(struct crm_dedupe *d);

#endif
