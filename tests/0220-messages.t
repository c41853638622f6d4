#!/bin/sh
# Messages that say what happened: the summary's byte count, one "write
# error", a multi-file import that was rolled back.
. "$(dirname "$0")/lib.sh"

cd "$T" || exit 1
{
	echo 'email,first_name,city'
	i=1
	while [ $i -le 3000 ]; do
		echo "user$i@example.ru,Имя$i,Тула"
		i=$((i + 1))
	done
} >big.csv
size=$(wc -c <big.csv | tr -d ' ')
crm-validate contacts big.csv --summary sum.json -q >/dev/null
grep -q "\"bytes\": *$size\$\|\"bytes\": *$size," sum.json
ok "--summary: bytes is the file's size ($size), not the first buffer" $?

crm-import contacts big.csv --db s.db -q
printf 'customer,order_date,amount\nc1,2024-01-05,100\n' >o.csv
for p in "crm-export contacts --db s.db -f csv" "crm-rfm o.csv" \
    "crm-dedupe contacts big.csv"; do
	expect_code 5 sh -c "$p >/dev/full"
	! grep -q 'write error: write error' "$T/.err" && grep -q 'write error' "$T/.err"
	ok "one 'write error' from: $p" $?
done

# (A truncated JSON file keeps its valid records: a broken header stops all.)
printf 'email,"never closed\n' >trunc.csv
expect_code 3 crm-import contacts big.csv trunc.csv --db m.db
grep_err "multi-file import rolled back: says nothing was kept" \
    "nothing was kept: the 1 file before this one was rolled back"
[ "$(crm-export contacts --db m.db -q -f csv 2>/dev/null | sed 1d | wc -l)" -eq 0 ]
ok "and indeed nothing was kept" $?
expect_code 5 crm-import contacts big.csv missing.csv --db m2.db
grep_err "a missing second file is found before importing" "cannot open 'missing.csv'"
! grep -q 'inserted' "$T/.err"
ok "no 'inserted' line for a run that kept nothing" $?

done_testing
