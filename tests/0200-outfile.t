#!/bin/sh
# Output files of every program: never the store, a side file of it, an
# input or another output; created 0600; put in place only when the run
# succeeds (a failed run leaves the old file, never half a file).
. "$(dirname "$0")/lib.sh"

umask 022
cd "$T" || exit 1
{
	echo 'email,first_name,city'
	i=1
	while [ $i -le 200 ]; do
		echo "u$i@example.ru,Имя$i,Тула"
		i=$((i + 1))
	done
	echo 'bad@example.ru,Плохой,Тула,лишняя'
} >small.csv
crm-import contacts small.csv --db v.db -q
ncontacts() {	# db
	crm-export contacts --db "$1" -f csv -q | sed 1d | wc -l | tr -d ' '
}
[ "$(ncontacts v.db)" -eq 200 ]
ok "the store has its 200 contacts" $?
cp v.db v.db.orig

# --rejects over the store: refused, the store as it was.
expect_code 2 crm-import contacts small.csv --db v.db --rejects v.db
grep_err "--rejects over the store: says so" "rejects 'v.db' is the store"
cmp -s v.db v.db.orig
ok "--rejects over the store: the store unchanged" $?
# ... or over a side file, there or not yet.
expect_code 2 crm-import contacts small.csv --db v.db --rejects v.db-wal
expect_code 2 crm-import contacts small.csv --db v.db --rejects v.db-journal
[ ! -e v.db-journal ]
ok "no side file made" $?
# ... or the store by another name (a link).
ln -s v.db alias.db
expect_code 2 crm-import contacts small.csv --db v.db --rejects alias.db
cmp -s v.db v.db.orig
ok "--rejects through a link: the store unchanged" $?

# --rejects over the file being imported.
cp small.csv in.csv
expect_code 2 crm-import contacts in.csv --db v.db --rejects in.csv
grep_err "--rejects over the input: says so" "is an input"
cmp -s in.csv small.csv
ok "--rejects over the input: the input unchanged" $?
expect_code 2 crm-import contacts --db v.db --rejects in.csv <in.csv
cmp -s in.csv small.csv
ok "--rejects over standard input's file: unchanged" $?

# A rejects file that works: mode 0600 whatever the umask.
expect_code 1 crm-import contacts small.csv --db v.db --rejects rej.csv
[ "$(stat -c %a rej.csv)" = 600 ]
ok "--rejects created 0600" $?
grep -q '^bad@example.ru,' rej.csv
ok "--rejects holds the rejected row" $?

# A failed import leaves the old rejects file as it was, and says that
# the files imported before the failure were not kept.
cp rej.csv rej.orig
expect_code 5 crm-import contacts small.csv missing.csv --db v.db --rejects rej.csv
cmp -s rej.csv rej.orig
ok "failed import: old --rejects file unchanged" $?
printf 'email\n"unterminated\n' >bad.json
# (A truncated JSON file keeps its valid records: a broken header stops all.)
printf 'email,"never closed\n' >trunc.csv
expect_code 3 crm-import contacts small.csv trunc.csv --db w.db --rejects rej.csv
grep_err "failed multi-file import: nothing kept, said" "nothing was kept: the 1 file before"
cmp -s rej.csv rej.orig
ok "failed multi-file import: old --rejects unchanged" $?
[ "$(stat -c %a rej.csv)" = 600 ] && ! ls -a | grep -q '^\.rej\.csv\.'
ok "no temporary file left beside it" $?

# crm-validate --summary over the store: refused, store unchanged.
cp v.db v.db.orig
printf 'external_id,title,amount\nD1,Сделка,100\n' >x.csv
expect_code 2 crm-validate --db v.db deals x.csv --summary v.db
grep_err "--summary over the store: says so" "summary 'v.db' is the store"
cmp -s v.db v.db.orig
ok "--summary over the store: the store unchanged" $?

# crm-validate --fix --report over its input: refused before reading.
cp small.csv v.csv
expect_code 2 crm-validate --fix --report v.csv contacts v.csv
cmp -s v.csv small.csv
ok "--report over the input: the input unchanged" $?
expect_code 2 crm-validate --fix --changes v.csv contacts v.csv
expect_code 2 crm-validate --fix --report out.csv --changes out.csv contacts v.csv
grep_err "two outputs on one file: says so" "another output"
printf '{"rules":[]}\n' >rules.json
expect_code 2 crm-validate -r rules.json --summary rules.json contacts v.csv
grep_err "--summary over the rules file: says so" "the rules file"

# Outputs that work: 0600; a failed run keeps the old ones.
expect_code 1 crm-validate --fix --report rep.csv --changes ch.csv --summary sum.json contacts v.csv
[ "$(stat -c %a rep.csv)$(stat -c %a ch.csv)$(stat -c %a sum.json)" = 600600600 ]
ok "--report, --changes, --summary created 0600" $?
cp sum.json sum.orig
expect_code 3 crm-validate --summary sum.json contacts v.csv trunc.csv
cmp -s sum.json sum.orig
ok "validate stopped by bad input: old --summary unchanged" $?

# Standard output appended to the store or an input: refused.
expect_code 2 sh -c 'crm-export contacts --db v.db -f csv >>v.db'
cmp -s v.db v.db.orig
ok "crm-export >>store: the store unchanged" $?
expect_code 2 sh -c 'crm-validate --fix contacts v.csv >>v.csv'
cmp -s v.csv small.csv
ok "crm-validate --fix >>input: the input unchanged" $?
expect_code 2 sh -c 'crm-dedupe contacts v.csv >>v.csv'
cmp -s v.csv small.csv
ok "crm-dedupe >>input: the input unchanged" $?
printf 'customer,order_date,amount\nc1,2024-01-05,100\n' >o.csv
cp o.csv o.orig
expect_code 2 sh -c 'crm-rfm o.csv >>o.csv'
cmp -s o.csv o.orig
ok "crm-rfm >>input: the input unchanged" $?

# -o FILE: standard output as an output file.
cp v.db v.db.orig
expect_code 2 crm-export contacts --db v.db -o v.db
cmp -s v.db v.db.orig
ok "crm-export -o over the store: refused, the store unchanged" $?
expect_code 0 crm-export contacts --db v.db -f csv -o exp.csv -q
[ "$(stat -c %a exp.csv)" = 600 ] && [ "$(sed 1d exp.csv | wc -l)" -eq 200 ]
ok "crm-export -o: 0600, all 200 records" $?
cp exp.csv exp.orig
expect_code 2 crm-export nosuchtable --db v.db -o exp.csv
cmp -s exp.csv exp.orig
ok "crm-export -o, a failed run: the old file stays" $?
expect_code 2 crm-validate --fix contacts v.csv -o fixed.csv --report fixed.csv
expect_code 2 crm-validate --fix contacts v.csv -o v.csv
cmp -s v.csv small.csv
ok "crm-validate -o over its input: refused, the input unchanged" $?
expect_code 0 crm-rfm o.csv -o rfm.csv -q
[ "$(stat -c %a rfm.csv)" = 600 ] && grep -q '^c1,' rfm.csv
ok "crm-rfm -o: 0600, the scores" $?
expect_code 2 crm-rfm o.csv -o o.csv
expect_code 2 crm-import contacts small.csv --db v.db -o imp-out.csv
[ ! -e imp-out.csv ]
ok "crm-import -o: refused, nothing made" $?

# Not a regular file: written directly.
expect_code 1 crm-import contacts small.csv --db v.db --rejects /dev/null
[ -c /dev/null ]
ok "/dev/null is still a device" $?

done_testing
