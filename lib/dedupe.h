/*
 * dedupe: duplicate detection over records (pure: values in, pairs and
 * clusters out; no I/O, no SQL).
 *
 * A caller maps its columns onto roles (crm_dedupe_role), adds each record
 * as an array of raw values indexed by role, and runs the pipeline:
 * normalise and derive keys -> block (several keys, capped blocks, sorted
 * neighbourhood) -> compare field by field into levels -> hard rules
 * (valid INN equal = match; different valid INN, different birth dates,
 * different gender of one surname stem, a remembered not-duplicate = no
 * match) -> Fellegi-Sunter weights with u from random pairs and m (and the
 * prior) by EM over comparison-pattern counts -> clusters (components at
 * the auto threshold, refined by average linkage, size capped).
 * Everything is deterministic: the same records in the same order give the
 * same pairs, scores and clusters.
 */
#ifndef CRM_DEDUPE_H
#define CRM_DEDUPE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* What a column means to the matcher. */
enum crm_dd_role {
	CRM_DD_NONE = 0,
	CRM_DD_ID,		/* external id: names the record, never compared */
	CRM_DD_FIO,		/* full name, split into last/first/middle */
	CRM_DD_FIRST,
	CRM_DD_LAST,
	CRM_DD_MIDDLE,
	CRM_DD_DOB,
	CRM_DD_EMAIL,
	CRM_DD_PHONE,
	CRM_DD_COMPANY,		/* company name (legal form and quotes ignored) */
	CRM_DD_INN,
	CRM_DD_KPP,
	CRM_DD_OGRN,
	CRM_DD_CITY,
	CRM_DD_ADDRESS,
	CRM_DD_ADDRESS2,
	CRM_DD_STREETNO,
	CRM_DD_POSTCODE,
	CRM_DD_STATE,
	CRM_DD_SSN,		/* another personal identifier */
	CRM_DD_WEBSITE,
	CRM_DD_COUNTRY,		/* the record's country: reads its phone, never compared */
	CRM_DD_NROLES
};

/*
 * The role of a column: a canonical field name of contacts or companies
 * (company = "name" for companies), or a common English header such as
 * given_name, surname, date_of_birth, soc_sec_id, suburb, postcode
 * (compared after trimming and lower-casing).  companies selects the
 * meaning of "name".  CRM_DD_NONE when unknown.
 */
int crm_dedupe_role(const char *label, int companies);
/* Short name of a role ("first_name", "dob", ...); "" for CRM_DD_NONE. */
const char *crm_dedupe_role_name(int role);
/* Role by its short name (as crm_dedupe_role_name prints it), or -1. */
int crm_dedupe_role_parse(const char *name);

enum crm_dd_band { CRM_DD_IGNORE = 0, CRM_DD_REVIEW = 1, CRM_DD_AUTO = 2 };
const char *crm_dedupe_band_name(int band);

struct crm_dedupe_opts {
	double t_auto;		/* probability for the auto band and clustering (0.9) */
	double t_review;	/* lower bound of the review band (0.5) */
	double t_avg;		/* average-linkage cut inside a component (0.4) */
	int block_cap;		/* a block larger than this is windowed (64) */
	int window;		/* sorted-neighbourhood window (4) */
	int max_cluster;	/* component size cap (200) */
	int em_iter;		/* EM iterations (0 = default 40; -1 = no EM) */
	int link;		/* 1 = compare only records of different sources */
	int hard_dob;		/* different birth dates forbid a match: 1 always,
				   0 never, -1 auto = when EM finds that true
				   matches disagree on the date less than 2% */
	int threads;		/* compare on this many threads (0 = one a core) */
	const char *country;	/* region of phones whose record names no
				   country ("US"; NULL: RU) */
	/*
	 * Called (on the calling thread) as the run goes: phase "blocking"
	 * (done = 0, total = records), "comparing" (pairs done of total),
	 * "estimating", "clustering" (0, 0); NULL = none.
	 */
	void (*progress)(void *ctx, const char *phase, size_t done,
	    size_t total);
	void *progress_ctx;
};

#define CRM_DEDUPE_OPTS_INIT { 0.9, 0.5, 0.4, 64, 4, 200, 0, 0, -1, 0, \
	NULL, NULL, NULL }

struct crm_dedupe;

struct crm_dedupe *crm_dedupe_new(const struct crm_dedupe_opts *o);
void crm_dedupe_free(struct crm_dedupe *d);

/*
 * Add a record: vals[role] is its raw value for each role (NULL or "" =
 * none), lens[role] their lengths; source numbers the input (file) it came
 * from.  Values are normalised and copied.  Returns its index (from 0).
 */
size_t crm_dedupe_add(struct crm_dedupe *d, const char *const *vals,
    const size_t *lens, int source);

/* Remember that records a and b (indexes) are not duplicates. */
void crm_dedupe_cannot(struct crm_dedupe *d, size_t a, size_t b);

/*
 * Pin the m and u probabilities of one comparison level (from a settings
 * file): role, level name as crm_dedupe_explain prints it.  -1 if unknown.
 */
int crm_dedupe_pin(struct crm_dedupe *d, int role, const char *level,
    double m, double u);

/* Run the pipeline.  -1 with err on failure (none expected today). */
int crm_dedupe_run(struct crm_dedupe *d, struct crm_err *err);

/* Results, after run. */
size_t crm_dedupe_count(const struct crm_dedupe *d);
/* The smallest index in i's cluster (i itself when alone). */
size_t crm_dedupe_cluster(const struct crm_dedupe *d, size_t i);
size_t crm_dedupe_cluster_size(const struct crm_dedupe *d, size_t i);
/* The best probability linking i inside its cluster; -1 when alone. */
double crm_dedupe_score(const struct crm_dedupe *d, size_t i);

struct crm_dedupe_pair {
	uint32_t a, b;		/* indexes, a < b */
	float p;		/* match probability */
	float weight;		/* match weight, log2 odds */
	int band;		/* enum crm_dd_band */
	int rule;		/* 0, or the hard rule that decided (see explain) */
};

/* Scored pairs in the review and auto bands, by (a, b); borrowed. */
const struct crm_dedupe_pair *crm_dedupe_pairs(const struct crm_dedupe *d,
    size_t *n);

/* One field's part in a pair's score. */
struct crm_dedupe_cmp {
	int role;
	const char *level;	/* "exact", "jw>=0.92", "nickname", "else", "null", ... */
	double weight;		/* log2(m/u) + tf, 0 for null */
	double m, u;
	double tf;		/* term-frequency adjustment in bits (in weight):
				   exact agreement on a common first name,
				   surname, city or e-mail address weighs less,
				   on a rare one more; 0 = none */
};

/*
 * Explain the pair (a, b): up to max field comparisons into out (returns
 * how many), the prior weight into *prior and the hard rule that decided,
 * if any, into *rule (a static string, or NULL).
 */
size_t crm_dedupe_explain(const struct crm_dedupe *d, size_t a, size_t b,
    struct crm_dedupe_cmp *out, size_t max, double *prior, const char **rule);

struct crm_dedupe_stats {
	size_t records;
	size_t candidates;	/* distinct candidate pairs compared */
	size_t review, automatic; /* pairs in each band */
	size_t clusters;	/* clusters of 2 or more */
	size_t in_clusters;	/* records in them */
	size_t blocks_windowed;	/* oversized blocks that were windowed */
	double lambda;		/* EM's share of matches among candidates */
	int em_iterations;
	double t_block, t_compare, t_em, t_cluster;	/* seconds */
	const char *fallback;	/* why the model gave way to the fallback
				   rules ("too few comparable fields", "EM did
				   not converge", "degenerate m/u"), or NULL */
};
void crm_dedupe_get_stats(const struct crm_dedupe *d,
    struct crm_dedupe_stats *st);

#endif
