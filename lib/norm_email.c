/*
 * norm: e-mail addresses.  Shared helpers: norm_int.h.
 *
 * Decisions the header leaves open, written down here:
 * - Emails: surrounding white space (newlines included) is trimmed; white
 *   space or control characters inside are invalid; the local part must be
 *   ASCII; Unicode domains stay Unicode, lower-cased.
 */
#include <arpa/inet.h>
#include <sys/socket.h>

#include "norm_int.h"

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
