/*
 * norm: normalisers for CRM values (design §7).  Pure functions: no I/O,
 * no globals.  Each takes the raw text (s, n) and appends its result to a
 * caller's crm_buf (which it does not reset).  They return 0 when the value
 * was understood and normalised, or -1 when it was not, with *why (when
 * why is not NULL) set to a short static lower-case reason such as
 * "too few digits" or "checksum mismatch"; on -1 out holds nothing new.
 */
#ifndef CRM_NORM_H
#define CRM_NORM_H

#include <stddef.h>

#include "phone.h"
#include "util.h"

/*
 * Text: NFC; NBSP, narrow NBSP, figure and thin spaces and TAB to space;
 * zero-width characters, BOM and soft hyphen removed; runs of spaces
 * collapsed; trimmed.  Never fails on valid UTF-8.
 */
int crm_norm_text(const char *s, size_t n, struct crm_buf *out,
    const char **why);

/*
 * True when s is a missing-value marker: "", "-", "—", "н/д", "нет данных",
 * "N/A", "n/a", "#N/A", "null", "NULL" (after trimming).
 */
int crm_norm_is_missing(const char *s, size_t n);

/*
 * True when s is a number in scientific notation as Excel writes big
 * numbers ("7,91235E+10"): its digits are lost.
 */
int crm_norm_is_sci(const char *s, size_t n);

/* Phones. */
struct crm_phone {
	char e164[24];		/* "+79123456789": the key */
	char display[64];	/* "+7 (912) 345-67-89", "+1 917-555-0134" */
	char ext[16];		/* extension digits, "" if none */
	struct crm_phone_num num;	/* what lib/phone made of the digits */
};

/*
 * Parse a phone in any common shape ("8 (912) 345-67-89", "+7 912 3456789",
 * "89123456789", "9123456789", "8 10 44 20 7946 0958", "(917) 555-0134",
 * "... доб. 12", "tel:", full-width digits) and judge it by lib/phone.
 * country is the default region for national numbers: a region code
 * ("RU", "US") or, as rules files write it, a calling code ("7"); NULL or
 * "" is RU.  Returns 0 for a valid number: e164 is its key, display its
 * international form ("+7 (XXX) XXX-XX-XX" for +7) with " доб. N" (+7) or
 * " ext. N" after it for an extension.  Else -1 with *why; e164, display
 * and ext are then empty, and num says what the digits were (validity,
 * type) when there were any.  Excel artefacts (a leading ', ="...",
 * 7.91235E+10) are handled or refused.
 */
int crm_norm_phone(const char *s, size_t n, const char *country,
    struct crm_phone *out, const char **why);

/*
 * Email: trimmed; "mailto:", a display name and <...> stripped; domain
 * lower-cased; checked against RFC 5321 and 6531: a dot-atom local part
 * (atext and UTF-8; no leading, trailing or double dots) or a quoted one,
 * local <= 64, total <= 254; a domain of >= 2 labels with an alphabetic
 * or xn-- TLD, or an address literal ([192.0.2.1], [IPv6:2001:db8::1]).
 * Cyrillic (IDN) domains are kept in Unicode, lower-cased.
 */
int crm_norm_email(const char *s, size_t n, struct crm_buf *out,
    const char **why);
/*
 * Why a valid address e (as crm_norm_email makes it) is unusual, or NULL:
 * a quoted local part, a non-ASCII local part, an IP address for a domain.
 */
const char *crm_norm_email_unusual(const char *e, size_t n);
/*
 * Append s with compatibility forms (full-width letters, ligatures)
 * folded (NFKC) to out and return 1, or return 0 when s has none.
 */
int crm_norm_email_compat(const char *s, size_t n, struct crm_buf *out);

/* Person name: text-normalised; case kept unless all upper or all lower, then Title Case. */
int crm_norm_name(const char *s, size_t n, struct crm_buf *out,
    const char **why);

/*
 * Split a full name "Иванов Иван Иванович" (last first middle; also
 * "Ivan Petrov" when the order is Western, detected by a patronymic
 * suffix or its absence) into parts.  Parts not present stay empty.
 */
int crm_norm_fio(const char *s, size_t n, struct crm_buf *last,
    struct crm_buf *first, struct crm_buf *middle, const char **why);

/*
 * Company: legal form split off (prefix or suffix, full Russian names and
 * abbreviations, Latin homoglyphs "OOO"), one level of outer quotes
 * stripped, case kept.  name gets the bare name, form the canonical
 * abbreviation ("ООО", "LLC") or nothing.  Fails ("legal form only") when
 * nothing but a form is left.
 */
int crm_norm_company(const char *s, size_t n, struct crm_buf *name,
    struct crm_buf *form, const char **why);
/* The canonical abbreviation for a legal form written any way, or NULL. */
const char *crm_norm_legal_form(const char *s, size_t n);

/*
 * Dates to ISO 8601 "YYYY-MM-DD" (or "YYYY-MM-DDTHH:MM:SS" / "...HH:MM"
 * when a time is given, with a fraction of a second as written and the
 * zone as written: "Z" for Z or UTC, "+HH:MM" for +HH, +HHMM or +HH:MM;
 * no zone when none is given): ISO, dd.mm.yyyy, dd.mm.yy, dd/mm/yyyy,
 * yyyy/mm/dd, "12 марта 2024", and Excel serial day numbers
 * (1899-12-30 + n, for 61 <= n < 2958466, integer or with a fraction).
 * Checks the calendar (no 31.02).
 */
int crm_norm_date(const char *s, size_t n, struct crm_buf *out,
    const char **why);
/* The same in a given order ('d', 'm', 'y'; see crm_date_parse_order). */
int crm_norm_date_order(const char *s, size_t n, int order,
    struct crm_buf *out, int *shows, const char **why);

/*
 * Amounts to canonical decimal text ("1234.5", "-12", "0.05"): currency
 * signs and words (₽, руб., р., RUB, $, USD, €), grouping spaces, NBSP,
 * apostrophes, decimal commas; "1 234,56" and "1,234.56" both -> 1234.56;
 * ambiguous "1,234" with one group -> 1234 only when grouping is certain,
 * else refused.  Trailing zeros after the point are dropped.
 */
int crm_norm_amount(const char *s, size_t n, struct crm_buf *out,
    const char **why);
/*
 * The same, for data from anywhere.  decimal ('.' or ',') decides a lone
 * separator with three digits after it ("1.234", "1,234"), which
 * crm_norm_amount refuses (a comma) or reads as a point (a point); 0
 * leaves those as crm_norm_amount does.  currency (may be NULL) gets the
 * ISO 4217 code of a currency sign, word or code before or after the
 * number (R$ BRL, US$ USD, € EUR, £ GBP, ₽ руб. RUB, BRL ...), or "$",
 * "¥" or "kr" when only the country can tell which.  *mark (may be NULL)
 * says what the value itself shows of the decimal mark: '.' or ',', 'a'
 * when it could be either, 0 when it has no separator.
 */
int crm_norm_amount_ex(const char *s, size_t n, int decimal,
    struct crm_buf *out, struct crm_buf *currency, int *mark,
    const char **why);

/*
 * A currency written as a sign, word or code ("₽", "руб.", "R$", "usd",
 * "EUR"): its ISO 4217 code, or "$", "¥" or "kr" when only the country
 * can tell which.
 */
int crm_norm_currency(const char *s, size_t n, struct crm_buf *out,
    const char **why);

/* Russian identifiers; out gets the digits only. */
int crm_norm_inn(const char *s, size_t n, struct crm_buf *out,
    const char **why);	/* 10 or 12 digits with checksums */
/* 1 when s is 10 or 12 digits whose ИНН checksums hold, else 0. */
int crm_norm_inn_valid(const char *s, size_t n);
int crm_norm_ogrn(const char *s, size_t n, struct crm_buf *out,
    const char **why);	/* 13 digits, mod 11 */
int crm_norm_ogrnip(const char *s, size_t n, struct crm_buf *out,
    const char **why);	/* 15 digits, mod 13 */
int crm_norm_kpp(const char *s, size_t n, struct crm_buf *out,
    const char **why);	/* NNNNPPXXX, PP may be A-Z */
int crm_norm_postal(const char *s, size_t n, struct crm_buf *out,
    const char **why);	/* 6 digits */

/*
 * Header label to a match key: case folded, ё -> е, NBSP and runs of
 * spaces to one space, trimmed, trailing ':' and '*' removed,
 * "e-mail" keeps its hyphen.
 */
void crm_norm_label(const char *s, size_t n, struct crm_buf *out);

#endif
