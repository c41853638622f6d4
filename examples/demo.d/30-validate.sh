# Validate: check the sample spreadsheet before an import, audit the demo
# store, and clean it with the --fix round trip.
set -u
db=$DEMO_DB
tmp=${TMPDIR:-/tmp}/crm-demo-validate.$$
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp" || exit 1

# Exit 1 means "violations found": expected here; 2 and above are failures.
ok() { [ "$1" -le 1 ] || exit 1; }

echo "Checking the Excel export of contacts before an import (CP1251, ';'):"
crm-validate -f table contacts examples/contacts.csv --summary -
ok $?
echo
echo "The deals in the store, with their companies and contacts checked as foreign keys:"
crm-export -q --db "$db" deals | crm-validate --db "$db" -f table deals
ok $?
echo
echo "Cleaning the contacts in the store (export | validate --fix | import):"
crm-export -q --db "$db" contacts |
    crm-validate -q contacts --fix --changes "$tmp/changes.csv" |
    crm-import -q --db "$db" contacts
ok $?
echo "$(($(wc -l < "$tmp/changes.csv") - 1)) values changed, for example:"
head -4 "$tmp/changes.csv"
echo
echo "The quarterly audit (examples/audit.sh, run from cron):"
sh examples/audit.sh -d "$db" "$tmp/audit"
ok $?
exit 0
