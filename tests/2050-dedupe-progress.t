#!/bin/sh
# crm-dedupe progress: records, pairs compared, phase on stderr with
# --progress (or a terminal), nothing otherwise; stdout unchanged.
. "$(dirname "$0")/lib.sh"
D=$DATA/dedupe

sed '1s/,cluster$/,truth/' "$D/fake_1000.csv" >"$T/fake.csv"
crm-dedupe --progress contacts "$T/fake.csv" >"$T/p.out" 2>"$T/p.err"
tr '\r' '\n' <"$T/p.err" >"$T/p.lines"
grep -q 'fake.csv: 1000 records' "$T/p.lines"; ok "records read" $?
grep -q 'dedupe: blocking: 0/1000 records' "$T/p.lines"; ok "blocking phase" $?
grep -q 'dedupe: comparing: [0-9]*/[0-9]* pairs' "$T/p.lines"; ok "pairs compared" $?
grep -q 'dedupe: estimating' "$T/p.lines"; ok "estimating phase" $?
grep -q 'dedupe: clustering' "$T/p.lines"; ok "clustering phase" $?
grep -q 'dedupe: done: [0-9]* pairs compared' "$T/p.lines"; ok "last line" $?
crm-dedupe contacts "$T/fake.csv" >"$T/n.out" 2>"$T/n.err"
grep -q 'dedupe: comparing' "$T/n.err"
ok "no progress when stderr is not a terminal" "$( [ $? -ne 0 ]; echo $?)"
cmp -s "$T/p.out" "$T/n.out"; ok "the same output with progress" $?
crm-dedupe -q --progress contacts "$T/fake.csv" >/dev/null 2>"$T/q.err"
[ ! -s "$T/q.err" ]; ok "--quiet wins" $?
done_testing
