/*
 * phone_test: lib/phone.c.  With a file operand (lines "region TAB text")
 * it prints what lib/phone makes of each line for tests/phone-oracle.py:
 * e164 or "-", validity, possible, type.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "norm.h"
#include "phone.h"
#include "phone_int.h"
#include "tap.h"

static char res[256];

/* "e164 validity type region" of digits in region, or "!why". */
static const char *
num(const char *digits, int plus, const char *region)
{
	struct crm_phone_num p;
	const char *why = NULL;

	if (crm_phone_parse(digits, strlen(digits), plus, region, &p, &why) < 0)
		snprintf(res, sizeof res, "!%s", why);
	else
		snprintf(res, sizeof res, "%s %s %s %s", p.parsed ? p.e164 : "-",
		    crm_phone_validity_name(p.validity),
		    crm_phone_type_name(p.type), p.region[0] ? p.region : "-");
	return res;
}

static const char *
fmt(const char *digits, const char *region)
{
	struct crm_phone_num p;
	const char *why;

	if (crm_phone_parse(digits, strlen(digits), 0, region, &p, &why) < 0 ||
	    crm_phone_format(&p, res, sizeof res) < 0)
		return "(none)";
	return res;
}

static void
test_tables(void)
{
	struct crm_regex *re;
	struct crm_err err;
	unsigned i, bad = 0;

	for (i = 1; i < phone_nstr; i++) {
		if (strchr(phone_str[i], '$') && !strchr(phone_str[i], '\\'))
			continue;	/* a format rule, not a pattern */
		if (!(re = crm_regex_new(phone_str[i], 0, &err))) {
			printf("# %s: %s\n", phone_str[i], err.msg);
			bad++;
		}
		crm_regex_free(re);
	}
	ok(bad == 0, "every pattern of the metadata compiles (%u strings)",
	    phone_nstr);
	ok(phone_nregions >= 240 && phone_ncc >= 210,
	    "regions and calling codes: %u, %u", phone_nregions, phone_ncc);
	ok(strcmp(crm_phone_meta_version(), "8") > 0, "metadata version %s",
	    crm_phone_meta_version());
	is(crm_phone_region_of_cc(7), "RU", "+7 is RU first");
	is(crm_phone_region_of_cc(1), "US", "+1 is US first");
	ok(crm_phone_region_of_cc(999) == NULL, "+999 is nobody's");
	ok(crm_phone_region_known("kz") && !crm_phone_region_known("ZZ") &&
	    !crm_phone_region_known("RUS") && !crm_phone_region_known(""),
	    "region codes");
}

static void
test_parse(void)
{
	is(num("9123456789", 0, "RU"), "+79123456789 valid mobile RU",
	    "RU mobile");
	is(num("84951234567", 0, NULL), "+74951234567 valid fixed-line RU",
	    "RU national prefix 8, default region RU");
	is(num("81044207946095", 0, "RU"), "+44207946095 possible unknown -",
	    "8 10: a London number a digit short is only possible");
	is(num("7011234567", 0, "KZ"), "+77011234567 valid mobile KZ",
	    "KZ mobile");
	is(num("77011234567", 1, "RU"), "+77011234567 valid mobile KZ",
	    "+7 7xx is Kazakhstan");
	is(num("77172123456", 1, "RU"), "+77172123456 valid fixed-line KZ",
	    "+7 7172 Astana");
	is(num("9175550134", 0, "US"),
	    "+19175550134 valid fixed-line-or-mobile US",
	    "the issue's example with country US");
	is(num("9175550134", 0, "RU"), "+79175550134 valid mobile RU",
	    "the same digits in Russia");
	is(num("4165550123", 0, "US"), "+14165550123 valid fixed-line-or-mobile CA",
	    "a Canadian area code from the US");
	is(num("8005550123", 1, "RU"), "+8005550123 invalid unknown 001",
	    "+800 has 8 digits after it (non-geographic)");
	is(num("80012345678", 1, "RU"), "+80012345678 valid toll-free 001",
	    "+800 toll free (non-geographic)");
	is(num("08001234567", 0, "GB"), "+448001234567 valid toll-free GB",
	    "GB toll free");
	is(num("01151234567890", 0, "US"), "+51234567890 possible unknown PE",
	    "011 from the US, a short Peruvian number");
	is(num("0111234", 0, "US"), "+1234 invalid unknown -",
	    "011 and too few digits");
	is(num("999", 1, "RU"), "- unassigned-country-code unknown -",
	    "+999: no such country code");
	is(num("1", 0, "RU"), "- invalid unknown -", "one digit");
	is(num("123", 0, "XX"), "!unknown region", "an unknown region");
	is(num("015123456789", 0, "DE"), "+4915123456789 valid mobile DE",
	    "DE mobile");
	is(num("01512345678", 0, "DE"), "+491512345678 possible unknown DE",
	    "DE mobile a digit short");
	is(num("0343155551212", 0, "AR"), "+5493435551212 valid mobile AR",
	    "AR: 0 343 15 ... is +54 9 343 ... (transform rule)");
	is(num("0612345678", 0, "FR"), "+33612345678 valid mobile FR", "FR");
	is(num("0612345678", 0, "IT"), "+390612345678 valid fixed-line IT",
	    "IT keeps its leading 0");
}

static void
test_format(void)
{
	is(fmt("9123456789", "RU"), "+7 (912) 345-67-89", "RU as the store writes it");
	is(fmt("7011234567", "KZ"), "+7 (701) 123-45-67", "KZ the same");
	is(fmt("2015550123", "US"), "+1 201-555-0123", "US");
	is(fmt("02079460958", "GB"), "+44 20 7946 0958", "GB");
	is(fmt("0612345678", "FR"), "+33 6 12 34 56 78", "FR");
	is(fmt("11987654321", "BR"), "+55 11 98765-4321", "BR");
	is(fmt("0312345678", "JP"), "+81 3-1234-5678", "JP");
	is(fmt("12", "RU"), "+7 12", "no rule fits: the bare digits");
	is(fmt("1", "RU"), "(none)", "nothing to format");
}

/* The oracle's driver: one line out per line in. */
static int
drive(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024], *text, *nl;
	struct crm_phone p;
	const char *why;

	if (!f) {
		perror(path);
		return 1;
	}
	while (fgets(line, sizeof line, f)) {
		if ((nl = strchr(line, '\n')))
			*nl = '\0';
		if (!(text = strchr(line, '\t'))) {
			fprintf(stderr, "%s: no tab in [%s]\n", path, line);
			return 1;
		}
		*text++ = '\0';
		crm_norm_phone(text, strlen(text), line, &p, &why);
		printf("%s\t%s\t%d\t%s\n", p.num.parsed ? p.num.e164 : "-",
		    crm_phone_validity_name(p.num.validity), p.num.possible,
		    crm_phone_type_name(p.num.type));
	}
	fclose(f);
	return ferror(stdout) ? 1 : 0;
}

int
main(int argc, char **argv)
{
	if (argc > 1)
		return drive(argv[1]);
	test_tables();
	test_parse();
	test_format();
	return done_testing();
}
