#!/bin/sh
# Opening the store: only files of its own (application_id), never an
# in-memory database, a directory or a FIFO; a bad CRM_BUSY_TIMEOUT is an
# error; a second writer waits for a first load; wide permissions warned.
. "$(dirname "$0")/lib.sh"

cd "$T" || exit 1
printf 'email,city\na@b.ru,Тула\n' >one.csv
printf 'customer,order_date,amount\nc1,2024-01-05,100\n' >o.csv

# In-memory stores keep nothing: refused, and no file named after them.
expect_code 2 crm-import contacts one.csv --db :memory:
grep_err ":memory: refused with a reason" "in-memory database, which keeps nothing"
[ ! -e ./:memory: ]
ok "no file named :memory: left" $?
expect_code 2 crm-import contacts one.csv --db 'file:x?mode=memory'
grep_err "memory URI refused" "URI"
expect_code 2 crm-rfm --save o.csv --db 'file::memory:'
[ -z "$(ls | grep -v '\.csv$')" ]
ok "nothing created for them" $?

# A directory, a FIFO, a file that is not SQLite.
mkdir dir.db
expect_code 4 crm-import contacts one.csv --db dir.db
grep_err "a directory named" "dir.db: not a store: a directory"
mkfifo fifo.db
expect_code 4 timeout 20 crm-export contacts --db fifo.db
grep_err "a FIFO refused, not waited on" "fifo.db: not a store: not a regular file"
echo 'just text' >text.db
expect_code 4 crm-export contacts --db text.db
grep_err "not SQLite: said so, no unrelated statement" "text.db: not a store: not an SQLite database$"

# A bad CRM_BUSY_TIMEOUT is an error, not a silent 100 ms.
for v in 30s -1 abc 99999999999; do
	CRM_BUSY_TIMEOUT=$v expect_code 2 crm-import contacts one.csv --db b.db
done
grep_err "bad CRM_BUSY_TIMEOUT named" "bad CRM_BUSY_TIMEOUT '99999999999'"
[ ! -e b.db ]
ok "a bad CRM_BUSY_TIMEOUT creates nothing" $?

# A new store: ours by its application_id, mode 0600.
umask 022
crm-import contacts one.csv --db new.db -q
[ "$(sqlite3 new.db 'PRAGMA application_id')" = 1668443441 ]
ok "a new store has the toolkit's application_id" $?
[ "$(stat -c %a new.db)" = 600 ]
ok "a new store is 0600" $?

# Another application's database: refused before anything is written,
# by every program, its journal mode untouched.
sqlite3 other.db 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
cp other.db other.orig
expect_code 4 crm-import contacts one.csv --db other.db
grep_err "foreign database: refused" "not a store of this toolkit"
expect_code 4 crm-export contacts --db other.db
grep_err "crm-export suggests no write" "refusing to touch it"
expect_code 4 crm-validate --db other.db contacts one.csv
expect_code 4 crm-dedupe --merge contacts --db other.db
expect_code 4 crm-rfm --save o.csv --db other.db
cmp -s other.db other.orig && [ ! -e other.db-wal ] &&
    [ "$(sqlite3 other.db 'PRAGMA journal_mode')" = delete ] &&
    [ "$(sqlite3 other.db 'SELECT count(*) FROM sqlite_master')" = 1 ]
ok "the foreign database unchanged: no tables added, journal mode as it was" $?
sqlite3 app.db 'PRAGMA application_id = 42; CREATE TABLE contacts(x);'
expect_code 4 crm-import contacts one.csv --db app.db
grep_err "another application_id named" "application_id 0x2a"
# An empty SQLite file is as good as a new one.
sqlite3 empty.db 'PRAGMA user_version = 0;'
expect_code 0 crm-import contacts one.csv --db empty.db -q
# A store made before the application_id: still ours, marked now.
crm-import contacts one.csv --db old.db -q
sqlite3 old.db 'PRAGMA application_id = 0'
expect_code 0 crm-import contacts one.csv --db old.db -q
[ "$(sqlite3 old.db 'PRAGMA application_id')" = 1668443441 ]
ok "an older store of ours gets its application_id" $?

# Wider permissions than 0600: a warning, and the command still works.
chmod 0644 new.db
expect_code 0 crm-export contacts --db new.db -f csv
grep_err "mode 0644 warned" "can be read or written by others (mode 0644)"
chmod 0600 new.db
expect_code 0 crm-export contacts --db new.db -f csv
! grep -q 'others' "$T/.err"
ok "no warning at 0600" $?

# A second writer that comes while a load holds the store under a rollback
# journal waits for it (busy timeout) instead of failing at once.
crm-import contacts one.csv --db load.db -q
python3 - load.db <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA journal_mode=DELETE")
c.execute("BEGIN IMMEDIATE"); c.execute("DELETE FROM rejects")
open(sys.argv[1] + ".locked", "w").close()
time.sleep(1.5)
c.execute("COMMIT")
PY
while [ ! -e load.db.locked ]; do sleep 0.05; done
printf 'email,city\nz@b.ru,Омск\n' >two.csv
CRM_BUSY_TIMEOUT=20000 expect_code 0 crm-import contacts two.csv --db load.db
wait
[ "$(crm-export contacts --db load.db -q -f csv | sed 1d | wc -l)" -eq 2 ]
ok "the second writer waited and committed" $?
[ "$(sqlite3 load.db 'PRAGMA journal_mode')" = wal ]
ok "the store is back in WAL mode" $?
# ... and one that waits too long says so.
python3 - load.db <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA journal_mode=DELETE")
c.execute("BEGIN IMMEDIATE"); c.execute("DELETE FROM rejects")
open(sys.argv[1] + ".locked2", "w").close()
time.sleep(2)
c.execute("COMMIT")
PY
while [ ! -e load.db.locked2 ]; do sleep 0.05; done
CRM_BUSY_TIMEOUT=300 expect_code 4 crm-import contacts two.csv --db load.db
grep_err "timed out: says which timeout" "busy timeout (300 ms, CRM_BUSY_TIMEOUT)"
wait

done_testing
