#!/bin/sh
# E-mail addresses: RFC 5321/6531-valid but unusual ones (quoted local
# parts, UTF-8 local parts, IP-literal domains) are warnings with their
# own code, not errors; compatibility forms (full-width letters) are
# folded by --fix, with a warning.
. "$(dirname "$0")/lib.sh"

printf 'last_name,email,company,source\n' >"$T/h"
row() { printf '%s,%s,X,Сайт\n' "$1" "$2"; }
{
	cat "$T/h"
	row A '"""foo bar""@example.com"'
	row B 'иван@mail.ru'
	row C 'root@[192.0.2.1]'
	row D 'ｉｖａｎ＠ｍａｉｌ．ｒｕ'
	row E 'ok@mail.ru'
	row F 'user@[IPv6:2001:db8::1]'
} >"$T/ok.csv"

expect_code 0 crm-validate contacts "$T/ok.csv"
cut -d, -f3,6,8,10 "$T/.out" | sed 1d >"$T/codes"
printf '%s\n' '2,email,email-unusual,warning' '3,email,email-unusual,warning' \
    '4,email,email-unusual,warning' '5,email,email-compat,warning' \
    '7,email,email-unusual,warning' | diff -u - "$T/codes" >"$T/.diff"
ok "unusual addresses are warnings with their own code, not errors" $?
grep -q 'a quoted local part' "$T/.out" && grep -q 'non-ASCII local part' "$T/.out" &&
    grep -q 'an IP address for a domain' "$T/.out"
ok "the message says what is unusual" $?
expect_code 1 crm-validate --strict contacts "$T/ok.csv"

crm-validate -q --fix contacts "$T/ok.csv" >"$T/fixed.csv" 2>/dev/null
sed -n 5p "$T/fixed.csv" | grep -q '^D,ivan@mail.ru,X,'
ok "--fix folds full-width letters" $?
sed -n 2,4p "$T/fixed.csv" | cmp -s - "$(printf '' >"$T/e"; sed -n 2,4p "$T/ok.csv" >"$T/e"; echo "$T/e")"
ok "--fix leaves valid unusual addresses as they are" $?

# Still errors: what no RFC allows.
{
	cat "$T/h"
	row A 'a@@b.ru'
	row B '"""unterminated@example.com"'
	row C 'root@[192.0.2]'
	row D 'a b@example.com'
} >"$T/bad.csv"
expect_code 1 crm-validate contacts "$T/bad.csv"
[ "$(grep -c ',email-invalid,contacts.email.type,error,' "$T/.out")" -eq 4 ]
ok "invalid addresses stay errors" $?

# The import keeps an unusual address as a valid one.
crm-import -q contacts "$T/ok.csv"
check_same "imported as written (domain lower-cased)" \
    "printf 'email\n\"\"\"foo bar\"\"@example.com\"\nиван@mail.ru\nroot@[192.0.2.1]\n'" \
    "crm-export -q contacts --columns email --where \"last_name IN ('A', 'B', 'C')\""

done_testing
