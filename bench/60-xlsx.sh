#!/bin/sh
# bench/60-xlsx.sh: reading workbooks.  Two workbooks of BENCH_XLSX_ROWS rows
# (1000000), each with the same rows as CSV beside it:
#   openpyxl: 10 text columns written by openpyxl in write-only mode
#     (tests/xlsx/gen.py big: inline strings, Cyrillic as character
#     references, the costliest XML per row);
#   ours: the first rows of contacts.csv stored by crm-import and written by
#     crm-export -f xlsx (libxlsxwriter: inline strings in UTF-8, dates as
#     date cells, 18 columns), and by crm-export as CSV.
# crm-import of each workbook and of its CSV into a fresh store (target:
# the workbook at >= 1/3 of the CSV's rows per CPU second); then, on the
# openpyxl workbook of BENCH_XLSX_PEER_ROWS rows (100000), workbook -> CSV:
# crm-validate --no-db --fix against csvkit's in2csv and pandas.read_excel
# (both on openpyxl), and openpyxl read-only iterating.  One run each under
# /usr/bin/time -v.  Writes bench/out/60-xlsx.md.
set -u
cd "$(dirname "$0")/.." || exit 5
. bench/lib.sh
: "${BENCH_DIR:?run me from bench/run.sh (make bench)}"
mkdir -p bench/out || exit 5
OUT=bench/out/60-xlsx.md
N=${BENCH_XLSX_ROWS:-1000000}
NP=${BENCH_XLSX_PEER_ROWS:-100000}
W=$BENCH_DIR/60-xlsx
X=$BENCH_DIR/big-$N.xlsx		# openpyxl, and $X.csv
XP=$BENCH_DIR/big-$NP.xlsx
O=$BENCH_DIR/ours-$N.xlsx		# crm-export -f xlsx, and $O.csv
F=$BENCH_DIR/contacts.csv
rm -rf "$W" && mkdir -p "$W" || exit 5
[ -x /usr/bin/time ] || { echo "60-xlsx: needs GNU time (/usr/bin/time)" >&2; exit 5; }
PY=/usr/bin/python3
$PY -c 'import openpyxl' 2>/dev/null || { echo "60-xlsx: needs python3-openpyxl" >&2; exit 5; }
for f in "$X:$N" "$XP:$NP"; do
	[ -f "${f%:*}" ] && [ -f "${f%:*}.csv" ] ||
	    $PY tests/xlsx/gen.py big "${f%:*}" "${f##*:}" || exit 5
done
if [ ! -f "$O" ] || [ ! -f "$O.csv" ]; then
	[ -f "$F" ] || { echo "60-xlsx: no $F (bench/run.sh makes it)" >&2; exit 5; }
	head -n $((N + 1)) "$F" > "$W/contacts.csv" || exit 5
	crm-import -q --db "$W/o.db" contacts "$W/contacts.csv"
	[ $? -le 1 ] || exit 5
	crm-export -q --db "$W/o.db" -f xlsx -o "$O" contacts || exit 5
	crm-export -q --db "$W/o.db" contacts > "$O.csv" || exit 5
	rm -f "$W/o.db" "$W/contacts.csv"
fi
cat "$X" "$X.csv" "$XP" "$O" "$O.csv" > /dev/null

RES=$W/results		# label|rows|wall|rss_kb|user|sys|exit|
: > "$RES"
measure() {		# label rows cmd...
	_label=$1 _rows=$2
	shift 2
	if ! command -v "$1" >/dev/null 2>&1; then
		echo "$_label|$_rows|||||missing|" >> "$RES"
		echo "60-xlsx: $1 not found, skipped" >&2
		return
	fi
	echo "60-xlsx: $_label" >&2
	printf '%s|%s|' "$_label" "$_rows" >> "$RES"
	timed "$(wc -l < "$RES")" "$@" >> "$RES"
	echo >> "$RES"
}
IX="crm-import, openpyxl workbook"
IC="crm-import, the same CSV"
OX="crm-import, crm-export -f xlsx workbook"
OC="crm-import, the same CSV as crm-export wrote it"
PI="crm-import, openpyxl workbook ($NP rows)"
PV="crm-validate --no-db --fix: workbook -> CSV"
PC="in2csv (csvkit): workbook -> CSV"
PP="pandas.read_excel + to_csv: workbook -> CSV"
PO="openpyxl read-only, rows iterated"
measure "$IX" "$N" crm-import -q --db "$W/x.db" contacts "$X"
measure "$IC" "$N" crm-import -q --db "$W/c.db" contacts "$X.csv"
measure "$OX" "$N" crm-import -q --db "$W/ox.db" contacts "$O"
measure "$OC" "$N" crm-import -q --db "$W/oc.db" contacts "$O.csv"
measure "$PI" "$NP" crm-import -q --db "$W/p.db" contacts "$XP"
measure "$PV" "$NP" crm-validate -q --no-db --fix contacts "$XP"
measure "$PC" "$NP" in2csv "$XP"
if $PY -c 'import pandas' 2>/dev/null; then
	measure "$PP" "$NP" $PY -c 'import sys, pandas
pandas.read_excel(sys.argv[1], engine="openpyxl", dtype=str).to_csv(sys.stdout, index=False)' "$XP"
else
	echo "$PP|$NP|||||missing|" >> "$RES"
fi
measure "$PO" "$NP" $PY -c 'import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
n = sum(1 for _ in wb.active.iter_rows(values_only=True))
print(n)' "$XP"

same() {		# db1 db2: yes when both stores export the same contacts
	if [ "$(crm-export -q --db "$1" contacts | md5sum)" = \
	    "$(crm-export -q --db "$2" contacts | md5sum)" ]; then echo yes; else echo no; fi
}
samex=$(same "$W/x.db" "$W/c.db")
sameo=$(same "$W/ox.db" "$W/oc.db")
rss() { awk -F'|' -v l="$1" '$1 == l { printf "%.0f", $4 / 1024 }' "$RES"; }
kb() { echo $(($(wc -c < "$1") / 1024)); }
{
	echo "## Workbooks (.xlsx)"
	echo
	echo "openpyxl: $N rows x 10 text columns written by openpyxl in write-only mode ($(kb "$X") KiB;"
	echo "inline strings, Cyrillic as character references), CSV $(kb "$X.csv") KiB. ours: the first"
	echo "$N rows of \`contacts.csv\` written by \`crm-export -f xlsx\` ($(kb "$O") KiB; 18 columns,"
	echo "dates as date cells) and by \`crm-export\` as CSV ($(kb "$O.csv") KiB). Workbook -> CSV on"
	echo "the openpyxl workbook of $NP rows. One run each, load $(uptime | sed 's/.*load average: //');"
	echo "the same store from the workbook and its CSV: openpyxl $samex, ours $sameo (libxlsxwriter's"
	echo "date-time cells are written with seconds, so a time of day stored as 13:13 comes back"
	echo "as 13:13:00; the values are the same)."
	echo
	echo "| command | rows | wall s | CPU s | rows/CPU s | peak RSS MB | exit |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	while IFS='|' read -r label rows wall rk user sys x _; do
		if [ "$x" = missing ]; then
			echo "| $label | $rows | | | | | not installed |"
			continue
		fi
		echo "| $label | $rows | $wall | $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }') | $(crate "$label") | $(awk -v k="$rk" 'BEGIN { printf "%.0f", k / 1024 }') | $x |"
	done < "$RES"
	echo
	echo "crm-validate --fix also normalises (phones, e-mails, names); in2csv infers types, so a"
	echo "postal code 000123 comes out as 123 and a phone +79161234567 as 79161234567."
	echo
	echo "### Targets (issue 16)"
	echo
	echo "| target | ratio (rows per CPU s) | |"
	echo "|---|---:|---|"
	echo "| openpyxl workbook >= 1/3 of its CSV | $(ratio "$(crate "$IX")" "$(crate "$IC")") | $(verdict 'a >= b / 3' "$(crate "$IX")" "$(crate "$IC")") |"
	echo "| crm-export -f xlsx workbook >= 1/3 of its CSV | $(ratio "$(crate "$OX")" "$(crate "$OC")") | $(verdict 'a >= b / 3' "$(crate "$OX")" "$(crate "$OC")") |"
	echo "| crm-validate --fix against in2csv, workbook -> CSV | $(ratio "$(crate "$PV")" "$(crate "$PC")") | |"
	echo "| crm-validate --fix against pandas.read_excel | $(ratio "$(crate "$PV")" "$(crate "$PP")") | |"
	echo "| crm-import against openpyxl read-only (iterating only) | $(ratio "$(crate "$PI")" "$(crate "$PO")") | |"
	echo "| peak RSS of the $N-row workbook import < 100 MB | $(rss "$IX") MB, $(rss "$OX") MB | $(verdict 'a < 100 && b < 100' "$(rss "$IX")" "$(rss "$OX")") |"
} > "$OUT"
cat "$OUT"
