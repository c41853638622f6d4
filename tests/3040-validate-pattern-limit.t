#!/bin/sh
# crm-validate: a PCRE2 pattern that gives up (match or depth limit) is an
# error naming the input line, the rule and the value, never a mismatch;
# inside a "when" it never turns the condition silently false.
. "$(dirname "$0")/lib.sh"
long=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab
cat >"$T/field.json" <<'J'
{ "version": 1, "entities": { "contacts": { "fields": {
  "external_id": { "pattern": "(a|aa)+" } } } } }
J
cat >"$T/when.json" <<'J'
{ "version": 1, "entities": { "contacts": { "fields": {} } },
  "rules": [ { "id": "contacts.code-needs-city", "entity": "contacts",
    "when": { "field": "external_id", "pattern": "(a|aa)+" },
    "require": ["city"] } ] }
J
printf 'external_id,city\naaaa,\n%s,Тула\n' "$long" >"$T/in.csv"

expect_code 3 crm-validate -q -r "$T/field.json" contacts "$T/in.csv"
grep_err "a field pattern's limit names file:line, rule and value" \
    "in.csv:3:1: rule contacts.external_id.pattern: pattern '(a|aa)+' cannot be decided on the value '$long': match limit exceeded"
printf 'external_id,city\n%s,Тула\n' "$long" >"$T/when.csv"
expect_code 3 crm-validate -q -r "$T/when.json" contacts "$T/when.csv"
grep_err "a when pattern's limit names the rule and the value" \
    "when.csv:2:1: rule contacts.code-needs-city: pattern '(a|aa)+' cannot be decided on the value '$long': match limit exceeded"
# Values the pattern decides still work both ways.
printf 'external_id,city\naaaa,\nab,Тула\n' >"$T/ok.csv"
expect_code 1 crm-validate -q -r "$T/field.json" contacts "$T/ok.csv"
grep -q 'pattern-error' "$T/.out"; ok "a plain mismatch is still a violation" $?
expect_code 1 crm-validate -q -r "$T/when.json" contacts "$T/ok.csv"
grep -q 'contacts.code-needs-city' "$T/.out"; ok "a decided when still applies" $?
done_testing
