#!/bin/sh
# bench/40-rfm.sh: crm-rfm against the pandas script an analyst would
# otherwise write (bench/rfm_pandas.py: groupby + qcut), on 1M generated
# orders of 100k customers; one run each under /usr/bin/time -v (wall time,
# peak RSS).  Also shows that crm-rfm's memory follows customers, not
# orders.  Writes bench/out/40-rfm.md.  Run by bench/run.sh (BENCH_DIR).
set -u
cd "$(dirname "$0")/.."
: "${BENCH_DIR:?run me from bench/run.sh (make bench)}"
ORDERS=${BENCH_RFM_ORDERS:-1000000}
CUSTOMERS=${BENCH_RFM_CUSTOMERS:-100000}
SEED=${BENCH_SEED:-42}
OUT=bench/out/40-rfm.md
W=$BENCH_DIR/40-rfm
F=$BENCH_DIR/rfm-orders.csv
mkdir -p "$W" || exit 5
[ -x /usr/bin/time ] || { echo "40-rfm: needs GNU time (/usr/bin/time)" >&2; exit 5; }

# ---- data: deterministic (Python's seeded Mersenne Twister).  Every
# customer has one order among the first CUSTOMERS rows, then the rest go
# to customers drawn with a skew (a few buy often); 3 % cancelled, 1 %
# refunded; dates over 2022-2024; amounts with kopecks.
stamp="rfm-gen 1 orders $ORDERS customers $CUSTOMERS seed $SEED"
if [ "$(cat "$F.stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "40-rfm: generating $ORDERS orders of $CUSTOMERS customers" >&2
	python3 - "$F" "$ORDERS" "$CUSTOMERS" "$SEED" <<'PY' || exit 5
import datetime, random, sys
path, n, ncust, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(seed)
day0 = datetime.date(2022, 1, 1).toordinal()
dates = [datetime.date.fromordinal(day0 + i).isoformat() for i in range(1096)]
with open(path, "w") as f:
    f.write("external_id,customer,order_date,amount,status\n")
    out = []
    for i in range(n):
        c = i if i < ncust else int(ncust * rnd.random() ** 2)
        r = rnd.random()
        status = "cancelled" if r < 0.03 else "refunded" if r < 0.04 else "paid"
        amount = "%d.%02d" % (int(rnd.lognormvariate(7, 1)), rnd.randrange(100))
        out.append("o%d,C%06d,%s,%s,%s\n" % (i + 1, c + 1, dates[rnd.randrange(1096)], amount, status))
        if len(out) == 100000:
            f.write("".join(out))
            out = []
    f.write("".join(out))
PY
	echo "$stamp" > "$F.stamp"
fi
N=$(($(wc -l < "$F") - 1))
head -n $((CUSTOMERS + 1)) "$F" > "$W/first.csv"	# every customer once
{ cat "$F"; tail -n +2 "$F"; } > "$W/twice.csv"	# every order twice
cat "$F" "$W/first.csv" "$W/twice.csv" > /dev/null	# warm page cache

RES=$W/results		# label|orders|wall|rss_kb|user|sys|exit
: > "$RES"
measure() {	# label orders out cmd...
	_label=$1 _n=$2 _out=$3
	shift 3
	echo "40-rfm: $_label" >&2
	/usr/bin/time -v -o "$W/time" "$@" > "$_out" 2> "$W/err"
	awk -F': ' -v label="$_label" -v n="$_n" '
	    /Elapsed \(wall clock\)/ { k = split($2, t, ":")
	        w = (k == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
	    /Maximum resident set size/ { rss = $2 }
	    /User time/ { u = $2 } /System time/ { s = $2 }
	    /Exit status/ { e = $2 }
	    END { printf "%s|%s|%s|%s|%s|%s|%s\n", label, n, w, rss, u, s, e }' \
	    "$W/time" >> "$RES"
}

AS_OF=2025-01-01
measure "crm-rfm --method ntile --segments rfgrid" "$N" "$W/crm-ntile.csv" \
    crm-rfm -q -f csv --as-of $AS_OF --method ntile --segments rfgrid "$F"
measure "crm-rfm (rfmpkg, doc5)" "$N" "$W/crm-rfmpkg.csv" \
    crm-rfm -q -f csv --as-of $AS_OF "$F"
have_pandas=0
for py in python3 /usr/bin/python3; do	# Debian's pandas is for /usr/bin/python3
	"$py" -c 'import pandas' 2>/dev/null && { have_pandas=1; break; }
done
if [ $have_pandas = 1 ]; then
	measure "pandas groupby + qcut (bench/rfm_pandas.py)" "$N" /dev/null \
	    "$py" bench/rfm_pandas.py "$F" "$W/pandas.csv" $AS_OF
else
	echo "40-rfm: python3-pandas not installed, peer skipped" >&2
fi
measure "crm-rfm, the first $CUSTOMERS orders" "$CUSTOMERS" "$W/crm-first.csv" \
    crm-rfm -q -f csv --as-of $AS_OF "$W/first.csv"
measure "crm-rfm, every order twice" "$((2 * N))" "$W/crm-twice.csv" \
    crm-rfm -q -f csv --as-of $AS_OF "$W/twice.csv"

# Do the two agree?  Same customers, same scores and segments.
agree=
if [ $have_pandas = 1 ]; then
	cut -d, -f1,8-11,12 "$W/crm-ntile.csv" | tail -n +2 | sort > "$W/a"
	cut -d, -f1,8-11,12 "$W/pandas.csv" | tail -n +2 | sort > "$W/b"
	same=$(comm -12 "$W/a" "$W/b" | wc -l)
	total=$(wc -l < "$W/a")
	agree="$same of $total customers have the same R, F, M scores and segment in both."
fi
ncust=$(($(wc -l < "$W/crm-ntile.csv") - 1))

{
	echo "## crm-rfm"
	echo
	echo "$N orders of $ncust customers (\`rfm-orders.csv\`, $(awk -v s="$(wc -c < "$F")" \
	    'BEGIN { printf "%.1f", s / 1e6 }') MB, made by \`bench/40-rfm.sh\`, seed $SEED),"
	echo "as of $AS_OF, written as CSV to a file; one run each, warm page cache."
	echo "The peer is \`bench/rfm_pandas.py\`: \`read_csv\`, \`groupby\`, \`qcut\` of"
	echo "\`rank(method=\"first\")\` per measure and the R x F grid, which is what"
	echo "\`--method ntile --segments rfgrid\` computes. $agree"
	echo
	echo "| run | orders | wall s | CPU s | orders/s | peak RSS MB | wall vs pandas | CPU vs pandas |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|"
	pw=$(awk -F'|' '/^pandas/ { print $3 }' "$RES")
	pc=$(awk -F'|' '/^pandas/ { print $5 + $6 }' "$RES")
	awk -F'|' -v pw="${pw:-0}" -v pc="${pc:-0}" '{
	    cpu = $5 + $6
	    rw = rc = ""
	    if ($1 ~ /^crm-rfm/ && $1 !~ /first|twice/ && pw > 0 && $3 > 0 && cpu > 0) {
	        rw = sprintf("%.1fx faster", pw / $3); rc = sprintf("%.1fx less", pc / cpu) }
	    if ($1 ~ /^pandas/) { rw = "1.0x"; rc = "1.0x" }
	    ops = ($3 > 0) ? sprintf("%.0f", $2 / $3) : ""
	    printf "| %s | %d | %.2f | %.2f | %s | %.1f | %s | %s |\n",
	        $1, $2, $3, cpu, ops, $4 / 1024, rw, rc
	    if ($7 != 0) printf "| (exit status %s) ||||||||\n", $7 }' "$RES"
	echo
	echo "CPU s is user + system time: on a busy machine it says more than the wall time."
	echo
	echo "Targets (issue 4): at least 5x faster than pandas; memory proportional to"
	echo "customers, not orders (the last two rows: $CUSTOMERS and $((2 * N)) orders of the"
	echo "same $ncust customers)."
	echo
} > "$OUT"
cat "$OUT"
