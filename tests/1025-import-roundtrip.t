#!/bin/sh
# Round trips: for every entity, crm-export E | crm-import E into the same
# store changes nothing, and into a new store gives the same rows; with
# time stamps in several zones, extra columns, empty values and non-ASCII
# text.  An empty created_at stays empty.
. "$(dirname "$0")/lib.sh"

# One small file per entity (CSV, ',').
cat >"$T/contacts.csv" <<'E'
external_id,last_name,first_name,email,phone,city,postal_code,birthday,created_at,utm_source,Примечание
C1,Иванов,Иван,ivan@example.com,+7 912 345-67-89,Москва,101000,1980-02-29,2024-03-01T20:57:00Z,yandex,«важный»
C2,Müller,Jürgen,j@example.de,,Köln,,,2024-03-01T20:57:00+03:00,,
C3,,Ли,li@example.cn,,,,,,google,
C4,Smith,,s@example.com,,,,,2024-03-01T20:57:00.250-05:30,,"a, ""quoted"" note"
E
cat >"$T/companies.csv" <<'E'
external_id,name,legal_form,inn,city,website,created_at,rating
K1,Ромашка,ООО,7707083893,Москва,romashka.ru,2023-12-31T23:59:59Z,A
K2,Vector GmbH,,,,,,
K3,Café «Уют»,ИП,,Тверь,,2023-01-01,B+
E
cat >"$T/deals.csv" <<'E'
external_id,title,contact,company,stage,status,amount,currency,created_at,expected_close,closed_at,product
D1,Поставка №1,ivan@example.com,7707083893,Квалификация,open,45000.50,RUB,2024-04-01T09:00:00Z,2024-05-16,,Станок
D2,Deal 2,,,,won,0,,,,2024-06-16T18:30:00+02:00,
D3,Сделка,,,Отказ,lost,,,2024-04-02,,,
E
cat >"$T/orders.csv" <<'E'
external_id,customer,order_date,amount,status,channel
O1,ivan@example.com,2024-03-01T20:57:00Z,1234.50,paid,онлайн
O2,j@example.de,2024-03-02,99,,
O3,li@example.cn,2024-03-03T10:00:00+08:00,0.01,refunded,
E
cat >"$T/activities.csv" <<'E'
external_id,type,subject,contact,deal,owner,due_at,done_at,place
A1,call,Звонок,ivan@example.com,D1,Борис,2024-04-02T10:00:00Z,2024-04-02T10:15:00+03:00,офис
A2,meeting,,,,,2024-04-03,,
E
cat >"$T/stages.csv" <<'E'
pipeline,name,position,probability,kind,sla_days
Продажи,Квалификация,1,10,open,7
Продажи,Успех,2,100,won,
,Отказ,3,0,lost,
E
cat >"$T/deal_stages.csv" <<'E'
deal,stage,entered_at
D1,Квалификация,2024-04-01T09:00:00Z
D1,Успех,2024-04-05T12:00:00+03:00
D2,Квалификация,2024-04-01
E
cat >"$T/spend.csv" <<'E'
source,period,amount
Сайт,2024-03,150000.00
Yandex,2024-04,99.9
E
cat >"$T/sources.csv" <<'E'
name,synonyms
Сайт,"[""site"",""web""]"
Выставка,"[""expo""]"
E

for e in contacts companies deals orders activities stages deal_stages spend sources; do
	crm-import -q "$e" "$T/$e.csv"
	ok "$e: imported" $?
	crm-export -q "$e" >"$T/$e.out"
	crm-import "$e" <"$T/$e.out" 2>"$T/.err"
	grep -q " 0 inserted, 0 updated, .* 0 rejected\|nothing changed" "$T/.err"
	ok "$e: the export imported into the same store changes nothing" $?
	crm-import -q --db "$T/new.db" "$e" <"$T/$e.out"
	crm-export -q --db "$T/new.db" "$e" >"$T/$e.new"
	cmp -s "$T/$e.out" "$T/$e.new"
	ok "$e: the export imported into a new store gives the same rows" $?
	crm-export -q -f jsonl "$e" | crm-import -q --db "$T/json.db" "$e"
	crm-export -q --db "$T/json.db" "$e" >"$T/$e.json.new"
	cmp -s "$T/$e.out" "$T/$e.json.new"
	ok "$e: the same through JSON Lines" $?
done

# Time stamps keep their zone as written.
check_same "a time stamp keeps its Z" \
    "printf '2024-03-01T20:57:00Z\n'" \
    "crm-export -q contacts --columns created_at --where \"external_id = 'C1'\" | sed 1d"
check_same "a time stamp keeps its offset" \
    "printf '2024-03-01T20:57:00+03:00\n2024-03-01T20:57:00.250-05:30\n'" \
    "crm-export -q contacts --columns created_at --where \"external_id IN ('C2', 'C4')\" | sed 1d"
check_same "an offset without a colon is written with one" \
    "printf '2024-01-02T03:04:05+03:00\n2024-01-02T03:04:05Z\n'" \
    "printf 'external_id,created_at\nZ1,2024-01-02 03:04:05 +0300\nZ2,2024-01-02T03:04:05 UTC\n' |
	crm-import -q --db '$T/z.db' contacts && crm-export -q --db '$T/z.db' contacts --columns created_at | sed 1d"

# What the file did not say stays unsaid.
check_same "an empty created_at stays empty" \
    "printf '\n'" \
    "crm-export -q contacts --columns created_at --where \"external_id = 'C3'\" | sed 1d"
check_same "a record without created_at gets none" \
    "printf '\n'" \
    "crm-export -q companies --columns created_at --where \"external_id = 'K2'\" | sed 1d"
n=$(crm-export -q contacts --columns updated_at --where "external_id = 'C3'" | sed 1d)
case $n in [12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T*Z) r=0 ;; *) r=1 ;; esac
ok "the import time is the row's updated_at" $r

done_testing
