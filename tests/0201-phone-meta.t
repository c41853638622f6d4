#!/bin/sh
# lib/phone_meta.c is what tools/gen-phonemeta.py writes from the installed
# phonenumbers metadata (`make phonemeta`), when that is the version it was
# made from.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
if ! "$PY" -c 'import phonenumbers' 2>/dev/null; then
	echo "1..0 # SKIP python3-phonenumbers is not installed (make deps installs it)"
	exit 0
fi
have=$("$PY" -c 'import phonenumbers; print(phonenumbers.__version__)')
made=$(sed -n 's/^const char phone_meta_version\[\] = "\(.*\)";$/\1/p' \
    "$TOP/lib/phone_meta.c")
if [ "$have" != "$made" ]; then
	echo "1..0 # SKIP lib/phone_meta.c is from phonenumbers $made, $have is installed: run make phonemeta"
	exit 0
fi
plan 1
check_out "lib/phone_meta.c is the generator's output ($made)" \
    "$TOP/lib/phone_meta.c" "$PY" "$TOP/tools/gen-phonemeta.py"
