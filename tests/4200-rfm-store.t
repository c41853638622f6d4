#!/bin/sh
# crm-rfm with the store: crm-export orders | crm-rfm, --save as dated
# snapshots, and the --migration matrix between two of them.
. "$(dirname "$0")/lib.sh"
G=$TOP/tests/golden/rfm
cd "$T"

# The R package's orders, in the store's canonical fields.
awk -F, 'BEGIN { print "external_id,customer,order_date,amount,status" }
    NR > 1 { gsub(/"/, "", $1); printf "o%d,%s,%s,%s,paid\n", NR - 1, $1, $2, $3 }' \
    "$DATA/rfm/orders.csv" >orders.csv
check "import the orders" crm-import -q orders orders.csv

# The README's pipeline: the store's column names are crm-rfm's defaults.
crm-export -q orders | crm-rfm -q -f csv --as-of 2006-12-31 --segments rfm10 \
    --summary >sum
cut -d, -f1-5 "$G/summary-rfm10.csv" >want
cut -d, -f1-5 sum | diff want - >/dev/null
ok "crm-export orders | crm-rfm --summary: the published table" $?

# Two snapshots: the middle of 2006 and its end.
crm-export -q orders --where "order_date <= '2006-06-30'" |
    crm-rfm --as-of 2006-06-30 --save -f csv >mid.csv 2>err
ok "--save at 2006-06-30" $?
grep -q "saved as snapshot 1" err
ok "the snapshot id is reported" $?
crm-export -q orders | crm-rfm -q --as-of 2006-12-31 --save -f csv >end.csv
ok "--save at 2006-12-31" $?
crm-export -q rfm_snapshots --columns id,as_of -f csv >snaps
printf 'id,as_of\n1,2006-06-30\n2,2006-12-31\n' | diff - snaps >/dev/null
ok "rfm_snapshots: two dated rows" $?
crm-export -q rfm_snapshots --columns params -f csv --where 'id = 2' | grep -q '""method"":""rfmpkg""'
ok "the run's parameters are kept with the snapshot" $?
crm-export -q rfm_scores --where 'snapshot = 2' -f csv \
    --columns customer,recency_days,frequency,monetary,r_score,f_score,m_score,rfm_score,segment >saved
# monetary is a REAL column: 472 comes back as 472.0
sed 's/\.0,\([0-9]\),/,\1,/' saved | cut -d, -f1-9 >saved2
cut -d, -f1,4,5,6,8-12 end.csv | diff - saved2 >/dev/null
ok "rfm_scores holds each customer's scores as printed" $?

# The migration matrix: rows = segment at FROM, columns = segment at TO.
check_out "--migration 2006-06-30 2006-12-31: golden matrix" "$G/migration.csv" \
    crm-rfm -q -f csv --migration 2006-06-30 2006-12-31
# every cell, recounted from the two runs' own output
awk -F, 'FNR == 1 { next } NR == FNR { seg[$1] = $12; next }
    { f = ($1 in seg) ? seg[$1] : "(new)"; n[f "," $12]++ }
    END { for (k in n) print k "," n[k] }' mid.csv end.csv | sort >cells
awk -F, 'NR == 1 { for (i = 2; i < NF; i++) col[i] = $i; next }
    $1 != "total" { for (i = 2; i < NF; i++) if ($i > 0) print $1 "," col[i] "," $i }' \
    "$T/.out" | sort | diff cells - >/dev/null
ok "every cell equals a recount from the two outputs" $?
mid=$(($(wc -l <mid.csv) - 1))
end=$(($(wc -l <end.csv) - 1))
tail -1 "$T/.out" | grep -q "^total,.*,$end\$"
ok "the grand total counts every customer of TO and those gone ($end)" $?
new=$(grep '^(new),' "$T/.out" | awk -F, '{ print $NF }')
[ "$((mid + new))" -eq "$end" ]
ok "FROM's $mid customers plus $new new ones make TO's $end" $?
check_out "--migration last-1 last is the same" "$G/migration.csv" \
    crm-rfm -q -f csv --migration last-1 last
check_out "--migration by ids" "$G/migration.csv" crm-rfm -q -f csv --migration 1 2

# Errors: an unknown snapshot is a usage error; a missing store a database one.
expect_code 2 crm-rfm --migration 1 99
grep_err "unknown snapshot named" "no saved snapshot '99'"
expect_code 4 crm-rfm --db "$T/nosuch.db" --migration 1 2
expect_code 2 crm-rfm --migration 1
done_testing
