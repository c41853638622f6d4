#!/bin/sh
# bench/60-xlsx.sh: reading a workbook.  BENCH_XLSX_ROWS rows (1000000) of 10
# columns written by openpyxl (tests/xlsx/gen.py big) and the same rows as
# CSV: crm-import of each into a fresh store, csvkit's in2csv and openpyxl
# in read-only mode over the workbook; one run each under /usr/bin/time -v
# (wall time, peak RSS).  Writes bench/out/60-xlsx.md.
set -u
cd "$(dirname "$0")/.."
. bench/lib.sh
: "${BENCH_DIR:?run me from bench/run.sh (make bench)}"
OUT=bench/out/60-xlsx.md
N=${BENCH_XLSX_ROWS:-1000000}
W=$BENCH_DIR/60-xlsx
X=$BENCH_DIR/big-$N.xlsx
rm -rf "$W" && mkdir -p "$W" || exit 5
[ -x /usr/bin/time ] || { echo "60-xlsx: needs GNU time (/usr/bin/time)" >&2; exit 5; }
PY=/usr/bin/python3
$PY -c 'import openpyxl' 2>/dev/null || { echo "60-xlsx: needs python3-openpyxl" >&2; exit 5; }
[ -f "$X" ] && [ -f "$X.csv" ] || $PY tests/xlsx/gen.py big "$X" "$N" || exit 5
cat "$X" "$X.csv" > /dev/null

RES=$W/results		# label|wall|rss_kb|user|sys|exit|
: > "$RES"
measure() {
	_label=$1
	shift
	echo "60-xlsx: $_label" >&2
	printf '%s|' "$_label" >> "$RES"
	timed "$(wc -l < "$RES")" "$@" >> "$RES"
	echo >> "$RES"
}
measure "crm-import, workbook" crm-import -q --db "$W/x.db" contacts "$X"
measure "crm-import, the same CSV" crm-import -q --db "$W/c.db" contacts "$X.csv"
if command -v in2csv >/dev/null; then
	measure "in2csv (csvkit)" in2csv "$X"
fi
measure "openpyxl read-only" $PY -c 'import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
n = sum(1 for _ in wb.active.iter_rows(values_only=True))
print(n)' "$X"
same=no
if [ "$(crm-export -q --db "$W/x.db" contacts | md5sum)" = \
    "$(crm-export -q --db "$W/c.db" contacts | md5sum)" ]; then same=yes; fi
{
	echo "## Workbooks (.xlsx)"
	echo
	echo "$N rows x 10 columns ($(du -k "$X" | cut -f1) KiB workbook, $(du -k "$X.csv" | cut -f1) KiB CSV); load $(uptime | sed 's/.*load average: //'); the same store from both: $same."
	echo
	echo "| what | wall s | peak RSS MB | user s | sys s | exit |"
	echo "|---|---:|---:|---:|---:|---:|"
	awk -F'|' '{ printf "| %s | %s | %.0f | %s | %s | %s |\n", $1, $2, $3 / 1024, $4, $5, $6 }' "$RES"
} > "$OUT"
cat "$OUT"
