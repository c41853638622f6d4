/* match: PCRE2 whole-value matching, compile errors, edit distance. */
#include <string.h>

#include "match.h"
#include "tap.h"

static int
m(const char *pattern, int flags, const char *s)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_regex *re = crm_regex_new(pattern, flags, &err);
	int rc;

	if (!re)
		return -1;
	rc = crm_regex_match(re, s, strlen(s), &err);
	crm_regex_free(re);
	return rc;
}

int
main(void)
{
	struct crm_err err = CRM_ERR_INIT;
	struct crm_regex *re;

	ok(m("[0-9]{6}", 0, "101000") == 1, "whole value matches");
	ok(m("[0-9]{6}", 0, "1010001") == 0, "no match past the end");
	ok(m("[0-9]{6}", 0, "x101000") == 0, "no match after the start");
	ok(m("[0-9]{6}", 0, "101000\n") == 0, "a trailing newline does not slip through");
	ok(m("[a-z.]+@[a-z.]+", 0, "test@iana.org\n") == 0, "email with a newline is refused");
	ok(m("^[0-9]+$", 0, "123") == 1, "explicit anchors still work");
	ok(m("\\w+", 0, "Ромашка") == 1, "\\w is Unicode (UCP)");
	ok(m("ооо\\b.*", CRM_RE_CASELESS, "ООО Ромашка") == 1, "caseless Cyrillic with \\b");
	ok(m("[0-9]+", 0, "１２３") == 0, "[0-9] is ASCII only");
	ok(m("ab", CRM_RE_SEARCH, "xxabxx") == 1, "search mode finds inside");
	ok(m("a+", 0, "\xff\xfe") == 0, "invalid UTF-8 never matches");

	re = crm_regex_new("C-([0-9]+", 0, &err);
	ok(re == NULL, "unbalanced parenthesis fails");
	ok(err.column == 10, "the error offset is given (column %ld)", err.column);
	ok(strstr(err.msg, "missing closing parenthesis") != NULL, "message: %s", err.msg);
	ok(err.code == CRM_EUSAGE, "bad pattern is a usage error");

	re = crm_regex_new("(a|b)*c", 0, &err);
	ok(re != NULL, "compiles");
	is(crm_regex_source(re), "(a|b)*c", "keeps its source");
	ok(crm_regex_jit(re) == 0 || crm_regex_jit(re) == 1, "jit flag is 0 or 1");
	ok(crm_regex_match(re, "ababc", 5, &err) == 1, "reused match data 1");
	ok(crm_regex_match(re, "ababd", 5, &err) == 0, "reused match data 2");
	ok(crm_regex_match(re, "c", 1, &err) == 1, "reused match data 3");
	crm_regex_free(re);
	crm_regex_free(NULL);

	/* Catastrophic backtracking: undecided, an error, not a mismatch. */
	re = crm_regex_new("(a|aa)+", 0, &err);
	crm_err_clear(&err);
	ok(re && crm_regex_match(re, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
	    46, &err) == -1, "the match limit is -1, not 0");
	ok(err.code == CRM_EDATA && strstr(err.msg, "limit"), "and says so: %s",
	    err.msg);
	ok(re && crm_regex_match(re, "aaaa", 4, &err) == 1,
	    "the same pattern still matches a short value");
	crm_regex_free(re);

	ok(crm_levenshtein("kitten", 6, "sitting", 7, 5) == 3, "kitten/sitting = 3");
	ok(crm_levenshtein("", 0, "abc", 3, 5) == 3, "empty/abc = 3");
	ok(crm_levenshtein("Реклама", strlen("Реклама"), "Рекламма",
	    strlen("Рекламма"), 2) == 1, "counts code points, not bytes");
	ok(crm_levenshtein("abcdef", 6, "uvwxyz", 6, 2) == 3, "stops at max + 1");
	ok(crm_levenshtein("same", 4, "same", 4, 0) == 0, "equal = 0");
	return done_testing();
}
