#!/bin/sh
# crm-dedupe term-frequency adjustment: exact agreement on a common first
# name, surname, city or e-mail address weighs less, on a rare one more;
# --explain shows it per field (tf column, inside weight), --pairs in the
# reasons.
. "$(dirname "$0")/lib.sh"
D=$DATA/dedupe
G=$TOP/tests/golden/dedupe

sed '1s/,cluster$/,truth/' "$D/fake_1000.csv" >"$T/fake.csv"
crm-dedupe -q --explain contacts "$T/fake.csv" >"$T/x.csv"
head -1 "$T/x.csv" | grep -qx 'left,right,field,left_value,right_value,level,m,u,tf,weight'
ok "explain: a tf column before weight" $?
# London is a fifth of the cities, Aberdeen one in thirty.
awk -F, '$3 == "city" && $6 == "exact" && $4 == "London"' "$T/x.csv" >"$T/london"
awk -F, '$3 == "city" && $6 == "exact" && $4 == "Aberdeen"' "$T/x.csv" >"$T/aberdeen"
[ -s "$T/london" ] && awk -F, '!($9 < 0) { bad++ } END { exit bad > 0 }' "$T/london"
ok "a common city (London) weighs less: tf < 0" $?
[ -s "$T/aberdeen" ] && awk -F, '!($9 > 0) { bad++ } END { exit bad > 0 }' "$T/aberdeen"
ok "a rarer city (Aberdeen) weighs more: tf > 0" $?
# Jones (29 exact pairs) below Wood (one).
j=$(awk -F, '$3 == "last_name" && $6 == "exact" && $4 == "Jones" { print $9; exit }' "$T/x.csv")
w=$(awk -F, '$3 == "last_name" && $6 == "exact" && $4 == "Wood" { print $9; exit }' "$T/x.csv")
awk -v j="$j" -v w="$w" 'BEGIN { exit !(j != "" && w != "" && j + 0 < w + 0) }'
ok "surname: Jones ($j) weighs less than Wood ($w)" $?
# weight = log2(m/u) + tf on every field row (m and u are rounded).
awk -F, 'NR > 1 && $3 != "prior" && $3 != "total" && $6 != "null" {
	d = log($7 / $8) / log(2) + $9 - $10; if (d > 0.03 || d < -0.03) bad++ }
	END { exit bad > 0 }' "$T/x.csv"
ok "weight is log2(m/u) plus tf" $?
# Only exact agreement is adjusted.
awk -F, 'NR > 1 && $9 != "" && $6 != "exact" { bad++ } END { exit bad > 0 }' "$T/x.csv"
ok "tf only on exact levels" $?
# Golden: the pairs of records 0 to 3 (Robert Alan, Rob Allen ...).
check_out "explain golden with tf (records 0-3)" "$G/tf-explain.out" \
    awk -F, 'NR == 1 || ($1 ~ /^[0-3]$/ && $2 ~ /^[0-3]$/)' "$T/x.csv"
crm-dedupe -q --pairs contacts "$T/fake.csv" | grep -q 'city exact [-+0-9.]* (tf -1.0)'
ok "pairs: reasons name the tf adjustment" $?
# A small input gets almost none (the average frequency outweighs 8 records).
crm-dedupe -q --explain contacts "$G/contacts.csv" |
    awk -F, 'NR > 1 && $9 != "" && ($9 > 0.5 || $9 < -0.5) { bad++ } END { exit bad > 0 }'
ok "small input: |tf| <= 0.5" $?
done_testing
