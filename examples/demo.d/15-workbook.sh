# A workbook both ways: the demo's contacts written as an Excel workbook
# (crm-export -f xlsx), its sheets listed, and the workbook imported into a
# store of its own: the same rows as the CSV import gave.
set -u
db=$DEMO_DB
dir=$(mktemp -d "${TMPDIR:-/tmp}/crm-demo-xlsx.XXXXXX")
trap 'rm -rf "$dir"' EXIT

crm-export --db "$db" -q contacts -f xlsx -o "$dir/contacts.xlsx" || exit 1
echo "Sheets of contacts.xlsx:"
crm-import --list-sheets contacts "$dir/contacts.xlsx" || exit 1
crm-import --db "$dir/wb.db" contacts "$dir/contacts.xlsx" || exit 1
crm-export --db "$db" -q contacts >"$dir/a.csv"
crm-export --db "$dir/wb.db" -q contacts >"$dir/b.csv"
if cmp -s "$dir/a.csv" "$dir/b.csv"; then
	echo "The workbook gives the same contacts as the CSV import."
else
	echo "The workbook's contacts differ:"; diff "$dir/a.csv" "$dir/b.csv" | head
	exit 1
fi
