#!/bin/sh
# crm-validate: golden reports for the builtin rules of contacts, companies
# and deals and for a rules file with every type; the same results from CSV
# and JSON; the summary; --strict, --max-errors, --print-rules.
. "$(dirname "$0")/lib.sh"
G=$TOP/tests/golden/validate
cd "$G"

# Golden reports: every code the builtin rules can give.
for c in contacts contacts-header companies companies-header deals; do
	e=${c%%-*}
	check_out "$c: report" "$c.expected" crm-validate -q "$e" "$c.csv"
done
expect_code 1 crm-validate -q contacts contacts.csv

# Every builtin type, valid and invalid.
check_out "types: valid values pass" types-valid.expected \
    crm-validate -q -r types.rules.json contacts types-valid.csv
expect_code 0 crm-validate -q -r types.rules.json contacts types-valid.csv
check_out "types: invalid values" types-invalid.expected \
    crm-validate -q -r types.rules.json contacts types-invalid.csv
expect_code 1 crm-validate -q -r types.rules.json contacts types-invalid.csv

# Phones in many shapes, emails (quoted and UTF-8 local parts and IP
# literals: valid, a warning; full-width letters; IDN domains, a trailing
# newline): the errors fall exactly on the rows marked invalid.
for f in phones emails; do
	check_out "$f: report" $f.expected \
	    crm-validate -q -r phones-emails.rules.json contacts $f.csv
	crm-validate -q -r phones-emails.rules.json contacts $f.csv |
	    awk -F, '$10 == "error" { print $3 }' > "$T/got"
	awk -F, '/,invalid$/ { print NR }' $f.csv > "$T/want"
	check_same "$f: errors on exactly the invalid rows" "cat '$T/want'" "cat '$T/got'"
done

# Every code in the man page comes out of some test.
sed -n '/^\.Sh CODES/,/^\.Sh /p' "$TOP/man/crm-validate.1" |
    sed -n 's/^\.It Cm \([a-z-]*\)\( , Cm \([a-z-]*\)\)*.*/\1 \3/p' | tr ' ' '\n' |
    sed '/^$/d' > "$T/codes"
missing=
for c in $(cat "$T/codes"); do
	case $c in
	foreign-key|format-error|encoding-error) continue ;;	# 3020, 3030
	esac
	grep -q ",$c," *.expected || missing="$missing $c"
done
ok "every code has a golden case${missing:+ (missing:$missing)}" "$( [ -z "$missing" ]; echo $?)"

# The same findings from CSV and from JSON Lines (but file and line).
check_same "same report from CSV and JSON" \
    "crm-validate -q contacts same.csv | cut -d, -f2,4- | sed 's/on line [0-9]*//'" \
    "crm-validate -q contacts same.jsonl | cut -d, -f2,4- | sed 's/on line [0-9]*//'"
check_same "JSON input by stdin" \
    "crm-validate -q contacts same.jsonl | cut -d, -f2-" \
    "crm-validate -q contacts < same.jsonl | cut -d, -f2-"

# JSON Lines report: one object per violation with the 14 columns.
crm-validate -q -f jsonl contacts same.csv > "$T/r.jsonl"
ok "jsonl report has one line per violation" \
    "$( [ "$(wc -l < "$T/r.jsonl")" -eq "$(($(crm-validate -q contacts same.csv | wc -l) - 1))" ]; echo $?)"
head -1 "$T/r.jsonl" | grep -q '^{"file":"same.csv","entity":"contacts","line":.*"message":'
ok "jsonl report columns" $?

# Summary: JSON to a file, a table on stderr.
crm-validate -q contacts contacts.csv --summary "$T/s.json" > /dev/null
sed 's/"seconds": [0-9.e-]*/"seconds": 0/' "$T/s.json" > "$T/s2.json"
check_out "summary JSON" summary.expected cat "$T/s2.json"
crm-validate contacts contacts.csv --summary - > /dev/null 2> "$T/sum.txt"
grep -q '^contacts: 9 records checked against <builtin contacts>' "$T/sum.txt" &&
    grep -q 'clean  *1  *11.1%' "$T/sum.txt" &&
    grep -q 'phone-invalid  *error  *1  "8 912 345" (line 3)' "$T/sum.txt" &&
    grep -q 'phone  *55.6%  *60.0%' "$T/sum.txt"
ok "summary table on stderr" $?

# --strict: warnings count.
printf 'external_id,last_name,company,phone,source,Индекс\nw1,Иванов,Ромашка,89123456789,Сайт,'"'"'101000\n' > "$T/warn.csv"
expect_code 0 crm-validate -q contacts "$T/warn.csv"
expect_code 1 crm-validate -q --strict contacts "$T/warn.csv"

# --max-errors cuts the report, not the counts.
crm-validate --max-errors 2 contacts contacts.csv > "$T/cut.csv" 2> "$T/cut.err"
ok "--max-errors 2 writes 2 violations" "$( [ "$(wc -l < "$T/cut.csv")" -eq 3 ]; echo $?)"
grep -q '14 errors, 3 warnings; country RU); report cut at --max-errors' "$T/cut.err"
ok "--max-errors says so" $?

# --print-rules prints what is loaded: loading it back gives the same report.
for e in contacts companies deals; do
	crm-validate --print-rules $e > "$T/$e.json"
	check_same "--print-rules $e round trip" \
	    "crm-validate -q $e $e.csv" "crm-validate -q -r '$T/$e.json' $e $e.csv"
done
if python3 -c 'import jsonschema' 2>/dev/null; then
	for e in contacts companies deals; do
		python3 -c 'import json,sys,jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' \
		    "$T/$e.json" "$TOP/docs/rules.schema.json"
		ok "builtin $e rules follow docs/rules.schema.json" $?
	done
fi
expect_code 2 crm-validate --print-rules orders
done_testing
