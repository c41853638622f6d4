/*
 * norm_int.h: what the normalisers of lib/norm*.c share, private to them:
 * failing with a reason, decoding, white space and trimming, case folding,
 * scratch copies, Excel artefacts.  Static inline, so that every module
 * keeps them inlined on the row path.
 */
#ifndef CRM_NORM_INT_H
#define CRM_NORM_INT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "norm.h"
#include "utf8.h"

#define SCRATCH 512

static inline int
fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -1;
}

static inline int
all_ascii(const char *s, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8)
		if (crm_word(s + i) & CRM_BYTES(0x80))
			return 0;
	for (; i < n; i++)
		if ((unsigned char)s[i] & 0x80)
			return 0;
	return 1;
}

/* Decode at s; an invalid byte gives cp -1 and length 1. */
static inline int
dec(const char *s, size_t n, long *cp)
{
	int len;

	if (!((unsigned char)s[0] & 0x80)) {
		*cp = (unsigned char)s[0];
		return 1;
	}
	if ((unsigned char)s[0] >= 0xc2 && (unsigned char)s[0] <= 0xdf &&
	    n >= 2 && ((unsigned char)s[1] & 0xc0) == 0x80) {
		*cp = ((long)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
		return 2;
	}
	if ((len = crm_utf8_decode(s, n, cp)) < 0) {
		*cp = -1;
		return 1;
	}
	return len;
}

/* Start of the code point that ends at s[i - 1]. */
static inline size_t
prev_start(const char *s, size_t i)
{
	size_t j = i - 1;

	while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xc0) == 0x80)
		j--;
	return j;
}

static inline void
add_cp(struct crm_buf *b, long cp)
{
	crm_buf_grow(b, 4);
	b->len += (size_t)crm_utf8_encode(cp, b->buf + b->len);
	b->buf[b->len] = '\0';
}

/* Spaces that become ' ' (tab, NBSP, the Unicode Zs spaces). */
static inline int
is_space(long cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xa0 || cp == 0x1680 ||
	    (cp >= 0x2000 && cp <= 0x200a) || cp == 0x202f || cp == 0x205f ||
	    cp == 0x3000;
}

/* Removed: zero-width space and joiners, word joiner, BOM, soft hyphen. */
static inline int
is_invisible(long cp)
{
	return (cp >= 0x200b && cp <= 0x200d) || cp == 0x2060 ||
	    cp == 0xfeff || cp == 0xad;
}

static inline int
is_trim(long cp)
{
	return is_space(cp) || is_invisible(cp) || cp == '\r' ||
	    cp == '\n' || cp == '\v' || cp == '\f';
}

/*
 * Does s begin (last = 0) or end with visible ASCII or a two-byte
 * character past U+00BF (no white space or invisible character is
 * either)?  Most values do.
 */
static inline int
plain_end(const char *s, size_t n, int last)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char c = last ? p[n - 1] : p[0];

	if (c > ' ' && c < 0x7f)
		return 1;
	if (n < 2)
		return 0;
	if (last)
		return (c & 0xc0) == 0x80 && p[n - 2] >= 0xc3 && p[n - 2] <= 0xdf;
	return c >= 0xc3 && c <= 0xdf && (p[1] & 0xc0) == 0x80;
}

/* Strip white space, line breaks and invisible characters at both ends. */
static inline void
trim(const char **sp, size_t *np)
{
	const char *s = *sp;
	size_t n = *np, i = 0, j;
	long cp;
	int len;

	if (n && plain_end(s, n, 0) && plain_end(s, n, 1))
		return;
	while (i < n) {
		len = dec(s + i, n - i, &cp);
		if (!is_trim(cp))
			break;
		i += (size_t)len;
	}
	while (n > i) {
		j = prev_start(s, n);
		if (j < i)
			j = i;
		dec(s + j, n - j, &cp);
		if (!is_trim(cp))
			break;
		n = j;
	}
	*sp = s + i;
	*np = n - i;
}

/* Lower/upper case of one code point, quick for ASCII and Cyrillic. */
static inline long
lower_cp(long cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	if (cp >= 0x410 && cp <= 0x42f)
		return cp + 0x20;
	if (cp >= 0x400 && cp <= 0x40f)
		return cp + 0x50;
	if (cp >= 0x430 && cp <= 0x45f)
		return cp;
	return cp < 0 ? cp : crm_utf8_tolower_cp(cp);
}

static inline long
upper_cp(long cp)
{
	if (cp < 0x80)
		return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
	if (cp >= 0x430 && cp <= 0x44f)
		return cp - 0x20;
	if (cp >= 0x450 && cp <= 0x45f)
		return cp - 0x50;
	if (cp >= 0x400 && cp <= 0x42f)
		return cp;
	return cp < 0 ? cp : crm_utf8_toupper_cp(cp);
}

static inline int
is_digit_cp(long cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 0xff10 && cp <= 0xff19);
}

static inline int
digit_val(long cp)
{
	return cp >= 0xff10 ? (int)(cp - 0xff10) : (int)(cp - '0');
}

/* Latin letters that look like Cyrillic ones, read as Cyrillic. */
static inline long
homoglyph(long cp)
{
	static const char lat[] = "ABCEHKMOPTXYaceopxy";
	static const unsigned short cyr[] = {
		0x410, 0x412, 0x421, 0x415, 0x41d, 0x41a, 0x41c, 0x41e, 0x420,
		0x422, 0x425, 0x423, 0x430, 0x441, 0x435, 0x43e, 0x440, 0x445,
		0x443
	};
	const char *p;

	if (cp > 0 && cp < 0x80 && (p = strchr(lat, (int)cp)))
		return cyr[p - lat];
	return cp;
}

/* Fold for matching: lower case, ё as е; homo reads look-alikes as Cyrillic. */
static inline long
fold_cp(long cp, int homo)
{
	if (homo)
		cp = homoglyph(cp);
	cp = lower_cp(cp);
	return cp == 0x451 ? 0x435 : cp;
}

/*
 * If t starts with pat (folded), the bytes of t that matched, else 0.
 * pat is static, valid UTF-8 and not empty.
 */
static inline size_t
fold_prefix(const char *t, size_t tn, const char *pat, int homo)
{
	size_t i = 0, j = 0;
	long a, b;
	int la;

	while (pat[j]) {
		if (i >= tn)
			return 0;
		if (!((unsigned char)pat[j] & 0x80)) {
			a = (unsigned char)pat[j++];
			if (!((unsigned char)t[i] & 0x80) && !homo) {
				b = (unsigned char)t[i++];
				if (a != b && lower_cp(a) != lower_cp(b))
					return 0;
				continue;
			}
		} else if (((unsigned char)pat[j] & 0xe0) == 0xc0) {
			a = ((long)(pat[j] & 0x1f) << 6) | (pat[j + 1] & 0x3f);
			j += 2;
		} else {
			la = crm_utf8_decode(pat + j, 4, &a);
			j += (size_t)(la > 0 ? la : 1);
		}
		if (((unsigned char)t[i] & 0xe0) == 0xc0 && i + 1 < tn &&
		    ((unsigned char)t[i + 1] & 0xc0) == 0x80 &&
		    (unsigned char)t[i] >= 0xc2) {
			b = ((long)(t[i] & 0x1f) << 6) | (t[i + 1] & 0x3f);
			i += 2;
		} else
			i += (size_t)dec(t + i, tn - i, &b);
		if (b < 0 || fold_cp(a, 0) != fold_cp(b, homo))
			return 0;
	}
	return i;
}

/* A scratch copy: on the stack when small. */
struct scratch {
	char stack[SCRATCH];
	char *p;
};

static inline char *
scratch_copy(struct scratch *sc, const char *s, size_t n)
{
	sc->p = n <= SCRATCH ? sc->stack : xmalloc(n);
	memcpy(sc->p, s, n);
	return sc->p;
}

static inline void
scratch_free(struct scratch *sc)
{
	if (sc->p != sc->stack)
		free(sc->p);
}

/* Excel artefacts: a leading ' and ="..." around the value. */
static inline void
unexcel(const char **sp, size_t *np)
{
	trim(sp, np);
	if (*np >= 1 && (*sp)[0] == '\'') {
		(*sp)++;
		(*np)--;
	} else if (*np >= 3 && (*sp)[0] == '=' && (*sp)[1] == '"' &&
	    (*sp)[*np - 1] == '"') {
		*sp += 2;
		*np -= 3;
	}
	trim(sp, np);
}

/* Scientific notation as Excel writes big numbers: 7,91235E+10. */
static inline int
is_sci(const char *s, size_t n)
{
	size_t i = 0, d = 0;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, d++;
	if (!d)
		return 0;
	if (i < n && (s[i] == '.' || s[i] == ','))
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
	if (i >= n || (s[i] != 'E' && s[i] != 'e'))
		return 0;
	i++;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	for (d = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		d++;
	return d && i == n;
}

/* Bytes taken by the first matching word of list at s, or 0. */
static inline size_t
match_any(const char *s, size_t n, const char *const *list)
{
	size_t m;

	for (; *list; list++)
		if ((m = fold_prefix(s, n, *list, 0)))
			return m;
	return 0;
}

#endif
