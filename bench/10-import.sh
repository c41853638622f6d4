#!/bin/sh
# bench/10-import.sh: crm-import contacts against the peers an analyst would
# otherwise use to load a CSV into SQLite, on the same generated file; one
# run each under /usr/bin/time -v (wall time, peak RSS).  Writes
# bench/out/10-import.md.  Run by bench/run.sh, which sets BENCH_DIR.
set -u
cd "$(dirname "$0")/.." || exit 5
. bench/lib.sh
: "${BENCH_DIR:?run me from bench/run.sh (make bench)}"
OUT=bench/out/10-import.md
F=$BENCH_DIR/contacts.csv		# UTF-8, ',', canonical headers
X=$BENCH_DIR/contacts-excel.csv		# CP1251, ';', CRLF, Russian headers
W=$BENCH_DIR/10-import			# databases and logs of this step
F100=$W/contacts-100k.csv		# header + the first 100k rows of $F
rm -rf "$W" && mkdir -p "$W" || exit 5
[ -f "$F" ] || { echo "10-import: no $F" >&2; exit 5; }
[ -x /usr/bin/time ] || { echo "10-import: needs GNU time (/usr/bin/time)" >&2; exit 5; }
N=$(($(wc -l < "$F") - 1))
head -n 100001 "$F" > "$F100"
N100=$(($(wc -l < "$F100") - 1))
NX=0
[ -f "$X" ] && NX=$(($(wc -l < "$X") - 1))
cat "$F" "$F100" ${X:+"$X"} > /dev/null 2>&1	# same warm page cache for everyone

RES=$W/results		# label|rows|wall|rss_kb|user|sys|exit|stored
: > "$RES"

# measure LABEL ROWS DB TABLE CMD...: run CMD once under GNU time; record
# the figures and how many rows TABLE in DB holds afterwards.
measure() {
	_label=$1 _rows=$2 _db=$3 _table=$4
	shift 4
	if ! command -v "$1" >/dev/null 2>&1; then
		echo "$_label|$_rows|||||missing|" >> "$RES"
		echo "10-import: $1 not found, skipped" >&2
		return
	fi
	_i=$(wc -l < "$RES")
	echo "10-import: $_label" >&2
	printf '%s|%s|' "$_label" "$_rows" >> "$RES"
	timed "$_i" "$@" >> "$RES"
	sqlite3 "$_db" "SELECT count(*) FROM $_table" 2>/dev/null | tr -d '\n' >> "$RES"
	echo >> "$RES"
}

# the figures of the row labelled $1: field $2 (3 wall, 4 rss, ...)
get() { awk -F'|' -v l="$1" -v f="$2" '$1 == l { print $f }' "$RES"; }
rate() { awk -F'|' -v l="$1" '$1 == l && $3 > 0 { printf "%.0f", $2 / $3 }' "$RES"; }

C1="crm-import (first import)"
C2="crm-import (re-import, all unchanged)"
S1="sqlite3 .import"
U1="sqlite-utils insert"
U2="sqlite-utils insert --batch-size 100000"
kilo() {	# 100000 -> 100k, 1000000 -> 1M
	awk -v n="$1" 'BEGIN { if (n % 1000000 == 0) printf "%dM", n / 1000000
		else if (n % 1000 == 0) printf "%dk", n / 1000; else print n }'
}
K1="csvsql --insert (first $(kilo "$N100") rows)"
C100="crm-import (first $(kilo "$N100") rows)"
CX="crm-import ($(kilo "$NX") rows, Excel: CP1251, ;)"

measure "$C1" "$N" "$W/crm.db" contacts crm-import contacts "$F" --db "$W/crm.db"
measure "$C2" "$N" "$W/crm.db" contacts crm-import contacts "$F" --db "$W/crm.db"
measure "$S1" "$N" "$W/sqlite3.db" t sqlite3 "$W/sqlite3.db" ".import --csv \"$F\" t"
measure "$U1" "$N" "$W/sqlite-utils.db" t sqlite-utils insert "$W/sqlite-utils.db" t "$F" --csv
# the default commits every 100 rows, so on a disk with slow fsync it waits
# more than it works; big batches show what it does when that is out of the way
measure "$U2" "$N" "$W/sqlite-utils2.db" t sqlite-utils insert "$W/sqlite-utils2.db" t "$F" --csv --batch-size 100000
measure "$K1" "$N100" "$W/csvsql.db" t csvsql --db "sqlite:///$W/csvsql.db" --insert --tables t "$F100"
measure "$C100" "$N100" "$W/crm100.db" contacts crm-import contacts "$F100" --db "$W/crm100.db"
if [ "$NX" -gt 0 ]; then
	measure "$CX" "$NX" "$W/crmx.db" contacts crm-import contacts "$X" --db "$W/crmx.db"
fi

# ---- the report
fmt_rate() { awk -v r="$1" 'BEGIN { if (r == "") print "n/a"; else printf "%.0f", r }'; }
faster() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 > b + 0 ? a : b) }'; }

rc1=$(rate "$C1"); rc2=$(rate "$C2"); rs=$(rate "$S1")
ru=$(faster "$(rate "$U1")" "$(rate "$U2")")		# the faster sqlite-utils run
cc1=$(crate "$C1"); cc2=$(crate "$C2"); cs=$(crate "$S1")
cu=$(faster "$(crate "$U1")" "$(crate "$U2")")
rc100=$(rate "$C100"); rcx=$(rate "$CX"); cc100=$(crate "$C100"); ccx=$(crate "$CX")
rss1=$(get "$C1" 4); rss2=$(get "$C2" 4)
rssmax=$(awk -v a="$rss1" -v b="$rss2" 'BEGIN { if (a == "") print ""; else printf "%.1f", (a > b ? a : b) / 1024 }')
vs() {	# label wall|cpu: how many times crm-import's rate that row's is
	case $1 in
	"$K1"|"$C100"|"$CX") _b=$C100 ;;
	*) _b=$C1 ;;
	esac
	if [ "$2" = wall ]; then ratio "$(rate "$_b")" "$(rate "$1")"
	else ratio "$(crate "$_b")" "$(crate "$1")"; fi
}

{
	echo "## crm-import: a CSV of contacts into SQLite"
	echo
	echo "The same generated file for everyone: \`contacts.csv\`, $N rows, $(awk -v s="$(wc -c < "$F")" 'BEGIN { printf "%.0f", s / 1e6 }') MB"
	echo "(UTF-8, commas, the canonical headers); csvsql gets its first $(kilo "$N100") rows. Each command ran"
	echo "once, into a new database (the re-import into the one the first import made), under"
	echo "\`/usr/bin/time -v\`, with the file in the page cache. rows/s is the rows in the file over"
	echo "the wall time; rows/CPU s over user + system time, which other work on the machine does"
	echo "not inflate (for a single-threaded CPU-bound program it is what the wall rate would be"
	echo "on an idle machine; it hides time spent waiting for fsync, and a program with a second"
	echo "thread can use more CPU seconds than wall seconds). crm-import does what the others do not:"
	echo "encoding and delimiter sniffing, header mapping, normalisation of phones, e-mails, names"
	echo "and dates, and an upsert on the \`external_id\` key, all in one transaction; sqlite3"
	echo "stores the text as it is, csvsql infers column types, sqlite-utils stores text."
	echo
	echo "| command | rows | wall s | CPU s | rows/s | rows/CPU s | peak RSS MB | exit | rows stored | crm-import is (wall) | (CPU) |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	while IFS='|' read -r label rows wall rss user sys x stored; do
		if [ "$x" = missing ]; then
			echo "| $label | $rows | | | | | | not installed | | | |"
			continue
		fi
		cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
		echo "| $label | $rows | $wall | $cpu | $(fmt_rate "$(rate "$label")") | $(fmt_rate "$(crate "$label")") | $(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }') | $x | $stored | $(vs "$label" wall) | $(vs "$label" cpu) |"
	done < "$RES"
	echo
	echo "\"crm-import is\" = crm-import's rate over that command's (against its first import of all $(kilo "$N") rows;"
	echo "for the shorter runs, against crm-import's run on the same first $(kilo "$N100") rows). Exit 1"
	echo "from crm-import means it finished and some rows went to \`rejects\` (see its summary below)."
	echo "sqlite-utils commits every 100 rows by default, so it may also wait for fsync (see the"
	echo "header); with \`--batch-size 100000\` it commits once per 100k rows; the target uses the"
	echo "faster of the two."
	echo
	echo "### Targets (issue 2)"
	echo
	echo "| target | rows/s (wall) | | rows per CPU s, for reference |"
	echo "|---|---:|---|---:|"
	echo "| rows/s >= 1.0x \`sqlite3 .import\` on the same file | $(ratio "$rc1" "$rs") | $(verdict 'a >= 1.0 * b' "$rc1" "$rs") | $(ratio "$cc1" "$cs") |"
	echo "| rows/s >= 10x \`sqlite-utils insert\` (the faster of its two runs) | $(ratio "$rc1" "$ru") | $(verdict 'a >= 10 * b' "$rc1" "$ru") | $(ratio "$cc1" "$cu") |"
	echo "| peak RSS < 64 MB (first import and re-import) | ${rssmax:-n/a} MB | $(verdict 'a < 64' "$rssmax") | |"
	echo "| re-import (all unchanged) >= 0.8x the first import's rows/s | $(ratio "$rc2" "$rc1") | $(verdict 'a >= 0.8 * b' "$rc2" "$rc1") | $(ratio "$cc2" "$cc1") |"
	echo
	echo "The targets are rows/s. crm-import reads, maps and normalises on one thread while"
	echo "the other writes to SQLite, so it spends more CPU seconds than wall seconds; the last"
	echo "column says how it does per CPU second, which is what a machine with one core would see."
	echo
	echo "### Sniffing and CP1251"
	echo
	echo "crm-import on the first $(kilo "$N100") rows of \`contacts.csv\` and on \`contacts-excel.csv\`"
	echo "($(kilo "$NX") rows from the same generator, but CP1251, \`;\`, CRLF and Russian headers, so"
	echo "it is sniffed, transcoded and its headers mapped; with no \`external_id\` column the upsert"
	echo "key is the e-mail, else the phone): UTF-8 $(fmt_rate "$rc100") rows/s ($(fmt_rate "$cc100") per CPU s),"
	echo "Excel $(fmt_rate "$rcx") rows/s ($(fmt_rate "$ccx") per CPU s): the Excel file goes at"
	echo "$(ratio "$rcx" "$rc100") the wall speed and $(ratio "$ccx" "$cc100") the CPU speed of the UTF-8 one."
	echo
	for l in "$C1" "$C2" "$C100" "$CX"; do
		i=$(awk -F'|' -v l="$l" '$1 == l { print NR - 1 }' "$RES")
		[ -n "$i" ] && [ -s "$W/err.$i" ] || continue
		n=$(wc -l < "$W/err.$i")
		if [ "$n" -gt 4 ]; then
			echo "$l, the last 3 of the $n lines of its stderr:"
		else
			echo "$l, its stderr:"
		fi
		echo
		echo '```'
		tail -n 3 "$W/err.$i"
		echo '```'
		echo
	done
} > "$OUT"
sed -n '/^| command/,/^### Sniffing/p' "$OUT" | sed '$d'	# the tables, on the terminal
echo "10-import: wrote $OUT" >&2
