#!/bin/sh
# lib/phone against libphonenumber: the Python phonenumbers package (Debian's
# python3-phonenumbers) parses the same few thousand numbers of sixty regions,
# written as people type them; validity and E.164 must agree for at least
# 99.5 % of them, and every disagreement is listed.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
if ! "$PY" -c 'import phonenumbers' 2>/dev/null; then
	echo "1..0 # SKIP python3-phonenumbers is not installed (make deps installs it)"
	exit 0
fi
ORACLE=$TOP/tests/phone-oracle.py
"$PY" "$ORACLE" gen "$T/cases" || { echo "1..1"; echo "not ok 1 - gen"; exit 0; }
"$TOP/tests/unit/phone_test" "$T/cases" >"$T/ours" ||
	{ echo "1..1"; echo "not ok 1 - phone_test driver"; exit 0; }
"$PY" "$ORACLE" cmp "$T/cases" "$T/ours"
