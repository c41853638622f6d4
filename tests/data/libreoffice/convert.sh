#!/bin/sh
# tests/data/libreoffice/convert.sh: remake the workbooks here from the CSV
# files in tests/data/intl with LibreOffice Calc in headless mode (Debian's
# libreoffice-calc).  Run by hand, never by the tests: the workbooks are kept
# in the tree so that `make check` needs no LibreOffice.
#
# The CSV filter options (LibreOffice's "Text - txt - csv (StarCalc)"
# import): field separator, text delimiter, character set (76 = UTF-8),
# first line, column formats (column/format; 2 = text, as a person marks a
# postal code column in the import dialog), language (1049 ru-RU, 1033
# en-US), quoted fields as text, detect special numbers (dates).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
intl=$here/../intl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
HOME=$tmp/home		# a fresh LibreOffice profile
export HOME
conv() {		# name options
	cp "$intl/$1.csv" "$tmp/"
	for fmt in xlsx ods xls; do
		soffice --headless --infilter="CSV:$2" --convert-to "$fmt" \
		    --outdir "$here" "$tmp/$1.csv" >/dev/null
	done
}
conv bitrix24-deals '59,34,76,1,,1049,false,true'
conv amocrm-contacts '59,34,76,1,,1049,false,true'
conv mixed-contacts '44,34,76,1,4/2,1033,false,true'
