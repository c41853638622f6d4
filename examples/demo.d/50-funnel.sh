# The sales funnel of the demo store: the stages with their probabilities
# and SLAs, the deals and their stage history, all imported by 10-import.sh.
set -u
db=$DEMO_DB
as_of=2024-12-02

echo "The funnel as of $as_of: bars by reached, conversion between stages:"
crm-funnel --db "$db" --as-of $as_of -f table || exit 1
echo
echo "Per owner: won, lost, win rate, cycle length, velocity:"
crm-funnel -q --db "$db" --as-of $as_of --summary --by owner -f table || exit 1
echo
echo "Deals created in the second quarter beside the first:"
crm-funnel -q --db "$db" --as-of $as_of --from 2024-04-01 --compare quarter \
    --summary -f table || exit 1
echo
echo "Stuck deals (over their stage's sla_days), longest first:"
crm-funnel -q --db "$db" --as-of $as_of --stuck -f table
[ $? -le 1 ] || exit 1	# 1 = some were found, as they must be here
echo
echo "The morning escalation a cron job runs (examples/stuck-deals.sh):"
dir=${TMPDIR:-/tmp}/crm-demo-escalation.$$
sh examples/stuck-deals.sh -d "$db" "$dir"
rc=$?
rm -rf "$dir"
[ $rc -le 1 ] || exit 1
exit 0
