/*
 * norm: personal names.  Shared helpers: norm_int.h.
 *
 * Decisions the header leaves open, written down here:
 * - Names split (crm_norm_fio) by patronymic endings (-ович, -евна, -ична,
 *   оглы/кызы) and, for two words, by surname endings; without a hint,
 *   Cyrillic names are read "last first", Latin ones "first last".
 */
#include "norm_int.h"

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
