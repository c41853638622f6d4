#!/bin/sh
# crm-funnel on synthetic histories whose answers were worked out by hand
# (tests/golden/funnel/README): re-entry into a stage, a skipped required
# stage, a lost deal's attribution, open visits cut at --as-of, a deal with
# no history, two pipelines; the same from the store; the reports.
. "$(dirname "$0")/lib.sh"
G=$TOP/tests/golden/funnel
cd "$T"
cp "$G"/*.csv .
A="--as-of 2024-03-31 --stages stages.csv --history history.csv"

check_out "per stage: reached, conversion, time in stage, weighted" \
    "$G/stages.out" crm-funnel -q $A deals.csv
check_out "--summary" "$G/summary.out" crm-funnel -q $A --summary deals.csv
check_out "--summary --by owner: the group first" "$G/summary-owner.out" \
    crm-funnel -q $A --summary --by owner deals.csv
check_out "--mode flow: entries in [from, to)" "$G/flow.out" \
    crm-funnel -q $A --mode flow --from 2024-03-05 --to 2024-03-09 deals.csv
check_out "two pipelines, a lost deal with no history" "$G/two-pipelines.out" \
    crm-funnel -q $A deals2.csv

# --stuck and --slipped: records, and exit 1 when any are found (for cron).
expect_code 1 crm-funnel -q $A --stuck deals.csv
diff -u "$G/stuck.out" "$T/.out" >/dev/null
ok "--stuck: over sla_days, oldest first" $?
expect_code 1 crm-funnel -q $A --slipped deals.csv
diff -u "$G/slipped.out" "$T/.out" >/dev/null
ok "--slipped: past expected_close" $?
expect_code 0 crm-funnel -q $A --pipeline R --stuck deals2.csv
[ "$(wc -l <"$T/.out")" -eq 1 ]
ok "nothing stuck: the header alone, exit 0" $?
# --stuck-days is the limit of a stage without sla_days (Proposal): C, 27 days.
crm-funnel -q $A --stuck --stuck-days 20 deals.csv | cut -d, -f1,6,7 >out
printf 'deal,days_in_stage,limit_days\nC,27.00,20\nD,25.50,5\nE,21.00,3\n' |
    diff -u - out >/dev/null
ok "--stuck-days: the default limit" $?

# --check: crm-validate's report columns; exit 1.
expect_code 1 crm-funnel -q $A --check deals.csv
diff -u "$G/check.out" "$T/.out" >/dev/null
ok "--check: skipped required stage, backwards move, required field" $?
head -1 "$T/.out" >hdr
printf 'file,entity,line,record,column,field,label,code,rule,severity,value,expected,fix,message\n' |
    diff - hdr >/dev/null
ok "--check: the columns of crm-validate's report" $?

# A period of the cohort: deals created in [from, to).
crm-funnel -q $A --summary --from 2024-03-03 --to 2024-03-05 deals.csv >out
printf 'deals,open,won,lost,win_rate,won_amount,avg_won_amount,cycle_days_mean,cycle_days_median,velocity\n2,2,0,0,,0.00,,,,\n' |
    diff -u - out >/dev/null
ok "--from/--to: the cohort of C and D" $?
crm-funnel -q $A --pipeline R deals2.csv | cut -d, -f1,3,5,6 >out
printf 'stage,reached,converted,conversion\nOffer,2,1,0.5000\nSigned,1,,\nDropped,0,,\n' |
    diff -u - out >/dev/null
ok "--pipeline R: its stages only, no pipeline column" $?

# --compare month: this month beside the one before, with deltas.
crm-funnel -q --as-of 2024-04-01 --stages stages.csv --history history.csv \
    --compare month --summary deals.csv >out
head -1 out | grep -q '^deals,deals_prev,deals_delta,open,open_prev,open_delta,'
ok "--compare: NAME_prev and NAME_delta beside each measure" $?
tail -1 out | cut -d, -f1-3 | grep -qx '5,0,5'
ok "--compare month: 5 deals in March, none in February" $?

# --by month, and JSON output.
crm-funnel -q $A --summary --by month -f jsonl deals.csv >out
grep -q '"month":"2024-03"' out && grep -q '"deals":5,' out && grep -q '"win_rate":0.5000,' out
ok "--by month, typed JSON Lines" $?

# -f table draws the funnel: a bar per stage, conversion between them.
crm-funnel -q $A -f table deals.csv >out
grep -q '^Lead .*█.* 5$' out && grep -q '↓ 80.0%' out && ! grep -q '^Lost .*█' out
ok "-f table: bars by reached, conversion between them, no lost bar" $?

# The same funnel from the store: stages, deals and history imported.
crm-import -q stages stages.csv && crm-import -q deals deals.csv &&
    crm-import -q deal_stages history.csv
ok "import the fixtures into the store" $?
check_out "from the store: the same per-stage table" "$G/stages.out" \
    crm-funnel -q --as-of 2024-03-31
check_out "from the store: the same --summary --by owner" \
    "$G/summary-owner.out" crm-funnel -q --as-of 2024-03-31 --summary --by owner
crm-funnel -q --as-of 2024-03-31 --stuck >out
diff -u "$G/stuck.out" out >/dev/null
ok "from the store: the same --stuck" $?
# The stage rules (required, requires) are kept by the import (schema v6).
crm-funnel -q --as-of 2024-03-31 --check >out
cut -d, -f2,6-14 out >got
cut -d, -f2,6-14 "$G/check.out" | diff -u - got >/dev/null
ok "from the store: the same --check violations" $?
grep -q "^$CRM_DB:deals,deals,3,3," out
ok "from the store: file is store:table, line the row id" $?

# --stuck writes entered_at as given, however long (it was cut at 31 bytes).
printf 'deal,stage,entered_at\nD,Lead,2024-03-04\nD,Qualified,%s\n' \
    '2024-03-05 12:00:00.123456+03' >long.csv
crm-funnel -q $A --history long.csv --stuck deals.csv | cut -d, -f1,5 >out
grep -qx 'D,2024-03-05T12:00:00.123456+03:00' out
ok "--stuck: a microsecond time with its offset in full" $?
sqlite3 "$CRM_DB" "UPDATE deal_stages SET entered_at =
    '2024-03-05     12:00:00.123456789   +03:00'
    WHERE deal = 'D' AND stage = 'Qualified'" &&
    crm-funnel -q --as-of 2024-03-31 --stuck | cut -d, -f1,5 >out &&
    grep -qx 'D,2024-03-05     12:00:00.123456789   +03:00' out
ok "--stuck from the store: a 42-byte entered_at as it is there" $?
done_testing
