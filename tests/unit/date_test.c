/* date_test: the calendar, the parser's fields, differences, buckets, as-of. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "tap.h"

static void
test_days(void)
{
	long d = -1;
	char iso[11];

	ok(crm_date_days("1970-01-01", &d) == 0 && d == 0, "days: epoch");
	ok(crm_date_days("2024-03-12", &d) == 0 && d == 19794, "days: 2024-03-12");
	ok(crm_date_days("1899-12-30", &d) == 0 && d == -25569, "days: excel epoch");
	ok(crm_date_days("2024-02-30", &d) == -1, "days: 2024-02-30 refused");
	ok(crm_date_days("2024-3-12", &d) == -1, "days: short month refused");
	ok(crm_date_days("2006-12-31T10:00", &d) == 0 && d == 13513,
	    "days: first 10 chars");
	crm_date_from_days(19794, iso);
	is(iso, "2024-03-12", "from days: 19794");
	crm_date_from_days(-25569, iso);
	is(iso, "1899-12-30", "from days: -25569");
	crm_date_from_days(11016, iso);
	is(iso, "2000-02-29", "from days: leap day 2000");
}

static void
test_calendar(void)
{
	long y, day;
	int m, d, bad = 0;

	/* every day from 0001-01-01 to 9999-12-31 goes there and back */
	for (day = crm_date_from_civil(1, 1, 1);
	    day <= crm_date_from_civil(9999, 12, 31); day++) {
		crm_date_civil(day, &y, &m, &d);
		if (!crm_date_valid(y, m, d) || crm_date_from_civil(y, m, d) != day)
			bad++;
	}
	ok(bad == 0, "civil <-> days round trip over years 1-9999 (%d bad)", bad);
	ok(crm_date_leap(2000) && !crm_date_leap(1900) && crm_date_leap(2024) &&
	    !crm_date_leap(2023), "leap years 2000, 1900, 2024, 2023");
	ok(crm_date_mdays(2024, 2) == 29 && crm_date_mdays(2023, 2) == 28 &&
	    crm_date_mdays(2023, 4) == 30, "days in a month");
	ok(!crm_date_valid(2023, 2, 29) && !crm_date_valid(2024, 13, 1) &&
	    !crm_date_valid(0, 1, 1), "invalid dates");
	ok(crm_date_weekday(0) == 4, "1970-01-01 was a Thursday");
	ok(crm_date_weekday(crm_date_from_civil(2024, 3, 11)) == 1,
	    "2024-03-11 was a Monday");
	ok(crm_date_weekday(-1) == 3, "1969-12-31 was a Wednesday");
	ok(crm_date_iso_days("2024-03-12", 10, &day) == 0 && day == 19794,
	    "iso_days: plain");
	ok(crm_date_iso_days("2024-03-12T10:00", 16, &day) == 0 && day == 19794,
	    "iso_days: with a time");
	ok(crm_date_iso_days("2024-03-12x", 11, &day) == -1,
	    "iso_days: other text after the date");
	ok(crm_date_iso_days("12.03.2024", 10, &day) == -1,
	    "iso_days: not ISO");
	ok(crm_date_iso_days("2023-02-29", 10, &day) == -1,
	    "iso_days: not a day");
}

/* Parse s and write it back. */
static const char *
again(const char *s)
{
	static char out[64];
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_datetime dt;
	const char *why = NULL;

	if (crm_date_parse(s, strlen(s), &dt, &why) < 0)
		snprintf(out, sizeof out, "!%s", why);
	else {
		crm_date_format(&dt, &b);
		snprintf(out, sizeof out, "%s", b.buf);
	}
	crm_buf_release(&b);
	return out;
}

static void
test_parse(void)
{
	struct crm_datetime dt;
	const char *why;

	is(again("12.03.2024"), "2024-03-12", "dd.mm.yyyy");
	is(again("12 МАРТА 2024 г."), "2024-03-12", "Russian month, any case");
	is(again("Sept 1, 2024"), "2024-09-01", "English month first");
	is(again("45351"), "2024-02-29", "Excel serial");
	is(again("45351.5"), "2024-02-29T12:00:00", "Excel serial with a fraction");
	is(again("2024-03-12T10:15"), "2024-03-12T10:15", "HH:MM kept");
	is(again("2024-03-12 10:15:30.250+03:00"), "2024-03-12T10:15:30.250+03:00",
	    "fraction and zone as written");
	is(again("2024-03-12T10:15:30,5 -05:30"), "2024-03-12T10:15:30.5-05:30",
	    "decimal comma, -05:30");
	is(again("2024-03-12T10:15:30-0530"), "2024-03-12T10:15:30-05:30", "-0530");
	is(again("2024-03-12T10:15+03"), "2024-03-12T10:15+03:00", "+03");
	is(again("2024-03-12T10:15-00:00"), "2024-03-12T10:15-00:00", "-00:00 kept");
	is(again("2024-03-12T10:15+24:00"), "!bad time", "offset over 23:59");
	is(again("2024-03-12T10:15:30.1234567890"), "!bad time", "ten digits of fraction");
	is(again("2024-03-12T10:15:30."), "!bad time", "a dot without digits");
	is(again("2024-03-12T10:15Z"), "2024-03-12T10:15Z", "Z");
	is(again("2024-03-12 10:15 UTC"), "2024-03-12T10:15Z", "UTC");
	is(again("2024-03-12T10:15"), "2024-03-12T10:15", "no zone written");
	is(again("31.02.2024"), "!day out of range", "31.02 refused");
	is(again("2024"), "!a year, not a date", "a bare year");
	is(again(""), "!empty", "empty");
	is(again(" 2024-03-12"), "!not a date", "no trimming here");
	ok(crm_date_parse("2024-03-12T10:15:30.250+03:00", 29, &dt, &why) == 0 &&
	    dt.day == 19794 && dt.sec == 10 * 3600 + 15 * 60 + 30 &&
	    dt.nsec == 250000000 && dt.has_sec && dt.has_off && dt.off == 180,
	    "the fields of a full date-time");
	ok(crm_date_parse("12.03.2024", 10, &dt, &why) == 0 && dt.sec == -1 &&
	    !dt.has_off, "a date alone has no time and no zone");
}

static double
diff(const char *a, const char *b)
{
	struct crm_datetime x, y;
	const char *why;

	if (crm_date_parse(a, strlen(a), &x, &why) < 0 ||
	    crm_date_parse(b, strlen(b), &y, &why) < 0)
		return NAN;
	return crm_datetime_diff_days(&x, &y);
}

static void
test_diff(void)
{
	struct crm_datetime dt;
	const char *why;

	ok(diff("2024-03-01", "2024-03-15") == 14.0, "14 days");
	ok(diff("2024-03-15", "2024-03-01") == -14.0, "negative");
	ok(diff("2024-02-28", "2024-03-01") == 2.0, "across a leap day");
	ok(diff("2024-03-01T06:00", "2024-03-01T18:00") == 0.5, "half a day");
	ok(diff("2024-03-01T12:00+03:00", "2024-03-01T09:00Z") == 0.0,
	    "offsets: the same instant");
	ok(fabs(diff("2024-03-01T00:00:00-05:00", "2024-03-02T00:00:00+01:00") -
	    0.75) < 1e-12, "offsets: 18 hours");
	ok(diff("2024-03-01", "2024-03-01T06:00") == 0.25,
	    "a date counts from its midnight");
	ok(crm_date_parse("1970-01-02T00:00:01Z", 20, &dt, &why) == 0 &&
	    crm_datetime_utc(&dt) == 86401.0, "seconds since the epoch");
}

static void
test_buckets(void)
{
	static const struct {
		const char *date;
		const char *week, *month, *quarter, *year;
	} v[] = {
		{ "2024-03-12", "2024-W11", "2024-03", "2024-Q1", "2024" },
		{ "2021-01-03", "2020-W53", "2021-01", "2021-Q1", "2021" },
		{ "2024-12-30", "2025-W01", "2024-12", "2024-Q4", "2024" },
		{ "2026-06-30", "2026-W27", "2026-06", "2026-Q2", "2026" },
		{ "2023-01-01", "2022-W52", "2023-01", "2023-Q1", "2023" },
		{ "2020-12-31", "2020-W53", "2020-12", "2020-Q4", "2020" },
	};
	char lab[CRM_DATE_LABEL], iso[11];
	enum crm_date_unit u;
	long day, y;
	size_t i;
	int w;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		crm_date_days(v[i].date, &day);
		crm_date_bucket_label(day, CRM_DATE_DAY, lab);
		is(lab, v[i].date, "day label %s", v[i].date);
		crm_date_bucket_label(day, CRM_DATE_WEEK, lab);
		is(lab, v[i].week, "week of %s", v[i].date);
		crm_date_bucket_label(day, CRM_DATE_MONTH, lab);
		is(lab, v[i].month, "month of %s", v[i].date);
		crm_date_bucket_label(day, CRM_DATE_QUARTER, lab);
		is(lab, v[i].quarter, "quarter of %s", v[i].date);
		crm_date_bucket_label(day, CRM_DATE_YEAR, lab);
		is(lab, v[i].year, "year of %s", v[i].date);
	}
	crm_date_days("2024-03-14", &day);
	crm_date_from_days(crm_date_bucket_start(day, CRM_DATE_WEEK), iso);
	is(iso, "2024-03-11", "week starts on Monday");
	crm_date_from_days(crm_date_bucket_start(day, CRM_DATE_MONTH), iso);
	is(iso, "2024-03-01", "month start");
	crm_date_from_days(crm_date_bucket_start(day, CRM_DATE_QUARTER), iso);
	is(iso, "2024-01-01", "quarter start");
	crm_date_days("2024-11-14", &day);
	crm_date_from_days(crm_date_bucket_start(day, CRM_DATE_QUARTER), iso);
	is(iso, "2024-10-01", "Q4 start");
	crm_date_from_days(crm_date_bucket_start(day, CRM_DATE_YEAR), iso);
	is(iso, "2024-01-01", "year start");
	crm_date_iso_week(crm_date_from_civil(2015, 12, 31), &y, &w);
	ok(y == 2015 && w == 53, "2015-12-31 is in 2015-W53");
	ok(crm_date_unit("quarter", &u) == 0 && u == CRM_DATE_QUARTER,
	    "unit names");
	ok(crm_date_unit("fortnight", &u) == -1, "unknown unit refused");
}

static void
test_stamp(void)
{
	char out[21], want[32];
	struct tm tm;
	time_t t;
	long long v[] = { 0, 1, 86399, 86400, 1772366400LL, 253402300799LL,
	    -1, -86401 };
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		t = (time_t)v[i];
		gmtime_r(&t, &tm);
		strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
		crm_date_stamp(v[i], out);
		is(out, want, "stamp %lld as strftime writes it", v[i]);
	}
}

static void
test_as_of(void)
{
	const char *why = NULL;
	long day;

	ok(crm_date_as_of("31.12.2006", 10, &day, &why) == 0 && day == 13513,
	    "as-of: a date in any shape");
	ok(crm_date_as_of("2006-12-31T23:59", 16, &day, &why) == 0 &&
	    day == 13513, "as-of: the time dropped");
	ok(crm_date_as_of("today", 5, &day, &why) == 0 &&
	    day == crm_date_today() && day > 20000, "as-of: today");
	ok(crm_date_as_of("31.02.2006", 10, &day, &why) == -1 &&
	    !strcmp(why, "day out of range"), "as-of: a bad date says why");
}

/* Day and month in the order a column or a country gives; what a value shows. */
static void
test_order(void)
{
	struct crm_datetime dt;
	struct crm_buf b = CRM_BUF_INIT;
	const char *why;
	int shows;

	ok(crm_date_parse_order("11/1/2016", 9, 'm', &dt, &shows, &why) == 0 &&
	    shows == 0 && dt.day == crm_date_from_civil(2016, 11, 1),
	    "11/1/2016 month first is November 1st; it shows no order");
	ok(crm_date_parse_order("11/1/2016", 9, 'd', &dt, &shows, &why) == 0 &&
	    dt.day == crm_date_from_civil(2016, 1, 11), "... day first January 11th");
	ok(crm_date_parse_order("11/13/2016", 10, 'd', &dt, &shows, &why) < 0 &&
	    shows == 'm', "11/13/2016 shows month first (and is no date day first)");
	ok(crm_date_parse_order("13-11-2016", 10, 'd', &dt, &shows, &why) == 0 &&
	    shows == 'd', "13-11-2016 shows day first");
	ok(crm_date_parse_order("24/03/05", 8, 'y', &dt, &shows, &why) == 0 &&
	    dt.day == crm_date_from_civil(2024, 3, 5), "yy/mm/dd");
	ok(crm_date_parse_order("03.04.2024", 10, 'm', &dt, &shows, &why) == 0 &&
	    shows == -1 && dt.day == crm_date_from_civil(2024, 4, 3),
	    "dd.mm.yyyy is day first whatever the order");
	ok(crm_date_parse_order("2024-03-04", 10, 'm', &dt, &shows, &why) == 0 &&
	    shows == -1 && dt.day == crm_date_from_civil(2024, 3, 4), "ISO as it is");
	ok(crm_date_parse_order("3/4/2024 10:30-05:00", 20, 'm', &dt, &shows,
	    &why) == 0, "a date-time month first");
	crm_date_format(&dt, &b);
	is(b.buf, "2024-03-04T10:30-05:00", "... keeps its time and offset");
	crm_buf_release(&b);
}

/*
 * The common shapes (yyyy-mm-dd, dd.mm.yyyy, with T or a space, HH:MM[:SS
 * [.f]] and Z or +HH:MM) are read by a shorter way than the rest; at its
 * edges every value must come out as the general parser reads it.
 */
static void
test_quick(void)
{
	struct crm_datetime dt;
	const char *why;
	char s[64];
	long day, y, bad = 0;
	int m, d;

	is(again("2024-03-12T10:15:30Z"), "2024-03-12T10:15:30Z", "ISO with Z");
	is(again("2024-03-12 10:15:30"), "2024-03-12T10:15:30", "a space, no zone");
	is(again("12.03.2024 10:15"), "2024-03-12T10:15", "dd.mm.yyyy HH:MM");
	is(again("12.03.2024T10:15:30.5+03:00"), "2024-03-12T10:15:30.5+03:00",
	    "dd.mm.yyyy, fraction and offset");
	is(again("2024-03-12T10:15:30,123456789-00:00"),
	    "2024-03-12T10:15:30.123456789-00:00", "nine digits, -00:00");
	is(again("2024-03-12T10:15:30.1234567890Z"), "!bad time",
	    "ten digits of fraction before Z");
	is(again("2024-03-12T10:15.5"), "!trailing text after the date",
	    "a fraction needs the seconds");
	is(again("2024-03-12T10:15:30+23:60"), "!bad time", "offset minute 60");
	is(again("2024-03-12T10:15:30+24:00"), "!bad time", "offset hour 24");
	is(again("2024-03-12T10:15:30+0300"), "2024-03-12T10:15:30+03:00",
	    "+0300 (the general way)");
	is(again("2024-03-12T10:15:30 Z"), "2024-03-12T10:15:30Z",
	    "a space before Z (the general way)");
	is(again("2024-03-12T24:00"), "!bad time", "hour 24");
	is(again("2024-03-12T10:60"), "!bad time", "minute 60");
	is(again("2024-03-12T10:15:60Z"), "!bad time", "second 60");
	is(again("2024-03-12T9:15"), "2024-03-12T09:15", "one-digit hour (the general way)");
	is(again("2024-03-12T10:15:301"), "!bad time", "three digits of seconds");
	is(again("2024-03-12T10:15:30ZZ"), "!trailing text after the date", "ZZ");
	is(again("2024-03-12T"), "2024-03-12", "T and nothing after it");
	is(again("2024-13-12T10:15Z"), "!month out of range", "month 13 with a time");
	is(again("0000-01-01"), "!day out of range", "year 0");
	is(again("01.01.0000"), "!day out of range", "year 0, dd.mm.yyyy");
	is(again("29.02.2023 10:00"), "!day out of range", "29.02.2023 with a time");
	is(again("29.02.2024 10:00"), "2024-02-29T10:00", "29.02.2024 with a time");
	is(again("2024-03-123"), "!not a date", "three digits of day");
	ok(crm_date_parse("2024-03-12T10:15:30.25-05:30", 28, &dt, &why) == 0 &&
	    dt.day == 19794 && dt.sec == 36930 && dt.nsec == 250000000 &&
	    dt.fraclen == 2 && dt.has_sec && dt.has_off && dt.off == -330 &&
	    !strcmp(dt.zone, "-05:30"), "the fields of a quick date-time");
	ok(crm_date_parse("12.03.2024 10:15", 16, &dt, &why) == 0 &&
	    dt.sec == 36900 && !dt.has_sec && !dt.has_off && !dt.fraclen &&
	    !strcmp(dt.zone, ""), "the fields of dd.mm.yyyy HH:MM");
	/* every day of 1999-2001 in both shapes */
	for (day = crm_date_from_civil(1999, 1, 1);
	    day <= crm_date_from_civil(2001, 12, 31); day++) {
		crm_date_civil(day, &y, &m, &d);
		snprintf(s, sizeof s, "%04ld-%02d-%02dT23:59:59Z", y, m, d);
		if (crm_date_parse(s, strlen(s), &dt, &why) < 0 ||
		    dt.day != day || dt.sec != 86399)
			bad++;
		snprintf(s, sizeof s, "%02d.%02d.%04ld", d, m, y);
		if (crm_date_parse(s, strlen(s), &dt, &why) < 0 ||
		    dt.day != day || dt.sec != -1)
			bad++;
	}
	ok(bad == 0, "every day of 1999-2001 in both shapes (%ld bad)", bad);
}

int
main(void)
{
	test_quick();
	test_order();
	test_days();
	test_calendar();
	test_parse();
	test_diff();
	test_buckets();
	test_stamp();
	test_as_of();
	return done_testing();
}
