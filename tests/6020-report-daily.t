#!/bin/sh
# crm-report daily and quality, --by, and -f xlsx with one sheet per
# report, on a small store whose day 2024-05-14 was worked out by hand
# (tests/data/report/daily); quality against crm-validate and crm-dedupe
# (the same rules and matcher through the library), bad input and usage.
. "$(dirname "$0")/lib.sh"
G=$TOP/tests/golden/report
R=$TOP/tests/data/report/daily
cd "$T"
for e in stages contacts deals deal_stages activities; do
	f=$e
	[ $e = deal_stages ] && f=history
	crm-import -q $e "$R/$f.csv" || echo "# import $e failed"
done
D="--at 2024-05-14"

# daily, 2024-05-14: leads L1 L2 (web), L3 (ads), L5 (none); deals E1
# (ann, 100) and E2 (bob, no amount); moves: E1 E2 into Qualify, E3 into
# Won, E4 E5 into Lost; won E3 (ann, 700); lost E4 (price, 300) and E5 (no
# reason, 50); due A1 A2 (ann, one done); overdue A3 A4 (bob: A4 done the
# day after) and A6 (no owner); stuck E6 in Proposal since 2024-04-01 (44
# days at the day's end, over its sla_days 7; E7 is 5 days in Qualify,
# under 10); E8 was created the day after: no part of the day.
check_out "daily by hand" "$G/daily.csv" crm-report -q -f csv $D daily
crm-report -q -f json $D daily >d.json
[ "$(jq -r '[.[] | select(.section == "new_deals" and .item == "bob")][0].amount' d.json)" = null ] &&
[ "$(jq -r '.[0].count | type' d.json)" = number ]
ok "daily JSON: typed counts, null amount without amounts" $?
# --stuck-days is the limit of a stage without sla_days (Qualify has 10).
crm-report -q -f csv $D --stuck-days 1 daily | grep -c '^stuck,E' >n.txt
[ "$(cat n.txt)" = 1 ]
ok "--stuck-days does not override a stage's sla_days" $?
# A day with nothing: each section's total, 0.
crm-report -q -f csv --at 2000-01-01 daily >none.csv
[ "$(sed 1d none.csv | wc -l)" = 8 ] &&
[ "$(sed 1d none.csv | cut -d, -f2,3 | sort -u)" = "(all),0" ]
ok "a day with nothing: eight totals of 0" $?
crm-report -q -f table $D daily managers >t.txt
grep -q '^daily (2024-05-14)$' t.txt && grep -q '^managers (all)$' t.txt
ok "table: daily under its day" $?

# --by: managers by owner is managers; forecast's months split by owner
# add up to forecast's months.
check_same "managers --by owner = managers" \
    "crm-report -q -f csv managers" "crm-report -q -f csv --by owner managers"
check_out "managers --by stage" "$G/managers-by-stage.csv" \
    crm-report -q -f csv --by stage managers
crm-report -q -f csv --at 2024-05-14 --by owner forecast |
    awk -F, 'NR > 1 { w[$1] += $3; o[$1] += $4; s[$1] += $6 }
    END { for (m in w) printf "%s,%.2f,%.2f,%d\n", m, w[m], o[m], s[m] }' |
    sort >by.csv
crm-report -q -f csv --at 2024-05-14 forecast |
    awk -F, 'NR > 1 { printf "%s,%.2f,%.2f,%d\n", $1, $2, $3, $5 }' |
    sort >all.csv
check "forecast --by owner adds up to forecast" diff -u all.csv by.csv
[ "$(crm-report -q -f csv --by owner forecast | head -1 | cut -d, -f1-3)" = "month,owner,won_amount" ]
ok "forecast --by: the field's column after month" $?
check_same "funnel --by owner = crm-funnel --by owner" \
    "crm-funnel -q --by owner --from 2024-04-01 --to 2024-06-01" \
    "crm-report -q -f csv --by owner --from 2024-04-01 --to 2024-05-31 funnel"
crm-report -q -f csv --by owner funnel | head -1 | grep -q '^owner,'
ok "funnel --by: the field's column first" $?
expect_code 0 crm-report -f csv --by ownr managers
grep_err "--by a field no deal has: a warning" "--by ownr: no deal has this field"
expect_code 2 crm-report --by owner kpi
grep_err "--by names the reports that take it" "managers, forecast, funnel"
expect_code 2 crm-report --by "" managers

# quality: per field, the values crm-validate finds fault with (warning or
# error, filled values), from the same builtin rules and the store's lead
# sources; a few bad rows written straight into the store.
sqlite3 "$CRM_DB" "INSERT INTO contacts(external_id, last_name, first_name, email, phone, created_at) VALUES ('L6', 'Adams', 'Ann', 'l1@example.com', '+7 900 1', '2024-05-20'), ('L7', 'Adams', 'Ann', 'L1@EXAMPLE.COM', NULL, '2024-05-21'), ('L8', 'Zed', 'Bo', 'bad@', '12', 'soon')"
crm-report -q -f csv quality >q.csv
# the store's import runs have today's date and this machine's paths
check_out "quality: fields and duplicates" "$G/quality.csv" grep -v '^import,' q.csv
for e in contacts deals; do
	crm-export -q -f csv $e >$e.csv
	crm-validate -q -f csv $e $e.csv
done >v.csv
# file,entity,line,record,column,field,label,code,rule,severity,value: the
# CSV has no embedded commas before value for these rows
awk -F, '$1 != "file" && ($10 == "error" || $10 == "warning") && $11 != "" &&
    !seen[$2 FS $4 FS $6]++ { n[$2 FS $6]++ }
    END { for (k in n) print k FS n[k] }' v.csv | sort >want.csv
awk -F, '$1 == "field" && $8 > 0 { print $2 FS $3 FS $8 }' q.csv | sort >got.csv
check "quality: invalid values per field = crm-validate's" diff -u want.csv got.csv
[ -s got.csv ] && grep -q '^contacts,email,1$' got.csv
ok "quality: some values invalid (bad@)" $?
grep -q '^field,contacts,first_name,,8,3,0.3750,0,1.0000$' q.csv
ok "quality: completeness and validity of a field" $?
# --rules DIR: DIR/contacts.json as crm-validate -r takes it (here the
# builtin rules with any lead source), the builtin rules for deals.
mkdir rules
crm-validate --print-rules contacts |
    jq '.entities.contacts.fields.source = { "type": "string" }' >rules/contacts.json
crm-report -q -f csv --rules rules quality >qr.csv
crm-validate -q -r rules/contacts.json -f csv contacts contacts.csv |
    awk -F, '$1 != "file" && ($10 == "error" || $10 == "warning") && $11 != "" &&
    !seen[$4 FS $6]++ { n["contacts" FS $6]++ }
    END { for (k in n) print k FS n[k] }' | sort >want.csv
awk -F, '$1 == "field" && $2 == "contacts" && $8 > 0 { print $2 FS $3 FS $8 }' qr.csv |
    sort >got.csv
check "quality --rules: contacts as crm-validate -r checks them" diff -u want.csv got.csv
! grep -q '^contacts,source,' got.csv && grep -q '^field,deals,' qr.csv
ok "quality --rules: any lead source now; deals by the builtin rules" $?
expect_code 2 crm-report --rules rules managers
expect_code 2 crm-report --rules nosuchdir quality

# duplicates: the clusters crm-dedupe --from-db finds (L1, L6, L7).
crm-dedupe -q --from-db -f csv contacts 2>/dev/null >dd.csv
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["cluster_size"] > 1 { n++; if (!s[$c["cluster"]]++) k++ }
    END { printf "%d,%d\n", k, n - k }' dd.csv >want.csv
awk -F, '$1 == "duplicates" && $2 == "contacts" { print $6 "," $8 }' q.csv >got.csv
check "quality: duplicate clusters = crm-dedupe --from-db" diff -u want.csv got.csv
[ "$(cat got.csv)" = "1,2" ]
ok "quality: one cluster of three contacts" $?
# import runs with their rejects.
printf 'external_id,title,status,amount,created_at\nX1,x,open,5,2024-05-14\nX2,y,open,abc,2024-05-14\nX3,z,open,7,2024-05-14\n' >bad.csv
crm-import -q deals bad.csv 2>/dev/null
crm-report -q -f csv quality | grep -q '^import,deals,bad.csv,[0-9-]*,3,1,0.3333,,$'
ok "quality: an import run with a reject" $?
crm-report -q -f csv --from 2000-01-01 --to 2000-12-31 quality | grep -c '^import' >n.txt
[ "$(cat n.txt)" = 0 ]
ok "quality: import runs of the period only" $?
# An import run whose start is not a date: named, the run listed undated
# (without a period), exit 1.
sqlite3 "$CRM_DB" "INSERT INTO import_runs(tool, entity, file, started, read, rejected) VALUES ('crm-import', 'contacts', 'odd.csv', 'yesterday', 4, 1)"
expect_code 1 crm-report -f csv quality
grep_err "bad start of a run named store:import_runs:id" "import_runs:[0-9]*: started: 'yesterday'"
grep -q '^import,contacts,odd.csv,,4,1,0.2500,,$' "$T/.out"
ok "the undated run listed with its rejects" $?
sqlite3 "$CRM_DB" "DELETE FROM import_runs WHERE file = 'odd.csv'"
# An empty store: the header and nothing else.
CRM_DB=$T/empty.db crm-import -q stages "$TOP/tests/data/report/stages.csv"
CRM_DB=$T/empty.db crm-report -q -f csv --from 2030-01-01 --to 2030-01-31 quality daily >/dev/null 2>&1
[ $? = 2 ]
ok "quality and daily as CSV: one report at a time" $?
[ "$(CRM_DB=$T/empty.db crm-report -q -f csv --from 2030-01-01 --to 2030-01-31 quality | wc -l)" = 1 ]
ok "quality of an empty store: its header only" $?

# Bad input: an activity's due date that is none: named, counted as
# undated, exit 1; the day's other sections unchanged.
sqlite3 "$CRM_DB" "INSERT INTO activities(external_id, owner, due_at) VALUES ('A9', 'ann', 'soon')"
expect_code 1 crm-report -f csv $D daily
grep_err "bad due_at named store:activities:row" "activities:8: due_at: 'soon'"
grep -v '^activities_\|^new_\|^stuck' "$T/.out" >a.csv
grep -v '^activities_\|^new_\|^stuck' "$G/daily.csv" >b.csv
check "daily: the rest as before" diff -u b.csv a.csv

# -f xlsx: one sheet per report, in the order asked, each equal to the
# report's CSV (read back with openpyxl).
PY=/usr/bin/python3
if $PY -c 'import openpyxl' 2>/dev/null; then
	crm-report -q -f xlsx $D daily managers kpi >r.xlsx
	$PY - r.xlsx >x.txt <<'P'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(",".join(wb.sheetnames))
for ws in wb.worksheets:
    for row in ws.iter_rows(values_only=True):
        print(ws.title + ":" + ",".join("" if v is None else
            ("%.4f" % v if isinstance(v, (int, float)) else str(v))
            for v in row))
P
	{
		echo daily,managers,kpi
		for k in daily managers kpi; do
			crm-report -q -f csv $D $k | /usr/bin/python3 -c '
import csv, sys
for row in csv.reader(sys.stdin):
    out = []
    for v in row:
        try:
            out.append("%.4f" % float(v))
        except ValueError:
            out.append(v)
    print(sys.argv[1] + ":" + ",".join(out))' $k
		done
	} >want.txt
	check "xlsx: a sheet per report, each = its CSV" diff -u want.txt x.txt
else
	_result 0 "# SKIP python3-openpyxl is not installed (make deps)"
fi
expect_code 2 crm-report -f jsonl daily managers
done_testing
