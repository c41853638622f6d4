#!/bin/sh
# bench/20-dedupe.sh: crm-dedupe on 100k, 300k and 1M generated contacts
# (the first N rows of $BENCH_DIR/contacts.csv, duplicates with the truth in
# its truth_id column): wall and CPU time, peak RSS, candidate pairs, and
# pairwise precision, recall and F1 of the clusters (tests/eval_f1.sh), plus
# the precision of the auto band's pairs.  Writes bench/out/20-dedupe.md.
# Run by bench/run.sh (BENCH_DIR); sizes from BENCH_DEDUPE_SIZES.
set -u
cd "$(dirname "$0")/.."
: "${BENCH_DIR:?run me from bench/run.sh (make bench)}"
SIZES=${BENCH_DEDUPE_SIZES:-100000 300000 1000000}
OUT=bench/out/20-dedupe.md
W=$BENCH_DIR/20-dedupe
F=$BENCH_DIR/contacts.csv
mkdir -p "$W" || exit 5
[ -f "$F" ] || { echo "20-dedupe: no $F" >&2; exit 5; }
[ -x /usr/bin/time ] || { echo "20-dedupe: needs GNU time (/usr/bin/time)" >&2; exit 5; }
total=$(($(wc -l < "$F") - 1))

# auto-band precision: pairs whose two records share a truth_id
auto_precision() {	# pairs.csv subset.csv
	# truth_id is the last column of gen.py's contacts.csv (and quoted
	# commas stay out of the first and the last)
	awk -F, 'NR == FNR { if (FNR == 1) { if ($NF != "truth_id") exit 5; next }
		t[$1] = $NF; next }
	FNR > 1 && $4 == "auto" { n++; if (t[$1] == t[$2]) ok++ }
	END { printf "%.4f %d\n", n ? ok / n : 1, n }' "$2" "$1"
}

{
	echo "## crm-dedupe"
	echo
	echo "Generated contacts (\`bench/gen.py\`, 10 % duplicate rows: transliterations, typos,"
	echo "swapped names, diminutives, phones and e-mails in other shapes, legal-form variants),"
	echo "the first N rows of \`contacts.csv\`.  One run each, \`crm-dedupe -q --stats contacts\`,"
	echo "under \`/usr/bin/time -v\`; pairwise P/R/F1 of the \`cluster\` column against"
	echo "\`truth_id\` by \`tests/eval_f1.sh\`; auto-band precision over \`--pairs\`."
	echo
	echo "| rows | wall s | user s | peak RSS MB | candidate pairs | P | R | F1 | auto pairs | auto-band P |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} > "$OUT"
for n in $SIZES; do
	[ "$n" -le "$total" ] || continue
	head -n $((n + 1)) "$F" > "$W/in.csv"
	echo "20-dedupe: $n rows" >&2
	/usr/bin/time -v -o "$W/time" crm-dedupe --stats contacts "$W/in.csv" \
	    > "$W/out.csv" 2> "$W/err"
	rc=$?
	[ "$rc" -le 1 ] || { echo "20-dedupe: crm-dedupe exit $rc" >&2; cat "$W/err" >&2; exit 5; }
	wall=$(awk -F': ' '/Elapsed/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; printf "%.1f", s }' "$W/time")
	user=$(awk -F': ' '/User time/ { printf "%.1f", $2 }' "$W/time")
	rss=$(awk -F': ' '/Maximum resident/ { printf "%d", $2 / 1024 }' "$W/time")
	cand=$(sed -n 's/.* records, \([0-9]*\) candidate pairs.*/\1/p' "$W/err" | head -1)
	set -- $(sh tests/eval_f1.sh "$W/out.csv" truth_id)
	p=$1 r=$2 f1=$3
	crm-dedupe -q --pairs contacts "$W/in.csv" > "$W/pairs.csv"
	set -- $(auto_precision "$W/pairs.csv" "$W/in.csv")
	printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$wall" \
	    "$user" "$rss" "$cand" "$p" "$r" "$f1" "$2" "$1" >> "$OUT"
	sed 's/^/    /' "$W/err" > "$W/err.$n"
done
{
	echo
	echo "Phase times of the largest run (\`--stats\`):"
	echo
	cat "$W/err.$n"
	echo
	echo "Targets (issue 5): F1 >= 0.95, auto-band precision >= 0.98; 1M rows within 30 s on"
	echo "2 cores and 2 GB.  The compare step runs on every core; the rest is one thread."
} >> "$OUT"
rm -f "$W/in.csv" "$W/out.csv" "$W/pairs.csv"
