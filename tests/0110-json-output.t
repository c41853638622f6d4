#!/bin/sh
# Typed JSON output: numbers as JSON numbers, booleans and nulls typed,
# extra's nested values as JSON values, from every program; CSV output
# unchanged.  The README's jq recipes run here when jq is present.
. "$(dirname "$0")/lib.sh"
EX=$TOP/examples

crm-import -q contacts "$EX/contacts.csv" 2>/dev/null
crm-import -q deals "$EX/deals.csv"
crm-import -q orders "$EX/orders.csv"

# crm-export: amounts and whole numbers are numbers, the rest strings.
line=$(crm-export -q -f jsonl deals --where "external_id = 'D-1001'" --columns external_id,amount,created_at,closed_at)
[ "$line" = '{"external_id":"D-1001","amount":45000,"created_at":"2024-04-01","closed_at":null}' ]
ok "crm-export: an amount is a number, a missing value null ($line)" $?
line=$(crm-export -q -f jsonl import_runs --columns id,entity,read | head -1)
[ "$line" = '{"id":1,"entity":"contacts","read":18}' ]
ok "crm-export: the store's own counts are numbers ($line)" $?
line=$(crm-export -q -f jsonl stages 2>/dev/null | head -1)
[ -z "$line" ]
ok "no stages: nothing" $?

# extra keeps the type a JSON file gave it; CSV shows the text.
printf '%s\n' '{"external_id":"j1","title":"T","amount":1234.50,"tags":["a","b"],"score":5,"vip":true,"meta":{"k":1.50},"note":"5"}' >"$T/d.jsonl"
crm-import -q deals "$T/d.jsonl"
line=$(crm-export -q -f jsonl deals --where "external_id = 'j1'" --columns external_id,tags,score,vip,meta,note)
[ "$line" = '{"external_id":"j1","tags":["a","b"],"score":5,"vip":true,"meta":{"k":1.5},"note":"5"}' ]
ok "extra: arrays, numbers, booleans and objects as JSON values ($line)" $?
check_same "CSV output of the same: text" \
    "printf 'tags,score,vip,note\n\"[\"\"a\"\",\"\"b\"\"]\",5,true,5\n'" \
    "crm-export -q deals --where \"external_id = 'j1'\" --columns tags,score,vip,note"
crm-export -q deals | crm-import deals 2>"$T/.err"
grep -q " 0 inserted, 0 updated, .* 0 rejected" "$T/.err"
ok "a CSV export of typed extra values imported again changes nothing" $?
crm-export -q -f jsonl deals | crm-import -q --db "$T/j.db" deals
check_same "the same through JSON Lines into a new store" \
    "crm-export -q -f jsonl deals" "crm-export -q -f jsonl --db '$T/j.db' deals"

# crm-rfm: numbers; the score code stays a string.
line=$(crm-export -q orders | crm-rfm -q -f jsonl | head -1)
case $line in
*'"recency_days":'[0-9]*'"frequency":'[0-9]*'"monetary":'[0-9]*'"r_score":'[1-5]*'"rfm_score":"'[1-5][1-5][1-5]'"'*) r=0 ;;
*) r=1 ;;
esac
ok "crm-rfm: numbers are numbers, rfm_score a string ($line)" $r
line=$(crm-export -q orders | crm-rfm -q --summary -f jsonl | head -1)
case $line in *'"customers":'[0-9]*'"share_customers":0.'*) r=0 ;; *) r=1 ;; esac
ok "crm-rfm --summary: counts and shares are numbers" $r

# crm-validate: line, record and column are numbers.
line=$(crm-validate -f jsonl contacts "$EX/contacts.csv" 2>/dev/null | head -1)
case $line in *'"line":'[0-9]*'"record":'[0-9]*'"column":'*) r=0 ;; *) r=1 ;; esac
ok "crm-validate: line, record, column as numbers" $r

# crm-dedupe: scores as numbers (a "+" sign dropped).
line=$(crm-dedupe -q --pairs -f jsonl contacts "$EX/contacts.csv" | head -1)
case $line in *'"score":'[0-9]*) r=0 ;; *) r=1 ;; esac
ok "crm-dedupe --pairs: the score is a number" $r
line=$(crm-dedupe -q --explain -f jsonl contacts "$EX/contacts.csv" | grep '"prior"' | head -1)
case $line in *'"weight":'-[0-9]*|*'"weight":'[0-9]*) r=0 ;; *) r=1 ;; esac
ok "crm-dedupe --explain: weights are numbers ($line)" $r

# crm-funnel: its measures are numbers.
G=$TOP/tests/golden/funnel
line=$(cd "$G" && crm-funnel -q --as-of 2024-03-31 --stages stages.csv \
    --history history.csv -f jsonl deals.csv | head -1)
case $line in *'"reached":'[0-9]*) r=0 ;; *) r=1 ;; esac
ok "crm-funnel: reached is a number ($line)" $r

# The README's jq recipes, in a directory where their file names exist.
if command -v jq >/dev/null; then
	mkdir "$T/readme"
	cp "$EX/contacts.csv" "$T/readme/leads.csv"
	cp "$EX/orders.csv" "$T/readme/orders.csv"
	grep '^ *crm[^#]*| jq ' "$TOP/README.md" | sed 's/^ *//' >"$T/recipes"
	[ "$(wc -l <"$T/recipes")" -ge 5 ]
	ok "the README has jq recipes" $?
	while IFS= read -r cmd; do
		(cd "$T/readme" && sh -c "$cmd" >"$T/r.out" 2>"$T/r.err")
		st=$?
		[ "$st" -eq 0 ] && [ -s "$T/r.out" ]
		ok "README: $cmd" $?
		[ "$st" -eq 0 ] || sed 's/^/# /' "$T/r.err" | head -5
	done <"$T/recipes"
	# Numbers compare as numbers: the same customers as awk over CSV.
	a=$(crm-export -q orders | crm-rfm -q | awk -F, 'NR > 1 && $6 > 1000 { print $1 }' | sort)
	b=$(crm-export -q orders | crm-rfm -q -f jsonl | jq -r 'select(.monetary > 1000) | .customer' | sort)
	[ -n "$a" ] && [ "$a" = "$b" ]
	ok "jq over crm-rfm's JSON selects what awk selects over its CSV" $?
fi

done_testing
