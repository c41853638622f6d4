/*
 * norm: normalisers for CRM values (design §7, research validation.md §3,
 * §5.3).  Pure functions over (s, n): no I/O, no globals, no regex.  Each
 * appends to the caller's crm_buf and, on failure, truncates it back to its
 * old length.  Pure-ASCII input takes paths that never call utf8proc, and
 * nothing here allocates except to grow the caller's buffers (and, for rare
 * long non-ASCII values, a scratch copy).
 *
 * This file: text, missing-value marks, date text, header labels.  Phones,
 * e-mails, names, companies, amounts and Russian identifiers have their own
 * norm_*.c; the helpers they share are in norm_int.h.
 *
 * Decisions the header leaves open, written down here:
 * - Text: CR LF and CR become LF; a run of white space that holds line
 *   breaks becomes those line breaks, any other run one space.
 * - Dates: read by crm_date_parse (date.c says how) and written by
 *   crm_date_format: the local wall time, the fraction and the zone as
 *   written.
 */
#include "date.h"
#include "norm_int.h"

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

int
crm_norm_is_sci(const char *s, size_t n)
{
	return is_sci(s, n);
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
