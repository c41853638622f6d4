# crm-dedupe: find the duplicates in the sample spreadsheet, explain one pair,
# then merge duplicates in a copy of the demo store and undo the merge.
set -u
db=$DEMO_DB
tmp=${TMPDIR:-/tmp}/crm-demo-dedupe.$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT

echo "Duplicate pairs in examples/contacts.csv (exit 1 = some found):"
crm-dedupe -f table --pairs contacts examples/contacts.csv
[ $? -le 1 ] || exit 1
echo
echo "Why the first pair matches, field by field (weights are log2 m/u):"
crm-dedupe -q -f table --explain contacts examples/contacts.csv | sed -n '1,12p'
echo
echo "Every record comes back with cluster, cluster_size and match_score:"
crm-dedupe -q -f jsonl contacts examples/contacts.csv | sed -n '11p'

# The import already merged rows with the same email or phone; a CRM also
# gets duplicates no key catches: add some to a copy of the store.
cp "$db" "$tmp/crm.db" || exit 1
cat >"$tmp/more.csv" <<'CSV'
external_id,last_name,first_name,email,phone,city
web-1,Petrov,Ivan,ivan.petrov+web@mail.ru,+7 912 345 67 00,Moscow
web-2,Smirnova,Olga,olga.smirnova@ya.ru,,Saint Petersburg
web-3,Kuznetsov,Aleksei,,8 (912) 345-67-81,Kazan
CSV
crm-import -q --db "$tmp/crm.db" contacts "$tmp/more.csv" || exit 1
echo
echo "After a web-form import, in the store:"
crm-dedupe --db "$tmp/crm.db" -f table --pairs contacts
echo
echo "Merge (one survivor per cluster; what was lost is kept in merges):"
crm-dedupe --db "$tmp/crm.db" --merge contacts || exit 1
crm-export --db "$tmp/crm.db" merges -f table --columns run,survivor,merged_id
echo
echo "Undo: every row, id, value and reference is back."
crm-dedupe --db "$tmp/crm.db" --undo 1 contacts || exit 1
exit 0
