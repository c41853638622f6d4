#!/bin/sh
# crm-validate: rules files load strictly; each mistake stops with exit 2
# and a message that points at the file, line, column and JSON path.
. "$(dirname "$0")/lib.sh"
cd "$TOP/tests/golden/validate/rules"

for f in *.json; do
	expect_code 2 crm-validate -r "$f" contacts ../same.csv
	grep -q "^crm-validate: $f:" "$T/.err"
	ok "$f: the message names the file" $?
done

# The exact messages (file:line:column: path: what).
for f in *.json; do
	crm-validate -r "$f" contacts ../same.csv 2>&1 >/dev/null
done > "$T/errors"
check_out "rules errors" errors.expected cat "$T/errors"

crm-validate -r unknown-key.json contacts ../same.csv 2>&1 | grep -q \
    "unknown-key.json:7:37: entities.contacts.fields.email.pattrn: unknown key 'pattrn'"
ok "unknown key: line, column, path" $?
crm-validate -r bad-regex.json contacts ../same.csv 2>&1 | grep -q \
    "bad-regex.json:6:37: .*external_id.pattern: bad pattern: missing closing parenthesis at offset 9"
ok "bad pattern: its offset" $?
crm-validate -r dup-key.json contacts ../same.csv 2>&1 | grep -q "dup-key.json:6:42: duplicate object key"
ok "duplicate key: line and column" $?

expect_code 2 crm-validate -r no-such-file.json contacts ../same.csv
grep_err "a missing rules file" "no-such-file.json: cannot open rules"
# A good rules file that defines another entity too is fine for both.
expect_code 2 crm-validate -r no-contacts.json contacts ../same.csv
expect_code 0 crm-validate -q -r no-contacts.json deals ../same.csv

# The example in crm-rules(5) loads and is checked against the schema.
sed -n '/^\.Sh EXAMPLES/,/^\.Sh SEE ALSO/p' "$TOP/man/crm-rules.5" |
    sed -n '/^\.Bd -literal/,/^\.Ed/p' | sed '1d;$d' > "$T/example.json"
printf 'external_id,phone,email\nx1,89123456789,a@b.ru\n' > "$T/ok.csv"
expect_code 0 crm-validate -q -r "$T/example.json" contacts "$T/ok.csv"
if python3 -c 'import jsonschema' 2>/dev/null; then
	python3 -c 'import json,sys,jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' \
	    "$T/example.json" "$TOP/docs/rules.schema.json"
	ok "the crm-rules(5) example follows the schema" $?
fi
done_testing
