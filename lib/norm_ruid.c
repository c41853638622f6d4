/*
 * norm: ИНН, ОГРН, ОГРНИП, КПП, postal codes.  Shared helpers: norm_int.h.
 *
 * Decisions the header leaves open, written down here:
 * - ИНН with 9 or 11 digits gets its lost leading zero back only when the
 *   checksum then passes.  ОГРН must start with 1 or 5, ОГРНИП with 3.
 */
#include "norm_int.h"

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
