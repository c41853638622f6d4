#!/bin/sh
# bench/gen.py: the benchmark data generator is deterministic and writes what
# it says it writes (1000 rows; the 1M-row run is `make bench`, not a test).
. "$(dirname "$0")/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 not found"
	exit 0
fi
# the interpreter itself, not a version-manager shim (which is slow to start)
PY=$(python3 -c 'import sys; print(sys.executable)')
python3() { "$PY" "$@"; }
GEN="$PY $TOP/bench/gen.py --refdir $DATA/reference"

# csvcheck FILE PYTHON-EXPR: rows of FILE as dicts in `rows`; the expression
# must be true.  CSV-aware, so quoted commas in company names do not count.
csvcheck() {
	python3 - "$1" "$2" "${3:-utf-8}" "${4:-,}" <<'EOF'
import csv, sys
f, expr, enc, sep = sys.argv[1:5]
with open(f, encoding=enc, newline="") as fh:
    rows = list(csv.DictReader(fh, delimiter=sep))
ok = eval(expr)
if not ok:
    print("# failed:", expr, file=sys.stderr)
sys.exit(0 if ok else 1)
EOF
}

check 'gen 1000 rows, seed 7' sh -c "$GEN --rows 1000 --seed 7 --out $T/a --orders 300 2>$T/a.log"
check 'same again into another directory' sh -c "$GEN --rows 1000 --seed 7 --out $T/b --orders 300 2>/dev/null"
for f in contacts.csv truth.csv companies.csv orders.csv; do
	check "$f is byte-for-byte the same" cmp "$T/a/$f" "$T/b/$f"
done
check 'seed 8 gives other data' sh -c "$GEN --rows 1000 --seed 8 --out $T/c --quiet && ! cmp -s $T/a/contacts.csv $T/c/contacts.csv"
check 'quiet is quiet' sh -c "$GEN --rows 10 --seed 8 --out $T/q --quiet 2>&1 | wc -c | grep -qx 0"

# what the summary claims
check 'summary names the files and counts' grep -q \
    "contacts.csv: 1000 rows, 900 persons, 100 duplicate rows" "$T/a.log"
check 'summary: orders' grep -q "orders.csv: 300 rows" "$T/a.log"
check 'contacts.csv has a header and 1000 lines' sh -c "wc -l < $T/a/contacts.csv | grep -qx 1001"
check 'contacts.csv header' sh -c "head -n 1 $T/a/contacts.csv | grep -qx \
    'external_id,last_name,first_name,middle_name,company,phone,email,city,source,created_at,amount,truth_id'"
check 'every row has 12 fields' csvcheck "$T/a/contacts.csv" \
    'len(rows) == 1000 and all(None not in r and len(r) == 12 for r in rows)'
check 'external ids unique' csvcheck "$T/a/contacts.csv" \
    'len({r["external_id"] for r in rows}) == 1000'
check '900 persons, so 100 duplicates' csvcheck "$T/a/contacts.csv" \
    'len({r["truth_id"] for r in rows}) == 900'
check 'truth.csv agrees with the truth_id column' sh -c "
	$PY -c '
import csv, sys
c = [(r[\"external_id\"], r[\"truth_id\"]) for r in csv.DictReader(open(sys.argv[1], encoding=\"utf-8\"))]
t = [(r[\"external_id\"], r[\"truth_id\"]) for r in csv.DictReader(open(sys.argv[2], encoding=\"utf-8\"))]
sys.exit(c != t)' $T/a/contacts.csv $T/a/truth.csv"
check 'truth.csv: line numbers are physical lines' csvcheck "$T/a/truth.csv" \
    'all(int(r["line"]) == i + 2 for i, r in enumerate(rows))'
check 'truth.csv: 900 originals, 100 made duplicates' csvcheck "$T/a/truth.csv" \
    'sum(r["kind"] == "original" for r in rows) == 900 and all(r["kind"] for r in rows)'
check 'originals come first for each person' csvcheck "$T/a/truth.csv" \
    '[r["kind"] == "original" for r in rows] == [r["truth_id"] not in {x["truth_id"] for x in rows[:i]} for i, r in enumerate(rows)]'
check 'mixed phone shapes' csvcheck "$T/a/contacts.csv" \
    'all(any(p(r["phone"]) for r in rows) for p in (lambda s: s.startswith("+7 ("), lambda s: s.startswith("89"), lambda s: s.startswith("8-"), lambda s: "доб" in s, lambda s: s[:1] == "9"))'
check 'mixed date shapes' csvcheck "$T/a/contacts.csv" \
    'all(any(__import__("re").fullmatch(p, r["created_at"]) for r in rows) for p in (r"\d{4}-\d\d-\d\d", r"\d\d\.\d\d\.\d{4}", r"\d{5}"))'
check 'decimal commas and NBSP grouping in amounts' csvcheck "$T/a/contacts.csv" \
    'any("\u00a0" in r["amount"] for r in rows) and any("," in r["amount"] for r in rows)'
check 'legal forms in company names' csvcheck "$T/a/contacts.csv" \
    'all(any(f in r["company"] for r in rows) for f in ("ООО", "ИП ", "LLC", "АО"))'

# companies.csv: valid ИНН, КПП, ОГРН / ОГРНИП
check 'companies: valid checksums' csvcheck "$T/a/companies.csv" '
len(rows) == 45 and all(
    (len(r["inn"]) == 10 and int(r["inn"][9]) == sum(int(a) * b for a, b in zip(r["inn"], [2,4,10,3,5,9,4,6,8])) % 11 % 10
        and len(r["kpp"]) == 9 and len(r["ogrn"]) == 13 and int(r["ogrn"][12]) == int(r["ogrn"][:12]) % 11 % 10)
    or (len(r["inn"]) == 12 and int(r["inn"][10]) == sum(int(a) * b for a, b in zip(r["inn"], [7,2,4,10,3,5,9,4,6,8])) % 11 % 10
        and int(r["inn"][11]) == sum(int(a) * b for a, b in zip(r["inn"], [3,7,2,4,10,3,5,9,4,6,8])) % 11 % 10
        and r["kpp"] == "" and len(r["ogrn"]) == 15 and int(r["ogrn"][14]) == int(r["ogrn"][:14]) % 13 % 10)
    for r in rows)'
check 'companies: ИНН unique' csvcheck "$T/a/companies.csv" 'len({r["inn"] for r in rows}) == len(rows)'

# orders.csv
check 'orders: 300 rows of known customers' sh -c "
	$PY -c '
import csv, sys
ids = {r[\"external_id\"] for r in csv.DictReader(open(sys.argv[1], encoding=\"utf-8\"))}
o = list(csv.DictReader(open(sys.argv[2], encoding=\"utf-8\")))
sys.exit(not (len(o) == 300 and all(r[\"customer\"] in ids and r[\"order_date\"] and r[\"amount\"] and r[\"status\"] for r in o)))' \
	$T/a/contacts.csv $T/a/orders.csv"

# --dupes 0
check 'no duplicates with --dupes 0' sh -c "$GEN --rows 200 --seed 1 --dupes 0 --out $T/d --quiet"
check '... every person once' csvcheck "$T/d/contacts.csv" 'len({r["truth_id"] for r in rows}) == 200'

# --excel
check 'excel variant' sh -c "$GEN --rows 1000 --seed 7 --excel --out $T/a 2>$T/x.log"
check 'excel: other names, contacts.csv untouched' sh -c "cmp $T/a/contacts.csv $T/b/contacts.csv && test -f $T/a/truth-excel.csv && test -f $T/a/companies-excel.csv"
check 'excel: not UTF-8' sh -c "! iconv -f UTF-8 -t UTF-8 $T/a/contacts-excel.csv >/dev/null 2>&1"
check 'excel: CP1251 with the Russian headers, CRLF' sh -c "
	head -n 1 $T/a/contacts-excel.csv | iconv -f CP1251 -t UTF-8 | tr -d '\r' | grep -qx \
	'Фамилия;Имя;Отчество;Компания;Телефон;E-mail;Город;Источник;Дата создания;Сумма'"
check 'excel: every line ends in CRLF' sh -c "
	test \$(wc -l < $T/a/contacts-excel.csv) -eq 1001 &&
	test \$(tr -cd '\r' < $T/a/contacts-excel.csv | wc -c) -eq 1001"
check 'excel: 1000 rows of 10 fields' csvcheck "$T/a/contacts-excel.csv" \
    'len(rows) == 1000 and all(None not in r and len(r) == 10 for r in rows)' cp1251 ';'
check 'excel: truth-excel.csv has one row per line' csvcheck "$T/a/truth-excel.csv" \
    'len(rows) == 1000 and len({r["truth_id"] for r in rows}) == 900'

expect_code 2 python3 "$TOP/bench/gen.py" --rows 0 --out "$T/z"
expect_code 2 python3 "$TOP/bench/gen.py" --rows 10 --dupes 1.5 --out "$T/z"
done_testing
