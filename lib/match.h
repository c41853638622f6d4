/*
 * match: PCRE2 patterns for the rules (the only module that includes
 * <pcre2.h>) and an edit distance for nearest-value suggestions.
 *
 * A crm_regex is compiled once with PCRE2_UTF|PCRE2_UCP, JIT-compiled when
 * the library supports it (else the interpreter is used), and always
 * matches the whole value (PCRE2_ANCHORED|PCRE2_ENDANCHORED): "^" and "$"
 * are not needed, and a trailing newline never slips through.  Its match
 * data is reused, so one crm_regex must not be used by two threads at once.
 */
#ifndef CRM_MATCH_H
#define CRM_MATCH_H

#include <stddef.h>

#include "util.h"

enum {
	CRM_RE_CASELESS = 1 << 0,	/* case-insensitive (Unicode) */
	CRM_RE_SEARCH = 1 << 1,		/* match anywhere, not the whole value */
	CRM_RE_PREFIX = 1 << 2,		/* match at the start, any length */
	CRM_RE_ASCII = 1 << 3		/* bytes, \d = [0-9]: for ASCII-only text */
};

struct crm_regex;

/*
 * Compile pattern.  On error returns NULL and fills err: code CRM_EUSAGE,
 * column = 1-based offset in the pattern where PCRE2 stopped, msg = its
 * message ("missing closing parenthesis at offset 4").
 */
struct crm_regex *crm_regex_new(const char *pattern, int flags,
    struct crm_err *err);
void crm_regex_free(struct crm_regex *re);

/*
 * 1 if s matches, 0 if not (invalid UTF-8 never matches), -1 when the
 * match could not be decided: PCRE2 stopped at its match limit (1,000,000
 * backtracking steps) or depth limit (10,000), the signs of catastrophic
 * backtracking, or failed otherwise.  Then err gets CRM_EDATA and PCRE2's
 * message ("match limit exceeded"); the caller names the rule and value.
 */
int crm_regex_match(struct crm_regex *re, const char *s, size_t n,
    struct crm_err *err);
/*
 * Match s and report where: ov[2k], ov[2k+1] are the start and end of
 * group k (group 0 the whole match), both CRM_RE_UNSET for a group that
 * took no part.  Fills min(groups + 1, npairs) pairs and returns that
 * count; 0 when s does not match, -1 when the match could not be decided
 * (as crm_regex_match(), err filled).
 */
#define CRM_RE_UNSET ((size_t)-1)
int crm_regex_exec(struct crm_regex *re, const char *s, size_t n,
    size_t *ov, int npairs, struct crm_err *err);
/* 1 if the JIT compiler is in use. */
int crm_regex_jit(const struct crm_regex *re);
const char *crm_regex_source(const struct crm_regex *re);

/*
 * Levenshtein distance between a and b in code points (invalid UTF-8
 * bytes count as one each).  Stops early and returns max + 1 when the
 * distance is known to exceed max.
 */
size_t crm_levenshtein(const char *a, size_t an, const char *b, size_t bn,
    size_t max);

#endif
