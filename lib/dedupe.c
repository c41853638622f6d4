/*
 * dedupe: roles, the dedupe object, and the run that ties the parts
 * together (dedupe.h): records (dedupe_rec.c), comparison (dedupe_compare.c),
 * blocking (dedupe_block.c), Fellegi-Sunter scoring with EM and term
 * frequencies (dedupe_model.c), clustering (dedupe_cluster.c).
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dedupe_int.h"

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

struct crm_dedupe *
crm_dedupe_new(const struct crm_dedupe_opts *o)
{
	struct crm_dedupe *d = xcalloc(1, sizeof *d);
	struct crm_dedupe_opts def = CRM_DEDUPE_OPTS_INIT;

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
	return d;
}

void
crm_dedupe_free(struct crm_dedupe *d)
{
	size_t i;

	if (!d)
		return;
	crm_simil_names_free(d->names);
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
		j->rules[k] = (uint8_t)dd_compare(j->d, (uint32_t)(j->p[k] >> 32),
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
		dd_radix64(d->cannot, NULL, d->ncannot, 64);
	}

	report(d, "blocking", 0, d->n);
	t0 = crm_now();
	dd_block(d, &pv);
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
	dd_init_m(d);
	dd_estimate_u(d);
	/* Pattern counts (pairs decided by a hard rule stay out of EM). */
	pt = dd_count_patterns(pats, rules, pv.n, &np);
	dd_em(d, pt, np);
	dd_weights(d);
	dd_tf_weights(d);
	/* The date rule: given, or when the data's dates are reliable. */
	d->hard_dob = d->o.hard_dob == 1 || (d->o.hard_dob < 0 &&
	    d->active[F_DOB] && d->m[F_DOB][D_ELSE] + d->m[F_DOB][D_10Y] +
	    d->m[F_DOB][D_1Y] + d->m[F_DOB][D_1M] < 0.02);
	if (d->hard_dob)
		for (k = 0; k < pv.n; k++) {
			int l2[NF], f;

			for (f = 0; f < NF; f++)
				l2[f] = plev(pats[k], f);
			if (rules[k] == R_NONE && dd_dob_rule(l2))
				rules[k] = R_DOB_DIFF;
		}
	/* A model that cannot be estimated gives way to the fallback rules. */
	d->fallback = dd_model_failure(d);
	d->st.fallback = d->fallback;
	if (d->fallback)
		for (k = 0; k < pv.n; k++) {
			int l2[NF], f;

			for (f = 0; f < NF; f++)
				l2[f] = plev(pats[k], f);
			if (rules[k] == R_NONE)
				rules[k] = (uint8_t)dd_fallback_rule(d,
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
			double w = dd_pattern_weight(d, pats[k]), pr;

			if (dd_below_review(d, rules[k], w))
				continue;
			w += dd_tf_total(d, (uint32_t)(pv.p[k] >> 32),
			    (uint32_t)pv.p[k], pats[k]);
			pr = dd_pair_prob(d, rules[k], w);

			if (pr >= d->o.t_review || rules[k] >= R_INN_DIFF)
				cnt++;
		}
		d->pairs = xmalloc((cnt ? cnt : 1) * sizeof *d->pairs);
	}
	for (k = 0; k < pv.n; k++) {
		struct crm_dedupe_pair q, *p = &q;
		double w = dd_pattern_weight(d, pats[k]), pr;

		if (dd_below_review(d, rules[k], w))
			continue;	/* ignored, and not kept */
		w += dd_tf_total(d, (uint32_t)(pv.p[k] >> 32), (uint32_t)pv.p[k],
		    pats[k]);
		pr = dd_pair_prob(d, rules[k], w);
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
	dd_cluster(d);
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
	rl = dd_compare(d, (uint32_t)a, (uint32_t)b, lv);
	if (d->fallback && rl == R_NONE)
		rl = dd_fallback_rule(d, (uint32_t)a, (uint32_t)b, lv);
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
				out[k].tf = dd_tf_adjust(d, t, &d->r[a], &d->r[b], lv[f]);
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
