#!/bin/sh
# crm-import reads workbooks (.xlsx, .ods, .xls): made at test time
# (tests/xlsx/gen.py), known by their bytes, from a file or stdin.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
if ! $PY -c 'import openpyxl' 2>/dev/null; then
	echo "1..0 # SKIP python3-openpyxl is not installed (make deps)"
	exit 0
fi
gen() { $PY "$TOP/tests/xlsx/gen.py" "$@"; }
gen contacts "$T/c.xlsx"
gen dates "$T/d.xlsx"
gen dates1904 "$T/d4.xlsx"
gen broken_xml "$T/broken.xlsx"
gen bomb "$T/bomb.xlsx"
gen same "$T/same.xlsx"

# Shared strings with rich-text runs, inline strings, numbers at 15 digits,
# booleans, #N/A read as empty and reported, a cached formula value, dates
# by their format, the header on row 2, a row with a cell past Z rejected.
expect_code 1 crm-import contacts "$T/c.xlsx" --db "$T/c.db"
grep_err "the error cell is reported by sheet and cell" "Клиенты!G3: #N/A (read as empty)"
grep_err "the summary names the sheet" "(xlsx, sheet 'Клиенты'"
grep_err "the cell past Z: row 5 rejected" "c.xlsx:5: row has 28 cells, the header 8"
cat >"$T/c.want" <<'W'
external_id,last_name,first_name,phone,email,postal_code,birthday,created_at,extra
c1,Иванов,Иван,+7 (916) 123-45-67,a@example.ru,010203,1990-05-17,2024-01-02T03:04:05,{}
c2,,Petrov,+7 (916) 123-45-68,b@example.ru,101000,2000-02-29,,"{""note"":""0.3""}"
c4,,Ольга,,d@example.ru,,,,"{""note"":""3""}"
W
cols=external_id,last_name,first_name,phone,email,postal_code,birthday,created_at,extra
check_out "the workbook's cells as stored" "$T/c.want" \
    crm-export contacts --db "$T/c.db" --columns $cols -f csv -q
crm-export rejects --db "$T/c.db" --columns line,raw -f csv -q | sed 1d >"$T/rej"
grep -q '^5,"c3,plain,,,,,TRUE,,,,,,,,,,,,,,,,,,,,,far$' "$T/rej"
ok "the reject's line is its sheet row, its raw text the row" $?

# Standard input: the same store.
expect_code 1 sh -c 'crm-import contacts --db "$1" -q <"$2"' sh "$T/s.db" "$T/c.xlsx"
check_out "a workbook on stdin" "$T/c.want" \
    crm-export contacts --db "$T/s.db" --columns $cols -f csv -q
# The bytes decide, not the name.
cp "$T/c.xlsx" "$T/c.csv"
expect_code 1 crm-import contacts "$T/c.csv" --db "$T/n.db" -q
# ... the other way round: a CSV called .xlsx is read as CSV.
cp "$T/same.xlsx.csv" "$T/csv.xlsx"
crm-import contacts "$T/csv.xlsx" --db "$T/cx.db" 2>"$T/err" >/dev/null
grep -q " 0 rejected (csv, UTF-8" "$T/err"
ok "a CSV called .xlsx is read as CSV" $?

# Sheets: the first visible by default (a hidden one comes first), by name, by number.
printf 'Notes\thidden\nКлиенты\nSecond\n' >"$T/sheets.want"
check_out "--list-sheets" "$T/sheets.want" crm-import --list-sheets contacts "$T/c.xlsx"
expect_code 3 crm-import contacts "$T/c.xlsx" --db "$T/x.db" --sheet Second -q
grep_err "--sheet by name" "c.xlsx:1: no column maps onto a key.*'x', 'y'"
expect_code 3 crm-import contacts "$T/c.xlsx" --db "$T/x3.db" --sheet 3 -q
grep_err "--sheet by number" "c.xlsx:1: no column maps onto a key.*'x', 'y'"
expect_code 2 crm-import contacts "$T/c.xlsx" --db "$T/x2.db" --sheet nosuch
grep_err "an unknown sheet" "no sheet 'nosuch'"

# Dates: built-in and custom formats, times, a duration and numbers stay
# numbers; the 1900 leap-year quirk; the 1904 date system.
expect_code 0 crm-import contacts "$T/d.xlsx" --db "$T/d.db" -q
cat >"$T/d.want" <<'W'
external_id,extra
d0,"{""v"":""2023-03-15""}"
d1,"{""v"":""2023-03-15""}"
d2,"{""v"":""2023-03-15""}"
d3,"{""v"":""18:00:00""}"
d4,"{""v"":""2023-03-15T18:00""}"
d5,"{""v"":""2023-03-15""}"
d6,"{""v"":""45000.75""}"
d7,"{""v"":""45000.75""}"
d8,"{""v"":""45000.75""}"
d9,"{""v"":""45000.75""}"
e1,"{""v"":""1900-02-28""}"
e2,"{""v"":""60""}"
e3,"{""v"":""1900-03-01""}"
e4,"{""v"":""2023-03-15T18:00""}"
e5,"{""v"":""2023-03-15T18:00:01""}"
W
check_out "dates by number format" "$T/d.want" \
    crm-export contacts --db "$T/d.db" --columns external_id,extra -f csv -q
crm-import contacts "$T/d.xlsx" --db "$T/d2.db" 2>"$T/err" >/dev/null
grep -q "d!C13: 1900-02-29 (no such day; kept as its number)" "$T/err"
ok "1900-02-29 is reported" $?
expect_code 0 crm-import contacts "$T/d4.xlsx" --db "$T/d4.db" -q
crm-export contacts --db "$T/d4.db" --columns external_id,extra -f csv -q >"$T/d4.out"
grep -q '^d0,"{""v"":""2027-03-16""}"$' "$T/d4.out" &&
    grep -q '^e2,"{""v"":""1904-03-01""}"$' "$T/d4.out"
ok "the 1904 date system" $?

# The same data from CSV and from a workbook: the same rows.
crm-import contacts "$T/same.xlsx" --db "$T/sx.db" -q
crm-import contacts "$T/same.xlsx.csv" --db "$T/sc.db" -q
check_same "CSV and XLSX give the same rows" \
    "crm-export contacts --db $T/sx.db -f csv -q" \
    "crm-export contacts --db $T/sc.db -f csv -q"
# A macro-enabled workbook (.xlsm): the same rows, its macros never run.
gen xlsm "$T/m.xlsm"
crm-import contacts "$T/m.xlsm" --db "$T/mx.db" -q
check_same "an .xlsm gives the same rows" \
    "crm-export contacts --db $T/mx.db -f csv -q" \
    "crm-export contacts --db $T/sc.db -f csv -q"
# Elements with a prefix (<x:c>): the same rows.
gen prefixed "$T/pre.xlsx"
$PY -c 'import sys, zipfile
print(zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").decode())' \
    "$T/pre.xlsx" | grep -q '<x:c r="A1"'
ok "the sheet's elements have a prefix" $?
crm-import contacts "$T/pre.xlsx" --db "$T/px.db" -q
check_same "prefixed elements give the same rows" \
    "crm-export contacts --db $T/px.db -f csv -q" \
    "crm-export contacts --db $T/sc.db -f csv -q"

# OpenDocument (.ods): the same zip and SAX path over content.xml.
gen ods "$T/o.ods"
gen ods_same "$T/same.ods"
printf 'Hidden\thidden\nЛист1\n' >"$T/osheets.want"
check_out "--list-sheets of an .ods (a table styled display=false is hidden)" \
    "$T/osheets.want" crm-import --list-sheets contacts "$T/o.ods"
expect_code 1 crm-import contacts "$T/o.ods" --db "$T/o.db"
grep_err "the summary says ods" "(ods, sheet 'Лист1'"
grep_err "repeated rows keep the row numbers; a repeated cell counts" \
    "o.ods:6: row has 8 cells, the header 7"
cat >"$T/o.want" <<'W'
external_id,last_name,first_name,email,extra
o1,Анна,Ли,o1@example.ru,"{""n"":""1.5"",""when"":""2024-03-12"",""t"":""10:30:00"",""ok"":""TRUE""}"
W
check_out "ods cells by value type" "$T/o.want" \
    crm-export contacts --db "$T/o.db" --columns external_id,last_name,first_name,email,extra -f csv -q
crm-export rejects --db "$T/o.db" --columns line,raw -f csv -q | grep -q '^6,"o2,x,o2@example.ru,7,7,,,FALSE$'
ok "a repeated cell comes out as often as repeated" $?
crm-import contacts "$T/same.ods" --db "$T/so.db" -q
check_same "CSV and ODS give the same rows" \
    "crm-export contacts --db $T/so.db -f csv -q" \
    "crm-export contacts --db $T/sc.db -f csv -q"

# Excel 97-2003 (.xls) through libfreexl, written by xlwt.
if $PY -c 'import xlwt' 2>/dev/null; then
	gen xls "$T/same.xls"
	printf 'Лист1\nВторой\n' >"$T/xsheets.want"
	check_out "--list-sheets of an .xls" "$T/xsheets.want" \
	    crm-import --list-sheets contacts "$T/same.xls"
	crm-import contacts "$T/same.xls" --db "$T/sxls.db" 2>"$T/err" >/dev/null
	grep -q "(xls, sheet 'Лист1'" "$T/err"
	ok "the summary says xls" $?
	check_same "CSV and XLS give the same rows" \
	    "crm-export contacts --db $T/sxls.db -f csv -q" \
	    "crm-export contacts --db $T/sc.db -f csv -q"
	crm-import contacts --db "$T/sxls2.db" -q <"$T/same.xls"
	check_same "an .xls on stdin" \
	    "crm-export contacts --db $T/sxls2.db -f csv -q" \
	    "crm-export contacts --db $T/sc.db -f csv -q"
else
	for i in 1 2 3 4; do _n=$((_n + 1)); echo "ok $_n # SKIP python3-xlwt is not installed"; done
fi

# Bad workbooks: exit 3, where, nothing stored.
expect_code 3 crm-import contacts "$T/broken.xlsx" --db "$T/b.db"
grep_err "broken XML names the sheet and cell" \
    "broken.xlsx:4: sheet 'Клиенты', near cell C4: broken XML"
[ ! -f "$T/b.db" ] || [ "$(crm-export contacts --db "$T/b.db" -f csv -q | wc -l)" -le 1 ]
ok "nothing stored from a broken workbook" $?
expect_code 3 crm-import contacts "$T/bomb.xlsx" --db "$T/bomb.db"
grep_err "a zip bomb is refused" "refused as a zip bomb: xl/worksheets/sheet1.xml"
head -c 1500 "$T/c.xlsx" >"$T/cut.xlsx"
expect_code 3 crm-import contacts "$T/cut.xlsx" --db "$T/cut.db"
grep_err "a cut zip" "cut.xlsx: not a readable workbook"
(cd "$T" && printf 'a\n' >a.txt && $PY -c 'import zipfile; zipfile.ZipFile("z.xlsx","w").write("a.txt")')
expect_code 3 crm-import contacts "$T/z.xlsx" --db "$T/z.db"
grep_err "a zip that is no workbook" "not an XLSX workbook"
printf '\320\317\021\340\241\261\032\341rest' >"$T/old.xls"
expect_code 3 crm-import contacts "$T/old.xls" --db "$T/old.db"
grep_err "a broken .xls" "old.xls: not a readable .xls workbook"

done_testing
