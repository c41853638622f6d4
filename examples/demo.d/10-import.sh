# Import the sample spreadsheets: an Excel export of contacts (CP1251, ';',
# CRLF, Russian headers, phones in every shape), companies (UTF-8 with a BOM),
# the sales pipeline, deals with their stage history, and orders.
set -u
db=$DEMO_DB
rejects=${TMPDIR:-/tmp}/crm-demo-rejects.$$.csv
trap 'rm -f "$rejects"' EXIT

crm-import --db "$db" contacts examples/contacts.csv --rejects "$rejects"
[ $? -le 1 ] || exit 1	# 1 = some rows were rejected, as two of them must be
crm-import --db "$db" companies examples/companies.csv || exit 1
crm-import --db "$db" stages examples/stages.csv || exit 1
crm-import --db "$db" deals examples/deals.csv || exit 1
crm-import --db "$db" deal_stages examples/deal_stages.csv || exit 1
crm-import --db "$db" orders examples/orders.csv || exit 1

echo
echo "Importing the contacts again changes nothing:"
crm-import --db "$db" contacts examples/contacts.csv
echo
echo "The contacts, normalised (extra columns flattened at the end):"
crm-export --db "$db" contacts -f table \
    --columns last_name,first_name,middle_name,company,phone,email,source,created_at
echo
echo "Companies, with the legal form split off:"
crm-export --db "$db" companies -f table --columns name,legal_form,inn,kpp,ogrn,phone
echo
echo "What was rejected, and why (also in a CSV to fix and re-import):"
crm-export --db "$db" rejects -f table --columns line,reasons
cat "$rejects"
exit 0
