# The standard reports of the demo store: managers, lead sources, the
# forecast, the KPIs and the weekly funnel, for the second quarter of 2024;
# one day's operations and the data-quality audit
# (exit 1: the sample contacts hold one date that is none, named).
set -u
db=$DEMO_DB
P="--period quarter --at 2024-05-15"

echo "2024-Q2, per manager, per lead source, and the KPIs:"
crm-report --db "$db" $P -f table managers sources kpi
[ $? -le 1 ] || exit 1
echo
echo "The forecast by month of expected close, against a target of 500000:"
crm-report -q --db "$db" --at 2024-06-01 --target 500000 -f table forecast
[ $? -le 1 ] || exit 1
echo
echo "The weekly funnel: the week of 2024-06-03 beside the week before:"
crm-report -q --db "$db" --period week --at 2024-06-05 --compare -f table funnel
[ $? -le 1 ] || exit 1
echo
echo "The day 2024-06-14: new leads and deals, moves, won, lost, activities, stuck deals:"
crm-report -q --db "$db" --at 2024-06-14 -f table daily
[ $? -le 1 ] || exit 1
echo
echo "The data-quality audit of the store: fields, duplicates, import rejects:"
crm-report -q --db "$db" -f table quality
[ $? -le 1 ] || exit 1
echo
echo "The weekly report a cron job runs (examples/weekly-report.sh):"
dir=${TMPDIR:-/tmp}/crm-demo-report.$$
sh examples/weekly-report.sh -d "$db" "$dir" || { rm -rf "$dir"; exit 1; }
rm -rf "$dir"
exit 0
