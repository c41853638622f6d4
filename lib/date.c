/*
 * date: calendar dates and date-times (see date.h).
 *
 * Decisions the header leaves open, written down here:
 * - dd.mm.yy uses the POSIX strptime %y pivot: 00-68 are 2000-2068,
 *   69-99 are 1969-1999.  "/" and "-" dates are day first (dd/mm/yyyy)
 *   unless the caller gives another order (crm_date_parse_order); a value
 *   with month > 12 is refused, not swapped.
 * - A bare integer 1900-2100 is refused as "a year, not a date" instead of
 *   being read as an Excel serial.  yyyymmdd (8 digits) is a compact ISO
 *   date.  An Excel fraction of a day is rounded to the second.
 * - Month names (Russian in every case and short form, English) match as
 *   whole words, in any letter case, ё as е.
 */
#include <limits.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "utf8.h"

static int
fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -1;
}

/* ---- calendar ---- */

int
crm_date_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
crm_date_mdays(long y, int m)
{
	static const int d[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && crm_date_leap(y) ? 29 : d[m - 1];
}

int
crm_date_valid(long y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= crm_date_mdays(y, m);
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil). */
long
crm_date_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* H. Hinnant's civil_from_days. */
void
crm_date_civil(long z, long *yp, int *mp_, int *dp)
{
	long era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	*yp = y + (m <= 2);
	*mp_ = (int)m;
	*dp = (int)d;
}

int
crm_date_weekday(long day)
{
	/* 1970-01-01 was a Thursday (4) */
	long w = (day + 3) % 7;

	return (int)(w < 0 ? w + 7 : w) + 1;
}

void
crm_date_from_days(long z, char out[11])
{
	long y;
	int m, d;

	crm_date_civil(z, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = y < 0 ? 0 : 9999;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

static void
put2(char *p, long v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

/* min..max digits at s[*i], not followed by another digit; their count. */
static int
num2(const char *s, size_t n, size_t *i, int min, int max, long *v)
{
	size_t k = 0;

	*v = 0;
	while (*i < n && s[*i] >= '0' && s[*i] <= '9' && k < (size_t)max) {
		*v = *v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	if (k < (size_t)min || (*i < n && s[*i] >= '0' && s[*i] <= '9'))
		return -1;
	return (int)k;
}

int
crm_date_days(const char *iso, long *days)
{
	size_t i = 0, n;
	long y, m, d;

	if (!iso || (n = strnlen(iso, 10)) < 10)
		return -1;
	if (num2(iso, n, &i, 4, 4, &y) < 0 || iso[i++] != '-' ||
	    num2(iso, n, &i, 2, 2, &m) < 0 || iso[i++] != '-' ||
	    num2(iso, n, &i, 2, 2, &d) < 0)
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > crm_date_mdays(y, (int)m))
		return -1;
	*days = crm_date_from_civil(y, (int)m, (int)d);
	return 0;
}

int
crm_date_iso_days(const char *s, size_t n, long *days)
{
	long y, m, d;
	size_t i;

	if (n < 10 || (n > 10 && s[10] != 'T' && s[10] != ' '))
		return -1;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || m < 1 || m > 12 || d < 1 ||
	    d > crm_date_mdays(y, (int)m))
		return -1;
	*days = crm_date_from_civil(y, (int)m, (int)d);
	return 0;
}

/* ---- words ---- */

/* Lower case for matching, ё as е. */
static long
fold_cp(long cp)
{
	if (cp < 0x80)
		cp = cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	else
		cp = crm_utf8_tolower_cp(cp);
	return cp == 0x451 ? 0x435 : cp;
}

/* If t starts with pat (folded), the bytes of t that matched, else 0. */
static size_t
fold_prefix(const char *t, size_t tn, const char *pat)
{
	size_t i = 0, j = 0, pn = strlen(pat);
	long a, b;
	int la, lb;

	while (j < pn) {
		if (i >= tn)
			return 0;
		la = crm_utf8_decode(pat + j, pn - j, &a);
		lb = crm_utf8_decode(t + i, tn - i, &b);
		if (la < 1 || lb < 1 || fold_cp(a) != fold_cp(b))
			return 0;
		j += (size_t)la;
		i += (size_t)lb;
	}
	return i;
}

/* Month names, Russian and English, folded. */
static const struct {
	const char *word;
	int month;
} months[] = {
	{ "января", 1 }, { "январь", 1 }, { "янв", 1 },
	{ "февраля", 2 }, { "февраль", 2 }, { "фев", 2 }, { "февр", 2 },
	{ "марта", 3 }, { "март", 3 }, { "мар", 3 },
	{ "апреля", 4 }, { "апрель", 4 }, { "апр", 4 },
	{ "мая", 5 }, { "май", 5 },
	{ "июня", 6 }, { "июнь", 6 }, { "июн", 6 },
	{ "июля", 7 }, { "июль", 7 }, { "июл", 7 },
	{ "августа", 8 }, { "август", 8 }, { "авг", 8 },
	{ "сентября", 9 }, { "сентябрь", 9 }, { "сен", 9 }, { "сент", 9 },
	{ "октября", 10 }, { "октябрь", 10 }, { "окт", 10 },
	{ "ноября", 11 }, { "ноябрь", 11 }, { "ноя", 11 }, { "нояб", 11 },
	{ "декабря", 12 }, { "декабрь", 12 }, { "дек", 12 },
	{ "january", 1 }, { "jan", 1 }, { "february", 2 }, { "feb", 2 },
	{ "march", 3 }, { "mar", 3 }, { "april", 4 }, { "apr", 4 },
	{ "may", 5 }, { "june", 6 }, { "jun", 6 }, { "july", 7 },
	{ "jul", 7 }, { "august", 8 }, { "aug", 8 }, { "september", 9 },
	{ "sep", 9 }, { "sept", 9 }, { "october", 10 }, { "oct", 10 },
	{ "november", 11 }, { "nov", 11 }, { "december", 12 }, { "dec", 12 },
};

/* A month name at s[*i] (a whole word, optional dot); 0 if none. */
static int
month_word(const char *s, size_t n, size_t *i)
{
	size_t j = *i, k, m;
	long cp;
	int len;

	while (j < n) {
		if ((len = crm_utf8_decode(s + j, n - j, &cp)) < 1 ||
		    !crm_utf8_isletter_cp(cp))
			break;
		j += (size_t)len;
	}
	if (j == *i)
		return 0;
	for (k = 0; k < sizeof months / sizeof months[0]; k++) {
		m = fold_prefix(s + *i, j - *i, months[k].word);
		if (m == j - *i) {
			if (j < n && s[j] == '.')
				j++;
			*i = j;
			return months[k].month;
		}
	}
	return 0;
}

static void
skip_sp(const char *s, size_t n, size_t *i)
{
	while (*i < n && s[*i] == ' ')
		(*i)++;
}

/* A trailing "г.", "г", "года", "год" after the year. */
static void
skip_year_word(const char *s, size_t n, size_t *i)
{
	static const char *const words[] = { "года", "год", "г.", "г", NULL };
	const char *const *w;
	size_t j = *i, m = 0;

	skip_sp(s, n, &j);
	/* every word starts with г or Г (0xD0 0xB3, 0xD0 0x93): most dates
	 * have none, and need no case folding to say so */
	if (j >= n || (unsigned char)s[j] != 0xD0)
		return;
	for (w = words; *w && !(m = fold_prefix(s + j, n - j, *w)); w++)
		;
	if (m && (j + m == n || s[j + m] == ' ' || s[j + m] == ','))
		*i = j + m;
}

/* ---- the parser ---- */

/* Exactly two digits at s[*i] (more may follow). */
static int
digits2(const char *s, size_t n, size_t *i, long *v)
{
	if (*i + 2 > n || s[*i] < '0' || s[*i] > '9' || s[*i + 1] < '0' ||
	    s[*i + 1] > '9')
		return 0;
	*v = (s[*i] - '0') * 10 + (s[*i + 1] - '0');
	*i += 2;
	return 1;
}

/* A time at s[*i]: H:MM[:SS[.fff]] and an optional zone. */
static int
parse_time(const char *s, size_t n, size_t *i, struct crm_datetime *dt)
{
	long hh, mi, ss = -1, scale = 100000000;

	if (num2(s, n, i, 1, 2, &hh) < 0 || *i >= n || s[(*i)++] != ':' ||
	    num2(s, n, i, 2, 2, &mi) < 0)
		return -1;
	if (*i < n && s[*i] == ':') {
		(*i)++;
		if (num2(s, n, i, 2, 2, &ss) < 0)
			return -1;
		if (*i < n && (s[*i] == '.' || s[*i] == ',')) {
			for ((*i)++; *i < n && s[*i] >= '0' && s[*i] <= '9';
			    (*i)++, scale /= 10) {
				if (++dt->fraclen > 9)
					return -1;
				dt->nsec += (s[*i] - '0') * scale;
			}
			if (dt->fraclen == 0)
				return -1;
		}
	}
	skip_sp(s, n, i);
	if (*i < n && s[*i] == 'Z') {
		(*i)++;
		dt->has_off = 1;
		strcpy(dt->zone, "Z");
	} else if (*i < n && (s[*i] == '+' || s[*i] == '-')) {
		long zh, zm = 0;
		char sign = s[(*i)++];

		if (!digits2(s, n, i, &zh))
			return -1;
		if (*i < n && s[*i] == ':') {
			(*i)++;
			if (!digits2(s, n, i, &zm))
				return -1;
		} else if (*i < n && s[*i] >= '0' && s[*i] <= '9' &&
		    !digits2(s, n, i, &zm))
			return -1;
		if (*i < n && s[*i] >= '0' && s[*i] <= '9')
			return -1;
		if (zh > 23 || zm > 59)
			return -1;
		dt->has_off = 1;
		dt->off = (int)((sign == '-' ? -1 : 1) * (zh * 60 + zm));
		dt->zone[0] = sign;
		put2(dt->zone + 1, zh);
		dt->zone[3] = ':';
		put2(dt->zone + 4, zm);
		dt->zone[6] = '\0';
	} else if (n - *i >= 3 && !memcmp(s + *i, "UTC", 3)) {
		*i += 3;
		dt->has_off = 1;
		strcpy(dt->zone, "Z");
	}
	if (hh > 23 || mi > 59 || ss > 59)
		return -1;
	dt->sec = hh * 3600 + mi * 60 + (ss < 0 ? 0 : ss);
	dt->has_sec = ss >= 0;
	return 0;
}

/* An Excel serial day number, maybe with a fraction of a day. */
static int
excel_serial(const char *s, size_t n, struct crm_datetime *dt,
    const char **why)
{
	size_t i = 0;
	long long ip = 0, frac = 0, scale = 1, secs = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9' && ip < 100000000)
		ip = ip * 10 + (s[i++] - '0');
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			if (scale < 1000000000) {
				frac = frac * 10 + (s[i] - '0');
				scale *= 10;
			}
	} else if (i == 4 && ip >= 1900 && ip <= 2100)
		return fail(why, "a year, not a date");
	if (i != n)
		return fail(why, "not a date");
	if (ip < 61 || ip >= 2958466)
		return fail(why, "serial date out of range");
	secs = (frac * 86400 + scale / 2) / scale;
	if (secs >= 86400) {
		secs -= 86400;
		ip++;
	}
	dt->day = (long)(ip - 25569);
	if (secs) {
		dt->sec = (long)secs;
		dt->has_sec = 1;
	}
	return 0;
}

#define DIGIT(c) ((unsigned)((c) - '0') < 10)
#define TWO(p) (((p)[0] - '0') * 10 + ((p)[1] - '0'))

/*
 * The shapes most values have, read in one pass: yyyy-mm-dd or dd.mm.yyyy,
 * alone or then T or one space, HH:MM[:SS[.f]] (1-9 digits of fraction)
 * and an optional zone Z or +HH:MM (-HH:MM) right after it.  1 when
 * s is one of them and a valid date and time (dt filled as the general
 * parser below fills it); 0 for anything else, dt untouched: the general
 * parser then reads it, and says why it is no date.
 */
static int
quick_parse(const char *s, size_t n, struct crm_datetime *dt)
{
	long y, m, d, hh = 0, mi = 0, ss = -1, zh = 0, zm = 0;
	long nsec = 0, scale = 100000000;
	size_t i;
	int z = 0, fraclen = 0;

	if (n < 10)
		return 0;
	if (s[4] == '-' && s[7] == '-' && DIGIT(s[0]) && DIGIT(s[1]) &&
	    DIGIT(s[2]) && DIGIT(s[3]) && DIGIT(s[5]) && DIGIT(s[6]) &&
	    DIGIT(s[8]) && DIGIT(s[9])) {
		y = TWO(s) * 100 + TWO(s + 2);
		m = TWO(s + 5);
		d = TWO(s + 8);
	} else if (s[2] == '.' && s[5] == '.' && DIGIT(s[0]) && DIGIT(s[1]) &&
	    DIGIT(s[3]) && DIGIT(s[4]) && DIGIT(s[6]) && DIGIT(s[7]) &&
	    DIGIT(s[8]) && DIGIT(s[9])) {
		d = TWO(s);
		m = TWO(s + 3);
		y = TWO(s + 6) * 100 + TWO(s + 8);
	} else
		return 0;
	if (m < 1 || m > 12 || y < 1 || d < 1 || d > crm_date_mdays(y, (int)m))
		return 0;
	if (n > 10) {
		if (n < 16 || (s[10] != 'T' && s[10] != ' ') || !DIGIT(s[11]) ||
		    !DIGIT(s[12]) || s[13] != ':' || !DIGIT(s[14]) ||
		    !DIGIT(s[15]))
			return 0;
		hh = TWO(s + 11);
		mi = TWO(s + 14);
		i = 16;
		if (n - i >= 3 && s[i] == ':' && DIGIT(s[i + 1]) &&
		    DIGIT(s[i + 2])) {
			ss = TWO(s + i + 1);
			i += 3;
		}
		if (ss >= 0 && i < n && (s[i] == '.' || s[i] == ',')) {
			for (i++; i < n && DIGIT(s[i]) && fraclen < 9; i++) {
				nsec += (s[i] - '0') * scale;
				scale /= 10;
				fraclen++;
			}
			if (fraclen == 0)
				return 0;
		}
		if (i < n && s[i] == 'Z') {
			z = 'Z';
			i++;
		} else if (n - i == 6 && (s[i] == '+' || s[i] == '-') &&
		    DIGIT(s[i + 1]) && DIGIT(s[i + 2]) && s[i + 3] == ':' &&
		    DIGIT(s[i + 4]) && DIGIT(s[i + 5])) {
			z = s[i];
			zh = TWO(s + i + 1);
			zm = TWO(s + i + 4);
			i += 6;
		}
		if (i != n || hh > 23 || mi > 59 || ss > 59 || zh > 23 ||
		    zm > 59)
			return 0;
		dt->sec = hh * 3600 + mi * 60 + (ss < 0 ? 0 : ss);
		dt->has_sec = ss >= 0;
		dt->nsec = nsec;
		dt->fraclen = fraclen;
		if (z == 'Z') {
			dt->has_off = 1;
			dt->zone[0] = 'Z';
			dt->zone[1] = '\0';
		} else if (z) {
			dt->has_off = 1;
			dt->off = (int)((z == '-' ? -1 : 1) * (zh * 60 + zm));
			memcpy(dt->zone, s + n - 6, 6);
			dt->zone[6] = '\0';
		}
	}
	dt->day = crm_date_from_civil(y, (int)m, (int)d);
	return 1;
}

int
crm_date_parse(const char *s, size_t n, struct crm_datetime *dt,
    const char **why)
{
	return crm_date_parse_order(s, n, 0, dt, NULL, why);
}

int
crm_date_parse_order(const char *s, size_t n, int order,
    struct crm_datetime *dt, int *shows, const char **why)
{
	size_t i = 0, k, alldig = 1, nsep;
	long y = 0, m = 0, d = 0, a, t;
	int ka, mw;
	char sep;

	if (shows)
		*shows = -1;
	memset(dt, 0, sizeof *dt);
	dt->sec = -1;
	if (quick_parse(s, n, dt))
		return 0;
	if (n == 0)
		return fail(why, "empty");
	for (k = 0; k < n; k++)
		if (!((s[k] >= '0' && s[k] <= '9') || s[k] == '.' ||
		    s[k] == ','))
			alldig = 0;
	if (alldig) {
		for (k = 0, nsep = 0; k < n; k++)
			nsep += s[k] == '.' || s[k] == ',';
		if (n == 8 && nsep == 0) {
			/* yyyymmdd */
			y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
			    (s[2] - '0') * 10 + (s[3] - '0');
			m = (s[4] - '0') * 10 + (s[5] - '0');
			d = (s[6] - '0') * 10 + (s[7] - '0');
			goto check;
		}
		if (nsep < 2)
			return excel_serial(s, n, dt, why);
	}
	if ((mw = month_word(s, n, &i))) {
		/* March 12, 2024 */
		m = mw;
		skip_sp(s, n, &i);
		if (num2(s, n, &i, 1, 2, &d) < 0)
			return fail(why, "not a date");
		if (i < n && s[i] == ',')
			i++;
		skip_sp(s, n, &i);
		if (num2(s, n, &i, 4, 4, &y) < 0)
			return fail(why, "not a date");
		goto rest;
	}
	if ((ka = num2(s, n, &i, 1, 4, &a)) < 0 || ka == 3 || i >= n)
		return fail(why, "not a date");
	sep = s[i];
	if (ka == 4) {
		y = a;
		if (sep != '-' && sep != '/' && sep != '.')
			return fail(why, "not a date");
		i++;
		if (num2(s, n, &i, 1, 2, &m) < 0 || i >= n || s[i++] != sep ||
		    num2(s, n, &i, 1, 2, &d) < 0)
			return fail(why, "not a date");
	} else {
		d = a;
		if (sep == ' ') {
			skip_sp(s, n, &i);
			if (!(m = month_word(s, n, &i)))
				return fail(why, "not a date");
			skip_sp(s, n, &i);
			if (num2(s, n, &i, 4, 4, &y) < 0)
				return fail(why, "not a date");
		} else if (sep == '.' || sep == '/' || sep == '-') {
			i++;
			if (num2(s, n, &i, 1, 2, &m) < 0 || i >= n ||
			    s[i++] != sep ||
			    (ka = num2(s, n, &i, 2, 4, &y)) < 0 || ka == 3)
				return fail(why, "not a date");
			if (sep != '.') {
				/* 3/4/2024: which is the day, the values tell */
				if (shows)
					*shows = d > 12 && m <= 12 ? 'd' :
					    m > 12 && d <= 12 ? 'm' : 0;
				if (order == 'm') {
					t = d;
					d = m;
					m = t;
				} else if (order == 'y' && ka == 2) {
					/* 24/03/05: yy/mm/dd */
					t = d;
					d = y;
					y = t;
				}
			}
			if (ka == 2 || (order == 'y' && sep != '.' && y < 100))
				y += y < 69 ? 2000 : 1900;
		} else
			return fail(why, "not a date");
	}
rest:
	skip_year_word(s, n, &i);
	if (i < n && s[i] == ',')
		i++;
	if (i < n && (s[i] == 'T' || s[i] == ' ')) {
		i++;
		skip_sp(s, n, &i);
		if (i < n && parse_time(s, n, &i, dt) < 0)
			return fail(why, "bad time");
	}
	if (i != n)
		return fail(why, "trailing text after the date");
check:
	if (m < 1 || m > 12)
		return fail(why, "month out of range");
	if (y < 1 || d < 1 || d > crm_date_mdays(y, (int)m))
		return fail(why, "day out of range");
	dt->day = crm_date_from_civil(y, (int)m, (int)d);
	return 0;
}

void
crm_date_format(const struct crm_datetime *dt, struct crm_buf *out)
{
	char iso[20];
	long s = dt->sec, ns = dt->nsec;
	int k;

	crm_date_from_days(dt->day, iso);
	if (s < 0) {
		crm_buf_add(out, iso, 10);
		return;
	}
	iso[10] = 'T';
	put2(iso + 11, s / 3600);
	iso[13] = ':';
	put2(iso + 14, s / 60 % 60);
	iso[16] = ':';
	put2(iso + 17, s % 60);
	crm_buf_add(out, iso, dt->has_sec ? 19 : 16);
	if (dt->fraclen) {
		/* the nine digits of nsec, of which the first fraclen were written */
		for (k = 9; k > 0; k--, ns /= 10)
			iso[k] = (char)('0' + ns % 10);
		iso[0] = '.';
		crm_buf_add(out, iso, (size_t)dt->fraclen + 1);
	}
	crm_buf_adds(out, dt->zone);
}

/* ---- differences ---- */

double
crm_datetime_utc(const struct crm_datetime *dt)
{
	double t = (double)dt->day * 86400.0;

	if (dt->sec >= 0)
		t += (double)dt->sec + (double)dt->nsec / 1e9;
	if (dt->has_off)
		t -= (double)dt->off * 60.0;
	return t;
}

double
crm_datetime_diff_days(const struct crm_datetime *a,
    const struct crm_datetime *b)
{
	/* whole days and seconds apart, so that large days lose no second */
	double secs = (double)(b->day - a->day) * 86400.0;

	secs += (b->sec >= 0 ? (double)b->sec + (double)b->nsec / 1e9 : 0) -
	    (a->sec >= 0 ? (double)a->sec + (double)a->nsec / 1e9 : 0);
	secs -= (b->has_off ? b->off : 0) * 60.0;
	secs += (a->has_off ? a->off : 0) * 60.0;
	return secs / 86400.0;
}

/* ---- buckets ---- */

int
crm_date_unit(const char *name, enum crm_date_unit *unit)
{
	static const char *const names[] = {
		"day", "week", "month", "quarter", "year"
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(name, names[i])) {
			*unit = (enum crm_date_unit)i;
			return 0;
		}
	return -1;
}

void
crm_date_iso_week(long day, long *year, int *week)
{
	/* the week's Thursday decides its year */
	long thu = day - (crm_date_weekday(day) - 1) + 3, y;
	int m, d;

	crm_date_civil(thu, &y, &m, &d);
	*year = y;
	*week = (int)((thu - crm_date_from_civil(y, 1, 1)) / 7 + 1);
}

long
crm_date_bucket_start(long day, enum crm_date_unit unit)
{
	long y;
	int m, d;

	crm_date_civil(day, &y, &m, &d);
	switch (unit) {
	case CRM_DATE_WEEK:
		return day - (crm_date_weekday(day) - 1);
	case CRM_DATE_MONTH:
		return crm_date_from_civil(y, m, 1);
	case CRM_DATE_QUARTER:
		return crm_date_from_civil(y, (m - 1) / 3 * 3 + 1, 1);
	case CRM_DATE_YEAR:
		return crm_date_from_civil(y, 1, 1);
	case CRM_DATE_DAY:
		break;
	}
	return day;
}

static void
put4(char *p, long v)
{
	if (v < 0 || v > 9999)
		v = v < 0 ? 0 : 9999;
	put2(p, v / 100);
	put2(p + 2, v % 100);
}

void
crm_date_bucket_label(long day, enum crm_date_unit unit,
    char out[CRM_DATE_LABEL])
{
	long y;
	int m, d, w;

	switch (unit) {
	case CRM_DATE_DAY:
		crm_date_from_days(day, out);
		return;
	case CRM_DATE_WEEK:
		crm_date_iso_week(day, &y, &w);
		put4(out, y);
		memcpy(out + 4, "-W", 2);
		put2(out + 6, w);
		out[8] = '\0';
		return;
	default:
		break;
	}
	crm_date_civil(day, &y, &m, &d);
	put4(out, y);
	out[4] = '\0';
	if (unit == CRM_DATE_MONTH) {
		out[4] = '-';
		put2(out + 5, m);
		out[7] = '\0';
	} else if (unit == CRM_DATE_QUARTER) {
		memcpy(out + 4, "-Q", 2);
		out[6] = (char)('1' + (m - 1) / 3);
		out[7] = '\0';
	}
}

/* ---- as-of dates ---- */

long
crm_date_today(void)
{
	time_t now = time(NULL);

	return (long)(now / 86400 - (now % 86400 < 0));
}

void
crm_date_stamp(long long t, char out[21])
{
	long long day = t / 86400 - (t % 86400 < 0), sec = t - day * 86400;

	crm_date_from_days((long)day, out);
	out[10] = 'T';
	put2(out + 11, (long)(sec / 3600));
	out[13] = ':';
	put2(out + 14, (long)(sec / 60 % 60));
	out[16] = ':';
	put2(out + 17, (long)(sec % 60));
	out[19] = 'Z';
	out[20] = '\0';
}

int
crm_date_as_of(const char *s, size_t n, long *day, const char **why)
{
	struct crm_datetime dt;

	if (n == 5 && !memcmp(s, "today", 5)) {
		*day = crm_date_today();
		return 0;
	}
	if (crm_date_parse(s, n, &dt, why) < 0)
		return -1;
	*day = dt.day;
	return 0;
}

/* Digits s[0..n-1] as a number; -1 when one is not a digit. */
static long
label_num(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
crm_date_bucket_parse(const char *s, long *start, long *end,
    enum crm_date_unit *unit)
{
	size_t n = strlen(s);
	long y, v, wk1;
	int m;

	if (n < 4 || (y = label_num(s, 4)) < 1)
		return -1;
	if (n == 4) {
		*unit = CRM_DATE_YEAR;
		*start = crm_date_from_civil(y, 1, 1);
		*end = crm_date_from_civil(y + 1, 1, 1);
		return 0;
	}
	if (s[4] != '-')
		return -1;
	if (n == 7 && s[5] == 'Q' && s[6] >= '1' && s[6] <= '4') {
		m = (s[6] - '1') * 3 + 1;
		*unit = CRM_DATE_QUARTER;
		*start = crm_date_from_civil(y, m, 1);
		*end = m == 10 ? crm_date_from_civil(y + 1, 1, 1) :
		    crm_date_from_civil(y, m + 3, 1);
		return 0;
	}
	if (n == 8 && s[5] == 'W' && (v = label_num(s + 6, 2)) >= 1 &&
	    v <= 53) {
		long yy;
		int w;

		/* the Monday of week 1 holds January 4th */
		wk1 = crm_date_from_civil(y, 1, 4);
		wk1 -= crm_date_weekday(wk1) - 1;
		*start = wk1 + (v - 1) * 7;
		crm_date_iso_week(*start, &yy, &w);
		if (yy != y || w != v)
			return -1;
		*unit = CRM_DATE_WEEK;
		*end = *start + 7;
		return 0;
	}
	if (n == 7 && (v = label_num(s + 5, 2)) >= 1 && v <= 12) {
		*unit = CRM_DATE_MONTH;
		*start = crm_date_from_civil(y, (int)v, 1);
		*end = *start + crm_date_mdays(y, (int)v);
		return 0;
	}
	if (n == 10 && crm_date_days(s, start) == 0) {
		*unit = CRM_DATE_DAY;
		*end = *start + 1;
		return 0;
	}
	return -1;
}
