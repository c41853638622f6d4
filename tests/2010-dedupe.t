#!/bin/sh
# crm-dedupe: stream output, pairs, explain, errors, store mode, merge, undo,
# not-duplicates, against-db.
. "$(dirname "$0")/lib.sh"
G=$TOP/tests/golden/dedupe

expect_code 1 crm-dedupe -q contacts "$G/contacts.csv"
check_out "stream output: columns kept, cluster columns added" "$G/contacts.out" \
    crm-dedupe -q contacts "$G/contacts.csv"
check_same "stdin and file give the same" \
    "crm-dedupe -q contacts <'$G/contacts.csv'" "crm-dedupe -q contacts '$G/contacts.csv'"
# Transliteration, nicknames, gmail aliases, 8/+7 phones: Иванов Александр = Ivanov Sasha.
crm-dedupe -q --pairs contacts "$G/contacts.csv" >"$T/pairs.csv"
grep -q '^c1,c2,.*,auto,' "$T/pairs.csv"; ok "c1,c2 paired in the auto band" $?
grep -q '^c4,c5,.*,auto,' "$T/pairs.csv"; ok "c4,c5 paired in the auto band" $?
grep -q '^c1,c3\|^c3,' "$T/pairs.csv"; ok "Иванов/Иванова (spouses) not paired" "$( [ $? -ne 0 ]; echo $?)"
head -1 "$T/pairs.csv" | grep -q '^left,right,score,band,reasons$'; ok "pairs header" $?
crm-dedupe -q --explain -f jsonl contacts "$G/contacts.csv" >"$T/x.jsonl"
grep -q '"field":"email".*"level":"alias"' "$T/x.jsonl"; ok "explain: gmail alias level" $?
grep -q '"field":"total"' "$T/x.jsonl"; ok "explain: total row" $?
crm-dedupe -q --explain -f table contacts "$G/contacts.csv" | grep -q 'first_name'
ok "explain as a table" $?
# Settings pin a level and set an option.
printf 'field,level,m,u\nemail,exact,0.5,0.5\n' >"$T/s.csv"
crm-dedupe -q --settings "$T/s.csv" --explain contacts "$G/contacts.csv" >"$T/pin.csv"
grep -q '^c4,c5,email,.*,exact,0.5000,0.50000,,+0.00$' "$T/pin.csv"
ok "settings pin a level's m and u" $?
printf 'option,value\nreview,0.6\nmax_cluster,50\n' >"$T/s2.csv"
expect_code 1 crm-dedupe -q --settings "$T/s2.csv" contacts "$G/contacts.csv"

printf 'field,level,m,u\nemail,nope,0.9,0.1\n' >"$T/bad.csv"
expect_code 2 crm-dedupe -q --settings "$T/bad.csv" contacts "$G/contacts.csv"
# JSON in, JSON out.
printf '{"first_name":"Ivan","last_name":"Petrov","email":"ip@x.ru"}\n{"first_name":"Иван","last_name":"Петров","email":"IP@x.ru"}\n' >"$T/j.jsonl"
crm-dedupe -q contacts "$T/j.jsonl" | grep -c '"cluster":"1"' | grep -q 2
ok "JSON Lines in, JSON Lines out, one cluster" $?
# Errors.
expect_code 2 crm-dedupe
expect_code 2 crm-dedupe deals "$G/contacts.csv"
expect_code 2 crm-dedupe --auto 2 contacts "$G/contacts.csv"
expect_code 2 crm-dedupe --review 0.95 --auto 0.9 contacts "$G/contacts.csv"
expect_code 2 crm-dedupe --bogus contacts
expect_code 2 crm-dedupe --from-db contacts "$G/contacts.csv"
expect_code 2 crm-dedupe --from-db --against-db contacts
expect_code 2 crm-dedupe --merge contacts "$G/contacts.csv"
expect_code 5 crm-dedupe contacts "$T/nonexistent.csv"
: >"$T/empty.csv"
expect_code 3 crm-dedupe contacts "$T/empty.csv"
printf 'first_name\n' >"$T/one.csv"
expect_code 0 crm-dedupe -q contacts "$T/one.csv"
if [ -w /dev/full ]; then
	expect_code 5 sh -c "crm-dedupe -q contacts '$G/contacts.csv' >/dev/full"
fi

# Store mode: import, find, merge, undo.
crm-import -q contacts "$G/contacts.csv"
crm-import -q deals "$G/deals.csv"
sqlite3 "$CRM_DB" .dump >"$T/before.sql"
expect_code 1 crm-dedupe -q --from-db --db "$CRM_DB" contacts
# --db only names the store: with a file, the file is what is deduplicated.
crm-dedupe -q contacts "$G/contacts.csv" >"$T/file.csv"
expect_code 1 crm-dedupe -q --db "$CRM_DB" contacts "$G/contacts.csv"
cmp -s "$T/file.csv" "$T/.out"
ok "--db with a file: the file, as without --db" $?
expect_code 1 crm-dedupe -q --from-db contacts
expect_code 0 crm-dedupe -q --merge --dry-run contacts
cmp -s "$T/before.sql" "$(sqlite3 "$CRM_DB" .dump >"$T/dry.sql"; echo "$T/dry.sql")"
ok "dry run changes nothing" $?
expect_code 0 crm-dedupe --merge contacts
grep_err "merge run reported" 'merge run 1:'
n=$(sqlite3 "$CRM_DB" 'SELECT count(*) FROM contacts')
ok "two rows merged away (4 left, got $n)" "$( [ "$n" = 4 ]; echo $?)"
c=$(sqlite3 "$CRM_DB" "SELECT contact FROM deals WHERE external_id = 'd1'")
ok "deal d1 repointed from c2 to c1 (got $c)" "$( [ "$c" = c1 ]; echo $?)"
sqlite3 "$CRM_DB" "SELECT count(*) FROM merges WHERE run = 1" | grep -q '^4$'
ok "merges holds survivors and merged rows" $?
sqlite3 "$CRM_DB" "SELECT choices FROM merges WHERE survivor = merged_id" | grep -q '"lost"'
ok "losing values recorded" $?
expect_code 0 crm-dedupe -q --from-db contacts
expect_code 0 crm-dedupe -q --undo 1 contacts
sqlite3 "$CRM_DB" .dump | grep -v 'merge_runs\|INTO merges' >"$T/after.sql"
grep -v 'merge_runs\|INTO merges' "$T/before.sql" | diff - "$T/after.sql" >"$T/diff"
ok "undo restores the store exactly" $?
expect_code 2 crm-dedupe -q --undo 1 contacts
expect_code 2 crm-dedupe -q --undo 99 contacts
expect_code 2 crm-dedupe -q --undo x contacts
# Not duplicates: the pair never comes back.
expect_code 0 crm-dedupe -q --not-duplicates c4,c5 contacts
crm-dedupe -q --from-db --pairs contacts >"$T/p2.csv"
grep -q '^4,5,' "$T/p2.csv"; ok "a rejected pair is not proposed" "$( [ $? -ne 0 ]; echo $?)"
expect_code 3 crm-dedupe -q --not-duplicates c4,nobody contacts
expect_code 2 crm-dedupe -q --not-duplicates c4 contacts
expect_code 0 crm-dedupe --merge=review --dry-run contacts
grep_err "review merge, dry run" 'would merge 1 clusters'
expect_code 0 crm-dedupe -q --merge=review --survivorship complete contacts
p=$(sqlite3 "$CRM_DB" "SELECT json_extract(params, '$.band') || ',' || json_extract(params, '$.survivorship') || ',' || json_extract(params, '$.auto') FROM merge_runs WHERE id = 2")
ok "merge run 2 records its parameters as JSON (got $p)" "$( [ "$p" = review,complete,0.9 ]; echo $?)"
expect_code 0 crm-dedupe -q --undo 2 contacts
expect_code 2 crm-dedupe -q --survivorship best contacts
# Companies: the same valid ИНН matches, another valid ИНН never does.
printf 'name,inn,city\nООО «Ромашка»,7707083893,Москва\n"Romashka, LLC",,Moscow\nАО Ромашка,7736207543,Москва\n' >"$T/co.csv"
crm-dedupe -q --pairs companies "$T/co.csv" >"$T/co.out"
crm-dedupe -q companies "$T/co.csv" | grep -c ',1,2,' | grep -q '^2$'
ok "companies: one cluster of the two Ромашка LLC" $?
grep -q '^1,2,.*,auto,' "$T/co.out"; ok "companies: legal forms and transliteration" $?
grep -q '^1,3,' "$T/co.out"; ok "companies: a different valid INN never matches" "$( [ $? -ne 0 ]; echo $?)"
# Against the store: a new lead that is already there.
printf 'first_name,last_name,email\nOleg,Sidorov,OLEG@sidorov.ru\nNew,Person,new@x.ru\n' >"$T/new.csv"
crm-dedupe -q --against-db contacts "$T/new.csv" >"$T/ag.csv"
grep -q '^Oleg,Sidorov,OLEG@sidorov.ru,6,2,' "$T/ag.csv"; ok "against-db: matched to row 6" $?
grep -q '^New,Person,new@x.ru,2,1,' "$T/ag.csv"; ok "against-db: a new one stays alone" $?
done_testing
