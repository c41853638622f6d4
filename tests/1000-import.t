#!/bin/sh
# crm-import and crm-export: the Excel-like golden case, idempotence,
# --dry-run, --strict, --rejects, the JSON and CSV paths of every entity.
. "$(dirname "$0")/lib.sh"
G=$TOP/tests/golden/import
EX=$TOP/examples

# An Excel export: CP1251, ';', CRLF, ФИО, phones in ten shapes, decimal
# commas, dd.mm.yyyy, an Excel serial date; a row without a key cannot be
# stored, a creation date that is not one (31.02.2024) is kept as found.
expect_code 1 crm-import contacts "$EX/contacts.csv" --rejects "$T/rej.csv"
grep_err "summary line names the encoding and delimiter" "WINDOWS-1251, ';'"
grep_err "first rejects shown with file:line" "contacts.csv:15: no key"
grep_err "a bad optional date is kept, with its line" "1 optional value that could not be read kept as found (line 16, Дата создания: day out of range '31.02.2024')"
check_out "contacts exported as golden" "$G/contacts.csv" crm-export contacts
check_out "rejects file as golden" "$G/rejects.csv" cat "$T/rej.csv"
check_out "rejects table" "$G/rejects-table.csv" crm-export rejects --columns line,reasons

# Importing the same file again changes nothing, and says so.
expect_code 1 crm-import contacts "$EX/contacts.csv"
grep_err "re-import: nothing changed" "the same file as import run 1: nothing changed"
grep_err "re-import counts" "0 inserted, 0 updated, 17 unchanged, 1 rejected"
check_out "store unchanged after re-import" "$G/contacts.csv" crm-export contacts

# The export reads back without loss.
crm-export contacts | crm-import contacts --db "$T/copy.db" -q
ok "round trip: import of the export" $?
check_same "round trip: same records" "crm-export contacts" "crm-export contacts --db '$T/copy.db'"
crm-export contacts -f jsonl | crm-import contacts --db "$T/copy2.db" -q
ok "round trip through JSON Lines" $?
check_same "round trip through JSON: same records" "crm-export contacts" "crm-export contacts --db '$T/copy2.db'"
crm-export contacts | crm-import contacts --db "$T/copy.db" 2>"$T/again.err"
grep -q " 0 inserted, 0 updated, 15 unchanged, 0 rejected" "$T/again.err"
ok "round trip: a second import of the export changes nothing" $?

# --dry-run counts but writes nothing.
printf 'email,phone\nnew@example.com,89001234567\nivan.petrov@mail.ru,89120000000\n' >"$T/two.csv"
expect_code 0 crm-import --dry-run contacts "$T/two.csv"
grep_err "dry run counts" "1 inserted, 1 updated, 0 unchanged, 0 rejected.*dry run"
check_out "dry run wrote nothing" "$G/contacts.csv" crm-export contacts
expect_code 0 crm-import -n contacts "$T/two.csv" --db "$T/none.db"
[ ! -e "$T/none.db" ]
ok "dry run against a missing store creates none" $?
mkdir "$T/tmp"
printf 'a\n' | TMPDIR=$T/tmp crm-import -n contacts --db "$T/none.db" --map a=nosuch 2>/dev/null
printf 'email,created_at\nx@y.ru,99.99.9999\n' | TMPDIR=$T/tmp crm-import -n --strict contacts --db "$T/none.db" 2>/dev/null
[ -z "$(ls "$T/tmp")" ]
ok "a dry run that fails leaves no scratch store behind" $?

# --strict: one reject and nothing is imported.
printf 'email,created_at\na@example.com,01.01.2024\nb@example.com,45.01.2024\n' >"$T/strict.csv"
expect_code 3 crm-import --strict contacts "$T/strict.csv" --db "$T/strict.db"
grep_err "strict names the line" "strict.csv:3:"
crm-export contacts --db "$T/strict.db" >"$T/strict.out" 2>/dev/null
[ "$(wc -l <"$T/strict.out")" -le 1 ]
ok "strict: store untouched" $?

# Header mapping: --map, synonyms, clashes, unknown fields.
printf 'Эл. почта;Моб. телефон*;Site;Ф.И.О.:\nx@y.ru;8 912 000-00-01;a.ru;Иванов Иван Иванович\n' >"$T/map.csv"
expect_code 0 crm-import contacts "$T/map.csv" --db "$T/map.db" --map 'Site=city'
crm-export contacts --db "$T/map.db" --columns last_name,first_name,middle_name,phone,email,city -f jsonl >"$T/map.out"
grep -q '"last_name":"Иванов","first_name":"Иван","middle_name":"Иванович","phone":"+7 (912) 000-00-01","email":"x@y.ru","city":"a.ru"' "$T/map.out"
ok "synonyms, ФИО split and --map" $?
printf 'Phone,Телефон\n1,2\n' >"$T/clash.csv"
expect_code 3 crm-import contacts "$T/clash.csv" --db "$T/clash.db"
grep_err "clashing columns named" "columns 1 ('Phone') and 2 ('Телефон') both map to phone"
printf 'email,email\na@b.ru,c@d.ru\n' >"$T/dup.csv"
expect_code 3 crm-import contacts "$T/dup.csv" --db "$T/dup.db"
grep_err "duplicate header names refused" "both map to email"
expect_code 2 crm-import contacts --map 'X=nosuchfield' "$T/two.csv"
expect_code 2 crm-import contacts --key nosuchfield "$T/two.csv"

# --key, and an update that changes one field.
printf 'last_name,first_name,birthday,city\nИванов,Иван,01.02.1980,Москва\n' >"$T/k1.csv"
printf 'last_name,first_name,birthday,city\nИванов,Иван,1980-02-01,Тверь\n' >"$T/k2.csv"
crm-import contacts --key last_name+first_name+birthday "$T/k1.csv" --db "$T/k.db" 2>/dev/null
expect_code 0 crm-import contacts -k last_name+first_name+birthday "$T/k2.csv" --db "$T/k.db"
grep_err "composite key updates" "0 inserted, 1 updated"
[ "$(crm-export contacts --db "$T/k.db" --columns city -q | tail -1)" = "Тверь" ]
ok "the update landed" $?

# Every entity, from CSV and from JSON Lines, gives the same store.
for e in contacts companies deals deal_stages orders activities spend stages sources; do
	crm-import "$e" "$G/entities/$e.csv" --db "$T/csv-$e.db" -q
	ok "$e from CSV" $?
	crm-import "$e" "$G/entities/$e.jsonl" --db "$T/json-$e.db" -q
	ok "$e from JSON Lines" $?
	check_out "$e: CSV as golden" "$G/entities/$e.out" crm-export "$e" --db "$T/csv-$e.db" -q
	check_same "$e: JSON and CSV give the same records" \
	    "crm-export $e --db '$T/csv-$e.db' -q" "crm-export $e --db '$T/json-$e.db' -q"
done
# A top-level JSON array works too.
printf '[{"email":"a@b.ru"},\n {"email":"c@d.ru","Город":"Тула"}]\n' >"$T/arr.json"
expect_code 0 crm-import contacts "$T/arr.json" --db "$T/arr.db"
grep_err "array: two inserted" "2 inserted"

# Export: formats, --where, --columns, --excel.
crm-export contacts --where "city = 'Москва'" --columns email -q >"$T/w.out"
[ "$(sed 1d "$T/w.out" | wc -l)" -ge 3 ] && ! grep -q kuznetsov "$T/w.out"
ok "--where filters" $?
expect_code 2 crm-export contacts --where "1); DELETE FROM contacts; --"
expect_code 2 crm-export contacts --columns email,nosuch
expect_code 2 crm-export nosuchtable
crm-export contacts --excel --columns email -q | head -c 3 | od -An -tx1 | grep -q 'ef bb bf'
ok "--excel writes a BOM" $?
crm-export contacts -f json -q | python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d) == 15'
ok "-f json is one array of every record" $?
crm-export contacts -f table -q | head -2 | tail -1 | grep -q '^[-─ ]*$'
ok "-f table underlines its header" $?
done_testing
