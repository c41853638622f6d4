#!/bin/sh
# crm-rfm: monetary and revenue are exact sums of the amounts, however
# large; an amount exact sums cannot hold is refused at input (file:line).
. "$(dirname "$0")/lib.sh"
cd "$T"
cat >o.csv <<'E'
external_id,customer,order_date,amount
o1,a,2025-01-01,12345678901234567890123.55
o2,a,2025-01-02,99999999999999999999999.45
o3,a,2025-02-01,0.10
o4,b,2025-02-01,0.1
o5,b,2025-03-01,0.2
o6,c,2025-03-01,99999999999999999.99
o7,d,2025-03-01,1234567890123456789.123456
E
crm-rfm -q --as-of 2025-04-01 o.csv >out.csv
ok "large amounts are scored" $?
cut -d, -f1,5-7 out.csv >got
cat >want <<'E'
customer,frequency,monetary,avg_check
a,3,112345678901234567890123.1,37448559633744855963374.37
b,2,0.3,0.15
c,1,99999999999999999.99,99999999999999999.99
d,1,1234567890123456789.123456,1234567890123456789.12
E
diff want got >/dev/null; ok "monetary and avg_check exact, never cut" $?
diff want got | sed 's/^/# /'
crm-rfm -q --as-of 2025-04-01 --summary o.csv | cut -d, -f1,3-5 >gots
cat >wants <<'E'
segment,orders,revenue,aov
new,3,100000000000000000.29,33333333333333333.43
regular,4,112346913469124691346912.223456,28086728367281172836728.06
E
diff wants gots >/dev/null; ok "summary revenue is the exact sum" $?
# Through the store: what crm-import accepts comes out of crm-rfm exact.
crm-import -q orders o.csv
crm-export -q orders | crm-rfm -q --as-of 2025-04-01 | cut -d, -f1,5-7 >gotdb
diff want gotdb >/dev/null; ok "crm-export orders | crm-rfm: the same sums" $?
# What exact sums cannot hold is refused at input, with its line.
printf 'customer,order_date,amount\na,2025-01-01,1\nb,2025-01-01,123456789012345678901234\n' >big.csv
expect_code 3 crm-rfm -q --as-of 2025-04-01 big.csv
grep_err "24 digits: refused with file:line" "big.csv:3: bad amount '123456789012345678901234' in column 'amount': too large to sum exactly"
printf 'customer,order_date,amount\na,2025-01-01,0.1234567\n' >dec.csv
expect_code 3 crm-rfm -q --as-of 2025-04-01 dec.csv
grep_err "7 decimals: refused" "dec.csv:2: bad amount '0.1234567' in column 'amount': more than 6 decimals"
printf 'customer,order_date,amount\na,2025-01-01,0.1234560\n' >dec0.csv
expect_code 0 crm-rfm -q --as-of 2025-04-01 dec0.csv
grep -q ',0.123456,' "$T/.out"; ok "a seventh decimal 0 is fine" $?
# Customer-level input: monetary given is kept exact too.
printf 'customer,recency_days,frequency,monetary\nx,3,2,98765432109876543210.5\n' >cust.csv
crm-rfm -q --customer-level cust.csv | cut -d, -f6 | tail -1 | grep -q '^98765432109876543210.5$'
ok "customer-level monetary exact" $?
done_testing
