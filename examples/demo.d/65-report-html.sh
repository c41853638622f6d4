# The reports of the demo store as one HTML page with charts
# (crm-report --html): 2024-Q2 per manager and lead source, the forecast
# against a target, the KPIs, the funnel and the RFM segments, written
# beside the demo store (exit 1: the sample contacts hold one date that
# is none, named).
set -u
db=$DEMO_DB
page=$(dirname "$db")/demo-report.html
crm-report -q --db "$db" --period quarter --at 2024-05-15 --target 500000 \
    --html "$page" managers sources forecast kpi funnel segments
[ $? -le 1 ] || exit 1
grep -c '<svg class="chart"' "$page" | sed 's/$/ charts/'
grep -c '<table class="records"' "$page" | sed 's/$/ tables/'
echo "the page: file://$page"
exit 0
