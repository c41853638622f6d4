/*
 * match: PCRE2 patterns (compile once, JIT when available, match data
 * reused, whole-value matching) and a bounded Levenshtein distance.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"

struct crm_regex {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	char *source;
	int jit;
};

struct crm_regex *
crm_regex_new(const char *pattern, int flags, struct crm_err *err)
{
	struct crm_regex *re;
	uint32_t opts = flags & CRM_RE_ASCII ? 0 :
	    PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
	int errcode;
	PCRE2_SIZE off;
	PCRE2_UCHAR msg[256];

	if (flags & CRM_RE_PREFIX)
		opts |= PCRE2_ANCHORED;
	else if (!(flags & CRM_RE_SEARCH))
		opts |= PCRE2_ANCHORED | PCRE2_ENDANCHORED;
	else
		opts |= PCRE2_DOLLAR_ENDONLY;
	if (flags & CRM_RE_CASELESS)
		opts |= PCRE2_CASELESS;
	re = xcalloc(1, sizeof *re);
	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    opts, &errcode, &off, NULL);
	if (!re->code) {
		pcre2_get_error_message(errcode, msg, sizeof msg);
		crm_err_set(err, CRM_EUSAGE, NULL, 0, (long)off + 1,
		    "%s at offset %lu", (char *)msg, (unsigned long)off);
		free(re);
		return NULL;
	}
	/* JIT where the library and the CPU have it; the interpreter otherwise. */
	re->jit = pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) == 0;
	re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
	re->mctx = pcre2_match_context_create(NULL);
	/* Bound the work one value can cost (catastrophic backtracking). */
	pcre2_set_match_limit(re->mctx, 1000000);
	pcre2_set_depth_limit(re->mctx, 10000);
	re->source = xstrdup(pattern);
	return re;
}

void
crm_regex_free(struct crm_regex *re)
{
	if (!re)
		return;
	pcre2_match_context_free(re->mctx);
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	free(re->source);
	free(re);
}

/* The JIT's fast path when compiled (invalid UTF-8 is its own concern). */
static int
re_run(struct crm_regex *re, const char *s, size_t n)
{
	if (re->jit)
		return pcre2_jit_match(re->code, (PCRE2_SPTR)(s ? s : ""), n,
		    0, 0, re->md, re->mctx);
	return pcre2_match(re->code, (PCRE2_SPTR)(s ? s : ""), n, 0, 0,
	    re->md, re->mctx);
}

int
crm_regex_match(struct crm_regex *re, const char *s, size_t n,
    struct crm_err *err)
{
	PCRE2_UCHAR msg[256];
	int rc;

	rc = re_run(re, s, n);
	if (rc >= 0)
		return 1;	/* 0: matched, the ovector too small (never here) */
	if (rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_PARTIAL)
		return 0;
	if (pcre2_get_error_message(rc, msg, sizeof msg) < 0)
		snprintf((char *)msg, sizeof msg, "PCRE2 error %d", rc);
	return crm_err_set(err, CRM_EDATA, NULL, 0, 0, "%s", (char *)msg);
}

int
crm_regex_exec(struct crm_regex *re, const char *s, size_t n, size_t *ov,
    int npairs, struct crm_err *err)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE *v;
	uint32_t ngroups;
	int rc, i;

	rc = re_run(re, s, n);
	if (rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_PARTIAL)
		return 0;
	if (rc < 0) {
		if (pcre2_get_error_message(rc, msg, sizeof msg) < 0)
			snprintf((char *)msg, sizeof msg, "PCRE2 error %d", rc);
		return crm_err_set(err, CRM_EDATA, NULL, 0, 0, "%s",
		    (char *)msg);
	}
	if (rc == 0)		/* the ovector too small: never, it fits */
		rc = (int)pcre2_get_ovector_count(re->md);
	pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &ngroups);
	if ((uint32_t)npairs > ngroups + 1)
		npairs = (int)ngroups + 1;
	v = pcre2_get_ovector_pointer(re->md);
	for (i = 0; i < npairs; i++) {
		int set = i < rc && v[2 * i] != PCRE2_UNSET;

		ov[2 * i] = set ? (size_t)v[2 * i] : CRM_RE_UNSET;
		ov[2 * i + 1] = set ? (size_t)v[2 * i + 1] : CRM_RE_UNSET;
	}
	return npairs;
}

int
crm_regex_jit(const struct crm_regex *re)
{
	return re->jit;
}

const char *
crm_regex_source(const struct crm_regex *re)
{
	return re->source;
}

/* Decode s into code points (invalid bytes count as themselves). */
static size_t
codepoints(const char *s, size_t n, long *out)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t k = 0;

	while (p < end) {
		long cp = *p;
		int len = 1, i;

		if (cp >= 0xf0 && cp < 0xf8)
			len = 4, cp &= 0x07;
		else if (cp >= 0xe0)
			len = cp < 0xf0 ? 3 : 1;
		else if (cp >= 0xc0)
			len = 2, cp &= 0x1f;
		if (len == 3)
			cp &= 0x0f;
		if (p + len > end)
			len = 1, cp = *p;
		for (i = 1; i < len; i++) {
			if ((p[i] & 0xc0) != 0x80) {
				len = 1;
				cp = *p;
				break;
			}
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		out[k++] = cp;
		p += len;
	}
	return k;
}

size_t
crm_levenshtein(const char *a, size_t an, const char *b, size_t bn, size_t max)
{
	long abuf[64], bbuf[64], *ac, *bc;
	size_t rowbuf[65], *row, na, nb, i, j, best, result;

	ac = an <= 64 ? abuf : xreallocarray(NULL, an, sizeof *ac);
	bc = bn <= 64 ? bbuf : xreallocarray(NULL, bn, sizeof *bc);
	na = codepoints(a, an, ac);
	nb = codepoints(b, bn, bc);
	row = nb < 65 ? rowbuf : xreallocarray(NULL, nb + 1, sizeof *row);
	result = (na > nb ? na - nb : nb - na);
	if (result > max) {
		result = max + 1;
		goto out;
	}
	for (j = 0; j <= nb; j++)
		row[j] = j;
	for (i = 1; i <= na; i++) {
		size_t diag = row[0];

		row[0] = i;
		best = row[0];
		for (j = 1; j <= nb; j++) {
			size_t up = row[j], v;

			v = diag + (ac[i - 1] != bc[j - 1]);
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			diag = up;
			row[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max) {
			result = max + 1;
			goto out;
		}
	}
	result = row[nb] > max ? max + 1 : row[nb];
out:
	if (row != rowbuf)
		free(row);
	if (ac != abuf)
		free(ac);
	if (bc != bbuf)
		free(bc);
	return result;
}
