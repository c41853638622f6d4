#!/bin/sh
# Lead sources are store data: a new store is seeded with the default list
# of its language (kept as the setting "language", set once from the first
# import's country: RU, BY, KZ Russian, else English); crm-import sources
# FILE edits the list; crm-validate -d checks against it.
. "$(dirname "$0")/lib.sh"
plan 18
q() { sqlite3 "$1" "$2"; }
printf 'external_id,last_name,email,source\n1,Adams,a@example.com,Website\n2,Baker,b@example.com,Podcast\n3,Clark,c@example.com,web\n' > "$T/c.csv"

# A new store with --country US: English, seeded from the English list.
expect_code 0 crm-import -d "$T/us.db" --country US contacts "$T/c.csv"
[ "$(q "$T/us.db" "SELECT value FROM settings WHERE key = 'language'")" = en ]
ok "US store: language en" $?
[ "$(q "$T/us.db" "SELECT count(*) FROM sources")" -eq 11 ] &&
    [ "$(q "$T/us.db" "SELECT synonyms FROM sources WHERE name = 'Trade show'")" = 'exhibition|expo|event' ]
ok "US store: the English list with its synonyms" $?

# A new store without --country: Russian; BY and KZ are Russian too.
expect_code 0 crm-import -d "$T/ru.db" contacts "$T/c.csv"
[ "$(q "$T/ru.db" "SELECT value FROM settings WHERE key = 'language'")" = ru ] &&
    [ "$(q "$T/ru.db" "SELECT count(*) FROM sources WHERE name = 'Сайт'")" -eq 1 ]
ok "new store, no --country: the Russian list" $?
crm-import -q -d "$T/kz.db" --country KZ contacts "$T/c.csv" 2>/dev/null
[ "$(q "$T/kz.db" "SELECT value FROM settings WHERE key = 'language'")" = ru ]
ok "KZ store: language ru" $?

# Set once: a later run with another --country changes neither.
crm-import -q -d "$T/ru.db" --country US contacts "$T/c.csv" 2>/dev/null
[ "$(q "$T/ru.db" "SELECT value FROM settings WHERE key = 'language'")" = ru ] &&
    [ "$(q "$T/ru.db" "SELECT count(*) FROM sources WHERE name = 'Website'")" -eq 0 ]
ok "the language and the list stay" $?

# crm-validate -d checks against the store's list: Podcast is not on it.
expect_code 1 crm-validate -q -d "$T/us.db" contacts "$T/c.csv"
[ "$(grep -c ',enum-error,' "$T/.out")" -eq 1 ] && grep -q ',Podcast,' "$T/.out"
ok "store list: one unknown source" $?

# crm-import sources FILE edits the list; an empty synonyms cell is fine.
printf 'name,synonyms\nPodcast,\nWebsite,web|site|landing page\n' > "$T/s.csv"
expect_code 0 crm-import -d "$T/us.db" sources "$T/s.csv"
[ "$(q "$T/us.db" "SELECT count(*) FROM sources")" -eq 12 ]
ok "Podcast added, Website updated" $?
expect_code 0 crm-validate -q -d "$T/us.db" contacts "$T/c.csv"
printf 'external_id,last_name,email,source\n4,Dunn,d@example.com,Landing Page\n' > "$T/d.csv"
crm-validate -q -d "$T/us.db" --fix contacts "$T/d.csv" > "$T/fixed.csv" 2>/dev/null
grep -q ',Website$' "$T/fixed.csv"
ok "--fix maps a synonym of the store's list" $?

# A rules file's list wins over the store's.
crm-validate --print-rules contacts > "$T/r.json"
expect_code 1 crm-validate -q -d "$T/us.db" -r "$T/r.json" contacts "$T/c.csv"
grep -q ',Website,' "$T/.out"
ok "a rules file's list is the one checked" $?

# The first import into a new store may be of sources: the defaults are
# seeded, then the file edits them.
printf 'name,synonyms\nRadio,\n' > "$T/r.csv"
expect_code 0 crm-import -d "$T/new.db" sources "$T/r.csv"
[ "$(q "$T/new.db" "SELECT count(*) FROM sources")" -eq 11 ]
ok "sources FILE on a new store: the default list and the file's" $?
[ "$(q "$T/new.db" "PRAGMA user_version")" -eq 7 ]
ok "schema version 7" $?
