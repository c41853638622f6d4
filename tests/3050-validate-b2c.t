#!/bin/sh
# crm-validate, builtin contacts rules on exports that are normal for a CRM:
# contacts with no company and no lead source (B2C shops, HubSpot and
# Salesforce contact exports without those columns) pass; a value that is
# there is still checked.
. "$(dirname "$0")/lib.sh"
B=$DATA/b2c
plan 7

# No company or source column at all: no finding, exit 0.
expect_code 0 crm-validate --no-db -q --country US contacts "$B/shop-customers.csv"
ok "no column: no finding" "$( [ "$(wc -l < "$T/.out")" -eq 1 ]; echo $?)"

# The columns are there, the cells are empty: no finding, exit 0.
expect_code 0 crm-validate --no-db -q contacts "$B/shop-customers-ru.csv"
ok "empty company and source: no finding" "$( ! grep -q ',required,' "$T/.out"; echo $?)"

# A source that is there is still checked against the list.
printf 'external_id,last_name,phone,source\n1,Orlova,+7 916 123-45-67,радио\n' > "$T/bad.csv"
expect_code 1 crm-validate --no-db -q contacts "$T/bad.csv"
ok "a wrong source is still an error" "$(grep -q ',enum-error,' "$T/.out"; echo $?)"

# The builtin rules say so.
crm-validate --print-rules contacts > "$T/rules.json"
ok "builtin contacts rules require neither company nor source" \
    "$( ! grep -E '"(company|source)": \{[^}]*"required"' "$T/rules.json" >/dev/null; echo $?)"
