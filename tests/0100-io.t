#!/bin/sh
# The reader and writers end to end, through the io_test driver
# (tests/unit/io_test --cat): stdin, every encoding to the same CSV, the
# excel and table writers, bad records on stderr, write errors.
. "$(dirname "$0")/lib.sh"

IOCAT="$TOP/tests/unit/io_test --cat"
ENC=$DATA/encodings

# The UTF-8 file is the reference: every other encoding reads the same.
$IOCAT -f csv "$ENC/utf8.csv" >"$T/utf8.out" 2>"$T/utf8.err"
check "utf8.csv reads" test -s "$T/utf8.out"
for f in cp1251.csv utf8-bom.csv excel-unicode-text-utf16le.txt; do
	check_same "$f reads as utf8.csv does" \
	    "$IOCAT -f csv '$ENC/$f'" "cat '$T/utf8.out'"
done
# cp866 and KOI8-R have no « »: the files use << >>.
for f in cp866.csv koi8r.csv; do
	check_same "$f reads as utf8.csv does (with << >>)" \
	    "$IOCAT -f csv '$ENC/$f'" "sed 's/«/<</; s/»/>>/' '$T/utf8.out'"
done

# A bare quote inside an unquoted field (АО "Вектор") is read as Excel reads it.
expect_code 0 $IOCAT -f jsonl "$ENC/cp1251.csv"
grep -q 'АО \\"Вектор\\"' "$T/.out"
ok "cp1251.csv: the bare quotes of row 3 kept as literals" $?

# stdin, also when it is longer than the sample the reader looks at.
check_same "stdin reads as the file" \
    "$IOCAT -f csv - <'$ENC/cp1251.csv'" "$IOCAT -f csv '$ENC/cp1251.csv'"
awk 'BEGIN { print "n;name"; for (i = 1; i <= 20000; i++) printf "%d;Имя %d\n", i, i }' \
    >"$T/long.csv"
iconv -f UTF-8 -t CP1251 "$T/long.csv" >"$T/long1251.csv"
check_same "CP1251 from a pipe, 20000 rows" \
    "cat '$T/long1251.csv' | $IOCAT -f csv" "sed 's/;/,/' '$T/long.csv'"

# The info line: encoding, how, delimiter.
$IOCAT -I -f csv "$ENC/excel-unicode-text-utf16le.txt" >/dev/null 2>"$T/info"
check "UTF-16LE info" grep -q "encoding=UTF-16LE how=bom bom=1 delimiter=tab eol=CRLF" "$T/info"
$IOCAT -I -f csv "$ENC/mostly-ascii-cp1251.csv" >/dev/null 2>"$T/info"
check "mostly ASCII CP1251 info" grep -q "encoding=WINDOWS-1251 how=detected" "$T/info"
$IOCAT -I -e koi8-r -f csv "$ENC/koi8r.csv" >/dev/null 2>"$T/info"
check "--encoding given" grep -q "encoding=KOI8-R how=given" "$T/info"

# Writers.
printf 'name,sum\nИванов,5\n"Li, Wei",1234.5\n' >"$T/w.csv"
printf '\357\273\277name;sum\r\nИванов;5\r\nLi, Wei;1234.5\r\n' >"$T/w.excel"
check_out "excel: BOM, ';', CRLF" "$T/w.excel" $IOCAT -f csv -x "$T/w.csv"
cat >"$T/w.table" <<'EOF'
name        sum
-------  ------
Иванов        5
Li, Wei  1234.5
EOF
check_out "table aligned by display width" "$T/w.table" $IOCAT -f table "$T/w.csv"
cat >"$T/w.jsonl" <<'EOF'
{"name":"Иванов","sum":"5"}
{"name":"Li, Wei","sum":"1234.5"}
EOF
check_out "JSONL" "$T/w.jsonl" $IOCAT -f jsonl "$T/w.csv"
check_out "JSONL back to JSONL" "$T/w.jsonl" $IOCAT -f jsonl "$T/w.jsonl"
check_same "JSON array reads back the same" \
    "$IOCAT -f json '$T/w.csv' | $IOCAT -f csv" "cat '$T/w.csv'"

# Errors.
expect_code 5 sh -c "$IOCAT -f csv '$T/w.csv' >/dev/full"
grep_err "write error on /dev/full" "write error: No space left on device"
expect_code 3 sh -c "$IOCAT </dev/null"
grep_err "empty input" "empty input"
printf 'a,b\n1,"x\n2,3\n' >"$T/unterminated.csv"
expect_code 1 $IOCAT "$T/unterminated.csv"
grep_err "unterminated quote reported at the record's line" "unterminated.csv:2: unterminated quoted field"
printf '{"a":1}\n{"a":\n{"a":3}\n' >"$T/bad.jsonl"
expect_code 1 $IOCAT "$T/bad.jsonl"
check "JSON Lines: the good lines around a bad one" test "$(cat "$T/.out")" = '{"a":1}
{"a":3}'

done_testing
