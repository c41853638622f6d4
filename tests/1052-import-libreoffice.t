#!/bin/sh
# Workbooks written by LibreOffice Calc (tests/data/libreoffice, made from
# tests/data/intl by its convert.sh): the same rows as from the CSV they were
# made from, for .xlsx (shared strings, LibreOffice's styles), .ods and .xls.
. "$(dirname "$0")/lib.sh"

L=$DATA/libreoffice
I=$DATA/intl

# The workbooks hold what the test is about: dates as date cells, amounts
# as numbers, a postal code with its leading zero as text.
part() { /usr/bin/python3 -c 'import sys, zipfile
sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())' "$@"; }
if [ -x /usr/bin/python3 ]; then
	part "$L/bitrix24-deals.xlsx" xl/worksheets/sheet1.xml >"$T/b.xml"
	grep -q '<c r="H2" s="1" t="n"><v>45306</v></c>' "$T/b.xml" &&
	    grep -q '<c r="E2" s="0" t="n"><v>350000</v></c>' "$T/b.xml"
	ok "xlsx: 15.01.2024 a date cell, 350 000,00 a number" $?
	part "$L/mixed-contacts.xlsx" xl/sharedStrings.xml | grep -q '<t[^>]*>02134</t>'
	ok "xlsx: 02134 a text cell" $?
	part "$L/bitrix24-deals.ods" content.xml |
	    grep -q 'office:value-type="date" office:date-value="2024-01-15"'
	ok "ods: 15.01.2024 a date cell" $?
fi

for f in bitrix24-deals:deals:RU amocrm-contacts:contacts:RU \
    mixed-contacts:contacts:US; do
	file=${f%%:*}; rest=${f#*:}; ent=${rest%%:*}; cc=${rest#*:}
	crm-import -q --country "$cc" --db "$T/$file.db" "$ent" "$I/$file.csv"
	crm-export -q --db "$T/$file.db" "$ent" >"$T/$file.want"
	[ "$(wc -l <"$T/$file.want")" -gt 2 ]
	ok "$file.csv: rows stored" $?
	for fmt in xlsx ods xls; do
		crm-import --country "$cc" --db "$T/$file-$fmt.db" "$ent" \
		    "$L/$file.$fmt" >/dev/null 2>"$T/err"
		grep -q " 0 rejected ($fmt, sheet '$file'" "$T/err"
		ok "$file.$fmt: read as $fmt, nothing rejected" $?
		check_out "$file.$fmt: the same rows as the CSV" "$T/$file.want" \
		    crm-export -q --db "$T/$file-$fmt.db" "$ent"
		# crm-validate reads them too: the same records (an empty
		# cell missing, as an empty CSV field) and the same findings.
		crm-validate -q --no-db --fix -f csv --country "$cc" "$ent" \
		    "$I/$file.csv" >"$T/$file.fix"
		check_out "$file.$fmt: crm-validate --fix writes the same" \
		    "$T/$file.fix" crm-validate -q --no-db --fix -f csv \
		    --country "$cc" "$ent" "$L/$file.$fmt"
		crm-validate -q --no-db -f csv --country "$cc" "$ent" \
		    "$I/$file.csv" | cut -d, -f3- >"$T/$file.rep"
		crm-validate -q --no-db -f csv --country "$cc" "$ent" \
		    "$L/$file.$fmt" | cut -d, -f3- >"$T/$file.rep2"
		cmp -s "$T/$file.rep" "$T/$file.rep2"
		ok "$file.$fmt: crm-validate finds the same" $?
	done
done

# The sheet LibreOffice named after the file, the only one.
printf 'mixed-contacts\n' >"$T/sheets.want"
for fmt in xlsx ods xls; do
	check_out "$fmt: --list-sheets" "$T/sheets.want" \
	    crm-import --list-sheets contacts "$L/mixed-contacts.$fmt"
done

done_testing
