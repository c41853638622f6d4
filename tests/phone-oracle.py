#!/usr/bin/python3
"""The phone oracle: lib/phone against the Python phonenumbers package.

usage: phone-oracle.py gen CASES        write the cases (region TAB input)
       phone-oracle.py cmp CASES OURS   compare, TAP on stdout

The cases are numbers of many regions written in the shapes people type:
national with its prefix, international, E.164, the region's international
prefix and 00/011, dots and brackets, the country code without '+', no
country code, a wrong one, digits missing or added.  They are made from
the metadata's example numbers with random digits (fixed seed), so the
same package version gives the same cases.  OURS has one line per case:
e164 (or "-" when not parsed) TAB validity TAB possible TAB type.
Every disagreement is listed; those of lib/phone's one documented
departure (00 read as an international prefix where the region's own is
another) are listed apart and do not count against the agreement.
"""
import random
import re
import sys

import phonenumbers as pn
from phonenumbers import PhoneNumberFormat as F
from phonenumbers import PhoneNumberType as PT

REGIONS = ("RU KZ BY UA US CA MX BR AR CL CO PE GB IE DE AT CH FR BE NL LU IT "
           "ES PT PL CZ SK HU RO BG GR SE NO DK FI EE LV LT TR IL AE SA EG NG "
           "ZA KE IN PK CN HK TW JP KR SG MY ID TH VN PH AU NZ").split()
TYPES = ("fixed_line", "mobile", "toll_free", "premium_rate", "voip",
         "shared_cost", "personal_number", "uan")


def examples(md):
    out = []
    for t in TYPES:
        d = getattr(md, t)
        if d is not None and d.example_number:
            out.append(d.example_number)
    return out


def vary(rng, nsn):
    """The example with its last digits drawn anew."""
    k = min(len(nsn) - 2, rng.choice((2, 3, 4, 5)))
    return nsn[:len(nsn) - k] + "".join(rng.choice("0123456789") for _ in range(k))


def group(rng, digits, sep):
    out, i = [], 0
    while i < len(digits):
        k = rng.choice((2, 3, 4))
        out.append(digits[i:i + k])
        i += k
    return sep.join(out)


def shapes(rng, region, md, nsn):
    cc = str(md.country_code)
    try:
        num = pn.parse("+" + cc + nsn)
    except pn.NumberParseException:
        return []
    nat = pn.format_number(num, F.NATIONAL)
    intl = pn.format_number(num, F.INTERNATIONAL)
    e164 = pn.format_number(num, F.E164)
    idd = md.preferred_international_prefix or md.international_prefix or "00"
    if not idd.isdigit():
        idd = "00"
    other = rng.choice([c for c in (1, 7, 33, 44, 49, 55, 86, 91, 380)
                        if c != md.country_code])
    out = [
        nat, intl, e164,
        idd + " " + cc + " " + group(rng, nsn, " "),
        rng.choice(("00", "011")) + cc + nsn,
        group(rng, nsn, "."),
        "(" + nsn[:3] + ") " + group(rng, nsn[3:], "-"),
        cc + nsn,
        cc + " " + group(rng, nsn, " "),
        nsn,
        "+" + str(other) + " " + nsn,
        nat[:-1],
        intl[:-2],
        nat + rng.choice("0123456789"),
        e164 + rng.choice("0123456789") + rng.choice("0123456789"),
        "+" + cc + " (0)" + nsn,
        (md.national_prefix or "") + nsn,
        nat + " ext. " + str(rng.randrange(1, 999)),
        "tel:" + e164,
    ]
    return [s for s in out if s]


def gen(path):
    rng = random.Random(13)
    cases = []
    for region in REGIONS:
        md = pn.PhoneMetadata.metadata_for_region(region)
        seen = set()
        for ex in examples(md)[:4]:
            for nsn in (ex, vary(rng, ex)):
                forms = shapes(rng, region, md, nsn)
                for s in rng.sample(forms, min(len(forms), 9)):
                    if s not in seen:
                        seen.add(s)
                        cases.append((region, s))
                # a national form read in another region
                if rng.random() < 0.3:
                    cases.append((rng.choice(REGIONS), nsn))
    with open(path, "w", encoding="utf-8") as f:
        for region, s in cases:
            f.write("%s\t%s\n" % (region, s))


TYPE_NAMES = {PT.FIXED_LINE: "fixed-line", PT.MOBILE: "mobile",
              PT.FIXED_LINE_OR_MOBILE: "fixed-line-or-mobile",
              PT.TOLL_FREE: "toll-free", PT.PREMIUM_RATE: "premium-rate",
              PT.SHARED_COST: "shared-cost", PT.VOIP: "voip",
              PT.PERSONAL_NUMBER: "personal", PT.PAGER: "pager",
              PT.UAN: "uan", PT.VOICEMAIL: "voicemail", PT.UNKNOWN: "unknown"}


def oracle(region, s):
    try:
        num = pn.parse(s, region)
    except pn.NumberParseException:
        return ("-", False, False, "unknown")
    return (pn.format_number(num, F.E164), pn.is_valid_number(num),
            pn.is_possible_number(num), TYPE_NAMES.get(pn.number_type(num), "?"))


def departure(region, s, o, valid):
    """lib/phone's one documented departure: 00 where the region's own
    international prefix is another, read as international when that gives
    a valid number and the region's reading does not."""
    digits = pn.normalize_digits_only(s)
    idd = pn.PhoneMetadata.metadata_for_region(region).international_prefix
    if (valid or o[1] != "valid" or s.lstrip().startswith("+") or
            not digits.startswith("00") or
            (idd and re.match(idd, digits))):
        return False
    try:
        alt = pn.parse("+" + digits[2:], region)
    except pn.NumberParseException:
        return False
    return pn.is_valid_number(alt) and pn.format_number(alt, F.E164) == o[0]


def cmp(cases_path, ours_path):
    with open(cases_path, encoding="utf-8") as f:
        cases = [l.rstrip("\n").split("\t", 1) for l in f]
    with open(ours_path, encoding="utf-8") as f:
        ours = [l.rstrip("\n").split("\t") for l in f]
    if len(cases) != len(ours):
        print("1..1\nnot ok 1 - %d cases, %d answers" % (len(cases), len(ours)))
        return 1
    n = len(cases)
    bad, dep, badpos, badtype, regions = [], [], 0, 0, set()
    for (region, s), o in zip(cases, ours):
        regions.add(region)
        e164, valid, possible, typ = oracle(region, s)
        mine_valid = o[1] == "valid"
        # an unparsed number is neither valid nor has an E.164 form
        if (o[0] != e164 and (valid or mine_valid or
                              (o[0] != "-" and e164 != "-"))) or mine_valid != valid:
            line = "%s [%s]: ours %s %s, phonenumbers %s %s" % (
                region, s, o[0], o[1], e164, "valid" if valid else "not valid")
            (dep if departure(region, s, o, valid) else bad).append(line)
        if e164 != "-" and o[0] == e164 and (o[2] == "1") != possible:
            badpos += 1
        if valid and mine_valid and o[3] != typ:
            badtype += 1
    agree = 100.0 * (n - len(bad)) / n
    print("1..3")
    print("%s 1 - %d numbers of %d regions: validity and E.164 agree for "
          "%.2f%% (at least 99.5%%), %.2f%% counting the 00 departure" % (
              "ok" if agree >= 99.5 else "not ok", n, len(regions), agree,
              100.0 * (n - len(bad) - len(dep)) / n))
    for b in bad:
        print("# disagreement: " + b)
    for b in dep:
        print("# departure (00 read as international): " + b)
    print("%s 2 - at least 2000 numbers from at least 30 regions" %
          ("ok" if n >= 2000 and len(regions) >= 30 else "not ok"))
    print("%s 3 - possible and type agree where both parse (%d, %d apart)" %
          ("ok" if badpos + badtype <= n // 200 else "not ok", badpos, badtype))
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(sys.argv[2])
    else:
        sys.exit(cmp(sys.argv[2], sys.argv[3]))
