#!/bin/sh
# Data from outside Russia: the country of a record (its own field, else
# --country, else the store's, else RU), postal codes by country, amounts
# with currencies and local separators.
. "$(dirname "$0")/lib.sh"
I=$DATA/intl

# The country of a run: --country, kept by a new store; the summary names it.
expect_code 0 crm-import --country US contacts "$I/mixed-contacts.csv"
grep_err "the summary names the country" "country US)"
[ "$(sqlite3 "$CRM_DB" "SELECT value FROM settings WHERE key = 'country'")" = US ]
ok "a new store keeps the first --country" $?
crm-export contacts 2>/dev/null | cut -d, -f1,11,12 > "$T/got"
cat > "$T/want" <<'W'
external_id,postal_code,country
1,02134,
2,SW1A 1AA,GB
3,10115,DE
4,01310-100,BR
5,101000,RU
6,1234,
7,12345-6789,US
W
diff -u "$T/want" "$T/got" >/dev/null
ok "countries by code, by name in any language; postal codes as written" $?
expect_code 0 crm-import --country DE contacts "$I/mixed-contacts.csv"
grep_err "--country for one run" "country DE)"
[ "$(sqlite3 "$CRM_DB" "SELECT value FROM settings WHERE key = 'country'")" = US ]
ok "... and the store's country stays" $?
printf 'external_id,email\n8,x@example.com\n' > "$T/one.csv"
crm-import contacts "$T/one.csv" 2> "$T/.err"
grep_err "without --country: the store's" "country US)"
expect_code 2 crm-import --country XX contacts "$T/one.csv"
grep_err "a bad --country is a usage error" "bad --country 'XX'"
CRM_DB=$T/other.db crm-import contacts "$T/one.csv" 2> "$T/.err"
grep_err "no --country and a new store: RU" "country RU)"

# Postal codes by the record's country (Google's address metadata).
crm-validate --country US contacts "$I/mixed-contacts.csv" > "$T/v.csv" 2> "$T/.err"
grep_err "crm-validate names the country" "country US)"
grep postal-code-invalid "$T/v.csv" | cut -d, -f3,11 > "$T/got"
printf '7,1234\n' > "$T/want"
diff -u "$T/want" "$T/got" > /dev/null
ok "only the 4-digit US code is flagged (got: $(tr '\n' ' ' < "$T/got"))" $?
crm-validate --no-db contacts "$I/mixed-contacts.csv" > "$T/v.csv" 2>/dev/null
grep postal-code-invalid "$T/v.csv" | cut -d, -f3 | tr '\n' ' ' > "$T/got"
[ "$(cat "$T/got")" = "2 7 " ]
ok "with RU for records with no country: 02134 and 1234 are not Russian (got: $(cat "$T/got"))" $?
expect_code 2 crm-validate --country ZZ contacts "$I/mixed-contacts.csv"

# Amounts: currency signs and codes before or after; separators by the
# column's evidence, else the country's convention, with a warning.
CRM_DB=$T/br.db crm-import --country BR orders "$I/br-pedidos.csv" 2> "$T/.err"
ok "Brazilian orders import" $?
CRM_DB=$T/br.db crm-export orders 2>/dev/null | cut -d, -f1,4,5 > "$T/got"
cat > "$T/want" <<'W'
external_id,amount,currency
P-1,1234.56,BRL
P-2,1234,BRL
P-3,99.9,BRL
P-4,99.9,USD
W
diff -u "$T/want" "$T/got" >/dev/null
ok "R\$ 1.234,56, R\$ 1.234 (the column shows a decimal comma), 99,90 BRL, US\$ 99.90" $?
! grep -q "amount.*convention" "$T/.err"
ok "no warning when the column shows its separators" $?
CRM_DB=$T/us.db crm-import --country US orders "$I/us-orders.csv" 2> "$T/.err"
CRM_DB=$T/us.db crm-export orders 2>/dev/null | cut -d, -f1,4,5 > "$T/got"
cat > "$T/want" <<'W'
external_id,amount,currency
O-1,1234.56,USD
O-2,1234,
O-3,12.5,EUR
O-4,12.5,USD
W
diff -u "$T/want" "$T/got" >/dev/null
ok "\$1,234.56, 1,234, €12.50, 12.5 USD in the USA" $?
printf 'external_id,customer,order_date,amount\n1,a,2024-01-02,"1.234"\n2,b,2024-01-03,"12.50"\n' > "$T/de.csv"
CRM_DB=$T/de.db crm-import --country DE orders "$T/de.csv" 2> "$T/.err"
grep_err "an amount read by the country's convention is a warning with its line" \
    "column 'amount': 1 amount such as '1.234' (line 2) read with ',' as the decimal mark, the convention of DE, but line 3 shows '.'"
printf 'external_id,title,amount,currency\nD1,x,$ 10,CAD\nD2,y,R$ 5,\n' > "$T/d.csv"
CRM_DB=$T/d.db crm-import deals "$T/d.csv" 2>/dev/null
CRM_DB=$T/d.db crm-export deals 2>/dev/null | cut -d, -f1,7,8 > "$T/got"
printf 'external_id,amount,currency\nD1,10,CAD\nD2,5,BRL\n' > "$T/want"
diff -u "$T/want" "$T/got" >/dev/null
ok "a currency column wins; an empty one keeps the amount's" $?
printf 'external_id,customer,order_date,amount\n1,a,2024-01-02,"R$ 5 USD"\n' > "$T/two.csv"
expect_code 1 crm-import -d "$T/two.db" orders "$T/two.csv"
grep_err "two currencies in one amount are a reject" "two currencies"

# Dates: the order of 3/4/2024 by the column's values, else --date-order,
# else the country; contradictions stop the import naming two lines.
CRM_DB=$T/sf.db crm-import --country US deals "$I/us-salesforce-report.csv" 2> "$T/.err"
ok "a US Salesforce report imports" $?
CRM_DB=$T/sf.db crm-export deals 2>/dev/null | cut -d, -f2,6,7,8,11,12 > "$T/got"
cat > "$T/want" <<'W'
title,status,amount,currency,created_at,expected_close
Acme Renewal,won,1250,USD,2016-09-12,2016-11-01
Globex Expansion,,12000,USD,2016-11-15,2017-02-03
Initech Pilot,lost,980.5,USD,2016-12-01,2017-01-05
W
diff -u "$T/want" "$T/got" > /dev/null
ok "11/1/2016 is November 1st in the USA; \$1,250.00 is 1250 USD" $?
grep_err "the decision by a value is reported" \
    "column 'Created Date': dates month first, as line 3 '11/15/2016' shows"
grep_err "the decision by the country is reported" \
    "column 'Close Date': 3 dates such as '11/1/2016' (line 2) read month first, by the convention of US"
CRM_DB=$T/uk.db crm-import --country GB orders "$I/uk-orders.csv" 2> "$T/.err"
CRM_DB=$T/uk.db crm-export orders 2>/dev/null | cut -d, -f1,3,4,5 > "$T/got"
printf 'external_id,order_date,amount,currency\n1001,2024-04-03T14:05,120,GBP\n1002,2024-04-04T09:12,1020.5,GBP\n1003,2024-04-05T18:30,35,GBP\n' > "$T/want"
diff -u "$T/want" "$T/got" > /dev/null
ok "UK orders: day first with their time of day, pounds" $?
expect_code 3 crm-import -d "$T/ru.db" deals "$I/us-salesforce-report.csv"
grep_err "read the other way before: an error naming both lines" \
    "column 'Created Date': line 2 '9/12/2016' was read day first (the convention of RU), but line 3 '11/15/2016' is month first; give --date-order or --country"
[ "$(sqlite3 "$T/ru.db" 'SELECT count(*) FROM deals')" = 0 ]
ok "... and nothing imported" $?
printf 'external_id,title,created_at\n1,a,13/1/2016\n2,b,1/13/2016\n' > "$T/both.csv"
expect_code 3 crm-import -d "$T/both.db" deals "$T/both.csv"
grep_err "values that contradict each other: both lines named" \
    "both.csv:3:3: column 'created_at': line 2 '13/1/2016' is day first, line 3 '1/13/2016' month first"
printf 'external_id,title,created_at\n1,a,3/4/2016\n2,b,2016-03-05\n3,c,42430\n4,d,2016-03-05T10:00:00-05:00\n' > "$T/amb.csv"
expect_code 0 crm-import -d "$T/amb.db" --date-order mdy deals "$T/amb.csv"
crm-export -d "$T/amb.db" deals 2>/dev/null | cut -d, -f11 | tr '\n' ' ' > "$T/got"
[ "$(cat "$T/got")" = "created_at 2016-03-04 2016-03-05 2016-03-01 2016-03-05T10:00:00-05:00 " ]
ok "--date-order mdy; ISO, Excel serials and offsets as they are (got: $(cat "$T/got"))" $?
expect_code 3 crm-import -d "$T/o.db" --date-order mdy deals "$T/both.csv"
grep_err "a value against --date-order" "line 2 '13/1/2016' is day first, not as --date-order says"
expect_code 2 crm-import --date-order dym deals "$T/both.csv"

# Company names keep their identity; deals find their companies by
# external id, ИНН, the name as written and the name without its form.
CRM_DB=$T/co.db crm-import --country US companies "$I/salesforce-accounts.csv" 2>/dev/null
printf 'name\nAcme Corporation\n' | CRM_DB=$T/co.db crm-import companies 2>/dev/null
CRM_DB=$T/co.db crm-export companies 2>/dev/null | cut -d, -f2,3,4 | tail -2 > "$T/got"
printf 'Gekko & Co,Gekko & Co,\nAcme,Acme Corporation,Corp.\n' > "$T/want"
diff -u "$T/want" "$T/got" > /dev/null
ok "Gekko & Co stays whole; Acme Corporation keeps the name as written" $?
printf 'Opportunity Name,Account Name,Stage,Amount\nA,Edge Communications,Prospecting,1\nB,Gekko & Co,Prospecting,2\nC,Acme Corporation,Prospecting,3\nD,Acme,Prospecting,4\nE,Acme Corp.,Prospecting,5\nF,0015g00000XyZaAAAV,Prospecting,6\nG,Nobody Ltd,Prospecting,7\n' > "$T/opp.csv"
crm-validate -d "$T/co.db" deals "$T/opp.csv" > "$T/v.csv" 2>/dev/null
grep foreign-key "$T/v.csv" | cut -d, -f3,11 > "$T/got"
printf '8,Nobody Ltd\n' > "$T/want"
diff -u "$T/want" "$T/got" > /dev/null
ok "references by name as written, without the form, another spelling of it, external id (got: $(tr '\n' ' ' < "$T/got"))" $?

# Builtin rules fit real exports: closed deals need no expected close, no
# title; US amounts read as the USA writes them.
crm-validate --no-db --country US deals "$I/hubspot-deals.csv" > "$T/v.csv" 2> "$T/.err"
ok "a HubSpot deals export validates clean" $?
done_testing
