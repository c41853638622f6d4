#!/bin/sh
# crm-rfm edge cases and bad input: one customer, all values equal, empty
# input, a date after as-of, non-integer money at a threshold, bad dates and
# amounts (file:line), statuses, customer-level input, segments files, usage.
. "$(dirname "$0")/lib.sh"
cd "$T"

# One customer: the day after its order is the as-of date; R 5, F 1, M 1.
printf 'customer,order_date,amount\nann,2024-03-01,100\n' >one.csv
crm-rfm -q -f csv one.csv >out
grep -q '^ann,2024-03-01,2024-03-01,1,1,100,100.00,5,1,1,511,new,' out
ok "one customer: recency 1, score 511, doc5 new" $?

# All values equal: everyone in bin 1, so R 5 (as the R package does).
printf 'customer,order_date,amount\na,2024-01-10,50\nb,2024-01-10,50\nc,2024-01-10,50\n' >eq.csv
crm-rfm -q -f csv --as-of 2024-02-01 eq.csv | cut -d, -f1,4,11 >out
printf 'customer,recency_days,rfm_score\na,22,511\nb,22,511\nc,22,511\n' | diff - out >/dev/null
ok "all values equal: every customer scores 511" $?

# Empty input (zero bytes) and a header without rows stop with status 3.
: >empty.csv
expect_code 3 crm-rfm empty.csv
grep_err "empty input is reported" "empty input"
expect_code 3 sh -c 'crm-rfm </dev/null'
printf 'customer,order_date,amount\n' >hdr.csv
expect_code 3 crm-rfm hdr.csv
grep_err "a header alone: no customers" "no customers to score"

# An order after the as-of date: stop with file:line, or skip and count.
printf 'customer,order_date,amount\na,2024-01-10,5\nb,2024-03-02,7\nc,2024-01-11,9\n' >late.csv
expect_code 3 crm-rfm --as-of 2024-03-01 late.csv
grep_err "after as-of: file:line and both dates" \
    "crm-rfm: late.csv:3: order date 2024-03-02 is after the as-of date 2024-03-01"
expect_code 1 crm-rfm -f csv --skip-bad --as-of 2024-03-01 late.csv
grep_err "--skip-bad: the row is reported" "late.csv:3: order date"
grep_err "--skip-bad: and counted" "1 bad rows skipped"
[ "$(tail -n +2 "$T/.out" | cut -d, -f1 | tr '\n' ' ')" = "a c " ]
ok "--skip-bad: the other customers are scored" $?

# Bad dates and amounts: file:line and the value; negative amounts refused.
printf 'customer,order_date,amount\na,2024-01-10,5\nb,31.02.2024,7\n' >baddate.csv
expect_code 3 crm-rfm baddate.csv
grep_err "bad date: file:line and value" "baddate.csv:3: bad date '31.02.2024' in column 'order_date'"
printf 'customer,order_date,amount\na,2024-01-10,5\nb,2024-01-11,12abc\n' >badamt.csv
expect_code 3 crm-rfm badamt.csv
grep_err "bad amount: file:line and value" "badamt.csv:3: bad amount '12abc' in column 'amount'"
printf 'customer,order_date,amount\na,2024-01-10,5\nb,2024-01-11,-7\n' >neg.csv
expect_code 3 crm-rfm neg.csv
grep_err "negative amount refused" "neg.csv:3: negative amount -7"
printf 'customer,order_date,amount\na,2024-01-10,5\n,2024-01-11,7\n' >nocust.csv
expect_code 3 crm-rfm nocust.csv
grep_err "empty customer: file:line" "nocust.csv:3: no customer"
printf 'client,order_date,amount\na,2024-01-10,5\n' >nocol.csv
crm-rfm -q -f csv nocol.csv >out 2>&1
grep -q '^a,' out
ok "a header the orders entity knows ('client') is the customer column" $?
printf 'who,order_date,amount\na,2024-01-10,5\n' >nocol2.csv
expect_code 2 crm-rfm nocol2.csv
grep_err "missing column: names the option" "no column 'customer' (name it with --customer)"
expect_code 0 crm-rfm -q --customer who nocol2.csv

# Spreadsheet shapes: dd.mm.yyyy dates, decimal commas, a ; delimiter.
printf 'customer;order_date;amount\nа;01.02.2024;1 234,50\nб;15.01.2024;10,25\n' >ru.csv
crm-rfm -q -f csv ru.csv | cut -d, -f1-6 >out
printf 'customer,first_order,last_order,recency_days,frequency,monetary\nа,2024-02-01,2024-02-01,1,1,1234.5\nб,2024-01-15,2024-01-15,18,1,10.25\n' |
    diff - out >/dev/null
ok "dd.mm.yyyy, decimal commas and ; are understood" $?

# Non-integer money at a threshold behaves as R: t1 = q(0.2) + 1 = 11.2;
# 11.1 + 0.1 = 11.2 is at it (M 2), 11.19 lies in (q, q + 1) and stays M 1.
printf 'customer,order_date,amount\na,2024-01-01,10.2\nb,2024-01-01,10.2\nc,2024-01-01,11.1\nc,2024-01-01,0.1\nd,2024-01-01,11.19\ne,2024-01-01,10.7\n' >money.csv
crm-rfm -q -f csv money.csv | cut -d, -f1,6,10 >out
printf 'customer,monetary,m_score\na,10.2,1\nb,10.2,1\nc,11.2,2\nd,11.19,1\ne,10.7,1\n' | diff - out >/dev/null
ok "money at a threshold: 11.2 -> M 2, 11.19 -> M 1" $?
crm-rfm -q -f csv --thresholds money.csv | grep '^monetary' >out
printf 'monetary,1,10.2,11.2,4\nmonetary,2,11.2,11.5,1\nmonetary,3,11.5,11.896,0\nmonetary,4,11.896,12.192,0\nmonetary,5,12.192,12.2,0\n' |
    diff - out >/dev/null
ok "money thresholds: 11.2 11.5 11.896 12.192, max + 1 = 12.2" $?

# Statuses: cancelled and refunded orders are left out by default.
printf 'customer,order_date,amount,status\na,2024-01-10,5,paid\na,2024-01-11,-5,Refunded\nb,2024-01-12,7,CANCELLED\nb,2024-01-13,8,Отменён\nc,2024-01-14,9,\n' >st.csv
crm-rfm -f csv st.csv >out 2>err
[ "$(tail -n +2 out | cut -d, -f1,5,6 | tr '\n' ' ')" = "a,1,5 c,1,9 " ]
ok "cancelled, refunded, отменён left out by default (case-insensitive)" $?
grep -q "3 left out by status" err
ok "left-out orders are counted on stderr" $?
expect_code 3 crm-rfm --exclude-status '' st.csv
grep_err "--exclude-status '': the refund's negative amount is refused" "st.csv:3: negative amount"
crm-rfm -q -f csv --exclude-status refunded st.csv | cut -d, -f1,5 | tr '\n' ' ' >out
[ "$(cat out)" = "customer,frequency a,1 b,2 c,1 " ]
ok "--exclude-status refunded keeps cancelled orders" $?

expect_code 2 crm-rfm --status state st.csv
grep_err "--status names a column that is not there" "no column 'state' (name it with --status)"

# --frequency days counts distinct purchase days.
printf 'customer,order_date,amount\na,2024-01-10,5\na,2024-01-10,6\na,2024-01-11,7\nb,2024-01-12,8\n' >days.csv
[ "$(crm-rfm -q -f csv --frequency days days.csv | cut -d, -f5 | tr '\n' ' ')" = "frequency 2 1 " ]
ok "--frequency days: 2 days for 3 orders" $?
[ "$(crm-rfm -q -f csv days.csv | cut -d, -f5,7 | tr '\n' ' ')" = "frequency,avg_check 3,6.00 1,8.00 " ]
ok "--frequency orders (default): 3 orders, avg_check 6.00" $?

# Customer level: recency days given, or a last-visit date.
printf 'customer_id,recency_days,number_of_orders,revenue\nx,10,5,500\ny,200,1,20\nz,30,3,150.5\n' >cust.csv
crm-rfm -q -f csv --customer-level --customer customer_id --frequency number_of_orders \
    --monetary revenue cust.csv | cut -d, -f1-6,11 >out
printf 'customer,first_order,last_order,recency_days,frequency,monetary,rfm_score\nx,,,10,5,500,545\ny,,,200,1,20,111\nz,,,30,3,150.5,323\n' |
    diff - out >/dev/null
ok "customer level: recency, frequency and monetary columns" $?
crm-rfm -f csv --customer-level --customer customer_id --frequency number_of_orders \
    --monetary revenue cust.csv >/dev/null 2>"$T/.err"
grep_err "customer level with recency days: the summary says so" \
    "^crm-rfm: recency as given, no as-of date: "
! grep -q "as of -" "$T/.err"
ok "customer level: no 'as of -'" $?
printf 'customer,last_visit,frequency,monetary\nx,2024-05-01,5,500\ny,2024-01-01,1,20\n' >visit.csv
crm-rfm -q -f csv --customer-level --last-date last_visit --as-of 2024-05-11 visit.csv | cut -d, -f1,3,4 >out
printf 'customer,last_order,recency_days\nx,2024-05-01,10\ny,2024-01-01,131\n' | diff - out >/dev/null
ok "customer level: --last-date gives recency from --as-of" $?
expect_code 2 crm-rfm -q --customer-level --customer customer_id \
    --frequency number_of_orders --monetary revenue --save cust.csv
grep_err "--save of customer-level recencies needs --as-of" "give --as-of"
printf 'customer,recency_days,frequency,monetary\nx,10,5,500\nx,20,1,20\n' >dup.csv
expect_code 3 crm-rfm --customer-level dup.csv
grep_err "customer level: a customer twice is refused" "dup.csv:3: customer 'x' appears twice"

# Segments from a file: JSON array of rules, first match wins, fallback.
cat >seg.json <<'EOF'
[
 {"name": "best", "r": "5", "f": ">=4", "m": "4-5", "action": "thank them"},
 {"name": "recent", "r": [4, 5]},
 {"name": "the rest", "fallback": true, "action": "newsletter"}
]
EOF
crm-rfm -q -f csv --segments seg.json --as-of 2006-12-31 --customer customer_id \
    --amount revenue --summary "$DATA/rfm/orders.csv" | cut -d, -f1,2,8 >out
[ "$(tr '\n' ' ' <out)" = "segment,customers,action best,79,thank them recent,320, the rest,596,newsletter " ]
ok "JSON segments file: ranges, first match wins, a named fallback ($(tr '\n' ' ' <out))" $?
printf 'name,r,f,m\nold,1-2,*,*\n' >seg.csv
crm-rfm -q -f csv --segments seg.csv eq.csv | cut -d, -f12 | sort -u | tr '\n' ' ' >out
[ "$(cat out)" = "Others segment " ]
ok "CSV segments file; unmatched customers are Others" $?
printf '[{"name": "x", "r": "6-9x"}]\n' >bad.json
expect_code 2 crm-rfm --segments bad.json eq.csv
grep_err "bad range in a segments file" "bad r range '6-9x'"
expect_code 2 crm-rfm --segments nosuch eq.csv
grep_err "unknown builtin table" "unknown --segments 'nosuch'"

# Usage errors.
expect_code 2 crm-rfm --method median eq.csv
expect_code 2 crm-rfm --bins 0 eq.csv
expect_code 2 crm-rfm --bins 5,5 eq.csv
expect_code 2 crm-rfm --r-cuts 5,3 eq.csv
expect_code 2 crm-rfm --frequency weekly eq.csv
expect_code 2 crm-rfm --as-of yesterday eq.csv
expect_code 2 crm-rfm --summary --thresholds eq.csv
expect_code 2 crm-rfm --monetary x eq.csv
expect_code 2 crm-rfm --migration 1
expect_code 2 crm-rfm --no-such-option
expect_code 0 crm-rfm --help
expect_code 5 crm-rfm nosuchfile.csv
if [ -w /dev/full ]; then
	expect_code 5 sh -c 'crm-rfm -q -f csv eq.csv >/dev/full'
fi

# --bins per measure; fewer bins than 5 keeps scores within range.
crm-rfm -q -f csv --bins 3,2,4 --thresholds "$DATA/rfm/orders.csv" --customer customer_id \
    --amount revenue | cut -d, -f1 | uniq -c | awk '{ print $1 }' | tr '\n' ' ' >out
[ "$(cat out)" = "1 3 2 4 " ]
ok "--bins 3,2,4: 3 recency, 2 frequency and 4 monetary bins" $?
done_testing
