#!/bin/sh
# crm-import and crm-export on bad input: each with its message, exit
# status, and nothing lost.
. "$(dirname "$0")/lib.sh"

rejects() {	# db: the rejects table as "line|reasons"
	crm-export rejects --db "$1" --columns line,reasons -f csv -q | sed 1d
}

# Unterminated quote: the record is rejected with its line, the rest stored.
printf 'email,city\na@b.ru,Тула\nc@d.ru,"Тверь\ne@f.ru,Омск\n' >"$T/q.csv"
expect_code 1 crm-import contacts "$T/q.csv" --db "$T/q.db"
grep_err "unterminated quote: file:line" "q.csv:3: .*quote"
rejects "$T/q.db" | grep -q '^3,'
ok "unterminated quote kept in rejects at line 3" $?
crm-export rejects --db "$T/q.db" --columns raw -f jsonl -q | grep -qF '{"raw":"c@d.ru,\"Тверь\ne@f.ru,Омск\n"}'
ok "the raw record is kept" $?

# Text after a closing quote: rejected, and reading goes on after it.
printf 'email,city\na@b.ru,"Ту"ла\nc@d.ru,Тверь\n' >"$T/s.csv"
expect_code 1 crm-import contacts "$T/s.csv" --db "$T/s.db"
grep_err "stray quote: line 2" "s.csv:2:.*after closing quote"
grep_err "stray quote: the next row stored" "1 inserted"
# A bare quote inside an unquoted field is a literal, as in Excel.
printf 'email;company\na@b.ru;АО "Вектор"\n' >"$T/b.csv"
expect_code 0 crm-import contacts "$T/b.csv" --db "$T/b.db"
crm-export contacts --db "$T/b.db" --columns company -f jsonl -q | grep -qF '{"company":"АО \"Вектор\""}'
ok "bare quotes kept" $?

# Ragged rows.
printf 'email,city\na@b.ru,Тула,extra\nc@d.ru\ne@f.ru,Омск\n' >"$T/r.csv"
expect_code 1 crm-import contacts "$T/r.csv" --db "$T/r.db"
grep_err "ragged: too many cells" "r.csv:2: row has 3 cells, the header 2"
grep_err "ragged: too few cells" "r.csv:3: row has 1 cells, the header 2"
grep_err "ragged: the good row stored" "1 inserted"

# Invalid UTF-8 in a file that claims UTF-8 (a BOM).
printf '\357\273\277email,city\na@b.ru,\321\202\nc@d.ru,\377\376x\ne@f.ru,Омск\n' >"$T/u.csv"
expect_code 1 crm-import contacts "$T/u.csv" --db "$T/u.db"
grep_err "invalid UTF-8: file:line" "u.csv:3:.*UTF-8"
grep_err "invalid UTF-8: others stored" "2 inserted"

# NUL bytes.
printf 'email,city\na@b.ru,Ту\000ла\nc@d.ru,Тверь\n' >"$T/n.csv"
expect_code 1 crm-import contacts "$T/n.csv" --db "$T/n.db"
grep_err "NUL byte: file:line" "n.csv:2:.*NUL"

# A 10 MB field is stored whole.
{ printf 'email,note\na@b.ru,"'; head -c 10485760 /dev/zero | tr '\0' 'x'; printf '"\n'; } >"$T/big.csv"
expect_code 0 crm-import contacts "$T/big.csv" --db "$T/big.db"
[ "$(crm-export contacts --db "$T/big.db" --columns note -q | sed 1d | wc -c)" -eq 10485761 ]
ok "10 MB field stored whole" $?

# Empty input is an error, not zero records.
: >"$T/empty.csv"
expect_code 3 crm-import contacts "$T/empty.csv" --db "$T/e.db"
grep_err "empty input named" "empty.csv.*empty"
expect_code 3 crm-import contacts --db "$T/e.db" </dev/null

# A truncated JSON line, and a bad one in the middle.
printf '{"email":"a@b.ru"}\n{"email": "c@d.ru", \n{"email":"e@f.ru"}\n{"email":' >"$T/t.jsonl"
# Not valid JSON: the good lines kept, the bad ones rejected, exit 3.
expect_code 3 crm-import contacts "$T/t.jsonl" --db "$T/t.db"
grep_err "bad JSON line 2" "t.jsonl:2:"
grep_err "truncated JSON line 4" "t.jsonl:4:"
grep_err "good JSON lines stored" "2 inserted"
printf '[1, 2]\n' >"$T/notobj.json"
expect_code 1 crm-import contacts "$T/notobj.json" --db "$T/t2.db"

# Unparseable dates and amounts are rejected with the column and value.
printf 'customer,order_date,amount\na@b.ru,2024-13-45,10\na@b.ru,2024-01-01,abc\na@b.ru,2024-01-02,"1 000,50"\n' >"$T/o.csv"
expect_code 1 crm-import orders "$T/o.csv" --db "$T/o.db"
grep_err "bad date named" "o.csv:2: order_date: .*2024-13-45"
grep_err "bad amount named" "o.csv:3: amount: .*abc"
[ "$(crm-export orders --db "$T/o.db" --columns amount -q | sed 1d)" = "1000.5" ]
ok "the good order stored with its amount normalised" $?

# A read-only store, a locked store, a store that is not one.
crm-import contacts "$T/q.csv" --db "$T/ro.db" 2>/dev/null
chmod 0400 "$T/ro.db"
if [ "$(id -u)" = 0 ]; then
	ok "# SKIP read-only store: root can write anyway" 0
else
	expect_code 4 crm-import contacts "$T/q.csv" --db "$T/ro.db"
fi
chmod 0600 "$T/ro.db"
[ "$(stat -c %a "$T/ro.db")" = 600 ]
ok "a new store is mode 0600" $?
echo "not a database, just text that is long enough to fill a header page......................." >"$T/bad.db"
expect_code 4 crm-import contacts "$T/q.csv" --db "$T/bad.db"
mkdir "$T/rodir" && crm-import contacts "$T/q.csv" --db "$T/rodir/x.db" 2>/dev/null
chmod 0555 "$T/rodir"
if [ "$(id -u)" != 0 ]; then
	expect_code 4 crm-import contacts "$T/q.csv" --db "$T/rodir/y.db"
fi
chmod 0755 "$T/rodir"
crm-import contacts "$T/q.csv" --db "$T/lock.db" -q 2>/dev/null
python3 - "$T/lock.db" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE"); c.execute("DELETE FROM rejects")
open(sys.argv[1] + ".locked", "w").close()
time.sleep(4)
PY
while [ ! -e "$T/lock.db.locked" ]; do sleep 0.1; done
CRM_BUSY_TIMEOUT=200 expect_code 4 crm-import contacts "$T/q.csv" --db "$T/lock.db"
grep_err "locked store named" "lock.db.*locked"
wait

# Writing to a full disk.
crm-import contacts "$T/q.csv" --db "$T/full.db" 2>/dev/null
expect_code 5 sh -c "crm-export contacts --db '$T/full.db' >/dev/full"
grep_err "write error named" "write error"

# A terminal on stdin: refuse with a hint instead of waiting.
if command -v script >/dev/null; then
	script -qec "crm-import contacts --db '$T/tty.db'" /dev/null </dev/null >"$T/tty.out" 2>&1
	code=$?
	[ $code -eq 2 ] && grep -q "terminal" "$T/tty.out"
	ok "a terminal on stdin is refused (exit $code)" $?
fi

# Killed mid-import: the store is as before.
crm-import contacts "$T/q.csv" --db "$T/kill.db" 2>/dev/null
before=$(crm-export contacts --db "$T/kill.db" -q | wc -l)
awk 'BEGIN { print "email,phone,city"; for (i = 0; i < 400000; i++)
	printf "u%d@example.com,8912%07d,Город %d\n", i, i, i % 100 }' >"$T/many.csv"
# kill_import DB [TEXT]: import many.csv into DB, kill -9 it once its
# progress shows TEXT (by default its first line); $code is its exit status
kill_import() {
	crm-import contacts "$T/many.csv" --db "$1" --progress 2>"$T/kill.err" &
	pid=$!
	n=0
	while ! grep -q "${2:-records}" "$T/kill.err" 2>/dev/null &&
	    [ $n -lt 600 ]; do
		sleep 0.05
		n=$((n + 1))
	done
	kill -9 $pid 2>/dev/null
	wait $pid
	code=$?
}
kill_import "$T/kill.db"
[ $code -eq 137 ]
ok "the import was killed mid-way (exit $code)" $?
after=$(crm-export contacts --db "$T/kill.db" -q | wc -l)
[ "$before" -eq "$after" ]
ok "killed mid-import: the store is as before ($before = $after lines)" $?

# Killed during a first load, which runs under a rollback journal: the
# journal is left behind, and a read-only program rolls it back first.
# Killed once 131072 rows are in: more than SQLite's page cache holds, so
# pages are in the file and the journal is hot (killed before the first
# page is written, the file is as it was and its journal is not hot).
kill_import "$T/kill1.db" "131072 records"
[ $code -eq 137 ] && [ -f "$T/kill1.db-journal" ]
ok "a first load was killed mid-way, leaving its journal (exit $code)" $?
out=$(crm-export contacts --db "$T/kill1.db" -q 2>&1 | wc -l)
[ "$out" -eq 1 ] && [ ! -f "$T/kill1.db-journal" ]
ok "crm-export rolls it back and finds no contacts ($out line: the header)" $?
printf 'email\nu1@example.com\n' | crm-import contacts --db "$T/kill1.db" -q 2>/dev/null &&
	[ "$(sqlite3 "$T/kill1.db" 'PRAGMA journal_mode; SELECT count(*) FROM contacts')" = "wal
1" ]
ok "and the store takes the next import, in WAL" $?
done_testing
