#!/bin/sh
# The header synonyms listed in crm-import(1) are the code's; the headers of
# real CRM exports map without --map; a file whose key maps nowhere gets one
# message naming its headers.
. "$(dirname "$0")/lib.sh"
cd "$TOP"

crm-import --list-synonyms | sh tools/man-synonyms.sh > "$T/gen"
sed -n '/synonyms begin/,/synonyms end/p' man/crm-import.1 | sed '1d;$d' > "$T/man"
diff -u "$T/gen" "$T/man" > "$T/.diff"
ok "crm-import(1) lists the synonyms of the code (make man-synonyms)" $?
[ "$(crm-import --list-synonyms | wc -l)" -gt 400 ]
ok "over 400 synonyms" $?

# Exports as the CRMs write them (tests/data/intl): every column that has a
# field lands on it without --map, nothing rejected.
I=$DATA/intl
G=$TOP/tests/golden/intl
mkdir -p "$G"
for f in hubspot-contacts:contacts:US hubspot-deals:deals:US \
    salesforce-contacts:contacts:US salesforce-accounts:companies:US \
    salesforce-opportunities:deals:US pipedrive-deals:deals:BR \
    zoho-deals:deals:DE kommo-leads:deals:GB bitrix24-deals:deals:RU \
    amocrm-contacts:contacts:RU; do
	file=${f%%:*}; rest=${f#*:}; ent=${rest%%:*}; cc=${rest#*:}
	CRM_DB=$T/$file.db crm-import --country "$cc" "$ent" "$I/$file.csv" \
	    >/dev/null 2>"$T/err"
	grep -q " 0 rejected" "$T/err"
	ok "$file: imported without --map, nothing rejected" $?
	check_out "$file: the fields as stored" "$G/$file.out" \
	    env CRM_DB="$T/$file.db" crm-export "$ent"
done

# A file whose key maps nowhere: one message, not a reject per row.
printf 'Nome,Telefone celular\nAna,123\nBia,456\n' > "$T/k.csv"
expect_code 3 crm-import contacts "$T/k.csv"
grep_err "the message names the unmapped headers and --map" \
    "no column maps onto a key of contacts (external_id, email, phone); these headers map onto no field: 'Nome', 'Telefone celular'; name one with --map"
[ "$(grep -c . "$T/.err")" -eq 1 ]
ok "one message" $?
expect_code 0 crm-import --map 'Telefone celular=phone' contacts "$T/k.csv"
done_testing
