/*
 * norm: normalisers for CRM values (design §7, research validation.md §3,
 * §5.3).  Pure functions over (s, n): no I/O, no globals, no regex.  Each
 * appends to the caller's crm_buf and, on failure, truncates it back to its
 * old length.  Pure-ASCII input takes paths that never call utf8proc, and
 * nothing here allocates except to grow the caller's buffers (and, for rare
 * long non-ASCII values, a scratch copy).
 *
 * Decisions the header leaves open, written down here:
 * - Text: CR LF and CR become LF; a run of white space that holds line
 *   breaks becomes those line breaks, any other run one space.
 * - Phones: "00" is read as an international prefix; "+7 8 912 ..." (a
 *   national 8 kept after +7) is read as +7 912 ...; "+8 9xx ..." is
 *   refused as a probable typo of 8 9xx; a bare 10-digit number must start
 *   with 3, 4, 8 or 9; 7xx after a 7/8/+7 prefix is taken (Kazakhstan).
 *   Several numbers in one cell are refused, never silently cut.
 * - Emails: surrounding white space (newlines included) is trimmed; white
 *   space or control characters inside are invalid; the local part must be
 *   ASCII; Unicode domains stay Unicode, lower-cased.
 * - Dates: read by crm_date_parse (date.c says how) and written by
 *   crm_date_format: the local wall time, the fraction and the zone as
 *   written.
 * - Amounts: a single "." is always a decimal point; a single "," is a
 *   decimal comma unless exactly three digits follow it and one to three
 *   digits (not starting with 0) precede it, which is refused as ambiguous.
 *   Parentheses mean a negative amount.
 * - ИНН with 9 or 11 digits gets its lost leading zero back only when the
 *   checksum then passes.  ОГРН must start with 1 or 5, ОГРНИП with 3.
 * - Companies: a form is looked for before the name (the longest match),
 *   else after it; two-letter forms such as ПК, ПО, КП count only next to
 *   a quoted name; a value quoted whole is looked into.  Latin look-alike
 *   letters are read as Cyrillic inside a mixed-script token, and in an
 *   all-Latin one only for OOO and OAO ("TOO Good Ltd" stays English).
 * - Names split (crm_norm_fio) by patronymic endings (-ович, -евна, -ична,
 *   оглы/кызы) and, for two words, by surname endings; without a hint,
 *   Cyrillic names are read "last first", Latin ones "first last".
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "date.h"
#include "legal_forms.h"
#include "norm.h"
#include "phone.h"
#include "utf8.h"

#define SCRATCH 512

static int
fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -1;
}

static int
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
static int
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
static size_t
prev_start(const char *s, size_t i)
{
	size_t j = i - 1;

	while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xc0) == 0x80)
		j--;
	return j;
}

static void
add_cp(struct crm_buf *b, long cp)
{
	crm_buf_grow(b, 4);
	b->len += (size_t)crm_utf8_encode(cp, b->buf + b->len);
	b->buf[b->len] = '\0';
}

/* Spaces that become ' ' (tab, NBSP, the Unicode Zs spaces). */
static int
is_space(long cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xa0 || cp == 0x1680 ||
	    (cp >= 0x2000 && cp <= 0x200a) || cp == 0x202f || cp == 0x205f ||
	    cp == 0x3000;
}

/* Removed: zero-width space and joiners, word joiner, BOM, soft hyphen. */
static int
is_invisible(long cp)
{
	return (cp >= 0x200b && cp <= 0x200d) || cp == 0x2060 ||
	    cp == 0xfeff || cp == 0xad;
}

static int
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
static int
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
static void
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
static long
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

static long
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

static int
is_digit_cp(long cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 0xff10 && cp <= 0xff19);
}

static int
digit_val(long cp)
{
	return cp >= 0xff10 ? (int)(cp - 0xff10) : (int)(cp - '0');
}

/* Latin letters that look like Cyrillic ones, read as Cyrillic. */
static long
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
static long
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
static size_t
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

static char *
scratch_copy(struct scratch *sc, const char *s, size_t n)
{
	sc->p = n <= SCRATCH ? sc->stack : xmalloc(n);
	memcpy(sc->p, s, n);
	return sc->p;
}

static void
scratch_free(struct scratch *sc)
{
	if (sc->p != sc->stack)
		free(sc->p);
}

/* ------------------------------------------------------------------ */
/* Text */

/* Write the white space run pending before a visible character. */
static size_t
flush_ws(char *p, size_t w, size_t start, int *sp, int *nl)
{
	if (w > start) {
		if (*nl)
			while ((*nl)-- > 0)
				p[w++] = '\n';
		else if (*sp)
			p[w++] = ' ';
	}
	*sp = *nl = 0;
	return w;
}

/*
 * Is p[0..n) clean already, and its own NFC: printable ASCII, single
 * spaces inside, and two-byte characters of U+0080-U+02FF (but U+00A0 and
 * U+00AD) and U+0400-U+047F (basic Cyrillic)?  None of those is white
 * space, invisible or combining.  (Anything else goes the slow way.)
 */
static int
clean_already(const char *p, size_t n)
{
	size_t i;

	if (n && (p[0] == ' ' || p[n - 1] == ' '))
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i], d;
		uint64_t w;

		if (i + 8 <= n && (crm_word_graph(w = crm_word(p + i)) ||
		    crm_word_cyrillic(w))) {
			i += 7;
			continue;
		}
		if (c > ' ' && c < 0x7f)
			continue;
		if (c == ' ' && p[i + 1] != ' ')
			continue;
		if (i + 1 == n || ((d = (unsigned char)p[i + 1]) & 0xc0) != 0x80)
			return 0;
		if ((c >= 0xc3 && c <= 0xcb) || c == 0xd0 || c == 0xd1 ||
		    (c == 0xc2 && d != 0xa0 && d != 0xad)) {
			i++;
			continue;
		}
		return 0;
	}
	return 1;
}

/*
 * Collapse white space in b->buf[start..] in place (the text only
 * shrinks); returns 1 when an invisible character was removed.  Text
 * that is clean already (clean_already) is the caller's to skip.
 */
static int
clean_inplace(struct crm_buf *b, size_t start)
{
	char *p = b->buf;
	size_t r = start, w = start, end = b->len;
	int sp = 0, nl = 0, removed = 0, len, k;
	long cp;

	while (r < end) {
		unsigned char c = (unsigned char)p[r];

		if (c > ' ' && c < 0x7f) {
			w = flush_ws(p, w, start, &sp, &nl);
			p[w++] = (char)c;
			r++;
			continue;
		}
		if (c >= 0xc3 && c <= 0xdf && r + 1 < end) {
			/* two-byte letters (Cyrillic): never space */
			w = flush_ws(p, w, start, &sp, &nl);
			p[w++] = (char)c;
			p[w++] = p[r + 1];
			r += 2;
			continue;
		}
		len = dec(p + r, end - r, &cp);
		if (is_space(cp) || cp == '\v' || cp == '\f') {
			sp = 1;
		} else if (cp == '\r') {
			if (r + 1 < end && p[r + 1] == '\n')
				len = 2;
			nl++;
		} else if (cp == '\n') {
			nl++;
		} else if (is_invisible(cp)) {
			removed = 1;
		} else {
			w = flush_ws(p, w, start, &sp, &nl);
			for (k = 0; k < len; k++)
				p[w++] = p[r + (size_t)k];
		}
		r += (size_t)len;
	}
	crm_buf_setlen(b, w);
	return removed;
}

int
crm_norm_text(const char *s, size_t n, struct crm_buf *out,
    const char **why)
{
	size_t start = out->len;
	struct scratch sc;
	char *copy;

	if (clean_already(s, n)) {
		crm_buf_add(out, s, n);
		return 0;
	}
	if (all_ascii(s, n)) {
		crm_buf_add(out, s, n);
		clean_inplace(out, start);
		return 0;
	}
	if (crm_utf8_nfc(s, n, out) < 0) {
		crm_buf_setlen(out, start);
		return fail(why, "invalid utf-8");
	}
	if (!clean_already(out->buf + start, out->len - start) &&
	    clean_inplace(out, start) && !all_ascii(out->buf + start,
	    out->len - start)) {
		/* removing a joiner may have put a mark next to its base */
		copy = scratch_copy(&sc, out->buf + start, out->len - start);
		n = out->len - start;
		crm_buf_setlen(out, start);
		crm_utf8_nfc(copy, n, out);
		scratch_free(&sc);
	}
	return 0;
}

int
crm_norm_is_missing(const char *s, size_t n)
{
#define M(s) { s, sizeof s - 1 }
	static const struct { const char *s; size_t n; } marks[] = {
		M("-"), M("\xe2\x80\x94"), M("\xe2\x80\x93"), M("н/д"), M("Н/Д"),
		M("нет данных"), M("N/A"), M("n/a"), M("#N/A"), M("#Н/Д"),
		M("null"), M("NULL")
	};
#undef M
	size_t i;

	trim(&s, &n);
	if (n == 0)
		return 1;
	if (n > sizeof "нет данных" - 1)
		return 0;
	switch ((unsigned char)s[0]) {	/* the first bytes of the marks */
	case '-': case '#': case 'N': case 'n': case 0xd0: case 0xe2:
		break;
	default:
		return 0;
	}
	for (i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (marks[i].n == n && !memcmp(marks[i].s, s, n))
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Phones */

/* Excel artefacts: a leading ' and ="..." around the value. */
static void
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
static int
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
static size_t
match_any(const char *s, size_t n, const char *const *list)
{
	size_t m;

	for (; *list; list++)
		if ((m = fold_prefix(s, n, *list, 0)))
			return m;
	return 0;
}

static const char *const phone_prefixes[] = {
	"tel:", "тел.:", "тел.", "тел:", "тел", "phone:", "mob.", "mob:",
	"моб.:", "моб.", "моб:", "моб", "сот.", "сот:", "сот", "раб.", "раб:",
	"дом.", "дом:", "т.", NULL
};

/* Extension markers, longer spellings first. */
static const char *const ext_markers[] = {
	"добавочный", "extension", "доб.", "доб", "доп.", "доп", "вн.", "вн",
	"ext.", "ext", "x", "х", "#", NULL
};

/* Parse an extension at s (its marker included); -1 when malformed. */
static int
parse_ext(const char *s, size_t n, char *ext, size_t size)
{
	size_t i = match_any(s, n, ext_markers), k = 0;
	long cp;
	int len;

	if (!i)
		return -1;
	while (i < n && (s[i] == '.' || s[i] == ':' || s[i] == ' '))
		i++;
	while (i < n) {
		len = dec(s + i, n - i, &cp);
		if (!is_digit_cp(cp))
			break;
		if (k + 1 >= size)
			return -1;
		ext[k++] = (char)('0' + digit_val(cp));
		i += (size_t)len;
	}
	ext[k] = '\0';
	while (i < n) {
		len = dec(s + i, n - i, &cp);
		if (!is_trim(cp) && cp != ')')
			return -1;
		i += (size_t)len;
	}
	return k ? 0 : -1;
}

static int
phone_sep(long cp)
{
	return is_space(cp) || is_invisible(cp) || cp == '-' || cp == '.' ||
	    cp == '(' || cp == ')' || (cp >= 0x2010 && cp <= 0x2015) ||
	    cp == 0x2212;
}

static int
has_digit_after(const char *s, size_t n, size_t i)
{
	long cp;

	while (i < n) {
		i += (size_t)dec(s + i, n - i, &cp);
		if (is_digit_cp(cp))
			return 1;
	}
	return 0;
}

/* The default region: a region code ("US"), or a calling code ("7"). */
static const char *
phone_region(const char *country)
{
	unsigned cc = 0;
	size_t i;

	if (!country || !*country)
		return "RU";
	for (i = 0; country[i] >= '0' && country[i] <= '9' && i < 4; i++)
		cc = cc * 10 + (unsigned)(country[i] - '0');
	if (i && !country[i])
		return crm_phone_region_of_cc(cc);
	return crm_phone_region_known(country) ? country : NULL;
}

int
crm_norm_phone(const char *s, size_t n, const char *country,
    struct crm_phone *out, const char **why)
{
	char d[34];
	size_t nd = 0, i, m;
	int plus = 0, len;
	long cp;
	const char *region = phone_region(country);

	memset(out, 0, sizeof *out);
	if (!region)
		return fail(why, "unknown default country");
	unexcel(&s, &n);
	if (is_sci(s, n))
		return fail(why, "scientific notation (excel)");
	if (n && !(s[0] >= '0' && s[0] <= '9') && s[0] != '+' && s[0] != '(' &&
	    (m = match_any(s, n, phone_prefixes))) {
		s += m;
		n -= m;
		trim(&s, &n);
	}
	for (i = 0; i < n; i += (size_t)len) {
		len = dec(s + i, n - i, &cp);
		if (is_digit_cp(cp)) {
			if (nd + 1 >= sizeof d)
				return fail(why, "too many digits");
			d[nd++] = (char)('0' + digit_val(cp));
		} else if (cp == '+' || cp == 0xff0b) {
			if (nd || plus)
				return fail(why, "misplaced plus");
			plus = 1;
		} else if (phone_sep(cp)) {
			continue;
		} else if (cp == '/' && nd < 7) {
			continue;	/* "02/212 345 67": an area code's end */
		} else if (cp == ',' || cp == ';' || cp == '/') {
			m = i + 1;
			while (m < n && s[m] == ' ')
				m++;
			if (m < n && nd && cp != '/' &&
			    match_any(s + m, n - m, ext_markers)) {
				len = (int)(m - i);	/* "..., доб. 12" */
				continue;
			}
			if (has_digit_after(s, n, i))
				return fail(why, "several numbers");
			break;
		} else if ((cp == '#' || crm_utf8_isletter_cp(cp)) &&
		    match_any(s + i, n - i, ext_markers)) {
			if (!nd || parse_ext(s + i, n - i, out->ext,
			    sizeof out->ext) < 0) {
				memset(out, 0, sizeof *out);
				return fail(why, "bad extension");
			}
			break;
		} else if (crm_utf8_isletter_cp(cp)) {
			return fail(why, "letters in phone number");
		} else
			return fail(why, "unexpected character");
	}
	d[nd] = '\0';
	if (nd == 0)
		return fail(why, "no digits");
	if (crm_phone_parse(d, nd, plus, region, &out->num, why) < 0 ||
	    out->num.validity != CRM_PHONE_VALID ||
	    crm_phone_format(&out->num, out->display, sizeof out->display) < 0) {
		if (out->num.why)
			*why = out->num.why;
		memset(out->ext, 0, sizeof out->ext);
		memset(out->display, 0, sizeof out->display);
		return -1;
	}
	memcpy(out->e164, out->num.e164, sizeof out->e164);
	if (out->ext[0]) {
		/* display[64]: 30 bytes of number, 9 of marker, 15 of digits */
		m = strlen(out->display);
		snprintf(out->display + m, sizeof out->display - m, "%s%s",
		    out->num.cc == 7 ? " доб. " : " ext. ", out->ext);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Emails */

static int
atext(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+/=?^_`{|}~-", c));
}

/*
 * The local part s[0..n): a dot-atom of atext (RFC 5321) and UTF-8
 * (RFC 6531), or a quoted string of qtextSMTP, quoted pairs and UTF-8.
 */
static int
check_local(const char *s, size_t n, const char **why)
{
	size_t i, k;
	long cp;

	if (n == 0)
		return fail(why, "empty local part");
	if (n > 64)
		return fail(why, "local part too long");
	if (s[0] == '"') {
		if (n < 2 || s[n - 1] != '"')
			return fail(why, "unterminated quoted local part");
		for (i = 1; i < n - 1; i++) {
			unsigned char c = (unsigned char)s[i];

			if (c == '\\') {
				if (++i >= n - 1 || s[i] < ' ' || s[i] > '~')
					return fail(why, "bad quoted pair");
			} else if (c == '"')
				return fail(why, "quote in a quoted local part");
			else if (c < ' ' || c == 0x7f)
				return fail(why, "control character");
			else if (c >= 0x80) {
				if (!(k = crm_utf8_seqlen((const unsigned char *)s +
				    i, n - 1 - i)))
					return fail(why, "invalid utf-8");
				i += k - 1;
			}
		}
		return 0;
	}
	if (s[0] == '.' || s[n - 1] == '.')
		return fail(why, "dot at the start or end of the local part");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.') {
			if (s[i + 1] == '.')
				return fail(why, "double dot");
		} else if (c == '"')
			return fail(why, "quote in the local part");
		else if (c <= ' ' || c == 0x7f)
			return fail(why, "space or control character");
		else if (c >= 0x80) {
			if (!(k = crm_utf8_seqlen((const unsigned char *)s + i,
			    n - i)))
				return fail(why, "invalid utf-8");
			dec(s + i, n - i, &cp);
			if (is_space(cp) || cp < 0xa0)
				return fail(why, "space or control character");
			i += k - 1;
		} else if (!atext(c))
			return fail(why, "bad character in local part");
	}
	return 0;
}

/* An address literal (RFC 5321 4.1.3): [IPv4] or [IPv6:...]. */
static int
check_literal(const char *s, size_t n, const char **why)
{
	char ip[64];
	unsigned char bin[16];

	if (n < 3 || s[n - 1] != ']' || n - 2 >= sizeof ip)
		return fail(why, "bad address literal");
	memcpy(ip, s + 1, n - 2);
	ip[n - 2] = '\0';
	if (n - 2 > 5 && fold_prefix(ip, n - 2, "ipv6:", 0)) {
		if (inet_pton(AF_INET6, ip + 5, bin) != 1)
			return fail(why, "bad IPv6 address literal");
	} else if (inet_pton(AF_INET, ip, bin) != 1)
		return fail(why, "bad address literal");
	return 0;
}

static int
check_domain(const char *s, size_t n, const char **why)
{
	size_t i = 0, lab = 0, labels = 0, tld = 0;
	int len, alpha = 1;
	long cp;

	if (n == 0)
		return fail(why, "empty domain");
	while (i <= n) {
		if (i == n || s[i] == '.') {
			if (i == lab)
				return fail(why, "empty domain label");
			if (s[lab] == '-' || s[i - 1] == '-')
				return fail(why,
				    "hyphen at the start or end of a label");
			if (i - lab > 63)
				return fail(why, "domain label too long");
			labels++;
			tld = lab;
			if (i == n)
				break;
			lab = ++i;
			alpha = 1;
			continue;
		}
		/* ASCII: no decoding, and no space but those up to ' ' */
		if (!((unsigned char)s[i] & 0x80)) {
			len = 1;
			cp = (unsigned char)s[i];
		} else {
			len = dec(s + i, n - i, &cp);
			if (cp < 0)
				return fail(why, "invalid utf-8");
		}
		if (cp <= ' ' || cp == 0x7f || (cp >= 0x80 && is_space(cp)))
			return fail(why, "space or control character");
		if (cp == '@')
			return fail(why, "more than one @");
		if (!(cp == '-' || (cp >= '0' && cp <= '9') || crm_utf8_isletter_cp(cp)))
			return fail(why, "bad character in domain");
		i += (size_t)len;
	}
	if (labels < 2)
		return fail(why, "domain needs a dot");
	for (i = tld; i < n && alpha; i += (size_t)len) {
		len = dec(s + i, n - i, &cp);
		if (!crm_utf8_isletter_cp(cp))
			alpha = 0;
	}
	if (!alpha &&
	    !(n - tld > 4 && fold_prefix(s + tld, n - tld, "xn--", 0)))
		return fail(why, "bad top-level domain");
	if (alpha && n - tld < 2)
		return fail(why, "bad top-level domain");
	return 0;
}

int
crm_norm_email(const char *s, size_t n, struct crm_buf *out,
    const char **why)
{
	const char *lt, *at;
	size_t start = out->len, i, m;
	int len;
	long cp;

	trim(&s, &n);
	if (n == 0)
		return fail(why, "empty");
	if ((lt = memchr(s, '<', n))) {
		const char *p;

		while ((p = memchr(lt + 1, '<', n - (size_t)(lt + 1 - s))))
			lt = p;
		if (s[n - 1] != '>')
			return fail(why, "unbalanced angle brackets");
		n = (size_t)(s + n - 1 - (lt + 1));
		s = lt + 1;
		trim(&s, &n);
	} else if (memchr(s, '>', n))
		return fail(why, "unbalanced angle brackets");
	if ((s[0] | 0x20) == 'm' && (m = fold_prefix(s, n, "mailto:", 0))) {
		s += m;
		n -= m;
		if ((at = memchr(s, '?', n)))
			n = (size_t)(at - s);
		trim(&s, &n);
	}
	if (s[0] == '"') {
		/* A quoted local part may hold '@': the one after it. */
		for (i = 1; i < n && s[i] != '"'; i++)
			if (s[i] == '\\')
				i++;
		if (i + 1 >= n || s[i + 1] != '@')
			return fail(why, i >= n ? "unterminated quoted local part" :
			    "no @ after the quoted local part");
		at = s + i + 1;
	} else if (!(at = memchr(s, '@', n)))
		return fail(why, "no @");
	if (memchr(at + 1, '@', n - (size_t)(at - s) - 1) &&
	    (memchr(s, ',', n) || memchr(s, ';', n) || memchr(s, ' ', n)))
		return fail(why, "several addresses");
	if (check_local(s, (size_t)(at - s), why) < 0)
		return -1;
	i = (size_t)(at - s) + 1;
	if (i < n && s[i] == '[') {
		if (check_literal(s + i, n - i, why) < 0)
			return -1;
		crm_buf_add(out, s, n);
	} else if (check_domain(at + 1, n - (size_t)(at - s) - 1, why) < 0)
		return -1;
	else if (all_ascii(s + i, n - i)) {
		crm_buf_add(out, s, n);
		for (i += start; i < out->len; i++)
			if (out->buf[i] >= 'A' && out->buf[i] <= 'Z')
				out->buf[i] = (char)(out->buf[i] + 32);
	} else {
		crm_buf_add(out, s, i);
		for (; i < n; i += (size_t)len) {
			len = dec(s + i, n - i, &cp);
			add_cp(out, lower_cp(cp));
		}
	}
	if (out->len - start > 254) {
		crm_buf_setlen(out, start);
		return fail(why, "address too long");
	}
	return 0;
}

const char *
crm_norm_email_unusual(const char *e, size_t n)
{
	const char *at = NULL;
	size_t i;

	for (i = n; i > 0 && !at; i--)		/* the last @ */
		if (e[i - 1] == '@')
			at = e + i - 1;
	if (!at)
		return NULL;
	if (e[0] == '"')
		return "a quoted local part";
	for (i = 0; e + i < at; i++)
		if ((unsigned char)e[i] >= 0x80)
			return "a non-ASCII local part (RFC 6531)";
	if (at[1] == '[')
		return "an IP address for a domain";
	return NULL;
}

int
crm_norm_email_compat(const char *s, size_t n, struct crm_buf *out)
{
	size_t start = out->len;

	if (all_ascii(s, n) || crm_utf8_nfkc(s, n, out) < 0 ||
	    (out->len - start == n && !memcmp(out->buf + start, s, n))) {
		crm_buf_setlen(out, start);
		return 0;
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* Names */

/* Title Case b->buf[start..] (each letter after a non-letter upper). */
static void
title_case(struct crm_buf *b, size_t start)
{
	struct scratch sc;
	size_t i, n = b->len - start;
	const char *s = scratch_copy(&sc, b->buf + start, n);
	int len, prev_letter = 0;
	long cp;

	crm_buf_setlen(b, start);
	for (i = 0; i < n; i += (size_t)len) {
		len = dec(s + i, n - i, &cp);
		if (cp < 0) {
			crm_buf_addc(b, s[i]);
			prev_letter = 0;
			continue;
		}
		if (crm_utf8_isletter_cp(cp)) {
			cp = prev_letter ? lower_cp(cp) : upper_cp(cp);
			prev_letter = 1;
		} else
			prev_letter = 0;
		add_cp(b, cp);
	}
	scratch_free(&sc);
}

int
crm_norm_name(const char *s, size_t n, struct crm_buf *out,
    const char **why)
{
	size_t start = out->len, i;
	int up = 0, low = 0, len;
	long cp;

	if (crm_norm_text(s, n, out, why) < 0)
		return -1;
	if (out->len == start)
		return fail(why, "empty");
	for (i = start; i < out->len && !(up && low); i += (size_t)len) {
		len = dec(out->buf + i, out->len - i, &cp);
		if (lower_cp(cp) != cp)
			up = 1;
		else if (upper_cp(cp) != cp)
			low = 1;
	}
	if (up != low)
		title_case(out, start);
	return 0;
}

/* Does the token end with one of the (lower-case) suffixes? */
static int
ends_with_any(const char *t, size_t n, const char *const *list)
{
	long cps[64], pc[16];
	size_t i, k, m = 0, pm, pl;
	int len, hit;

	for (i = 0; i < n; i += (size_t)len) {
		if (m == 64)
			return 0;
		len = dec(t + i, n - i, &cps[m]);
		cps[m] = fold_cp(cps[m], 0);
		m++;
	}
	for (; *list; list++) {
		pl = strlen(*list);
		for (k = 0, pm = 0; k < pl && pm < 16; k += (size_t)len) {
			len = dec(*list + k, pl - k, &pc[pm]);
			pc[pm] = fold_cp(pc[pm], 0);
			pm++;
		}
		if (pm >= m)
			continue;
		for (hit = 1, k = 0; k < pm; k++)
			if (cps[m - pm + k] != pc[k])
				hit = 0;
		if (hit)
			return 1;
	}
	return 0;
}

static const char *const patronymic_ends[] = {
	"ович", "евич", "ёвич", "ьич", "мич", "кич", "ична", "овна", "евна",
	"ёвна",
	"ovich", "evich", "ovna", "evna", "ichna", NULL
};
static const char *const surname_strong[] = {
	"ов", "ев", "ёв", "ова", "ева", "ёва", "ский", "цкий", "ской", "ская",
	"цкая", "ко", "ук", "юк", "дзе", "швили", "ян", "ых", "их", NULL
};
static const char *const surname_weak[] = { "ин", "ын", "ина", "ына", NULL };
/* First names that end like surnames. */
static const char *const first_like[] = {
	"марина", "ирина", "алина", "полина", "галина", "екатерина",
	"кристина", "карина", "валентина", "ангелина", "нина", "арина",
	"зарина", "регина", "элина", "альбина", "марк", "ян", NULL
};

static int
is_word(const char *t, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (fold_prefix(t, n, *list, 0) == n)
			return 1;
	return 0;
}

static int
surname_score(const char *t, size_t n)
{
	if (is_word(t, n, first_like))
		return 0;
	if (ends_with_any(t, n, surname_strong))
		return 2;
	if (ends_with_any(t, n, surname_weak))
		return 1;
	return 0;
}

struct tok {
	size_t off, len;
};

/* Split a normalised name into tokens; initials "И.И." split too. */
static size_t
tokenize(const char *s, size_t n, struct tok *tk, size_t max)
{
	size_t i = 0, k = 0, j;

	while (i < n && k < max) {
		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		for (j = i; j < n && s[j] != ' '; j++)
			if (s[j] == '.' && j + 1 < n && s[j + 1] != ' ' &&
			    s[j + 1] != '.' && j - i <= 2) {
				j++;
				break;
			}
		tk[k].off = i;
		tk[k].len = j - i;
		k++;
		i = j;
	}
	if (i < n && k == max)		/* the rest goes with the last token */
		tk[k - 1].len = n - tk[k - 1].off;
	return k;
}

static int
cyrillic_text(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if ((unsigned char)s[i] == 0xd0 || (unsigned char)s[i] == 0xd1)
			return 1;
	return 0;
}

static int
patr(const char *t, const struct tok *tk, size_t i)
{
	return ends_with_any(t + tk[i].off, tk[i].len, patronymic_ends);
}

/* Оглы, кызы: a Turkic patronymic written as a separate word. */
static int
turkic(const char *t, const struct tok *tk, size_t i)
{
	static const char *const words[] = {
		"оглы", "кызы", "улы", "ogly", "kyzy", NULL
	};

	return is_word(t + tk[i].off, tk[i].len, words);
}

int
crm_norm_fio(const char *s, size_t n, struct crm_buf *last,
    struct crm_buf *first, struct crm_buf *middle, const char **why)
{
	size_t start = middle->len, k, il = SIZE_MAX, ifi = SIZE_MAX,
	    m0 = SIZE_MAX, m1 = 0;
	struct tok tk[16];
	const char *t;
	int cyr, a, b;

	if (crm_norm_name(s, n, middle, why) < 0)
		return -1;
	t = middle->buf + start;
	k = tokenize(t, middle->len - start, tk, 16);
	cyr = cyrillic_text(t, middle->len - start);
	if (k == 1) {
		ifi = 0;
	} else if (k == 2) {
		a = surname_score(t + tk[0].off, tk[0].len);
		b = surname_score(t + tk[1].off, tk[1].len);
		if (patr(t, tk, 1)) {
			ifi = 0;
			m0 = m1 = 1;
		} else if (a > b || (a == b && cyr)) {
			il = 0;
			ifi = 1;
		} else {
			ifi = 0;
			il = 1;
		}
	} else if (k >= 3 && (patr(t, tk, k - 1) || turkic(t, tk, k - 1) ||
	    cyr)) {
		/* Иванов Иван Иванович; Алиев Рашид Гусейн оглы */
		il = 0;
		ifi = 1;
		m0 = 2;
		m1 = k - 1;
		if (k == 3 && patr(t, tk, 1) && !patr(t, tk, 2)) {
			/* Иван Иванович Иванов */
			ifi = 0;
			m0 = m1 = 1;
			il = 2;
		}
	} else if (k >= 3) {
		/* John Fitzgerald Kennedy, Ivan Ivanovich Petrov */
		ifi = 0;
		m0 = 1;
		m1 = k - 2;
		il = k - 1;
	}
	if (il != SIZE_MAX)
		crm_buf_add(last, t + tk[il].off, tk[il].len);
	if (ifi != SIZE_MAX)
		crm_buf_add(first, t + tk[ifi].off, tk[ifi].len);
	if (m0 != SIZE_MAX) {
		size_t off = tk[m0].off, len = tk[m1].off + tk[m1].len - off;

		memmove(middle->buf + start, middle->buf + start + off, len);
		crm_buf_setlen(middle, start + len);
	} else
		crm_buf_setlen(middle, start);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Companies */

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

/* ------------------------------------------------------------------ */
/* Dates: the date module parses; this writes the canonical text. */

int
crm_norm_date(const char *s, size_t n, struct crm_buf *out,
    const char **why)
{
	struct crm_datetime dt;

	unexcel(&s, &n);
	if (crm_date_parse(s, n, &dt, why) < 0)
		return -1;
	crm_date_format(&dt, out);
	return 0;
}

int
crm_norm_date_order(const char *s, size_t n, int order, struct crm_buf *out,
    int *shows, const char **why)
{
	struct crm_datetime dt;

	unexcel(&s, &n);
	if (crm_date_parse_order(s, n, order, &dt, shows, why) < 0)
		return -1;
	crm_date_format(&dt, out);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Amounts */

/*
 * Currency words and codes, longer spellings first, with the ISO 4217 code
 * each means ("" for none: у.е. is a unit, not a currency; "$", "¥" and
 * "kr" are left to the caller, who knows the country).
 */
static const struct {
	const char *word;
	const char *code;
} currency_words[] = {
	{ "рублей", "RUB" }, { "рубля", "RUB" }, { "рубль", "RUB" },
	{ "руб.", "RUB" }, { "руб", "RUB" }, { "р.", "RUB" }, { "р", "RUB" },
	{ "rub", "RUB" }, { "rur", "RUB" }, { "usd", "USD" }, { "eur", "EUR" },
	{ "у.е.", "" }, { "r$", "BRL" }, { "us$", "USD" }, { "ca$", "CAD" },
	{ "c$", "CAD" }, { "au$", "AUD" }, { "a$", "AUD" }, { "nz$", "NZD" },
	{ "hk$", "HKD" }, { "s$", "SGD" }, { "mex$", "MXN" }, { "brl", "BRL" },
	{ "gbp", "GBP" }, { "cad", "CAD" }, { "aud", "AUD" }, { "chf", "CHF" },
	{ "cny", "CNY" }, { "rmb", "CNY" }, { "jpy", "JPY" }, { "inr", "INR" },
	{ "kzt", "KZT" }, { "uah", "UAH" }, { "byn", "BYN" }, { "pln", "PLN" },
	{ "zł", "PLN" }, { "sek", "SEK" }, { "nok", "NOK" }, { "dkk", "DKK" },
	{ "czk", "CZK" }, { "kč", "CZK" }, { "huf", "HUF" }, { "try", "TRY" },
	{ "mxn", "MXN" }, { "ars", "ARS" }, { "clp", "CLP" }, { "cop", "COP" },
	{ "zar", "ZAR" }, { "nzd", "NZD" }, { "sgd", "SGD" }, { "hkd", "HKD" },
	{ "aed", "AED" }, { "ils", "ILS" }, { "krw", "KRW" }, { "kr.", "kr" },
	{ "kr", "kr" }, { "тенге", "KZT" }, { "грн.", "UAH" }, { "грн", "UAH" },
	{ NULL, NULL }
};

/* The currency sign cp, or NULL. */
static const char *
currency_sign(long cp)
{
	switch (cp) {
	case 0x20bd: return "RUB";
	case '$': return "$";
	case 0x20ac: return "EUR";
	case 0xa3: return "GBP";
	case 0xa5: return "¥";
	case 0x20b8: return "KZT";
	case 0x20b4: return "UAH";
	case 0x20b9: return "INR";
	case 0x20ba: return "TRY";
	case 0x20a9: return "KRW";
	case 0x20aa: return "ILS";
	default: return NULL;
	}
}

/* The currency word at s: its length, and its code in *code; 0 if none. */
static size_t
currency_word(const char *s, size_t n, const char **code)
{
	size_t i, m;

	for (i = 0; currency_words[i].word; i++)
		if ((m = fold_prefix(s, n, currency_words[i].word, 0))) {
			*code = currency_words[i].code;
			return m;
		}
	return 0;
}

int
crm_norm_currency(const char *s, size_t n, struct crm_buf *out,
    const char **why)
{
	const char *code = NULL;
	size_t m = 0;
	long cp;

	trim(&s, &n);
	if (n && (code = currency_sign((dec(s, n, &cp), cp))))
		m = (size_t)dec(s, n, &cp);
	else if (n)
		m = currency_word(s, n, &code);
	if (!m || m != n || !code || !*code)
		return fail(why, "not a currency");
	crm_buf_adds(out, code);
	return 0;
}

/* Keep the more telling of two currencies; -1 when they disagree. */
static int
currency_seen(const char **have, const char *code)
{
	if (!*code)
		return 0;
	if (!*have || !**have || !strcmp(*have, code))
		*have = code;
	else if (strlen(*have) != 3 && strlen(code) == 3)
		*have = code;	/* "$ 100 USD": the code says which dollar */
	else if (!(strlen(code) != 3 && strlen(*have) == 3))
		return -1;
	return 0;
}

static int
is_group_space(long cp)
{
	return cp == ' ' || cp == 0xa0 || cp == 0x202f || cp == 0x2009 ||
	    cp == 0x2007 || cp == '\'' || cp == 0x2019;
}

/*
 * Check digit grouping of the integer part body[0..k) where every char that
 * is not a digit is a group mark: groups of three after the first (1-3).
 */
static int
groups_ok(const char *b, size_t k)
{
	size_t i, run = 0, first = 1;

	for (i = 0; i < k; i++) {
		if (b[i] >= '0' && b[i] <= '9') {
			run++;
			continue;
		}
		if (run == 0 || (first && run > 3) || (!first && run != 3))
			return 0;
		first = 0;
		run = 0;
	}
	return first || run == 3;
}

int
crm_norm_amount(const char *s, size_t n, struct crm_buf *out,
    const char **why)
{
	return crm_norm_amount_ex(s, n, 0, out, NULL, NULL, why);
}

/*
 * A lone separator with exactly three digits after it and one to three
 * (not starting with 0) before it, and no other grouping: "1,234", "1.234".
 */
static int
lone_three(const char *b, const char *sep, size_t ngrp)
{
	size_t after = strlen(sep + 1), before = (size_t)(sep - b);

	return !ngrp && after == 3 && before >= 1 && before <= 3 && b[0] != '0';
}

int
crm_norm_amount_ex(const char *s, size_t n, int decimal, struct crm_buf *out,
    struct crm_buf *currency, int *mark, const char **why)
{
	char b[128];	/* digits, '.', ',', 'g' (group space) */
	size_t nb = 0, i, m, ndig = 0, ndot = 0, ncom = 0, ngrp = 0, k;
	size_t ip_end, start = out->len;
	int neg = 0, sign_seen = 0, len, after_num = 0, mk = 0;
	const char *cur = NULL, *code;
	char dp = 0;
	long cp;

	unexcel(&s, &n);
	if (n >= 2 && s[0] == '(' && s[n - 1] == ')') {
		neg = sign_seen = 1;
		s++;
		n -= 2;
		trim(&s, &n);
	}
	if (is_sci(s, n))
		return fail(why, "scientific notation (excel)");
	for (i = 0; i < n; i += (size_t)len) {
		len = dec(s + i, n - i, &cp);
		if (cp >= '0' && cp <= '9') {
			if (after_num)
				return fail(why, "several numbers");
			if (nb + 1 >= sizeof b)
				return fail(why, "too many digits");
			b[nb++] = (char)cp;
			ndig++;
		} else if (cp == '.' || cp == ',') {
			if (nb + 1 >= sizeof b || after_num)
				return fail(why, "not a number");
			b[nb++] = (char)cp;
		} else if (is_group_space(cp)) {
			if (nb && b[nb - 1] >= '0' && b[nb - 1] <= '9' &&
			    !after_num)
				b[nb++] = 'g';
			else if (nb && b[nb - 1] != 'g' && !after_num)
				return fail(why, "not a number");
		} else if (cp == '-' || cp == 0x2212 || cp == 0x2013 ||
		    cp == '+') {
			if (sign_seen || ndig)
				return fail(why, "misplaced sign");
			sign_seen = 1;
			neg = cp != '+';
		} else if ((code = currency_sign(cp))) {
			if (currency_seen(&cur, code) < 0)
				return fail(why, "two currencies");
			if (ndig)
				after_num = 1;
		} else if (crm_utf8_isletter_cp(cp) &&
		    (m = currency_word(s + i, n - i, &code))) {
			long nx = ' ';

			if (i + m < n)
				dec(s + i + m, n - i - m, &nx);
			if (crm_utf8_isletter_cp(nx))
				return fail(why, "not a number");
			if (currency_seen(&cur, code) < 0)
				return fail(why, "two currencies");
			if (ndig)
				after_num = 1;
			len = (int)m;
		} else
			return fail(why, "not a number");
	}
	while (nb && b[nb - 1] == 'g')
		nb--;
	b[nb] = '\0';
	if (!ndig)
		return fail(why, "no digits");
	for (k = 0; k < nb; k++) {
		ndot += b[k] == '.';
		ncom += b[k] == ',';
		ngrp += b[k] == 'g';
	}
	if (ndot && ncom) {
		dp = strrchr(b, '.') > strrchr(b, ',') ? '.' : ',';
		if ((dp == '.' ? ndot : ncom) > 1)
			return fail(why, "not a number");
		mk = dp;
	} else if (ndot > 1 || ncom > 1) {
		dp = 0;	/* 1,234,567 */
		mk = ndot > 1 ? ',' : '.';
	} else if (ncom == 1) {
		dp = ',';
		mk = ',';
		if (lone_three(b, strchr(b, ','), ngrp)) {
			if (!decimal)
				return fail(why, "ambiguous thousands separator");
			dp = decimal == ',' ? ',' : 0;
			mk = 'a';
		}
	} else if (ndot == 1) {
		dp = '.';
		mk = '.';
		if (lone_three(b, strchr(b, '.'), ngrp)) {
			dp = decimal == ',' ? 0 : '.';
			mk = 'a';
		}
	}
	ip_end = nb;
	if (dp)
		ip_end = (size_t)(strrchr(b, dp) - b);
	for (k = ip_end + 1; k < nb; k++)
		if (b[k] < '0' || b[k] > '9')
			return fail(why, "bad digit grouping");
	if (!groups_ok(b, ip_end))
		return fail(why, "bad digit grouping");
	/* canonical text */
	if (neg)
		crm_buf_addc(out, '-');
	m = out->len;
	for (k = 0; k < ip_end; k++)
		if (b[k] >= '0' && b[k] <= '9' &&
		    (out->len > m || b[k] != '0'))
			crm_buf_addc(out, b[k]);
	if (out->len == m)
		crm_buf_addc(out, '0');
	if (dp) {
		size_t e = nb;

		while (e > ip_end + 1 && b[e - 1] == '0')
			e--;
		if (e > ip_end + 1) {
			crm_buf_addc(out, '.');
			crm_buf_add(out, b + ip_end + 1, e - ip_end - 1);
		}
	}
	if (neg && out->len == m + 1 && out->buf[m] == '0') {
		/* no negative zero */
		memmove(out->buf + start, out->buf + m, 1);
		crm_buf_setlen(out, start + 1);
	}
	if (currency && cur && *cur)
		crm_buf_adds(currency, cur);
	if (mark)
		*mark = mk;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Russian identifiers */

/*
 * Digits of an identifier: Excel artefacts and a label prefix ("ИНН",
 * "ИНН:", "№") stripped, spaces and dashes ignored.
 */
static int
id_digits(const char *s, size_t n, const char *const *labels, char *d,
    size_t size, size_t *nd, const char **why)
{
	size_t i, m;
	long cp;
	int len;

	*nd = 0;
	unexcel(&s, &n);
	if (labels && n && !(s[0] >= '0' && s[0] <= '9') &&
	    (m = match_any(s, n, labels))) {
		s += m;
		n -= m;
		trim(&s, &n);
		while (n && (s[0] == ':' || s[0] == ' ')) {
			s++;
			n--;
		}
		if ((m = fold_prefix(s, n, "№", 0))) {
			s += m;
			n -= m;
		}
		trim(&s, &n);
	}
	if (n == 0)
		return fail(why, "empty");
	if (is_sci(s, n))
		return fail(why, "scientific notation (excel)");
	for (i = 0; i < n; i += (size_t)len) {
		len = dec(s + i, n - i, &cp);
		if (is_digit_cp(cp)) {
			if (*nd + 1 >= size)
				return fail(why, "too many digits");
			d[(*nd)++] = (char)('0' + digit_val(cp));
		} else if (!(is_space(cp) || cp == '-' || is_invisible(cp)))
			return fail(why, "not digits");
	}
	d[*nd] = '\0';
	return 0;
}

static int
inn_ok(const char *d, size_t nd)
{
	static const int w10[] = { 2, 4, 10, 3, 5, 9, 4, 6, 8 };
	static const int w11[] = { 7, 2, 4, 10, 3, 5, 9, 4, 6, 8 };
	static const int w12[] = { 3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8 };
	int s1 = 0, s2 = 0, i;

	if (nd == 10) {
		for (i = 0; i < 9; i++)
			s1 += (d[i] - '0') * w10[i];
		return s1 % 11 % 10 == d[9] - '0';
	}
	if (nd == 12) {
		for (i = 0; i < 10; i++)
			s1 += (d[i] - '0') * w11[i];
		for (i = 0; i < 11; i++)
			s2 += (d[i] - '0') * w12[i];
		return s1 % 11 % 10 == d[10] - '0' &&
		    s2 % 11 % 10 == d[11] - '0';
	}
	return 0;
}

int
crm_norm_inn_valid(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return inn_ok(s, n);
}

static int
all_zero(const char *d, size_t nd)
{
	size_t i;

	for (i = 0; i < nd; i++)
		if (d[i] != '0')
			return 0;
	return 1;
}

int
crm_norm_inn(const char *s, size_t n, struct crm_buf *out,
    const char **why)
{
	static const char *const labels[] = { "ИНН", "INN", NULL };
	char d[24], p[24];
	size_t nd;

	if (id_digits(s, n, labels, d, sizeof d, &nd, why) < 0)
		return -1;
	if (all_zero(d, nd))
		return fail(why, "all zeros");
	if (nd == 9 || nd == 11) {
		/* a leading zero lost in a spreadsheet */
		p[0] = '0';
		memcpy(p + 1, d, nd + 1);
		if (inn_ok(p, nd + 1)) {
			crm_buf_add(out, p, nd + 1);
			return 0;
		}
	}
	if (nd != 10 && nd != 12)
		return fail(why, "not 10 or 12 digits");
	if (!inn_ok(d, nd))
		return fail(why, "checksum mismatch");
	crm_buf_add(out, d, nd);
	return 0;
}

static uint64_t
digits_u64(const char *d, size_t k)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < k; i++)
		v = v * 10 + (uint64_t)(d[i] - '0');
	return v;
}

int
crm_norm_ogrn(const char *s, size_t n, struct crm_buf *out,
    const char **why)
{
	static const char *const labels[] = { "ОГРН", "OGRN", NULL };
	char d[24];
	size_t nd;

	if (id_digits(s, n, labels, d, sizeof d, &nd, why) < 0)
		return -1;
	if (nd != 13)
		return fail(why, "not 13 digits");
	if (d[0] != '1' && d[0] != '5')
		return fail(why, "first digit not 1 or 5");
	if (digits_u64(d, 12) % 11 % 10 != (uint64_t)(d[12] - '0'))
		return fail(why, "checksum mismatch");
	crm_buf_add(out, d, nd);
	return 0;
}

int
crm_norm_ogrnip(const char *s, size_t n, struct crm_buf *out,
    const char **why)
{
	static const char *const labels[] = {
		"ОГРНИП", "OGRNIP", "ОГРН", NULL
	};
	char d[24];
	size_t nd;

	if (id_digits(s, n, labels, d, sizeof d, &nd, why) < 0)
		return -1;
	if (nd != 15)
		return fail(why, "not 15 digits");
	if (d[0] != '3')
		return fail(why, "first digit not 3");
	/* the last digit of the remainder mod 13 (not the remainder) */
	if (digits_u64(d, 14) % 13 % 10 != (uint64_t)(d[14] - '0'))
		return fail(why, "checksum mismatch");
	crm_buf_add(out, d, nd);
	return 0;
}

int
crm_norm_kpp(const char *s, size_t n, struct crm_buf *out,
    const char **why)
{
	static const char *const labels[] = { "КПП", "KPP", NULL };
	char d[12];
	size_t i, nd = 0, m;

	unexcel(&s, &n);
	if ((m = match_any(s, n, labels))) {
		s += m;
		n -= m;
		while (n && (s[0] == ':' || s[0] == ' ')) {
			s++;
			n--;
		}
	}
	trim(&s, &n);
	if (n == 0)
		return fail(why, "empty");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '-')
			continue;
		if (c >= 'a' && c <= 'z')
			c -= 32;
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')))
			return fail(why, "not digits");
		if (nd >= 9)
			return fail(why, "not 9 characters");
		d[nd++] = (char)c;
	}
	if (nd != 9)
		return fail(why, "not 9 characters");
	for (i = 0; i < 9; i++)
		if ((i < 4 || i > 5) && (d[i] < '0' || d[i] > '9'))
			return fail(why, "bad format");
	crm_buf_add(out, d, nd);
	return 0;
}

int
crm_norm_postal(const char *s, size_t n, struct crm_buf *out,
    const char **why)
{
	char d[12];
	size_t i;

	unexcel(&s, &n);
	if (n == 0)
		return fail(why, "empty");
	if (n != 6)
		return fail(why, "not 6 digits");
	for (i = 0; i < 6; i++) {
		if (s[i] < '0' || s[i] > '9')
			return fail(why, "not 6 digits");
		d[i] = s[i];
	}
	crm_buf_add(out, d, 6);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Header labels */

void
crm_norm_label(const char *s, size_t n, struct crm_buf *out)
{
	size_t start = out->len, i, len;
	struct scratch sc;
	char *p;

	if (crm_norm_text(s, n, out, NULL) < 0) {
		trim(&s, &n);
		crm_buf_add(out, s, n);
	}
	len = out->len - start;
	if (all_ascii(out->buf + start, len)) {
		for (i = start; i < out->len; i++)
			out->buf[i] =
			    (char)lower_cp((unsigned char)out->buf[i]);
	} else {
		p = scratch_copy(&sc, out->buf + start, len);
		crm_buf_setlen(out, start);
		if (crm_utf8_casefold(p, len, out) < 0) {
			crm_buf_add(out, p, len);
			for (i = start; i < out->len; i++)
				if (out->buf[i] >= 'A' && out->buf[i] <= 'Z')
					out->buf[i] = (char)(out->buf[i] + 32);
		}
		scratch_free(&sc);
		for (i = start; i + 1 < out->len; i++)
			if ((unsigned char)out->buf[i] == 0xd1 &&
			    (unsigned char)out->buf[i + 1] == 0x91) {
				out->buf[i] = (char)0xd0;	/* ё -> е */
				out->buf[i + 1] = (char)0xb5;
			}
	}
	while (out->len > start && (out->buf[out->len - 1] == ':' ||
	    out->buf[out->len - 1] == '*' || out->buf[out->len - 1] == ' '))
		crm_buf_setlen(out, out->len - 1);
}
