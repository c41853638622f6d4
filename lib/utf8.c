/*
 * utf8: Unicode helpers over utf8proc.  Validation, decoding and encoding
 * are done here by hand (strict: no overlongs, no surrogates, nothing above
 * U+10FFFF); normalisation, case mapping and widths come from utf8proc.
 * Pure ASCII input takes fast paths that never call utf8proc or malloc.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "utf8.h"

/* Code points decomposed on the stack before falling back to malloc. */
#define STACK_CPS 512

static int
is_ascii(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		unsigned long long w;

		memcpy(&w, p + i, 8);
		if (w & 0x8080808080808080ULL)
			return 0;
	}
	for (; i < n; i++)
		if (p[i] & 0x80)
			return 0;
	return 1;
}

int
crm_utf8_decode(const char *s, size_t n, long *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	long c;
	int len, i;

	if (n == 0)
		return -1;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		c = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		c = p[0] & 0x07;
	} else
		return -1;
	if (n < (size_t)len)
		return -1;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*cp = c;
	return len;
}

int
crm_utf8_encode(long cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Length of the valid UTF-8 sequence at p (n bytes left), 0 if invalid. */
size_t
crm_utf8_seqlen(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0))
			return 0;	/* overlong, surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
		    (p[3] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

size_t
crm_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	long cp;
	int len;

	while (i < n) {
		/* ASCII and basic Cyrillic eight bytes at a time */
		while (i + 8 <= n) {
			uint64_t w = crm_word(s + i);

			if ((w & CRM_BYTES(0x80)) && !crm_word_cyrillic(w))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		if (!(p[i] & 0x80)) {
			i++;
			continue;
		}
		if (p[i] >= 0xc2 && p[i] <= 0xdf && i + 1 < n &&
		    (p[i + 1] & 0xc0) == 0x80) {
			i += 2;		/* a two-byte sequence is always valid */
			continue;
		}
		if ((len = crm_utf8_decode(s + i, n - i, &cp)) < 0)
			return i;
		i += (size_t)len;
	}
	return n;
}

/* Append code points cps[0..k) to out as UTF-8. */
static void
encode_all(const utf8proc_int32_t *cps, size_t k, struct crm_buf *out)
{
	size_t i;

	crm_buf_grow(out, k * 4);
	for (i = 0; i < k; i++)
		out->len += (size_t)crm_utf8_encode(cps[i], out->buf + out->len);
	out->buf[out->len] = '\0';
}

/* Decompose, normalise (compose) per opts and append to out. */
static int
map(const char *s, size_t n, utf8proc_option_t opts, struct crm_buf *out)
{
	utf8proc_int32_t stack[STACK_CPS], *buf = stack;
	utf8proc_ssize_t k, cap = STACK_CPS;

	if (crm_utf8_valid(s, n) != n)
		return -1;
	for (;;) {
		k = utf8proc_decompose((const utf8proc_uint8_t *)s,
		    (utf8proc_ssize_t)n, buf, cap, opts);
		if (k < 0)
			goto fail;
		if (k <= cap)
			break;
		if (buf != stack)
			free(buf);
		cap = k;
		buf = xreallocarray(NULL, (size_t)cap, sizeof *buf);
	}
	k = utf8proc_normalize_utf32(buf, k, opts);
	if (k < 0)
		goto fail;
	encode_all(buf, (size_t)k, out);
	if (buf != stack)
		free(buf);
	return 0;
fail:
	if (buf != stack)
		free(buf);
	return -1;
}

/*
 * Code points that are NFC on their own, never combine and never
 * reorder (canonical combining class 0, NFC_QC=Yes, not the start of a
 * composition with a following mark we let through): Latin-1 and Latin
 * Extended below the combining marks, basic Cyrillic, and common
 * punctuation, currency and letterlike signs.  Text made only of these is
 * its own NFC, so the common Russian cell skips utf8proc.
 */
static int
nfc_quick(long cp)
{
	return cp < 0x300 || (cp >= 0x400 && cp <= 0x482) ||
	    (cp >= 0x48a && cp <= 0x52f) || (cp >= 0x2010 && cp <= 0x2027) ||
	    (cp >= 0x202f && cp <= 0x205f) || (cp >= 0x20a0 && cp <= 0x20c0) ||
	    cp == 0x2116 || cp == 0x2122;
}

/*
 * Is s valid UTF-8 made of nfc_quick code points only, with no letter of
 * U+0000-U+02FF followed by a combining mark (which that check excludes)?
 * When fold is set the text must also be ASCII or basic Cyrillic
 * (U+0400-U+045F) plus the punctuation above, which case-fold 1:1.
 */
static int
quick_text(const char *s, size_t n, int fold)
{
	size_t i = 0;
	long cp;
	int len;

	while (i < n) {
		if (!((unsigned char)s[i] & 0x80)) {
			i++;
			continue;
		}
		if ((unsigned char)s[i] >= 0xc2 && (unsigned char)s[i] <= 0xdf &&
		    i + 1 < n && ((unsigned char)s[i + 1] & 0xc0) == 0x80) {
			unsigned char b = (unsigned char)s[i];

			/* basic Cyrillic, or below U+0300 when not folding */
			if (b == 0xd0 || (b == 0xd1 && (!fold ||
			    (unsigned char)s[i + 1] <= 0x9f)) ||
			    (!fold && b <= 0xcb)) {
				i += 2;
				continue;
			}
			cp = ((long)(s[i] & 0x1f) << 6) | (s[i + 1] & 0x3f);
			len = 2;
		} else if ((len = crm_utf8_decode(s + i, n - i, &cp)) < 0)
			return 0;
		if (!nfc_quick(cp))
			return 0;
		if (fold && !(cp == 0xa0 || cp == 0xab || cp == 0xbb ||
		    (cp >= 0x400 && cp <= 0x45f) || cp >= 0x2010))
			return 0;
		i += (size_t)len;
	}
	return 1;
}

int
crm_utf8_nfc(const char *s, size_t n, struct crm_buf *out)
{
	if (is_ascii(s, n) || quick_text(s, n, 0)) {
		crm_buf_add(out, s, n);
		return 0;
	}
	return map(s, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE, out);
}

int
crm_utf8_nfkc(const char *s, size_t n, struct crm_buf *out)
{
	if (is_ascii(s, n)) {
		crm_buf_add(out, s, n);
		return 0;
	}
	return map(s, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT,
	    out);
}

/* Case fold text that quick_text(s, n, 1) accepted. */
static void
fold_quick(const char *s, size_t n, struct crm_buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;
	char *o;

	crm_buf_grow(out, n);
	o = out->buf + out->len;
	for (i = 0; i < n; i++) {
		unsigned char c = p[i];

		if (c >= 'A' && c <= 'Z')
			c += 32;
		else if (c == 0xd0 && i + 1 < n) {
			unsigned char d = p[i + 1];

			if (d >= 0x90 && d <= 0x9f) {		/* А-П */
				d += 0x20;
			} else if (d >= 0xa0 && d <= 0xaf) {	/* Р-Я */
				c = 0xd1;
				d -= 0x20;
			} else if (d >= 0x80 && d <= 0x8f) {	/* Ѐ-Џ */
				c = 0xd1;
				d += 0x10;
			}
			*o++ = (char)c;
			c = d;
			i++;
		}
		*o++ = (char)c;
	}
	out->len = (size_t)(o - out->buf);
	out->buf[out->len] = '\0';
}

int
crm_utf8_casefold(const char *s, size_t n, struct crm_buf *out)
{
	size_t i;

	if (is_ascii(s, n)) {
		crm_buf_grow(out, n);
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];

			out->buf[out->len++] = (char)(c >= 'A' && c <= 'Z' ?
			    c + 32 : c);
		}
		out->buf[out->len] = '\0';
		return 0;
	}
	if (quick_text(s, n, 1)) {
		fold_quick(s, n, out);
		return 0;
	}
	return map(s, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	    UTF8PROC_CASEFOLD, out);
}

static int
change_case(const char *s, size_t n, struct crm_buf *out, int upper)
{
	size_t i;
	long cp;
	int len;

	if (crm_utf8_valid(s, n) != n)
		return -1;
	crm_buf_grow(out, n + 8);
	for (i = 0; i < n; i += (size_t)len) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			len = 1;
			if (upper && c >= 'a' && c <= 'z')
				c -= 32;
			else if (!upper && c >= 'A' && c <= 'Z')
				c += 32;
			crm_buf_addc(out, c);
			continue;
		}
		len = crm_utf8_decode(s + i, n - i, &cp);
		cp = upper ? utf8proc_toupper((utf8proc_int32_t)cp) :
		    utf8proc_tolower((utf8proc_int32_t)cp);
		crm_buf_grow(out, 4);
		out->len += (size_t)crm_utf8_encode(cp, out->buf + out->len);
		out->buf[out->len] = '\0';
	}
	return 0;
}

int
crm_utf8_upper(const char *s, size_t n, struct crm_buf *out)
{
	return change_case(s, n, out, 1);
}

int
crm_utf8_lower(const char *s, size_t n, struct crm_buf *out)
{
	return change_case(s, n, out, 0);
}

size_t
crm_utf8_width(const char *s, size_t n)
{
	size_t i, w = 0;
	long cp;
	int len, cw;

	for (i = 0; i < n; i += (size_t)len) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			len = 1;
			if (c >= 0x20 && c != 0x7f)
				w++;
			continue;
		}
		if ((len = crm_utf8_decode(s + i, n - i, &cp)) < 0) {
			len = 1;	/* shown as one replacement character */
			w++;
			continue;
		}
		cw = utf8proc_charwidth((utf8proc_int32_t)cp);
		if (cw > 0)
			w += (size_t)cw;
	}
	return w;
}

long
crm_utf8_toupper_cp(long cp)
{
	if (cp < 0x80)
		return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
	if (cp > 0x10ffff)
		return cp;
	return utf8proc_toupper((utf8proc_int32_t)cp);
}

long
crm_utf8_tolower_cp(long cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	if (cp > 0x10ffff)
		return cp;
	return utf8proc_tolower((utf8proc_int32_t)cp);
}

int
crm_utf8_isalpha_cp(long cp)
{
	if (cp < 0x80)
		return (cp | 32) >= 'a' && (cp | 32) <= 'z';
	if (cp > 0x10ffff)
		return 0;
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return 1;
	default:
		return 0;
	}
}

void
crm_utf8_scrub(const char *s, size_t n, struct crm_buf *out)
{
	size_t i = 0, k;

	while (i < n) {
		k = crm_utf8_valid(s + i, n - i);
		crm_buf_add(out, s + i, k);
		if ((i += k) < n) {
			crm_buf_add(out, "\xef\xbf\xbd", 3);
			i++;
		}
	}
}
