#!/bin/sh
# crm-dedupe cluster ids: the smallest key of the members, the same for
# shuffled input and any number of threads.
. "$(dirname "$0")/lib.sh"
D=$DATA/dedupe

ids() {	# file: "external id,cluster" per record, sorted
	tail -n +2 "$1" | awk -F, '{ print $1 "," $(NF - 2) }' | sort
}

sed '1s/,cluster$/,truth/' "$D/fake_1000.csv" >"$T/fake.csv"
{ head -1 "$T/fake.csv"
  tail -n +2 "$T/fake.csv" | awk 'BEGIN { srand(7) } { print rand() "\t" $0 }' |
      sort -k1,1 | cut -f2-; } >"$T/shuf.csv"
cmp -s "$T/fake.csv" "$T/shuf.csv"
ok "the shuffled input differs" "$( [ $? -ne 0 ]; echo $?)"
crm-dedupe -q --threads 1 contacts "$T/fake.csv" >"$T/a.csv"
crm-dedupe -q --threads 2 contacts "$T/shuf.csv" >"$T/b.csv"
crm-dedupe -q --threads 3 contacts "$T/shuf.csv" >"$T/c.csv"
ids "$T/a.csv" >"$T/a.ids"
ids "$T/b.csv" >"$T/b.ids"
ids "$T/c.csv" >"$T/c.ids"
[ "$(wc -l <"$T/a.ids")" -eq 1000 ]; ok "every record has an id" $?
awk -F, '$1 != $2' "$T/a.ids" | grep -q .; ok "some records are in a cluster" $?
cmp -s "$T/a.ids" "$T/b.ids"; ok "shuffled, 2 threads: the same cluster ids" $?
cmp -s "$T/a.ids" "$T/c.ids"; ok "shuffled, 3 threads: the same cluster ids" $?
# The id is the smallest member's: 102 and 101 are one person in fake_1000.
grep -q '^102,101$' "$T/a.ids"; ok "id is the smallest member" $?
# Every id is a member of its own cluster and no member is smaller.
awk -F, '{ if (!($2 in min) || $1 + 0 < min[$2]) min[$2] = $1 + 0 }
    END { for (c in min) if (min[c] != c + 0) bad++; exit bad > 0 }' "$T/a.ids"
ok "every id is its cluster's smallest external id" $?

# Numeric ids go by value (9 before 10), then other ids by their bytes.
printf 'external_id,first_name,last_name,email,phone\n10,Ivan,Petrov,ip@x.ru,+79031112233\n9,Иван,Петров,IP@x.ru,89031112233\nb,Olga,Smirnova,os@y.ru,\na,Ольга,Смирнова,os@y.ru,\n' >"$T/n.csv"
crm-dedupe -q contacts "$T/n.csv" >"$T/n.out"
grep -c ',9,2,' "$T/n.out" | grep -qx 2; ok "9 before 10" $?
grep -c ',a,2,' "$T/n.out" | grep -qx 2; ok "a before b" $?
# Without external ids: the record number of the first member.
cut -d, -f2- "$T/n.csv" >"$T/r.csv"
crm-dedupe -q contacts "$T/r.csv" | tail -n +2 | awk -F, '{ print $(NF - 2) }' |
    tr '\n' ' ' | grep -qx '1 1 3 3 '; ok "record numbers without external ids" $?
expect_code 2 crm-dedupe --threads 0 contacts "$T/n.csv"
expect_code 2 crm-dedupe --threads x contacts "$T/n.csv"
done_testing
