#!/bin/sh
# crm-dedupe and the country: phone keys are read with the record's country,
# else --country, else the store's, else RU, through lib/phone; the summary
# names the country.  (917) 555-0134 is a US number; +7 917 555-01-34 is
# Russian: the same ten digits, not the same phone.
. "$(dirname "$0")/lib.sh"
F=$DATA/intl/us-dup-phones.csv
plan 10
reason() {	# left right: the reasons of that pair in $T/.out
	awk -F, -v a="$1" -v b="$2" '$1 == a && $2 == b' "$T/.out"
}

expect_code 1 crm-dedupe -p --country US contacts "$F"
grep_err "the summary names the country" "(country US)"
reason 1 2 | grep -q 'phone exact'
ok "US: (917) 555-0134 is not +7 917 555-01-34" "$( [ $? -ne 0 ]; echo $?)"
reason 5 6 | grep -q 'phone exact'
ok "US: 212-555-0100 is +1 (212) 555-0100" $?
reason 3 4 | grep -q 'phone exact'
ok "the records' own countries win over --country" "$( [ $? -ne 0 ]; echo $?)"

# No --country, a new store: RU, as before (a ten-digit 9xx number is Russian).
expect_code 1 crm-dedupe -p contacts "$F"
grep_err "no --country: RU" "(country RU)"
reason 1 2 | grep -q 'phone exact'
ok "RU: (917) 555-0134 is +7 917 555-01-34" $?

# The store's country.
crm-import -q --country US contacts "$DATA/intl/hubspot-contacts.csv" 2>/dev/null
crm-dedupe -p contacts "$F" > "$T/.out" 2> "$T/.err"
grep_err "the store's country" "(country US)"
expect_code 2 crm-dedupe -p --country XX contacts "$F"
