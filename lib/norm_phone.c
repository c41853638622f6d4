/*
 * norm: phones.  Shared helpers: norm_int.h.
 *
 * Decisions the header leaves open, written down here:
 * - Phones: "00" is read as an international prefix; "+7 8 912 ..." (a
 *   national 8 kept after +7) is read as +7 912 ...; "+8 9xx ..." is
 *   refused as a probable typo of 8 9xx; a bare 10-digit number must start
 *   with 3, 4, 8 or 9; 7xx after a 7/8/+7 prefix is taken (Kazakhstan).
 *   Several numbers in one cell are refused, never silently cut.
 */
#include "norm_int.h"
#include "phone.h"

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
		if (s[i] >= '0' && s[i] <= '9') {	/* the usual case, first */
			if (nd + 1 >= sizeof d)
				return fail(why, "too many digits");
			d[nd++] = s[i];
			len = 1;
			continue;
		}
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
