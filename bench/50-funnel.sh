#!/bin/sh
# bench/50-funnel.sh: crm-funnel's per-stage table against the same table
# computed by a pandas script (bench/funnel_pandas.py) and by DuckDB SQL
# (bench/funnel_duckdb.mjs, DuckDB from npm, when npm can install it), on
# BENCH_FUNNEL_DEALS generated deals (default 1M) with about four history
# rows each (bench/gen_pipeline.py); one run each under /usr/bin/time -v
# (wall time, peak RSS).  Also: crm-funnel with every history row twice
# (same deals), to show that memory follows deals, not history rows; and
# whether the three tables agree.  Writes bench/out/50-funnel.md.
set -u
cd "$(dirname "$0")/.."
: "${BENCH_DIR:?run me from bench/run.sh (make bench)}"
DEALS=${BENCH_FUNNEL_DEALS:-1000000}
SEED=${BENCH_SEED:-42}
OUT=bench/out/50-funnel.md
W=$BENCH_DIR/50-funnel
AS_OF=2025-01-01
mkdir -p "$W" || exit 5
[ -x /usr/bin/time ] || { echo "50-funnel: needs GNU time (/usr/bin/time)" >&2; exit 5; }

stamp="funnel-gen $(cksum < bench/gen_pipeline.py | cut -d' ' -f1) deals $DEALS seed $SEED"
if [ "$(cat "$W/.stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "50-funnel: generating $DEALS deals and their history" >&2
	python3 bench/gen_pipeline.py history --deals "$DEALS" --seed "$SEED" \
	    --out "$W" || exit 5
	# every history row twice in a row: the same deals, twice the rows
	awk 'NR == 1 { print; next } { print; print }' "$W/history.csv" \
	    > "$W/history2.csv" || exit 5
	echo "$stamp" > "$W/.stamp"
fi
H=$(($(wc -l < "$W/history.csv") - 1))
cat "$W"/*.csv > /dev/null	# warm page cache

RES=$W/results		# label|rows|wall|rss_kb|user|sys|exit
: > "$RES"
. bench/lib.sh
measure() {	# label rows out cmd...: one run under GNU time (bench/lib.sh)
	_label=$1 _n=$2 _out=$3
	shift 3
	echo "50-funnel: $_label" >&2
	_r=$(timed m "$@")
	[ "$_out" = /dev/null ] || mv "$W/out.m" "$_out"
	echo "$_label|$_n|${_r%|}" >> "$RES"
}

load=$(uptime | sed 's/.*load average: //')
measure "crm-funnel (files)" "$H" "$W/crm.csv" \
    crm-funnel -q -f csv --as-of $AS_OF --stages "$W/stages.csv" \
    --history "$W/history.csv" "$W/deals.csv"
py=
for p in python3 /usr/bin/python3; do	# Debian's pandas is for /usr/bin/python3
	"$p" -c 'import pandas' 2>/dev/null && { py=$p; break; }
done
if [ -n "$py" ]; then
	measure "pandas (bench/funnel_pandas.py)" "$H" /dev/null "$py" \
	    bench/funnel_pandas.py "$W/stages.csv" "$W/deals.csv" \
	    "$W/history.csv" $AS_OF "$W/pandas.csv"
else
	echo "50-funnel: python3-pandas not installed, peer skipped" >&2
fi
duck=
if command -v npm >/dev/null && command -v node >/dev/null; then
	if [ ! -d "$W/duck/node_modules/@duckdb/node-api" ]; then
		mkdir -p "$W/duck" &&
		    npm install --prefix "$W/duck" --no-audit --no-fund \
		    @duckdb/node-api >/dev/null 2>&1
	fi
	if [ -d "$W/duck/node_modules/@duckdb/node-api" ]; then
		cp bench/funnel_duckdb.mjs "$W/duck/" && duck=1
		measure "DuckDB (bench/funnel_duckdb.mjs)" "$H" /dev/null node \
		    "$W/duck/funnel_duckdb.mjs" "$W/stages.csv" "$W/deals.csv" \
		    "$W/history.csv" $AS_OF "$W/duckdb.csv"
	fi
fi
[ -n "$duck" ] || echo "50-funnel: DuckDB (npm @duckdb/node-api) not available, peer skipped" >&2
measure "crm-funnel, every history row twice" "$((2 * H))" "$W/crm2.csv" \
    crm-funnel -q -f csv --as-of $AS_OF --stages "$W/stages.csv" \
    --history "$W/history2.csv" "$W/deals.csv"

agree=
for peer in pandas duckdb; do
	[ -f "$W/$peer.csv" ] || continue
	if cmp -s "$W/crm.csv" "$W/$peer.csv"; then
		agree="$agree The $peer table is the same, byte for byte."
	else
		agree="$agree The $peer table differs: $(diff "$W/crm.csv" "$W/$peer.csv" | grep -c '^>') of its lines."
	fi
done

{
	echo "## crm-funnel"
	echo
	echo "$DEALS deals with $H history rows (\`bench/gen_pipeline.py history\`, seed $SEED),"
	echo "per-stage table as of $AS_OF, from CSV files; one run each, warm page cache;"
	echo "load average before the runs: $load. The peers compute the same table with the"
	echo "same definitions: \`bench/funnel_pandas.py\` (read_csv, sort, shift, groupby) and"
	echo "\`bench/funnel_duckdb.mjs\` (window functions, DuckDB from npm).$agree"
	echo
	echo "| run | history rows | wall s | CPU s | peak RSS MB | wall vs pandas | CPU vs pandas |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	pw=$(awk -F'|' '/^pandas/ { print $3 }' "$RES")
	pc=$(awk -F'|' '/^pandas/ { print $5 + $6 }' "$RES")
	awk -F'|' -v pw="${pw:-0}" -v pc="${pc:-0}" '{
	    cpu = $5 + $6
	    rw = rc = ""
	    if ($1 !~ /^pandas/ && pw > 0 && $3 > 0 && cpu > 0) {
	        rw = sprintf("%.1fx faster", pw / $3); rc = sprintf("%.1fx less", pc / cpu) }
	    if ($1 ~ /^pandas/) { rw = "1.0x"; rc = "1.0x" }
	    printf "| %s | %d | %.2f | %.2f | %.1f | %s | %s |\n",
	        $1, $2, $3, cpu, $4 / 1024, rw, rc
	    if ($7 != 0) printf "| (exit status %s) |||||||\n", $7 }' "$RES"
	echo
	echo "CPU s is user + system time: on a busy machine it says more than the wall time."
	echo "Targets (issue 14): at least 5x pandas; memory bounded by deals and stages, not"
	echo "history rows (the last row: the same deals with twice the rows)."
	echo
} > "$OUT"
cat "$OUT"
