#!/bin/sh
# crm-dedupe --undo after the store changed: conflicts refuse, --keep-newer
# keeps them; the run's entity; row ids never reused (schema v4, from a
# store of version 3); not-duplicates marks bound to their records.
. "$(dirname "$0")/lib.sh"
G=$TOP/tests/golden/dedupe
q() { sqlite3 "$CRM_DB" "$1"; }

# --- Changes since the merge: refused by default, listed. ---------------
crm-import -q contacts "$G/contacts.csv"
crm-import -q deals "$G/deals.csv"
expect_code 0 crm-dedupe -q --merge contacts
printf 'external_id,city,position\nc1,Тверь,CEO\n' >"$T/newer.csv"
crm-import -q contacts "$T/newer.csv"
printf 'external_id,title,contact\nd1,Deal one,c4\n' >"$T/d1.csv"
crm-import -q deals "$T/d1.csv"
q .dump >"$T/before-undo.sql"
expect_code 1 crm-dedupe --undo 1 contacts
grep_err "the refusal says why and how to go on" 'not undone: 3 values changed.*--keep-newer'
cp "$T/.out" "$T/conflicts.csv"
grep -q '^contacts,1,city,Москва,Тверь,Москва,conflict,$' "$T/conflicts.csv"
ok "the newer city is a conflict" $?
grep -q '^contacts,1,position,,CEO,,conflict,$' "$T/conflicts.csv"
ok "the newer position is a conflict" $?
grep -q '^deals,1,contact,c1,c4,c2,conflict,$' "$T/conflicts.csv"
ok "a reference changed since is a conflict" $?
q .dump | cmp -s - "$T/before-undo.sql"
ok "a refused undo writes nothing" $?
c=$(q "SELECT city || ',' || position FROM contacts WHERE external_id = 'c1'")
ok "the newer values are still there (got $c)" "$( [ "$c" = 'Тверь,CEO' ]; echo $?)"
q "SELECT undone_at IS NULL FROM merge_runs WHERE id = 1" | grep -q '^1$'
ok "the run is not marked undone" $?
crm-dedupe -q --undo 1 -f jsonl contacts >"$T/c.jsonl"
grep -q '"field":"city","merged":"Москва","now":"Тверь"' "$T/c.jsonl"
ok "conflicts as JSON Lines" $?
expect_code 2 crm-dedupe --keep-newer contacts
# --keep-newer: newer values stay, the rest comes back.
expect_code 0 crm-dedupe --undo 1 --keep-newer contacts
grep_err "keep-newer summary" 'undone: 2 records restored, 0 references put back, 3 newer values kept'
grep -q '^contacts,1,city,Москва,Тверь,Москва,keep,$' "$T/.out"
ok "kept values are listed" $?
c=$(q "SELECT city || ',' || position FROM contacts WHERE external_id = 'c1'")
ok "keep-newer kept the newer city and position (got $c)" "$( [ "$c" = 'Тверь,CEO' ]; echo $?)"
n=$(q "SELECT count(*) FROM contacts")
ok "the merged-away rows are back (6, got $n)" "$( [ "$n" = 6 ]; echo $?)"
c=$(q "SELECT city FROM contacts WHERE external_id = 'c2'")
ok "a merged-away row comes back as it was (got $c)" "$( [ "$c" = Moscow ]; echo $?)"
c=$(q "SELECT contact FROM deals WHERE external_id = 'd1'")
ok "the newer deal reference is kept (got $c)" "$( [ "$c" = c4 ]; echo $?)"
# Nothing changed since: the undo is exact (the existing case), no output.
q .dump | grep -v 'merge_runs\|INTO merges\|sqlite_sequence' >"$T/pre2.sql"
expect_code 0 crm-dedupe -q --merge contacts
expect_code 0 crm-dedupe -q --undo 2 contacts
ok "no conflicts, nothing on standard output" "$( [ ! -s "$T/.out" ]; echo $?)"
q .dump | grep -v 'merge_runs\|INTO merges\|sqlite_sequence' | cmp -s - "$T/pre2.sql"
ok "an unchanged merge undoes exactly" $?
# A value changed back to what it was before the merge is no conflict.
expect_code 0 crm-dedupe -q --merge contacts
s=$(q "SELECT survivor FROM merges WHERE run = 3 AND survivor = merged_id AND survivor = (SELECT id FROM contacts WHERE external_id = 'c4')")
q "SELECT json_extract(record, '$.city') FROM merges WHERE run = 3 AND merged_id = $s" >"$T/city"
printf 'external_id,city\nc4,Самара\n' >"$T/c4.csv"
crm-import -q contacts "$T/c4.csv"
printf 'external_id,city\nc4,%s\n' "$(cat "$T/city")" >"$T/c4b.csv"
crm-import -q contacts "$T/c4b.csv"
expect_code 0 crm-dedupe -q --undo 3 contacts

# extra, key by key: newer keys stay, a key the merge brought in goes.
CRM_DB=$T/extra.db; export CRM_DB
printf 'external_id,last_name,first_name,email,utm,note\nc1,Иванов,Иван,ivan@x.ru,ya,first\nc2,Иванов,Иван,IVAN@x.ru,,from c2\n' >"$T/x.csv"
crm-import -q contacts "$T/x.csv"
printf 'external_id,hobby\nc2,chess\n' >"$T/x2.csv"
crm-import -q contacts "$T/x2.csv"
expect_code 0 crm-dedupe -q --merge contacts
q "SELECT json_extract(extra, '$.hobby') FROM contacts WHERE id = 1" | grep -q '^chess$'
ok "the merge brought c2's hobby to c1" $?
printf 'external_id,utm,color\nc1,google,red\n' >"$T/x3.csv"
crm-import -q contacts "$T/x3.csv"
expect_code 1 crm-dedupe --undo 1 contacts
printf 'table,id,field,merged,now,restore,action,note\ncontacts,1,extra.color,,red,,conflict,\ncontacts,1,extra.utm,ya,google,ya,conflict,\n' |
    diff - "$T/.out" >/dev/null
ok "each changed extra key is a conflict of its own" $?
expect_code 0 crm-dedupe -q --undo 1 --keep-newer contacts
x=$(q "SELECT extra FROM contacts WHERE id = 1")
ok "newer keys kept, the rest as before (got $x)" "$( [ "$x" = '{"utm":"google","note":"first","color":"red"}' ]; echo $?)"
CRM_DB=$T/crm.db; export CRM_DB

# --- A merge decides on the rows as they are inside its transaction. -----
# Another program holds the write lock and renames c2 (who is c1's
# duplicate): the merge reads the old rows, waits for the lock, then finds
# row 2 changed and leaves that cluster alone.
CRM_DB=$T/race.db; export CRM_DB
crm-import -q contacts "$G/contacts.csv"
(printf "BEGIN IMMEDIATE;\nUPDATE contacts SET last_name = 'Смирнова', first_name = 'Мария', email = 'm@smirnova.ru', phone = '+7 (999) 000-00-00' WHERE external_id = 'c2';\n"
    sleep 3; printf 'COMMIT;\n') | sqlite3 "$CRM_DB" &
sleep 0.5
expect_code 1 crm-dedupe --merge contacts
wait
grep_err "the changed cluster is named" 'cluster of rows 1, 2 left alone: row 2 changed since it was read'
grep_err "the other cluster is merged" 'merge run 1: 1 clusters, 1 records merged away'
c=$(q "SELECT group_concat(last_name || ' ' || email, ';') FROM contacts WHERE external_id IN ('c1', 'c2')")
ok "c1 and the renamed c2 stay apart (got $c)" "$( [ "$c" = 'Иванов a.ivanov@gmail.com;Смирнова m@smirnova.ru' ]; echo $?)"
CRM_DB=$T/crm.db; export CRM_DB

# --- The run's entity (item 7). ------------------------------------------
printf 'external_id,name,inn,city\nk1,ООО «Ромашка»,7707083893,Москва\nk2,Ромашка,7707083893,Moscow\n' >"$T/co.csv"
crm-import -q companies "$T/co.csv"
expect_code 0 crm-dedupe -q --merge companies
r=$(q "SELECT max(id) FROM merge_runs")
expect_code 2 crm-dedupe --undo "$r" contacts
grep_err "undo names the run's entity" "merge run $r merged companies, not contacts"
n=$(q "SELECT count(*) FROM companies")
ok "companies stay merged (1, got $n)" "$( [ "$n" = 1 ]; echo $?)"
expect_code 0 crm-dedupe -q --undo "$r" companies
n=$(q "SELECT count(*) FROM companies")
ok "undone as companies (2, got $n)" "$( [ "$n" = 2 ]; echo $?)"

# --- Ids never reused. ------------------------------------------------------
CRM_DB=$T/ids.db; export CRM_DB
cp "$G/contacts.csv" "$T/c7.csv"
echo 'c7,Sidorov,Oleg,,+79050000001,OLEG@sidorov.ru,,Tula,' >>"$T/c7.csv"
crm-import -q contacts "$T/c7.csv"
expect_code 0 crm-dedupe -q --not-duplicates c3,c7 contacts
q "SELECT json_extract(a_record, '$.external_id') || ',' || json_extract(b_record, '$.external_id') FROM not_duplicates" | grep -q '^c3,c7$'
ok "a mark names the records it was made for" $?
expect_code 0 crm-dedupe -q --merge contacts
q "SELECT count(*) FROM contacts WHERE id = 7" | grep -q '^0$'
ok "row 7 (c7, the highest id) merged away" $?
printf 'external_id,last_name,first_name,email,city\nc8,Иванова,Александра,ivanova@yandex.ru,Москва\n' >"$T/c8.csv"
crm-import -q contacts "$T/c8.csv"
i=$(q "SELECT id FROM contacts WHERE external_id = 'c8'")
ok "a new row does not take a merged-away id (got $i)" "$( [ "$i" = 8 ]; echo $?)"
crm-dedupe -q --from-db --db "$CRM_DB" --pairs contacts >"$T/p.csv"
grep -q '^3,8,.*,auto,' "$T/p.csv"
ok "the c3,c7 mark does not apply to the new row c8" $?
expect_code 0 crm-dedupe -q --undo 1 contacts
i=$(q "SELECT id FROM contacts WHERE external_id = 'c7'")
ok "undo puts c7 back under its id (got $i)" "$( [ "$i" = 7 ]; echo $?)"
q "SELECT sql FROM sqlite_master WHERE name IN ('companies', 'contacts', 'deals', 'orders', 'activities')" | grep -c AUTOINCREMENT | grep -q '^5$'
ok "every entity table is AUTOINCREMENT" $?

# --- A store of schema version 3 (ids reused before): migrated. ----------
CRM_DB=$T/v3.db; export CRM_DB
sqlite3 "$CRM_DB" <"$G/v3-store.sql"
chmod 600 "$CRM_DB"
q "SELECT * FROM contacts ORDER BY id; SELECT * FROM deals ORDER BY id; SELECT * FROM merges ORDER BY id" >"$T/v3-rows"
# the v3 columns (later versions add some)
v3cols=$(q "SELECT group_concat(name) FROM pragma_table_info('contacts')")
expect_code 1 crm-dedupe --undo 1 contacts
grep -q '^contacts,7,id,,c8,,blocks,row id 7 belongs to another record now$' "$T/.out"
ok "an id taken before the migration blocks undo, named" $?
grep_err "the refusal names the blocking conflict" 'cannot be undone: 1 conflicts (listed), 1 of which block it'
expect_code 1 crm-dedupe -q --undo 1 --keep-newer contacts
q "PRAGMA user_version" | grep -q '^7$'
ok "the store is at schema version 7" $?
q "SELECT $v3cols FROM contacts ORDER BY id; SELECT * FROM deals ORDER BY id; SELECT id, run, entity, survivor, merged_id, record, choices, created_at FROM merges ORDER BY id" | diff - "$T/v3-rows" >/dev/null
ok "the migration keeps every row, id and value" $?
q "PRAGMA integrity_check" | grep -q '^ok$'
ok "integrity_check after the migration" $?
q "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('contacts', 'deals') AND sql IS NOT NULL" | grep -q '^3$'
ok "the indexes are made again" $?
q "SELECT count(*) FROM not_duplicates" | grep -q '^0$'
ok "the mark whose record a newer row replaced is dropped" $?
crm-dedupe -q --from-db --db "$CRM_DB" --pairs contacts >"$T/p3.csv"
grep -q '^3,7,.*,auto,' "$T/p3.csv"
ok "c3 and c8 (id 7) are proposed again" $?
# A run from before version 4 knows only that its survivor changed since.
printf 'external_id,city\nc1,Тверь\n' >"$T/c1.csv"
crm-import -q contacts "$T/c1.csv"
expect_code 1 crm-dedupe --undo 1 contacts
grep -q '^contacts,1,\*,,20[0-9-]*T[0-9:]*Z,,conflict,changed after the merge (updated_at)' "$T/.out"
ok "an old run's changed survivor is a conflict on the whole row" $?
printf 'external_id,last_name\nc9,Новиков\n' >"$T/c9.csv"
crm-import -q contacts "$T/c9.csv"
i=$(q "SELECT id FROM contacts WHERE external_id = 'c9'")
ok "after the migration a new row gets a new id (got $i)" "$( [ "$i" = 8 ]; echo $?)"
done_testing
