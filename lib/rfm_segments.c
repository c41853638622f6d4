/*
 * rfm_segments: load a segments table from a file through the record
 * reader (io.h), so a JSON array of objects, JSON Lines and CSV all work.
 * One rule per record: name, r, f, m, action, fallback.  See rfm.h.
 */
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "rfm.h"

struct loaded {
	struct crm_rfm_segments s;	/* first: crm_rfm_segments_free casts */
	struct crm_rfm_rule *rules;
	char **strs;
	size_t nstrs;
};

static const char *
keep(struct loaded *l, const char *s)
{
	l->strs = xreallocarray(l->strs, l->nstrs + 1, sizeof *l->strs);
	l->strs[l->nstrs] = xstrdup(s);
	return l->strs[l->nstrs++];
}

static int
num(const char **p, int *v)
{
	long n = 0;
	int any = 0;

	while (**p == ' ')
		(*p)++;
	while (**p >= '0' && **p <= '9' && n < 1000) {
		n = n * 10 + (**p - '0');
		(*p)++;
		any = 1;
	}
	while (**p == ' ')
		(*p)++;
	if (!any || n < 1 || n > CRM_RFM_MAXBINS)
		return -1;
	*v = (int)n;
	return 0;
}

int
crm_rfm_parse_range(const char *s, int *lo, int *hi)
{
	const char *p = s;

	while (*p == ' ')
		p++;
	if (!*p || !strcmp(p, "*") || !strcmp(p, "any") || !strcmp(p, "null")) {
		*lo = *hi = 0;
		return 0;
	}
	if (!strncmp(p, "<=", 2)) {
		p += 2;
		*lo = 1;
		if (num(&p, hi) < 0 || *p)
			return -1;
		return 0;
	}
	if (!strncmp(p, ">=", 2)) {
		p += 2;
		*hi = CRM_RFM_MAXBINS;
		if (num(&p, lo) < 0 || *p)
			return -1;
		return 0;
	}
	if (*p == '[') {
		p++;
		if (num(&p, lo) < 0)
			return -1;
		if (*p == ']') {
			*hi = *lo;
			p++;
		} else {
			if (*p++ != ',' || num(&p, hi) < 0 || *p++ != ']')
				return -1;
		}
		while (*p == ' ')
			p++;
		return *p || *lo > *hi ? -1 : 0;
	}
	if (num(&p, lo) < 0)
		return -1;
	if (!*p) {
		*hi = *lo;
		return 0;
	}
	if (*p == '-')
		p++;
	else if (!strncmp(p, "..", 2))
		p += 2;
	else
		return -1;
	if (num(&p, hi) < 0 || *p || *lo > *hi)
		return -1;
	return 0;
}

static int
truthy(const char *v)
{
	return v && (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1"));
}

void
crm_rfm_segments_free(struct crm_rfm_segments *s)
{
	struct loaded *l = (struct loaded *)s;
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->nstrs; i++)
		free(l->strs[i]);
	free(l->strs);
	free(l->rules);
	free(l);
}

struct crm_rfm_segments *
crm_rfm_segments_load(const char *path, struct crm_err *err)
{
	static const char *const rfmk[3] = { "r", "f", "m" };
	struct crm_reader_opts ro = CRM_READER_OPTS_INIT;
	struct crm_reader *rd;
	struct crm_record *rec;
	struct loaded *l;
	size_t cap = 0;
	int st, k;

	if (!(rd = crm_reader_open(path, &ro, err)))
		return NULL;
	l = xcalloc(1, sizeof *l);
	l->s.name = keep(l, path);
	l->s.fallback = "Others";
	l->s.fallback_action = "review: no segment rule matched";
	while ((st = crm_reader_next(rd, &rec, err)) != 0) {
		struct crm_rfm_rule *r;
		const char *name, *v;

		if (st < 0 || st == 2)
			goto fail;
		name = crm_record_value(rec, "name");
		if (!name || !*name) {
			crm_err_set(err, CRM_EUSAGE, path, rec->line, 0,
			    "segment rule without a name");
			goto fail;
		}
		if (truthy(crm_record_value(rec, "fallback"))) {
			l->s.fallback = keep(l, name);
			v = crm_record_value(rec, "action");
			l->s.fallback_action = v ? keep(l, v) : "";
			continue;
		}
		if (l->s.n == cap) {
			cap = cap ? cap * 2 : 16;
			l->rules = xreallocarray(l->rules, cap, sizeof *l->rules);
		}
		r = &l->rules[l->s.n];
		memset(r, 0, sizeof *r);
		r->name = keep(l, name);
		v = crm_record_value(rec, "action");
		r->action = v ? keep(l, v) : "";
		for (k = 0; k < 3; k++) {
			v = crm_record_value(rec, rfmk[k]);
			if (crm_rfm_parse_range(v ? v : "", &r->lo[k],
			    &r->hi[k]) < 0) {
				crm_err_set(err, CRM_EUSAGE, path, rec->line, 0,
				    "segment '%s': bad %s range '%s' (want like "
				    "\"4-5\", \"5\", \"<=2\" or \"*\", scores 1-%d)",
				    name, rfmk[k], v, CRM_RFM_MAXBINS);
				goto fail;
			}
		}
		l->s.n++;
	}
	if (!l->s.n) {
		crm_err_set(err, CRM_EUSAGE, path, 0, 0, "no segment rules");
		goto fail;
	}
	l->s.rules = l->rules;
	crm_reader_free(rd);
	return &l->s;
fail:
	crm_reader_free(rd);
	crm_rfm_segments_free(&l->s);
	return NULL;
}
