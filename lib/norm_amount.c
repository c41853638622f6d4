/*
 * norm: amounts and currencies.  Shared helpers: norm_int.h.
 *
 * Decisions the header leaves open, written down here:
 * - Amounts: a single "." is always a decimal point; a single "," is a
 *   decimal comma unless exactly three digits follow it and one to three
 *   digits (not starting with 0) precede it, which is refused as ambiguous.
 *   Parentheses mean a negative amount.
 */
#include "norm_int.h"

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
