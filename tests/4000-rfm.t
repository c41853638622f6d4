#!/bin/sh
# crm-rfm on the R package rfm's sample orders reproduces its published
# results exactly (tests/data/README.md, rfm/ section).
. "$(dirname "$0")/lib.sh"
G=$TOP/tests/golden/rfm
O=$DATA/rfm/orders.csv
REF="--as-of 2006-12-31 --customer customer_id --amount revenue"

# 1. rfm10: the per-customer table, against our golden file and the package's.
check_out "rfm10: per-customer output equals the golden file" \
    "$G/orders-rfm10.csv" crm-rfm -q -f csv $REF --segments rfm10 "$O"
# Its columns: customer_id recency_days transaction_count amount r f m rfm segment.
awk -F, 'NR > 1 { print $1 "," $4 "," $5 "," $6 "," $8 "," $9 "," $10 "," $11 "," $12 }' \
    "$T/.out" >"$T/got"
tail -n +2 "$DATA/rfm/orders_expected_rfm10.csv" | tr -d '"\r' >"$T/want"
diff "$T/want" "$T/got" >"$T/diff"
ok "rfm10: equals orders_expected_rfm10.csv row for row ($(wc -l <"$T/want") rows)" $?
[ "$(wc -l <"$T/want")" -eq 995 ]
ok "995 customers" $?

# 2. --summary equals the vignette's published table (in the data README).
awk '/^## / { on = /^## rfm\// } on' "$DATA/README.md" | grep '^  | [A-Z]' |
    sed 's/^  | //; s/ |$//; s/ | /,/g' >"$T/published"
crm-rfm -q -f csv $REF --segments rfm10 --summary "$O" >"$T/sum"
tail -n +2 "$T/sum" | cut -d, -f1-5 >"$T/sum5"
diff "$T/published" "$T/sum5" >"$T/diff"
ok "rfm10 --summary equals the published table" $?
[ "$(wc -l <"$T/published")" -eq 10 ]
ok "the published table has 10 segments" $?
check_out "rfm10 --summary golden (shares, actions, as_of)" \
    "$G/summary-rfm10.csv" cat "$T/sum"

# 3. --thresholds: the published bin edges (R t = 115 181 297.4 482 ...).
check_out "thresholds golden" "$G/thresholds.csv" \
    crm-rfm -q -f csv $REF --thresholds "$O"
grep -q '^recency,3,181,297.4,199$' "$T/.out" &&
    grep -q '^monetary,2,255.8,382,200$' "$T/.out" &&
    grep -q '^frequency,5,8,15,120$' "$T/.out"
ok "thresholds: R 297.4, M 255.8, F max + 1 = 15" $?

# 4. rfm10-legacy: the package's own test, Champions 158 / 1234 / 120178.
check_out "rfm10-legacy summary golden" "$G/summary-rfm10-legacy.csv" \
    crm-rfm -q -f csv $REF --segments rfm10-legacy --summary "$O"
grep -q '^Champions,158,1234,120178,' "$T/.out"
ok "rfm10-legacy: Champions = 158 customers, 1,234 orders, 120,178 revenue" $?
got=$(tail -n +2 "$T/.out" | cut -d, -f1,2 | tr '\n' ';')
[ "$got" = "About To Sleep,50;At Risk,86;Champions,158;Lost,111;Loyal Customers,278;Need Attention,35;Others,48;Potential Loyalist,229;" ]
ok "rfm10-legacy: 278/229/158/111/86/50/48/35 as published" $?

# 5. doc5 (the default table) and rfgrid: regression anchors.
crm-rfm -q -f csv $REF --summary "$O" >"$T/doc5"
got=$(tail -n +2 "$T/doc5" | cut -d, -f1,2 | tr '\n' ';')
[ "$got" = "lost,185;new,96;promising,118;regular,351;sleeping,87;vip,158;" ]
ok "doc5 is the default: vip 158, promising 118, new 96, sleeping 87, lost 185, regular 351 ($got)" $?
check_out "rfgrid summary golden" "$G/summary-rfgrid.csv" \
    crm-rfm -q -f csv $REF --segments builtin:rfgrid --summary "$O"
grep -q '^Others' "$T/.out"
ok "rfgrid is a full partition: no Others" "$([ $? -ne 0 ]; echo $?)"

# 6. Custom cuts are used as given (no +1): exactly two customers change.
crm-rfm -q -f csv $REF --segments rfm10 --r-cuts 115,181,297,482 \
    --f-cuts 4,5,6,8 --m-cuts 256,382,506,666 "$O" >"$T/cuts"
diff "$G/orders-rfm10.csv" "$T/cuts" | grep '^>' | cut -d, -f1,4,6,8-11 >"$T/changed"
printf '%s\n' '> Jerold Sporer,135,506,4,4,4,444' '> Katlyn Mann,297,698,2,4,5,245' |
    diff - "$T/changed" >/dev/null
ok "custom cuts: only Jerold Sporer (M 3->4) and Katlyn Mann (R 3->2) change" $?
sum=$(awk -F, 'NR > 1 { s += $5 } END { print s }' "$T/cuts")
[ "$sum" = 4906 ]
ok "custom cuts: sum(frequency) = 4906 (the package's test)" $?

# 7. ntile: SQL NTILE over (value, customer); agrees with rfmpkg on 751 of 995.
check_out "ntile doc5 summary golden" "$G/summary-doc5-ntile.csv" \
    crm-rfm -q -f csv $REF --method ntile --summary "$O"
crm-rfm -q -f csv $REF --method ntile "$O" >"$T/nt"
tail -n +2 "$G/orders-rfm10.csv" | cut -d, -f11 >"$T/a"
tail -n +2 "$T/nt" | cut -d, -f11 >"$T/b"
same=$(paste -d' ' "$T/a" "$T/b" | awk '$1 == $2' | wc -l)
[ "$same" -eq 751 ]
ok "ntile and rfmpkg agree on 751 of 995 RFM triples ($same)" $?
if command -v sqlite3 >/dev/null; then
	sqlite3 "$T/n.db" ".import --csv $T/nt o" \
	    "CREATE TABLE s AS SELECT customer,
	      6 - ntile(5) OVER (ORDER BY CAST(recency_days AS INT), customer) AS r,
	      ntile(5) OVER (ORDER BY CAST(frequency AS INT), customer) AS f,
	      ntile(5) OVER (ORDER BY CAST(monetary AS REAL), customer) AS m FROM o" \
	    ".mode list" ".separator ," \
	    "SELECT customer, r * 100 + f * 10 + m FROM s ORDER BY customer" >"$T/sq"
	tail -n +2 "$T/nt" | cut -d, -f1,11 | diff - "$T/sq" >/dev/null
	ok "ntile equals SQLite's NTILE(5) OVER (ORDER BY value, customer)" $?
fi

# 8. Default as-of: the day after the last order, echoed on stderr.
crm-rfm --customer customer_id --amount revenue "$O" >"$T/def" 2>"$T/err"
grep -q 'as of 2006-12-31 (the day after the last order): 4906 orders, 995 customers' "$T/err"
ok "default as-of is echoed: 2006-12-31, the day after 2006-12-30" $?
cut -d, -f1-11 "$G/orders-rfm10.csv" >"$T/g11"
cut -d, -f1-11 "$T/def" | diff "$T/g11" - >/dev/null
ok "default as-of gives the same scores as --as-of 2006-12-31" $?

# 9. JSON in (JSON Lines), JSON Lines out by default; same scores.
awk -F, 'NR > 1 { printf "{\"customer_id\":%s,\"order_date\":\"%s\",\"revenue\":%s}\n", $1, $2, $3 }' \
    "$O" >"$T/orders.jsonl"
crm-rfm -q $REF --segments rfm10 "$T/orders.jsonl" >"$T/j"
head -1 "$T/j" | grep -q '^{"customer":"Abbey O'"'"'Reilly","first_order":"2005-07-16"'
ok "JSON input: JSON Lines output by default" $?
check_out "JSON input: same rows as CSV" "$G/orders-rfm10.csv" \
    crm-rfm -q -f csv $REF --segments rfm10 "$T/orders.jsonl"

# 10. Several files are one input; stdin works; --map names a column.
head -2001 "$O" >"$T/a.csv"
{ head -1 "$O"; tail -n +2002 "$O"; } >"$T/b.csv"
check_out "two files make one input" "$G/orders-rfm10.csv" \
    crm-rfm -q -f csv $REF --segments rfm10 "$T/a.csv" "$T/b.csv"
check_out "stdin and --map customer_id=customer,revenue=amount" "$G/orders-rfm10.csv" \
    sh -c "crm-rfm -q -f csv --as-of 2006-12-31 --map customer_id=customer,revenue=amount --segments rfm10 <'$O'"
done_testing
