/*
 * simil: similarity functions and matching keys for crm-dedupe (simil.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "simil.h"

/* Decode UTF-8 into code points (at most max); bad bytes decode as themselves. */
static size_t
decode(const char *s, size_t n, uint32_t *cp, size_t max)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t k = 0;

	while (p < end && k < max) {
		uint32_t c = *p;
		int len = 1;

		if (c >= 0xc0 && c < 0xe0 && end - p >= 2 && (p[1] & 0xc0) == 0x80) {
			c = ((c & 0x1f) << 6) | (p[1] & 0x3f);
			len = 2;
		} else if (c >= 0xe0 && c < 0xf0 && end - p >= 3 &&
		    (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) {
			c = ((c & 0x0f) << 12) | ((uint32_t)(p[1] & 0x3f) << 6) |
			    (p[2] & 0x3f);
			len = 3;
		} else if (c >= 0xf0 && c < 0xf8 && end - p >= 4 &&
		    (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
		    (p[3] & 0xc0) == 0x80) {
			c = ((c & 0x07) << 18) | ((uint32_t)(p[1] & 0x3f) << 12) |
			    ((uint32_t)(p[2] & 0x3f) << 6) | (p[3] & 0x3f);
			len = 4;
		}
		cp[k++] = c;
		p += len;
	}
	return k;
}

static int
ascii_only(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

static double
jaro_cp(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	unsigned char ma[CRM_SIMIL_MAXCP], mb[CRM_SIMIL_MAXCP];
	size_t i, j, k, win, m = 0, t = 0;

	if (na == 0 && nb == 0)
		return 1.0;
	if (na == 0 || nb == 0)
		return 0.0;
	win = (na > nb ? na : nb) / 2;
	win = win ? win - 1 : 0;
	memset(ma, 0, na);
	memset(mb, 0, nb);
	for (i = 0; i < na; i++) {
		size_t lo = i > win ? i - win : 0;
		size_t hi = i + win + 1 < nb ? i + win + 1 : nb;

		for (j = lo; j < hi; j++)
			if (!mb[j] && a[i] == b[j]) {
				ma[i] = mb[j] = 1;
				m++;
				break;
			}
	}
	if (m == 0)
		return 0.0;
	for (i = 0, k = 0; i < na; i++) {
		if (!ma[i])
			continue;
		while (!mb[k])
			k++;
		if (a[i] != b[k])
			t++;
		k++;
	}
	return ((double)m / na + (double)m / nb +
	    ((double)m - t / 2.0) / m) / 3.0;
}

static double
jw_cp(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	double j = jaro_cp(a, na, b, nb);
	size_t l = 0;

	while (l < 4 && l < na && l < nb && a[l] == b[l])
		l++;
	return j + l * 0.1 * (1.0 - j);
}

/* Jaro-Winkler over bytes: the fast path for ASCII (skeletons, keys). */
static double
jw_bytes(const unsigned char *a, size_t na, const unsigned char *b, size_t nb)
{
	unsigned char ma[CRM_SIMIL_MAXCP], mb[CRM_SIMIL_MAXCP];
	size_t i, j, k, win, m = 0, t = 0, l = 0;
	double jr;

	if (na > CRM_SIMIL_MAXCP)
		na = CRM_SIMIL_MAXCP;
	if (nb > CRM_SIMIL_MAXCP)
		nb = CRM_SIMIL_MAXCP;
	if (na == 0 && nb == 0)
		return 1.0;
	if (na == 0 || nb == 0)
		return 0.0;
	win = (na > nb ? na : nb) / 2;
	win = win ? win - 1 : 0;
	memset(ma, 0, na);
	memset(mb, 0, nb);
	for (i = 0; i < na; i++) {
		size_t lo = i > win ? i - win : 0;
		size_t hi = i + win + 1 < nb ? i + win + 1 : nb;
		unsigned char c = a[i];

		for (j = lo; j < hi; j++)
			if (b[j] == c && !mb[j]) {
				ma[i] = mb[j] = 1;
				m++;
				break;
			}
	}
	if (m == 0)
		return 0.0;
	for (i = 0, k = 0; i < na; i++) {
		if (!ma[i])
			continue;
		while (!mb[k])
			k++;
		t += a[i] != b[k];
		k++;
	}
	jr = ((double)m / na + (double)m / nb + ((double)m - t / 2.0) / m) / 3.0;
	while (l < 4 && l < na && l < nb && a[l] == b[l])
		l++;
	return jr + l * 0.1 * (1.0 - jr);
}

double
crm_simil_jw(const char *a, size_t na, const char *b, size_t nb)
{
	uint32_t ca[CRM_SIMIL_MAXCP], cb[CRM_SIMIL_MAXCP];
	size_t ka, kb;

	if (ascii_only(a, na) && ascii_only(b, nb))
		return jw_bytes((const unsigned char *)a, na,
		    (const unsigned char *)b, nb);
	ka = decode(a, na, ca, CRM_SIMIL_MAXCP);
	kb = decode(b, nb, cb, CRM_SIMIL_MAXCP);
	return jw_cp(ca, ka, cb, kb);
}

double
crm_simil_jw_bound(const char *a, size_t na, const char *b, size_t nb)
{
	uint64_t ma = 0, mb = 0;
	size_t i, ka = 0, kb = 0, m, l = 0;
	double j;

	if (na > CRM_SIMIL_MAXCP)
		na = CRM_SIMIL_MAXCP;
	if (nb > CRM_SIMIL_MAXCP)
		nb = CRM_SIMIL_MAXCP;
	if (na == 0 || nb == 0)
		return na == nb ? 1.0 : 0.0;
	for (i = 0; i < na; i++) {
		if ((unsigned char)a[i] >= 0x80)
			return 1.0;
		ma |= (uint64_t)1 << (a[i] & 63);
	}
	for (i = 0; i < nb; i++) {
		if ((unsigned char)b[i] >= 0x80)
			return 1.0;
		mb |= (uint64_t)1 << (b[i] & 63);
	}
	/* Characters whose class the other string lacks match nothing. */
	for (i = 0; i < na; i++)
		ka += (mb >> (a[i] & 63)) & 1;
	for (i = 0; i < nb; i++)
		kb += (ma >> (b[i] & 63)) & 1;
	m = ka < kb ? ka : kb;
	if (m == 0)
		return 0.0;
	j = ((double)m / na + (double)m / nb + 1.0) / 3.0;
	while (l < 4 && l < na && l < nb && a[l] == b[l])
		l++;
	return j + l * 0.1 * (1.0 - j);
}

int
crm_simil_osa_le1(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0;

	if (na == nb) {
		while (i < na && a[i] == b[i])
			i++;
		if (i >= na)
			return 1;
		if (!memcmp(a + i + 1, b + i + 1, na - i - 1))
			return 1;	/* one substitution */
		return i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		    !memcmp(a + i + 2, b + i + 2, na - i - 2);
	}
	if (na + 1 == nb || nb + 1 == na) {
		const char *s = na < nb ? a : b, *l = na < nb ? b : a;
		size_t ns = na < nb ? na : nb;

		while (i < ns && s[i] == l[i])
			i++;
		return !memcmp(s + i, l + i + 1, ns - i);
	}
	return 0;
}

int
crm_simil_osa(const char *a, size_t na, const char *b, size_t nb)
{
	uint32_t ca[CRM_SIMIL_MAXCP], cb[CRM_SIMIL_MAXCP];
	int rows[3][CRM_SIMIL_MAXCP + 1];
	int *pp, *p, *c;
	size_t i, j, ka, kb;

	ka = decode(a, na, ca, CRM_SIMIL_MAXCP);
	kb = decode(b, nb, cb, CRM_SIMIL_MAXCP);
	if (ka == 0)
		return (int)kb;
	if (kb == 0)
		return (int)ka;
	pp = rows[0];
	p = rows[1];
	c = rows[2];
	for (j = 0; j <= kb; j++)
		p[j] = (int)j;
	for (i = 1; i <= ka; i++) {
		int *tmp;

		c[0] = (int)i;
		for (j = 1; j <= kb; j++) {
			int cost = ca[i - 1] != cb[j - 1];
			int v = p[j] + 1;

			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (p[j - 1] + cost < v)
				v = p[j - 1] + cost;
			if (i > 1 && j > 1 && ca[i - 1] == cb[j - 2] &&
			    ca[i - 2] == cb[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
		}
		tmp = pp;
		pp = p;
		p = c;
		c = tmp;
	}
	return p[kb];
}

/* ---- skeleton ---------------------------------------------------------- */

/* ICAO 9303 for lower-case Cyrillic а..я (U+0430..U+044F); ъ and ь drop. */
static const char *const cyr[32] = {
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m",
	"n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh",
	"shch", "", "y", "", "e", "iu", "ia"
};

/* Latin-1 letters U+00C0..U+00FF folded ('' = drop). */
static const char *const lat1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i",
	"i", "i", "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u",
	"u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i",
	"i", "i", "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u",
	"u", "y", "th", "y"
};

/* Phase 1: lower-case ASCII letters and digits, one space between runs. */
static void
fold_latin(const char *s, size_t n, struct crm_buf *out)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	int space = 1;

	while (p < end) {
		uint32_t c = *p;
		const char *rep = NULL;
		char one[2] = { 0, 0 };
		int len = 1;

		if (c >= 0x80) {
			uint32_t cp;

			if (decode((const char *)p, (size_t)(end - p), &cp, 1) == 1)
				c = cp;
			len = c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
			if (c < 0x80)
				len = 1;	/* a bad byte */
		}
		if (c >= 'A' && c <= 'Z')
			c += 32;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			one[0] = (char)c;
			rep = one;
		} else if (c >= 0x410 && c <= 0x42f)
			rep = cyr[c - 0x410];
		else if (c >= 0x430 && c <= 0x44f)
			rep = cyr[c - 0x430];
		else if (c == 0x401 || c == 0x451 || c == 0x404 || c == 0x454)
			rep = "e";
		else if (c == 0x406 || c == 0x456 || c == 0x407 || c == 0x457)
			rep = "i";
		else if (c == 0x490 || c == 0x491)
			rep = "g";
		else if (c == 0x40e || c == 0x45e)
			rep = "u";
		else if (c >= 0xc0 && c <= 0xff)
			rep = lat1[c - 0xc0];
		else if (c == '\'' || c == 0x2019 || c == 0x2bc || c == 0x60)
			rep = "";	/* apostrophes: O'Brien, Ob'yedkov */
		if (rep) {
			if (*rep) {
				if (space && out->len > 0 &&
				    out->buf[out->len - 1] != ' ')
					crm_buf_addc(out, ' ');
				crm_buf_adds(out, rep);
				space = 0;
			}
		} else
			space = 1;
		p += len;
	}
}

static int
isvowel(int c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ||
	    c == 'y';
}

/* Phase 2: collapse transliteration variants in an ASCII string. */
static void
collapse(const char *t, size_t n, struct crm_buf *out)
{
	size_t i = 0, start = out->len;

	while (i < n) {
		char c = t[i];
		char d = i + 1 < n ? t[i + 1] : 0;
		char e = i + 2 < n ? t[i + 2] : 0;
		size_t rest = n - i;

		if (rest >= 4 && !memcmp(t + i, "shch", 4)) {
			crm_buf_adds(out, "shch");
			i += 4;
		} else if (rest >= 4 && !memcmp(t + i, "tsch", 4)) {
			crm_buf_adds(out, "ch");
			i += 4;
		} else if (c == 's' && d == 'c' && e == 'h') {
			crm_buf_adds(out, "shch");
			i += 3;
		} else if (c == 't' && d == 'c' && e == 'h') {
			crm_buf_adds(out, "ch");
			i += 3;
		} else if ((c == 'z' || c == 'c' || c == 's') && d == 'h') {
			crm_buf_addc(out, c);
			crm_buf_addc(out, 'h');
			i += 2;
		} else if (c == 'k' && d == 'h') {
			crm_buf_addc(out, 'h');
			i += 2;
		} else if (c == 't' && (d == 's' || d == 'c' || d == 'z')) {
			crm_buf_addc(out, 'c');
			i += 2;
		} else if (c == 'c' && d == 'k') {
			crm_buf_addc(out, 'k');
			i += 2;
		} else if (c == 'p' && d == 'h') {
			crm_buf_addc(out, 'f');
			i += 2;
		} else if (c == 'c') {
			crm_buf_addc(out, d == 'e' || d == 'i' || d == 'y' ? 'c' : 'k');
			i++;
		} else if (c == 'x') {
			crm_buf_adds(out, "ks");
			i++;
		} else if (c == 'w') {
			crm_buf_addc(out, 'v');
			i++;
		} else if (c == 'q') {
			crm_buf_addc(out, 'k');
			i++;
		} else if ((c == 'y' || c == 'j') && (d == 'a' || d == 'u')) {
			crm_buf_addc(out, 'i');
			crm_buf_addc(out, d);
			i += 2;
		} else if ((c == 'y' || c == 'j') && (d == 'e' || d == 'o') &&
		    (i > 0 && t[i - 1] != ' ' ? 1 : c == 'y' && d == 'e')) {
			/* Fyodor, Fjodor, Semyon; Yelena (not Jeff, John) */
			crm_buf_addc(out, 'e');
			i += 2;
		} else if (c == 'i' && d == 'o' && (i == 0 || t[i - 1] == ' ')) {
			crm_buf_addc(out, 'e');	/* Iosif aside: Yo/Io initial */
			i += 2;
		} else if (c == 'y') {
			crm_buf_addc(out, 'i');
			i++;
		} else if (c == 'j' && (i == 0 || t[i - 1] == ' ' ||
		    isvowel((unsigned char)t[i - 1])) && !isvowel((unsigned char)d)) {
			crm_buf_addc(out, 'i');	/* Sergej, Andrej */
			i++;
		} else {
			crm_buf_addc(out, c);
			i++;
		}
	}
	/* Double letters to one. */
	{
		size_t r, w = start;

		for (r = start; r < out->len; r++)
			if (w == start || out->buf[r] != out->buf[w - 1] ||
			    out->buf[r] == ' ' || (out->buf[r] >= '0' &&
			    out->buf[r] <= '9'))
				out->buf[w++] = out->buf[r];
		crm_buf_setlen(out, w);
	}
}

void
crm_simil_skeleton(const char *s, size_t n, struct crm_buf *out)
{
	struct crm_buf tmp = CRM_BUF_INIT;

	fold_latin(s, n, &tmp);
	collapse(tmp.buf, tmp.len, out);
	crm_buf_release(&tmp);
}

size_t
crm_simil_soundex(const char *skel, size_t n, struct crm_buf *out)
{
	/*         abcdefghijklmnopqrstuvwxyz */
	static const char code[] = "01230120022455012623010202";
	char key[4];
	size_t i, k = 1;
	char last;

	if (n == 0 || skel[0] < 'a' || skel[0] > 'z')
		return 0;
	key[0] = skel[0];
	last = code[skel[0] - 'a'];
	for (i = 1; i < n && k < 4; i++) {
		char c = skel[i], d;

		if (c < 'a' || c > 'z')
			break;	/* the first word only */
		if (c == 'h' || c == 'w')
			continue;	/* does not part two equal codes */
		d = code[c - 'a'];
		if (d != '0' && d != last)
			key[k++] = d;
		last = d;
	}
	while (k < 4)
		key[k++] = '0';
	crm_buf_add(out, key, 4);
	return 4;
}

static int
ends(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n >= k && !memcmp(s + n - k, suf, k);
}

int
crm_simil_surname_stem(const char *skel, size_t n, struct crm_buf *out)
{
	if (n >= 6 && ends(skel, n, "skaia")) {
		crm_buf_add(out, skel, n - 5);
		crm_buf_adds(out, "ski");
		return CRM_GENDER_F;
	}
	if (n >= 5 && (ends(skel, n, "ova") || ends(skel, n, "eva") ||
	    ends(skel, n, "ina"))) {
		crm_buf_add(out, skel, n - 1);
		return CRM_GENDER_F;
	}
	crm_buf_add(out, skel, n);
	if (n >= 5 && ends(skel, n, "ski"))
		return CRM_GENDER_M;
	if (n >= 4 && (ends(skel, n, "ov") || ends(skel, n, "ev") ||
	    ends(skel, n, "in")))
		return CRM_GENDER_M;
	return CRM_GENDER_UNKNOWN;
}

int
crm_simil_is_patronymic(const char *skel, size_t n, int *gender)
{
	int g = CRM_GENDER_UNKNOWN;

	if (n < 6)
		return 0;
	if (ends(skel, n, "ovich") || ends(skel, n, "evich") ||
	    ends(skel, n, "ich"))
		g = CRM_GENDER_M;
	else if (ends(skel, n, "ovna") || ends(skel, n, "evna") ||
	    ends(skel, n, "ichna") || ends(skel, n, "inichna"))
		g = CRM_GENDER_F;
	if (gender)
		*gender = g;
	return g != CRM_GENDER_UNKNOWN;
}

/* ---- first names --------------------------------------------------------- */

/* Each line: the full form, then its diminutives or nicknames. */
static const char *const name_groups[] = {
	"александр саша шура саня санёк сашка alexander alex alec sandy",
	"алексей алёша лёша лёха алекс",
	"анатолий толя толик",
	"андрей андрюша андрюха andrew andy drew",
	"анна аня анюта нюра анечка ann anne annie hanna hannah",
	"антон антоша тоша",
	"борис боря",
	"валентин валя",
	"валерий валера",
	"василий вася",
	"виктор витя витёк victor vic",
	"виктория вика victoria vicky vikki",
	"владимир вова володя вовка вован",
	"владислав влад владик",
	"вячеслав слава",
	"галина галя",
	"геннадий гена",
	"георгий гоша жора george",
	"григорий гриша gregory greg",
	"дарья даша дария daria",
	"денис дэн дениска dennis",
	"дмитрий дима митя",
	"евгений женя eugene",
	"екатерина катя катюша катерина katherine kate katie kathy cathy "
	    "catherine kathryn",
	"елена лена леночка helen helena",
	"елизавета лиза elizabeth liz lizzie beth betty eliza libby",
	"иван ваня",
	"игорь игорёк",
	"илья илюша",
	"ирина ира иришка",
	"константин костя",
	"ксения ксюша",
	"лариса лара",
	"любовь люба",
	"людмила люда мила",
	"максим макс maxim max",
	"мария маша маня маруся mary maria",
	"михаил миша michael mike mikey mick",
	"надежда надя",
	"наталья наташа наталия ната natalie",
	"николай коля nicholas nick nicky nicolas",
	"ольга оля",
	"павел паша paul",
	"пётр петя peter pete",
	"роман рома",
	"светлана света",
	"сергей серёжа серёга",
	"станислав стас",
	"степан стёпа stephan",
	"татьяна таня",
	"юлия юля julia",
	"юрий юра",
	"ярослав ярик",
	"яков яша jacob jake",
	"robert bob bobby rob robbie bert",
	"william bill billy will willy liam",
	"richard rick ricky dick rich",
	"james jim jimmy jamie",
	"john jack johnny",
	"thomas tom tommy",
	"margaret maggie meg peggy margie",
	"christopher chris kit",
	"joseph joe joey",
	"daniel dan danny",
	"david dave davy",
	"edward ed eddie ted",
	"charles charlie chuck",
	"anthony tony",
	"steven steve stephen",
	"matthew matt",
	"patricia pat patty trish",
	"jennifer jen jenny",
	"susan sue susie",
	"benjamin ben benny",
	"samuel sam sammy",
	"joshua josh",
	"timothy tim timmy",
	"rebecca becky",
	"deborah deb debbie",
	"kenneth ken kenny",
	"lawrence larry",
	"zachary zach zack",
	"ronald ron ronnie",
	"donald don donnie",
	"raymond ray",
	"gerald gerry jerry",
	"frederick fred freddie",
	"henry harry hank",
	"abigail abby",
	"jessica jess jessie",
	"christine chrissy tina",
	"kimberly kim",
	"barbara barb",
	"dorothy dot dottie",
	"nathaniel nate",
	"oliver olly",
	"harriet hattie",
	NULL
};

struct name_ent {
	char *key;
	char *canon;	/* points into another entry's key or owns nothing */
};

struct crm_simil_names {
	struct name_ent *e;
	size_t n;
	char **canons;
	size_t ncanons;
};

static int
name_ent_cmp(const void *a, const void *b)
{
	const struct name_ent *x = a, *y = b;

	return strcmp(x->key, y->key);
}

struct name_tmp {
	struct name_ent e;
	size_t i;
};

static int
name_tmp_cmp(const void *a, const void *b)
{
	const struct name_tmp *x = a, *y = b;
	int c = strcmp(x->e.key, y->e.key);

	if (c)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

struct crm_simil_names *
crm_simil_names_new(void)
{
	struct crm_simil_names *t = xcalloc(1, sizeof *t);
	struct crm_buf sk = CRM_BUF_INIT;
	size_t g, cap = 0, w;

	for (g = 0; name_groups[g]; g++) {
		const char *p = name_groups[g];
		char *canon = NULL;

		while (*p) {
			const char *q = strchr(p, ' ');
			size_t len = q ? (size_t)(q - p) : strlen(p);

			crm_buf_reset(&sk);
			crm_simil_skeleton(p, len, &sk);
			if (!canon) {
				canon = xstrdup(sk.buf);
				t->canons = xreallocarray(t->canons,
				    t->ncanons + 1, sizeof *t->canons);
				t->canons[t->ncanons++] = canon;
			}
			if (t->n == cap) {
				cap = cap ? cap * 2 : 256;
				t->e = xreallocarray(t->e, cap, sizeof *t->e);
			}
			t->e[t->n].key = xstrdup(sk.buf);
			t->e[t->n].canon = canon;
			t->n++;
			p += len;
			while (*p == ' ')
				p++;
		}
	}
	crm_buf_release(&sk);
	/* Sort by key, the first group first; drop later repeats of a key. */
	{
		struct name_tmp *tmp = xcalloc(t->n ? t->n : 1, sizeof *tmp);
		size_t i;

		for (i = 0; i < t->n; i++) {
			tmp[i].e = t->e[i];
			tmp[i].i = i;
		}
		qsort(tmp, t->n, sizeof *tmp, name_tmp_cmp);
		for (i = 0, w = 0; i < t->n; i++) {
			if (w > 0 && !strcmp(t->e[w - 1].key, tmp[i].e.key)) {
				free(tmp[i].e.key);
				continue;
			}
			t->e[w++] = tmp[i].e;
		}
		t->n = w;
		free(tmp);
	}
	return t;
}

void
crm_simil_names_free(struct crm_simil_names *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++)
		free(t->e[i].key);
	for (i = 0; i < t->ncanons; i++)
		free(t->canons[i]);
	free(t->canons);
	free(t->e);
	free(t);
}

const char *
crm_simil_names_canon(const struct crm_simil_names *t, const char *skel,
    size_t n)
{
	struct name_ent key, *hit;
	char buf[64];

	if (n == 0 || n >= sizeof buf)
		return NULL;
	memcpy(buf, skel, n);
	buf[n] = '\0';
	key.key = buf;
	key.canon = NULL;
	hit = bsearch(&key, t->e, t->n, sizeof *t->e, name_ent_cmp);
	return hit ? hit->canon : NULL;
}

/* ---- email and phone keys ------------------------------------------------ */

void
crm_simil_email_addr(const char **sp, size_t *np)
{
	const char *s = *sp, *lt, *gt;
	size_t n = *np;

	lt = memchr(s, '<', n);
	if (lt && (gt = memchr(lt, '>', n - (size_t)(lt - s))) != NULL) {
		n = (size_t)(gt - lt - 1);
		s = lt + 1;
	}
	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '"'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '"'))
		n--;
	if (n >= 7 && !strncasecmp(s, "mailto:", 7))
		s += 7, n -= 7;
	*sp = s;
	*np = n;
}

int
crm_simil_email_key(const char *s, size_t n, struct crm_buf *out)
{
	const char *at = NULL, *dom;
	char local[256], domain[256];
	size_t i, ll = 0, dl = 0, start = out->len;
	int gmail, yandex;

	crm_simil_email_addr(&s, &n);
	for (i = 0; i < n; i++)
		if (s[i] == '@')
			at = s + i;
	if (!at || at == s || at == s + n - 1)
		return -1;
	dom = at + 1;
	for (i = 0; dom + i < s + n && dl < sizeof domain - 1; i++) {
		char c = dom[i];

		domain[dl++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
	}
	domain[dl] = '\0';
	gmail = !strcmp(domain, "gmail.com") || !strcmp(domain, "googlemail.com");
	yandex = !strcmp(domain, "yandex.ru") || !strcmp(domain, "ya.ru") ||
	    !strcmp(domain, "yandex.com") || !strcmp(domain, "yandex.by") ||
	    !strcmp(domain, "yandex.kz") || !strcmp(domain, "yandex.ua") ||
	    !strcmp(domain, "narod.ru");
	for (i = 0; s + i < at && ll < sizeof local - 1; i++) {
		char c = s[i];

		if (c == '+')
			break;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (gmail && c == '.')
			continue;
		if (yandex && c == '.')
			c = '-';
		local[ll++] = c;
	}
	local[ll] = '\0';
	if (ll == 0)
		return -1;
	crm_buf_add(out, local, ll);
	crm_buf_addc(out, '@');
	crm_buf_adds(out, gmail ? "gmail.com" : yandex ? "yandex.ru" : domain);
	(void)start;
	return 0;
}

int
crm_simil_phone_key(const char *s, size_t n, struct crm_buf *out)
{
	char d[32];
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= '0' && c <= '9') {
			if (k < sizeof d - 1)
				d[k++] = (char)c;
			continue;
		}
		/* An extension: "доб", "ext", "x", "#", ",". */
		if (c == '#' || c == ',' || c == 'x' || c == 'X' || c == 'e' ||
		    c == 'E' || c == ';' || (c == 0xd0 && k >= 7))
			if (k >= 7)
				break;
	}
	d[k] = '\0';
	if (k < 7)
		return -1;
	if (k == 11 && d[0] == '8') {
		crm_buf_addc(out, '7');
		crm_buf_add(out, d + 1, 10);
	} else if (k == 10 && d[0] == '9') {
		crm_buf_addc(out, '7');
		crm_buf_add(out, d, 10);
	} else if (k > 4 && d[0] == '8' && d[1] == '1' && d[2] == '0')
		crm_buf_add(out, d + 3, k - 3);	/* 8 10: the Russian IDD prefix */
	else if (k > 2 && d[0] == '0' && d[1] == '0')
		crm_buf_add(out, d + 2, k - 2);
	else
		crm_buf_add(out, d, k);
	return 0;
}

double
crm_simil_cosine(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
    const float *idf)
{
	double dot = 0, qa = 0, qb = 0;
	size_t i = 0, j = 0;

	/* Bag counts: runs of equal ids. */
	while (i < na || j < nb) {
		uint32_t x = i < na ? a[i] : UINT32_MAX;
		uint32_t y = j < nb ? b[j] : UINT32_MAX;
		uint32_t id = x < y ? x : y;
		double ca = 0, cb = 0, w;

		while (i < na && a[i] == id)
			ca++, i++;
		while (j < nb && b[j] == id)
			cb++, j++;
		w = idf[id];
		dot += ca * cb * w * w;
		qa += ca * ca * w * w;
		qb += cb * cb * w * w;
	}
	if (qa <= 0 || qb <= 0)
		return 0;
	return dot / sqrt(qa * qb);
}
