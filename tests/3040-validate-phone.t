#!/bin/sh
# crm-validate: phones judged by libphonenumber's metadata in the rules
# file's region (defaults.country): a US file is read as American, +7 6xx
# and 7xx are Kazakh, and a number in no range is reported with its reading.
. "$(dirname "$0")/lib.sh"

rules() {	# country
	cat <<EOF2
{ "version": 1, "defaults": { "country": "$1" },
  "entities": { "contacts": { "fields": { "phone": { "type": "phone" } } } } }
EOF2
}
rules US > "$T/us.json"
rules 7 > "$T/ru.json"
rules XX > "$T/bad.json"
rules 999 > "$T/badcc.json"

# The issue's example: with country US, (917) 555-0134 stays American.
printf 'external_id,phone\n1,(917) 555-0134\n2,917.555.0134\n3,+1 917 555 0134\n' > "$T/us.csv"
expect_code 0 crm-validate -q -r "$T/us.json" contacts "$T/us.csv"
crm-validate -r "$T/us.json" --fix contacts "$T/us.csv" >"$T/fixed" 2>/dev/null
printf 'external_id,phone\n1,+1 917-555-0134\n2,+1 917-555-0134\n3,+1 917-555-0134\n' > "$T/us.want"
check_out "US numbers keep +1 and take its international form" "$T/us.want" cat "$T/fixed"

# 483 is no US area code: possible only, reported with its reading.
printf 'external_id,phone\n1,(483) 222-4455\n' > "$T/us483.csv"
expect_code 1 crm-validate -q -r "$T/us.json" contacts "$T/us483.csv"
grep -q 'no number range of the country has it (read as +14832224455)' "$T/.out"
ok "a US number in no range is named with its reading" $?

# Russian defaults: +7 7xx (Kazakhstan) is valid, +7 1xx is not.
printf 'external_id,phone\n1,+7 701 123 45 67\n2,8 (7172) 12-34-56\n3,+7 123 456 78 90\n' > "$T/kz.csv"
expect_code 1 crm-validate -q -r "$T/ru.json" contacts "$T/kz.csv"
awk -F, 'NR > 1 { print $3 }' "$T/.out" > "$T/lines"
printf '4\n' > "$T/lines.want"
check_out "only the +7 1xx line is reported" "$T/lines.want" cat "$T/lines"

# An unassigned country code is its own reason.
printf 'external_id,phone\n1,+999 1234 5678\n' > "$T/cc.csv"
expect_code 1 crm-validate -q -r "$T/ru.json" contacts "$T/cc.csv"
grep -q 'unassigned country code' "$T/.out"
ok "unassigned country code reported" $?

# A region the metadata does not know is a usage error naming the file.
expect_code 2 crm-validate -r "$T/bad.json" contacts "$T/us.csv"
grep_err "unknown region refused" "'XX' is neither a region"
expect_code 2 crm-validate -r "$T/badcc.json" contacts "$T/us.csv"
grep_err "unassigned calling code refused" "'999' is neither a region"

# phoneTypes: the types a field allows (fixed-line-or-mobile fits either).
G=$TOP/tests/golden/validate
(cd "$G" && crm-validate -q -r phonetypes.rules.json contacts phonetypes.csv) \
    > "$T/types.out"
check_out "phoneTypes: a fixed line and a toll-free number where mobiles are wanted" \
    "$G/phonetypes.expected" cat "$T/types.out"
printf '{ "version": 1, "entities": { "contacts": { "fields": {\n  "phone": { "type": "phone", "phoneTypes": ["cell"] } } } } }\n' > "$T/cell.json"
expect_code 2 crm-validate -r "$T/cell.json" contacts "$T/us.csv"
grep_err "an unknown phone type named" "'cell' is not a phone type"
printf '{ "version": 1, "entities": { "contacts": { "fields": {\n  "email": { "type": "email", "phoneTypes": ["mobile"] } } } } }\n' > "$T/em.json"
expect_code 2 crm-validate -r "$T/em.json" contacts "$T/us.csv"
grep_err "phoneTypes only on phones" "phoneTypes is for phone fields"

done_testing
