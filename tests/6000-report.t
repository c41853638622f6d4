#!/bin/sh
# crm-report on a small store whose answers were worked out by hand
# (tests/data/report: 5 deals, 5 contacts, 8 orders, spend of 2 sources):
# managers, sources with spend/CAC/ROI, forecast, kpi with new and lost
# customers; typed JSON; empty cells, never NaN; bad input and usage.
. "$(dirname "$0")/lib.sh"
G=$TOP/tests/golden/report
R=$TOP/tests/data/report
cd "$T"
for e in stages deals contacts spend orders; do
	crm-import -q $e "$R/$e.csv" || echo "# import $e failed"
done
M="--period month --at 2024-03-15"

# managers, March 2024: ann won D1 in 10 days and lost D2; bob won D4
# (created in February) in 23 days; D5 has neither owner nor amount.
check_out "managers by hand" "$G/managers.csv" crm-report -q -f csv $M managers
# sources: web 2 leads, 1 converted (1000), spend 200 -> CAC 200, ROI 4;
# ads: spend 600 in March (1000 in February does not count), no sale.
check_out "sources by hand" "$G/sources.csv" crm-report -q -f csv $M sources
# forecast as of 2024-04-15: March won 1300 (D1 + D4), D5 slipped without
# an amount; April: D3 2000 open at Proposal (50%), slipped.
check_out "forecast by hand" "$G/forecast.csv" \
    crm-report -q -f csv --at 2024-04-15 --target 4000 forecast
# kpi, March, 30-day window: S = {K2, K5}, E = {K1, K3, K6}; N = E - S (K3
# and K6 new, K1 back after a lapse): retention (3 - 3) / 2 = 0, neither K2
# nor K5 is still active; CAC 800 / 2 (new: K3, K6);
# ltv_simple 175 x 4 / (3 x 31/365.25) x 2.
crm-report -q -f csv $M --active-window 30 --lifetime 2 kpi >out.csv
cut -d, -f1-3 out.csv >kpi.csv
check "kpi by hand" diff -u "$G/kpi.csv" kpi.csv
grep -q '^lead_conversion,0.2500,ratio,2024-03-01..2024-03-31,' out.csv
ok "kpi: the period and the formula beside each value" $?

# Typed JSON: numbers, and null where the divisor is 0.
crm-report -q -f json $M managers >m.json
check "managers JSON parses" jq -e 'length == 3' m.json
[ "$(jq -r '.[1].win_rate | type' m.json)" = number ] &&
[ "$(jq -r '.[0].win_rate' m.json)" = null ]
ok "win_rate a number, null without closed deals" $?
# Several reports on a table, each under its heading.
crm-report -q -f table $M managers kpi >t.txt
grep -q '^managers (2024-03-01..2024-03-31)$' t.txt && grep -q '^kpi (' t.txt
ok "table: one heading per report" $?
# --from/--to equal the --period month.
check_same "--from/--to = --period month" \
    "crm-report -q -f csv $M kpi" \
    "crm-report -q -f csv --from 2024-03-01 --to 2024-03-31 kpi"
# A week: 2024-W10 is 2024-03-04..2024-03-10.
crm-report -q -f csv --period week --at 2024-03-06 kpi >w.csv
grep -q ',2024-03-04..2024-03-10,' w.csv
ok "--period week is the ISO week" $?

# A period with no deals: zeros and empty cells, no NaN anywhere.
crm-report -q -f csv --from 2030-01-01 --to 2030-01-31 kpi >none.csv
! grep -qi 'nan\|inf' none.csv && grep -q '^win_rate,,ratio' none.csv
ok "no deals in the period: empty cells, no NaN" $?
for k in managers sources forecast kpi; do
	crm-report -q -f jsonl --from 2030-01-01 --to 2030-01-31 $k
done >none.jsonl
! grep -qi 'nan\|inf' none.jsonl
ok "no deals: no NaN in JSON" $?

# An empty store.
CRM_DB=$T/empty.db crm-import -q stages "$R/stages.csv"
for k in managers sources forecast kpi; do
	CRM_DB=$T/empty.db crm-report -q -f csv $k
done >empty.csv
[ "$(grep -vc '^[a-z_]*,' empty.csv)" = 0 ] && ! grep -qi 'nan' empty.csv
ok "an empty store: headers and empty KPIs" $?

# A spend period that is none: store:table:row id, exit 3.
sqlite3 "$CRM_DB" "INSERT INTO spend(source, period, amount) VALUES ('web', 'March', '5')"
expect_code 3 crm-report -q -f csv sources
grep_err "bad spend period named" "spend:4: period: 'March': not a period"

# funnel: crm-funnel's per-stage table of the period (lib/funnel), and
# with --compare beside the period before.
check_same "funnel = crm-funnel of the month" \
    "crm-funnel -q --from 2024-03-01 --to 2024-04-01" \
    "crm-report -q -f csv $M funnel"
# A deal created after --at: counted in its own period, no error.
check "funnel of a week before a deal was created" \
    crm-report -q -f csv --period week --at 2024-03-01 --compare funnel
check_same "funnel --compare = crm-funnel --compare month" \
    "crm-funnel -q --compare month --from 2024-04-01" \
    "crm-report -q -f csv --period month --at 2024-04-15 --compare funnel"
crm-report -q -f csv $M funnel | grep -q '^Proposal,2,3,1,1,0.3333,1,1,2000.00,1000.00,'
ok "funnel: Proposal reached by 3, 1 open worth 2000, weighted 1000" $?

# segments: the moves between the two latest crm-rfm snapshots equal
# crm-rfm --migration's matrix (customers: its column totals, before: its
# row totals, stayed: its diagonal).
crm-report -q -f csv segments >seg0.csv
[ "$(cat seg0.csv)" = "segment,customers,customers_prev,delta,stayed,joined,left" ]
ok "segments: no snapshot, no rows" $?
crm-export -q -f csv orders >o1.csv
crm-rfm -q --save --as-of 2024-03-31 o1.csv >/dev/null
printf 'external_id,customer,order_date,amount\nO9,K2,2024-04-10,900\nO10,K2,2024-04-11,900\nO11,K5,2024-04-12,700\nO12,K4,2024-04-20,5\n' >o2.csv
crm-import -q orders o2.csv
crm-export -q -f csv orders >o3.csv
crm-rfm -q --save --as-of 2024-04-30 o3.csv >/dev/null
crm-rfm -q --migration last-1 last -f csv >mig.csv
awk -F, 'NR == 1 { for (i = 2; i < NF; i++) col[i] = $i; next }
    $1 == "total" { next }
    { prev[$1] = $NF; for (i = 2; i < NF; i++) { now[col[i]] += $i;
      if (col[i] == $1) stay[$1] = $i } }
    END { for (s in now) printf "%s,%d,%d,%d\n", s, now[s], prev[s], stay[s] }' \
    mig.csv | sort >want.csv
crm-report -q -f csv segments | sed 1d | cut -d, -f1-3,5 | sort >got.csv
check "segments = crm-rfm --migration last-1 last" diff -u want.csv got.csv
[ "$(awk -F, '$5 != $2 { n++ } END { print n + 0 }' got.csv)" -gt 0 ]
ok "segments: some customers moved" $?

# A store date that is none: named, counted as empty, exit 1.
sqlite3 "$CRM_DB" "DELETE FROM spend WHERE period = 'March'; INSERT INTO contacts(external_id, source, created_at) VALUES ('C9', 'web', '31.02.2024')"
expect_code 1 crm-report -f csv --period month --at 2024-03-15 sources
grep_err "bad date named" "contacts:6: created_at: '31.02.2024'"

# retention never above 1: April with a 60-day window, S = {K1, K2, K3, K5,
# K6}, E = S + {K4} (back after a lapse, not new): 5 / 5 (counting only
# first orders as N gave (6 - 0) / 5 = 1.2).
crm-report -q -f csv --period month --at 2024-04-15 --active-window 60 kpi |
    grep -q '^retention_rate,1.0000,ratio,'
ok "retention_rate: a comeback is no retention (1, not 1.2)" $?

# A lead that entered the store after its deal was won (L1: created 03-20,
# won 03-10): named, left out of avg_days_to_convert, which is L2's 10 days
# (created 03-01, won 03-11), never a negative mean; exit 1.
L="env CRM_DB=$T/late.db"
$L crm-import -q stages "$R/stages.csv"
printf 'external_id,last_name,source,created_at\nL1,Late,fair,2024-03-20\nL2,Early,fair,2024-03-01\n' >late-c.csv
printf 'external_id,title,contact,stage,status,amount,owner,created_at,closed_at\nX1,x,L1,Won,won,100,ann,2024-03-01,2024-03-10\nX2,y,L2,Won,won,100,ann,2024-03-01,2024-03-11\n' >late-d.csv
$L crm-import -q contacts late-c.csv
$L crm-import -q deals late-d.csv
expect_code 1 $L crm-report -f csv $M sources
grep_err "a contact won before it was created is named" \
    "late.db:contacts:1: created after its first won deal closed"
grep -q '^fair,2,2,1.0000,200.00,100.00,10.00,' "$T/.out"
ok "and left out of avg_days_to_convert" $?

# Usage.
expect_code 2 crm-report --compare funnel
expect_code 2 crm-report
expect_code 2 crm-report nosuch
expect_code 2 crm-report -f csv managers kpi
expect_code 2 crm-report --period year kpi
expect_code 2 crm-report --period month --from 2024-01-01 kpi
expect_code 2 crm-report --from 2024-02-01 --to 2024-01-01 kpi
expect_code 4 crm-report -d "$T/none/x.db" kpi
done_testing
