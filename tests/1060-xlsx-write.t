#!/bin/sh
# -f xlsx: typed cells, frozen and filtered header, widths, formulas made
# safe; crm-export -f xlsx | crm-import gives the same store.  Workbooks
# are read back with openpyxl (python3-openpyxl) as the oracle.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
if ! $PY -c 'import openpyxl' 2>/dev/null; then
	echo "1..0 # SKIP python3-openpyxl is not installed (make deps)"
	exit 0
fi
EX=$TOP/examples
look() {	# file: what openpyxl sees, one line per fact
	$PY - "$1" 2>/dev/null <<'P'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
print("frozen", ws.freeze_panes, "filter", ws.auto_filter.ref)
hdr = [c.value for c in ws[1]]
print("header", ",".join(hdr))
print("bold", ws["A1"].font.b)
for row in ws.iter_rows(min_row=2, values_only=True):
    print("|".join("" if v is None else "%s:%s" % (type(v).__name__, v) for v in row))
print("width", ",".join("%d" % round(ws.column_dimensions[c].width) for c in "ABC"))
P
}

cat >"$T/c.csv" <<'W'
external_id,last_name,phone,email,postal_code,birthday,company
x1,Иванова,+7 916 123-45-67,a@example.ru,010203,1990-05-17,=HYPERLINK("http://example.com")
x2,Petrov,,b@example.ru,101000,,ООО Ромашка
W
crm-import -q contacts "$T/c.csv"
crm-export -q contacts -f xlsx --excel --columns external_id,last_name,phone,postal_code,birthday,company >"$T/c.xlsx"
look "$T/c.xlsx" >"$T/look"
grep -q '^frozen A2 filter A1:F3$' "$T/look"
ok "the header row is frozen and filtered" $?
grep -q '^bold True$' "$T/look"
ok "the header is bold" $?
grep -q '^str:x1|str:Иванова|str:'"'"'+7 (916) 123-45-67|str:010203|datetime:1990-05-17 00:00:00|str:'"'"'=HYPERLINK' "$T/look"
ok "text stays text (leading zeros), dates are dates, --excel neutralises formulas" $?
grep -q '^width 14,12,21$' "$T/look"
ok "columns as wide as their content" $?
crm-export -q contacts -f xlsx --excel --keep-formulas --columns phone,company >"$T/k.xlsx"
look "$T/k.xlsx" | grep -q '^str:+7 (916) 123-45-67|str:=HYPERLINK'
ok "--keep-formulas writes the cells as they are" $?
crm-export -q contacts -f xlsx --columns phone,company >"$T/p.xlsx"
look "$T/p.xlsx" | grep -q '^str:+7 (916) 123-45-67|str:=HYPERLINK'
ok "without --excel, text cells as they are (string cells never run)" $?

# The round trip: the same store.
crm-export -q contacts -f xlsx | crm-import -q contacts --db "$T/rt.db"
check_same "crm-export -f xlsx | crm-import gives the same store" \
    "crm-export -q contacts -f csv" \
    "crm-export -q contacts -f csv --db $T/rt.db"
# a time to the minute comes back to the minute, one to the second so
printf 'external_id,last_name,created_at\nm1,Minute,2024-03-05T13:13\nm2,Second,2024-03-05T13:13:07\n' >"$T/m.csv"
crm-import -q contacts "$T/m.csv" --db "$T/m.db"
crm-export -q contacts -f xlsx --db "$T/m.db" | crm-import -q contacts --db "$T/m2.db"
check_same "date-times keep their precision through -f xlsx" \
    "crm-export -q contacts -f csv --columns external_id,created_at --db $T/m.db" \
    "crm-export -q contacts -f csv --columns external_id,created_at --db $T/m2.db"
crm-export -q contacts -f xlsx -o "$T/o.xlsx"
crm-import -q contacts "$T/o.xlsx" --db "$T/rt2.db"
check_same "-o file.xlsx, read back" \
    "crm-export -q contacts -f csv" \
    "crm-export -q contacts -f csv --db $T/rt2.db"

# Numbers are numbers (crm-rfm), and the other programs write workbooks.
crm-import -q orders "$EX/orders.csv"
crm-export -q orders | crm-rfm -q -f xlsx >"$T/r.xlsx"
look "$T/r.xlsx" | sed -n 4p | grep -q 'int:\|float:'
ok "crm-rfm -f xlsx: numbers as numbers" $?
# ... and read them: crm-rfm and crm-dedupe give from a workbook what they
# give from the same rows as CSV.
crm-export -q orders -f xlsx -o "$T/orders.xlsx"
check_same "crm-rfm reads a workbook" \
    "crm-export -q orders | crm-rfm -q --as-of 2024-12-31" \
    "crm-rfm -q --as-of 2024-12-31 $T/orders.xlsx"
[ "$(wc -l <"$T/.b")" -gt 5 ]
ok "crm-rfm: customers scored from the workbook" $?
crm-import -q contacts "$EX/contacts.csv" --db "$T/dd.db" 2>/dev/null
crm-export -q contacts --db "$T/dd.db" -o "$T/dd.csv"
crm-export -q contacts --db "$T/dd.db" -f xlsx -o "$T/dd.xlsx"
check_same "crm-dedupe reads a workbook" \
    "crm-dedupe -q contacts $T/dd.csv" "crm-dedupe -q contacts $T/dd.xlsx"
grep -q ',2,' "$T/.b"
ok "crm-dedupe: a cluster of two from the workbook" $?
# crm-funnel reads its deals and history from workbooks too.
FG=$TOP/tests/golden/funnel
$PY "$TOP/tests/xlsx/gen.py" fromcsv "$T/deals.xlsx" "$FG/deals.csv"
$PY "$TOP/tests/xlsx/gen.py" fromcsv "$T/history.xlsx" "$FG/history.csv"
check_out "crm-funnel reads workbooks: the same per-stage table" "$FG/stages.out" \
    crm-funnel -q --as-of 2024-03-31 --stages "$FG/stages.csv" \
    --history "$T/history.xlsx" "$T/deals.xlsx"
crm-validate -q contacts "$T/c.csv" -f xlsx >"$T/v.xlsx"
look "$T/v.xlsx" | grep -q '^frozen A2'
ok "crm-validate -f xlsx" $?
crm-dedupe -q contacts "$T/c.csv" -f xlsx >"$T/d.xlsx"
look "$T/d.xlsx" | grep -q '^header external_id,'
ok "crm-dedupe -f xlsx" $?

# Never to a terminal.
if command -v script >/dev/null; then
	script -qec "crm-export -q contacts -f xlsx" /dev/null >"$T/tty" 2>&1
	grep -q "a workbook is no text for a terminal" "$T/tty"
	ok "a workbook is refused on a terminal" $?
else
	_n=$((_n + 1)); echo "ok $_n # SKIP no script(1) for a terminal"
fi
expect_code 2 crm-export -q contacts -f xlsy

done_testing
