/* tap.h: the smallest TAP producer for the C unit tests (run by prove). */
#ifndef TAP_H
#define TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is(got, want, ...) tap_is((got), (want), __FILE__, __LINE__, __VA_ARGS__)

static int tap_ok(int pass, const char *file, int line, const char *fmt, ...)
    __attribute__((unused))
    __attribute__((format(printf, 4, 5)));
static int
tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", pass ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!pass) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	return pass;
}

static int tap_is(const char *got, const char *want, const char *file, int line,
    const char *fmt, ...) __attribute__((unused, format(printf, 5, 6)));
static int
tap_is(const char *got, const char *want, const char *file, int line,
    const char *fmt, ...)
{
	va_list ap;
	int pass = (!got && !want) || (got && want && !strcmp(got, want));

	printf("%sok %d - ", pass ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!pass) {
		tap_failed++;
		printf("#   failed at %s:%d\n#        got: '%s'\n#   expected: '%s'\n",
		    file, line, got ? got : "(null)", want ? want : "(null)");
	}
	return pass;
}

static int __attribute__((unused))
done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
