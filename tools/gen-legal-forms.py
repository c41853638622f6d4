#!/usr/bin/python3
"""gen-legal-forms.py: writes lib/legal_forms.c, the table of legal forms.

usage: /usr/bin/python3 tools/gen-legal-forms.py > lib/legal_forms.c   (make legal-forms)

Sources, in this order (a spelling met again, case folded, keeps its first
reading):

  1. tools/legal-forms-spellings.tsv: the project's choices (variants the data
     is written with, flags the rules below would get wrong, ISO spellings that
     are words of names and so only recognised, ISO entries that are not forms).
  2. tests/data/reference/legal-forms.tsv: the curated list of Russian, CIS and
     English/EU forms (abbreviation and full name of each row).
  3. tests/data/reference/elf-iso20275-selected.csv and elf-iso20275-br-fi.csv:
     the ISO 20275 entity legal form list (GLEIF, CC0): the local-language
     abbreviations of the active (ACTV) rows.

Rules for a spelling that source 1 does not set:
  - Cyrillic (or Greek): 0 (before or after the name); two letters: AMBIG|CASE.
  - Latin: SUFFIX (after the name only); CASE as well when it has no dot and two
    letters or fewer, or starts in lower case with a capital inside (gGmbH).
  - a full name holding "(" or " / " (two forms in one cell): LOOKUP.
  - ISO abbreviation cells list spellings split by ";" (some by "," or " or ");
    pieces of more than five words (sentences) and pieces mixing Latin and
    Cyrillic letters are left out, as are the transliterated column (the
    curated list has the transliterations the data uses).  A piece in lower
    case only is written with a capital first (ISO writes Finland's "oyj"; names
    write "Oyj").
  - canonical abbreviation: the curated one for the same letters (dots, spaces
    and slashes ignored, case folded); else the first spelling of the same
    letters in the same country; else the spelling itself.
"""

import csv
import os
import sys
import unicodedata

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SPELLINGS = "tools/legal-forms-spellings.tsv"
CURATED = "tests/data/reference/legal-forms.tsv"
ISO = ["tests/data/reference/elf-iso20275-selected.csv",
       "tests/data/reference/elf-iso20275-br-fi.csv"]

FLAGS = {"AMBIG": 1, "SUFFIX": 2, "PREFIX": 4, "CASE": 8, "LOOKUP": 16}
ORDER = ["AMBIG", "SUFFIX", "PREFIX", "CASE", "LOOKUP"]


def path(p):
    return os.path.join(TOP, p)


def script(s):
    """'cyr' when the first letter is not Latin, else 'lat'."""
    for ch in s:
        if ch.isalpha():
            return "lat" if ch.isascii() or "LATIN" in unicodedata.name(ch, "") \
                else "cyr"
    return "lat"


def mixed(s):
    lat = any(c.isalpha() and "LATIN" in unicodedata.name(c, "") for c in s)
    cyr = any(c.isalpha() and "CYRILLIC" in unicodedata.name(c, "") for c in s)
    return lat and cyr


def nletters(s):
    return sum(1 for c in s if c.isalpha())


def key(s):
    return "".join(c for c in s.casefold() if c.isalnum())


def fold(s):
    return s.casefold().replace("ё", "е")


def default_flags(s, full):
    if full and ("(" in s or " / " in s):
        return FLAGS["LOOKUP"]
    if script(s) == "cyr":
        return FLAGS["AMBIG"] | FLAGS["CASE"] if not full and nletters(s) == 2 \
            else 0
    f = FLAGS["SUFFIX"]
    if not full and "." not in s:
        letters = [c for c in s if c.isalpha()]
        if len(letters) <= 2 or (letters[0].islower() and
                                 any(c.isupper() for c in letters)):
            f |= FLAGS["CASE"]
    return f


class Table:
    def __init__(self):
        self.rows = []		# (text, canon, flags, note)
        self.seen = set()	# folded texts taken or refused
        self.canon = {}		# letters -> canonical (curated)

    def add(self, text, canon, flags, note):
        f = fold(text)
        if f in self.seen:
            return
        self.seen.add(f)
        if flags is None:
            return		# refused
        if script(text) == "lat" and not text[0].isascii():
            sys.exit("gen-legal-forms: %r: a Latin spelling must start with "
                     "an ASCII character (lib/norm.c reads others as Cyrillic)"
                     % text)
        self.rows.append((text, canon, flags, note))


def tsv_rows(name):
    """The columns of each line of a TSV file that is no comment."""
    with open(path(name), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield line.split("\t")


def read_spellings(t):
    for cols in tsv_rows(SPELLINGS):
        text, canon, flags = cols[0], cols[1], cols[2]
        if flags == "-":
            t.add(text, None, None, "")
            continue
        v = 0
        if flags != "0":
            for w in flags.split("|"):
                v |= FLAGS[w]
        t.add(text, canon, v, "project")
        if not v & FLAGS["LOOKUP"]:
            t.canon.setdefault(key(text), canon)


def read_curated(t):
    for cols in tsv_rows(CURATED):
        abbr, full, kind = cols[0], cols[1], cols[2]
        t.canon.setdefault(key(abbr), abbr)
        t.add(abbr, abbr, default_flags(abbr, False), kind)
        t.add(full, abbr, default_flags(full, True), kind)


def pieces(cell):
    out = []
    for p in cell.replace(",", ";").replace(" or ", ";").split(";"):
        p = " ".join(p.split())
        if p.startswith("or "):
            p = p[3:]
        if not p or len(p.split()) > 5 or mixed(p):
            continue
        if p == p.lower() and p != p.upper():
            p = p[0].upper() + p[1:]
        out.append(p)
    return out


def read_iso(t):
    for name in ISO:
        local = {}	# (country, letters) -> canonical
        with open(path(name), encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                if r["ELF Status ACTV/INAC"] != "ACTV":
                    continue
                cc = r["Country Code (ISO 3166-1)"]
                for p in pieces(r["Abbreviations Local language"]):
                    k = key(p)
                    canon = t.canon.get(k) or local.setdefault((cc, k), p)
                    t.add(p, canon, default_flags(p, False),
                          "ISO 20275: " + cc)


def first(text):
    c = text[0].lower()
    return ord("е") if c == "ё" else ord(c)


def cstr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cflags(v):
    if not v:
        return "0"
    return " | ".join(w for w in ORDER if v & FLAGS[w])


HEAD = """\
/*
 * legal_forms: legal forms of companies, as a static table.
 *
 * Generated by tools/gen-legal-forms.py (make legal-forms) from
 * tools/legal-forms-spellings.tsv (the project's choices),
 * tests/data/reference/legal-forms.tsv (the curated list of Russian, CIS and
 * English/EU forms) and the ISO 20275 entity legal form list (GLEIF, CC0:
 * tests/data/reference/elf-iso20275-*.csv); tests/0202-legal-forms.t says
 * when this file and the generator's output differ.  Do not edit by hand.
 *
 * The last column is the first letter of the spelling folded (lower case, ё
 * as е); the table is sorted on it so the matcher can binary-search.
 * Matching (lib/norm.c) ignores case and ё/е, and reads Latin look-alike
 * letters as Cyrillic for Cyrillic spellings of three letters or more
 * ("OOO" with Latin O is ООО).
 */
#include "legal_forms.h"

#define AMBIG CRM_LF_AMBIG
#define SUFFIX CRM_LF_SUFFIX
#define PREFIX CRM_LF_PREFIX
#define CASE CRM_LF_CASE
#define LOOKUP CRM_LF_LOOKUP

const struct crm_legal_spelling crm_legal_spellings[] = {
"""

TAIL = """\
};

const size_t crm_legal_nspellings =
    sizeof crm_legal_spellings / sizeof crm_legal_spellings[0];
"""


def main():
    t = Table()
    read_spellings(t)
    read_curated(t)
    read_iso(t)
    rows = sorted(t.rows, key=lambda r: first(r[0]))	# stable
    out = [HEAD]
    for text, canon, flags, note in rows:
        ent = "\t{ %s, %s, %s, 0x%x }," % (cstr(text), cstr(canon),
                                          cflags(flags), first(text))
        if len(ent.expandtabs(8)) + len(note) + 6 <= 80:
            out.append("%s /* %s */\n" % (ent, note))
        else:
            out.append("\t/* %s */\n%s\n" % (note, ent))
    out.append(TAIL)
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
