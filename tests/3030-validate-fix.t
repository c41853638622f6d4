#!/bin/sh
# crm-validate --fix: normalised records out, the changes listed, and the
# round trip through the store (export | validate --fix | import) cleans it;
# foreign keys against the store with --db.
. "$(dirname "$0")/lib.sh"
G=$TOP/tests/golden/validate
cd "$T"

# --fix on a file: canonical values, same columns in the same order.
crm-validate -q contacts --fix --changes changes.csv "$G/same.csv" > fixed.csv
ok "--fix exits 1 while errors remain" "$( [ $? -eq 1 ]; echo $?)"
check_out "--fix output" "$G/same.fixed" cat fixed.csv
check_out "--changes lists every change" "$G/same.changes" sed "s|^$G/||" changes.csv
head -1 fixed.csv > h1; head -1 "$G/same.csv" > h2
check_same "--fix keeps the columns" "cat h1" "cat h2"

# --fix=aggressive also takes the nearest list value; plain --fix does not.
printf 'external_id,last_name,company,phone,source\na1,Иванов,Ромашка,89123456789,Рекламма\n' > typo.csv
crm-validate -q contacts --fix typo.csv | tail -1 | grep -q ',Рекламма$'
ok "--fix does not guess" $?
crm-validate -q contacts --fix=aggressive typo.csv > agg.csv
ok "--fix=aggressive repairs everything here" "$( [ $? -eq 0 ]; echo $?)"
tail -1 agg.csv | grep -q '^a1,Иванов,Ромашка,+7 (912) 345-67-89,Реклама$'
ok "--fix=aggressive takes the nearest value" $?
crm-validate -q contacts --fix --report rep.csv typo.csv > /dev/null
grep -q 'enum-error.*Реклама' rep.csv
ok "--report keeps the violations next to --fix" $?

# Synonyms map within their list, never from one language to another;
# outside Russia the list is English.
printf 'external_id,email,source\ne1,a@example.com,website\ne2,b@example.com,Referrals\n' > en.csv
crm-validate -q contacts --fix en.csv | cut -d, -f3 | tr '\n' ' ' > got
[ "$(cat got)" = "source website Referrals " ]
ok "a Russian list does not translate English sources (got: $(cat got))" $?
crm-validate -q --country US contacts --fix en.csv | cut -d, -f3 | tr '\n' ' ' > got
[ "$(cat got)" = "source Website Referral " ]
ok "the English list for US records (got: $(cat got))" $?
printf 'name,synonyms\nWeb,website|site\nReferral,referrals\n' | crm-import -q -d src.db sources
crm-validate -q -d src.db contacts --fix en.csv | cut -d, -f3 | tr '\n' ' ' > got
[ "$(cat got)" = "source Web Referral " ]
ok "the store's own list (crm-import sources FILE) (got: $(cat got))" $?

# JSON in, JSON out.
crm-validate -q contacts --fix "$G/same.jsonl" > fixed.jsonl
sed -n 4p fixed.jsonl | grep -q '"source":"Реклама","created_at":"2024-03-01"'
ok "--fix of JSON Lines writes JSON Lines" $?

# JSON objects with different keys keep all of them (a regression: the
# writer kept only the keys of the first object).
printf '%s\n' '{"external_id":"a","phone":"89123456789"}' \
    '{"external_id":"b","phone":"8912","email":"x@","source":"директ"}' > het.jsonl
crm-validate -q contacts --fix het.jsonl > het.out
printf '%s\n' '{"external_id":"a","phone":"+7 (912) 345-67-89"}' \
    '{"external_id":"b","phone":"8912","email":"x@","source":"Реклама"}' > want
check_out "--fix keeps every key of every JSON object" want cat het.out
crm-validate -q contacts --fix -f json het.jsonl | python3 -c 'import json,sys; json.load(sys.stdin)'
ok "--fix -f json writes one JSON array" $?

# The round trip through the store.
printf '%s\n' 'external_id,last_name,first_name,company,phone,email,source,created_at' \
    'r1,Иванов,Иван,Ромашка,89123456789,ivan@example.ru,веб-сайт,2024-01-10' \
    'r2,Петров,Пётр,Вектор,+7 912 000 11 22,petr@example.ru,директ,2024-02-10' \
    'r3,Сидоров,Семён,Альфа,8 (495) 123-45-67,semen@example.ru,Сайт,2024-03-10' > in.csv
crm-import -q contacts in.csv
crm-export contacts 2>/dev/null | cut -d, -f1,13 > sources
printf 'external_id,source\nr1,веб-сайт\nr2,директ\nr3,Сайт\n' > want
check_out "the store has synonyms before" want cat sources
crm-export contacts 2>/dev/null | crm-validate -q contacts --fix --changes rt.csv |
    crm-import -q contacts
ok "export | validate --fix | import" $?
ok "two changes" "$( [ "$(wc -l < rt.csv)" -eq 3 ]; echo $?)"
expect_code 0 sh -c 'crm-export contacts 2>/dev/null | crm-validate -q contacts'
crm-export contacts 2>/dev/null | cut -d, -f1,13 > sources
printf 'external_id,source\nr1,Сайт\nr2,Реклама\nr3,Сайт\n' > want
check_out "the store now has canonical sources" want cat sources
expect_code 0 sh -c 'crm-export contacts 2>/dev/null | crm-validate -q contacts --fix > /dev/null'

# Foreign keys: a deal's company and contact must be in the store.
printf 'external_id,name,inn\nk1,Ромашка,7707083893\n' > co.csv
crm-import -q companies co.csv
printf '%s\n' 'external_id,title,company,contact,amount,expected_close' \
    'd1,A,k1,r1,10,2027-01-01' 'd2,B,Ромашка,ivan@example.ru,10,2027-01-01' \
    'd3,C,7707083893,+7 (912) 345-67-89,10,2027-01-01' 'd4,D,k9,nobody,10,2027-01-01' > deals.csv
expect_code 0 crm-validate -q --no-db deals deals.csv
expect_code 2 crm-validate -q --no-db -d "$CRM_DB" deals deals.csv
expect_code 1 crm-validate -q -d "$CRM_DB" deals deals.csv
cut -d, -f3,6,8,11 "$T/.out" > fk
printf 'line,field,code,value\n5,company,foreign-key,k9\n5,contact,foreign-key,nobody\n' > want
check_out "foreign keys by external id, name, ИНН, email and phone" want cat fk
# Without -d, the store of $CRM_DB (else ./crm.db) when there is one.
expect_code 1 crm-validate -q deals deals.csv
cut -d, -f3,6,8,11 "$T/.out" > fk
check_out "foreign keys checked against \$CRM_DB's store" want cat fk
mkdir -p none
expect_code 0 sh -c 'cd none && CRM_DB= crm-validate -q deals ../deals.csv'
mkdir -p here && cp "$CRM_DB" here/crm.db
expect_code 1 sh -c 'cd here && CRM_DB= crm-validate -q deals ../deals.csv'
grep -q 'foreign-key.*,k9,' "$T/.out"
ok "./crm.db is the store when \$CRM_DB is empty" $?
done_testing
