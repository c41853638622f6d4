/*
 * utf8: Unicode helpers over utf8proc (the only module that includes
 * <utf8proc.h>).  Pure functions; output goes to a caller's crm_buf.
 */
#ifndef CRM_UTF8_H
#define CRM_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util.h"

/*
 * Length of the valid UTF-8 prefix of s: n when all of s is valid.  Overlongs,
 * surrogates and code points above U+10FFFF are invalid.
 */
size_t crm_utf8_valid(const char *s, size_t n);

/*
 * Append s to out with every byte that does not start a valid UTF-8
 * sequence replaced by U+FFFD (what a text output shows of a bad byte).
 */
void crm_utf8_scrub(const char *s, size_t n, struct crm_buf *out);

/*
 * Length of the valid UTF-8 sequence at p (n bytes left), 0 if it is not
 * one (overlong, surrogate, past U+10FFFF, cut short): the readers' check.
 */
size_t crm_utf8_seqlen(const unsigned char *p, size_t n);

/*
 * Eight bytes at p at once, for the scans of every value: all ASCII
 * without NUL; all printable ASCII but space (0x21-0x7e); four two-byte
 * characters of U+0400-U+047F, basic Cyrillic (d0 or d1, a continuation
 * byte), when p is at a character.
 */
#define CRM_BYTES(b) (~(uint64_t)0 / 255 * (b))

static inline uint64_t
crm_word(const char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return w;
}

static inline int
crm_word_ascii(uint64_t w)
{
	return !((w | ((w - CRM_BYTES(1)) & ~w)) & CRM_BYTES(0x80));
}

static inline int
crm_word_graph(uint64_t w)
{
	return !((((w - CRM_BYTES(0x21)) & ~w) | ((w + CRM_BYTES(1)) | w)) &
	    CRM_BYTES(0x80));
}

static inline int
crm_word_cyrillic(uint64_t w)
{
	static const unsigned char mask[8] = {
		0xfe, 0xc0, 0xfe, 0xc0, 0xfe, 0xc0, 0xfe, 0xc0
	};
	static const unsigned char bits[8] = {
		0xd0, 0x80, 0xd0, 0x80, 0xd0, 0x80, 0xd0, 0x80
	};

	return (w & crm_word((const char *)mask)) ==
	    crm_word((const char *)bits);
}

/* NFC of s appended to out; -1 if s is not valid UTF-8. */
int crm_utf8_nfc(const char *s, size_t n, struct crm_buf *out);
/* NFKC: compatibility forms (full-width letters, ligatures) folded too. */
int crm_utf8_nfkc(const char *s, size_t n, struct crm_buf *out);
/* Case folded (and NFC) s appended to out, for comparisons and keys. */
int crm_utf8_casefold(const char *s, size_t n, struct crm_buf *out);
/* Upper/lower case of s appended to out. */
int crm_utf8_upper(const char *s, size_t n, struct crm_buf *out);
int crm_utf8_lower(const char *s, size_t n, struct crm_buf *out);

/* Decode one code point at s (n bytes left); returns its length, or -1. */
int crm_utf8_decode(const char *s, size_t n, long *cp);
/* Encode cp to out (at most 4 bytes); returns the length. */
int crm_utf8_encode(long cp, char *out);

/* Display width in terminal columns (wide and fullwidth count 2, combining 0). */
size_t crm_utf8_width(const char *s, size_t n);

/*
 * Per-character case work without allocating (norm, date): simple 1:1
 * case mapping of one code point, and whether cp is a letter (Unicode
 * category L*); isletter answers ASCII and basic Cyrillic without a table.
 */
long crm_utf8_toupper_cp(long cp);
long crm_utf8_tolower_cp(long cp);
int crm_utf8_isalpha_cp(long cp);

static inline int
crm_utf8_isletter_cp(long cp)
{
	if (cp < 0x80)
		return (cp | 32) >= 'a' && (cp | 32) <= 'z';
	if (cp >= 0x400 && cp <= 0x45f)
		return 1;
	return crm_utf8_isalpha_cp(cp);
}

#endif
