/*
 * norm: company names and legal forms.  Shared helpers: norm_int.h.
 *
 * Decisions the header leaves open, written down here:
 * - Companies: a form is looked for before the name (the longest match),
 *   else after it; two-letter forms such as ПК, ПО, КП count only next to
 *   a quoted name; a value quoted whole is looked into.  Latin look-alike
 *   letters are read as Cyrillic inside a mixed-script token, and in an
 *   all-Latin one only for OOO and OAO ("TOO Good Ltd" stays English).
 */
#include "legal_forms.h"
#include "norm_int.h"

static int
quote_open(long cp)
{
	return cp == 0xab || cp == 0x201e || cp == 0x201c || cp == '"';
}

static int
quote_close(long cp)
{
	return cp == 0xbb || cp == 0x201c || cp == 0x201d || cp == '"';
}

static int
is_quote(long cp)
{
	return quote_open(cp) || quote_close(cp);
}

/* Do the quotes of s nest properly? Ambiguous " and “ open after a space. */
static int
quotes_balanced(const char *s, size_t n)
{
	size_t i;
	int depth = 0, len, opens, after_space = 1;
	long cp;

	for (i = 0; i < n; i += (size_t)len) {
		len = dec(s + i, n - i, &cp);
		if (is_quote(cp)) {
			if (cp == 0xab || cp == 0x201e)
				opens = 1;
			else if (cp == 0xbb || cp == 0x201d)
				opens = 0;
			else
				opens = after_space && i + (size_t)len < n &&
				    s[i + (size_t)len] != ' ';
			if (opens)
				depth++;
			else if (--depth < 0)
				return 0;
		}
		after_space = cp == ' ' || cp == '(' || quote_open(cp);
	}
	return depth == 0;
}

/* Strip one level of outer quotes from (s, n); an unpaired one too. */
static void
strip_quotes(const char **sp, size_t *np)
{
	const char *s = *sp;
	size_t n = *np, i, j, nq = 0;
	long a, b, cp;
	int la, len;

	if (n == 0)
		return;
	la = dec(s, n, &a);
	j = prev_start(s, n);
	dec(s + j, n - j, &b);
	for (i = 0; i < n; i += (size_t)len) {
		len = dec(s + i, n - i, &cp);
		nq += is_quote(cp);
	}
	if (j >= (size_t)la && quote_open(a) && quote_close(b) &&
	    quotes_balanced(s + la, j - (size_t)la)) {
		s += la;
		n = j - (size_t)la;
	} else if (nq == 1 && quote_open(a)) {
		s += la;
		n -= (size_t)la;
	} else if (nq == 1 && quote_close(b)) {
		n = j;
	}
	trim(&s, &n);
	*sp = s;
	*np = n;
}

static int
is_cyrillic_spelling(const char *p)
{
	return (unsigned char)p[0] >= 0x80;
}

/* Letters in a spelling. */
static size_t
letters(const char *p)
{
	size_t i, k = 0, n = strlen(p);
	long cp;
	int len;

	for (i = 0; i < n; i += (size_t)len) {
		len = dec(p + i, n - i, &cp);
		k += crm_utf8_isletter_cp(cp);
	}
	return k;
}

/*
 * Does the spelling match t at its start?  The bytes it took, or 0.  Case
 * rules apply when strict (in a name, not in crm_norm_legal_form).
 */
static size_t
match_spelling(const char *t, size_t tn, const struct crm_legal_spelling *sp,
    int strict)
{
	size_t m, i, nl;
	int homo = is_cyrillic_spelling(sp->text), ascii_letter = 0, lower = 0;
	int cyr_letter = 0;
	int len;
	long cp;

	if (!(m = fold_prefix(t, tn, sp->text, homo)))
		return 0;
	if (homo || (strict && (sp->flags & CRM_LF_CASE))) {
		for (i = 0; i < m; i += (size_t)len) {
			len = dec(t + i, m - i, &cp);
			if (cp < 0x80 && crm_utf8_isletter_cp(cp))
				ascii_letter = 1;
			else if (cp >= 0x400 && cp <= 0x4ff)
				cyr_letter = 1;
			if (upper_cp(cp) != cp)
				lower = 1;
		}
		nl = letters(sp->text);
		if (homo && ascii_letter && (nl < 3 || (!cyr_letter &&
		    strcmp(sp->text, "ООО") && strcmp(sp->text, "ОАО"))))
			return 0;	/* Latin OOO, OAO only: "TOO Good" */
		if (strict && (sp->flags & CRM_LF_CASE) && lower &&
		    (m != strlen(sp->text) || memcmp(t, sp->text, m)))
			return 0;
	}
	return m;
}

/* Index of the first spelling whose folded first letter is f (sorted table). */
static size_t
spelling_lower_bound(long f)
{
	size_t lo = 0, hi = crm_legal_nspellings, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (crm_legal_spellings[mid].first < f)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The ranges of the table that may match at a letter cp: spellings that
 * start with it folded, and (for a Latin look-alike) with its Cyrillic
 * twin.  Latin spellings start below U+0400 and Cyrillic ones above, so
 * the twin range holds Cyrillic spellings only.  Returns the count.
 */
static int
candidates(long cp, size_t lo[2], size_t hi[2])
{
	long f[2];
	int k, nr = 0;

	f[0] = fold_cp(cp, 0);
	f[1] = fold_cp(cp, 1);
	for (k = 0; k < 2; k++) {
		if (k == 1 && f[1] == f[0])
			break;
		lo[nr] = spelling_lower_bound(f[k]);
		hi[nr] = spelling_lower_bound(f[k] + 1);
		nr++;
	}
	return nr;
}

const char *
crm_norm_legal_form(const char *s, size_t n)
{
	const struct crm_legal_spelling *sp;
	size_t i, lo[2], hi[2];
	long cp;
	int r, nr;

	trim(&s, &n);
	if (n == 0)
		return NULL;
	dec(s, n, &cp);
	nr = candidates(cp, lo, hi);
	for (r = 0; r < nr; r++)
		for (i = lo[r]; i < hi[r]; i++) {
			sp = &crm_legal_spellings[i];
			if (match_spelling(s, n, sp, 0) == n)
				return sp->abbr;
		}
	return NULL;
}

/* Skip spaces (and commas, dashes, colons when punct) from i on. */
static size_t
skip_fwd(const char *t, size_t n, size_t i, int punct)
{
	long cp;
	int len;

	while (i < n) {
		len = dec(t + i, n - i, &cp);
		if (!(cp == ' ' || (punct && (cp == ',' || cp == '-' ||
		    cp == ':' || cp == 0x2013 || cp == 0x2014))))
			break;
		i += (size_t)len;
	}
	return i;
}

/* Strip spaces and punct (commas, dashes) before n. */
static size_t
skip_back(const char *t, size_t n)
{
	size_t j;
	long cp;

	while (n > 0) {
		j = prev_start(t, n);
		dec(t + j, n - j, &cp);
		if (!(cp == ' ' || cp == ',' || cp == '-' || cp == 0x2013 ||
		    cp == 0x2014))
			break;
		n = j;
	}
	return n;
}

/* May a prefix form end at t[m]? */
static int
prefix_boundary(const char *t, size_t n, size_t m, unsigned flags)
{
	long cp;

	if (m == n)
		return 1;
	if ((unsigned char)t[m - 1] == '.' && !(flags & CRM_LF_AMBIG))
		return 1;
	dec(t + m, n - m, &cp);
	if (flags & CRM_LF_AMBIG) {
		m = skip_fwd(t, n, m, 0);
		if (m == n)
			return 1;
		dec(t + m, n - m, &cp);
		return quote_open(cp);
	}
	return cp == ' ' || cp == ',' || cp == ':' || cp == '(' ||
	    is_quote(cp);
}

/* May a suffix form start at t[pos]? */
static int
suffix_boundary(const char *t, size_t pos, unsigned flags)
{
	size_t j;
	long cp;

	if (pos == 0)
		return 1;
	j = prev_start(t, pos);
	dec(t + j, pos - j, &cp);
	if (!(cp == ' ' || cp == ',' || quote_close(cp)))
		return 0;
	if (!(flags & CRM_LF_AMBIG))
		return 1;
	pos = skip_back(t, pos);
	if (pos == 0)
		return 1;
	j = prev_start(t, pos);
	dec(t + j, pos - j, &cp);
	return quote_close(cp);
}

/*
 * Does "&" (or "and", "und", "и") stand right before pos?  Then what
 * follows is part of the name ("Gekko & Co", "Smith and Sons"), not its
 * legal form.
 */
static int
after_ampersand(const char *t, size_t pos)
{
	static const char *const words[] = { "and", "und", "и", "e", "y", NULL };
	size_t e = pos, b, i;

	while (e && (t[e - 1] == ' ' || t[e - 1] == ','))
		e--;
	if (e && t[e - 1] == '&')
		return 1;
	for (b = e; b && t[b - 1] != ' '; b--)
		;
	for (i = 0; words[i]; i++)
		if (e - b == strlen(words[i]) && b > 0 &&
		    fold_prefix(t + b, e - b, words[i], 0) == e - b)
			return 1;
	return 0;
}

/*
 * Find a legal form before or after the name in (t, tn); the bare name
 * (quotes not yet stripped) goes to (*r, *rn).  NULL when there is none.
 */
static const struct crm_legal_spelling *
find_form(const char *t, size_t tn, const char **r, size_t *rn)
{
	const struct crm_legal_spelling *sp, *found = NULL;
	size_t i, m, best = 0, pos, end, lo[2], hi[2];
	int len, q, nr;
	long cp;

	*r = t;
	*rn = tn;
	if (tn == 0)
		return NULL;
	/* a form before the name: the longest one */
	dec(t, tn, &cp);
	nr = candidates(cp, lo, hi);
	for (q = 0; q < nr; q++)
		for (i = lo[q]; i < hi[q]; i++) {
			sp = &crm_legal_spellings[i];
			if (sp->flags & (CRM_LF_SUFFIX | CRM_LF_LOOKUP))
				continue;
			m = match_spelling(t, tn, sp, 1);
			if (m > best && prefix_boundary(t, tn, m, sp->flags)) {
				best = m;
				found = sp;
			}
		}
	if (found) {
		i = skip_fwd(t, tn, best, 1);
		*r = t + i;
		*rn = tn - i;
		return found;
	}
	/* a form after the name: the leftmost one reaching the end */
	end = skip_back(t, tn);
	for (pos = 0; pos < end; pos += (size_t)len) {
		len = dec(t + pos, end - pos, &cp);
		if (!suffix_boundary(t, pos, 0))
			continue;
		nr = candidates(cp, lo, hi);
		for (q = 0; q < nr; q++)
			for (i = lo[q]; i < hi[q]; i++) {
				sp = &crm_legal_spellings[i];
				if (sp->flags & (CRM_LF_PREFIX | CRM_LF_LOOKUP) ||
				    sp->text[0] == '&')
					continue;
				m = match_spelling(t + pos, end - pos, sp, 1);
				if (m == end - pos &&
				    suffix_boundary(t, pos, sp->flags) &&
				    !after_ampersand(t, pos)) {
					*rn = skip_back(t, pos);
					return sp;
				}
			}
	}
	return NULL;
}

int
crm_norm_company(const char *s, size_t n, struct crm_buf *name,
    struct crm_buf *form, const char **why)
{
	const struct crm_legal_spelling *found;
	size_t start = name->len, tn, rn, qn;
	const char *t, *r, *q;

	if (crm_norm_text(s, n, name, why) < 0)
		return -1;
	t = name->buf + start;
	tn = name->len - start;
	if (tn == 0)
		return fail(why, "empty");
	found = find_form(t, tn, &r, &rn);
	if (!found) {
		/* the whole value in quotes: "ООО Ромашка" */
		q = t;
		qn = tn;
		strip_quotes(&q, &qn);
		if (qn < tn && (found = find_form(q, qn, &r, &rn)) == NULL) {
			r = t;
			rn = tn;
		}
	}
	strip_quotes(&r, &rn);
	if (rn == 0) {
		crm_buf_setlen(name, start);
		return fail(why, found ? "legal form only" : "empty");
	}
	memmove(name->buf + start, r, rn);
	crm_buf_setlen(name, start + rn);
	if (found)
		crm_buf_adds(form, found->abbr);
	return 0;
}
