/*
 * rules: the compiled rules (rules_int.h) and their lifetime.  The parts:
 * rules_load.c reads and compiles a rules file (Jansson, strict),
 * rules_builtin.c holds the builtin files, rules_eval.c checks records
 * against the rules (crm-validate), rules_summary.c reports a run.  See
 * rules.h and crm-rules(5).
 */
#include <stdlib.h>

#include "match.h"
#include "rules_int.h"

const char *
crm_severity_name(int sev)
{
	return sev == CRM_SEV_ERROR ? "error" : sev == CRM_SEV_WARNING ?
	    "warning" : "info";
}

static void
list_release(struct rlist *l)
{
	free(l->name);
	strv_release(&l->values);
	strv_release(&l->folded_values);
	crm_hmap_release(&l->exact);
	crm_hmap_release(&l->folded);
	free(l->expected);
}

static void
field_release(struct rfield *f)
{
	free(f->name);
	free(f->min_s);
	free(f->max_s);
	crm_regex_free(f->re);
	if (f->own) {
		list_release(f->own);
		free(f->own);
	}
	strv_release(&f->missing);
	free(f->decimal);
	free(f->group);
	strv_release(&f->truev);
	strv_release(&f->falsev);
	free(f->message);
}

void
crm_rules_free(struct crm_rules *R)
{
	size_t i, j;

	if (!R)
		return;
	for (i = 0; i < R->nents; i++) {
		struct rentity *e = &R->ents[i];

		for (j = 0; j < e->nfields; j++)
			field_release(&e->fields[j]);
		free(e->fields);
		for (j = 0; j < e->naliases; j++) {
			free(e->aliases[j].label);
			free(e->aliases[j].field);
		}
		free(e->aliases);
		for (j = 0; j < e->nfks; j++) {
			free(e->fks[j].field);
			free(e->fks[j].ref);
			strv_release(&e->fks[j].cols);
			free(e->fks[j].message);
			free(e->fks[j].expected);
		}
		free(e->fks);
		for (j = 0; j < e->nrules; j++) {
			struct rrule *r = &e->rules[j];

			free(r->id);
			free(r->message);
			free(r->when_field);
			strv_release(&r->when_values);
			crm_regex_free(r->when_re);
			strv_release(&r->fields);
		}
		free(e->rules);
		free(e->name);
	}
	free(R->ents);
	for (i = 0; i < R->nlists; i++)
		list_release(&R->lists[i]);
	free(R->lists);
	strv_release(&R->missing);
	free(R->name);
	free(R);
}

const char *
crm_rules_name(const struct crm_rules *R)
{
	return R->name;
}
