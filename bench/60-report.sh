#!/bin/sh
# bench/60-report.sh: every crm-report report over one store of
# BENCH_REPORT_CONTACTS contacts (default 1M, bench/gen.py), BENCH_REPORT_ORDERS
# orders (1M) and BENCH_REPORT_DEALS deals (300k) with their stage history
# (bench/gen_pipeline.py history); one run each under /usr/bin/time -v (wall
# time, peak RSS).  Writes bench/out/60-report.md.
set -u
cd "$(dirname "$0")/.."
: "${BENCH_DIR:?run me from bench/run.sh (make bench)}"
NC=${BENCH_REPORT_CONTACTS:-1000000}
NO=${BENCH_REPORT_ORDERS:-1000000}
ND=${BENCH_REPORT_DEALS:-300000}
SEED=${BENCH_SEED:-42}
OUT=bench/out/60-report.md
W=$BENCH_DIR/60-report
DB=$W/report.db
mkdir -p "$W" bench/out || exit 5
[ -x /usr/bin/time ] || { echo "60-report: needs GNU time (/usr/bin/time)" >&2; exit 5; }

stamp="report $(cksum < bench/gen.py | cut -d' ' -f1) $(cksum < bench/gen_pipeline.py | cut -d' ' -f1) $NC $NO $ND $SEED"
if [ "$(cat "$W/.stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "60-report: generating and importing $NC contacts, $NO orders, $ND deals" >&2
	rm -f "$DB" "$DB-wal" "$DB-shm"
	python3 bench/gen.py --rows "$NC" --orders "$NO" --seed "$SEED" --quiet \
	    --out "$W" || exit 5
	python3 bench/gen_pipeline.py history --deals "$ND" --seed "$SEED" \
	    --out "$W" || exit 5
	for e in stages:stages deals:deals deal_stages:history contacts:contacts \
	    orders:orders; do
		crm-import -q --db "$DB" "${e%%:*}" "$W/${e#*:}.csv" || exit 5
	done
	echo "$stamp" > "$W/.stamp"
fi

RES=$W/results		# label|wall|rss_kb|user|sys|exit
: > "$RES"
. bench/lib.sh
load=$(uptime | sed 's/.*load average: //')
for r in managers sources forecast kpi funnel quality; do
	echo "60-report: $r" >&2
	echo "$r|$(timed m crm-report -q --db "$DB" -f csv --from 2024-01-01 \
	    --to 2024-12-31 $r)" >> "$RES"
done
echo "60-report: daily" >&2
echo "daily|$(timed m crm-report -q --db "$DB" -f csv --at 2024-06-14 daily)" \
    >> "$RES"
{
	echo "## crm-report"
	echo
	echo "One store: $NC contacts, $NO orders (\`bench/gen.py\`), $ND deals with their"
	echo "stage history (\`bench/gen_pipeline.py history\`), seed $SEED; each report for"
	echo "2024 as CSV (daily: 2024-06-14), one run each; load average before the runs:"
	echo "$load."
	echo
	echo "| report | wall s | CPU s | peak RSS MB | exit |"
	echo "|---|---:|---:|---:|---:|"
	awk -F'|' '{ printf "| %s | %.2f | %.2f | %.1f | %s |\n", $1, $2, $4 + $5,
	    $3 / 1024, $6 }' "$RES"
	echo
} > "$OUT"
cat "$OUT"
