#!/bin/sh
# crm-validate: bad input.  Broken records are violations and the rest is
# checked; input that cannot be read at all is exit 3; usage errors exit 2;
# a failed write exits 5.
. "$(dirname "$0")/lib.sh"
cd "$T"

printf 'external_id,last_name,company,phone,source\nc1,Иванов,Ромашка,89123456789,Сайт\nc2,\377\376Bad,Ромашка,89123456789,Сайт\nc3,Петров,"Вектор,89123456789,Сайт\n' > bad.csv
expect_code 1 crm-validate -q contacts bad.csv
cp "$T/.out" report
cut -d, -f3,4,8 report > codes
printf 'line,record,code\n3,2,encoding-error\n4,3,format-error\n' > want
check_out "an invalid UTF-8 row and an unterminated quote are reported" want cat codes
grep -q 'unterminated quoted field' report
ok "the format error says why" $?

# A JSON line that does not parse, and one that is not an object.
printf '%s\n' '{"external_id":"j1","last_name":"Иванов","company":"Ромашка","phone":"89123456789","source":"Сайт"}' \
    '{"external_id":"j2",' '[1,2]' \
    '{"external_id":"j4","last_name":"Петров","company":"Вектор","phone":"89123456780","source":"Сайт"}' > bad.jsonl
# Not valid JSON: every bad part reported, the rest checked, and exit 3.
expect_code 3 crm-validate -q contacts bad.jsonl
cut -d, -f3,4,8 "$T/.out" > codes
printf 'line,record,code\n2,2,format-error\n3,3,format-error\n' > want
check_out "broken JSON lines are reported, the others checked" want cat codes

# Nothing to read.
: > empty.csv
expect_code 3 crm-validate contacts empty.csv
grep_err "empty input is an error" "empty input"
expect_code 3 crm-validate contacts < /dev/null
expect_code 3 crm-validate contacts no-such-file.csv
expect_code 3 crm-validate -q contacts bad.csv no-such-file.csv
printf 'external_id,company\nx1,"never closed\n' > trunc.csv
expect_code 1 crm-validate -q contacts trunc.csv

# Usage.
expect_code 2 crm-validate
expect_code 2 crm-validate --no-such-option contacts
expect_code 2 crm-validate orders bad.csv
expect_code 2 crm-validate --fix=maybe contacts bad.csv
expect_code 2 crm-validate --changes x.csv contacts bad.csv
expect_code 2 crm-validate --max-errors -1 contacts bad.csv
expect_code 0 crm-validate --help
expect_code 4 crm-validate -d "$T/no-such.db" deals bad.csv

# A failed write is an I/O error.
if [ -w /dev/full ]; then
	expect_code 5 sh -c 'crm-validate -q contacts bad.csv > /dev/full'
	expect_code 5 crm-validate -q contacts bad.csv --summary /dev/full
fi
done_testing
