/*
 * date: calendar dates and date-times.
 *
 * Owns every date computation of the library: the one date parser (every
 * shape crm_norm_date accepts), ISO 8601 text, day arithmetic, differences
 * in fractional days, ISO week / month / quarter / year buckets and as-of
 * dates.  Other modules call these and keep no date code of their own
 * (norm.c formats what crm_date_parse reads; rfm, rules, dedupe and the
 * programs count days through here).
 *
 * Days are counted from 1970-01-01 (day 0) on the proleptic Gregorian
 * calendar; years 1 to 9999.  Pure functions: no I/O, no globals, no
 * locale, no time zone database (a written UTC offset is the only zone).
 */
#ifndef CRM_DATE_H
#define CRM_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/*
 * A date, or a date and a time of day as it was written: the local wall
 * time, the fraction of a second with its digits as written, and the
 * zone when one was written (Z or UTC; +HH, +HHMM, +HH:MM, -HH:MM).
 */
struct crm_datetime {
	long day;	/* days since 1970-01-01 of the written (local) date */
	long sec;	/* seconds since that midnight; -1: no time of day */
	long nsec;	/* the fraction of the second in nanoseconds */
	int fraclen;	/* its digits as written (1-9), 0: none written */
	int has_sec;	/* the seconds were written (HH:MM:SS), not HH:MM */
	int has_off;	/* a zone was written */
	int off;	/* its offset in minutes east of UTC */
	char zone[7];	/* the zone's canonical text: "", "Z" or "+HH:MM" */
};

/*
 * The date parser.  Reads ISO (yyyy-mm-dd, yyyy/mm/dd, yyyy.mm.dd),
 * dd.mm.yyyy, dd.mm.yy (POSIX %y pivot: 00-68 are 20xx, 69-99 19xx),
 * dd/mm/yyyy and dd-mm-yyyy (day first), "12 марта 2024", "March 12, 2024",
 * yyyymmdd, Excel serial day numbers (1899-12-30 + n, 61 <= n < 2958466,
 * with an optional fraction of a day), each with an optional time of day
 * (T or a space, H:MM[:SS[.f]] with 1-9 digits of fraction, then an
 * optional zone; offsets up to 23:59).  A bare year
 * 1900-2100 is refused as "a year, not a date".  Checks the calendar (no
 * 31.02).  s is taken as it is (no trimming).  -1 and *why on failure.
 */
int crm_date_parse(const char *s, size_t n, struct crm_datetime *dt,
    const char **why);
/*
 * The same, with the order of a date whose parts are separated by "/" or
 * "-" and whose first part is not the year ("3/4/2024", "03-04-24"):
 * 'd' (or 0) day first, 'm' month first (the USA), 'y' for yy/mm/dd.
 * shows (may be NULL) gets what the value itself shows of that order:
 * 'd' when its first part is above 12, 'm' when its second is, 0 when
 * both could be the month, -1 for the other shapes (ISO, dd.mm.yyyy,
 * month names, Excel serials), which no order changes.
 */
int crm_date_parse_order(const char *s, size_t n, int order,
    struct crm_datetime *dt, int *shows, const char **why);

/*
 * The canonical ISO 8601 text of dt appended to out (what crm_norm_date
 * writes): "YYYY-MM-DD", or with a time "YYYY-MM-DDTHH:MM" or
 * "YYYY-MM-DDTHH:MM:SS", then the fraction's digits as written after a
 * ".", then the zone ("Z" or "+HH:MM") when one was written.
 */
void crm_date_format(const struct crm_datetime *dt, struct crm_buf *out);

/* The strict ISO date "YYYY-MM-DD" at s (then the end, 'T' or ' '): 0 and
 * its day, else -1.  The quick path for values already canonical. */
int crm_date_iso_days(const char *s, size_t n, long *days);
/* Days since 1970-01-01 for an ISO date (its first 10 chars); -1 on error. */
int crm_date_days(const char *iso, long *days);
/* ISO date for days since 1970-01-01 into out[11]. */
void crm_date_from_days(long days, char out[11]);

/* Calendar arithmetic. */
int crm_date_leap(long y);
int crm_date_mdays(long y, int m);		/* days in month m of year y */
int crm_date_valid(long y, int m, int d);	/* 1 if y-m-d is a date */
long crm_date_from_civil(long y, int m, int d);	/* y-m-d -> day */
void crm_date_civil(long day, long *y, int *m, int *d);	/* day -> y-m-d */
int crm_date_weekday(long day);			/* 1 Monday .. 7 Sunday */

/*
 * Seconds since 1970-01-01T00:00:00Z.  A value with no time of day counts
 * from its midnight; one with no written offset is read as UTC.
 */
double crm_datetime_utc(const struct crm_datetime *dt);
/* b - a in days, with the fraction of a day (offsets applied). */
double crm_datetime_diff_days(const struct crm_datetime *a,
    const struct crm_datetime *b);

/* Buckets a day belongs to: the day, its ISO week (from Monday), month,
 * quarter or year. */
enum crm_date_unit {
	CRM_DATE_DAY, CRM_DATE_WEEK, CRM_DATE_MONTH, CRM_DATE_QUARTER,
	CRM_DATE_YEAR
};
#define CRM_DATE_LABEL 12	/* room for the longest label and its NUL */

/* "day", "week", "month", "quarter", "year" -> unit; -1 for other names. */
int crm_date_unit(const char *name, enum crm_date_unit *unit);
/* The ISO 8601 week-numbering year and week (1-53) of day. */
void crm_date_iso_week(long day, long *year, int *week);
/* The first day of the bucket that holds day. */
long crm_date_bucket_start(long day, enum crm_date_unit unit);
/* The bucket's label: 2024-03-05, 2024-W09, 2024-03, 2024-Q1, 2024. */
void crm_date_bucket_label(long day, enum crm_date_unit unit,
    char out[CRM_DATE_LABEL]);

/*
 * The bucket a label names (what crm_date_bucket_label writes: 2024-03-05,
 * 2024-W09, 2024-03, 2024-Q1, 2024): its days [*start, *end) and unit.
 * -1 for any other text.
 */
int crm_date_bucket_parse(const char *s, long *start, long *end,
    enum crm_date_unit *unit);

/*
 * An as-of date as a user gives it (--as-of): any date crm_date_parse
 * reads (a time of day is allowed and dropped), or "today" (now, the UTC
 * calendar date).  -1 and *why on failure.
 */
int crm_date_as_of(const char *s, size_t n, long *day, const char **why);
/* Today's date in UTC, as days since 1970-01-01. */
long crm_date_today(void);
/* The UTC time stamp of t (seconds since the epoch) into out[21]:
 * "2026-03-01T12:00:00Z", what the store writes beside its rows. */
void crm_date_stamp(long long t, char out[21]);

#endif
