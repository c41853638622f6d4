#!/bin/sh
# Optional fields never cost the record: an optional value that cannot be
# read (a birthday, a creation date, a close date) is stored as found and
# flagged by crm-validate; --strict still refuses it.  Only what the store
# cannot hold rejects a row: a key, a required date, an amount, a status.
. "$(dirname "$0")/lib.sh"

printf 'email,birthday,created_at,postal_code\na@example.com,32.13.1980,2024-01-01,1234\nb@example.com,1980-02-29,вчера,101000\n' >"$T/c.csv"
expect_code 0 crm-import contacts "$T/c.csv"
grep_err "kept values are counted, the first named with its line" \
    "2 optional values that could not be read kept as found (the first: line 2, birthday: month out of range '32.13.1980'); crm-validate flags them"
check_same "stored as found" \
    "printf 'email,birthday,created_at,postal_code\na@example.com,32.13.1980,2024-01-01,1234\nb@example.com,1980-02-29,вчера,101000\n'" \
    "crm-export -q contacts --columns email,birthday,created_at,postal_code"
expect_code 1 crm-validate contacts "$T/c.csv"
grep -q ',2,1,2,birthday,birthday,type-error,' "$T/.out" &&
    grep -q ',3,2,3,created_at,created_at,type-error,' "$T/.out" &&
    grep -q ',2,1,4,postal_code,postal_code,postal-code-invalid,' "$T/.out"
ok "crm-validate flags each of them"  $?
expect_code 3 crm-import --db "$T/strict.db" --strict contacts "$T/c.csv"
grep_err "--strict refuses an optional value it cannot read" \
    "c.csv:2: birthday: month out of range '32.13.1980' (--strict: nothing imported)"

# Deals: close dates are optional; the amount is not.
printf 'external_id,title,status,amount,expected_close,closed_at\nD1,A,open,100,когда-нибудь,\nD2,B,won,abc,,\nD4,D,lost,5,,31.02.2024\n' >"$T/d.csv"
expect_code 1 crm-import deals "$T/d.csv"
grep_err "an amount that is not a number rejects" "d.csv:3: amount: not a number 'abc' (rejected)"
check_same "optional dates kept" \
    "printf 'external_id,expected_close,closed_at\nD1,когда-нибудь,\nD4,,31.02.2024\n'" \
    "crm-export -q deals --columns external_id,expected_close,closed_at"

# A required date, and a date that is part of a key, reject.
printf 'customer,order_date,amount\na@example.com,32.13.2024,5\n' >"$T/o.csv"
expect_code 1 crm-import orders "$T/o.csv"
grep_err "a required date rejects" "o.csv:2: order_date: month out of range"
printf 'deal,stage,entered_at\nD1,A,позавчера\n' >"$T/s.csv"
expect_code 1 crm-import deal_stages "$T/s.csv"
grep_err "the stage history's date rejects" "s.csv:2: entered_at: not a date"
printf 'type,subject,contact,deal,due_at,done_at\ncall,Звонок,a@example.com,D1,завтра,2024-01-01\ncall,Встреча,a@example.com,D1,2024-01-02,потом\n' >"$T/a.csv"
expect_code 1 crm-import activities "$T/a.csv"
grep_err "a date that is part of a key rejects" "a.csv:2: due_at: not a date"
check_same "an activity's optional done_at is kept" \
    "printf 'subject,done_at\nВстреча,потом\n'" \
    "crm-export -q activities --columns subject,done_at"

done_testing
