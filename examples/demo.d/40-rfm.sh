# RFM: score the demo store's customers from their orders, keep two monthly
# snapshots, and show who moved between segments.
set -u
db=$DEMO_DB

echo "RFM segments of the customers (cancelled orders left out):"
crm-export -q --db "$db" orders | crm-rfm --summary -f table || exit 1
echo
echo "Per customer:"
crm-export -q --db "$db" orders | crm-rfm -q -f table || exit 1
echo
echo "The bins behind the scores:"
crm-export -q --db "$db" orders | crm-rfm -q --thresholds -f table || exit 1
echo
echo "Snapshots at the end of August and of November, then the migration:"
crm-export -q --db "$db" orders --where "order_date <= '2024-08-31'" |
    crm-rfm --db "$db" --as-of 2024-08-31 --save >/dev/null || exit 1
crm-export -q --db "$db" orders |
    crm-rfm --db "$db" --as-of 2024-11-30 --save >/dev/null || exit 1
crm-rfm --db "$db" --migration last-1 last -f table || exit 1
exit 0
