#!/bin/sh
# lib/legal_forms.c is what tools/gen-legal-forms.py writes from the curated
# list, the ISO 20275 extracts in tests/data/reference and
# tools/legal-forms-spellings.tsv (`make legal-forms`): no hand edits, no drift.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
if ! [ -x "$PY" ]; then
	echo "1..0 # SKIP $PY is not installed"
	exit 0
fi
plan 3
check_out "lib/legal_forms.c is the generator's output" \
    "$TOP/lib/legal_forms.c" "$PY" "$TOP/tools/gen-legal-forms.py"
# the forms the issue names come from the ISO rows, not from the project's file
for f in LTDA. oyj; do
	grep -q ",$f," "$TOP/tests/data/reference/elf-iso20275-br-fi.csv" ||
		echo "missing $f"
done >"$T/iso"
grep -q '"LTDA\.", "Ltda\.", SUFFIX, .* ISO 20275: BR' "$TOP/lib/legal_forms.c" &&
grep -q '"Oyj", "Oyj", SUFFIX, .* ISO 20275: FI' "$TOP/lib/legal_forms.c" &&
[ ! -s "$T/iso" ]
ok "Ltda. and Oyj come from the ISO 20275 rows" $?
# a spelling of the ISO list that starts with a non-ASCII Latin letter stops
# the generator (lib/norm.c would read it as Cyrillic)
mkdir -p "$T/tools" "$T/tests/data/reference"
cp "$TOP/tools/gen-legal-forms.py" "$T/tools/"
grep -v '^öff' "$TOP/tools/legal-forms-spellings.tsv" >"$T/tools/legal-forms-spellings.tsv"
cp "$TOP"/tests/data/reference/legal-forms.tsv \
    "$TOP"/tests/data/reference/elf-iso20275-*.csv "$T/tests/data/reference/"
"$PY" "$T/tools/gen-legal-forms.py" >/dev/null 2>"$T/err"
st=$?
[ "$st" -ne 0 ] && grep -q "must start with an ASCII" "$T/err"
ok "a Latin spelling starting with a non-ASCII letter is refused (exit $st)" $?
