/*
 * simil: string similarity and matching keys for crm-dedupe.  Pure
 * functions over UTF-8 text, no I/O and no globals.
 *
 *  - Jaro-Winkler and Damerau-Levenshtein (optimal string alignment) over
 *    code points;
 *  - the name skeleton: Cyrillic and Latin spellings of one name folded to
 *    one lower-case ASCII key (ICAO 9303, GOST 52535.1, the pre-1997 and
 *    English habits: Дмитрий, Dmitrii, Dmitriy, Dmitry -> "dmitri");
 *  - first-name canonical forms (Russian diminutives, English nicknames),
 *    patronymic and gendered-surname handling;
 *  - email keys with provider aliases (gmail dots and +tags, googlemail,
 *    the Yandex domains), phone keys (E.164 digits);
 *  - token TF-IDF cosine over sorted token ids.
 *
 * Functions that produce text append to a caller's crm_buf, which they do
 * not reset.
 */
#ifndef CRM_SIMIL_H
#define CRM_SIMIL_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Longest string (in code points) the comparators look at; the rest is ignored. */
#define CRM_SIMIL_MAXCP 128

/* Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, up to 4 chars). */
double crm_simil_jw(const char *a, size_t na, const char *b, size_t nb);
/*
 * An upper bound of crm_simil_jw(a, b), cheap: a character of one string
 * that the other lacks cannot match, so the matches are at most the rest;
 * transpositions count none, the common prefix exactly.  Over bytes, so a
 * bound for ASCII strings; 1 when either is not ASCII.
 */
double crm_simil_jw_bound(const char *a, size_t na, const char *b, size_t nb);
/* Damerau-Levenshtein distance (optimal string alignment), in code points. */
int crm_simil_osa(const char *a, size_t na, const char *b, size_t nb);
/* 1 when the byte strings are at most one OSA edit apart (fast). */
int crm_simil_osa_le1(const char *a, size_t na, const char *b, size_t nb);

/*
 * The skeleton of a name or any text: letters folded to lower-case ASCII
 * (Cyrillic transliterated, Latin diacritics dropped), transliteration
 * variants collapsed (ya/ja/ia, yu/ju/iu, ii/iy/y, x/ks, kh/h, ts/tc/tz,
 * ye/je/e, yo/jo/e, double letters), digits kept, every other run of
 * characters one space; trimmed.
 */
void crm_simil_skeleton(const char *s, size_t n, struct crm_buf *out);

/*
 * Soundex code of a skeleton (its first word): the first letter and three
 * digits, as the U.S. National Archives' "The Soundex Indexing System"
 * (2007) describes it: b f p v = 1, c g j k q s x z = 2, d t = 3, l = 4,
 * m n = 5, r = 6; vowels, y, h and w dropped; letters of one code side by
 * side (or with only h or w between them) coded once; zeros pad ("robert"
 * -> "r163", "tymczak" -> "t522", "pfister" -> "p236").  Over the
 * skeleton, Cyrillic names are transliterated first ("Иванов" -> "i151").
 * Returns the code's length (4), or 0 (nothing appended) when the skeleton
 * does not start with a letter.
 */
size_t crm_simil_soundex(const char *skel, size_t n, struct crm_buf *out);

/* Gender a name part shows: 0 unknown, 'm' or 'f'. */
enum { CRM_GENDER_UNKNOWN = 0, CRM_GENDER_M = 'm', CRM_GENDER_F = 'f' };

/*
 * Surname stem of a skeleton (ivanova -> ivanov, petrovskaia -> petrovski)
 * appended to out; returns the gender the ending shows.
 */
int crm_simil_surname_stem(const char *skel, size_t n, struct crm_buf *out);
/* 1 if the skeleton token looks like a patronymic; *gender gets its gender. */
int crm_simil_is_patronymic(const char *skel, size_t n, int *gender);

/*
 * First names: a table of Russian diminutives and English nicknames, built
 * once (crm_simil_names_new) and read-only after.  canon returns the full
 * form's skeleton for a skeleton ("sasha" -> "aleksandr", "bob" ->
 * "robert"), the input itself when it is a known full form, or NULL.
 */
struct crm_simil_names;
struct crm_simil_names *crm_simil_names_new(void);
void crm_simil_names_free(struct crm_simil_names *t);
const char *crm_simil_names_canon(const struct crm_simil_names *t,
    const char *skel, size_t n);

/*
 * Email key: lower-cased; googlemail.com -> gmail.com; gmail local part
 * without dots; the Yandex domains (ya.ru, yandex.com/.by/.kz/.ua,
 * narod.ru) -> yandex.ru with '.' -> '-' in the login; a "+tag" dropped
 * for every domain.  -1 (nothing appended) when s has no '@'.
 */
int crm_simil_email_key(const char *s, size_t n, struct crm_buf *out);
/*
 * The address inside an email value: "Name <a@b.ru>", "mailto:a@b.ru" and
 * surrounding spaces or quotes stripped; *s and *n are moved onto it.
 */
void crm_simil_email_addr(const char **s, size_t *n);

/*
 * Phone key: the E.164 digits without '+' ("79123456789"): an extension
 * (доб., ext, x, #) cut off, 8XXXXXXXXXX and 10-digit 9XXXXXXXXX numbers
 * as +7.  -1 (nothing appended) with fewer than 7 digits.
 */
int crm_simil_phone_key(const char *s, size_t n, struct crm_buf *out);

/*
 * Cosine of two token bags, each a sorted array of token ids (repeats
 * allowed), weighted by idf[id]: 0..1.
 */
double crm_simil_cosine(const uint32_t *a, size_t na, const uint32_t *b,
    size_t nb, const float *idf);

#endif
