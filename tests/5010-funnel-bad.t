#!/bin/sh
# crm-funnel bad input: a history row for an unknown deal or stage, entries
# out of order, dates after --as-of (file:line, status 3, or --skip-bad:
# counted, exit 1); broken files, empty input, the store's rows, usage.
. "$(dirname "$0")/lib.sh"
G=$TOP/tests/golden/funnel
cd "$T"
cp "$G"/*.csv .
A="--as-of 2024-03-31 --stages stages.csv"

# A history row of an unknown deal, and of an unknown stage.
{ cat history.csv; echo 'Z,Lead,2024-03-05'; } >h1.csv
expect_code 3 crm-funnel $A --history h1.csv deals.csv
grep_err "unknown deal: file:line" "crm-funnel: h1.csv:15: history of an unknown deal 'Z'"
{ cat history.csv; echo 'E,Nowhere,2024-03-12'; } >h2.csv
expect_code 3 crm-funnel $A --history h2.csv deals.csv
grep_err "unknown stage: file:line" "h2.csv:15: deal 'E': unknown stage 'Nowhere' in pipeline 'S'"

# Entries of one deal out of order.
{ cat history.csv; echo 'D,Lead,2024-03-05'; } >h3.csv
expect_code 3 crm-funnel $A --history h3.csv deals.csv
grep_err "out of order: both lines" "h3.csv:15: deal 'D': entries out of order (2024-03-05 is before the entry at line 14)"

# Dates after --as-of: an entry, a deal's creation.
{ cat history.csv; echo 'E,Qualified,2024-04-02T09:00:00+03:00'; } >h5.csv
expect_code 3 crm-funnel $A --history h5.csv deals.csv
grep_err "an entry after as-of" "h5.csv:15: deal 'E': entered_at 2024-04-02T09:00:00+03:00 is after the as-of date 2024-03-31"
{ cat deals.csv; echo 'K,Kappa,ann,S,Lead,open,1,2024-04-05,,'; } >d7.csv
expect_code 3 crm-funnel $A d7.csv
grep_err "a deal created after as-of" "d7.csv:7: deal 'K': created_at 2024-04-05 is after the as-of date 2024-03-31"

# --skip-bad: every bad row said and counted, exit 1, the rest computed.
{ cat history.csv; echo 'Z,Lead,2024-03-05'; echo 'D,Lead,2024-03-05'; } >h4.csv
expect_code 1 crm-funnel $A --skip-bad --history h4.csv deals.csv
grep_err "--skip-bad: the unknown deal said" "h4.csv:15: history of an unknown deal"
grep_err "--skip-bad: the out-of-order row said" "h4.csv:16: deal 'D': entries out of order"
grep_err "--skip-bad: counted" "2 bad records skipped"
diff -u "$G/stages.out" "$T/.out" >/dev/null
ok "--skip-bad: the other rows give the same funnel" $?

# Bad values in deals: status, amount, dates, a stage in no pipeline.
printf 'external_id,stage,status,amount,created_at\nX,Lead,maybe,1,2024-03-01\n' >d1.csv
expect_code 3 crm-funnel $A d1.csv
grep_err "a status that is not one" "d1.csv:2:3: status: not open, won or lost 'maybe'"
printf 'external_id,stage,amount,created_at\nX,Lead,abc,2024-03-01\n' >d2.csv
expect_code 3 crm-funnel $A d2.csv
grep_err "an amount that is not one" "d2.csv:2:"
printf 'external_id,stage,created_at\nX,Lead,2024-13-45\n' >d3.csv
expect_code 3 crm-funnel $A d3.csv
grep_err "a date that is not one" "d3.csv:2:"
printf 'external_id,stage,created_at\nX,Nowhere,2024-03-01\n' >d4.csv
expect_code 3 crm-funnel $A d4.csv
grep_err "an unknown stage" "d4.csv:2: deal 'X': unknown stage 'Nowhere'"
printf 'external_id,stage,created_at\nX,Lead,2024-03-01\nX,Lead,2024-03-02\n' >d5.csv
expect_code 3 crm-funnel $A d5.csv
grep_err "a deal twice" "d5.csv:3: deal 'X' twice (first at line 2)"
printf 'external_id,created_at\nX,2024-03-01\n' >d6.csv
expect_code 3 crm-funnel $A d6.csv
grep_err "no stage, no status" "d6.csv:2: deal 'X' has no stage and no pipeline"

# Stage definitions: a bad kind, the same position twice, none at all.
printf 'pipeline,name,position,kind\nS,A,1,open\nS,B,2,maybe\n' >s1.csv
expect_code 3 crm-funnel --stages s1.csv deals.csv
grep_err "a bad kind" "s1.csv:3:4: kind: not open, won or lost 'maybe'"
printf 'pipeline,name,position,kind\nS,A,1,open\nS,B,1,won\n' >s2.csv
expect_code 2 crm-funnel --stages s2.csv deals.csv
grep_err "two stages at one position" "s2.csv:3: stages 'A' and 'B' of pipeline 'S' have the same position 1"

# Broken and empty files.
: >empty.csv
expect_code 3 crm-funnel $A empty.csv
grep_err "empty input" "empty input"
expect_code 3 crm-funnel --stages empty.csv deals.csv
printf 'external_id,stage\n"X,Lead\n' >broken.csv
expect_code 3 crm-funnel $A broken.csv
grep_err "a broken CSV record: file:line" "broken.csv:2"

# The store: no stages, a history row of an unknown deal (table:rowid).
crm-import -q deals deals.csv
expect_code 2 crm-funnel --as-of 2024-03-31
grep_err "no stages: say so" "no stage definitions"
crm-import -q stages stages.csv
printf 'deal,stage,entered_at\nA,Lead,2024-03-01\nQ,Lead,2024-03-02\n' >hq.csv
crm-import -q deal_stages hq.csv
expect_code 3 crm-funnel --as-of 2024-03-31
grep_err "store: table and row id" "crm.db:deal_stages:2: history of an unknown deal 'Q'"
expect_code 4 crm-funnel --db nonexistent.db
expect_code 5 sh -c 'crm-funnel -q --as-of 2024-03-31 --skip-bad >/dev/full'

# Usage.
expect_code 2 crm-funnel --mode sideways
expect_code 2 crm-funnel --as-of yesterday
expect_code 2 crm-funnel --compare fortnight
expect_code 2 crm-funnel --summary --stuck
expect_code 2 crm-funnel --history history.csv
expect_code 2 crm-funnel --stuck-days many
expect_code 2 crm-funnel --pipeline Nope --as-of 2024-03-31 --skip-bad
grep_err "an unknown pipeline lists the known ones" "no pipeline 'Nope' (stages have: 'R', 'S')"
done_testing
