#!/bin/sh
# Strict input: JSON that is not valid JSON (RFC 8259) is never "0 read,
# exit 0"; JSON is UTF-8; records have a size limit and headers a column
# limit; --where reads its own table and nothing else.
. "$(dirname "$0")/lib.sh"
cd "$T"

# ---- JSON that is not JSON: exit 3, file:line:column, what was expected
n=0
for text in '[,1]' '[x' '{' '[1 2]' '[{"email":"a@b.ru"}' '{"email":"a@b.ru"} x'; do
	n=$((n + 1))
	printf '%s' "$text" > bad$n.json
	expect_code 3 crm-import contacts bad$n.json --db bad$n.db
	grep_err "$text: file:line:column and what was expected" "bad$n.json:1:[0-9]*: not valid JSON: expected"
	if grep -q ' 0 read' "$T/.err"; then ok "$text: not '0 read'" 1; else ok "$text: not '0 read'" 0; fi
done
printf '[,1]' > a.json
expect_code 3 crm-import contacts a.json --db a.db
grep_err "[,1]: the column and the token" "a.json:1:2: not valid JSON: expected a value or ']', found ','"
printf '[{"email":"a@b.ru"}, {"email":"c@d.ru"} {"email":"e@f.ru"}]' > b.json
expect_code 3 crm-import contacts b.json --db b.db
grep_err "missing comma: line and column" "b.json:1:41: not valid JSON: expected ',' or ']', found '{'"
grep_err "missing comma: the valid records kept" "2 inserted"
crm-export rejects --db b.db -f csv -q > rej
grep -q '"{""email"":""e@f.ru""}]"' rej
ok "missing comma: the rest rejected with its bytes" $?
# --strict: nothing stored
expect_code 3 crm-import contacts b.json --db s.db --strict
grep_err "--strict names the place" "b.json:1:41: not valid JSON"
[ "$(sqlite3 s.db 'SELECT count(*) FROM contacts' 2>/dev/null || echo 0)" = 0 ]
ok "--strict: nothing stored" $?
# An invalid UTF-8 byte in an array: the element rejected, the rest read.
printf '[{"email":"a@b.ru"},\n{"email":"c\377@d.ru"},\n{"email":"e@f.ru"}]\n' > u.json
expect_code 3 crm-import contacts u.json --db u.db
grep_err "invalid UTF-8: line and column" "u.json:2:12: not valid JSON: expected valid UTF-8, found byte 0xff"
grep_err "invalid UTF-8: the others stored" "2 inserted"
grep_err "JSON is never charset-sniffed" "(json, UTF-8, country"
# JSON Lines: a bad line costs that line only.
printf '{"email":"a@b.ru"}\n{"email": "c@d.ru", \n{"email":"e@f.ru"}\n' > l.jsonl
expect_code 3 crm-import contacts l.jsonl --db l.db
grep_err "JSON Lines: the bad line named" "l.jsonl:2:21: not valid JSON"
grep_err "JSON Lines: the good lines stored" "2 inserted"
# Valid JSON that is not a record: rejected with its reason, exit 1.
printf '[{"email":"a@b.ru"}, 5, "x", null, [1], {"email":"c@d.ru"}]' > n.json
expect_code 1 crm-import contacts n.json --db n.db
grep_err "a number element rejected" "n.json:1:22: not a JSON object but a number"
grep_err "a string element rejected" "n.json:1:25: not a JSON object but a string"
grep_err "null rejected" "n.json:1:30: not a JSON object but null"
grep_err "an array element rejected" "n.json:1:36: not a JSON object but an array"
grep_err "the objects stored" "2 inserted"
# An empty array is valid JSON with no records.
printf '[]\n' > e.json
expect_code 0 crm-import contacts e.json --db e.db

# ---- deep nesting (issue 10): the deep object alone is rejected
python3 -c '
d = 3000
print("[" + "{\"x\":" * d + "1" + "}" * d + ",{\"email\":\"a@b.ru\"}]")' > deep.json
expect_code 1 crm-import contacts deep.json --db deep.db
grep_err "deep object rejected with its line" "deep.json:1:2: nested 3000 levels deep (at most 2048)"
grep_err "the next object stored" "1 inserted"
expect_code 1 crm-validate -q contacts deep.json
expect_code 3 crm-dedupe contacts deep.json
python3 -c '
d = 3000
print("[" + "[" * d + "]" * d + "]")' > deep2.json
expect_code 1 crm-import contacts deep2.json --db deep2.db
grep_err "a deep array rejected too" "nested 3000 levels"

# ---- more than 64 KiB of white space before JSON: still JSON
python3 -c '
import sys
sys.stdout.write(" " * 70000 + "\n" * 3 + "  [{\"email\":\"a@b.ru\"}, x]\n")' > ws.json
expect_code 3 crm-import contacts ws.json --db ws.db
grep_err "read as JSON, the place counted past the white space" "ws.json:4:24: not valid JSON: expected a value, found 'x'"
grep_err "the object before it stored" "1 inserted"
python3 -c 'import sys; sys.stdout.write(" \n" * 40000)' > blank.json
expect_code 3 crm-import contacts blank.json --db blank.db
grep_err "white space alone is an error" "only white space"

# ---- JSON is UTF-8
printf '\377\376[\000{\000}\000]\000' > u16.json
expect_code 3 crm-import contacts u16.json --db u16.db
grep_err "UTF-16 JSON refused" "must be UTF-8"
printf '[{"email":"a@b.ru"}]' > ok.json
expect_code 2 crm-import contacts ok.json --db ok.db --encoding CP1251
grep_err "--encoding with JSON refused" "JSON input is UTF-8"
printf '\357\273\277[{"email":"a@b.ru"}]' > bom.json
expect_code 0 crm-import contacts bom.json --db bom.db
grep_err "a UTF-8 BOM is allowed" "1 inserted"
printf '\357\273\277[{"email":"a@b.ru"}, x]' > bomx.json
expect_code 3 crm-import contacts bomx.json --db bomx.db
grep_err "columns count from after the BOM" "bomx.json:1:22: not valid JSON"
printf '{"email":"a@b.ru"}\r\n{"email":\r\n{"email":"c@d.ru"}\r\n' > crlf.jsonl
expect_code 3 crm-import contacts crlf.jsonl --db crlf.db
grep_err "CRLF JSON Lines: the bad line" "crlf.jsonl:2:10: not valid JSON: expected a value"
grep_err "CRLF JSON Lines: the others" "2 inserted"

# ---- record size limits (issue 10 item 14)
head -c 3000000 /dev/zero > zero.bin
expect_code 3 crm-import contacts zero.bin --db z.db --max-record-size 1M
grep_err "no line end: stopped with file:line" "zero.bin:1: a line of more than 1048576 bytes"
(printf 'email,note\na@b.ru,"'; head -c 2000000 /dev/zero | tr '\0' '\n'; printf '"\n') > q.csv
expect_code 3 crm-import contacts q.csv --db q.db --max-record-size 1M
grep_err "a quoted field over many lines: stopped at its line" "q.csv:2: a record of more than 1048576 bytes"
(printf '[{"email":"a@b.ru","note":"'; head -c 2000000 /dev/zero | tr '\0' 'a'; printf '"}]') > big.json
expect_code 3 crm-import contacts big.json --db big.db --max-record-size 1M
grep_err "a big JSON value: stopped at its line" "big.json:1:2: a record of more than 1048576 bytes"
expect_code 0 crm-import contacts big.json --db big.db --max-record-size 3M
grep_err "--max-record-size raises the limit" "1 inserted"
expect_code 2 crm-import contacts big.json --db big.db --max-record-size 3X
expect_code 2 crm-import contacts big.json --db big.db --max-record-size 0

# ---- a header past the column limit is refused at once (issue 10 item 15)
python3 -c '
n = 80000
print(",".join("c%d" % i for i in range(n)) + ",email")
print(",".join("v" for i in range(n)) + ",a@b.ru")' > wide.csv
expect_code 3 crm-import contacts wide.csv --db w.db
grep_err "80,000 columns refused with the limit" "wide.csv:1: a header of more than 16384 columns"
expect_code 3 crm-dedupe contacts wide.csv
python3 -c '
import json
print(json.dumps({"c%d" % i: "v" for i in range(20000)}))' > wide.json
expect_code 3 crm-import contacts wide.json --db w2.db
grep_err "a JSON object past the limit" "an object of 20000 members (at most 16384)"

# ---- --where reads its own table only (issue 10 item 12, issue 12 item 8)
printf 'external_id,last_name,email,phone,city,product\nc1,Иванов,a@b.ru,89123456789,Москва,X\nc2,Петров,c@d.ru,89123456780,Тула,Y\n' > x.csv
crm-import -q contacts x.csv --db x.db
for w in "1=0) UNION SELECT phone_key, email_key FROM contacts WHERE (1" \
    "1) UNION SELECT name, sql FROM sqlite_master /*" \
    "email IN (SELECT email_key FROM contacts)" \
    "(SELECT count(*) FROM sqlite_master) > 0" \
    "1; DROP TABLE contacts" "load_extension('x')" "sqlite_version() > ''" \
    "city = ?" "city = 'x' -- y"; do
	expect_code 2 crm-export contacts --db x.db --columns phone,email -f csv --where "$w"
	if grep -q 'json_\|rowid\|FROM (\|WHERE (' "$T/.err"; then
		ok "refused without showing SQL: $w" 1
		sed 's/^/# /' "$T/.err"
	else ok "refused without showing SQL: $w" 0; fi
	[ ! -s "$T/.out" ]
	ok "nothing printed: $w" $?
done
expect_code 2 crm-export contacts --db x.db --where "phone_key LIKE '7%'"
grep_err "an internal column is no column" "no column 'phone_key' in contacts"
expect_code 2 crm-export contacts --db x.db --where "nosuch = 1"
grep_err "an unknown column is named" "no column 'nosuch' in contacts (valid: "
expect_code 0 crm-export contacts --db x.db --where "product = 'Y'" --columns external_id,product -f csv
printf 'external_id,product\nc2,Y\n' > want
cp "$T/.out" got
check_out "a flattened extra column in --where (issue 12 item 8)" want cat got
expect_code 0 crm-export contacts --db x.db --where "\"product\" = 'X' AND contacts.city = 'Москва'" --columns external_id -f csv
printf 'external_id\nc1\n' > want
cp "$T/.out" got
check_out "quoted names and the table's own name" want cat got
expect_code 0 crm-export contacts --db x.db --where "city = 'Омск'" --columns external_id,product -f csv
printf 'external_id,product\n' > want
cp "$T/.out" got
check_out "an extra column of no selected row is still a column" want cat got
done_testing
