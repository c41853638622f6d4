#!/bin/sh
# Rejects: each carries its import run (crm-export rejects --run N|last),
# the exact bytes of the row stay in the store and come out with --raw,
# text output shows a bad byte as U+FFFD; the dry-run message.
. "$(dirname "$0")/lib.sh"

utf8() { iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1; }

# A UTF-8 file with a bad byte (0xff) in one row, no key in another.
printf 'email,city,created_at\na@example.com,Москва,2024-01-01\nb@example.com,Tver\377,2024-01-02\n,Омск,2024-01-03\n' >"$T/bad.csv"
expect_code 1 crm-import contacts "$T/bad.csv"
crm-export -q rejects >"$T/rej.csv"
utf8 "$T/rej.csv"
ok "CSV output of rejects is valid UTF-8" $?
grep -q "Tver$(printf '\357\277\275')" "$T/rej.csv"
ok "a bad byte shows as U+FFFD" $?
crm-export -q -f jsonl rejects >"$T/rej.jsonl"
utf8 "$T/rej.jsonl"
ok "JSON output of rejects is valid UTF-8" $?
crm-export -q -f table rejects >"$T/rej.txt"
utf8 "$T/rej.txt"
ok "table output of rejects is valid UTF-8" $?
crm-export -q --raw rejects >"$T/raw"
sed -n '3,4p' "$T/bad.csv" | cmp -s - "$T/raw"
ok "--raw: the rejected rows' exact bytes" $?
{ head -1 "$T/bad.csv"; cat "$T/raw"; } >"$T/rebuilt.csv"
{ sed -n '1p;3,4p' "$T/bad.csv"; } | cmp -s - "$T/rebuilt.csv"
ok "the header line and --raw rebuild the rejected rows' file byte for byte" $?

# crm-validate's report of that file is valid UTF-8 too.
crm-validate contacts "$T/bad.csv" >"$T/report.csv" 2>/dev/null
utf8 "$T/report.csv"
ok "crm-validate's CSV report is valid UTF-8" $?

# A CP1251 file: its rejected rows stay in CP1251 in the store, 0x98
# (no character in CP1251) included.
# Фамилия;E-mail;Дата создания / Иванов;... / Петров;;... / Сидоров\230;;
printf '\317\345\362\360\356\342;;01.02.2024\r\n\321\350\344\356\360\356\342\230;;\r\n' >"$T/cp-rows"
printf '\324\340\354\350\353\350\377;E-mail;\304\340\362\340 \361\356\347\344\340\355\350\377\r\n\310\342\340\355\356\342;ivan@example.com;01.02.2024\r\n' |
    cat - "$T/cp-rows" >"$T/cp.csv"
expect_code 1 crm-import --db "$T/cp.db" contacts "$T/cp.csv"
grep_err "CP1251 detected" "WINDOWS-1251"
crm-export -q --db "$T/cp.db" --raw rejects | cmp -s - "$T/cp-rows"
ok "--raw: a CP1251 row comes out in CP1251, byte for byte" $?
crm-export -q --db "$T/cp.db" rejects | utf8 /dev/stdin
ok "the same rows as CSV are UTF-8" $?

# Runs: a later run's view is clean.
printf 'email,city,created_at\nb@example.com,Tver,2024-01-02\nc@example.com,Омск,15.01.2024\n' >"$T/fixed.csv"
expect_code 0 crm-import contacts "$T/fixed.csv"
check_same "--run last: the fixed run has no rejects" \
    "printf 'line,reasons\n'" "crm-export -q rejects --run last --columns line,reasons"
n=$(crm-export -q rejects --run 1 --columns line | sed 1d | tr '\n' ' ')
[ "$n" = "3 4 " ]
ok "--run 1: the first run's rejects, by line" $?
check_same "--run with --where" \
    "printf 'line\n4\n'" "crm-export -q rejects --run 1 --where 'line > 3' --columns line"
expect_code 2 crm-export rejects --run x
grep_err "bad --run named" "--run: 'x' is not a run number"
expect_code 2 crm-export contacts --run 1
grep_err "--run on a table without runs" "'rejects' has them, not 'contacts'"
expect_code 2 crm-export contacts --raw
grep_err "--raw is for rejects" "--raw: the raw bytes of 'rejects' only"

# A dry run stores no rejects, and says where they are instead.
{ echo email,last_name; i=0; while [ $i -lt 12 ]; do echo ",Name$i"; i=$((i + 1)); done; } >"$T/many.csv"
expect_code 1 crm-import -n contacts "$T/many.csv"
! grep -q "see crm-export rejects" "$T/.err"
ok "dry run: no 'see crm-export rejects'" $?
grep_err "dry run: says it stores none" "12 rejected rows in all (a dry run stores none"
expect_code 1 crm-import contacts "$T/many.csv"
run=$(sed -n 's/.*12 rejected rows in all: see crm-export rejects --run \([0-9]*\)$/\1/p' "$T/.err")
[ -n "$run" ] && [ "$run" = "$(crm-export -q import_runs --columns id | tail -1)" ] &&
    [ "$(crm-export -q rejects --run "$run" --columns line | sed 1d | wc -l)" -eq 12 ]
ok "a real run names its run, which has the 12 rejects" $?

done_testing
