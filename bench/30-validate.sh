#!/bin/sh
# bench/30-validate.sh: crm-validate with the builtin contacts rules on the
# generated contacts, against a pandas script doing the same checks
# (bench/validate_pandas.py); one run each under /usr/bin/time -v.  Also the
# memory: 100k rows against all, and all without the unique set.  Writes
# bench/out/30-validate.md.  Run by bench/run.sh, which sets BENCH_DIR.
set -u
cd "$(dirname "$0")/.."
. bench/lib.sh
: "${BENCH_DIR:?run me from bench/run.sh (make bench)}"
OUT=bench/out/30-validate.md
F=$BENCH_DIR/contacts.csv
W=$BENCH_DIR/30-validate
F100=$W/contacts-100k.csv
rm -rf "$W" && mkdir -p "$W" || exit 5
[ -f "$F" ] || { echo "30-validate: no $F" >&2; exit 5; }
[ -x /usr/bin/time ] || { echo "30-validate: needs GNU time (/usr/bin/time)" >&2; exit 5; }
# Debian's python3-pandas lives with /usr/bin/python3, whatever python3 is first on PATH.
PY=python3
/usr/bin/python3 -c 'import pandas' 2>/dev/null && PY=/usr/bin/python3
N=$(($(wc -l < "$F") - 1))
head -n 100001 "$F" > "$F100"
N100=100000
cat "$F" > /dev/null	# warm page cache for everyone
crm-validate --print-rules contacts | sed 's/, "unique": true//' > "$W/no-unique.json"

RES=$W/results		# label|rows|wall|rss_kb|user|sys|exit|violations
: > "$RES"

# measure LABEL ROWS CMD...: one run under GNU time, stdout counted in lines.
measure() {
	_label=$1 _rows=$2
	shift 2
	_i=$(wc -l < "$RES")
	echo "30-validate: $_label" >&2
	printf '%s|%s|' "$_label" "$_rows" >> "$RES"
	timed "$_i" "$@" >> "$RES"
	echo $(($(wc -l < "$W/out.$_i") - 1)) >> "$RES"
}

get() { awk -F'|' -v l="$1" -v f="$2" '$1 == l { print $f }' "$RES"; }
rate() { awk -F'|' -v l="$1" '$1 == l && $3 > 0 { printf "%.0f", $2 / $3 }' "$RES"; }
cpurate() { awk -F'|' -v l="$1" '$1 == l && $5 + $6 > 0 { printf "%.0f", $2 / ($5 + $6) }' "$RES"; }

C="crm-validate contacts"
P="pandas (validate_pandas.py)"
C100="crm-validate, first 100k rows"
CNU="crm-validate, rules without unique"
measure "$C" "$N" crm-validate -q contacts "$F"
measure "$P" "$N" "$PY" bench/validate_pandas.py "$F"
measure "$C100" "$N100" crm-validate -q contacts "$F100"
measure "$CNU" "$N" crm-validate -q -r "$W/no-unique.json" contacts "$F"

ratio=$(awk -v a="$(get "$C" 3)" -v b="$(get "$P" 3)" 'BEGIN { if (a > 0) printf "%.1f", b / a }')
r=$(rate "$C")
rc=$(cpurate "$C")
uniq_kb=$(awk -v a="$(get "$C" 4)" -v b="$(get "$CNU" 4)" 'BEGIN { printf "%d", a - b }')
{
	echo "## crm-validate"
	echo
	echo "The builtin contacts rules (required fields, phones, emails, postal codes, the"
	echo "lead-source list with synonyms, dates not in the future, unique external ids,"
	echo "lengths, cross-field rules) on \`contacts.csv\`; the pandas script does the same"
	echo "checks vectorised (\`bench/validate_pandas.py\`). One run each; wall time, CPU"
	echo "time and peak RSS from \`/usr/bin/time -v\`; violations = report lines."
	echo
	echo "| run | rows | wall s | user+sys s | rows/s (wall) | rows/s (CPU) | peak RSS MB | violations | exit |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	awk -F'|' '{ cpu = $5 + $6
		printf "| %s | %s | %s | %.2f | %s | %s | %.1f | %s | %s |\n", $1, $2, $3, cpu,
		    ($3 > 0 ? sprintf("%.0f", $2 / $3) : "-"), (cpu > 0 ? sprintf("%.0f", $2 / cpu) : "-"),
		    $4 / 1024, $8, $7 }' "$RES"
	echo
	echo "- Throughput: **$r records/s** wall ($rc per CPU second); target >= 500000."
	echo "- Against pandas: **${ratio}x** faster (wall); target >= 5x."
	echo "- Memory: $(awk -v k="$(get "$C100" 4)" 'BEGIN { printf "%.1f", k / 1024 }') MB for $N100 rows,"
	echo "  $(awk -v k="$(get "$C" 4)" 'BEGIN { printf "%.1f", k / 1024 }') MB for $N rows,"
	echo "  $(awk -v k="$(get "$CNU" 4)" 'BEGIN { printf "%.1f", k / 1024 }') MB for $N rows without"
	echo "  the unique set: the unique set of external ids (16 bytes a slot, at most half full)"
	echo "  accounts for the growth (~$((uniq_kb / 1024)) MB); the rest does not grow with the input."
	echo "- Exit 1 is expected: the generated data has violations (contacts without a company,"
	echo "  phones that are not phones)."
} > "$OUT"
echo "30-validate: wrote $OUT" >&2
